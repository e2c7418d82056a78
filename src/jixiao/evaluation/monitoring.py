"""绩效运行监控 (双监控, RULES.md §3): money spent against the spending plan and the
time gone, and each indicator's progress and forecast, as of a date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..core.document import GoalDocument, Indicator, Project, project_key
from ..core.formulas import execution_rate
from ..core.money import FACTORS
from ..core.numerals import plain
from ..core.spending_plan import time_rate
from ..core.targets import EQ, GE, GT, LE, LT, QUALITATIVE, RANGE
from ..rulesets import RuleSet
from .quantities import in_unit
from .records import COMPUTED, ActualRecord, Provenance, SpendingRecord, match, spent

GREEN, YELLOW, RED = "green", "yellow", "red"
BLUE = "blue"  # an indicator forecast far beyond its target: the target possibly set too low
GAP, ABSOLUTE = "gap", "absolute"  # how a project's money is coloured: against the plan, or by the rate alone
TO_DATE, PRO_RATA = "to_date", "pro_rata"  # an indicator's progress: to date, or its year's forecast
OVERSPENT, IMPLAUSIBLE = "超支", "数据有误"  # a project's money problems: above its budget, beyond belief
CERTAIN, POSSIBLE, IMPOSSIBLE = "确定能", "有可能", "完全不可能"
TIER_LIKELIHOOD = {"达成": CERTAIN, "部分达成": POSSIBLE, "未达成": IMPOSSIBLE}
REASON_KINDS = ("经费", "制度", "人员", "硬件")  # the four tick boxes of 偏差原因分析: …保障
ZERO, HUNDRED = Decimal(0), Decimal(100)
# Units that add up over the year, so that the value to date can be projected linearly;
# not when the name says the value is per head or a standard (每人补助标准, 人均成本).
CUMULATIVE = set(FACTORS) | {"人", "人次", "户", "名", "个", "件", "次", "场", "期", "家", "所", "份", "项"}
PER_UNIT_WORDS = ("每", "均", "标准", "单价")


@dataclass
class IndicatorMonitor:
    name: str
    target: str
    actual: str
    progress: Decimal | None  # % of the target reached to date
    forecast: Decimal | None  # the value expected for the year, in the target's unit (`forecast_unit`)
    likelihood: str | None  # judged from the forecast
    reason_required: bool = False
    reason_missing: bool = False
    reason: str = ""  # 偏差原因分析
    measure: str = ""  # 纠偏措施
    level1: str = ""
    level2: str = ""
    source: Provenance | None = None  # how the actual was obtained; None when there is none
    state: str = ""  # pro_rata: BLUE (forecast ≥ blue_ratio × target), GREEN, YELLOW (off by more than the reminder)
    reminder: bool = False  # pro_rata: the forecast deviates from the target by more than `deviation_reminder` %
    forecast_unit: str = ""  # the target's unit, in which the forecast is
    forecast_rule: str = ""  # how the forecast was made (FORECAST_RULES, or a metric's own rule)
    reason_lacks: tuple[str, ...] = ()  # what a complete explanation still needs (REASON_PARTS)

    @property
    def forecast_text(self) -> str:
        """The forecast as a table writes it, with its unit: 394人, 2次, 95.28%."""
        return "" if self.forecast is None else f"{plain(round(self.forecast, 2))}{self.forecast_unit}"


# How a forecast was made, as the pages say it (a computed actual's metric says its own rule).
GIVEN, PLANNED, LINEAR, STAYS = "单位填报的全年预计", "按业务计划推算", "按序时进度线性推算", "按截至目前的值（比率、人均数不外推）"
KIND_PART, MEASURE_PART = "原因类别（经费、制度、人员或硬件保障）", "纠偏措施"


@dataclass
class ProjectMonitor:
    code: str
    name: str
    budget: Decimal
    spent: Decimal
    execution_rate: Decimal
    planned_rate: Decimal
    time_rate: Decimal
    gap: Decimal
    colour: str
    reason_required: bool = False
    reason_missing: bool = False
    reason: str = ""
    measure: str = ""
    indicators: list[IndicatorMonitor] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # 超支 or 数据有误: never green

    @property
    def key(self) -> str:
        """What names the project in the records and on the pages: its code, or its name where it has none."""
        return self.code or self.name


def default_as_of(year: int, settings: dict) -> date:
    month, day = (int(x) for x in settings["as_of"].split("-"))
    return date(year, month, day)


def colour(gap: Decimal, settings: dict, rate: Decimal | None = None) -> str:
    """By the gap to the plan ("gap"), or by the execution rate alone ("absolute").

    >>> colour(Decimal(-15), {"colours": "gap", "green_gap": -10, "yellow_gap": -20})
    'yellow'
    >>> absolute = {"colours": "absolute", "absolute_red_below": 60, "absolute_green_from": 80}
    >>> [colour(Decimal(0), absolute, Decimal(r)) for r in ("59.99", "60", "79.99", "80")]
    ['red', 'yellow', 'yellow', 'green']
    """
    if settings.get("colours", GAP) == ABSOLUTE:
        assert rate is not None
        return (RED if rate < settings["absolute_red_below"] else
                GREEN if rate >= settings["absolute_green_from"] else YELLOW)
    return GREEN if gap >= settings["green_gap"] else YELLOW if gap >= settings["yellow_gap"] else RED


def money_problems(spent_: Decimal, budget: Decimal, settings: dict) -> list[str]:
    """超支 when more was spent than the budget; 数据有误 when beyond belief (execution above the
    rule set's `implausible_execution`, or money spent on a project with no budget).

    >>> rules = {"implausible_execution": 150}
    >>> money_problems(Decimal("240000"), Decimal("200000"), rules)
    ['超支']
    >>> money_problems(Decimal("1097000"), Decimal("200000"), rules)
    ['数据有误']
    >>> money_problems(Decimal("200000"), Decimal("200000"), rules)
    []
    """
    if spent_ <= budget:
        return []
    if budget <= 0 or execution_rate(spent_, budget) > Decimal(str(settings["implausible_execution"])):
        return [IMPLAUSIBLE]
    return [OVERSPENT]


def monitor_project(project: Project, spending: list[SpendingRecord], actuals: dict, as_of: date,
                    settings: dict) -> ProjectMonitor:
    key = project_key(project)
    money = spent(spending, key, as_of)
    total = project.budget.total
    execution = execution_rate(money, total)
    planned = project.spending_plan.planned_rate(as_of)
    gap = execution - planned
    problems = money_problems(money, total, settings)
    row = ProjectMonitor(project.code, project.name, total, money, execution, planned, time_rate(as_of), gap,
                         RED if problems else colour(gap, settings, execution), problems=problems)
    remark = actuals.get((key, ""))
    if remark:
        row.reason, row.measure = remark.reason, remark.measure
    row.reason_required = row.colour != GREEN
    row.reason_missing = row.reason_required and not explained(remark)
    fraction = row.time_rate / HUNDRED
    for ind in project.indicators:
        row.indicators.append(monitor_indicator(ind, actuals.get((key, ind.name)), fraction, settings))
    return row


def monitor_indicator(ind: Indicator, record: ActualRecord | None, fraction: Decimal,
                      settings: dict) -> IndicatorMonitor:
    row = IndicatorMonitor(ind.name, ind.target.raw, record.text if record else "", None, None, None,
                           level1=ind.level1, level2=ind.level2)
    if record is not None:
        row.reason, row.measure = record.reason, record.measure
    if record is not None and record.actual is not None:
        quantity = record.actual
        row.source = record.source
        if ind.target.op == QUALITATIVE or quantity.level:
            # A level gives its likelihood; a number against a qualitative target gives none.
            row.likelihood = TIER_LIKELIHOOD.get(quantity.level) if quantity.level else None
        else:
            actual = in_unit(quantity, ind.target.unit, ind.name, record.where)
            forecast, row.forecast_rule = _forecast(ind, actual, record, fraction)
            row.forecast, row.forecast_unit = forecast, ind.target.unit
            row.likelihood = _likelihood(ind, forecast, Decimal(str(settings["likely_ratio"])))
            if settings["indicator_progress"] == PRO_RATA:
                row.progress = _progress(ind, forecast)
                row.state, row.reminder = _state(ind, forecast, settings)
            else:
                row.progress = _progress(ind, actual)
    row.reason_required = row.likelihood in (POSSIBLE, IMPOSSIBLE) or row.reminder or row.state == BLUE
    row.reason_missing = row.reason_required and not explained(record)
    row.reason_lacks = reason_lacks(record) if row.reason_required else ()
    return row


def explained(record: ActualRecord | None) -> bool:
    """A 偏差原因 naming its kind (经费, 制度, 人员 or 硬件 保障) and a 纠偏措施."""
    return not reason_lacks(record)


def reason_lacks(record: ActualRecord | None) -> tuple[str, ...]:
    """What a complete explanation still needs: its kind named in the reason, and a measure.

    >>> reason_lacks(ActualRecord("p", "i", reason="人员保障：入户核查未完", measure="增派人员"))
    ()
    >>> reason_lacks(ActualRecord("p", "i", reason="入户核查未完"))
    ('原因类别（经费、制度、人员或硬件保障）', '纠偏措施')
    """
    reason, measure = (record.reason, record.measure) if record else ("", "")
    return tuple(part for part, ok in ((KIND_PART, any(kind in reason for kind in REASON_KINDS)),
                                       (MEASURE_PART, bool(measure.strip()))) if not ok)


def _forecast(ind: Indicator, actual: Decimal, record: ActualRecord, fraction: Decimal) -> tuple[Decimal, str]:
    """The year-end value and how it was made: the forecast given with the actual (the unit's own,
    or what a computed actual's metric expects from what is planned); else linear for amounts that
    add up over the year (people, times, money); a rate or an amount per head stays where it is."""
    if record.forecast is not None and record.forecast.value is not None:
        rule = PLANNED if record.source.kind == COMPUTED else GIVEN
        return in_unit(record.forecast, ind.target.unit, ind.name, record.where), rule
    adds_up = ind.target.unit in CUMULATIVE and not any(w in ind.name for w in PER_UNIT_WORDS)
    if adds_up and ind.target.op != RANGE and fraction > 0 and record.source.kind != COMPUTED:
        return actual / fraction, LINEAR
    return actual, STAYS


def _progress(ind: Indicator, actual: Decimal) -> Decimal | None:
    v = ind.target.value
    if v is None:  # a qualitative target: no number to measure progress against
        return None
    if ind.target.op in (LE, LT):
        return HUNDRED if actual <= v else v / actual * HUNDRED
    return actual / v * HUNDRED if v else None  # a range: against its lower end


def _state(ind: Indicator, forecast: Decimal, settings: dict) -> tuple[str, bool]:
    """Pro rata: BLUE when a ≥ or > target is beaten by `blue_ratio` (target possibly too low); else a
    reminder (YELLOW) when the forecast falls short of the target (passes a ceiling, misses an = value,
    leaves a range) by more than `deviation_reminder` % of it; else GREEN. A target without a number,
    or of 0, has none.

    >>> from jixiao.core.targets import parse_target
    >>> ind = lambda target: Indicator("产出指标", "", "指标", "", parse_target(target), "", None)
    >>> rules = {"blue_ratio": 1.2, "deviation_reminder": 15}
    >>> [_state(ind("≥400人"), Decimal(f), rules) for f in (480, 479, 340, 339)]
    [('blue', False), ('green', False), ('green', False), ('yellow', True)]
    >>> [_state(ind("≤500元"), Decimal(f), rules) for f in (575, 576)]  # (576 − 500) ÷ 500 = 15.2 %
    [('green', False), ('yellow', True)]
    """
    t = ind.target
    v, op = t.value, t.op
    if v is None or v == 0:
        return "", False
    if op in (GE, GT):
        if v > 0 and forecast / v >= Decimal(str(settings["blue_ratio"])):
            return BLUE, False
        short, of = max(v - forecast, ZERO), v
    elif op in (LE, LT):
        short, of = max(forecast - v, ZERO), v
    elif op == EQ:
        short, of = abs(forecast - v), abs(v)
    else:  # a range: off its nearer end
        hi = t.value_hi if t.value_hi is not None else v
        short, of = ((v - forecast, v) if forecast < v else (forecast - hi, hi) if forecast > hi and hi else (ZERO, v))
    reminder = short * HUNDRED > Decimal(str(settings["deviation_reminder"])) * of
    return (YELLOW if reminder else GREEN), reminder


def _likelihood(ind: Indicator, forecast: Decimal, likely: Decimal) -> str | None:
    """None when the target has no number to compare with (a qualitative one)."""
    t = ind.target
    v, hi = t.value, t.value_hi
    if v is None:
        return None
    if t.op in (GE, GT):
        met, near = forecast >= v, forecast >= v * likely
    elif t.op in (LE, LT):
        met, near = forecast <= v, forecast * likely <= v
    elif t.op == EQ:
        met = forecast == v
        near = abs(forecast - v) <= abs(v) * (1 - likely)
    elif hi is not None:  # a range
        met = v <= forecast <= hi
        near = v * likely <= forecast <= hi / likely
    else:
        return None
    return CERTAIN if met else POSSIBLE if near else IMPOSSIBLE


def monitor_document(doc: GoalDocument, spending: list[SpendingRecord], actuals: list[ActualRecord],
                     as_of: date | None, ruleset: RuleSet) -> tuple[date, list[ProjectMonitor]]:
    settings = ruleset["monitoring"]
    as_of = as_of or default_as_of(doc.year, settings)
    found = match(doc, spending, actuals)
    return as_of, [monitor_project(p, spending, found, as_of, settings) for p in doc.projects]
