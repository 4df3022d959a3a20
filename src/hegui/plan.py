"""Checks → requests → one deduplicated, sorted plan.

Probes never call the model. They describe what they need as frozen request objects; the plan merges the
requests of every rule (the same prompt under the same generation settings is asked once), and the runner
sends the whole plan to the model in batches. That single mechanism is what makes dedup, batching and
resume work for every probe alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import ClassVar, Literal

from .digest import sha256_json

Role = Literal["system", "user", "assistant"]
Messages = tuple[tuple[Role, str], ...]


@dataclass(frozen=True)
class GenerationRequest:
    """Generate a reply to a chat. Greedy by default: an audit must be reproducible."""

    kind: ClassVar[str] = "generate_until"
    messages: Messages
    max_new_tokens: int = 64
    stop: tuple[str, ...] = ()
    temperature: float = 0.0
    chat: bool = True  # False: continue the raw text (memorisation probes), no chat template

    @property
    def key(self) -> str:
        return sha256_json({"kind": self.kind, **asdict(self)})

    def size_hint(self) -> int:
        return sum(len(text) for _, text in self.messages) + self.max_new_tokens


@dataclass(frozen=True)
class LoglikelihoodRequest:
    """Log-probability of ``continuation`` after the chat ``messages`` (rendered with a generation prompt)."""

    kind: ClassVar[str] = "loglikelihood"
    messages: Messages
    continuation: str
    chat: bool = True

    @property
    def key(self) -> str:
        return sha256_json({"kind": self.kind, **asdict(self)})

    def size_hint(self) -> int:
        return sum(len(text) for _, text in self.messages) + len(self.continuation)


Request = GenerationRequest | LoglikelihoodRequest


def raw(text: str) -> Messages:
    """A bare text prefix, for requests with ``chat=False``."""
    return (("user", text),)


def user(text: str, system: str | None = None) -> Messages:
    """The common case: one user turn, optionally after a system prompt."""
    if system is None:
        return (("user", text),)
    return (("system", system), ("user", text))


@dataclass
class Plan:
    """Unique requests of all rules, and which rule asked for which."""

    requests: dict[str, Request] = field(default_factory=dict)
    asked: int = 0

    def add(self, requests: Iterable[Request]) -> list[str]:
        keys = []
        for request in requests:
            self.asked += 1
            self.requests.setdefault(request.key, request)
            keys.append(request.key)
        return keys

    def by_kind(self, kind: str) -> list[tuple[str, Request]]:
        """Requests of one kind, longest first: the slowest batches run first and padding stays small."""
        items = [(k, r) for k, r in self.requests.items() if r.kind == kind]
        items.sort(key=lambda kr: (-kr[1].size_hint(), kr[0]))
        return items

    def __len__(self) -> int:
        return len(self.requests)
