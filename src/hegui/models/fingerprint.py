"""A model fingerprint: what must be equal for a stored answer to be reused.

Two runs may share responses only if they asked the same weights, through the same backend, with the same
output-affecting settings. Local weights are identified by content (sha256, cached by size and mtime so a
large checkpoint is hashed once); hub ids by id and revision; API models by endpoint and model name.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..data import sha256_file
from ..digest import sha256_json
from ..paths import cache_dir
from ..redact import redact_args

# Arguments that change speed or memory, not answers.
NOT_OUTPUT_AFFECTING = {"batch_size", "max_batch_size", "parallelize", "num_concurrent", "max_retries", "timeout"}
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".gguf", ".pt", ".pth", ".json", ".model", ".txt", ".tiktoken", ".jinja")


def cached_sha256(path: Path) -> str:
    """sha256 of a file, remembered by (path, size, mtime) so a 10 GB checkpoint is hashed once."""
    stat = path.stat()
    index_path = cache_dir() / "sha256-index.json"
    key = f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    try:
        index = json.loads(index_path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        index = {}
    if key not in index:
        index[key] = sha256_file(path)
        tmp = index_path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(index))
        tmp.replace(index_path)
    return index[key]


def files_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): cached_sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name.endswith(WEIGHT_SUFFIXES) and ".cache" not in p.parts
    }


def model_identity(model_type: str, args: dict[str, Any]) -> dict[str, Any]:
    """What identifies the weights behind an lm-eval model type and its arguments."""
    identity: dict[str, Any] = {"type": model_type}
    source = args.get("pretrained") or args.get("model") or args.get("path")
    if isinstance(source, str) and Path(source).exists():
        path = Path(source)
        identity["weights"] = files_digest(path) if path.is_dir() else {path.name: cached_sha256(path)}
    elif source is not None:
        identity["source"] = str(source)
        identity["revision"] = str(args.get("revision", "main"))
    if "base_url" in args:
        identity["endpoint"] = str(args["base_url"])
    return identity


def fingerprint(identity: dict[str, Any], args: dict[str, Any], settings: dict[str, Any]) -> str:
    payload = {
        "identity": identity,
        "args": {k: str(v) for k, v in sorted(redact_args(args).items()) if k not in NOT_OUTPUT_AFFECTING},
        "settings": settings,
    }
    return sha256_json(payload)
