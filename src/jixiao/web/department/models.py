"""部门整体 records of a unit's year: staffing per unit and subordinate unit (编制数, 在职, 退休), basic
spending (基本支出: 人员经费, 公用经费) and, when recorded, the basic-spending budget. Rules and the
unit-wide metrics: evaluation/department.py."""

from django.conf import settings
from django.db import models

from ...evaluation import department as rules
from ..goals.models import IndicatorFields


class Staffing(models.Model):
    unit = models.ForeignKey("goals.Unit", on_delete=models.PROTECT, related_name="staffing", verbose_name="单位")
    year = models.PositiveIntegerField("年度")
    unit_name = models.CharField("单位名称（本级或下属单位）", max_length=rules.NAME_LENGTH)
    posts = models.PositiveIntegerField("编制数")
    in_post = models.PositiveIntegerField("在职人数")
    retired = models.PositiveIntegerField("退休人数")
    version = models.PositiveIntegerField(default=0)  # raised by every change; a stale form is refused (409)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "unit_name"], name="one_staffing_per_unit_name")]

    def __str__(self) -> str:
        return f"{self.year}年编制：{self.unit_name}"

    def to_domain(self) -> rules.Staffing:
        return rules.Staffing(self.unit_name, self.posts, self.in_post, self.retired)


class BasicSpending(models.Model):
    unit = models.ForeignKey("goals.Unit", on_delete=models.PROTECT, related_name="basic_spending", verbose_name="单位")
    year = models.PositiveIntegerField("年度")
    date = models.DateField("日期")
    kind = models.CharField("类别", max_length=10, choices=[(k, k) for k in rules.KINDS])
    amount = models.DecimalField("金额（元）", max_digits=rules.AMOUNT_DIGITS, decimal_places=rules.AMOUNT_PLACES)
    note = models.CharField("摘要", max_length=rules.NOTE_LENGTH, blank=True)
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.year}年基本支出：{self.date:%Y-%m-%d} {self.kind} {self.amount}元"

    def to_domain(self) -> rules.BasicSpending:
        return rules.BasicSpending(self.date, self.kind, self.amount, self.note)


class BasicBudget(models.Model):
    """The year's basic-spending budget (基本支出预算数), when the unit records it."""

    unit = models.ForeignKey("goals.Unit", on_delete=models.PROTECT, related_name="basic_budgets", verbose_name="单位")
    year = models.PositiveIntegerField("年度")
    amount = models.DecimalField("基本支出预算数（元）", max_digits=rules.AMOUNT_DIGITS, decimal_places=rules.AMOUNT_PLACES)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_basic_budget_per_year")]

    def __str__(self) -> str:
        return f"{self.year}年基本支出预算"


class UnitIndicator(IndicatorFields):
    """部门整体绩效指标: an indicator of one 分项目标 of a plan's unit-wide goals."""

    plan = models.ForeignKey("goals.Plan", on_delete=models.CASCADE, related_name="unit_indicators")
    goal = models.PositiveIntegerField("分项目标")  # position in plan.department["sub_goals"]
    proposed = models.BooleanField("待确认", default=False)  # proposed from the goal's sentences, not confirmed yet
    metric = models.CharField("指标口径", max_length=40, blank=True)  # a code of evaluation.unit_metrics.CATALOGUE, or ""
    version = models.PositiveIntegerField(default=1)

    class Meta(IndicatorFields.Meta):
        ordering = ["goal", "position", "id"]
