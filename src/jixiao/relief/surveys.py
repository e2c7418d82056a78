"""满意度调查: a questionnaire as data, answers on a 5-point scale.

>>> satisfaction([[5, 4], [3, None], [4, 5]])
Decimal('80')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

SCALE = ("非常不满意", "不满意", "一般", "满意", "非常满意")  # 1 … 5


@dataclass
class Survey:
    name: str
    project: str
    questions: list[str]


def satisfaction(answers: list[list[int | None]]) -> Decimal | None:
    """(满意 + 非常满意) ÷ valid answers, in %; a blank or out-of-scale answer is not valid."""
    valid = [a for response in answers for a in response if a in (1, 2, 3, 4, 5)]
    if not valid:
        return None
    return Decimal(sum(1 for a in valid if a >= 4)) * 100 / len(valid)
