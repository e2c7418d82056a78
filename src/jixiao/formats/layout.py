"""The official layout of a goal document, as rows of cells on a six-column
grid, for every writer to render: the unit-wide part as headed paragraphs and its
部门整体支出绩效目标表 (财预〔2015〕88号 附件; RULES.md §6), then one 项目支出绩效目标表 per
project (RULES.md §2; the seed's layout)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby

from ..core.document import GoalDocument, Indicator, Project, project_key
from ..core.money import format_wan

WIDTH = 6
CHINESE_ORDINALS = "一二三四五六七八九十"
INDICATOR_HEADER = ("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值", "指标值确定依据")


@dataclass(frozen=True)
class LayoutCell:
    text: str = ""
    span: int = 1  # columns it covers
    merge_up: bool = False  # continues the cell above (a vertically merged 一级/二级 cell)
    header: bool = False
    kind: str = "text"  # "money" (万元) or "percent": writers may render these as numbers


TITLE, HEADING1, HEADING2, BODY = "title", "heading1", "heading2", "body"


def document_title(doc: GoalDocument) -> str:
    return f"{doc.unit.name}{doc.year}年部门预算绩效目标"


def department_paragraphs(doc: GoalDocument) -> list[tuple[str, str]]:
    """(style, text) pairs of the unit-wide part; empty when the document has none."""
    dept = doc.department
    if dept is None:
        return []
    out = [(HEADING1, "第一部分  部门整体绩效目标"), (HEADING2, "一、总体绩效目标")]
    out += [(BODY, line) for line in dept.overall_goal.split("\n") if line]
    out.append((HEADING2, "二、分项绩效目标"))
    for k, sub in enumerate(dept.sub_goals):
        out.append((BODY, f"（{_ordinal(k)}）{sub.name}"))
        out += [(BODY, "绩效目标：")] + [(BODY, line) for line in sub.goal.split("\n") if line]
        out += [(BODY, "绩效指标：")] + [(BODY, line) for line in sub.indicators_text.split("\n") if line]
    out.append((HEADING2, "三、工作保障措施"))
    out += [(BODY, f"{m.name}。{m.text}" if m.text else m.name) for m in dept.measures]
    return out


# The 部门整体支出绩效目标表's labels (财预〔2015〕88号 附件 部门整体支出绩效目标申报表, as 宁德 prints it),
# read back by formats/templates.toml [unit_wide].
UNIT_NAME, UNIT_CODE, OVERALL_GOAL = "部门（单位）名称", "部门预算编码", "年度总体目标"
DUTIES, UNIT_INDICATORS = "年度履职目标", "年度绩效指标"
DUTY_HEADER = ("分项目标", "年度目标任务", "支出项目名称", "预算金额（万元）")
SUB_GOAL_INDICATORS = "分项目标：{name}"  # heads the indicators of one 分项目标, under the unit's own
PROJECT_SEPARATOR = "；"  # between the names of a 分项目标's projects, each on its line


def unit_table_title(doc: GoalDocument) -> str:
    return f"{doc.year}年部门整体支出绩效目标表"


def unit_rows(doc: GoalDocument) -> list[list[LayoutCell]]:
    """The 部门整体支出绩效目标表: the unit, its 年度总体目标, the 年度履职目标 (one row per 分项目标 with the
    projects whose money it covers and their 预算数 where every one is in the document), the unit's own
    年度绩效指标, then each 分项目标's indicators under a row naming it. Empty without a unit-wide part."""
    dept = doc.department
    if dept is None:
        return []
    C = LayoutCell
    by_key = {project_key(p): p for p in doc.projects}
    rows = [
        [C(UNIT_NAME, header=True), C(doc.unit.name, 2), C(UNIT_CODE, header=True), C(doc.unit.code, 2)],
        [C(OVERALL_GOAL, header=True), C(dept.overall_goal, 5)],
        [C(DUTIES, WIDTH, header=True)],
        [C(DUTY_HEADER[0], header=True), C(DUTY_HEADER[1], 3, header=True), *(C(h, header=True) for h in DUTY_HEADER[2:])],
    ]
    for sub in dept.sub_goals:
        found = [by_key.get(key) for key in sub.projects]
        names = [p.name if p else key for p, key in zip(found, sub.projects)]
        money = format_wan(sum((p.budget.total for p in found if p), Decimal(0))) if found and all(found) else ""
        rows.append([C(sub.name), C(sub.goal, 3), C((PROJECT_SEPARATOR + "\n").join(names)), C(money, kind="money")])
    rows.append([C(UNIT_INDICATORS, WIDTH, header=True)])
    rows.append([C(h, header=True) for h in INDICATOR_HEADER])
    rows += indicator_rows(dept.indicators)
    for sub in dept.sub_goals:
        if sub.indicators:
            rows.append([C(SUB_GOAL_INDICATORS.format(name=sub.name), WIDTH, header=True)])
            rows.append([C(h, header=True) for h in INDICATOR_HEADER])
            rows += indicator_rows(sub.indicators)
    return rows


def indicator_header_row(rows) -> int:
    """The 0-based index of the first indicator header row: the one repeated on each page."""
    return next(k for k, row in enumerate(rows) if tuple(c.text for c in row) == INDICATOR_HEADER and row[0].header)


def project_title(k: int, project: Project) -> str:
    return f"{k}.{project.name}绩效目标表"


def unit_line(doc: GoalDocument) -> str:
    return f"{doc.unit.code}{doc.unit.name}"


def project_rows(p: Project) -> list[list[LayoutCell]]:
    C = LayoutCell
    plan = [f"{v:.2f}%" if v is not None else "" for v in p.spending_plan.checkpoints.values()]
    rows = [
        [C("项目编码", header=True), C(p.code, 2), C("项目名称", header=True), C(p.name, 2)],
        [C("预算规模及资金用途", header=True), C("预算数", header=True), C(format_wan(p.budget.total), 4, kind="money")],
        [C(merge_up=True), C("其中：财政资金", header=True), C(format_wan(p.budget.fiscal), 4, kind="money")],
        [C(merge_up=True), C("其他资金", header=True), C(format_wan(p.budget.other), 4, kind="money")],
        [C(merge_up=True), C(p.purpose, 5)],
        [C("资金支出计划（%）", header=True), *(C(f"{m}月底", header=True) for m in (3, 6, 10)), C("12月底", 2, header=True)],
        [C(merge_up=True), *(C(v, kind="percent") for v in plan[:3]), C(plan[3], 2, kind="percent")],
        [C("绩效目标", header=True), C("\n".join(f"{k}.{g}" for k, g in enumerate(p.goals, 1)), 5)],
        [C(h, header=True) for h in INDICATOR_HEADER],
    ]
    return rows + indicator_rows(p.indicators)


def indicator_rows(indicators: list[Indicator]) -> list[list[LayoutCell]]:
    """Indicators under the INDICATOR_HEADER columns, each 一级/二级 merged down the rows it heads."""
    C = LayoutCell
    rows: list[list[LayoutCell]] = []
    for level1, group in groupby(indicators, key=lambda i: i.level1):
        first1 = True
        for level2, run in groupby(group, key=lambda i: i.level2):
            first2 = True
            for ind in run:
                rows.append([
                    C(level1) if first1 else C(merge_up=True),
                    C(level2) if first2 else C(merge_up=True),
                    C(ind.name), C(ind.description), C(ind.target.raw), C(ind.basis),
                ])
                first1 = first2 = False
    return rows


def header_row(rows) -> int:
    """The 0-based index of the last all-header row (the indicator columns' heads), repeated on each page."""
    heads = [k for k, row in enumerate(rows) if len(row) > 2 and all(c.header for c in row)]
    return heads[-1] if heads else 0


def _ordinal(k: int) -> str:
    return CHINESE_ORDINALS[k] if k < 10 else f"十{CHINESE_ORDINALS[k - 10]}" if k < 19 else str(k + 1)
