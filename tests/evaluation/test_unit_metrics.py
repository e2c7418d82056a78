"""部门整体 actuals from records (issue 14 §2): the unit-wide metrics count across all of a unit's
projects, each person and each model worker once, with the records they counted."""

from datetime import date
from decimal import Decimal

import pytest

from jixiao.evaluation import unit_metrics as um
from jixiao.evaluation.department import BasicSpending, Staffing
from jixiao.relief.checks import DONE, NOT_DONE, HealthCheck, ModelWorker
from jixiao.relief.metrics import ProjectRecords
from jixiao.relief.rounds import Entry, Payment, Round, RoundRecord

A, B, C = "130322197001010011", "130322197202020022", "130322197303030033"


def paid_round(name: str, project: str, payments: list[tuple[str, str, str, date]]) -> RoundRecord:
    r = RoundRecord(Round(name, project, "生活救助", date(2021, 1, 1), date(2021, 12, 31)))
    for id_number, amount, ref, on in payments:
        r.entries[id_number] = Entry(id_number, "某人", Decimal(amount))
        r.payments.append(Payment(id_number, Decimal(amount), on, name, ref=ref))
    return r


WORKERS = [ModelWorker(A, "甲", "省部级", 2010), ModelWorker(B, "乙", "全国", 2015), ModelWorker(C, "丙", "市级", 2018)]
CHECKS = [HealthCheck(A, 2021, DONE, date(2021, 5, 10), "县医院", Decimal("480"), ref="check:1"),
          HealthCheck(B, 2021, NOT_DONE, ref="check:2"), HealthCheck(C, 2021, DONE, date(2021, 5, 11), ref="check:3")]


@pytest.fixture
def unit() -> um.UnitRecords:
    # Two relief projects pay A (so A is one person), each project reads the unit's 劳模名册 and checks.
    p1 = ProjectRecords(2021, Decimal(300000), Decimal(1500), ["spending:1"], rounds=[paid_round(
        "春节送温暖", "P1", [(A, "500", "payment:1", date(2021, 2, 1)), (B, "1000", "payment:2", date(2021, 2, 1))])],
        workers=WORKERS, checks=CHECKS)
    p2 = ProjectRecords(2021, Decimal(100000), Decimal(800), ["spending:2"], rounds=[paid_round(
        "金秋助学", "P2", [(A, "300", "payment:3", date(2021, 8, 1)), (C, "500", "payment:4", date(2021, 9, 1))])],
        workers=WORKERS, checks=CHECKS)
    return um.UnitRecords(
        2021, projects={"P1": p1, "P2": p2},
        staffing={"staffing:1": Staffing("机关", 6, 6, 19), "staffing:2": Staffing("文化宫", 10, 10, 4)},
        basic={"basic_spending:1": BasicSpending(date(2021, 3, 31), "人员经费", Decimal(50000)),
               "basic_spending:2": BasicSpending(date(2021, 9, 30), "公用经费", Decimal(10000))},
        basic_budget=Decimal(100000), on_track={"P1": True, "P2": False})


def value(code: str, records: um.UnitRecords):
    return um.CATALOGUE[code].compute(records)


def test_a_person_paid_by_two_projects_is_relieved_once_with_every_payment_as_provenance(unit):
    v = value("unit_persons_relieved", unit)
    assert (v.value, v.unit) == (3, "人")
    assert set(v.records) == {"payment:1", "payment:2", "payment:3", "payment:4"}


def test_the_minimum_per_person_adds_a_persons_payments_across_projects(unit):
    assert value("unit_relief_minimum", unit).value == 500  # A: 500 + 300 = 800; B 1000; C 500
    assert value("unit_relief_average", unit).value == Decimal(2300) / 3


def test_model_workers_checked_once_each_though_every_project_reads_the_unit_list(unit):
    v = value("unit_checks_done", unit)
    assert (v.value, v.records) == (1, ("check:1",))  # C is 市级: not due; B not done
    assert value("unit_check_cost_per_person", unit).value == 480


def test_staff_in_post_from_staffing_records(unit):
    v = value("unit_staff_in_post", unit)
    assert (v.text, v.records) == ("16人", ("staffing:1", "staffing:2"))


def test_the_whole_units_execution_counts_basic_and_project_spending_against_both_budgets(unit):
    v = value("unit_execution", unit)
    # (1,500 + 800 + 50,000 + 10,000) ÷ (300,000 + 100,000 + 100,000)
    assert v.value == Decimal("12.46")
    assert set(v.records) == {"spending:1", "spending:2", "basic_spending:1", "basic_spending:2"}
    execution = unit.execution()
    assert (execution.budget, execution.spent) == (Decimal(500000), Decimal("62300.00"))


def test_as_of_leaves_out_later_payments_and_basic_spending(unit):
    unit.as_of = date(2021, 6, 30)
    assert value("unit_persons_relieved", unit).value == 2  # only the spring round
    assert set(value("unit_execution", unit).records) == {"spending:1", "spending:2", "basic_spending:1"}


def test_share_on_track_is_the_green_projects_share(unit):
    v = value("unit_projects_on_track", unit)
    assert (v.value, v.records) == (50, ("project:P1",))
    assert value("unit_projects_on_track", um.UnitRecords(2021)).value is None


def test_no_records_give_no_amounts_and_zero_counts():
    empty = um.UnitRecords(2021)
    assert value("unit_persons_relieved", empty).value == 0
    assert value("unit_relief_minimum", empty).value is None
    assert value("unit_execution", empty).value is None
    assert value("unit_staff_in_post", empty).text == "0人"


def test_every_metric_has_a_chinese_name_and_a_unit():
    for m in um.CATALOGUE.values():
        assert m.name and m.unit in {"人", "元", "%"} and any("\u4e00" <= ch <= "\u9fff" for ch in m.name)


def test_a_per_person_amount_fits_a_target_written_per_person_and_a_count_does_not():
    assert um.CATALOGUE["unit_check_cost_per_person"].fits("元/人")
    assert um.CATALOGUE["unit_relief_minimum"].fits("元") and um.CATALOGUE["unit_relief_minimum"].fits("万元")
    assert not um.CATALOGUE["unit_persons_relieved"].fits("%")
    assert not um.CATALOGUE["unit_staff_in_post"].fits("元")


def indicator(name: str, raw: str, op: str, value: str, unit: str, weight=None):
    from jixiao.core.document import Indicator
    from jixiao.core.targets import Target

    return Indicator("产出指标", "数量指标", name, "", Target(raw, op, Decimal(value), None, unit), weight=weight)
