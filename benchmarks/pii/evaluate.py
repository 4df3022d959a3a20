"""Precision / recall / F1 per entity type of hegui's PII detector, side by side with Presidio's default
recognizers and with JioNLP (a Chinese extraction library from PyPI), on the labeled set in this folder.

Usage:  python benchmarks/pii/evaluate.py [--split test] [--throughput 10000]
        (JioNLP is optional: `pip install jionlp`; without it that column is skipped.)
Writes benchmarks/pii/results.json and benchmarks/pii/results.md.

Matching: a prediction is a true positive when it has the gold type and overlaps a gold span that no other
prediction matched ("relaxed"); "exact" also requires identical offsets. Types a tool does not know are
left out of its table rather than counted as misses, and Presidio's PHONE_NUMBER / CREDIT_CARD are mapped
to our CN_MOBILE-or-PHONE ("PHONE", coarse) / BANK_CARD, so each tool is scored on what it claims to find.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
HERE = Path(__file__).resolve().parent
COARSE = {"CN_MOBILE": "PHONE", "PHONE_NUMBER": "PHONE"}


def load(split: str | None) -> list[dict]:
    rows = [json.loads(line) for line in (HERE / "labeled.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if split in (None, "all", r["split"])]


def score(rows, predict, coarse: bool, known: set[str] | None = None) -> dict:
    tp, fp, fn, exact = Counter(), Counter(), Counter(), Counter()
    norm = (lambda t: COARSE.get(t, t)) if coarse else (lambda t: t)
    for row in rows:
        gold = [(norm(e["type"]), e["start"], e["end"]) for e in row["entities"]]
        if known is not None:
            gold = [g for g in gold if g[0] in known]
        predicted = [(norm(t), s, e) for t, s, e in predict(row)]
        if known is not None:
            predicted = [p for p in predicted if p[0] in known]
        used = set()
        for p_type, p_start, p_end in predicted:
            match = next((i for i, (g_type, g_start, g_end) in enumerate(gold)
                          if i not in used and g_type == p_type and p_start < g_end and g_start < p_end), None)
            if match is None:
                fp[p_type] += 1
            else:
                used.add(match)
                tp[p_type] += 1
                exact[p_type] += (p_start, p_end) == gold[match][1:]
        for i, g in enumerate(gold):
            if i not in used:
                fn[g[0]] += 1
    table = {}
    for t in sorted(set(tp) | set(fp) | set(fn)):
        p = tp[t] / (tp[t] + fp[t]) if tp[t] + fp[t] else 0.0
        r = tp[t] / (tp[t] + fn[t]) if tp[t] + fn[t] else 0.0
        table[t] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                    "support": tp[t] + fn[t], "predicted": tp[t] + fp[t], "exact_match": exact[t]}
    T, F, N = sum(tp.values()), sum(fp.values()), sum(fn.values())
    p, r = (T / (T + F) if T + F else 0.0), (T / (T + N) if T + N else 0.0)
    table["ALL"] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                    "support": T + N, "predicted": T + F, "exact_match": sum(exact.values())}
    return table


def hegui_predictor():
    sys.path.insert(0, str(HERE.parents[1] / "src"))
    from hegui.detectors.pii import PiiDetector

    detector = PiiDetector()
    return lambda row: [(f.type, f.start, f.end) for f in detector.analyze(row["text"])]


def presidio_default_predictor():
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    class Blank(SpacyNlpEngine):
        def load(self):
            self.nlp = {"en": spacy.blank("en")}

    engine = Blank(models=[{"lang_code": "en", "model_name": "blank"}])
    engine.load()
    registry = RecognizerRegistry()
    registry.load_predefined_recognizers(languages=["en"], nlp_engine=engine)
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])
    rename = {"CREDIT_CARD": "BANK_CARD", "PHONE_NUMBER": "PHONE_NUMBER"}
    return lambda row: [(rename.get(r.entity_type, r.entity_type), r.start, r.end)
                        for r in analyzer.analyze(row["text"], language="en")]


def jionlp_predictor():
    import jionlp as jio

    extractors = [
        (jio.extract_id_card, lambda item: "CN_RESIDENT_ID"),
        (jio.extract_phone_number, lambda item: "CN_MOBILE" if item["type"] == "cell_phone" else "PHONE_NUMBER"),
        (jio.extract_email, lambda item: "EMAIL_ADDRESS"),
        (jio.extract_motor_vehicle_licence_plate, lambda item: "CN_LICENSE_PLATE"),
        (jio.extract_ip_address, lambda item: "IP_ADDRESS"),
    ]
    errors = Counter()

    def predict(row):
        out = []
        for extract, kind in extractors:
            try:  # JioNLP raises on some inputs (e.g. e-mail domains it cannot split); that call finds nothing
                out.extend((kind(item), *item["offset"]) for item in extract(row["text"], detail=True))
            except Exception:
                errors[extract.__name__] += 1
        return out

    predict.errors = errors

    return predict


TOOLS = {
    "hegui": (hegui_predictor, None),
    "presidio_default": (presidio_default_predictor, {"BANK_CARD", "PHONE", "PHONE_NUMBER", "EMAIL_ADDRESS", "IP_ADDRESS", "US_SSN", "PERSON", "LOCATION"}),
    "jionlp": (jionlp_predictor, {"CN_RESIDENT_ID", "PHONE", "CN_MOBILE", "PHONE_NUMBER", "EMAIL_ADDRESS", "CN_LICENSE_PLATE", "IP_ADDRESS"}),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", default="test", choices=["dev", "test", "all"])
    parser.add_argument("--throughput", type=int, default=10000, help="sentences for the speed measurement")
    args = parser.parse_args()
    rows = load(args.split)
    results = {"split": args.split, "sentences": len(rows), "tools": {}}
    for name, (factory, known) in TOOLS.items():
        try:
            predict = factory()
        except ImportError as error:
            print(f"skipping {name}: {error}", file=sys.stderr)
            continue
        entry = {"fine": score(rows, predict, coarse=False, known=known), "coarse": score(rows, predict, coarse=True, known=known)}
        if args.throughput:
            sample = random.Random(0).choices(load("all"), k=args.throughput)
            start = time.perf_counter()
            for row in sample:
                predict(row)
            seconds = time.perf_counter() - start
            entry["throughput"] = {"sentences": len(sample), "seconds": round(seconds, 2), "per_second": round(len(sample) / seconds, 1)}
        if getattr(predict, "errors", None):
            entry["errors"] = dict(predict.errors)
        results["tools"][name] = entry
        print(name, json.dumps(entry["coarse"]["ALL"]), entry.get("throughput"), file=sys.stderr)
    (HERE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (HERE / "results.md").write_text(markdown(results), encoding="utf-8")
    print(markdown(results))
    return 0


def markdown(results: dict) -> str:
    lines = [f"# PII detection on the labeled set ({results['split']} split, {results['sentences']} sentences)", ""]
    hegui = results["tools"]["hegui"]["fine"]
    lines += ["## hegui, per entity type", "", "| type | precision | recall | F1 | support | exact spans |", "|---|---|---|---|---|---|"]
    for t, m in hegui.items():
        lines.append(f"| {t} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['support']} | {m['exact_match']} |")
    lines += ["", "## Side by side (coarse types: CN_MOBILE and PHONE_NUMBER merged as PHONE; each tool on the types it claims)", ""]
    tools = list(results["tools"])
    types = sorted({t for tool in tools for t in results["tools"][tool]["coarse"]} - {"ALL"}) + ["ALL"]
    lines.append("| type | " + " | ".join(f"{t} P / R / F1" for t in tools) + " |")
    lines.append("|---|" + "---|" * len(tools))
    for t in types:
        cells = []
        for tool in tools:
            m = results["tools"][tool]["coarse"].get(t)
            cells.append(f"{m['precision']:.2f} / {m['recall']:.2f} / {m['f1']:.2f}" if m else "—")
        lines.append(f"| {t} | " + " | ".join(cells) + " |")
    lines += ["", "## Throughput (sentences per second, one process, this machine)", ""]
    for tool in tools:
        tp = results["tools"][tool].get("throughput")
        if tp:
            lines.append(f"- {tool}: {tp['per_second']} sentences/s ({tp['sentences']} in {tp['seconds']} s)")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
