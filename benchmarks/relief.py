"""The union's programmes at scale, on PostgreSQL: importing a register of 100,000
people, drawing and approving a round for all of them, and every metric of a project
with 100,000 payments; each with the ratio to a bare COPY or SELECT of the same rows.
Goals (issue 6): ≤ 20 s, ≤ 10 s, ≤ 1 s. Run with `make bench-relief`."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pgcluster import cluster  # noqa: E402

PEOPLE = int(os.environ.get("JIXIAO_BENCH_PEOPLE", "100000"))


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    with cluster() as url, tempfile.TemporaryDirectory() as data:
        os.environ.update(DATABASE_URL=url, JIXIAO_DATA_DIR=data)
        from jixiao.web import commands

        commands.setup()
        commands.migrate()
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.db import connection

        from jixiao.relief.metrics import CATALOGUE
        from jixiao.relief.synthetic import made_up_id
        from jixiao.web.goals.models import Plan, Project, Unit
        from jixiao.web.relief import selectors, services
        from jixiao.web.relief.models import Standard

        user = get_user_model().objects.create_user("bench")
        user.groups.add(Group.objects.create(name="管理员"))
        unit = Unit.objects.create(code="711001", name="昌黎县总工会本级")
        plan = Plan.objects.create(unit=unit, year=2021, state=Plan.APPROVED)
        project = Project.objects.create(plan=plan, code="13032221GVUVTX63BWWCQ", name="职工困难帮扶防贫资金",
                                         total=Decimal(10**9), fiscal=Decimal(10**9), other=0, plan_12=100)
        Standard.objects.create(unit=unit, year=2021, kind="救助", amount=Decimal(500))
        rows = [["姓名", "身份证号", "电话", "工作单位", "家庭人口", "家庭年收入", "致困原因", "困难程度"]] + [
            [f"职工{k}", made_up_id(k), "13800000000", "县纺织厂", "3", "20000", "因病", "相对困难"]
            for k in range(PEOPLE)]

        imported, (count, bad) = timed(lambda: services.register_import(unit=unit, rows=rows, user=user))
        assert count == PEOPLE and not bad, bad[:3]
        with connection.cursor() as cur:
            cur.execute("CREATE TEMP TABLE copy_people (name text, id_number text, phone text, employer text,"
                        " size int, income numeric, cause text, degree text)")
            start = time.perf_counter()
            with cur.copy("COPY copy_people FROM STDIN") as copy:
                for row in rows[1:]:
                    copy.write_row(row)
            copied = time.perf_counter() - start

        drafter = get_user_model().objects.create_user("bench-drafter")  # a round is never approved by its drafter
        drafter.groups.add(Group.objects.get(name="管理员"))
        spring = services.round_create(project=project, name="2021年春节送温暖", kind="救助", start=date(2021, 1, 15),
                                       end=date(2021, 2, 10), degrees=[], user=drafter)
        approved, entries = timed(lambda: services.round_approve(round_=spring, user=user))
        assert entries == PEOPLE
        selected, _ = timed(lambda: list(connection.cursor().execute("SELECT * FROM relief_beneficiary").fetchall()))

        with connection.cursor() as cur:  # the bank's results, in bulk: one payment each
            cur.execute("INSERT INTO relief_payment (entry_id, amount, date, method, status, reason) "
                        "SELECT id, amount, DATE '2021-02-01', '银行代发', 'paid', '' FROM relief_roundentry")
        def every_metric():
            records = selectors.project_records(project)  # read once, as computed_actuals does
            return {code: m.compute(records, {}) for code, m in CATALOGUE.items()}

        measured, values = timed(every_metric)
        read, _ = timed(lambda: list(connection.cursor().execute("SELECT * FROM relief_payment").fetchall()))
        persons = values["persons_paid"].value

    print(f"PostgreSQL, {PEOPLE:,} people")
    print(f"{'step':<46}{'time':>9}{'bare':>10}{'ratio':>8}{'goal':>8}")
    for name, t, bare, goal in (("register import (validated, history kept)", imported, copied, 20),
                                ("draw and approve a round for everyone", approved, selected, 10),
                                (f"all {len(CATALOGUE)} metrics, {PEOPLE:,} payments", measured, read, 1)):
        print(f"{name:<46}{t:>7.2f} s{bare:>8.2f} s{t / bare:>7.1f}×{goal:>6} s")
    print(f"persons paid: {persons}")


if __name__ == "__main__":
    main()
