"""部门整体 records in the web app: the union's staffing (6 staff and 10 at the workers' cultural palace in
post, 19 + 4 retired) and basic spending, entered, edited with versions, imported with every bad row
listed; staff in post and the whole unit's execution on the page and in the API; who may do what; and
the import on a live server with its CSRF token."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from jixiao.evaluation import department as rules
from jixiao.evaluation import errors as evaluation_errors
from jixiao.web.department import errors as e
from jixiao.web.department import selectors, services
from jixiao.web.department.models import BasicBudget, BasicSpending, Staffing
from jixiao.web.evaluation.models import SpendingRecord
from jixiao.web.history.models import Entry

from .conftest import approve, login
from .test_api_live import browser_login

STAFFING_CSV = ("单位,编制数,在职人数,退休人数\n昌黎县总工会本级,8,6,19\n昌黎县工人文化宫,12,10,4\n"
                "食堂,2,-1,0\n,1,1,1\n").encode()
SPENDING_CSV = ("日期,类别,金额,摘要\n2021-01-31,人员经费,\"61,234.50\",1月工资\n2021-02-28,公用经费,800,办公用品\n"
                "2020-12-31,人员经费,100,上年\n2021-03-01,三公经费,100,\n").encode()


def page_url(unit, year=2021, rest=""):
    return f"/department/{unit.pk}/{year}/{rest}"


def union_staffing(unit, user):
    services.staffing_create(unit=unit, year=2021, user=user,
                             fields={"unit_name": "昌黎县总工会本级", "posts": "8", "in_post": "6", "retired": "19"})
    return services.staffing_create(unit=unit, year=2021, user=user,
                                    fields={"unit_name": "昌黎县工人文化宫", "posts": "12", "in_post": "10", "retired": "4"})


@pytest.fixture
def unit(users):
    return users["editor"].memberships.get().unit


def test_the_page_shows_16_in_post_with_the_records_counted_and_the_history(client, users, unit):
    union_staffing(unit, users["editor"])
    text = login(client, users["editor"]).get(page_url(unit)).content.decode()
    assert re.search(r'id="staff-in-post">在职人数：<strong>16人</strong>', text)
    assert "昌黎县总工会本级：在职6人（编制8，退休19）" in text and "昌黎县工人文化宫：在职10人（编制12，退休4）" in text
    assert text.count("新增编制记录") >= 2  # the form's heading and two history entries
    assert Entry.objects.filter(action="staffing.created").count() == 2


def test_a_staffing_record_and_a_spending_record_added_and_edited_through_the_page(client, users, unit):
    login(client, users["editor"])
    response = client.post(page_url(unit, rest="staffing/"),
                           {"unit_name": "昌黎县总工会本级", "posts": "8", "in_post": "6", "retired": "19"})
    assert response.status_code == 302
    record = Staffing.objects.get()
    response = client.post(page_url(unit, rest=f"staffing/{record.pk}/"),
                           {"unit_name": "昌黎县总工会本级", "posts": "8", "in_post": "7", "retired": "19", "version": "0"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.in_post, record.version) == (7, 1)
    stale = client.post(page_url(unit, rest=f"staffing/{record.pk}/"),
                        {"unit_name": "昌黎县总工会本级", "posts": "8", "in_post": "5", "retired": "19", "version": "0"})
    assert stale.status_code == 409 and e.STALE.format(what=str(record)) in stale.content.decode()
    record.refresh_from_db()
    assert record.in_post == 7
    missing_version = client.post(page_url(unit, rest=f"staffing/{record.pk}/"),
                                  {"unit_name": "本级", "posts": "8", "in_post": "5", "retired": "19"})
    assert missing_version.status_code == 400 and e.NO_VERSION in missing_version.content.decode()

    entered = client.post(page_url(unit, rest="spending/"),
                          {"date": "2021-03-31", "kind": "人员经费", "amount": "1,234.50", "note": "3月工资"}, follow=True)
    assert "已录入基本支出：人员经费1,234.50元" in entered.content.decode()  # with the separator used everywhere
    spending = BasicSpending.objects.get()
    assert spending.amount == Decimal("1234.50")
    bad = client.post(page_url(unit, rest="spending/"), {"date": "2022-01-01", "kind": "公用经费", "amount": "5"})
    assert bad.status_code == 400
    assert rules.DATE_OUTSIDE_YEAR.format(on=date(2022, 1, 1), year=2021) in bad.content.decode()
    assert client.post(page_url(unit, rest=f"spending/{spending.pk}/"),
                       {"date": "2021-03-31", "kind": "公用经费", "amount": "234.50", "note": "改", "version": "0"}
                       ).status_code == 302
    spending.refresh_from_db()
    assert (spending.kind, spending.amount, spending.version) == ("公用经费", Decimal("234.50"), 1)
    text = client.get(page_url(unit)).content.decode()
    for label in ("新增编制记录", "修改编制记录", "录入基本支出", "修改基本支出"):
        assert label in text
    assert "在职人数：6 → 7" in text


def test_the_same_unit_name_twice_in_a_year_is_refused(users, unit):
    union_staffing(unit, users["editor"])
    with pytest.raises(rules.DepartmentError) as exc:
        services.staffing_create(unit=unit, year=2021, user=users["editor"],
                                 fields={"unit_name": "昌黎县工人文化宫", "posts": "1", "in_post": "1", "retired": "0"})
    assert exc.value.status == 409 and Staffing.objects.count() == 2


def test_an_import_with_bad_rows_lists_each_and_imports_only_the_good_ones_when_chosen(client, users, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, users["editor"])
    report = client.post(page_url(unit, rest="import/staffing/"),
                         {"file": SimpleUploadedFile("编制.csv", STAFFING_CSV)})
    text = report.content.decode()
    assert report.status_code == 200 and "尚未导入任何记录" in text
    assert "第4行" in text and rules.NOT_COUNT.format(field="在职人数", text="-1") in text
    assert "第5行" in text and rules.NO_UNIT_NAME in text
    assert Staffing.objects.count() == 0 and not Entry.objects.filter(action="staffing.imported").exists()
    content = re.search(r'name="content" value="([^"]+)"', text)[1]
    done = client.post(page_url(unit, rest="import/staffing/"),
                       {"content": content, "file_name": "编制.csv", "only_good": "True"})
    assert done.status_code == 302
    assert sorted(Staffing.objects.values_list("unit_name", "in_post")) == [("昌黎县工人文化宫", 10), ("昌黎县总工会本级", 6)]
    assert selectors.staff_in_post(unit=unit, year=2021).value == 16
    entry = Entry.objects.get(action="staffing.imported")
    assert entry.note == "2021年：编制.csv，导入2行，2行有误未导入"
    assert "导入编制记录" in client.get(page_url(unit)).content.decode()
    assert client.post(page_url(unit, rest="import/nothing/"), {}).status_code == 400


def test_a_good_spending_file_is_imported_at_once_and_totals_by_kind_shown(client, users, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, users["editor"])
    good = b"\n".join(SPENDING_CSV.split(b"\n")[:3])
    assert client.post(page_url(unit, rest="import/basic_spending/"),
                       {"file": SimpleUploadedFile("支出.csv", good)}).status_code == 302
    totals = rules.spending_totals([b.to_domain() for b in selectors.basic_spending_list(unit=unit, year=2021)])
    assert totals == {"人员经费": Decimal("61234.50"), "公用经费": Decimal("800.00"), "合计": Decimal("62034.50")}
    text = client.get(page_url(unit)).content.decode()
    assert "61,234.50" in text and "62,034.50" in text
    broken = client.post(page_url(unit, rest="import/basic_spending/"), {"file": SimpleUploadedFile("坏.xlsx", b"PK\x03\x04xx")})
    assert broken.status_code == 400 and "未导入任何记录" in broken.content.decode()


def test_the_whole_units_execution_reads_the_plans_projects_and_the_basic_budget(client, users, plan, unit):
    approve(plan, users)
    project = plan.projects.first()
    SpendingRecord.objects.create(project=project, date=date(2021, 5, 1), amount=Decimal("10000"))
    services.basic_spending_create(unit=unit, year=2021, user=users["editor"],
                                   fields={"date": "2021-02-28", "kind": "人员经费", "amount": "50,000"})
    budgets = sum(p.total for p in plan.projects.all())
    ex = selectors.unit_execution(unit=unit, year=2021)
    assert (ex.project_budget, ex.basic_budget, ex.spent) == (budgets, None, Decimal("60000.00"))
    services.basic_budget_set(unit=unit, year=2021, amount="200,000", version=None, user=users["editor"])
    ex = selectors.unit_execution(unit=unit, year=2021)
    assert ex.budget == budgets + 200000
    assert ex.rate == (Decimal("60000") * 100 / (budgets + 200000)).quantize(Decimal("0.01"))
    with pytest.raises(rules.DepartmentError) as exc:
        services.basic_budget_set(unit=unit, year=2021, amount="1", version=None, user=users["editor"])
    assert exc.value.status == 409 and BasicBudget.objects.get().amount == 200000
    text = login(client, users["finance"]).get(page_url(unit)).content.decode()
    assert f"{ex.rate}%" in text and "设置基本支出预算" in text


def test_who_may_see_and_edit(client, users, unit):
    union_staffing(unit, users["editor"])
    assert login(client, users["outsider"]).get(page_url(unit)).status_code == 404
    for name in ("finance", "relief", "approver"):
        login(client, users[name])
        page = client.get(page_url(unit))
        assert page.status_code == 200 and "16人" in page.content.decode() and "新增编制记录（本级" not in page.content.decode()
        refused = client.post(page_url(unit, rest="staffing/"),
                              {"unit_name": "新单位", "posts": "1", "in_post": "1", "retired": "0"})
        assert refused.status_code == 403, name
    login(client, users["admin"])
    assert "新增编制记录（本级" in client.get(page_url(unit)).content.decode()
    assert Staffing.objects.count() == 2
    assert login(client, users["editor"]).get(f"/department/{unit.pk}/1999/").status_code == 400


def test_the_api_by_token_reads_the_year_edits_with_versions_and_imports(client, users, unit):
    from jixiao.web.accounts.models import Token

    union_staffing(unit, users["editor"])
    auth = {"HTTP_AUTHORIZATION": f"Bearer {Token.issue(users['editor'])}"}
    year = client.get("/api/department?unit=711001&year=2021", **auth).json()
    assert year["staff_in_post"]["value"] == 16 and len(year["staff_in_post"]["records"]) == 2
    assert year["execution"]["rate"] is None and "项目预算数" in year["execution"]["basis"]
    record = year["staffing"][1]
    changed = client.patch(f"/api/department/staffing/{record['id']}", {"in_post": 9, "version": 0},
                           content_type="application/json", **auth)
    assert changed.status_code == 200 and changed.json()["in_post"] == 9
    stale = client.patch(f"/api/department/staffing/{record['id']}", {"in_post": 8, "version": 0},
                         content_type="application/json", **auth)
    assert stale.status_code == 409 and stale.json()["code"] == "stale"
    made = client.post("/api/department/basic-spending", {"unit": "711001", "year": 2021, "date": "2021-04-30",
                                                         "kind": "公用经费", "amount": "1,000"},
                       content_type="application/json", **auth)
    assert made.status_code == 200 and made.json()["amount"] == "1000.00"
    spending = made.json()
    patched = client.patch(f"/api/department/basic-spending/{spending['id']}", {"amount": "1,500.5", "version": 0},
                           content_type="application/json", **auth)
    assert patched.status_code == 200 and patched.json()["amount"] == "1500.50" and patched.json()["version"] == 1
    assert client.patch(f"/api/department/basic-spending/{spending['id']}", {"amount": "9", "version": 0},
                        content_type="application/json", **auth).status_code == 409
    assert BasicSpending.objects.get().amount == Decimal("1500.50")
    outsider = {"HTTP_AUTHORIZATION": f"Bearer {Token.issue(users['outsider'])}"}
    assert client.patch(f"/api/department/basic-spending/{spending['id']}", {"amount": "9", "version": 1},
                        content_type="application/json", **outsider).status_code == 404
    refused = client.post("/api/department/import", {"unit": "711001", "year": "2021", "kind": "basic_spending",
                                                     "file": _file("支出.csv", SPENDING_CSV)}, **auth)
    body = refused.json()
    assert refused.status_code == 400 and body["fields"]["第4行"].startswith("日期：") and "第5行" in body["fields"]
    assert BasicSpending.objects.count() == 1
    done = client.post("/api/department/import", {"unit": "711001", "year": "2021", "kind": "basic_spending",
                                                  "only_good": "true", "file": _file("支出.csv", SPENDING_CSV)}, **auth)
    assert done.status_code == 200 and done.json()["count"] == 2 and [b["row"] for b in done.json()["bad"]] == [4, 5]
    other = {"HTTP_AUTHORIZATION": f"Bearer {Token.issue(users['outsider'])}"}
    assert client.get("/api/department?unit=711001&year=2021", **other).status_code == 404
    finance = {"HTTP_AUTHORIZATION": f"Bearer {Token.issue(users['finance'])}"}
    assert client.get("/api/department?unit=711001&year=2021", **finance).status_code == 200
    assert client.post("/api/department/staffing", {"unit": "711001", "year": 2021, "unit_name": "x", "posts": 1,
                                                    "in_post": 1, "retired": 0},
                       content_type="application/json", **finance).status_code == 403


def _file(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


@pytest.mark.django_db(transaction=True)
def test_an_import_on_a_live_server_with_its_csrf_token(live_server, users):
    unit = users["editor"].memberships.get().unit
    session = browser_login(live_server.url, "editor")
    try:
        url = f"{live_server.url}/department/{unit.pk}/2021/"
        page = session.get(url, timeout=60)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        without = session.post(f"{url}import/staffing/", files={"file": ("编制.csv", STAFFING_CSV)},
                               headers={"Referer": url}, timeout=60)
        assert without.status_code == 403 and Staffing.objects.count() == 0
        report = session.post(f"{url}import/staffing/", data={"csrfmiddlewaretoken": token},
                              files={"file": ("编制.csv", STAFFING_CSV)}, headers={"Referer": url}, timeout=60)
        assert report.status_code == 200 and "第4行" in report.text and "第5行" in report.text
        assert Staffing.objects.count() == 0
        form = dict(re.findall(r'name="(csrfmiddlewaretoken|content|file_name|only_good)" value="([^"]*)"', report.text))
        done = session.post(f"{url}import/staffing/", data=form, headers={"Referer": url}, timeout=60)
        assert done.status_code == 200 and "已导入2条编制记录，跳过有误的2行" in done.text
        assert "<strong>16人</strong>" in done.text
    finally:
        session.close()


def test_the_demo_loads_the_unions_staffing_so_the_page_shows_16_in_post(client, db):
    from jixiao.web.demo import load_demo
    from jixiao.web.goals.models import Unit

    from .conftest import SEED

    _, notes = load_demo(SEED)
    assert "已录入2021年编制（在职6+10人，退休19+4人）和基本支出" in notes
    unit = Unit.objects.get(code="711001")
    staff = selectors.staff_in_post(unit=unit, year=2021)
    assert staff.value == 16 and sum(s.retired for s in selectors.staffing_list(unit=unit, year=2021)) == 23
    ex = selectors.unit_execution(unit=unit, year=2021)
    assert ex.basic_budget == Decimal("960000.00") and ex.basic_spent == Decimal("937300.50") and ex.rate is not None
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="editor"))
    text = client.get(page_url(unit)).content.decode()
    assert "<strong>16人</strong>" in text and "昌黎县工人文化宫：在职10人（编制10，退休4）" in text
    assert f"<strong>{ex.rate}%</strong>" in text


def test_the_menu_leads_to_the_units_years(client, users, unit):
    union_staffing(unit, users["editor"])
    text = login(client, users["editor"]).get("/department/").content.decode()
    assert 'href="/department/">部门整体</a>' in text
    assert f'href="/department/{unit.pk}/2021/">2021年</a>' in text and "柳溪县" not in text
    assert "柳溪县妇女联合会本级" in login(client, users["finance"]).get("/department/").content.decode()


def test_a_file_over_the_limit_or_without_one_is_refused_in_chinese_and_imports_nothing(client, users, unit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login(client, users["editor"])
    big = client.post(page_url(unit, rest="import/staffing/"),
                      {"file": SimpleUploadedFile("编制.csv", b"a" * (21 * 1024 * 1024))})
    assert big.status_code == 400 and "编制.csv" in big.content.decode() and "上限20 MB" in big.content.decode()
    none = client.post(page_url(unit, rest="import/staffing/"), {})
    assert none.status_code == 400 and evaluation_errors.NO_FILE in none.content.decode()
    forged = client.post(page_url(unit, rest="import/staffing/"), {"content": "!!", "file_name": "x.csv"})
    assert forged.status_code == 400 and evaluation_errors.UNREADABLE_UPLOAD in forged.content.decode()
    assert Staffing.objects.count() == 0 and not Entry.objects.filter(action="staffing.imported").exists()
