"""The model layer is lm-eval's ``LM``: hf, vllm, OpenAI-compatible endpoints and the rest of its registry.

hegui adds three things on top: the embedded default model, a fingerprint of what answered (so stored
responses are reused only for the same model), and one place that turns a chat into the model's prompt
(its chat template where it has one). Models behind a server get their key, retries and error messages
from ``models/api.py``; no secret given to any model reaches its recorded arguments or identity.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from ..errors import HeguiError, ModelLoadError
from ..plan import Messages, Plan
from ..redact import redact_args, scrub, secret_values
from ..suggest import did_you_mean
from . import api, replay
from .default import DEFAULT_MODEL_NAME, default_gguf, default_model_dir
from .fingerprint import fingerprint, model_identity

redact = redact_args  # what may be shown of model arguments (also used by the dry run)

log = logging.getLogger(__name__)

CHAT_API_TYPES = {"local-chat-completions", "openai-chat-completions", "anthropic-chat", "anthropic-chat-completions"}


@dataclass
class LoadedModel:
    lm: Any
    model_type: str
    args: dict[str, Any]
    identity: dict[str, Any]
    use_chat_template: bool
    description: str
    settings: dict[str, Any] = field(default_factory=dict)
    threads: str | None = None  # torch's intra-op threads and why (local models); not part of the identity
    # Requests per model call (each call's answers are stored before the next), when the engine wants its own:
    # engines that batch by themselves (vLLM) want large calls; None keeps the audit's (64: an interrupted CPU
    # run loses little).
    chunk_size: int | None = None

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.identity, self.args, {"chat_template": self.use_chat_template, **self.settings})

    def render(self, messages: Messages, chat_format: bool = True) -> str:
        if not chat_format:
            return "".join(text for _, text in messages)
        chat = [{"role": role, "content": text} for role, text in messages]
        if self.use_chat_template:
            return self.lm.apply_chat_template(chat, add_generation_prompt=True)
        return "".join(f"{text}\n\n" for _, text in messages)

    def check_kinds(self, plan: Plan, rule_of_key: dict[str, set[str]] | None = None, role: str = "target") -> None:
        """Refuse, before any call, requests this backend cannot answer (loglikelihood on a chat API)."""
        kinds: dict[str, set[str]] = {}
        for key, request in plan.requests.items():
            for rule in (rule_of_key or {}).get(key, {"?"}):
                kinds.setdefault(rule, set()).add(request.kind)
        api.check_kinds(self.model_type, self.lm, kinds, role)
        check_plan = getattr(self.lm, "check_plan", None)  # e.g. the replay model: every answer on file
        if callable(check_plan):
            check_plan(plan, rule_of_key or {})

    def manifest(self) -> dict[str, Any]:
        return {
            "type": self.model_type,
            "args": {k: str(v) for k, v in redact(self.args).items()},
            "description": self.description,
            "identity": self.identity,
            "chat_template": self.use_chat_template,
            "fingerprint": self.fingerprint,
            **({"threads": self.threads} if self.threads else {}),
        }


def _has_chat_template(lm: Any, model_type: str) -> bool:
    if model_type in CHAT_API_TYPES:
        return True
    tokenizer = getattr(lm, "tokenizer", None)
    return bool(getattr(tokenizer, "chat_template", None))


def parse_model_args(text: str | None) -> dict[str, Any]:
    from lm_eval.utils import simple_parse_args_string

    try:
        return simple_parse_args_string(text or "")
    except Exception as error:  # lm-eval raises bare errors on malformed strings
        raise ModelLoadError(f"malformed --model-args {text!r}: expected key=value,key=value ({error})") from None


def _default_device() -> str:
    import torch

    return "cuda" if torch.cuda.is_available() else "cpu"


LOCAL_TORCH_TYPES = {"hf", "huggingface", "hf-auto", "hf-multimodal", "vllm", "sglang"}
ENGINE_BATCHED_TYPES = {"vllm", "sglang"}  # continuous batching inside the engine: give it many requests at once


def load_lm_eval_model(
    model_type: str | None = None, model_args: str | None = None, batch_size: int | str | None = None,
    threads: int | None = None,
) -> LoadedModel:
    """Load a model through lm-eval's registry; with no type, the embedded default model.

    A model that runs in this process gets torch's thread count from ``models/threads.py`` (``threads``
    overrides); one behind a server does not use this process's cores."""
    from lm_eval.api.registry import get_model

    args = parse_model_args(model_args)
    description = None
    identity_override = None
    if model_type is None:
        folder, gguf_sha = default_model_dir()
        model_type = "hf"
        args = {"pretrained": str(folder), **args}
        description = DEFAULT_MODEL_NAME
        identity_override = {"type": "hf", "default_model": "SmolLM2-135M-Instruct", "gguf_sha256": gguf_sha}
    if model_type == "vllm" and int(args.get("data_parallel_size", 1) or 1) > 1:
        raise ModelLoadError(
            "--model vllm with data_parallel_size > 1: lm-eval then starts that many Ray workers, each loading "
            "the weights again, on every call, and hegui calls the model once per chunk of requests. For several "
            "replicas, serve the model (vllm serve --data-parallel-size N, or SGLang's --dp) and audit it with "
            "--model local-completions; on one machine, use tensor_parallel_size (benchmarks/gpu/README.md)"
        )
    if model_type == replay.MODEL_TYPE:
        replay.register()
        identity_override = replay.replay_identity(args)
        description = f"replay: {args.get('path', '')}"
    try:
        cls = get_model(model_type)
    except (ValueError, KeyError):
        import lm_eval.models  # noqa: F401  (fills the registry)
        from lm_eval.api.registry import model_registry

        known = sorted(model_registry.keys()) if hasattr(model_registry, "keys") else []
        raise ModelLoadError(f"unknown model type {model_type!r}{did_you_mean(model_type, known)}; lm-eval knows: {', '.join(known)}") from None

    secrets = secret_values(args)
    key = None
    is_api = api.is_api_class(cls)
    if is_api:
        args, key = api.prepare_args(model_type, args)
        secrets += [key] if key else []
    thread_choice = None
    if model_type in LOCAL_TORCH_TYPES:
        from .threads import apply_threads

        thread_choice = str(apply_threads(threads))
    extra: dict[str, Any] = {}
    if model_type in {"hf", "huggingface", "hf-auto"}:
        extra = {"device": args.pop("device", None) or _default_device(), "batch_size": batch_size or 16}
    elif batch_size is not None:
        extra = {"batch_size": batch_size}
    if model_type == "vllm" and "enable_prefix_caching" not in args:
        # Requests share long prefixes (chat template, system prompt, template text): let vLLM reuse their cache.
        extra["enable_prefix_caching"] = True
    recorded = redact_args(args)  # what the manifest, fingerprint and identity see: no key, no password
    try:
        lm = cls.create_from_arg_obj(args, extra)
        if is_api:
            if key:
                api.inject_key(lm, key)
            lm = api.ApiLM(lm, model_type, secrets)
    except HeguiError:  # already a message for the user (a bad answers file, a missing package)
        raise
    except Exception as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else ""
        shown = ",".join(f"{k}={v}" for k, v in recorded.items())
        raise ModelLoadError(
            f"could not load model {model_type!r} with {shown or 'no arguments'}: {type(error).__name__}: "
            f"{scrub(first, secrets)}"
        ) from (None if secrets else error)
    return LoadedModel(
        lm=lm,
        model_type=model_type,
        args=recorded,
        identity=identity_override or model_identity(model_type, recorded),
        use_chat_template=_has_chat_template(lm, model_type),
        description=description or f"{model_type}: {args.get('pretrained') or args.get('model') or ''}".strip(),
        threads=thread_choice,
        chunk_size=1024 if model_type in ENGINE_BATCHED_TYPES else None,
    )


def wrap_lm(lm: Any, name: str, identity: dict[str, Any] | None = None) -> LoadedModel:
    """Use an already-built lm-eval ``LM`` (Python audits, tests, custom backends)."""
    return LoadedModel(
        lm=lm,
        model_type=name,
        args={},
        identity=identity or {"type": name, "class": type(lm).__qualname__},
        use_chat_template=_has_chat_template(lm, name),
        description=name,
    )


class NotLoaded:
    """Stands in for a model an audit never asks anything (a plan of 0 requests): loading it would only cost time."""

    def __getattr__(self, name: str) -> Any:
        raise HeguiError(f"internal error: the model was not loaded (the plan had 0 requests), yet {name} was asked for")


def unloaded_model(model_type: str | None = None, model_args: str | None = None) -> LoadedModel:
    """The model's identity and arguments without its weights: for an audit whose plan asks it nothing."""
    args = parse_model_args(model_args)
    if model_type is None:
        from .fingerprint import cached_sha256

        gguf = default_gguf()
        identity = {"type": "hf", "default_model": "SmolLM2-135M-Instruct", "gguf_sha256": cached_sha256(gguf)}
        model_type, description = "hf", DEFAULT_MODEL_NAME
    else:
        recorded = redact_args(args)
        identity = replay.replay_identity(args) if model_type == replay.MODEL_TYPE else model_identity(model_type, recorded)
        description = f"{model_type}: {args.get('pretrained') or args.get('model') or args.get('path') or ''}".strip()
    return LoadedModel(lm=NotLoaded(), model_type=model_type, args=redact_args(args), identity=identity,
                       use_chat_template=False, description=f"{description} (not loaded: the plan has 0 requests)")
