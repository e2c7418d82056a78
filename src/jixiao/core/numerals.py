"""Chinese numerals as Decimal, by way of cn2an.

>>> chinese_to_decimal("一百二十")
Decimal('120')
>>> chinese_to_decimal("一点五")
Decimal('1.5')
>>> chinese_to_decimal("两")
Decimal('2')
"""

from __future__ import annotations

from decimal import Decimal

import cn2an

CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿点"


def chinese_to_decimal(text: str) -> Decimal:
    """Raises ValueError when `text` is not a Chinese numeral."""
    try:
        number = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError) as exc:
        raise ValueError(f"不是中文数字：{text}") from exc
    # cn2an returns int or float; go through repr to keep the written digits.
    return Decimal(repr(number)).normalize() if isinstance(number, float) else Decimal(number)
