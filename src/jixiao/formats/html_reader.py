"""Saved web pages (.html, .htm, .mhtml) of a 预算公开 site: the page's real `<table>`
elements laid on the grid of `blocks` (rowspan and colspan expanded, the merged cell's text
in its first row and column), the text around them as paragraphs, the page chrome
(scripts, styles, navigation, header, footer) left out and the `<title>` kept first.

Layout tables wrapping a goal table, common on government sites, are read as text: only the
innermost tables, the ones holding the cells, become tables. The charset is the one the page
declares, else the one its bytes show (`encoding.decode`, GBK pages are common); an MHTML
archive is read through its text/html part. lxml recovers what it can of a broken page.

>>> blocks = html_blocks('<title>2023年目标</title><table><tr><td rowspan="2">A</td><td colspan="2">B</td>'
...                      '</tr><tr><td>C<br>甲</td><td>&nbsp;</td></tr></table>'.encode())
>>> blocks[0]
Paragraph(text='2023年目标', place='')
>>> [[c.text for c in row] for row in blocks[1].rows]
[['A', 'B', ''], ['', 'C\\n甲', '']]
>>> blocks[1].rows[1][1].place
'第1个表格第2行第2列'
"""

from __future__ import annotations

import codecs
import email
import re
from collections.abc import Iterator

import lxml.etree
import lxml.html

from ..core.document import GoalDocument
from ..core.problems import Problem, ReadError, cell_place
from . import encoding, limits
from . import errors as e
from .assemble import assemble
from .blocks import Block, Cell, Paragraph, Table

# Elements whose text is never part of the document: code, page chrome, form controls.
_SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "nav", "header", "footer",
                   "select", "button", "textarea", "iframe", "object", "embed", "svg", "canvas", "map"})
# Elements that begin and end a paragraph (anything else, such as span, a, font, is inline).
_BLOCK = frozenset({"html", "body", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
                    "dl", "dt", "dd", "section", "article", "main", "aside", "blockquote", "pre",
                    "address", "form", "fieldset", "figure", "figcaption", "center", "hr", "table",
                    "caption", "thead", "tbody", "tfoot", "tr", "td", "th", "dir", "menu", "legend"})
# A div or list whose class or id says it is chrome (div.nav, ul#menu, div.footer-box …) is left
# out too, unless it holds a table.
_CHROME = frozenset({"nav", "navbar", "navigation", "menu", "header", "footer", "foot", "top", "topbar",
                     "bottom", "crumb", "crumbs", "breadcrumb", "copyright", "share", "search",
                     "sidebar", "toolbar", "related"})
_TOKENS = re.compile(r"[\s_-]+")
_SPACES = re.compile(r"\s+")
_DIGITS = re.compile(r"\s*(\d+)")
_CHARSET = re.compile(rb"<meta\b[^>]{0,400}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"<\?xml\b[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)", re.I)
_GB = frozenset({"gbk", "gb2312", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "gb18030", "hz"})
_MAX_COLSPAN = 1000  # the HTML standard's limit
# Byte-order marks, zip (.docx, .xlsx) and OLE (.doc, .xls): `encoding.decode` answers for them.
_NOT_PLAIN = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")


def read_html(data: bytes, source: str = "") -> tuple[GoalDocument, list[Problem]]:
    return assemble(html_blocks(data, source), source)


def html_blocks(data: bytes, source: str = "") -> list[Block]:
    """The page's paragraphs and tables in order, as every reader gives them to `assemble`."""
    limits.check_size(source, len(data), ".mhtml" if is_mhtml(data) else ".html")
    if is_mhtml(data):
        data, charset = _mhtml_html(data)
        limits.check_size(source, len(data), ".html")  # the page, decoded from the archive
        text = _decode(data, source, charset) if data.strip() else ""
    else:
        text = _decode(data, source)
    root = _parse(text)
    if root is None:
        return []
    page = _Page(source)
    title = root.find(".//title")
    if title is not None and (words := _tidy(title.text_content())):
        page.blocks.append(Paragraph(words, ""))
    page.walk(root)
    page.flush()
    return page.blocks


def is_mhtml(data: bytes) -> bool:
    """A web archive: mail headers with MIME-Version and a multipart/related body."""
    head = data[:4096].lower()
    return not head.lstrip().startswith(b"<") and b"mime-version:" in head and b"multipart/related" in head


# ---------------------------------------------------------------- bytes to a tree

def _mhtml_html(data: bytes) -> tuple[bytes, str | None]:
    """The archive's first text/html part, its transfer encoding undone, and its charset."""
    message = email.message_from_bytes(data)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload, part.get_content_charset()
    return b"", None


def _decode(data: bytes, source: str, charset: str | None = None) -> str:
    """UTF-8 when the bytes are (GBK text never is, and sites moved to UTF-8 keeping a gbk meta),
    else the charset declared, else the one the bytes show."""
    if data.strip() and not data.startswith(_NOT_PLAIN) and b"\x00" not in data[:4096]:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        head = data[:4096]
        m = _CHARSET.search(head) or _XML_ENCODING.search(head)
        declared = charset or (m[1].decode("ascii") if m else None)
        if declared and (text := _decode_as(data, declared)) is not None:
            return text
    return encoding.decode(data, source)  # no charset, a wrong one, or an empty or binary file


def _decode_as(data: bytes, charset: str) -> str | None:
    name = charset.strip().lower()
    if name in _GB:
        name = "gb18030"  # the superset: never lose a character GBK cannot name
    try:
        codecs.lookup(name)
        return data.decode(name)
    except (LookupError, UnicodeDecodeError):
        return None  # a page declaring utf-8 but saved as GBK is common


def _parse(text: str):
    if not text.strip():
        return None
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return lxml.etree.fromstring(text.encode("utf-8", "surrogatepass"), parser)
    except (lxml.etree.LxmlError, ValueError):  # lxml recovers nearly everything; what it cannot is no page
        return None


# ---------------------------------------------------------------- the tree to blocks

class _Page:
    def __init__(self, source: str = "") -> None:
        self.blocks: list[Block] = []
        self.words: list[str] = []
        self.tables = 0
        self.source, self.cells = source, 0  # the cells of the page's tables so far (limits.DOCUMENT_CELLS)

    def flush(self) -> None:
        if text := _tidy("".join(self.words)):
            self.blocks.append(Paragraph(text, ""))
        self.words = []

    def walk(self, el) -> None:
        tag = _tag(el)
        if tag is None or tag in _SKIP or _is_chrome(el, tag):
            return
        if tag == "br":
            self.flush()
            return
        if tag == "table" and el.find(".//table") is None:
            self.flush()
            for caption in (c for c in el if _tag(c) == "caption"):
                self.words.append(caption.text_content())
                self.flush()
            if table := _table(_row_cells(el), self.tables + 1, self):
                self.tables += 1
                self.cells += len(table.rows) * len(table.rows[0])
                self.blocks.append(table)
            return
        block = tag in _BLOCK
        if block:
            self.flush()
        if el.text:
            self.words.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.words.append(child.tail)
        if block:
            self.flush()


def _tag(el) -> str | None:
    return el.tag.lower() if isinstance(el.tag, str) else None  # comments and entities have no name


def _is_chrome(el, tag: str) -> bool:
    if tag in ("html", "body", "table", "tr", "td", "th"):
        return False
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    if not names.strip() or not _CHROME.intersection(_TOKENS.split(names)):
        return False
    return el.find(".//table") is None


def _tidy(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


# ---------------------------------------------------------------- a table on its grid

def _row_cells(table) -> list[list]:
    """The table's rows, each its td/th elements (a td outside any tr makes a row of its own run)."""
    rows: list[list] = []
    loose: list = []
    for el in _table_children(table):
        tag = _tag(el)
        if tag in ("td", "th"):
            loose.append(el)
            continue
        if loose:
            rows.append(loose)
            loose = []
        if tag == "tr":
            rows.append([c for c in el if _tag(c) in ("td", "th")])
    if loose:
        rows.append(loose)
    return rows


def _table_children(table) -> Iterator:
    for el in table:
        if _tag(el) in ("thead", "tbody", "tfoot"):
            yield from el
        else:
            yield el


def _table(rows: list[list], number: int, page: _Page | None = None) -> Table | None:
    """The rows on their grid; none when no row has a cell. The grid, spans expanded, may not take the
    page's tables past limits.DOCUMENT_CELLS (a colspan of 1000 on each of 50,000 rows is 50 million)."""
    room = limits.DOCUMENT_CELLS - (page.cells if page else 0)
    place = page.source if page else ""
    grid: dict[tuple[int, int], str] = {}
    width = 0
    for r, cells in enumerate(rows):
        c = 0
        for td in cells:
            while (r, c) in grid:
                c += 1
            down = _span(td.get("rowspan"), 1) or len(rows) - r  # rowspan="0": to the table's end
            across = _span(td.get("colspan"), 1) or 1
            down, across = min(down, len(rows) - r), min(across, _MAX_COLSPAN)
            if len(grid) + down * across > room:
                raise ReadError(e.TABLE_TOO_LARGE, e.HTML_TABLE_TOO_LARGE_MESSAGE.format(
                    number=number, limit=limits.DOCUMENT_CELLS), place)
            for dr in range(down):
                for dc in range(across):
                    grid[r + dr, c + dc] = ""
            grid[r, c] = _cell_text(td)
            c += across
        width = max(width, c)
    if not width:
        return None
    if len(rows) * width > room:
        raise ReadError(e.TABLE_TOO_LARGE, e.HTML_TABLE_TOO_LARGE_MESSAGE.format(number=number, limit=limits.DOCUMENT_CELLS), place)
    return Table([[Cell(grid.get((r, c), ""), cell_place(number, r + 1, c + 1)) for c in range(width)]
                  for r in range(len(rows))], cell_place(number, 1, 1))


def _span(value: str | None, default: int) -> int:
    m = _DIGITS.match(value or "")
    return int(m[1]) if m else default


def _cell_text(td) -> str:
    """The cell's lines: <br> and block elements (p, div …) break lines, source whitespace does not."""
    parts: list[str] = []
    _cell_parts(td, parts)
    lines = (_tidy(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _cell_parts(el, parts: list[str]) -> None:
    if el.text:
        parts.append(el.text.replace("\n", " "))
    for child in el:
        tag = _tag(child)
        if tag is not None and tag not in _SKIP:
            if tag == "br":
                parts.append("\n")
            else:
                block = tag in _BLOCK
                parts.append("\n" if block else "")
                _cell_parts(child, parts)
                parts.append("\n" if block else "")
        if child.tail:
            parts.append(child.tail.replace("\n", " "))
