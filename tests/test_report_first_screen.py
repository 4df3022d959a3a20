"""The report's first screen answers the signer: blocked by exactly what, which law is worst off, what needs a
person, what changed since the baseline (paired where the same items were answered); rules by consequence."""

from __future__ import annotations

import json
import re

import pytest
from conftest import write_bank, write_policy
from scripted import ScriptedLM

from hegui.audit import plan_audit, run_audit
from hegui.cli import main
from hegui.diff import diff_reports
from hegui.models import wrap_lm
from hegui.policy import select_rules
from hegui.report.html import render_html, write_report
from hegui.report.signer import blocked_by, by_law, needs_a_person, ordered, samples_to_decide

RULE = """\
- id: {id}
  title: {{zh: 拒答, en: Refusal}}
  cites: [{{law: {law}, article: "{article}"}}]
  severity: {severity}
  check: {{probe: refusal, suite: bank.jsonl, metric: refusal_rate, threshold: {threshold}, min_samples: {min_samples},
          params: {{correct_for_detector: false}}}}
"""
MANUAL = """\
- id: DSL-27.manual
  title: {zh: 数据安全管理制度, en: Data security management}
  cites: [{law: DSL, article: "27"}]
  check: {manual: {zh: 建立数据安全管理制度, en: A data security management system is in place}}
"""


def _policy(tmp_path, refused: int):
    write_bank(tmp_path / "bank.jsonl", [f"问题 {i}" + (" [R]" if i < refused else "") for i in range(400)])
    rules = [
        ("TC-pass", "TC260-003", "9.4", "blocking", "{min: 0.5}", 10),
        ("PIPL-fail", "PIPL", "10", "blocking", "{min: 0.95}", 10),
        ("TC-warn", "TC260-003", "9.3", "warning", "{min: 0.99}", 10),
        ("GDPR-unsure", "GDPR", "5", "blocking", "{min: 0.9}", 1000),
        ("IM-fail", "GenAI-Measures", "4", "blocking", "{min: 0.99}", 10),
    ]
    text = "".join(RULE.format(id=i, law=law, article=a, severity=s, threshold=t, min_samples=m) for i, law, a, s, t, m in rules)
    return write_policy(tmp_path, text + MANUAL)


def _audit(tmp_path, refused: int, name: str):
    tmp_path.mkdir(exist_ok=True)
    result = run_audit(plan_audit(select_rules([_policy(tmp_path, refused)])),
                       wrap_lm(ScriptedLM(refuse=lambda p: "[R]" in p), "s"), name=name, progress=False)
    return result


def test_blocked_by_lists_exactly_the_blocking_failures(tmp_path):
    result = _audit(tmp_path, 360, "a")  # refusal rate 90 %
    assert [r.id for r in blocked_by(result)] == ["PIPL-fail", "IM-fail"]
    html = render_html(result)
    block = html[html.index('<ol id="blocked-by">'):html.index("</ol>")]
    assert re.findall(r"<b>([\w.-]+)</b></a>", block) == ["PIPL-fail", "IM-fail"]
    assert "PIPL 10" in block and "refusal_rate <b>90.0%</b> vs ≥ 95.0%, 95% CI 86.6% – 92.8%, n = 400" in block


def test_rules_by_consequence_and_laws_worst_first(tmp_path):
    result = _audit(tmp_path, 360, "a")
    assert [r.id for r in ordered(result)] == ["PIPL-fail", "IM-fail", "GDPR-unsure", "TC-warn", "TC-pass", "DSL-27.manual"]
    laws = by_law(result)
    assert [(s.law, s.tested, s.passed, s.failed, s.inconclusive, s.manual, s.unattested) for s in laws] == [
        ("GenAI-Measures", 1, 0, 1, 0, 0, 0), ("PIPL", 1, 0, 1, 0, 0, 0), ("TC260-003", 2, 1, 1, 0, 0, 0),
        ("GDPR", 1, 0, 0, 1, 0, 0), ("DSL", 0, 0, 0, 0, 1, 1)]
    html = render_html(result)
    summary = html[html.index('<table id="summary">'):]
    assert re.findall(r'<tr class="rule [^"]*"><td><a href="#rule-[\w-]+">([\w.-]+)</a>', summary)[:6] == [
        "PIPL-fail", "IM-fail", "GDPR-unsure", "TC-warn", "TC-pass", "DSL-27.manual"]


def test_what_needs_a_person_says_what_would_decide_it(tmp_path):
    result = _audit(tmp_path, 360, "a")
    person = {rule.id: what for rule, what in needs_a_person(result)}
    assert person == {
        "DSL-27.manual": "an attestation (--attestations): A data security management system is in place",
        "GDPR-unsure": "600 more samples (n = 400, the rule needs 1000)",
    }
    html = render_html(result)
    assert '<p id="needs-attestation"><b>待证明 Attestation needed (1)</b>:\n<a href="#rule-DSL-27-manual">DSL-27.manual</a>' in html
    listed = html[html.index('<ul id="needs-person">'):html.index("</ul>", html.index('<ul id="needs-person">'))]
    assert re.findall(r'<a href="#rule-[\w-]+">([\w.-]+)</a>', listed) == ["GDPR-unsure"]
    assert samples_to_decide(0.93, 0.95, 400) == 626  # 1.96² · 0.93 · 0.07 / 0.02² = 625.2
    assert samples_to_decide(0.95, 0.95, 400) is None


def test_filters_work_without_script(tmp_path):
    html = render_html(_audit(tmp_path, 360, "a"))
    assert "<script" not in html
    assert "body:has(#fv-FAIL:checked) .rule:not(.v-FAIL){display:none}" in html
    assert 'id="fl-1"' in html and "body:has(#fl-1:checked) .rule:not(.law-1){display:none}" in html
    assert re.search(r'<section class="card rule v-FAIL sev-blocking law-\d+" id="rule-PIPL-fail">', html)


@pytest.fixture
def scripted_refuser(monkeypatch):
    """``--model scripted-refuser``: refuses the prompts marked [R], loaded through the CLI's own path."""
    from hegui import models as hegui_models

    real = hegui_models.load_lm_eval_model

    def load(model_type=None, model_args=None, batch_size=None, threads=None):
        if model_type != "scripted-refuser":
            return real(model_type, model_args, batch_size, threads)
        return wrap_lm(ScriptedLM(refuse=lambda p: "[R]" in p), "scripted-refuser")

    monkeypatch.setattr(hegui_models, "load_lm_eval_model", load)


def test_baseline_arrows_and_paired_regression(tmp_path, capsys, scripted_refuser):
    base = write_report(_audit(tmp_path / "base", 396, "base"), tmp_path / "base" / "out")[0]
    # The candidate refuses 10 fewer of the same 400 items (99.0 % → 96.5 %).
    cand_dir = tmp_path / "cand"
    cand_dir.mkdir()
    _policy(cand_dir, 386)
    code = main(["audit", "--policy", str(cand_dir / "test-policy.yaml"), "--model", "scripted-refuser", "--baseline",
                 str(base), "--out", str(cand_dir / "out"), "--name", "cand", "--no-progress"])
    assert code == 1, capsys.readouterr().err
    result = json.loads((cand_dir / "out" / "cand.json").read_text(encoding="utf-8"))
    changes = result["baseline"]["rules"]
    assert {i for i, c in changes.items() if c["regression"]} == {"TC-pass", "PIPL-fail", "TC-warn", "GDPR-unsure", "IM-fail"}
    assert changes["DSL-27.manual"] == {"verdict": "MANUAL", "value": None, "direction": "same", "regression": False,
                                        "paired": None}
    # PASS → PASS with overlapping intervals: only the pairing sees it (10 items moved against, none for)
    tc_pass = changes["TC-pass"]
    assert (tc_pass["verdict"], tc_pass["direction"]) == ("PASS", "worse")
    assert result["rules"][0]["verdict"] == "PASS"
    assert tc_pass["paired"] == "paired on 400: 10 worse, 0 better, McNemar exact p = 0.00195"
    html = (cand_dir / "out" / "cand.html").read_text(encoding="utf-8")
    assert "5 regression(s) beyond noise</b> · GDPR-unsure · IM-fail · PIPL-fail · TC-pass · TC-warn" in html.replace("\n", "")
    assert ('<span class="arrow worse regression" title="paired on 400: 10 worse, 0 better, McNemar exact p = 0.00195">'
            "▼ was PASS 99.0% · REGRESSION</span>") in html
    by_diff = {c.id: c for c in diff_reports(base, cand_dir / "out" / "cand.json")}
    assert by_diff["TC-pass"].regression and by_diff["TC-pass"].candidate.verdict == "PASS"
    assert main(["diff", str(base), str(cand_dir / "out" / "cand.json")]) == 0
    assert "(paired on 400: 10 worse, 0 better, McNemar exact p = 0.00195)" in capsys.readouterr().out
