"""ORM rows of the programmes to the core objects of `jixiao.relief` and back: the one
mapping. The core computes (eligibility, amounts, budget, compliance, metrics); the web stores.

The two big tables (a round's list and its payments, a hundred thousand rows each) are read
as plain tuples in the column order below, not as model instances."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ...relief import checks as core_checks
from ...relief import rounds as core_rounds
from ...relief.register import Beneficiary as CoreBeneficiary
from ...relief.standards import Standard as CoreStandard
from .models import Beneficiary, HealthCheck, ModelWorker, Payment, Round, RoundEntry, Standard


def beneficiary_core(row: Beneficiary) -> CoreBeneficiary:
    return CoreBeneficiary(row.id_number, row.name, row.phone, row.employer, row.household_size,
                           row.household_income, row.cause, row.degree, row.status, bank_account=row.bank_account,
                           bank=row.bank, since=row.status_since)


def beneficiary_fields(person: CoreBeneficiary) -> dict:
    """The model's fields of a core person (unit and dates are the caller's)."""
    return {"id_number": person.id_number, "name": person.name, "phone": person.phone, "employer": person.employer,
            "household_size": person.household_size, "household_income": person.household_income,
            "cause": person.cause, "degree": person.degree, "status": person.status,
            "bank_account": person.bank_account, "bank": person.bank}


def standard_core(row: Standard) -> CoreStandard:
    return CoreStandard(row.kind, row.amount, row.degree, row.cause)


def round_core(row: Round, project_code: str | None = None) -> core_rounds.Round:
    """`project_code` when the caller has it (saves reading the project)."""
    return core_rounds.Round(row.name, project_code if project_code is not None else row.project.code, row.kind,
                             row.start, row.end, tuple(row.degrees), row.state)


def entry_core(row: RoundEntry) -> core_rounds.Entry:
    return core_rounds.Entry(row.id_number, row.name, row.amount)


ENTRY_COLUMNS = "e.round_id, e.id_number, e.name, e.amount"  # relief_roundentry e


def entry_from_columns(id_number: str, name: str, amount: Decimal) -> core_rounds.Entry:
    return core_rounds.Entry(id_number, name, amount)


PAYMENT_COLUMNS = ("p.id, e.round_id, e.id_number, p.amount, p.date, p.method, p.status, "
                   "(SELECT MIN(q.date) FROM relief_payment q WHERE q.reverses_id = p.id)")  # relief_payment p


def payment_from_columns(pk: int, id_number: str, amount: Decimal, day, method: str, status: str,
                         reversed_on=None, *, round_name: str) -> core_rounds.Payment:
    """A stored payment; its reference (`payment:12`) is what the metrics count as provenance.
    `reversed_on`: the date of the correction (冲正) that reverses it, if one does (a string
    from SQLite's subquery)."""
    if isinstance(reversed_on, str):
        reversed_on = date.fromisoformat(reversed_on[:10])
    return core_rounds.Payment(id_number, amount, day, round_name, method, status, f"payment:{pk}",
                               reversed_on is not None, reversed_on)


def payment_core(row: Payment) -> core_rounds.Payment:
    """A stored payment that counts now (not reversed) as the core checks it."""
    return core_rounds.Payment(row.entry.id_number, row.amount, row.date, "", row.method, row.status,
                               f"payment:{row.pk}")


def worker_core(row: ModelWorker) -> core_checks.ModelWorker:
    return core_checks.ModelWorker(row.id_number, row.name, row.level, row.year_honoured)


def worker_fields(worker: core_checks.ModelWorker) -> dict:
    return {"id_number": worker.id_number, "name": worker.name, "level": worker.level,
            "year_honoured": worker.year_honoured}


def check_core(row: HealthCheck) -> core_checks.HealthCheck:
    """A stored check (select_related("worker")), referenced as `check:12`."""
    return core_checks.HealthCheck(row.worker.id_number, row.year, row.state, row.date, row.institution, row.cost,
                                   row.reason, f"check:{row.pk}")
