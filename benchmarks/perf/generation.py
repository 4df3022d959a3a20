"""Generation throughput of the audit's model path, measured side by side in one run.

What it compares (same prompts, same greedy settings, same process):
- one request at a time vs hegui's batched runner at several batch sizes (lm-eval HFLM underneath);
- fp32 vs bf16 weights, since the CPU's bf16 matmul is much faster than its fp32 one.

Usage:  python benchmarks/perf/generation.py [--prompts 32] [--tokens 48]
Writes benchmarks/perf/results/generation.json and prints a table of ratios against batch size 1.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--prompts", type=int, default=32)
    parser.add_argument("--tokens", type=int, default=48)
    parser.add_argument("--batch-sizes", default="1,8,16,32")
    parser.add_argument("--dtypes", default="float32,bfloat16")
    args = parser.parse_args()

    import torch

    from hegui.data import read_jsonl
    from hegui.models import load_lm_eval_model
    from hegui.paths import data_root
    from hegui.plan import GenerationRequest, Plan, user
    from hegui.run import execute
    from hegui.store import ResponseStore

    bank = read_jsonl(data_root() / "benchmarks" / "refusal" / "should_answer.jsonl")
    prompts = [row["prompt"] for row in bank[: args.prompts]]
    rows = []
    for dtype in args.dtypes.split(","):
        for batch_size in (int(b) for b in args.batch_sizes.split(",")):
            model = load_lm_eval_model(None, f"dtype={dtype}", batch_size=batch_size)
            plan = Plan()
            plan.add(GenerationRequest(user(p), max_new_tokens=args.tokens) for p in prompts)
            store = ResponseStore(Path(f"/tmp/hegui-perf-{time.time_ns()}.sqlite"), model.fingerprint)
            start = time.perf_counter()
            responses, _ = execute(plan, model, store, chunk_size=len(prompts), progress=False)
            seconds = time.perf_counter() - start
            tokenizer = model.lm.tokenizer
            tokens = sum(len(tokenizer(text, add_special_tokens=False)["input_ids"]) for text in responses.values())
            rows.append(
                {"dtype": dtype, "batch_size": batch_size, "seconds": round(seconds, 2),
                 "generated_tokens": tokens, "tokens_per_s": round(tokens / seconds, 1),
                 "requests_per_s": round(len(prompts) / seconds, 2)}
            )
            print(rows[-1], file=sys.stderr, flush=True)
            store.close()
    base = next(r for r in rows if r["dtype"] == "float32" and r["batch_size"] == 1)
    for row in rows:
        row["speedup_vs_fp32_batch1"] = round(row["requests_per_s"] / base["requests_per_s"], 2)
    result = {
        "benchmark": "generation", "prompts": len(prompts), "max_new_tokens": args.tokens,
        "torch": torch.__version__, "threads": torch.get_num_threads(), "machine": platform.machine(),
        "processor": platform.processor(), "rows": rows,
    }
    out = HERE / "results" / "generation.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"{'dtype':<9} {'batch':>5} {'req/s':>7} {'tok/s':>7} {'× fp32 b1':>9}")
    for r in rows:
        print(f"{r['dtype']:<9} {r['batch_size']:>5} {r['requests_per_s']:>7} {r['tokens_per_s']:>7} {r['speedup_vs_fp32_batch1']:>9}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
