"""A spending or values file checked whole before anything is written (issue 11 §1's rule for every
tabular import): every bad row with its number, field and reason, the good rows, and the projects
the good spending rows would take above their budget. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ...core.document import GoalDocument, project_key
from ...core.errors import JixiaoError
from ...evaluation import errors as e
from ...evaluation.records import match
from ...evaluation.scoring import score_indicator
from ...formats.records_csv import LABELS, BadRow, actuals_rows, spending_rows
from ..goals.convert import plan_document
from ..goals.models import Plan
from .selectors import OverBudget, over_budget, spending_total

SPENDING, ACTUALS = "spending", "actuals"
KINDS = {SPENDING: "支出记录", ACTUALS: "完成值"}
AMOUNT_LIMIT = Decimal(10) ** 12  # 1万亿元: beyond it sums lose cents in SQLite's float columns
ACTUAL_LIMIT = Decimal(10) ** 15


@dataclass
class ImportCheck:
    kind: str
    name: str
    good: list = field(default_factory=list)  # (row number, record) of the rows that can be imported
    bad: list[BadRow] = field(default_factory=list)
    over: list[OverBudget] = field(default_factory=list)  # projects the good spending rows take above budget

    @property
    def bad_rows(self) -> int:
        """How many rows are bad (a row may be bad in several fields)."""
        return len({b.row for b in self.bad})

    def bad_fields(self) -> dict[str, str]:
        """{"第3行“金额”": reason} for the API's `fields`."""
        return {f"第{b.row}行“{b.field}”": b.reason for b in self.bad}


def records_check(*, plan: Plan, kind: str, data: bytes, name: str) -> ImportCheck:
    """Read and check every row; a file that cannot be read at all (no header, not a table) raises."""
    document = plan_document(Plan.objects.prefetch_related("projects__indicators").select_related("unit")
                             .get(pk=plan.pk))
    if kind == SPENDING:
        spending, bad = spending_rows(data, name)
        check = ImportCheck(kind, name, bad=bad)
        _spending(plan, document, spending, check)
    else:
        actuals, bad = actuals_rows(data, name)
        check = ImportCheck(kind, name, bad=bad)
        _actuals(document, actuals, check, plan.rules["self_evaluation"])
    check.bad.sort(key=lambda b: b.row)
    return check


def _spending(plan: Plan, document: GoalDocument, rows: list, check: ImportCheck) -> None:
    for n, r in rows:
        problems = []
        try:
            match(document, [r], [])
        except JixiaoError as exc:
            problems.append(BadRow(n, LABELS["project"], exc.message))
        if r.date.year != plan.year:
            problems.append(BadRow(n, LABELS["date"], e.DATE_OUTSIDE_YEAR.format(date=r.date, year=plan.year)))
        if not 0 < r.amount < AMOUNT_LIMIT:
            problems.append(BadRow(n, LABELS["amount"], e.AMOUNT_RANGE.format(amount=r.amount)))
        if problems:
            check.bad += problems
            continue
        check.good.append((n, r))
    check.over = spending_over(plan, [r for _, r in check.good])


def spending_over(plan: Plan, rows: list) -> list[OverBudget]:
    """The projects these spending rows take above their budgets, by the spending recorded now."""
    added: dict[str, Decimal] = {}
    for r in rows:
        added[r.project] = added.get(r.project, Decimal(0)) + r.amount
    overs = []
    for project in plan.projects.all():  # a record names its project by key: code, or name without one
        if project_key(project) not in added:
            continue
        over = over_budget(project, spending_total(project) + added[project_key(project)])
        if over is not None:
            overs.append(over)
    return overs


def _actuals(document: GoalDocument, rows: list, check: ImportCheck, settings: dict) -> None:
    seen: dict[tuple[str, str], int] = {}
    indicators = {(project_key(p), i.name): i for p in document.projects for i in p.indicators}
    for n, r in rows:
        problem = None
        try:
            match(document, [], [r])
            for quantity in (r.actual, r.forecast):
                if quantity is not None and quantity.value is not None and abs(quantity.value) >= ACTUAL_LIMIT:
                    raise JixiaoError("actual", e.ACTUAL_TOO_LARGE.format(text=quantity.text[:30]))
            if r.indicator and r.actual is not None:  # scored once now, so that no page fails on it later
                score_indicator(indicators[(r.project, r.indicator)], r, Decimal(1), settings)
        except JixiaoError as exc:
            problem = BadRow(n, _field(exc.code), exc.message)
        if problem is None and (r.project, r.indicator) in seen:
            problem = BadRow(n, LABELS["indicator"], e.DUPLICATE_ACTUAL.format(
                project=r.project, indicator=r.indicator or "项目说明") + f"（与第{seen[(r.project, r.indicator)]}行重复）")
        if problem is not None:
            check.bad.append(problem)
            continue
        seen[(r.project, r.indicator)] = n
        check.good.append((n, r))


def _field(code: str) -> str:
    """The column an error of the evaluation package concerns, as the user names it."""
    return LABELS[{"unknown_project": "project", "unknown_indicator": "indicator", "bad_share": "share",
                   "bad_forecast": "forecast"}.get(code, "actual")]
