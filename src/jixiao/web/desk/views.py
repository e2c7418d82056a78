"""The finance desk's pages: they only translate between HTTP and the selectors."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from ...core.errors import JixiaoError
from ...formats.desk_table import write_desk_xlsx
from ..accounts.roles import area_of
from ..downloads import CONTENT_TYPES
from ..goals.models import Plan, Project
from ..history.selectors import cached
from . import errors as e
from . import selectors
from .selectors import COLOURS, SORTS, Filters

EXPORT_LIMIT = 20000
SORT_LABELS = [("unit", "按单位"), ("-execution", "执行率从高到低"), ("execution", "执行率从低到高"),
               ("-budget", "预算数从大到小"), ("budget", "预算数从小到大"), ("grade", "按审核等级"),
               ("proposed", "按建议等级"), ("state", "按绩效目标状态")]


def _filters(request, user) -> Filters:
    """The filters as the page's form sends them; anything unknown is left out, never an error."""
    get = request.GET
    year = get.get("year", "")
    if year.isascii() and year.isdigit() and 2000 <= int(year) <= 2100:
        year_ = int(year)
    else:
        year_ = next(iter(selectors.desk_years(user=user)), date.today().year)
    page = get.get("page", "")
    return Filters(
        year=year_, unit=get.get("unit", "").strip()[:50],
        state=get.get("state", "") if get.get("state", "") in dict(Plan.STATES) else "",
        review=get.get("review", "") if get.get("review", "") in dict(Project.REVIEW_STATES) else "",
        colour=get.get("colour", "") if get.get("colour", "") in COLOURS else "",
        sort=get.get("sort", "") if get.get("sort", "") in SORTS else "unit",
        page=int(page) if page.isascii() and page.isdigit() and len(page) < 7 else 1,
        as_of=selectors.as_of_for(year_))


@login_required
@require_GET
def desk(request):
    selectors.require_desk(request.user)
    filters = _filters(request, request.user)
    found = selectors.desk_page(user=request.user, filters=filters)
    query = request.GET.copy()
    query.pop("page", None)
    # The page's body holds no form token nor anything of the user beyond the figures' key (area, filters,
    # generation): rendered once per key and process, as the figures are computed once.
    key = f"{found['key']}:html:{query.urlencode()}"
    content = cached(key, lambda: render_to_string("desk/_desk.html", {
        **found, "filters": filters, "years": selectors.desk_years(user=request.user),
        "area": area_of(request.user), "states": Plan.STATES, "reviews": Project.REVIEW_STATES,
        "colours": COLOURS, "sorts": SORT_LABELS, "query": query.urlencode()}))
    return render(request, "desk/desk.html", {**found, "filters": filters, "content": content})


@login_required
@require_GET
def desk_export(request):
    """The filtered list as .xlsx, every row (up to EXPORT_LIMIT), in the page's order."""
    selectors.require_desk(request.user)
    filters = _filters(request, request.user)
    count = selectors.desk_counts(user=request.user, filters=filters)["total"]
    if count > EXPORT_LIMIT:
        raise JixiaoError("export_too_large", e.EXPORT_TOO_LARGE_MESSAGE.format(count=count, limit=EXPORT_LIMIT))
    rows = selectors.desk_rows(user=request.user, filters=filters, limit=None)
    evaluated = selectors.self_evaluations(rows)
    area = area_of(request.user)
    subtitle = (f"{area or '全部单位'}　{filters.year}年　截至{filters.as_of:%Y年%m月%d日}　共{count}个项目"
                f"{'　' + _described(filters) if _described(filters) else ''}")
    data = write_desk_xlsx(f"{filters.year}年项目绩效目标审核及执行情况表", subtitle, (
        (p.plan.unit.code, p.plan.unit.name, p.code or "未编码", p.name, p.total, p.plan.get_state_display(),
         p.review_label, p.proposed or "", p.grade, p.spent if p.colour else None,
         p.execution if p.colour else None, COLOURS.get(p.colour, ""), *_consistency(*evaluated[p.pk])) for p in rows))
    response = HttpResponse(data, content_type=CONTENT_TYPES["xlsx"])
    response["Content-Disposition"] = f"attachment; filename=desk-{filters.year}.xlsx"
    return response


def _consistency(score, found) -> tuple:
    """The published self-evaluation's columns of a row: score, 一致性 colour and its reason (blank when none)."""
    return (score, COLOURS.get(found.colour, "") if found else "", found.reason if found else "")


def _described(filters: Filters) -> str:
    parts = [f"单位：{filters.unit}" if filters.unit else "",
             f"状态：{dict(Plan.STATES)[filters.state]}" if filters.state else "",
             f"财政审核：{dict(Project.REVIEW_STATES)[filters.review]}" if filters.review else "",
             f"监控：{COLOURS[filters.colour]}" if filters.colour else ""]
    return "　".join(p for p in parts if p)
