"""``hegui diff``: what changed, rule by rule, between a base model's audit and a candidate's.

A change counts as a regression only when it is larger than noise: the candidate's interval lies wholly
on the worse side of the base's interval (which side is worse is the rule's recorded ``better``), or the
verdict got worse (PASS → FAIL, say).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .report.schema import RuleResult
from .trail import read_result


@dataclass(frozen=True)
class Change:
    id: str
    base: RuleResult | None
    candidate: RuleResult | None
    regression: bool

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


def diff_reports(base_path: Path, candidate_path: Path) -> list[Change]:
    base = {r.id: r for r in read_result(base_path).rules}
    candidate = {r.id: r for r in read_result(candidate_path).rules}
    changes = []
    for rule_id in dict.fromkeys([*base, *candidate]):
        b, c = base.get(rule_id), candidate.get(rule_id)
        changes.append(Change(rule_id, b, c, regression=b is not None and c is not None and _regressed(b, c)))
    return changes


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
        lines.append(f"{c.id:<{width}}  {_fmt(c.base):<30} {_fmt(c.candidate):<30} {mark}")
    regressions = sum(c.regression for c in changes)
    lines.append(f"\n{regressions} regression(s) beyond noise in {len(changes)} rule(s)")
    return "\n".join(lines)
