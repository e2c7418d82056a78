from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class PublishedPlan(models.Model):
    """A year's goals as its unit published them (公开的绩效目标): the goal document as jixiao/1 JSON,
    frozen at publication. The public page and its downloadable 目标表 and 自评表 read the newest one, so
    a later 调整 or edit reaches the public only by a new publication: a 更正 with its reason, the earlier
    ones kept and readable."""

    plan = models.ForeignKey("goals.Plan", on_delete=models.CASCADE, related_name="published_plans")
    document = models.JSONField("公开的绩效目标", encoder=DjangoJSONEncoder)
    reason = models.CharField("更正原因", max_length=500, blank=True)  # empty for the first publication
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("公开时间", auto_now_add=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}公开的绩效目标"
