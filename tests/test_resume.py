"""An interrupted run resumes and makes only the missing model calls; a foreign store is never reused."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO, refusal_rule, write_bank, write_policy
from scripted import ScriptedLM

from hegui.audit import plan_audit, run_audit
from hegui.errors import StoreMismatchError
from hegui.models import wrap_lm
from hegui.policy import select_rules
from hegui.store import ResponseStore


def _plan(tmp_path: Path, n: int = 50, params: str = "{}"):
    write_bank(tmp_path / "bank.jsonl", [f"问题 {i}" for i in range(n)])
    return plan_audit(select_rules([write_policy(tmp_path, refusal_rule("r", "bank.jsonl", "{min: 0.5}", params=params))]))


def test_interrupted_run_recomputes_only_missing(tmp_path):
    plan = _plan(tmp_path)
    store = tmp_path / "store"
    first = ScriptedLM(fail_after_calls=3)
    with pytest.raises(KeyboardInterrupt):
        run_audit(plan, wrap_lm(first, "scripted"), store_dir=store, chunk_size=10, progress=False)
    assert len(first.seen) == 30  # three chunks of ten were answered and committed

    second = ScriptedLM()
    result = run_audit(plan, wrap_lm(second, "scripted"), store_dir=store, chunk_size=10, progress=False)
    assert len(second.seen) == 20
    assert set(second.seen).isdisjoint(first.seen)
    stats = result.manifest.requests
    assert (stats.reused, stats.computed, stats.model_calls) == (30, 20, 2)

    third = ScriptedLM()
    run_audit(plan, wrap_lm(third, "scripted"), store_dir=store, chunk_size=10, progress=False)
    assert third.seen == []


def test_changed_generation_settings_are_not_reused(tmp_path):
    store = tmp_path / "store"
    run_audit(_plan(tmp_path), wrap_lm(ScriptedLM(), "scripted"), store_dir=store, progress=False)
    again = ScriptedLM()
    run_audit(_plan(tmp_path, params="{max_new_tokens: 32}"), wrap_lm(again, "scripted"), store_dir=store, progress=False)
    assert len(again.seen) == 50


def test_other_model_gets_its_own_store(tmp_path):
    store = tmp_path / "store"
    run_audit(_plan(tmp_path), wrap_lm(ScriptedLM(), "scripted", {"weights": "A"}), store_dir=store, progress=False)
    other = ScriptedLM()
    run_audit(_plan(tmp_path), wrap_lm(other, "scripted", {"weights": "B"}), store_dir=store, progress=False)
    assert len(other.seen) == 50


def test_store_of_another_fingerprint_is_refused(tmp_path):
    ResponseStore(tmp_path / "s.sqlite", "a" * 64, "model A").close()
    with pytest.raises(StoreMismatchError) as caught:
        ResponseStore(tmp_path / "s.sqlite", "b" * 64, "model B")
    assert str(caught.value) == (
        f"response store {tmp_path}/s.sqlite was written for another model or settings "
        "(stored fingerprint aaaaaaaaaaaa, this run bbbbbbbbbbbb, model 'model A'); "
        "use another --store path or delete the file"
    )


SLOW_AUDIT = """
import sys, time
sys.path.insert(0, {tests!r})
from scripted import ScriptedLM
from hegui.audit import plan_audit, run_audit
from hegui.models import wrap_lm
from hegui.policy import select_rules

class Slow(ScriptedLM):
    def generate_until(self, requests, disable_tqdm=False):
        time.sleep({delay})
        out = super().generate_until(requests)
        print("answered", len(requests), flush=True)
        return out

lm = Slow()
run_audit(plan_audit(select_rules([{policy!r}])), wrap_lm(lm, "scripted"), store_dir={store!r},
          chunk_size=10, progress=False)
print("done", len(lm.seen), flush=True)
"""


def test_sigkill_then_resume(tmp_path):
    plan = _plan(tmp_path)
    policy, store = str(tmp_path / "test-policy.yaml"), str(tmp_path / "store")
    script = SLOW_AUDIT.format(tests=str(REPO / "tests"), policy=policy, store=store, delay=0.3)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)
    answered = 0
    for line in proc.stdout:  # kill -9 after the second committed chunk
        answered += line.startswith("answered")
        if answered == 2:
            time.sleep(0.1)
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    [db] = Path(store).glob("*.sqlite")
    saved = sqlite3.connect(db).execute("SELECT COUNT(*) FROM responses").fetchone()[0]
    assert saved in (20, 30)  # a third chunk may have been committed between the print and the kill

    resumed = subprocess.run([sys.executable, "-c", script.replace("0.3", "0")], capture_output=True, text=True, env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert resumed.stdout.strip().splitlines()[-1] == f"done {50 - saved}"
    assert len(plan.plan) == 50


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda p: p.write_bytes(b"not a database at all, just text" * 100), "cannot be used (file is not a database)"),
        (lambda p: p.write_bytes(p.read_bytes()[:100]), "cannot be used ("),
        (lambda p: sqlite3.connect(p).execute("DELETE FROM meta").connection.commit(),
         "holds 1 answers but no record of the model that gave them (its meta table is empty)"),
    ],
)
def test_a_damaged_store_is_refused_never_adopted(tmp_path, damage, message):
    path = tmp_path / "responses.sqlite"
    store = ResponseStore(path, "fingerprint-a")
    store.put_many("generate_until", [("k", "an answer")])
    store.close()
    for extra in path.parent.glob("responses.sqlite-*"):  # WAL files: the damage is to the main file
        extra.unlink()
    damage(path)
    with pytest.raises(StoreMismatchError) as caught:
        ResponseStore(path, "fingerprint-b")
    assert str(caught.value).startswith(f"response store {path} ") and message in str(caught.value)


def test_many_audits_open_one_store_at_once(tmp_path):
    """Forty processes opening and writing one store: they wait for each other's lock, none fails."""
    script = (
        "import sys; from pathlib import Path; from hegui.store import ResponseStore\n"
        "s = ResponseStore(Path(sys.argv[1]), 'fp'); s.put_many('generate_until', [(sys.argv[2], 'x')]); s.close()\n"
    )
    path = tmp_path / "shared.sqlite"
    procs = [subprocess.Popen([sys.executable, "-c", script, str(path), f"k{i}"], stderr=subprocess.PIPE, text=True)
             for i in range(40)]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 40, next(e for e in errors if e)
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM responses").fetchone()[0] == 40


REPORT_WRITER = """
import os, sys, time
sys.path.insert(0, {tests!r})
from scripted import ScriptedLM
import hegui.atomic
from hegui.audit import plan_audit, run_audit
from hegui.models import wrap_lm
from hegui.policy import select_rules
from hegui.report.html import write_report

result = run_audit(plan_audit(select_rules([{policy!r}])), wrap_lm(ScriptedLM(refuse=lambda p: {refuse}), "s"),
                   name="audit", store_dir={store!r}, progress=False)
real_fsync, calls = os.fsync, []

def slow_fsync(fd):  # each report file is flushed once, just before it replaces the old one
    calls.append(fd)
    print("flushing", len(calls), flush=True)
    time.sleep({pause})
    real_fsync(fd)

hegui.atomic.os.fsync = slow_fsync
write_report(result, __import__("pathlib").Path({out!r}))
print("written", flush=True)
"""


@pytest.mark.parametrize("kill_at", [1, 2])  # 1: while the HTML is written; 2: while the JSON is
def test_sigkill_while_the_report_is_written_keeps_the_sealed_one(tmp_path, kill_at):
    from hegui.cli import main

    _plan(tmp_path, n=20)
    policy, store, out = str(tmp_path / "test-policy.yaml"), str(tmp_path / "store"), str(tmp_path / "out")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}

    def run(refuse: str, pause: float):
        script = REPORT_WRITER.format(tests=str(REPO / "tests"), policy=policy, store=store, out=out, refuse=refuse, pause=pause)
        return subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env)

    first = run("True", 0)
    assert first.communicate(timeout=120)[0].splitlines()[-1] == "written"
    sealed = (tmp_path / "out" / "audit.json").read_bytes()
    assert main(["verify", f"{out}/audit.json"]) == 0

    second = run("False", 30)  # other answers: a different report, killed mid-write
    for line in second.stdout:
        if line.strip() == f"flushing {kill_at}":
            second.send_signal(signal.SIGKILL)
            break
    second.wait(timeout=60)
    assert second.returncode == -signal.SIGKILL
    assert (tmp_path / "out" / "audit.json").read_bytes() == sealed  # the old sealed file, whole
    code = main(["verify", f"{out}/audit.json"])
    assert code == (0 if kill_at == 1 else 1)  # killed between the two files: verify says the HTML is not this JSON's
