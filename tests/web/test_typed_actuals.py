"""Typed actuals in the web app: a value typed in the form or imported from a file is
parsed once when it is saved and stored as a number and unit; a bound indicator's value
comes from its metric as a number; the API says where each value came from; rows saved
as text only (older versions, older backups) are still read."""

import importlib
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.evaluation import quantities
from jixiao.evaluation.errors import EvaluationError
from jixiao.relief.metrics import MetricValue
from jixiao.web.accounts.models import Token
from jixiao.web.evaluation import selectors as evaluation
from jixiao.web.evaluation.models import IndicatorValue
from jixiao.web.goals.models import Indicator
from jixiao.web.relief import services as relief_services

from .conftest import approve, login
from .test_relief import pay, relief  # noqa: F401 - the fixture

P1 = "13032221GVUVTX63BWWCQ"
BAD = "指标“困难帮扶人数”的完成值“很多”不是数值，也不是达成、部分达成或未达成"


def bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


def scored(plan, name="困难帮扶人数"):
    project = next(s for s in evaluation.scores(plan) if s.code == P1)
    return next(i for i in project.indicators if i.name == name)


def api_row(user, plan, name="困难帮扶人数"):
    data = bearer(user).get(f"/api/plans/{plan.pk}/self-evaluation").json()
    return next(i for p in data["projects"] if p["code"] == P1 for i in p["indicators"] if i["name"] == name)


@pytest.fixture
def no_text_parsing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"text parsed: {args}")

    from jixiao.web.evaluation import selectors

    for module in (quantities, selectors):
        monkeypatch.setattr(module, "parse_actual", refuse)


def test_typed_actuals_from_the_form_are_stored_as_numbers(client, users, plan, monkeypatch):
    approve(plan, users)
    indicator = Indicator.objects.get(project__plan=plan, name="困难帮扶人数")
    editor = login(client, users["editor"])
    assert editor.post(f"/evaluation/{plan.pk}/values/{indicator.pk}/", {"actual": "394人", "version": 0}).status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.actual, value.value, value.unit, value.level, value.source) == ("394人", D(394), "人", "", "typed")
    monkeypatch.setattr(quantities, "parse_actual", lambda text: pytest.fail(f"text parsed again: {text}"))
    row = scored(plan)
    assert row.actual == "394人" and row.score == D(394) / 400 * D("12.5") and row.source.kind == "typed"
    assert api_row(users["finance"], plan)["source"] == {"kind": "typed", "label": "手工填报", "metric": None,
                                                         "records": 0, "file": None}


def test_a_bad_typed_actual_keeps_its_message_and_nothing_is_saved_in_actuals(client, users, plan):
    approve(plan, users)
    indicator = Indicator.objects.get(project__plan=plan, name="困难帮扶人数")
    editor = login(client, users["editor"])
    response = editor.post(f"/evaluation/{plan.pk}/values/{indicator.pk}/", {"actual": "很多", "version": 0})
    assert response.status_code == 400 and BAD in response.content.decode()
    response = bearer(users["editor"]).put(f"/api/plans/{plan.pk}/values/{indicator.pk}", {"actual": "很多"},
                                           content_type="application/json")
    assert response.status_code == 400 and response.json()["message"] == BAD
    response = editor.post(f"/evaluation/{plan.pk}/import/actuals/", {"file": SimpleUploadedFile(
        "a.csv", f"project,indicator,actual\n{P1},受帮扶困难职工满意度,96%\n{P1},困难帮扶人数,很多\n".encode())})
    text = response.content.decode()  # the whole file checked first: the bad row listed, nothing saved
    assert "第3行</td><td>完成值</td>" in text and BAD in text and "只导入合格的1行" in text
    assert not IndicatorValue.objects.exists()


def test_imported_actuals_say_which_file_and_row(client, users, plan):
    approve(plan, users)
    editor = login(client, users["editor"])
    response = editor.post(f"/evaluation/{plan.pk}/import/actuals/", {"file": SimpleUploadedFile(
        "完成值.csv", f"项目编码,三级指标,完成值,全年预计\n{P1},困难帮扶人数,300人,406人\n".encode("gb18030"))})
    assert response.status_code == 302
    value = IndicatorValue.objects.get()
    assert (value.value, value.unit, value.forecast, value.forecast_value) == (D(300), "人", "406人", D(406))
    assert (value.source, value.source_file) == ("imported", "完成值.csv：第2行")
    source = api_row(users["finance"], plan)["source"]
    assert source["kind"] == "imported" and source["label"] == "文件导入（完成值.csv：第2行）"
    data = bearer(users["finance"]).get(f"/api/plans/{plan.pk}/monitoring?as_of=2021-07-31").json()
    row = next(i for p in data["projects"] if p["code"] == P1 for i in p["indicators"] if i["name"] == "困难帮扶人数")
    assert row["forecast"] == "406.00" and row["source"]["file"] == "完成值.csv：第2行"


def test_computed_actuals_reach_the_score_as_numbers(users, relief, monkeypatch, no_text_parsing):  # noqa: F811
    plan, project, spring = relief
    assert relief_services.round_approve(round_=spring, user=users["approver"]) == 10
    indicator = Indicator.objects.get(project=project, name="困难帮扶人数")
    relief_services.binding_set(indicator=indicator, metric="persons_paid", params={}, user=users["relief"])
    for k in range(3):
        pay(spring, users, k)
    # Were the value's text parsed, this would score 300 people; its number is 3.
    monkeypatch.setattr(MetricValue, "text", property(lambda self: "300人"))
    row = scored(plan)
    assert row.score == D(3) / 400 * D("12.5") and row.actual == "3人"
    assert (row.source.kind, row.source.metric, len(row.source.records)) == ("computed", "persons_paid", 3)
    source = api_row(users["finance"], plan)["source"]
    assert source == {"kind": "computed", "label": "由业务记录计算（persons_paid，3条记录）",
                      "metric": "persons_paid", "records": 3, "file": None}
    monitored = evaluation.monitoring(plan, date(2021, 7, 31))[1][0].indicators[0]
    assert monitored.source.kind == "computed" and monitored.progress == D(3) / 400 * 100


def test_actuals_saved_as_text_only_are_still_read(users, plan):
    from django.apps import apps

    approve(plan, users)
    indicator = Indicator.objects.get(project__plan=plan, name="困难帮扶人数")
    IndicatorValue.objects.create(indicator=indicator, actual="300人", forecast="达成")  # as an older version wrote
    assert scored(plan).score == D(300) / 400 * D("12.5")
    migration = importlib.import_module("jixiao.web.evaluation.migrations.0003_typed_actuals")
    migration.parse_stored(apps, None)
    value = IndicatorValue.objects.get()
    assert (value.value, value.unit, value.forecast_value) == (D(300), "人", None)
    assert scored(plan).score == D(300) / 400 * D("12.5")
    IndicatorValue.objects.filter(pk=value.pk).update(actual="很多", value=None, unit="")
    migration.parse_stored(apps, None)
    assert IndicatorValue.objects.get().value is None
    with pytest.raises(EvaluationError) as e:
        evaluation.scores(plan)
    assert e.value.message == BAD
