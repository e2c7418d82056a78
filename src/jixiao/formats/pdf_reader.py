"""A PDF goal document: poppler's `pdftotext -layout` turns it into text, which
`pdf_text` reads. Only PDFs with text in them: a scan has none to read. Places
name the page and its line, as a person holding the PDF counts them."""

from __future__ import annotations

import dataclasses
import re
import subprocess

from ..core.document import GoalDocument
from ..core.problems import Problem, ReadError
from . import errors as e
from .text import read_text


def read_pdf(data: bytes, name: str = "") -> tuple[GoalDocument, list[Problem]]:
    if not data.startswith(b"%PDF-"):
        raise ReadError(e.BAD_PDF, e.NOT_PDF_MESSAGE, name)
    try:
        done = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=data,
                              capture_output=True, timeout=120)
    except FileNotFoundError as exc:
        raise ReadError(e.NO_PDFTOTEXT, e.NO_PDFTOTEXT_MESSAGE, name) from exc
    except subprocess.TimeoutExpired as exc:
        raise ReadError(e.BAD_PDF, e.PDF_TIMEOUT_MESSAGE, name) from exc
    if done.returncode != 0:
        raise ReadError(e.BAD_PDF, e.PDF_BROKEN_MESSAGE, name)
    if not done.stdout.replace(b"\f", b"").strip():
        raise ReadError(e.PDF_NO_TEXT, e.PDF_NO_TEXT_MESSAGE, name)
    document, problems = read_text(done.stdout, name)
    to_page = _page_lines(done.stdout.decode("utf-8", "replace"))

    def place(text: str) -> str:
        return _LINE.sub(lambda m: to_page.get(int(m.group(1)), m.group(0)), text)

    for holder in _holders(document):
        holder.places.update({k: place(v) for k, v in holder.places.items()})
    return document, [dataclasses.replace(p, place=place(p.place)) for p in problems]


_LINE = re.compile(r"第(\d+)行")


def _page_lines(text: str) -> dict[int, str]:
    """Line of the whole text → “第P页第M行”, counting a page's lines with text in them."""
    out, page, on_page = {}, 1, 0
    for n, line in enumerate(text.split("\n"), 1):
        page, on_page = (page + line.count("\f"), 0) if "\f" in line else (page, on_page)
        if line.replace("\f", "").strip():
            on_page += 1
            out[n] = f"第{page}页第{on_page}行"
    return out


def _holders(document: GoalDocument) -> list:
    """Everything in a document that records places."""
    found: list[object] = [document]
    for project in document.projects:
        found += [project, *project.indicators]
    if document.department:
        found += [document.department, *document.department.sub_goals, *document.department.measures]
    return [h for h in found if hasattr(h, "places")]
