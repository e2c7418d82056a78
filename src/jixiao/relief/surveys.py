"""满意度调查: a questionnaire as data, answers on a 5-point scale.

Satisfaction is counted per respondent, as the seed defines it (受帮扶困难职工满意的人数 ÷
总救助人数, the survey's respondents standing for those relieved): a person is satisfied
when their answer to the overall question (总体评价) is 满意 or 非常满意 (4 or 5), or, when
the survey has no such question or they left it blank, when the mean of their answers is
at least 4. A response with no valid answer is not counted.

>>> satisfaction([[5, 4], [3, None], [4, 5]])
Decimal('66.66666666666666666666666667')
>>> satisfaction([[5, 2], [3, 5]], overall=0)  # the first question is the overall one
Decimal('50')
>>> overall_question(["对发放及时性的评价", "对救助（服务）的总体评价"])
1
>>> read_answers([["总体", "及时"], ["5", "4"], ["3", ""], ["", ""]], 2)
[[5, 4], [3, None]]
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .errors import BAD_ANSWER, BAD_ANSWER_MESSAGE, NOT_A_SCORE_MESSAGE, RowsError
from .register import RowProblem

SCALE = ("非常不满意", "不满意", "一般", "满意", "非常满意")  # 1 … 5


@dataclass
class Survey:
    name: str
    project: str
    questions: list[str]


SATISFIED = 4  # 满意 and above
OVERALL_WORDS = ("总体", "整体", "综合", "总的")


def overall_question(questions: list[str]) -> int | None:
    """The position of the survey's overall question (its text says 总体, 整体 …), or None."""
    return next((k for k, q in enumerate(questions) if any(w in q for w in OVERALL_WORDS)), None)


def satisfied(response: list[int | None], overall: int | None = None) -> bool | None:
    """Whether one respondent is satisfied: their overall answer when there is one, else the
    mean of their valid answers, at least 满意; None when they gave no valid answer."""
    if overall is not None and overall < len(response) and response[overall] in (1, 2, 3, 4, 5):
        return (response[overall] or 0) >= SATISFIED
    valid = [a for a in response if a in (1, 2, 3, 4, 5)]
    if not valid:
        return None
    return Decimal(sum(valid)) / len(valid) >= SATISFIED


def satisfaction(answers: list[list[int | None]], overall: int | list[int | None] | None = None) -> Decimal | None:
    """Satisfied respondents ÷ respondents with a valid answer, in %. `overall` is the position
    of the overall question, for all responses or (a list) for each; a blank or out-of-scale
    answer is not valid."""
    per_response = (overall + [None] * len(answers))[:len(answers)] if isinstance(overall, list) else \
        [overall] * len(answers)
    judged = [satisfied(response, k) for response, k in zip(answers, per_response, strict=True)]
    counted = [j for j in judged if j is not None]
    if not counted:
        return None
    return Decimal(sum(1 for j in counted if j)) * 100 / len(counted)


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


def read_answer_rows(rows: list[list[str]], questions: int) -> tuple[list[list[int | None]], list[RowProblem]]:
    """As `read_answers`, but the whole table read: the good responses, and every bad cell as a
    RowProblem at its row and question (the header's text, or 第k列).

    >>> good, bad = read_answer_rows([["总体", "及时"], ["5", "4"], ["6", "五"], ["3", ""]], 2)
    >>> good, [str(b) for b in bad]
    ([[5, 4], [3, None]], ['第3行“总体”：“6”不是1～5分', '第3行“及时”：“五”不是1～5分'])
    """
    header = [str(h if h is not None else "").strip() for h in rows[0]] if rows else []
    responses: list[list[int | None]] = []
    bad: list[RowProblem] = []
    for n, row in enumerate(rows[1:], 2):
        cells = [str(c if c is not None else "").strip() for c in row[:questions]]
        if not any(cells):
            continue
        wrong = [RowProblem(n, header[k - 1] if k <= len(header) and header[k - 1] else f"第{k}列",
                            NOT_A_SCORE_MESSAGE.format(cell=cell), BAD_ANSWER)
                 for k, cell in enumerate(cells, 1) if cell and cell not in ("1", "2", "3", "4", "5")]
        if wrong:
            bad.extend(wrong)
        else:
            responses.append([int(cell) if cell else None for cell in cells])
    return responses, bad
