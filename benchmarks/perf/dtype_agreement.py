"""fp32 vs bf16 on the full default audit: does every verdict and every value's interval agree?

bf16 weights run 2-4x faster on this CPU (AMX), but they change the numbers. hegui makes bf16 the
default only if, on the README's whole default audit, every rule's verdict is the same and each
dtype's value lies inside the other's 95 % interval. This script compares two finished audits of the
same model that differ only in dtype, and (when their response stores are given) every stored answer:
loglikelihood deltas, greedy-flag flips and identical generations.

Run the two audits first, each with an empty store, then compare:

    hegui audit --store /tmp/s32 --out /tmp/fp32 --name fp32
    hegui audit --store /tmp/s16 --out /tmp/bf16 --name bf16 --model-args dtype=bfloat16
    python benchmarks/perf/dtype_agreement.py /tmp/fp32/fp32.json /tmp/bf16/bf16.json \
        --stores /tmp/s32 /tmp/s16 --out benchmarks/perf/results/dtype_agreement.json
"""

from __future__ import annotations

import argparse
import json
import sqlite3
from pathlib import Path


def _rules(report: dict) -> dict[str, dict]:
    return {rule["id"]: rule for rule in report["rules"]}


def _measure(rule: dict) -> tuple[float | None, list[float] | None, int]:
    m = rule.get("measurement") or {}
    return m.get("value"), m.get("interval"), m.get("n", 0)


def _inside(value: float | None, interval: list[float] | None) -> bool:
    if value is None or interval is None:
        return value is None and interval is None
    return interval[0] - 1e-12 <= value <= interval[1] + 1e-12


def compare_reports(a: dict, b: dict) -> dict:
    """Per rule: verdicts, values, intervals; the rule agrees when the verdict is equal and each value is in the other's interval."""
    ra, rb = _rules(a), _rules(b)
    rows = []
    for rule_id in ra:
        va, ia, na = _measure(ra[rule_id])
        vb, ib, nb = _measure(rb[rule_id])
        same_verdict = ra[rule_id]["verdict"] == rb[rule_id]["verdict"]
        mutual = _inside(va, ib) and _inside(vb, ia)
        rows.append({
            "id": rule_id, "verdict_a": ra[rule_id]["verdict"], "verdict_b": rb[rule_id]["verdict"],
            "value_a": va, "value_b": vb, "interval_a": ia, "interval_b": ib, "n_a": na, "n_b": nb,
            "abs_delta_value": None if va is None or vb is None else abs(va - vb),
            "same_verdict": same_verdict, "values_inside_other_interval": mutual,
            "agree": same_verdict and mutual,
        })
    return {
        "rules": len(rows), "missing_in_b": sorted(set(ra) - set(rb)),
        "verdicts_equal": sum(r["same_verdict"] for r in rows),
        "values_inside_other_interval": sum(r["values_inside_other_interval"] for r in rows),
        "agree": sum(r["agree"] for r in rows),
        "max_abs_delta_value": max((r["abs_delta_value"] for r in rows if r["abs_delta_value"] is not None), default=0.0),
        "disagreeing": [r for r in rows if not r["agree"]],
        "per_rule": rows,
    }


def _store_rows(folder: Path) -> dict[str, tuple[str, object]]:
    files = sorted(folder.glob("responses-*.sqlite"))
    if len(files) != 1:
        raise SystemExit(f"{folder}: expected one response store, found {len(files)}")
    db = sqlite3.connect(files[0])
    try:
        return {key: (kind, json.loads(resp)) for key, kind, resp in db.execute("SELECT key, kind, response FROM responses")}
    finally:
        db.close()


def compare_stores(a: Path, b: Path) -> dict:
    """Request by request. Keys do not depend on the model, so the same key is the same request in both stores."""
    sa, sb = _store_rows(a), _store_rows(b)
    common = sorted(set(sa) & set(sb))
    ll_deltas: list[float] = []
    greedy_flips = gen_same = gen_total = 0
    for key in common:
        kind, x = sa[key]
        _, y = sb[key]
        if kind == "loglikelihood":
            ll_deltas.append(abs(float(x[0]) - float(y[0])))
            greedy_flips += bool(x[1]) != bool(y[1])
        else:
            gen_total += 1
            gen_same += x == y
    ll_deltas.sort()

    def q(p: float) -> float:
        return ll_deltas[min(len(ll_deltas) - 1, int(p * len(ll_deltas)))] if ll_deltas else 0.0

    return {
        "requests_a": len(sa), "requests_b": len(sb), "common": len(common),
        "loglikelihood": {"n": len(ll_deltas), "median_abs_delta": q(0.5), "p99_abs_delta": q(0.99),
                          "max_abs_delta": ll_deltas[-1] if ll_deltas else 0.0, "greedy_flag_flips": greedy_flips},
        "generations": {"n": gen_total, "identical": gen_same},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("report_a", type=Path, help="audit.json of the reference run (fp32)")
    parser.add_argument("report_b", type=Path, help="audit.json of the candidate run (bf16)")
    parser.add_argument("--stores", nargs=2, type=Path, metavar=("STORE_A", "STORE_B"))
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    a = json.loads(args.report_a.read_text(encoding="utf-8"))
    b = json.loads(args.report_b.read_text(encoding="utf-8"))
    out = {
        "benchmark": "fp32 vs bf16, full default audit: verdict and interval agreement",
        "a": {"name": a["name"], "model_args": a["manifest"]["model"].get("args"), "duration_s": a["manifest"]["duration_s"],
              "timing": a["manifest"].get("timing"), "threads": a["manifest"]["model"].get("threads")},
        "b": {"name": b["name"], "model_args": b["manifest"]["model"].get("args"), "duration_s": b["manifest"]["duration_s"],
              "timing": b["manifest"].get("timing"), "threads": b["manifest"]["model"].get("threads")},
        "speedup_wall": round(a["manifest"]["duration_s"] / b["manifest"]["duration_s"], 2),
        "reports": compare_reports(a, b),
    }
    if args.stores:
        out["stores"] = compare_stores(*args.stores)
    r = out["reports"]
    print(f"rules {r['rules']}: verdicts equal {r['verdicts_equal']}, values inside the other's interval "
          f"{r['values_inside_other_interval']}, agree {r['agree']}; max |delta value| {r['max_abs_delta_value']:.4g}; "
          f"wall {out['a']['duration_s']:.0f} s vs {out['b']['duration_s']:.0f} s ({out['speedup_wall']}x)")
    for row in r["disagreeing"]:
        print(f"  {row['id']}: {row['verdict_a']} {row['value_a']} {row['interval_a']}  vs  "
              f"{row['verdict_b']} {row['value_b']} {row['interval_b']}")
    if "stores" in out:
        print(json.dumps(out["stores"]))
    if args.out:
        args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
