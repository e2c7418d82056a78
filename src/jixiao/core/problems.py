"""Problems found in a document, each with its place, and the error for a file
that cannot be read at all. Messages are Chinese; codes are stable."""

from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    place: str = ""
    severity: str = ERROR

    def __str__(self) -> str:
        return f"{self.place}：{self.message}" if self.place else self.message


class ReadError(Exception):
    """The file cannot be turned into a goal document: unreadable (status 2), or
    readable but not in the shape its format requires (status 1)."""

    def __init__(self, code: str, message: str, place: str = "", status: int = 2):
        super().__init__(message)
        self.code, self.message, self.place, self.status = code, message, place, status

    def __str__(self) -> str:
        return f"{self.place}：{self.message}" if self.place else self.message


def line_place(line: int) -> str:
    return f"第{line}行"


def cell_place(table: int, row: int, column: int) -> str:
    return f"第{table}个表格第{row}行第{column}列"


def sheet_place(sheet: str, coordinate: str) -> str:
    return f"工作表“{sheet}”单元格{coordinate}"
