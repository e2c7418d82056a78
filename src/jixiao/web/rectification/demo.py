"""The demo's 整改台账 of 2021, made through the services as a unit would make it: one problem the
self-evaluation found (困难帮扶人数 below its target), listed from the self-evaluation's finding, worked
on and closed (已整改) with its measures and an evidence file; and one a finance inspection found in the
unit's basic spending and assets, listed by the finance bureau and still being rectified (整改中). The
2022 draft's page shows the open one."""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from ...evaluation import rectification as rules
from ..accounts.models import Membership
from ..goals.models import Plan
from . import services
from .findings import self_evaluation_buttons
from .models import Rectification

INDICATOR = "困难帮扶人数"
EVIDENCE_NAME = "2021年困难职工救助人数复核情况说明.txt"
EVIDENCE = """昌黎县总工会关于2021年困难职工救助人数的复核情况说明

一、问题：2021年度绩效自评中，“困难帮扶人数”完成394人，低于指标值≥400人。
二、原因：2021年初有20名职工脱困、6名注销；国庆救助中6名职工因意外致困在两轮均获救助，按身份证号去重后人数减少。
三、整改措施：已复核2021年困难职工档案，2月新认定的12名因病深度困难职工已纳入专项帮扶；
    2022年起每季度核对救助人数进度，新认定的困难职工在下一轮救助中及时纳入。
四、结果：2021年全会救助困难职工406人（按身份证号去重），达到部门整体目标“救助人数400人以上”。

昌黎县总工会帮扶中心
2022年3月25日
"""


def load_rectifications(plan: Plan, admin) -> list[Rectification]:
    """The two items of the demo year `plan` (published, its self-evaluation computed from records)."""
    from ..evaluation.selectors import scores  # the evaluation area reads goals: imported when used

    User = get_user_model()
    editor, finance = User.objects.get(username="editor"), User.objects.get(username="finance")
    Membership.objects.get_or_create(user=editor, unit=plan.unit)
    found = self_evaluation_buttons(user=editor, plan=plan, results=scores(plan))
    project = plan.projects.get(indicators__name=INDICATOR)
    button = found["indicators"][project.code or project.name][INDICATOR]
    done = services.rectification_create(
        unit=plan.unit, year=plan.year, source_kind=rules.SELF_EVALUATION, user=editor, plan=plan, project=project,
        indicator=project.indicators.get(name=INDICATOR), finding_key=button["key"],
        fields={"found_where": button["where"], "problem": button["problem"]})
    done = services.rectification_update(item=done, version=done.version, user=editor, fields={
        "responsible": "县总工会帮扶中心", "deadline": date(plan.year + 1, 3, 31),
        "measures": "复核困难职工档案，2月新认定的因病深度困难职工纳入专项帮扶；每季度核对救助人数进度"})
    done = services.rectification_move(item=done, status=rules.IN_PROGRESS, version=done.version, user=editor)
    services.rectification_evidence_add(item=done, file=ContentFile(EVIDENCE.encode("utf-8"), name=EVIDENCE_NAME),
                                        user=editor)
    done.refresh_from_db()
    done = services.rectification_move(
        item=done, status=rules.DONE, version=done.version, user=editor,
        measures="已复核2021年困难职工档案，新认定的12名因病深度困难职工已纳入专项帮扶，全会救助406人；"
                 "2022年起每季度核对救助人数进度")
    inspection = services.rectification_create(
        unit=plan.unit, year=plan.year, source_kind=rules.FINANCE_INSPECTION, user=finance, fields={
            "found_where": f"{plan.year + 1}年1月县财政局财政检查（{plan.year}年度）",
            "problem": "基本支出中公用经费2笔差旅费报销缺少审批签字；工人文化宫购置的音响设备未登记固定资产账"})
    inspection = services.rectification_update(item=inspection, version=inspection.version, user=editor, fields={
        "responsible": "县总工会办公室（会计）", "deadline": date(plan.year + 1, 6, 30),
        "measures": "补办审批手续；音响设备补登固定资产账；修订财务报销审批制度"})
    inspection = services.rectification_move(item=inspection, status=rules.IN_PROGRESS, version=inspection.version,
                                             user=editor)
    return [done, inspection]
