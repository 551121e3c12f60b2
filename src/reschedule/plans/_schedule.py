"""Installments and schedules: the result of `amortize`.

A schedule keeps its figures as columns of whole minor units, the form the
engine computes them in; the `Installment` values are built from them on
first use, so producing a schedule costs no more than computing it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from functools import partial
from itertools import accumulate
from operator import add, sub
from typing import NamedTuple, overload

from reschedule.conventions import EXACT, Displayable, Rounding
from reschedule.plans._loan import Loan

__all__ = ["Installment", "Schedule", "Table"]


class Installment(NamedTuple):
    """One row of a schedule: what falls due on one date and how it splits.

    An immutable named tuple (a schedule has hundreds of rows, and a named
    tuple is ten times cheaper to build than a frozen dataclass); compare
    rows by their fields, and use ``row._asdict()`` for a dict.

    On every row ``payment == principal + interest + fee`` and
    ``closing_balance == opening_balance - principal``. A negative principal
    means interest added to the balance (negative amortisation, as in a
    payment holiday whose interest is capitalised).

    Attributes:
        number: 1 for the first installment.
        due_date: when it is due, after business-day adjustment.
        period_start: the first day of its accrual period (unadjusted).
        period_end: the last day of its accrual period (unadjusted; excluded).
        year_fraction: the accrual period's length under the loan's day count.
        opening_balance: principal outstanding at the start of the period.
        payment: the amount due.
        principal: the part of the payment that repays principal.
        interest: the part that pays the period's interest.
        fee: the part that pays fees (zero in a plain amortisation).
        closing_balance: principal outstanding after the payment.
    """

    number: int
    due_date: date
    period_start: date
    period_end: date
    year_fraction: Fraction
    opening_balance: Decimal
    payment: Decimal
    principal: Decimal
    interest: Decimal
    fee: Decimal
    closing_balance: Decimal


@dataclass(frozen=True, slots=True)
class Table:
    """A schedule's columns in whole minor units (internal to the engines).

    ``principal[k]``, ``interest[k]`` and ``fee[k]`` are the parts of
    installment k+1; ``fraction[k]`` is its accrual year fraction as an
    unreduced (numerator, denominator). ``parts``, when given, says what the
    fee column repays by component: one column per name of
    `COMPONENT_NAMES` (principal, interest, fees, penalty), the row's parts
    summing to its ``fee`` (a plan's arrears repaid with its installments:
    spread, due now or deferred); without it the fee column is fees.
    """

    opening: int
    due: Sequence[date]
    starts: Sequence[date]
    ends: Sequence[date]
    fraction: Sequence[tuple[int, int]]
    principal: Sequence[int]
    interest: Sequence[int]
    fee: Sequence[int] | None
    regular_payment: int
    parts: tuple[Sequence[int], ...] | None = None


@dataclass(frozen=True, slots=True, eq=False)
class Schedule(Displayable):
    """An amortisation schedule: the installments that repay a loan.

    It behaves as a sequence of `Installment` (len, iteration, indexing) and
    knows the `Loan` it was computed from.

    Examples:
        >>> from reschedule import Loan, amortize
        >>> schedule = amortize(Loan(1200, "0.12", 12, "2024-01-15"))
        >>> len(schedule), schedule.payment, schedule.maturity
        (12, Decimal('106.62'), datetime.date(2025, 1, 15))
        >>> schedule[0].interest, schedule[-1].closing_balance
        (Decimal('12.00'), Decimal('0.00'))
    """

    loan: Loan
    table: Table = field(repr=False)
    _rows: list[tuple[Installment, ...]] = field(default_factory=list, repr=False)

    @property
    def rounding(self) -> Rounding:
        """The rounding policy of the figures (the loan's)."""
        return self.loan.rounding

    @property
    def installments(self) -> tuple[Installment, ...]:
        """Every installment, first to last."""
        if not self._rows:
            self._rows.append(self._build_rows())
        return self._rows[0]

    def _build_rows(self) -> tuple[Installment, ...]:
        """The rows, column by column: each distinct amount becomes a Decimal once
        (a level installment is one amount; each closing balance is the next
        row's opening one), and the trusted tuples are made directly."""
        table = self.table
        places = -self.rounding.places
        count = len(table.principal)
        fees = table.fee or [0] * count
        payments = list(map(add, map(add, table.principal, table.interest), fees))
        balances = list(accumulate(table.principal, sub, initial=table.opening))
        amounts = set(table.principal).union(table.interest, fees, payments, balances)
        decimals = {units: Decimal(units).scaleb(places, EXACT) for units in amounts}
        money = decimals.__getitem__
        fractions = {parts: Fraction(*parts) for parts in set(table.fraction)}
        balance = list(map(money, balances))
        return tuple(
            map(
                partial(tuple.__new__, Installment),
                zip(
                    range(1, count + 1),
                    table.due,
                    table.starts,
                    table.ends,
                    map(fractions.__getitem__, table.fraction),
                    balance[:-1],
                    map(money, payments),
                    map(money, table.principal),
                    map(money, table.interest),
                    map(money, fees),
                    balance[1:],
                    strict=True,
                ),
            )
        )

    def __len__(self) -> int:
        return len(self.table.principal)

    def __iter__(self) -> Iterator[Installment]:
        return iter(self.installments)

    @overload
    def __getitem__(self, index: int) -> Installment: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Installment, ...]: ...
    def __getitem__(self, index: int | slice) -> Installment | tuple[Installment, ...]:
        return self.installments[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Schedule):
            return NotImplemented
        return self.loan == other.loan and self.table == other.table

    def __hash__(self) -> int:
        return hash((self.loan, len(self)))

    @property
    def principal(self) -> Decimal:
        """The principal the schedule repays."""
        return self.rounding.from_units(self.table.opening)

    @property
    def payment(self) -> Decimal:
        """The regular installment.

        The level amount for `Method.ANNUITY`, `Method.BALLOON` and
        `Method.FLAT`; for `Method.EQUAL_PRINCIPAL` the first amortising
        installment (later ones decline); for `Method.INTEREST_ONLY` the
        interest of a regular period. Grace periods and an odd first period
        do not count as regular.
        """
        return self.rounding.from_units(self.table.regular_payment)

    @property
    def total_principal(self) -> Decimal:
        """The sum of the principal parts (equal to `principal`)."""
        return self.rounding.from_units(sum(self.table.principal))

    @property
    def total_interest(self) -> Decimal:
        """The sum of the interest parts."""
        return self.rounding.from_units(sum(self.table.interest))

    @property
    def total_fees(self) -> Decimal:
        """The sum of the fee parts."""
        return self.rounding.from_units(sum(self.table.fee or ()))

    @property
    def total_payment(self) -> Decimal:
        """Everything the borrower pays: principal, interest and fees."""
        table = self.table
        return self.rounding.from_units(
            sum(table.principal) + sum(table.interest) + sum(table.fee or ())
        )

    @property
    def first_due(self) -> date:
        """The due date of the first installment."""
        return self.table.due[0]

    @property
    def maturity(self) -> date:
        """The due date of the last installment."""
        return self.table.due[-1]

    def cash_flows(self) -> list[tuple[date, Decimal]]:
        """The borrower's cash flows: the principal received at the start (positive),
        then each installment paid (negative), for `irr`, `xirr`, `apr`, `xnpv`.

        Examples:
            >>> from reschedule import Loan, amortize
            >>> amortize(Loan(1000, "0", 2, "2024-01-15")).cash_flows()[:2]
            [(datetime.date(2024, 1, 15), Decimal('1000')),
             (datetime.date(2024, 2, 15), Decimal('-500.00'))]
        """
        flows = [self._financing()]
        flows.extend((row.due_date, EXACT.minus(row.payment)) for row in self.installments)
        return flows

    def _financing(self) -> tuple[date, Decimal]:
        """The first of `cash_flows`: what the borrower receives, and when."""
        return self.loan.start, self.loan.principal

    def __repr__(self) -> str:
        return (
            f"<Schedule {len(self)} installments of {self.payment} "
            f"from {self.first_due} to {self.maturity}, total interest {self.total_interest}>"
        )
