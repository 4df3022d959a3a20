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
_env.filters["anchor"] = lambda rule_id: str(rule_id).replace(".", "-")  # ids are [A-Za-z0-9._-]: safe in a fragment


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


BASIS_WORDS = {
    "clause": "条款规定 set by the cited clause",
    "tolerance": "容差 hegui's tolerance on a duty the clause states without a number",
    "heuristic": "启发式，非法定 hegui's own heuristic, not the law's",
    "override": "配置覆盖 set by a profile or an extending policy",
}
_ARROWS = {"worse": "▼", "better": "▲", "same": "=", "new": "new"}


def _arrow(change) -> Markup:
    """A rule's change since the baseline: ▼ worse / ▲ better / = same, what it was, and REGRESSION beyond noise."""
    was = "" if change.verdict is None else f" was {change.verdict}" + (
        f" {_pct(change.value)}" if change.value is not None else "")
    classes = " ".join(["arrow", change.direction] + (["regression"] if change.regression else []))
    label = _ARROWS[change.direction] + was + (" · REGRESSION" if change.regression else "")
    return Markup('<span class="{}" title="{}">{}</span>').format(classes, change.paired or "", label)


def _filter_css(laws: list, verdicts: list[str], severities: list[str]) -> Markup:
    """Filters without script: a checked radio hides the rules (summary rows and cards) that do not match."""
    rules = [f"body:has(#fv-{v}:checked) .rule:not(.v-{v}){{display:none}}" for v in verdicts]
    rules += [f"body:has(#fl-{i}:checked) .rule:not(.law-{i}){{display:none}}" for i in range(1, len(laws) + 1)]
    rules += [f"body:has(#fs-{s}:checked) .rule:not(.sev-{s}){{display:none}}" for s in severities]
    return Markup("\n".join(rules))


def render_html(result: AuditResult) -> str:
    from .signer import blocked_by, by_law, cites_text, needs_a_person, ordered, threshold_text

    laws = by_law(result)
    law_index = {s.law: i for i, s in enumerate(laws, start=1)}
    rules = ordered(result)
    verdicts = [v.value for v in Verdict if any(r.verdict == v for r in rules)]
    severities = [s for s in ("blocking", "warning", "info") if any(r.severity == s for r in rules)]

    def rule_classes(rule) -> str:
        laws_of = sorted({law_index[c.law] for c in rule.cites})
        return " ".join(["rule", f"v-{rule.verdict}", f"sev-{rule.severity}", *(f"law-{i}" for i in laws_of)])

    return _env.get_template("report.html.j2").render(
        r=result, evidence=_evidence, per_rule=EVIDENCE_PER_RULE, coverage=coverage_matrix(result),
        blocked=blocked_by(result), laws=laws, person=needs_a_person(result), rules=rules, verdicts=verdicts,
        severities=severities, rule_classes=rule_classes, cites_text=cites_text, threshold_text=threshold_text,
        arrow=_arrow, filter_css=_filter_css(laws, verdicts, severities), basis_words=BASIS_WORDS,
    )


def write_report(result: AuditResult, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / f"{result.name}.json"
    html_path = out_dir / f"{result.name}.html"
    write_text_atomic(html_path, render_html(result))  # a kill leaves the old pair, or a mismatch verify reports
    seal(result.model_copy(deep=True), json_path, html_path)
    return json_path, html_path
