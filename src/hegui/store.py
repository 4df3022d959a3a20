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

from .digest import sha256_json
from .errors import StoreMismatchError

SCHEMA_VERSION = "1"


# Another audit writing the same store holds its lock for one batch's transaction; wait for it, not fail.
LOCK_TIMEOUT_S = 120


def _stored_answers(db: sqlite3.Connection, keys: list[str]) -> dict[str, Any]:
    """The stored answers of ``keys`` (those present), read 500 keys a query (sqlite's parameter limit)."""
    found: dict[str, Any] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for key, response in db.execute(f"SELECT key, response FROM responses WHERE key IN ({marks})", chunk):
            found[key] = json.loads(response)
    return found


def answers_digest(answers: dict[str, Any]) -> str:
    """One digest over an audit's answers by request key: what the report seals, what verify recomputes."""
    return sha256_json([[key, answers[key]] for key in sorted(answers)])


def _private(path: Path) -> None:
    """The store holds raw answers (personal data, unsafe text): readable by its owner only."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not path.exists():
        path.touch(mode=0o600)


class ResponseStore:
    def __init__(self, path: Path, fingerprint: str, description: str = ""):
        self.path = path
        if path.exists() and not path.is_file():
            raise StoreMismatchError(f"response store {path} is not a regular file; use another --store path")
        _private(path)
        deadline = time.monotonic() + LOCK_TIMEOUT_S
        while True:
            self._db = sqlite3.connect(path, timeout=LOCK_TIMEOUT_S)
            try:
                meta = self._open(fingerprint, description)
                break
            except StoreMismatchError:
                self._db.close()
                raise
            except sqlite3.DatabaseError as error:  # not sqlite, truncated, corrupted, locked for too long
                self._db.close()
                # Switching a new store to WAL while other processes open it can report "locked" at once,
                # without sqlite's busy wait: wait and try again, as the busy wait would, until the deadline.
                if isinstance(error, sqlite3.OperationalError) and "locked" in str(error) and time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                raise StoreMismatchError(
                    f"response store {path} cannot be used ({error}); use another --store path or delete the file"
                ) from None
        if meta and (meta.get("fingerprint") != fingerprint or meta.get("schema") != SCHEMA_VERSION):
            self._db.close()
            raise StoreMismatchError(
                f"response store {path} was written for another model or settings "
                f"(stored fingerprint {meta.get('fingerprint', '?')[:12]}, this run {fingerprint[:12]}, "
                f"model {meta.get('model', '?')!r}); use another --store path or delete the file"
            )

    def _open(self, fingerprint: str, description: str) -> dict[str, str]:
        """Create or check the tables; the meta table as found (empty for a new store)."""
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        with self._db:
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS responses ("
                " key TEXT PRIMARY KEY, kind TEXT NOT NULL, response TEXT NOT NULL, created REAL NOT NULL)"
            )
            self._db.execute("CREATE TABLE IF NOT EXISTS seals (sha256 TEXT PRIMARY KEY, keys TEXT NOT NULL)")
            meta = dict(self._db.execute("SELECT key, value FROM meta"))
            if not meta:
                rows = self._db.execute("SELECT COUNT(*) FROM responses").fetchone()[0]
                if rows:  # answers with no record of whose they are: never adopt them
                    raise StoreMismatchError(
                        f"response store {self.path} holds {rows} answers but no record of the model that gave "
                        "them (its meta table is empty); use another --store path or delete the file"
                    )
                self._db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [("fingerprint", fingerprint), ("schema", SCHEMA_VERSION), ("model", description)],
                )
        return meta

    @classmethod
    def for_model(cls, folder: Path, fingerprint: str, description: str = "") -> ResponseStore:
        return cls(folder / f"responses-{fingerprint[:16]}.sqlite", fingerprint, description)

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        return _stored_answers(self._db, list(keys))

    def put_many(self, kind: str, items: Iterable[tuple[str, Any]]) -> None:
        now = time.time()
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?)",
                [(key, kind, json.dumps(value, ensure_ascii=False), now) for key, value in items],
            )

    def seal(self, answers: dict[str, Any]) -> str:
        """Record which rows an audit used, under the digest of their answers, and return that digest."""
        digest = answers_digest(answers)
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO seals VALUES (?, ?)", (digest, json.dumps(sorted(answers))))
        return digest

    def close(self) -> None:
        self._db.close()


def check_seal(path: Path, sha256: str) -> str | None:
    """None when the store still holds the answers sealed under ``sha256``; else what is wrong.

    Opened read-only: verifying a report never writes to the store it checks.
    """
    if not path.is_file():
        return f"{path}: response store not found"
    try:
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=LOCK_TIMEOUT_S)
        try:
            row = db.execute("SELECT keys FROM seals WHERE sha256 = ?", (sha256,)).fetchone()
            if row is None:
                return f"{path}: the store holds no record of this audit's answers (sealed {sha256[:16]}…)"
            keys = json.loads(row[0])
            found = _stored_answers(db, keys)
        finally:
            db.close()
    except (sqlite3.DatabaseError, ValueError, TypeError) as error:
        return f"{path}: the response store cannot be read ({error})"
    if len(found) != len(keys):
        return f"{path}: {len(keys) - len(found)} of the audit's {len(keys)} stored answers are gone"
    if answers_digest(found) != sha256:
        return f"{path}: stored answers were altered since the audit (their digest no longer matches the report)"
    return None
