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


def test_an_unexpected_error_is_exit_2_with_one_line_and_a_file(tmp_path, capsys, monkeypatch):
    """Exit 1 means "blocked" to a CI gate: a crash must never look like a verdict, nor print a traceback."""
    import hegui.spec

    monkeypatch.setenv("HEGUI_CACHE", str(tmp_path / "cache"))

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero in a planted bug")

    monkeypatch.setattr(hegui.spec, "run_spec", broken)
    policy = write_policy(tmp_path, MANUAL)
    code = main(["audit", "--policy", str(policy), "--out", str(tmp_path / "out"), "--no-progress"])
    err = capsys.readouterr().err
    details = tmp_path / "cache" / "last-error.txt"
    assert code == 2 and "Traceback" not in err
    assert err.strip().endswith(f"hegui: error: unexpected ZeroDivisionError: division by zero in a planted bug; "
                                f"details in {details} (please report it with that file)")
    assert "Traceback" in details.read_text() and "planted bug" in details.read_text()
