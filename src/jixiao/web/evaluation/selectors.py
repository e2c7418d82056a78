"""Monitoring and self-evaluation of a stored plan, computed by the evaluation package."""

from __future__ import annotations

from datetime import date

from ...evaluation.monitoring import monitor_document
from ...evaluation.records import ActualRecord, EvaluationError, SpendingRecord
from ...evaluation.scoring import score_document
from ...rulesets import load
from ..goals.convert import plan_document
from ..goals.models import Plan
from .models import IndicatorValue, ProjectRemark
from .models import SpendingRecord as SpendingRow


def records(plan: Plan) -> tuple[list[SpendingRecord], list[ActualRecord]]:
    """The plan's spending and actuals as the evaluation package's records (three queries)."""
    spending = [SpendingRecord(code, day, amount, note) for code, day, amount, note in
                SpendingRow.objects.filter(project__plan=plan).values_list("project__code", "date", "amount", "note")]
    actuals = [ActualRecord(v.indicator.project.code, v.indicator.name, v.actual, v.share, v.reason, v.measure,
                            v.forecast)
               for v in IndicatorValue.objects.filter(indicator__project__plan=plan).select_related(
                   "indicator__project")]
    actuals += [ActualRecord(r.project.code, "", "", None, r.reason, r.measure)
                for r in ProjectRemark.objects.filter(project__plan=plan).select_related("project")]
    return spending, with_computed(plan, actuals)


def with_computed(plan: Plan, actuals: list[ActualRecord]) -> list[ActualRecord]:
    """A bound indicator's actual comes from the records, not from what was typed;
    the unit's explanation (reason, measure) is kept."""
    from ..relief.selectors import computed_actuals

    computed = computed_actuals(plan)
    if not computed:
        return actuals
    typed = {(a.project, a.indicator): a for a in actuals}
    for key, (_, value) in computed.items():
        old = typed.get(key)
        typed[key] = ActualRecord(key[0], key[1], value.text, None, old.reason if old else "",
                                  old.measure if old else "", "", "由业务记录计算")
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
