"""Errors a person can cause with the 部门整体 records: messages as constants that tests import. The
error class is the domain's (evaluation.department.DepartmentError); its kind decides the status."""

from __future__ import annotations

MISSING_UNIT = "没有这个单位，或你无权查看"
MISSING_BY_ID = "没有编号为{id}的{what}，或你无权查看"
MISSING_RECORD = "{unit}{year}年没有编号为{id}的{what}"
YEAR_RANGE = "年度{year}应在2000年至2100年之间"
STALE = "{what}已被他人修改，请刷新页面后在最新内容上重新修改"
NO_VERSION = "页面缺少版本号，请刷新页面后重试"
UNIT_TWICE = "{unit}{year}年已有“{name}”的编制记录；请修改那一条"
OUTSIDER = "你不属于该单位，不能修改它的编制和基本支出"
NO_FILE = "请选择要导入的CSV或Excel文件"
UNREADABLE_UPLOAD = "待导入的文件内容已损坏，请重新上传"
BAD_ROWS = ("文件“{name}”有{bad}行有误，未导入任何记录：{rows}。"
            "确认只导入合格的{good}行时，请选择“只导入合格的行”（API：only_good=true）")
NO_GOOD_ROWS = "文件“{name}”没有合格的行，未导入任何记录：{rows}"
NOTHING_IMPORTED = "未导入任何记录"
KIND = "导入的表应为编制（staffing）或基本支出（basic_spending），填的是“{kind}”"
