#!/usr/bin/env python3
"""Validator for pii_realshapes_dev2 (dev2.jsonl).

Checks every line: id format and uniqueness, kind/lang/shape fields, span
offsets (text[start:end] == value), no overlaps, per-type value checks
(stdnum cn.ric / cn.uscc + GB 11714 organisation code, Luhn, ranges, formats,
context cues for QQ_NUMBER and DATE_OF_BIRTH), that hard negatives and plain
negatives hold no labelled entity, the file-wide invariant (no unlabelled
PII-shaped strings outside spans, except lines tagged email_like / ip_like /
passport_like for the matching scanner), and that lines tagged id_fail,
luhn_fail, uscc_fail really hold a failing number.

Usage: python validate.py [dev2.jsonl]     exits 1 on any error.
"""
import datetime
import ipaddress
import json
import os
import re
import sys

from stdnum import luhn
from stdnum.cn import ric, uscc

TYPES = {
    "CN_RESIDENT_ID", "CN_MOBILE", "BANK_CARD", "CN_USCC", "CN_PASSPORT",
    "CN_LICENSE_PLATE", "EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON", "LOCATION",
    "US_SSN", "IP_ADDRESS", "QQ_NUMBER", "MAC_ADDRESS", "DATE_OF_BIRTH",
}
SHAPES = ["kv_log", "json_log", "md_table", "csv", "form", "code", "chat",
          "ticket", "prose"]
KINDS = {"pos": "positive", "hn": "hard_negative", "neg": "negative"}
TAGS = ["order", "tracking", "invoice", "id_fail", "luhn_fail", "uscc_fail",
        "version", "timestamp", "date", "hash", "hotline", "product",
        "surname_words", "idiom", "capitalised", "city_only", "masked",
        "email_like", "passport_like", "ssn_like", "qq_context", "mac_like",
        "ip_like", "plate_like", "dob_like"]
ID_RE = re.compile(r"^rs-(\d{4})-(" + "|".join(SHAPES) +
                   r")-(pos|hn|neg)(?:-([a-z_]+(?:\+[a-z_]+)*))?$")

# ----------------------------------------------------------------- language
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_W = r"[A-Za-z]+(?:'[A-Za-z]+)?"
WORD_L = r"(?<![A-Za-z0-9_=/@.:\-'])"
WORD_R = r"(?![A-Za-z0-9_=/@\-]|\.[A-Za-z0-9]|:[A-Za-z0-9/])"
PHRASE = re.compile(WORD_L + _W + WORD_R + r" +" + WORD_L + _W + WORD_R)


def detect_lang(text):
    if not HAN.search(text):
        return "en"
    return "mixed" if PHRASE.search(text) else "zh"


# ----------------------------------------------------------------- checksums
def org_code_ok(code):
    """GB 11714 organisation code: 8 body chars + check char."""
    if len(code) != 9:
        return False
    w = (3, 7, 9, 10, 5, 8, 4, 2)
    vals = []
    for c in code[:8]:
        if c.isdigit():
            vals.append(int(c))
        elif "A" <= c <= "Z":
            vals.append(ord(c) - 55)
        else:
            return False
    r = 11 - sum(a * b for a, b in zip(vals, w)) % 11
    ck = "X" if r == 10 else ("0" if r == 11 else str(r))
    return code[8] == ck


def uscc_full_ok(v):
    return uscc.is_valid(v) and org_code_ok(v[8:17])


def ric_ok(v):
    return ric.is_valid(v) and 1956 <= int(v[6:10]) <= 2006


def digits(s):
    return re.sub(r"\D", "", s)


TOLL_FREE = {"800", "833", "844", "855", "866", "877", "888"}


def us_area_ok(a):
    return (a[0] in "23456789" and a[1] != "9" and a[1:] != "11"
            and a[1:] != "00" and a not in TOLL_FREE)


def us_exch_ok(x):
    return x[0] in "23456789" and x != "555" and x[1:] != "11"


def ssn_ok(a, g, s):
    return a != "000" and a != "666" and int(a) <= 899 and g != "00" and s != "0000"


# ----------------------------------------------------------------- scanners
HEX = "[0-9A-Fa-f]"
SCANNERS = [
    # name, regex, predicate(match) -> bool
    ("CARD", re.compile(r"(?<!\d)\d{16,19}(?!\d)"),
     lambda m: luhn.is_valid(m.group())),
    ("CARD", re.compile(r"(?<!\d)(?<!\d[ -])\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?(?![ -]?\d)"),
     lambda m: luhn.is_valid(digits(m.group()))),
    ("RIC", re.compile(r"(?<!\d)\d{17}[\dXx](?![0-9A-Za-z])"),
     lambda m: ric.is_valid(m.group())),
    ("USCC", re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{18}(?![0-9A-Z])"),
     lambda m: uscc.is_valid(m.group())),
    ("MOBILE", re.compile(r"(?<![\d+])(?:\+86[ -]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)"),
     lambda m: True),
    ("SSN", re.compile(r"(?<![\d-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\d-])"),
     lambda m: ssn_ok(m.group(1), m.group(3), m.group(4))),
    ("SSN", re.compile(r"(?i)ssn\W{0,4}(\d{3})(\d{2})(\d{4})(?!\d)"),
     lambda m: ssn_ok(m.group(1), m.group(2), m.group(3))),
    ("MAC", re.compile(r"(?<![0-9A-Fa-f:\-])" + HEX + r"{2}([:-])(?:" + HEX + r"{2}\1){4}" + HEX +
                       r"{2}(?!" + HEX + r"|[:\-]" + HEX + r")"), lambda m: True),
    ("MAC", re.compile(r"(?<![0-9A-Fa-f.])" + HEX + r"{4}\." + HEX + r"{4}\." + HEX + r"{4}(?![0-9A-Fa-f]|\.[0-9A-Fa-f])"),
     lambda m: True),
    ("EMAIL", re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"),
     lambda m: True),
    ("IPV4", re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\d|\.\d)"),
     lambda m: all(int(x) <= 255 for x in m.groups())),
    ("PASSPORT", re.compile(r"(?<![A-Za-z0-9])(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7})(?![A-Za-z0-9])"),
     lambda m: True),
    ("LANDLINE", re.compile(r"(?<![\d+\-])0\d{2,3}-\d{7,8}(?![\d\-])"), lambda m: True),
    ("LANDLINE", re.compile(r"(?<![\d+\-])0\d{2,3}[- ]\d{3,4}[- ]\d{4}(?![\d\-])"), lambda m: True),
    ("LANDLINE", re.compile(r"\(0\d{2,3}\) ?\d{7,8}(?!\d)"), lambda m: True),
    ("LANDLINE", re.compile(r"\+86[- ]?[1-9]\d{1,2}[- ]\d{7,8}(?!\d)"), lambda m: True),
    ("LANDLINE", re.compile(r"(?<![\d.\-])0\d{9,11}(?!\d)"), lambda m: True),
    ("USPHONE", re.compile(r"(?<![\d\-])(?:\+?1[ .\-]?)?\(?([2-9]\d{2})\)?[ .\-]?([2-9]\d{2})[ .\-](\d{4})(?![\d\-])"),
     lambda m: us_area_ok(m.group(1)) and us_exch_ok(m.group(2))),
]
EXEMPT = {"EMAIL": "email_like", "IPV4": "ip_like", "PASSPORT": "passport_like"}


def scan(text):
    hits = []
    for name, rx, pred in SCANNERS:
        for m in rx.finditer(text):
            if pred(m):
                hits.append((name, m.start(), m.end(), m.group()))
    return hits


# ------------------------------------------------------------ type checks
MOBILE_RE = re.compile(r"(?:\+86[ -])?1[3-9]\d(?:\d{8}|-\d{4}-\d{4}| \d{4} \d{4})")
CARD_RE = re.compile(r"\d{16,19}|\d{4}( |-)\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?")
PASS_RE = re.compile(r"E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8}")
PLATE_RE = re.compile(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
                      r"[A-HJ-NP-Z][·\s]?(?:[DF]\d{5}|[A-HJ-NP-Z0-9]{5})")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
CN_LAND_RES = [
    re.compile(r"(0\d{2,3})-(\d{7,8})"), re.compile(r"\((0\d{2,3})\)(\d{7,8})"),
    re.compile(r"(0\d{2,3}) (\d{4} \d{4}|\d{3} \d{4})"), re.compile(r"\+86-([1-9]\d{1,2})-(\d{7,8})"),
    re.compile(r"(0\d{2,3})-(\d{4}-\d{4})"), re.compile(r"(0\d{2,3})(\d{7,8})"),
]
US_PHONE_RE = re.compile(r"(?:\+1 ?)?(?:\(([2-9]\d{2})\) ?|([2-9]\d{2})[-. ])([2-9]\d{2})[-. ](\d{4})")
SSN_RES = [re.compile(r"(\d{3})-(\d{2})-(\d{4})"), re.compile(r"(\d{3}) (\d{2}) (\d{4})"),
           re.compile(r"(\d{3})(\d{2})(\d{4})")]
MAC_RE = re.compile(HEX + r"{2}([:-])(?:" + HEX + r"{2}\1){4}" + HEX + r"{2}|" + HEX + r"{4}\." + HEX + r"{4}\." + HEX + r"{4}")
ZH_NAME_RE = re.compile(r"[\u4e00-\u9fff]{2,4}")
EN_NAME_RE = re.compile(r"[A-Z][A-Za-z'\-]+(?: [A-Z][A-Za-z'\-]+)+")
ZH_ADDR_RE = re.compile(r"(路|街|道|巷|弄|胡同)\d+(?:-\d+)?号")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
DOB_CUES = ["出生", "生日", "生于", "dob", "birth", "born"]


def parse_dob(v):
    pats = [
        (r"(\d{4})-(\d{2})-(\d{2})", "ymd"), (r"(\d{4})/(\d{2})/(\d{2})", "ymd"),
        (r"(\d{4})\.(\d{2})\.(\d{2})", "ymd"), (r"(\d{4})(\d{2})(\d{2})", "ymd"),
        (r"(\d{4})年(\d{1,2})月(\d{1,2})日", "ymd"), (r"(\d{2})/(\d{2})/(\d{4})", "mdy"),
    ]
    for p, order in pats:
        m = re.fullmatch(p, v)
        if m:
            a, b, c = (int(x) for x in m.groups())
            return datetime.date(a, b, c) if order == "ymd" else datetime.date(c, a, b)
    m = re.fullmatch(r"([A-Z][a-z]+) (\d{1,2}), (\d{4})", v)
    if m and m.group(1) in MONTHS:
        return datetime.date(int(m.group(3)), MONTHS.index(m.group(1)) + 1, int(m.group(2)))
    m = re.fullmatch(r"(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})", v)
    if m:
        mon = [x[:3] for x in MONTHS].index(m.group(2)) + 1
        return datetime.date(int(m.group(3)), mon, int(m.group(1)))
    raise ValueError("unparsed DOB " + v)


def check_value(typ, v, text):
    """Return an error string or None."""
    if typ == "CN_RESIDENT_ID":
        return None if ric_ok(v) else "resident id fails cn.ric / year range"
    if typ == "CN_MOBILE":
        return None if MOBILE_RE.fullmatch(v) else "bad mobile"
    if typ == "BANK_CARD":
        d = digits(v)
        if not CARD_RE.fullmatch(v) or not 16 <= len(d) <= 19:
            return "bad card shape"
        if not luhn.is_valid(d):
            return "card fails Luhn"
        if not (d.startswith("62") or d.startswith("4") or d[:2] in ("51", "52", "53", "54", "55")):
            return "card BIN not card-like"
        return None
    if typ == "CN_USCC":
        return None if uscc_full_ok(v) else "USCC fails GB 32100 / GB 11714"
    if typ == "CN_PASSPORT":
        return None if PASS_RE.fullmatch(v) else "bad passport"
    if typ == "CN_LICENSE_PLATE":
        return None if PLATE_RE.fullmatch(v) else "bad plate"
    if typ == "EMAIL_ADDRESS":
        return None if EMAIL_RE.fullmatch(v) and "*" not in v else "bad email"
    if typ == "PHONE_NUMBER":
        for rx in CN_LAND_RES:
            if rx.fullmatch(v):
                return None
        m = US_PHONE_RE.fullmatch(v)
        if m:
            area = m.group(1) or m.group(2)
            if us_area_ok(area) and us_exch_ok(m.group(3)):
                return None
        return "bad phone"
    if typ == "PERSON":
        if "*" in v:
            return "masked name labelled"
        return None if ZH_NAME_RE.fullmatch(v) or EN_NAME_RE.fullmatch(v) else "bad person"
    if typ == "LOCATION":
        if HAN.search(v):
            return None if ZH_ADDR_RE.search(v) else "zh address without road+号"
        if not re.search(r"\d", v) or not re.match(r"(\d|Room |Flat |Unit |Apt |No\. )", v):
            return "en address not street-level"
        return None
    if typ == "US_SSN":
        for rx in SSN_RES:
            m = rx.fullmatch(v)
            if m:
                return None if ssn_ok(*m.groups()) else "SSN out of range"
        return "bad SSN"
    if typ == "IP_ADDRESS":
        try:
            ip = ipaddress.ip_address(v)
        except ValueError:
            return "bad IP"
        return "loopback/unspecified IP" if ip.is_loopback or ip.is_unspecified else None
    if typ == "QQ_NUMBER":
        if not re.fullmatch(r"[1-9]\d{4,10}", v):
            return "bad QQ"
        low = text.lower()
        return None if ("qq" in low or "扣扣" in text) else "QQ without QQ context"
    if typ == "MAC_ADDRESS":
        return None if MAC_RE.fullmatch(v) else "bad MAC"
    if typ == "DATE_OF_BIRTH":
        try:
            d = parse_dob(v)
        except ValueError as ex:
            return str(ex)
        if not 1930 <= d.year <= 2010:
            return "DOB year out of range"
        low = text.lower()
        return None if any(c in low for c in DOB_CUES) else "DOB without birth cue"
    return "unknown type"


def overlaps(a0, a1, spans):
    return any(a0 < s["end"] and s["start"] < a1 for s in spans)


def check_line(o):
    errs = []
    for f in ("id", "kind", "lang", "shape", "text", "spans"):
        if f not in o:
            errs.append("missing field " + f)
    if errs:
        return errs
    text, spans = o["text"], o["spans"]
    m = ID_RE.match(o["id"])
    if not m:
        return ["bad id format " + o["id"]]
    _, shape, k, tagstr = m.groups()
    tags = tagstr.split("+") if tagstr else []
    if o["shape"] != shape:
        errs.append("shape differs from id")
    if o["kind"] != KINDS[k]:
        errs.append("kind differs from id")
    for t in tags:
        if t not in TAGS:
            errs.append("unknown trap tag " + t)
    if len(set(tags)) != len(tags):
        errs.append("duplicate trap tag")
    if o["lang"] != detect_lang(text):
        errs.append("lang %s but text gives %s" % (o["lang"], detect_lang(text)))
    if not text.strip():
        errs.append("empty text")
    # spans
    prev_end = -1
    for s in sorted(spans, key=lambda s: (s["start"], s["end"])):
        if s.get("type") not in TYPES:
            errs.append("bad type %r" % s.get("type"))
            continue
        if not (0 <= s["start"] < s["end"] <= len(text)):
            errs.append("span out of range")
            continue
        if text[s["start"]:s["end"]] != s["value"]:
            errs.append("offset mismatch %r" % s["value"])
        if s["start"] < prev_end:
            errs.append("overlapping spans at %d" % s["start"])
        prev_end = max(prev_end, s["end"])
        v = s["value"]
        if v != v.strip() or v[-1] in ".。，,:：;；\"'<>" or v[0] in "\"'<>:：":
            errs.append("span boundary includes punctuation/space %r" % v)
        e = check_value(s["type"], v, text)
        if e:
            errs.append("%s %r: %s" % (s["type"], v, e))
    if spans != sorted(spans, key=lambda s: (s["start"], s["end"])):
        errs.append("spans not sorted")
    # kinds
    if o["kind"] == "positive" and not spans:
        errs.append("positive without spans")
    if o["kind"] in ("hard_negative", "negative") and spans:
        errs.append("%s holds labelled entities" % o["kind"])
    if o["kind"] == "hard_negative" and not tags:
        errs.append("hard negative without trap tags")
    if o["kind"] == "negative" and tags:
        errs.append("negative with trap tags")
    # invariant: no PII-shaped strings outside spans
    for name, a, b, val in scan(text):
        if overlaps(a, b, spans):
            continue
        if name in EXEMPT and EXEMPT[name] in tags:
            continue
        errs.append("unlabelled %s %r outside spans" % (name, val))
    # trap tag evidence
    if "id_fail" in tags:
        c = [x for x in re.findall(r"(?<!\d)\d{17}[\dX](?![0-9A-Za-z])", text) if not ric.is_valid(x)]
        if not c:
            errs.append("id_fail without failing 18-digit id")
    if "luhn_fail" in tags:
        runs = re.findall(r"(?<!\d)\d{16,19}(?!\d)", text) + [
            digits(x.group()) for x in re.finditer(r"(?<!\d)\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{1,3})?(?![ -]?\d)", text)]
        if not [r for r in runs if not luhn.is_valid(r)]:
            errs.append("luhn_fail without Luhn-failing 16-19 digit number")
    if "uscc_fail" in tags:
        c = [x for x in re.findall(r"(?<![0-9A-Z])[1-9A-Y][1-9]\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])", text)
             if not uscc.is_valid(x)]
        if not c:
            errs.append("uscc_fail without failing USCC-shaped code")
    return errs


def main(path):
    errors = 0
    ids = set()
    n = 0
    with open(path, encoding="utf-8") as fh:
        for ln, raw in enumerate(fh, 1):
            n += 1
            try:
                o = json.loads(raw)
            except ValueError as ex:
                print("line %d: bad JSON: %s" % (ln, ex))
                errors += 1
                continue
            if o.get("id") in ids:
                print("line %d: duplicate id %s" % (ln, o.get("id")))
                errors += 1
            ids.add(o.get("id"))
            for e in check_line(o):
                print("line %d %s: %s" % (ln, o.get("id"), e))
                errors += 1
    if n != 900:
        print("expected 900 lines, found %d" % n)
        errors += 1
    if errors:
        print("FAILED: %d error(s)" % errors)
        return 1
    print("OK: %d lines, all checks passed" % n)
    return 0


if __name__ == "__main__":
    here = os.path.dirname(os.path.abspath(__file__))
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "dev2.jsonl")))
