"""Plans: schedules that also record where they came from and what was conceded."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal

from reschedule.conventions import (
    EXACT,
    Choice,
    DayCount,
    Frequency,
    Rounding,
    as_given,
    exact_sum,
)
from reschedule.plans import COMPONENT_NAMES, Components, Installment, Loan, Method, Schedule

__all__ = ["HOLIDAY_TREATMENTS", "Components", "Plan", "Terms", "Treatment"]

_ZERO = Decimal(0)


class Treatment(Choice):
    """What a restructuring does with an owed amount (interest, penalty or fees)."""

    CAPITALIZE = "capitalize"
    """Added to the new principal: repaid with it and bearing the plan's interest."""
    SPREAD = "spread"
    """Repaid in equal parts with the plan's installments, bearing no interest
    (the instalment plan for overdue amounts, 分期还款)."""
    DUE = "due"
    """Due in full with the plan's first installment."""
    DEFER = "defer"
    """Due with the plan's last installment, bearing no interest (a deferral,
    as in the US payment-deferral and principal-forbearance programmes)."""
    WAIVE = "waive"
    """Waived in full: recorded as a concession."""


HOLIDAY_TREATMENTS = (Treatment.CAPITALIZE, Treatment.DEFER, Treatment.WAIVE)
"""What a payment holiday may do with its interest (`restructure`'s ``holiday_interest``)."""


@dataclass(frozen=True, slots=True)
class Terms:
    """The terms of a restructuring offer, every choice resolved.

    `restructure` fills these from its arguments and the source; every other
    operation changes some of them and rebuilds the plan from the same
    source, so a chain of operations and one call with the same terms give
    the same plan.

    Attributes:
        start: where the new plan's interest starts to accrue.
        first_payment: the first due date of the new plan (None: one period
            after `start`).
        term: the installments that repay the new principal, after any
            holiday.
        annual_rate: the new plan's nominal annual rate.
        method: the new plan's amortisation method.
        frequency: the new plan's frequency.
        day_count: the new plan's day count.
        interest: what happens to the interest owed.
        penalty: what happens to the penalty owed.
        fees: what happens to the fees owed.
        waived: amounts waived by component, before the treatments apply.
        conditional: the waiver is reinstated if the plan is broken.
        down_payment: paid on `start`, reducing the new principal.
        holiday: installments with no payment at the start of the plan.
        holiday_interest: the holiday's interest is capitalised, deferred to
            the last installment, or waived.
        forborne: principal set aside, bearing no interest, due with the
            last installment.
        payment: a fixed installment (the term is then solved), or None.
        spread_over: what is spread is repaid with the first this many
            installments (after any holiday) rather than all of them.
    """

    start: date
    first_payment: date | None
    term: int
    annual_rate: Decimal
    method: Method
    frequency: Frequency
    day_count: DayCount
    interest: Treatment = Treatment.DUE
    penalty: Treatment = Treatment.DUE
    fees: Treatment = Treatment.DUE
    waived: Components = field(default_factory=Components)
    conditional: bool = False
    down_payment: Decimal = _ZERO
    holiday: int = 0
    holiday_interest: Treatment = Treatment.CAPITALIZE
    forborne: Decimal = _ZERO
    payment: Decimal | None = None
    spread_over: int | None = None


@dataclass(frozen=True, slots=True)
class Position:
    """What a source owes, by component, and its cycle of due dates (internal)."""

    as_of: date
    loan: Loan
    owed: Components
    remaining: int
    start: date
    first_payment: date | None
    history: tuple[Installment, ...] = ()
    credit: Decimal = _ZERO


@dataclass(frozen=True, slots=True, eq=False, kw_only=True)
class Plan(Schedule):
    """A restructured repayment plan: a `Schedule` that records its making.

    Everything a `Schedule` does works on a plan (its rows are the new
    plan's installments, from the restructuring on). Besides, a plan knows:

    Attributes:
        origin: the `Statement` or `Schedule` it was derived from.
        terms: the resolved terms of the offer.
        owed: what was owed when it was made, by component.
        capitalized: what was added to the new principal, by component.
        waived: what was waived, by component (the lender's concession).
        spread: what is repaid in equal parts with the installments.
        due: what is due with the first installment.
        deferred: what is due with the last installment, bearing no interest.
        down_payment: paid when the plan starts.
        history: the installments of a `Schedule` origin before the
            restructuring (empty for a `Statement` origin).
        steps: the operations that made it, in words.
        position: what the origin owed and its cycle of due dates (used to
            rebuild the plan when an operation changes its terms).
    """

    origin: object
    terms: Terms
    owed: Components
    capitalized: Components
    waived: Components
    spread: Components
    due: Components
    deferred: Components
    down_payment: Decimal
    history: tuple[Installment, ...] = ()
    steps: tuple[str, ...] = ()
    position: Position = field(repr=False)

    @property
    def financed(self) -> Decimal:
        """What the plan repays of what was owed: the owed amounts less the waiver."""
        waived = EXACT.add(self.terms.waived.total, self._waived_by_treatment())
        return EXACT.subtract(self.owed.total, waived)

    def _waived_by_treatment(self) -> Decimal:
        owed, waived = self.owed, self.terms.waived
        return exact_sum(
            EXACT.subtract(getattr(owed, name), getattr(waived, name))
            for name in COMPONENT_NAMES[1:]  # every component but principal
            if getattr(self.terms, name) is Treatment.WAIVE
        )

    def cash_flows(self) -> list[tuple[date, Decimal]]:
        """The borrower's cash flows under the plan: what it finances (`financed`, less
        any down payment) received when it starts, then each installment paid.

        With these, `apr` and `xirr` give the plan's true annualised cost on the
        debt it restructures, and the lender's present value is `xnpv` of the
        payments.

        Examples:
            >>> from reschedule import Loan, amortize, settle
            >>> plan = settle(amortize(Loan(1000, "0.1", 12, "2024-01-15")), discount="0.2")
            >>> plan.cash_flows()
            [(datetime.date(2024, 1, 15), Decimal('800.00')),
             (datetime.date(2024, 2, 15), Decimal('-800.00'))]
        """
        flows = [(self.terms.start, EXACT.subtract(self.financed, self.down_payment))]
        flows.extend((row.due_date, EXACT.minus(row.payment)) for row in self.installments)
        return flows

    @property
    def total_paid(self) -> Decimal:
        """Everything the borrower pays under the plan: down payment and installments."""
        return EXACT.add(self.down_payment, self.total_payment)

    @property
    def new_principal(self) -> Decimal:
        """The principal the plan amortises (before any holiday capitalisation)."""
        return self.principal

    @property
    def conditional_waiver(self) -> Components:
        """The waiver that is reinstated if the plan is broken (empty if unconditional)."""
        return self.waived if self.terms.conditional else Components()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Plan):
            return NotImplemented
        mine = [getattr(self, f.name) for f in fields(self) if f.name not in ("_rows", "origin")]
        theirs = [
            getattr(other, f.name) for f in fields(other) if f.name not in ("_rows", "origin")
        ]
        return mine == theirs and (self.origin is other.origin or self.origin == other.origin)

    def __hash__(self) -> int:
        return hash((self.loan, len(self), self.terms))

    def __repr__(self) -> str:
        return (
            f"<Plan {len(self)} installments of {self.payment} from {self.first_due} "
            f"to {self.maturity}, total paid {self.total_paid}, waived {self.waived.total}>"
        )


def plan_loan(terms: Terms, principal: Decimal, rounding: Rounding, loan: Loan) -> Loan:
    """The loan that amortises a plan's new principal under its terms."""
    return Loan(
        principal,
        as_given(terms.annual_rate),
        terms.term,
        terms.start,
        frequency=terms.frequency,
        method=terms.method,
        day_count=terms.day_count,
        first_payment=terms.first_payment,
        rounding=rounding,
        payment=terms.payment,
        end_of_month=loan.end_of_month,
        business_day=loan.business_day,
        holidays=loan.holidays,
        calendar=loan.calendar,
    )
