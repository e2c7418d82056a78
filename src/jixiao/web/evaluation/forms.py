"""The forms of the monitoring and self-evaluation pages: what a person types, checked once."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from ...core.bounds import number_problem
from ...core.money import parse_amount
from ...core.numerals import half_width
from ...evaluation import errors as e
from ..form_errors import Form
from ..rectification.forms import DateField  # full-width digits too
from ..uploads import CarriedFileForm


class YuanField(forms.DecimalField):
    """An amount in 元 as people type it: 1,000,000.00, full-width digits, a trailing 元 are accepted."""

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            try:
                value = str(parse_amount(value))
            except ValueError:
                pass  # the DecimalField's own message names what is wrong
        return super().to_python(value)


class RateField(forms.DecimalField):
    """A rate in % as people type it: 85, 85%, ８５％ (full-width digits and sign)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = half_width(value).strip().removesuffix("%").strip()
        return super().to_python(value)


def _amount_field() -> YuanField:
    return YuanField(label="金额（元）", max_digits=16, decimal_places=2, min_value=Decimal("0.01"),
                     widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "如1,000.00"}))


class SpendingForm(Form):
    project = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    amount = _amount_field()
    note = forms.CharField(label="摘要", required=False, max_length=200)
    confirm_over_budget = forms.BooleanField(label="确认超出预算", required=False)
    reason = forms.CharField(label="超出预算的原因", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class SpendingCorrectForm(Form):
    """A correction of a spending record: its new values and why."""

    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    amount = _amount_field()
    note = forms.CharField(label="摘要", required=False, max_length=200)
    reason = forms.CharField(label="更正原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": e.CORRECTION_REASON})
    confirm_over_budget = forms.BooleanField(label="确认超出预算", required=False)
    version = forms.IntegerField(label="版本", min_value=0, max_value=2**62, widget=forms.HiddenInput,
                                 error_messages={"required": e.NO_VERSION, "invalid": e.NO_VERSION})


class SpendingDeleteForm(Form):
    reason = forms.CharField(label="删除原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": e.DELETION_REASON})
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31)  # the record as the page showed it


class ImportConfirmForm(CarriedFileForm):
    """The second step of an import with bad rows or above a budget: the file checked, carried back."""

    confirm_over_budget = forms.BooleanField(label="确认超出预算", required=False)
    reason = forms.CharField(label="超出预算的原因", required=False, max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


SHARE_BOUNDS = {"max_digits": 5, "decimal_places": 2, "lo": 0, "hi": 100}  # IndicatorValue.share, in %


class ValueForm(Form):
    """An indicator's 完成值 as typed; the value itself is parsed by the service, once."""

    actual = forms.CharField(label="完成值", required=False, strip=True)
    share = forms.CharField(label="得分比例", required=False, strip=True)
    reason = forms.CharField(label="偏差原因", required=False, strip=True)
    measure = forms.CharField(label="纠偏措施", required=False, strip=True)
    evidence = forms.FileField(label="佐证材料", required=False)
    version = forms.IntegerField(label="版本", min_value=0, max_value=2**62, widget=forms.HiddenInput,
                                 error_messages={"required": e.NO_VERSION, "invalid": e.NO_VERSION})

    def clean_share(self) -> Decimal | None:
        share = self.cleaned_data["share"]
        try:
            number = Decimal(share) if share else None
        except InvalidOperation:
            raise forms.ValidationError(e.SHARE_NOT_NUMBER.format(share=share)) from None
        problem = number is not None and number_problem(number, "得分比例", **SHARE_BOUNDS)
        if problem:  # NaN, Infinity, 1e10: nothing the column cannot hold reaches the service
            raise forms.ValidationError(problem)
        return number

    def fields_to_save(self) -> dict:
        """The fields the form sent (a page's form without 纠偏措施 leaves it as it is); not the version."""
        data = {k: self.cleaned_data[k] for k in ("actual", "share", "reason", "measure") if k in self.data}
        return data | ({"evidence": self.cleaned_data["evidence"]} if self.cleaned_data["evidence"] else {})


class SecondMonitoringOpenForm(Form):
    """二次监控: finance opens a project's follow-up task at a month-end after the first round."""

    project = forms.IntegerField(label="项目", widget=forms.HiddenInput)
    as_of = DateField(label="二次监控日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))


class SecondMonitoringForm(Form):
    """二次监控: the unit's year-end forecast and the state of rectification; the figures are computed."""

    forecast_rate = RateField(label="全年预计执行率（%）", max_digits=5, decimal_places=2, min_value=0,
                                       max_value=Decimal("999.99"),
                                       error_messages={"required": e.SECOND_FORECAST_MISSING})
    forecast = forms.CharField(label="全年预计完成情况", required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    rectification_state = forms.CharField(label="整改情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                          error_messages={"required": e.SECOND_STATE_MISSING})
    version = forms.IntegerField(label="版本", min_value=0, max_value=2**62, widget=forms.HiddenInput,
                                 error_messages={"required": e.NO_VERSION, "invalid": e.NO_VERSION})


class ReasonForm(Form):
    """A row's 偏差原因 (with its kind) and 纠偏措施, for a project or any indicator."""

    KINDS = [("", "（选择原因类别）"), ("经费", "经费保障"), ("制度", "制度保障"), ("人员", "人员保障"), ("硬件", "硬件保障")]

    kind = forms.ChoiceField(label="原因类别", choices=KINDS, required=False)
    reason = forms.CharField(label="偏差原因", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}))
    measure = forms.CharField(label="纠偏措施", required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(label="版本", min_value=0, max_value=2**62, widget=forms.HiddenInput,
                                 error_messages={"required": e.NO_VERSION, "invalid": e.NO_VERSION})


class MonitoringReportForm(Form):
    as_of = forms.DateField(label="监控截止日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(label="说明", required=False, max_length=200)
