from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class SpendingRecord(models.Model):
    """A payment out of a project's money, in 元."""

    project = models.ForeignKey("goals.Project", on_delete=models.CASCADE, related_name="spending")
    date = models.DateField("日期")
    amount = models.DecimalField("金额（元）", max_digits=16, decimal_places=2)
    note = models.CharField("摘要", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # Why the project's spending may go above its budget, confirmed when the record was entered or corrected.
    over_budget_reason = models.CharField("超预算原因", max_length=500, blank=True)
    version = models.PositiveIntegerField(default=0)  # raised by each correction; a stale correction form is refused

    class Meta:
        ordering = ["date", "id"]


class IndicatorValue(models.Model):
    """The value an indicator has reached (完成值), with the unit's explanation.

    `actual` and `forecast` keep the text as the person typed it, for display; it is parsed
    once, when saved or imported, into `value` and `unit` (or `level` for 达成/部分达成/未达成),
    which scoring and monitoring read. `source` says whether it was typed or imported (and from
    which file and row)."""

    TYPED, IMPORTED = "typed", "imported"

    indicator = models.OneToOneField("goals.Indicator", on_delete=models.CASCADE, related_name="actual")
    actual = models.CharField("完成值", max_length=100, blank=True)
    share = models.DecimalField("得分比例（%）", max_digits=5, decimal_places=2, null=True, blank=True)
    reason = models.TextField("偏差原因", blank=True)
    measure = models.TextField("纠偏措施", blank=True)
    forecast = models.CharField("全年预计", max_length=100, blank=True)
    evidence = models.FileField("佐证材料", upload_to="evidence/%Y/", blank=True)
    value = models.DecimalField("完成值（数值）", max_digits=30, decimal_places=10, null=True, blank=True)
    unit = models.CharField("完成值单位", max_length=20, blank=True)
    level = models.CharField("完成程度", max_length=8, blank=True)  # 达成, 部分达成, 未达成
    forecast_value = models.DecimalField("全年预计（数值）", max_digits=30, decimal_places=10, null=True, blank=True)
    forecast_unit = models.CharField("全年预计单位", max_length=20, blank=True)
    source = models.CharField("来源", max_length=10, default=TYPED, choices=[(TYPED, "手工填报"), (IMPORTED, "文件导入")])
    source_file = models.CharField("导入文件", max_length=300, blank=True)
    # Raised by every save and import: a form carries the version it was shown, and a save from a form
    # someone else has saved since is refused (409), never overwriting.
    version = models.PositiveIntegerField(default=0)


class ProjectRemark(models.Model):
    """The project-level 偏差原因 and 纠偏措施 for its money."""

    project = models.OneToOneField("goals.Project", on_delete=models.CASCADE, related_name="remark")
    reason = models.TextField("偏差原因", blank=True)
    measure = models.TextField("纠偏措施", blank=True)
    version = models.PositiveIntegerField(default=0)  # as IndicatorValue.version


class MonitoringReport(models.Model):
    """A monitoring table saved as it stood on its date (监控报告): the rows as JSON (what
    `formats.evaluation_json.monitor_json` writes, reasons and measures included), who saved it
    and when. Later changes to records do not change it."""

    plan = models.ForeignKey("goals.Plan", on_delete=models.CASCADE, related_name="monitoring_reports")
    as_of = models.DateField("监控截止日期")
    rows = models.JSONField("监控表")
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("保存时间", auto_now_add=True)

    class Meta:
        ordering = ["-as_of", "-id"]

    def __str__(self) -> str:
        return f"{self.as_of:%Y-%m-%d}监控报告"


class PublishedEvaluation(models.Model):
    """A self-evaluation as its unit published it (公开的自评结果): every project's scores, the
    actuals with their numbers, units and provenance, the rule set, who and when, as JSON (decimals
    as strings). The public page and the official tables read the newest one; a later change to
    records, bindings or values reaches them only by an explicit 更正, a new snapshot with its reason."""

    plan = models.ForeignKey("goals.Plan", on_delete=models.CASCADE, related_name="published_evaluations")
    rows = models.JSONField("自评结果", encoder=DjangoJSONEncoder)
    ruleset = models.CharField("规则集", max_length=40)
    reason = models.CharField("更正原因", max_length=500, blank=True)  # empty for the first publication
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("公开时间", auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}公开的自评结果"


class SecondMonitoring(models.Model):
    """二次监控 (issue 15 §2): a follow-up task for a project the first monitoring round (the rule set's
    cut-off, 1-7月) found with nothing spent or an indicator far off its target. Finance opens it at a later
    month-end (1-9月); the unit records the figures of that date (computed from the records dated by then, as
    the first round's are, and kept as `monitor_json` writes a row), its year-end forecast and the state of
    rectification. Each save raises `version`; a stale form is refused (409)."""

    OPEN, DONE = "open", "done"

    plan = models.ForeignKey("goals.Plan", on_delete=models.CASCADE, related_name="second_monitorings")
    project = models.ForeignKey("goals.Project", on_delete=models.CASCADE, related_name="second_monitorings",
                                verbose_name="项目")
    first_as_of = models.DateField("首次监控截止日期")
    as_of = models.DateField("二次监控日期")
    triggers = models.JSONField("需二次监控的原因", default=list)  # the first round's findings, in words
    status = models.CharField("状态", max_length=10, default=OPEN, choices=[(OPEN, "待填报"), (DONE, "已填报")])
    figures = models.JSONField("二次监控日期的监控数据", null=True, blank=True, encoder=DjangoJSONEncoder)
    forecast_rate = models.DecimalField("全年预计执行率（%）", max_digits=6, decimal_places=2, null=True, blank=True)
    forecast = models.TextField("全年预计完成情况", blank=True)
    rectification_state = models.TextField("整改情况", blank=True)
    version = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("打开时间", auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField("填报时间", null=True, blank=True)

    class Meta:
        ordering = ["as_of", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "first_as_of"], name="one_second_round_per_project")]

    def __str__(self) -> str:
        return f"{self.project.name}二次监控（截至{self.as_of:%Y-%m-%d}）"
