"""Every web form's field errors in Chinese, each naming its field and echoing what was typed.

Django's own messages (zh-hans) read "确保该变量包含不超过 50 字符", "确认小数不超过 2 位." or
"选择一个有效的选项。 很困难 不在可用的选项中。": they do not name the field, some end in an ASCII
full stop, and "输入一个数字。" does not say what was typed. `Form` (the base of every form of the web
application) replaces each error of Django's own, by its code, with one of MESSAGES below; an error a
form or a field raises itself (no Django code, or a field's own `error_messages`) is kept as written.
`named` puts the field's label before a message that does not name it yet."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

ECHO = 30  # characters of what was typed that a message repeats

# A field without a label of its own is named by these (Django would say "Year").
LABELS = {"year": "年度", "date": "日期", "amount": "金额", "cost": "费用", "project": "项目", "unit": "单位",
          "version": "版本号", "seen": "页面内容标识", "file": "文件", "content": "文件内容", "file_name": "文件名",
          "only_good": "只导入合格的行", "deadline": "截止日期", "start": "开始日期", "end": "截止日期"}

MESSAGES = {
    "required": "请填写{label}",
    "max_length": "{label}最多{limit}个字符，填了{length}个（“{value}”）",
    "min_length": "{label}至少{limit}个字符，填了{length}个（“{value}”）",
    "max_value": "{label}不能大于{limit}，填的是“{value}”",
    "min_value": "{label}不能小于{limit}，填的是“{value}”",
    "step_size": "{label}应为{limit}的整数倍，填的是“{value}”",
    "max_digits": "{label}最多{limit}位数字，填的是“{value}”",
    "max_decimal_places": "{label}最多{limit}位小数，填的是“{value}”",
    "max_whole_digits": "{label}的整数部分最多{limit}位，填的是“{value}”",
    "invalid_choice": "{label}“{value}”不是可选的值{choices}",
    "invalid_list": "{label}应为一组可选的值，填的是“{value}”",
    "invalid_pk_value": "{label}“{value}”不是可选的值",
    "null_characters_not_allowed": "{label}不能包含空字符（\\x00），填的是“{value}”",
    "missing": "请选择{label}",
    "empty": "{label}是空文件（“{value}”）",
    "contradiction": "{label}：请选择文件或勾选清除，不能同时",
}
# "invalid" says what the field expects, by the field's kind (the first that matches).
INVALID = (  # DecimalField and FloatField are IntegerFields too: they come first
    (forms.DecimalField, "{label}“{value}”不是数字"),
    (forms.FloatField, "{label}“{value}”不是数字"),
    (forms.IntegerField, "{label}“{value}”不是整数"),
    (forms.DateTimeField, "{label}“{value}”无法识别，应为日期和时间，如2021-05-01 09:30"),
    (forms.DateField, "{label}“{value}”无法识别，应为日期，如2021-05-01"),
    (forms.TimeField, "{label}“{value}”无法识别，应为时间，如09:30"),
    (forms.FileField, "{label}不是文件，请重新选择"),
    (forms.Field, "{label}“{value}”无法识别"),
)
LIMITS = {"max_length": "limit_value", "min_length": "limit_value", "max_value": "limit_value",
          "min_value": "limit_value", "step_size": "limit_value", "max_digits": "max",
          "max_decimal_places": "max", "max_whole_digits": "max"}


def label_of(form: forms.BaseForm, name: str) -> str:
    field = form.fields.get(name)
    if field is not None and field.label:
        return str(field.label)
    return LABELS.get(name) or ("页面内容标识" if name.startswith("seen") else name)


def named(label: str, message: str) -> str:
    """The message, after "label：" unless it names the field already."""
    return message if not label or message.startswith(label) or message.startswith(f"请填写{label}") \
        or message.startswith(f"请选择{label}") else f"{label}：{message}"


def _echo(value) -> str:
    if isinstance(value, list | tuple):
        value = "、".join(str(v) for v in value)
    text = "" if value is None else str(getattr(value, "name", value))
    return text if len(text) <= ECHO else text[:ECHO] + "…"


def _stock(field: forms.Field, code: str) -> bool:
    """Whether an error of `code` on `field` is Django's own message, not one the form wrote."""
    if code not in MESSAGES and code != "invalid":
        return False
    own = field.error_messages.get(code)
    if own is None:
        return True  # a validator's (max_length, max_digits …): Django's
    for klass in type(field).__mro__:
        default = getattr(klass, "default_error_messages", {}).get(code)
        if default is not None:
            return str(own) == str(default)
    return False


def _choices(field: forms.Field) -> str:
    shown = [str(label) for value, label in getattr(field, "choices", []) if value not in ("", None)][:8]
    return f"，应为：{'、'.join(shown)}" if shown else ""


def chinese(form: forms.BaseForm, name: str, field: forms.Field, error: ValidationError) -> str:
    """The message of one stock error of `field`, in Chinese, naming it and what was typed."""
    code = error.code or ""
    params = error.params or {}
    typed = form[name].data
    value = params.get("value", typed) if code in ("invalid_choice", "invalid_pk_value") else typed
    text = _echo(value)
    if code == "invalid":
        template = next(t for kind, t in INVALID if isinstance(field, kind))
    else:
        template = MESSAGES[code]
    limit = params.get(LIMITS.get(code, ""), "")
    return template.format(label=label_of(form, name), value=text, limit=limit, choices=_choices(field),
                           length=len(str(typed or "")))


class Form(forms.Form):
    """The base of the web application's forms: Django's own field errors become Chinese ones."""

    def full_clean(self) -> None:
        super().full_clean()
        if not self.is_bound:
            return
        found = self.errors  # set by full_clean: reading it does not clean again
        for name in list(found):
            field = self.fields.get(name)
            if field is None:
                continue
            rewritten = [ValidationError(chinese(self, name, field, error), code=error.code)
                         if error.code and _stock(field, error.code) else error for error in found[name].as_data()]
            found[name] = self.error_class(rewritten, renderer=self.renderer)
