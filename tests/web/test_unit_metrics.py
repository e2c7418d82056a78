"""Unit-wide actuals in the web app (issue 14 §2): a unit-wide indicator bound to a metric of
evaluation/unit_metrics.py shows its actual from the records with the records counted (ID numbers
masked for those who may not see them); binding checks the units, refuses a stale page (409) and an
outsider, and is in the indicator's history."""

import re

import pytest
from django.contrib.auth import get_user_model

from jixiao.evaluation.department import DepartmentError
from jixiao.web.accounts.models import Membership
from jixiao.web.department import errors as e
from jixiao.web.department import selectors, services
from jixiao.web.department.models import UnitIndicator
from jixiao.web.goals.models import Plan, Unit
from jixiao.web.history.models import Entry

from .conftest import PASSWORD, SEED
from .test_api_live import browser_login

MASKED = re.compile(r"\d{6}\*{8}\d{3}[\dX]")  # 130322********0011
FULL = re.compile(r"\b\d{17}[\dX]\b")


@pytest.fixture
def demo(db):
    from jixiao.web.demo import load_demo

    load_demo(SEED)
    User = get_user_model()
    for user in User.objects.all():
        user.set_password(PASSWORD)
        user.save()
    outsider = User.objects.create_user("outsider", password=PASSWORD)
    outsider.groups.set(User.objects.get(username="editor").groups.all())
    Membership.objects.create(user=outsider, unit=Unit.objects.create(code="726001", name="柳溪县妇女联合会本级"))
    return Plan.objects.get(year=2021)


def user(name: str):
    return get_user_model().objects.get(username=name)


def indicator(plan: Plan, name: str) -> UnitIndicator:
    return plan.unit_indicators.get(name=name)


def bound(ind: UnitIndicator) -> list:
    return list(Entry.objects.filter(object_type="unitindicator", object_id=ind.pk, action="unit_indicator.bound").order_by("id")
                .values_list("changes", flat=True))


def test_the_demo_binds_the_seeds_unit_wide_indicators_and_each_has_its_actual_from_records(demo):
    rows = {r.indicator.name: r for r in selectors.unit_actuals(plan=demo)}
    assert {n: r.metric.code for n, r in rows.items() if r.metric} == {
        "救助人数": "unit_persons_relieved", "救助标准": "unit_relief_minimum", "省部级劳模人数": "unit_checks_done",
        "体检费用标准": "unit_check_cost_per_person", "正常运转人数": "unit_staff_in_post"}
    assert rows["正常运转人数"].value.text == "16人" and rows["救助人数"].value.text == "406人"
    assert rows["救助人数"].goal == "帮扶工作" and rows["正常运转人数"].goal == "工会事务"
    assert rows["救助人数"].source.label == f"由业务记录计算（unit_persons_relieved，{len(rows['救助人数'].value.records)}条记录）"


def test_the_actual_page_lists_the_records_counted_masked_for_the_editor_and_in_full_for_the_relief_officer(client, demo):
    persons = indicator(demo, "救助人数")
    client.force_login(user("editor"))
    page = client.get(f"/department/unit-indicators/{persons.pk}/actual/").content.decode()
    assert "由业务记录计算的完成值：<b>406人</b>" in page and "全单位受助人数" in page
    assert MASKED.search(page) and not FULL.search(page)
    client.force_login(user("relief"))
    page = client.get(f"/department/unit-indicators/{persons.pk}/actual/").content.decode()
    assert FULL.search(page)
    staff = indicator(demo, "正常运转人数")
    page = client.get(f"/department/unit-indicators/{staff.pk}/actual/").content.decode()
    assert "昌黎县工人文化宫" in page and "在职10人" in page and "在职6人" in page


def test_the_unit_wide_goals_page_shows_each_bound_indicators_actual_linking_to_its_records(client, demo):
    client.force_login(user("finance"))
    page = client.get(f"/department/{demo.unit_id}/2021/goals/").content.decode()
    assert "完成值（由业务记录计算）" in page
    staff, persons = indicator(demo, "正常运转人数"), indicator(demo, "救助人数")
    row = page[page.index(f'id="unit-indicator-{staff.pk}"'):]
    assert f'href="/department/unit-indicators/{staff.pk}/actual/"' in row[:row.index("</tr>")]
    assert ">16人</a>（2条记录）" in row[:row.index("</tr>")]
    row = page[page.index(f'id="unit-indicator-{persons.pk}"'):]
    assert ">406人</a>" in row[:row.index("</tr>")]
    assert f'action="/department/unit-indicators/{staff.pk}/metric/"' not in page  # finance reads, binds nothing


def test_the_unit_wide_goals_page_offers_the_editor_a_metric_form_in_each_confirmed_row(client, demo):
    client.force_login(user("editor"))
    page = client.get(f"/department/{demo.unit_id}/2021/goals/").content.decode()
    staff = indicator(demo, "正常运转人数")
    row = page[page.index(f'id="unit-indicator-{staff.pk}"'):]
    row = row[:row.index("</tr>")]
    assert f'action="/department/unit-indicators/{staff.pk}/metric/"' in row
    assert f'name="version" value="{staff.version}"' in row
    assert 'value="unit_staff_in_post" selected' in row and 'value="unit_execution"' not in row


def test_the_form_offers_only_metrics_whose_unit_fits(client, demo):
    client.force_login(user("editor"))
    page = client.get(f"/department/unit-indicators/{indicator(demo, '正常运转人数').pk}/actual/").content.decode()
    form = page[page.index('name="metric"'):]
    form = form[:form.index("</select>")]
    assert 'value="unit_persons_relieved"' in form and 'value="unit_staff_in_post"' in form
    assert 'value="unit_execution"' not in form and 'value="unit_relief_minimum"' not in form


def test_binding_changes_the_metric_logs_it_and_shows_it_in_the_history(client, demo):
    staff = indicator(demo, "正常运转人数")
    client.force_login(user("editor"))
    response = client.post(f"/department/unit-indicators/{staff.pk}/metric/",
                           {"metric": "unit_persons_relieved", "version": staff.version})
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.metric == "unit_persons_relieved"
    assert bound(staff)[-1] == {"metric": ["在职人数（正常运转人数）", "全单位受助人数（各项目按身份证号去重）"]}
    page = client.get(f"/department/unit-indicators/{staff.pk}/actual/").content.decode()
    assert "设置部门整体指标取数口径" in page and "406人" in page
    # Unbound: judged by hand, and so in the history too.
    client.post(f"/department/unit-indicators/{staff.pk}/metric/", {"metric": "", "version": staff.version})
    staff.refresh_from_db()
    assert staff.metric == "" and bound(staff)[-1]["metric"][1] == "未设置取数口径"
    assert "未设置取数口径：没有由业务记录计算的完成值，本项按0分计" in client.get(f"/department/unit-indicators/{staff.pk}/actual/").content.decode()


def test_a_metric_whose_unit_does_not_fit_is_refused_beside_the_form_and_nothing_changes(client, demo):
    staff = indicator(demo, "正常运转人数")
    client.force_login(user("editor"))
    response = client.post(f"/department/unit-indicators/{staff.pk}/metric/",
                           {"metric": "unit_execution", "version": staff.version})
    assert response.status_code == 400
    assert "单位是“人”，取数口径“部门整体预算执行率”的单位是“%”" in response.content.decode()
    staff.refresh_from_db()
    assert staff.metric == "unit_staff_in_post" and len(bound(staff)) == 1  # the demo's binding only
    unknown = client.post(f"/department/unit-indicators/{staff.pk}/metric/", {"metric": "no_such", "version": staff.version})
    assert unknown.status_code == 400 and e.NO_UNIT_METRIC.format(metric="no_such") in unknown.content.decode()


def test_a_stale_page_is_a_409_in_chinese_and_changes_nothing(client, demo):
    staff = indicator(demo, "正常运转人数")
    client.force_login(user("editor"))
    response = client.post(f"/department/unit-indicators/{staff.pk}/metric/",
                           {"metric": "unit_persons_relieved", "version": staff.version - 1})
    assert response.status_code == 409
    assert e.UNIT_METRIC_STALE.format(indicator="正常运转人数") in response.content.decode()
    staff.refresh_from_db()
    assert staff.metric == "unit_staff_in_post"


def test_who_may_bind(client, demo):
    staff = indicator(demo, "正常运转人数")
    client.force_login(user("outsider"))
    assert client.get(f"/department/unit-indicators/{staff.pk}/actual/").status_code == 404
    assert client.post(f"/department/unit-indicators/{staff.pk}/metric/",
                       {"metric": "unit_persons_relieved", "version": staff.version}).status_code == 404
    client.force_login(user("finance"))  # reads every unit, edits none
    page = client.get(f"/department/unit-indicators/{staff.pk}/actual/")
    assert page.status_code == 200 and 'name="metric"' not in page.content.decode()
    assert client.post(f"/department/unit-indicators/{staff.pk}/metric/",
                       {"metric": "unit_persons_relieved", "version": staff.version}).status_code == 403
    staff.refresh_from_db()
    assert staff.metric == "unit_staff_in_post"
    assert client.get("/department/unit-indicators/999999/actual/").status_code == 404


def test_a_proposed_indicator_is_confirmed_before_it_is_bound(demo):
    staff = indicator(demo, "正常运转人数")
    UnitIndicator.objects.filter(pk=staff.pk).update(proposed=True)
    staff.refresh_from_db()
    with pytest.raises(DepartmentError) as refused:
        services.unit_indicator_bind(indicator=staff, metric="unit_persons_relieved", version=staff.version,
                                     user=user("editor"))
    assert refused.value.message == e.UNIT_METRIC_PROPOSED.format(indicator="正常运转人数")


def test_the_share_of_projects_on_track_reads_the_monitoring_colours_at_the_years_end(demo):
    from jixiao.web.evaluation.selectors import monitoring

    records = selectors.unit_records(unit=demo.unit, year=2021)
    _, rows = monitoring(demo, records.monitored_on)
    assert records.monitored_on.isoformat() == "2021-12-31" and set(records.on_track) == {r.key for r in rows}
    green = [r.key for r in rows if r.colour == "green"]
    from jixiao.evaluation.unit_metrics import CATALOGUE

    value = CATALOGUE["unit_projects_on_track"].compute(records)
    assert value.value == len(green) * 100 / len(rows) and value.records == tuple(f"project:{k}" for k in green)


@pytest.mark.django_db(transaction=True)
def test_a_browser_binds_a_unit_wide_indicator_on_a_live_server_with_its_csrf_token(live_server):
    from jixiao.web.demo import load_demo

    load_demo(SEED)
    editor = user("editor")
    editor.set_password(PASSWORD)
    editor.save()
    staff = Plan.objects.get(year=2021).unit_indicators.get(name="正常运转人数")
    session = browser_login(live_server.url, "editor")
    try:
        url = f"{live_server.url}/department/unit-indicators/{staff.pk}/actual/"
        page = session.get(url, timeout=60)
        assert page.status_code == 200 and "16人" in page.text
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
        version = re.search(r'name="version" value="(\d+)"', page.text)[1]
        bind = f"{live_server.url}/department/unit-indicators/{staff.pk}/metric/"
        forged = session.post(bind, data={"metric": "unit_persons_relieved", "version": version}, headers={"Referer": url},
                              timeout=60)
        assert forged.status_code == 403  # no CSRF token
        done = session.post(bind, data={"metric": "unit_persons_relieved", "version": version,
                                        "csrfmiddlewaretoken": token}, headers={"Referer": url}, timeout=60)
        assert done.status_code == 200 and "已设置“正常运转人数”的取数口径" in done.text and "406人" in done.text
        stale = session.post(bind, data={"metric": "unit_staff_in_post", "version": version,
                                         "csrfmiddlewaretoken": token}, headers={"Referer": url}, timeout=60)
        assert stale.status_code == 409 and "已被他人修改" in stale.text
    finally:
        session.close()
    staff.refresh_from_db()
    assert staff.metric == "unit_persons_relieved"


def test_the_api_binds_with_its_version_and_gives_the_evaluation_as_the_command_line_does(demo):
    from django.test import Client

    staff = indicator(demo, "正常运转人数")
    api = Client()
    api.force_login(user("editor"))
    url = f"/api/department/unit-indicators/{staff.pk}/metric"
    wrong = api.put(url, {"metric": "unit_execution", "version": staff.version}, content_type="application/json")
    assert wrong.status_code == 400 and "两者无法比较" in wrong.json()["message"]
    stale = api.put(url, {"metric": "unit_persons_relieved", "version": staff.version + 5}, content_type="application/json")
    assert stale.status_code == 409
    done = api.put(url, {"metric": "unit_persons_relieved", "version": staff.version}, content_type="application/json")
    assert done.status_code == 200 and done.json() == {"indicator": staff.pk, "metric": "unit_persons_relieved",
                                                       "version": staff.version + 1}
    data = api.get("/api/department/711001/2021/evaluation").json()
    rows = {i["name"]: i for i in data["indicators"]}
    assert rows["正常运转人数"]["actual"] == "406人" and data["staff_in_post"]["value"] == 16
    assert len(rows["救助人数"]["provenance"]["records"]) == rows["救助人数"]["provenance"]["count"]
    assert api.get("/api/department/711001/2019/evaluation").status_code == 404
    finance = Client()
    finance.force_login(user("finance"))
    assert finance.put(url, {"metric": "", "version": staff.version + 1}, content_type="application/json").status_code == 403
    outsider = Client()
    outsider.force_login(user("outsider"))
    assert outsider.get("/api/department/711001/2021/evaluation").status_code == 404
    assert outsider.put(url, {"metric": "", "version": staff.version + 1}, content_type="application/json").status_code == 404


def test_a_per_person_amount_is_shown_as_its_target_is_written(client, demo):
    fee = indicator(demo, "体检费用标准")
    client.force_login(user("editor"))
    page = client.get(f"/department/unit-indicators/{fee.pk}/actual/").content.decode()
    assert "由业务记录计算的完成值：<b>500元/人</b>" in page and "劳模人均体检费用" in page
    assert "体检" in page and "******" in page  # the checks counted, ID numbers masked
