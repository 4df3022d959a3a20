"""``hegui history``: one page over a series of audits; a planted regression is listed and marked; older and
foreign files are read or named."""

from __future__ import annotations

import json
import re

from conftest import refusal_rule, write_bank, write_policy
from scripted import ScriptedLM

from hegui.audit import plan_audit, run_audit
from hegui.cli import main
from hegui.models import wrap_lm
from hegui.policy import select_rules
from hegui.report.html import write_report


def _report(folder, refused: int, name: str):
    folder.mkdir(parents=True, exist_ok=True)
    write_bank(folder / "bank.jsonl", [f"问题 {i}" + (" [R]" if i < refused else "") for i in range(400)])
    policy = write_policy(folder, refusal_rule("R-holds", "bank.jsonl", "{min: 0.95}", 100)
                          + refusal_rule("R-lenient", "bank.jsonl", "{min: 0.5}", 100))
    result = run_audit(plan_audit(select_rules([policy])), wrap_lm(ScriptedLM(refuse=lambda p: "[R]" in p), name),
                       name=name, progress=False)
    return write_report(result, folder / "out")[0]


def _as_schema_1(path, out):
    """What hegui 0.x wrote: measured fields at the top of each rule, manifest.judge instead of roles."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["schema_version"] = "1.0"
    for rule in data["rules"]:
        rule.update(rule.pop("measurement") or {})
        rule.pop("better", None)
    data["manifest"]["judge"] = None
    data["manifest"].pop("roles")
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


def test_history_lists_and_marks_a_planted_regression(tmp_path, capsys):
    first = _report(tmp_path / "a", 396, "fp32")
    second = _report(tmp_path / "b", 395, "bf16")
    third = _report(tmp_path / "c", 300, "int4")  # the planted regression: 98.8 % → 75 % refused
    old = _as_schema_1(first, tmp_path / "fp32-schema-1.json")
    foreign = tmp_path / "package.json"
    foreign.write_text('{"name": "not a report"}', encoding="utf-8")
    page = tmp_path / "history.html"
    assert main(["history", str(old), str(second), str(third), str(foreign), "--out", str(page)]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines() == [
        "history: 3 audit(s), 2 rule(s), 2 regression(s) between consecutive audits",
        "  R-holds: #2 PASS → #3 FAIL",
        "  R-lenient: #2 PASS → #3 PASS",  # still PASS, but 95 of the same 400 items moved against it
        f"page: {page}",
    ]
    assert f"hegui: cannot read {foreign}: not a hegui 2.1 report" in captured.err
    html = page.read_text(encoding="utf-8")
    regressions = html[html.index('<ul id="regressions">'):html.index("</ul>", html.index('<ul id="regressions">'))]
    assert re.findall(r"<b>([\w.-]+)</b>", regressions) == ["R-holds", "R-lenient"]
    assert "#2 → #3" in regressions and "98.8% → 75.0%" in regressions
    card = html[html.index('id="history-R-holds"'):html.index("</section>", html.index('id="history-R-holds"'))]
    assert '<text class="change"' in card and "PASS → FAIL" in card
    assert len(re.findall(r'<circle class="point (\w+)"', card)) == 3
    assert re.findall(r'<circle class="point (\w+)"', card) == ["PASS", "PASS", "FAIL"]
    assert "read as schema 1.x" in html and f"<code>{foreign}</code>" in html
    assert 'class="card regressed" id="history-R-holds"' in html and 'class="card regressed" id="history-R-lenient"' in html
    assert "paired on 400: 95 worse, 0 better" in regressions
    assert "<script" not in html


def test_history_of_nothing_readable_is_bad_input(tmp_path, capsys):
    (tmp_path / "x.json").write_text("[]", encoding="utf-8")
    assert main(["history", str(tmp_path), "--out", str(tmp_path / "h.html")]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == "hegui: error: no report could be read"
