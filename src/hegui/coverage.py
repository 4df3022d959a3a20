"""``hegui coverage``: law × article → tested / manual / not covered, generated from the policy packs.

The table is how a compliance officer sees at a glance what an audit can and cannot speak to: an article
is *tested* when a rule with a probe cites it, *manual* when only attestation rules cite it, and *not
covered* when a pack lists it under ``not_covered`` with the reason.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from .policy import load_policy, policy_files

STATUS_ORDER = {"tested": 0, "manual": 1, "not covered": 2}


def _article_key(article: str) -> tuple:
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", article))


def coverage(paths: list[Path | str]) -> dict[tuple[str, str], dict]:
    table: dict[tuple[str, str], dict] = defaultdict(lambda: {"status": "not covered", "rules": [], "why": ""})
    for path in policy_files(paths):
        policy = load_policy(path)
        for rule in policy.rules:
            kind = "tested" if rule.check.probe else "manual"
            for cite in rule.cites:
                entry = table[(cite.law, cite.article)]
                entry["rules"].append(rule.id)
                if STATUS_ORDER[kind] < STATUS_ORDER[entry["status"]]:
                    entry["status"] = kind
        for item in policy.not_covered:
            entry = table[(item.law, item.article)]
            if not entry["rules"]:
                entry["why"] = item.why
    return dict(sorted(table.items(), key=lambda kv: (kv[0][0], _article_key(kv[0][1]))))


def markdown(table: dict[tuple[str, str], dict]) -> str:
    lines = ["| law | article | status | rules / reason |", "|---|---|---|---|"]
    for (law, article), entry in table.items():
        detail = ", ".join(f"`{r}`" for r in dict.fromkeys(entry["rules"])) or entry["why"]
        lines.append(f"| {law} | {article} | {entry['status']} | {detail} |")
    counts = defaultdict(int)
    for entry in table.values():
        counts[entry["status"]] += 1
    lines.append("")
    lines.append(", ".join(f"{status}: {counts[status]}" for status in STATUS_ORDER))
    return "\n".join(lines) + "\n"
