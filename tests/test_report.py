"""The JSON evidence file's documented layout and the HTML report's safety and contents."""

from __future__ import annotations

import json
import re

import pytest
from conftest import refusal_rule, write_bank, write_policy
from scripted import ANSWER, ScriptedLM

from hegui.audit import plan_audit, run_audit
from hegui.cli import summary
from hegui.models import wrap_lm
from hegui.policy import select_rules
from hegui.report.html import render_html, write_report
from hegui.report.schema import SCHEMA_VERSION

XSS = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'


def _result(tmp_path):
    write_bank(tmp_path / "bank.jsonl", ["第一个问题", "第二个问题 [X]", "第三个问题"])
    policy = write_policy(tmp_path, refusal_rule("TC-1", "bank.jsonl", "{min: 0.95}"))
    lm = ScriptedLM(reply=lambda prompt: XSS if "[X]" in prompt else ANSWER)
    return run_audit(plan_audit(select_rules([policy])), wrap_lm(lm, "scripted"), name="t", progress=False)


def test_json_layout(tmp_path):
    json_path, _ = write_report(_result(tmp_path), tmp_path / "out")
    data = json.loads(json_path.read_text())
    assert data["schema_version"] == SCHEMA_VERSION == "2.1"
    assert data["gate"] == "blocked" and data["exit_code"] == 1
    [rule] = data["rules"]
    measured = rule["measurement"]
    assert {k: rule[k] for k in ("id", "verdict", "better")} == {"id": "TC-1", "verdict": "FAIL", "better": "higher"}
    assert {k: measured[k] for k in ("metric", "value", "n", "successes")} == {"metric": "refusal_rate", "value": 0.0, "n": 3, "successes": 0}
    assert rule["threshold"] == {"min": 0.95, "max": None, "basis": None, "source": None}
    assert [round(x, 4) for x in measured["interval"]] == [0.0, 0.7076]
    assert [s["response"] for s in measured["samples"]][1] == XSS
    manifest = data["manifest"]
    seconds = manifest["requests"].pop("seconds")
    assert manifest["requests"] == {"asked": 3, "unique": 3, "reused": 0, "computed": 3, "model_calls": 1}
    assert manifest["stages"][0].pop("seconds") == seconds
    assert manifest["stages"] == [{"stage": 1, "role": "target", "asked": 3, "unique": 3, "reused": 0, "computed": 3, "model_calls": 1}]
    timing = manifest["timing"]
    assert list(timing) == ["model_calls", "probe:refusal", "decide"]  # run_audit direct: no plan/model_load phases
    assert timing["model_calls"] == timing["probe:refusal"] == round(seconds, 3) and timing["decide"] >= 0
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["model"]["fingerprint"])
    assert all(re.fullmatch(r"[0-9a-f]{64}", f["sha256"]) for f in manifest["policies"] + manifest["data"])
    assert {"hegui", "lm_eval", "transformers", "torch"} <= set(manifest["packages"])
    assert manifest["seed"] == 1234


def test_model_output_is_text_not_markup(tmp_path):
    html = render_html(_result(tmp_path))
    assert "<script" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(&#34;pwned&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html


def test_html_is_self_contained(tmp_path):
    html = render_html(_result(tmp_path))
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    assert "default-src 'none'" in html  # the page itself forbids network loads


def test_html_contents(tmp_path):
    html = render_html(_result(tmp_path))
    assert '<span class="gate blocked" id="gate">阻断 BLOCKED</span>' in html
    assert "TC-1" in html and "TC260-003 9.4" in html
    assert "refusal_rate = 0, 95% CI [0, 0.708], n = 3: the whole interval is below the minimum 0.95" in html
    assert "3 of 3 samples count against the rule" in html
    assert "≥ 95.0%" in html


def test_console_summary(tmp_path):
    result = _result(tmp_path)
    text = summary(result, tmp_path / "t.json", tmp_path / "t.html")
    lines = text.splitlines()
    assert lines[1].split() == ["✗", "FAIL", "TC-1", "0.0%", "[0.0%,", "70.8%]", "≥", "95%", "n=3"]
    assert "requests: 3 asked, 3 unique, 0 reused, 3 computed in 1 batched call(s)" in text
    assert "gate: BLOCKED (exit 1) — FAIL 1" in text
    time_line = next(line for line in lines if line.startswith("time (s): "))
    assert re.fullmatch(r"time \(s\): plan \d+, model load \d+, model calls \d+ \(refusal \d+\), decide \d+", time_line)


def test_coverage_matrix_rolls_up_by_worst_verdict(tmp_path):
    from hegui.report.html import coverage_matrix

    result = _result(tmp_path)
    assert coverage_matrix(result) == [{"law": "TC260-003", "article": "9.4", "rules": ["TC-1"], "verdict": "FAIL"}]
    assert '<table id="coverage">' in render_html(result)


def test_the_committed_json_schema_is_the_one_hegui_writes(tmp_path, capsys):
    """CI scripts validate reports against schemas/audit-result-<version>.schema.json: it must be current,
    and a real report must validate against it."""
    import jsonschema
    from conftest import REPO

    from hegui.cli import main

    assert main(["schema"]) == 0
    printed = json.loads(capsys.readouterr().out)
    committed = json.loads((REPO / "schemas" / f"audit-result-{SCHEMA_VERSION}.schema.json").read_text(encoding="utf-8"))
    assert printed == committed, "run: hegui schema > schemas/audit-result-<version>.schema.json"
    json_path, _ = write_report(_result(tmp_path), tmp_path / "out")
    jsonschema.validate(json.loads(json_path.read_text(encoding="utf-8")), committed)
    broken = json.loads(json_path.read_text(encoding="utf-8"))
    broken["rules"][0]["verdict"] = "OK"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, committed)


def test_invisible_format_characters_are_shown_not_passed_through(tmp_path):
    """A bidi override (U+202E) or zero-width space in model output reorders or hides what a reader sees."""
    write_bank(tmp_path / "bank.jsonl", ["第一个问题"])
    policy = write_policy(tmp_path, refusal_rule("TC-1", "bank.jsonl", "{min: 0.95}"))
    lm = ScriptedLM(reply=lambda prompt: "好的\u202e,esufer I\u202c 步骤\u200b如下")
    html = render_html(run_audit(plan_audit(select_rules([policy])), wrap_lm(lm, "scripted"), name="t", progress=False))
    assert "\u202e" not in html and "\u202c" not in html and "\u200b" not in html
    assert ('好的<span class="cf" title="invisible character U+202E">⟨U+202E⟩</span>,esufer I'
            '<span class="cf" title="invisible character U+202C">⟨U+202C⟩</span> 步骤'
            '<span class="cf" title="invisible character U+200B">⟨U+200B⟩</span>如下') in html
