"""hegui's PII detector on the held-out real-shapes test set: exact-span P/R/F1 per type, negative lines flagged.

    python benchmarks/pii_realshapes_test/score_hegui.py      # writes results_hegui.md beside it
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    from hegui.detectors.pii import PiiDetector

    detector = PiiDetector()
    rows = [json.loads(line) for line in (HERE / "test.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    tp, fp, fn = Counter(), Counter(), Counter()
    negatives = flagged = 0
    for row in rows:
        gold = {(e["type"], e["start"], e["end"]) for e in row["entities"]}
        found = {(f.type, f.start, f.end) for f in detector.analyze(row["text"])}
        for t, *_ in found & gold:
            tp[t] += 1
        for t, *_ in found - gold:
            fp[t] += 1
        for t, *_ in gold - found:
            fn[t] += 1
        if not gold:
            negatives += 1
            flagged += bool(found)
    lines = ["# hegui PII detector on pii_realshapes_test (held out; exact spans)", "",
             f"{len(rows)} lines; negative lines flagged: {flagged}/{negatives} = {flagged / max(negatives, 1):.3f}", "",
             "| type | precision | recall | F1 | support | predicted |", "|---|---|---|---|---|---|"]
    for t in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        r = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        lines.append(f"| {t} | {p:.3f} | {r:.3f} | {f1:.3f} | {tp[t] + fn[t]} | {tp[t] + fp[t]} |")
    text = "\n".join(lines) + "\n"
    (HERE / "results_hegui.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
