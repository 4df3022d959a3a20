"""Personal data found by the field that holds it: a table column, a form or log key, a JSON key.

A QQ number is any 5–11 digits, a birth date any date, a name in a table cell any two or three
characters: the shape alone says nothing, and the context words Presidio looks for are not beside the
value in a table (the header is lines away). What says it is the field's name: the ``QQ`` column,
``"dob": "1981-06-12"``, ``出生日期：1971-07-19``, ``client_mac=...``. One mechanism serves every shape:
a field name that names a type, and a value of that type's shape in that field.

- key–value: ``key: value``, ``key=value``, ``"key": "value"``, ``key是value`` (forms, logs, JSON, chat);
- tables: markdown (``| a | b |`` with a ``|---|`` rule) and CSV/TSV (a header line and rows with the
  same number of cells): the header names the column, every cell below it is a field of that name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from presidio_analyzer import EntityRecognizer, RecognizerResult

_MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
DATE = (
    r"(?:(?:19|20)\d{2}[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])"
    r"|(?:19|20)\d{2}年(?:0?[1-9]|1[0-2])月(?:0?[1-9]|[12]\d|3[01])[日号]?"
    r"|(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:19|20)\d{2}"
    rf"|{_MONTHS}\.?\s+(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?,?\s+(?:19|20)\d{{2}}"
    rf"|(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+{_MONTHS}\.?,?\s+(?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))"
)
MAC = r"(?:[0-9A-Fa-f]{2}(?:[:-])){5}[0-9A-Fa-f]{2}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}"


@dataclass(frozen=True)
class FieldType:
    """A type found by its field: the names such a field goes by, and the shape of its value."""

    entity: str
    key: str  # regex over a field name (matched whole, case-insensitive)
    value: str  # regex over the value (matched whole)
    phrase: str | None = None  # a sentence form that introduces the value: 我的QQ是 / born on


FIELD_TYPES: tuple[FieldType, ...] = (
    FieldType("QQ_NUMBER", r"qq(?:号(?:码)?|[ _]?(?:number|no\.?|id|num))?|扣扣(?:号)?|qq账号", r"[1-9]\d{4,10}",
              phrase=r"(?:qq|扣扣)(?:号(?:码)?)?\s*(?:是|为|：|:)?\s*|加(?:我)?(?:qq|扣扣)(?:号)?\s*"),
    FieldType("DATE_OF_BIRTH",
              r"出生日期|出生年月日?|出生|生日|出生时间|dob|d\.o\.b\.?|date[ _]?of[ _]?birth|birth[ _]?(?:date|day)|birthday|born",
              DATE, phrase=r"(?:出生于|生于|生日是|生日为|出生日期是|born\s+on|born|birthday\s+is|date\s+of\s+birth\s+is|DOB|D\.O\.B\.?)\s*"
              # asked in one turn, answered in the next: "你生日是哪天？\nB：1974/3/9" / "date of birth?\nJohn: Sure, it's ..."
              r"|(?:生日|出生日期|出生年月|birthday|date\s+of\s+birth|DOB)[^\n]{0,16}[?？]\s*\n[^\n:：]{0,24}[:：]\s*(?:(?:sure|yes|ok|好的|嗯)[,，!！.]?\s*)?(?:it's|it\s+is|是|我是)?\s*"),
    FieldType("MAC_ADDRESS", r"(?:client[ _]?|src[ _]?|dst[ _]?|device[ _]?|wifi[ _]?|hw[ _]?)?mac(?:[ _]?addr(?:ess)?)?|物理地址|mac地址",
              MAC),
    FieldType("CN_PASSPORT", r"证件(?:号(?:码)?)?|护照(?:号(?:码)?)?|passport(?:[ _]?(?:no\.?|number|num|id))?|护照编号",
              r"[A-Z]{1,2}\d{7,8}"),
    FieldType("PERSON",
              r"姓名|名字|真实姓名|联系人|收件人|收货人|客户姓名|客户|患者|病人|员工姓名|学生姓名|持卡人|户名|法定代表人|负责人|"
              r"name|full[ _]?name|real[ _]?name|contact(?:[ _]?name)?|customer(?:[ _]?name)?|patient(?:[ _]?name)?|"
              r"人员|人名|employee(?:[ _]?name)?|cardholder|holder|owner|recipient|applicant|first[ _]?name\s*\+\s*last[ _]?name",
              r"(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{2,6}·[\u4e00-\u9fff]{2,8}|[A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2})"),
)

# "Attendees: A, B and C" / "参会人员：张伟、李娜" / a bulleted list under "值班表：": each item is a name.
_NAME_LIST_KEY = r"(?:attendees|participants|present|members|cc|参会人员|参会人|出席人员|出席|与会人员|成员|名单|人员名单|值班表|值班人员|联系人)"
_ZH_NAME = r"[\u4e00-\u9fff]{2,3}"
_EN_NAME = r"[A-Z][a-z]+(?:[ -](?:Mc|Mac|O')?[A-Z][a-z]+){1,2}"
_NAME_ITEMS = re.compile(rf"(?<![A-Za-z\u4e00-\u9fff]){_NAME_LIST_KEY}\s*[:：]\s*(?P<items>(?:(?:{_EN_NAME}|{_ZH_NAME})(?:\s*(?:[,，、]|\band\b|和)\s*)?)+)", re.IGNORECASE)
_BULLETS_AFTER_KEY = re.compile(rf"{_NAME_LIST_KEY}\s*[:：]\s*\n(?P<items>(?:[ \t]*[-*•]\s*(?:{_EN_NAME}|{_ZH_NAME})[ \t]*(?:\n|$))+)", re.IGNORECASE)
_ONE_NAME = re.compile(rf"{_EN_NAME}|{_ZH_NAME}")
# A chat transcript's speaker: "John Reed: ..." at the start of a line.
_SPEAKER = re.compile(r"(?m)^(?P<name>[A-Z][a-z]+(?: (?:Mc|Mac|O')?[A-Z][a-z]+){1,2})\s*:\s(?!\d)")

_KEY_VALUE = r"(?<![A-Za-z0-9_\u4e00-\u9fff])[\"']?(?P<key>{key})[\"']?\s*(?:[:：=]|是|为)\s*[\"']?(?P<value>{value})(?![0-9A-Za-z\u4e00-\u9fff])"
_PHRASE = r"(?:{phrase})(?P<value>{value})(?![0-9A-Za-z])"
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")


def _cells(line: str, separator: str, offset: int) -> list[tuple[str, int, int]]:
    """The stripped cells of a table line (without a markdown row's empty edges), with their spans in the text."""
    cells, position = [], 0
    parts = line.split(separator)
    for i, part in enumerate(parts):
        edge = separator == "|" and i in (0, len(parts) - 1) and not part.strip()
        if not edge:
            value, lead = part.strip(), len(part) - len(part.lstrip())
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value, lead = value[1:-1], lead + 1
            cells.append((value, offset + position + lead, offset + position + lead + len(value)))
        position += len(part) + 1
    return cells


class FieldRecognizer(EntityRecognizer):
    """Types whose shape is not evidence, found by the field they stand in (see the module docstring)."""

    SCORE = 0.85

    def __init__(self, language: str):
        super().__init__(supported_entities=[f.entity for f in FIELD_TYPES], supported_language=language,
                         name=f"FieldRecognizer_{language}")
        self.key_value = [(f, re.compile(_KEY_VALUE.format(key=f.key, value=f.value), re.IGNORECASE)) for f in FIELD_TYPES]
        self.phrases = [(f, re.compile(_PHRASE.format(phrase=f.phrase, value=f.value), re.IGNORECASE))
                        for f in FIELD_TYPES if f.phrase]
        self.keys = [(f, re.compile(f"(?:{f.key})", re.IGNORECASE), re.compile(f"(?:{f.value})")) for f in FIELD_TYPES]

    def load(self) -> None:
        pass

    def analyze(self, text, entities, nlp_artifacts=None):
        found: dict[tuple[int, int], str] = {}
        for field, pattern in [*self.key_value, *self.phrases]:
            if entities and field.entity not in entities:
                continue
            for match in pattern.finditer(text):
                found.setdefault((match.start("value"), match.end("value")), field.entity)
        if not entities or "PERSON" in entities:
            for start, end in self._names(text):
                found.setdefault((start, end), "PERSON")
        for start, end, entity in self._table_cells(text):
            if not entities or entity in entities:
                found.setdefault((start, end), entity)
        return [self._result(start, end, entity) for (start, end), entity in found.items()]

    @staticmethod
    def _names(text: str):
        for pattern in (_NAME_ITEMS, _BULLETS_AFTER_KEY):
            for match in pattern.finditer(text):
                offset = match.start("items")
                for name in _ONE_NAME.finditer(match.group("items")):
                    if name.group(0) not in {"and", "和"}:
                        yield offset + name.start(), offset + name.end()
        for match in _SPEAKER.finditer(text):
            yield match.start("name"), match.end("name")

    def _column_type(self, header: str) -> tuple[str, re.Pattern[str]] | None:
        for field, key, value in self.keys:
            if key.fullmatch(header.strip().strip('"').strip()):
                return field.entity, value
        return None

    def _table_cells(self, text: str):
        lines, offsets, position = text.split("\n"), [], 0
        for line in lines:
            offsets.append(position)
            position += len(line) + 1
        index = 0
        while index < len(lines):
            line = lines[index]
            separator = self._separator(lines, index)
            if separator is None:
                index += 1
                continue
            header = _cells(line, separator, offsets[index])
            columns = {i: typed for i, (name, _, _) in enumerate(header) if (typed := self._column_type(name))}
            row = index + 1
            if separator == "|" and row < len(lines) and _MD_RULE.match(lines[row]):
                row += 1
            while row < len(lines) and self._is_row(lines[row], separator, len(header)):
                for i, (value, start, end) in enumerate(_cells(lines[row], separator, offsets[row])):
                    if i in columns and value and columns[i][1].fullmatch(value):
                        yield start, end, columns[i][0]
                row += 1
            index = row

    @staticmethod
    def _is_row(line: str, separator: str, width: int) -> bool:
        if not line.strip():
            return False
        if separator == "|":
            return "|" in line and not _MD_RULE.match(line)
        return line.count(separator) == width - 1

    @staticmethod
    def _separator(lines: list[str], index: int) -> str | None:
        """The separator if a table's header is on this line: a markdown header (next line a rule) or a CSV/TSV
        header (the next line has as many cells)."""
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if "|" in line and _MD_RULE.match(following):
            return "|"
        for separator in (",", "\t", "，"):
            count = line.count(separator)
            if count >= 1 and following.count(separator) == count:
                return separator
        return None

    def _result(self, start: int, end: int, entity: str) -> RecognizerResult:
        return RecognizerResult(
            entity_type=entity, start=start, end=end, score=self.SCORE, analysis_explanation=None,
            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: self.name, "why": "the field it stands in"},
        )
