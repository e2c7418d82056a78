"""The programmes' forms: the fields the pages post, typed and checked here, so that views
only translate. A form that does not validate is a ReliefError with the form's one Chinese
message (as the pages have always said it) and each field's own error in `fields`.

The rules about the values themselves (a phone number, a 致困原因, a round's dates within
its year) are the services' and the core's: they hold for the API too."""

from __future__ import annotations

from datetime import date

from django import forms

from ...formats import limits
from ...formats.records_csv import parse_date
from ...relief.checks import CHECK_STATES, DONE
from ...relief.register import CAUSES, DEGREES, EDITABLE
from ..evaluation.forms import YuanField
from ..form_errors import Form, label_of, named
from . import errors as e
from .errors import ReliefError


class DateText(forms.CharField):
    """A date as people write it: 2021-05-01, 2021/5/1, 2021年5月1日, 20210501."""

    def to_python(self, value) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_date(text)
        except ValueError:
            raise forms.ValidationError(f"“{text}”不是日期") from None


class ReliefForm(Form):
    """`about`: the code and message the page says when that field is wrong (the first such
    field, in this order); any other field's error is named by its label."""

    about: dict[str, tuple[str, str]] = {}

    def values(self) -> dict:
        """The cleaned values, or the ReliefError that names what is wrong."""
        if self.is_valid():
            return self.cleaned_data
        fields = {name: str(errors[0]) for name, errors in self.errors.items()}
        for name, (code, message) in self.about.items():
            if name in fields:  # the page's message, then the field's own (naming it and what was typed)
                raise ReliefError(code, f"{message}：{named(label_of(self, name), fields[name])}", fields=fields)
        message = "；".join(named(label_of(self, f), m) if f in self.fields else m for f, m in fields.items())
        raise ReliefError("form", message, fields=fields)


class PersonEditForm(ReliefForm):
    about = {"version": (e.VERSION, e.VERSION_MESSAGE)}
    version = forms.IntegerField(min_value=0, max_value=2**62)
    name = forms.CharField(label="姓名", required=False, max_length=50)
    id_number = forms.CharField(label="身份证号", required=False, max_length=30)
    household_size = forms.CharField(label="家庭人口", required=False, max_length=10)
    household_income = forms.CharField(label="家庭年收入", required=False, max_length=30)
    phone = forms.CharField(label="电话", required=False, max_length=20)
    employer = forms.CharField(label="工作单位", required=False, max_length=200)
    # Chosen from a select on the page; the register's rules check the value (for the API too).
    cause = forms.CharField(label="致困原因", required=False, max_length=20)
    degree = forms.CharField(label="困难程度", required=False, max_length=20)
    bank_account = forms.CharField(label="银行账号", required=False, max_length=40)
    bank = forms.CharField(label="开户银行", required=False, max_length=100)

    def fields_to_edit(self) -> dict[str, str]:
        """The fields posted (a page without the bank's or the person's own fields leaves them as they are)."""
        values = self.values()
        optional = ("bank_account", "bank", "name", "id_number", "household_size", "household_income")
        return {k: values[k] for k in EDITABLE if k in self.data or k not in optional}


class PersonCreateForm(ReliefForm):
    """One person added to a unit's register by hand; the values are checked by the register's
    rules in the service (as an imported row is)."""

    about = {"unit": (e.UNIT, e.UNIT_MESSAGE)}
    unit: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None)  # type: ignore[arg-type]
    name = forms.CharField(label="姓名", required=False, max_length=50)
    id_number = forms.CharField(label="身份证号", required=False, max_length=30)
    phone = forms.CharField(label="电话", required=False, max_length=20)
    employer = forms.CharField(label="工作单位", required=False, max_length=200)
    household_size = forms.CharField(label="家庭人口", required=False, max_length=5)
    household_income = forms.CharField(label="家庭年收入", required=False, max_length=20)
    cause = forms.CharField(label="致困原因", required=False, max_length=20)  # a select on the page
    degree = forms.CharField(label="困难程度", required=False, max_length=20)

    def __init__(self, data, *, units):
        super().__init__(data)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]

    def person_fields(self) -> dict[str, str]:
        values = self.values()
        return {k: values[k] for k in ("name", "id_number", "phone", "employer", "household_size",
                                       "household_income", "cause", "degree")}


class MoveForm(ReliefForm):
    about = {"date": (e.MOVE_DATE, e.MOVE_DATE_MESSAGE)}
    status = forms.CharField(label="状态", required=False, max_length=10)
    date = DateText()
    version = forms.IntegerField(required=False, min_value=0, max_value=2**31)  # the person as the page showed it


class ImportForm(ReliefForm):
    """A register or list to import into one of the user's units (`units`)."""

    about = {"unit": (e.UNIT, e.UNIT_MESSAGE)}
    unit: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None)  # type: ignore[arg-type]
    file = forms.FileField(label="文件", required=False)

    def __init__(self, data, files, *, units, what: str):
        super().__init__(data, files)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.what = what

    def values(self) -> dict:
        values = super().values()
        if values["file"] is None:
            raise ReliefError(e.FILE, e.FILE_MESSAGE.format(what=self.what))
        limits.check_upload(values["file"].name, values["file"].size, table=True)  # before it is read
        return values


class UploadForm(ReliefForm):
    file = forms.FileField(label="文件", required=False)

    def upload(self, what: str):
        upload = self.values()["file"]
        if upload is None:
            raise ReliefError(e.FILE, e.FILE_MESSAGE.format(what=what))
        limits.check_upload(upload.name, upload.size, table=True)  # before it is read
        return upload


class RoundForm(ReliefForm):
    about = {"start": (e.ROUND_DATES, e.ROUND_DATES_MESSAGE), "end": (e.ROUND_DATES, e.ROUND_DATES_MESSAGE)}
    project = forms.IntegerField(label="项目", required=False, min_value=0, max_value=2**62)
    name = forms.CharField(label="名称", required=False, max_length=100)
    kind = forms.CharField(label="救助类别", required=False, max_length=20)
    start = DateText()
    end = DateText()
    degrees = forms.MultipleChoiceField(label="困难程度", required=False, choices=[(d, d) for d in DEGREES])

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"].strip() or "救助"


class StandardForm(ReliefForm):
    about = {"year": (e.STANDARD, e.STANDARD_NUMBERS_MESSAGE), "amount": (e.STANDARD, e.STANDARD_NUMBERS_MESSAGE),
             "unit": (e.UNIT, e.UNIT_MESSAGE)}
    unit: forms.ModelChoiceField = forms.ModelChoiceField(queryset=None)  # type: ignore[arg-type]
    year = forms.IntegerField(min_value=1900, max_value=2200)
    kind = forms.CharField(label="救助类别", required=False, max_length=20)
    degree = forms.ChoiceField(label="困难程度", required=False, choices=[("", "")] + [(d, d) for d in DEGREES])
    cause = forms.ChoiceField(label="致困原因", required=False, choices=[("", "")] + [(c, c) for c in CAUSES])
    amount = YuanField(label="标准金额", max_digits=12, decimal_places=2)
    seen = forms.CharField(required=False, max_length=64)  # the standard as the page showed it (standard_seen)

    def __init__(self, data, *, units):
        super().__init__(data)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class CheckForm(ReliefForm):
    about = {f: (e.CHECK_VALUES, e.CHECK_VALUES_MESSAGE) for f in ("year", "date", "cost")}
    year = forms.IntegerField(min_value=1900, max_value=2200)
    state = forms.ChoiceField(label="状态", required=False, choices=[(s, s) for s in CHECK_STATES])
    date = DateText(required=False)
    institution = forms.CharField(label="体检机构", required=False, max_length=100)
    cost = YuanField(label="体检费用", required=False, min_value=0, max_digits=10, decimal_places=2)
    reason = forms.CharField(label="原因", required=False, max_length=200)
    project = forms.IntegerField(label="项目", required=False, min_value=0, max_value=2**62)
    seen = forms.CharField(required=False, max_length=64)  # the worker's checks as the page listed them (checks_seen)

    def clean_state(self) -> str:
        return self.cleaned_data["state"] or DONE

    def clean_cost(self):
        return self.cleaned_data["cost"] or 0


class BindForm(ReliefForm):
    about = {"deadline": (e.DEADLINE, e.DEADLINE_MESSAGE)}
    metric = forms.CharField(label="取数口径", required=False, max_length=40)
    deadline = forms.CharField(required=False, max_length=20)
    round = forms.CharField(label="发放轮次", required=False, max_length=100)
    seen = forms.CharField(required=False, max_length=64)  # the binding as the page showed it (binding_seen)

    def clean_deadline(self) -> str:
        text = self.cleaned_data["deadline"]
        try:
            return date.fromisoformat(text).isoformat() if text else ""
        except ValueError:
            raise forms.ValidationError(f"“{text}”不是日期") from None

    def params(self) -> dict[str, str]:
        """The metric's parameters: a deadline and a round's name, when given."""
        values = self.values()
        params = {"deadline": values["deadline"]} if values["deadline"] else {}
        if values["round"]:
            params["round"] = values["round"]
        return params


class ReverseForm(ReliefForm):
    """冲正: what really happened to a payment, and why; amount and date default to the payment's."""

    about = {"amount": (e.REVERSE_VALUES, e.REVERSE_VALUES_MESSAGE), "date": (e.REVERSE_VALUES, e.REVERSE_VALUES_MESSAGE)}
    status = forms.CharField(label="冲正后状态", required=False, max_length=10)
    amount = forms.DecimalField(label="金额", required=False, min_value=0, max_digits=12, decimal_places=2)
    date = DateText(label="发放日期", required=False)
    reason = forms.CharField(label="冲正原因", required=False, max_length=200)


class SurveyForm(ReliefForm):
    about = {"date": (e.SURVEY_DATE, e.SURVEY_DATE_MISSING_MESSAGE)}
    project = forms.IntegerField(label="项目", required=False, min_value=0, max_value=2**62)
    date = DateText(label="调查日期")  # required: monitoring counts answers by their date
    name = forms.CharField(label="问卷名称", required=False, max_length=100)
    questions = forms.CharField(label="问题", required=False, max_length=10000)
    round = forms.IntegerField(label="发放轮次", required=False, min_value=0, max_value=2**62)

    def clean_questions(self) -> list[str]:
        return self.cleaned_data["questions"].splitlines()
