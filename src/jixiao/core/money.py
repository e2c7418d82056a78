"""Money in 元 as Decimal; documents state it in 万元 (or 亿元).

>>> to_yuan(Decimal("1.21"), "万元")
Decimal('12100.00')
>>> format_wan(Decimal("200000"))
'20.00'
>>> format_wan(Decimal("123.45"))
'0.012345'
>>> parse_amount("２０.００")
Decimal('20.00')
>>> parse_money("854万(高标准农田建设400万元,示范建设295万元)", "万元")
Decimal('8540000.00')
>>> parse_money("8,827,620.53", "元")
Decimal('8827620.53')
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

CENT = Decimal("0.01")
FACTORS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}
MONEY_UNITS = tuple(FACTORS)


def to_yuan(value: Decimal, unit: str = "万元") -> Decimal:
    """Convert an amount stated in `unit` to 元, rounded to the cent."""
    return (value * FACTORS[unit]).quantize(CENT)


def from_yuan(yuan: Decimal, unit: str = "万元") -> Decimal:
    return yuan / FACTORS[unit]


def format_wan(yuan: Decimal) -> str:
    """The 万元 figure with 2 decimals, as goal tables print it; more only when
    the amount has them (123.45元 is 0.012345万元), so nothing is lost."""
    wan = from_yuan(yuan)
    try:
        rounded = wan.quantize(CENT)
    except InvalidOperation:  # more digits than a Decimal context holds: nothing to round, print it whole
        return f"{wan.normalize():f}"
    return f"{rounded:f}" if rounded == wan else f"{wan.normalize():f}"


_AMOUNT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def parse_amount(text: str) -> Decimal:
    """A plain decimal number as written in a money or percent cell.

    Accepts full-width digits, thousands separators and a trailing 万元/元/%.
    Raises ValueError when the text is not a number.
    """
    s = unicodedata.normalize("NFKC", str(text)).strip().replace(",", "")
    for suffix in ("万元", "亿元", "元", "%"):
        if s.endswith(suffix):
            s = s[: -len(suffix)].strip()
            break
    if not _AMOUNT.match(s):
        raise ValueError(f"不是数字：{text}")
    try:
        return Decimal(s)
    except InvalidOperation as exc:  # pragma: no cover - the regex guards this
        raise ValueError(f"不是数字：{text}") from exc


# An amount at the start of a cell, its unit if written: `854万`, `8,827,620.53`, `50万元`.
_LEADING_AMOUNT = re.compile(r"^([+-]?(?:\d[\d,]*)?\.?\d+)\s*(亿元|万元|亿|万|元)?")
_WRITTEN_UNITS = {"亿": "亿元", "万": "万元"}


def parse_money(text: str, unit: str = "万元") -> Decimal:
    """A money cell as units write it, in 元: the amount in the cell's own unit when it writes
    one (`854万`), else in the table's `unit`; a breakdown in brackets after it, or the same
    amount repeated (a merged cell pasted twice), is not part of it. Raises ValueError otherwise."""
    s = unicodedata.normalize("NFKC", str(text)).strip()
    m = _LEADING_AMOUNT.match(s)
    rest = s[m.end():].lstrip() if m else s
    if not m or (rest and rest[0] != "(" and not rest.startswith(m[0])):
        raise ValueError(f"不是金额：{text}")
    written = m[2] and _WRITTEN_UNITS.get(m[2], m[2])
    return to_yuan(Decimal(m[1].replace(",", "")), written or unit)

