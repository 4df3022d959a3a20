"""A seeded mutator for policy and bank files: what an attacker or a careless editor writes.

Two families of mutation, both reproducible from (seed, index):

- structural: the parsed document with one node replaced by a hostile value (NaN, inf, strings and booleans
  where numbers go, huge or empty strings, deep nesting, wrong container types), a key deleted, an unknown
  key added, or a list item duplicated;
- textual: the file's text with a line deleted, duplicated or re-indented, a byte sequence inserted
  (YAML anchors/aliases/tags, brackets, quotes, NUL, a bidi override), or the text truncated.
"""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import yaml

HOSTILE_VALUES: list[Any] = [
    None, "", " ", "x" * 5000, "0.9", "1e309", "true", True, False, -1, 0, 1, 2, 10**30, 1e308,
    float("nan"), float("inf"), float("-inf"), [], {}, [[[[[[]]]]]], {"min": float("nan")}, {"max": "0.1"},
    "../../../../etc/passwd", "/dev/zero", "张三", "7", "\u202eevil", "*", "{{bad}}", [None], [1, "a"],
]
TEXT_INSERTS = [
    "\t", ":", ": ", "- ", "{", "}", "[", "]", '"', "'", "&a ", "*a", "!!python/object:os.system ", "\x00",
    "\u202e", "%YAML 1.1\n", "---\n", "...\n", "? ", "|", ">", "#", "@", "`", "\ufeff", "\n  ", "\n- x\n",
    "<<: *a\n", "!!binary ", "0x1F", ".nan", ".inf", "~", "\r",
]


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out += _paths(value, (*prefix, index))
    return out


def _parent(doc: Any, path: tuple) -> Any:
    for part in path[:-1]:
        doc = doc[part]
    return doc


def mutate_structure(doc: Any, rng: random.Random) -> Any:
    doc = copy.deepcopy(doc)
    paths = [p for p in _paths(doc) if p]
    if not paths:
        return rng.choice(HOSTILE_VALUES)
    path = rng.choice(paths)
    parent, last = _parent(doc, path), path[-1]
    action = rng.randrange(5)
    if action <= 1:
        parent[last] = copy.deepcopy(rng.choice(HOSTILE_VALUES))
    elif action == 2:
        del parent[last]
    elif action == 3 and isinstance(parent, dict):
        parent[rng.choice(["extra", "threshhold", "probe", "id", "suite", "params", "overrides", "extends"])] = (
            copy.deepcopy(rng.choice(HOSTILE_VALUES)))
    elif isinstance(parent, list):
        parent.insert(last, copy.deepcopy(parent[last]))  # a duplicated item: duplicate ids, repeated rows
    else:
        parent[last] = [copy.deepcopy(parent[last])] if rng.random() < 0.5 else {"x": copy.deepcopy(parent[last])}
    return doc


def mutate_text(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    action = rng.randrange(6)
    if action == 0 and lines:
        del lines[rng.randrange(len(lines))]
    elif action == 1 and lines:
        index = rng.randrange(len(lines))
        lines.insert(index, lines[index])
    elif action == 2 and lines:
        index = rng.randrange(len(lines))
        lines[index] = (" " * rng.choice([1, 2, 3, 4])) + lines[index] if rng.random() < 0.5 else lines[index].lstrip()
    elif action == 3:
        cut = rng.randrange(len(text) + 1)
        return text[:cut]
    else:
        at = rng.randrange(len(text) + 1)
        return text[:at] + rng.choice(TEXT_INSERTS) + text[at:]
    return "".join(lines)


def dump_yaml(doc: Any) -> str:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000)


def policy_mutant(seed_text: str, rng: random.Random) -> str:
    if rng.random() < 0.6:
        return dump_yaml(mutate_structure(yaml.safe_load(seed_text), rng))
    return mutate_text(seed_text, rng)


def jsonl_mutant(seed_text: str, rng: random.Random) -> str:
    """A JSONL bank: one row's fields made hostile, or the text itself mangled."""
    rows = [json.loads(line) for line in seed_text.splitlines() if line.strip()]
    if rng.random() < 0.6 and rows:
        rows = mutate_structure(rows, rng)
        if not isinstance(rows, list):
            return json.dumps(rows, allow_nan=True) + "\n"
        return "".join(json.dumps(row, ensure_ascii=False, allow_nan=True) + "\n" for row in rows)
    return mutate_text(seed_text, rng)


def json_mutant(seed_text: str, rng: random.Random) -> str:
    if rng.random() < 0.6:
        return json.dumps(mutate_structure(json.loads(seed_text), rng), ensure_ascii=False, allow_nan=True)
    return mutate_text(seed_text, rng)
