"""Monitoring at its date: actuals computed from the records dated by then, forecasts that
follow what is planned (not a straight line) and carry their unit, and what a complete
explanation of a deviation needs."""

from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.evaluation.monitoring import GIVEN, LINEAR, PLANNED, STAYS, monitor_document, reason_lacks
from jixiao.evaluation.quantities import computed
from jixiao.evaluation.records import COMPUTED, ActualRecord, Provenance
from jixiao.formats.evaluation_json import monitor_json, monitor_rows
from jixiao.relief import metrics
from jixiao.relief.checks import DECLINED, DONE, NOT_DONE, HealthCheck, ModelWorker
from jixiao.relief.rounds import FAILED, Entry, Payment, Round, RoundRecord

from .helpers import CODE, RULES, actual, document, ind, paid, project

# Real-shaped ID numbers of people born in the 1950s–1970s (130322 昌黎县).
IDS = ["130322195803120017", "130322196107250025", "130322196512010030", "130322197004180047",
       "130322197309300052"]
SPRING = Round("2021年春节送温暖", CODE, "救助", date(2021, 1, 15), date(2021, 2, 10), state="approved")
NATIONAL = Round("2021年国庆救助", CODE, "救助", date(2021, 9, 20), date(2021, 10, 10), state="approved")
SPECIAL = Round("2021年专项帮扶", CODE, "救助", date(2021, 11, 1), date(2021, 11, 30))  # a draft: no list yet


def records(as_of=None):
    """Two paid in spring, three listed for National Day (one of them paid late), a draft round
    planned for two more; four model workers (one declined), checks in June and November;
    survey answers in February and December; spending in March and October."""
    spring = RoundRecord(SPRING, {i: Entry(i, "", D(500)) for i in IDS[:2]}, [
        Payment(IDS[0], D(500), date(2021, 1, 25), SPRING.name, ref="payment:1"),
        Payment(IDS[1], D(700), date(2021, 1, 26), SPRING.name, ref="payment:2")])
    national = RoundRecord(NATIONAL, {i: Entry(i, "", D(500)) for i in IDS[1:4]}, [
        Payment(IDS[1], D(500), date(2021, 9, 24), NATIONAL.name, ref="payment:3"),
        Payment(IDS[2], D(500), date(2021, 9, 25), NATIONAL.name, ref="payment:4"),
        Payment(IDS[3], D(500), date(2021, 10, 20), NATIONAL.name, ref="payment:5"),  # late
        Payment(IDS[4], D(500), date(2021, 9, 25), NATIONAL.name, status=FAILED, ref="payment:6")])
    workers = [ModelWorker(f"w{k}", f"劳模{k}", "省部级", 2010) for k in range(4)]
    checks = [HealthCheck("w0", 2021, DONE, date(2021, 6, 10), "县医院", D(500), ref="check:1"),
              HealthCheck("w1", 2021, DONE, date(2021, 11, 5), "县医院", D(480), ref="check:2"),
              HealthCheck("w2", 2021, DECLINED, reason="本人已在外地体检", ref="check:3"),
              HealthCheck("w3", 2021, NOT_DONE, ref="check:4")]
    return metrics.ProjectRecords(
        2021, D(200000), D(150000), ["spending:1", "spending:2"], {}, [spring, national, RoundRecord(SPECIAL)],
        workers, checks, [[5, 5], [2, 2], [4, 4]], ["response:1", "response:2", "response:3"], ["", "", ""],
        [date(2021, 2, 20), date(2021, 12, 1), None],
        spending=[("spending:1", date(2021, 3, 15), D(50000)), ("spending:2", date(2021, 10, 8), D(100000))],
        planned={SPECIAL.name: (IDS[3], IDS[4])}, as_of=as_of)


def value(code, as_of=None, params=None):
    return metrics.CATALOGUE[code].compute(records(as_of), params or {})


def forecast(code, as_of, params=None):
    return metrics.CATALOGUE[code].project(records(as_of), params or {})


MARCH, JULY = date(2021, 3, 31), date(2021, 7, 31)


# ---------------------------------------------------------------- actuals at a date

def test_persons_paid_counts_only_payments_made_by_the_date():
    assert (value("persons_paid", MARCH).value, value("persons_paid", MARCH).records) == (2, ("payment:1", "payment:2"))
    assert value("persons_paid", date(2021, 9, 30)).value == 3
    assert value("persons_paid").value == 4  # the whole year


def test_amounts_per_person_count_only_payments_made_by_the_date():
    assert value("average_per_person", MARCH).value == D(600)  # 500 and 700 in spring
    assert value("average_per_person").value == D(2700) / 4


def test_checks_count_only_those_done_by_the_date():
    assert value("checks_done", MARCH).value == 0
    assert (value("checks_done", JULY).value, value("checks_done", JULY).records) == (1, ("check:1",))
    assert value("checks_done_rate", JULY).value == 25
    assert value("checks_done").value == 2


def test_survey_answers_count_only_when_given_by_the_date():
    assert value("survey_satisfaction", MARCH).records == ("response:1", "response:3")  # the undated one counts
    assert value("survey_satisfaction").records == ("response:1", "response:2", "response:3")


def test_budget_execution_counts_spending_by_the_date():
    result = value("budget_execution", JULY)
    assert (result.value, result.records) == (25, ("spending:1",))
    assert value("budget_execution").value == 75


def test_a_round_whose_end_is_ahead_is_not_yet_on_time():
    assert value("rounds_on_time", MARCH).records == ("2021年春节送温暖",)
    assert value("rounds_on_time", date(2021, 1, 25)).value == 0  # one of two paid, spring's end still ahead
    assert value("rounds_on_time").records == ("2021年春节送温暖",)  # National Day was late


# ---------------------------------------------------------------- forecasts that follow the plan

def test_persons_forecast_adds_the_lists_of_rounds_still_to_come_and_planned_rounds():
    result = forecast("persons_paid", MARCH)
    assert (result.value, result.unit) == (5, "人")  # 2 paid, National Day's list, the draft's planned list
    assert result.value != value("persons_paid", MARCH).value / (D(90) / 365)  # not a straight line


def test_rounds_forecast_counts_the_rounds_still_ahead():
    assert (forecast("rounds_on_time", JULY).value, forecast("rounds_on_time", JULY).unit) == (3, "次")
    assert forecast("rounds_on_time", date(2021, 12, 1)).value == 1  # National Day late, the draft's end passed


def test_checks_forecast_adds_the_workers_still_due_but_not_those_who_declined():
    assert (forecast("checks_done", MARCH).value, forecast("checks_done", MARCH).unit) == (3, "人")
    assert forecast("checks_done_rate", MARCH).value == 75
    on_time = forecast("checks_on_time_rate", JULY, {"deadline": "2021-11-30"})
    assert on_time.value == 75  # w0 done, w1 and w3 still due before the deadline
    assert forecast("checks_on_time_rate", date(2021, 12, 10), {"deadline": "2021-11-30"}).value == 50


@pytest.mark.parametrize("code", ["average_per_person", "minimum_per_person", "compliance_rate",
                                  "check_cost_per_person", "survey_satisfaction", "budget_execution"])
def test_rates_and_amounts_per_person_are_not_extrapolated(code):
    assert forecast(code, MARCH) == value(code, MARCH)


def test_every_metric_says_how_it_forecasts():
    for m in metrics.CATALOGUE.values():
        assert m.forecast in metrics.FORECASTS and m.forecast_rule == metrics.FORECASTS[m.forecast]
        assert m.project(records(JULY), {}).unit == m.unit
    assert metrics.CATALOGUE["persons_paid"].forecast == metrics.ROUND_LISTS
    assert metrics.CATALOGUE["average_per_person"].forecast == metrics.CURRENT


# ---------------------------------------------------------------- monitoring rows

def _computed(name, value_, unit, metric, forecast_=None):
    return ActualRecord(CODE, name, computed(D(value_), unit), forecast=None if forecast_ is None else
                        computed(D(forecast_), unit), source=Provenance(COMPUTED, metric=metric))


def _row(doc, actuals, as_of=JULY):
    _, [row] = monitor_document(doc, [paid(130000)], actuals, as_of, RULES)
    return row


def test_likelihood_is_judged_from_the_planned_forecast():
    doc = document(project([ind("产出指标", "时效指标", "帮扶资金发放时间", "春节救助和国庆救助一年2次")]))
    row = _row(doc, [_computed("帮扶资金发放时间", 1, "次", "rounds_on_time", 2)]).indicators[0]
    assert (row.forecast, row.forecast_text, row.likelihood, row.forecast_rule) == (2, "2次", "确定能", PLANNED)
    row = _row(doc, [_computed("帮扶资金发放时间", 1, "次", "rounds_on_time", 1)]).indicators[0]
    assert row.likelihood == "完全不可能"


def test_a_computed_count_without_a_forecast_is_not_drawn_as_a_straight_line():
    row = _row(document(), [_computed("帮扶人数", 194, "人", "persons_paid")], MARCH).indicators[0]
    assert (row.forecast_text, row.forecast_rule) == ("194人", STAYS)


def test_every_forecast_carries_its_unit_and_how_it_was_made():
    row = _row(document(), [actual("帮扶人数", "240人"), actual("满意度", "96%"),
                            actual("每人补助标准", "480元", forecast="500元")])
    people, per_head, _, rate = row.indicators
    assert (people.forecast_text, people.forecast_unit, people.forecast_rule) == ("413.21人", "人", LINEAR)
    assert (rate.forecast_text, rate.forecast_rule) == ("96%", STAYS)
    assert (per_head.forecast_text, per_head.forecast_rule) == ("500元", GIVEN)


def test_the_json_and_the_saved_rows_keep_the_forecasts_unit_and_the_reasons():
    row_actuals = [actual("帮扶人数", "215人", reason="人员保障：入户核查未完", measure="增派人员"),
                   actual("", "", reason="经费保障：拨付延迟", measure="9月底前完成国庆救助")]
    when, rows = monitor_document(document(), [paid(100000)], row_actuals, JULY, RULES)
    data = monitor_json(when, rows, "CZ-2020-10", sources=True)
    people = data["projects"][0]["indicators"][0]
    assert (people["forecast_unit"], people["forecast_text"], people["reason"], people["measure"]) == (
        "人", "370.17人", "人员保障：入户核查未完", "增派人员")
    assert data["projects"][0]["reason"] == "经费保障：拨付延迟"
    again_when, again = monitor_rows(data)
    assert again_when == when and again[0].indicators[0].forecast_text == "370.17人"
    assert again[0].reason == "经费保障：拨付延迟" and again[0].colour == rows[0].colour
    assert monitor_json(again_when, again, "CZ-2020-10")["projects"] == monitor_json(when, rows, "CZ-2020-10")[
        "projects"]


@pytest.mark.parametrize("reason, measure, lacks", [
    ("人员保障：入户核查未完", "增派人员", ()),
    ("入户核查未完", "增派人员", ("原因类别（经费、制度、人员或硬件保障）",)),
    ("硬件保障：车辆不足", "", ("纠偏措施",)),
])
def test_a_complete_reason_names_its_kind_and_has_a_measure(reason, measure, lacks):
    assert reason_lacks(ActualRecord(CODE, "帮扶人数", reason=reason, measure=measure)) == lacks
    row = _row(document(), [actual("帮扶人数", "215人", reason=reason, measure=measure)]).indicators[0]
    assert row.reason_lacks == lacks and row.reason_missing == bool(lacks)
