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
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .data import sha256_file
from .errors import EXIT_BAD_INPUT, EXIT_BLOCKED, EXIT_CLEARED, EXIT_INCONCLUSIVE
from .measurement import Measurement
from .models import LoadedModel
from .paths import cache_dir
from .plan import Plan
from .policy import SelectedRule
from .probes import ProbeCheck, get_probe
from .redact import redact_result
from .report.schema import AuditResult, FileHash, Manifest, RequestStats, RuleResult
from .run import execute
from .store import ResponseStore
from .verdict import Verdict, apply_waiver, decide

PACKAGES = ("lm_eval", "transformers", "torch", "presidio-analyzer", "presidio-anonymizer", "fairlearn", "pydantic")


@dataclass
class PlannedRule:
    selected: SelectedRule
    check: ProbeCheck | None
    keys: list[str] = field(default_factory=list)


@dataclass
class AuditPlan:
    rules: list[PlannedRule]
    plan: Plan

    @property
    def data_files(self) -> list[Path]:
        return sorted({p for r in self.rules if r.check for p in r.check.suites})


def plan_audit(selected: list[SelectedRule], judge: bool = False) -> AuditPlan:
    """Read every bank and collect every request before a model is loaded: bad data fails fast.

    ``judge`` says whether a judge model will grade answers; probes that need one ask nothing without it.
    """
    plan = Plan()
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
            params=probe.Params.model_validate(check.params),
            threshold_min=check.threshold.min if check.threshold else None,
            threshold_max=check.threshold.max if check.threshold else None,
            judge=judge,
        )
        keys = plan.add(probe.requests(probe_check))
        planned.append(PlannedRule(item, probe_check, keys))
    return AuditPlan(planned, plan)


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
    return RuleResult(
        **base, verdict=verdict, reason=reason, value=measurement.value, interval=measurement.interval,
        n=measurement.n, groups=measurement.groups, samples=measurement.samples, notes=measurement.notes,
        chart=measurement.chart, chart_reference=measurement.chart_reference, chart_label=measurement.chart_label,
    )


def _judge_stage(audit_plan, responses, judge, store_dir, chunk_size, progress) -> dict[str, list]:
    """Second stage for probes whose answers another model grades: one plan, one batched run, its own
    store (keyed by the judge's fingerprint, so judge answers resume like any others)."""
    if judge is None:
        return {}
    plan, keys = Plan(), {}
    for planned in audit_plan.rules:
        probe = get_probe(planned.selected.rule.check.probe or "") if planned.check else None
        if probe is not None and probe.needs_judge:
            pairs = [(audit_plan.plan.requests[k], responses[k]) for k in planned.keys]
            keys[planned.selected.rule.id] = plan.add(probe.judge_requests(planned.check, pairs))
    if not keys:
        return {}
    store = ResponseStore.for_model(Path(store_dir) if store_dir else cache_dir() / "responses", judge.fingerprint, judge.description)
    try:
        answers, _ = execute(plan, judge, store, chunk_size=chunk_size, progress=progress)
    finally:
        store.close()
    return {rule_id: [(plan.requests[k], answers[k]) for k in ks] for rule_id, ks in keys.items()}


def gate(rules: list[RuleResult], strict: bool) -> tuple[str, int]:
    blocking = [r for r in rules if r.severity == "blocking"]
    if any(r.verdict in (Verdict.FAIL, Verdict.ERROR) for r in blocking):
        return "blocked", EXIT_BLOCKED
    if strict and any(r.verdict == Verdict.INCONCLUSIVE for r in blocking):
        return "blocked", EXIT_INCONCLUSIVE
    return "cleared", EXIT_CLEARED


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
    judge: LoadedModel | None = None,
) -> AuditResult:
    """Run the plan on the model and decide every rule.

    Samples in the result are masked for personal data unless ``show_pii`` is set; the choice is recorded
    in the manifest and shown in the report.
    """
    import torch

    torch.manual_seed(seed)
    started = dt.datetime.now(dt.UTC)
    clock = time.perf_counter()
    store = ResponseStore.for_model(Path(store_dir) if store_dir else cache_dir() / "responses", model.fingerprint, model.description)
    try:
        responses, stats = execute(audit_plan.plan, model, store, chunk_size=chunk_size, progress=progress)
    finally:
        store.close()
    judged = _judge_stage(audit_plan, responses, judge, store_dir, chunk_size, progress)

    results = []
    for planned in audit_plan.rules:
        measurement, error = None, None
        if planned.check is not None:
            probe = get_probe(planned.selected.rule.check.probe or "")
            pairs = [(audit_plan.plan.requests[k], responses[k]) for k in planned.keys]
            try:
                if probe.needs_judge:
                    measurement = probe.measure_judged(planned.check, pairs, judged.get(planned.selected.rule.id))
                else:
                    measurement = probe.measure(planned.check, pairs)
            except Exception as exc:  # one broken probe must not hide the other verdicts
                error = f"probe {probe.name!r} failed: {type(exc).__name__}: {exc}"
        rule_id = planned.selected.rule.id
        waiver = next((w for w in waivers or [] if w.rule == rule_id), None)
        attestation = next((a for a in attestations or [] if a.rule == rule_id), None)
        results.append(_rule_result(planned, measurement, error, waiver, today, attestation))

    gate_decision, exit_code = gate(results, strict)
    finished = dt.datetime.now(dt.UTC)
    manifest = Manifest(
        hegui_version=__version__,
        command=command if command is not None else sys.argv,
        started=started.isoformat(timespec="seconds"),
        finished=finished.isoformat(timespec="seconds"),
        duration_s=round(time.perf_counter() - clock, 3),
        seed=seed,
        model=model.manifest(),
        policies=[
            FileHash(path=str(p), sha256=sha256_file(p))
            for p in sorted({r.selected.policy_path for r in audit_plan.rules})
        ],
        data=[FileHash(path=str(p), sha256=sha256_file(p)) for p in audit_plan.data_files],
        packages={"hegui": __version__, **_versions()},
        platform={"python": sys.version.split()[0], "system": platform.platform(), "machine": platform.machine()},
        requests=RequestStats(asked=audit_plan.plan.asked, **vars(stats)),
        store=str(store.path),
        show_raw_pii=show_pii,
        judge=judge.manifest() if judge else None,
    )
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


__all__ = ["EXIT_BAD_INPUT", "AuditPlan", "gate", "plan_audit", "run_audit"]
