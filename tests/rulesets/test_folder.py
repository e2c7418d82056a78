"""A province's folder of rule sets (JIXIAO_RULESETS_DIR, passed in by the web settings or the command line):
each file read with its base, offered beside the shipped ones, and every file that cannot be used named with
its key, never taken silently."""

import pytest

from jixiao.rulesets import available, check_folder, load, scan
from jixiao.rulesets import errors as e
from jixiao.rulesets.errors import RuleSetError, UnknownRuleSet

HB = 'code = "HB-2021"\ntitle = "河北省2021年项目支出绩效自评规则"\nbase = "CZ-2020-10"\n\n[grades]  # 冀财绩〔2021〕1号\n"优" = 85\n'
HB2 = 'code = "HB-2022"\ntitle = "河北省2022年规则"\nbase = "HB-2021"\n\n[self_evaluation]\nexceed_points = 3  # 冀财绩〔2022〕2号\n'


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "hb.toml").write_text(HB, "utf-8")
    (tmp_path / "hb2.toml").write_text(HB2, "utf-8")
    (tmp_path / "readme.txt").write_text("not a rule set", "utf-8")
    return tmp_path


def test_the_folders_rule_sets_come_after_the_shipped_ones(folder):
    assert [r.code for r in available(folder)] == ["CZ-2020-10", "CZ-2020-10-B80", "CZ-2020-10-STRICT", "HB-2021",
                                                    "HB-2022"]
    assert [r.code for r in available(None)] == ["CZ-2020-10", "CZ-2020-10-B80", "CZ-2020-10-STRICT"]


def test_a_folder_code_loads_in_any_case_with_its_file_and_sources(folder):
    rules = load("hb-2021", folder)
    assert rules.code == "HB-2021" and rules.path == str((folder / "hb.toml").resolve())
    assert rules["grades"] == {"优": 85, "良": 80, "中": 60} and rules.source("grades.优") == "冀财绩〔2021〕1号"


def test_a_file_may_start_from_another_files_rule_set_by_its_code(folder):
    rules = load("HB-2022", folder)
    assert rules.base == "HB-2021" and rules["grades"]["优"] == 85 and rules["self_evaluation"]["exceed_points"] == 3
    assert rules.source("grades.优") == "冀财绩〔2021〕1号"  # kept from the base file


def test_a_shipped_code_never_reads_the_folder(tmp_path):
    (tmp_path / "broken.toml").write_text("code = [", "utf-8")
    assert load("CZ-2020-10-STRICT", tmp_path).code == "CZ-2020-10-STRICT"


def test_an_unknown_code_lists_the_folders_codes_too(folder):
    with pytest.raises(UnknownRuleSet) as caught:
        load("HN-2024", folder)
    assert caught.value.message == e.UNKNOWN_RULESET.format(
        code="HN-2024", known="CZ-2020-10、CZ-2020-10-B80、CZ-2020-10-STRICT、HB-2021、HB-2022")


def test_a_broken_file_is_named_with_its_key_and_the_others_still_load(folder):
    (folder / "zj.toml").write_text('code = "ZJ-2021"\ntitle = "浙江"\nbase = "CZ-2020-10"\n[grades]\n"优秀" = 85\n',
                                    "utf-8")
    found = scan(folder)
    assert sorted(found.by_code) == ["HB-2021", "HB-2022"]
    [problem] = found.problems
    assert problem.place == str(folder / "zj.toml") and problem.message == e.UNKNOWN_KEY.format(
        key="grades.优秀", nearest=e.NEAREST.format(names="“grades.优”"))
    with pytest.raises(RuleSetError) as caught:
        check_folder(folder)
    assert caught.value is problem
    with pytest.raises(UnknownRuleSet) as unknown:  # the code asked for may be the broken file's: said
        load("ZJ-2021", folder)
    assert str(problem) in unknown.value.message


def test_a_shipped_code_or_one_another_file_has_is_refused(folder):
    (folder / "a-copy.toml").write_text(HB.replace("河北省", "重复"), "utf-8")  # sorts before hb.toml
    (folder / "z.toml").write_text('code = "cz-2020-10"\ntitle = "冒名"\nbase = "CZ-2020-10"\n', "utf-8")
    found = scan(folder)
    assert [(p.place, p.message) for p in found.problems] == [
        (str(folder / "hb.toml"), e.DUPLICATE_CODE.format(code="HB-2021", other="a-copy.toml")),
        (str(folder / "z.toml"), e.SHIPPED_CODE.format(code="cz-2020-10"))]
    assert found.by_code["HB-2021"].title == "重复2021年项目支出绩效自评规则"


def test_a_missing_folder_and_an_unknown_default_are_refused_at_start(tmp_path, folder):
    with pytest.raises(RuleSetError) as caught:
        check_folder(tmp_path / "nowhere")
    assert caught.value.message == e.NO_FOLDER and caught.value.place == str(tmp_path / "nowhere")
    with pytest.raises(UnknownRuleSet):
        check_folder(folder, "HN-2024")
    assert [r.code for r in check_folder(folder, "HB-2022")][-1] == "HB-2022"


def test_a_changed_file_is_read_again(folder):
    assert load("HB-2021", folder)["grades"]["优"] == 85
    (folder / "hb.toml").write_text(HB.replace('"优" = 85', '"优" = 88  # 冀财绩〔2021〕5号'), "utf-8")
    assert load("HB-2021", folder)["grades"]["优"] == 88
