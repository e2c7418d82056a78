"""Numbers and dates the way official documents write them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import template

from ...core.money import format_wan

register = template.Library()


@register.filter
def wan(yuan) -> str:
    """元 → 万元 with 2 decimals (more only when the amount needs them)."""
    return "" if yuan is None or yuan == "" else format_wan(Decimal(yuan))


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
