"""Plain-text goal documents: decode, tell the layout, read the blocks."""

from __future__ import annotations

from ..core.document import GoalDocument
from ..core.problems import Problem
from . import pdf_text, txt_cells, txt_rows
from .assemble import assemble
from .encoding import decode


def layout(text: str) -> str:
    """'cells' (one cell a line), 'rows' (tab-separated rows) or 'pdf' (pdftotext -layout)."""
    lines = text.split("\n")
    cell_lines = sum(1 for l in lines if l.startswith("\t") and "\t" not in l[1:].rstrip("\t"))
    row_lines = sum(1 for l in lines if "\t" in l.strip("\t") and l.strip())
    if cell_lines or row_lines:
        return "cells" if cell_lines >= row_lines else "rows"
    return "pdf" if pdf_text.looks_like(lines) else "cells"


def read_text(data: bytes, source: str = "") -> tuple[GoalDocument, list[Problem]]:
    text = decode(data, source)
    reader = {"cells": txt_cells, "rows": txt_rows, "pdf": pdf_text}[layout(text)]
    return assemble(reader.blocks(text), source)
