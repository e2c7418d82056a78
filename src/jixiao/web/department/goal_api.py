"""部门整体绩效目标 in the API: a unit's year's 分项目标 with their indicators (待确认 ones marked) and
the projects each covers; adding, changing, confirming and deleting an indicator with its version,
proposing indicators from the 分项目标's sentences, and setting the projects a 分项目标 covers. Same
services and permissions as the page (goal_views.py)."""

from __future__ import annotations

from ninja import Path, Query, Router, Schema
from pydantic import Field

from ..api_params import ID
from ..errors import ERRORS
from ..goals.api import InvalidFields
from . import goal_selectors, goal_services, selectors
from .goal_forms import IndicatorForm

VERSION = "读取时的版本号（指标的`version`）；他人在此之后已修改的，答复409，不作修改"
EDITORS = "须为该单位的单位填报或管理员，否则答复403；绩效目标不是草稿时答复409"
NOT_SEEN = "单位、年度的绩效目标或指标不存在、或你无权查看时答复404"
GOAL = "分项目标的序号，从0起（`sub_goals`中的`goal`）"


def _unit(description: str = "单位编码，如711001"):
    return Path(..., min_length=1, max_length=20, description=description)


def _year():
    return Path(..., ge=2000, le=2100, description="预算年度")


class UnitIndicatorOut(Schema):
    id: int = Field(description="部门整体绩效指标编号")
    goal: int | None = Field(description=GOAL + "；部门整体年度绩效指标（`indicators`）为空")
    position: int = Field(description="在分项目标（或部门整体年度绩效指标）中的顺序")
    level1: str = Field(description="一级指标")
    level2: str = Field(description="二级指标")
    name: str = Field(description="三级指标")
    description: str = Field(description="绩效指标描述")
    target_raw: str = Field(description="指标值")
    basis: str = Field(description="指标值确定依据")
    proposed: bool = Field(description="由分项目标的文字建议、待确认；确认前审核不读它")
    metric: str = Field(description="取数口径（部门整体指标口径的编码），未设置为空")
    version: int = Field(description="版本号，每次修改加1")


class SubGoalOut(Schema):
    goal: int = Field(description=GOAL)
    name: str = Field(description="分项目标名称")
    text: str = Field(description="绩效目标")
    indicators_text: str = Field(description="绩效指标（文件中的原文）")
    indicators: list[UnitIndicatorOut] = Field(description="绩效指标")
    projects: list[str] = Field(description="覆盖的项目（项目编码，未编码的为项目名称）")


class MeasureOut(Schema):
    name: str = Field(description="工作保障措施")
    text: str = Field(description="措施内容")


class UnitGoalsOut(Schema):
    unit: str = Field(description="单位编码")
    year: int = Field(description="预算年度")
    plan_id: int | None = Field(description="该年度绩效目标的编号，没有则为空")
    plan_version: int | None = Field(description="绩效目标的版本号：设置覆盖的项目时提交它")
    state: str | None = Field(description="绩效目标的状态代码；草稿时可修改部门整体指标")
    overall_goal: str = Field(description="总体绩效目标")
    indicators: list[UnitIndicatorOut] = Field(
        description="部门整体年度绩效指标：部门整体支出绩效目标表中整个部门的一张指标表（不属于某个分项目标，`goal`为空）")
    sub_goals: list[SubGoalOut] = Field(description="分项绩效目标")
    measures: list[MeasureOut] = Field(description="工作保障措施")


class UnitIndicatorIn(Schema):
    level1: str = Field(..., max_length=50, description="一级指标")
    level2: str = Field(..., max_length=50, description="二级指标")
    name: str = Field(..., max_length=200, description="三级指标")
    description: str = Field("", max_length=2000, description="绩效指标描述")
    target_raw: str = Field(..., max_length=200, description="指标值，如≥400人")
    basis: str = Field("", max_length=300, description="指标值确定依据")


class UnitIndicatorPutIn(UnitIndicatorIn):
    version: int = Field(..., ge=0, le=2**62, description=VERSION)


class VersionIn(Schema):
    version: int = Field(..., ge=0, le=2**62, description=VERSION)


class ProjectsIn(Schema):
    projects: list[str] = Field(..., max_length=500, description="覆盖的项目：项目编码，未编码的填项目名称；空列表为不覆盖任何项目")
    version: int = Field(..., ge=0, le=2**62, description="读取时绩效目标的版本号（`plan_version`）")


router = Router(tags=["部门整体绩效目标"])


def _goals(request, unit: str, year: int) -> dict:
    found = selectors.unit_by_code(user=request.user, code=unit)
    return goal_selectors.unit_goals_json(unit=found, year=year, plan=goal_selectors.plan_of(unit=found, year=year))


def _plan(request, unit: str, year: int):
    return goal_selectors.plan_get(unit=selectors.unit_by_code(user=request.user, code=unit), year=year)


def _form(data: dict, framework: str) -> dict:
    form = IndicatorForm({**data, "version": 0}, framework=framework)
    if not form.is_valid():
        raise InvalidFields(form)
    return form.fields_to_save()


@router.get("/{unit}/{year}/goals", response={200: UnitGoalsOut, **ERRORS}, summary="部门整体绩效目标",
            description="一个单位一个年度的总体绩效目标、各分项目标（文字、绩效指标及覆盖的项目）和工作保障措施。"
                        "绩效指标中`proposed`为`true`的是由分项目标文字建议、尚待确认的指标。该年度没有绩效目标或其中没有"
                        f"部门整体绩效目标时`sub_goals`为空。可查看该单位的用户均可调用；{NOT_SEEN}。")
def unit_goals_get(request, unit: str = _unit(), year: int = _year()):
    return _goals(request, unit, year)


@router.post("/{unit}/{year}/goals/{goal}/indicators", response={200: UnitIndicatorOut, **ERRORS},
             summary="新增部门整体绩效指标",
             description="给一个分项目标新增绩效指标（已确认）。一级、二级指标须属于该计划的指标体系，指标值按项目指标的规则解析，"
                         f"有误答复400；{EDITORS}；{NOT_SEEN}。")
def unit_indicator_create(request, payload: UnitIndicatorIn, unit: str = _unit(), year: int = _year(),
                          goal: int = Path(..., ge=0, le=1000, description=GOAL)):
    plan = _plan(request, unit, year)
    row = goal_services.unit_indicator_create(plan=plan, goal=goal, fields=_form(payload.dict(), plan.framework),
                                              user=request.user)
    return goal_selectors.unit_indicator_json(row)


@router.post("/{unit}/{year}/goals/propose", response={200: list[UnitIndicatorOut], **ERRORS},
             summary="由分项目标的文字建议指标",
             description="给还没有绩效指标的分项目标，由其文字中的数字建议指标（待确认）；已有指标的分项目标不变，再次调用不会重复建议。"
                         f"答复新建议的指标（没有则为空列表）。{EDITORS}；{NOT_SEEN}。")
def unit_goals_propose(request, unit: str = _unit(), year: int = _year()):
    plan = _plan(request, unit, year)
    return [goal_selectors.unit_indicator_json(r) for r in goal_services.unit_goals_propose(plan=plan, user=request.user)]


@router.put("/{unit}/{year}/goals/{goal}/projects", response={200: UnitGoalsOut, **ERRORS},
            summary="设置分项目标覆盖的项目",
            description="一个分项目标覆盖哪些项目（其资金由该分项目标负责），替换原有的设置；须带读取时绩效目标的`plan_version`，"
                        f"他人已修改的答复409。计划中没有的项目答复400。{EDITORS}；{NOT_SEEN}。")
def sub_goal_projects_set(request, payload: ProjectsIn, unit: str = _unit(), year: int = _year(),
                          goal: int = Path(..., ge=0, le=1000, description=GOAL)):
    plan = _plan(request, unit, year)
    goal_services.sub_goal_projects_set(plan=plan, goal=goal, projects=payload.projects, version=payload.version,
                                        user=request.user)
    return _goals(request, unit, year)


@router.put("/unit-indicators/{indicator_id}", response={200: UnitIndicatorOut, **ERRORS},
            summary="修改部门整体绩效指标",
            description="修改一个部门整体绩效指标，须带读取时的`version`，他人已修改的答复409；待确认的指标修改后即为已确认。"
                        f"字段有误答复400；{EDITORS}；{NOT_SEEN}。")
def unit_indicator_update(request, payload: UnitIndicatorPutIn, indicator_id: int = ID("部门整体绩效指标编号")):
    indicator = goal_selectors.unit_indicator_get(user=request.user, indicator_id=indicator_id)
    fields = _form(payload.dict(exclude={"version"}), indicator.plan.framework)
    row = goal_services.unit_indicator_update(indicator=indicator, fields=fields, version=payload.version,
                                              user=request.user)
    return goal_selectors.unit_indicator_json(row)


@router.post("/unit-indicators/{indicator_id}/confirm", response={200: UnitIndicatorOut, **ERRORS},
             summary="确认部门整体建议指标",
             description="确认一个待确认的指标（由分项目标文字建议的），此后审核读取它。须带读取时的`version`，他人已修改的"
                         f"或已确认的答复409；{EDITORS}；{NOT_SEEN}。")
def unit_indicator_confirm(request, payload: VersionIn, indicator_id: int = ID("部门整体绩效指标编号")):
    indicator = goal_selectors.unit_indicator_get(user=request.user, indicator_id=indicator_id)
    row = goal_services.unit_indicator_confirm(indicator=indicator, version=payload.version, user=request.user)
    return goal_selectors.unit_indicator_json(row)


@router.delete("/unit-indicators/{indicator_id}", response={200: UnitGoalsOut, **ERRORS},
               summary="删除部门整体绩效指标",
               description="删除一个部门整体绩效指标（如不采用的建议指标），查询参数`version`为读取时的版本号，他人已修改的答复409。"
                           f"答复该年度的部门整体绩效目标。{EDITORS}；{NOT_SEEN}。")
def unit_indicator_delete(request, indicator_id: int = ID("部门整体绩效指标编号"),
                          version: int = Query(..., ge=0, le=2**62, description=VERSION)):
    indicator = goal_selectors.unit_indicator_get(user=request.user, indicator_id=indicator_id)
    plan = indicator.plan
    goal_services.unit_indicator_delete(indicator=indicator, version=version, user=request.user)
    return goal_selectors.unit_goals_json(unit=plan.unit, year=plan.year,
                                          plan=goal_selectors.plan_of(unit=plan.unit, year=plan.year))
