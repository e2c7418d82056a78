"""The number of database queries a page makes does not grow with its rows."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jixiao.web.evaluation.models import IndicatorValue, SpendingRecord
from jixiao.web.goals.models import Indicator, Plan, Project

from .conftest import approve, login


def grow(plan: Plan, copies: int, start: int = 0) -> None:
    """Copy the seed's three projects (with indicators, spending and values) `copies` times."""
    originals = list(plan.projects.filter(position__lt=100).prefetch_related("indicators"))
    for k in range(start, start + copies):
        for p in originals:
            new = Project.objects.create(plan=plan, position=100 + k, code=f"{p.code[:8]}{k:05d}{p.code[13:]}",
                                         name=f"{p.name}{k}", total=p.total, fiscal=p.fiscal, other=p.other,
                                         plan_12=100, goals=p.goals)
            for i in p.indicators.all():
                ind = Indicator.objects.create(project=new, position=i.position, level1=i.level1, level2=i.level2,
                                               name=i.name, target_raw=i.target_raw, op=i.op, value=i.value,
                                               unit=i.unit, inferred=i.inferred, basis=i.basis)
                IndicatorValue.objects.create(indicator=ind, actual="达成" if i.op == "qualitative" else
                                              f"{i.value}{i.unit}")
            SpendingRecord.objects.create(project=new, date="2021-05-01", amount=1000)


PAGES = ["/goals/", "/goals/projects/", "/goals/{plan}/", "/goals/projects/{project}/", "/evaluation/{plan}/monitoring/",
         "/evaluation/{plan}/self-evaluation/", "/api/plans/{plan}", "/public/711001/2021/"]


def count(client, url) -> int:
    """The queries of computing the page: `grow` writes rows without the history, so the cache (kept until
    the history has a new entry) is emptied first."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("page", PAGES)
def test_queries_do_not_grow_with_rows(client, users, plan, page):
    approve(plan, users)
    from jixiao.web.goals import services

    services.plan_publish(plan=plan, user=users["approver"])
    login(client, users["editor"])  # the unit's editor sees the most: forms, bindings, evidence
    project = plan.projects.first()
    url = page.format(plan=plan.pk, project=project.pk)
    grow(plan, 1)
    small = count(client, url)
    grow(plan, 9, start=1)
    assert plan.projects.count() == 33
    assert count(client, url) == small


def test_a_lists_total_is_counted_once_until_the_records_change(client, users, plan):
    from jixiao.web.goals import services

    grow(plan, 17)  # 3 + 51 projects: two pages
    login(client, users["finance"])
    assert "（54条）" in client.get("/goals/projects/").content.decode()
    with CaptureQueriesContext(connection) as again:
        assert "（54条）" in client.get("/goals/projects/?page=2").content.decode()
    assert not any("COUNT(*)" in q["sql"] for q in again.captured_queries)
    grow(plan, 1, start=17)  # written without the history: the total as counted stays
    assert "（54条）" in client.get("/goals/projects/").content.decode()
    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)  # a change the history keeps
    assert "（57条）" in client.get("/goals/projects/").content.decode()


def test_a_cached_list_page_is_each_users_own_and_follows_a_change(users, plan):
    from django.test import Client

    from jixiao.web.goals import services

    editor, outsider = login(Client(), users["editor"]), login(Client(), users["outsider"])
    name = plan.projects.order_by("position").first().name
    page = editor.get("/goals/projects/").content.decode()
    assert name in page and "<td>草稿</td>" in page and "<td>已提交</td>" not in page
    assert name not in outsider.get("/goals/projects/").content.decode()  # another unit's list, not the cached one
    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    page = editor.get("/goals/projects/").content.decode()
    assert "<td>已提交</td>" in page and "<td>草稿</td>" not in page
