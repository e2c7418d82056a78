"""Typed actuals: a value computed from records reaches the score as its number and unit,
what a person typed is parsed once where it enters, and every row says where its value
came from."""

from decimal import Decimal as D

import pytest

from jixiao.evaluation import quantities
from jixiao.evaluation.errors import EvaluationError
from jixiao.evaluation.monitoring import monitor_document
from jixiao.evaluation.quantities import Quantity, computed, parse_actual, record_from_text
from jixiao.evaluation.records import COMPUTED, IMPORTED, TYPED, ActualRecord, Provenance
from jixiao.evaluation.scoring import score_document
from jixiao.formats.evaluation_json import monitor_json, score_json
from jixiao.formats.records_csv import read_actuals

from .helpers import CODE, RULES, document, ind, paid, project

SETTINGS = RULES["self_evaluation"]
JULY = __import__("datetime").date(2021, 7, 31)


def money_project():
    return project([ind("产出指标", "数量指标", "帮扶人数", "≥400人"),
                    ind("产出指标", "质量指标", "发放合规率", "≥96%"),
                    ind("效益指标", "经济效益指标", "帮扶金额", "≥12200元"),
                    ind("满意度指标", "服务对象满意度指标", "满意度", "≥95%")])


def from_records(name, value, unit, metric="persons_paid", refs=("payment:1", "payment:2")):
    return ActualRecord(CODE, name, computed(D(value), unit), source=Provenance(COMPUTED, metric=metric, records=refs))


@pytest.fixture
def no_text_parsing(monkeypatch):
    """Any parse of an actual's text fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"text parsed: {args}")

    from jixiao.core import targets
    from jixiao.evaluation import monitoring, scoring

    monkeypatch.setattr(targets, "parse_target", refuse)
    for module in (quantities, scoring, monitoring):
        for name in ("parse_actual", "parse_target"):
            monkeypatch.setattr(module, name, refuse, raising=False)


def test_metric_actuals_reach_the_score_without_any_text_parsing(no_text_parsing):
    actuals = [from_records("帮扶人数", "394", "人"), from_records("发放合规率", "95.8333", "%", "compliance_rate"),
               from_records("帮扶金额", "1.2149", "万元", "average_per_person"),
               from_records("满意度", "96", "%", "survey_satisfaction")]
    [result] = score_document(document(money_project()), [paid(200000)], actuals, RULES)
    people, rate, money, satisfaction = result.indicators
    assert (people.actual, rate.actual, money.actual) == ("394人", "95.83%", "1.21万元")  # text for display only
    assert people.score == D(394) / 400 * people.weight
    # scored by its number, not by its text: 95.83% and 1.21万元 would give less
    assert rate.score == D("95.8333") / 96 * rate.weight != D("95.83") / 96 * rate.weight
    assert money.score == D("12149") / 12200 * money.weight != D("12100") / 12200 * money.weight
    assert satisfaction.score == satisfaction.weight


def test_a_metric_value_of_none_is_no_actual_in_actuals(no_text_parsing):
    record = ActualRecord(CODE, "帮扶人数", None, source=Provenance(COMPUTED, metric="persons_paid"))
    [result] = score_document(document(money_project()), [], [record], RULES)
    assert result.indicators[0].flags == ["无完成值"] and result.indicators[0].source is None


def test_monitoring_uses_the_metric_number_in_actuals(no_text_parsing):
    _, [row] = monitor_document(document(money_project()), [paid(130000)],
                                [from_records("发放合规率", "95.8333", "%", "compliance_rate")], JULY, RULES)
    rate = row.indicators[1]
    assert rate.actual == "95.83%" and rate.forecast == D("95.8333") and rate.progress == D("95.8333") / 96 * 100


def test_provenance_is_carried_to_the_rows_and_the_json_of_actuals():
    typed = record_from_text(CODE, "帮扶人数", "406人")
    imported = record_from_text(CODE, "满意度", "96%", source=Provenance(IMPORTED, file="a.csv：第3行"))
    metric = from_records("发放合规率", "100", "%", "compliance_rate")
    doc = document(money_project())
    [score] = score_document(doc, [paid(200000)], [typed, imported, metric], RULES)
    _, [monitor] = monitor_document(doc, [paid(130000)], [typed, imported, metric], JULY, RULES)
    for rows in (score.indicators, monitor.indicators):
        assert [r.source.kind if r.source else None for r in rows] == [TYPED, COMPUTED, None, IMPORTED]
        assert rows[1].source.label == "由业务记录计算（compliance_rate，2条记录）"
        assert rows[3].source.label == "文件导入（a.csv：第3行）"
    data = score_json([score], "CZ-2020-10", sources=True)["projects"][0]["indicators"]
    assert data[1]["source"] == {"kind": "computed", "label": "由业务记录计算（compliance_rate，2条记录）",
                                 "metric": "compliance_rate", "records": 2, "file": None}
    assert data[0]["source"]["kind"] == "typed" and data[2]["source"] is None
    assert data[3]["source"]["file"] == "a.csv：第3行"
    watched = monitor_json(JULY, [monitor], "CZ-2020-10", sources=True)["projects"][0]["indicators"]
    assert [i["source"] and i["source"]["kind"] for i in watched] == ["typed", "computed", None, "imported"]
    assert "source" not in score_json([score], "CZ-2020-10")["projects"][0]["indicators"][0]  # the CLI's shape


def test_typed_actuals_are_parsed_once_where_they_enter(tmp_path, monkeypatch):
    calls = []
    real = quantities.parse_actual
    monkeypatch.setattr(quantities, "parse_actual", lambda text: calls.append(text) or real(text))
    path = tmp_path / "a.csv"
    path.write_text(f"项目编码,三级指标,完成值,全年预计\n{CODE},帮扶人数,394人,410人\n{CODE},满意度,95.83%,\n"
                    f"{CODE},每人补助标准,,\n", "gb18030")
    actuals = read_actuals(path)
    assert calls == ["394人", "410人", "95.83%"]
    assert actuals[0].actual == Quantity(D(394), "人", None, "394人") and actuals[0].forecast.value == D(410)
    assert actuals[0].source == Provenance(IMPORTED, file="a.csv：第2行") and actuals[2].actual is None
    score_document(document(), [paid(1)], actuals, RULES)
    monitor_document(document(), [paid(1)], actuals, JULY, RULES)
    assert len(calls) == 3  # scoring and monitoring read the numbers


def test_typed_actuals_keep_the_chinese_messages():
    with pytest.raises(EvaluationError) as e:
        record_from_text(CODE, "帮扶人数", "很多", place="a.csv：第2行")
    assert (e.value.code, e.value.place) == ("bad_actual", "a.csv：第2行")
    assert e.value.message == "指标“帮扶人数”的完成值“很多”不是数值，也不是达成、部分达成或未达成"
    with pytest.raises(EvaluationError, match="全年预计“不少”应为数值"):
        record_from_text(CODE, "帮扶人数", "300人", forecast="不少")
    with pytest.raises(ValueError):
        parse_actual("90%～95%")  # a range is no actual
    remark = record_from_text(CODE, "", "随便写", reason="经费保障：拨付延迟")
    assert remark.actual is None and remark.reason == "经费保障：拨付延迟"  # a remark's actual was never read


def test_a_bad_typed_actual_in_a_file_names_its_row(tmp_path):
    from jixiao.evaluation import errors

    path = tmp_path / "a.csv"
    path.write_text(f"project,indicator,actual\n{CODE},帮扶人数,406人\n{CODE},满意度,很满意\n", "utf-8")
    with pytest.raises(EvaluationError) as e:
        read_actuals(path)
    assert (e.value.code, e.value.place, e.value.exit_code, e.value.status) == ("bad_actual", f"{path}：第3行", 1, 400)
    assert e.value.message == errors.BAD_ACTUAL.format(indicator="满意度", text="很满意")
    assert e.value.message == "指标“满意度”的完成值“很满意”不是数值，也不是达成、部分达成或未达成"


def test_a_level_where_a_number_is_due_is_still_refused_in_actuals():
    [level] = [record_from_text(CODE, "帮扶人数", "达成")]
    with pytest.raises(EvaluationError, match="定量指标“帮扶人数”的完成值应为数值，如“≥400人”"):
        score_document(document(), [], [level], RULES)
    computed_wrong = ActualRecord(CODE, "帮扶人数", computed(D(3), "元"), source=Provenance(COMPUTED, metric="x"))
    with pytest.raises(EvaluationError, match="完成值单位“元”无法与指标值单位“人”比较") as e:
        score_document(document(), [], [computed_wrong], RULES)
    assert e.value.place == "由业务记录计算"


@pytest.mark.parametrize("command", ["score", "monitor"])
def test_a_bad_actual_in_the_cli_actuals_file_is_one_line_and_status_1(tmp_path, command):
    from tests.cli.test_cli import SEED, run

    code = "13032221GVUVTX63BWWCQ"
    spending, actuals = tmp_path / "s.csv", tmp_path / "a.csv"
    spending.write_text(f"project,date,amount\n{code},2021-01-28,98000\n", "utf-8")
    actuals.write_text(f"project,indicator,actual\n{code},困难帮扶人数,很多\n", "gb18030")
    result = run(command, SEED, "--spending", spending, "--actuals", actuals)
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"{actuals}：第2行：错误：指标“困难帮扶人数”的完成值“很多”不是数值，"
                                     "也不是达成、部分达成或未达成")
