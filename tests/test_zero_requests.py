"""A plan of 0 requests loads no model: a manual-only policy decides in a second, whatever the model."""

from __future__ import annotations

import json

from conftest import write_policy

from hegui.cli import main

MANUAL = """\
- id: manual
  title: {zh: 人工检查, en: Manual check}
  cites: [{law: TC260-003, article: "5.1"}]
  check: {manual: {zh: 人工阅读训练数据记录。, en: A person reads the training-data records.}}
"""


def test_zero_requests_loads_no_model(tmp_path, capsys):
    policy = write_policy(tmp_path, MANUAL)
    missing = tmp_path / "no-such-model"  # loading it would fail: the audit must not try
    code = main(["audit", "--policy", str(policy), "--model", "hf", "--model-args", f"pretrained={missing}",
                 "--out", str(tmp_path / "out"), "--name", "manual", "--no-progress"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "hegui: 0 requests: the target model is not loaded" in captured.err
    result = json.loads((tmp_path / "out" / "manual.json").read_text())
    assert [r["verdict"] for r in result["rules"]] == ["MANUAL"]
    model = result["manifest"]["model"]
    assert model["description"] == f"hf: {missing} (not loaded: the plan has 0 requests)"
    assert model["identity"] == {"type": "hf", "source": str(missing), "revision": "main"}
    assert result["manifest"]["requests"]["unique"] == 0
