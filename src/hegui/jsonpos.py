"""Where in a JSON text a value sits: turns a validation error's path into the file:line a person opens.

The standard library's JSON decoder keeps no positions, so this walks the text along one path with the
decoder's own scanners (``scanstring`` for keys, ``raw_decode`` to skip values) and stops at the deepest
value it can reach: for a missing field that is the object that lacks it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from json.decoder import scanstring

_WHITESPACE = " \t\n\r"
_decoder = json.JSONDecoder()


def _skip(text: str, index: int) -> int:
    while index < len(text) and text[index] in _WHITESPACE:
        index += 1
    return index


def _child(text: str, index: int, part: str | int) -> int | None:
    """Offset of member ``part`` of the object or array starting at ``index``, or None."""
    opener = text[index]
    if opener not in "{[":
        return None
    position, count = _skip(text, index + 1), 0
    while position < len(text) and text[position] not in "}]":
        if opener == "{":
            key, position = scanstring(text, position + 1)
            position = _skip(text, position)
            position = _skip(text, position + 1)  # the colon
            if key == str(part):
                return position
        elif part == count or str(part) == str(count):
            return position
        _, position = _decoder.raw_decode(text, position)
        position = _skip(text, position)
        if position < len(text) and text[position] == ",":
            position = _skip(text, position + 1)
        count += 1
    return None


def offset_of(text: str, path: Sequence[str | int]) -> int:
    """Character offset of the value at ``path`` (or of its deepest existing parent)."""
    index = _skip(text, 0)
    try:
        for part in path:
            child = _child(text, index, part)
            if child is None:
                break
            index = child
    except (ValueError, IndexError):  # not JSON after all: the caller reports that error instead
        pass
    return index


def line_of(text: str, path: Sequence[str | int]) -> int:
    return text.count("\n", 0, offset_of(text, path)) + 1


def child_offsets(text: str, path: Sequence[str | int] = ()) -> list[tuple[str | int, int]]:
    """(key or index, offset) of every member of the object or array at ``path``, in one pass over it."""
    index = offset_of(text, path)
    if index >= len(text) or text[index] not in "{[":
        return []
    opener, out, count = text[index], [], 0
    position = _skip(text, index + 1)
    try:
        while position < len(text) and text[position] not in "}]":
            key: str | int = count
            if opener == "{":
                key, position = scanstring(text, position + 1)
                position = _skip(text, _skip(text, position) + 1)
            out.append((key, position))
            _, position = _decoder.raw_decode(text, position)
            position = _skip(text, position)
            if position < len(text) and text[position] == ",":
                position = _skip(text, position + 1)
            count += 1
    except (ValueError, IndexError):
        pass
    return out


class LineIndex:
    """Offsets → line numbers for one text, by bisection over its newlines."""

    def __init__(self, text: str):
        import re

        self._newlines = [m.start() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        import bisect

        return bisect.bisect_left(self._newlines, offset) + 1
