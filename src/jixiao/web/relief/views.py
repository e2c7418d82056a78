"""Pages of the programmes: registers (personal data masked by role), rounds and payments,
health checks, and where an indicator's actual comes from. The views only translate: forms
type what was posted, selectors read, services write."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from ...relief.errors import RoundError
from ...relief.metrics import CATALOGUE
from ...relief.persons import mask_id
from ...relief.register import CAUSES, DEGREES
from ...relief.rounds import check_budget
from ..downloads import bank_list_file
from ..goals import selectors as goal_selectors
from ..history import selectors as history
from ..history.services import ACTIONS
from . import errors, forms, permissions, selectors, services
from .models import Round


@login_required
@require_GET
def register(request):
    q = request.GET.get("q", "").strip()
    rows = selectors.beneficiary_list(user=request.user, q=q)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    people = [{"person": p, **selectors.masked(p, permissions.sees_personal_data(request.user, p.unit_id))}
              for p in page.object_list]
    units = selectors.unit_list(user=request.user)
    return render(request, "relief/register.html", {
        "page": page, "people": people, "filters": {"q": q}, "units": units,
        "history": history.history_list(*units, actions=["register.imported"], limit=history.limit_of(request)),
        "can_import": permissions.may_act(request.user), "causes": CAUSES, "degrees": DEGREES})


def _uploaded_rows(request, what: str, nothing: str = "记录") -> tuple[str, list[list[str]]]:
    """The uploaded table (.xlsx or .csv) as rows; a broken file imports nothing."""
    upload = forms.UploadForm(request.POST, request.FILES).upload(what)
    return services.upload_rows(name=upload.name, data=upload.read(), nothing=nothing)


PENDING = "relief_pending_import"  # the session key of an uploaded file awaiting the user's choice
# Tables imported on the relief pages, by kind: what they are, the check that reads them whole,
# and the import that writes them (with only_good after the user's choice).
TABLES = {"register": ("困难职工档案", services.register_check, services.register_import),
          "workers": ("劳模名册", services.workers_check, services.workers_import)}


def _import_people(request, importer, what: str):
    """A register or 劳模名册 checked whole: all good, it is imported; otherwise nothing is, and the
    page lists every bad row and asks whether to import only the good ones (kept in the session)."""
    kind = next(k for k, (_, _, imports) in TABLES.items() if imports is importer)
    form = forms.ImportForm(request.POST, request.FILES, units=selectors.unit_list(user=request.user), what=what)
    values = form.values()
    name, rows = services.upload_rows(name=values["file"].name, data=values["file"].read())
    permissions.require_officer(request.user, values["unit"].pk)
    good, bad = TABLES[kind][1](unit=values["unit"], rows=rows)
    if bad:
        return _preview(request, kind, values["unit"].pk, name, rows, len(good), [str(b) for b in bad])
    count, _ = importer(unit=values["unit"], rows=rows, user=request.user, name=name)
    return render(request, "relief/import_report.html", {"name": name, "count": count, "bad": []})


def _preview(request, kind: str, target: int, name: str, rows: list[list], good: int, bad: list[str]):
    request.session[PENDING] = {"kind": kind, "round": None, "target": target, "name": name,
                                "rows": [["" if c is None else str(c) for c in row] for row in rows]}
    what = TABLES[kind][0] if kind in TABLES else "调查回答"
    return render(request, "relief/import_preview.html", {"name": name, "what": what, "good": good, "bad": bad})


@login_required
@require_POST
def import_confirm(request):
    """只导入合格的行 (or 取消) for a register, 劳模名册 or survey answers kept by `_preview`."""
    pending = request.session.pop(PENDING, None)
    if request.POST.get("action") != "import":
        messages.info(request, "已取消，未导入任何记录")
        back = {"survey": "relief:surveys", "workers": "relief:workers"}.get((pending or {}).get("kind"))
        return redirect(back or "relief:register")
    if not pending or pending.get("kind") not in (*TABLES, "survey"):
        raise errors.ReliefError(errors.IMPORT_EXPIRED, errors.IMPORT_EXPIRED_MESSAGE)
    name, rows = pending["name"], pending["rows"]
    if pending["kind"] == "survey":
        survey = selectors.survey_get(user=request.user, survey_id=pending["target"])
        count = services.survey_import(survey=survey, rows=rows, name=name, user=request.user, only_good=True)
        messages.success(request, f"{name}：已导入{count}份回答（有误的行未导入）")
        return redirect("relief:surveys")
    unit = selectors.unit_list(user=request.user).filter(pk=pending["target"]).first()
    if unit is None:
        raise errors.ReliefError(errors.UNIT, errors.UNIT_MESSAGE)
    count, bad = TABLES[pending["kind"]][2](unit=unit, rows=rows, user=request.user, name=name, only_good=True)
    return render(request, "relief/import_report.html", {"name": name, "count": count, "bad": bad})


@login_required
@require_POST
def register_import(request):
    return _import_people(request, services.register_import, "困难职工档案")


@login_required
@require_POST
def person_create(request):
    """One person added to the register by hand."""
    values = forms.PersonCreateForm(request.POST, units=selectors.unit_list(user=request.user))
    fields = values.person_fields()
    person = services.beneficiary_create(unit=values.cleaned_data["unit"], fields=fields, user=request.user)
    messages.success(request, f"已将{person.name}建档")
    return redirect("relief:person", person_id=person.pk)


@login_required
@require_GET
def person(request, person_id: int):
    person = selectors.beneficiary_get(user=request.user, person_id=person_id)
    full = permissions.sees_personal_data(request.user, person.unit_id)
    return render(request, "relief/person.html", {"p": person, **selectors.masked(person, full),
                                                  "history": selectors.beneficiary_history(
                                                      person, full, limit=history.limit_of(request)),
                                                  "actions": ACTIONS, "causes": CAUSES, "degrees": DEGREES,
                                                  "can_edit": full and permissions.may_act(request.user, person.unit_id)})


@login_required
@require_POST
def person_move(request, person_id: int):
    person = selectors.beneficiary_get(user=request.user, person_id=person_id)
    values = forms.MoveForm(request.POST).values()
    person = services.beneficiary_move(beneficiary=person, to=values["status"], on=values["date"], user=request.user,
                                       version=values["version"])
    messages.success(request, f"{person.name}：{person.status}")
    return redirect("relief:person", person_id=person.pk)


@login_required
@require_POST
def person_edit(request, person_id: int):
    person = selectors.beneficiary_get(user=request.user, person_id=person_id)
    form = forms.PersonEditForm(request.POST)
    fields = form.fields_to_edit()
    services.beneficiary_update(beneficiary=person, fields=fields, version=form.cleaned_data["version"],
                                user=request.user)
    messages.success(request, f"已保存{person.name}的档案")
    return redirect("relief:person", person_id=person.pk)


@login_required
@require_GET
def rounds(request):
    return render(request, "relief/rounds.html", {"rounds": selectors.round_list(user=request.user),
                                                  "projects": selectors.approved_projects(user=request.user),
                                                  "can_create": permissions.may_act(request.user)})


@login_required
@require_POST
def round_create(request):
    values = forms.RoundForm(request.POST).values()
    project = goal_selectors.project_get(user=request.user, project_id=values["project"] or 0)
    r = services.round_create(project=project, name=values["name"], kind=values["kind"], start=values["start"],
                              end=values["end"], degrees=values["degrees"], user=request.user)
    return redirect("relief:round", round_id=r.pk)


@login_required
@require_GET
def round_detail(request, round_id: int):
    r = selectors.round_get(user=request.user, round_id=round_id)
    full = permissions.sees_personal_data(request.user, r.project.plan.unit_id)
    no_standard = selectors.standard_missing(r) if r.state == Round.DRAFT else None
    entries, left_out = (selectors.round_draw(r) if r.state == Round.DRAFT and no_standard is None else ([], []))
    listed = selectors.round_listed(r) if r.state == Round.APPROVED else []
    show = (lambda n: n) if full else mask_id
    unpaid = selectors.without_bank_account(r, entries if r.state == Round.DRAFT else None)
    remaining = r.project.total - selectors.committed(r.project, leave_out=r)
    try:  # said on the draft, where it can still be changed, not only when the approver presses the button
        check_budget(entries, remaining)
        over_budget = ""
    except RoundError as error:
        over_budget = f"{error.message}，审批时将被拒绝：请检查项目和救助类别是否选对，或调整救助标准"
    return render(request, "relief/round.html", {
        "no_account": errors.NO_BANK_ACCOUNT_WARNING.format(count=len(unpaid), people=selectors.people_text(
            unpaid, full)) if unpaid else "",
        "r": r, "draft": entries, "left_out": left_out, "listed": listed, "show": show, "full": full,
        "history": history.history_list(r, limit=history.limit_of(request)),
        "no_standard": no_standard,
        "total": sum((e.amount for e in entries), Decimal(0)),
        "remaining": remaining, "over_budget": over_budget,
        "can_act": full and permissions.may_act(request.user, r.project.plan.unit_id),
        "can_approve": permissions.may_approve_round(request.user, r.project.plan.unit_id)
        and r.created_by_id != request.user.pk, "seen": services.round_seen(entries)})


@login_required
@require_POST
def round_delete(request, round_id: int):
    """A draft round deleted; the project's history keeps it."""
    r = selectors.round_get(user=request.user, round_id=round_id)
    services.round_delete(round_=r, user=request.user)
    messages.success(request, f"已删除草稿轮次“{r.name}”")
    return redirect("relief:rounds")


@login_required
@require_POST
def round_approve(request, round_id: int):
    r = selectors.round_get(user=request.user, round_id=round_id)
    count = services.round_approve(round_=r, user=request.user, seen=request.POST.get("seen") or None)  # none: no check
    messages.success(request, f"已审批，名单{count}人已冻结")
    unpaid = selectors.without_bank_account(r)
    if unpaid:
        full = permissions.sees_personal_data(request.user, r.project.plan.unit_id)
        messages.warning(request, errors.NO_BANK_ACCOUNT_WARNING.format(
            count=len(unpaid), people=selectors.people_text(unpaid, full)))
    return redirect("relief:round", round_id=r.pk)


@login_required
@require_GET
def round_bank_list(request, round_id: int):
    return bank_list_file(selectors.round_get(user=request.user, round_id=round_id), request.user)


@login_required
@require_POST
def round_payments(request, round_id: int):
    """The bank's return file (身份证号, 金额, 日期[, 状态]) checked whole: when every row is good it is
    recorded; otherwise nothing is, and the page lists every bad row and asks whether to import only
    the good ones (the rows wait in the session)."""
    r = selectors.round_get(user=request.user, round_id=round_id)
    name, rows = _uploaded_rows(request, "发放结果")
    permissions.require_officer(request.user, r.project.plan.unit_id)
    check = services.payments_check(round_=r, rows=rows, name=name)
    if not check.bad:
        report = services.payments_import(round_=r, rows=rows, name=name, user=request.user)
        messages.success(request, f"{name}：{report['summary']}")
        return redirect("relief:round", round_id=r.pk)
    request.session[PENDING] = {"round": r.pk, "name": name,
                                "rows": [["" if c is None else str(c) for c in row] for row in rows]}
    return render(request, "relief/payments_preview.html", {"r": r, "report": services.import_report(name, check),
                                                            "good": check.good})


@login_required
@require_POST
def round_payments_confirm(request, round_id: int):
    """只导入合格的行 (or 取消): the file kept in the session by `round_payments`."""
    r = selectors.round_get(user=request.user, round_id=round_id)
    pending = request.session.pop(PENDING, None)
    if request.POST.get("action") != "import":
        messages.info(request, "已取消，未导入任何记录")
        return redirect("relief:round", round_id=r.pk)
    if not pending or pending.get("round") != r.pk:
        raise errors.ReliefError(errors.IMPORT_EXPIRED, errors.IMPORT_EXPIRED_MESSAGE)
    report = services.payments_import(round_=r, rows=pending["rows"], name=pending["name"], user=request.user,
                                      only_good=True)
    messages.success(request, f"{pending['name']}：{report['summary']}（有误的行未导入）")
    return redirect("relief:round", round_id=r.pk)


@login_required
@require_POST
def payment_reverse(request, payment_id: int):
    """冲正 a payment: a new record reversing it, with the state that really happened and a reason."""
    payment = selectors.payment_get(user=request.user, payment_id=payment_id)
    values = forms.ReverseForm(request.POST).values()
    services.payment_reverse(payment=payment, status=values["status"], reason=values["reason"],
                             amount=values["amount"], on=values["date"], user=request.user)
    messages.success(request, f"已冲正{payment.entry.name}的发放")
    return redirect("relief:round", round_id=payment.entry.round_id)


@login_required
@require_GET
def workers(request):
    listed = [{"w": w, "id": w.id_number if permissions.sees_personal_data(request.user, w.unit_id)
               else mask_id(w.id_number), "checks": list(w.checks.all()), "seen": services.checks_seen(w)}
              for w in selectors.worker_list(user=request.user)]
    units = selectors.unit_list(user=request.user)
    limit = history.limit_of(request)
    changes = history.newest(history.history_list(*units, actions=["workers.imported"], limit=limit),
                             history.history_of_kind("modelworker", [w["w"].pk for w in listed], limit=limit),
                             limit=limit)
    return render(request, "relief/workers.html", {"workers": listed, "units": units, "history": changes,
                                                   "projects": selectors.unit_projects(user=request.user),
                                                   "can_edit": permissions.may_act(request.user)})


@login_required
@require_POST
def workers_import(request):
    return _import_people(request, services.workers_import, "劳模名册")


@login_required
@require_POST
def worker_check(request, worker_id: int):
    worker = selectors.worker_get(user=request.user, worker_id=worker_id)
    values = forms.CheckForm(request.POST).values()
    project = selectors.check_project(worker=worker, year=values["year"], project_id=values["project"])
    services.check_record(worker=worker, project=project, year=values["year"], state=values["state"],
                          on=values["date"], institution=values["institution"], cost=values["cost"],
                          reason=values["reason"], user=request.user, seen=values["seen"] or None)  # none sent: no check
    messages.success(request, f"已登记{worker.name}的体检")
    return redirect("relief:workers")


@login_required
@require_GET
def actual(request, indicator_id: int):
    """Where an indicator's actual comes from: the metric, its value and the records it counted."""
    return _actual_page(request, goal_selectors.indicator_get(user=request.user, indicator_id=indicator_id))


def _actual_page(request, indicator, bind_error: str = "", status: int = 200):
    binding = getattr(indicator, "binding", None)
    value = selectors.metric_value(indicator)
    full = permissions.sees_personal_data(request.user, indicator.project.plan.unit_id)
    records = selectors.drill_down(value.records, full) if value is not None else []
    can_bind = permissions.may_bind(request.user, indicator.project.plan.unit_id)
    return render(request, "relief/actual.html", {"indicator": indicator, "binding": binding, "value": value,
                                                  "records": records, "catalogue": CATALOGUE.values(),
                                                  "history": history.history_list(
                                                      indicator, limit=history.limit_of(request)),
                                                  "can_bind": can_bind, "bind_error": bind_error,
                                                  "seen": services.binding_seen(binding),
                                                  "params": getattr(binding, "params", None) or {},
                                                  "metric": CATALOGUE.get(getattr(binding, "metric", ""))},
                  status=status)


@login_required
@require_POST
def bind(request, indicator_id: int):
    """Set, change or remove an indicator's metric; a metric whose unit cannot be compared with the
    target is refused beside the form (400), naming both units, and nothing changes."""
    indicator = goal_selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    form = forms.BindForm(request.POST)
    params = form.params()
    try:
        services.binding_set(indicator=indicator, metric=form.cleaned_data["metric"], params=params,
                             user=request.user, seen=form.cleaned_data["seen"] or None)  # none sent: no check
    except errors.ReliefError as exc:
        if exc.code not in (errors.BINDING_UNIT, errors.BINDING_STALE):
            raise
        return _actual_page(request, indicator, bind_error=exc.message, status=exc.status)
    messages.success(request, "已设置取数口径")
    return redirect("relief:actual", indicator_id=indicator.pk)


@login_required
def standards(request):
    units = selectors.unit_list(user=request.user)
    if request.method == "POST":
        values = forms.StandardForm(request.POST, units=units).values()
        services.standard_set(unit=values["unit"], year=values["year"], kind=values["kind"], degree=values["degree"],
                              cause=values["cause"], amount=values["amount"], user=request.user,
                              seen=values["seen"] or None)  # none sent: no check
        messages.success(request, "已保存救助标准")
        return redirect("relief:standards")
    rows = [(s, services.standard_seen(s)) for s in selectors.standard_list(user=request.user)]
    return render(request, "relief/standards.html", {"rows": rows, "new_seen": services.standard_seen(None),
                                                     "history": history.history_list(
                                                         *units, actions=["standard.set"], limit=history.limit_of(request)),
                                                     "units": units, "can_edit": permissions.may_act(request.user),
                                                     "causes": CAUSES, "degrees": DEGREES})


@login_required
def surveys(request):
    if request.method == "POST":
        values = forms.SurveyForm(request.POST).values()
        project = goal_selectors.project_get(user=request.user, project_id=values["project"] or 0)
        services.survey_create(project=project, name=values["name"], questions=values["questions"],
                               round_=selectors.round_of_project(project=project, round_id=values["round"]),
                               on=values["date"], user=request.user)
        messages.success(request, "已新建问卷")
        return redirect("relief:surveys")
    projects = selectors.unit_projects(user=request.user)
    rows = selectors.survey_list(user=request.user)
    return render(request, "relief/surveys.html", {"rows": rows,
                                                   "history": history.history_of_kind(
                                                       "survey", [s.pk for s in rows], limit=history.limit_of(request)),
                                                   "projects": projects,
                                                   "rounds": selectors.round_list(user=request.user),
                                                   "can_edit": permissions.may_act(request.user)})


@login_required
@require_POST
def survey_answers(request, survey_id: int):
    survey = selectors.survey_get(user=request.user, survey_id=survey_id)
    name, rows = _uploaded_rows(request, "调查回答")
    permissions.require_officer(request.user, survey.project.plan.unit_id)
    good, bad = services.survey_check(survey=survey, rows=rows, name=name)
    if bad:
        return _preview(request, "survey", survey.pk, name, rows, len(good), [str(b) for b in bad])
    count = services.survey_import(survey=survey, rows=rows, name=name, user=request.user)
    messages.success(request, f"已导入{count}份回答")
    return redirect("relief:surveys")
