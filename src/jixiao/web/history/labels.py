"""How a history entry reads: each changed field under the label the user edits it by,
each value in the unit and words the form shows (万元 where the form takes 万元, a state
by its Chinese name, 是/否, （空）).

Entries store `{field: [before, after]}` with model field names and raw values (money in
元). They are turned into words when shown, so entries written before a label changed
read the same way as new ones. Per object type (the `object_type` of an entry, a model
name), a label comes from, in order: the type's own `extra` names, the edit forms, the
models' verbose_name, the names shared by all types (`COMMON`), and last the raw name.
A type not listed here (say a new `user` or `membership` entry) is looked up among the
installed models by its name, so it reads by its fields' verbose_name as it is.
"""

from __future__ import annotations

import ast
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import import_module
from typing import Callable

from django import forms
from django.apps import apps
from django.db import models

from ...core.money import format_wan

EMPTY = "（空）"
YES, NO = "是", "否"

# Keys that name no model field, whichever object they are written on.
COMMON = {
    "rows": "导入行数", "position": "排序位置", "target": "指标值", "metric": "取数口径", "standard": "救助标准",
    "entries": "名单人数", "questions": "问题数", "responses": "回答份数", "model_workers": "导入劳模人数",
    "evidence": "佐证材料", "note": "说明", "unit": "单位", "user": "用户", "role": "角色", "year": "年度",
}


@dataclass(frozen=True)
class TypeSpec:
    """Where the labels of one object type come from: dotted paths, imported when first used."""

    forms: tuple[str, ...] = ()
    models: tuple[str, ...] = ()  # app_label.ModelName
    extra: tuple[tuple[str, str], ...] = ()


TYPES = {
    "plan": TypeSpec(forms=("jixiao.web.goals.forms.GradeForm",), models=("goals.Plan",),
                     extra=(("skipped", "未导入的有误行数"), ("self_evaluation", "自评结果"), ("as_of", "监控日期"),
                            ("unit_indicator", "部门整体绩效指标"), ("projects", "分项目标覆盖的项目"),
                            ("department_evaluation", "部门整体自评"), ("published_goals", "公开的绩效目标"))),
    "project": TypeSpec(forms=("jixiao.web.goals.forms.ProjectForm",),
                        models=("goals.Project", "evaluation.SpendingRecord", "evaluation.ProjectRemark"),
                        extra=(("date", "支出日期"), ("goals", "绩效目标"), ("indicator", "绩效指标"),
                               ("round", "发放轮次"))),
    "indicator": TypeSpec(forms=("jixiao.web.goals.forms.IndicatorForm",),
                          models=("goals.Indicator", "evaluation.IndicatorValue"),
                          extra=(("params", "取数条件"),)),
    "unitindicator": TypeSpec(forms=("jixiao.web.goals.forms.IndicatorForm",), models=("department.UnitIndicator",),
                              extra=(("proposed", "确认状态"),)),
    "beneficiary": TypeSpec(models=("relief.Beneficiary",)),
    "modelworker": TypeSpec(models=("relief.ModelWorker", "relief.HealthCheck")),
    "round": TypeSpec(models=("relief.Round", "relief.Payment"), extra=(("total", "发放总额（元）"),
                                                                        ("payments", "新登记笔数"))),
    "survey": TypeSpec(models=("relief.Survey",)),
    # a unit's entries: its own changes, and the 部门整体 records deleted (staffing.deleted: what they were)
    "unit": TypeSpec(models=("goals.Unit", "department.Staffing", "department.BasicSpending")),
    "user": TypeSpec(models=("auth.User",), extra=(
        ("username", "登录名"), ("first_name", "姓名"), ("is_active", "启用"), ("password", "密码"))),
}


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


Format = Callable[[object], str]
FORMATS: dict[str, Format] = {}  # a key's own formatter, over what its sources give (filled below)


def describe(entry) -> list[Change]:
    """The changes of a history entry as the user reads them."""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    fields = _fields(entry.object_type)
    out = []
    for key, pair in changes.items():
        before, after = pair if isinstance(pair, (list, tuple)) and len(pair) == 2 else ("", pair)
        label, show = fields.get(key) or (_common(key), _plain)
        out.append(Change(label, show(before), show(after)))
    return out


def note_of(entry) -> str:
    """The entry's note, unless a change already says it (a grade's comment is both)."""
    note = entry.note or ""
    changes = entry.changes if isinstance(entry.changes, dict) else {}
    said = {str(pair[-1]) for pair in changes.values() if isinstance(pair, (list, tuple)) and pair}
    return "" if note in said else note


def _common(key: str) -> str:
    return COMMON.get(key, key)


@cache
def _fields(object_type: str) -> dict[str, tuple[str, Format]]:
    """{key: (label, formatter)} of one object type; lower sources first, so higher ones win."""
    spec = TYPES.get(object_type) or TypeSpec(models=tuple(_models_named(object_type)))
    found: dict[str, tuple[str, Format]] = {}
    for name in reversed(spec.models):
        found.update(_model_fields(apps.get_model(name)))
    for path in reversed(spec.forms):
        found.update(_form_fields(_import(path)))
    for key, label in spec.extra:
        found[key] = (label, FORMATS.get(key) or found.get(key, (label, _plain))[1])
    return found


def _models_named(object_type: str) -> list[str]:
    return [m._meta.label for m in apps.get_models() if m._meta.model_name == object_type]


def _import(path: str):
    module, _, name = path.rpartition(".")
    return getattr(import_module(module), name)


def _model_fields(model) -> dict[str, tuple[str, Format]]:
    out = {}
    for field in model._meta.get_fields():
        if not getattr(field, "concrete", False) or field.auto_created:
            continue
        label = str(field.verbose_name)
        if label == field.name.replace("_", " "):  # no verbose_name given: not a label a user has seen
            label = _common(field.name)
        out[field.name] = (label, _model_format(field))
    return out


def _model_format(field) -> Format:
    if isinstance(field, models.FileField):
        return _file_name
    if isinstance(field, models.BooleanField):
        return _boolean
    if field.choices:
        return _choices(field.choices)
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return _date
    return _plain


def _form_fields(form_class) -> dict[str, tuple[str, Format]]:
    out = {}
    for name, field in form_class.base_fields.items():
        if field.label is None or isinstance(field.widget, forms.HiddenInput):
            continue
        out[name] = (str(field.label), _form_format(field))
    return out


def _form_format(field) -> Format:
    if "万元" in str(field.label):
        return _wan
    if isinstance(field, forms.BooleanField):
        return _boolean
    if isinstance(field, forms.ChoiceField) and field.choices:
        return _choices(field.choices)
    if isinstance(field, forms.DateField):
        return _date
    return _plain


# ---------------------------------------------------------------- values

def _plain(value) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, (list, tuple)):
        return "；".join(_plain(v) for v in value) or EMPTY
    text = str(value)
    if text in ("True", "False"):  # a boolean stored by str()
        return YES if text == "True" else NO
    if text.startswith("[") and text.endswith("]"):  # a list stored by str(): ['目标一', '目标二']
        try:
            items = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return text
        if isinstance(items, list):
            return _plain(items)
    return text


# A metric's parameters, stored as "deadline=2021-11-30，round=春节送温暖", by the names the binding form gives them.
PARAM_NAMES = {"deadline": "截止日期", "round": "发放轮次", "levels": "劳模级别"}


def _params(value) -> str:
    def one(pair: str) -> str:
        key, sep, rest = pair.partition("=")
        if not sep:
            return pair
        return f"{PARAM_NAMES.get(key.strip(), key)}：{_date(rest) if key.strip() == 'deadline' else rest}"

    return "，".join(one(p) for p in str(value).split("，")) if value else EMPTY


def _file_name(value) -> str:
    """An uploaded file by its name, not the folders it is stored in."""
    return _plain(str(value).rsplit("/", 1)[-1] if value else value)


def _wan(value) -> str:
    """元 stored, 万元 shown, as the form takes it."""
    if value is None or value == "":
        return EMPTY
    try:
        return format_wan(Decimal(str(value)))
    except InvalidOperation:
        return _plain(value)


def _boolean(value) -> str:
    if value is None or value == "":
        return EMPTY
    text = str(value).strip().lower()
    if text in ("true", "1", "yes", "是"):
        return YES
    if text in ("false", "0", "no", "否"):
        return NO
    return _plain(value)


def _date(value) -> str:
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    try:
        return _date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return _plain(value)


def _choices(choices) -> Format:
    names = {str(k): str(v) for k, v in _flat(choices)}

    def show(value) -> str:
        return names.get(str(value), _plain(value)) if value not in (None, "") else EMPTY

    return show


def _flat(choices):
    for key, value in choices:
        if isinstance(value, (list, tuple)):  # a named group of choices
            yield from value
        else:
            yield key, value


FORMATS["params"] = _params
FORMATS["as_of"] = _date
