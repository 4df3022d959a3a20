"""The probe contract, garak-style: every registered probe runs plan → scripted models → measure on its own
declared example; metadata that breaks the contract is refused when a probe registers."""

from __future__ import annotations

import json
from typing import ClassVar

import pytest
import yaml
from conftest import write_policy
from scripted import ScriptedLM

from hegui.audit import plan_audit, run_audit
from hegui.models import wrap_lm
from hegui.paths import data_root
from hegui.policy import select_rules
from hegui.probes import MetricSpec, Probe, registry
from hegui.probes.base import TARGET, Case
from hegui.probes.registry import ProbeRegistrationError, metadata_problems, register

PROBES = sorted(registry())


def test_the_built_in_probes_come_from_entry_points():
    assert PROBES == ["attack", "bank_coverage", "benchmark", "bias_qa", "content_safety", "fairness", "memorization",
                      "pii_disclosure", "refusal", "refusal_persistence", "safetybench"]


def _example_policy(tmp_path, name: str):
    cls = registry()[name]
    assert cls.example is not None, f"probe {name!r} declares no example check"
    check = dict(cls.example, probe=name, suite=str(data_root() / cls.example["suite"]))
    rule = {"id": f"contract-{name}", "title": {"zh": "契约", "en": "Contract"}, "cites": [{"law": "test", "article": "1"}],
            "check": check}
    return write_policy(tmp_path, yaml.safe_dump([rule], allow_unicode=True), name=f"contract-{name}")


@pytest.mark.parametrize("name", PROBES)
def test_every_probe_runs_plan_model_measure(tmp_path, name):
    cls = registry()[name]
    assert not metadata_problems(cls)
    policy = _example_policy(tmp_path, name)
    extra_roles = [r for r in cls.roles if r != TARGET]
    plan = plan_audit(select_rules([policy]), roles=extra_roles)
    again = plan_audit(select_rules([policy]), roles=extra_roles)
    assert sorted(plan.plan.requests) == sorted(again.plan.requests)  # planning is deterministic
    [planned] = plan.rules
    ids = [c.id for c in planned.staged.cases]
    assert ids and len(ids) == len(set(ids))  # cases have unique, stable ids
    # A model that refuses about half of what it is asked, so multi-stage probes have something to follow up.
    models = {role: wrap_lm(ScriptedLM(refuse=lambda p: len(p) % 2 == 0), f"scripted-{role}", {"role": role}) for role in cls.roles}
    result = run_audit(plan, models.pop(TARGET), roles=models, progress=False, show_pii=True)
    [rule] = result.rules
    assert rule.verdict != "ERROR", rule.reason
    spec = cls.metrics[rule.metric]
    assert rule.n > 0
    assert rule.value is None or spec.low <= rule.value <= spec.high
    assert rule.better in ("higher", "lower")
    if cls.stages:  # every case that asked got an answer for every tag it asked under
        for case in planned.staged.cases:
            assert all(tag for tag in planned.staged.answers.get(case.id, {}))
        stages = {(s.stage, s.role) for s in result.manifest.stages}
        declared = {(i + 1, s.role) for i, s in enumerate(cls.stages)}
        assert (1, cls.stages[0].role) in stages and stages <= declared  # a later stage may have nothing to ask


class _Broken(Probe):
    name = "Broken-Name"
    description = ""
    metrics: ClassVar = {"rate": MetricSpec("r", low=1.0, high=0.0)}
    roles = ("judge",)


def test_bad_metadata_is_refused_at_registration():
    problems = metadata_problems(_Broken)
    assert problems == [
        "name 'Broken-Name' is not a lower-case identifier",
        "has no description",
        "metric 'rate': range [1.0, 0.0] is empty",
        "roles ('judge',) lack 'target'",
        "stage 'ask' is answered by undeclared role 'target'",
        "does not implement cases()",
        "does not implement measure()",
    ]
    with pytest.raises(ProbeRegistrationError, match="Broken-Name"):
        register(_Broken)


def test_duplicate_case_ids_are_an_error_with_file_and_line(tmp_path):
    from hegui.errors import DataError

    bank = tmp_path / "bank.jsonl"
    bank.write_text("".join(json.dumps({"id": i, "prompt": f"问题{i}"}) + "\n" for i in ("a", "b", "a")), encoding="utf-8")
    policy = write_policy(tmp_path, yaml.safe_dump([{
        "id": "r", "title": {"zh": "拒答", "en": "Refusal"}, "cites": [{"law": "t", "article": "1"}],
        "check": {"probe": "refusal", "suite": "bank.jsonl", "metric": "refusal_rate", "threshold": {"min": 0.5}}}]))
    with pytest.raises(DataError) as error:
        plan_audit(select_rules([policy]))
    assert str(error.value) == f"{bank}:3: duplicate case id 'a' (first at {bank}:1)"


def test_cases_are_plain_data():
    case = Case("c1", {"prompt": "p"}, "f:1")
    assert (case["prompt"], case.get("missing", 0)) == ("p", 0)
