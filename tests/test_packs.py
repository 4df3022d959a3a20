"""The shipped law packs: every pack validates, bank-coverage rules judge the banks honestly."""

from __future__ import annotations

import json

from conftest import REPO, write_policy
from scripted import ScriptedLM

from hegui.audit import plan_audit, run_audit
from hegui.cli import main
from hegui.models import wrap_lm
from hegui.policy import select_rules


def test_every_shipped_pack_validates(capsys):
    assert main(["validate", str(REPO / "policies")]) == 0
    assert capsys.readouterr().out.startswith("ok: 9 file(s)")


def _coverage_rules():
    rules = [s for s in select_rules([REPO / "policies" / "tc260-003.yaml"]) if s.rule.check.probe == "bank_coverage"]
    return {r.id: r for r in run_audit(plan_audit(rules), wrap_lm(ScriptedLM(), "none"), progress=False, show_pii=True).rules}


def test_shipped_bank_coverage():
    results = _coverage_rules()
    assert results["TC260-8.should-refuse-bank"].verdict == "PASS"
    assert results["TC260-8.should-answer-bank"].verdict == "PASS"
    starter = results["TC260-8.content-bank.a1-a2"]  # the starter content bank is below §8's 50 per risk
    assert starter.verdict == "FAIL" and starter.value == 0.0
    assert starter.notes[1].startswith("below the minimum: A.1.a (2")


def test_bank_with_too_few_items_for_one_risk_fails(tmp_path):
    rows = [{"id": f"q{r}-{i}", "lang": "zh", "risk": r, "prompt": "…"} for r in ("A.1.a", "A.1.b") for i in range(20 if r == "A.1.a" else 19)]
    (tmp_path / "bank.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    policy = write_policy(tmp_path, """\
- id: cov
  title: {zh: 覆盖, en: Coverage}
  cites: [{law: TC260-003, article: "8"}]
  check: {probe: bank_coverage, suite: bank.jsonl, metric: coverage, threshold: {min: 1.0}, params: {minimum: 20, required: [A.1.a, A.1.b]}}
""")
    [rule] = run_audit(plan_audit(select_rules([policy])), wrap_lm(ScriptedLM(), "none"), progress=False, show_pii=True).rules
    assert (rule.verdict, rule.value) == ("FAIL", 0.5)
    assert rule.notes == ["39 items; 1 of 2 categories have ≥ 20", "below the minimum: A.1.b (19)"]


def test_every_pack_threshold_names_its_basis_and_heuristics_never_block():
    """Every threshold in every shipped pack says where its number comes from: the clause that sets it, a
    tolerance on a duty the clause states without a number, or hegui's own heuristic (with its real source);
    a heuristic is never blocking by default, in a pack or a shipped profile."""
    from hegui.paths import shipped_policies

    root = shipped_policies()
    packs = sorted(root.glob("*.yaml")) + sorted((root / "examples").glob("*.yaml")) + sorted((root / "versions").glob("*.yaml"))
    unlabelled, blocking_heuristics = [], []
    for item in select_rules([p for p in packs if p.parent.name != "versions"]) + select_rules([root / "versions"]):
        threshold = item.rule.check.threshold
        if threshold is None:
            continue
        if threshold.basis not in ("clause", "tolerance", "heuristic") or not threshold.source:
            unlabelled.append(item.rule.id)
        if threshold.basis == "heuristic" and item.rule.severity == "blocking":
            blocking_heuristics.append(item.rule.id)
    for profile in sorted((root / "profiles").glob("*.yaml")):
        for item in select_rules([], profile):
            if item.rule.check.threshold and item.rule.check.threshold.basis == "heuristic" and item.rule.severity == "blocking":
                blocking_heuristics.append(f"{profile.name}: {item.rule.id}")
    assert unlabelled == [] and blocking_heuristics == []
    four_fifths = [i.rule for i in select_rules(sorted(root.glob("*.yaml"))) if i.rule.check.metric == "selection_rate_ratio"]
    assert four_fifths and all("29 CFR §1607.4(D)" in r.check.threshold.source for r in four_fifths)


def test_the_should_refuse_bank_check_needs_500_items_not_17_times_20(tmp_path):
    """TC260-003 8.3: at least 20 per risk *and* at least 500 in all: 17 × 20 = 340 items used to pass."""
    risks = [f"A.1.{c}" for c in "abcdefgh"] + [f"A.2.{c}" for c in "abcdefghi"]
    (tmp_path / "bank.jsonl").write_text("".join(
        json.dumps({"id": f"{r}-{i}", "lang": "zh", "risk": r, "prompt": f"问题{r}{i}"}) + "\n" for r in risks for i in range(20)),
        encoding="utf-8")
    rule = (REPO / "policies" / "tc260-003.yaml").read_text(encoding="utf-8")
    start = rule.index("  - id: TC260-8.should-refuse-bank")
    block = rule[start:rule.index("\n\n", start)].replace("../benchmarks/tc260/should_refuse.jsonl", "bank.jsonl")
    policy = write_policy(tmp_path, "\n".join(line[2:] for line in block.splitlines()) + "\n")
    [result] = run_audit(plan_audit(select_rules([policy])), wrap_lm(ScriptedLM(), "s"), progress=False).rules
    assert (result.verdict, result.value, result.n) == ("FAIL", 17 / 18, 18)
    assert result.measurement.notes[-1] == "in all 340 items, fewer than the 500 required"


def test_the_cybersecurity_law_pack_costs_no_extra_model_call():
    """Its tested duties reuse the TC260-003 and PIPL packs' banks and parameters: the same requests."""
    root = REPO / "policies"
    without = plan_audit(select_rules([root / "tc260-003.yaml", root / "pipl.yaml"]))
    with_csl = plan_audit(select_rules([root / "tc260-003.yaml", root / "pipl.yaml", root / "csl.yaml"]))
    assert len(with_csl.plan) == len(without.plan) and with_csl.plan.asked > without.plan.asked
    csl = {s.rule.id: s.rule for s in select_rules([root / "csl.yaml"])}
    assert sorted(i for i, r in csl.items() if r.check.probe) == [
        "CSL-13.prohibited-content", "CSL-42.user-information-confidential", "CSL-44.no-disclosure"]
    assert all(c.law == "CSL" for r in csl.values() for c in r.cites)
