"""Errors a person can cause in the goals area: a stable code and a Chinese message;
the kind (core.errors) decides the status at every edge: 400 for a bad value, 404 for what
is missing or not this user's to see (`NotFound`), 409 for a plan or request whose state
does not allow it (`StateError`) or a project someone else saved first (`StaleError`).
Messages are constants that tests import; templates are filled with `str.format`.

The files handed out (`web/downloads.py`) and the lookups of units and users by id
(`web/accounts/selectors.py`) answer with these errors too."""

from __future__ import annotations

from ...core.errors import CONFLICT, NOT_FOUND, JixiaoError

# ---------------------------------------------------------------- a plan's state (409)

LOCKED, LOCKED_MESSAGE = "locked", "绩效目标当前为“{state}”，不能直接修改；已批复的目标请申请调整"
EXISTS = "exists"
EXISTS_LOCKED_MESSAGE = "{unit}{year}年的绩效目标当前为“{state}”，不能覆盖"
EXISTS_NEXT_YEAR_MESSAGE = "{unit}{year}年的绩效目标已存在"
STATE, STATE_MESSAGE = "state", "绩效目标当前为“{state}”，不能执行此操作（可能已被他人处理）"
NOT_APPROVED, NOT_APPROVED_MESSAGE = "not_approved", "只有已批复的绩效目标需要申请调整；草稿可以直接修改"
PENDING, PENDING_MESSAGE = "pending", "指标“{name}”已有待审批的调整申请"
DECIDED, DECIDED_MESSAGE = "decided", "这项调整申请已处理过"
ROUND, ROUND_NOT_APPROVED_MESSAGE = "round", "名单审批后才能导出代发名单"
STALE, STALE_MESSAGE = "stale", "{what}已被他人修改，请刷新页面后在最新内容上重新修改"
STALE_PROJECT = "项目“{name}”"  # the {what} of STALE_MESSAGE
# Per-project 财政审核 (88号): an approved project is locked; a graded one is not graded again until resubmitted.
PROJECT_APPROVED = "project_approved"
PROJECT_APPROVED_MESSAGE = "项目“{name}”已通过财政审核（{grade}），指标已锁定，不能修改；只有退回的项目可以修改后重新提交"
PROJECT_GRADED = "project_graded"
PROJECT_GRADED_MESSAGE = "项目“{name}”已被评为“{grade}”（{state}），不能再次评级（可能已被他人处理），请刷新页面"
NOT_IN_REVIEW_MESSAGE = "绩效目标当前为“{state}”，不能对项目评级（只有“财政审核”中的绩效目标可以逐个项目评级）"
REIMPORT_APPROVED_MESSAGE = "{unit}{year}年的绩效目标中有{count}个项目已通过财政审核，不能用导入替换；请逐个修改退回的项目"
# A plan's rule set, changed by 管理员 or 财政审核 of its area before approval (goals/rulesets.py).
RULESET_LOCKED = "ruleset_locked"
RULESET_LOCKED_MESSAGE = ("绩效目标当前为“{state}”，已按规则集{code}批复，其监控、自评和结果应用都按它计算，不能再更换规则集；"
                          "只有草稿、已提交和财政审核中的绩效目标可以更换")
RULESET_REASON = "ruleset_reason"
RULESET_REASON_MESSAGE = "更换规则集须写明理由（最长500个字）"
RULESET_SAME = "ruleset_same"
RULESET_SAME_MESSAGE = "绩效目标已按规则集{code}评判，无需更换"
RULESET_UNKNOWN = "ruleset_unknown"
OUTSIDER_RULESET_MESSAGE = "只有管理员和本单位所属财政部门的财政审核可以更换绩效目标的规则集"
STALE_PLAN = "绩效目标“{plan}”"  # the {what} of STALE_MESSAGE

# ---------------------------------------------------------------- values a person gave (400)

GRADE, GRADE_MESSAGE = "grade", "审核等级只能是优、良、中、差"
GRADE_MISSING_MESSAGE = "请选择审核等级"
COMMENT, COMMENT_MESSAGE = "comment", "评为中或差时须写明审核意见，说明需要修改的内容"
GRADED_SINCE = "graded_since"
GRADED_SINCE_MESSAGE = "你打开页面后，{changes}；整体评级没有执行（其余项目未改动），请刷新页面，看过之后再评级"
GRADED_SINCE_ONE = "项目“{name}”已被评为“{grade}”（{state}）"
COMMENT_LIMIT = 2000  # as the API's `comment` and the other pages' reasons
COMMENT_LONG_MESSAGE = "{what}最多{limit}个字，填了{length}个，请精简后再提交"
ACTION, ACTION_MESSAGE = "action", "没有操作“{action}”，可用：{actions}"
ADJUSTMENT, ADJUSTMENT_MESSAGE = "adjustment", "请填写调整后的指标值和调整理由"
RETURN_REASON, RETURN_REASON_MESSAGE = "return_reason", "退回修改须写明退回意见，说明需要修改的内容"
DECISION, DECISION_MESSAGE = "decision", "没有审批决定“{decision}”，可用：approve（批准）、reject（驳回）"
REJECT_REASON, REJECT_REASON_MESSAGE = "reject_reason", "驳回指标“{name}”的调整申请须写明意见，说明驳回的理由"
SAME_TARGET, SAME_TARGET_MESSAGE = "same_target", "指标“{name}”调整后的指标值“{revised}”与现在的指标值“{current}”相同，无需调整"
INDICATOR = "indicator"  # an indicator form's errors, in one line (forms.errors_text)
VERSION, VERSION_MESSAGE = "version", "表单缺少版本号，请刷新页面后重试"
INVALID, INVALID_MESSAGE = "invalid", "字段有误：{fields}"  # the API's form errors, each in `fields`
INVALID_DOCUMENT, INVALID_DOCUMENT_MESSAGE = "invalid_document", "{name}有{count}处错误，未导入"
FORMAT, FORMAT_MESSAGE = "format", "不支持下载为“{fmt}”，可用：{formats}"
MONEY, MONEY_MESSAGE = "money", "项目“{name}”未保存：{problems}"  # core.checks.money_problems
# A plan whose review found errors is not submitted (409: fix the plan first); warnings need a confirmation (400).
REVIEW_ERRORS = "review_errors"
REVIEW_ERRORS_MESSAGE = "审核发现{count}处错误，修改后才能提交：{first}"
WARNINGS = "warnings_unconfirmed"
WARNINGS_MESSAGE = "审核发现{count}条警告（{first}），请阅读后勾选“确认提交”再提交（接口中传 confirm_warnings: true）"
MORE = "等"  # after the first findings of a longer list
# An upload, told on the preview before the user confirms (and refused at confirmation).
DRAFT_EXISTS = "draft_exists"
DRAFT_EXISTS_MESSAGE = "{unit}{year}年已有草稿（{count}个项目）：确认导入将替换它，草稿中的修改不会保留"
DRAFT_NOT_CONFIRMED_MESSAGE = "{unit}{year}年已有草稿，请在预览页勾选“替换现有草稿”后再确认导入"
UNIT_WILL_BE_CREATED_MESSAGE = "单位“{unit}”尚未建立：确认导入将同时建立该单位"
NOTHING_READ, NOTHING_READ_MESSAGE = "nothing_read", "{name}：没有读出绩效目标（{problems}），请检查是否选对了文件"
# A document without a unit code (most provinces' forms have none): the unit of that name, else the uploader's own.
UNIT_BY_NAME_MESSAGE = "文件中没有单位编码：按文件中的单位名称“{name}”导入单位“{unit}”"
UNIT_OWN_MESSAGE = "文件中没有单位编码（文件中的单位名称：{name}）：将导入你的单位“{unit}”，请核对是否是本单位的文件"
NO_UNIT, NO_UNIT_MESSAGE = "no_unit", ("文件中没有单位编码（文件中的单位名称：{name}），也没有同名的单位，无法确定导入哪个单位："
                                       "请在文件中补上单位编码，或由该单位的填报人员导入")
NO_UNIT_NAME = "未写明"
# Projects of a plan are told apart by their code, or by their name where they have none.
SAME_CODE, SAME_NAME = "same_code", "same_uncoded_name"  # the messages: core.checks.duplicate_projects
CODE_TAKEN_MESSAGE = "项目未保存：本计划已有项目编码为“{code}”的项目"
NAME_TAKEN_MESSAGE = "项目未保存：本计划已有一个没有项目编码、名称为“{name}”的项目，请填写项目编码或区分项目名称"

# ---------------------------------------------------------------- who may (403, PermissionDenied)

UNIT_NOT_CREATED_MESSAGE = ("单位“{unit}”尚未建立：请管理员在“单位”页面（或用 jixiao units add）建立该单位，"
                            "并授予你在该单位的“单位填报”角色，然后再导入")
OUTSIDE_AREA_MESSAGE = "单位“{unit}”不在你的财政审核范围（{area}）内，不能评级"
OUTSIDER_EDIT_MESSAGE = "你不属于该单位，不能修改它的绩效目标"
OUTSIDER_IMPORT_MESSAGE = "你不属于单位“{unit}”，不能导入它的绩效目标"

# ---------------------------------------------------------------- missing (404)

MISSING = "not_found"
MISSING_PLAN_MESSAGE = "没有这份绩效目标，或你无权查看"
MISSING_PROJECT_MESSAGE = "没有这个项目，或你无权查看"
MISSING_INDICATOR_MESSAGE = "没有这个指标，或你无权查看"
MISSING_PUBLIC_PLAN_MESSAGE = "没有公开的绩效目标"
NO_GOALS_PUBLICATION_MESSAGE = "{plan}的绩效目标尚未公开"
MISSING_EVIDENCE_MESSAGE = "这个指标没有上传佐证材料"
MISSING_UNIT_MESSAGE = "没有这个单位"
MISSING_USER_MESSAGE = "没有这个用户"
TABLE, TABLE_MESSAGE = "table", "没有“{table}”这张表，可用：{tables}"


class GoalsError(JixiaoError):
    pass


class StaleError(GoalsError):
    """Someone else saved the same object first: never overwrite silently."""

    kind = CONFLICT

    def __init__(self, what: str):
        super().__init__(STALE, STALE_MESSAGE.format(what=what))


class StateError(GoalsError):
    """Not in a state that allows it (already approved, not yet published …)."""

    kind = CONFLICT


class NotFound(GoalsError):
    """Nothing of that kind, or nothing this user may see (the two are not told apart)."""

    kind = NOT_FOUND

    def __init__(self, message: str):
        super().__init__(MISSING, message)
