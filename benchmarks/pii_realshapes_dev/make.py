#!/usr/bin/env python3
"""Generate the development set for the PII detector on real text shapes: dev.jsonl, and the real-prompt
file realprompts.jsonl used to measure masking precision.

    /work/venv/bin/python benchmarks/pii_realshapes_dev/make.py

Deterministic (fixed seeds; Faker and python-stdnum only). Each line has the schema of
benchmarks/pii/labeled.jsonl: id, lang, shape, kind (positive / hard_negative), text, entities
[{type, start, end, value}]. The shapes are the ones text really comes in: key=value and JSON log lines,
markdown and CSV tables (names and numbers in cells, often with no context word), forms, code, chat
transcripts, tickets, lists and mixed Chinese/English prose. About 35 % are hard negatives, which hold no
personal data at all: order and tracking numbers, numbers whose checksum fails (even beside 卡号 or
身份证), hotlines, hashes, MAC-like fingerprints, dates that are not birth dates, and ordinary Chinese words
that start with a surname character.

English names come from several Faker locales (en_US, en_GB, en_IE, en_NZ), so a detector that knows one
name list is not scored on that list alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
import sys
from pathlib import Path

from faker import Faker
from stdnum import luhn
from stdnum.cn import ric

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SEED = 20240617
N_POSITIVE = 520
N_NEGATIVE = 280


def _realdata() -> Path | None:
    for base in (REPO / "shared" / "realdata", REPO.parent / "shared" / "realdata", Path("/work/shared/realdata")):
        if base.is_dir():
            return base
    return None


class Gen:
    """Values, each as it is written in real text."""

    ID_AREAS = ("110105", "110108", "310104", "310115", "440305", "440106", "320102", "330106", "510107",
                "420106", "610113", "370202", "500103", "350203", "430104", "210102", "120101", "460105")
    ZH_PLACES = (
        ("北京市", "", ("朝阳区", "海淀区", "东城区", "丰台区"), ("建国路", "中关村大街", "东直门内大街", "丽泽路")),
        ("上海市", "", ("浦东新区", "徐汇区", "静安区", "闵行区"), ("世纪大道", "漕溪北路", "南京西路", "七莘路")),
        ("广东省", "深圳市", ("南山区", "福田区", "宝安区"), ("科技园路", "深南大道", "新安六路")),
        ("广东省", "广州市", ("天河区", "越秀区", "海珠区"), ("天河路", "中山五路", "江南大道中")),
        ("浙江省", "杭州市", ("西湖区", "滨江区", "余杭区"), ("文三路", "江南大道", "文一西路")),
        ("江苏省", "南京市", ("鼓楼区", "玄武区", "江宁区"), ("中山北路", "珠江路", "双龙大道")),
        ("四川省", "成都市", ("武侯区", "锦江区", "高新区"), ("人民南路", "春熙路", "天府大道")),
        ("湖北省", "武汉市", ("洪山区", "江汉区", "武昌区"), ("珞喻路", "解放大道", "中北路")),
    )
    EN_LOCALES = ("en_US", "en_US", "en_US", "en_GB", "en_IE", "en_NZ")

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.zh = Faker("zh_CN")
        self.zh.seed_instance(seed)
        self.en = {loc: Faker(loc) for loc in sorted(set(self.EN_LOCALES))}
        for i, fake in enumerate(self.en.values()):
            fake.seed_instance(seed + i + 1)
        self.us = self.en["en_US"]

    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def pick(self, seq):
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    # --- names
    def zh_name(self) -> str:
        name = self.zh.name()
        while len(name) > 4 or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
            name = self.zh.name()
        return name

    def en_name(self, middle: bool = False) -> str:
        fake = self.en[self.pick(self.EN_LOCALES)]
        first, last = fake.first_name(), fake.last_name()
        while not re.fullmatch(r"[A-Z][a-z]+", first) or not re.fullmatch(r"(?:O'|Mc|Mac)?[A-Z][a-z]+(?:-[A-Z][a-z]+)?", last):
            first, last = fake.first_name(), fake.last_name()
        if middle:
            return f"{first} {self.pick('ABCDEFGHJKLMNPRSTW')}. {last}"
        return f"{first} {last}"

    # --- contact
    def email(self, name: str | None = None) -> str:
        if name and re.fullmatch(r"[A-Za-z' .-]+", name):
            parts = re.sub(r"[^a-z ]", "", name.lower()).split()
            user = self.pick((".".join(parts), parts[0][0] + parts[-1], parts[0] + self.digits(2)))
            return f"{user}@{self.pick(('example.com', 'gmail.com', 'outlook.com', 'corp.example.org', 'mail.example.net'))}"
        return self.pick((self.us.email, self.us.free_email, self.zh.free_email))()

    def mobile(self, style: str | None = None) -> str:
        number = self.pick("3456789") + self.digits(9)
        number = "1" + number
        style = style or self.pick(("plain", "plain", "plain", "dash", "space", "+86"))
        if style == "dash":
            return f"{number[:3]}-{number[3:7]}-{number[7:]}"
        if style == "space":
            return f"{number[:3]} {number[3:7]} {number[7:]}"
        if style == "+86":
            return "+86 " + number
        return number

    def landline(self) -> str:
        area = self.pick(("010", "021", "020", "0755", "0571", "025", "028", "027"))
        body = self.pick("2345678") + self.digits(7 if len(area) == 3 else 6)
        return f"{area}-{body}"

    def us_phone(self) -> str:
        area = f"{self.pick('23456789')}{self.pick('0123456789')}{self.pick('0123456789')}"
        while area in ("800", "888", "877", "866", "855", "844", "833", "555") or area[1:] == "11":
            area = f"{self.pick('23456789')}{self.digits(2)}"
        exchange = self.pick("23456789") + self.digits(2)
        line = self.digits(4)
        return self.pick((f"({area}) {exchange}-{line}", f"{area}-{exchange}-{line}", f"+1 {area}-{exchange}-{line}",
                          f"{area}.{exchange}.{line}"))

    def qq(self) -> str:
        return self.pick("123456789") + self.digits(self.pick((5, 6, 7, 8, 8, 9, 9)))

    def ip(self) -> str:
        return self.us.ipv4_public()

    def mac(self) -> str:
        octets = [self.rng.randrange(256) for _ in range(6)]
        octets[0] &= 0xFE  # unicast
        style = self.pick(("colon", "colon", "COLON", "dash", "cisco"))
        if style == "cisco":
            h = "".join(f"{o:02x}" for o in octets)
            return f"{h[:4]}.{h[4:8]}.{h[8:]}"
        sep = "-" if style == "dash" else ":"
        text = sep.join(f"{o:02x}" for o in octets)
        return text.upper() if style in ("COLON", "dash") else text

    # --- identifiers
    def resident_id(self, valid: bool = True) -> str:
        born = self.birth_date()
        body = self.pick(self.ID_AREAS) + born.strftime("%Y%m%d") + self.digits(3)
        check = ric.calc_check_digit(body + "0")
        if not valid:
            check = self.pick([c for c in "0123456789X" if c != check])
        return body + check

    def card(self, valid: bool = True, grouped: bool | None = None) -> str:
        prefix, length = self.pick((("62", 19), ("62", 16), ("622202", 19), ("4", 16), ("5" + self.pick("12345"), 16), ("6225", 16)))
        body = prefix + self.digits(length - len(prefix) - 1)
        check = luhn.calc_check_digit(body)
        if not valid:
            check = str((int(check) + self.rng.randrange(1, 10)) % 10)
        number = body + check
        if grouped is None:
            grouped = self.chance(0.4)
        return " ".join(number[i : i + 4] for i in range(0, len(number), 4)) if grouped else number

    def passport(self) -> str:
        kind = self.pick(("E8", "E8", "EL", "G8"))
        if kind == "EL":
            return "E" + self.pick("ABCDEFGHJKLMNPQRSTUVWXYZ") + self.digits(7)
        return kind[0] + self.digits(8)

    def ssn(self) -> str:
        area = self.rng.randrange(1, 900)
        while area == 666:
            area = self.rng.randrange(1, 900)
        return f"{area:03d}-{self.rng.randrange(1, 100):02d}-{self.rng.randrange(1, 10000):04d}"

    def plate(self) -> str:
        letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        tail = "".join(self.pick(letters + "0123456789") for _ in range(2)) + self.digits(3)
        return self.pick("京沪粤浙苏川鄂湘鲁豫") + self.pick(letters[:12]) + tail

    # --- dates
    def birth_date(self) -> dt.date:
        return self.us.date_between(start_date=dt.date(1946, 1, 1), end_date=dt.date(2007, 12, 31))

    def dob(self, lang: str) -> str:
        born = self.birth_date()
        if lang == "zh":
            return self.pick((f"{born.year}年{born.month}月{born.day}日", born.strftime("%Y-%m-%d"), f"{born.year}/{born.month}/{born.day}",
                              born.strftime("%Y.%m.%d")))
        return self.pick((born.strftime("%Y-%m-%d"), born.strftime("%m/%d/%Y"), born.strftime("%B %-d, %Y"),
                          born.strftime("%-d %B %Y"), born.strftime("%d/%m/%Y")))

    def other_date(self, lang: str) -> str:
        day = self.us.date_between(start_date=dt.date(2023, 1, 1), end_date=dt.date(2025, 12, 31))
        if lang == "zh":
            return self.pick((f"{day.year}年{day.month}月{day.day}日", day.strftime("%Y-%m-%d")))
        return self.pick((day.strftime("%Y-%m-%d"), day.strftime("%B %-d, %Y"), day.strftime("%m/%d/%Y")))

    def timestamp(self) -> str:
        return self.us.date_time_between(start_date=dt.datetime(2024, 1, 1), end_date=dt.datetime(2025, 6, 30)).strftime("%Y-%m-%dT%H:%M:%SZ")

    # --- addresses
    def zh_address(self) -> str:
        province, city, districts, roads = self.pick(self.ZH_PLACES)
        text = province + city + self.pick(districts) + self.pick(roads) + f"{self.rng.randrange(1, 999)}号"
        if self.chance(0.5):
            text += f"{self.rng.randrange(1, 30)}栋{self.rng.randrange(1, 30)}0{self.rng.randrange(1, 9)}室"
        return text

    def en_street(self) -> str:
        street = self.us.street_address()
        while not re.fullmatch(r"\d+ [A-Z][a-z]+ [A-Z][a-z]+(?: (?:Apt\.|Suite) \d+)?", street):
            street = self.us.street_address()
        return street

    def en_address(self) -> str:
        street = self.en_street()
        if self.chance(0.6):
            return f"{street}, {self.us.city()}, {self.us.state_abbr()} {self.us.zipcode()}"
        return street

    # --- look-alikes (never personal data)
    def order_number(self) -> str:
        return self.pick((self.us.date_time_between(start_date=dt.datetime(2024, 1, 1), end_date=dt.datetime(2025, 6, 30)).strftime("%Y%m%d%H%M%S") + self.digits(self.pick((2, 3, 4, 5))),
                          "62" + self.digits(self.pick((14, 17))), self.digits(18), "4" + self.digits(15)))

    def tracking(self) -> str:
        return self.pick(("SF" + self.digits(13), "YT" + self.digits(13), "1Z" + "".join(self.pick("0123456789ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(16)),
                          "JD" + self.digits(13), "75" + self.digits(12)))

    def hotline(self, lang: str) -> str:
        if lang == "zh":
            return self.pick(("400-" + self.digits(3) + "-" + self.digits(4), "400" + self.digits(7), "800-" + self.digits(3) + "-" + self.digits(4),
                              self.pick(("95588", "95533", "95555", "10086", "10010", "12315", "12345", "95511"))))
        return self.pick(("1-800-", "1-888-", "1-877-", "(866) ", "1-855-")) + self.digits(3) + "-" + self.digits(4)

    def hexhash(self, n: int) -> str:
        return "".join(self.pick("0123456789abcdef") for _ in range(n))

    def uuid(self) -> str:
        h = self.hexhash(32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def fingerprint(self) -> str:
        return ":".join(self.hexhash(2) for _ in range(16))

    def ipv6(self) -> str:
        return "fe80::" + ":".join(self.hexhash(4) for _ in range(4))


def build(*pieces) -> tuple[str, list[dict]]:
    """Concatenate plain strings and (TYPE, value) pieces; a (None, value) piece is unlabelled text."""
    text, entities = "", []
    for piece in pieces:
        if isinstance(piece, tuple):
            kind, value = piece
            if kind is not None:
                entities.append({"type": kind, "start": len(text), "end": len(text) + len(value), "value": value})
            text += value
        else:
            text += piece
    return text, entities


def table(rows: list[list], sep: str = " | ", md: bool = True, header_rule: bool = True) -> list:
    """Pieces of a table whose rows are lists of cells (strings or (TYPE, value) pieces)."""
    pieces: list = []
    for i, row in enumerate(rows):
        if i:
            pieces.append("\n")
        if md:
            pieces.append("| ")
        for j, cell in enumerate(row):
            if j:
                pieces.append(sep if md else sep.strip() or sep)
            pieces.append(cell)
        if md:
            pieces.append(" |")
        if md and i == 0 and header_rule and len(rows) > 1:
            pieces.append("\n|" + "---|" * len(row))
    return pieces


# ----------------------------------------------------------------------------------------------------
# positive shapes
# ----------------------------------------------------------------------------------------------------

def p_kv_log(g: Gen):
    name = g.en_name()
    email = g.email(name if g.chance(0.5) else None)
    ts = g.timestamp()
    level = g.pick(("INFO", "WARN", "info", "level=info", "level=warn"))
    form = g.rng.randrange(6)
    if form == 0:
        return "en", build(f"{ts} {level} auth login ok user=", ("EMAIL_ADDRESS", email), " src_ip=", ("IP_ADDRESS", g.ip()), f" latency_ms={g.rng.randrange(5, 900)}")
    if form == 1:
        return "en", build(f"ts={ts} {level} msg=\"password reset requested\" email=", ("EMAIL_ADDRESS", email), " client_mac=", ("MAC_ADDRESS", g.mac()))
    if form == 2:
        return "en", build(f"{ts} user=", ("EMAIL_ADDRESS", email), " action=export rows=", str(g.rng.randrange(1, 5000)), " ip=", ("IP_ADDRESS", g.ip()))
    if form == 3:
        return "en", build(f"{ts} {level} signup name=\"", ("PERSON", name), "\" email=", ("EMAIL_ADDRESS", email), " phone=", ("PHONE_NUMBER", g.us_phone()))
    if form == 4:
        return "zh", build(f"{ts} INFO 用户登录 user=", ("EMAIL_ADDRESS", g.email()), " mobile=", ("CN_MOBILE", g.mobile("plain")), " ip=", ("IP_ADDRESS", g.ip()))
    return "en", build(f"{ts} DEBUG dhcp lease ack mac=", ("MAC_ADDRESS", g.mac()), " ip=", ("IP_ADDRESS", g.ip()), f" lease={g.rng.randrange(1, 48)}h")


def p_json_log(g: Gen):
    form = g.rng.randrange(5)
    ts = g.timestamp()
    if form == 0:
        name = g.en_name()
        return "en", build('{"ts": "', ts, '", "event": "signup", "user": {"name": "', ("PERSON", name), '", "email": "', ("EMAIL_ADDRESS", g.email(name)),
                           '"}, "ip": "', ("IP_ADDRESS", g.ip()), '"}')
    if form == 1:
        return "zh", build('{"姓名": "', ("PERSON", g.zh_name()), '", "手机": "', ("CN_MOBILE", g.mobile("plain")), '", "身份证号": "', ("CN_RESIDENT_ID", g.resident_id()), '"}')
    if form == 2:
        return "en", build('{"level":"info","msg":"profile updated","fields":{"dob":"', ("DATE_OF_BIRTH", g.dob("en").replace("/", "-") if g.chance(0.3) else g.birth_date().isoformat()),
                           '","ssn":"', ("US_SSN", g.ssn()), '"},"request_id":"', g.uuid(), '"}')
    if form == 3:
        return "zh", build('{"uid": ', str(g.rng.randrange(10000, 99999)), ', "nickname": "小', g.pick("猫鱼熊兔"), '", "qq": "', ("QQ_NUMBER", g.qq()), '", "email": "', ("EMAIL_ADDRESS", g.email()), '"}')
    return "en", build('{"ts":"', ts, '","device":{"mac":"', ("MAC_ADDRESS", g.mac()), '","owner":"', ("PERSON", g.en_name()), '"},"trace_id":"', g.hexhash(16), '"}')


def p_md_table(g: Gen):
    form = g.rng.randrange(5)
    n = g.rng.randrange(2, 4)
    if form == 0:  # Chinese roster, a neutral header
        rows = [["序号", "人员", "证件", "电话"]] + [[str(i + 1), ("PERSON", g.zh_name()), ("CN_PASSPORT", g.passport()), ("CN_MOBILE", g.mobile("plain"))] for i in range(n)]
        return "zh", build(*table(rows))
    if form == 1:  # a single row pasted on its own, no header, no context word
        return "zh", build(*table([[("PERSON", g.zh_name()), ("CN_PASSPORT", g.passport()), ("CN_MOBILE", g.mobile("plain")), g.pick(("已审核", "待出行", "已出票"))]]))
    if form == 2:
        rows = [["Name", "Email", "Phone"]] + [[("PERSON", nm := g.en_name()), ("EMAIL_ADDRESS", g.email(nm)), ("PHONE_NUMBER", g.us_phone())] for _ in range(n)]
        return "en", build(*table(rows))
    if form == 3:
        rows = [["Owner", "Device", "MAC"]] + [[("PERSON", g.en_name()), g.pick(("laptop", "phone", "tablet", "printer")), ("MAC_ADDRESS", g.mac())] for _ in range(n)]
        return "en", build(*table(rows))
    rows = [["姓名", "出生日期", "QQ"]] + [[("PERSON", g.zh_name()), ("DATE_OF_BIRTH", g.dob("zh")), ("QQ_NUMBER", g.qq())] for _ in range(n)]
    return "zh", build(*table(rows))


def p_csv(g: Gen):
    form = g.rng.randrange(4)
    if form == 0:
        rows = [["name", "email", "ssn"]] + [[("PERSON", nm := g.en_name()), ("EMAIL_ADDRESS", g.email(nm)), ("US_SSN", g.ssn())] for _ in range(g.rng.randrange(2, 4))]
        return "en", build(*table(rows, sep=",", md=False))
    if form == 1:  # one data row, no header
        return "zh", build(*table([[("PERSON", g.zh_name()), ("CN_MOBILE", g.mobile("plain")), ("CN_PASSPORT", g.passport()), g.pick(("北京", "上海", "广州"))]], sep=",", md=False))
    if form == 2:
        return "en", build(*table([[str(g.rng.randrange(100, 999)), ("PERSON", g.en_name()), ("LOCATION", g.en_address()), ("PHONE_NUMBER", g.us_phone())]], sep="\t", md=False))
    rows = [["姓名", "卡号", "开户行"]] + [[("PERSON", g.zh_name()), ("BANK_CARD", g.card(grouped=False)), g.pick(("工商银行", "建设银行", "招商银行"))] for _ in range(2)]
    return "zh", build(*table(rows, sep=",", md=False))


def p_form(g: Gen):
    if g.chance(0.5):
        pieces = ["姓名：", ("PERSON", g.zh_name()), "\n性别：", g.pick("男女"), "\n出生日期：", ("DATE_OF_BIRTH", g.dob("zh"))]
        if g.chance(0.5):
            pieces += ["\n身份证号：", ("CN_RESIDENT_ID", g.resident_id())]
        pieces += ["\nQQ：", ("QQ_NUMBER", g.qq())] if g.chance(0.5) else ["\n手机：", ("CN_MOBILE", g.mobile())]
        pieces += ["\n住址：", ("LOCATION", g.zh_address())]
        return "zh", build(*pieces)
    pieces = ["Full name: ", ("PERSON", g.en_name(middle=g.chance(0.3))), "\nDate of birth: ", ("DATE_OF_BIRTH", g.dob("en")), "\nSSN: ", ("US_SSN", g.ssn())]
    pieces += ["\nAddress: ", ("LOCATION", g.en_address())]
    return "en", build(*pieces)


def p_code(g: Gen):
    form = g.rng.randrange(6)
    if form == 0:
        return "en", build('customer = Customer(name="', ("PERSON", g.en_name()), '", email="', ("EMAIL_ADDRESS", g.email()), '", ssn="', ("US_SSN", g.ssn()), '")')
    if form == 1:
        nm = g.en_name()
        return "en", build("INSERT INTO users (full_name, email, dob) VALUES ('", ("PERSON", nm), "', '", ("EMAIL_ADDRESS", g.email(nm)), "', '",
                           ("DATE_OF_BIRTH", g.birth_date().isoformat()), "');")
    if form == 2:
        return "en", build('ALLOWED_MACS = ["', ("MAC_ADDRESS", g.mac()), '", "', ("MAC_ADDRESS", g.mac()), '"]  # lab printers')
    if form == 3:
        return "zh", build("# 联系人：", ("PERSON", g.zh_name()), " ", ("CN_MOBILE", g.mobile("plain")), "\nTIMEOUT = 30")
    if form == 4:
        return "en", build("test_user:\n  name: ", ("PERSON", g.en_name()), "\n  email: ", ("EMAIL_ADDRESS", g.email()), "\n  phone: '", ("PHONE_NUMBER", g.us_phone()), "'")
    return "zh", build('assert mask(user) == mask({"name": "', ("PERSON", g.zh_name()), '", "id_card": "', ("CN_RESIDENT_ID", g.resident_id()), '"})')


def p_chat(g: Gen):
    form = g.rng.randrange(6)
    if form == 0:
        return "zh", build("客服：请提供一下您的QQ号，方便我们联系。\n用户：我的QQ是", ("QQ_NUMBER", g.qq()), "，手机", ("CN_MOBILE", g.mobile()))
    if form == 1:
        return "zh", build("[10:", f"{g.rng.randrange(10, 59)}", "] 用户：卡号是", ("BANK_CARD", g.card()), "，户名", ("PERSON", g.zh_name()))
    if form == 2:
        agent, user = g.en_name(), g.en_name()
        return "en", build(("PERSON", agent), ": Thanks for waiting. Can you confirm your date of birth?\n", ("PERSON", user), ": Sure, it's ", ("DATE_OF_BIRTH", g.dob("en")), ".")
    if form == 3:
        return "en", build("user: my SSN is ", ("US_SSN", g.pick((g.ssn(), g.ssn(), "123-45-6789"))), " and I moved to ", ("LOCATION", g.en_address()))
    if form == 4:
        return "zh", build("A：你生日是哪天？\nB：", ("DATE_OF_BIRTH", g.dob("zh")), "，到时候请你吃饭")
    return "zh", build("群聊 @", ("PERSON", g.zh_name()), " 把文件发我邮箱 ", ("EMAIL_ADDRESS", g.email()), " 吧，或者加我扣扣", ("QQ_NUMBER", g.qq()))


def p_ticket(g: Gen):
    form = g.rng.randrange(4)
    tid = g.rng.randrange(10000, 99999)
    if form == 0:
        nm = g.en_name()
        return "en", build(f"Ticket #{tid} | Reporter: ", ("PERSON", nm), " <", ("EMAIL_ADDRESS", g.email(nm)), "> | Device MAC ", ("MAC_ADDRESS", g.mac()), " | Status: open")
    if form == 1:
        return "zh", build(f"工单{tid}：用户", ("PERSON", g.zh_name()), "反映无法登录，登录IP ", ("IP_ADDRESS", g.ip()), "，回访电话", ("CN_MOBILE", g.mobile()))
    if form == 2:
        return "en", build(f"JIRA-{tid} assignee: ", ("PERSON", g.en_name()), "; customer callback ", ("PHONE_NUMBER", g.us_phone()), "; priority P2")
    return "zh", build(f"【工单 {tid}】车主", ("PERSON", g.zh_name()), "，车牌", ("CN_LICENSE_PLATE", g.plate()), "，投诉停车场扣费异常")


def p_prose(g: Gen):
    form = g.rng.randrange(7)
    if form == 0:
        return "zh", build("我同事", ("PERSON", g.en_name()), "住在", ("LOCATION", g.en_address()), "，他的SSN是", ("US_SSN", g.ssn()), "。")
    if form == 1:
        return "zh", build("请把合同寄给", ("PERSON", g.zh_name()), "，地址：", ("LOCATION", g.zh_address()), "，电话", ("CN_MOBILE", g.mobile()), "。")
    if form == 2:
        return "zh", build("他的生日是", ("DATE_OF_BIRTH", g.dob("zh")), "，QQ号", ("QQ_NUMBER", g.qq()), "，有事可以找他。")
    if form == 3:
        return "en", build("Please forward the invoice to ", ("PERSON", g.en_name()), " at ", ("LOCATION", g.en_address()), " before Friday.")
    if form == 4:
        return "en", build(("PERSON", g.en_name()), " was born on ", ("DATE_OF_BIRTH", g.dob("en")), " and works in our Denver office.")
    if form == 5:
        return "zh", build("出差名单里", ("PERSON", g.zh_name()), "的护照号是", ("CN_PASSPORT", g.passport()), "，记得订票。")
    return "zh", build("Hi team，新来的实习生", ("PERSON", g.en_name()), "，邮箱", ("EMAIL_ADDRESS", g.email()), "，DOB ", ("DATE_OF_BIRTH", g.birth_date().isoformat()), "。")


def p_list(g: Gen):
    form = g.rng.randrange(3)
    if form == 0:
        names = [g.zh_name() for _ in range(g.rng.randrange(2, 5))]
        pieces = ["值班表："]
        for nm in names:
            pieces += ["\n- ", ("PERSON", nm)]
        return "zh", build(*pieces)
    if form == 1:
        names = [g.en_name() for _ in range(g.rng.randrange(2, 4))]
        pieces = ["Attendees: "]
        for i, nm in enumerate(names):
            pieces += [", " if i else "", ("PERSON", nm)]
        return "en", build(*pieces)
    names = [g.zh_name() for _ in range(3)]
    return "zh", build("参会人员：", ("PERSON", names[0]), "、", ("PERSON", names[1]), "、", ("PERSON", names[2]), "。")


def p_misc_ids(g: Gen):
    form = g.rng.randrange(4)
    if form == 0:
        return "zh", build("收款账户：", ("BANK_CARD", g.card()), "（", g.pick(("工商银行", "建设银行")), "）")
    if form == 1:
        return "zh", build("身份证：", ("CN_RESIDENT_ID", g.resident_id()), "；座机：", ("PHONE_NUMBER", g.landline()))
    if form == 2:
        return "en", build("card_number=", ("BANK_CARD", g.card(grouped=False)), " exp=", f"{g.rng.randrange(1, 13):02d}/{g.rng.randrange(26, 31)}")
    return "zh", build("他的MAC地址是", ("MAC_ADDRESS", g.mac()), "，已经加入白名单。")


POSITIVE = {"kv_log": (p_kv_log, 60), "json_log": (p_json_log, 55), "md_table": (p_md_table, 65), "csv": (p_csv, 50), "form": (p_form, 55),
            "code": (p_code, 50), "chat": (p_chat, 55), "ticket": (p_ticket, 40), "prose": (p_prose, 55), "list": (p_list, 20),
            "ids": (p_misc_ids, 15)}

# ----------------------------------------------------------------------------------------------------
# hard negatives: no personal data at all
# ----------------------------------------------------------------------------------------------------

ZH_ORDINARY = (
    "会议时间都调到下午三点了，大家注意。", "班里的同学都要上晚自习。", "三国时期吴蜀两国结成联盟对抗曹魏。", "作业都还没写完，明天再说吧。",
    "下周大家都要上班，别安排出游。", "高兴的是这次考试全班都及格了。", "林业局发布了今年的防火通知。", "这个月的金额已经结清。",
    "马上就到截止时间了，抓紧提交。", "钱包落在出租车上了，还好找回来了。", "方便的话下午打个电话给前台。", "石头剪刀布，三局两胜。",
    "江边的风很大，多穿点衣服。", "常常有人问这个问题，我们写了一份说明。", "向前走两百米就是地铁站。", "于是大家决定周末一起去爬山。",
    "和平年代也要居安思危。", "时间过得真快，又到年底了。", "黄金周期间景区人很多。", "白天气温二十度左右，晚上降温。",
    "周末加班的同事可以调休。", "王者荣耀新赛季今天开始。", "金融科技是今年的热门方向。", "孙子兵法里讲知己知彼。",
    "邓小平理论是考试重点之一。", "宋词里有很多描写秋天的句子。", "唐诗三百首是孩子们的启蒙读物。", "朱砂在古代用作颜料。",
    "包子铺门口排起了长队。", "毛衣要手洗，不能机洗。", "车主们都在讨论新出的停车政策。", "路边的花都开了。",
    "都说这家店的面好吃，排队的人很多。", "海上升明月，天涯共此时。", "文件都放在共享盘里了。", "明天都要交报告，今晚得加班。",
    "余下的工作交给下一班处理。", "成都的火锅和重庆的不太一样。", "安全第一，预防为主。", "万一下雨就改到室内。",
    "向日葵朝着太阳转。", "曹操的故事在三国演义里写得很精彩。", "关羽过五关斩六将。", "岳阳楼记是中学课文。",
    "华为和小米都发布了新手机。", "雷雨天气请勿在树下避雨。", "江湖上流传着他的故事。", "程序员都在修这个bug。",
    "康复训练需要坚持三个月。", "施工期间请绕行。", "汤圆要煮到浮起来。", "谢谢大家的支持！", "陆续有同学到了。",
    "邱比特之箭是个老梗。", "尤其是周一早上堵车严重。", "宁可慢一点也要做对。", "申请材料都交齐了吗？", "董事会下周开会。",
    "潘多拉的盒子不能打开。", "段落之间空一行。", "单位组织体检，时间另行通知。", "干杯！祝大家新年快乐。",
)
EN_ORDINARY = (
    "Customer Success Team will review the quarterly numbers on Monday.", "The Grand Central Station renovation is behind schedule.",
    "Release Notes for version 4.2 are in the wiki.", "Happy New Year from the Product Design Group!", "See the Getting Started Guide before installing.",
    "North America Sales beat the target this quarter.", "Meeting Room Booking is now handled by the Front Desk.", "Summer Sale ends Sunday at midnight.",
    "The Terms Of Service were updated last week.", "Please read the Employee Handbook and the Travel Policy.", "Black Friday Deals start early this year.",
    "Data Protection Officer duties are listed in Annex B.", "Grace Period for payments is fourteen days.", "Machine Learning Platform migration is complete.",
)


def n_order(g: Gen):
    lang = g.pick(("zh", "en"))
    number = g.order_number()
    if lang == "zh":
        return "zh", build(g.pick(("订单号", "订单编号：", "流水号", "交易单号 ")), number, g.pick(("已发货。", "，请核对。", "的退款已受理。")))
    return "en", build(g.pick(("order_id=", "Order #", "invoice no. ", "ref ")), number, g.pick((" shipped", " status=paid", " refunded")))


def n_tracking(g: Gen):
    if g.chance(0.5):
        return "zh", build("快递单号", g.tracking(), "，预计", g.other_date("zh"), "送达。")
    return "en", build("Tracking number ", g.tracking(), " - out for delivery on ", g.other_date("en"), ".")


def n_bad_checksum(g: Gen):
    form = g.rng.randrange(5)
    if form == 0:
        return "zh", build("银行卡号", g.card(valid=False), "校验失败，请重新输入。")
    if form == 1:
        return "zh", build("身份证号", g.resident_id(valid=False), "格式不正确。")
    if form == 2:
        return "en", build("card=", g.card(valid=False, grouped=False), " rejected: luhn check failed")
    if form == 3:
        return "zh", build("| 卡号 | 状态 |\n|---|---|\n| ", g.card(valid=False), " | 无效 |")
    return "zh", build('{"id_card": "', g.resident_id(valid=False), '", "valid": false}')


def n_hotline(g: Gen):
    if g.chance(0.6):
        return "zh", build(g.pick(("客服热线", "全国服务热线：", "投诉请拨打", "热线电话 ")), g.hotline("zh"), g.pick(("，工作日9:00-18:00。", "。", "（免长途费）")))
    return "en", build(g.pick(("Call our toll-free hotline ", "Support line: ", "For billing questions call ")), g.hotline("en"), g.pick((" (24/7).", ".", ", option 2.")))


def n_hash(g: Gen):
    form = g.rng.randrange(5)
    if form == 0:
        return "en", build("sha256: ", g.hexhash(64))
    if form == 1:
        return "en", build(f"commit {g.hexhash(40)}\nAuthor-Date: {g.timestamp()}\n\n    Fix flaky test")
    if form == 2:
        return "en", build('{"request_id": "', g.uuid(), '", "duration_ms": ', str(g.rng.randrange(3, 2000)), ', "status": 200}')
    if form == 3:
        return "en", build("Host key fingerprint is MD5:", g.fingerprint())
    return "en", build(f"{g.timestamp()} INFO route added dst=", g.ipv6(), f"/64 metric={g.rng.randrange(1, 100)}")


def n_dates(g: Gen):
    form = g.rng.randrange(5)
    if form == 0:
        return "zh", build("发货日期：", g.other_date("zh"), "，截止日期：", g.other_date("zh"))
    if form == 1:
        return "en", build("created_at=", g.other_date("en").replace("/", "-"), " updated_at=", g.timestamp())
    if form == 2:
        return "zh", build("项目在", g.other_date("zh"), "上线，", g.other_date("zh"), "验收。")
    if form == 3:
        return "en", build("The contract expires on ", g.other_date("en"), "; renewal notice is due 30 days earlier.")
    return "zh", build("| 日期 | 销量 |\n|---|---|\n| ", g.other_date("zh"), f" | {g.rng.randrange(10, 999)} |")


def n_zh_words(g: Gen):
    a = g.pick(ZH_ORDINARY)
    if g.chance(0.3):
        b = g.pick(ZH_ORDINARY)
        return "zh", build(a + b)
    return "zh", build(a)


def n_en_words(g: Gen):
    return "en", build(g.pick(EN_ORDINARY))


def n_tables(g: Gen):
    form = g.rng.randrange(4)
    if form == 0:
        rows = [["SKU", "品名", "库存"]] + [[g.pick("EG") + g.digits(8), g.pick(("保温杯", "数据线", "笔记本", "雨伞")), str(g.rng.randrange(0, 500))] for _ in range(2)]
        return "zh", build(*table(rows))
    if form == 1:
        rows = [["region", "orders", "revenue"]] + [[g.pick(("North", "South", "East", "West")), str(g.rng.randrange(100, 9999)), f"{g.rng.randrange(1000, 99999)}.00"] for _ in range(3)]
        return "en", build(*table(rows, sep=",", md=False))
    if form == 2:
        rows = [["城市", "门店", "营业时间"]] + [[g.pick(("北京", "上海", "深圳")), g.pick(("国贸店", "徐家汇店", "科技园店")), "10:00-22:00"] for _ in range(2)]
        return "zh", build(*table(rows))
    return "en", build(*table([["Status", "Count"], ["Open", str(g.rng.randrange(1, 99))], ["Closed", str(g.rng.randrange(1, 999))]]))


def n_numbers(g: Gen):
    form = g.rng.randrange(6)
    if form == 0:
        return "zh", build("QQ群号", g.qq(), "，欢迎加入技术交流群。")
    if form == 1:
        return "zh", build("工号", g.qq(), "的同事请到三楼领取工牌。")
    if form == 2:
        return "en", build("Part No. ", g.ssn(), " is out of stock.")
    if form == 3:
        return "en", build("Broadcast frames go to ff:ff:ff:ff:ff:ff; the default gateway is unset (00:00:00:00:00:00).")
    if form == 4:
        return "zh", build("型号", g.pick("EG") + g.digits(8), "的配件已停产。")
    return "en", build(f"{g.timestamp()} INFO job=nightly-backup user_id={g.rng.randrange(1000, 99999)} files={g.rng.randrange(1, 99999)} took={g.rng.randrange(1, 999)}s")


def n_kv(g: Gen):
    if g.chance(0.5):
        return "en", build(f"{g.timestamp()} WARN cache miss key=session:{g.hexhash(12)} ttl=300 node=cache-{g.rng.randrange(1, 9)}")
    return "zh", build(f"{g.timestamp()} INFO 任务完成 task_id={g.digits(12)} 耗时={g.rng.randrange(1, 999)}ms 状态=成功")


NEGATIVE = {"order": (n_order, 30), "tracking": (n_tracking, 20), "bad_checksum": (n_bad_checksum, 35), "hotline": (n_hotline, 25),
            "hash": (n_hash, 25), "dates": (n_dates, 25), "zh_words": (n_zh_words, 50), "en_words": (n_en_words, 12),
            "tables": (n_tables, 20), "numbers": (n_numbers, 25), "kv": (n_kv, 10)}


def check(row: dict) -> None:
    for e in row["entities"]:
        assert row["text"][e["start"] : e["end"]] == e["value"], row
    if row["kind"] == "hard_negative":
        assert row["entities"] == [], row


def main() -> int:
    g = Gen(SEED)
    rows = []
    for kind, shapes in (("positive", POSITIVE), ("hard_negative", NEGATIVE)):
        for shape, (make, count) in shapes.items():
            seen = set()
            made = 0
            tries = 0
            while made < count and tries < 50 * count:
                tries += 1
                lang, (text, entities) = make(g)
                if text in seen:
                    continue
                seen.add(text)
                made += 1
                rows.append({"lang": lang, "shape": shape, "kind": kind, "text": text, "entities": entities})
    random.Random(SEED).shuffle(rows)
    with (HERE / "dev.jsonl").open("w", encoding="utf-8") as out:
        for i, row in enumerate(rows):
            row = {"id": f"rs-dev-{i + 1:04d}", **row}
            check(row)
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"dev.jsonl: {len(rows)} lines, {sum(r['kind'] == 'hard_negative' for r in rows)} hard negatives", file=sys.stderr)
    write_real_prompts()
    return 0


def write_real_prompts() -> None:
    """300 Flames prompts and 300 JADE questions (public Chinese prompt sets), for masking precision."""
    base = _realdata()
    if base is None:
        print("shared/realdata not found: realprompts.jsonl left as it is", file=sys.stderr)
        return
    rows = []
    with (base / "Flames_1k_Chinese.jsonl").open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= 300:
                break
            rows.append({"id": f"flames-{i + 1:04d}", "source": "Flames_1k_Chinese", "text": json.loads(line)["prompt"]})
    # jade-db-v1.0's Chinese file holds 150 questions; the next 150 come from v2.0's easy set.
    jade = 0
    for version, name in (("v1.0", "jade_benchmark_zh.csv"), ("v2.0", "jade_benchmark_easy_zh.csv")):
        with (base / "jade" / f"jade-db-{version}" / name).open(encoding="utf-8", newline="") as f:
            for rec in csv.DictReader(f):
                if jade >= 300:
                    break
                jade += 1
                rows.append({"id": f"jade-{version}-{rec['ID']}", "source": f"jade {version} {name}", "text": rec["问题"]})
    with (HERE / "realprompts.jsonl").open("w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"realprompts.jsonl: {len(rows)} prompts", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
