"""Where the shipped policies and benchmark banks live.

In a source checkout they are the top-level ``policies/`` and ``benchmarks/`` folders; in an installed
wheel they are copied to ``hegui/_data/`` with the same relative layout, so a policy's relative suite paths
(``../benchmarks/...``) resolve the same way in both.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_root() -> Path:
    checkout = _PACKAGE.parents[1]
    if (checkout / "policies").is_dir() and (checkout / "benchmarks").is_dir():
        return checkout
    return _PACKAGE / "_data"


def shipped_policies() -> Path:
    return data_root() / "policies"


def cache_dir() -> Path:
    import os

    base = os.environ.get("HEGUI_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "hegui"
    )
    path = Path(base)
    path.mkdir(parents=True, exist_ok=True)
    return path


def model_cache_dir() -> Path:
    """Converted model weights: large and shared across audits, so they may live apart from the rest."""
    import os

    path = Path(os.environ["HEGUI_MODEL_CACHE"]) if os.environ.get("HEGUI_MODEL_CACHE") else cache_dir() / "models"
    path.mkdir(parents=True, exist_ok=True)
    return path
