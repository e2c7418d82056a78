"""The records monitoring and self-evaluation read: money spent, and the values
indicators reached. Plain objects; `place` says where in a file each came from, and an
actual's `source` how it was obtained (typed by a person, imported from a file, or
computed from the programmes' records by a metric)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from ..core.document import GoalDocument, Indicator, Project, project_key
from . import errors as e
from .errors import EvaluationError

if TYPE_CHECKING:
    from .quantities import Quantity

TYPED, IMPORTED, COMPUTED = "typed", "imported", "computed"
SOURCE_LABELS = {TYPED: "手工填报", IMPORTED: "文件导入", COMPUTED: "由业务记录计算"}




@dataclass(frozen=True)
class SpendingRecord:
    project: str  # the project's key: 项目编码, or 项目名称 where it has none (`project_key`)
    date: date
    amount: Decimal  # 元
    note: str = ""
    place: str = ""


@dataclass(frozen=True)
class Provenance:
    """How an actual was obtained: typed by a person, imported from a file (which and
    where), or computed from records by the metric with this code (and which records).

    >>> Provenance(COMPUTED, metric="persons_paid", records=("payment:1", "payment:2")).label
    '由业务记录计算（persons_paid，2条记录）'
    >>> Provenance(IMPORTED, file="actuals.csv：第3行").label
    '文件导入（actuals.csv：第3行）'
    >>> TYPED_BY_PERSON.label
    '手工填报'
    """

    kind: str = TYPED
    metric: str = ""  # the metric's code, when computed
    records: tuple[str, ...] = ()  # references of the records counted (payment:12, check:3 …)
    file: str = ""  # the file and row, when imported

    @property
    def label(self) -> str:
        if self.kind == COMPUTED:
            return f"{SOURCE_LABELS[COMPUTED]}（{self.metric}，{len(self.records)}条记录）"
        if self.kind == IMPORTED and self.file:
            return f"{SOURCE_LABELS[IMPORTED]}（{self.file}）"
        return SOURCE_LABELS[self.kind]


TYPED_BY_PERSON = Provenance(TYPED)


@dataclass(frozen=True)
class ActualRecord:
    """An indicator's actual as a typed quantity (`quantities.Quantity`), never as text to
    parse: build one from a person's text with `quantities.record_from_text`."""

    project: str  # the project's key: 项目编码, or 项目名称 where it has none (`project_key`)
    indicator: str  # 三级指标; empty for a project-level remark
    actual: Quantity | None = None  # 46人, 95.83%, 1.3万元, 达成 …; None when not given
    share: Decimal | None = None  # for a qualitative actual: % of the weight, within its band
    reason: str = ""  # 偏差原因
    measure: str = ""  # 纠偏措施
    forecast: Quantity | None = None  # 全年预计完成值, when the unit gives one
    place: str = ""  # where in a file, for messages
    source: Provenance = TYPED_BY_PERSON

    @property
    def text(self) -> str:
        """The actual for display."""
        return self.actual.text if self.actual is not None else ""

    @property
    def where(self) -> str:
        """The place for an error message: the file and row, or that it was computed."""
        return self.place or (SOURCE_LABELS[COMPUTED] if self.source.kind == COMPUTED else "")


def spent(records: list[SpendingRecord], project: str, until: date | None = None) -> Decimal:
    return sum((r.amount for r in records if r.project == project and (until is None or r.date <= until)),
               Decimal(0))


def match(doc: GoalDocument, spending: list[SpendingRecord], actuals: list[ActualRecord]):
    """Check every record names a real project and indicator; return the actuals by
    (project key, indicator name). A record names its project by its code, or by its name where it has
    none (`project_key`). An unknown name is an error naming the nearest real ones."""
    projects = {project_key(p): p for p in doc.projects}
    for r in spending:
        _project(projects, r.project, r.place)
    found: dict[tuple[str, str], ActualRecord] = {}
    for a in actuals:
        project = _project(projects, a.project, a.place)
        if a.indicator:
            _indicator(project, a.indicator, a.place)
        if (a.project, a.indicator) in found:
            raise EvaluationError("duplicate_actual", e.DUPLICATE_ACTUAL.format(
                project=project.name, indicator=a.indicator or "项目说明"), a.place)
        found[(a.project, a.indicator)] = a
    return found


def _project(projects: dict[str, Project], key: str, place: str) -> Project:
    if key in projects:
        return projects[key]
    named = next((p for p in projects.values() if p.code and p.name == key.strip()), None)
    if named is not None:
        raise EvaluationError("unknown_project", e.NAMED_NOT_CODED.format(name=key, code=named.code), place)
    near = difflib.get_close_matches(key, projects, n=3, cutoff=0.5)
    uncoded = any(not p.code for p in projects.values())  # then a record may name a project by its name
    message = e.UNKNOWN_PROJECT_OR_NAME if uncoded else e.UNKNOWN_PROJECT
    raise EvaluationError("unknown_project", message.format(code=key, nearest=_nearest(near)), place)


def _indicator(project: Project, name: str, place: str) -> Indicator:
    names = [i.name for i in project.indicators]
    if name in names:
        return project.indicators[names.index(name)]
    near = difflib.get_close_matches(name, names, n=3, cutoff=0.3)
    raise EvaluationError("unknown_indicator", e.UNKNOWN_INDICATOR.format(
        project=project.name, name=name, nearest=_nearest(near)), place)


def _nearest(names: list[str]) -> str:
    return e.NEAREST.format(names="、".join(names)) if names else ""
