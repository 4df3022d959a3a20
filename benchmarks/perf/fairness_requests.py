"""How many model calls the full fairness suite costs, and what deduplication and context sharing save.

Counts, for policies/genai-interim-measures.yaml on the default model:
- asked: loglikelihood requests the rules ask for (every template × group × option, per rule);
- unique: after hegui's plan deduplicates identical requests across rules;
- contexts: distinct prompts (one forward each if every option were a single token);
- forwards: rows actually run through the model, counted by wrapping lm-eval's HFLM ``_model_call``
  (lm-eval reuses one forward for options that differ only in their last token).

Usage:  python benchmarks/perf/fairness_requests.py [--run]
Writes benchmarks/perf/results/fairness_requests.json.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--run", action="store_true", help="also run the suite on the default model and count forwards")
    args = parser.parse_args()

    from hegui.audit import plan_audit, run_audit
    from hegui.models import load_lm_eval_model
    from hegui.policy import select_rules

    selected = [s for s in select_rules([ROOT / "policies" / "genai-interim-measures.yaml"]) if s.rule.check.probe == "fairness"]
    plan = plan_audit(selected)
    contexts = {r.messages for r in plan.plan.requests.values()}
    result = {"rules": len(selected), "asked": plan.plan.asked, "unique": len(plan.plan), "contexts": len(contexts)}
    if args.run:
        model = load_lm_eval_model(None, None, batch_size=16)
        rows = {"forwards": 0, "calls": 0}
        original = model.lm._model_call

        def counting(inps, *a, **k):
            rows["forwards"] += int(inps.shape[0])
            rows["calls"] += 1
            return original(inps, *a, **k)

        model.lm._model_call = counting
        start = time.perf_counter()
        audit = run_audit(plan, model, name="fairness", progress=False, store_dir=Path("/tmp/hegui-fairness-count"))
        result.update(rows, seconds=round(time.perf_counter() - start, 1),
                      verdicts={r.id: [r.verdict, round(r.value, 3) if r.value is not None else None] for r in audit.rules})
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "fairness_requests.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
