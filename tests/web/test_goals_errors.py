"""The goals area's refusals at the API and on the pages: each answers exactly the message
constant of web/goals/errors.py, with its code and the status its kind decides (400 a bad
value, 404 missing or not this user's, 409 a state that does not allow it), and changes nothing."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.formats import errors as formats
from jixiao.web.accounts.models import Token
from jixiao.web.goals import errors as e
from jixiao.web.goals import services
from jixiao.web.goals.models import Adjustment, Indicator, Plan
from jixiao.web.history.models import Entry

from .conftest import SEED, approve, login


def bearer(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


def answer(response) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["code"], body["message"]


def history() -> int:
    return Entry.objects.count()


# ---------------------------------------------------------------- wrong state: 409

def test_submitting_a_submitted_plan_is_a_409_naming_its_state(users, plan):
    client = bearer(users["editor"])
    assert client.post(f"/api/plans/{plan.pk}/actions/submit", {"confirm_warnings": True},
                       content_type="application/json").status_code == 200
    entries = history()
    again = client.post(f"/api/plans/{plan.pk}/actions/submit", {}, content_type="application/json")
    assert answer(again) == (409, e.STATE, e.STATE_MESSAGE.format(state="已提交"))
    plan.refresh_from_db()
    assert plan.state == Plan.SUBMITTED and history() == entries


def test_editing_a_submitted_plan_is_a_409(users, plan):
    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    project = plan.projects.first()
    payload = {"version": project.version, "code": project.code, "name": "新名称", "total": "20", "fiscal": "20",
               "other": "0", "plan_12": "100"}
    response = bearer(users["editor"]).put(f"/api/projects/{project.pk}", payload, content_type="application/json")
    assert answer(response) == (409, e.LOCKED, e.LOCKED_MESSAGE.format(state="已提交"))
    project.refresh_from_db()
    assert project.name != "新名称"


def test_uploading_over_a_submitted_plan_is_a_409(users, plan):
    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    response = bearer(users["editor"]).post("/api/plans/", {"file": SimpleUploadedFile("seed.txt", SEED.read_bytes())})
    assert answer(response) == (409, e.EXISTS, e.EXISTS_LOCKED_MESSAGE.format(
        unit="昌黎县总工会本级", year=2021, state="已提交"))
    assert Plan.objects.count() == 1


def test_copying_to_an_existing_next_year_is_a_409(users, plan):
    client = bearer(users["editor"])
    assert client.post(f"/api/plans/{plan.pk}/actions/copy", {}, content_type="application/json").status_code == 200
    again = client.post(f"/api/plans/{plan.pk}/actions/copy", {}, content_type="application/json")
    assert answer(again) == (409, e.EXISTS, e.EXISTS_NEXT_YEAR_MESSAGE.format(unit="昌黎县总工会本级", year=2022))
    assert Plan.objects.count() == 2


def test_adjusting_a_draft_is_a_409_and_a_second_request_too(users, plan):
    indicator = Indicator.objects.filter(project__plan=plan).first()
    client = bearer(users["editor"])
    payload = {"revised": "≥500人", "reason": "政策调整"}
    url = f"/api/indicators/{indicator.pk}/adjustments"
    draft = client.post(url, payload, content_type="application/json")
    assert answer(draft) == (409, e.NOT_APPROVED, e.NOT_APPROVED_MESSAGE)
    approve(plan, users)
    assert client.post(url, payload, content_type="application/json").status_code == 200
    second = client.post(url, payload, content_type="application/json")
    assert answer(second) == (409, e.PENDING, e.PENDING_MESSAGE.format(name=indicator.name))
    assert Adjustment.objects.count() == 1


def test_deciding_an_adjustment_twice_is_a_409(users, plan):
    approve(plan, users)
    indicator = Indicator.objects.filter(project__plan=plan).first()
    adjustment = services.adjustment_request(indicator=indicator, revised="≥500人", reason="政策调整",
                                             user=users["editor"])
    client = bearer(users["finance"])
    url = f"/api/adjustments/{adjustment.pk}/decide"
    assert client.post(url, {"decision": "reject", "comment": "依据不足"},
                       content_type="application/json").status_code == 200
    again = client.post(url, {"decision": "approve"}, content_type="application/json")
    assert answer(again) == (409, e.DECIDED, e.DECIDED_MESSAGE)
    adjustment.refresh_from_db()
    assert adjustment.state == Adjustment.REJECTED


def test_a_locked_plan_refuses_a_page_edit_with_409(client, users, plan):
    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    indicator = Indicator.objects.filter(project__plan=plan).first()
    response = login(client, users["editor"]).post(f"/goals/indicators/{indicator.pk}/delete/",
                                                   {"version": indicator.project.version})
    assert response.status_code == 409 and e.LOCKED_MESSAGE.format(state="已提交") in response.content.decode()
    assert Indicator.objects.filter(pk=indicator.pk).exists()


# ---------------------------------------------------------------- missing: 404

def test_a_missing_plan_is_a_404(users, plan):
    client = bearer(users["editor"])
    assert answer(client.get("/api/plans/99999")) == (404, e.MISSING, e.MISSING_PLAN_MESSAGE)
    assert client.get(f"/api/plans/{plan.pk}").status_code == 200
    outsider = bearer(users["outsider"])  # another unit's plan is not told apart from a missing one
    assert answer(outsider.get(f"/api/plans/{plan.pk}")) == (404, e.MISSING, e.MISSING_PLAN_MESSAGE)
    submit = outsider.post(f"/api/plans/{plan.pk}/actions/submit", {}, content_type="application/json")
    assert answer(submit) == (404, e.MISSING, e.MISSING_PLAN_MESSAGE)
    plan.refresh_from_db()
    assert plan.state == Plan.DRAFT


def test_a_missing_project_indicator_or_public_plan_is_a_404(users, plan):
    client = bearer(users["editor"])
    assert answer(client.get("/api/projects/99999")) == (404, e.MISSING, e.MISSING_PROJECT_MESSAGE)
    assert answer(client.get("/api/indicators/99999")) == (404, e.MISSING, e.MISSING_INDICATOR_MESSAGE)
    assert answer(Client().get("/api/public/plans/711001/2021")) == (404, e.MISSING, e.MISSING_PUBLIC_PLAN_MESSAGE)


def test_a_missing_plan_page_is_a_404(client, users):
    response = login(client, users["editor"]).get("/goals/99999/")
    assert response.status_code == 404 and e.MISSING_PLAN_MESSAGE in response.content.decode()


def test_an_unknown_table_is_a_404(client, users, plan):
    response = login(client, users["editor"]).get(f"/evaluation/{plan.pk}/tables/budget.xlsx")
    message = e.TABLE_MESSAGE.format(table="budget", tables="monitoring、self-evaluation")
    assert response.status_code == 404 and message in response.content.decode()


def test_a_missing_unit_or_user_page_is_a_404(client, users):
    admin = login(client, users["admin"])
    unit = admin.get("/accounts/units/99999/")
    assert unit.status_code == 404 and e.MISSING_UNIT_MESSAGE in unit.content.decode()
    user = admin.get("/accounts/users/99999/")
    assert user.status_code == 404 and e.MISSING_USER_MESSAGE in user.content.decode()


# ---------------------------------------------------------------- bad values: 400

def test_a_bad_grade_or_a_missing_comment_is_a_400(users, plan):
    services.plan_submit(plan=plan, user=users["editor"], confirm_warnings=True)
    services.plan_unit_approve(plan=plan, user=users["approver"])
    client = bearer(users["finance"])
    url = f"/api/plans/{plan.pk}/actions/grade"
    assert answer(client.post(url, {"grade": "甲"}, content_type="application/json")) == (400, e.GRADE, e.GRADE_MESSAGE)
    assert answer(client.post(url, {"grade": "差"}, content_type="application/json")) == (
        400, e.COMMENT, e.COMMENT_MESSAGE)
    plan.refresh_from_db()
    assert plan.state == Plan.FINANCE_REVIEW


def test_an_unknown_action_is_a_400_listing_the_actions(users, plan):
    response = bearer(users["admin"]).post(f"/api/plans/{plan.pk}/actions/fly", {}, content_type="application/json")
    actions = "、".join(("submit", "unit_approve", "unit_return", "grade", "publish", "copy"))
    assert answer(response) == (400, e.ACTION, e.ACTION_MESSAGE.format(action="fly", actions=actions))


def test_an_adjustment_without_reason_is_a_400(users, plan):
    approve(plan, users)
    indicator = Indicator.objects.filter(project__plan=plan).first()
    response = bearer(users["editor"]).post(f"/api/indicators/{indicator.pk}/adjustments",
                                            {"revised": "≥500人", "reason": " "}, content_type="application/json")
    assert answer(response) == (400, e.ADJUSTMENT, e.ADJUSTMENT_MESSAGE)
    assert not Adjustment.objects.exists()


def test_a_page_form_without_version_is_a_400(client, users, plan):
    indicator = Indicator.objects.filter(project__plan=plan).first()
    response = login(client, users["editor"]).post(f"/goals/indicators/{indicator.pk}/delete/", {})
    assert response.status_code == 400 and e.VERSION_MESSAGE in response.content.decode()
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_an_unsupported_download_format_is_a_400(client, users, plan):
    response = login(client, users["editor"]).get(f"/goals/{plan.pk}/download.odt")
    message = e.FORMAT_MESSAGE.format(fmt="odt", formats="docx、xlsx、pdf、json")
    assert response.status_code == 400 and message in response.content.decode()


# ---------------------------------------------------------------- a goal document that cannot be taken (400)

def test_an_unreadable_upload_answers_the_readers_message(users):
    client = bearer(users["editor"])
    broken = client.post("/api/plans/", {"file": SimpleUploadedFile("目标.docx", b"PK\x03\x04broken")})
    assert answer(broken) == (400, formats.BAD_DOCX, f"目标.docx：{formats.BAD_DOCX_MESSAGE}")
    empty = client.post("/api/plans/", {"file": SimpleUploadedFile("目标.txt", b" ")})
    assert answer(empty) == (400, formats.EMPTY_FILE, f"目标.txt：{formats.EMPTY_FILE_MESSAGE}")
    assert not Plan.objects.exists()


def test_an_upload_with_errors_lists_them_by_place(users):
    text = SEED.read_text("utf-8").replace("\t50.00%\n", "\t五成\n", 1)
    response = bearer(users["editor"]).post("/api/plans/", {"file": SimpleUploadedFile("目标.txt", text.encode())})
    assert answer(response) == (400, e.INVALID_DOCUMENT, e.INVALID_DOCUMENT_MESSAGE.format(name="目标.txt", count=1))
    assert response.json()["fields"] == {"第83行": formats.BAD_PLAN_MESSAGE.format(month=3, text="五成")}
    assert not Plan.objects.exists()


def test_the_upload_page_shows_the_readers_message(client, users):
    response = login(client, users["editor"]).post("/goals/upload/", {
        "file": SimpleUploadedFile("目标.docx", b"PK\x03\x04broken")})
    assert f"目标.docx：{formats.BAD_DOCX_MESSAGE}" in response.content.decode()
    assert not Plan.objects.exists()
