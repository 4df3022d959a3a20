"""Probes: the checks a rule can run. The contract is in ``base``, the registry in ``registry``.

This package imports no probe module: probes are found through the ``hegui.probes`` entry points, so the
package and its probes never import each other.
"""

from __future__ import annotations

from .base import TARGET, Answers, Case, LogLik, MetricSpec, NoParams, Probe, ProbeCheck, Result, Stage, Text
from .registry import get_probe, register, registry

__all__ = [
    "TARGET", "Answers", "Case", "LogLik", "MetricSpec", "NoParams", "Probe", "ProbeCheck", "Result", "Stage", "Text",
    "get_probe", "register", "registry",
]
