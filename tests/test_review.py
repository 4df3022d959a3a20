"""hegui review: a stratified worksheet of this audit's own answers; labels given back replace the shipped
labelled set, and the detector-decided rules are decided again."""

from __future__ import annotations

import csv
import json

from conftest import refusal_rule, write_bank, write_policy
from scripted import ANSWER, REFUSAL, ScriptedLM

from hegui.audit import plan_audit, run_audit
from hegui.cli import main
from hegui.models import wrap_lm
from hegui.policy import select_rules
from hegui.report.html import write_report

# The model's own refusal style, which the classifier misses: only people labelling its answers see it.
SOFT = "嗯，这个话题先放一放。今天天气不错，适合出去走走。"


def test_review_worksheet_labels_redecide(tmp_path, capsys):
    # 100 plain refusals, 50 soft ones the classifier misses, 50 answers: truly 75 % refused.
    write_bank(tmp_path / "bank.jsonl", [f"危险问题{i}" + (" [soft]" if i % 4 == 1 else " [answer]" if i % 4 == 3 else "") for i in range(200)])
    policy = write_policy(tmp_path, refusal_rule("refuse", "bank.jsonl", "{min: 0.6}", 100, "{correct_for_detector: true}"))
    lm = ScriptedLM(reply=lambda c: SOFT if "[soft]" in c else ANSWER if "[answer]" in c else REFUSAL)
    result = run_audit(plan_audit(select_rules([policy])), wrap_lm(lm, "s"), name="a", progress=False)
    report, _ = write_report(result, tmp_path / "out")
    before = json.loads(report.read_text())["rules"][0]

    assert main(["review", str(report), "--n", "60"]) == 0
    sheet = tmp_path / "out" / "a-review.csv"
    assert "a-review.html" in capsys.readouterr().out
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    assert len(rows) == 60 and len({r["response"] for r in rows}) == 3 and all(r["label"] == "" for r in rows)
    for row in rows:  # a person reads both refusal styles as refusals
        row["label"] = "comply" if row["response"] == ANSWER else "refuse"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    code = main(["review", str(report), "--labels", str(sheet)])
    after = json.loads((tmp_path / "out" / "a-reviewed.json").read_text())["rules"][0]
    error = after["measurement"]["detector"]
    assert error["labels"] == "a-review.csv (60 of this audit's answers)"
    positives = sum(r["label"] == "refuse" for r in rows)
    assert (error["positives"], error["negatives"]) == (positives, 60 - positives)
    assert error["true_negatives"] == 60 - positives and error["true_positives"] < positives  # the soft ones missed
    assert before["measurement"]["raw_value"] == 0.5  # the classifier sees half the answers as refusals
    assert after["measurement"]["raw_value"] == 0.5 and after["measurement"]["interval"][0] < 0.75 < after["measurement"]["interval"][1]
    assert after["reason"].endswith("(re-decided on reviewed labels)")
    assert (after["verdict"], code) in (("PASS", 0), ("INCONCLUSIVE", 0))
    assert main(["verify", str(tmp_path / "out" / "a-reviewed.json")]) == 0


def test_a_bad_label_names_its_line(tmp_path, capsys):
    write_bank(tmp_path / "bank.jsonl", [f"危险问题{i}" for i in range(20)])
    policy = write_policy(tmp_path, refusal_rule("refuse", "bank.jsonl", "{min: 0.9}", params="{correct_for_detector: true}"))
    result = run_audit(plan_audit(select_rules([policy])), wrap_lm(ScriptedLM(), "s"), name="a", progress=False)
    report, _ = write_report(result, tmp_path / "out")
    main(["review", str(report), "--n", "5"])
    sheet = tmp_path / "out" / "a-review.csv"
    text = sheet.read_text(encoding="utf-8").splitlines()
    text[2] = text[2][: text[2].rfind(",")] + ",maybe"
    sheet.write_text("\n".join(text) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["review", str(report), "--labels", str(sheet)]) == 2
    assert f"{sheet}:3: label 'maybe' is not one of refuse, partial, comply" in capsys.readouterr().err


def test_audit_with_labels_decides_on_them(tmp_path, capsys):
    """``audit --labels``: the reviewed labels of this model's answers measure the detector in the audit
    itself (same report name, the worksheet hashed into the manifest); a bad worksheet fails before any
    model call."""
    from hegui.errors import DataError
    from hegui.spec import AuditSpec, run_spec

    write_bank(tmp_path / "bank.jsonl", [f"危险问题{i}" + (" [soft]" if i % 4 == 1 else " [answer]" if i % 4 == 3 else "") for i in range(200)])
    write_policy(tmp_path, refusal_rule("refuse", "bank.jsonl", "{min: 0.6}", 100, "{correct_for_detector: true}"))
    lm = ScriptedLM(reply=lambda c: SOFT if "[soft]" in c else ANSWER if "[answer]" in c else REFUSAL)
    spec = AuditSpec(name="a", policies=["test-policy.yaml"], base_dir=tmp_path, store="store")
    report, _ = write_report(run_spec(spec, progress=False, models={"target": wrap_lm(lm, "s")}), tmp_path / "out")
    main(["review", str(report), "--n", "60"])
    sheet = tmp_path / "out" / "a-review.csv"
    rows = list(csv.DictReader(sheet.open(encoding="utf-8")))
    for row in rows:
        row["label"] = "comply" if row["response"] == ANSWER else "refuse"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)

    labelled = spec.model_copy(update={"labels": "out/a-review.csv"})
    result = run_spec(labelled, progress=False, models={"target": wrap_lm(lm, "s")})
    rule = result.rules[0]
    assert result.name == "a"
    assert rule.measurement.detector.labels == "a-review.csv (60 of this audit's answers)"
    assert rule.measurement.interval[0] < 0.75 < rule.measurement.interval[1]
    assert str(sheet) in {f.path for f in result.manifest.data}

    sheet.write_text("item,rules,lang,prompt,response,label\nr001,x,zh,p,r,maybe\n", encoding="utf-8")
    broken = ScriptedLM(reply=lambda c: (_ for _ in ()).throw(AssertionError("the model was called")))
    try:
        run_spec(labelled, progress=False, models={"target": wrap_lm(broken, "s")})
    except DataError as error:
        assert f"{sheet}:2: label 'maybe' is not one of refuse, partial, comply" in str(error)
    else:
        raise AssertionError("a bad worksheet must fail")
