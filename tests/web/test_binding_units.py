"""Binding an indicator to a metric (issue 11 §3): a metric whose unit cannot be compared with the
target's is refused naming both units, on the page, in the API and in the service, and nothing
changes; every binding change (set, change, remove) is in the indicator's history."""

import re

import pytest
from django.test import Client

from jixiao.web.goals.models import Indicator
from jixiao.web.history.models import Entry
from jixiao.web.relief import errors as e
from jixiao.web.relief import services
from jixiao.web.relief.errors import ReliefError
from jixiao.web.relief.models import MetricBinding

from .conftest import approve, login
from .test_api_live import browser_login

P1 = "13032221GVUVTX63BWWCQ"


@pytest.fixture
def approved(plan, users):
    return approve(plan, users)


def indicator(plan, name: str, code: str = P1) -> Indicator:
    return Indicator.objects.get(project__plan=plan, project__code=code, name=name)


def entries(ind: Indicator) -> list[tuple[str, dict]]:
    return list(Entry.objects.filter(object_type="indicator", object_id=ind.pk, action__startswith="binding.")
                .order_by("id").values_list("action", "changes"))


def test_a_percent_metric_on_a_persons_indicator_is_refused_naming_both_units(approved, users):
    persons = indicator(approved, "困难帮扶人数")
    with pytest.raises(ReliefError) as refused:
        services.binding_set(indicator=persons, metric="survey_satisfaction", params={}, user=users["relief"])
    assert refused.value.code == e.BINDING_UNIT and refused.value.status == 400
    assert refused.value.message == e.BINDING_UNIT_MESSAGE.format(
        indicator="困难帮扶人数", target="≥400人", target_unit="人", metric="调查满意度", metric_unit="%")
    assert not MetricBinding.objects.filter(indicator=persons).exists() and entries(persons) == []


def test_a_refused_rebinding_keeps_the_published_binding_and_every_page_answers(approved, users, client):
    persons = indicator(approved, "困难帮扶人数")
    services.binding_set(indicator=persons, metric="persons_paid", params={}, user=users["relief"])
    editor = login(client, users["editor"])
    page = editor.post(f"/relief/actuals/{persons.pk}/bind/", {"metric": "compliance_rate"})
    text = page.content.decode()
    assert page.status_code == 400 and "“人”" in text and "“%”" in text and "发放合规率（按金额）" in text
    assert 'name="metric"' in text  # the form again, with the message beside it
    assert MetricBinding.objects.get(indicator=persons).metric == "persons_paid"
    for url in (f"/evaluation/{approved.pk}/monitoring/", f"/evaluation/{approved.pk}/self-evaluation/",
                f"/evaluation/{approved.pk}/tables/self-evaluation.pdf"):
        assert editor.get(url).status_code == 200, url


def test_the_api_refuses_an_incomparable_metric_with_its_code(approved, users):
    persons = indicator(approved, "困难帮扶人数")
    api = login(Client(), users["relief"])
    answer = api.put(f"/api/relief/bindings/{persons.pk}", {"metric": "checks_on_time_rate"},
                     content_type="application/json")
    body = answer.json()
    assert answer.status_code == 400 and body["code"] == e.BINDING_UNIT
    assert "“人”" in body["message"] and "“%”" in body["message"] and "按期体检率" in body["message"]
    assert not MetricBinding.objects.filter(indicator=persons).exists()


def test_a_qualitative_target_takes_no_metric(approved, users):
    needs = indicator(approved, "困难职工的生活需求")
    with pytest.raises(ReliefError) as refused:
        services.binding_set(indicator=needs, metric="compliance_rate", params={}, user=users["relief"])
    assert refused.value.message == e.BINDING_QUALITATIVE_MESSAGE.format(
        indicator="困难职工的生活需求", target="满足困难职工的生活需求", metric="发放合规率（按金额）", metric_unit="%")


def test_money_metrics_bind_to_money_targets_in_any_money_unit(approved, users):
    amount = indicator(approved, "每人保障补助标准金额")  # ≥500元
    assert services.binding_set(indicator=amount, metric="minimum_per_person", params={}, user=users["relief"])
    with pytest.raises(ReliefError):
        services.binding_set(indicator=amount, metric="persons_paid", params={}, user=users["relief"])  # 人 ≠ 元
    assert MetricBinding.objects.get(indicator=amount).metric == "minimum_per_person"


def test_every_binding_change_is_in_the_history_before_and_after(approved, users, client):
    persons = indicator(approved, "困难帮扶人数")
    relief = users["relief"]
    services.binding_set(indicator=persons, metric="persons_paid", params={}, user=relief)
    services.binding_set(indicator=persons, metric="persons_paid", params={}, user=relief)  # nothing changed
    services.binding_set(indicator=persons, metric="persons_paid", params={"round": "春节送温暖"}, user=relief)
    services.binding_set(indicator=persons, metric="checks_done", params={}, user=relief)
    services.binding_set(indicator=persons, metric="", params={}, user=relief)
    services.binding_set(indicator=persons, metric="", params={}, user=relief)  # already typed: nothing to log
    assert entries(persons) == [
        ("binding.set", {"metric": ["手工填报", "受助人数（一年内按人去重）"]}),
        ("binding.changed", {"metric": ["受助人数（一年内按人去重）", "受助人数（一年内按人去重）"],
                             "params": ["", "round=春节送温暖"]}),
        ("binding.changed", {"metric": ["受助人数（一年内按人去重）", "体检人数"], "params": ["round=春节送温暖", ""]}),
        ("binding.removed", {"metric": ["体检人数", "手工填报"]}),
    ]
    page = login(client, users["editor"]).get(f"/goals/indicators/{persons.pk}/edit/").content.decode()
    assert "更改指标取数口径" in page and "取消指标取数口径" in page and "体检人数" in page


def post_form(session, url: str, data: dict):
    return session.post(url, data={**data, "csrfmiddlewaretoken": session.cookies["csrftoken"]}, timeout=60,
                        headers={"Referer": url}, allow_redirects=False)


def _seen(page: str) -> str:
    return re.search(r'name="seen" value="([0-9a-f]+)"', page)[1]


@pytest.mark.django_db(transaction=True)
def test_a_binding_set_from_a_stale_page_is_refused_and_the_page_keeps_its_parameters(
        approved, users, live_server):
    """Two officers open the same indicator's page; the first binds it with a deadline, the second,
    still looking at 手工填报, saves: refused (409, Chinese), the first's binding and deadline kept. The
    form shows the binding's parameters, so saving the page unchanged keeps them."""
    persons = indicator(approved, "困难帮扶人数")
    url = f"{live_server.url}/relief/actuals/{persons.pk}/"
    first, second = browser_login(live_server.url, "relief"), browser_login(live_server.url, "editor")
    try:
        seen = [_seen(s.get(url, timeout=60).text) for s in (first, second)]
        form = {"metric": "persons_paid", "deadline": "2021-11-30", "round": ""}
        assert post_form(first, f"{url}bind/", {**form, "seen": seen[0]}).status_code == 302
        stale = post_form(second, f"{url}bind/", {"metric": "", "seen": seen[1]})
        assert stale.status_code == 409 and e.BINDING_STALE_MESSAGE in stale.text
        binding = MetricBinding.objects.get(indicator=persons)
        assert (binding.metric, binding.params) == ("persons_paid", {"deadline": "2021-11-30"})
        assert [a for a, _ in entries(persons)] == ["binding.set"]
        page = second.get(url, timeout=60).text  # refreshed: the deadline in its field, saved unchanged
        assert 'name="deadline" placeholder="截止日期（可选）" size="12" value="2021-11-30"' in page
        again = post_form(second, f"{url}bind/", {**form, "seen": _seen(page)})
        assert again.status_code == 302
        assert MetricBinding.objects.get(indicator=persons).params == {"deadline": "2021-11-30"}
        assert [a for a, _ in entries(persons)] == ["binding.set"]  # nothing changed: nothing logged
    finally:
        first.close()
        second.close()
