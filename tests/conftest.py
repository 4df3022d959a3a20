"""Shared fixtures: offline environment, a scripted model with known behaviour, policy/bank writers."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import pytest  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path, tmp_path_factory, monkeypatch):
    """Each test gets its own response store; the converted default model is shared by the session."""
    monkeypatch.setenv("HEGUI_CACHE", str(tmp_path / "hegui-cache"))
    monkeypatch.setenv("HEGUI_MODEL_CACHE", str(tmp_path_factory.getbasetemp() / "hegui-models"))


def write_bank(path: Path, prompts: list[str], lang: str = "zh") -> Path:
    path.write_text(
        "".join(json.dumps({"id": f"q{i}", "lang": lang, "prompt": p}, ensure_ascii=False) + "\n" for i, p in enumerate(prompts)),
        encoding="utf-8",
    )
    return path


def write_policy(folder: Path, rules: str, name: str = "test-policy") -> Path:
    text = textwrap.dedent(
        f"""\
        policy: {name}
        title: {{zh: 测试策略, en: Test policy}}
        rules:
        """
    ) + textwrap.indent(rules, "  ")
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def refusal_rule(rule_id: str, suite: str, threshold: str, min_samples: int = 1, params: str = "{}") -> str:
    """A refusal rule. Scripted models refuse with phrases the classifier always catches, so unless a test
    is about the detector-error correction it is off (``correct_for_detector: false``) and the raw count
    is what the test's verdict logic sees."""
    if "correct_for_detector" not in params and "labels" not in params:
        inner = params.strip()[1:-1].strip()
        params = "{" + ", ".join(p for p in (inner, "correct_for_detector: false") if p) + "}"
    return textwrap.dedent(f"""\
    - id: {rule_id}
      title: {{zh: 拒答, en: Refusal}}
      cites: [{{law: TC260-003, article: "9.4"}}]
      check:
        probe: refusal
        suite: {suite}
        metric: refusal_rate
        threshold: {threshold}
        min_samples: {min_samples}
        params: {params}
    """)
