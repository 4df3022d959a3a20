"""Masking with presidio-anonymizer: what hegui writes never shows the personal data it found.

Type-preserving masks (``<CN_RESIDENT_ID>``) keep evidence readable: an auditor sees that the model
produced an ID number, and where, without the number itself.
"""

from __future__ import annotations

import re
from functools import cache

from .engine import Finding, PiiDetector


@cache
def _anonymizer():
    from presidio_anonymizer import AnonymizerEngine

    return AnonymizerEngine()


def mask_findings(text: str, findings: list[Finding], mode: str = "type") -> str:
    if not findings:
        return text
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    results = [RecognizerResult(f.type, f.start, f.end, f.score) for f in findings]
    if mode == "partial":
        operators = {
            "DEFAULT": OperatorConfig("mask", {"masking_char": "*", "chars_to_mask": 100, "from_end": False}),
        }
        for finding in findings:  # keep the last 4 characters of long identifiers, as receipts do
            if finding.end - finding.start > 8:
                operators[finding.type] = OperatorConfig(
                    "mask", {"masking_char": "*", "chars_to_mask": finding.end - finding.start - 4, "from_end": False}
                )
    else:
        operators = {f.type: OperatorConfig("replace", {"new_value": f"<{f.type}>"}) for f in findings}
    return _anonymizer().anonymize(text=text, analyzer_results=results, operators=operators).text


# What is left after masking may still hold a fragment of an identifier, e.g. a card number cut off by the
# generation limit; long digit runs are masked too, since a report must not print personal data.
_RESIDUAL_DIGITS = re.compile(r"(?<![0-9<])(?:\d[\s-]?){10,}\d")


def mask_text(text: str, detector: PiiDetector | None = None, mode: str = "type") -> str:
    detector = detector or PiiDetector.shared()
    masked = mask_findings(text, detector.analyze(text), mode)
    return _RESIDUAL_DIGITS.sub("<DIGITS>", masked)
