"""What every reader turns its file into before the goal tables are recognised:
a sequence of paragraphs and tables, each cell keeping its place in the file.

A table is a grid: a cell merged across columns keeps its text in its first
column and leaves the others empty; a cell merged down leaves the rows below
empty. That is also how merged cells look once pasted as text, so one
recogniser (`assemble`) serves every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache


@dataclass
class Cell:
    text: str
    place: str = ""


@dataclass
class Paragraph:
    text: str
    place: str = ""


@dataclass
class Table:
    rows: list[list[Cell]] = field(default_factory=list)
    place: str = ""


Block = Paragraph | Table

# Word field codes left in flattened text, e.g. { TC 总体绩效目标 \f A \l 1 }.
_FIELD_CODE = re.compile(r"\{\s*(?:TC|XE|TOC|PAGEREF|HYPERLINK)\b[^{}]*\}")


@lru_cache(maxsize=16384)
def clean(text: str) -> str:
    """Field codes out, non-breaking and ideographic spaces to plain ones, ends trimmed."""
    if "{" in text:
        text = _FIELD_CODE.sub("", text)
    return text.replace("\u00a0", " ").replace("\u3000", " ").strip()
