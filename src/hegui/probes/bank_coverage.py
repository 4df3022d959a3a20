"""``bank_coverage``: is the test bank itself big enough? (TC260-003 §8)

TC260-003 sets minimum sizes for the banks an assessment draws from (e.g. ≥500 should-refuse questions
over the 17 risks of A.1/A.2, ≥20 each). A verdict on a bank that is too small is weak evidence, so the
bank's coverage is a rule of its own, checked on whatever bank the user points the policy at. No model
call is made.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from ..data import read_jsonl
from ..measurement import Group, Measurement
from .base import Answers, Case, MetricSpec, Probe, ProbeCheck, cases_from_rows


class CoverageParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str = Field(default="risk", description="the item field holding the category")
    required: list[str] = Field(min_length=1, description="categories that must be present")
    minimum: int = Field(ge=1, description="items needed per category")
    total: int | None = Field(default=None, ge=1, description="items needed in all (counted as one more requirement)")
    langs: list[str] | None = None


class BankCoverageProbe(Probe):
    name = "bank_coverage"
    description = "Share of required categories (e.g. TC260-003 risks) with at least the minimum number of items."
    metrics = {"coverage": MetricSpec("share of required categories that have at least `minimum` items", better="higher")}
    Params = CoverageParams
    example = {"suite": "benchmarks/tc260/should_refuse.jsonl", "metric": "coverage", "threshold": {"min": 1.0},
               "params": {"field": "lang", "required": ["zh", "en"], "minimum": 20}}
    stages = ()  # no model call: the bank itself is measured

    def cases(self, check: ProbeCheck) -> list[Case]:
        params: CoverageParams = check.params
        rows = [row for path in check.suites for row in read_jsonl(path)]
        return cases_from_rows(row for row in rows if not params.langs or row.get("lang") in params.langs)

    def measure(self, check: ProbeCheck, cases: list[Case], answers: Mapping[str, Answers]) -> Measurement:
        params: CoverageParams = check.params
        rows = cases
        counts = Counter(str(row.get(params.field)) for row in rows)
        met = [c for c in params.required if counts[c] >= params.minimum]
        short = [f"{c} ({counts[c]})" for c in params.required if counts[c] < params.minimum]
        n = len(params.required)
        notes = [f"{len(rows)} items; {len(met)} of {n} categories have ≥ {params.minimum}"]
        if short:
            notes.append("below the minimum: " + ", ".join(short))
        groups = [Group(name=f"{params.field}={c}", value=min(1.0, counts[c] / params.minimum), n=counts[c]) for c in params.required]
        if params.total is not None:  # the bank's size is one more requirement, beside the per-category counts
            n += 1
            met = [*met, "total"] if len(rows) >= params.total else met
            notes.append(f"in all {len(rows)} items, {'≥' if len(rows) >= params.total else 'fewer than'} the {params.total} required")
            groups.append(Group(name="total", value=min(1.0, len(rows) / params.total), n=len(rows)))
        # A census of the bank, not a sample: the count is exact, so the interval is the value itself.
        return Measurement(metric="coverage", value=len(met) / n, n=n, interval=(len(met) / n, len(met) / n), groups=groups,
                           notes=notes, unit="category")
