"""适当性: do targets, money and plan fit together, and measure performance at all?"""

from __future__ import annotations

from ..core.checks import budget_problem
from ..core.money import format_wan
from ..core.targets import EQ, GE, GT, MAX_INTEGER_DIGITS
from .registry import APPROPRIATENESS, ERROR, WARNING, rule

COUNT_UNITS = {"人", "人次", "户", "名", "个", "件", "家", "所", "次", "场", "期"}
# A per-unit standard (每人, 人均 …) and the units of the count it multiplies.
PER_UNIT = (
    (("每人", "人均", "每名", "每位"), {"人", "人次", "名"}),
    (("每户", "户均"), {"户"}),
    (("每件", "件均"), {"件", "个"}),
    (("每个", "个均"), {"个"}),
    (("每期", "期均"), {"期"}),
    (("每次", "次均", "每场", "场均"), {"次", "场"}),
)


def _standard_and_count(project):
    """The per-unit money standard and the count it goes with, when the table says so."""
    counts = [i for i in project.indicators
              if i.level2 == "数量指标" and i.target.unit in COUNT_UNITS and i.target.value and i.target.in_range]
    for ind in project.indicators:
        if not ind.target.in_yuan():
            continue
        units = next((u for words, u in PER_UNIT if any(w in ind.name for w in words)), None)
        if units is not None:
            match = next((c for c in counts if c.target.unit in units), None)
        elif "标准" in ind.name and len(counts) == 1:
            match = counts[0]
        else:
            continue
        if match is not None:
            return ind, match
    return None, None


@rule("target-magnitude", APPROPRIATENESS, ERROR, f"指标值是可计算的数量：整数部分不超过{MAX_INTEGER_DIGITS}位，核对是否多打了数字",
      "RULES.md §2.4：指标值为运算符、数字和计量单位（number := digits ['.' digits]），是能比较、能计算的数量")
def target_in_range(project, ctx):
    for ind in project.indicators:
        if not ind.target.in_range:
            yield ind, "target", f"“{ind.name}”的指标值“{ind.target.raw}”超过{MAX_INTEGER_DIGITS}位整数"


@rule("negative-count", APPROPRIATENESS, WARNING, "人数、户数、次数等计数不会小于0，核对是否多打了负号",
      "RULES.md §2.4：指标值为运算符、数字和计量单位（number := digits ['.' digits]，不带负号）；"
      "人、户、次等计量单位是计数")
def count_not_negative(project, ctx):
    for ind in project.indicators:
        t = ind.target
        if t.unit in COUNT_UNITS and any(v is not None and v < 0 for v in (t.value, t.value_hi)):
            yield ind, "target", f"“{ind.name}”的指标值“{t.raw}”是小于0的{t.unit}数"


@rule("trivial-full-rate", APPROPRIATENESS, WARNING, "100%的比率目标没有区分度，除非有行业标准支撑，改用能反映绩效的指标")
def no_trivial_rate(project, ctx):
    words = ctx.settings["bounded_rate_words"]
    for ind in project.indicators:
        t = ind.target
        if t.unit == "%" and t.op in (GE, EQ, GT) and t.value is not None and t.value >= 100 \
                and any(w in ind.name for w in words):
            yield ind, "target", f"“{ind.name}”不可能超过100%，“{t.raw}”是必然达到的目标"


@rule("process-indicator", APPROPRIATENESS, WARNING, "合规性、过程性事项不是绩效指标；预算执行率在自评中另计10分")
def not_process(project, ctx):
    words = ctx.settings["compliance_words"]
    for ind in project.indicators:
        if found := [w for w in words if w in ind.name]:
            yield ind, "name", f"“{ind.name}”是合规或过程性事项（{'、'.join(found)}），不反映产出和效果"


@rule("cost-with-floor", APPROPRIATENESS, WARNING, "成本指标是上限，指标性质应为“≤”")
def cost_is_ceiling(project, ctx):
    for ind in project.indicators:
        if "成本" in ind.level2 and ind.target.op in (GE, GT) and not ind.target.inferred:
            yield ind, "target", f"成本指标“{ind.name}”写成“{ind.target.raw}”，成本应为“≤”"


@rule("budget-mismatch", APPROPRIATENESS, WARNING, "核对数量指标与单位标准：两者相乘应与预算数相当")
def quantity_matches_budget(project, ctx):
    standard, count = _standard_and_count(project)
    total = project.budget.total
    if standard is None or not total:
        return
    product = count.target.value * standard.target.in_yuan()
    off = abs(product - total) / total * 100
    if off > ctx.settings["budget_tolerance"]:
        yield standard, "target", (
            f"{count.target.raw}（{count.name}）× {standard.target.raw}（{standard.name}）= {format_wan(product)}万元，"
            f"与预算数{format_wan(total)}万元相差{off:.1f}%")


@rule("budget-parts", APPROPRIATENESS, ERROR, "财政资金与其他资金之和应等于预算数",
      "RULES.md §2.7：项目支出绩效目标表中预算数 = 财政资金 + 其他资金（允许0.01万元的尾差）")
def budget_adds_up(project, ctx):
    if message := budget_problem(project.budget):
        yield None, "budget", message


@rule("spending-plan", APPROPRIATENESS, ERROR, "资金支出计划应逐期不减，12月底累计达到100%",
      "RULES.md §2.7：河北表样的资金支出计划为3、6、10、12月底的累计支出比例，逐期不减，12月底为100%")
def plan_possible(project, ctx):
    if "plan" not in ctx.doc.form:
        return  # the form has no 资金支出计划
    for message in project.spending_plan.problems():
        yield None, "spending_plan", message


