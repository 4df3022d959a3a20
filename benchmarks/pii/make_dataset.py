#!/usr/bin/env python3
"""Generate the hegui PII-detector evaluation set: benchmarks/pii/labeled.jsonl.

Deterministic (fixed seeds), offline, stdlib + Faker + python-stdnum (Luhn) only.

    /work/venv/bin/python benchmarks/pii/make_dataset.py

Templates use ``[[NAME]]`` slots.  Slot names without a leading ``#`` are
labelled entities (see ENTITY_SLOTS); ``[[NAME|variant]]`` forces a surface
format.  Slots starting with ``#`` are *unlabelled* fillers (hard-negative
look-alikes, company names, bare city names ...).  Dev and test use disjoint
template lists.  After generation the script validates every span, the
checksums of positives, the invalidity of hard-negative look-alikes, and scans
the unlabelled text of every sentence for anything that would validate as a
labelled type (to catch accidental unlabelled PII).  It then rewrites the
counts block in CARD.md.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from faker import Faker
from stdnum import luhn

HERE = Path(__file__).resolve().parent
OUT = HERE / "labeled.jsonl"
CARD = HERE / "CARD.md"

SEED = 20240611
TARGETS = {  # (lang, kind) -> total sentences; split 40 % dev / 60 % test
    ("zh", "positive"): 975, ("zh", "hard_negative"): 375, ("zh", "negative"): 150,
    ("en", "positive"): 585, ("en", "hard_negative"): 225, ("en", "negative"): 90,
}
DEV_SHARE = 0.4

# --------------------------------------------------------------------------
# checksums / validators
# --------------------------------------------------------------------------
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"
PROVINCES = {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35",
             "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54",
             "61", "62", "63", "64", "65", "71", "81", "82", "91"}
USCC_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
FW = str.maketrans("0123456789X+", "０１２３４５６７８９Ｘ＋")


def nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def id_check_char(body17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def valid_date(y: int, m: int, d: int) -> bool:
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


def valid_id18(s: str) -> bool:
    s = nfkc(s)
    if not re.fullmatch(r"\d{17}[\dX]", s) or s[:2] not in PROVINCES:
        return False
    y, m, d = int(s[6:10]), int(s[10:12]), int(s[12:14])
    if not (1900 <= y <= 2024 and valid_date(y, m, d)):
        return False
    return id_check_char(s[:17]) == s[17]


def valid_id15(s: str) -> bool:
    s = nfkc(s)
    return (bool(re.fullmatch(r"\d{15}", s)) and s[:2] in PROVINCES
            and valid_date(1900 + int(s[6:8]), int(s[8:10]), int(s[10:12])))


def luhn_ok(digits: str) -> bool:
    return luhn.is_valid(nfkc(digits))


def luhn_complete(body: str) -> str:
    return body + luhn.calc_check_digit(body)


def uscc_check_char(body17: str) -> str:
    s = sum(USCC_ALPHA.index(c) * w for c, w in zip(body17, USCC_W, strict=True))
    return USCC_ALPHA[(31 - s % 31) % 31]


def valid_uscc(s: str) -> bool:
    return (len(s) == 18 and all(c in USCC_ALPHA for c in s)
            and uscc_check_char(s[:17]) == s[17])


def valid_ssn(s: str) -> bool:
    m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", s)
    if not m:
        return False
    a, g, n = m.groups()
    return a not in ("000", "666") and not a.startswith("9") and g != "00" and n != "0000"


def isbn13_check(body12: str) -> str:
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body12))
    return str((10 - s % 10) % 10)


MOBILE_RE = re.compile(r"(?:\+86|0086)?1[3-9]\d{9}")
PLATE_RE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
    r"[A-HJ-NP-Z]·?(?:[DF][0-9]{5}|[A-HJ-NP-Z0-9]{5})")
PASSPORT_RE = re.compile(r"E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8}")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
CN_LANDLINE_RE = re.compile(r"(?:0\d{2,3}-|\(0\d{2,3}\) ?|0\d{2,3} ?)[2-8]\d{3} ?\d{3,4}")
US_PHONE_RE = re.compile(r"(?:\+1[ -])?(?:\([2-9]\d{2}\) |[2-9]\d{2}[-. ])[2-9]\d{2}[-. ]\d{4}")


def check_entity(etype: str, v: str) -> None:
    n = nfkc(v)
    if etype == "CN_RESIDENT_ID":
        assert valid_id18(v) or valid_id15(v), v
    elif etype == "CN_MOBILE":
        assert MOBILE_RE.fullmatch(re.sub(r"[ -]", "", n)), v
    elif etype == "BANK_CARD":
        d = re.sub(r"[ -]", "", n)
        assert d.isdigit() and 16 <= len(d) <= 19 and luhn_ok(d), v
    elif etype == "CN_USCC":
        assert valid_uscc(v), v
    elif etype == "CN_PASSPORT":
        assert PASSPORT_RE.fullmatch(v), v
    elif etype == "CN_LICENSE_PLATE":
        assert PLATE_RE.fullmatch(v), v
    elif etype == "EMAIL_ADDRESS":
        assert EMAIL_RE.fullmatch(v), v
    elif etype == "PHONE_NUMBER":
        assert CN_LANDLINE_RE.fullmatch(n) or US_PHONE_RE.fullmatch(v), v
    elif etype == "US_SSN":
        assert valid_ssn(v), v
    elif etype == "IP_ADDRESS":
        ipaddress.ip_address(v)
    elif etype in ("PERSON", "LOCATION"):
        assert v.strip() == v and len(v) >= 2, v
    else:
        raise AssertionError(etype)


# --------------------------------------------------------------------------
# entity value generators
# --------------------------------------------------------------------------
COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官", "东方", "慕容", "皇甫", "令狐", "尉迟",
                     "公孙", "夏侯", "端木", "司徒", "长孙", "宇文", "南宫"]
MINORITY_NAMES = [
    "阿依古丽·买买提", "扎西·多吉", "买买提·艾力", "古丽娜尔·阿不都拉", "热依拉·吐尔逊",
    "艾尔肯·努尔", "迪丽娜扎·艾买提", "努尔兰·别克", "阿不都热合曼·库尔班", "帕提古丽·吾斯曼",
    "吐尔洪·阿吉", "阿迪力·吾守尔", "米热古丽·热合曼", "再努尔·沙吾提", "巴特尔·孟和",
    "其木格·巴雅尔", "乌云·其其格", "格桑·卓玛", "次仁·央金", "达瓦·次仁", "尼玛·顿珠",
    "旦增·平措", "白玛·央宗", "索朗·扎西", "阿力木·司马义", "玉素甫·艾山", "哈斯·巴根",
    "苏和·额尔敦", "布仁·巴雅尔", "叶尔兰·努尔", "库尔班·依明", "努尔古丽·马合木提",
]
MOBILE_PREFIXES = ([f"13{i}" for i in range(10)] + ["145", "147", "150", "151", "152", "153",
                   "155", "156", "157", "158", "159", "166", "170", "171", "173", "175", "176",
                   "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188",
                   "189", "191", "193", "195", "196", "197", "198", "199"])
AREA3 = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"]
AREA4 = ["0755", "0571", "0512", "0731", "0871", "0531", "0532", "0591", "0592", "0769",
         "0757", "0311", "0351", "0371", "0431", "0451", "0471", "0551", "0791", "0851"]
PLATE_PROV = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LET = "ABCDEFGHJKLMNPQRSTUVWXYZ"
CN_MAIL_DOMAINS = ["qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "139.com",
                   "aliyun.com", "outlook.com", "gmail.com", "sohu.com"]


class Gen:
    """All randomness for one language flows through self.r / self.fz / self.fe."""

    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.fz = Faker("zh_CN")
        self.fz.seed_instance(seed + 1)
        self.fe = Faker("en_US")
        self.fe.seed_instance(seed + 2)

    # --- helpers
    def digits(self, n: int) -> str:
        return "".join(self.r.choice("0123456789") for _ in range(n))

    def chance(self, p: float) -> bool:
        return self.r.random() < p

    # --- CN_RESIDENT_ID
    def id18(self) -> str:
        # reject the ~3 % of IDs whose 18 digits also pass the USCC checksum,
        # so that no span is ambiguous between the two types
        while True:
            v = self.fz.ssn()
            if valid_id18(v) and not valid_uscc(v):
                return v

    def id15(self) -> str:
        region = self.id18()[:6]
        d = dt.date(1930, 1, 1) + dt.timedelta(days=self.r.randrange(0, 70 * 365 - 1))
        return region + d.strftime("%y%m%d") + self.digits(3)

    def resident_id(self, variant: str, lang: str) -> str:
        if variant == "15":
            return self.id15()
        v = self.id18()
        if lang == "zh" and variant != "plain" and self.chance(0.04):
            v = v.translate(FW)
        return v

    # --- CN_MOBILE
    def mobile(self, variant: str, lang: str) -> str:
        p = self.r.choice(MOBILE_PREFIXES)
        a, b = self.digits(4), self.digits(4)
        if variant == "plain":
            return p + a + b
        if lang == "en":
            fmts = [("+86 {p}{a}{b}", 4), ("+86 {p} {a} {b}", 3), ("+86-{p}-{a}-{b}", 2),
                    ("{p}{a}{b}", 2), ("0086 {p}{a}{b}", 1), ("+86{p}{a}{b}", 1)]
        else:
            fmts = [("{p}{a}{b}", 44), ("{p} {a} {b}", 12), ("{p}-{a}-{b}", 10),
                    ("+86 {p}{a}{b}", 9), ("+86-{p}-{a}-{b}", 5), ("+86{p}{a}{b}", 4),
                    ("0086 {p}{a}{b}", 4), ("+86 {p} {a} {b}", 3), ("FW", 6), ("FW86", 2)]
        f = self.r.choices([x for x, _ in fmts], [w for _, w in fmts])[0]
        if f == "FW":
            return (p + a + b).translate(FW)
        if f == "FW86":
            return ("+86 " + p + a + b).translate(FW)
        return f.format(p=p, a=a, b=b)

    # --- PHONE_NUMBER
    def landline(self) -> str:
        if self.chance(0.45):
            area, local = self.r.choice(AREA3), str(self.r.randint(2, 8)) + self.digits(7)
        else:
            area = self.r.choice(AREA4)
            local = str(self.r.randint(2, 8)) + self.digits(self.r.choice([6, 7, 7]))
        k = self.r.choices(["dash", "paren", "fwparen", "space", "fwdigits"], [62, 18, 8, 8, 4])[0]
        if k == "dash":
            return f"{area}-{local}"
        if k == "paren":
            return f"({area}) {local[:4]} {local[4:]}"
        if k == "fwparen":
            return f"（{area}）{local}"
        if k == "space":
            return f"{area} {local}"
        return f"{area}-{local}".translate(FW)

    def us_phone(self) -> str:
        a = str(self.r.randint(2, 9)) + self.digits(2)
        e = str(self.r.randint(2, 9)) + self.digits(2)
        n = self.digits(4)
        f = self.r.choices(["({a}) {e}-{n}", "{a}-{e}-{n}", "+1 {a} {e} {n}", "+1-{a}-{e}-{n}",
                            "{a}.{e}.{n}"], [35, 30, 15, 10, 10])[0]
        return f.format(a=a, e=e, n=n)

    def phone(self, variant: str, lang: str) -> str:
        if variant == "cn" or (lang == "zh" and variant != "us"):
            return self.landline()
        return self.us_phone()

    # --- BANK_CARD
    def unionpay(self) -> str:
        n = self.r.choices([16, 17, 18, 19], [40, 5, 5, 50])[0]
        bin_ = self.r.choice(["6222", "6228", "6217", "6214", "6226", "6225", "6212", "6230",
                              "6236", "6259", "6283", "6210"])
        return luhn_complete(bin_ + self.digits(n - 5))

    def intl_card(self) -> str:
        while True:
            t = self.r.choices(["visa16", "mastercard", "visa19", "discover", "jcb16"],
                               [45, 35, 5, 10, 5])[0]
            v = self.fe.credit_card_number(card_type=t)
            if 16 <= len(v) <= 19 and luhn_ok(v):
                return v

    def bank_card(self, variant: str, lang: str) -> str:
        up = self.chance(0.8 if lang == "zh" else 0.2)
        d = self.unionpay() if up else self.intl_card()
        if variant == "plain":
            return d
        k = self.r.random()
        if k < (0.3 if lang == "zh" else 0.4):
            return " ".join(d[i:i + 4] for i in range(0, len(d), 4))
        if lang == "en" and k < 0.5:
            return "-".join(d[i:i + 4] for i in range(0, len(d), 4))
        return d

    # --- CN_USCC
    def uscc(self) -> str:
        dept = self.r.choices("9512NYAG", [80, 5, 4, 3, 3, 2, 2, 1])[0]
        typ = {"9": "123", "5": "123", "1": "12", "2": "1", "N": "123", "Y": "1", "A": "1", "G": "1"}
        t = self.r.choices(typ[dept], [8] + [1] * (len(typ[dept]) - 1))[0]
        region = self.id18()[:6]
        if self.chance(0.85):
            org = self.digits(8)
        else:
            org = "".join(self.r.choice("0123456789" * 3 + "ABCDEFGHJKLMNPQRTUWXY") for _ in range(8))
        # GB 11714 organisation-code check digit (digits only here)
        if org.isdigit():
            c = 11 - sum(int(x) * w for x, w in zip(org, [3, 7, 9, 10, 5, 8, 4, 2], strict=True)) % 11
            org += {10: "X", 11: "0"}.get(c, str(c))
        else:
            org += self.r.choice("0123456789")
        body = dept + t + region + org
        v = body + uscc_check_char(body)
        return v if not valid_id18(v) else self.uscc()

    # --- CN_PASSPORT
    def passport(self) -> str:
        k = self.r.choices(["E8", "EL7", "G8"], [55, 30, 15])[0]
        if k == "E8":
            return "E" + self.digits(8)
        if k == "EL7":
            return "E" + self.r.choice(PLATE_LET) + self.digits(7)
        return "G" + self.digits(8)

    # --- CN_LICENSE_PLATE
    def plate(self) -> str:
        prov, let = self.r.choice(PLATE_PROV), self.r.choice(PLATE_LET)
        if self.chance(0.25):
            tail = self.r.choice("DF") + self.digits(5)
        else:
            chars = [self.r.choice("0123456789") for _ in range(5)]
            for _ in range(self.r.choices([0, 1, 2], [45, 35, 20])[0]):
                chars[self.r.randrange(5)] = self.r.choice(PLATE_LET)
            tail = "".join(chars)
        dot = "·" if self.chance(0.2) else ""
        return prov + let + dot + tail

    # --- EMAIL_ADDRESS
    def email(self, lang: str) -> str:
        if lang == "zh":
            k = self.r.random()
            if k < 0.3:
                return str(self.r.randint(10000, 2999999999)) + "@qq.com"
            user = self.fz.user_name()
            if k < 0.5:
                user += str(self.r.randint(1, 2024))
            dom = self.r.choice(CN_MAIL_DOMAINS) if k < 0.85 else self.fe.domain_name()
            return f"{user}@{dom}"
        first, last = self.fe.first_name().lower(), self.fe.last_name().lower()
        user = self.r.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{self.r.randint(1, 99)}",
                              self.fe.user_name(), f"{first}_{last}"])
        dom = self.fe.free_email_domain() if self.chance(0.5) else self.fe.domain_name()
        return f"{user}@{dom}"

    # --- PERSON
    def zh_name(self) -> str:
        k = self.r.random()
        if k < 0.10:
            return self.r.choice(COMPOUND_SURNAMES) + self.fz.first_name()
        if k < 0.18:
            return self.r.choice(MINORITY_NAMES)
        return self.fz.name()

    def en_name(self) -> str:
        first, last = self.fe.first_name(), self.fe.last_name()
        if self.chance(0.12):
            return f"{first} {self.r.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
        return f"{first} {last}"

    # --- LOCATION
    def zh_address(self) -> str:
        fz = self.fz
        s = ""
        if self.chance(0.8):
            s += fz.province()
        s += fz.city_name() + "市" + fz.district().rstrip("区县") + "区" + fz.street_name() + f"{self.r.randint(1, 999)}号"
        k = self.r.random()
        if k < 0.35:
            s += f"{self.r.randint(1, 30)}栋{self.r.randint(1, 6)}单元{self.r.randint(1, 33)}0{self.r.randint(1, 6)}室"
        elif k < 0.55:
            s += f"{self.r.choice('ABCDEF')}座{self.r.randint(1, 28)}0{self.r.randint(1, 9)}室"
        return s

    def en_address(self) -> str:
        fe = self.fe
        st = fe.street_address()
        if self.chance(0.3):
            return st
        state = fe.state_abbr(include_territories=False, include_freely_associated_states=False)
        return f"{st}, {fe.city()}, {state} {fe.zipcode()}"

    # --- US_SSN / IP
    def ssn(self) -> str:
        while True:
            a = self.r.randint(1, 899)
            if a != 666:
                break
        return f"{a:03d}-{self.r.randint(1, 99):02d}-{self.r.randint(1, 9999):04d}"

    def ip(self) -> str:
        return self.fe.ipv6() if self.chance(0.15) else self.fe.ipv4_public()


ENTITY_SLOTS = {  # slot -> (entity type, generator)
    "ID": "CN_RESIDENT_ID", "ID15": "CN_RESIDENT_ID", "MOB": "CN_MOBILE", "CARD": "BANK_CARD",
    "USCC": "CN_USCC", "PASS": "CN_PASSPORT", "PLATE": "CN_LICENSE_PLATE",
    "EMAIL": "EMAIL_ADDRESS", "PHONE": "PHONE_NUMBER", "PER": "PERSON", "LOC": "LOCATION",
    "SSN": "US_SSN", "IP": "IP_ADDRESS",
}


def gen_entity(g: Gen, slot: str, variant: str, lang: str) -> str:
    if slot == "ID":
        return g.resident_id(variant, lang)
    if slot == "ID15":
        return g.id15()
    if slot == "MOB":
        return g.mobile(variant, lang)
    if slot == "CARD":
        return g.bank_card(variant, lang)
    if slot == "USCC":
        return g.uscc()
    if slot == "PASS":
        return g.passport()
    if slot == "PLATE":
        return g.plate()
    if slot == "EMAIL":
        return g.email(lang)
    if slot == "PHONE":
        return g.phone(variant, lang)
    if slot == "PER":
        return g.zh_name() if (variant == "zh" or (lang == "zh" and variant != "en")) else g.en_name()
    if slot == "LOC":
        return g.zh_address() if (variant == "zh" or (lang == "zh" and variant != "en")) else g.en_address()
    if slot == "SSN":
        return g.ssn()
    if slot == "IP":
        return g.ip()
    raise KeyError(slot)


# --------------------------------------------------------------------------
# unlabelled fillers (hard-negative look-alikes and neutral material)
# --------------------------------------------------------------------------
PLACE_SURNAME = ["张家口", "黄山", "马鞍山", "周庄", "高邮", "石家庄", "何家村", "王府井", "李庄",
                 "陈家祠", "杨凌", "刘家峡", "韩城", "金华", "吴江", "郑州", "常州", "许昌", "朱家角",
                 "黄浦江", "宋庄", "曹县", "周口", "林芝", "孙家湾", "赵县", "钱塘江", "潘家园", "唐山",
                 "秦皇岛", "蒋村", "岳阳", "邓州", "罗湖", "梁山"]
SURNAME_SENTS = [
    "这个王国的历史非常悠久。", "听到这个消息，大家都很高兴。", "他慢慢张开了双手。",
    "这个周末你有空吗？", "墙上刷了一层朱红色的油漆。", "我们何时出发？", "于是他决定自己去看看。",
    "他常常一个人去图书馆。", "江山如此多娇。", "在这里买东西很方便。", "黄金价格最近又涨了。",
    "白天太热了，晚上再去吧。", "金钱不是万能的。", "我马上就到。", "大家一起向前走。",
    "这篇文章写得很好。", "注意安全，早点回家。", "明天会下雨吗？", "高速公路上有点堵。",
    "孔雀开屏真漂亮。", "林子大了什么鸟都有。", "田野里一片金黄。", "万一下雨就改期。",
    "雷声越来越大。", "左边第二个门就是。", "夏天快到了。", "秦腔是陕西的地方戏。",
    "陈旧的观念需要改变。", "易经是一部古老的典籍。", "成功需要坚持。", "方向不对，努力白费。",
    "章节标题需要统一格式。", "温度降到了零下五度。", "毛衣有点起球了。", "余额不足，请及时充值。",
]
ZH_CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "西安", "南京", "重庆", "天津",
             "苏州", "长沙", "郑州", "青岛", "厦门", "昆明", "哈尔滨", "乌鲁木齐", "拉萨", "大连", "贵阳"]
ZH_PRODUCTS_FIXED = ["SM-G9910", "13800-A", "RTX 4090", "A2849", "MT-13800", "XQB80-1380",
                     "KFR-35GW", "BCD-539WKPZM", "HUAWEI P60", "Mate 60 Pro", "M2012K11AC", "V2309A"]
ZH_HANDLES = ["@华为终端", "@小米公司", "@人民日报", "@央视新闻", "@中国移动", "@京东客服",
              "@淘宝", "@新华社", "@国家反诈中心", "@12306铁路客服"]
ZH_HOTLINES = ["95588", "10086", "12315", "12345", "10010", "95533", "95555", "12306", "12366"]
ZH_PLAIN = [
    "帮我写一封请假邮件，理由是家里有事。", "这道数学题怎么做？", "推荐几本适合初学者的编程书。",
    "今天的会议改到下午了。", "周报已经提交了，请查收。", "这个功能下个版本再上线。",
    "请把会议纪要整理一下发到群里。", "空调温度调到二十六度比较省电。", "我想学做红烧肉，步骤是什么？",
    "这家餐厅的口味偏辣。", "明年的预算需要重新评估。", "图书馆周一闭馆。",
    "新员工培训安排在下周。", "请解释一下什么是机器学习。", "孩子最近对恐龙特别感兴趣。",
    "这部电影的结局有点出乎意料。", "年底前要完成项目验收。", "地铁三号线今天临时停运。",
]
EN_PLACES = ["Jordan River", "Washington Monument", "Lincoln Memorial", "Hudson River",
             "Mount Vernon", "Madison Square Garden", "Jackson Hole", "Victoria Falls",
             "Lake Louise", "Mount Washington", "Grant Park", "Franklin Canyon", "Lincoln Tunnel",
             "Churchill Downs", "Stanley Park", "Pike Place Market", "Austin Convention Center"]
EN_ORGS = ["Apple", "Johnson & Johnson", "Morgan Stanley", "Wells Fargo", "Ford", "Ben & Jerry's",
           "Tim Hortons", "Dell", "Hewlett-Packard", "Goldman Sachs", "McDonald's", "Walt Disney Co.",
           "Charles Schwab", "Ernst & Young", "Dow Jones", "Procter & Gamble", "Harley-Davidson"]
EN_SENTS = [
    "The Jordan River flows into the Dead Sea.", "Apple and Amazon both beat expectations.",
    "The Washington Monument reopened after repairs.", "Traffic in the Lincoln Tunnel was heavy.",
    "Wells Fargo raised its full-year forecast.", "Ford recalled about 90,000 vehicles.",
    "Johnson & Johnson shares fell 2% on Monday.", "Hudson Bay froze early this year.",
    "Victoria Falls is on the border of Zambia and Zimbabwe.", "Jackson Hole hosts a central-bank symposium.",
    "Morgan Stanley cut its price target.", "Georgia and Virginia reported heavy rain.",
    "Paris is lovely in April.", "Brooklyn Bridge turns 140 this year.",
]
EN_HANDLES = ["@AppleSupport", "@Google", "@NASA", "@nytimes", "@SpaceX", "@Microsoft",
              "@Override", "@Deprecated", "@dataclass", "@staticmethod"]
EN_CITYZIP = ["Austin, TX 78701", "Denver, CO 80202", "Seattle, WA 98101", "Boston, MA 02108",
              "Portland, OR 97205", "Chicago, IL 60601", "Miami, FL 33131", "Phoenix, AZ 85004"]
EN_PLAIN = [
    "Can you summarize this article in three bullet points?", "What is the capital of Australia?",
    "Please rewrite this paragraph in a friendlier tone.", "The quarterly report is due next week.",
    "How do I reverse a list in Python?", "Our team meeting is moved to the afternoon.",
    "Suggest a name for a coffee shop.", "The library is closed on public holidays.",
    "Explain photosynthesis to a ten-year-old.", "The new policy takes effect next month.",
    "I need a recipe for vegetable soup.", "The printer on the third floor is out of toner.",
]


class Fillers:
    """Unlabelled material.  Each call returns (text, check_tag) so the validator
    can assert that a look-alike really is invalid."""

    def __init__(self, g: Gen):
        self.g = g

    def __call__(self, name: str, lang: str) -> tuple[str, str]:
        for _ in range(100):  # resample look-alikes that accidentally validate as something real
            v, tag = getattr(self, "f_" + name.lower())(lang)
            if not tag or filler_ok(tag, v):
                return v, tag
        raise AssertionError(name)

    # -- invalid resident IDs
    def f_badid(self, lang):
        while True:
            k = self.g.r.choice(["badid_check", "badid_date", "badid_region"])
            v, tag = getattr(self, "f_" + k)(lang)
            if not valid_uscc(v):  # must not be a valid look-alike of another type
                return v, tag

    def f_badid_check(self, lang):
        v = self.g.id18()
        wrong = self.g.r.choice([c for c in "0123456789" if c != v[17]])
        return v[:17] + wrong, "BADID"

    def f_badid_date(self, lang):
        v = self.g.id18()
        y = v[6:10]
        md = self.g.r.choice(["1301", "1315", "0000", "0230", "0431", "0632", "1100", "2012", "0229"])
        if md == "0229":
            y = str(self.g.r.choice([1981, 1983, 1990, 1995, 2001]))
        body = v[:6] + y + md + v[14:17]
        return body + id_check_char(body), "BADID"

    def f_badid_region(self, lang):
        v = self.g.id18()
        body = self.g.r.choice(["00", "20", "28", "38", "49", "56", "70", "99"]) + v[2:17]
        return body + id_check_char(body), "BADID"

    def f_order(self, lang):
        d = dt.datetime(2023, 1, 1) + dt.timedelta(seconds=self.g.r.randrange(0, 3 * 365 * 86400))
        v = d.strftime("%Y%m%d%H%M%S") + self.g.digits(self.g.r.choice([4, 5]))
        return fail_luhn(v), "LONGNUM"

    def f_ts14(self, lang):
        d = dt.datetime(2022, 1, 1) + dt.timedelta(seconds=self.g.r.randrange(0, 3 * 365 * 86400))
        return d.strftime("%Y%m%d%H%M%S"), ""

    def f_datetime(self, lang):
        d = dt.datetime(2022, 1, 1) + dt.timedelta(seconds=self.g.r.randrange(0, 3 * 365 * 86400))
        return d.strftime("%Y-%m-%d %H:%M:%S"), ""

    def f_date(self, lang):
        d = dt.date(2015, 1, 1) + dt.timedelta(days=self.g.r.randrange(0, 3650))
        return self.g.r.choice([f"{d.year}年{d.month}月{d.day}日", d.isoformat(), d.strftime("%Y%m%d"),
                                d.strftime("%Y/%m/%d")]), ""

    def f_track(self, lang):
        r = self.g
        return r.r.choice(["SF" + r.digits(13), "YT" + r.digits(13), "JT" + r.digits(13),
                           "73" + r.digits(11), "78" + r.digits(12), "JDV" + r.digits(12),
                           "YD" + r.digits(13)]), ""

    def f_num11(self, lang):
        return self.g.r.choice(["10", "11", "12"]) + self.g.digits(9), "NUM11"

    def f_product(self, lang):
        r = self.g
        if r.chance(0.5):
            return r.r.choice(ZH_PRODUCTS_FIXED), ""
        return r.r.choice([
            f"SM-{r.r.choice('GSAN')}{r.digits(4)}", f"{r.r.choice(['138', '139', '158', '186'])}{r.digits(2)}-{r.r.choice('ABCX')}",
            f"{r.r.choice(['MT', 'KF', 'XQ', 'DZ'])}-{r.digits(5)}", f"A{r.digits(4)}", f"GB/T {r.digits(5)}-20{r.r.randint(10, 23)}"]), ""

    def f_invoice(self, lang):
        return self.g.r.choice(["13", "15", "18", "19"]) + self.g.digits(6), ""

    def f_invcode(self, lang):
        return self.g.r.choice(["0", "1"]) + self.g.digits(11), ""

    def f_luhnfail(self, lang):
        r = self.g
        n = r.r.choice([16, 17, 18, 19])
        first = r.r.choice(["62", "4", "5", "3", "8", "1", "20", "9"])
        while True:
            v = fail_luhn(first + r.digits(n - len(first)))
            if not valid_id18(v) and not valid_uscc(v):
                return v, "LONGNUM"

    def f_baduscc(self, lang):
        v = self.g.uscc()
        wrong = self.g.r.choice([c for c in USCC_ALPHA if c != v[17]])
        return v[:17] + wrong, "BADUSCC"

    def f_version(self, lang):
        r = self.g.r
        return r.choice([f"v{r.randint(1, 15)}.{r.randint(0, 20)}.{r.randint(0, 99)}",
                         f"{r.randint(1, 5)}.{r.randint(0, 40)}.{r.randint(0, 9)}-beta",
                         f"V{r.randint(1, 9)}.{r.randint(0, 9)}", f"{r.randint(1, 20)}.{r.randint(0, 9)}.{r.randint(1000, 9999)}"]), ""

    def f_ipver(self, lang):
        r = self.g.r
        return r.choice([f"10.0.{r.randint(17000, 22631)}.{r.randint(1, 4000)}",
                         f"{r.randint(100, 125)}.0.{r.randint(5000, 6999)}.{r.randint(1, 250)}",
                         f"{r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(300, 9999)}.{r.randint(0, 99)}"]), "IPVER"

    def f_amount(self, lang):
        r = self.g.r
        v = r.randint(100, 99999999) + r.randint(0, 99) / 100
        return r.choice([f"￥{v:,.2f}", f"¥{v:,.2f}", f"{v:.2f}元", f"人民币{v:,.2f}元"]), ""

    def f_isbn(self, lang):
        g = self.g
        grp = "7" if lang == "zh" else g.r.choice(["0", "1"])
        pub = g.digits(g.r.choice([2, 3, 4]))
        item = g.digits(8 - len(pub))
        body = "978" + grp + pub + item
        c = isbn13_check(body)
        if g.chance(0.5):
            return f"978-{grp}-{pub}-{item}-{c}", "ISBN"
        return body + c, "ISBN"

    def f_ean(self, lang):
        body = "69" + self.g.digits(10)
        return body + isbn13_check(body), ""

    def f_place_surname(self, lang):
        return self.g.r.choice(PLACE_SURNAME), ""

    def f_surname_sent(self, lang):
        return self.g.r.choice(SURNAME_SENTS), ""

    def f_company(self, lang):
        return (self.g.fz.company() if lang == "zh" else self.g.fe.company()), ""

    def f_city(self, lang):
        return self.g.r.choice(ZH_CITIES), ""

    def f_en_handle(self, lang):
        return self.g.r.choice(EN_HANDLES), ""

    def f_hotline(self, lang):
        return self.g.r.choice(ZH_HOTLINES), ""

    def f_handle(self, lang):
        return self.g.r.choice(ZH_HANDLES if lang == "zh" else EN_HANDLES), ""

    def f_postcode(self, lang):
        return str(self.g.r.randint(10, 85)) + self.g.digits(4), ""

    def f_train(self, lang):
        r = self.g.r
        return r.choice("GDKZTC") + str(r.randint(1, 9999)), ""

    def f_flight(self, lang):
        r = self.g.r
        return r.choice(["CA", "MU", "CZ", "HU", "3U", "ZH", "UA", "DL", "AA"]) + str(r.randint(100, 9999)), ""

    def f_qty(self, lang):
        r = self.g.r
        return r.choice([str(r.randint(2, 9999)), f"{r.randint(1, 999):,}", f"{r.randint(1000, 99999):,}"]), ""

    def f_small(self, lang):
        return str(self.g.r.randint(2, 12)), ""

    def f_zh_plain(self, lang):
        return self.g.r.choice(ZH_PLAIN), ""

    # -- English-specific
    def f_en_date(self, lang):
        d = dt.date(2015, 1, 1) + dt.timedelta(days=self.g.r.randrange(0, 3650))
        return self.g.r.choice([d.strftime("%B %d, %Y").replace(" 0", " "), d.strftime("%m/%d/%Y"),
                                d.isoformat(), d.strftime("%d %b %Y")]), ""

    def f_en_ts(self, lang):
        d = dt.datetime(2022, 1, 1) + dt.timedelta(seconds=self.g.r.randrange(0, 3 * 365 * 86400))
        return self.g.r.choice([d.strftime("%Y-%m-%dT%H:%M:%SZ"), str(int(d.replace(tzinfo=dt.UTC).timestamp())),
                                d.strftime("%Y%m%d.%H%M")]), ""

    def f_en_order(self, lang):
        g = self.g
        return g.r.choice([str(g.r.randint(2, 9)) + g.digits(9), "11" + g.digits(8), g.digits(3) + "-" + g.digits(7) + "-" + g.digits(7)]), ""

    def f_en_sku(self, lang):
        g = self.g
        return g.r.choice([f"SKU-{g.digits(5)}-{g.r.choice(['XS', 'S', 'M', 'L', 'XL'])}",
                           "B0" + "".join(g.r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ0123456789") for _ in range(8)),
                           g.digits(12), f"{g.r.choice(['MX', 'MQ', 'MK'])}{g.digits(3)}LL/A",
                           f"WD-{g.digits(4)}-{g.r.choice('ABCDEF')}"]), ""

    def f_en_track(self, lang):
        g = self.g
        return g.r.choice(["1Z" + "".join(g.r.choice("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(16)),
                           "9400" + g.digits(18), "TBA" + g.digits(12)]), ""

    def f_en_badssn(self, lang):
        g = self.g
        a = g.r.choice(["000", "666", f"9{g.digits(2)}"])
        return f"{a}-{g.digits(2)}-{g.digits(4)}", "BADSSN"

    def f_en_amount(self, lang):
        r = self.g.r
        v = r.randint(10, 99999999) + r.randint(0, 99) / 100
        return r.choice([f"${v:,.2f}", f"USD {v:,.2f}", f"${v / 1e6:.1f} million"]), ""

    def f_en_place(self, lang):
        return self.g.r.choice(EN_PLACES), ""

    def f_en_org(self, lang):
        return self.g.r.choice(EN_ORGS), ""

    def f_en_sent(self, lang):
        return self.g.r.choice(EN_SENTS), ""

    def f_en_cityzip(self, lang):
        return self.g.r.choice(EN_CITYZIP), ""

    def f_en_plain(self, lang):
        return self.g.r.choice(EN_PLAIN), ""

    def f_en_company(self, lang):
        return self.g.fe.company(), ""


def fail_luhn(v: str) -> str:
    if luhn_ok(v):
        v = v[:-1] + str((int(v[-1]) + 1) % 10)
    assert not luhn_ok(v)
    return v


# --------------------------------------------------------------------------
# templates  (name, template)  -- dev and test lists are disjoint
# --------------------------------------------------------------------------
T = {}
T[("zh", "positive", "dev")] = [
    ("chat-intro", "你好，我是[[PER]]，手机[[MOB]]，有事随时联系。"),
    ("chat-id", "麻烦帮我查一下，我的身份证号是[[ID]]。"),
    ("form-3", "姓名：[[PER]]  身份证号：[[ID]]  联系电话：[[MOB]]"),
    ("form-payee", "收款人：[[PER]]\n开户行：中国工商银行\n卡号：[[CARD]]"),
    ("cs-log-addr", "[客服 10:12] 用户反馈快递没到，收件地址[[LOC]]，电话[[MOB]]。"),
    ("news-plate", "据警方通报，嫌疑人[[PER]]驾驶车牌号为[[PLATE]]的轿车逃离现场。"),
    ("csv-3", "[[PER]],[[MOB|plain]],[[EMAIL]]"),
    ("json-3", '{"name": "[[PER]]", "phone": "[[MOB|plain]]", "id_card": "[[ID|plain]]"}'),
    ("uscc-legal", "[[#COMPANY]]的统一社会信用代码为[[USCC]]，法定代表人[[PER]]。"),
    ("passport-trip", "我的护照号码是[[PASS]]，下周去新加坡出差。"),
    ("email-cv", "简历请发送至[[EMAIL]]，注明应聘岗位。"),
    ("landline-desk", "[[PER]]的办公室电话[[PHONE]]，工作日9点到18点有人接听。"),
    ("id15-old", "老身份证号码[[ID15]]已经停用了，请换成新的。"),
    ("bare-mob-wechat", "[[MOB]] 加我微信"),
    ("login-ip", "登录异常：账号[[EMAIL]]于凌晨从IP [[IP]]登录。"),
    ("bare-name-id", "[[PER]] [[ID]]"),
    ("form-car", "车主：[[PER]]；车牌：[[PLATE]]；联系方式：[[MOB]]"),
    ("news-resident", "[[PER]]家住[[LOC]]，今年六十八岁，每天早上都去公园打太极。"),
    ("cs-dialog-card", "用户：我想把绑定的银行卡[[CARD]]换掉。\n客服：好的，请提供您的身份证号。\n用户：[[ID]]"),
    ("hr-pipe", "入职登记｜[[PER]]｜[[ID]]｜[[EMAIL]]"),
    ("courier", "顺丰到付，寄件人[[PER]]，电话[[PHONE]]，地址[[LOC]]。"),
    ("invoice-info", "开票信息：名称 [[#COMPANY]]，税号 [[USCC]]，电话 [[PHONE]]"),
    ("chat-newnum", "刚换了号，新号码是[[MOB]]，旧的那个不用了"),
    ("sms-plate", "【车管提醒】[[PER]]您好，您的车辆[[PLATE]]已完成年检预约。"),
    ("medical", "患者[[PER]]，男，45岁，身份证[[ID]]，住址[[LOC]]。"),
    ("log-kv", "2023-11-24 15:30:45 INFO login ok user=[[EMAIL]] ip=[[IP]]"),
    ("visa-form", "签证申请表：护照号 [[PASS]]，出生地 北京，紧急联系人 [[PER]] [[MOB]]"),
    ("chat-card-only", "卡号[[CARD]]，帮我看看是哪个银行的"),
]
T[("zh", "positive", "test")] = [
    ("sms-checkup", "您好[[PER]]先生，您预约的体检已确认，如需改期请致电[[PHONE]]。"),
    ("verify-2", "请核对以下信息——证件号码：[[ID]]，手机号码：[[MOB]]。"),
    ("household", "户主 [[PER]] 与其妻子 [[PER]] 共同居住在[[LOC]]。"),
    ("transfer", "转账给[[PER]]，账号[[CARD]]，备注房租。"),
    ("chat-paycard", "把钱打到这张卡上：[[CARD]]，户名[[PER]]"),
    ("notice-bind", "【系统通知】您的账号[[EMAIL]]已绑定手机[[MOB]]。"),
    ("traffic", "违章记录：[[PLATE]]于2023年11月24日在[[LOC]]附近超速。"),
    ("contract", "甲方：[[#COMPANY]]（统一社会信用代码：[[USCC]]）\n乙方：[[PER]]（身份证号：[[ID]]）"),
    ("exit-pipe", "出境登记 | 姓名 [[PER]] | 护照 [[PASS]] | 手机 [[MOB]]"),
    ("story-left-num", "他说他叫[[PER]]，留了个电话[[MOB]]，别的什么都没说。"),
    ("chat-parcel", "快递放门卫了吗？我地址是[[LOC]]，收件人[[PER]]。"),
    ("csv-semicolon", "[[ID]];[[PER]];[[LOC]]"),
    ("json-nested", '{"user": {"real_name": "[[PER]]", "mobile": "[[MOB|plain]]", "bank_card": "[[CARD|plain]]"}}'),
    ("yaml", "contact:\n  name: [[PER]]\n  tel: [[PHONE]]\n  email: [[EMAIL]]"),
    ("news-hitrun", "报警人[[PER]]称，一辆车牌为[[PLATE]]的白色货车撞坏护栏后驶离。"),
    ("broadband", "办理宽带需要提供身份证原件，号码[[ID]]，安装地址[[LOC]]。"),
    ("chat-reset", "邮箱[[EMAIL]]，密码忘了，能帮忙重置吗"),
    ("bare-mob-name", "[[MOB]]（[[PER]]）"),
    ("emergency", "紧急联系人：[[PER]]，关系：母亲，电话：[[MOB]]"),
    ("regulator", "经查，[[#COMPANY]]（[[USCC]]）存在未按规定公示年报的情况。"),
    ("company-card", "企业名称：[[#COMPANY]]\n统一社会信用代码：[[USCC]]\n注册地址：[[LOC]]"),
    ("passport-renew", "我护照[[PASS]]快过期了，续签要带什么材料？"),
    ("access-log", "访问日志显示，来自[[IP]]的请求多次尝试用[[EMAIL]]登录。"),
    ("home-phone", "家里座机是[[PHONE]]，白天没人，打手机[[MOB]]吧。"),
    ("id-old-new", "旧证号[[ID15]]，新证号[[ID]]，两个都是我的。"),
    ("parking", "停车场记录：[[PLATE]] 入场 08:12 出场 18:47"),
    ("ship-line", "收货信息：[[PER]] [[MOB]] [[LOC]]"),
    ("teacher", "请[[PER]]同学于本周五前将作业发到[[EMAIL]]。"),
    ("cc-bill", "信用卡还款提醒：卡号[[CARD]]，本期应还￥3,280.00。"),
    ("lost-id", "谁捡到一张身份证，上面写着[[PER]]，号码[[ID]]，请联系失主。"),
    ("court", "被告人[[PER]]，男，汉族，住[[LOC]]。"),
    ("server-leak", "服务器[[IP]]上的数据库里存了客户手机号，比如[[MOB]]。"),
    ("chauffeur", "代驾订单：车辆[[PLATE]]，车主电话[[MOB]]，终点[[LOC]]。"),
    ("salary-card", "[[PER]]的工资卡是[[CARD]]，社保也绑在这张卡上。"),
    ("hukou-id15", "户籍卡上记的还是15位老号码[[ID15]]（1999年办理）。"),
    ("md-row", "| [[PER]] | [[MOB]] | [[EMAIL]] |"),
    ("clinic-landline", "诊所电话[[PHONE]]，医生[[PER]]周二坐诊。"),
]
T[("en", "positive", "dev")] = [
    ("chat-reach", "Hi, this is [[PER]], you can reach me at [[PHONE]]."),
    ("invoice-mail", "Please send the invoice to [[EMAIL]] by Friday."),
    ("form-ssn", "Name: [[PER]]\nSSN: [[SSN]]\nPhone: [[PHONE]]"),
    ("card-expiry", "My card number is [[CARD]], expiry 09/27."),
    ("ship-to", "Ship to: [[PER]], [[LOC]]"),
    ("cs-billing", "Customer [[PER]] called from [[PHONE]] about a billing error on card [[CARD]]."),
    ("csv-3", "[[PER]],[[EMAIL]],[[PHONE]]"),
    ("json-ip", '{"full_name": "[[PER]]", "email": "[[EMAIL]]", "last_ip": "[[IP]]"}'),
    ("news-arrest", "According to police, [[PER]], 34, was arrested outside [[LOC]] on Tuesday."),
    ("title-mr", "Mr. [[PER]] asked us to update his mailing address to [[LOC]]."),
    ("cn-contact", "Our Shanghai contact is [[PER|zh]], mobile [[MOB]]."),
    ("failed-login", "Failed login for [[EMAIL]] from [[IP]] at 03:12 UTC."),
    ("traveler", "Traveler: [[PER|zh]]; Chinese passport no. [[PASS]]"),
    ("text-or-mail", "Text me at [[PHONE]] or email [[EMAIL]]."),
    ("w2", "W-2 form for [[PER]], SSN [[SSN]]."),
    ("agent-dialog", "Agent: Can I have your name? Customer: It's [[PER]]. Agent: And a callback number? Customer: [[PHONE]]."),
    ("uscc-supplier", "The supplier's unified social credit code is [[USCC]]."),
    ("rental-plate", "Rental car plate [[PLATE]], driver [[PER|zh]]."),
    ("cn-id-file", "Employee file: [[PER|zh]], Chinese ID number [[ID]]."),
    ("dr-title", "Dr. [[PER]] will see you now; her office line is [[PHONE]]."),
]
T[("en", "positive", "test")] = [
    ("delivery", "Dear [[PER]], your order will be delivered to [[LOC]] tomorrow."),
    ("contact-pipe", "Contact: [[PER]] | [[EMAIL]] | [[PHONE]]"),
    ("deposit-card", "Charge the deposit to card [[CARD]], billing zip is the one on file."),
    ("emergency", "Emergency contact - [[PER]] (spouse), [[PHONE]]"),
    ("breach-ssn", "Her social security number, [[SSN]], was exposed in the breach."),
    ("applicant", "Applicant [[PER]] lists a previous residence at [[LOC]]."),
    ("bare-name-phone", "[[PER]] [[PHONE]]"),
    ("reply-to", "Reply-To: [[EMAIL]]"),
    ("server-log", "Server [[IP]] logged 412 requests from user [[EMAIL]]."),
    ("refund-card", "Wire the refund to [[PER]], card [[CARD]]."),
    ("news-family", "In a statement, [[PER]] said the family had lived at [[LOC]] for twenty years."),
    ("kv-patient", "patient_name=[[PER]]; dob=1984-02-11; ssn=[[SSN]]"),
    ("xml", "<customer><name>[[PER]]</name><phone>[[PHONE]]</phone></customer>"),
    ("new-number", "Hey it's [[PER]], new number: [[PHONE]]. Save it!"),
    ("billing-block", "Billing address: [[LOC]]\nCard: [[CARD]]"),
    ("beijing-mgr", "The Beijing office manager, [[PER|zh]], can be reached at [[MOB]] or [[EMAIL]]."),
    ("vendor-uscc", "Vendor USCC [[USCC]], registered address [[LOC|zh]]."),
    ("passenger", "Passenger [[PER|zh]], passport [[PASS]], seat 32A."),
    ("verify-3", "Please verify: SSN [[SSN]], phone [[PHONE]], email [[EMAIL]]."),
    ("vehicle", "The vehicle, registered as [[PLATE]], belongs to [[PER|zh]]."),
    ("new-device", "Login from a new device at [[IP]] for account [[EMAIL]]."),
    ("tsv", "[[PER]]\t[[SSN]]\t[[LOC]]"),
    ("forward", "Can you forward this to [[PER]]? Her email is [[EMAIL]]."),
    ("tenant", "Tenant: [[PER]]. Unit: [[LOC]]. Phone: [[PHONE]]."),
    ("lost-card", "Reported lost card [[CARD]]; cardholder [[PER]]."),
    ("caller-id", "Caller ID showed [[PHONE]], and the caller claimed to be [[PER]]."),
    ("cn-id-verify", "Please verify the resident ID [[ID]] of [[PER|zh]] before onboarding."),
    ("ms-title", "Ms. [[PER]] of [[LOC]] won the county raffle."),
]
T[("zh", "hard_negative", "dev")] = [
    ("order-shipped", "您的订单号[[#ORDER]]已发货，预计明天送达。"),
    ("ts14", "系统时间戳[[#TS14]]，请求耗时 132ms。"),
    ("badid-form", "输入的证件号[[#BADID]]无法通过系统校验，请重新填写。"),
    ("track-city", "快递单号[[#TRACK]]，目前在[[#CITY]]转运中心。"),
    ("product-price", "型号[[#PRODUCT]]的手机今天降价了，只要[[#AMOUNT]]。"),
    ("invoice", "发票代码[[#INVCODE]]，发票号码[[#INVOICE]]，金额[[#AMOUNT]]。"),
    ("serial-luhnfail", "交易流水号[[#LUHNFAIL]]，状态：成功。"),
    ("baduscc", "该企业代码[[#BADUSCC]]校验失败，请核对。"),
    ("version", "升级到[[#VERSION]]版本后问题解决了。"),
    ("trip-place", "这个周末我们打算去[[#PLACE_SURNAME]]玩，[[#SURNAME_SENT]]"),
    ("company-launch", "[[#COMPANY]]今天发布了新款[[#PRODUCT]]。"),
    ("meeting-dt", "会议定于[[#DATETIME]]在三楼会议室召开。"),
    ("ticket-num11", "工单编号[[#NUM11]]已关闭。"),
    ("isbn", "ISBN [[#ISBN]]，定价[[#AMOUNT]]。"),
    ("hotline", "[[#COMPANY]]客服热线[[#HOTLINE]]，24小时服务。"),
    ("order-person", "订单[[#ORDER]]的收货人是[[PER]]。"),
    ("train", "搭乘[[#TRAIN]]次列车前往[[#PLACE_SURNAME]]。"),
    ("surname-words", "[[#SURNAME_SENT]][[#SURNAME_SENT]]"),
]
T[("zh", "hard_negative", "test")] = [
    ("batch", "批次号：[[#LUHNFAIL]]；生产日期：[[#DATE]]"),
    ("error-log", "日志 [[#DATETIME]] ERROR 连接超时 code=[[#NUM11]]"),
    ("badid-returned", "用户填写的身份证号[[#BADID]]有误，已退回。"),
    ("route", "我们从[[#PLACE_SURNAME]]出发，走高速到[[#PLACE_SURNAME]]。"),
    ("order-ts", "订单创建时间[[#TS14]]，订单号[[#ORDER]]。"),
    ("parts", "配件编号[[#PRODUCT]]，库存[[#QTY]]件。"),
    ("reimburse", "报销总额[[#AMOUNT]]，请财务审核。"),
    ("track-signed", "物流单[[#TRACK]]已签收，签收人：本人。"),
    ("firmware", "固件版本[[#IPVER]]，已是最新。"),
    ("two-companies", "[[#COMPANY]]与[[#COMPANY]]签署战略合作协议。"),
    ("baduscc-license", "营业执照上的代码[[#BADUSCC]]与系统记录不一致。"),
    ("member-num11", "会员编号[[#NUM11]]的积分已到账。"),
    ("visitor", "第[[#QTY]]位访客于[[#DATETIME]]进入展馆。"),
    ("reference", "参考文献：《机器学习》，ISBN [[#ISBN]]。"),
    ("handle", "[[#HANDLE]] 你们的新品什么时候上市？"),
    ("postcode", "邮编[[#POSTCODE]]，[[#CITY]]市区，[[#SURNAME_SENT]]"),
    ("badid-testdata", "测试数据：[[#BADID]]（非法号码，仅用于单元测试）"),
    ("flight", "航班[[#FLIGHT]]延误，预计[[#DATETIME]]起飞。"),
    ("serial-person", "流水号[[#LUHNFAIL]]，经办人[[PER]]。"),
    ("invoice-mobile", "发票号码[[#INVOICE]]，开票人联系电话[[MOB]]。"),
    ("ean", "商品条码[[#EAN]]，[[#COMPANY]]出品。"),
    ("place-words", "[[#SURNAME_SENT]]听说[[#PLACE_SURNAME]]的风景不错。"),
    ("version-ts", "构建号[[#VERSION]]，打包时间[[#TS14]]。"),
]
T[("en", "hard_negative", "dev")] = [
    ("order-shipped", "Your order #[[#EN_ORDER]] shipped on [[#EN_DATE]]."),
    ("release", "[[#EN_ORG]] released version [[#VERSION]] today."),
    ("place-hike", "We hiked along the [[#EN_PLACE]] last summer."),
    ("ref-luhnfail", "Reference number [[#LUHNFAIL]] has been archived."),
    ("tracking", "Tracking: [[#EN_TRACK]]"),
    ("build-ts", "Build [[#EN_TS]] passed all tests."),
    ("amount", "Total due: [[#EN_AMOUNT]]"),
    ("isbn", "ISBN [[#ISBN]], 2nd edition."),
    ("sku-store", "SKU [[#EN_SKU]] is back in stock at the [[#EN_CITYZIP]] store."),
    ("badssn", "The sample value [[#EN_BADSSN]] is not a valid SSN because its area number is never issued."),
    ("order-person", "Order #[[#EN_ORDER]] for [[PER]] was refunded."),
    ("sents", "[[#EN_SENT]] [[#EN_SENT]]"),
]
T[("en", "hard_negative", "test")] = [
    ("meeting-date", "The meeting moved to [[#EN_DATE]] at 3 pm."),
    ("browser-ver", "Chrome [[#IPVER]] fixes a memory leak."),
    ("revenue", "[[#EN_ORG]] reported quarterly revenue of [[#EN_AMOUNT]]."),
    ("queue-place", "Visitors lined up at the [[#EN_PLACE]] before sunrise."),
    ("invoice-overdue", "Invoice [[#EN_ORDER]] is overdue."),
    ("batch", "Batch ID: [[#LUHNFAIL]]"),
    ("logline", 'timestamp=[[#EN_TS]] level=warn msg="retrying"'),
    ("parts", "Part [[#EN_SKU]] replaces part [[#EN_SKU]]."),
    ("cite", "Cite as: ISBN [[#ISBN]]."),
    ("warehouse", "Ships from our warehouse in [[#EN_CITYZIP]]."),
    ("handle", "Mention [[#EN_HANDLE]] in your post to get a reply."),
    ("track-person", "Tracking [[#EN_TRACK]] - recipient [[PER]]."),
    ("ticket-date", "Ticket #[[#EN_ORDER]] opened on [[#EN_DATE]]."),
    ("badssn-doc", "Our validator rejects [[#EN_BADSSN]] as an invalid social security number."),
    ("company-sent", "[[#EN_COMPANY]] sponsored the event. [[#EN_SENT]]"),
    ("version-date", "Release [[#VERSION]] ([[#EN_DATE]]) drops Python 3.8 support."),
]
T[("zh", "negative", "dev")] = [
    ("weather", "今天[[#CITY]]天气不错，适合出去走走。"),
    ("leave", "请问[[#COMPANY]]的年假制度是怎样的？"),
    ("reread", "这本书我看了[[#SMALL]]遍，还是觉得很好看。"),
    ("festival", "下周[[#CITY]]有一场音乐节，你去吗？"),
    ("plain-2", "[[#ZH_PLAIN]][[#ZH_PLAIN]]"),
    ("hire", "[[#COMPANY]]在[[#CITY]]开了新办公室。"),
]
T[("zh", "negative", "test")] = [
    ("train-time", "[[#CITY]]到[[#CITY]]的高铁大概要多久？"),
    ("recruit", "[[#COMPANY]]最近在招聘算法工程师。"),
    ("minutes", "会议纪要：第[[#SMALL]]项议题已讨论完毕，[[#ZH_PLAIN]]"),
    ("travel-q", "第一次去[[#CITY]]，有什么必吃的小吃？"),
    ("plain-city", "[[#ZH_PLAIN]]顺便问一下，[[#CITY]]冷不冷？"),
    ("count", "这个月一共加班[[#SMALL]]天。"),
    ("plain-1", "[[#ZH_PLAIN]]"),
    ("summary", "请用[[#SMALL]]句话总结一下[[#COMPANY]]的业务。"),
    ("move", "我们组下个月搬到[[#CITY]]分部。"),
]
T[("en", "negative", "dev")] = [
    ("plain-2", "[[#EN_PLAIN]] [[#EN_PLAIN]]"),
    ("company-q", "What does [[#EN_COMPANY]] do?"),
    ("reread", "I have read this book [[#SMALL]] times."),
    ("hiring", "[[#EN_COMPANY]] is hiring data engineers."),
    ("count", "We need [[#SMALL]] more chairs for the meeting."),
]
T[("en", "negative", "test")] = [
    ("summary", "Summarize the mission of [[#EN_COMPANY]] in [[#SMALL]] sentences."),
    ("plain-1", "[[#EN_PLAIN]]"),
    ("plain-thanks", "[[#EN_PLAIN]] Thanks in advance!"),
    ("overtime", "The team worked [[#SMALL]] extra days this month."),
    ("partnership", "[[#EN_COMPANY]] announced a partnership with [[#EN_COMPANY]]."),
    ("agenda", "Item [[#SMALL]] on the agenda was postponed."),
    ("travel", "I am planning a trip with [[#SMALL]] friends next spring."),
]

SLOT_RE = re.compile(r"\[\[([#A-Z0-9_]+)(?:\|([a-z0-9]+))?\]\]")


def render(template: str, lang: str, g: Gen, fill: Fillers):
    text, ents, checks = [], [], []
    pos, last = 0, 0
    for m in SLOT_RE.finditer(template):
        lit = template[last:m.start()]
        text.append(lit)
        pos += len(lit)
        slot, variant = m.group(1), m.group(2) or ""
        if slot.startswith("#"):
            val, tag = fill(slot[1:], lang)
            if tag:
                checks.append((tag, val))
        else:
            val = gen_entity(g, slot, variant, lang)
            ents.append({"type": ENTITY_SLOTS[slot], "start": pos, "end": pos + len(val), "value": val})
        text.append(val)
        pos += len(val)
        last = m.end()
    text.append(template[last:])
    return "".join(text), ents, checks


# --------------------------------------------------------------------------
# leak scan: nothing outside labelled spans may validate as a labelled type
# --------------------------------------------------------------------------
def unlabelled_text(text: str, ents) -> str:
    chars = list(text)
    for e in ents:
        for i in range(e["start"], e["end"]):
            chars[i] = "\u2588"  # block char: acts as a boundary
    return nfkc("".join(chars))


def leak_scan(text: str, ents) -> list[str]:
    s = unlabelled_text(text, ents)
    bad = []
    for m in re.finditer(r"(?<![0-9A-Z])\d{17}[\dX](?![0-9A-Z])", s):
        if valid_id18(m.group()):
            bad.append("ID18:" + m.group())
    for m in re.finditer(r"(?<!\d)\d{15}(?!\d)", s):
        if valid_id15(m.group()):
            bad.append("ID15:" + m.group())
    for m in re.finditer(r"(?<![\d+])(?:\+86|0086)?[ -]?1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)", s):
        bad.append("MOB:" + m.group())
    for m in re.finditer(r"(?<![0-9A-Za-z])\d(?:[ -]?\d){15,18}(?![0-9A-Za-z])", s):
        d = re.sub(r"[ -]", "", m.group())
        if 16 <= len(d) <= 19 and luhn_ok(d):
            bad.append("CARD:" + m.group())
    for m in re.finditer(r"(?<![0-9A-Z])[0-9A-HJ-NP-RT-UW-Y]{2}\d{6}[0-9A-HJ-NP-RT-UW-Y]{10}(?![0-9A-Z])", s):
        if valid_uscc(m.group()):
            bad.append("USCC:" + m.group())
    for m in re.finditer(r"(?<![0-9A-Za-z])(?:E\d{8}|E[A-HJ-NP-Z]\d{7}|G\d{8})(?!\d)", s):
        bad.append("PASS:" + m.group())
    for m in PLATE_RE.finditer(s):
        bad.append("PLATE:" + m.group())
    for m in EMAIL_RE.finditer(s):
        bad.append("EMAIL:" + m.group())
    for m in re.finditer(r"(?<![\d-])(?:0\d{2,3}-[2-8]\d{6,7}|\(0\d{2,3}\) ?\d{3,4} ?\d{4})(?!\d)", s):
        bad.append("LANDLINE:" + m.group())
    for m in re.finditer(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])", s):
        if valid_ssn(m.group()):
            bad.append("SSN:" + m.group())
    for m in re.finditer(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])", s):
        try:
            ipaddress.ip_address(m.group())
            bad.append("IP:" + m.group())
        except ValueError:
            pass
    for m in re.finditer(r"(?<![\d(-])(?:\(\d{3}\) |\d{3}[-.])\d{3}[-.]\d{4}(?![\d-])", s):
        bad.append("USPHONE:" + m.group())
    return bad


def filler_ok(tag: str, v: str) -> bool:
    try:
        check_filler(tag, v)
        return True
    except AssertionError:
        return False


def check_filler(tag: str, v: str) -> None:
    if v.isdigit() and 16 <= len(v) <= 19:
        assert not luhn_ok(v), v  # no unlabelled Luhn-valid card-length number anywhere
    if tag == "BADID":
        assert len(v) == 18 and not valid_id18(v) and not valid_uscc(v), v
    elif tag == "BADUSCC":
        assert len(v) == 18 and not valid_uscc(v) and not valid_id18(v), v
    elif tag == "LONGNUM":
        assert v.isdigit() and 16 <= len(v) <= 19 and not luhn_ok(v), v
        assert not valid_id18(v) and not valid_uscc(v), v
    elif tag == "NUM11":
        assert len(v) == 11 and not MOBILE_RE.fullmatch(v), v
    elif tag == "BADSSN":
        assert re.fullmatch(r"\d{3}-\d{2}-\d{4}", v) and not valid_ssn(v), v
    elif tag == "ISBN":
        d = v.replace("-", "")
        assert len(d) == 13 and isbn13_check(d[:12]) == d[12], v
    elif tag == "IPVER":
        try:
            ipaddress.ip_address(v)
            raise AssertionError(v)
        except ValueError:
            pass
    else:
        raise AssertionError(tag)


# --------------------------------------------------------------------------
# build
# --------------------------------------------------------------------------
def build():
    rows = []
    for lang_i, lang in enumerate(["zh", "en"]):
        g = Gen(SEED + 1000 * lang_i)
        fill = Fillers(g)
        lang_rows = []
        seen: set[str] = set()
        for kind in ["positive", "hard_negative", "negative"]:
            total = TARGETS[(lang, kind)]
            n_dev = round(total * DEV_SHARE)
            for split, n in (("dev", n_dev), ("test", total - n_dev)):
                temps = T[(lang, kind, split)]
                made, i, fails = 0, 0, 0
                while made < n:
                    name, tmpl = temps[i % len(temps)]
                    i += 1
                    text, ents, checks = render(tmpl, lang, g, fill)
                    if text in seen:
                        fails += 1
                        assert fails < 5000, (lang, kind, split)
                        continue
                    seen.add(text)
                    lang_rows.append({
                        "lang": lang, "split": split, "kind": kind,
                        "shape": f"{lang}-{ {'positive': 'pos', 'hard_negative': 'hn', 'negative': 'neg'}[kind]}-{split}-{name}",
                        "text": text, "entities": ents, "_checks": checks,
                    })
                    made += 1
        g.r.shuffle(lang_rows)
        for k, row in enumerate(lang_rows, 1):
            row["id"] = f"pii-{lang}-{k:05d}"
        rows.extend(lang_rows)
    return rows


def validate(rows) -> None:
    # template disjointness
    for lang in ("zh", "en"):
        for kind in ("positive", "hard_negative", "negative"):
            dev = {t for _, t in T[(lang, kind, "dev")]}
            test = {t for _, t in T[(lang, kind, "test")]}
            assert not dev & test, (lang, kind, dev & test)
    all_dev = {t for (_lang, _kind, s), v in T.items() if s == "dev" for _, t in v}
    all_test = {t for (_lang, _kind, s), v in T.items() if s == "test" for _, t in v}
    assert not all_dev & all_test
    shapes_by_split = {"dev": set(), "test": set()}
    ids = set()
    for r in rows:
        assert r["id"] not in ids
        ids.add(r["id"])
        shapes_by_split[r["split"]].add(r["shape"])
        text, ents = r["text"], r["entities"]
        prev_end = -1
        for e in sorted(ents, key=lambda e: e["start"]):
            assert e["value"] == text[e["start"]:e["end"]], (r["id"], e)
            assert e["start"] >= prev_end, ("overlap", r["id"])
            prev_end = e["end"]
            check_entity(e["type"], e["value"])
            if e["type"] == "US_SSN":
                assert r["lang"] == "en"
        if r["kind"] == "positive":
            assert 1 <= len(ents) <= 3, r["id"]
        elif r["kind"] == "negative":
            assert not ents, r["id"]
        for tag, v in r["_checks"]:
            check_filler(tag, v)
        leaks = leak_scan(text, ents)
        assert not leaks, (r["id"], text, leaks)
    assert not shapes_by_split["dev"] & shapes_by_split["test"]


def counts(rows) -> str:
    out = []
    c = Counter((r["lang"], r["split"], r["kind"]) for r in rows)
    out.append(f"Total sentences: **{len(rows)}** "
               f"(zh {sum(r['lang'] == 'zh' for r in rows)}, en {sum(r['lang'] == 'en' for r in rows)}); "
               f"total entities: **{sum(len(r['entities']) for r in rows)}**; "
               f"distinct shapes (templates): dev {len({r['shape'] for r in rows if r['split'] == 'dev'})}, "
               f"test {len({r['shape'] for r in rows if r['split'] == 'test'})}.\n")
    out.append("Sentences by language / split / kind:\n")
    out.append("| lang | split | positive | hard_negative | negative | total |")
    out.append("|---|---|---:|---:|---:|---:|")
    for lang in ("zh", "en"):
        for split in ("dev", "test"):
            p, h, n = (c[(lang, split, k)] for k in ("positive", "hard_negative", "negative"))
            out.append(f"| {lang} | {split} | {p} | {h} | {n} | {p + h + n} |")
    kc = Counter(r["kind"] for r in rows)
    out.append(f"| all | all | {kc['positive']} | {kc['hard_negative']} | {kc['negative']} | {len(rows)} |\n")
    ec = Counter((e["type"], r["lang"], r["split"]) for r in rows for e in r["entities"])
    types = ["CN_RESIDENT_ID", "CN_MOBILE", "BANK_CARD", "CN_USCC", "CN_PASSPORT", "CN_LICENSE_PLATE",
             "EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON", "LOCATION", "US_SSN", "IP_ADDRESS"]
    out.append("Entity spans by type / language / split (positives plus the few real entities inside hard negatives):\n")
    out.append("| type | zh dev | zh test | en dev | en test | total |")
    out.append("|---|---:|---:|---:|---:|---:|")
    for t in types:
        vals = [ec[(t, lang, s)] for lang in ("zh", "en") for s in ("dev", "test")]
        out.append(f"| {t} | " + " | ".join(map(str, vals)) + f" | {sum(vals)} |")
    vals = [sum(ec[(t, lang, s)] for t in types) for lang in ("zh", "en") for s in ("dev", "test")]
    out.append("| all | " + " | ".join(map(str, vals)) + f" | {sum(vals)} |\n")
    nent = Counter(len(r["entities"]) for r in rows if r["kind"] == "positive")
    out.append("Positives by number of entities: " + ", ".join(f"{k}: {nent[k]}" for k in sorted(nent)) + ".\n")
    hn_with = sum(1 for r in rows if r["kind"] == "hard_negative" and r["entities"])
    out.append(f"Hard negatives that also contain one real entity: {hn_with}.\n")
    # surface-form extras
    fw = sum(1 for r in rows for e in r["entities"] if any("\uff10" <= ch <= "\uff19" for ch in e["value"]))
    id15 = sum(1 for r in rows for e in r["entities"] if e["type"] == "CN_RESIDENT_ID" and len(e["value"]) == 15)
    intl = sum(1 for r in rows for e in r["entities"] if e["type"] == "CN_MOBILE" and nfkc(e["value"]).startswith(("+86", "0086")))
    sep = sum(1 for r in rows for e in r["entities"] if e["type"] == "CN_MOBILE" and re.search(r"[ -]", nfkc(e["value"]).replace("+86 ", "").replace("0086 ", "")))
    minority = sum(1 for r in rows for e in r["entities"] if e["type"] == "PERSON" and "·" in e["value"])
    compound = sum(1 for r in rows for e in r["entities"] if e["type"] == "PERSON" and e["value"][:2] in COMPOUND_SURNAMES)
    dotplate = sum(1 for r in rows for e in r["entities"] if e["type"] == "CN_LICENSE_PLATE" and "·" in e["value"])
    nev = sum(1 for r in rows for e in r["entities"] if e["type"] == "CN_LICENSE_PLATE" and len(e["value"].replace("·", "")) == 8)
    out.append(f"Surface variants: full-width digits in {fw} spans; 15-digit resident IDs {id15}; "
               f"mobiles with +86/0086 prefix {intl}; mobiles with internal space/dash separators {sep}; "
               f"PERSON with middle dot (minority names) {minority}; PERSON with two-character surname {compound}; "
               f"plates with '·' {dotplate}; new-energy (8-char) plates {nev}.")
    return "\n".join(out)


def main():
    rows = build()
    validate(rows)
    with OUT.open("w", encoding="utf-8") as f:
        for r in rows:
            obj = {k: r[k] for k in ("id", "lang", "split", "kind", "shape", "text", "entities")}
            f.write(json.dumps(obj, ensure_ascii=False) + "\n")
    # re-read and re-check the file on disk
    back = [json.loads(line) for line in OUT.read_text(encoding="utf-8").splitlines()]
    assert len(back) == len(rows)
    for r in back:
        for e in r["entities"]:
            assert r["text"][e["start"]:e["end"]] == e["value"]
    table = counts(back)
    print(table)
    if CARD.exists():
        card = CARD.read_text(encoding="utf-8")
        a, b = "<!-- counts:start -->", "<!-- counts:end -->"
        if a in card and b in card:
            pre, rest = card.split(a, 1)
            _, post = rest.split(b, 1)
            CARD.write_text(pre + a + "\n" + table + "\n" + b + post, encoding="utf-8")
    print(f"wrote {OUT} ({len(back)} lines)", file=sys.stderr)


if __name__ == "__main__":
    main()
