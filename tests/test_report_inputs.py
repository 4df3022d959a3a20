"""Malformed reports given to verify, diff and sign: exit 2 with file:line and what is wrong, never a traceback."""

from __future__ import annotations

import json
import os

import pytest
from conftest import refusal_rule, write_bank, write_policy
from scripted import ScriptedLM

from hegui.audit import plan_audit, run_audit
from hegui.cli import main
from hegui.models import wrap_lm
from hegui.policy import select_rules
from hegui.report.html import write_report


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    folder = tmp_path_factory.mktemp("good")
    write_bank(folder / "bank.jsonl", [f"问题 {i}" + (" [R]" if i % 2 else "") for i in range(40)])
    policy = write_policy(folder, refusal_rule("R-1", "bank.jsonl", "{min: 0.95}", 20))
    result = run_audit(plan_audit(select_rules([policy])), wrap_lm(ScriptedLM(refuse=lambda p: "[R]" in p), "s"),
                       name="a", progress=False, store_dir=folder / "store")
    json_path, _ = write_report(result, folder / "out")
    return json_path


def _text(good):
    return good.read_text(encoding="utf-8")


def _wrong_verdict(good):
    data = json.loads(_text(good))
    data["rules"][0]["verdict"] = 7
    return json.dumps(data, indent=2)


def _missing_gate(good):
    data = json.loads(_text(good))
    del data["gate"]
    return json.dumps(data, indent=2)


CASES = {  # name: (what to write, the message after "hegui: error: <file>")
    "empty": (lambda g: "", ":1:1: not JSON (Expecting value)"),
    "plain text": (lambda g: "this is not a report\n", ":1:1: not JSON (Expecting value)"),
    "truncated": (lambda g: _text(g)[: len(_text(g)) // 2], ": not JSON (Unterminated string"),
    "top-level array": (lambda g: "[1, 2]\n", ":1: (top level): Input should be an object"),
    "wrong schema": (lambda g: '{"name": "x"}\n', ":1: gate: Field required"),
    "wrong type deep inside": (_wrong_verdict, "rules.0.verdict: Input should be"),
    "a required field missing": (_missing_gate, ":1: gate: Field required"),  # the object that lacks it
    "not UTF-8": (lambda g: b"\xff\xfe{\x00", ":1: not UTF-8 text (byte 0)"),
    "UTF-16": (lambda g: _text(g).encode("utf-16"), ":1: not UTF-8 text (byte 0)"),
    "nested a million deep": (lambda g: "[" * 1_000_000, "nested too deeply"),
    "NaN literal": (lambda g: _text(g).replace('"duration_s": ', '"duration_s": NaN, "x": ', 1),
                    "not JSON (NaN is not a JSON number; hegui writes null)"),
}


def _write(path, content):
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def _line_of(text, needle):
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("command", ["verify", "diff", "sign"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_malformed_report_is_bad_input(good, tmp_path, capsys, case, command):
    make, message = CASES[case]
    bad = tmp_path / "bad.json"
    _write(bad, make(good))
    argv = {"verify": ["verify", str(bad)], "diff": ["diff", str(good), str(bad)],
            "sign": ["sign", str(bad), "--by", "x", "--role", "y", "--decision", "approve"]}[command]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"hegui: error: {bad}") and message in err, err
    assert "unexpected" not in err and "Traceback" not in err


def test_the_line_points_at_the_bad_field(good, tmp_path, capsys):
    bad = tmp_path / "bad.json"
    text = _wrong_verdict(good)
    bad.write_text(text, encoding="utf-8")
    assert main(["verify", str(bad)]) == 2
    line = _line_of(text, '"verdict": 7')
    assert f"{bad}:{line}: rules.0.verdict: Input should be" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["missing", "directory", "fifo"])
def test_a_path_that_is_not_a_report_file(tmp_path, capsys, kind):
    path = tmp_path / "r.json"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    assert main(["verify", str(path)]) == 2
    err = capsys.readouterr().err
    expected = "file not found" if kind == "missing" else "not a regular file"
    assert err.strip() == f"hegui: error: {path}: {expected}" + (
        "" if kind == "missing" else " (a hegui report is a <name>.json file)")


def test_a_report_without_its_seal_fails_verification(good, tmp_path, capsys):
    data = json.loads(_text(good))
    data["integrity"] = None
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert main(["verify", str(bad)]) == 1
    assert "no integrity record" in capsys.readouterr().err


def test_a_garbage_envelope_is_a_problem_not_a_crash(good, tmp_path, capsys):
    from hegui.signature import trusted_keys  # noqa: F401  (the module loads without a key)

    key = tmp_path / "k.pem"
    os.system(f"openssl genpkey -algorithm ed25519 -out {key} 2>/dev/null")
    data = json.loads(_text(good))
    data["signoffs"] = [{"by": "x", "role": "y", "decision": "approve", "date": "2026-01-01",
                         "results_sha256": data["integrity"]["results_sha256"],
                         "envelope": {"payloadType": "application/vnd.in-toto+json", "payload": "%%%", "signatures": 3}}]
    bad = tmp_path / "a.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "a.html").write_bytes(good.with_suffix(".html").read_bytes())
    assert main(["verify", str(bad), "--key", str(key), "--skip-missing"]) == 1
    assert "signoffs[0] (x, approve): a malformed DSSE envelope" in capsys.readouterr().err
