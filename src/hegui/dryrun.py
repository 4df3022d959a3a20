"""``hegui audit --dry-run`` and ``--requests-out``: the audit's plan without a model call.

The CLI selects the rules and builds the ``AuditPlan`` exactly as ``spec.run_spec`` does; the functions
here take that plan and, per role, a ``LoadedModel`` used only to *render* and *tokenize* requests.
For ``hf`` models (and the embedded default model) that model is tokenizer-only (``TokenizerOnlyHF``):
lm-eval's own tokenizer construction and chat template code, no weights. Other backends are loaded
through lm-eval as in a real audit (the only way to get their chat template); nothing here calls
``loglikelihood`` or ``generate_until``.

Only the first stage's requests are known before the model answers; later stages (a judge grading an
answer, a re-ask after a refusal) are listed but not counted.

Time estimate: a simple throughput model with constants measured on this project's CPU benchmark
(``benchmarks/perf/results/audit_speed.json``: SmolLM2-135M-Instruct, float32, 2 torch threads,
hegui's own runner on the default audit's requests)::

    seconds = scored tokens / 903.8 tok/s              (loglikelihood: context + continuation tokens)
            + generated-token budget / 18.8 tok/s      (generation: sum of max_new_tokens)

scaled linearly by the torch threads this machine would use over the benchmark's 2. It is an estimate:
answers that stop early take less, larger models take longer (roughly in proportion to their size), a
GPU is much faster, and answers already in the response store are not asked again. API models get no
time estimate (it depends on the server), and a cost when a price per 1,000 tokens is given:
(input tokens + output-token budget) / 1000 × price.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import CHAT_API_TYPES, LoadedModel
from .plan import GenerationRequest, LoglikelihoodRequest, Request

LL_TOKENS_PER_S = 903.8  # scored (context + continuation) tokens/s, audit_speed.json kinds.loglikelihood.ways.hegui
GEN_TOKENS_PER_S = 18.8  # generated tokens/s, audit_speed.json kinds.generate_until.ways.hegui
BENCH_THREADS = 2
BENCH_SOURCE = "benchmarks/perf/results/audit_speed.json (SmolLM2-135M-Instruct, float32, CPU, 2 threads)"

HF_TYPES = {"hf", "huggingface", "hf-auto"}
API_TYPES = CHAT_API_TYPES | {"local-completions", "openai-completions"}
REQUEST_KEYS = {
    "loglikelihood": {"key", "rules", "probe", "role", "kind", "context", "continuation"},
    "generate_until": {"key", "rules", "probe", "role", "kind", "context", "max_new_tokens", "stop"},
}


def is_api_model(model_type: str | None) -> bool:
    return model_type is not None and (
        model_type in API_TYPES or model_type.startswith(("openai", "anthropic")) or model_type.endswith("completions")
    )


# -- a renderer per role -------------------------------------------------------------------------------


class TokenizerOnlyHF:
    """What ``LoadedModel.render`` needs from lm-eval's ``HFLM``: its tokenizer (built by HFLM's own
    ``_create_tokenizer``) and its ``apply_chat_template``, without loading the weights."""

    def __init__(self, args: Mapping[str, Any]):
        from lm_eval.models.huggingface import HFLM

        enable_thinking = args.get("enable_thinking")
        template_args = dict(args.get("chat_template_args") or {})
        self.chat_template_args = template_args | {"enable_thinking": enable_thinking} if enable_thinking is not None else template_args
        self.add_bos_token = args.get("add_bos_token")
        HFLM._create_tokenizer(
            self, str(args["pretrained"]), args.get("tokenizer"), revision=str(args.get("revision", "main")),
            subfolder=args.get("subfolder", ""), trust_remote_code=args.get("trust_remote_code", False),
            use_fast_tokenizer=args.get("use_fast_tokenizer", True), gguf_file=args.get("gguf_file"),
            add_bos_token=self.add_bos_token,
        )

    def apply_chat_template(self, chat_history, add_generation_prompt: bool = True):
        from lm_eval.models.huggingface import HFLM

        return HFLM.apply_chat_template(self, chat_history, add_generation_prompt)

    def generate_until(self, *_args, **_kwargs):  # pragma: no cover - a dry run never calls the model
        raise RuntimeError("a tokenizer-only model cannot generate")

    loglikelihood = generate_until


def load_renderer(model_type: str | None, model_args: str | None, batch_size: int | str | None = None,
                  threads: int | None = None) -> LoadedModel:
    """A model that renders and tokenizes requests as the audit's model will: tokenizer-only for ``hf``
    and the default model, lm-eval's loaded model for any other backend."""
    from . import models
    from .errors import ModelLoadError

    if model_type is not None and model_type not in HF_TYPES:
        return models.load_lm_eval_model(model_type, model_args, batch_size, threads)
    args = models.parse_model_args(model_args)
    description = None
    if model_type is None:
        folder, _ = models.default_model_dir()
        args = {"pretrained": str(folder), **args}
        description = models.DEFAULT_MODEL_NAME
    if "pretrained" not in args:
        raise ModelLoadError(f"could not load model {model_type!r}: --model-args needs pretrained=NAME_OR_PATH")
    try:
        lm = TokenizerOnlyHF(args)
    except Exception as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        shown = ",".join(f"{k}={v}" for k, v in models.redact(args).items())
        raise ModelLoadError(
            f"could not load model {model_type or 'hf'!r} with {shown}: {type(error).__name__}: {first}"
        ) from error
    return LoadedModel(
        lm=lm, model_type=model_type or "hf", args=args, identity={"type": model_type or "hf", "tokenizer_only": True},
        use_chat_template=bool(getattr(lm.tokenizer, "chat_template", None)),
        description=description or f"{model_type}: {args['pretrained']}",
    )


def is_tokenizer_only(model: LoadedModel) -> bool:
    return isinstance(model.lm, TokenizerOnlyHF)


# -- the first stage's unique requests ---------------------------------------------------------------------


@dataclass
class PlannedRequest:
    key: str
    role: str
    request: Request
    rules: list[str]
    probes: list[str]


def first_requests(audit_plan) -> list[PlannedRequest]:
    """Every unique first-stage request of every role with the rules and probes that asked for it,
    sorted by key (then role)."""
    askers: dict[tuple[str, str], tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for planned in audit_plan.rules:
        staged = planned.staged
        if staged is None or not staged.pending or staged.stage_at(0) is None:
            continue
        role = staged.stage_at(0).role
        for _, _, key in staged.pending:
            rules, probes = askers[(role, key)]
            rules.add(staged.rule_id)
            probes.add(staged.probe.name)
    out = []
    for role, plan in audit_plan.first.items():
        for key, request in plan.requests.items():
            rules, probes = askers.get((role, key), (set(), set()))
            out.append(PlannedRequest(key, role, request, sorted(rules), sorted(probes)))
    out.sort(key=lambda p: (p.key, p.role))
    return out


def _context(model: LoadedModel, request: Request) -> Any:
    rendered = model.render(request.messages, request.chat)
    if isinstance(rendered, str):
        return str(rendered)
    return getattr(rendered, "prompt", rendered)  # lm-eval's JsonChatStr (API chat models) or a message list


def request_record(item: PlannedRequest, model: LoadedModel) -> dict[str, Any]:
    """One ``--requests-out`` line: key, rules, probe, role, kind, context, and the kind's own fields."""
    request = item.request
    record: dict[str, Any] = {
        "key": item.key, "rules": item.rules, "probe": ",".join(item.probes), "role": item.role,
        "kind": request.kind, "context": _context(model, request),
    }
    if isinstance(request, LoglikelihoodRequest):
        record["continuation"] = request.continuation
    elif isinstance(request, GenerationRequest):
        record.update(max_new_tokens=request.max_new_tokens, stop=list(request.stop))
        if request.temperature > 0:
            record["temperature"] = request.temperature
    return record


def write_requests(path: Path | str, items: list[PlannedRequest], models: Mapping[str, LoadedModel]) -> int:
    """Write the unique first-stage requests as JSONL (sorted by key); the number of lines written."""
    path = Path(path)
    if path.parent != Path(""):
        path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for item in items:
            handle.write(json.dumps(request_record(item, models[item.role]), ensure_ascii=False) + "\n")
    return len(items)


# -- tokens, time, cost ----------------------------------------------------------------------------------

_CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def approximate_tokens(text: str) -> int:
    """No tokenizer: one token per CJK character, one per four other characters."""
    cjk = len(_CJK.findall(text))
    return cjk + (len(text) - cjk + 3) // 4


class TokenCounter:
    """Token counts with the model's own tokenizer (HF or tiktoken), else ``approximate_tokens``."""

    def __init__(self, model: LoadedModel):
        tokenizer = getattr(model.lm, "tokenizer", None)
        self.hf = tokenizer if tokenizer is not None and hasattr(tokenizer, "batch_decode") else None
        self.tiktoken = tokenizer if self.hf is None and hasattr(tokenizer, "encode_ordinary") else None
        self.exact = self.hf is not None or self.tiktoken is not None
        self.name = (Path(getattr(self.hf, "name_or_path", "") or type(self.hf).__name__).name) if self.hf is not None else (
            "tiktoken" if self.tiktoken is not None else "approximate: 1 per CJK character + 1 per 4 other characters")
        self._cache: dict[str, int] = {}

    def count(self, texts: list[str]) -> list[int]:
        missing = sorted({t for t in texts if t not in self._cache})
        if missing:
            if self.hf is not None:
                for start in range(0, len(missing), 512):
                    part = missing[start : start + 512]
                    ids = self.hf(part, add_special_tokens=False)["input_ids"]
                    self._cache.update(zip(part, (len(i) for i in ids), strict=True))
            elif self.tiktoken is not None:
                self._cache.update((t, len(self.tiktoken.encode_ordinary(t))) for t in missing)
            else:
                self._cache.update((t, approximate_tokens(t)) for t in missing)
        return [self._cache[t] for t in texts]


@dataclass
class KindTokens:
    requests: int = 0
    context: int = 0  # tokens of the rendered contexts
    scored: int = 0  # loglikelihood: context + continuation tokens (what the model runs and scores)
    budget: int = 0  # generation: sum of max_new_tokens


@dataclass
class RoleTokens:
    role: str
    model: LoadedModel
    tokenizer: str
    exact: bool
    kinds: dict[str, KindTokens] = field(default_factory=dict)

    @property
    def input_tokens(self) -> int:
        return sum(k.scored if kind == "loglikelihood" else k.context for kind, k in self.kinds.items())

    @property
    def output_budget(self) -> int:
        return sum(k.budget for k in self.kinds.values())


def count_tokens(items: list[PlannedRequest], models: Mapping[str, LoadedModel]) -> dict[str, RoleTokens]:
    out: dict[str, RoleTokens] = {}
    by_role: dict[str, list[PlannedRequest]] = defaultdict(list)
    for item in items:
        by_role[item.role].append(item)
    for role, group in sorted(by_role.items()):
        model = models[role]
        counter = TokenCounter(model)
        texts = [_context(model, item.request) for item in group]
        texts = [t if isinstance(t, str) else json.dumps(t, ensure_ascii=False) for t in texts]
        context_tokens = counter.count(texts)
        tokens = RoleTokens(role, model, counter.name, counter.exact)
        for kind in ("loglikelihood", "generate_until"):
            tokens.kinds[kind] = KindTokens()
        lls = [(i, item) for i, item in enumerate(group) if isinstance(item.request, LoglikelihoodRequest)]
        whole = counter.count([texts[i] + item.request.continuation for i, item in lls])  # type: ignore[union-attr]
        for (i, _), n in zip(lls, whole, strict=True):
            k = tokens.kinds["loglikelihood"]
            k.requests += 1
            k.context += context_tokens[i]
            k.scored += n if texts[i] else n + 1  # HFLM puts one prefix token before an empty context
        for i, item in enumerate(group):
            if isinstance(item.request, GenerationRequest):
                k = tokens.kinds["generate_until"]
                k.requests += 1
                k.context += context_tokens[i]
                k.budget += item.request.max_new_tokens
        out[role] = tokens
    return out


def estimate_seconds(tokens: RoleTokens, threads: int) -> float:
    """The throughput model of the module docstring."""
    scale = max(threads, 1) / BENCH_THREADS
    return (tokens.kinds["loglikelihood"].scored / LL_TOKENS_PER_S
            + tokens.kinds["generate_until"].budget / GEN_TOKENS_PER_S) / scale


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


# -- the report ------------------------------------------------------------------------------------------


def later_stages(audit_plan) -> list[str]:
    """``probe: stage (role)`` for each stage after the first that this audit will run."""
    seen: dict[str, list[str]] = {}
    for planned in audit_plan.rules:
        staged = planned.staged
        if staged is None or staged.probe.name in seen:
            continue
        stages = staged.probe.stages[1:]
        run = [f"{s.name} ({s.role})" for s in stages if s.role in audit_plan.roles]
        if run:
            seen[staged.probe.name] = run
    return [f"{probe}: {', '.join(stages)}" for probe, stages in sorted(seen.items())]


def report(
    audit_plan, items: list[PlannedRequest], models: Mapping[str, LoadedModel], *,
    threads: int | None = None, price_per_1k: float | None = None, not_loaded: Mapping[str, str] | None = None,
) -> str:
    """The dry run's text: rules and requests per probe, tokens per role and kind, time and cost estimates."""
    lines = ["hegui: dry run: the plan only; no request is sent to a model", ""]
    rules = audit_plan.rules
    with_probe = [r for r in rules if r.staged is not None]
    lines.append(f"rules: {len(rules)} ({len(with_probe)} with a probe, {len(rules) - len(with_probe)} manual)")
    per_probe: dict[str, dict[str, Any]] = defaultdict(lambda: {"rules": 0, "asked": 0, "keys": set(), "note": ""})
    for planned in with_probe:
        staged = planned.staged
        row = per_probe[staged.probe.name]
        missing = sorted({s.role for s in staged.probe.stages} - set(audit_plan.roles))
        if missing:
            row["note"] = f"  (no {', '.join(missing)} model: " + ("asks nothing)" if not staged.pending else
                                                                 "its stages for it are skipped)")
        elif not staged.probe.stages:
            row["note"] = "  (no model call)"
        row["rules"] += 1
        row["asked"] += len(staged.pending)
        role = staged.stage_at(0).role if staged.stage_at(0) else ""
        row["keys"].update((role, key) for _, _, key in staged.pending)
    width = max((len(p) for p in per_probe), default=5)
    lines.append(f"  {'probe':<{width}}  {'rules':>5}  {'requests':>8}  {'unique':>6}")
    for probe, row in sorted(per_probe.items()):
        lines.append(f"  {probe:<{width}}  {row['rules']:>5}  {row['asked']:>8}  {len(row['keys']):>6}{row['note']}")
    asked = sum(plan.asked for plan in audit_plan.first.values())
    lines += ["", f"{len(items)} unique requests"]
    for role, plan in sorted(audit_plan.first.items()):
        kinds = defaultdict(int)
        for request in plan.requests.values():
            kinds[request.kind] += 1
        split = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
        lines.append(f"  {role}: {plan.asked} asked, {len(plan)} unique ({split})")
    if len(audit_plan.first) > 1:
        lines.append(f"  all roles: {asked} asked")
    later = later_stages(audit_plan)
    if later:
        lines.append("later stages depend on answers: not counted — " + "; ".join(later))
    tokens = count_tokens(items, models)
    for role, model in sorted(models.items()):
        lines += ["", f"{role} model: {model.description} (chat template: {'yes' if model.use_chat_template else 'no'})"]
        counted = tokens.get(role)
        if counted is None:
            lines.append("  no first-stage requests")
            continue
        lines.append(f"  tokens ({'tokenizer ' + counted.tokenizer if counted.exact else counted.tokenizer}; "
                     "the exact context the model receives, chat template applied):")
        ll, gen = counted.kinds["loglikelihood"], counted.kinds["generate_until"]
        if ll.requests:
            lines.append(f"    loglikelihood: {ll.requests} requests, {ll.context:,} context tokens, "
                         f"{ll.scored:,} scored tokens (context + continuation)")
        if gen.requests:
            lines.append(f"    generate_until: {gen.requests} requests, {gen.context:,} context tokens, "
                         f"{gen.budget:,} generated-token budget (sum of max_new_tokens)")
        lines += _estimate_lines(model, counted, threads, price_per_1k)
    for role, why in sorted((not_loaded or {}).items()):
        lines += ["", f"{role} model: {why}"]
    return "\n".join(lines)


def _estimate_lines(model: LoadedModel, tokens: RoleTokens, threads: int | None, price: float | None) -> list[str]:
    lines = []
    if is_api_model(model.model_type):
        lines.append("  time: not estimated for an API model (it depends on the server)")
        if price is not None:
            total = tokens.input_tokens + tokens.output_budget
            lines.append(
                f"  cost (estimate): ({tokens.input_tokens:,} input tokens + {tokens.output_budget:,} output-token budget)"
                f" / 1000 × {price:g} = {total / 1000 * price:,.2f}"
                + ("" if tokens.exact else " (token counts approximate)")
            )
        return lines
    from .models.threads import choose_threads

    choice = choose_threads(threads)
    seconds = estimate_seconds(tokens, choice.threads)
    ll = tokens.kinds["loglikelihood"].scored / LL_TOKENS_PER_S * BENCH_THREADS / choice.threads
    gen = tokens.kinds["generate_until"].budget / GEN_TOKENS_PER_S * BENCH_THREADS / choice.threads
    lines.append(f"  time (estimate, CPU, {choice}): about {_duration(seconds)} "
                 f"({_duration(ll)} loglikelihood + {_duration(gen)} generation)")
    lines.append(f"    = scored tokens / {LL_TOKENS_PER_S} tok/s + generated-token budget / {GEN_TOKENS_PER_S} tok/s, "
                 f"× {BENCH_THREADS}/{choice.threads} threads; constants from {BENCH_SOURCE}")
    notes = ["answers that stop early and answers already in the response store take less"]
    if model.description != _default_name():
        notes.append("a model larger than 135M parameters takes roughly proportionally longer")
    if _cuda():
        notes.append("a CUDA GPU is present: a model on it runs much faster")
    lines.append("    " + "; ".join(notes))
    if price is not None:
        lines.append("  cost: --price-per-1k-tokens applies to API models only (ignored)")
    return lines


def _default_name() -> str:
    from .models import DEFAULT_MODEL_NAME

    return DEFAULT_MODEL_NAME


def _cuda() -> bool:
    try:
        import torch

        return bool(torch.cuda.is_available())
    except Exception:  # pragma: no cover
        return False


__all__ = [
    "BENCH_SOURCE", "GEN_TOKENS_PER_S", "LL_TOKENS_PER_S", "PlannedRequest", "REQUEST_KEYS", "TokenizerOnlyHF",
    "count_tokens", "first_requests", "is_api_model", "load_renderer", "report", "request_record", "write_requests",
]
