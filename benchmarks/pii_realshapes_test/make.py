#!/usr/bin/env python3
"""Deterministic generator for the pii_realshapes_test evaluation set.

Writes test.jsonl (one JSON object per line) next to this file and refreshes the
counts block inside CARD.md.  Only stdlib + Faker + python-stdnum are used, all
randomness comes from fixed seeds, so two runs produce byte-identical output.

    /work/venv/bin/python make.py
"""
import collections
import datetime
import json
import os
import random
import re
import uuid

from faker import Faker
from stdnum import luhn
from stdnum.cn import ric, uscc

SEED = 20250301
N_LINES = 1200
HERE = os.path.dirname(os.path.abspath(__file__))

rng = random.Random(SEED)
fen = Faker("en_US")
fen.seed_instance(SEED + 1)

# --------------------------------------------------------------------------
# span builder
# --------------------------------------------------------------------------


class B:
    """Accumulates text and exact entity spans."""

    def __init__(self):
        self.buf, self.n, self.ents = [], 0, []

    def t(self, s):
        self.buf.append(s)
        self.n += len(s)
        return self

    def e(self, typ, v):
        assert v and v == v.strip(), (typ, v)
        self.ents.append({"type": typ, "start": self.n, "end": self.n + len(v), "value": v})
        return self.t(v)

    def fill(self, tmpl, vals=None):
        """Template with {TYPE} (labelled, value taken from vals[TYPE]) and
        {~name} (unlabelled, vals[name]) placeholders; {v}/{V} use vals['v']
        with type vals['_t']."""
        vals = vals or {}
        pos = 0
        for m in re.finditer(r"\{(~?)([A-Za-z_]+)\}", tmpl):
            self.t(tmpl[pos:m.start()])
            key = m.group(2)
            if m.group(1):
                self.t(str(vals[key]))
            elif key == "v":
                self.e(vals["_t"], vals["v"])
            else:
                self.e(key, vals[key])
            pos = m.end()
        self.t(tmpl[pos:])
        return self

    def value(self, typ, v):
        """typ None -> plain text."""
        return self.e(typ, v) if typ else self.t(v)

    def done(self):
        text = "".join(self.buf)
        for en in self.ents:
            assert text[en["start"]:en["end"]] == en["value"], en
        return text, self.ents


def ch(seq):
    return rng.choice(seq)


def chance(p):
    return rng.random() < p


def digits(n, first_nonzero=False):
    s = "".join(rng.choice("0123456789") for _ in range(n))
    if first_nonzero and s[0] == "0":
        s = rng.choice("123456789") + s[1:]
    return s


# --------------------------------------------------------------------------
# checks shared with validate.py (kept inline so make.py is standalone)
# --------------------------------------------------------------------------

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def ric_ok(s):
    """stdnum's ric.is_valid, guarded against a KeyError it raises for some
    region codes."""
    try:
        return ric.is_valid(s)
    except Exception:
        return False


def luhn_ok(s):
    s = re.sub(r"[ -]", "", s)
    return s.isdigit() and luhn.is_valid(s)


def digit_runs(text):
    """Maximal digit runs, also joining runs split by single spaces/dashes
    (card-style grouping)."""
    out = [m.group(0) for m in re.finditer(r"\d+", text)]
    for m in re.finditer(r"\d+(?:[ -]\d+)+", text):
        out.append(re.sub(r"[ -]", "", m.group(0)))
    return out


def unsafe_run(r):
    if 16 <= len(r) <= 19 and luhn.is_valid(r):
        return "luhn"
    if len(r) == 18 and ric_ok(r):
        return "ric"
    if len(r) == 11 and MOBILE_RE.match(r):
        return "mobile"
    if len(r) > 19:
        for k in range(16, 20):
            if luhn.is_valid(r[:k]):
                return "luhn-prefix"
    return None


def safe_text(s):
    """True when s has no digit run that would be a valid card / ID / mobile
    and no valid USCC-shaped token."""
    for r in digit_runs(s):
        if unsafe_run(r):
            return False
    for m in re.finditer(r"(?<![0-9A-Z])[0-9A-Z]{18}(?![0-9A-Z])", s):
        if uscc.is_valid(m.group(0)) or ric_ok(m.group(0)):
            return False
    return True


def safe(gen):
    for _ in range(1000):
        v = gen()
        if safe_text(v):
            return v
    raise RuntimeError("could not make a safe value")


# --------------------------------------------------------------------------
# entity value generators
# --------------------------------------------------------------------------

REGIONS = ["110101", "110102", "110105", "110108", "310101", "310104", "310105",
           "310110", "120101", "120104", "500103", "440103", "440106", "440304",
           "440305", "330102", "330106", "320102", "320106", "510104", "510107",
           "420106", "610103", "370202", "370102", "350203", "430104", "410105",
           "210102", "340104", "530102", "130102", "140105", "230103", "450103",
           "360102", "460105", "620102", "520102", "150102"]


def rand_date(lo, hi):
    a, b = datetime.date(*lo).toordinal(), datetime.date(*hi).toordinal()
    return datetime.date.fromordinal(rng.randint(a, b))


def birth_date():
    return rand_date((1956, 1, 1), (2006, 12, 31))


def cn_id(bd):
    for _ in range(200):
        body = ch(REGIONS) + bd.strftime("%Y%m%d") + digits(3)
        v = body + ric.calc_check_digit(body + "0")
        if ric_ok(v):
            return v
    raise RuntimeError("no valid id")


def id_fail_checksum():
    v = cn_id(birth_date())
    bad = ch([c for c in "0123456789X" if c != v[-1]])
    v = v[:-1] + bad
    assert not ric_ok(v)
    return v


def id_fail_date():
    # correct check-digit formula but impossible birth date (month 13-19 / day 32+)
    for _ in range(100):
        y = rng.randint(1960, 2004)
        bad = ch(["%d%02d%02d" % (y, rng.randint(13, 19), rng.randint(1, 28)),
                  "%d%02d%02d" % (y, rng.randint(1, 12), rng.randint(32, 39)),
                  "%d0230" % y, "%d0431" % y])
        body = ch(REGIONS) + bad + digits(3)
        v = body + ric.calc_check_digit(body + "0")
        if not ric_ok(v):
            return v
    raise RuntimeError


MOB_PREFIX = ["130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145",
              "147", "150", "151", "152", "153", "155", "156", "157", "158", "159", "166",
              "173", "175", "176", "177", "178", "180", "181", "182", "183", "184", "185",
              "186", "187", "188", "189", "191", "193", "195", "198", "199"]


def cn_mobile():
    return ch(MOB_PREFIX) + digits(8)


def fmt_mobile(d, lang, style=None):
    if style is None:
        w = [62, 12, 12, 9, 5] if lang != "en" else [35, 15, 10, 25, 15]
        style = rng.choices(range(5), w)[0]
    return [d, f"{d[:3]}-{d[3:7]}-{d[7:]}", f"{d[:3]} {d[3:7]} {d[7:]}", f"+86 {d}",
            f"+86-{d[:3]}-{d[3:7]}-{d[7:]}"][style]


AREA8 = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029", "0755",
         "0571", "0512", "0532", "0591", "0731", "0371", "0551", "0871", "0757", "0769"]
AREA7 = ["0356", "0917", "0476", "0335", "0898"]


def cn_landline():
    if chance(0.85):
        area, sub = ch(AREA8), ch("2345678") + digits(7)
    else:
        area, sub = ch(AREA7), ch("2345678") + digits(6)
    return area, sub


def fmt_landline(ll, style=None):
    area, sub = ll
    if style is None:
        style = rng.choices(range(6), [50, 14, 12, 10, 8, 6])[0]
    return [f"{area}-{sub}", f"({area}){sub}", f"{area} {sub[:-4]} {sub[-4:]}",
            f"+86-{area[1:]}-{sub}", f"{area}-{sub[:-4]}-{sub[-4:]}", f"{area}{sub}"][style]


US_AREA = ["212", "213", "305", "312", "404", "415", "425", "469", "503", "512", "602",
           "617", "646", "702", "713", "718", "720", "773", "801", "818", "832", "858",
           "917", "919", "925", "206", "303", "480", "510", "610", "630", "704", "786", "971"]


def us_phone():
    while True:
        ex = ch("23456789") + digits(2)
        if ex != "555" and ex[1:] != "11":
            return ch(US_AREA), ex, digits(4)


def fmt_us_phone(p, style=None):
    a, e, l_ = p
    if style is None:
        style = rng.choices(range(6), [30, 28, 10, 12, 10, 10])[0]
    return [f"({a}) {e}-{l_}", f"{a}-{e}-{l_}", f"{a}.{e}.{l_}", f"+1 {a} {e} {l_}",
            f"+1-{a}-{e}-{l_}", f"+1 ({a}) {e}-{l_}"][style]


BINS = {16: ["622588", "622575", "622609", "625809", "628288", "436742", "427020", "524090",
             "518710", "552599", "404119", "453242", "539868", "622155", "625967"],
        17: ["622623", "621799"],
        18: ["622280", "623668"],
        19: ["622202", "621226", "621700", "622848", "621661", "622700", "621483", "623058",
             "622908", "621485"]}


def bank_card(n=None):
    n = n or rng.choices([16, 17, 18, 19], [52, 5, 5, 38])[0]
    while True:
        body = ch(BINS[n]) + digits(n - 7)
        v = body + luhn.calc_check_digit(body)
        if not (n == 18 and ric_ok(v)):
            assert luhn.is_valid(v) and len(v) == n
            return v


def group4(s, sep=" "):
    return sep.join(s[i:i + 4] for i in range(0, len(s), 4))


def fmt_card(c, lang, style=None):
    if style is None:
        style = rng.choices(range(3), [60, 32, 8] if lang != "en" else [40, 35, 25])[0]
    return [c, group4(c, " "), group4(c, "-")][style]


def card_fail(n=None):
    n = n or rng.choice([16, 16, 16, 19, 19, 17, 18])
    c = bank_card(n)
    v = c[:-1] + ch([d for d in "0123456789" if d != c[-1]])
    assert not luhn.is_valid(v)
    if n == 18 and ric_ok(v):
        return card_fail(n)
    return v


US_ALPHA = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def org_check(code8):  # GB 11714
    w = [3, 7, 9, 10, 5, 8, 4, 2]
    vals = [int(c) if c.isdigit() else ord(c) - 55 for c in code8]
    c = 11 - sum(a * b for a, b in zip(vals, w)) % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def make_uscc():
    head = ch(["91", "91", "91", "91", "92", "93", "51", "52", "12", "11"])
    if chance(0.55):
        body = "MA" + "".join(ch(US_ALPHA) for _ in range(6))
    else:
        body = digits(8, True)
    s17 = head + ch(REGIONS) + body + org_check(body)
    v = s17 + uscc.calc_check_digit(s17)
    assert uscc.is_valid(v)
    return v


def uscc_fail():
    v = make_uscc()
    v = v[:-1] + ch([c for c in US_ALPHA if c != v[-1]])
    assert not uscc.is_valid(v)
    return v


PP_LET = "ABCDEFGHJKLMNPQRSTUVWXYZ"


def passport():
    r = rng.random()
    if r < 0.6:
        return "E" + digits(8, True)
    if r < 0.8:
        return "E" + ch(PP_LET) + digits(7)
    return "G" + digits(8, True)


PROV = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"


def plate():
    p, c = ch(PROV), ch("ABCDEFGHJKLM")
    if chance(0.75):
        serial = [ch("0123456789") for _ in range(5)]
        for _ in range(rng.choice([0, 0, 1, 1, 2])):
            serial[rng.randrange(5)] = ch("ABCDEFGHJKLMNPQRSTUVWXYZ")
        serial = "".join(serial)
    else:
        serial = ch("DF") + digits(5)
    sep = rng.choices(["", "·", " "], [70, 20, 10])[0]
    return p + c + sep + serial


def ssn():
    while True:
        a = rng.randint(1, 899)
        if a != 666:
            return "%03d" % a, "%02d" % rng.randint(1, 99), "%04d" % rng.randint(1, 9999)


def fmt_ssn(s, style=None):
    if style is None:
        style = rng.choices(range(3), [86, 8, 6])[0]
    return ["-".join(s), " ".join(s), "".join(s)][style]


def bad_ssn():
    a = ch(["9%02d" % rng.randint(0, 99), "000", "666"])
    g = "%02d" % (rng.randint(10, 49) if a.startswith("9") else rng.randint(1, 99))
    return f"{a}-{g}-{digits(4)}"


def ip_addr():
    r = rng.random()
    if r < 0.58:
        return fen.ipv4_public()
    if r < 0.86:
        return fen.ipv4_private()
    return fen.ipv6()


def mac_addr():
    b = [rng.randrange(256) for _ in range(6)]
    b[0] &= 0xFC
    style = rng.choices(range(4), [45, 20, 20, 15])[0]
    h = ["%02x" % x for x in b]
    if style == 0:
        return ":".join(h)
    if style == 1:
        return ":".join(h).upper()
    if style == 2:
        return "-".join(h).upper()
    return "%s%s.%s%s.%s%s" % tuple(h)


def qq_number():
    n = rng.choices([5, 6, 7, 8, 9, 10, 11], [2, 5, 8, 16, 30, 34, 5])[0]
    if n == 10:
        return ch("123") + digits(9)
    if n == 11:
        return "1" + ch("0125") + digits(9)  # never a mobile prefix
    return digits(n, True)


# ---- names ----
SURN = {"王": "wang", "李": "li", "张": "zhang", "刘": "liu", "陈": "chen", "杨": "yang", "黄": "huang",
        "赵": "zhao", "吴": "wu", "周": "zhou", "徐": "xu", "孙": "sun", "马": "ma", "朱": "zhu", "胡": "hu",
        "郭": "guo", "何": "he", "高": "gao", "林": "lin", "罗": "luo", "郑": "zheng", "梁": "liang",
        "谢": "xie", "宋": "song", "唐": "tang", "许": "xu", "韩": "han", "冯": "feng", "邓": "deng",
        "曹": "cao", "彭": "peng", "曾": "zeng", "肖": "xiao", "田": "tian", "董": "dong", "袁": "yuan",
        "潘": "pan", "于": "yu", "蒋": "jiang", "蔡": "cai", "余": "yu", "杜": "du", "叶": "ye", "程": "cheng",
        "苏": "su", "魏": "wei", "吕": "lv", "丁": "ding", "任": "ren", "沈": "shen", "姚": "yao", "卢": "lu",
        "姜": "jiang", "崔": "cui", "钟": "zhong", "谭": "tan", "陆": "lu", "汪": "wang", "范": "fan",
        "金": "jin", "石": "shi", "廖": "liao", "贾": "jia", "夏": "xia", "韦": "wei", "方": "fang",
        "白": "bai", "邹": "zou", "孟": "meng", "熊": "xiong", "秦": "qin", "邱": "qiu", "江": "jiang",
        "尹": "yin", "薛": "xue", "段": "duan", "雷": "lei", "侯": "hou", "龙": "long", "史": "shi",
        "陶": "tao", "贺": "he", "顾": "gu", "毛": "mao", "郝": "hao", "龚": "gong", "邵": "shao",
        "万": "wan", "钱": "qian", "严": "yan", "武": "wu", "戴": "dai", "孔": "kong", "向": "xiang",
        "汤": "tang", "常": "chang", "温": "wen", "康": "kang", "施": "shi", "文": "wen", "牛": "niu",
        "安": "an", "齐": "qi", "易": "yi", "乔": "qiao", "庞": "pang", "颜": "yan", "章": "zhang",
        "鲁": "lu", "岳": "yue", "柳": "liu", "宁": "ning", "都": "du", "欧阳": "ouyang", "司马": "sima",
        "上官": "shangguan", "诸葛": "zhuge", "东方": "dongfang", "慕容": "murong"}
GIVEN = {"伟": "wei", "芳": "fang", "娜": "na", "敏": "min", "静": "jing", "丽": "li", "强": "qiang",
         "磊": "lei", "军": "jun", "洋": "yang", "勇": "yong", "艳": "yan", "杰": "jie", "娟": "juan",
         "涛": "tao", "明": "ming", "超": "chao", "霞": "xia", "平": "ping", "刚": "gang", "华": "hua",
         "建": "jian", "国": "guo", "志": "zhi", "晓": "xiao", "东": "dong", "海": "hai", "燕": "yan",
         "鹏": "peng", "飞": "fei", "雪": "xue", "梅": "mei", "丹": "dan", "俊": "jun", "思": "si",
         "远": "yuan", "子": "zi", "涵": "han", "浩": "hao", "然": "ran", "欣": "xin", "怡": "yi",
         "梓": "zi", "萱": "xuan", "宇": "yu", "轩": "xuan", "雨": "yu", "桐": "tong", "嘉": "jia",
         "佳": "jia", "琪": "qi", "博": "bo", "文": "wen", "天": "tian", "晨": "chen", "曦": "xi",
         "若": "ruo", "诗": "shi", "婷": "ting", "慧": "hui", "玲": "ling", "红": "hong", "秀": "xiu",
         "英": "ying", "兰": "lan", "桂": "gui", "玉": "yu", "春": "chun", "秋": "qiu", "颖": "ying",
         "凯": "kai", "鑫": "xin", "毅": "yi", "峰": "feng", "昊": "hao", "睿": "rui", "泽": "ze",
         "航": "hang", "波": "bo", "斌": "bin", "琳": "lin", "倩": "qian", "蕾": "lei", "璐": "lu",
         "悦": "yue", "瑶": "yao", "晶": "jing", "薇": "wei", "岩": "yan", "松": "song", "森": "sen",
         "立": "li", "新": "xin", "永": "yong", "健": "jian", "亮": "liang", "成": "cheng", "辉": "hui",
         "婉": "wan", "清": "qing", "一": "yi", "诺": "nuo", "安": "an", "彤": "tong", "昕": "xin"}
SURN_K = list(SURN)
SURN_W = [0.6 if len(s) == 2 else (3 if s in "王李张刘陈杨黄赵吴周" else 1) for s in SURN_K]
# surnames that double as common words/characters get a boost so that
# positives contain e.g. 高/常/金/方/马/于/向/石/江/文/白/都 names
for i, s in enumerate(SURN_K):
    if s in "高常金方马于向石江文白张都万安":
        SURN_W[i] = 2
GIVEN_K = list(GIVEN)


def zh_name():
    sn = rng.choices(SURN_K, SURN_W)[0]
    gl = rng.choices([1, 2], [35, 65])[0] if len(sn) == 1 else rng.choice([1, 2])
    gn = "".join(ch(GIVEN_K) for _ in range(gl))
    return sn, gn


# ---- addresses ----
CITIES = [
    ("", "北京市", ["朝阳区", "海淀区", "东城区", "西城区", "丰台区", "通州区"]),
    ("", "上海市", ["浦东新区", "徐汇区", "静安区", "黄浦区", "闵行区", "杨浦区"]),
    ("", "天津市", ["和平区", "南开区", "河西区"]),
    ("", "重庆市", ["渝中区", "江北区", "沙坪坝区"]),
    ("广东省", "广州市", ["天河区", "越秀区", "海珠区", "番禺区"]),
    ("广东省", "深圳市", ["南山区", "福田区", "罗湖区", "宝安区", "龙岗区"]),
    ("浙江省", "杭州市", ["西湖区", "滨江区", "拱墅区", "余杭区"]),
    ("江苏省", "南京市", ["鼓楼区", "玄武区", "建邺区"]),
    ("江苏省", "苏州市", ["姑苏区", "吴中区", "相城区"]),
    ("四川省", "成都市", ["武侯区", "锦江区", "青羊区", "成华区"]),
    ("湖北省", "武汉市", ["洪山区", "武昌区", "江汉区"]),
    ("陕西省", "西安市", ["雁塔区", "碑林区", "未央区"]),
    ("山东省", "青岛市", ["市南区", "崂山区", "黄岛区"]),
    ("山东省", "济南市", ["历下区", "市中区"]),
    ("福建省", "厦门市", ["思明区", "湖里区"]),
    ("湖南省", "长沙市", ["岳麓区", "芙蓉区", "天心区"]),
    ("河南省", "郑州市", ["金水区", "二七区", "中原区"]),
    ("辽宁省", "沈阳市", ["和平区", "沈河区", "浑南区"]),
    ("安徽省", "合肥市", ["蜀山区", "包河区"]),
    ("云南省", "昆明市", ["五华区", "盘龙区"]),
]
ROADS = ["中山路", "人民路", "建设路", "解放路", "长江路", "和平路", "新华路", "胜利路", "文化路", "青年路",
         "科技园路", "学府路", "东风路", "朝阳路", "光明路", "幸福路", "团结路", "南京路", "延安路", "淮海中路",
         "建国路", "复兴路", "东三环中路", "科苑南路", "天府大道", "滨江大道", "望京街", "中关村大街", "花园路",
         "北京路", "金融街", "江边路", "石门一路", "高新南七道", "马场道", "常德路"]
COMM = ["阳光花园", "锦绣家园", "翠苑小区", "金地名城", "万科城", "碧桂园", "华润城", "世纪花园", "紫荆公寓",
        "绿地中心", "国贸大厦", "科兴科学园", "望京SOHO", "时代广场", "龙湖天街", "和平里小区", "幸福家园",
        "东方明珠苑", "金桥国际", "白云小区"]


def addr_zh():
    prov, city, dists = ch(CITIES)
    dist, road, num = ch(dists), ch(ROADS), rng.randint(1, 999)
    r = rng.random()
    if prov and r < 0.45:
        head = prov + city + dist
    elif r < 0.88:
        head = city + dist
    else:
        head = dist
    t = rng.random()
    b, room = rng.randint(1, 30), "%d%02d" % (rng.randint(1, 32), rng.randint(1, 8))
    if t < 0.25:
        tail = ""
    elif t < 0.5:
        tail = f"{ch(COMM)}{b}栋{rng.randint(1, 4)}单元{room}室"
    elif t < 0.7:
        tail = f"{ch(COMM)}{b}号楼{room}"
    elif t < 0.85:
        tail = f"{ch(COMM)}{rng.randint(2, 40)}层{room}室"
    else:
        tail = f"{b}号院{rng.randint(1, 12)}号楼{room}室"
    return head + road + f"{num}号" + tail


CITIES_PY = [("Beijing", ["Chaoyang District", "Haidian District", "Dongcheng District"], "1000"),
             ("Shanghai", ["Xuhui District", "Jing'an District", "Pudong New Area"], "2000"),
             ("Shenzhen", ["Nanshan District", "Futian District"], "5180"),
             ("Guangzhou", ["Tianhe District", "Yuexiu District"], "5106"),
             ("Hangzhou", ["Xihu District", "Binjiang District"], "3100"),
             ("Chengdu", ["Wuhou District", "Jinjiang District"], "6100")]
ROADS_PY = ["Jianguo Road", "Zhongshan Road", "Renmin Road", "Nanjing West Road", "Huaihai Middle Road",
            "Keyuan South Road", "Tianfu Avenue", "Binjiang Avenue", "Xueyuan Road", "Dongfeng Road",
            "Wangjing Street", "Zhongguancun Street"]


def addr_py():
    city, dists, zp = ch(CITIES_PY)
    s = ""
    if chance(0.6):
        s += f"Room {rng.randint(1, 32)}{rng.randint(1, 8):02d}, "
    if chance(0.3):
        s += f"Building {rng.randint(1, 20)}, "
    s += f"No. {rng.randint(1, 999)} {ch(ROADS_PY)}, {ch(dists)}, {city}"
    if chance(0.35):
        s += f" {zp}{digits(2)}"
    if chance(0.4):
        s += ", China"
    return s


def addr_us():
    r = rng.random()
    street = fen.street_address()
    if r < 0.7:
        return f"{street}, {fen.city()}, {fen.state_abbr()} {fen.zipcode()}"
    if r < 0.85:
        return f"{street}, {fen.city()}, {fen.state_abbr()}"
    return street


# ---- dates ----
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def fmt_date(d, lang, style=None):
    if lang == "zh":
        opts = [f"{d:%Y-%m-%d}", f"{d.year}年{d.month}月{d.day}日", f"{d:%Y/%m/%d}", f"{d:%Y.%m.%d}",
                f"{d.year}年{d.month:02d}月{d.day:02d}日"]
        w = [35, 35, 12, 8, 10]
    elif lang == "code":
        opts = [f"{d:%Y-%m-%d}", f"{d:%Y%m%d}", f"{d:%Y/%m/%d}"]
        w = [70, 20, 10]
    else:
        opts = [f"{MONTHS[d.month - 1]} {d.day}, {d.year}", f"{d:%m/%d/%Y}", f"{d:%Y-%m-%d}",
                f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}", f"{MONTHS[d.month - 1][:3]} {d.day}, {d.year}"]
        w = [30, 25, 25, 10, 10]
    if style is None:
        style = rng.choices(range(len(opts)), w)[0]
    return opts[style % len(opts)]


# --------------------------------------------------------------------------
# persona
# --------------------------------------------------------------------------

TYPES = ["CN_RESIDENT_ID", "CN_MOBILE", "BANK_CARD", "CN_USCC", "CN_PASSPORT", "CN_LICENSE_PLATE",
         "EMAIL_ADDRESS", "PHONE_NUMBER", "PERSON", "LOCATION", "US_SSN", "IP_ADDRESS", "QQ_NUMBER",
         "MAC_ADDRESS", "DATE_OF_BIRTH"]
CN_TYPES = [t for t in TYPES if t != "US_SSN"]
US_TYPES = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "LOCATION", "US_SSN", "IP_ADDRESS",
            "MAC_ADDRESS", "DATE_OF_BIRTH", "BANK_CARD"]

ZH_MAIL = ["qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "yeah.net", "aliyun.com",
           "139.com", "outlook.com", "gmail.com", "huaxin-tech.cn", "zhongyuan-bio.com.cn", "example.com"]
EN_MAIL = ["gmail.com", "yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "aol.com", "proton.me",
           "brightlane.io", "northwind-logistics.com", "example.com", "comcast.net"]


class Persona:
    def __init__(self, origin):
        self.origin = origin  # 'cn' or 'us'
        self.cache = {}
        self.birth = birth_date()
        if origin == "cn":
            self.sn, self.gn = zh_name()
            self.sn_py = SURN[self.sn]
            self.gn_py = "".join(GIVEN[c] for c in self.gn)
            self.py_order = chance(0.5)
            self.qq = qq_number()
        else:
            self.first, self.last = fen.first_name(), fen.last_name()

    def allowed(self):
        return CN_TYPES if self.origin == "cn" else US_TYPES

    def email(self):
        if self.origin == "cn":
            s, g = self.sn_py, self.gn_py
            yy = self.birth.strftime("%y")
            local = ch([f"{s}.{g}", f"{s}{g}", f"{s}{g}{yy}", f"{g}.{s}", f"{s[0]}{g}{rng.randint(1, 999)}",
                        f"{s}_{g}", f"{g}{s}{self.birth.year}", self.qq])
            dom = "qq.com" if local == self.qq else ch(ZH_MAIL)
        else:
            f, l_ = self.first.lower(), self.last.lower()
            local = ch([f"{f}.{l_}", f"{f[0]}{l_}", f"{f}{l_}{rng.randint(1, 99)}", f"{f}_{l_}",
                        f"{l_}.{f}", f"{f}{rng.randint(70, 99)}"])
            dom = ch(EN_MAIL)
        return f"{local}@{dom}"

    def name(self, lang):
        if self.origin == "us":
            return f"{self.first} {self.last}"
        if lang == "en":
            S, G = self.sn_py.capitalize(), self.gn_py.capitalize()
            return f"{S} {G}" if self.py_order else f"{G} {S}"
        return self.sn + self.gn

    def get(self, typ, lang, style=None):
        """lang: zh / en / code.  Cached per (type, lang family) so repeated
        mentions inside one line are consistent."""
        key = (typ, "en" if lang == "en" else "zh")
        if key in self.cache:
            return self.cache[key]
        o = self.origin
        if typ == "PERSON":
            v = self.name(lang)
        elif typ == "CN_RESIDENT_ID":
            v = self.cache.setdefault("id", cn_id(self.birth))
        elif typ == "CN_MOBILE":
            v = fmt_mobile(self.cache.setdefault("mob", cn_mobile()), lang, style)
        elif typ == "BANK_CARD":
            v = fmt_card(self.cache.setdefault("card", bank_card()), lang, style)
        elif typ == "CN_USCC":
            v = make_uscc()
        elif typ == "CN_PASSPORT":
            v = passport()
        elif typ == "CN_LICENSE_PLATE":
            v = plate()
        elif typ == "EMAIL_ADDRESS":
            v = self.cache.setdefault("mail", self.email())
        elif typ == "PHONE_NUMBER":
            v = fmt_landline(cn_landline(), style) if o == "cn" else fmt_us_phone(us_phone(), style)
        elif typ == "LOCATION":
            if o == "us":
                v = addr_us()
            else:
                v = addr_zh() if lang != "en" else addr_py()
        elif typ == "US_SSN":
            v = fmt_ssn(ssn(), style)
        elif typ == "IP_ADDRESS":
            v = ip_addr()
        elif typ == "QQ_NUMBER":
            v = self.qq
        elif typ == "MAC_ADDRESS":
            v = mac_addr()
        elif typ == "DATE_OF_BIRTH":
            v = fmt_date(self.birth, lang, style)
        else:
            raise KeyError(typ)
        if typ in ("CN_RESIDENT_ID", "EMAIL_ADDRESS", "QQ_NUMBER", "CN_PASSPORT", "CN_LICENSE_PLATE",
                   "US_SSN", "CN_USCC", "IP_ADDRESS", "MAC_ADDRESS", "BANK_CARD", "CN_MOBILE",
                   "PHONE_NUMBER"):
            self.cache[(typ, "zh")] = self.cache[(typ, "en")] = v
        else:
            self.cache[key] = v
        return v


# --------------------------------------------------------------------------
# type balancing
# --------------------------------------------------------------------------
TYPE_COUNT = collections.Counter()  # balancing counter: types drawn by pick_types


def pick_types(allowed, k, exclude=()):
    pool = [t for t in allowed if t not in exclude]
    out = []
    k = min(k, len(pool))
    while len(out) < k:
        w = [1.0 / (1 + TYPE_COUNT[t] + 2 * out.count(t)) ** 2 for t in pool]
        t = rng.choices(pool, w)[0]
        out.append(t)
        pool.remove(t)
    for t in out:
        TYPE_COUNT[t] += 1  # rolled back by main() if the render is rejected
    return out


# --------------------------------------------------------------------------
# keys / labels
# --------------------------------------------------------------------------
KEYS = {
    "PERSON": (["姓名", "联系人", "客户姓名", "收件人", "持卡人", "申请人"],
               ["Name", "Full name", "Contact", "Customer", "Cardholder", "Applicant"],
               ["name", "full_name", "customer_name", "contact_name", "holder_name", "real_name", "userName"]),
    "CN_RESIDENT_ID": (["身份证号", "身份证号码", "证件号码", "公民身份号码"],
                       ["ID number", "Chinese ID No.", "Resident ID", "National ID"],
                       ["id_card", "id_no", "idcard", "id_number", "cert_no", "idCardNo"]),
    "CN_MOBILE": (["手机号", "手机", "联系电话", "手机号码"],
                  ["Mobile", "Cell", "Mobile No.", "Phone"],
                  ["mobile", "phone", "cellphone", "mobile_no", "tel", "mobileNo"]),
    "BANK_CARD": (["银行卡号", "卡号", "收款账号", "储蓄卡号", "信用卡号"],
                  ["Card number", "Card No.", "Bank card", "Debit card"],
                  ["card_no", "bank_card", "card_number", "pan", "bankCardNo"]),
    "CN_USCC": (["统一社会信用代码", "信用代码", "纳税人识别号", "社会信用代码"],
                ["USCC", "Unified social credit code", "Tax ID (USCC)", "Credit code"],
                ["uscc", "credit_code", "tax_no", "social_credit_code", "creditCode"]),
    "CN_PASSPORT": (["护照号", "护照号码", "护照"],
                    ["Passport No.", "Passport number", "Passport"],
                    ["passport", "passport_no", "passportNo"]),
    "CN_LICENSE_PLATE": (["车牌号", "车牌", "车牌号码"],
                         ["Plate", "License plate", "Vehicle plate"],
                         ["plate", "plate_no", "license_plate", "car_no", "plateNo"]),
    "EMAIL_ADDRESS": (["邮箱", "电子邮箱", "邮件地址", "Email"],
                      ["Email", "E-mail", "Email address"],
                      ["email", "mail", "contact_email", "emailAddr"]),
    "PHONE_NUMBER": (["固定电话", "座机", "办公电话", "联系电话", "家庭电话"],
                     ["Phone", "Home phone", "Work phone", "Tel"],
                     ["tel", "landline", "phone", "work_phone", "home_phone", "telephone"]),
    "LOCATION": (["地址", "住址", "收货地址", "家庭住址", "通讯地址"],
                 ["Address", "Home address", "Shipping address", "Mailing address"],
                 ["address", "addr", "shipping_address", "home_addr", "homeAddress"]),
    "US_SSN": (["SSN", "社会安全号码"],
               ["SSN", "Social Security No.", "Social security number"],
               ["ssn", "social_security_number", "ssnNumber"]),
    "IP_ADDRESS": (["IP地址", "登录IP", "IP"],
                   ["IP", "IP address", "Client IP", "Login IP"],
                   ["ip", "client_ip", "remote_addr", "src_ip", "login_ip", "clientIp"]),
    "QQ_NUMBER": (["QQ", "QQ号", "QQ号码"],
                  ["QQ", "QQ number", "QQ ID"],
                  ["qq", "qq_number", "qq_no", "qqNo"]),
    "MAC_ADDRESS": (["MAC地址", "设备MAC", "MAC"],
                    ["MAC", "MAC address", "Device MAC"],
                    ["mac", "mac_addr", "device_mac", "hw_addr", "macAddress"]),
    "DATE_OF_BIRTH": (["出生日期", "生日", "出生年月日"],
                      ["Date of birth", "DOB", "Birthday", "Birth date"],
                      ["dob", "birthday", "birth_date", "date_of_birth", "birthDate"]),
}


def key_for(typ, lang):
    zh, en, code = KEYS[typ]
    return ch({"zh": zh, "en": en, "code": code}[lang])


# --------------------------------------------------------------------------
# distractors (never labelled)
# --------------------------------------------------------------------------

def ts_iso(d=None):
    d = d or rand_date((2024, 1, 1), (2025, 6, 30))
    return f"{d:%Y-%m-%d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"


def ts_plain():
    d = rand_date((2024, 1, 1), (2025, 6, 30))
    return f"{d:%Y-%m-%d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"


def hhmm():
    return f"{rng.randint(7, 23):02d}:{rng.randint(0, 59):02d}"


def hexs(n):
    return "".join(ch("0123456789abcdef") for _ in range(n))


def order_no():
    return safe(lambda: ch([
        lambda: "SO" + f"{rand_date((2024, 1, 1), (2025, 6, 30)):%Y%m%d}" + digits(6),
        lambda: digits(12, True),
        lambda: ch("234") + digits(18),  # 19-digit marketplace order, Luhn-failing by safe()
        lambda: f"{rand_date((2024, 1, 1), (2025, 6, 30)):%y%m%d}-{digits(15)}",
        lambda: f"ORD-{rng.randint(2023, 2025)}-{digits(6)}",
        lambda: ch("123") + digits(15),  # 16-digit order id
    ])())


def tracking_no():
    return safe(lambda: ch([
        lambda: "SF" + digits(13),
        lambda: "YT" + digits(13),
        lambda: "JT" + digits(13),
        lambda: "73" + digits(12),
        lambda: "E" + ch(PP_LET) + digits(9) + "CN",
        lambda: "1Z" + "".join(ch("0123456789ABCDEFGHJKRVWXY") for _ in range(6)) + "03" + digits(8),
        lambda: group4("9400" + digits(18), " "),
        lambda: "JDX" + digits(12),
    ])())


def invoice_code():
    return ch(["0", "1"]) + ch(["44", "31", "11", "33", "32", "51"]) + digits(9)


def invoice_no():
    return digits(8)


def invoice_check():
    return " ".join(digits(5) for _ in range(4))


def eins(body12):
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body12))
    return body12 + str((10 - s % 10) % 10)


def ean13():
    return eins("69" + digits(10))


def isbn13():
    b = "9787" + digits(8)
    full = eins(b)
    return f"{full[:3]}-{full[3]}-{full[4:7]}-{full[7:12]}-{full[12]}"


def version():
    return ch([
        lambda: f"v{rng.randint(1, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 40)}",
        lambda: f"{rng.randint(1, 5)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}",
        lambda: f"{rng.randint(1, 4)}.{rng.randint(0, 9)}.0-rc.{rng.randint(1, 5)}",
        lambda: f"{rng.randint(1, 3)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}+build.{rng.randint(100, 9999)}",
        lambda: f"8.0.{rng.randint(30, 55)}",
    ])()


def build4():
    """Four-part build number with at least one component > 255 (not an IPv4)."""
    return ch([
        lambda: f"10.0.{rng.randint(17000, 26100)}.{rng.randint(1, 4000)}",
        lambda: f"{rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(256, 999)}.{rng.randint(0, 99)}",
        lambda: f"{rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 20)}.{rng.randint(1000, 99999)}",
    ])()


def build4_ipshape():
    """Four-part version that *is* IPv4-shaped (all parts <= 255)."""
    return f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}.{rng.randint(1, 200)}"


def epoch():
    e = str(rng.randint(1704067200, 1751241600))
    return e if chance(0.5) else e + digits(3)


DATE_KEYS = [("下单日期", "Order date", "order_date", False), ("发货日期", "Ship date", "ship_date", False),
             ("到期日", "Due date", "due_date", False), ("有效期至", "Expires", "expire_at", False),
             ("签约日期", "Effective date", "start_date", True), ("成立日期", "Founded", "founded_on", True),
             ("入职日期", "Hire date", "hire_date", True)]


def nonbirth_date(lang, old_ok=False):
    """A date that is not anyone's birth date.  Old (1985-2005) dates only for
    keys where they are plausible (founded / hired / signed)."""
    if old_ok and chance(0.6):
        d = rand_date((1985, 1, 1), (2005, 12, 31))
    else:
        d = rand_date((2023, 1, 1), (2026, 12, 31))
    return fmt_date(d, lang if lang != "mixed" else "zh")


def hotline(lang):
    if lang == "en":
        return ch([
            lambda: f"1-{ch(['800', '888', '877', '866', '855'])}-{ch('23456789')}{digits(2)}-{digits(4)}",
            lambda: f"({ch(['800', '888', '877'])}) {ch('23456789')}{digits(2)}-{digits(4)}",
            lambda: f"{ch(['800', '888'])}-{ch('23456789')}{digits(2)}-{digits(4)}",
        ])()
    return ch([
        lambda: f"400-{ch('16789')}{digits(2)}-{digits(4)}",
        lambda: f"400{ch('16789')}{digits(6)}",
        lambda: f"400 {ch('16789')}{digits(2)} {digits(4)}",
        lambda: f"4006-{digits(3)}-{digits(3)}",
        lambda: f"800-{ch('8')}{ch('123')}{digits(1)}-{digits(4)}",
        lambda: f"800{ch('8')}{digits(6)}",
        lambda: ch(["95588", "95533", "95555", "95566", "95599", "95188", "10086", "10010", "10000", "12306"]),
    ])()


def sku():
    return ch([
        lambda: f"SKU-{digits(5)}-{ch(['ZH', 'US', 'EU', 'BK', 'WH'])}",
        lambda: f"SKU{digits(8)}{ch('ABCDEFGH')}",
        lambda: f"{ch(['MX', 'KF', 'HW', 'RT', 'XP'])}-{digits(4)}{ch(['', 'A', 'Pro', 'S'])}",
        lambda: f"A{rng.randint(2000, 3200)}",
        lambda: f"KFR-{rng.choice([26, 35, 50, 72])}GW/BP{rng.randint(1, 3)}DN8Y-PH{rng.randint(100, 400)}",
    ])()


def ticket_no():
    return ch([lambda: f"T{rand_date((2024, 1, 1), (2025, 6, 30)):%Y%m%d}-{digits(4)}",
               lambda: f"INC{digits(7)}", lambda: f"CS-{rng.randint(2024, 2025)}-{rng.randint(1, 12):02d}-{digits(4)}",
               lambda: f"#{digits(5, True)}", lambda: f"WO{digits(10)}"])()


def masked(kind=None):
    kind = kind or ch(["mob", "id", "card", "name", "mail", "card4"])
    if kind == "mob":
        m = cn_mobile()
        return m[:3] + "****" + m[-4:]
    if kind == "id":
        v = cn_id(birth_date())
        return ch([v[:6] + "********" + v[-4:], v[:3] + "*" * 11 + v[-4:], v[:1] + "*" * 16 + v[-1]])
    if kind == "card":
        c = bank_card()
        return ch([c[:4] + " **** **** " + c[-4:], c[:6] + "******" + c[-4:], "**** **** **** " + c[-4:]])
    if kind == "card4":
        return "尾号" + digits(4)
    if kind == "name":
        sn, gn = zh_name()
        return sn + "*" * len(gn)
    m = Persona("cn").email()
    return m[0] + "***@" + m.split("@")[1]


def ssh_fp():
    return ch([lambda: "MD5:" + ":".join(hexs(2) for _ in range(16)),
               lambda: ":".join(hexs(2) for _ in range(16)),
               lambda: ":".join(hexs(2) for _ in range(20))])()


def git_remote():
    """(key_zh, key_en, key_code, value): '@'-containing strings that are not email addresses."""
    return ch([
        lambda: ("仓库地址", "Remote", "remote", f"git@github.com:{ch(['acme', 'infra-team', 'openpay', 'dataplat'])}/{ch(['payments', 'deploy', 'api-gateway', 'web'])}.git"),
        lambda: ("仓库地址", "Remote", "repo", f"git@gitlab.internal.cn:{ch(['ops', 'bigdata', 'mobile'])}/{ch(['ansible', 'etl', 'app'])}.git"),
        lambda: ("依赖", "Dependency", "dependency", f"{ch(['lodash', 'axios', 'react', 'express'])}@{rng.randint(1, 18)}.{rng.randint(0, 20)}.{rng.randint(0, 30)}"),
        lambda: ("依赖", "Dependency", "dependency", f"@types/node@{rng.randint(16, 22)}.{rng.randint(0, 20)}.{rng.randint(0, 9)}"),
        lambda: ("终端提示符", "Prompt", "prompt", ch([f"root@web-{rng.randint(1, 40):02d}:~$", f"deploy@build-{ch('abcdef')}{rng.randint(1, 9)}:/srv$"])),
    ])()


def passport_like():
    """(key_zh, key_en, key_code, value): letter+digits codes that are not passports."""
    return ch([
        lambda: ("工号", "Employee No.", "emp_no", "E" + f"{rng.randint(2019, 2025)}" + digits(4)),  # E + 8 digits
        lambda: ("批次号", "Batch", "batch", "G" + f"{rand_date((2024, 1, 1), (2025, 6, 30)):%Y%m%d}"),  # G + 8 digits
        lambda: ("车次", "Train", "train_no", ch([f"G{rng.randint(1, 9999)}", f"D{rng.randint(1, 3999)}"])),
    ])()


def uuid4():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


COMPANIES_ZH = ["上海华新科技有限公司", "深圳市云启网络有限公司", "杭州青禾电子商务有限公司", "北京中远泰和物流有限公司",
                "成都蜀山软件有限公司", "广州江边餐饮管理有限公司", "南京金石文化传媒有限公司"]
COMPANIES_EN = ["Northwind Logistics LLC", "Brightlane Software Inc.", "Acme Supplies Co.", "Bluefin Analytics Ltd.",
                "Granite Peak Holdings"]

# --------------------------------------------------------------------------
# text pools (hand-written, contain no personal data)
# --------------------------------------------------------------------------
ZH_SURNAME_WORDS = [
    "大家都调到新的办公室了，班里的同学都还没收到通知。",
    "三国时期吴蜀联盟破裂之后，局势马上发生了变化。",
    "他高兴地张开双臂，向前跑了几步。",
    "白天江边的石头被晒得发烫，于是我们常常傍晚才去散步。",
    "这份文件里的金额和付款方法都要上报财务。",
    "周末都要上课，班里的孩子都很疲惫。",
    "高铁马上就要到站了，请带好随身物品。",
    "常规检查发现文件格式有误，于是退回重新提交。",
    "钱包落在车上了，司机马上打电话通知了我们。",
    "黄金价格上涨，金店门口排起了长队。",
    "何时出发还没确定，大家都在等通知。",
    "宋体和黑体是最常用的中文字体。",
    "朱红色的大门前站着两只石狮子。",
    "孙子今年上小学了，爷爷高兴得合不拢嘴。",
    "毛巾和牙刷放在洗手台左边的柜子里。",
    "程序员常常加班到深夜，周末也不例外。",
    "胡萝卜炖牛肉是这家店的招牌菜。",
    "刘海剪短以后看起来精神多了。",
    "杨柳依依，春风拂面，江边满是散步的人。",
    "许多人都同意这个方案，于是会议很快就结束了。",
    "谢谢大家的支持，方案马上就会落地。",
    "罗列了十几个问题以后，经理决定向前推进。",
    "梁上挂着红灯笼，白墙黑瓦很有韵味。",
    "关于发票的问题请咨询财务部门。",
    "余下的工作明天完成，文件先放在桌上。",
    "施工期间请绕行，给您带来不便敬请谅解。",
    "田野里一片金黄，农民们都在忙着收割。",
    "董事会决定调整方向，于是项目暂停了。",
    "夏天的白天很长，常常到八点天还亮着。",
    "温度骤降，马路上的石板都结了冰。",
    "任何人都不能擅自修改文件里的金额。",
    "万一下雨，活动就改到室内举行。",
    "安全第一，江边的护栏千万不要翻越。",
    "雷雨过后，向日葵又抬起了头。",
    "龙头企业都要上报季度数据。",
    "方法对了，效率马上就提高了。",
    "石头剪刀布，输的人去买咖啐。".replace("啐", "啡"),
    "都还没吃饭呢，先别急着开会。",
    "班里的黑板报是文艺委员负责的。",
    "史上最长的假期终于结束了，大家都要上班了。",
    "于是他向前一步，把文件交给了主管。",
    "江水向东流，白帆点点。",
    "金额核对无误后，常务副总签字确认。",
    "包装盒上的说明书印得很小，老人看不清。",
    "熊猫馆门口都挤满了游客。",
    "易碎物品请轻拿轻放。",
    "严格执行操作规程，杜绝安全隐患。",
    "乔迁新居那天，邻居们都来道贺。",
    "章节标题统一用黑体四号字。",
    "齐心协力才能把事情办好。",
]
ZH_IDIOMS = [
    "这次投标马到成功，团队都很高兴。",
    "别张冠李戴，把文件发给了别的部门。",
    "王婆卖瓜，自卖自夸，广告词写得太夸张了。",
    "两人高山流水，相见恨晚。",
    "四季周而复始，一年又过去了。",
    "所谓的暴富不过是黄粱一梦。",
    "他用李代桃僵的办法把责任推给了别人。",
    "方案经过反复论证，可谓万无一失。",
    "事后再后悔也于事无补。",
    "他白手起家，十年间把小店做成了连锁品牌。",
    "简历投出去以后石沉大海，一直没有回音。",
    "春节期间家家户户贴上金玉满堂的对联。",
    "写到第三部时作者已经江郎才尽。",
    "班长毛遂自荐，负责组织这次活动。",
    "口口声声说喜欢运动，其实是叶公好龙。",
    "为了孩子上学，他们孟母三迁，最后搬到了学区房。",
    "做事不能朝三暮四，要坚持下去。",
    "别听他胡说八道，根本没有这回事。",
    "展会上林林总总的新产品让人眼花缭乱。",
    "毕业以后何去何从，很多人都很迷茫。",
    "新能源产业方兴未艾。",
    "节假日的步行街车水马龙。",
    "说曹操曹操就到，他刚好推门进来。",
    "这种手机壳在市场上已经司空见惯了。",
    "东施效颦只会适得其反。",
    "田忌赛马的故事讲的是策略。",
    "他的小心思简直是司马昭之心，路人皆知。",
    "金蝉脱壳之后，对方再也找不到他了。",
    "一晃十年，真是吴下阿蒙，刮目相看。",
    "陈词滥调的报告谁也不爱看。",
]
ZH_CITY_ONLY = [
    "下周我要去北京出差，周五回上海。",
    "深圳今天最高气温三十二度。",
    "公司在杭州和成都都有研发中心。",
    "这批货从广州发往武汉，预计三天到达。",
    "南京到苏州的高铁只要一个多小时。",
    "我们在西安的门店下个月开业。",
    "青岛的海鲜很有名，济南的泉水也值得一看。",
    "浦东机场T2航站楼出发层见。",
]
EN_CAPS = [
    "On Monday we migrated the Python service to Kubernetes.",
    "May is usually the busiest month for the Beijing office.",
    "Apple released a new MacBook Air on Tuesday.",
    "The Amazon rainforest lost a record area of forest last year.",
    "Grace period ends on the last Friday of June.",
    "Bill Payment is under the Accounts tab in the app.",
    "Please Mark the task as Done before Thursday.",
    "Java and Rust both ship new releases in September.",
    "Will the Shanghai warehouse be open over Easter?",
    "Victoria Harbour was crowded during Chinese New Year.",
    "Our Sydney and London teams meet every Wednesday.",
    "The Jordan River flows into the Dead Sea.",
    "Ruby on Rails still powers many Shopify stores.",
    "Air Jordan sneakers sold out within minutes.",
    "Lincoln Center hosts the New York Philharmonic.",
    "Summer Sale starts on Black Friday and ends Cyber Monday.",
    "Ask Siri or Alexa to set a timer.",
    "Visa and Mastercard both announced lower fees in March.",
    "Chase Bank branches close early on Christmas Eve.",
    "The Golden Gate Bridge was closed for repairs on Sunday.",
    "Ubuntu, Debian and Fedora are popular Linux distributions.",
    "Hunter boots and Barbour jackets are back in stock.",
    "Mercury is the closest planet to the Sun.",
    "The Tesla Model Y shipped with a new Autopilot build.",
    "Berkeley and Stanford both start the Fall term in August.",
]
EN_PLAIN = [
    "The cache was refreshed and all health checks passed.",
    "Please remember to submit your timesheet by the end of the week.",
    "The meeting has been moved to the large conference room.",
    "Thanks for the update, the fix looks good to me.",
    "The build is green again after the dependency bump.",
    "We will revisit the design once the prototype is ready.",
    "The weather should clear up in the afternoon.",
    "Lunch will be provided after the all-hands.",
    "Nothing to report for this sprint; all tasks are on track.",
    "The dashboard now loads twice as fast.",
]
ZH_PLAIN = [
    "今天的例会改到下午三点。",
    "缓存刷新完成，所有健康检查均已通过。",
    "请大家在周五前提交本周工作总结。",
    "新版本上线后页面加载速度明显提升。",
    "会议室的投影仪已经修好了。",
    "明天可能有小雨，出门记得带伞。",
    "这个需求下个迭代再排期。",
    "测试环境已经恢复正常。",
    "感谢大家这段时间的辛苦付出。",
    "食堂本周新增了两道素菜。",
]


def neg_text(cat, lang):
    """A sentence (no PII) for a text-pool category."""
    if lang == "mixed":
        lang = ch(["zh", "en"])
    if cat == "surname_words":
        return ch(ZH_SURNAME_WORDS) if lang == "zh" else ch(EN_CAPS)
    if cat == "idiom":
        return ch(ZH_IDIOMS) if lang == "zh" else ch(EN_CAPS)
    if cat == "capitalised":
        return ch(EN_CAPS)
    if cat == "city_only":
        return ch(ZH_CITY_ONLY) if lang == "zh" else ch([
            "Our Beijing office is closed on Monday.", "I have a flight to Shanghai tomorrow.",
            "Shenzhen and Hangzhou are both tech hubs.", "The conference moves from Austin to Denver next year."])
    return ch(ZH_PLAIN) if lang == "zh" else ch(EN_PLAIN)


# trap categories and their structured (key, value) and sentence forms
HN_CATS = ["order", "tracking", "invoice", "id_fail", "luhn_fail", "uscc_fail", "version", "timestamp",
           "date", "hash", "hotline", "product", "surname_words", "capitalised", "idiom", "city_only",
           "masked", "email_like", "passport_like", "ssn_like", "qq_context", "mac_like", "ip_like",
           "plate_like", "dob_like"]
HN_W = {"order": 5, "tracking": 4, "invoice": 3, "id_fail": 6, "luhn_fail": 6, "uscc_fail": 3, "version": 4,
        "timestamp": 3, "date": 4, "hash": 3, "hotline": 6, "product": 3, "surname_words": 6, "capitalised": 4,
        "idiom": 4, "city_only": 2, "masked": 4, "email_like": 2, "passport_like": 2, "ssn_like": 2,
        "qq_context": 2, "mac_like": 2, "ip_like": 2, "plate_like": 1, "dob_like": 2}
TEXT_CATS = {"surname_words", "capitalised", "idiom", "city_only"}


def hn_field(cat, lang):
    """-> (key_zh, key_en, key_code, value) for a structured trap."""
    L = "en" if lang == "en" else "zh"
    if cat == "order":
        return ch(["订单号", "订单编号"]), ch(["Order No.", "Order ID"]), ch(["order_id", "orderNo", "order_no"]), order_no()
    if cat == "tracking":
        return ch(["快递单号", "运单号"]), ch(["Tracking No.", "Tracking number"]), ch(["tracking_no", "waybill"]), tracking_no()
    if cat == "invoice":
        k = rng.random()
        if k < 0.4:
            return "发票代码", "Invoice code", "invoice_code", invoice_code()
        if k < 0.75:
            return "发票号码", "Invoice No.", "invoice_no", invoice_no()
        return "校验码", "Check code", "check_code", invoice_check()
    if cat == "id_fail":
        v = id_fail_checksum() if chance(0.7) else id_fail_date()
        return (ch(["交易流水号", "批次号", "序列号", "单据编号", "流水号"]), ch(["Transaction ref", "Batch No.", "Serial", "Ref No."]),
                ch(["txn_id", "serial_no", "batch_no", "ref_no", "trade_no"]), v)
    if cat == "luhn_fail":
        v = card_fail()
        if chance(0.3):
            v = group4(v)
        return (ch(["支付流水号", "参考号", "交易单号", "序列号"]), ch(["Payment ref", "Reference No.", "Gift card serial", "Confirmation No."]),
                ch(["pay_ref", "ref_no", "trade_no", "confirmation_no"]), v)
    if cat == "uscc_fail":
        return ch(["单据编号", "备案编号"]), ch(["Document No.", "Filing No."]), ch(["doc_no", "filing_no"]), uscc_fail()
    if cat == "version":
        v = version() if chance(0.6) else build4()
        return ch(["版本号", "客户端版本", "固件版本"]), ch(["Version", "App version", "Build"]), ch(["version", "app_ver", "build"]), v
    if cat == "timestamp":
        v = ch([ts_iso(), ts_plain(), epoch()])
        return ch(["时间戳", "创建时间", "更新时间"]), ch(["Timestamp", "Created at", "Updated"]), ch(["ts", "created_at", "updated_at"]), v
    if cat == "date":
        kz, ke, kc, old_ok = ch(DATE_KEYS)
        return kz, ke, kc, nonbirth_date(L, old_ok)
    if cat == "hash":
        return ch([lambda: ("文件MD5", "MD5", "md5", hexs(32)), lambda: ("提交哈希", "Commit", "commit", ch([hexs(40), hexs(7)])),
                   lambda: ("请求ID", "Request ID", "request_id", uuid4()), lambda: ("SHA256", "SHA-256", "sha256", hexs(64))])()
    if cat == "hotline":
        return (ch(["客服热线", "全国服务热线", "客服电话", "投诉电话"]), ch(["Customer service", "Support hotline", "Toll-free"]),
                ch(["hotline", "support_tel", "service_phone"]), hotline(L))
    if cat == "product":
        return ch([lambda: ("商品编码", "SKU", "sku", sku()), lambda: ("型号", "Model", "model", sku()),
                   lambda: ("条码", "Barcode", "barcode", ean13()), lambda: ("ISBN", "ISBN", "isbn", isbn13())])()
    if cat == "masked":
        kind = ch(["mob", "id", "card", "name", "mail"])
        kz = {"mob": "手机号", "id": "身份证号", "card": "卡号", "name": "姓名", "mail": "邮箱"}[kind]
        ke = {"mob": "Mobile", "id": "ID number", "card": "Card", "name": "Name", "mail": "Email"}[kind]
        kc = {"mob": "mobile", "id": "id_card", "card": "card_no", "name": "name", "mail": "email"}[kind]
        return kz, ke, kc, masked(kind)
    if cat == "email_like":
        return git_remote()
    if cat == "passport_like":
        return passport_like()
    if cat == "ssn_like":
        return "零件号", ch(["Part No.", "Form ref"]), ch(["part_no", "form_ref"]), bad_ssn()
    if cat == "qq_context":
        if chance(0.6):
            return "官方QQ群", "QQ group", "qq_group", digits(rng.randint(8, 10), True)
        return "QQ版本", "QQ version", "qq_version", f"9.{rng.randint(7, 9)}.{rng.randint(1, 30)}.{rng.randint(10000, 30000)}"
    if cat == "mac_like":
        return ch(["主机指纹", "证书指纹"]), ch(["Host key fingerprint", "Cert fingerprint"]), ch(["fingerprint", "fp"]), ssh_fp()
    if cat == "ip_like":
        v = build4() if chance(0.6) else build4_ipshape()
        return ch(["固件版本", "版本号"]), ch(["Firmware", "Build"]), ch(["fw_version", "build_version"]), v
    if cat == "plate_like":
        v = ch(["沪深300", "京津冀", "粤港澳", "京A股", "沪B股"])
        return "板块", "Index", "index", v
    if cat == "dob_like":
        d = nonbirth_date(L)
        return ch([("生日蛋糕取货日期", "Birthday cake pickup", "cake_pickup_date"),
                   ("出生证明办理截止日期", "Birth certificate deadline", "cert_deadline")]) + (d,)
    # text categories
    return "备注", "Note", ch(["note", "remark", "comment"]), neg_text(cat, lang)


def hn_value_like(cat, lang, kz, ke):
    """Another value of the same trap sub-type (same keys), for table columns."""
    for _ in range(400):
        a, b_, c, v = hn_field(cat, lang)
        if (a, b_) == (kz, ke):
            return v
    return hn_field(cat, lang)[3]


def paired_key(typ):
    zh, en, _ = KEYS[typ]
    i = rng.randrange(len(zh))
    kz, ke = zh[i], en[i % len(en)]
    return kz if kz == ke else f"{kz} {ke}"


def hn_sentence(cat, lang):
    """Trap sentence for text shapes."""
    if cat in TEXT_CATS:
        return neg_text(cat, lang)
    L = "en" if lang == "en" else ("zh" if lang == "zh" else ch(["zh", "en"]))
    if cat == "masked":
        kind = ch(["mob", "id", "card", "name", "mail"])
        v = masked(kind)
        if L == "zh":
            return ch({"mob": ["验证码已发送至{}，请注意查收。", "预留手机号为{}。"],
                       "id": ["系统显示身份证号{}，是我本人的。", "证件号脱敏后为{}。"],
                       "card": ["绑定的是{}那张卡。", "退款原路退回至{}。"],
                       "name": ["收件人显示为{}。", "订单上的姓名是{}。"],
                       "mail": ["验证邮件已发送至{}。", "登录邮箱显示为{}。"]}[kind]).format(v)
        if kind == "name":
            v = ch(["J*** S****", "M. L***", "W*** Z****"])
        return ch({"mob": ["A code was sent to {}.", "The phone on file is {}."],
                   "id": ["The ID on file shows as {}.", "Masked ID: {}."],
                   "card": ["The card on file is {}.", "Refund goes back to {}."],
                   "name": ["The recipient shows as {}.", "Name on the order: {}."],
                   "mail": ["A reset link was sent to {}.", "Login email shows as {}."]}[kind]).format(v.replace("尾号", "ending "))
    kz, ke, kc, v = hn_field(cat, L)
    if L == "zh":
        tmpl = {
            "order": ["我的订单{}一直没发货。", "订单号{}已经退款了吗？", "订单{}显示已签收。"],
            "tracking": ["快递单号{}，物流三天没更新了。", "运单号：{}，麻烦帮我查一下。"],
            "hotline": ["我打了{}，一直占线。", "如有疑问请拨打客服热线{}。", "官方电话是{}吧？"],
            "version": ["升级到{}以后就闪退。", "当前版本{}，请更新到最新版。"],
            "date": [kz + "为{}。", kz + "：{}。"],
            "dob_like": [kz + "是{}。"],
        }.get(cat, [kz + "：{}。", kz + "是{}。"])
    else:
        tmpl = {
            "order": ["My order {} still hasn't shipped.", "Was order {} refunded?"],
            "tracking": ["Tracking number {} hasn't updated in three days.", "Can you check waybill {}?"],
            "hotline": ["I called {} but nobody picked up.", "For help, call our toll-free line {}."],
            "version": ["The app crashes since {}.", "Please update from {} to the latest build."],
            "date": [ke + ": {}."],
            "dob_like": [ke + ": {}."],
        }.get(cat, [ke + ": {}.", ke + " {}."])
    return ch(tmpl).format(v)


def join_sents(parts):
    """Join sentences, adding a space after Latin sentence ends."""
    out = ""
    for x in parts:
        if out and out[-1] in ".?!:" and x and x[0].isascii():
            out += " "
        elif out and out[-1] in ".?!" and x and not x[0].isascii():
            out += ""
        out += x
    return out


# --------------------------------------------------------------------------
# sentence fragments for labelled entities
# --------------------------------------------------------------------------
FRAG = {
    "zh": {
        "PERSON": ["我叫{v}", "我是{v}", "联系人是{v}", "收件人写{v}", "麻烦转告{v}", "{v}先生", "{v}女士", "报名人{v}", "户主{v}"],
        "CN_RESIDENT_ID": ["身份证号是{v}", "身份证{v}", "证件号码{v}", "身份证号码：{v}"],
        "CN_MOBILE": ["手机号{v}", "电话是{v}", "打我手机{v}", "手机：{v}", "联系方式{v}", "有事打{v}"],
        "BANK_CARD": ["卡号{v}", "银行卡号是{v}", "退款打到这张卡：{v}", "工行卡{v}", "完整卡号是{v}"],
        "CN_USCC": ["公司统一社会信用代码{v}", "信用代码：{v}", "开票税号{v}", "纳税人识别号是{v}"],
        "CN_PASSPORT": ["护照号{v}", "护照号码是{v}", "我用护照{v}订的票"],
        "CN_LICENSE_PLATE": ["车牌{v}", "车牌号是{v}", "我的车{v}停在B2层", "{v}的车主"],
        "EMAIL_ADDRESS": ["邮箱{v}", "发到我邮箱{v}", "邮件地址：{v}", "邮箱是{v}"],
        "PHONE_NUMBER": ["座机{v}", "办公室电话{v}", "家里电话是{v}", "固话：{v}"],
        "LOCATION": ["住在{v}", "地址是{v}", "寄到{v}", "收货地址：{v}", "家住{v}"],
        "US_SSN": ["SSN是{v}", "社会安全号码{v}"],
        "IP_ADDRESS": ["登录IP是{v}", "IP：{v}", "异地登录的IP为{v}"],
        "QQ_NUMBER": ["QQ号{v}", "加我QQ {v}", "我的QQ：{v}", "扣扣{v}"],
        "MAC_ADDRESS": ["设备MAC地址{v}", "MAC是{v}", "路由器里看到的MAC {v}"],
        "DATE_OF_BIRTH": ["出生日期{v}", "生日是{v}", "我是{v}出生的", "出生于{v}"],
    },
    "en": {
        "PERSON": ["my name is {v}", "this is {v}", "the contact is {v}", "ship it to {v}", "please tell {v}", "Dr. {v} is the contact"],
        "CN_RESIDENT_ID": ["my Chinese ID number is {v}", "resident ID {v}", "ID card no. {v}"],
        "CN_MOBILE": ["my China mobile is {v}", "call my cell {v}", "WeChat phone {v}"],
        "BANK_CARD": ["card number {v}", "please charge card {v}", "my card is {v}"],
        "CN_USCC": ["their USCC is {v}", "unified social credit code {v}"],
        "CN_PASSPORT": ["passport no. {v}", "passport number {v}", "I booked with passport {v}"],
        "CN_LICENSE_PLATE": ["plate {v}", "the car with plate {v}"],
        "EMAIL_ADDRESS": ["email me at {v}", "my email is {v}", "send it to {v}"],
        "PHONE_NUMBER": ["call me at {v}", "my phone is {v}", "reach me at {v}", "home phone {v}"],
        "LOCATION": ["I live at {v}", "ship to {v}", "my address is {v}", "mail it to {v}"],
        "US_SSN": ["SSN {v}", "my social is {v}", "Social Security number {v}"],
        "IP_ADDRESS": ["from IP {v}", "logged in from {v}", "my IP is {v}"],
        "QQ_NUMBER": ["my QQ is {v}", "QQ: {v}", "add me on QQ {v}"],
        "MAC_ADDRESS": ["MAC address {v}", "device MAC {v}"],
        "DATE_OF_BIRTH": ["born on {v}", "date of birth {v}", "DOB {v}", "my birthday is {v}"],
    },
    "mixed": {
        "PERSON": ["我的 name 是 {v}", "contact person：{v}", "我叫{v}"],
        "CN_RESIDENT_ID": ["ID card 号码 {v}", "身份证 number：{v}"],
        "CN_MOBILE": ["phone 是 {v}", "手机 mobile：{v}", "WeChat 同号 {v}"],
        "BANK_CARD": ["card number 是 {v}", "银行卡 card no. {v}"],
        "CN_USCC": ["公司 USCC：{v}", "tax ID 是 {v}"],
        "CN_PASSPORT": ["passport 号码 {v}", "护照 passport no. {v}"],
        "CN_LICENSE_PLATE": ["plate 是 {v}", "车牌 plate：{v}"],
        "EMAIL_ADDRESS": ["我的email是{v}", "email：{v}", "发我 email {v}"],
        "PHONE_NUMBER": ["office phone 是 {v}", "座机 tel：{v}"],
        "LOCATION": ["address 是 {v}", "ship to {v}", "寄到 {v}"],
        "US_SSN": ["SSN 是 {v}", "social security number：{v}"],
        "IP_ADDRESS": ["IP address 是 {v}", "login IP：{v}"],
        "QQ_NUMBER": ["QQ 号 {v}", "add 我 QQ {v}"],
        "MAC_ADDRESS": ["MAC address：{v}", "设备 MAC 是 {v}"],
        "DATE_OF_BIRTH": ["birthday 是 {v}", "DOB：{v}", "出生日期 date of birth {v}"],
    },
}


def frag(b, typ, p, lang, cap=False):
    """Append one entity fragment.  lang zh/en/mixed."""
    fl = lang if lang != "mixed" else rng.choices(["zh", "en", "mixed"], [35, 25, 40])[0]
    vlang = "en" if fl == "en" else "zh"
    if lang == "mixed" and p.origin == "cn" and typ in ("PERSON", "LOCATION", "DATE_OF_BIRTH") and chance(0.5):
        vlang = "zh"
    v = p.get(typ, vlang)
    t = ch(FRAG[fl][typ])
    if cap:
        t = t[0].upper() + t[1:]
    b.fill(t, {"_t": typ, "v": v})


# --------------------------------------------------------------------------
# shape renderers.  Each: (lang, kind) -> (text, entities, tag)
# --------------------------------------------------------------------------

def persona_for(lang):
    if lang == "zh":
        return Persona("cn" if chance(0.93) else "us")
    if lang == "en":
        return Persona("us" if chance(0.6) else "cn")
    return Persona("cn" if chance(0.7) else "us")


def vlang_of(lang):
    return "en" if lang == "en" else ("zh" if lang == "zh" else ch(["zh", "zh", "en"]))


def hn_pick(k=None, exclude_text=False, exclude=()):
    cats = [c for c in HN_CATS if not (exclude_text and c in TEXT_CATS) and c not in exclude]
    k = k or rng.choice([1, 2, 2, 3])
    out = []
    while len(out) < k:
        c = rng.choices(cats, [HN_W[c] for c in cats])[0]
        if c not in out:
            out.append(c)
    return out


def zh_or_en_cat(cats, lang):
    # text cats that only make sense in zh
    if lang == "en":
        cats = ["capitalised" if c in ("surname_words", "idiom") else c for c in cats]
    elif lang == "zh":
        cats = ["surname_words" if c == "capitalised" else c for c in cats]
    return list(dict.fromkeys(cats))


def dedupe(items):
    seen = collections.Counter()
    out = []
    for it in items:
        k = it[0]
        seen[k] += 1
        if seen[k] > 1:
            k = f"{k}_{seen[k]}"
        out.append((k,) + tuple(it[1:]))
    return out


def distractor_fields(lang, k):
    cats = ch([["order"], ["timestamp"], ["version"], ["hash"], ["order", "hash"], ["hotline"], ["date"],
               ["tracking"], ["product"], ["invoice"], []])
    return cats[:k]


LEVELS = ["INFO", "INFO", "INFO", "WARN", "DEBUG", "ERROR"]
SVCS = ["user-svc", "auth", "order-api", "kyc", "payment", "crm", "gateway", "notify"]
MSG_ZH = ["用户登录成功", "实名认证通过", "下单成功", "绑卡请求", "修改收货地址", "短信验证码已发送", "风控校验", "开户申请提交",
          "退款申请", "会员注册"]
MSG_EN = ["login ok", "kyc verified", "order created", "card bound", "address updated", "sms sent", "risk check",
          "account opened", "refund requested", "user registered"]
MSG_ZH_NEG = ["缓存刷新完成", "定时任务执行完毕", "库存同步", "订单状态更新", "发票开具成功", "配置热加载", "健康检查通过",
              "物流轨迹同步", "价格变更", "版本发布"]
MSG_EN_NEG = ["cache refreshed", "cron finished", "inventory synced", "order status changed", "invoice issued",
              "config reloaded", "health check ok", "tracking synced", "price updated", "release deployed"]


def msg_for(lang, kind):
    if lang == "mixed" and chance(0.4):
        i = rng.randrange(len(MSG_ZH))
        return f"{MSG_ZH[i]} / {MSG_EN[i]}" if kind == "positive" else f"{MSG_ZH_NEG[i]} / {MSG_EN_NEG[i]}"
    if kind == "positive":
        return ch(MSG_ZH) if lang == "zh" else ch(MSG_EN) if lang == "en" else ch(MSG_ZH + MSG_EN)
    return ch(MSG_ZH_NEG) if lang == "zh" else ch(MSG_EN_NEG) if lang == "en" else ch(MSG_ZH_NEG + MSG_EN_NEG)


def plain_fields(lang):
    """Neutral fields for plain negatives (no traps)."""
    out = []
    pool = [("status", ch(["ok", "success", "done", "200"])), ("took_ms", str(rng.randint(2, 900))),
            ("count", str(rng.randint(0, 5000))), ("region", ch(["cn-north-1", "cn-east-2", "us-west-2", "ap-southeast-1"])),
            ("retry", str(rng.randint(0, 3))), ("env", ch(["prod", "staging", "dev"])), ("cache_hit", ch(["true", "false"])),
            ("queue", ch(["default", "mail", "billing"])), ("size", str(rng.randint(1, 99999)))]
    rng.shuffle(pool)
    return pool[:rng.randint(2, 4)]


def entity_fields(p, lang, k, exclude=()):
    """Entity fields for machine-ish shapes (logs, JSON, code)."""
    types = pick_types(p.allowed(), k, exclude)
    out = []
    for t in types:
        vl = vlang_of(lang) if lang != "mixed" else ("zh" if p.origin == "cn" and chance(0.7) else "en")
        if t == "DATE_OF_BIRTH" and chance(0.5):
            vl = "code"
        out.append((t, p.get(t, vl)))
    return out


# ---- kv log ----
def r_kv(lang, kind):
    b = B()
    tag = ""
    ts = ch([ts_iso(), ts_plain() + "," + digits(3), ts_plain()])
    lvl = ch(LEVELS)
    if kind == "positive":
        p = persona_for(lang)
        ents = entity_fields(p, lang, rng.randint(2, 5))
        items = [(key_for(t, "code"), t, v) for t, v in ents]
        for c in distractor_fields(lang, rng.randint(0, 2)):
            kz, ke, kc, v = hn_field(c, lang)
            items.append((kc, None, v))
    elif kind == "hard_negative":
        cats = zh_or_en_cat(hn_pick(), lang)
        tag = "+".join(cats)
        items = []
        for c in cats:
            kz, ke, kc, v = hn_field(c, lang)
            items.append((kc, None, v))
        if chance(0.5):
            items.append(("trace_id", None, hexs(16)))
    else:
        items = [(k, None, v) for k, v in plain_fields(lang)]
    rng.shuffle(items)
    items = dedupe(items)
    style = rng.choices(["logfmt", "bracket", "pipe", "access"], [55, 20, 15, 10])[0]
    if style == "access" and kind == "positive" and any(t == "IP_ADDRESS" for _, t, _ in items):
        # nginx-style access log: client IP first, PII in the query string
        ipi = next(i for i, (_, t, _) in enumerate(items) if t == "IP_ADDRESS")
        _, _, ip = items.pop(ipi)
        b.e("IP_ADDRESS", ip)
        d = rand_date((2024, 1, 1), (2025, 6, 30))
        b.t(f" - - [{d.day:02d}/{MONTHS[d.month - 1][:3]}/{d.year}:{hhmm()}:{rng.randint(0, 59):02d} +0800] \"GET /api/v1/{ch(['users', 'kyc', 'orders', 'profile'])}?")
        first = True
        for k, t, v in items:
            if t and (" " in v or re.search(r"[^\x00-\x7f]", v)):
                continue
            if not first:
                b.t("&")
            first = False
            b.t(k + "=").value(t, v)
        b.t(f" HTTP/1.1\" {ch(['200', '200', '302', '404'])} {rng.randint(120, 9000)} \"-\" \"{ch(['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)', 'okhttp/4.12.0', 'curl/8.5.0', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)'])}\"")
        return b.done() + (tag,)
    if style == "access":
        style = "logfmt"
    svc = ch(SVCS)
    msg = msg_for(lang, kind)
    if style == "logfmt":
        b.t(f"{ts} {lvl} [{svc}] ")
        if chance(0.5):
            b.t(f"msg=\"{msg}\" ")
        else:
            b.t(f"{msg} ")
        sep = " "
    elif style == "bracket":
        b.t(f"[{ts}] [{lvl}] [{svc}] - {msg}: ")
        sep = ", "
    else:
        b.t(f"{ts} | {lvl} | {svc} | {msg} | ")
        sep = " | "
    for i, (k, t, v) in enumerate(items):
        if i:
            b.t(sep)
        if t == "IP_ADDRESS" and ":" not in v and chance(0.3):
            b.t(k + "=").e(t, v).t(":" + str(rng.randint(1024, 65535)))
            continue
        quote = " " in v or "," in v or (style == "logfmt" and chance(0.25))
        b.t(k + "=" + ("\"" if quote else "")).value(t, v).t("\"" if quote else "")
    if kind == "hard_negative" and lang != "en" and chance(0.4):
        b.t(f"{sep}note=\"{neg_text('surname_words', 'zh')}\"")
    return b.done() + (tag,)


# ---- json log ----
def json_str(b, t, v):
    s = json.dumps(v, ensure_ascii=False)
    assert s == "\"" + v + "\"", v
    b.t("\"").value(t, v).t("\"")


def emit_obj(b, items, ind, lvl):
    """items: list of (key, t, v) where v may be a nested list of items."""
    sp, cs = (", ", ": ") if ind is None else (",", ": ")
    b.t("{")
    for i, (k, t, v) in enumerate(items):
        if i:
            b.t(sp if ind is None else ",")
        if ind is not None:
            b.t("\n" + " " * (ind * (lvl + 1)))
        b.t(json.dumps(k, ensure_ascii=False) + cs)
        if isinstance(v, list):
            emit_obj(b, v, ind, lvl + 1)
        elif isinstance(v, int):
            b.value(t, str(v))
        else:
            json_str(b, t, v)
    if ind is not None:
        b.t("\n" + " " * (ind * lvl))
    b.t("}")


def r_json(lang, kind):
    b = B()
    tag = ""
    head = [("ts", None, ts_iso()), ("level", None, ch(LEVELS).lower()), ("service", None, ch(SVCS)),
            ("msg", None, msg_for(lang, kind))]
    if kind == "positive":
        p = persona_for(lang)
        ents = entity_fields(p, lang, rng.randint(2, 5))
        camel = chance(0.4)
        user, dev = [], []
        for t, v in ents:
            k = key_for(t, "code")
            if camel:
                k = re.sub(r"_(\w)", lambda m: m.group(1).upper(), k)
            if t == "QQ_NUMBER" and chance(0.5):
                v = int(v)
            (dev if t in ("IP_ADDRESS", "MAC_ADDRESS") and chance(0.6) else user).append((k, t, v))
        body = head[:]
        if user:
            body.append(("user" if chance(0.6) else "data", None, user) if chance(0.7) else None)
            if body[-1] is None:
                body.pop()
                body.extend(user)
        if dev:
            body.append(("device", None, dev) if chance(0.6) else None)
            if body[-1] is None:
                body.pop()
                body.extend(dev)
        for c in distractor_fields(lang, rng.randint(0, 2)):
            kz, ke, kc, v = hn_field(c, lang)
            body.append((kc, None, v))
        body = dedupe(body)
    elif kind == "hard_negative":
        cats = zh_or_en_cat(hn_pick(), lang)
        tag = "+".join(cats)
        inner = []
        for c in cats:
            kz, ke, kc, v = hn_field(c, lang)
            inner.append((kc, None, v))
        inner = dedupe(inner)
        body = head + ([("detail", None, inner)] if chance(0.4) else inner)
    else:
        body = head + [(k, None, v) for k, v in plain_fields(lang)]
    emit_obj(b, body, ch([None, None, None, 2]), 0)
    text, ents = b.done()
    json.loads(text)
    return text, ents, tag


# ---- markdown table / csv ----
def table_cols(lang, kind, headerless=False):
    """-> list of columns (label, type or None, value_fn(persona)), rows personas."""
    L = "en" if lang == "en" else "zh"
    if kind == "positive":
        origin = "cn" if lang == "zh" else ("us" if lang == "en" and chance(0.6) else "cn")
        allowed = CN_TYPES if origin == "cn" else US_TYPES
        excl = ("QQ_NUMBER", "DATE_OF_BIRTH") if headerless else ()
        types = pick_types(allowed, rng.randint(2, 4), excl)
        if "PERSON" not in types and chance(0.6):
            types.insert(0, "PERSON")
        cols = []
        flip = rng.randint(0, 1)
        for ti, t in enumerate(types):
            style = rng.randint(0, 2)
            if headerless and t == "US_SSN":
                style = 0  # bare 9 digits / spaced SSNs only appear next to an SSN key or header
            hl = L if lang != "mixed" else ("zh" if (ti + flip) % 2 == 0 else "en")
            vl = "en" if (lang == "en" or (lang == "mixed" and origin == "cn" and hl == "en" and chance(0.3))) else "zh"
            if origin == "us":
                vl = "en"
            cols.append((key_for(t, hl), t, (lambda p, t=t, vl=vl, style=style: p.get(t, vl, style))))
        if chance(0.5):
            c = ch(["date", "order", "hotline_no", "dept"])
            if c == "dept":
                cols.append(("部门" if L == "zh" else "Dept", None, lambda p: ch(["财务部", "市场部", "研发中心", "行政部"]) if L == "zh" else ch(["Finance", "Sales", "R&D", "Ops"])))
            elif c == "date":
                kz, ke, kc, old_ok = ch(DATE_KEYS)
                cols.append((kz if L == "zh" else ke, None, lambda p, o=old_ok: nonbirth_date(L, o)))
            elif c == "order":
                cols.append(("订单号" if L == "zh" else "Order", None, lambda p: order_no()))
        if chance(0.3):
            cols.insert(0, ("序号" if L == "zh" else "#", None, None))
        return cols, origin, []
    # negatives: columns of traps
    if kind == "hard_negative":
        # a header-less CSV gives no context, so IP-shaped build numbers and
        # E/G+8-digit codes would be indistinguishable from real IPs/passports
        excl = ("ip_like", "passport_like") if headerless else ()
        cats = zh_or_en_cat(hn_pick(rng.choice([2, 3]), exclude=excl), lang)
    else:
        cats = []
    cols = []
    for ci, c in enumerate(cats):
        kz, ke, kc, _ = hn_field(c, lang)
        hl = L if lang != "mixed" else ("zh" if ci % 2 == 0 else "en")
        cols.append((kz if hl == "zh" else ke, None, (lambda p, c=c, kz=kz, ke=ke: hn_value_like(c, lang, kz, ke))))
    if kind == "negative":
        if L == "zh":
            cols = [("日期", None, lambda p: nonbirth_date("zh")), ("访问量", None, lambda p: str(rng.randint(100, 90000))),
                    ("转化率", None, lambda p: f"{rng.uniform(0.5, 9):.2f}%"), ("备注", None, lambda p: ch(ZH_PLAIN).rstrip("。"))]
        else:
            cols = [("Week", None, lambda p: f"W{rng.randint(1, 52)}"), ("Visits", None, lambda p: str(rng.randint(100, 90000))),
                    ("Conversion", None, lambda p: f"{rng.uniform(0.5, 9):.2f}%"), ("Status", None, lambda p: ch(["on track", "done", "blocked"]))]
        rng.shuffle(cols)
        cols = cols[:rng.randint(2, 4)]
    elif chance(0.5):
        if lang == "en":
            cols.append(("Item", None, lambda p: ch(["USB-C cable", "Python course", "Monday meal kit", "Jordan sneakers", "Amazon gift box"])))
        else:
            cols.append(("商品" if L == "zh" else "Item", None, lambda p: ch(["石头纸笔记本", "高兴牌饼干", "金额计算器", "方法论图书", "马上到家洗衣液", "常温牛奶", "白天鹅羽绒服", "江边烧烤套餐"])))
    return cols, "cn", cats


def r_table(lang, kind):
    b = B()
    cols, origin, cats = table_cols(lang, kind)
    tag = "+".join(cats)
    nrows = rng.randint(2, 4)
    if chance(0.4):
        cap = {"zh": ["以下为报名名单：", "本周新增客户：", "核对结果如下：", "| 导出自CRM |"],
               "en": ["Attendee list:", "New customers this week:", "Reconciliation results:"],
               }["en" if lang == "en" else "zh"] if kind == "positive" else (
            ["本月订单汇总：", "版本发布记录：", "数据如下："] if lang != "en" else ["Monthly summary:", "Release log:", "Data:"])
        b.t(ch(cap) + "\n\n")
    b.t("| " + " | ".join(c[0] for c in cols) + " |\n")
    b.t("|" + "|".join(ch(["---", " --- ", ":---", "---:"]) for _ in cols) + "|\n")
    for r in range(nrows):
        p = Persona(origin)
        b.t("|")
        for c in cols:
            b.t(" ")
            if c[2] is None:
                b.t(str(r + 1))
            else:
                b.value(c[1], c[2](p))
            b.t(" |")
        if r < nrows - 1:
            b.t("\n")
    return b.done() + (tag,)


def r_csv(lang, kind):
    b = B()
    headerless = chance(0.45)
    cols, origin, cats = table_cols(lang, kind, headerless=headerless)
    delim = ch([",", ",", ",", "\t", ";"])
    if not headerless:
        b.t(delim.join(c[0] for c in cols) + "\n")
    nrows = rng.randint(2, 5)
    for r in range(nrows):
        p = Persona(origin)
        for i, c in enumerate(cols):
            if i:
                b.t(delim)
            if c[2] is None:
                b.t(str(r + 1))
                continue
            v = c[2](p)
            q = delim in v or "\"" in v or (chance(0.15))
            b.t("\"" if q else "").value(c[1], v).t("\"" if q else "")
        if r < nrows - 1:
            b.t("\n")
    return b.done() + ("+".join(cats),)


# ---- forms ----
FORM_EXTRA_ZH = [("性别", ["男", "女"]), ("民族", ["汉", "回", "满", "壮"]), ("学历", ["本科", "硕士", "大专", "博士"]),
                 ("婚姻状况", ["已婚", "未婚"]), ("政治面貌", ["群众", "党员", "团员"]), ("职业", ["工程师", "教师", "会计", "自由职业"])]
FORM_EXTRA_EN = [("Sex", ["F", "M"]), ("Nationality", ["USA", "China", "Canada"]), ("Occupation", ["Engineer", "Teacher", "Nurse", "Accountant"]),
                 ("Marital status", ["Single", "Married"])]
FORM_TITLE_ZH = ["【入职登记表】", "个人信息登记表", "=== 开户申请 ===", "实名认证信息", "报名表", "租房登记", "会员注册信息"]
FORM_TITLE_EN = ["NEW HIRE FORM", "Account application", "== Guest registration ==", "KYC details", "Patient intake form"]


def r_form(lang, kind):
    b = B()
    tag = ""
    L = "en" if lang == "en" else "zh"
    colon = "：" if L == "zh" and chance(0.8) else ": "
    if chance(0.6):
        b.t(ch(FORM_TITLE_ZH if L == "zh" else FORM_TITLE_EN) + "\n" if kind == "positive" else
            ch(["订单信息", "发票信息", "设备信息", "物流查询结果", "产品规格"] if L == "zh" else ["Order details", "Invoice", "Device info", "Shipment status", "Product spec"]) + "\n")
    lines = []
    if kind == "positive":
        p = persona_for(lang)
        types = pick_types(p.allowed(), rng.randint(3, 6))
        if "PERSON" not in types:
            types.insert(0, "PERSON")
        for t in types:
            if lang == "mixed":
                kl = paired_key(t) if chance(0.5) else key_for(t, ch(["zh", "en"]))
                vl = "zh" if p.origin == "cn" else "en"
            else:
                kl, vl = key_for(t, L), L
            if t == "CN_USCC":
                lines.append(("单位名称" if L == "zh" else "Company", None, ch(COMPANIES_ZH) if L == "zh" or lang == "mixed" else ch(COMPANIES_EN)))
            lines.append((kl, t, p.get(t, vl)))
        extra = FORM_EXTRA_ZH if L == "zh" else FORM_EXTRA_EN
        for k, opts in rng.sample(extra, rng.randint(1, 2)):
            lines.insert(rng.randint(1, len(lines)), (k, None, ch(opts)))
        if chance(0.5):
            kz, ke, kc, v = hn_field(ch(["date", "order", "hotline"]), lang)
            lines.append((kz if L == "zh" else ke, None, v))
        if chance(0.4):
            lines.append(("填表日期" if L == "zh" else "Date signed", None, nonbirth_date(L)))
    elif kind == "hard_negative":
        cats = zh_or_en_cat(hn_pick(rng.choice([2, 3, 3, 4])), lang)
        tag = "+".join(cats)
        for c in cats:
            kz, ke, kc, v = hn_field(c, lang)
            kl = kz if L == "zh" else ke
            if lang == "mixed" and chance(0.5):
                kl = ke  # trap keys are drawn independently per language, so never glue kz+ke
            lines.append((kl, None, v))
        if L == "zh" and chance(0.4):
            lines.append(("单位名称", None, ch(COMPANIES_ZH)))
    else:
        if L == "zh":
            lines = [("会议主题", None, ch(["季度复盘", "需求评审", "预算讨论"])), ("会议室", None, ch(["3楼大会议室", "A-302", "线上"])),
                     ("议程", None, ch(ZH_PLAIN).rstrip("。")), ("时长", None, f"{rng.randint(30, 120)}分钟")]
        else:
            lines = [("Meeting", None, ch(["Quarterly review", "Design review", "Budget sync"])), ("Room", None, ch(["A-302", "Main hall", "Zoom"])),
                     ("Agenda", None, ch(EN_PLAIN).rstrip(".")), ("Duration", None, f"{rng.randint(30, 120)} min")]
        lines = lines[:rng.randint(2, 4)]
    bullet = ch(["", "", "- ", "* "])
    for i, (k, t, v) in enumerate(lines):
        if i:
            b.t("\n")
        if L == "zh" and chance(0.12):
            b.t(f"{bullet}【{k}】").value(t, v)
        else:
            b.t(f"{bullet}{k}{colon}").value(t, v)
    return b.done() + (tag,)


# ---- code ----
def r_code(lang, kind):
    b = B()
    tag = ""
    L = "en" if lang == "en" else "zh"
    invalid_fixture = False
    if kind == "positive":
        p = persona_for(lang)
        ents = entity_fields(p, lang, rng.randint(2, 5))
        items = [(key_for(t, "code"), t, v) for t, v in ents]
        if chance(0.4):
            kz, ke, kc, v = hn_field(ch(["order", "timestamp", "version", "hash"]), lang)
            items.append((kc, None, v))
        rng.shuffle(items)
    elif kind == "hard_negative":
        invalid_fixture = chance(0.35)
        if invalid_fixture:
            cats = [ch(["id_fail", "id_fail", "luhn_fail", "luhn_fail", "uscc_fail", "ssn_like"])]
            cats += hn_pick(rng.choice([1, 2]), exclude_text=True, exclude=cats)
        else:
            cats = zh_or_en_cat(hn_pick(rng.choice([2, 3])), lang)
        tag = "+".join(cats)
        items = []
        for c in cats:
            kz, ke, kc, v = hn_field(c, lang)
            items.append((kc, None, v))
    else:
        items = [(k, None, v) for k, v in plain_fields(lang)]
    items = dedupe(items)
    comment_zh = {"positive": ["# 测试数据，请勿提交到生产", "# 用户信息", "# 联调用例"], "hard_negative": ["# 常量定义", "# 非法输入用例", "# 版本与构建信息"],
                  "negative": ["# 默认配置", "# 超时设置"]}[kind]
    comment_en = {"positive": ["# test fixture", "# seed data", "# sample customer"], "hard_negative": ["# constants", "# invalid inputs", "# build metadata"],
                  "negative": ["# defaults", "# timeouts"]}[kind]
    if kind == "hard_negative" and invalid_fixture:
        comment_zh, comment_en = ["# 非法输入用例，校验必须失败"], ["# invalid inputs: validators must reject these"]
    cm = ch(comment_zh if lang == "zh" else comment_en if lang == "en" else comment_zh + comment_en)
    style = ch(["py", "sql", "yaml", "js", "java", "env", "pytest", "go"])
    if kind == "hard_negative" and invalid_fixture:
        style = "pytest_invalid"

    def ident(k):
        return re.sub(r"_(\w)", lambda m: m.group(1).upper(), k)

    if style == "py":
        var = ch(["user", "customer", "payload", "record", "FIXTURE", "cfg"])
        b.t(f"{cm}\n{var} = {{\n")
        for k, t, v in items:
            b.t(f"    \"{k}\": \"").value(t, v).t("\",\n")
        b.t("}")
    elif style == "sql":
        table = ch(["customers", "users", "t_user_info", "kyc_records"]) if kind == "positive" else ch(["orders", "products", "releases", "t_invoice"])
        b.t(f"-- {cm[2:]}\nINSERT INTO {table} ({', '.join(k for k, _, _ in items)}) VALUES (")
        for i, (k, t, v) in enumerate(items):
            if i:
                b.t(", ")
            b.t("'").value(t, v).t("'")
        b.t(");")
    elif style == "yaml":
        b.t(f"{cm}\n{ch(['user', 'contact', 'owner', 'defaults', 'meta'])}:\n")
        for i, (k, t, v) in enumerate(items):
            q = ch(["", "\"", "'"]) if not re.match(r"^[\d.]+$", v) else "\""
            b.t(f"  {k}: {q}").value(t, v).t(q + ("\n" if i < len(items) - 1 else ""))
    elif style == "js":
        b.t(f"// {cm[2:]}\nconst {ch(['user', 'mockUser', 'data', 'config'])} = {{\n")
        for k, t, v in items:
            b.t(f"  {ident(k)}: '").value(t, v).t("',\n")
        b.t("};")
    elif style == "java":
        b.t(f"// {cm[2:]}\n{ch(['User', 'Customer', 'Order', 'Item'])} obj = {ch(['User', 'Customer', 'Order', 'Item'])}.builder()")
        for k, t, v in items:
            b.t(f"\n        .{ident(k)}(\"").value(t, v).t("\")")
        b.t("\n        .build();")
    elif style == "env":
        b.t(f"{cm}\n")
        for i, (k, t, v) in enumerate(items):
            q = "\"" if " " in v else ""
            b.t(f"{ch(['APP_', 'ADMIN_', 'TEST_', ''])}{k.upper()}={q}").value(t, v).t(q + ("\n" if i < len(items) - 1 else ""))
    elif style == "go":
        b.t(f"// {cm[2:]}\nu := {ch(['User', 'Customer', 'Record'])}{{\n")
        for k, t, v in items:
            b.t(f"\t{ident(k)[0].upper() + ident(k)[1:]}: \"").value(t, v).t("\",\n")
        b.t("}")
    elif style == "pytest":
        names = [k for k, _, _ in items]
        b.t(f"{cm}\n@pytest.fixture\ndef {ch(['customer', 'sample_user', 'kyc_payload', 'order_ctx'])}():\n    return dict(")
        for i, (k, t, v) in enumerate(items):
            if i:
                b.t(", ")
            b.t(f"{k}=\"").value(t, v).t("\"")
        b.t(")")
    else:  # pytest_invalid: values fed to validators that must reject them
        fn = {"id_fail": ch(["is_valid_id_card", "parse_id_card"]), "luhn_fail": ch(["luhn_check", "is_valid_card"]),
              "uscc_fail": "is_valid_uscc", "ssn_like": "is_valid_ssn"}.get(tag.split("+")[0], "validate")
        b.t(f"{cm}\n@pytest.mark.parametrize(\"value\", [\n")
        for k, t, v in items:
            b.t(f"    \"{v}\",  # {k}\n")
        b.t(f"])\ndef test_rejects(value):\n    assert not {fn}(value)")
    text, ents = b.done()
    return text, ents, tag


# ---- chat ----
OPEN_ZH = ["你好，我想修改一下收货信息", "在吗？帮我查下账户", "我要办理实名认证", "我的账号被锁了，怎么解", "帮我登记一下报名信息",
           "快递一直没到，能帮忙看看吗", "想开发票，需要提供什么"]
OPEN_EN = ["Hi, I need to update my account details", "Hello, my package never arrived", "Can you help me verify my identity?",
           "I want to change my shipping address", "My account got locked"]
ASK_ZH = ["好的，请提供一下相关信息。", "可以的，麻烦发一下您的注册信息。", "请问您的联系方式是？", "收到，请补充以下信息以便核实。"]
ASK_EN = ["Sure, could you share your details?", "Happy to help. What details are on the account?", "Please provide the following so I can verify."]
ACK_ZH = ["已为您登记，请留意短信通知。", "收到，稍后专员会联系您。", "好的，信息已更新。", "核实通过，感谢配合。"]
ACK_EN = ["Thanks, your details are updated.", "Got it, a specialist will reach out.", "Verified, thank you."]


ASSIST_TRAP_ZH = ["工单号{t}，可随时查询进度。", "如有疑问请拨打客服热线{h}。", "您的快递单号是{k}。", "关联订单{o}已同步更新。"]
ASSIST_TRAP_EN = [" Your ticket number is {t}.", " For anything else call {h}.", " Your tracking number is {k}.", " Linked order {o} is updated too."]


def assistant_trap(Lq):
    vals = dict(t=ticket_no(), h=hotline(Lq), k=tracking_no(), o=order_no())
    return ch(ASSIST_TRAP_ZH if Lq == "zh" else ASSIST_TRAP_EN).format(**vals)


def r_chat(lang, kind):
    b = B()
    tag = ""
    style = ch(["assistant", "assistant", "wechat", "bracket"])
    if kind == "positive":
        p = persona_for(lang)
        types = pick_types(p.allowed(), rng.randint(1, 3), exclude=("PERSON",) if style != "assistant" else ())
        other = Persona(p.origin)
    Lq = "en" if lang == "en" else "zh"
    end = "。" if lang != "en" else "."
    comma = "，" if lang != "en" else ", "
    if style == "assistant":
        U, A = {"zh": ("用户", "助手"), "en": ("User", "Assistant"),
                "mixed": ch([("用户", "助手"), ("User", "Assistant"), ("user", "客服")])}[lang]
        sep = "：" if re.search(r"[^\x00-\x7f]", U) else ": "
        if kind == "positive":
            b.t(U + sep + (ch(OPEN_ZH) + "。" if Lq == "zh" else ch(OPEN_EN) + ".") + "\n")
            b.t(A + sep + (ch(ASK_ZH) if Lq == "zh" else ch(ASK_EN)) + "\n")
            b.t(U + sep)
            for i, t in enumerate(types):
                if i:
                    b.t(comma)
                frag(b, t, p, lang, cap=(i == 0 and lang == "en"))
            b.t(end)
            b.t("\n" + A + sep + (ch(ACK_ZH) if Lq == "zh" else ch(ACK_EN)))
            if chance(0.35):
                b.t(assistant_trap(Lq))
            if "CN_MOBILE" in types and chance(0.4):
                # assistant echoes the number back: a second labelled mention
                b.t("我们会致电" if Lq == "zh" else " We will call ").e("CN_MOBILE", p.get("CN_MOBILE", "zh")).t(end)
            elif "EMAIL_ADDRESS" in types and chance(0.4):
                b.t("确认邮件已发送至" if Lq == "zh" else " A confirmation was sent to ").e("EMAIL_ADDRESS", p.get("EMAIL_ADDRESS", "zh")).t(end)
        elif kind == "hard_negative":
            cats = zh_or_en_cat(hn_pick(rng.choice([1, 2, 2])), lang)
            tag = "+".join(cats)
            b.t(U + sep + hn_sentence(cats[0], lang) + "\n")
            b.t(A + sep + join_sents([ch(["明白，我帮您查一下。", "好的，请稍等。", "收到。"]) if Lq == "zh" else
                                      ch(["Let me check that.", "One moment please.", "Understood."])] +
                                     [hn_sentence(c, lang) for c in cats[1:]]))
            if chance(0.5):
                b.t("\n" + U + sep + neg_text(ch(["surname_words", "idiom", "plain"]) if Lq == "zh" else ch(["capitalised", "plain"]), lang))
        else:
            b.t(U + sep + neg_text("plain", lang) + "\n" + A + sep + neg_text("plain", lang))
        return b.done() + (tag,)
    # WeChat-style / bracket-style transcripts with named speakers
    speakers = [p, other] if kind == "positive" else None
    n = rng.randint(2, 4)
    cats = []
    if kind == "hard_negative":
        cats = zh_or_en_cat(hn_pick(rng.choice([1, 2])), lang)
        tag = "+".join(cats)
    pii_turn = rng.randint(0, n - 1)
    t0 = datetime.datetime(2025, 1, 1, rng.randint(7, 20), rng.randint(0, 59))
    for i in range(n):
        if i:
            b.t("\n")
        who = i % 2
        t0 += datetime.timedelta(minutes=rng.randint(0, 25))
        hm = f"{t0:%H:%M}"
        if speakers:
            nm_lang = "en" if lang == "en" else ("zh" if speakers[who].origin == "cn" else "en")
            if style == "wechat":
                b.e("PERSON", speakers[who].name(nm_lang)).t(f" {hm}\n")
            else:
                b.t(f"[{hm}] ").e("PERSON", speakers[who].name(nm_lang)).t("：" if Lq == "zh" else ": ")
        else:
            lab = ["我", "对方"][who] if Lq == "zh" else ["Me", "Them"][who]
            if style == "wechat":
                b.t(f"{lab} {hm}\n")
            else:
                b.t(f"[{hm}] {lab}" + ("：" if Lq == "zh" else ": "))
        if kind == "positive":
            if i == pii_turn:
                for j, t in enumerate(types):
                    if j:
                        b.t(comma)
                    frag(b, t, speakers[who], lang, cap=(j == 0 and lang == "en"))
                b.t(end)
            else:
                b.t(neg_text(ch(["plain", "surname_words"]) if Lq == "zh" else "plain", lang))
        elif kind == "hard_negative":
            if i < len(cats):
                b.t(hn_sentence(cats[i], lang))
            else:
                b.t(neg_text(ch(["surname_words", "idiom", "plain"]) if Lq == "zh" else ch(["capitalised", "plain"]), lang))
        else:
            b.t(neg_text("plain", lang))
    return b.done() + (tag,)


# ---- ticket ----
def r_ticket(lang, kind):
    b = B()
    tag = ""
    L = "en" if lang == "en" else "zh"
    c = "：" if L == "zh" else ": "
    end = "。" if lang != "en" else "."
    if L == "zh":
        b.t(f"工单号{c}{ticket_no()}\n创建时间{c}{ts_plain()}\n优先级{c}{ch(['P1', 'P2', 'P3', '高', '中'])}\n")
    else:
        b.t(f"Ticket {ticket_no()}\nOpened{c}{ts_plain()}\nPriority{c}{ch(['P1', 'P2', 'P3', 'High', 'Normal'])}\n")
    if kind == "positive":
        p = persona_for(lang)
        nlang = "en" if lang == "en" else ("zh" if p.origin == "cn" else "en")
        if chance(0.8):
            b.t(("客户" + c) if L == "zh" else ("Requester" + c)).e("PERSON", p.name(nlang))
            if L == "en" and chance(0.5):
                b.t(" <").e("EMAIL_ADDRESS", p.get("EMAIL_ADDRESS", "en")).t(">")
            b.t("\n")
        types = pick_types(p.allowed(), rng.randint(2, 4), exclude=("PERSON",))
        if chance(0.5):
            t0 = types.pop(0)
            b.t(key_for(t0, L if lang != "mixed" else ch(["zh", "en"])) + c).e(t0, p.get(t0, nlang)).t("\n")
        b.t(("问题描述" if L == "zh" else "Description") + c)
        if L == "zh":
            b.t(ch(["客户来电反映，", "用户留言：", "客户称"]))
            for i, t in enumerate(types):
                if i:
                    b.t("，")
                frag(b, t, p, lang)
            b.t("。" + ch(["要求尽快处理。", "希望今天内回电。", "已核实身份。"]))
        else:
            b.t(ch(["Customer wrote: ", "Caller says ", "Per chat: "]))
            for i, t in enumerate(types):
                if i:
                    b.t(", ")
                frag(b, t, p, lang)
            b.t(". " + ch(["Please expedite.", "Wants a callback today.", "Identity verified."]))
        if chance(0.5):
            b.t("\n" + ("处理记录" if L == "zh" else "Notes") + c + hn_sentence(ch(["order", "tracking", "hotline", "version", "date"]), lang))
    elif kind == "hard_negative":
        cats = zh_or_en_cat(hn_pick(rng.choice([2, 3])), lang)
        tag = "+".join(cats)
        b.t(("客户" + c + ch(["匿名用户", "未登录访客", "企业客户"])) if L == "zh" else ("Requester" + c + ch(["anonymous", "guest user", "(no account)"])))
        b.t("\n" + ("问题描述" if L == "zh" else "Description") + c)
        b.t(join_sents([hn_sentence(cc, lang) for cc in cats]))
        if chance(0.4):
            b.t("\n" + ("处理记录" if L == "zh" else "Notes") + c + neg_text(ch(["surname_words", "plain"]) if L == "zh" else ch(["capitalised", "plain"]), lang))
    else:
        b.t(("问题描述" if L == "zh" else "Description") + c + neg_text("plain", lang) + "\n" + ("状态" if L == "zh" else "Status") + c + ch(["已关闭", "处理中"] if L == "zh" else ["closed", "in progress"]))
    return b.done() + (tag,)


# ---- prose ----
ZH_NAME_CTX = [("", "说，"), ("客户", "表示，"), ("据了解，", "已于上周离职，"), ("经核实，", "本人确认："),
               ("班里的", "同学留下了联系方式："), ("大家都说", "人很好，"), ("", "高兴地告诉我们，"),
               ("于是", "马上补充了资料："), ("", "向前台登记了信息："), ("都还没见过", "本人，只知道"),
               ("文件里记着", "留下的信息：")]
EN_NAME_CTX = [("", " said that"), ("Yesterday ", " called and"), ("According to the file, ", ""),
               ("On Monday ", " confirmed"), ("", " (our new tenant) gave"), ("Dr. ", " asked us to note")]


def r_prose(lang, kind):
    b = B()
    tag = ""
    L = "en" if lang == "en" else "zh"
    if kind == "positive":
        p = persona_for(lang)
        types = pick_types(p.allowed(), rng.randint(1, 4))
        if chance(0.3):
            pre_s = neg_text(ch(["plain", "surname_words", "idiom"]) if L == "zh" else ch(["plain", "capitalised"]), lang)
            b.t(pre_s + (" " if pre_s.endswith(".") else ""))
        nlang = "en" if lang == "en" else ("zh" if p.origin == "cn" else "en")
        if "PERSON" in types and len(types) > 1 and chance(0.7):
            types.remove("PERSON")
            nm = p.name(nlang)
            pre, post = ch(ZH_NAME_CTX if L == "zh" else EN_NAME_CTX)
            b.t(pre).e("PERSON", nm).t(post)
            if L == "zh":
                if not post.endswith(("，", "：")):
                    b.t("，")
                for i, t in enumerate(types):
                    if i:
                        b.t("，")
                    frag(b, t, p, lang)
                b.t("。")
            else:
                b.t(" ")
                for i, t in enumerate(types):
                    if i:
                        b.t(", " if i < len(types) - 1 else " and ")
                    frag(b, t, p, lang)
                b.t(".")
        else:
            for i, t in enumerate(types):
                if L == "zh":
                    if i:
                        b.t("，")
                    frag(b, t, p, lang)
                else:
                    if i:
                        b.t(" ")
                    frag(b, t, p, lang, cap=True)
                    b.t(".")
            if L == "zh":
                b.t("。")
        if chance(0.35):
            c = ch(["order", "date", "hotline", "timestamp", "surname_words" if L == "zh" else "capitalised"])
            b.t(("" if L == "zh" else " ") + hn_sentence(c, lang))
    elif kind == "hard_negative":
        cats = zh_or_en_cat(hn_pick(rng.choice([2, 3])), lang)
        tag = "+".join(cats)
        parts = [hn_sentence(c, lang) for c in cats]
        if chance(0.5):
            parts.insert(rng.randint(0, len(parts)), neg_text(ch(["surname_words", "idiom"]) if L == "zh" else "capitalised", lang))
        b.t(join_sents(parts))
    else:
        pool = ZH_PLAIN if lang == "zh" else EN_PLAIN if lang == "en" else ZH_PLAIN + EN_PLAIN
        b.t(join_sents(rng.sample(pool, rng.randint(1, 3))))
    return b.done() + (tag,)


RENDER = {"kv_log": r_kv, "json_log": r_json, "md_table": r_table, "csv": r_csv, "form": r_form,
          "code": r_code, "chat": r_chat, "ticket": r_ticket, "prose": r_prose}
SHAPES = list(RENDER)


# --------------------------------------------------------------------------
# plan + main
# --------------------------------------------------------------------------

def plan():
    rows = []
    per = [N_LINES // len(SHAPES) + (1 if i < N_LINES % len(SHAPES) else 0) for i in range(len(SHAPES))]
    for s, n in zip(SHAPES, per):
        n_hn = round(n * 0.35)
        n_neg = round(n * 0.10)
        kinds = ["hard_negative"] * n_hn + ["negative"] * n_neg + ["positive"] * (n - n_hn - n_neg)
        langs = (["zh", "en", "mixed"] * n)[:n]
        rng.shuffle(langs)
        for k, l_ in zip(kinds, langs):
            rows.append((s, k, l_))
    rng.shuffle(rows)
    return rows


def line_ok(text, ents, kind):
    """Reject a generated line if it violates the global invariants."""
    if kind != "positive" and ents:
        return False
    if kind == "positive" and not ents:
        return False
    # no unlabelled valid card / ID / mobile / USCC outside spans
    masked = list(text)
    for e in ents:
        for i in range(e["start"], e["end"]):
            masked[i] = "\x00"
    if not safe_text("".join(masked)):
        return False
    spans = sorted((e["start"], e["end"]) for e in ents)
    for (a, b_), (c, d) in zip(spans, spans[1:]):
        if c < b_:
            return False
    return True


CJK_RE = re.compile(r"[\u4e00-\u9fff]")
EN_PHRASE_RE = re.compile(r"(?<![A-Za-z0-9_@.\-])[A-Za-z][a-z]+(?: [A-Za-z][a-z]+)+")


def actual_lang(text):
    """zh: Chinese natural language (ASCII identifiers/values allowed);
    en: no Chinese characters at all; mixed: Chinese characters plus at least
    one English phrase (two or more space-separated words)."""
    if not CJK_RE.search(text):
        return "en"
    return "mixed" if EN_PHRASE_RE.search(text) else "zh"


def main():
    out = []
    rows = plan()
    for i, (shape, kind, lang) in enumerate(rows):
        snap = TYPE_COUNT.copy()
        fallback = None
        for attempt in range(60):
            TYPE_COUNT.clear()
            TYPE_COUNT.update(snap)
            text, ents, tag = RENDER[shape](lang, kind)
            if not line_ok(text, ents, kind):
                continue
            if actual_lang(text) == lang:
                break
            fallback = fallback or (text, ents, tag, TYPE_COUNT.copy())
        else:
            if fallback is None:
                raise RuntimeError((shape, kind, lang))
            text, ents, tag, cnt = fallback
            TYPE_COUNT.clear()
            TYPE_COUNT.update(cnt)
        # TYPE_COUNT now holds the balancing counts of the accepted render
        # (only types drawn through pick_types; speaker names etc. excluded)
        lang = actual_lang(text)
        kshort = {"positive": "pos", "hard_negative": "hn", "negative": "neg"}[kind]
        rid = f"rs-{i + 1:04d}-{shape}-{kshort}" + (f"-{tag}" if kind == "hard_negative" and tag else "")
        out.append({"id": rid, "lang": lang, "shape": shape, "kind": kind, "text": text, "entities": ents})
    with open(os.path.join(HERE, "test.jsonl"), "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    write_counts(out)
    print(f"wrote {len(out)} lines")


def write_counts(rows):
    ent_t = collections.Counter(e["type"] for r in rows for e in r["entities"])
    lines_t = collections.Counter(t for r in rows for t in {e["type"] for e in r["entities"]})
    sh = collections.Counter(r["shape"] for r in rows)
    kd = collections.Counter(r["kind"] for r in rows)
    lg = collections.Counter(r["lang"] for r in rows)
    shk = collections.Counter((r["shape"], r["kind"]) for r in rows)
    hn = collections.Counter(r["id"].split("-hn-")[1].split("+")[0] for r in rows if "-hn-" in r["id"])
    hn_any = collections.Counter(t for r in rows if "-hn-" in r["id"] for t in r["id"].split("-hn-")[1].split("+"))
    md = [f"Total lines: **{len(rows)}**, total entity spans: **{sum(ent_t.values())}**", "",
          "| kind | lines |", "|---|---|"] + [f"| {k} | {kd[k]} |" for k in ["positive", "hard_negative", "negative"]]
    md += ["", "| lang | lines |", "|---|---|"] + [f"| {k} | {lg[k]} |" for k in ["zh", "en", "mixed"]]
    md += ["", "| shape | positive | hard_negative | negative | total |", "|---|---|---|---|---|"]
    md += [f"| {s} | {shk[(s, 'positive')]} | {shk[(s, 'hard_negative')]} | {shk[(s, 'negative')]} | {sh[s]} |" for s in SHAPES]
    md += ["", "| entity type | spans | lines containing |", "|---|---|---|"]
    md += [f"| {t} | {ent_t[t]} | {lines_t[t]} |" for t in TYPES]
    md += ["", "Hard-negative lines by trap (id suffix after `-hn-`, traps joined by `+`; primary = first):", "",
           "| trap | lines (primary) | lines (any) |", "|---|---|---|"]
    md += [f"| {k} | {hn[k]} | {v} |" for k, v in sorted(hn_any.items(), key=lambda kv: (-kv[1], kv[0]))]
    block = "\n".join(md)
    path = os.path.join(HERE, "CARD.md")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            card = f.read()
        a, z = "<!-- counts:start -->", "<!-- counts:end -->"
        if a in card and z in card:
            card = card[:card.index(a) + len(a)] + "\n" + block + "\n" + card[card.index(z):]
            with open(path, "w", encoding="utf-8") as f:
                f.write(card)
    print(block)


if __name__ == "__main__":
    main()
