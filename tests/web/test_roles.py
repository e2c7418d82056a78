"""Every URL and API endpoint against every role, anonymous included."""

import pytest

from jixiao.web.goals.models import Indicator, Plan

from .conftest import approve, login

ROLES = ["anonymous", "editor", "approver", "finance", "relief", "admin", "outsider"]
LOGIN = "login"  # a page redirects an anonymous user to the login page


def expect(default, **per_role):
    return {role: per_role.get(role, default) for role in ROLES}


READ_PAGE = expect(200, anonymous=LOGIN, outsider=404)
READ_API = expect(200, anonymous=401, outsider=404)
PUBLIC = expect(200)

# (method, path template, what each role gets), on a draft plan.
DRAFT = [
    ("get", "/goals/", expect(200, anonymous=LOGIN)),
    ("get", "/goals/projects/", expect(200, anonymous=LOGIN)),
    ("get", "/goals/{plan}/", READ_PAGE),
    ("get", "/goals/projects/{project}/", READ_PAGE),
    ("get", "/goals/indicators/{indicator}/edit/", READ_PAGE),
    ("get", "/goals/{plan}/download.json", READ_PAGE),
    ("get", "/goals/upload/", expect(403, anonymous=LOGIN, editor=200, admin=200, outsider=200)),
    ("post", "/goals/{plan}/submit/", expect(403, anonymous=LOGIN, editor=302, admin=302, outsider=404)),
    ("post", "/goals/projects/{project}/save/", expect(403, anonymous=LOGIN, editor=302, admin=302, outsider=404)),
    ("post", "/goals/indicators/{indicator}/delete/", expect(403, anonymous=LOGIN, editor=302, admin=302,
                                                              outsider=404)),
    ("get", "/api/plans/", expect(200, anonymous=401)),
    ("get", "/api/plans/{plan}", READ_API),
    ("get", "/api/projects/{project}", READ_API),
    ("post", "/api/plans/{plan}/actions/submit", expect(403, anonymous=401, editor=200, admin=200, outsider=404)),
    ("get", "/", expect(200, editor=302, approver=302, finance=302, relief=302, admin=302, outsider=302)),
    ("get", "/api/public/plans", PUBLIC),
    ("get", "/public/711001/2021/", expect(404)),  # not published yet
    ("get", "/api/docs", PUBLIC),
    ("get", "/api/openapi.json", PUBLIC),
]
SUBMITTED = [
    ("post", "/goals/{plan}/unit_approve/", expect(403, anonymous=LOGIN, approver=302, admin=302, outsider=404)),
    ("post", "/goals/{plan}/unit_return/", expect(403, anonymous=LOGIN, approver=302, admin=302, outsider=404)),
    ("post", "/goals/projects/{project}/save/", expect(403, anonymous=LOGIN, editor=409, admin=409, outsider=404)),
]
IN_REVIEW = [
    ("post", "/goals/{plan}/grade/", expect(403, anonymous=LOGIN, finance=302, admin=302, outsider=404)),
    ("post", "/api/plans/{plan}/actions/grade", expect(403, anonymous=401, finance=200, admin=200, outsider=404)),
]
APPROVED = [
    ("get", "/evaluation/{plan}/monitoring/", READ_PAGE),
    ("get", "/evaluation/{plan}/self-evaluation/", READ_PAGE),
    ("get", "/evaluation/{plan}/tables/monitoring.xlsx", READ_PAGE),
    ("get", "/api/plans/{plan}/monitoring", READ_API),
    ("get", "/api/plans/{plan}/self-evaluation", READ_API),
    ("post", "/evaluation/{plan}/spending/", expect(403, anonymous=LOGIN, editor=302, admin=302, outsider=404)),
    ("post", "/evaluation/{plan}/values/{indicator}/", expect(403, anonymous=LOGIN, editor=302, admin=302,
                                                               outsider=404)),
    ("post", "/goals/indicators/{indicator}/adjust/", expect(403, anonymous=LOGIN, editor=302, admin=302,
                                                              outsider=404)),
    ("post", "/goals/{plan}/publish/", expect(403, anonymous=LOGIN, approver=302, finance=302, admin=302,
                                              outsider=404)),
]
PUBLISHED = [
    ("get", "/public/711001/2021/", PUBLIC),
    ("get", "/api/public/plans/711001/2021", PUBLIC),
]

RELIEF = [
    ("get", "/relief/register/", expect(200, anonymous=LOGIN)),
    ("get", "/relief/rounds/", expect(200, anonymous=LOGIN)),
    ("get", "/relief/rounds/{round}/", READ_PAGE),
    ("get", "/relief/rounds/{round}/bank.xlsx", expect(403, anonymous=LOGIN, relief=200, admin=200, outsider=404)),
    ("post", "/relief/rounds/{round}/approve/", expect(403, anonymous=LOGIN, approver=409, admin=409, outsider=404)),
    ("get", "/relief/workers/", expect(200, anonymous=LOGIN)),
    ("get", "/relief/standards/", expect(200, anonymous=LOGIN)),
    ("get", "/relief/surveys/", expect(200, anonymous=LOGIN)),
    ("get", "/relief/actuals/{indicator}/", READ_PAGE),
    ("post", "/relief/actuals/{indicator}/bind/", expect(403, anonymous=LOGIN, editor=302, relief=302, admin=302,
                                                          outsider=404)),
    ("get", "/api/relief/actuals/{project}", READ_API),
    ("post", "/api/relief/rounds/{round}/approve", expect(403, anonymous=401, approver=409, admin=409, outsider=404)),
]

DATA = {
    "/goals/projects/{project}/save/": lambda p: {"version": p.version, "code": p.code, "name": p.name, "total": "20",
                                                  "fiscal": "20", "other": "0", "plan_12": "100"},
    "/goals/indicators/{indicator}/delete/": lambda p: {"version": p.version},
    "/goals/{plan}/grade/": lambda p: {"grade": "良"},
    "/goals/{plan}/submit/": lambda p: {"confirm_warnings": "1"},
    "/goals/{plan}/unit_return/": lambda p: {"comment": "请修改"},
    "/evaluation/{plan}/spending/": lambda p: {"project": p.pk, "date": "2021-05-01", "amount": "100"},
    "/evaluation/{plan}/values/{indicator}/": lambda p: {"actual": "300人", "version": 0},
    "/goals/indicators/{indicator}/adjust/": lambda p: {"revised": "≥420人", "reason": "人数增加"},
    "/relief/actuals/{indicator}/bind/": lambda p: {"metric": "persons_paid"},
}
JSON = {"/api/plans/{plan}/actions/grade": {"grade": "良"}, "/api/plans/{plan}/actions/submit": {"confirm_warnings": True},
        "/api/relief/rounds/{round}/approve": {}}


def cases(stage, rows):
    return [pytest.param(stage, method, path, role, statuses[role], id=f"{stage}-{method}-{path}-{role}")
            for method, path, statuses in rows for role in ROLES]


def prepare(stage, plan, users):
    from jixiao.web.goals import services

    if stage in ("submitted", "in_review", "approved", "published"):
        services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    if stage in ("in_review", "approved", "published"):
        services.plan_unit_approve(plan=plan, user=users["approver"])
    if stage in ("approved", "published"):
        services.plan_grade(plan=plan, user=users["finance"], grade="良", comment="")
    if stage == "published":
        services.plan_publish(plan=plan, user=users["approver"])
    if stage == "relief":  # an approved round already: approving again is a conflict
        from datetime import date
        from decimal import Decimal

        from jixiao.relief.synthetic import made_up_id
        from jixiao.web.relief import services as relief
        from jixiao.web.relief.models import Standard

        prepare("approved", plan, users)
        Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=Decimal(500))
        relief.register_import(unit=plan.unit, rows=[["姓名", "身份证号", "银行账号", "开户银行"],
                                                     ["甲", made_up_id(1), "6228480000000000001", "中国农业银行昌黎县支行"]],
                               user=users["relief"])  # an account: the bank's list is refused without one
        r = relief.round_create(project=plan.projects.get(code="13032221GVUVTX63BWWCQ"), name="春节", kind="救助",
                                start=date(2021, 1, 15), end=date(2021, 2, 10), degrees=[], user=users["relief"])
        relief.round_approve(round_=r, user=users["approver"])


@pytest.mark.parametrize("stage, method, path, role, status",
                         cases("draft", DRAFT) + cases("submitted", SUBMITTED) + cases("in_review", IN_REVIEW)
                         + cases("approved", APPROVED) + cases("published", PUBLISHED) + cases("relief", RELIEF))
def test_role_matrix(client, users, plan, stage, method, path, role, status):
    prepare(stage, plan, users)
    project = plan.projects.get(code="13032221GVUVTX63BWWCQ")
    indicator = Indicator.objects.get(project=project, name="困难帮扶人数")
    from jixiao.web.relief.models import Round

    first_round = Round.objects.first()
    url = path.format(plan=plan.pk, project=project.pk, indicator=indicator.pk, round=first_round.pk if first_round else 0)
    if role != "anonymous":
        login(client, users[role])
    if method == "get":
        response = client.get(url)
    elif path in JSON:
        response = client.post(url, JSON[path], content_type="application/json")
    else:
        response = client.post(url, DATA.get(path, lambda p: {})(project))
    if status == LOGIN:
        assert response.status_code == 302 and response["Location"].startswith("/login/")
    else:
        assert response.status_code == status, response.content.decode()[:300]
    if status in (403, 404) and not url.startswith("/api/"):
        assert "<h1>" in response.content.decode() and "Traceback" not in response.content.decode()
    if status in (401, 403, 404) and url.startswith("/api/"):
        body = response.json()
        assert set(body) == {"code", "message", "fields"} and any("\u4e00" <= c <= "\u9fff" for c in body["message"])


def test_published_plans_stay_hidden_from_other_units_in_the_workspace(client, users, plan):
    approve(plan, users)
    response = login(client, users["outsider"]).get("/goals/")
    assert "昌黎县总工会本级" not in response.content.decode()
    assert Plan.objects.count() == 1
