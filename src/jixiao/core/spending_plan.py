"""资金支出计划: cumulative % of the money planned to be spent by the end of
March, June, October and December. A checkpoint may be left blank.

>>> plan = SpendingPlan({3: None, 6: Decimal("50"), 10: Decimal("100"), 12: Decimal("100")})
>>> plan.known()
[(6, Decimal('50')), (10, Decimal('100')), (12, Decimal('100'))]
>>> plan.problems()
[]
>>> SpendingPlan({3: Decimal("60"), 6: Decimal("50"), 12: Decimal("90")}).problems()
['6月底计划50%低于之前的60%', '12月底累计应为100%，实为90%']
>>> round(plan.planned_rate(date(2021, 7, 31)), 2)
Decimal('62.60')
>>> round(SpendingPlan({12: Decimal("100")}).planned_rate(date(2021, 7, 31)), 2)
Decimal('58.08')
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

MONTHS = (3, 6, 10, 12)
HUNDRED = Decimal(100)


@dataclass
class SpendingPlan:
    checkpoints: dict[int, Decimal | None] = field(default_factory=dict)

    def __post_init__(self):
        self.checkpoints = {m: self.checkpoints.get(m) for m in MONTHS}

    def known(self) -> list[tuple[int, Decimal]]:
        return [(m, v) for m, v in self.checkpoints.items() if v is not None]

    def planned_rate(self, on: date) -> Decimal:
        """Cumulative % planned to be spent by `on`: 0 % at the start of the year,
        each known checkpoint at its month's end, linear in days between them."""
        start = date(on.year - 1, 12, 31)
        points = [(0, Decimal(0))] + [((month_end(on.year, m) - start).days, v) for m, v in self.known()]
        day = (on - start).days
        for (d0, v0), (d1, v1) in zip(points, points[1:]):
            if day <= d1:
                return v0 + (v1 - v0) * Decimal(max(day - d0, 0)) / Decimal(d1 - d0)
        return points[-1][1]

    def drops(self) -> list[tuple[int, Decimal, Decimal]]:
        """Each checkpoint below the one before it, as (month, value, the earlier value): a
        cumulative plan never goes down.

        >>> SpendingPlan({3: Decimal("60"), 6: Decimal("50"), 10: None, 12: Decimal("100")}).drops()
        [(6, Decimal('50'), Decimal('60'))]
        """
        known = self.known()
        return [(m, v, before) for (_, before), (m, v) in zip(known, known[1:]) if v < before]

    def problems(self) -> list[str]:
        """What makes the plan impossible: out of range, going down, not ending at 100 %."""
        found = []
        drops = {month: before for month, _, before in self.drops()}
        for month, value in self.known():
            if not 0 <= value <= HUNDRED:
                found.append(f"{month}月底计划{value:f}%不在0%～100%之间")
            if month in drops:
                found.append(drop_message(month, value, drops[month]))
        end = self.checkpoints[12]
        if end is None:
            found.append("12月底累计计划为空，应为100%")
        elif end != HUNDRED:
            found.append(f"12月底累计应为100%，实为{end:f}%")
        return found


def drop_message(month: int, value: Decimal, before: Decimal) -> str:
    return f"{month}月底计划{value:f}%低于之前的{before:f}%"


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def time_rate(on: date) -> Decimal:
    """序时进度: the share of the year gone by `on`, in %."""
    start = date(on.year - 1, 12, 31)
    days = 366 if calendar.isleap(on.year) else 365
    return Decimal((on - start).days) * 100 / Decimal(days)
