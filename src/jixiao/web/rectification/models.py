"""The rectification ledger (整改台账): a problem found by the review, monitoring, the self-evaluation,
an audit or a finance inspection, followed to closure. Statuses and moves: evaluation/rectification.py."""

from django.conf import settings
from django.db import models

from ...evaluation import rectification as rules


class Rectification(models.Model):
    unit = models.ForeignKey("goals.Unit", on_delete=models.PROTECT, related_name="rectifications", verbose_name="单位")
    year = models.PositiveIntegerField("年度")
    plan = models.ForeignKey("goals.Plan", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                             verbose_name="绩效目标")
    project = models.ForeignKey("goals.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                verbose_name="项目")
    indicator = models.ForeignKey("goals.Indicator", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+", verbose_name="指标")
    source_kind = models.CharField("问题来源", max_length=20, choices=list(rules.sources().items()))
    # The finding an item was made from ("monitoring:indicator:12:red"); one item per finding and unit-year.
    finding_key = models.CharField("问题标识", max_length=300, blank=True)
    found_where = models.CharField("发现环节", max_length=300)
    problem = models.TextField("问题")
    responsible = models.CharField("责任人", max_length=100, blank=True)
    deadline = models.DateField("整改期限", null=True, blank=True)
    measures = models.TextField("整改措施", blank=True)
    status = models.CharField("整改状态", max_length=20, choices=list(rules.statuses().items()), default=rules.OPEN)
    reason = models.TextField("无需整改理由", blank=True)
    version = models.PositiveIntegerField(default=0)  # raised by every change; a stale form is refused (409)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("列入时间", auto_now_add=True)

    class Meta:
        ordering = ["deadline", "id"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "finding_key"],
                                               condition=~models.Q(finding_key=""), name="one_item_per_finding")]

    def __str__(self) -> str:
        return f"整改事项：{self.problem[:40]}"


class RectificationEvidence(models.Model):
    """A file proving what was done (整改佐证材料), under MEDIA_ROOT, served by a permission-checked view."""

    rectification = models.ForeignKey(Rectification, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("佐证材料", upload_to="rectification/%Y/")
    name = models.CharField("文件名", max_length=200)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        ordering = ["id"]
