"""Spending records and indicator actuals from CSV (in any encoding units use) or
from the first sheet of an .xlsx.

Spending: project, date, amount (元), note. Actuals: project, indicator, actual,
and optionally share, reason, measure, forecast. Chinese headers are accepted too
(项目编码, 日期, 金额, 备注; 三级指标, 完成值, 得分比例, 偏差原因, 纠偏措施, 全年预计).
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

from ..core.money import parse_amount, to_yuan
from ..core.problems import ReadError
from ..evaluation.quantities import record_from_text
from ..evaluation.records import IMPORTED, ActualRecord, EvaluationError, Provenance, SpendingRecord
from .encoding import decode
from .xlsx_reader import cell_text

ALIASES = {
    "project": ("project", "项目编码", "项目代码", "项目"),
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


def _table(path: Path, data: bytes):
    if data.startswith(b"PK\x03\x04"):  # an Excel workbook, whatever its name
        from python_calamine import CalamineWorkbook

        try:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
            return iter([[cell_text(v) for v in row] for row in sheet.to_python()])
        except BaseException as exc:  # calamine reports some broken files as a Rust panic
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
            raise ReadError("bad_xlsx", "Excel文件已损坏或不完整，无法打开", str(path)) from exc
    return csv.reader(io.StringIO(decode(data, str(path))))


def _rows(path: Path, required: tuple[str, ...]):
    """(line number, {field: text}) for each non-empty row; the header row named by ALIASES."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError("unreadable", "无法读取文件" if path.exists() else "文件不存在", str(path)) from exc
    reader = _table(path, data)
    header = [h.strip() for h in next(reader, [])]
    columns = {key: header.index(name) for key, names in ALIASES.items() for name in names if name in header}
    missing = [key for key in required if key not in columns]
    if missing:
        names = "、".join(f"“{key}”（{ALIASES[key][1]}）" for key in missing)
        raise ReadError("missing_column", f"第1行缺少{names}列", str(path), status=1)
    for n, row in enumerate(reader, 2):
        if any(cell.strip() for cell in row):
            yield n, {key: (row[k].strip() if k < len(row) else "") for key, k in columns.items()}


def _bad(path: Path, n: int, column: str, message: str) -> ReadError:
    return ReadError("bad_value", message, f"{path}：第{n}行“{column}”列", status=1)


def parse_date(text: str) -> date:
    m = _DATE.match(text.strip())
    if not m:
        raise ValueError(text)
    y, mo, d = (int(g) for g in (m.groups()[:3] if m[1] else m.groups()[3:]))
    return date(y, mo, d)


def read_spending(path: Path) -> list[SpendingRecord]:
    records = []
    for n, row in _rows(path, ("project", "date", "amount")):
        if not row["project"]:
            raise _bad(path, n, "project", "项目编码为空")
        try:
            when = parse_date(row["date"])
        except ValueError:
            raise _bad(path, n, "date", f"日期“{row['date']}”无法识别，应如2021-07-31") from None
        try:
            text = row["amount"]
            amount = to_yuan(parse_amount(text), "万元") if text.endswith("万元") else parse_amount(text)
        except ValueError:
            raise _bad(path, n, "amount", f"金额“{row['amount']}”不是数字") from None
        records.append(SpendingRecord(row["project"], when, amount, row.get("note", ""), f"{path}：第{n}行"))
    return records


def read_actuals(path: Path) -> list[ActualRecord]:
    records = []
    for n, row in _rows(path, ("project", "indicator", "actual")):
        if not row["project"]:
            raise _bad(path, n, "project", "项目编码为空")
        share = None
        if row.get("share"):
            try:
                share = parse_amount(row["share"])
            except ValueError:
                raise _bad(path, n, "share", f"得分比例“{row['share']}”不是数字") from None
        place = f"{path}：第{n}行"
        try:  # what the unit typed is parsed here, once; scoring gets numbers and units
            records.append(record_from_text(row["project"], row["indicator"], row["actual"], share,
                                            row.get("reason", ""), row.get("measure", ""), row.get("forecast", ""),
                                            place, Provenance(IMPORTED, file=f"{path.name}：第{n}行")))
        except EvaluationError as exc:
            raise ReadError(exc.code, exc.message, place, status=1) from None
    return records


