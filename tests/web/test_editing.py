"""Editing a draft: the project form (万元, live validation), indicators added,
changed, moved and removed, two people saving the same project, history kept."""

from decimal import Decimal

from jixiao.web.goals.models import Indicator, Project
from jixiao.web.history.models import Entry

from .conftest import login


def form(project, **changes):
    data = {"version": project.version, "code": project.code, "name": project.name, "total": "20.00",
            "fiscal": "20.00", "other": "0", "purpose": project.purpose, "plan_3": "", "plan_6": "50", "plan_10": "100",
            "plan_12": "100", "goals": "1.帮助困难职工\n2.让困难职工感受到关心"}
    data.update(changes)
    return data


def test_saving_the_project_form_stores_yuan_and_keeps_history(client, users, plan):
    project = plan.projects.get(code="13032221GVUVTX63BWWCQ")
    response = login(client, users["editor"]).post(f"/goals/projects/{project.pk}/save/",
                                                   form(project, total="25.5", fiscal="25.5"))
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.total, project.fiscal, project.plan_3, project.goals) == (
        Decimal("255000.00"), Decimal("255000.00"), None, ["帮助困难职工", "让困难职工感受到关心"])
    entry = Entry.objects.get(action="project.changed")
    assert entry.user == users["editor"] and entry.changes["total"] == ["200000.00", "255000.00"]


def test_a_stale_form_is_refused_and_nothing_is_overwritten(client, users, plan, django_user_model):
    project = plan.projects.get(code="13032221GVUVTX63BWWCQ")
    first = form(project, name="第一人修改")
    second = form(project, name="第二人修改")  # both read the same version
    editor = login(client, users["editor"])
    assert editor.post(f"/goals/projects/{project.pk}/save/", first).status_code == 302
    response = editor.post(f"/goals/projects/{project.pk}/save/", second)
    assert response.status_code == 409 and "已被他人修改" in response.content.decode()
    project.refresh_from_db()
    assert project.name == "第一人修改"


def test_live_validation_reports_field_errors_without_saving(client, users, plan):
    project = plan.projects.first()
    response = login(client, users["editor"]).post(f"/goals/projects/{project.pk}/validate/",
                                                   form(project, total="二十", code="123"), HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200 and "“二十”不是数字" in text and "项目编码“123”应为21位" in text
    assert "<html" not in text  # a fragment for htmx to swap in
    project.refresh_from_db()
    assert project.total == Decimal("200000.00")


def test_a_bad_form_is_shown_again_with_its_errors(client, users, plan):
    project = plan.projects.first()
    response = login(client, users["editor"]).post(f"/goals/projects/{project.pk}/save/", form(project, plan_6="120"))
    assert response.status_code == 400 and "应在0～100之间" in response.content.decode()


def test_indicators_are_added_moved_changed_and_removed(client, users, plan):
    project = plan.projects.get(code="13032221GVUVTX63BWWCQ")
    editor = login(client, users["editor"])
    response = editor.post(f"/goals/projects/{project.pk}/indicators/add/", {
        "version": project.version, "level1": "效益指标", "level2": "社会效益指标", "name": "脱困职工人数",
        "description": "", "target_raw": "≥50人", "basis": "历史标准"})
    assert response.status_code == 302
    added = Indicator.objects.get(name="脱困职工人数")
    assert (added.op, added.value, added.unit) == ("≥", 50, "人")
    project.refresh_from_db()
    editor.post(f"/goals/indicators/{added.pk}/move/up/", {"version": project.version})
    names = list(project.indicators.values_list("name", flat=True))
    assert names.index("脱困职工人数") == len(names) - 2
    project.refresh_from_db()
    assert editor.post(f"/goals/indicators/{added.pk}/delete/", {"version": project.version}).status_code == 302
    assert not Indicator.objects.filter(name="脱困职工人数").exists()
    assert set(Entry.objects.values_list("action", flat=True)) >= {"indicator.created", "indicator.moved",
                                                                  "indicator.deleted"}


def test_an_indicator_under_the_wrong_level1_is_refused(client, users, plan):
    project = plan.projects.first()
    response = login(client, users["editor"]).post(f"/goals/projects/{project.pk}/indicators/add/", {
        "version": project.version, "level1": "满意度指标", "level2": "数量指标", "name": "x", "target_raw": "≥1人"})
    assert response.status_code == 400 and "“数量指标”不属于一级指标“满意度指标”" in response.content.decode()
    assert not Indicator.objects.filter(name="x").exists()


def test_a_form_without_its_version_is_refused(client, users, plan):
    indicator = Indicator.objects.filter(project__plan=plan).first()
    response = login(client, users["editor"]).post(f"/goals/indicators/{indicator.pk}/delete/", {})
    assert response.status_code == 400 and "缺少版本号" in response.content.decode()
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_review_findings_are_shown_beside_the_form(client, users, plan):
    project = Project.objects.get(plan=plan, code="13032221W892NIM0EVGFV")
    text = login(client, users["editor"]).get(f"/goals/projects/{project.pk}/").content.decode()
    assert "与预算数14.55万元相差16.8%" in text and 'hx-post' in text


def test_the_project_list_pages_and_filters(client, users, plan):
    editor = login(client, users["finance"])
    text = editor.get("/goals/projects/?q=劳模").content.decode()
    assert "劳模体检费" in text and "职工困难帮扶防贫资金" not in text
    assert "第1页" not in text  # one page only: no pager


def test_an_indicator_shows_its_own_history(client, users, plan):
    indicator = Indicator.objects.filter(project__plan=plan).first()
    editor = login(client, users["editor"])
    editor.post(f"/goals/indicators/{indicator.pk}/edit/", {
        "version": indicator.project.version, "level1": indicator.level1, "level2": indicator.level2,
        "name": indicator.name, "target_raw": "≥410人", "basis": "历史标准"})
    text = editor.get(f"/goals/indicators/{indicator.pk}/edit/").content.decode()
    assert "≥400人 → ≥410人" in text and "editor" in text


def test_the_plans_findings_name_their_project(client, users, plan):
    text = login(client, users["editor"]).get(f"/goals/{plan.pk}/").content.decode()
    assert "<th>项目</th>" in text and "<td>劳模体检费</td>" in text
