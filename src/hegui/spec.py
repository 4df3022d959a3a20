"""One audit spec for every entry point: the CLI builds it from its flags, the pytest plugin reads it from an
audit file (``audit:`` …), Python users construct it. The same model validates all three, so a misspelt
key is an error with file:line and a suggestion wherever it is written, never a silently different audit.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from .errors import PolicyError


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ModelSpec(_Strict):
    """A model as lm-eval loads it; no type: hegui's embedded default model."""

    type: str | None = Field(default=None, description="lm-eval model type: hf, vllm, local-chat-completions, ...")
    args: str | None = Field(default=None, description="lm-eval model args: key=value,key=value")
    batch_size: int | str | None = Field(default=None, description="the model's batch size (default 16 for hf)")


class AuditSpec(_Strict):
    """What to audit, against what, and how the result is decided. Paths are relative to ``base_dir``
    (the spec file's folder, or the working directory for the CLI)."""

    name: str = Field(default="audit", description="report name: <out>/<name>.html and .json")
    model: ModelSpec = Field(default_factory=ModelSpec, description="the target model")
    judge: ModelSpec | None = Field(default=None, description="a model that grades answers (content_safety)")
    attacker: ModelSpec | None = Field(
        default=None, description="a model that rewrites refused prompts (the attack probe's adaptive rounds)")
    profile: str | None = Field(default=None, description="a shipped profile name or a profile file")
    policies: list[str] = Field(default_factory=list, description="policy files or folders (default: the shipped packs)")
    waivers: str | None = Field(default=None, description="YAML waivers file")
    attestations: str | None = Field(default=None, description="YAML attestations of manual checks")
    strict: bool = Field(default=False, description="an INCONCLUSIVE blocking rule blocks the gate (exit 3)")
    seed: int = 1234
    threads: int | None = Field(default=None, ge=1, description="torch threads for a local model (default: the free cores)")
    show_pii: bool = Field(default=False, description="write raw personal data in samples (masked by default)")
    store: str | None = Field(default=None, description="response store folder (default: the hegui cache)")
    labels: str | None = Field(
        default=None,
        description="a filled review worksheet (hegui review): people's labels of this model's own answers measure "
        "the detector's error in place of the shipped labelled sets",
    )
    baseline: str | None = Field(
        default=None, description="a previous audit's report (.json): per-rule changes shown beside each verdict")
    base_dir: Path = Field(default_factory=Path.cwd, exclude=True)

    def path(self, relative: str) -> Path:
        return self.base_dir / relative

    def models(self) -> list[tuple[str, ModelSpec]]:
        """Every role this audit has a model for, the target first."""
        bound = [("target", self.model), ("judge", self.judge), ("attacker", self.attacker)]
        return [(role, spec) for role, spec in bound if spec is not None]

    def other_roles(self) -> list[str]:
        return [role for role, _ in self.models() if role != "target"]


class AuditSpecFile(_Strict):
    audit: AuditSpec


def load_audit_spec(path: Path | str) -> AuditSpec:
    """An audit file (``audit:`` at the top), every problem reported at once with file:line:column."""
    from .policy.loader import load_yaml_model

    path = Path(path)
    spec = load_yaml_model(path, AuditSpecFile).audit
    return spec.model_copy(update={"base_dir": path.parent})


def select(spec: AuditSpec):
    """The spec's rules, waivers and attestations, validated against each other."""
    from .paths import shipped_policies
    from .policy import find_profile, load_attestations, load_waivers, select_rules

    shipped = shipped_policies()
    profile = None
    if spec.profile:
        candidate = spec.path(spec.profile)
        profile = candidate if candidate.suffix in (".yaml", ".yml") and candidate.exists() else find_profile(spec.profile, shipped)
    policies = [spec.path(p) for p in spec.policies] or ([] if profile else [shipped])
    selected = select_rules(policies, profile)
    waivers = load_waivers(spec.path(spec.waivers)) if spec.waivers else []
    attestations = load_attestations(spec.path(spec.attestations)) if spec.attestations else []
    ids = {s.rule.id for s in selected}
    problems = [f"{spec.path(spec.waivers or '')}: waiver for rule(s) not in this audit: {', '.join(sorted({w.rule for w in waivers} - ids))}"] \
        if {w.rule for w in waivers} - ids else []
    unknown_attested = sorted({a.rule for a in attestations} - ids)
    if unknown_attested:
        problems.append(f"{spec.path(spec.attestations or '')}: attestation for rule(s) not in this audit: {', '.join(unknown_attested)}")
    if problems:
        raise PolicyError(problems)
    return selected, waivers, attestations


def run_spec(spec: AuditSpec, *, progress: bool = True, command: list[str] | None = None, models=None, announce=None):
    """Plan, load the models (unless ``models`` gives them by role), run, decide: an ``AuditResult``."""
    import time

    from .audit import plan_audit, run_audit
    from .models import load_lm_eval_model

    clock = time.perf_counter()
    baseline = None
    if spec.baseline:
        from .trail import read_result

        baseline = read_result(spec.path(spec.baseline))  # a bad baseline fails before any model loads
    selected, waivers, attestations = select(spec)
    audit_plan = plan_audit(selected, roles=spec.other_roles())
    timing = {"plan": time.perf_counter() - clock, "model_load": 0.0}
    if announce:
        announce(f"hegui: {len(selected)} rule(s), {audit_plan.plan.asked} request(s), {len(audit_plan.plan)} unique")
    models = dict(models or {})
    if not any(len(plan) for plan in audit_plan.first.values()):  # manual checks, bank coverage: nothing to ask
        from .models import unloaded_model

        for role, model_spec in spec.models():
            if role not in models:
                models[role] = unloaded_model(model_spec.type, model_spec.args)
                if announce:
                    announce(f"hegui: 0 requests: the {role} model is not loaded")
    for role, model_spec in spec.models():
        if role not in models:
            clock = time.perf_counter()
            models[role] = load_lm_eval_model(model_spec.type, model_spec.args, model_spec.batch_size, spec.threads)
            timing["model_load"] += time.perf_counter() - clock
            if announce:
                announce(f"hegui: {role} model {models[role].description} loaded in {time.perf_counter() - clock:.1f} s")
    labels = None
    if spec.labels:
        from .review import read_labels

        labels = read_labels(spec.path(spec.labels))  # a bad worksheet fails before any model runs
    target = models.pop("target")
    result = run_audit(
        audit_plan, target, name=spec.name, strict=spec.strict, store_dir=spec.path(spec.store) if spec.store else None,
        progress=progress, seed=spec.seed, command=command, show_pii=spec.show_pii, waivers=waivers,
        attestations=attestations, roles=models, timing=timing,
    )
    if labels is not None:
        from .data import sha256_file
        from .report.schema import FileHash
        from .review import redecide

        result = redecide(result, labels, Path(spec.labels).name, rename=False)
        result.manifest.data.append(FileHash(path=str(spec.path(spec.labels)), sha256=sha256_file(spec.path(spec.labels))))
    if baseline is not None:
        from .report.signer import compare_to_baseline

        result.baseline = compare_to_baseline(
            baseline, result, baseline.integrity.results_sha256 if baseline.integrity else None)
    return result
