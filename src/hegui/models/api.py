"""Models behind a server: lm-eval's API models (``local-chat-completions``, ``local-completions``,
``openai-*``, ``anthropic-*``: every subclass of its ``TemplateAPI``), made safe and clear for an audit.

* Their extra packages (aiohttp, tenacity, requests) come with ``pip install 'hegui[api]'``; a missing one
  is a load error that says so.
* The API key: lm-eval reads it from the environment (``OPENAI_API_KEY`` for the ``local-*`` and
  ``openai-*`` types, ``ANTHROPIC_API_KEY`` for ``anthropic-*``) and ignores an ``api_key=`` model argument.
  hegui accepts ``api_key=`` and hands it to the model's request header; it never reaches the model's
  recorded arguments, its fingerprint, the report or an error message.
* Retries, timeouts and concurrency have audit defaults (``API_DEFAULTS``), each overridable in
  ``--model-args``; none is part of the fingerprint, so changing them keeps the stored answers.
* A failed call (server gone, HTTP error after the retries, a reply without the fields lm-eval reads) is a
  ``ServerError`` naming the backend and endpoint, without secrets; every chunk answered before it is
  already in the response store, so the same command resumes.
* A chat-completions API returns no prompt log-probabilities: a plan with loglikelihood requests is
  refused before any model call (``check_kinds``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from functools import cached_property, partial
from importlib.util import find_spec
from inspect import getattr_static
from typing import Any

from ..errors import HeguiError, ModelLoadError
from ..redact import redact_url, scrub

API_PACKAGES = ("aiohttp", "tenacity", "requests")
# lm-eval's own defaults: 3 tries, 300 s per request, one request at a time. An audit asks hundreds of short
# generations: 4 in flight (lower it for a rate-limited API), 4 tries with 1-2-4 s back-off, 180 s each.
API_DEFAULTS = {"max_retries": 4, "timeout": 180, "num_concurrent": 4}
KEY_ARGS = ("api_key",)
# Chat endpoints return no prompt logprobs; lm-eval raises NotImplementedError for their loglikelihood.
NO_LOGLIKELIHOOD_TYPES = {
    "local-chat-completions", "openai-chat-completions", "azure-openai-chat-completions", "anthropic-chat",
    "anthropic-chat-completions", "anthropic-completions",
}


class ServerError(HeguiError):
    """A model behind a server could not answer (after lm-eval's retries)."""


def template_api_class():
    from lm_eval.models.api_models import TemplateAPI

    return TemplateAPI


def is_api_class(cls: Any) -> bool:
    try:
        return isinstance(cls, type) and issubclass(cls, template_api_class())
    except ImportError:  # pragma: no cover - part of lm-eval
        return False


def missing_packages() -> list[str]:
    return [name for name in API_PACKAGES if find_spec(name) is None]


def no_loglikelihood_reason(model_type: str, lm: Any = None) -> str | None:
    """Why this backend cannot score loglikelihood requests, or None when it may."""
    inner = getattr(lm, "lm", lm)
    chat = model_type in NO_LOGLIKELIHOOD_TYPES
    if not chat and inner is not None:
        try:
            from lm_eval.models.openai_completions import LocalChatCompletion

            chat = isinstance(inner, LocalChatCompletion)
        except ImportError:  # pragma: no cover
            pass
    if chat:
        return (f"model type {model_type!r} talks to a chat-completions endpoint, which returns no prompt "
                "log-probabilities")
    return None


def prepare_args(model_type: str, args: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The args lm-eval gets (audit defaults added, ``api_key`` taken out) and the key given in them."""
    missing = missing_packages()
    if missing:
        raise ModelLoadError(
            f"model type {model_type!r} calls a server through lm-eval's API models, which need "
            f"{', '.join(missing)}: pip install 'hegui[api]' (or: pip install 'lm-eval[api]')"
        )
    args = dict(args)
    key = None
    for name in KEY_ARGS:
        value = args.pop(name, None)
        if value not in (None, ""):
            key = str(value)
    for name, value in API_DEFAULTS.items():
        args.setdefault(name, value)
    return args, key


def inject_key(lm: Any, key: str) -> None:
    """Make ``lm`` send ``key`` the way its class sends the key it reads from the environment."""
    api_key = getattr_static(lm, "api_key", None)
    if isinstance(api_key, cached_property):  # TemplateAPI, openai-*, anthropic-*: header is built from it
        lm.__dict__["api_key"] = key
        lm.__dict__.pop("header", None)
        return
    header = getattr_static(lm, "header", None)
    if isinstance(header, cached_property) and getattr(lm, "_header", None) is None:  # local-*: a plain property
        lm.__dict__["header"] = {"Authorization": f"Bearer {key}"}
        return
    raise ModelLoadError(f"{type(lm).__name__} takes its API key from the environment only; drop api_key= from --model-args")


class _Scrub(logging.Filter):
    """lm-eval logs failed requests (with their URL and error text): no secret in those lines either."""

    def __init__(self, secrets: list[str]):
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # pragma: no cover - a broken record is logging's business
            return True
        clean = scrub(message, self.secrets)
        if clean != message:
            record.msg, record.args = clean, None
        return True


def _guard_logs(secrets: list[str]) -> None:
    for name in ("lm_eval.models.api_models", "lm_eval.models.openai_completions", "lm_eval.models.anthropic_llms"):
        logger = logging.getLogger(name)
        for old in [f for f in logger.filters if isinstance(f, _Scrub)]:
            old.secrets = sorted({*old.secrets, *secrets})
            break
        else:
            logger.addFilter(_Scrub(list(secrets)))


def _drop_empty_stop(payload: Any) -> Any:
    """lm-eval always sends ``stop``; ``"stop": []`` makes some servers fail (``transformers serve`` answers
    500). No stop sequence is the same as none sent."""
    if isinstance(payload, dict) and payload.get("stop") == []:
        payload = {k: v for k, v in payload.items() if k != "stop"}
    return payload


class ApiLM:
    """An lm-eval API model whose failures are ``ServerError`` messages; everything else is the model's own."""

    def __init__(self, lm: Any, model_type: str, secrets: Iterable[str] = ()):
        self.lm = lm
        self.model_type = model_type
        self.secrets = [s for s in secrets if s]
        create = lm._create_payload
        lm._create_payload = lambda *args, **kwargs: _drop_empty_stop(create(*args, **kwargs))
        _guard_logs(self.secrets)

    def __getattr__(self, name: str) -> Any:
        lm = self.__dict__.get("lm")
        if lm is None:
            raise AttributeError(name)
        return getattr(lm, name)

    @property
    def endpoint(self) -> str:
        return redact_url(str(getattr(self.lm, "base_url", "") or "?"))

    def generate_until(self, requests: list, disable_tqdm: bool = False) -> list[str]:
        return self._call("generate_until", requests, disable_tqdm)

    def loglikelihood(self, requests: list, disable_tqdm: bool = False) -> list[tuple[float, bool]]:
        reason = no_loglikelihood_reason(self.model_type, self.lm)
        if reason:
            raise ServerError(f"{reason}: it cannot answer loglikelihood requests. {LOGLIKELIHOOD_HINT}")
        try:
            return self._call("loglikelihood", requests, disable_tqdm)
        except (KeyError, TypeError, IndexError, AttributeError, AssertionError) as error:
            raise ServerError(
                f"{self.model_type} at {self.endpoint} answered a loglikelihood request without the prompt "
                f"logprobs lm-eval reads ({type(error).__name__}: {scrub(str(error), self.secrets)}). "
                f"{LOGLIKELIHOOD_SERVER} {LOGLIKELIHOOD_HINT}"
            ) from None

    def _call(self, kind: str, requests: list, disable_tqdm: bool) -> list:
        method = getattr(self.lm, kind)
        try:
            with _quiet_bars(disable_tqdm):
                return method(requests, disable_tqdm=disable_tqdm)
        except HeguiError:
            raise
        except Exception as error:
            if kind == "loglikelihood" and isinstance(error, (KeyError, TypeError, IndexError, AttributeError, AssertionError)):
                raise
            detail = _first_line(error)
            body = getattr(getattr(error, "response", None), "text", None)  # requests' HTTPError: the server's reason
            if body:
                detail += f" ({' '.join(str(body).split())[:300]})"
            tries = getattr(self.lm, "max_retries", "?")
            timeout = getattr(self.lm, "timeout", "?")
            raise ServerError(
                f"{self.model_type} at {self.endpoint} did not answer {len(requests)} {kind} request(s): "
                f"{type(error).__name__}: {scrub(detail, self.secrets)} (after {tries} tries, {timeout} s timeout "
                "each; set max_retries=, timeout=, num_concurrent= in --model-args). "
                + (f"{LOGLIKELIHOOD_SERVER} " if kind == "loglikelihood" else "")
                + "The answers received before this are stored: run the same command again to resume."
            ) from None


@contextmanager
def _quiet_bars(disable: bool):
    """lm-eval's API models draw their 'Requesting API' bar whatever ``disable_tqdm`` says; hegui draws its own."""
    if not disable:
        yield
        return
    from lm_eval.models import api_models

    bar, gather_bar = getattr(api_models, "tqdm", None), getattr(api_models, "tqdm_asyncio", None)

    class QuietGather:
        @staticmethod
        def gather(*tasks, **kwargs):
            return gather_bar.gather(*tasks, **{**kwargs, "disable": True})

    if bar is not None:
        api_models.tqdm = partial(bar, disable=True)
    if gather_bar is not None:
        api_models.tqdm_asyncio = QuietGather
    try:
        yield
    finally:
        if bar is not None:
            api_models.tqdm = bar
        if gather_bar is not None:
            api_models.tqdm_asyncio = gather_bar


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else ""


LOGLIKELIHOOD_SERVER = (
    "Loglikelihood through local-completions needs a /v1/completions server that takes token-id prompts and "
    "honours echo=true with logprobs (vLLM, SGLang and llama.cpp's server do; `transformers serve` does not)."
)


LOGLIKELIHOOD_HINT = (
    "Audit rules that score options by loglikelihood (bias_qa, fairness, benchmark multiple choice, "
    "content_safety's judge, memorization candidates) on an hf or vllm model, or on local-completions "
    "against a server that returns prompt logprobs."
)


def check_kinds(model_type: str, lm: Any, kinds_by_rule: Mapping[str, set[str]], role: str = "target") -> None:
    """Refuse, before any model call, a plan whose rules need what this backend cannot answer."""
    reason = no_loglikelihood_reason(model_type, lm)
    if reason is None:
        return
    rules = sorted(rule for rule, kinds in kinds_by_rule.items() if "loglikelihood" in kinds)
    if rules:
        raise ModelLoadError(
            f"{reason}; rule(s) {', '.join(rules)} need loglikelihood requests from the {role} model. {LOGLIKELIHOOD_HINT}"
        )
