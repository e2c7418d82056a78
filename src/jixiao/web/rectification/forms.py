"""The ledger's forms: an item typed by hand, an item's edit (carrying its version), a move."""

from __future__ import annotations

from django import forms

from ...core.numerals import half_width
from ...evaluation import rectification as rules
from ..form_errors import Form
from ..goals.forms import checked

__all__ = ["ItemForm", "ManualForm", "MoveForm", "checked"]

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DateField(forms.DateField):
    """A date as typed, full-width digits too (２０２２－０３－３１)."""

    def to_python(self, value):
        return super().to_python(half_width(value) if isinstance(value, str) else value)


class ItemForm(Form):
    found_where = forms.CharField(label="发现环节", max_length=300, required=False)
    problem = forms.CharField(label="问题", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    responsible = forms.CharField(label="责任人", max_length=100, required=False)
    deadline = DateField(label="整改期限", required=False, widget=DATE,
                               error_messages={"invalid": "日期无法识别，应如2021-09-30"})
    measures = forms.CharField(label="整改措施", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0, max_value=2**31)


class ManualForm(ItemForm):
    source_kind = forms.ChoiceField(label="问题来源", choices=[(k, rules.sources()[k]) for k in rules.BY_HAND])
    field_order = ["source_kind", "found_where", "problem", "responsible", "deadline", "measures"]


class MoveForm(Form):
    status = forms.ChoiceField(label="改为", choices=list(rules.statuses().items()))
    measures = forms.CharField(label="整改措施", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label="无需整改理由", max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31)
