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
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from reschedule.conventions import (
    EXACT,
    DayCount,
    DecimalLike,
    Frequency,
    InvalidInputError,
    InvalidTermsError,
    Rounding,
    divide,
    exact_sum,
    non_negative,
    to_decimal,
    to_rate,
)
from reschedule.negotiation._plan import (
    HOLIDAY_TREATMENTS,
    Components,
    Plan,
    Position,
    Terms,
    Treatment,
    plan_loan,
)
from reschedule.negotiation._solvers import solve_term
from reschedule.plans import (
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
from reschedule.servicing import Statement

__all__ = [
    "defer",
    "extend",
    "freeze",
    "reage",
    "reamortize",
    "restructure",
    "settle",
    "waive",
    "build",
    "position_of",
]

WaiverLike = DecimalLike
"""A waiver: an amount (``120``, ``"120.50"``), ``"all"``, or a percentage (``"50%"``)."""


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
    return Position(
        as_of=row.period_start,
        loan=schedule.loan,
        owed=Components(principal=row.opening_balance),
        remaining=len(schedule) - at + 1,
        start=row.period_start,
        first_payment=row.period_end,
        history=schedule[: at - 1],
    )


def _statement_position(statement: Statement) -> Position:
    """What a statement owes: principal outstanding (overdue and not yet due), and
    the interest, penalty and fees in arrears. Interest of the current period
    accrued before the statement's day is owed only under daily accrual (the
    statement's `interest_accrual`), as in its payoff; the new plan charges
    interest from the statement's day. A credit held is applied as a down payment."""
    schedule = statement.schedule
    as_of = statement.as_of
    # installments not yet due that still owe something (a prepayment that shortened
    # the term leaves rows with nothing due)
    future = [
        schedule[status.number - 1]
        for status in statement.installments
        if status.due_date > as_of and status.outstanding.total > 0
    ]
    first_payment = future[0].period_end if future else None
    if first_payment is not None and first_payment <= as_of:
        first_payment = None
    arrears = statement.arrears
    owed = Components(
        principal=statement.outstanding_principal,
        interest=EXACT.add(arrears.interest, statement.accrued_interest),
        penalty=arrears.penalty,
        fees=arrears.fees,
    )
    return Position(
        as_of=as_of,
        loan=schedule.loan,
        owed=owed,
        remaining=len(future),
        start=as_of,
        first_payment=first_payment,
        credit=statement.credit,
    )


# --------------------------------------------------------------------------- terms


def _parse_waiver(value: WaiverLike, owed: Decimal, name: str, rounding: Rounding) -> Decimal:
    if isinstance(value, str):
        text = value.strip().lower()
        if text == "all":
            return owed
        if text.endswith("%"):
            share = to_decimal(text[:-1], f"{name} waiver")
            if not 0 <= share <= 100:
                raise InvalidInputError(
                    f"a {name} waiver in per cent must be from 0% to 100%; got {value!r}"
                )
            return _round_share(owed, share, rounding)
    amount = non_negative(value, f"{name} waiver")
    if amount > owed:
        raise InvalidInputError(
            f"a {name} waiver must not exceed the {name} owed {owed}; got {amount} "
            "(use 'all' to waive all of it)"
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


def _base_terms(position: Position) -> Terms:
    loan = position.loan
    return Terms(
        down_payment=position.credit,
        start=position.start,
        first_payment=position.first_payment,
        term=max(position.remaining, 1),  # a matured loan: one installment
        annual_rate=loan.annual_rate,
        method=Method.ANNUITY if loan.method is Method.BALLOON else loan.method,
        frequency=loan.frequency,
        day_count=loan.day_count,
    )


# --------------------------------------------------------------------------- operations


def restructure(
    source: Any,
    *,
    at: int | None = None,
    term: int | None = None,
    annual_rate: DecimalLike | None = None,
    method: Method | str | None = None,
    frequency: Frequency | str | None = None,
    day_count: DayCount | str | None = None,
    start: date | str | None = None,
    first_payment: date | str | None = None,
    interest: Treatment | str | None = None,
    penalty: Treatment | str | None = None,
    fees: Treatment | str | None = None,
    waive: Mapping[str, WaiverLike] | None = None,
    conditional: bool | None = None,
    down_payment: DecimalLike | None = None,
    holiday: int | None = None,
    holiday_interest: Treatment | str | None = None,
    forbear: DecimalLike | None = None,
    payment: DecimalLike | None = None,
    spread_over: int | None = None,
) -> Plan:
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
        at: with a `Schedule`, the first installment to restructure (1 by
            default); the installments before it are kept as `Plan.history`.
        term: the installments that repay the new principal (after any
            holiday); by default the installments not yet due (one if the loan
            has matured).
        annual_rate: the new nominal annual rate (a rate change).
        method: the new amortisation method (BALLOON becomes ANNUITY).
        frequency: the new frequency.
        day_count: the new day count.
        start: where interest starts: the statement's day by default.
        first_payment: the first due date; by default the next due date of
            the old cycle (or one period after `start` if the cycle changed).
        interest: what happens to the interest owed (overdue, and accrued to
            the statement's day): a `Treatment`, ``"due"`` by default.
        penalty: what happens to the penalty owed; ``"due"`` by default.
        fees: what happens to the fees owed; ``"due"`` by default.
        waive: waivers by component (``"principal"``, ``"interest"``,
            ``"penalty"``, ``"fees"``): an amount, ``"all"`` or ``"50%"``.
        conditional: the waiver is reinstated if the plan is broken.
        down_payment: paid when the plan starts; it reduces the new principal.
            A credit the statement holds is applied as a down payment too.
        holiday: installments with no payment at the start of the plan.
        holiday_interest: the holiday's interest is ``"capitalize"``d (the
            default), ``"defer"``red to the last installment, or ``"waive"``d.
        forbear: principal set aside without interest, due with the last
            installment (principal forbearance).
        payment: keep this installment and solve the term (fewest installments).
        spread_over: repay what is spread with the next this many
            installments only (分期还款 over a few months), not all of them.

    Returns:
        The plan, with what was capitalised, waived, spread, due and deferred.
        Its principal is re-amortised: the level payment is computed afresh
        from the remaining balance, so even with no change it may differ from
        the original installment by rounding (a cent).

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
    if isinstance(source, Plan):
        if at is not None:
            raise InvalidInputError(
                "at applies to a Schedule source; to restructure a plan anew later, "
                "pass a statement of it"
            )
        origin, position, terms, steps = (
            source.origin,
            source.position,
            source.terms,
            source.steps,
        )
    else:
        origin, position = source, position_of(source, at)
        terms, steps = _base_terms(position), ()
    changes: dict[str, Any] = {}
    cycle_changed = False
    if term is not None:
        changes["term"] = whole(term, "term", 1)
    if annual_rate is not None:
        changes["annual_rate"] = to_rate(annual_rate, "annual_rate")
    if method is not None:
        changes["method"] = Method.parse(method)
    if frequency is not None:
        changes["frequency"] = Frequency.parse(frequency)
        cycle_changed = changes["frequency"] != terms.frequency
    if day_count is not None:
        changes["day_count"] = DayCount.parse(day_count)
    if start is not None:
        changes["start"] = to_date(start, "start")
        cycle_changed = True
    if first_payment is not None:
        changes["first_payment"] = to_date(first_payment, "first_payment")
    elif cycle_changed:
        changes["first_payment"] = None
    for name, value in (("interest", interest), ("penalty", penalty), ("fees", fees)):
        if value is not None:
            changes[name] = Treatment.parse(value, name)
    if waive is not None:
        changes["waived"] = _waivers(position, waive, Components())
    if conditional is not None:
        changes["conditional"] = bool(conditional)
    if down_payment is not None:  # new money, on top of any credit the account holds
        changes["down_payment"] = EXACT.add(
            position.credit, _amount(down_payment, "down_payment", position)
        )
    if holiday is not None:
        changes["holiday"] = whole(holiday, "holiday", 0)
    if holiday_interest is not None:
        treatment = Treatment.parse(holiday_interest, "holiday_interest")
        if treatment not in HOLIDAY_TREATMENTS:
            allowed = ", ".join(repr(choice.value) for choice in HOLIDAY_TREATMENTS[:-1])
            raise InvalidInputError(
                f"holiday_interest must be {allowed} or {HOLIDAY_TREATMENTS[-1].value!r}; "
                f"got {treatment.value!r}"
            )
        changes["holiday_interest"] = treatment
    if forbear is not None:
        changes["forborne"] = _amount(forbear, "forbear", position)
    if payment is not None:
        changes["payment"] = _amount(payment, "payment", position)
        if changes["payment"] <= 0:
            raise InvalidInputError(f"payment must be positive; got {changes['payment']}")
    if spread_over is not None:
        changes["spread_over"] = whole(spread_over, "spread_over", 1)
    terms = dataclasses.replace(terms, **changes)
    step = _describe(changes)
    return build(origin, position, terms, (*steps, step) if step else steps)


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


def extend(source: Any, periods: int, **options: Any) -> Plan:
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
    plan = restructure(source, term=base + periods, **options)
    return _with_step(plan, source, f"extend by {periods} periods")


def defer(
    source: Any, periods: int, *, interest: Treatment | str = "capitalize", **options: Any
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
    source: Any,
    *,
    principal: WaiverLike | None = None,
    interest: WaiverLike | None = None,
    penalty: WaiverLike | None = None,
    fees: WaiverLike | None = None,
    conditional: bool = False,
    **options: Any,
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


def reage(source: Any, installments: int, **options: Any) -> Plan:
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
    for name in Components.NAMES[1:]:  # every component but principal
        options.setdefault(name, Treatment.SPREAD)
    plan = restructure(source, term=installments, **options)
    return _with_step(plan, source, f"re-age over {installments} installments")


def reamortize(source: Any, **options: Any) -> Plan:
    """Spread the overdue principal (and the owed interest, penalty and fees) over
    the installments not yet due.

    Examples:
        >>> from reschedule import Loan, amortize, reamortize
        >>> plan = reamortize(amortize(Loan(1200, "0.12", 12, "2024-01-15")), at=5)
        >>> len(plan)
        8
    """
    for name in Components.NAMES[1:]:  # every component but principal
        options.setdefault(name, Treatment.SPREAD)
    plan = restructure(source, **options)
    return _with_step(plan, source, "re-amortise over the remaining installments")


def freeze(source: Any, term: int, *, max_term: int = 60, **options: Any) -> Plan:
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
    for name in Components.NAMES[1:]:  # every component but principal
        options.setdefault(name, Treatment.CAPITALIZE)
    plan = restructure(source, term=term, annual_rate=0, method=Method.ANNUITY, **options)
    return _with_step(plan, source, f"freeze over {term} installments")


def settle(
    source: Any,
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
        discount: the fraction of the payoff waived (``0.3`` for 30% off).
        amount: the settlement amount instead; at most the payoff.
        pay_by: the (first) payment date; one period after the statement's
            day by default.
        installments: how many equal installments, monthly from `pay_by`.

    Examples:
        >>> from reschedule import Loan, amortize, settle
        >>> plan = settle(amortize(Loan(1000, "0.1", 12, "2024-01-15")), discount="0.2")
        >>> plan.total_paid, plan.waived.principal
        (Decimal('800.00'), Decimal('200.00'))
    """
    if (discount is None) == (amount is None):
        raise InvalidInputError(
            f"settle needs exactly one of discount and amount; got discount={discount!r}, "
            f"amount={amount!r}"
        )
    position = source.position if isinstance(source, Plan) else position_of(source)
    if isinstance(source, Plan):
        source = source.origin
    rounding = position.loan.rounding
    payoff = position.owed.total
    if discount is not None:
        share = to_decimal(discount, "discount")
        if not 0 <= share < 1:
            raise InvalidInputError(f"discount must be from 0 to below 1; got {share}")
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
    # at a zero rate the start only anchors the dates: a day before the first payment
    start = min(position.start, first - timedelta(days=1))
    plan = restructure(
        source,
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
    return _with_step(plan, source, f"settle for {settled} in {installments} installment(s)")


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


def build(origin: object, position: Position, terms: Terms, steps: tuple[str, ...]) -> Plan:
    """The plan for `terms` from `position`: the one mechanism behind every operation."""
    loan = position.loan
    rounding = loan.rounding
    owed = position.owed
    for name in Components.NAMES:
        if getattr(terms.waived, name) > getattr(owed, name):
            raise InvalidInputError(
                f"the {name} waived must not exceed the {name} owed {getattr(owed, name)}; "
                f"got {getattr(terms.waived, name)}"
            )
    rest = {
        name: EXACT.subtract(getattr(owed, name), getattr(terms.waived, name))
        for name in Components.NAMES
    }
    buckets: dict[Treatment, dict[str, Decimal]] = {t: {} for t in Treatment}
    for name in Components.NAMES[1:]:  # every component but principal
        buckets[getattr(terms, name)][name] = rest[name]
    if terms.forborne > rest["principal"]:
        raise InvalidInputError(
            f"forbear must not exceed the principal owed {rest['principal']}; got {terms.forborne}"
        )
    buckets[Treatment.DEFER]["principal"] = terms.forborne
    capitalized = Components(**buckets[Treatment.CAPITALIZE])
    new_principal = exact_sum(
        (rest["principal"], capitalized.total),
        EXACT.minus(EXACT.add(terms.forborne, terms.down_payment)),
    )
    if new_principal <= 0:
        raise InvalidInputError(
            f"the new principal must be positive; got {new_principal} (outstanding "
            f"principal {rest['principal']} plus capitalised {capitalized.total}, less "
            f"forbearance {terms.forborne} and down payment {terms.down_payment})"
        )
    waived = terms.waived + Components(**buckets[Treatment.WAIVE])

    holiday_rows, balance, holiday_interest = _holiday(terms, new_principal, loan)
    deferred = Components(**buckets[Treatment.DEFER])
    if terms.holiday_interest is Treatment.DEFER:
        deferred += Components(interest=holiday_interest)
    elif terms.holiday_interest is Treatment.WAIVE:
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

    spread = Components(**buckets[Treatment.SPREAD])
    due = Components(**buckets[Treatment.DUE])
    tail_count = len(tail.principal)
    if terms.spread_over is not None and terms.spread_over > tail_count:
        raise InvalidInputError(
            f"spread_over must be at most the plan's {tail_count} installments after any "
            f"holiday; got {terms.spread_over} (lengthen the term, or spread over fewer)"
        )
    table = _assemble(
        holiday_rows, tail, new_principal, spread, due, deferred, rounding, terms.spread_over
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
    if terms.holiday_interest is Treatment.CAPITALIZE:
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
    capitalised = total if terms.holiday_interest is Treatment.CAPITALIZE else 0
    return (
        holiday,
        EXACT.add(principal, rounding.from_units(capitalised)),
        rounding.from_units(total),
    )


def _rounding_for(terms: Terms | None, rounding: Rounding) -> Rounding:
    """The loan's rounding, without the installment multiple where it cannot apply."""
    if terms is None or terms.method is Method.INTEREST_ONLY or terms.payment is not None:
        return Rounding(rounding.places, rounding.mode)
    return rounding


def _solve_term(terms: Terms, balance: Decimal, rounding: Rounding, loan: Loan) -> int:
    """The fewest installments of `terms.payment` that repay `balance` on the plan's own
    dates and day count: the nominal-rate solution, moved by the periods' actual
    lengths (a 31-day month bears more interest than a twelfth of a year) until the
    fixed installment neither falls short nor repays early."""
    fixed = terms.payment
    assert fixed is not None
    plain = Rounding(rounding.places, rounding.mode)
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


def _assemble(
    holiday: _Holiday | None,
    tail: Table,
    opening: Decimal,
    spread: Components,
    due: Components,
    deferred: Components,
    rounding: Rounding,
    spread_over: int | None = None,
) -> Table:
    """Holiday rows, then the amortised rows, with the owed streams in the fee column;
    what is spread goes with the first `spread_over` amortised rows (all by default),
    the last of them taking the remainder."""
    parts = [holiday.table, tail] if holiday is not None else [tail]
    count = sum(len(part.principal) for part in parts)
    tail_count = len(tail.principal)
    over = tail_count if spread_over is None else spread_over
    fee = [0] * count
    fee[0] += rounding.to_units(due.total, "due")
    spread_units = rounding.to_units(spread.total, "spread")
    share = spread_units // over
    first = count - tail_count
    for index in range(first, first + over):
        fee[index] += share
    fee[first + over - 1] += spread_units - share * over
    fee[-1] += rounding.to_units(deferred.total, "deferred")
    regular = tail.regular_payment + (share if spread_units and over == tail_count else 0)
    return Table(
        opening=rounding.to_units(opening, "principal"),
        due=[day for part in parts for day in part.due],
        starts=[day for part in parts for day in part.starts],
        ends=[day for part in parts for day in part.ends],
        fraction=[f for part in parts for f in part.fraction],
        principal=[p for part in parts for p in part.principal],
        interest=[i for part in parts for i in part.interest],
        fee=fee if any(fee) else None,
        regular_payment=regular,
    )
