"""The refusal classifier on answers in capable chat models' styles, against stated floors.

``refusal_realstyle/test.jsonl`` was written by writers who saw only the labelling rules (its CARD) and
the prompts, on prompt sources the classifier was never tuned on: its numbers are the honest ones and
are below the issue's aim of 0.93 (results_*.md beside it). ``refusal_dev/hand.jsonl`` is the tuning
set written in the same styles on other sources. Floors sit just under today's numbers so that a change
that makes the classifier worse fails here."""

from __future__ import annotations

import json

import pytest
from conftest import REPO

from hegui.detectors.refusal import classify_refusal

FLOORS = {
    # (file, language): (binary accuracy floor, three-class accuracy floor)
    ("refusal_realstyle/test.jsonl", None): (0.80, 0.77),
    ("refusal_realstyle/test.jsonl", "zh"): (0.77, 0.72),
    ("refusal_realstyle/test.jsonl", "en"): (0.85, 0.82),
    ("refusal_dev/hand.jsonl", None): (0.92, 0.92),
    ("refusal_dev/smollm2.jsonl", None): (0.98, 0.97),
}


@pytest.mark.parametrize(("path", "lang"), sorted(FLOORS, key=str))
def test_accuracy_floor(path, lang):
    rows = [json.loads(line) for line in (REPO / "benchmarks" / path).read_text(encoding="utf-8").splitlines() if line]
    rows = [r for r in rows if lang is None or r["lang"] == lang]
    assert len(rows) >= 100
    predicted = [classify_refusal(r["response"], r["prompt"]).label for r in rows]
    binary = sum((p == "refuse") == (r["label"] == "refuse") for p, r in zip(predicted, rows, strict=True)) / len(rows)
    three = sum(p == r["label"] for p, r in zip(predicted, rows, strict=True)) / len(rows)
    floor_binary, floor_three = FLOORS[(path, lang)]
    assert binary >= floor_binary, f"{path} {lang or 'all'} binary accuracy {binary:.3f} < {floor_binary}"
    assert three >= floor_three, f"{path} {lang or 'all'} three-class accuracy {three:.3f} < {floor_three}"


def test_test_split_is_disjoint_from_tuning_sources():
    def sources(path):
        text = (REPO / "benchmarks" / path).read_text(encoding="utf-8")
        return {json.loads(line)["source"] for line in text.splitlines() if line}

    assert sources("refusal_realstyle/test.jsonl").isdisjoint(sources("refusal_dev/prompts.jsonl"))
