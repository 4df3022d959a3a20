"""``hegui scan``: the PII detector over corpora and datasets, streaming, in constant memory.

TC260-003 §5 asks providers to screen training corpora; PIPL Art. 51 asks for de-identification. The scan
reports where personal data is (type, offsets, score), never the data itself.
"""

from __future__ import annotations

import codecs
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from .detectors.pii import PiiDetector, info
from .errors import DataError

_BOMS = [(b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")]


def _encoding_of(path: Path, encoding: str | None) -> str:
    """The user's encoding, or the one a byte-order mark names, or UTF-8."""
    if encoding:
        return encoding
    with path.open("rb") as handle:
        head = handle.read(4)
    return next((name for bom, name in _BOMS if head.startswith(bom)), "utf-8")


def _lines(path: Path, encoding: str) -> Iterator[tuple[int, str, int]]:
    """(line number, line, bytes it took) in the file's encoding; a line it cannot decode is bad input."""
    if encoding in ("utf-8", "utf-8-sig"):
        with path.open("rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    line = raw.decode("utf-8-sig" if number == 1 else "utf-8")
                except UnicodeDecodeError as error:
                    raise DataError(
                        f"{path}:{number}: not UTF-8 (byte {error.start} of the line); give --encoding "
                        "(e.g. gb18030) or convert the file (iconv -f GB18030 -t UTF-8)"
                    ) from None
                yield number, line.rstrip("\r\n"), len(raw)
        return
    with path.open("r", encoding=encoding, newline="") as handle:
        try:
            for number, line in enumerate(handle, start=1):
                yield number, line.rstrip("\r\n"), len(line.encode(encoding, errors="replace"))
        except UnicodeDecodeError as error:
            raise DataError(f"{path}: not {encoding} text ({error.reason} at byte {error.start} of a chunk)") from None


def _texts(path: Path, field: str | None, encoding: str | None = None) -> Iterator[tuple[int, str, int]]:
    """(line number, text, bytes consumed) for every line of ``path``."""
    if not path.exists():
        raise DataError(f"{path}: file not found")
    if not path.is_file():
        raise DataError(f"{path}: not a regular file (hegui scan reads text or JSONL files)")
    try:
        name = _encoding_of(path, encoding)
        codecs.lookup(name)
    except PermissionError:
        raise DataError(f"{path}: permission denied") from None
    except LookupError:
        raise DataError(f"--encoding {encoding}: not an encoding Python knows") from None
    for number, line, size in _lines(path, name):
        if field is None:
            yield number, line, size
            continue
        if not line.strip():
            yield number, "", size
            continue
        try:
            value = json.loads(line)
            for key in field.split("."):
                value = value[key] if isinstance(value, dict) else value[int(key)]
        except (json.JSONDecodeError, KeyError, IndexError, ValueError, TypeError, RecursionError):
            raise DataError(f"{path}:{number}: no field {field!r} in this line (or not JSON)") from None
        yield number, value if isinstance(value, str) else json.dumps(value, ensure_ascii=False), size


def scan(
    paths: list[Path],
    field: str | None = None,
    output: str = "summary",
    out: TextIO | None = None,
    language: str | None = None,
    progress: bool = True,
    detector: PiiDetector | None = None,
    encoding: str | None = None,
) -> Counter:
    from tqdm import tqdm

    detector = detector or PiiDetector.shared()
    out = out or sys.stdout
    counts: Counter = Counter()
    total = sum(p.stat().st_size for p in paths if p.is_file())
    with tqdm(total=total, unit="B", unit_scale=True, desc="scan", disable=not progress, file=sys.stderr) as bar:
        for path in paths:
            for number, text, size in _texts(path, field, encoding):
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
