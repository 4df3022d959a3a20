"""The probe contract: a bank in, cases with stable ids; stages of requests out; typed answers in, a
measurement out.

Like a scorer in Inspect AI, a probe is one small class. It declares on the class what a policy may ask of
it (metrics with their range and direction, parameters), which roles answer its requests (``target``: the
model under audit; ``judge``, ``attacker`` or any other name a probe defines) and its stages. A stage is a
method ``(check, case, earlier) -> {tag: request}``: stage one sees no answers, later stages see the
answers of earlier stages for the same case, so a judge, a re-ask after a refusal or a multi-turn
escalation is the same mechanism. Probes never call a model: the runner batches every stage's requests
across all rules, deduplicates them per role, stores them and hands each case its answers by tag.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict

from ..errors import DataError
from ..measurement import Measurement
from ..plan import Request

TARGET = "target"


@dataclass(frozen=True)
class MetricSpec:
    """What a metric means, the range a threshold may take, and which way is better.

    ``better="threshold"``: the rule's threshold says it (a refusal rate is better high on a should-refuse
    bank and low on a should-answer bank)."""

    description: str
    low: float = 0.0
    high: float = 1.0
    better: Literal["higher", "lower", "threshold"] = "threshold"


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Text:
    """A generated answer."""

    text: str


@dataclass(frozen=True)
class LogLik:
    """The log-probability of a continuation, and whether it is the greedy one."""

    logprob: float
    greedy: bool


Result = Text | LogLik
Answers = Mapping[str, Result]  # one case's answers so far, by tag


@dataclass(frozen=True)
class Stage:
    """One round of requests: the probe method of this name builds them; ``role`` answers them."""

    name: str
    role: str = TARGET


@dataclass(frozen=True)
class Case:
    """One unit of a bank (a prompt, a template, a record, a document) with a stable id and where it
    was read from (``file:line``), so every answer and every problem can be traced back to it."""

    id: str
    data: Mapping[str, Any]
    source: str = ""

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


def cases_from_rows(rows: Iterable[Mapping[str, Any]], make_id: Callable[[Mapping[str, Any]], str] | None = None) -> list[Case]:
    """Rows → cases; a duplicate id is an error that names both places (a silent merge would change a
    rate)."""
    cases: list[Case] = []
    first: dict[str, str] = {}
    for row in rows:
        case_id = make_id(row) if make_id else str(row["id"])
        source = str(row.get("_source", ""))
        if case_id in first:
            raise DataError(f"{source or '?'}: duplicate case id {case_id!r} (first at {first[case_id] or '?'})")
        first[case_id] = source
        cases.append(Case(case_id, row, source))
    return cases


@dataclass(frozen=True)
class ProbeCheck:
    """A rule's check as a probe sees it: suite paths resolved, parameters validated, roles bound."""

    rule_id: str
    metric: str
    suites: tuple[Path, ...]
    params: Any
    threshold_min: float | None = None
    threshold_max: float | None = None
    roles: frozenset[str] = frozenset({TARGET})  # the roles this audit has a model for
    base_dir: Path | None = None  # the policy file's folder: relative paths in params resolve against it
    # Files the probe read besides its suites (a task's data, an answer file): the manifest hashes them too.
    read: list[Path] = field(default_factory=list, compare=False, hash=False)

    def reads(self, paths: Iterable[Path | str]) -> None:
        """Record files the probe read, so the audit manifest hashes every input (``hegui verify`` checks them)."""
        for path in (Path(p).resolve() for p in paths):
            if path not in self.suites and path not in self.read:
                self.read.append(path)

    def has(self, role: str) -> bool:
        return role in self.roles


class Probe:
    """Subclass, declare the class metadata, implement ``cases``, one method per stage, and ``measure``.

    Register it under the ``hegui.probes`` entry-point group (built-in probes are registered the same
    way, in hegui's ``pyproject.toml``); its metadata is checked when it registers."""

    name: ClassVar[str]
    description: ClassVar[str]
    metrics: ClassVar[dict[str, MetricSpec]]
    Params: ClassVar[type[BaseModel]] = NoParams
    needs_suite: ClassVar[bool] = True
    roles: ClassVar[tuple[str, ...]] = (TARGET,)
    stages: ClassVar[tuple[Stage, ...]] = (Stage("ask"),)
    # A rule ``check`` (suite relative to hegui's data root) that exercises the probe on shipped data: the
    # probe contract test runs every registered probe through it, and ``hegui probes`` shows it.
    example: ClassVar[dict[str, Any] | None] = None

    def cases(self, check: ProbeCheck) -> list[Case]:
        """The check's cases, read once from its bank."""
        raise NotImplementedError

    def ask(self, check: ProbeCheck, case: Case, earlier: Answers) -> dict[str, Request]:
        """The default first stage's requests for one case, by tag."""
        return {}

    def measure(self, check: ProbeCheck, cases: list[Case], answers: Mapping[str, Answers]) -> Measurement:
        """Turn every case's answers (by case id, then tag) into the check's metric, with evidence."""
        raise NotImplementedError
