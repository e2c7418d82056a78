"""Word 97–2003 (.doc), WPS (.wps), Excel 97–2003 (.xls) and WPS表格 (.et) files,
which many units still keep: LibreOffice converts them to .docx or .xlsx, which
the readers read. Places are then those of the converted file's tables and cells.
Starting LibreOffice costs most of a second, so many files go through one run."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from ..core.document import GoalDocument
from ..core.problems import Problem, ReadError
from . import errors as e
from . import limits
from .docx_reader import read_docx
from .xlsx_reader import read_xlsx

TARGETS = {".doc": "docx", ".wps": "docx", ".xls": "xlsx", ".et": "xlsx"}


def read_old_office(data: bytes, name: str) -> tuple[GoalDocument, list[Problem]]:
    return read_old_offices({name: data})[name]()


Reading = Callable[[], tuple[GoalDocument, list[Problem]]]


def read_old_offices(files: dict[str, bytes]) -> dict[str, Reading]:
    """Name → a function giving (document, problems) or raising ReadError, for many files
    converted together: one LibreOffice run per target format."""
    # A file over its limit is refused before LibreOffice sees it, and so is what LibreOffice made of one.
    refused = {name: error for name, data in files.items() if (error := limits.size_error(name, len(data)))}
    with tempfile.TemporaryDirectory(prefix="jixiao-office-") as work:
        sources = {}
        for k, (name, data) in enumerate((n, d) for n, d in files.items() if n not in refused):  # numbered: two files may share a name
            sources[name] = Path(work) / f"{k}{Path(name).suffix.lower()}"
            sources[name].write_bytes(data)
        failure = _convert(list(sources.values()), Path(work))
        converted = {name: source.with_suffix(f".{TARGETS[source.suffix]}") for name, source in sources.items()}
        refused |= {name: error for name, c in converted.items()
                    if c.exists() and (error := limits.size_error(name, c.stat().st_size, c.suffix))}
        results = {name: (c.read_bytes() if c.exists() and name not in refused else None) for name, c in converted.items()}
    return {name: partial(_refuse, refused[name]) if name in refused else partial(_read, results[name], name, failure)
            for name in files}


def _refuse(error: ReadError) -> tuple[GoalDocument, list[Problem]]:
    raise error


def libreoffice(sources: list[Path], to: str, out: Path) -> None:
    """Save `sources` as `to` (docx, xlsx, pdf, doc…) into `out`, each under its own stem;
    a source LibreOffice cannot open gives no file."""
    # A profile of its own, so that a user's open LibreOffice does not take the job. coreutils' timeout
    # signals its whole process group: soffice's own soffice.bin too, which a kill of soffice would leave.
    seconds = limits.OLD_OFFICE_SECONDS + limits.OLD_OFFICE_SECONDS_EACH * len(sources)
    done = subprocess.run(["timeout", "--kill-after=5", str(seconds),
                           "soffice", f"-env:UserInstallation={(out / 'profile').as_uri()}", "--headless",
                           "--convert-to", to, "--outdir", str(out), *map(str, sources)],
                          capture_output=True, timeout=seconds + 10)
    if done.returncode in (124, 137):  # timed out (killed after the grace)
        raise subprocess.TimeoutExpired(done.args, seconds)
    if done.returncode == 127:  # timeout found no soffice
        raise FileNotFoundError("soffice")


def _convert(sources: list[Path], work: Path) -> ReadError | None:
    for to in sorted({TARGETS[s.suffix] for s in sources}):
        try:
            libreoffice([s for s in sources if TARGETS[s.suffix] == to], to, work)
        except FileNotFoundError:
            return ReadError(e.OLD_OFFICE, e.NO_LIBREOFFICE_MESSAGE)  # {to} filled for each file
        except subprocess.TimeoutExpired:
            return ReadError(e.OLD_OFFICE, e.OLD_OFFICE_TIMEOUT_MESSAGE)
    return None


def _read(data: bytes | None, name: str, failure: ReadError | None) -> tuple[GoalDocument, list[Problem]]:
    suffix = Path(name).suffix.lower()
    to = TARGETS[suffix]
    if failure:
        raise ReadError(failure.code, failure.message.format(to=to), name)
    broken = ReadError(e.OLD_OFFICE, e.OLD_OFFICE_BROKEN_MESSAGE.format(suffix=suffix, to=to), name)
    if data is None:
        raise broken
    doc, problems = (read_docx if to == "docx" else read_xlsx)(data, name)
    if not (doc.unit.code or doc.projects or doc.department):  # LibreOffice salvages a broken file as blank
        raise broken
    return doc, problems


def old_table_xlsx(data: bytes, name: str) -> bytes:
    """An Excel 97–2003 (.xls) or WPS表格 (.et) table as .xlsx, for the table imports (registers, staffing,
    basic spending): converted by LibreOffice, held to the limits before and after; refused in Chinese
    naming the file when LibreOffice is missing, too slow, or cannot open it."""
    suffix = Path(name).suffix.lower()
    if error := limits.size_error(name, len(data)):
        raise error
    with tempfile.TemporaryDirectory(prefix="jixiao-office-") as work:
        source = Path(work) / f"0{suffix}"
        source.write_bytes(data)
        failure = _convert([source], Path(work))
        if failure:
            raise ReadError(failure.code, failure.message.format(to="xlsx"), name)
        converted = source.with_suffix(".xlsx")
        if not converted.exists():
            raise ReadError(e.OLD_OFFICE, e.OLD_OFFICE_BROKEN_MESSAGE.format(suffix=suffix, to="xlsx"), name)
        if error := limits.size_error(name, converted.stat().st_size, ".xlsx"):
            raise error
        return converted.read_bytes()
