"""The JSON API under /api/ (django-ninja): the same services, selectors and
permissions as the pages; session or token authentication; errors as
{"code", "message", "fields"} in Chinese."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import File, NinjaAPI, Router, Schema
from ninja.errors import AuthenticationError, ValidationError
from ninja.files import UploadedFile
from ninja.security import HttpBearer, django_auth

from ..core.problems import ReadError
from ..formats.evaluation_json import monitor_json, score_json
from ..formats.jixiao_json import project_dict, to_dict
from ..formats.reader import read_bytes
from ..review import review_document
from .accounts.models import Token
from .errors import TITLES
from .goals import selectors, services
from .goals.convert import plan_document, project_core
from .goals.errors import GoalsError
from .goals.forms import ProjectForm


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        found = Token.objects.select_related("user").filter(digest=Token.hash(token)).first()
        if found and found.user.is_active:
            request.user = found.user
            return found.user
        return None


api = NinjaAPI(title="jixiao 绩效 API", version="1", auth=[django_auth, BearerToken()],
               docs_url="/docs", urls_namespace="api")


def _error(request, status: int, code: str, message: str, fields: dict | None = None):
    return api.create_response(request, {"code": code, "message": message, "fields": fields or {}}, status=status)


@api.exception_handler(GoalsError)
def goals_error(request, exc):
    return _error(request, exc.status, exc.code, exc.message)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return _error(request, 403, "forbidden", str(exc) or TITLES[403])


@api.exception_handler(Http404)
def missing(request, exc):
    return _error(request, 404, "not_found", str(exc) or TITLES[404])


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return _error(request, 401, "unauthenticated", "请先登录或提供有效的令牌")


PYDANTIC_MESSAGES = {"missing": "缺少此字段", "int_parsing": "应为整数", "int_type": "应为整数", "string_type": "应为文本",
                     "json_invalid": "JSON格式错误", "list_type": "应为列表", "bool_parsing": "应为true或false",
                     "date_from_datetime_parsing": "应为日期，如2021-07-31", "date_parsing": "应为日期，如2021-07-31"}


@api.exception_handler(ValidationError)
def malformed(request, exc):
    fields = {}
    for e in exc.errors:
        loc = [str(p) for p in e.get("loc", []) if p not in ("body", "payload", "query", "path", "file")]
        fields[".".join(loc) or "请求"] = PYDANTIC_MESSAGES.get(e.get("type"), "取值不合要求")
    message = "请求格式不正确：" + "；".join(f"{k}{v}" for k, v in fields.items())
    return _error(request, 422, "malformed", message, fields)


class PlanOut(Schema):
    id: int
    unit_code: str
    unit_name: str
    year: int
    state: str
    state_label: str
    grade: str
    proposed_grade: str
    version: int


def _plan_out(plan) -> dict:
    return {"id": plan.pk, "unit_code": plan.unit.code, "unit_name": plan.unit.name, "year": plan.year,
            "state": plan.state, "state_label": plan.get_state_display(), "grade": plan.grade,
            "proposed_grade": plan.proposed_grade, "version": plan.version}


plans = Router(tags=["绩效目标"])


@plans.get("/", response=list[PlanOut])
def plan_list(request, year: int | None = None, state: str | None = None):
    return [_plan_out(p) for p in selectors.plan_list(user=request.user, filters={"year": year, "state": state})]


@plans.get("/{plan_id}")
def plan_detail(request, plan_id: int):
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    document = plan_document(plan)
    review = review_document(document)
    return {**_plan_out(plan), "document": to_dict(document), "review": {
        "grade": review.grade, "ruleset": review.ruleset, "findings": [f.__dict__ for f in review.findings]},
        "projects": [{"id": p.pk, "code": p.code, "version": p.version} for p in plan.projects.all()]}


@plans.post("/")
def plan_upload(request, file: File[UploadedFile]):
    try:
        document, problems = read_bytes(file.read(), file.name)
    except ReadError as exc:
        raise GoalsError(exc.code, f"{file.name}：{exc.message}") from None
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        return _error(request, 400, "invalid_document", f"{file.name}有{len(errors)}处错误，未导入",
                      {p.place or str(k): p.message for k, p in enumerate(errors)})
    plan = services.plan_import(document=document, user=request.user)
    return _plan_out(plan)


class ActionIn(Schema):
    grade: str = ""
    comment: str = ""


@plans.post("/{plan_id}/actions/{action}")
def plan_action(request, plan_id: int, action: str, payload: ActionIn):
    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    user = request.user
    handlers = {
        "submit": lambda: services.plan_submit(plan=plan, user=user),
        "unit_approve": lambda: services.plan_unit_approve(plan=plan, user=user),
        "unit_return": lambda: services.plan_unit_return(plan=plan, user=user, comment=payload.comment),
        "grade": lambda: services.plan_grade(plan=plan, user=user, grade=payload.grade, comment=payload.comment),
        "publish": lambda: services.plan_publish(plan=plan, user=user),
    }
    if action not in handlers:
        raise GoalsError("action", f"没有操作“{action}”，可用：{'、'.join(handlers)}")
    return _plan_out(handlers[action]())


projects = Router(tags=["项目"])


class ProjectIn(Schema):
    version: int
    code: str
    name: str
    total: str
    fiscal: str
    other: str
    purpose: str = ""
    plan_3: str = ""
    plan_6: str = ""
    plan_10: str = ""
    plan_12: str = ""
    goals: list[str] = []


@projects.get("/{project_id}")
def project_detail(request, project_id: int):
    project = selectors.project_get(user=request.user, project_id=project_id)
    document = plan_document(selectors.plan_get(user=request.user, plan_id=project.plan_id))
    return {"id": project.pk, "plan_id": project.plan_id, "version": project.version,
            **project_dict(project_core(project)),
            "findings": [f.__dict__ for f in review_document(document).findings if f.project == project.code]}


@projects.put("/{project_id}")
def project_update(request, project_id: int, payload: ProjectIn):
    """Amounts in 万元 as strings, as the forms take them; the version you read, or 409."""
    project = selectors.project_get(user=request.user, project_id=project_id)
    data = payload.dict()
    data["goals"] = "\n".join(payload.goals)
    form = ProjectForm(data)
    if not form.is_valid():
        return _error(request, 400, "invalid", "字段有误", {k: v[0] for k, v in form.errors.items()})
    services.project_update(project=project, fields=form.fields_to_save(), version=payload.version, user=request.user)
    return {"id": project.pk, "version": project.version}


evaluation = Router(tags=["监控与自评"])


@evaluation.get("/{plan_id}/monitoring")
def monitoring(request, plan_id: int, as_of: date | None = None):
    from .evaluation import selectors as evaluation_selectors

    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    when, rows = evaluation_selectors.monitoring(plan, as_of)
    return monitor_json(when, rows, "CZ-2020-10")


@evaluation.get("/{plan_id}/self-evaluation")
def self_evaluation(request, plan_id: int):
    from .evaluation import selectors as evaluation_selectors

    plan = selectors.plan_get(user=request.user, plan_id=plan_id)
    return score_json(evaluation_selectors.scores(plan), "CZ-2020-10")


public = Router(tags=["公开"], auth=None)


@public.get("/plans", response=list[PlanOut])
def public_plans(request):
    return [_plan_out(p) for p in selectors.published_plans()]


@public.get("/plans/{unit_code}/{year}")
def public_plan(request, unit_code: str, year: int):
    plan = selectors.published_plan(unit_code=unit_code, year=year)
    return {**_plan_out(plan), "document": to_dict(plan_document(plan))}


relief = Router(tags=["帮扶业务"])


@relief.get("/actuals/{project_id}")
def relief_actuals(request, project_id: int):
    from .relief.selectors import actuals_report

    return actuals_report(selectors.project_get(user=request.user, project_id=project_id))


@relief.get("/register")
def relief_register(request, page: int = 1, q: str = ""):
    """The register, 50 a page; ID numbers and phones masked except for the unit's relief officers."""
    from .relief.selectors import beneficiary_list, masked, sees_personal_data

    rows = beneficiary_list(user=request.user, q=q)[(page - 1) * 50: page * 50]
    return [{"id": p.pk, "unit": p.unit.code, "name": p.name, **masked(p, sees_personal_data(request.user, p.unit_id)),
             "cause": p.cause, "degree": p.degree, "status": p.status} for p in rows]


@relief.post("/rounds/{round_id}/approve")
def relief_round_approve(request, round_id: int):
    from .relief import selectors as relief_selectors
    from .relief import services as relief_services

    count = relief_services.round_approve(round_=relief_selectors.round_get(user=request.user, round_id=round_id),
                                          user=request.user)
    return {"round": round_id, "entries": count}


api.add_router("/relief", relief)
api.add_router("/plans", plans)
api.add_router("/projects", projects)
api.add_router("/plans", evaluation)
api.add_router("/public", public)
