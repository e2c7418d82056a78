"""满意度调查: a questionnaire as data, answers on a 5-point scale.

>>> satisfaction([[5, 4], [3, None], [4, 5]])
Decimal('80')
>>> read_answers([["总体", "及时"], ["5", "4"], ["3", ""], ["", ""]], 2)
[[5, 4], [3, None]]
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .errors import BAD_ANSWER, BAD_ANSWER_MESSAGE, RowsError

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


def read_answers(rows: list[list[str]], questions: int) -> list[list[int | None]]:
    """Answers, one response a row after the header and one question a column, scored 1–5 or
    blank; a blank row is skipped. A bad cell is a RowsError: the whole table is refused."""
    responses = []
    for n, row in enumerate(rows[1:], 2):
        cells = [str(c).strip() for c in row[:questions]]
        if not any(cells):
            continue
        answers: list[int | None] = []
        for k, cell in enumerate(cells, 1):
            if cell and cell not in ("1", "2", "3", "4", "5"):
                raise RowsError(BAD_ANSWER, BAD_ANSWER_MESSAGE.format(row=n, column=k, cell=cell))
            answers.append(int(cell) if cell else None)
        responses.append(answers)
    return responses
