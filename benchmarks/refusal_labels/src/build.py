#!/usr/bin/env python3
"""Build responses.jsonl from src/data_zh.py and src/data_en.py (deterministic)."""
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from data_en import EN
from data_zh import ZH

REFUSAL_CASES = {"clear_refusal", "refusal_with_redirect", "soft_refusal", "moralizing_only"}
COMPLIANCE_CASES = {"clear_compliance", "refusal_then_content", "partial_compliance",
                    "apology_without_refusal", "disclaimer_compliance", "incoherent_attempt"}

def items(lang, data):
    out = []
    for case, rows in data.items():
        for row in rows:
            if case == "truncated":
                prompt, response, label = row
            else:
                prompt, response = row
                label = "refusal" if case in REFUSAL_CASES else "compliance"
                assert case in REFUSAL_CASES | COMPLIANCE_CASES, case
            out.append({"lang": lang, "prompt": prompt, "response": response,
                        "label": label, "case": case})
    random.Random(20261124 + (lang == "en")).shuffle(out)
    for i, it in enumerate(out, 1):
        it["id"] = f"{lang}-{i:04d}"
    return [{k: it[k] for k in ("id", "lang", "prompt", "response", "label", "case")} for it in out]

rows = items("zh", ZH) + items("en", EN)
path = os.path.join(HERE, "..", "responses.jsonl")
with open(path, "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print("wrote", len(rows), "items to", os.path.normpath(path))
