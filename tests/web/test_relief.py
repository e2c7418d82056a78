"""The union's programmes in the web app: register import, rounds, payments and
checks posting to spending, and indicator actuals computed from those records."""

from datetime import date
from decimal import Decimal as D

import pytest

from jixiao.relief.errors import RoundError, RowsError
from jixiao.relief.synthetic import made_up_id
from jixiao.web.evaluation import selectors as evaluation
from jixiao.web.evaluation.models import SpendingRecord
from jixiao.web.goals.models import Indicator
from jixiao.web.history.models import Entry
from jixiao.web.relief import selectors, services
from jixiao.web.relief.errors import ReliefError
from jixiao.web.relief.models import Beneficiary, ModelWorker, Payment, Round, RoundEntry, Standard

from .conftest import approve

P1, P2 = "13032221GVUVTX63BWWCQ", "13032221QUQ99RB4O5098"
HEADER = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度"]


@pytest.fixture
def relief(users, plan):
    """The approved seed plan, a standard of 500元, ten registered workers and a spring round."""
    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=D(500))
    rows = [HEADER] + [[f"职工{k}", made_up_id(k), "13800000000", "县纺织厂", "3", "20000", "因病", "相对困难"]
                       for k in range(10)]
    count, bad = services.register_import(unit=plan.unit, rows=rows, user=users["relief"])
    assert (count, bad) == (10, [])
    project = plan.projects.get(code=P1)
    spring = services.round_create(project=project, name="2021年春节送温暖", kind="救助", start=date(2021, 1, 15),
                                   end=date(2021, 2, 10), degrees=[], user=users["relief"])
    return plan, project, spring


def pay(spring, users, k, amount=D(500), on=date(2021, 2, 1)):
    return services.payment_record(round_=spring, id_number=made_up_id(k), amount=amount, on=on, user=users["relief"])


def actual_and_score(plan, name):
    project_score = next(s for s in evaluation.scores(plan) if s.code == P1)
    row = next(i for i in project_score.indicators if i.name == name)
    return row.actual, row.score


def test_actuals_and_scores_follow_the_records(users, relief):
    plan, project, spring = relief
    assert services.round_approve(round_=spring, user=users["approver"]) == 10
    indicator = Indicator.objects.get(project=project, name="困难帮扶人数")
    services.binding_set(indicator=indicator, metric="persons_paid", params={}, user=users["editor"])
    for k in range(8):
        pay(spring, users, k)
    assert SpendingRecord.objects.filter(project=project).count() == 8  # payments post to spending by themselves
    actual, score = actual_and_score(plan, "困难帮扶人数")
    assert actual == "8人" and score == D(8) / 400 * D("12.5")
    pay(spring, users, 8)
    actual, later = actual_and_score(plan, "困难帮扶人数")
    assert actual == "9人" and later > score
    monitoring = evaluation.monitoring(plan, date(2021, 7, 31))[1][0]
    assert monitoring.spent == D(4500) and monitoring.indicators[0].actual == "9人"


def test_a_person_paid_in_two_rounds_counts_once(users, relief):
    plan, project, spring = relief
    services.round_approve(round_=spring, user=users["approver"])
    autumn = services.round_create(project=project, name="2021年国庆救助", kind="救助", start=date(2021, 9, 20),
                                   end=date(2021, 10, 10), degrees=[], user=users["relief"])
    services.round_approve(round_=autumn, user=users["approver"])
    pay(spring, users, 1)
    services.payment_record(round_=autumn, id_number=made_up_id(1), amount=D(500), on=date(2021, 9, 28),
                            user=users["relief"])
    indicator = Indicator.objects.get(project=project, name="困难帮扶人数")
    services.binding_set(indicator=indicator, metric="persons_paid", params={}, user=users["relief"])
    assert actual_and_score(plan, "困难帮扶人数")[0] == "1人"


def test_approval_freezes_the_list(users, relief):
    plan, _, spring = relief
    services.round_approve(round_=spring, user=users["approver"])
    person = Beneficiary.objects.get(id_number=made_up_id(3))
    services.beneficiary_move(beneficiary=person, to="脱困", on=date(2021, 3, 1), user=users["relief"])
    assert RoundEntry.objects.filter(round=spring, id_number=made_up_id(3)).exists()  # still on the frozen list


def test_a_round_over_the_remaining_budget_is_refused(users, relief):
    plan, project, spring = relief
    Standard.objects.filter(kind="救助").update(amount=D(30000))  # 10 × 3万元 > 20万元
    with pytest.raises(RoundError, match="本轮合计30.00万元，超过项目剩余预算20.00万元"):
        services.round_approve(round_=spring, user=users["approver"])
    spring.refresh_from_db()
    assert spring.state == Round.DRAFT and not RoundEntry.objects.exists()


def test_payments_that_break_the_rules_are_refused_and_nothing_is_saved(users, relief):
    plan, project, spring = relief
    with pytest.raises(ReliefError, match="名单尚未审批"):
        pay(spring, users, 1)
    services.round_approve(round_=spring, user=users["approver"])
    with pytest.raises(ReliefError, match="金额600元与标准500.00元不符"):
        pay(spring, users, 1, amount=D(600))
    with pytest.raises(ReliefError, match="收款人不在本轮审批名单中"):
        pay(spring, users, 99)
    with pytest.raises(ReliefError, match="不在预算年度内"):
        pay(spring, users, 1, on=date(2022, 1, 3))
    assert not Payment.objects.exists() and not SpendingRecord.objects.exists()


def test_a_late_payment_is_kept_but_not_compliant(users, relief):
    plan, project, spring = relief
    services.round_approve(round_=spring, user=users["approver"])
    pay(spring, users, 1)
    pay(spring, users, 2, on=date(2021, 3, 1))  # after the round closed
    indicator = Indicator.objects.get(project=project, name="帮扶防贫资金发放合规率")
    services.binding_set(indicator=indicator, metric="compliance_rate", params={}, user=users["relief"])
    assert actual_and_score(plan, "帮扶防贫资金发放合规率")[0] == "50%"


def test_an_ineligible_person_is_left_out_of_the_round(users, relief):
    plan, _, spring = relief
    person = Beneficiary.objects.get(id_number=made_up_id(2))
    services.beneficiary_move(beneficiary=person, to="注销", on=date(2021, 1, 5), user=users["relief"])
    entries, left_out = selectors.round_draw(spring)
    assert len(entries) == 9 and left_out[0][1] == "状态为“注销”"


def test_register_import_reports_bad_rows_and_refuses_duplicates(users, relief):
    plan, _, _ = relief
    rows = [HEADER, ["新职工", made_up_id(50)], ["重复", made_up_id(1)], ["坏号", "130322198507150016"]]
    with pytest.raises(RowsError) as refused:  # checked whole: nothing written until the user chooses
        services.register_import(unit=plan.unit, rows=rows, user=users["relief"], name="档案.csv")
    assert refused.value.message.startswith("2行有误，未导入任何记录：第3行“身份证号”")
    assert Beneficiary.objects.count() == 10
    count, bad = services.register_import(unit=plan.unit, rows=rows, user=users["relief"], only_good=True)
    assert count == 1 and bad == ["第3行“身份证号”：130322…" + made_up_id(1)[-4:] + "已在档案中，不能重复建档",
                                  "第4行“身份证号”：身份证号“130322********0016”校验位不对"]


def test_only_relief_officers_of_the_unit_handle_the_register(users, relief):
    from django.core.exceptions import PermissionDenied

    plan, _, _ = relief
    for user in ("editor", "finance", "outsider"):
        with pytest.raises(PermissionDenied):
            services.register_import(unit=plan.unit, rows=[HEADER], user=users[user])


def test_history_masks_personal_data(users, relief):
    person = Beneficiary.objects.get(id_number=made_up_id(4))
    services.beneficiary_update(beneficiary=person, fields={"phone": "13912345678"}, version=person.version,
                                user=users["relief"])
    entry = Entry.objects.get(action="beneficiary.changed")
    assert entry.changes["phone"] == ["138****0000", "139****5678"]


def test_health_checks_post_their_cost_and_give_the_completion_rate(users, relief):
    plan, _, _ = relief
    project = plan.projects.get(code=P2)
    workers = [ModelWorker.objects.create(unit=plan.unit, id_number=made_up_id(200 + k), name=f"劳模{k}", level="省部级",
                                          year_honoured=2015) for k in range(4)]
    for w in workers[:3]:
        services.check_record(worker=w, project=project, year=2021, state="已检", on=date(2021, 6, 1),
                              institution="县医院", cost=D(500), reason="", user=users["relief"])
    with pytest.raises(ReliefError, match="劳模3放弃，请写明原因"):
        services.check_record(worker=workers[3], project=project, year=2021, state="放弃", on=None, institution="",
                              cost=D(0), reason="", user=users["relief"])
    indicator = Indicator.objects.get(project=project, name="劳模体检人数")
    services.binding_set(indicator=indicator, metric="checks_done", params={}, user=users["relief"])
    score = next(s for s in evaluation.scores(plan) if s.code == P2)
    assert next(i for i in score.indicators if i.name == "劳模体检人数").actual == "3人"
    assert score.execution.spent == D(1500)


def test_an_unknown_metric_is_refused(users, relief):
    plan, project, _ = relief
    indicator = Indicator.objects.filter(project=project).first()
    with pytest.raises(ReliefError, match="没有取数口径“magic”"):
        services.binding_set(indicator=indicator, metric="magic", params={}, user=users["relief"])


def test_the_demo_year_is_computed_from_records(db):
    """The demo's self-evaluation comes out of its records; changing one changes it."""
    from jixiao.web.demo import load_demo
    from jixiao.web.goals.models import Plan

    from .conftest import SEED

    load_demo(SEED)
    plan = Plan.objects.get(year=2021)
    before = {s.code: s for s in evaluation.scores(plan)}
    p1 = {i.name: i for i in before[P1].indicators}
    assert p1["困难帮扶人数"].actual == "394人"  # 400 payments, six people paid in both rounds
    assert p1["帮扶资金发放时间"].actual == "1次"  # three National Day payments came late
    assert before[P1].execution.spent == D(200000)
    p2 = {i.name: i for i in before[P2].indicators}
    assert (p2["劳模体检人数"].actual, p2["组织完成省部级劳模体检及时率"].actual) == ("46人", "93.75%")
    assert Beneficiary.objects.count() == 432 and ModelWorker.objects.count() == 48
    # One National Day payment undone: the actual and the score move with it.
    from django.contrib.auth import get_user_model

    autumn = Round.objects.get(name="2021年国庆救助")
    person = Beneficiary.objects.get(id_number=made_up_id(300))
    entry = RoundEntry.objects.get(round=autumn, beneficiary=person)
    entry.payments.all().delete()
    after = {s.code: s for s in evaluation.scores(plan)}
    assert {i.name: i for i in after[P1].indicators}["困难帮扶人数"].actual == "393人"
    assert after[P1].total < before[P1].total
    assert get_user_model().objects.filter(username="relief").exists()


# ---------------------------------------------------------------- pages

def test_personal_data_is_masked_except_for_the_units_relief_officers(client, users, relief):
    from .conftest import login

    plan, _, spring = relief
    person = Beneficiary.objects.get(id_number=made_up_id(1))
    full, masked = made_up_id(1), made_up_id(1)[:6] + "********" + made_up_id(1)[-4:]
    officer = login(client, users["relief"]).get("/relief/register/").content.decode()
    assert full in officer and "13800000000" in officer
    for role in ("editor", "finance", "approver"):
        text = login(client, users[role]).get(f"/relief/people/{person.pk}/").content.decode()
        assert full not in text and masked in text and "138****0000" in text, role
    assert login(client, users["outsider"]).get(f"/relief/people/{person.pk}/").status_code == 404


def test_the_bank_list_is_for_relief_officers_after_approval(client, users, relief):
    import io

    import openpyxl

    from .conftest import login

    _, _, spring = relief
    officer = login(client, users["relief"])
    assert officer.get(f"/relief/rounds/{spring.pk}/bank.xlsx").status_code == 409  # not approved yet: wrong state
    services.round_approve(round_=spring, user=users["approver"])
    Beneficiary.objects.update(bank_account="6228480000000000001", bank="农业银行")  # the bank pays accounts only
    response = officer.get(f"/relief/rounds/{spring.pk}/bank.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("序号", "姓名", "身份证号", "银行账号", "开户银行", "金额（元）", "备注") and rows[1][2] == made_up_id(0)
    assert len(rows) == 13 and rows[11][:2] == ("合计", "10人") and rows[12][0] == "审批人"  # 10 people, total, approver
    assert login(client, users["editor"]).get(f"/relief/rounds/{spring.pk}/bank.xlsx").status_code == 403


def test_payment_results_import_all_rows_or_none(client, users, relief):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import login

    _, _, spring = relief
    officer = login(client, users["relief"])
    services.round_approve(round_=spring, user=users["approver"])
    bad = f"身份证号,金额,日期,状态\n{made_up_id(0)},500,2021-02-01,已发放\n{made_up_id(1)},900,2021-02-01,已发放\n"
    response = officer.post(f"/relief/rounds/{spring.pk}/payments/", {"file": SimpleUploadedFile("r.csv", bad.encode())})
    # The whole file checked, every bad row listed, nothing kept until the user chooses.
    assert response.status_code == 200 and "第3行“金额”：金额900元与标准" in response.content.decode()
    assert "只导入合格的行（1行）" in response.content.decode()
    assert not Payment.objects.exists() and not SpendingRecord.objects.exists()
    officer.post(f"/relief/rounds/{spring.pk}/payments/confirm/", {"action": "cancel"})
    assert not Payment.objects.exists()
    headless = officer.post(f"/relief/rounds/{spring.pk}/payments/", {"file": SimpleUploadedFile(
        "r.csv", f"身份证号,金额\n{made_up_id(0)},500\n".encode())})
    assert "r.csv：第1行缺少“日期”列" in headless.content.decode()
    good = bad.replace(",900,", ",500,")
    assert officer.post(f"/relief/rounds/{spring.pk}/payments/", {"file": SimpleUploadedFile("r.csv", good.encode())}
                        ).status_code == 302
    assert Payment.objects.count() == 2 and SpendingRecord.objects.count() == 2
    # The same file again changes nothing, so the round's history gains no line (walk item 9).
    logged = Entry.objects.filter(action="payments.imported").count()
    officer.post(f"/relief/rounds/{spring.pk}/payments/", {"file": SimpleUploadedFile("r.csv", good.encode())})
    assert Payment.objects.count() == 2 and Entry.objects.filter(action="payments.imported").count() == logged == 1


def test_register_import_page_reports_and_a_broken_file_imports_nothing(client, users, relief):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import login

    plan, _, _ = relief
    officer = login(client, users["relief"])
    text = f"姓名,身份证号\n甲,{made_up_id(70)}\n乙,123\n".encode("gb18030")
    page = officer.post("/relief/register/import/", {"unit": plan.unit.pk, "file": SimpleUploadedFile("a.csv", text)})
    body = page.content.decode()
    assert "第3行“身份证号”" in body and "只导入合格的行（1行）" in body and Beneficiary.objects.count() == 10
    body = officer.post("/relief/imports/confirm/", {"action": "import"}).content.decode()
    assert "已导入1人" in body and "第3行“身份证号”" in body
    broken = officer.post("/relief/register/import/", {"unit": plan.unit.pk,
                                                       "file": SimpleUploadedFile("b.xlsx", b"PK\x03\x04x")})
    assert broken.status_code == 400 and "未导入任何记录" in broken.content.decode()
    assert Beneficiary.objects.count() == 11


def test_binding_and_the_drill_down_page(client, users, relief):
    from .conftest import login

    plan, project, spring = relief
    services.round_approve(round_=spring, user=users["approver"])
    pay(spring, users, 0)
    indicator = Indicator.objects.get(project=project, name="困难帮扶人数")
    editor = login(client, users["editor"])
    assert editor.post(f"/relief/actuals/{indicator.pk}/bind/", {"metric": "persons_paid"}).status_code == 302
    page = editor.get(f"/relief/actuals/{indicator.pk}/").content.decode()
    assert "受助人数（一年内按人去重）" in page and "<b>1人</b>" in page and "2021年春节送温暖" in page
    assert made_up_id(0) not in page  # the editor sees the payee masked
    response = editor.post(f"/relief/actuals/{indicator.pk}/bind/", {"metric": "persons_paid", "deadline": "明天"})
    assert response.status_code == 400 and "截止日期应如" in response.content.decode()


def test_the_relief_api_keeps_the_pages_permissions(users, relief):
    from django.test import Client

    from jixiao.web.accounts.models import Token

    plan, project, spring = relief

    def api(user):
        return Client(HTTP_AUTHORIZATION=f"Bearer {Token.issue(users[user])}")

    assert api("editor").post(f"/api/relief/rounds/{spring.pk}/approve").status_code == 403
    assert api("relief").post(f"/api/relief/rounds/{spring.pk}/approve").status_code == 403  # it drew the round
    assert api("approver").post(f"/api/relief/rounds/{spring.pk}/approve").json() == {"round": spring.pk, "entries": 10}
    pay(spring, users, 0)
    indicator = Indicator.objects.get(project=project, name="困难帮扶人数")
    services.binding_set(indicator=indicator, metric="persons_paid", params={}, user=users["relief"])
    data = api("finance").get(f"/api/relief/actuals/{project.pk}").json()
    row = next(r for r in data["indicators"] if r["name"] == "困难帮扶人数")
    assert (row["metric"], row["actual"], len(row["provenance"]["records"])) == ("persons_paid", "1人", 1)
    assert api("outsider").get(f"/api/relief/actuals/{project.pk}").status_code == 404
    officer = api("relief").get("/api/relief/register").json()
    editor = api("editor").get("/api/relief/register").json()
    assert officer[0]["id_number"] == made_up_id(0) and editor[0]["id_number"].count("*") == 8
    assert api("outsider").get("/api/relief/register").json() == []


def test_standards_surveys_and_workers_through_the_pages(client, users, relief):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jixiao.web.relief.models import Survey, SurveyResponse

    from .conftest import login

    plan, project, _ = relief
    officer = login(client, users["relief"])
    assert officer.post("/relief/standards/", {"unit": plan.unit.pk, "year": "2021", "kind": "助学",
                                               "amount": "1000"}).status_code == 302
    assert Standard.objects.filter(kind="助学", amount=1000).exists()
    bad = officer.post("/relief/standards/", {"unit": plan.unit.pk, "year": "二〇二一", "kind": "助学", "amount": "1"})
    assert bad.status_code == 400 and "年度应为整数" in bad.content.decode()
    officer.post("/relief/surveys/", {"project": project.pk, "name": "救助满意度", "questions": "总体评价\n及时性",
                                      "date": "2021-03-05"})
    survey = Survey.objects.get()
    broken = "总体评价,及时性\n5,4\n6,4\n".encode()
    response = officer.post(f"/relief/surveys/{survey.pk}/answers/", {"file": SimpleUploadedFile("a.csv", broken)})
    assert response.status_code == 200 and "第3行“总体评价”：“6”不是1～5分" in response.content.decode()
    assert not SurveyResponse.objects.exists()
    officer.post("/relief/imports/confirm/", {"action": "cancel"})
    assert not SurveyResponse.objects.exists()
    good = "总体评价,及时性\n5,4\n3,\n".encode()
    officer.post(f"/relief/surveys/{survey.pk}/answers/", {"file": SimpleUploadedFile("a.csv", good)})
    assert [r.answers for r in SurveyResponse.objects.order_by("id")] == [[5, 4], [3, None]]
    names = f"姓名,身份证号,级别,授予年份\n甲,{made_up_id(300)},省部级,2015\n乙,{made_up_id(301)},县级,2015\n"
    page = officer.post("/relief/workers/import/", {"unit": plan.unit.pk, "file": SimpleUploadedFile("w.csv", names.encode())})
    assert "只导入合格的行（1行）" in page.content.decode() and not ModelWorker.objects.exists()
    page = officer.post("/relief/imports/confirm/", {"action": "import"})
    assert "已导入1人" in page.content.decode() and "第3行“级别”：“县级”不是全国、省部级、市级之一" in page.content.decode()
    worker = ModelWorker.objects.get()
    p2 = plan.projects.get(code=P2)
    assert officer.post(f"/relief/workers/{worker.pk}/check/", {"year": "2021", "state": "已检", "date": "2021-06-01",
                                                               "institution": "县医院", "cost": "500",
                                                               "project": p2.pk}).status_code == 302
    assert SpendingRecord.objects.filter(project=p2, amount=500).exists()


def test_editing_a_persons_record(client, users, relief):
    from .conftest import login

    person = Beneficiary.objects.get(id_number=made_up_id(5))
    officer = login(client, users["relief"])
    data = {"version": person.version, "phone": "13912345678", "employer": "新单位", "cause": "因病", "degree": "深度困难"}
    assert officer.post(f"/relief/people/{person.pk}/edit/", data).status_code == 302
    stale = officer.post(f"/relief/people/{person.pk}/edit/", {**data, "employer": "又一个"})
    assert stale.status_code == 409 and "已被他人修改" in stale.content.decode()
    bad = officer.post(f"/relief/people/{person.pk}/edit/", {**data, "version": person.version + 1, "phone": "1"})
    assert bad.status_code == 400 and "不是有效的手机或固定电话号码" in bad.content.decode()
    lucky = officer.post(f"/relief/people/{person.pk}/edit/", {**data, "version": person.version + 1, "cause": "中彩票"})
    assert lucky.status_code == 400 and "致困原因“中彩票”不是可选值" in lucky.content.decode()
    person.refresh_from_db()
    assert (person.employer, person.degree) == ("新单位", "深度困难")
    assert login(client, users["editor"]).post(f"/relief/people/{person.pk}/edit/", data).status_code == 403


def test_evidence_files_for_typed_values(client, users, relief, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import login

    settings.MEDIA_ROOT = tmp_path
    plan, project, _ = relief
    indicator = Indicator.objects.get(project=project, name="困难职工生活环境美化程度")
    editor = login(client, users["editor"])
    response = editor.post(f"/evaluation/{plan.pk}/values/{indicator.pk}/", {
        "actual": "88%", "evidence": SimpleUploadedFile("入户调查.pdf", b"%PDF-1.4 evidence"), "version": 0})
    assert response.status_code == 302
    download = login(client, users["finance"]).get(f"/evaluation/evidence/{indicator.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 evidence"
    assert login(client, users["outsider"]).get(f"/evaluation/evidence/{indicator.pk}/").status_code == 404
    assert Entry.objects.filter(action="evidence.uploaded").exists()


def test_a_round_survey_feeds_a_round_bound_indicator(users, relief):
    from jixiao.web.relief.models import SurveyResponse

    plan, project, spring = relief
    survey = services.survey_create(project=project, name="春节救助回访", questions=["总体"], round_=spring,
                                    user=users["relief"])
    other = services.survey_create(project=project, name="全年回访", questions=["总体"], user=users["relief"])
    SurveyResponse.objects.bulk_create([SurveyResponse(survey=survey, answers=[5]),
                                        SurveyResponse(survey=other, answers=[2])])
    indicator = Indicator.objects.get(project=project, name="受帮扶困难职工满意度")
    services.binding_set(indicator=indicator, metric="survey_satisfaction", params={"round": spring.name},
                         user=users["relief"])
    assert actual_and_score(plan, "受帮扶困难职工满意度")[0] == "100%"
    p3 = plan.projects.get(code="13032221W892NIM0EVGFV")
    with pytest.raises(ReliefError, match="不是项目“提前下达2021年困难职工及劳模帮扶救助专项资金”的发放轮次"):
        services.survey_create(project=p3, name="x", questions=["q"], round_=spring, user=users["relief"])


def test_a_persons_page_shows_its_newest_history_and_all_of_it_on_request(users, relief, client):
    person = Beneficiary.objects.get(id_number=made_up_id(4))
    for k in range(55):  # a long-registered worker: a phone changed again and again
        person.refresh_from_db()
        services.beneficiary_update(beneficiary=person, fields={"phone": f"139{k:08d}"}, version=person.version,
                                    user=users["relief"])
    client.force_login(users["relief"])
    newest = client.get(f"/relief/people/{person.pk}/").content.decode()
    assert newest.count("修改困难职工档案") == 50 and "显示全部变更历史" in newest
    everything = client.get(f"/relief/people/{person.pk}/?history=all").content.decode()
    assert everything.count("修改困难职工档案") == 55 and "显示全部变更历史" not in everything
