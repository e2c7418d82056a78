"""Numbers and dates the way official documents write them."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django import template

from ...core.money import format_wan

register = template.Library()


@register.filter
def wan(yuan, places=None) -> str:
    """元 → 万元 with 2 decimals (more only when the amount needs them, so a goal table loses
    nothing); `wan:2` rounds to 2 for a column a reader compares down the page."""
    if yuan is None or yuan == "":
        return ""
    if places is None:
        return format_wan(Decimal(yuan))
    return f"{(Decimal(yuan) / 10_000).quantize(Decimal(1).scaleb(-int(places)), ROUND_HALF_UP):,f}"


@register.filter
def yuan(amount) -> str:
    return "" if amount is None else f"{Decimal(amount):,.2f}"


@register.filter
def pct(value) -> str:
    return "—" if value is None else f"{Decimal(value):.2f}%"


@register.filter
def num(value) -> str:
    return "—" if value is None else f"{Decimal(value):.2f}"


@register.filter
def cndate(value) -> str:
    if isinstance(value, dt.datetime):
        from django.utils import timezone

        value = timezone.localtime(value)
        return f"{value.year}年{value.month}月{value.day}日 {value:%H:%M}"
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    return ""


@register.filter
def get_item(mapping, key):
    return mapping.get(key, key)


@register.filter
def make_list_words(text: str) -> list[str]:
    return text.split()


@register.filter
def history_changes(entry):
    """A history entry's changes as labels and values the user knows (see history/labels.py)."""
    from ..history.labels import describe

    return describe(entry)


@register.filter
def history_note(entry) -> str:
    from ..history.labels import note_of

    return note_of(entry)


@register.filter
def history_action(action: str) -> str:
    from ..history.services import ACTIONS

    return ACTIONS.get(action, "其他操作")


@register.filter
def user_name(user) -> str:
    """A person as pages name them: their name, else their login."""
    if user is None:
        return "—"
    return user.get_full_name() or user.username


METRIC_PARAMS = {"deadline": "截止日期", "round": "只计轮次", "levels": "劳模级别"}


@register.filter
def metric_params(params) -> str:
    """A metric binding's parameters in words: 截止日期2021年11月30日，只计轮次“春节送温暖”."""
    parts = []
    for key, value in (params or {}).items():
        if key == "deadline":
            try:
                value = cndate(dt.date.fromisoformat(str(value)))
            except ValueError:
                pass
        elif key == "round":
            value = f"“{value}”"
        elif isinstance(value, (list, tuple)):
            value = "、".join(str(v) for v in value)
        parts.append(f"{METRIC_PARAMS.get(key, '参数')}{value}")
    return "，".join(parts)


@register.filter
def framework_title(code: str) -> str:
    """指标体系 A/B by what it is, not its letter."""
    from ...core.frameworks import FRAMEWORKS

    framework = FRAMEWORKS.get(code)
    return framework.title if framework else code


@register.filter
def named_error(message, label) -> str:
    """A field's error after its label, unless the message names the field already (web.form_errors)."""
    from ..form_errors import named

    return named(str(label or ""), str(message))
