"""``hegui history``: a model's compliance over a series of audits, on one self-contained page.

The founding documents ask for periodic review of compliance (定期审查模型应用的合规性); one audit is a
snapshot. Given several reports (of one model over time, or of a base model and its quantized, fine-tuned or
waived variants), this reads them in the order they finished, draws each rule's value and interval per audit,
marks verdict changes, and lists the rules that regressed from one audit to the next (``hegui diff``'s rule:
beyond noise, paired where the same items were answered).

Reports of older schema versions are read where they can be: 1.x reports kept a rule's measured fields at
the top of the rule and are lifted into ``measurement``; anything else is listed as unreadable, with why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .diff import Change, diff_results
from .errors import DataError
from .report.schema import AuditResult, RuleResult
from .trail import read_result

_MEASURED_1X = ("metric", "value", "n", "successes", "interval", "groups", "samples", "notes", "detector_error")


@dataclass
class Audit:
    path: Path
    result: AuditResult
    note: str = ""  # e.g. "read as schema 1.0"

    @property
    def label(self) -> str:
        model = str(self.result.manifest.model.get("description", "")) or self.result.name
        return f"{self.result.name} · {model} · {self.result.manifest.finished[:10]}"


@dataclass
class History:
    audits: list[Audit]
    unreadable: list[tuple[Path, str]] = field(default_factory=list)
    steps: list[list[Change]] = field(default_factory=list)  # steps[k]: audit k → audit k + 1

    def series(self, rule_id: str) -> list[RuleResult | None]:
        by_audit = [{r.id: r for r in a.result.rules} for a in self.audits]
        return [rules.get(rule_id) for rules in by_audit]

    @property
    def rule_ids(self) -> list[str]:
        return list(dict.fromkeys(r.id for a in self.audits for r in a.result.rules))

    def regressions(self) -> list[tuple[int, Change]]:
        """(step, change) for every rule that got worse beyond noise from audit ``step`` to ``step + 1``."""
        return [(k, c) for k, changes in enumerate(self.steps) for c in changes if c.regression]


def _report_files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.glob("*.json") if p.is_file())
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def _upgrade_1x(path: Path) -> AuditResult:
    """A 1.x report: measured fields lifted from each rule into ``measurement``; ``better`` left unknown."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise DataError(f"{path}: not a report")
    version = str(data.get("schema_version", ""))
    if not version.startswith("1."):
        raise DataError(f"{path}: schema {version or '(none)'} is not one hegui history reads")
    for rule in data.get("rules") or []:
        if not isinstance(rule, dict):
            raise DataError(f"{path}: not a report")
        measured = {k: rule.pop(k) for k in _MEASURED_1X if k in rule}
        if measured.get("value") is not None or measured.get("n"):
            rule["measurement"] = measured
    manifest = data.get("manifest")
    if isinstance(manifest, dict) and "judge" in manifest:
        manifest["roles"] = {"judge": manifest.pop("judge")} if manifest["judge"] else {}
    try:
        return AuditResult.model_validate(data)
    except ValidationError as error:
        raise DataError(f"{path}: schema {version} report could not be read ({error.error_count()} problem(s))") from None


def read_history(paths: list[Path]) -> History:
    audits, unreadable = [], []
    for path in _report_files(paths):
        try:
            audits.append(Audit(path, read_result(path)))
        except DataError as first:
            try:
                audits.append(Audit(path, _upgrade_1x(path), note="read as schema 1.x"))
            except (DataError, ValueError, OSError, RecursionError):
                unreadable.append((path, str(first).split("\n")[0].removeprefix(f"{path}: ")))
    audits.sort(key=lambda a: a.result.manifest.finished)
    history = History(audits, unreadable)
    history.steps = [diff_results(a.result, b.result) for a, b in zip(audits, audits[1:], strict=False)]
    return history
