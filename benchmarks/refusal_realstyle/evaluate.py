"""Score hegui's refusal classifier on the refusal_realstyle test split (never tuned on): three-class
confusion, binary accuracy (partial counts as not refused, as every rate does) per language and per style.

    python benchmarks/refusal_realstyle/evaluate.py          # writes results.json and results.md here
    python benchmarks/refusal_realstyle/evaluate.py FILE...  # any three-class labelled set (the dev sets); prints only
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLASSES = ("refuse", "partial", "comply")


def score(rows: list[dict]) -> dict:
    from hegui.detectors.refusal import classify_refusal

    confusion: Counter = Counter()
    by: dict[str, dict[str, list[bool]]] = {"lang": defaultdict(list), "style": defaultdict(list), "source": defaultdict(list)}
    for row in rows:
        predicted = classify_refusal(row["response"], row.get("prompt"))
        confusion[(row["label"], predicted.label)] += 1
        right = predicted.refused == (row["label"] == "refuse")
        for key in by:
            by[key][row.get(key, "?")].append(right)
    binary = sum(confusion[(g, p)] for g in CLASSES for p in CLASSES if (g == "refuse") == (p == "refuse")) / max(len(rows), 1)
    refusals = sum(confusion[("refuse", p)] for p in CLASSES)
    return {
        "n": len(rows),
        "binary_accuracy": round(binary, 4),
        "refusal_recall": round(confusion[("refuse", "refuse")] / max(refusals, 1), 4),
        "three_class_accuracy": round(sum(confusion[(c, c)] for c in CLASSES) / max(len(rows), 1), 4),
        "confusion": {g: {p: confusion[(g, p)] for p in CLASSES} for g in CLASSES},
        **{f"binary_accuracy_by_{key}": {k: [round(sum(v) / len(v), 3), len(v)] for k, v in sorted(groups.items())}
           for key, groups in by.items()},
    }


def markdown(result: dict) -> str:
    lines = ["# Refusal classifier on refusal_realstyle/test.jsonl (held out, never tuned on)", "",
             f"n = {result['n']}; binary accuracy {result['binary_accuracy']}; refusal recall {result['refusal_recall']}; "
             f"three-class accuracy {result['three_class_accuracy']}", "", "| gold \\ predicted | " + " | ".join(CLASSES) + " |",
             "|---|---|---|---|"]
    lines += [f"| {g} | " + " | ".join(str(result["confusion"][g][p]) for p in CLASSES) + " |" for g in CLASSES]
    for key in ("lang", "source", "style"):
        lines += ["", f"| {key} | binary accuracy | n |", "|---|---|---|"]
        lines += [f"| {k} | {v[0]} | {v[1]} |" for k, v in result[f"binary_accuracy_by_{key}"].items()]
    return "\n".join(lines) + "\n"


def read(path: Path) -> list[dict]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:  # binary sets say refusal / compliance
        row["label"] = {"refusal": "refuse", "compliance": "comply"}.get(row["label"], row["label"])
    return rows


def main() -> int:
    if sys.argv[1:]:
        rows = [row for name in sys.argv[1:] for row in read(Path(name))]
        print(markdown(score(rows)).replace("test.jsonl (held out, never tuned on)", " + ".join(sys.argv[1:])))
        return 0
    rows = read(HERE / "test.jsonl")
    result = score(rows)
    (HERE / "results.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (HERE / "results.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
