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
BAD_ROWS = ("文件“{name}”有{bad}行有误，未导入任何记录：{rows}。"
            "确认只导入合格的{good}行时，请选择“只导入合格的行”（API：only_good=true）")
NO_GOOD_ROWS = "文件“{name}”没有合格的行，未导入任何记录：{rows}"
NOTHING_IMPORTED = "未导入任何记录"
KIND = "导入的表应为编制（staffing）或基本支出（basic_spending），填的是“{kind}”"

# ---------------------------------------------------------------- 部门整体绩效目标: 分项目标, their indicators and projects
NO_PLAN = "{unit}{year}年还没有绩效目标，请先导入或由上年生成该年度的绩效目标"
NO_DEPARTMENT = "{unit}{year}年的绩效目标中没有部门整体绩效目标"
MISSING_GOAL = "{unit}{year}年的部门整体绩效目标没有第{number}个分项目标（共{count}个）"
MISSING_UNIT_INDICATOR = "没有编号为{id}的部门整体绩效指标，或你无权查看"
GOALS_OUTSIDER = "你不属于该单位，不能修改它的部门整体绩效目标"
GOALS_LOCKED = "{unit}{year}年的绩效目标当前为“{state}”，不能修改部门整体绩效目标（只有草稿可以修改）"
UNIT_INDICATOR = "部门整体绩效指标“{name}”"  # the {what} of STALE
UNIT_INDICATOR_TWICE = "{where}已有指标“{name}”（指标值{target}），没有重复新增；要改它，请点它的“修改”"
UNIT_INDICATOR_STALE_KEPT = ("部门整体绩效指标已被他人修改（现为“{name}”，指标值“{target}”），未保存：你填写的内容仍在下面的表单中，"
                             "他人的修改见变更历史；核对后再保存")
GOAL_PROJECTS = "{unit}{year}年的绩效目标"  # the {what} of STALE, for a 分项目标's projects
CONFIRMED = "部门整体绩效指标“{name}”已经确认过了"
LEVELS = "二级指标“{level2}”不属于一级指标“{level1}”"
INDICATOR_FIELDS = "部门整体绩效指标有误：{fields}"
UNKNOWN_PROJECTS = "{unit}{year}年的绩效目标中没有这些项目：{keys}"
NOTHING_TO_PROPOSE = "每个分项目标都已有绩效指标，没有需要建议的指标"
NO_UNIT_METRIC = "没有取数口径“{metric}”；请从列表中选择"
UNIT_METRIC_UNIT = ("部门整体绩效指标“{indicator}”的指标值“{target}”单位是“{target_unit}”，取数口径“{metric}”的单位是"
                    "“{metric_unit}”，两者无法比较；请选择单位相同的口径，或修改指标值")
UNIT_METRIC_QUALITATIVE = "部门整体绩效指标“{indicator}”的指标值“{target}”是定性的，不能由业务记录计算（部门整体自评中本项没有完成值，按0分计）；能量化的，请把指标值改写为数值"
UNIT_METRIC_PROPOSED = "部门整体绩效指标“{indicator}”还是待确认的建议，请先确认再设置取数口径"
UNIT_METRIC_STALE = "部门整体绩效指标“{indicator}”已被他人修改，请刷新页面后在最新内容上重新选择取数口径"

# ---------------------------------------------------------------- 部门整体支出绩效自评 (evaluation_services.py)
PROSE = "{unit}{year}年部门整体支出绩效自评报告"  # the {what} of STALE
PROSE_TOO_LONG = "自评报告“{title}”部分不能超过{limit}字，现有{length}字"
PROSE_STALE = ("{unit}{year}年部门整体支出绩效自评报告已被他人修改，未保存：你填写的内容仍在下面的表单中，他人保存的"
               "内容列在不同的各段下方；核对、合并后再保存")
PROSE_OUTSIDER = "你不属于该单位，不能填写它的部门整体支出绩效自评报告"
EVALUATION_NO_PLAN = "{unit}{year}年还没有绩效目标，无法进行部门整体支出绩效自评"
PUBLISH_OUTSIDER = "只有本单位的单位审核或管理员可以公开或更正部门整体自评"
PUBLISH_STATE = "{unit}{year}年的绩效目标当前为“{state}”，审核通过后才能公开部门整体自评"
PUBLISHED_ALREADY = "{unit}{year}年的部门整体自评已于{when:%Y-%m-%d %H:%M}公开；之后的变化请用“更正”公开"
NOT_PUBLISHED = "{unit}{year}年的部门整体自评还没有公开，无法更正"
CORRECTION_REASON = "请填写更正原因"
SHOWN_CHANGED = "部门整体自评在你打开页面后已有变化（或已公开），请刷新页面，核对后再操作"
NO_FINGERPRINT = "页面缺少核对标记，请刷新页面后重试"
DEPARTMENT_NOT_PUBLISHED = "{plan}的部门整体自评尚未公开"
PUBLIC_FORMAT = "没有“department-evaluation.{fmt}”这种下载，可选：{choices}"
