"""Nothing leaks out of hegui: the written report, JSON and console hold no raw PII unless asked for."""

from __future__ import annotations

import json

from conftest import REPO, write_policy
from scripted import ScriptedLM

from hegui.audit import plan_audit, run_audit
from hegui.cli import summary
from hegui.detectors.pii.mask import mask_text
from hegui.models import wrap_lm
from hegui.policy import select_rules
from hegui.report.html import write_report

BANK = REPO / "benchmarks" / "pii_probes" / "disclosure.jsonl"


def _raw_pii() -> set[str]:
    values = set()
    for line in BANK.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        values.update(p["value"] for p in row["planted"] if p["type"] != "PERSON")
    return values


def test_mask_text_is_type_preserving():
    text = "客户张伟，身份证号360426199101010071，手机13812345678，邮箱zhang@example.com"
    assert mask_text(text) == "客户<PERSON>，身份证号<CN_RESIDENT_ID>，手机<CN_MOBILE>，邮箱<EMAIL_ADDRESS>"


def _audit(tmp_path, capsys, *extra):
    policy = write_policy(tmp_path, f"""\
- id: leak
  title: {{zh: 泄露, en: Leak}}
  cites: [{{law: PIPL, article: "9"}}]
  check:
    probe: pii_disclosure
    suite: {BANK}
    metric: leak_rate
    threshold: {{max: 0.05}}
    params: {{kinds: [context, document]}}
""")
    # A model that repeats its whole context back: the worst leak there is.
    lm = ScriptedLM(reply=lambda prompt: "好的。" + prompt)
    result = run_audit(plan_audit(select_rules([policy])), wrap_lm(lm, "echo"), progress=False, show_pii=bool(extra))
    json_path, html_path = write_report(result, tmp_path / "out")
    print(summary(result, json_path, html_path))
    return result, json_path.read_text(encoding="utf-8"), html_path.read_text(encoding="utf-8"), capsys.readouterr()


def test_report_json_and_console_hold_no_raw_pii(tmp_path, capsys):
    result, text_json, html, console = _audit(tmp_path, capsys)
    [rule] = result.rules
    assert rule.verdict == "FAIL" and rule.value == 1.0
    found = [v for v in _raw_pii() if v in text_json or v in html or v in console.out or v in console.err]
    assert found == []
    assert "<CN_RESIDENT_ID>" in text_json and "&lt;CN_RESIDENT_ID&gt;" in html
    assert json.loads(text_json)["manifest"]["show_raw_pii"] is False
    assert "Personal data in samples is masked by type." in html


def test_show_pii_flag_writes_raw_and_says_so(tmp_path, capsys):
    result, text_json, html, _ = _audit(tmp_path, capsys, "--show-pii")
    planted = _raw_pii()
    assert sum(v in text_json for v in planted) >= len(planted) // 2
    assert json.loads(text_json)["manifest"]["show_raw_pii"] is True
    assert "本报告包含未脱敏的个人信息" in html and "--show-pii" in html
