"""Pages of the programmes: registers (personal data masked by role), rounds and
payments, health checks, and where an indicator's actual comes from."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ...formats.records_csv import parse_date
from ...relief.metrics import CATALOGUE
from ...relief.persons import mask_id
from ..accounts.roles import in_unit, unit_ids_of
from ..downloads import bank_list_file
from ..goals import selectors as goal_selectors
from ..goals.errors import GoalsError
from ..goals.models import Plan, Project, Unit
from ..history.services import ACTIONS, history_of
from . import permissions, selectors, services
from .models import ModelWorker, Payment, Round


def _units(user):
    units = unit_ids_of(user)
    return Unit.objects.all() if units is None else Unit.objects.filter(pk__in=units)


@login_required
@require_GET
def register(request):
    q = request.GET.get("q", "").strip()
    rows = selectors.beneficiary_list(user=request.user, q=q)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    people = [{"person": p, **selectors.masked(p, permissions.sees_personal_data(request.user, p.unit_id))}
              for p in page.object_list]
    return render(request, "relief/register.html", {
        "page": page, "people": people, "filters": {"q": q}, "units": _units(request.user),
        "can_import": permissions.may_act(request.user)})


def _uploaded_rows(request, what: str) -> tuple[str, list[list[str]]]:
    """The uploaded table (.xlsx or .csv) as rows; a broken file imports nothing."""
    upload = request.FILES.get("file")
    if upload is None:
        raise GoalsError("file", f"请选择要导入的{what}文件")
    return services.upload_rows(name=upload.name, data=upload.read())


def _import_people(request, importer, what: str):
    unit = _units(request.user).filter(pk=request.POST.get("unit") or 0).first()
    if unit is None:
        raise GoalsError("unit", "请选择单位")
    name, rows = _uploaded_rows(request, what)
    count, bad = importer(unit=unit, rows=rows, user=request.user)
    return render(request, "relief/import_report.html", {"name": name, "count": count, "bad": bad})


@login_required
@require_POST
def register_import(request):
    return _import_people(request, services.register_import, "困难职工档案")


@login_required
@require_GET
def person(request, person_id: int):
    person = selectors.beneficiary_list(user=request.user).filter(pk=person_id).first()
    if person is None:
        raise GoalsError("missing", "没有这个人，或你无权查看")
    full = permissions.sees_personal_data(request.user, person.unit_id)
    return render(request, "relief/person.html", {"p": person, **selectors.masked(person, full),
                                                  "history": history_of(person)[:30], "actions": ACTIONS,
                                                  "can_edit": full and permissions.may_act(request.user, person.unit_id)})


@login_required
@require_POST
def person_move(request, person_id: int):
    person = selectors.beneficiary_list(user=request.user).filter(pk=person_id).first()
    if person is None:
        raise GoalsError("missing", "没有这个人，或你无权查看")
    try:
        on = parse_date(request.POST.get("date", ""))
    except ValueError:
        raise GoalsError("date", "请填写变更日期，如2021-05-01") from None
    services.beneficiary_move(beneficiary=person, to=request.POST.get("status", ""), on=on, user=request.user)
    messages.success(request, f"{person.name}：{person.status}")
    return redirect("relief:person", person_id=person.pk)


@login_required
@require_GET
def rounds(request):
    units = unit_ids_of(request.user)
    rows = Round.objects.select_related("project__plan__unit").order_by("-start")
    projects = Project.objects.filter(plan__state__in=[Plan.APPROVED, Plan.PUBLISHED]).select_related("plan__unit")
    if units is not None:
        rows, projects = rows.filter(project__plan__unit_id__in=units), projects.filter(plan__unit_id__in=units)
    return render(request, "relief/rounds.html", {"rounds": rows, "projects": projects,
                                                  "can_create": permissions.may_act(request.user)})


@login_required
@require_POST
def round_create(request):
    project = goal_selectors.project_get(user=request.user, project_id=int(request.POST.get("project") or 0))
    try:
        start, end = parse_date(request.POST.get("start", "")), parse_date(request.POST.get("end", ""))
    except ValueError:
        raise GoalsError("date", "请填写开始和截止日期，如2021-01-15") from None
    r = services.round_create(project=project, name=request.POST.get("name", "").strip() or "发放轮次",
                              kind=request.POST.get("kind", "救助").strip(), start=start, end=end,
                              degrees=request.POST.getlist("degrees"), user=request.user)
    return redirect("relief:round", round_id=r.pk)


@login_required
@require_GET
def round_detail(request, round_id: int):
    r = selectors.round_get(user=request.user, round_id=round_id)
    full = permissions.sees_personal_data(request.user, r.project.plan.unit_id)
    entries, left_out = (services.round_draw(r) if r.state == Round.DRAFT else ([], []))
    listed = r.entries.prefetch_related("payments").order_by("id") if r.state == Round.APPROVED else []
    show = (lambda n: n) if full else mask_id
    return render(request, "relief/round.html", {
        "r": r, "draft": entries, "left_out": left_out, "listed": listed, "show": show, "full": full,
        "total": sum((e.amount for e in entries), Decimal(0)),
        "remaining": r.project.total - selectors.committed(r.project, leave_out=r),
        "can_act": full and permissions.may_act(request.user, r.project.plan.unit_id)})


@login_required
@require_POST
def round_approve(request, round_id: int):
    r = selectors.round_get(user=request.user, round_id=round_id)
    count = services.round_approve(round_=r, user=request.user)
    messages.success(request, f"已审批，名单{count}人已冻结")
    return redirect("relief:round", round_id=r.pk)


@login_required
@require_GET
def round_bank_list(request, round_id: int):
    return bank_list_file(selectors.round_get(user=request.user, round_id=round_id), request.user)


@login_required
@require_POST
def round_payments(request, round_id: int):
    """Payments from the bank's return file: 身份证号, 金额, 日期[, 状态]; all rows or none."""
    r = selectors.round_get(user=request.user, round_id=round_id)
    name, rows = _uploaded_rows(request, "发放结果")
    count = services.payments_import(round_=r, rows=rows, name=name, user=request.user)
    messages.success(request, f"已登记{count}笔发放")
    return redirect("relief:round", round_id=r.pk)


@login_required
@require_GET
def workers(request):
    units = unit_ids_of(request.user)
    rows = ModelWorker.objects.prefetch_related("checks").order_by("id")
    if units is not None:
        rows = rows.filter(unit_id__in=units)
    full_units = {u for u in (units or Unit.objects.values_list("pk", flat=True))
                  if permissions.sees_personal_data(request.user, u)}
    listed = [{"w": w, "id": w.id_number if w.unit_id in full_units else mask_id(w.id_number),
               "checks": sorted(w.checks.all(), key=lambda c: -c.year)} for w in rows]
    projects = Project.objects.filter(plan__unit_id__in=[u.pk for u in _units(request.user)]).select_related("plan")
    return render(request, "relief/workers.html", {"workers": listed, "units": _units(request.user), "projects": projects,
                                                   "can_edit": permissions.may_act(request.user)})


@login_required
@require_GET
def actual(request, indicator_id: int):
    """Where an indicator's actual comes from: the metric, its value and the records it counted."""
    indicator = goal_selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    binding = getattr(indicator, "binding", None)
    value = None
    records = []
    if binding is not None:
        value = CATALOGUE[binding.metric].compute(selectors.project_records(indicator.project), binding.params)
        records = _drill_down(value.records, permissions.sees_personal_data(request.user, indicator.project.plan.unit_id))
    can_bind = permissions.may_bind(request.user, indicator.project.plan.unit_id)
    return render(request, "relief/actual.html", {"indicator": indicator, "binding": binding, "value": value,
                                                  "records": records, "catalogue": CATALOGUE.values(),
                                                  "can_bind": can_bind, "metric": CATALOGUE.get(getattr(binding, "metric", ""))})


def _drill_down(refs: tuple[str, ...], full: bool) -> list[dict]:
    """The records behind a value, read in one query per kind."""
    ids = {}
    for ref in refs:
        kind, _, pk = ref.partition(":")
        if pk.isdigit():
            ids.setdefault(kind, []).append(int(pk))
    show = (lambda n: n) if full else mask_id
    rows = []
    for p in Payment.objects.filter(pk__in=ids.get("payment", [])[:500]).select_related("entry__round"):
        rows.append({"kind": "发放", "who": f"{p.entry.name} {show(p.entry.id_number)}", "what": f"{p.amount}元",
                     "when": p.date, "where": p.entry.round.name})
    from .models import HealthCheck, SurveyResponse

    for c in HealthCheck.objects.filter(pk__in=ids.get("check", [])).select_related("worker"):
        rows.append({"kind": "体检", "who": f"{c.worker.name} {show(c.worker.id_number)}", "what": c.state,
                     "when": c.date, "where": c.institution})
    for s in SurveyResponse.objects.filter(pk__in=ids.get("response", [])[:500]).select_related("survey"):
        rows.append({"kind": "问卷", "who": "", "what": "、".join("未答" if a is None else str(a) for a in s.answers), "when": None,
                     "where": s.survey.name})
    return rows


@login_required
@require_POST
def bind(request, indicator_id: int):
    indicator = goal_selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    params = {"deadline": request.POST["deadline"]} if request.POST.get("deadline") else {}
    if request.POST.get("round"):
        params["round"] = request.POST["round"].strip()
    if "deadline" in params:
        try:
            date.fromisoformat(params["deadline"])
        except ValueError:
            raise GoalsError("deadline", "截止日期应如2021-11-30") from None
    services.binding_set(indicator=indicator, metric=request.POST.get("metric", ""), params=params, user=request.user)
    messages.success(request, "已设置取数口径")
    return redirect("relief:actual", indicator_id=indicator.pk)


@login_required
def standards(request):
    from .models import Standard

    units = _units(request.user)
    if request.method == "POST":
        unit = units.filter(pk=request.POST.get("unit") or 0).first()
        try:
            year, amount = int(request.POST.get("year", "")), Decimal(request.POST.get("amount", ""))
        except (ValueError, InvalidOperation):
            raise GoalsError("standard", "年度应为整数，标准金额应为数字") from None
        if unit is None:
            raise GoalsError("unit", "请选择单位")
        services.standard_set(unit=unit, year=year, kind=request.POST.get("kind", ""),
                              degree=request.POST.get("degree", ""), cause=request.POST.get("cause", ""), amount=amount,
                              user=request.user)
        messages.success(request, "已保存救助标准")
        return redirect("relief:standards")
    rows = Standard.objects.filter(unit__in=units).select_related("unit").order_by("unit__code", "-year", "kind")
    return render(request, "relief/standards.html", {"rows": rows, "units": units,
                                                     "can_edit": permissions.may_act(request.user)})


@login_required
def surveys(request):
    from .models import Survey

    units = unit_ids_of(request.user)
    rows = Survey.objects.select_related("project__plan__unit").order_by("-id")
    projects = Project.objects.select_related("plan__unit")
    if units is not None:
        rows, projects = rows.filter(project__plan__unit_id__in=units), projects.filter(plan__unit_id__in=units)
    if request.method == "POST":
        project = goal_selectors.project_get(user=request.user, project_id=int(request.POST.get("project") or 0))
        round_ = Round.objects.filter(pk=request.POST.get("round") or 0, project=project).first()
        services.survey_create(project=project, name=request.POST.get("name", ""), round_=round_,
                               questions=request.POST.get("questions", "").splitlines(), user=request.user)
        messages.success(request, "已新建问卷")
        return redirect("relief:surveys")
    from django.db.models import Count

    rounds = Round.objects.filter(project__in=projects).select_related("project")
    return render(request, "relief/surveys.html", {"rows": rows.annotate(n=Count("responses")), "projects": projects,
                                                   "rounds": rounds,
                                                   "can_edit": permissions.may_act(request.user)})


@login_required
@require_POST
def survey_answers(request, survey_id: int):
    from .models import Survey

    survey = Survey.objects.select_related("project").filter(pk=survey_id).first()
    if survey is None:
        raise GoalsError("missing", "没有这份问卷")
    goal_selectors.project_get(user=request.user, project_id=survey.project_id)  # visible to this user
    name, rows = _uploaded_rows(request, "调查回答")
    count = services.survey_import(survey=survey, rows=rows, name=name, user=request.user)
    messages.success(request, f"已导入{count}份回答")
    return redirect("relief:surveys")


@login_required
@require_POST
def workers_import(request):
    return _import_people(request, services.workers_import, "劳模名册")


@login_required
@require_POST
def worker_check(request, worker_id: int):
    worker = ModelWorker.objects.filter(pk=worker_id).first()
    if worker is None or not in_unit(request.user, worker.unit_id):
        raise GoalsError("missing", "没有这位劳模，或你无权查看")
    try:
        year = int(request.POST.get("year", ""))
        on = parse_date(request.POST["date"]) if request.POST.get("date") else None
        cost = Decimal(request.POST.get("cost") or "0")
    except (ValueError, InvalidOperation):
        raise GoalsError("check", "年度、日期或费用无法识别") from None
    project = Project.objects.filter(plan__unit_id=worker.unit_id, plan__year=year,
                                     pk=request.POST.get("project") or 0).first()
    services.check_record(worker=worker, project=project, year=year, state=request.POST.get("state", "已检"), on=on,
                          institution=request.POST.get("institution", ""), cost=cost,
                          reason=request.POST.get("reason", ""), user=request.user)
    messages.success(request, f"已登记{worker.name}的体检")
    return redirect("relief:workers")


@login_required
@require_POST
def person_edit(request, person_id: int):
    person = selectors.beneficiary_list(user=request.user).filter(pk=person_id).first()
    if person is None:
        raise GoalsError("missing", "没有这个人，或你无权查看")
    fields = {k: request.POST.get(k, "").strip() for k in ("phone", "employer", "cause", "degree")}
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        raise GoalsError("version", "表单缺少版本号，请刷新页面后重试") from None
    services.beneficiary_update(beneficiary=person, fields=fields, version=version, user=request.user)
    messages.success(request, f"已保存{person.name}的档案")
    return redirect("relief:person", person_id=person.pk)
