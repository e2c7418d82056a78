"""Plain-text goal documents: decode, tell the layout, read the blocks."""

from __future__ import annotations

from types import ModuleType

from ..core.document import GoalDocument
from ..core.problems import Problem
from . import (
    limits,
    pdf_text,
    txt_blank,
    txt_cells,
    txt_joined,
    txt_markdown,
    txt_pipes,
    txt_prose,
    txt_rows,
    txt_spaced,
)
from .assemble import assemble
from .encoding import decode

# Layouts without tabs, each a module with `looks_like(lines)` and `blocks(text)`, tried in this
# order; the first that recognises the text reads it.
LAYOUTS: tuple[ModuleType, ...] = (txt_markdown, txt_pipes, txt_prose, txt_spaced, txt_blank, txt_joined, pdf_text)


def layout(text: str) -> ModuleType:
    """The seed's tab-indented cells, tab-separated rows, else the first layout that fits."""
    lines = text.split("\n")
    cell_lines = sum(1 for l in lines if l.startswith("\t") and "\t" not in l[1:].rstrip("\t"))
    row_lines = sum(1 for l in lines if "\t" in l.strip("\t") and l.strip())
    if cell_lines or row_lines:
        return txt_cells if cell_lines >= row_lines else txt_rows
    return next((m for m in LAYOUTS if m.looks_like(lines)), txt_cells)


def read_text(data: bytes, source: str = "") -> tuple[GoalDocument, list[Problem]]:
    limits.check_size(source, len(data), ".txt")
    text = decode(data, source)
    return assemble(layout(text).blocks(text), source)
