"""``hegui diff``: what changed, rule by rule, between a base model's audit and a candidate's.

A change counts as a regression only when it is larger than noise: the candidate's interval lies wholly
on the worse side of the base's interval (for a rule with a minimum, above is better; with a maximum,
below is better), or the verdict got worse (PASS → FAIL, say).
"""

from __future__ import annotations

import json
from pathlib import Path

RANK = {"PASS": 0, "WAIVED": 1, "MANUAL": 1, "INCONCLUSIVE": 2, "FAIL": 3, "ERROR": 3}


def _better_is_higher(rule: dict) -> bool:
    threshold = rule.get("threshold") or {}
    return threshold.get("min") is not None


def diff_reports(base_path: Path, candidate_path: Path) -> list[dict]:
    base = {r["id"]: r for r in json.loads(base_path.read_text(encoding="utf-8"))["rules"]}
    candidate = {r["id"]: r for r in json.loads(candidate_path.read_text(encoding="utf-8"))["rules"]}
    changes = []
    for rule_id in list(dict.fromkeys([*base, *candidate])):
        b, c = base.get(rule_id), candidate.get(rule_id)
        if b is None or c is None:
            changes.append({"id": rule_id, "base": b and b["verdict"], "candidate": c and c["verdict"],
                            "change": "added" if b is None else "removed", "regression": False})
            continue
        regression = RANK[c["verdict"]] > RANK[b["verdict"]]
        if b.get("interval") and c.get("interval"):
            if _better_is_higher(b):
                regression |= c["interval"][1] < b["interval"][0]
            else:
                regression |= c["interval"][0] > b["interval"][1]
        delta = None if b.get("value") is None or c.get("value") is None else c["value"] - b["value"]
        changes.append({"id": rule_id, "base": b["verdict"], "candidate": c["verdict"], "base_value": b.get("value"),
                        "candidate_value": c.get("value"), "base_interval": b.get("interval"),
                        "candidate_interval": c.get("interval"), "delta": delta, "regression": regression,
                        "change": "verdict" if b["verdict"] != c["verdict"] else ("value" if delta else "same")})
    return changes


def _fmt(value, interval) -> str:
    if value is None:
        return "—"
    ci = f" [{interval[0]:.1%}, {interval[1]:.1%}]" if interval else ""
    return f"{value:.1%}{ci}"


def render(changes: list[dict]) -> str:
    width = max((len(c["id"]) for c in changes), default=4)
    lines = [f"{'rule':<{width}}  {'base':<30} {'candidate':<30} change"]
    for c in changes:
        base = f"{c['base'] or '—'} {_fmt(c.get('base_value'), c.get('base_interval'))}"
        cand = f"{c['candidate'] or '—'} {_fmt(c.get('candidate_value'), c.get('candidate_interval'))}"
        mark = "REGRESSION" if c["regression"] else c["change"]
        lines.append(f"{c['id']:<{width}}  {base:<30} {cand:<30} {mark}")
    regressions = sum(c["regression"] for c in changes)
    lines.append(f"\n{regressions} regression(s) beyond noise in {len(changes)} rule(s)")
    return "\n".join(lines)
