"""The catalogue of metrics: indicator actuals computed from the programmes' records,
each with its provenance (the records it counted).

A metric reads a project's `ProjectRecords` and returns a `MetricValue` in the unit
its indicator is written in; monitoring and self-evaluation use it like a typed value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..core.formulas import execution_rate
from ..core.numerals import plain
from .checks import DONE, HealthCheck, ModelWorker, due
from .register import Beneficiary
from .rounds import PAID, RoundRecord, payment_problems
from .surveys import satisfaction

HUNDRED = Decimal(100)


@dataclass
class ProjectRecords:
    year: int
    budget: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)
    spending_refs: list[str] = field(default_factory=list)
    register: dict[str, Beneficiary] = field(default_factory=dict)
    rounds: list[RoundRecord] = field(default_factory=list)
    workers: list[ModelWorker] = field(default_factory=list)
    checks: list[HealthCheck] = field(default_factory=list)
    answers: list[list[int | None]] = field(default_factory=list)
    answer_refs: list[str] = field(default_factory=list)
    answer_rounds: list[str] = field(default_factory=list)  # the round each response is about, or ""
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def paid(self):
        """(round, payment) of every payment made in the year; read once, used by many metrics."""
        if "paid" not in self._memo:
            self._memo["paid"] = [(r, p) for r in self.rounds for p in r.payments
                                  if p.status == PAID and p.on.year == self.year]
        return self._memo["paid"]

    def per_person(self) -> dict[str, Decimal]:
        if "per_person" not in self._memo:
            totals: dict[str, Decimal] = {}
            for _, p in self.paid():
                totals[p.id_number] = totals.get(p.id_number, Decimal(0)) + p.amount
            self._memo["per_person"] = totals
        return self._memo["per_person"]

    def refs(self) -> tuple[str, ...]:
        if "refs" not in self._memo:
            self._memo["refs"] = tuple(p.ref for _, p in self.paid())
        return self._memo["refs"]


@dataclass(frozen=True)
class MetricValue:
    value: Decimal | None
    unit: str
    records: tuple[str, ...] = ()  # references of the records counted

    @property
    def text(self) -> str:
        """As an actual is written: 406人, 95.83%, 500元."""
        return "" if self.value is None else f"{plain(self.value)}{self.unit}"


@dataclass(frozen=True)
class Metric:
    code: str
    name: str
    unit: str
    compute: Callable[[ProjectRecords, dict], MetricValue]
    description: str = ""


CATALOGUE: dict[str, Metric] = {}


def metric(code: str, name: str, unit: str, description: str = ""):
    def register(fn):
        CATALOGUE[code] = Metric(code, name, unit, fn, description)
        return fn

    return register


@metric("persons_paid", "受助人数（一年内按人去重）", "人", "一人多轮受助只计一次")
def persons_paid(records, params):
    return MetricValue(Decimal(len(records.per_person())), "人", records.refs())


@metric("average_per_person", "人均救助金额", "元")
def average_per_person(records, params):
    totals = records.per_person()
    value = sum(totals.values(), Decimal(0)) / len(totals) if totals else None
    return MetricValue(value, "元", records.refs())


@metric("minimum_per_person", "每人最低救助金额", "元")
def minimum_per_person(records, params):
    totals = records.per_person()
    return MetricValue(min(totals.values()) if totals else None, "元", records.refs())


@metric("compliance_rate", "发放合规率（按金额）", "%", "符合标准、对象在审批名单内、在本轮日期内发放的金额占发放总额的比率")
def compliance_rate(records, params):
    total = compliant = Decimal(0)
    for r, p in records.paid():
        total += p.amount  # the frozen list holds only people eligible when the round was approved
        compliant += 0 if payment_problems(p, r.round, r.entries.get(p.id_number)) else p.amount
    return MetricValue(compliant / total * HUNDRED if total else None, "%", records.refs())


@metric("rounds_on_time", "按时完成的发放轮次", "次", "审批名单内每人都在本轮截止日前发放到位")
def rounds_on_time(records, params):
    done = []
    for r in records.rounds:
        paid = {p.id_number for p in r.payments if p.status == PAID and p.on <= r.round.end}
        if r.entries and set(r.entries) <= paid:
            done.append(r.round.name)
    return MetricValue(Decimal(len(done)), "次", tuple(done))


def _checks(records, params) -> tuple[list[ModelWorker], list[HealthCheck]]:
    levels = tuple(params.get("levels", ("全国", "省部级")))
    workers = due(records.workers, levels)
    ids = {w.id_number for w in workers}
    return workers, [c for c in records.checks if c.id_number in ids and c.year == records.year and c.state == DONE]


@metric("checks_done", "体检人数", "人")
def checks_done(records, params):
    _, done = _checks(records, params)
    return MetricValue(Decimal(len(done)), "人", tuple(c.ref for c in done))


@metric("checks_done_rate", "劳模体检完成率", "%", "已检人数占应检劳模人数的比率")
def checks_done_rate(records, params):
    workers, done = _checks(records, params)
    return MetricValue(Decimal(len(done)) * HUNDRED / len(workers) if workers else None, "%", tuple(c.ref for c in done))


@metric("checks_on_time_rate", "按期体检率", "%", "截止日期（可设置，默认年底）前已检人数占应检人数的比率")
def checks_on_time_rate(records, params):
    workers, done = _checks(records, params)
    deadline = date.fromisoformat(params["deadline"]) if params.get("deadline") else date(records.year, 12, 31)
    on_time = [c for c in done if c.on and c.on <= deadline]
    return MetricValue(Decimal(len(on_time)) * HUNDRED / len(workers) if workers else None, "%",
                       tuple(c.ref for c in on_time))


@metric("check_cost_per_person", "人均体检费用", "元")
def check_cost_per_person(records, params):
    _, done = _checks(records, params)
    value = sum((c.cost for c in done), Decimal(0)) / len(done) if done else None
    return MetricValue(value, "元", tuple(c.ref for c in done))


@metric("survey_satisfaction", "调查满意度", "%", "（满意＋非常满意）÷有效回答；可设置只计某一轮次的问卷")
def survey_satisfaction(records, params):
    rounds = records.answer_rounds or [""] * len(records.answers)
    chosen = [k for k, r in enumerate(rounds) if not params.get("round") or r == params["round"]]
    return MetricValue(satisfaction([records.answers[k] for k in chosen]), "%",
                       tuple(records.answer_refs[k] for k in chosen))


@metric("budget_execution", "预算执行率", "%")
def budget_execution(records, params):
    value = execution_rate(records.spent, records.budget) if records.budget else None
    return MetricValue(value, "%", tuple(records.spending_refs))
