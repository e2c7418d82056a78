"""历史标准 and next year's copy: a plan read beside the unit's plan of the year before.

When a plan has a predecessor (`Previous`: last year's target and actual of each indicator,
matched by project key and indicator name), the review warns where this year's target falls
behind what was already achieved, where a target stayed put although it was far exceeded, and
where text copied from last year still names last year.

Moving the year in copied text (`move_year`): ``2021年`` is the plan year and becomes ``2022年``;
a year inside a document number's brackets (冀财规（2021）24号, 财预〔2021〕10号) names a document
and stays; any other mention of the old year is left for a person to read (flagged).

>>> move_year("2021年县总工会将救助职工400人以上", 2021, 2022)
('2022年县总工会将救助职工400人以上', [])
>>> move_year("冀财规（2021）24号", 2021, 2022)
('冀财规（2021）24号', [])
>>> move_year("截至2021-11-30", 2021, 2022)
('截至2021-11-30', ['截至2021-11-30'])
>>> old_year_mentions("2022年12月31日前", 2021)
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from ..core.document import GoalDocument, Indicator, Project, project_key
from ..core.errors import JixiaoError
from ..core.money import FACTORS
from ..core.targets import GE, GT, LE, LT
from .registry import APPROPRIATENESS, CONFORMITY, WARNING, Context, rule

OPENING = "（(〔[【"  # a year after one of these is a document number's: 冀财规（2021）24号


@dataclass(frozen=True)
class LastYear:
    """An indicator's target and actual in last year's plan (the actual as the self-evaluation
    scored it: computed from records where bound, typed otherwise; None when there is none)."""

    target: str
    op: str
    value: Decimal | None
    unit: str
    actual: Decimal | None = None
    actual_unit: str = ""
    actual_text: str = ""


@dataclass(frozen=True)
class Previous:
    """Last year's plan as this year's review reads it: (project key, indicator name) → LastYear."""

    year: int
    indicators: dict[tuple[str, str], LastYear] = field(default_factory=dict)


PREVIOUS_YEAR = "上年绩效目标文件“{name}”是{found}年的，本文件是{year}年的，应为{expected}年的绩效目标"
PREVIOUS_UNIT = "上年绩效目标文件“{name}”是{found}的，本文件是{unit}的，应为同一单位上年的绩效目标"


def previous_of(last: GoalDocument, actuals: Mapping[tuple[str, str], tuple[Decimal | None, str, str]] | None = None,
                *, this: GoalDocument | None = None, name: str = "") -> Previous:
    """Last year's plan read from its goal document (历史标准 from files, as `jixiao review --previous`
    does): each indicator's target, and its actual where `actuals` gives one ((project key, indicator
    name) → (value, unit, text as given)). With `this`, refused (JixiaoError) unless `last` is the same
    unit's plan of the year before."""
    if this is not None and last.year != this.year - 1:
        raise JixiaoError("previous_year", PREVIOUS_YEAR.format(name=name, found=last.year, year=this.year,
                                                                expected=this.year - 1), name)
    if this is not None and last.unit.code and this.unit.code and last.unit.code != this.unit.code:
        raise JixiaoError("previous_unit", PREVIOUS_UNIT.format(name=name, found=f"{last.unit.name}（{last.unit.code}）",
                                                                unit=f"{this.unit.name}（{this.unit.code}）"), name)
    out = {}
    for p in last.projects:
        for i in p.indicators:
            key = (project_key(p), i.name)
            value, unit, text = (actuals or {}).get(key, (None, "", ""))
            out[key] = LastYear(i.target.raw, i.target.op, i.target.value, i.target.unit, value, unit, text)
    return Previous(last.year, out)


def _pattern(year: int) -> re.Pattern:
    return re.compile(rf"(?<![0-9{re.escape(OPENING)}]){year}(?![0-9])")


def old_year_mentions(text: str, year: int) -> list[str]:
    """The mentions of `year` in `text` outside a document number's brackets, each with a few
    characters around it; [] when there is none."""
    return [text[max(m.start() - 6, 0):m.end() + 6] for m in _pattern(year).finditer(text or "")]


def move_year(text: str, old: int, new: int) -> tuple[str, list[str]]:
    """The text with ``{old}年`` (the plan year) moved to ``{new}年``, and what still names `old`."""
    moved = re.sub(rf"(?<![0-9{re.escape(OPENING)}]){old}年", f"{new}年", text or "")
    return moved, old_year_mentions(moved, old)


def _texts(project: Project) -> Iterable[tuple[Indicator | None, str, str, str]]:
    """Every text of a project a copy carries: (indicator, field, label, text)."""
    yield None, "name", "项目名称", project.name
    for k, goal in enumerate(project.goals, 1):
        yield None, f"goals.{k}", f"绩效目标{k}", goal
    for i in project.indicators:
        yield i, "name", "三级指标", i.name
        yield i, "target", "指标值", i.target.raw
        yield i, "description", "指标描述", i.description
        yield i, "basis", "确定依据", i.basis


@rule("history-old-year", CONFORMITY, WARNING,
      "由上年计划生成的文字仍写着上年年份：请改为本年度，或确认确需提及上年",
      "RULES.md 历史标准；财预〔2020〕10号 第八条（绩效目标应与年度预算相对应）")
def old_year_named(project: Project, ctx: Context):
    if ctx.previous is None:
        return
    for indicator, place, label, text in _texts(project):
        if found := old_year_mentions(text, ctx.previous.year):
            yield indicator, place, f"{label}仍写着{ctx.previous.year}年：“{found[0]}”"


def _last_actual(target_unit: str, last: LastYear) -> Decimal | None:
    """Last year's actual in the unit of this year's target (元 and 万元 convert); None when there is
    none or the units cannot be compared."""
    if last.actual is None:
        return None
    if not last.actual_unit or last.actual_unit == target_unit:
        return last.actual
    if last.actual_unit in FACTORS and target_unit in FACTORS:
        return last.actual * FACTORS[last.actual_unit] / FACTORS[target_unit]
    return None


def _reasoned(indicator: Indicator, words: list[str]) -> bool:
    text = f"{indicator.basis} {indicator.description}"
    return any(w in text for w in words)


@rule("history-below-last-actual", APPROPRIATENESS, WARNING,
      "历史标准：目标值低于上年实际完成值，请提高目标或在确定依据中说明原因",
      "RULES.md 历史标准；财预〔2020〕10号 附件（指标值确定依据：历史标准）")
def below_last_actual(project: Project, ctx: Context):
    if ctx.previous is None:
        return
    words = ctx.settings.get("history", {}).get("reason_words", [])
    for i in project.indicators:
        last = ctx.previous.indicators.get((project.code or project.name, i.name))
        t = i.target
        actual = None if last is None else _last_actual(t.unit, last)
        if last is None or actual is None or t.value is None or t.value_hi is not None:
            continue
        behind = (t.op in (GE, GT) and t.value < actual) or (t.op in (LE, LT) and t.value > actual)
        if behind and not _reasoned(i, words):
            yield i, "target", (f"目标{t.raw}{'低于' if t.op in (GE, GT) else '高于'}{ctx.previous.year}年实际完成值"
                                f"{last.actual_text or last.actual}，且未说明原因")


@rule("history-target-unchanged", APPROPRIATENESS, WARNING,
      "历史标准：上年实际远超目标，本年目标却未变，请按上年完成情况调整目标",
      "RULES.md 历史标准；财预〔2020〕10号 附件（指标值确定依据：历史标准）")
def unchanged_though_exceeded(project: Project, ctx: Context):
    if ctx.previous is None:
        return
    factor = Decimal(str(ctx.settings.get("history", {}).get("far_above", 1.2)))
    for i in project.indicators:
        last = ctx.previous.indicators.get((project.code or project.name, i.name))
        t = i.target
        actual = None if last is None else _last_actual(t.unit, last)
        if last is None or actual is None or t.value is None or (last.value, last.op, last.unit) != (t.value, t.op, t.unit) \
                or t.value == 0:
            continue
        far = (t.op in (GE, GT) and actual >= t.value * factor) or (t.op in (LE, LT) and actual * factor <= t.value)
        if far:
            yield i, "target", (f"目标{t.raw}与{ctx.previous.year}年相同，而{ctx.previous.year}年实际完成"
                                f"{last.actual_text or last.actual}，远超目标")
