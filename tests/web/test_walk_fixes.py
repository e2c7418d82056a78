"""What a careless user found on the pages (the walk of issue 13): each refusal in Chinese, naming the
field and what was typed, with nothing changed; checked on a live server with a browser's CSRF token."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
import requests

from jixiao.relief.synthetic import made_up_id
from jixiao.web.evaluation.models import SpendingRecord
from jixiao.web.goals.models import Unit
from jixiao.web.history.models import Entry
from jixiao.web.relief.models import HealthCheck, ModelWorker

from .conftest import approve
from .test_api_live import browser_login

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sessions():
    """HTTP sessions closed after the test: a kept-alive connection holds a server thread's database connection."""
    opened: list[requests.Session] = []
    yield opened
    for session in opened:
        session.close()


@pytest.fixture
def web(live_server, sessions):
    def make(name: str) -> requests.Session:
        session = browser_login(live_server.url, name)
        sessions.append(session)
        return session
    return make


def form_fields(page: str, marker: str) -> dict:
    """The fields of the form on `page` whose opening tag holds `marker`, as a browser would send them."""
    found = re.search(rf'<form[^>]*{marker}[^>]*>(.*?)</form>', page, re.S)
    assert found, f"no form with {marker}"
    return dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', found[1]))


def post(session: requests.Session, url: str, fields: dict) -> requests.Response:
    return session.post(url, timeout=60, allow_redirects=False, headers={"Referer": url},
                        data={**fields, "csrfmiddlewaretoken": session.cookies["csrftoken"]})


def counts() -> tuple:
    return Entry.objects.count(), SpendingRecord.objects.count(), HealthCheck.objects.count()


# ---------------------------------------------------------------- item 6: a check's cost on another year's project

def test_a_check_cost_charged_to_a_project_of_another_year_is_refused_naming_project_and_year(
        live_server, users, plan, web):
    approve(plan, users)
    project = plan.projects.order_by("id").first()
    worker = ModelWorker.objects.create(unit=Unit.objects.get(code="711001"), id_number=made_up_id(7),
                                        name="谢立青", level="省部级", year_honoured=2015)
    relief = web("relief")
    page, url = f"{live_server.url}/relief/workers/", f"{live_server.url}/relief/workers/{worker.pk}/check/"
    shown = form_fields(relief.get(page, timeout=60).text, f'action="/relief/workers/{worker.pk}/check/"')
    before = counts()
    answer = post(relief, url, {**shown, "year": "2022", "state": "已检", "date": "2022-05-01", "cost": "500",
                                "project": str(project.pk)})
    assert answer.status_code == 400, answer.text[:500]
    assert f"项目“{project.name}”不是该劳模所在单位2022年的项目" in answer.text
    assert counts() == before
    other = post(relief, url, {**shown, "year": "2021", "state": "已检", "date": "2021-05-01", "cost": "500",
                               "project": "999999"})
    assert other.status_code == 404 and "没有编号为999999的项目" in other.text
    assert counts() == before
    done = post(relief, url, {**shown, "year": "2021", "state": "已检", "date": "2021-05-01", "cost": "500",
                              "project": str(project.pk)})
    assert done.status_code == 302
    check = HealthCheck.objects.get(worker=worker, year=2021)
    assert check.project_id == project.pk and check.spending.amount == D("500.00")
