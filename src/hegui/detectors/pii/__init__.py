"""Personal-data detection (Chinese first) and masking."""

from .categories import TYPES, info
from .engine import Finding, PiiDetector, detect_language

__all__ = ["TYPES", "Finding", "PiiDetector", "detect_language", "info"]
