"""The fast rates are the exact solver's rates: `irr`, `xirr` and `apr` first try a
float root proven to its 10 places (or return nothing), so with the fast paths
switched off every call must give the same digits, or the same error.

The flows drawn include the hard cases of a proof in floats: roots within a
hair of half a unit of the last place (near ties), several sign changes (the
fast path leaves them to the exact solver), zero amounts, flows on one date,
unsorted flows and rates far from zero.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Context, Decimal
from fractions import Fraction
from itertools import pairwise, repeat
from typing import Any
from unittest import mock

from hypothesis import given, reject, settings
from hypothesis import strategies as st

from reschedule import (
    Frequency,
    InvalidInputError,
    Loan,
    amortize,
    extend,
    restructure,
    statement,
)
from reschedule.negotiation import _discount, _metrics, apr, irr, xirr
from reschedule.negotiation._cashflows import (
    TimeBasis,
    UnitPeriod,
    dated_flows,
    eu_units,
    months_and_days,
    months_back,
    quick_dated,
    regz_all,
    regz_monthly,
    regz_parts,
    same_day_months,
)
from reschedule.negotiation._discount import Flows, fast_floats, find_rate, round_rate
from reschedule.negotiation._metrics import Compounding, _annualise
from reschedule.plans import Schedule

CONVENTIONS = ["us", "eu", "pboc"]
HIGH = Context(prec=80)


def _none(*_args: object, **_kwargs: object) -> None:
    return None


@contextmanager
def exact_only() -> Iterator[None]:
    """Every rate from the exact solver: the fast paths answer nothing."""
    with (
        mock.patch.object(_metrics, "fast_floats", _none),
        mock.patch.object(_metrics, "fast_loan", _none),
        mock.patch.object(_metrics, "fast_rate", _none),
    ):
        yield


def outcome(function: Callable[..., Decimal], *args: Any, **kwargs: Any) -> object:
    """The rate's digits (its repr: the same value and exponent), or the error's type
    and message."""
    try:
        return repr(function(*args, **kwargs))
    except Exception as error:  # every error the metrics raise is compared, not only ours
        return (type(error).__name__, str(error))


def agree(function: Callable[..., Decimal], *args: Any, **kwargs: Any) -> None:
    fast = outcome(function, *args, **kwargs)
    with exact_only():
        exact = outcome(function, *args, **kwargs)
    assert fast == exact


amounts = st.one_of(
    st.integers(-(10**9), 10**9).map(lambda units: Decimal(units).scaleb(-2)),
    st.integers(-(10**14), 10**14).map(lambda units: Decimal(units).scaleb(-6)),
    st.just(Decimal(0)),
)


@st.composite
def dated(draw: st.DrawFn) -> list[tuple[date, Decimal]]:
    """Flows in any order: mostly an advance then repayments (one sign change), else
    any signs; days apart from 0 (one date) to decades."""
    start = draw(st.dates(date(1990, 1, 1), date(2050, 1, 1)))
    count = draw(st.integers(1, 40))
    spread = draw(st.sampled_from([0, 31, 400, 4000, 12000]))
    days = [start + timedelta(days=draw(st.integers(0, spread))) for _ in range(count)]
    values = draw(st.lists(amounts, min_size=count, max_size=count))
    if draw(st.booleans()):  # an advance, then repayments of the other sign
        days.sort()
        values = [-abs(values[0]) - Decimal(1)] + [abs(value) for value in values[1:]]
    return list(zip(days, values, strict=True))


@st.composite
def near_tie(draw: st.DrawFn) -> list[tuple[date, Decimal]]:
    """Two flows whose rate lies within about 1e-18 of half a unit of the tenth place
    (a rate that rounds to either neighbour within a hair of it), and sometimes a
    third, tiny flow that moves the root by less than a unit."""
    tenth = draw(st.integers(-4 * 10**9, 3 * 10**10))
    rate = Decimal(tenth).scaleb(-10) + Decimal("5e-11")
    days = draw(st.sampled_from([365, 730, 90, 1, 3650]))
    advance = Decimal(draw(st.integers(10**3, 10**11))).scaleb(-2)
    start = draw(st.dates(date(2000, 1, 1), date(2040, 1, 1)))
    later = start + timedelta(days=days)
    growth = HIGH.power(HIGH.add(1, rate), HIGH.divide(Decimal(days), Decimal(365)))
    repaid = HIGH.multiply(advance, growth).quantize(Decimal("1e-12"), context=HIGH)
    flows = [(start, -advance), (later, repaid)]
    if draw(st.booleans()):
        flows.append((start + timedelta(days=draw(st.integers(0, days))), Decimal("1e-12")))
    return flows


@given(dated())
def test_xirr_fast_equals_exact(flows: list[tuple[date, Decimal]]) -> None:
    agree(xirr, flows)


@given(dated(), st.sampled_from(["ACT/360", "30/360", "ACT/ACT"]))
def test_xirr_fast_equals_exact_under_other_day_counts(
    flows: list[tuple[date, Decimal]], day_count: str
) -> None:
    agree(xirr, flows, day_count=day_count)


@given(near_tie())
def test_xirr_fast_equals_exact_near_a_tie(flows: list[tuple[date, Decimal]]) -> None:
    agree(xirr, flows)


@given(st.lists(amounts, min_size=1, max_size=40))
def test_irr_fast_equals_exact(values: list[Decimal]) -> None:
    agree(irr, values)


@given(dated(), st.sampled_from(CONVENTIONS))
def test_apr_of_cash_flows_fast_equals_exact(
    flows: list[tuple[date, Decimal]], convention: str
) -> None:
    agree(apr, flows, convention)


@st.composite
def plans(draw: st.DrawFn) -> Any:
    """Schedules of every frequency, starting on any day (month ends included), at
    rates from 0 to 400%, amounts from cents to millions."""
    principal = Decimal(draw(st.integers(100, 10**9))).scaleb(-2)
    rate = f"{Decimal(draw(st.integers(0, 40_000))).scaleb(-2)}%"  # 0% to 400%
    term = draw(st.integers(1, 120))
    start = draw(st.dates(date(1995, 1, 1), date(2045, 12, 31)))
    frequency = draw(st.sampled_from([Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.WEEKLY]))
    return amortize(Loan(principal, rate, term, start, frequency=frequency))


@given(plans(), st.sampled_from(CONVENTIONS))
def test_apr_of_a_plan_fast_equals_exact(plan: Any, convention: str) -> None:
    agree(apr, plan, convention)


@given(plans(), st.integers(1, 24), st.sampled_from(CONVENTIONS))
def test_apr_of_a_restructured_plan_fast_equals_exact(
    schedule: Any, months: int, convention: str
) -> None:
    # a Plan finances what it restructures, from its own start
    agree(apr, extend(schedule, months), convention)


@st.composite
def odd_plans(draw: st.DrawFn) -> Any:
    """Restructured plans whose first period is odd, as a portfolio's are: stated on
    any day (month ends included) of a schedule or of a statement (with arrears
    due at the start), the first due date up to 70 days later, on any day, so the
    due dates fall some days past whole periods (and a 31st's past month ends)."""
    schedule = draw(plans())
    stated = schedule.loan.start + timedelta(days=draw(st.integers(0, 400)))
    first = stated + timedelta(days=draw(st.integers(1, 70)))
    frequency = draw(st.sampled_from([None, "monthly", "quarterly", "weekly"]))
    options: dict[str, Any] = {"first_payment": first}
    if frequency is not None:
        options["frequency"] = frequency
    try:
        if draw(st.booleans()):
            return restructure(statement(schedule, [], as_of=stated), **options)
        return restructure(schedule, start=stated, **options)
    except InvalidInputError:
        reject()


@given(odd_plans(), st.sampled_from(CONVENTIONS))
def test_apr_of_a_plan_with_an_odd_first_period_fast_equals_exact(
    plan: Any, convention: str
) -> None:
    # Regulation Z's common fraction taken out of the sum, the PBOC's times in
    # days of a period, arrears due at the start netted with the advance
    agree(apr, plan, convention)


@given(st.one_of(plans(), odd_plans()))
def test_a_plans_remembered_flows_are_its_netted_cash_flows(plan: Any) -> None:
    # what apr remembers of a plan (read once from its table of minor units) is
    # what the general path reads: its cash flows netted by date, in floats, and
    # the whole months of its due dates when they fall on the start's day
    remembered = _metrics._plain_flows(plan)
    assert _metrics._plain_flows(plan) is remembered
    netted = _metrics._netted(plan.cash_flows())
    if remembered is None:  # not plain: apr reads its cash flows (the properties above)
        return
    assert list(remembered.days) == [day for day, _ in netted]
    assert list(remembered.amounts) == [float(amount) for _, amount in netted]
    assert remembered.advance == netted[0][1]
    assert [-Decimal(paid) / remembered.scale for paid in remembered.payments] == [
        amount for _, amount in netted[1:]
    ]
    months = same_day_months(remembered.start, list(remembered.days))
    assert remembered.months == (None if months is None else tuple(months))
    if months is not None:  # the EU's times: months / 12 years
        units, denominator = eu_units(remembered.start, remembered.days, TimeBasis.MONTHS)
        assert list(map(Fraction, units, repeat(denominator))) == [
            Fraction(whole, 12) for whole in months
        ]


@settings(max_examples=15)
@given(
    st.integers(10**5, 10**9),
    st.integers(0, 4_000),
    st.integers(180, 480),
    st.dates(date(1995, 1, 1), date(2045, 12, 31)),
    st.sampled_from(CONVENTIONS),
)
def test_apr_of_a_long_plan_fast_equals_exact_first_and_again(
    cents: int, basis_points: int, term: int, start: date, convention: str
) -> None:
    # a mortgage's hundreds of installments (the guess's groups): the first call
    # reads the plan, the second its remembered flows, both the exact digits
    plan = amortize(Loan(Decimal(cents).scaleb(-2), f"{basis_points / 100}%", term, start))
    first = outcome(apr, plan, convention)
    with exact_only():
        exact = outcome(apr, Schedule(plan.loan, plan.table), convention)
    assert first == exact
    assert outcome(apr, plan, convention) == exact


@st.composite
def loan_shaped(draw: st.DrawFn) -> tuple[list[Decimal], list[int], int]:
    """An advance (or up to three advances, as Regulation Z's advance split in two at
    units 0 and 1 by `_common_fraction`), then repayments of the other sign at
    ascending units after it (days, months; the first repayment may fall on the
    last advance's unit): the shape `_single_rate` takes, at rates from below zero
    to far above it (the near ties are `near_tie`'s, through `xirr`); up to 23
    repayments (the guess of two groups) or up to 120 (the guess of `_guess`'s
    groups). Returns the amounts, their units and the number of advances."""
    count = draw(st.integers(1, draw(st.sampled_from([23, 120]))))
    turn = draw(st.sampled_from([1, 1, 2, 3]))
    early_gaps = draw(st.lists(st.integers(1, 40), min_size=turn - 1, max_size=turn - 1))
    gaps = draw(st.lists(st.integers(1, 400), min_size=count, max_size=count))
    if turn > 1 and draw(st.booleans()):
        gaps[0] = 0  # the first repayment on the last advance's unit
    units = [0]
    for gap in early_gaps + gaps:
        units.append(units[-1] + gap)
    positive = st.one_of(
        st.integers(1, 10**9).map(lambda units: Decimal(units).scaleb(-2)),
        st.integers(1, 10**14).map(lambda units: Decimal(units).scaleb(-6)),
    )
    repaid = draw(st.lists(positive, min_size=count, max_size=count))
    advance = sum(repaid) / Decimal(draw(st.sampled_from(["1.0001", "1.05", "1.3", "3", "0.9"])))
    advance = advance.quantize(Decimal("0.01")) + Decimal("0.01")
    shares = draw(st.lists(st.integers(1, 14), min_size=turn - 1, max_size=turn - 1))
    advances = [(advance * share / 30).quantize(Decimal("0.01")) for share in shares]
    advances.insert(0, advance - sum(advances))
    if advances[0] <= 0:
        reject()
    sign = draw(st.sampled_from([1, -1]))
    return [-sign * part for part in advances] + [sign * amount for amount in repaid], units, turn


def _loop_only(flows: list[float], units: list[int], denominator: int, **options: Any) -> object:
    with mock.patch.object(_discount, "_single_rate", _none):
        return fast_floats(flows, units, denominator, **options)


@given(
    loan_shaped(),
    st.sampled_from([(365, 1.0), (1, 12.0), (1, 4.0), (12, 1.0), (30, 12.0), (1, 52.0)]),
    st.booleans(),
    st.none() | st.floats(-0.01, 0.01) | st.floats(-0.5, 2.0),
)
def test_single_rate_is_the_exact_rate(
    flows: tuple[list[Decimal], list[int], int],
    time: tuple[int, float],
    compound: bool,
    off: float | None,
) -> None:
    # the loan-shaped flows' first steps (`_single_rate`, inside `fast_floats`) give
    # the exact solver's digits whenever they answer, and what the general loop
    # proves when both answer: from the moments' guess, or from a guess near the
    # root or far from it (a plan's contract rate, which its APR may be far from)
    values, units, turn = flows
    denominator, per_year = time
    floats = [float(value) for value in values]
    exponents = [float(unit) for unit in units]
    parts = [((unit, denominator),) for unit in units]
    try:  # the rate a unit of `denominator` units
        periodic: Decimal | None = find_rate(Flows(values, parts))
    except InvalidInputError:  # beyond the range computed: the fast path must not answer
        periodic = None
    guess = None
    if off is not None and periodic is not None and float(periodic) > -1:
        guess = math.log1p(float(periodic)) / denominator * (1 + off)
    rate = _discount._single_rate(
        floats[:turn],
        floats[turn:],
        exponents[turn:],
        denominator,
        per_year,
        compound,
        exponents[:turn],
        guess,
    )
    if rate is None:
        return
    assert periodic is not None
    form = Compounding.COMPOUND if compound else Compounding.SIMPLE
    assert repr(rate) == repr(round_rate(_annualise(periodic, Fraction(per_year), form)))
    loop = _loop_only(floats, units, denominator, per_year=per_year, compound=compound)
    assert loop is None or repr(loop) == repr(rate)


odd_days = st.dates(date(1990, 1, 1), date(2050, 1, 1)).flatmap(
    lambda day: st.sampled_from([day, datetime(day.year, day.month, day.day), day.isoformat()])
)
odd_amounts = st.one_of(
    amounts,
    amounts.map(str),
    st.integers(-(10**6), 10**6),
    st.sampled_from([Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("1e16")]),
    st.integers(-(10**6), 10**6).map(lambda units: Decimal(units).scaleb(-13)),
)
odd_pairs = st.one_of(
    st.tuples(odd_days, odd_amounts),
    st.tuples(odd_days, odd_amounts).map(list),
    st.tuples(odd_days),
    st.tuples(odd_days, odd_amounts, odd_amounts),
    st.none(),
)


@given(
    st.lists(st.tuples(st.dates(date(1990, 1, 1), date(2050, 1, 1)), amounts), max_size=20),
    st.none() | st.tuples(st.integers(0, 20), odd_pairs),
    st.booleans(),
)
def test_quick_dated_is_dated_flows(pairs: list[Any], odd: Any, as_tuple: bool) -> None:
    # the quick read of xirr's flows (one pass over the pairs checks the days and
    # reads their ordinals) gives dated_flows' days and amounts, or leaves them to it:
    # good pairs, or one of them replaced by something else
    if odd is not None and pairs:
        index, pair = odd
        pairs[index % len(pairs)] = pair
    flows: Any = tuple(pairs) if as_tuple else pairs
    quick = quick_dated(flows)
    if quick is None:
        return
    parsed = dated_flows(flows)  # raises if quick_dated took a flow it refuses
    assert quick == (
        [day.toordinal() for day, _ in parsed],
        [float(amount) for _, amount in parsed],
    )


month_days = st.dates(date(1995, 1, 1), date(2045, 12, 31)).flatmap(
    lambda day: st.sampled_from([day, day.replace(day=1) - timedelta(days=1)])
)  # any day, or a month's end


@given(month_days, st.lists(month_days, min_size=1, max_size=30))
def test_months_and_days_is_months_back(start: date, days: list[date]) -> None:
    expected = [months_back(start, day) for day in days]
    assert months_and_days(start, days) == (
        [months for months, _ in expected],
        [(reached - start).days for _, reached in expected],
    )


UNITS = [UnitPeriod(months=months) for months in (1, 2, 3, 6, 12)] + [
    UnitPeriod(semimonth=True),
    UnitPeriod(days=1),
    UnitPeriod(days=7),
    UnitPeriod(days=14),
]


@given(month_days, st.lists(month_days, min_size=1, max_size=30), st.sampled_from(UNITS))
def test_regz_all_is_regz_parts(start: date, days: list[date], unit: UnitPeriod) -> None:
    parts = [regz_parts(start, day, unit) for day in days]
    assert regz_all(start, days, unit) == tuple(list(column) for column in zip(*parts, strict=True))


@given(
    month_days,
    st.integers(-2, 14),
    st.integers(1, 31),
    st.integers(1, 30),
    st.none() | st.tuples(st.integers(0, 29), st.integers(1, 40)),
)
def test_regz_monthly_is_regz_all(
    start: date, after: int, day: int, count: int, other: tuple[int, int] | None
) -> None:
    # due dates a month apart on one day of the month (clamped to a month's end, so
    # 31sts become 30ths and 28ths), from a few months after the start, or one of
    # them moved some days later: the first's whole months and rest as regz_all
    # counts them, each later one a month more with the same rest, when it answers
    base = start.year * 12 + start.month - 1 + after
    dues = []
    for k in range(count):
        year, month = divmod(base + k, 12)
        dues.append(date(year, month + 1, min(day, calendar.monthrange(year, month + 1)[1])))
    if other is not None:
        index, shift = other
        index %= count
        moved = dues[index] + timedelta(days=shift)
        if index + 1 < count and moved >= dues[index + 1]:
            reject()
        dues[index] = moved
    dues = [due for due in dues if due > start]
    if not dues:
        reject()
    first = regz_monthly(start, [start, *dues])
    if first is None:
        return
    whole, rest = first
    unit = UnitPeriod(months=1)
    assert regz_all(start, dues, unit) == (
        list(range(whole, whole + len(dues))),
        [rest] * len(dues),
        [30] * len(dues),
    )


@given(
    st.dates(date(1995, 1, 1), date(2045, 12, 31)),
    st.lists(st.integers(-3, 40), min_size=1, max_size=30),
    st.booleans(),
    st.booleans(),
)
def test_same_day_months_is_months_back(
    start: date, offsets: list[int], ascending: bool, other_day: bool
) -> None:
    # dates on the start's day of the month (one a month in order, or any months in
    # any order), or one on another day: the whole months when all are on the day
    # and none before the start
    day = min(start.day, 28)
    start = start.replace(day=day)
    if ascending:
        offsets = list(range(offsets[0], offsets[0] + len(offsets)))
    days = [
        date(start.year + (start.month - 1 + k) // 12, (start.month - 1 + k) % 12 + 1, day)
        for k in offsets
    ]
    if other_day:
        days[-1] = days[-1].replace(day=day % 28 + 1)
    months = [months_back(start, later) for later in days]
    expected = [whole for whole, _ in months]  # each reaching the start itself
    plain = not other_day and all(reached == start for _, reached in months)
    assert same_day_months(start, days) == (expected if plain else None)
    if all(earlier < later for earlier, later in pairwise(days)):  # a plan's: unchecked
        assert same_day_months(start, days, ascending=True) == (expected if plain else None)
