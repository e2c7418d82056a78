"""How large a file jixiao reads may be, as data, and the checks that hold a file to it
before any parser allocates (issue 13 §1): no file may make a process use more than 1 GB
or run more than 10 s, and a spreadsheet library that aborts the process on a huge used
range (calamine allocating 512 GB for one cell at XFD1048576) never sees such a file.

Each check costs a stat, a length, or a zip's central directory and a stream over the few
parts that a reader would parse anyway; a small file pays nothing measurable.

A real county's goal document is under 1 MB (the seed is 12 KB as text, Word and Excel
copies 10–40 KB); a register holds a county's 400–5,000 persons. The values leave
tens of times that as headroom and stay well inside the bounds measured on this code:
a 10 MB text document takes 4 s to read, a sheet of 100,000 cells 1.3 s, a table of
1,000,000 cells 2.5 s and 225 MB, a Word part of 20 MB 1.8 s.

>>> check_size("目标.txt", 1024)
>>> check_size("目标.txt", 200 * MB)
Traceback (most recent call last):
...
jixiao.core.problems.ReadError: 目标.txt：文件大小为200 MB，超过.txt文件的上限5 MB
>>> size_text(1536), size_text(3 * MB // 2)
('1.5 KB', '1.5 MB')
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from html import unescape
from pathlib import PurePath

from ..core.problems import ReadError
from . import errors as e

MB = 1 << 20

# ---------------------------------------------------------------- bytes on disk or uploaded

# The largest file of each kind jixiao reads, by suffix.
FILE_SIZE = {
    ".txt": 5 * MB, ".text": 5 * MB,  # a plan as text is < 100 KB; 5 MB reads in about 2 s
    ".json": 2 * MB,  # the seed as jixiao/1 is 8 KB; validating it costs ~1.2 s a MB (4,000 indicators)
    ".csv": 20 * MB,  # records and registers: 100,000 rows of 200 bytes
    ".html": 10 * MB, ".htm": 10 * MB,  # a saved 预算公开 page is < 1 MB
    ".mhtml": 20 * MB, ".mht": 20 * MB,  # the page with its images inlined as base64
    ".docx": 20 * MB, ".xlsx": 20 * MB,  # pictures pasted into a Word file weigh the most
    ".doc": 20 * MB, ".wps": 20 * MB, ".xls": 20 * MB, ".et": 20 * MB,
    ".pdf": 50 * MB,  # a scan-heavy PDF; only its text is read, in a subprocess
}
OTHER_SIZE = 5 * MB  # a file of another name is read as text (or told by its bytes)
UPLOAD_SIZE = max(FILE_SIZE.values())  # what the web accepts of any upload before looking closer
HTML_PAGE_SIZE = FILE_SIZE[".html"]  # the page inside an .mhtml archive, once decoded

# ---------------------------------------------------------------- zip packages (.docx, .xlsx)

# Read from the central directory before any parser opens the package.
ZIP_UNCOMPRESSED = 200 * MB  # all parts together: a plan's .docx unpacks to < 2 MB
ZIP_PARTS = 5_000  # a Word or Excel file has 10–100 parts
ZIP_RATIO = 100  # deflate of real XML gives 5–20:1; a bomb gives ~1000:1
ZIP_RATIO_FROM = 1 * MB  # small parts may compress as they like: they cost nothing
DOCX_PART = 20 * MB  # one XML part of a Word file, which python-docx parses whole (20 MB: 1.8 s)
WORD_COLUMNS = 64  # Word tables have at most 63 columns: a wider gridSpan or gridBefore is cut to this

# ---------------------------------------------------------------- sheets (.xlsx, and .xls/.et converted)

# The used range is measured from the cells themselves (a `<dimension>` may lie either way),
# streaming each sheet's XML before calamine densifies it into rows × columns.
SHEET_ROWS = 100_000  # 20 times the largest county register
SHEET_COLUMNS = 200  # registers have ~30 columns, goal tables ~12
DOCUMENT_CELLS = 200_000  # a goal document's sheets together: 100,000 cells read in 1.3 s
TABLE_CELLS = 1_000_000  # a register or records sheet: 1,000,000 cells read in 2.5 s, 225 MB

# ---------------------------------------------------------------- text, JSON, PDF, old Office

TABLE_ROWS = SHEET_ROWS  # rows of a .csv register or records file
JSON_DEPTH = 20  # jixiao/1 nests 5 deep (document, projects, project, indicators, target)
PDF_SECONDS = 10  # pdftotext on a 100-page plan takes < 1 s
PDF_TEXT = FILE_SIZE[".txt"]  # the text pdftotext gives, read as a text document
OLD_OFFICE_SECONDS, OLD_OFFICE_SECONDS_EACH = 120, 5  # LibreOffice: its first start builds a profile


def size_text(size: int) -> str:
    """Bytes as a person reads them: 5 MB, 1.5 KB, 300 字节."""
    for unit, scale in (("MB", MB), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{size} 字节"


def size_limit(name: str) -> int:
    return FILE_SIZE.get(PurePath(name).suffix.lower(), OTHER_SIZE)


def check_size(name: str, size: int, kind: str | None = None) -> None:
    """Refuse a file larger than the limit of its kind (`kind` as a suffix, else the name's), before it is read."""
    if error := size_error(name, size, kind):
        raise error


def check_upload(name: str, size: int | None, *, table: bool = False) -> None:
    """A file as the web received it, by the size it declares, before it is read: a goal document by its
    suffix, a table of records or people (.xlsx or .csv) by theirs. (A size not known is checked by the
    reader, on the bytes.)"""
    name = PurePath(name or "").name or "上传的文件"
    check_size(name, size or 0, (".xlsx" if name.lower().endswith(".xlsx") else ".csv") if table else None)


def size_error(name: str, size: int, kind: str | None = None) -> ReadError | None:
    kind = kind or PurePath(name).suffix.lower()
    limit = FILE_SIZE.get(kind, OTHER_SIZE)
    if size <= limit:
        return None
    return ReadError(e.FILE_TOO_LARGE, e.FILE_TOO_LARGE_MESSAGE.format(
        size=size_text(size), kind=kind if kind in FILE_SIZE else "此类", limit=size_text(limit)), name)


# ---------------------------------------------------------------- zip packages

_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.I)


def check_zip(data: bytes, name: str, part_limit: int = ZIP_UNCOMPRESSED,
              parsed: tuple[str, ...] = ()) -> zipfile.ZipFile | None:
    """The package's parts as its central directory declares them: their number, their sizes
    unpacked, each part's compression ratio; the `parsed` parts may not declare a DTD (OOXML has
    none, and entities are how a small part expands; python-docx and calamine expand none, this
    holds whatever parser comes next). None when the bytes are no zip at all: the reader then
    says the file is broken, as before."""
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        parts = package.infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError):
        return None
    if len(parts) > ZIP_PARTS:
        raise ReadError(e.ZIP_TOO_LARGE, e.ZIP_PARTS_MESSAGE.format(count=len(parts), limit=ZIP_PARTS), name)
    total = sum(p.file_size for p in parts)
    if total > ZIP_UNCOMPRESSED:
        raise ReadError(e.ZIP_TOO_LARGE, e.ZIP_TOO_LARGE_MESSAGE.format(
            size=size_text(total), limit=size_text(ZIP_UNCOMPRESSED)), name)
    for p in parts:
        if p.file_size > part_limit and p.filename.endswith((".xml", ".rels")):
            raise ReadError(e.ZIP_TOO_LARGE, e.ZIP_PART_MESSAGE.format(
                part=p.filename, size=size_text(p.file_size), limit=size_text(part_limit)), name)
        if p.file_size > ZIP_RATIO_FROM and p.file_size > ZIP_RATIO * max(p.compress_size, 1):
            raise ReadError(e.ZIP_TOO_LARGE, e.ZIP_RATIO_MESSAGE.format(
                part=p.filename, ratio=p.file_size // max(p.compress_size, 1), limit=ZIP_RATIO), name)
    for p in parts:
        if p.filename in parsed:
            _check_dtd(_head(package, p), p.filename, name)
    return package


def _check_dtd(head: bytes, part: str, name: str) -> None:
    if _DTD.search(head):
        raise ReadError(e.XML_DTD, e.XML_DTD_MESSAGE.format(part=part), name)


def _head(package: zipfile.ZipFile, part: zipfile.ZipInfo, size: int = 2048) -> bytes:
    try:
        with package.open(part) as f:
            return f.read(size)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        return b""  # a broken part: the reader says the file is broken


def check_docx(data: bytes, name: str) -> None:
    check_zip(data, name, DOCX_PART, ("word/document.xml",))


# ---------------------------------------------------------------- sheets

_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")
_RELATION = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"([\w:]+)\s*=\s*[\"']([^\"']*)[\"']")
# A row, a cell or a merged range; the attributes as one group (self-closing when it ends in /).
_TAG = re.compile(rb"<(?:\w+:)?(row|c|mergeCell)\b([^>]*)>")
_REF = re.compile(rb"\br\s*=\s*[\"']\$?([A-Za-z]{0,3})\$?(\d*)[\"']")
# A cell as Excel writes it: its column, its row, and "/" when it holds no value (<c r="B7" s="1"/>).
_EXCEL_CELL = re.compile(rb'<c r="([A-Z]{1,3})(\d+)"([^>]*)>')
_EXCEL_MERGE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
# A row, cell or merged range written otherwise: with a namespace prefix, or not beginning <row r=", <c r=", <mergeCell ref=".
_NOT_AS_EXCEL_WRITES = re.compile(rb'<(?:\w+:(?:c|row|mergeCell)[\s/>]|c(?:>|/|\s(?!r="))|row(?:>|/|\s(?!r="))'
                                  rb'|mergeCell(?:>|/|\s(?!ref="[A-Z]{1,3}\d+(?::[A-Z]{1,3}\d+)?")))')
_COLUMNS = {bytes(name, "ascii"): n for n, name in enumerate(  # A … ZZ: 1 … 702
    [chr(a) for a in range(65, 91)] + [chr(a) + chr(b) for a in range(65, 91) for b in range(65, 91)], 1)}
_RANGE = re.compile(rb"\bref\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?[\"']")


def check_xlsx(data: bytes, name: str, cells: int = DOCUMENT_CELLS) -> None:
    """The package, then each sheet's used range (rows × columns from the cells that hold a value)
    and its merged ranges, against SHEET_ROWS, SHEET_COLUMNS and `cells` for all sheets together."""
    package = check_zip(data, name, parsed=("xl/workbook.xml", "xl/sharedStrings.xml"))
    if package is None:
        return
    total = 0
    for sheet, part in _sheets(package):
        rows, columns, merged, whole = _used_range(package, part, cells, name)
        if rows > SHEET_ROWS or columns > SHEET_COLUMNS:
            raise ReadError(e.SHEET_TOO_LARGE, e.SHEET_TOO_LARGE_MESSAGE.format(
                sheet=sheet, at_least="" if whole else "至少", rows=rows, columns=columns, max_rows=SHEET_ROWS,
                max_columns=SHEET_COLUMNS), name)
        total += rows * columns
        if total > cells or merged > cells:
            raise ReadError(e.SHEET_TOO_LARGE, e.SHEET_CELLS_MESSAGE.format(
                sheet=sheet, at_least="" if whole else "至少", rows=rows, columns=columns, cells=max(total, merged),
                limit=cells), name)


def _attributes(text: bytes) -> dict[str, str]:
    return {k.decode().split(":")[-1]: unescape(v.decode("utf-8", "replace")) for k, v in _ATTRIBUTE.findall(text)}


def _sheets(package: zipfile.ZipFile) -> Iterator[tuple[str, zipfile.ZipInfo]]:
    """(the sheet's name as Excel shows it, its part), every worksheet part once."""
    names = {p.filename: p for p in package.infolist()}
    targets: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names and "xl/workbook.xml" in names:
        rels = {a.get("Id", ""): a.get("Target", "") for a in map(_attributes, _RELATION.findall(
            _bounded(package, names["xl/_rels/workbook.xml.rels"])))}
        for a in map(_attributes, _SHEET.findall(_bounded(package, names["xl/workbook.xml"]))):
            target = rels.get(a.get("id", ""), "")
            target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            targets.setdefault(target, a.get("name", target))
    for filename, part in names.items():
        if filename.startswith("xl/worksheets/") and filename.endswith(".xml") and "/_rels/" not in filename:
            yield targets.get(filename, PurePath(filename).stem), part


def _bounded(package: zipfile.ZipFile, part: zipfile.ZipInfo, limit: int = 4 * MB) -> bytes:
    """A small part (the workbook and its relations), read only up to `limit`."""
    try:
        with package.open(part) as f:
            return f.read(limit)
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        return b""


def _column(letters: bytes) -> int:
    if (known := _COLUMNS.get(letters)) is not None:
        return known
    n = 0
    for ch in letters.upper():
        n = n * 26 + ch - 64
    return n


def _used_range(package: zipfile.ZipFile, part: zipfile.ZipInfo, cells: int, name: str) -> tuple[int, int, int, bool]:
    """(rows, columns, merged cells, whether the whole sheet was read) of one sheet, streamed in blocks of
    whole tags; stops as soon as a limit is passed. Excel writes every row and cell as <row r="7" …> and <c r="B7" …>: such a block is
    measured by counting and one regular expression. Any other sheet is walked tag by tag."""
    rows = columns = merged = 0
    blocks = _blocks(package, part)
    for n, block in enumerate(blocks):
        if n == 0:
            _check_dtd(block[:4096], part.filename, name)
        if _NOT_AS_EXCEL_WRITES.search(block):
            return _walk(package, part, cells)
        if found := [(letters, digits) for letters, digits, rest in _EXCEL_CELL.findall(block) if not rest.endswith(b"/")]:
            letters, digits = zip(*found)
            columns = max(columns, *map(_column, set(letters)))
            rows = max(rows, *map(int, set(digits)))
        if b"<mergeCell " in block:
            merged += sum((abs(int(r1 or r0) - int(r0)) + 1) * (abs(_column(c1 or c0) - _column(c0)) + 1)
                          for c0, r0, c1, r1 in _EXCEL_MERGE.findall(block))
        if rows > SHEET_ROWS or columns > SHEET_COLUMNS or rows * columns > cells or merged > cells:
            return rows, columns, merged, _rest_is_empty(blocks)
    return rows, columns, merged, True


def _merged(tag: bytes) -> int:
    if m := _RANGE.search(tag):
        r0, c0 = int(m[2]), _column(m[1])
        r1, c1 = (int(m[4]), _column(m[3])) if m[3] else (r0, c0)
        return (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)
    return 0


def _walk(package: zipfile.ZipFile, part: zipfile.ZipInfo, cells: int) -> tuple[int, int, int, bool]:
    """_used_range tag by tag: a row or cell without `r` follows the one before it, as readers place it."""
    rows = columns = merged = row = column = 0
    blocks = _blocks(package, part)
    for block in blocks:
        for m in _TAG.finditer(block):
            tag, attrs = m[1], m[2]
            if tag == b"mergeCell":
                merged += _merged(m[0])
                continue
            ref = _REF.search(attrs)
            if tag == b"row":
                row, column = (int(ref[2]) if ref and ref[2] else row + 1), 0
                continue
            column = _column(ref[1]) if ref and ref[1] else column + 1
            row = int(ref[2]) if ref and ref[2] else max(row, 1)
            if not attrs.rstrip().endswith(b"/"):  # <c …/> holds no value: calamine leaves it out
                rows, columns = max(rows, row), max(columns, column)
        if rows > SHEET_ROWS or columns > SHEET_COLUMNS or rows * columns > cells or merged > cells:
            return rows, columns, merged, _rest_is_empty(blocks)
    return rows, columns, merged, True


def _rest_is_empty(blocks: Iterator[bytes]) -> bool:
    """Whether what is left of a sheet after a limit was passed holds no more rows (one block looked at)."""
    rest = next(blocks, b"")
    return b"<row" not in rest and b":row" not in rest


def _blocks(package: zipfile.ZipFile, part: zipfile.ZipInfo, size: int = 1 * MB) -> Iterator[bytes]:
    """The part's bytes in blocks that end before a tag's “<”, so that no tag is cut in two."""
    carry = b""
    try:
        with package.open(part) as f:
            while block := f.read(size):
                text = carry + block
                cut = text.rfind(b"<")  # the last tag may continue in the next block
                cut = len(text) if cut <= 0 else cut
                yield text[:cut]
                carry = text[cut:]
                if len(carry) > size:  # a tag longer than a block is no tag jixiao reads
                    carry = b""
            if carry:
                yield carry
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
        return  # a broken part: the reader says the file is broken


# ---------------------------------------------------------------- rows, JSON

def csv_rows(text: str, name: str, limit: int | None = None) -> Iterator[list[str]]:
    """The rows of a .csv table, refused once there are more than `limit`, or at a cell longer
    than the csv module reads (131,072 characters)."""
    limit = TABLE_ROWS if limit is None else limit
    rows = csv.reader(io.StringIO(text))
    n = 0
    while True:
        n += 1
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ReadError(e.BAD_CSV, e.BAD_CSV_MESSAGE.format(row=rows.line_num or n), name) from exc
        if n > limit:
            raise ReadError(e.TOO_MANY_ROWS, e.TOO_MANY_ROWS_MESSAGE.format(limit=limit), name)
        yield row


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")


def check_json(data: bytes, name: str) -> None:
    """Size, then nesting depth counted over the brackets outside strings (before json.loads recurses).

    >>> check_json(b'{"a": [1, {"b": "[[[["}]}', "x.json")
    >>> check_json(b"[" * 21 + b"]" * 21, "x.json")
    Traceback (most recent call last):
    ...
    jixiao.core.problems.ReadError: x.json：JSON嵌套超过上限20层
    """
    check_size(name, len(data), ".json")
    depth = 0
    for b in _JSON_STRING.sub(b"", data).translate(None, _NOT_BRACKETS):
        depth += 1 if b in b"[{" else -1
        if depth > JSON_DEPTH:
            raise ReadError(e.JSON_TOO_DEEP, e.JSON_DEPTH_MESSAGE.format(limit=JSON_DEPTH), name)
