"""指标值: the target of an indicator, parsed from the text a unit wrote.

>>> parse_target("≥400人")
Target(raw='≥400人', op='≥', value=Decimal('400'), value_hi=None, unit='人', inferred=False)
>>> parse_target("＞＝95%").op, parse_target("＞＝95%").value
('≥', Decimal('95'))
>>> parse_target("≥1.21万元").in_yuan()
Decimal('12100.00')
>>> parse_target("500元", level2="成本指标").op
'≤'
>>> t = parse_target("90%～95%"); (t.op, t.value, t.value_hi, t.unit)
('range', Decimal('90'), Decimal('95'), '%')
>>> parse_target("≥100百分比").unit
'%'
>>> parse_target("一年2次").value
Decimal('2')
>>> parse_target("不少于四次").value
Decimal('4')
>>> parse_target("满足困难职工的生活需求").op
'qualitative'
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from .money import FACTORS, to_yuan
from .numerals import CHINESE_DIGITS, chinese_to_decimal

GE, LE, EQ, GT, LT, RANGE, QUALITATIVE = "≥", "≤", "=", ">", "<", "range", "qualitative"
OPS = (GE, LE, EQ, GT, LT, RANGE, QUALITATIVE)
COMPARISONS = (GE, LE, EQ, GT, LT)


@dataclass(frozen=True)
class Target:
    raw: str
    op: str
    value: Decimal | None = None
    value_hi: Decimal | None = None
    unit: str = ""
    inferred: bool = False

    @property
    def is_quantitative(self) -> bool:
        return self.op != QUALITATIVE

    @property
    def in_range(self) -> bool:
        """Whether its numbers are of a magnitude any goal table can mean (`in_range`)."""
        return in_range(self.value) and in_range(self.value_hi)

    def in_yuan(self) -> Decimal | None:
        """The value in 元 when the unit is money, else None (also for a value beyond any magnitude)."""
        if self.value is None or self.unit not in FACTORS or not self.in_range:
            return None
        return to_yuan(self.value, self.unit)


# No quantity of a goal table has more than 15 digits before the point (a trillion 万元 has 13); the
# web stores a target in 24 digits, 6 of them after the point (web/goals/models.py Indicator.value),
# and the review multiplies targets. A longer number is a slip of the keyboard, not a target.
MAX_INTEGER_DIGITS = 15


def in_range(value: Decimal | None) -> bool:
    """A finite number with at most MAX_INTEGER_DIGITS digits before the point (or no number).

    >>> in_range(Decimal("999999999999999.5")), in_range(Decimal("1" * 16)), in_range(None)
    (True, False, True)
    """
    return value is None or (value.is_finite() and value.adjusted() < MAX_INTEGER_DIGITS)


# Written operators, after NFKC (which turns ＞＝ into >=), longest first.
_OP_WORDS = [
    (">=", GE), ("≥", GE), ("≧", GE), ("⩾", GE), ("不低于", GE), ("不少于", GE), ("大于等于", GE),
    ("<=", LE), ("≤", LE), ("≦", LE), ("⩽", LE), ("不高于", LE), ("不超过", LE), ("不多于", LE),
    ("小于等于", LE), ("==", EQ), ("=", EQ), ("等于", EQ), (">", GT), ("大于", GT), ("<", LT),
    ("小于", LT),
]
_SUFFIX_OPS = [("以上", GE), ("以下", LE), ("以内", LE)]
_UNIT_ALIASES = {"百分比": "%", "百分点": "%", "％": "%"}
_NUM = r"\d+(?:\.\d+)?"
_CN = f"[{CHINESE_DIGITS}]+"
_UNIT = r"[^\d\s<>=≥≤~\-至]{0,6}"
_SINGLE = re.compile(rf"^(?P<num>-?{_NUM}|{_CN}?)(?P<unit>{_UNIT})$")
# A unit naming a point in time (11月底前) makes a deadline, not a quantity.
_DEADLINE = re.compile(r"[前后底末初旬]")
# Measure words a Chinese numeral may carry (不少于四次); others are just words (两癌).
_CN_UNITS = {"", "次", "个", "人", "人次", "名", "户", "家", "项", "件", "期", "场", "天", "年",
             "个月", "批", "轮", "所", "元", "万元", "亿元", "倍", "分", "%", "小时", "周"}
_RANGE = re.compile(rf"^(?P<lo>{_NUM})(?P<u1>{_UNIT})(?:-|~|至|到)(?P<hi>{_NUM})(?P<u2>{_UNIT})$")
_PER_PERIOD = re.compile(rf"(?:每|一)(?:年|季度|季|月|周|日|天)(?P<num>{_NUM}|{_CN})(?P<unit>次|期|批|轮|场|回)$")


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")
_SPACES = re.compile(r"\s+")
# The operator a target starts with: the first of _OP_WORDS that matches, as the list orders them.
_OP_PREFIX = re.compile("|".join(re.escape(word) for word, _ in _OP_WORDS))
_OP_OF = dict(_OP_WORDS)


def normalize(text: str) -> str:
    """Full-width forms to ASCII, spaces and thousands separators out."""
    s = unicodedata.normalize("NFKC", text)
    if "," in s:
        s = _THOUSANDS.sub("", s)
    return _SPACES.sub("", s)


def infer_op(level2: str | None) -> str:
    """No operator written: a cost is a ceiling, anything else a floor."""
    return LE if level2 and "成本" in level2 else GE


def parse_target(raw: str, level2: str | None = None) -> Target:
    """Parse 指标值 text; anything that is not a quantity is qualitative."""
    s = normalize(raw)
    op = None
    if m := _OP_PREFIX.match(s):
        op, s = _OP_OF[m[0]], s[m.end():]
    for word, sym in _SUFFIX_OPS:
        if op is None and s.endswith(word) and len(s) > len(word):
            op, s = sym, s[: -len(word)]
    quantity = _quantity(s)
    if quantity is None:
        return Target(raw=raw, op=QUALITATIVE)
    value, value_hi, unit = quantity
    if value_hi is not None:
        return Target(raw, RANGE, value, value_hi, unit)
    if op is None:
        return Target(raw, infer_op(level2), value, None, unit, inferred=True)
    return Target(raw, op, value, None, unit)


def _quantity(s: str) -> tuple[Decimal, Decimal | None, str] | None:
    if m := _RANGE.match(s):
        unit = _unit(m["u2"] or m["u1"])
        if not m["u1"] or _unit(m["u1"]) == unit:
            lo, hi = Decimal(m["lo"]), Decimal(m["hi"])
            return (lo, hi, unit) if lo <= hi else None
        return None
    for m in (_SINGLE.match(s), _PER_PERIOD.search(s)):
        if m and m["num"] and not _DEADLINE.search(m["unit"]):
            number, unit = _number(m["num"], m["unit"])
            if number is not None:
                return number, None, unit
    return None


def _number(text: str, unit: str) -> tuple[Decimal | None, str]:
    if text[0].isdigit():
        return Decimal(text), _unit(unit)
    # 一万元: the 万 belongs to the unit 万元, not to the numeral.
    if text[-1] in "万亿" and unit.startswith("元") and len(text) > 1:
        text, unit = text[:-1], text[-1] + unit
    if _unit(unit) not in _CN_UNITS:
        return None, unit
    try:
        return chinese_to_decimal(text), _unit(unit)
    except ValueError:
        return None, unit


def _unit(unit: str) -> str:
    return _UNIT_ALIASES.get(unit, unit)
