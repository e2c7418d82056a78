"""Template filters that show a hardship worker's personal data as the user may see it."""

from django import template

from ....relief.persons import mask_name

register = template.Library()


@register.filter
def worker_name(name: str, full: bool) -> str:
    """`{{ e.name|worker_name:full }}`: in full for the unit's relief officers, 张*金 otherwise."""
    return name if full else mask_name(name)
