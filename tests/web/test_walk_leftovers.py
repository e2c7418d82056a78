"""Smaller findings of the careless-user walk (REPORT items 19, 21, 22): what a page says must be what
happened, and a column of money reads down the page."""

from jixiao.web.evaluation.models import IndicatorValue
from jixiao.web.goals.models import Indicator

from .conftest import approve, login

P1 = "13032221GVUVTX63BWWCQ"


def test_clearing_a_value_says_it_was_cleared_not_saved(client, users, plan):
    approve(plan, users)
    indicator = Indicator.objects.get(project__plan=plan, name="困难帮扶人数")
    editor = login(client, users["editor"])
    editor.post(f"/evaluation/{plan.pk}/values/{indicator.pk}/", {"actual": "300人", "version": 0}, follow=True)
    version = IndicatorValue.objects.get(indicator=indicator).version
    response = editor.post(f"/evaluation/{plan.pk}/values/{indicator.pk}/", {"actual": "   ", "version": version},
                           follow=True)
    text = response.content.decode()
    assert "已清除“困难帮扶人数”的完成值" in text and "已保存“困难帮扶人数”的完成值" not in text
    assert IndicatorValue.objects.get(indicator=indicator).actual == ""


def test_monitoring_money_columns_have_two_decimals_and_the_exact_amount_on_hover(client, users, plan):
    approve(plan, users)
    project = plan.projects.get(code=P1)
    editor = login(client, users["editor"])
    assert editor.post(f"/evaluation/{plan.pk}/spending/", {"project": project.pk, "date": "2021-01-28",
                                                            "amount": "97,078"}).status_code == 302
    text = editor.get(f"/evaluation/{plan.pk}/monitoring/?as_of=2021-07-31").content.decode()
    assert 'title="97,078.00元">9.71<' in text and "9.7078" not in text  # 97,078元 = 9.7078万元, shown 9.71


def test_a_rounds_remaining_budget_is_in_yuan_so_a_100_yuan_payment_shows(client, users, plan):
    from datetime import date

    from jixiao.web.evaluation.models import SpendingRecord
    from jixiao.web.relief import services
    from jixiao.web.relief.models import Standard

    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=500)
    project = plan.projects.get(code=P1)
    spring = services.round_create(project=project, name="春节送温暖", kind="救助", start=date(2021, 1, 15),
                                   end=date(2021, 2, 10), degrees=[], user=users["relief"])
    SpendingRecord.objects.create(project=project, date=date(2021, 1, 20), amount=100, note="慰问")
    text = login(client, users["relief"]).get(f"/relief/rounds/{spring.pk}/").content.decode()
    assert "项目剩余预算：199,900.00元" in text  # 200,000元 budget less the 100元 spent


def test_a_draft_round_over_the_remaining_budget_says_so_before_approval(client, users, plan):
    from datetime import date

    from jixiao.relief.synthetic import made_up_id
    from jixiao.web.relief import services
    from jixiao.web.relief.models import Standard

    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=30000)
    header = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度"]
    rows = [header] + [[f"职工{k}", made_up_id(k), "13800000000", "县纺织厂", "3", "20000", "因病", "相对困难"]
                       for k in range(10)]
    services.register_import(unit=plan.unit, rows=rows, user=users["relief"])
    spring = services.round_create(project=plan.projects.get(code=P1), name="春节送温暖", kind="救助",
                                   start=date(2021, 1, 15), end=date(2021, 2, 10), degrees=[], user=users["relief"])
    text = login(client, users["relief"]).get(f"/relief/rounds/{spring.pk}/").content.decode()
    assert "本轮合计30.00万元，超过项目剩余预算20.00万元，审批时将被拒绝" in text  # 10 × 30,000元 against 20万元


def test_a_round_needs_a_name(client, users, plan):
    from jixiao.web.relief.models import Round, Standard

    approve(plan, users)
    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=500)
    response = login(client, users["relief"]).post("/relief/rounds/new/", {
        "project": plan.projects.get(code=P1).pk, "name": "  ", "kind": "救助", "start": "2021-01-15",
        "end": "2021-02-10"})
    assert response.status_code == 400 and "请填写发放轮次的名称" in response.content.decode()
    assert not Round.objects.exists()


def test_monitoring_reports_name_the_person_who_saved_them(client, users, plan):
    approve(plan, users)
    users["editor"].first_name = "李填报"
    users["editor"].save()
    editor = login(client, users["editor"])
    assert editor.post(f"/evaluation/{plan.pk}/monitoring/reports/", {"as_of": "2021-07-31"}).status_code == 302
    text = editor.get(f"/evaluation/{plan.pk}/monitoring/reports/").content.decode()
    assert "李填报" in text


def test_survey_dates_are_written_as_the_other_pages_write_dates(client, users, plan):
    from datetime import date

    from jixiao.web.relief.models import Survey

    approve(plan, users)
    Survey.objects.create(project=plan.projects.get(code=P1), name="受助职工满意度", date=date(2021, 12, 6),
                          questions=["满意吗"])
    text = login(client, users["relief"]).get("/relief/surveys/").content.decode()
    assert "2021年12月6日" in text and "2021-12-06" not in text


def test_a_mistyped_name_id_and_family_figures_are_corrected_on_the_page(client, users, plan):
    """Walk item 8: the register's own figures could never be corrected. An ID number changes only while
    no round lists it (the bank's lists and payments keep the one they paid)."""
    from datetime import date

    from jixiao.relief.synthetic import made_up_id
    from jixiao.web.history.models import Entry
    from jixiao.web.relief import services
    from jixiao.web.relief.models import Beneficiary, Standard

    approve(plan, users)
    header = ["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度"]
    rows = [header] + [[f"职工{k}", made_up_id(k), "13800000000", "县纺织厂", "3", "20000", "因病", "相对困难"]
                       for k in range(3)]
    services.register_import(unit=plan.unit, rows=rows, user=users["relief"])
    person = Beneficiary.objects.get(id_number=made_up_id(0))
    officer = login(client, users["relief"])
    base = {"phone": "13800000000", "employer": "县纺织厂", "cause": "因病", "degree": "相对困难"}
    fixed = officer.post(f"/relief/people/{person.pk}/edit/", {**base, "version": person.version, "name": "张建金",
                                                                "id_number": made_up_id(7), "household_size": "４人",
                                                                "household_income": "18,500元"})
    assert fixed.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.id_number, person.household_size, str(person.household_income)) == (
        "张建金", made_up_id(7), 4, "18500.00")
    logged = Entry.objects.filter(action="beneficiary.changed").latest("pk").changes
    assert made_up_id(7) not in str(logged) and "张建金" not in str(logged)  # masked in the history

    taken = officer.post(f"/relief/people/{person.pk}/edit/", {**base, "version": person.version,
                                                                "id_number": made_up_id(1)})
    assert taken.status_code == 409 and "本单位档案中已有身份证号为" in taken.content.decode()
    blank = officer.post(f"/relief/people/{person.pk}/edit/", {**base, "version": person.version, "name": " "})
    assert blank.status_code == 400 and "姓名为空" in blank.content.decode()

    Standard.objects.create(unit=plan.unit, year=2021, kind="救助", amount=500)
    spring = services.round_create(project=plan.projects.get(code=P1), name="春节送温暖", kind="救助",
                                   start=date(2021, 1, 15), end=date(2021, 2, 10), degrees=[], user=users["relief"])
    services.round_approve(round_=spring, user=users["approver"])
    listed = officer.post(f"/relief/people/{person.pk}/edit/", {**base, "version": person.version,
                                                                 "id_number": made_up_id(8)})
    assert listed.status_code == 400 and "已列入发放名单（春节送温暖）" in listed.content.decode()
    person.refresh_from_db()
    assert person.id_number == made_up_id(7)


def test_a_register_with_its_dates_and_a_move_before_registration_refused(client, users, plan):
    """Walk items 4 and 27: every imported person was 建档 on the import day, and a move dated before a
    person's registration was accepted."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jixiao.relief.synthetic import made_up_id
    from jixiao.web.relief.models import Beneficiary

    officer = login(client, users["relief"])
    table = f"姓名,身份证号,建档日期\n张建金,{made_up_id(0)},2019年5月6日\n李淑芬,{made_up_id(1)},\n"
    assert officer.post("/relief/register/import/", {"unit": plan.unit.pk, "file": SimpleUploadedFile(
        "档案.csv", table.encode())}).status_code in (200, 302)
    person = Beneficiary.objects.get(id_number=made_up_id(0))
    assert str(person.status_since) == "2019-05-06"
    early = officer.post(f"/relief/people/{person.pk}/move/", {"status": "脱困", "date": "2019-05-01",
                                                               "version": person.version})
    assert early.status_code == 400 and "变更日期2019-05-01早于张建金当前状态“建档”的日期2019-05-06" in early.content.decode()
    person.refresh_from_db()
    assert person.status == "建档"
