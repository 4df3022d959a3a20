"""Run the default shipped policies on HashLM and dump per-rule results (run under old and new code)."""
import json
import sys
import time

sys.path.insert(0, "/work/main/tests")
from scripted import HashLM

from hegui.audit import plan_audit, run_audit
from hegui.models import wrap_lm
from hegui.paths import shipped_policies
from hegui.policy import select_rules

clock = time.perf_counter()
plan = plan_audit(select_rules([shipped_policies()]))
result = run_audit(plan, wrap_lm(HashLM(), "hash"), progress=False, show_pii=True, store_dir=sys.argv[2])
out = {"requests": result.manifest.requests.model_dump(exclude={"seconds"}), "rules": [
    {"id": r.id, "verdict": str(r.verdict), "value": r.value, "interval": list(r.interval) if r.interval else None, "n": r.n,
     "reason": r.reason, "notes": list(r.notes), "groups": [g.model_dump() for g in r.groups],
     "samples": [s.model_dump() for s in r.samples]} for r in result.rules]}
json.dump(out, open(sys.argv[1], "w"), ensure_ascii=False, indent=1)
print(f"{len(result.rules)} rules in {time.perf_counter() - clock:.0f} s", {k: v for k, v in result.summary.items()})
