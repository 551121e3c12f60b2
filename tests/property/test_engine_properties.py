"""One amortisation engine: schedules, the servicing replay and the solvers size
their installments with the same functions of the plans layer."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

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
from reschedule.plans import (
    equal_principal_units,
    level_payment_ratio,
    periodic_rate,
    regular_units,
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
