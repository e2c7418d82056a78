"""The forms goal documents are written on (templates.toml): the labels of each field, the
indicator table's columns, and the templates a document can match with the fields each has.

>>> match({"项目名称", "项目编码", "资金支出计划(%)"}).name
'河北省项目支出绩效目标表'
>>> match({"项目名称", "预算单位"}).has
frozenset({'total'})
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources import files

_DATA = tomllib.loads(files(__package__).joinpath("templates.toml").read_text("utf-8"))


@dataclass(frozen=True)
class Template:
    name: str
    marks: frozenset[str]
    has: frozenset[str]
    source: str = ""


TEMPLATES = tuple(Template(t["name"], frozenset(t["marks"]), frozenset(t["has"]), t["source"]) for t in _DATA["templates"])
BY_NAME = {t.name: t for t in TEMPLATES}


def words(field: str) -> frozenset[str]:
    """The labels of one field of a project's table."""
    return frozenset(_DATA["labels"][field]["words"])


UNIT_LABELS: tuple[frozenset[str], ...] = tuple(frozenset(tier) for tier in _DATA["unit"]["labels"])
UNIT_CODE_LABELS = frozenset(_DATA["unit"]["code_labels"])
UNIT_WIDE_TASK: str = _DATA["unit_wide"]["task"]
UNIT_WIDE_GOAL = frozenset(_DATA["unit_wide"]["goal"])
UNIT_WIDE_SUB_GOAL: str = _DATA["unit_wide"]["sub_goal"]
UNIT_WIDE_PROJECTS = frozenset(_DATA["unit_wide"]["projects"])
UNIT_WIDE_SUB_GOAL_INDICATORS: str = _DATA["unit_wide"]["sub_goal_indicators"]
UNIT_WIDE_INDICATORS = frozenset(_DATA["unit_wide"]["indicators"])
COLUMNS: dict[str, str] = {k: v for k, v in _DATA["columns"].items() if not k.endswith("_source")}


def match(labels: Iterable[str]) -> Template:
    """The first template whose marks the document's labels all hold (the last has none); a mark
    also matches its label with a bracketed unit after it (资金支出计划(%))."""
    labels = set(labels)
    found = (MARKS & labels) | {l.partition("(")[0] for l in labels if "(" in l} & MARKS
    return next(t for t in TEMPLATES if t.marks <= found)


MARKS = frozenset().union(*(t.marks for t in TEMPLATES))
