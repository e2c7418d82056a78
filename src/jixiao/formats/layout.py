"""The official layout of a goal document, as rows of cells on a six-column
grid, for every writer to render: the unit-wide part as headed paragraphs,
then one 项目支出绩效目标表 per project (RULES.md §2; the seed's layout)."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby

from ..core.document import GoalDocument, Project
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
    for level1, group in groupby(p.indicators, key=lambda i: i.level1):
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
