"""Spending records and indicator actuals from CSV (in any encoding units use) or
from the first sheet of an .xlsx.

Spending: project, date, amount (元), note. Actuals: project, indicator, actual,
and optionally share, reason, measure, forecast. Chinese headers are accepted too
(项目编码, 日期, 金额, 备注; 三级指标, 完成值, 得分比例, 偏差原因, 纠偏措施, 全年预计).
A project without a 项目编码 is named by its name: in the 项目编码 column, or in a 项目名称
column (read where the row's 项目编码 is empty, or the file has no such column).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath

from ..core.errors import JixiaoError
from ..core.money import parse_amount, to_yuan
from ..core.problems import ReadError
from ..evaluation.quantities import record_from_text
from ..evaluation.records import IMPORTED, ActualRecord, Provenance, SpendingRecord
from . import errors as e
from . import limits
from .encoding import decode
from .xlsx_reader import cell_text

ALIASES = {
    "project": ("project", "项目编码", "项目代码", "项目"),
    "name": ("name", "项目名称"),  # names a project that has no 项目编码
    "date": ("date", "日期", "支出日期"),
    "amount": ("amount", "金额", "支出金额"),
    "note": ("note", "备注", "摘要"),
    "indicator": ("indicator", "三级指标", "指标", "指标名称"),
    "actual": ("actual", "完成值", "实际值", "实际完成值"),
    "share": ("share", "得分比例"),
    "reason": ("reason", "偏差原因", "偏差原因分析"),
    "measure": ("measure", "纠偏措施", "改进措施"),
    "forecast": ("forecast", "全年预计", "全年预计完成值"),
}
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$|^(\d{4})(\d{2})(\d{2})$")


def _table(name: str, data: bytes):
    if data.startswith(b"PK\x03\x04"):  # an Excel workbook, whatever its name
        from python_calamine import CalamineWorkbook

        limits.check_size(name, len(data), ".xlsx")
        limits.check_xlsx(data, name, limits.TABLE_CELLS)  # calamine aborts the process on a huge used range

        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            return iter([[cell_text(v) for v in row] for row in sheet.to_python()])
        except BaseException as exc:  # calamine reports some broken files as a Rust panic
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise ReadError(e.BAD_XLSX, e.BAD_XLSX_MESSAGE, name) from exc
    limits.check_size(name, len(data), ".csv")
    return limits.csv_rows(decode(data, name), name)


def _read(path: Path) -> bytes:
    try:
        if path.is_file():
            limits.check_size(str(path), path.stat().st_size, ".csv")  # before reading (.xlsx has the same limit)
        return path.read_bytes()
    except OSError as exc:
        raise ReadError(e.UNREADABLE, e.UNREADABLE_MESSAGE if path.exists() else e.MISSING_FILE_MESSAGE, str(path)) from exc


def _rows(data: bytes, name: str, required: tuple[str, ...]):
    """(line number, {field: text}) for each non-empty row; the header row named by ALIASES."""
    reader = _table(name, data)
    header = [h.strip() for h in next(reader, [])]
    columns = {key: header.index(name) for key, names in ALIASES.items() for name in names if name in header}
    missing = [key for key in required if key not in columns and not (key == "project" and "name" in columns)]
    if missing:
        names = "、".join(f"“{key}”（{_PROJECT_COLUMN if key == 'project' else ALIASES[key][1]}）" for key in missing)
        raise ReadError(e.MISSING_COLUMN, e.MISSING_COLUMNS_MESSAGE.format(names=names), name, exit_code=1)
    for n, row in enumerate(reader, 2):
        if any(cell.strip() for cell in row):
            cells = {key: (row[k].strip() if k < len(row) else "") for key, k in columns.items()}
            named = cells.pop("name", "")
            cells["project"] = cells.get("project", "") or named  # the code, or the name of a project without one
            yield n, cells


_PROJECT_COLUMN = "项目编码，没有编码的项目为项目名称"


def _bad(name: str, n: int, column: str, message: str) -> ReadError:
    return ReadError(e.BAD_VALUE, message, e.BAD_VALUE_PLACE.format(name=name, row=n, column=column), exit_code=1)


def parse_date(text: str) -> date:
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError(text)
    y, mo, d = (int(g) for g in (m.groups()[:3] if m[1] else m.groups()[3:]))
    return date(y, mo, d)


def read_spending(path: Path) -> list[SpendingRecord]:
    return spending_of(_read(path), str(path))


def read_actuals(path: Path) -> list[ActualRecord]:
    return actuals_of(_read(path), str(path))


@dataclass(frozen=True)
class BadRow:
    """A row of a records file that cannot be imported: its number, the field (as the user
    names the column) and why, in Chinese.

    >>> str(BadRow(3, "金额", "金额“很多”不是数字"))
    '第3行“金额”：金额“很多”不是数字'
    """

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行“{self.field}”：{self.reason}"


LABELS = {key: names[1] for key, names in ALIASES.items()}  # 项目编码, 日期, 金额 …


def _first(name: str, bad: list[BadRow]) -> None:
    """The readers that take a file whole (the CLI's) stop at its first bad row."""
    if bad:
        column = next((k for k, label in LABELS.items() if label == bad[0].field), bad[0].field)
        raise _bad(name, bad[0].row, column, bad[0].reason)


def spending_rows(data: bytes, name: str) -> tuple[list[tuple[int, SpendingRecord]], list[BadRow]]:
    """Every row of a spending file checked: (row number, record) for the good ones, and every bad one.
    Amounts may carry separators and a unit (1,000,000.00, 4万元)."""
    good, bad = [], []
    for n, row in _rows(data, name, ("project", "date", "amount")):
        problems = []
        if not row["project"]:
            problems.append(BadRow(n, LABELS["project"], e.EMPTY_PROJECT_MESSAGE))
        when = amount = None
        try:
            when = parse_date(row["date"])
        except ValueError:
            problems.append(BadRow(n, LABELS["date"], e.BAD_DATE_MESSAGE.format(text=row["date"])))
        try:
            text = row["amount"]
            amount = to_yuan(parse_amount(text), "万元") if text.endswith("万元") else parse_amount(text)
        except ValueError:
            problems.append(BadRow(n, LABELS["amount"], e.BAD_AMOUNT_MESSAGE.format(text=row["amount"])))
        if problems or when is None or amount is None:
            bad += problems
            continue
        good.append((n, SpendingRecord(row["project"], when, amount, row.get("note", ""), f"{name}：第{n}行")))
    return good, bad


def spending_of(data: bytes, name: str) -> list[SpendingRecord]:
    """The spending records of a CSV or .xlsx file's bytes; `name` is how places call the file."""
    good, bad = spending_rows(data, name)
    _first(name, bad)
    return [r for _, r in good]


def actuals_rows(data: bytes, name: str) -> tuple[list[tuple[int, ActualRecord]], list[BadRow]]:
    """Every row of an actuals file checked: (row number, record) for the good ones, and every bad one;
    what the unit typed is parsed here, once."""
    good, bad = [], []
    for n, row in _rows(data, name, ("project", "indicator", "actual")):
        if not row["project"]:
            bad.append(BadRow(n, LABELS["project"], e.EMPTY_PROJECT_MESSAGE))
            continue
        share = None
        if row.get("share"):
            try:
                share = parse_amount(row["share"])
            except ValueError:
                bad.append(BadRow(n, LABELS["share"], e.BAD_SHARE_MESSAGE.format(text=row["share"])))
                continue
        try:
            record = record_from_text(row["project"], row["indicator"], row["actual"], share,
                                      row.get("reason", ""), row.get("measure", ""), row.get("forecast", ""),
                                      f"{name}：第{n}行",
                                      Provenance(IMPORTED, file=f"{PurePath(name).name}：第{n}行"))
        except JixiaoError as exc:
            bad.append(BadRow(n, LABELS["forecast" if exc.code == "bad_forecast" else "actual"], exc.message))
            continue
        good.append((n, record))
    return good, bad


def actuals_of(data: bytes, name: str) -> list[ActualRecord]:
    """The actuals of a CSV or .xlsx file's bytes; what the unit typed is parsed here, once.
    Stops at the first bad row (the CLI's reading); `actuals_rows` checks every row."""
    records = []
    for n, row in _rows(data, name, ("project", "indicator", "actual")):
        if not row["project"]:
            raise _bad(name, n, "project", e.EMPTY_PROJECT_MESSAGE)
        share = None
        if row.get("share"):
            try:
                share = parse_amount(row["share"])
            except ValueError:
                raise _bad(name, n, "share", e.BAD_SHARE_MESSAGE.format(text=row["share"])) from None
        records.append(record_from_text(row["project"], row["indicator"], row["actual"], share,
                                        row.get("reason", ""), row.get("measure", ""), row.get("forecast", ""),
                                        f"{name}：第{n}行", Provenance(IMPORTED, file=f"{PurePath(name).name}：第{n}行")))
    return records
