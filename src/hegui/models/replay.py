"""``--model replay --model-args path=answers.jsonl``: audit recorded answers, without the model.

An auditor often has a model's logs, not the model. The replay model is an lm-eval ``LM`` that answers
each request from a JSONL file, so the same policies, detectors and verdicts run on what the model said.

Each line of the file answers one request, found in this order:

* ``"key"``: hegui's request key, as ``hegui audit --dry-run --requests-out FILE`` writes it (the file to
  fill: add ``"response"`` to its generation lines and ``"loglikelihood"`` to its scoring lines);
* ``"prompt"`` (+ ``"continuation"`` for scoring): matches a request whose chat is that one user turn,
  whatever its generation settings (a log of prompts and answers).

Answers: ``"response"`` (text) for ``generate_until``; ``"loglikelihood"`` (a number) and optionally
``"is_greedy"`` (boolean) for ``loglikelihood``. A line without an answer (an unfilled ``--requests-out``
line) answers nothing.

Before any request is answered, every request of the audit's first stage is looked up; if some are
missing, the audit stops with exit 2, counts them by probe, names the first ones, and writes them all to
``<answers>.missing.jsonl`` in the ``--requests-out`` layout, ready to fill. Requests of later stages (a
judge's grades, a persistence follow-up) are checked when their stage starts, the earlier answers stored.

The model's identity is the answers file's sha256: editing the file is a different model.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from lm_eval.api.model import LM

from ..data import sha256_file
from ..errors import DataError, HeguiError
from ..plan import GenerationRequest, LoglikelihoodRequest, Plan, Request

MODEL_TYPE = "replay"
KINDS = ("generate_until", "loglikelihood")
SHOWN_MISSING = 5


class ReplayMissingError(HeguiError):
    """Requests the answers file does not answer (exit 2)."""


def _single_prompt(request: Request) -> str | None:
    """The user text of a one-turn chat (what a log of prompts and answers records), else None."""
    messages = request.messages
    if len(messages) == 1 and messages[0][0] == "user":
        return messages[0][1]
    return None


class ReplayLM(LM):
    """Answers from a file; never computes anything."""

    def __init__(self, path: str | None = None, missing_out: str | None = None, **_: Any):
        super().__init__()
        if not path:
            raise DataError("--model replay needs --model-args path=ANSWERS.jsonl (a file of requests and answers)")
        self.path = Path(path)
        self.missing_out = Path(missing_out) if missing_out else self.path.with_name(f"{self.path.stem}.missing.jsonl")
        self.by_key: dict[str, Any] = {}
        self.by_prompt: dict[tuple[str, str, str | None], Any] = {}
        self._read()

    @classmethod
    def create_from_arg_obj(cls, arg_dict: Mapping[str, Any], additional_config: Mapping[str, Any] | None = None) -> ReplayLM:
        return cls(**dict(arg_dict))  # batch size and device mean nothing here

    # -- the file ---------------------------------------------------------------------------------------

    def _read(self) -> None:
        if not self.path.is_file():
            raise DataError(f"{self.path}: no such answers file (--model replay --model-args path=...)")
        try:
            lines = self.path.read_text(encoding="utf-8-sig").splitlines()
        except UnicodeDecodeError as error:
            raise DataError(f"{self.path}: not UTF-8 text ({error.reason} at byte {error.start})") from None
        problems: list[str] = []
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(f"{self.path}:{number}: invalid JSON: {error.msg} (column {error.colno})")
                continue
            problem = self._add(record)
            if problem:
                problems.append(f"{self.path}:{number}: {problem}")
        if problems:
            shown = problems[:20] + ([f"... and {len(problems) - 20} more"] if len(problems) > 20 else [])
            raise DataError("\n".join(shown))

    def _add(self, record: Any) -> str | None:
        """Index one line; the problem with it, if any."""
        if not isinstance(record, dict):
            return "each line must be a JSON object"
        kind = record.get("kind") or ("loglikelihood" if "loglikelihood" in record else "generate_until")
        if kind not in KINDS:
            return f"kind must be one of {', '.join(KINDS)}, not {kind!r}"
        answer, problem = _answer(kind, record)
        if problem:
            return problem
        if answer is None:
            return None  # an unfilled request line
        key, prompt = record.get("key"), record.get("prompt")
        if key is not None:
            if not isinstance(key, str) or not key:
                return "key must be a non-empty string"
            self.by_key[key] = answer
        elif isinstance(prompt, str):
            continuation = record.get("continuation")
            if kind == "loglikelihood" and not isinstance(continuation, str):
                return "a loglikelihood answer found by prompt needs its continuation (a string)"
            self.by_prompt[(kind, prompt, continuation if kind == "loglikelihood" else None)] = answer
        else:
            return "each answer needs a key (from --requests-out) or a prompt (a string)"
        return None

    # -- lookups ----------------------------------------------------------------------------------------

    def lookup(self, key: str, request: Request | None) -> Any:
        if key in self.by_key:
            return self.by_key[key]
        prompt = _single_prompt(request) if request is not None else None
        if prompt is None:
            return None
        continuation = request.continuation if isinstance(request, LoglikelihoodRequest) else None
        return self.by_prompt.get((request.kind, prompt, continuation))

    def check_plan(self, plan: Plan, rules_of_key: Mapping[str, set[str]] | None = None, probe_of_key:
                   Mapping[str, str] | None = None) -> None:
        """Stop before any call when the file lacks some of ``plan``'s requests."""
        missing = [(key, request) for key, request in plan.requests.items() if self.lookup(key, request) is None]
        if missing:
            self._missing(missing, rules_of_key or {})

    def _missing(self, missing: list[tuple[str, Request]], rules_of_key: Mapping[str, set[str]]) -> None:
        self.missing_out.parent.mkdir(parents=True, exist_ok=True)
        with self.missing_out.open("w", encoding="utf-8") as handle:
            for key, request in missing:
                handle.write(json.dumps(_missing_record(key, request, sorted(rules_of_key.get(key, ()))),
                                        ensure_ascii=False) + "\n")
        by_rule = Counter(rule for key, _ in missing for rule in rules_of_key.get(key, {"(a later stage)"}))
        counts = ", ".join(f"{rule} {n}" for rule, n in sorted(by_rule.items()))
        shown = [f"  {request.kind} {key[:12]}: {_preview(request)}" for key, request in missing[:SHOWN_MISSING]]
        more = [f"  ... and {len(missing) - SHOWN_MISSING} more"] if len(missing) > SHOWN_MISSING else []
        raise ReplayMissingError("\n".join([
            f"{self.path}: answers {len(missing)} request(s) short (by rule: {counts}):", *shown, *more,
            f"all {len(missing)} written to {self.missing_out}: fill in \"response\" (generation) or "
            "\"loglikelihood\" (scoring), add the lines to the answers file and run again",
        ]))

    # -- lm-eval's LM interface ----------------------------------------------------------------------------

    def _answers(self, requests: list, kind: str) -> list[Any]:
        found, missing = [], []
        for instance in requests:
            doc = instance.doc if isinstance(instance.doc, dict) else {}
            key, request = doc.get("hegui_key", ""), doc.get("hegui_request")
            answer = self.lookup(key, request)
            if answer is None:
                missing.append((key, request))
            found.append(answer)
        if missing:
            if any(request is None for _, request in missing):
                raise ReplayMissingError(f"{self.path}: the replay model answers hegui's own requests only")
            self._missing(missing, {})
        return found

    def generate_until(self, requests: list, disable_tqdm: bool = False) -> list[str]:
        return [str(answer) for answer in self._answers(requests, "generate_until")]

    def loglikelihood(self, requests: list, disable_tqdm: bool = False) -> list[tuple[float, bool]]:
        return [tuple(answer) for answer in self._answers(requests, "loglikelihood")]

    def loglikelihood_rolling(self, requests: list, disable_tqdm: bool = False) -> list[float]:
        raise ReplayMissingError("the replay model cannot score rolling loglikelihoods (no probe of hegui asks for them)")


def _answer(kind: str, record: dict[str, Any]) -> tuple[Any, str | None]:
    """The answer a line gives (None for an unfilled line) and the problem with it."""
    if kind == "generate_until":
        response = record.get("response")
        if response is None:
            return None, None
        if not isinstance(response, str):
            return None, f"response must be a string, not {type(response).__name__}"
        return response, None
    value = record.get("loglikelihood")
    if value is None:
        return None, None
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value) or value > 0:
        return None, f"loglikelihood must be a number <= 0, not {value!r}"
    greedy = record.get("is_greedy", False)
    if not isinstance(greedy, bool):
        return None, f"is_greedy must be true or false, not {greedy!r}"
    return (float(value), greedy), None


def _preview(request: Request, width: int = 60) -> str:
    text = " | ".join(text for _, text in request.messages).replace("\n", " ")
    shown = text if len(text) <= width else text[: width - 1] + "…"
    return json.dumps(shown, ensure_ascii=False) + (f" → {request.continuation!r}" if isinstance(request, LoglikelihoodRequest) else "")


def _missing_record(key: str, request: Request, rules: Iterable[str]) -> dict[str, Any]:
    record: dict[str, Any] = {"key": key, "rules": list(rules), "kind": request.kind,
                              "messages": [list(m) for m in request.messages]}
    prompt = _single_prompt(request)
    if prompt is not None:
        record["prompt"] = prompt
    if isinstance(request, GenerationRequest):
        record.update(max_new_tokens=request.max_new_tokens, stop=list(request.stop), response=None)
    else:
        record.update(continuation=request.continuation, loglikelihood=None)
    return record


def replay_identity(args: Mapping[str, Any]) -> dict[str, Any]:
    """What identifies a replay model: its answers, byte for byte."""
    path = Path(str(args.get("path", "")))
    return {"type": MODEL_TYPE, "answers_sha256": sha256_file(path) if path.is_file() else None}


def register() -> None:
    """Put ``replay`` in lm-eval's model registry (after lm-eval's own models: its registry fills itself
    only while empty)."""
    import lm_eval.models  # noqa: F401
    from lm_eval.api.registry import model_registry, register_model

    if MODEL_TYPE not in model_registry:
        register_model(MODEL_TYPE)(ReplayLM)
