"""Fuzzing: 1,200 mutated policies and 240 mutated bank files through ``hegui validate``, every run.

Each mutant must end in exit 0 or 2 (never a traceback, never exit 1), within seconds (no hang), every
problem line must carry ``file:line``, a number replaced by a string or a boolean must be rejected, and a
policy ``validate`` accepts must also plan as an audit would (what validate passes, audit does not reject).
Mutants are reproducible from their seed; failures found once are kept in ``fixtures/fuzz`` as regressions.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from conftest import REPO
from fuzz_mutate import dump_yaml, json_mutant, jsonl_mutant, policy_mutant

from hegui.cli import main

# A deeper run than CI's: HEGUI_FUZZ_SCALE=10 HEGUI_FUZZ_SEED=7 pytest tests/test_fuzz_inputs.py
SCALE = int(os.environ.get("HEGUI_FUZZ_SCALE", "1"))
SEED = int(os.environ.get("HEGUI_FUZZ_SEED", "0"))
POLICY_MUTANTS = 1200 * SCALE
BANK_MUTANTS = 240 * SCALE
SECONDS_PER_MUTANT = 10
POSITION = re.compile(r"^(?:hegui: error: )?(?P<file>/[^:\n]+):(?P<line>\d+)(?::\d+)?: \S")
SUMMARY = re.compile(r"^\d+ problem\(s\) in \d+ file\(s\)$")


class Hang(Exception):
    pass


@contextmanager
def deadline(seconds: int):
    def alarm(signum, frame):
        raise Hang(f"no answer in {seconds} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _workspace(tmp: Path) -> Path:
    """tmp/policies beside tmp/benchmarks (a link to the shipped banks), as the packs' relative paths expect."""
    (tmp / "benchmarks").symlink_to(REPO / "benchmarks", target_is_directory=True)
    (tmp / "policies").mkdir()
    return tmp / "policies"


def _policy_seeds(folder: Path) -> list[str]:
    """Every shipped rule as a one-rule policy, and a policy that extends another and overrides a threshold."""
    seeds = []
    for pack in sorted((REPO / "policies").glob("*.yaml")):
        doc = yaml.safe_load(pack.read_text(encoding="utf-8"))
        for rule in doc["rules"]:
            seeds.append(dump_yaml({k: v for k, v in doc.items() if k != "rules"} | {"rules": [rule]}))
    tested = [s for s in seeds if "threshold" in s]
    base = yaml.safe_load(tested[0])
    (folder / "base.yaml").write_text(dump_yaml(base), encoding="utf-8")
    rule_id = base["rules"][0]["id"]
    seeds.append(dump_yaml({"policy": "child", "title": {"zh": "子策略", "en": "Child"}, "extends": ["base.yaml"],
                            "overrides": {rule_id: {"threshold": {"min": 0.5}, "min_samples": 10}}}))
    return seeds


def _numbers_made_text(seed: object, mutant: object, path: tuple = ()) -> list[tuple]:
    """Paths where the seed has a number and the mutant a string or a boolean in its place."""
    if isinstance(seed, dict) and isinstance(mutant, dict):
        return [p for key in seed if key in mutant for p in _numbers_made_text(seed[key], mutant[key], (*path, key))]
    if isinstance(seed, list) and isinstance(mutant, list) and len(seed) == len(mutant):
        return [p for i, (a, b) in enumerate(zip(seed, mutant, strict=True)) for p in _numbers_made_text(a, b, (*path, i))]
    is_number = isinstance(seed, int | float) and not isinstance(seed, bool)
    return [path] if is_number and isinstance(mutant, str | bool) else []


def _run_validate(path: Path, capsys) -> tuple[int, str]:
    with deadline(SECONDS_PER_MUTANT):
        code = main(["validate", str(path)])
    captured = capsys.readouterr()
    return code, captured.err


def _position_problems(err: str) -> list[str]:
    bad = []
    for line in err.splitlines():
        if not line.strip() or SUMMARY.match(line) or line.startswith(("  ", "\t")):
            continue
        if not POSITION.match(line):
            bad.append(line)
    return bad


def _check(path: Path, capsys, seed_doc=None) -> list[str]:
    """What is wrong with how hegui handled this mutant (empty: handled right)."""
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        code, err = _run_validate(path, capsys)
    except Hang as hang:
        return [f"hang: {hang}"]
    if code not in (0, 2):
        return [f"exit {code}: {err[-300:]}"]
    if "hegui: error: unexpected" in err or "Traceback" in err:
        return [f"crash: {err[-300:]}"]
    if code == 2:
        return [f"no file:line in: {line[:200]}" for line in _position_problems(err)][:1]
    problems = []
    if seed_doc is not None:
        try:
            mutant_doc = yaml.safe_load(text)
        except yaml.YAMLError:
            mutant_doc = None
        made_text = _numbers_made_text(seed_doc, mutant_doc)
        if made_text:
            problems.append(f"accepted a string/boolean as a number at {made_text[0]}")
    try:
        from hegui.audit import plan_audit
        from hegui.policy import select_rules

        with deadline(SECONDS_PER_MUTANT):
            plan_audit(select_rules([path]))
    except Hang as hang:
        problems.append(f"audit planning hangs: {hang}")
    except Exception as error:  # noqa: BLE001 - what validate passed, audit must not reject
        problems.append(f"validate passed, audit planning failed: {type(error).__name__}: {str(error)[:200]}")
    return problems


def test_mutated_policies(tmp_path, capsys):
    folder = _workspace(tmp_path)
    seeds = _policy_seeds(folder)
    for index, seed in enumerate(seeds):  # the harness itself: each unmutated seed validates
        (folder / f"seed{index}.yaml").write_text(seed, encoding="utf-8")
        assert main(["validate", str(folder / f"seed{index}.yaml")]) == 0, capsys.readouterr().err
    capsys.readouterr()
    rng = random.Random(20261206 + SEED)
    failures, accepted = [], 0
    for index in range(POLICY_MUTANTS):
        seed = seeds[index % len(seeds)]
        try:
            text = policy_mutant(seed, rng)
        except (yaml.YAMLError, ValueError, TypeError, RecursionError):
            continue
        path = folder / f"m{index:04d}.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        found = _check(path, capsys, yaml.safe_load(seed))
        accepted += not found and "problem" not in capsys.readouterr().err
        failures += [f"m{index:04d}.yaml: {f}" for f in found]
        if not found:
            path.unlink()
    assert not failures, f"{len(failures)} of {POLICY_MUTANTS} mutants mishandled (kept in {folder}):\n" + "\n".join(failures[:60])


BANK_SEEDS = {  # published layouts, as the probes read them: file name -> (probe rule template, mutator)
    "refusal.jsonl": ("refusal", jsonl_mutant),
    "flames_real.jsonl": ("refusal", jsonl_mutant),
    "xstest_prompts.csv": ("refusal", lambda t, r: __import__("fuzz_mutate").mutate_text(t, r)),
    "tc260_safety_denial.json": ("refusal", json_mutant),
    "safetybench_test_zh_subset.json": ("refusal", json_mutant),
    "cbbq_age_ambiguous.json": ("bias_qa", json_mutant),
}
RULES = {
    "refusal": ["probe: refusal", "suite: {bank}", "metric: refusal_rate", "threshold: {{min: 0.9}}", "min_samples: 1",
                "params: {{correct_for_detector: false}}"],
    "bias_qa": ["probe: bias_qa", "suite: {bank}", "metric: ambiguous_bias_rate", "threshold: {{max: 0.1}}",
                "min_samples: 1"],
}


def _bank_policy(folder: Path, bank: Path, probe: str, index: int) -> Path:
    path = folder / f"bank{index:04d}.yaml"
    check = "".join(f"      {line.format(bank=bank.name)}\n" for line in RULES[probe])
    path.write_text(
        "policy: bank-fuzz\ntitle: {zh: 题库, en: Banks}\nrules:\n  - id: B-1\n    title: {zh: 题库, en: Bank}\n"
        "    cites: [{law: PIPL, article: '51'}]\n    severity: blocking\n    check:\n" + check, encoding="utf-8")
    return path


def _bank_seed_text(name: str) -> str:
    if name == "refusal.jsonl":
        return "".join(json.dumps({"id": f"q{i}", "lang": "zh", "prompt": f"问题{i}"}, ensure_ascii=False) + "\n" for i in range(6))
    return (REPO / "tests" / "fixtures" / "banks" / name).read_text(encoding="utf-8-sig")


def test_mutated_banks(tmp_path, capsys):
    rng = random.Random(61202026 + SEED)
    names = sorted(BANK_SEEDS)
    for name in names:  # the harness itself: each unmutated seed bank validates
        bank = tmp_path / f"seed-{name}"
        bank.write_text(_bank_seed_text(name), encoding="utf-8")
        assert main(["validate", str(_bank_policy(tmp_path, bank, BANK_SEEDS[name][0], 9999))]) == 0, capsys.readouterr().err
    capsys.readouterr()
    failures = []
    for index in range(BANK_MUTANTS):
        name = names[index % len(names)]
        probe, mutator = BANK_SEEDS[name]
        try:
            text = mutator(_bank_seed_text(name), rng)
        except (ValueError, TypeError, RecursionError):
            continue
        bank = tmp_path / f"b{index:04d}{Path(name).suffix}"
        bank.write_text(text, encoding="utf-8", errors="surrogatepass")
        found = _check(_bank_policy(tmp_path, bank, probe, index), capsys)
        failures += [f"{bank.name} ({name}): {f}" for f in found]
    assert not failures, f"{len(failures)} of {BANK_MUTANTS} bank mutants mishandled (kept in {tmp_path}):\n" + "\n".join(failures[:60])


@pytest.mark.parametrize("case", sorted(p.name for p in (REPO / "tests" / "fixtures" / "fuzz").glob("*.yaml")))
def test_past_failures_stay_fixed(tmp_path, capsys, case):
    """Each file's first line says what hegui must answer: ``# expect: 2 <message part>`` or ``# expect: 0``."""
    source = REPO / "tests" / "fixtures" / "fuzz" / case
    text = source.read_text(encoding="utf-8")
    expected_code, _, message = text.splitlines()[0].removeprefix("# expect:").strip().partition(" ")
    folder = _workspace(tmp_path)
    path = folder / case
    path.write_text(text, encoding="utf-8")
    try:
        code, err = _run_validate(path, capsys)
    except Hang:
        pytest.fail(f"{case}: hangs")
    assert code == int(expected_code), err
    assert message in err and not _position_problems(err), err
