"""The programmes' records: registers, standards, rounds and payments, health checks,
surveys, and which metric gives an indicator its actual."""

from django.conf import settings
from django.db import models

from ...relief.checks import CHECK_STATES, LEVELS
from ...relief.register import CAUSES, DEGREES, REGISTERED, STATUSES

User = settings.AUTH_USER_MODEL


def _choices(values):
    return [(v, v) for v in values]


class Beneficiary(models.Model):
    """困难职工档案."""

    unit = models.ForeignKey("goals.Unit", on_delete=models.PROTECT, related_name="beneficiaries")
    id_number = models.CharField("身份证号", max_length=18)
    name = models.CharField("姓名", max_length=50)
    phone = models.CharField("电话", max_length=20, blank=True)
    employer = models.CharField("工作单位", max_length=200, blank=True)
    household_size = models.PositiveIntegerField("家庭人口", default=1)
    household_income = models.DecimalField("家庭年收入（元）", max_digits=14, decimal_places=2, default=0)
    cause = models.CharField("致困原因", max_length=10, choices=_choices(CAUSES), default="其他")
    degree = models.CharField("困难程度", max_length=10, choices=_choices(DEGREES), default="相对困难")
    status = models.CharField("状态", max_length=4, choices=_choices(STATUSES), default=REGISTERED)
    status_since = models.DateField("状态日期", null=True, blank=True)
    bank_account = models.CharField("银行账号", max_length=32, blank=True)  # masked as ID numbers are
    bank = models.CharField("开户银行", max_length=100, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        unique_together = [("unit", "id_number")]
        ordering = ["unit_id", "id"]

    def __str__(self) -> str:
        return self.name


class ModelWorker(models.Model):
    """劳模."""

    unit = models.ForeignKey("goals.Unit", on_delete=models.PROTECT, related_name="model_workers")
    id_number = models.CharField("身份证号", max_length=18)
    name = models.CharField("姓名", max_length=50)
    level = models.CharField("级别", max_length=4, choices=_choices(LEVELS))
    year_honoured = models.PositiveIntegerField("授予年份")

    class Meta:
        unique_together = [("unit", "id_number")]
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class HealthCheck(models.Model):
    worker = models.ForeignKey(ModelWorker, on_delete=models.CASCADE, related_name="checks")
    project = models.ForeignKey("goals.Project", null=True, on_delete=models.SET_NULL, related_name="health_checks")
    year = models.PositiveIntegerField("年度")
    state = models.CharField("体检情况", max_length=4, choices=_choices(CHECK_STATES))
    date = models.DateField("体检日期", null=True, blank=True)
    institution = models.CharField("体检机构", max_length=100, blank=True)
    cost = models.DecimalField("费用（元）", max_digits=10, decimal_places=2, default=0)
    reason = models.CharField("未检原因", max_length=200, blank=True)
    spending = models.OneToOneField("evaluation.SpendingRecord", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        unique_together = [("worker", "year")]


class Standard(models.Model):
    """救助标准: the amount due per person by kind, degree and cause, per unit and year."""

    unit = models.ForeignKey("goals.Unit", on_delete=models.CASCADE, related_name="standards")
    year = models.PositiveIntegerField("年度")
    kind = models.CharField("救助类别", max_length=20)
    degree = models.CharField("困难程度", max_length=10, blank=True)
    cause = models.CharField("致困原因", max_length=10, blank=True)
    amount = models.DecimalField("标准（元）", max_digits=12, decimal_places=2)

    class Meta:
        unique_together = [("unit", "year", "kind", "degree", "cause")]


class Round(models.Model):
    """A disbursement round of a project; approval freezes its list and amounts."""

    DRAFT, APPROVED = "draft", "approved"
    project = models.ForeignKey("goals.Project", on_delete=models.PROTECT, related_name="rounds")
    name = models.CharField("名称", max_length=100)
    kind = models.CharField("救助类别", max_length=20)
    start = models.DateField("开始日期")
    end = models.DateField("截止日期")
    degrees = models.JSONField("困难程度范围", default=list, blank=True)
    state = models.CharField("状态", max_length=10, choices=[(DRAFT, "草稿"), (APPROVED, "已审批")], default=DRAFT)
    created_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")  # drafted it
    approved_by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+")  # never the drafter
    approved_at = models.DateTimeField(null=True)

    class Meta:
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return self.name


class RoundEntry(models.Model):
    """A person on an approved round's list, with the amount frozen at approval."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    beneficiary = models.ForeignKey(Beneficiary, on_delete=models.PROTECT, related_name="+")
    id_number = models.CharField(max_length=18)
    name = models.CharField(max_length=50)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        unique_together = [("round", "beneficiary")]


class Payment(models.Model):
    """One payment of a round to one person on its list. A person has one payment per round; a
    correction (冲正) is a new record that `reverses` the one it corrects, never an edit. Only the
    record nobody reverses counts, and only when paid. `spending` is what this record posts to the
    project's spending: the change it makes to what has been paid (−500元 for a paid one returned)."""

    PAID, FAILED, RETURNED = "paid", "failed", "returned"
    STATES = [(PAID, "已发放"), (FAILED, "发放失败"), (RETURNED, "已退回")]
    entry = models.ForeignKey(RoundEntry, on_delete=models.PROTECT, related_name="payments")
    amount = models.DecimalField("金额（元）", max_digits=12, decimal_places=2)
    date = models.DateField("发放日期")
    method = models.CharField("方式", max_length=20, default="银行代发")
    status = models.CharField("状态", max_length=10, choices=STATES, default=PAID)
    reverses = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="reversed_by", verbose_name="冲正的记录")
    reason = models.CharField("冲正原因", max_length=200, blank=True)
    spending = models.OneToOneField("evaluation.SpendingRecord", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["date", "id"]
        constraints = [models.UniqueConstraint(fields=["entry"], condition=models.Q(reverses__isnull=True),
                                               name="relief_one_payment_per_round_and_person")]


class Survey(models.Model):
    """A survey of a project, or of one of its rounds, conducted on `date` (调查日期). The
    services always set the date; it is nullable only for rows written around them."""

    project = models.ForeignKey("goals.Project", on_delete=models.CASCADE, related_name="surveys")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.SET_NULL, related_name="surveys")
    name = models.CharField("名称", max_length=100)
    questions = models.JSONField("问题", default=list)
    date = models.DateField("调查日期", null=True)

    def __str__(self) -> str:  # how the history names it
        return self.name


class SurveyResponse(models.Model):
    """One respondent's answers, given on `date` (回答日期: the survey's date unless the answers
    file said otherwise). Monitoring at a date counts only the responses given by then; a
    response without a date counts as given on its survey's date."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    answers = models.JSONField("回答（1-5分）", default=list)
    date = models.DateField("回答日期", null=True)


class MetricBinding(models.Model):
    """The metric that computes an indicator's actual from the records."""

    indicator = models.OneToOneField("goals.Indicator", on_delete=models.CASCADE, related_name="binding")
    metric = models.CharField("指标口径", max_length=40)
    params = models.JSONField("参数", default=dict, blank=True)
