"""pytest plugin: audits run, select and report like tests.

``pytest audits/`` collects audit specs (YAML files with a top-level ``audit:`` key) and yields one test
item per rule, so ``-k PIPL``, ``-x`` and ``--junitxml`` work as usual. All items of one spec share one
plan and one batched run of model calls, made when the first item runs. Verdicts map to outcomes:
PASS → passed, FAIL/ERROR → failed (with the reason and evidence), MANUAL → skipped, WAIVED → xfailed,
INCONCLUSIVE → skipped (failed under ``--hegui-strict``).

An audit spec::

    audit:
      name: smollm2                 # report name (reports/<name>.html/.json)
      model: {type: hf, args: "pretrained=PATH"}   # omit for the embedded default model
      profile: cn-genai-filing      # or: policies: [../policies/pipl.yaml, ...]
      waivers: waivers.yaml         # optional
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


def _spec(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["audit"] or {}


def _selected(path: Path):
    from .paths import shipped_policies
    from .policy import find_profile, select_rules

    spec = _spec(path)
    profile = find_profile(spec["profile"], shipped_policies()) if spec.get("profile") else None
    if profile is not None and not profile.is_absolute() and not profile.exists():
        profile = path.parent / profile
    policies = [path.parent / p for p in spec.get("policies", [])]
    return select_rules(policies or ([] if profile else [shipped_policies()]), profile)


def run_spec(path: Path, out_dir: Path):
    """One plan, one batched run for every rule of the spec; cached for the session."""
    if path not in _RESULTS:
        from .audit import plan_audit, run_audit
        from .models import load_model
        from .policy import load_waivers
        from .report import write_report

        spec = _spec(path)
        model_spec = spec.get("model") or {}
        model = load_model(model_spec.get("type"), model_spec.get("args"), model_spec.get("batch_size"))
        waivers = load_waivers(path.parent / spec["waivers"]) if spec.get("waivers") else []
        result = run_audit(
            plan_audit(_selected(path)), model, name=spec.get("name", path.stem), waivers=waivers,
            progress=False, command=["pytest", str(path)],
        )
        write_report(result, out_dir)
        _RESULTS[path] = result
    return _RESULTS[path]


class AuditFile(pytest.File):
    def collect(self):
        for item in _selected(self.path):
            yield AuditItem.from_parent(self, name=item.rule.id, severity=item.rule.severity)


class AuditFailure(Exception):
    pass


class AuditItem(pytest.Item):
    def __init__(self, *, severity: str, **kwargs):
        super().__init__(**kwargs)
        self.severity = severity
        self.add_marker(pytest.mark.hegui)

    def runtest(self):
        result = run_spec(self.path, Path(self.config.getoption("--hegui-out")))
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
        if isinstance(excinfo.value, AuditFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self):
        return self.path, None, f"{self.path.name}::{self.name}"


def pytest_configure(config):
    config.addinivalue_line("markers", "hegui: a rule of a hegui audit spec")


@pytest.fixture(scope="session")
def hegui_model():
    """The embedded default model, loaded once per session (for Python audits)."""
    from .models import load_model

    return load_model()


@pytest.fixture(scope="session")
def audit(hegui_model):
    """``audit(policies=[...], profile=None)`` → AuditResult, sharing the session's model and store."""
    from .audit import plan_audit, run_audit
    from .policy import find_profile, select_rules

    def run(policies=(), profile=None, **options):
        from .paths import shipped_policies

        profile_path = find_profile(profile, shipped_policies()) if profile else None
        selected = select_rules([Path(p) for p in policies] or ([] if profile_path else [shipped_policies()]), profile_path)
        return run_audit(plan_audit(selected), hegui_model, progress=False, **options)

    return run
