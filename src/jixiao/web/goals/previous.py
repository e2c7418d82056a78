"""历史标准: last year's target and actual of each indicator, read from the unit's plan of the year
before, with its actuals as the self-evaluation scores them (computed from records where bound,
typed or imported otherwise).

Indicators are matched by project key (项目编码, or the name where there is none) and indicator
name, not by a link the copy would store: a unit that uploads next year's document instead of
copying gets the same comparison, and an indicator renamed on purpose is a new indicator."""

from __future__ import annotations

from ...core.document import project_key
from ...core.errors import JixiaoError
from ...evaluation.quantities import parse_actual
from ...evaluation.results import YearResult, year_result
from ...review.history import LastYear, Previous
from .convert import plan_document
from .models import Plan


def plan_previous(plan: Plan) -> Previous | None:
    """Last year's plan of the unit as the review reads it; None when the unit has none."""
    return year_previous(plan.unit_id, plan.year)


def year_previous(unit_id: int, year: int) -> Previous | None:
    """The unit's plan of the year before `year` as the review reads it (`jixiao review --database` reads a
    file's year so); None when the unit has none."""
    last = Plan.objects.filter(unit_id=unit_id, year=year - 1).first()
    if last is None:
        return None
    from ..evaluation.selectors import scores  # the evaluation area reads goals: imported when used

    last = Plan.objects.prefetch_related("projects__indicators").select_related("unit").get(pk=last.pk)
    document = plan_document(last)
    try:
        scored = {(s.key, i.name): i for s in scores(last) for i in s.indicators}
    except JixiaoError:  # an unreadable actual of last year leaves its actuals out, not the page
        scored = {}
    out = {}
    for p in document.projects:
        for i in p.indicators:
            key = (project_key(p), i.name)
            s = scored.get(key)
            actual = unit = ""
            value = None
            if s is not None and s.actual:
                try:
                    q = parse_actual(s.actual)
                    value, unit, actual = q.value, q.unit, s.actual
                except ValueError:
                    actual = s.actual
            out[key] = LastYear(i.target.raw, i.target.op, i.target.value, i.target.unit, value, unit, actual)
    return Previous(last.year, out | _unit_wide(last))


def _unit_wide(last: Plan) -> dict:
    """Last year's confirmed unit-wide indicators with their actuals from records, keyed as the review keys
    them (the 分项目标's name, or 部门整体 for the unit's own table, and the indicator's name)."""
    from ..department.selectors import unit_actuals  # the department area reads goals: imported when used

    try:
        rows = unit_actuals(plan=last, indicators=list(last.unit_indicators.filter(proposed=False)))
    except JixiaoError:  # unreadable records of last year leave their actuals out, not the review
        return {}
    out = {}
    for row in rows:
        i, value, unit, actual = row.indicator, None, "", row.text
        if actual:
            try:
                q = parse_actual(actual)
                value, unit = q.value, q.unit
            except ValueError:
                pass
        out[(row.goal, i.name)] = LastYear(i.target_raw, i.op, i.value, i.unit, value, unit, actual)
    return out


def last_year_of(plan: Plan, previous: Previous | None = None) -> dict[int, LastYear]:
    """Indicator id → last year's target and actual, for the project page and the API."""
    previous = previous if previous is not None else plan_previous(plan)
    if previous is None:
        return {}
    out = {}
    for project in plan.projects.prefetch_related("indicators"):
        for i in project.indicators.all():
            if (found := previous.indicators.get((project_key(project), i.name))) is not None:
                out[i.pk] = found
    return out


def last_year_result(plan: Plan) -> YearResult | None:
    """结果应用: the unit's plan of the year before, its review grade and each project's self-evaluation score and
    grade, with the consequences the rule set gives; None when there is no such plan."""
    last = Plan.objects.filter(unit_id=plan.unit_id, year=plan.year - 1).first()
    if last is None:
        return None
    from ..evaluation.selectors import scores  # the evaluation area reads goals: imported when used

    try:
        projects = [(s.code, s.name, s.total, s.grade) for s in scores(last)]
    except JixiaoError:  # an unreadable actual of last year leaves the scores out, not the page
        projects = []
    return year_result(last.year, last.grade, projects, plan.rules)  # the consequence for this year's plan
