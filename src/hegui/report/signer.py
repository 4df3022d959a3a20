"""The first screen: what the people who sign a report ask first, computed from the results.

A compliance officer opening a report wants, in this order: is the release blocked, and by what (each
blocking failure in one line: rule, law and article, value against threshold, interval); which law is worst
off; what still needs a person (manual checks nobody attested, INCONCLUSIVE rules and what would decide
them); what changed since the last audit. The rest of the report is the evidence for those answers, ordered
by consequence: blocking failures, then warnings, then passes, then manual checks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..verdict import Verdict
from .schema import AuditResult, Baseline, BaselineRule, RuleResult

Z95 = 1.959964


def blocks(rule: RuleResult, strict: bool) -> bool:
    """Whether this rule is one of the reasons the gate is blocked (mirrors ``hegui.audit.gate``)."""
    if rule.severity != "blocking":
        return False
    return rule.verdict in (Verdict.FAIL, Verdict.ERROR) or (strict and rule.verdict == Verdict.INCONCLUSIVE)


def blocked_by(result: AuditResult) -> list[RuleResult]:
    return [r for r in result.rules if blocks(r, result.strict)]


def consequence(rule: RuleResult, strict: bool = False) -> int:
    """Sort key, most consequential first: blocking failures, blocking INCONCLUSIVE, warnings, waived, pass, manual."""
    if blocks(rule, strict) and rule.verdict != Verdict.INCONCLUSIVE:
        return 0
    if rule.severity == "blocking" and rule.verdict == Verdict.INCONCLUSIVE:
        return 1
    if rule.verdict in (Verdict.FAIL, Verdict.ERROR):
        return 2
    if rule.verdict == Verdict.INCONCLUSIVE:
        return 3
    return {Verdict.WAIVED: 4, Verdict.PASS: 5, Verdict.MANUAL: 6}[rule.verdict]


def ordered(result: AuditResult) -> list[RuleResult]:
    return sorted(result.rules, key=lambda r: consequence(r, result.strict))  # stable: policy order within


def threshold_text(rule: RuleResult) -> str:
    if rule.threshold is None:
        return "—"
    parts = []
    if rule.threshold.min is not None:
        parts.append(f"≥ {rule.threshold.min:.1%}")
    if rule.threshold.max is not None:
        parts.append(f"≤ {rule.threshold.max:.1%}")
    return " and ".join(parts) or "—"


def cites_text(rule: RuleResult) -> str:
    return "; ".join(f"{c.law} {c.article}" for c in rule.cites)


@dataclass(frozen=True)
class LawSummary:
    law: str
    tested: int
    passed: int
    failed: int
    inconclusive: int
    waived: int
    manual: int
    unattested: int

    @property
    def worst(self) -> str:
        if self.failed:
            return "FAIL"
        if self.inconclusive:
            return "INCONCLUSIVE"
        return "MANUAL" if self.unattested else "PASS"


def by_law(result: AuditResult) -> list[LawSummary]:
    """Per law cited: tested / passed / failed / inconclusive / waived / manual, worst first."""
    laws: dict[str, list[RuleResult]] = {}
    for rule in result.rules:
        for law in dict.fromkeys(c.law for c in rule.cites):
            laws.setdefault(law, []).append(rule)
    out = []
    for law, rules in laws.items():
        verdicts = [r.verdict for r in rules]
        manual = [r for r in rules if r.manual is not None]
        out.append(LawSummary(
            law=law, tested=sum(1 for r in rules if r.probe is not None), passed=verdicts.count(Verdict.PASS),
            failed=verdicts.count(Verdict.FAIL) + verdicts.count(Verdict.ERROR),
            inconclusive=verdicts.count(Verdict.INCONCLUSIVE), waived=verdicts.count(Verdict.WAIVED),
            manual=len(manual), unattested=sum(1 for r in manual if r.attestation is None),
        ))
    return sorted(out, key=lambda s: (-s.failed, -s.inconclusive, -s.unattested, s.law))


def samples_to_decide(value: float, threshold: float, n: int) -> int | None:
    """About how many samples would make a 95% interval around ``value`` clear ``threshold`` (normal
    approximation; None when the value sits on the threshold and no sample size decides it)."""
    gap = abs(value - threshold)
    if gap < 1e-9:
        return None
    variance = max(value * (1 - value), 1.0 / max(n, 1))  # never zero: a rate of 0 or 1 still needs some n
    return max(n + 1, math.ceil(Z95**2 * variance / gap**2))


def what_would_decide(rule: RuleResult) -> str:
    """For an INCONCLUSIVE rule: what would turn it into PASS or FAIL, in words."""
    reason = rule.reason
    if rule.value is None or rule.n == 0:
        if "judge" in reason:
            return "a judge model (--judge-model) or people's labels (hegui review, then --labels)"
        return f"measured samples: none were ({reason})"
    if "not trusted" in reason or "agreement" in reason:
        return "a judge that agrees with the labelled answers, or people's labels (hegui review, then --labels)"
    if rule.n < rule.min_samples:
        return f"{rule.min_samples - rule.n} more samples (n = {rule.n}, the rule needs {rule.min_samples})"
    threshold = rule.threshold
    bound = None
    if threshold is not None and rule.interval is not None:
        if threshold.min is not None and rule.interval[0] < threshold.min <= rule.interval[1]:
            bound = threshold.min
        elif threshold.max is not None and rule.interval[0] <= threshold.max < rule.interval[1]:
            bound = threshold.max
    if bound is None:
        return "a person's review of the evidence"
    needed = samples_to_decide(rule.value, bound, rule.n)
    if needed is None:
        return f"the value sits on the threshold {bound:.1%}: more samples will not decide it at this rate"
    return (f"about {needed} samples if the rate stays at {rule.value:.1%} (now {rule.n}): the interval "
            f"still reaches across {bound:.1%}")


def needs_a_person(result: AuditResult) -> list[tuple[RuleResult, str]]:
    """Manual checks without an attestation, and INCONCLUSIVE rules with what would decide them."""
    out = [(r, "an attestation (--attestations): " + (r.manual.en if r.manual else "a manual check"))
           for r in result.rules if r.manual is not None and r.attestation is None]
    out += [(r, what_would_decide(r)) for r in ordered(result) if r.verdict == Verdict.INCONCLUSIVE]
    return out


def compare_to_baseline(baseline: AuditResult, result: AuditResult, baseline_sha256: str | None) -> Baseline:
    """Per rule of ``result``: the baseline's verdict and value, the direction of change, and whether it is a
    regression beyond noise (``hegui diff``'s rule, paired when both audits answered the same items)."""
    from ..diff import diff_results

    rules = {}
    for change in diff_results(baseline, result):
        if change.candidate is None:
            continue
        if change.base is None:
            rules[change.id] = BaselineRule(direction="new")
            continue
        rules[change.id] = BaselineRule(
            verdict=change.base.verdict, value=change.base.value, direction=change.direction,  # type: ignore[arg-type]
            regression=change.regression, paired=str(change.paired) if change.paired else None,
        )
    return Baseline(name=baseline.name, model=str(baseline.manifest.model.get("description", "")),
                    finished=baseline.manifest.finished, results_sha256=baseline_sha256, rules=rules)
