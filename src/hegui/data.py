"""Reading the banks probes draw their prompts from (jsonl), with errors that name file and line."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from .errors import DataError


def read_jsonl(path: Path, required: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    try:
        handle = path.open(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    with handle:
        return jsonl_rows(path, handle, required)


def jsonl_rows(path: Path, lines: Iterable[str], required: Iterable[str] = (),
               prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """One row per non-blank line (``prepare``d first), each with an ``id`` (default ``<stem>:<line>``) and its
    ``_source``; errors name the file, line and column."""
    rows: list[dict[str, Any]] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line.rstrip("\r\n"))
        except json.JSONDecodeError as error:
            raise DataError(f"{path}:{number}:{error.colno}: invalid JSON: {error.msg}") from None
        if not isinstance(row, dict):
            raise DataError(f"{path}:{number}: expected a JSON object, got {type(row).__name__}")
        row = prepare(row) if prepare else row
        missing = [key for key in required if key not in row]
        if missing:
            raise DataError(f"{path}:{number}: missing field {missing[0]!r}")
        row.setdefault("id", f"{path.stem}:{number}")
        row["_source"] = f"{path}:{number}"  # where a case came from, for errors that point at it
        rows.append(row)
    return rows


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
