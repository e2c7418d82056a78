"""部门整体 records in the API: a unit's year (staffing, basic spending with totals, the basic budget,
staff in post with its records and the whole budget's execution), adding and editing records with their
version, setting the basic budget, importing a table. Same services and permissions as the page."""

from __future__ import annotations

from datetime import date as Date
from pathlib import PurePath
from typing import Annotated, Literal

from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from ...core.problems import ReadError
from ...evaluation.department import over_posts
from ...formats import limits
from ...formats.registers import rows_of
from ..api_params import ID
from ..errors import ERRORS
from . import errors as e
from . import selectors, services
from .models import BasicSpending, Staffing

VERSION = "读取时的版本号（记录中的`version`）；他人在此之后已修改的，答复409，不作修改"
UNIT = "单位编码，如711001"
NOT_SEEN = "单位或记录不存在、或你无权查看时答复404"
EDITORS = "须为该单位的单位填报或管理员，否则答复403"


class StaffingOut(Schema):
    id: int = Field(description="编制记录编号")
    unit_name: str = Field(description="单位名称（本级或下属单位）")
    posts: int = Field(description="编制数")
    in_post: int = Field(description="在职人数")
    retired: int = Field(description="退休人数")
    version: int = Field(description="版本号，每次修改加1")
    warning: str = Field("", description="保存后的提醒，如在职人数多于编制数（仍已保存），没有则为空")


class SpendingOut(Schema):
    id: int = Field(description="基本支出记录编号")
    date: Date = Field(description="日期")
    kind: str = Field(description="类别：人员经费或公用经费")
    amount: str = Field(description="金额（元）")
    note: str = Field(description="摘要")
    version: int = Field(description="版本号，每次修改加1")


class StaffOut(Schema):
    value: int = Field(description="在职人数：本级及下属单位之和")
    unit: str = Field(description="度量单位")
    records: list[str] = Field(description="计入的编制记录")
    basis: str = Field(description="取数口径")


class ExecutionOut(Schema):
    budget: str = Field(description="预算数合计（元）")
    project_budget: str = Field(description="本年各项目预算数之和（元）")
    basic_budget: str | None = Field(description="基本支出预算数（元），未录入则为空且不计入预算数")
    spent: str = Field(description="执行数合计（元）")
    project_spent: str = Field(description="项目支出（元）")
    basic_spent: str = Field(description="基本支出（元）")
    rate: str | None = Field(description="预算执行率（%），没有预算数时为空")
    basis: str = Field(description="口径说明")


class DepartmentOut(Schema):
    unit: str = Field(description="单位编码")
    year: int = Field(description="年度")
    staffing: list[StaffingOut] = Field(description="编制记录")
    basic_spending: list[SpendingOut] = Field(description="基本支出记录")
    basic_spending_totals: dict[str, str] = Field(description="基本支出按类别的合计（元），含“合计”")
    basic_budget: str | None = Field(description="基本支出预算数（元），未录入则为空")
    basic_budget_version: int | None = Field(description="基本支出预算的版本号，未录入则为空")
    staff_in_post: StaffOut = Field(description="在职人数及其来源")
    execution: ExecutionOut = Field(description="整体预算执行")


class StaffingIn(Schema):
    unit: str = Field(..., min_length=1, max_length=20, description=UNIT)
    year: int = Field(..., ge=2000, le=2100, description="年度")
    unit_name: str = Field(..., min_length=1, max_length=100, description="单位名称（本级或下属单位）")
    posts: int = Field(..., ge=0, le=1_000_000, description="编制数")
    in_post: int = Field(..., ge=0, le=1_000_000, description="在职人数")
    retired: int = Field(..., ge=0, le=1_000_000, description="退休人数")


class StaffingPatchIn(Schema):
    unit_name: str | None = Field(None, min_length=1, max_length=100, description="单位名称，不改则不填")
    posts: int | None = Field(None, ge=0, le=1_000_000, description="编制数，不改则不填")
    in_post: int | None = Field(None, ge=0, le=1_000_000, description="在职人数，不改则不填")
    retired: int | None = Field(None, ge=0, le=1_000_000, description="退休人数，不改则不填")
    version: int = Field(..., ge=0, le=2**62, description=VERSION)


class SpendingIn(Schema):
    unit: str = Field(..., min_length=1, max_length=20, description=UNIT)
    year: int = Field(..., ge=2000, le=2100, description="年度")
    date: Date = Field(..., description="日期，须在该年度内，如2021-03-31")
    kind: Literal["人员经费", "公用经费"] = Field(..., description="类别：人员经费或公用经费")
    amount: str = Field(..., min_length=1, max_length=40, description="金额（元），可带千位分隔符，如1,234.50")
    note: str = Field("", max_length=200, description="摘要")


class SpendingPatchIn(Schema):
    date: Date | None = Field(None, description="日期，不改则不填")
    kind: Literal["人员经费", "公用经费"] | None = Field(None, description="类别，不改则不填")
    amount: str | None = Field(None, min_length=1, max_length=40, description="金额（元），不改则不填")
    note: str | None = Field(None, max_length=200, description="摘要，不改则不填")
    version: int = Field(..., ge=0, le=2**62, description=VERSION)


class BudgetIn(Schema):
    unit: str = Field(..., min_length=1, max_length=20, description=UNIT)
    year: int = Field(..., ge=2000, le=2100, description="年度")
    amount: str = Field(..., min_length=1, max_length=40, description="基本支出预算数（元），可带千位分隔符")
    version: int | None = Field(None, ge=0, le=2**62, description="已有预算数时必填：读取时的`basic_budget_version`；"
                                "尚未录入时不填或填0")


class BadRowOut(Schema):
    row: int = Field(description="行号")
    field: str = Field(description="字段")
    reason: str = Field(description="原因")


class ImportOut(Schema):
    kind: str = Field(description="导入的内容：`staffing`编制、`basic_spending`基本支出")
    count: int = Field(description="导入的行数")
    bad: list[BadRowOut] = Field(description="有误而未导入的行（`only_good`为`true`时）")


router = Router(tags=["部门整体"])


def _year(request, unit: str, year: int) -> dict:
    found = selectors.unit_by_code(user=request.user, code=unit)
    return selectors.department_json(unit=found, year=year)


@router.get("", response={200: DepartmentOut, **ERRORS}, summary="部门整体：编制与基本支出",
            description="一个单位一个年度的编制记录、基本支出（按类别合计）、基本支出预算数，以及由记录计算的在职人数"
                        "（本级及下属单位在职人数之和，列出计入的记录）和整体预算执行（本年各项目预算数加已录入的基本支出"
                        f"预算数，对本年项目支出加基本支出）。可查看该单位的用户均可调用；{NOT_SEEN}。")
def department_get(request, unit: str = Query(..., min_length=1, max_length=20, description=UNIT),
                   year: int = Query(..., ge=2000, le=2100, description="年度")):
    return _year(request, unit, year)


@router.post("/staffing", response={200: StaffingOut, **ERRORS}, summary="新增编制记录",
             description="新增本级或一个下属单位某年度的编制数、在职人数和退休人数。在职人数多于编制数的仍保存，`warning`中提醒核对；"
                         "同一单位名称该年度已有记录时答复409；"
                         f"{EDITORS}；{NOT_SEEN}。")
def staffing_create(request, payload: StaffingIn):
    unit = selectors.unit_by_code(user=request.user, code=payload.unit)
    record = services.staffing_create(unit=unit, year=payload.year, user=request.user,
                                      fields=payload.dict(include=set(services.STAFFING_FIELDS)))
    return _warned(record)


def _warned(record: Staffing) -> dict:
    """A saved staffing record with the page's warning (在职 above 编制 is saved: 编外 staff, 超编)."""
    return {**selectors.staffing_json(record), "warning": over_posts(record.to_domain()) or ""}


@router.patch("/staffing/{staffing_id}", response={200: StaffingOut, **ERRORS}, summary="修改编制记录",
              description=f"修改编制记录，须带读取时的`version`；他人已修改的答复409，不作修改。{EDITORS}；{NOT_SEEN}。")
def staffing_update(request, payload: StaffingPatchIn, staffing_id: int = ID("编制记录编号")):
    record = selectors.record_by_id(user=request.user, model=Staffing, what="编制记录", record_id=staffing_id)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if k != "version" and v is not None}
    return _warned(services.staffing_update(record=record, fields=fields, version=payload.version, user=request.user))


@router.post("/basic-spending", response={200: SpendingOut, **ERRORS}, summary="录入基本支出",
             description=f"录入一笔基本支出（人员经费或公用经费，元），日期须在该年度内，否则答复400。{EDITORS}；{NOT_SEEN}。")
def basic_spending_create(request, payload: SpendingIn):
    unit = selectors.unit_by_code(user=request.user, code=payload.unit)
    record = services.basic_spending_create(unit=unit, year=payload.year, user=request.user,
                                            fields={k: getattr(payload, k) for k in services.SPENDING_FIELDS})
    return selectors.basic_spending_json(record)


@router.patch("/basic-spending/{spending_id}", response={200: SpendingOut, **ERRORS}, summary="修改基本支出",
              description=f"修改一笔基本支出，须带读取时的`version`；他人已修改的答复409，不作修改。{EDITORS}；{NOT_SEEN}。")
def basic_spending_update(request, payload: SpendingPatchIn, spending_id: int = ID("基本支出记录编号")):
    record = selectors.record_by_id(user=request.user, model=BasicSpending, what="基本支出记录",
                                    record_id=spending_id)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if k != "version" and v is not None}
    return selectors.basic_spending_json(services.basic_spending_update(record=record, fields=fields,
                                                                        version=payload.version, user=request.user))


@router.delete("/staffing/{staffing_id}", response={200: DepartmentOut, **ERRORS}, summary="删除编制记录",
               description="删除一条编制记录，查询参数`version`为读取时的版本号；他人已修改的答复409，不作删除。删除记入"
                           f"该单位的操作历史。答复该年度的部门整体记录。{EDITORS}；{NOT_SEEN}。")
def staffing_delete(request, staffing_id: int = ID("编制记录编号"),
                    version: int = Query(..., ge=0, le=2**62, description=VERSION)):
    record = selectors.record_by_id(user=request.user, model=Staffing, what="编制记录", record_id=staffing_id)
    services.staffing_delete(record=record, version=version, user=request.user)
    return selectors.department_json(unit=record.unit, year=record.year)


@router.delete("/basic-spending/{spending_id}", response={200: DepartmentOut, **ERRORS}, summary="删除基本支出",
               description="删除一笔基本支出，查询参数`version`为读取时的版本号；他人已修改的答复409，不作删除。删除记入"
                           f"该单位的操作历史。答复该年度的部门整体记录。{EDITORS}；{NOT_SEEN}。")
def basic_spending_delete(request, spending_id: int = ID("基本支出记录编号"),
                          version: int = Query(..., ge=0, le=2**62, description=VERSION)):
    record = selectors.record_by_id(user=request.user, model=BasicSpending, what="基本支出记录",
                                    record_id=spending_id)
    services.basic_spending_delete(record=record, version=version, user=request.user)
    return selectors.department_json(unit=record.unit, year=record.year)


@router.put("/basic-budget", response={200: DepartmentOut, **ERRORS}, summary="设置基本支出预算",
            description="设置一个年度的基本支出预算数（元），此后计入整体预算执行的预算数。已有预算数时须带读取时的"
                        f"`version`，他人已修改的答复409，不作修改。{EDITORS}；{NOT_SEEN}。")
def basic_budget_set(request, payload: BudgetIn):
    unit = selectors.unit_by_code(user=request.user, code=payload.unit)
    services.basic_budget_set(unit=unit, year=payload.year, amount=payload.amount, version=payload.version,
                              user=request.user)
    return selectors.department_json(unit=unit, year=payload.year)


@router.post("/import", response={200: ImportOut, **ERRORS}, summary="导入编制或基本支出",
             description="`kind`为`staffing`时导入编制表（表头：单位、编制数、在职人数、退休人数），为`basic_spending`时"
                         "导入基本支出（表头：日期、类别、金额、摘要）。文件为CSV或Excel（`.xlsx`）。先检查整个文件：有误的行"
                         "（行号、字段、原因）在`fields`中逐一列出，这时一行也不导入，答复400；确认只导入合格的行时`only_good`为`true`，"
                         f"答复中`bad`列出未导入的行；没有合格的行时答复400。{EDITORS}；{NOT_SEEN}。")
def records_import(request, file: Annotated[UploadedFile, File(description="CSV或Excel文件")],
                   unit: str = Form(..., min_length=1, max_length=20, description=UNIT),
                   year: int = Form(..., ge=2000, le=2100, description="年度"),
                   kind: Literal["staffing", "basic_spending"] = Form(..., description="导入的内容"),
                   only_good: bool = Form(False, description="有误的行时，确认只导入合格的行")):
    found = selectors.unit_by_code(user=request.user, code=unit)
    services.require_editor(request.user, found.pk)
    name = PurePath(file.name or "").name or "上传的文件"
    limits.check_upload(name, file.size, table=True)  # before it is read
    try:
        rows = rows_of(file.read(), name)
    except ReadError as exc:
        raise exc.within(name, then=e.NOTHING_IMPORTED) from None
    count, bad = services.records_import(unit=found, year=year, kind=kind, rows=rows, name=name, user=request.user,
                                         only_good=only_good)
    return {"kind": kind, "count": count, "bad": [{"row": b.row, "field": b.field, "reason": b.message} for b in bad]}
