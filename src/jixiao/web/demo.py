"""The demo: the seed document, one user per role, and a year of records."""

from __future__ import annotations

import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from ..formats.reader import read_path
from .accounts.models import Membership
from .accounts.roles import ADMIN, APPROVER, EDITOR, FINANCE, RELIEF, ROLES
from .evaluation.models import IndicatorValue, ProjectRemark
from .evaluation.services import typed_columns
from .goals import services
from .goals.models import Plan

USERS = [("editor", EDITOR, "填报员"), ("approver", APPROVER, "审核员"), ("finance", FINANCE, "财政局审核员"),
         ("relief", RELIEF, "帮扶干事"), ("admin", ADMIN, "管理员")]

ACTUALS = {
    "BWWCQ": {"困难帮扶人数": "406人", "帮扶防贫资金发放合规率": "100%", "帮扶资金发放时间": "2次",
              "每人保障补助标准金额": "500元", "增加经济收入": "500元", "困难职工的生活需求": "达成",
              "困难职工生活环境美化程度": "88%", "困难职工帮扶工作": "部分达成", "受帮扶困难职工满意度": "96.5%"},
    "O5098": {"劳模体检人数": "46人", "劳模体检合规率": "100%", "组织完成省部级劳模体检及时率": "95.83%",
              "体检标准": "500元", "成本费用节约": "500元", "弘扬劳模精神，传递正能量": "达成",
              "劳模健康体检绿色有机环保率": "100%", "争当劳模的意识程度": "87%", "劳模体检项目的满意程度": "97%"},
    "EVGFV": {"困难职工帮扶人数": "12人", "帮扶资金发放合规率": "100%", "帮扶资金发放时间": "达成",
              "每人帮扶救助金额": "1.21万元", "增加困难职工家庭收入": "1.21万元", "困难职工的生活需求": "达成",
              "困难职工生活环境美化程度": "91%", "困难职工帮扶工作": "达成", "受救助困难职工满意度": "95%"},
}
REASONS = {("O5098", "劳模体检人数"): ("人员保障：2人因病住院未能按期体检", "年底前安排补检")}


@transaction.atomic
def load_demo(seed: Path):
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in ROLES}
    document, _ = read_path(seed)
    User = get_user_model()
    users, notes = [], []
    admin = None
    for username, role, name in USERS:
        user, _ = User.objects.get_or_create(username=username, defaults={"first_name": name})
        password = secrets.token_urlsafe(9)
        user.set_password(password)
        user.save()
        user.groups.set([groups[role]])
        users.append((username, role, password))
        admin = user if role == ADMIN else admin
    plan = Plan.objects.filter(unit__code=document.unit.code, year=document.year).first()
    if plan is None:
        plan = services.plan_import(document=document, user=admin)
        from .department.demo import confirm_unit_indicators

        confirm_unit_indicators(plan, admin)  # the unit-wide indicators proposed from the seed's sentences
        officer = User.objects.get(username="relief")  # draws the rounds the administrator approves
        Membership.objects.get_or_create(user=officer, unit=plan.unit)
        _approve_with_records(plan, admin, officer)
        notes.append(f"已导入并批复、公开：{plan}，含演示年度的支出和完成值")
        from .department.demo import load_department_year

        load_department_year(plan.unit, plan.year, admin)
        notes.append(f"已录入{plan.year}年编制（在职6+10人，退休19+4人）和基本支出")
        from .rectification.demo import load_rectifications

        done, open_ = load_rectifications(plan, admin)
        notes.append(f"已列入{plan.year}年整改事项2项：自评发现的“{done.problem[:20]}…”已整改（附佐证材料），"
                     f"财政检查发现的“{open_.problem[:20]}…”整改中")
        draft = services.plan_copy_next_year(plan=plan, user=admin)
        notes.append(f"已生成草稿：{draft}（可用演示用户走完整个审核流程）")
    else:
        notes.append(f"{plan}已存在，未重复导入")
    for username, role, _ in USERS:
        if role in (EDITOR, APPROVER, RELIEF):
            Membership.objects.get_or_create(user=User.objects.get(username=username), unit=plan.unit)
    return users, notes


def _approve_with_records(plan: Plan, admin, officer) -> None:
    services.plan_submit(plan=plan, user=admin, confirm_warnings=True)
    services.plan_unit_approve(plan=plan, user=admin)
    services.plan_grade(plan=plan, user=admin, grade="良", comment="演示：目标基本合理，合规率类指标下年度改进")
    services.plan_publish(plan=plan, user=admin)
    from .relief.demo_year import load_year

    bound = load_year(plan, admin, officer=officer)
    for project in plan.projects.all():
        key = project.code[-5:]
        for indicator in project.indicators.all():
            if indicator.pk in bound:
                continue  # its actual comes from the records
            reason, measure = REASONS.get((key, indicator.name), ("", ""))
            if value := ACTUALS.get(key, {}).get(indicator.name):
                IndicatorValue.objects.create(indicator=indicator, actual=value, reason=reason, measure=measure,
                                              **typed_columns(value))
        ProjectRemark.objects.get_or_create(project=project, defaults={
            "reason": "经费保障：资金按救助节点集中拨付", "measure": "按春节、国庆两个节点及时发放"})
    from .evaluation.services import self_evaluation_publish

    self_evaluation_publish(plan=plan, user=admin)  # the year's results go public when the unit publishes them
