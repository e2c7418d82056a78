"""The programmes (帮扶业务) in the API: registers, rounds and payments, model workers'
health checks, standards, surveys and metric bindings. Personal data is masked as the
pages mask it: in full only for the unit's relief officers and administrators."""

from __future__ import annotations

from datetime import date as Date
from decimal import Decimal
from typing import Annotated, Literal

from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from ...formats import limits
from ...relief.checks import CHECK_STATES
from ...relief.persons import mask_id
from ...relief.register import CAUSES, DEGREES, STATUSES
from ...relief.rounds import STATE_WORDS
from ..api_params import ID
from ..downloads import bank_list_file, openapi_file
from ..errors import ERRORS
from ..goals import selectors as goal_selectors
from ..history.services import log_security_event
from . import errors as e
from . import permissions, selectors, services
from .errors import ReliefError
from .models import Round, Survey

# ---------------------------------------------------------------- schemas

class Provenance(Schema):
    kind: str = Field(description="来源：`typed`（手工填报）、`imported`（文件导入）、`computed`（由业务记录计算）")
    label: str = Field(description="来源的说明，如“手工填报”“文件导入（完成值表：第2行）”")
    records: list[str] = Field(description="计入的记录，如`payment:12`；手工填报时为空")
    computed_at: str | None = Field(description="计算时间；手工填报时为空")


class ActualRow(Schema):
    name: str
    metric: str | None = Field(description="取数口径；手工填报时为空")
    actual: str | None
    unit: str
    provenance: Provenance | None = Field(description="完成值的来源；尚未填报时为空")


class ActualsOut(Schema):
    project: str
    year: int
    indicators: list[ActualRow]


class PersonOut(Schema):
    id: int
    unit: str
    name: str = Field(description="姓名；非本单位帮扶干事看到的是脱敏姓名，如“张*金”")
    id_number: str = Field(description="身份证号；非本单位帮扶干事看到的是脱敏号码")
    phone: str
    employer: str
    cause: str = Field(description="致困原因；非本单位帮扶干事看到的为空")
    degree: str
    status: str
    version: int
    bank_account: str = Field("", description="银行账号；非本单位帮扶干事看到的是脱敏号码（前后各4位）")
    bank: str = Field("", description="开户银行")


class PersonIn(Schema):
    version: int = Field(..., ge=0, le=2**62)
    phone: str = Field("", max_length=20, description="手机或固定电话，可空")
    employer: str = Field("", max_length=200)
    cause: Literal[CAUSES] = Field(..., description="致困原因")  # type: ignore[valid-type]
    degree: Literal[DEGREES] = Field(..., description="困难程度")  # type: ignore[valid-type]
    bank_account: str | None = Field(None, max_length=40, description="银行账号（10～30位数字）；不填则不改，空串为清除")
    bank: str | None = Field(None, max_length=100, description="开户银行；不填则不改")
    name: str | None = Field(None, max_length=50, description="姓名；不填则不改")
    id_number: str | None = Field(None, max_length=30, description="身份证号；不填则不改，已列入发放名单的不能改")
    household_size: str | None = Field(None, max_length=10, description="家庭人口；不填则不改")
    household_income: str | None = Field(None, max_length=30, description="家庭年收入（元）；不填则不改")


class PersonCreateIn(Schema):
    unit: str = Field(..., max_length=20, description="单位编码")
    name: str = Field(..., max_length=50, description="姓名")
    id_number: str = Field(..., max_length=30, description="身份证号（18位，或15位旧号）")
    phone: str = Field("", max_length=20, description="手机或固定电话，可空")
    employer: str = Field("", max_length=200)
    household_size: int = Field(1, ge=1, le=99, description="家庭人口")
    household_income: Decimal = Field(Decimal(0), ge=0, max_digits=14, decimal_places=2, description="家庭年收入（元）")
    cause: Literal[CAUSES] = Field("其他", description="致困原因")  # type: ignore[valid-type]
    degree: Literal[DEGREES] = Field("相对困难", description="困难程度")  # type: ignore[valid-type]


class MoveIn(Schema):
    status: Literal[STATUSES] = Field(..., description="变更后的状态")  # type: ignore[valid-type]
    date: Date = Field(..., description="变更日期，如2021-05-01")
    version: int | None = Field(None, ge=0, le=2**31, description="档案的版本号（可选）：给出时，档案已被他人修改则答复409")


class ImportReportOut(Schema):
    count: int = Field(description="导入的行数")
    bad: list[str] = Field(description="未导入的行及原因")


class RoundIn(Schema):
    project: int = Field(..., ge=1, le=2**62, description="项目编号（id）")
    name: str = Field("发放轮次", min_length=1, max_length=100)
    kind: str = Field("救助", min_length=1, max_length=20, description="救助类别，对应救助标准")
    start: Date
    end: Date
    degrees: list[Literal[DEGREES]] = Field([], description="困难程度范围，空为全部")  # type: ignore[valid-type]


class RoundOut(Schema):
    id: int
    project: int
    project_code: str
    name: str
    kind: str
    start: Date
    end: Date
    degrees: list[str]
    state: str


class EntryOut(Schema):
    name: str
    id_number: str
    amount: str
    paid: str = Field("0.00", description="已发放金额（元）")


class LeftOutOut(Schema):
    name: str
    reason: str


class RoundDetailOut(RoundOut):
    draft: list[EntryOut] = Field(description="草稿轮次：按档案和资格规则此刻生成的名单")
    left_out: list[LeftOutOut] = Field(description="草稿轮次：未列入的人及原因")
    listed: list[EntryOut] = Field(description="已审批轮次：冻结的名单")
    total: str
    remaining: str = Field(description="项目剩余可安排资金（元）")


class DeletedOut(Schema):
    deleted: int = Field(description="已删除的发放轮次编号")


class ApproveOut(Schema):
    round: int
    entries: int


class CountOut(Schema):
    count: int


class CheckRow(Schema):
    year: int
    state: str
    date: Date | None
    institution: str
    cost: str
    reason: str


class WorkerOut(Schema):
    id: int
    unit: str
    name: str
    id_number: str
    level: str
    year_honoured: int
    checks: list[CheckRow]


class CheckIn(Schema):
    year: int = Field(..., ge=1900, le=2200)
    state: Literal[CHECK_STATES] = "已检"  # type: ignore[valid-type]
    date: Date | None = None
    institution: str = Field("", max_length=100)
    cost: Decimal = Field(Decimal(0), ge=0, max_digits=10, decimal_places=2, description="费用（元）")
    reason: str = Field("", max_length=200, description="未检或放弃时写明原因")
    project: int | None = Field(None, ge=1, le=2**62, description="计入的项目编号，可空")


class CheckOut(Schema):
    worker: int
    year: int
    state: str
    date: Date | None
    cost: str


class StandardIn(Schema):
    unit: str = Field(..., max_length=20, description="单位编码")
    year: int = Field(..., ge=1900, le=2200)
    kind: str = Field(..., min_length=1, max_length=20, description="救助类别")
    degree: Literal[("",) + DEGREES] = ""  # type: ignore[valid-type]
    cause: Literal[("",) + CAUSES] = ""  # type: ignore[valid-type]
    amount: Decimal = Field(..., gt=0, max_digits=12, decimal_places=2, description="标准金额（元）")


class StandardOut(Schema):
    unit: str
    year: int
    kind: str
    degree: str
    cause: str
    amount: str


class SurveyIn(Schema):
    project: int = Field(..., ge=1, le=2**62, description="项目编号（id）")
    name: str = Field(..., max_length=100)
    questions: list[str] = Field(..., max_length=100, description="问题，每个1～5分作答")
    round: int | None = Field(None, ge=1, le=2**62, description="关联的发放轮次编号，可空")
    date: Date = Field(..., description="调查日期，如2021-03-05，须在项目年度内；回答未写日期时按此计")


class SurveyOut(Schema):
    id: int
    project: int
    round: int | None
    name: str
    date: Date | None = Field(None, description="调查日期")
    questions: list[str]
    responses: int


class BindingIn(Schema):
    metric: str = Field("", max_length=40, description="取数口径代码；空为改回手工填报")
    deadline: Date | None = Field(None, description="口径参数：截止日期")
    round: str = Field("", max_length=100, description="口径参数：发放轮次名称")


class BindingOut(Schema):
    indicator: int
    metric: str
    params: dict[str, str]


# ---------------------------------------------------------------- helpers

def _person_out(request, p) -> dict:
    return {"id": p.pk, "unit": p.unit.code, "employer": p.employer, "degree": p.degree, "status": p.status,
            "version": p.version, "bank": p.bank, **selectors.masked(p, permissions.sees_personal_data(request.user, p.unit_id))}


def _person(request, person_id: int):
    return selectors.beneficiary_get(user=request.user, person_id=person_id)


def _rows(file: UploadedFile, what: str) -> tuple[str, list[list[str]]]:
    limits.check_upload(file.name or "", file.size, table=True)  # before it is read
    return services.upload_rows(name=file.name or "", data=file.read(), nothing=what)


def _round_out(r: Round) -> dict:
    return {"id": r.pk, "project": r.project_id, "project_code": r.project.code, "name": r.name, "kind": r.kind,
            "start": r.start, "end": r.end, "degrees": list(r.degrees), "state": r.state}


def _money(amount) -> str:
    """元 with two decimals, as a string: 500 → "500.00"."""
    return format(Decimal(amount).quantize(Decimal("0.01")), "f")


# ---------------------------------------------------------------- registers and people

router = Router(tags=["帮扶业务"])


@router.get("/actuals/{project_id}", response={200: ActualsOut, **ERRORS}, summary="项目指标的完成值及来源",
            description="项目各指标的完成值：已绑定取数口径的由业务记录计算，附计入的记录和计算时间；"
                        "其余为手工填报的值。不属于本单位的项目（财政审核和管理员除外）答复404。")
def relief_actuals(request, project_id: int = ID("项目编号")):
    """Each indicator's actual: computed from records where bound (with provenance), typed otherwise."""
    return selectors.actuals_report(goal_selectors.project_get(user=request.user, project_id=project_id))


@router.get("/register", response={200: list[PersonOut], **ERRORS}, summary="困难职工档案",
            description="困难职工档案，每页50条，可按姓名查找（`q`）。只列出本单位的（财政审核和管理员可见全部单位）"
                        "。身份证号和电话只对本单位的帮扶干事和管理员完整显示，其他人看到的是脱敏号码。")
def relief_register(request, page: int = Query(1, ge=1, le=100000, description="页码，每页50条"),
                    q: str = Query("", max_length=50, description="按姓名查找")):
    """The register, 50 a page; ID numbers and phones masked except for the unit's relief officers."""
    rows = selectors.beneficiary_list(user=request.user, q=q.strip()).order_by("id")[(page - 1) * 50: page * 50]
    listed = [_person_out(request, p) for p in rows]
    full = sum(permissions.sees_personal_data(request.user, p.unit_id) for p in rows)
    if full:  # read in full by a program: a security event, as the bank's list is
        log_security_event("personal_data.exported", user=request.user, label="困难职工档案",
                           note=f"通过接口读取困难职工档案第{page}页（{full}人，含完整身份证号、电话和银行账号）")
    return listed


@router.post("/register/import", response={200: ImportReportOut, **ERRORS}, summary="导入困难职工档案",
             description="表单字段`unit`为单位编码，`file`为档案表（Excel或CSV）；有误或重复的行不导入。"
                         "先核对整个文件：有误的行存在时一条也不导入，答复400，`fields`逐行列出行号、列和原因；"
                         "确认只导入合格的行时加表单字段`only_good=true`，此时`bad`列出未导入的行。"
                         "须为本单位的帮扶干事或管理员，否则答复403；单位不存在或你不属于它、文件无法读取时答复400。")
def register_import(request, unit: Annotated[str, Form(description="单位编码")],
                    file: Annotated[UploadedFile, File(description="困难职工档案表（Excel或CSV）")],
                    only_good: Annotated[bool, Form(description="有误的行存在时只导入合格的行")] = False):
    """The unit's register rows (.xlsx or .csv), checked whole: with bad rows nothing unless `only_good`."""
    target = selectors.unit_by_code(user=request.user, code=unit)
    name, rows = _rows(file, "困难职工档案")
    count, bad = services.register_import(unit=target, rows=rows, user=request.user, name=name, only_good=only_good)
    return {"count": count, "bad": bad}


@router.post("/people", response={200: PersonOut, **ERRORS}, summary="新增困难职工",
             description="把一位困难职工录入本单位档案（按与导入档案相同的规则检查：身份证号的校验位、出生日期和"
                         "地区码，电话，致困原因和困难程度）。须为本单位的帮扶干事或管理员，否则答复403；"
                         "单位不存在或你不属于它、身份证号或电话有误时答复400；此人已在档案中时答复409。")
def person_create(request, payload: PersonCreateIn):
    """One person added to the unit's register by hand."""
    unit = selectors.unit_by_code(user=request.user, code=payload.unit)
    fields = {"name": payload.name, "id_number": payload.id_number, "phone": payload.phone,
              "employer": payload.employer, "household_size": str(payload.household_size),
              "household_income": str(payload.household_income), "cause": payload.cause, "degree": payload.degree}
    return _person_out(request, services.beneficiary_create(unit=unit, fields=fields, user=request.user))


@router.get("/people/{person_id}", response={200: PersonOut, **ERRORS}, summary="困难职工详情",
            description="一位困难职工的档案。身份证号和电话只对本单位的帮扶干事和管理员完整显示，"
                        "其他人看到的是脱敏号码。没有这个人或无权查看时答复404。")
def person_detail(request, person_id: int = ID("困难职工编号")):
    return _person_out(request, _person(request, person_id))


@router.put("/people/{person_id}", response={200: PersonOut, **ERRORS}, summary="修改困难职工档案",
            description="修改电话、工作单位、致困原因和困难程度，`version`为读取时的版本号。"
                        "须为本单位的帮扶干事或管理员，否则答复403；期间已被他人修改时答复409；"
                        "电话格式不对，或改后银行账号和开户银行只填了一项时答复400。")
def person_edit(request, payload: PersonIn, person_id: int = ID("困难职工编号")):
    """Phone, employer, cause and degree; the version you read, or 409."""
    person = _person(request, person_id)
    fields = {"phone": payload.phone, "employer": payload.employer, "cause": payload.cause, "degree": payload.degree}
    fields |= {k: v for k in ("bank_account", "bank", "name", "id_number", "household_size", "household_income")
               if (v := getattr(payload, k)) is not None}
    services.beneficiary_update(beneficiary=person, fields=fields, version=payload.version, user=request.user)
    return _person_out(request, person)


@router.post("/people/{person_id}/move", response={200: PersonOut, **ERRORS}, summary="变更困难职工状态",
             description="把困难职工的状态变更为`status`（建档、脱困、返贫、注销），`date`为变更日期。"
                         "须为本单位的帮扶干事或管理员，否则答复403；不允许的状态变更答复400，给出的版本号已过时答复409。")
def person_move(request, payload: MoveIn, person_id: int = ID("困难职工编号")):
    person = _person(request, person_id)
    person = services.beneficiary_move(beneficiary=person, to=payload.status, on=payload.date, user=request.user,
                                       version=payload.version)
    return _person_out(request, person)


# ---------------------------------------------------------------- rounds and payments

@router.get("/rounds", response={200: list[RoundOut], **ERRORS}, summary="发放轮次列表",
            description="列出本单位项目的发放轮次（财政审核和管理员可见全部单位），按开始日期从新到旧排列。")
def round_list(request):
    return [_round_out(r) for r in selectors.round_list(user=request.user)]


@router.post("/rounds", response={200: RoundOut, **ERRORS}, summary="新建发放轮次",
             description="为项目新建一个草稿发放轮次：名称、救助类别（对应救助标准）、起止日期和困难程度范围。"
                         "须为本单位的帮扶干事或管理员，否则答复403；项目的绩效目标尚未批复、"
                         "日期不在预算年度内或开始晚于截止、该年度没有这一救助类别的救助标准时答复400；"
                         "同一项目同一年度已有同名轮次时答复409。")
def round_create(request, payload: RoundIn):
    project = goal_selectors.project_get(user=request.user, project_id=payload.project)
    r = services.round_create(project=project, name=payload.name.strip(), kind=payload.kind.strip(),
                              start=payload.start, end=payload.end, degrees=list(payload.degrees), user=request.user)
    return _round_out(r)


@router.get("/rounds/{round_id}", response={200: RoundDetailOut, **ERRORS}, summary="发放轮次详情",
            description="草稿轮次显示按档案和资格规则此刻生成的名单及未列入的人和原因；"
                        "已审批的轮次显示冻结的名单和已发放金额。另有合计金额和项目剩余可安排资金（元）。"
                        "姓名和身份证号只对本单位的帮扶干事和管理员完整显示。草稿轮次的救助类别在该年度没有救助标准时"
                        "答复400，一句话说明。")
def round_detail(request, round_id: int = ID("发放轮次编号")):
    """A draft round shows the list drawn now from the register and the rules (and who is left out);
    an approved one its frozen list with what has been paid."""
    r = selectors.round_get(user=request.user, round_id=round_id)
    full = permissions.sees_personal_data(request.user, r.project.plan.unit_id)
    show = (lambda n: n) if full else mask_id
    no_standard = selectors.standard_missing(r) if r.state == Round.DRAFT else None
    if no_standard is not None:
        raise no_standard
    draft, left_out = selectors.round_draw(r) if r.state == Round.DRAFT else ([], [])
    listed = [{"name": selectors.shown_name(x.name, full), "id_number": show(x.id_number), "amount": _money(x.amount),
               "paid": _money(selectors.round_paid(x))}
              for x in (selectors.round_listed(r) if r.state == Round.APPROVED else [])]
    total = sum((x.amount for x in draft), Decimal(0)) if draft else sum((Decimal(x["amount"]) for x in listed),
                                                                         Decimal(0))
    return {**_round_out(r),
            "draft": [{"name": selectors.shown_name(x.name, full), "id_number": show(x.id_number),
                       "amount": _money(x.amount)} for x in draft],
            "left_out": [{"name": selectors.shown_name(p.name, full), "reason": why} for p, why in left_out],
            "listed": listed, "total": _money(total),
            "remaining": _money(r.project.total - selectors.committed(r.project, leave_out=r))}


@router.delete("/rounds/{round_id}", response={200: DeletedOut, **ERRORS}, summary="删除草稿发放轮次",
               description="删除尚未审批的发放轮次（项目的变更历史中留有记录）。须为本单位的帮扶干事或管理员，"
                           "否则答复403；轮次已审批时答复409；没有这个轮次或无权查看时答复404。")
def round_delete(request, round_id: int = ID("发放轮次编号")):
    services.round_delete(round_=selectors.round_get(user=request.user, round_id=round_id), user=request.user)
    return {"deleted": round_id}


@router.post("/rounds/{round_id}/approve", response={200: ApproveOut, **ERRORS}, summary="审批发放名单",
             description="冻结此刻生成的名单和金额。须为本单位的单位审核或管理员，且不是起草该轮次的人，否则答复403；"
                         "轮次已审批时答复409；合计超过项目剩余可安排资金时答复400。")
def round_approve(request, round_id: int = ID("发放轮次编号")):
    """Freeze the list drawn now; refused over the project's remaining budget."""
    count = services.round_approve(round_=selectors.round_get(user=request.user, round_id=round_id),
                                   user=request.user)
    return {"round": round_id, "entries": count}




@router.get("/rounds/{round_id}/bank-list", response=ERRORS, openapi_extra=openapi_file("xlsx"), summary="导出代发名单",
            description="已审批轮次的银行代发名单（Excel），含完整身份证号。只有本单位的帮扶干事和管理员可以导出，"
                        "否则答复403；名单尚未审批，或名单中有人在档案中没有银行账号或开户银行时答复409（列出这些人，"
                        "姓名和脱敏身份证号）。")
def round_bank_list(request, round_id: int = ID("发放轮次编号")):
    """The bank's 代发名单 of an approved round (.xlsx, in full: the unit's relief officers only)."""
    return bank_list_file(selectors.round_get(user=request.user, round_id=round_id), request.user)


class PaymentsReportOut(Schema):
    file: str = Field(description="文件名")
    new: int = Field(description="新登记的发放笔数")
    corrected: int = Field(description="冲正的笔数（状态与已登记不同的行）")
    already: int = Field(description="此前已登记、未重复计入的行数")
    bad: list[str] = Field(description="有误未导入的行：行号、列和原因")
    summary: str = Field(description="一句话的导入结果")


class ReverseIn(Schema):
    status: Literal["已发放", "发放失败", "已退回"] = Field(..., description="冲正后的实际状态")
    reason: str = Field(..., min_length=1, max_length=200, description="冲正原因")
    amount: Decimal | None = Field(None, ge=0, max_digits=12, decimal_places=2, description="金额（元），默认原金额")
    date: Date | None = Field(None, description="发放日期，默认原日期")


class PaymentOut(Schema):
    id: int
    reverses: int | None = Field(description="冲正的发放记录编号")
    amount: str
    date: Date
    status: str = Field(description="状态：已发放、发放失败或已退回")


@router.post("/rounds/{round_id}/payments", response={200: PaymentsReportOut, **ERRORS}, summary="导入发放结果",
             description="导入银行回盘文件（Excel或CSV），列为身份证号、金额、日期，可选状态（已发放、发放失败、"
                         "已退回）；已发放的金额自动计入项目支出。先核对整个文件：此前已登记的行不重复计入（`already`），"
                         "状态与已登记不同的行作为冲正记录（`corrected`），同一人在文件中出现两次时两行都不导入。"
                         "有误的行存在时一条也不记录，答复400，`fields`逐行列出行号、列和原因；确认只导入合格的行时"
                         "加表单字段`only_good=true`。须为本单位的帮扶干事或管理员，否则答复403；名单尚未审批时答复400。")
def round_payments(request, file: Annotated[UploadedFile, File(description="银行回盘文件（Excel或CSV）")],
                   only_good: Annotated[bool, Form(description="有误的行存在时只导入合格的行")] = False,
                   round_id: int = ID("发放轮次编号")):
    """The bank's return file (.xlsx or .csv): 身份证号, 金额, 日期[, 状态], checked whole; with bad rows
    nothing is written unless `only_good`. Paid amounts post to the project's spending by themselves."""
    r = selectors.round_get(user=request.user, round_id=round_id)
    name, rows = _rows(file, "发放结果")
    return services.payments_import(round_=r, rows=rows, name=name, user=request.user, only_good=only_good)


@router.post("/payments/{payment_id}/reverse", response={200: PaymentOut, **ERRORS}, summary="冲正发放",
             description="冲正一笔发放：新建一条记录指向被冲正的记录（原记录不修改），写明实际状态和原因；"
                         "项目支出按差额调整。须为本单位的帮扶干事或管理员，否则答复403；没有这笔发放答复404；"
                         "已被冲正的记录答复409；缺少原因或金额不符标准时答复400。")
def payment_reverse(request, payload: ReverseIn, payment_id: int = ID("发放记录编号")):
    payment = selectors.payment_get(user=request.user, payment_id=payment_id)
    new = services.payment_reverse(payment=payment, status=STATE_WORDS[payload.status], reason=payload.reason,
                                   amount=payload.amount, on=payload.date, user=request.user)
    return {"id": new.pk, "reverses": new.reverses_id, "amount": _money(new.amount), "date": new.date,
            "status": new.get_status_display()}


# ---------------------------------------------------------------- model workers and health checks

@router.get("/workers", response={200: list[WorkerOut], **ERRORS}, summary="劳模名册",
            description="本单位的劳模及其历年体检记录（财政审核和管理员可见全部单位），每页200条。"
                        "身份证号只对本单位的帮扶干事和管理员完整显示。")
def worker_list(request, page: int = Query(1, ge=1, le=100000, description="页码，每页200条")):
    out = []
    for w in selectors.worker_list(user=request.user)[(page - 1) * 200: page * 200]:
        full = permissions.sees_personal_data(request.user, w.unit_id)
        out.append({"id": w.pk, "unit": w.unit.code, "name": w.name,
                    "id_number": w.id_number if full else mask_id(w.id_number), "level": w.level,
                    "year_honoured": w.year_honoured,
                    "checks": [{"year": c.year, "state": c.state, "date": c.date,
                                "institution": c.institution, "cost": _money(c.cost), "reason": c.reason}
                               for c in w.checks.all()]})
    return out


@router.post("/workers/import", response={200: ImportReportOut, **ERRORS}, summary="导入劳模名册",
             description="表单字段`unit`为单位编码，`file`为劳模名册（Excel或CSV），列为姓名、身份证号、级别、"
                         "授予年份；有误或重复的行不导入。"
                         "先核对整个文件：有误的行存在时一条也不导入，答复400，`fields`逐行列出行号、列和原因；"
                         "确认只导入合格的行时加表单字段`only_good=true`，此时`bad`列出未导入的行。"
                         "须为本单位的帮扶干事或管理员，否则答复403；单位不存在或你不属于它时答复400。")
def workers_import(request, unit: Annotated[str, Form(description="单位编码")],
                   file: Annotated[UploadedFile, File(description="劳模名册（Excel或CSV）")],
                   only_good: Annotated[bool, Form(description="有误的行存在时只导入合格的行")] = False):
    """劳模名册: 姓名, 身份证号, 级别, 授予年份, checked whole; with bad rows nothing unless `only_good`."""
    target = selectors.unit_by_code(user=request.user, code=unit)
    name, rows = _rows(file, "劳模名册")
    count, bad = services.workers_import(unit=target, rows=rows, user=request.user, name=name, only_good=only_good)
    return {"count": count, "bad": bad}


@router.post("/workers/{worker_id}/checks", response={200: CheckOut, **ERRORS}, summary="记录劳模体检",
             description="记录一位劳模某年的体检：状态（已检、未检、放弃）、日期、机构、费用（元），"
                         "未检或放弃时须写明原因；可计入本单位同一年度的一个项目。须为本单位的帮扶干事或管理员，"
                         "否则答复403；没有这位劳模或无权查看时答复404；项目不是该劳模所在单位该年度的项目、"
                         "缺少原因时答复400。")
def worker_check(request, payload: CheckIn, worker_id: int = ID("劳模编号")):
    worker = selectors.worker_get(user=request.user, worker_id=worker_id)
    project = None
    if payload.project is not None:
        project = goal_selectors.project_get(user=request.user, project_id=payload.project)
    check = services.check_record(worker=worker, project=project, year=payload.year, state=payload.state,
                                  on=payload.date, institution=payload.institution, cost=payload.cost,
                                  reason=payload.reason, user=request.user)
    return {"worker": worker.pk, "year": check.year, "state": check.state, "date": check.date,
            "cost": _money(check.cost)}


# ---------------------------------------------------------------- standards, surveys, bindings

@router.get("/standards", response={200: list[StandardOut], **ERRORS}, summary="救助标准列表",
            description="列出本单位的救助标准（财政审核和管理员可见全部单位）：年度、救助类别、困难程度、"
                        "致困原因和标准金额（元）。")
def standard_list(request):
    rows = selectors.standard_list(user=request.user)
    return [{"unit": s.unit.code, "year": s.year, "kind": s.kind, "degree": s.degree, "cause": s.cause,
             "amount": _money(s.amount)} for s in rows]


@router.put("/standards", response={200: StandardOut, **ERRORS}, summary="设置救助标准",
            description="设置（或修改）某单位某年度某救助类别的标准金额，可细分到困难程度和致困原因。"
                        "须为本单位的帮扶干事或管理员，否则答复403；单位不存在或你不属于它、未填写救助类别时答复400。")
def standard_set(request, payload: StandardIn):
    """Set (or change) the amount for a unit, year, kind and optional degree and cause."""
    s = services.standard_set(unit=selectors.unit_by_code(user=request.user, code=payload.unit), year=payload.year, kind=payload.kind,
                              degree=payload.degree, cause=payload.cause, amount=payload.amount, user=request.user)
    return {"unit": s.unit.code, "year": s.year, "kind": s.kind, "degree": s.degree, "cause": s.cause,
            "amount": _money(s.amount)}


def _survey_out(s: Survey, responses: int) -> dict:
    return {"id": s.pk, "project": s.project_id, "round": s.round_id, "name": s.name, "date": s.date,
            "questions": list(s.questions), "responses": responses}


@router.get("/surveys", response={200: list[SurveyOut], **ERRORS}, summary="调查问卷列表",
            description="列出本单位项目的调查问卷及已收到的回答数（财政审核和管理员可见全部单位），"
                        "按新建先后从新到旧排列。")
def survey_list(request):
    return [_survey_out(s, s.n) for s in selectors.survey_list(user=request.user)]


@router.post("/surveys", response={200: SurveyOut, **ERRORS}, summary="新建调查问卷",
             description="为项目（或其某个发放轮次）新建调查问卷，每个问题按1～5分作答，并写明调查日期。"
                         "须为本单位的帮扶干事或管理员，否则答复403；发放轮次不属于该项目、"
                         "未填写名称、问题或调查日期，或调查日期不在项目年度内时答复400。")
def survey_create(request, payload: SurveyIn):
    project = goal_selectors.project_get(user=request.user, project_id=payload.project)
    round_ = selectors.round_of_project(project=project, round_id=payload.round)
    if payload.round is not None and round_ is None:
        raise ReliefError(e.SURVEY_ROUND, e.NO_ROUND_MESSAGE.format(project=project.name, round=payload.round))
    survey = services.survey_create(project=project, name=payload.name, questions=payload.questions,
                                    round_=round_, on=payload.date, user=request.user)
    return _survey_out(survey, 0)


@router.post("/surveys/{survey_id}/answers", response={200: CountOut, **ERRORS}, summary="导入问卷回答",
             description="导入问卷回答（Excel或CSV）：第一行为表头，逐字写问卷的问题（顺序不限，全角半角标点和空格不计；"
                         "另可有备注、序号列），此后每行一份回答，填1～5分或留空；表头缺问题、有不认识或重复的列时"
                         "一份也不导入，答复400并列出它们；"
                         "可加一列“日期”写明每份的回答日期（须在项目年度内），没有这一列或留空时按问卷的调查日期计。"
                         "先核对整个文件：有一格（分数或日期）不合要求时一份也不导入，答复400，`fields`逐一列出行号、问题和原因；"
                         "确认只导入合格的行时加表单字段`only_good=true`。须为本单位的帮扶干事或管理员，"
                         "否则答复403；没有这份问卷或无权查看时答复404。")
def survey_answers(request, file: Annotated[UploadedFile, File(description="问卷回答（Excel或CSV）")],
                   only_good: Annotated[bool, Form(description="有误的行存在时只导入合格的行")] = False,
                   survey_id: int = ID("问卷编号")):
    """Answers (.xlsx or .csv): one response a row, one question a column, 1–5 or blank; checked whole,
    with a bad cell nothing unless `only_good`."""
    survey = selectors.survey_get(user=request.user, survey_id=survey_id)
    name, rows = _rows(file, "调查回答")
    return {"count": services.survey_import(survey=survey, rows=rows, name=name, user=request.user,
                                            only_good=only_good)}


@router.put("/bindings/{indicator_id}", response={200: BindingOut, **ERRORS}, summary="设置取数口径",
            description="把指标绑定到取数口径目录中的一个口径（此后其完成值由业务记录计算），"
                        "`metric`为空时改回手工填报。须为本单位的单位填报、帮扶干事或管理员，否则答复403；"
                        "没有这个口径，或口径的单位无法与指标值的单位比较（如把%的口径绑定到以人计的指标）时答复400，"
                        "说明两者的单位，不作更改。每次设置、更改和取消都记入指标的历史。")
def binding_set(request, payload: BindingIn, indicator_id: int = ID("指标编号")):
    """Bind an indicator to a metric of the catalogue (its actual then comes from the records), or unbind it."""
    indicator = goal_selectors.indicator_get(user=request.user, indicator_id=indicator_id)
    params = {}
    if payload.deadline is not None:
        params["deadline"] = payload.deadline.isoformat()
    if payload.round.strip():
        params["round"] = payload.round.strip()
    binding = services.binding_set(indicator=indicator, metric=payload.metric.strip(), params=params,
                                   user=request.user)
    return {"indicator": indicator.pk, "metric": binding.metric if binding else "",
            "params": dict(binding.params) if binding else {}}
