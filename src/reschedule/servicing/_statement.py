"""The statement of an account on a given day: what is overdue, by how many
days, what penalty and fees have accrued, how each payment was split, and
what it costs to pay everything off."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial
from itertools import repeat
from operator import add, itemgetter, sub
from typing import ClassVar, NamedTuple

from reschedule.conventions import (
    EXACT,
    MAX_DAYS,
    Choice,
    Displayable,
    InvalidInputError,
    Rounding,
    charge,
    whole,
)
from reschedule.plans import Amounts, Component, Loan, Schedule, to_date
from reschedule.servicing._allocation import Allocation
from reschedule.servicing._payment import Payment
from reschedule.servicing._penalty import PenaltyPolicy
from reschedule.servicing._replay import (
    COMPONENTS,
    INTEREST,
    PENALTY,
    PRINCIPAL,
    Replay,
    ReplayResult,
)

__all__ = [
    "AllocationLine",
    "BucketStyle",
    "InstallmentStatus",
    "InterestAccrual",
    "PaymentAllocation",
    "PenaltyParts",
    "Statement",
    "StatementSummary",
    "delinquency_bucket",
    "statement",
    "statement_summary",
]


class InterestAccrual(Choice):
    """Whether interest not yet due is owed when the loan is paid off."""

    ON_DUE_DATES = "on_due_dates"
    """Interest is owed when its installment falls due; the payoff holds no
    interest of the current period (the default). A principal prepayment
    counts from the start of the current period, so it lowers that period's
    interest too."""
    DAILY = "daily"
    """Interest accrues day by day; the payoff holds the current period's
    interest to date (its share of the period's days under the loan's day
    count), and a principal prepayment splits the period's interest at its
    date."""


class BucketStyle(Choice, label="bucket style"):
    """How days past due are grouped into delinquency buckets."""

    RANGES = "ranges"
    """``"current"``, ``"1-30"``, ``"31-60"``, ``"61-90"``, ``"91-180"``, ``"180+"``."""
    MONTHS = "months"
    """``"M0"`` (current), ``"M1"`` (1-30 days), ``"M2"`` (31-60), ... one a
    30 days, without end: the collections convention."""


_RANGES = ((0, "current"), (30, "1-30"), (60, "31-60"), (90, "61-90"), (180, "91-180"))


def delinquency_bucket(days_past_due: int, style: BucketStyle | str = BucketStyle.RANGES) -> str:
    """The delinquency bucket of a number of days past due.

    Args:
        days_past_due: days since the due date of the oldest unpaid
            installment (0 when nothing is past due).
        style: `BucketStyle.RANGES` (``"1-30"``...) or `BucketStyle.MONTHS`
            (``"M1"``...).

    Examples:
        >>> [delinquency_bucket(days) for days in (0, 1, 30, 31, 90, 91, 180, 181)]
        ['current', '1-30', '1-30', '31-60', '61-90', '91-180', '91-180', '180+']
        >>> [delinquency_bucket(days, "months") for days in (0, 1, 30, 31, 200)]
        ['M0', 'M1', 'M1', 'M2', 'M7']
    """
    days_past_due = whole(days_past_due, "days past due", 0, MAX_DAYS)
    if BucketStyle.parse(style) is BucketStyle.MONTHS:
        return f"M{-(-days_past_due // 30)}"
    return _range_bucket(days_past_due)


def _range_bucket(days_past_due: int) -> str:
    """`delinquency_bucket` by ranges, of a number of days known to be right."""
    for limit, name in _RANGES:
        if days_past_due <= limit:
            return name
    return "180+"


class PenaltyParts(NamedTuple):
    """Penalty charges apart: penalty interest (罚息) on overdue principal and
    compound interest (复利) on overdue interest, as Chinese lenders book them.

    Their sum is the `penalty` component of `Amounts`, rounded once by the
    policy's rounding mode as it always was; penalty interest is its own
    accrual rounded by that mode, and compound interest the rest (so it is
    within a minor unit of its own accrual rounded). Without compound
    interest in the policy, all penalty is penalty interest (on whatever
    base the policy names). A cap that binds cuts compound interest first,
    and a payment of penalty pays penalty interest first. The penalty
    arrears a plan's rows repay are one amount in the plan (it keeps penalty
    as one component): a statement of it counts them as penalty interest.

    Examples:
        >>> from decimal import Decimal
        >>> PenaltyParts(Decimal("70.00"), Decimal("4.20")).total
        Decimal('74.20')
    """

    penalty_interest: Decimal
    compound_interest: Decimal

    @property
    def total(self) -> Decimal:
        """Penalty and compound interest together (the `penalty` component)."""
        return EXACT.add(self.penalty_interest, self.compound_interest)


class InstallmentStatus(NamedTuple):
    """One installment as the statement sees it at the end of `as_of`.

    A named tuple (an `Installment` behaves as one): a statement has a row
    per installment.

    Attributes:
        number: 1 for the first installment.
        due_date: when it is (or was) due.
        due: what it owes in all: its principal, interest and scheduled fees
            (as the plan now stands: a prepayment that recomputes the plan
            changes the installments not yet due), plus the penalty and late
            fees charged on it so far. A plan's row also repays arrears (what
            was owed when the plan was made: `Statement.plan_arrears`), each
            under its component: interest arrears in its interest, penalty
            arrears in its penalty, fee arrears in its (scheduled) fees,
            principal arrears in its principal.
        paid: what was paid of each component.
        outstanding: ``due − paid``, by component.
        days_past_due: days since its due date while any of its principal,
            interest or scheduled fees is unpaid; 0 otherwise (unpaid charges
            alone do not make it past due).
        in_arrears: it is due (on or before `as_of`) and owes something.
        paid_on: the day its principal, interest and scheduled fees were
            paid in full, or None.
        paid_dates: the days of the payments that paid any of it, in order.
        penalty_parts: the penalty charged on it (``due.penalty``), as
            penalty interest (罚息) and compound interest (复利).
        penalty_parts_outstanding: the penalty unpaid
            (``outstanding.penalty``), apart in the same way.
    """

    number: int
    due_date: date
    due: Amounts
    paid: Amounts
    outstanding: Amounts
    days_past_due: int
    in_arrears: bool
    paid_on: date | None
    paid_dates: tuple[date, ...]
    penalty_parts: PenaltyParts
    penalty_parts_outstanding: PenaltyParts


class AllocationLine(NamedTuple):
    """One line of the allocation ledger: what a payment paid of what.

    Attributes:
        installment: the installment's number, or None for principal
            prepaid ahead of the plan (a prepayment that recomputes it).
        component: the component paid.
        amount: the amount.
    """

    installment: int | None
    component: Component
    amount: Decimal


class PaymentAllocation(NamedTuple):
    """How one payment was split.

    ``payment.amount == sum(line.amount for line in lines) + credit``.

    Attributes:
        payment: the payment.
        lines: what it paid, in the order it paid them.
        credit: what of it was left over and kept as a credit.
    """

    payment: Payment
    lines: tuple[AllocationLine, ...]
    credit: Decimal


class _UnitRows(NamedTuple):
    """A statement's rows in minor units (`Statement._unit_rows`): a column each by
    component, in `Amounts`' order, of the rows' `due` and `paid` and of
    `Statement.plan_arrears` (its principal, interest and penalty columns empty
    when the rows repay no such arrears: `plan_arrears` states them as a plain
    zero, not in minor units; all of them empty when not asked for); the first
    `due_count` rows are due (on or before `as_of`). `capitalised` is the interest
    each row adds to the principal owed on its due date (a payment holiday's),
    empty when no row adds any."""

    due_count: int
    due: tuple[Sequence[int], Sequence[int], Sequence[int], Sequence[int]]
    paid: tuple[Sequence[int], Sequence[int], Sequence[int], Sequence[int]]
    arrears: tuple[Sequence[int], Sequence[int], Sequence[int], Sequence[int]]
    capitalised: Sequence[int]


@dataclass(frozen=True, slots=True, eq=False)
class Statement(Displayable):
    """The position of an account at the end of a day.

    Build it with `statement`. Every amount is a Decimal in the loan's minor
    unit. The summary (arrears, payoff, days past due...) is computed with
    the statement; its rows (`installments`) and its `ledger` are built on
    first use, so a statement read for its summary alone costs only the
    replay.

    Attributes:
        schedule: the schedule the payments were replayed against.
        as_of: the day of the statement (the position at its end).
        payments: the payments replayed (those dated on or before `as_of`),
            in date order.
        penalty: the penalty policy applied, or None.
        allocation: the allocation rule applied.
        interest_accrual: whether the payoff holds interest to date.
        installments: the status of every installment, first to last.
        arrears: what is due (on or before `as_of`) and unpaid, by component.
        principal_not_due: principal of installments not yet due, unpaid. A
            payment holiday's interest joins it on each holiday row's due date,
            not before: the principal of the rows after the holiday holds it
            from the start, but what rows not yet due will add is not in it.
        accrued_interest: with daily interest accrual, the interest of the
            current period accrued by `as_of` (not yet due) and not paid in
            advance, a holiday row's included (its interest for the period in
            proportion of the time elapsed); 0 otherwise. The payoff holds it.
        payoff: what pays everything off on `as_of`:
            ``arrears.total + principal_not_due + accrued_interest``, and the
            arrears a plan repays with installments not yet due, unpaid
            (interest, penalty and fees; owed all the same: see
            `plan_arrears`; its principal arrears are in `principal_not_due`).
            Interest not yet due is not in it (but, with daily accrual, the
            interest accrued to date). Any credit is not netted.
        credit: money received and kept as a credit, not applied to the loan.
        days_past_due: days past due of the oldest installment whose
            principal, interest or scheduled fees are unpaid; 0 if none.
        ledger: for each payment, what it paid of which installment.
        penalty_charged: all penalty (and compound) interest charged so far,
            paid or not (by the penalty policy: not the penalty arrears a
            plan's rows repay, which were charged before the plan).
        late_fees_charged: all late fees charged so far, paid or not.
        settled_on: the day a payment settled the loan (paid it off), or None.
        penalty_parts_charged: `penalty_charged` as penalty interest (罚息)
            and compound interest (复利).
        penalty_arrears: the penalty unpaid (``arrears.penalty``) as penalty
            interest and compound interest.

    Examples:
        >>> from reschedule import Loan, Payment, PenaltyPolicy, amortize, statement
        >>> schedule = amortize(Loan(1200, "0.12", 12, "2024-01-15", day_count="ACT/360"))
        >>> s = statement(schedule, [Payment("2024-02-15", schedule.payment)], "2024-04-01",
        ...               penalty=PenaltyPolicy.chinese_bank())
        >>> s.days_past_due, s.bucket, s.arrears.principal, s.accrued_penalty
        (17, '1-30', Decimal('96.03'), Decimal('0.91'))
        >>> s.outstanding_principal, s.payoff
        (Decimal('1105.68'), Decimal('1117.28'))
    """

    schedule: Schedule
    as_of: date
    payments: tuple[Payment, ...]
    penalty: PenaltyPolicy | None
    allocation: Allocation
    interest_accrual: InterestAccrual
    arrears: Amounts
    principal_not_due: Decimal
    accrued_interest: Decimal
    payoff: Decimal
    credit: Decimal
    days_past_due: int
    penalty_charged: Decimal
    late_fees_charged: Decimal
    settled_on: date | None
    penalty_parts_charged: PenaltyParts
    penalty_arrears: PenaltyParts
    _replayed: ReplayResult = field(repr=False)
    # the rows and the ledger, each built on first use (two threads may both build
    # one: the results are equal)
    _built_rows: list[tuple[InstallmentStatus, ...]] = field(default_factory=list, repr=False)
    _built_ledger: list[tuple[PaymentAllocation, ...]] = field(default_factory=list, repr=False)

    FIELDS: ClassVar[tuple[str, ...]] = (
        "schedule",
        "as_of",
        "payments",
        "penalty",
        "allocation",
        "interest_accrual",
        "installments",
        "arrears",
        "principal_not_due",
        "accrued_interest",
        "payoff",
        "credit",
        "days_past_due",
        "ledger",
        "penalty_charged",
        "late_fees_charged",
        "settled_on",
        "penalty_parts_charged",
        "penalty_arrears",
    )
    """The attributes of the statement, in order (those a JSON statement holds)."""

    @property
    def installments(self) -> tuple[InstallmentStatus, ...]:
        """The status of every installment, first to last (built on first use)."""
        built = self._built_rows
        if not built:
            built.append(_rows(self.schedule, self.as_of, self.payments, self._replayed))
        return built[0]

    @property
    def ledger(self) -> tuple[PaymentAllocation, ...]:
        """For each payment, what it paid of which installment (built on first use)."""
        built = self._built_ledger
        if not built:
            built.append(_ledger(self.schedule, self.payments, self._replayed))
        return built[0]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Statement):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.schedule, self.as_of, self.payments))

    def _key(self) -> tuple[object, ...]:
        # every attribute follows from these (the replay's result is the rest)
        return (
            self.schedule,
            self.as_of,
            self.payments,
            self.penalty,
            self.allocation,
            self.interest_accrual,
            self._replayed,
        )

    @property
    def loan(self) -> Loan:
        """The loan (the schedule's)."""
        return self.schedule.loan

    @property
    def overdue_principal(self) -> Decimal:
        """Principal due on or before `as_of` and unpaid (``arrears.principal``)."""
        return self.arrears.principal

    @property
    def outstanding_principal(self) -> Decimal:
        """All principal not repaid: overdue plus not yet due."""
        return EXACT.add(self.arrears.principal, self.principal_not_due)

    @property
    def accrued_penalty(self) -> Decimal:
        """Penalty and compound interest charged and unpaid (``arrears.penalty``)."""
        return self.arrears.penalty

    @property
    def unpaid_fees(self) -> Decimal:
        """Scheduled and late fees due and unpaid (``arrears.fees``)."""
        return self.arrears.fees

    @property
    def total_arrears(self) -> Decimal:
        """Everything due and unpaid (``arrears.total``)."""
        return self.arrears.total

    @property
    def total_paid(self) -> Decimal:
        """The sum of the payments replayed."""
        total = Decimal(0)
        for payment in self.payments:
            total = EXACT.add(total, payment.amount)
        return total

    @property
    def bucket(self) -> str:
        """The delinquency bucket: ``"current"``, ``"1-30"``, ... ``"180+"``."""
        return delinquency_bucket(self.days_past_due)

    @property
    def m_bucket(self) -> str:
        """The delinquency bucket as ``"M0"``, ``"M1"``, ``"M2"``..."""
        return delinquency_bucket(self.days_past_due, BucketStyle.MONTHS)

    @property
    def is_settled(self) -> bool:
        """Nothing is owed, now or later: no arrears and no principal left."""
        return self.payoff == 0 and not any(row.outstanding.total for row in self.installments)

    def plan_arrears(self) -> tuple[Amounts, ...]:
        """What each installment still owes of the arrears its schedule's rows repay,
        by component.

        A plan's rows repay, besides their own principal and interest, what
        was owed when it was made (due now, spread or deferred: the `parts` of
        its table, or its fee column as fees). The statement states them under
        their components, in the rows (`installments`), the `ledger` and the
        summary; this tells them apart from the rows' own amounts, unpaid, one
        `Amounts` a row (zero for an amortised schedule). Those of installments
        not yet due are owed in the `payoff`.

        Within a component a payment pays a row's arrears first, then its own
        amount; the components in the allocation's order.

        Examples:
            >>> from reschedule import Loan, Payment, amortize, reage, statement
            >>> s = amortize(Loan(1200, "0.12", 12, "2024-01-15"))
            >>> plan = reage(statement(s, [], "2024-03-20"), 4)
            >>> [str(part.interest) for part in plan.other_amounts()]
            ['6.18', '6.18', '6.18', '6.19']
            >>> later = statement(plan, [Payment(plan.first_due, "300")], plan.first_due)
            >>> [str(part.interest) for part in later.plan_arrears()]
            ['0.00', '6.18', '6.18', '6.19']
        """
        r = self._replayed
        places = -self.schedule.rounding.places
        fees = [
            fee - paid if fee > paid else 0
            for fee, paid in zip(r.fees_scheduled, r.fees_paid, strict=True)
        ]
        # trusted (whole units, not negative, in field order): the tuples made directly,
        # each distinct amount a Decimal once
        make = partial(tuple.__new__, Amounts)
        if not r.arrears_due:  # fees alone: a row for each distinct amount, shared
            zero = Decimal(0)  # (what `Amounts` makes of a missing amount)
            made = {
                units: make((zero, zero, Decimal(units).scaleb(places, EXACT), zero))
                for units in set(fees)
            }
            return tuple(map(made.__getitem__, fees))
        due, paid = r.arrears_due, r.arrears_paid
        left = [list(map(sub, due[c], paid[c])) for c in (PRINCIPAL, INTEREST, PENALTY)]
        columns = (left[0], left[1], fees, left[2])
        decimals = {units: Decimal(units).scaleb(places, EXACT) for units in set().union(*columns)}
        money = decimals.__getitem__
        return tuple(map(make, zip(*(map(money, column) for column in columns), strict=True)))

    def _unit_rows(self, arrears: bool = True) -> _UnitRows:
        """The rows' `due` and `paid` and `plan_arrears` in minor units, a column each
        by component, without making the rows (for a reader of a few of their figures);
        without `arrears`, the arrears' columns are left empty.
        """
        r = self._replayed
        fees_due = tuple(map(add, r.fees_scheduled, r.late_fees))
        principal = interest = fees_left = penalty = ()
        if arrears:
            fees_left = tuple(map(max, repeat(0), map(sub, r.fees_scheduled, r.fees_paid)))
        if arrears and r.arrears_due:  # else none but fees
            due, paid = r.arrears_due, r.arrears_paid
            principal, interest, penalty = (
                tuple(map(sub, due[c], paid[c])) for c in (PRINCIPAL, INTEREST, PENALTY)
            )
        return _UnitRows(
            r.due_count,
            (r.principal_due, r.interest_due, fees_due, r.penalty_due),
            (r.principal_paid, r.interest_paid, r.fees_paid, r.penalty_paid),
            (principal, interest, fees_left, penalty),
            r.capitalised,
        )

    def __repr__(self) -> str:
        return (
            f"<Statement as of {self.as_of}: arrears {self.arrears.total} "
            f"({self.days_past_due} days past due, {self.bucket}), "
            f"outstanding principal {self.outstanding_principal}, payoff {self.payoff}, "
            f"credit {self.credit}>"
        )


class StatementSummary(NamedTuple):
    """A statement's summary figures alone, from `statement_summary`: each is the
    `Statement` attribute of its name, without the statement's rows, ledger or
    inputs (what a batch of accounts keeps of each).

    Attributes:
        days_past_due: as `Statement.days_past_due`.
        bucket: as `Statement.bucket`.
        arrears: as `Statement.arrears`.
        penalty_arrears: as `Statement.penalty_arrears`.
        total_arrears: as `Statement.total_arrears`.
        principal_not_due: as `Statement.principal_not_due`.
        accrued_interest: as `Statement.accrued_interest`.
        outstanding_principal: as `Statement.outstanding_principal`.
        payoff: as `Statement.payoff`.
        credit: as `Statement.credit`.
        total_paid: as `Statement.total_paid`.
        penalty_charged: as `Statement.penalty_charged`.
        penalty_parts_charged: as `Statement.penalty_parts_charged`.
        late_fees_charged: as `Statement.late_fees_charged`.
        settled_on: as `Statement.settled_on`.
    """

    days_past_due: int
    bucket: str
    arrears: Amounts
    penalty_arrears: PenaltyParts
    total_arrears: Decimal
    principal_not_due: Decimal
    accrued_interest: Decimal
    outstanding_principal: Decimal
    payoff: Decimal
    credit: Decimal
    total_paid: Decimal
    penalty_charged: Decimal
    penalty_parts_charged: PenaltyParts
    late_fees_charged: Decimal
    settled_on: date | None


_DAILY = InterestAccrual.DAILY  # (a member read from its class costs a call)


def _payments(
    payments: Iterable[Payment], start: date, as_of: date, rounding: Rounding
) -> tuple[list[Payment], list[int], list[int]]:
    """The payments to replay (dated on or before `as_of`) in date order, their
    amounts in minor units and their days as ordinals, checked in one pass (each
    distinct amount converted once)."""
    if isinstance(payments, Payment):
        payments = [payments]
    result: list[Payment] = []
    units: list[int] = []
    days: list[int] = []
    known: dict[Decimal, int] = {}  # amounts repeat (the installment): each converted once
    ordered = True
    last = start
    for payment in payments:
        if type(payment) is not Payment and not isinstance(payment, Payment):
            raise InvalidInputError(
                f"payments must be Payment values; got {type(payment).__name__} {payment!r} "
                "(use Payment(date, amount))"
            )
        day = payment.date
        if day < start:
            raise InvalidInputError(
                f"a payment must not be dated before the loan start {start}; "
                f"got {day} ({payment.amount})"
            )
        if day <= as_of:
            if day < last:
                ordered = False
            last = day
            amount = payment.amount
            unit = known.get(amount)
            if unit is None:
                unit = known[amount] = rounding.to_units(amount, "payment amount")
            result.append(payment)
            units.append(unit)
            days.append(day.toordinal())
    if not ordered:  # stable: same-day payments keep their order
        order = sorted(range(len(result)), key=lambda index: result[index].date)
        result = [result[index] for index in order]
        units = [units[index] for index in order]
        days = [days[index] for index in order]
    return result, units, days


def _replay(
    schedule: Schedule,
    payments: Iterable[Payment],
    as_of: date | str,
    penalty: PenaltyPolicy | None,
    allocation: Allocation | str | None,
    interest_accrual: InterestAccrual | str,
    rows: bool = True,
) -> tuple[date, list[Payment], list[int], Allocation, InterestAccrual, ReplayResult]:
    """The inputs of a statement checked and its payments replayed (`Replay.finish`'s
    `rows`: what the statement's rows and ledger are made of)."""
    if not isinstance(schedule, Schedule):
        raise InvalidInputError(
            f"schedule must be a Schedule (from amortize); got {type(schedule).__name__}"
        )
    loan = schedule.loan
    day = as_of if type(as_of) is date else to_date(as_of, "as_of")
    # a plan's rows start before the loan it amortises (what is due now, a holiday)
    start = loan.start
    first = schedule.table.starts[0]
    if first < start:
        start = first
    if day < start:
        raise InvalidInputError(f"as_of must not be before the loan start {start}; got {day}")
    if penalty is not None and not isinstance(penalty, PenaltyPolicy):
        raise InvalidInputError(
            f"penalty must be a PenaltyPolicy or None; got {type(penalty).__name__} {penalty!r}"
        )
    rule = Allocation.parse(allocation)
    accrual = InterestAccrual.parse(interest_accrual)
    replayed, units, days = _payments(payments, start, day, loan.rounding)
    charge(len(schedule) + len(replayed), "installments and payments of a statement")
    replay = Replay(schedule, penalty, rule, accrual is _DAILY, day.toordinal())
    pay = replay.pay
    for index, ordinal in enumerate(days):
        pay(index, ordinal, units[index])
    return day, replayed, units, rule, accrual, replay.finish(day.toordinal(), rows)


def statement(
    schedule: Schedule,
    payments: Iterable[Payment],
    as_of: date | str,
    *,
    penalty: PenaltyPolicy | None = None,
    allocation: Allocation | str | None = None,
    interest_accrual: InterestAccrual | str = InterestAccrual.ON_DUE_DATES,
) -> Statement:
    """Replay payments against a schedule and state the account at the end of `as_of`.

    The payments are taken in date order (same-day payments in the order
    given). Before each is allocated, penalty interest and late fees are
    charged up to its date; the payment then pays what is due by the
    allocation rule, and what is left follows the rule's excess setting. A
    payment that reaches the payoff amount settles the loan. At the end,
    penalty is charged up to the end of `as_of`.

    Args:
        schedule: the plan, from `amortize`.
        payments: the payments received; those dated after `as_of` have not
            happened yet at the end of `as_of` and are left out, so one
            payment history serves statements on any day.
        as_of: the day of the statement.
        penalty: the penalty policy, or None for no penalty and no late fees.
        allocation: an `Allocation`, a preset name, or None for
            `Allocation.STANDARD` (penalty, fees, interest, principal;
            horizontal; excess to the next installment).
        interest_accrual: `InterestAccrual.ON_DUE_DATES` (the default:
            interest not yet due is not in the payoff) or
            `InterestAccrual.DAILY` (the payoff holds interest to date).

    Returns:
        The statement.

    Raises:
        InvalidInputError: a payment dated before the loan start, an amount
            finer than the minor unit, an `as_of` before the loan start, a
            payment that is not a `Payment`.

    Notes:
        Days past due count calendar days from the due date: an installment
        due on the 15th and unpaid is 1 day past due at the end of the 16th,
        and one due on `as_of` itself is in arrears with 0 days past due.
        Penalty interest for a day is charged when the day ends, so a payment
        made on the 16th pays one day of penalty.

        A plan's rows repay arrears besides their own amounts (what was owed
        when it was made: due now, spread or deferred, by component). A
        payment pays each component where the allocation's order puts it,
        and within a component a row's arrears first (the older debt), then
        its own amount: with the standard order a row pays penalty arrears,
        penalty, fee arrears, late fees, interest arrears, interest, principal
        arrears, principal. The arrears count in a penalty's or late fee's
        base only where the base is the overdue total (as scheduled fees do),
        and principal arrears bear no interest. `Statement.plan_arrears`
        tells them apart from the rows' own amounts.

    Examples:
        >>> from reschedule import Loan, Payment, amortize
        >>> schedule = amortize(Loan(3000, "0.12", 3, "2024-01-01", method="flat"))
        >>> paid = [Payment("2024-02-01", 1030), Payment("2024-03-10", 500)]
        >>> s = statement(schedule, paid, "2024-03-31")
        >>> [row.outstanding.total for row in s.installments]
        [Decimal('0.00'), Decimal('530.00'), Decimal('1030.00')]
        >>> s.days_past_due, s.payoff
        (30, Decimal('1530.00'))
    """
    day, replayed, _, rule, accrual, result = _replay(
        schedule, payments, as_of, penalty, allocation, interest_accrual
    )
    return _build(schedule, day, tuple(replayed), penalty, rule, accrual, result)


def statement_summary(
    schedule: Schedule,
    payments: Iterable[Payment],
    as_of: date | str,
    *,
    penalty: PenaltyPolicy | None = None,
    allocation: Allocation | str | None = None,
    interest_accrual: InterestAccrual | str = InterestAccrual.ON_DUE_DATES,
) -> StatementSummary:
    """The summary of `statement`'s statement, without the statement.

    The same arguments, checks and figures as `statement`; the figures
    alone, for a caller that reads nothing else (a batch of accounts).

    Examples:
        >>> from reschedule import Loan, Payment, PenaltyPolicy, amortize, statement
        >>> schedule = amortize(Loan(1200, "0.12", 12, "2024-01-15", day_count="ACT/360"))
        >>> paid = [Payment("2024-02-15", schedule.payment)]
        >>> policy = PenaltyPolicy.chinese_bank()
        >>> summary = statement_summary(schedule, paid, "2024-04-01", penalty=policy)
        >>> summary.days_past_due, summary.bucket, summary.arrears.penalty, summary.payoff
        (17, '1-30', Decimal('0.91'), Decimal('1117.28'))
        >>> s = statement(schedule, paid, "2024-04-01", penalty=policy)
        >>> all(getattr(s, name) == value for name, value in summary._asdict().items())
        True
    """
    day, replayed, _, _, _, result = _replay(
        schedule, payments, as_of, penalty, allocation, interest_accrual, rows=False
    )
    return _summary(schedule, day, replayed, result)


def _build(
    schedule: Schedule,
    as_of: date,
    payments: tuple[Payment, ...],
    penalty: PenaltyPolicy | None,
    allocation: Allocation,
    accrual: InterestAccrual,
    r: ReplayResult,
) -> Statement:
    """The statement, its summary from the replay's columns (`_summary`).

    Made without the dataclass's `__init__`, which sets each of its twenty fields
    by ``object.__setattr__`` (frozen): here each field's slot is set directly, in
    `_SLOTS`' order (no `__post_init__`, no check is skipped: the same value)."""
    f = _summary(schedule, as_of, (), r)
    made = _new(Statement)
    value: object
    for set_slot, value in zip(
        _SLOTS,
        (
            schedule, as_of, payments, penalty, allocation, accrual, f.arrears,
            f.principal_not_due, f.accrued_interest, f.payoff, f.credit, f.days_past_due,
            f.penalty_charged, f.late_fees_charged, f.settled_on, f.penalty_parts_charged,
            f.penalty_arrears, r, [], [],
        ),
        strict=True,
    ):  # fmt: skip
        set_slot(made, value)
    return made


_new = object.__new__
# the setters of `Statement`'s slots, in the order `_build` gives their values
_SLOTS = tuple(
    getattr(Statement, name).__set__
    for name in (
        "schedule", "as_of", "payments", "penalty", "allocation", "interest_accrual", "arrears",
        "principal_not_due", "accrued_interest", "payoff", "credit", "days_past_due",
        "penalty_charged", "late_fees_charged", "settled_on", "penalty_parts_charged",
        "penalty_arrears", "_replayed", "_built_rows", "_built_ledger",
    )
)  # fmt: skip


_ZERO = Decimal(0)


def _summary(
    schedule: Schedule, as_of: date, payments: Iterable[Payment], r: ReplayResult
) -> StatementSummary:
    """The statement's summary, from the replay's columns (sums of whole units);
    `total_paid` is the sum of `payments`."""
    places = -schedule.rounding.places
    zero = Decimal(0).scaleb(places, EXACT)  # amounts are 0 above all

    def money(units: int) -> Decimal:
        return Decimal(units).scaleb(places, EXACT) if units else zero

    k = r.due_count  # the installments due on or before as_of: the first k
    n = len(r.due)
    principal_due, principal_paid = r.principal_due, r.principal_paid
    interest_due, interest_paid = r.interest_due, r.interest_paid
    fees_scheduled, fees_paid = r.fees_scheduled, r.fees_paid
    late_fees = sum(r.late_fees)
    late_fees_due = late_fees if k == n else sum(r.late_fees[:k])
    penalty_charged = sum(r.penalty_due)
    penalty_interest = sum(r.penalty_interest_due)
    # a plan's interest and penalty arrears unpaid, by row (empty without them)
    carried = _carried(r)
    if k == n:  # everything is due: no slices
        principal_arrears = sum(principal_due) - sum(principal_paid)
        arrears = (
            principal_arrears,
            sum(interest_due) - sum(interest_paid),
            sum(fees_scheduled) + late_fees_due - sum(fees_paid),
            penalty_charged - sum(r.penalty_paid),
        )
        interest_arrears = penalty_interest - sum(r.penalty_interest_paid)
        principal_not_due = fees_not_due = arrears_not_due = 0
    else:
        arrears = (
            sum(principal_due[:k]) - sum(principal_paid[:k]),
            sum(interest_due[:k]) - sum(interest_paid[:k]),
            sum(fees_scheduled[:k]) + late_fees_due - sum(fees_paid[:k]),
            sum(r.penalty_due[:k]) - sum(r.penalty_paid[:k]),
        )
        interest_arrears = sum(r.penalty_interest_due[:k]) - sum(r.penalty_interest_paid[:k])
        principal_not_due = sum(principal_due[k:]) - sum(principal_paid[k:])
        if r.capitalised:  # the interest holiday rows not yet due will add: not yet owed
            principal_not_due -= sum(r.capitalised[k:])
        # the scheduled fees of installments not yet due and the interest and penalty
        # arrears they repay: a plan's arrears repaid with them (spread, deferred),
        # owed in a payoff (its principal arrears are in principal_not_due)
        fees_not_due = sum(fees_scheduled[k:]) - sum(fees_paid[k:])
        arrears_not_due = sum(carried[k:]) if carried else 0
    # days past due: of the oldest installment due whose principal, interest or
    # scheduled fees are unpaid (the replay finds it)
    oldest = as_of.toordinal() - r.oldest_unpaid if r.oldest_unpaid else 0
    accrued = r.accrued_interest
    total = sum(arrears)
    payoff = total + principal_not_due + fees_not_due + arrears_not_due + accrued
    if r.arrears_due:  # charged by the policy: a plan's penalty arrears are the rows' own
        carried_penalty = sum(r.arrears_due[PENALTY])
        penalty_charged -= carried_penalty
        penalty_interest -= carried_penalty
    parts = partial(tuple.__new__, PenaltyParts)
    paid = _ZERO
    for payment in payments:
        paid = EXACT.add(paid, payment.amount)
    return tuple.__new__(
        StatementSummary,
        (
            oldest,
            _range_bucket(oldest),
            tuple.__new__(Amounts, map(money, arrears)),
            parts((money(interest_arrears), money(arrears[3] - interest_arrears))),
            money(total),
            money(principal_not_due),
            money(accrued),
            money(arrears[0] + principal_not_due),
            money(payoff),
            money(r.credit),
            paid,
            money(penalty_charged),
            parts((money(penalty_interest), money(penalty_charged - penalty_interest))),
            money(late_fees),
            date.fromordinal(r.settled_on) if r.settled_on else None,
        ),
    )


def _carried(r: ReplayResult) -> list[int]:
    """The interest and penalty arrears each of a plan's rows repays, unpaid (empty
    without such arrears)."""
    if not r.arrears_due:
        return []
    due, paid = r.arrears_due, r.arrears_paid
    return [
        interest - interest_paid + penalty - penalty_paid
        for interest, interest_paid, penalty, penalty_paid in zip(
            due[INTEREST], paid[INTEREST], due[PENALTY], paid[PENALTY], strict=True
        )
    ]


def _paid_dates(
    n: int, payments: tuple[Payment, ...], ledger: tuple[tuple[int, int, int, int], ...]
) -> list[list[date]]:
    """The days of the payments that paid any of each of n installments, in order
    (from the ledger's lines: payment index, installment index...)."""
    paid_dates: list[list[date]] = [[] for _ in range(n)]
    for payment, j, _, _ in ledger:
        if j >= 0:
            dates = paid_dates[j]
            day = payments[payment].date
            if not dates or dates[-1] != day:
                dates.append(day)
    return paid_dates


def _rows(
    schedule: Schedule, as_of: date, payments: tuple[Payment, ...], r: ReplayResult
) -> tuple[InstallmentStatus, ...]:
    """The statement's rows, from the replay's columns.

    Column by column: each distinct amount becomes a Decimal once, each
    distinct day a date once, and the rows are zipped from the columns (the
    trusted values make their tuples directly, without the checks of the
    types' constructors). What a row has paid off (nothing outstanding, no
    penalty) is one shared value of zeros.
    """
    places = -schedule.rounding.places
    day = as_of.toordinal()
    fees_due = list(map(add, r.fees_scheduled, r.late_fees))
    left_p = list(map(sub, r.principal_due, r.principal_paid))
    left_i = list(map(sub, r.interest_due, r.interest_paid))
    left_f = list(map(sub, fees_due, r.fees_paid))
    left_pen = list(map(sub, r.penalty_due, r.penalty_paid))
    compound = list(map(sub, r.penalty_due, r.penalty_interest_due))
    left_int = list(map(sub, r.penalty_interest_due, r.penalty_interest_paid))
    left_compound = list(map(sub, left_pen, left_int))
    amounts = set(r.principal_due).union(
        r.interest_due, fees_due, r.penalty_due, r.principal_paid, r.interest_paid,
        r.fees_paid, r.penalty_paid, left_p, left_i, left_f, left_pen, compound,
        r.penalty_interest_due, left_int, left_compound,
    )  # fmt: skip
    amounts.add(0)
    decimals = {units: Decimal(units).scaleb(places, EXACT) for units in amounts}
    money = decimals.__getitem__

    def column(values: Iterable[int]) -> list[Decimal]:
        return list(map(money, values))

    ordinals = set(r.paid_on)
    ordinals.discard(0)
    dates = {ordinal: date.fromordinal(ordinal) for ordinal in ordinals}
    to_day = dates.__getitem__
    # trusted: non-negative Decimals in field order
    make = partial(tuple.__new__, Amounts)
    parts = partial(tuple.__new__, PenaltyParts)
    zero = money(0)
    nothing = make((zero, zero, zero, zero))
    no_parts = parts((zero, zero))
    due = map(
        make,
        zip(column(r.principal_due), column(r.interest_due), column(fees_due),
            column(r.penalty_due), strict=True),
    )  # fmt: skip
    paid = map(
        make,
        zip(column(r.principal_paid), column(r.interest_paid), column(r.fees_paid),
            column(r.penalty_paid), strict=True),
    )  # fmt: skip
    left = [
        make((money(p), money(i), money(f), money(pen))) if p or i or f or pen else nothing
        for p, i, f, pen in zip(left_p, left_i, left_f, left_pen, strict=True)
    ]
    charged = [
        parts((money(interest), money(rest))) if interest or rest else no_parts
        for interest, rest in zip(r.penalty_interest_due, compound, strict=True)
    ]
    unpaid = [
        parts((money(interest), money(rest))) if interest or rest else no_parts
        for interest, rest in zip(left_int, left_compound, strict=True)
    ]
    k = r.due_count  # the first k are due on or before as_of
    n = len(r.due)
    carried = _carried(r) or [0] * n  # a plan's penalty arrears unpaid make it past due
    days = [
        day - due_day if p or i or f_paid < fee or other else 0
        for due_day, p, i, f_paid, fee, other in zip(
            r.due[:k], left_p, left_i, r.fees_paid, r.fees_scheduled, carried, strict=False
        )
    ] + [0] * (n - k)
    owing = [
        bool(p or i or f or pen)
        for p, i, f, pen in zip(left_p[:k], left_i, left_f, left_pen, strict=False)
    ] + [False] * (n - k)
    paid_on = [to_day(ordinal) if ordinal else None for ordinal in r.paid_on]
    paid_dates = map(tuple, _paid_dates(n, payments, r.ledger))
    status = partial(tuple.__new__, InstallmentStatus)
    return tuple(
        map(
            status,
            zip(range(1, n + 1), schedule.table.due, due, paid, left, days, owing, paid_on,
                paid_dates, charged, unpaid, strict=True),
        )
    )  # fmt: skip


def _ledger(
    schedule: Schedule, payments: tuple[Payment, ...], r: ReplayResult
) -> tuple[PaymentAllocation, ...]:
    """The statement's ledger, from the replay's: for each payment, its lines and its
    credit (each distinct amount a Decimal once; trusted values, as in `_rows`)."""
    places = -schedule.rounding.places
    amounts = set(r.payment_credit).union(map(itemgetter(3), r.ledger))
    decimals = {units: Decimal(units).scaleb(places, EXACT) for units in amounts}
    money = decimals.__getitem__
    line = partial(tuple.__new__, AllocationLine)
    lines = [
        line((None if j < 0 else j + 1, COMPONENTS[component], money(amount)))
        for _, j, component, amount in r.ledger
    ]
    counts = Counter(map(itemgetter(0), r.ledger))
    allocation = partial(tuple.__new__, PaymentAllocation)
    ledger = []
    start = 0
    for index, (payment, credit) in enumerate(zip(payments, r.payment_credit, strict=True)):
        end = start + counts[index]
        ledger.append(allocation((payment, tuple(lines[start:end]), money(credit))))
        start = end
    return tuple(ledger)
