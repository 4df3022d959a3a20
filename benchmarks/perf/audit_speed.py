"""The audit's model calls three ways on the same requests: hegui, lm-eval HFLM, one request at a time.

What: a sample of the default plan's first-stage requests (every shipped policy, the default model,
SmolLM2 via lm-eval HFLM), both kinds, sent to the model

1. the hegui way: ``hegui.run.execute`` on a plan of those requests with a throwaway ``ResponseStore`` —
   loglikelihood through the packed scorer, generation through lm-eval's ``generate_until`` in chunks of
   ``--chunk-size`` at the model's batch size (what ``hegui audit`` does);
2. lm-eval HFLM directly: ``lm.loglikelihood(instances)`` / ``lm.generate_until(instances)`` at the
   model's batch size (16 by default), one call per slice;
3. one request at a time: the same HFLM called with one instance per call (batch 1, and nothing shared
   between requests), on every ``step``-th request of each slice when ``--single-ll`` / ``--single-gen``
   ask for a sub-sample (the output says how many it ran).

How: the requests are built by hegui's own planner from the shipped policies and rendered as the runner
renders them. Loglikelihood requests are sorted by (rendered context, continuation) so the options of one
question stay together, generation requests are in the plan's order (longest first); the sample is
``--slices`` contiguous blocks spread evenly over each list (deterministic). The ways run slice by slice,
their order alternating, so a busy machine slows all alike; a one-request warm-up of every way runs
first and is not timed. Reported per kind and way: seconds, requests/s, tokens/s (loglikelihood: context +
continuation tokens of the requests as HFLM encodes them; generation: tokenizer length of the outputs),
for loglikelihood also the tokens through the model (rows × padded length of every forward; hegui's packed
forwards and any it leaves to HFLM), the ratios hegui/HFLM and hegui/one-at-a-time (on the rates, since the one-at-a-time sub-sample may be
smaller), and equality: loglikelihood max |Δ logprob| and greedy-flag mismatches, generations identical
(greedy) strings.

Usage:  HF_HUB_OFFLINE=1 HF_DATASETS_OFFLINE=1 python benchmarks/perf/audit_speed.py \\
            [--limit-ll 48] [--limit-gen 8] [--single-ll N] [--single-gen M] [--slices 4] \\
            [--batch-size 16] [--chunk-size 64] [--threads T] [--out benchmarks/perf/results/audit_speed.json]
(``--limit-* 0``: the whole plan; ``--single-* -1``: every sampled request one at a time.)
Writes the JSON to ``--out`` and prints a table.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
WAYS = ("hegui", "hflm", "single")
KINDS = ("loglikelihood", "generate_until")


def blocks(items: list, limit: int, slices: int) -> list[list]:
    """``slices`` contiguous blocks of about ``limit / slices`` items, spread evenly (all items when limit is 0)."""
    total = len(items)
    if not limit or limit >= total:
        return [items[(s * total) // slices : ((s + 1) * total) // slices] for s in range(slices)]
    size = limit // slices
    sizes = [size + (1 if s < limit - size * slices else 0) for s in range(slices)]
    return [items[(s * total) // slices : (s * total) // slices + sizes[s]] for s in range(slices)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit-ll", type=int, default=48, help="loglikelihood requests sampled (0: all)")
    parser.add_argument("--limit-gen", type=int, default=8, help="generation requests sampled (0: all)")
    parser.add_argument("--single-ll", type=int, default=-1,
                        help="about this many of the sampled loglikelihood requests one at a time (-1: all)")
    parser.add_argument("--single-gen", type=int, default=-1,
                        help="about this many of the sampled generation requests one at a time (-1: all)")
    parser.add_argument("--slices", type=int, default=4, help="interleave the ways over this many slices")
    parser.add_argument("--batch-size", type=int, default=16, help="the model's batch size (hegui's default: 16)")
    parser.add_argument("--chunk-size", type=int, default=64, help="requests per lm-eval call in execute (hegui's: 64)")
    parser.add_argument("--threads", type=int, default=None, help="torch threads (default: hegui's choice)")
    parser.add_argument("--out", default=str(HERE / "results" / "audit_speed.json"))
    args = parser.parse_args()

    import torch

    from hegui.audit import plan_audit
    from hegui.models import load_lm_eval_model
    from hegui.models.packed import packed_scorer
    from hegui.paths import shipped_policies
    from hegui.plan import Plan
    from hegui.policy import select_rules
    from hegui.run import _instance, execute
    from hegui.store import ResponseStore

    load_start = list(os.getloadavg())
    plan = plan_audit(select_rules([shipped_policies()])).plan
    model = load_lm_eval_model(None, None, batch_size=args.batch_size, threads=args.threads)
    lm = model.lm
    tokenizer = lm.tokenizer

    ll_all = sorted(plan.by_kind("loglikelihood"),
                    key=lambda kr: (model.render(kr[1].messages, kr[1].chat), kr[1].continuation, kr[0]))
    gen_all = plan.by_kind("generate_until")
    in_plan = {"loglikelihood": len(ll_all), "generate_until": len(gen_all)}
    sample = {"loglikelihood": blocks(ll_all, args.limit_ll, args.slices),
              "generate_until": blocks(gen_all, args.limit_gen, args.slices)}
    counts = {kind: sum(map(len, parts)) for kind, parts in sample.items()}
    wanted = {"loglikelihood": args.single_ll, "generate_until": args.single_gen}
    steps = {kind: 1 if wanted[kind] < 0 or wanted[kind] >= counts[kind] or not counts[kind]
             else max(1, math.ceil(counts[kind] / max(wanted[kind], 1))) for kind in KINDS}

    def ll_tokens(request) -> int:
        context = model.render(request.messages, request.chat)
        if context == "":
            return len(lm.tok_encode(request.continuation, add_special_tokens=False)) + 1
        ctx, cont = lm._encode_pair(context, request.continuation)
        return len(ctx) + len(cont)

    def gen_tokens(text: str) -> int:
        return len(tokenizer(text, add_special_tokens=False)["input_ids"])

    # Tokens HFLM runs through the model for loglikelihood (rows × padded length of every forward).
    forward_tokens = {way: 0 for way in WAYS}
    current = {"way": "hflm"}
    original_call = lm._model_call

    def counting(inps, *a, **k):
        forward_tokens[current["way"]] += int(inps.shape[0] * inps.shape[1])
        return original_call(inps, *a, **k)

    lm._model_call = counting

    tmp = tempfile.TemporaryDirectory(prefix="hegui-audit-speed-")
    store = ResponseStore(Path(tmp.name) / "responses.sqlite", model.fingerprint, model.description)
    warm_store = ResponseStore(Path(tmp.name) / "warmup.sqlite", model.fingerprint, model.description)
    reused = 0
    scorer = packed_scorer(lm)

    def hegui_way(kind: str, part: list, into: ResponseStore) -> list:
        nonlocal reused
        sub = Plan()
        sub.add(r for _, r in part)
        answers, stats = execute(sub, model, into, chunk_size=args.chunk_size, progress=False)
        reused += stats.reused if into is store else 0
        if kind == "loglikelihood":
            return [(answers[k].logprob, answers[k].greedy) for k, _ in part]  # type: ignore[union-attr]
        return [answers[k].text for k, _ in part]  # type: ignore[union-attr]

    def hflm_way(kind: str, part: list) -> list:
        instances = [_instance(model, r, i) for i, (_, r) in enumerate(part)]
        out = getattr(lm, kind)(instances, disable_tqdm=True)
        if kind == "loglikelihood":
            return [(float(a), bool(b)) for a, b in out]
        return [str(t) for t in out]

    def single_way(kind: str, part: list) -> list:
        out = []
        for item in part:
            out += hflm_way(kind, [item])
        return out

    # Warm-up (not timed): first forwards, the packed scorer's self-check; generation only a few tokens.
    for kind in KINDS:
        first = next((p[:1] for p in sample[kind] if p), [])
        if first and kind == "generate_until":
            short = dataclasses.replace(first[0][1], max_new_tokens=4)
            first = [(short.key, short)]
        if first:
            hegui_way(kind, first, warm_store)
            current["way"] = "single"
            single_way(kind, first)
            current["way"] = "hflm"
            hflm_way(kind, first)
    forward_tokens = {way: 0 for way in WAYS}
    packed_tokens = 0

    seconds = {kind: {way: 0.0 for way in WAYS} for kind in KINDS}
    results = {kind: {way: [] for way in WAYS} for kind in KINDS}
    ran = {kind: {way: [] for way in WAYS} for kind in KINDS}  # the requests each way ran, in order
    for s in range(args.slices):
        for kind in KINDS:
            part = sample[kind][s]
            if not part:
                continue
            ways = list(WAYS) if s % 2 == 0 else list(reversed(WAYS))
            for way in ways:
                todo = part[:: steps[kind]] if way == "single" else part
                current["way"] = way
                clock = time.perf_counter()
                if way == "hegui":
                    before = scorer.tokens_in if scorer is not None else 0
                    got = hegui_way(kind, todo, store)
                    packed_tokens += (scorer.tokens_in if scorer is not None else 0) - before
                elif way == "hflm":
                    got = hflm_way(kind, todo)
                else:
                    got = single_way(kind, todo)
                seconds[kind][way] += time.perf_counter() - clock
                results[kind][way] += got
                ran[kind][way] += todo
        print(f"slice {s + 1}/{args.slices}: "
              + "  ".join(f"{kind[:4]} " + " ".join(f"{w}={seconds[kind][w]:.1f}s" for w in WAYS) for kind in KINDS),
              file=sys.stderr, flush=True)
    assert reused == 0, "the throwaway store answered from itself"

    kinds_out = {}
    for kind in KINDS:
        if not counts[kind]:
            continue
        per_way = {}
        for way in WAYS:
            items = ran[kind][way]
            if kind == "loglikelihood":
                tokens = sum(ll_tokens(r) for _, r in items)
            else:
                tokens = sum(gen_tokens(t) for t in results[kind][way])
            sec = seconds[kind][way]
            row = {"requests": len(items), "seconds": round(sec, 2),
                   "requests_per_s": round(len(items) / sec, 3) if sec else None,
                   "tokens": tokens, "tokens_per_s": round(tokens / sec, 1) if sec else None}
            if kind == "loglikelihood":
                row["tokens_through_model"] = packed_tokens + forward_tokens[way] if way == "hegui" else forward_tokens[way]
            per_way[way] = row
        per_way["hegui"]["batch_size"] = lm.batch_size
        per_way["hegui"]["chunk_size"] = args.chunk_size
        per_way["hflm"]["batch_size"] = lm.batch_size
        per_way["single"]["batch_size"] = 1
        if steps[kind] > 1:
            per_way["single"]["sub_sample"] = f"every {steps[kind]}th request of each slice ({len(ran[kind]['single'])} of {counts[kind]})"
        hegui, hflm, single = (per_way[w] for w in WAYS)
        entry = {
            "requests": counts[kind], "in_plan": in_plan[kind], "ways": per_way,
            "hegui_vs_hflm_speedup": round(hflm["seconds"] / hegui["seconds"], 2),
            "hegui_vs_one_at_a_time_speedup_requests_per_s": round(hegui["requests_per_s"] / single["requests_per_s"], 2),
            "hegui_vs_one_at_a_time_speedup_tokens_per_s": round(hegui["tokens_per_s"] / single["tokens_per_s"], 2),
        }
        by_key = {way: dict(zip((k for k, _ in ran[kind][way]), results[kind][way], strict=True)) for way in WAYS}
        single_keys = list(by_key["single"])
        if kind == "loglikelihood":
            pairs = [(by_key["hegui"][k], by_key["hflm"][k]) for k, _ in ran[kind]["hflm"]]
            spairs = [(by_key["single"][k], by_key["hflm"][k]) for k in single_keys]
            entry["equality"] = {
                "hegui_vs_hflm_max_abs_delta_logprob": max(abs(a[0] - b[0]) for a, b in pairs),
                "hegui_vs_hflm_greedy_mismatches": sum(a[1] != b[1] for a, b in pairs),
                "one_at_a_time_vs_hflm_max_abs_delta_logprob": max(abs(a[0] - b[0]) for a, b in spairs),
                "one_at_a_time_vs_hflm_greedy_mismatches": sum(a[1] != b[1] for a, b in spairs),
            }
            if scorer is not None:
                renders = [(model.render(r.messages, r.chat), r.continuation) for _, r in ran[kind]["hegui"]]
                chunks, fallback = scorer.schedule(renders)
                entry["packed"] = {"scorer": "on", "pack_tokens": scorer.pack_tokens, "batch_tokens": scorer.batch_tokens,
                                   "requests_left_to_hflm": len(fallback),
                                   "distinct_contexts": len({c for c, _ in renders})}
            else:
                entry["packed"] = {"scorer": "off (hegui used HFLM.loglikelihood)"}
        else:
            keys = [k for k, _ in ran[kind]["hflm"]]
            entry["equality"] = {
                "hegui_vs_hflm_identical": sum(by_key["hegui"][k] == by_key["hflm"][k] for k in keys),
                "hegui_vs_hflm_compared": len(keys),
                "one_at_a_time_vs_hflm_identical": sum(by_key["single"][k] == by_key["hflm"][k] for k in single_keys),
                "one_at_a_time_vs_hflm_compared": len(single_keys),
            }
            entry["max_new_tokens"] = sorted({r.max_new_tokens for _, r in ran[kind]["hflm"]})
        kinds_out[kind] = entry

    result = {
        "benchmark": "audit model calls: hegui (execute) vs lm-eval HFLM vs one request at a time",
        "command": " ".join(["python", "benchmarks/perf/audit_speed.py", *sys.argv[1:]]),
        "model": model.description, "device": str(lm.device),
        "dtype": str(next(lm.model.parameters()).dtype),
        "kinds": kinds_out, "slices": args.slices,
        "sample": "per kind, --slices contiguous blocks spread evenly over the plan's requests "
                  "(loglikelihood sorted by rendered context + continuation, generation in plan order)",
        "torch": torch.__version__, "threads": torch.get_num_threads(), "hegui_threads": model.threads,
        "cpus": os.cpu_count(), "machine": platform.machine(), "python": platform.python_version(),
        "load_average_at_start": [round(x, 2) for x in load_start],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    store.close()
    warm_store.close()
    tmp.cleanup()
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    print(f"\n{'kind':<15} {'way':<7} {'reqs':>5} {'sec':>8} {'req/s':>8} {'tok/s':>8}")
    for kind, entry in kinds_out.items():
        for way, row in entry["ways"].items():
            print(f"{kind:<15} {way:<7} {row['requests']:>5} {row['seconds']:>8} {row['requests_per_s']:>8} {row['tokens_per_s']:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
