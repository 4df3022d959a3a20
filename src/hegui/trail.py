"""The audit trail: hashes that let an auditor check a report was not altered, and reviewer sign-offs.

``integrity.results_sha256`` is the sha256 of the audit JSON without its ``integrity`` and ``signoffs``
fields (canonical: sorted keys, UTF-8). The HTML report's hash sits beside it. ``hegui verify`` recomputes
both, re-hashes the policy and data files the manifest lists (when they are at hand), and checks that each
sign-off was given on the same results. A sign-off is appended, never rewritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from .data import sha256_file


def results_digest(data: dict[str, Any]) -> str:
    body = {k: v for k, v in data.items() if k not in ("integrity", "signoffs")}
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def seal(json_path: Path, html_path: Path) -> dict[str, str]:
    """Record the hashes of the results and of the HTML rendered from them."""
    data = json.loads(json_path.read_text(encoding="utf-8"))
    data["integrity"] = {
        "algorithm": "sha256",
        "results_sha256": results_digest(data),
        "html_sha256": sha256_file(html_path),
    }
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return data["integrity"]


def verify(json_path: Path) -> list[str]:
    """Problems found (empty: the report is intact)."""
    data = json.loads(json_path.read_text(encoding="utf-8"))
    integrity = data.get("integrity")
    if not integrity:
        return [f"{json_path}: no integrity record (not written by hegui, or written before it sealed reports)"]
    problems = []
    digest = results_digest(data)
    if digest != integrity.get("results_sha256"):
        problems.append(f"{json_path}: results were altered (sha256 {digest[:16]}…, recorded {integrity.get('results_sha256', '')[:16]}…)")
    html = json_path.with_suffix(".html")
    if html.exists() and sha256_file(html) != integrity.get("html_sha256"):
        problems.append(f"{html}: the HTML report was altered or re-rendered from other results")
    for entry in data.get("manifest", {}).get("policies", []) + data.get("manifest", {}).get("data", []):
        path = Path(entry["path"])
        if path.exists() and sha256_file(path) != entry["sha256"]:
            problems.append(f"{path}: changed since the audit (sha256 differs from the manifest)")
    for index, signoff in enumerate(data.get("signoffs", [])):
        if signoff.get("results_sha256") != integrity.get("results_sha256"):
            problems.append(f"signoffs[{index}] ({signoff.get('by')}) was given on other results")
    return problems


def sign(json_path: Path, by: str, role: str, decision: str, comment: str = "", date: str | None = None) -> dict[str, str]:
    """Append a reviewer's sign-off, bound to the results hash; the HTML is re-rendered to show it."""
    from .report import render_html
    from .report.schema import AuditResult

    data = json.loads(json_path.read_text(encoding="utf-8"))
    problems = verify(json_path)
    if problems:
        from .errors import DataError

        raise DataError("refusing to sign a report that fails verification:\n" + "\n".join(problems))
    entry = {"by": by, "role": role, "decision": decision, "comment": comment,
             "date": date or dt.date.today().isoformat(), "results_sha256": data["integrity"]["results_sha256"]}
    data.setdefault("signoffs", []).append(entry)
    html_path = json_path.with_suffix(".html")
    html_path.write_text(render_html(AuditResult.model_validate(data)), encoding="utf-8")
    data["integrity"]["html_sha256"] = sha256_file(html_path)
    json_path.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
    return entry
