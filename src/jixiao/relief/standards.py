"""救助标准: the amount due by kind of assistance, degree and cause, per unit and year.

>>> table = [Standard("救助", Decimal(500)), Standard("救助", Decimal(800), degree="深度困难")]
>>> amount_due(table, "救助", "深度困难", "因病"), amount_due(table, "救助", "相对困难", "因病")
(Decimal('800'), Decimal('500'))
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Standard:
    kind: str  # 救助, 助学, 医疗, 体检 …
    amount: Decimal  # 元 per person
    degree: str = ""  # empty: any degree
    cause: str = ""  # empty: any cause


def amount_due(table: list[Standard], kind: str, degree: str = "", cause: str = "") -> Decimal | None:
    """The most specific standard that fits: degree and cause, then either, then any."""
    fits = [s for s in table if s.kind == kind and s.degree in ("", degree) and s.cause in ("", cause)]
    if not fits:
        return None
    return max(fits, key=lambda s: (bool(s.degree) + bool(s.cause), bool(s.degree))).amount
