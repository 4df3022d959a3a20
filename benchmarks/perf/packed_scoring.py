"""Loglikelihood scoring of the default plan's fairness requests: lm-eval HFLM vs hegui's packed scorer.

Both run in this process on the same model, threads and requests, interleaved slice by slice (the
order alternating), so a busy machine slows both alike and the ratio stays fair. The requests are
built by hegui's own planner from the shipped policies and rendered as the runner renders them.

Reported per scorer: seconds, tokens through the model (rows × padded length of every forward), and for
the packed scorer the ratio to HFLM, the largest |Δ logprob| and the greedy flags that differ.

Usage:  python benchmarks/perf/packed_scoring.py [--limit N] [--slices 8] [--pack-tokens 1024,512]
Writes benchmarks/perf/results/packed_scoring.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0,
                        help="N requests (0: all), taken as one contiguous block per slice, spread evenly over the set")
    parser.add_argument("--slices", type=int, default=8, help="interleave the two scorers over this many slices")
    parser.add_argument("--pack-tokens", default="", help="comma-separated pack budgets (default: the scorer's)")
    parser.add_argument("--batch-tokens", type=int, default=0, help="padded tokens per forward (default: the scorer's)")
    parser.add_argument("--out", default=str(HERE / "results" / "packed_scoring.json"))
    args = parser.parse_args()

    import torch
    from lm_eval.api.instance import Instance

    from hegui.audit import plan_audit
    from hegui.models import load_lm_eval_model
    from hegui.models.packed import DEFAULT_PACK_TOKENS, PackedScorer
    from hegui.paths import shipped_policies
    from hegui.policy import select_rules

    selected = [s for s in select_rules([shipped_policies()]) if s.rule.check.probe == "fairness"]
    plan = plan_audit(selected)
    model = load_lm_eval_model()
    lm = model.lm
    items = [r for plan_ in plan.first.values() for _, r in plan_.by_kind("loglikelihood")]
    requests = sorted((model.render(r.messages, r.chat), r.continuation) for r in items)
    total = len(requests)
    slices = []
    size = -(-(args.limit or total) // args.slices)
    for s in range(args.slices):
        start = (s * total) // args.slices if args.limit else s * size
        slices.append(requests[start : start + size])
    requests = [r for part in slices for r in part]
    budgets = [int(b) for b in args.pack_tokens.split(",") if b] or [DEFAULT_PACK_TOKENS]

    hflm_rows = {"tokens": 0, "forwards": 0}
    original = lm._model_call

    def counting(inps, *a, **k):
        hflm_rows["tokens"] += int(inps.shape[0] * inps.shape[1])
        hflm_rows["forwards"] += 1
        return original(inps, *a, **k)

    lm._model_call = counting
    scorers = {b: PackedScorer(lm, pack_tokens=b, batch_tokens=args.batch_tokens or None) for b in budgets}
    seconds = {"hflm": 0.0, **{b: 0.0 for b in budgets}}
    hflm_out: list = []
    packed_out: dict[int, list] = {b: [] for b in budgets}
    done = 0
    for s, part in enumerate(slices):
        done += len(part)
        runs = ["hflm", *budgets]
        if s % 2:
            runs.reverse()
        for name in runs:
            t0 = time.perf_counter()
            if name == "hflm":
                instances = [Instance("loglikelihood", {}, r, i) for i, r in enumerate(part)]
                hflm_out += [(float(a), bool(b)) for a, b in lm.loglikelihood(instances, disable_tqdm=True)]
            else:
                packed_out[name] += scorers[name].loglikelihood(part)
            seconds[name] += time.perf_counter() - t0
        print(f"slice {s + 1}: {done}/{len(requests)} "
              + " ".join(f"{k}={v:.0f}s" for k, v in seconds.items()), file=sys.stderr, flush=True)

    scorer0 = scorers[budgets[0]]
    unique_inputs = sum(len(e.inputs) for e in (scorer0.encode(i, *r) for i, r in enumerate(requests)) if e)
    rows = []
    for b in budgets:
        got = packed_out[b]
        rows.append({
            "pack_tokens": b, "seconds": round(seconds[b], 1), "tokens_through_model": scorers[b].tokens_in,
            "forwards": scorers[b].forwards, "speedup_vs_hflm": round(seconds["hflm"] / seconds[b], 2),
            "max_abs_delta_logprob": max(abs(g[0] - h[0]) for g, h in zip(got, hflm_out, strict=True)),
            "greedy_mismatches": sum(g[1] != h[1] for g, h in zip(got, hflm_out, strict=True)),
        })
    result = {
        "benchmark": "packed loglikelihood scoring vs lm-eval HFLM.loglikelihood",
        "requests": len(requests), "fairness_requests_in_plan": total, "contexts": len({c for c, _ in requests}),
        "hflm": {"seconds": round(seconds["hflm"], 1), "tokens_through_model": hflm_rows["tokens"],
                 "forwards": hflm_rows["forwards"], "batch_size": lm.batch_size},
        "request_tokens": unique_inputs,
        "packed": rows, "batch_tokens": scorer0.batch_tokens,
        "torch": torch.__version__, "threads": torch.get_num_threads(), "machine": platform.machine(),
        "load_average_at_end": list(os.getloadavg()), "slices": args.slices,
    }
    out = Path(args.out)
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
