"""The shortcuts of building a plan are the plain steps: a plan's loan made of its
checked terms without checking each again is the loan `Loan` makes of them (or
both refuse the terms, in the same words), for any terms, valid or not."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reschedule import (
    DayCount,
    Frequency,
    InvalidInputError,
    Loan,
    Method,
    Rounding,
    RoundingMode,
)
from reschedule.conventions import MAX_TERM, as_given
from reschedule.negotiation._plan import Terms, plan_loan


@st.composite
def loans(draw: st.DrawFn) -> Loan:
    """A loan whose calendar, business day and end of month a plan keeps."""
    calendar = draw(st.sampled_from([None, "weekdays", "US", "UK", [date(2030, 1, 2)]]))
    business_day = draw(st.sampled_from([None, "unadjusted", "following", "preceding"]))
    return Loan(
        1000,
        "0.1",
        12,
        draw(st.dates(date(2000, 1, 1), date(2040, 12, 31))),
        end_of_month=draw(st.booleans()),
        business_day=business_day,
        calendar=calendar,
        holidays=draw(st.sampled_from([(), [date(2031, 5, 5)]])),
    )


@st.composite
def amounts(draw: st.DrawFn, places: int) -> Any:
    """An amount in minor units mostly; at times zero, negative, finer than the
    minor unit, too large, or not a Decimal."""
    kind = draw(st.sampled_from(["units"] * 6 + ["zero", "negative", "fine", "large", "int"]))
    if kind == "units":
        return Decimal(draw(st.integers(1, 10**12))).scaleb(-places)
    if kind == "zero":
        return Decimal(0).scaleb(-places)
    if kind == "negative":
        return -Decimal(draw(st.integers(1, 10**6))).scaleb(-places)
    if kind == "fine":
        return Decimal(draw(st.integers(1, 10**6))).scaleb(-places - 1)
    if kind == "large":
        return Decimal(10**15) + draw(st.integers(0, 10))
    return draw(st.integers(1, 10**6))


@st.composite
def cases(draw: st.DrawFn) -> tuple[Terms, Decimal, Rounding, Loan, int | None]:
    """Terms of any kind (some breaking a rule), a principal, a rounding and a loan."""
    places = draw(st.sampled_from([2, 2, 0, 3]))
    method = draw(st.sampled_from([Method.ANNUITY, Method.ANNUITY, *Method]))
    rounding = Rounding(
        places=places,
        mode=draw(st.sampled_from(list(RoundingMode))),
        multiple=draw(st.sampled_from([None, None, 1, 10])),
    )
    start = draw(st.dates(date(2000, 1, 1), date(2040, 12, 31)))
    first = draw(st.none() | st.integers(-5, 60).map(lambda days: start + timedelta(days=days)))
    rate = Decimal(draw(st.integers(0, 30000))).scaleb(-4)  # up to 300%
    terms = Terms(
        start=start,
        first_payment=first,
        term=draw(st.sampled_from([1, 2, 12, 60, 360, MAX_TERM, MAX_TERM + 1])),
        annual_rate=rate,
        method=method,
        frequency=draw(
            st.sampled_from(
                [
                    Frequency.MONTHLY,
                    Frequency.QUARTERLY,
                    Frequency.BIWEEKLY,
                    Frequency.every_days(10),
                ]
            )
        ),
        day_count=draw(st.sampled_from(list(DayCount))),
        payment=draw(amounts(places)) if draw(st.integers(0, 3)) == 0 else None,  # a fixed one
    )
    term = draw(st.none() | st.integers(1, 24))
    return terms, draw(amounts(places)), rounding, draw(loans()), term


def plain(
    terms: Terms, principal: Decimal, rounding: Rounding, loan: Loan, term: int | None
) -> Loan:
    """The loan of a plan's terms, every term checked by the constructor."""
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


def outcome(make: Any, *arguments: Any, **options: Any) -> tuple[str, Any]:
    try:
        loan = make(*arguments, **options)
    except InvalidInputError as error:
        return type(error).__name__, str(error)
    return repr(loan), loan


@given(cases())
def test_a_plans_loan_is_the_constructors(
    case: tuple[Terms, Decimal, Rounding, Loan, int | None],
) -> None:
    terms, principal, rounding, loan, term = case
    fast = outcome(plan_loan, terms, principal, rounding, loan, term=term)
    assert fast == outcome(plain, terms, principal, rounding, loan, term)


@st.composite
def tails(draw: st.DrawFn) -> Any:
    """A table of amortised or contract rows: with no fee column, a column of zeros,
    a fee column or fee parts."""
    from reschedule.plans import Table

    count = draw(st.integers(1, 8))
    first = draw(st.dates(date(2020, 1, 1), date(2030, 1, 1)))
    due = [first + timedelta(days=30 * k) for k in range(count)]
    column = st.lists(st.integers(0, 10**6), min_size=count, max_size=count)
    fee = draw(st.sampled_from(["none", "zeros", "fees", "parts"]))
    parts = None
    fees: list[int] | None = None
    if fee == "zeros":
        fees = [0] * count
    elif fee == "fees":
        fees = draw(column)
    elif fee == "parts":
        parts = tuple(draw(column) for _ in range(4))
        fees = [sum(row) for row in zip(*parts, strict=True)]
    return Table(
        opening=draw(st.integers(0, 10**7)),
        due=due,
        starts=[day - timedelta(days=30) for day in due],
        ends=due,
        fraction=[(1, 12)] * count,
        principal=draw(column),
        interest=draw(column),
        fee=fees,
        regular_payment=draw(st.integers(0, 10**6)),
        parts=parts,
    )


@st.composite
def components(draw: st.DrawFn) -> Any:
    """Amounts by component, some of them zero (or all)."""
    from reschedule.negotiation import Components

    amount = st.sampled_from([0, 0, 1, 1234]).map(lambda units: Decimal(units).scaleb(-2))
    return Components(draw(amount), draw(amount), fees=draw(amount), penalty=draw(amount))


@given(
    tails(), components(), components(), components(), st.booleans(), st.integers(1, 9) | st.none()
)
def test_assembling_plain_rows_is_the_general_assembly(
    tail: Any, due: Any, spread: Any, deferred: Any, plain: bool, spread_over: int | None
) -> None:
    """`_assemble` of rows that carry principal and interest alone (nothing spread or
    deferred) is the general assembly of the same rows, column by column."""
    from reschedule.negotiation import Components
    from reschedule.negotiation._restructure import _assemble, _assembled, _due_now

    if plain:
        spread = deferred = Components()
    rounding = Rounding()
    start = tail.due[0] - timedelta(days=10)
    opening = Decimal(12_345).scaleb(-2)
    got = _assemble(start, [], tail, opening, spread, due, deferred, rounding, None, spread_over)
    due_units = [rounding.to_units(amount, "due") for amount in due]
    rows = [tail]
    now = _due_now(start, due_units, rows, None)
    if now is not None:
        rows.insert(0, now)
    expected = _assembled(rows, tail, opening, spread, deferred, rounding.to_units, spread_over)
    assert got == expected
