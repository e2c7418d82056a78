"""Writes: every change checked against the user's role and the plan's state,
atomic, recorded in the history. Views and the API call only these."""

from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from ...core import document as core
from ...core.bounds import check_number
from ...core.checks import duplicate_projects, magnitude_problems, money_problems
from ...core.document import project_key
from ...core.errors import CONFLICT
from ...core.spending_plan import SpendingPlan
from ...core.targets import parse_target
from ...review import Review, review_document
from ...review.history import move_year
from ...review.registry import ERROR, WARNING
from ...rulesets import load
from ..accounts.roles import ADMIN, area_of, has_role, in_unit, require, require_role
from ..history.services import diff, log_action
from . import errors as e
from . import selectors
from .convert import PLAN_FIELDS, department_data, indicator_fields, plan_document, project_fields
from .errors import GoalsError, StaleError, StateError
from .models import Adjustment, Indicator, Plan, Project, Unit
from .permissions import DECIDES, EDITS, require_edits, require_plan_action
from .previous import plan_previous

LABELS = dict(Plan.STATES)


def _editable(plan: Plan, user) -> None:
    require_edits(user, plan.unit_id, outsider=e.OUTSIDER_EDIT_MESSAGE)
    if plan.locked:
        raise StateError(e.LOCKED, e.LOCKED_MESSAGE.format(state=LABELS[plan.state]))


def _editable_project(project: Project, user) -> None:
    """A draft's project, unless finance approved it: then its goals are locked (a 调整 once approved)."""
    _editable(project.plan, user)
    if project.review_state == Project.APPROVED:
        raise StateError(e.PROJECT_APPROVED, e.PROJECT_APPROVED_MESSAGE.format(name=project.name, grade=project.grade))


def proposed_grade_refresh(plan: Plan) -> None:
    """The plan's 建议等级 from its review, after any change of what the review reads."""
    plan.refresh_from_db()
    review = review_document(plan_document(
        Plan.objects.prefetch_related("projects__indicators").select_related("unit").get(pk=plan.pk)),
        plan.rules, previous=plan_previous(plan))
    plan.proposed_grade = review.grade
    plan.save(update_fields=["proposed_grade"])
    for pk, code, name, proposed in plan.projects.values_list("pk", "code", "name", "proposed_grade"):
        if (grade := review.grades.get(code or name, "")) != proposed:  # each project's, for the desk's column
            Project.objects.filter(pk=pk).update(proposed_grade=grade)


# ---------------------------------------------------------------- plans

# What the web calls the two ways projects clash (core.checks.duplicate_projects finds them).
CLASHES = {"duplicate_project_code": e.SAME_CODE, "duplicate_project_name": e.SAME_NAME}


@transaction.atomic
def plan_import(*, document: core.GoalDocument, user, replace_draft: bool = True) -> Plan:
    """Store an imported goal document as the unit's plan for its year, replacing a draft only when
    `replace_draft` (the page asks first; the API's upload replaces, as it documents)."""
    require_role(user, *EDITS)
    if clashes := duplicate_projects(document.projects):  # a plan could not tell them apart
        raise GoalsError(CLASHES[clashes[0].code], clashes[0].message)
    if beyond := [problem for p in document.projects for problem in magnitude_problems(p)]:  # columns cannot hold them
        raise GoalsError(e.INVALID_DOCUMENT, e.INVALID_DOCUMENT_MESSAGE.format(name=document.unit.name, count=len(beyond)),
                         fields={p.place or str(k): p.message for k, p in enumerate(beyond)})
    unit, _ = selectors.import_unit(user=user, unit_code=document.unit.code, unit_name=document.unit.name)
    if unit is None and not document.unit.code:
        raise GoalsError(e.NO_UNIT, e.NO_UNIT_MESSAGE.format(name=document.unit.name or e.NO_UNIT_NAME))
    if unit is None:
        require(has_role(user, ADMIN), e.UNIT_NOT_CREATED_MESSAGE.format(unit=f"{document.unit.code}{document.unit.name}"))
        unit = Unit.objects.create(code=document.unit.code, name=document.unit.name)
    require_edits(user, unit.id, outsider=e.OUTSIDER_IMPORT_MESSAGE.format(unit=unit))
    # The unit's row locked first: two imports of one unit's year at once then run one after the other,
    # and the later one finds the plan the earlier made (no plan row exists yet to lock).
    Unit.objects.select_for_update().filter(pk=unit.pk).exists()
    plan = Plan.objects.select_for_update().filter(unit=unit, year=document.year).first()
    if plan is not None:
        if plan.locked:
            raise StateError(e.EXISTS, e.EXISTS_LOCKED_MESSAGE.format(unit=unit.name, year=document.year,
                                                                     state=LABELS[plan.state]))
        if approved := plan.projects.filter(review_state=Project.APPROVED).count():
            raise StateError(e.EXISTS, e.REIMPORT_APPROVED_MESSAGE.format(unit=unit.name, year=document.year,
                                                                         count=approved))
        if not replace_draft:
            raise StateError(e.DRAFT_EXISTS, e.DRAFT_NOT_CONFIRMED_MESSAGE.format(unit=unit.name, year=document.year))
        plan.projects.all().delete()
        plan.framework, plan.department = document.framework, department_data(document.department)
        plan.template = document.template
        plan.version = F("version") + 1
        plan.save()
    else:
        plan = Plan.objects.create(unit=unit, year=document.year, framework=document.framework,
                                   department=department_data(document.department), template=document.template,
                                   ruleset=load(settings.RULESET, settings.RULESETS_DIR).code)  # an unknown code fails here, not later
    _create_projects(plan, document.projects)
    from ..department.goal_services import unit_indicators_import  # the unit-wide goals' indicators

    unit_wide = unit_indicators_import(plan=plan, document=document)
    proposed_grade_refresh(plan)
    log_action("plan.imported", plan, user, note=f"{len(document.projects)}个项目{unit_wide.phrase()}")
    return plan


def _create_projects(plan: Plan, projects: list[core.Project]) -> None:
    for k, p in enumerate(projects):
        row = Project.objects.create(plan=plan, position=k, **project_fields(p))
        Indicator.objects.bulk_create(
            [Indicator(project=row, position=n, **indicator_fields(i)) for n, i in enumerate(p.indicators)])


def _moved(text: str, old: int, new: int, place: str, flagged: list[str]) -> str:
    moved, left = move_year(text, old, new)
    flagged += [f"{place}：“{m}”" for m in left]
    return moved


def _moved_indicator(i: core.Indicator, old: int, new: int, place: str, flagged: list[str]) -> core.Indicator:
    name = _moved(i.name, old, new, f"{place}的指标名称", flagged)
    raw = _moved(i.target.raw, old, new, f"{place}指标“{name}”的指标值", flagged)
    target = i.target if raw == i.target.raw else parse_target(raw, i.level2)
    return replace(i, name=name, target=target,
                   description=_moved(i.description, old, new, f"{place}指标“{name}”的描述", flagged),
                   basis=_moved(i.basis, old, new, f"{place}指标“{name}”的确定依据", flagged))


def _moved_project(p: core.Project, old: int, new: int, flagged: list[str]) -> core.Project:
    """A project's texts with the plan year moved (`2021年` → `2022年`); what else names the old year
    is listed in `flagged` for a person to read."""
    name = _moved(p.name, old, new, "项目名称", flagged)
    place = f"项目“{name}”"
    return replace(p, name=name, goals=[_moved(g, old, new, f"{place}的绩效目标", flagged) for g in p.goals],
                   indicators=[_moved_indicator(i, old, new, place, flagged) for i in p.indicators])


def _moved_department(data: dict | None, old: int, new: int, flagged: list[str]) -> dict | None:
    """The unit-wide part as it is stored, its texts' plan year moved."""
    if not data:
        return data

    def walk(value, place: str):
        if isinstance(value, str):
            return _moved(value, old, new, place, flagged)
        if isinstance(value, list):
            return [walk(v, place) for v in value]
        if isinstance(value, dict):
            return {k: walk(v, place) for k, v in value.items()}
        return value

    return walk(data, "部门整体绩效目标")


@transaction.atomic
def plan_copy_next_year(*, plan: Plan, user) -> Plan:
    """Start next year's plan from this one, in draft, with what makes the year work: projects and
    indicators, each indicator's metric binding, the unit's standards, the surveys' questionnaires
    and the unit-wide part; the plan year in their texts moved to the new year, and every other
    mention of the old year named in the history entry for a person to read."""
    from ..relief.copy import programmes_copy  # the programmes read goals: imported when used

    require_plan_action(user, plan, "copy")
    if Plan.objects.filter(unit=plan.unit, year=plan.year + 1).exists():
        raise StateError(e.EXISTS, e.EXISTS_NEXT_YEAR_MESSAGE.format(unit=plan.unit.name, year=plan.year + 1))
    old, year = plan.year, plan.year + 1
    document = plan_document(Plan.objects.prefetch_related("projects__indicators").select_related("unit").get(pk=plan.pk))
    flagged: list[str] = []
    projects = [_moved_project(p, old, year, flagged) for p in document.projects]
    new = Plan.objects.create(unit=plan.unit, year=year, framework=plan.framework,
                              department=_moved_department(plan.department, old, year, flagged),
                              template=plan.template, ruleset=plan.ruleset)
    _create_projects(new, projects)
    carried = programmes_copy(old=plan, new=new)
    flagged += carried.flagged
    from ..department.copy import department_copy  # the unit's 部门整体 records

    department = department_copy(unit_id=plan.unit_id, old=old, new=year, user=user, old_plan=plan, new_plan=new)
    flagged += department.flagged
    proposed_grade_refresh(new)
    counts = (f"由{old}年计划生成：{len(projects)}个项目、{sum(len(p.indicators) for p in projects)}个指标、"
              f"{carried.bindings}个取数口径、{carried.standards}项救助标准、{carried.surveys}份问卷"
              f"{'、部门整体绩效目标' if plan.department else ''}{department.phrase()}")
    note = counts + (f"；仍写着{old}年、请核对：" + "；".join(flagged[:10]) + (f"等{len(flagged)}处" if len(flagged) > 10 else "")
                     if flagged else "")
    log_action("plan.copied", new, user, note=note)
    return new


def _transition(plan: Plan, user, expected: str, to: str, action: str, note: str = "", **fields) -> Plan:
    updated = Plan.objects.filter(pk=plan.pk, state=expected).update(state=to, version=F("version") + 1, **fields)
    if not updated:
        plan.refresh_from_db()
        raise StateError(e.STATE, e.STATE_MESSAGE.format(state=LABELS[plan.state]))
    plan.refresh_from_db()
    log_action(action, plan, user, {"state": [LABELS[expected], LABELS[to]], **{k: ["", str(v)] for k, v in fields.items()}},
               note)
    return plan


FIRST = 3  # findings named in a refusal


def _listed(review: Review, severity: str, names: dict[str, str]) -> tuple[int, str, dict[str, str]]:
    """The findings of a severity: how many, the first few in one line, and each for the API's `fields`."""
    found = [f for f in review.findings if f.severity == severity]
    texts = [f"项目“{names.get(f.project, f.project)}”{f'指标“{f.indicator}”' if f.indicator else ''}：{f.message}"
             for f in found]
    first = "；".join(texts[:FIRST]) + (e.MORE if len(texts) > FIRST else "")
    return len(found), first, {f"{k}.{f.code}": text for k, (f, text) in enumerate(zip(found, texts), 1)}


def plan_submission_check(*, plan: Plan, confirm_warnings: bool) -> Review:
    """Refuse a plan whose review finds errors (409), or warnings not confirmed (400)."""
    document = plan_document(Plan.objects.prefetch_related("projects__indicators").select_related("unit").get(pk=plan.pk))
    review = review_document(document, plan.rules, previous=plan_previous(plan))
    names = {project_key(p): p.name for p in document.projects}
    count, first, fields = _listed(review, ERROR, names)
    if count:
        raise GoalsError(e.REVIEW_ERRORS, e.REVIEW_ERRORS_MESSAGE.format(count=count, first=first), kind=CONFLICT,
                         fields=fields)
    count, first, fields = _listed(review, WARNING, names)
    if count and not confirm_warnings:
        raise GoalsError(e.WARNINGS, e.WARNINGS_MESSAGE.format(count=count, first=first), fields=fields)
    return review


@transaction.atomic
def plan_submit(*, plan: Plan, user, confirm_warnings: bool = False) -> Plan:
    """提交审核: only a draft whose review finds no error; its warnings read and confirmed."""
    require_plan_action(user, plan, "submit")
    plan.refresh_from_db()
    if plan.state != Plan.DRAFT:
        raise StateError(e.STATE, e.STATE_MESSAGE.format(state=LABELS[plan.state]))
    review = plan_submission_check(plan=plan, confirm_warnings=confirm_warnings)
    warnings = sum(f.severity == WARNING for f in review.findings)
    # The projects finance returned go back for review; the approved ones stay approved (88号: 中 修改后重新报送).
    plan.projects.filter(review_state=Project.RETURNED).update(review_state=Project.PENDING, grade="", grade_comment="",
                                                               version=F("version") + 1)
    return _transition(plan, user, Plan.DRAFT, Plan.SUBMITTED, "plan.submitted",
                       f"已确认{warnings}条审核警告" if warnings else "")


@transaction.atomic
def plan_unit_approve(*, plan: Plan, user) -> Plan:
    require_plan_action(user, plan, "unit_approve")
    return _transition(plan, user, Plan.SUBMITTED, Plan.FINANCE_REVIEW, "plan.approved_by_unit")


@transaction.atomic
def plan_unit_return(*, plan: Plan, user, comment: str) -> Plan:
    require_plan_action(user, plan, "unit_return")
    if not comment.strip():
        raise GoalsError(e.RETURN_REASON, e.RETURN_REASON_MESSAGE, fields={"comment": e.RETURN_REASON_MESSAGE})
    _require_short(comment, "退回意见")
    return _transition(plan, user, Plan.SUBMITTED, Plan.DRAFT, "plan.returned", comment)


GRADE_ORDER = "优良中差"  # best first
APPROVING = ("优", "良")  # 88号: 优 goes on, 良 goes on after agreed improvements; 中 and 差 go back


def _require_short(comment: str, what: str) -> None:
    """A comment a page shows in a table cell and the history keeps whole: at most COMMENT_LIMIT characters."""
    if len(comment.strip()) > e.COMMENT_LIMIT:
        message = e.COMMENT_LONG_MESSAGE.format(what=what, limit=e.COMMENT_LIMIT, length=len(comment.strip()))
        raise GoalsError(e.COMMENT, message, fields={"comment": message})


def _require_grade(grade: str, comment: str) -> None:
    if grade not in dict(Plan.GRADES):
        raise GoalsError(e.GRADE, e.GRADE_MESSAGE, fields={"grade": e.GRADE_MESSAGE})
    if grade in ("中", "差") and not comment.strip():
        raise GoalsError(e.COMMENT, e.COMMENT_MESSAGE, fields={"comment": e.COMMENT_MESSAGE})
    _require_short(comment, "审核意见")


def plan_grade_of(grades) -> str:
    """The plan's grade from its projects' grades: the worst of them ("" when none is graded).

    RULES.md §5.2 (财预〔2015〕88号): the grade decides what happens to the goals: 优 goes straight to
    the next budget step, 良 after the improvements finance and the unit agree, 中 is revised and
    resubmitted, 差 does not go on. A plan goes on only as far as its weakest project, so its grade is the
    worst; a mean weighted by budget would let one large 优 project hide a small 差 one, and 88号 grades
    are ordered words, not numbers, with no weights given.

    >>> plan_grade_of(["优", "良", "优"]), plan_grade_of(["优", "差", ""]), plan_grade_of([])
    ('良', '差', '')
    """
    graded = [g for g in grades if g]
    return max(graded, key=GRADE_ORDER.index) if graded else ""


def _plan_after_grades(plan: Plan, user, note: str = "") -> Plan:
    """After a project's grade: the plan approved when all its projects are, back to the unit (草稿) when
    none is left to grade and some were returned; its grade the worst of its projects' so far."""
    rows = list(plan.projects.values_list("review_state", "grade"))
    grade = plan_grade_of([g for _, g in rows])
    states = {s for s, _ in rows}
    if Project.PENDING in states:
        Plan.objects.filter(pk=plan.pk).update(grade=grade)
        plan.refresh_from_db()
        return plan
    returned = sum(s == Project.RETURNED for s, _ in rows)
    to = Plan.DRAFT if returned else Plan.APPROVED
    note = note or (f"{returned}个项目退回修改，{len(rows) - returned}个项目已通过" if returned
                    else f"{len(rows)}个项目全部通过")
    return _transition(plan, user, Plan.FINANCE_REVIEW, to, "plan.graded", note, grade=grade)


def _locked_in_review(plan: Plan, user, project: Project | None = None) -> Plan:
    """The plan's row locked for the grading (two reviewers' last grades then run one after the other, and
    the later sees the earlier's), in 财政审核 and this user's to grade; `project` still to grade (a second
    reviewer grading it from the same page is told it was graded, 409)."""
    if (area := area_of(user)) is not None:
        require(in_unit(user, plan.unit_id), e.OUTSIDE_AREA_MESSAGE.format(unit=plan.unit.name, area=area))
    require_plan_action(user, plan, "grade")
    Plan.objects.select_for_update().filter(pk=plan.pk).exists()
    plan.refresh_from_db()  # the caller's object, as the other workflow actions keep it current
    if project is not None:
        project.refresh_from_db()
        if project.review_state != Project.PENDING:
            raise StateError(e.PROJECT_GRADED, e.PROJECT_GRADED_MESSAGE.format(
                name=project.name, grade=project.grade or "—", state=PROJECT_LABELS[project.review_state]))
    if plan.state != Plan.FINANCE_REVIEW:
        raise StateError(e.STATE, e.NOT_IN_REVIEW_MESSAGE.format(state=LABELS[plan.state]))
    return plan


PROJECT_LABELS = dict(Project.REVIEW_STATES)


@transaction.atomic
def project_grade(*, project: Project, user, grade: str, comment: str, version: int) -> Project:
    """财政审核 of one project (88号): 优 and 良 approve it (its indicators locked), 中 and 差 (with a comment)
    return it to the unit; the version is the project's as the page showed it (else 409). The plan follows
    when its last project is graded (`_plan_after_grades`)."""
    plan = _locked_in_review(project.plan, user, project)
    _require_grade(grade, comment)
    to = Project.APPROVED if grade in APPROVING else Project.RETURNED
    if not Project.objects.filter(pk=project.pk, version=version, review_state=Project.PENDING).update(
            review_state=to, grade=grade, grade_comment=comment.strip(), version=F("version") + 1):
        project.refresh_from_db()
        if project.review_state != Project.PENDING:
            raise StateError(e.PROJECT_GRADED, e.PROJECT_GRADED_MESSAGE.format(
                name=project.name, grade=project.grade or "—", state=PROJECT_LABELS[project.review_state]))
        raise StaleError(e.STALE_PROJECT.format(name=project.name))
    project.refresh_from_db()
    log_action("project.graded", project, user, {"grade": ["", grade],
                                                  "review_state": [PROJECT_LABELS[Project.PENDING], PROJECT_LABELS[to]]},
               comment.strip())
    _plan_after_grades(plan, user)
    return project


def pending_shown(plan: Plan) -> str:
    """The projects still to grade as a page shows them (their ids, comma-separated), for the whole plan's
    grade form to send back."""
    return ",".join(str(pk) for pk in plan.projects.filter(review_state=Project.PENDING).order_by("pk")
                    .values_list("pk", flat=True))


def _require_pending_as_shown(pending: list[Project], shown: str | None) -> None:
    """Refuse the whole plan's grade when a project the page showed as 待审核 was graded since (409),
    naming it: the reviewer meant their grade for what they saw."""
    if shown is None:
        return
    seen = {int(x) for x in shown.split(",") if x.strip().isdigit()}
    gone = seen - {p.pk for p in pending}
    if gone:
        changes = "、".join(e.GRADED_SINCE_ONE.format(name=p.name, grade=p.grade or "—", state=PROJECT_LABELS[p.review_state])
                           for p in Project.objects.filter(pk__in=gone).order_by("position", "pk"))
        raise StateError(e.GRADED_SINCE, e.GRADED_SINCE_MESSAGE.format(changes=changes))


@transaction.atomic
def plan_grade(*, plan: Plan, user, grade: str, comment: str, shown: str | None = None) -> Plan:
    """财政审核 of the whole plan at once: every project still to grade gets this grade and comment (优 and 良
    approve, 中 and 差 return, 88号); the plan then follows its projects as `project_grade` does. A plan
    without projects takes the grade itself. `shown`: the projects the page showed as 待审核
    (`pending_shown`); one graded since by someone else refuses the whole grade (409)."""
    plan = _locked_in_review(plan, user)
    _require_grade(grade, comment)
    to = Project.APPROVED if grade in APPROVING else Project.RETURNED
    pending = list(plan.projects.filter(review_state=Project.PENDING))
    _require_pending_as_shown(pending, shown)
    Project.objects.filter(pk__in=[p.pk for p in pending]).update(
        review_state=to, grade=grade, grade_comment=comment.strip(), version=F("version") + 1)
    for project in pending:
        log_action("project.graded", project, user, {"grade": ["", grade], "review_state": [
            PROJECT_LABELS[Project.PENDING], PROJECT_LABELS[to]]}, comment.strip())
    Plan.objects.filter(pk=plan.pk).update(grade_comment=comment)
    if not pending and not plan.projects.exists():
        return _transition(plan, user, Plan.FINANCE_REVIEW, Plan.APPROVED if grade in APPROVING else Plan.DRAFT,
                           "plan.graded", comment, grade=grade, grade_comment=comment)
    return _plan_after_grades(plan, user, comment)


@transaction.atomic
def plan_publish(*, plan: Plan, user) -> Plan:
    require_plan_action(user, plan, "publish")
    plan = _transition(plan, user, Plan.APPROVED, Plan.PUBLISHED, "plan.published")
    from ..public.services import published_plan_create  # the public reads the goals frozen as published

    published_plan_create(plan=plan, user=user)
    return plan


def plan_act(*, plan: Plan, action: str, user, grade: str = "", comment: str = "",
             confirm_warnings: bool = False, shown: str | None = None) -> Plan:
    """Take a workflow action by its name (PLAN_ACTIONS), as the page's buttons and the API name them;
    `copy` answers the new plan."""
    handlers = {
        "submit": lambda: plan_submit(plan=plan, user=user, confirm_warnings=confirm_warnings),
        "unit_approve": lambda: plan_unit_approve(plan=plan, user=user),
        "unit_return": lambda: plan_unit_return(plan=plan, user=user, comment=comment),
        "grade": lambda: plan_grade(plan=plan, user=user, grade=grade, comment=comment, shown=shown),
        "publish": lambda: plan_publish(plan=plan, user=user),
        "copy": lambda: plan_copy_next_year(plan=plan, user=user),
    }
    if action not in handlers:
        raise GoalsError(e.ACTION, e.ACTION_MESSAGE.format(action=action, actions="、".join(handlers)))
    return handlers[action]()


# ---------------------------------------------------------------- projects and indicators

def _bump(project: Project, version: int, **fields) -> None:
    """Save with the version the user saw; refuse when someone saved in between."""
    if not Project.objects.filter(pk=project.pk, version=version).update(version=F("version") + 1, **fields):
        raise StaleError(e.STALE_PROJECT.format(name=project.name))
    project.refresh_from_db()


def _require_money(project: Project, fields: dict) -> None:
    """A project is never saved with parts that do not add up to 预算数 or a spending plan going down."""
    def value(key: str):
        return fields.get(key, getattr(project, key))

    budget = core.Budget(value("total"), value("fiscal"), value("other"))
    found = money_problems(budget, SpendingPlan({m: value(f) for m, f in PLAN_FIELDS.items()}))
    if found:
        raise GoalsError(e.MONEY, e.MONEY_MESSAGE.format(name=value("name"), problems="；".join(m for _, m in found)),
                         fields={"total" if w == "budget" else PLAN_FIELDS[int(w)]: m for w, m in found})


def _require_distinct(project: Project, fields: dict) -> None:
    """A project keeps a code of its own, or without one a name of its own, in its plan."""
    code, name = fields.get("code", project.code), fields.get("name", project.name)
    others = project.plan.projects.exclude(pk=project.pk)
    if code and others.filter(code=code).exists():
        raise GoalsError(e.SAME_CODE, e.CODE_TAKEN_MESSAGE.format(code=code), fields={"code": e.CODE_TAKEN_MESSAGE.format(code=code)})
    if not code and others.filter(code="", name=name).exists():
        raise GoalsError(e.SAME_NAME, e.NAME_TAKEN_MESSAGE.format(name=name), fields={"code": e.NAME_TAKEN_MESSAGE.format(name=name)})


@transaction.atomic
def project_update(*, project: Project, fields: dict, version: int, user) -> Project:
    _editable_project(project, user)
    _require_money(project, fields)
    _require_distinct(project, fields)
    before = {k: getattr(project, k) for k in fields}
    _bump(project, version, **fields)
    log_action("project.changed", project, user, diff(before, fields))
    proposed_grade_refresh(project.plan)
    return project


def target_fields(raw: str, level2: str) -> dict:
    """A typed 指标值 as an indicator's target columns (a project's or a unit-wide one's), refused when a
    number is too long for them."""
    t = parse_target(raw, level2)
    for number in (t.value, t.value_hi):  # 41 digits fit no column (Indicator.value: 24 digits, 6 places)
        if number is not None:
            check_number(number, "指标值", key="target_raw", max_digits=24, decimal_places=6)
    return {"target_raw": t.raw, "op": t.op, "value": t.value, "value_hi": t.value_hi, "unit": t.unit,
            "inferred": t.inferred}


@transaction.atomic
def indicator_create(*, project: Project, fields: dict, version: int, user) -> Indicator:
    _editable_project(project, user)
    _bump(project, version)
    position = (project.indicators.aggregate(m=Max("position"))["m"] or 0) + 1
    data = {k: v for k, v in fields.items() if k != "target_raw"}
    indicator = Indicator.objects.create(project=project, position=position, **data,
                                         **target_fields(fields["target_raw"], fields["level2"]))
    log_action("indicator.created", indicator, user, diff({}, fields))
    proposed_grade_refresh(project.plan)
    return indicator


@transaction.atomic
def indicator_update(*, indicator: Indicator, fields: dict, version: int, user) -> Indicator:
    project = indicator.project
    _editable_project(project, user)
    _bump(project, version)
    before = {k: getattr(indicator, k) for k in fields}
    data = {k: v for k, v in fields.items() if k != "target_raw"}
    data.update(target_fields(fields.get("target_raw", indicator.target_raw), fields.get("level2", indicator.level2)))
    Indicator.objects.filter(pk=indicator.pk).update(**data)
    indicator.refresh_from_db()
    log_action("indicator.changed", indicator, user, diff(before, fields))
    proposed_grade_refresh(project.plan)
    return indicator


@transaction.atomic
def indicator_delete(*, indicator: Indicator, version: int, user) -> None:
    project = indicator.project
    _editable_project(project, user)
    _bump(project, version)
    # on the project: the indicator's own page goes with it
    log_action("indicator.deleted", project, user, {"indicator": [f"{indicator.name}（{indicator.target_raw}）", ""]})
    indicator.delete()
    proposed_grade_refresh(project.plan)


@transaction.atomic
def indicator_move(*, indicator: Indicator, up: bool, version: int, user) -> None:
    project = indicator.project
    _editable_project(project, user)
    _bump(project, version)
    rows = list(project.indicators.order_by("position", "id"))
    k = next(n for n, r in enumerate(rows) if r.pk == indicator.pk)
    j = k - 1 if up else k + 1
    if 0 <= j < len(rows):
        rows[k], rows[j] = rows[j], rows[k]
        for n, row in enumerate(rows):
            if row.position != n:
                Indicator.objects.filter(pk=row.pk).update(position=n)
        log_action("indicator.moved", indicator, user, {"position": [str(k + 1), str(j + 1)]})


# ---------------------------------------------------------------- 调整 of approved targets

@transaction.atomic
def adjustment_request(*, indicator: Indicator, revised: str, reason: str, user) -> Adjustment:
    plan = indicator.project.plan
    require_edits(user, plan.unit_id)
    if plan.state not in (Plan.APPROVED, Plan.PUBLISHED):
        raise StateError(e.NOT_APPROVED, e.NOT_APPROVED_MESSAGE)
    if not reason.strip() or not revised.strip():
        raise GoalsError(e.ADJUSTMENT, e.ADJUSTMENT_MESSAGE)
    if indicator.adjustments.filter(state=Adjustment.PENDING).exists():
        raise StateError(e.PENDING, e.PENDING_MESSAGE.format(name=indicator.name))
    new = target_fields(revised.strip(), indicator.level2)
    if all(new[k] == getattr(indicator, k) for k in ("op", "value", "value_hi", "unit")):
        message = e.SAME_TARGET_MESSAGE.format(name=indicator.name, revised=revised.strip(), current=indicator.target_raw)
        raise GoalsError(e.SAME_TARGET, message, fields={"revised": message})
    adjustment = Adjustment.objects.create(indicator=indicator, original=indicator.target_raw, revised=revised.strip(),
                                           reason=reason.strip(), requested_by=user)
    log_action("adjustment.requested", indicator, user, {"target_raw": [indicator.target_raw, revised]}, reason)
    return adjustment


DECISIONS = {"approve": True, "reject": False}  # a decision as the page's buttons and the API send it


def adjustment_decision(decision: str) -> bool:
    """Whether a sent decision approves; anything but approve or reject is refused, never taken as 驳回."""
    if decision not in DECISIONS:
        message = e.DECISION_MESSAGE.format(decision=decision)
        raise GoalsError(e.DECISION, message, fields={"decision": message})
    return DECISIONS[decision]


@transaction.atomic
def adjustment_decide(*, adjustment: Adjustment, approve: bool, comment: str, user) -> Adjustment:
    """批准 or 驳回 a pending adjustment; a 驳回 says why (the editor reads it in the history)."""
    require_role(user, *DECIDES)
    if not approve and not comment.strip():
        message = e.REJECT_REASON_MESSAGE.format(name=adjustment.indicator.name)
        raise GoalsError(e.REJECT_REASON, message, fields={"comment": message})
    if not Adjustment.objects.filter(pk=adjustment.pk, state=Adjustment.PENDING).update(
            state=Adjustment.APPROVED if approve else Adjustment.REJECTED, decided_by=user,
            decided_at=timezone.now(), comment=comment):
        raise StateError(e.DECIDED, e.DECIDED_MESSAGE)
    adjustment.refresh_from_db()
    indicator = adjustment.indicator
    if approve:
        Indicator.objects.filter(pk=indicator.pk).update(**target_fields(adjustment.revised, indicator.level2))
        Project.objects.filter(pk=indicator.project_id).update(version=F("version") + 1)
    log_action("adjustment.approved" if approve else "adjustment.rejected", indicator, user,
               {"target_raw": [adjustment.original, adjustment.revised]}, comment)
    return adjustment
