"""身份证号 and phone numbers: validation with python-stdnum's parts, the legacy 15-digit
form converted, and masking for roles that must not see them.

A 身份证号 is valid when its check digit (`stdnum.cn.ric.calc_check_digit`), its birth date
(a real day, not before 1900 and not in the future) and its region code (a code of
stdnum's table `cn/loc`, in any period, current or past) are. The region code is NOT
checked against the birth date as `ric.validate` does: people keep the code of the place
where their number was issued, so a worker born in 1950 holds 130322 (昌黎县, a code since
1983).

>>> id_number("110105491231002")
'11010519491231002X'
>>> id_number("130322195206110026")
'130322195206110026'
>>> region("130322195206110026")
'河北省昌黎县'
>>> mask_id("11010519491231002X")
'110105********002X'
>>> mask_phone("13812341234")
'138****1234'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from stdnum import numdb
from stdnum.cn import ric

from ..core.numerals import half_width
from .errors import (
    ID_BIRTH_DATE,
    ID_BIRTH_DATE_MESSAGE,
    ID_CHECKSUM,
    ID_CHECKSUM_MESSAGE,
    ID_FORMAT,
    ID_FORMAT_MESSAGE,
    ID_LENGTH,
    ID_LENGTH_MESSAGE,
    ID_REGION,
    ID_REGION_MESSAGE,
    PHONE,
    PHONE_MESSAGE,
    PersonError,
)

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
EARLIEST_BIRTH = date(1900, 1, 1)


def id_number(text: str, today: date | None = None) -> str:
    """A valid 18-character 身份证号 (a 15-digit legacy number converted), or PersonError
    saying which part is wrong: the length, the characters, the check digit, the birth date
    or the region code."""
    number = re.sub(r"\s", "", half_width(text)).upper()  # full-width digits are the same number
    if re.fullmatch(r"\d{15}", number):
        base = number[:6] + "19" + number[6:]
        number = base + ric.calc_check_digit(base + "0")  # it reads the first 17 of 18
    if len(number) != 18:
        raise PersonError(ID_LENGTH, ID_LENGTH_MESSAGE.format(text=as_typed(text, mask_id)))
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise PersonError(ID_FORMAT, ID_FORMAT_MESSAGE.format(text=as_typed(text, mask_id)))
    if number[-1] != ric.calc_check_digit(number):
        raise PersonError(ID_CHECKSUM, ID_CHECKSUM_MESSAGE.format(text=as_typed(text, mask_id)))
    born = _birth_date(number)
    if born is None or not EARLIEST_BIRTH <= born <= (today or date.today()):
        raise PersonError(ID_BIRTH_DATE, ID_BIRTH_DATE_MESSAGE.format(text=as_typed(text, mask_id), born=number[6:14]))
    if not any(region_names(number[:6])):
        raise PersonError(ID_REGION, ID_REGION_MESSAGE.format(text=as_typed(text, mask_id), code=number[:6]))
    return number


def _birth_date(number: str) -> date | None:
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def region_names(code: str) -> tuple[str, str]:
    """(province, county) of a 6-digit region code in stdnum's table, in any period (the
    county's latest name); ("", "") when the table has no such code.

    >>> region_names("110103"), region_names("110199")
    (('北京市', '崇文区'), ('', ''))
    """
    parts = numdb.get("cn/loc").info(code)
    if len(parts) < 2 or "county" not in parts[-1][1]:
        return "", ""
    county = parts[-1][1]["county"].split(",")[-1]
    return parts[0][1].get("province", ""), county.split("]")[-1]


def birth_date(number: str) -> date:
    return ric.get_birth_date(number)


def region(number: str) -> str:
    return "".join(region_names(number[:6]))


def phone(text: str) -> str:
    number = re.sub(r"[\s()（）]", "", half_width(text))
    if not (_MOBILE.match(number) or _LANDLINE.match(number)):
        raise PersonError(PHONE, PHONE_MESSAGE.format(text=as_typed(text, mask_phone)))
    return number


def mask_id(number: str) -> str:
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "*" * len(number)


def mask_phone(number: str) -> str:
    return number[:3] + "****" + number[-4:] if len(number) >= 11 else number[:2] + "****"


def mask_name(name: str) -> str:
    """A hardship worker's name as roles other than the relief officer see it: the surname and,
    for three characters or more, the last character.

    >>> mask_name("张建金"), mask_name("张三"), mask_name("欧阳小明"), mask_name("王")
    ('张*金', '张*', '欧**明', '*')
    """
    name = name.strip()
    if len(name) <= 1:
        return "*" * len(name)
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_account(number: str) -> str:
    """The first and last four digits, as a bank's own statements show an account."""
    return number if len(number) <= 8 else number[:4] + "*" * (len(number) - 8) + number[-4:]


def as_typed(text: object, mask: Callable[[str], str]) -> str:
    """A bad value as an error message shows it: as typed, but masked once it holds enough digits
    to be someone's real number with a slip (a check digit, a digit too many), since messages
    reach pages, reports and logs that roles without the right to see it read."""
    text = str(text).strip()
    return mask(re.sub(r"\s", "", text)) if sum(c.isdigit() for c in text) >= 10 else text
