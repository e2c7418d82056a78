import json

from .test_cli import SEED, bad_seed, run


def test_review_prints_findings_by_project_and_exits_0_without_errors():
    result = run("review", SEED)
    assert result.exit_code == 0
    assert "建议等级" in result.stdout
    assert "职工困难帮扶防贫资金（13032221GVUVTX63BWWCQ）" in result.stdout
    assert "每人保障补助标准金额" in result.stdout and "适当性" in result.stdout


def test_review_json_has_the_agreed_shape():
    data = json.loads(run("review", "--json", SEED).stdout)
    assert data["ruleset"] == "CZ-2020-10" and data["grade"] in "优良中差"
    assert set(data["findings"][0]) == {"code", "dimension", "severity", "project", "indicator", "field", "message",
                                        "hint"}
    assert {p["code"] for p in data["projects"]} == {"13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098",
                                                    "13032221W892NIM0EVGFV"}


def test_review_exits_1_on_an_error_level_finding(tmp_path):
    path = bad_seed(tmp_path, "13032221GVUVTX63BWWCQ", "1303222GVUVTX63BWWCQ")
    result = run("review", "--json", path)
    assert result.exit_code == 1
    codes = {f["code"] for f in json.loads(result.stdout)["findings"]}
    assert "bad-project-code" in codes


def test_review_of_an_unreadable_file_exits_2(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run("review", empty)
    assert result.exit_code == 2 and "文件是空的" in result.stderr


def test_an_unknown_ruleset_is_refused():
    result = run("review", "--ruleset", "XX-1", SEED)
    assert result.exit_code == 2 and "没有规则集“XX-1”，可用：CZ-2020-10" in result.stderr
