"""The rectification ledger in the API: a unit's items of a year, listing an item (by hand or from a
finding), editing it with its version, moving its status, attaching evidence. Same services and
permissions as the pages."""

from __future__ import annotations

from datetime import date as Date
from typing import Annotated, Literal

from ninja import File, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from ..api_params import ID
from ..errors import ERRORS
from ..goals import selectors as goal_selectors
from . import selectors, services
from .models import Rectification

Status = Literal["open", "in_progress", "done", "not_needed"]
Source = Literal["review", "monitoring", "self_evaluation", "audit", "finance_inspection", "other"]
STATUSES = "`open`未整改、`in_progress`整改中、`done`已整改、`not_needed`无需整改"
SOURCES = ("`review`绩效目标审核、`monitoring`绩效运行监控、`self_evaluation`绩效自评、`audit`审计、"
           "`finance_inspection`财政检查、`other`其他")
VERSION = "读取时的版本号（整改事项答复中的`version`）；他人在此之后已修改的，答复409，不作修改"


class EvidenceOut(Schema):
    id: int = Field(description="佐证材料编号")
    name: str = Field(description="文件名")
    uploaded_at: str = Field(description="上传时间")


class ItemOut(Schema):
    id: int = Field(description="整改事项编号")
    unit: str = Field(description="单位编码")
    year: int = Field(description="年度")
    plan: int | None = Field(description="绩效目标编号，没有则为空")
    project: int | None = Field(description="项目编号，没有则为空")
    indicator: int | None = Field(description="指标编号，没有则为空")
    source_kind: str = Field(description=f"问题来源：{SOURCES}")
    finding_key: str = Field(description="问题标识：由页面或接口列入时所指的问题，同一问题只列入一次")
    found_where: str = Field(description="发现环节")
    problem: str = Field(description="问题")
    responsible: str = Field(description="责任人")
    deadline: Date | None = Field(description="整改期限，未定则为空")
    measures: str = Field(description="整改措施")
    status: str = Field(description=f"整改状态：{STATUSES}")
    status_label: str = Field(description="整改状态的中文名称")
    reason: str = Field(description="无需整改的理由")
    overdue: bool = Field(description="已逾期：整改期限已过而未整改完成")
    evidence: list[EvidenceOut] = Field(description="佐证材料")
    version: int = Field(description="版本号，每次修改、变更状态或上传佐证材料加1")


class ItemIn(Schema):
    unit: str = Field(..., min_length=1, max_length=20, description="单位编码，如711001")
    year: int = Field(..., ge=2000, le=2100, description="年度")
    source_kind: Source = Field(..., description=f"问题来源：{SOURCES}")
    problem: str = Field(..., min_length=1, max_length=2000, description="问题")
    found_where: str = Field("", max_length=300, description="发现环节，不填则为问题来源的名称")
    responsible: str = Field("", max_length=100, description="责任人")
    deadline: Date | None = Field(None, description="整改期限，如2021-09-30")
    measures: str = Field("", max_length=2000, description="整改措施")
    plan: int | None = Field(None, ge=1, le=2**62, description="所涉绩效目标编号，须为该单位该年度的")
    project: int | None = Field(None, ge=1, le=2**62, description="所涉项目编号")
    indicator: int | None = Field(None, ge=1, le=2**62, description="所涉指标编号")
    finding_key: str = Field("", max_length=300, description="问题标识；同一单位同一年度已有此标识的整改事项时答复409，不重复列入")


class ItemPatchIn(Schema):
    found_where: str | None = Field(None, max_length=300, description="发现环节，不改则不填")
    problem: str | None = Field(None, min_length=1, max_length=2000, description="问题，不改则不填")
    responsible: str | None = Field(None, max_length=100, description="责任人，不改则不填")
    deadline: Date | None = Field(None, description="整改期限，不改则不填")
    measures: str | None = Field(None, max_length=2000, description="整改措施，不改则不填")
    version: int = Field(..., ge=0, le=2**62, description=VERSION)


class MoveIn(Schema):
    status: Status = Field(..., description=f"改为的整改状态：{STATUSES}")
    version: int = Field(..., ge=0, le=2**62, description=VERSION)
    reason: str = Field("", max_length=2000, description="理由：改为`not_needed`（无需整改）或重新打开已关闭的事项时必填")
    measures: str | None = Field(None, max_length=2000, description="整改措施，改为`done`时须已有或在此填写；不改则不填")


def _out(item: Rectification) -> dict:
    return selectors.item_json(item)


router = Router(tags=["整改台账"])
NOT_SEEN = "单位、整改事项不存在或你无权查看时答复404"


@router.get("", response={200: list[ItemOut], **ERRORS}, summary="整改台账",
            description=f"一个单位一个年度的整改事项，已逾期的在前。可查看该单位的用户均可调用；{NOT_SEEN}。")
def item_list(request, unit: str = Query(..., min_length=1, max_length=20, description="单位编码，如711001"),
              year: int = Query(..., ge=2000, le=2100, description="年度")):
    found = selectors.unit_by_code(user=request.user, code=unit)
    return [_out(i) for i in selectors.rectification_list(user=request.user, unit=found, year=year)]


@router.post("", response={200: ItemOut, **ERRORS}, summary="列入整改事项",
             description="把一个问题列为整改事项（未整改）：由审核、监控、自评发现的，或审计、财政检查等手工登记的。"
                         "须为该单位的单位填报、单位审核，或财政审核、管理员，否则答复403；"
                         f"同一问题（`finding_key`）已列入时答复409；所涉绩效目标、项目或指标不属于该单位该年度时答复400；{NOT_SEEN}。")
def item_create(request, payload: ItemIn):
    unit = selectors.unit_by_code(user=request.user, code=payload.unit)
    indicator = goal_selectors.indicator_get(user=request.user, indicator_id=payload.indicator) if payload.indicator else None
    project = goal_selectors.project_get(user=request.user, project_id=payload.project) if payload.project else None
    plan = goal_selectors.plan_get(user=request.user, plan_id=payload.plan) if payload.plan else None
    item = services.rectification_create(
        unit=unit, year=payload.year, source_kind=payload.source_kind, user=request.user, plan=plan, project=project,
        indicator=indicator, finding_key=payload.finding_key,
        fields={k: getattr(payload, k) for k in ("found_where", "problem", "responsible", "deadline", "measures")})
    return _out(item)


@router.get("/{item_id}", response={200: ItemOut, **ERRORS}, summary="整改事项",
            description=f"一个整改事项及其佐证材料。可查看该单位的用户均可调用；{NOT_SEEN}。")
def item_get(request, item_id: int = ID("整改事项编号")):
    return _out(selectors.rectification_get(user=request.user, item_id=item_id))


@router.patch("/{item_id}", response={200: ItemOut, **ERRORS}, summary="修改整改事项",
              description="修改发现环节、问题、责任人、整改期限或整改措施，须带读取时的`version`；他人已修改的答复409，不作修改。"
                          f"须为该单位的单位填报、单位审核或管理员，否则答复403；{NOT_SEEN}。")
def item_update(request, payload: ItemPatchIn, item_id: int = ID("整改事项编号")):
    item = selectors.rectification_get(user=request.user, item_id=item_id)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if k != "version"}
    return _out(services.rectification_update(item=item, fields=fields, version=payload.version, user=request.user))


@router.post("/{item_id}/status", response={200: ItemOut, **ERRORS}, summary="变更整改状态",
             description="按整改规则变更状态：未整改→整改中或无需整改，整改中→已整改、未整改或无需整改，已整改→整改中，"
                         "无需整改→未整改；不允许的变更答复409。改为已整改须有整改措施和至少一份佐证材料，改为无需整改须说明理由，"
                         f"缺少时答复400。均不作修改。须为该单位的单位填报、单位审核或管理员，否则答复403；{NOT_SEEN}。")
def item_move(request, payload: MoveIn, item_id: int = ID("整改事项编号")):
    item = selectors.rectification_get(user=request.user, item_id=item_id)
    return _out(services.rectification_move(item=item, status=payload.status, version=payload.version,
                                            user=request.user, reason=payload.reason, measures=payload.measures))


@router.post("/{item_id}/evidence", response={200: ItemOut, **ERRORS}, summary="上传整改佐证",
             description="为整改事项上传一份佐证材料（不超过20MB），版本号加1。须为该单位的单位填报、单位审核或管理员，"
                         f"否则答复403；超过20MB时答复400；{NOT_SEEN}。")
def evidence_upload(request, file: Annotated[UploadedFile, File(description="佐证材料，不超过20MB")],
                    item_id: int = ID("整改事项编号")):
    item = selectors.rectification_get(user=request.user, item_id=item_id)
    services.rectification_evidence_add(item=item, file=file, user=request.user)
    return _out(selectors.rectification_get(user=request.user, item_id=item_id))
