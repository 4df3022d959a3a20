"""Signed sign-offs: the five forgeries that verified "intact" under plain hashes all fail ``verify --key``.

The keys are the PEM files an organisation already manages: written here by ``openssl genpkey`` itself
(and by ``cryptography`` where openssl is missing), never by a hegui-only format.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess

import pytest
from conftest import refusal_rule, write_bank, write_policy
from scripted import ScriptedLM

from hegui.audit import plan_audit, run_audit
from hegui.cli import main
from hegui.data import sha256_file
from hegui.digest import sha256_json
from hegui.models import wrap_lm
from hegui.policy import select_rules
from hegui.report.html import render_html, write_report
from hegui.report.schema import AuditResult


def _keypair(folder, name):
    key, pub = folder / f"{name}.pem", folder / f"{name}.pub"
    if shutil.which("openssl"):
        subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out", str(key)], check=True)
        subprocess.run(["openssl", "pkey", "-in", str(key), "-pubout", "-out", str(pub)], check=True)
    else:  # pragma: no cover - the same PEM, written by the library
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        private = Ed25519PrivateKey.generate()
        key.write_bytes(private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption()))
        pub.write_bytes(private.public_key().public_bytes(serialization.Encoding.PEM,
                                                          serialization.PublicFormat.SubjectPublicKeyInfo))
    return key, pub


def _audit(tmp_path, refuse=lambda p: "[R]" in p):
    write_bank(tmp_path / "bank.jsonl", [f"问题 {i}" + (" [R]" if i < 300 else "") for i in range(400)])
    policy = write_policy(tmp_path, refusal_rule("R-1", "bank.jsonl", "{min: 0.95}", 300))
    result = run_audit(plan_audit(select_rules([policy])), wrap_lm(ScriptedLM(refuse=refuse), "s"),
                       name="a", progress=False, store_dir=tmp_path / "store")
    return write_report(result, tmp_path / "out")


@pytest.fixture
def signed(tmp_path):
    """A FAILing audit, rejected by a signed sign-off; the organisation's public key beside it."""
    json_path, html_path = _audit(tmp_path)
    key, pub = _keypair(tmp_path, "org")
    assert main(["sign", str(json_path), "--by", "王芳", "--role", "合规官", "--decision", "reject",
                 "--comment", "拒绝率不足", "--key", str(key)]) == 0
    return json_path, html_path, key, pub


def _edit(json_path, change):
    data = json.loads(json_path.read_text(encoding="utf-8"))
    change(data)
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def _reseal(data, html_path):
    """What a forger does with plain hashes: re-render the HTML from the edit and recompute both hashes."""
    body = {k: v for k, v in data.items() if k not in ("integrity", "signoffs")}
    data["integrity"]["results_sha256"] = sha256_json(body)
    html_path.write_text(render_html(AuditResult.model_validate(data)), encoding="utf-8")
    data["integrity"]["html_sha256"] = sha256_file(html_path)


def _verify(capsys, json_path, *args):
    code = main(["verify", str(json_path), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_an_untouched_signed_report_verifies(signed, capsys):
    json_path, html_path, _, pub = signed
    code, out, err = _verify(capsys, json_path, "--key", str(pub))
    assert code == 0, err
    assert "signed: 王芳 (合规官) reject on" in out and "sign-offs are signed by trusted keys" in out
    assert "Ed25519 · key" in html_path.read_text(encoding="utf-8")
    assert 'id="unsigned"' not in html_path.read_text(encoding="utf-8")


def test_forgery_1_edited_resealed_all_pass_with_a_fake_approval(signed, capsys):
    json_path, html_path, _, pub = signed

    def forge(data):
        data["rules"][0]["verdict"], data["gate"], data["exit_code"] = "PASS", "cleared", 0
        data["integrity"]["results_sha256"] = sha256_json({k: v for k, v in data.items() if k not in ("integrity", "signoffs")})
        data["signoffs"] = [{**s, "results_sha256": data["integrity"]["results_sha256"]} for s in data["signoffs"]]
        data["signoffs"].append({**data["signoffs"][0], "by": "李总", "decision": "approve", "envelope": None})
        _reseal(data, html_path)
    _edit(json_path, forge)
    code, out, err = _verify(capsys, json_path, "--skip-missing")  # plain hashes: the forgery passes...
    assert code == 0 and "hashes catch accidental edits only" in out  # ...and verify says exactly that
    code, out, err = _verify(capsys, json_path, "--key", str(pub), "--skip-missing")
    assert code == 1
    assert "signoffs[0] (王芳, reject): signed on other results" in err
    assert "signoffs[1] (李总, approve): not signed" in err


def test_forgery_2_a_signed_reject_flipped_to_approve(signed, capsys):
    json_path, _, _, pub = signed
    _edit(json_path, lambda d: d["signoffs"][0].update(decision="approve"))
    code, _, err = _verify(capsys, json_path, "--key", str(pub), "--skip-missing")
    assert code == 1
    assert "signoffs[0] (王芳, approve): differs from what was signed in decision (signed: decision='reject')" in err


def test_forgery_3_a_signoff_deleted_or_moved(signed, capsys, tmp_path):
    json_path, _, key, pub = signed
    assert main(["sign", str(json_path), "--by", "赵六", "--role", "法务", "--decision", "approve", "--key", str(key)]) == 0
    before = json_path.read_text(encoding="utf-8")
    _edit(json_path, lambda d: d["signoffs"].pop(0))  # the reject disappears, the approval stays
    code, _, err = _verify(capsys, json_path, "--key", str(pub), "--skip-missing")
    assert code == 1 and "signoffs[0] (赵六, approve): signed as sign-off 1 after other sign-offs" in err
    json_path.write_text(before, encoding="utf-8")
    _edit(json_path, lambda d: d["signoffs"].reverse())
    code, _, err = _verify(capsys, json_path, "--key", str(pub), "--skip-missing")
    assert code == 1 and "a sign-off before it was removed, moved or changed" in err
    json_path.write_text(before, encoding="utf-8")
    _edit(json_path, lambda d: d.update(signoffs=[]))  # every sign-off deleted
    code, _, err = _verify(capsys, json_path, "--key", str(pub), "--skip-missing")
    assert code == 1 and "no sign-off is signed by a trusted key" in err


def test_forgery_4_the_html_deleted(signed, capsys):
    json_path, html_path, _, pub = signed
    html_path.unlink()
    code, _, err = _verify(capsys, json_path, "--key", str(pub))
    assert code == 1 and f"{html_path}: the HTML report is missing; it cannot be checked" in err
    code, out, _ = _verify(capsys, json_path, "--key", str(pub), "--skip-missing")
    assert code == 0 and f"note: not checked: {html_path}: the HTML report is missing" in out


def test_forgery_5_stored_answers_rewritten_to_refusals(signed, capsys, tmp_path):
    json_path, _, key, pub = signed
    store = next((tmp_path / "store").glob("*.sqlite"))
    with sqlite3.connect(store) as db:
        db.execute("UPDATE responses SET response = ?", (json.dumps("抱歉，我不能提供这方面的帮助。", ensure_ascii=False),))
    code, _, err = _verify(capsys, json_path, "--key", str(pub))
    assert code == 1 and "stored answers were altered since the audit" in err
    # ...and re-run on the rewritten store: a new, self-consistent report that no trusted key signed
    rerun, _ = _audit(tmp_path, refuse=lambda p: True)
    assert json.loads(rerun.read_text(encoding="utf-8"))["gate"] == "cleared"
    code, _, err = _verify(capsys, rerun, "--key", str(pub))
    assert code == 1 and "no sign-off is signed by a trusted key" in err


def test_a_signature_by_another_key_is_not_trusted(signed, capsys, tmp_path):
    json_path, _, _, _ = signed
    _, other = _keypair(tmp_path, "other")
    code, _, err = _verify(capsys, json_path, "--key", str(other))
    assert code == 1 and "signoffs[0] (王芳, reject): signed by no trusted key" in err


def test_keys_that_are_not_ed25519_pem_are_bad_input(signed, capsys, tmp_path):
    json_path, _, _, _ = signed
    (tmp_path / "notakey.pem").write_text("hello\n")
    assert main(["sign", str(json_path), "--by", "x", "--role", "y", "--decision", "approve",
                 "--key", str(tmp_path / "notakey.pem")]) == 2
    assert "notakey.pem: not a PEM key file" in capsys.readouterr().err
    if shutil.which("openssl"):
        rsa = tmp_path / "rsa.pem"
        subprocess.run(["openssl", "genpkey", "-algorithm", "rsa", "-pkeyopt", "rsa_keygen_bits:1024", "-out", str(rsa)],
                       check=True, capture_output=True)
        assert main(["sign", str(json_path), "--by", "x", "--role", "y", "--decision", "approve", "--key", str(rsa)]) == 2
        assert "hegui signs with Ed25519" in capsys.readouterr().err
    assert main(["verify", str(json_path), "--key", str(tmp_path / "missing.pub")]) == 2
    assert "missing.pub: key file not found" in capsys.readouterr().err


def test_the_store_is_private_to_its_owner(tmp_path):
    _audit(tmp_path)
    store = next((tmp_path / "store").glob("*.sqlite"))
    assert store.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "store").stat().st_mode & 0o077 == 0
