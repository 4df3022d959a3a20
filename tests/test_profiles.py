"""Profiles select rules and override thresholds; the override is the threshold the verdict uses."""

from __future__ import annotations

import textwrap

import pytest
from conftest import REPO, refusal_rule, write_bank, write_policy
from scripted import ScriptedLM

from hegui.audit import plan_audit, run_audit
from hegui.errors import PolicyError
from hegui.models import wrap_lm
from hegui.policy import find_profile, select_rules


def _setup(tmp_path, overrides: str = "{}"):
    write_bank(tmp_path / "bank.jsonl", [f"问题 {i}" + (" [R]" if i < 90 else "") for i in range(100)])
    write_policy(tmp_path, refusal_rule("A.refuse", "bank.jsonl", "{min: 0.95}") + refusal_rule("B.other", "bank.jsonl", "{max: 1}"))
    profile = tmp_path / "prof.yaml"
    profile.write_text(textwrap.dedent(f"""\
        profile: prof
        title: {{zh: 测试, en: Test}}
        policies: [test-policy.yaml]
        rules: ["A.*"]
        overrides: {overrides}
        """), encoding="utf-8")
    return profile


def test_profile_selects_rules_and_override_changes_threshold(tmp_path):
    profile = _setup(tmp_path, "{A.refuse: {threshold: {min: 0.8}, severity: warning}}")
    selected = select_rules([], profile)
    assert [s.rule.id for s in selected] == ["A.refuse"]
    result = run_audit(plan_audit(selected), wrap_lm(ScriptedLM(refuse=lambda p: "[R]" in p), "s"), progress=False)
    [rule] = result.rules
    assert rule.threshold.min == 0.8 and rule.severity == "warning"
    assert rule.verdict == "PASS"  # 90 % refused: FAIL against 0.95, PASS against the profile's 0.8


def test_override_of_unknown_rule_is_an_error(tmp_path):
    profile = _setup(tmp_path, "{A.refusee: {min_samples: 5}}")
    with pytest.raises(PolicyError) as caught:
        select_rules([], profile)
    assert caught.value.problems == [f"{profile}:5:13: overrides.A.refusee: no such rule (did you mean 'A.refuse'?)"]


def test_shipped_profile_is_found_by_name():
    path = find_profile("cn-genai-filing", REPO / "policies")
    selected = {s.rule.id: s.rule for s in select_rules([], path)}
    assert {"TC260-9.4.should-refuse", "PIPL-10.no-disclosure-on-request", "DSL-21.classification"} <= set(selected)
    assert not any(rule_id.startswith("GDPR") for rule_id in selected)
    assert selected["IM-4.2.four-fifths.gender"].severity == "warning"  # a heuristic never blocks by default
    with pytest.raises(PolicyError) as caught:
        find_profile("cn-genai-filling", REPO / "policies")
    assert str(caught.value) == (
        "unknown profile 'cn-genai-filling' (did you mean 'cn-genai-filing'?); known: cn-genai-filing, eu, global"
    )


def test_example_policies_validate():
    from hegui.cli import main

    assert main(["validate", str(REPO / "policies" / "examples")]) == 0
    assert main(["validate", str(REPO / "policies" / "versions")]) == 0
    inherited = select_rules([REPO / "policies" / "versions" / "gbt-45654-2025.yaml"])
    assert {s.rule.id for s in inherited} == {s.rule.id for s in select_rules([REPO / "policies" / "tc260-003.yaml"])}


def test_waiver_turns_fail_into_waived_until_it_expires(tmp_path):
    import datetime as dt

    from hegui.policy import load_waivers

    write_bank(tmp_path / "bank.jsonl", [f"问题 {i}" for i in range(50)])
    policy = write_policy(tmp_path, refusal_rule("R-1", "bank.jsonl", "{min: 0.95}"))
    waivers_file = tmp_path / "waivers.yaml"
    waivers_file.write_text(
        "waivers:\n  - {rule: R-1, reason: 'retraining scheduled', approver: 'Li Na (DPO)', expires: 2026-12-31}\n",
        encoding="utf-8",
    )
    waivers = load_waivers(waivers_file)
    plan = plan_audit(select_rules([policy]))
    lm = wrap_lm(ScriptedLM(), "s")  # never refuses: FAIL
    before = run_audit(plan, lm, progress=False, waivers=waivers, today=dt.date(2026, 12, 31))
    after = run_audit(plan, lm, progress=False, waivers=waivers, today=dt.date(2027, 1, 1))
    assert (before.rules[0].verdict, before.gate, before.exit_code) == ("WAIVED", "cleared", 0)
    assert "waived until 2026-12-31 by Li Na (DPO): retraining scheduled" in before.rules[0].reason
    assert (after.rules[0].verdict, after.gate, after.exit_code) == ("FAIL", "blocked", 1)
    assert after.rules[0].reason.endswith("(waiver by Li Na (DPO) expired on 2026-12-31)")


def test_malformed_waiver_file(tmp_path):
    from hegui.policy import load_waivers

    path = tmp_path / "w.yaml"
    path.write_text("waivers:\n  - {rule: R-1, reason: x, aprover: me, expires: 2026-12-31}\n", encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_waivers(path)
    assert caught.value.problems == [
        f"{path}:2:28: waivers[0].aprover: unknown key 'aprover' (did you mean 'approver'?)",
    ]


def test_policy_extends_and_overrides_inherited_threshold(tmp_path):
    write_bank(tmp_path / "bank.jsonl", [f"问题 {i}" for i in range(10)])
    write_policy(tmp_path, refusal_rule("R-1", "bank.jsonl", "{min: 0.95}"), name="base")
    (tmp_path / "stricter.yaml").write_text(textwrap.dedent("""\
        policy: stricter
        title: {zh: 更严, en: Stricter}
        extends: [base.yaml]
        overrides:
          R-1: {threshold: {min: 0.99}, min_samples: 5}
        """), encoding="utf-8")
    [selected] = select_rules([tmp_path / "stricter.yaml"])
    assert selected.rule.check.threshold.min == 0.99 and selected.rule.check.min_samples == 5
    assert selected.policy.policy == "base"


def test_coverage_table_from_packs():
    from hegui.coverage import coverage, markdown

    table = coverage([REPO / "policies"])
    assert table[("TC260-003", "9.4 b)")]["status"] == "tested"
    assert table[("DSL", "21")]["status"] == "manual"
    assert table[("PIPL", "38")]["status"] == "not covered"
    text = markdown(table)
    assert "| PIPL | 10 | tested | `PIPL-10.no-disclosure-on-request` |" in text


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ("{A.refuse: {threshold: {min: .nan}}}", "overrides.A.refuse.threshold.min: must be a finite number, not nan (NaN never compares: every model would pass)"),
        ("{A.refuse: {threshold: {min: .inf}}}", "overrides.A.refuse.threshold.min: must be a finite number, not inf"),
        ("{A.refuse: {threshold: {min: '0.9'}}}", "overrides.A.refuse.threshold.min: expected a number, got str '0.9'"),
        ("{A.refuse: {threshold: {min: true}}}", "overrides.A.refuse.threshold.min: expected a number, got bool True"),
        ("{A.refuse: {threshold: {min: 1.5}}}", "overrides.A.refuse.threshold: min 1.5 is outside the range of metric 'refusal_rate': [0.0, 1.0]"),
    ],
)
def test_an_override_cannot_set_what_a_policy_could_not(tmp_path, override, message):
    """A NaN bound never compares, so it passed every model (0 % refusal: PASS, exit 0); inf, strings,
    booleans and out-of-range bounds are refused the same way, in a profile as in a policy."""
    profile = _setup(tmp_path, override)
    with pytest.raises(PolicyError) as caught:
        select_rules([], profile)
    assert message in str(caught.value) and str(profile) in str(caught.value)


@pytest.mark.parametrize("bound", [".nan", "-.inf", "'0.95'", "yes"])
def test_a_policy_threshold_must_be_a_finite_number(tmp_path, bound):
    write_bank(tmp_path / "bank.jsonl", ["问题"])
    policy = write_policy(tmp_path, refusal_rule("A.refuse", "bank.jsonl", f"{{min: {bound}}}"))
    with pytest.raises(PolicyError) as caught:
        select_rules([policy])
    [problem] = caught.value.problems
    assert problem.startswith(f"{policy}:") and "rules[0].check.threshold.min" in problem
