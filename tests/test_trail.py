"""Audit trail: hegui verify catches tampering; sign-offs bind to the results; diff gates on regressions."""

from __future__ import annotations

import json

import pytest
from conftest import refusal_rule, write_bank, write_policy
from scripted import ScriptedLM

from hegui.audit import plan_audit, run_audit
from hegui.cli import main
from hegui.models import wrap_lm
from hegui.policy import select_rules
from hegui.report.html import write_report


def _report(tmp_path, refused: int, name: str):
    tmp_path.mkdir(exist_ok=True)
    write_bank(tmp_path / "bank.jsonl", [f"问题 {i}" + (" [R]" if i < refused else "") for i in range(400)])
    policy = write_policy(tmp_path, refusal_rule("R-1", "bank.jsonl", "{min: 0.95}", 300))
    result = run_audit(plan_audit(select_rules([policy])), wrap_lm(ScriptedLM(refuse=lambda p: "[R]" in p), "s"), name=name, progress=False)
    return write_report(result, tmp_path / "out")


def test_untouched_report_verifies(tmp_path, capsys):
    json_path, _ = _report(tmp_path, 390, "a")
    assert main(["verify", str(json_path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "note: no key given: these hashes catch accidental edits only; anyone who edits the report can recompute "
        "them. Sign with hegui sign --key KEY.pem and check with hegui verify --key KEY.pub",
        f"ok: {json_path} is intact",
    ]


def test_tampered_results_fail(tmp_path, capsys):
    json_path, _ = _report(tmp_path, 300, "a")
    data = json.loads(json_path.read_text(encoding="utf-8"))
    data["rules"][0]["verdict"] = "PASS"  # someone "fixes" the verdict
    data["gate"] = "cleared"
    json_path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["verify", str(json_path)]) == 1
    assert "results were altered" in capsys.readouterr().err


def test_tampered_html_and_changed_inputs_fail(tmp_path, capsys):
    json_path, html_path = _report(tmp_path, 390, "a")
    html_path.write_text(html_path.read_text(encoding="utf-8").replace("</body>", "<p>PASS</p></body>"), encoding="utf-8")
    (tmp_path / "bank.jsonl").write_text('{"prompt": "换了题库"}\n', encoding="utf-8")
    assert main(["verify", str(json_path)]) == 1
    err = capsys.readouterr().err
    assert "the HTML report was altered" in err and "bank.jsonl: changed since the audit" in err


def test_sign_off_is_shown_and_bound_to_the_results(tmp_path, capsys):
    json_path, html_path = _report(tmp_path, 390, "a")
    assert main(["sign", str(json_path), "--by", "王芳", "--role", "合规官 Compliance officer", "--decision", "approve", "--comment", "同意发布"]) == 0
    assert "王芳" in html_path.read_text(encoding="utf-8") and "同意发布" in html_path.read_text(encoding="utf-8")
    assert main(["verify", str(json_path)]) == 0
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["signoffs"][0]["results_sha256"] == data["integrity"]["results_sha256"]


def test_diff_gates_on_regressions_beyond_noise(tmp_path, capsys):
    base, _ = _report(tmp_path / "base", 398, "base")
    cand, _ = _report(tmp_path / "cand", 300, "cand")
    same, _ = _report(tmp_path / "same", 396, "same")
    assert main(["diff", str(base), str(cand), "--fail-on-regression"]) == 1
    out = capsys.readouterr().out
    assert "R-1" in out and "REGRESSION" in out and "1 regression(s) beyond noise in 1 rule(s)" in out
    assert main(["diff", str(base), str(same), "--fail-on-regression"]) == 0  # 99.5 % → 99.0 %: noise


def test_a_write_that_fails_leaves_the_old_report_whole(tmp_path):
    """A report interrupted while it is written keeps the sealed one it replaces (it used to be truncated)."""
    from hegui.atomic import write_text_atomic

    path = tmp_path / "audit.json"
    write_text_atomic(path, '{"sealed": true}')
    with pytest.raises(UnicodeEncodeError):
        write_text_atomic(path, '{"half": "' + "x" * 100_000 + "\ud800" + '"}')  # fails mid-write
    assert path.read_text() == '{"sealed": true}'
    assert [p.name for p in tmp_path.iterdir()] == ["audit.json"]  # no temporary left behind
