"""绩效指标体系: which 二级指标 belong under which 一级指标, kept as data.

>>> FRAMEWORKS["A"].parent_of("成本指标")
'产出指标'
>>> detect_framework(["产出指标", "效益指标"])
'A'
>>> detect_framework(["成本指标", "产出指标"])
'B'
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files


@dataclass(frozen=True)
class Framework:
    code: str
    title: str
    levels: dict[str, tuple[str, ...]]

    def parent_of(self, level2: str) -> str | None:
        return next((l1 for l1, l2s in self.levels.items() if level2 in l2s), None)

    def allows(self, level1: str, level2: str) -> bool:
        return level2 in self.levels.get(level1, ())


def _load() -> dict[str, Framework]:
    data = tomllib.loads(files(__package__).joinpath("frameworks.toml").read_text("utf-8"))
    return {
        code: Framework(code, spec["title"], {k: tuple(v) for k, v in spec["levels"].items()})
        for code, spec in data.items()
    }


FRAMEWORKS = _load()
DEFAULT = "A"


def detect_framework(level1s) -> str:
    """成本指标 as a 一级 only exists in framework B."""
    return "B" if "成本指标" in set(level1s) else DEFAULT
