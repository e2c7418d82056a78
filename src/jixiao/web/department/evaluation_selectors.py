"""The 部门整体支出绩效自评 of a unit's year from the database (issue 14 §3): the base data from the
staffing and basic-spending records and the plan's projects' budgets and spending, the confirmed
unit-wide indicators with their actuals (a bound metric's value; None otherwise: there is no typed
actual for a unit-wide indicator), the projects' self-evaluation scores and the unit's prose, scored by
`evaluation.department_evaluation.evaluate_department` with the rule set. Also its publications (frozen
snapshots as JSON), what changed since, and the fingerprint a publishing form carries."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...core.document import Indicator
from ...core.targets import Target
from ...evaluation import department as rules
from ...evaluation.department_evaluation import (
    BaseData,
    DepartmentEvaluation,
    Part,
    ScoredItem,
    Section,
    UnitIndicatorItem,
    evaluate_department,
)
from ...evaluation.scoring import ExecutionScore, IndicatorScore, ProjectScore
from .. import fingerprints
from ..goals.convert import indicator_core
from ..goals.models import Plan, Unit
from .models import DepartmentProse, PublishedDepartmentEvaluation
from .selectors import (
    UnitActual,
    basic_budget_get,
    basic_spending_list,
    staffing_list,
    unit_actuals,
    unit_execution,
    unit_records,
)


def prose_get(*, unit: Unit, year: int) -> DepartmentProse | None:
    return DepartmentProse.objects.filter(unit=unit, year=year).first()


def base_data(*, unit: Unit, year: int) -> BaseData:
    """The year's base data: staffing per unit, 人员经费 and 公用经费 spent, the basic budget when recorded,
    the plan's projects' 预算数 and spending. 三公经费 and 政府采购 are not recorded by jixiao (未记录)."""
    spent = rules.spending_totals([b.to_domain() for b in basic_spending_list(unit=unit, year=year)])
    execution = unit_execution(unit=unit, year=year)
    budget = basic_budget_get(unit=unit, year=year)
    return BaseData([s.to_domain() for s in staffing_list(unit=unit, year=year)], spent[rules.PERSONNEL],
                    spent[rules.RUNNING], budget.amount if budget else None, execution.project_budget,
                    execution.project_spent)


def unit_rows(plan: Plan) -> list[UnitActual]:
    """The plan's confirmed unit-wide indicators with their bound metric's value (records read once)."""
    indicators = list(plan.unit_indicators.filter(proposed=False))
    if not indicators:
        return []
    records = unit_records(unit=plan.unit, year=plan.year,
                           monitored=any(i.metric == "unit_projects_on_track" for i in indicators))
    return unit_actuals(plan=plan, records=records, indicators=indicators)


def unit_item(row: UnitActual) -> UnitIndicatorItem:
    """An indicator's actual as a number in its target's unit (None unbound or without a value)."""
    actual, count = None, 0
    if row.metric is not None and row.value is not None:
        quantity = row.metric.quantity(row.value, row.indicator.unit)
        if quantity is not None and quantity.value is not None:
            actual, count = quantity.value, len(row.value.records)
    return UnitIndicatorItem(row.goal, indicator_core(row.indicator), actual, count)


@dataclass
class Shown:
    """What the evaluation page shows: the evaluation and, beside each indicator, its row (for the link to
    where its actual comes from)."""

    evaluation: DepartmentEvaluation
    rows: list[tuple[ScoredItem, UnitActual]]


def department_evaluation_of(plan: Plan) -> Shown:
    """The plan's unit-wide self-evaluation as the records give it now."""
    from ..evaluation.selectors import scores

    rows = unit_rows(plan)
    prose = prose_get(unit=plan.unit, year=plan.year)
    ev = evaluate_department(plan.unit.name, plan.year, base_data(unit=plan.unit, year=plan.year),
                             [unit_item(r) for r in rows], scores(plan), plan.rules,
                             prose.sections if prose is not None else {})
    return Shown(ev, list(zip(ev.items, rows, strict=True)))


# ---------------------------------------------------------------- the evaluation as JSON (a publication's snapshot)

def _s(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _d(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


def evaluation_json(ev: DepartmentEvaluation) -> dict:
    """What the tables and the report print, decimals as strings (two snapshots compare as stored)."""
    b = ev.base
    return {
        "unit": ev.unit, "year": ev.year, "ruleset": ev.ruleset, "total": _s(ev.total), "grade": ev.grade,
        "base": {"staffing": [[s.unit_name, s.posts, s.in_post, s.retired] for s in b.staffing],
                 "personnel": _s(b.personnel), "running": _s(b.running), "basic_budget": _s(b.basic_budget),
                 "project_budget": _s(b.project_budget), "project_spent": _s(b.project_spent),
                 "three_public": _s(b.three_public), "procurement": _s(b.procurement)},
        "items": [{"sub_goal": s.sub_goal, "level1": s.indicator.level1, "level2": s.indicator.level2,
                   "name": s.indicator.name, "target": s.indicator.target.raw, "actual": s.score.actual,
                   "weight": _s(s.score.weight), "score": _s(s.score.score), "records": s.records}
                  for s in ev.items],
        "projects": [{"code": p.code, "name": p.name, "budget": _s(p.execution.budget),
                      "spent": _s(p.execution.spent), "rate": _s(p.execution.rate), "total": _s(p.total),
                      "grade": p.grade} for p in ev.projects],
        "parts": [{"name": p.name, "weight": _s(p.weight), "score": _s(p.score), "basis": p.basis} for p in ev.parts],
        "sections": [{"title": s.title, "figures": list(s.figures), "prose": s.prose} for s in ev.sections],
    }


def evaluation_from_json(data: dict) -> DepartmentEvaluation:
    """A snapshot back as the DepartmentEvaluation the writers print (what they print, nothing more)."""
    b = data["base"]
    base = BaseData([rules.Staffing(*row) for row in b["staffing"]], Decimal(b["personnel"]), Decimal(b["running"]),
                    _d(b["basic_budget"]), Decimal(b["project_budget"]), Decimal(b["project_spent"]),
                    _d(b["three_public"]), _d(b["procurement"]))
    items = [ScoredItem(i["sub_goal"], Indicator(i["level1"], i["level2"], i["name"], "", Target(i["target"], "")),
                        IndicatorScore(i["name"], i["level1"], Decimal(i["weight"]), i["target"], i["actual"],
                                       Decimal(i["score"])), i["records"]) for i in data["items"]]
    zero = Decimal(0)
    projects = [ProjectScore(p["code"], p["name"], ExecutionScore(Decimal(p["budget"]), Decimal(p["spent"]),
                                                                  Decimal(p["rate"]), zero, zero),
                             [], Decimal(p["total"]), p["grade"], data["ruleset"]) for p in data["projects"]]
    parts = [Part(p["name"], Decimal(p["weight"]), Decimal(p["score"]), p["basis"]) for p in data["parts"]]
    sections = [Section(s["title"], list(s["figures"]), s["prose"]) for s in data["sections"]]
    return DepartmentEvaluation(data["unit"], data["year"], base, items, projects, parts, Decimal(data["total"]),
                                data["grade"], data["ruleset"], sections)


# ---------------------------------------------------------------- publications

def published(plan: Plan) -> PublishedDepartmentEvaluation | None:
    """The publication in force (the newest), or None."""
    return PublishedDepartmentEvaluation.objects.filter(plan=plan).select_related("created_by").first()


def published_list(plan: Plan) -> list[PublishedDepartmentEvaluation]:
    return list(PublishedDepartmentEvaluation.objects.filter(plan=plan).select_related("created_by"))


def fingerprint(plan: Plan, rows: dict) -> str:
    """What the page showed: the evaluation now and the publication in force (a double click, or a
    change by someone else, no longer matches)."""
    last = published(plan)
    return fingerprints.fingerprint({"rows": rows, "published": last.pk if last else None})


def _two(text: str | None) -> str:
    return "—" if text is None else f"{Decimal(text):.2f}"


def differences(was: dict, now: dict) -> list[str]:
    """How the evaluation now differs from the published one, a line per changed figure; empty when equal."""
    found = []
    if was["total"] != now["total"] or was["grade"] != now["grade"]:
        found.append(f"自评总分：公开的是{_two(was['total'])}分（{was['grade']}），现在是{_two(now['total'])}分（{now['grade']}）")
    before = {p["name"]: p for p in was["parts"]}
    for p in now["parts"]:
        old = before.get(p["name"])
        if old is not None and old["score"] != p["score"]:
            found.append(f"{p['name']}：公开的得分是{_two(old['score'])}，现在是{_two(p['score'])}")
    items = {(i["sub_goal"], i["name"]): i for i in was["items"]}
    for i in now["items"]:
        old = items.pop((i["sub_goal"], i["name"]), None)
        if old is None:
            found.append(f"{i['name']}：公开时没有这个部门整体绩效指标")
        elif (old["actual"], old["score"], old["target"]) != (i["actual"], i["score"], i["target"]):
            found.append(f"{i['name']}：公开的是实际完成值{old['actual'] or '无'}、得分{_two(old['score'])}，"
                         f"现在是实际完成值{i['actual'] or '无'}、得分{_two(i['score'])}")
    found += [f"{name}：公开时有这个部门整体绩效指标，现在没有" for _, name in items]
    if was["base"] != now["base"]:
        found.append("基础数据（编制、基本支出、项目预算或支出）与公开时不同")
    if [p["total"] for p in was["projects"]] != [p["total"] for p in now["projects"]]:
        found.append("项目支出绩效自评结果与公开时不同")
    if [s["prose"] for s in was["sections"]] != [s["prose"] for s in now["sections"]]:
        found.append("自评报告中单位填写的内容与公开时不同")
    return found
