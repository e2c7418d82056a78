"""Payment rounds (送温暖, 国庆救助, 专项助学 …): drawing the list from the register,
freezing it at approval, the budget it may not pass, and checking each payment.

A person has one payment per round. The bank's return file is checked whole before anything is
kept (`check_results`): a row already recorded as it is changes nothing, a row that changes the
state of a recorded payment (paid, then 已退回) is a correction (冲正) that reverses it, and every
bad row is listed with its row number, column and reason:

>>> r = Round("春节送温暖", "P1", "救助", date(2021, 1, 15), date(2021, 2, 10), state=APPROVED)
>>> listed = {"A": Entry("A", "王建国", Decimal(500)), "B": Entry("B", "李秀英", Decimal(500))}
>>> rows = [Result(2, "A", Decimal(500), date(2021, 2, 1), "已发放"), Result(3, "B", Decimal(500), date(2021, 2, 1), ""),
...         Result(4, "A", Decimal(500), date(2021, 2, 2), "已发放")]
>>> check = check_results(rows, r, listed, {})
>>> [p.id_number for _, p in check.new], [str(b) for b in check.bad]
(['B'], ['第2行“身份证号”：与第4行是同一人（*），同一轮每人只发放一次', '第4行“身份证号”：与第2行是同一人（*），同一轮每人只发放一次'])
>>> again = check_results(rows[1:2], r, listed, {"B": Payment("B", Decimal(500), date(2021, 2, 1))})
>>> again.already, again.new
([3], [])
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..core.money import format_wan
from ..core.problems import Problem
from . import errors as e
from .errors import NOT_LISTED, OFF_STANDARD, OUTSIDE_DATES, OUTSIDE_YEAR, RoundError, round_frozen
from .persons import mask_id
from .register import ACTIVE, Beneficiary, RowProblem
from .standards import Standard, amount_due

DRAFT, APPROVED = "draft", "approved"
PAID, FAILED, RETURNED = "paid", "failed", "returned"
STATE_NAMES = {PAID: "已发放", FAILED: "发放失败", RETURNED: "已退回"}
# The 状态 of the bank's return file as banks write it; blank is paid.
STATE_WORDS = {"": PAID, "已发放": PAID, "发放成功": PAID, "成功": PAID, "已支付": PAID,
               "发放失败": FAILED, "失败": FAILED, "已退回": RETURNED, "退回": RETURNED, "退票": RETURNED}


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
    reversed: bool = False  # a correction (冲正) reverses it: it no longer counts
    reversed_on: date | None = None  # the date of that correction

    @property
    def counts(self) -> bool:
        """Paid and not reversed: the only payment that makes a person paid."""
        return self.status == PAID and not self.reversed

    def counts_at(self, as_of: date | None) -> bool:
        """Paid, and not reversed by `as_of`: a payment returned in March still counted at the
        end of February. Without a date, as `counts`."""
        if as_of is None or not self.reversed or self.reversed_on is None:
            return self.counts
        return self.status == PAID and self.reversed_on > as_of


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


# ---------------------------------------------------------------- the bank's return file, checked whole

# Refused: to a person not on the frozen list, not the standard amount, outside the budget year.
# Kept: one outside the round's dates (it counts as not compliant).
REFUSED = frozenset({e.NOT_LISTED, e.OFF_STANDARD, e.OUTSIDE_YEAR})
PROBLEM_COLUMNS = {e.NOT_LISTED: "身份证号", e.OFF_STANDARD: "金额", e.OUTSIDE_YEAR: "日期"}


@dataclass(slots=True)
class Result:
    """A row of the bank's return file as read: `state` as the bank wrote it."""

    row: int
    id_number: str
    amount: Decimal
    on: date
    state: str = ""


@dataclass
class ResultsCheck:
    """What importing a return file would do: record `new` payments, `corrections` (each reversing
    the recorded payment of the same person), skip the rows `already` recorded, refuse `bad` ones."""

    new: list[tuple[int, Payment]] = field(default_factory=list)
    corrections: list[tuple[int, Payment]] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    bad: list[RowProblem] = field(default_factory=list)

    @property
    def good(self) -> int:
        return len(self.new) + len(self.corrections) + len(self.already)


def check_results(results: list[Result], round_: Round, entries: dict[str, Entry], recorded: dict[str, Payment],
                  year: int | None = None) -> ResultsCheck:
    """Every row checked against the round's frozen list (`entries` by 身份证号) and the payments
    already `recorded` (the one that counts, by 身份证号), nothing written. A person twice in the
    file is refused in both rows, each naming the other."""
    check = ResultsCheck()
    rows_of: dict[str, list[int]] = {}
    for result in results:
        rows_of.setdefault(result.id_number, []).append(result.row)
    for result in results:
        twice = [n for n in rows_of[result.id_number] if n != result.row]
        if twice:
            check.bad.append(RowProblem(result.row, "身份证号", e.PAID_TWICE_IN_FILE_MESSAGE.format(
                rows="、".join(map(str, twice)), masked=mask_id(result.id_number)), e.PAID_TWICE_IN_FILE))
            continue
        status = STATE_WORDS.get(result.state.strip())
        if status is None:
            check.bad.append(RowProblem(result.row, "状态", e.BAD_STATE_MESSAGE.format(
                state=result.state, allowed="、".join(STATE_NAMES.values())), e.BAD_STATE))
            continue
        payment = Payment(result.id_number, result.amount, result.on, round_.name, status=status)
        refused = [p for p in payment_problems(payment, round_, entries.get(result.id_number), year)
                   if p.code in REFUSED]
        if refused:
            check.bad.extend(RowProblem(result.row, PROBLEM_COLUMNS[p.code], p.message, p.code) for p in refused)
            continue
        before = recorded.get(result.id_number)
        if before is None:
            check.new.append((result.row, payment))
        elif (before.amount, before.on, before.status) == (payment.amount, payment.on, payment.status):
            check.already.append(result.row)
        elif before.status != payment.status:
            check.corrections.append((result.row, payment))
        else:
            check.bad.append(RowProblem(result.row, "金额" if before.amount != payment.amount else "日期",
                                        e.RECORDED_OTHERWISE_MESSAGE.format(on=before.on, amount=before.amount,
                                                                            state=STATE_NAMES[before.status]),
                                        e.RECORDED_OTHERWISE))
    check.bad.sort(key=lambda b: b.row)
    return check


def paid_change(before: Payment | None, after: Payment) -> Decimal:
    """What a payment record adds to the project's spending: its amount when paid, less what the
    payment it reverses had paid (−500元 for a paid one returned)."""
    was = before.amount if before is not None and before.status == PAID else Decimal(0)
    return (after.amount if after.status == PAID else Decimal(0)) - was
