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
from functools import lru_cache
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


_DATA = tomllib.loads(files(__package__).joinpath("frameworks.toml").read_text("utf-8"))
_ALIASES = _DATA.pop("aliases")
FRAMEWORKS = {code: Framework(code, spec["title"], {k: tuple(v) for k, v in spec["levels"].items()})
              for code, spec in _DATA.items()}
DEFAULT = "A"
_LEVEL1S = {l1 for f in FRAMEWORKS.values() for l1 in f.levels}


@lru_cache(maxsize=4096)
def canonical_levels(level1: str, level2: str) -> tuple[str, str]:
    """A form's 一级/二级 names as the frameworks name them (aliases in frameworks.toml); a form that
    shifts the levels (天津: 实施效果指标 | 产出指标) gives its 二级 as the 一级.

    >>> canonical_levels("项目完成指标", "数量指标")
    ('产出指标', '数量指标')
    >>> canonical_levels("项目完成指标", "成本指标")
    ('产出指标', '成本指标')
    >>> canonical_levels("效益指标", "社会公众或服务对象满意度指标")
    ('满意度指标', '服务对象满意度指标')
    >>> canonical_levels("实施效果指标", "效益指标")
    ('效益指标', '')
    """
    level1 = _ALIASES["level1"].get(level1, level1)
    if level2 in _LEVEL1S and level1 not in _LEVEL1S:
        return level2, ""
    alias = _ALIASES["level2"].get(level2, level2)
    return (alias[0], alias[1]) if isinstance(alias, list) else (level1, alias)


def level_aliases() -> dict[str, dict[str, str | list[str]]]:
    """frameworks.toml's [aliases]: {"level1": {alias: canonical}, "level2": {alias: canonical or [一级, 二级]}}."""
    return {kind: dict(names) for kind, names in _ALIASES.items()}


def detect_framework(level1s) -> str:
    """成本指标 as a 一级 only exists in framework B."""
    return "B" if "成本指标" in set(level1s) else DEFAULT
