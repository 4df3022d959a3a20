"""``hegui scan``: the PII detector over corpora and datasets, streaming, in constant memory.

TC260-003 §5 asks providers to screen training corpora; PIPL Art. 51 asks for de-identification. The scan
reports where personal data is (type, offsets, score), never the data itself.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from .detectors.pii import PiiDetector, info
from .errors import DataError


def _texts(path: Path, field: str | None) -> Iterator[tuple[int, str, int]]:
    """(line number, text, bytes consumed) for every line of ``path``."""
    try:
        handle = path.open("rb")
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    with handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
            if field is None:
                yield number, line, len(raw)
                continue
            if not line.strip():
                yield number, "", len(raw)
                continue
            try:
                value = json.loads(line)
                for key in field.split("."):
                    value = value[key] if isinstance(value, dict) else value[int(key)]
            except (json.JSONDecodeError, KeyError, IndexError, ValueError, TypeError):
                raise DataError(f"{path}:{number}: no field {field!r} in this line (or not JSON)") from None
            yield number, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False), len(raw)


def scan(
    paths: list[Path],
    field: str | None = None,
    output: str = "summary",
    out: TextIO | None = None,
    language: str | None = None,
    progress: bool = True,
    detector: PiiDetector | None = None,
) -> Counter:
    from tqdm import tqdm

    detector = detector or PiiDetector.shared()
    out = out or sys.stdout
    counts: Counter = Counter()
    total = sum(p.stat().st_size for p in paths if p.exists())
    with tqdm(total=total, unit="B", unit_scale=True, desc="scan", disable=not progress, file=sys.stderr) as bar:
        for path in paths:
            for number, text, size in _texts(path, field):
                findings = detector.analyze(text, language)
                counts["lines"] += 1
                counts["lines_with_pii"] += bool(findings)
                for finding in findings:
                    counts[f"type:{finding.type}"] += 1
                    for sensitive in finding.sensitive:
                        counts[f"sensitive:{sensitive}"] += 1
                if output == "jsonl":
                    record = {"line": number, "entities": [
                        {"type": f.type, "start": f.start, "end": f.end, "score": f.score} for f in findings
                    ]}
                    if len(paths) > 1:
                        record = {"file": str(path), **record}
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                bar.update(size)
    if output == "summary":
        out.write(summary_table(counts))
    return counts


def summary_table(counts: Counter) -> str:
    lines = [f"lines scanned: {counts['lines']}, lines with personal data: {counts['lines_with_pii']}", ""]
    lines.append(f"{'type':<20} {'found':>8}  {'category':<24} sensitive class")
    for key, value in sorted(((k, v) for k, v in counts.items() if k.startswith("type:")), key=lambda kv: -kv[1]):
        name = key[5:]
        lines.append(f"{name:<20} {value:>8}  {info(name).category:<24} {info(name).sensitive or '-'}")
    sensitive = [(k[10:], v) for k, v in counts.items() if k.startswith("sensitive:")]
    if sensitive:
        lines.append("")
        lines.append("sensitive personal information (PIPL Art. 28 / GDPR Art. 9): " + ", ".join(f"{k} {v}" for k, v in sorted(sensitive)))
    return "\n".join(lines) + "\n"
