"""二次监控 (issue 15 §2): after the first monitoring cut-off (the rule set's `[monitoring] as_of`, 1-7月),
the projects that need a second look at a later month-end (no later than `[monitoring.second] latest`, 1-9月):
nothing spent of a budget above 0, or an indicator whose year-end forecast deviates from its target by more
than `deviation` %. The deviation is the forecast's shortfall on the target's side (RULES.md §3.5
forecast_gap), in % of the target:

    ≥ / > target v:  (v − forecast) ÷ v   when the forecast is below v
    ≤ / < target v:  (forecast − v) ÷ v   when the forecast is above v
    = target v:      |forecast − v| ÷ |v|
    range lo–hi:     (lo − forecast) ÷ lo below it, (forecast − hi) ÷ hi above it

An indicator without a numeric forecast (qualitative, no actual yet) or with a target of 0 has none.

>>> from .monitoring import IndicatorMonitor
>>> def row(target, forecast, level2="数量指标"):
...     return IndicatorMonitor("i", target, "", None, None if forecast is None else Decimal(forecast), None,
...                             level2=level2)
>>> deviation(row("≥400人", "240")), deviation(row("≥400人", "500")), deviation(row("≤500元", "650"))
(Decimal('40.0'), Decimal('0'), Decimal('30.0'))
>>> deviation(row("=6个", "3")), deviation(row("90%-95%", "99.75")), deviation(row("满足需求", None))
(Decimal('50.0'), Decimal('5.00'), None)
>>> [d.isoformat() for d in second_dates(2021, {"as_of": "07-31", "second": {"latest": "09-30"}})]
['2021-08-31', '2021-09-30']
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..core.numerals import plain
from ..core.targets import EQ, GE, GT, LE, LT, RANGE, parse_target
from ..rulesets import DEFAULT, load
from . import errors as e
from .errors import EvaluationError
from .monitoring import IndicatorMonitor, ProjectMonitor, default_as_of

HUNDRED, ZERO = Decimal(100), Decimal(0)
ZERO_EXECUTION = "截至{first}预算执行为0（预算{budget}元，未支出）"
DEVIATES = "“{indicator}”全年预计{forecast}，与指标值{target}偏差{deviation}%，超过{limit}%"


@dataclass(frozen=True)
class Trigger:
    """Why a project needs the second round: its money (indicator "") or one indicator, in words."""

    indicator: str
    deviation: Decimal | None  # % (an indicator's); None for the money
    text: str


@dataclass
class SecondRoundNeed:
    """A project the first round found behind: its key (code, or name without one) and why."""

    key: str
    code: str
    name: str
    triggers: list[Trigger] = field(default_factory=list)

    @property
    def why(self) -> str:
        return "；".join(t.text for t in self.triggers)


def settings_of(monitoring: dict) -> dict:
    """A rule set's `[monitoring.second]`; one that names none takes the national default's."""
    return monitoring.get("second") or load(DEFAULT)["monitoring"]["second"]


def deviation(ind: IndicatorMonitor) -> Decimal | None:
    """The % by which an indicator's year-end forecast falls short of its target (0 when it does not)."""
    if ind.forecast is None:
        return None
    target = parse_target(ind.target, ind.level2 or None)
    v, f = target.value, ind.forecast
    if v is None:
        return None
    if target.op in (GE, GT):
        return (v - f) / v * HUNDRED if v > 0 and f < v else (ZERO if v > 0 else None)
    if target.op in (LE, LT):
        return (f - v) / v * HUNDRED if v > 0 and f > v else (ZERO if v > 0 else None)
    if target.op == EQ:
        return abs(f - v) / abs(v) * HUNDRED if v else None
    if target.op == RANGE and target.value_hi is not None:
        lo, hi = v, target.value_hi
        if f < lo:
            return (lo - f) / lo * HUNDRED if lo > 0 else None
        if f > hi:
            return (f - hi) / hi * HUNDRED if hi > 0 else None
        return ZERO
    return None


def _pct(value: Decimal) -> str:
    return plain(round(value, 2))


def triggers(row: ProjectMonitor, first: date, settings: dict) -> list[Trigger]:
    """What in a project's first-round row calls for the second round (empty: nothing)."""
    found = []
    if settings.get("zero_execution", True) and row.budget > 0 and row.spent <= 0:
        found.append(Trigger("", None, ZERO_EXECUTION.format(first=f"{first:%Y-%m-%d}", budget=f"{row.budget:,.2f}")))
    limit = Decimal(str(settings["deviation"]))
    for ind in row.indicators:
        off = deviation(ind)
        if off is not None and off > limit:
            found.append(Trigger(ind.name, off, DEVIATES.format(
                indicator=ind.name, forecast=ind.forecast_text, target=ind.target, deviation=_pct(off),
                limit=_pct(limit))))
    return found


def second_round(rows: list[ProjectMonitor], first: date, monitoring: dict) -> list[SecondRoundNeed]:
    """The projects of a first-round table (as of `first`) that need 二次监控, in the table's order.
    `monitoring` is the rule set's `[monitoring]`."""
    settings = settings_of(monitoring)
    needs = []
    for row in rows:
        found = triggers(row, first, settings)
        if found:
            needs.append(SecondRoundNeed(row.key, row.code, row.name, found))
    return needs


def marks(rows: list[ProjectMonitor], when: date, monitoring: dict) -> dict[str, list[str]]:
    """Why each project of a table as of `when` needs the second round, by its key (the CLI's column, the
    exported tables' 预警 cell); none at or after the latest second date, when no second round is left."""
    if when >= latest(when.year, monitoring):
        return {}
    return {n.key: [t.text for t in n.triggers] for n in second_round(rows, when, monitoring)}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def latest(year: int, monitoring: dict) -> date:
    month, day = (int(x) for x in settings_of(monitoring)["latest"].split("-"))
    return date(year, month, day)


def second_dates(year: int, monitoring: dict) -> list[date]:
    """The month-ends a second round may be set at: after the first cut-off, by `latest`."""
    first, last = default_as_of(year, monitoring), latest(year, monitoring)
    return [d for d in (_month_end(year, m) for m in range(1, 13)) if first < d <= last]


def check_second_date(when: date, year: int, monitoring: dict) -> None:
    """Refuse a second date that is not a month-end after the first cut-off and by `latest`."""
    first, last = default_as_of(year, monitoring), latest(year, monitoring)
    if when != _month_end(when.year, when.month):
        message = e.SECOND_DATE_MONTH_END.format(date=f"{when:%Y-%m-%d}",
                                                 example=f"{_month_end(when.year, when.month):%Y-%m-%d}")
        raise EvaluationError("second_date", message, fields={"second_as_of": message})
    if not first < when <= last:
        message = e.SECOND_DATE_RANGE.format(date=f"{when:%Y-%m-%d}", first=f"{first:%Y-%m-%d}",
                                             latest=f"{last:%Y-%m-%d}")
        raise EvaluationError("second_date", message, fields={"second_as_of": message})
