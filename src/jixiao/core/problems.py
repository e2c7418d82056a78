"""Problems found in a document, each with its place, and the error for a file
that cannot be read at all. Messages are Chinese; codes are stable."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import JixiaoError

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    place: str = ""
    severity: str = ERROR

    def __str__(self) -> str:
        return f"{self.place}：{self.message}" if self.place else self.message


class ReadError(JixiaoError):
    """The file cannot be turned into a goal document or records: unreadable (exit 2),
    or readable but not in the shape its format requires (exit 1)."""

    def __init__(self, code: str, message: str, place: str = "", exit_code: int = 2):
        super().__init__(code, message, place, exit_code=exit_code)


def line_place(line: int) -> str:
    return f"第{line}行"


def cell_place(table: int, row: int, column: int) -> str:
    return f"第{table}个表格第{row}行第{column}列"


def sheet_place(sheet: str, coordinate: str) -> str:
    return f"工作表“{sheet}”单元格{coordinate}"
