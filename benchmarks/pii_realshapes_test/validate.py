#!/usr/bin/env python3
"""Validate test.jsonl against the labelling rules in CARD.md.

    /work/venv/bin/python validate.py [test.jsonl]   # exit 1 on any error

Checks
  * schema, enums, unique ids, kind/entity consistency
  * every span exact (text[start:end] == value), in bounds, non-overlapping
  * every labelled value is well-formed for its type; checksums pass on
    CN_RESIDENT_ID (GB 11643 + real birth date), BANK_CARD (Luhn), CN_USCC
    (GB 32100 + GB 11714 organisation-code check), US_SSN ranges
  * context rules: QQ_NUMBER lines mention QQ; DATE_OF_BIRTH lines carry a
    birth cue
  * nothing PII-shaped is left unlabelled: outside spans (and in every
    negative line) there is no Luhn-valid 16-19 digit run, no valid ID, no
    valid USCC, no CN mobile, no valid-range SSN, no MAC, no email, no IPv4,
    no E/G passport token -- except the documented, id-tagged traps
  * "fails checksum" traps really fail: every *-id_fail line holds an
    18-char ID-shaped token failing GB 11643, every *-luhn_fail line a
    16-19 digit run failing Luhn, every *-uscc_fail line a USCC-shaped token
    failing GB 32100
"""
import collections
import datetime
import ipaddress
import json
import os
import re
import sys

from stdnum import luhn
from stdnum.cn import ric, uscc

HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = {"CN_RESIDENT_ID", "CN_MOBILE", "BANK_CARD", "CN_USCC", "CN_PASSPORT", "CN_LICENSE_PLATE",
         "EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON", "LOCATION", "US_SSN", "IP_ADDRESS", "QQ_NUMBER",
         "MAC_ADDRESS", "DATE_OF_BIRTH"}
SHAPES = {"kv_log", "json_log", "md_table", "csv", "form", "code", "chat", "ticket", "prose"}
errors = []


def err(rid, msg):
    errors.append(f"{rid}: {msg}")


def ric_ok(s):
    try:
        return ric.is_valid(s)
    except Exception:
        return False


def org_check(code8):
    w = [3, 7, 9, 10, 5, 8, 4, 2]
    vals = [int(c) if c.isdigit() else ord(c) - 55 for c in code8]
    c = 11 - sum(a * b for a, b in zip(vals, w)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
MAC_RE = re.compile(r"^([0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\2[0-9A-Fa-f]{2}){4}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})$")
PLATE_RE = re.compile(r"^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·\s]?([A-HJ-NP-Z0-9]{5}|[DF]\d{5})$")
PASSPORT_RE = re.compile(r"^(E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8})$")
CN_LAND_RE = re.compile(r"^(\+86-\d{2,3}-\d{7,8}|\(0\d{2,3}\)\d{7,8}|0\d{2,3}[- ]?\d{3,4}[- ]?\d{4})$")
US_PHONE_RE = re.compile(r"^(\+1[ -])?(\(?)([2-9]\d{2})\)?[ .-]?([2-9]\d{2})[ .-](\d{4})$")
TOLL_FREE = {"800", "888", "877", "866", "855", "844", "833"}
ZH_NAME_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
EN_NAME_RE = re.compile(r"^[A-Z][a-z'-]+( [A-Z][a-z'-]+)+$")
BIRTH_CUE = re.compile(r"出生|生日|birth|DOB|dob|born|Birth", re.I)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def parse_date(v):
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", v)
    if m:
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", v)
    if m:
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", v)
    if m:
        return datetime.date(int(m[3]), int(m[1]), int(m[2]))
    m = re.fullmatch(r"([A-Z][a-z]+) (\d{1,2}), (\d{4})", v)
    if m:
        mon = [x for x in MONTHS if x.startswith(m[1])][0]
        return datetime.date(int(m[3]), MONTHS.index(mon) + 1, int(m[2]))
    m = re.fullmatch(r"(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})", v)
    if m:
        mon = [x for x in MONTHS if x.startswith(m[2])][0]
        return datetime.date(int(m[3]), MONTHS.index(mon) + 1, int(m[1]))
    raise ValueError(v)


def check_value(rid, typ, v, text):
    ok = True
    if typ == "CN_RESIDENT_ID":
        ok = len(v) == 18 and ric_ok(v) and ric.get_birth_date(v) <= datetime.date.today()
    elif typ == "BANK_CARD":
        d = re.sub(r"[ -]", "", v)
        ok = d.isdigit() and 16 <= len(d) <= 19 and luhn.is_valid(d) and not ric_ok(d)
    elif typ == "CN_USCC":
        ok = uscc.is_valid(v) and org_check(v[8:16]) == v[16]
    elif typ == "CN_MOBILE":
        d = re.sub(r"^\+86[ -]?", "", v)
        ok = bool(re.fullmatch(r"1[3-9]\d-?\d{4}-?\d{4}|1[3-9]\d \d{4} \d{4}", d))
    elif typ == "CN_PASSPORT":
        ok = bool(PASSPORT_RE.match(v))
    elif typ == "CN_LICENSE_PLATE":
        ok = bool(PLATE_RE.match(v))
    elif typ == "EMAIL_ADDRESS":
        ok = bool(EMAIL_RE.match(v))
    elif typ == "PHONE_NUMBER":
        m = US_PHONE_RE.match(v)
        ok = bool(CN_LAND_RE.match(v)) or bool(m and m[3] not in TOLL_FREE and m[4] != "555")
        ok = ok and not re.sub(r"\D", "", v).startswith(("400", "800"))
    elif typ == "US_SSN":
        m = re.fullmatch(r"(\d{3})[- ]?(\d{2})[- ]?(\d{4})", v)
        ok = bool(m) and m[1] not in ("000", "666") and int(m[1]) < 900 and m[2] != "00" and m[3] != "0000"
    elif typ == "IP_ADDRESS":
        try:
            ipaddress.ip_address(v)
        except ValueError:
            ok = False
    elif typ == "QQ_NUMBER":
        ok = bool(re.fullmatch(r"[1-9]\d{4,10}", v)) and re.search(r"qq|扣扣", text, re.I) is not None
    elif typ == "MAC_ADDRESS":
        ok = bool(MAC_RE.match(v))
    elif typ == "DATE_OF_BIRTH":
        try:
            d = parse_date(v)
            ok = 1950 <= d.year <= 2010 and BIRTH_CUE.search(text) is not None
        except (ValueError, IndexError):
            ok = False
    elif typ == "PERSON":
        ok = bool(ZH_NAME_RE.match(v) or EN_NAME_RE.match(v))
    elif typ == "LOCATION":
        ok = bool(re.search(r"\d+号", v)) or bool(re.match(r"^(Room \d+, )?(Building \d+, )?No\. \d+ ", v)) or bool(re.match(r"^\d+ [A-Z]", v))
    if not ok:
        err(rid, f"bad {typ} value {v!r}")


# ---- leak scanners over text with spans blanked ----
def scan_leaks(text):
    """Return list of (kind, token) for PII-shaped things in text."""
    out = []
    runs = [m.group(0) for m in re.finditer(r"\d+", text)]
    runs += [re.sub(r"[ -]", "", m.group(0)) for m in re.finditer(r"\d+(?:[ -]\d+)+", text)]
    for r in runs:
        if 16 <= len(r) <= 19 and luhn.is_valid(r):
            out.append(("luhn_valid", r))
        if len(r) == 18 and ric_ok(r):
            out.append(("valid_id", r))
        if len(r) == 11 and re.fullmatch(r"1[3-9]\d{9}", r):
            out.append(("mobile", r))
    for m in re.finditer(r"(?<![0-9A-Za-z])[0-9A-Z]{18}(?![0-9A-Za-z])", text):
        if uscc.is_valid(m.group(0)):
            out.append(("valid_uscc", m.group(0)))
        if ric_ok(m.group(0)):
            out.append(("valid_id", m.group(0)))
    for m in re.finditer(r"(?<![\d-])(\d{3})-(\d{2})-(\d{4})(?![\d-])", text):
        if m[1] not in ("000", "666") and int(m[1]) < 900 and m[2] != "00":
            out.append(("ssn", m.group(0)))
    for m in re.finditer(r"(?<![0-9A-Fa-f:.-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}(?![0-9A-Fa-f:-])", text):
        out.append(("mac", m.group(0)))
    for m in re.finditer(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", text):
        out.append(("email", m.group(0)))
    for m in re.finditer(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d.])", text):
        if all(int(x) <= 255 for x in m.groups()):
            out.append(("ipv4", m.group(0)))
    for m in re.finditer(r"(?<![A-Za-z0-9])(E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8})(?![A-Za-z0-9])", text):
        out.append(("passport", m.group(0)))
    for m in re.finditer(r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][·]?[A-HJ-NP-Z0-9]{5}(?![A-Za-z0-9])", text):
        out.append(("plate", m.group(0)))
    for m in re.finditer(r"(?<![\d-])0\d{2,3}-\d{7,8}(?![\d-])|\(0\d{2,3}\)\d{7,8}", text):
        out.append(("cn_landline", m.group(0)))
    for m in re.finditer(r"(?<![\d.-])\(?([2-9]\d{2})\)?[ .-]([2-9]\d{2})[ .-](\d{4})(?![\d.-])", text):
        if m[1] not in TOLL_FREE and not m[1].endswith("00"):
            out.append(("us_phone", m.group(0)))
    return out


# traps that are allowed to look like a given leak kind, keyed by id tag
ALLOWED = {"email": {"email_like"}, "ipv4": {"ip_like"}, "passport": {"passport_like"}}


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "test.jsonl")
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                err(f"line {n}", f"json: {e}")
    ids = collections.Counter(r["id"] for r in rows)
    for k, c in ids.items():
        if c > 1:
            err(k, f"duplicate id x{c}")
    allowed_hits = collections.Counter()
    fail_checked = collections.Counter()
    for r in rows:
        rid = r.get("id")
        if set(r) != {"id", "lang", "shape", "kind", "text", "entities"}:
            err(rid, f"keys {sorted(r)}")
            continue
        if r["lang"] not in ("zh", "en", "mixed"):
            err(rid, "lang")
        if r["shape"] not in SHAPES:
            err(rid, "shape")
        if r["kind"] not in ("positive", "hard_negative", "negative"):
            err(rid, "kind")
        text, ents = r["text"], r["entities"]
        if (r["kind"] == "positive") != bool(ents):
            err(rid, "kind/entities mismatch")
        prev_end = -1
        for e in sorted(ents, key=lambda e: e["start"]):
            if set(e) != {"type", "start", "end", "value"}:
                err(rid, f"entity keys {sorted(e)}")
                continue
            if e["type"] not in TYPES:
                err(rid, f"type {e['type']}")
            if not (0 <= e["start"] < e["end"] <= len(text)):
                err(rid, f"span bounds {e}")
            if text[e["start"]:e["end"]] != e["value"]:
                err(rid, f"span mismatch {e}")
            if e["value"] != e["value"].strip():
                err(rid, f"span whitespace {e}")
            if e["start"] < prev_end:
                err(rid, f"overlap at {e}")
            prev_end = e["end"]
            check_value(rid, e["type"], e["value"], text)
        # blank out labelled spans, then look for leftovers
        chars = list(text)
        for e in ents:
            for i in range(e["start"], e["end"]):
                chars[i] = "\x00"
        rest = "".join(chars)
        tags = set(rid.split("-hn-")[1].split("+")) if "-hn-" in rid else set()
        for kind_, tok in scan_leaks(rest):
            if tags & ALLOWED.get(kind_, set()):
                allowed_hits[kind_] += 1
                continue
            if kind_ == "email" and "*" in text[max(0, rest.find(tok) - 5):rest.find(tok)]:
                continue
            err(rid, f"unlabelled {kind_}: {tok!r}")
        # fails-checksum traps really fail
        if "id_fail" in tags:
            toks = [m.group(0) for m in re.finditer(r"(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])", text)]
            if not toks or any(ric_ok(t) for t in toks):
                err(rid, "id_fail line without failing 18-char ID token")
            fail_checked["id_fail"] += 1
        if "luhn_fail" in tags:
            runs = [re.sub(r"[ -]", "", m.group(0)) for m in re.finditer(r"\d{4}(?:[ -]?\d){12,15}", text)]
            runs = [x for x in runs if 16 <= len(x) <= 19]
            if not runs or any(luhn.is_valid(x) for x in runs):
                err(rid, "luhn_fail line without failing 16-19 digit run")
            fail_checked["luhn_fail"] += 1
        if "uscc_fail" in tags:
            toks = [m.group(0) for m in re.finditer(r"(?<![0-9A-Z])\d{8}[0-9A-Z]{10}(?![0-9A-Z])", text)]
            toks = [t for t in toks if not t.isdigit() or not ric_ok(t)]
            if not toks or any(uscc.is_valid(t) for t in toks):
                err(rid, "uscc_fail line without failing USCC token")
            fail_checked["uscc_fail"] += 1
    # fails-checksum values anywhere in negatives (not only primary tag)
    n_fail_tokens = collections.Counter()
    for r in rows:
        if r["kind"] == "positive":
            continue
        for m in re.finditer(r"(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])", r["text"]):
            assert not ric_ok(m.group(0))
            n_fail_tokens["18-char ID-shaped, failing GB 11643"] += 1
        for m in re.finditer(r"(?<![\d -])\d{4}(?:[ -]?\d){12,15}(?![\d])", r["text"]):
            d = re.sub(r"[ -]", "", m.group(0))
            if 16 <= len(d) <= 19:
                assert not luhn.is_valid(d)
                n_fail_tokens["16-19 digit run, failing Luhn"] += 1
        for m in re.finditer(r"(?<![0-9A-Z])\d{8}[0-9A-Z]{9}[0-9A-Z](?![0-9A-Z])", r["text"]):
            if re.search(r"[A-Z]", m.group(0)):
                assert not uscc.is_valid(m.group(0))
                n_fail_tokens["USCC-shaped with letters, failing GB 32100"] += 1
    print(f"lines: {len(rows)}  unique ids: {len(ids)}  spans: {sum(len(r['entities']) for r in rows)}")
    print("kind:", dict(collections.Counter(r["kind"] for r in rows)))
    print("lang:", dict(collections.Counter(r["lang"] for r in rows)))
    print("shape:", dict(collections.Counter(r["shape"] for r in rows)))
    print("types:", dict(collections.Counter(e["type"] for r in rows for e in r["entities"])))
    print("documented trap look-alikes found (allowed):", dict(allowed_hits))
    print("fails-checksum lines checked:", dict(fail_checked))
    print("fails-checksum tokens in negative lines:", dict(n_fail_tokens))
    if errors:
        print(f"\n{len(errors)} ERRORS")
        for e in errors[:60]:
            print("  " + e)
        sys.exit(1)
    print("\nOK: all checks passed")


if __name__ == "__main__":
    main()
