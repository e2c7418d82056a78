"""Read any goal document: the format is told by the file name, else by its bytes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..core.document import GoalDocument
from ..core.problems import Problem, ReadError
from . import errors as e
from . import limits
from .docx_reader import read_docx
from .html_reader import is_mhtml, read_html
from .jixiao_json import read_json
from .old_office import TARGETS, read_old_office
from .pdf_reader import read_pdf
from .text import read_text
from .xlsx_reader import read_xlsx

Reader = Callable[[bytes, str], tuple[GoalDocument, list[Problem]]]

READERS: dict[str, Reader] = {".docx": read_docx, ".xlsx": read_xlsx, ".json": read_json, ".pdf": read_pdf, ".txt": read_text,
           ".text": read_text, **dict.fromkeys(TARGETS, read_old_office),
           **dict.fromkeys((".html", ".htm", ".mhtml", ".mht"), read_html)}
SUFFIXES = tuple(READERS)
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|table)\b", re.I | re.S)


def read_bytes(data: bytes, name: str) -> tuple[GoalDocument, list[Problem]]:
    suffix = Path(name).suffix.lower()
    reader = READERS.get(suffix) or _sniff(data)
    return reader(data, name)


def read_path(path: str | Path) -> tuple[GoalDocument, list[Problem]]:
    path = Path(path)
    try:
        if path.suffix.lower() in READERS and path.is_file():  # refused before it is read (and by its reader)
            limits.check_size(str(path), path.stat().st_size)
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise ReadError(e.NOT_FOUND, e.NOT_FOUND_MESSAGE, str(path)) from exc
    except IsADirectoryError as exc:
        raise ReadError(e.IS_DIRECTORY, e.IS_DIRECTORY_MESSAGE, str(path)) from exc
    except OSError as exc:
        raise ReadError(e.UNREADABLE, e.UNREADABLE_REASON_MESSAGE.format(reason=exc.strerror), str(path)) from exc
    return read_bytes(data, str(path))


def _sniff(data: bytes) -> Reader:
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx if b"xl/" in data[:4096] else read_docx
    if data.startswith(b"%PDF-"):
        return read_pdf
    if data.lstrip()[:1] == b"{":
        return read_json
    if is_mhtml(data) or _HTML_START.search(data[:1024]):
        return read_html
    return read_text
