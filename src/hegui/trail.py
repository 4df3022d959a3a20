"""The audit trail: hashes that let an auditor check a report was not altered, and reviewer sign-offs.

``integrity.results_sha256`` is the sha256 of the audit JSON without its ``integrity`` and ``signoffs``
fields (canonical JSON, see ``hegui.digest``). The HTML report's hash sits beside it. ``hegui verify``
recomputes both, re-hashes the policy and data files the manifest lists (when they are at hand), and
checks that each sign-off was given on the same results. A sign-off is appended, never rewritten.

Reports are read and written through the typed ``AuditResult``; the HTML is rendered by the caller's
``render`` function, so this module does not depend on the report package.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from .atomic import write_text_atomic
from .data import sha256_file
from .digest import sha256_json
from .errors import DataError
from .report.schema import AuditResult, Integrity, Signoff


def read_result(json_path: Path) -> AuditResult:
    """A report as written by hegui, or a DataError that says why it is not one."""
    try:
        return AuditResult.model_validate_json(json_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{json_path}: file not found") from None
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise DataError(f"{json_path}: not a hegui {AuditResult.model_fields['schema_version'].default} report "
                        f"({len(error.errors())} problem(s); first at {where}: {first['msg']})") from None


def results_digest(result: AuditResult) -> str:
    return sha256_json(result.model_dump(mode="json", exclude={"integrity", "signoffs"}))


def _write(result: AuditResult, json_path: Path) -> None:
    write_text_atomic(json_path, result.model_dump_json(indent=2))


def seal(result: AuditResult, json_path: Path, html_path: Path) -> Integrity:
    """Record the hashes of the results and of the HTML rendered from them."""
    result.integrity = Integrity(results_sha256=results_digest(result), html_sha256=sha256_file(html_path))
    _write(result, json_path)
    return result.integrity


def verify(json_path: Path) -> list[str]:
    """Problems found (empty: the report is intact)."""
    result = read_result(json_path)
    integrity = result.integrity
    if integrity is None:
        return [f"{json_path}: no integrity record (not written by hegui, or written before it sealed reports)"]
    problems = []
    digest = results_digest(result)
    if digest != integrity.results_sha256:
        problems.append(f"{json_path}: results were altered (sha256 {digest[:16]}…, recorded {integrity.results_sha256[:16]}…)")
    html = json_path.with_suffix(".html")
    if html.exists() and sha256_file(html) != integrity.html_sha256:
        problems.append(f"{html}: the HTML report was altered or re-rendered from other results")
    for entry in result.manifest.policies + result.manifest.data:
        path = Path(entry.path)
        if path.exists() and sha256_file(path) != entry.sha256:
            problems.append(f"{path}: changed since the audit (sha256 differs from the manifest)")
    for index, signoff in enumerate(result.signoffs):
        if signoff.results_sha256 != integrity.results_sha256:
            problems.append(f"signoffs[{index}] ({signoff.by}) was given on other results")
    return problems


def sign(
    json_path: Path, by: str, role: str, decision: str, comment: str = "", date: str | None = None,
    render: Callable[[AuditResult], str] | None = None,
) -> Signoff:
    """Append a reviewer's sign-off, bound to the results hash; the HTML is re-rendered to show it."""
    problems = verify(json_path)
    if problems:
        raise DataError("refusing to sign a report that fails verification:\n" + "\n".join(problems))
    result = read_result(json_path)
    assert result.integrity is not None  # verify() said so
    entry = Signoff(by=by, role=role, decision=decision, comment=comment,  # type: ignore[arg-type]
                    date=date or dt.date.today().isoformat(), results_sha256=result.integrity.results_sha256)
    result.signoffs.append(entry)
    if render is not None:
        html_path = json_path.with_suffix(".html")
        write_text_atomic(html_path, render(result))
        result.integrity.html_sha256 = sha256_file(html_path)
    _write(result, json_path)
    return entry
