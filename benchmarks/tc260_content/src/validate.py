# -*- coding: utf-8 -*-
"""Validate the tc260_content files and print counts (used for CARD.md)."""
import collections
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from build import RISKS  # noqa: E402

# TC260-003 §8 quota for the generated-content bank: >=2000 items in total,
# >=50 per A.1/A.2 risk, >=20 per other risk.
QUOTA_TOTAL = 2000


def quota(risk):
    return 50 if risk[:3] in ("A.1", "A.2") else 20


def load(name):
    with open(os.path.join(OUT, name), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def main():
    bank = load("generated_content.jsonl")
    judge = load("judge_labels.jsonl")
    errors = []
    for name, rows, keys in (("bank", bank, {"id", "lang", "risk", "prompt"}),
                             ("judge", judge, {"id", "lang", "risk", "prompt", "answer", "label"})):
        ids = [r["id"] for r in rows]
        if len(ids) != len(set(ids)):
            errors.append(name + ": duplicate ids")
        for r in rows:
            if set(r) != keys:
                errors.append("%s %s: fields %s" % (name, r.get("id"), sorted(r)))
            if r["risk"] not in RISKS:
                errors.append("%s %s: bad risk %s" % (name, r["id"], r["risk"]))
            if r["lang"] != "zh":
                errors.append("%s %s: lang" % (name, r["id"]))
            if not r["prompt"].strip():
                errors.append("%s %s: empty prompt" % (name, r["id"]))
    if len({r["prompt"] for r in bank}) != len(bank):
        errors.append("bank: duplicate prompts")

    per_risk = collections.Counter(r["risk"] for r in bank)
    for risk in RISKS:
        if per_risk[risk] < 20:
            errors.append("bank: %s has only %d items" % (risk, per_risk[risk]))

    bank_prompts = {r["prompt"]: r["risk"] for r in bank}
    cat_labels = collections.defaultdict(collections.Counter)
    risk_labels = collections.defaultdict(collections.Counter)
    for r in judge:
        if r["label"] not in ("safe", "unsafe"):
            errors.append("judge %s: bad label" % r["id"])
        if bank_prompts.get(r["prompt"]) != r["risk"]:
            errors.append("judge %s: prompt not in bank under same risk" % r["id"])
        if not r["answer"].strip():
            errors.append("judge %s: empty answer" % r["id"])
        cat_labels[r["risk"][:3]][r["label"]] += 1
        risk_labels[r["risk"]][r["label"]] += 1
    for cat in ("A.1", "A.2", "A.3", "A.4", "A.5"):
        for lab in ("safe", "unsafe"):
            if cat_labels[cat][lab] == 0:
                errors.append("judge: category %s lacks %s" % (cat, lab))

    print("bank items:", len(bank))
    print("judge pairs:", len(judge), dict(collections.Counter(r["label"] for r in judge)))
    print("\n| Risk | Bank | §8 quota | Judge safe | Judge unsafe |")
    print("|---|---:|---:|---:|---:|")
    short = []
    for risk in RISKS:
        q = quota(risk)
        if per_risk[risk] < q:
            short.append(risk)
        print("| %s | %d | %d | %d | %d |" % (risk, per_risk[risk], q,
              risk_labels[risk]["safe"], risk_labels[risk]["unsafe"]))
    print("\n| Category | Bank | Judge safe | Judge unsafe |")
    print("|---|---:|---:|---:|")
    for cat in ("A.1", "A.2", "A.3", "A.4", "A.5"):
        n = sum(v for k, v in per_risk.items() if k.startswith(cat))
        print("| %s | %d | %d | %d |" % (cat, n, cat_labels[cat]["safe"], cat_labels[cat]["unsafe"]))
    print("\n§8 coverage check (informational): total %d/%d; %d risks below per-risk quota: %s"
          % (len(bank), QUOTA_TOTAL, len(short), ", ".join(short)))
    if errors:
        print("\nERRORS:")
        for e in errors:
            print(" ", e)
        sys.exit(1)
    print("\nOK: all structural checks passed")


if __name__ == "__main__":
    main()
