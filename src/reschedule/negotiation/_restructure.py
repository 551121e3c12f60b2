"""Restructuring: turning an account into a new plan, and recording the concessions.

One mechanism serves every operation. A source (a `Statement`, a `Schedule`
at an installment, or a `Plan`) gives a *position*: what is owed, by
component, and the cycle of due dates. `Terms` say what the offer does. The
builder waives what the terms waive, treats each owed component (capitalise,
spread, due now, defer, waive), amortises the new principal with `amortize`,
and adds the streams of owed amounts to the installments. `extend`, `defer`,
`waive`, `reage`, `reamortize`, `freeze` and `settle` only change terms, and a
`Plan` given as a source is rebuilt from its own origin with the changed
terms: a chain of operations equals one `restructure` call.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import compress
from operator import add, le, or_, sub
from typing import Any, Protocol, TypeAlias, TypedDict, Unpack

from reschedule.conventions import (
    EXACT,
    BusinessDay,
    DayCount,
    DecimalLike,
    Frequency,
    InvalidInputError,
    InvalidTermsError,
    Rounding,
    adjust,
    divide,
    fraction_parts,
    non_negative,
    to_rate,
    to_share,
)
from reschedule.negotiation._plan import (
    HOLIDAY_TREATMENTS,
    NOTHING,
    Components,
    Plan,
    Position,
    Terms,
    Treatment,
    derived,
    plan_loan,
)
from reschedule.negotiation._solvers import solve_term
from reschedule.plans import (
    COMPONENT_NAMES,
    MAX_TERM,
    Amounts,
    Loan,
    Method,
    Schedule,
    Table,
    amortize,
    to_date,
    whole,
)
from reschedule.servicing import InterestAccrual, Statement

__all__ = [
    "defer",
    "extend",
    "freeze",
    "reage",
    "reamortize",
    "restructure",
    "settle",
    "DeferOptions",
    "ExtendOptions",
    "FreezeOptions",
    "RestructureOptions",
    "Source",
    "WaiveOptions",
    "waive",
    "accrued_current_interest",
    "build",
    "position_of",
]

_ZERO = Decimal(0)

WaiverLike = DecimalLike
"""A waiver: an amount of money (``120``, ``"120.50"``), ``"all"``, or a share of what
is owed in per cent (``"50%"``). A bare number is always money."""


class Renegotiable(Protocol):
    """A source that knows its own position: a `FollowUp` (a plan followed up,
    renegotiated)."""

    @property
    def position(self) -> Position: ...


Source: TypeAlias = "Statement | Schedule | Plan | Renegotiable"
"""What the operations restructure: a `Statement` (the account as of a day), a
`Schedule` (from installment `at`), a `Plan` (its terms changed) or a `FollowUp`."""


class _Where(TypedDict, total=False):
    at: int | None


class _Cycle(TypedDict, total=False):
    frequency: Frequency | str | None
    day_count: DayCount | str | None
    start: date | str | None
    first_payment: date | str | None


class _Money(TypedDict, total=False):
    down_payment: DecimalLike | None
    forbear: DecimalLike | None
    reamortize: bool | None
    no_payment_shock: bool | None


class _SpreadOver(TypedDict, total=False):
    spread_over: int | None


class _Payment(TypedDict, total=False):
    payment: DecimalLike | None


class _Rate(TypedDict, total=False):
    annual_rate: DecimalLike | None
    method: Method | str | None


class _Term(TypedDict, total=False):
    term: int | None


class _Interest(TypedDict, total=False):
    interest: Treatment | str | None


class _PenaltyFees(TypedDict, total=False):
    penalty: Treatment | str | None
    fees: Treatment | str | None


class _Waivers(TypedDict, total=False):
    waive: Mapping[str, WaiverLike] | None
    conditional: bool | None


class _HolidayOptions(TypedDict, total=False):
    holiday: int | None
    holiday_interest: Treatment | str | None


class RestructureOptions(
    _Where, _Term, _Rate, _Cycle, _Interest, _PenaltyFees, _Waivers, _Money, _HolidayOptions,
    _Payment, _SpreadOver, total=False,
):  # fmt: skip
    """The options of `restructure`, each optional: a misspelt one is a type error.

    Their one list: `restructure` takes them as ``**options`` (its signature at run
    time spells them out, in this order)."""


class ExtendOptions(
    _Where, _Cycle, _Money, _SpreadOver, _Payment, _Rate, _Interest, _PenaltyFees, _Waivers,
    _HolidayOptions, total=False,
):  # fmt: skip
    """The `restructure` options `extend` and `reage` pass along (they set the term)."""


class DeferOptions(
    _Where, _Cycle, _Money, _SpreadOver, _Payment, _Rate, _Term, _PenaltyFees, _Waivers,
    total=False,
):  # fmt: skip
    """The `restructure` options `defer` passes along (it sets the holiday; its
    `interest` is the holiday's)."""


class WaiveOptions(
    _Where, _Cycle, _Money, _SpreadOver, _Payment, _Rate, _Term, _HolidayOptions, total=False
):
    """The `restructure` options `waive` passes along (its keywords are the waivers)."""


class FreezeOptions(
    _Where, _Cycle, _Money, _SpreadOver, _Payment, _Interest, _PenaltyFees, _Waivers,
    _HolidayOptions, total=False,
):  # fmt: skip
    """The `restructure` options `freeze` passes along (it sets term, rate and method)."""


def position_of(source: object, at: int | None = None) -> Position:
    """The position of a `Statement`, or of a `Schedule` at installment `at`."""
    if isinstance(source, Plan):
        raise InvalidInputError(
            "a plan is restructured through its own origin; to restructure a plan anew "
            "later, pass a statement of it"
        )
    standing = getattr(source, "position", None)
    if isinstance(standing, Position):  # a FollowUp: what the followed-up plan leaves owed
        if at is not None:
            raise InvalidInputError(f"at applies to a Schedule source only; got at={at!r}")
        return standing
    if isinstance(source, Schedule):
        return _schedule_position(source, 1 if at is None else at)
    if at is not None:
        raise InvalidInputError(f"at applies to a Schedule source only; got at={at!r}")
    if isinstance(source, Statement):
        return _statement_position(source)
    raise InvalidInputError(
        f"a restructuring source must be a Statement, a Schedule or a Plan; "
        f"got {type(source).__name__}"
    )


def _schedule_position(schedule: Schedule, at: int) -> Position:
    if isinstance(at, bool) or not isinstance(at, int) or not 1 <= at <= len(schedule):
        raise InvalidInputError(
            f"at must be an installment number from 1 to {len(schedule)}; got {at!r}"
        )
    row = schedule[at - 1]
    table = schedule.table
    rows = slice(at - 1, None)
    contract = Table(
        opening=schedule.rounding.to_units(row.opening_balance, "principal"),
        due=list(table.due[rows]),
        starts=list(table.starts[rows]),
        ends=list(table.ends[rows]),
        fraction=list(table.fraction[rows]),
        principal=list(table.principal[rows]),
        interest=list(table.interest[rows]),
        fee=list(table.fee[rows]) if table.fee else None,
        regular_payment=table.regular_payment,
    )
    return Position(
        as_of=row.period_start,
        loan=schedule.loan,
        owed=Components(principal=row.opening_balance),
        remaining=len(schedule) - at + 1,
        start=row.period_start,
        first_payment=row.period_end,
        history=schedule[: at - 1],
        contract=contract,
    )


def _statement_position(statement: Statement) -> Position:
    """What a statement owes: principal outstanding (overdue and not yet due), the
    interest, penalty and fees in arrears, and the interest of the current period
    accrued to the statement's day (`accrued_current_interest`). The contract's
    remaining installments are kept as they stand, for a plan that changes nothing.
    A credit held is applied as a down payment.

    Read from the statement's rows in minor units (`Statement._unit_rows`), not from
    its rows of Decimals: the position's figures are sums and differences of them."""
    schedule = statement.schedule
    table = schedule.table
    rounding = schedule.rounding
    as_of = statement.as_of
    plain = table.parts is None and not table.fee  # rows of principal and interest alone
    rows = statement._unit_rows(arrears=not plain)
    k = rows.due_count  # the installments after the first k are not yet due
    n = len(table.due)
    due, paid = rows.due, rows.paid
    # what each installment not yet due owes, by component (a component of which
    # nothing was paid ahead: the installments' own amounts, no subtraction)
    left = []
    for c in range(4):
        ahead = paid[c][k:]
        left.append(list(map(sub, due[c][k:], ahead)) if any(ahead) else list(due[c][k:]))
    not_due = sum(left[0])  # the principal not yet due (the rows left out owe none)
    # those that still owe something (a prepayment that shortened the term leaves rows
    # with nothing due); None when each owes principal, so each owes something
    owes = (
        None
        if all(left[0])
        else list(map(or_, map(or_, left[0], left[1]), map(or_, left[2], left[3])))
    )
    # a plan's holiday rows not yet due owe nothing but add their interest to the
    # balance on their day (the later rows' principal holds it, not yet owed): kept
    # as holiday rows (principal less, interest plus what they add), so that the
    # contract's rows repay the principal owed now, not that interest ahead of it
    capitalised = rows.capitalised[k:]
    if any(capitalised):
        left[0] = list(map(sub, left[0], capitalised))
        left[1] = list(map(add, left[1], capitalised))
        not_due -= sum(capitalised)
        if owes is not None:
            owes = list(map(or_, owes, capitalised))
    if owes is None or all(owes):  # every installment not yet due: slices
        indices = list(range(k, n))
        dates = slice(k, None)
        due_days, starts, ends = table.due[dates], table.starts[dates], table.ends[dates]
        fraction = table.fraction[dates]
    else:
        indices = list(compress(range(k, n), owes))
        left = [list(compress(column, owes)) for column in left]
        due_days = [table.due[j] for j in indices]
        starts = [table.starts[j] for j in indices]
        ends = [table.ends[j] for j in indices]
        fraction = [table.fraction[j] for j in indices]
    count = len(indices)
    # the installments left and the next one paid: after the holiday rows (a plan
    # re-made from the position, but as it stands, starts paying where the holiday ends)
    paying = [j for j in indices if not capitalised[j - k]] if any(capitalised) else indices
    first_payment = table.ends[paying[0]] if paying else None
    if first_payment is not None and first_payment <= as_of:
        first_payment = None
    arrears = statement.arrears
    accrued = _accrued(statement, k, due[1], paid[1], rows.capitalised)
    # a plan's own streams (the arrears its rows repay), each under its component in
    # the statement: those not yet due are owed too, and kept apart in the contract
    if plain:
        # an amortised schedule's rows: each repays no arrears (`Statement.plan_arrears`'
        # zero), nor all of them together
        zeros = [0] * count
        others = [zeros, zeros, zeros, zeros]
        fee: list[int] = list(zeros)
        parts = None
        future_streams = _no_arrears(rounding) if indices else NOTHING
    else:  # by component (in `Components.NAMES`' order), a column each
        carried = rows.arrears  # (an empty column: no such arrears)
        others = [[column[j] for j in indices] if column else [0] * count for column in carried]
        fee = list(map(sum, zip(*others, strict=True)))
        parts = tuple(others) if any(map(any, others)) else None
        # the sum of `plan_arrears`' amounts, to the digit: of amounts in minor units,
        # or of plain zeros where the rows repay no such arrears
        money = rounding.from_units
        total = [
            money(sum(part)) if column else _ZERO
            for part, column in zip(others, carried, strict=True)
        ]
        future_streams = (
            derived(total[0], total[1], fees=total[2], penalty=total[3]) if indices else NOTHING
        )
    owed = derived(
        statement.outstanding_principal,  # principal streams not yet due in it
        EXACT.add(EXACT.add(arrears.interest, accrued), future_streams.interest),
        fees=EXACT.add(arrears.fees, future_streams.fees),
        penalty=EXACT.add(arrears.penalty, future_streams.penalty),
    )
    if plain:  # rows that repay no arrears: what they owe is their own
        opening, principal, interest = not_due, left[0], left[1]
    else:
        opening = not_due - sum(others[0])
        principal = list(map(sub, left[0], others[0]))
        interest = list(map(sub, left[1], others[1]))
    contract = Table(
        opening=opening,
        due=list(due_days),
        starts=list(starts),
        ends=list(ends),
        fraction=list(fraction),
        principal=principal,
        interest=interest,
        fee=fee,
        regular_payment=_regular(table, due, paying),
        parts=parts,
    )
    return Position(
        as_of=as_of,
        loan=schedule.loan,
        owed=owed,
        remaining=len(paying),
        start=as_of,
        first_payment=first_payment,
        credit=statement.credit,
        accrued=accrued,
        overdue_principal=arrears.principal,
        contract=contract,
        carried=future_streams,
    )


def _regular(table: Table, due: Sequence[Sequence[int]], indices: list[int]) -> int:
    """The regular installment of the contract's remaining rows (in minor units), from
    what the statement's rows owe (`due`: in minor units, a column by component)."""
    if len(indices) < 2:
        return table.regular_payment
    # each row's principal and interest owed, and the contract's own (of a plan, the
    # rows' own principal and interest are what they owe less their arrears)
    columns = [due[0], due[1], table.principal, table.interest]
    if table.parts:
        columns += table.parts[:2]
    if indices[-1] - indices[0] == len(indices) - 1:  # a run of rows: slices
        run = slice(indices[0], indices[-1] + 1)
        picked = [list(column[run]) for column in columns]
    else:
        picked = [[column[j] for j in indices] for column in columns]
    principal, interest = picked[0], picked[1]
    if table.parts:
        principal = list(map(sub, principal, picked[4]))
        interest = list(map(sub, interest, picked[5]))
    if principal == picked[2] and interest == picked[3]:
        return table.regular_payment
    j = indices[1]  # a prepayment recomputed the rows: the first whole one
    return sum(column[j] for column in due)


_NO_ARREARS: dict[int, Components] = {}


def _no_arrears(rounding: Rounding) -> Components:
    """What `Statement.plan_arrears` states for a row that repays no arrears (made
    once for each number of places, all it depends on: a dict keyed by an int, not a
    cache keyed by the rounding, whose hash is a Python call)."""
    found = _NO_ARREARS.get(rounding.places)
    if found is None:
        found = _NO_ARREARS[rounding.places] = Components(fees=rounding.from_units(0))
    return found


def accrued_current_interest(statement: Statement) -> Decimal:
    """The interest of the current period accrued to the end of the statement's day,
    not yet due and not yet paid.

    Under daily accrual it is the statement's own `accrued_interest`; when
    interest is owed on due dates, it is the current installment's interest in
    proportion of the accrual period's time elapsed under the loan's day count
    (rounded once with the loan's mode). A restructuring on that day owes it:
    the new plan charges interest only from its own start. Of a plan's holiday row,
    it is that part of the interest the row adds to the balance on its day.

    Examples:
        >>> from reschedule import Loan, Payment, amortize, statement
        >>> s = amortize(Loan(50_000, "0.18", 24, "2025-01-10"))
        >>> acct = statement(s, [Payment(r.due_date, r.payment) for r in s[:10]], "2025-11-20")
        >>> accrued_current_interest(acct)  # 469.66 x 10/30, 30/360
        Decimal('156.55')
    """
    if statement.interest_accrual is InterestAccrual.DAILY:
        return statement.accrued_interest
    rows = statement._unit_rows()
    return _accrued(statement, rows.due_count, rows.due[1], rows.paid[1], rows.capitalised)


def _accrued(
    statement: Statement,
    j: int,
    interest_due: Sequence[int],
    interest_paid: Sequence[int],
    capitalised: Sequence[int],
) -> Decimal:
    """`accrued_current_interest`, from the interest of the statement's rows in minor
    units (due and paid, and what each adds to the balance: `capitalised`, empty when
    none does), `j` the current installment's index (the first not yet due)."""
    if statement.interest_accrual is InterestAccrual.DAILY:
        return statement.accrued_interest
    schedule = statement.schedule
    if j >= len(interest_due):
        return Decimal(0)
    due, paid = interest_due[j], interest_paid[j]
    if capitalised:  # a holiday row's interest, added to the balance on its day: earned
        due += capitalised[j]  # day by day all the same (as under daily accrual)
    outstanding = due - paid
    if outstanding <= 0:
        return Decimal(0)
    as_of = statement.as_of
    start = schedule.table.starts[j]
    if as_of <= start:
        return Decimal(0)
    numerator, denominator = schedule.table.fraction[j]
    if numerator <= 0:
        return Decimal(0)
    loan = schedule.loan
    elapsed, elapsed_den = fraction_parts(start, as_of, loan.day_count, schedule.table.ends[-1])
    # the interest times the share of the period elapsed (at most all of it), rounded
    # once: `divide` rounds any (numerator, denominator) of a ratio alike
    part, whole_period = elapsed * denominator, elapsed_den * numerator
    if part >= whole_period:
        accrued = due
    else:
        accrued = divide(due * part, whole_period, schedule.rounding.mode)
    return schedule.rounding.from_units(min(max(0, accrued - paid), outstanding))


# --------------------------------------------------------------------------- terms


def _parse_waiver(value: WaiverLike, owed: Decimal, name: str, rounding: Rounding) -> Decimal:
    """A waiver of money (a number: ``120.50``), a share of what is owed (``"50%"``),
    or ``"all"``."""
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "all":
            return owed
        if text.endswith("%"):
            share = to_share(text, f"the {name} waiver")
            return _round_share(owed, EXACT.multiply(share, Decimal(100)), rounding)
    amount = non_negative(value, f"{name} waiver")
    if amount > owed:
        raise InvalidInputError(
            f"the {name} waiver must not exceed the {name} owed {owed}; got {amount} "
            "(use 'all' to waive all of it, or a share such as '50%')"
        )
    rounding.to_units(amount, f"{name} waiver")
    return amount


def _round_share(amount: Decimal, percent: Decimal, rounding: Rounding) -> Decimal:
    """`percent` per cent of `amount`, rounded to the minor unit with the loan's mode."""
    numerator, denominator = percent.as_integer_ratio()
    units = rounding.to_units(amount, "amount")
    return rounding.from_units(divide(units * numerator, denominator * 100, rounding.mode))


def _waivers(
    position: Position, waivers: Mapping[str, WaiverLike], already: Components
) -> Components:
    """`already` plus the waivers given by component name, each within what is owed."""
    unknown = set(waivers) - set(Components.NAMES)
    if unknown:
        raise InvalidInputError(
            f"waivers apply to {', '.join(Components.NAMES)}; got {sorted(unknown)}"
        )
    rounding = position.loan.rounding
    amounts = already.as_dict()
    for name, value in waivers.items():
        owed = getattr(position.owed, name)
        left = EXACT.subtract(owed, amounts[name])
        amount = EXACT.add(amounts[name], _parse_waiver(value, left, name, rounding))
        amounts[name] = amount
    return Components(**amounts)


def _base_terms(position: Position, changes: Mapping[str, Any] | None = None) -> Terms:
    """The terms that change nothing of the position's contract, with `changes`."""
    loan = position.loan
    terms: dict[str, Any] = {
        "down_payment": position.credit,
        "start": position.start,
        "first_payment": position.first_payment,
        "term": max(position.remaining, 1),  # a matured loan: one installment
        "annual_rate": loan.annual_rate,
        "method": Method.ANNUITY if loan.method is Method.BALLOON else loan.method,
        "frequency": loan.frequency,
        "day_count": loan.day_count,
    }
    if changes:
        terms.update(changes)
    return Terms(**terms)


# --------------------------------------------------------------------------- operations


def restructure(source: Source, **options: Unpack[RestructureOptions]) -> Plan:
    """Restructure an account into a new plan: the general operation.

    Every argument left out keeps its value: from the source's loan and its
    cycle of due dates for a `Statement` or a `Schedule`, or from the terms
    of a `Plan` (whose own origin is then restructured again, so chains of
    operations compose).

    Args:
        source: a `Statement` (the account as of a day), a `Schedule` (a
            current loan, restructured from installment `at`), a `Plan`, or
            a `FollowUp` (a renegotiation: what the followed-up plan leaves
            owed, a broken plan's reinstated waiver included).
        **options: the options below (`RestructureOptions`), by keyword.

    Keyword Args:
        at (int | None): with a `Schedule`, the first installment to restructure (1 by default); the
            installments before it are kept as `Plan.history`.
        term (int | None): the installments that repay the new principal (after any holiday); by
            default the installments not yet due (one if the loan has matured).
        annual_rate (DecimalLike | None): the new nominal annual rate (a rate change).
        method (Method | str | None): the new amortisation method (BALLOON becomes ANNUITY).
        frequency (Frequency | str | None): the new frequency.
        day_count (DayCount | str | None): the new day count.
        start (date | str | None): where interest starts: the statement's day by default.
        first_payment (date | str | None): the first due date; by default the next due date of the
            old cycle (or one period after `start` if the cycle changed).
        interest (Treatment | str | None): what happens to the interest owed (overdue, and accrued
            to the statement's day): a `Treatment`, ``"due"`` by default.
        penalty (Treatment | str | None): what happens to the penalty owed; ``"due"`` by default.
        fees (Treatment | str | None): what happens to the fees owed; ``"due"`` by default.
        waive (Mapping[str, WaiverLike] | None): waivers by component (``"principal"``,
            ``"interest"``, ``"penalty"``, ``"fees"``): an amount, ``"all"`` or ``"50%"``.
        conditional (bool | None): the waiver is reinstated if the plan is broken.
        down_payment (DecimalLike | None): paid when the plan starts; it reduces the new principal.
            A credit the statement holds is applied as a down payment too.
        holiday (int | None): installments with no payment at the start of the plan.
        holiday_interest (Treatment | str | None): the holiday's interest is ``"capitalize"``d (the
            default), ``"defer"``red to the last installment, or ``"waive"``d.
        forbear (DecimalLike | None): principal set aside without interest, due with the last
            installment (principal forbearance).
        payment (DecimalLike | None): keep this installment and solve the term (fewest
            installments).
        reamortize (bool | None): re-amortise the principal even if nothing else changes.
        no_payment_shock (bool | None): round the level installment up, to the least amount at which
            the last installment is not larger (an annuity).
        spread_over (int | None): repay what is spread with the next this many installments only
            (分期还款 over a few months), not all of them.

    Returns:
        The plan, with what was capitalised, waived, spread, due, deferred,
        paid down and amortised, which account for everything owed, by
        component, to the cent. With no change to the schedule's shape (the
        term, rate, method, cycle and start of the source; nothing
        capitalised, forborne, paid down or waived of the principal, no
        holiday), the plan is the contract as it stands: the overdue
        principal and the arrears due now, the remaining installments
        unchanged (the current period's accrued interest stays in the next
        one). Any such change re-amortises the principal from the
        restructuring day.

    Raises:
        InvalidInputError: a choice breaks a rule (a waiver above what is
            owed, a down payment above the new principal, ...).

    Examples:
        >>> from reschedule import Loan, amortize, restructure
        >>> schedule = amortize(Loan(3000, "0", 3, "2024-01-01"))
        >>> plan = restructure(schedule, at=2, term=4)  # Fineract: 2 extra terms
        >>> [str(row.payment) for row in plan.history + plan.installments]
        ['1000.00', '500.00', '500.00', '500.00', '500.00']
    """
    _refuse_unknown("restructure", options)
    return _restructure(source, None, **options)


def _restructure(source: Source, named: str | None, **options: Unpack[RestructureOptions]) -> Plan:
    """`restructure`, its plan's last step `named` (the operation's own words) when
    given: the operations that only change terms name their step so."""
    _refuse_unknown("_restructure", options)
    at = options.get("at")
    if isinstance(source, Plan):
        if at is not None:
            raise InvalidInputError(
                "at applies to a Schedule source; to restructure a plan anew later, "
                "pass a statement of it"
            )
        origin, position, base, steps = (
            source.origin,
            source.position,
            source.terms,
            source.steps,
        )
    else:
        origin, position = source, position_of(source, at)
        base, steps = None, ()
    changes: dict[str, Any] = {}
    cycle_changed = False
    if (term := options.get("term")) is not None:
        changes["term"] = whole(term, "term", 1)
    if (annual_rate := options.get("annual_rate")) is not None:
        changes["annual_rate"] = to_rate(annual_rate, "annual_rate")
    if (method := options.get("method")) is not None:
        changes["method"] = Method.parse(method)
    if (frequency := options.get("frequency")) is not None:
        changes["frequency"] = Frequency.parse(frequency)
        current = position.loan.frequency if base is None else base.frequency
        cycle_changed = changes["frequency"] != current
    if (day_count := options.get("day_count")) is not None:
        changes["day_count"] = DayCount.parse(day_count)
    if (start := options.get("start")) is not None:
        changes["start"] = to_date(start, "start")
        cycle_changed = True
    if (first_payment := options.get("first_payment")) is not None:
        changes["first_payment"] = to_date(first_payment, "first_payment")
    elif cycle_changed:
        changes["first_payment"] = None
    for name, value in (
        ("interest", options.get("interest")),
        ("penalty", options.get("penalty")),
        ("fees", options.get("fees")),
    ):
        if value is not None:
            changes[name] = Treatment.parse(value, name)
    if (waive := options.get("waive")) is not None:
        changes["waived"] = _waivers(position, waive, Components())
    if (conditional := options.get("conditional")) is not None:
        changes["conditional"] = bool(conditional)
    if (
        down_payment := options.get("down_payment")
    ) is not None:  # new money, on top of any credit the account holds
        changes["down_payment"] = EXACT.add(
            position.credit, _amount(down_payment, "down_payment", position)
        )
    if (holiday := options.get("holiday")) is not None:
        changes["holiday"] = whole(holiday, "holiday", 0)
    if (holiday_interest := options.get("holiday_interest")) is not None:
        treatment = Treatment.parse(holiday_interest, "holiday_interest")
        if treatment not in HOLIDAY_TREATMENTS:
            allowed = ", ".join(repr(choice.value) for choice in HOLIDAY_TREATMENTS[:-1])
            raise InvalidInputError(
                f"holiday_interest must be {allowed} or {HOLIDAY_TREATMENTS[-1].value!r}; "
                f"got {treatment.value!r}"
            )
        changes["holiday_interest"] = treatment
    if (forbear := options.get("forbear")) is not None:
        changes["forborne"] = _amount(forbear, "forbear", position)
    if (reamortize := options.get("reamortize")) is not None:
        changes["reamortize"] = bool(reamortize)
    if (no_payment_shock := options.get("no_payment_shock")) is not None:
        changes["no_payment_shock"] = bool(no_payment_shock)
    if (payment := options.get("payment")) is not None:
        changes["payment"] = _amount(payment, "payment", position)
        if changes["payment"] <= 0:
            raise InvalidInputError(f"payment must be positive; got {changes['payment']}")
    if (spread_over := options.get("spread_over")) is not None:
        changes["spread_over"] = whole(spread_over, "spread_over", 1)
    if base is None:
        terms = _base_terms(position, changes)
    else:
        terms = dataclasses.replace(base, **changes) if changes else base
    if named is not None:
        return build(origin, position, terms, (*steps, named))
    step = _describe(changes)
    return build(origin, position, terms, (*steps, step) if step else steps)


_OPTIONS = frozenset(RestructureOptions.__required_keys__ | RestructureOptions.__optional_keys__)
"""The keywords of `restructure` (`RestructureOptions`, their one list)."""


def _refuse_unknown(function: str, options: Mapping[str, object]) -> None:
    """A keyword that is not an option of `restructure` refused as Python refuses an
    unexpected keyword argument (a type checker refuses it before)."""
    for name in options:
        if name not in _OPTIONS:
            raise TypeError(f"{function}() got an unexpected keyword argument {name!r}")


def _signature(function: Callable[..., Any], options: type) -> inspect.Signature:
    """`function`'s signature with its ``**options`` spelt out as the keywords of the
    typed dict `options` (each None by default), for what reads signatures at run
    time: `inspect.signature`, `help`, the offers' check of their steps."""
    signature = inspect.signature(function)
    kept = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
    keywords = [
        inspect.Parameter(
            name,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=getattr(annotation, "__forward_arg__", annotation),
        )
        for name, annotation in options.__annotations__.items()
    ]
    return signature.replace(parameters=[*kept, *keywords])


restructure.__signature__ = _signature(restructure, RestructureOptions)  # type: ignore[attr-defined]


def _amount(value: DecimalLike, name: str, position: Position) -> Decimal:
    amount = non_negative(value, name)
    position.loan.rounding.to_units(amount, name)
    return amount


def _describe(changes: Mapping[str, Any]) -> str:
    words = []
    for name, value in changes.items():
        if isinstance(value, Amounts):  # Components
            value = ", ".join(f"{k} {v}" for k, v in value.as_dict().items() if v)
        elif hasattr(value, "value"):
            value = value.value
        elif isinstance(value, Frequency):
            value = value.name
        words.append(f"{name} {value}")
    return "restructure: " + "; ".join(words) if words else ""


def extend(source: Source, periods: int, **options: Unpack[ExtendOptions]) -> Plan:
    """Extend the term: the balance re-amortised over the remaining term plus `periods`.

    延长还款期限 / 展期. Other `restructure` options may be passed along.

    Examples:
        >>> from reschedule import Loan, amortize, extend
        >>> schedule = amortize(Loan(12_000, "0.12", 12, "2024-01-15"))
        >>> plan = extend(schedule, 6, at=7)  # after six installments, six more months
        >>> len(plan), plan.payment < schedule.payment
        (12, True)
    """
    periods = whole(periods, "periods", 1)
    base = _current_term(source, options.get("at"))
    return _restructure(source, f"extend by {periods} periods", term=base + periods, **options)


def defer(
    source: Source,
    periods: int,
    *,
    interest: Treatment | str = "capitalize",
    **options: Unpack[DeferOptions],
) -> Plan:
    """A payment holiday: `periods` installments with no payment, the rest moved later.

    Args:
        source: a `Statement`, a `Schedule` (with ``at=``) or a `Plan`.
        periods: installments of holiday.
        interest: the holiday's interest is ``"capitalize"``d (added to the
            principal), ``"defer"``red to the last installment, or ``"waive"``d.
        **options: other `restructure` options.

    Examples:
        >>> from reschedule import Loan, amortize, defer
        >>> schedule = amortize(Loan(12_000, "0.12", 12, "2024-01-15"))
        >>> plan = defer(schedule, 3, interest="waive", at=4)
        >>> [str(row.payment) for row in plan[:4]], plan.waived.interest
        (['0.00', '0.00', '0.00', '1066.18'], Decimal('273.99'))
    """
    periods = whole(periods, "periods", 1)
    current = source.terms.holiday if isinstance(source, Plan) else 0
    plan = restructure(source, holiday=current + periods, holiday_interest=interest, **options)
    return _with_step(
        plan, source, f"defer {periods} periods, interest {Treatment.parse(interest).value}"
    )


def waive(
    source: Source,
    *,
    principal: WaiverLike | None = None,
    interest: WaiverLike | None = None,
    penalty: WaiverLike | None = None,
    fees: WaiverLike | None = None,
    conditional: bool = False,
    **options: Unpack[WaiveOptions],
) -> Plan:
    """Waive part of what is owed: an amount, ``"all"`` or a percentage per component.

    减免利息 / 罚息 / 费用. Waivers add up along a chain; each stays within
    what is owed. A conditional waiver is reinstated if the plan is broken
    (`Plan.conditional_waiver`).

    Examples:
        >>> from reschedule import Loan, amortize, waive
        >>> plan = waive(amortize(Loan(1200, "0.12", 12, "2024-01-15")), principal="10%")
        >>> plan.waived.principal, plan.principal, plan.payment
        (Decimal('120.00'), Decimal('1080.00'), Decimal('95.96'))
    """
    given = {
        name: value
        for name, value in (
            ("principal", principal),
            ("interest", interest),
            ("penalty", penalty),
            ("fees", fees),
        )
        if value is not None
    }
    if not given:
        raise InvalidInputError(
            "waive needs at least one of principal, interest, penalty or fees; got none"
        )
    if isinstance(source, Plan):
        position, already = source.position, source.terms.waived
        conditional = conditional or source.terms.conditional
    else:
        position, already = position_of(source, options.get("at")), Components()
    total = _waivers(position, given, already)
    plan = restructure(source, waive=total.as_dict(), conditional=conditional, **options)
    words = ", ".join(f"{name} {value}" for name, value in given.items())
    return _with_step(plan, source, f"waive {words}" + (" (conditional)" if conditional else ""))


def reage(source: Source, installments: int, **options: Unpack[ExtendOptions]) -> Plan:
    """Re-age: spread everything outstanding over `installments` new installments.

    The principal is re-amortised at the loan's rate and the overdue interest,
    penalty and fees are spread in equal parts without interest (each may be
    given another treatment).

    Examples:
        >>> from reschedule import Loan, amortize, reage
        >>> plan = reage(amortize(Loan(750, "0", 3, "2024-01-01")), 6)
        >>> {str(row.payment) for row in plan}
        {'125.00'}
    """
    installments = whole(installments, "installments", 1)
    spread: ExtendOptions = {
        "interest": Treatment.SPREAD,
        "penalty": Treatment.SPREAD,
        "fees": Treatment.SPREAD,
        "reamortize": True,
    }
    plan = restructure(source, term=installments, **(spread | options))
    return _with_step(plan, source, f"re-age over {installments} installments")


def reamortize(source: Source, **options: Unpack[RestructureOptions]) -> Plan:
    """Spread the overdue principal (and the owed interest, penalty and fees) over
    the installments not yet due.

    Examples:
        >>> from reschedule import Loan, amortize, reamortize
        >>> plan = reamortize(amortize(Loan(1200, "0.12", 12, "2024-01-15")), at=5)
        >>> len(plan)
        8
    """
    spread: RestructureOptions = {
        "interest": Treatment.SPREAD,
        "penalty": Treatment.SPREAD,
        "fees": Treatment.SPREAD,
        "reamortize": True,
    }
    plan = restructure(source, **(spread | options))
    return _with_step(plan, source, "re-amortise over the remaining installments")


def freeze(
    source: Source, term: int, *, max_term: int = 60, **options: Unpack[FreezeOptions]
) -> Plan:
    """Freeze interest and repay everything owed in equal installments at a zero rate.

    The 停息挂账 practice: interest and penalty stop, and the frozen balance
    (principal, overdue interest, penalty and fees) is repaid over `term`
    installments; Chinese card rules allow a negotiated personal instalment
    plan of up to five years, hence `max_term` of 60 by default.

    Examples:
        >>> from reschedule import Loan, amortize, freeze
        >>> plan = freeze(amortize(Loan(6000, "0.18", 24, "2024-01-15")), 60)
        >>> plan.payment, plan.total_interest
        (Decimal('100.00'), Decimal('0.00'))
    """
    term = whole(term, "term", 1)
    if term > max_term:
        raise InvalidInputError(
            f"a freeze term must be at most {max_term} installments; got {term} "
            "(pass max_term to allow more)"
        )
    frozen: FreezeOptions = {
        "interest": Treatment.CAPITALIZE,
        "penalty": Treatment.CAPITALIZE,
        "fees": Treatment.CAPITALIZE,
    }
    plan = restructure(
        source, term=term, annual_rate=0, method=Method.ANNUITY, **(frozen | options)
    )
    return _with_step(plan, source, f"freeze over {term} installments")


def settle(
    source: Source,
    *,
    discount: DecimalLike | None = None,
    amount: DecimalLike | None = None,
    pay_by: date | str | None = None,
    installments: int = 1,
) -> Plan:
    """A settlement at a discount (一次性结清减免), paid at once or in a few installments.

    What is owed (the payoff as of the statement's day) is reduced to
    `amount`, or by the fraction `discount`; the difference is waived from
    the penalty first, then the fees, the interest and last the principal.
    The settlement bears no interest.

    Args:
        source: a `Statement` (or a `Schedule`/`Plan`).
        discount: the share of what is owed that is waived, in per cent
            (``"30%"``); a bare number is refused, as it could be money.
        amount: the settlement amount instead; at most the payoff.
        pay_by: the (first) payment date; one period after the statement's
            day by default.
        installments: how many equal installments, monthly from `pay_by`.

    Examples:
        >>> from reschedule import Loan, amortize, settle
        >>> plan = settle(amortize(Loan(1000, "0.1", 12, "2024-01-15")), discount="20%")
        >>> plan.total_paid, plan.waived.principal
        (Decimal('800.00'), Decimal('200.00'))
    """
    if (discount is None) == (amount is None):
        raise InvalidInputError(
            f"settle needs exactly one of discount and amount; got discount={discount!r}, "
            f"amount={amount!r}"
        )
    position = source.position if isinstance(source, Plan) else position_of(source)
    origin: Any = source.origin if isinstance(source, Plan) else source
    rounding = position.loan.rounding
    payoff = position.owed.total
    if discount is not None:
        share = to_share(discount, "discount")
        if share >= 1:
            raise InvalidInputError(
                f"discount must be below 100% (a settlement pays something); got {discount!r}"
            )
        settled = EXACT.subtract(
            payoff, _round_share(payoff, EXACT.multiply(share, Decimal(100)), rounding)
        )
    else:
        settled = _amount(amount, "amount", position)  # type: ignore[arg-type]
        if settled > payoff:
            raise InvalidInputError(
                f"a settlement amount must not exceed the payoff {payoff}; got {settled}"
            )
        if settled <= 0:
            raise InvalidInputError(f"a settlement amount must be positive; got {settled}")
    waiver, left = {}, EXACT.subtract(payoff, settled)
    for name in ("penalty", "fees", "interest", "principal"):
        part = min(left, getattr(position.owed, name))
        waiver[name] = part
        left = EXACT.subtract(left, part)
    first = _one_period_after(position) if pay_by is None else to_date(pay_by, "pay_by")
    if first < position.as_of:
        raise InvalidInputError(
            f"pay_by must be on or after the day of the account {position.as_of}; got {first} "
            "(a settlement cannot be paid before it is agreed)"
        )
    # at a zero rate the start only anchors the dates: a day before the first payment
    start = min(position.start, first - timedelta(days=1))
    plan = restructure(
        origin,
        term=whole(installments, "installments", 1),
        annual_rate=0,
        method=Method.ANNUITY,
        frequency=Frequency.MONTHLY,
        start=start,
        first_payment=first,
        interest=Treatment.CAPITALIZE,
        penalty=Treatment.CAPITALIZE,
        fees=Treatment.CAPITALIZE,
        waive=waiver,
    )
    return _with_step(plan, origin, f"settle for {settled} in {installments} installment(s)")


def _one_period_after(position: Position) -> date:
    loan = Loan(1, 0, 1, position.start, frequency=position.loan.frequency)
    return amortize(loan).maturity


def _current_term(source: Any, at: int | None) -> int:
    if isinstance(source, Plan):
        return source.terms.term
    remaining = position_of(source, at).remaining
    if remaining == 0:
        raise InvalidInputError(
            "extend needs installments not yet due; the loan has matured: "
            "use restructure(..., term=N) or reage(..., N)"
        )
    return remaining


def _with_step(plan: Plan, source: Any, step: str) -> Plan:
    """The plan with `step` in place of the steps its inner `restructure` call added."""
    kept = source.steps if isinstance(source, Plan) else ()
    return dataclasses.replace(plan, steps=(*kept, step))


# --------------------------------------------------------------------------- the builder

_OWED = COMPONENT_NAMES[1:]  # every component but principal
# the treatments, read once (Python 3.11 reads an enum's member from its class through
# its metaclass: a call each time)
_CAPITALIZE, _SPREAD, _DUE, _DEFER, _WAIVE = (
    Treatment.CAPITALIZE,
    Treatment.SPREAD,
    Treatment.DUE,
    Treatment.DEFER,
    Treatment.WAIVE,
)


def _buckets(terms: Terms, amounts: Mapping[str, Decimal]) -> dict[Treatment, dict[str, Decimal]]:
    """The owed interest, penalty and fees (`amounts`, by name) by their treatment under
    `terms`: a dict of names and amounts for each treatment that has any."""
    buckets: dict[Treatment, dict[str, Decimal]] = {}
    for name in _OWED:
        treatment = getattr(terms, name)
        bucket = buckets.get(treatment)
        if bucket is None:
            buckets[treatment] = {name: amounts[name]}
        else:
            bucket[name] = amounts[name]
    return buckets


def _of(buckets: Mapping[Treatment, Mapping[str, Decimal]], treatment: Treatment) -> Components:
    """The components `buckets` hold under `treatment`: NOTHING when none (the same value
    as components of zeros, made once)."""
    bucket = buckets.get(treatment)
    return derived(**bucket) if bucket else NOTHING


def _plus(first: Components, second: Components) -> Components:
    """``first + second``; NOTHING when both are (nothing added to nothing, without the
    arithmetic)."""
    if first is NOTHING and second is NOTHING:
        return NOTHING
    return first + second


def build(origin: object, position: Position, terms: Terms, steps: tuple[str, ...]) -> Plan:
    """The plan for `terms` from `position`: the one mechanism behind every operation.

    What was owed is accounted for by component, to the cent: ``owed = waived +
    paid_down + amortized + due + spread + deferred`` (with a holiday's deferred
    or waived interest, which was not owed, on top).
    """
    loan = position.loan
    rounding = loan.rounding
    owed = position.owed
    if any(terms.waived):  # (nothing waived is within what is owed: amounts are never negative)
        for name, owed_part, waived_part in zip(Components.NAMES, owed, terms.waived, strict=True):
            if waived_part > owed_part:
                raise InvalidInputError(
                    f"the {name} waived must not exceed the {name} owed {owed_part}; "
                    f"got {waived_part}"
                )
    rest = dict(zip(Components.NAMES, map(EXACT.subtract, owed, terms.waived), strict=True))
    if _as_scheduled(position, terms):
        return _build_as_scheduled(origin, position, terms, steps, rest)
    buckets = _buckets(terms, rest)
    if terms.forborne > rest["principal"]:
        raise InvalidInputError(
            f"forbear must not exceed the principal owed {rest['principal']}; got {terms.forborne}"
        )
    buckets.setdefault(_DEFER, {})["principal"] = terms.forborne
    capitalized = _of(buckets, _CAPITALIZE)
    principal_part = EXACT.subtract(rest["principal"], terms.forborne)
    new_principal = EXACT.subtract(EXACT.add(principal_part, capitalized.total), terms.down_payment)
    if new_principal <= 0:
        raise InvalidInputError(
            f"the new principal must be positive; got {new_principal} (outstanding "
            f"principal {rest['principal']} plus capitalised {capitalized.total}, less "
            f"forbearance {terms.forborne} and down payment {terms.down_payment})"
        )
    # the down payment repays principal first, then what was capitalised
    left = terms.down_payment
    paid: dict[str, Decimal] = {}
    amortized: dict[str, Decimal] = {}
    sources = {"principal": principal_part} | {
        name: getattr(capitalized, name) for name in ("interest", "penalty", "fees")
    }
    for name, amount in sources.items():
        part = min(left, amount)
        paid[name] = part
        amortized[name] = EXACT.subtract(amount, part)
        left = EXACT.subtract(left, part)
    waived = _plus(terms.waived, _of(buckets, _WAIVE))

    holiday_rows, balance, holiday_interest = _holiday(terms, new_principal, loan)
    deferred = _of(buckets, _DEFER)
    if terms.holiday_interest is _DEFER:
        deferred += Components(interest=holiday_interest)
    elif terms.holiday_interest is _WAIVE:
        waived += Components(interest=holiday_interest)
    tail_terms = terms
    if holiday_rows is not None:
        tail_terms = dataclasses.replace(
            terms, start=holiday_rows.ends[-1], first_payment=holiday_rows.next_end
        )
    if terms.payment is not None:
        tail_terms = dataclasses.replace(
            tail_terms, term=_solve_term(tail_terms, balance, rounding, loan)
        )
        terms = dataclasses.replace(terms, term=tail_terms.term)
    tail_loan = plan_loan(tail_terms, balance, _rounding_for(tail_terms, rounding), loan)
    tail = amortize(tail_loan).table
    if terms.no_payment_shock and terms.payment is None:
        tail_loan, tail = _without_shock(tail_terms, balance, tail_loan, tail, loan)

    spread = _of(buckets, _SPREAD)
    due = _of(buckets, _DUE)
    tail_count = len(tail.principal)
    if terms.spread_over is not None and terms.spread_over > tail_count:
        raise InvalidInputError(
            f"spread_over must be at most the plan's {tail_count} installments after any "
            f"holiday; got {terms.spread_over} (lengthen the term, or spread over fewer)"
        )
    parts: list[Table] = [] if holiday_rows is None else [holiday_rows.table]
    table = _assemble(
        terms.start,
        parts,
        tail,
        new_principal,
        spread,
        due,
        deferred,
        rounding,
        loan,
        terms.spread_over,
    )
    return Plan(
        loan=tail_loan,
        table=table,
        origin=origin,
        position=position,
        terms=terms,
        owed=owed,
        capitalized=capitalized,
        waived=waived,
        spread=spread,
        due=due,
        deferred=deferred,
        down_payment=terms.down_payment,
        history=position.history,
        steps=steps,
        paid_down=derived(**paid),
        amortized=derived(**amortized),
        holiday_interest=holiday_interest,
    )


def _as_scheduled(position: Position, terms: Terms) -> bool:
    """Whether the terms change nothing of the contract's schedule: then the plan keeps
    the contract's remaining installments (the account as it stands)."""
    if position.contract is None or terms.reamortize or position.owed.principal <= 0:
        return False
    loan = position.loan
    same = (  # the terms of `_base_terms(position)`
        terms.start == position.start
        and terms.first_payment == position.first_payment
        and terms.term == max(position.remaining, 1)
        and terms.annual_rate == loan.annual_rate
        and terms.method is (Method.ANNUITY if loan.method is Method.BALLOON else loan.method)
        and (terms.frequency is loan.frequency or terms.frequency == loan.frequency)
        and terms.day_count is loan.day_count
    )
    if not (
        same
        and not terms.holiday
        and not terms.forborne
        and terms.payment is None
        and not terms.down_payment
        and not terms.waived.principal
    ):
        return False
    owed, waived = position.owed, terms.waived
    capitalizes = (
        (terms.interest is _CAPITALIZE and owed.interest > waived.interest)
        or (terms.penalty is _CAPITALIZE and owed.penalty > waived.penalty)
        or (terms.fees is _CAPITALIZE and owed.fees > waived.fees)
    )
    # waivers within what is owed besides the contract's own streams
    within = all(map(le, waived, map(EXACT.subtract, owed, position.carried)))
    contract = position.contract
    if contract.principal and contract.principal[0] < 0:  # the next row a holiday row's
        arrears = EXACT.subtract(
            owed.interest, EXACT.add(position.accrued, position.carried.interest)
        )
        if terms.waived.interest > arrears:  # a waiver of the interest it adds: re-made
            return False
    return (
        within
        and not capitalizes
        and (
            sum(position.contract.principal) > 0
            if position.contract.principal
            else position.overdue_principal > 0
        )
    )


def _build_as_scheduled(
    origin: object,
    position: Position,
    terms: Terms,
    steps: tuple[str, ...],
    rest: Mapping[str, Decimal],
) -> Plan:
    """The contract kept: the overdue principal due now, the remaining installments as
    they stand; the interest, penalty and fees in arrears treated as the terms say,
    the current period's accrued interest left in the next installment (less any
    part of an interest waiver beyond the interest in arrears)."""
    loan = position.loan
    rounding = loan.rounding
    contract = position.contract
    assert contract is not None
    streams = position.carried  # the contract's own streams, not yet due: kept
    arrears_interest = EXACT.subtract(
        EXACT.subtract(position.owed.interest, position.accrued), streams.interest
    )
    waived_accrued = max(_ZERO, EXACT.subtract(terms.waived.interest, arrears_interest))
    carried = EXACT.subtract(position.accrued, waived_accrued)
    amounts = dict(zip(rest, map(EXACT.subtract, rest.values(), streams), strict=True))
    amounts["interest"] = EXACT.subtract(amounts["interest"], carried)
    buckets = _buckets(terms, amounts)
    due = derived(position.overdue_principal, **buckets.get(_DUE, {}))
    spread = _of(buckets, _SPREAD)
    deferred = _of(buckets, _DEFER)
    waived = _plus(terms.waived, _of(buckets, _WAIVE))
    count = len(contract.principal)
    rows = contract
    if count and waived_accrued:  # the part of the accrued interest waived: not owed
        interest = list(contract.interest)
        interest[0] -= rounding.to_units(waived_accrued, "interest")
        rows = Table(
            opening=contract.opening,
            due=contract.due,
            starts=contract.starts,
            ends=contract.ends,
            fraction=contract.fraction,
            principal=contract.principal,
            interest=interest,
            fee=contract.fee,
            regular_payment=contract.regular_payment,
            parts=contract.parts,
        )
    opening = EXACT.add(position.overdue_principal, rounding.from_units(contract.opening))
    if count:
        # the loan the installments amortise: after a plan's holiday rows (of negative
        # principal: they add their interest to the balance), as a holiday plan's
        holiday = (
            [part for part in contract.principal if part < 0] if min(contract.principal) < 0 else []
        )
        plan_loan_ = plan_loan(
            terms,
            rounding.from_units(contract.opening - sum(holiday)),
            _plain(rounding),
            loan,
            term=count - len(holiday),
        )
    else:  # matured: the arrears alone, due now
        plan_terms = dataclasses.replace(terms, term=1, first_payment=None)
        plan_loan_ = plan_loan(plan_terms, position.overdue_principal, _plain(rounding), loan)
    table = _assemble(
        terms.start, [], rows, opening, spread, due, deferred, rounding, loan, terms.spread_over
    )
    return Plan(
        loan=plan_loan_,
        table=table,
        origin=origin,
        position=position,
        terms=terms,
        owed=position.owed,
        capitalized=NOTHING,
        waived=waived,
        spread=spread,
        due=due,
        deferred=deferred,
        down_payment=Decimal(0),
        history=position.history,
        steps=steps,
        amortized=streams
        + derived(principal=rounding.from_units(contract.opening), interest=carried),
    )


@dataclass(frozen=True, slots=True)
class _Holiday:
    table: Table
    ends: list[date]
    next_end: date


def _holiday(terms: Terms, principal: Decimal, loan: Loan) -> tuple[Any, Decimal, Decimal]:
    """The holiday's rows (or None), the balance after it, and its interest."""
    if not terms.holiday:
        return None, principal, Decimal(0)
    rounding = _rounding_for(None, loan.rounding)
    grid = amortize(
        plan_loan(
            dataclasses.replace(
                terms, term=terms.holiday + 1, method=Method.INTEREST_ONLY, payment=None
            ),
            principal,
            rounding,
            loan,
        )
    ).table
    count = terms.holiday
    interest = list(grid.interest[:count])
    if terms.holiday_interest is _CAPITALIZE:
        principal_parts = [-part for part in interest]
    else:
        principal_parts = [0] * count
        interest = [0] * count
    total = sum(grid.interest[:count])
    table = Table(
        opening=0,
        due=list(grid.due[:count]),
        starts=list(grid.starts[:count]),
        ends=list(grid.ends[:count]),
        fraction=list(grid.fraction[:count]),
        principal=principal_parts,
        interest=interest,
        fee=None,
        regular_payment=0,
    )
    holiday = _Holiday(table, list(grid.ends[:count]), grid.ends[count])
    capitalised = total if terms.holiday_interest is _CAPITALIZE else 0
    return (
        holiday,
        EXACT.add(principal, rounding.from_units(capitalised)),
        rounding.from_units(total),
    )


_SHORTER = 12
"""How many levels above the rounded one `no_payment_shock` tries in turn."""


def _without_shock(
    terms: Terms, balance: Decimal, tail_loan: Loan, tail: Table, loan: Loan
) -> tuple[Loan, Table]:
    """The level installment rounded up to the least amount (in minor units) at which
    the last installment is not larger than it: no payment shock at the end.

    The last installment falls as the level rises (each unit more repays at least a
    unit more before it), so the least such level is found by bisection between
    the rounded level and the last installment. Where one unit more repays the
    balance before the term ends (a long term at a high rate), the plan has as
    many installments as that level needs, the last one smaller.
    """
    level = tail.regular_payment
    count = len(tail.principal)

    def last(table: Table) -> int:
        return table.principal[-1] + table.interest[-1]

    if terms.method is not Method.ANNUITY or count < 2 or last(tail) <= level:
        return tail_loan, tail
    plain = _plain(loan.rounding)

    def attempt(units: int) -> tuple[Loan, Table] | bool:
        """The plan whose level is `units`: over the term, or over the most
        installments that do not repay the balance early; False if the level is too
        low to repay the balance, True if even one installment of it repays early."""
        fixed = dataclasses.replace(terms, payment=plain.from_units(units))

        def at(term: int) -> tuple[Loan, Table] | bool:
            # the plan, or True if the level repays early, False if it is too low
            try:
                chosen = plan_loan(dataclasses.replace(fixed, term=term), balance, plain, loan)
                return chosen, amortize(chosen).table
            except InvalidTermsError as error:
                return not str(error).startswith("payment must be at least")

        found = at(terms.term)
        if not isinstance(found, bool):
            return found
        if not found:
            return False
        high, step = terms.term, 1  # repays early at `high`: look for fewer installments
        while True:
            low = max(high - step, 1)
            found = at(low)
            if found is not True:
                break
            if low == 1:
                return True
            high, step = low, step * 2
        while high - low > 1:  # the most installments that do not repay early
            middle = (low + high) // 2
            if at(middle) is True:
                high = middle
            else:
                low = middle
        found = at(low)
        return False if isinstance(found, bool) else found

    def enough(units: int) -> bool:  # True: so high it repays far sooner
        result = attempt(units)
        if isinstance(result, bool):
            return result
        return last(result[1]) <= units

    low, high = level + 1, last(tail)
    for units in range(low, min(high, low + _SHORTER)):
        result = attempt(units)
        if not isinstance(result, bool) and last(result[1]) <= units:
            return result
    while low < high:
        middle = (low + high) // 2
        if enough(middle):
            high = middle
        else:
            low = middle + 1
    result = attempt(low)
    if isinstance(result, bool) or last(result[1]) > low:  # pragma: no cover - not met in tests
        return tail_loan, tail
    return result


def _plain(rounding: Rounding) -> Rounding:
    """The rounding's places and mode, without an installment multiple: the rounding
    itself when it has none (roundings are immutable)."""
    return rounding if rounding.multiple is None else _without_multiple(rounding)


@functools.lru_cache(maxsize=64)
def _without_multiple(rounding: Rounding) -> Rounding:
    """`_plain` of a rounding with a multiple (one value for every plan of it)."""
    return Rounding(rounding.places, rounding.mode)


def _rounding_for(terms: Terms | None, rounding: Rounding) -> Rounding:
    """The loan's rounding, without the installment multiple where it cannot apply."""
    if terms is None or terms.method is Method.INTEREST_ONLY or terms.payment is not None:
        return _plain(rounding)
    return rounding


def _solve_term(terms: Terms, balance: Decimal, rounding: Rounding, loan: Loan) -> int:
    """The fewest installments of `terms.payment` that repay `balance` on the plan's own
    dates and day count: the nominal-rate solution, moved by the periods' actual
    lengths (a 31-day month bears more interest than a twelfth of a year) until the
    fixed installment neither falls short nor repays early."""
    fixed = terms.payment
    assert fixed is not None
    plain = _plain(rounding)
    term = solve_term(balance, terms.annual_rate, fixed, frequency=terms.frequency, rounding=plain)

    def check(count: int) -> int:
        """0 if `count` installments fit; 1 if the installment falls short (or leaves
        the last one above it); -1 if it repays sooner."""
        try:
            table = amortize(
                plan_loan(dataclasses.replace(terms, term=count), balance, plain, loan)
            )
        except InvalidTermsError as error:
            return 1 if str(error).startswith("payment must be at least") else -1
        if table[-1].payment > fixed:  # the last installment above the one kept
            return 1
        return -1 if count > 1 and not table[-1].payment else 0

    tried: set[int] = set()
    while term not in tried and 1 <= term < MAX_TERM:
        tried.add(term)
        move = check(term)
        if not move:
            return term
        term += move
    return max(min(term, MAX_TERM), 1)


_FEES = COMPONENT_NAMES.index("fees")


def _assemble(
    start: date,
    parts: list[Table],
    tail: Table,
    opening: Decimal,
    spread: Components,
    due: Components,
    deferred: Components,
    rounding: Rounding,
    loan: Loan | None = None,
    spread_over: int | None = None,
) -> Table:
    """A row due on `start` (moved to a business day of `loan`'s calendar) for what is
    due now, the holiday rows, then the amortised
    (or the contract's) rows, with the owed streams added.

    Principal due now is in the principal column (the opening balance holds it);
    the interest, penalty and fees streams are in the fee column. What is spread
    goes with the first `spread_over` amortised rows (all by default), the last
    of them taking the remainder.
    """
    units = rounding.to_units
    due_units = [units(amount, "due") if amount else 0 for amount in due]  # by component
    rows = [*parts, tail]
    now = _due_now(start, due_units, rows, loan)
    if now is not None:
        rows.insert(0, now)
    if (
        not parts
        and tail.parts is None
        and not any(tail.fee or ())
        and not any(spread)
        and not any(deferred)
    ):  # most plans: the amortised or the contract's rows alone, arrears due now at most
        return _plain_rows(rows, due_units, units(opening, "principal"))
    return _assembled(rows, tail, opening, spread, deferred, units, spread_over)


def _due_now(
    start: date, due_units: list[int], rows: list[Table], loan: Loan | None
) -> Table | None:
    """`_assemble`'s row due on `start` for what is due now (in minor units, by
    component), before `rows`; None when nothing is."""
    due_principal = due_units[0]
    due_rest = sum(due_units) - due_principal
    if not (due_principal or due_rest):
        return None
    day = start
    if loan is not None and loan.business_day is not BusinessDay.UNADJUSTED:
        day = adjust(start, loan.business_day, loan.calendar)  # due on a business day
        following = [part.due[0] for part in rows if part.due]
        if following and day >= following[0]:
            day = start
    return Table(
        opening=0,
        due=[day],
        starts=[start],
        ends=[start],
        fraction=[(0, 1)],
        principal=[due_principal],
        interest=[0],
        fee=[due_rest],
        regular_payment=0,
        parts=([0], *([part] for part in due_units[1:])),  # principal due now: its own
    )


def _plain_rows(rows: list[Table], due_units: list[int], opening: int) -> Table:
    """`_assembled` for rows that carry nothing but principal and interest (the
    amortised rows, or a plain contract's), alone or after the row due now
    (`_due_now`), nothing spread or deferred: their columns one after the other,
    the fee column and the parts the row due now's alone. It exists because most
    plans are so and `_assembled` builds each component's column for every row; a
    property ties the two."""
    tail = rows[-1]
    if len(rows) == 1:
        return Table(
            opening=opening,
            due=list(tail.due),
            starts=list(tail.starts),
            ends=list(tail.ends),
            fraction=list(tail.fraction),
            principal=list(tail.principal),
            interest=list(tail.interest),
            fee=None,
            regular_payment=tail.regular_payment,
            parts=None,
        )
    now = rows[0]
    zeros = [0] * len(tail.principal)
    rest = sum(due_units) - due_units[0]
    parts = None
    if any(due_units[1:_FEES]) or any(due_units[_FEES + 1 :]):  # not fees alone
        parts = ([0, *zeros], *([amount, *zeros] for amount in due_units[1:]))
    return Table(
        opening=opening,
        due=[*now.due, *tail.due],
        starts=[*now.starts, *tail.starts],
        ends=[*now.ends, *tail.ends],
        fraction=[*now.fraction, *tail.fraction],
        principal=[*now.principal, *tail.principal],
        interest=[*now.interest, *tail.interest],
        fee=[rest, *zeros] if rest else None,
        regular_payment=tail.regular_payment,
        parts=parts,
    )


def _assembled(
    rows: list[Table],
    tail: Table,
    opening: Decimal,
    spread: Components,
    deferred: Components,
    units: Callable[[Decimal, str], int],
    spread_over: int | None,
) -> Table:
    """`_assemble`'s rows (the row due now, the holiday rows, then `tail`) as one
    table, with the owed streams added."""
    count = sum(len(part.principal) for part in rows)
    tail_count = len(tail.principal)
    # the other amounts by component, a column each: what the rows carry already (a
    # contract's own streams, their parts if known, else fees), then what is due now,
    # spread in equal parts (each component its own, the last of them taking its
    # remainder) and deferred to the last row (None: a column of zeros)
    over = tail_count if spread_over is None else min(spread_over, tail_count)
    first = count - tail_count
    shares = 0
    with_parts = any(part.parts for part in rows)
    with_fees = with_parts or any(part.fee for part in rows)
    other: list[list[int] | None] = []
    for position, name in enumerate(COMPONENT_NAMES):
        fees = name == "fees"
        column: list[int] | None = None
        if with_parts or (fees and with_fees):
            column = []
            for part in rows:
                if part.parts:
                    column += part.parts[position]
                elif fees and part.fee:
                    column += part.fee
                else:
                    column += [0] * len(part.principal)
        spread_part = spread[position]
        deferred_part = deferred[position]
        if spread_part or deferred_part:
            if column is None:
                column = [0] * count
            amount = units(spread_part, "spread")
            if over:
                share = amount // over
                shares += share
                for index in range(first, first + over):
                    column[index] += share
                column[first + over - 1] += amount - share * over
            else:  # nothing left to spread over: with the last row
                column[-1] += amount
            column[-1] += units(deferred_part, "deferred")
        other.append(column)
    present = [column for column in other if column is not None]
    fee = list(present[0]) if present else []
    for column in present[1:]:
        fee = list(map(add, fee, column))
    regular = tail.regular_payment + (shares if over and over == tail_count else 0)
    plain = not any(any(column) for column in (*other[:_FEES], *other[_FEES + 1 :]) if column)
    if len(rows) == 1:
        due_days, starts, ends = list(tail.due), list(tail.starts), list(tail.ends)
        fraction, principal = list(tail.fraction), list(tail.principal)
        interest = list(tail.interest)
    else:  # the rows' columns one after the other
        due_days, starts, ends, fraction, principal, interest = [], [], [], [], [], []
        for part in rows:
            due_days += part.due
            starts += part.starts
            ends += part.ends
            fraction += part.fraction
            principal += part.principal
            interest += part.interest
    return Table(
        opening=units(opening, "principal"),
        due=due_days,
        starts=starts,
        ends=ends,
        fraction=fraction,
        principal=principal,
        interest=interest,
        fee=fee if any(fee) else None,
        regular_payment=regular,
        parts=None if plain else tuple(column or [0] * count for column in other),
    )
