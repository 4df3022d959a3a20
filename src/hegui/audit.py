"""The audit as one function: selected rules → plan → batched model calls → measurements → verdicts.

Kept free of argument parsing and printing so the CLI, the pytest plugin and Python users share it.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import platform
import sys
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .data import sha256_file
from .errors import EXIT_BAD_INPUT, EXIT_BLOCKED, EXIT_CLEARED, EXIT_INCONCLUSIVE, DataError, HeguiError
from .measurement import Measurement
from .models import LoadedModel
from .paths import cache_dir
from .plan import Plan
from .policy import SelectedRule
from .policy.loader import rule_location
from .probes import TARGET, ProbeCheck, get_probe
from .redact import redact_command, redact_result
from .report.schema import AuditResult, FileHash, Manifest, RequestStats, RuleResult, StageRecord
from .run import RunStats, stored
from .stages import StagedCheck, StageStats, Stores, add_stage, build_stage, run_stages
from .verdict import Verdict, apply_waiver, better_direction, decide

PACKAGES = ("lm_eval", "transformers", "torch", "presidio-analyzer", "presidio-anonymizer", "fairlearn", "pydantic")


@dataclass
class PlannedRule:
    selected: SelectedRule
    staged: StagedCheck | None

    @property
    def check(self) -> ProbeCheck | None:
        return self.staged.check if self.staged else None


@dataclass
class AuditPlan:
    """Every rule's cases and first-stage requests, one plan per role, before any model is loaded."""

    rules: list[PlannedRule]
    first: dict[str, Plan] = field(default_factory=dict)
    roles: frozenset[str] = frozenset({TARGET})

    @property
    def plan(self) -> Plan:
        """The target model's first-stage plan (what the console reports before the model loads)."""
        return self.first.get(TARGET, Plan())

    @property
    def data_files(self) -> list[Path]:
        return sorted({p for r in self.rules if r.check for p in (*r.check.suites, *r.check.read)})


def _names_a_file(message: str) -> bool:
    """Does the message start at a file or folder (``/path/bank.jsonl:3: ...``)?"""
    head = message.split(": ", 1)[0]
    try:
        return Path(head.rsplit(":", 2)[0] if head.count(":") else head).exists()
    except (OSError, ValueError):  # not a name the system takes (too long, a NUL): not a file
        return False


def _cases(item: SelectedRule, probe, probe_check: ProbeCheck) -> list:
    """The probe's cases for one rule; a data problem is reported at the rule that asked for the data, and a
    rule with nothing to measure is an error before any model loads."""
    where = f"{rule_location(item.policy_path, item.rule.id)}: rule {item.rule.id}"
    try:
        cases = probe.cases(probe_check)
    except DataError as error:
        if _names_a_file(str(error)):
            raise  # already at the place to fix (a bank's file:line)
        raise DataError(f"{where}: {error}") from None
    if not cases:
        suites = ", ".join(str(s) for s in probe_check.suites) or "its data"
        raise DataError(f"{where}: {suites} gives 0 items to measure")
    return cases


def plan_audit(selected: list[SelectedRule], roles: Iterable[str] = ()) -> AuditPlan:
    """Read every bank once and build every first-stage request before a model is loaded: bad data fails
    fast. ``roles`` names the models the audit will have besides the target (e.g. ``judge``); probes
    whose later stages need a missing role ask nothing they could not use."""
    bound = frozenset({TARGET, *roles})
    first: dict[str, Plan] = {}
    planned: list[PlannedRule] = []
    for item in selected:
        check = item.rule.check
        if check.probe is None:
            planned.append(PlannedRule(item, None))
            continue
        probe = get_probe(check.probe)
        probe_check = ProbeCheck(
            rule_id=item.rule.id,
            metric=check.metric or "",
            suites=tuple((item.base_dir / s).resolve() for s in check.suites),
            params=check.probe_params,
            threshold_min=check.threshold.min if check.threshold else None,
            threshold_max=check.threshold.max if check.threshold else None,
            roles=bound,
            base_dir=item.base_dir.resolve(),
        )
        staged = StagedCheck(item.rule.id, probe, probe_check, _cases(item, probe, probe_check))
        add_stage(first, staged, 0, build_stage(staged, 0))
        planned.append(PlannedRule(item, staged))
    return AuditPlan(planned, first, bound)


def _versions() -> dict[str, str]:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def _rule_result(
    planned: PlannedRule, measurement: Measurement | None, error: str | None, waiver=None, today=None,
    attestation=None,
) -> RuleResult:
    rule = planned.selected.rule
    check = rule.check
    base = dict(
        id=rule.id, policy=planned.selected.policy.policy, title=rule.title, cites=rule.cites,
        severity=rule.severity, probe=check.probe, metric=check.metric, threshold=check.threshold,
        min_samples=check.min_samples, manual=check.manual,
    )
    if check.manual is not None:
        if attestation is None:
            return RuleResult(**base, verdict=Verdict.MANUAL, reason="needs a person's attestation; no model behaviour shows it")
        signed = {k: str(v) for k, v in attestation.model_dump().items()}
        reason = f"attested {attestation.decision} by {attestation.by} ({attestation.role}) on {attestation.date}: {attestation.evidence}"
        verdict = Verdict.MANUAL if attestation.decision == "met" else Verdict.FAIL
        return RuleResult(**base, verdict=verdict, reason=reason, attestation=signed)
    if error is not None or measurement is None:
        return RuleResult(**base, verdict=Verdict.ERROR, reason=error or "no measurement")
    verdict, reason = decide(measurement, check.threshold, check.min_samples)  # type: ignore[arg-type]
    verdict, reason = apply_waiver(verdict, reason, waiver, today or dt.date.today())
    spec = get_probe(check.probe or "").metrics.get(check.metric or "")
    better = measurement.better or better_direction(spec.better if spec else "threshold", check.threshold)
    return RuleResult(**base, verdict=verdict, reason=reason, better=better, measurement=measurement)


def gate(rules: list[RuleResult], strict: bool) -> tuple[str, int]:
    blocking = [r for r in rules if r.severity == "blocking"]
    if any(r.verdict in (Verdict.FAIL, Verdict.ERROR) for r in blocking):
        return "blocked", EXIT_BLOCKED
    if strict and any(r.verdict == Verdict.INCONCLUSIVE for r in blocking):
        return "blocked", EXIT_INCONCLUSIVE
    return "cleared", EXIT_CLEARED


def _measure(planned: PlannedRule) -> tuple[Measurement | None, str | None]:
    staged = planned.staged
    if staged is None:
        return None, None
    if staged.error is not None:
        return None, staged.error
    try:
        return staged.probe.measure(staged.check, staged.cases, staged.answers), None
    except Exception as exc:  # one broken probe must not hide the other verdicts
        return None, f"probe {staged.probe.name!r} failed: {type(exc).__name__}: {exc}"


def decide_rules(audit_plan: AuditPlan, waivers=None, attestations=None, today=None) -> list[RuleResult]:
    results = []
    for planned in audit_plan.rules:
        measurement, error = _measure(planned)
        rule_id = planned.selected.rule.id
        waiver = next((w for w in waivers or [] if w.rule == rule_id), None)
        attestation = next((a for a in attestations or [] if a.rule == rule_id), None)
        results.append(_rule_result(planned, measurement, error, waiver, today, attestation))
    return results


def _request_stats(stages: list[StageStats], role: str) -> RequestStats:
    total, asked = RunStats(), 0
    for stage in stages:
        if stage.role == role:
            total.add(stage.stats)
            asked += stage.asked
    return RequestStats(asked=asked, **total.counts())


def build_manifest(
    audit_plan: AuditPlan, models: Mapping[str, LoadedModel], stages: list[StageStats], started: dt.datetime,
    duration_s: float, seed: int, command: list[str] | None, store_path: Path, show_pii: bool,
) -> Manifest:
    """What ran, on what, with which inputs (hashed), and how many requests each stage made."""
    return Manifest(
        hegui_version=__version__,
        command=redact_command(command if command is not None else sys.argv),  # no key, token or password
        started=started.isoformat(timespec="seconds"),
        finished=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        duration_s=round(duration_s, 3),
        seed=seed,
        model=models[TARGET].manifest(),
        policies=[
            FileHash(path=str(p), sha256=sha256_file(p))
            for p in sorted({r.selected.policy_path for r in audit_plan.rules})
        ],
        data=[FileHash(path=str(p), sha256=sha256_file(p)) for p in audit_plan.data_files],
        packages={"hegui": __version__, **_versions()},
        platform={"python": sys.version.split()[0], "system": platform.platform(), "machine": platform.machine()},
        requests=_request_stats(stages, TARGET),
        stages=[StageRecord(stage=s.depth + 1, role=s.role, asked=s.asked, **s.stats.counts()) for s in stages],
        store=str(store_path),
        show_raw_pii=show_pii,
        roles={role: m.manifest() for role, m in models.items() if role != TARGET},
    )


def _timing(before: Mapping[str, float] | None, stages: list[StageStats], decide_s: float) -> dict[str, float]:
    timing = dict(before or {})
    timing["model_calls"] = sum(s.stats.seconds for s in stages)
    probes: dict[str, float] = {}
    for stage in stages:
        for probe, seconds in stage.probe_seconds.items():
            probes[probe] = probes.get(probe, 0.0) + seconds
    timing.update({f"probe:{name}": seconds for name, seconds in sorted(probes.items())})
    timing["decide"] = decide_s
    return {name: round(seconds, 3) for name, seconds in timing.items()}


def _rules_of_keys(audit_plan: AuditPlan, role: str) -> dict[str, set[str]]:
    """The rules that asked each first-stage request of ``role``."""
    out: dict[str, set[str]] = {}
    for planned in audit_plan.rules:
        stage = planned.staged.stage_at(0) if planned.staged else None
        if stage is not None and stage.role == role:
            for _, _, key in planned.staged.pending:
                out.setdefault(key, set()).add(planned.selected.rule.id)
    return out


def run_audit(
    audit_plan: AuditPlan,
    model: LoadedModel,
    *,
    name: str = "audit",
    strict: bool = False,
    store_dir: Path | str | None = None,
    chunk_size: int = 64,
    progress: bool = True,
    seed: int = 1234,
    command: list[str] | None = None,
    show_pii: bool = False,
    waivers: list | None = None,
    today: dt.date | None = None,
    attestations: list | None = None,
    roles: Mapping[str, LoadedModel] | None = None,
    timing: Mapping[str, float] | None = None,
) -> AuditResult:
    """Run the plan's stages on the models bound to their roles and decide every rule.

    ``model`` answers the ``target`` role; ``roles`` binds the others the plan was made for (``judge``...).
    Samples in the result are masked for personal data unless ``show_pii`` is set; the choice is recorded
    in the manifest and shown in the report. ``timing`` carries the seconds of phases before this call
    (plan, model_load) into the manifest, which adds model_calls, each probe's share, and decide.
    """
    import torch

    models = {TARGET: model, **(roles or {})}
    if set(models) != set(audit_plan.roles):
        raise HeguiError(f"the plan was made for roles {sorted(audit_plan.roles)}, the audit has models for {sorted(models)}")
    for role, plan in audit_plan.first.items():  # e.g. loglikelihood on a chat API: exit 2 before any call
        if role in models:
            models[role].check_kinds(plan, _rules_of_keys(audit_plan, role), role)
    torch.manual_seed(seed)
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    stores = Stores(Path(store_dir) if store_dir else cache_dir() / "responses")
    try:
        checks = [r.staged for r in audit_plan.rules if r.staged is not None]
        stages = run_stages(checks, audit_plan.first, models, stores, chunk_size=chunk_size, progress=progress)
        target_store = stores.of(model)
        store_path = target_store.path
        responses_sha256 = target_store.seal(
            {key: stored(answer) for stage in stages if stage.role == TARGET for key, answer in stage.answers.items()}
        )
    finally:
        stores.close()
    decide_clock = time.perf_counter()
    results = decide_rules(audit_plan, waivers, attestations, today)
    gate_decision, exit_code = gate(results, strict)
    manifest = build_manifest(audit_plan, models, stages, started, time.perf_counter() - clock, seed, command, store_path, show_pii)
    manifest.responses_sha256 = responses_sha256
    manifest.timing = _timing(timing, stages, time.perf_counter() - decide_clock)
    result = AuditResult(
        name=name,
        gate=gate_decision,
        exit_code=exit_code,
        strict=strict,
        summary=dict(Counter(r.verdict.value for r in results)),
        rules=results,
        manifest=manifest,
    )
    return result if show_pii else redact_result(result)


__all__ = ["EXIT_BAD_INPUT", "AuditPlan", "decide_rules", "gate", "plan_audit", "run_audit"]
