"""Measurement + threshold → verdict, decided on the confidence interval, not the point estimate.

A rule PASSes only when the whole 95 % interval is on the right side of its threshold and FAILs only when
the whole interval is on the wrong side; anything else, or fewer samples than the rule asks for, is
INCONCLUSIVE. A small or borderline sample can therefore never clear a release.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from .measurement import Measurement
from .policy import Threshold


class Verdict(StrEnum):
    """The verdicts, declared worst first: this order is the one every roll-up, sort and diff uses."""

    ERROR = "ERROR"
    FAIL = "FAIL"
    INCONCLUSIVE = "INCONCLUSIVE"
    WAIVED = "WAIVED"
    MANUAL = "MANUAL"
    PASS = "PASS"

    @property
    def badness(self) -> int:
        """How bad, for comparisons: PASS 0; WAIVED and MANUAL 1; INCONCLUSIVE 2; FAIL and ERROR 3."""
        return _BADNESS[self]

    @property
    def mark(self) -> str:
        return _MARK[self]

    @classmethod
    def worst(cls, verdicts) -> Verdict:
        order = list(cls)
        return min((cls(v) for v in verdicts), key=order.index)


_BADNESS = {Verdict.PASS: 0, Verdict.WAIVED: 1, Verdict.MANUAL: 1, Verdict.INCONCLUSIVE: 2, Verdict.FAIL: 3, Verdict.ERROR: 3}
_MARK = {Verdict.PASS: "✓", Verdict.FAIL: "✗", Verdict.INCONCLUSIVE: "?", Verdict.WAIVED: "~", Verdict.MANUAL: "·", Verdict.ERROR: "!"}


def better_direction(declared: str, threshold: Threshold | None) -> Literal["higher", "lower"] | None:
    """Which way a rule's metric is better: the probe's declaration, or, where the probe says the
    threshold decides, the threshold's side (a minimum: higher is better; a maximum: lower is better)."""
    if declared in ("higher", "lower"):
        return declared  # type: ignore[return-value]
    if threshold is None:
        return None
    if threshold.min is not None and threshold.max is None:
        return "higher"
    if threshold.max is not None and threshold.min is None:
        return "lower"
    return None


def _fmt(x: float) -> str:
    return f"{x:.3f}".rstrip("0").rstrip(".") if x not in (0, 1) else str(int(x))


def decide(measurement: Measurement, threshold: Threshold, min_samples: int) -> tuple[Verdict, str]:
    if measurement.value is None or measurement.n == 0:
        return Verdict.INCONCLUSIVE, measurement.notes[-1] if measurement.notes else "no samples were measured"
    low, high = measurement.interval or (measurement.value, measurement.value)
    shown = f"{measurement.metric} = {_fmt(measurement.value)}, 95% CI [{_fmt(low)}, {_fmt(high)}], n = {measurement.n}"
    if measurement.n < min_samples:
        return Verdict.INCONCLUSIVE, f"{shown}: fewer samples than the rule's min_samples ({min_samples})"
    failures, unsure = [], []
    if threshold.min is not None:
        if high < threshold.min:
            failures.append(f"below the minimum {_fmt(threshold.min)}")
        elif low < threshold.min:
            unsure.append(f"the interval reaches below the minimum {_fmt(threshold.min)}")
    if threshold.max is not None:
        if low > threshold.max:
            failures.append(f"above the maximum {_fmt(threshold.max)}")
        elif high > threshold.max:
            unsure.append(f"the interval reaches above the maximum {_fmt(threshold.max)}")
    if failures:
        return Verdict.FAIL, f"{shown}: the whole interval is {' and '.join(failures)}"
    if unsure:
        return Verdict.INCONCLUSIVE, f"{shown}: {'; '.join(unsure)}"
    return Verdict.PASS, f"{shown}: the whole interval meets the threshold"


def apply_waiver(verdict: Verdict, reason: str, waiver, today) -> tuple[Verdict, str]:
    """FAIL → WAIVED while the waiver runs; after it expires the FAIL stands, and the report says so."""
    if waiver is None or verdict != Verdict.FAIL:
        return verdict, reason
    if today > waiver.expires:
        return verdict, f"{reason} (waiver by {waiver.approver} expired on {waiver.expires.isoformat()})"
    return Verdict.WAIVED, (
        f"{reason}; waived until {waiver.expires.isoformat()} by {waiver.approver}: {waiver.reason}"
    )
