"""The label vocabulary of goal documents: the words that tell which part of a
document a line, a row or a cell is.

Readers find a document's parts by these words rather than by position, so that
Word, Excel, one-system exports, pasted text and PDFs read alike. `assemble`
compares whole cells once `label` has normalised them; the PDF reader
(`pdf_text`) sees words as they are printed, where a label may be wrapped into
pieces in its narrow cell, so it also has the printed forms below. Every printed
form and every label the PDF reader writes back is in the vocabulary:

>>> label("其中：财政资金（万元）")
'其中:财政资金'
>>> printed = PRINTED_MONEY_LABELS + PRINTED_GOAL_LABELS + (PLAN_LABEL,)
>>> all(label(text) in LABELS for text in printed)
True
>>> all(label(text) in LABELS for text in (CODE_LABEL, NAME_LABEL, *MONEY_ROWS, PURPOSE_LABEL, GOALS_LABEL))
True
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..core.frameworks import FRAMEWORKS
from .templates import COLUMNS as COLUMNS  # the indicator header, re-exported for the readers
from .templates import UNIT_CODE_LABELS, UNIT_LABELS, words

# ---------------------------------------------------------------- cells of a project's table, as `label` gives them

CODE = words("code")
NAME = words("name")
TOTAL = words("total")
FISCAL = words("fiscal")
OTHER = words("other")
PURPOSE = words("purpose")
GOALS = words("goals")
LONG_GOALS = words("long_goals")
MIDTERM_GOALS = words("midterm_goals")
# Labels that head a group of rows or columns and have no value of their own.
GROUPS = words("groups")
UNIT_NAMES = frozenset().union(*UNIT_LABELS)
LABELS = (CODE | NAME | TOTAL | FISCAL | OTHER | PURPOSE | GOALS | LONG_GOALS | MIDTERM_GOALS | GROUPS | UNIT_NAMES
          | UNIT_CODE_LABELS)
# Goal labels may carry their period in brackets: 中期滚动目标(2019年--2021年).
_GOAL_STEMS = GOALS | LONG_GOALS | MIDTERM_GOALS
# A table holding one of these is a project's goal table.
PROJECT_MARKS = CODE | NAME

# The indicator header's labels and the role of the cells under each are `COLUMNS` (templates.toml).
# The roles of the 一级/二级 columns, whose cells are merged down the rows they head.
LEVELS = ("level1", "level2")
# Labels found only in the second row of a two-row indicator header, as one-system exports have.
SECOND_HEADER_ROW = {"指标性质", "度量单位"}
# Every 一级 and 二级 indicator name the frameworks know.
LEVEL_NAMES = {n for f in FRAMEWORKS.values() for l1, l2s in f.levels.items() for n in (l1, *l2s)}

# ---------------------------------------------------------------- lines and cells recognised by their pattern

# A unit cell's code before its name: 820001-井研县…, [015001]…, (433001)乌海市….
UNIT_VALUE = re.compile(r"^[\[【(（]?(\d{3,12})[\]】)）]?\s*[-－—]?\s*(\S.*)$")
# A score range written in a level cell: 成本指标(0-20)分, 产出指标(40-50)分, 满意度指标(10分).
LEVEL_SCORE = re.compile(r"[(（]\s*[\d.]+\s*(?:[-－—~～]\s*[\d.]+\s*)?分?\s*[)）]\s*分?$")
UNIT_LINE = re.compile(r"^(?:单位名称[:：]\s*)?[\[【]?(\d{6})[\]】]?\s*[-－—]?\s*([^\s\d\[\]【】:：]{2,})")
MONEY_UNIT = re.compile(r"单位[:：]\s*(万元|亿元|元)|[（(](万元|亿元|元)[）)]")
TITLE_YEAR = re.compile(r"(20\d{2})年度?(?:部门预算|部门整体|项目支出|预算项目)?绩效目标")
ANY_YEAR = re.compile(r"(20\d{2})\s?年")  # a PDF's text may space it: 2021 年 1 月
# A unit-wide document's title naming its unit: 广水市人民政府办公室整体支出绩效目标.
UNIT_WIDE_TITLE = re.compile(r"^(?:\d{4}年度?)?(\S{4,40}?)(?:\d{4}年度?)?(?:部门|单位)?整体支出绩效目标")
HEADING = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*(.+)$")
PART = re.compile(r"^第[一二三四五六七八九十]+部分")
SUB_GOAL = re.compile(r"^[(（]([一二三四五六七八九十]+)[)）]\s*(.+)$")
# The number of a goal sentence in a goals cell (1. 2、 3． 目标1:), at a line's start or after a
# space or a stop (`…基础设施 2、硬化…`), and the start of one.
GOAL_NUMBER = re.compile(r"(?:目标)?(\d{1,2})\s*(?:[、:：]|[.．](?!\d))")
GOAL_NUMBER_AFTER = frozenset(" \t\n\r\u3000;；。")  # what may stand before a goal's number
# Goals numbered at their lines' starts (the common case, read in one pass), and a number inside a line.
GOAL_ITEM = re.compile(r"(?ms)^\s*(?:目标)?\d{1,2}\s*(?:[、:：]|[.．](?!\d))\s*(.+?)\s*"
                       r"(?=^\s*(?:目标)?\d{1,2}\s*(?:[、:：]|[.．](?!\d))|\Z)")
INLINE_GOAL_NUMBER = re.compile(r"[ \t\u3000;；。](?:目标)?\d{1,2}\s*(?:[、:：]|[.．](?!\d))")
GOAL_START = re.compile(r"^\d+\s*[.、．]")
# A column of the spending plan: 3月底, 6月底, 9月底, 12月底.
PLAN_MONTH = re.compile(r"^(\d{1,2})月底$")
# The indicator header as one printed line: its first two labels side by side.
INDICATOR_HEADER = re.compile(r"一级指标\s+二级指标")
# The line under an official table for who filled it in, who checked it and when: no row of the table.
SIGNATURE_WORDS = ("填表人", "审核人", "填报日期", "填表日期")

# ---------------------------------------------------------------- the unit-wide part (部门整体绩效目标)

# A heading's words that open each section of the unit-wide part, checked in this order.
DEPARTMENT_SECTIONS = {"overall": ("总体",), "sub": ("分项",), "measures": ("保障", "措施")}
# The lines that head a sub-goal's fields, a colon after them or not.
SUB_GOAL_FIELDS = {"绩效目标": "goal", "绩效指标": "indicators_text"}
# Words of a table's title or unit line (“……绩效目标表”, “单位：万元”): a caption, not a cell.
CAPTION_MARKS = ("绩效目标表", "单位：")

# ---------------------------------------------------------------- printed forms the PDF reader matches

# The money rows' labels as Word and browsers print them; pieces of them are labels too.
PRINTED_MONEY_LABELS = ("预算规模及资金用途", "其中：财政资金", "其中：财政拨款", "年度资金总额", "项目资金（万元）",
                        "预算数", "其他资金", "资金用途", "项目资金")
PRINTED_GOAL_LABELS = ("年度绩效目标", "绩效目标")
# The label of the spending plan, printed and as the PDF reader writes it back.
PLAN_LABEL = "资金支出计划（%）"
# The upper part's rows as the PDF reader writes them back, the money rows in a table's order.
CODE_LABEL = "项目编码"
NAME_LABEL = "项目名称"
MONEY_ROWS = ("预算数", "其中：财政资金", "其他资金")
PURPOSE_LABEL = "资金用途"
GOALS_LABEL = "绩效目标"


@lru_cache(maxsize=16384)
def label(text: str) -> str:
    """A cell's text as a label: no spaces, ASCII colon and brackets, no colon or money unit after it.

    >>> label("项目资金 （万元）")
    '项目资金'
    >>> label("资金支出计划（%）")
    '资金支出计划(%)'
    """
    s = re.sub(r"\s+", "", text).replace("：", ":").replace("（", "(").replace("）", ")")
    if s.endswith(")") and (stem := s.partition("(")[0]) in _GOAL_STEMS:
        return stem
    return re.sub(r"\((万元|亿元|元)\)$", "", s.removesuffix(":") if len(s) > 1 else s)
