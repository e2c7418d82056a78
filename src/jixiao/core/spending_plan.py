"""资金支出计划: cumulative % of the money planned to be spent by the end of
March, June, October and December. A checkpoint may be left blank.

>>> plan = SpendingPlan({3: None, 6: Decimal("50"), 10: Decimal("100"), 12: Decimal("100")})
>>> plan.known()
[(6, Decimal('50')), (10, Decimal('100')), (12, Decimal('100'))]
>>> plan.problems()
[]
>>> SpendingPlan({3: Decimal("60"), 6: Decimal("50"), 12: Decimal("90")}).problems()
['6月底计划50%低于之前的60%', '12月底累计应为100%，实为90%']
"""

from __future__ import annotations

from dataclasses import dataclass, field
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

    def problems(self) -> list[str]:
        """What makes the plan impossible: out of range, going down, not ending at 100 %."""
        found, before = [], None
        for month, value in self.known():
            if not 0 <= value <= HUNDRED:
                found.append(f"{month}月底计划{value:f}%不在0%～100%之间")
            if before is not None and value < before:
                found.append(f"{month}月底计划{value:f}%低于之前的{before:f}%")
            before = value
        end = self.checkpoints[12]
        if end is None:
            found.append("12月底累计计划为空，应为100%")
        elif end != HUNDRED:
            found.append(f"12月底累计应为100%，实为{end:f}%")
        return found
