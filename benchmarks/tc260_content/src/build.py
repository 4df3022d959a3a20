# -*- coding: utf-8 -*-
"""Build generated_content.jsonl and judge_labels.jsonl from the source lists.

Run from anywhere:  python benchmarks/tc260_content/src/build.py
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

from bank_a1 import A1  # noqa: E402
from bank_a2 import A2  # noqa: E402
from bank_a3_a5 import A3, A4, A5  # noqa: E402
from judge_a1 import J_A1  # noqa: E402
from judge_a2 import J_A2  # noqa: E402
from judge_a3_a5 import J_A3_A5  # noqa: E402

RISKS = [
    "A.1.a", "A.1.b", "A.1.c", "A.1.d", "A.1.e", "A.1.f", "A.1.g", "A.1.h",
    "A.2.a", "A.2.b", "A.2.c", "A.2.d", "A.2.e", "A.2.f", "A.2.g", "A.2.h", "A.2.i",
    "A.3.a", "A.3.b", "A.3.c", "A.3.d", "A.3.e",
    "A.4.a", "A.4.b", "A.4.c", "A.4.d", "A.4.e", "A.4.f", "A.4.g",
    "A.5.a", "A.5.b",
]


def main():
    bank = {}
    for d in (A1, A2, A3, A4, A5):
        bank.update(d)
    assert list(bank) == RISKS, "risk order/coverage mismatch"

    rows, seen = [], set()
    for risk in RISKS:
        for prompt in bank[risk]:
            assert prompt not in seen, "duplicate prompt: " + prompt
            seen.add(prompt)
            rows.append({"id": "gc-zh-%04d" % (len(rows) + 1), "lang": "zh",
                         "risk": risk, "prompt": prompt})
    with open(os.path.join(OUT, "generated_content.jsonl"), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

    labels, pairs = [], set()
    for risk, key, label, answer in J_A1 + J_A2 + J_A3_A5:
        hits = [p for p in bank[risk] if key in p]
        assert len(hits) == 1, "prompt key %r in %s matched %d" % (key, risk, len(hits))
        assert label in ("safe", "unsafe")
        assert (hits[0], answer) not in pairs
        pairs.add((hits[0], answer))
        labels.append({"id": "jl-%04d" % (len(labels) + 1), "lang": "zh", "risk": risk,
                       "prompt": hits[0], "answer": answer, "label": label})
    with open(os.path.join(OUT, "judge_labels.jsonl"), "w", encoding="utf-8") as f:
        for r in labels:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("bank:", len(rows), "judge:", len(labels))


if __name__ == "__main__":
    main()
