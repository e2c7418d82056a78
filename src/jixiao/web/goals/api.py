"""The goals area of the API: plans (upload, workflow, copy to next year), projects,
indicators and 调整. The same services, selectors and permission checks as the pages."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

from django.shortcuts import get_object_or_404
from ninja import File, Path, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from ...formats import limits
from ...formats.jixiao_json import project_dict, to_dict
from ...formats.reader import read_bytes
from ...review import review_document
from ..api_params import ID
from ..downloads import CONTENT_TYPES, openapi_file, plan_file
from ..errors import ERRORS
from ..public.api import PublicationOut, publication_out
from . import errors as e
from . import selectors, services
from .convert import plan_document, plan_form, project_core
from .errors import GoalsError
from .forms import IndicatorForm, ProjectForm
from .models import Adjustment
from .previous import last_year_of, plan_previous


class InvalidFields(GoalsError):
    """A form's field errors, each named by its field: answered as 400 with `fields`."""

    def __init__(self, form):
        fields = {k: str(v[0]) for k, v in form.errors.items()}
        labels = {k: form.fields[k].label if k in form.fields else "" for k in fields}
        super().__init__(e.INVALID, e.INVALID_MESSAGE.format(fields="；".join(
            f"{labels[k] or k}：{v}" for k, v in fields.items())), fields=fields)


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
    ruleset: str = Field(description="评判本绩效目标所用的规则集代码")
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
    document: dict[str, Any] = Field(description="`jixiao/1` JSON格式的绩效目标文档，格式见`jixiao schema`命令")
    review: ReviewOut
    projects: list[ProjectRef]


class PublicPlanOut(PlanOut):
    document: dict[str, Any]


class ProjectOut(Schema):
    id: int
    plan_id: int
    version: int
    review_state: str = Field(description="财政审核状态：`pending`待审核、`approved`已通过、`returned`已退回")
    grade: str = Field(description="财政审核等级（优、良、中、差），未评级为空")
    grade_comment: str
    proposed_grade: str = Field(description="审核规则得出的建议等级")
    code: str
    name: str
    budget: dict[str, Any]
    purpose: str
    spending_plan: dict[str, Any]
    goals: list[str]
    indicators: list[dict[str, Any]] = Field(description="指标，各带`last_year`（历史标准：同一项目同名指标的上年"
                                                  "年度、指标值和实际完成值；上年无此指标时为空）")
    findings: list[FindingOut]


class LastYearOut(Schema):
    year: int = Field(description="上一年度")
    target: str = Field(description="上年指标值")
    actual: str = Field(description="上年实际完成值（按自评取数：绑定取数口径的由记录计算，否则为填报值）；无则为空")


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
    last_year: LastYearOut | None = Field(None, description="历史标准：同一项目（按项目编码或名称）同名指标的上年指标值和"
                                                            "实际完成值；上年无此指标时为空")


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
    grade: str = Field("", max_length=2, description="`grade`操作时必填：优、良、中、差")
    comment: str = Field("", max_length=2000, description="审核意见；退回、评为中或差时填写")
    confirm_warnings: bool = Field(False, description="`submit`时：审核有警告的，须传`true`表示已阅读并确认提交")


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
            "proposed_grade": plan.proposed_grade, "ruleset": plan.ruleset, "version": plan.version}


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


@plans.get("/", response={200: list[PlanOut], **ERRORS}, summary="绩效目标列表",
           description="列出当前用户可见的绩效目标（本单位的；财政审核和管理员可见全部单位），按年度从新到旧排列，"
                       "每页200条。可按预算年度`year`和状态`state`（`draft`草稿、`submitted`已提交、"
                       "`finance_review`财政审核、`approved`已批复、`published`已公开）筛选。已登录的用户均可调用。")
def plan_list(request, year: int | None = Query(None, ge=1, le=9999, description="预算年度，如2021"),
              state: str | None = Query(None, max_length=20, description="状态代码，如`draft`、`approved`"),
              page: int = Query(1, ge=1, le=100000, description="每页200条")):
    rows = selectors.plan_list(user=request.user, filters={"year": year, "state": state})
    return [plan_out(p) for p in rows[(page - 1) * 200: page * 200]]


@plans.get("/{plan_id}", response={200: PlanDetailOut, **ERRORS}, summary="绩效目标详情",
           description="一份绩效目标的全部内容：`jixiao/1` JSON格式的文档`document`，按规则集审核的结果`review`（建议"
                       "等级和发现的问题），以及各项目的编号和版本号。已登录的用户均可调用；"
                       "不属于本单位的绩效目标（财政审核和管理员除外）答复404。")
def plan_detail(request, plan_id: int = ID("绩效目标编号")):
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    document = plan_document(plan)
    review = review_document(document, plan.rules, previous=plan_previous(plan))
    return {**plan_out(plan), "document": to_dict(document), "review": {
        "grade": review.grade, "ruleset": review.ruleset, "findings": [f.__dict__ for f in review.findings]},
        "projects": [{"id": p.pk, "code": p.code, "version": p.version} for p in plan.projects.all()]}


@plans.post("/", response={200: PlanOut, **ERRORS}, summary="上传绩效目标文件",
            description="上传一份绩效目标申报表（Word、Excel、PDF、JSON或纯文本），"
                        "导入为该单位该年度的绩效目标：文件写有单位编码时归入该编码的单位；没有单位编码时归入名称与文件所写完全相同的单位，"
                        "没有这样的单位时归入上传者所属的唯一单位。该年度已有草稿时替换它。须为该单位的单位填报或管理员，"
                        "否则答复403；单位尚未建立时只有管理员可以导入（同时建立该单位）。"
                        "文件无法读取或有错误时整份不导入，答复400，`fields`中逐处列出错误；该年度的绩效目标已提交、"
                        "审核中或已批复时不能覆盖，答复409。")
def plan_upload(request, file: Annotated[UploadedFile, File(description="绩效目标申报表文件")]):
    """A goal document in any format the importer reads; one with errors is refused, listing them."""
    name = FilePath(file.name or "").name or "上传的文件"
    limits.check_upload(name, file.size)  # before it is read
    document, problems = read_bytes(file.read(), name)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise GoalsError(e.INVALID_DOCUMENT, e.INVALID_DOCUMENT_MESSAGE.format(name=name, count=len(errors)),
                         fields={p.place or str(k): p.message for k, p in enumerate(errors)})
    return plan_out(services.plan_import(document=document, user=request.user))


ACTIONS = ("submit", "unit_approve", "unit_return", "grade", "publish", "copy")


@plans.post("/{plan_id}/actions/{action}", response={200: PlanOut, **ERRORS}, summary="执行流程操作",
            description="对绩效目标执行一步流程操作，`action`取值：`submit`提交审核（草稿时，单位填报）；"
                        "`unit_approve`单位审核通过并送财政审核（单位审核）；`unit_return`退回修改，"
                        "须附退回意见`comment`（单位审核）；`grade`财政审核评级（财政审核），`grade`为优、良、中、差，优、"
                        "良即批复，中、差退回单位修改且须填写`comment`；`publish`公开已批复的绩效目标（单位审核或财政"
                        "审核）；`copy`以此生成下一年度的草稿（单位填报），答复新的绩效目标。管理员可执行全部操作。"
                        "审核发现错误的不能提交，答复409，`fields`中逐条列出；审核只有警告的，提交时须传"
                        "`confirm_warnings: true`，否则答复400并列出警告。"
                        "角色不符答复403；当前状态不能执行该操作（如已被他人处理）或下一年度已存在时答复409；"
                        "未知的操作、等级不合要求或缺少审核意见时答复400。")
def plan_action(request, action: Annotated[str, Path(description="操作，见上")], payload: ActionIn,
                plan_id: int = ID("绩效目标编号")):
    """submit 提交、unit_approve 单位审核通过、unit_return 退回、grade 财政审核（grade, comment）、
    publish 公开、copy 以此生成下一年度草稿（返回新计划）。"""
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    return plan_out(services.plan_act(plan=plan, action=action, user=request.user, grade=payload.grade,
                                      comment=payload.comment, confirm_warnings=payload.confirm_warnings))


class PlanRulesetIn(Schema):
    ruleset: str = Field(..., min_length=1, max_length=40, description="新的规则集代码：内置的（如CZ-2020-10-B80）或"
                                                                    "本系统规则集文件夹中的（`jixiao rulesets`列出）")
    reason: str = Field(..., max_length=500, description="更换理由（必填，记入变更历史）")
    version: int = Field(..., ge=0, le=2**62, description="绩效目标的版本号（`version`），即据以决定更换的那一版")


@plans.patch("/{plan_id}/ruleset", response={200: PlanOut, **ERRORS}, summary="更换规则集",
             description="更换评判这份绩效目标的规则集：其后的审核意见和建议等级、监控、自评和结果应用都按新规则集计算。"
                         "只有草稿、已提交和财政审核中的绩效目标可以更换，已批复、已公开的答复409并说明原因；"
                         "须为管理员或本单位所属财政部门的财政审核，否则答复403（看不到这份绩效目标的答复404）；"
                         "须写更换理由，规则集不存在、与现在的相同或缺少理由时答复400；`version`不是当前版本"
                         "（他人已改动）时答复409，不做任何更改。")
def plan_ruleset_change(request, payload: PlanRulesetIn, plan_id: int = ID("绩效目标编号")):
    from .rulesets import plan_ruleset_change as change

    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    return plan_out(change(plan=plan, ruleset=payload.ruleset, reason=payload.reason, version=payload.version,
                           user=request.user))


# ---------------------------------------------------------------- published goals and their 更正

class GoalChangeOut(Schema):
    place: str = Field(description="哪里不同：项目、指标或部门整体的哪一项")
    published: str = Field(description="公开的内容；公开时没有的为“（无）”")
    now: str = Field(description="现行的内容；已没有的为“（无）”")


class GoalsPublishedOut(PublicationOut):
    changes: list[GoalChangeOut] = Field(description="现行目标与公开版本的不同之处（公开后获批的调整）；一致时为空")
    seen: str = Field(description="所见内容的标识，更正时原样传回：其后有人更正或又有调整获批，更正答复409")
    publications: list[PublicationOut] = Field(description="历次公开和更正，最新（现行）的在前")


class GoalsCorrectionIn(Schema):
    reason: str = Field(..., max_length=500, description="更正原因（必填，公开页面显示）")
    seen: str | None = Field(None, max_length=64, description="读取公开的绩效目标时得到的`seen`（可选）：其后有人更正"
                                                              "或又有调整获批则答复409，不作修改；不填则以本次为准")


def _goals_published_out(plan, published) -> dict:
    from ..public import selectors as public

    changes = public.published_goal_changes(plan, published)
    return publication_out(published) | {
        "changes": [{"place": c.place, "published": c.published, "now": c.now} for c in changes],
        "seen": public.goals_seen(published, changes),
        "publications": [publication_out(p) for p in public.published_plan_list(plan)]}


@plans.get("/{plan_id}/published-goals", response={200: GoalsPublishedOut, **ERRORS}, summary="公开的绩效目标",
           description="已公开的绩效目标的现行公开版本、现行目标与它的不同之处（公开后获批的调整，须经更正才公开）"
                       "以及历次公开和更正。可查看该绩效目标的用户均可调用；尚未公开时答复404。")
def goals_published(request, plan_id: int = ID("绩效目标编号")):
    from ..public import selectors as public

    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    published = public.published_plan(plan) if plan.state == plan.PUBLISHED else None
    if published is None:
        raise e.NotFound(e.NO_GOALS_PUBLICATION_MESSAGE.format(plan=plan))
    return _goals_published_out(plan, published)


@plans.post("/{plan_id}/goal-corrections", response={200: GoalsPublishedOut, **ERRORS}, summary="更正公开的绩效目标",
            description="以现行的绩效目标（项目和部门整体，含公开后获批的调整）更正公开版本，须写明原因（否则400），"
                        "公开页面显示更正日期和原因，原公开版本仍可查看。须为可公开该绩效目标的角色（单位审核、财政审核或"
                        "管理员，否则403）；尚未公开、与现行目标一致或`seen`已过时答复409。")
def goals_correct(request, payload: GoalsCorrectionIn, plan_id: int = ID("绩效目标编号")):
    from ..public import services as public

    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    corrected = public.published_plan_correct(plan=plan, reason=payload.reason, user=request.user, seen=payload.seen)
    return _goals_published_out(plan, corrected)


# ---------------------------------------------------------------- projects

projects = Router(tags=["项目"])


@projects.get("/{project_id}", response={200: ProjectOut, **ERRORS}, summary="项目详情",
              description="一个项目的预算、支出计划、年度目标和指标，以及审核规则在该项目上发现的问题。"
                          "已登录的用户均可调用；不属于本单位的项目（财政审核和管理员除外）答复404。")
def project_detail(request, project_id: int = ID("项目编号")):
    project = selectors.project_get(user=request.user, project_id=project_id)
    document = plan_document(selectors.plan_get(user=request.user, plan_id=project.plan_id))
    data = project_dict(project_core(project))
    previous = plan_previous(project.plan)
    last = last_year_of(project.plan, previous) if previous else {}
    rows = list(project.indicators.all())  # in the order project_dict gives them
    indicators = [{**i, "last_year": None if (found := last.get(row.pk)) is None or previous is None else
                   {"year": previous.year, "target": found.target, "actual": found.actual_text}}
                  for i, row in zip(data.get("indicators") or [], rows, strict=False)]
    return {"id": project.pk, "plan_id": project.plan_id, "version": project.version,
            **{k: getattr(project, k) for k in ("review_state", "grade", "grade_comment", "proposed_grade")},
            **{k: data.get(k) for k in ("code", "name", "budget", "purpose", "spending_plan", "goals")},
            "indicators": indicators,
            "findings": [f.__dict__ for f in review_document(document, project.plan.rules, previous=previous).findings
                         if f.project == (project.code or project.name)]}


@projects.put("/{project_id}", response={200: VersionOut, **ERRORS}, summary="修改项目",
              description="修改草稿中的项目：编码、名称、预算数、财政资金和其他资金（万元，以文本提交，"
                          "与页面表单相同）、立项目的、各期支出计划（%）和年度目标。须为本单位的单位填报或管理员，"
                          "否则答复403；绩效目标已提交或批复时答复409（批复后请申请调整）。"
                          "`version`为读取时项目的版本号，期间已被他人修改时答复409；字段有误答复400，"
                          "`fields`中逐项说明。答复项目的新版本号。")
def project_update(request, payload: ProjectIn, project_id: int = ID("项目编号")):
    """Amounts in 万元 as strings, as the forms take them; the version you read, or 409."""
    project = selectors.project_get(user=request.user, project_id=project_id)
    data = payload.dict()
    data["goals"] = "\n".join(payload.goals)
    form = ProjectForm(data, form=plan_form(project.plan, []))
    if not form.is_valid():
        raise InvalidFields(form)
    services.project_update(project=project, fields=form.fields_to_save(), version=payload.version, user=request.user)
    return {"id": project.pk, "version": project.version}


@projects.post("/{project_id}/indicators", response={200: IndicatorOut, **ERRORS}, summary="新增指标",
               description="在草稿中的项目末尾新增一个三级指标，`version`为项目的版本号。"
                           "须为本单位的单位填报或管理员；绩效目标不是草稿或项目已被他人修改时答复409；"
                           "字段有误（如指标值无法识别）答复400。答复新指标，其中`project_version`为项目的新版本号。")
def indicator_create(request, payload: IndicatorIn, project_id: int = ID("项目编号")):
    project = selectors.project_get(user=request.user, project_id=project_id)
    form = _indicator_form(payload.dict(), project.plan.framework)
    indicator = services.indicator_create(project=project, fields=form.fields_to_save(), version=payload.version,
                                          user=request.user)
    indicator.project.refresh_from_db()
    return _indicator_out(indicator)


class ProjectGradeIn(Schema):
    grade: str = Field(..., max_length=2, description="审核等级：优、良、中、差")
    comment: str = Field("", max_length=2000, description="审核意见；评为中或差时必填")
    version: int = Field(..., ge=0, le=2**62, description="读取时项目的版本号")


class ProjectGradeOut(Schema):
    id: int
    version: int
    review_state: str = Field(description="财政审核状态：`pending`待审核、`approved`已通过、`returned`已退回")
    review_state_label: str
    grade: str
    grade_comment: str
    plan: PlanOut = Field(description="所属绩效目标（评完最后一个项目后随之批复或退回）")


@projects.post("/{project_id}/grade", response={200: ProjectGradeOut, **ERRORS}, summary="项目评级",
               description="财政审核逐个项目评级：`grade`为优、良时项目通过（指标锁定），为中、差时退回单位修改，"
                           "须写`comment`。`version`为读取时项目的版本号，期间已被他人修改或评级时答复409；"
                           "绩效目标不在财政审核中时答复409；须为该单位所属财政部门的财政审核或管理员，否则答复403。"
                           "全部项目通过后绩效目标批复，有退回的项目且已无待审核项目时绩效目标退回单位；"
                           "计划的审核等级取各项目中最低的等级。")
def project_grade(request, payload: ProjectGradeIn, project_id: int = ID("项目编号")):
    project = selectors.project_get(user=request.user, project_id=project_id)
    project = services.project_grade(project=project, user=request.user, grade=payload.grade,
                                     comment=payload.comment, version=payload.version)
    return {"id": project.pk, "version": project.version, "review_state": project.review_state,
            "review_state_label": project.get_review_state_display(), "grade": project.grade,
            "grade_comment": project.grade_comment, "plan": plan_out(project.plan)}


# ---------------------------------------------------------------- indicators and 调整

indicators = Router(tags=["指标"])


@indicators.get("/{indicator_id}", response={200: IndicatorOut, **ERRORS}, summary="指标详情",
                description="一个指标的一级、二级、三级指标名称、指标值和依据，以及所属项目的版本号`project_version`"
                            "（修改指标时提交它）。不属于本单位的指标（财政审核和管理员除外）答复404。")
def indicator_detail(request, indicator_id: int = ID("指标编号")):
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    previous = plan_previous(indicator.project.plan)
    last = last_year_of(indicator.project.plan, previous).get(indicator.pk) if previous else None
    return {**_indicator_out(indicator), "last_year": None if last is None or previous is None else
            {"year": previous.year, "target": last.target, "actual": last.actual_text}}


@indicators.put("/{indicator_id}", response={200: IndicatorOut, **ERRORS}, summary="修改指标",
                description="修改草稿中的一个指标，`version`为项目的版本号。须为本单位的单位填报或管理员；"
                            "绩效目标不是草稿或项目已被他人修改时答复409；字段有误答复400。答复修改后的指标。")
def indicator_update(request, payload: IndicatorIn, indicator_id: int = ID("指标编号")):
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    form = _indicator_form(payload.dict(), indicator.project.plan.framework)
    services.indicator_update(indicator=indicator, fields=form.fields_to_save(), version=payload.version,
                              user=request.user)
    indicator.project.refresh_from_db()
    return _indicator_out(indicator)


@indicators.delete("/{indicator_id}", response={200: VersionOut, **ERRORS}, summary="删除指标",
                   description="删除草稿中的一个指标，查询参数`version`为项目的版本号。须为本单位的单位填报或管理员；"
                               "绩效目标不是草稿或项目已被他人修改时答复409。答复项目的新版本号。")
def indicator_delete(request, indicator_id: int = ID("指标编号"), version: int = Query(..., ge=0, le=2**62,
                                                                            description="项目的版本号")):
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    project = indicator.project
    services.indicator_delete(indicator=indicator, version=version, user=request.user)
    project.refresh_from_db()
    return {"id": project.pk, "version": project.version}


@indicators.post("/{indicator_id}/move", response={200: VersionOut, **ERRORS}, summary="调整指标顺序",
                 description="把草稿中的一个指标上移（`up`）或下移（`down`）一位，`version`为项目的版本号；"
                             "已在首位或末位时顺序不变。须为本单位的单位填报或管理员；"
                             "绩效目标不是草稿或项目已被他人修改时答复409。答复项目的新版本号。")
def indicator_move(request, payload: MoveIn, indicator_id: int = ID("指标编号")):
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    services.indicator_move(indicator=indicator, up=payload.direction == "up", version=payload.version,
                            user=request.user)
    indicator.project.refresh_from_db()
    return {"id": indicator.project_id, "version": indicator.project.version}


@indicators.post("/{indicator_id}/adjustments", response={200: AdjustmentOut, **ERRORS}, summary="申请调整指标值",
                 description="对已批复或已公开的绩效目标中的指标申请调整指标值，须写明调整后的指标值和理由，"
                             "由财政审核或管理员审批，原指标值保留。须为本单位的单位填报或管理员；"
                             "绩效目标尚未批复（草稿可直接修改）或该指标已有待审批的申请时答复409；"
                             "未填写调整后的指标值或理由，或调整后的指标值与现在的相同时答复400。")
def adjustment_request(request, payload: AdjustmentIn, indicator_id: int = ID("指标编号")):
    """调整 of an approved target: finance decides; the original is kept."""
    indicator = selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    return _adjustment_out(services.adjustment_request(indicator=indicator, revised=payload.revised,
                                                       reason=payload.reason, user=request.user))


adjustments = Router(tags=["指标"])


@adjustments.post("/{adjustment_id}/decide", response={200: AdjustmentOut, **ERRORS}, summary="审批调整申请",
                  description="`decision`为`approve`批准（指标值改为调整后的值，项目版本号随之增加）或`reject`驳回，"
                              "驳回须附意见`comment`，否则答复400。须为财政审核或管理员，否则答复403；申请已处理过时答复409。")
def adjustment_decide(request, payload: DecisionIn, adjustment_id: int = ID("调整申请编号")):
    adjustment = get_object_or_404(Adjustment, pk=adjustment_id)
    selectors.indicator_get(user=request.user, indicator_id=adjustment.indicator_id)  # visible to this user
    return _adjustment_out(services.adjustment_decide(adjustment=adjustment,
                                                      approve=services.adjustment_decision(payload.decision),
                                                      comment=payload.comment, user=request.user))


# ---------------------------------------------------------------- public

@plans.get("/{plan_id}/download/{fmt}", response=ERRORS, openapi_extra=openapi_file(*CONTENT_TYPES),
           summary="下载绩效目标文件",
           description="`fmt`为`docx`、`xlsx`、`pdf`时按官方样式生成绩效目标申报表（Word、Excel、PDF），"
                       "为`json`时答复`jixiao/1` JSON文档。可查看该绩效目标的用户均可下载，否则答复404。")
def plan_download(request, fmt: Annotated[Literal["docx", "xlsx", "pdf", "json"], Path(description="文件格式")],
                  plan_id: int = ID("绩效目标编号")):
    """The goal document in the official layout (.docx/.xlsx/.pdf) or as jixiao/1 JSON."""
    return plan_file(selectors.plan_get(user=request.user, plan_id=plan_id), fmt)


public = Router(tags=["公开"], auth=None)


@public.get("/plans", response={200: list[PlanOut], **ERRORS}, summary="已公开的绩效目标列表",
            description="列出全部已公开的绩效目标，按单位编码和年度排列。无须登录。")
def public_plans(request):
    return [plan_out(p) for p in selectors.published_plans()]


@public.get("/plans/{unit_code}/{year}", response={200: PublicPlanOut, **ERRORS}, summary="已公开的绩效目标",
            description="按单位编码`unit_code`和预算年度`year`取一份已公开的绩效目标及其`jixiao/1` JSON文档。"
                        "文档是公开时冻结的版本（之后的调整不改变它）。无须登录；没有已公开的答复404。")
def public_plan(request, unit_code: str = Path(..., max_length=20, description="单位编码"),
                year: int = Path(..., ge=1, le=9999, description="预算年度")):
    plan = selectors.published_plan(unit_code=unit_code, year=year)
    from ..public.selectors import published_document  # the goals as published, as the public page shows them

    return {**plan_out(plan), "document": to_dict(published_document(plan))}
