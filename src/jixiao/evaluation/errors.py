"""Errors a person can cause in the records monitoring and self-evaluation read: a stable
code and a Chinese message naming the indicator, project or place. Messages are constants
that tests import."""

from __future__ import annotations

from ..core.errors import JixiaoError

DUPLICATE_ACTUAL = "项目“{project}”的“{indicator}”重复填写"
UNKNOWN_PROJECT = "没有项目编码“{code}”{nearest}"
# Where the document has projects without a 项目编码, a record names one of them by its 项目名称.
UNKNOWN_PROJECT_OR_NAME = "没有项目编码为“{code}”的项目，也没有名称为“{code}”的未编码项目{nearest}"
# A coded project named by its name: say which code to write instead.
NAMED_NOT_CODED = "“{name}”是项目名称，该项目有项目编码“{code}”，请填写项目编码"
UNKNOWN_INDICATOR = "项目“{project}”没有指标“{name}”{nearest}"
NEAREST = "，是否指：{names}？"
NO_WEIGHT = "指标“{indicator}”的一级指标“{level1}”没有权重"
ZERO_WEIGHT = "指标“{indicator}”的分值为{weight}，参与评分的指标分值应大于0"
NOT_A_NUMBER = "定量指标“{indicator}”的完成值应为数值，如“{example}”"
NOT_A_LEVEL = "定性指标“{indicator}”的完成值应为达成、部分达成或未达成"
BAD_SHARE = "指标“{indicator}”{tier}的得分比例应在{lo}%～{hi}%之间，填的是{share}%"
BAD_ACTUAL = "指标“{indicator}”的完成值“{text}”不是数值，也不是达成、部分达成或未达成"
BAD_FORECAST = "指标“{indicator}”的全年预计“{forecast}”应为数值，如“400人”"
LEVEL_NOT_NUMBER = "指标“{indicator}”的完成值“{text}”应为数值"
UNIT_MISMATCH = "指标“{indicator}”的完成值单位“{unit}”无法与指标值单位“{target_unit}”比较"
AS_OF_RANGE = "监控截止日期{as_of}应在{first}年至{last}年之间"
AS_OF_YEAR = "监控截止日期{as_of}不在预算年度{year}年内，应在{year}-01-01至{year}-12-31之间"
# A province directory (evaluation/province.py, `jixiao province`).
NO_DIRECTORY = "没有文件夹“{path}”：请给出jixiao province export写出的文件夹"
NOT_A_DIRECTORY = "“{path}”不是文件夹：请给出jixiao province export写出的文件夹"
NO_TABLE = "文件夹“{path}”中没有{file}：省级数据文件夹应有{files}"
NOT_PARQUET = "{file}不是可读取的Parquet文件（文件损坏，或并非Parquet格式）"
MISSING_COLUMNS = "{file}缺少列：{columns}（应有：{expected}）"
WRONG_KIND = "{file}的列“{column}”应为{kind}，实为{actual}"
KIND_NAMES = {"text": "文本", "number": "数值", "date": "日期"}
NOT_UNIQUE = "{file}中项目“{code}”出现了{count}次：每个项目只能有一行"
NO_PROJECTS_OF_YEAR = "文件夹“{path}”中没有{year}年的项目"
OUT_FORMAT = "结果只能另存为.csv或.xlsx，不能是“{suffix}”"
OUT_UNWRITABLE = "无法写入“{path}”：请检查文件夹是否存在、是否可写"
TOO_MANY_ROWS = "{count}行超过Excel一个工作表的上限（1048575行），请另存为.csv"


class EvaluationError(JixiaoError):
    """A person's mistake in the records: a Chinese message naming the place."""
# Records kept in the web app.
DATE_OUTSIDE_YEAR = "支出日期{date:%Y-%m-%d}不在预算年度{year}年内"
AMOUNT_RANGE = "支出金额{amount}元应大于0且小于1万亿元"
ACTUAL_TOO_LARGE = "完成值“{text}”过大，请检查"
AS_OF_UNREADABLE = "监控截止日期“{text}”无法识别，应如{year}-07-31"
NO_SUCH_PROJECT = "这份绩效目标中没有编号为{id}的项目"
INDICATOR_ELSEWHERE = "指标不属于这份绩效目标"
SHARE_NOT_NUMBER = "得分比例“{share}”不是数字"
EVIDENCE_TOO_LARGE = "佐证材料不能超过20MB"
STALE = "stale"  # a form shown before someone else saved the same record (409)
STALE_MESSAGE = "{what}已被他人修改，请刷新页面后在最新内容上重新填写"
NO_VERSION = "页面缺少版本号，请刷新页面后重新填写"
NO_FILE = "请选择要导入的CSV或Excel文件"
NOT_APPROVED = "绩效目标批复后才能录入支出和完成值"
CONFIRMED_TWICE = "这笔超出预算的支出已经确认录入过，没有再次录入；请在支出记录中核对"
# Spending records: over the budget, corrected, deleted (issue 11 §2).
OVER_BUDGET = ("项目“{project}”预算{budget}元，录入后支出合计{total}元（执行率{rate}%），超出预算{excess}元；"
               "确认超出预算录入须说明原因")
OVER_BUDGET_REASON = "超出预算须说明原因：项目“{project}”录入后支出合计{total}元，超出预算{budget}元"
CORRECTION_REASON = "更正支出须说明原因"
DELETION_REASON = "删除支出须说明原因"
NO_SUCH_SPENDING = "这份绩效目标中没有编号为{id}的支出记录"
POSTED_BY_PROGRAMME = "这笔支出由{what}自动记入，不能在此更正或删除，请在帮扶业务中更正（冲正）"
# Imports of spending and values: the whole file checked first, bad rows listed, nothing written unasked.
BAD_ROW = "第{row}行“{field}”：{reason}"
BAD_ROWS = ("文件“{name}”有{bad}行有误，未导入任何记录：{rows}。"
            "确认只导入合格的{good}行时，请选择“只导入合格的行”（API：only_good=true）")
NO_GOOD_ROWS = "文件“{name}”没有合格的行，未导入任何记录：{rows}"
UNREADABLE_UPLOAD = "待导入的文件内容已损坏，请重新上传"
# Monitoring at its date: reasons for every row, saved reports (issue 11 §5).
REASON_KIND = "偏差原因类别“{kind}”应为经费保障、制度保障、人员保障或硬件保障之一"
REASON_TOO_LONG = "{field}不能超过2000字"
NO_SUCH_REPORT = "这份绩效目标中没有编号为{id}的监控报告"
REPORT_FORMAT = "监控报告没有“{fmt}”格式，可下载：{formats}"
# Published self-evaluations hold still (issue 11 §3).
PUBLISH_STATE = "绩效目标批复后才能公开自评结果，“{plan}”现为{state}"
ALREADY_PUBLISHED = "{plan}的自评结果已于{when:%Y-%m-%d %H:%M}公开；之后的变化须通过“更正”公开，并写明更正原因"
REPORT_SAVED = "report_saved"
REPORT_SAVED_MESSAGE = "截至{as_of:%Y年%-m月%-d日}的监控报告已于{when:%Y-%m-%d %H:%M}保存过（第{id}号），内容相同，没有再保存"
RESULTS_CHANGED = "results_changed"
RESULTS_CHANGED_MESSAGE = ("自评结果在你打开页面后有变化（有人录入了完成值或支出，或已有人公开、更正过），没有{action}；"
                           "请刷新页面核对后再{action}")
NOT_PUBLISHED = "{plan}的自评结果尚未公开，不能更正；请先公开自评结果"
CORRECTION_NEEDS_REASON = "更正已公开的自评结果须写明更正原因"
UNSCORABLE_NOW = "现在的记录无法计算自评结果：{message}"
NO_PUBLICATION = "{plan}的自评结果尚未公开"
# 二次监控 (issue 15 §2): the second date, the follow-up task.
SECOND_DATE_MONTH_END = "二次监控日期{date}应为月末（如{example}）"
SECOND_DATE_RANGE = "二次监控日期{date}应在首次监控截止日期{first}之后、{latest}之前（含）"
SECOND_NOT_NEEDED = "项目“{project}”在首次监控（截至{first}）中执行不为0，也没有偏差超过{deviation}%的指标，不需要二次监控"
SECOND_OPEN_TWICE = "项目“{project}”截至{first}的二次监控任务已于{when:%Y-%m-%d %H:%M}打开（第{id}号），没有再打开"
SECOND_NO_SUCH_TASK = "没有编号为{id}的二次监控任务"
SECOND_FORECAST_MISSING = "请填写全年预计执行率（%），如85"
SECOND_STATE_MISSING = "请填写整改情况（已采取的措施和进展）"
SECOND_PLAN_STATE = "绩效目标批复后才能进行二次监控，“{plan}”现为{state}"
SECOND_OPENERS = "二次监控任务由财政审核（或管理员）打开，你没有这个角色"
