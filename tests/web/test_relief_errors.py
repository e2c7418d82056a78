"""The programmes' errors at the edges: each a clear Chinese message with its code and the
status its kind gives (400, 404 for what is missing, 409 for a record changed by someone
else or a round already frozen), and nothing changed."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from jixiao.relief import errors as core_errors
from jixiao.relief.synthetic import made_up_id
from jixiao.web.accounts.models import Token
from jixiao.web.evaluation.models import IndicatorValue, SpendingRecord
from jixiao.web.goals.models import Indicator
from jixiao.web.relief import errors, selectors, services
from jixiao.web.relief.models import Beneficiary, HealthCheck, ModelWorker, Payment, Round, Standard, Survey

from .conftest import approve, login

P1, P2 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098"
HEADER = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度"]


def api(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(user)}")


@pytest.fixture
def year(users, plan):
    """The approved seed plan, a standard of 500元, five registered workers and a spring round."""
    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=D(500))
    rows = [HEADER] + [[f"职工{k}", made_up_id(k), "13800000000", "县纺织厂", "3", "20000", "因病", "相对困难"]
                       for k in range(5)]
    services.register_import(unit=plan.unit, rows=rows, user=users["relief"])
    project = plan.projects.get(code=P1)
    spring = services.round_create(project=project, name="2021年春节送温暖", kind="救助", start=date(2021, 1, 15),
                                   end=date(2021, 2, 10), degrees=[], user=users["relief"])
    return plan, project, spring


def test_a_stale_beneficiary_update_is_a_409_in_the_api(users, year):
    person = Beneficiary.objects.get(id_number=made_up_id(1))
    body = {"version": person.version, "phone": "13912345678", "employer": "新单位", "cause": "因病", "degree": "深度困难"}
    officer = api(users["relief"])
    first = officer.put(f"/api/relief/people/{person.pk}", body, content_type="application/json")
    assert first.status_code == 200 and first.json()["version"] == person.version + 1
    again = officer.put(f"/api/relief/people/{person.pk}", {**body, "employer": "又一个"},
                        content_type="application/json")
    assert again.status_code == 409
    assert again.json() == {"code": "stale", "message": errors.STALE_MESSAGE.format(name="职工1"), "fields": {}}
    person.refresh_from_db()
    assert person.employer == "新单位"


def test_a_bad_value_or_move_of_a_person_is_a_400_with_the_cores_code(users, year):
    person = Beneficiary.objects.get(id_number=made_up_id(2))
    officer = api(users["relief"])
    body = {"version": person.version, "phone": "12345", "employer": "", "cause": "因病", "degree": "相对困难"}
    bad = officer.put(f"/api/relief/people/{person.pk}", body, content_type="application/json")
    assert (bad.status_code, bad.json()["code"], bad.json()["message"]) == (
        400, core_errors.PHONE, core_errors.PHONE_MESSAGE.format(text="12345"))
    officer.post(f"/api/relief/people/{person.pk}/move", {"status": "注销", "date": "2021-03-01"},
                 content_type="application/json")
    back = officer.post(f"/api/relief/people/{person.pk}/move", {"status": "建档", "date": "2021-04-01"},
                        content_type="application/json")
    assert (back.status_code, back.json()["code"]) == (400, core_errors.STATUS_MOVE)
    assert back.json()["message"] == "职工2当前为“注销”，不能改为“建档”"
    person.refresh_from_db()
    assert (person.phone, person.status) == ("13800000000", "注销")


def test_what_is_missing_or_not_yours_is_a_404_on_pages_and_in_the_api(client, users, year):
    person = Beneficiary.objects.get(id_number=made_up_id(1))
    outsider = api(users["outsider"])
    for path, message in ((f"/api/relief/people/{person.pk}", errors.MISSING_PERSON_MESSAGE),
                          (f"/api/relief/rounds/{year[2].pk}", errors.MISSING_ROUND_MESSAGE)):
        response = outsider.get(path)
        assert (response.status_code, response.json()["code"], response.json()["message"]) == (
            404, errors.MISSING, message)
    page = login(client, users["outsider"]).post(f"/relief/people/{person.pk}/edit/", {"version": "0"})
    assert page.status_code == 404 and errors.MISSING_PERSON_MESSAGE in page.content.decode()
    survey = services.survey_create(project=year[1], name="回访", questions=["总体"], user=users["relief"])
    answers = SimpleUploadedFile("a.csv", "总体\n5\n".encode())
    page = client.post(f"/relief/surveys/{survey.pk}/answers/", {"file": answers})
    assert page.status_code == 404 and errors.MISSING_SURVEY_MESSAGE in page.content.decode()
    assert not survey.responses.exists()


def test_approving_a_frozen_round_again_is_a_409(users, year):
    officer = api(users["approver"])  # a round is approved by the unit's 单位审核, not its drafter
    spring = year[2]
    assert officer.post(f"/api/relief/rounds/{spring.pk}/approve").json()["entries"] == 5
    again = officer.post(f"/api/relief/rounds/{spring.pk}/approve")
    assert (again.status_code, again.json()["code"]) == (409, core_errors.ROUND_FROZEN)
    assert again.json()["message"] == "“2021年春节送温暖”已审批，名单已冻结"


def test_a_round_over_budget_is_a_400_and_nothing_is_frozen(users, year):
    Standard.objects.update(amount=D(50000))  # 5 × 5万元 > 20万元
    response = api(users["approver"]).post(f"/api/relief/rounds/{year[2].pk}/approve")
    assert (response.status_code, response.json()["code"]) == (400, core_errors.ROUND_OVER_BUDGET)
    assert response.json()["message"] == "本轮合计25.00万元，超过项目剩余预算20.00万元"
    assert Round.objects.get(pk=year[2].pk).state == Round.DRAFT


def test_a_bad_payment_row_names_the_file_and_row_and_keeps_nothing(users, year):
    spring = year[2]
    officer = api(users["relief"])
    api(users["approver"]).post(f"/api/relief/rounds/{spring.pk}/approve")
    rows = f"身份证号,金额,日期\n{made_up_id(0)},500,2021-02-01\n{made_up_id(1)},500,2022-01-03\n"
    response = officer.post(f"/api/relief/rounds/{spring.pk}/payments",
                            {"file": SimpleUploadedFile("回盘.csv", rows.encode())})
    assert (response.status_code, response.json()["code"]) == (400, errors.BAD_ROWS)
    # Outside the round's dates alone would be kept (not compliant); outside the budget year is refused.
    assert response.json()["message"] == "回盘.csv：1行有误，未导入任何记录：第3行“日期”：发放日期2022-01-03不在预算年度内"
    assert response.json()["fields"] == {"第3行“日期”": "发放日期2022-01-03不在预算年度内"}
    unreadable = officer.post(f"/api/relief/rounds/{spring.pk}/payments", {"file": SimpleUploadedFile(
        "回盘.csv", f"身份证号,金额,日期\n{made_up_id(0)},五百,2021-02-01\n".encode())})
    assert unreadable.json()["message"] == "回盘.csv：1行有误，未导入任何记录：第2行“金额”：金额“五百”不是数字"
    assert not Payment.objects.exists() and not SpendingRecord.objects.exists()


def test_a_check_posted_to_another_years_project_is_refused(users, year):
    plan = year[0]
    worker = ModelWorker.objects.create(unit=plan.unit, id_number=made_up_id(200), name="劳模甲", level="省部级",
                                        year_honoured=2015)
    p2 = plan.projects.get(code=P2)
    response = api(users["relief"]).post(f"/api/relief/workers/{worker.pk}/checks", {
        "year": 2022, "state": "已检", "date": "2022-06-01", "cost": "500", "project": p2.pk},
        content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, errors.CHECK_PROJECT)
    assert response.json()["message"] == errors.CHECK_PROJECT_MESSAGE.format(project=p2.name, year=2022)
    assert not HealthCheck.objects.exists() and not SpendingRecord.objects.exists()


@pytest.mark.parametrize(("path", "data", "message"), [
    ("/relief/people/{person}/move/", {"status": "脱困", "date": "五月"}, errors.MOVE_DATE_MESSAGE),
    ("/relief/people/{person}/edit/", {"phone": "13912345678"}, errors.VERSION_MESSAGE),
    ("/relief/rounds/new/", {"project": "{project}", "start": "2021-03-01", "end": ""}, errors.ROUND_DATES_MESSAGE),
    ("/relief/standards/", {"year": "2021", "kind": "助学", "amount": "1000"}, errors.UNIT_MESSAGE),
    ("/relief/standards/", {"unit": "{unit}", "year": "2021", "kind": "助学", "amount": "很多"},
     errors.STANDARD_NUMBERS_MESSAGE),
    ("/relief/workers/{worker}/check/", {"year": "2021", "cost": "五百"}, errors.CHECK_VALUES_MESSAGE),
    ("/relief/register/import/", {"unit": "{unit}"}, errors.FILE_MESSAGE.format(what="困难职工档案")),
    ("/relief/register/import/", {"unit": "999"}, errors.UNIT_MESSAGE),
    ("/relief/actuals/{indicator}/bind/", {"metric": "persons_paid", "deadline": "2021-13-01"},
     errors.DEADLINE_MESSAGE),
])
def test_a_form_posted_wrong_says_what_and_changes_nothing(client, users, year, path, data, message):
    from jixiao.web.relief.models import MetricBinding

    plan, project, _ = year
    person = Beneficiary.objects.get(id_number=made_up_id(1))
    worker = ModelWorker.objects.create(unit=plan.unit, id_number=made_up_id(200), name="劳模甲", level="省部级",
                                        year_honoured=2015)
    indicator = Indicator.objects.get(project=project, name="困难帮扶人数")
    ids = {"person": person.pk, "project": project.pk, "unit": plan.unit.pk, "worker": worker.pk,
           "indicator": indicator.pk}
    before = (Beneficiary.objects.get(pk=person.pk).status, Round.objects.count(), Standard.objects.count(),
              HealthCheck.objects.count(), MetricBinding.objects.count(), Beneficiary.objects.count())
    response = login(client, users["relief"]).post(path.format(**ids), {k: v.format(**ids) for k, v in data.items()})
    assert response.status_code == 400 and message in response.content.decode()
    assert before == (Beneficiary.objects.get(pk=person.pk).status, Round.objects.count(), Standard.objects.count(),
                      HealthCheck.objects.count(), MetricBinding.objects.count(), Beneficiary.objects.count())


def test_actuals_give_every_value_its_provenance(users, year):
    plan, project, spring = year
    services.round_approve(round_=spring, user=users["approver"])
    services.payment_record(round_=spring, id_number=made_up_id(0), amount=D(500), on=date(2021, 2, 1),
                            user=users["relief"])
    services.binding_set(indicator=Indicator.objects.get(project=project, name="困难帮扶人数"), metric="persons_paid",
                         params={}, user=users["relief"])
    typed = Indicator.objects.get(project=project, name="受帮扶困难职工满意度")
    IndicatorValue.objects.create(indicator=typed, actual="96%", value=D(96), unit="%")
    imported = Indicator.objects.get(project=project, name="困难职工生活环境美化程度")
    IndicatorValue.objects.create(indicator=imported, actual="88%", value=D(88), unit="%",
                                  source=IndicatorValue.IMPORTED, source_file="a.csv：第2行")
    rows = {r["name"]: r for r in api(users["finance"]).get(f"/api/relief/actuals/{project.pk}").json()["indicators"]}
    computed = rows["困难帮扶人数"]["provenance"]
    assert (computed["kind"], computed["label"], len(computed["records"])) == (
        "computed", "由业务记录计算（persons_paid，1条记录）", 1) and computed["computed_at"]
    assert rows["受帮扶困难职工满意度"]["provenance"] == {"kind": "typed", "label": "手工填报", "records": [],
                                                    "computed_at": None}
    assert rows["困难职工生活环境美化程度"]["provenance"]["label"] == "文件导入（a.csv：第2行）"
    assert all(r["provenance"] is None for r in rows.values() if r["actual"] is None)


def test_the_one_mapping_gives_the_core_what_the_rows_hold(users, year):
    from jixiao.web.relief import convert

    plan, project, spring = year
    person = Beneficiary.objects.get(id_number=made_up_id(3))
    core = convert.beneficiary_core(person)
    assert (core.id_number, core.name, core.household_size, core.household_income, core.cause, core.degree,
            core.status) == (person.id_number, "职工3", 3, D(20000), "因病", "相对困难", "建档")
    assert convert.beneficiary_fields(core)["household_income"] == D(20000)
    r = convert.round_core(spring)
    assert (r.name, r.project, r.start, r.end, r.state) == (spring.name, P1, date(2021, 1, 15), date(2021, 2, 10),
                                                            "draft")
    entries, left_out = selectors.round_draw(spring)
    assert [e.amount for e in entries] == [D(500)] * 5 and left_out == []
    assert Survey.objects.count() == 0


def test_a_done_check_whose_cost_posts_to_spending_needs_its_date(users, year):
    plan = year[0]
    worker = ModelWorker.objects.create(unit=plan.unit, id_number=made_up_id(200), name="劳模甲", level="省部级",
                                        year_honoured=2015)
    p2 = plan.projects.get(code=P2)
    officer = api(users["relief"])
    body = {"year": 2021, "state": "已检", "cost": "500", "project": p2.pk}
    response = officer.post(f"/api/relief/workers/{worker.pk}/checks", body, content_type="application/json")
    assert (response.status_code, response.json()["code"]) == (400, errors.CHECK_DATE)
    assert response.json()["message"] == "劳模甲的体检费用要计入项目支出，请填写体检日期"
    assert not HealthCheck.objects.exists() and not SpendingRecord.objects.exists()
    done = officer.post(f"/api/relief/workers/{worker.pk}/checks", {**body, "date": "2021-06-01"},
                        content_type="application/json")
    assert done.status_code == 200 and SpendingRecord.objects.get().amount == D(500)
