"""The audit result as written to ``<name>.json``: the evidence file CI scripts and auditors read.

The layout is versioned by ``schema_version``; a change that removes or renames a field bumps the major
number. The HTML report is rendered from this object alone, so nothing in the report is absent here.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from ..measurement import Group, Sample
from ..policy import Citation, Localized, Threshold
from ..verdict import Verdict

SCHEMA_VERSION = "1.0"


class RuleResult(BaseModel):
    id: str
    policy: str
    title: Localized
    cites: list[Citation]
    severity: Literal["blocking", "warning", "info"]
    verdict: Verdict
    reason: str
    probe: str | None = None
    metric: str | None = None
    value: float | None = None
    interval: tuple[float, float] | None = None
    threshold: Threshold | None = None
    n: int = 0
    min_samples: int = 0
    manual: Localized | None = None
    attestation: dict[str, str] | None = None
    groups: list[Group] = Field(default_factory=list)
    samples: list[Sample] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    chart: list[Group] = Field(default_factory=list)
    chart_reference: float | None = None
    chart_label: str | None = None


class RequestStats(BaseModel):
    asked: int = Field(description="requests the rules asked for, before deduplication")
    unique: int
    reused: int = Field(description="answered from the response store of an earlier (interrupted) run")
    computed: int
    model_calls: int = Field(description="batched calls into the lm-eval LM")


class FileHash(BaseModel):
    path: str
    sha256: str


class Manifest(BaseModel):
    hegui_version: str
    command: list[str]
    started: str
    finished: str
    duration_s: float
    seed: int
    model: dict[str, Any]
    policies: list[FileHash]
    data: list[FileHash]
    packages: dict[str, str]
    platform: dict[str, str]
    requests: RequestStats
    store: str | None = None
    show_raw_pii: bool = False
    judge: dict[str, Any] | None = None


class AuditResult(BaseModel):
    schema_version: str = SCHEMA_VERSION
    name: str
    gate: Literal["cleared", "blocked"]
    exit_code: int
    strict: bool
    summary: dict[str, int]
    rules: list[RuleResult]
    manifest: Manifest
    signoffs: list[dict[str, str]] = Field(default_factory=list)
    integrity: dict[str, str] | None = None
    disclaimer: str = (
        "hegui supports, and does not certify, legal compliance: verdicts measure model behaviour on the "
        "listed test banks; manual checks need a person's attestation."
    )
