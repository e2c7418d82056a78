"""Payment rounds (送温暖, 国庆救助, 专项助学 …): drawing the list from the register,
freezing it at approval, the budget it may not pass, and checking each payment."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..core.money import format_wan
from ..core.problems import Problem
from .register import ACTIVE, Beneficiary
from .standards import Standard, amount_due

DRAFT, APPROVED = "draft", "approved"
PAID, FAILED, RETURNED = "paid", "failed", "returned"


class RoundError(ValueError):
    """A round that may not be drawn, approved or paid as asked, with the Chinese reason."""


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
        raise RoundError(f"本轮合计{format_wan(total)}万元，超过项目剩余预算{format_wan(remaining)}万元")


def approve(round_: Round, entries: list[Entry], remaining: Decimal) -> list[Entry]:
    """Freeze the list and its amounts: later register edits do not change them."""
    if round_.state != DRAFT:
        raise RoundError(f"“{round_.name}”已审批，名单已冻结")
    if not entries:
        raise RoundError(f"“{round_.name}”名单为空")
    check_budget(entries, remaining)
    round_.state = APPROVED
    return list(entries)


# Why a payment may not comply, by code: the services refuse some and keep others by these codes.
NOT_LISTED, OFF_STANDARD, OUTSIDE_DATES = "not_listed", "off_standard", "outside_dates"


def payment_problems(payment: Payment, round_: Round, entry: Entry | None) -> list[Problem]:
    """Why a payment does not follow the rules: to a person not on the frozen list, not the
    standard amount, or outside the round's dates. Empty when it complies."""
    problems = []
    if entry is None:
        problems.append(Problem(NOT_LISTED, "收款人不在本轮审批名单中"))
    elif payment.amount != entry.amount:
        problems.append(Problem(OFF_STANDARD, f"金额{payment.amount}元与标准{entry.amount}元不符"))
    if not round_.start <= payment.on <= round_.end:
        problems.append(Problem(OUTSIDE_DATES, f"发放日期{payment.on:%Y-%m-%d}不在本轮"
                                               f"{round_.start:%Y-%m-%d}至{round_.end:%Y-%m-%d}内"))
    return problems


@dataclass
class RoundRecord:
    """A round with its frozen list and its payments, as the metrics read them."""

    round: Round
    entries: dict[str, Entry] = field(default_factory=dict)
    payments: list[Payment] = field(default_factory=list)
