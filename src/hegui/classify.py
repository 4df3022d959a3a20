"""``hegui classify refusal FILE.jsonl``: re-grade recorded answers with the detector the audit uses.

One JSON line out per input line, ``{"line": N, "label": "refuse|partial|comply", "reason": "..."}``, so an
auditor can check any verdict's samples, or grade another tool's transcripts, without running a model.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from .errors import DataError


def _field(row: dict, path: str):
    value = row
    for part in path.split("."):
        if isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return None
    return value


def classify_refusals(path: Path, prompt_field: str = "prompt", response_field: str = "response", out: TextIO = sys.stdout) -> int:
    """Classify every line; every bad line is reported (file:line) and none is skipped silently."""
    from .detectors.refusal import classify_refusal

    problems, lines = [], []
    try:
        handle = path.open(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    with handle:
        for number, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except json.JSONDecodeError as error:
                problems.append(f"{path}:{number}:{error.colno}: invalid JSON: {error.msg}")
                continue
            response = _field(row, response_field) if isinstance(row, dict) else None
            if not isinstance(response, str):
                problems.append(f"{path}:{number}: no text at {response_field!r}")
                continue
            prompt = _field(row, prompt_field)
            decision = classify_refusal(response, prompt if isinstance(prompt, str) else None)
            lines.append(json.dumps({"line": number, "label": decision.label, "reason": decision.reason}, ensure_ascii=False))
    if problems:
        raise DataError("\n".join(problems))
    out.write("".join(line + "\n" for line in lines))
    return len(lines)
