"""``hegui scan``: exact JSONL output, jsonl fields, the summary table, and streaming input."""

from __future__ import annotations

import io
import json

from hegui.cli import main
from hegui.scan import scan

LINES = [
    "我的身份证号是360426199101010071，手机13812345678。",
    "订单号2023112415304598761已发货。",
    "",
    "Email me at jane.doe@example.com",
]


def test_jsonl_output(tmp_path, capsys):
    path = tmp_path / "corpus.txt"
    path.write_text("\n".join(LINES) + "\n", encoding="utf-8")
    assert main(["scan", str(path), "--format", "jsonl", "--no-progress"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert records == [
        {"line": 1, "entities": [
            {"type": "CN_RESIDENT_ID", "start": 7, "end": 25, "score": 1.0},
            {"type": "CN_MOBILE", "start": 28, "end": 39, "score": 0.95},
        ]},
        {"line": 2, "entities": []},
        {"line": 3, "entities": []},
        {"line": 4, "entities": [{"type": "EMAIL_ADDRESS", "start": 12, "end": 32, "score": 1.0}]},
    ]
    assert LINES[0][7:25] == "360426199101010071"


def test_jsonl_input_field_and_summary(tmp_path):
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps({"meta": {"text": t}}, ensure_ascii=False) + "\n" for t in LINES), encoding="utf-8")
    out = io.StringIO()
    counts = scan([path], field="meta.text", output="summary", out=out, progress=False)
    assert counts["lines"] == 4 and counts["lines_with_pii"] == 2
    assert counts["type:CN_RESIDENT_ID"] == 1 and counts["sensitive:specific_identity"] == 1
    text = out.getvalue()
    assert text.startswith("lines scanned: 4, lines with personal data: 2\n")
    assert "CN_RESIDENT_ID              1  identity_document        specific_identity" in text
    assert "360426199101010071" not in text  # the summary never shows what it found


def test_missing_field_is_exit_2(tmp_path, capsys):
    path = tmp_path / "data.jsonl"
    path.write_text('{"text": "x"}\n{"other": 1}\n', encoding="utf-8")
    assert main(["scan", str(path), "--field", "text", "--no-progress"]) == 2
    assert capsys.readouterr().err.strip() == f"hegui: error: {path}:2: no field 'text' in this line (or not JSON)"


def test_minor_is_a_sensitive_class():
    from hegui.detectors.pii import PiiDetector
    from hegui.detectors.pii.validators import resident_id_check_digit

    body = "11010120180101003"  # born 2018-01-01: under 14
    [finding] = PiiDetector.shared().analyze(f"儿童身份证号{body}{resident_id_check_digit(body)}")
    assert finding.sensitive == ["specific_identity", "minor_under_14"]
