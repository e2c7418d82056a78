"""单位自评 scoring, per 财预〔2020〕10号 (RULES.md §4): weights, each indicator's
score by its target's kind, budget execution, total, grade and the flags that
ask for a 偏差原因. Every number comes from the rule set."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.document import GoalDocument, Indicator, Project, project_key
from ..core.formulas import execution_rate, execution_score
from ..core.targets import EQ, GE, GT, LE, LT, QUALITATIVE, RANGE
from ..rulesets import RuleSet
from . import errors as e
from .errors import EvaluationError
from .quantities import in_unit
from .records import ActualRecord, Provenance, SpendingRecord, match, spent

ZERO, HUNDRED = Decimal(0), Decimal(100)
EXCEEDED, NO_ACTUAL = "目标可能偏低", "无完成值"
NEGATIVE = "完成值为负数，按0计"
OVER_BUDGET = "超支：执行率超过100%，需说明偏差原因"
CAPPED = "执行率{rate:.2f}%低于{below}%，总分以{cap}分为限，扣减{deducted:.2f}分"
RATIO, LINEAR_TO_DOUBLE = "ratio", "linear_to_double"  # how a ≤ target (or a range's upper end) scores an actual above it


@dataclass
class IndicatorScore:
    name: str
    level1: str
    weight: Decimal
    target: str
    actual: str
    score: Decimal
    flags: list[str] = field(default_factory=list)
    reason_required: bool = False
    reason: str = ""
    source: Provenance | None = None  # how the actual was obtained; None when there is none


@dataclass
class ExecutionScore:
    budget: Decimal
    spent: Decimal
    rate: Decimal  # %
    weight: Decimal
    score: Decimal
    reason_required: bool = False
    flags: list[str] = field(default_factory=list)  # OVER_BUDGET when more was spent than the budget


@dataclass
class ProjectScore:
    code: str
    name: str
    execution: ExecutionScore
    indicators: list[IndicatorScore]
    total: Decimal
    grade: str
    ruleset: str  # the code of the rule set that made this score
    cap: Decimal | None = None  # the total's upper limit the execution rate set (execution_caps), when one applied
    flags: list[str] = field(default_factory=list)  # CAPPED when the total was cut to the cap

    @property
    def key(self) -> str:
        """What names the project in the records and on the pages: its code, or its name where it has none."""
        return self.code or self.name


def grade(total: Decimal, bands: dict) -> str:
    """Half-open bands on the unrounded total: [90,100] 优, [80,90) 良, [60,80) 中, else 差."""
    return next((g for g, floor in bands.items() if total >= floor), "差")


def indicator_weights(project: Project, weights: dict) -> list[Decimal]:
    """The document's own weights when every indicator has one; otherwise each 一级's
    weight split equally among its indicators, a missing 一级's weight passed to the
    others in proportion."""
    for ind in project.indicators:
        if ind.weight is not None and ind.weight <= 0:  # a scored indicator carries points
            raise EvaluationError("zero_weight", e.ZERO_WEIGHT.format(indicator=ind.name, weight=ind.weight))
    own = [i.weight for i in project.indicators if i.weight is not None]
    if project.indicators and len(own) == len(project.indicators):
        return own
    group = {l1: (w if isinstance(w, str) else l1) for l1, w in weights.items()}
    base = {l1: Decimal(w) for l1, w in weights.items() if not isinstance(w, str)}
    for ind in project.indicators:
        if ind.level1 not in group:
            raise EvaluationError("no_weight", e.NO_WEIGHT.format(indicator=ind.name, level1=ind.level1))
    counts = Counter(group[i.level1] for i in project.indicators)
    present = sum(w for g, w in base.items() if counts[g])
    if not present:
        return []
    scale = sum(base.values()) / present
    return [base[group[i.level1]] * scale / counts[group[i.level1]] for i in project.indicators]


def score_indicator(ind: Indicator, record: ActualRecord | None, weight: Decimal, settings: dict) -> IndicatorScore:
    result = IndicatorScore(ind.name, ind.level1, weight, ind.target.raw, record.text if record else "", ZERO)
    if record is None or record.actual is None:
        result.flags.append(NO_ACTUAL)
    else:
        quantity = record.actual
        result.reason, result.source = record.reason, record.source
        if ind.target.op == QUALITATIVE:
            result.score = _qualitative(ind, quantity.level, record, weight, settings)
        else:
            if quantity.level:
                raise EvaluationError("bad_actual", e.NOT_A_NUMBER.format(indicator=ind.name, example=ind.target.raw),
                                      record.where)
            actual = in_unit(quantity, ind.target.unit, ind.name, record.where)
            result.score = _quantitative(ind, actual, weight, settings, result.flags)
    result.score = min(max(result.score, ZERO), weight)
    result.reason_required = result.score < weight or bool(result.flags)
    return result


def _qualitative(ind, tier, record, weight, settings) -> Decimal:
    if tier is None:
        raise EvaluationError("bad_actual", e.NOT_A_LEVEL.format(indicator=ind.name), record.where)
    share = record.share if record.share is not None else Decimal(settings["qualitative"][tier])
    lo, hi = settings["qualitative_bands"][tier]
    inside = lo <= share <= hi if tier == "达成" else lo <= share < hi
    if not inside:
        raise EvaluationError("bad_share", e.BAD_SHARE.format(indicator=ind.name, tier=tier, lo=lo, hi=hi, share=share),
                              record.where)
    return weight * share / HUNDRED


def _quantitative(ind, actual: Decimal, weight, settings, flags) -> Decimal:
    """One number against its target. A ≤ target (and a range's upper end) scores an actual above it
    as `lower_is_better` says; a target beaten by `exceed_ratio` is flagged (目标可能偏低) and, with
    `exceed_deducts`, a ≥ or > one loses `exceed_points`. A negative actual counts as 0."""
    t = ind.target
    v, op = t.value, t.op
    if actual < 0:
        flags.append(NEGATIVE)
        actual = ZERO
    ratio = Decimal(str(settings["exceed_ratio"]))
    linear = settings["lower_is_better"] == LINEAR_TO_DOUBLE
    exceeded = False
    deducts = settings["exceed_deducts"]
    if op in (GE, GT):
        score = weight if v <= 0 else min(actual / v, Decimal(1)) * weight
        # far above: beyond ratio × target; a deduction counts the boundary too ("30 % or more")
        exceeded = v > 0 and (actual > ratio * v or (deducts and actual == ratio * v))
    elif op in (LE, LT):
        score = lower_is_better(actual, v, weight, linear)
        exceeded = actual < v / ratio
    elif op == EQ:
        off = abs(actual - v)
        tolerance = Decimal(str(settings["eq_tolerance"]))
        score = weight if off <= tolerance else (weight * max(ZERO, 1 - off / abs(v)) if v else ZERO)
    elif op == RANGE:
        lo, hi = v, t.value_hi
        if actual < lo:
            score = actual / lo * weight
        else:  # within, or above the upper end: scored as ≤ the upper end
            score = lower_is_better(actual, hi, weight, linear)
    else:  # pragma: no cover - every op is handled above
        raise AssertionError(op)
    if exceeded:
        flags.append(EXCEEDED)
        if deducts and op in (GE, GT):
            score -= Decimal(str(settings["exceed_points"]))
    return score


def lower_is_better(actual: Decimal, v: Decimal, weight: Decimal, linear: bool) -> Decimal:
    """The score of an actual against a ceiling `v`: full up to it; above it `v ÷ actual × weight`
    ("ratio"), or linear down to 0 at twice `v` ("linear_to_double"); a ceiling of 0 passed scores 0.

    >>> W = Decimal(10)
    >>> lower_is_better(Decimal(625), Decimal(500), W, linear=False)  # 500 ÷ 625 × 10
    Decimal('8.0')
    >>> lower_is_better(Decimal(625), Decimal(500), W, linear=True)   # (1 − 125 ÷ 500) × 10
    Decimal('7.50')
    >>> lower_is_better(Decimal(1000), Decimal(500), W, linear=True)  # twice the ceiling
    Decimal('0')
    """
    if actual <= v or (actual == 0 and not linear):
        return weight
    if v <= 0:
        return ZERO
    if linear:
        return max(ZERO, 1 - (actual - v) / v) * weight
    return v / actual * weight


def execution_cap(rate: Decimal, caps: list) -> tuple[Decimal, Decimal] | None:
    """(below, cap) of the lowest cap the execution rate brings into force, or None.

    >>> caps = [[80, 89], [70, 79], [60, 69], [50, 59]]
    >>> execution_cap(Decimal("75"), caps), execution_cap(Decimal("49.9"), caps), execution_cap(Decimal(80), caps)
    ((Decimal('80'), Decimal('89')), (Decimal('50'), Decimal('59')), None)
    """
    applying = [(Decimal(str(below)), Decimal(str(cap))) for below, cap in caps if rate < Decimal(str(below))]
    return min(applying, key=lambda pair: pair[1]) if applying else None


def score_execution(project: Project, records: list[SpendingRecord], settings: dict) -> ExecutionScore:
    money = spent(records, project_key(project))
    total = project.budget.total
    rate = execution_rate(money, total)
    weight = Decimal(settings["execution_weight"])
    result = ExecutionScore(total, money, rate, weight,
                            execution_score(rate, weight, over_budget_deducts=not settings["execution_cap_100"]),
                            rate < settings["explain_execution_below"])
    if money > total:  # never full points silently: flagged, explained, and by default the excess deducted
        result.flags.append(OVER_BUDGET)
        result.reason_required = True
    return result


def score_project(project: Project, spending: list[SpendingRecord], actuals: dict, ruleset: RuleSet) -> ProjectScore:
    settings = ruleset["self_evaluation"]
    execution = score_execution(project, spending, settings)
    weights = indicator_weights(project, settings["weights"])
    scores = [score_indicator(ind, actuals.get((project_key(project), ind.name)), w, settings)
              for ind, w in zip(project.indicators, weights)]
    total = execution.score + sum((s.score for s in scores), ZERO)
    result = ProjectScore(project.code, project.name, execution, scores, total, "", ruleset.code)
    limit = execution_cap(execution.rate, settings["execution_caps"])
    if limit is not None:
        below, result.cap = limit
        if total > result.cap:  # anything above the cap deducted
            result.flags.append(CAPPED.format(rate=execution.rate, below=below, cap=result.cap,
                                              deducted=total - result.cap))
            result.total = result.cap
    result.grade = grade(result.total, ruleset["grades"])
    return result


def score_document(doc: GoalDocument, spending: list[SpendingRecord], actuals: list[ActualRecord],
                   ruleset: RuleSet) -> list[ProjectScore]:
    found = match(doc, spending, actuals)
    return [score_project(p, spending, found, ruleset) for p in doc.projects]
