"""Text of a PDF as `pdftotext -layout` writes it. (Placeholder until the
column reader lands: recognised, and read as paragraphs only.)"""

from __future__ import annotations

import re

from ..core.problems import line_place
from .blocks import Block, Paragraph

_HEADER = re.compile(r"一级指标\s{2,}二级指标")


def looks_like(lines: list[str]) -> bool:
    return any(_HEADER.search(l) for l in lines)


def blocks(text: str) -> list[Block]:
    return [Paragraph(l, line_place(n)) for n, l in enumerate(text.split("\n"), 1) if l.strip()]
