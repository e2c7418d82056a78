"""Checks every goal document must pass, whatever format it came from:
project code shape, money that adds up, a possible spending plan, a known
indicator tree. (The goal reviewer's judgement of quality lives in `review`.)"""

from __future__ import annotations

from . import project_code
from .document import GoalDocument, Project
from .frameworks import FRAMEWORKS
from .money import format_wan
from .problems import WARNING, Problem


def check_document(doc: GoalDocument) -> list[Problem]:
    found = []
    if not doc.projects:
        found.append(Problem("no_goal_table", "文件中没有找到项目支出绩效目标表", doc.places.get("document", "")))
    for project in doc.projects:
        found += check_project(project, doc.framework)
    return found


def check_project(p: Project, framework: str) -> list[Problem]:
    where = p.places.get
    label = f"项目“{p.name or p.code}”"
    found = []
    if not project_code.is_valid(p.code):
        found.append(Problem("bad_project_code", project_code.problem(p.code), where("code", "")))
    if not p.budget.adds_up():
        found.append(Problem(
            "budget_parts",
            f"{label}财政资金{format_wan(p.budget.fiscal)}万元 + 其他资金{format_wan(p.budget.other)}万元"
            f" ≠ 预算数{format_wan(p.budget.total)}万元",
            where("budget", ""),
        ))
    for message in p.spending_plan.problems():
        found.append(Problem("spending_plan", f"{label}资金支出计划：{message}", where("spending_plan", "")))
    if not p.indicators:
        found.append(Problem("no_indicators", f"{label}没有绩效指标", where("indicators", "")))
    tree = FRAMEWORKS[framework]
    for ind in p.indicators:
        if not tree.allows(ind.level1, ind.level2):
            found.append(Problem(
                "indicator_level",
                f"{label}指标“{ind.name}”：二级指标“{ind.level2}”不属于一级指标“{ind.level1}”"
                f"（{framework}类指标体系）",
                ind.places.get("level2", ""), WARNING,
            ))
    return found
