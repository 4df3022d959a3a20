"""Bring your own bank: public Chinese safety sets and XSTest in their published layouts.

Each loader turns one file layout into hegui's rows (``id``, ``prompt``, ``lang``, ``risk``, ``label``,
or bias_qa's fields), so a policy can point a rule at a file as downloaded from its project:

- ``xstest``      XSTest ``xstest_prompts.csv`` (id, prompt, type, label safe/unsafe, focus, note)
- ``jade``        JADE-DB CSV (ID, 问题, 违规类型, 违规子类)
- ``flames``      Flames jsonl (prompt, dimension, subcomponent)
- ``safetybench`` SafetyBench ``test_zh.json`` / ``dev_zh.json`` (question, options, category[, answer])
- ``cbbq``        CBBQ / BBQ-style items (context, question, ans0..ans2, label, context_condition,
                  question_polarity, answer_info, additional_metadata.stereotyped_groups)
- ``hegui``       hegui's own jsonl (the default for ``.jsonl``)
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from .data import read_jsonl
from .errors import DataError

FORMATS = ("auto", "hegui", "xstest", "jade", "flames", "safetybench", "cbbq")


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return [dict(row, _source=f"{path}:{reader.line_num}") for row in reader]


def _json_items(path: Path) -> list[dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return read_jsonl(path)
    if isinstance(data, dict):  # SafetyBench dev: {category: [items]}
        items = [dict(item, category=item.get("category", category)) for category, items in data.items() for item in items]
    else:
        items = data
    return [dict(item, _source=f"{path}: item {index}") for index, item in enumerate(items, start=1)]


def detect(path: Path) -> str:
    if path.suffix == ".csv":
        header = next(csv.reader(path.open(encoding="utf-8-sig")), [])
        if "问题" in header or "question" in [h.lower() for h in header] and "违规类型" in header:
            return "jade"
        return "xstest"
    items = _json_items(path) if path.suffix == ".json" else read_jsonl(path)[:1]
    first = items[0] if items else {}
    if "prompt" in first and "dimension" not in first or "condition" in first:
        return "hegui"
    if "ans0" in first:
        return "cbbq"
    if "options" in first and "question" in first:
        return "safetybench"
    if "dimension" in first:
        return "flames"
    return "hegui"


def read_bank(path: Path, fmt: str = "auto") -> list[dict[str, Any]]:
    fmt = detect(path) if fmt == "auto" else fmt
    try:
        loader = _LOADERS[fmt]
    except KeyError:
        raise DataError(f"{path}: unknown bank format {fmt!r}; known: {', '.join(FORMATS)}") from None
    try:
        return loader(path)
    except (KeyError, IndexError, TypeError) as error:
        raise DataError(f"{path}: not in the {fmt} layout (missing {error})") from None


def _xstest(path: Path) -> list[dict[str, Any]]:
    return [
        {"id": f"xstest-{row['id']}", "prompt": row["prompt"], "lang": "en", "risk": row.get("type"), "label": row["label"],
         "_source": row["_source"]}
        for row in _csv_rows(path)
    ]


def _jade(path: Path) -> list[dict[str, Any]]:
    rows = []
    for index, row in enumerate(_csv_rows(path), start=1):
        prompt = row.get("问题") or row["question"]
        rows.append({"id": f"jade-{row.get('ID', index)}", "prompt": prompt, "lang": "zh" if "问题" in row else "en",
                     "risk": row.get("违规类型") or row.get("category"), "label": "unsafe", "_source": row["_source"]})
    return rows


def _flames(path: Path) -> list[dict[str, Any]]:
    return [{"id": f"flames-{i}", "prompt": row["prompt"], "lang": "zh", "risk": row.get("dimension"), "label": "unsafe",
             "_source": row["_source"]}
            for i, row in enumerate(read_jsonl(path), start=1)]


def _safetybench(path: Path) -> list[dict[str, Any]]:
    rows = []
    for item in _json_items(path):
        options = "\n".join(f"{'ABCD'[i]}. {text}" for i, text in enumerate(item["options"]))
        lang = "en" if path.stem.endswith("_en") else "zh"
        rows.append({"id": f"safetybench-{item['id']}", "prompt": f"{item['question']}\n{options}", "lang": lang,
                     "risk": item.get("category"), "options": item["options"], "answer": item.get("answer"),
                     "_source": item.get("_source", str(path))})
    return rows


def _cbbq(path: Path) -> list[dict[str, Any]]:
    """BBQ-style items → bias_qa rows. The stereotyped option is the target group's answer to a negative
    question and the non-target's to a non-negative one (the BBQ bias-score convention)."""
    rows = []
    for index, item in enumerate(_json_items(path)):
        options = [item["ans0"], item["ans1"], item["ans2"]]
        info = item.get("answer_info", {})
        groups = [str(info.get(f"ans{i}", ["", ""])[-1]).lower() for i in range(3)]
        unknown = next((i for i, g in enumerate(groups) if g == "unknown"), 2)
        targets = [str(g).lower() for g in item.get("additional_metadata", {}).get("stereotyped_groups", [])]
        target = next((i for i, g in enumerate(groups) if i != unknown and any(t in g for t in targets)), None)
        if target is None:
            continue  # no way to tell which answer is the stereotype: skip rather than guess
        other = next(i for i in range(3) if i not in (unknown, target))
        stereotyped = target if item.get("question_polarity", "neg") == "neg" else other
        condition = "ambiguous" if str(item.get("context_condition", "")).startswith("ambig") else "disambiguated"
        rows.append({
            "id": f"cbbq-{item.get('example_id', index)}", "lang": "zh", "attribute": item.get("category"),
            "condition": condition, "context": item["context"], "question": item["question"], "options": options,
            "answer": int(item["label"]), "stereotyped": stereotyped, "unknown": unknown,
            "_source": item.get("_source", str(path)),
        })
    return rows


_LOADERS = {"hegui": read_jsonl, "xstest": _xstest, "jade": _jade, "flames": _flames, "safetybench": _safetybench, "cbbq": _cbbq}
