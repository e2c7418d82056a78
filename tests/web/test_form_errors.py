"""Form errors show beside their field, named by the field's label, on the form shown again
(status 400), never on a separate "请求有误" page; while typing, the project form's errors and the
review's findings of the project as typed come back out of band, without saving."""

from decimal import Decimal

from jixiao.web.goals.models import Indicator, Project

from .conftest import login

HELP = "13032221GVUVTX63BWWCQ"


def beside(text: str, field: str, error: str, next_field: str, within: str = "<form") -> bool:
    """The error comes after its field's input and before the next field's, in the form that begins with `within`."""
    start = text.index(within)
    return text.index(f'name="{field}"', start) < text.index(error, start) < text.index(f'name="{next_field}"', start)


def indicator_data(project, **changes):
    data = {"version": project.version, "level1": "效益指标", "level2": "社会效益指标", "name": "脱困职工人数",
            "description": "", "target_raw": "≥50人", "basis": "历史标准"}
    data.update(changes)
    return data


def test_a_new_indicator_with_errors_is_shown_again_beside_its_fields(client, users, plan):
    project = plan.projects.get(code=HELP)
    response = login(client, users["editor"]).post(f"/goals/projects/{project.pk}/indicators/add/", indicator_data(
        project, level1="满意度指标", level2="数量指标", name="", target_raw="≥60人"))
    text = response.content.decode()
    assert response.status_code == 400 and "请求有误" not in text and "<h1>职工困难帮扶防贫资金</h1>" in text
    new = "/indicators/add/"
    assert beside(text, "level2", "二级指标：“数量指标”不属于一级指标“满意度指标”", "name", new)
    assert beside(text, "name", "请填写三级指标", "description", new)
    assert 'value="≥60人"' in text  # what was typed is kept
    assert not Indicator.objects.filter(target_raw="≥60人").exists()


def test_an_indicator_edit_with_errors_is_shown_again_beside_its_fields(client, users, plan):
    indicator = Indicator.objects.get(project__plan=plan, name="困难帮扶人数")
    response = login(client, users["editor"]).post(f"/goals/indicators/{indicator.pk}/edit/", indicator_data(
        indicator.project, name="困难帮扶人数", target_raw=""))
    text = response.content.decode()
    assert response.status_code == 400 and "请求有误" not in text and "修改指标：困难帮扶人数" in text
    assert beside(text, "target_raw", "请填写指标值", "basis")
    indicator.refresh_from_db()
    assert indicator.target_raw == "≥400人"


def test_a_project_form_with_errors_names_the_field_beside_it(client, users, plan):
    project = plan.projects.get(code=HELP)
    data = {"version": project.version, "code": project.code, "name": project.name, "total": "二十", "fiscal": "20",
            "other": "0", "purpose": "", "plan_3": "", "plan_6": "", "plan_10": "", "plan_12": "100", "goals": "1.帮扶"}
    response = login(client, users["editor"]).post(f"/goals/projects/{project.pk}/save/", data)
    text = response.content.decode()
    assert response.status_code == 400 and "请求有误" not in text
    assert beside(text, "total", "预算数（万元）：“二十”不是数字，请按万元填写，如20.00", "fiscal")
    project.refresh_from_db()
    assert project.total == Decimal("200000.00")


def test_typing_refreshes_field_errors_and_findings_out_of_band(client, users, plan):
    project = plan.projects.get(code=HELP)
    page = login(client, users["editor"]).get(f"/goals/projects/{project.pk}/").content.decode()
    assert 'hx-trigger="input delay:500ms' in page and 'hx-swap="none"' in page and '<div id="findings">' in page
    data = {"version": project.version, "code": project.code, "name": project.name, "total": "20", "fiscal": "15",
            "other": "0", "purpose": project.purpose, "plan_3": "60", "plan_6": "40", "plan_10": "100",
            "plan_12": "100", "goals": ""}
    response = client.post(f"/goals/projects/{project.pk}/validate/", data, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert response.status_code == 200 and "<html" not in text
    assert '<div id="project-errors-total" hx-swap-oob="true"' in text
    assert "预算数（万元）：财政资金15.00万元 + 其他资金0.00万元 ≠ 预算数20.00万元" in text
    assert "6月底支出计划（%）：6月底计划40%低于之前的60%" in text
    findings = text[text.index('<div id="findings" hx-swap-oob="true">'):]
    assert "没有填写绩效目标" in findings  # the goals as typed (emptied), not as saved
    assert findings.index("sev-error") < findings.index("sev-warning")  # errors first
    project.refresh_from_db()
    assert project.goals and project.fiscal == Decimal("200000.00")  # nothing saved
    assert Project.objects.get(pk=project.pk).version == project.version
