"""The 部门整体 page's forms: text as typed (the domain checks it and names the field), each edit
carrying its record's version."""

from __future__ import annotations

from django import forms

from ...evaluation import department as rules
from ..form_errors import Form
from ..goals.forms import errors_text

__all__ = ["BudgetForm", "DeleteForm", "SpendingForm", "StaffingForm", "errors_text"]



def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31)


class StaffingForm(Form):
    unit_name = forms.CharField(label="单位", max_length=rules.NAME_LENGTH)
    posts = forms.CharField(label="编制数", max_length=20)
    in_post = forms.CharField(label="在职人数", max_length=20)
    retired = forms.CharField(label="退休人数", max_length=20)
    version = version_field()


class SpendingForm(Form):
    date = forms.CharField(label="日期", max_length=20, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    kind = forms.ChoiceField(label="类别", choices=[(k, k) for k in rules.KINDS])
    amount = forms.CharField(label="金额（元）", max_length=40)
    note = forms.CharField(label="摘要", max_length=rules.NOTE_LENGTH, required=False)
    version = version_field()


class DeleteForm(Form):
    """A delete: the version the record was shown at."""

    version = version_field()


class BudgetForm(Form):
    amount = forms.CharField(label="基本支出预算数（元）", max_length=40)
    version = version_field()


class UnitMetricForm(Form):
    """A unit-wide indicator's metric (a code of evaluation.unit_metrics.CATALOGUE, empty: none, no actual) and the
    indicator's version the page showed."""

    metric = forms.CharField(label="取数口径", max_length=40, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)
