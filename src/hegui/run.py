"""Send a plan to the model in whole batches, skipping what the store already holds.

Requests of one kind go to the lm-eval ``LM`` in chunks (a few of its batches each); every chunk is
committed to the store before the next starts, which bounds what an interruption can lose.

Loglikelihood requests to an hf causal model go to the packed scorer instead (``models/packed.py``):
each distinct token prefix runs through the model once; its chunks are whole packs of about
``PACKED_CHUNK_TOKENS`` tokens, sorted by token sequence, and each is stored before the next starts.
``HEGUI_PACKED=0`` keeps them on lm-eval's ``HFLM.loglikelihood``.
"""

from __future__ import annotations

import inspect
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from lm_eval.api.instance import Instance
from tqdm import tqdm

from .models import LoadedModel
from .models.packed import packed_scorer
from .plan import GenerationRequest, LoglikelihoodRequest, Plan, Request
from .probes.base import LogLik, Result, Text
from .store import ResponseStore

PACKED_CHUNK_TOKENS = 8192


COUNTS = ("unique", "reused", "computed", "model_calls", "seconds")


@dataclass
class RunStats:
    unique: int = 0
    reused: int = 0
    computed: int = 0
    model_calls: int = 0
    seconds: float = 0.0  # wall-clock seconds inside model calls
    key_seconds: dict[str, float] = field(default_factory=dict, repr=False)  # a call's time, shared by its requests

    def add(self, other: RunStats) -> None:
        for name in COUNTS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.key_seconds.update(other.key_seconds)

    def counts(self) -> dict[str, float]:
        """The totals as the manifest records them."""
        return {name: round(getattr(self, name), 3) if name == "seconds" else getattr(self, name) for name in COUNTS}


def typed(raw: Any) -> Result:
    """A stored answer as the probe sees it: ``[logprob, greedy]`` is a LogLik, a string a Text."""
    if isinstance(raw, list):
        return LogLik(float(raw[0]), bool(raw[1]))
    return Text(str(raw))


def stored(result: Result) -> Any:
    """The inverse of ``typed``: the answer as the response store holds it (what a report seals)."""
    return [result.logprob, result.greedy] if isinstance(result, LogLik) else result.text


def _gen_kwargs(request: GenerationRequest) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"until": list(request.stop), "max_gen_toks": request.max_new_tokens}
    if request.temperature > 0:
        kwargs.update(do_sample=True, temperature=request.temperature)
    else:
        kwargs.update(do_sample=False)
    return kwargs


def _instance(model: LoadedModel, key: str, request: Request, index: int) -> Instance:
    """lm-eval's request object; its ``doc`` carries hegui's key and request (the replay model answers by them)."""
    context = model.render(request.messages, request.chat)
    if isinstance(request, GenerationRequest):
        args: tuple = (context, _gen_kwargs(request))
    elif isinstance(request, LoglikelihoodRequest):
        args = (context, request.continuation)
    else:  # pragma: no cover - the Request union is closed
        raise TypeError(type(request))
    return Instance(request_type=request.kind, doc={"hegui_key": key, "hegui_request": request}, arguments=args, idx=index)


def _call(model: LoadedModel, kind: str, instances: list[Instance]) -> list[Any]:
    method = getattr(model.lm, kind)
    if "disable_tqdm" in inspect.signature(method).parameters:
        results = method(instances, disable_tqdm=True)
    else:
        results = method(instances)
    if kind == "loglikelihood":
        return [[float(logprob), bool(greedy)] for logprob, greedy in results]
    return [str(text) for text in results]


def execute(
    plan: Plan,
    model: LoadedModel,
    store: ResponseStore,
    chunk_size: int = 64,
    progress: bool = True,
) -> tuple[dict[str, Result], RunStats]:
    """Typed answers for every request of ``plan``, keyed by request key."""
    chunk_size = getattr(model, "chunk_size", None) or chunk_size
    stats = RunStats(unique=len(plan))
    responses = store.get_many(plan.requests)
    stats.reused = len(responses)
    missing = {kind: [(k, r) for k, r in plan.by_kind(kind) if k not in responses] for kind in ("generate_until", "loglikelihood")}
    total = sum(len(items) for items in missing.values())
    with tqdm(
        total=total, desc="model calls", unit="req", disable=not progress or total == 0, file=sys.stderr
    ) as bar:
        for kind, items in missing.items():
            scorer = packed_scorer(model.lm) if kind == "loglikelihood" and items else None
            if scorer is not None:
                items = _packed(scorer, model, items, chunk_size, store, responses, stats, bar)
            for start in range(0, len(items), chunk_size):
                chunk = items[start : start + chunk_size]
                instances = [_instance(model, key, request, i) for i, (key, request) in enumerate(chunk)]
                clock = time.perf_counter()
                results = _call(model, kind, instances)
                _time(stats, [k for k, _ in chunk], time.perf_counter() - clock)
                _commit(kind, [k for k, _ in chunk], results, store, responses, stats, bar)
    return {key: typed(raw) for key, raw in responses.items()}, stats


def _time(stats: RunStats, keys: list[str], seconds: float) -> None:
    """Charge a call's wall time to its requests in equal shares (what a probe's share of the run adds up from)."""
    stats.seconds += seconds
    for key in keys:
        stats.key_seconds[key] = seconds / len(keys)


def _commit(kind: str, keys: list[str], results: list[Any], store: ResponseStore, responses: dict[str, Any],
            stats: RunStats, bar: tqdm) -> None:
    stats.model_calls += 1
    pairs = list(zip(keys, results, strict=True))
    store.put_many(kind, pairs)
    responses.update(pairs)
    stats.computed += len(pairs)
    bar.update(len(pairs))


def _packed(scorer, model: LoadedModel, items: list[tuple[str, Request]], chunk_size: int, store: ResponseStore,
            responses: dict[str, Any], stats: RunStats, bar: tqdm) -> list[tuple[str, Request]]:
    """Score what the packed scorer can, chunk by chunk (each stored at once); return what is left for lm-eval."""
    requests = [(model.render(r.messages, r.chat), r.continuation) for _, r in items]  # type: ignore[union-attr]
    chunks, fallback = scorer.schedule(requests, PACKED_CHUNK_TOKENS)
    for chunk in chunks:
        clock = time.perf_counter()
        results = [[float(logprob), bool(greedy)] for logprob, greedy in scorer.run(chunk)]
        _time(stats, [items[i][0] for i in chunk.indices], time.perf_counter() - clock)
        _commit("loglikelihood", [items[i][0] for i in chunk.indices], results, store, responses, stats, bar)
    return [items[i] for i in fallback]
