"""pytest plugin: audits run, select and report like tests.

``pytest audits/`` collects audit specs (YAML files with a top-level ``audit:`` key) and yields one test
item per rule, so ``-k PIPL``, ``-x`` and ``--junitxml`` work as usual. All items of one spec share one
plan and one batched run of model calls, made when the first item runs. Verdicts map to outcomes:
PASS → passed, FAIL/ERROR → failed (with the reason and evidence), MANUAL → skipped, WAIVED → xfailed,
INCONCLUSIVE → skipped (failed under ``--hegui-strict``).

An audit spec (validated by ``hegui.spec.AuditSpec``, the model the CLI uses too: an unknown key is an
error with file:line)::

    audit:
      name: smollm2                 # report name (reports/<name>.html/.json)
      model: {type: hf, args: "pretrained=PATH"}   # omit for the embedded default model
      judge: {type: hf, args: "pretrained=JUDGE"}  # optional: grades answers (content_safety)
      profile: cn-genai-filing      # or: policies: [../policies/pipl.yaml, ...]
      waivers: waivers.yaml         # optional
      attestations: attestations.yaml   # optional
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

_RESULTS: dict[Path, Any] = {}


def pytest_addoption(parser):
    group = parser.getgroup("hegui")
    group.addoption("--hegui-strict", action="store_true", help="INCONCLUSIVE rules fail instead of skipping")
    group.addoption("--hegui-out", default="reports", help="where audit specs write their reports")


def pytest_collect_file(parent, file_path: Path):
    if file_path.suffix in (".yaml", ".yml") and file_path.name != "waivers.yaml":
        try:
            head = yaml.safe_load(file_path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError):
            return None
        if isinstance(head, dict) and "audit" in head:
            return AuditFile.from_parent(parent, path=file_path)
    return None


class SpecError(Exception):
    """A bad audit spec or policy: reported as its messages (file:line), not as a traceback."""


def _spec(path: Path):
    from .errors import HeguiError
    from .spec import load_audit_spec, select

    try:
        spec = load_audit_spec(path)
        return spec, select(spec)[0]
    except HeguiError as error:
        raise SpecError(str(error)) from None


def run_spec(path: Path, out_dir: Path, strict: bool = False):
    """One plan, one batched run for every rule of the spec; cached for the session."""
    if path not in _RESULTS:
        from .report.html import write_report
        from .spec import run_spec as run

        spec, _ = _spec(path)
        if strict:
            spec = spec.model_copy(update={"strict": True})
        result = run(spec, progress=False, command=["pytest", str(path)])
        write_report(result, out_dir)
        _RESULTS[path] = result
    return _RESULTS[path]


class AuditFile(pytest.File):
    def collect(self):
        _, selected = _spec(self.path)
        for item in selected:
            yield AuditItem.from_parent(self, name=item.rule.id, severity=item.rule.severity)

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, SpecError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)


class AuditFailure(Exception):
    pass


class AuditItem(pytest.Item):
    def __init__(self, *, severity: str, **kwargs):
        super().__init__(**kwargs)
        self.severity = severity
        self.add_marker(pytest.mark.hegui)

    def runtest(self):
        result = run_spec(self.path, Path(self.config.getoption("--hegui-out")), self.config.getoption("--hegui-strict"))
        rule = next(r for r in result.rules if r.id == self.name)
        verdict = rule.verdict.value
        if verdict == "PASS":
            return
        if verdict == "MANUAL":
            pytest.skip(f"manual check: {rule.reason}")
        if verdict == "WAIVED":
            pytest.xfail(rule.reason)
        if verdict == "INCONCLUSIVE" and not self.config.getoption("--hegui-strict"):
            pytest.skip(f"inconclusive: {rule.reason}")
        evidence = [s for s in rule.samples if s.counts_against][:3]
        lines = [f"{verdict} {rule.id} ({rule.severity}): {rule.reason}"]
        lines += [f"  cites: {c.law} {c.article}" for c in rule.cites]
        for sample in evidence:
            lines.append(f"  evidence {sample.id}: {sample.prompt[:80]!r} → {sample.response[:120]!r} [{sample.label}]")
        raise AuditFailure("\n".join(lines))

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, AuditFailure | SpecError):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"{self.path.name}::{self.name}"


def pytest_configure(config):
    config.addinivalue_line("markers", "hegui: a rule of a hegui audit spec")


@pytest.fixture(scope="session")
def hegui_model():
    """The embedded default model, loaded once per session (for Python audits)."""
    from .models import load_lm_eval_model

    return load_lm_eval_model()


@pytest.fixture(scope="session")
def audit(hegui_model):
    """``audit(policies=[...], profile=None, **spec)`` → AuditResult, sharing the session's model.

    Keyword arguments are ``hegui.spec.AuditSpec`` fields (waivers, attestations, strict, ...)."""
    from .spec import AuditSpec, run_spec

    def run(policies=(), profile=None, **options):
        spec = AuditSpec(policies=[str(p) for p in policies], profile=profile, **options)
        return run_spec(spec, progress=False, models={"target": hegui_model})

    return run
