"""A PDF goal document: poppler's `pdftotext -layout` turns it into text, which
`pdf_text` reads. Only PDFs with text in them: a scan has none to read. Places
name the page and its line, as a person holding the PDF counts them."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import tempfile
import threading

from ..core.document import GoalDocument
from ..core.problems import Problem, ReadError
from . import errors as e
from . import limits
from .text import read_text


def read_pdf(data: bytes, name: str = "") -> tuple[GoalDocument, list[Problem]]:
    if not data.startswith(b"%PDF-"):
        raise ReadError(e.BAD_PDF, e.NOT_PDF_MESSAGE, name)
    limits.check_size(name, len(data), ".pdf")
    stdout = _pdftotext(data, name)
    if not stdout.replace(b"\f", b"").strip():
        raise ReadError(e.PDF_NO_TEXT, e.PDF_NO_TEXT_MESSAGE, name)
    document, problems = read_text(stdout, name)
    to_page = _page_lines(stdout.decode("utf-8", "replace"))

    def place(text: str) -> str:
        return _LINE.sub(lambda m: to_page.get(int(m.group(1)), m.group(0)), text)

    for holder in _holders(document):
        holder.places.update({k: place(v) for k, v in holder.places.items()})
    return document, [dataclasses.replace(p, place=place(p.place)) for p in problems]


def _pdftotext(data: bytes, name: str) -> bytes:
    """The PDF's text, in a process of its own that is stopped after limits.PDF_SECONDS or once its
    text passes limits.PDF_TEXT (a small PDF can hold pages of text without end)."""
    with tempfile.NamedTemporaryFile(prefix="jixiao-", suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        try:
            process = subprocess.Popen(["pdftotext", "-layout", "-enc", "UTF-8", pdf.name, "-"],
                                       stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        except FileNotFoundError as exc:
            raise ReadError(e.NO_PDFTOTEXT, e.NO_PDFTOTEXT_MESSAGE, name) from exc
        stopped = threading.Event()

        def stop() -> None:
            stopped.set()
            process.kill()

        timer = threading.Timer(limits.PDF_SECONDS, stop)
        timer.start()
        try:
            assert process.stdout is not None
            text = process.stdout.read(limits.PDF_TEXT + 1)
            if len(text) <= limits.PDF_TEXT:
                process.wait()
        finally:
            timer.cancel()
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()  # type: ignore[union-attr]
    if len(text) > limits.PDF_TEXT:
        raise ReadError(e.FILE_TOO_LARGE, e.PDF_TEXT_TOO_LARGE_MESSAGE.format(limit=limits.size_text(limits.PDF_TEXT)), name)
    if stopped.is_set():
        raise ReadError(e.BAD_PDF, e.PDF_TIMEOUT_MESSAGE.format(seconds=limits.PDF_SECONDS), name)
    if process.returncode != 0:
        raise ReadError(e.BAD_PDF, e.PDF_BROKEN_MESSAGE, name)
    return text


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
        found += [document.department, *document.department.sub_goals, *document.department.measures,
                  *document.department.indicators]
    return [h for h in found if hasattr(h, "places")]
