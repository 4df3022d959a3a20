"""Stages of batched model calls: every probe's stage *k*, across all rules, runs as one plan per role.

Stage 1 of every rule is built before any model loads (bad data fails fast, and the request counts are
known). Each later stage is built from the answers of the stages before it, for each case. A stage's
requests go to the model bound to its role (``target``, ``judge``, ``attacker``, ...) as one deduplicated,
sorted plan, answered through that model's own response store, so every stage batches and resumes alike.
Answers come back to each case by the tag the probe gave the request; no probe sees a positional list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .errors import HeguiError
from .models import LoadedModel
from .plan import Plan, Request
from .probes.base import Case, Probe, ProbeCheck, Result
from .run import RunStats, execute
from .store import ResponseStore


class StageError(HeguiError):
    pass


@dataclass
class StagedCheck:
    """One rule's check on its way through the stages."""

    rule_id: str
    probe: Probe
    check: ProbeCheck
    cases: list[Case]
    answers: dict[str, dict[str, Result]] = field(default_factory=dict)
    pending: list[tuple[str, str, str]] = field(default_factory=list)  # (case id, tag, request key)
    error: str | None = None

    def stage_at(self, depth: int):
        return self.probe.stages[depth] if depth < len(self.probe.stages) else None


@dataclass
class StageStats:
    depth: int
    role: str
    asked: int
    stats: RunStats
    probe_seconds: dict[str, float] = field(default_factory=dict)  # model-call seconds by the probe that asked
    answers: dict[str, Result] = field(default_factory=dict, repr=False)  # by request key: sealed into the report


def build_stage(staged: StagedCheck, depth: int) -> list[tuple[str, str, Request]]:
    """The requests of one rule's stage ``depth`` (none when it has no such stage or no model for its role)."""
    stage = staged.stage_at(depth)
    if stage is None or staged.error is not None or not staged.check.has(stage.role):
        return []
    method = getattr(staged.probe, stage.name)
    out = []
    for case in staged.cases:
        earlier = staged.answers.setdefault(case.id, {})
        for tag, request in method(staged.check, case, earlier).items():
            if tag in earlier:
                raise StageError(f"probe {staged.probe.name!r} stage {stage.name!r}: tag {tag!r} of case {case.id!r} "
                                 "was already answered in an earlier stage")
            out.append((case.id, tag, request))
    return out


def add_stage(plans: dict[str, Plan], staged: StagedCheck, depth: int, asks: list[tuple[str, str, Request]]) -> None:
    """Put one rule's stage into the plan of its role, remembering which case and tag asked for what."""
    stage = staged.stage_at(depth)
    if stage is None or not asks:
        staged.pending = []
        return
    plan = plans.setdefault(stage.role, Plan())
    keys = plan.add(request for _, _, request in asks)
    staged.pending = [(case_id, tag, key) for (case_id, tag, _), key in zip(asks, keys, strict=True)]


class Stores:
    """One response store per model fingerprint, opened when first needed, closed together."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._open: dict[str, ResponseStore] = {}

    def of(self, model: LoadedModel) -> ResponseStore:
        if model.fingerprint not in self._open:
            self._open[model.fingerprint] = ResponseStore.for_model(self.folder, model.fingerprint, model.description)
        return self._open[model.fingerprint]

    def close(self) -> None:
        for store in self._open.values():
            store.close()


def run_stages(
    checks: list[StagedCheck],
    first: Mapping[str, Plan],
    models: Mapping[str, LoadedModel],
    stores: Stores,
    *,
    chunk_size: int = 64,
    progress: bool = True,
) -> list[StageStats]:
    """Run stage after stage until no rule has one left; answers land in each ``StagedCheck``."""
    plans: dict[str, Plan] = dict(first)
    depth, out = 0, []
    while True:
        for role, plan in sorted(plans.items()):
            answers, stats = execute(plan, models[role], stores.of(models[role]), chunk_size=chunk_size, progress=progress)
            record = StageStats(depth, role, plan.asked, stats, answers=answers)
            out.append(record)
            askers: dict[str, set[str]] = defaultdict(set)
            for staged in checks:
                stage = staged.stage_at(depth)
                if stage is None or stage.role != role:
                    continue
                for case_id, tag, key in staged.pending:
                    staged.answers.setdefault(case_id, {})[tag] = answers[key]
                    askers[key].add(staged.probe.name)
            for key, seconds in stats.key_seconds.items():
                for probe in askers.get(key, ()):
                    record.probe_seconds[probe] = record.probe_seconds.get(probe, 0.0) + seconds / len(askers[key])
        depth += 1
        plans = defaultdict(Plan)
        remaining = False
        for staged in checks:
            if staged.stage_at(depth) is None or staged.error is not None:
                continue
            remaining = True
            try:
                add_stage(plans, staged, depth, build_stage(staged, depth))
            except Exception as error:  # one broken probe must not hide the other verdicts
                staged.error = f"probe {staged.probe.name!r} failed in stage {staged.stage_at(depth).name!r}: {type(error).__name__}: {error}"
        if not remaining:
            return out
