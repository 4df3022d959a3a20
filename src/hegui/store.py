"""Every answer is written down as it arrives, so a killed run resumes where it stopped.

One sqlite file per model fingerprint. Rows are keyed by the request's own hash, and the file's meta table
records the fingerprint it was written under; opening it for another model is an error, never a silent
reuse. Each batch is committed in one transaction (WAL mode), so SIGKILL loses at most the batch in flight.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .errors import StoreMismatchError

SCHEMA_VERSION = "1"


class ResponseStore:
    def __init__(self, path: Path, fingerprint: str, description: str = ""):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS responses ("
                " key TEXT PRIMARY KEY, kind TEXT NOT NULL, response TEXT NOT NULL, created REAL NOT NULL)"
            )
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
            if not meta:
                self._db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [("fingerprint", fingerprint), ("schema", SCHEMA_VERSION), ("model", description)],
                )
        if meta and (meta.get("fingerprint") != fingerprint or meta.get("schema") != SCHEMA_VERSION):
            self._db.close()
            raise StoreMismatchError(
                f"response store {path} was written for another model or settings "
                f"(stored fingerprint {meta.get('fingerprint', '?')[:12]}, this run {fingerprint[:12]}, "
                f"model {meta.get('model', '?')!r}); use another --store path or delete the file"
            )

    @classmethod
    def for_model(cls, folder: Path, fingerprint: str, description: str = "") -> ResponseStore:
        return cls(folder / f"responses-{fingerprint[:16]}.sqlite", fingerprint, description)

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        keys = list(keys)
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            for key, response in self._db.execute(
                f"SELECT key, response FROM responses WHERE key IN ({marks})", chunk
            ):
                found[key] = json.loads(response)
        return found

    def put_many(self, kind: str, items: Iterable[tuple[str, Any]]) -> None:
        now = time.time()
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?)",
                [(key, kind, json.dumps(value, ensure_ascii=False), now) for key, value in items],
            )

    def close(self) -> None:
        self._db.close()
