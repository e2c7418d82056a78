"""身份证号 of older workers: the region code is one of any period, never checked against the
birth date (people keep the code of the place that issued the number); check digit, birth
date and region each have their own message."""

from datetime import date

import pytest
from stdnum.cn import ric

from jixiao.relief import errors
from jixiao.relief.errors import PersonError
from jixiao.relief.persons import id_number, mask_id, region, region_names
from jixiao.relief.register import read_rows


def real(region_code: str, born: str, seq: str = "001") -> str:
    """A real-shaped number: region, birth date, sequence and its check digit."""
    base = region_code + born + seq
    return base + ric.calc_check_digit(base + "0")


# Region codes created after these people were born (the year stdnum's table gives them).
OLDER = [
    ("130322", "19500315", "河北省昌黎县"),  # 昌黎县 since 1983
    ("130322", "19580707", "河北省昌黎县"),
    ("130322", "19661120", "河北省昌黎县"),
    ("130322", "19790101", "河北省昌黎县"),
    ("110112", "19561020", "北京市通州区"),  # since 1997
    ("320583", "19630402", "江苏省昆山市"),  # since 1989
    ("441900", "19710918", "广东省东莞市"),  # since 1988
    ("130125", "19541201", "河北省行唐县"),  # since 1993
]


@pytest.mark.parametrize(("code", "born", "place"), OLDER)
def test_a_number_issued_after_birth_under_a_newer_region_code_is_valid(code, born, place):
    number = real(code, born)
    assert not ric.is_valid(number)  # python-stdnum alone refuses it: the reason for this rule
    assert id_number(number) == number
    assert region(number) == place


def test_a_region_code_of_a_past_period_is_known():
    number = real("110103", "19550505")  # 崇文区, merged into 东城区 in 2010
    assert id_number(number) == number and region_names("110103") == ("北京市", "崇文区")


def test_a_fifteen_digit_number_of_a_1950s_birth_is_converted():
    assert id_number("130322500315001") == real("130322", "19500315")
    assert id_number("130322 500315 001") == real("130322", "19500315")


def refused(text: str, today: date | None = None) -> PersonError:
    with pytest.raises(PersonError) as caught:
        id_number(text, today=today)
    return caught.value


def test_a_future_birth_date_is_refused_with_its_own_message():
    number = real("130322", "20300101")
    error = refused(number)
    assert (error.code, error.message) == (
        errors.ID_BIRTH_DATE, f"身份证号“{mask_id(number)}”中的出生日期20300101无效（应为1900年以后、不晚于今天的真实日期）")
    assert id_number(real("130322", "20210601"), today=date(2021, 6, 1))  # born today is fine
    assert refused(real("130322", "20210602"), today=date(2021, 6, 1)).code == errors.ID_BIRTH_DATE


def test_a_birth_before_1900_and_an_impossible_day_are_refused():
    assert refused(real("130322", "18991231")).code == errors.ID_BIRTH_DATE
    assert refused(real("130322", "19560230")).code == errors.ID_BIRTH_DATE
    assert id_number(real("130322", "19000101"))


def test_an_unknown_region_is_refused_naming_the_code():
    for code in ("999999", "110199", "130399"):
        number = real(code, "19600101")
        error = refused(number)
        assert (error.code, error.message) == (
            errors.ID_REGION, f"身份证号“{mask_id(number)}”的地区码{code}不是任何时期的行政区划代码")
        assert number not in error.message  # masked: a slip of a real number is still that person's


def test_each_kind_of_mistake_has_its_own_code():
    good = real("130322", "19520611", "002")
    wrong_digit = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert refused(wrong_digit).code == errors.ID_CHECKSUM
    assert refused(good[:-2]).code == errors.ID_LENGTH
    assert refused("13032219520611A02X").code == errors.ID_FORMAT
    messages = {refused(t).message for t in (wrong_digit, good[:-2], real("130322", "20990101"),
                                             real("999999", "19600101"))}
    assert len(messages) == 4


def test_a_register_table_of_older_workers_reads_without_a_problem():
    rows = [["姓名", "身份证号"]] + [[f"职工{k}", real(code, born)] for k, (code, born, _) in enumerate(OLDER)]
    rows.append(["未来人", real("130322", "20990101")])
    good, bad = read_rows(rows)
    assert [p.id_number for _, p in good] == [real(code, born) for code, born, _ in OLDER]
    assert [(b.row, b.field, b.code) for b in bad] == [(len(OLDER) + 2, "身份证号", errors.ID_BIRTH_DATE)]
