"""Policies: the rules an audit enforces, as typed data loaded from YAML."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from pathlib import Path

from ..errors import PolicyError
from .loader import load_policy, load_profile, location, policy_files, rule_location
from .schema import (
    Attestation,
    AttestationFile,
    Check,
    Citation,
    Localized,
    Policy,
    Profile,
    Rule,
    Threshold,
    Waiver,
    WaiverFile,
    suggestion,
    threshold_range_problem,
)


@dataclass(frozen=True)
class SelectedRule:
    """A rule chosen for this audit, with any profile override already applied."""

    policy: Policy
    policy_path: Path
    rule: Rule

    @property
    def base_dir(self) -> Path:
        return self.policy_path.parent


def find_profile(name_or_path: str, search: Path) -> Path:
    path = Path(name_or_path)
    if path.suffix in (".yaml", ".yml") or path.exists():
        return path
    candidate = search / "profiles" / f"{name_or_path}.yaml"
    if candidate.exists():
        return candidate
    known = sorted(p.stem for p in (search / "profiles").glob("*.yaml"))
    raise PolicyError([f"unknown profile {name_or_path!r}{suggestion(name_or_path, known)}; known: {', '.join(known)}"])


def select_rules(policy_paths: list[Path | str], profile_path: Path | None = None) -> list[SelectedRule]:
    """Load policies (and a profile's choice among them), failing with every problem found at once."""
    profile: Profile | None = None
    if profile_path is not None:
        profile = load_profile(profile_path)
        policy_paths = [*policy_paths, *[profile_path.parent / p for p in profile.policies]]
    files = list(dict.fromkeys(p.resolve() for p in policy_files(policy_paths)))
    if not files:
        raise PolicyError(["no policy files given (pass --policy PATH or --profile NAME)"])
    problems: list[str] = []
    selected: list[SelectedRule] = []
    for path in files:
        try:
            selected.extend(_expand(path, ()))
        except PolicyError as error:
            problems.extend(error.problems)
    if problems:
        raise PolicyError(problems)

    seen: dict[str, Path] = {}
    for item in selected:
        if item.rule.id in seen:
            where = rule_location(item.policy_path, item.rule.id, "id")
            if item.policy_path == seen[item.rule.id]:
                problems.append(f"{where}: rule {item.rule.id!r} is selected twice: its file is given and also "
                                "extended by another given policy; give one of the two")
            else:
                problems.append(f"{where}: rule id {item.rule.id!r} is also defined at "
                                f"{rule_location(seen[item.rule.id], item.rule.id, 'id')}")
        seen[item.rule.id] = item.policy_path
    if profile is not None:
        ids = list(seen)
        for rule_id in profile.overrides:
            if rule_id not in seen:
                problems.append(f"{location(profile_path, ('overrides', rule_id))}: overrides.{rule_id}: no such rule{suggestion(rule_id, ids)}")
        selected = [s for s in selected if any(fnmatch.fnmatchcase(s.rule.id, g) for g in profile.rules)]
        overridden: list[SelectedRule] = []
        for s in selected:
            try:
                overridden.append(_override(s, profile.overrides, profile_path))
            except PolicyError as error:
                problems.extend(error.problems)
        selected = overridden
    if problems:
        raise PolicyError(problems)
    return selected


def _expand(path: Path, stack: tuple[Path, ...]) -> list[SelectedRule]:
    """A policy's rules after its ``extends`` (inherited first, own rules replace same-id ones) and its
    ``overrides`` of inherited thresholds."""
    policy = load_policy(path)
    inherited: list[SelectedRule] = []
    for base in policy.extends:
        base_path = (path.parent / base).resolve()
        if base_path in (*stack, path):
            where = location(path, ("extends", policy.extends.index(base)))
            raise PolicyError([f"{where}: extends {base}: circular (via {' → '.join(p.name for p in (*stack, path))})"])
        inherited.extend(_expand(base_path, (*stack, path)))
    own = {rule.id for rule in policy.rules}
    rules = [r for r in inherited if r.rule.id not in own] + [SelectedRule(policy, path, r) for r in policy.rules]
    ids = [r.rule.id for r in rules]
    unknown = [rule_id for rule_id in policy.overrides if rule_id not in ids]
    if unknown:
        raise PolicyError([f"{location(path, ('overrides', u))}: overrides.{u}: no such rule{suggestion(u, ids)}" for u in unknown])
    return [_override(r, policy.overrides, path) for r in rules]


def _override(item: SelectedRule, overrides, source: Path | None = None) -> SelectedRule:
    override = overrides.get(item.rule.id)
    if override is None:
        return item
    threshold = override.threshold
    if threshold is not None and threshold.basis is None:  # the number is the overrider's: say so
        threshold = threshold.model_copy(update={"basis": "override", "source": f"set by {Path(source or item.policy_path).name}"})
    check_update = {k: v for k, v in (("threshold", threshold), ("min_samples", override.min_samples)) if v is not None}
    problem = threshold_range_problem(item.rule.check.probe, item.rule.check.metric, override.threshold)
    if problem:
        where = location(source, ("overrides", item.rule.id, "threshold")) if source else rule_location(item.policy_path, item.rule.id)
        raise PolicyError([f"{where}: overrides.{item.rule.id}.threshold: {problem}"])
    rule = item.rule.model_copy(
        update={
            "check": item.rule.check.model_copy(update=check_update),
            **({"severity": override.severity} if override.severity else {}),
        }
    )
    return SelectedRule(item.policy, item.policy_path, rule)


def load_waivers(path: Path | str) -> list[Waiver]:
    from .loader import load_yaml_model

    return load_yaml_model(path, WaiverFile).waivers


def load_attestations(path: Path | str) -> list[Attestation]:
    from .loader import load_yaml_model

    return load_yaml_model(path, AttestationFile).attestations


__all__ = [
    "Attestation", "Waiver", "load_attestations", "load_waivers",
    "Check", "Citation", "Localized", "Policy", "Profile", "Rule", "SelectedRule", "Threshold",
    "find_profile", "load_policy", "load_profile", "policy_files", "select_rules",
]
