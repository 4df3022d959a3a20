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
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .atomic import write_text_atomic
from .data import sha256_file
from .digest import sha256_json
from .errors import DataError
from .jsonpos import line_of
from .report.schema import AuditResult, Integrity, Signoff
from .signature import (
    SIGNOFF_PREDICATE,
    STATEMENT_TYPE,
    load_private_key,
    open_envelope,
    sign_envelope,
    statement,
    trusted_keys,
)
from .store import check_seal

MAX_REPORT_BYTES = 512 * 1024 * 1024


class _Constant(ValueError):
    pass


def _no_constant(name: str) -> None:
    raise _Constant(name)


def read_result(json_path: Path) -> AuditResult:
    """A report as written by hegui, or a DataError with file:line and what is wrong."""
    if not json_path.exists():
        raise DataError(f"{json_path}: file not found")
    if not json_path.is_file():
        raise DataError(f"{json_path}: not a regular file (a hegui report is a <name>.json file)")
    if json_path.stat().st_size > MAX_REPORT_BYTES:
        raise DataError(f"{json_path}: {json_path.stat().st_size} bytes, larger than any hegui report")
    raw = json_path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise DataError(f"{json_path}:{line}: not UTF-8 text (byte {error.start}); hegui writes reports in UTF-8") from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except _Constant as constant:
        line = text.count("\n", 0, max(text.find(str(constant)), 0)) + 1
        raise DataError(f"{json_path}:{line}: not JSON ({constant} is not a JSON number; hegui writes null)") from None
    except json.JSONDecodeError as error:
        raise DataError(f"{json_path}:{error.lineno}:{error.colno}: not JSON ({error.msg})") from None
    except RecursionError:
        raise DataError(f"{json_path}: nested too deeply to be a hegui report") from None
    version = AuditResult.model_fields["schema_version"].default
    found = data.get("schema_version") if isinstance(data, dict) else None
    if isinstance(found, str) and found.split(".")[0] != version.split(".")[0]:
        raise DataError(f"{json_path}:{line_of(text, ['schema_version'])}: a schema {found} report; this hegui reads "
                        f"{version.split('.')[0]}.x (hegui history reads 1.x too)")
    try:
        return AuditResult.model_validate_json(text)
    except ValidationError as error:
        lines = [f"{json_path}: not a hegui {version} report ({error.error_count()} problem(s)):"]
        for problem in error.errors()[:10]:
            where = ".".join(str(p) for p in problem["loc"]) or "(top level)"
            lines.append(f"{json_path}:{line_of(text, problem['loc'])}: {where}: {problem['msg']}")
        raise DataError("\n".join(lines)) from None


def results_digest(result: AuditResult) -> str:
    return sha256_json(result.model_dump(mode="json", exclude={"integrity", "signoffs"}))


def _write(result: AuditResult, json_path: Path) -> None:
    write_text_atomic(json_path, result.model_dump_json(indent=2))


def seal(result: AuditResult, json_path: Path, html_path: Path) -> Integrity:
    """Record the hashes of the results and of the HTML rendered from them."""
    result.integrity = Integrity(results_sha256=results_digest(result), html_sha256=sha256_file(html_path))
    _write(result, json_path)
    return result.integrity


NO_KEY_NOTE = (
    "no key given: these hashes catch accidental edits only; anyone who edits the report can recompute them. "
    "Sign with hegui sign --key KEY.pem and check with hegui verify --key KEY.pub"
)


@dataclass
class Verification:
    """What ``hegui verify`` found: problems fail it; notes say what was not or could not be checked."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    signed: list[str] = field(default_factory=list)  # "name (role) decision, key <id>" per verified signature


def _predicate(signoff: Signoff, index: int, before: list[Signoff]) -> dict:
    """What a signature on a sign-off covers: its fields, its position and every sign-off before it."""
    return {
        "by": signoff.by, "role": signoff.role, "decision": signoff.decision, "comment": signoff.comment,
        "date": signoff.date, "index": index,
        "previous_signoffs_sha256": sha256_json([s.model_dump(mode="json") for s in before]),
    }


def _check_signature(result: AuditResult, index: int, digest: str, trusted: dict) -> tuple[str | None, str | None]:
    """(problem, None) or (None, the verified signer's line) for sign-off ``index``."""
    signoff = result.signoffs[index]
    label = f"signoffs[{index}] ({signoff.by}, {signoff.decision})"
    if signoff.envelope is None:
        return f"{label}: not signed; with --key every sign-off must be signed by a trusted key", None
    signed, keyid = open_envelope(signoff.envelope, trusted)
    if signed is None:
        return f"{label}: {keyid}", None
    subject = signed.get("subject") if isinstance(signed, dict) else None
    predicate = signed.get("predicate") if isinstance(signed, dict) else None
    if signed.get("_type") != STATEMENT_TYPE or signed.get("predicateType") != SIGNOFF_PREDICATE:
        return f"{label}: the signed statement is not a hegui sign-off", None
    if subject != [{"name": f"{result.name}.json", "digest": {"sha256": digest}}]:
        return f"{label}: signed on other results (the results were changed after this signature)", None
    expected = _predicate(signoff, index, result.signoffs[:index])
    if not isinstance(predicate, dict):
        return f"{label}: the signed statement has no sign-off", None
    changed = [k for k in ("by", "role", "decision", "comment", "date") if predicate.get(k) != expected[k]]
    if changed:
        return (f"{label}: differs from what was signed in {', '.join(changed)} "
                f"(signed: {', '.join(f'{k}={predicate.get(k)!r}' for k in changed)})"), None
    if predicate.get("index") != index or predicate.get("previous_signoffs_sha256") != expected["previous_signoffs_sha256"]:
        return (f"{label}: signed as sign-off {predicate.get('index')} after other sign-offs; "
                "a sign-off before it was removed, moved or changed"), None
    return None, f"{signoff.by} ({signoff.role}) {signoff.decision} on {signoff.date}, key {keyid[:16]}"


def verify(json_path: Path, keys: list[Path] | None = None, skip_missing: bool = False) -> Verification:
    """Check the hashes, the inputs the manifest lists, the response store and, given keys, the signatures."""
    trusted = trusted_keys(keys or [])
    result = read_result(json_path)
    out = Verification()

    def missing(what: str) -> None:
        if skip_missing:
            out.notes.append(f"not checked: {what}")
        else:
            out.problems.append(f"{what}; it cannot be checked (--skip-missing verifies without it)")

    integrity = result.integrity
    if integrity is None:
        out.problems.append(f"{json_path}: no integrity record (not written by hegui, or written before it sealed reports)")
        return out
    digest = results_digest(result)
    if digest != integrity.results_sha256:
        out.problems.append(f"{json_path}: results were altered (sha256 {digest[:16]}…, recorded {integrity.results_sha256[:16]}…)")
    html = json_path.with_suffix(".html")
    if not html.is_file():
        missing(f"{html}: the HTML report is missing")
    elif sha256_file(html) != integrity.html_sha256:
        out.problems.append(f"{html}: the HTML report was altered or re-rendered from other results")
    for entry in result.manifest.policies + result.manifest.data:
        path = Path(entry.path)
        if not path.is_file():
            missing(f"{path}: an input of the audit is not found")
        elif sha256_file(path) != entry.sha256:
            out.problems.append(f"{path}: changed since the audit (sha256 differs from the manifest)")
    if result.manifest.store and result.manifest.responses_sha256:
        store = Path(result.manifest.store)
        problem = check_seal(store, result.manifest.responses_sha256)
        if problem is not None and not store.is_file():
            missing(problem)
        elif problem is not None:
            out.problems.append(problem)
    for index, signoff in enumerate(result.signoffs):
        if signoff.results_sha256 != integrity.results_sha256:
            out.problems.append(f"signoffs[{index}] ({signoff.by}) was given on other results")
    if trusted:
        for index in range(len(result.signoffs)):
            problem, signer = _check_signature(result, index, digest, trusted)
            if problem:
                out.problems.append(problem)
            else:
                out.signed.append(signer)
        if not out.signed:
            out.problems.append(f"{json_path}: no sign-off is signed by a trusted key")
    else:
        out.notes.append(NO_KEY_NOTE)
        if any(s.envelope for s in result.signoffs):
            out.notes.append(f"{sum(1 for s in result.signoffs if s.envelope)} sign-off(s) carry signatures, not checked")
    return out


def sign(
    json_path: Path, by: str, role: str, decision: str, comment: str = "", date: str | None = None,
    render: Callable[[AuditResult], str] | None = None, key: Path | None = None,
) -> Signoff:
    """Append a reviewer's sign-off, bound to the results hash (and signed, given a key); the HTML shows it."""
    private = load_private_key(key) if key is not None else None
    problems = verify(json_path, skip_missing=True).problems
    if problems:
        raise DataError("refusing to sign a report that fails verification:\n" + "\n".join(problems))
    result = read_result(json_path)
    assert result.integrity is not None  # verify() said so
    entry = Signoff(by=by, role=role, decision=decision, comment=comment,  # type: ignore[arg-type]
                    date=date or dt.date.today().isoformat(), results_sha256=result.integrity.results_sha256)
    if private is not None:
        index = len(result.signoffs)
        payload = statement(f"{result.name}.json", result.integrity.results_sha256,
                            _predicate(entry, index, result.signoffs))
        entry.envelope = sign_envelope(payload, private)
    result.signoffs.append(entry)
    if render is not None:
        html_path = json_path.with_suffix(".html")
        write_text_atomic(html_path, render(result))
        result.integrity.html_sha256 = sha256_file(html_path)
    _write(result, json_path)
    return entry
