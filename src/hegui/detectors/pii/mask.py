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


def mask_findings(text: str, findings: list[Finding]) -> str:
    if not findings:
        return text
    from presidio_anonymizer.entities import OperatorConfig, RecognizerResult

    results = [RecognizerResult(f.type, f.start, f.end, f.score) for f in findings]
    operators = {f.type: OperatorConfig("replace", {"new_value": f"<{f.type}>"}) for f in findings}
    return _anonymizer().anonymize(text=text, analyzer_results=results, operators=operators).text


# What is left after masking may still hold a fragment of an identifier, e.g. a card number cut off by the
# generation limit; long digit runs are masked too, since a report must not print personal data.
_RESIDUAL_DIGITS = re.compile(r"(?<![0-9<])(?:\d[\s-]?){10,}\d")


def mask_text(text: str, detector: PiiDetector | None = None) -> str:
    detector = detector or PiiDetector.shared()
    masked = mask_findings(text, detector.analyze(text))
    return _RESIDUAL_DIGITS.sub("<DIGITS>", masked)
