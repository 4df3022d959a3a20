"""One "did you mean" for every message that names an unknown word (a key, a probe, a task, a model)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, options: Iterable[str], cutoff: float = 0.6) -> str | None:
    matches = difflib.get_close_matches(str(word), list(options), n=1, cutoff=cutoff)
    return matches[0] if matches else None


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` or nothing."""
    match = closest(word, options)
    return f" (did you mean {match!r}?)" if match else ""
