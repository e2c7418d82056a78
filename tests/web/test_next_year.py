"""Next year built on this one: the copy carries bindings, standards, questionnaires and the
unit-wide part with the plan year moved; every indicator shows last year's target and actual
(历史标准) on the project page, in the API and in the review; the demo's 2022 draft computes its
bound indicators from records and warns where a target falls below 2021's actual."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.web.goals import services
from jixiao.web.goals.convert import plan_document
from jixiao.web.goals.errors import EXISTS_NEXT_YEAR_MESSAGE, StateError
from jixiao.web.goals.models import Indicator, Plan
from jixiao.web.goals.previous import last_year_of, plan_previous
from jixiao.web.history.models import Entry
from jixiao.web.relief import services as relief_services
from jixiao.web.relief.models import MetricBinding, Standard, Survey, SurveyResponse
from jixiao.web.relief.selectors import actuals_report, metric_value

from .conftest import SEED, login
from .test_api_live import browser_login

P1, P2, P3 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098", "13032221W892NIM0EVGFV"


def _indicator(plan: Plan, code: str, name: str) -> Indicator:
    return Indicator.objects.get(project__plan=plan, project__code=code, name=name)


@pytest.fixture
def year(plan, users) -> Plan:
    """The seed's 2021 with what makes a year work: bindings (one with a deadline, one with a round named by
    the year, one with a round that names no year), standards and a survey with answers."""
    admin, relief = users["admin"], users["relief"]
    relief_services.binding_set(indicator=_indicator(plan, P1, "困难帮扶人数"), metric="persons_paid", params={},
                                user=admin)
    relief_services.binding_set(indicator=_indicator(plan, P2, "组织完成省部级劳模体检及时率"),
                                metric="checks_on_time_rate", params={"deadline": "2021-11-30"}, user=admin)
    relief_services.binding_set(indicator=_indicator(plan, P1, "受帮扶困难职工满意度"), metric="survey_satisfaction",
                                params={"round": "2021年春节送温暖"}, user=admin)
    relief_services.binding_set(indicator=_indicator(plan, P3, "受救助困难职工满意度"), metric="survey_satisfaction",
                                params={"round": "春节送温暖"}, user=admin)
    for kind, amount in (("救助", 500), ("专项救助", 12100)):
        relief_services.standard_set(unit=plan.unit, year=2021, kind=kind, degree="", cause="", amount=D(amount),
                                     user=relief)
    survey = relief_services.survey_create(project=plan.projects.get(code=P1), name="2021年春节送温暖回访",
                                           questions=["对救助的总体评价", "对发放及时性的评价"], user=relief,
                                           on=date(2021, 2, 22))
    SurveyResponse.objects.create(survey=survey, answers=[5, 4], date=date(2021, 2, 23))
    Indicator.objects.filter(pk=_indicator(plan, P3, "困难职工帮扶人数").pk).update(basis="冀财规（2021）24号")
    return plan


def test_the_copy_carries_bindings_standards_questionnaires_and_moves_the_year(year, users):
    new = services.plan_copy_next_year(plan=year, user=users["editor"])
    assert new.year == 2022 and new.state == Plan.DRAFT
    bindings = {(b.indicator.project.code, b.indicator.name): (b.metric, b.params)
                for b in MetricBinding.objects.filter(indicator__project__plan=new).select_related("indicator__project")}
    assert bindings == {
        (P1, "困难帮扶人数"): ("persons_paid", {}),
        (P2, "组织完成省部级劳模体检及时率"): ("checks_on_time_rate", {"deadline": "2022-11-30"}),
        (P1, "受帮扶困难职工满意度"): ("survey_satisfaction", {"round": "2022年春节送温暖"}),
        (P3, "受救助困难职工满意度"): ("survey_satisfaction", {"round": "春节送温暖"}),  # kept, flagged below
    }
    assert MetricBinding.objects.filter(indicator__project__plan=year).count() == 4  # last year's stay
    assert sorted(Standard.objects.filter(year=2022).values_list("kind", "amount")) == [("专项救助", D(12100)),
                                                                                        ("救助", D(500))]
    survey = Survey.objects.get(project__plan=new)
    assert (survey.name, survey.date, survey.questions, survey.round) == (
        "2022年春节送温暖回访", date(2022, 2, 22), ["对救助的总体评价", "对发放及时性的评价"], None)
    assert not SurveyResponse.objects.filter(survey=survey).exists()  # a questionnaire, not its answers
    # The plan year moved in the copied text; a document number's year stays.
    p3 = new.projects.get(code=P3)
    assert p3.name == "提前下达2022年困难职工及劳模帮扶救助专项资金"
    assert "2022年县总工会将救助" in new.department["overall_goal"]
    assert "2021" not in new.department["overall_goal"]
    described = _indicator(new, P1, "困难帮扶人数").description
    assert described.startswith("2022年12月31日前")
    assert _indicator(new, P3, "困难职工帮扶人数").basis == "冀财规（2021）24号"  # a document's number
    # One entry in the new plan's history names what was carried and what to read.
    entry = Entry.objects.get(action="plan.copied", object_id=new.pk)
    assert entry.note.startswith("由2021年计划生成：3个项目、27个指标、4个取数口径、2项救助标准、1份问卷、部门整体绩效目标")
    assert "仍写着2021年、请核对" in entry.note and "发放轮次“春节送温暖”" in entry.note


def test_standards_the_new_year_already_has_are_kept(year, users):
    relief_services.standard_set(unit=year.unit, year=2022, kind="救助", degree="", cause="", amount=D(600),
                                 user=users["relief"])
    new = services.plan_copy_next_year(plan=year, user=users["editor"])
    assert list(Standard.objects.filter(year=2022).values_list("kind", "amount")) == [("救助", D(600))]
    assert "0项救助标准" in Entry.objects.get(action="plan.copied", object_id=new.pk).note


def test_copying_a_year_that_exists_is_refused_and_changes_nothing(year, users):
    services.plan_copy_next_year(plan=year, user=users["editor"])
    with pytest.raises(StateError) as raised:
        services.plan_copy_next_year(plan=year, user=users["editor"])
    assert raised.value.message == EXISTS_NEXT_YEAR_MESSAGE.format(unit="昌黎县总工会本级", year=2022)
    assert Plan.objects.filter(year=2022).count() == 1 and Survey.objects.filter(date__year=2022).count() == 1
    assert MetricBinding.objects.filter(indicator__project__plan__year=2022).count() == 4


def test_text_that_still_names_the_old_year_is_found_by_the_review(year, users):
    new = services.plan_copy_next_year(plan=year, user=users["editor"])
    indicator = _indicator(new, P1, "困难帮扶人数")
    Indicator.objects.filter(pk=indicator.pk).update(basis="按2021-12底名册核定")  # as a person might paste it
    from jixiao.review import review_document

    found = [f for f in review_document(plan_document(new), previous=plan_previous(new)).findings
             if f.code == "history-old-year"]
    assert [(f.indicator, f.field, f.severity) for f in found] == [("困难帮扶人数", "basis", "warning")]
    assert "确定依据仍写着2021年" in found[0].message
    # The same text in a plan without a predecessor is not a copy's leftover.
    assert not [f for f in review_document(plan_document(year)).findings if f.code == "history-old-year"]


@pytest.fixture
def demo(db):
    from jixiao.web.demo import load_demo

    load_demo(SEED)
    return Plan.objects.get(year=2021), Plan.objects.get(year=2022)


def test_the_demo_draft_computes_its_bound_indicators_from_records(demo):
    last, draft = demo
    assert MetricBinding.objects.filter(indicator__project__plan=draft).count() == \
        MetricBinding.objects.filter(indicator__project__plan=last).count() == 13
    persons = _indicator(draft, P1, "困难帮扶人数")
    assert persons.binding.metric == "persons_paid"
    value = metric_value(persons)
    assert value is not None and value.value == 0 and value.unit == "人"  # nobody paid in 2022 yet
    row = next(r for r in actuals_report(persons.project)["indicators"] if r["name"] == "困难帮扶人数")
    assert row["metric"] == "persons_paid" and row["provenance"]["kind"] == "computed"
    on_time = _indicator(draft, P2, "组织完成省部级劳模体检及时率")
    assert on_time.binding.params == {"deadline": "2022-11-30"}
    assert Standard.objects.filter(unit=draft.unit, year=2022).count() == 2
    assert Survey.objects.filter(project__plan=draft).count() == 4


def test_the_demo_draft_shows_last_year_and_warns_where_a_target_is_below_it(demo, client, users_of_demo):
    last, draft = demo
    previous = plan_previous(draft)
    assert previous is not None and previous.year == 2021
    helped = _indicator(draft, P3, "困难职工帮扶人数")
    row = last_year_of(draft, previous)[helped.pk]
    assert (row.target, row.actual, row.actual_text) == ("≥10人", D(12), "12人")
    persons = last_year_of(draft, previous)[_indicator(draft, P1, "困难帮扶人数").pk]
    assert (persons.target, persons.actual_text) == ("≥400人", "394人")  # computed from 2021's payments
    from jixiao.review import review_document

    found = {(f.code, f.indicator) for f in review_document(plan_document(draft), previous=previous).findings}
    assert ("history-below-last-actual", "困难职工帮扶人数") in found
    assert ("history-target-unchanged", "困难职工帮扶人数") in found
    assert ("history-below-last-actual", "困难帮扶人数") not in found  # 394 did not reach 400
    page = login(client, users_of_demo).get(f"/goals/projects/{helped.project_id}/").content.decode()
    assert "2021年指标值" in page and "2021年实际完成值" in page and "12人" in page
    assert "低于2021年实际完成值12人" in page  # the finding beside the form
    api = client.get(f"/api/indicators/{helped.pk}").json()
    assert api["last_year"] == {"year": 2021, "target": "≥10人", "actual": "12人"}
    assert client.get(f"/api/indicators/{_indicator(last, P3, '困难职工帮扶人数').pk}").json()["last_year"] is None


@pytest.fixture
def users_of_demo(demo, django_user_model):
    return django_user_model.objects.get(username="editor")


@pytest.mark.django_db(transaction=True)
def test_the_copy_on_a_live_server_by_session_and_csrf(live_server, year, users):
    session = browser_login(live_server.url, "editor")
    try:
        url = f"{live_server.url}/api/plans/{year.pk}/actions/copy"
        refused = session.post(url, json={}, timeout=60)
        assert refused.status_code == 403  # a session without its CSRF token
        headers = {"X-CSRFToken": session.cookies["csrftoken"], "Referer": f"{live_server.url}/"}
        answer = session.post(url, json={}, headers=headers, timeout=60)
        assert answer.status_code == 200, answer.text
        new = Plan.objects.get(pk=answer.json()["id"])
        assert new.year == 2022 and MetricBinding.objects.filter(indicator__project__plan=new).count() == 4
        again = session.post(url, json={}, headers=headers, timeout=60)
        assert again.status_code == 409 and again.json()["message"] == EXISTS_NEXT_YEAR_MESSAGE.format(
            unit="昌黎县总工会本级", year=2022)
        page = session.get(f"{live_server.url}/goals/projects/{new.projects.get(code=P1).pk}/", timeout=60).text
        assert "2021年指标值" in page and "≥400人" in page
    finally:
        session.close()


def test_the_copy_from_the_plans_page_with_its_csrf_token(year, users):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["editor"])
    page = browser.get(f"/goals/{year.pk}/")
    assert page.status_code == 200
    assert browser.post(f"/goals/{year.pk}/copy/").status_code == 403  # no CSRF token: refused, nothing made
    assert not Plan.objects.filter(year=2022).exists()
    answer = browser.post(f"/goals/{year.pk}/copy/", {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value})
    new = Plan.objects.get(year=2022)
    assert answer.status_code == 302 and answer["Location"] == f"/goals/{new.pk}/"
    shown = browser.get(answer["Location"]).content.decode()
    assert "由上年计划生成" in shown and "由2021年计划生成：3个项目、27个指标、4个取数口径" in shown
    assert "发放轮次“春节送温暖”" in shown  # what to read, named in the history on the page
    again = browser.post(f"/goals/{year.pk}/copy/", {"csrfmiddlewaretoken": browser.cookies["csrftoken"].value},
                         follow=True)
    assert EXISTS_NEXT_YEAR_MESSAGE.format(unit="昌黎县总工会本级", year=2022) in again.content.decode()
    assert Plan.objects.filter(year=2022).count() == 1


def test_binding_parameters_move_a_year_or_are_flagged():
    from jixiao.web.relief.copy import binding_params

    flagged: list[str] = []
    assert binding_params({"deadline": "2020-02-29", "round": "2020年国庆救助"}, 2020, 2021, "指标“甲”", flagged) == \
        {"deadline": "2021-02-28", "round": "2021年国庆救助"}
    assert flagged == []
    assert binding_params({"deadline": "月底", "round": "国庆救助", "levels": ["省部级"]}, 2021, 2022, "指标“乙”",
                          flagged) == {"deadline": "月底", "round": "国庆救助", "levels": ["省部级"]}
    assert flagged == ["指标“乙”的截止日期“月底”", "指标“乙”的发放轮次“国庆救助”"]
