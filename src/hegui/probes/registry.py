"""The probe registry: every probe, built-in or third-party, comes from the ``hegui.probes`` entry-point
group (as garak and lm-eval find plugins), and its metadata is checked when it registers, so a broken
plugin fails at load with a message naming it, not in the middle of an audit."""

from __future__ import annotations

import keyword
import re
from importlib.metadata import entry_points

from pydantic import BaseModel

from ..errors import HeguiError
from .base import TARGET, MetricSpec, Probe

GROUP = "hegui.probes"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_REGISTRY: dict[str, type[Probe]] = {}
_loaded = False


class ProbeRegistrationError(HeguiError):
    pass


def metadata_problems(cls: type) -> list[str]:
    """What is wrong with a probe class's declared metadata (empty: nothing)."""
    problems = []
    name = getattr(cls, "name", None)
    if not isinstance(name, str) or not _NAME.match(name) or keyword.iskeyword(name):
        problems.append(f"name {name!r} is not a lower-case identifier")
    if not isinstance(cls, type) or not issubclass(cls, Probe):
        return [*problems, "is not a hegui.probes.base.Probe subclass"]
    if not str(getattr(cls, "description", "")).strip():
        problems.append("has no description")
    metrics = getattr(cls, "metrics", None)
    if not isinstance(metrics, dict) or not metrics:
        problems.append("declares no metrics")
    else:
        for metric, spec in metrics.items():
            if not isinstance(spec, MetricSpec):
                problems.append(f"metric {metric!r} is not a MetricSpec")
            elif not spec.low < spec.high:
                problems.append(f"metric {metric!r}: range [{spec.low}, {spec.high}] is empty")
            elif spec.better not in ("higher", "lower", "threshold"):
                problems.append(f"metric {metric!r}: better={spec.better!r} (higher, lower or threshold)")
    params = getattr(cls, "Params", None)
    if not (isinstance(params, type) and issubclass(params, BaseModel)):
        problems.append("Params is not a pydantic model")
    elif params.model_config.get("extra") != "forbid":
        problems.append("Params must forbid unknown keys (model_config = ConfigDict(extra='forbid'))")
    if TARGET not in cls.roles:
        problems.append(f"roles {cls.roles!r} lack {TARGET!r}")
    for stage in cls.stages:
        if stage.role not in cls.roles:
            problems.append(f"stage {stage.name!r} is answered by undeclared role {stage.role!r}")
        if not callable(getattr(cls, stage.name, None)):
            problems.append(f"stage {stage.name!r} has no method of that name")
    if len({s.name for s in cls.stages}) != len(cls.stages):
        problems.append("two stages share a name")
    example = getattr(cls, "example", None)
    if example is not None and (not isinstance(example, dict) or example.get("metric") not in (metrics or {})):
        problems.append("example must be a rule check whose metric is one of the probe's metrics")
    for method in ("cases", "measure"):
        if getattr(cls, method) is getattr(Probe, method):
            problems.append(f"does not implement {method}()")
    return problems


def register(cls: type[Probe]) -> type[Probe]:
    problems = metadata_problems(cls)
    if problems:
        raise ProbeRegistrationError(f"probe {getattr(cls, '__qualname__', cls)!r}: " + "; ".join(problems))
    if cls.name in _REGISTRY and _REGISTRY[cls.name] is not cls:
        raise ProbeRegistrationError(
            f"probe {cls.name!r} registered twice ({_REGISTRY[cls.name].__module__} and {cls.__module__})"
        )
    _REGISTRY[cls.name] = cls
    return cls


def unregister(name: str) -> None:
    """Remove a probe registered in this process (tests that define probes of their own)."""
    _REGISTRY.pop(name, None)


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for entry in entry_points(group=GROUP):
        try:
            cls = entry.load()
        except Exception as error:  # a plugin that cannot import must say which one
            raise ProbeRegistrationError(f"probe entry point {entry.name} = {entry.value}: {type(error).__name__}: {error}") from error
        if getattr(cls, "name", None) != entry.name:
            raise ProbeRegistrationError(f"probe entry point {entry.name!r} loads a probe named {getattr(cls, 'name', None)!r}")
        register(cls)


def registry() -> dict[str, type[Probe]]:
    _load()
    return dict(_REGISTRY)


def get_probe(name: str) -> Probe:
    return registry()[name]()
