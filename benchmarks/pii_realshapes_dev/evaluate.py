#!/usr/bin/env python3
"""Score hegui's PII detector on real text shapes.

    /work/venv/bin/python benchmarks/pii_realshapes_dev/evaluate.py [FILE.jsonl] [--write] [--labeled]

FILE.jsonl (default: dev.jsonl beside this script) has the schema of benchmarks/pii/labeled.jsonl: id, lang,
shape, kind, text, entities [{type, start, end, value}]; the same script scores a held-out file.

- Per type: exact-span precision, recall and F1 (a prediction counts only with the gold type and the gold
  start and end).
- Negative lines: of the lines with no gold entity, the share on which the detector reports anything.
- Masking precision on real prompts (realprompts.jsonl, 300 Flames and 300 JADE prompts): every finding is
  looked up in realprompts_judged.jsonl, where a person judged whether the masked text is personal data
  (``real``) or an ordinary word; findings nobody judged yet are listed as unjudged.
- ``--labeled``: the older labeled set (benchmarks/pii/labeled.jsonl, its scorer, relaxed matching), as a
  check that nothing there got worse.
- ``--write`` writes results.md (and results.json) beside this script; ``--baseline results_before.json``
  puts an earlier run's numbers beside the current ones.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def detector_predict():
    sys.path.insert(0, str(REPO / "src"))
    from hegui.detectors.pii import PiiDetector

    detector = PiiDetector.shared()
    return lambda text: [(f.type, f.start, f.end) for f in detector.analyze(text)]


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "support": tp + fn, "predicted": tp + fp}


def score_exact(rows: list[dict], predict) -> dict:
    tp, fp, fn = Counter(), Counter(), Counter()
    negatives = flagged = 0
    flagged_types: Counter = Counter()
    errors: list[dict] = []
    by_shape: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        gold = {(e["type"], e["start"], e["end"]) for e in row.get("entities", row.get("spans", []))}  # dev2 names them spans
        predicted = set(predict(row["text"]))
        for item in predicted & gold:
            tp[item[0]] += 1
            by_shape[row["shape"]]["tp"] += 1
        for item in predicted - gold:
            fp[item[0]] += 1
            by_shape[row["shape"]]["fp"] += 1
        for item in gold - predicted:
            fn[item[0]] += 1
            by_shape[row["shape"]]["fn"] += 1
        if not gold:
            negatives += 1
            if predicted:
                flagged += 1
                flagged_types.update({t for t, _, _ in predicted})
        if predicted != gold:
            errors.append({"id": row["id"], "shape": row["shape"], "text": row["text"],
                           "false_positive": [(t, row["text"][s:e]) for t, s, e in sorted(predicted - gold, key=lambda x: x[1])],
                           "missed": [(t, row["text"][s:e]) for t, s, e in sorted(gold - predicted, key=lambda x: x[1])]})
    types = {t: _prf(tp[t], fp[t], fn[t]) for t in sorted(set(tp) | set(fp) | set(fn))}
    types["ALL"] = _prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    shapes = {s: _prf(c["tp"], c["fp"], c["fn"]) for s, c in sorted(by_shape.items())}
    return {"lines": len(rows), "types": types, "shapes": shapes,
            "negative_lines": negatives, "negative_lines_flagged": flagged,
            "negative_flag_rate": round(flagged / negatives, 4) if negatives else 0.0,
            "negative_flags_by_type": dict(flagged_types), "errors": errors}


def masking_precision(prompts: list[dict], judged: list[dict], predict) -> dict:
    verdicts = {(j["id"], j["type"], j["start"], j["end"]): j["real"] for j in judged}
    counts: Counter = Counter()
    unjudged, wrong = [], []
    for row in prompts:
        for kind, start, end in predict(row["text"]):
            real = verdicts.get((row["id"], kind, start, end))
            finding = {"id": row["id"], "type": kind, "start": start, "end": end, "text": row["text"][start:end],
                       "context": row["text"][max(0, start - 8) : end + 8]}
            if real is None:
                unjudged.append(finding)
                counts["unjudged"] += 1
                continue
            counts["real" if real else "ordinary"] += 1
            counts[f"{kind}:{'real' if real else 'ordinary'}"] += 1
            if not real:
                wrong.append(finding)
    judged_n = counts["real"] + counts["ordinary"]
    person = counts["PERSON:real"] + counts["PERSON:ordinary"]
    return {"prompts": len(prompts), "findings": judged_n + counts["unjudged"], "real": counts["real"], "ordinary": counts["ordinary"],
            "unjudged": counts["unjudged"], "precision": round(counts["real"] / judged_n, 3) if judged_n else None,
            "person_findings": person, "person_precision": round(counts["PERSON:real"] / person, 3) if person else None,
            "ordinary_findings": wrong, "unjudged_findings": unjudged}


def labeled_check() -> dict:
    sys.path.insert(0, str(REPO / "benchmarks" / "pii"))
    import evaluate as labeled  # the older benchmark's own loader and scorer

    predict = detector_predict()
    return {split: labeled.score(labeled.load(split), lambda r: predict(r["text"]), coarse=False) for split in ("dev", "test")}


def _cell(m: dict | None) -> str:
    return f"{m['precision']:.3f} / {m['recall']:.3f} / {m['f1']:.3f}" if m else "—"


def markdown(result: dict, baseline: dict | None, path: str) -> str:
    exact = result["exact"]
    before = baseline["exact"] if baseline else None
    lines = [f"# PII detector on real text shapes ({path}, {exact['lines']} lines)", "",
             "Regenerate: `/work/venv/bin/python benchmarks/pii_realshapes_dev/make.py` (deterministic), then",
             "`OMP_NUM_THREADS=1 /work/venv/bin/python benchmarks/pii_realshapes_dev/evaluate.py --labeled --write --baseline benchmarks/pii_realshapes_dev/results_before.json`.", "",
             "## Per type, exact spans: precision / recall / F1", ""]
    head = "| type | support | " + ("before | " if before else "") + "now |"
    lines += [head, "|---|---|" + ("---|" if before else "") + "---|"]
    types = sorted((set(exact["types"]) | set(before["types"] if before else ())) - {"ALL"}) + ["ALL"]
    for t in types:
        now = exact["types"].get(t)
        support = (now or (before or {}).get("types", {}).get(t) or {}).get("support", 0)
        row = f"| {t} | {support} | " + (f"{_cell(before['types'].get(t))} | " if before else "") + f"{_cell(now)} |"
        lines.append(row)
    lines += ["", "## Negative lines (no personal data in the line)", ""]
    neg = f"{exact['negative_lines_flagged']} of {exact['negative_lines']} flagged ({100 * exact['negative_flag_rate']:.1f} %)"
    if before:
        neg = f"before: {before['negative_lines_flagged']} of {before['negative_lines']} ({100 * before['negative_flag_rate']:.1f} %); now: " + neg
    lines += [neg + ".", "", f"Flags by type now: {json.dumps(exact['negative_flags_by_type'], ensure_ascii=False)}", ""]
    mask = result.get("masking")
    if mask:
        lines += ["## Masking precision on real Chinese prompts", "",
                  f"{mask['prompts']} prompts (Flames_1k_Chinese, first 300; JADE zh, 300). Every finding is judged in realprompts_judged.jsonl.", "",
                  "| | findings | real personal data | ordinary words | precision | PERSON findings | PERSON precision |", "|---|---|---|---|---|---|---|"]
        for label, m in (("before", (baseline or {}).get("masking")), ("now", mask)):
            if m:
                lines.append(f"| {label} | {m['findings']} | {m['real']} | {m['ordinary']} | {m['precision']} | {m['person_findings']} | {m['person_precision']} |")
        if mask["unjudged"]:
            lines += ["", f"Unjudged findings: {mask['unjudged']}"]
        if mask["ordinary_findings"]:
            lines += ["", "Ordinary words still masked now: " + ", ".join(f"{f['type']} {f['text']!r} ({f['context']})" for f in mask["ordinary_findings"])]
        lines.append("")
    lab = result.get("labeled")
    if lab:
        lines += ["## The older labeled set (benchmarks/pii/labeled.jsonl, relaxed matching): precision / recall", "",
                  "| type | dev before | dev now | test before | test now |", "|---|---|---|---|---|"]
        old = (baseline or {}).get("labeled") or {}
        for t in sorted(set(lab["test"]) - {"ALL"}) + ["ALL"]:
            cells = []
            for split in ("dev", "test"):
                for m in (old.get(split, {}).get(t), lab[split].get(t)):
                    cells.append(f"{m['precision']:.3f} / {m['recall']:.3f}" if m else "—")
            lines.append(f"| {t} | " + " | ".join(cells) + " |")
        lines.append("")
    lines += ["## Per shape now (all types): precision / recall / F1", "", "| shape | support | P / R / F1 |", "|---|---|---|"]
    for s, m in exact["shapes"].items():
        lines.append(f"| {s} | {m['support']} | {_cell(m)} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(HERE / "dev.jsonl"))
    parser.add_argument("--prompts", default=str(HERE / "realprompts.jsonl"))
    parser.add_argument("--judged", default=str(HERE / "realprompts_judged.jsonl"))
    parser.add_argument("--labeled", action="store_true", help="also score benchmarks/pii/labeled.jsonl")
    parser.add_argument("--baseline", help="an earlier --json output, shown beside the current numbers")
    parser.add_argument("--json", help="write the whole result (errors included) to this file")
    parser.add_argument("--write", action="store_true", help="write results.md and results.json beside this script")
    parser.add_argument("--errors", type=int, default=0, help="print this many wrong lines")
    args = parser.parse_args()

    predict = detector_predict()
    result: dict = {"path": args.path, "exact": score_exact(read_jsonl(Path(args.path)), predict)}
    prompts = Path(args.prompts)
    if prompts.is_file():
        judged = read_jsonl(Path(args.judged)) if Path(args.judged).is_file() else []
        result["masking"] = masking_precision(read_jsonl(prompts), judged, predict)
    if args.labeled:
        result["labeled"] = labeled_check()
    baseline = json.loads(Path(args.baseline).read_text(encoding="utf-8")) if args.baseline else None
    shown = os.path.relpath(args.path, REPO) if Path(args.path).is_absolute() else args.path
    text = markdown(result, baseline, shown)
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.write:
        (HERE / "results.md").write_text(text, encoding="utf-8")
        slim = {k: ({kk: vv for kk, vv in v.items() if kk != "errors"} if k == "exact" else v) for k, v in result.items()}
        (HERE / "results.json").write_text(json.dumps(slim, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(text)
    for error in result["exact"]["errors"][: args.errors]:
        print(json.dumps(error, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
