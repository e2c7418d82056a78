from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.core.spending_plan import SpendingPlan, time_rate
from jixiao.evaluation.errors import EvaluationError
from jixiao.evaluation.monitoring import colour, monitor_document

from .helpers import CODE, RULES, actual, document, ind, paid, project

JULY = date(2021, 7, 31)


def monitor(doc=None, spending=(), actuals=(), as_of=JULY):
    return monitor_document(doc or document(), list(spending), list(actuals), as_of, RULES)


def test_planned_rate_is_linear_in_days_between_checkpoints():
    plan = SpendingPlan({6: D(50), 10: D(100), 12: D(100)})
    assert round(plan.planned_rate(JULY), 2) == D("62.60")  # 50 + 50 × 31/123
    assert plan.planned_rate(date(2021, 6, 30)) == 50
    assert plan.planned_rate(date(2021, 12, 31)) == 100


def test_planned_rate_from_only_the_year_end_is_the_share_of_days():
    assert round(SpendingPlan({12: D(100)}).planned_rate(JULY), 2) == D("58.08")  # 212/365


def test_planned_rate_starts_the_year_at_zero():
    plan = SpendingPlan({3: D(31), 12: D(100)})
    assert round(plan.planned_rate(date(2021, 1, 31)), 2) == round(D(31) * 31 / 90, 2)


def test_time_rate_counts_days_and_leap_years():
    assert round(time_rate(JULY), 2) == D("58.08")
    assert round(time_rate(date(2024, 7, 31)), 2) == round(D(213) * 100 / 366, 2)


@pytest.mark.parametrize("gap, expected", [(D("-10"), "green"), (D("5"), "green"), (D("-10.01"), "yellow"),
                                           (D("-20"), "yellow"), (D("-20.01"), "red")])
def test_colour_by_gap(gap, expected):
    assert colour(gap, RULES["monitoring"]) == expected


def test_execution_counts_spending_up_to_the_as_of_date():
    _, [row] = monitor(spending=[paid(100000, date(2021, 7, 31)), paid(50000, date(2021, 8, 1))])
    assert row.spent == 100000 and row.execution_rate == 50
    assert round(row.gap, 2) == D("-12.60") and row.colour == "yellow"


def test_default_as_of_is_31_july_of_the_budget_year():
    when, _ = monitor(as_of=None)
    assert when == JULY


def test_a_yellow_project_needs_a_reason_and_a_measure():
    _, [row] = monitor(spending=[paid(100000)])
    assert row.reason_required and row.reason_missing
    remark = actual("", "", reason="经费保障：春节后资金拨付延迟", measure="9月底前完成国庆救助")
    _, [row] = monitor(spending=[paid(100000)], actuals=[remark])
    assert row.reason_required and not row.reason_missing


@pytest.mark.parametrize("reason, measure", [("资金拨付延迟", "9月底前完成"), ("经费保障：拨付延迟", "")])
def test_a_reason_needs_its_kind_and_a_measure(reason, measure):
    remark = actual("", "", reason=reason, measure=measure)
    _, [row] = monitor(spending=[paid(100000)], actuals=[remark])
    assert row.reason_missing


def test_a_green_project_needs_no_reason():
    _, [row] = monitor(spending=[paid(130000)])
    assert row.colour == "green" and not row.reason_required


def indicator_row(value, name="帮扶人数", **more):
    _, [row] = monitor(spending=[paid(130000)], actuals=[actual(name, value, **more)])
    return next(i for i in row.indicators if i.name == name)


def test_count_progress_and_linear_forecast():
    row = indicator_row("240人")
    assert row.progress == 60
    assert round(row.forecast, 2) == round(D(240) * 365 / 212, 2)  # 413.21 ≥ 400
    assert row.likelihood == "确定能" and not row.reason_required


def test_forecast_within_90_percent_is_possible_and_needs_a_reason():
    row = indicator_row("200人")  # 200 / 212 × 365 = 344 < 400 but ≥ 360? no: 344 < 360
    assert row.likelihood == "完全不可能"
    row = indicator_row("215人")  # 370 ≥ 360
    assert row.likelihood == "有可能" and row.reason_required and row.reason_missing
    row = indicator_row("215人", reason="人员保障：入户核查未完", measure="增派人员")
    assert not row.reason_missing


def test_a_unit_forecast_is_used_when_given():
    row = indicator_row("200人", forecast="410人")
    assert row.forecast == 410 and row.likelihood == "确定能"


def test_rates_and_per_head_amounts_are_not_extrapolated():
    assert indicator_row("96%", name="满意度").forecast == 96
    row = indicator_row("520元", name="每人补助标准")
    assert row.forecast == 520 and row.progress == D(500) / 520 * 100 and row.likelihood == "有可能"


def test_qualitative_actual_gives_its_likelihood():
    assert indicator_row("部分达成", name="生活改善").likelihood == "有可能"
    assert indicator_row("达成", name="生活改善").likelihood == "确定能"


def test_no_actual_leaves_the_row_open():
    _, [row] = monitor(spending=[paid(130000)])
    assert row.indicators[0].likelihood is None and not row.indicators[0].reason_required


def test_an_actual_in_an_incomparable_unit_is_an_error():
    with pytest.raises(EvaluationError, match="“帮扶人数”的完成值单位“元”无法与指标值单位“人”比较"):
        indicator_row("400元")


def test_unknown_indicator_names_the_nearest():
    with pytest.raises(EvaluationError, match="没有指标“帮扶人”，是否指：帮扶人数"):
        monitor(actuals=[actual("帮扶人", "3人")])


def test_unknown_project_is_an_error():
    with pytest.raises(EvaluationError, match="没有项目编码“13032221GVUVTX63BWWCX”，是否指：" + CODE):
        monitor(spending=[paid(1, code="13032221GVUVTX63BWWCX")])


def test_a_coded_project_named_by_its_name_is_told_its_code():
    with pytest.raises(EvaluationError, match=f"“困难职工帮扶资金”是项目名称，该项目有项目编码“{CODE}”，请填写项目编码"):
        monitor(spending=[paid(1, code="困难职工帮扶资金")])


def test_le_forecast_likelihood():
    doc = document(project([ind("产出指标", "成本指标", "培训总成本", "≤8万元")]))
    _, [row] = monitor(doc, spending=[paid(130000)], actuals=[actual("培训总成本", "5万元")])
    assert row.indicators[0].forecast == D(5) / (D(212) / 365)  # 8.6万元 forecast over 8万元
    assert row.indicators[0].likelihood == "有可能"
