"""部门整体绩效目标 as data: indicators proposed from a 分项目标's sentences, and the projects
whose money each 分项目标 covers. Both are proposals for the user to confirm; nothing is invented
(a sentence without a number proposes nothing, a project sharing no word proposes no link).

>>> from jixiao.core.document import SubGoal
>>> [(i.level2, i.name, i.target.raw) for i in propose(SubGoal("帮扶工作", indicators_text=
...     "根据救助对象困难类型、困难程度分类执行每年不低于500元的标准进行救助，救助人数400人以上。"))]
[('质量指标', '救助标准', '≥500元'), ('数量指标', '救助人数', '≥400人')]
>>> [(i.name, i.target.raw) for i in propose(SubGoal("x", indicators_text="救助困难职工四百人以上"))]
[('救助困难职工', '≥400人')]
>>> propose(SubGoal("x", goal="提升工会机关业务水平，增强监督实效。"))
[]

Which 二级指标 (RULES.md §2.2, core/frameworks.toml): a count of persons or things is a 数量指标; a
share (%, …率) a 质量指标, or the 满意度指标 when it names 满意度; an amount of money is a 成本指标
(framework B: 成本指标/经济成本指标) when it is a fixed amount or a ceiling, but a floor of money
(“每年不低于500元的标准进行救助”) is the standard of what each person receives, a 质量指标 of the
output: a 成本指标 is a ceiling (RULES.md §3 “treat it as ≤”, the review's rule cost-with-floor).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .document import GoalDocument, Indicator, SubGoal, project_key
from .frameworks import DEFAULT
from .numerals import CHINESE_DIGITS, chinese_to_decimal, plain
from .targets import EQ, GE, LE, parse_target

# Measure words a proposed quantity may carry, longest first; a number without one is no quantity.
UNITS = ("人次", "万元", "亿元", "平方米", "小时", "个月", "人", "名", "户", "家", "项", "件", "次",
         "个", "元", "%", "天", "场", "期", "所", "批", "台", "套", "篇", "份", "本", "座", "处", "条",
         "公里", "吨", "亩", "所")
MONEY_UNITS = ("元", "万元", "亿元")
_OPS_BEFORE = (("不低于", GE), ("不少于", GE), ("至少", GE), ("大于等于", GE), (">=", GE), ("≥", GE),
               ("不超过", LE), ("不高于", LE), ("不多于", LE), ("小于等于", LE), ("<=", LE), ("≤", LE))
_OPS_AFTER = (("以上", GE), ("及以上", GE), ("以下", LE), ("以内", LE), ("及以下", LE))
_NUM = rf"\d+(?:\.\d+)?|[{CHINESE_DIGITS}]+"
_UNIT = "|".join(re.escape(u) for u in sorted(set(UNITS), key=len, reverse=True))
_BEFORE = "|".join(re.escape(w) for w, _ in _OPS_BEFORE)
_AFTER = "|".join(re.escape(w) for w, _ in sorted(_OPS_AFTER, key=lambda p: -len(p[0])))
_QUANTITY = re.compile(rf"(?P<op>{_BEFORE})?(?P<num>{_NUM})(?P<unit>{_UNIT})(?P<after>{_AFTER})?")
# A year (2020底, 2021年度) is a date, not a quantity.
_DATE = re.compile(r"(?:19|20)\d\d(?:年底|年末|年度|年|底|末)?")
_CLAUSES = re.compile(r"[，,；;。！!？?\n]+")
# Words a name does not start with: what comes before them in the clause is not the thing counted.
_VERBS = ("执行", "安排", "保障", "确保", "达到", "完成", "实现", "提供", "发放", "给予", "按照", "根据",
          "开展", "组织", "举办", "预计", "计划", "力争", "共计", "累计", "合计", "共", "将", "约", "按")
_VERB_SPLIT = re.compile("|".join(sorted(_VERBS, key=len, reverse=True)))
_TIME = re.compile(r"^(?:每年|全年|年均|每月|当年|本年度|年度)|(?:每年|全年|年均|每月|为|达|是|有|在)$")
_PER = re.compile(r"^每(?P<per>人|户|名|次|家|所)|每(?P<end>人|户|名|次|家|所)$")
# After the number: “的标准进行救助” → 救助标准, “的体检费用” → 体检费用.
_NOUN_AFTER = re.compile(r"^的(?P<noun>[\u4e00-\u9fff]{2,8}?)(?:进行(?P<verb>[\u4e00-\u9fff]{2}))?$")
_SHARE = re.compile(r"率|比例|占比")


def propose(sub_goal: SubGoal, framework: str = DEFAULT) -> list[Indicator]:
    """Indicators from the numbers in the sub-goal's sentences (its 指标 text, else its goal)."""
    text = sub_goal.indicators_text or sub_goal.goal
    proposed: list[Indicator] = []
    for clause in _CLAUSES.split(text):
        for ind in _clause_indicators(clause.strip(), framework):
            if all(p.name != ind.name for p in proposed):
                proposed.append(ind)
    return proposed


def _clause_indicators(clause: str, framework: str) -> list[Indicator]:
    found = []
    start = 0
    for m in _QUANTITY.finditer(clause):
        value = _value(m["num"])
        if value is None:
            continue
        before = clause[start:m.start()]
        after = clause[m.end():]
        start = m.end()
        unit = m["unit"]
        name, per = _name(before, after)
        if not name:
            continue
        if per and unit in MONEY_UNITS:
            unit = f"{unit}/{per}"
            if not name.endswith("标准"):
                name += "标准"
        op = dict(_OPS_BEFORE).get(m["op"] or "") or dict(_OPS_AFTER).get(m["after"] or "") or EQ
        level1, level2 = _levels(name, unit, op, framework)
        raw = f"{op}{plain(value)}{unit}"
        found.append(Indicator(level1, level2, name, clause, parse_target(raw, level2),
                               basis=f"由分项目标文字“{clause}”生成的建议指标"))
    return found


# A Chinese numeral counts when it has a digit (四百, 两千, 十): 千家万户, 一次性, 一个中心 are words.
_CN_QUANTITY = re.compile("[零〇二两三四五六七八九]|一.|^十")


def _value(num: str) -> Decimal | None:
    if num[0].isdigit():
        return Decimal(num)
    if not _CN_QUANTITY.search(num):
        return None
    try:
        return chinese_to_decimal(num)
    except ValueError:
        return None


def _name(before: str, after: str) -> tuple[str, str]:
    """The thing counted and the per-what (人 in 每人) from the words around the number."""
    for date in _DATE.finditer(before):
        before = before[date.end():]
    per, name = "", ""
    segments = _VERB_SPLIT.split(before)
    for k, segment in enumerate(reversed(segments)):
        if m := _PER.search(segment):
            per, segment = per or m["per"] or m["end"], segment[: m.start()] + segment[m.end():]
        while (trimmed := _TIME.sub("", segment)) != segment:
            segment = trimmed
        if segment:
            name = segment
            break
        # Nothing between the last verb and the number: the noun after it (“…元的体检费用”) names it.
        if k == 0 and (m := _NOUN_AFTER.match(after)):
            name = (m["verb"] or "") + m["noun"] if m["noun"] in ("标准", "费用", "金额") else m["noun"]
            break
    return name, per


def _levels(name: str, unit: str, op: str, framework: str) -> tuple[str, str]:
    if "满意" in name:
        return "满意度指标", "服务对象满意度指标"
    if unit == "%" or _SHARE.search(name):
        return "产出指标", "质量指标"
    if unit.split("/")[0] in MONEY_UNITS:
        if op == GE:
            return "产出指标", "质量指标"
        return ("成本指标", "经济成本指标") if framework == "B" else ("产出指标", "成本指标")
    return "产出指标", "数量指标"


# Words every budget line of a unit shares: they tell no 分项目标 from another.
GENERIC_WORDS = frozenset({"资金", "专项", "项目", "经费", "工作", "提前", "下达", "年度", "支出", "预算",
                           "保障", "补助", "县级", "市级", "省级", "中央", "财政"})


@dataclass(frozen=True)
class Link:
    """A project proposed under a 分项目标, with the words they share."""

    sub_goal: str
    project: str  # project_key
    words: tuple[str, ...]


def _words(text: str) -> set[str]:
    """The two-character words of a text (bigrams of Chinese characters), less the generic ones."""
    out: set[str] = set()
    for run in re.findall(r"[\u4e00-\u9fff]+", text):
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out - GENERIC_WORDS


def _runs(text: str, words: set[str]) -> tuple[str, ...]:
    """The shared words as the text writes them: overlapping bigrams joined (劳模, 模体, 体检 → 劳模体检).

    >>> _runs("劳模体检费", {"劳模", "模体", "体检", "检费"}), _runs("职工困难帮扶", {"帮扶", "困难"})
    (('劳模体检费',), ('困难帮扶',))
    """
    covered = [False] * len(text)
    for i in range(len(text) - 1):
        if text[i:i + 2] in words:
            covered[i] = covered[i + 1] = True
    return tuple(run for run in re.split(r"\s+", "".join(c if on else " " for c, on in zip(text, covered))) if run)


def propose_links(doc: GoalDocument) -> list[Link]:
    """Each project under the 分项目标 it shares most words with: a word of the sub-goal's name counts
    two, a word of its sentences one; a project named as the sub-goal goes under it. Ties propose
    each; a project sharing no word with any sub-goal is proposed under none."""
    if doc.department is None:
        return []
    links = []
    for project in doc.projects:
        pwords = _words(project.name)
        scored = []
        for sub in doc.department.sub_goals:
            in_name = pwords & _words(sub.name)
            in_text = (pwords & _words(sub.goal + sub.indicators_text)) - in_name
            score = 2 * len(in_name) + len(in_text)
            if sub.name and (sub.name in project.name or project.name in sub.name):
                score += 100
            if score:
                scored.append((score, sub.name, _runs(project.name, in_name | in_text)))
        best = max((s for s, _, _ in scored), default=0)
        links += [Link(name, project_key(project), words) for s, name, words in scored if s == best]
    return links


def covered(doc: GoalDocument) -> dict[str, list[str]]:
    """Project key → the 分项目标 covering it: the links written in the sub-goals when any sub-goal has
    some, else the proposed ones."""
    cover: dict[str, list[str]] = {project_key(p): [] for p in doc.projects}
    if doc.department is None:
        return cover
    if any(s.projects for s in doc.department.sub_goals):
        for sub in doc.department.sub_goals:
            for key in sub.projects:
                cover.setdefault(key, []).append(sub.name)
    else:
        for link in propose_links(doc):
            cover[link.project].append(link.sub_goal)
    return cover


def link_projects(doc: GoalDocument) -> None:
    """Write the proposed links into sub-goals that have none (the user confirms them after)."""
    if doc.department is None:
        return
    links = propose_links(doc)
    for sub in doc.department.sub_goals:
        if not sub.projects:
            sub.projects = [link.project for link in links if link.sub_goal == sub.name]
