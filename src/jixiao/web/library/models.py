from django.db import models

from ...core.indicator_library import COMMON, SECTOR


class LibraryEntry(models.Model):
    """One indicator of the 指标库: shipped with jixiao (its source named), promoted by finance from an
    approved plan, or imported from a province's published library. Retired entries stay (their
    history with them) and are no longer suggested."""

    SEED, PROMOTED, IMPORTED = "seed", "promoted", "imported"
    ORIGINS = [(SEED, "随程序发布"), (PROMOTED, "由已批复计划收录"), (IMPORTED, "导入")]
    KINDS = [(COMMON, COMMON), (SECTOR, SECTOR)]

    key = models.CharField("编号", max_length=100, unique=True)
    kind = models.CharField("共性/个性", max_length=4, choices=KINDS, default=SECTOR)
    sector = models.CharField("行业或资金用途", max_length=100, blank=True)
    level1 = models.CharField("一级指标", max_length=40, blank=True)
    level2 = models.CharField("二级指标", max_length=40, blank=True)
    name = models.CharField("三级指标", max_length=200)
    description = models.TextField("指标解释", blank=True)
    op = models.CharField("指标性质", max_length=12)
    unit = models.CharField("计量单位", max_length=20, blank=True)
    typical = models.CharField("参考指标值", max_length=200, blank=True)
    source = models.CharField("来源", max_length=500, blank=True)
    origin = models.CharField("收录方式", max_length=10, choices=ORIGINS, default=SEED)
    promoted_from = models.ForeignKey("goals.Indicator", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+", verbose_name="收录自")
    retired = models.BooleanField("已停用", default=False)
    retired_reason = models.TextField("停用理由", blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["retired", "kind", "sector", "id"]
        indexes = [models.Index(fields=["name"], name="library_entry_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.sector or self.kind}）"
