"""The history page: each rule's value and interval over a series of audits, as inline SVG, no script."""

from __future__ import annotations

from dataclasses import dataclass

from ..history import History
from ..verdict import Verdict
from .html import _env

COLOURS = {"PASS": "#1b7f3b", "FAIL": "#b3261e", "INCONCLUSIVE": "#a86b00", "WAIVED": "#6b5ca5", "MANUAL": "#55606e",
           "ERROR": "#000000"}
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 150, 46, 16, 12, 26


@dataclass(frozen=True)
class Point:
    x: float
    y: float | None
    low: float | None
    high: float | None
    verdict: str
    colour: str
    text: str  # the tooltip: audit, verdict, value, interval
    change: str | None  # "PASS → FAIL" where the verdict changed from the audit before


def _scale(values: list[float]) -> tuple[float, float]:
    low, high = min([0.0, *values]), max([1.0, *values])
    return low, high if high > low else low + 1


def chart(history: History, rule_id: str) -> dict:
    series = history.series(rule_id)
    bounds = [v for r in series if r is not None for v in (r.value, *(r.interval or ()))  if v is not None]
    thresholds = []
    for r in series:
        if r is not None and r.threshold is not None:
            thresholds += [t for t in (r.threshold.min, r.threshold.max) if t is not None]
    lo, hi = _scale(bounds + thresholds)
    span = WIDTH - LEFT - RIGHT

    def x(k: int) -> float:
        return LEFT + (span * k / (len(series) - 1) if len(series) > 1 else span / 2)

    def y(v: float | None) -> float | None:
        return None if v is None else round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - (v - lo) / (hi - lo)), 1)

    points, previous = [], None
    for k, rule in enumerate(series):
        if rule is None:
            previous = None
            continue
        verdict = str(rule.verdict)
        change = f"{previous} → {verdict}" if previous is not None and previous != verdict else None
        interval = rule.interval or (None, None)
        value = "—" if rule.value is None else f"{rule.value:.1%}"
        ci = f" [{interval[0]:.1%}, {interval[1]:.1%}]" if rule.interval else ""
        points.append(Point(round(x(k), 1), y(rule.value), y(interval[1]), y(interval[0]), verdict,
                            COLOURS.get(verdict, "#000"), f"{history.audits[k].label}: {verdict} {value}{ci}", change))
        previous = verdict
    line = " ".join(f"{p.x},{p.y}" for p in points if p.y is not None)
    latest = next((r for r in reversed(series) if r is not None), None)
    return {
        "id": rule_id, "title": latest.title if latest else None, "points": points, "line": line,
        "thresholds": sorted({y(t) for t in thresholds}), "ticks": [(y(v), f"{v:.0%}") for v in (lo, (lo + hi) / 2, hi)],
        "xs": [round(x(k), 1) for k in range(len(series))], "width": WIDTH, "height": HEIGHT, "left": LEFT,
        "right": WIDTH - RIGHT, "bottom": HEIGHT - BOTTOM, "latest": latest,
    }


def render_history(history: History) -> str:
    regressions = history.regressions()
    regressed = list(dict.fromkeys(c.id for _, c in regressions))
    order = regressed + [i for i in history.rule_ids if i not in regressed]
    charts = [chart(history, rule_id) for rule_id in order]
    measured = [c for c in charts if any(p.y is not None for p in c["points"])]
    unmeasured = [c for c in charts if c not in measured]
    return _env.get_template("history.html.j2").render(
        h=history, regressions=regressions, charts=measured, unmeasured=unmeasured, colours=COLOURS,
        worst=lambda c: Verdict.worst(p.verdict for p in c["points"]).value if c["points"] else "—",
    )
