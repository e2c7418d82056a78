from django.conf import settings
from django.db import models

from ...rulesets import DEFAULT as DEFAULT_RULESET


class Unit(models.Model):
    """预算单位."""

    code = models.CharField("单位编码", max_length=20, unique=True)
    name = models.CharField("单位名称", max_length=200)
    finance_bureau = models.CharField("上级财政部门", max_length=200, blank=True, default="")

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code}{self.name}"


class Plan(models.Model):
    """A unit's goal document for a budget year, and where it stands in the workflow."""

    DRAFT, SUBMITTED, FINANCE_REVIEW, APPROVED, PUBLISHED = "draft", "submitted", "finance_review", "approved", "published"
    STATES = [(DRAFT, "草稿"), (SUBMITTED, "已提交"), (FINANCE_REVIEW, "财政审核"), (APPROVED, "已批复"),
              (PUBLISHED, "已公开")]
    GRADES = [("优", "优"), ("良", "良"), ("中", "中"), ("差", "差")]

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plans", verbose_name="单位")
    year = models.PositiveIntegerField("预算年度")
    framework = models.CharField("指标体系", max_length=1, default="A")
    # The form it was read from (formats/templates.toml); "" for a plan made in jixiao (every field).
    template = models.CharField("表式", max_length=100, blank=True, default="")
    department = models.JSONField("部门整体绩效目标", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=STATES, default=DRAFT)
    grade = models.CharField("审核等级", max_length=1, choices=GRADES, blank=True)
    grade_comment = models.TextField("审核意见", blank=True)
    proposed_grade = models.CharField("建议等级", max_length=1, blank=True)
    # The rule set the plan is judged by (review, monitoring, self-evaluation): its code (rulesets/).
    ruleset = models.CharField("规则集", max_length=40, default=DEFAULT_RULESET)

    @property
    def rules(self):
        """The rule set this plan is judged by: the review, monitoring, self-evaluation and 结果应用 read it."""
        from ...rulesets import load

        return load(self.ruleset or DEFAULT_RULESET, settings.RULESETS_DIR)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        unique_together = [("unit", "year")]
        ordering = ["-year", "unit__code"]

    def __str__(self) -> str:
        return f"{self.unit.name}{self.year}年绩效目标"

    @property
    def locked(self) -> bool:
        """Goals leave the unit's hands when submitted; once approved they change only by 调整."""
        return self.state != self.DRAFT


class Project(models.Model):
    """项目支出绩效目标表. Money in 元; the spending plan in cumulative %."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="projects")
    position = models.PositiveIntegerField(default=0)
    code = models.CharField("项目编码", max_length=40, blank=True)  # "" where the form has none (未编码)
    name = models.CharField("项目名称", max_length=200)
    total = models.DecimalField("预算数（元）", max_digits=16, decimal_places=2)
    fiscal = models.DecimalField("财政资金（元）", max_digits=16, decimal_places=2)
    other = models.DecimalField("其他资金（元）", max_digits=16, decimal_places=2)
    purpose = models.TextField("资金用途", blank=True)
    plan_3 = models.DecimalField("3月底（%）", max_digits=6, decimal_places=2, null=True, blank=True)
    plan_6 = models.DecimalField("6月底（%）", max_digits=6, decimal_places=2, null=True, blank=True)
    plan_10 = models.DecimalField("10月底（%）", max_digits=6, decimal_places=2, null=True, blank=True)
    plan_12 = models.DecimalField("12月底（%）", max_digits=6, decimal_places=2, null=True, blank=True)
    goals = models.JSONField("绩效目标", default=list)
    # 财政审核 per project (88号, RULES.md §5.2): pending until finance grades it; 优/良 approve it (its
    # indicators locked), 中/差 return it to the unit, which edits and resubmits only those.
    PENDING, APPROVED, RETURNED = "pending", "approved", "returned"
    REVIEW_STATES = [(PENDING, "待审核"), (APPROVED, "已通过"), (RETURNED, "已退回")]
    review_state = models.CharField("财政审核状态", max_length=10, choices=REVIEW_STATES, default=PENDING)
    grade = models.CharField("审核等级", max_length=1, choices=Plan.GRADES, blank=True)
    grade_comment = models.TextField("审核意见", blank=True)
    proposed_grade = models.CharField("建议等级", max_length=1, blank=True)  # the review's, kept by the services
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["position", "id"]
        # A code names one project of a plan; a project without one is named by its name, as the
        # review keys it (review/registry.project_key).
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], condition=~models.Q(code=""), name="project_code_unique"),
            models.UniqueConstraint(fields=["plan", "name"], condition=models.Q(code=""),
                                    name="uncoded_project_name_unique"),
        ]
        indexes = [models.Index(fields=["-plan", "position", "id"], name="project_list_order")]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class IndicatorFields(models.Model):
    """The fields of a performance indicator (绩效指标), shared by a project's and a unit-wide one's
    (department.UnitIndicator)."""

    position = models.PositiveIntegerField(default=0)
    level1 = models.CharField("一级指标", max_length=40)
    level2 = models.CharField("二级指标", max_length=40)
    name = models.CharField("三级指标", max_length=200)
    description = models.TextField("绩效指标描述", blank=True)
    target_raw = models.CharField("指标值", max_length=200)
    op = models.CharField("指标性质", max_length=12)
    value = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    value_hi = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    unit = models.CharField("度量单位", max_length=20, blank=True)
    inferred = models.BooleanField(default=False)
    basis = models.CharField("指标值确定依据", max_length=300, blank=True)
    weight = models.DecimalField("权重", max_digits=8, decimal_places=4, null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name


class Indicator(IndicatorFields):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")

    class Meta(IndicatorFields.Meta):
        ordering = ["position", "id"]


class Adjustment(models.Model):
    """调整: a change to an approved target, keeping the original, approved again by finance."""

    PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
    STATES = [(PENDING, "待审批"), (APPROVED, "已批准"), (REJECTED, "已驳回")]

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="adjustments")
    original = models.CharField("原指标值", max_length=200)
    revised = models.CharField("调整后指标值", max_length=200)
    reason = models.TextField("调整理由")
    state = models.CharField("状态", max_length=10, choices=STATES, default=PENDING)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True)
    comment = models.TextField("审批意见", blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.indicator.name}：{self.original} → {self.revised}"


class ReviewArea(models.Model):
    """A 财政审核's area: the units whose 上级财政部门 is this bureau. A finance reviewer without one sees
    every unit (as before areas existed); with one, only the units of that bureau."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_area")
    finance_bureau = models.CharField("财政部门", max_length=200)

    def __str__(self) -> str:
        return self.finance_bureau
