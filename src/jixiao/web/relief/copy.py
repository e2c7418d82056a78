"""What next year's plan carries of this year's programmes, so that the year works without
setting it up again: each indicator's metric binding (a date parameter moved to the new year,
a round named by the old year renamed), the unit's standards (when the new year has none yet),
and the surveys' questionnaires (dated in the new year, without their answers). Called inside
the copy's transaction (goals.services.plan_copy_next_year), which writes the one history entry."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ...core.document import project_key
from ...review.history import move_year, old_year_mentions
from ..goals.models import Plan, Project
from .models import MetricBinding, Standard, Survey


@dataclass
class Carried:
    """What a copy carried, and the places a person must read (each a short Chinese phrase)."""

    bindings: int = 0
    standards: int = 0
    surveys: int = 0
    flagged: list[str] = field(default_factory=list)


def _next_year_date(day: date, years: int = 1) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def binding_params(params: dict, old: int, new: int, place: str, flagged: list[str]) -> dict:
    """A binding's parameters for the new year: a date moved by the years between, a round's name
    naming the old year renamed; a round that does not name it is kept and flagged."""
    out = dict(params or {})
    if out.get("deadline"):
        try:
            out["deadline"] = _next_year_date(date.fromisoformat(str(out["deadline"])), new - old).isoformat()
        except ValueError:
            flagged.append(f"{place}的截止日期“{out['deadline']}”")
    if out.get("round"):
        if str(old) in str(out["round"]):
            out["round"] = str(out["round"]).replace(str(old), str(new))
        else:
            flagged.append(f"{place}的发放轮次“{out['round']}”")
    return out


def _key(project: Project, old: int, new: int) -> str:
    """The old project's key in the new plan: its code, or its name as the copy moved it."""
    return project.code or move_year(project.name, old, new)[0]


def programmes_copy(*, old: Plan, new: Plan) -> Carried:
    """Carry `old`'s bindings, standards and questionnaires to `new` (its projects already made)."""
    carried = Carried()
    projects = {project_key(p): p for p in new.projects.prefetch_related("indicators")}
    indicators = {(key, i.name): i for key, p in projects.items() for i in p.indicators.all()}
    for b in MetricBinding.objects.filter(indicator__project__plan=old).select_related("indicator__project"):
        key = _key(b.indicator.project, old.year, new.year)
        name, _ = move_year(b.indicator.name, old.year, new.year)
        target = indicators.get((key, name))
        if target is None:
            continue
        params = binding_params(b.params, old.year, new.year, f"指标“{target.name}”", carried.flagged)
        MetricBinding.objects.create(indicator=target, metric=b.metric, params=params)
        carried.bindings += 1
    if not Standard.objects.filter(unit_id=old.unit_id, year=new.year).exists():
        rows = [Standard(unit_id=s.unit_id, year=new.year, kind=s.kind, degree=s.degree, cause=s.cause,
                         amount=s.amount) for s in Standard.objects.filter(unit_id=old.unit_id, year=old.year)]
        Standard.objects.bulk_create(rows)
        carried.standards = len(rows)
    for s in Survey.objects.filter(project__plan=old).select_related("project").order_by("id"):
        project: Project | None = projects.get(_key(s.project, old.year, new.year))
        if project is None:
            continue
        name, left = move_year(s.name, old.year, new.year)
        carried.flagged += [f"问卷“{name}”：{m}" for m in left]
        on = _next_year_date(s.date, new.year - old.year) if s.date else None
        Survey.objects.create(project=project, round=None, name=name, questions=list(s.questions), date=on)
        carried.surveys += 1
        carried.flagged += [f"问卷“{name}”的问题：{m}" for q in s.questions for m in old_year_mentions(q, old.year)]
    return carried
