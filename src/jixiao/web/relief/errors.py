"""Errors a person can cause on the programmes' pages and API: a stable code and a Chinese
message (constants that tests import; templates filled with `str.format`). The kind
(core.errors) decides the status at every edge: 400, 404 for what is missing or not
this user's to see, 409 for a record someone else changed first.

The core's own errors (`relief.errors.PersonError`, `RoundError`, `RowsError`) and a file
that cannot be read (`core.problems.ReadError`) reach the edges as they are."""

from __future__ import annotations

from ...core.errors import CONFLICT, NOT_FOUND, JixiaoError

# ---------------------------------------------------------------- services

NOT_APPROVED, NOT_APPROVED_MESSAGE = "not_approved", "项目的绩效目标批复后才能安排发放"
DATES, DATES_MESSAGE = "dates", "发放日期应在{year}年内，且开始不晚于截止"
ROUND_NOT_APPROVED, ROUND_NOT_APPROVED_MESSAGE = "round_not_approved", "“{name}”名单尚未审批，不能发放"
PAYMENT = "payment"  # the payment's problems (relief.errors' codes), joined with "；"
CHECK_REASON, CHECK_REASON_MESSAGE = "reason", "{name}{state}，请写明原因"
CHECK_DATE, CHECK_DATE_MESSAGE = "check_date", "{name}的体检费用要计入项目支出，请填写体检日期"
CHECK_DONE_DATE_MESSAGE = "{name}已检，请填写体检日期（已检的体检须有日期，以说明是哪一天、哪一年检的）"
CHECK_PROJECT, CHECK_PROJECT_MESSAGE = "project", "项目“{project}”不是该劳模所在单位{year}年的项目"
CHECK_NO_PROJECT_MESSAGE = "该劳模所在单位没有编号为{project}的项目，或你无权查看"
NO_METRIC, NO_METRIC_MESSAGE = "metric", "没有取数口径“{metric}”"
BINDING_UNIT = "binding_unit"
BINDING_UNIT_MESSAGE = ("指标“{indicator}”的指标值“{target}”单位是“{target_unit}”，取数口径“{metric}”的单位是“{metric_unit}”，"
                        "两者无法比较，未更改取数口径")
BINDING_QUALITATIVE_MESSAGE = ("指标“{indicator}”的指标值“{target}”是定性的（没有单位），取数口径“{metric}”给出的是"
                               "单位为“{metric_unit}”的数值，无法评分，未更改取数口径")
STANDARD, STANDARD_MESSAGE = "standard", "请填写救助类别和大于0的标准金额"
SURVEY_ROUND, SURVEY_ROUND_MESSAGE = "round", "“{round}”不是项目“{project}”的发放轮次"
SURVEY, SURVEY_MESSAGE = "survey", "请填写问卷名称和至少一个问题"
SURVEY_DATE, SURVEY_DATE_MESSAGE = "survey_date", "调查日期{on:%Y-%m-%d}不在{year}年内"
SURVEY_DATE_MISSING_MESSAGE = "请填写调查日期，如2021-03-05"  # code SURVEY_DATE
STALE, STALE_MESSAGE = "stale", "{name}的档案已被他人修改，请刷新后重试"
CHECK_YEAR, CHECK_YEAR_MESSAGE = "check_year", "{name}的体检日期{on:%Y-%m-%d}不在{year}年内"
ROUND_NAME, ROUND_NAME_MESSAGE = "round_name", "项目“{project}”{year}年已有名为“{name}”的发放轮次，请换一个名称"
ROUND_UNNAMED_MESSAGE = "名称：请填写发放轮次的名称，如“{year}年春节送温暖”"
NO_STANDARD = "no_standard"
NO_STANDARD_MESSAGE = "{year}年没有“{kind}”类的救助标准，无法生成名单：请先在“救助标准”中设置，再安排发放"
ROUND_DELETED_NOTE = "删除草稿轮次“{name}”"
NOTHING_IMPORTED = "未导入任何{what}"  # after a file's error: nothing of it was kept
NO_ROWS, NO_ROWS_MESSAGE = "no_rows", "文件中没有数据行（只有表头或空行），未导入任何{what}"
OWN_ROUND, OWN_ROUND_MESSAGE = "own_round", "“{name}”是你起草的，须由本单位另一位审核人员审批"
PAID_TWICE = "paid_twice"
PAID_TWICE_MESSAGE = "{name}在“{round}”已登记发放（{on:%Y-%m-%d}，{amount}元，{state}），不能重复登记；如需更正请冲正"
REVERSE_REASON, REVERSE_REASON_MESSAGE = "reason", "冲正须写明原因"
REVERSE_STATE, REVERSE_STATE_MESSAGE = "status", "冲正后的状态应为{allowed}之一"
REVERSE_DATE, REVERSE_DATE_MESSAGE = "date", "冲正的日期{on}不在预算年度{year}年内"
REVERSE_SAME, REVERSE_SAME_MESSAGE = "unchanged", "冲正后的状态、金额和日期与原记录相同，没有需要更正的内容"
REVERSED, REVERSED_MESSAGE = "reversed", "{name}的这笔发放已被冲正，请在最新一笔上更正"
CORRECTED_BY_FILE = "银行回盘{name}第{row}行"  # the reason of a correction made by a return file
BAD_ROWS, BAD_ROWS_MESSAGE = "bad_rows", "{count}行有误，未导入任何记录：{rows}"
PAYMENTS_REPORT = "新登记{new}笔，冲正{corrected}笔，{already}行此前已登记（未重复计入），{bad}行有误"
CONFIRM_MESSAGE = "确认后只导入合格的行"
IMPORT_EXPIRED, IMPORT_EXPIRED_MESSAGE = "import_expired", "导入已过期或已完成，请重新上传文件"

# ---------------------------------------------------------------- forms and lookups

FILE, FILE_MESSAGE = "file", "请选择要导入的{what}文件"
UNIT, UNIT_MESSAGE = "unit", "请选择单位"
UNIT_CODE_MESSAGE = "没有编码为“{code}”的单位，或你不属于它"
MOVE_DATE, MOVE_DATE_MESSAGE = "date", "请填写变更日期，如2021-05-01"
ROUND_DATES, ROUND_DATES_MESSAGE = "date", "请填写开始和截止日期，如2021-01-15"
DEADLINE, DEADLINE_MESSAGE = "deadline", "截止日期应如2021-11-30"
STANDARD_NUMBERS_MESSAGE = "年度应为整数，标准金额应为数字"
CHECK_VALUES, CHECK_VALUES_MESSAGE = "check", "年度、日期或费用无法识别"
REVERSE_VALUES, REVERSE_VALUES_MESSAGE = "reverse", "冲正的金额应为数字，日期应如2021-02-01"
VERSION, VERSION_MESSAGE = "version", "表单缺少版本号，请刷新页面后重试"
NO_ROUND_MESSAGE = "项目“{project}”没有编号为{round}的发放轮次"

MISSING = "not_found"
MISSING_PERSON_MESSAGE = "没有这个人，或你无权查看"
MISSING_ROUND_MESSAGE = "没有这个发放轮次，或你无权查看"
MISSING_WORKER_MESSAGE = "没有这位劳模，或你无权查看"
MISSING_SURVEY_MESSAGE = "没有这份问卷，或你无权查看"
MISSING_PAYMENT_MESSAGE = "没有这笔发放，或你无权查看"


class ReliefError(JixiaoError):
    """A request about the programmes' records that cannot be done as asked."""


def missing(message: str) -> ReliefError:
    """Nothing of that kind, or nothing this user may see (the two are not told apart): 404."""
    return ReliefError(MISSING, message, kind=NOT_FOUND)


BINDING_STALE, BINDING_STALE_MESSAGE = "binding_stale", "此指标的取数口径已被他人修改，请刷新页面后在最新设置上重新选择"
STANDARD_STALE = "standard_stale"
STANDARD_STALE_MESSAGE = "{named}已被他人修改（现为{amount}），没有保存；请刷新页面后在最新标准上修改"
STANDARD_EXISTS_MESSAGE = "{named}已有标准{amount}，没有保存；请在上方表中修改这一行"
NO_BANK_ACCOUNT = "no_bank_account"
NO_BANK_ACCOUNT_MESSAGE = ("“{name}”名单中{count}人没有银行账号或开户银行：{people}。银行无法向空账号代发，没有导出代发名单；"
                           "请在档案中补全他们的银行账号和开户银行后再导出")
NO_BANK_ACCOUNT_WARNING = "名单中{count}人没有银行账号或开户银行：{people}。审批不受影响，但导出银行代发名单前须在档案中补全"
ROUND_CHANGED = "round_changed"
ROUND_CHANGED_MESSAGE = "“{name}”的名单在你打开页面后变了（现为{count}人，合计{total}元），没有审批；请刷新页面核对名单后再审批"
CHECK_STALE = "check_stale"
CHECK_STALE_MESSAGE = "{name}的体检记录已被他人修改，没有保存；请刷新页面后重新登记"


def stale(name: str) -> ReliefError:
    """Someone else saved the same record first: never overwrite silently (409)."""
    return ReliefError(STALE, STALE_MESSAGE.format(name=name), kind=CONFLICT)
