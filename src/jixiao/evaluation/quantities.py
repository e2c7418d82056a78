"""Actual values (完成值) and comparing them with targets in one unit.

>>> parse_actual("1.3万元")
Quantity(value=Decimal('1.3'), unit='万元', tier=None)
>>> in_unit(parse_actual("1.3万元"), "元", "每人补助")
Decimal('13000.0')
>>> parse_actual("部分达成年度指标").tier
'部分达成'
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..core.money import FACTORS
from ..core.targets import QUALITATIVE, parse_target
from .records import EvaluationError

TIERS = ("未达成", "部分达成", "达成")  # tested in this order: 达成 is inside the others


@dataclass(frozen=True)
class Quantity:
    value: Decimal | None
    unit: str = ""
    tier: str | None = None  # for a qualitative indicator


def parse_actual(text: str) -> Quantity:
    """Raises ValueError when the text is neither a value nor a tier."""
    tier = next((t for t in TIERS if t in text), None)
    if tier:
        return Quantity(None, "", tier)
    t = parse_target(text)
    if t.op == QUALITATIVE or t.value_hi is not None:
        raise ValueError(text)
    return Quantity(t.value, t.unit)


def in_unit(q: Quantity, unit: str, indicator: str) -> Decimal:
    """The actual's value in the target's unit; a bare number is taken in the target's unit."""
    if q.unit == unit or not q.unit:
        return q.value
    if q.unit in FACTORS and unit in FACTORS:
        return q.value * FACTORS[q.unit] / FACTORS[unit]
    raise EvaluationError("unit_mismatch", f"指标“{indicator}”的完成值单位“{q.unit}”无法与指标值单位“{unit or '无'}”比较")
