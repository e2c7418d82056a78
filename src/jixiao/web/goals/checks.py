"""The rule sets checked when the application starts (`jixiao serve`, `jixiao demo`, migrate, `manage.py
check`, the WSGI application): a province's folder (JIXIAO_RULESETS_DIR) whose file is broken, repeats a shipped
code or another file's, and a JIXIAO_RULESET no rule set has, each named with its file and key, before any
page could fail on it."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

from ...rulesets import RuleSet, check_folder, load, scan
from ...rulesets.errors import RuleSetError

HINT = "请改正或移走该文件（JIXIAO_RULESETS_DIR），或改正JIXIAO_RULESET；jixiao rulesets 列出可用的规则集"


def rulesets_check() -> list[RuleSet]:
    """The rule sets plans may be judged by; the first file that cannot be used raised as a RuleSetError."""
    return check_folder(settings.RULESETS_DIR, settings.RULESET)


@checks.register()
def rulesets_usable(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    problems: list[RuleSetError] = list(scan(settings.RULESETS_DIR).problems) if settings.RULESETS_DIR else []
    try:
        load(settings.RULESET, settings.RULESETS_DIR)
    except RuleSetError as exc:
        if not any(str(p) == str(exc) for p in problems):
            problems.append(exc)
    return [checks.Error(str(p), hint=HINT, id=f"jixiao.E{n:03d}") for n, p in enumerate(problems, 1)]
