"""Personal-data detection (Chinese first) and masking."""

from .categories import TYPES, info
from .engine import Finding, PiiDetector

__all__ = ["TYPES", "Finding", "PiiDetector", "info"]
