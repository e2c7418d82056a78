"""Checks every goal document must pass, whatever format it came from:
project code shape, money that adds up, a possible spending plan, a known
indicator tree. (The goal reviewer's judgement of quality lives in `review`.)"""

from __future__ import annotations

from . import project_code
from .document import FORM_FIELDS, Budget, GoalDocument, Indicator, Project
from .frameworks import FRAMEWORKS, canonical_levels
from .money import format_wan
from .problems import WARNING, Problem
from .spending_plan import SpendingPlan, drop_message
from .targets import MAX_INTEGER_DIGITS

# The web stores money in 元 in 16 digits, 2 after the point (web/goals/models.py Project.total).
MAX_MONEY_DIGITS = 14
CUT_OFF = "（文件可能不完整）"


def check_document(doc: GoalDocument) -> list[Problem]:
    """Checks of the fields the document's form has (`doc.form`), and of what a cut-off file lost."""
    found = []
    if not doc.projects and doc.department is None:
        found.append(Problem("no_goal_table", "文件中没有找到项目支出绩效目标表", doc.places.get("document", "")))
    found += duplicate_projects(doc.projects)
    for project in doc.projects:
        found += check_project(project, doc.framework, doc.form)
    return found + cut_off(doc)


def duplicate_projects(projects: list[Project]) -> list[Problem]:
    """Two projects a plan could not tell apart: one 项目编码 twice, or two projects without a code under
    one name (where there is no code, the name names a project: `document.project_key`)."""
    found, seen = [], {}
    for k, p in enumerate(projects, 1):
        key = ("code", p.code) if p.code else ("name", p.name)
        if key not in seen:
            seen[key] = (k, p)
            continue
        first, q = seen[key]
        where = p.places.get("code" if p.code else "name", "") or p.places.get("budget", "")
        there = q.places.get("code" if q.code else "name", "")
        at = f"（{there}）" if there else ""
        if p.code:
            found.append(Problem("duplicate_project_code", f"第{k}个项目“{p.name}”与第{first}个项目“{q.name}”{at}"
                                 f"的项目编码都是“{p.code}”，同一文件中项目编码不能重复", where))
        else:
            found.append(Problem("duplicate_project_name", f"第{k}个项目与第{first}个项目{at}都叫“{p.name}”且都没有项目编码，"
                                 "无法区分，请补上项目编码或区分项目名称", where))
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
    found += magnitude_problems(p)
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


def magnitude_problems(p: Project) -> list[Problem]:
    """Money beyond MAX_MONEY_DIGITS or a target beyond MAX_INTEGER_DIGITS digits before the point: no
    project means them, nothing can compute with them, and the web cannot store them."""
    label = f"项目“{p.name or p.code}”"
    found = []
    for name, amount in (("预算数", p.budget.total), ("财政资金", p.budget.fiscal), ("其他资金", p.budget.other)):
        if not amount.is_finite() or amount.adjusted() >= MAX_MONEY_DIGITS:
            found.append(Problem("money_magnitude", f"{label}{name}“{amount}”元超过{MAX_MONEY_DIGITS}位整数，不可能是项目资金",
                                 p.places.get("budget", "")))
    for ind in p.indicators:
        if not ind.target.in_range:
            found.append(Problem("target_magnitude", f"{label}指标“{ind.name}”：指标值“{ind.target.raw}”超过"
                                 f"{MAX_INTEGER_DIGITS}位整数，不是可计算的目标", _place(ind, "target")))
    return found


def _place(ind: Indicator, field: str) -> str:
    return ind.places.get(field) or ind.places.get("name") or next(iter(ind.places.values()), "")


def cut_off(doc: GoalDocument) -> list[Problem]:
    """What a file cut short leaves behind (a download broken off, a copy that stopped): the last
    project's indicator table ends before a 一级指标 its form prints (产出、效益、满意度 on a form with
    "levels") or that every earlier project has, or its last indicator has no 指标值 where every other has one."""
    if not doc.projects or not (last := doc.projects[-1]).indicators:
        return []  # no project, or no indicators: said already (no_indicators)
    label = f"项目“{last.name or last.code}”"
    found = []
    have = {canonical_levels(i.level1, i.level2)[0] for i in last.indicators}
    if "levels" in doc.form:
        needed = list(FRAMEWORKS[doc.framework].levels)
    else:
        earlier = [{canonical_levels(i.level1, i.level2)[0] for i in p.indicators} for p in doc.projects[:-1]]
        needed = sorted(set.intersection(*earlier) - {""}) if earlier else []
    if missing := [level for level in needed if level not in have]:
        why = "表式要求" if "levels" in doc.form else "前面各项目都有"
        found.append(Problem("levels_cut_off", f"{label}的绩效指标没有{'、'.join(missing)}（{why}），"
                             f"指标表在{last.indicators[-1].name or '最后一行'}之后中断{CUT_OFF}",
                             _place(last.indicators[-1], "name") or last.places.get("indicators", "")))
    final = last.indicators[-1]
    others = [i for p in doc.projects for i in p.indicators if i is not final]
    for field, name, text in (("target", "指标值", lambda i: i.target.raw), ("basis", "指标值确定依据", lambda i: i.basis)):
        # 依据 left blank on the last row only is common on other forms (鄂州 2022): judged on a form with "levels" only.
        if (field == "target" or {"basis", "levels"} <= doc.form) and others and not text(final).strip() \
                and all(text(i).strip() for i in others):
            found.append(Problem("last_row_cut_off", f"{label}最后一个指标“{final.name}”没有{name}，其他指标都有{CUT_OFF}",
                                 _place(final, field)))
            break
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
