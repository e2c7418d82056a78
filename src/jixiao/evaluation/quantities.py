"""Actual values (完成值): a number with its unit, or a level (达成/部分达成/未达成).

What a person typed is parsed once, where it enters (`parse_actual`, `record_from_text`);
a value computed from the programmes' records is handed over as its number and unit
(`computed`). The text is for display only.

>>> parse_actual("394人")
Quantity(value=Decimal('394'), unit='人', level=None, raw='394人')
>>> parse_actual("95.83％").value, parse_actual("95.83％").unit
(Decimal('95.83'), '%')
>>> in_unit(parse_actual("1.21万元"), "元", "每人补助")
Decimal('12100.00')
>>> parse_actual("部分达成年度指标").level
'部分达成'
>>> in_unit(parse_actual("达成"), "人", "帮扶人数")
Traceback (most recent call last):
jixiao.evaluation.errors.EvaluationError: 指标“帮扶人数”的完成值“达成”应为数值
>>> parse_actual("很多")
Traceback (most recent call last):
ValueError: 很多
>>> computed(Decimal("95.8333"), "%").text
'95.83%'
>>> computed(Decimal("394"), "人").value
Decimal('394')
>>> record_from_text("p", "帮扶人数", "很多")
Traceback (most recent call last):
jixiao.evaluation.errors.EvaluationError: 指标“帮扶人数”的完成值“很多”不是数值，也不是达成、部分达成或未达成
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..core.money import FACTORS
from ..core.numerals import plain
from ..core.targets import QUALITATIVE, parse_target
from . import errors as e
from .errors import EvaluationError
from .records import TYPED_BY_PERSON, ActualRecord, Provenance

LEVELS = ("未达成", "部分达成", "达成")  # tested in this order: 达成 is inside the others


@dataclass(frozen=True)
class Quantity:
    """A number in its unit (a bare number has no unit: it is taken in the target's),
    or, for a qualitative indicator, a level with no number. `raw` is the text as typed."""

    value: Decimal | None
    unit: str = ""
    level: str | None = None
    raw: str = ""

    @property
    def text(self) -> str:
        """For display: what was typed, else 394人, 95.83%, 达成."""
        if self.raw:
            return self.raw
        if self.level:
            return self.level
        return "" if self.value is None else f"{plain(self.value)}{self.unit}"


def computed(value: Decimal, unit: str) -> Quantity:
    """A value computed from records: its number as it is, no text to parse."""
    return Quantity(value, unit)


def parse_actual(text: str) -> Quantity:
    """Raises ValueError when the text is neither a value nor a level."""
    level = next((t for t in LEVELS if t in text), None)
    if level:
        return Quantity(None, "", level, text)
    t = parse_target(text)
    if t.op == QUALITATIVE or t.value_hi is not None:
        raise ValueError(text)
    return Quantity(t.value, t.unit, None, text)


def bad_actual(indicator: str, text: str, place: str = "") -> EvaluationError:
    return EvaluationError("bad_actual", e.BAD_ACTUAL.format(indicator=indicator, text=text), place)


def record_from_text(project: str, indicator: str, actual: str = "", share: Decimal | None = None, reason: str = "",
                     measure: str = "", forecast: str = "", place: str = "",
                     source: Provenance = TYPED_BY_PERSON) -> ActualRecord:
    """The record of what a person typed (a form, a CSV or Excel row, the CLI's file), parsed
    here once; an error names the indicator and the place. A project's remark (no indicator)
    carries only its reason and measure."""
    value = forecast_value = None
    if indicator and actual.strip():
        try:
            value = parse_actual(actual.strip())
        except ValueError:
            raise bad_actual(indicator, actual, place) from None
    if indicator and forecast.strip():
        try:
            forecast_value = parse_actual(forecast.strip())
        except ValueError:
            forecast_value = None
        if forecast_value is None or forecast_value.level:
            raise EvaluationError("bad_forecast", e.BAD_FORECAST.format(indicator=indicator, forecast=forecast), place)
    return ActualRecord(project, indicator, value, share, reason, measure, forecast_value, place, source)


def in_unit(q: Quantity, unit: str, indicator: str, place: str = "") -> Decimal:
    """The actual's value in the target's unit; a bare number is taken in the target's unit."""
    if q.value is None:  # a level (达成 …) has no number to convert
        raise EvaluationError("bad_actual", e.LEVEL_NOT_NUMBER.format(indicator=indicator, text=q.text), place)
    if q.unit == unit or not q.unit:
        return q.value
    if q.unit in FACTORS and unit in FACTORS:
        return q.value * FACTORS[q.unit] / FACTORS[unit]
    raise EvaluationError("unit_mismatch", e.UNIT_MISMATCH.format(indicator=indicator, unit=q.unit,
                                                                  target_unit=unit or "无"), place)
