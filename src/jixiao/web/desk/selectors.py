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
from django.db import connection
from django.db.models import Exists, OuterRef, Subquery

from ...core.spending_plan import month_end
from ...evaluation.consistency import Consistency, consistency_of_published
from ...evaluation.consistency import settings_of as consistency_settings
from ...evaluation.monitoring import GREEN, RED, YELLOW
from ...rulesets import load
from ..accounts.roles import ADMIN, FINANCE, area_of, has_role, require
from ..evaluation.models import PublishedEvaluation, SpendingRecord
from ..goals.models import Plan, Project, Unit
from ..history.selectors import cached, generation
from . import errors as e

MONITORED = (Plan.APPROVED, Plan.PUBLISHED)  # monitoring starts with the approved goals
SUBMITTED = (Plan.SUBMITTED, Plan.FINANCE_REVIEW, Plan.APPROVED, Plan.PUBLISHED)  # the unit has sent its goals
CHECKPOINTS = (3, 6, 10, 12)
COLOURS = {GREEN: "绿色", YELLOW: "黄色", RED: "红色"}
PAGE_SIZE = 50
CENT = Decimal("0.01")


def require_desk(user) -> None:
    require(has_role(user, FINANCE, ADMIN), e.NOT_FINANCE_MESSAGE)


def as_of_for(year: int, today: date | None = None) -> date:
    """The date the desk judges a year's money by: today within the year, else its last day (a year gone
    by) or its first (a year not begun)."""
    today = today or date.today()
    return min(max(today, date(year, 1, 1)), date(year, 12, 31))


def planned_rate_sql(as_of: date, table: str = "p") -> str:
    """SpendingPlan.planned_rate(as_of) in SQL over a project's columns plan_3 … plan_12 (any of them
    empty): 0 % at the start of the year, each known checkpoint at its month's end, linear in days between
    them, the last known value after the last one.

    The segment that holds `as_of` runs from the nearest known checkpoint before it (or the year's start)
    to the nearest known one on or after it; which ones are known differs by row, so each possible pair
    is one WHEN, the nearer checkpoints of the pair required empty. Only numbers made here go into the
    text (day shares as decimals), never a value from outside."""
    start = date(as_of.year - 1, 12, 31)
    day = (as_of - start).days
    days = {m: (month_end(as_of.year, m) - start).days for m in CHECKPOINTS}
    before = [m for m in CHECKPOINTS if days[m] < day][::-1]  # nearest first
    after = [m for m in CHECKPOINTS if days[m] >= day]

    def col(m: int) -> str:
        return f"{table}.plan_{m}"

    def condition(*parts: str) -> str:
        return " AND ".join(parts)

    whens = []
    for j, m1 in enumerate(after):
        nearer_after = [f"{col(m)} IS NULL" for m in after[:j]]
        for i in range(len(before) + 1):
            if i < len(before):
                m0 = before[i]
                d0, v0 = days[m0], col(m0)
                edge = [f"{col(m0)} IS NOT NULL", *[f"{col(m)} IS NULL" for m in before[:i]]]
            else:
                d0, v0 = 0, "0"
                edge = [f"{col(m)} IS NULL" for m in before]
            share = f"{Decimal(day - d0) / Decimal(days[m1] - d0):.12f}"
            whens.append(f"WHEN {condition(f'{col(m1)} IS NOT NULL', *nearer_after, *edge)} "
                         f"THEN {v0} + ({col(m1)} - {v0}) * {share}")
    last = f"COALESCE({', '.join([*map(col, before), '0'])})" if before else "0"  # SQLite: two arguments at least
    return f"CASE {' '.join(whens)} ELSE {last} END" if whens else last


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


def _ranked(column: str, order: list[str]) -> str:
    """A column sorted in the order its values mean (优 before 良, a draft before its submission), not by their
    characters' codes (which put 差 before 良, and differ between SQLite and PostgreSQL); blanks last. Only
    constants of this module go into the text."""
    whens = " ".join(f"WHEN '{value}' THEN {rank}" for rank, value in enumerate(order))
    return f"CASE {column} {whens} ELSE {len(order)} END"


GRADES = ["优", "良", "中", "差"]  # 88号's grades, best first
ORDER = {  # what the page may sort by (ties by unit and position)
    "unit": "unit_code, position, id", "execution": "execution, unit_code, position, id",
    "-execution": "execution DESC, unit_code, position, id", "budget": "total, unit_code, position, id",
    "-budget": "total DESC, unit_code, position, id",
    "grade": f"{_ranked('grade', GRADES)}, unit_code, position, id",
    "proposed": f"{_ranked('proposed', GRADES)}, unit_code, position, id",
    "state": f"{_ranked('plan_state', [s for s, _ in Plan.STATES])}, unit_code, position, id",
}
SORTS = tuple(ORDER)


def _coloured(user, filters: Filters) -> tuple[str, list]:
    """The SQL of every project of the area and year with its money spent (summed once, joined), planned
    rate, execution and colour, filtered; and its parameters. Three steps, so that each row's sum is
    computed once and the colour reads it by name."""
    require_desk(user)
    where: list[str] = ["pl.year = %s"]
    params: list[object] = [filters.year]
    if (area := area_of(user)) is not None:
        where.append("u.finance_bureau = %s")
        params.append(area)
    if filters.unit:
        where.append("(u.code LIKE %s ESCAPE '\\' OR u.name LIKE %s ESCAPE '\\')")
        escaped = filters.unit.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params += [f"{escaped}%", f"%{escaped}%"]
    if filters.state:
        where.append("pl.state = %s")
        params.append(filters.state)
    if filters.review:
        where.append("p.review_state = %s")
        params.append(filters.review)
        if filters.review == Project.PENDING:  # waiting for finance: not a draft the unit has not sent
            where.append("pl.state = %s")
            params.append(Plan.FINANCE_REVIEW)
    colours = []
    for code in _rulesets(user, filters.year):
        rules = load(code)["monitoring"]
        green, yellow = (Decimal(str(rules[k])) for k in ("green_gap", "yellow_gap"))
        colours.append(f"WHEN ruleset = %s THEN CASE WHEN spent > total THEN '{RED}' "
                       f"WHEN execution - planned >= {green} THEN '{GREEN}' "
                       f"WHEN execution - planned >= {yellow} THEN '{YELLOW}' ELSE '{RED}' END")
    colour_params = list(_rulesets(user, filters.year))
    monitored = ", ".join(f"'{s}'" for s in MONITORED)
    spending, projects, plans, units = (m._meta.db_table for m in (SpendingRecord, Project, Plan, Unit))
    sql = f"""
WITH spent AS (
  SELECT s.project_id, SUM(s.amount) AS spent FROM {spending} s
  JOIN {projects} sp ON sp.id = s.project_id JOIN {plans} spl ON spl.id = sp.plan_id
  WHERE s.date <= %s AND spl.year = %s GROUP BY s.project_id),
base AS (
  SELECT p.id, p.plan_id, p.position, p.total, p.review_state, p.grade, pl.state AS plan_state, pl.ruleset,
         u.code AS unit_code, COALESCE(NULLIF(p.proposed_grade, ''), pl.proposed_grade) AS proposed,
         COALESCE(s.spent, 0) AS spent, {planned_rate_sql(filters.as_of)} AS planned
  FROM {projects} p JOIN {plans} pl ON pl.id = p.plan_id JOIN {units} u ON u.id = pl.unit_id
  LEFT JOIN spent s ON s.project_id = p.id
  WHERE {' AND '.join(where)}),
judged AS (
  SELECT base.*, CASE WHEN total > 0 THEN spent * 100.0 / total ELSE 0 END AS execution FROM base),
coloured AS (
  SELECT judged.*, CASE WHEN plan_state NOT IN ({monitored}) THEN '' {' '.join(colours)} ELSE '' END AS colour
  FROM judged)"""
    return sql, [filters.as_of, filters.year, *params, *colour_params]


def _rulesets(user, year: int) -> list[str]:
    """The rule sets the year's plans were judged by (one or two: the colour's thresholds are theirs)."""
    if not hasattr(user, "_jixiao_desk_rulesets"):
        user._jixiao_desk_rulesets = {}
    if year not in user._jixiao_desk_rulesets:
        plans = Plan.objects.filter(year=year)
        if (area := area_of(user)) is not None:
            plans = plans.filter(unit__finance_bureau=area)
        user._jixiao_desk_rulesets[year] = sorted(set(plans.values_list("ruleset", flat=True).distinct()))
    return user._jixiao_desk_rulesets[year]


def _colour_filter(filters: Filters) -> tuple[str, list]:
    return ("WHERE colour = %s", [filters.colour]) if filters.colour else ("", [])


UNSENT = f" AND plan_state NOT IN ('{Plan.DRAFT}', '{Plan.SUBMITTED}')"  # a draft's projects wait for no one


def review_label(project: Project) -> str:
    """The 财政审核 column: 未报送财政 for a project of a plan the unit has not sent (a draft, or with its own
    审核); else its review state (待审核 only when finance has it)."""
    if project.review_state == Project.PENDING and project.plan.state in (Plan.DRAFT, Plan.SUBMITTED):
        return NOT_SENT
    return project.get_review_state_display()


NOT_SENT = "未报送财政"


def desk_counts(*, user, filters: Filters) -> dict[str, int]:
    """How many projects the filters leave, by plan state, review state and colour, and how many wait for
    finance's grade: one query."""
    sql, params = _coloured(user, filters)
    where, more = _colour_filter(filters)
    keys, parts, values = ["total"], ["COUNT(*)"], []
    for prefix, column, choices in (("state", "plan_state", [s for s, _ in Plan.STATES]),
                                    ("review", "review_state", [s for s, _ in Project.REVIEW_STATES]),
                                    ("colour", "colour", list(COLOURS))):
        for choice in choices:
            keys.append(f"{prefix}_{choice}")
            parts.append(f"SUM(CASE WHEN {column} = %s{UNSENT if choice == Project.PENDING else ''} THEN 1 ELSE 0 END)")
            values.append(choice)
    keys.append("to_grade")
    parts.append("SUM(CASE WHEN plan_state = %s AND review_state = %s THEN 1 ELSE 0 END)")
    values += [Plan.FINANCE_REVIEW, Project.PENDING]
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} SELECT {', '.join(parts)} FROM coloured {where}", [*params, *values, *more])
        row = cursor.fetchone()
    return {k: int(v or 0) for k, v in zip(keys, row, strict=True)}


COLUMNS = ("id", "spent", "planned", "execution", "colour", "proposed")


def desk_rows(*, user, filters: Filters, offset: int = 0, limit: int | None = PAGE_SIZE) -> list[Project]:
    """The projects in the filters' order (one page, or all with `limit=None`), each with its unit and plan
    and `spent`, `planned`, `execution` (Decimal, %), `colour` ("" before approval) and `proposed`."""
    sql, params = _coloured(user, filters)
    where, more = _colour_filter(filters)
    page = "" if limit is None else f" LIMIT {int(limit)} OFFSET {int(offset)}"
    with connection.cursor() as cursor:
        cursor.execute(f"{sql} SELECT {', '.join(COLUMNS)} FROM coloured {where} "
                       f"ORDER BY {ORDER.get(filters.sort, ORDER['unit'])}{page}", [*params, *more])
        found = {row[0]: dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()}
    projects = Project.objects.select_related("plan__unit").in_bulk(list(found))
    rows = []
    for pk, values in found.items():
        project = projects[pk]
        for key in ("spent", "planned", "execution"):  # SQLite answers floats, PostgreSQL numerics
            values[key] = Decimal(str(values[key]))
        values["spent"] = values["spent"].quantize(CENT)  # money in 元 and 分, as it is stored
        for key, value in values.items():
            setattr(project, key, value)
        project.review_label = review_label(project)  # type: ignore[attr-defined]
        rows.append(project)
    return rows


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


def self_evaluations(projects: list[Project]) -> dict[int, tuple[Decimal | None, Consistency | None]]:
    """Each project's score in its plan's newest published self-evaluation and its 绩效与预算执行一致性 colour
    by that publication's rule set (None, None where none is published), with one query for the plans of the
    rows shown."""
    plan_ids = {p.plan_id for p in projects}
    newest = PublishedEvaluation.objects.filter(plan_id=OuterRef("plan_id")).order_by("-id").values("id")[:1]
    published = PublishedEvaluation.objects.filter(plan_id__in=plan_ids, id=Subquery(newest)).values_list(
        "plan_id", "rows", "ruleset")
    found: dict[tuple[int, str], tuple[Decimal | None, Consistency | None]] = {}
    for plan_id, rows, ruleset in published:
        settings = consistency_settings(load(ruleset))
        for row in (rows or {}).get("projects", []):
            total = row.get("total")
            found[(plan_id, row.get("code") or row.get("name"))] = (
                None if total is None else Decimal(str(total)),
                consistency_of_published(row, settings) if "execution" in row and "indicators" in row else None)
    return {p.pk: found.get((p.plan_id, p.code or p.name), (None, None)) for p in projects}


def _figures(user, filters: Filters) -> dict:
    """Everything of a page of the desk that costs a pass over the area's projects: the counts, the
    to-do list and the page's rows (projects with their unit, plan and computed columns)."""
    counts = desk_counts(user=user, filters=filters)
    filtered = any((filters.unit, filters.state, filters.review, filters.colour))
    year = desk_counts(user=user, filters=Filters(filters.year, as_of=filters.as_of)) if filtered else counts
    pages = max(1, -(-counts["total"] // PAGE_SIZE))
    page = min(max(filters.page, 1), pages)
    rows = desk_rows(user=user, filters=filters, offset=(page - 1) * PAGE_SIZE)
    evaluated = self_evaluations(rows)
    for row in rows:
        for key, value in _evaluated(*evaluated[row.pk]).items():
            setattr(row, key, value)
    overdue, late = overdue_units(user=user, year=filters.year)
    return {"rows": rows, "counts": counts, "page": page, "pages": pages, "overdue": overdue,
            "late": [f"{u.code}{u.name}" for u in late], "to_grade": year["to_grade"], "red": year["colour_red"]}


def _evaluated(score: Decimal | None, found: Consistency | None) -> dict:
    """A row's published self-evaluation as plain values (for the cache): its score, and its consistency
    colour ("" where none is published) with the reason in words."""
    return {"score": score, "consistency": found.colour if found else "", "consistency_reason": found.reason if found
            else ""}


def desk_page(*, user, filters: Filters) -> dict:
    """One page of the desk: its rows (projects with their unit and plan, and `spent`, `planned`,
    `execution`, `colour`, `proposed`, `score`, `consistency` and `consistency_reason`), the counts over
    every filtered row, the to-do list (the whole year's, whatever the filters), the pages, and `key`: what
    names these figures in the cache.

    The figures are computed in the database in a few passes over the area's projects and kept in the
    cache until anything changes (`generation`): 50 reviewers reading the desk between two changes cost
    one pass per server process, not one per request. A change of anything shown writes a history entry,
    so a project deleted since is never shown from the cache."""
    require_desk(user)
    key = "desk:" + ":".join(str(x) for x in (area_of(user) or "*", filters.year, filters.unit, filters.state,
                                                filters.review, filters.colour, filters.sort, filters.page,
                                                filters.as_of, generation()))
    return {**cached(key, lambda: _figures(user, filters)), "deadline": deadline_of(filters.year), "key": key}


def desk_years(*, user) -> list[int]:
    plans = Plan.objects.all()
    if (area := area_of(user)) is not None:
        plans = plans.filter(unit__finance_bureau=area)
    return list(plans.order_by("-year").values_list("year", flat=True).distinct())
