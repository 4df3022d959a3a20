#!/usr/bin/env python3
"""Deterministic generator for pii_realshapes_dev2 (writes dev2.jsonl).

Seed 20261204.  Dependencies: stdlib, Faker, python-stdnum (plus the sibling
validate.py, whose scanners are used to reject any draw that would put an
unlabelled PII-shaped string into a line).

Each template is a function that writes one line through a span-tracking
builder, so offsets are correct by construction.
"""
import datetime
import json
import os
import random
import string
import sys
import uuid

from faker import Faker
from stdnum import luhn
from stdnum.cn import ric, uscc

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import validate  # noqa: E402

SEED = 20261204
N_TOTAL = 900
QUOTA = {"positive": 450, "hard_negative": 360, "negative": 90}

P, LOC, MOB, RID, CARD, USCC = ("PERSON", "LOCATION", "CN_MOBILE", "CN_RESIDENT_ID",
                                "BANK_CARD", "CN_USCC")
PASS, PLATE, EMAIL, PHONE, SSN = ("CN_PASSPORT", "CN_LICENSE_PLATE", "EMAIL_ADDRESS",
                                  "PHONE_NUMBER", "US_SSN")
IP, QQ, MAC, DOB = "IP_ADDRESS", "QQ_NUMBER", "MAC_ADDRESS", "DATE_OF_BIRTH"


# =========================================================== builder
class B:
    def __init__(self):
        self.buf, self.n, self.spans, self.traps = [], 0, [], []

    def __call__(self, *parts):
        for p in parts:
            p = str(p)
            self.buf.append(p)
            self.n += len(p)
        return self

    def e(self, typ, val):
        self.spans.append({"start": self.n, "end": self.n + len(val), "type": typ, "value": val})
        return self(val)

    def tr(self, tag, val):
        self.tag(tag)
        return self(val)

    def tag(self, *tags):
        for t in tags:
            if t not in self.traps:
                self.traps.append(t)
        return self

    def put(self, v):
        if isinstance(v, Ent):
            self.e(v.typ, v.val)
        elif isinstance(v, Trap):
            self.tr(v.tag, v.val)
        else:
            self(v)
        return self

    @property
    def text(self):
        return "".join(self.buf)


class Ent:
    def __init__(self, typ, val):
        self.typ, self.val = typ, val


class Trap:
    def __init__(self, tag, val):
        self.tag, self.val = tag, val


class Raw(str):
    """Unquoted JSON literal (number / bool / null)."""


def sval(v):
    return v.val if isinstance(v, (Ent, Trap)) else str(v)


# =========================================================== data pools
ZH_REGIONS = [
    ("北京市", "", "朝阳区"), ("北京市", "", "海淀区"), ("北京市", "", "东城区"), ("北京市", "", "西城区"),
    ("北京市", "", "丰台区"), ("上海市", "", "浦东新区"), ("上海市", "", "徐汇区"), ("上海市", "", "静安区"),
    ("上海市", "", "黄浦区"), ("上海市", "", "长宁区"), ("广东省", "广州市", "天河区"), ("广东省", "深圳市", "南山区"),
    ("广东省", "深圳市", "福田区"), ("广东省", "广州市", "越秀区"), ("浙江省", "杭州市", "西湖区"),
    ("浙江省", "杭州市", "滨江区"), ("江苏省", "南京市", "鼓楼区"), ("江苏省", "苏州市", "姑苏区"),
    ("四川省", "成都市", "武侯区"), ("四川省", "成都市", "锦江区"), ("湖北省", "武汉市", "洪山区"),
    ("陕西省", "西安市", "雁塔区"), ("山东省", "青岛市", "市南区"), ("天津市", "", "和平区"),
    ("重庆市", "", "渝中区"), ("湖南省", "长沙市", "岳麓区"), ("福建省", "厦门市", "思明区"),
    ("河南省", "郑州市", "金水区"), ("辽宁省", "沈阳市", "和平区"), ("云南省", "昆明市", "五华区"),
]
ZH_ROADS = ["建国路", "中关村大街", "望京街", "朝阳北路", "学院路", "知春路", "南京西路", "淮海中路",
            "漕溪北路", "世纪大道", "张杨路", "天河路", "体育西路", "深南大道", "科技南十二路", "滨海大道",
            "文三路", "西湖大道", "江南大道", "中山北路", "汉中路", "人民南路", "天府大道", "珞喻路",
            "解放大道", "长安南路", "小寨东路", "香港中路", "解放西路", "麓山南路", "湖滨南路", "花园路",
            "中山路", "三好街", "和平里北街", "东四十条", "五一路", "延安西路", "南锣鼓巷", "幸福大街"]
ZH_ESTATES = ["阳光花园", "万科城市花园", "华润二十四城", "保利中央公馆", "碧桂园", "绿地中心", "金地格林小镇",
              "融创壹号院", "新城国际", "翠湖苑", "锦绣家园", "东方曼哈顿", "龙湖时代天街", "紫荆苑"]
ZH_TOWERS = ["汇智大厦", "国贸写字楼", "科技园", "创业大厦", "中心大厦", "金融广场"]
PY_ROADS = ["Jianguo Road", "Zhongguancun Street", "Nanjing West Road", "Huaihai Middle Road",
            "Century Avenue", "Tianhe Road", "Shennan Avenue", "Wensan Road", "Tianfu Avenue",
            "Luoyu Road", "Zhongshan North Road", "Xueyuan Road", "Zhichun Road", "Renmin South Road",
            "Jiefang Avenue", "Wangjing Street"]
PY_DIST = [("Chaoyang District", "Beijing", "1000"), ("Haidian District", "Beijing", "1000"),
           ("Xuhui District", "Shanghai", "2000"), ("Jing'an District", "Shanghai", "2000"),
           ("Pudong New Area", "Shanghai", "2001"), ("Tianhe District", "Guangzhou", "5106"),
           ("Nanshan District", "Shenzhen", "5180"), ("Xihu District", "Hangzhou", "3100"),
           ("Wuhou District", "Chengdu", "6100"), ("Hongshan District", "Wuhan", "4300")]
US_STREETS = ["Main St", "Oak Avenue", "Market Street", "Elm Street", "Maple Ave", "Sunset Blvd",
              "Mission St", "Broadway", "5th Avenue", "Lake Shore Drive", "Pine St", "Cedar Lane",
              "Washington Ave", "Peachtree Rd NE", "Congress Ave", "Valencia St", "Lincoln Way",
              "Park Place", "Hillcrest Road", "Willow Creek Dr"]
US_CITIES = [("San Francisco", "CA", "941"), ("Springfield", "IL", "627"), ("Austin", "TX", "787"),
             ("Seattle", "WA", "981"), ("Chicago", "IL", "606"), ("Brooklyn", "NY", "112"),
             ("Boston", "MA", "021"), ("Denver", "CO", "802"), ("Atlanta", "GA", "303"),
             ("Portland", "OR", "972"), ("Columbus", "OH", "432"), ("Miami", "FL", "331"),
             ("San Jose", "CA", "951"), ("Madison", "WI", "537")]
COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官", "慕容", "东方", "皇甫", "令狐", "司徒", "夏侯", "尉迟", "公孙"]
RIC_REGIONS = ["110101", "110102", "110105", "110106", "110108", "310101", "310104", "310105",
               "310110", "310115", "440103", "440104", "440106", "440305", "440304", "330102",
               "330106", "330108", "320102", "320106", "510104", "510107", "420102", "420106",
               "610103", "610113", "370202", "210102", "500103", "120101", "350203", "430102",
               "410105", "530102", "130102", "140105", "220102", "230103", "340102", "360102",
               "450103", "460105", "520102", "620102", "650102"]
UP_BINS = ["622202", "622848", "621700", "622588", "621483", "622700", "623058", "621661",
           "622609", "621226", "622622", "625807"]
VISA_BINS = ["411111", "427020", "438088", "453998", "462263", "476134", "491747"]
MC_BINS = ["512345", "520082", "532610", "545616", "554906"]
MOBILE_PFX = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
              "155", "156", "157", "158", "159", "166", "173", "176", "177", "180", "181", "182",
              "185", "186", "187", "188", "189", "191", "198", "199"]
CN_AREA3 = ["010", "020", "021", "022", "023", "024", "025", "027", "028", "029"]
CN_AREA4 = ["0755", "0571", "0512", "0532", "0731", "0871", "0591", "0351", "0431", "0451",
            "0531", "0551", "0371", "0771", "0898", "0769", "0757", "0592"]
US_AREAS = ["212", "213", "206", "202", "303", "305", "312", "404", "415", "512", "617", "646",
            "702", "713", "718", "773", "818", "919", "503", "602", "614", "917", "470", "480",
            "347", "201", "508", "720", "408", "510", "650", "971"]
PROVS = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
MONTHS = validate.MONTHS
EMAIL_DOMAINS = ["163.com", "126.com", "gmail.com", "outlook.com", "foxmail.com", "sina.com",
                 "yahoo.com", "hotmail.com", "example.com", "icloud.com", "proton.me"]

SURNAME_WORDS = [
    "今天大家都很高兴，常常加班的同事也准时下班了。",
    "金额核对无误后，方法说明已经放进共享盘。",
    "他张开双臂，白天的疲惫马上就消失了，于是继续向前走。",
    "石头堆在江边，文件都调到了新的目录里。",
    "班里的同学都还没交作业，老师说明天都要上交。",
    "孙子最喜欢吃胡萝卜，刘海剪得有点短。",
    "高速公路上车很多，常规检查安排在白天。",
    "钱包里只剩一点零钱，周末再去银行取。",
    "黄金价格上涨，林业部门发布了防火通知。",
    "宋体字号调大一点，方便老人阅读。",
    "何必着急？许多问题明天再说。",
    "朱红色的大门前，马路两边种满了杨树。",
    "江水很急，石桥旁边的柳树都发芽了。",
    "王牌产品卖得很好，司机师傅也来买。",
    "常用的方法是先把金额四舍五入。",
    "于是他马上打开文件，向前翻了三页。",
    "白天很热，晚上江边很凉快。",
    "高手过招，胜负往往就在一瞬间。",
    "关于费用的问题，方便的时候再聊。",
    "毕业以后，他常常回到母校看望老师。",
    "安全第一，严禁在仓库内吸烟。",
    "温度计显示三十度，雷雨马上就要来了。",
    "苗圃里的花都开了，蓝天白云很漂亮。",
    "曾经的方案被否了，余下的工作量不小。",
    "任何人都可以提意见，龙头企业也不例外。",
    "陆续有人到场，齐声唱起了生日歌。",
    "江边的石头被冲得很圆，孙子捡了好几块。",
    "向前走两百米就是邮局，都还没开门。",
]
IDIOMS = [
    "这次竞聘他毛遂自荐，领导很欣赏。",
    "别东施效颦，照搬别人的方案不一定适合我们。",
    "说曹操曹操就到，刚提到物流部门，他们的电话就打来了。",
    "用田忌赛马的思路安排出场顺序，胜算更大。",
    "对手降价的意图是司马昭之心，路人皆知。",
    "嘴上说支持创新，其实是叶公好龙。",
    "写了三年专栏，现在有点江郎才尽的感觉。",
    "士别三日当刮目相看，他早已不是吴下阿蒙。",
    "孟母三迁的故事说明环境很重要。",
    "这批货物完璧归赵，客户很满意。",
    "在专家面前讲这个，有点班门弄斧。",
    "这次改版项庄舞剑，意在沛公。",
    "团队卧薪尝胆两年，终于拿下了这个项目。",
    "三顾茅庐才请到这位顾问。",
    "做事要有愚公移山的精神。",
    "他负荆请罪，主动承担了延误的责任。",
    "塞翁失马焉知非福，这次延期未必是坏事。",
    "纸上谈兵解决不了现场的问题。",
]
CAPITALISED = [
    "See you on Monday; the May release ships after the Grace period ends.",
    "Open Bill Payment, then Mark the task as done.",
    "We rewrote the parser in Python and deployed it to Lambda on Friday.",
    "Ask Siri or Alexa to set a reminder for the Lincoln Center show.",
    "He bought Air Jordan sneakers at the Mall of America.",
    "The Grace period for Autopay ends in June.",
    "Please Review and Approve the Change Request before Tuesday.",
    "Turn on Dark Mode in Settings, then tap Save Changes.",
    "Our Jenkins pipeline calls Docker Compose before the Smoke Test stage.",
    "Happy New Year from the Customer Success team!",
    "Tesla Model Y and the Ford Ranger are parked on Level B2.",
    "The Ritz-Carlton, Marriott and Hilton rates were compared in April.",
    "Johnson & Johnson shares rose on Wednesday.",
    "Apple Pay, Google Wallet and Samsung Pay are accepted at Checkout.",
    "Chrome crashed right after the Windows Update on Patch Tuesday.",
    "Mark the task as Blocked until Legal signs off in August.",
    "Dear Valued Customer, your Premium Plan renews on Sunday.",
    "Rust, Go and Java services all report to Grafana Cloud.",
]
CITY_ONLY_ZH = [
    "下周去北京出差，周三回上海。", "我们在深圳和杭州都有仓库。", "航班从浦东机场起飞，落地首都机场。",
    "广东省的客户比较多，江苏省次之。", "朝阳区和海淀区的门店周末营业。", "她从美国回来以后一直在成都工作。",
    "这批货从义乌发往广州。", "国庆假期打算去西安和洛阳转转。", "总部在上海，研发中心在南京。",
    "周末带孩子去了外滩和东方明珠。", "天安门广场附近交通管制。", "西湖边人很多，断桥上几乎走不动。",
]
CITY_ONLY_EN = [
    "The Beijing office will close early on Friday.", "Her flight to Shanghai was delayed again.",
    "Our team in Chengdu and the Guangzhou branch joined the call.",
    "Shipping to California, Texas and New York is free.", "We met near Times Square after the keynote.",
    "The Shenzhen factory and the Hangzhou lab share one VPN.", "He moved from Seattle to Boston last year.",
    "Photos from the Golden Gate Bridge and Central Park are in the shared album.",
]
COMPANIES_ZH = ["北京字节跳动科技有限公司", "上海浦东发展银行", "深圳市腾讯计算机系统有限公司",
                "杭州阿里巴巴网络技术有限公司", "成都天府软件园有限公司", "广州地铁集团有限公司",
                "武汉光谷创新投资有限公司", "南京银行股份有限公司"]
COMPANIES_EN = ["Beijing Capital Airlines", "Shanghai Pudong Development Bank", "Bank of America",
                "Shenzhen Airlines", "Boston Scientific", "Chicago Bridge & Iron"]
PLATE_LIKE = ["沪深300指数今天上涨了1.2%。", "京津冀地区的空气质量明显好转。", "这只京A股今天涨停了。",
              "沪深300成分股下月调整。", "京津冀协同发展规划发布。", "关注京A股和沪深300的联动。"]

# =========================================================== generators


class Clock:
    def __init__(self, g, h0=8, h1=20):
        self.t = g.ri(h0 * 60, h1 * 60)  # minutes since midnight
        self.g = g

    def hm(self):
        self.t += self.g.ri(0, 7)
        h, m = divmod(self.t, 60)
        return (h % 24, m)

    def pm(self):
        h, m = self.hm()
        return ((h - 1) % 12 + 1, m)


class Gen:
    def __init__(self, seed):
        self.r = random.Random(seed)
        self.fz = Faker("zh_CN")
        self.fz.seed_instance(seed)
        self.fe = Faker("en_US")
        self.fe.seed_instance(seed + 1)

    # ---- basic helpers
    def ch(self, seq):
        return self.r.choice(seq)

    def ri(self, a, b):
        return self.r.randint(a, b)

    def p(self, x):
        return self.r.random() < x

    def digits(self, n, first_nonzero=True):
        s = str(self.ri(1, 9)) if first_nonzero else str(self.ri(0, 9))
        return s + "".join(str(self.ri(0, 9)) for _ in range(n - 1))

    def date(self, y0, y1):
        a = datetime.date(y0, 1, 1).toordinal()
        b = datetime.date(y1, 12, 31).toordinal()
        return datetime.date.fromordinal(self.ri(a, b))

    def fmt_date(self, d, lang, style=None):
        zh = ["iso", "zh", "slash", "dot", "compact"]
        en = ["long", "us", "dmy", "iso"]
        style = style or self.ch(zh if lang == "zh" else en)
        return {
            "iso": "%04d-%02d-%02d" % (d.year, d.month, d.day),
            "zh": "%d年%d月%d日" % (d.year, d.month, d.day),
            "slash": "%04d/%02d/%02d" % (d.year, d.month, d.day),
            "dot": "%04d.%02d.%02d" % (d.year, d.month, d.day),
            "compact": "%04d%02d%02d" % (d.year, d.month, d.day),
            "long": "%s %d, %d" % (MONTHS[d.month - 1], d.day, d.year),
            "us": "%02d/%02d/%04d" % (d.month, d.day, d.year),
            "dmy": "%d %s %d" % (d.day, MONTHS[d.month - 1][:3], d.year),
        }[style]

    # ---- PERSON
    def zh_name(self):
        x = self.r.random()
        if x < 0.14:
            return self.ch(COMPOUND_SURNAMES) + self.fz.first_name()
        return self.fz.name()

    def py_name(self):
        last, first = self.fz.last_romanized_name(), self.fz.first_romanized_name()
        return "%s %s" % (last, first) if self.p(0.5) else "%s %s" % (first, last)

    def en_name(self):
        return "%s %s" % (self.fe.first_name(), self.fe.last_name())

    def name(self, lang="zh"):
        if lang == "zh":
            return self.zh_name() if self.p(0.85) else self.py_name()
        if lang == "en":
            return self.en_name() if self.p(0.8) else self.py_name()
        return self.ch([self.zh_name, self.py_name, self.en_name])()

    # ---- LOCATION
    def zh_addr(self, style=None):
        prov, city, dist = self.ch(ZH_REGIONS)
        road = self.ch(ZH_ROADS)
        no = "%d号" % self.ri(1, 999)
        style = style if style is not None else self.ri(0, 6)
        if style == 0:
            return prov + city + dist + road + no
        if style == 1:
            return "%s%s%s%s%s%d栋%d单元%d室" % (city or prov, dist, road, no, self.ch(ZH_ESTATES),
                                           self.ri(1, 30), self.ri(1, 6), self.ri(1, 32) * 100 + self.ri(1, 8))
        if style == 2:
            return "%s%s%s%s%d层" % (dist, road, no, self.ch(ZH_TOWERS), self.ri(2, 40))
        if style == 3:
            return road + no
        if style == 4:
            return "%s%s%s%s院%d号楼%d单元%d" % (prov, dist, road, no, self.ri(1, 20), self.ri(1, 6),
                                          self.ri(1, 28) * 100 + self.ri(1, 6))
        if style == 5:
            return "%s%s%s%s%d号楼%d室" % (prov + city, dist, road, no, self.ri(1, 12),
                                      self.ri(1, 25) * 100 + self.ri(1, 9))
        return "%s%s%s%d弄%d号%d室" % (city or prov, dist, road, self.ri(1, 800), self.ri(1, 40),
                                    self.ri(1, 20) * 100 + self.ri(1, 4))

    def us_addr(self, full=None):
        s = "%d %s" % (self.ri(10, 9899), self.ch(US_STREETS) if self.p(0.8) else self.fe.street_name())
        if self.p(0.4):
            s += " %s %s" % (self.ch(["Apt", "Suite", "Unit", "Apt."]), self.ch([str(self.ri(1, 40)) + self.ch("ABCD"), str(self.ri(100, 2400))]))
        full = self.p(0.75) if full is None else full
        if full:
            c, st, z = self.ch(US_CITIES)
            s += ", %s, %s %s%02d" % (c, st, z, self.ri(1, 99))
        return s

    def py_addr(self):
        dist, city, z = self.ch(PY_DIST)
        head = ""
        x = self.ri(0, 3)
        if x == 0:
            head = "Room %d, " % (self.ri(1, 30) * 100 + self.ri(1, 9))
        elif x == 1:
            head = "Unit %d%s, Building %d, " % (self.ri(1, 30), self.ch("ABCD"), self.ri(1, 12))
        elif x == 2:
            head = "Flat %d, " % (self.ri(1, 30) * 100 + self.ri(1, 9))
        s = "%sNo. %d %s, %s, %s" % (head, self.ri(1, 399), self.ch(PY_ROADS), dist, city)
        if self.p(0.5):
            s += " %s%02d" % (z, self.ri(0, 99))
        if self.p(0.5):
            s += ", China"
        return s

    def addr(self, lang):
        if lang == "zh":
            return self.zh_addr()
        if lang == "en":
            return self.us_addr() if self.p(0.6) else self.py_addr()
        return self.ch([self.zh_addr, self.us_addr, self.py_addr])()

    # ---- numbers
    def ric(self, birth=None):
        for _ in range(200):
            d = birth or self.date(1956, 2006)
            body = self.ch(RIC_REGIONS) + d.strftime("%Y%m%d") + self.digits(3, False)
            n = body + ric.calc_check_digit(body + "0")
            if validate.ric_ok(n):
                return n
        raise RuntimeError("ric")

    def id_fail(self):
        if self.p(0.5):
            n = self.ric()
            bad = self.ch([c for c in "0123456789X" if c != n[-1]])
            return n[:-1] + bad
        y = self.ri(1960, 2004)
        md = self.ch(["%02d%02d" % (self.ri(13, 19), self.ri(1, 28)), "%02d%02d" % (self.ri(1, 12), self.ri(32, 39)),
                      "0230", "0431", "0631", "0931", "1131"])
        body = self.ch(RIC_REGIONS) + str(y) + md + self.digits(3, False)
        return body + ric.calc_check_digit(body + "0")

    def mobile(self, style=None):
        n = self.ch(MOBILE_PFX) + self.digits(8, False)
        style = style or self.ch(["plain"] * 4 + ["dash", "space", "p86", "p86d"])
        return {"plain": n, "dash": "%s-%s-%s" % (n[:3], n[3:7], n[7:]),
                "space": "%s %s %s" % (n[:3], n[3:7], n[7:]), "p86": "+86 " + n, "p86d": "+86-" + n}[style]

    def _card_digits(self, fail=False):
        k = self.ch(["up", "up", "up19", "visa", "mc"])
        bn = self.ch(UP_BINS if k.startswith("up") else VISA_BINS if k == "visa" else MC_BINS)
        ln = 19 if k == "up19" else 16
        body = bn + self.digits(ln - len(bn) - 1, False)
        ck = luhn.calc_check_digit(body)
        if fail:
            ck = str((int(ck) + self.ri(1, 9)) % 10)
        return body + ck

    def group4(self, d, sep):
        return sep.join(d[i:i + 4] for i in range(0, len(d), 4))

    def card(self, fail=False, style=None):
        d = self._card_digits(fail)
        style = style or self.ch(["plain", "plain", "space", "dash"])
        return d if style == "plain" else self.group4(d, " " if style == "space" else "-")

    def org_code(self):
        body = "".join(self.ch(string.digits) for _ in range(8))
        if self.p(0.15):
            i = self.ri(0, 7)
            body = body[:i] + self.ch("ABCDEFGHJKLMNPQRTUWXY") + body[i + 1:]
        w = (3, 7, 9, 10, 5, 8, 4, 2)
        vals = [int(c) if c.isdigit() else ord(c) - 55 for c in body]
        r = 11 - sum(a * b for a, b in zip(vals, w)) % 11
        return body + ("X" if r == 10 else "0" if r == 11 else str(r))

    def uscc(self):
        for _ in range(100):
            dept, typ = self.ch([("9", "1"), ("9", "1"), ("9", "2"), ("9", "3"), ("1", "1"), ("5", "1"), ("5", "2")])
            body = dept + typ + self.ch(RIC_REGIONS) + self.org_code()
            v = body + uscc.calc_check_digit(body)
            if validate.uscc_full_ok(v):
                return v
        raise RuntimeError("uscc")

    def uscc_fail(self):
        v = self.uscc()
        return v[:-1] + self.ch([c for c in "0123456789ABCDEFGHJKLMNPQRTUWXY" if c != v[-1]])

    def passport(self):
        x = self.ri(0, 2)
        if x == 0:
            return "E" + self.digits(8)
        if x == 1:
            return "E" + self.ch("ABCDEFGHJKLMNPQRSTUVWXYZ") + self.digits(7, False)
        return "G" + self.digits(8)

    def plate(self):
        pre = self.ch(PROVS) + self.ch(PLATE_LETTERS)
        if self.p(0.25):
            tail = self.ch("DF") + self.digits(5, False)
        else:
            t = [self.ch(string.digits) for _ in range(5)]
            for _ in range(self.ri(0, 2)):
                t[self.ri(0, 4)] = self.ch("ABCDEFGHJKLMNPQRSTUVWXYZ")
            tail = "".join(t)
        return pre + self.ch(["", "", "·", " "]) + tail

    def email(self, hint=None):
        x = self.ri(0, 5)
        if x == 0:
            return "%s@qq.com" % self.digits(self.ri(6, 10))
        if hint and self.p(0.6):
            base = "".join(c for c in hint.lower() if c.isalpha() or c == " ").strip()
            if base:
                parts = base.split()
                base = self.ch([".".join(parts), "".join(parts), parts[0][0] + parts[-1]]) if len(parts) > 1 else parts[0]
                return "%s%s@%s" % (base, self.ch(["", str(self.ri(1, 99)), "_" + str(self.ri(80, 99))]), self.ch(EMAIL_DOMAINS))
        if x in (1, 2):
            n = self.fz.last_romanized_name().lower() + self.fz.first_romanized_name().lower()
        else:
            n = self.fe.first_name().lower() + self.ch([".", "_", ""]) + self.fe.last_name().lower()
        return "%s%s@%s" % (n, self.ch(["", str(self.ri(1, 999))]), self.ch(EMAIL_DOMAINS))

    def landline(self, style=None):
        if self.p(0.5):
            a = self.ch(CN_AREA3)
            loc = str(self.ri(2, 8)) + self.digits(7, False)
        else:
            a = self.ch(CN_AREA4)
            loc = str(self.ri(2, 8)) + self.digits(7 if self.p(0.8) else 6, False)
        style = style or self.ch(["dash", "dash", "paren", "space", "p86", "dash44", "plain"])
        if style == "space" and len(loc) == 8:
            return "%s %s %s" % (a, loc[:4], loc[4:])
        if style == "dash44" and len(loc) == 8:
            return "%s-%s-%s" % (a, loc[:4], loc[4:])
        if style == "paren":
            return "(%s)%s" % (a, loc)
        if style == "p86":
            return "+86-%s-%s" % (a[1:], loc)
        if style == "plain":
            return a + loc
        return "%s-%s" % (a, loc)

    def us_phone(self, style=None):
        a = self.ch(US_AREAS)
        while True:
            x = str(self.ri(200, 999))
            if validate.us_exch_ok(x):
                break
        s = self.digits(4, False)
        style = style or self.ch(["paren", "dash", "dot", "p1", "p1paren"])
        return {"paren": "(%s) %s-%s" % (a, x, s), "dash": "%s-%s-%s" % (a, x, s), "dot": "%s.%s.%s" % (a, x, s),
                "p1": "+1 %s-%s-%s" % (a, x, s), "p1paren": "+1 (%s) %s-%s" % (a, x, s)}[style]

    def phone(self, lang):
        return self.landline() if lang == "zh" else self.us_phone()

    def ssn(self, style="dash"):
        while True:
            a = "%03d" % self.ri(1, 899)
            if a != "666":
                break
        g, s = "%02d" % self.ri(1, 99), "%04d" % self.ri(1, 9999)
        return {"dash": "%s-%s-%s", "space": "%s %s %s", "plain": "%s%s%s"}[style] % (a, g, s)

    def ipv4(self):
        x = self.ri(0, 5)
        if x == 0:
            return "192.168.%d.%d" % (self.ri(0, 254), self.ri(2, 254))
        if x == 1:
            return "10.%d.%d.%d" % (self.ri(0, 255), self.ri(0, 255), self.ri(2, 254))
        if x == 2:
            return "172.%d.%d.%d" % (self.ri(16, 31), self.ri(0, 255), self.ri(2, 254))
        return "%d.%d.%d.%d" % (self.ch([58, 59, 60, 61, 101, 106, 111, 112, 113, 114, 115, 116, 117, 119, 120,
                                         121, 122, 123, 124, 125, 180, 182, 183, 202, 203, 210, 211, 218, 220, 221, 222,
                                         23, 34, 45, 52, 64, 66, 73, 98, 104, 142, 151, 172 + 1, 185, 198 + 1]),
                                self.ri(0, 255), self.ri(0, 255), self.ri(1, 254))

    def ipv6(self):
        pre = self.ch(["2408:8207", "240e:3b7", "2409:8a55", "2001:db8", "2607:f8b0", "fe80:"])
        groups = ["%x" % self.ri(0x1000, 0xffff) for _ in range(4)]
        if pre == "fe80:":
            return "fe80::" + ":".join(groups)
        return pre + ":" + ":".join(groups[:2]) + "::" + ":".join(groups[2:])

    def ip(self):
        return self.ipv4() if self.p(0.8) else self.ipv6()

    def qq(self):
        n = self.ch([5, 6, 7, 8, 8, 9, 9, 9, 10, 10, 11])
        return self.digits(n)

    def mac(self, style=None):
        o = ["%02x" % (self.ri(0, 127) * 2)] + ["%02x" % self.ri(0, 255) for _ in range(5)]
        style = style or self.ch(["colon", "colon", "COLON", "dash", "DASH", "cisco"])
        if style == "cisco":
            h = "".join(o)
            return "%s.%s.%s" % (h[:4], h[4:8], h[8:])
        s = (":" if style.lower() == "colon" else "-").join(o)
        return s.upper() if style.isupper() else s

    def dob(self, lang, style=None):
        return self.fmt_date(self.date(1950, 2006), "zh" if lang in ("zh", "mixed") else "en", style)

    # ---- trap values
    def order(self):
        x = self.ri(0, 4)
        if x == 0:
            return self.digits(self.ri(12, 15))
        if x == 1:
            ln = self.ri(16, 19)
            while True:
                v = self.digits(ln)
                if not luhn.is_valid(v):
                    return v
        if x == 2:
            return "SO" + self.date(2023, 2025).strftime("%Y%m%d") + self.digits(6, False)
        if x == 3:
            return "ORD-%s-%04d" % (self.date(2023, 2025).strftime("%Y%m%d"), self.ri(1, 9999))
        return "DD%s" % self.digits(14)

    def tracking(self, carrier=None):
        x = self.ri(0, 7) if carrier is None else ["SF", "YTO", "JT", "ZHONGTONG", "EMS", "UPS", "USPS", "ZTO"].index(carrier)
        return [lambda: "SF" + self.digits(13), lambda: "YT" + self.digits(13), lambda: "JT" + self.digits(13),
                lambda: "7" + self.digits(11, False),
                lambda: "E" + self.ch("ABCMR") + self.digits(9, False) + "CN",
                lambda: "1Z" + "".join(self.ch(string.ascii_uppercase + string.digits) for _ in range(6)) + self.digits(10, False),
                lambda: "9400 1" + self.digits(3, False) + " " + " ".join(self.digits(4, False) for _ in range(3)) + " " + self.digits(2, False),
                lambda: "ZTO" + self.digits(12)][x]()

    def invoice(self):
        return (str(self.ri(1, 3)) + self.digits(11, False), self.digits(8, False),
                " ".join(self.digits(5, False) for _ in range(4)))

    def version(self):
        x = self.ri(0, 3)
        if x == 0:
            return "v%d.%d.%d" % (self.ri(1, 9), self.ri(0, 30), self.ri(0, 40))
        if x == 1:
            return "%d.%d.%d-%s.%d" % (self.ri(0, 5), self.ri(0, 20), self.ri(0, 9), self.ch(["rc", "beta", "alpha"]), self.ri(1, 5))
        if x == 2:
            return "%d.%d.%d" % (self.ri(1, 20), self.ri(0, 12), self.ri(0, 99))
        return "%d.%d.%d.%d" % (self.ri(1, 9), self.ri(0, 9), self.ri(1000, 29999), self.ri(0, 999))

    def timestamp(self):
        d = datetime.datetime(2024, 1, 1) + datetime.timedelta(seconds=self.ri(0, 3600 * 24 * 600))
        x = self.ri(0, 4)
        if x == 0:
            return d.strftime("%Y-%m-%dT%H:%M:%SZ")
        if x == 1:
            return d.strftime("%Y-%m-%dT%H:%M:%S.") + "%03d+08:00" % self.ri(0, 999)
        if x == 2:
            return d.strftime("%Y-%m-%d %H:%M:%S")
        epoch = int((d - datetime.datetime(1970, 1, 1)).total_seconds())
        return str(epoch) if x == 3 else str(epoch * 1000 + self.ri(0, 999))

    def ts_iso(self):
        d = datetime.datetime(2024, 1, 1) + datetime.timedelta(seconds=self.ri(0, 3600 * 24 * 600))
        return d.strftime(self.ch(["%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d %H:%M:%S"]))

    def nginx_time(self):
        d = datetime.datetime(2024, 1, 1) + datetime.timedelta(seconds=self.ri(0, 3600 * 24 * 600))
        return d.strftime("%d/") + MONTHS[d.month - 1][:3] + d.strftime("/%Y:%H:%M:%S +0800")

    def rdate(self, lang="zh", y0=2023, y1=2026):
        return self.fmt_date(self.date(y0, y1), "zh" if lang in ("zh", "mixed") else "en")

    def hash(self):
        x = self.ri(0, 4)
        h = "%064x" % self.r.getrandbits(256)
        if x == 0:
            return h[:32]
        if x == 1:
            return h[:40]
        if x == 2:
            return h
        if x == 3:
            return h[:7]
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def hotline(self, lang="zh"):
        zh = ["400-%03d-%04d" % (self.ri(100, 999), self.ri(0, 9999)), "400%03d%04d" % (self.ri(100, 999), self.ri(0, 9999)),
              "800-%03d-%04d" % (self.ri(100, 999), self.ri(0, 9999)), "95588", "95533", "95555", "95566", "10086",
              "10010", "12306", "12315", "95599"]
        en = ["1-800-%03d-%04d" % (self.ri(200, 999), self.ri(0, 9999)), "(888) %03d-%04d" % (self.ri(200, 999), self.ri(0, 9999)),
              "1-877-%03d-%04d" % (self.ri(200, 999), self.ri(0, 9999)), "866-%03d-%04d" % (self.ri(200, 999), self.ri(0, 9999)),
              "(855) %03d-%04d" % (self.ri(200, 999), self.ri(0, 9999))]
        return self.ch(zh if lang == "zh" else en)

    def ean13(self):
        b = "69" + self.digits(10, False)
        s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(b))
        return b + str((10 - s % 10) % 10)

    def isbn(self):
        b = "9787" + self.digits(8, False)
        s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(b))
        ck = str((10 - s % 10) % 10)
        return "%s-%s-%s-%s-%s" % (b[:3], b[3], b[4:7], b[7:12], ck)

    def product(self):
        x = self.ri(0, 3)
        if x == 0:
            return "SKU-%s%d-%s" % (self.ch("ABCDEFGHK"), self.ri(1000, 9999), self.ch(["BLK", "WHT", "RED", "XL", "M"]))
        if x == 1:
            return self.ch(["RT-AX88U", "ThinkPad X1 Carbon Gen 11", "iPhone 15 Pro", "MI 13", "WH-1000XM5", "DS220+"])
        if x == 2:
            return self.ean13()
        return self.isbn()

    def masked(self, lang="zh"):
        m = self.mobile("plain")
        x = self.ri(0, 5)
        if x == 0:
            return m[:3] + "****" + m[7:]
        if x == 1:
            return self.ch(RIC_REGIONS) + "********" + self.digits(3, False) + self.ch("0123456789X")
        if x == 2:
            return self.ch(["**** **** **** ", "6222 **** **** ", "622202******"]) + self.digits(4, False)
        if x == 3:
            return self.fz.last_name() + self.ch(["**", "*", "*" + self.fz.first_name()[-1:]])
        if x == 4:
            return self.ch("abcdefghjklmnpqrstwxyz") + "***@" + self.ch(["163.com", "qq.com", "gmail.com"])
        return "***-**-%04d" % self.ri(1, 9999)

    def email_like(self):
        return self.ch(["git@github.com:%s/%s.git" % (self.ch(["acme", "infra", "data-team", "mobile"]), self.ch(["payments", "deploy", "etl", "app-ios", "gateway"])),
                        "git@gitlab.com:%s/%s.git" % (self.ch(["ops", "platform"]), self.ch(["charts", "terraform"])),
                        "lodash@4.17.21", "react@18.2.0", "@types/node@20.1.0", "@babel/core@7.23.%d" % self.ri(0, 9),
                        "vue@3.4.%d" % self.ri(0, 30), "root@web-01:~$", "deploy@ci-runner-%d:/srv$" % self.ri(1, 9)])

    def passport_like(self):
        return self.ch([("工号", "Employee No.", "emp_no", "E%d%04d" % (self.ri(2015, 2025), self.ri(1, 9999))),
                        ("批次号", "Batch No.", "batch_no", "G%s" % self.date(2023, 2025).strftime("%Y%m%d")),
                        ("工号", "Staff ID", "staff_id", "E%s" % self.digits(8, False)),
                        ("库位编码", "Bin code", "bin_code", "G%08d" % self.ri(1, 99999999))])

    def ssn_like(self):
        a = self.ch(["9%02d" % self.ri(0, 99), "000", "666"])
        return "%s-%02d-%04d" % (a, self.ri(1, 99), self.ri(1, 9999))

    def qq_group(self):
        return self.digits(self.ri(8, 10))

    def qq_client(self):
        return self.ch(["9.9.%d.%d" % (self.ri(1, 15), self.ri(10000, 29999)), "6.9.%d" % self.ri(10, 80),
                        "NT 9.0.%d" % self.ri(10, 90)])

    def fingerprint(self, n=None):
        n = n or self.ch([16, 20])
        o = ["%02X" % self.ri(0, 255) for _ in range(n)]
        s = ":".join(o)
        return s if self.p(0.5) else s.lower()

    def ip_like(self):
        return self.ch(["3.12.20.7", "2.4.1.3", "10.0.19045.%d" % self.ri(1000, 5999), "10.0.22631.%d" % self.ri(1000, 4999),
                        "4.18.305.2", "6.1.7601.%d" % self.ri(17000, 24000), "1.2.10.6"])

    def dob_like(self, lang="zh"):
        y0 = self.date(1985, 2005)
        if lang == "zh":
            return self.ch([("入职日期", self.fmt_date(y0, "zh")), ("公司成立日期", self.fmt_date(y0, "zh")),
                            ("合同签订日期", self.fmt_date(y0, "zh")), ("生日蛋糕取货日期", self.rdate("zh")),
                            ("出生证明办理截止", self.rdate("zh")), ("保单生效日", self.fmt_date(y0, "zh")),
                            ("首次发货日期", self.fmt_date(y0, "zh")), ("证件有效期至", self.rdate("zh", 2026, 2035))])
        return self.ch([("Hire date", self.fmt_date(y0, "en")), ("Founded", self.fmt_date(y0, "en")),
                        ("Contract signed", self.fmt_date(y0, "en")), ("Cake pickup date", self.rdate("en")),
                        ("Birth certificate deadline", self.rdate("en")), ("Expiry", self.rdate("en", 2026, 2034)),
                        ("Policy start", self.fmt_date(y0, "en")), ("Ship date", self.fmt_date(y0, "en"))])

    def amount(self, cur="¥"):
        return "%s%d.%02d" % (cur, self.ri(5, 9999), self.ri(0, 99))

    def port(self):
        return str(self.ri(1025, 65000))

    def ua(self):
        return self.ch(["Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.%d.%d Safari/537.36" % (self.ri(110, 126), self.ri(5000, 6500), self.ri(50, 200)),
                        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_%d like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 MicroMessenger/8.0.%d" % (self.ri(0, 5), self.ri(30, 50)),
                        "okhttp/4.%d.%d" % (self.ri(9, 12), self.ri(0, 3)), "curl/8.%d.%d" % (self.ri(0, 9), self.ri(0, 3))])


# =========================================================== renderers
def kv(b, items, sep=" ", eq="=", quote=True):
    for i, (k, v) in enumerate(items):
        if i:
            b(sep)
        b(k, eq)
        q = quote and (" " in sval(v) or "," in sval(v))
        if q:
            b('"')
        b.put(v)
        if q:
            b('"')


def jrender(b, v, pretty=False, ind=0):
    pad = "  "
    if isinstance(v, dict):
        if not v:
            return b("{}")
        b("{")
        for i, (k, x) in enumerate(v.items()):
            if i:
                b(",")
            if pretty:
                b("\n", pad * (ind + 1))
            b('"', k, '":', " " if pretty else "")
            jrender(b, x, pretty, ind + 1)
        if pretty:
            b("\n", pad * ind)
        b("}")
    elif isinstance(v, list):
        b("[")
        for i, x in enumerate(v):
            if i:
                b(", " if pretty else ",")
            jrender(b, x, pretty, ind + 1)
        b("]")
    elif isinstance(v, Raw):
        b(v)
    else:
        assert '"' not in sval(v) and "\\" not in sval(v)
        b('"').put(v)('"')


def table(b, header, rows, align=False):
    b("| ", " | ".join(header), " |\n")
    b("|", "|".join(["---" if not align else ":---:"] * len(header)), "|")
    for r in rows:
        b("\n|")
        for c in r:
            b(" ").put(c)(" |")


def csvrows(b, rows, sep=","):
    for i, r in enumerate(rows):
        if i:
            b("\n")
        for j, c in enumerate(r):
            if j:
                b(sep)
            q = sep == "," and "," in sval(c)
            if q:
                b('"')
            b.put(c)
            if q:
                b('"')


# =========================================================== templates
TEMPLATES = []


def T(shape, kind, w=1.0):
    def deco(fn):
        TEMPLATES.append({"name": fn.__name__, "shape": shape, "kind": kind, "w": w, "fn": fn})
        return fn
    return deco


POS, HN, NEG = "positive", "hard_negative", "negative"

# ------------------------------------------------------------- kv_log pos


@T("kv_log", POS)
def kv_logfmt_login(b, g):
    n = g.en_name()
    b("ts=").tr("timestamp", g.timestamp())(" level=info svc=auth event=login_ok user=\"").e(P, n)
    b("\" email=").e(EMAIL, g.email(n))(" ip=").e(IP, g.ipv4())(":", g.port(), " mfa=totp")


@T("kv_log", POS, 1.5)
def kv_bracket_zh_order(b, g):
    b("[").tr("timestamp", g.ts_iso())("] [INFO] [order-svc] 下单成功 订单号=").tr("order", g.order())
    b(" 收件人=").e(P, g.zh_name())(" 手机=").e(MOB, g.mobile())(" 地址=").e(LOC, g.zh_addr())


@T("kv_log", POS)
def kv_pipe_risk(b, g):
    b(g.ts_iso())(" | WARN | risk-engine | uid=", g.ri(10000, 99999), " | card=").e(CARD, g.card(style="plain"))
    b(" | ip=").e(IP, g.ip())(" | score=0.", g.ri(70, 99), " | rule=velocity_24h").tag("timestamp")


@T("kv_log", POS)
def kv_nginx_query(b, g):
    b.e(IP, g.ipv4())(" - - [").tr("timestamp", g.nginx_time())('] "GET /api/v2/user/lookup?phone=').e(MOB, g.mobile("plain"))
    b(' HTTP/1.1" 200 ', g.ri(200, 4000), ' "-" "').tr("version", g.ua())('"')


@T("kv_log", POS)
def kv_nginx_post_email(b, g):
    b.e(IP, g.ip())(" - - [").tr("timestamp", g.nginx_time())('] "POST /newsletter/subscribe?email=').e(EMAIL, g.email())
    b(' HTTP/2.0" 302 0 "https://shop.example.org/" "').tr("version", g.ua())('" rt=0.0', g.ri(10, 99))


@T("kv_log", POS)
def kv_dhcp(b, g):
    b("dhcpd[", g.ri(300, 9000), "]: DHCPACK on ").e(IP, g.ipv4())(" to ").e(MAC, g.mac(g.ch(["colon", "COLON"])))
    b(" (", g.ch(["android-", "LAPTOP-", "printer-"]), "%x" % g.ri(0x1000, 0xffff), ") via eth", g.ri(0, 3))


@T("kv_log", POS, 1.5)
def kv_kyc_zh(b, g):
    b("kyc.verify channel=app name=").e(P, g.zh_name())(" id_no=").e(RID, g.ric())(" dob=").e(DOB, g.dob("zh", "iso"))
    b(" result=pass cost_ms=", g.ri(80, 900))


@T("kv_log", POS)
def kv_sshd(b, g):
    b("sshd[", g.ri(1000, 40000), "]: Accepted publickey for deploy from ").e(IP, g.ipv4())(" port ", g.port(), " ssh2: ED25519 SHA256:")
    b.tr("hash", "".join(g.ch(string.ascii_letters + string.digits) for _ in range(43)))


@T("kv_log", POS, 2)
def kv_us_payroll(b, g):
    n = g.en_name()
    b("payroll.sync employee=\"").e(P, n)("\" ssn=").e(SSN, g.ssn())(" dob=").e(DOB, g.dob("en", "us"))
    b(" phone=\"").e(PHONE, g.us_phone())("\" addr=\"").e(LOC, g.us_addr(True))("\" status=queued")


@T("kv_log", POS, 1.5)
def kv_qq_bind(b, g):
    b("account.bind uid=", g.ri(10000, 999999), " qq=").e(QQ, g.qq())(' mobile="').e(MOB, g.mobile(g.ch(["p86", "space", "dash"])))('" bind_ok=true')


@T("kv_log", POS, 2)
def kv_hotel_checkin(b, g):
    b("[checkin] hotel=H", g.ri(100, 999), ' guest="').e(P, g.py_name())('" passport=').e(PASS, g.passport())
    b(" room=", g.ri(2, 30) * 100 + g.ri(1, 40), " plate=").e(PLATE, g.plate())(" nights=", g.ri(1, 7))


@T("kv_log", POS)
def kv_wifi_assoc(b, g):
    b("hostapd: wlan0: STA ").e(MAC, g.mac("colon"))(" IEEE 802.11: associated (aid ", g.ri(1, 30), ") ip=").e(IP, g.ipv4())


@T("kv_log", POS, 1.5)
def kv_audit_pipe_zh(b, g):
    b("审计 | 操作人=").e(P, g.zh_name())(" | 动作=导出 | 对象=客户资料 | 客户=").e(P, g.zh_name())
    b(" | 证件=护照 ").e(PASS, g.passport())(" | 结果=成功")


@T("kv_log", POS, 2)
def kv_dispatch_zh(b, g):
    b("dispatch courier=C0", g.ri(100, 999), " recipient=").e(P, g.zh_name())(" tel=").e(PHONE, g.landline(g.ch(["dash", "dash44", "paren"])))
    b(' addr="').e(LOC, g.zh_addr())('" waybill=').tr("tracking", g.tracking().replace(" ", ""))


@T("kv_log", POS, 1.5)
def kv_ssn_api(b, g):
    b("POST /v1/applicants 201 applicant=\"").e(P, g.en_name())("\" ssn=\"").e(SSN, g.ssn("space"))('" born=').e(DOB, g.dob("en", "iso"))
    b(" latency=", g.ri(20, 400), "ms")


@T("kv_log", POS)
def kv_syslog_uscc(b, g):
    b("<134>1 ").tr("timestamp", g.ts_iso().replace(" ", "T"))(" erp-01 invoice-svc - - 开票 抬头=").tr("city_only", g.ch(COMPANIES_ZH))
    b(" 税号=").e(USCC, g.uscc())(" 联系人=").e(P, g.zh_name())(" 电话=").e(PHONE, g.landline("dash"))


@T("kv_log", POS)
def kv_ipv6_access(b, g):
    b("access ").e(IP, g.ipv6())(' user="').e(EMAIL, g.email())('" path=/account/settings status=200 bytes=', g.ri(300, 9000))


@T("kv_log", POS, 1.5)
def kv_parking_zh(b, g):
    b("停车场#", g.ri(1, 9), " 入场 车牌=").e(PLATE, g.plate())(" 车主=").e(P, g.zh_name())(" 手机=").e(MOB, g.mobile())(" 时长=", g.ri(1, 12), "h")


@T("kv_log", POS, 1.5)
def kv_crm_mixed(b, g):
    n = g.py_name()
    b("crm.update contact=\"").e(P, n)('" email=').e(EMAIL, g.email(n))(' ship_to="').e(LOC, g.py_addr())('" note="客户要求工作日送货"')


# ------------------------------------------------------------- json_log pos


@T("json_log", POS)
def js_user_update(b, g):
    n = g.zh_name()
    jrender(b, {"ts": Trap("timestamp", g.timestamp()), "event": "user.update",
                "user": {"name": Ent(P, n), "phone": Ent(MOB, g.mobile()), "email": Ent(EMAIL, g.email())}})


@T("json_log", POS, 1.5)
def js_pretty_order(b, g):
    jrender(b, {"order_id": Trap("order", g.order()), "status": "PAID",
                "receiver": {"name": Ent(P, g.zh_name()), "mobile": Ent(MOB, g.mobile()),
                             "address": Ent(LOC, g.zh_addr())},
                "items": Raw(str(g.ri(1, 5)))}, pretty=True)


@T("json_log", POS, 2)
def js_kyc_en(b, g):
    jrender(b, {"level": "info", "msg": "identity check", "applicant": {
        "fullName": Ent(P, g.en_name()), "dob": Ent(DOB, g.dob("en", g.ch(["iso", "us"]))),
        "ssn": Ent(SSN, g.ssn()), "homeAddress": Ent(LOC, g.us_addr(True))}, "passed": Raw("true")})


@T("json_log", POS)
def js_device(b, g):
    jrender(b, {"device": {"mac": Ent(MAC, g.mac()), "ip": Ent(IP, g.ip()), "owner": Ent(P, g.zh_name()),
                           "model": Trap("product", g.product())}, "online": Raw("true")})


@T("json_log", POS, 2)
def js_booking_pax(b, g):
    jrender(b, {"booking": Trap("order", g.order()),
                "pax": [{"name": Ent(P, g.py_name()), "passport": Ent(PASS, g.passport()),
                         "dob": Ent(DOB, g.dob("zh", "compact"))}]}, pretty=g.p(0.5))


@T("json_log", POS)
def js_payment(b, g):
    n = g.en_name()
    jrender(b, {"type": "charge", "card": Ent(CARD, g.card()), "holder": Ent(P, n),
                "billing": {"line1": Ent(LOC, g.us_addr(True))}, "payment_ref": Trap("luhn_fail", g.card(fail=True, style="plain")),
                "amount": Raw(str(g.ri(5, 900)))})


@T("json_log", POS)
def js_company(b, g):
    jrender(b, {"company": g.fz.company(), "uscc": Ent(USCC, g.uscc()), "legal_rep": Ent(P, g.zh_name()),
                "tel": Ent(PHONE, g.landline()), "reg_addr": Ent(LOC, g.zh_addr(0))}, pretty=True)


@T("json_log", POS, 2)
def js_qq_profile(b, g):
    q = g.qq()
    jrender(b, {"uid": Raw(str(g.ri(1000, 99999))), "qq": Ent(QQ, q), "email": Ent(EMAIL, q + "@qq.com"),
                "city": Trap("city_only", g.ch(["北京", "上海", "广州", "成都", "杭州"]))})


@T("json_log", POS)
def js_vehicle(b, g):
    jrender(b, {"plate": Ent(PLATE, g.plate()), "owner": Ent(P, g.zh_name()), "owner_mobile": Ent(MOB, g.mobile()),
                "violation": {"code": "1" + g.digits(4, False), "fine": Raw(str(g.ri(1, 20) * 50))}})


@T("json_log", POS)
def js_es_hit(b, g):
    jrender(b, {"_index": "crm-contacts", "_id": Trap("hash", g.hash()), "_source": {
        "contact": {"name": Ent(P, g.zh_name()), "addr": Ent(LOC, g.zh_addr()), "qq": Ent(QQ, g.qq())}}}, pretty=True)


@T("json_log", POS, 1.5)
def js_hr_mixed(b, g):
    jrender(b, {"员工": {"姓名": Ent(P, g.zh_name()), "出生日期": Ent(DOB, g.dob("zh")), "身份证号": Ent(RID, g.ric()),
                       "工号": Trap("passport_like", g.passport_like()[3]), "入职日期": Trap("dob_like", g.fmt_date(g.date(1990, 2005), "zh", "iso"))}})


@T("json_log", POS)
def js_wifi_portal(b, g):
    jrender(b, {"portal": "guest-wifi", "client": {"mac": Ent(MAC, g.mac(g.ch(["dash", "DASH"]))), "ip": Ent(IP, g.ipv4())},
                "auth": {"mobile": Ent(MOB, g.mobile()), "sms_ok": Raw("true")}})


@T("json_log", POS, 1.5)
def js_us_contact(b, g):
    n = g.en_name()
    jrender(b, {"contact": {"name": Ent(P, n), "phone": Ent(PHONE, g.us_phone()), "email": Ent(EMAIL, g.email(n)),
                            "mailing": Ent(LOC, g.us_addr())}, "source": "webform"}, pretty=True)


@T("json_log", POS)
def js_refund_card(b, g):
    jrender(b, {"event": "refund.created", "refund_to": {"bank_card": Ent(CARD, g.card(style="space")),
                                                       "holder": Ent(P, g.zh_name()), "id_card": Ent(RID, g.ric())},
                "ts": Trap("timestamp", g.timestamp())})


# ------------------------------------------------------------- md_table pos


@T("md_table", POS, 1.5)
def md_staff_zh(b, g):
    rows = []
    for _ in range(g.ri(2, 4)):
        rows.append([Ent(P, g.zh_name()), Ent(MOB, g.mobile()), Ent(EMAIL, g.email()),
                     Trap("passport_like", "E%d%04d" % (g.ri(2015, 2025), g.ri(1, 9999)))])
    table(b, ["姓名", "手机", "邮箱", "工号"], rows)


@T("md_table", POS, 2.5)
def md_passport_roster(b, g):
    rows = [[str(i + 1), Ent(P, g.name("zh")), Ent(PASS, g.passport()), Ent(DOB, g.dob("zh", g.ch(["iso", "dot", "slash"])))]
            for i in range(g.ri(2, 4))]
    table(b, ["序号", "姓名", "护照号", "出生日期"], rows)


@T("md_table", POS, 2.5)
def md_qq_contacts(b, g):
    rows = [[Ent(P, g.zh_name()), Ent(QQ, g.qq()), Trap("city_only", g.ch(["北京", "上海", "深圳", "武汉", "成都", "西安"]))]
            for _ in range(g.ri(2, 4))]
    table(b, ["姓名", "QQ", "城市"], rows)


@T("md_table", POS, 2.5)
def md_us_employees(b, g):
    rows = [[Ent(P, g.en_name()), Ent(SSN, g.ssn()), Ent(DOB, g.dob("en")), Ent(PHONE, g.us_phone())]
            for _ in range(g.ri(2, 3))]
    table(b, ["Name", "SSN", "DOB", "Phone"], rows)


@T("md_table", POS, 2)
def md_addresses_en(b, g):
    rows = [[Ent(P, g.en_name()), Ent(LOC, g.us_addr(True)), Trap("order", g.order())] for _ in range(g.ri(2, 3))]
    table(b, ["Customer", "Shipping address", "Order #"], rows)


@T("md_table", POS)
def md_devices(b, g):
    rows = [["srv-%02d" % g.ri(1, 60), Ent(IP, g.ip()), Ent(MAC, g.mac()), Ent(P, g.name("mixed"))] for _ in range(g.ri(2, 4))]
    table(b, ["Host", "IP", "MAC", "Owner"], rows)


@T("md_table", POS)
def md_companies(b, g):
    rows = [[g.fz.company(), Ent(USCC, g.uscc()), Ent(P, g.zh_name()), Ent(PHONE, g.landline())] for _ in range(g.ri(2, 3))]
    table(b, ["公司", "统一社会信用代码", "联系人", "电话"], rows)


@T("md_table", POS)
def md_vehicles(b, g):
    rows = [[Ent(PLATE, g.plate()), Ent(P, g.zh_name()), Ent(MOB, g.mobile())] for _ in range(g.ri(2, 4))]
    table(b, ["车牌", "车主", "手机"], rows, align=True)


@T("md_table", POS, 2)
def md_bilingual(b, g):
    rows = [[Ent(P, g.name("mixed")), Ent(DOB, g.dob("zh")), Ent(LOC, g.ch([g.zh_addr, g.py_addr])())] for _ in range(g.ri(2, 3))]
    table(b, ["姓名 Name", "生日 Birthday", "地址 Address"], rows)


@T("md_table", POS)
def md_cards(b, g):
    rows = [[Ent(P, g.zh_name()), Ent(CARD, g.card()), g.ch(["工商银行", "建设银行", "招商银行", "农业银行"])] for _ in range(g.ri(2, 3))]
    table(b, ["持卡人", "卡号", "开户行"], rows)


@T("md_table", POS, 2)
def md_qq_students(b, g):
    rows = [[str(g.ri(1, 50)), Ent(P, g.zh_name()), Ent(QQ, g.qq()), Ent(MOB, g.mobile())] for _ in range(g.ri(2, 4))]
    table(b, ["学号", "学生", "QQ号", "家长电话"], rows)


@T("md_table", POS, 2)
def md_visa_applicants_en(b, g):
    rows = [[Ent(P, g.py_name()), Ent(PASS, g.passport()), Ent(DOB, g.dob("en", g.ch(["dmy", "long"]))), "tourist"] for _ in range(g.ri(2, 3))]
    table(b, ["Applicant", "Passport", "Date of birth", "Visa type"], rows)


@T("md_table", POS, 1.5)
def md_delivery_zh(b, g):
    rows = [[Trap("tracking", g.tracking().replace(" ", "")), Ent(P, g.zh_name()), Ent(LOC, g.zh_addr())] for _ in range(g.ri(2, 3))]
    table(b, ["运单号", "收件人", "收货地址"], rows)


# ------------------------------------------------------------- csv pos


@T("csv", POS, 1.5)
def csv_header_zh(b, g):
    rows = [["姓名", "手机号", "身份证号", "地址"]]
    rows += [[Ent(P, g.zh_name()), Ent(MOB, g.mobile("plain")), Ent(RID, g.ric()), Ent(LOC, g.zh_addr())] for _ in range(g.ri(2, 3))]
    csvrows(b, rows)


@T("csv", POS, 3)
def csv_noheader_passport(b, g):
    rows = [[Ent(P, g.name("zh")), Ent(PASS, g.passport()), Ent(MOB, g.mobile("plain"))] for _ in range(g.ri(2, 4))]
    csvrows(b, rows, g.ch([",", ";", "\t"]))


@T("csv", POS)
def csv_semicolon_en(b, g):
    rows = [["name", "email", "phone", "city"]]
    for _ in range(g.ri(2, 3)):
        n = g.en_name()
        rows.append([Ent(P, n), Ent(EMAIL, g.email(n)), Ent(PHONE, g.us_phone()), Trap("city_only", g.ch(["Seattle", "Austin", "Boston", "Denver"]))])
    csvrows(b, rows, ";")


@T("csv", POS, 2.5)
def csv_tab_us(b, g):
    rows = [["Name", "SSN", "DOB", "Address"]]
    rows += [[Ent(P, g.en_name()), Ent(SSN, g.ssn()), Ent(DOB, g.dob("en", "us")), Ent(LOC, g.us_addr(True))] for _ in range(g.ri(2, 3))]
    csvrows(b, rows, "\t")


@T("csv", POS, 2.5)
def csv_header_qq(b, g):
    rows = [["用户ID", "QQ", "邮箱", "注册日期"]]
    for _ in range(g.ri(2, 4)):
        rows.append([str(g.ri(10000, 99999)), Ent(QQ, g.qq()), Ent(EMAIL, g.email()), Trap("date", g.rdate("zh"))])
    csvrows(b, rows)


@T("csv", POS, 2.5)
def csv_noheader_us(b, g):
    rows = [[Ent(P, g.en_name()), Ent(SSN, g.ssn()), Ent(PHONE, g.us_phone(g.ch(["dash", "dot"])))] for _ in range(g.ri(2, 4))]
    csvrows(b, rows)


@T("csv", POS, 2)
def csv_quoted_addr(b, g):
    rows = [["customer", "address", "zip_ok"]]
    rows += [[Ent(P, g.en_name()), Ent(LOC, g.us_addr(True)), "Y"] for _ in range(g.ri(2, 3))]
    csvrows(b, rows)


@T("csv", POS)
def csv_noheader_plate(b, g):
    rows = [[Ent(PLATE, g.plate()), Ent(P, g.zh_name()), Ent(MOB, g.mobile())] for _ in range(g.ri(2, 4))]
    csvrows(b, rows)


@T("csv", POS)
def csv_hosts(b, g):
    rows = [["hostname", "ip", "mac", "rack"]]
    rows += [["node-%02d" % g.ri(1, 80), Ent(IP, g.ipv4()), Ent(MAC, g.mac()), "R%d" % g.ri(1, 20)] for _ in range(g.ri(2, 4))]
    csvrows(b, rows)


@T("csv", POS, 2.5)
def csv_dob_passport_semicolon(b, g):
    rows = [["姓名", "出生日期", "护照号"]]
    rows += [[Ent(P, g.name("zh")), Ent(DOB, g.dob("zh")), Ent(PASS, g.passport())] for _ in range(g.ri(2, 3))]
    csvrows(b, rows, ";")


@T("csv", POS)
def csv_bank(b, g):
    rows = [["户名", "卡号", "预留手机"]]
    rows += [[Ent(P, g.zh_name()), Ent(CARD, g.card(style=g.ch(["plain", "space"]))), Ent(MOB, g.mobile())] for _ in range(g.ri(2, 3))]
    csvrows(b, rows)


@T("csv", POS, 2)
def csv_noheader_addr_zh(b, g):
    rows = [[Ent(P, g.zh_name()), Ent(PHONE, g.landline(g.ch(["dash", "plain"]))), Ent(LOC, g.zh_addr())] for _ in range(g.ri(2, 3))]
    csvrows(b, rows, "\t")


@T("csv", POS, 2)
def csv_noheader_passport_en(b, g):
    rows = [[Ent(P, g.py_name()), Ent(PASS, g.passport()), g.ch(["CN", "CHN"]), Trap("date", g.rdate("en", 2025, 2026))] for _ in range(g.ri(2, 3))]
    csvrows(b, rows, g.ch([",", ";"]))


# ------------------------------------------------------------- form pos


@T("form", POS, 2)
def form_bracket_zh(b, g):
    b("【姓名】").e(P, g.zh_name())("\n【身份证】").e(RID, g.ric())("\n【手机】").e(MOB, g.mobile())("\n【地址】").e(LOC, g.zh_addr())


@T("form", POS, 2)
def form_colon_zh(b, g):
    b("姓名：").e(P, g.zh_name())("\n性别：", g.ch(["男", "女"]), "\n出生日期：").e(DOB, g.dob("zh"))("\n民族：汉\n联系电话：").e(MOB, g.mobile())


@T("form", POS, 2.5)
def form_en_colon(b, g):
    b("Name: ").e(P, g.en_name())("\nDOB: ").e(DOB, g.dob("en"))("\nSSN: ").e(SSN, g.ssn(g.ch(["dash", "plain"])))
    b("\nAddress: ").e(LOC, g.us_addr(True))


@T("form", POS)
def form_bullets(b, g):
    n = g.zh_name()
    b("- 联系人：").e(P, n)("\n- 电话：").e(PHONE, g.landline())("\n- 邮箱：").e(EMAIL, g.email())("\n- 备注：").tr("surname_words", g.ch(SURNAME_WORDS))


@T("form", POS, 2.5)
def form_bilingual(b, g):
    b("姓名 Name: ").e(P, g.py_name())("\n护照号 Passport No.: ").e(PASS, g.passport())
    b("\n出生日期 Date of Birth: ").e(DOB, g.dob("en", g.ch(["dmy", "long", "iso"])))("\n国籍 Nationality: CHN")


@T("form", POS, 2)
def form_hotel_en(b, g):
    b("Guest: ").e(P, g.ch([g.en_name, g.py_name])())("\nPassport: ").e(PASS, g.passport())("\nRoom: ", g.ri(2, 30) * 100 + g.ri(1, 30))
    b("\nCheck-in: ").tr("date", g.rdate("en"))("\nHome address: ").e(LOC, g.ch([g.us_addr, g.py_addr])())


@T("form", POS, 2.5)
def form_job_app(b, g):
    b("应聘者：").e(P, g.zh_name())("\n出生年月日：").e(DOB, g.dob("zh"))("\nQQ：").e(QQ, g.qq())
    b("\n邮箱：").e(EMAIL, g.email())("\n现住址：").e(LOC, g.zh_addr())


@T("form", POS)
def form_company(b, g):
    b("企业名称：", g.fz.company(), "\n统一社会信用代码：").e(USCC, g.uscc())("\n法定代表人：").e(P, g.zh_name())
    b("\n注册地址：").e(LOC, g.zh_addr(0))("\n联系电话：").e(PHONE, g.landline())


@T("form", POS)
def form_car_insurance(b, g):
    b("被保险人：").e(P, g.zh_name())("\n车牌号：").e(PLATE, g.plate())("\n身份证号：").e(RID, g.ric())
    b("\n手机：").e(MOB, g.mobile())("\n保单号：").tr("order", "PDAA" + g.digits(16))


@T("form", POS, 2)
def form_us_w4(b, g):
    b("Step 1(a) First name and last name: ").e(P, g.en_name())("\nSocial security number: ").e(SSN, g.ssn())
    b("\nAddress: ").e(LOC, g.us_addr(False))("\nCity or town, state, and ZIP code: ").tr("city_only", g.ch(US_CITIES)[0])


@T("form", POS)
def form_wifi_reg(b, g):
    b("设备登记\n使用人：").e(P, g.zh_name())("\n设备MAC：").e(MAC, g.mac())("\n分配IP：").e(IP, g.ipv4())
    b("\n系统版本：").tr("ip_like", g.ch(["10.0.19045.", "10.0.22631."]) + str(g.ri(1000, 4999)))


@T("form", POS, 1.5)
def form_numbered(b, g):
    b("1. 申请人：").e(P, g.zh_name())("\n2. 出生日期：").e(DOB, g.dob("zh", g.ch(["zh", "dot"])))("\n3. 户籍地址：").e(LOC, g.zh_addr())
    b("\n4. 紧急联系人电话：").e(MOB, g.mobile(g.ch(["dash", "space"])))


@T("form", POS, 1.5)
def form_colon_en_contact(b, g):
    n = g.en_name()
    b("Full name: Dr. ").e(P, n)("\nWork phone: ").e(PHONE, g.us_phone())("\nEmail: <").e(EMAIL, g.email(n))(">\nOffice: ")
    b.e(LOC, g.us_addr(True))


@T("form", POS, 2)
def form_bracket_qq(b, g):
    b("【报名表】\n【姓名】").e(P, g.zh_name())("\n【QQ号】").e(QQ, g.qq())("\n【QQ群】").tr("qq_context", g.qq_group())
    b("\n【手机】").e(MOB, g.mobile())


@T("form", POS, 2)
def form_emp_passport(b, g):
    pl = g.passport_like()
    b("出差人员：").e(P, g.zh_name())("\n", pl[0], "：").tr("passport_like", pl[3])("\n护照号码：").e(PASS, g.passport())
    b("\n目的地：").tr("city_only", g.ch(["东京", "新加坡", "法兰克福", "旧金山"]))


# ------------------------------------------------------------- code pos


@T("code", POS)
def code_py_dict(b, g):
    b("user = {\n    \"name\": \"").e(P, g.zh_name())("\",\n    \"phone\": \"").e(MOB, g.mobile())("\",\n    \"id_card\": \"").e(RID, g.ric())("\",\n}")


@T("code", POS, 1.5)
def code_sql_insert(b, g):
    b("INSERT INTO customers (name, mobile, address) VALUES ('").e(P, g.zh_name())("', '").e(MOB, g.mobile("plain"))("', '").e(LOC, g.zh_addr())("');")


@T("code", POS, 2)
def code_yaml(b, g):
    b("contact:\n  name: ").e(P, g.zh_name())("\n  email: ").e(EMAIL, g.email())("\n  qq: \"").e(QQ, g.qq())("\"\n  notify: true")


@T("code", POS, 2)
def code_js_obj(b, g):
    b("const payload = {\n  fullName: '").e(P, g.en_name())("',\n  ssn: '").e(SSN, g.ssn())("',\n  dob: '").e(DOB, g.dob("en", "iso"))("',\n};")


@T("code", POS)
def code_java_builder(b, g):
    b("User u = User.builder()\n    .name(\"").e(P, g.zh_name())("\")\n    .mobile(\"").e(MOB, g.mobile())("\")\n    .idCard(\"").e(RID, g.ric())
    b("\")\n    .build();")


@T("code", POS)
def code_env(b, g):
    b("APP_ENV=staging\nADMIN_EMAIL=").e(EMAIL, g.email())("\nOPS_ONCALL_PHONE=").e(MOB, g.mobile("plain"))("\nLOG_LEVEL=info")


@T("code", POS, 2)
def code_go_struct(b, g):
    b("c := Customer{\n\tName:     \"").e(P, g.py_name())("\",\n\tPassport: \"").e(PASS, g.passport())("\",\n\tPlate:    \"").e(PLATE, g.plate())("\",\n}")


@T("code", POS)
def code_pytest_param(b, g):
    b("@pytest.mark.parametrize(\"card\", [\n    \"").e(CARD, g.card())("\",\n    \"").e(CARD, g.card())("\",\n])\ndef test_accepts_card(card):\n    assert is_card(card)")


@T("code", POS, 2)
def code_pytest_fixture(b, g):
    b("@pytest.fixture\ndef applicant():\n    return Applicant(name=\"").e(P, g.en_name())("\", dob=\"").e(DOB, g.dob("en", "iso"))
    b("\", ssn=\"").e(SSN, g.ssn())("\")")


@T("code", POS)
def code_sql_where(b, g):
    b("SELECT id, status FROM users\nWHERE mobile = '").e(MOB, g.mobile("plain"))("'\n   OR email = '").e(EMAIL, g.email())("';")


@T("code", POS)
def code_curl(b, g):
    b("curl -X POST https://api.example.org/v1/leads -H 'Content-Type: application/json' \\\n  -d '{\"name\":\"").e(P, g.en_name())
    b("\",\"phone\":\"").e(PHONE, g.us_phone())("\"}'")


@T("code", POS)
def code_toml(b, g):
    b("[owner]\nname = \"").e(P, g.zh_name())("\"\nmac = \"").e(MAC, g.mac())("\"\nip = \"").e(IP, g.ipv4())("\"\nfirmware = \"").tr("ip_like", g.ip_like())("\"")


@T("code", POS, 2)
def code_js_address(b, g):
    b("export const shipTo = {\n  receiver: \"").e(P, g.zh_name())("\",\n  address: \"").e(LOC, g.zh_addr())("\",\n  tel: \"").e(PHONE, g.landline())("\",\n};")


@T("code", POS, 1.5)
def code_py_dataclass(b, g):
    b("emp = Employee(\n    name=\"").e(P, g.en_name())("\",\n    hire_date=\"").tr("dob_like", g.fmt_date(g.date(1988, 2004), "en", "iso"))
    b("\",\n    birth_date=\"").e(DOB, g.dob("en", "iso"))("\",\n    home=\"").e(LOC, g.us_addr(True))("\",\n)")


@T("code", POS, 1.5)
def code_yaml_list_zh(b, g):
    b("members:\n")
    for i in range(g.ri(2, 3)):
        if i:
            b("\n")
        b("  - name: ").e(P, g.zh_name())("\n    qqNo: ").e(QQ, g.qq())
    b("\n  # QQ群 ").tr("qq_context", g.qq_group())


# ------------------------------------------------------------- chat pos


@T("chat", POS, 1.5)
def chat_ua_zh(b, g):
    n = g.zh_name()
    b("用户：你好，我叫").e(P, n)("，手机号").e(MOB, g.mobile())("，想改一下收货地址。\n助手：好的，请提供新的地址。\n用户：").e(LOC, g.zh_addr())


@T("chat", POS, 2)
def chat_wechat(b, g):
    ck = Clock(g)
    a, c = g.zh_name(), g.zh_name()
    b.e(P, a)(" %02d:%02d\n明天把材料寄到" % ck.hm()).e(LOC, g.zh_addr())("吧\n").e(P, c)(" %02d:%02d\n好的，收到" % ck.hm())
    b("\n").e(P, a)(" %02d:%02d\n我电话" % ck.hm()).e(MOB, g.mobile())


@T("chat", POS, 2.5)
def chat_bracket_qq(b, g):
    ck = Clock(g)
    a, c = g.zh_name(), g.zh_name()
    b("[%02d:%02d] " % ck.hm()).e(P, a)("：群里说不方便，加我QQ ").e(QQ, g.qq())("\n[%02d:%02d] " % ck.hm()).e(P, c)("：好，晚点加你")


@T("chat", POS, 2)
def chat_en_support(b, g):
    n = g.en_name()
    b("user: Hi, I'm ").e(P, n)(", my SSN is ").e(SSN, g.ssn())(" and the refund never arrived.\nassistant: Sorry about that. Can you confirm your date of birth?\nuser: ")
    b.e(DOB, g.dob("en", g.ch(["long", "us"])))


@T("chat", POS, 1.5)
def chat_mixed_email(b, g):
    ck = Clock(g)
    a, c = g.py_name(), g.zh_name()
    b("[%02d:%02d] " % ck.hm()).e(P, a)(": 我的邮箱是 ").e(EMAIL, g.email(a))(", please send the contract there\n[%02d:%02d] " % ck.hm())
    b.e(P, c)("：收到，下午发")


@T("chat", POS, 2)
def chat_en_address(b, g):
    b("user: my birthday is ").e(DOB, g.dob("en", g.ch(["long", "dmy"])))(" and I moved to ").e(LOC, g.us_addr(True))
    b(" last month\nassistant: Thanks, I've updated your profile.")


@T("chat", POS, 2)
def chat_passport_zh(b, g):
    b("客户：护照号").e(PASS, g.passport())("，出生日期").e(DOB, g.dob("zh", g.ch(["dot", "iso", "zh"])))("，名字是").e(P, g.zh_name())
    b("\n客服：好的，已为您登记，请于出发前两小时到达机场。")


@T("chat", POS, 2)
def chat_wechat_kouku(b, g):
    ck = Clock(g)
    a = g.zh_name()
    b.e(P, a)(" %02d:%02d\n你扣扣多少？我把文件传你\n" % ck.hm()).e(P, g.zh_name())(" %02d:%02d\n扣扣 " % ck.hm()).e(QQ, g.qq())


@T("chat", POS, 1.5)
def chat_en_group(b, g):
    ck = Clock(g, 13, 21)
    a, c = g.en_name(), g.en_name()
    b("[%d:%02d PM] " % ck.pm()).e(P, a)(": call me at ").e(PHONE, g.us_phone())(" when you land\n[%d:%02d PM] " % ck.pm())
    b.e(P, c)(": will do, flight to Shanghai boards soon").tag("city_only")


@T("chat", POS)
def chat_slack_style(b, g):
    ck = Clock(g, 13, 21)
    a = g.en_name()
    b.e(P, a)("  %d:%02d PM\nnew laptop is ready, MAC " % ck.pm()).e(MAC, g.mac())(" is whitelisted on ").e(IP, g.ipv4())
    b("\n").e(P, g.en_name())("  %d:%02d PM\nthanks!" % ck.pm())


@T("chat", POS, 1.5)
def chat_ua_plate(b, g):
    b("用户：我的车牌是").e(PLATE, g.plate())("，昨天在地库被刮了\n助手：请提供车主姓名和联系方式。\n用户：").e(P, g.zh_name())("，").e(MOB, g.mobile())


@T("chat", POS, 2)
def chat_teacher_zh(b, g):
    ck = Clock(g)
    s = g.zh_name()
    b("班主任 %02d:%02d\n班里的" % ck.hm()).e(P, s)("同学生日是").e(DOB, g.dob("zh", "zh"))("，周五一起给他过\n家长 %02d:%02d\n好的，谢谢老师" % ck.hm())


@T("chat", POS, 1.5)
def chat_card_zh(b, g):
    ck = Clock(g)
    b("[%02d:%02d] 客服：请提供退款银行卡号\n[%02d:%02d] " % (ck.hm() + ck.hm()))
    n = g.zh_name()
    b.e(P, n)("：").e(CARD, g.card(style=g.ch(["space", "plain"])))("，户名").e(P, n)


# ------------------------------------------------------------- ticket pos


@T("ticket", POS, 1.5)
def ticket_zh_refund(b, g):
    b("工单号：T", g.digits(8), "\n客户：").e(P, g.zh_name())("\n联系电话：").e(MOB, g.mobile())("\n订单号：").tr("order", g.order())
    b("\n问题描述：商品破损，要求退款，退回地址：").e(LOC, g.zh_addr())


@T("ticket", POS)
def ticket_jira_en(b, g):
    n = g.en_name()
    b("SUP-", g.ri(1000, 9999), " | Reporter: ").e(P, n)(" | Email: ").e(EMAIL, g.email(n))(" | Summary: password reset link expired | Priority: P3")


@T("ticket", POS, 2)
def ticket_delivery_change(b, g):
    b("【工单】修改收货地址\n原地址：").e(LOC, g.zh_addr())("\n新地址：").e(LOC, g.zh_addr())("\n收件人：").e(P, g.zh_name())
    b("\n运单号：").tr("tracking", g.tracking().replace(" ", ""))


@T("ticket", POS)
def ticket_card_zh(b, g):
    n = g.zh_name()
    b("#", g.ri(10000, 99999), " 银行卡绑定失败\n持卡人：").e(P, n)("\n卡号：").e(CARD, g.card())("\n身份证：").e(RID, g.ric())
    b("\n客服热线已回访：").tr("hotline", g.hotline())


@T("ticket", POS, 2)
def ticket_us_identity(b, g):
    n = g.en_name()
    b("Case ", g.ri(100000, 999999), ": SSN mismatch\nCustomer ").e(P, n)(" says the SSN on file should be ").e(SSN, g.ssn())
    b(", date of birth ").e(DOB, g.dob("en"))(". Callback: ").e(PHONE, g.us_phone())


@T("ticket", POS)
def ticket_device_bind(b, g):
    b("INC", g.digits(7), " 设备绑定\n申请人：").e(P, g.zh_name())("\nMAC：").e(MAC, g.mac(g.ch(["DASH", "cisco", "colon"])))
    b("\nIP：").e(IP, g.ipv4())("\n备注：固件 ").tr("ip_like", g.ip_like())(" 已升级")


@T("ticket", POS, 2)
def ticket_passport_renew(b, g):
    b("Ticket #", g.ri(1000, 9999), " - passport renewal\nApplicant: ").e(P, g.py_name())("\nOld passport: ").e(PASS, g.passport())
    b("\nDate of birth: ").e(DOB, g.dob("en", g.ch(["dmy", "iso"])))("\nExpiry: ").tr("dob_like", g.rdate("en", 2025, 2026))


@T("ticket", POS)
def ticket_vehicle(b, g):
    b("违章申诉单\n车牌：").e(PLATE, g.plate())("\n车主：").e(P, g.zh_name())("\n驾驶证关联身份证：").e(RID, g.ric())("\n申诉理由：").tr("surname_words", g.ch(SURNAME_WORDS))


@T("ticket", POS, 2)
def ticket_dob_fix(b, g):
    b("工单 #", g.ri(10000, 99999), " 出生日期更正\n姓名：").e(P, g.zh_name())("\n原出生日期：").e(DOB, g.dob("zh"))("\n正确生日：").e(DOB, g.dob("zh"))
    b("\n入职日期：").tr("dob_like", g.fmt_date(g.date(1990, 2005), "zh"))


@T("ticket", POS, 2)
def ticket_qq_appeal(b, g):
    b("申诉工单\nQQ号：").e(QQ, g.qq())("\n绑定手机：").e(MOB, g.mobile())("\n常用登录IP：").e(IP, g.ipv4())("\n描述：账号被冻结，加过的QQ群 ").tr("qq_context", g.qq_group())(" 不是我建的")


@T("ticket", POS, 1.5)
def ticket_en_shipping(b, g):
    n = g.en_name()
    b("Zendesk #", g.ri(100000, 999999), "\nFrom: ").e(P, n)(" <").e(EMAIL, g.email(n))(">\nPlease ship the replacement to ").e(LOC, g.us_addr(True))
    b(". Order ").tr("order", g.order())(".")


@T("ticket", POS)
def ticket_company_invoice(b, g):
    b("开票申请\n抬头：", g.fz.company(), "\n税号：").e(USCC, g.uscc())("\n地址电话：").e(LOC, g.zh_addr(0))(" ").e(PHONE, g.landline("dash"))
    b("\n发票代码：").tr("invoice", g.invoice()[0])


# ------------------------------------------------------------- prose pos


@T("prose", POS, 2)
def prose_zh_news(b, g):
    b("居住在").e(LOC, g.zh_addr())("的").e(P, g.zh_name())(g.ch(["女士", "先生"]), "表示，", g.ch(["小区", "楼里"]), "的电梯已经停用三天了。")


@T("prose", POS, 2)
def prose_en_bio(b, g):
    b("Dr. ").e(P, g.en_name())(", born on ").e(DOB, g.dob("en", "long"))(", lives at ").e(LOC, g.us_addr(True))(" with two cats.")


@T("prose", POS, 2)
def prose_zh_class(b, g):
    b("班里的").e(P, g.zh_name())("同学生于").e(DOB, g.dob("zh", "zh"))("，").tr("surname_words", g.ch(SURNAME_WORDS))


@T("prose", POS)
def prose_en_letter(b, g):
    n = g.en_name()
    b("Dear Mr. ").e(P, n)(",\nThank you for your application. Please call ").e(PHONE, g.us_phone())(" or write to ").e(EMAIL, g.email(n))(" before Friday.")
    b.tag("capitalised")


@T("prose", POS, 2)
def prose_mixed_pinyin(b, g):
    b("我的英文地址是 ").e(LOC, g.py_addr())("，收件人写 ").e(P, g.py_name())(" 就可以。")


@T("prose", POS)
def prose_zh_notice(b, g):
    n = g.zh_name()
    b("请").e(P, n)("于本周五前将身份证复印件寄到").e(LOC, g.zh_addr())("，身份证号").e(RID, g.ric())("，如有疑问请联系").e(PHONE, g.landline())("。")


@T("prose", POS, 2)
def prose_en_police(b, g):
    b("The suspect, ").e(P, g.en_name())(", gave the address ").e(LOC, g.us_addr(True))(" and the Social Security number ").e(SSN, g.ssn())(".")


@T("prose", POS)
def prose_zh_signature(b, g):
    n = g.zh_name()
    b("如有疑问请联系").e(P, n)("，电话").e(PHONE, g.landline())("，邮箱 ").e(EMAIL, g.email())("。")


@T("prose", POS, 2)
def prose_en_travel(b, g):
    n = g.py_name()
    b.e(P, n)("'s passport ").e(PASS, g.passport())(" expires soon, so the flight to Shanghai may be rebooked.").tag("city_only")


@T("prose", POS, 2)
def prose_zh_qq(b, g):
    q = g.qq()
    b("有问题加我QQ ").e(QQ, q)("，或者发邮件到").e(EMAIL, q + "@qq.com")("，工作日都在。")


@T("prose", POS, 2)
def prose_zh_idiom_person(b, g):
    b.tr("idiom", g.ch(IDIOMS))("这次毛遂自荐的是").e(P, g.zh_name())("，他的出生日期是").e(DOB, g.dob("zh"))("。")


@T("prose", POS, 2)
def prose_en_moved(b, g):
    b("After ten years in the Beijing office, ").e(P, g.en_name())(" moved to ").e(LOC, g.py_addr())(" and now rides the subway to work.").tag("city_only")


@T("prose", POS, 1.5)
def prose_zh_plate(b, g):
    b("昨晚一辆车牌为").e(PLATE, g.plate())("的轿车停在").e(LOC, g.zh_addr(3))("门口，车主").e(P, g.zh_name())("称只是临时停靠。")


# ------------------------------------------------------------- trap fields for hard negatives
def trap_field(g, tag, lang):
    """Return (key, value) for one trap of the given tag; lang zh/en/code."""
    L = 0 if lang == "zh" else 1 if lang == "en" else 2

    def K(zh, en, code):
        return (zh, en, code)[L]
    if tag == "order":
        return K("订单号", "Order No.", "order_id"), g.order()
    if tag == "tracking":
        return K("运单号", "Tracking #", "tracking_no"), g.tracking()
    if tag == "invoice":
        c, n, ck = g.invoice()
        x = g.ri(0, 2)
        return [(K("发票代码", "Invoice code", "invoice_code"), c), (K("发票号码", "Invoice no.", "invoice_no"), n),
                (K("校验码", "Check code", "check_code"), ck)][x]
    if tag == "id_fail":
        return K("身份证号", "ID No.", "id_card"), g.id_fail()
    if tag == "luhn_fail":
        return g.ch([K("礼品卡序列号", "Gift card serial", "gift_card_sn"), K("支付流水号", "Payment ref", "payment_ref"),
                     K("订单编号", "Order ID", "order_ref")]), g.card(fail=True, style=g.ch(["plain", "plain", "space"]))
    if tag == "uscc_fail":
        return g.ch([K("备案编号", "Filing No.", "filing_no"), K("文书编号", "Document No.", "doc_no")]), g.uscc_fail()
    if tag == "version":
        return K("版本", "Version", "version"), g.version()
    if tag == "timestamp":
        return K("时间", "Timestamp", "ts"), g.timestamp()
    if tag == "date":
        return g.ch([K("下单日期", "Order date", "order_date"), K("发货日期", "Ship date", "ship_date"),
                     K("到期日", "Due date", "due_date")]), g.rdate("zh" if L == 0 else "en")
    if tag == "hash":
        return g.ch([K("校验和", "Checksum", "sha256"), K("提交", "Commit", "commit"), K("请求ID", "Request ID", "request_id")]), g.hash()
    if tag == "hotline":
        return K("客服热线", "Support line", "hotline"), g.hotline("zh" if L != 1 else "en")
    if tag == "product":
        return K("商品编码", "SKU", "sku"), g.product()
    if tag == "masked":
        return K("脱敏信息", "Masked", "masked"), g.masked()
    if tag == "email_like":
        return K("仓库", "Remote", "remote"), g.email_like()
    if tag == "passport_like":
        pl = g.passport_like()
        return pl[L], pl[3]
    if tag == "ssn_like":
        return K("零件号", "Part No.", "part_no"), g.ssn_like()
    if tag == "qq_context":
        if g.p(0.6):
            return K("QQ群", "QQ group", "qq_group"), g.qq_group()
        return K("QQ版本", "QQ client", "qq_client_ver"), g.qq_client()
    if tag == "mac_like":
        return K("证书指纹", "SHA1 Fingerprint", "cert_fp"), g.fingerprint()
    if tag == "ip_like":
        return K("固件版本", "Firmware", "firmware"), g.ip_like()
    if tag == "dob_like":
        if L == 2:
            old = g.fmt_date(g.date(1985, 2005), "en", "iso")
            return g.ch([("hire_date", old), ("founded_on", old), ("signed_at", old),
                         ("cake_pickup_date", g.rdate("zh")), ("birth_cert_deadline", g.rdate("zh"))])
        return g.dob_like("zh" if L == 0 else "en")
    if tag == "city_only":
        x = g.ri(0, 2)
        if L == 0:
            return [("城市", g.ch(["北京", "上海", "深圳", "杭州", "成都"])), ("出发地", g.ch(["浦东机场", "首都机场", "虹桥站", "广州南站"])),
                    ("公司", g.ch(COMPANIES_ZH))][x]
        keys = [("City", "Office", "Company"), ("city", "office", "company")][L - 1]
        return [(keys[0], g.ch(["Beijing", "Shanghai", "Chengdu", "Austin", "Boston"])),
                (keys[1], g.ch(["the Beijing office", "Shanghai branch", "Shenzhen HQ"])), (keys[2], g.ch(COMPANIES_EN))][x]
    if tag == "plate_like":
        return K("指数", "Index", "index"), g.ch(["沪深300", "京津冀", "京A股"])
    if tag == "surname_words":
        return K("备注", "Note", "note"), g.ch(SURNAME_WORDS)
    if tag == "idiom":
        return K("评语", "Comment", "comment"), g.ch(IDIOMS)
    if tag == "capitalised":
        return K("说明", "Note", "note"), g.ch(CAPITALISED)
    raise KeyError(tag)


def same_key(g, tag, lang, key):
    for _ in range(50):
        k, v = trap_field(g, tag, lang)
        if k == key:
            return v
    return v


STRUCT_TAGS = ["order", "tracking", "invoice", "id_fail", "luhn_fail", "uscc_fail", "version", "timestamp",
               "date", "hash", "hotline", "product", "masked", "email_like", "passport_like", "ssn_like",
               "qq_context", "mac_like", "ip_like", "dob_like", "city_only", "plate_like"]
HARD_W = {"city_only": 3, "passport_like": 3, "ssn_like": 3, "dob_like": 3, "qq_context": 3, "masked": 2,
          "id_fail": 2, "luhn_fail": 2, "email_like": 1.5, "ip_like": 1.5, "mac_like": 1.5}


def pick_tags(g, pool, k, primary=None):
    tags = [primary] if primary else []
    while len(tags) < k:
        w = [HARD_W.get(t, 1) for t in pool]
        t = g.r.choices(pool, w)[0]
        if t not in tags:
            tags.append(t)
    return tags


def trap_items(b, g, lang, tags):
    items = []
    for t in tags:
        k, v = trap_field(g, t, lang)
        items.append((k, Trap(t, v)))
    return items


FILLERS_CODE = [("status", "ok"), ("env", "prod"), ("retry", "0"), ("region", "cn-north-1"), ("module", "billing"),
                ("cache", "hit"), ("queue", "orders"), ("worker", "w-3")]
FILLERS_ZH = [("状态", "已完成"), ("处理人", "系统"), ("渠道", "小程序"), ("备注", "无"), ("级别", "普通"), ("类型", "咨询")]
FILLERS_EN = [("Status", "Closed"), ("Channel", "Web"), ("Priority", "Low"), ("Queue", "Billing"), ("Type", "Question")]

# ------------------------------------------------------------- hard negatives: kv_log


@T("kv_log", HN, 2)
def hn_kv_logfmt(b, g):
    tags = pick_tags(g, STRUCT_TAGS, g.ri(1, 3))
    items = [("level", g.ch(["info", "warn", "debug"]))] + trap_items(b, g, "code", tags) + [g.ch(FILLERS_CODE)]
    kv(b, items)


@T("kv_log", HN)
def hn_kv_pipe(b, g):
    b(g.ch(["INFO", "WARN", "ERROR"]), " | ", g.ch(["gateway", "billing", "wms", "crm"]), " | ")
    tags = pick_tags(g, STRUCT_TAGS, g.ri(2, 3))
    kv(b, trap_items(b, g, "code", tags), sep=" | ")


@T("kv_log", HN, 1.5)
def hn_kv_bracket_zh(b, g):
    b("[", g.ch(["INFO", "WARN"]), "] [", g.ch(["订单中心", "仓储", "财务", "风控"]), "] ")
    tags = pick_tags(g, STRUCT_TAGS, g.ri(1, 3))
    kv(b, trap_items(b, g, "zh", tags) + [g.ch(FILLERS_ZH)], sep="，", eq="：", quote=False)


@T("kv_log", HN)
def hn_kv_nginx_static(b, g):
    b("lb-internal - - [").tr("timestamp", g.nginx_time())('] "GET /static/app.').tr("hash", g.hash()[:8])('.js HTTP/2.0" 200 ', g.ri(1000, 90000))
    b(' "-" "').tr("version", g.ua())('"')


@T("kv_log", HN, 1.5)
def hn_kv_git_clone(b, g):
    b("ci[", g.ri(100, 999), "]: cloning ").tr("email_like", g.email_like())(" ref=main commit=").tr("hash", "%012x" % g.r.getrandbits(48))(" took=", g.ri(2, 40), "s")


@T("kv_log", HN, 2)
def hn_kv_employee(b, g):
    b("hr.sync emp_no=").tr("passport_like", "E%d%04d" % (g.ri(2015, 2025), g.ri(1, 9999)))(" batch=").tr("passport_like", "G" + g.date(2023, 2025).strftime("%Y%m%d"))
    b(" train=", g.ch(["G", "D", "K"]), g.ri(10, 9999), " dept=ops")


@T("kv_log", HN, 2)
def hn_kv_ssn_like(b, g):
    b("inventory.move part_no=").tr("ssn_like", g.ssn_like())(" form_ref=").tr("ssn_like", g.ssn_like())(" qty=", g.ri(1, 500), " bin=A-", g.ri(1, 40))


@T("kv_log", HN, 2)
def hn_kv_masked(b, g):
    b("notify.sms 手机=").tr("masked", g.mobile("plain")[:3] + "****" + g.digits(4, False))
    b(" 姓名=").tr("masked", g.fz.last_name() + "**")(" 证件=").tr("masked", g.ch(RIC_REGIONS) + "********" + g.digits(4, False))(" 模板=T0", g.ri(10, 99))


@T("kv_log", HN, 2)
def hn_kv_city(b, g):
    b("travel.request dest=").tr("city_only", g.ch(["北京", "上海", "Shenzhen", "Chengdu"]))(" depart_from=").tr("city_only", g.ch(["浦东机场", "首都机场", "虹桥站"]))
    b(' office="').tr("city_only", g.ch(["the Beijing office", "the Shanghai branch", "上海分公司"]))('" nights=', g.ri(1, 6))


@T("kv_log", HN)
def hn_kv_fingerprint(b, g):
    b("sshd: Server host key fingerprint MD5:").tr("mac_like", g.fingerprint(16))(" cert_sha1=").tr("mac_like", g.fingerprint(20))


@T("kv_log", HN, 2)
def hn_kv_qq(b, g):
    b("im.notice qq_group=").tr("qq_context", g.qq_group())(" qq_client=").tr("qq_context", g.qq_client())(" members=", g.ri(20, 2000))


# ------------------------------------------------------------- hard negatives: json_log


@T("json_log", HN, 2)
def hn_js_compact(b, g):
    tags = pick_tags(g, STRUCT_TAGS, g.ri(1, 3))
    d = {"level": g.ch(["info", "warn"])}
    for k, v in trap_items(b, g, "code", tags):
        d[k] = v
    fk, fv = g.ch(FILLERS_CODE)
    d[fk] = fv
    jrender(b, d)


@T("json_log", HN, 1.5)
def hn_js_pretty_nested(b, g):
    tags = pick_tags(g, STRUCT_TAGS, g.ri(2, 4))
    items = trap_items(b, g, "code", tags)
    jrender(b, {"event": g.ch(["sync", "export", "audit"]), "data": dict(items[:2]), "meta": dict(items[2:]) or {"ok": Raw("true")}}, pretty=True)


@T("json_log", HN)
def hn_js_invoice(b, g):
    c, n, ck = g.invoice()
    jrender(b, {"invoice_code": Trap("invoice", c), "invoice_no": Trap("invoice", n), "check_code": Trap("invoice", ck),
                "issued": Trap("date", g.rdate("zh"))})


@T("json_log", HN, 1.5)
def hn_js_pkg(b, g):
    jrender(b, {"dependencies": {"lodash": Trap("email_like", "lodash@4.17.21"), "types": Trap("email_like", "@types/node@20.1.0")},
                "engine": Trap("version", g.version())}, pretty=g.p(0.5))


@T("json_log", HN, 2)
def hn_js_hire(b, g):
    jrender(b, {"employee": {"emp_no": Trap("passport_like", "E%d%04d" % (g.ri(2015, 2025), g.ri(1, 9999))),
                             "hire_date": Trap("dob_like", g.fmt_date(g.date(1985, 2005), "zh", "iso")),
                             "dept": g.ch(["财务部", "IT", "仓储"])}})


@T("json_log", HN, 1.5)
def hn_js_idfail(b, g):
    jrender(b, {"id_card": Trap("id_fail", g.id_fail()), "verify": "FAILED", "reason": "checksum_or_date"})


@T("json_log", HN)
def hn_js_cert(b, g):
    jrender(b, {"cert": {"cn": "api.example.org", "sha1_fingerprint": Trap("mac_like", g.fingerprint(20)),
                         "not_after": Trap("timestamp", g.timestamp())}}, pretty=True)


@T("json_log", HN, 1.5)
def hn_js_uscc_fail(b, g):
    jrender(b, {"filing_no": Trap("uscc_fail", g.uscc_fail()), "status": "rejected", "company": Trap("city_only", g.ch(COMPANIES_ZH))})


@T("json_log", HN)
def hn_js_msg(b, g):
    t = g.ch(["surname_words", "idiom", "capitalised"])
    pool = {"surname_words": SURNAME_WORDS, "idiom": IDIOMS, "capitalised": CAPITALISED}[t]
    jrender(b, {"ts": Trap("timestamp", g.timestamp()), "msg": Trap(t, g.ch(pool)), "lvl": "INFO"})


# ------------------------------------------------------------- hard negatives: md_table


@T("md_table", HN, 2)
def hn_md_generic_zh(b, g):
    tags = pick_tags(g, STRUCT_TAGS, g.ri(2, 3))
    hdr, rows = [], [[] for _ in range(g.ri(2, 3))]
    for t in tags:
        k, _ = trap_field(g, t, "zh")
        hdr.append(k)
        for r in rows:
            r.append(Trap(t, same_key(g, t, "zh", k)))
    table(b, hdr + ["状态"], [r + [g.ch(["正常", "已处理", "待审核"])] for r in rows])


@T("md_table", HN, 1.5)
def hn_md_generic_en(b, g):
    tags = pick_tags(g, STRUCT_TAGS, g.ri(2, 3))
    hdr, rows = ["#"], [[str(i + 1)] for i in range(g.ri(2, 3))]
    for t in tags:
        k = trap_field(g, t, "en")[0]
        hdr.append(k)
        for r in rows:
            r.append(Trap(t, same_key(g, t, "en", k)))
    table(b, hdr, rows)


@T("md_table", HN, 2)
def hn_md_cities(b, g):
    rows = [[Trap("city_only", c), str(g.ri(1, 80)), g.ch(["华北", "华东", "华南", "西南"])] for c in g.r.sample(["北京", "上海", "广州", "深圳", "成都", "杭州", "武汉", "西安"], 3)]
    table(b, ["城市", "门店数", "大区"], rows)


@T("md_table", HN, 2)
def hn_md_dates(b, g):
    rows = []
    for _ in range(g.ri(2, 4)):
        k, v = g.dob_like("zh")
        rows.append([k, Trap("dob_like", v)])
    table(b, ["事项", "日期"], rows)


@T("md_table", HN, 2)
def hn_md_parts(b, g):
    rows = [[Trap("ssn_like", g.ssn_like()), g.ch(["Hex bolt M8", "Gasket", "Bearing 6204", "Relay 24V"]), str(g.ri(1, 99)), Trap("product", g.product())] for _ in range(g.ri(2, 3))]
    table(b, ["Part No.", "Description", "Qty", "SKU"], rows)


@T("md_table", HN, 2)
def hn_md_qqgroups(b, g):
    rows = [[g.ch(["前端交流群", "考研互助", "摄影爱好者", "业主群"]), Trap("qq_context", g.qq_group()), str(g.ri(50, 2000))] for _ in range(g.ri(2, 3))]
    table(b, ["群名称", "QQ群号", "人数"], rows)


@T("md_table", HN, 1.5)
def hn_md_masked(b, g):
    rows = [[Trap("masked", g.fz.last_name() + "**"), Trap("masked", g.mobile("plain")[:3] + "****" + g.digits(4, False)), g.ch(["已签收", "派送中"])] for _ in range(g.ri(2, 4))]
    table(b, ["客户", "手机", "状态"], rows)


@T("md_table", HN)
def hn_md_builds(b, g):
    rows = [[g.ch(["BIOS", "BMC", "NIC", "OS"]), Trap("ip_like", g.ip_like()), Trap("version", g.version())] for _ in range(g.ri(2, 3))]
    table(b, ["Component", "Build", "Agent"], rows)


# ------------------------------------------------------------- hard negatives: csv


@T("csv", HN, 2)
def hn_csv_noheader(b, g):
    pool = [t for t in STRUCT_TAGS if t not in ("qq_context", "dob_like", "passport_like")]
    tags = pick_tags(g, pool, g.ri(2, 3))
    rows = [[Trap(t, trap_field(g, t, "code")[1]) for t in tags] + [g.ch(["ok", "done", "pending"])] for _ in range(g.ri(2, 4))]
    csvrows(b, rows, g.ch([",", ";", "\t"]))


@T("csv", HN, 1.5)
def hn_csv_header(b, g):
    tags = pick_tags(g, STRUCT_TAGS, g.ri(2, 3))
    hdr = [trap_field(g, t, "code")[0] for t in tags]
    rows = [hdr] + [[Trap(t, same_key(g, t, "code", k)) for t, k in zip(tags, hdr)] for _ in range(g.ri(2, 3))]
    csvrows(b, rows, g.ch([",", ";"]))


@T("csv", HN)
def hn_csv_hashes(b, g):
    rows = [["file", "sha256", "size"]] + [["release-%d.tar.gz" % g.ri(1, 99), Trap("hash", "%064x" % g.r.getrandbits(256)), str(g.ri(1000, 999999))] for _ in range(g.ri(2, 3))]
    csvrows(b, rows)


@T("csv", HN, 2)
def hn_csv_employees(b, g):
    rows = [["工号", "部门", "入职日期"]] + [[Trap("passport_like", "E%d%04d" % (g.ri(2015, 2025), g.ri(1, 9999))), g.ch(["研发", "销售", "财务"]),
                                          Trap("dob_like", g.fmt_date(g.date(1985, 2005), "zh", "iso"))] for _ in range(g.ri(2, 3))]
    csvrows(b, rows)


@T("csv", HN, 1.5)
def hn_csv_giftcards(b, g):
    rows = [["serial", "value", "expiry"]] + [[Trap("luhn_fail", g.card(fail=True, style="plain")), "$%d" % g.ch([25, 50, 100]), Trap("date", g.rdate("en", 2026, 2028))] for _ in range(g.ri(2, 3))]
    csvrows(b, rows)


@T("csv", HN, 1.5)
def hn_csv_idfail(b, g):
    rows = [["id_card", "status"]] + [[Trap("id_fail", g.id_fail()), "invalid"] for _ in range(g.ri(2, 3))]
    csvrows(b, rows)


@T("csv", HN)
def hn_csv_waybills(b, g):
    rows = [["carrier", "tracking", "status"]]
    for _ in range(g.ri(2, 4)):
        c = g.ch(["SF", "YTO", "JT", "ZTO", "EMS", "UPS", "USPS"])
        rows.append([c, Trap("tracking", g.tracking(c)), g.ch(["in_transit", "delivered"])])
    csvrows(b, rows, ";")


# ------------------------------------------------------------- hard negatives: form


@T("form", HN, 2)
def hn_form_zh(b, g):
    tags = pick_tags(g, STRUCT_TAGS, g.ri(2, 4))
    for i, (k, v) in enumerate(trap_items(b, g, "zh", tags)):
        if i:
            b("\n")
        b(k, "：").put(v)


@T("form", HN, 1.5)
def hn_form_en(b, g):
    tags = pick_tags(g, STRUCT_TAGS, g.ri(2, 4))
    for i, (k, v) in enumerate(trap_items(b, g, "en", tags)):
        if i:
            b("\n")
        b(k, ": ").put(v)


@T("form", HN, 1.5)
def hn_form_bracket(b, g):
    tags = pick_tags(g, STRUCT_TAGS, g.ri(2, 3))
    for i, (k, v) in enumerate(trap_items(b, g, "zh", tags)):
        b("\n" if i else "", "【", k, "】").put(v)


@T("form", HN)
def hn_form_invoice(b, g):
    c, n, ck = g.invoice()
    b("发票代码：").tr("invoice", c)("\n发票号码：").tr("invoice", n)("\n开票日期：").tr("date", g.rdate("zh"))("\n校验码：").tr("invoice", ck)


@T("form", HN, 2)
def hn_form_company(b, g):
    b("公司名称：").tr("city_only", g.ch(COMPANIES_ZH))("\n所在城市：").tr("city_only", g.ch(["北京", "上海", "深圳", "杭州"]))
    b("\n办公地点：").tr("city_only", g.ch(["望京SOHO", "陆家嘴", "中关村", "前海"]))("\n客服热线：").tr("hotline", g.hotline())


@T("form", HN, 2)
def hn_form_masked(b, g):
    b("姓名：").tr("masked", g.fz.last_name() + "**")("\n手机：").tr("masked", g.mobile("plain")[:3] + "****" + g.digits(4, False))
    b("\n邮箱：").tr("masked", g.ch("abcdefghjk") + "***@163.com")("\n银行卡：").tr("masked", "**** **** **** " + g.digits(4, False))


@T("form", HN, 2)
def hn_form_ssn_like(b, g):
    b("Form ref: ").tr("ssn_like", g.ssn_like())("\nPart No.: ").tr("ssn_like", g.ssn_like())("\nRevision: ").tr("version", g.version())


@T("form", HN, 2)
def hn_form_dob_like(b, g):
    b("- 生日蛋糕订单\n- 取货日期：").tr("dob_like", g.rdate("zh"))("\n- 蛋糕尺寸：", g.ri(6, 12), "寸\n- 祝福语：生日快乐")


@T("form", HN, 2)
def hn_form_passport_like(b, g):
    b("工号：").tr("passport_like", "E%d%04d" % (g.ri(2015, 2025), g.ri(1, 9999)))("\n批次号：").tr("passport_like", "G" + g.date(2023, 2025).strftime("%Y%m%d"))
    b("\n车次：", g.ch(["G", "D"]), g.ri(10, 9999), "\nEMS单号：").tr("tracking", "E" + g.ch("ABCMR") + g.digits(9, False) + "CN")


# ------------------------------------------------------------- hard negatives: code


@T("code", HN, 1.5)
def hn_code_packagejson(b, g):
    b('{\n  "name": "web-app",\n  "version": "').tr("version", g.version().lstrip("v"))('",\n  "scripts": { "postinstall": "npx ').tr("email_like", g.ch(["lodash@4.17.21", "@types/node@20.1.0", "react@18.2.0"]))
    b('" }\n}')


@T("code", HN, 1.5)
def hn_code_shell(b, g):
    b.tr("email_like", g.ch(["root@web-01:~$", "deploy@ci-runner-2:/srv$"]))(" git remote add origin ").tr("email_like", "git@github.com:acme/%s.git" % g.ch(["payments", "etl", "infra"]))
    b("\n$ git log -1 --format=%h\n").tr("hash", g.hash()[:7])


@T("code", HN, 2)
def hn_code_pytest_bad(b, g):
    b("@pytest.mark.parametrize(\"bad\", [\n    \"").tr("luhn_fail", g.card(fail=True, style="plain"))("\",  # Luhn fails\n    \"").tr("id_fail", g.id_fail())
    b("\",  # bad check digit or date\n])\ndef test_rejects(bad):\n    assert not is_valid(bad)")


@T("code", HN)
def hn_code_env(b, g):
    b("APP_VERSION=").tr("version", g.version())("\nRELEASE_SHA=").tr("hash", "%040x" % g.r.getrandbits(160))("\nSUPPORT_HOTLINE=").tr("hotline", g.hotline())


@T("code", HN)
def hn_code_sql_orders(b, g):
    b("INSERT INTO orders (order_no, created_at, sku) VALUES ('").tr("order", g.order())("', '").tr("timestamp", g.ts_iso())("', '").tr("product", g.product())("');")


@T("code", HN, 1.5)
def hn_code_yaml_fw(b, g):
    b("device:\n  model: ").tr("product", g.ch(["RT-AX88U", "DS220+", "EAP245", "USW-24-POE", "C9200L-24T"]))("\n  firmware: ").tr("ip_like", g.ip_like())("\n  build: ").tr("ip_like", "10.0.%d.%d" % (g.ri(17000, 22999), g.ri(100, 4000)))


@T("code", HN, 1.5)
def hn_code_mask_doc(b, g):
    m = g.mobile("plain")
    b("def mask_mobile(s):\n    \"\"\"'", m[:3], "****", m[7:], "' is already masked.\"\"\"\n    return s[:3] + '****' + s[7:]").tag("masked")


@T("code", HN)
def hn_code_go_index(b, g):
    b("var benchmarks = []string{\"").tr("plate_like", "沪深300")("\", \"").tr("plate_like", g.ch(["京津冀", "京A股"]))("\"}\n// ").tr("city_only", g.ch(CITY_ONLY_ZH))


@T("code", HN, 1.5)
def hn_code_java_hn(b, g):
    tags = pick_tags(g, STRUCT_TAGS, 2)
    b("Record r = Record.builder()")
    for k, v in trap_items(b, g, "code", tags):
        b("\n    .", k.replace("_", ""), "(\"").put(v)("\")")
    b("\n    .build();")


# ------------------------------------------------------------- hard negatives: chat


@T("chat", HN, 3)
def hn_chat_idiom(b, g):
    b("用户：").tr("idiom", g.ch(IDIOMS))("\n助手：").tr("idiom", g.ch(IDIOMS))


@T("chat", HN, 3)
def hn_chat_surname(b, g):
    ck = Clock(g)
    b("[%02d:%02d] 客服：" % ck.hm()).tr("surname_words", g.ch(SURNAME_WORDS))("\n[%02d:%02d] 用户：" % ck.hm()).tr("surname_words", g.ch(SURNAME_WORDS))


@T("chat", HN, 2)
def hn_chat_capitalised(b, g):
    b("user: ").tr("capitalised", g.ch(CAPITALISED))("\nassistant: Sure. ").tr("capitalised", g.ch(CAPITALISED))


@T("chat", HN, 2)
def hn_chat_city(b, g):
    ck = Clock(g)
    b("我 %02d:%02d\n" % ck.hm()).tr("city_only", g.ch(CITY_ONLY_ZH))("\n对方 %02d:%02d\n" % ck.hm()).tr("city_only", g.ch(CITY_ONLY_ZH))


@T("chat", HN, 2)
def hn_chat_cake(b, g):
    b("用户：我订的生日蛋糕哪天能取？\n客服：取货日期是").tr("dob_like", g.rdate("zh"))("，订单号").tr("order", g.order())("。")


@T("chat", HN, 2)
def hn_chat_qq_group(b, g):
    ck = Clock(g)
    b("[%02d:%02d] 群助手：新人请加QQ群 " % ck.hm()).tr("qq_context", g.qq_group())("，QQ版本低于 ").tr("qq_context", g.qq_client())(" 请先升级")


@T("chat", HN, 1.5)
def hn_chat_masked(b, g):
    m = g.mobile("plain")
    b("客服：您预留的手机号是").tr("masked", m[:3] + "****" + m[7:])("吗？\n用户：对，身份证是").tr("masked", g.ch(RIC_REGIONS) + "********" + g.digits(4, False))("那张。")


@T("chat", HN, 1.5)
def hn_chat_train(b, g):
    b("用户：我坐", g.ch(["G", "D"]), g.ri(10, 9999), "次，员工卡上的工号是").tr("passport_like", "E%d%04d" % (g.ri(2015, 2025), g.ri(1, 9999)))
    b("\n助手：好的，报销单上填工号即可，不需要护照。")


@T("chat", HN)
def hn_chat_en_hotline(b, g):
    b("user: what's the number for billing?\nassistant: Call ").tr("hotline", g.hotline("en"))(" or ").tr("hotline", g.hotline("en"))(", open Monday to Friday.").tag("capitalised")


# ------------------------------------------------------------- hard negatives: ticket


@T("ticket", HN, 1.5)
def hn_ticket_zh(b, g):
    tags = pick_tags(g, STRUCT_TAGS, g.ri(2, 3))
    b("工单 #", g.ri(10000, 99999), " ", g.ch(["物流查询", "发票问题", "退款", "账号异常"]), "\n")
    for i, (k, v) in enumerate(trap_items(b, g, "zh", tags)):
        b("\n" if i else "", k, "：").put(v)


@T("ticket", HN, 1.5)
def hn_ticket_en(b, g):
    tags = pick_tags(g, STRUCT_TAGS, g.ri(2, 3))
    b("Ticket ", g.ri(1000, 9999), " [", g.ch(["Billing", "Shipping", "Account"]), "]\n")
    for i, (k, v) in enumerate(trap_items(b, g, "en", tags)):
        b("\n" if i else "", k, ": ").put(v)


@T("ticket", HN, 2)
def hn_ticket_ssnlike(b, g):
    b("Case ", g.ri(100000, 999999), ": customer quoted form ref ").tr("ssn_like", g.ssn_like())(" on the warranty card; part ").tr("ssn_like", g.ssn_like())(" ships Monday.").tag("capitalised")


@T("ticket", HN, 1.5)
def hn_ticket_giftcard(b, g):
    b("Gift card serial ").tr("luhn_fail", g.card(fail=True, style="plain"))(" shows balance $0. Payment ref ").tr("luhn_fail", g.card(fail=True, style="plain"))(".")


@T("ticket", HN, 2)
def hn_ticket_birthcert(b, g):
    b("【工单】新生儿落户咨询\n出生证明办理截止：").tr("dob_like", g.rdate("zh"))("\n受理城市：").tr("city_only", g.ch(["北京", "上海", "广州"]))("\n热线：").tr("hotline", g.hotline())


@T("ticket", HN)
def hn_ticket_build(b, g):
    b("INC", g.digits(7), ": Windows build ").tr("ip_like", "10.0.19045.%d" % g.ri(1000, 5000))(" blue-screens after driver ").tr("ip_like", "4.18.305.2")(" update.")


@T("ticket", HN, 1.5)
def hn_ticket_capitalised(b, g):
    b("Ticket ", g.ri(1000, 9999), ": ").tr("capitalised", g.ch(CAPITALISED))(" ").tr("capitalised", g.ch(CAPITALISED))


# ------------------------------------------------------------- hard negatives: prose


@T("prose", HN, 3.5)
def hn_prose_surname(b, g):
    for s in g.r.sample(SURNAME_WORDS, 3):
        b.tr("surname_words", s)


@T("prose", HN, 3.5)
def hn_prose_idiom(b, g):
    for s in g.r.sample(IDIOMS, 2):
        b.tr("idiom", s)


@T("prose", HN, 2.5)
def hn_prose_capitalised(b, g):
    b.tr("capitalised", " ".join(g.r.sample(CAPITALISED, 2)))


@T("prose", HN, 2.5)
def hn_prose_city(b, g):
    if g.p(0.5):
        b.tr("city_only", "".join(g.r.sample(CITY_ONLY_ZH, 2)))
    else:
        b.tr("city_only", " ".join(g.r.sample(CITY_ONLY_EN, 2)))


@T("prose", HN, 1.5)
def hn_prose_plate_like(b, g):
    b.tr("plate_like", g.ch(PLATE_LIKE))(g.ch(["分析师认为后市仍有波动。", "市场情绪整体偏谨慎。", "成交量较昨日放大。"]))


@T("prose", HN, 2)
def hn_prose_dob_like(b, g):
    d = g.date(1985, 2005)
    b("公司成立于").tr("dob_like", g.fmt_date(d, "zh", "zh"))("，首个订单在").tr("date", g.rdate("zh", 2005, 2008))("发货，至今已服务上万家客户。")


@T("prose", HN, 2)
def hn_prose_brands(b, g):
    b.tr("capitalised", g.ch(["He queued for Air Jordan 1s outside the Lincoln Center store.", "Siri and Alexa both misheard the word Python.",
                              "We watched the Macy's parade, then had dinner near Lincoln Center."]))(" ").tr("city_only", g.ch(CITY_ONLY_EN))


@T("prose", HN, 2)
def hn_prose_company_landmark(b, g):
    b.tr("city_only", g.ch(COMPANIES_ZH))("在", g.ch(["外滩", "陆家嘴", "中关村", "西湖边"]), "举办了发布会，", g.ch(["现场来了很多人。", "吸引了不少媒体。"]))


@T("prose", HN)
def hn_prose_en_dates(b, g):
    d = g.date(1985, 2005)
    b("The company was founded on ").tr("dob_like", g.fmt_date(d, "en", "long"))(", and the lease was signed on ").tr("dob_like", g.fmt_date(g.date(1985, 2005), "en", "us"))
    b("; the next audit is due ").tr("date", g.rdate("en", 2025, 2026))(".")


# ------------------------------------------------------------- extra mixed positives


@T("chat", POS, 2)
def chat_mixed_meeting(b, g):
    ck = Clock(g)
    a, c = g.py_name(), g.zh_name()
    b("[%02d:%02d] " % ck.hm()).e(P, a)(": 明天的 client meeting 改到下午三点\n[%02d:%02d] " % ck.hm()).e(P, c)("：好的，我把会议室订在")
    b.e(LOC, g.zh_addr(2))("\n[%02d:%02d] " % ck.hm()).e(P, a)(": great, see you there")


@T("prose", POS, 2)
def prose_mixed_delivery(b, g):
    n = g.zh_name()
    b("Please deliver to ").e(LOC, g.zh_addr())(", contact ").e(P, n)(" at ").e(MOB, g.mobile(g.ch(["p86", "p86d", "dash"])))(" before noon.")


@T("ticket", POS, 2)
def ticket_mixed_login(b, g):
    n = g.py_name()
    b("Ticket #", g.ri(1000, 9999), " 客户 ").e(P, n)(" reports 无法登录 since yesterday\nPhone: ").e(MOB, g.mobile("p86"))("\nLast login IP: ").e(IP, g.ip())
    b("\n备注：客户生日 ").e(DOB, g.dob("zh", "iso"))(" 用于身份核验")


@T("form", POS, 2)
def form_mixed_visa(b, g):
    b("Applicant 申请人: ").e(P, g.py_name())("\nHome address 家庭住址: ").e(LOC, g.py_addr())("\nPassport 护照: ").e(PASS, g.passport())
    b("\nQQ (optional 选填): ").e(QQ, g.qq())


@T("md_table", POS, 2)
def md_mixed_roster(b, g):
    rows = [[Ent(P, g.ch([g.py_name, g.zh_name])()), Ent(EMAIL, g.email()), Ent(SSN, g.ssn()) if g.p(0.5) else Ent(PASS, g.passport()),
             g.ch(["new hire", "contractor", "visiting scholar"])] for _ in range(g.ri(2, 3))]
    table(b, ["姓名 / Name", "Email", "证件 ID", "备注 Note"], rows)


# ------------------------------------------------------------- extra PERSON-trap hard negatives


@T("kv_log", HN, 2)
def hn_kv_msg_zh(b, g):
    t = g.ch(["surname_words", "idiom"])
    b("level=info svc=comment msg=\"").tr(t, g.ch(SURNAME_WORDS if t == "surname_words" else IDIOMS))("\" len=", g.ri(10, 80))


@T("ticket", HN, 2)
def hn_ticket_surname_zh(b, g):
    b("工单 #", g.ri(10000, 99999), " 用户反馈\n描述：").tr("surname_words", g.ch(SURNAME_WORDS))("\n客服回复：").tr("idiom", g.ch(IDIOMS))


@T("md_table", HN, 2)
def hn_md_comments(b, g):
    rows = []
    for t, x in g.r.sample([("surname_words", x) for x in SURNAME_WORDS] + [("idiom", x) for x in IDIOMS], g.ri(2, 3)):
        rows.append([Trap(t, x), g.ch(["A", "B", "C"])])
    table(b, ["评语", "等级"], rows)


@T("chat", HN, 2)
def hn_chat_mixed_capitalised(b, g):
    b("用户：Siri 和 Alexa 哪个更好用？\n助手：").tr("capitalised", g.ch(CAPITALISED))("\n用户：那我 Monday 再试试 Python 版本。")


@T("prose", HN, 2)
def hn_prose_mixed_brands(b, g):
    b("周末在 Lincoln Center 附近买了一双 Air Jordan，").tr("capitalised", g.ch(CAPITALISED))(" ").tr("city_only", g.ch(CITY_ONLY_ZH))


@T("json_log", HN, 2)
def hn_js_review(b, g):
    t = g.ch(["surname_words", "idiom", "capitalised"])
    jrender(b, {"review": {"rating": Raw(str(g.ri(1, 5))), "text": Trap(t, g.ch({"surname_words": SURNAME_WORDS, "idiom": IDIOMS, "capitalised": CAPITALISED}[t])),
                           "author": Trap("masked", g.fz.last_name() + "**")}})


@T("csv", HN, 2)
def hn_csv_reviews(b, g):
    rows = [["评分", "评论"]]
    for _ in range(g.ri(2, 3)):
        t = g.ch(["surname_words", "idiom"])
        rows.append([str(g.ri(1, 5)), Trap(t, g.ch(SURNAME_WORDS if t == "surname_words" else IDIOMS).replace("，", " "))])
    csvrows(b, rows)


@T("code", HN, 2)
def hn_code_comment(b, g):
    b("# ").tr("idiom", g.ch(IDIOMS))("\n# ").tr("surname_words", g.ch(SURNAME_WORDS))("\ndef retry(fn, times=", g.ri(2, 5), "):\n    ...")


@T("form", HN, 2)
def hn_form_en_capitalised(b, g):
    b("Subject: ").tr("capitalised", g.ch(["Grace period reminder", "Bill Payment failed", "Mark the task complete", "May newsletter"]))
    b("\nBody: ").tr("capitalised", g.ch(CAPITALISED))("\nAssistant: ", g.ch(["Siri", "Alexa"]))


# ------------------------------------------------------------- negatives
@T("kv_log", NEG)
def neg_kv(b, g):
    b("level=info svc=", g.ch(["search", "cart", "feed", "notify"]), ' msg="', g.ch(["cache warmed", "index rebuilt", "job finished", "queue drained"]),
      '" items=', g.ri(1, 5000), " took_ms=", g.ri(1, 900))


@T("kv_log", NEG)
def neg_kv_zh(b, g):
    b("[INFO] [", g.ch(["调度", "库存", "推荐"]), "] 任务完成，处理", g.ri(10, 9999), "条，失败", g.ri(0, 5), "条，耗时", g.ri(1, 90), "秒")


@T("json_log", NEG)
def neg_js(b, g):
    jrender(b, {"level": "debug", "module": g.ch(["scheduler", "router", "metrics"]), "event": g.ch(["tick", "flush", "reload"]),
                "count": Raw(str(g.ri(0, 999))), "ok": Raw(g.ch(["true", "false"]))}, pretty=g.p(0.4))


@T("md_table", NEG)
def neg_md(b, g):
    rows = [[m, str(g.ri(0, 100)) + "%", g.ch(["正常", "告警", "维护中"])] for m in g.r.sample(["CPU", "内存", "磁盘", "带宽", "连接数"], 3)]
    table(b, ["指标", "使用率", "状态"], rows)


@T("md_table", NEG)
def neg_md_en(b, g):
    rows = [[f, g.ch(["done", "in progress", "todo"]), str(g.ri(1, 13))] for f in g.r.sample(["Dark mode", "Export to PDF", "Bulk edit", "Search filters", "Offline sync"], 3)]
    table(b, ["Feature", "State", "Points"], rows)


@T("csv", NEG)
def neg_csv(b, g):
    rows = [["region", "units", "revenue"]] + [[r, str(g.ri(10, 900)), str(g.ri(1000, 90000))] for r in g.r.sample(["north", "south", "east", "west"], 3)]
    csvrows(b, rows, g.ch([",", ";", "\t"]))


@T("form", NEG)
def neg_form(b, g):
    b("问题类型：", g.ch(["功能建议", "使用咨询", "界面反馈"]), "\n描述：", g.ch(["希望增加夜间模式", "导出按钮不太好找", "希望支持批量删除"]), "\n紧急程度：", g.ch(["低", "中"]))


@T("form", NEG)
def neg_form_en(b, g):
    b("Category: ", g.ch(["Feedback", "Question"]), "\nDetails: ", g.ch(["the export button is hard to find", "please add keyboard shortcuts", "the chart colours are too light"]), "\nUrgency: low")


@T("code", NEG)
def neg_code(b, g):
    b("def total(items):\n    return sum(i.price * i.qty for i in items if i.qty > ", g.ri(0, 3), ")")


@T("code", NEG)
def neg_code_yaml(b, g):
    b("replicas: ", g.ri(1, 8), "\nresources:\n  limits:\n    cpu: \"", g.ri(1, 4), "\"\n    memory: ", g.ri(1, 16), "Gi")


@T("chat", NEG)
def neg_chat(b, g):
    q, a = g.ch([("怎么修改头像？", "进入“设置 > 个人资料”，点击头像即可更换。"), ("夜间模式在哪里开？", "在“显示”里打开深色主题就行。"),
                 ("能批量导出吗？", "可以，勾选多条记录后点导出。"), ("为什么收不到推送？", "请检查系统通知权限是否开启。"),
                 ("字体能调大吗？", "设置里有字号选项，拖动滑块即可。"), ("怎么取消自动续费？", "在会员中心关闭自动续费开关。")])
    b("用户：", q, "\n助手：", a)


@T("chat", NEG)
def neg_chat_en(b, g):
    b("user: ", g.ch(["how do I export my notes?", "can I change the font size?", "is there a keyboard shortcut for search?"]), "\nassistant: ",
      g.ch(["Open the menu and choose the export option.", "Yes, use the settings panel.", "Press the slash key to focus search."]))


@T("ticket", NEG)
def neg_ticket(b, g):
    b("工单 #", g.ri(1000, 9999), " 页面加载慢\n描述：首页图片加载需要", g.ri(3, 12), "秒，已清缓存仍然如此。\n状态：处理中")


@T("ticket", NEG)
def neg_ticket_en(b, g):
    b("Ticket ", g.ri(1000, 9999), ": search results are empty for some keywords\nSteps: type two words and press enter\nStatus: open")


@T("prose", NEG)
def neg_prose(b, g):
    b(g.ch(["今天的会议讨论了下季度的产品规划，大家一致认为应该优先优化搜索体验。", "新版本上线后，页面打开速度提升了三成，用户反馈整体不错。",
            "团队决定把周报改成双周报，减少重复的填写工作。", "仓库盘点结束，损耗比上个月略有下降。", "新人培训分成三次，每次一个小时。",
            "这个功能的埋点已经补齐，下个版本可以看到数据。", "雨季到了，请大家注意检查机房的防水。", "本周的线上问题都已经复盘完毕。"]))


@T("prose", NEG)
def neg_prose_en(b, g):
    b(g.ch(["The team agreed to focus on search quality next quarter.", "After the redesign, pages load noticeably faster and feedback is positive.",
            "We will move the weekly report to a biweekly cadence to save time.", "The onboarding checklist now fits on a single page.",
            "Most of the flaky tests were caused by shared temp folders.", "The backlog shrank by a third after the cleanup sprint.",
            "Please keep pull requests small so reviews stay quick.", "The new dashboard groups alerts by service instead of by host."]))


@T("code", NEG)
def neg_code_sql(b, g):
    b("SELECT category, COUNT(*) AS n\nFROM products\nWHERE stock > ", g.ri(0, 50), "\nGROUP BY category\nORDER BY n DESC\nLIMIT ", g.ri(5, 20), ";")


@T("code", NEG)
def neg_code_js(b, g):
    b("export function clamp(x, lo = ", g.ri(0, 5), ", hi = ", g.ri(10, 100), ") {\n  return Math.min(hi, Math.max(lo, x));\n}")


@T("chat", NEG)
def neg_chat_wechat(b, g):
    ck = Clock(g)
    b("我 %02d:%02d\n" % ck.hm(), g.ch(["晚上一起吃饭吗？", "会议改到下午了", "文件我放群里了"]), "\n对方 %02d:%02d\n" % ck.hm(), g.ch(["好呀", "收到", "行，我看看"]))


@T("prose", NEG)
def neg_prose_mixed(b, g):
    b(g.ch(["这次迭代的主要目标是 improve search relevance，其他需求顺延。", "我们把 code review 的流程简化了一些，合并速度明显变快。",
            "下周的分享主题是 feature flags 的使用经验。", "线上告警太多，我们准备先做 alert grouping 再调阈值。",
            "文档站换成了 static site generator，构建快了不少。", "移动端的 dark mode 适配还差两个页面。"]))


@T("json_log", NEG)
def neg_js_zh(b, g):
    jrender(b, {"模块": g.ch(["推荐", "搜索", "消息"]), "事件": g.ch(["刷新完成", "缓存命中", "任务结束"]), "数量": Raw(str(g.ri(1, 999)))})


@T("csv", NEG)
def neg_csv_zh(b, g):
    rows = [["品类", "库存", "单价"]] + [[c, str(g.ri(0, 500)), "%d.%02d" % (g.ri(1, 300), g.ri(0, 99))] for c in g.r.sample(["毛巾", "水杯", "雨伞", "台灯", "收纳盒"], 3)]
    csvrows(b, rows)


# =========================================================== driver
def schedule(rng):
    plan = []
    for kind, q in QUOTA.items():
        ts = [t for t in TEMPLATES if t["kind"] == kind]
        tot = sum(t["w"] for t in ts)
        counts = {t["name"]: max(1, int(q * t["w"] / tot)) for t in ts}
        order = sorted(ts, key=lambda t: -t["w"])
        i = 0
        while sum(counts.values()) < q:
            counts[order[i % len(order)]["name"]] += 1
            i += 1
        while sum(counts.values()) > q:
            nm = order[i % len(order)]["name"]
            if counts[nm] > 1:
                counts[nm] -= 1
            i += 1
        for t in ts:
            plan += [t] * counts[t["name"]]
    rng.shuffle(plan)
    return plan


def build(t, g, idx):
    for attempt in range(300):
        b = B()
        t["fn"](b, g)
        text = b.text
        k = {"positive": "pos", "hard_negative": "hn", "negative": "neg"}[t["kind"]]
        rid = "rs-%04d-%s-%s" % (idx, t["shape"], k)
        if b.traps and t["kind"] != NEG:
            rid += "-" + "+".join(b.traps)
        o = {"id": rid, "kind": t["kind"], "lang": validate.detect_lang(text), "shape": t["shape"],
             "text": text, "spans": sorted(b.spans, key=lambda s: (s["start"], s["end"]))}
        errs = validate.check_line(o)
        if not errs:
            return o
    raise RuntimeError("template %s keeps failing: %s" % (t["name"], errs))


def main():
    g = Gen(SEED)
    plan = schedule(g.r)
    assert len(plan) == N_TOTAL, len(plan)
    out = []
    texts = set()
    for i, t in enumerate(plan, 1):
        for _ in range(20):
            o = build(t, g, i)
            if o["text"] not in texts:
                break
        texts.add(o["text"])
        o["template"] = t["name"]
        out.append(o)
    with open(os.path.join(HERE, "dev2.jsonl"), "w", encoding="utf-8") as fh:
        for o in out:
            o = dict(o)
            o.pop("template")
            fh.write(json.dumps(o, ensure_ascii=False) + "\n")
    print("wrote %d lines from %d templates" % (len(out), len(TEMPLATES)))


if __name__ == "__main__":
    main()
