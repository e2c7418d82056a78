"""Upgrading a database that already holds a return file imported twice: the constraint of one
payment per round and person can be added, the duplicates are gone with the spending they posted,
and a differing second payment becomes a correction of the first."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = ("relief", "0002_survey_round")


@pytest.mark.django_db(transaction=True)
def test_upgrading_removes_duplicate_payments_and_their_spending():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    executor.loader.build_graph()
    nodes = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "relief"] + [BEFORE]
    old = executor.loader.project_state(nodes).apps
    Unit, Plan, Project = (old.get_model("goals", m) for m in ("Unit", "Plan", "Project"))
    Beneficiary, Round, RoundEntry, Payment = (old.get_model("relief", m) for m in
                                               ("Beneficiary", "Round", "RoundEntry", "Payment"))
    SpendingRecord = old.get_model("evaluation", "SpendingRecord")
    unit = Unit.objects.create(code="711001", name="昌黎县总工会本级")
    project = Project.objects.create(plan=Plan.objects.create(unit=unit, year=2021), code="P1", name="帮扶",
                                     total=D(200000), fiscal=D(200000), other=D(0))
    r = Round.objects.create(project=project, name="春节送温暖", kind="救助", start=date(2021, 1, 15),
                             end=date(2021, 2, 10))
    entries = []
    for k, number in enumerate(("130322195603120017", "130322196311050023")):
        person = Beneficiary.objects.create(unit=unit, id_number=number, name=f"职工{k}")
        entries.append(RoundEntry.objects.create(round=r, beneficiary=person, id_number=number, name=person.name,
                                                 amount=D(500)))

    def pay(entry, on, status="paid"):
        spending = SpendingRecord.objects.create(project=project, date=on, amount=D(500)) if status == "paid" else None
        return Payment.objects.create(entry=entry, amount=D(500), date=on, status=status, spending=spending)

    pay(entries[0], date(2021, 2, 1))
    pay(entries[0], date(2021, 2, 1))  # the same file imported again
    first = pay(entries[1], date(2021, 2, 1))
    pay(entries[1], date(2021, 2, 5), status="returned")  # then the bank returned it
    assert SpendingRecord.objects.count() == 3

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    from django.db.models import Sum

    from jixiao.web.evaluation.models import SpendingRecord as Spending
    from jixiao.web.relief.models import Payment as Current

    assert Current.objects.filter(entry_id=entries[0].pk).count() == 1
    returned = Current.objects.get(entry_id=entries[1].pk, reverses__isnull=False)
    assert (returned.reverses_id, returned.status) == (first.pk, "returned")
    assert returned.spending.amount == D(-500)
    assert Spending.objects.aggregate(s=Sum("amount"))["s"] == D(500)  # only the one paid, unreturned payment
