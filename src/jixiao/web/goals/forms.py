"""Forms: money entered in 万元 as documents state it, checked field by field in Chinese."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import PurePath
from typing import TypeVar

from django import forms

from ...core import project_code
from ...core.checks import money_problems
from ...core.document import FORM_FIELDS, Budget
from ...core.frameworks import FRAMEWORKS
from ...core.money import to_yuan
from ...core.spending_plan import SpendingPlan
from ...formats import limits
from ..form_errors import Form, label_of, named
from ..public.errors import GOALS_REASON_MESSAGE
from .convert import PLAN_FIELDS

F = TypeVar("F", bound=forms.Form)


def errors_text(form: forms.Form) -> str:
    """A form's errors in one line, each named by its field's label."""
    return "；".join(named(label_of(form, f), str(e[0])) if f in form.fields else str(e[0])
                    for f, e in form.errors.items())


def checked(form: F, error: Callable[[str, str], Exception], code: str) -> F:
    """The form when valid; else `error(code, …)` naming each wrong field by its label (nothing is saved)."""
    if not form.is_valid():
        raise error(code, errors_text(form))
    return form


def _wan(value: Decimal | None) -> str:
    return "" if value is None else format((value / 10000).normalize(), "f")


class MoneyField(forms.CharField):
    """An amount in 万元, stored in 元."""

    def to_python(self, value):
        text = super().to_python(value).replace(",", "").strip()
        if not text:
            raise forms.ValidationError("请填写金额（万元）")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            amount = Decimal("NaN")
        if not amount.is_finite():
            raise forms.ValidationError(f"“{text}”不是数字，请按万元填写，如20.00")
        if amount < 0:
            raise forms.ValidationError("金额不能为负数")
        if amount >= 10**8:
            raise forms.ValidationError("金额过大：应小于1万亿元（100000000万元），请按万元填写")
        return to_yuan(amount, "万元")


class PercentField(forms.CharField):
    def to_python(self, value):
        text = super().to_python(value).replace("%", "").strip()
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise forms.ValidationError(f"“{text}”不是百分数")
        if not 0 <= number <= 100:
            raise forms.ValidationError("应在0～100之间")
        return number


class ProjectForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    code = forms.CharField(label="项目编码", max_length=40)
    name = forms.CharField(label="项目名称", max_length=200)
    total = MoneyField(label="预算数（万元）")
    fiscal = MoneyField(label="其中：财政资金（万元）")
    other = MoneyField(label="其他资金（万元）")
    purpose = forms.CharField(label="资金用途", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    plan_3 = PercentField(label="3月底支出计划（%）", required=False)
    plan_6 = PercentField(label="6月底支出计划（%）", required=False)
    plan_10 = PercentField(label="10月底支出计划（%）", required=False)
    plan_12 = PercentField(label="12月底支出计划（%）", required=False)
    goals = forms.CharField(label="绩效目标（每行一条）", required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, form: frozenset[str] = FORM_FIELDS, **kwargs):
        """`form`: the fields of the plan's form (convert.plan_form): a form without 项目编码 lets it be
        left empty (未编码), and the 21-character shape is checked only where the form has it."""
        super().__init__(*args, **kwargs)
        self.form_fields = form
        self.fields["code"].required = "code" in form

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if code and "code21" in self.form_fields and not project_code.is_valid(code):
            raise forms.ValidationError(project_code.problem(code))
        return code

    def clean_goals(self):
        lines = [line.strip() for line in self.cleaned_data["goals"].splitlines()]
        return [line.lstrip("0123456789.、． ") for line in lines if line]

    def clean(self):
        """The money as a whole (core.checks.money_problems): 预算数 = 财政资金 + 其他资金, and a
        cumulative spending plan that never goes down; each error beside the field it concerns."""
        data = super().clean()
        if any(f in self.errors for f in ("total", "fiscal", "other", *PLAN_FIELDS.values())):
            return data
        budget = Budget(data["total"], data["fiscal"], data["other"])
        plan = SpendingPlan({m: data.get(f) for m, f in PLAN_FIELDS.items()})
        for what, message in money_problems(budget, plan):
            self.add_error("total" if what == "budget" else PLAN_FIELDS[int(what)], message)
        return data

    @classmethod
    def initial_for(cls, project) -> dict:
        data = {f: getattr(project, f) for f in ("version", "code", "name", "purpose")}
        data.update({f: _wan(getattr(project, f)) for f in ("total", "fiscal", "other")})
        data.update({f: "" if getattr(project, f) is None else format(getattr(project, f), "f")
                     for f in PLAN_FIELDS.values()})
        data["goals"] = "\n".join(project.goals)
        return data

    def fields_to_save(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


def level_choices(framework: str):
    tree = FRAMEWORKS[framework].levels
    return [(l1, l1) for l1 in tree], [(l2, l2) for l2s in tree.values() for l2 in l2s]


class IndicatorForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    level1 = forms.ChoiceField(label="一级指标")
    level2 = forms.ChoiceField(label="二级指标")
    name = forms.CharField(label="三级指标", max_length=200)
    description = forms.CharField(label="绩效指标描述", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    target_raw = forms.CharField(label="指标值", max_length=200)
    basis = forms.CharField(label="指标值确定依据", max_length=300, required=False)

    def __init__(self, *args, framework: str = "A", **kwargs):
        super().__init__(*args, **kwargs)
        assert isinstance(self.fields["level1"], forms.ChoiceField) and isinstance(self.fields["level2"], forms.ChoiceField)
        self.fields["level1"].choices, self.fields["level2"].choices = level_choices(framework)
        self.framework = framework

    def clean(self):
        data = super().clean()
        l1, l2 = data.get("level1"), data.get("level2")
        if l1 and l2 and not FRAMEWORKS[self.framework].allows(l1, l2):
            self.add_error("level2", f"“{l2}”不属于一级指标“{l1}”")
        return data

    def fields_to_save(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


class UploadForm(Form):
    file = forms.FileField(label="绩效目标文件", help_text="支持 .docx .xlsx .pdf .txt .html .htm .mhtml .json，以及旧版 .doc .xls .wps .et")

    def clean_file(self):
        """Refused by its size before anything reads it (formats/limits.py)."""
        upload = self.cleaned_data["file"]
        if error := limits.size_error(PurePath(upload.name).name, upload.size):
            raise forms.ValidationError(str(error))
        return upload


class GradeForm(Form):
    grade = forms.ChoiceField(label="审核等级", choices=[("优", "优"), ("良", "良"), ("中", "中"), ("差", "差")])
    comment = forms.CharField(label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PlanGradeForm(GradeForm):
    """The whole plan's grade, with the projects the page showed as 待审核 (services.pending_shown)."""

    pending = forms.CharField(required=False, max_length=10000, widget=forms.HiddenInput)


class ProjectGradeForm(GradeForm):
    """财政审核 of one project: its grade and comment, and the project's version as the page showed it."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**62)


class RulesetForm(Form):
    """The rule set a plan is judged by, changed before approval: which one, why, and the plan's version as the
    page showed it (a stale page is refused)."""

    ruleset = forms.ChoiceField(label="规则集", error_messages={"required": "请选择规则集",
                                                              "invalid_choice": "没有规则集“%(value)s”，请从列表中选择"})
    reason = forms.CharField(label="更换理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写更换理由", "max_length": "更换理由最长500个字"})
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**62)

    def __init__(self, *args, rulesets: list, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["ruleset"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(r.code, f"{r.code}（{r.title}）") for r in rulesets]


class AdjustmentForm(Form):
    revised = forms.CharField(label="调整后指标值", max_length=200)
    reason = forms.CharField(label="调整理由", widget=forms.Textarea(attrs={"rows": 2}))


class GoalsCorrectionForm(Form):
    """更正 of the published goals: why (the public page shows it), and what the page showed (its
    fingerprint, public.selectors.goals_seen): a stale page or a second click is refused (409)."""

    reason = forms.CharField(label="更正原因", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": GOALS_REASON_MESSAGE})
    seen = forms.CharField(max_length=64, widget=forms.HiddenInput)
