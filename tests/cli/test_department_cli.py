"""`jixiao department-evaluation` (issue 14 §2): after `jixiao demo`, the union's 2021 unit-wide
indicators come from the records — persons relieved across projects, model workers checked and the
staff running (16) — each with the records it counted; mistakes are one Chinese line, exit 2."""

import json
from datetime import date
from decimal import Decimal

import pytest
from typer.testing import CliRunner

from jixiao.cli import app

from ..web.conftest import SEED


@pytest.fixture
def demo(db):
    from jixiao.web.demo import load_demo

    load_demo(SEED)


def run(*args: str):
    return CliRunner().invoke(app, ["department-evaluation", *args])


def by_name(data: dict) -> dict:
    return {i["name"]: i for i in data["indicators"]}


def test_after_the_demo_the_json_gives_persons_relieved_checks_and_staff_from_records(demo):
    from jixiao.web.department.models import Staffing
    from jixiao.web.relief.models import HealthCheck, Payment

    result = run("--unit", "711001", "--year", "2021", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = by_name(data)
    # Persons relieved: the distinct ID numbers paid in 2021 by any project, every payment its provenance.
    reversed_ = Payment.objects.filter(reverses__isnull=False).values("reverses_id")
    paid = Payment.objects.filter(entry__round__project__plan__year=2021, status=Payment.PAID,
                                  date__year=2021).exclude(pk__in=reversed_)
    persons = rows["救助人数"]
    assert persons["metric"]["code"] == "unit_persons_relieved" and persons["unit"] == "人"
    assert persons["actual"] == f"{paid.values('entry__id_number').distinct().count()}人"
    assert persons["actual"] == "406人"
    assert persons["provenance"]["kind"] == "computed"
    assert sorted(persons["provenance"]["records"]) == sorted(f"payment:{pk}" for pk in paid.values_list("pk", flat=True))
    assert persons["provenance"]["count"] == len(persons["provenance"]["records"]) > 406  # some paid twice
    # Model workers checked: each done check of a worker due one (省部级 and above), once.
    checks = HealthCheck.objects.filter(year=2021, state="已检", worker__level__in=["全国", "省部级"])
    checked = rows["省部级劳模人数"]
    assert checked["metric"]["code"] == "unit_checks_done"
    assert checked["actual"] == f"{checks.count()}人" and checks.count() > 0
    assert sorted(checked["provenance"]["records"]) == sorted(f"check:{pk}" for pk in checks.values_list("pk", flat=True))
    # The staff running: 6 in the union's office and 10 at the workers' cultural palace, from the staffing.
    staff = rows["正常运转人数"]
    assert (staff["actual"], staff["metric"]["code"]) == ("16人", "unit_staff_in_post")
    assert sorted(staff["provenance"]["records"]) == sorted(
        f"staffing:{pk}" for pk in Staffing.objects.filter(year=2021).values_list("pk", flat=True))
    assert data["staff_in_post"]["value"] == 16
    # Each bound indicator scored; the unit's execution with its basis.
    assert all(i["score"] is not None for i in data["indicators"])
    assert staff["score"]["score"] == staff["score"]["weight"] == "14.00"  # the indicators' 70 ÷ 5, target met
    assert data["execution"]["rate"] is not None and "基本支出" in data["execution"]["basis"]
    parts = {p["name"]: p for p in data["score"]["parts"]}  # the rule set's [department] weights
    assert [parts[n]["weight"] for n in ("部门整体绩效指标", "部门预算执行", "项目支出绩效")] == ["70", "10", "20"]
    assert abs(Decimal(data["score"]["total"]) - sum(Decimal(p["score"]) for p in parts.values())) <= Decimal("0.02")


def test_the_text_says_target_actual_metric_provenance_and_each_part_of_the_score(demo):
    result = run("--unit", "711001", "--year", "2021")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "【工会事务】正常运转人数：指标值≥16人" in text
    assert "完成值：16人　取数口径：在职人数（正常运转人数）（unit_staff_in_post，单位：人）　依据2条记录" in text
    assert "完成值：406人" in text and "部门整体预算执行：" in text and "在职人数：16人" in text
    assert "部门整体绩效指标：" in text and "／70（5项部门整体绩效指标" in text and "项目支出绩效：" in text


def test_an_unbound_indicator_scores_nothing_and_the_total_says_so(demo):
    from jixiao.web.department.models import UnitIndicator

    UnitIndicator.objects.filter(name="救助标准").update(metric="")
    data = json.loads(run("--unit", "711001", "--year", "2021", "--json").stdout)
    row = by_name(data)["救助标准"]
    assert row["metric"] is None and row["score"]["score"] == "0.00" and "按0分计" in row["note"]
    assert data["score"]["complete"] is False
    assert "部分指标未设置取数口径" in run("--unit", "711001", "--year", "2021").stdout


def test_mistakes_are_one_chinese_line_with_exit_2(demo):
    unknown = run("--unit", "999999", "--year", "2021")
    assert unknown.exit_code == 2 and "没有单位“999999”" in unknown.output and "Traceback" not in unknown.output
    no_plan = run("--unit", "711001", "--year", "2019")
    assert no_plan.exit_code == 2 and "没有2019年的绩效目标" in no_plan.output
    out_of_range = run("--unit", "711001", "--year", "1999")
    assert out_of_range.exit_code == 2 and "1999" in out_of_range.output and "Traceback" not in out_of_range.output


def test_help_is_chinese():
    result = CliRunner().invoke(app, ["department-evaluation", "--help"])
    assert result.exit_code == 0 and "部门整体评价" in result.output and "单位编码" in result.output


def test_a_person_paid_by_two_projects_is_relieved_once(demo):
    """A person paid in the relief project's round and again in the checks project counts once."""
    from jixiao.web.goals.models import Project
    from jixiao.web.relief.models import Payment, Round

    first = Payment.objects.filter(date__year=2021, status=Payment.PAID, reverses__isnull=True).select_related(
        "entry__round").first()
    other = Project.objects.filter(plan__year=2021).exclude(pk=first.entry.round.project_id).first()
    before = by_name(json.loads(run("--unit", "711001", "--year", "2021", "--json").stdout))["救助人数"]
    r = Round.objects.create(project=other, name="另一项目的慰问", kind=first.entry.round.kind, start=date(2021, 5, 1),
                             end=date(2021, 5, 31), state=Round.APPROVED)
    entry = r.entries.create(beneficiary=first.entry.beneficiary, id_number=first.entry.id_number, name=first.entry.name,
                             amount=first.amount)
    again = Payment.objects.create(entry=entry, amount=first.amount, date=date(2021, 5, 10), status=Payment.PAID)
    after = by_name(json.loads(run("--unit", "711001", "--year", "2021", "--json").stdout))["救助人数"]
    assert after["actual"] == before["actual"]
    assert f"payment:{again.pk}" in after["provenance"]["records"]
    assert after["provenance"]["count"] == before["provenance"]["count"] + 1
