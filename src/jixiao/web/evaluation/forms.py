"""The forms of the monitoring and self-evaluation pages: what a person types, checked once."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from ...evaluation import errors as e


class SpendingForm(forms.Form):
    project = forms.IntegerField(widget=forms.HiddenInput)
    date = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(label="金额（元）", max_digits=16, decimal_places=2, min_value=Decimal("0.01"))
    note = forms.CharField(label="摘要", required=False, max_length=200)


class ValueForm(forms.Form):
    """An indicator's 完成值 as typed; the value itself is parsed by the service, once."""

    actual = forms.CharField(label="完成值", required=False, strip=True)
    share = forms.CharField(label="得分比例", required=False, strip=True)
    reason = forms.CharField(label="偏差原因", required=False, strip=True)
    measure = forms.CharField(label="纠偏措施", required=False, strip=True)
    evidence = forms.FileField(label="佐证材料", required=False)

    def clean_share(self) -> Decimal | None:
        share = self.cleaned_data["share"]
        try:
            return Decimal(share) if share else None
        except InvalidOperation:
            raise forms.ValidationError(e.SHARE_NOT_NUMBER.format(share=share)) from None

    def fields_to_save(self) -> dict:
        data = {k: self.cleaned_data[k] for k in ("actual", "share", "reason", "measure")}
        return data | ({"evidence": self.cleaned_data["evidence"]} if self.cleaned_data["evidence"] else {})
