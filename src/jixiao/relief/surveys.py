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

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .errors import (
    ANSWER_COLUMNS,
    ANSWER_COLUMNS_MESSAGE,
    ANSWER_DATE,
    ANSWER_MISSING,
    ANSWER_OUTSIDE_YEAR_MESSAGE,
    ANSWER_TWICE,
    ANSWER_UNKNOWN,
    BAD_ANSWER,
    BAD_ANSWER_MESSAGE,
    NOT_A_DATE_MESSAGE,
    NOT_A_SCORE_MESSAGE,
    RowsError,
)
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


DATE_COLUMNS = ("日期", "回答日期")  # an answers file's column with the day each response was given


def read_dated_answer_rows(rows: list[list[str]], questions: int, *, year: int, default: date,
                           parse_day: Callable[[str], date] = date.fromisoformat
                           ) -> tuple[list[tuple[list[int | None], date]], list[RowProblem]]:
    """As `read_answer_rows`, each good response with the day it was given (回答日期): its row's
    日期 when the file has that column (anywhere; the other columns are the questions, in order)
    and the cell is filled, else `default` (the survey's date). A date that `parse_day` cannot
    read, or outside the plan's `year`, is a bad row like a bad score (the whole file is read).

    >>> rows = [["日期", "总体"], ["2021-03-02", "5"], ["", "4"], ["2020-12-30", "5"], ["三月", "9"]]
    >>> good, bad = read_dated_answer_rows(rows, 1, year=2021, default=date(2021, 2, 26))
    >>> good
    [([5], datetime.date(2021, 3, 2)), ([4], datetime.date(2021, 2, 26))]
    >>> [str(b) for b in bad]
    ['第4行“日期”：回答日期2020-12-30不在2021年内', '第5行“总体”：“9”不是1～5分', '第5行“日期”：“三月”不是日期，应如2021-03-05']
    """
    header = [str(h if h is not None else "").strip() for h in rows[0]] if rows else []
    at = next((k for k, h in enumerate(header) if h in DATE_COLUMNS), None)
    if at is None:
        undated, bad = read_answer_rows(rows, questions)
        return [(answers, default) for answers in undated], bad
    drop = lambda row: [c for k, c in enumerate(row) if k != at]  # noqa: E731
    answers, bad = read_answer_rows([drop(row) for row in rows], questions)
    good: list[tuple[list[int | None], date]] = []
    kept = iter(answers)
    wrong_rows = {b.row for b in bad}
    for n, row in enumerate(rows[1:], 2):
        cells = [str(c if c is not None else "").strip() for c in drop(row)[:questions]]
        if not any(cells):
            continue
        cell = str(row[at] if at < len(row) and row[at] is not None else "").strip()
        on, problem = default, None
        if cell:
            try:
                on = parse_day(cell)
            except ValueError:
                problem = NOT_A_DATE_MESSAGE.format(cell=cell, year=year)
            else:
                if on.year != year:
                    problem = ANSWER_OUTSIDE_YEAR_MESSAGE.format(on=on, year=year)
        if problem:
            bad.append(RowProblem(n, header[at], problem, ANSWER_DATE))
        if n not in wrong_rows:
            response = next(kept)
            if not problem:
                good.append((response, on))
    bad.sort(key=lambda b: b.row)
    return good, bad


NOTE_COLUMNS = ("备注", "序号", "编号", "说明")  # an answers file's columns that are no question, ignored


def header_key(text: object) -> str:
    """A header as compared with a question: spaces dropped and full-width letters, digits and
    punctuation read as half-width (（服务） and (服务) are the same).

    >>> header_key(" 对救助(服务)的 总体评价 ") == header_key("对救助（服务）的总体评价")
    True
    """
    return "".join(unicodedata.normalize("NFKC", str(text if text is not None else "")).split())


def arrange_answer_columns(rows: list[list], questions: list[str], *, name: str = "回答文件",
                           survey: str = "") -> list[list]:
    """The answers file's columns matched to the questionnaire's `questions` by their header, not
    by position: the rows returned have the questions' columns in the questionnaire's order (the
    header written as the questionnaire writes it), then the 日期 column if the file has one. A
    备注, 序号 … column, or one with neither header nor cells, is left out. A file whose header
    lacks a question, has a column that is no question, or names one twice is refused whole
    (a RowsError naming them).

    >>> arrange_answer_columns([["及时性", "备注", "总体评价"], ["4", "x", "5"]], ["总体评价", "及时性"])
    [['总体评价', '及时性'], ['5', '4']]
    >>> try:
    ...     arrange_answer_columns([["姓名", "总体评价"], ["甲", "5"]], ["总体评价", "及时性"], survey="回访")
    ... except RowsError as refused:
    ...     print(refused.message)
    表头与问卷“回访”的问题对不上：缺少问题“及时性”；不认识的列“姓名”。未导入任何回答；表头应逐字写问卷的问题（顺序不限，另可有日期、备注、序号列）
    """
    header = [str(h if h is not None else "").strip() for h in rows[0]] if rows else []
    wanted = {header_key(q): k for k, q in enumerate(questions)}
    at: dict[int, int] = {}  # question → the file's column
    date_at: int | None = None
    unknown: list[str] = []
    twice: list[str] = []
    for column, text in enumerate(header):
        key = header_key(text)
        if key in wanted:
            if wanted[key] in at:
                twice.append(f"“{text}”")
            at[wanted[key]] = column
        elif key in DATE_COLUMNS and date_at is None:
            date_at = column
        elif key in NOTE_COLUMNS:
            continue
        elif not key:
            if any(str(row[column] if column < len(row) and row[column] is not None else "").strip()
                   for row in rows[1:]):
                unknown.append(f"第{column + 1}列（无表头）")
        else:
            unknown.append(f"“{text}”")
    missing = [f"“{q}”" for k, q in enumerate(questions) if k not in at]
    problems = [template.format(questions="、".join(found), columns="、".join(found))
                for template, found in ((ANSWER_MISSING, missing), (ANSWER_UNKNOWN, unknown), (ANSWER_TWICE, twice))
                if found]
    if problems:
        raise RowsError(ANSWER_COLUMNS, ANSWER_COLUMNS_MESSAGE.format(survey=survey, problems="；".join(problems)),
                        name, fields={"表头": "；".join(problems)})
    order = [at[k] for k in range(len(questions))] + ([date_at] if date_at is not None else [])
    cell = lambda row, k: row[k] if k < len(row) else ""  # noqa: E731
    return [[*questions, *([header[date_at]] if date_at is not None else [])]] + \
        [[cell(row, k) for k in order] for row in rows[1:]]
