"""Torch threads on a busy machine: the same forwards with 1 and with all threads, while 0..N other processes spin.

Why: a shared CI runner has other jobs on its cores. torch starts one thread per core and then waits on
the slowest; with the cores taken that oversubscribes them. hegui chooses the count from the cores that are
free (``hegui.models.threads``); this measures what that choice is worth, and what it chose each time.

For each number of busy processes (pure-Python spin loops, one per core taken), the workload runs with
1 thread, with every core's thread, and with hegui's automatic choice, interleaved, the order alternating.
Workload: ``--reps`` forwards of the default model over a batch of ``--rows`` × ``--tokens`` tokens.

Usage:  python benchmarks/perf/threads_busy.py [--reps 3] [--rows 4] [--tokens 128]
Writes benchmarks/perf/results/threads_busy.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPIN = "import time\nend = time.time() + 3600\nwhile time.time() < end: pass\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--rows", type=int, default=4)
    parser.add_argument("--tokens", type=int, default=128)
    parser.add_argument("--out", default=str(HERE / "results" / "threads_busy.json"))
    args = parser.parse_args()

    import torch

    from hegui.models import load_lm_eval_model
    from hegui.models.threads import available_cpus, choose_threads

    cpus, source = available_cpus()
    model = load_lm_eval_model().lm.model
    ids = torch.randint(100, 20000, (args.rows, args.tokens), generator=torch.Generator().manual_seed(0))

    def workload(threads: int) -> float:
        torch.set_num_threads(threads)
        start = time.perf_counter()
        with torch.no_grad():
            for _ in range(args.reps):
                model(input_ids=ids, use_cache=False, logits_to_keep=1)
        return time.perf_counter() - start

    workload(cpus)  # warm up
    rows = []
    for busy in range(cpus + 1):
        spinners = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(busy)]
        try:
            time.sleep(1.0 if busy else 0.0)
            auto = choose_threads().threads
            seconds = {"1": 0.0, str(cpus): 0.0, "auto": 0.0}
            for rep in range(2):
                order = ["1", str(cpus), "auto"]
                for name in order if rep % 2 == 0 else reversed(order):
                    seconds[name] += workload(auto if name == "auto" else int(name))
        finally:
            for spinner in spinners:
                spinner.kill()
                spinner.wait()
        tokens = 2 * args.reps * args.rows * args.tokens
        row = {
            "busy_processes": busy, "auto_threads": auto,
            "tokens_per_s": {k: round(tokens / v, 1) for k, v in seconds.items()},
            f"{cpus}_threads_over_1_thread_time": round(seconds[str(cpus)] / seconds["1"], 2),
            "auto_over_best_time": round(seconds["auto"] / min(seconds["1"], seconds[str(cpus)]), 2),
        }
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    result = {
        "benchmark": "torch threads with other processes busy on the cores",
        "cpus": cpus, "cpus_source": source, "workload": vars(args) | {"out": None},
        "rows": rows, "torch": torch.__version__, "machine": platform.machine(),
        "load_average_at_end": list(os.getloadavg()),
    }
    out = Path(args.out)
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
