"""The finance desk (财政审核台, issue 15 §3): every project of the units in a finance reviewer's area
with its plan's state, the review's proposed grade, finance's grade, execution, monitoring colour and
published self-evaluation score; counts and a to-do list over all of them.

Everything a filter, a sort or a count needs is computed in the database, in one statement per
question, so that the page stays fast over 1,000 units and 20,000 projects: the money spent as a
correlated sum over the project's spending records (one index probe each), 序时进度's planned rate as
a CASE over the project's four checkpoints (`planned_rate_expression`, the SQL form of
`core.spending_plan.SpendingPlan.planned_rate`), the colour as a CASE over the gap with the
thresholds of the plan's rule set (`evaluation.monitoring.colour`). Only the rows of one page are
fetched, and their self-evaluation scores with one more query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, NullIf

from ...core.spending_plan import month_end
from ...evaluation.monitoring import GREEN, RED, YELLOW
from ...rulesets import load
from ..accounts.roles import ADMIN, FINANCE, area_of, has_role, require
from ..evaluation.models import PublishedEvaluation, SpendingRecord
from ..goals.models import Plan, Project, Unit
from . import errors as e

MONITORED = (Plan.APPROVED, Plan.PUBLISHED)  # monitoring starts with the approved goals
SUBMITTED = (Plan.SUBMITTED, Plan.FINANCE_REVIEW, Plan.APPROVED, Plan.PUBLISHED)  # the unit has sent its goals
CHECKPOINTS = (3, 6, 10, 12)
COLOURS = {GREEN: "绿色", YELLOW: "黄色", RED: "红色"}
MONEY = DecimalField(max_digits=24, decimal_places=6)
HUNDRED = Value(Decimal(100), output_field=MONEY)
SORTS = {  # what the page may sort by: each with its database order (ties by unit and position)
    "unit": ("plan__unit__code", "position", "id"),
    "execution": ("execution", "plan__unit__code", "position", "id"),
    "-execution": ("-execution", "plan__unit__code", "position", "id"),
    "budget": ("total", "plan__unit__code", "position", "id"),
    "-budget": ("-total", "plan__unit__code", "position", "id"),
    "grade": ("grade", "plan__unit__code", "position", "id"),
    "proposed": ("proposed", "plan__unit__code", "position", "id"),
    "state": ("plan__state", "plan__unit__code", "position", "id"),
}
PAGE_SIZE = 50


def require_desk(user) -> None:
    require(has_role(user, FINANCE, ADMIN), e.NOT_FINANCE_MESSAGE)


def as_of_for(year: int, today: date | None = None) -> date:
    """The date the desk judges a year's money by: today within the year, else its last day (a year gone
    by) or its first (a year not begun)."""
    today = today or date.today()
    return min(max(today, date(year, 1, 1)), date(year, 12, 31))


def planned_rate_expression(as_of: date, prefix: str = ""):
    """SpendingPlan.planned_rate(as_of) over a project's columns plan_3 … plan_12 (any of them empty): 0 %
    at the start of the year, each known checkpoint at its month's end, linear in days between them, the
    last known value after it.

    The segment that holds `as_of` runs from the nearest known checkpoint before it (or the year's start)
    to the nearest known one on or after it; which ones are known differs by row, so each possible pair
    is one WHEN, the nearer checkpoints of the pair required empty."""
    start = date(as_of.year - 1, 12, 31)
    day = (as_of - start).days
    days = {m: (month_end(as_of.year, m) - start).days for m in CHECKPOINTS}
    before = [m for m in CHECKPOINTS if days[m] < day][::-1]  # nearest first
    after = [m for m in CHECKPOINTS if days[m] >= day]

    def col(m: int):
        return F(f"{prefix}plan_{m}")

    def known(m: int) -> Q:
        return Q(**{f"{prefix}plan_{m}__isnull": False})

    def empty(ms) -> Q:
        return Q(*[~known(m) for m in ms]) if ms else Q()

    whens = []
    for j, m1 in enumerate(after):
        for i in range(len(before) + 1):
            if i < len(before):
                m0 = before[i]
                d0, v0 = days[m0], col(m0)
                condition = known(m1) & empty(after[:j]) & known(m0) & empty(before[:i])
            else:
                d0, v0 = 0, Value(Decimal(0), output_field=MONEY)
                condition = known(m1) & empty(after[:j]) & empty(before)
            share = Value(Decimal(day - d0) / Decimal(days[m1] - d0), output_field=MONEY)
            whens.append(When(condition, then=ExpressionWrapper(v0 + (col(m1) - v0) * share, output_field=MONEY)))
    last = Coalesce(*[col(m) for m in before], Value(Decimal(0), output_field=MONEY), output_field=MONEY) \
        if before else Value(Decimal(0), output_field=MONEY)
    return Case(*whens, default=last, output_field=MONEY)


def _colour(ruleset: str, total) -> Case:
    rules = load(ruleset)["monitoring"]
    return Case(When(Q(spent__gt=total), then=Value(RED)),  # 超支 or 数据有误: never green (monitoring.money_problems)
                When(Q(gap__gte=Decimal(str(rules["green_gap"]))), then=Value(GREEN)),
                When(Q(gap__gte=Decimal(str(rules["yellow_gap"]))), then=Value(YELLOW)),
                default=Value(RED))


@dataclass
class Filters:
    year: int
    unit: str = ""  # code prefix or part of the name
    state: str = ""  # the plan's state
    review: str = ""  # the project's 财政审核 state
    colour: str = ""
    sort: str = "unit"
    page: int = 1
    as_of: date = field(default_factory=date.today)


def desk_projects(*, user, filters: Filters):
    """The projects of the reviewer's area in the year, annotated and filtered (not yet sliced)."""
    require_desk(user)
    projects = Project.objects.filter(plan__year=filters.year)
    if (area := area_of(user)) is not None:
        projects = projects.filter(plan__unit__finance_bureau=area)
    if filters.unit:
        projects = projects.filter(Q(plan__unit__code__startswith=filters.unit) |
                                   Q(plan__unit__name__contains=filters.unit))
    if filters.state:
        projects = projects.filter(plan__state=filters.state)
    if filters.review:
        projects = projects.filter(review_state=filters.review)
    spent = SpendingRecord.objects.filter(project=OuterRef("pk"), date__lte=filters.as_of).values("project") \
        .annotate(s=Sum("amount")).values("s")
    projects = projects.annotate(
        spent=Coalesce(Subquery(spent, output_field=MONEY), Value(Decimal(0), output_field=MONEY), output_field=MONEY))
    projects = projects.annotate(
        execution=Case(When(total__gt=0, then=ExpressionWrapper(F("spent") * HUNDRED / F("total"), output_field=MONEY)),
                       default=Value(Decimal(0), output_field=MONEY), output_field=MONEY),
        planned=planned_rate_expression(filters.as_of),
        proposed=Coalesce(NullIf("proposed_grade", Value("")), "plan__proposed_grade"))
    projects = projects.annotate(gap=ExpressionWrapper(F("execution") - F("planned"), output_field=MONEY))
    rulesets = _rulesets(user, filters.year)
    projects = projects.annotate(colour=Case(
        *[When(Q(plan__state__in=MONITORED, plan__ruleset=code), then=_colour(code, F("total")))
          for code in rulesets], default=Value("")))
    if filters.colour:
        projects = projects.filter(colour=filters.colour)
    return projects.order_by(*SORTS.get(filters.sort, SORTS["unit"]))


def _rulesets(user, year: int) -> list[str]:
    """The rule sets the year's plans were judged by (one or two: the colour's thresholds are theirs)."""
    plans = Plan.objects.filter(year=year)
    if (area := area_of(user)) is not None:
        plans = plans.filter(unit__finance_bureau=area)
    return sorted(set(plans.values_list("ruleset", flat=True).distinct()))


def desk_counts(projects) -> dict[str, int]:
    """How many projects of the filtered list there are, by plan state, review state and colour: one query."""
    states = {f"state_{s}": Count("pk", filter=Q(plan__state=s)) for s, _ in Plan.STATES}
    reviews = {f"review_{s}": Count("pk", filter=Q(review_state=s)) for s, _ in Project.REVIEW_STATES}
    colours = {f"colour_{c}": Count("pk", filter=Q(colour=c)) for c in COLOURS}
    to_grade = {"to_grade": Count("pk", filter=Q(plan__state=Plan.FINANCE_REVIEW, review_state=Project.PENDING))}
    return projects.order_by().aggregate(total=Count("pk"), **states, **reviews, **colours, **to_grade)


def deadline_of(year: int) -> date:
    """The date by which a unit submits its year's goals (settings.GOALS_DEADLINE, MM-DD of the budget year)."""
    month, day = (int(x) for x in settings.GOALS_DEADLINE.split("-"))
    return date(year, month, day)


def overdue_units(*, user, year: int, today: date | None = None, limit: int = 20) -> tuple[int, list[Unit]]:
    """逾期未报: the units of the area that have sent no goals for the year (none submitted, in review,
    approved or published) once its deadline has passed: how many, and the first `limit` of them."""
    if (today or date.today()) <= deadline_of(year):
        return 0, []
    units = Unit.objects.filter(~Exists(Plan.objects.filter(unit=OuterRef("pk"), year=year, state__in=SUBMITTED)))
    if (area := area_of(user)) is not None:
        units = units.filter(finance_bureau=area)
    return units.count(), list(units.order_by("code")[:limit])


def self_evaluation_scores(projects: list[Project]) -> dict[int, Decimal | None]:
    """Each project's score in its plan's newest published self-evaluation (None where none is published),
    with one query for the plans of the rows shown."""
    plan_ids = {p.plan_id for p in projects}
    newest = PublishedEvaluation.objects.filter(plan_id=OuterRef("plan_id")).order_by("-id").values("id")[:1]
    published = PublishedEvaluation.objects.filter(plan_id__in=plan_ids, id=Subquery(newest)).values_list(
        "plan_id", "rows")
    totals: dict[tuple[int, str], Decimal | None] = {}
    for plan_id, rows in published:
        for row in (rows or {}).get("projects", []):
            total = row.get("total")
            totals[(plan_id, row.get("code") or row.get("name"))] = None if total is None else Decimal(str(total))
    return {p.pk: totals.get((p.plan_id, p.code or p.name)) for p in projects}


def desk_page(*, user, filters: Filters) -> dict:
    """One page of the desk: its rows (with the unit and plan, and the self-evaluation score), the counts
    over every filtered row, the to-do list, and how many pages there are."""
    projects = desk_projects(user=user, filters=filters)
    counts = desk_counts(projects)
    filtered = any((filters.unit, filters.state, filters.review, filters.colour))
    year = desk_counts(desk_projects(user=user, filters=Filters(filters.year, as_of=filters.as_of))) \
        if filtered else counts  # the to-do list is the whole year's, whatever the filters
    pages = max(1, -(-counts["total"] // PAGE_SIZE))
    page = min(max(filters.page, 1), pages)
    rows = list(projects.select_related("plan__unit")[(page - 1) * PAGE_SIZE:page * PAGE_SIZE])
    scores = self_evaluation_scores(rows)
    for row in rows:
        row.score = scores[row.pk]
    overdue, late = overdue_units(user=user, year=filters.year)
    return {"rows": rows, "counts": counts, "page": page, "pages": pages, "overdue": overdue, "late": late,
            "to_grade": year["to_grade"], "red": year["colour_red"], "deadline": deadline_of(filters.year)}


def desk_years(*, user) -> list[int]:
    plans = Plan.objects.all()
    if (area := area_of(user)) is not None:
        plans = plans.filter(unit__finance_bureau=area)
    return sorted(set(plans.values_list("year", flat=True).distinct()), reverse=True)
