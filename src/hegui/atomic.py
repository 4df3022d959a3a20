"""Write a file so that a reader (or a kill -9) sees the old content or the new, never half of either.

A report killed while being written used to leave a truncated, unsealed ``audit.json`` over the sealed
one from the previous run. The new text goes to a temporary file in the same folder, is flushed to disk,
and replaces the old file in one ``os.replace`` (atomic on POSIX and Windows).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_text_atomic(path: Path | str, text: str, encoding: str = "utf-8") -> None:
    path = Path(path)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding=encoding) as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
