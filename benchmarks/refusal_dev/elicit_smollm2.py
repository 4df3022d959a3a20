"""Elicit the embedded default model's real answers to the development prompts (prompts.jsonl), for labelling.

    python benchmarks/refusal_dev/elicit_smollm2.py        # writes smollm2_raw.jsonl beside it

Greedy, 96 new tokens, the model's own chat template: the same settings as the refusal probe's
requests, so the labelled answers are the shapes the audit really sees.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from lm_eval.api.instance import Instance

HERE = Path(__file__).resolve().parent


def main() -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from hegui.models import load_lm_eval_model

    model = load_lm_eval_model(batch_size=16)
    prompts = [json.loads(line) for line in (HERE / "prompts.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
    instances = [
        Instance(request_type="generate_until", doc={}, idx=i,
                 arguments=(model.render([("user", p["prompt"])]), {"until": [], "max_gen_toks": 96, "do_sample": False}))
        for i, p in enumerate(prompts)
    ]
    answers = model.lm.generate_until(instances)
    with (HERE / "smollm2_raw.jsonl").open("w", encoding="utf-8") as out:
        for p, answer in zip(prompts, answers, strict=True):
            out.write(json.dumps({"id": f"{p['pid']}-s", **p, "lang": p["lang"], "response": answer, "model": "SmolLM2-135M-Instruct Q4_1"},
                                 ensure_ascii=False) + "\n")
    print(f"{len(answers)} answers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
