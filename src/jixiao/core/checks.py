"""Checks every goal document must pass, whatever format it came from:
project code shape, money that adds up, a possible spending plan, a known
indicator tree. (The goal reviewer's judgement of quality lives in `review`.)"""

from __future__ import annotations

from . import project_code
from .document import FORM_FIELDS, Budget, GoalDocument, Project
from .frameworks import FRAMEWORKS, canonical_levels
from .money import format_wan
from .problems import WARNING, Problem
from .spending_plan import SpendingPlan, drop_message


def check_document(doc: GoalDocument) -> list[Problem]:
    """Checks of the fields the document's form has (`doc.form`)."""
    found = []
    if not doc.projects and doc.department is None:
        found.append(Problem("no_goal_table", "文件中没有找到项目支出绩效目标表", doc.places.get("document", "")))
    for project in doc.projects:
        found += check_project(project, doc.framework, doc.form)
    return found


def check_project(p: Project, framework: str, form: frozenset[str] = FORM_FIELDS) -> list[Problem]:
    where = p.places.get
    label = f"项目“{p.name or p.code}”"
    found = []
    if "code21" in form and not project_code.is_valid(p.code):
        found.append(Problem("bad_project_code", project_code.problem(p.code), where("code", "")))
    if not p.budget.adds_up():
        found.append(Problem("budget_parts", f"{label}{budget_problem(p.budget)}", where("budget", "")))
    for message in p.spending_plan.problems() if "plan" in form else ():
        found.append(Problem("spending_plan", f"{label}资金支出计划：{message}", where("spending_plan", "")))
    if not p.indicators:
        found.append(Problem("no_indicators", f"{label}没有绩效指标", where("indicators", "")))
    tree = FRAMEWORKS[framework]
    for ind in p.indicators:
        level1, level2 = canonical_levels(ind.level1, ind.level2)
        if level2 and not tree.allows(level1, level2):
            found.append(Problem(
                "indicator_level",
                f"{label}指标“{ind.name}”：二级指标“{ind.level2}”不属于一级指标“{ind.level1}”"
                f"（{framework}类指标体系）",
                ind.places.get("level2", ""), WARNING,
            ))
    return found


def budget_problem(budget: Budget) -> str:
    """Why 预算数 ≠ 财政资金 + 其他资金 (beyond 0.01万元 of rounding), or "" when they add up.

    >>> from decimal import Decimal as D
    >>> budget_problem(Budget(D("200000"), D("180000"), D("0")))
    '财政资金18.00万元 + 其他资金0.00万元 ≠ 预算数20.00万元'
    >>> budget_problem(Budget(D("200000"), D("180000"), D("20000")))
    ''
    """
    if budget.adds_up():
        return ""
    return (f"财政资金{format_wan(budget.fiscal)}万元 + 其他资金{format_wan(budget.other)}万元"
            f" ≠ 预算数{format_wan(budget.total)}万元")


def money_problems(budget: Budget, plan: SpendingPlan) -> list[tuple[str, str]]:
    """What a project's money must satisfy whenever it is saved, as (what, message): "budget" when
    the parts do not add up to 预算数, the month ("6") where the cumulative spending plan goes down.
    (A blank or unfinished plan is the review's to judge; it may be saved while being written.)

    >>> from decimal import Decimal as D
    >>> money_problems(Budget(D("200000"), D("200000"), D("0")), SpendingPlan({3: D(60), 6: D(50), 12: D(100)}))
    [('6', '6月底计划50%低于之前的60%')]
    """
    found = [("budget", message)] if (message := budget_problem(budget)) else []
    return found + [(str(month), drop_message(month, value, before)) for month, value, before in plan.drops()]
