"""Valid but made-up 身份证号 for demos and tests (region 130322, 昌黎县).

Births spread over 1950–2001, so older workers (born in the 1950s–1970s, before the county
code 130322 existed in 1983) are always among them: a number is valid by its check digit,
its birth date and a region code of any period, not by when the code was created.

>>> from jixiao.relief.persons import id_number
>>> id_number(made_up_id(7)) == made_up_id(7)
True
>>> made_up_id(0)[6:14], made_up_id(300)[6:10]
('19500101', '1980')
"""

from __future__ import annotations

from datetime import date, timedelta

from stdnum.cn import ric

SPAN = 19000  # days from 1950-01-01: births up to 2002


def made_up_id(k: int, region: str = "130322") -> str:
    # The sequence is k's last three digits; the birth day is unique among the k sharing them,
    # for k below nineteen million (13 and SPAN have no common factor).
    born = date(1950, 1, 1) + timedelta(days=(k // 1000 * 13 + k % 1000 * 37) % SPAN)
    base = f"{region}{born:%Y%m%d}{k % 1000:03d}"
    return base + ric.calc_check_digit(base + "0")
