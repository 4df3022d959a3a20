"""``hegui diff``: what changed, rule by rule, between a base model's audit and a candidate's.

A change counts as a regression only when it is larger than noise: the candidate's interval lies wholly
on the worse side of the base's interval (which side is worse is the rule's recorded ``better``), or the
verdict got worse (PASS → FAIL, say).

When both audits answered the same items (the same bank, sampled the same way: a quantized or compressed
candidate against its base model), the comparison is paired: an exact McNemar test on the items that
changed side. That is far more sensitive than two intervals: 12 items newly against the rule and 2 newly
for it, of 300, is p = 0.013, while the two intervals still overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .report.schema import AuditResult, RuleResult
from .trail import read_result

PAIRED_ALPHA = 0.05


@dataclass(frozen=True)
class Paired:
    """Items both audits measured: how many moved against the rule (worse), how many moved for it."""

    shared: int
    worse: int
    better: int
    p_value: float

    @property
    def significant(self) -> bool:
        return self.p_value < PAIRED_ALPHA

    def __str__(self) -> str:
        return f"paired on {self.shared}: {self.worse} worse, {self.better} better, McNemar exact p = {self.p_value:.3g}"


def paired(base: RuleResult, candidate: RuleResult) -> Paired | None:
    """McNemar's exact test on the shared items' sides (counts against the rule or not); None if none are shared."""
    from scipy.stats import binomtest

    before = {s.id: s.counts_against for s in base.samples}
    after = {s.id: s.counts_against for s in candidate.samples}
    shared = [i for i in before if i in after]
    if not shared:
        return None
    worse = sum(1 for i in shared if after[i] and not before[i])
    better = sum(1 for i in shared if before[i] and not after[i])
    p_value = binomtest(worse, worse + better, 0.5).pvalue if worse + better else 1.0
    return Paired(len(shared), worse, better, float(p_value))


@dataclass(frozen=True)
class Change:
    id: str
    base: RuleResult | None
    candidate: RuleResult | None
    regression: bool
    paired: Paired | None = None

    @property
    def direction(self) -> str:
        """``worse``, ``better`` or ``same``: by verdict first, then by value on the rule's better side."""
        if self.base is None or self.candidate is None:
            return "same"
        if self.candidate.verdict.badness != self.base.verdict.badness:
            return "worse" if self.candidate.verdict.badness > self.base.verdict.badness else "better"
        delta = self.delta
        if not delta or self.base.better is None:
            return "same"
        return "better" if (delta > 0) == (self.base.better == "higher") else "worse"

    @property
    def kind(self) -> str:
        if self.base is None:
            return "added"
        if self.candidate is None:
            return "removed"
        if self.base.verdict != self.candidate.verdict:
            return "verdict"
        return "value" if self.delta else "same"

    @property
    def delta(self) -> float | None:
        if self.base is None or self.candidate is None or self.base.value is None or self.candidate.value is None:
            return None
        return self.candidate.value - self.base.value


def _regressed(base: RuleResult, candidate: RuleResult) -> bool:
    if candidate.verdict.badness > base.verdict.badness:
        return True
    if base.interval is None or candidate.interval is None or base.better is None:
        return False
    if base.better == "higher":
        return candidate.interval[1] < base.interval[0]
    return candidate.interval[0] > base.interval[1]


def diff_results(base: AuditResult, candidate: AuditResult) -> list[Change]:
    before = {r.id: r for r in base.rules}
    after = {r.id: r for r in candidate.rules}
    changes = []
    for rule_id in dict.fromkeys([*before, *after]):
        b, c = before.get(rule_id), after.get(rule_id)
        pair = paired(b, c) if b is not None and c is not None else None
        regressed = b is not None and c is not None and (
            _regressed(b, c) or (pair is not None and pair.significant and pair.worse > pair.better))
        changes.append(Change(rule_id, b, c, regression=regressed, paired=pair))
    return changes


def diff_reports(base_path: Path, candidate_path: Path) -> list[Change]:
    return diff_results(read_result(base_path), read_result(candidate_path))


def _fmt(rule: RuleResult | None) -> str:
    if rule is None:
        return "—"
    if rule.value is None:
        return f"{rule.verdict} —"
    ci = f" [{rule.interval[0]:.1%}, {rule.interval[1]:.1%}]" if rule.interval else ""
    return f"{rule.verdict} {rule.value:.1%}{ci}"


def render(changes: list[Change]) -> str:
    width = max((len(c.id) for c in changes), default=4)
    lines = [f"{'rule':<{width}}  {'base':<30} {'candidate':<30} change"]
    for c in changes:
        mark = "REGRESSION" if c.regression else c.kind
        pair = f"  ({c.paired})" if c.paired is not None and (c.paired.worse or c.paired.better) else ""
        lines.append(f"{c.id:<{width}}  {_fmt(c.base):<30} {_fmt(c.candidate):<30} {mark}{pair}")
    regressions = sum(c.regression for c in changes)
    lines.append(f"\n{regressions} regression(s) beyond noise in {len(changes)} rule(s)")
    return "\n".join(lines)
