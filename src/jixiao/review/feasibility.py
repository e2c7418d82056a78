"""可行性: can the targets be checked in time, within the budget year?"""

from __future__ import annotations

import re

from .registry import FEASIBILITY, WARNING, rule

TIME_WORDS = re.compile(r"\d{4}年|\d+月|\d+日|\d+天|季度|\d+周|之前|以前|前完成|底前|月底|年底|\d+小时|工作日|[一每]年|\d+次|[两二三四]次|及时")
YEAR = re.compile(r"(20\d{2})年")


@rule("timeliness-without-time", FEASIBILITY, WARNING, "时效指标写明完成时限，如“11月底前”“30天内”")
def timeliness_has_time(project, ctx):
    for ind in project.indicators:
        if ind.level2 == "时效指标" and not TIME_WORDS.search(ind.target.raw + ind.description):
            yield ind, "target", f"时效指标“{ind.name}”没有写明日期、期限或频次"


@rule("date-outside-year", FEASIBILITY, WARNING, "预算年度的目标应在本年度内完成，核对年份")
def dates_in_year(project, ctx):
    year = ctx.doc.year
    for ind in project.indicators:
        for field, text in (("description", ind.description), ("target", ind.target.raw)):
            for found in sorted({int(y) for y in YEAR.findall(text)} - {year}):
                yield ind, field, f"“{ind.name}”的{'指标描述' if field == 'description' else '指标值'}写的是{found}年，预算年度是{year}年"
