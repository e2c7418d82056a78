"""Published results hold still (issue 11 §3): a year's self-evaluation goes public when its unit
publishes it, as a snapshot (scores, actuals with their units and provenance, the rule set, who and
when); the public page and the official tables read it; later changes to records, bindings or values
show as 与公开结果不一致 for the unit and reach the public only by a 更正 with its reason."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from openpyxl import load_workbook

from jixiao.evaluation import errors as e
from jixiao.evaluation.errors import EvaluationError
from jixiao.web.evaluation import selectors
from jixiao.web.evaluation import services as evaluation
from jixiao.web.evaluation.models import PublishedEvaluation
from jixiao.web.goals import services as goals
from jixiao.web.goals.models import Indicator, Plan
from jixiao.web.history.models import Entry
from jixiao.web.relief import services as relief

from .conftest import SEED, approve, login

P1, P2 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098"
PUBLIC = "/public/711001/2021/"


@pytest.fixture
def demo(db):
    from jixiao.web.demo import load_demo

    load_demo(SEED)
    return Plan.objects.get(year=2021)


def person(username: str):
    return get_user_model().objects.get(username=username)


def public_results(client) -> str:
    """The public page's self-evaluation part, as an anonymous visitor reads it."""
    text = Client().get(PUBLIC).content.decode()
    return text[text.index("<h2>绩效自评结果</h2>"):] if "<h2>绩效自评结果</h2>" in text else ""


def table_cells(client, plan, fmt: str = "xlsx") -> list:
    data = client.get(f"/evaluation/{plan.pk}/tables/self-evaluation.{fmt}").content
    book = load_workbook(io.BytesIO(data))
    return [[c.value for c in row] for sheet in book for row in sheet.iter_rows()]


def test_the_demo_year_is_published_with_its_actuals_units_and_provenance(demo):
    snapshot = selectors.published_evaluation(demo)
    assert snapshot is not None and snapshot.ruleset == "CZ-2020-10" and snapshot.created_by.username == "admin"
    rows = {p["code"]: {i["name"]: i for i in p["indicators"]} for p in snapshot.rows["projects"]}
    persons = rows[P1]["困难帮扶人数"]
    assert (persons["actual"], persons["value"], persons["unit"]) == ("394人", "394", "人")
    assert persons["source"]["kind"] == "computed" and persons["source"]["metric"] == "persons_paid"
    assert len(persons["source"]["refs"]) == persons["source"]["records"] > 0  # the records counted, by reference
    assert snapshot.rows["rules"]["self_evaluation"]["execution_weight"] == 10
    assert Entry.objects.filter(action="self_evaluation.published", object_id=demo.pk).exists()
    assert selectors.published_differences(demo, snapshot) == []


def test_the_published_2021_results_do_not_change_until_a_correction(demo, client):
    before_public = public_results(client)
    assert "绩效自评结果" in before_public and "职工困难帮扶防贫资金" in before_public
    approver, editor = person("approver"), person("editor")
    unit = login(Client(), editor)
    before_table = table_cells(unit, demo)
    published_total = {s.code: s.total for s in selectors.published_scores(demo)}
    # A binding changes (a persons' metric for another persons' metric) and a record is added.
    persons = Indicator.objects.get(project__plan=demo, project__code=P1, name="困难帮扶人数")
    relief.binding_set(indicator=persons, metric="checks_done", params={}, user=person("relief"))
    project = demo.projects.get(code=P2)
    evaluation.spending_create(project=project, date=date(2021, 12, 20), amount=Decimal("500.00"), note="劳模体检补检",
                               user=editor)
    now = {s.code: s.total for s in selectors.scores(demo)}
    assert now[P1] != published_total[P1]  # the records say something else now …
    assert public_results(client) == before_public  # … and the public still reads what was published
    assert table_cells(unit, demo) == before_table
    assert {s.code: s.total for s in selectors.published_scores(demo)} == published_total
    page = unit.get(f"/evaluation/{demo.pk}/self-evaluation/").content.decode()
    assert "与公开结果不一致" in page and "困难帮扶人数" in page and "394人" in page and "46人" in page
    lines = selectors.published_differences(demo, selectors.published_evaluation(demo))
    assert lines and not any(re.search(r"\d\.\d{3}|persons_paid|checks_done|[a-z]+_[a-z]+", line) for line in lines), lines
    assert any("由业务记录计算" in line and "条记录" in line for line in lines)
    assert "更正公开的自评结果" not in page  # the editor sees it; the unit's approver corrects
    # A correction needs its reason; the editor may not make one.
    refused = unit.post(f"/evaluation/{demo.pk}/self-evaluation/correct/", {"reason": "核对"})
    assert refused.status_code == 403
    reviewer = login(Client(), approver)
    empty = reviewer.post(f"/evaluation/{demo.pk}/self-evaluation/correct/", {"reason": "  "})
    assert empty.status_code == 400 and e.CORRECTION_NEEDS_REASON in empty.content.decode()
    assert PublishedEvaluation.objects.filter(plan=demo).count() == 1 and public_results(client) == before_public
    # The correction reaches the public, with its reason, in the history.
    assert "更正公开的自评结果" in reviewer.get(f"/evaluation/{demo.pk}/self-evaluation/").content.decode()
    done = reviewer.post(f"/evaluation/{demo.pk}/self-evaluation/correct/", {"reason": "补录12月劳模补检支出"})
    assert done.status_code == 302
    after = public_results(client)
    assert after != before_public and "补录12月劳模补检支出" in after and "更正说明" in after
    assert {s.code: s.total for s in selectors.published_scores(demo)} == now
    assert table_cells(unit, demo) != before_table
    entry = Entry.objects.get(action="self_evaluation.corrected", object_id=demo.pk)
    assert entry.note == "补录12月劳模补检支出" and entry.user == approver
    history = unit.get(f"/goals/{demo.pk}/").content.decode()
    assert "更正公开的自评结果" in history and "公开自评结果" in history and "补录12月劳模补检支出" in history
    assert "与公开结果不一致" not in unit.get(f"/evaluation/{demo.pk}/self-evaluation/").content.decode()
    assert PublishedEvaluation.objects.filter(plan=demo).count() == 2  # the first publication is kept


def test_results_go_public_only_when_the_unit_publishes_them(plan, users, client):
    approve(plan, users)
    goals.plan_publish(plan=plan, user=users["approver"])
    persons = Indicator.objects.get(project__plan=plan, project__code=P1, name="困难帮扶人数")
    evaluation.value_save(indicator=persons, fields={"actual": "406人"}, user=users["editor"])
    text = Client().get(PUBLIC).content.decode()
    assert "绩效自评结果" not in text and "自评结果尚未公开" in text  # a typed value makes nothing public
    editor = login(Client(), users["editor"])
    assert editor.post(f"/evaluation/{plan.pk}/self-evaluation/publish/").status_code == 403
    reviewer = login(Client(), users["approver"])
    page = reviewer.get(f"/evaluation/{plan.pk}/self-evaluation/").content.decode()
    assert "公开自评结果" in page and "自评结果尚未公开" in page
    assert reviewer.post(f"/evaluation/{plan.pk}/self-evaluation/publish/").status_code == 302
    assert "绩效自评结果" in Client().get(PUBLIC).content.decode()
    again = reviewer.post(f"/evaluation/{plan.pk}/self-evaluation/publish/")
    assert again.status_code == 409 and "之后的变化须通过“更正”公开" in again.content.decode()
    assert PublishedEvaluation.objects.filter(plan=plan).count() == 1
    entry = Entry.objects.get(action="self_evaluation.published", object_id=plan.pk)
    assert entry.user == users["approver"] and "分" in entry.changes["self_evaluation"][1]


def test_a_draft_year_cannot_publish_its_self_evaluation(plan, users):
    with pytest.raises(EvaluationError) as refused:
        evaluation.self_evaluation_publish(plan=plan, user=users["approver"])
    assert refused.value.status == 409 and refused.value.message == e.PUBLISH_STATE.format(plan=plan, state="草稿")
    with pytest.raises(EvaluationError) as not_yet:
        approve(plan, users)
        plan.refresh_from_db()
        evaluation.self_evaluation_correct(plan=plan, reason="核对", user=users["approver"])
    assert not_yet.value.status == 409 and not_yet.value.message == e.NOT_PUBLISHED.format(plan=plan)


def test_the_api_publishes_shows_and_corrects_the_snapshot(plan, users):
    approve(plan, users)
    persons = Indicator.objects.get(project__plan=plan, project__code=P1, name="困难帮扶人数")
    evaluation.value_save(indicator=persons, fields={"actual": "406人"}, user=users["editor"])
    api = login(Client(), users["approver"])
    base = f"/api/plans/{plan.pk}/self-evaluation"
    missing = api.get(f"{base}/published")
    assert missing.status_code == 404 and missing.json()["message"] == e.NO_PUBLICATION.format(plan=plan)
    assert login(Client(), users["outsider"]).post(f"{base}/publish").status_code in (403, 404)
    published = api.post(f"{base}/publish").json()
    rows = {i["name"]: i for i in published["results"]["projects"][0]["indicators"]}
    assert (rows["困难帮扶人数"]["actual"], rows["困难帮扶人数"]["unit"]) == ("406人", "人")
    assert rows["困难帮扶人数"]["source"]["kind"] == "typed" and published["differences"] == []
    evaluation.value_save(indicator=persons, fields={"actual": "398人"}, user=users["editor"])
    shown = api.get(f"{base}/published").json()
    assert shown["results"] == published["results"]
    assert len(shown["differences"]) == 1 and "406人" in shown["differences"][0] and "398人" in shown["differences"][0]
    blank = api.post(f"{base}/corrections", {"reason": ""}, content_type="application/json")
    assert blank.status_code == 400 and blank.json()["message"] == e.CORRECTION_NEEDS_REASON
    corrected = api.post(f"{base}/corrections", {"reason": "按花名册核减重复登记8人"},
                         content_type="application/json").json()
    assert corrected["reason"] == "按花名册核减重复登记8人" and corrected["differences"] == []
    assert [p["reason"] for p in corrected["publications"]] == ["按花名册核减重复登记8人", ""]


@pytest.mark.parametrize("role, status", [("anonymous", 302), ("editor", 403), ("approver", 302), ("finance", 403),
                                          ("relief", 403), ("admin", 302), ("outsider", 404)])
def test_only_the_units_approver_or_an_administrator_publishes(plan, users, role, status):
    approve(plan, users)
    client = Client() if role == "anonymous" else login(Client(), users[role])
    answer = client.post(f"/evaluation/{plan.pk}/self-evaluation/publish/")
    assert answer.status_code == status
    published = PublishedEvaluation.objects.filter(plan=plan).exists()
    assert published == (role in ("approver", "admin"))
    if role == "anonymous":
        assert "/login/" in answer["Location"]
    api = Client() if role == "anonymous" else login(Client(), users[role])
    again = api.post(f"/api/plans/{plan.pk}/self-evaluation/publish")
    assert again.status_code == {"anonymous": 401, "approver": 409, "admin": 409}.get(role, status)


def test_records_that_no_longer_score_leave_the_public_and_the_tables_as_published(plan, users):
    approve(plan, users)
    goals.plan_publish(plan=plan, user=users["approver"])
    evaluation.self_evaluation_publish(plan=plan, user=users["approver"])
    before = public_results(None)
    assert "绩效自评结果" in before
    # A row an older version wrote, whose text is no value: the records cannot be scored now.
    from jixiao.web.evaluation.models import IndicatorValue

    IndicatorValue.objects.create(indicator=Indicator.objects.get(project__plan=plan, project__code=P1,
                                                                  name="困难帮扶人数"), actual="约四百")
    with pytest.raises(EvaluationError):
        selectors.scores(plan)
    assert public_results(None) == before
    unit = login(Client(), users["editor"])
    assert unit.get(f"/evaluation/{plan.pk}/tables/self-evaluation.pdf").status_code == 200
    shown = unit.get(f"/api/plans/{plan.pk}/self-evaluation/published").json()
    assert len(shown["differences"]) == 1 and shown["differences"][0].startswith("现在的记录无法计算自评结果：")
    assert "约四百" in shown["differences"][0]
