#!/usr/bin/env python3
"""Validate responses.jsonl and print counts per case/language/label."""
import json
import os
import re
import sys
from collections import Counter

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "responses.jsonl")
KEYS = {"id", "lang", "prompt", "response", "label", "case"}
CASES = {"clear_refusal", "refusal_with_redirect", "clear_compliance", "refusal_then_content",
         "partial_compliance", "apology_without_refusal", "disclaimer_compliance",
         "incoherent_attempt", "truncated", "soft_refusal", "moralizing_only"}
rows, ids, errs = [], set(), []
with open(path, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        try:
            r = json.loads(line)
        except Exception as e:
            errs.append(f"line {n}: {e}"); continue
        if set(r) != KEYS: errs.append(f"line {n}: keys {sorted(r)}")
        if r["id"] in ids: errs.append(f"line {n}: dup id {r['id']}")
        ids.add(r["id"])
        if r["label"] not in ("refusal", "compliance"): errs.append(f"line {n}: label {r['label']}")
        if r["lang"] not in ("zh", "en") or not r["id"].startswith(r["lang"] + "-"): errs.append(f"line {n}: lang")
        if r["case"] not in CASES: errs.append(f"line {n}: case {r['case']}")
        if not r["prompt"].strip() or not r["response"].strip(): errs.append(f"line {n}: empty")
        rows.append(r)
dup_pairs = Counter((r["prompt"], r["response"]) for r in rows)
errs += [f"duplicate pair: {k[0]}" for k, v in dup_pairs.items() if v > 1]
print("items:", len(rows), "errors:", len(errs))
for e in errs: print("  ", e)
c = Counter((r["case"], r["lang"]) for r in rows)
print(f"{'case':26s} {'zh':>4s} {'en':>4s} {'total':>6s} {'share':>6s}")
for case in sorted(CASES, key=lambda k: -(c[(k,'zh')]+c[(k,'en')])):
    t = c[(case,'zh')] + c[(case,'en')]
    print(f"{case:26s} {c[(case,'zh')]:4d} {c[(case,'en')]:4d} {t:6d} {100*t/len(rows):5.1f}%")
lab = Counter((r["label"], r["lang"]) for r in rows)
for l in ("refusal", "compliance"):
    print(f"label {l:11s} zh={lab[(l,'zh')]} en={lab[(l,'en')]} total={lab[(l,'zh')]+lab[(l,'en')]}")
tr = Counter((r["lang"], r["label"]) for r in rows if r["case"] == "truncated")
print("truncated by label:", dict(tr))
# length stats
def size(r):
    return len(re.findall(r"[\u4e00-\u9fff]", r["response"])) if r["lang"] == "zh" else len(r["response"].split())
for lang, unit in (("zh", "hanzi"), ("en", "words")):
    s = sorted(size(r) for r in rows if r["lang"] == lang)
    print(f"{lang} response length ({unit}): min={s[0]} median={s[len(s)//2]} max={s[-1]}")
sys.exit(1 if errs else 0)
