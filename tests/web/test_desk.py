"""The finance desk (财政审核台, issue 15 §3): the projects of a finance reviewer's area with state,
grades, execution, colour and self-evaluation score; filters, sorting, counts, the to-do list, the
.xlsx export; computed in the database, the same as the monitoring's own Python."""

from __future__ import annotations

import io
import itertools
from datetime import date
from decimal import Decimal as D

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from jixiao.core.spending_plan import SpendingPlan
from jixiao.web.accounts.roles import FINANCE
from jixiao.web.desk import errors as desk_errors
from jixiao.web.desk import selectors
from jixiao.web.desk.selectors import Filters
from jixiao.web.evaluation.models import PublishedEvaluation, SpendingRecord
from jixiao.web.goals import services
from jixiao.web.goals.models import Plan, Project, ReviewArea

from .conftest import PASSWORD, approve, login
from .test_queries import grow

P1, P2, P3 = "13032221GVUVTX63BWWCQ", "职工困难帮扶防贫资金", "劳模体检费"


@pytest.fixture(autouse=True)
def fresh_cache():
    """The desk keeps its figures in the cache by the newest history entry; a test's database is rolled
    back and may number its entries as the last test did."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def spent(users, plan):
    """The seed approved, with money spent: 职工困难帮扶防贫资金 (20万元) all of it, 劳模体检费 (2.4万元)
    2万元, the 专项资金 (14.55万元) 1万元."""
    approve(plan, users)
    p1, p2, p3 = plan.projects.order_by("position")
    for project, amount in ((p1, 200000), (p2, 20000), (p3, 10000)):
        SpendingRecord.objects.create(project=project, date=date(2021, 6, 1), amount=D(amount))
    return p1, p2, p3


@pytest.mark.django_db
def test_the_planned_rate_in_sql_is_the_spending_plans_own():
    """Every pattern of empty checkpoints, on dates before, on and between them."""
    values = {3: D("20"), 6: D("45"), 10: D("80"), 12: D("100")}
    days = [date(2021, 1, 1), date(2021, 2, 14), date(2021, 3, 31), date(2021, 4, 1), date(2021, 6, 30),
            date(2021, 8, 15), date(2021, 10, 31), date(2021, 11, 20), date(2021, 12, 31)]
    patterns = list(itertools.product([False, True], repeat=4))
    rows = []
    with connection.cursor() as cursor:
        for known in patterns:
            plan = {m: values[m] if k else None for m, k in zip((3, 6, 10, 12), known)}
            for day in days:
                columns = ", ".join(f"CAST({'NULL' if v is None else v} AS NUMERIC) AS plan_{m}" for m, v in plan.items())
                cursor.execute(f"SELECT {selectors.planned_rate_sql(day)} FROM (SELECT {columns}) p")
                rows.append((plan, day, D(str(cursor.fetchone()[0]))))
    assert len(rows) == 16 * 9
    for plan, day, got in rows:
        assert abs(got - SpendingPlan(plan).planned_rate(day)) < D("0.000001"), (plan, day, got)
    # by hand: 3月31日 (day 90) to 6月30日 (day 181) from 20 % to 45 %; 8月15日 is day 227 of 10月31日's 304
    assert SpendingPlan(values).planned_rate(date(2021, 4, 1)) == D(20) + D(25) * D(1) / D(91)
    assert round(SpendingPlan({3: None, 6: None, 10: D(80), 12: None}).planned_rate(date(2021, 8, 15)), 4) == round(
        D(80) * D(227) / D(304), 4)


def test_the_desk_shows_each_project_with_execution_and_colour(client, users, plan, spent):
    login(client, users["finance"])
    page = client.get("/desk/?year=2021")
    assert page.status_code == 200
    text = page.content.decode()
    assert "执行情况截至2021年12月31日" in text  # a year gone by: its last day
    rows = {p.name: p for p in page.context["rows"]}
    assert set(rows) == {"职工困难帮扶防贫资金", "劳模体检费", "提前下达2021年困难职工及劳模帮扶救助专项资金"}
    # by hand, against 100 % planned at year end: 20/20 → 100 % green, 2/2.4 → 83.33 % (−16.67) yellow,
    # 1/14.55 → 6.87 % red
    got = {name: (round(p.execution, 2), p.colour, p.review_state, p.grade) for name, p in rows.items()}
    assert got == {"职工困难帮扶防贫资金": (D("100.00"), "green", "approved", "良"),
                   "劳模体检费": (D("83.33"), "yellow", "approved", "良"),
                   "提前下达2021年困难职工及劳模帮扶救助专项资金": (D("6.87"), "red", "approved", "良")}
    counts = page.context["counts"]
    assert (counts["total"], counts["colour_green"], counts["colour_yellow"], counts["colour_red"]) == (3, 1, 1, 1)
    assert counts["state_approved"] == 3 and counts["review_approved"] == 3
    assert "红色预警：1个项目" in text and "待审核：0个项目" in text
    assert "83.33%" in text and 'class="yellow">黄色' in text


def test_filters_and_sorting(client, users, plan, spent):
    login(client, users["finance"])

    def names(query: str) -> list[str]:
        return [p.name for p in client.get(f"/desk/?year=2021&{query}").context["rows"]]

    assert names("colour=yellow") == ["劳模体检费"]
    assert names("colour=red") == ["提前下达2021年困难职工及劳模帮扶救助专项资金"]
    assert names("sort=-execution") == ["职工困难帮扶防贫资金", "劳模体检费", "提前下达2021年困难职工及劳模帮扶救助专项资金"]
    assert names("sort=execution")[0] == "提前下达2021年困难职工及劳模帮扶救助专项资金"
    assert names("sort=-budget") == ["职工困难帮扶防贫资金", "提前下达2021年困难职工及劳模帮扶救助专项资金", "劳模体检费"]
    assert len(names("unit=昌黎")) == 3 and len(names("unit=7110")) == 3
    assert names("unit=柳溪") == [] and names("unit=%") == [] and names("unit=_") == []
    assert names("state=draft") == [] and len(names("state=approved")) == 3
    assert names("review=pending") == []
    # the to-do list is the whole year's, whatever the filters
    filtered = client.get("/desk/?year=2021&colour=green").content.decode()
    assert "红色预警：1个项目" in filtered and "共1个项目" in filtered
    # what the page does not know is left out, never an error
    assert len(names("colour=purple&sort=drop&state=x&review=y&page=abc")) == 3
    assert client.get("/desk/?year=１２&page=99999999999").status_code == 200


def test_colours_mid_year_and_money_above_the_budget(users, plan, spent):
    """On 30 June: planned 50 % (职工困难帮扶防贫资金), 181/365 of 100 % (劳模体检费, only a year-end
    checkpoint), 50 % (the 专项资金); 3万元 spent on 劳模体检费's 2.4万元 is red whatever the gap."""
    p1, p2, p3 = spent
    SpendingRecord.objects.create(project=p2, date=date(2021, 6, 2), amount=D(10000))
    SpendingRecord.objects.create(project=p1, date=date(2021, 7, 1), amount=D(1))  # after the date: not counted
    rows = {p.pk: p for p in selectors.desk_rows(user=users["finance"],
                                                 filters=Filters(2021, as_of=date(2021, 6, 30)))}
    assert round(rows[p2.pk].planned, 4) == round(D(18100) / D(365), 4)
    assert (rows[p1.pk].execution, rows[p1.pk].colour) == (D(100), "green")  # 100 − 50 ≥ −10
    assert (rows[p2.pk].spent, rows[p2.pk].colour) == (D(30000), "red")  # 125 %: 超支
    assert (round(rows[p3.pk].execution, 2), rows[p3.pk].colour) == (D("6.87"), "red")  # −43.13


def test_drafts_and_plans_in_review_have_no_colour_and_wait_for_grades(client, users, plan, django_user_model):
    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    services.plan_unit_approve(plan=plan, user=users["approver"])
    login(client, users["finance"])
    page = client.get("/desk/?year=2021")
    assert {p.colour for p in page.context["rows"]} == {""}
    assert page.context["to_grade"] == 3 and "待审核：3个项目" in page.content.decode()
    first = plan.projects.order_by("position").first()
    services.project_grade(project=first, user=users["finance"], grade="优", comment="", version=first.version)
    page = client.get("/desk/?year=2021&review=pending")  # a grade is a change: the figures are new
    assert page.context["to_grade"] == 2 and len(page.context["rows"]) == 2
    graded = client.get("/desk/?year=2021&review=approved").context["rows"]
    assert [(p.name, p.grade) for p in graded] == [(first.name, "优")]


def test_overdue_units_after_the_deadline(users, plan, settings):
    settings.GOALS_DEADLINE = "03-31"
    finance = users["finance"]
    assert selectors.overdue_units(user=finance, year=2021, today=date(2021, 3, 31)) == (0, [])
    count, units = selectors.overdue_units(user=finance, year=2021, today=date(2021, 4, 1))
    assert (count, [u.code for u in units]) == (2, ["711001", "726001"])  # the seed's plan is still a draft
    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    count, units = selectors.overdue_units(user=finance, year=2021, today=date(2021, 4, 1))
    assert (count, [u.code for u in units]) == (1, ["726001"])


def test_the_self_evaluation_score_comes_from_the_newest_publication(client, users, plan, spent):
    p1, p2, _ = spent
    services.plan_publish(plan=plan, user=users["approver"])
    for total in ("80.5", "91.25"):  # a 更正 later: the newer counts
        PublishedEvaluation.objects.create(plan=plan, ruleset="CZ-2020-10", rows={"ruleset": "CZ-2020-10", "projects": [
            {"code": p1.code, "name": p1.name, "total": total}, {"code": p2.code, "name": p2.name, "total": None}]})
    login(client, users["finance"])
    rows = {p.pk: p for p in client.get("/desk/?year=2021").context["rows"]}
    assert (rows[p1.pk].score, rows[p2.pk].score) == (D("91.25"), None)
    assert "91.25" in client.get("/desk/?year=2021").content.decode()


def test_the_export_is_an_official_looking_xlsx_with_numbers(client, users, plan, spent):
    login(client, users["finance"])
    response = client.get("/desk/export.xlsx?year=2021&sort=-execution")
    assert response.status_code == 200 and response["Content-Disposition"] == "attachment; filename=desk-2021.xlsx"
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
    assert sheet.print_title_rows == "$3:$3"  # the header on every printed page
    assert sheet["A1"].value == "2021年项目绩效目标审核及执行情况表"
    assert [c.value for c in sheet[3]][:5] == ["单位编码", "单位名称", "项目编码", "项目名称", "预算数（万元）"]
    first = [c.value for c in sheet[4]]
    assert first[:4] == ["711001", "昌黎县总工会本级", P1, P2]
    assert first[4] == 20.0 and sheet["E4"].number_format == "#,##0.00"  # 万元, a number
    assert first[9] == 20.0 and first[10] == 1.0 and sheet["K4"].number_format == "0.00%"
    assert first[5:9] == ["已批复", "已通过", "良", "良"] and first[11] == "绿色"
    assert first[12] is None  # no self-evaluation published: blank, not 0
    assert sheet.max_row >= 6 and [c.value for c in sheet[6]][3] == "提前下达2021年困难职工及劳模帮扶救助专项资金"
    only = load_workbook(io.BytesIO(client.get("/desk/export.xlsx?year=2021&colour=yellow").content)).active
    assert [c.value for c in only[4]][3] == P3 and "监控：黄色" in only["A2"].value


def test_an_export_over_the_limit_is_refused(client, users, plan, spent, monkeypatch):
    from jixiao.web.desk import views

    monkeypatch.setattr(views, "EXPORT_LIMIT", 2)
    login(client, users["finance"])
    refused = client.get("/desk/export.xlsx?year=2021")
    assert refused.status_code == 400
    assert desk_errors.EXPORT_TOO_LARGE_MESSAGE.format(count=3, limit=2) in refused.content.decode()


@pytest.mark.parametrize("who", ["editor", "approver", "relief", "outsider"])
def test_only_finance_and_admins_use_the_desk(client, users, plan, who):
    login(client, users[who])
    for url in ("/desk/", "/desk/export.xlsx"):
        refused = client.get(url)
        assert refused.status_code == 403 and desk_errors.NOT_FINANCE_MESSAGE in refused.content.decode()
    assert "财政审核台" not in client.get("/goals/").content.decode()  # not in the menu either


def test_an_admin_sees_every_unit(client, users, plan, spent):
    login(client, users["admin"])
    assert len(client.get("/desk/?year=2021").context["rows"]) == 3


def test_a_finance_user_of_another_area_sees_nothing_of_it(client, users, plan, spent, django_user_model):
    plan.unit.finance_bureau = "昌黎县财政局"
    plan.unit.save()
    for name, bureau in (("luolong", "卢龙县财政局"), ("changli", "昌黎县财政局")):
        user = django_user_model.objects.create_user(name, password=PASSWORD)
        user.groups.add(Group.objects.get(name=FINANCE))
        ReviewArea.objects.create(user=user, finance_bureau=bureau)
    login(client, django_user_model.objects.get(username="luolong"))
    page = client.get("/desk/?year=2021")
    text = page.content.decode()
    assert page.context["rows"] == [] and page.context["counts"]["total"] == 0
    assert "昌黎" not in text.split("<main>")[1] and "卢龙县财政局" in text
    assert page.context["overdue"] == 0  # 柳溪 has no bureau: not this area's either
    sheet = load_workbook(io.BytesIO(client.get("/desk/export.xlsx?year=2021").content)).active
    assert [c.value for c in sheet[4]] == [None] * 15  # the header, then no project
    assert not any("昌黎" in str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    login(client, django_user_model.objects.get(username="changli"))
    assert len(client.get("/desk/?year=2021").context["rows"]) == 3


def test_the_desk_queries_do_not_grow_with_rows(client, users, plan, spent):
    login(client, users["finance"])

    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/desk/?year=2021&sort=-execution").status_code == 200
        return len(queries)

    grow(plan, 1)
    small = count()
    grow(plan, 19, start=1)
    assert Project.objects.filter(plan=plan).count() == 63
    assert count() == small


def test_the_figures_come_from_the_cache_until_something_changes(client, users, plan, spent):
    login(client, users["finance"])
    client.get("/desk/?year=2021")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/desk/?year=2021")
    assert not any("WITH spent" in q["sql"] for q in queries.captured_queries)
    assert again.context["counts"]["colour_yellow"] == 1
    assert "desk/_desk.html" not in [t.name for t in again.templates]  # the body too, rendered once
    assert again.content.decode().count("<tr><td>") == 3
    p2 = Project.objects.get(plan=plan, name="劳模体检费")
    from jixiao.web.evaluation import services as evaluation

    evaluation.spending_create(project=p2, date=date(2021, 7, 1), amount=D(3000), note="体检", user=users["editor"])
    changed = client.get("/desk/?year=2021")  # 2.3/2.4 = 95.83 %: green now
    assert changed.context["counts"]["colour_yellow"] == 0 and changed.context["counts"]["colour_green"] == 2
    assert "黄色</span>0个" in changed.content.decode()
    assert Plan.objects.get(pk=plan.pk).state == Plan.APPROVED


def test_the_api_gives_the_desks_figures(client, users, plan, spent):
    login(client, users["finance"])
    body = client.get("/api/desk?year=2021&sort=-execution").json()
    assert (body["year"], body["as_of"], body["area"], body["red"], body["to_grade"]) == (2021, "2021-12-31", "", 1, 0)
    assert body["counts"]["total"] == 3 and body["counts"]["colour_yellow"] == 1
    first, second = body["rows"][:2]
    assert (first["code"], first["colour"], first["execution"], first["budget"]) == (P1, "green", "100.00", "200000.00")
    assert (second["name"], second["colour"], second["execution"], second["spent"]) == (P3, "yellow", "83.33",
                                                                                      "20000.00")
    assert [r["name"] for r in client.get("/api/desk?year=2021&colour=red").json()["rows"]] == [
        "提前下达2021年困难职工及劳模帮扶救助专项资金"]
    assert client.get("/api/desk?colour=purple").status_code == 422
    login(client, users["editor"])
    refused = client.get("/api/desk")
    assert refused.status_code == 403 and refused.json()["message"] == desk_errors.NOT_FINANCE_MESSAGE
