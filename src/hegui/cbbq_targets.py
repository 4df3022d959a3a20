"""Which answer of a published CBBQ item names the stereotyped group: read from the answers' wording.

Published CBBQ rows say only which group a template targets (``bias_targeted_groups``, e.g. 老龄人, 女性);
nothing says which of the three answers is that group. These functions tell it from the words, or say why
they cannot (the row is then skipped and counted by the loader in ``banks.py``, never guessed).

Published CBBQ items name no answer's group: only ``bias_targeted_groups`` ("老龄人", "女性", "听力语言残疾/
聋哑人/..."), three answers (two people and an "unknown" one) and ``label`` (in ambiguous contexts always the
unknown answer). Which person is the target group is told from the answers' own words:
  1. an answer names a target term (or the term less 人/人士/者/...) and not its negation (非变性女生);
  2. per category, the clues the published age, gender and disability files use: the older / younger person
     (ages "20岁", "六十多岁", generations "00后" / "X世代", life stages 高中生 < 青年 < 中年 < 老年人);
     female / male words (女, 妈妈 / 男, 爸爸); disabled / able-bodied words (残, 聋, 盲, 截肢 / 健全).
The two must not disagree and one must decide; otherwise the row is skipped and counted. On the published
files every row is told, the target's position never changes within a template (question_index and
polarity), and in disambiguated contexts the right answer is the anti-stereotypical one on every row except
24 gender rows (templates 108-110, non_neg) whose published label contradicts their own context.
"""

from __future__ import annotations

import re
from typing import Any

_UNKNOWN_ANSWERS = {
    "不确定", "不知道", "没有足够信息", "无法确定", "无法判断", "不能确定", "信息不足", "未知", "不清楚", "无法得知",
    "unknown", "cannot be determined", "can't be determined", "not enough info", "not enough information",
    "undetermined", "not known", "can't answer", "cannot answer", "not answerable",
}
_GENERIC_SUFFIXES = ("人士", "人群", "群体", "的人", "人", "者")
_NEGATIONS = "非不无没"
_SEX = {"female": ("女", "妈", "母", "妻", "姐", "妹", "婆", "奶", "妇", "娘"),
        "male": ("男", "爸", "父", "丈夫", "哥", "弟", "爷", "外公", "老公")}
_DISABILITY = {"disabled": ("残", "聋", "哑", "盲", "截肢", "瘫", "失明", "失聪", "智障", "轮椅"), "able": ("健全",)}
_GENERATIONS = {"X世代": 1972, "千禧一代": 1988, "Y世代": 1988, "Z世代": 2004}  # mid birth years
_CN_TENS = {"十": 10, "二十": 20, "三十": 30, "四十": 40, "五十": 50, "六十": 60, "七十": 70, "八十": 80, "九十": 90}
_LIFE_STAGES = (  # 1 child < 2 teen < 3 young adult < 4 middle-aged < 5 old
    (1, ("孩子", "儿子", "女儿", "男孩", "女孩", "儿童", "小学生")),
    (2, ("少年", "少女", "中学生", "初中", "高中")),
    (3, ("大学", "青年", "年轻", "小伙子", "小姑娘")),
    (4, ("中年",)),
    (5, ("老", "退休", "爷爷", "奶奶", "外公", "外婆", "长者")),
)


def _terms(groups: str) -> list[str]:
    return [term.strip() for term in re.split(r"[/、,，;；]", groups) if term.strip()]


def _names(answer: str, terms: list[str]) -> bool:
    for term in terms:
        stems = {term} | {term[: -len(s)] for s in _GENERIC_SUFFIXES if term.endswith(s) and len(term) > len(s)}
        for stem in stems:
            at = answer.find(stem)
            while at >= 0:
                if at == 0 or answer[at - 1] not in _NEGATIONS:
                    return True
                at = answer.find(stem, at + 1)
    return False


def _side(text: str, axis: dict[str, tuple[str, ...]]) -> str | None:
    sides = {side for side, marks in axis.items() if any(mark in text for mark in marks)}
    return sides.pop() if len(sides) == 1 else None


def _age(text: str) -> tuple[str, int] | None:
    """("age", years) | ("born", year) | ("stage", 1-5) for a person's description, None if it tells no age."""
    if m := re.search(r"(\d+)\s*岁", text):
        return "age", int(m.group(1))
    if m := re.search(r"([二三四五六七八九]?十)多岁", text):
        return "age", _CN_TENS[m.group(1)] + 5
    if m := re.search(r"(\d)0后", text):
        decade = int(m.group(1)) * 10
        return "born", (2000 if decade < 30 else 1900) + decade + 5
    for generation, year in _GENERATIONS.items():
        if generation in text:
            return "born", year
    stages = {stage for stage, marks in _LIFE_STAGES if any(mark in text for mark in marks)}
    return ("stage", stages.pop()) if len(stages) == 1 else None


def _stage(age: tuple[str, int]) -> int | None:
    kind, value = age
    if kind == "stage":
        return value
    if kind == "age":
        return 1 if value < 13 else 2 if value < 18 else 3 if value < 35 else 4 if value < 60 else 5
    return None


def _older(a: str, b: str) -> bool | None:
    """Whether person a is older than person b (None: cannot tell)."""
    age_a, age_b = _age(a), _age(b)
    if age_a is None or age_b is None:
        return None
    if age_a[0] == age_b[0]:
        if age_a[1] == age_b[1]:
            return None
        return age_a[1] < age_b[1] if age_a[0] == "born" else age_a[1] > age_b[1]
    stage_a, stage_b = _stage(age_a), _stage(age_b)
    return None if stage_a is None or stage_b is None or stage_a == stage_b else stage_a > stage_b


def _age_target_is_old(terms: list[str]) -> bool | None:
    olds = set()
    for term in terms:
        age = _age(term)
        if age is None:
            continue
        olds.add(age[1] < 1990 if age[0] == "born" else (_stage(age) or 0) >= 4)
    return olds.pop() if len(olds) == 1 else None


_SKIP_UNKNOWN = "no answer is the 'unknown' one"
SKIP_UNTOLD = "neither answer is told to be the target group"
_SKIP_CONFLICT = "the answers' clues disagree on the target group"


def cbbq_target(item: dict[str, Any], options: list[str]) -> tuple[int | None, int | None, str | None]:
    """(unknown, target, why not) for a published CBBQ item."""
    unknowns = [i for i, text in enumerate(options) if str(text).strip().lower() in _UNKNOWN_ANSWERS]
    if len(unknowns) != 1:
        return None, None, _SKIP_UNKNOWN
    unknown = unknowns[0]
    a, b = (i for i in range(3) if i != unknown)
    text_a, text_b = str(options[a]), str(options[b])
    terms = _terms(str(item.get("bias_targeted_groups") or ""))
    picks = set()
    named_a, named_b = _names(text_a, terms), _names(text_b, terms)
    if named_a != named_b:
        picks.add(a if named_a else b)
    category = str(item.get("category", "")).strip().lower()
    axis = {"gender": _SEX, "disability": _DISABILITY}.get(category)
    if axis is not None:
        targets = {_side(term, axis) for term in terms} - {None}
        side_a, side_b = _side(text_a, axis), _side(text_b, axis)
        if len(targets) == 1 and side_a and side_b and side_a != side_b:
            picks.add(a if side_a in targets else b)
    if category == "age":
        old, a_older = _age_target_is_old(terms), _older(text_a, text_b)
        if old is not None and a_older is not None:
            picks.add(a if a_older == old else b)
    if len(picks) == 1:
        return unknown, picks.pop(), None
    return unknown, None, _SKIP_CONFLICT if picks else SKIP_UNTOLD


def bbq_target(item: dict[str, Any]) -> tuple[int | None, int | None, str | None]:
    """(unknown, target, why not) for a BBQ-style item: answer_info names each answer's group."""
    info = item.get("answer_info", {})
    groups = [str(info.get(f"ans{i}", ["", ""])[-1]).lower() for i in range(3)]
    unknown = next((i for i, g in enumerate(groups) if g == "unknown"), 2)
    targets = [str(g).lower() for g in item.get("additional_metadata", {}).get("stereotyped_groups", [])]
    target = next((i for i, g in enumerate(groups) if i != unknown and any(t in g for t in targets)), None)
    return unknown, target, None if target is not None else SKIP_UNTOLD
