"""Unit-wide actuals in the API: binding a 部门整体绩效指标 to a unit-wide metric (取数口径), and a unit's
year evaluated from the records as `jixiao department-evaluation --json` gives it. Same services,
selectors and permissions as the pages (metric_views.py)."""

from __future__ import annotations

from typing import Any

from ninja import Path, Router, Schema
from pydantic import Field

from ..api_params import ID
from ..errors import ERRORS
from . import goal_selectors, selectors, services

router = Router(tags=["部门整体绩效目标"])


class MetricIn(Schema):
    metric: str = Field("", max_length=40, description="取数口径的编码（如`unit_persons_relieved`）；为空时取消取数口径（没有完成值，按0分计）")
    version: int = Field(..., ge=0, le=2**62, description="读取时的版本号（指标的`version`）；他人在此之后已修改的，答复409，不作修改")


class MetricOut(Schema):
    indicator: int = Field(description="部门整体绩效指标编号")
    metric: str = Field(description="取数口径的编码，未设置为空")
    version: int = Field(description="版本号，每次修改加1")


@router.put("/unit-indicators/{indicator_id}/metric", response={200: MetricOut, **ERRORS}, summary="设置部门整体取数口径",
            description="把一个已确认的部门整体绩效指标绑定到部门整体取数口径（此后其完成值由业务记录计算），或更改、取消（`metric`为空）。"
                        "须为该单位的单位填报或管理员，否则答复403；没有这个口径、口径的单位无法与指标值的单位比较、指标仍待确认时"
                        "答复400，不作更改；版本号过期答复409。每次设置、更改和取消都记入指标的历史。")
def unit_metric_set(request, payload: MetricIn, indicator_id: int = ID("部门整体绩效指标编号")):
    indicator = goal_selectors.unit_indicator_get(user=request.user, indicator_id=indicator_id)
    row = services.unit_indicator_bind(indicator=indicator, metric=payload.metric, version=payload.version,
                                       user=request.user)
    return {"indicator": row.pk, "metric": row.metric, "version": row.version}


@router.get("/{unit}/{year}/evaluation", response={200: dict[str, Any], **ERRORS}, summary="部门整体评价",
            description="一个单位一个年度已确认的部门整体绩效指标：指标值、由业务记录计算的完成值、取数口径、计入的记录及得分（按规则集；"
                        "未全部设定权重时在已设置取数口径的指标间平均分配），以及部门整体预算执行情况和在职人数。与"
                        "`jixiao department-evaluation --json`相同。该年度没有绩效目标、单位不存在或你无权查看时答复404。")
def unit_evaluation(request, unit: str = Path(..., min_length=1, max_length=20, description="单位编码，如711001"),
                    year: int = Path(..., ge=2000, le=2100, description="预算年度")):
    found = selectors.unit_by_code(user=request.user, code=unit)
    plan = goal_selectors.plan_get(unit=found, year=year)
    return selectors.department_evaluation(plan=plan)
