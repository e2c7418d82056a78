from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.relief import metrics
from jixiao.relief.checks import DECLINED, DONE, HealthCheck, ModelWorker
from jixiao.relief.errors import PersonError, RoundError
from jixiao.relief.persons import id_number, mask_account, mask_id, mask_phone, phone, region
from jixiao.relief.register import (
    CLOSED,
    LIFTED,
    REGISTERED,
    RELAPSED,
    Beneficiary,
    move,
    read_rows,
)
from jixiao.relief.rounds import (
    APPROVED,
    FAILED,
    Entry,
    Payment,
    Round,
    RoundRecord,
    approve,
    check_budget,
    draw,
    payment_problems,
)
from jixiao.relief.standards import Standard, amount_due
from jixiao.relief.surveys import satisfaction

ID1, ID2, ID3 = "11010519491231002X", "130322198507150017", "130322199001010011"


def valid(number):
    from stdnum.cn import ric

    return ric.is_valid(number)


def test_fixture_numbers_are_valid():
    assert all(valid(n) for n in (ID1, ID2, ID3))


def test_id_numbers_are_checked_and_legacy_ones_converted():
    assert id_number(" 11010519491231002x ") == ID1
    assert id_number("110105491231002") == ID1
    assert region(ID1) == "北京市朝阳区"
    for bad, reason in (("110105194912310021", "校验位不对"), ("12345", "应为18位"), ("110105194913310021", "出生日期")):
        with pytest.raises(PersonError, match=reason):
            id_number(bad)


def test_phones_and_masks():
    assert phone("138 1234 1234") == "13812341234" and phone("0335-1234567") == "0335-1234567"
    with pytest.raises(PersonError, match="不是有效的手机或固定电话号码"):
        phone("12345")
    assert (mask_id(ID1), mask_phone("13812341234"), mask_account("6222021234567890")) == (
        "110105********002X", "138****1234", "6222********7890")


def test_status_moves_keep_their_dates_and_refuse_the_impossible():
    person = Beneficiary(ID1, "张三")
    move(person, LIFTED, date(2021, 5, 1))
    move(person, RELAPSED, date(2021, 9, 1))
    assert person.history == [(LIFTED, date(2021, 5, 1)), (RELAPSED, date(2021, 9, 1))]
    move(person, CLOSED, date(2021, 12, 1))
    with pytest.raises(PersonError, match="当前为“注销”，不能改为“建档”"):
        move(person, REGISTERED, date(2022, 1, 1))


HEADER = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度"]


def test_reading_a_register_reports_row_by_row():
    rows = [HEADER,
            ["张三", ID1, "13812341234", "县纺织厂", "3", "18000", "因病", "深度困难"],
            ["李四", "130322198507150016", "", "", "2", "", "因灾", "相对困难"],
            ["王五", ID2, "12", "", "", "", "", ""],
            ["赵六", ID3, "", "", "x", "", "", ""],
            ["", "", "", "", "", "", "", ""],
            ["张三", ID1, "", "", "", "", "", ""],
            ["孙七", ID3, "", "", "1", "", "离婚", ""]]
    good, bad = read_rows(rows)
    assert [p.name for _, p in good] == ["张三"]
    assert [str(b) for b in bad] == [
        "第3行“身份证号”：身份证号“130322********0016”校验位不对",
        "第4行“电话”：电话“12”不是有效的手机或固定电话号码",
        "第5行“家庭人口”：“x”不是正整数",
        "第7行“身份证号”：110105…002X已在档案中，不能重复建档",
        "第8行“致困原因”：“离婚”不是可选值（因病、因残、因灾、意外、子女就学、失业、其他）",
    ]


def test_a_person_already_registered_is_refused_and_a_broken_header_imports_nothing():
    good, bad = read_rows([HEADER, ["张三", ID1]], known={ID1})
    assert not good and "不能重复建档" in bad[0].message
    good, bad = read_rows([["名字", "号码"], ["张三", ID1]])
    assert not good and str(bad[0]) == "第1行“表头”：缺少“姓名”“身份证号”列"


STANDARDS = [Standard("救助", D(500)), Standard("救助", D(800), degree="深度困难"),
             Standard("救助", D(1000), degree="深度困难", cause="因病")]


def test_the_most_specific_standard_applies():
    assert amount_due(STANDARDS, "救助", "深度困难", "因病") == 1000
    assert amount_due(STANDARDS, "救助", "深度困难", "因灾") == 800
    assert amount_due(STANDARDS, "救助", "相对困难", "因病") == 500
    assert amount_due(STANDARDS, "助学", "相对困难") is None


SPRING = Round("2021年春节送温暖", "13032221GVUVTX63BWWCQ", "救助", date(2021, 1, 15), date(2021, 2, 10))


def people():
    return [Beneficiary(ID1, "张三", cause="因病", degree="深度困难"), Beneficiary(ID2, "李四", degree="相对困难"),
            Beneficiary(ID3, "王五", status=LIFTED)]


def test_drawing_a_round_from_the_register():
    entries, left_out = draw(SPRING, people(), STANDARDS, already_paid={ID2})
    assert entries == [Entry(ID1, "张三", D(1000))]
    assert [(p.name, why) for p, why in left_out] == [("李四", "本轮已发放"), ("王五", "状态为“脱困”")]
    only_deep = Round("专项", "p", "救助", date(2021, 3, 1), date(2021, 3, 31), degrees=("深度困难",))
    _, left_out = draw(only_deep, people()[1:2], STANDARDS)
    assert left_out[0][1] == "困难程度为“相对困难”，本轮只含深度困难"


def test_approval_freezes_the_list_and_respects_the_budget():
    round_ = Round(**{**SPRING.__dict__})
    entries, _ = draw(round_, people(), STANDARDS)
    with pytest.raises(RoundError, match="本轮合计0.15万元，超过项目剩余预算0.10万元"):
        approve(round_, entries, D(1000))
    frozen = approve(round_, entries, D(200000))
    assert round_.state == APPROVED and frozen == entries
    with pytest.raises(RoundError, match="已审批，名单已冻结"):
        approve(round_, entries, D(200000))
    check_budget(entries, D(1500))  # exactly the budget is fine


def test_payment_problems():
    entry = Entry(ID1, "张三", D(1000))
    assert payment_problems(Payment(ID1, D(1000), date(2021, 2, 1)), SPRING, entry) == []
    late = payment_problems(Payment(ID1, D(1200), date(2021, 3, 1)), SPRING, entry)
    assert [(p.code, p.message) for p in late] == [
        ("off_standard", "金额1200元与标准1000元不符"), ("outside_dates", "发放日期2021-03-01不在本轮2021-01-15至2021-02-10内")]
    assert [p.message for p in payment_problems(Payment(ID2, D(500), date(2021, 2, 1)), SPRING, None)] == [
        "收款人不在本轮审批名单中"]


def test_satisfaction_counts_satisfied_over_valid_answers():
    assert satisfaction([[5, 4, 3], [2, None, 9]]) == D(50)
    assert satisfaction([[None]]) is None


def records():
    register = {p.id_number: p for p in people()}
    national = Round("2021年国庆救助", "p", "救助", date(2021, 9, 20), date(2021, 10, 10))
    spring = RoundRecord(SPRING, {ID1: Entry(ID1, "张三", D(1000)), ID2: Entry(ID2, "李四", D(500))}, [
        Payment(ID1, D(1000), date(2021, 2, 1), SPRING.name, ref="p1"),
        Payment(ID2, D(500), date(2021, 2, 2), SPRING.name, ref="p2")])
    autumn = RoundRecord(national, {ID1: Entry(ID1, "张三", D(1000)), ID2: Entry(ID2, "李四", D(500))}, [
        Payment(ID1, D(1000), date(2021, 9, 28), national.name, ref="p3"),
        Payment(ID2, D(600), date(2021, 10, 20), national.name, ref="p4"),  # late, and not the standard
        Payment(ID3, D(500), date(2021, 9, 28), national.name, status=FAILED, ref="p5")])
    workers = [ModelWorker(f"w{k}", f"劳模{k}", "省部级", 2015) for k in range(4)] + [ModelWorker("c", "市级", "市级", 2019)]
    checks = [HealthCheck("w0", 2021, DONE, date(2021, 6, 1), "县医院", D(500), ref="c0"),
              HealthCheck("w1", 2021, DONE, date(2021, 12, 5), "县医院", D(480), ref="c1"),
              HealthCheck("w2", 2021, DECLINED, reason="本人放弃", ref="c2"),
              HealthCheck("c", 2021, DONE, date(2021, 6, 1), "县医院", D(500), ref="c3")]
    return metrics.ProjectRecords(2021, D(200000), D(150000), ["s1"], register, [spring, autumn], workers, checks,
                                  [[5, 4], [4, 2]], ["a1", "a2"])


@pytest.mark.parametrize("code, value, unit, refs", [
    ("persons_paid", D(2), "人", ("p1", "p2", "p3", "p4")),  # a person paid in two rounds counts once
    ("average_per_person", D(1550), "元", ("p1", "p2", "p3", "p4")),
    ("minimum_per_person", D(1100), "元", ("p1", "p2", "p3", "p4")),
    ("compliance_rate", D(2500) * 100 / D(3100), "%", ("p1", "p2", "p3", "p4")),
    ("rounds_on_time", D(1), "次", ("2021年春节送温暖",)),
    ("checks_done", D(2), "人", ("c0", "c1")),  # the 市级 worker is not due
    ("checks_done_rate", D(50), "%", ("c0", "c1")),
    ("check_cost_per_person", D(490), "元", ("c0", "c1")),
    ("survey_satisfaction", D(50), "%", ("a1", "a2")),  # per respondent: means 4.5 and 3
    ("budget_execution", D(75), "%", ("s1",)),
])
def test_metrics_from_records(code, value, unit, refs):
    result = metrics.CATALOGUE[code].compute(records(), {})
    assert (result.value, result.unit, result.records) == (value, unit, refs)


def test_checks_on_time_uses_the_deadline_parameter():
    result = metrics.CATALOGUE["checks_on_time_rate"].compute(records(), {"deadline": "2021-11-30"})
    assert (result.value, result.records) == (D(25), ("c0",))


def test_a_metric_value_reads_like_an_actual():
    assert metrics.MetricValue(D("95.8333"), "%").text == "95.83%"
    assert metrics.MetricValue(D("406"), "人").text == "406人"
    assert metrics.MetricValue(None, "人").text == ""


def test_every_metric_has_a_chinese_name():
    assert all(any("\u4e00" <= c <= "\u9fff" for c in m.name) for m in metrics.CATALOGUE.values())


def test_satisfaction_of_one_round_only():
    r = records()
    r.answer_rounds = ["2021年春节送温暖", "2021年国庆救助"]
    spring = metrics.CATALOGUE["survey_satisfaction"].compute(r, {"round": "2021年春节送温暖"})
    assert (spring.value, spring.records) == (D(100), ("a1",))
    assert metrics.CATALOGUE["survey_satisfaction"].compute(r, {}).value == D(50)
