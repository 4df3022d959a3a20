"""Recognizers for Chinese personal data, built on Presidio's recognizer classes.

Patterns find candidates; validators decide (a checksum that fails discards the candidate, one that
passes raises it to full confidence); context words around a candidate (身份证, 手机, 银行卡, ...) raise
the confidence of the ones no checksum can confirm. Presidio's own recognizers cover English PII.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer, RecognizerResult

from .validators import is_mainland_mobile, is_resident_id, is_ssn, is_uscc, luhn_ok

_NOT_DIGIT_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_DIGIT_AFTER = r"(?![0-9A-Za-z])"


def _bank_card(candidate: str) -> bool | None:
    digits = re.sub(r"\D", "", candidate)
    if not 16 <= len(digits) <= 19:
        return False
    # A number that fails Luhn is not a card number, whatever its prefix or the words around it.
    return luhn_ok(digits)


PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"


def _plate_has_digits(candidate: str) -> bool:
    # A plate has at most two letters after the region letter; 5 letters is a word, not a plate.
    return sum(c.isdigit() for c in candidate[2:].lstrip("· ")) >= 3


@dataclass(frozen=True)
class PatternSpec:
    """One pattern recognizer: what it finds, the regexes that find it, the words that raise its score
    nearby, and how a candidate is checked.

    ``validate`` returns True, False or None; ``on_valid`` is what a True means to Presidio (True: confirmed,
    score 1.0; None: keep the pattern's score, for context to decide). False always discards, and None
    always keeps the pattern's score. ``not_after`` discards a candidate when it matches in the 10
    characters before it (订单号 6222…: an order number, not a card).
    """

    entity: str
    name: str  # "{language}" is replaced by the recognizer's language
    patterns: tuple[tuple[str, str, float], ...]
    context: tuple[str, ...]
    validate: Callable[[str], bool | None] | None = None
    on_valid: bool | None = True
    languages: tuple[str, ...] = ("en", "zh")
    not_after: re.Pattern[str] | None = None


PATTERN_TABLE: tuple[PatternSpec, ...] = (
    PatternSpec(
        "CN_RESIDENT_ID", "ResidentIdRecognizer_{language}",
        (("id18", _NOT_DIGIT_BEFORE + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]" + _NOT_DIGIT_AFTER, 0.4),
         ("id15", _NOT_DIGIT_BEFORE + r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}" + _NOT_DIGIT_AFTER, 0.2)),
        ("身份证", "身份证号", "证件", "证件号", "公民身份", "id", "identity", "身份"),
        validate=is_resident_id,
    ),
    PatternSpec(
        "CN_MOBILE", "MobileRecognizer_{language}",
        (("mobile", r"(?<![0-9+])(?:(?:\+|00)86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}" + _NOT_DIGIT_AFTER, 0.6),),
        ("手机", "手机号", "电话", "联系", "致电", "拨打", "号码", "微信", "mobile", "phone", "call", "tel", "cell"),
        validate=is_mainland_mobile, on_valid=None,
    ),
    PatternSpec(
        "PHONE_NUMBER", "LandlineRecognizer_{language}",
        (("cn_landline", r"(?<![0-9])(?<![0-9][\s-])(?:[(（]0\d{2,3}[)）]\s?|0\d{2,3}[\s-])\d{3,4}[\s-]?\d{3,4}" + _NOT_DIGIT_AFTER, 0.5),
         # +86-10-62345678: the trunk 0 is dropped after the country code
         ("cn_landline_intl", r"(?<![0-9+])\+86[\s-]?(?:10|2\d|[3-9]\d{2})[\s-]\d{7,8}" + _NOT_DIGIT_AFTER, 0.5),
         # unseparated: trunk 0, a two- or three-digit area code (10, 2x, 3xx–9xx) and the local number
         ("cn_landline_plain", r"(?<![0-9A-Za-z+])0(?:(?:10|2\d)\d{8}|[3-9]\d{2}\d{7,8})" + _NOT_DIGIT_AFTER, 0.5)),
        ("电话", "座机", "固话", "联系", "传真", "phone", "tel", "call", "office"),
        # 发票代码074145525014: twelve digits after a 0 under a code's key are the invoice's, not a line's
        not_after=re.compile(r"(?:代码|编码|编号|单号|订单|流水|运单|批次|序列|发票|票号|校验码|order|invoice|serial|ref|code)", re.IGNORECASE),
    ),
    PatternSpec(
        "BANK_CARD", "BankCardRecognizer_{language}",
        (("card_grouped", r"(?<![0-9])\d{4}(?:[ -]\d{4}){3}(?:[ -]?\d{1,3})?" + _NOT_DIGIT_AFTER, 0.3),
         ("card_plain", r"(?<![0-9])\d{16,19}" + _NOT_DIGIT_AFTER, 0.3)),
        ("银行卡", "卡号", "账号", "账户", "信用卡", "借记卡", "储蓄卡", "转账", "card", "account", "credit", "debit", "visa", "mastercard", "unionpay"),
        validate=_bank_card,
        not_after=re.compile(r"(?:订单|单号|流水|编号|运单|快递|物流|发票|票号|批次|序列|order|tracking|invoice|serial|isbn|ref)", re.IGNORECASE),
    ),
    PatternSpec(
        "CN_USCC", "UsccRecognizer_{language}",
        (("uscc", _NOT_DIGIT_BEFORE + r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}" + _NOT_DIGIT_AFTER, 0.4),),
        ("统一社会信用代码", "信用代码", "营业执照", "税号", "uscc", "credit code"),
        validate=is_uscc,
    ),
    PatternSpec(
        "CN_PASSPORT", "PassportRecognizer_{language}",
        (("passport", _NOT_DIGIT_BEFORE + r"(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7})" + _NOT_DIGIT_AFTER, 0.45),),
        ("护照", "护照号", "证件", "passport"),
    ),
    PatternSpec(
        "CN_LICENSE_PLATE", "LicensePlateRecognizer_{language}",
        (("plate", rf"[{PLATE_PROVINCES}][A-HJ-NP-Z][· ]?(?:[DF][A-HJ-NP-Z0-9]\d{{4}}|[A-HJ-NP-Z0-9]{{5}})" + _NOT_DIGIT_AFTER, 0.6),),
        ("车牌", "车牌号", "车辆", "号牌", "plate", "vehicle", "car"),
        validate=_plate_has_digits, on_valid=None,
    ),
    # Presidio's email pattern treats Chinese characters as word characters (邮箱zhang@… would match
    # whole); an address is bounded by anything that cannot be in one.
    PatternSpec(
        "EMAIL_ADDRESS", "AsciiEmailRecognizer_{language}",
        (("email", r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9])", 0.9),),
        ("邮箱", "邮件", "email", "e-mail", "mail"),
        # English too: Presidio's own pattern takes ``user=`` in a key=value log line into the address.
    ),
    # IPv4 addresses inside Chinese text, where ``\b`` does not separate digits from 汉字.
    PatternSpec(
        "IP_ADDRESS", "AsciiIpRecognizer",
        (("ipv4", r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])", 0.6),),
        ("ip", "地址", "登录", "访问"),
        languages=("zh",),
    ),
    # Six colon/dash-separated hex pairs, or Cisco's three dotted quads: no other identifier has the shape.
    PatternSpec(
        "MAC_ADDRESS", "MacAddressRecognizer_{language}",
        (("mac", r"(?<![0-9A-Fa-f:.-])(?:(?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}|(?:[0-9A-Fa-f]{2}-){5}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![0-9A-Fa-f:.-])", 0.6),),
        ("mac", "物理地址", "网卡", "设备", "device", "wifi", "hardware"),
    ),
    # Presidio's phone recognizer keeps only numbers the phonenumbers library can validate; written text
    # (and test data) is full of numbers in the right shape with unassigned area codes, which are still
    # someone's number to the reader. Shape plus context, then.
    PatternSpec(
        "PHONE_NUMBER", "NorthAmericanPhoneRecognizer",
        (("nanp", r"(?<![\d+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?:\s?(?:x|ext\.?)\s?\d{1,5})?(?!\d)", 0.5),),
        ("phone", "call", "tel", "mobile", "cell", "reach", "text", "contact", "fax"),
        languages=("en",),
    ),
)


class TableRecognizer(PatternRecognizer):
    """A pattern recognizer made from one row of PATTERN_TABLE."""

    def __init__(self, spec: PatternSpec, language: str):
        self.spec = spec
        super().__init__(
            supported_entity=spec.entity,
            supported_language=language,
            name=spec.name.format(language=language),
            patterns=[Pattern(name, regex, score) for name, regex, score in spec.patterns],
            context=list(spec.context),
        )

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        if self.spec.not_after is None:
            return results
        return [r for r in results if not self.spec.not_after.search(text[max(0, r.start - 10) : r.start])]

    def validate_result(self, pattern_text: str) -> bool | None:
        if self.spec.validate is None:
            return None
        verdict = self.spec.validate(pattern_text)
        return self.spec.on_valid if verdict else verdict


def table_recognizers() -> list[TableRecognizer]:
    return [TableRecognizer(spec, language) for spec in PATTERN_TABLE for language in spec.languages]


def ssn_recognizer(language: str) -> PatternRecognizer:
    """Presidio's SSN recognizer with the SSA's issuing rules (``is_ssn``) and boundaries that also hold next to
    Chinese text (他的SSN是778-55-1665, where ``\b`` finds no word boundary)."""
    from presidio_analyzer.predefined_recognizers import UsSsnRecognizer

    edge, end = r"(?<![0-9A-Za-z-])", r"(?![0-9A-Za-z]|-\d)"

    class SsaRecognizer(UsSsnRecognizer):
        PATTERNS = [
            Pattern("SSN4 (very weak)", edge + r"[0-9]{9}" + end, 0.05),
            Pattern("SSN5 (medium)", edge + r"([0-9]{3})([- ])([0-9]{2})\2([0-9]{4})" + end, 0.5),
        ]

        def invalidate_result(self, pattern_text: str) -> bool:
            return super().invalidate_result(pattern_text) or not is_ssn(pattern_text)

    return SsaRecognizer(supported_language=language, name=f"UsSsnRecognizer_{language}")


# Characters that never sit inside a place name but often stand right before an address (停在…, 寄到…,
# 住址…, 的…): an address starts after them, so a sentence is not swallowed into the street name.
_PLACE_CHAR = r"(?:(?![在到至往址住寄送的了把被给是请与及过去搬])[\u4e00-\u9fff])"
_ADMIN = (
    rf"(?:{_PLACE_CHAR}{{2,7}}?(?:省|自治区|特别行政区))?"
    rf"(?:{_PLACE_CHAR}{{1,7}}?(?:市|州|盟|地区))?"
    rf"(?:{_PLACE_CHAR}{{1,8}}?(?:县|区|旗|市|新区))"
)
# After an administrative prefix any street word will do (东四十条, 南锣鼓巷), and a building letter may stand
# for the house number (…兰州路D座); without one the street word must be one that no ordinary sentence ends a
# word with before a house number (知道3号 is a date, 大道3号 a street), and the number must be a 号.
_ADMIN_STREET = (
    rf"(?:{_ADMIN}|(?:{_PLACE_CHAR}{{2,7}}?(?:省|自治区))?{_PLACE_CHAR}{{1,7}}?(?:市|州))"
    rf"{_PLACE_CHAR}{{1,12}}?(?:大道|大街|胡同|路|街|道|巷|里|弄|条)"
    r"(?:\d{1,5}弄)?(?:\d{1,5}号|[A-Za-z0-9]{1,5}(?:座|栋|幢))"
)
_STREET = rf"{_PLACE_CHAR}{{2,8}}?(?:大道|大街|胡同|路|街|巷)(?:\d{{1,5}}弄)?\d{{1,5}}号"
# What may follow the house number: 院, an estate or building name before its block/floor/room numbers
# (万科城市花园28栋5单元306室, 创业大厦9层, SOHO现代城A座1201室), and a bare room number after a unit or
# building (1单元2804, 3号楼802, B塔2501). 3号线 is a metro line, not a house.
_UNIT = rf"(?:(?:{_PLACE_CHAR}|[A-Za-z]){{2,10}}?)?(?:\d{{1,5}}[A-Za-z]?|[A-Za-z])(?:号楼|号院|栋|幢|座|塔|单元|室|层|楼|号(?!线))"
_ROOM = r"(?:(?<=单元)|(?<=号楼)|(?<=[座塔栋幢]))\d{2,5}(?!\d)"
ADDRESS_PATTERN = rf"(?:{_ADMIN_STREET}|{_STREET})(?!线)院?(?:{_UNIT})*(?:{_ROOM})?(?:\s?\d{{6}}(?!\d))?"


class ChineseAddressRecognizer(PatternRecognizer):
    """Street-level Chinese addresses: a street and its house number (号), optionally led by province, city and
    district and followed by estate, building, unit and room. A city or district alone is no one's address."""

    def __init__(self):
        super().__init__(
            supported_entity="LOCATION",
            supported_language="zh",
            name="ChineseAddressRecognizer",
            patterns=[Pattern("cn_address", ADDRESS_PATTERN, 0.55)],
            context=["地址", "住址", "住在", "家住", "收货", "寄到", "送到", "户籍", "居住"],
        )

    # The pattern can start too early ("陈鹏家住合山市…"): cut at the last word that introduces an address.
    LEADING = re.compile(r"(?:住在|家住|住址[：:]?|地址[：:]?|位于|来自|寄到|送到|寄往|发往|搬到|搬去|现住|居住在|户籍在|收货地|^在|^于|^是|^到|^往|^的)")

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        for result in results:
            head = text[result.start : min(result.end, result.start + 14)]
            cuts = [m.end() for m in self.LEADING.finditer(head)]
            if cuts:
                result.start += cuts[-1]
        return [r for r in results if r.end - r.start >= 5]


# USPS street suffixes (Publication 28, C1), each also plural, and their common abbreviations.
_STREET_WORDS = (
    "Alley", "Annex", "Anex", "Arcade", "Avenue", "Bayou", "Beach", "Bend", "Bluff", "Bottom", "Boulevard",
    "Branch", "Bridge", "Brook", "Burg", "Bypass", "Camp", "Canyon", "Cape", "Causeway", "Center", "Centre",
    "Circle", "Cliff", "Club", "Common", "Corner", "Course", "Court", "Cove", "Creek", "Crescent", "Crest",
    "Crossing", "Crossroad", "Curve", "Dale", "Dam", "Divide", "Drive", "Estate", "Expressway", "Extension", "Fall",
    "Falls", "Ferry", "Field", "Flat", "Ford", "Forest", "Forge", "Fork", "Fort", "Freeway", "Garden", "Gateway",
    "Glen", "Green", "Grove", "Harbor", "Haven", "Heights", "Highway", "Hill", "Hollow", "Inlet", "Island", "Isle",
    "Junction", "Key", "Knoll", "Lake", "Land", "Landing", "Lane", "Light", "Loaf", "Lock", "Lodge", "Loop", "Mall",
    "Manor", "Meadow", "Mews", "Mill", "Mission", "Motorway", "Mount", "Mountain", "Neck", "Orchard", "Oval",
    "Overpass", "Park", "Parkway", "Pass", "Passage", "Path", "Pike", "Pine", "Place", "Plain", "Plaza", "Point",
    "Port", "Prairie", "Radial", "Ramp", "Ranch", "Rapid", "Rest", "Ridge", "River", "Road", "Route", "Row", "Rue",
    "Run", "Shoal", "Shore", "Skyway", "Spring", "Spur", "Square", "Station", "Stravenue", "Stream", "Street",
    "Summit", "Terrace", "Throughway", "Trace", "Track", "Trafficway", "Trail", "Trailer", "Tunnel", "Turnpike",
    "Underpass", "Union", "Valley", "Viaduct", "View", "Village", "Ville", "Vista", "Walk", "Wall", "Way", "Well"
)
_STREET_ABBREVIATIONS = (
    "St", "Ave", "Av", "Rd", "Blvd", "Ln", "Dr", "Ct", "Pl", "Pkwy", "Hwy", "Cir", "Ter", "Sq", "Trl", "Expy",
    "Fwy", "Cres"
)


class EnglishAddressRecognizer(PatternRecognizer):
    """US street addresses (number, street, [unit], [city, ST ZIP]) and Chinese addresses written in pinyin
    (Room 1203, No. 88 Jianguo Road, Chaoyang District, Beijing 100020, China). Words are separated by single
    spaces: a tab or a line break ends an address (the cell of a TSV row, the line of a form)."""

    SUFFIX = "(?:" + "|".join(f"{w}s?" for w in _STREET_WORDS) + "|" + "|".join(f"{a}\\.?" for a in _STREET_ABBREVIATIONS) + ")"
    UNIT = r"(?:,? (?:Suite|Ste\.?|Apt\.?|Apartment|Unit|Room|Rm\.?|Fl\.?|Floor|#) ?#?[0-9]{1,5}[A-Za-z]?)"
    CITY = r"(?:,? [A-Z][a-z]+(?: [A-Z][a-z]+)*, [A-Z]{2} \d{5}(?:-\d{4})?)"
    STREET_NAME = r"(?:\d{1,3}(?:st|nd|rd|th)|[A-Z][a-z]+)(?: [A-Z][a-z]+){0,3}"
    PINYIN = (
        r"(?:(?:Room|Flat|Unit|Apt\.?|Suite) [0-9]{1,5}[A-Z]?, )?(?:(?:Building|Block|Tower) [0-9]{1,4}[A-Z]?, )?"
        r"No\. ?\d{1,5},? (?:[A-Z][a-z']+ ){1,4}(?:Road|Street|Avenue|Lane|Boulevard|Hutong|Alley|Rd\.?|St\.?|Ave\.?)"
        r"(?:, [A-Z][a-z']+(?: [A-Z][a-z']+)? (?:District|County|New Area))?"
        r"(?:, [A-Z][a-z]+(?: (?:City|Province))?(?: \d{6})?)?(?:, [A-Z][a-z]+(?: \d{6})?)?(?:,? (?:China|P\.R\. China|PRC))?"
    )

    def __init__(self, language: str = "en"):
        start = r"(?<![0-9A-Za-z.-])"
        super().__init__(
            supported_entity="LOCATION",
            supported_language=language,
            name=f"EnglishAddressRecognizer_{language}",
            patterns=[
                Pattern("us_address", rf"{start}\d{{1,6}}[A-Z]? {self.STREET_NAME} {self.SUFFIX}(?![A-Za-z]){self.UNIT}?{self.CITY}?", 0.55),
                # street, city, state and ZIP together are an address whatever the street type is called
                Pattern("us_address_full", rf"{start}\d{{1,6}} {self.STREET_NAME}(?: [A-Z][A-Za-z.]+){{0,2}}{self.UNIT}?{self.CITY}(?!\d)", 0.85),
                Pattern("us_military", r"\b(?:(?:PSC|Unit)\s\d{4}|US[A-Z]{1,3}\s[A-Z][a-z]+),?\s(?:Box\s\d{4},?\s)?(?:APO|FPO|DPO)\s(?:AA|AE|AP)\s\d{5}\b", 0.85),
                Pattern("pinyin_address", rf"(?<![A-Za-z]){self.PINYIN}", 0.85),
            ],
            context=["address", "live", "lives", "living", "ship", "deliver", "mail", "resides", "located"],
            global_regex_flags=re.MULTILINE,
        )


def _load_surnames() -> tuple[frozenset[str], frozenset[str]]:
    from .surnames import COMPOUND_SURNAMES, SINGLE_SURNAMES

    return frozenset(SINGLE_SURNAMES), frozenset(COMPOUND_SURNAMES)


SINGLE_SURNAMES, COMPOUND_SURNAMES = _load_surnames()
# Given names are almost never made of function words or pronouns: 陆续有, 班里的, 都要上, 那我 are not names.
FUNCTION_CHARS = frozenset("的了有是在都还要没不也就和与上下里这那个们着过被把让给到说吗呢吧啊我你他她它您")
# Surnames that are also conjunctions or prepositions (和, 都, 但, 时): mid-sentence they are those words.
FUNCTION_SURNAMES = frozenset("和都但时于与及向对把被让给从在也就还才又")
PLACE_ENDINGS = frozenset("口庄村井祠寺庙州镇乡县区市省路街港岛湾桥园宫殿门府楼台阁坊屯堡寨沟岭坡店站厂色汇")
# A verb of saying right after a two-character name is not its third character: 车主高艳称… is 高艳, who says.
SPEECH_CHARS = frozenset("称说讲问答")


def _jieba():
    import jieba

    jieba.setLogLevel(60)
    jieba.dt.check_initialized()
    return jieba


def split_surname(name: str) -> tuple[str, str] | None:
    """(surname, given name) when the name starts with a known surname; compound surnames first (欧阳娜娜)."""
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    if name[:1] in SINGLE_SURNAMES:
        return name[:1], name[1:]
    return None


def _ordinary_word(name: str, given: str) -> bool:
    """来自五, 相信他, 母亲, 公司副: the "surname" starts a common word. 黄头发: the two-character "given name" is a
    common noun. Frequencies and tags are jieba's dictionary's (≥ 1000 is a common word). A compound surname is
    itself a common word (东方, 上官), so only the given name is judged there."""
    import jieba.posseg

    frequency = _jieba().dt.FREQ
    if name[:2] not in COMPOUND_SURNAMES and (frequency.get(name[:2]) or 0) >= 1000:
        return True
    # one-character given names are often nouns too (王飞, 杨兵): only a two-character one is judged
    return len(given) == 2 and jieba.posseg.dt.word_tag_tab.get(given) == "n" and (frequency.get(given) or 0) >= 1000


def plausible_chinese_name(name: str, before: str = "") -> bool:
    """A surname and one or two given-name characters that do not read as an ordinary word or a place."""
    parts = split_surname(name)
    if parts is None:
        return False
    given = parts[1]
    if not 1 <= len(given) <= 2 or any(c in FUNCTION_CHARS for c in given):
        return False
    if name[0] in FUNCTION_SURNAMES and re.match(r"[\u4e00-\u9fff]", before[-1:] or " "):
        return False
    return name[-1] not in PLACE_ENDINGS and not _ordinary_word(name, given)


def common_word(name: str, name_tag_at: int = 500, other_at: int = 100) -> bool:
    """房产, 任课, 晋升, 班主任: the whole candidate is a common dictionary word. People's names are in the
    dictionary too (李娜 438, 黄岩 41, 张建华 2), so a word jieba tags as a name must be more common than
    ``name_tag_at`` to count as a word; any other word, more common than ``other_at``."""
    import jieba.posseg

    frequency = _jieba().dt.FREQ.get(name) or 0
    tag = jieba.posseg.dt.word_tag_tab.get(name) or ""
    return frequency >= (name_tag_at if tag.startswith("nr") else other_at)


def name_end(text: str, start: int, end: int) -> int:
    """Where a three-character name candidate really ends. 用户孙洋反映…: 反映 is a word, so the name is 孙洋;
    车主高艳称…: 称 says, so the name is 高艳."""
    name = text[start:end]
    parts = split_surname(name)
    if parts is None or len(parts[1]) != 2:
        return end
    following = text[end - 1 : end + 1]
    if name[-1] in SPEECH_CHARS or (len(following) == 2 and (_jieba().dt.FREQ.get(following) or 0) >= 100):
        return end - 1
    return end


def cuts_a_word(text: str, start: int, end: int) -> bool:
    """孟母三迁, 张家口, 陆家嘴: a dictionary word starts with the candidate and runs on past it."""
    frequency = _jieba().dt.FREQ
    return any((frequency.get(text[start : end + k]) or 0) > 0 for k in (1, 2) if end + k <= len(text))


class ChineseNameRecognizer(EntityRecognizer):
    """Chinese personal names: a surname (single or compound) and one or two given-name characters.

    Where a name stands is the strongest evidence: after 姓名/联系人/患者/叫, or before 先生/女士/老师. Without
    such context, jieba's person-name tag (``nr``) must agree on a word that is rare or absent in its dictionary
    (the dictionary's frequent "names" are places, things and idioms: 陆家嘴, 苗圃, 宋体字), and words ending like
    places (张家口, 周庄, 王府井) are rejected. Ethnic-minority names written with a middle dot (阿依古丽·买买提)
    match by shape. Table cells are the field recognizer's: a cell is a name only under a name column.
    """

    BEFORE = (
        "姓名|名字|联系人|收件人|收货人|寄件人|患者|病人|客户|用户|申请人|法人|法定代表人|员工|学生|同学|乘客|租客|业主|"
        "我叫|名叫|叫做|我是|签名|签字|经办人|负责人|家长|户主|车主|持卡人|户名|开户人|房东|租户|司机|会员|学员|"
        "被保险人|投保人|借款人|担保人|收款人|付款人|汇款人|同事|实习生|应聘者|操作人|"
        # addressed or reached: 请联系陈红霞, 寄给张红梅, @陈婷婷, contact 陈建平
        "联系|寄给|交给|发给|转交|致电|@|contact\\s|attn:?\\s|"
        "\"name\"\\s*:\\s*\"|\"姓名\"\\s*:\\s*\""
    )
    AFTER = (
        "先生|女士|小姐|同学|老师|经理|医生|护士|律师|主任|教授|师傅|阿姨|大爷|总|局长|警官|您好|你好|同志|家住|住在|"
        "的(?:手机|电话|身份证|邮箱|住址|地址|银行卡|护照|车牌|办公室)"
    )
    # A name-like word right before 店/路/站 is a place's or shop's name (徐家汇店).
    PLACE_AFTER = re.compile(r"^(?:店|路|街|站|区|镇|村|厂|馆|院|园|桥|门|寺|山|湖)")
    GOING_TO = re.compile(r"(?:前往|去|到|飞往|抵达|位于|回到|来自|途经)$")
    # "金承传媒有限公司": a surname-like word followed by what companies are called is a trade name.
    COMPANY_AFTER = re.compile(r"^.{0,4}?(?:传媒|科技|信息|有限|集团|公司|电子|实业|贸易|商贸|网络|文化|建设|置业|投资|咨询|物流|医药|食品|餐饮|银行)")
    DOT_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,8}(?:·[\u4e00-\u9fff]{2,8})?")

    def __init__(self):
        super().__init__(supported_entities=["PERSON"], supported_language="zh", name="ChineseNameRecognizer")
        self.single, self.compound = SINGLE_SURNAMES, COMPOUND_SURNAMES
        surname = "(?:" + "|".join(sorted(self.compound)) + "|[" + "".join(sorted(self.single)) + "])"
        self.surname = re.compile(surname)
        self.before = re.compile(rf"(?:{self.BEFORE})[:：\s]*({surname}[\u4e00-\u9fff]{{1,2}})")
        self.after = re.compile(rf"({surname}[\u4e00-\u9fff]{{1,2}}?)(?:{self.AFTER})")

    def load(self) -> None:
        pass

    def _plausible(self, name: str, before: str = "") -> bool:
        return plausible_chinese_name(name, before) and not common_word(name)

    def analyze(self, text, entities, nlp_artifacts=None):
        import jieba.posseg

        found: dict[tuple[int, int], tuple[float, str]] = {}

        def add(start: int, end: int, score: float, why: str) -> None:
            if found.get((start, end), (0.0, ""))[0] < score:
                found[(start, end)] = (score, why)

        for match in self.DOT_NAME.finditer(text):
            add(match.start(), match.end(), 0.6, "middle-dot name")
        for pattern, why in ((self.before, "after a name context word"), (self.after, "before a title")):
            for match in pattern.finditer(text):
                start, end = match.start(1), name_end(text, match.start(1), match.end(1))
                if self._plausible(text[start:end], text[:start]) and not cuts_a_word(text, start, end):
                    add(start, end, 0.85, why)
        position = 0
        words = jieba.posseg.lcut(text, HMM=True)
        frequency = _jieba().dt.FREQ
        for index, pair in enumerate(words):
            start, word = position, pair.word
            position += len(word)
            # jieba splits compound surnames off (欧阳 / 娜娜): join them back.
            if word in self.compound and index + 1 < len(words) and len(words[index + 1].word) <= 2:
                word = word + words[index + 1].word
            elif pair.flag not in ("nr", "nrfg", "nrt"):
                continue
            # a dictionary word tagged as a name is mostly a place's, a thing's or an idiom's (银行卡 石家庄 陆家嘴
            # 苗圃 平方根), and a three-character one that starts with a word is a compound (宋体字, 祝福语); a rare
            # one (陈玉英, 张建华) is a person's. A word right after 前往/去/到 is a destination.
            compound = len(word) == 3 and word[:2] not in self.compound and (frequency.get(word[:2]) or 0) > 0
            common = (frequency.get(word) or 0) >= 10 or compound or self.GOING_TO.search(text[max(0, start - 3) : start])
            place = self.PLACE_AFTER.match(text[start + len(word) :]) is not None
            if self.surname.match(word) and self._plausible(word, text[:start]) and len(word) <= 4 and not (common or place):
                add(start, start + len(word), 0.55, "jieba person-name tag")
        return [
            self._result(a, b, score, why)
            for (a, b), (score, why) in found.items()
            if not self.COMPANY_AFTER.match(text[b:])
        ]

    def _result(self, start: int, end: int, score: float, why: str) -> RecognizerResult:
        return RecognizerResult(
            entity_type="PERSON", start=start, end=end, score=score, analysis_explanation=None,
            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name, "why": why},
        )


_NOT_NAME_WORDS = frozenset(
    ["The", "A", "An", "Mount", "Mt", "Lake", "River", "Bridge", "Market", "Monument", "Park", "Street", "Avenue", "Road", "Place", "Square", "Center", "Centre", "Museum", "University", "College", "Hospital", "Company", "Inc", "Corp", "Bank", "Airport", "Station", "Hotel", "Island", "Bay", "Beach", "Valley", "Canyon", "National", "State", "City", "County", "Hall", "Tower", "Building", "Church", "Temple", "Garden", "Gardens", "Zoo", "Library", "School", "Institute", "Foundation",
     "Handbook", "Policy", "Team", "Success", "Department", "Office", "Guide", "Manual", "Committee", "Board",
     "Group", "Service", "Services", "Support", "Report", "Date", "Author", "Program", "Project", "Center",
     # greetings, titles and role words: they stand before a name, never inside one
     "Dear", "Hi", "Hello", "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sir", "Madam", "Customer", "Customers", "Client",
     "Patient", "Guest", "User", "Suspect", "Applicant", "Reporter", "Valued", "Member", "Team", "Staff",
     "Manager", "Hiring", "Director", "Officer", "Recruiter", "Colleague", "Friend", "Partner", "Sir", "Madam",
     # calendar words and common capitalised nouns of product, account and form text
     "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March",
     "April", "June", "July", "August", "September", "October", "November", "December",
     "Please", "Thank", "Thanks", "Happy", "Plan", "Premium", "Account", "Payment", "Pay", "Wallet", "Card", "Cloud",
     "Request", "Review", "Security", "Social", "Number", "District", "Area", "Province", "Road", "Street",
     "Settings", "Mode", "Changes", "Home", "Work", "Phone", "Email", "Address", "Name", "Full", "Passport",
     "Order", "Ticket", "Case", "Invoice", "Checkout", "Login", "Password", "Reset", "Summary", "Priority",
     "Contact", "Status", "Type", "Note", "Notes", "Description", "Details", "Level", "Source", "Event", "Message",
     "Error", "Warning", "Info", "Debug", "Total"]
)
EN_NAME_WORD = r"(?:Mc|Mac|O'|D')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
# First [middle initial] last, or three words; words are separated by one space, never a tab or line break.
EN_NAME = rf"{EN_NAME_WORD}(?: [A-Z]\.)?(?: {EN_NAME_WORD}){{1,2}}"


def plausible_english_name(name: str) -> bool:
    words = name.replace(".", " ").split()
    return len([w for w in words if len(w) > 1]) >= 2 and not _NOT_NAME_WORDS.intersection(words)


class EnglishNameRecognizer(EntityRecognizer):
    """Without a statistical NER model (none can be downloaded here), English names are found by shape —
    two or three capitalised words — and only count where the words around them say a person: a title
    (Mr., Dr.), a role word right before (customer, suspect, patient, 同事), or what follows (X's passport,
    X was born, X <x@mail.com>). Leading role words are not part of the name (Customer Alyssa Aguilar)."""

    CANDIDATE = re.compile(rf"(?<![A-Za-z'])(?:{EN_NAME})(?![A-Za-z])")
    TITLE = re.compile(r"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam)\.? $")
    ROLE_BEFORE = re.compile(
        r"(?i)(?<![A-Za-z])(?:name|named|called|customer|client|patient|contact|employee|applicant|tenant|passenger|"
        r"student|suspect|guest|reporter|assignee|owner|holder|cardholder|recipient|sender|driver|witness|dear|hi|"
        r"hello|sincerely|regards|signed|attn|attention|i'm|i am)(?: (?:is|was))?[ ,:;=\"'(]{1,3}$"
        r"|(?:同事|实习生|客户|用户|联系人|收件人|寄件人|申请人|员工|学生|经理|老师|朋友|我叫|名叫|名字是|名字叫|我是|收件人写)\s*$"
    )
    AFTER = re.compile(
        r"(?i)^(?:'s (?:passport|phone|mobile|e-?mail|address|home|date of birth|birthday|ssn|social security|id|"
        r"account|card|license|licence)|,? (?:was born|born|says|said|moved|lives|lived)\b|\"? ?<[^<>\s]+@)"
    )
    # A letter's sign-off, with the name on the next line: "Regards,\nSarah Mitchell".
    SIGN_OFF = re.compile(r"(?i)(?<![A-Za-z])(?:regards|sincerely|best|thanks|cheers|yours)[,.!]?[ \t]*\n[ \t]*$")
    ROLE_WORDS = frozenset(["Dear", "Hi", "Hello", "Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Customer", "Client", "Patient",
                            "Guest", "Suspect", "Applicant", "Reporter", "Contact", "Employee", "Tenant", "Passenger"])

    def __init__(self, language: str = "en"):
        super().__init__(supported_entities=["PERSON"], supported_language=language, name=f"EnglishNameRecognizer_{language}")

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        results = []
        for match in self.CANDIDATE.finditer(text):
            start, name = match.start(), match.group(0)
            words = name.split(" ")
            while len(words) > 2 and words[0].rstrip(".") in self.ROLE_WORDS:
                start += len(words[0]) + 1
                words = words[1:]
            name = " ".join(words)
            if not plausible_english_name(name):
                continue
            window = text[max(0, start - 40) : start]
            before = window.rsplit("\n", 1)[-1]
            after = text[start + len(name) : start + len(name) + 40]
            if self.TITLE.search(before) or self.ROLE_BEFORE.search(before) or self.AFTER.match(after) or self.SIGN_OFF.search(window):
                results.append(RecognizerResult(
                    entity_type="PERSON", start=start, end=start + len(name), score=0.85, analysis_explanation=None,
                    recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name, "why": "a person's context"},
                ))
        return results
