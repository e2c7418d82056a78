"""The upload's preview says what confirming would do before the user confirms: a draft of
that year to be replaced (asked, with a box to tick), a plan already 已公开 or submitted
that cannot be replaced, a unit not yet created; a file with nothing readable in it is
never previewed as "0年，0个项目"."""

from django.core.files.uploadedfile import SimpleUploadedFile

from jixiao.web.goals import errors as e
from jixiao.web.goals import services
from jixiao.web.goals.models import Plan, Project, Unit

from ..conftest import CORPUS
from .conftest import SEED, approve, login


def upload(client, name: str, data: bytes):
    return client.post("/goals/upload/", {"file": SimpleUploadedFile(name, data)})


def test_a_draft_of_the_same_year_is_asked_about_before_it_is_replaced(client, users, plan):
    project = plan.projects.get(code="13032221GVUVTX63BWWCQ")
    Project.objects.filter(pk=project.pk).update(name="草稿中改过的名称")
    editor = login(client, users["editor"])
    text = upload(editor, "seed.txt", SEED.read_bytes()).content.decode()
    assert e.DRAFT_EXISTS_MESSAGE.format(unit="昌黎县总工会本级", year=2021, count=3) in text
    assert 'name="replace_draft" value="1" required' in text and "确认导入" in text
    refused = editor.post("/goals/upload/confirm/")  # the box not ticked
    assert refused.status_code == 409
    assert e.DRAFT_NOT_CONFIRMED_MESSAGE.format(unit="昌黎县总工会本级", year=2021) in refused.content.decode()
    assert Project.objects.filter(name="草稿中改过的名称").exists()  # nothing replaced
    replaced = editor.post("/goals/upload/confirm/", {"replace_draft": "1"})  # the upload is still there
    assert replaced.status_code == 302 and Plan.objects.count() == 1
    assert not Project.objects.filter(name="草稿中改过的名称").exists()


def test_a_new_year_needs_no_replacing(client, users):
    editor = login(client, users["editor"])
    text = upload(editor, "seed.txt", SEED.read_bytes()).content.decode()
    assert "replace_draft" not in text and "请注意" not in text and "确认导入" in text


def test_a_published_plan_is_said_on_the_preview_and_cannot_be_confirmed(client, users, plan):
    services.plan_publish(plan=approve(plan, users), user=users["approver"])
    editor = login(client, users["editor"])
    text = upload(editor, "seed.txt", SEED.read_bytes()).content.decode()
    refusal = e.EXISTS_LOCKED_MESSAGE.format(unit="昌黎县总工会本级", year=2021, state="已公开")
    assert f"不能导入：{refusal}" in text and "确认导入" not in text
    response = editor.post("/goals/upload/confirm/", {"replace_draft": "1"})
    assert response.status_code == 409 and refusal in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == Plan.PUBLISHED


def test_a_unit_not_yet_created_is_said_on_the_preview(client, users):
    sample = CORPUS / "samples" / "sangtai-kexie-2023.xlsx"
    editor = login(client, users["editor"])
    text = upload(editor, sample.name, sample.read_bytes()).content.decode()
    assert "不能导入：单位“745001" in text and "尚未建立：请管理员" in text and "确认导入" not in text
    admin = login(client, users["admin"])
    text = upload(admin, sample.name, sample.read_bytes()).content.decode()
    assert "尚未建立：确认导入将同时建立该单位" in text and "确认导入</button>" in text
    assert not Unit.objects.filter(code="745001").exists()  # not before confirming


def test_another_units_editor_is_told_on_the_preview(client, users):
    text = upload(login(client, users["outsider"]), "seed.txt", SEED.read_bytes()).content.decode()
    assert f"不能导入：{e.OUTSIDER_IMPORT_MESSAGE.format(unit='711001昌黎县总工会本级')}" in text and "确认导入" not in text


def test_a_file_with_nothing_readable_is_never_previewed_as_nothing(client, users):
    editor = login(client, users["editor"])
    response = upload(editor, "会议记录.txt", "今天开会，讨论了工会的工作。\n".encode())
    text = response.content.decode()
    assert "导入预览" not in text and "0年" not in text and "0个项目" not in text
    assert "会议记录.txt：没有读出绩效目标（" in text and "文件中没有找到项目支出绩效目标表" in text
    assert 'type="file"' in text  # the upload form again, to choose another file
    assert editor.post("/goals/upload/confirm/", follow=True).content.decode().count("没有待保存的导入内容") == 1
    assert not Plan.objects.exists()
