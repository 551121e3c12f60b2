"""One amortisation engine: schedules, the servicing replay and the solvers size
their installments with the same functions of the plans layer."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from reschedule import (
    Allocation,
    Frequency,
    Loan,
    Method,
    Payment,
    RoundingMode,
    amortize,
    solve_payment,
    solve_rate,
    statement,
)
from reschedule.conventions import rounding_terms
from reschedule.plans import (
    equal_principal_units,
    level_payment_ratio,
    periodic_rate,
    regular_units,
    split_rows,
)

RATES = st.decimals(min_value=0, max_value="0.36", places=4)
BALANCES = st.integers(1, 10**8)
MODES = st.sampled_from(list(RoundingMode))
FREQUENCIES = st.sampled_from(
    [Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.WEEKLY, Frequency.every_days(10)]
)


@given(RATES, FREQUENCIES)
def test_periodic_rate_is_the_annual_rate_over_the_periods_a_year(
    rate: Decimal, frequency: Frequency
) -> None:
    numerator, denominator = periodic_rate(rate, frequency)
    assert Fraction(numerator, denominator) == Fraction(rate) / frequency.per_year


@given(BALANCES, RATES, st.integers(1, 480))
def test_level_payment_repays_the_balance_exactly(balance: int, rate: Decimal, term: int) -> None:
    """Unrounded, the level payment leaves nothing: B(1+r)^n = L((1+r)^n − 1)/r."""
    numerator, denominator = periodic_rate(rate, Frequency.MONTHLY)
    top, bottom = level_payment_ratio(balance, (numerator, denominator), term)
    level, r = Fraction(top, bottom), Fraction(numerator, denominator)
    left = Fraction(balance)
    for _ in range(term):
        left = left * (1 + r) - level
    assert left == 0


@given(BALANCES, st.integers(1, 480), MODES)
def test_equal_principal_never_repays_before_the_last_period(
    balance: int, periods: int, mode: RoundingMode
) -> None:
    part = equal_principal_units(balance, periods, mode)
    assert 0 <= part * (periods - 1) <= balance
    assert abs(part - Fraction(balance, periods)) < 1


@given(st.integers(100, 10**7), RATES, st.integers(1, 360))
def test_schedule_and_solver_share_the_level_payment(
    balance: int, rate: Decimal, term: int
) -> None:
    """A 30/360 monthly annuity pays the engine's level (unless it would repay
    early), and `solve_payment` gives the same figure."""
    loan = Loan(Decimal(balance).scaleb(-2), rate, term, "2024-01-31", day_count="30/360 US")
    level = regular_units(
        Method.ANNUITY, balance, periodic_rate(rate, Frequency.MONTHLY), term, RoundingMode.HALF_UP
    )
    schedule = amortize(loan)
    assert schedule.payment <= Decimal(level).scaleb(-2)
    assert solve_payment(loan.principal, rate, term) == Decimal(level).scaleb(-2)


@given(st.integers(10**4, 10**7), st.decimals(min_value="0.01", max_value="0.36", places=2))
def test_the_rate_solver_inverts_the_level_payment(balance: int, rate: Decimal) -> None:
    """At the solved rate the payment is at least the exact level payment, and
    a step of 1e-10 higher it is not."""
    payment = solve_payment(Decimal(balance).scaleb(-2), rate, 12)
    found = solve_rate(Decimal(balance).scaleb(-2), 12, payment)
    paid = int(payment.scaleb(2))
    for annual, fits in ((found, True), (found + Decimal("1e-10"), False)):
        top, bottom = level_payment_ratio(balance, periodic_rate(annual, Frequency.MONTHLY), 12)
        assert (paid * bottom >= top) is fits


@given(
    st.integers(2, 36),
    st.integers(1, 35),
    st.sampled_from([Method.ANNUITY, Method.EQUAL_PRINCIPAL, Method.FLAT]),
)
def test_reduce_installment_resizes_with_the_engine(term: int, at: int, method: Method) -> None:
    """A prepayment that recomputes the installments sizes them as `amortize`
    sizes a loan of the balance left over the installments left."""
    at = min(at, term - 1)
    loan = Loan(12_000, "0.12", term, "2024-01-31", method=method, day_count="30/360 US")
    schedule = amortize(loan)
    paid = [Payment(row.due_date, row.payment) for row in schedule[:at]]
    extra = Payment(schedule[at - 1].due_date, 10)
    s = statement(
        schedule,
        [*paid, extra],
        schedule[at - 1].due_date,
        allocation=Allocation.STANDARD.with_excess("reduce_installment"),
    )
    left = s.principal_not_due
    rest = term - at
    expected = regular_units(
        method,
        int(left.scaleb(2)),
        periodic_rate(loan.annual_rate, loan.frequency),
        rest,
        loan.rounding.mode,
    )
    nxt = s.installments[at].due
    if rest > 1:
        paid_now = nxt.principal + nxt.interest if method is Method.ANNUITY else nxt.principal
        assert paid_now == Decimal(expected).scaleb(-2)


def rounded(value: Fraction, mode: RoundingMode) -> int:
    """`value` ≥ 0 rounded to an integer by `mode`, written out."""
    whole = value.numerator // value.denominator
    rest = value - whole
    if mode is RoundingMode.DOWN or rest == 0:
        return whole
    if mode is RoundingMode.UP:
        return whole + 1
    if rest != Fraction(1, 2):
        return whole + (rest > Fraction(1, 2))
    return whole + 1 if mode is RoundingMode.HALF_UP else whole + whole % 2


@given(
    st.integers(1, 10**9),
    st.integers(0, 5000),
    st.sampled_from([12, 4, 52, 365]),
    st.integers(0, 120),
    MODES,
    st.integers(0, 10**8),
)
def test_split_rows_follows_the_row_rule(
    balance: int, rate: int, per_year: int, rows: int, mode: RoundingMode, level: int
) -> None:
    """Every row: interest = the balance times the periodic rate, rounded once by the
    mode; principal = the level less the interest, never below zero."""
    periodic = Fraction(rate, 10_000 * per_year)
    terms = [rounding_terms(periodic.numerator, periodic.denominator, mode)] * (rows + 1)
    principals, interests, left = split_rows(Method.ANNUITY, level, 0, rows, terms, balance, mode)
    expected_principals: list[int] = []
    expected_interests: list[int] = []
    owed = balance
    while len(expected_principals) < rows and owed >= 0:  # the rule's domain: what is owed
        interest = rounded(owed * periodic, mode)
        principal = max(level - interest, 0)
        expected_principals.append(principal)
        expected_interests.append(interest)
        owed -= principal
    done = len(expected_principals)
    assert principals[:done] == expected_principals
    assert interests[:done] == expected_interests
    assert len(principals) == len(interests) == rows
    if done == rows:
        assert left == owed


@given(
    st.integers(1, 10**9),
    st.integers(0, 5000),
    st.integers(0, 400),
    st.sampled_from([12, 4, 52, 365]),
    st.integers(0, 120),
    MODES,
    st.integers(0, 10**8),
    st.booleans(),
)
def test_split_rows_after_an_odd_first_row_follow_the_general_loop(
    balance: int,
    rate: int,
    days: int,
    per_year: int,
    rows: int,
    mode: RoundingMode,
    level: int,
    changed: bool,
) -> None:
    """The level rows with the first row's rate its own (an odd first period) and one
    rate after it, taken by the unclamped loop when it may, are the general row
    loop's, clamp and all (and so, with a row of another rate later, the same)."""
    from reschedule.plans._amortize import _split_level_rows

    periodic = Fraction(rate, 10_000 * per_year)
    odd = Fraction(rate * days, 10_000 * 360)
    terms = [rounding_terms(odd.numerator, odd.denominator, mode)]
    terms += [rounding_terms(periodic.numerator, periodic.denominator, mode)] * (rows + 1)
    if changed and rows:
        terms[-2] = rounding_terms(periodic.numerator + 1, periodic.denominator, mode)
    half_even = mode is RoundingMode.HALF_EVEN
    expected = _split_level_rows(level, 0, rows + 1, terms, balance, half_even, None)
    assert split_rows(Method.ANNUITY, level, 0, rows + 1, terms, balance, mode) == expected


@given(
    st.dates(date(1900, 1, 1), date(2200, 1, 1)),
    st.integers(1, 600),
    st.sampled_from([1, 2, 3, 6, 12]),
)
def test_end_of_month_dates_agree_with_dateutil(start: date, term: int, months: int) -> None:
    # dateutil's relativedelta(months=k, day=31) from a month's last day is the last
    # day of each month, the end-of-month rule
    start = start + relativedelta(day=31)
    loan = Loan(100 * term, "0.05", term, start, frequency=Frequency.every_months(months),
                end_of_month=True)  # fmt: skip
    assert [row.due_date for row in amortize(loan)] == [
        start + relativedelta(months=months * k, day=31) for k in range(1, term + 1)
    ]
