"""The goals area of the API: plans (upload, workflow, copy to next year), projects,
indicators and 调整. The same services, selectors and permission checks as the pages."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Any, Literal

from django.shortcuts import get_object_or_404
from ninja import File, Path, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from ...core.problems import ReadError
from ...formats.jixiao_json import project_dict, to_dict
from ...formats.reader import read_bytes
from ...review import review_document
from ..downloads import CONTENT_TYPES, openapi_file, plan_file
from ..errors import ERRORS
from . import selectors, services
from .convert import plan_document, project_core
from .errors import GoalsError
from .forms import IndicatorForm, ProjectForm
from .models import Adjustment


def ID(what: str = "编号"):  # noqa: N802 - reads as a type in the signatures
    return Path(..., ge=1, le=2**62, description=what)


class InvalidFields(GoalsError):
    """A form's field errors, each named by its field: answered as 400 with `fields`."""

    def __init__(self, form):
        self.fields = {k: str(v[0]) for k, v in form.errors.items()}
        labels = {k: form.fields[k].label if k in form.fields else "" for k in self.fields}
        super().__init__("invalid", "字段有误：" + "；".join(f"{labels[k] or k}：{v}" for k, v in self.fields.items()))


# ---------------------------------------------------------------- schemas

class PlanOut(Schema):
    id: int
    unit_code: str
    unit_name: str
    year: int
    state: str
    state_label: str
    grade: str
    proposed_grade: str
    version: int


class FindingOut(Schema):
    code: str
    dimension: str
    severity: str
    project: str
    indicator: str
    field: str
    message: str
    hint: str


class ReviewOut(Schema):
    grade: str
    ruleset: str
    findings: list[FindingOut]


class ProjectRef(Schema):
    id: int
    code: str
    version: int


class PlanDetailOut(PlanOut):
    document: dict[str, Any] = Field(description="jixiao/1 JSON，见 jixiao schema")
    review: ReviewOut
    projects: list[ProjectRef]


class PublicPlanOut(PlanOut):
    document: dict[str, Any]


class ProjectOut(Schema):
    id: int
    plan_id: int
    version: int
    code: str
    name: str
    budget: dict[str, Any]
    purpose: str
    spending_plan: dict[str, Any]
    goals: list[str]
    indicators: list[dict[str, Any]]
    findings: list[FindingOut]


class IndicatorOut(Schema):
    id: int
    project_id: int
    project_version: int = Field(description="项目的版本号：修改指标时提交它")
    position: int
    level1: str
    level2: str
    name: str
    description: str
    target_raw: str
    basis: str


class VersionOut(Schema):
    id: int
    version: int


class AdjustmentOut(Schema):
    id: int
    indicator_id: int
    original: str
    revised: str
    reason: str
    state: str
    comment: str


class ActionIn(Schema):
    grade: str = Field("", max_length=2, description="grade时必填：优、良、中、差")
    comment: str = Field("", max_length=2000, description="审核意见；退回、评为中或差时填写")


class ProjectIn(Schema):
    version: int = Field(..., ge=0, le=2**62)
    code: str = Field(..., max_length=40)
    name: str = Field(..., max_length=200)
    total: str = Field(..., max_length=30, description="预算数（万元），如20.00")
    fiscal: str = Field(..., max_length=30, description="财政资金（万元）")
    other: str = Field(..., max_length=30, description="其他资金（万元）")
    purpose: str = Field("", max_length=5000)
    plan_3: str = Field("", max_length=10, description="3月底支出计划（%）")
    plan_6: str = Field("", max_length=10)
    plan_10: str = Field("", max_length=10)
    plan_12: str = Field("", max_length=10)
    goals: list[str] = Field([], max_length=100)


class IndicatorIn(Schema):
    version: int = Field(..., ge=0, le=2**62, description="项目的版本号")
    level1: str = Field(..., max_length=50, description="一级指标")
    level2: str = Field(..., max_length=50, description="二级指标")
    name: str = Field(..., max_length=200, description="三级指标")
    description: str = Field("", max_length=2000)
    target_raw: str = Field(..., max_length=200, description="指标值，如≥400人")
    basis: str = Field("", max_length=300)


class MoveIn(Schema):
    version: int = Field(..., ge=0, le=2**62, description="项目的版本号")
    direction: Literal["up", "down"]


class AdjustmentIn(Schema):
    revised: str = Field(..., max_length=200, description="调整后指标值")
    reason: str = Field(..., max_length=2000, description="调整理由")


class DecisionIn(Schema):
    decision: Literal["approve", "reject"]
    comment: str = Field("", max_length=2000)


# ---------------------------------------------------------------- outputs

def plan_out(plan) -> dict:
    return {"id": plan.pk, "unit_code": plan.unit.code, "unit_name": plan.unit.name, "year": plan.year,
            "state": plan.state, "state_label": plan.get_state_display(), "grade": plan.grade,
            "proposed_grade": plan.proposed_grade, "version": plan.version}


def _indicator_out(indicator) -> dict:
    return {"id": indicator.pk, "project_id": indicator.project_id, "project_version": indicator.project.version,
            "position": indicator.position, **{f: getattr(indicator, f) for f in (
                "level1", "level2", "name", "description", "target_raw", "basis")}}


def _adjustment_out(a: Adjustment) -> dict:
    return {"id": a.pk, "indicator_id": a.indicator_id, "original": a.original, "revised": a.revised,
            "reason": a.reason, "state": a.state, "comment": a.comment}


def _indicator_form(data: dict, framework: str) -> IndicatorForm:
    form = IndicatorForm(data, framework=framework)
    if not form.is_valid():
        raise InvalidFields(form)
    return form


# ---------------------------------------------------------------- plans

plans = Router(tags=["绩效目标"])


@plans.get("/", response={200: list[PlanOut], **ERRORS})
def plan_list(request, year: int | None = Query(None, ge=1, le=9999), state: str | None = Query(None, max_length=20),
              page: int = Query(1, ge=1, le=100000, description="每页200条")):
    rows = selectors.plan_list(user=request.user, filters={"year": year, "state": state})
    return [plan_out(p) for p in rows[(page - 1) * 200: page * 200]]


@plans.get("/{plan_id}", response={200: PlanDetailOut, **ERRORS})
def plan_detail(request, plan_id: int = ID()):
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    document = plan_document(plan)
    review = review_document(document)
    return {**plan_out(plan), "document": to_dict(document), "review": {
        "grade": review.grade, "ruleset": review.ruleset, "findings": [f.__dict__ for f in review.findings]},
        "projects": [{"id": p.pk, "code": p.code, "version": p.version} for p in plan.projects.all()]}


@plans.post("/", response={200: PlanOut, **ERRORS})
def plan_upload(request, file: File[UploadedFile]):
    """A goal document in any format the importer reads; one with errors is refused, listing them."""
    name = FilePath(file.name or "").name or "上传的文件"
    try:
        document, problems = read_bytes(file.read(), name)
    except ReadError as exc:
        raise GoalsError(exc.code, f"{name}：{exc.message}") from None
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        exc = GoalsError("invalid_document", f"{name}有{len(errors)}处错误，未导入")
        exc.fields = {p.place or str(k): p.message for k, p in enumerate(errors)}
        raise exc
    return plan_out(services.plan_import(document=document, user=request.user))


ACTIONS = ("submit", "unit_approve", "unit_return", "grade", "publish", "copy")


@plans.post("/{plan_id}/actions/{action}", response={200: PlanOut, **ERRORS})
def plan_action(request, action: str, payload: ActionIn, plan_id: int = ID()):
    """submit 提交、unit_approve 单位审核通过、unit_return 退回、grade 财政审核（grade, comment）、
    publish 公开、copy 以此生成下一年度草稿（返回新计划）。"""
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    return plan_out(services.plan_act(plan=plan, action=action, user=request.user, grade=payload.grade,
                                      comment=payload.comment))


# ---------------------------------------------------------------- projects

projects = Router(tags=["项目"])


@projects.get("/{project_id}", response={200: ProjectOut, **ERRORS})
def project_detail(request, project_id: int = ID()):
    project = selectors.project_get(user=request.user, project_id=project_id)
    document = plan_document(selectors.plan_get(user=request.user, plan_id=project.plan_id))
    data = project_dict(project_core(project))
    return {"id": project.pk, "plan_id": project.plan_id, "version": project.version,
            **{k: data.get(k) for k in ("code", "name", "budget", "purpose", "spending_plan", "goals", "indicators")},
            "findings": [f.__dict__ for f in review_document(document).findings if f.project == project.code]}


@projects.put("/{project_id}", response={200: VersionOut, **ERRORS})
def project_update(request, payload: ProjectIn, project_id: int = ID()):
    """Amounts in 万元 as strings, as the forms take them; the version you read, or 409."""
    project = selectors.project_get(user=request.user, project_id=project_id)
    data = payload.dict()
    data["goals"] = "\n".join(payload.goals)
    form = ProjectForm(data)
    if not form.is_valid():
        raise InvalidFields(form)
    services.project_update(project=project, fields=form.fields_to_save(), version=payload.version, user=request.user)
    return {"id": project.pk, "version": project.version}


@projects.post("/{project_id}/indicators", response={200: IndicatorOut, **ERRORS})
def indicator_create(request, payload: IndicatorIn, project_id: int = ID()):
    project = selectors.project_get(user=request.user, project_id=project_id)
    form = _indicator_form(payload.dict(), project.plan.framework)
    indicator = services.indicator_create(project=project, fields=form.fields_to_save(), version=payload.version,
                                          user=request.user)
    indicator.project.refresh_from_db()
    return _indicator_out(indicator)


# ---------------------------------------------------------------- indicators and 调整

indicators = Router(tags=["指标"])


@indicators.get("/{indicator_id}", response={200: IndicatorOut, **ERRORS})
def indicator_detail(request, indicator_id: int = ID()):
    return _indicator_out(selectors.indicator_get(user=request.user, indicator_id=indicator_id))


@indicators.put("/{indicator_id}", response={200: IndicatorOut, **ERRORS})
def indicator_update(request, payload: IndicatorIn, indicator_id: int = ID()):
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    form = _indicator_form(payload.dict(), indicator.project.plan.framework)
    services.indicator_update(indicator=indicator, fields=form.fields_to_save(), version=payload.version,
                              user=request.user)
    indicator.project.refresh_from_db()
    return _indicator_out(indicator)


@indicators.delete("/{indicator_id}", response={200: VersionOut, **ERRORS})
def indicator_delete(request, indicator_id: int = ID(), version: int = Query(..., ge=0, le=2**62,
                                                                            description="项目的版本号")):
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    project = indicator.project
    services.indicator_delete(indicator=indicator, version=version, user=request.user)
    project.refresh_from_db()
    return {"id": project.pk, "version": project.version}


@indicators.post("/{indicator_id}/move", response={200: VersionOut, **ERRORS})
def indicator_move(request, payload: MoveIn, indicator_id: int = ID()):
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    services.indicator_move(indicator=indicator, up=payload.direction == "up", version=payload.version,
                            user=request.user)
    indicator.project.refresh_from_db()
    return {"id": indicator.project_id, "version": indicator.project.version}


@indicators.post("/{indicator_id}/adjustments", response={200: AdjustmentOut, **ERRORS})
def adjustment_request(request, payload: AdjustmentIn, indicator_id: int = ID()):
    """调整 of an approved target: finance decides; the original is kept."""
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    return _adjustment_out(services.adjustment_request(indicator=indicator, revised=payload.revised,
                                                       reason=payload.reason, user=request.user))


adjustments = Router(tags=["指标"])


@adjustments.post("/{adjustment_id}/decide", response={200: AdjustmentOut, **ERRORS})
def adjustment_decide(request, payload: DecisionIn, adjustment_id: int = ID()):
    adjustment = get_object_or_404(Adjustment, pk=adjustment_id)
    selectors.indicator_get(user=request.user, indicator_id=adjustment.indicator_id)  # visible to this user
    return _adjustment_out(services.adjustment_decide(adjustment=adjustment, approve=payload.decision == "approve",
                                                      comment=payload.comment, user=request.user))


# ---------------------------------------------------------------- public

@plans.get("/{plan_id}/download/{fmt}", response=ERRORS, openapi_extra=openapi_file(*CONTENT_TYPES))
def plan_download(request, fmt: Literal["docx", "xlsx", "pdf", "json"], plan_id: int = ID()):
    """The goal document in the official layout (.docx/.xlsx/.pdf) or as jixiao/1 JSON."""
    return plan_file(selectors.plan_get(user=request.user, plan_id=plan_id), fmt)


public = Router(tags=["公开"], auth=None)


@public.get("/plans", response={200: list[PlanOut], **ERRORS})
def public_plans(request):
    return [plan_out(p) for p in selectors.published_plans()]


@public.get("/plans/{unit_code}/{year}", response={200: PublicPlanOut, **ERRORS})
def public_plan(request, unit_code: str = Path(..., max_length=20), year: int = Path(..., ge=1, le=9999)):
    plan = selectors.published_plan(unit_code=unit_code, year=year)
    return {**plan_out(plan), "document": to_dict(plan_document(plan))}
