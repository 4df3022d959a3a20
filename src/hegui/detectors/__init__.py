"""Detectors read model output: refusal (here), personal data and judges (later issues)."""
