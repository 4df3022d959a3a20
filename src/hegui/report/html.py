"""Render the audit JSON as one self-contained HTML file.

Self-contained means no network when opened: CSS and charts are inline, there is no script. Model output
is untrusted text, so the jinja2 environment autoescapes everything and nothing is marked safe.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from ..atomic import write_text_atomic
from ..trail import seal
from ..verdict import Verdict
from .schema import AuditResult

EVIDENCE_PER_RULE = 8


def _visible_format_characters(value: Any) -> Any:
    """Show invisible characters (bidi overrides, zero-width joiners: Unicode category Cf) as ⟨U+XXXX⟩.

    Model output may carry them to reorder what a reader sees (a "Trojan Source" answer that reads as a
    refusal); every value a template prints passes through here, after escaping, so none is printed raw.
    """
    if isinstance(value, Markup) or not isinstance(value, str):
        return value
    if not any(unicodedata.category(c) == "Cf" for c in value):
        return value
    parts = [
        Markup('<span class="cf" title="invisible character U+{0:04X}">⟨U+{0:04X}⟩</span>').format(ord(c))
        if unicodedata.category(c) == "Cf" else escape(c)
        for c in value
    ]
    return Markup("").join(parts)


_env = jinja2.Environment(
    loader=jinja2.PackageLoader("hegui.report", "templates"),
    autoescape=True,
    finalize=_visible_format_characters,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


_env.filters["pct"] = _pct


def _evidence(rule) -> list:
    against = [s for s in rule.samples if s.counts_against]
    others = [s for s in rule.samples if not s.counts_against]
    return (against + others[:2])[:EVIDENCE_PER_RULE] if against else others[:3]


def coverage_matrix(result: AuditResult) -> list[dict]:
    """Law × article → the worst verdict among the rules citing it: a roll-up never hides a failure."""
    import re
    from collections import defaultdict

    cells: dict[tuple[str, str], list] = defaultdict(list)
    for rule in result.rules:
        for cite in rule.cites:
            cells[(cite.law, cite.article)].append(rule)

    def order(key):
        law, article = key
        return (law, tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", article)))

    return [
        {"law": law, "article": article, "rules": [r.id for r in rules],
         "verdict": Verdict.worst(r.verdict for r in rules).value}
        for (law, article), rules in sorted(cells.items(), key=lambda kv: order(kv[0]))
    ]


def render_html(result: AuditResult) -> str:
    return _env.get_template("report.html.j2").render(
        r=result, evidence=_evidence, per_rule=EVIDENCE_PER_RULE, coverage=coverage_matrix(result)
    )


def write_report(result: AuditResult, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / f"{result.name}.json"
    html_path = out_dir / f"{result.name}.html"
    write_text_atomic(html_path, render_html(result))  # a kill leaves the old pair, or a mismatch verify reports
    seal(result.model_copy(deep=True), json_path, html_path)
    return json_path, html_path
