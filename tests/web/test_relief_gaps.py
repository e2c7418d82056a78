"""Trust gaps of the programmes found walking the demo year: older workers' ID numbers register,
health checks stay in their year, round names are unique, a round without a 救助标准 is refused
once, a draft round can be deleted, one person is added by hand, 致困原因 and 困难程度 are choices,
hardship workers' names and causes are hidden from roles other than the relief officer, and
satisfaction counts respondents."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from stdnum.cn import ric

from jixiao.relief import errors as core_errors
from jixiao.relief.persons import mask_id
from jixiao.relief.synthetic import made_up_id
from jixiao.web.accounts.models import Token
from jixiao.web.evaluation import selectors as evaluation
from jixiao.web.goals.models import Indicator
from jixiao.web.history.models import Entry
from jixiao.web.relief import errors, selectors, services
from jixiao.web.relief.models import Beneficiary, HealthCheck, ModelWorker, Round, Standard, Survey, SurveyResponse

from .conftest import approve, login

P1, P2 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098"
HEADER = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度"]


def real(region: str, born: str, seq: str = "001") -> str:
    base = region + born + seq
    return base + ric.calc_check_digit(base + "0")


BORN_1950 = real("130322", "19500315")  # 昌黎县's code dates from 1983
BORN_1962 = real("130322", "19620827", "024")


def api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


@pytest.fixture
def year(users, plan):
    """The approved seed plan, a standard of 500元 and three registered workers."""
    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=D(500))
    rows = [HEADER, ["张建金", made_up_id(0), "13800000000", "县纺织厂", "3", "20,000", "因病", "相对困难"],
            ["李秀", made_up_id(1), "13800000001", "县供销社", "2", "18,000", "失业", "深度困难"],
            ["欧阳小明", made_up_id(2), "", "县运输公司", "4", "24,000", "意外", "意外致困"]]
    assert services.register_import(unit=plan.unit, rows=rows, user=users["relief"])[1] == []
    return plan, plan.projects.get(code=P1)


# ---------------------------------------------------------------- older workers' ID numbers

def test_a_1950_born_130322_number_registers_through_the_register_import_page(client, users, plan):
    assert not ric.is_valid(BORN_1950)  # python-stdnum alone refuses it
    login(client, users["relief"])
    text = f"姓名,身份证号,致困原因,困难程度\n王德明,{BORN_1950},因病,深度困难\n赵淑珍,{BORN_1962},因残,相对困难\n"
    page = client.post("/relief/register/import/", {"unit": plan.unit.pk, "file": SimpleUploadedFile(
        "档案.csv", text.encode("gb18030"))}).content.decode()
    assert "出生日期" not in page and "地区码" not in page
    assert set(Beneficiary.objects.values_list("id_number", flat=True)) == {BORN_1950, BORN_1962}


def test_a_1950_born_130322_number_registers_via_the_api(users, plan):
    response = api(users["relief"]).post("/api/relief/register/import", {"unit": "711001", "file": SimpleUploadedFile(
        "档案.csv", f"姓名,身份证号\n王德明,{BORN_1950}\n".encode())})
    assert response.status_code == 200 and response.json() == {"count": 1, "bad": []}
    created = api(users["relief"]).post("/api/relief/people", {"unit": "711001", "name": "赵淑珍", "id_number": BORN_1962,
                                                              "cause": "因残", "degree": "深度困难"},
                                        content_type="application/json")
    assert created.status_code == 200 and created.json()["id_number"] == BORN_1962


def test_a_future_birth_date_in_the_register_is_refused_naming_the_row(users, plan):
    future = real("130322", "20990101")
    count, bad = services.register_import(unit=plan.unit, rows=[["姓名", "身份证号"], ["甲", future],
                                                                ["乙", real("999999", "19600101")]],
                                          user=users["relief"], only_good=True)
    assert count == 0 and bad == [
        f"第2行“身份证号”：身份证号“{mask_id(future)}”中的出生日期20990101无效（应为1900年以后、不晚于今天的真实日期）",
        f"第3行“身份证号”：身份证号“{mask_id(real('999999', '19600101'))}”的地区码999999不是任何时期的行政区划代码"]


def test_the_demo_makes_older_people():
    born = [int(made_up_id(k)[6:10]) for k in range(420)]
    assert sum(1950 <= y < 1980 for y in born) > 200 and min(born) < 1955


# ---------------------------------------------------------------- one person by hand

def test_one_person_is_added_by_hand_on_the_page_with_history(client, users, year):
    plan, _ = year
    login(client, users["relief"])
    page = client.get("/relief/register/").content.decode()
    assert 'name="cause"' in page and '<select id="new-cause" name="cause">' in page
    response = client.post("/relief/register/new/", {"unit": plan.unit.pk, "name": "王德明", "id_number": BORN_1950,
                                                     "phone": "138 0013 8000", "household_income": "12,000",
                                                     "cause": "因病", "degree": "深度困难"})
    person = Beneficiary.objects.get(id_number=BORN_1950)
    assert response.status_code == 302 and response["Location"] == f"/relief/people/{person.pk}/"
    assert (person.name, person.phone, person.household_income, person.cause) == ("王德明", "13800138000", D(12000),
                                                                                  "因病")
    entry = Entry.objects.get(action="beneficiary.created", object_id=person.pk)
    assert entry.user == users["relief"] and BORN_1950 not in entry.note


def test_adding_a_person_twice_or_with_a_bad_number_changes_nothing(client, users, year):
    plan, _ = year
    officer = api(users["relief"])
    body = {"unit": "711001", "name": "张建金", "id_number": made_up_id(0)}
    twice = officer.post("/api/relief/people", body, content_type="application/json")
    assert twice.status_code == 409 and twice.json()["code"] == core_errors.REGISTERED_TWICE
    wrong = officer.post("/api/relief/people", {**body, "id_number": made_up_id(0)[:-1] + "0"
                                                if made_up_id(0)[-1] != "0" else made_up_id(0)[:-1] + "1"},
                         content_type="application/json")
    assert wrong.status_code == 400 and wrong.json()["code"] == core_errors.ID_CHECKSUM
    not_a_choice = officer.post("/api/relief/people", {**body, "id_number": BORN_1950, "cause": "中彩票"},
                                content_type="application/json")
    assert not_a_choice.status_code in (400, 422)
    editor = api(users["editor"]).post("/api/relief/people", {**body, "id_number": BORN_1950},
                                       content_type="application/json")
    assert editor.status_code == 403
    login(client, users["relief"])
    page = client.post("/relief/register/new/", {"unit": plan.unit.pk, "name": "", "id_number": BORN_1950,
                                                 "cause": "因病", "degree": "深度困难"})
    assert page.status_code == 400 and "姓名为空" in page.content.decode()
    assert Beneficiary.objects.count() == 3


def test_cause_and_degree_are_choices_in_the_edit_form(client, users, year):
    person = Beneficiary.objects.get(id_number=made_up_id(0))
    login(client, users["relief"])
    page = client.get(f"/relief/people/{person.pk}/").content.decode()
    assert '<select id="edit-cause" name="cause">' in page and "<option selected>因病</option>" in page
    assert '<select id="edit-degree" name="degree">' in page
    refused = client.post(f"/relief/people/{person.pk}/edit/", {"version": person.version, "cause": "中彩票",
                                                                "degree": "相对困难"})
    assert refused.status_code == 400 and "致困原因" in refused.content.decode()
    person.refresh_from_db()
    assert person.cause == "因病"


# ---------------------------------------------------------------- health checks in their year

def test_a_health_check_dated_outside_its_year_is_refused(client, users, year):
    plan, _ = year
    worker = ModelWorker.objects.create(unit=plan.unit, id_number=real("130322", "19580707"), name="刘长青",
                                        level="省部级", year_honoured=2010)
    with pytest.raises(errors.ReliefError) as caught:
        services.check_record(worker=worker, project=None, year=2021, state="已检", on=date(2022, 1, 5),
                              institution="昌黎县人民医院", cost=D(0), reason="", user=users["relief"])
    assert (caught.value.code, caught.value.message) == (errors.CHECK_YEAR, "刘长青的体检日期2022-01-05不在2021年内")
    login(client, users["relief"])
    page = client.post(f"/relief/workers/{worker.pk}/check/", {"year": "2021", "state": "已检",
                                                               "date": "2020-12-30", "cost": "500"})
    assert page.status_code == 400 and "刘长青的体检日期2020-12-30不在2021年内" in page.content.decode()
    assert not HealthCheck.objects.exists()
    services.check_record(worker=worker, project=None, year=2021, state="已检", on=date(2021, 12, 31),
                          institution="昌黎县人民医院", cost=D(0), reason="", user=users["relief"])
    assert HealthCheck.objects.count() == 1


# ---------------------------------------------------------------- rounds: names, standards, deleting a draft

def spring(project, users, name="2021年春节送温暖", kind="救助"):
    return services.round_create(project=project, name=name, kind=kind, start=date(2021, 1, 15),
                                 end=date(2021, 2, 10), degrees=[], user=users["relief"])


def test_a_round_name_is_unique_in_its_project_and_year(users, year):
    _, project = year
    spring(project, users)
    with pytest.raises(errors.ReliefError) as caught:
        spring(project, users)
    assert (caught.value.code, caught.value.status) == (errors.ROUND_NAME, 409)
    assert caught.value.message == errors.ROUND_NAME_MESSAGE.format(project=project.name, year=2021,
                                                                    name="2021年春节送温暖")
    response = api(users["relief"]).post("/api/relief/rounds", {"project": project.pk, "name": "2021年春节送温暖",
                                                               "kind": "救助", "start": "2021-01-15",
                                                               "end": "2021-02-10"}, content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == errors.ROUND_NAME
    assert Round.objects.count() == 1


def test_a_round_without_a_standard_is_refused_with_one_message(client, users, year):
    _, project = year
    message = errors.NO_STANDARD_MESSAGE.format(year=2021, kind="助学")
    with pytest.raises(errors.ReliefError) as caught:
        spring(project, users, name="秋季助学", kind="助学")
    assert (caught.value.code, caught.value.message) == (errors.NO_STANDARD, message)
    login(client, users["relief"])
    page = client.post("/relief/rounds/new/", {"project": project.pk, "name": "秋季助学", "kind": "助学",
                                               "start": "2021-08-20", "end": "2021-09-10"})
    assert page.status_code == 400 and page.content.decode().count("没有“助学”类的救助标准") == 1
    assert not Round.objects.exists()
    # A draft left over from before (made directly): its page and its approval say it once.
    old = Round.objects.create(project=project, name="旧助学", kind="助学", start=date(2021, 8, 20),
                               end=date(2021, 9, 10), created_by=users["relief"])
    detail = client.get(f"/relief/rounds/{old.pk}/").content.decode()
    assert detail.count("没有“助学”类的救助标准") == 1 and "未列入" not in detail
    with pytest.raises(errors.ReliefError) as caught:
        services.round_approve(round_=old, user=users["approver"])
    assert caught.value.code == errors.NO_STANDARD
    got = api(users["relief"]).get(f"/api/relief/rounds/{old.pk}")
    assert got.status_code == 400 and got.json()["message"] == f"救助类别：{message}"


def test_a_draft_round_is_deleted_with_history_and_an_approved_one_is_not(client, users, year):
    _, project = year
    draft = spring(project, users)
    survey = services.survey_create(project=project, name="春节满意度", questions=["总体评价"], round_=draft,
                                    user=users["relief"])
    login(client, users["editor"])
    assert client.post(f"/relief/rounds/{draft.pk}/delete/").status_code == 403
    login(client, users["relief"])
    assert "删除草稿轮次" in client.get(f"/relief/rounds/{draft.pk}/").content.decode()
    response = client.post(f"/relief/rounds/{draft.pk}/delete/")
    assert response.status_code == 302 and not Round.objects.filter(pk=draft.pk).exists()
    survey.refresh_from_db()
    assert survey.round is None
    entry = Entry.objects.get(action="round.deleted")
    assert (entry.object_type, entry.object_id, entry.user) == ("project", project.pk, users["relief"])
    assert "2021年春节送温暖" in entry.note
    again = spring(project, users)  # the name is free again
    services.round_approve(round_=again, user=users["approver"])
    frozen = api(users["relief"]).delete(f"/api/relief/rounds/{again.pk}")
    assert frozen.status_code == 409 and Round.objects.filter(pk=again.pk).exists()
    other = spring(project, users, name="2021年国庆救助")
    deleted = api(users["relief"]).delete(f"/api/relief/rounds/{other.pk}")
    assert deleted.status_code == 200 and deleted.json() == {"deleted": other.pk}


# ---------------------------------------------------------------- names and causes hidden from other roles

def test_other_roles_see_names_masked_and_no_cause_on_the_pages(client, users, year):
    person = Beneficiary.objects.get(id_number=made_up_id(0))
    services.beneficiary_update(beneficiary=person, fields={"cause": "因残"}, version=person.version,
                                user=users["relief"])
    login(client, users["editor"])
    register = client.get("/relief/register/").content.decode()
    assert "张*金" in register and "李*" in register and "欧**明" in register
    assert "张建金" not in register and "因残" not in register and "失业" not in register
    page = client.get(f"/relief/people/{person.pk}/").content.decode()
    assert "张*金" in page and "张建金" not in page and "因残" not in page and "因病" not in page
    login(client, users["relief"])
    officer = client.get(f"/relief/people/{person.pk}/").content.decode()
    assert "张建金" in officer and "因病 → 因残" in officer  # the history, in full for the officer


def test_other_roles_see_names_masked_in_the_api_and_the_round(client, users, year):
    _, project = year
    draft = spring(project, users)
    editor = api(users["editor"])
    people = {p["id_number"][-4:]: p for p in editor.get("/api/relief/register").json()}
    assert people[made_up_id(0)[-4:]]["name"] == "张*金" and people[made_up_id(0)[-4:]]["cause"] == ""
    officer = {p["id_number"]: p for p in api(users["relief"]).get("/api/relief/register").json()}
    assert officer[made_up_id(0)]["name"] == "张建金" and officer[made_up_id(0)]["cause"] == "因病"
    detail = editor.get(f"/api/relief/rounds/{draft.pk}").json()
    assert sorted(x["name"] for x in detail["draft"]) == ["张*金", "李*", "欧**明"]
    login(client, users["finance"])
    page = client.get(f"/relief/rounds/{draft.pk}/").content.decode()
    assert "张*金" in page and "张建金" not in page
    services.round_approve(round_=draft, user=users["approver"])
    services.payment_record(round_=draft, id_number=made_up_id(0), amount=D(500), on=date(2021, 2, 1),
                            user=users["relief"])
    listed = editor.get(f"/api/relief/rounds/{draft.pk}").json()["listed"]
    assert sorted(x["name"] for x in listed) == ["张*金", "李*", "欧**明"]
    indicator = Indicator.objects.get(project=project, name="困难帮扶人数")
    services.binding_set(indicator=indicator, metric="persons_paid", params={}, user=users["relief"])
    login(client, users["editor"])
    drill = client.get(f"/relief/actuals/{indicator.pk}/").content.decode()
    assert "张*金" in drill and "张建金" not in drill


# ---------------------------------------------------------------- satisfaction per respondent

def test_satisfaction_counts_respondents_by_their_overall_answer(users, year):
    plan, project = year
    survey = Survey.objects.create(project=project, name="救助满意度调查",
                                   questions=["对发放及时性的评价", "对救助（服务）的总体评价"])
    # Pooled answers: 4 of 6 are 满意 or better (66.67 %); per person, by the overall answer: 1 of 3.
    SurveyResponse.objects.bulk_create([SurveyResponse(survey=survey, answers=a)
                                        for a in ([5, 3], [5, 3], [2, 4])])
    indicator = Indicator.objects.get(project=project, name="受帮扶困难职工满意度")
    services.binding_set(indicator=indicator, metric="survey_satisfaction", params={}, user=users["relief"])
    row = next(i for i in next(s for s in evaluation.scores(plan) if s.code == P1).indicators
               if i.name == "受帮扶困难职工满意度")
    assert row.actual == "33.33%"
    assert selectors.metric_value(indicator).records == tuple(f"response:{r.pk}" for r in survey.responses.all())


def test_the_standards_form_offers_degree_and_cause_as_choices(client, users, year):
    login(client, users["relief"])
    page = client.get("/relief/standards/").content.decode()
    assert '<select id="std-degree" name="degree"><option value="">全部</option><option>深度困难</option>' in page
    assert '<select id="std-cause" name="cause"><option value="">全部</option><option>因病</option>' in page


def test_a_payment_posts_to_spending_without_the_workers_full_name(users, year):
    from jixiao.web.evaluation.models import SpendingRecord

    _, project = year
    draft = spring(project, users)
    services.round_approve(round_=draft, user=users["approver"])
    services.payment_record(round_=draft, id_number=made_up_id(0), amount=D(500), on=date(2021, 2, 1),
                            user=users["relief"])
    note = SpendingRecord.objects.get(project=project).note  # the spending list shows it to every role
    assert note == "2021年春节送温暖：张*金"
