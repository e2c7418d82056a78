from django.conf import settings
from django.db import models


class SpendingRecord(models.Model):
    """A payment out of a project's money, in 元."""

    project = models.ForeignKey("goals.Project", on_delete=models.CASCADE, related_name="spending")
    date = models.DateField("日期")
    amount = models.DecimalField("金额（元）", max_digits=16, decimal_places=2)
    note = models.CharField("摘要", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["date", "id"]


class IndicatorValue(models.Model):
    """The value an indicator has reached (完成值), with the unit's explanation."""

    indicator = models.OneToOneField("goals.Indicator", on_delete=models.CASCADE, related_name="actual")
    actual = models.CharField("完成值", max_length=100, blank=True)
    share = models.DecimalField("得分比例（%）", max_digits=5, decimal_places=2, null=True, blank=True)
    reason = models.TextField("偏差原因", blank=True)
    measure = models.TextField("纠偏措施", blank=True)
    forecast = models.CharField("全年预计", max_length=100, blank=True)
    evidence = models.FileField("佐证材料", upload_to="evidence/%Y/", blank=True)


class ProjectRemark(models.Model):
    """The project-level 偏差原因 and 纠偏措施 for its money."""

    project = models.OneToOneField("goals.Project", on_delete=models.CASCADE, related_name="remark")
    reason = models.TextField("偏差原因", blank=True)
    measure = models.TextField("纠偏措施", blank=True)
