"""Money in 元 as Decimal; documents state it in 万元 (or 亿元).

>>> to_yuan(Decimal("1.21"), "万元")
Decimal('12100.00')
>>> format_wan(Decimal("200000"))
'20.00'
>>> format_wan(Decimal("123.45"))
'0.012345'
>>> parse_amount("２０.００")
Decimal('20.00')
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
    rounded = wan.quantize(CENT)
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
