"""Payment rounds (送温暖, 国庆救助, 专项助学 …): drawing the list from the register,
freezing it at approval, the budget it may not pass, and checking each payment."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..core.money import format_wan
from ..core.problems import Problem
from . import errors as e
from .errors import NOT_LISTED, OFF_STANDARD, OUTSIDE_DATES, OUTSIDE_YEAR, RoundError, round_frozen
from .register import ACTIVE, Beneficiary
from .standards import Standard, amount_due

DRAFT, APPROVED = "draft", "approved"
PAID, FAILED, RETURNED = "paid", "failed", "returned"


@dataclass
class Round:
    name: str
    project: str  # 项目编码
    kind: str  # the standard's kind
    start: date
    end: date
    degrees: tuple[str, ...] = ()  # empty: every degree
    state: str = DRAFT


@dataclass(slots=True)  # slots, not frozen: a round holds a hundred thousand of these
class Entry:
    id_number: str
    name: str
    amount: Decimal


@dataclass(slots=True)
class Payment:
    id_number: str
    amount: Decimal
    on: date
    round: str = ""
    method: str = "银行代发"
    status: str = PAID
    ref: str = ""  # the record's id, for provenance


def ineligible(person: Beneficiary, round_: Round, already_paid: Collection[str]) -> str | None:
    """Why the person may not be in the round, or None."""
    if person.status not in ACTIVE:
        return f"状态为“{person.status}”"
    if round_.degrees and person.degree not in round_.degrees:
        return f"困难程度为“{person.degree}”，本轮只含{'、'.join(round_.degrees)}"
    if person.id_number in already_paid:
        return "本轮已发放"
    return None


def draw(round_: Round, register: list[Beneficiary], standards: list[Standard],
         already_paid: Collection[str] = frozenset()) -> tuple[list[Entry], list[tuple[Beneficiary, str]]]:
    """The round's list: every eligible person with the amount their standard says."""
    entries, left_out = [], []
    for person in register:
        reason = ineligible(person, round_, already_paid)
        due = amount_due(standards, round_.kind, person.degree, person.cause) if reason is None else None
        if reason is None and due is None:
            reason = f"没有“{round_.kind}”的救助标准"
        if reason or due is None:
            left_out.append((person, reason or ""))
        else:
            entries.append(Entry(person.id_number, person.name, due))
    return entries, left_out


def check_budget(entries: list[Entry], remaining: Decimal) -> None:
    total = sum((e.amount for e in entries), Decimal(0))
    if total > remaining:
        raise RoundError(e.ROUND_OVER_BUDGET, e.ROUND_OVER_BUDGET_MESSAGE.format(total=format_wan(total),
                                                                                remaining=format_wan(remaining)))


def approve(round_: Round, entries: list[Entry], remaining: Decimal) -> list[Entry]:
    """Freeze the list and its amounts: later register edits do not change them."""
    if round_.state != DRAFT:
        raise round_frozen(round_.name)
    if not entries:
        raise RoundError(e.ROUND_EMPTY, e.ROUND_EMPTY_MESSAGE.format(name=round_.name))
    check_budget(entries, remaining)
    round_.state = APPROVED
    return list(entries)


def payment_problems(payment: Payment, round_: Round, entry: Entry | None,
                     year: int | None = None) -> list[Problem]:
    """Why a payment does not follow the rules, as coded Problems (`errors.NOT_LISTED` …): to a
    person not on the frozen list, not the standard amount, outside the round's dates, or (given
    the budget `year`) outside that year. Empty when it complies."""
    problems = []
    if entry is None:
        problems.append(Problem(NOT_LISTED, e.NOT_LISTED_MESSAGE))
    elif payment.amount != entry.amount:
        problems.append(Problem(OFF_STANDARD, e.OFF_STANDARD_MESSAGE.format(amount=payment.amount, due=entry.amount)))
    if not round_.start <= payment.on <= round_.end:
        problems.append(Problem(OUTSIDE_DATES, e.OUTSIDE_DATES_MESSAGE.format(on=payment.on, start=round_.start,
                                                                             end=round_.end)))
    if year is not None and payment.on.year != year:
        problems.append(Problem(OUTSIDE_YEAR, e.OUTSIDE_YEAR_MESSAGE.format(on=payment.on)))
    return problems


@dataclass
class RoundRecord:
    """A round with its frozen list and its payments, as the metrics read them."""

    round: Round
    entries: dict[str, Entry] = field(default_factory=dict)
    payments: list[Payment] = field(default_factory=list)
