"""The catalogue of metrics: indicator actuals computed from the programmes' records,
each with its provenance (the records it counted).

A metric reads a project's `ProjectRecords` and returns a `MetricValue` in the unit
its indicator is written in; monitoring and self-evaluation use it like a typed value.
Records dated after `ProjectRecords.as_of` are not counted: monitoring at 31 March sees
only what was done by then.

Each metric also says how its year-end value is forecast (`Metric.forecast`, a code of
`FORECASTS`): not a straight line, but what is planned — people on the lists of the rounds
still to come, the model workers still due a check, the rounds whose dates are still ahead;
rates and amounts per person stay where they are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..core.formulas import execution_rate
from ..core.numerals import plain
from .checks import DECLINED, DONE, HealthCheck, ModelWorker, due
from .register import Beneficiary
from .rounds import RoundRecord, payment_problems
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
    answer_dates: list[date | None] = field(default_factory=list)  # when each response was given, if known
    spending: list[tuple[str, date, Decimal]] = field(default_factory=list)  # (ref, date, amount), when dated
    planned: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a draft round's would-be list (ID numbers)
    as_of: date | None = None  # count only records dated on or before it; None: the whole year
    answer_overall: list[int | None] = field(default_factory=list)  # each response's overall question, if any
    _memo: dict = field(default_factory=dict, repr=False, compare=False)

    def by_then(self, on: date | None) -> bool:
        """Whether a record dated `on` counts at `as_of` (an undated record always does)."""
        return self.as_of is None or on is None or on <= self.as_of

    def paid(self):
        """(round, payment) of every payment made in the year by `as_of`; read once, used by many metrics."""
        if "paid" not in self._memo:
            self._memo["paid"] = [(r, p) for r in self.rounds for p in r.payments
                                  if p.counts_at(self.as_of) and p.on.year == self.year and self.by_then(p.on)]
        return self._memo["paid"]

    def spent_by_then(self) -> tuple[Decimal, tuple[str, ...]]:
        """Money spent by `as_of` and its records; the totals given when the spending is not dated."""
        if not self.spending:
            return self.spent, tuple(self.spending_refs)
        kept = [(ref, amount) for ref, on, amount in self.spending if self.by_then(on)]
        return sum((a for _, a in kept), Decimal(0)), tuple(ref for ref, _ in kept)

    def answered(self) -> list[int]:
        """Positions of the survey responses given by `as_of`."""
        dates = self.answer_dates or [None] * len(self.answers)
        return [k for k, on in enumerate(dates) if self.by_then(on)]

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


# How a year-end value is forecast: a code for each way, with what it means in Chinese.
CURRENT, ROUND_LISTS, ROUNDS_AHEAD, CHECKS_DUE = "current", "round_lists", "rounds_ahead", "checks_due"
FORECASTS = {
    CURRENT: "按截至目前的值（比率、人均数不外推）",
    ROUND_LISTS: "已发放的人加上尚未发放完的轮次名单上的人（草稿轮次按可纳入名单的人）",
    ROUNDS_AHEAD: "已按时完成的轮次加上截止日期未到的轮次",
    CHECKS_DUE: "已检人数加上尚待体检的应检劳模（放弃者不计）",
}


@dataclass(frozen=True)
class Metric:
    code: str
    name: str
    unit: str
    compute: Callable[[ProjectRecords, dict], MetricValue]
    description: str = ""
    forecast: str = CURRENT  # a code of FORECASTS: how the year-end value is expected

    @property
    def forecast_rule(self) -> str:
        """How this metric forecasts, as the pages say it."""
        return FORECASTS[self.forecast]

    def project(self, records: ProjectRecords, params: dict, value: MetricValue | None = None) -> MetricValue:
        """The value expected at the year's end, in the metric's unit, from what is planned at `records.as_of`."""
        value = value if value is not None else self.compute(records, params)
        if self.forecast == CURRENT:
            return value
        return _PROJECTIONS[(self.code, self.forecast)](records, params, value)


CATALOGUE: dict[str, Metric] = {}
_PROJECTIONS: dict[tuple[str, str], Callable[[ProjectRecords, dict, MetricValue], MetricValue]] = {}


def metric(code: str, name: str, unit: str, description: str = "", forecast: str = CURRENT):
    def register(fn):
        CATALOGUE[code] = Metric(code, name, unit, fn, description, forecast)
        return fn

    return register


def projection(code: str, forecast: str):
    """Registers how the metric `code` forecasts by the way `forecast`."""
    def register(fn):
        _PROJECTIONS[(code, forecast)] = fn
        return fn

    return register


@metric("persons_paid", "受助人数（一年内按人去重）", "人", "一人多轮受助只计一次", forecast=ROUND_LISTS)
def persons_paid(records, params):
    return MetricValue(Decimal(len(records.per_person())), "人", records.refs())


@projection("persons_paid", ROUND_LISTS)
def _persons_expected(records, params, value):
    """Everyone paid so far, and everyone on a list still to be paid (a draft round: who it would list)."""
    people = set(records.per_person())
    for r in records.rounds:
        people.update(r.entries)
        people.update(records.planned.get(r.round.name, ()))
    return MetricValue(Decimal(len(people)), "人", value.records)


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


def _on_time(records, r: RoundRecord) -> bool:
    """Everyone on the round's list paid by its end (and by `as_of`)."""
    until = r.round.end if records.as_of is None else min(r.round.end, records.as_of)
    paid = {p.id_number for p in r.payments if p.counts_at(records.as_of) and p.on <= until}
    return bool(r.entries) and set(r.entries) <= paid


@metric("rounds_on_time", "按时完成的发放轮次", "次", "审批名单内每人都在本轮截止日前发放到位", forecast=ROUNDS_AHEAD)
def rounds_on_time(records, params):
    done = [r.round.name for r in records.rounds if _on_time(records, r)]
    return MetricValue(Decimal(len(done)), "次", tuple(done))


@projection("rounds_on_time", ROUNDS_AHEAD)
def _rounds_expected(records, params, value):
    """The rounds done on time, and those whose end is still ahead (expected on time)."""
    ahead = [r for r in records.rounds if records.as_of is not None and r.round.end >= records.as_of
             and not _on_time(records, r)]
    return MetricValue(Decimal(len(value.records) + len(ahead)), "次", value.records)


def _checks(records, params) -> tuple[list[ModelWorker], list[HealthCheck]]:
    """The workers due a check, and the checks done by `as_of`."""
    levels = tuple(params.get("levels", ("全国", "省部级")))
    workers = due(records.workers, levels)
    ids = {w.id_number for w in workers}
    return workers, [c for c in records.checks if c.id_number in ids and c.year == records.year and c.state == DONE
                     and records.by_then(c.on)]


def _still_due(records, params) -> int:
    """Workers due a check who have not had it by `as_of` and have not declined it."""
    workers, done = _checks(records, params)
    checked = {c.id_number for c in done}
    declined = {c.id_number for c in records.checks if c.year == records.year and c.state == DECLINED}
    return sum(1 for w in workers if w.id_number not in checked and w.id_number not in declined)


def _deadline(records, params) -> date:
    return date.fromisoformat(params["deadline"]) if params.get("deadline") else date(records.year, 12, 31)


@metric("checks_done", "体检人数", "人", forecast=CHECKS_DUE)
def checks_done(records, params):
    _, done = _checks(records, params)
    return MetricValue(Decimal(len(done)), "人", tuple(c.ref for c in done))


@projection("checks_done", CHECKS_DUE)
def _checks_expected(records, params, value):
    return MetricValue(Decimal(len(_checks(records, params)[1]) + _still_due(records, params)), "人", value.records)


@metric("checks_done_rate", "劳模体检完成率", "%", "已检人数占应检劳模人数的比率", forecast=CHECKS_DUE)
def checks_done_rate(records, params):
    workers, done = _checks(records, params)
    return MetricValue(Decimal(len(done)) * HUNDRED / len(workers) if workers else None, "%", tuple(c.ref for c in done))


@projection("checks_done_rate", CHECKS_DUE)
def _checks_rate_expected(records, params, value):
    workers, done = _checks(records, params)
    expected = Decimal(len(done) + _still_due(records, params))
    return MetricValue(expected * HUNDRED / len(workers) if workers else None, "%", value.records)


@metric("checks_on_time_rate", "按期体检率", "%", "截止日期（可设置，默认年底）前已检人数占应检人数的比率",
        forecast=CHECKS_DUE)
def checks_on_time_rate(records, params):
    workers, done = _checks(records, params)
    on_time = [c for c in done if c.on and c.on <= _deadline(records, params)]
    return MetricValue(Decimal(len(on_time)) * HUNDRED / len(workers) if workers else None, "%",
                       tuple(c.ref for c in on_time))


@projection("checks_on_time_rate", CHECKS_DUE)
def _checks_on_time_expected(records, params, value):
    """Those still due count as on time while the deadline is ahead."""
    workers = due(records.workers, tuple(params.get("levels", ("全国", "省部级"))))
    if not workers or value.value is None:
        return value
    ahead = records.as_of is None or records.as_of <= _deadline(records, params)
    expected = value.value + (Decimal(_still_due(records, params)) * HUNDRED / len(workers) if ahead else 0)
    return MetricValue(expected, "%", value.records)


@metric("check_cost_per_person", "人均体检费用", "元")
def check_cost_per_person(records, params):
    _, done = _checks(records, params)
    value = sum((c.cost for c in done), Decimal(0)) / len(done) if done else None
    return MetricValue(value, "元", tuple(c.ref for c in done))


@metric("survey_satisfaction", "调查满意度", "%",
        "按人计：满意的受访者人数÷作答的受访者人数（受访者代表总救助人数）。受访者对总体评价题（题目含“总体”“整体”）"
        "答“满意”或“非常满意”即为满意；问卷没有总体评价题或此题未答时，看其各题平均分是否达到“满意”（4分）；"
        "可设置只计某一轮次的问卷")
def survey_satisfaction(records, params):
    rounds = records.answer_rounds or [""] * len(records.answers)
    overall = records.answer_overall
    chosen = [k for k in records.answered() if not params.get("round") or rounds[k] == params["round"]]
    return MetricValue(satisfaction([records.answers[k] for k in chosen],
                                    [overall[k] if k < len(overall) else None for k in chosen]), "%",
                       tuple(records.answer_refs[k] for k in chosen))


@metric("budget_execution", "预算执行率", "%")
def budget_execution(records, params):
    spent, refs = records.spent_by_then()
    value = execution_rate(spent, records.budget) if records.budget else None
    return MetricValue(value, "%", refs)
