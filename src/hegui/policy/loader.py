"""YAML policy files → typed policies, with errors that point at file:line:column.

PyYAML's composer keeps the position of every node; we walk the node tree once to map each key path to
where it was written, then let pydantic validate the plain data and translate each of its errors back to
a position. Only ``SafeLoader`` is used: a policy is data and is never evaluated as code.
"""

from __future__ import annotations

import functools
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import PolicyError
from ..suggest import closest
from .schema import Policy, Profile

Loc = tuple[str | int, ...]
Model = TypeVar("Model", bound=BaseModel)


MAX_ALIASES = 100  # a policy needs few; an 807-byte alias bomb expands to gigabytes when walked
MAX_DEPTH = 64
MAX_EXPANDED_NODES = 100_000  # values in the document once every alias is expanded


def _expanded_size(node: yaml.Node, memo: dict[int, int] | None = None) -> int:
    """How many values ``node`` stands for with every alias expanded (shared subtrees counted each time)."""
    memo = {} if memo is None else memo
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = 1  # a cycle counts once
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(item, memo) for item in node.value)
    else:
        size = 1
    memo[id(node)] = min(size, MAX_EXPANDED_NODES + 1)
    return memo[id(node)]
MAX_POLICY_BYTES = 5_000_000


class _DuplicateKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys instead of silently keeping the last one, and bounds alias
    use and nesting depth (every later walk over the document is then bounded too)."""

    def __init__(self, stream):
        super().__init__(stream)
        self._aliases = 0
        self._depth = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self._aliases += 1
            event = self.peek_event()
            if self._aliases > MAX_ALIASES:
                raise yaml.composer.ComposerError(None, None, f"more than {MAX_ALIASES} aliases (*name)", event.start_mark)
            anchored = self.anchors.get(event.anchor)
            if anchored is not None and _expanded_size(anchored) > MAX_EXPANDED_NODES:
                raise yaml.composer.ComposerError(
                    None, None, f"alias *{event.anchor} expands to more than {MAX_EXPANDED_NODES:,} values", event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()
                raise yaml.composer.ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels", event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            try:
                hash(key)
            except TypeError:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"a {type(key).__name__} used as a key", key_node.start_mark,
                ) from None
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"found duplicate key {key!r}", key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


class _Positions:
    """Where each key path's value (and, for mapping entries, its key) was written."""

    def __init__(self, root: yaml.Node | None):
        self.values: dict[Loc, yaml.Mark] = {}
        self.keys: dict[Loc, yaml.Mark] = {}
        if root is not None:
            self._walk(root, ())

    def _walk(self, node: yaml.Node, loc: Loc) -> None:
        self.values[loc] = node.start_mark
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                child = (*loc, key_node.value)
                self.keys[child] = key_node.start_mark
                self._walk(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._walk(item, (*loc, index))

    def of(self, loc: Loc, prefer_key: bool = False) -> yaml.Mark | None:
        for end in range(len(loc), -1, -1):
            prefix = loc[:end]
            marks = (self.keys, self.values) if prefer_key and end == len(loc) else (self.values, self.keys)
            for table in marks:
                if prefix in table:
                    return table[prefix]
        return None


def format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The pydantic model that validates the mapping at ``loc`` (to list its valid keys)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            field = current.model_fields.get(part)
            if field is None:
                return None
            current = field.annotation
        elif isinstance(part, int) and typing.get_origin(current) is list:
            current = typing.get_args(current)[0]
        elif isinstance(part, str) and typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _number_kind(annotation: Any) -> str | None:
    """'an integer' / 'a number' when the annotation admits numbers only (and None), else None."""
    members = typing.get_args(annotation) if typing.get_origin(annotation) in (typing.Union, types.UnionType) else (annotation,)
    members = tuple(m for m in members if m is not type(None))
    if not members or not all(m in (int, float) for m in members):
        return None
    return "an integer" if all(m is int for m in members) else "a number"


def _numbers_as_text(model: Any, data: Any, loc: Loc = ()) -> list[tuple[Loc, str, Any]]:
    """(location, what was expected, what was given) wherever a field that takes only numbers got a string or a
    boolean. Pydantic's lax mode would read "0.9" as 0.9 and true as 1: a policy's numbers are numbers."""
    annotation = _unwrap(model)
    if _number_kind(model) is not None:
        return [(loc, _number_kind(model), data)] if isinstance(data, str | bool) else []  # type: ignore[list-item]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(data, dict):
        return [found for name, field in annotation.model_fields.items() if (field.alias or name) in data
                for found in _numbers_as_text(field.annotation, data[field.alias or name], (*loc, field.alias or name))]
    origin = typing.get_origin(annotation)
    if origin is list and isinstance(data, list) and typing.get_args(annotation):
        return [f for i, v in enumerate(data) for f in _numbers_as_text(typing.get_args(annotation)[0], v, (*loc, i))]
    if origin is dict and isinstance(data, dict) and len(typing.get_args(annotation)) == 2:
        return [f for k, v in data.items() for f in _numbers_as_text(typing.get_args(annotation)[1], v, (*loc, k))]
    return []


def _at(data: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _unwrap(annotation: Any) -> Any:
    """Optional[X] / X | None → X (the first model-ish member of a union)."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        for member in members:
            if isinstance(member, type) and issubclass(member, BaseModel):
                return member
        return members[0] if len(members) == 1 else annotation
    return annotation


_TYPE_WORDS = {
    "float": "a number", "int": "an integer", "string": "a string", "bool": "true or false",
    "list": "a list", "dict": "a mapping", "model": "a mapping", "date": "a date (YYYY-MM-DD)",
}


def _describe(error: dict, model: type[BaseModel]) -> tuple[Loc, str, bool]:
    """(location, message, points-at-key) for one pydantic error."""
    kind = error["type"]
    raw: Loc = tuple(error["loc"])
    if kind == "extra_forbidden" and raw:  # the last part is the user's own key, whatever it looks like
        raw, own = raw[:-1], raw[-1:]
    else:
        own = ()
    loc: Loc = tuple(p for p in raw if not (isinstance(p, str) and p.startswith("function-")))
    # Drop union-branch markers pydantic inserts (e.g. 'str', 'list[str]').
    loc = tuple(p for p in loc if not (isinstance(p, str) and ("[" in p or p in {"str", "float", "int"}))) + own
    got = error.get("input")
    if kind == "extra_forbidden" and loc:
        key = str(loc[-1])
        parent = _model_at(model, loc[:-1])
        options = list(parent.model_fields) if parent else []
        close = closest(key, options)
        hint = f" (did you mean {close!r}?)" if close else f"; valid keys: {', '.join(options)}"
        return loc, f"unknown key {key!r}{hint}", True
    if kind == "missing" and loc:
        return loc, f"missing required key {loc[-1]!r}", False
    if kind in ("literal_error", "enum"):
        expected = error.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
        close = closest(str(got), options)
        hint = f"; did you mean {close!r}?" if close else ""
        return loc, f"must be one of {expected} (got {got!r}{hint})", False
    for stem, words in _TYPE_WORDS.items():
        if kind.startswith(stem + "_") or kind == f"{stem}_type" or kind == f"{stem}_parsing":
            return loc, f"expected {words}, got {type(got).__name__} {got!r}", False
    if kind == "finite_number":
        return loc, f"must be a finite number, not {got!r} (NaN never compares: every model would pass)", False
    if kind == "string_pattern_mismatch":
        return loc, f"{got!r} is not a valid identifier (letters, digits, '.', '_', '-')", False
    if kind == "too_short":
        return loc, "must not be empty", False
    if kind == "greater_than_equal":
        return loc, f"must be >= {error['ctx']['ge']} (got {got!r})", False
    return loc, error["msg"].removeprefix("Value error, "), False


def _parse_yaml(path: Path, text: str) -> tuple[Any, _Positions]:
    try:
        loader = _DuplicateKeyLoader(text)  # the reader checks every character here
    except yaml.reader.ReaderError as error:  # one YAML forbids (NUL, most control characters)
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        raise PolicyError([f"{path}:{line}:{column}: invalid YAML: character U+{error.character:04X} is not allowed"]) from None
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = error.problem or error.context or "invalid YAML"
        raise PolicyError([f"{where}: invalid YAML: {problem}"]) from None
    finally:
        loader.dispose()
    return data, _Positions(root)


def _probe_params(data: Any) -> list[tuple[Loc, type[BaseModel], dict, list[dict]]]:
    """Each check's ``params`` validated by its probe's model: (location, model, params, errors)."""
    from ..probes import registry

    out = []
    probes = registry()
    rules = data.get("rules") if isinstance(data, dict) else None
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        check = rule.get("check") if isinstance(rule, dict) else None
        probe = check.get("probe") if isinstance(check, dict) else None
        if not isinstance(probe, str) or probe not in probes or not isinstance(check.get("params", {}), dict):
            continue
        params_model = probes[check["probe"]].Params
        try:
            validated = params_model.model_validate(check.get("params") or {})
            out.append((("rules", index, "check", "params"), params_model, validated, []))
        except ValidationError as error:
            out.append((("rules", index, "check", "params"), params_model, None, error.errors()))
    return out


def _problem(path: Path, positions: _Positions, loc: Loc, message: str, at_key: bool) -> tuple[tuple[int, int], str]:
    mark = positions.of(loc, prefer_key=at_key)
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
    return ((mark.line, mark.column) if mark else (0, 0)), f"{where}: {format_loc(loc)}: {message}"


def _problems(path: Path, positions: _Positions, model: type[BaseModel], errors: list[dict], prefix: Loc = ()) -> list:
    problems = []
    described = [(item, *_describe(item, model)) for item in errors]
    # A misspelt required key is one problem, not two: keep "unknown key 'aprover' (did you mean
    # 'approver'?)" and drop "missing required key 'approver'".
    suggested = {(loc[:-1], m.split("did you mean ")[1][1:-3]) for item, loc, m, _ in described
                 if item["type"] == "extra_forbidden" and "did you mean" in m}
    for item, loc, message, at_key in described:
        if item["type"] == "missing" and (loc[:-1], str(loc[-1])) in suggested:
            continue
        problems.append(_problem(path, positions, (*prefix, *loc), message, at_key))
    return problems


def _read_policy_text(path: Path) -> str:
    """A policy's text: a regular file (not a FIFO or a device, which would hang or never end), of a sane size,
    in UTF-8."""
    if not path.exists():
        raise PolicyError([f"{path}: file not found"])
    if not path.is_file():
        raise PolicyError([f"{path}: not a regular file"])
    size = path.stat().st_size
    if size > MAX_POLICY_BYTES:
        raise PolicyError([f"{path}: {size:,} bytes; a policy file is at most {MAX_POLICY_BYTES:,}"])
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise PolicyError([f"{path}: not UTF-8 text ({error.reason} at byte {error.start})"]) from None
    except OSError as error:
        raise PolicyError([f"{path}: cannot be read ({error.strerror})"]) from None


def load_yaml_model(path: Path | str, model: type[Model]) -> Model:
    """Read one YAML file and validate it as ``model``; all problems are reported at once, each at the
    key it is about (a probe's parameters included: they are validated by the probe's own model)."""
    path = Path(path)
    text = _read_policy_text(path)
    data, positions = _parse_yaml(path, text)
    if not isinstance(data, dict):
        raise PolicyError([f"{path}:1:1: (top level): expected a mapping with '{next(iter(model.model_fields))}'"])
    params = _probe_params(data) if model is Policy else []
    as_text = _numbers_as_text(model, data) + [
        found for loc, params_model, _, _ in params
        for found in _numbers_as_text(params_model, _at(data, loc), loc)]
    numbers = [_problem(path, positions, loc, f"expected {what}, got {type(got).__name__} {got!r}", False)
               for loc, what, got in as_text]
    others = [p for loc, params_model, _, errors in params for p in _problems(path, positions, params_model, errors, loc)]
    try:
        result = model.model_validate(data, context={"base_dir": path.parent})
    except ValidationError as error:
        others += _problems(path, positions, model, error.errors())
        result = None

    def where(problem: tuple[tuple[int, int], str]) -> str:  # "file:line:col: loc" of a problem line
        return ": ".join(problem[1].split(": ")[:2])

    said = {where(p) for p in numbers}
    problems = numbers + [p for p in others if where(p) not in said]
    if problems:
        raise PolicyError([text for _, text in sorted(problems, key=lambda p: p[0])]) from None
    for loc, _, validated, _ in params:
        result.rules[loc[1]].check._probe_params = validated  # type: ignore[union-attr]
    return result  # type: ignore[return-value]


def load_policy(path: Path | str) -> Policy:
    return load_yaml_model(path, Policy)


def load_profile(path: Path | str) -> Profile:
    return load_yaml_model(path, Profile)


def policy_files(paths: list[Path | str]) -> list[Path]:
    """Expand folders to the policy files inside them (not profiles, which live in ``profiles/``)."""
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.yaml") if p.is_file()))
            files.extend(sorted(p for p in path.glob("*.yml") if p.is_file()))
        else:
            files.append(path)
    return files


@functools.lru_cache(maxsize=64)
def _rule_marks(path: Path, _stamp: tuple[int, int] = (0, 0), field: str = "check") -> dict[str, str]:
    """Each rule id of a policy file → ``file:line:column`` of its ``field`` (where a problem belongs)."""
    try:
        data, positions = _parse_yaml(path, path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, PolicyError):
        return {}
    rules = data.get("rules") if isinstance(data, dict) else None
    marks: dict[str, str] = {}
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        if isinstance(rule, dict) and isinstance(rule.get("id"), str):
            mark = positions.of(("rules", index, field))
            marks.setdefault(rule["id"], f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path))
    return marks


def rule_location(path: Path | str, rule_id: str, field: str = "check") -> str:
    """Where a rule's ``field`` is written, as ``file:line:column`` (the file alone when it cannot be told)."""
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        return str(path)
    return _rule_marks(path, (stat.st_mtime_ns, stat.st_size), field).get(rule_id, str(path))


def location(path: Path | str, loc: Loc) -> str:
    """``file:line:column`` of the key path ``loc`` in a YAML file, or of its deepest written parent."""
    path = Path(path)
    try:
        _, positions = _parse_yaml(path, _read_policy_text(path))
    except (OSError, UnicodeDecodeError, PolicyError):
        return str(path)
    mark = positions.of(tuple(loc), prefer_key=True)
    return f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)


def read_yaml(path: Path | str) -> Any:
    """Any YAML input of hegui's (a groups file, a task file) read with the policy loader's bounds: a regular
    file, UTF-8, no duplicate keys, aliases and nesting bounded. Problems are ``PolicyError`` lines."""
    path = Path(path)
    data, _ = _parse_yaml(path, _read_policy_text(path))
    return data
