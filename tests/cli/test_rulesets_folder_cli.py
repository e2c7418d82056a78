"""JIXIAO_RULESETS_DIR on the command line: `jixiao rulesets` lists the folder's rule sets with their files and
names each file that cannot be used; `--ruleset CODE` takes a folder's code."""

import json

from jixiao.rulesets import errors as e

from .test_cli import SEED, run
from .test_evaluation_cli import records  # noqa: F401 - the spending and actuals CSV fixture

HB = 'code = "HB-2021"\ntitle = "河北省2021年项目支出绩效自评规则"\nbase = "CZ-2020-10-STRICT"\n\n[grades]  # 冀财绩〔2021〕1号\n"优" = 85\n'


def test_rulesets_lists_the_folders_rule_sets_with_their_files(tmp_path, monkeypatch):
    (tmp_path / "hb.toml").write_text(HB, "utf-8")
    monkeypatch.setenv("JIXIAO_RULESETS_DIR", str(tmp_path))
    data = json.loads(run("rulesets", "--json").stdout)
    assert [r["code"] for r in data] == ["CZ-2020-10", "CZ-2020-10-B80", "CZ-2020-10-STRICT", "HB-2021"]
    assert data[3]["file"] == str((tmp_path / "hb.toml").resolve()) and data[3]["base"] == "CZ-2020-10-STRICT"
    text = run("rulesets").stdout
    assert "HB-2021  河北省2021年项目支出绩效自评规则，基础规则集：CZ-2020-10-STRICT" in text
    assert f"文件：{(tmp_path / 'hb.toml').resolve()}" in text
    [one] = json.loads(run("rulesets", "hb-2021", "--json").stdout)
    assert [p for p in one["parameters"] if p["own"]] == [
        {"key": "grades.优", "value": 85, "own": True, "source": "冀财绩〔2021〕1号"}]


def test_a_broken_file_is_named_with_its_key_and_the_rest_still_listed(tmp_path, monkeypatch):
    (tmp_path / "hb.toml").write_text(HB, "utf-8")
    (tmp_path / "zz.toml").write_text(HB.replace("HB-2021", "ZZ-2021") + "[monitoring]\nblue_ratio = \"1.2\"\n", "utf-8")
    monkeypatch.setenv("JIXIAO_RULESETS_DIR", str(tmp_path))
    result = run("rulesets")
    assert result.exit_code == 1 and "HB-2021" in result.stdout and "ZZ-2021" not in result.stdout
    message = e.WRONG_TYPE.format(key="monitoring.blue_ratio", expected="数值", given="文字“1.2”")
    assert result.stderr.strip() == f"{tmp_path / 'zz.toml'}：错误：{message}（该文件中的规则集不可用）"


def test_score_takes_a_folders_code(records, tmp_path, monkeypatch):  # noqa: F811
    spending, actuals = records
    (tmp_path / "hb.toml").write_text(HB, "utf-8")
    monkeypatch.setenv("JIXIAO_RULESETS_DIR", str(tmp_path))
    result = run("score", SEED, "--spending", spending, "--actuals", actuals, "--ruleset", "HB-2021", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["ruleset"] == "HB-2021"
    unknown = run("score", SEED, "--spending", spending, "--actuals", actuals, "--ruleset", "HN-2024")
    assert unknown.exit_code == 2 and "HB-2021" in unknown.stderr and "没有规则集“HN-2024”" in unknown.stderr


def test_serve_refuses_to_start_on_a_broken_file_naming_it_and_its_key(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "hb.toml").write_text(HB.replace('"优" = 85', '"优" = 85\n"优秀" = 90'), "utf-8")
    env = {**os.environ, "JIXIAO_DATA_DIR": str(tmp_path / "data"), "JIXIAO_RULESETS_DIR": str(folder)}
    env.pop("DATABASE_URL", None)
    result = subprocess.run([str(Path(sys.executable).with_name("jixiao")), "serve", "--port", "1"], env=env,
                            capture_output=True, text=True, timeout=120)
    message = e.UNKNOWN_KEY.format(key="grades.优秀", nearest=e.NEAREST.format(names="“grades.优”"))
    assert result.returncode == 1 and result.stderr.strip() == f"{folder / 'hb.toml'}：错误：{message}"
    assert "数据库" not in result.stdout and not (tmp_path / "data" / "jixiao.sqlite3").exists()
    env["JIXIAO_RULESETS_DIR"], env["JIXIAO_RULESET"] = str(tmp_path / "none"), "HB-2021"
    missing = subprocess.run([str(Path(sys.executable).with_name("jixiao")), "serve", "--port", "1"], env=env,
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and missing.stderr.strip() == f"{tmp_path / 'none'}：错误：{e.NO_FOLDER}"
