"""Versioned rule sets kept as data: every threshold the review, monitoring and
self-evaluation use. A result records the code of the rule set that made it."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

DEFAULT = "CZ-2020-10"


@dataclass(frozen=True)
class RuleSet:
    code: str
    title: str
    data: dict

    def __getitem__(self, section: str) -> dict:
        return self.data[section]


@cache
def load(code: str = DEFAULT) -> RuleSet:
    """Raises KeyError naming the known rule sets when `code` is not one."""
    name = f"{code.lower()}.toml"
    path = files(__package__).joinpath(name)
    if not path.is_file():
        known = sorted(p.name.removesuffix(".toml").upper() for p in files(__package__).iterdir()
                       if p.name.endswith(".toml"))
        raise KeyError(f"没有规则集“{code}”，可用：{'、'.join(known)}")
    data = tomllib.loads(path.read_text("utf-8"))
    return RuleSet(data["code"], data["title"], data)
