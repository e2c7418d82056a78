"""Paragraphs outside the tables, re-joined from their wrapped lines; the captions
(titles, unit lines, page numbers) that stand between tables."""

from __future__ import annotations

import re

from ...core.problems import line_place
from ..blocks import Paragraph
from ..labels import CAPTION_MARKS, HEADING, PART, SUB_GOAL, SUB_GOAL_FIELDS, UNIT_LINE
from .lines import Line, join

# A line of nothing but a number of up to three digits is a page number.
PAGE_NUMBER = re.compile(r"\d{1,3}")
# A paragraph ending in one of these is complete: the next page starts a new one.
SENTENCE_END = ("。", "；", "！", "？", "：", ":", ";")


def paragraphs(lines: list[Line]) -> list[Paragraph]:
    out: list[Paragraph] = []
    joinable, gap, page = False, False, 0
    for line in lines:
        s = line.text.strip()
        if not s or PAGE_NUMBER.fullmatch(s):
            gap = True
            continue
        # A sentence cut by the foot of a page goes on at the top of the next.
        if gap and (not out or line.page == page or out[-1].text.endswith(SENTENCE_END)):
            joinable = False
        gap, page = False, line.page
        starts_new = line.text[0] == " " or is_heading(s) or is_caption(s)
        if joinable and not starts_new:
            out[-1].text = join([out[-1].text, s])
        else:
            out.append(Paragraph(s, line_place(line.number)))
        joinable = not (is_heading(s) or is_caption(s))
    return out


def is_heading(s: str) -> bool:
    """
    >>> is_heading("一、总体绩效目标"), is_heading("（二）提升服务能力"), is_heading("绩效指标："), is_heading("职工帮扶")
    (True, True, True, False)
    """
    return bool(PART.match(s) or HEADING.match(s) or SUB_GOAL.match(s)) or s.rstrip("：:") in SUB_GOAL_FIELDS


def is_caption(text: str) -> bool:
    """A table's title or unit line, or a page number: a line that is not a cell.

    >>> is_caption("1.职工困难帮扶防贫资金绩效目标表"), is_caption("单位：万元"), is_caption(" 12 ")
    (True, True, True)
    >>> is_caption("项目编码  131000210000000000001")
    False
    """
    s = text.strip()
    return any(mark in s for mark in CAPTION_MARKS) or bool(UNIT_LINE.match(s)) or bool(PAGE_NUMBER.fullmatch(s))
