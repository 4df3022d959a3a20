"""Odd inputs to ``hegui scan``: found what is there, or exit 2 naming the file (and line); never a hang."""

from __future__ import annotations

import json
import os

import pytest

from hegui.cli import main

ID = "360426199101010071"  # a valid resident ID (check digit)
TEXT = f"身份证号{ID}，完毕"


def _run(capsys, *argv):
    code = main(["scan", *map(str, argv), "--format", "jsonl", "--no-progress"])
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()] if code == 0 else []
    return code, records, captured.err


def _ids(records):
    return [e for r in records for e in r["entities"] if e["type"] == "CN_RESIDENT_ID"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_a_byte_order_mark_names_the_encoding(tmp_path, capsys, encoding):
    path = tmp_path / "c.txt"
    data = f"第一行\r\n{TEXT}\r\n".encode(encoding)
    path.write_bytes(data if encoding != "utf-16-be" else b"\xfe\xff" + data)  # utf-16-be writes no BOM itself
    code, records, err = _run(capsys, path)
    assert code == 0, err
    assert [r["line"] for r in records] == [1, 2]
    assert _ids(records) == [{"type": "CN_RESIDENT_ID", "start": 4, "end": 22, "score": 1.0}]


def test_gb18030_needs_its_encoding_named(tmp_path, capsys):
    path = tmp_path / "c.txt"
    path.write_bytes(f"{TEXT}\n".encode("gb18030"))
    code, _, err = _run(capsys, path)
    assert code == 2 and err.startswith(f"hegui: error: {path}:1: not UTF-8 (byte 0 of the line); give --encoding")
    code, records, _ = _run(capsys, path, "--encoding", "gb18030")
    assert code == 0 and len(_ids(records)) == 1


def test_random_bytes_are_not_text(tmp_path, capsys):
    path = tmp_path / "noise.bin"
    path.write_bytes(bytes(range(128, 256)) * 64)
    code, _, err = _run(capsys, path)
    assert code == 2 and f"{path}:1: not UTF-8" in err


@pytest.mark.parametrize("kind", ["missing", "directory", "fifo"])
def test_paths_that_are_not_files(tmp_path, capsys, kind):
    path = tmp_path / "x"
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)  # reading it would block forever
    code, _, err = _run(capsys, path)
    assert code == 2
    assert err.strip() == f"hegui: error: {path}: " + (
        "file not found" if kind == "missing" else "not a regular file (hegui scan reads text or JSONL files)")


def test_an_unknown_encoding(tmp_path, capsys):
    path = tmp_path / "c.txt"
    path.write_text(TEXT, encoding="utf-8")
    code, _, err = _run(capsys, path, "--encoding", "klingon")
    assert code == 2 and err.strip() == "hegui: error: --encoding klingon: not an encoding Python knows"


def test_one_very_long_line_finishes_and_finds_every_planted_id(tmp_path, capsys):
    """A 900 KB line did not finish in 300 s; long texts are now read in overlapping windows."""
    filler = "数据 hello 北京市 world 电话 "
    parts = [filler * 80 + ID for _ in range(50)]  # ~2 KB of filler between IDs, every window boundary crossed
    path = tmp_path / "long.txt"
    path.write_text("。".join(parts) + "\n", encoding="utf-8")
    assert path.stat().st_size > 100_000
    code, records, err = _run(capsys, path)
    assert code == 0, err
    found = _ids(records)
    line = path.read_text(encoding="utf-8").rstrip("\n")
    assert len(found) == 50 and all(line[e["start"] : e["end"]] == ID for e in found)


@pytest.mark.parametrize("content, message", [
    ("[1, 2]\n", "no field 'text' in this line (or not JSON)"),
    ("{not json\n", "no field 'text' in this line (or not JSON)"),
    ('{"text": ' + "[" * 100_000 + "\n", "no field 'text' in this line (or not JSON)"),
])
def test_jsonl_lines_without_the_field(tmp_path, capsys, content, message):
    path = tmp_path / "c.jsonl"
    path.write_text(content, encoding="utf-8")
    code, _, err = _run(capsys, path, "--field", "text")
    assert code == 2 and err.strip() == f"hegui: error: {path}:1: {message}"


def test_odd_but_valid_lines_are_scanned(tmp_path, capsys):
    path = tmp_path / "c.jsonl"
    lines = [{"text": None}, {"text": 360426199101010071}, {"text": "\ud800" + TEXT}, {"text": "a\x00b" + TEXT}, {}]
    path.write_text("\n".join(json.dumps(x) for x in lines[:4]) + "\n\n", encoding="utf-8")
    code, records, err = _run(capsys, path, "--field", "text")
    assert code == 0, err
    assert [r["line"] for r in records] == [1, 2, 3, 4, 5]
    assert [len(r["entities"]) for r in records] == [0, 1, 1, 1, 0]


def test_empty_files(tmp_path, capsys):
    empty, blank = tmp_path / "empty.txt", tmp_path / "blank.txt"
    empty.write_bytes(b"")
    blank.write_text("\n\n\n", encoding="utf-8")
    code, records, _ = _run(capsys, empty, blank)
    assert code == 0 and [(r["file"], r["line"]) for r in records] == [(str(blank), 1), (str(blank), 2), (str(blank), 3)]
