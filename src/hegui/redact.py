"""The last step before anything is written: mask personal data in every sample, unless asked not to.

Applied to the whole ``AuditResult`` at once, so every writer (JSON, HTML, JUnit, console) receives the
same masked evidence and none can forget to mask.
"""

from __future__ import annotations

from .report.schema import AuditResult


def redact_result(result: AuditResult) -> AuditResult:
    from .detectors.pii import PiiDetector
    from .detectors.pii.mask import mask_text

    detector = PiiDetector.shared()
    rules = []
    for rule in result.rules:
        if rule.measurement is None:
            rules.append(rule)
            continue
        samples = [
            sample.model_copy(
                update={"prompt": mask_text(sample.prompt, detector), "response": mask_text(sample.response, detector)}
            )
            for sample in rule.measurement.samples
        ]
        rules.append(rule.model_copy(update={"measurement": rule.measurement.model_copy(update={"samples": samples})}))
    return result.model_copy(update={"rules": rules})
