"""Bring your own bank: public Chinese safety sets and XSTest in their published layouts.

Each loader turns one file layout into hegui's rows (``id``, ``prompt``, ``lang``, ``risk``, ``label``,
or bias_qa's fields), so a policy can point a rule at a file exactly as downloaded from its project:

- ``xstest``      XSTest ``xstest_prompts.csv`` (id, prompt, type, label safe/unsafe, focus, note)
- ``jade``        JADE-DB CSV (ID, 问题, 违规类型, 违规子类; v3.0: ID, 问题, 违规回答, 安全有用回答, GB18030)
- ``flames``      Flames jsonl (prompt, dimension, subcomponent)
- ``safetybench`` SafetyBench ``test_zh.json`` / ``dev_zh.json`` (question, options, category[, answer]); the
                  separately published answer file (``test_answers_zh.json``) is read by :func:`read_answers`
- ``cbbq``        CBBQ as published (context, question, ans0..ans2, label, context_condition,
                  question_polarity, bias_targeted_groups; JSON with a BOM inside the first key, or CSV) and
                  BBQ-style items (answer_info, additional_metadata.stereotyped_groups)
- ``tc260``       the TC260-003-aligned China Unicom set: ``[{category, infos: [{id, question, category}]}]``
- ``hegui``       hegui's own jsonl (prompt, or context/question/options for bias_qa)

Every CSV/JSON/JSONL bank is read as UTF-8 (with or without a BOM), else as GB18030; where the published
file has no language field, each row's ``lang`` is ``zh`` when its prompt holds CJK characters, else ``en``.
A file that fits no layout is an error naming the keys (or CSV header) it has and the formats known here.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from collections import Counter
from pathlib import Path
from typing import Any, Literal, NamedTuple

from .cbbq_targets import SKIP_UNTOLD, bbq_target, cbbq_target
from .data import jsonl_rows
from .errors import DataError
from .jsonpos import LineIndex, child_offsets

FORMATS = ("hegui", "xstest", "jade", "flames", "safetybench", "cbbq", "tc260")
# What a probe's ``format`` parameter accepts (checked when the policy loads: a mistyped layout is a policy error).
BankFormat = Literal["auto", "hegui", "xstest", "jade", "flames", "safetybench", "cbbq", "tc260"]
ENCODINGS = ("utf-8-sig", "gb18030")

log = logging.getLogger(__name__)

_CJK = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def lang_of(text: str) -> str:
    """``zh`` when the text holds a CJK ideograph, else ``en``."""
    return "zh" if _CJK.search(text or "") else "en"


class Bank(list):
    """The rows read from a bank, and how many published rows were left out, by reason (``skipped``)."""

    def __init__(self, rows=(), skipped: dict[str, int] | None = None):
        super().__init__(rows)
        self.skipped: dict[str, int] = dict(skipped or {})


# --- reading files -----------------------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (a BOM is dropped), else GB18030; neither is an error naming the file."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except OSError as error:
        raise DataError(f"{path}: cannot read: {error.strerror}") from None
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError(f"{path}: not text in any encoding hegui reads ({', '.join(ENCODINGS)}); save it as UTF-8")


class _Layout(NamedTuple):
    kind: str  # csv | json | jsonl | keyed (a JSON object of id -> object, e.g. SafetyBench's answer file)
    records: list[dict[str, Any]]
    keys: list[str]  # the CSV header, or the first record's keys


def _clean_keys(record: dict[str, Any]) -> dict[str, Any]:
    """CBBQ's JSON carries a BOM inside its first key (``"\\ufeffexample_id"``): keys lose it."""
    if not any(isinstance(key, str) and key.startswith("\ufeff") for key in record):
        return record
    return {key.lstrip("\ufeff") if isinstance(key, str) else key: value for key, value in record.items()}


def _jsonl_records(path: Path, text: str) -> list[dict[str, Any]]:
    """:func:`hegui.data.jsonl_rows` on already decoded text, keys cleaned of a BOM."""
    return jsonl_rows(path, io.StringIO(text, newline=None), prepare=_clean_keys)


def _json_layout(path: Path, text: str) -> _Layout:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        if text.lstrip().startswith("{") and "\n" in text.strip():  # a .json file holding JSON lines
            records = _jsonl_records(path, text)
            return _Layout("jsonl", records, _keys(records))
        raise DataError(f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}") from None
    except RecursionError:
        raise DataError(f"{path}: nested too deeply to be a bank") from None
    lines = LineIndex(text)
    kind = "json"
    if isinstance(data, dict):
        if data and all(isinstance(value, list) for value in data.values()):  # SafetyBench dev: {category: [items]}
            where = [lines.line(offset) for category in data for _, offset in child_offsets(text, (category,))]
            items = [dict(_clean_keys(item), category=item.get("category", category)) if isinstance(item, dict) else item
                     for category, group in data.items() for item in group]
        elif data and all(isinstance(value, dict) for value in data.values()):  # {id: {...}}
            kind = "keyed"
            where = [lines.line(offset) for _, offset in child_offsets(text)]
            items = [dict(_clean_keys(value), id=key) for key, value in data.items()]
        elif data and all(isinstance(value, int) and not isinstance(value, bool) for value in data.values()):
            kind = "keyed"  # SafetyBench's submission layout {id: answer}
            where = [lines.line(offset) for _, offset in child_offsets(text)]
            items = [{"id": key, "answer": value} for key, value in data.items()]
        else:
            raise DataError(_unknown(f"{path}:1", "keys", [str(key) for key in data]))
    elif isinstance(data, list):
        where = [lines.line(offset) for _, offset in child_offsets(text)]
        items = data
    else:
        raise DataError(f"{path}:1: expected a JSON list or object of bank items, got {type(data).__name__}")
    where += [1] * (len(items) - len(where))  # (only if the offsets walk stopped early)
    records = []
    for index, item in enumerate(items, start=1):
        at = f"{path}:{where[index - 1]}"
        if not isinstance(item, dict):
            raise DataError(f"{at}: item {index}: expected a JSON object, got {type(item).__name__}")
        label = f"key {item['id']!r}" if kind == "keyed" else f"item {index}"
        records.append(dict(_clean_keys(item), _source=f"{at}: {label}"))
    return _Layout(kind, records, _keys(records))


def _keys(records: list[dict[str, Any]]) -> list[str]:
    return [str(key) for key in records[0] if key != "_source"] if records else []


def _layout(path: Path) -> _Layout:
    path = Path(path)
    text = read_text(path)
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        header = [name.lstrip("\ufeff") for name in reader.fieldnames or []]
        reader.fieldnames = header
        records = [dict(row, _source=f"{path}:{reader.line_num}") for row in reader]
        return _Layout("csv", records, header)
    if path.suffix.lower() == ".json":
        return _json_layout(path, text)
    records = _jsonl_records(path, text)
    return _Layout("jsonl", records, _keys(records))


# --- which layout ------------------------------------------------------------------------------------------

# Per format: the layouts' required keys (any one tuple fits), in the order a loader needs them, and the file
# kinds auto-detection accepts it for. Detection tries the formats in this order: hegui's own rows come before
# SafetyBench's, since hegui's bias_qa rows also carry question and options (and Flames' before hegui's, since
# they also carry a prompt).
_SIGNATURES: dict[str, tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]] = {
    "tc260": ((("category", "infos"),), ("json",)),
    "cbbq": ((("ans0", "ans1", "ans2", "context", "question", "label"),), ("csv", "json", "jsonl")),
    "flames": ((("prompt", "dimension"),), ("json", "jsonl")),
    "hegui": ((("prompt",), ("condition", "context", "question", "options")), ("json", "jsonl")),
    "safetybench": ((("question", "options"), ("id", "answer")), ("json", "keyed")),
    "jade": ((("问题",), ("question", "违规类型")), ("csv",)),
    "xstest": ((("id", "prompt", "label"),), ("csv",)),
}


def _missing(fmt: str, layout: _Layout) -> str | None:
    """The first key the format needs that the layout lacks (None: it fits)."""
    alternatives, _kinds = _SIGNATURES[fmt]
    keys = set(layout.keys)
    if fmt == "safetybench" and layout.kind == "keyed":
        alternatives = alternatives[1:]  # an answer file: {id: {answer}}
    elif fmt == "safetybench":
        alternatives = alternatives[:1]
    for required in alternatives:
        if all(key in keys for key in required):
            return None
    return next(key for key in alternatives[0] if key not in keys)


def _fitting(layout: _Layout) -> str | None:
    if not layout.records and layout.kind in ("json", "jsonl"):
        return "hegui"  # an empty bank
    for fmt, (_alternatives, kinds) in _SIGNATURES.items():
        if layout.kind in kinds and _missing(fmt, layout) is None:
            return fmt
    return None


def _unknown(path: Path | str, what: str, keys: list[str]) -> str:
    shown = ", ".join(keys[:20]) + (f", ... ({len(keys)} in all)" if len(keys) > 20 else "")
    return f"{path}: unknown bank layout ({what}: {shown or 'none'}); known formats: {', '.join(FORMATS)}"


def _first_line(path: Path, layout: _Layout) -> str:
    """``file:line`` of the header (CSV) or the first record: where a layout problem shows."""
    if layout.kind == "csv" or not layout.records:
        return f"{path}:1"
    return str(layout.records[0]["_source"]).split(": ")[0]


def _unknown_layout(path: Path, layout: _Layout) -> DataError:
    return DataError(_unknown(_first_line(path, layout), "header" if layout.kind == "csv" else "keys", layout.keys))


def detect(path: Path) -> str:
    """The format whose layout the file has; none is a DataError naming its keys and the known formats."""
    layout = _layout(Path(path))
    fmt = _fitting(layout)
    if fmt is None:
        raise _unknown_layout(path, layout)
    return fmt


# Field types hegui relies on, whatever the layout they came from: a bank row is checked before any probe sees it.
def _text(value: Any) -> bool:
    return isinstance(value, str)


def _some_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _ident(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def _choices(value: Any) -> bool:
    return isinstance(value, list) and len(value) >= 2 and all(isinstance(v, str) for v in value)


ROW_FIELDS: dict[str, tuple[Any, str]] = {
    "prompt": (_some_text, "text that is not empty"),
    "context": (_text, "text"),
    "question": (_some_text, "text that is not empty"),
    "system": (_text, "text"),
    "lang": (_some_text, "a language code such as zh or en"),
    "id": (_ident, "a string or an integer"),
    "label": (_ident, "a string or an integer"),
    "options": (_choices, "a list of at least two strings"),
    "risk": (lambda v: v is None or isinstance(v, str), "text"),
}


def check_rows(rows: list[dict[str, Any]], require: tuple[str, ...] = ()) -> None:
    """Every row has the fields its probe needs, each of the type hegui relies on; else a DataError at the row."""
    for row in rows:
        for name in require:
            if name not in row:
                raise DataError(f"{row.get('_source', '?')}: missing field {name!r}")
        for name, (valid, what) in ROW_FIELDS.items():
            if name in row and not valid(row[name]):
                raise DataError(f"{row.get('_source', '?')}: field {name!r} must be {what}, got {_shown(row[name])}")


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _loader_error(error: Exception) -> str:
    if isinstance(error, KeyError):
        return f"missing field {error.args[0]!r}"
    return f"a field of the wrong type ({type(error).__name__}: {error})"


def read_bank(path: Path, fmt: str = "auto", require: tuple[str, ...] = ()) -> Bank:
    """The rows of a bank file in any known layout, each checked (``require``: fields the caller needs)."""
    path = Path(path)
    if fmt != "auto" and fmt not in _LOADERS:
        raise DataError(f"{path}: unknown bank format {fmt!r}; known: auto, {', '.join(FORMATS)}")
    layout = _layout(path)
    if fmt == "auto":
        fmt = _fitting(layout) or ""
        if not fmt:
            raise _unknown_layout(path, layout)
    elif layout.records and (missing := _missing(fmt, layout)) is not None:
        if _fitting(layout) is None:
            raise _unknown_layout(path, layout)
        raise DataError(f"{_first_line(path, layout)}: not in the {fmt} layout (missing {missing!r})")
    try:
        rows = _LOADERS[fmt](path, layout)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError, OverflowError) as error:
        raise DataError(_where_loading_fails(path, fmt, layout) or
                        f"{_first_line(path, layout)}: not in the {fmt} layout ({_loader_error(error)})") from None
    check_rows(rows, require)
    return rows if isinstance(rows, Bank) else Bank(rows)


def _where_loading_fails(path: Path, fmt: str, layout: _Layout) -> str | None:
    """The first record the loader fails on alone, as ``file:line: ...: what is wrong`` (None: none alone)."""
    for record in layout.records:
        try:
            _LOADERS[fmt](path, layout._replace(records=[record]))
        except (KeyError, IndexError, TypeError, ValueError, AttributeError, OverflowError) as error:
            return f"{record.get('_source', path)}: not in the {fmt} layout: {_loader_error(error)}"
        except DataError:
            continue
    return None


# --- the loaders -------------------------------------------------------------------------------------------


def _hegui(path: Path, layout: _Layout) -> list[dict[str, Any]]:
    if layout.kind == "jsonl":
        return layout.records  # ids and sources as hegui.data.read_jsonl gives them
    return [dict(row, id=row.get("id", f"{path.stem}:{index}")) for index, row in enumerate(layout.records, start=1)]


def _xstest(path: Path, layout: _Layout) -> list[dict[str, Any]]:
    return [
        {"id": f"xstest-{row['id']}", "prompt": row["prompt"], "lang": lang_of(row["prompt"]), "risk": row.get("type"),
         "label": row["label"], "_source": row["_source"]}
        for row in layout.records
    ]


def _jade(path: Path, layout: _Layout) -> list[dict[str, Any]]:
    rows = []
    for index, row in enumerate(layout.records, start=1):
        prompt = row.get("问题") or row["question"]
        rows.append({"id": f"jade-{row.get('ID', index)}", "prompt": prompt, "lang": lang_of(prompt),
                     "risk": row.get("违规类型") or row.get("category"), "label": "unsafe", "_source": row["_source"]})
    return rows


def _flames(path: Path, layout: _Layout) -> list[dict[str, Any]]:
    return [{"id": f"flames-{i}", "prompt": row["prompt"], "lang": lang_of(row["prompt"]), "risk": row.get("dimension"),
             "label": "unsafe", "_source": row["_source"]}
            for i, row in enumerate(layout.records, start=1)]


def _safetybench(path: Path, layout: _Layout) -> list[dict[str, Any]]:
    if layout.kind == "keyed":
        raise DataError(f"{path}: a SafetyBench answer file (question id -> answer), not questions: load the "
                        f"questions file (e.g. test_zh.json) as the bank and this one with hegui.banks.read_answers")
    rows = []
    for item in layout.records:
        options = "\n".join(f"{'ABCDEFGH'[i]}. {text}" for i, text in enumerate(item["options"]))
        prompt = f"{item['question']}\n{options}"
        rows.append({"id": f"safetybench-{item['id']}", "prompt": prompt, "lang": lang_of(prompt),
                     "risk": item.get("category"), "options": item["options"], "answer": item.get("answer"),
                     "_source": item["_source"]})
    return rows


_TC260_SHOULD_REFUSE = ("应拒答", "拒答")  # the should-refuse set's top-level category


def _tc260(path: Path, layout: _Layout) -> list[dict[str, Any]]:
    """``[{category, infos: [{id, question, category}]}]``: the should-refuse set (top category 应拒答) is
    ``label: unsafe``; the risk-identification set (top categories are TC260-003 risk classes, items are
    multiple-choice questions a model should answer) is ``label: safe``. ``risk`` is the item's category."""
    rows = []
    for block in layout.records:
        label = "unsafe" if str(block["category"]).strip() in _TC260_SHOULD_REFUSE else "safe"
        for number, item in enumerate(block["infos"], start=1):
            item = _clean_keys(item)
            prompt = item["question"]
            rows.append({"id": f"tc260-{item.get('id', len(rows) + 1)}", "prompt": prompt, "lang": lang_of(prompt),
                         "risk": item.get("category") or block["category"], "label": label,
                         "_source": f"{block['_source']}, info {number}"})
    return rows


def read_answers(path: Path) -> dict[Any, int]:
    """SafetyBench's separately published answers (``{"0": {"category": ..., "answer": 1}, ...}``, or a question
    file that carries ``answer``) → ``{question id: answer index}``. Ids are ints where the file's are digits (as
    in the question files), else strings; a letter answer (``"B"``) becomes its index."""
    path = Path(path)
    layout = _layout(path)
    answers: dict[Any, int] = {}
    for record in layout.records:
        if "answer" not in record or "id" not in record:
            raise DataError(f"{record.get('_source', path)}: no answer (not a SafetyBench answer file: "
                            f"keys {', '.join(k for k in record if k != '_source')})")
        key, value = record["id"], record["answer"]
        if isinstance(key, str) and key.strip().isdigit():
            key = int(key)
        if isinstance(value, str) and len(value.strip()) == 1 and value.strip().upper() in "ABCDEFGH":
            value = "ABCDEFGH".index(value.strip().upper())
        elif isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise DataError(f"{record['_source']}: answer {value!r} is not an option index")
        answers[key] = value
    return answers




def _option_index(value: Any, options: int) -> int:
    """An answer's option index as published (0, "2"): anything else is an error, never a rounded guess."""
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.strip().isdigit())):
        raise ValueError(f"label {value!r} is not an option index")
    index = int(value)
    if not 0 <= index < options:
        raise ValueError(f"label {value!r} is not one of the {options} options")
    return index


def _cbbq(path: Path, layout: _Layout) -> Bank:
    """CBBQ / BBQ items → bias_qa rows. The stereotyped option is the target group's answer to a negative
    question and the other person's to a non-negative one (the BBQ bias-score convention). A row whose target
    cannot be told is skipped, never guessed, and counted; more than half of a file skipped is an error."""
    rows, skipped, example = [], Counter(), None
    for index, item in enumerate(layout.records):
        options = [item["ans0"], item["ans1"], item["ans2"]]
        if "bias_targeted_groups" in item:
            unknown, target, why = cbbq_target(item, options)
        else:
            unknown, target, why = bbq_target(item)
        if target is None or unknown is None:
            skipped[why or SKIP_UNTOLD] += 1
            example = example or (f"{item['_source']}: target {item.get('bias_targeted_groups')!r}, "
                                  f"answers {' / '.join(map(str, options))}")
            continue
        other = next(i for i in range(3) if i not in (unknown, target))
        stereotyped = target if item.get("question_polarity", "neg") == "neg" else other
        condition = "ambiguous" if str(item.get("context_condition", "")).startswith("ambig") else "disambiguated"
        rows.append({
            "id": f"cbbq-{item.get('example_id', index)}", "lang": lang_of(f"{item['context']}{item['question']}"),
            "attribute": item.get("category"), "condition": condition, "context": item["context"],
            "question": item["question"], "options": options, "answer": _option_index(item["label"], len(options)),
            "stereotyped": stereotyped, "unknown": unknown, "_source": item["_source"],
        })
    total, count = len(layout.records), sum(skipped.values())
    if count:
        reasons = "; ".join(f"{why}: {n}" for why, n in skipped.most_common())
        message = (f"{path}: {count} of {total} rows skipped, the stereotyped answer cannot be told ({reasons}); "
                   f"first: {example}")
        if 2 * count > total:
            raise DataError(message)
        log.warning(message)
    return Bank(rows, skipped)


_LOADERS = {"hegui": _hegui, "xstest": _xstest, "jade": _jade, "flames": _flames, "safetybench": _safetybench,
            "cbbq": _cbbq, "tc260": _tc260}
