"""The part of a goal table above the indicators, read by its labels: the project's
code and name, the money rows, the spending plan and the goals.

Each is written back as the rows a table of that part has (label, value), so that
`assemble` reads them as it reads a table from any other file.
"""

from __future__ import annotations

import re

from ..blocks import Cell
from ..labels import (
    CODE,
    CODE_LABEL,
    GOAL_START,
    GOALS_LABEL,
    MONEY_ROWS,
    NAME,
    NAME_LABEL,
    PLAN_LABEL,
    PLAN_MONTH,
    PRINTED_GOAL_LABELS,
    PRINTED_MONEY_LABELS,
    PURPOSE_LABEL,
    label,
)
from .lines import ROUNDING, Line, Word, cell, join

NUMBER = re.compile(r"^-?\d+(?:\.\d+)?$")
_PERCENT = re.compile(r"-?\d+(?:\.\d+)?%")
# A word of one character is in nearly every label; from two characters on, a word found
# in a money label is a piece of that label.
MONEY_LABEL_PIECE = 2
# A goal label wrapped in its narrow cell leaves pieces of up to two characters (“绩效”,
# “目标”) among the goals' words; a longer word is the goals' own text.
GOAL_LABEL_PIECE = 2
# Where the line has no 项目名称 label, the code's value runs to the line's end.
NO_NAME = 10**6


def is_code_label(word: Word) -> bool:
    return label(word.text) in CODE


def _in_label(text: str, labels: tuple[str, ...]) -> bool:
    """The text is a label or a piece of one, as a label wrapped in its cell leaves.

    >>> _in_label("财政资金", PRINTED_MONEY_LABELS), _in_label("提高", PRINTED_MONEY_LABELS)
    (True, False)
    """
    return any(text in lab for lab in labels)


def money_line(line: Line) -> bool:
    """A line of the money rows: a label of theirs, or an amount with decimals (a wrapped code has none)."""
    return any(("." in w.text and NUMBER.match(w.text.replace(",", "")))
               or (len(w.text) >= MONEY_LABEL_PIECE and _in_label(w.text, PRINTED_MONEY_LABELS)) for w in line.words)


# ---------------------------------------------------------------- code, name and money

def upper_part(lines: list[Line], rows: list[list[Cell]]) -> None:
    code_k = next((k for k, line in enumerate(lines) if any(is_code_label(w) for w in line.words)), None)
    if code_k is None:  # the plan's months come first: no upper part to read, which the checks will say
        return
    top, end = _code_band(lines, code_k)
    rows.append(_code_and_name(lines[top: end + 1], lines[code_k]))
    rows += _money_rows(lines[end + 1:])


def _code_band(lines: list[Line], code_k: int) -> tuple[int, int]:
    """First and last line of the code's and name's cells, which may wrap above and below
    the labels' line (Word centres them): up to a blank line or one of the money rows."""
    top = code_k
    while top > 0 and not lines[top - 1].blank and not money_line(lines[top - 1]):
        top -= 1
    end = code_k
    while end + 1 < len(lines) and not lines[end + 1].blank and not money_line(lines[end + 1]):
        end += 1
    return top, end


def _code_and_name(band: list[Line], labels_line: Line) -> list[Cell]:
    """The code is what stands between its label and the name's; the name what follows its label."""
    words = labels_line.words
    code_label = next(w for w in words if is_code_label(w))
    name_label = next((w for w in words if label(w.text) in NAME), None)
    name_start = name_label.start if name_label else NO_NAME
    code_parts, name_parts = [], []
    for line in band:
        for w in line.words:
            if w is code_label or (name_label is not None and label(w.text) in NAME):
                continue
            if _between(w, code_label.end, name_start):
                code_parts.append(w.text)
            elif name_label is not None and w.start >= name_label.end:
                name_parts.append(w.text)
    return [cell(CODE_LABEL, labels_line), cell("".join(code_parts), labels_line),
            cell(NAME_LABEL, labels_line), cell(join(name_parts), labels_line)]


def _between(word: Word, left: int, right: int) -> bool:
    """The word starts right of `left` and ends left of `right`, give or take pdftotext's rounding.

    >>> _between(Word(9, "2021"), 10, 20), _between(Word(18, "2021"), 10, 20)
    (True, False)
    """
    return word.start >= left - ROUNDING and word.end <= right + ROUNDING and word.start < right


def _money_rows(lines: list[Line]) -> list[list[Cell]]:
    """Amounts in the order of the money rows; the words that are neither an amount
    nor a money label are the 资金用途."""
    amounts, purpose, purpose_line = [], [], None
    for line in lines:
        for w in line.words:
            if NUMBER.match(w.text.replace(",", "")):
                amounts.append((w.text, line))
            elif not _in_label(w.text, PRINTED_MONEY_LABELS):
                purpose.append(w.text)
                purpose_line = purpose_line or line
    rows = [[cell(name, line), cell(text, line)] for name, (text, line) in zip(MONEY_ROWS, amounts)]
    if purpose:
        rows.append([cell(PURPOSE_LABEL, purpose_line), cell(join(purpose), purpose_line)])
    return rows


# ---------------------------------------------------------------- spending plan and goals

def plan_and_goals(lines: list[Line], rows: list[list[Cell]]) -> None:
    """The plan's months on the first line, its percentages below, then the goals."""
    if not lines:
        return
    k = _plan(lines, rows)
    _goals(lines[k:], rows)


def _plan(lines: list[Line], rows: list[list[Cell]]) -> int:
    """The plan's two rows (months, percentages); returns the index of the first line after them."""
    months = [(int(m[1]), w) for w in lines[0].words if (m := PLAN_MONTH.match(w.text))]
    values: dict[int, str] = {}
    k = 1
    while k < len(lines) and _plan_value_line(lines[k]):
        for m in _PERCENT.finditer(lines[k].text):
            # A value starts at its column's left edge; its header is centred in the column.
            month = next((mon for mon, w in months if w.end > m.start()), months[-1][0])
            values.setdefault(month, m.group())
        k += 1
    rows.append([cell(PLAN_LABEL, lines[0])] + [cell(f"{mon}月底", lines[0]) for mon, _ in months])
    rows.append([cell("", lines[0])] + [cell(values.get(mon, ""), lines[0]) for mon, _ in months])
    return k


def _plan_value_line(line: Line) -> bool:
    """Percentages, or only the pieces of the 资金支出计划（%） label; goals come after."""
    return not line.blank and bool(_PERCENT.search(line.text) or all(w.text in PLAN_LABEL for w in line.words))


def _goal_label_piece(text: str) -> bool:
    """
    >>> _goal_label_piece("年度绩效目标"), _goal_label_piece("目标"), _goal_label_piece("绩效目标明确")
    (True, True, False)
    """
    return text in PRINTED_GOAL_LABELS or (len(text) <= GOAL_LABEL_PIECE and _in_label(text, PRINTED_GOAL_LABELS))


def _goals(lines: list[Line], rows: list[list[Cell]]) -> None:
    """Numbered goals (1. 2、) each with its wrapped lines; the goals' label left out."""
    items: list[str] = []
    first = None
    for line in lines:
        for w in line.words:
            if _goal_label_piece(w.text):
                continue
            first = first or line
            if GOAL_START.match(w.text) or not items:
                items.append(w.text)
            else:
                items[-1] = join([items[-1], w.text])
    if items:
        rows.append([cell(GOALS_LABEL, first), cell("\n".join(items), first)])
