"""Loglikelihood scoring that runs every distinct token prefix through the model once (hf causal models).

lm-eval's HFLM runs one row per request: a context scored with two options is run twice, and the chat
template, the system prompt and the template text shared by many requests are recomputed in every row.
Here the requests are tokenized exactly as HFLM tokenizes them (its own ``_encode_pair``, its empty-context
rule, its left truncation), sorted by token sequence and cut into *packs* of at most ``pack_tokens`` trie
nodes. Inside a pack the input sequences form a trie: each shared prefix is one run of nodes. The trie is
flattened in preorder and run in ONE forward with

- ``position_ids`` = the node's depth (its position in every sequence that passes through it), and
- a 4D attention mask in which a node sees itself and its ancestors only,

so each node's hidden state is exactly the one it has in an unpacked forward of any of its sequences. The
log-probability of continuation token ``t`` at node ``n`` is ``log_softmax(logits at n's parent)[t]``
(in float32), and a request is greedy when each of its continuation tokens is the argmax there. Logits
are computed only at the nodes that predict a continuation token (``logits_to_keep``).

Packs are batched longest first under a token budget (rows × padded length), so padding stays small and
memory bounded. Anything this scorer cannot reproduce exactly (an empty continuation, a continuation
longer than the model, a sequence past a sliding window, a model whose 4D masks do not behave) goes to
HFLM as before. ``HEGUI_PACKED=0`` turns the packed scorer off; ``HEGUI_PACK_TOKENS`` sets the pack size.
"""

from __future__ import annotations

import inspect
import logging
import os
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

ENV_SWITCH = "HEGUI_PACKED"
ENV_PACK_TOKENS = "HEGUI_PACK_TOKENS"
DEFAULT_PACK_TOKENS = 1024
SUPPORTED_ATTENTION = {"sdpa", "eager"}

# Requests the self-check scores both ways before the scorer is trusted: shared prefixes, a branch
# inside a word, a context that is a prefix of another, one- and multi-token continuations.
_CHECK_REQUESTS = [
    ("The capital of France is", " Paris"),
    ("The capital of France is", " London, of course"),
    ("The capital of France was", " Paris"),
    ("The capital of Germany", " is Berlin"),
    ("问：中国的首都是哪里？答：", "北京"),
    ("问：中国的首都是哪里？答：", "上海"),
]


@dataclass
class Encoded:
    """One request as the model sees it: the tokens fed in, and the continuation tokens scored."""

    index: int
    inputs: tuple[int, ...]  # (context + continuation), left-truncated like HFLM, without its last token
    targets: tuple[int, ...]  # continuation tokens; target i is predicted at input position len-len(targets)+i


@dataclass
class Pack:
    """A flattened trie of input sequences; node order is preorder, so a subtree is a contiguous range."""

    tokens: list[int] = field(default_factory=list)
    depth: list[int] = field(default_factory=list)
    end: list[int] = field(default_factory=list)  # exclusive end of each node's subtree
    members: list[tuple[int, list[int], tuple[int, ...]]] = field(default_factory=list)  # index, nodes, targets

    @property
    def size(self) -> int:
        return len(self.tokens)


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def build_packs(encoded: list[Encoded], pack_tokens: int) -> list[Pack]:
    """Sort by token sequence and fill packs of at most ``pack_tokens`` nodes (a longer request gets its own)."""
    order = sorted(encoded, key=lambda e: (e.inputs, e.targets, e.index))
    packs: list[Pack] = []
    pack: Pack | None = None
    path: list[int] = []  # node ids of the previous sequence in this pack
    previous: tuple[int, ...] = ()
    for item in order:
        shared = _common_prefix(previous, item.inputs) if pack is not None else 0
        new = len(item.inputs) - shared
        if pack is None or (pack.size + new > pack_tokens and pack.size > 0):
            pack = Pack()
            packs.append(pack)
            path, previous, shared = [], (), 0
        del path[shared:]
        for position in range(shared, len(item.inputs)):
            path.append(pack.size)
            pack.tokens.append(item.inputs[position])
            pack.depth.append(position)
        k = len(item.targets)
        pack.members.append((item.index, path[len(path) - k :], item.targets))
        previous = item.inputs
    for pack in packs:
        pack.end = _subtree_ends(pack.depth)
    return packs


def _subtree_ends(depth: list[int]) -> list[int]:
    """In preorder, a node's subtree ends at the next node that is no deeper than it."""
    end = [len(depth)] * len(depth)
    stack: list[int] = []
    for i, d in enumerate(depth):
        while stack and depth[stack[-1]] >= d:
            end[stack.pop()] = i
        stack.append(i)
    return end


def batch_packs(packs: list[Pack], batch_tokens: int) -> list[list[Pack]]:
    """Longest first; a batch holds packs while rows × longest ≤ ``batch_tokens`` (at least one pack)."""
    batches: list[list[Pack]] = []
    for pack in sorted(packs, key=lambda p: -p.size):
        if batches and (len(batches[-1]) + 1) * batches[-1][0].size <= batch_tokens:
            batches[-1].append(pack)
        else:
            batches.append([pack])
    return batches


def tree_inputs(batch: list[Pack], pad_id: int, mask_dtype: Any, device: Any = None):
    """input_ids, position_ids and the additive 4D mask (node sees itself and its ancestors) of a batch."""
    import torch

    rows, length = len(batch), max(p.size for p in batch)
    ids = torch.full((rows, length), pad_id, dtype=torch.long)
    positions = torch.zeros((rows, length), dtype=torch.long)
    allowed = torch.eye(length, dtype=torch.bool).repeat(rows, 1, 1)  # padding sees only itself
    for row, pack in enumerate(batch):
        n = pack.size
        ids[row, :n] = torch.tensor(pack.tokens, dtype=torch.long)
        positions[row, :n] = torch.tensor(pack.depth, dtype=torch.long)
        query = torch.arange(n)[:, None]
        key = torch.arange(n)[None, :]
        end = torch.tensor(pack.end, dtype=torch.long)[None, :]
        allowed[row, :n, :n] = (key <= query) & (query < end)
    mask = torch.zeros((rows, 1, length, length), dtype=mask_dtype)
    mask.masked_fill_(~allowed[:, None], torch.finfo(mask_dtype).min)
    return ids.to(device), positions.to(device), mask.to(device)


def score_batch(model: Any, batch: list[Pack], pad_id: int, device: Any = None,
                autocast_dtype: Any = None) -> dict[int, tuple[float, bool]]:
    """One forward over a batch of packs: ``{request index: (logprob, is_greedy)}``."""
    import torch
    import torch.nn.functional as F

    mask_dtype = next(model.parameters()).dtype
    if not mask_dtype.is_floating_point:  # pragma: no cover - quantised weights
        mask_dtype = torch.float32
    ids, positions, mask = tree_inputs(batch, pad_id, mask_dtype, device)
    needed = sorted({n for pack in batch for _, nodes, _ in pack.members for n in nodes})
    kwargs: dict[str, Any] = {"input_ids": ids, "attention_mask": mask, "position_ids": positions, "use_cache": False}
    keep = None
    if "logits_to_keep" in inspect.signature(model.forward).parameters:
        keep = torch.tensor(needed, dtype=torch.long, device=ids.device)
        kwargs["logits_to_keep"] = keep
    device_type = ids.device.type
    with torch.no_grad(), torch.autocast(device_type=device_type, dtype=autocast_dtype, enabled=autocast_dtype is not None):
        logits = model(**kwargs).logits
    if keep is None or logits.shape[1] != len(needed):
        logits = logits[:, needed]
    column = {n: i for i, n in enumerate(needed)}
    results: dict[int, tuple[float, bool]] = {}
    for row, pack in enumerate(batch):
        members = pack.members
        cols = sorted({column[n] for _, nodes, _ in members for n in nodes})
        local = {c: i for i, c in enumerate(cols)}
        logprobs = F.log_softmax(logits[row, cols].float(), dim=-1)
        greedy = logprobs.argmax(dim=-1)
        for index, nodes, targets in members:
            at = torch.tensor([local[column[n]] for n in nodes], device=logprobs.device)
            want = torch.tensor(targets, dtype=torch.long, device=logprobs.device)
            value = float(logprobs[at, want].sum())
            results[index] = (value, bool((greedy[at] == want).all()))
    return results


@dataclass
class Chunk:
    """Packs whose results are stored together (a resume unit), and the requests they answer."""

    indices: list[int]
    packs: list[Pack]

    @property
    def tokens(self) -> int:
        return sum(p.size for p in self.packs)


class PackedScorer:
    """Packed loglikelihood scoring for an lm-eval HFLM wrapping a causal transformers model."""

    def __init__(self, lm: Any, pack_tokens: int | None = None, batch_tokens: int | None = None):
        self.lm = lm
        self.model = lm.model
        self.pack_tokens = int(pack_tokens or os.environ.get(ENV_PACK_TOKENS) or DEFAULT_PACK_TOKENS)
        on_cpu = getattr(lm.device, "type", str(lm.device)) == "cpu"
        self.batch_tokens = int(batch_tokens or (self.pack_tokens if on_cpu else 8 * self.pack_tokens))
        tokenizer = lm.tokenizer
        self.pad_id = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else (tokenizer.eos_token_id or 0)
        config = self.model.config
        windows = [getattr(config, name, None) for name in ("sliding_window", "attention_chunk_size")]
        windows = [w for w in windows if isinstance(w, int) and w > 0]
        self.max_inputs = min([lm.max_length, *windows])
        self.forwards = 0
        self.tokens_in = 0

    # -- tokens, exactly as HFLM.loglikelihood and HFLM._loglikelihood_tokens make them --------------
    def encode(self, index: int, context: str, continuation: str) -> Encoded | None:
        lm = self.lm
        if context == "":
            cont = lm.tok_encode(continuation, add_special_tokens=False)
            if not cont:
                return None
            ctx, cont = ([lm.prefix_token_id], cont) if lm.prefix_token_id != cont[0] else (cont[:1], cont[1:])
        else:
            ctx, cont = lm._encode_pair(context, continuation)
        if not ctx or not cont or len(cont) > lm.max_length:
            return None  # HFLM asserts on these: let it say so
        whole = (list(ctx) + list(cont))[-(lm.max_length + 1) :]
        inputs = tuple(whole[:-1])
        if len(inputs) > self.max_inputs:
            return None
        return Encoded(index, inputs, tuple(cont))

    def schedule(self, requests: Sequence[tuple[str, str]], chunk_tokens: int | None = None) -> tuple[list[Chunk], list[int]]:
        """Chunks of whole packs (longest first, about ``chunk_tokens`` nodes each), and the indices HFLM must score."""
        encoded, fallback = [], []
        for i, (context, continuation) in enumerate(requests):
            item = self.encode(i, context, continuation)
            if item is None:
                fallback.append(i)
            else:
                encoded.append(item)
        packs = sorted(build_packs(encoded, self.pack_tokens), key=lambda p: -p.size)
        budget = chunk_tokens or 8 * self.pack_tokens
        chunks: list[Chunk] = []
        for pack in packs:
            if not chunks or chunks[-1].tokens + pack.size > budget:
                chunks.append(Chunk([], []))
            chunks[-1].packs.append(pack)
            chunks[-1].indices.extend(index for index, _, _ in pack.members)
        return chunks, fallback

    def run(self, chunk: Chunk) -> list[tuple[float, bool]]:
        """Results of a chunk, in the order of ``chunk.indices``."""
        results: dict[int, tuple[float, bool]] = {}
        for batch in batch_packs(chunk.packs, self.batch_tokens):
            results.update(score_batch(self.model, batch, self.pad_id, self.lm.device, self.lm.mixed_precision_dtype))
            self.forwards += 1
            self.tokens_in += len(batch) * max(p.size for p in batch)
        return [results[i] for i in chunk.indices]

    def loglikelihood(self, requests: Sequence[tuple[str, str]]) -> list[tuple[float, bool]]:
        """Every request's ``(logprob, is_greedy)``, like ``HFLM.loglikelihood`` (in request order)."""
        from lm_eval.api.instance import Instance

        out: list[tuple[float, bool] | None] = [None] * len(requests)
        chunks, fallback = self.schedule(requests)
        for chunk in chunks:
            for index, answer in zip(chunk.indices, self.run(chunk), strict=True):
                out[index] = answer
        if fallback:
            instances = [Instance("loglikelihood", {}, tuple(requests[i]), i) for i in fallback]
            for index, answer in zip(fallback, self.lm.loglikelihood(instances, disable_tqdm=True), strict=True):
                out[index] = (float(answer[0]), bool(answer[1]))
        return out  # type: ignore[return-value]

    def self_check(self) -> str | None:
        """Score a few branching requests both ways; a reason to distrust the packed path, or None."""
        from lm_eval.api.instance import Instance

        instances = [Instance("loglikelihood", {}, r, i) for i, r in enumerate(_CHECK_REQUESTS)]
        expected = self.lm.loglikelihood(instances, disable_tqdm=True)
        got = self.loglikelihood(_CHECK_REQUESTS)
        import torch

        exact = next(self.model.parameters()).dtype == torch.float32 and self.lm.mixed_precision_dtype is None
        tolerance = 1e-3 if exact else 0.1
        worst = max(abs(float(e[0]) - g[0]) for e, g in zip(expected, got, strict=True))
        if not worst <= tolerance:
            return f"packed and unpacked loglikelihoods differ by {worst:.3g} (> {tolerance})"
        if exact and any(bool(e[1]) != g[1] for e, g in zip(expected, got, strict=True)):
            return "packed and unpacked greedy flags differ"
        return None


def unsupported_reason(lm: Any) -> str | None:
    """Why ``lm`` must stay on lm-eval's own loglikelihood, or None when the packed scorer applies."""
    if os.environ.get(ENV_SWITCH, "1").strip().lower() in {"0", "false", "no", "off"}:
        return f"{ENV_SWITCH}=0"
    try:
        from lm_eval.models.huggingface import HFLM
    except ImportError:  # pragma: no cover - lm-eval[hf] is a dependency
        return "lm-eval's HFLM is not importable"
    if not isinstance(lm, HFLM):
        return f"{type(lm).__name__} is not lm-eval's HFLM"
    if getattr(lm, "backend", None) != "causal":
        return "not a causal model"
    if getattr(lm, "enable_thinking", False):
        return "enable_thinking (HFLM refuses loglikelihood)"
    if getattr(lm, "world_size", 1) != 1:
        return "data-parallel HFLM"
    model = getattr(lm, "model", None)
    config = getattr(model, "config", None)
    implementation = getattr(config, "_attn_implementation", None)
    if implementation not in SUPPORTED_ATTENTION:
        return f"attention implementation {implementation!r} takes no custom 4D mask"
    if "position_ids" not in inspect.signature(model.forward).parameters:
        return "the model's forward takes no position_ids"
    return None


_SCORERS: weakref.WeakKeyDictionary[Any, PackedScorer | None] = weakref.WeakKeyDictionary()


def packed_scorer(lm: Any) -> PackedScorer | None:
    """The packed scorer for ``lm`` (built and self-checked once per model), or None to use lm-eval's."""
    if unsupported_reason(lm) is not None:
        return None
    try:
        if lm in _SCORERS:
            return _SCORERS[lm]
    except TypeError:  # pragma: no cover - unhashable / not weak-referenceable
        return None
    scorer: PackedScorer | None = PackedScorer(lm)
    try:
        reason = scorer.self_check()  # type: ignore[union-attr]
    except Exception as error:  # any failure of the packed path means: stay on lm-eval's
        reason = f"{type(error).__name__}: {error}"
    if reason is not None:
        log.warning("packed loglikelihood scoring is off for this model (%s); using lm-eval's HFLM", reason)
        scorer = None
    _SCORERS[lm] = scorer
    return scorer
