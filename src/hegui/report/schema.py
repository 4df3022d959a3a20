"""The audit result as written to ``<name>.json``: the evidence file CI scripts and auditors read.

The layout is versioned by ``schema_version``; a change that removes or renames a field bumps the major
number. The HTML report is rendered from this object alone, so nothing in the report is absent here.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from ..measurement import Group, Measurement, Sample
from ..policy import Citation, Localized, Threshold
from ..verdict import Verdict

SCHEMA_VERSION = "2.1"


class RuleResult(BaseModel):
    """One rule's verdict, with what it cites and the measurement it was decided on."""

    id: str = Field(description="the rule id, unique within the audit")
    policy: str = Field(description="the policy (law pack) the rule comes from")
    title: Localized = Field(description="what the rule requires, in Chinese and English")
    cites: list[Citation] = Field(description="the law articles the rule enforces")
    severity: Literal["blocking", "warning", "info"] = Field(description="blocking rules decide the gate")
    verdict: Verdict = Field(description="decided on the whole 95% interval; see hegui.verdict")
    reason: str = Field(description="why this verdict, in one sentence with the numbers")
    probe: str | None = Field(default=None, description="the probe that measured it (none for manual checks)")
    metric: str | None = Field(default=None, description="the probe metric the threshold applies to")
    threshold: Threshold | None = Field(default=None, description="the rule's threshold (after profile overrides)")
    better: Literal["higher", "lower"] | None = Field(
        default=None, description="which way the metric is better for this rule (from the probe, or the threshold's side)"
    )
    min_samples: int = Field(default=0, description="fewer measured samples than this is INCONCLUSIVE")
    manual: Localized | None = Field(default=None, description="what a person must attest, for manual checks")
    attestation: dict[str, str] | None = Field(default=None, description="the attestation given, if any")
    measurement: Measurement | None = Field(default=None, description="the measured value, interval and evidence")

    # The measurement's fields, read through the rule (report templates, console, diff).
    @property
    def value(self) -> float | None:
        return self.measurement.value if self.measurement else None

    @property
    def interval(self) -> tuple[float, float] | None:
        return self.measurement.interval if self.measurement else None

    @property
    def n(self) -> int:
        return self.measurement.n if self.measurement else 0

    @property
    def groups(self) -> list[Group]:
        return self.measurement.groups if self.measurement else []

    @property
    def samples(self) -> list[Sample]:
        return self.measurement.samples if self.measurement else []

    @property
    def notes(self) -> list[str]:
        return self.measurement.notes if self.measurement else []

    @property
    def chart(self) -> list[Group]:
        return self.measurement.chart if self.measurement else []

    @property
    def chart_reference(self) -> float | None:
        return self.measurement.chart_reference if self.measurement else None

    @property
    def chart_label(self) -> str | None:
        return self.measurement.chart_label if self.measurement else None


class RequestStats(BaseModel):
    asked: int = Field(description="requests the rules asked for, before deduplication")
    unique: int = Field(description="distinct requests after deduplication")
    reused: int = Field(description="answered from the response store of an earlier (interrupted) run")
    computed: int = Field(description="answered by the model in this run")
    model_calls: int = Field(description="batched calls into the lm-eval LM")
    seconds: float = Field(default=0.0, description="wall-clock seconds spent inside those calls")


class StageRecord(RequestStats):
    """The requests of one stage and role (stage 1: built from the banks; later: from earlier answers)."""

    stage: int = Field(description="1 for the first stage")
    role: str = Field(description="the role that answered: target, judge, attacker, ...")


class FileHash(BaseModel):
    path: str = Field(description="as given to the audit")
    sha256: str = Field(description="hex digest of the file's bytes at audit time")


class Manifest(BaseModel):
    """What ran, on what, with what inputs: enough to repeat the audit and to check its inputs."""

    hegui_version: str = Field(description="the hegui that wrote this file")
    command: list[str] = Field(description="the command line, secrets redacted")
    started: str = Field(description="ISO 8601, UTC")
    finished: str = Field(description="ISO 8601, UTC")
    duration_s: float = Field(description="wall-clock seconds of the run")
    seed: int = Field(description="torch seed of the run")
    model: dict[str, Any] = Field(description="the target model: type, args (redacted), identity, fingerprint")
    policies: list[FileHash] = Field(description="policy files the rules came from")
    data: list[FileHash] = Field(description="bank files the probes read")
    packages: dict[str, str] = Field(description="versions of hegui and the libraries that shape results")
    platform: dict[str, str] = Field(description="python, system and machine")
    requests: RequestStats = Field(description="the target model's requests over all stages")
    stages: list[StageRecord] = Field(default_factory=list, description="requests per stage and role")
    store: str | None = Field(default=None, description="the target model's response store")
    responses_sha256: str | None = Field(
        default=None,
        description="digest of the target model's answers this audit used (sorted [key, answer] pairs, canonical "
        "JSON); the store records which rows under it, and hegui verify recomputes it when the store is at hand",
    )
    timing: dict[str, float] = Field(
        default_factory=dict,
        description="wall-clock seconds by phase: plan (banks read, requests built), model_load, model_calls, decide; "
        "and model-call seconds by the probe that asked (probe:<name>; a request two probes share is split between them)",
    )
    show_raw_pii: bool = Field(default=False, description="True: samples were written unmasked (--show-pii)")
    roles: dict[str, dict[str, Any]] = Field(
        default_factory=dict, description="models bound to roles other than the target (judge, attacker, ...)"
    )


class Signoff(BaseModel):
    """A reviewer's decision, bound to the results it was given on."""

    by: str
    role: str
    decision: Literal["approve", "reject"]
    comment: str = ""
    date: str = Field(description="YYYY-MM-DD")
    results_sha256: str = Field(description="integrity.results_sha256 when the sign-off was given")
    envelope: dict[str, Any] | None = Field(
        default=None,
        description="hegui sign --key: a DSSE envelope (Ed25519) over an in-toto statement whose subject is the "
        "results digest and whose predicate is this sign-off, its position and the digest of the sign-offs before it",
    )


class Integrity(BaseModel):
    algorithm: Literal["sha256"] = "sha256"
    results_sha256: str = Field(description="sha256 of this file's canonical JSON without integrity and signoffs")
    html_sha256: str = Field(description="sha256 of the HTML report rendered from these results")


class BaselineRule(BaseModel):
    """One rule against the previous audit it was compared with (``--baseline``)."""

    verdict: Verdict | None = Field(default=None, description="the baseline's verdict (none: the rule is new)")
    value: float | None = Field(default=None, description="the baseline's measured value")
    direction: Literal["better", "worse", "same", "new"] = Field(
        description="by verdict first, then by value on the rule's better side")
    regression: bool = Field(default=False, description="worse beyond noise, as hegui diff decides it")
    paired: str | None = Field(default=None, description="the paired (McNemar) comparison when both audits answered the same items")


class Baseline(BaseModel):
    """The previous audit this one was compared with: ``hegui audit --baseline REPORT.json``."""

    name: str = Field(description="the baseline report's name")
    model: str = Field(description="the baseline's model, as its manifest describes it")
    finished: str = Field(description="when the baseline audit finished")
    results_sha256: str | None = Field(default=None, description="the baseline's sealed results digest")
    rules: dict[str, BaselineRule] = Field(default_factory=dict, description="per rule id of this audit")


class AuditResult(BaseModel):
    """The evidence file ``<name>.json``."""

    schema_version: str = Field(default=SCHEMA_VERSION, description="major.minor; the major changes when a field is removed or renamed")
    name: str = Field(description="the audit's name (the report file name)")
    gate: Literal["cleared", "blocked"] = Field(description="the release decision")
    exit_code: int = Field(description="0 cleared, 1 blocked by a FAIL/ERROR, 3 blocked by INCONCLUSIVE under --strict")
    strict: bool = Field(description="whether an INCONCLUSIVE blocking rule blocks the gate")
    summary: dict[str, int] = Field(description="how many rules got each verdict")
    rules: list[RuleResult] = Field(description="one entry per rule, in policy order")
    manifest: Manifest
    baseline: Baseline | None = Field(default=None, description="the previous audit compared with (--baseline)")
    signoffs: list[Signoff] = Field(default_factory=list, description="appended by hegui sign, never rewritten")
    integrity: Integrity | None = Field(default=None, description="written when the report is sealed")
    disclaimer: str = (
        "hegui supports, and does not certify, legal compliance: verdicts measure model behaviour on the "
        "listed test banks; manual checks need a person's attestation."
    )
