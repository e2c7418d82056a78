"""项目编码: 21 characters, 6-digit 区划 + 2-digit year + 13 of [0-9A-Z] (RULES.md §7).

>>> split("13032221GVUVTX63BWWCQ")
('130322', '21', 'GVUVTX63BWWCQ')
>>> is_valid("13032221gvuvtx63bwwcq")
False
"""

from __future__ import annotations

import re

PATTERN = re.compile(r"^(?P<region>\d{6})(?P<yy>\d{2})(?P<body>[0-9A-Z]{13})$")


def is_valid(code: str) -> bool:
    return PATTERN.match(code) is not None


def split(code: str) -> tuple[str, str, str]:
    m = PATTERN.match(code)
    if m is None:
        raise ValueError(problem(code))
    return m["region"], m["yy"], m["body"]


def problem(code: str) -> str:
    """Why `code` is not a project code, in the words a user reads."""
    if len(code) != 21:
        return f"项目编码“{code}”应为21位，实为{len(code)}位"
    return f"项目编码“{code}”格式不对：应为6位区划码、2位年度和13位数字或大写字母"
