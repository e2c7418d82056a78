"""身份证号 and phone numbers: validation by python-stdnum, the legacy 15-digit form
converted, and masking for roles that must not see them.

>>> id_number("110105491231002")
'11010519491231002X'
>>> mask_id("11010519491231002X")
'110105********002X'
>>> mask_phone("13812341234")
'138****1234'
"""

from __future__ import annotations

import re
from datetime import date

from stdnum.cn import ric
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength, ValidationError

from .errors import (
    ID_CHECKSUM,
    ID_CHECKSUM_MESSAGE,
    ID_COMPONENT,
    ID_COMPONENT_MESSAGE,
    ID_FORMAT,
    ID_FORMAT_MESSAGE,
    ID_LENGTH,
    ID_LENGTH_MESSAGE,
    PHONE,
    PHONE_MESSAGE,
    PersonError,
)

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def id_number(text: str) -> str:
    """A valid 18-character 身份证号 (a 15-digit legacy number converted), or PersonError."""
    number = re.sub(r"\s", "", str(text)).upper()
    if re.fullmatch(r"\d{15}", number):
        base = number[:6] + "19" + number[6:]
        number = base + ric.calc_check_digit(base + "0")  # it reads the first 17 of 18
    try:
        return ric.validate(number)
    except InvalidChecksum:
        raise PersonError(ID_CHECKSUM, ID_CHECKSUM_MESSAGE.format(text=text)) from None
    except InvalidLength:
        raise PersonError(ID_LENGTH, ID_LENGTH_MESSAGE.format(text=text)) from None
    except InvalidComponent:
        raise PersonError(ID_COMPONENT, ID_COMPONENT_MESSAGE.format(text=text)) from None
    except ValidationError:
        raise PersonError(ID_FORMAT, ID_FORMAT_MESSAGE.format(text=text)) from None


def birth_date(number: str) -> date:
    return ric.get_birth_date(number)


def region(number: str) -> str:
    place = ric.get_birth_place(number) or {}
    return "".join(v for v in (place.get("province"), place.get("county")) if v)


def phone(text: str) -> str:
    number = re.sub(r"[\s()（）]", "", str(text))
    if not (_MOBILE.match(number) or _LANDLINE.match(number)):
        raise PersonError(PHONE, PHONE_MESSAGE.format(text=text))
    return number


def mask_id(number: str) -> str:
    return number[:6] + "*" * (len(number) - 10) + number[-4:] if len(number) > 10 else "*" * len(number)


def mask_phone(number: str) -> str:
    return number[:3] + "****" + number[-4:] if len(number) >= 11 else number[:2] + "****"


def mask_account(number: str) -> str:
    return "*" * max(len(number) - 4, 0) + number[-4:]
