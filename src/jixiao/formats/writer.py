"""Write a goal document in any of the formats jixiao exports."""

from __future__ import annotations

from ..core.document import GoalDocument
from .docx_writer import write_docx
from .jixiao_json import dumps
from .pdf_writer import write_pdf
from .xlsx_writer import write_xlsx

WRITERS = {
    "docx": write_docx,
    "xlsx": write_xlsx,
    "json": lambda doc: (dumps(doc) + "\n").encode("utf-8"),
    "pdf": write_pdf,
}


def write(doc: GoalDocument, to: str) -> bytes:
    return WRITERS[to](doc)
