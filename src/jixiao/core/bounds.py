"""Bounds a value a person or a client sends must keep before anything stores it: a date within
sane years, a number finite and within its column (its digits, its places, its range). The pages'
forms, the API's schemas and the services check the same bounds, so that nothing the database
cannot hold (NaN, Infinity, 1e10 in a column of five digits) ever reaches it.

>>> from datetime import date
>>> check_date(date(2021, 5, 1), "变更日期")
datetime.date(2021, 5, 1)
>>> check_date(date(1, 1, 1), "变更日期", key="date")
Traceback (most recent call last):
...
jixiao.core.bounds.BoundsError: 变更日期应在2000年至2100年之间，填的是0001-01-01
>>> check_year(1999, "标准年度", key="year")
Traceback (most recent call last):
...
jixiao.core.bounds.BoundsError: 标准年度应在2000年至2100年之间，填的是1999
>>> check_number(Decimal("12.5"), "得分比例", max_digits=5, decimal_places=2, lo=0, hi=100)
Decimal('12.5')
>>> for text in ("NaN", "Infinity", "1e10", "12.345", "-1"):
...     try:
...         check_number(Decimal(text), "得分比例", max_digits=5, decimal_places=2, lo=0, hi=100)
...     except BoundsError as error:
...         print(error)
得分比例应为有限的数字，填的是NaN
得分比例应为有限的数字，填的是Infinity
得分比例应在0～100之间，填的是1E+10
得分比例最多2位小数，填的是12.345
得分比例应在0～100之间，填的是-1
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from .errors import JixiaoError

FIRST_YEAR, LAST_YEAR = 2000, 2100  # the dates jixiao's records can sensibly carry
BOUNDS = "bounds"
DATE_OUT_OF_YEARS = "{field}应在{first}年至{last}年之间，填的是{value}"
NOT_FINITE = "{field}应为有限的数字，填的是{value}"
OUT_OF_RANGE = "{field}应在{lo}～{hi}之间，填的是{value}"
TOO_MANY_DIGITS = "{field}的整数部分不能超过{whole}位，填的是{value}"
TOO_MANY_PLACES = "{field}最多{places}位小数，填的是{value}"


class BoundsError(JixiaoError):
    """A value outside what its field can hold (400), naming the field."""


def date_problem(on: date, field: str) -> str | None:
    """What is wrong with a date a person gave for `field`, or None."""
    if FIRST_YEAR <= on.year <= LAST_YEAR:
        return None
    return DATE_OUT_OF_YEARS.format(field=field, first=FIRST_YEAR, last=LAST_YEAR, value=on.isoformat())


def check_year(year: int, field: str, *, key: str = "year") -> int:
    """The year, if within FIRST_YEAR..LAST_YEAR; a BoundsError naming `field` otherwise."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        return year
    problem = DATE_OUT_OF_YEARS.format(field=field, first=FIRST_YEAR, last=LAST_YEAR, value=year)
    raise BoundsError(BOUNDS, problem, fields={key: problem})


def check_date(on: date, field: str, *, key: str = "date") -> date:
    """The date, if within FIRST_YEAR..LAST_YEAR; a BoundsError naming `field` otherwise."""
    problem = date_problem(on, field)
    if problem:
        raise BoundsError(BOUNDS, problem, fields={key: problem})
    return on


def number_problem(value: Decimal, field: str, *, max_digits: int, decimal_places: int,
                   lo: Decimal | int | None = None, hi: Decimal | int | None = None) -> str | None:
    """What is wrong with a number for a column of `max_digits` digits and `decimal_places` places
    (and, when given, the range lo..hi), or None."""
    if not value.is_finite():
        return NOT_FINITE.format(field=field, value=value)
    if lo is not None and hi is not None and not lo <= value <= hi:
        return OUT_OF_RANGE.format(field=field, lo=lo, hi=hi, value=value)
    places = -value.as_tuple().exponent if value.as_tuple().exponent < 0 else 0  # type: ignore[operator]
    if places > decimal_places and value != value.quantize(Decimal(1).scaleb(-decimal_places)):
        return TOO_MANY_PLACES.format(field=field, places=decimal_places, value=value)
    whole = max_digits - decimal_places
    if abs(value) >= Decimal(10) ** whole:
        return TOO_MANY_DIGITS.format(field=field, whole=whole, value=value)
    return None


def check_number(value: Decimal, field: str, *, key: str = "", max_digits: int, decimal_places: int,
                 lo: Decimal | int | None = None, hi: Decimal | int | None = None) -> Decimal:
    """The number, if the column can hold it; a BoundsError naming `field` otherwise."""
    problem = number_problem(value, field, max_digits=max_digits, decimal_places=decimal_places, lo=lo, hi=hi)
    if problem:
        raise BoundsError(BOUNDS, problem, fields={key or field: problem})
    return value
