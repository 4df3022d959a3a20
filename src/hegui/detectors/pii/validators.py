"""Checks that a candidate string really is the identifier its shape suggests.

A regex finds 18 digits; only the standard tells a resident ID from an order number: a real province
prefix, a birth date that exists, and the GB 11643-1999 MOD 11-2 check digit. The same goes for unified
social credit codes (GB 32100-2015) and card numbers (Luhn). The check digits come from python-stdnum;
what it does not check is kept here. Its ``cn.ric.is_valid`` is not used whole: it knows no 15-digit IDs,
sets no bound on the birth date, and looks the 6-digit area code up in a dated table (IDs with prefixes
such as 71/81/82/83 fail it), where hegui only asks for a province prefix. Its ``cn.uscc.is_valid``
rejects letters in the first two places, which GB 32100 allows (e.g. an authority code of A, N or Y).
"""

from __future__ import annotations

import datetime as dt
import re

from stdnum import luhn
from stdnum.cn import ric, uscc

PROVINCE_PREFIXES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
}
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_DIGITS_ONLY = re.compile(r"\D")
FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")


def normalize_digits(text: str) -> str:
    """Full-width digits are common in Chinese text; validation works on the ASCII form."""
    return text.translate(FULLWIDTH)


def _valid_date(year: int, month: int, day: int) -> bool:
    try:
        born = dt.date(year, month, day)
    except ValueError:
        return False
    return dt.date(1900, 1, 1) <= born <= dt.date.today()


def resident_id_check_digit(first17: str) -> str:
    if len(first17) != 17 or not first17.isdigit():
        raise ValueError(f"need the first 17 digits of a resident ID, got {first17!r}")
    return ric.calc_check_digit(first17 + "0")  # stdnum drops the last character: the check digit


def is_resident_id(candidate: str) -> bool:
    """18-digit (GB 11643-1999) or legacy 15-digit resident identity number."""
    text = normalize_digits(candidate).upper()
    if len(text) == 18 and text[:17].isdigit():
        return (
            text[:2] in PROVINCE_PREFIXES
            and _valid_date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
            and resident_id_check_digit(text[:17]) == text[17]
        )
    if len(text) == 15 and text.isdigit():
        return text[:2] in PROVINCE_PREFIXES and _valid_date(1900 + int(text[6:8]), int(text[8:10]), int(text[10:12]))
    return False


def uscc_check_char(first17: str) -> str:
    if len(first17) != 17 or any(c not in USCC_ALPHABET for c in first17):
        raise ValueError(f"need the first 17 characters of a USCC, got {first17!r}")
    return uscc.calc_check_digit(first17)


def is_uscc(candidate: str) -> bool:
    """Unified social credit code, GB 32100-2015: 18 characters, MOD 31 check character."""
    text = candidate.upper()
    if len(text) != 18 or any(c not in USCC_ALPHABET for c in text):
        return False
    return text[2:8].isdigit() and uscc_check_char(text[:17]) == text[17]


def luhn_ok(candidate: str) -> bool:
    digits = _DIGITS_ONLY.sub("", normalize_digits(candidate))
    # ``\d`` keeps any Unicode decimal digit; stdnum's Luhn reads ASCII ones.
    return bool(digits) and luhn.is_valid("".join(str(int(c)) for c in digits))


def is_mainland_mobile(candidate: str) -> bool:
    digits = _DIGITS_ONLY.sub("", normalize_digits(candidate))
    if digits.startswith("0086"):
        digits = digits[4:]
    elif digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return len(digits) == 11 and digits[0] == "1" and digits[1] in "3456789"


def is_ssn(candidate: str) -> bool:
    """A US SSN as the SSA issues them: area 001–899 except 666 (9xx are ITINs or never issued), group ≠ 00,
    serial ≠ 0000. 971-44-1594 is then a part number, not anyone's SSN."""
    digits = _DIGITS_ONLY.sub("", normalize_digits(candidate))
    if len(digits) != 9 or len(set(digits)) == 1:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"
