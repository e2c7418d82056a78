"""部门整体 records of a unit's year: staffing per unit and subordinate unit (编制数, 在职, 退休), basic
spending (基本支出: 人员经费, 公用经费) and, when recorded, the basic-spending budget. Rules and the
unit-wide metrics: evaluation/department.py."""

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
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
    """部门整体绩效指标: an indicator of one 分项目标 of a plan's unit-wide goals, or (goal None) one of the
    unit's own 年度绩效指标, the official 部门整体支出绩效目标表's one table for the unit as a whole."""

    plan = models.ForeignKey("goals.Plan", on_delete=models.CASCADE, related_name="unit_indicators")
    # position in plan.department["sub_goals"]; None: the unit's own table (DepartmentGoals.indicators)
    goal = models.PositiveIntegerField("分项目标", null=True, blank=True)
    proposed = models.BooleanField("待确认", default=False)  # proposed from the goal's sentences, not confirmed yet
    metric = models.CharField("指标口径", max_length=40, blank=True)  # a code of evaluation.unit_metrics.CATALOGUE, or ""
    version = models.PositiveIntegerField(default=1)

    class Meta(IndicatorFields.Meta):
        ordering = [models.F("goal").asc(nulls_first=True), "position", "id"]  # the unit's own first, on every database


class DepartmentProse(models.Model):
    """The unit's own text of its 部门整体支出绩效自评报告 for a year (存在问题, 改进措施 …): one text per
    section of the rule set's [department] report_sections, by title; jixiao fills the figures."""

    unit = models.ForeignKey("goals.Unit", on_delete=models.PROTECT, related_name="department_prose", verbose_name="单位")
    year = models.PositiveIntegerField("年度")
    sections = models.JSONField("自评报告正文", default=dict)  # section title → the unit's text
    version = models.PositiveIntegerField(default=0)  # raised by every save; a stale form is refused (409)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="one_department_prose_per_year")]

    def __str__(self) -> str:
        return f"{self.year}年部门整体支出绩效自评报告"


class PublishedDepartmentEvaluation(models.Model):
    """A 部门整体支出绩效自评 as its unit published it (公开部门整体自评): the DepartmentEvaluation as JSON
    (decimals as strings), who and when; a 更正 is a new one with its reason. The public page's downloads
    are made from the newest, never from the live records."""

    plan = models.ForeignKey("goals.Plan", on_delete=models.CASCADE, related_name="published_department_evaluations")
    rows = models.JSONField("部门整体自评", encoder=DjangoJSONEncoder)
    ruleset = models.CharField("规则集", max_length=40)
    reason = models.CharField("更正原因", max_length=500, blank=True)  # empty for the first publication
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("公开时间", auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}公开的部门整体自评"
