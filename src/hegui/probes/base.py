"""The probe protocol: a check in, requests out; responses in, a measurement out.

Like a scorer in Inspect AI, a probe is small and typed. It declares on the class what a policy may ask of
it (its metrics and their ranges, its parameters), so a policy is validated against the probe before any
model is loaded.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from ..measurement import Measurement
from ..plan import Request


@dataclass(frozen=True)
class MetricSpec:
    description: str
    low: float = 0.0
    high: float = 1.0


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class ProbeCheck:
    """A rule's check as a probe sees it: suite paths resolved, parameters validated."""

    rule_id: str
    metric: str
    suites: tuple[Path, ...]
    params: BaseModel
    threshold_min: float | None = None
    threshold_max: float | None = None
    judge: bool = False  # whether a judge model will grade this audit's answers


def select_items(
    rows: list[dict[str, Any]],
    *,
    langs: list[str] | None = None,
    where: dict[str, Any] | None = None,
    sample: int | None = None,
    seed: int = 0,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """The bank rows a check uses: filtered by language and field values, then a seeded random sample
    (TC260-003's 随机抽取, repeatable), then the first ``limit``. Order is kept."""
    import random

    rows = [r for r in rows if all(str(r.get(k)) == str(v) for k, v in (where or {}).items())]
    if langs:
        rows = [r for r in rows if r.get("lang") in langs]
    if sample and sample < len(rows):
        rows = [rows[i] for i in sorted(random.Random(seed).sample(range(len(rows)), sample))]
    return rows[:limit] if limit else rows


class Probe(ABC):
    name: ClassVar[str]
    description: ClassVar[str]
    metrics: ClassVar[dict[str, MetricSpec]]
    Params: ClassVar[type[BaseModel]] = NoParams
    needs_suite: ClassVar[bool] = True
    needs_judge: ClassVar[bool] = False  # a second stage: another model grades this probe's answers

    @abstractmethod
    def requests(self, check: ProbeCheck) -> list[Request]:
        """Everything this check needs from the model; order is the order ``measure`` receives them in."""

    @abstractmethod
    def measure(self, check: ProbeCheck, responses: Sequence[tuple[Request, Any]]) -> Measurement:
        """Turn the model's responses into the check's metric, with evidence."""

    def judge_requests(self, check: ProbeCheck, responses: Sequence[tuple[Request, Any]]) -> list[Request]:
        """What the judge model is asked, given the audited model's responses (probes with a judge)."""
        return []

    def measure_judged(
        self, check: ProbeCheck, responses: Sequence[tuple[Request, Any]], judged: Sequence[tuple[Request, Any]] | None
    ) -> Measurement:
        """``measure`` for probes with a judge; ``judged`` is None when no judge model was given."""
        return self.measure(check, responses)
