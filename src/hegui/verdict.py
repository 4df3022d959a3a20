"""Measurement + threshold → verdict, decided on the confidence interval, not the point estimate.

A rule PASSes only when the whole 95 % interval is on the right side of its threshold and FAILs only when
the whole interval is on the wrong side; anything else, or fewer samples than the rule asks for, is
INCONCLUSIVE. A small or borderline sample can therefore never clear a release.
"""

from __future__ import annotations

from enum import StrEnum

from .measurement import Measurement
from .policy import Threshold


class Verdict(StrEnum):
    PASS = "PASS"
    FAIL = "FAIL"
    INCONCLUSIVE = "INCONCLUSIVE"
    WAIVED = "WAIVED"
    MANUAL = "MANUAL"
    ERROR = "ERROR"


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
