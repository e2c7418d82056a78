"""The finance desk in the API: the same figures, filters and permission as the page."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from ninja import Query, Router, Schema
from pydantic import Field

from ..accounts.roles import area_of
from ..errors import ERRORS
from . import selectors
from .selectors import COLOURS, Filters

router = Router(tags=["财政审核台"])


class DeskRowOut(Schema):
    project_id: int
    plan_id: int
    unit_code: str
    unit_name: str
    code: str = Field(description="项目编码，未编码的为空")
    name: str
    budget: Decimal = Field(description="预算数（元）")
    plan_state: str = Field(description="绩效目标状态，如`approved`")
    plan_state_label: str
    review_state: str = Field(description="财政审核状态：`pending`待审核（绩效目标尚未报送财政时为未报送）、`approved`已通过、"
                                          "`returned`已退回")
    proposed_grade: str = Field(description="审核规则的建议等级")
    grade: str = Field(description="财政审核等级，未评级为空")
    spent: Decimal | None = Field(description="截至日期的支出（元）；批复前为空")
    execution: Decimal | None = Field(description="执行率（%）；批复前为空")
    colour: str = Field(description="监控颜色：`green`绿、`yellow`黄、`red`红；批复前为空")
    score: Decimal | None = Field(description="最近一次公开的自评得分；未公开为空")
    consistency: str = Field("", description="绩效与预算执行一致性（按公开的自评）：`green`绿、`yellow`黄、`red`红；未公开为空")
    consistency_reason: str = Field("", description="一致性的判断依据（指标得分率、预算执行得分率、偏差、预算未支出）；未公开为空")


class DeskOut(Schema):
    year: int
    as_of: date = Field(description="执行情况的截至日期")
    area: str = Field(description="审核范围（上级财政部门）；全部单位时为空")
    counts: dict[str, int] = Field(description="按状态、财政审核状态和颜色的项目数，`total`为筛选后的总数")
    to_grade: int = Field(description="待办：待审核的项目数")
    overdue: int = Field(description="待办：逾期未报的单位数")
    overdue_units: list[str] = Field(description="逾期未报的单位（前20个）")
    red: int = Field(description="待办：红色预警的项目数")
    page: int
    pages: int
    rows: list[DeskRowOut]


@router.get("", response={200: DeskOut, **ERRORS}, summary="财政审核台",
            description="审核范围内各单位的项目：绩效目标状态、建议等级、审核等级、执行率、监控颜色、自评得分，"
                        "筛选后的计数和待办（待审核、逾期未报、红色预警），每页50个。只有财政审核和管理员可以调用，"
                        "否则答复403。")
def desk(request, year: int | None = Query(None, ge=2000, le=2100, description="预算年度，默认最近的年度"),
         unit: str = Query("", max_length=50, description="单位编码开头或名称的一部分"),
         state: Literal["", "draft", "submitted", "finance_review", "approved", "published"] = Query(
             "", description="绩效目标状态"),
         review: Literal["", "pending", "approved", "returned"] = Query("", description="财政审核状态"),
         colour: Literal["", "green", "yellow", "red"] = Query("", description="监控颜色"),
         sort: Literal["unit", "execution", "-execution", "budget", "-budget", "grade", "proposed", "state"] = Query(
             "unit", description="排序：`unit`按单位、`execution`执行率升序、`-execution`执行率降序、`budget`预算数升序、"
                                 "`-budget`预算数降序、`grade`审核等级、`proposed`建议等级、`state`绩效目标状态"),
         page: int = Query(1, ge=1, le=100000, description="页码")):
    selectors.require_desk(request.user)
    years = selectors.desk_years(user=request.user)
    year_ = year or (years[0] if years else date.today().year)
    filters = Filters(year_, unit=unit.strip(), state=state, review=review, colour=colour, sort=sort, page=page,
                      as_of=selectors.as_of_for(year_))
    found = selectors.desk_page(user=request.user, filters=filters)
    monitored = set(COLOURS)
    return {"year": year_, "as_of": filters.as_of, "area": area_of(request.user) or "", "counts": found["counts"],
            "to_grade": found["to_grade"], "overdue": found["overdue"], "overdue_units": found["late"],
            "red": found["red"], "page": found["page"], "pages": found["pages"], "rows": [{
                "project_id": p.pk, "plan_id": p.plan_id, "unit_code": p.plan.unit.code, "unit_name": p.plan.unit.name,
                "code": p.code, "name": p.name, "budget": p.total, "plan_state": p.plan.state,
                "plan_state_label": p.plan.get_state_display(), "review_state": p.review_state,
                "proposed_grade": p.proposed or "", "grade": p.grade,
                "spent": p.spent if p.colour in monitored else None,
                "execution": round(p.execution, 2) if p.colour in monitored else None,
                "colour": p.colour, "score": p.score, "consistency": p.consistency,
                "consistency_reason": p.consistency_reason} for p in found["rows"]]}
