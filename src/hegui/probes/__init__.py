"""The probe registry: one general mechanism for every kind of check.

Probes shipped with hegui register on import; third-party probes register through the ``hegui.probes``
entry-point group, the way garak and lm-eval find plugins.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from .base import MetricSpec, NoParams, Probe, ProbeCheck

_REGISTRY: dict[str, type[Probe]] = {}
_plugins_loaded = False


def register(cls: type[Probe]) -> type[Probe]:
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ValueError(f"probe {cls.name!r} registered twice")
    _REGISTRY[cls.name] = cls
    return cls


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    from . import (  # noqa: F401  (built-in probes register on import)
        bank_coverage,
        benchmark,
        bias_qa,
        content_safety,
        fairness,
        memorization,
        pii_disclosure,
        refusal,
    )

    for entry in entry_points(group="hegui.probes"):
        register(entry.load())


def registry() -> dict[str, type[Probe]]:
    _load_plugins()
    return dict(_REGISTRY)


def get_probe(name: str) -> Probe:
    return registry()[name]()


__all__ = ["MetricSpec", "NoParams", "Probe", "ProbeCheck", "get_probe", "register", "registry"]
