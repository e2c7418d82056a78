"""二次监控 in the API (issue 15 §2): the projects the first monitoring round sends to a second round, finance
opening a follow-up task, and the unit recording it; as the pages do, with the same checks."""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal

from ninja import Router, Schema
from pydantic import Field

from ...evaluation import errors as e
from ..api_params import ID
from ..errors import ERRORS
from ..goals import selectors as goal_selectors
from ..goals.errors import NotFound
from . import second_monitoring as second
from . import selectors
from .api import MonitoringOut

router = Router(tags=["监控与自评"])


class SecondNeedOut(Schema):
    project_id: int | None = Field(description="项目编号")
    code: str = Field(description="项目编码（没有编码的项目为空）")
    name: str
    reasons: list[str] = Field(description="需二次监控的原因：预算执行为0，或指标全年预计与指标值偏差超过规则集阈值")
    task_id: int | None = Field(description="已打开的二次监控任务编号，尚未打开时为空")


class SecondOpenItemOut(Schema):
    id: int = Field(description="整改事项编号")
    problem: str
    status: str = Field(description="整改状态（中文）")


class SecondTaskOut(Schema):
    id: int = Field(description="二次监控任务编号")
    project_id: int
    project_code: str
    project_name: str
    first_as_of: Date = Field(description="首次监控截止日期")
    as_of: Date = Field(description="二次监控日期（月末）")
    status: str = Field(description="`open`（待填报）或`done`（已填报）")
    reasons: list[str] = Field(description="首次监控发现的需二次监控的原因")
    figures: MonitoringOut | None = Field(description="填报时按截至二次监控日期的记录计算并保存的监控数据；未填报时为空")
    forecast_rate: str | None = Field(description="单位填报的全年预计执行率（%）")
    forecast: str = Field(description="全年预计完成情况")
    rectification_state: str = Field(description="整改情况")
    open_items: list[SecondOpenItemOut] = Field(description="整改台账中该项目未完成的整改事项")
    version: int = Field(description="版本号，每次填报加1")


class SecondListOut(Schema):
    first_as_of: Date = Field(description="首次监控截止日期（规则集所定）")
    dates: list[Date] = Field(description="可选的二次监控日期：首次监控之后、最迟9月30日的月末")
    needs: list[SecondNeedOut]
    tasks: list[SecondTaskOut]


class SecondOpenIn(Schema):
    project: int = Field(..., ge=1, le=2**62, description="项目编号")
    as_of: Date = Field(..., description="二次监控日期，首次监控之后的月末，最迟9月30日，如2021-08-31")


class SecondRecordIn(Schema):
    forecast_rate: Decimal = Field(..., ge=0, le=Decimal("999.99"), max_digits=5, decimal_places=2,
                                   description="全年预计执行率（%），如85")
    forecast: str = Field("", max_length=2000, description="全年预计完成情况")
    rectification_state: str = Field(..., max_length=2000, description="整改情况（已采取的措施和进展），不能为空")
    version: int | None = Field(None, ge=0, le=2**62, description="读取时的版本号；他人在此之后已填报的，答复409，不作修改")


def _task_out(task) -> dict:
    return {"id": task.pk, "project_id": task.project_id, "project_code": task.project.code,
            "project_name": task.project.name, "first_as_of": task.first_as_of, "as_of": task.as_of,
            "status": task.status, "reasons": list(task.triggers), "figures": task.figures,
            "forecast_rate": None if task.forecast_rate is None else f"{task.forecast_rate:.2f}",
            "forecast": task.forecast, "rectification_state": task.rectification_state,
            "open_items": [{"id": i.pk, "problem": i.problem, "status": i.status_label} for i in second.open_items(task)],
            "version": task.version}


def _task_in(request, plan_id: int, task_id: int):
    task = second.second_monitoring_get(user=request.user, task_id=task_id)
    if task.plan_id != plan_id:
        raise NotFound(e.SECOND_NO_SUCH_TASK.format(id=task_id))
    return task


@router.get("/{plan_id}/second-monitoring", response={200: SecondListOut, **ERRORS}, summary="二次监控",
            description="首次监控（规则集所定日期，默认7月31日）中预算执行为0、或有指标全年预计与指标值偏差超过30%（规则集所定）"
                        "的项目，可选的二次监控日期，以及已打开的二次监控任务。可查看该绩效目标的用户均可调用。")
def second_monitoring_list(request, plan_id: int = ID("绩效目标编号")):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    tasks = list(second.second_monitoring_list(plan))
    by_project = {t.project_id: t.pk for t in tasks}
    ids = {selectors.project_key(p): p.pk for p in plan.projects.all()}
    return {"first_as_of": second.first_as_of(plan), "dates": second.dates(plan), "tasks": [_task_out(t) for t in tasks],
            "needs": [{"project_id": ids.get(n.key), "code": n.code, "name": n.name,
                       "reasons": [t.text for t in n.triggers], "task_id": by_project.get(ids.get(n.key))}
                      for n in second.needs(plan)]}


@router.post("/{plan_id}/second-monitoring", response={200: SecondTaskOut, **ERRORS}, summary="打开二次监控任务",
             description="为首次监控中需二次监控的项目打开二次监控任务，并选定日期（首次监控之后的月末，最迟9月30日）。"
                         "须为财政审核或管理员，否则答复403；日期不是月末或不在范围内时答复400；绩效目标未批复、"
                         "项目不需要二次监控或已打开过任务时答复409；项目不属于这份绩效目标时答复404。")
def second_monitoring_open(request, payload: SecondOpenIn, plan_id: int = ID("绩效目标编号")):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    task = second.second_monitoring_open(plan=plan, project=selectors.project_in(plan, payload.project),
                                         as_of=payload.as_of, user=request.user)
    return _task_out(task)


@router.get("/{plan_id}/second-monitoring/{task_id}", response={200: SecondTaskOut, **ERRORS}, summary="二次监控任务",
            description="一项二次监控任务：首次监控发现的原因，填报时保存的监控数据、全年预计和整改情况，"
                        "以及该项目未完成的整改事项。可查看该绩效目标的用户均可调用；任务不属于这份绩效目标时答复404。")
def second_monitoring_get(request, plan_id: int = ID("绩效目标编号"), task_id: int = ID("二次监控任务编号")):
    return _task_out(_task_in(request, plan_id, task_id))


@router.put("/{plan_id}/second-monitoring/{task_id}", response={200: SecondTaskOut, **ERRORS}, summary="填报二次监控",
            description="单位填报二次监控：按截至二次监控日期的记录计算并保存监控数据，连同全年预计执行率、全年预计完成情况"
                        "和整改情况；再次填报则更新（变更历史保留每次）。须为本单位的单位填报或管理员，且绩效目标已批复或已公开，"
                        "否则分别答复403、409；整改情况为空时答复400；填写`version`时，他人在此之后已填报过的，答复409。")
def second_monitoring_record(request, payload: SecondRecordIn, plan_id: int = ID("绩效目标编号"),
                             task_id: int = ID("二次监控任务编号")):
    task = _task_in(request, plan_id, task_id)
    task = second.second_monitoring_record(task=task, forecast_rate=payload.forecast_rate, forecast=payload.forecast,
                                           rectification_state=payload.rectification_state,
                                           version=payload.version, user=request.user)
    return _task_out(task)
