from django.conf import settings
from django.db import models


class Entry(models.Model):
    """One change to a record: who, when, what (the fields before and after)."""

    action = models.CharField("操作", max_length=80)  # e.g. jixiao.project.changed
    object_type = models.CharField("对象类型", max_length=40)
    object_id = models.BigIntegerField("对象编号")
    object_label = models.CharField("对象", max_length=300)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="操作人")
    at = models.DateTimeField("时间", auto_now_add=True)
    changes = models.JSONField("变更内容", default=dict)  # {field: [before, after]} or free data
    note = models.TextField("说明", blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
