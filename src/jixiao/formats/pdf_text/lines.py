"""The lines of pdftotext's text, the words on them and how they are spaced.

pdftotext places each word at the character column its x position gives, in a
monospaced layout where a Chinese character takes two columns; it puts a space
where Chinese meets Latin letters or digits (“≥400 人”), as Word's PDFs have it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ...core.problems import line_place
from ..blocks import Cell

# pdftotext rounds each word's x position to a character column, so positions compared
# across lines or with a label's may be one column off.
ROUNDING = 1
# A wide (Chinese) character takes two columns of the layout, a narrow one one.
WIDE = 2
# Lines are split into words again and again (each pass over a table asks for them): the
# words of a few thousand distinct lines, more than a long document has, are kept.
WORDS_CACHE = 4096

_TOKEN = re.compile(r"\S+")
# A run of text: words one space apart; two spaces or more part columns.
SEGMENT = re.compile(r"\S+(?: \S+)*")
_CJK = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK}]")
_LETTER = re.compile(r"[A-Za-z]")


@dataclass
class Word:
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class Line:
    number: int  # 1-based, in the file
    text: str  # spaces between Chinese and numbers closed up
    page: int = 0
    raw: str = ""  # as pdftotext wrote it: what the indicator grid reads, column by column

    @property
    def raw_words(self) -> list[Word]:
        return words(self.raw or self.text)

    @property
    def words(self) -> list[Word]:
        return words(self.text)

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def read_lines(text: str) -> list[Line]:
    """The text's lines, each with its page; a page break becomes a blank line of its own,
    as it parts rows as a blank line would.

    >>> [(line.number, line.text, line.page) for line in read_lines("甲\\n\\f乙  1 人")]
    [(1, '甲', 0), (2, '', 1), (2, '乙  1人', 1)]
    """
    lines, page = [], 0
    for n, raw in enumerate(text.split("\n"), 1):
        if "\f" in raw:
            page += raw.count("\f")
            lines.append(Line(n, "", page))
            raw = raw.replace("\f", "")
        lines.append(Line(n, tighten(raw.rstrip()), page, raw.rstrip()))
    return lines


@lru_cache(maxsize=WORDS_CACHE)
def words(text: str) -> list[Word]:
    """The words of a line with the column each starts at (the same list for the same text).

    >>> words("项目编码  2021 年")
    [Word(start=0, text='项目编码'), Word(start=6, text='2021'), Word(start=11, text='年')]
    """
    return [Word(m.start(), m.group()) for m in _TOKEN.finditer(text)]


def width(text: str) -> int:
    """Columns the text takes in the layout.

    >>> width("≥400人")
    6
    """
    return sum(WIDE if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def join(parts: list[str]) -> str:
    """Wrapped pieces of one cell: Chinese joins directly, Latin words with a space.

    >>> join(["提高困难职工", "生活水平"]), join(["APP", "users"]), join(["3", "月底"])
    ('提高困难职工生活水平', 'APP users', '3月底')
    """
    out = ""
    for part in parts:
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def glue(a: str, b: str) -> bool:
    """pdftotext's space between Chinese and a number, not between two words or columns.

    >>> glue("≥400", "人"), glue("帮扶", "APP"), glue("帮扶", "资金")
    (True, False, False)
    """
    left, right = bool(_CJK_CHAR.match(a[-1])), bool(_CJK_CHAR.match(b[0]))
    if left == right:
        return False
    latin = b if left else a
    return not _LETTER.search(latin)


def cell_line(pieces: list[str]) -> str:
    """One line of a cell's words, spaced as the text was written.

    >>> cell_line(["≥400", "人"]), cell_line(["使用", "APP", "人数"]), cell_line([])
    ('≥400人', '使用 APP 人数', '')
    """
    out = pieces[0] if pieces else ""
    for a, b in zip(pieces, pieces[1:]):
        out += ("" if glue(a, b) else " ") + b
    return out


def tighten(line: str) -> str:
    """Drop the single spaces pdftotext puts where Chinese meets Latin or digits (“≥400 人”,
    “3 月底”) as Word's PDFs have them, keeping every run of text at its column.

    >>> tighten("受益人数  ≥400 人      3 月底")  # “3月底” starts where it did
    '受益人数  ≥400人       3月底'
    """
    if " " not in line.strip():
        return line
    out = ""
    for m in SEGMENT.finditer(line):
        tokens = m.group().split(" ")
        joined = tokens[0]
        for a, b in zip(tokens, tokens[1:]):
            joined += ("" if glue(a, b) else " ") + b
        out = out.ljust(m.start()) + joined
    return out


def cell(text: str, line: Line | None) -> Cell:
    """A cell whose place is the line it was read on."""
    return Cell(text, line_place(line.number) if line else "")
