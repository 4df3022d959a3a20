"""Old vs new code on SmolLM2's recorded answers: every rule whose requests are all generations in the store."""
import importlib.metadata as md
import importlib.util
import json
import sys

_real = md.entry_points
def _only_present(*a, **k):
    eps = _real(*a, **k)
    return [e for e in eps if importlib.util.find_spec(e.value.split(":")[0]) is not None] if k.get("group") == "hegui.probes" else eps
md.entry_points = _only_present
import hegui.probes

if hasattr(hegui.probes, "entry_points"):
    hegui.probes.entry_points = _only_present
try:
    import hegui.probes.registry as _reg
    _reg.entry_points = _only_present
except ImportError:
    pass
from hegui.audit import plan_audit, run_audit

try:
    from hegui.models import load_lm_eval_model as load
except ImportError:
    from hegui.models import load_model as load
from hegui.paths import shipped_policies
from hegui.policy import select_rules

rules = [s for s in select_rules([shipped_policies()]) if s.rule.check.probe in (None, "refusal", "pii_disclosure", "bank_coverage", "content_safety", "refusal_persistence")]
plan = plan_audit(rules)
model = load()
result = run_audit(plan, model, store_dir=sys.argv[2], progress=False)
out = {"requests": result.manifest.requests.model_dump(exclude={"seconds"}), "fingerprint": model.fingerprint, "rules": [
    {"id": r.id, "verdict": str(r.verdict), "value": r.value, "interval": list(r.interval) if r.interval else None, "n": r.n,
     "reason": r.reason, "notes": list(r.notes), "groups": [g.model_dump() for g in r.groups],
     "samples": [s.model_dump() for s in r.samples]} for r in result.rules]}
json.dump(out, open(sys.argv[1], "w"), ensure_ascii=False, indent=1)
print(len(result.rules), result.manifest.requests)
