"""The programmes' errors: one JixiaoError each, a stable code, the kind that decides the
status, and the message a person reads (the module's constants)."""

from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.core.errors import CONFLICT, INVALID, JixiaoError
from jixiao.relief import errors
from jixiao.relief.checks import read_workers
from jixiao.relief.errors import PersonError, RoundError, RowsError
from jixiao.relief.persons import id_number, mask_id, phone
from jixiao.relief.register import Beneficiary, bank_account, edit, move, read_rows
from jixiao.relief.rounds import Entry, Payment, Round, approve, payment_problems
from jixiao.relief.surveys import read_answers

ID1 = "11010519491231002X"
SPRING = Round("春节送温暖", "p", "救助", date(2021, 1, 15), date(2021, 2, 10))


def test_the_errors_are_jixiao_errors_of_the_kind_that_decides_the_status():
    for cls in (PersonError, RoundError, RowsError):
        assert issubclass(cls, JixiaoError) and cls.kind == INVALID
    assert errors.round_frozen("x").kind == CONFLICT and errors.round_frozen("x").status == 409


@pytest.mark.parametrize(("text", "code", "message"), [
    ("110105194912310021", errors.ID_CHECKSUM, errors.ID_CHECKSUM_MESSAGE),
    ("12345", errors.ID_LENGTH, errors.ID_LENGTH_MESSAGE),
    ("110105194913310021", errors.ID_BIRTH_DATE, errors.ID_BIRTH_DATE_MESSAGE),
])
def test_a_bad_id_number_says_why_by_code_and_message(text, code, message):
    with pytest.raises(PersonError) as caught:
        id_number(text)
    expected = message.format(text=mask_id(text) if len(text) == 18 else text, born=text[6:14])
    assert (caught.value.code, str(caught.value), caught.value.status) == (code, expected, 400)


def test_a_bad_phone_has_its_code_and_message():
    with pytest.raises(PersonError) as caught:
        phone("12345")
    assert (caught.value.code, caught.value.message) == (errors.PHONE, "电话“12345”不是有效的手机或固定电话号码")


def test_a_status_move_and_an_edit_the_register_refuses():
    person = Beneficiary(ID1, "张三", status="注销")
    with pytest.raises(PersonError) as caught:
        move(person, "建档", date(2022, 1, 1))
    assert (caught.value.code, caught.value.message) == (errors.STATUS_MOVE, "张三当前为“注销”，不能改为“建档”")
    with pytest.raises(PersonError) as caught:
        edit({"status": "建档"})  # a status moves with its date, not by an edit
    assert (caught.value.code, caught.value.message) == (errors.NOT_EDITABLE, "不能在这里修改：status")
    with pytest.raises(PersonError) as caught:
        edit({"degree": "很困难"})
    assert caught.value.code == errors.NOT_A_CHOICE and caught.value.message.startswith("困难程度“很困难”不是可选值（")


def test_a_round_over_budget_is_invalid_and_a_frozen_one_a_conflict():
    round_ = Round(**{**SPRING.__dict__})
    entries = [Entry(ID1, "张三", D(1500))]
    with pytest.raises(RoundError) as caught:
        approve(round_, entries, D(1000))
    assert (caught.value.code, caught.value.status) == (errors.ROUND_OVER_BUDGET, 400)
    assert caught.value.message == errors.ROUND_OVER_BUDGET_MESSAGE.format(total="0.15", remaining="0.10")
    with pytest.raises(RoundError) as caught:
        approve(round_, [], D(1000))
    assert (caught.value.code, caught.value.message) == (errors.ROUND_EMPTY, "“春节送温暖”名单为空")
    approve(round_, entries, D(2000))
    with pytest.raises(RoundError) as caught:
        approve(round_, entries, D(2000))
    assert (caught.value.code, caught.value.status, caught.value.message) == (
        errors.ROUND_FROZEN, 409, "“春节送温暖”已审批，名单已冻结")


def test_payment_problems_are_coded_and_the_budget_year_is_one_of_them():
    entry = Entry(ID1, "张三", D(500))
    late = payment_problems(Payment(ID1, D(600), date(2022, 1, 3)), SPRING, entry, year=2021)
    assert [p.code for p in late] == [errors.OFF_STANDARD, errors.OUTSIDE_DATES, errors.OUTSIDE_YEAR]
    assert late[2].message == "发放日期2022-01-03不在预算年度内"
    assert [p.code for p in payment_problems(Payment(ID1, D(500), date(2022, 1, 3)), SPRING, entry)] == [
        errors.OUTSIDE_DATES]  # without the year, only the round's dates
    assert payment_problems(Payment("x", D(500), date(2021, 2, 1)), SPRING, None, year=2021)[0].message == \
        errors.NOT_LISTED_MESSAGE


def test_bad_rows_of_a_register_carry_codes():
    header = ["姓名", "身份证号", "家庭人口"]
    _, bad = read_rows([header, ["", ID1], ["张三", "12345"], ["李四", ID1, "零"], ["王五", ID1], ["王五", ID1]])
    assert [(b.row, b.code) for b in bad] == [(2, errors.NO_NAME), (3, errors.ID_LENGTH), (4, errors.NOT_POSITIVE),
                                              (6, errors.REGISTERED_TWICE)]
    _, bad = read_rows([["名字"]])
    assert (bad[0].code, str(bad[0])) == (errors.MISSING_COLUMNS, "第1行“表头”：缺少“姓名”“身份证号”列")


def test_the_register_of_model_workers_is_read_in_the_core():
    rows = [["姓名", "身份证号", "级别", "授予年份"], ["甲", ID1, "省部级", "2015"], ["乙", "130322198507150017", "县级", "2015"],
            ["丙", "130322198507150017", "全国", "今年"], ["丁", ID1, "全国", "2010"], ["戊", "1", "全国", "2010"], ["", "", "", ""]]
    good, bad = read_workers(rows)
    assert [(n, w.id_number, w.year_honoured) for n, w in good] == [(2, ID1, 2015)]
    assert [(b.row, b.field, b.code) for b in bad] == [
        (3, "级别", errors.NOT_A_LEVEL), (4, "授予年份", errors.NOT_A_YEAR), (5, "身份证号", errors.LISTED_TWICE),
        (6, "身份证号", errors.ID_LENGTH)]
    assert str(bad[2]) == "第5行“身份证号”：110105********002X已在劳模名册中"
    assert read_workers([["姓名", "身份证号"]])[1][0].message == "缺少“级别”“授予年份”列"
    assert read_workers(rows, known={ID1})[0] == []


def test_a_bad_answer_refuses_the_whole_table():
    with pytest.raises(RowsError) as caught:
        read_answers([["总体", "及时"], ["5", "4"], ["6", "4"]], 2)
    assert (caught.value.code, caught.value.message) == (errors.BAD_ANSWER, "第3行第1列“6”不是1～5分")
    assert read_answers([["总体"], ["5", "多出的列不算"]], 1) == [[5]]


def test_a_mistyped_number_is_masked_in_its_message_a_short_slip_shown_as_typed():
    slip = "110105194912310021"  # a real-shaped number born in 1949 with a wrong check digit
    with pytest.raises(PersonError) as caught:
        id_number(slip)
    assert slip not in caught.value.message and "110105********0021" in caught.value.message
    with pytest.raises(PersonError) as caught:
        bank_account("6228 4800 1234 5678 9012 3456 7890 1234")  # 32 digits: one pasted twice
    assert "62284800" not in caught.value.message and "6228" in caught.value.message
    with pytest.raises(PersonError) as caught:
        phone("138 1234 12345")
    assert "13812341234" not in caught.value.message.replace(" ", "") and "138****" in caught.value.message
    with pytest.raises(PersonError) as caught:
        bank_account("6222-abc")
    assert "“6222-abc”" in caught.value.message  # too few digits to be anyone's: as typed


def test_a_row_or_a_person_with_an_account_but_no_bank_is_refused_as_an_edit_is():
    from jixiao.relief.register import person, read_rows

    header = ["姓名", "身份证号", "银行账号", "开户银行"]
    good, bad = read_rows([header, ["张三", ID1, "6222020409012345678", ""]])
    assert good == [] and [(b.row, b.field) for b in bad] == [(2, "开户银行")]
    assert "填了银行账号就要填开户银行" in bad[0].message
    with pytest.raises(PersonError, match="填了开户银行就要填银行账号"):
        person({"name": "张三", "id_number": ID1, "bank": "工商银行昌黎支行"})


def test_a_status_cannot_change_before_it_began_and_the_register_reads_its_date():
    from jixiao.relief.register import read_rows
    from jixiao.relief.synthetic import made_up_id

    person = Beneficiary(ID1, "张三", since=date(2021, 3, 1))
    with pytest.raises(PersonError) as caught:
        move(person, "脱困", date(2021, 2, 28))
    assert (caught.value.code, caught.value.message) == (
        errors.STATUS_BEFORE, "变更日期2021-02-28早于张三当前状态“建档”的日期2021-03-01")
    move(person, "脱困", date(2021, 3, 1))
    assert (person.status, person.since) == ("脱困", date(2021, 3, 1))

    header = ["姓名", "身份证号", "建档日期"]
    good, bad = read_rows([header, ["张三", ID1, "2019-05-06"], ["李四", made_up_id(1), "2030-01-01"],
                           ["王五", made_up_id(2), "五月"]], today=date(2026, 12, 1))
    assert [(n, p.since) for n, p in good] == [(2, date(2019, 5, 6))]
    assert [str(b) for b in bad] == ["第3行“建档日期”：建档日期2030-01-01晚于今天",
                                     "第4行“建档日期”：“五月”不是日期，应如2021-03-05"]
