"""Monitoring and self-evaluation of a stored plan, computed by the evaluation package."""

from __future__ import annotations

from datetime import date

from ...evaluation.monitoring import monitor_document
from ...evaluation.quantities import Quantity, bad_actual, computed, parse_actual
from ...evaluation.records import COMPUTED, ActualRecord, EvaluationError, Provenance, SpendingRecord
from ...evaluation.scoring import score_document
from ...rulesets import load
from ..goals.convert import plan_document
from ..goals.models import Plan
from ..relief.selectors import computed_actuals
from .models import IndicatorValue, ProjectRemark
from .models import SpendingRecord as SpendingRow


def _quantity(text: str, value, unit: str, level: str = "") -> Quantity | None:
    """The typed quantity stored beside the text a person typed (parsed when it was saved).
    A row written without it (by an older version, or restored from an older backup) has
    only its text, which is read as it always was; ValueError when it is no value."""
    if level:
        return Quantity(None, "", level, text)
    if value is not None:
        return Quantity(value, unit, None, text)
    return parse_actual(text.strip()) if text.strip() else None


def actual_record(v: IndicatorValue) -> ActualRecord:
    """A stored value as the evaluation package's record: its number and unit, no text to parse.
    Raises the error scoring gives when an older row's text is no value."""
    try:
        actual = _quantity(v.actual, v.value, v.unit, v.level)
    except ValueError:
        raise bad_actual(v.indicator.name, v.actual) from None
    try:
        forecast = _quantity(v.forecast, v.forecast_value, v.forecast_unit)
    except ValueError:
        forecast = None
    return ActualRecord(v.indicator.project.code, v.indicator.name, actual, v.share, v.reason, v.measure,
                        forecast if forecast is None or forecast.level is None else None,
                        source=Provenance(v.source, file=v.source_file))


def records(plan: Plan) -> tuple[list[SpendingRecord], list[ActualRecord]]:
    """The plan's spending and actuals as the evaluation package's records (three queries)."""
    spending = [SpendingRecord(code, day, amount, note) for code, day, amount, note in
                SpendingRow.objects.filter(project__plan=plan).values_list("project__code", "date", "amount", "note")]
    actuals, unreadable = [], {}
    for v in IndicatorValue.objects.filter(indicator__project__plan=plan).select_related("indicator__project"):
        try:
            actuals.append(actual_record(v))
        except EvaluationError as exc:  # an older row's text that is no value: an error unless computed
            unreadable[(v.indicator.project.code, v.indicator.name)] = exc
            actuals.append(ActualRecord(v.indicator.project.code, v.indicator.name, None, v.share, v.reason,
                                        v.measure))
    actuals += [ActualRecord(r.project.code, "", None, None, r.reason, r.measure)
                for r in ProjectRemark.objects.filter(project__plan=plan).select_related("project")]
    actuals = with_computed(plan, actuals)
    kept = {(a.project, a.indicator): a for a in actuals}
    for key, exc in unreadable.items():
        if kept[key].source.kind != COMPUTED:
            raise exc
    return spending, actuals


def with_computed(plan: Plan, actuals: list[ActualRecord]) -> list[ActualRecord]:
    """A bound indicator's actual comes from the records, not from what was typed: its
    number and unit as the metric gives them, with the metric and records as provenance;
    the unit's explanation (reason, measure) is kept."""
    computed_values = computed_actuals(plan)
    if not computed_values:
        return actuals
    typed = {(a.project, a.indicator): a for a in actuals}
    for key, (metric, value) in computed_values.items():
        old = typed.get(key)
        quantity = None if value.value is None else computed(value.value, value.unit)
        typed[key] = ActualRecord(key[0], key[1], quantity, None, old.reason if old else "",
                                  old.measure if old else "", None, "",
                                  Provenance(COMPUTED, metric=metric, records=value.records))
    return list(typed.values())


def monitoring(plan: Plan, as_of: date | None, document=None):
    if as_of is not None and abs(as_of.year - plan.year) > 50:  # the calendar's ends break the date arithmetic
        raise EvaluationError("as_of", f"监控截止日期{as_of.isoformat()}应在{plan.year - 50}年至{plan.year + 50}年之间")
    spending, actuals = records(plan)
    return monitor_document(document or plan_document(plan), spending, actuals, as_of, load())


def scores(plan: Plan):
    spending, actuals = records(plan)
    return score_document(plan_document(plan), spending, actuals, load())


def published_scores(plan: Plan):
    """Self-evaluation results for the public page, when the year's values are in."""
    if not IndicatorValue.objects.filter(indicator__project__plan=plan).exists():
        return None
    try:
        return scores(plan)
    except EvaluationError:
        return None
