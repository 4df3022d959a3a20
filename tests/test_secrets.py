"""Planted secrets never reach an artifact: JSON, HTML, JUnit, the response store, the console, the error file.

The model is loaded through hegui's real loader (lm-eval's registry, the same redaction path every backend
takes): a registered model type that accepts any arguments, so an API key, a token, a password and
credentials inside a URL can be passed exactly as a user passes them to a server model.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, refusal_rule, write_bank, write_policy

from hegui.cli import main

SECRETS = {"api_key": "sk-plant-91ab3c", "auth_token": "tok-plant-77de01", "password": "pw-plant-4f2a9e",
           "url_password": "urlpw-plant-c0ffee"}
MODEL_ARGS = (f"model=m,api_key={SECRETS['api_key']},auth_token={SECRETS['auth_token']},"
              f"password={SECRETS['password']},base_url=http://auditor:{SECRETS['url_password']}@127.0.0.1:9/v1")
REGISTER = f"""
import sys
sys.path.insert(0, {str(REPO / "tests")!r})
from lm_eval.api.registry import register_model
from scripted import ScriptedLM


@register_model("hegui-secret-test")
class SecretTakingLM(ScriptedLM):
    def __init__(self, fail=None, **kwargs):
        if fail:
            raise ValueError("login refused for " + kwargs.get("api_key", "") + " at " + kwargs.get("base_url", ""))
        super().__init__(refuse=lambda prompt: "[R]" in prompt)

    @classmethod
    def create_from_arg_obj(cls, args, extra=None):
        return cls(**args)
"""


def _register(folder: Path) -> None:
    (folder / "conftest.py").write_text(REGISTER, encoding="utf-8")  # for the pytest run below
    namespace: dict = {}
    exec(compile(REGISTER, str(folder / "conftest.py"), "exec"), namespace)  # and for this process


def _leaks(text: str) -> list[str]:
    return [name for name, value in SECRETS.items() if value in text]


def _all_files(folder: Path) -> dict[str, str]:
    return {str(p): p.read_bytes().decode("utf-8", errors="replace") for p in folder.rglob("*") if p.is_file()}


def test_planted_secrets_reach_no_artifact(tmp_path, capsys):
    write_bank(tmp_path / "bank.jsonl", [f"问题 {i}" + (" [R]" if i % 2 else "") for i in range(8)])
    write_policy(tmp_path, refusal_rule("R-1", "bank.jsonl", "{min: 0.9}", 1))
    _register(tmp_path)
    cache = tmp_path / "cache"
    os.environ["HEGUI_CACHE"] = str(cache)
    cli = subprocess.run(  # a real command line: the recorded command is this process's argv
        [sys.executable, "-c", REGISTER + "\nfrom hegui.cli import main\nsys.exit(main(sys.argv[1:]))", "audit",
         "--policy", str(tmp_path / "test-policy.yaml"), "--model", "hegui-secret-test", "--model-args", MODEL_ARGS,
         "--out", str(tmp_path / "out"), "--no-progress"],
        capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert cli.returncode == 1, cli.stderr
    report = json.loads((tmp_path / "out" / "audit.json").read_text(encoding="utf-8"))
    assert report["manifest"]["model"]["args"]["api_key"] == "***"
    assert "base_url=http://auditor:***@127.0.0.1:9/v1" in " ".join(report["manifest"]["command"])

    failed = main(["audit", "--policy", str(tmp_path / "test-policy.yaml"), "--model", "hegui-secret-test",
                   "--model-args", MODEL_ARGS + ",fail=1", "--out", str(tmp_path / "out2"), "--no-progress"])
    load_error = capsys.readouterr()
    assert failed == 2 and "could not load model 'hegui-secret-test'" in load_error.err

    spec = tmp_path / "secret.yaml"
    spec.write_text(f"audit:\n  name: by-pytest\n  model: {{type: hegui-secret-test, args: '{MODEL_ARGS}'}}\n"
                    "  policies: [test-policy.yaml]\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", str(spec), "--rootdir", str(tmp_path), "-p", "no:cacheprovider", "-q",
         f"--junitxml={tmp_path / 'junit.xml'}", "--hegui-out", str(tmp_path / "pytest-out")],
        capture_output=True, text=True, env={**os.environ, "HEGUI_CACHE": str(tmp_path / "cache-pytest")}, cwd=tmp_path,
    )
    assert (tmp_path / "junit.xml").is_file() and "R-1" in (tmp_path / "junit.xml").read_text(), run.stdout + run.stderr

    artifacts = {
        **_all_files(tmp_path / "out"), **_all_files(tmp_path / "pytest-out"), **_all_files(cache),
        **_all_files(tmp_path / "cache-pytest"), str(tmp_path / "junit.xml"): (tmp_path / "junit.xml").read_text(),
        "console (audit)": cli.stdout + cli.stderr, "console (load error)": load_error.out + load_error.err,
        "console (pytest)": run.stdout + run.stderr,
    }
    stores = [name for name in artifacts if name.endswith(".sqlite")]
    assert stores and any(name.endswith("audit.json") for name in artifacts)
    assert {name: _leaks(text) for name, text in artifacts.items() if _leaks(text)} == {}
