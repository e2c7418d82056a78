"""相关性 and 规范性: are indicators quantified, written properly and distinct?"""

from __future__ import annotations

from collections import Counter

from ..core import project_code
from ..core.money import MONEY_UNITS
from ..core.targets import QUALITATIVE
from .registry import CONFORMITY, ERROR, INFO, RELEVANCE, WARNING, rule

# 二级指标 whose targets should be numbers (时效 may be a date: see feasibility).
NUMERIC_LEVEL2 = ("数量指标", "质量指标", "成本指标", "经济成本指标", "服务对象满意度指标")
# What an indicator's name says about its target's unit. A Chinese noun phrase ends in
# its head, so the ending decides: 帮扶资金发放时间 is a time, not an amount.
UNIT_BY_NAME = (
    (("满意度", "率", "比例", "占比"), {"%"}),
    (("人数", "人次"), {"人", "人次", "名"}),
    (("金额", "费用", "成本", "资金", "标准", "经费", "补助"), set(MONEY_UNITS)),
)


@rule("not-quantified", RELEVANCE, WARNING, "能量化的指标写成数值，如“≥400人”“≥95%”")
def quantified(project, ctx):
    for ind in project.indicators:
        if ind.level2 in NUMERIC_LEVEL2 and ind.target.op == QUALITATIVE:
            yield ind, "target", f"{ind.level2}“{ind.name}”的指标值“{ind.target.raw}”没有量化"


@rule("operator-inferred", CONFORMITY, INFO, "写明指标性质（≥、≤、=），不要让审核人去猜")
def operator_written(project, ctx):
    for ind in project.indicators:
        if ind.target.inferred:
            yield ind, "target", f"指标值“{ind.target.raw}”没有写指标性质，按二级指标推定为“{ind.target.op}”"


@rule("vague-target", RELEVANCE, WARNING, "定性指标也要可分级评判，避免“有所提高”“进一步”等说法")
def not_vague(project, ctx):
    words = ctx.settings["vague_words"]
    for ind in project.indicators:
        if ind.target.op == QUALITATIVE and (found := [w for w in words if w in ind.target.raw]):
            yield ind, "target", f"指标值“{ind.target.raw}”含模糊表述“{'、'.join(found)}”"


@rule("duplicate-indicator", CONFORMITY, WARNING, "合并重复的指标，或改用能区分的名称")
def distinct_names(project, ctx):
    counts = Counter(i.name for i in project.indicators)
    for ind in project.indicators:
        if counts[ind.name] > 1:
            counts[ind.name] = 0  # report once
            yield ind, "name", f"三级指标“{ind.name}”重复出现"


@rule("unit-mismatch", CONFORMITY, WARNING, "度量单位应与指标名称相符：人数用人，比率用%，金额用元或万元")
def unit_fits_name(project, ctx):
    for ind in project.indicators:
        unit = ind.target.unit
        if ind.target.op == QUALITATIVE or not unit:
            continue
        units = next((units for words, units in UNIT_BY_NAME if ind.name.endswith(words)), None)
        if units is not None and unit not in units and unit.partition("/")[0] not in units:  # 1600元/亩 is money
            yield ind, "target", f"“{ind.name}”的指标值单位是“{unit}”，与名称不符"


@rule("mostly-qualitative", RELEVANCE, INFO, "尽量量化：定量指标应占多数")
def quantitative_share(project, ctx):
    if not project.indicators:
        return
    share = 100 * sum(i.target.is_quantitative for i in project.indicators) / len(project.indicators)
    if share < ctx.settings["min_quantitative_share"]:
        yield None, "indicators", f"定量指标只占{share:.0f}%"


@rule("bad-project-code", CONFORMITY, ERROR, "项目编码为21位：6位区划码＋2位年度＋13位数字或大写字母",
      "RULES.md §7：预算管理一体化的项目编码（21位，由实际编码推定）")
def code_shape(project, ctx):
    if "code21" in ctx.doc.form and not project_code.is_valid(project.code):
        yield None, "code", project_code.problem(project.code)
