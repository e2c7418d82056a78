"""Monitoring and self-evaluation of a stored plan, computed by the evaluation package."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Sum

from ...core.document import project_key
from ...evaluation import errors as e
from ...evaluation.errors import EvaluationError
from ...evaluation.monitoring import default_as_of, monitor_document
from ...evaluation.quantities import Quantity, bad_actual, computed, parse_actual
from ...evaluation.records import COMPUTED, SOURCE_LABELS, ActualRecord, Provenance, SpendingRecord
from ...evaluation.scoring import score_document
from ...relief.metrics import CATALOGUE
from ..fingerprints import fingerprint
from ..goals import selectors as goal_selectors
from ..goals.convert import plan_document
from ..goals.errors import NotFound
from ..goals.models import Indicator, Plan, Project
from ..relief.selectors import computed_actuals
from .models import IndicatorValue, MonitoringReport, ProjectRemark
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
    return ActualRecord(project_key(v.indicator.project), v.indicator.name, actual, v.share, v.reason, v.measure,
                        forecast if forecast is None or forecast.level is None else None,
                        source=Provenance(v.source, file=v.source_file))


def spending_records(plan: Plan) -> list[SpendingRecord]:
    """The plan's spending as the evaluation package's records, by project key (code, or name without one)."""
    return [SpendingRecord(code or name, day, amount, note) for code, name, day, amount, note in
            SpendingRow.objects.filter(project__plan=plan).values_list("project__code", "project__name", "date",
                                                                       "amount", "note")]


def records(plan: Plan, as_of: date | None = None) -> tuple[list[SpendingRecord], list[ActualRecord]]:
    """The plan's spending and actuals as the evaluation package's records (three queries); the
    actuals computed from records count only those dated on or before `as_of` (None: the whole year)."""
    return spending_records(plan), actual_records(plan, as_of)


def actual_records(plan: Plan, as_of: date | None = None) -> list[ActualRecord]:
    """The plan's actuals as `records` gives them (typed, or computed from the records dated by `as_of`),
    without its spending (`jixiao province export` streams that)."""
    actuals, unreadable = [], {}
    for v in IndicatorValue.objects.filter(indicator__project__plan=plan).select_related("indicator__project"):
        try:
            actuals.append(actual_record(v))
        except EvaluationError as exc:  # an older row's text that is no value: an error unless computed
            unreadable[(project_key(v.indicator.project), v.indicator.name)] = exc
            actuals.append(ActualRecord(project_key(v.indicator.project), v.indicator.name, None, v.share, v.reason,
                                        v.measure))
    actuals += [ActualRecord(project_key(r.project), "", None, None, r.reason, r.measure)
                for r in ProjectRemark.objects.filter(project__plan=plan).select_related("project")]
    actuals = with_computed(plan, actuals, as_of)
    kept = {(a.project, a.indicator): a for a in actuals}
    for key, error in unreadable.items():
        if kept[key].source.kind != COMPUTED:
            raise error
    return actuals


def with_computed(plan: Plan, actuals: list[ActualRecord], as_of: date | None = None) -> list[ActualRecord]:
    """A bound indicator's actual comes from the records (dated on or before `as_of`), not from
    what was typed: its number and unit as the metric gives them, with the metric and records as
    provenance, and the year-end value its metric forecasts; the unit's explanation (reason,
    measure) is kept."""
    computed_values = computed_actuals(plan, as_of)
    if not computed_values:
        return actuals
    typed = {(a.project, a.indicator): a for a in actuals}
    for key, found in computed_values.items():
        old, value, expected = typed.get(key), found.value, found.forecast
        quantity = None if value.value is None else computed(value.value, value.unit)
        forecast = None if expected.value is None or as_of is None else computed(expected.value, expected.unit)
        typed[key] = ActualRecord(key[0], key[1], quantity, None, old.reason if old else "",
                                  old.measure if old else "", forecast, "",
                                  Provenance(COMPUTED, metric=found.metric, records=value.records))
    return list(typed.values())


def monitoring(plan: Plan, as_of: date | None, document=None, spending: list[SpendingRecord] | None = None):
    """The monitoring table at `as_of` (default: the rule set's date in the plan's year): every
    actual computed from records counts only those dated by then; a computed indicator's forecast
    follows its metric's rule (`forecast_rule`). `spending`: the plan's, when the caller has read it."""
    if as_of is not None and abs(as_of.year - plan.year) > 50:  # the calendar's ends break the date arithmetic
        raise EvaluationError("as_of", e.AS_OF_RANGE.format(as_of=as_of.isoformat(), first=plan.year - 50, last=plan.year + 50))
    if as_of is not None and as_of.year != plan.year:  # like a spending's date: monitoring is of the budget year
        message = e.AS_OF_YEAR.format(as_of=as_of.isoformat(), year=plan.year)
        raise EvaluationError("as_of", message, fields={"as_of": message})
    ruleset = plan.rules
    as_of = as_of or default_as_of(plan.year, ruleset["monitoring"])
    spending, actuals = spending if spending is not None else spending_records(plan), actual_records(plan, as_of)
    when, rows = monitor_document(document or plan_document(plan), spending, actuals, as_of, ruleset)
    for row in rows:
        for i in row.indicators:
            if i.source is not None and i.source.kind == COMPUTED and i.source.metric in CATALOGUE:
                i.forecast_rule = CATALOGUE[i.source.metric].forecast_rule
    return when, rows


def scores(plan: Plan):
    spending, actuals = records(plan)
    return score_document(plan_document(plan), spending, actuals, plan.rules)


def consistency(plan: Plan, results) -> dict:
    """绩效与预算执行一致性 of each scored project, by its key (evaluation/consistency.py), by the plan's rule set."""
    from ...evaluation.consistency import consistency_of

    return consistency_of(results, plan.rules)


def second_round_marks(plan: Plan, when: date, rows) -> dict:
    """二次监控: why each project of a monitoring table as of `when` needs the second round, by its key."""
    from ...evaluation.second_monitoring import marks

    return marks(rows, when, plan.rules["monitoring"])


def project_in(plan: Plan, project_id: int) -> Project:
    project = plan.projects.filter(pk=project_id).first()
    if project is None:
        raise NotFound(e.NO_SUCH_PROJECT.format(id=project_id))
    return project


def indicator_in(*, user, plan_id: int, indicator_id: int) -> Indicator:
    """An indicator of this plan that the user may see."""
    plan = goal_selectors.plan_get(user=user, plan_id=plan_id)
    indicator = goal_selectors.indicator_get(user=user, indicator_id=indicator_id)
    if indicator.project.plan_id != plan.pk:
        raise NotFound(e.INDICATOR_ELSEWHERE)
    return indicator


def spending_page(plan: Plan, page: int, size: int = 500) -> list[SpendingRow]:
    """A page of the plan's spending by date; each record's `posted_by` says which programme record
    posted it (a payment, a health check), or is empty when a person entered it."""
    rows = list(SpendingRow.objects.filter(project__plan=plan).select_related("project")
                .order_by("date", "id")[(page - 1) * size: page * size])
    posted = _posted_by([r.pk for r in rows])
    for r in rows:
        r.posted_by = posted.get(r.pk, "")  # type: ignore[attr-defined]
    return rows


def _posted_by(ids: list[int]) -> dict[int, str]:
    """Which spending records a programme posted by itself, and what posted each."""
    from ..relief.models import HealthCheck, Payment

    posted = {pk: f"发放轮次“{name}”的发放记录" for pk, name in
              Payment.objects.filter(spending_id__in=ids).values_list("spending_id", "entry__round__name")}
    posted |= {pk: f"劳模“{name}”的体检记录" for pk, name in
               HealthCheck.objects.filter(spending_id__in=ids).values_list("spending_id", "worker__name")}
    return posted


def spending_posted_by(record: SpendingRow) -> str:
    """What programme record posted this spending, or empty when a person entered it."""
    return _posted_by([record.pk]).get(record.pk, "")


def spending_in(plan: Plan, spending_id: int) -> SpendingRow:
    """A spending record of this plan; NotFound otherwise."""
    record = SpendingRow.objects.filter(pk=spending_id, project__plan=plan).select_related("project__plan").first()
    if record is None:
        raise NotFound(e.NO_SUCH_SPENDING.format(id=spending_id))
    return record


def spending_total(project: Project, *, excluding: int | None = None) -> Decimal:
    """All the money recorded as spent on the project this year (in 元), but the record `excluding`."""
    rows = SpendingRow.objects.filter(project=project)
    if excluding is not None:
        rows = rows.exclude(pk=excluding)
    return rows.aggregate(s=Sum("amount"))["s"] or Decimal(0)


def yuan(amount: Decimal) -> str:
    """1,097,000.00 — money as the messages write it."""
    return f"{amount:,.2f}"


@dataclass(frozen=True)
class OverBudget:
    """A project whose spending would go above its budget: the message a person must confirm."""

    project: Project
    budget: Decimal
    total: Decimal  # the spending with the new records

    @property
    def message(self) -> str:
        rate = self.total / self.budget * 100 if self.budget > 0 else Decimal(0)
        return e.OVER_BUDGET.format(project=self.project.name, budget=yuan(self.budget), total=yuan(self.total),
                                    rate=f"{rate:.2f}", excess=yuan(self.total - self.budget))


def over_budget(project: Project, total: Decimal) -> OverBudget | None:
    """The project's overspending when its spending would total `total`; None within its budget."""
    return OverBudget(project, project.total, total) if total > project.total else None


def indicators_by_project(plan: Plan) -> dict[str, dict[str, Indicator]]:
    """The plan's indicators with their binding and typed value, in one query, by project key (code, or name
    without one) and indicator name."""
    indicators: dict[str, dict[str, Indicator]] = {}
    for i in Indicator.objects.filter(project__plan=plan).select_related("project", "binding", "actual"):
        indicators.setdefault(project_key(i.project), {})[i.name] = i
    return indicators


def monitoring_report_list(plan: Plan):
    """The plan's saved 监控报告, newest date first, with who saved each."""
    return MonitoringReport.objects.filter(plan=plan).select_related("created_by")


def monitoring_report_in(plan: Plan, report_id: int) -> MonitoringReport:
    """A saved 监控报告 of this plan; NotFound otherwise."""
    report = monitoring_report_list(plan).filter(pk=report_id).first()
    if report is None:
        raise NotFound(e.NO_SUCH_REPORT.format(id=report_id))
    return report


def monitoring_report_rows(report: MonitoringReport):
    """A saved report's date and rows as the official table's writer takes them: as they were saved."""
    from ...formats.evaluation_json import monitor_rows

    return monitor_rows(report.rows)


# ---------------------------------------------------------------- published self-evaluations (issue 11 §3)

def self_evaluation_snapshot(plan: Plan) -> dict:
    """The self-evaluation as it stands now, as the JSON a publication keeps: each project's scores, each
    actual's text, number, unit and provenance (the metric and every record it counted), the rule set's code
    and its scoring rules. Decimals are strings, so that two snapshots compare as they are stored."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from ...formats.evaluation_json import score_json

    ruleset = plan.rules
    spending, actuals = records(plan)
    results = score_document(plan_document(plan), spending, actuals, ruleset)
    data = score_json(results, ruleset.code, sources=True)
    kept = {(a.project, a.indicator): a for a in actuals if a.indicator}
    for project in data["projects"]:
        for row in project["indicators"]:
            record = kept.get((project["code"] or project["name"], row["name"]))
            quantity = record.actual if record is not None else None
            row["value"] = None if quantity is None or quantity.value is None else str(quantity.value)
            row["unit"] = quantity.unit if quantity is not None else ""
            row["level"] = (quantity.level or "") if quantity is not None else ""
            if row["source"] is not None and record is not None:
                row["source"]["refs"] = list(record.source.records)
    data["rules"] = {"self_evaluation": ruleset["self_evaluation"], "grades": ruleset["grades"]}
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def published_evaluation(plan: Plan):
    """The newest publication of the plan's self-evaluation (公开的自评结果), or None when the unit has not
    published it."""
    from .models import PublishedEvaluation

    return PublishedEvaluation.objects.filter(plan=plan).select_related("created_by").first()


def published_evaluation_list(plan: Plan):
    """Every publication of the plan's self-evaluation, the newest (the one in force) first; the others were
    replaced by a 更正."""
    from .models import PublishedEvaluation

    return PublishedEvaluation.objects.filter(plan=plan).select_related("created_by")


def snapshot_scores(snapshot) -> list:
    """A publication's results as the scoring gives them (for the public page and the official tables): the
    numbers as they were published, not as the records say now."""
    from ...evaluation.scoring import ExecutionScore, IndicatorScore, ProjectScore

    def number(text) -> Decimal:
        return Decimal(text) if text is not None else Decimal(0)

    results = []
    for p in snapshot.rows["projects"]:
        x = p["execution"]
        execution = ExecutionScore(number(x["budget"]), number(x["spent"]), number(x["rate"]), number(x["weight"]),
                                   number(x["score"]), x["reason_required"], list(x.get("flags", [])))
        indicators = []
        for i in p["indicators"]:
            source = i.get("source")
            provenance = None if source is None else Provenance(
                source["kind"], metric=source.get("metric") or "", records=tuple(source.get("refs", ())),
                file=source.get("file") or "")
            indicators.append(IndicatorScore(i["name"], i["level1"], number(i["weight"]), i["target"],
                                             i["actual"] or "", number(i["score"]), list(i.get("flags", [])),
                                             i["reason_required"], source=provenance))
        results.append(ProjectScore(p["code"], p["name"], execution, indicators, number(p["total"]), p["grade"],
                                    snapshot.ruleset))
    return results


def _two(value, separators: bool = False) -> str:
    """A stored decimal as a person reads it: two places (and separators for money)."""
    if value is None:
        return "—"
    number = Decimal(str(value))
    return f"{number:,.2f}" if separators else f"{number:.2f}"


def _indicator_text(row: dict) -> str:
    source = row.get("source")
    how = ""
    if source is not None:  # in words: no metric codes on a page
        refs = len(source.get("refs") or ())
        how = f"（{SOURCE_LABELS.get(source['kind'], '')}{f'，{refs}条记录' if refs else ''}）"
    return f"{row['actual'] or '无完成值'}{how}，得分{_two(row['score'])}"


def _project_differences(name: str, was: dict, now: dict) -> list[str]:
    found = []
    if was["execution"] != now["execution"]:
        found.append(f"{name}·预算执行：公开的是执行数{_two(was['execution']['spent'], True)}元、"
                     f"得分{_two(was['execution']['score'])}，现在是执行数{_two(now['execution']['spent'], True)}元、"
                     f"得分{_two(now['execution']['score'])}")
    before = {i["name"]: i for i in was["indicators"]}
    for row in now["indicators"]:
        old = before.pop(row["name"], None)
        if old is None:
            found.append(f"{name}·{row['name']}：公开时没有这个指标，现在是{_indicator_text(row)}")
        elif old != row:
            found.append(f"{name}·{row['name']}：公开的是{_indicator_text(old)}，现在是{_indicator_text(row)}")
    found += [f"{name}·{gone}：公开时有这个指标，现在没有" for gone in before]
    return found


def results_seen(published, rows: dict | None) -> str:
    """The results a publishing page showed, and the publication in force then, as a short fingerprint."""
    return fingerprint([published.pk if published is not None else None, rows])


def published_differences(plan: Plan, snapshot) -> list[str]:
    """How the self-evaluation the records give now differs from the one published (与公开结果不一致), one
    line per project's money or indicator; empty when they agree. When the records can no longer be scored
    (a value or binding that cannot be compared with its target), that is the difference."""
    try:
        now = self_evaluation_snapshot(plan)
    except EvaluationError as exc:
        return [e.UNSCORABLE_NOW.format(message=str(exc))]
    was = {p["code"] or p["name"]: p for p in snapshot.rows["projects"]}  # by key: code, or name without one
    found = []
    for project in now["projects"]:
        old = was.pop(project["code"] or project["name"], None)
        if old is None:
            found.append(f"{project['name']}：公开时没有这个项目")
        else:
            found += _project_differences(project["name"], old, project)
    found += [f"{p['name']}：公开时有这个项目，现在没有" for p in was.values()]
    if now.get("rules") != snapshot.rows.get("rules"):
        found.append(f"自评规则集（{now['ruleset']}）的评分规则已变化")
    return found


def published_scores(plan: Plan):
    """Self-evaluation results for the public page: the newest publication's, exactly as published; None
    until the unit publishes its self-evaluation (a value typed into a year makes nothing public)."""
    snapshot = published_evaluation(plan)
    return snapshot_scores(snapshot) if snapshot is not None else None
