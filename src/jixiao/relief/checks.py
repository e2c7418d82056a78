"""劳模 and their yearly health checks (劳模体检), and reading the 劳模名册 from a table.

>>> good, bad = read_workers([["姓名", "身份证号", "级别", "授予年份"], ["张三", "11010519491231002X", "省部级", "2015"],
...                           ["李四", "11010519491231002X", "县级", "2015"]])
>>> [(n, w.name, w.level) for n, w in good], [str(b) for b in bad]
([(2, '张三', '省部级')], ['第3行“级别”：“县级”不是全国、省部级、市级之一'])
>>> [str(b) for b in read_workers([["姓名", "身份证号", "级别", "授予年份"],
...                                  ["张三", "11010519491231002X", "省部级", "9030"]])[1]]  # doctest: +ELLIPSIS
['第2行“授予年份”：9030不在1950年至...年（今年）之间']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import errors as e
from .errors import PersonError
from .persons import id_number, mask_id
from .register import RowProblem, missing_columns

LEVELS = ("全国", "省部级", "市级")
DONE, NOT_DONE, DECLINED = "已检", "未检", "放弃"
CHECK_STATES = (DONE, NOT_DONE, DECLINED)


@dataclass
class ModelWorker:
    id_number: str
    name: str
    level: str
    year_honoured: int


@dataclass(frozen=True)
class HealthCheck:
    id_number: str
    year: int
    state: str = NOT_DONE
    on: date | None = None
    institution: str = ""
    cost: Decimal = Decimal(0)
    reason: str = ""  # why not checked or declined
    ref: str = ""


def due(workers: list[ModelWorker], levels: tuple[str, ...] = ("全国", "省部级")) -> list[ModelWorker]:
    """The model workers whose check the project pays for (the seed: 省部级 and above)."""
    return [w for w in workers if w.level in levels]


WORKER_COLUMNS = ("姓名", "身份证号", "级别", "授予年份")
FIRST_HONOURED = 1950  # the first national 劳动模范 were honoured in 1950


def read_workers(rows: list[list[str]], known: Iterable[str] = ()) -> tuple[list[tuple[int, ModelWorker]],
                                                                           list[RowProblem]]:
    """Good rows and bad rows of a 劳模名册 (姓名, 身份证号, 级别, 授予年份; the first row its
    header). A worker already in `known` or twice in the table is refused, by 身份证号."""
    header = [str(h).strip() for h in rows[0]] if rows else []
    missing = [c for c in WORKER_COLUMNS if c not in header]
    if missing:
        return [], [missing_columns(missing)]
    col = {c: header.index(c) for c in WORKER_COLUMNS}
    seen = set(known)
    this_year = date.today().year  # an honour is given in a year that has come
    good, bad = [], []
    for n, row in enumerate(rows[1:], 2):
        get = lambda c, row=row: str(row[col[c]]).strip() if col[c] < len(row) else ""
        if not any(str(c).strip() for c in row):
            continue
        try:
            number = id_number(get("身份证号"))
        except PersonError as exc:
            bad.append(RowProblem(n, "身份证号", exc.message, exc.code))
            continue
        if get("级别") not in LEVELS:
            message = e.NOT_A_LEVEL_MESSAGE.format(value=get("级别"), levels="、".join(LEVELS))
            bad.append(RowProblem(n, "级别", message, e.NOT_A_LEVEL))
        elif not get("授予年份").isdigit():
            bad.append(RowProblem(n, "授予年份", e.NOT_A_YEAR_MESSAGE.format(text=get("授予年份")), e.NOT_A_YEAR))
        elif not FIRST_HONOURED <= int(get("授予年份")) <= this_year:
            message = e.HONOURED_YEAR_MESSAGE.format(text=get("授予年份"), first=FIRST_HONOURED, last=this_year)
            bad.append(RowProblem(n, "授予年份", message, e.NOT_A_YEAR))
        elif number in seen:
            bad.append(RowProblem(n, "身份证号", e.LISTED_TWICE_MESSAGE.format(masked=mask_id(number)), e.LISTED_TWICE))
        else:
            seen.add(number)
            good.append((n, ModelWorker(number, get("姓名"), get("级别"), int(get("授予年份")))))
    return good, bad
