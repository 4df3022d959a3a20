"""Personal data found by the field it stands in, and numbers of the right shape that are no one's.

Each case is a shape from the real-shapes sets (benchmarks/pii_realshapes_*): a table column, a key=value
log line, JSON, a form, a chat answer to a question asked in the turn before."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")

from hegui.detectors.pii import PiiDetector  # noqa: E402
from hegui.detectors.pii.mask import mask_text  # noqa: E402


@pytest.fixture(scope="module")
def detector():
    return PiiDetector.shared()


def found(detector, text):
    return [(f.type, f.text) for f in detector.analyze(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ('{"uid": 91374, "nickname": "小猫", "qq": "350042231"}', [("QQ_NUMBER", "350042231")]),
    ("用户：我的QQ是986821", [("QQ_NUMBER", "986821")]),
    ("出生日期：1971-07-19", [("DATE_OF_BIRTH", "1971-07-19")]),
    ("A：你生日是哪天？\nB：1974/3/9，到时候请你吃饭", [("DATE_OF_BIRTH", "1974/3/9")]),
    ("I was born on November 11, 1967.", [("DATE_OF_BIRTH", "November 11, 1967")]),
    ("dhcp lease ack mac=e6:7d:34:6c:9f:7f", [("MAC_ADDRESS", "e6:7d:34:6c:9f:7f")]),
    ("auth login ok user=deborah.hunter@example.com src=web", [("EMAIL_ADDRESS", "deborah.hunter@example.com")]),
    ("| 序号 | 人员 | 证件 |\n|---|---|---|\n| 1 | 吕健 | G14511199 |",
     [("PERSON", "吕健"), ("CN_PASSPORT", "G14511199")]),
    ("name,qq\nLachlan Prentice,6888237564", [("PERSON", "Lachlan Prentice"), ("QQ_NUMBER", "6888237564")]),
    ("值班表：\n- 常霞\n- 许洋", [("PERSON", "常霞"), ("PERSON", "许洋")]),
    ("Attendees: Ashley Gutierrez, Andrew Thomas", [("PERSON", "Ashley Gutierrez"), ("PERSON", "Andrew Thomas")]),
])
def test_found_by_field(detector, text, expected):
    assert found(detector, text) == expected


@pytest.mark.parametrize("text", [
    "For questions call 1-800-737-6912, or write to us.",  # toll-free: an organisation's number
    "Part No. 670-78-4691 is back in stock.",  # SSN-shaped product number
    "Broadcast frames go to ff:ff:ff:ff:ff:ff",  # broadcast, no device's address
    "route added dst=fe80::8edb:c259:04da:cbf0/64 metric=75",  # a network prefix, not a host
    "银行卡号6225 0575 8679 7045校验失败，请重新输入。",  # fails Luhn, prefix 62 or not
    "班里的同学都要上晚自习。",
    "作业都还没写完，明天再说吧。",
    "小明和小红今天是入学第一天",
    "我的母亲总是给我女儿买零食",
    "Please read the Employee Handbook and the Travel Policy.",
])
def test_no_one_s_data(detector, text):
    assert found(detector, text) == []


def test_masked_in_what_hegui_writes():
    masked = mask_text('{"qq": "350042231", "dob": "1981-06-12", "mac": "76:c1:c4:63:59:6f"}')
    assert masked == '{"qq": "<QQ_NUMBER>", "dob": "<DATE_OF_BIRTH>", "mac": "<MAC_ADDRESS>"}'
