"""完整性: is everything a goal table needs there?"""

from __future__ import annotations

import re

from ..core.frameworks import FRAMEWORKS
from .registry import COMPLETENESS, ERROR, INFO, WARNING, rule

RECIPIENT_UNITS = {"人", "人次", "户", "名", "家"}
TRACEABLE = re.compile(r"号|办法|方案|计划|标准|纪要|通知|合同|名单|批复|调查|统计|报告|规划|预算|意见|规定|文件|协议|记录|[（(]\d{4}[）)]")


@rule("level1-missing", COMPLETENESS, ERROR, "补充产出指标和效益指标；有服务对象的项目还应设满意度指标",
      "RULES.md §2.1、§2.6 Q1：财预〔2015〕88号所列绩效目标的内容（预期产出、预期效果）")
def level1_present(project, ctx):
    have = {i.level1 for i in project.indicators}
    if have <= {""}:
        return  # a form with no 一级 column (重庆 一般性项目)
    for needed in ("产出指标", "效益指标"):
        if needed not in have:
            yield None, "indicators", f"缺少{needed}"


@rule("satisfaction-missing", COMPLETENESS, WARNING, "项目有明确的服务对象，应设服务对象满意度指标")
def satisfaction_present(project, ctx):
    if any(i.level1 == "满意度指标" for i in project.indicators):
        return
    if any(i.target.unit in RECIPIENT_UNITS for i in project.indicators):
        yield None, "indicators", "项目有服务对象（按人、户计的指标），但没有满意度指标"


@rule("level2-misplaced", COMPLETENESS, ERROR, "按所用指标体系把二级指标放到对应的一级指标下",
      "RULES.md §2.2：A类（财预〔2015〕88号、财预〔2020〕10号自评表）和B类（财预〔2021〕101号）指标体系")
def level2_under_level1(project, ctx):
    framework = FRAMEWORKS[ctx.doc.framework]
    for ind in project.indicators:
        if ind.level2 and not framework.allows(ind.level1, ind.level2):
            parent = framework.parent_of(ind.level2)
            where = f"应属于“{parent}”" if parent else f"不是{ctx.doc.framework}类指标体系的二级指标"
            yield ind, "level2", f"二级指标“{ind.level2}”放在“{ind.level1}”下，{where}"


@rule("too-few-indicators", COMPLETENESS, WARNING, "围绕项目的主要产出和效果补充指标")
def enough_indicators(project, ctx):
    least = ctx.settings["min_indicators"]
    if len(project.indicators) < least:
        yield None, "indicators", f"只有{len(project.indicators)}个绩效指标，少于{least}个"


@rule("goals-missing", COMPLETENESS, ERROR, "写明项目年度绩效目标（编号的目标句）",
      "RULES.md §2.1：财预〔2015〕88号，绩效目标应指向明确、细化量化")
def goals_present(project, ctx):
    if not project.goals:
        yield None, "goals", "没有填写绩效目标"


@rule("basis-missing", COMPLETENESS, WARNING, "写明指标值确定依据：计划标准、行业标准、历史标准或文件文号")
def basis_present(project, ctx):
    if "basis" not in ctx.doc.form:
        return  # the form has no 指标值确定依据 column
    for ind in project.indicators:
        if not ind.basis.strip():
            yield ind, "basis", "指标值确定依据为空"


@rule("basis-untraceable", COMPLETENESS, INFO, "依据应能查到出处，如文件文号、标准名称、名单或调查")
def basis_traceable(project, ctx):
    for ind in project.indicators:
        if ind.basis.strip() and not TRACEABLE.search(ind.basis):
            yield ind, "basis", f"指标值确定依据“{ind.basis}”无法追溯出处"
