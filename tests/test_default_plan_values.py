"""The whole shipped default plan on a model whose answers are a pure function of each request (HashLM):
every rule's verdict, value, interval and n must stay exactly what they were. A refactor, a speed-up or a
new runner that changes how requests are built, batched, matched to cases or measured fails here.

The fixture was first written by hegui before the probe-contract change (positional matching) and the
values agreed on all 40 rules and 1,839 samples; the fairness intervals were rewritten once when the
bootstrap moved to scipy. After an intended change, regenerate: HEGUI_REGENERATE=1 pytest this file."""

from __future__ import annotations

import json
import os

from conftest import REPO
from scripted import HashLM

from hegui.audit import plan_audit, run_audit
from hegui.models import wrap_lm
from hegui.paths import shipped_policies
from hegui.policy import select_rules

FIXTURE = REPO / "tests" / "fixtures" / "default_plan_hashlm.json"


def _summary(result) -> dict:
    return {
        "requests": result.manifest.requests.model_dump(exclude={"seconds"}),
        "rules": {r.id: {"verdict": str(r.verdict), "n": r.n,
                         "value": None if r.value is None else round(r.value, 9),
                         "interval": None if r.interval is None else [round(x, 9) for x in r.interval],
                         "samples_against": sum(s.counts_against for s in r.samples)}
                  for r in result.rules},
    }


def test_default_plan_values_are_unchanged(tmp_path):
    plan = plan_audit(select_rules([shipped_policies()]))
    result = run_audit(plan, wrap_lm(HashLM(), "hash"), progress=False, show_pii=True, store_dir=tmp_path)
    got = _summary(result)
    if os.environ.get("HEGUI_REGENERATE"):
        FIXTURE.write_text(json.dumps(got, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    expected = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert got["requests"] == expected["requests"]
    changed = {k: (expected["rules"].get(k), v) for k, v in got["rules"].items() if expected["rules"].get(k) != v}
    assert not changed
    assert set(got["rules"]) == set(expected["rules"])
