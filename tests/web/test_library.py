"""The indicator library (指标库, issue 15 §4): suggestions while writing a project's indicators, the
spread of approved targets, curation by finance with its history, and its refusals."""

import re
from decimal import Decimal

import pytest

from jixiao.core.indicator_library import LibraryError
from jixiao.web.goals import services as goals
from jixiao.web.goals.models import Indicator, Plan, Project
from jixiao.web.history.models import Entry
from jixiao.web.library import errors as e
from jixiao.web.library import selectors, services
from jixiao.web.library.models import LibraryEntry

from .conftest import approve, login


def _names(found):
    return [s["item"].name for s in found]


def test_the_seed_library_ships_with_its_sources(db):
    seeds = LibraryEntry.objects.filter(origin=LibraryEntry.SEED)
    assert seeds.count() == 45
    checks = seeds.get(key="union.model_worker.checks")
    assert (checks.name, checks.op, checks.unit, checks.typical) == ("劳模体检人数", "=", "人", "48人")
    assert "changli-union-2021" in checks.source
    assert all(entry.source for entry in seeds)


@pytest.mark.parametrize("project, expected", [
    ("困难职工帮扶", {"困难职工帮扶人数", "困难职工救助发放标准"}),
    ("劳模体检", {"劳模体检人数"}),
    ("干部培训", {"组织培训班次", "培训参加人数"}),
])
def test_suggestions_rank_the_right_entries_for_real_project_names(db, project, expected):
    found = _names(selectors.suggestions(text=project, limit=5))
    assert expected <= set(found), found


def test_a_project_of_the_seed_gets_its_sector_first(db):
    found = _names(selectors.suggestions(
        text="职工困难帮扶防贫资金", context="主要用于防止脱困职工家庭返贫和职工家庭因病因灾、意外事故等突发事件", limit=5))
    assert found[0] == "困难职工帮扶人数"
    assert all("劳模" not in name for name in found)


@pytest.fixture(autouse=True)
def fresh_snapshot(monkeypatch):
    monkeypatch.setattr(selectors, "REBUILD_IN_BACKGROUND", False)  # each test reads what it just wrote
    selectors._cache.clear()
    yield
    selectors._cache.clear()


def _approved_plan(code: str, year: int, indicators: list[tuple[str, str]], name: str = "困难职工帮扶") -> Plan:
    """Another unit's approved plan with one project and these (三级指标, 指标值) rows."""
    from jixiao.core.targets import parse_target
    from jixiao.web.goals.models import Unit

    unit = Unit.objects.create(code=code, name=f"某县总工会{code}")
    plan = Plan.objects.create(unit=unit, year=year, state=Plan.APPROVED, grade="良")
    project = Project.objects.create(plan=plan, code="", name=name, total=Decimal(10000), fiscal=Decimal(10000),
                                     other=Decimal(0), purpose="")
    for position, (title, raw) in enumerate(indicators):
        t = parse_target(raw, "数量指标")
        Indicator.objects.create(project=project, position=position, level1="产出指标", level2="数量指标", name=title,
                                 target_raw=raw, op=t.op, value=t.value, value_hi=t.value_hi, unit=t.unit)
    return plan


@pytest.fixture
def others(users):
    """Four other units' approved plans: 困难职工帮扶人数 ≥300人, ≥420人, ≥600人 (2020) and ≥400人,
    每人帮扶救助金额 in 元 and in 万元, and a qualitative row."""
    return [
        _approved_plan("711101", 2021, [("困难职工帮扶人数", "≥300人"), ("每人帮扶救助金额", "≥10000元")]),
        _approved_plan("711102", 2021, [("困难职工帮扶人数", "≥420人"), ("每人帮扶救助金额", "≥1.21万元")]),
        _approved_plan("711103", 2020, [("困难职工帮扶人数", "≥600人"), ("困难职工的生活需求", "满足困难职工的生活需求")]),
        _approved_plan("711104", 2021, [("困难职工帮扶人数", "≥400人")]),
    ]


def test_the_spread_of_approved_targets_is_hand_computed(others, plan):
    # The editor's own plan is a draft: its ≥400人 and ≥10人 are not counted.
    snapshot = selectors.library_snapshot()
    spread = selectors.spread_of(snapshot, "困难职工帮扶人数", "人")
    assert spread.values == (300, 400, 420, 600)
    assert (spread.minimum, spread.median, spread.maximum) == (300, 410, 600)
    text = selectors.spread_text(snapshot, "困难职工帮扶人数", "≥400人", "数量指标")
    assert text == ("2020—2021年已批复的同名指标目标值（4个）：最低300人，中位410人，最高600人；"
                    "你的目标400人位于第38百分位")  # 300 below, 400 equal (half): (1 + 0.5) / 4 = 37.5 %
    assert selectors.spread_text(snapshot, "困难职工帮扶人数", "≥650人").endswith("你的目标650人位于第100百分位")
    # Money compared in 元: ≥10000元 and ≥1.21万元 = 12100元, the median their mean.
    assert selectors.spread_text(snapshot, "每人帮扶救助金额", "≥1.1万元") == (
        "2021年已批复的同名指标目标值（2个）：最低10000元，中位11050元，最高12100元；你的目标11000元位于第50百分位")
    assert selectors.spread_text(snapshot, "困难职工的生活需求", "满足需求") == ""  # qualitative: nothing to compare
    assert snapshot.used["困难职工帮扶人数"] == 4


def test_approving_a_plan_brings_its_targets_into_the_spread(others, plan, users):
    assert selectors.spread_of(selectors.library_snapshot(), "困难职工帮扶人数", "人").count == 4
    approve(plan, users)
    spread = selectors.spread_of(selectors.library_snapshot(), "困难职工帮扶人数", "人")
    assert spread.values == (10, 300, 400, 420, 600)  # the seed's own ≥10人 joins


def test_the_project_page_asks_the_library_while_typing(client, users, plan, others):
    project = plan.projects.get(name="职工困难帮扶防贫资金")
    page = login(client, users["editor"]).get(f"/goals/projects/{project.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert f'<div id="library-assist" hx-post="/library/assist/{project.pk}/" hx-include="#indicator-new"' in html
    assert "jixiao/library.js" in html
    # Before anything is typed: by the project's name and purpose.
    first = client.post(f"/library/assist/{project.pk}/", {"name": "", "target_raw": ""})
    assert first.status_code == 200
    body = first.content.decode()
    assert "按项目名称和资金用途" in body and "困难职工帮扶人数" in body
    # A name and a target typed: where the target stands.
    typed = client.post(f"/library/assist/{project.pk}/", {"name": "困难职工帮扶人数", "target_raw": "≥400人",
                                                           "level2": "数量指标"})
    assert "你的目标400人位于第38百分位" in typed.content.decode()
    assert not Entry.objects.filter(action__startswith="library").exists()  # nothing saved


def test_a_unit_outside_the_project_gets_no_suggestions_for_it(client, users, plan):
    project = plan.projects.first()
    response = login(client, users["outsider"]).post(f"/library/assist/{project.pk}/", {"name": "劳模"})
    assert response.status_code == 404


def test_finance_promotes_an_approved_indicator_and_it_is_suggested_with_history(client, users, others):
    indicator = Indicator.objects.get(project__plan=others[0], name="每人帮扶救助金额")
    assert login(client, users["finance"]).get("/library/").status_code == 200
    response = client.post(f"/library/promote/{indicator.pk}/", {"kind": "个性", "sector": "职工帮扶"})
    entry = LibraryEntry.objects.get(origin=LibraryEntry.PROMOTED)
    assert response.status_code == 302 and response["Location"] == f"/library/{entry.pk}/"
    assert (entry.name, entry.typical, entry.unit, entry.sector, entry.promoted_from_id) == (
        "每人帮扶救助金额", "≥10000元", "元", "职工帮扶", indicator.pk)
    assert entry.source == "某县总工会7111012021年已批复的绩效目标：困难职工帮扶"
    found = selectors.suggestions(text="帮扶救助金额", limit=3)
    assert found[0]["item"].entry_id == entry.pk and found[0]["item"].used == 2
    page = client.get(f"/library/{entry.pk}/").content.decode()
    assert "收入指标库" in page and "最低10000元" in page
    # Again: refused, 409, nothing added.
    again = client.post(f"/library/promote/{indicator.pk}/", {"kind": "个性"})
    assert again.status_code == 409 and "没有重复收录" in again.content.decode()
    assert LibraryEntry.objects.filter(origin=LibraryEntry.PROMOTED).count() == 1


def test_retire_and_restore_keep_the_history_and_the_version(client, users):
    entry = LibraryEntry.objects.get(key="union.model_worker.checks")
    login(client, users["finance"])
    no_reason = client.post(f"/library/{entry.pk}/retire/", {"version": entry.version, "reason": " "})
    assert no_reason.status_code == 400 and e.REASON in no_reason.content.decode()
    assert client.post(f"/library/{entry.pk}/retire/", {"version": entry.version, "reason": "与体检人数重复"}).status_code == 302
    entry.refresh_from_db()
    assert entry.retired and entry.version == 2
    assert "劳模体检人数" not in _names(selectors.suggestions(text="劳模体检", limit=10))
    stale = client.post(f"/library/{entry.pk}/restore/", {"version": 1})
    assert stale.status_code == 409 and "已被他人修改" in stale.content.decode()
    assert client.post(f"/library/{entry.pk}/restore/", {"version": 2}).status_code == 302
    assert "劳模体检人数" in _names(selectors.suggestions(text="劳模体检", limit=10))
    actions = list(Entry.objects.filter(object_type="libraryentry", object_id=entry.pk).values_list("action", flat=True))
    assert actions == ["library_entry.restored", "library_entry.retired"]
    page = client.get(f"/library/{entry.pk}/").content.decode()
    assert "停用库内指标" in page and "恢复库内指标" in page and "与体检人数重复" in page


@pytest.mark.parametrize("who", ["editor", "approver", "relief", "outsider"])
def test_units_only_read_the_library(client, users, others, who):
    entry = LibraryEntry.objects.get(key="union.relief.persons")
    indicator = Indicator.objects.filter(project__plan=others[0]).first()
    login(client, users[who])
    assert client.get("/library/").status_code == 200
    assert client.get(f"/library/{entry.pk}/").status_code == 200
    assert "停用</button>" not in client.get(f"/library/{entry.pk}/").content.decode()
    refused = client.post(f"/library/{entry.pk}/retire/", {"version": entry.version, "reason": "x"})
    assert refused.status_code == 403 and e.CURATORS in refused.content.decode()
    assert client.post(f"/library/promote/{indicator.pk}/", {}).status_code in (403, 404)
    entry.refresh_from_db()
    assert not entry.retired and not LibraryEntry.objects.filter(origin=LibraryEntry.PROMOTED).exists()


def test_a_draft_indicator_cannot_be_promoted(users, plan):
    indicator = Indicator.objects.filter(project__plan=plan).first()
    with pytest.raises(LibraryError) as caught:
        services.entry_promote(indicator=indicator, user=users["finance"])
    assert caught.value.status == 409 and caught.value.message == e.NOT_APPROVED.format(name=indicator.name, plan=plan)
    assert not LibraryEntry.objects.filter(origin=LibraryEntry.PROMOTED).exists()


def test_a_missing_entry_is_404_in_chinese(client, users):
    response = login(client, users["editor"]).get("/library/999999/")
    assert response.status_code == 404 and e.MISSING in response.content.decode()


def test_the_list_searches_in_chinese(client, users):
    body = login(client, users["editor"]).get("/library/", {"q": "劳模体检"}).content.decode()
    assert re.search(r"劳模体检人数.*劳模体检", body, re.S) and "与“劳模体检”相关的指标" in body


# ---------------------------------------------------------------- the command line

def _cli(*args):
    from typer.testing import CliRunner

    from jixiao.cli import app

    return CliRunner().invoke(app, ["indicators", *args])


def test_cli_search_prints_entries_with_their_spread(others):
    import json

    result = _cli("search", "困难职工帮扶", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    first = next(d for d in data if d["name"] == "困难职工帮扶人数")
    assert first["in_library"] and first["used"] == 4 and first["typical"] == "≥400人"
    assert first["spread"] == {"unit": "人", "count": 4, "min": "300", "median": "410", "max": "600"}
    text = _cli("search", "劳模体检")
    assert text.exit_code == 0 and "1．劳模体检" in text.stdout and "个性·劳模服务" in text.stdout
    none = _cli("search", "航天发射")
    assert none.exit_code == 0 and "指标库中没有与“航天发射”相关的指标" in none.stdout


HEADER = ["一级指标", "二级指标", "三级指标", "指标解释", "指标值", "计量单位", "指标性质", "行业"]


def _csv(tmp_path, rows, name="某省指标库.csv"):
    import csv

    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return path


def test_cli_imports_a_provinces_library_from_xlsx(users, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in [["某省项目支出绩效指标库（2023年）"], HEADER,
                ["产出指标", "数量指标", "职工疗休养人数", "组织劳模和一线职工疗休养的人数", "≥200", "人", "≥", "工会"],
                ["满意度指标", "服务对象满意度指标", "疗休养职工满意度", "", "≥90%", "", "", "工会"]]:
        sheet.append(row)
    path = tmp_path / "某省指标库.xlsx"
    book.save(path)
    result = _cli("import", str(path), "--user", "finance")
    assert result.exit_code == 0, result.output
    assert "已导入2个指标" in result.stdout
    made = LibraryEntry.objects.get(name="职工疗休养人数")
    assert (made.op, made.unit, made.typical, made.sector, made.origin, made.source) == (
        "≥", "人", "≥200人", "工会", LibraryEntry.IMPORTED, "导入自某省指标库.xlsx")
    assert LibraryEntry.objects.get(name="疗休养职工满意度").unit == "%"
    assert Entry.objects.filter(action="library_entry.imported", object_id=made.pk).exists()
    assert "职工疗休养人数" in _names(selectors.suggestions(text="劳模疗休养", limit=3))
    again = _cli("import", str(path), "--user", "finance")  # every row there already: refused whole
    assert again.exit_code == 1 and "第3行：指标库已有“职工疗休养人数”（人）" in again.output
    assert LibraryEntry.objects.filter(origin=LibraryEntry.IMPORTED).count() == 2


def test_cli_import_names_each_bad_row_and_column_and_keeps_nothing(users, tmp_path):
    path = _csv(tmp_path, [HEADER,
                           ["产出", "数量指标", "培训人数", "", "≥100", "人", "", ""],
                           ["产出指标", "满意度指标", "培训满意度", "", "≥90%", "", "", ""],
                           ["产出指标", "数量指标", "", "", "≥1", "次", "", ""],
                           ["产出指标", "数量指标", "培训班次", "", "≥5次", "人", "", ""],
                           ["产出指标", "数量指标", "会议次数", "", "≥5", "次", "越多越好", ""],
                           ["产出指标", "数量指标", "会议次数", "", "≥6", "次", "", ""]])
    result = _cli("import", str(path), "--user", "finance")
    assert result.exit_code == 1
    line = " ".join(result.output.split())
    for expected in ["第2行“一级指标”列：“产出”不是一级指标", "第3行“二级指标”列：“满意度指标”不属于一级指标“产出指标”",
                     "第4行“三级指标”列：不能为空", "第5行“计量单位”列：计量单位“人”与指标值“≥5次”的单位“次”不一致",
                     "第6行“指标性质”列：“越多越好”不是指标性质", "未导入任何指标"]:
        assert expected in line, (expected, line)
    assert not LibraryEntry.objects.filter(origin=LibraryEntry.IMPORTED).exists()


def test_cli_import_refusals(users, tmp_path):
    no_header = _cli("import", str(_csv(tmp_path, [["名称", "值"], ["培训人数", "≥1"]])), "--user", "finance")
    assert no_header.exit_code == 1 and "缺少“三级指标”列" in no_header.output
    duplicate = _csv(tmp_path, [HEADER, ["产出指标", "数量指标", "会议次数", "", "≥5", "次", "", ""],
                                ["产出指标", "数量指标", "会议次数", "", "≥6", "次", "", ""]], "dup.csv")
    twice = _cli("import", str(duplicate), "--user", "finance")
    assert twice.exit_code == 1 and "第3行“三级指标”列：“会议次数”（次）与第2行重复" in " ".join(twice.output.split())
    editor = _cli("import", str(duplicate), "--user", "editor")
    assert editor.exit_code == 1 and "第3行" in editor.output  # the file is checked first
    good = _csv(tmp_path, [HEADER, ["产出指标", "数量指标", "会议次数", "", "≥5", "次", "", ""]], "good.csv")
    refused = _cli("import", str(good), "--user", "editor")
    assert refused.exit_code == 1 and e.CURATORS in refused.output
    nobody = _cli("import", str(good), "--user", "nobody")
    assert nobody.exit_code == 2 and "没有用户“nobody”" in nobody.output
    missing = _cli("import", str(tmp_path / "无此文件.xlsx"), "--user", "finance")
    assert missing.exit_code == 2 and "无此文件.xlsx" in missing.output and "未导入任何指标" in missing.output
    assert not LibraryEntry.objects.filter(origin=LibraryEntry.IMPORTED).exists()


def test_the_indicator_edit_page_shows_where_its_target_stands(client, users, plan, others):
    indicator = Indicator.objects.get(project__plan=plan, name="困难职工帮扶人数")  # the seed's ≥10人
    page = login(client, users["editor"]).get(f"/goals/indicators/{indicator.pk}/edit/").content.decode()
    assert f'<div id="library-assist" hx-post="/library/assist/{indicator.project_id}/"' in page
    answer = client.post(f"/library/assist/{indicator.project_id}/",
                         {"name": indicator.name, "target_raw": indicator.target_raw, "level2": indicator.level2})
    assert "最低300人，中位410人，最高600人；你的目标10人位于第0百分位" in answer.content.decode()
    # Once submitted the page is read only: no panel.
    goals.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    assert 'id="library-assist"' not in client.get(f"/goals/indicators/{indicator.pk}/edit/").content.decode()


# ---------------------------------------------------------------- the API

def test_the_api_suggests_and_places_a_target(client, users, others):
    login(client, users["editor"])
    answer = client.get("/api/library/suggestions", {"text": "困难职工帮扶", "name": "困难职工帮扶人数",
                                                    "target": "≥400人", "limit": 3})
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["target_spread"].endswith("你的目标400人位于第38百分位")
    first = body["items"][0]
    assert (first["name"], first["used"], first["kind"]) == ("困难职工帮扶人数", 4, "个性")
    assert first["spread"].startswith("2020—2021年已批复的同名指标目标值（4个）：最低300人")
    assert client.get("/api/library/suggestions", {"text": ""}).status_code == 422


def test_the_api_curates_as_finance_and_refuses_units(client, users, others):
    indicator = Indicator.objects.get(project__plan=others[0], name="每人帮扶救助金额")
    login(client, users["editor"])
    refused = client.post("/api/library/entries", {"indicator": indicator.pk}, content_type="application/json")
    assert refused.status_code in (403, 404)
    login(client, users["finance"])
    made = client.post("/api/library/entries", {"indicator": indicator.pk, "kind": "共性", "sector": "职工帮扶"},
                       content_type="application/json")
    assert made.status_code == 200, made.content
    entry = made.json()
    assert (entry["name"], entry["kind"], entry["origin"], entry["typical"], entry["version"]) == (
        "每人帮扶救助金额", "共性", "promoted", "≥10000元", 1)
    again = client.post("/api/library/entries", {"indicator": indicator.pk}, content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "already"
    url = f"/api/library/entries/{entry['id']}"
    no_reason = client.post(f"{url}/retire", {"version": 1, "reason": ""}, content_type="application/json")
    assert no_reason.status_code == 400 and no_reason.json()["message"] == e.REASON
    retired = client.post(f"{url}/retire", {"version": 1, "reason": "重复"}, content_type="application/json")
    assert retired.status_code == 200 and retired.json()["retired"] and retired.json()["version"] == 2
    stale = client.post(f"{url}/restore", {"version": 1}, content_type="application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    assert client.post(f"{url}/restore", {"version": 2}, content_type="application/json").json()["retired"] is False
    login(client, users["editor"])
    assert client.get(url).json()["name"] == "每人帮扶救助金额"
    forbidden = client.post(f"{url}/retire", {"version": 3, "reason": "x"}, content_type="application/json")
    assert forbidden.status_code == 403 and forbidden.json()["message"] == e.CURATORS
    assert client.get("/api/library/entries/999999").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_after_the_first_build_a_change_is_built_in_the_background(users, others, monkeypatch):
    monkeypatch.setattr(selectors, "REBUILD_IN_BACKGROUND", True)
    services.library_seed()
    first = selectors.library_snapshot()  # none yet: built at once
    assert selectors.spread_of(first, "困难职工帮扶人数", "人").count == 4
    _approved_plan("711105", 2021, [("困难职工帮扶人数", "≥500人")])
    assert selectors.library_snapshot() is first  # the old one answers while the new one is built
    if (thread := selectors._cache.get("building")) is not None:
        thread.join(timeout=60)
    assert selectors.spread_of(selectors.library_snapshot(), "困难职工帮扶人数", "人").values == (300, 400, 420, 500, 600)
