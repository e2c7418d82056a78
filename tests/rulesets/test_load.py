"""Rule sets: the shipped ones, a province's own file starting from one of them, and every way a file
can be wrong, each a Chinese error naming the file and the key."""

import re

import pytest

from jixiao.core.errors import JixiaoError
from jixiao.rulesets import DEFAULT, RuleSet, load, shipped
from jixiao.rulesets import errors as e
from jixiao.rulesets.errors import RuleSetError, UnknownRuleSet

HEAD = 'code = "HN-2024"\ntitle = "某省2024年项目支出绩效自评规则"\n'


def province(tmp_path, text, name="province.toml", head=HEAD + 'base = "CZ-2020-10"\n'):
    path = tmp_path / name
    path.write_text(head + text, "utf-8")
    return path


def refused(path, message):
    with pytest.raises(RuleSetError) as caught:
        load(path)
    assert caught.value.message == message and caught.value.place == str(path)
    assert isinstance(caught.value, JixiaoError)
    return caught.value


# ---------------------------------------------------------------- shipped

def test_the_default_and_a_code_load_as_before():
    rules = load()
    assert isinstance(rules, RuleSet) and rules.code == DEFAULT and rules.title.startswith("财预〔2020〕10号")
    assert rules["grades"] == {"优": 90, "良": 80, "中": 60} and load("cz-2020-10") is rules and rules.base == ""


def test_the_national_defaults_keep_todays_behaviour():
    s, m = load()["self_evaluation"], load()["monitoring"]
    assert (s["lower_is_better"], s["exceed_ratio"], s["exceed_deducts"], s["execution_caps"], s["execution_cap_100"]) == \
        ("ratio", 1.2, False, [], False)
    assert (m["colours"], m["indicator_progress"], m["green_gap"], m["yellow_gap"]) == ("gap", "to_date", -10, -20)


def test_three_rule_sets_ship_each_value_with_a_chinese_source():
    rules = shipped()
    assert [r.code for r in rules] == ["CZ-2020-10", "CZ-2020-10-B80", "CZ-2020-10-STRICT"]
    assert [r.base for r in rules] == ["", "CZ-2020-10-STRICT", "CZ-2020-10"]
    for r in rules:
        for key, _, source in r.parameters():
            assert re.search("[\u4e00-\u9fff]", source) and "未注明来源" not in source, (r.code, key)


def test_a_derived_rule_set_changes_only_what_it_names():
    strict, national = load("CZ-2020-10-STRICT"), load()
    s = strict["self_evaluation"]
    assert (s["lower_is_better"], s["exceed_ratio"], s["exceed_deducts"], s["exceed_points"]) == \
        ("linear_to_double", 1.3, True, 2)
    assert s["execution_caps"] == [[80, 89], [70, 79], [60, 69], [50, 59]]
    assert strict["monitoring"]["colours"] == "absolute" and strict["grades"] == national["grades"]
    assert s["weights"] == national["self_evaluation"]["weights"] and strict["review"] == national["review"]
    assert set(strict.changed) == {"self_evaluation.lower_is_better", "self_evaluation.exceed_ratio",
                                   "self_evaluation.exceed_deducts", "self_evaluation.exceed_points",
                                   "self_evaluation.execution_caps", "monitoring.colours",
                                   "monitoring.indicator_progress"}
    assert strict.source("self_evaluation.execution_weight") == national.source("self_evaluation.execution_weight")


def test_a_rule_set_two_steps_down_inherits_through_both():
    b80 = load("CZ-2020-10-B80")
    assert b80["grades"] == {"优": 80, "良": 70, "中": 60} and b80["self_evaluation"]["execution_cap_100"] is True
    assert b80["self_evaluation"]["lower_is_better"] == "linear_to_double"  # from CZ-2020-10-STRICT
    assert b80["self_evaluation"]["execution_weight"] == 10  # from CZ-2020-10


def test_an_unknown_code_names_the_known_ones_and_is_a_key_error():
    with pytest.raises(UnknownRuleSet) as caught:
        load("XX-1")
    assert isinstance(caught.value, KeyError) and caught.value.exit_code == 2
    assert caught.value.message == e.UNKNOWN_RULESET.format(code="XX-1",
                                                            known="CZ-2020-10、CZ-2020-10-B80、CZ-2020-10-STRICT")


# ---------------------------------------------------------------- a province's own file

def test_a_province_file_overrides_only_its_keys(tmp_path):
    path = province(tmp_path, """
[self_evaluation]   # 某省财政厅〔2024〕3号
lower_is_better = "linear_to_double"   # 第五条 反向指标
execution_caps = [[60, 69]]
[self_evaluation.weights]
"效益指标" = 35   # 第四条 权重
"过程指标" = 5
[monitoring]
colours = "absolute"
""")
    rules = load(path)
    assert (rules.code, rules.base, rules.path) == ("HN-2024", "CZ-2020-10", str(path.resolve()))
    s = rules["self_evaluation"]
    assert s["lower_is_better"] == "linear_to_double" and s["exceed_ratio"] == 1.2  # the rest from the base
    assert s["execution_caps"] == [[60, 69]]  # a list is replaced, not merged
    assert s["weights"] == {"产出指标": 50, "效益指标": 35, "满意度指标": 10, "成本指标": "产出指标", "过程指标": 5}
    assert rules.source("self_evaluation.lower_is_better") == "第五条 反向指标"
    assert rules.source("self_evaluation.weights.效益指标") == "第四条 权重"
    assert rules.source("self_evaluation.execution_caps") == "某省财政厅〔2024〕3号"  # its table's
    assert rules.source("monitoring.colours") == "province.toml（未注明来源）"
    assert rules.source("self_evaluation.execution_weight") == load().source("self_evaluation.execution_weight")
    assert [k for k, _, _ in rules.parameters(own=True)] == [
        "self_evaluation.lower_is_better", "self_evaluation.execution_caps", "self_evaluation.weights.效益指标",
        "self_evaluation.weights.过程指标", "monitoring.colours"]


def test_a_province_file_may_start_from_a_shipped_variant_or_another_file(tmp_path):
    province(tmp_path, '[grades]\n"优" = 85\n', name="first.toml", head=HEAD + 'base = "cz-2020-10-strict"\n')
    second = province(tmp_path, '[monitoring]\ncolours = "gap"\n', name="second.toml",
                      head='code = "HN-2024-市"\ntitle = "某市"\nbase = "first.toml"\n')
    rules = load(str(second))
    assert rules.base == "HN-2024" and rules["grades"]["优"] == 85 and rules["monitoring"]["colours"] == "gap"
    assert rules["self_evaluation"]["exceed_points"] == 2  # from CZ-2020-10-STRICT through first.toml


# ---------------------------------------------------------------- errors, each naming the file and the key

def test_an_unknown_base(tmp_path):
    path = province(tmp_path, "", head=HEAD + 'base = "HB-2099"\n')
    refused(path, e.UNKNOWN_BASE.format(base="HB-2099", known="CZ-2020-10、CZ-2020-10-B80、CZ-2020-10-STRICT"))


def test_a_misspelt_key_is_never_ignored(tmp_path):
    path = province(tmp_path, "[self_evaluation]\nexceed_ratoi = 1.3\n")
    error = refused(path, e.UNKNOWN_KEY.format(key="self_evaluation.exceed_ratoi", nearest=e.NEAREST.format(
        names="“self_evaluation.exceed_ratio”、“self_evaluation.exceed_points”、“self_evaluation.exceed_deducts”")))
    assert error.code == "unknown_key"


def test_an_unknown_section(tmp_path):
    refused(province(tmp_path, "[scoring]\nx = 1\n"), e.UNKNOWN_KEY.format(key="scoring", nearest=""))


def test_a_value_of_the_wrong_kind(tmp_path):
    refused(province(tmp_path, '[self_evaluation]\nexceed_ratio = "1.3"\n'),
            e.WRONG_TYPE.format(key="self_evaluation.exceed_ratio", expected="数值", given="文字“1.3”"))
    refused(province(tmp_path, "[self_evaluation]\nexceed_deducts = 1\n"),
            e.WRONG_TYPE.format(key="self_evaluation.exceed_deducts", expected="true或false", given="数值1"))
    refused(province(tmp_path, "[self_evaluation]\nexecution_caps = 80\n"),
            e.WRONG_TYPE.format(key="self_evaluation.execution_caps", expected="列表（[...]）", given="数值80"))


def test_a_choice_outside_the_known_ones(tmp_path):
    refused(province(tmp_path, '[self_evaluation]\nlower_is_better = "linear"\n'),
            e.BAD_CHOICE.format(key="self_evaluation.lower_is_better", choices="“ratio”、“linear_to_double”",
                                given="linear"))
    refused(province(tmp_path, '[monitoring]\ncolours = "traffic"\n'),
            e.BAD_CHOICE.format(key="monitoring.colours", choices="“gap”、“absolute”", given="traffic"))


def test_caps_and_grades_of_the_wrong_shape(tmp_path):
    refused(province(tmp_path, "[self_evaluation]\nexecution_caps = [[80]]\n"), e.BAD_VALUE.format(
        key="self_evaluation.execution_caps", reason="的每一项应为[执行率低于的百分数, 总分上限]，如[80, 89]，写的是[80]"))
    refused(province(tmp_path, '[grades]\n"良" = 95\n'),
            e.BAD_VALUE.format(key="grades", reason="应为优＞良＞中的分数下限，写的是90/95/60"))
    refused(province(tmp_path, '[self_evaluation.weights]\n"效益指标" = 0\n'),
            e.BAD_VALUE.format(key="self_evaluation.weights.效益指标", reason="应大于0，写的是0"))


def test_a_cycle_of_files(tmp_path):
    a = province(tmp_path, "", name="a.toml", head='code = "A"\ntitle = "甲"\nbase = "b.toml"\n')
    b = province(tmp_path, "", name="b.toml", head='code = "B"\ntitle = "乙"\nbase = "a.toml"\n')
    with pytest.raises(RuleSetError, match="规则集互相继承，形成循环") as caught:
        load(a)
    assert caught.value.code == "cycle" and str(a.resolve()) in caught.value.message and str(b.resolve()) in caught.value.message


def test_a_file_that_is_not_toml(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[self_evaluation\nlower_is_better = ratio\n", "utf-8")
    error = refused(path, e.NOT_TOML.format(where=e.NOT_TOML_AT.format(line=1, column=17)))
    assert error.code == "not_toml" and error.message.startswith("不是有效的TOML文件（第1行第17列附近）")
    path.write_bytes("code = '绩效'\n".encode("gbk"))  # GBK bytes, not UTF-8
    refused(path, e.NOT_UTF8)


def test_a_missing_file_code_title_or_base(tmp_path):
    with pytest.raises(RuleSetError) as caught:
        load(tmp_path / "none.toml")
    assert caught.value.message == e.NO_FILE and caught.value.exit_code == 2
    refused(province(tmp_path, "", head='title = "某省"\nbase = "CZ-2020-10"\n'), e.MISSING.format(key="code", what="规则集编码"))
    refused(province(tmp_path, "", head='code = "X"\nbase = "CZ-2020-10"\n'), e.MISSING.format(key="title", what="规则集名称"))
    refused(province(tmp_path, "", head=HEAD),
            e.MISSING.format(key="base", what="以哪个规则集为基础，如 base = \"CZ-2020-10\""))


def test_a_province_may_not_take_a_shipped_code(tmp_path):
    path = province(tmp_path, "", head='code = "cz-2020-10"\ntitle = "冒名"\nbase = "CZ-2020-10"\n')
    refused(path, e.SHIPPED_CODE.format(code="cz-2020-10"))
