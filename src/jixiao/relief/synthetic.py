"""Valid but made-up 身份证号 for demos and tests (region 130322, 昌黎县).

>>> from stdnum.cn import ric
>>> ric.is_valid(made_up_id(7))
True
"""

from __future__ import annotations

from datetime import date, timedelta

from stdnum.cn import ric


def made_up_id(k: int, region: str = "130322") -> str:
    # Born 1984–2003, while the county code was in use; unique for k below seven million.
    born = date(1984, 1, 1) + timedelta(days=(k // 1000 * 13) % 7000)
    base = f"{region}{born:%Y%m%d}{k % 1000:03d}"
    return base + ric.calc_check_digit(base + "0")
