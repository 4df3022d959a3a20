"""A malformed policy says file, line, column, key path and what is wrong: exact messages."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from conftest import REPO, write_bank

from hegui.cli import main
from hegui.errors import PolicyError
from hegui.policy import load_policy, select_rules

GOOD_RULE = """\
policy: p
title: {zh: 测试, en: Test}
rules:
  - id: R-1
    title: {zh: 拒答, en: Refusal}
    cites: [{law: TC260-003, article: "9.4"}]
    check:
      probe: refusal
      suite: bank.jsonl
      metric: refusal_rate
      threshold: {min: 0.95}
"""


def problems(tmp_path, text: str) -> list[str]:
    write_bank(tmp_path / "bank.jsonl", ["问题一"])
    path = tmp_path / "p.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    return [line.replace(str(tmp_path) + "/", "") for line in caught.value.problems]


def test_good_policy_loads(tmp_path):
    write_bank(tmp_path / "bank.jsonl", ["问题一"])
    (tmp_path / "p.yaml").write_text(GOOD_RULE, encoding="utf-8")
    policy = load_policy(tmp_path / "p.yaml")
    assert policy.rules[0].check.threshold.min == 0.95


def test_bad_yaml(tmp_path):
    text = GOOD_RULE.replace("threshold: {min: 0.95}", "threshold: {min: 0.95")
    assert problems(tmp_path, text) == ["p.yaml:12:1: invalid YAML: expected ',' or '}', but got '<stream end>'"]


def test_unknown_key_with_suggestion(tmp_path):
    text = GOOD_RULE.replace("threshold:", "treshold:")
    assert problems(tmp_path, text) == [
        "p.yaml:11:7: rules[0].check.treshold: unknown key 'treshold' (did you mean 'threshold'?)",
    ]


def test_wrong_type(tmp_path):
    text = GOOD_RULE.replace("{min: 0.95}", "{min: high}")
    assert problems(tmp_path, text) == [
        "p.yaml:11:24: rules[0].check.threshold.min: expected a number, got str 'high'"
    ]


def test_unknown_probe_with_suggestion(tmp_path):
    text = GOOD_RULE.replace("probe: refusal", "probe: refusl")
    assert problems(tmp_path, text) == [
        "p.yaml:8:14: rules[0].check.probe: unknown probe 'refusl' (did you mean 'refusal'?); "
        "known probes: attack, bank_coverage, benchmark, bias_qa, content_safety, fairness, memorization, pii_disclosure, refusal, refusal_persistence, safetybench"
    ]


def test_threshold_out_of_range(tmp_path):
    text = GOOD_RULE.replace("{min: 0.95}", "{min: 95}")
    assert problems(tmp_path, text) == [
        "p.yaml:11:18: rules[0].check.threshold: min 95.0 is outside the range of metric 'refusal_rate': [0.0, 1.0]"
    ]


def test_unknown_metric(tmp_path):
    text = GOOD_RULE.replace("metric: refusal_rate", "metric: refusal")
    assert problems(tmp_path, text) == [
        "p.yaml:10:15: rules[0].check.metric: unknown metric 'refusal' for probe 'refusal' "
        "(did you mean 'refusal_rate'?); its metrics: refusal_rate"
    ]


def test_bad_severity_and_missing_title(tmp_path):
    text = GOOD_RULE.replace("    title: {zh: 拒答, en: Refusal}\n", "    severity: blockng\n")
    assert problems(tmp_path, text) == [
        "p.yaml:4:5: rules[0].title: missing required key 'title'",
        "p.yaml:5:15: rules[0].severity: must be one of 'blocking', 'warning' or 'info' (got 'blockng'; did you mean 'blocking'?)",
    ]


def test_duplicate_key(tmp_path):
    text = GOOD_RULE.replace("      metric: refusal_rate\n", "      metric: refusal_rate\n      metric: refusal_rate\n")
    assert problems(tmp_path, text) == ["p.yaml:11:7: invalid YAML: found duplicate key 'metric'"]


def test_missing_suite_file(tmp_path):
    text = GOOD_RULE.replace("suite: bank.jsonl", "suite: nowhere.jsonl")
    [message] = problems(tmp_path, text)
    assert message.startswith("p.yaml:9:14: rules[0].check.suite: suite file not found: nowhere.jsonl (looked in ")


def test_bad_probe_parameter(tmp_path):
    text = GOOD_RULE.replace("threshold: {min: 0.95}", "threshold: {min: 0.95}\n      params: {max_new_tokes: 32}")
    assert problems(tmp_path, text) == [
        "p.yaml:12:16: rules[0].check.params.max_new_tokes: unknown key 'max_new_tokes' (did you mean 'max_new_tokens'?)"
    ]


def test_every_bad_probe_parameter_at_its_own_key(tmp_path):
    text = GOOD_RULE.replace("threshold: {min: 0.95}", "threshold: {min: 0.95}\n      params:\n        limit: 0\n        langz: [zh]\n        max_new_tokens: many")
    assert problems(tmp_path, text) == [
        "p.yaml:13:16: rules[0].check.params.limit: must be >= 1 (got 0)",
        "p.yaml:14:9: rules[0].check.params.langz: unknown key 'langz' (did you mean 'langs'?)",
        "p.yaml:15:25: rules[0].check.params.max_new_tokens: expected an integer, got str 'many'",
    ]


def test_all_problems_of_all_files_reported_together(tmp_path):
    write_bank(tmp_path / "bank.jsonl", ["问题一"])
    (tmp_path / "a.yaml").write_text(GOOD_RULE.replace("probe: refusal", "probe: nope"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD_RULE.replace("{min: 0.95}", "{max: 2}"), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        select_rules([tmp_path])
    assert [p.split(":")[0].rsplit("/", 1)[-1] for p in caught.value.problems] == ["a.yaml", "b.yaml"]


def test_duplicate_rule_ids_across_files(tmp_path):
    write_bank(tmp_path / "bank.jsonl", ["问题一"])
    (tmp_path / "a.yaml").write_text(GOOD_RULE, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD_RULE.replace("policy: p", "policy: q"), encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        select_rules([tmp_path])
    assert caught.value.problems == [f"{tmp_path}/b.yaml:4:9: rule id 'R-1' is also defined at {tmp_path}/a.yaml:4:9"]


def test_policy_is_never_evaluated_as_code(tmp_path):
    text = GOOD_RULE.replace("policy: p", "policy: !!python/object/apply:os.system ['echo pwned']")
    [message] = problems(tmp_path, text)
    assert message.startswith("p.yaml:1:9: invalid YAML: could not determine a constructor for the tag")


def test_validate_command(tmp_path, capsys):
    assert main(["validate", str(REPO / "policies")]) == 0
    assert capsys.readouterr().out.startswith("ok: ")
    write_bank(tmp_path / "bank.jsonl", ["问题一"])
    (tmp_path / "p.yaml").write_text(GOOD_RULE.replace("threshold:", "treshold:"), encoding="utf-8")
    assert main(["validate", str(tmp_path / "p.yaml")]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path}/p.yaml:11:7: rules[0].check.treshold: unknown key 'treshold' (did you mean 'threshold'?)" in err
    assert err.rstrip().endswith("1 problem(s) in 1 file(s)")


def test_malformed_bank_is_exit_2_with_file_and_line(tmp_path, capsys):
    (tmp_path / "bank.jsonl").write_text('{"prompt": "好"}\n{"prompt": "坏"\n', encoding="utf-8")
    (tmp_path / "p.yaml").write_text(GOOD_RULE, encoding="utf-8")
    assert main(["audit", "--policy", str(tmp_path / "p.yaml"), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"hegui: error: {tmp_path}/bank.jsonl:2:15: invalid JSON: Expecting ',' delimiter\n"
    )


def _bomb(levels: int = 9) -> str:
    lines = ["policy: x", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        prev, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [{','.join([f'*{prev}'] * 9)}]")
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb_is_refused_at_once(tmp_path):
    """807 bytes that expand to 9**9 values: refused while parsing, not after gigabytes (it took 118 s and
    3.1 GB before)."""
    import time

    path = tmp_path / "bomb.yaml"
    path.write_text(_bomb())
    clock = time.perf_counter()
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert time.perf_counter() - clock < 2
    assert caught.value.problems == [f"{path}:8:8: invalid YAML: alias *f expands to more than 100,000 values"]


def test_nesting_is_bounded(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("policy: x\nrules: " + "[" * 100 + "]" * 100 + "\n")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert caught.value.problems == [f"{path}:2:71: invalid YAML: nested deeper than 64 levels"]


def test_only_regular_files_are_read(tmp_path):
    import os

    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)  # reading it would block for ever
    for path in (fifo, Path("/dev/urandom"), tmp_path):
        with pytest.raises(PolicyError) as caught:
            load_policy(path)
        assert caught.value.problems == [f"{path}: not a regular file"]


def test_numbers_are_numbers_everywhere_but_a_quoted_date_is_a_date(tmp_path):
    """Lax parsing read "7" as 7 and true as 1 in min_samples and probe parameters: now each is an error at its
    line; a date written in quotes is still read as a date (a waiver's expiry, a policy's effective date)."""
    write_bank(tmp_path / "bank.jsonl", ["问题一"])
    text = GOOD_RULE.replace("threshold: {min: 0.95}", "threshold: {min: 0.95}\n      min_samples: '7'\n"
                             "      params: {sample: true, seed: '3'}").replace("policy: p", "policy: p\neffective: '2023-08-15'")
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert [p.split(": ", 1)[1] for p in caught.value.problems] == [
        "rules[0].check.min_samples: expected an integer, got str '7'",
        "rules[0].check.params.sample: expected an integer, got bool True",
        "rules[0].check.params.seed: expected an integer, got str '3'",
    ]
    ok = tmp_path / "ok.yaml"
    ok.write_text(GOOD_RULE.replace("policy: p", "policy: p\neffective: '2023-08-15'"), encoding="utf-8")
    assert str(load_policy(ok).effective) == "2023-08-15"
