"""Schemathesis against /api/openapi.json on a running server, with a Bearer token for each
role over a database holding the seed plan (approved, with next year's draft) and a year
of programme records: no 5xx, and no response outside its documented schema.

Bounded and repeatable: derandomized, no example database, EXAMPLES cases per operation
and role in each generation mode (positive: valid by the schema; negative: invalid)."""

from __future__ import annotations

import time
from datetime import date

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from jixiao.relief.synthetic import made_up_id
from jixiao.web.accounts.models import Token
from jixiao.web.goals import services as goal_services
from jixiao.web.goals.models import Indicator, Project
from jixiao.web.relief import services as relief_services
from jixiao.web.relief.models import Beneficiary, ModelWorker, Standard

from .conftest import approve

pytestmark = pytest.mark.django_db(transaction=True)
ROLES = ["editor", "approver", "finance", "relief", "admin"]
# per role: over the five roles, 15 cases per operation (10 valid by the schema, 5 not), and the
# explicit edge cases below (pages, dates, ids, numbers that are no numbers) once as 管理员
EXAMPLES = {GenerationMode.POSITIVE: 2, GenerationMode.NEGATIVE: 1}
HUGE = 10**30
# Values that once answered 500 (issue 13): pages out of range, as_of in year 1 or 9999, ids that are
# negative, zero or beyond any key, shares and amounts that are NaN, Infinity or longer than their column.
PAGES = [0, -1, HUGE, "abc"]
DATES = ["0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"]
IDS = [-1, 0, HUGE]
NUMBERS = ["NaN", "Infinity", "-Infinity", "sNaN", "1e10", 1e10, "123456789012345678901234567890", "12.345", -1]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
HEADER = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度"]


@pytest.fixture
def world(users, plan) -> dict[str, list]:
    """The seed plan approved with next year's draft made from it, an adjustment waiting, a register, a
    standard, a round, a model worker and a survey: the ids the cases use (and one that does not exist)."""
    approve(plan, users)
    draft = goal_services.plan_copy_next_year(plan=plan, user=users["editor"])
    indicator = plan.projects.first().indicators.first()
    adjustment = goal_services.adjustment_request(indicator=indicator, revised="≥350人", reason="经费压减",
                                                  user=users["editor"])
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=500)
    rows = [HEADER] + [[f"职工{k}", made_up_id(k), "13800000000", "县纺织厂", "3", "20000", "因病", "相对困难"]
                       for k in range(5)]
    relief_services.register_import(unit=plan.unit, rows=rows, user=users["relief"])
    relief_services.workers_import(unit=plan.unit, rows=[["姓名", "身份证号", "级别", "授予年份"],
                                                         ["甲", made_up_id(300), "省部级", "2015"]], user=users["relief"])
    project = plan.projects.first()
    round_ = relief_services.round_create(project=project, name="2021年春节送温暖", kind="救助",
                                          start=date(2021, 1, 15), end=date(2021, 2, 10), degrees=[],
                                          user=users["relief"])
    survey = relief_services.survey_create(project=project, name="满意度", questions=["总体评价"], user=users["relief"])
    from jixiao.web.rectification import services as rectification
    item = rectification.rectification_create(unit=plan.unit, year=2021, source_kind="audit", user=users["editor"],
                                              fields={"problem": "发放台账缺少签字"})
    from jixiao.web.department import services as department
    staffing = department.staffing_create(unit=plan.unit, year=2021, user=users["editor"], fields={
        "unit_name": "昌黎县总工会机关", "posts": 6, "in_post": 6, "retired": 19})
    spending = department.basic_spending_create(unit=plan.unit, year=2021, user=users["editor"], fields={
        "date": "2021-03-31", "kind": "人员经费", "amount": "210,000"})
    from jixiao.web.department import goal_services as unit_goals
    from jixiao.web.department.models import UnitIndicator
    unit_goals.unit_indicator_create(plan=draft, goal=0, user=users["editor"], fields={
        "level1": "产出指标", "level2": "数量指标", "name": "救助人数", "description": "", "target_raw": "≥420人",
        "basis": ""})
    from jixiao.web.library import services as library
    from jixiao.web.library.models import LibraryEntry
    library.library_seed()  # a live server's test empties the tables after it: the shipped entries again
    entries = list(LibraryEntry.objects.order_by("id").values_list("pk", flat=True)[:2])
    from jixiao.web.evaluation import second_monitoring as second
    task = second.second_monitoring_open(plan=plan, project=plan.projects.get(code=second.needs(plan)[0].code),
                                         as_of=date(2021, 8, 31), user=users["finance"])
    missing = 999999
    projects = list(Project.objects.filter(plan__in=[plan, draft]).values_list("pk", flat=True))
    return {
        "plan_id": [plan.pk, draft.pk, missing],
        "project_id": projects + [missing],
        "indicator_id": list(Indicator.objects.filter(project_id__in=projects).order_by("id")
                             .values_list("pk", flat=True)[:12]) + [missing]
        + list(UnitIndicator.objects.values_list("pk", flat=True)),  # a unit-wide one's, the draft's among them
        "adjustment_id": [adjustment.pk, missing],
        "round_id": [round_.pk, missing],
        "person_id": list(Beneficiary.objects.values_list("pk", flat=True)) + [missing],
        "worker_id": list(ModelWorker.objects.values_list("pk", flat=True)) + [missing],
        "survey_id": [survey.pk, missing],
        "item_id": [item.pk, missing],
        "task_id": [task.pk, missing],
        "staffing_id": [staffing.pk, missing],
        "spending_id": [spending.pk, missing],
        "entry_id": entries + [missing],
        "code": ["711001", "726001", "000000"],
        "unit_code": ["711001", "726001"],
        "year": [2021, 2022],
        "goal": [0, 2, 7],  # a 分项目标 of the unit-wide goals (the seed has three)
        "login": ["editor", "approver", "finance", "relief", "outsider", "nobody"],  # not admin: it runs the cases
        "project": projects + [missing],  # in bodies
        "round": [round_.pk],
        "unit": ["711001", "726001"],
    }


def _with_real_ids(case, ids: dict):
    """A positive case aimed at the objects that exist: its path ids and its body's references replaced."""
    for name in list(case.path_parameters or {}):
        if name in ids:
            case.path_parameters[name] = ids[name]
    if isinstance(case.body, dict):
        for name in ("project", "round", "unit"):
            if name in case.body and name in ids:
                case.body[name] = ids[name]
    return case


def _choices(pools: dict, names) -> st.SearchStrategy:
    return st.fixed_dictionaries({name: st.sampled_from(pools[name]) for name in names if name in pools})


def _fuzz(operation, mode: GenerationMode, examples: int, pools: dict, base: str, session: requests.Session,
          failures: list, statuses: dict):
    strategy = operation.as_strategy(generation_mode=mode)
    if mode == GenerationMode.POSITIVE:
        names = [p.name for p in operation.path_parameters] + ["project", "round", "unit"]
        strategy = st.tuples(strategy, _choices(pools, names)).map(lambda pair: _with_real_ids(*pair))

    @settings(max_examples=examples, derandomize=True, database=None, deadline=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=strategy)
    def run(case):
        response = case.call(base_url=base, session=session, timeout=120)  # a PDF on a busy machine
        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        try:
            case.validate_response(response, checks=CHECKS)
        except Exception as exc:  # collected: one report of every operation that failed
            failures.append(f"{mode.value} {case.method} {case.formatted_path}: {type(exc).__name__}: "
                            f"{str(exc)[:600]}")

    try:
        run()
    except Unsatisfiable:  # nothing to make invalid: an operation without parameters or body
        assert mode == GenerationMode.NEGATIVE, operation.label


@pytest.mark.parametrize("role", ROLES)
def test_the_api_keeps_to_its_schema(live_server, users, world, role, settings):
    settings.MEDIA_ROOT = settings.MEDIA_ROOT.parent / "test-media-schemathesis"
    started = time.monotonic()
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {Token.issue(users[role])}"
    failures: list[str] = []
    statuses: dict[int, int] = {}
    timings: list[tuple[float, str]] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40  # every area's operations are in the schema
    try:
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                begun = time.monotonic()
                _fuzz(operation, mode, EXAMPLES[mode], world, live_server.url, session, failures, statuses)
                timings.append((time.monotonic() - begun, f"{mode.value} {operation.label}"))
    finally:
        session.close()  # a kept-alive connection would hold the server thread's database connection
    print(f"{role}: {len(operations)} operations, {sum(statuses.values())} requests in "
          f"{time.monotonic() - started:.1f}s; statuses {dict(sorted(statuses.items()))}; slowest:",
          "; ".join(f"{label} {seconds:.1f}s" for seconds, label in sorted(timings)[-5:]))
    assert not failures, "\n".join(sorted(set(failures)))


def _edge_cases(operation, world: dict):
    """The explicit cases for one operation: each edge value in the one place it goes, the rest real."""
    path = {p.name: world[p.name][0] for p in operation.path_parameters if p.name in world}
    for p in operation.path_parameters:
        path.setdefault(p.name, {"table": "monitoring", "fmt": "xlsx", "kind": "spending", "action": "submit",
                                 "direction": "up"}.get(p.name, 999999 if p.name.endswith("_id") else "x"))
    queries = {p.name for p in operation.query}
    cases = []
    for name in [p.name for p in operation.path_parameters if p.name.endswith("_id")]:
        cases += [operation.Case(path_parameters=path | {name: bad}) for bad in IDS]
    if "page" in queries:
        cases += [operation.Case(path_parameters=path, query={"page": bad}) for bad in PAGES]
    if "as_of" in queries:
        cases += [operation.Case(path_parameters=path, query={"as_of": bad}) for bad in DATES]
    body = {"share": {"actual": "达成"}, "amount": {"project": world["project_id"][0], "date": "2021-05-01", "note": ""},
            "deadline": {"metric": "persons_paid", "round": "2021年春节送温暖"},
            "date": {"project": world["project_id"][0], "amount": "1,234.50", "note": "", "status": "脱困",
                     "name": "问卷", "questions": ["总体评价"]},
            "as_of": {"note": ""}}
    properties = _body_properties(operation)
    for field, rest in body.items():
        if field in properties:
            bad = NUMBERS if field in ("share", "amount") else DATES
            cases += [operation.Case(path_parameters=path, body={k: v for k, v in rest.items() if k in properties}
                                     | {field: value}, media_type="application/json") for value in bad]
    if {"deadline", "round"} <= properties:  # a round and no deadline
        cases.append(operation.Case(path_parameters=path, body={"metric": "rounds_on_time", "round": "2021年春节送温暖"},
                                    media_type="application/json"))
    return cases


def _body_properties(operation) -> set[str]:
    try:
        schema = operation.definition.raw["requestBody"]["content"]["application/json"]["schema"]
    except KeyError:
        return set()
    ref = schema.get("$ref", "")
    if ref:
        schema = operation.schema.raw_schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return set(schema.get("properties", {}))


def test_the_edge_cases_that_once_answered_500(live_server, users, world, settings):
    """Pages, dates, ids and numbers at and beyond their bounds, sent to every operation that takes them:
    no 5xx, every status documented, every error body the schema's."""
    settings.MEDIA_ROOT = settings.MEDIA_ROOT.parent / "test-media-schemathesis"
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {Token.issue(users['admin'])}"
    failures: list[str] = []
    statuses: dict[int, int] = {}
    sent = 0
    try:
        for operation in [result.ok() for result in schema.get_all_operations()]:
            for case in _edge_cases(operation, world):
                response = case.call(base_url=live_server.url, session=session, timeout=120)
                sent += 1
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                try:
                    case.validate_response(response, checks=CHECKS)
                except Exception as exc:
                    failures.append(f"{case.method} {case.formatted_path} {case.query or ''} {case.body if case.body is not None else ''}: "
                                    f"{type(exc).__name__}: {str(exc)[:400]}")
    finally:
        session.close()
    print(f"edge cases: {sent} requests; statuses {dict(sorted(statuses.items()))}")
    assert sent >= 150 and 500 not in statuses
    assert not failures, "\n".join(sorted(set(failures)))


def test_every_operation_documents_its_error_statuses(client):
    """Each operation declares the errors it may answer (400, 401, 403, 404, 409, 422) with the one error
    body, and never a 5xx: schemathesis' status check then holds every answer to them."""
    schema = client.get("/api/openapi.json").json()
    missing = {}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            lacking = [s for s in ("400", "401", "403", "404", "409", "422") if s not in responses
                       or "ErrorOut" not in str(responses[s].get("content", {}))]
            if lacking or any(s.startswith("5") for s in responses):
                missing[f"{method.upper()} {path}"] = lacking
    assert len(schema["paths"]) >= 40 and not missing, missing
