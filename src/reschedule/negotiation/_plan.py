"""Plans: schedules that also record where they came from and what was conceded."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date
from decimal import Decimal
from operator import add

from reschedule.conventions import (
    EXACT,
    Choice,
    DayCount,
    Frequency,
    Rounding,
    as_given,
)
from reschedule.plans import (
    COMPONENT_NAMES,
    Components,
    Installment,
    Loan,
    Method,
    Schedule,
    Table,
)

__all__ = ["HOLIDAY_TREATMENTS", "NOTHING", "Components", "Plan", "Terms", "Treatment", "derived"]

_ZERO = Decimal(0)

NOTHING = Components()
"""No amount of any component (one value for all: components are immutable)."""


def derived(
    principal: Decimal = _ZERO,
    interest: Decimal = _ZERO,
    fees: Decimal = _ZERO,
    penalty: Decimal = _ZERO,
) -> Components:
    """Components of amounts the builder worked out from amounts already checked
    (their exact sums and differences, Decimals), made without converting and
    checking each again as `Components` does with what it is given; a negative one
    (a broken invariant) is still refused, by `Components`."""
    if principal < 0 or interest < 0 or fees < 0 or penalty < 0:
        return Components(principal, interest, fees=fees, penalty=penalty)
    return tuple.__new__(Components, (principal, interest, fees, penalty))


class Treatment(Choice):
    """What a restructuring does with an owed amount (interest, penalty or fees)."""

    CAPITALIZE = "capitalize"
    """Added to the new principal: repaid with it and bearing the plan's interest."""
    SPREAD = "spread"
    """Repaid in equal parts with the plan's installments, bearing no interest
    (the instalment plan for overdue amounts, 分期还款)."""
    DUE = "due"
    """Due in full now: in a row of its own dated the plan's start (the
    restructuring day), as the contract has it for arrears."""
    DEFER = "defer"
    """Due with the plan's last installment, bearing no interest (a deferral,
    as in the US payment-deferral and principal-forbearance programmes)."""
    WAIVE = "waive"
    """Waived in full: recorded as a concession."""

    # a member hashes as itself, not by its name: the builder sorts amounts by their
    # treatment in dicts, and an enum's own hash is a Python call (members are equal
    # only to themselves, so the hash agrees with equality)
    __hash__ = object.__hash__


HOLIDAY_TREATMENTS = (Treatment.CAPITALIZE, Treatment.DEFER, Treatment.WAIVE)
"""What a payment holiday may do with its interest (`restructure`'s ``holiday_interest``)."""

_WAIVE = Treatment.WAIVE  # (a member read from its class costs a call in Python 3.11)
_OWED = COMPONENT_NAMES[1:]


@dataclass(frozen=True, slots=True, init=False)
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
        no_payment_shock: round the level installment up to the least amount
            at which the last installment is not larger than it (by default
            the level is rounded to the nearest unit and the last installment
            absorbs the residual, which can make it the largest).
        reamortize: re-amortise the principal even when nothing else changes
            (with every other term as the source has it, the plan keeps the
            contract's installments: the account as it stands).
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
    waived: Components = NOTHING
    conditional: bool = False
    down_payment: Decimal = _ZERO
    holiday: int = 0
    holiday_interest: Treatment = Treatment.CAPITALIZE
    forborne: Decimal = _ZERO
    payment: Decimal | None = None
    reamortize: bool = False
    no_payment_shock: bool = False
    spread_over: int | None = None

    def __init__(
        self,
        start: date,
        first_payment: date | None,
        term: int,
        annual_rate: Decimal,
        method: Method,
        frequency: Frequency,
        day_count: DayCount,
        interest: Treatment = Treatment.DUE,
        penalty: Treatment = Treatment.DUE,
        fees: Treatment = Treatment.DUE,
        waived: Components = NOTHING,
        conditional: bool = False,
        down_payment: Decimal = _ZERO,
        holiday: int = 0,
        holiday_interest: Treatment = Treatment.CAPITALIZE,
        forborne: Decimal = _ZERO,
        payment: Decimal | None = None,
        reamortize: bool = False,
        no_payment_shock: bool = False,
        spread_over: int | None = None,
    ) -> None:
        # each field set by its slot's own setter: the `__init__` a frozen dataclass
        # generates sets each through `object.__setattr__`, at about twice the cost
        # (every offer makes its terms)
        set_ = _TERMS_SLOTS
        set_[0](self, start)
        set_[1](self, first_payment)
        set_[2](self, term)
        set_[3](self, annual_rate)
        set_[4](self, method)
        set_[5](self, frequency)
        set_[6](self, day_count)
        set_[7](self, interest)
        set_[8](self, penalty)
        set_[9](self, fees)
        set_[10](self, waived)
        set_[11](self, conditional)
        set_[12](self, down_payment)
        set_[13](self, holiday)
        set_[14](self, holiday_interest)
        set_[15](self, forborne)
        set_[16](self, payment)
        set_[17](self, reamortize)
        set_[18](self, no_payment_shock)
        set_[19](self, spread_over)


_TERMS_SLOTS = tuple(vars(Terms)[name].__set__ for name in Terms.__dataclass_fields__)
"""The setters of `Terms`' slots, in its fields' order."""


@dataclass(frozen=True, slots=True)
class Position:
    """What a source owes, by component, and its cycle of due dates (internal).

    `owed.interest` holds the interest in arrears and `accrued`, the interest
    of the current period accrued to `as_of`; `owed.principal` holds
    `overdue_principal` and the principal not yet due, which `contract`
    schedules (its remaining rows in minor units, whose first row's interest
    includes `accrued`). Restructuring a plan's statement again, `owed` also
    holds what the plan's rows not yet due repay besides their amortisation
    (spread and deferred amounts, by component), which is `carried` in the
    contract's rows.
    """

    as_of: date
    loan: Loan
    owed: Components
    remaining: int
    start: date
    first_payment: date | None
    history: tuple[Installment, ...] = ()
    credit: Decimal = _ZERO
    accrued: Decimal = _ZERO
    overdue_principal: Decimal = _ZERO
    contract: Table | None = None
    carried: Components = NOTHING


_NOT_COMPARED = frozenset(("_rows", "_memo", "origin"))
"""The fields two equal plans may differ in: what they remember, and the origin
(compared by identity first)."""


@dataclass(frozen=True, slots=True, eq=False, kw_only=True, init=False)
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
        due: what is due on the restructuring day (the plan's first row,
            dated its start).
        deferred: what is due with the last installment, bearing no interest.
        down_payment: paid when the plan starts.
        paid_down: what the down payment repays of what was owed, by
            component (principal first, then what was capitalised).
        amortized: what the plan's installments repay of what was owed, by
            component: the principal they amortise and the interest, penalty
            and fees capitalised into it (less what the down payment repaid);
            when the plan keeps the contract, the principal not yet due and
            the current period's interest accrued so far (the contract's next
            installment includes it).
        holiday_interest: the interest of a payment holiday (new interest,
            not owed before): capitalised, deferred or waived as
            `terms.holiday_interest` says, and counted in `deferred` or
            `waived` when it is deferred or waived.
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
    paid_down: Components = NOTHING
    amortized: Components = NOTHING
    holiday_interest: Decimal = _ZERO

    def __init__(
        self,
        loan: Loan,
        table: Table,
        _rows: list[tuple[Installment, ...]] | None = None,
        *,
        origin: object,
        terms: Terms,
        owed: Components,
        capitalized: Components,
        waived: Components,
        spread: Components,
        due: Components,
        deferred: Components,
        down_payment: Decimal,
        history: tuple[Installment, ...] = (),
        steps: tuple[str, ...] = (),
        position: Position,
        paid_down: Components = NOTHING,
        amortized: Components = NOTHING,
        holiday_interest: Decimal = _ZERO,
    ) -> None:
        # each field set by its slot's own setter: the `__init__` a frozen dataclass
        # generates sets each through `object.__setattr__`, at about twice the cost
        # (every offer makes its plan)
        set_ = _PLAN_SLOTS
        set_[0](self, loan)
        set_[1](self, table)
        set_[2](self, [] if _rows is None else _rows)
        set_[3](self, {})  # _memo
        set_[4](self, origin)
        set_[5](self, terms)
        set_[6](self, owed)
        set_[7](self, capitalized)
        set_[8](self, waived)
        set_[9](self, spread)
        set_[10](self, due)
        set_[11](self, deferred)
        set_[12](self, down_payment)
        set_[13](self, history)
        set_[14](self, steps)
        set_[15](self, position)
        set_[16](self, paid_down)
        set_[17](self, amortized)
        set_[18](self, holiday_interest)

    @property
    def financed(self) -> Decimal:
        """What the plan repays of what was owed: the owed amounts less the waiver."""
        waived = EXACT.add(self.terms.waived.total, self._waived_by_treatment())
        return EXACT.subtract(self.owed.total, waived)

    def _waived_by_treatment(self) -> Decimal:
        owed, waived, terms = self.owed, self.terms.waived, self.terms
        total = _ZERO
        for name in _OWED:  # every component but principal, waived by its treatment
            if getattr(terms, name) is _WAIVE:
                total = EXACT.add(total, EXACT.subtract(getattr(owed, name), getattr(waived, name)))
        return total

    def cash_flows(self) -> list[tuple[date, Decimal]]:
        """The borrower's cash flows under the plan: what it finances (`financed`, less
        any down payment) received when it starts, then each installment paid.

        With these, `apr` and `xirr` give the plan's true annualised cost on the
        debt it restructures, and the lender's present value is `xnpv` of the
        payments.

        Examples:
            >>> from reschedule import Loan, amortize, settle
            >>> plan = settle(amortize(Loan(1000, "0.1", 12, "2024-01-15")), discount="20%")
            >>> plan.cash_flows()
            [(datetime.date(2024, 1, 15), Decimal('800.00')),
             (datetime.date(2024, 2, 15), Decimal('-800.00'))]
        """
        flows = [self._financing()]
        # from the columns of minor units the rows are made of, without making the rows
        table = self.table
        paid = list(map(add, table.principal, table.interest))
        if table.fee:
            paid = list(map(add, paid, table.fee))
        places = -self.rounding.places
        amounts = {units: Decimal(-units).scaleb(places, EXACT) for units in set(paid)}
        flows.extend(zip(table.due, map(amounts.__getitem__, paid), strict=True))
        return flows

    def _financing(self) -> tuple[date, Decimal]:
        """The first of `cash_flows`: what the plan finances less the down payment,
        received when it starts."""
        return self.terms.start, EXACT.subtract(self.financed, self.down_payment)

    @property
    def total_paid(self) -> Decimal:
        """Everything the borrower pays under the plan: down payment and installments."""
        return EXACT.add(self.down_payment, self.total_payment)

    @property
    def new_principal(self) -> Decimal:
        """The principal the plan amortises (before any holiday capitalisation)."""
        return self.principal

    def other_amounts(self) -> tuple[Components, ...]:
        """What each row's other amount (its `fee`) repays, by component.

        A plan repays owed interest, penalty and fees (and forborne principal)
        besides its amortisation: what is due now in its first row, what is
        deferred in its last, and what is spread in equal parts, each
        component its own (the last row it is spread over taking each
        component's remainder). The parts of each row sum to its `fee`, and
        over the rows to `due`, `spread` and `deferred` (less the principal due
        now, which is in the principal column). They are computed with the
        plan, where its rows are (the `parts` of its table), not attributed
        afterwards.

        Examples:
            >>> from reschedule import Loan, Payment, amortize, reage, statement
            >>> s = amortize(Loan(1200, "0.12", 12, "2024-01-15"))
            >>> plan = reage(statement(s, [], "2024-03-20"), 4)
            >>> plan.spread.interest  # 12.00 + 11.05 overdue, 10.10 x 5/30 accrued
            Decimal('24.73')
            >>> [str(part.interest) for part in plan.other_amounts()]
            ['6.18', '6.18', '6.18', '6.19']
        """
        table, rounding = self.table, self.rounding
        money = rounding.from_units
        if table.parts is None:
            return tuple(Components(fees=money(fee)) for fee in table.fee or [0] * len(self))
        columns = dict(zip(COMPONENT_NAMES, table.parts, strict=True))
        return tuple(
            Components(**{name: money(columns[name][k]) for name in COMPONENT_NAMES})
            for k in range(len(self))
        )

    @property
    def conditional_waiver(self) -> Components:
        """The waiver that is reinstated if the plan is broken (empty if unconditional)."""
        return self.waived if self.terms.conditional else NOTHING

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Plan):
            return NotImplemented
        mine = [getattr(self, f.name) for f in fields(self) if f.name not in _NOT_COMPARED]
        theirs = [getattr(other, f.name) for f in fields(other) if f.name not in _NOT_COMPARED]
        return mine == theirs and (self.origin is other.origin or self.origin == other.origin)

    def __hash__(self) -> int:
        return hash((self.loan, len(self), self.terms))

    def __repr__(self) -> str:
        return (
            f"<Plan {len(self)} installments of {self.payment} from {self.first_due} "
            f"to {self.maturity}, total paid {self.total_paid}, waived {self.waived.total}>"
        )


_PLAN_SLOTS = tuple(getattr(Plan, name).__set__ for name in Plan.__dataclass_fields__)
"""The setters of `Plan`'s slots (its own and a `Schedule`'s), in its fields' order."""


def plan_loan(
    terms: Terms, principal: Decimal, rounding: Rounding, loan: Loan, *, term: int | None = None
) -> Loan:
    """The loan that amortises a plan's new principal under its terms (over `term`
    installments instead of the terms' when given).

    The terms are checked already (`Terms` holds what `restructure` checked, and
    the amounts the builder worked out from them): the loan is made without
    checking each again where nothing can break a rule (`Loan._of_checked`), and by
    the constructor, which says which rule, otherwise."""
    checked = Loan._of_checked(
        principal,
        terms.annual_rate,
        terms.term if term is None else term,
        terms.start,
        frequency=terms.frequency,
        method=terms.method,
        day_count=terms.day_count,
        first_payment=terms.first_payment,
        rounding=rounding,
        payment=terms.payment,
        like=loan,
    )
    if checked is not None:
        return checked
    return Loan(
        principal,
        as_given(terms.annual_rate),
        terms.term if term is None else term,
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
