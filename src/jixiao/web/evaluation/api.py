"""Monitoring and self-evaluation in the API: the tables as JSON, spending records,
indicator values and their evidence, and imports of records from CSV or Excel."""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal
from pathlib import Path as FilePath
from typing import Annotated, Literal

from ninja import File, Form, Path, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import BeforeValidator, Field

from ...core.money import parse_amount
from ...formats import limits
from ...formats.evaluation_json import monitor_json, score_json
from ...formats.evaluation_tables import TABLE_FORMATS
from ..api_params import ID
from ..downloads import evidence_file, openapi_file, table_file
from ..errors import ERRORS
from ..goals import selectors as goal_selectors
from ..public.api import PublicationOut, publication_out
from . import selectors, services
from .models import SpendingRecord
from .monitoring_views import report_file

AS_OF = Query(None, description="监控截止日期，默认为预算年度的7月31日（规则集所定）")



def _plain_amount(value):
    """1,000,000.00 (or full-width digits, a trailing 元) as the number it is; anything else as sent,
    for the field's own message."""
    if isinstance(value, str):
        try:
            return parse_amount(value)
        except ValueError:
            return value
    return value


Yuan = Annotated[Decimal, BeforeValidator(_plain_amount)]
AMOUNT = "金额（元），大于0且小于1万亿，可带千位分隔符，如1,000,000.00"
CONFIRM = "使项目支出超出预算时须为`true`，并在`reason`中说明原因；否则答复409，说明项目、预算和录入后的支出合计"


class SpendingIn(Schema):
    project: int = Field(..., ge=1, le=2**62, description="项目编号（id）")
    date: Date = Field(..., description="支出日期，如2021-07-31，须在预算年度内")
    amount: Yuan = Field(..., gt=0, lt=10**12, max_digits=14, decimal_places=2, description=AMOUNT)
    note: str = Field("", max_length=200, description="摘要")
    confirm_over_budget: bool = Field(False, description=CONFIRM)
    reason: str = Field("", max_length=500, description="超出预算的原因")


class SpendingCorrectIn(Schema):
    date: Date = Field(..., description="支出日期，须在预算年度内")
    amount: Yuan = Field(..., gt=0, lt=10**12, max_digits=14, decimal_places=2, description=AMOUNT)
    note: str = Field("", max_length=200, description="摘要")
    reason: str = Field(..., max_length=500, description="更正原因（必填）；超出预算时也是超出预算的原因")
    confirm_over_budget: bool = Field(False, description=CONFIRM)
    version: int | None = Field(None, ge=0, le=2**62, description="读取时的版本号（支出记录答复中的`version`）；"
                                "他人在此之后已更正的，答复409，不作修改；不填则以本次为准")


class SpendingPatchIn(Schema):
    date: Date | None = Field(None, description="支出日期，不改则不填")
    amount: Yuan | None = Field(None, gt=0, lt=10**12, max_digits=14, decimal_places=2, description=AMOUNT)
    note: str | None = Field(None, max_length=200, description="摘要，不改则不填")
    reason: str = Field(..., max_length=500, description="更正原因（必填）；超出预算时也是超出预算的原因")
    confirm_over_budget: bool = Field(False, description=CONFIRM)
    version: int | None = Field(None, ge=0, le=2**62, description="读取时的版本号（支出记录答复中的`version`）；"
                                "他人在此之后已更正的，答复409，不作修改；不填则以本次为准")


class SpendingOut(Schema):
    id: int
    project: int
    project_code: str
    date: Date
    amount: str
    note: str
    over_budget_reason: str = Field(description="超出预算的原因，录入或更正时确认")
    posted_by: str = Field(description="由哪条帮扶业务记录自动记入；手工录入或导入的为空，只有这些可以更正或删除")
    version: int = Field(description="版本号，每次更正加1")


class ValueIn(Schema):
    actual: str = Field("", max_length=100, description="完成值，如46人、95.83%、达成")
    share: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2,
                                  description="得分比例（%），定性指标部分达成时填写")
    reason: str = Field("", max_length=2000, description="偏差原因")
    measure: str = Field("", max_length=2000, description="纠偏措施")
    version: int | None = Field(None, ge=0, le=2**62, description="读取时的版本号（上次保存答复中的`version`，尚无记录时为0）；"
                                "填写后，他人在此之后已保存的，答复409，不作修改；不填则以本次为准")


class ValueOut(Schema):
    indicator: int
    actual: str
    share: str | None
    reason: str
    measure: str
    version: int = Field(description="版本号，每次保存或导入加1")
    evidence: str = Field(description="佐证材料的文件名，没有则为空")


class ActualSource(Schema):
    kind: Literal["typed", "imported", "computed"] = Field(description="手工填报、文件导入或由业务记录计算")
    label: str = Field(description="来源的说明，如“由业务记录计算（`persons_paid`，394条记录）”")
    metric: str | None = Field(description="取数口径的代码，由业务记录计算时")
    records: int = Field(description="计入的业务记录条数")
    file: str | None = Field(description="导入的文件及行号，文件导入时")


class MonitoredIndicator(Schema):
    name: str
    target: str
    actual: str | None
    progress: str | None = Field(description="完成进度（%）")
    forecast: str | None = Field(description="全年预计完成值（数值，单位见`forecast_unit`）")
    forecast_unit: str = Field(description="全年预计完成值的单位，即指标值的单位")
    forecast_text: str | None = Field(description="全年预计完成值连同单位，如“394人”")
    forecast_rule: str | None = Field(description="全年预计的推算方法，如“已按时完成的轮次加上截止日期未到的轮次”")
    likelihood: str | None = Field(description="完成目标可能性，按全年预计判断")
    reason_required: bool
    reason_missing: bool
    reason_lacks: list[str] = Field(description="完整的偏差说明还缺什么：原因类别、纠偏措施")
    reason: str = Field(description="偏差原因")
    measure: str = Field(description="纠偏措施")
    source: ActualSource | None = Field(description="完成值的来源，没有完成值时为空")


class MonitoredProject(Schema):
    code: str
    name: str
    budget: str | None = Field(description="预算数（元）")
    spent: str | None = Field(description="已支出（元）")
    execution_rate: str | None = Field(description="执行率（%）")
    planned_rate: str | None = Field(description="计划执行率（%）")
    time_rate: str | None = Field(description="序时进度（%）")
    gap: str | None
    colour: str = Field(description="预警：`green`、`yellow`或`red`；支出超出预算时总是`red`")
    problems: list[str] = Field(description="资金问题：“超支”（支出超出预算），或“数据有误”（执行率高得不合情理，或项目无预算）")
    reason_required: bool
    reason_missing: bool
    reason: str = Field(description="偏差原因")
    measure: str = Field(description="纠偏措施")
    indicators: list[MonitoredIndicator]


class MonitoringOut(Schema):
    as_of: Date
    ruleset: str
    projects: list[MonitoredProject]


class ScoredExecution(Schema):
    budget: str | None
    spent: str | None
    rate: str | None
    weight: str | None
    score: str | None
    reason_required: bool
    flags: list[str] = Field(description="执行率超过100%时为“超支…”，得分按规则集扣减或保留，须说明偏差原因")


class ScoredIndicator(Schema):
    name: str
    level1: str
    weight: str | None
    target: str
    actual: str | None
    score: str | None
    flags: list[str]
    reason_required: bool
    source: ActualSource | None = Field(description="完成值的来源，没有完成值时为空")


class ConsistencyOut(Schema):
    colour: Literal["red", "yellow", "green"] = Field(
        description="绩效与预算执行一致性：`red`（红）指标得分率高于预算执行得分率超过规则集的`red_gap`%（绩效结果超前于"
                    "资金使用）；`yellow`（黄）预算数为0或预算未支出超过`yellow_unspent`%；`green`（绿）其他")
    indicator_share: str | None = Field(description="指标得分率（%，两位小数）：各指标得分之和÷其分值之和；没有计分的指标时为空")
    execution_share: str | None = Field(description="预算执行得分率（%，两位小数）：预算执行率得分÷其分值；其分值为0时为空")
    gap: str | None = Field(description="偏差（%，两位小数）：（指标得分率−预算执行得分率）÷指标得分率；无法计算时为空")
    unspent: str | None = Field(description="预算未支出比例（%，两位小数，超支时为负）；预算数为0时为空")
    reason: str = Field(description="颜色的理由，含上述数字")


class ScoredProject(Schema):
    code: str
    name: str
    execution: ScoredExecution
    indicators: list[ScoredIndicator]
    total: str | None
    grade: str
    consistency: ConsistencyOut = Field(description="绩效与预算执行一致性（按该绩效目标的规则集）")


class SelfEvaluationOut(Schema):
    ruleset: str
    projects: list[ScoredProject]


class BadRowOut(Schema):
    row: int = Field(description="行号（表头为第1行）")
    field: str = Field(description="字段（列）")
    reason: str = Field(description="原因")


class ImportOut(Schema):
    kind: str
    count: int = Field(description="导入的行数")
    skipped: int = Field(description="有误而未导入的行数（`only_good`为`true`时）")
    bad: list[BadRowOut] = Field(description="有误而未导入的行")


def _spending_out(r: SpendingRecord) -> dict:
    posted = getattr(r, "posted_by", None)
    return {"id": r.pk, "project": r.project_id, "project_code": r.project.code, "date": r.date,
            "amount": format(r.amount, "f"), "note": r.note, "over_budget_reason": r.over_budget_reason,
            "posted_by": selectors.spending_posted_by(r) if posted is None else posted, "version": r.version}


def _value_out(value) -> dict:
    return {"indicator": value.indicator_id, "actual": value.actual or "",
            "share": None if value.share is None else format(value.share, "f"), "reason": value.reason or "",
            "measure": value.measure or "", "evidence": FilePath(value.evidence.name).name if value.evidence else "",
            "version": value.version}


router = Router(tags=["监控与自评"])


@router.get("/{plan_id}/monitoring", response={200: MonitoringOut, **ERRORS}, summary="绩效目标执行监控",
            description="截至`as_of`（默认为预算年度的7月31日）各项目的预算执行率、计划执行率、序时进度和偏差，各指标的完成值、"
                        "完成进度、全年预计完成值和完成目标的可能性，以及完成值的来源；"
                        "按规则集计算（财预〔2019〕136号）。可查看该绩效目标的用户均可调用；"
                        "数据无法计算时答复400并说明原因。")
def monitoring(request, plan_id: int = ID("绩效目标编号"), as_of: Date | None = AS_OF):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    when, rows = selectors.monitoring(plan, as_of)
    return monitor_json(when, rows, plan.rules.code, sources=True)


@router.get("/{plan_id}/self-evaluation", response={200: SelfEvaluationOut, **ERRORS}, summary="绩效自评",
            description="按该绩效目标的规则集（默认财预〔2020〕10号）为各项目的预算执行和各指标打分，给出总分、等级、"
                        "完成值的来源和绩效与预算执行一致性（红、黄、绿及其数字）。"
                        "可查看该绩效目标的用户均可调用；数据无法计算时答复400并说明原因。")
def self_evaluation(request, plan_id: int = ID("绩效目标编号")):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    results = selectors.scores(plan)
    return score_json(results, plan.rules.code, sources=True, checks=selectors.consistency(plan, results))


@router.get("/{plan_id}/spending", response={200: list[SpendingOut], **ERRORS}, summary="支出记录列表",
            description="该绩效目标各项目的支出记录（金额单位为元），按日期排列，每页500条。"
                        "可查看该绩效目标的用户均可调用。")
def spending_list(request, plan_id: int = ID("绩效目标编号"),
                  page: int = Query(1, ge=1, le=100000, description="每页500条")):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    return [_spending_out(r) for r in selectors.spending_page(plan, page)]


@router.post("/{plan_id}/spending", response={200: SpendingOut, **ERRORS}, summary="录入支出",
             description="为绩效目标中的一个项目录入一笔支出（金额单位为元，可带千位分隔符）。须为本单位的单位填报或管理员，"
                         "且绩效目标已批复或已公开，否则分别答复403、409；项目不属于这份绩效目标时答复404；"
                         "日期不在预算年度内或金额不在0到1万亿元之间时答复400。录入后项目支出合计超出预算时，"
                         "须`confirm_over_budget`为`true`并填写`reason`，否则答复409（说明项目、预算和录入后的合计），"
                         "确认而未填原因时答复400。")
def spending_create(request, payload: SpendingIn, plan_id: int = ID("绩效目标编号")):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    project = selectors.project_in(plan, payload.project)
    record = services.spending_create(project=project, date=payload.date, amount=payload.amount, note=payload.note,
                                      user=request.user, confirm_over_budget=payload.confirm_over_budget,
                                      reason=payload.reason)
    return _spending_out(record)


SPENDING_CHANGE = ("须为本单位的单位填报或管理员，且绩效目标已批复或已公开，否则分别答复403、409；支出记录不属于这份"
                   "绩效目标时答复404；由帮扶发放或劳模体检自动记入的支出不能在此更正或删除（答复409，请在帮扶业务中冲正）；"
                   "未填原因时答复400。每次更正、删除连同原因记入项目的操作历史。")


def _correct(request, plan_id: int, spending_id: int, changes: dict):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    record = selectors.spending_in(plan, spending_id)
    def given(key: str, now):
        return now if changes.get(key) is None else changes[key]

    services.spending_correct(record=record, user=request.user, reason=changes["reason"],
                              confirm_over_budget=changes["confirm_over_budget"], date=given("date", record.date),
                              amount=given("amount", record.amount), note=given("note", record.note),
                              version=changes.get("version"))
    return _spending_out(selectors.spending_in(plan, spending_id))


@router.put("/{plan_id}/spending/{spending_id}", response={200: SpendingOut, **ERRORS}, summary="更正支出",
            description="更正一笔支出的日期、金额和摘要，`reason`为更正原因（必填）。更正使项目支出合计超出预算时，"
                        "须`confirm_over_budget`为`true`，否则答复409。" + SPENDING_CHANGE)
def spending_correct(request, payload: SpendingCorrectIn, plan_id: int = ID("绩效目标编号"),
                     spending_id: int = ID("支出记录编号")):
    return _correct(request, plan_id, spending_id, payload.dict())


@router.patch("/{plan_id}/spending/{spending_id}", response={200: SpendingOut, **ERRORS}, summary="部分更正支出",
              description="只更正所填的日期、金额或摘要，`reason`为更正原因（必填）。更正使项目支出合计超出预算时，"
                          "须`confirm_over_budget`为`true`，否则答复409。" + SPENDING_CHANGE)
def spending_patch(request, payload: SpendingPatchIn, plan_id: int = ID("绩效目标编号"),
                   spending_id: int = ID("支出记录编号")):
    return _correct(request, plan_id, spending_id, payload.dict())


@router.delete("/{plan_id}/spending/{spending_id}", response={200: SpendingOut, **ERRORS}, summary="删除支出",
               description="删除一笔支出，查询参数`reason`为删除原因（必填），答复删除前的记录。" + SPENDING_CHANGE)
def spending_delete(request, plan_id: int = ID("绩效目标编号"), spending_id: int = ID("支出记录编号"),
                    reason: str = Query(..., max_length=500, description="删除原因（必填）"),
                    version: int | None = Query(None, ge=0, le=2**31,
                                                description="读取时的版本号（可选）：记录已被他人更正则答复409")):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    record = selectors.spending_in(plan, spending_id)
    was = _spending_out(record)
    services.spending_delete(record=record, reason=reason, user=request.user, version=version)
    return was


@router.put("/{plan_id}/values/{indicator_id}", response={200: ValueOut, **ERRORS}, summary="填报完成值",
            description="填报指标的完成值`actual`，以及得分比例`share`、偏差原因`reason`和纠偏措施`measure`；"
                        "保存前先解析完成值并试算得分，无法识别时答复400，不作修改。须为本单位的单位填报或管理员，"
                        "且绩效目标已批复或已公开，否则分别答复403、409；指标不属于这份绩效目标时答复404。"
                        "填写`version`时，他人在此之后已保存过的，答复409，不作修改。")
def value_save(request, payload: ValueIn, plan_id: int = ID("绩效目标编号"), indicator_id: int = ID("指标编号")):
    """An indicator's typed actual (完成值) with its share, reason and measure."""
    indicator = selectors.indicator_in(user=request.user, plan_id=plan_id, indicator_id=indicator_id)
    fields = {"actual": payload.actual.strip(), "share": payload.share, "reason": payload.reason.strip(),
              "measure": payload.measure.strip()}
    return _value_out(services.value_save(indicator=indicator, fields=fields, user=request.user,
                                          version=payload.version))


@router.post("/{plan_id}/values/{indicator_id}/evidence", response={200: ValueOut, **ERRORS}, summary="上传佐证材料",
             description="为指标上传一份佐证材料（不超过20MB），替换原有的。须为本单位的单位填报或管理员，"
                         "且绩效目标已批复或已公开，否则分别答复403、409；超过20MB时答复400，指标不属于这份绩效目标时答复404。")
def evidence_upload(request, file: Annotated[UploadedFile, File(description="佐证材料，不超过20MB")],
                    plan_id: int = ID("绩效目标编号"), indicator_id: int = ID("指标编号")):
    """A file (up to 20MB) supporting the indicator's typed value."""
    indicator = selectors.indicator_in(user=request.user, plan_id=plan_id, indicator_id=indicator_id)
    return _value_out(services.value_save(indicator=indicator, fields={"evidence": file}, user=request.user))


@router.get("/{plan_id}/tables/{table}/{fmt}", response=ERRORS, openapi_extra=openapi_file(*TABLE_FORMATS),
            summary="下载监控表或自评表",
            description="`table`为`monitoring`时生成绩效目标执行监控表（截至`as_of`，默认为预算年度的7月31日），"
                        "为`self-evaluation`时生成绩效自评表；`fmt`为`xlsx`、`docx`或`pdf`。"
                        "可查看该绩效目标的用户均可下载。")
def table_download(request, table: Annotated[Literal["monitoring", "self-evaluation"], Path(description="哪张表")],
                   fmt: Annotated[Literal["xlsx", "docx", "pdf"], Path(description="文件格式")],
                   plan_id: int = ID("绩效目标编号"), as_of: Date | None = AS_OF):
    """The official 绩效目标执行监控表 (at `as_of`) or 绩效自评表."""
    return table_file(goal_selectors.plan_get(user=request.user, plan_id=plan_id), table, fmt, as_of)


@router.get("/{plan_id}/values/{indicator_id}/evidence", response=ERRORS,
            openapi_extra={"responses": {200: {"description": "佐证材料（上传时的文件）"}}}, summary="下载佐证材料",
            description="下载指标上传时的佐证材料原文件。可查看该绩效目标的用户均可下载；没有上传佐证材料时答复404。")
def evidence_download(request, plan_id: int = ID("绩效目标编号"), indicator_id: int = ID("指标编号")):
    return evidence_file(selectors.indicator_in(user=request.user, plan_id=plan_id, indicator_id=indicator_id))


@router.post("/{plan_id}/import/{kind}", response={200: ImportOut, **ERRORS}, summary="导入支出或完成值",
             description="`kind`为`spending`时导入支出记录（项目、日期、金额（元，可带千位分隔符）、摘要），"
                         "项目写项目编码，没有编码的项目写项目名称（也可用“项目名称”列）；"
                         "为`actuals`时导入完成值（项目、指标、完成值，可选得分比例、偏差原因、纠偏措施、"
                         "全年预计完成值）。文件为CSV或Excel（`.xlsx`），表头可用中文。先检查整个文件：有误的行"
                         "（行号、字段、原因）在`fields`中逐一列出，这时一行也不导入，答复400；确认只导入合格的行时"
                         "`only_good`为`true`，答复中`bad`列出未导入的行；没有合格的行时答复400。导入的支出使项目"
                         "超出预算时，须`confirm_over_budget`为`true`并填写`reason`，否则答复409。须为本单位的单位填报"
                         "或管理员，且绩效目标已批复或已公开，否则分别答复403、409。")
def records_import(request, kind: Annotated[Literal["spending", "actuals"], Path(description="导入的内容")],
                   file: Annotated[UploadedFile, File(description="CSV或Excel文件")],
                   plan_id: int = ID("绩效目标编号"),
                   only_good: bool = Form(False, description="有误的行时，确认只导入合格的行"),
                   confirm_over_budget: bool = Form(False, description=CONFIRM),
                   reason: str = Form("", max_length=500, description="超出预算的原因")):
    """spending: project, date, amount (元), note; actuals: project, indicator, actual[, share, reason, measure,
    forecast]; CSV or .xlsx, Chinese headers too. Every row checked first; bad rows only skipped when asked."""
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    limits.check_upload(file.name or "", file.size, table=True)  # before it is read
    check = services.records_import(plan=plan, kind=kind, data=file.read(), name=FilePath(file.name or "").name
                                    or "上传的文件", user=request.user, only_good=only_good,
                                    confirm_over_budget=confirm_over_budget, reason=reason)
    return {"kind": kind, "count": len(check.good), "skipped": check.bad_rows,
            "bad": [{"row": b.row, "field": b.field, "reason": b.reason} for b in check.bad]}


class ReasonIn(Schema):
    kind: Literal["", "经费", "制度", "人员", "硬件"] = Field(
        "", description="原因类别：经费、制度、人员或硬件（保障）；偏差原因中已注明时可不填")
    reason: str = Field("", max_length=2000, description="偏差原因")
    measure: str = Field("", max_length=2000, description="纠偏措施")
    version: int | None = Field(None, ge=0, le=2**62, description="读取时的版本号（上次保存答复中的`version`，尚无记录时为0）；"
                                "填写后，他人在此之后已保存的，答复409，不作修改；不填则以本次为准")


class ReasonOut(Schema):
    reason: str = Field(description="保存的偏差原因（原因类别注明在前）")
    measure: str = Field(description="纠偏措施")
    version: int = Field(description="版本号，每次保存或导入加1")


class ReportIn(Schema):
    as_of: Date = Field(..., description="监控截止日期，如2021-07-31")
    note: str = Field("", max_length=200, description="说明，如“1-7月监控”")


class ReportSummary(Schema):
    id: int
    as_of: Date
    note: str
    created_by: str | None = Field(description="保存人的登录名")
    created_at: str = Field(description="保存时间，如2021-07-31T10:00:00+08:00")


class ReportOut(ReportSummary):
    table: MonitoringOut = Field(description="保存时的监控表，不随之后的业务记录变化")


def _report_summary(report) -> dict:
    return {"id": report.pk, "as_of": report.as_of, "note": report.note,
            "created_by": report.created_by.username if report.created_by else None,
            "created_at": report.created_at.isoformat(timespec="seconds")}


REASON_RULES = ("须为本单位的单位填报或管理员，且绩效目标已批复或已公开，否则分别答复403、409；"
                "原因类别不是经费、制度、人员、硬件之一或文字超过2000字时答复400。完整的偏差说明须注明原因类别并填写纠偏措施。"
                "填写`version`时，他人在此之后已保存过的，答复409，不作修改。")


@router.put("/{plan_id}/reasons/projects/{project_id}", response={200: ReasonOut, **ERRORS},
            summary="填写项目偏差原因",
            description="为项目的预算执行填写偏差原因（连同原因类别）和纠偏措施。" + REASON_RULES
                        + "项目不属于这份绩效目标时答复404。")
def project_reason_save(request, payload: ReasonIn, plan_id: int = ID("绩效目标编号"),
                        project_id: int = ID("项目编号")):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    remark = services.project_reason_save(project=selectors.project_in(plan, project_id), kind=payload.kind,
                                          reason=payload.reason, measure=payload.measure, user=request.user,
                                          version=payload.version)
    return {"reason": remark.reason, "measure": remark.measure, "version": remark.version}


@router.put("/{plan_id}/reasons/indicators/{indicator_id}", response={200: ReasonOut, **ERRORS},
            summary="填写指标偏差原因",
            description="为任一指标（包括完成值由业务记录计算的指标）填写偏差原因（连同原因类别）和纠偏措施，"
                        "不改动完成值。" + REASON_RULES + "指标不属于这份绩效目标时答复404。")
def indicator_reason_save(request, payload: ReasonIn, plan_id: int = ID("绩效目标编号"),
                          indicator_id: int = ID("指标编号")):
    indicator = selectors.indicator_in(user=request.user, plan_id=plan_id, indicator_id=indicator_id)
    value = services.indicator_reason_save(indicator=indicator, kind=payload.kind, reason=payload.reason,
                                           measure=payload.measure, user=request.user, version=payload.version)
    return {"reason": value.reason, "measure": value.measure, "version": value.version}


@router.get("/{plan_id}/monitoring/reports", response={200: list[ReportSummary], **ERRORS}, summary="监控报告列表",
            description="这份绩效目标保存的监控报告，按监控截止日期从近到远。可查看该绩效目标的用户均可调用。")
def monitoring_report_list(request, plan_id: int = ID("绩效目标编号")):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    return [_report_summary(r) for r in selectors.monitoring_report_list(plan)]


@router.post("/{plan_id}/monitoring/reports", response={200: ReportOut, **ERRORS}, summary="保存监控报告",
             description="把截至`as_of`的监控表（完成值、全年预计及其单位、预警、偏差原因和纠偏措施）保存为监控报告，"
                         "保存后不随业务记录变化。须为本单位的单位填报或管理员，且绩效目标已批复或已公开，"
                         "否则分别答复403、409；日期离预算年度超过50年时答复400。")
def monitoring_report_save(request, payload: ReportIn, plan_id: int = ID("绩效目标编号")):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    report = services.monitoring_report_save(plan=plan, as_of=payload.as_of, note=payload.note, user=request.user)
    return _report_summary(report) | {"table": report.rows}


@router.get("/{plan_id}/monitoring/reports/{report_id}", response={200: ReportOut, **ERRORS}, summary="监控报告",
            description="一份保存的监控报告，保持保存时的内容。可查看该绩效目标的用户均可调用；"
                        "报告不属于这份绩效目标时答复404。")
def monitoring_report_get(request, plan_id: int = ID("绩效目标编号"), report_id: int = ID("监控报告编号")):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    report = selectors.monitoring_report_in(plan, report_id)
    return _report_summary(report) | {"table": report.rows}


@router.get("/{plan_id}/monitoring/reports/{report_id}/table/{fmt}", response=ERRORS,
            openapi_extra=openapi_file(*TABLE_FORMATS), summary="下载监控报告的监控表",
            description="保存的监控报告生成的绩效目标执行监控表，`fmt`为`xlsx`、`docx`或`pdf`，内容为保存时的样子。"
                        "可查看该绩效目标的用户均可下载；报告不属于这份绩效目标时答复404。")
def monitoring_report_download(request, fmt: Annotated[Literal["xlsx", "docx", "pdf"], Path(description="文件格式")],
                               plan_id: int = ID("绩效目标编号"), report_id: int = ID("监控报告编号")):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    return report_file(plan, selectors.monitoring_report_in(plan, report_id), fmt)


# ---------------------------------------------------------------- published self-evaluations (issue 11 §3)

class PublishedOut(PublicationOut):
    ruleset: str
    results: dict = Field(description="公开时的自评结果：各项目的执行、各指标的完成值（含数值、单位和来源）、得分、总分和等级，"
                                      "以及评分规则；数值为字符串")
    differences: list[str] = Field(description="现在按记录计算的结果与公开结果的不同之处（与公开结果不一致）；一致时为空")
    publications: list[PublicationOut] = Field(description="历次公开和更正，最新（现行）的在前")


class CorrectionIn(Schema):
    reason: str = Field(..., max_length=500, description="更正原因（必填，公开页面显示）")


def _published_out(plan, published) -> dict:
    return publication_out(published) | {
        "ruleset": published.ruleset, "results": published.rows,
        "differences": selectors.published_differences(plan, published),
        "publications": [publication_out(p) for p in selectors.published_evaluation_list(plan)]}


@router.get("/{plan_id}/self-evaluation/published", response={200: PublishedOut, **ERRORS}, summary="公开的自评结果",
            description="单位公开的自评结果（保持公开时的内容），现在的结果与它的不同之处，以及历次更正。"
                        "可查看该绩效目标的用户均可调用；尚未公开时答复404。")
def self_evaluation_published(request, plan_id: int = ID("绩效目标编号")):
    from ...evaluation import errors as e
    from ..goals.errors import NotFound

    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    published = selectors.published_evaluation(plan)
    if published is None:
        raise NotFound(e.NO_PUBLICATION.format(plan=plan))
    return _published_out(plan, published)


@router.post("/{plan_id}/self-evaluation/publish", response={200: PublishedOut, **ERRORS}, summary="公开自评结果",
             description="把现在的自评结果公开：保存为公开版本，公开页面和自评表从此按它显示，之后的变化须经更正才公开。"
                         "须为本单位的单位审核或管理员（否则403），绩效目标已批复或已公开，且尚未公开过（否则409）；"
                         "数据无法计算时答复400并说明原因。")
def self_evaluation_publish(request, plan_id: int = ID("绩效目标编号")):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    return _published_out(plan, services.self_evaluation_publish(plan=plan, user=request.user))


@router.post("/{plan_id}/self-evaluation/corrections", response={200: PublishedOut, **ERRORS},
             summary="更正公开的自评结果",
             description="以现在的自评结果更正公开版本，须写明原因（否则400）；原公开版本保留在更正记录中。"
                         "须为本单位的单位审核或管理员（否则403），且已公开过（否则409）。")
def self_evaluation_correct(request, payload: CorrectionIn, plan_id: int = ID("绩效目标编号")):
    plan = goal_selectors.plan_get(user=request.user, plan_id=plan_id)
    return _published_out(plan, services.self_evaluation_correct(plan=plan, reason=payload.reason,
                                                                 user=request.user))
