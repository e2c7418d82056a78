"""The 部门整体支出绩效自评 in the API: as the page shows it (with the fingerprint a publication sends back),
the unit's prose of the 自评报告, 公开 and 更正. Same services, selectors and permissions as the page
(evaluation_views.py)."""

from __future__ import annotations

from typing import Any

from ninja import Path, Router, Schema
from pydantic import Field

from ..errors import ERRORS
from . import evaluation_selectors as selectors
from . import evaluation_services as services
from .evaluation_views import plan_of

router = Router(tags=["部门整体支出绩效自评"])
UNIT = Path(..., min_length=1, max_length=20, description="单位编码，如711001")
YEAR = Path(..., ge=2000, le=2100, description="预算年度")


class DepartmentProseIn(Schema):
    sections: dict[str, str] = Field(..., max_length=20,
                                     description="自评报告各部分的正文，按部分标题（规则集中自评报告的各部分，"
                                                 "如“存在问题”“改进措施”）；其他标题不保存；每部分不超过5000字")
    version: int = Field(..., ge=0, le=2**62, description="读取时的版本号（`prose_version`，未填写过为0）；他人在此之后已修改的，答复409")


class DepartmentProseOut(Schema):
    sections: dict[str, str] = Field(description="已保存的各部分正文")
    version: int = Field(description="版本号，每次保存加1")


class DepartmentPublishIn(Schema):
    seen: str = Field(..., min_length=1, max_length=64, description="读取时的核对标记（`seen`）；自评此后有变化或已公开的，答复409")


class DepartmentCorrectIn(DepartmentPublishIn):
    reason: str = Field(..., max_length=500, description="更正原因，必填")


class DepartmentPublishedOut(Schema):
    id: int = Field(description="公开记录编号")
    published_at: str = Field(description="公开（或更正）的时间")
    published_by: str = Field(description="办理人的登录名")
    reason: str = Field(description="更正原因；首次公开为空")
    total: str = Field(description="公开的自评总分")
    grade: str = Field(description="公开的自评等级")


def _published(p) -> dict:
    return {"id": p.pk, "published_at": p.created_at.isoformat(), "reason": p.reason,
            "published_by": p.created_by.username if p.created_by else "", "total": p.rows["total"],
            "grade": p.rows["grade"]}


def _plan(request, unit: str, year: int):
    from .selectors import unit_by_code

    found = unit_by_code(user=request.user, code=unit)
    return plan_of(request, found.pk, year)


@router.get("/{unit}/{year}/self-evaluation", response={200: dict[str, Any], **ERRORS}, summary="部门整体自评",
            description="一个单位一个年度的部门整体支出绩效自评，与页面相同：基础数据、部门整体绩效指标的得分、项目支出绩效自评结果、"
                        "各部分得分、总分和等级、自评报告各部分（系统填写的数字和单位填写的正文）；`seen`是公开或更正时要交回的核对标记，"
                        "`prose_version`是保存正文时要交回的版本号，`published`是各次公开（最新的在前），`differences`是与公开结果的不同。"
                        "该年度没有绩效目标、单位不存在或你无权查看时答复404。")
def department_self_evaluation(request, unit: str = UNIT, year: int = YEAR):
    plan = _plan(request, unit, year)
    rows = selectors.evaluation_json(selectors.department_evaluation_of(plan).evaluation)
    published = selectors.published_list(plan)
    prose = selectors.prose_get(unit=plan.unit, year=plan.year)
    return {"evaluation": rows, "seen": selectors.fingerprint(plan, rows), "prose_version": prose.version if prose else 0,
            "published": [_published(p) for p in published],
            "differences": selectors.differences(published[0].rows, rows) if published else []}


@router.put("/{unit}/{year}/self-evaluation/prose", response={200: DepartmentProseOut, **ERRORS}, summary="填写部门整体自评报告",
            description="保存单位填写的自评报告正文（按部分标题）。须为该单位的单位填报或管理员，否则答复403；某部分超过5000字答复400；"
                        "版本号过期答复409，不作修改。每次保存都记入历史。")
def department_prose_save(request, payload: DepartmentProseIn, unit: str = UNIT, year: int = YEAR):
    plan = _plan(request, unit, year)
    record = services.prose_save(unit=plan.unit, year=plan.year, sections=payload.sections, version=payload.version,
                                 user=request.user)
    return {"sections": record.sections, "version": record.version}


@router.post("/{unit}/{year}/self-evaluation/publish", response={200: DepartmentPublishedOut, **ERRORS}, summary="公开部门整体自评",
             description="公开部门整体自评：此刻的自评结果被保存下来，公开页面的下载由它生成。须为该单位的单位审核或管理员（403），"
                         "绩效目标审核通过后才能公开（409）；已公开过的答复409（之后的变化请更正）；`seen`与当前不符答复409，不作公开。")
def department_self_evaluation_publish(request, payload: DepartmentPublishIn, unit: str = UNIT, year: int = YEAR):
    plan = _plan(request, unit, year)
    return _published(services.department_evaluation_publish(plan=plan, seen=payload.seen, user=request.user))


@router.post("/{unit}/{year}/self-evaluation/correct", response={200: DepartmentPublishedOut, **ERRORS}, summary="更正部门整体自评",
             description="更正公开的部门整体自评：以此刻的结果另存一份，附更正原因（必填，否则400），此前公开的保留。权限同公开；"
                         "尚未公开答复409；`seen`与当前不符答复409，不作更正。")
def department_self_evaluation_correct(request, payload: DepartmentCorrectIn, unit: str = UNIT, year: int = YEAR):
    plan = _plan(request, unit, year)
    snapshot = services.department_evaluation_correct(plan=plan, reason=payload.reason, seen=payload.seen,
                                                      user=request.user)
    return _published(snapshot)
