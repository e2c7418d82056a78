"""Write a history entry in the same transaction as the change it records."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import models

from ...core.redact import redact
from .models import Entry

ACTIONS = {
    "plan.imported": "导入绩效目标", "plan.created": "新建年度计划", "plan.copied": "由上年计划生成",
    "plan.submitted": "提交审核", "plan.approved_by_unit": "单位审核通过", "plan.returned": "退回修改",
    "plan.graded": "财政审核评级", "plan.published": "公开", "project.changed": "修改项目",
    "indicator.created": "新增指标", "indicator.changed": "修改指标", "indicator.deleted": "删除指标",
    "indicator.moved": "调整指标顺序", "adjustment.requested": "申请调整", "adjustment.approved": "批准调整",
    "adjustment.rejected": "驳回调整", "spending.created": "录入支出",
    "spending.corrected": "更正支出", "spending.deleted": "删除支出", "value.saved": "录入指标完成值",
    "records.imported": "导入记录", "register.imported": "导入困难职工档案", "beneficiary.changed": "修改困难职工档案",
    "beneficiary.moved": "变更困难状态", "beneficiary.created": "新增困难职工", "round.deleted": "删除发放轮次",
    "round.created": "新建发放轮次", "round.approved": "审批发放名单",
    "payment.recorded": "登记发放", "payment.reversed": "冲正发放", "payments.imported": "导入银行回盘",
    "check.recorded": "登记体检", "binding.set": "设置指标取数口径",
    "standard.set": "设置救助标准", "survey.created": "新建满意度调查", "survey.answered": "导入调查回答",
    "evidence.uploaded": "上传佐证材料", "reason.saved": "填写偏差原因和纠偏措施",
    "monitoring_report.saved": "保存监控报告",
    "self_evaluation.published": "公开自评结果", "self_evaluation.corrected": "更正公开的自评结果",
    "binding.changed": "更改指标取数口径", "binding.removed": "取消指标取数口径",
    "unit.created": "新建单位", "unit.changed": "修改单位", "user.created": "新建用户", "user.changed": "修改用户",
    "user.deactivated": "停用用户", "membership.set": "授予角色", "membership.removed": "撤销角色",
    "password.reset": "重置密码", "password.changed": "修改密码", "user.unlocked": "解除登录锁定",
    "workers.imported": "导入劳模名册", "value.imported": "导入完成值", "spending.imported": "导入支出记录",
    "rectification.created": "列为整改事项", "rectification.changed": "修改整改事项",
    "rectification.moved": "变更整改状态", "rectification.evidence_added": "上传整改佐证材料",
    "unit_indicator.created": "新增部门整体绩效指标", "unit_indicator.changed": "修改部门整体绩效指标",
    "unit_indicator.confirmed": "确认部门整体绩效指标", "unit_indicator.deleted": "删除部门整体绩效指标",
    "unit_goals.proposed": "建议部门整体绩效指标", "sub_goal.projects_set": "设置分项目标覆盖的项目",
    "staffing.created": "新增编制记录", "staffing.changed": "修改编制记录", "staffing.imported": "导入编制记录",
    "basic_spending.created": "录入基本支出", "basic_spending.changed": "修改基本支出",
    "basic_spending.imported": "导入基本支出", "basic_budget.set": "设置基本支出预算",
    "unit_indicator.bound": "设置部门整体指标取数口径",
    "staffing.deleted": "删除编制记录", "basic_spending.deleted": "删除基本支出",
    "department_prose.saved": "填写部门整体自评报告", "department_evaluation.published": "公开部门整体自评",
    "department_evaluation.corrected": "更正公开的部门整体自评",
    "plan.corrected": "更正公开的绩效目标",
    "project.graded": "项目财政审核评级", "review_area.set": "设置财政审核范围",
    "library_entry.promoted": "收入指标库", "library_entry.retired": "停用库内指标",
    "library_entry.restored": "恢复库内指标", "library_entry.imported": "导入指标库",
    "second_monitoring.opened": "打开二次监控任务", "second_monitoring.recorded": "填报二次监控",
    "plan.ruleset_changed": "更换规则集",
}
# Security events (issue 13 §6): who did it, when and to what; never the data itself nor a secret.
SECURITY_ACTIONS = {
    "login": "登录", "login_failed": "登录失败", "logout": "退出登录",
    "token_issue": "签发API令牌", "token_revoke": "吊销API令牌",
    "personal_data.exported": "导出个人信息",
    "backup": "备份全部数据（含个人信息）",
}
ACTIONS.update(SECURITY_ACTIONS)
SECURITY = "security"  # the object type of an event about no record (a failed login for an unknown name)


def log_action(action: str, obj: models.Model, user, changes: dict | None = None, note: str = "") -> Entry:
    assert action in ACTIONS, action
    return Entry.objects.create(
        action=action, object_type=obj._meta.model_name or type(obj).__name__.lower(), object_id=obj.pk,
        object_label=str(obj)[:300],
        user=user if user and user.is_authenticated else None, changes=changes or {}, note=note)


def log_security_event(action: str, *, subject: models.Model | None = None, user=None, label: str = "",
                       note: str = "", changes: dict | None = None) -> Entry:
    """A security event (a login, a failed login, a token issued or revoked, a download of personal
    data) in the history: `user` is who acted (None: the command line, or nobody logged in), `subject`
    the record it concerns (the user logged in, the round whose 代发名单 was downloaded; None when there
    is none, e.g. a failed login for a name that does not exist, then `label` names it). The entry
    shows on the subject's page and on the 管理员's 安全日志. Never pass a password, a token or the
    personal data itself: say what was done, not what was in it."""
    assert action in SECURITY_ACTIONS, action
    acting = user if user is not None and getattr(user, "is_authenticated", False) else None
    label, note = redact(label), redact(note)  # a login typed as an ID number or a phone stays masked
    if subject is None:
        return Entry.objects.create(action=action, object_type=SECURITY, object_id=0, object_label=label[:300],
                                    user=acting, changes=changes or {}, note=note)
    return log_action(action, subject, acting, changes, note)


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields that changed, as text (50.00 and 50 are the same number)."""
    return {k: [_text(before.get(k)), _text(after.get(k))] for k in after if not _same(before.get(k), after.get(k))}


def _same(a, b) -> bool:
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        try:
            return Decimal(_text(a)) == Decimal(_text(b))
        except InvalidOperation:
            pass
    return _text(a) == _text(b)


def _text(value) -> str:
    if isinstance(value, (list, tuple)):
        return "；".join(_text(v) for v in value)
    return "" if value is None else str(value)


def history_of(obj: models.Model):
    return Entry.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk).select_related("user")
