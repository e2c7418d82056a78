"""The indicator library in the API: suggestions for a text (and where a target stands), an entry,
and finance's curation (promote an approved plan's indicator, retire, restore). Same services,
selectors and permissions as the pages."""

from __future__ import annotations

from typing import Literal

from ninja import Query, Router, Schema
from pydantic import Field

from ..api_params import ID
from ..errors import ERRORS
from ..goals import selectors as goal_selectors
from . import selectors, services
from .models import LibraryEntry

VERSION = "读取时的版本号（指标答复中的`version`）；他人在此之后已修改的，答复409，不作修改"
CURATORS = "须为财政审核或管理员，否则答复403"


class LibraryEntryOut(Schema):
    id: int = Field(description="指标库指标编号")
    kind: str = Field(description="共性或个性")
    sector: str = Field(description="行业或资金用途")
    level1: str = Field(description="一级指标")
    level2: str = Field(description="二级指标")
    name: str = Field(description="三级指标")
    description: str = Field(description="指标解释")
    op: str = Field(description="指标性质：≥、≤、=、>、<、`range`（区间）或`qualitative`（定性）")
    unit: str = Field(description="计量单位")
    typical: str = Field(description="参考指标值")
    source: str = Field(description="来源")
    origin: str = Field(description="收录方式：`seed`随程序发布、`promoted`由已批复计划收录、`imported`导入")
    retired: bool = Field(description="已停用：不再作为建议")
    retired_reason: str = Field(description="停用理由")
    version: int = Field(description="版本号，每次停用或恢复加1")


class LibrarySuggestionOut(Schema):
    name: str = Field(description="三级指标")
    level1: str = Field(description="一级指标")
    level2: str = Field(description="二级指标")
    op: str = Field(description="指标性质")
    unit: str = Field(description="计量单位")
    typical: str = Field(description="参考指标值（未入库的为一个已批复计划的指标值）")
    kind: str = Field(description="共性或个性；未入库的为空")
    sector: str = Field(description="行业或资金用途")
    entry: int | None = Field(description="指标库指标编号；仅在已批复计划中使用、尚未入库的为空")
    used: int = Field(description="已批复计划中使用的次数")
    score: float = Field(description="相关程度，越大越相关")
    spread: str = Field(description="已批复计划中同名指标目标值的分布（最低、中位、最高），没有可比较的为空")


class LibrarySuggestionsOut(Schema):
    items: list[LibrarySuggestionOut] = Field(description="建议的指标，最相关的在前")
    target_spread: str = Field(description="所给指标名称和指标值在已批复计划同名指标目标值中的位置（百分位），未给或无可比较的为空")


class LibraryRetireIn(Schema):
    version: int = Field(..., ge=0, le=2**62, description=VERSION)
    reason: str = Field(..., max_length=2000, description="停用理由，必填")


class LibraryRestoreIn(Schema):
    version: int = Field(..., ge=0, le=2**62, description=VERSION)


class LibraryPromoteIn(Schema):
    indicator: int = Field(..., ge=1, le=2**62, description="已批复（或已公开）计划中的指标编号")
    kind: Literal["共性", "个性"] = Field("个性", description="共性或个性")
    sector: str = Field("", max_length=100, description="行业或资金用途，不填则为指标所在项目的名称")


def _out(entry: LibraryEntry) -> dict:
    return {f: getattr(entry, f) for f in ("kind", "sector", "level1", "level2", "name", "description", "op", "unit",
                                           "typical", "source", "origin", "retired", "retired_reason", "version")} | {
        "id": entry.pk}


router = Router(tags=["指标库"])


@router.get("/suggestions", response={200: LibrarySuggestionsOut, **ERRORS}, summary="指标库建议",
            description="按中文词语（分词）查找指标库中的指标和已批复计划中用过的指标，附目标值分布；"
                        "给出指标名称和指标值时，说明该指标值在已批复计划同名指标目标值中的位置。登录用户均可调用。")
def suggestions(request, text: str = Query(..., min_length=1, max_length=200, description="项目名称或指标名称"),
                context: str = Query("", max_length=500, description="资金用途等补充文字，权重较低"),
                name: str = Query("", max_length=200, description="要定位的三级指标名称"),
                target: str = Query("", max_length=200, description="要定位的指标值，如≥400人"),
                limit: int = Query(8, ge=1, le=50, description="最多几条")):
    snapshot = selectors.library_snapshot()
    items = [{**{f: getattr(s["item"], f) for f in ("name", "level1", "level2", "op", "unit", "typical", "kind",
                                                      "sector", "used")},
              "entry": s["item"].entry_id, "score": s["score"], "spread": s["spread"]}
             for s in selectors.suggestions(text=text, context=context, limit=limit, snapshot=snapshot)]
    return {"items": items, "target_spread": selectors.spread_text(snapshot, name, target) if name else ""}


@router.get("/entries/{entry_id}", response={200: LibraryEntryOut, **ERRORS}, summary="指标库指标",
            description="指标库中的一个指标（含已停用的）。登录用户均可调用；不存在时答复404。")
def entry_get(request, entry_id: int = ID("指标库指标编号")):
    return _out(selectors.entry_get(entry_id=entry_id))


@router.post("/entries", response={200: LibraryEntryOut, **ERRORS}, summary="收入指标库",
             description=f"把已批复（或已公开）计划中的一个指标收入指标库，其指标值作为参考值。{CURATORS}；"
                         "指标所在计划尚未批复或指标库已有同名同单位的指标时答复409；指标不存在时答复404。")
def entry_promote(request, payload: LibraryPromoteIn):
    indicator = goal_selectors.indicator_get(user=request.user, indicator_id=payload.indicator)
    return _out(services.entry_promote(indicator=indicator, user=request.user, kind=payload.kind,
                                       sector=payload.sector.strip()))


@router.post("/entries/{entry_id}/retire", response={200: LibraryEntryOut, **ERRORS}, summary="停用库内指标",
             description=f"停用指标库中的一个指标：不再作为建议，保留其变更历史。须写理由（否则400）并带读取时的`version`；"
                         f"{CURATORS}；已停用或他人已修改时答复409；不存在时答复404。")
def entry_retire(request, payload: LibraryRetireIn, entry_id: int = ID("指标库指标编号")):
    entry = selectors.entry_get(entry_id=entry_id)
    return _out(services.entry_retire(entry=entry, version=payload.version, reason=payload.reason, user=request.user))


@router.post("/entries/{entry_id}/restore", response={200: LibraryEntryOut, **ERRORS}, summary="恢复库内指标",
             description=f"恢复一个已停用的指标。带读取时的`version`；{CURATORS}；未停用、他人已修改或已有同名同单位的"
                         "在用指标时答复409；不存在时答复404。")
def entry_restore(request, payload: LibraryRestoreIn, entry_id: int = ID("指标库指标编号")):
    entry = selectors.entry_get(entry_id=entry_id)
    return _out(services.entry_restore(entry=entry, version=payload.version, user=request.user))
