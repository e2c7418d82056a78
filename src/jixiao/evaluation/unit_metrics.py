"""部门整体 actuals from records: the metrics a unit-wide indicator (部门整体绩效指标) is bound to,
each computed across all of a unit's projects and records for a year, with its provenance (the
records it counted), as relief/metrics.py does for one project.

`UnitRecords` holds what they read: each project's `ProjectRecords` (by project key), the staffing
and basic-spending records (by reference), the basic-spending budget and each project's monitoring
colour. The relief metrics run on the projects' records merged (`UnitRecords.merged`): a person paid
by two projects is one person relieved, a model worker checked is counted once.

The seed's "每年不低于500元的标准进行救助" is a floor every person relieved gets: its metric is the
lowest total a person received in the year across the projects (`unit_relief_minimum`); the average
is there too for a target that means one (`unit_relief_average`).

A project is on track (`unit_projects_on_track`) when monitoring colours it green
(evaluation/monitoring.py `monitor_project`: execution minus the spending plan's rate at the date
at least the rule set's `green_gap`, and no 超支 or 数据有误); at the year's end unless a date is given.

>>> from .department import Staffing
>>> r = UnitRecords(2021, staffing={"staffing:1": Staffing("机关", 6, 6, 19), "staffing:2": Staffing("文化宫", 10, 10, 4)})
>>> v = CATALOGUE["unit_staff_in_post"].compute(r)
>>> v.text, v.records
('16人', ('staffing:1', 'staffing:2'))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..core.money import FACTORS
from ..relief import metrics as relief
from ..relief.checks import HealthCheck, ModelWorker
from ..relief.metrics import MetricValue, ProjectRecords
from . import department
from .department import BasicSpending, Staffing
from .quantities import Quantity, computed

HUNDRED = Decimal(100)


@dataclass
class UnitRecords:
    """Everything the unit-wide metrics read about a unit's year."""

    year: int
    as_of: date | None = None  # count only records dated on or before it; None: the whole year
    projects: dict[str, ProjectRecords] = field(default_factory=dict)  # by project key (code, or name)
    staffing: dict[str, Staffing] = field(default_factory=dict)  # by reference: staffing:3
    basic: dict[str, BasicSpending] = field(default_factory=dict)  # by reference: basic_spending:7
    basic_budget: Decimal | None = None  # None: not recorded
    on_track: dict[str, bool] = field(default_factory=dict)  # project key → green in monitoring
    monitored_on: date | None = None  # the date the monitoring colours are of
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def merged(self) -> ProjectRecords:
        """The projects' records as one project's: every round and payment of every project, each
        model worker and each check once (every project reads the unit's 劳模名册), all spending."""
        if "merged" not in self._memo:
            out = ProjectRecords(self.year, as_of=self.as_of)
            workers: dict[str, ModelWorker] = {}
            checks: dict[str, HealthCheck] = {}
            for records in self.projects.values():
                out.budget += records.budget
                spent, refs = records.spent_by_then()
                out.spent += spent
                out.spending_refs.extend(refs)
                out.rounds.extend(records.rounds)
                workers.update((w.id_number, w) for w in records.workers)
                checks.update(((c.ref or f"{c.id_number}:{c.year}"), c) for c in records.checks)
            out.workers, out.checks = list(workers.values()), list(checks.values())
            self._memo["merged"] = out
        return self._memo["merged"]

    def basic_by_then(self) -> dict[str, BasicSpending]:
        return {ref: b for ref, b in self.basic.items() if self.as_of is None or b.on <= self.as_of}

    def execution(self) -> department.Execution:
        """The whole unit's execution (evaluation/department.py `unit_execution`) by `as_of`."""
        spent = {key: r.spent_by_then()[0] for key, r in self.projects.items()}
        return department.unit_execution(project_budgets={key: r.budget for key, r in self.projects.items()},
                                         project_spent=spent, basic=list(self.basic_by_then().values()),
                                         basic_budget=self.basic_budget)


@dataclass(frozen=True)
class UnitMetric:
    code: str
    name: str
    unit: str
    compute: Callable[[UnitRecords], MetricValue]
    description: str = ""
    per: str = ""  # an amount per person (元 per 人): it also fits a target written 500元/人

    @property
    def units(self) -> tuple[str, ...]:
        """The target units whose values this metric's compare with as they are."""
        return (self.unit, f"{self.unit}/{self.per}") if self.per else (self.unit,)

    def fits(self, unit: str) -> bool:
        """Whether a target in `unit` compares with this metric's values (scoring's `in_unit`: the same
        unit, two money units, or an amount per person written with /人)."""
        return unit in self.units or (self.unit in FACTORS and unit in FACTORS)

    def quantity(self, value: MetricValue, target_unit: str) -> Quantity | None:
        """The value as scoring reads it, in the target's unit when it is the same thing written /人."""
        if value.value is None:
            return None
        return computed(value.value, target_unit if target_unit in self.units else value.unit)


CATALOGUE: dict[str, UnitMetric] = {}


def metric(code: str, name: str, unit: str, description: str = "", per: str = ""):
    def register(fn):
        CATALOGUE[code] = UnitMetric(code, name, unit, fn, description, per)
        return fn

    return register


def _relief(code: str, records: UnitRecords) -> MetricValue:
    """A relief metric on the projects' records merged."""
    return relief.CATALOGUE[code].compute(records.merged(), {})


@metric("unit_persons_relieved", "全单位受助人数（各项目按身份证号去重）", "人",
        "本年各项目发放到位的人按身份证号去重：一人由两个项目救助只计一次")
def persons_relieved(records):
    return _relief("persons_paid", records)


@metric("unit_relief_minimum", "每人全年最低救助金额（各项目合计）", "元",
        "每人本年从各项目领到的金额合计，取其中最低的；“每年不低于500元的标准”即每人都不低于此数", per="人")
def relief_minimum(records):
    return _relief("minimum_per_person", records)


@metric("unit_relief_average", "人均救助金额（各项目合计）", "元", "各项目发放总额÷受助人数（按身份证号去重）",
        per="人")
def relief_average(records):
    return _relief("average_per_person", records)


@metric("unit_checks_done", "劳模体检人数（按人去重）", "人", "本年已完成体检的应检劳模，每人只计一次")
def checks_done(records):
    return _relief("checks_done", records)


@metric("unit_check_cost_per_person", "劳模人均体检费用", "元", "已完成体检的费用之和÷已检人数", per="人")
def check_cost(records):
    return _relief("check_cost_per_person", records)


@metric("unit_staff_in_post", "在职人数（正常运转人数）", "人", department.STAFF_BASIS)
def staff_in_post(records):
    staff = department.staff_in_post(list(records.staffing.values()))
    return MetricValue(Decimal(staff.value), "人", tuple(records.staffing))


@metric("unit_execution", "部门整体预算执行率", "%", department.EXECUTION_BASIS)
def execution(records):
    spent, refs = records.merged().spent_by_then()
    return MetricValue(records.execution().rate, "%", refs + tuple(records.basic_by_then()))


ON_TRACK_BASIS = ("运行监控中为绿色的项目数÷项目数：执行率减去用款计划进度不低于规则集的绿色阈值，"
                  "且没有超支或数据有误（evaluation/monitoring.py）；未指定日期时按年末")


@metric("unit_projects_on_track", "按进度执行的项目占比", "%", ON_TRACK_BASIS)
def projects_on_track(records):
    flags = records.on_track
    green = tuple(f"project:{key}" for key, ok in flags.items() if ok)
    return MetricValue(Decimal(len(green)) * HUNDRED / len(flags) if flags else None, "%", green)


NOT_BOUND = "未设置取数口径：没有由业务记录计算的完成值，本项按0分计"
