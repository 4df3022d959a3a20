"""``hegui scan`` streams: peak memory stays flat as the corpus grows. Measured side by side in one run.

Builds corpora of N and 4N lines from the labeled PII sentences, scans each in a fresh process
(`hegui scan --format jsonl`, output discarded) and records wall time and peak RSS.

Usage:  python benchmarks/perf/scan_memory.py [--lines 20000]
Writes benchmarks/perf/results/scan_memory.json.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=20000)
    args = parser.parse_args()
    texts = [json.loads(line)["text"].replace("\n", " ") for line in (ROOT / "benchmarks/pii/labeled.jsonl").open(encoding="utf-8")]
    rng = random.Random(0)
    rows = []
    for factor in (1, 4):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as corpus:
            for _ in range(args.lines * factor):
                corpus.write(rng.choice(texts) + "\n")
        size = Path(corpus.name).stat().st_size
        code = (
            "import resource, sys, os; from hegui.cli import main; "
            f"rc = main(['scan', {corpus.name!r}, '--format', 'jsonl', '--no-progress']); "
            "sys.stdout.flush(); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr); sys.exit(rc)"
        )
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=True)
        seconds = time.perf_counter() - start
        peak_kib = int(done.stderr.strip().splitlines()[-1])
        rows.append({"lines": args.lines * factor, "bytes": size, "seconds": round(seconds, 1),
                     "lines_per_s": round(args.lines * factor / seconds), "peak_rss_mib": round(peak_kib / 1024, 1)})
        print(rows[-1], file=sys.stderr)
        Path(corpus.name).unlink()
    result = {"benchmark": "scan_memory", "rows": rows,
              "rss_ratio_4x_input": round(rows[1]["peak_rss_mib"] / rows[0]["peak_rss_mib"], 3),
              "note": "seconds include ~9 s of detector start-up per process"}
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "scan_memory.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
