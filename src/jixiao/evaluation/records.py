"""The records monitoring and self-evaluation read: money spent, and the values
indicators reached. Plain objects; `place` says where each came from."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..core.document import GoalDocument, Indicator, Project


class EvaluationError(Exception):
    """A person's mistake in the records: a Chinese message naming the place."""

    def __init__(self, code: str, message: str, place: str = ""):
        super().__init__(message)
        self.code, self.message, self.place = code, message, place

    def __str__(self) -> str:
        return f"{self.place}：{self.message}" if self.place else self.message


@dataclass(frozen=True)
class SpendingRecord:
    project: str  # 项目编码
    date: date
    amount: Decimal  # 元
    note: str = ""
    place: str = ""


@dataclass(frozen=True)
class ActualRecord:
    project: str  # 项目编码
    indicator: str  # 三级指标; empty for a project-level remark
    actual: str = ""  # 46人, 95.83%, 1.3万元, 达成 …
    share: Decimal | None = None  # for a qualitative actual: % of the weight, within its band
    reason: str = ""  # 偏差原因
    measure: str = ""  # 纠偏措施
    forecast: str = ""  # 全年预计完成值, when the unit gives one
    place: str = ""


def spent(records: list[SpendingRecord], project: str, until: date | None = None) -> Decimal:
    return sum((r.amount for r in records if r.project == project and (until is None or r.date <= until)),
               Decimal(0))


def match(doc: GoalDocument, spending: list[SpendingRecord], actuals: list[ActualRecord]):
    """Check every record names a real project and indicator; return the actuals by
    (project code, indicator name). An unknown name is an error naming the nearest real ones."""
    projects = {p.code: p for p in doc.projects}
    for r in spending:
        _project(projects, r.project, r.place)
    found: dict[tuple[str, str], ActualRecord] = {}
    for r in actuals:
        project = _project(projects, r.project, r.place)
        if r.indicator:
            _indicator(project, r.indicator, r.place)
        if (r.project, r.indicator) in found:
            raise EvaluationError("duplicate_actual", f"项目“{project.name}”的“{r.indicator or '项目说明'}”重复填写", r.place)
        found[(r.project, r.indicator)] = r
    return found


def _project(projects: dict[str, Project], code: str, place: str) -> Project:
    if code in projects:
        return projects[code]
    near = difflib.get_close_matches(code, projects, n=3, cutoff=0.5)
    raise EvaluationError("unknown_project", f"没有项目编码“{code}”" + _nearest(near), place)


def _indicator(project: Project, name: str, place: str) -> Indicator:
    names = [i.name for i in project.indicators]
    if name in names:
        return project.indicators[names.index(name)]
    near = difflib.get_close_matches(name, names, n=3, cutoff=0.3)
    raise EvaluationError("unknown_indicator", f"项目“{project.name}”没有指标“{name}”" + _nearest(near), place)


def _nearest(names: list[str]) -> str:
    return f"，是否指：{'、'.join(names)}？" if names else ""
