"""The audit's outputs: the JSON evidence file and the HTML report rendered from it."""

from .html import render_html, write_report
from .schema import SCHEMA_VERSION, AuditResult, RuleResult

__all__ = ["SCHEMA_VERSION", "AuditResult", "RuleResult", "render_html", "write_report"]
