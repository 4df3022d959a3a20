"""Personal data found by the field that holds it: a table column, a form or log key, a JSON key.

A QQ number is any 5–11 digits, a birth date any date, a name in a table cell any two or three
characters: the shape alone says nothing, and the context words Presidio looks for are not beside the
value in a table (the header is lines away). What says it is the field's name: the ``QQ`` column,
``"dob": "1981-06-12"``, ``出生日期：1971-07-19``, ``client_mac=...``. One mechanism serves every shape:
a field name that names a type, and a value of that type's shape in that field.

- key–value: ``key: value``, ``key=value``, ``"key": "value"``, ``key是value``, ``【key】value`` (forms, logs,
  JSON, chat); a key may be bilingual (``Passport 护照:``) or carry a note (``QQ (optional 选填):``);
- tables: markdown (``| a | b |`` with a ``|---|`` rule) and CSV/TSV/``;`` (rows with the same number of
  cells, quoted cells kept whole): the header names the column, every cell below it is a field of that name;
- header-less rows of personal records (``王芳,13812345678,E12345678``): a passport-shaped cell is a passport,
  and a name-shaped cell is a name when the row also holds a phone, ID, e-mail or passport;
- chat speakers (``[14:27] 赖楠：…``, ``Julia Horton  4:13 PM``) and e-mail headers (``From: Ann Lee <a@b.com>``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, RecognizerResult

from .recognizers import EN_NAME, common_word, plausible_chinese_name, plausible_english_name
from .validators import is_ssn

_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
DATE = (
    r"(?:(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.]" + _DAY
    + r"|(?:19|20)\d{2}年(?:0?[1-9]|1[0-2])月" + _DAY + r"[日号]?"
    # day and month either way round (25/03/1963, 03/25/1963): the field says it is a date, not which order
    + r"|" + _DAY + r"[/.-]" + _DAY + r"[/.-](?:19|20)\d{2}"
    + rf"|{_MONTHS}\.?\s+{_DAY}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"
    + rf"|{_DAY}(?:st|nd|rd|th)?\s+{_MONTHS}\.?,?\s+(?:19|20)\d{{2}}"
    + r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
)
MAC = r"(?:[0-9A-Fa-f]{2}(?:[:-])){5}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}"
_ZH_NAME = r"[\u4e00-\u9fff]{2,4}"
_PERSON_VALUE = rf"(?:{_ZH_NAME}|[\u4e00-\u9fff]{{2,6}}·[\u4e00-\u9fff]{{2,8}}|{EN_NAME})"
# Titles stand before or after a name but are not part of it (Dr. Seth Kemp, 王芳女士).
_TITLE_BEFORE = r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\.?\s+)?"
_ZH_TITLE_AFTER = re.compile(r"(?:先生|女士|小姐|同学|老师|医生|经理|律师|教授|师傅|阿姨)$")
PASSPORT_SHAPE = r"(?:[EG]\d{8}|E[A-HJ-NP-Z]\d{7})"


def _person_ok(value: str, weak: bool = False) -> bool:
    """A name-shaped value is a name if it reads as one: a surname first (Chinese), no role or calendar word
    (English). 那我, 请稍等 under a 用户: key are a message, not a name. Where only the position says name (a
    speaker, a record row), a word of the dictionary is not one either (班主任 13:46)."""
    if re.fullmatch(r"[\u4e00-\u9fff]+", value):
        return plausible_chinese_name(value) and not (weak and common_word(value, name_tag_at=100, other_at=1))
    return "·" in value or plausible_english_name(value)


def _weak_person_ok(value: str) -> bool:
    return _person_ok(value, weak=True)


@dataclass(frozen=True)
class FieldType:
    """A type found by its field: the names such a field goes by, the shape of its value, and a check the
    value must pass (a 9-digit number under an SSN key is an SSN only in the SSA's ranges)."""

    entity: str
    key: str  # regex over a field name (matched whole, case-insensitive)
    value: str  # regex over the value (matched whole, case as written)
    phrase: str | None = None  # a sentence form that introduces the value: 我的QQ是 / born on (case-insensitive)
    validate: Callable[[str], bool] | None = None
    lead: str = ""  # what may stand between the key and the value without being part of it (a title)


_DOB_CUE = r"出生日期|出生年月日?|出生时间|生日|出生于|生于|DOB|D\.O\.B\.?|date\s+of\s+birth|birth\s*date|birthday|born(?:\s+on)?"
FIELD_TYPES: tuple[FieldType, ...] = (
    FieldType("QQ_NUMBER", r"qq(?:号(?:码)?|[ _]?(?:number|no\.?|id|num))?|扣扣(?:号)?|qq账号", r"[1-9]\d{4,10}",
              phrase=r"(?:qq|扣扣)(?:号(?:码)?)?\s*(?:是|为|：|:)?\s*|加(?:我)?(?:qq|扣扣)(?:号)?\s*"),
    FieldType("DATE_OF_BIRTH",
              r"出生日期|出生年月日?|出生|生日|出生时间|dob|d\.o\.b\.?|date[ _]?of[ _]?birth|birth[ _]?(?:date|day)|birthday|born",
              DATE,
              # the cue may close a longer key (原出生日期：, 客户生日 1987-07-08) or a phrase (born on, 生日是)
              phrase=rf"(?:{_DOB_CUE})\s*(?:is|was|:|：|是|为|=)?\s*"
              # asked in one turn, answered in the next: "你生日是哪天？\nB：1974/3/9" / "date of birth?\nJohn: Sure, it's ..."
              r"|(?:生日|出生日期|出生年月|birthday|date\s+of\s+birth|DOB)[^\n]{0,16}[?？]\s*\n[^\n:：]{0,24}[:：]\s*(?:(?:sure|yes|ok|好的|嗯)[,，!！.]?\s*)?(?:it's|it\s+is|是|我是)?\s*"),
    FieldType("MAC_ADDRESS", r"(?:client[ _]?|src[ _]?|dst[ _]?|device[ _]?|wifi[ _]?|hw[ _]?)?mac(?:[ _]?addr(?:ess)?)?|物理地址|mac地址",
              MAC),
    FieldType("CN_PASSPORT", r"证件(?:号(?:码)?)?|护照(?:号(?:码)?)?|passport(?:[ _]?(?:no\.?|number|num|id))?|护照编号",
              r"[A-Z]{1,2}\d{7,8}"),
    FieldType("US_SSN", r"ssn|social[ _]security(?:[ _](?:no\.?|number|#))?|社会安全号(?:码)?",
              r"\d{3}-\d{2}-\d{4}|\d{3} \d{2} \d{4}|\d{9}", validate=is_ssn),
    FieldType("PERSON",
              r"姓名|名字|真实姓名|联系人|紧急联系人|收件人|收货人|寄件人|发件人|客户姓名|客户|患者|病人|员工姓名|员工|学生姓名|"
              r"持卡人|户名|开户人|法定代表人|负责人|经办人|申请人|应聘者|候选人|车主|业主|房东|租客|租户|乘客|旅客|住客|"
              r"被保险人|投保人|受益人|借款人|担保人|收款人|付款人|汇款人|人员|人名|学生|同学|"
              # any "…人" / "…者" key names a person (操作人, 审批人, 出差人员, 记者); the value must still read as a name
              r"[\u4e00-\u9fff]{1,3}(?:人|人员|者)|"
              r"name|full[ _]?name|real[ _]?name|contact(?:[ _]?name)?|customer(?:[ _]?name)?|patient(?:[ _]?name)?|"
              r"employee(?:[ _]?name)?|cardholder|card[ _]?holder|holder|owner|recipient|receiver|sender|applicant|guest|"
              r"reporter|assignee|requester|passenger|tenant|insured|first[ _]?name\s*\+\s*last[ _]?name",
              _PERSON_VALUE, validate=_person_ok, lead=_TITLE_BEFORE),
    # Log keys that hold a login as often as a name (user=alice, "user: Please review…" in a chat): a name
    # only in quotes (user="Lynn Holt").
    FieldType("PERSON", r"user(?:[ _]?name)?|operator|actor|author|created[ _]?by|updated[ _]?by",
              _PERSON_VALUE, validate=_person_ok, lead=r"(?<=[\"'])"),
)

# "Attendees: A, B and C" / "参会人员：张伟、李娜" / a bulleted list under "值班表：": each item is a name.
_NAME_LIST_KEY = r"(?:attendees|participants|present|members|cc|参会人员|参会人|出席人员|出席|与会人员|成员|名单|人员名单|值班表|值班人员|联系人)"
_LIST_ZH_NAME = r"[\u4e00-\u9fff]{2,3}"
_NAME_ITEMS = re.compile(rf"(?<![A-Za-z\u4e00-\u9fff]){_NAME_LIST_KEY}\s*[:：]\s*(?P<items>(?:(?:{EN_NAME}|{_LIST_ZH_NAME})(?:\s*(?:[,，、]|\band\b|和)\s*)?)+)", re.IGNORECASE)
_BULLETS_AFTER_KEY = re.compile(rf"{_NAME_LIST_KEY}\s*[:：]\s*\n(?P<items>(?:[ \t]*[-*•]\s*(?:{EN_NAME}|{_LIST_ZH_NAME})[ \t]*(?:\n|$))+)", re.IGNORECASE)
_ONE_NAME = re.compile(rf"{EN_NAME}|{_LIST_ZH_NAME}")
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AP]M)?"
# A chat transcript's speaker: "John Reed: ..." / "[14:27] 赖楠：..." at the start of a line, or a line that
# is only a name and a time ("徐辉 08:46", "Julia Horton  4:13 PM") with the message on the lines below.
# A Chinese speaker needs the time stamp: without one, 车牌：/ 金额：/ 应聘者： are a form's keys.
_SPEAKER = re.compile(rf"(?m)^(?:(?:\[{_TIME}\][ \t]*)?(?P<name>{EN_NAME})|\[{_TIME}\][ \t]*(?P<zh>{_ZH_NAME}))[ \t]*[:：][ \t]*(?!\d)")
_SPEAKER_LINE = re.compile(rf"(?m)^(?P<name>{EN_NAME}|{_ZH_NAME})[ \t]+{_TIME}[ \t]*$")
_MAIL_HEADER = re.compile(rf"(?mi)^(?:from|to|cc|reply-to|发件人|收件人)[ \t]*[:：][ \t]*\"?(?P<name>(?-i:{EN_NAME}|{_ZH_NAME}))\"?[ \t]*<")

# A key, optionally repeated in the other language (Passport 护照, 姓名 / Name), and a note in brackets.
_KEY = r"(?P<key>(?i:{key})(?:[ \t]*/?[ \t]*(?i:{key}))?)(?:[ \t]*[(（][^)）\n]{{0,24}}[)）])?"
_END = r"(?![0-9A-Za-z\u4e00-\u9fff])"
_KEY_VALUE = r"(?<![A-Za-z0-9_\u4e00-\u9fff])[\"']?" + _KEY + r"[\"']?\s*(?:[:：=]|是|为)\s*[\"']?{lead}(?P<value>{value})" + _END
_BRACKETED = r"[【\[]" + _KEY + r"[】\]][ \t]*[:：]?[ \t]*{lead}(?P<value>{value})" + _END
_PHRASE = r"(?i:{phrase}){lead}(?P<value>{value})(?![0-9A-Za-z])"
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
# Words that qualify a bilingual header without naming another type: 证件 ID, 护照号 No.
_GENERIC_HEADER_WORDS = {"id", "no", "no.", "number", "#", "号码", "号", "编号"}
# What makes a header-less row a personal record: a phone or ID number, an e-mail address, a passport.
_RECORD_VALUE = re.compile(rf"\+?\d[\d ()-]{{5,}}\d|[^@\s]+@[^@\s]+\.[A-Za-z]{{2,}}|{PASSPORT_SHAPE}")
# A header names columns; a cell holding a number, a version or an address is a row's value.
_DATA_CELL = re.compile(r"\d{3}|\d[.:/-]\d|@")
# SQL: INSERT INTO users (full_name, dob) VALUES ('Jeff Pena', '2004-02-04'): the column list is a header.
_SQL_INSERT = re.compile(r"(?i)insert\s+into\s+[\w.`\"]+\s*\((?P<columns>[^()]*)\)\s*values\s*\((?P<values>[^()]*)\)")

Cell = tuple[str, int, int]  # stripped value, start, end in the text


@dataclass(frozen=True)
class Table:
    """Rows of cells; ``header`` is None for a header-less run of rows."""

    header: list[Cell] | None
    rows: list[list[Cell]]


def _split(line: str, separator: str) -> list[tuple[int, int]]:
    """Cell spans of one line; a CSV cell in double quotes may hold the separator ("12 Main St, Austin, TX")."""
    spans, start, quoted = [], 0, False
    for i, char in enumerate(line):
        if char == '"' and separator != "|":
            quoted = not quoted
        elif char == separator and not quoted:
            spans.append((start, i))
            start = i + 1
    spans.append((start, len(line)))
    return spans


def _cells(line: str, separator: str, offset: int) -> list[Cell]:
    """The stripped cells of a table line (without a markdown row's empty edges), with their spans in the text."""
    cells = []
    spans = _split(line, separator)
    for i, (a, b) in enumerate(spans):
        part = line[a:b]
        if separator == "|" and i in (0, len(spans) - 1) and not part.strip():
            continue
        value, lead = part.strip(), len(part) - len(part.lstrip())
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value, lead = value[1:-1], lead + 1
        cells.append((value, offset + a + lead, offset + a + lead + len(value)))
    return cells


def _width(line: str, separator: str) -> int:
    return len(_split(line, separator)) if line.strip() else 0


def tables(text: str) -> Iterator[Table]:
    """Every table in the text: markdown tables, and runs of delimited rows of equal width (a single row counts
    when it has three or more tab- or semicolon-separated cells, or is a comma-separated record). A first row
    with no digits and no ``@`` names the columns; otherwise the run has no header."""
    lines, offsets, position = text.split("\n"), [], 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    yield from _sql_tables(text)
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if "|" in line and _MD_RULE.match(following):
            header = _cells(line, "|", offsets[index])
            row = index + 2
            rows = []
            while row < len(lines) and "|" in lines[row] and not _MD_RULE.match(lines[row]):
                rows.append(_cells(lines[row], "|", offsets[row]))
                row += 1
            yield Table(header, rows)
            index = row
            continue
        separator = _separator(line, following)
        if separator is None:
            index += 1
            continue
        width, row = _width(line, separator), index
        while row < len(lines) and _width(lines[row], separator) == width:
            row += 1
        rows = [_cells(lines[i], separator, offsets[i]) for i in range(index, row)]
        if row - index >= 2 and not any(_DATA_CELL.search(value) for value, _, _ in rows[0]):
            yield Table(rows[0], rows[1:])
        else:
            yield Table(None, rows)
        index = row


def _sql_tables(text: str) -> Iterator[Table]:
    for match in _SQL_INSERT.finditer(text):
        columns = [(name.strip("`\"' "), a, b) for name, a, b in _cells(match.group("columns"), ",", match.start("columns"))]
        values = [(value.strip("'"), a + 1, b - 1) if value[:1] == value[-1:] == "'" and len(value) >= 2 else (value, a, b)
                  for value, a, b in _cells(match.group("values"), ",", match.start("values"))]
        if len(columns) == len(values):
            yield Table(columns, [values])


def _separator(line: str, following: str) -> str | None:
    """The separator of a CSV/TSV run starting at this line: the next line splits into as many cells, or the
    line alone is a record (three or more cells holding a phone, ID, e-mail or passport)."""
    for separator in ("\t", ";", ",", "，", "|"):
        width = _width(line, separator)
        if width < 2:
            continue
        if _width(following, separator) == width:
            return separator
        if width >= 3 and any(_RECORD_VALUE.fullmatch(line[a:b].strip().strip('"')) for a, b in _split(line, separator)):
            return separator
    return None


def cell_column(text: str, start: int, end: int) -> tuple[str | None, list[str]] | None:
    """The header (None when the table has none) and all values of the table column whose cell holds
    text[start:end], or None when it is in no table cell."""
    for table in tables(text):
        for row in table.rows:
            for i, (_, a, b) in enumerate(row):
                if a <= start and end <= b:
                    header = table.header[i][0] if table.header and i < len(table.header) else None
                    return header, [r[i][0] for r in table.rows if i < len(r)]
    return None


class FieldRecognizer(EntityRecognizer):
    """Types whose shape is not evidence, found by the field they stand in (see the module docstring)."""

    SCORE = 0.85

    def __init__(self, language: str):
        super().__init__(supported_entities=[f.entity for f in FIELD_TYPES], supported_language=language,
                         name=f"FieldRecognizer_{language}")
        self.key_value = [(f, re.compile(template.format(key=f.key, value=f.value, lead=f.lead)))
                          for f in FIELD_TYPES for template in (_KEY_VALUE, _BRACKETED)]
        self.phrases = [(f, re.compile(_PHRASE.format(phrase=f.phrase, value=f.value, lead=f.lead)))
                        for f in FIELD_TYPES if f.phrase]
        self.keys = [(f, re.compile(f"(?:{f.key})", re.IGNORECASE), re.compile(f"(?:{f.value})")) for f in FIELD_TYPES]
        self.checks = {f.entity: f.validate for f in FIELD_TYPES}

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        found: dict[tuple[int, int], str] = {}

        def add(start: int, end: int, entity: str, check: Callable[[str], bool] | None) -> None:
            if entities and entity not in entities:
                return
            if entity == "PERSON":
                end = start + len(_ZH_TITLE_AFTER.sub("", text[start:end])) if end - start > 3 else end
            if check is None or check(text[start:end]):
                found.setdefault((start, end), entity)

        for field, pattern in [*self.key_value, *self.phrases]:
            for match in pattern.finditer(text):
                add(match.start("value"), match.end("value"), field.entity, field.validate)
        for start, end in self._names(text):
            add(start, end, "PERSON", _weak_person_ok)
        for start, end, entity, weak in self._table_cells(text):
            add(start, end, entity, _weak_person_ok if weak else self.checks.get(entity))
        return [self._result(start, end, entity) for (start, end), entity in found.items()]

    @staticmethod
    def _names(text: str):
        for pattern in (_NAME_ITEMS, _BULLETS_AFTER_KEY):
            for match in pattern.finditer(text):
                offset = match.start("items")
                for name in _ONE_NAME.finditer(match.group("items")):
                    if name.group(0) not in {"and", "和"}:
                        yield offset + name.start(), offset + name.end()
        speakers = list(_SPEAKER.finditer(text))
        # An untimed "Xxx Yyy: …" line is a speaker only in a transcript of several such turns (Action Items: … alone
        # is a heading).
        transcript = len(speakers) >= 2
        for match in speakers:
            group = "name" if match.group("name") else "zh"
            if transcript or match.group(0).startswith("["):
                yield match.start(group), match.end(group)
        for pattern in (_SPEAKER_LINE, _MAIL_HEADER):
            for match in pattern.finditer(text):
                yield match.start("name"), match.end("name")

    def _column_type(self, header: str) -> tuple[str, re.Pattern[str]] | None:
        """The type a column header names: the whole header, or each of its words in two languages
        (姓名 / Name, 生日 Birthday, 证件 ID) naming the same type."""
        header = header.strip().strip('"').strip()
        parts = [p for p in re.findall(r"[\u4e00-\u9fff]+|[^\s/\u4e00-\u9fff]+(?: [^\s/\u4e00-\u9fff]+)*", header)
                 if p.lower() not in _GENERIC_HEADER_WORDS]
        for field, key, value in self.keys:
            if key.fullmatch(header) or (parts and all(key.fullmatch(p) for p in parts)):
                return field.entity, value
        return None

    def _table_cells(self, text: str):
        for table in tables(text):
            if table.header is None:
                yield from self._record_cells(table.rows)
                continue
            columns = {i: typed for i, (name, _, _) in enumerate(table.header) if (typed := self._column_type(name))}
            for row in table.rows:
                for i, (value, start, end) in enumerate(row):
                    if i in columns and value and columns[i][1].fullmatch(value):
                        yield start, end, columns[i][0], False

    @staticmethod
    def _record_cells(rows: list[list[Cell]]):
        """Header-less rows: E/G passport numbers by shape; names where the row is a personal record."""
        for row in rows:
            record = any(_RECORD_VALUE.fullmatch(value) for value, _, _ in row)
            for value, start, end in row:
                if re.fullmatch(PASSPORT_SHAPE, value):
                    yield start, end, "CN_PASSPORT", False
                elif record and re.fullmatch(_PERSON_VALUE, value):
                    yield start, end, "PERSON", True

    def _result(self, start: int, end: int, entity: str) -> RecognizerResult:
        return RecognizerResult(
            entity_type=entity, start=start, end=end, score=self.SCORE, analysis_explanation=None,
            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name, "why": "the field it stands in"},
        )
