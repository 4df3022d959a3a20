"""Typed policy files: what a rule may say, validated before any model is loaded.

Validation needs two pieces of context: the policy file's folder (suite paths are relative to it) and the
probe registry (a check's metric, threshold range and parameters are the probe's to define). Both arrive
through pydantic's validation context, so the errors they raise carry the exact key path.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..probes import registry
from ..suggest import did_you_mean

RULE_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"


suggestion = did_you_mean


def _is_file(path: Path, or_folder: bool = False) -> bool:
    """``Path.is_file`` (or ``exists``) that answers False, not OSError, for a name the system refuses
    (too long, a NUL inside)."""
    try:
        return path.exists() if or_folder else path.is_file()
    except (OSError, ValueError):
        return False


def _require_policy_paths(paths: list[str], info: ValidationInfo, files_only: bool) -> list[str]:
    """Policy paths named inside a policy or profile exist, relative to the file that names them."""
    base = (info.context or {}).get("base_dir")
    for path in paths:
        target = Path(base) / path if base is not None else None
        if target is not None and not _is_file(target, or_folder=not files_only):
            raise PydanticCustomError("policy_missing", "policy file not found: {path}", {"path": path})
    return paths


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    """Chinese first: the instruments are Chinese; the English is a gloss for readers who need one."""

    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Citation(Strict):
    law: str = Field(min_length=1)
    article: str = Field(min_length=1)
    quote: str | None = None
    gloss: str | None = None


class Threshold(Strict):
    """A numeric bound: numbers only (no "0.9" strings, no booleans), finite (NaN never compares, so a NaN
    bound would pass every model)."""

    min: float | None = Field(default=None, strict=True, allow_inf_nan=False)
    max: float | None = Field(default=None, strict=True, allow_inf_nan=False)
    basis: Literal["clause", "tolerance", "heuristic", "override"] | None = Field(
        default=None,
        description="where the number comes from. clause: the cited clause sets it; tolerance: the cited clause "
        "states the duty without a number (shall not disclose) and the number is hegui's allowance for measurement "
        "noise; heuristic: neither the duty nor the number is in the cited law (never blocking by default); "
        "override: set by a profile or an extending policy",
    )
    source: str | None = Field(default=None, description="the clause and what it says, or the heuristic's own source")

    @model_validator(mode="after")
    def _one_side(self) -> Threshold:
        if self.min is None and self.max is None:
            raise PydanticCustomError("threshold_empty", "a threshold needs 'min' or 'max'")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise PydanticCustomError("threshold_order", "'min' is larger than 'max'")
        if (self.basis is None) != (self.source is None) and self.basis != "override":
            raise PydanticCustomError("threshold_basis", "a threshold's 'basis' and 'source' go together")
        return self


def threshold_range_problem(probe: str | None, metric: str | None, threshold: Threshold | None) -> str | None:
    """Why ``threshold`` cannot bound ``metric`` (a side outside the metric's range), or None. Used for a
    policy's own thresholds and for every override of them, so a profile cannot set what a policy could not."""
    if threshold is None or probe is None or probe not in registry() or metric not in registry()[probe].metrics:
        return None
    spec = registry()[probe].metrics[metric]
    for side in ("min", "max"):
        value = getattr(threshold, side)
        if value is not None and not spec.low <= value <= spec.high:
            return f"{side} {value} is outside the range of metric {metric!r}: [{spec.low}, {spec.high}]"
    return None


class Check(Strict):
    """One measurable check (``probe``) or one attestation a person must make (``manual``)."""

    probe: str | None = None
    manual: Localized | None = None
    suite: str | list[str] | None = None
    metric: str | None = None
    threshold: Threshold | None = None
    min_samples: int = Field(default=1, ge=0)
    params: dict[str, Any] = Field(default_factory=dict)
    _probe_params: Any = PrivateAttr(default=None)

    @property
    def probe_params(self) -> BaseModel:
        """``params`` validated by the probe's own model. The policy loader does this once, reporting
        every bad key with its file:line; a check built in Python is validated here on first use."""
        if self._probe_params is None and self.probe is not None:
            self._probe_params = registry()[self.probe].Params.model_validate(self.params)
        return self._probe_params

    @field_validator("probe")
    @classmethod
    def _known_probe(cls, probe: str | None) -> str | None:
        if probe is None:
            return None
        known = sorted(registry())
        if probe not in known:
            raise PydanticCustomError(
                "unknown_probe",
                "unknown probe {probe}{hint}; known probes: {known}",
                {"probe": repr(probe), "hint": suggestion(probe, known), "known": ", ".join(known)},
            )
        return probe

    @field_validator("suite")
    @classmethod
    def _suite_exists(cls, suite: str | list[str] | None, info: ValidationInfo) -> str | list[str] | None:
        base = (info.context or {}).get("base_dir")
        if suite is None or base is None:
            return suite
        if not isinstance(suite, str) and not suite:
            raise PydanticCustomError("suite_empty", "an empty list of suite files")
        for path in [suite] if isinstance(suite, str) else suite:
            if not _is_file(Path(base) / path):
                raise PydanticCustomError(
                    "suite_missing",
                    "suite file not found: {path} (looked in {where})",
                    {"path": path[:200], "where": str((Path(base) / path[:200]).resolve().parent)},
                )
        return suite

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, metric: str | None, info: ValidationInfo) -> str | None:
        probe = info.data.get("probe")
        if metric is None or probe is None:
            return metric
        known = sorted(registry()[probe].metrics)
        if metric not in known:
            raise PydanticCustomError(
                "unknown_metric",
                "unknown metric {metric} for probe {probe}{hint}; its metrics: {known}",
                {"metric": repr(metric), "probe": repr(probe), "hint": suggestion(metric, known), "known": ", ".join(known)},
            )
        return metric

    @field_validator("threshold")
    @classmethod
    def _threshold_in_range(cls, threshold: Threshold | None, info: ValidationInfo) -> Threshold | None:
        problem = threshold_range_problem(info.data.get("probe"), info.data.get("metric"), threshold)
        if problem:
            raise PydanticCustomError("threshold_range", problem)
        return threshold

    @model_validator(mode="after")
    def _complete(self) -> Check:
        if (self.probe is None) == (self.manual is None):
            raise PydanticCustomError("check_kind", "a check needs exactly one of 'probe' or 'manual'")
        if self.probe is not None:
            probe_cls = registry()[self.probe]
            missing = [k for k in ("metric", "threshold") if getattr(self, k) is None]
            if probe_cls.needs_suite and self.suite is None:
                missing.insert(0, "suite")
            if missing:
                raise PydanticCustomError(
                    "check_incomplete",
                    "probe {probe} needs {missing}",
                    {"probe": repr(self.probe), "missing": ", ".join(repr(m) for m in missing)},
                )
        return self

    @property
    def suites(self) -> list[str]:
        if self.suite is None:
            return []
        return [self.suite] if isinstance(self.suite, str) else list(self.suite)


class Rule(Strict):
    id: str = Field(pattern=RULE_ID_PATTERN)
    title: Localized
    cites: list[Citation] = Field(min_length=1)
    severity: Literal["blocking", "warning", "info"] = "blocking"
    description: Localized | None = None
    check: Check


class RuleOverride(Strict):
    threshold: Threshold | None = None
    min_samples: int | None = Field(default=None, ge=0)
    severity: Literal["blocking", "warning", "info"] | None = None


class NotCovered(Strict):
    """An article the pack knows about and does not test, said out loud so coverage is honest."""

    law: str = Field(min_length=1)
    article: str = Field(min_length=1)
    why: str = Field(min_length=1)


class Policy(Strict):
    policy: str = Field(pattern=RULE_ID_PATTERN)
    title: Localized
    version: str | None = None
    jurisdiction: str | None = None
    effective: dt.date | None = Field(default=None, strict=False)  # "2023-08-15" quoted is a date too
    source: str | None = None
    supersedes: str | None = None
    extends: list[str] = Field(default_factory=list, description="policy files whose rules this one inherits")
    overrides: dict[str, RuleOverride] = Field(default_factory=dict, description="per inherited rule")
    not_covered: list[NotCovered] = Field(default_factory=list)
    rules: list[Rule] = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_rules(self) -> Policy:
        if not self.rules and not self.extends:
            raise PydanticCustomError("no_rules", "a policy needs 'rules' (or 'extends' another policy)")
        return self

    @field_validator("extends")
    @classmethod
    def _bases_exist(cls, extends: list[str], info: ValidationInfo) -> list[str]:
        return _require_policy_paths(extends, info, files_only=True)

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, rules: list[Rule]) -> list[Rule]:
        seen: set[str] = set()
        for rule in rules:
            if rule.id in seen:
                raise PydanticCustomError("duplicate_rule", "rule id {id} appears twice", {"id": repr(rule.id)})
            seen.add(rule.id)
        return rules


class Profile(Strict):
    """A selection of policies and rules for one market, with threshold overrides."""

    profile: str = Field(pattern=RULE_ID_PATTERN)
    title: Localized
    policies: list[str] = Field(min_length=1)
    rules: list[str] = Field(default_factory=lambda: ["*"])
    overrides: dict[str, RuleOverride] = Field(default_factory=dict)

    @field_validator("policies")
    @classmethod
    def _policies_exist(cls, policies: list[str], info: ValidationInfo) -> list[str]:
        return _require_policy_paths(policies, info, files_only=False)


class Waiver(Strict):
    """An accepted, time-limited exception: a FAIL becomes a visible WAIVED until ``expires``."""

    rule: str = Field(min_length=1)
    reason: str = Field(min_length=1)
    approver: str = Field(min_length=1)
    expires: dt.date = Field(strict=False)  # a quoted date is still a date
    ticket: str | None = None


class WaiverFile(Strict):
    waivers: list[Waiver] = Field(min_length=1)


class Attestation(Strict):
    """A person's statement on a manual check: what no model behaviour can show."""

    rule: str = Field(min_length=1)
    by: str = Field(min_length=1)
    role: str = Field(min_length=1)
    date: dt.date = Field(strict=False)
    decision: Literal["met", "not met"]
    evidence: str = Field(min_length=1)


class AttestationFile(Strict):
    attestations: list[Attestation] = Field(min_length=1)
