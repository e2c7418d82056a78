"""Payments in the core: one a round and person, a return file checked whole, corrections
that reverse, and metrics that count only a paid payment nobody reversed."""

from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.formats.bank_list import read_payment_rows
from jixiao.relief import errors as e
from jixiao.relief.errors import PersonError
from jixiao.relief.metrics import CATALOGUE, ProjectRecords
from jixiao.relief.register import bank_account, mask_account, read_rows
from jixiao.relief.rounds import (
    APPROVED,
    FAILED,
    PAID,
    RETURNED,
    Entry,
    Payment,
    Result,
    Round,
    RoundRecord,
    check_results,
    paid_change,
)

# Real-shaped ID numbers of people born in 1956, 1963 and 1971 in 昌黎县 (130322).
WANG, LI, ZHAO = "130322195603120017", "130322196311050023", "13032219710723003X"
SPRING = Round("2021年春节送温暖", "P1", "救助", date(2021, 1, 15), date(2021, 2, 10), state=APPROVED)
LISTED = {n: Entry(n, name, D(500)) for n, name in ((WANG, "王建国"), (LI, "李秀英"), (ZHAO, "赵桂兰"))}


def test_the_ids_are_real_shaped():
    from jixiao.relief.persons import id_number

    assert [id_number(n) for n in (WANG, LI, ZHAO)] == [WANG, LI, ZHAO]


def row(n, who, amount="500", on=date(2021, 2, 1), state="已发放"):
    return Result(n, who, D(amount), on, state)


def test_a_person_twice_in_one_file_is_refused_in_both_rows_each_naming_the_other():
    check = check_results([row(2, WANG), row(3, LI), row(4, WANG, on=date(2021, 2, 3))], SPRING, LISTED, {})
    assert [p.id_number for _, p in check.new] == [LI]
    assert [(b.row, b.field, b.code) for b in check.bad] == [(2, "身份证号", e.PAID_TWICE_IN_FILE),
                                                             (4, "身份证号", e.PAID_TWICE_IN_FILE)]
    assert "与第4行是同一人" in check.bad[0].message and "与第2行是同一人" in check.bad[1].message
    assert "130322********0017" in check.bad[0].message  # masked


def test_every_bad_row_is_listed_not_only_the_first():
    check = check_results([row(2, WANG, "900"), row(3, "110101195001011234"), row(4, LI, state="已付"),
                           row(5, ZHAO, on=date(2022, 1, 3))], SPRING, LISTED, {}, year=2021)
    assert [(b.row, b.field, b.code) for b in check.bad] == [
        (2, "金额", e.OFF_STANDARD), (3, "身份证号", e.NOT_LISTED), (4, "状态", e.BAD_STATE),
        (5, "日期", e.OUTSIDE_YEAR)]
    assert str(check.bad[2]) == "第4行“状态”：状态“已付”不是已发放、发放失败、已退回之一"
    assert not check.new and check.good == 0


def test_a_row_recorded_already_changes_nothing():
    recorded = {WANG: Payment(WANG, D(500), date(2021, 2, 1))}
    check = check_results([row(2, WANG), row(3, LI)], SPRING, LISTED, recorded)
    assert check.already == [2] and [p.id_number for _, p in check.new] == [LI] and not check.corrections


def test_a_returned_row_for_a_paid_person_is_a_correction_that_takes_the_money_back():
    before = Payment(WANG, D(500), date(2021, 2, 1))
    check = check_results([row(2, WANG, state="退回")], SPRING, LISTED, {WANG: before})
    [(n, after)] = check.corrections
    assert (n, after.status) == (2, RETURNED) and not check.new
    assert paid_change(before, after) == D(-500)
    assert paid_change(Payment(WANG, D(500), date(2021, 2, 1), status=FAILED), Payment(WANG, D(500), date(2021, 2, 5))) \
        == D(500)
    assert paid_change(None, Payment(WANG, D(500), date(2021, 2, 1), status=FAILED)) == 0


def test_the_same_state_with_another_amount_or_date_is_refused_not_overwritten():
    recorded = {WANG: Payment(WANG, D(500), date(2021, 2, 1))}
    [bad] = check_results([row(2, WANG, on=date(2021, 2, 2))], SPRING, LISTED, recorded).bad
    assert (bad.field, bad.code) == ("日期", e.RECORDED_OTHERWISE) and "2021-02-01发放500元（已发放）" in bad.message


def records_of(*payments):
    return ProjectRecords(2021, rounds=[RoundRecord(SPRING, dict(LISTED), list(payments))])


def test_metrics_count_a_person_only_by_a_paid_payment_nobody_reversed():
    paid = Payment(WANG, D(500), date(2021, 2, 1), SPRING.name, ref="payment:1", reversed=True)
    returned = Payment(WANG, D(500), date(2021, 2, 5), SPRING.name, status=RETURNED, ref="payment:2")
    failed = Payment(LI, D(500), date(2021, 2, 1), SPRING.name, status=FAILED, ref="payment:3")
    ok = Payment(ZHAO, D(500), date(2021, 2, 1), SPRING.name, ref="payment:4")
    records = records_of(paid, returned, failed, ok)
    value = CATALOGUE["persons_paid"].compute(records, {})
    assert (value.value, value.records) == (D(1), ("payment:4",))
    assert CATALOGUE["rounds_on_time"].compute(records, {}).value == 0  # 王 and 李 are not paid
    assert PAID == "paid"


def test_a_payment_reversed_later_still_counts_at_an_earlier_date():
    paid = Payment(WANG, D(500), date(2021, 2, 1), SPRING.name, ref="payment:1", reversed=True,
                   reversed_on=date(2021, 3, 5))
    assert paid.counts_at(date(2021, 2, 28)) and not paid.counts_at(date(2021, 3, 31)) and not paid.counts
    records = records_of(paid)
    records.as_of = date(2021, 2, 28)
    assert CATALOGUE["persons_paid"].compute(records, {}).value == 1
    assert CATALOGUE["persons_paid"].compute(records_of(paid), {}).value == 0


def test_the_return_file_is_read_whole_every_bad_cell_listed():
    good, bad = read_payment_rows([["身份证号", "金额", "日期", "状态"], [WANG, "500", "2021-02-01", "已发放"],
                                   [LI, "五百", "2021/2/1", ""], ["", "500", "昨天", ""], [ZHAO, "1,000.00", "2021年2月1日", "失败"]])
    assert [(r.row, r.amount) for r in good] == [(2, D(500)), (5, D(1000))]
    assert bad == [(3, "金额", "金额“五百”不是数字"), (4, "身份证号", "身份证号为空"),
                   (4, "日期", "日期“昨天”无法识别，应如2021-07-31")]


def test_bank_accounts_are_read_checked_and_masked():
    good, bad = read_rows([["姓名", "身份证号", "银行账号", "开户银行"], ["王建国", WANG, "6228 4800 1234 5678 901", "农业银行"],
                           ["李秀英", LI, "62284800abc", "农业银行"]])
    [(_, person)] = good
    assert (person.bank_account, person.bank) == ("6228480012345678901", "农业银行")
    assert [(b.row, b.field, b.code) for b in bad] == [(3, "银行账号", e.BANK_ACCOUNT)]
    assert mask_account("6228480012345678901") == "6228***********8901"
    with pytest.raises(PersonError, match="应为10～30位数字"):
        bank_account("12345")
