"""Numbers as tables write them: Chinese numerals as Decimal (by way of cn2an), and a
Decimal written to two places without trailing zeros when it is whole.

>>> chinese_to_decimal("一百二十")
Decimal('120')
>>> chinese_to_decimal("一点五")
Decimal('1.5')
>>> chinese_to_decimal("两")
Decimal('2')
>>> plain(Decimal("394.00")), plain(Decimal("95.8333")), plain(Decimal("1.2"))
('394', '95.83', '1.20')
>>> half_width("１３０３２２ｘ　１３８－０００")
'130322x 138-000'
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

CHINESE_DIGITS = "零〇一二两三四五六七八九十百千万亿点"


def half_width(text: str) -> str:
    """What a Chinese input method types in full width (digits, letters, signs, the ideographic space)
    as ASCII: the one normalisation of numbers typed in forms and imports before they are read."""
    return unicodedata.normalize("NFKC", str(text))


def chinese_to_decimal(text: str) -> Decimal:
    """Raises ValueError when `text` is not a Chinese numeral."""
    import cn2an  # here, not above: loading it costs every command a third of a second, most never need it

    try:
        number = cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError) as exc:
        raise ValueError(f"不是中文数字：{text}") from exc
    # cn2an returns int or float; go through repr to keep the written digits.
    return Decimal(repr(number)).normalize() if isinstance(number, float) else Decimal(number)


def plain(value: Decimal) -> str:
    """To 2 places, without trailing zeros when whole: 394, 95.83."""
    rounded = round(value, 2)
    return format(rounded.normalize() if rounded == rounded.to_integral() else rounded, "f")
