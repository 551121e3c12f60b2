"""The invariants of the metrics: NPV at the IRR is zero, the APR of a fee-free
level-payment loan is its nominal rate, fees never lower the APR, and the sign
convention of the cash flows does not matter.

Every tolerance is derived, not tuned: the metrics return rates rounded
half-even to 10 decimal places (an error of at most 0.5e-10), so the present
value at a returned rate is off zero by at most that error times the slope of
the present value, plus the present value's own rounding (0.5e-10).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Context, Decimal, localcontext
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from reschedule import ConvergenceError, InvalidInputError, Loan, amortize
from reschedule.negotiation import apr, irr, npv, xirr, xnpv

CONVENTIONS = ["us", "eu", "pboc"]
HIGH = Context(prec=60)


def cents(low: int, high: int) -> st.SearchStrategy[Decimal]:
    return st.integers(low, high).map(lambda units: Decimal(units).scaleb(-2))


@st.composite
def conventional_flows(draw: st.DrawFn) -> list[Decimal]:
    """An advance then repayments: one sign change, so exactly one rate."""
    advance = draw(cents(100_00, 10**8))
    repayments = draw(st.lists(cents(0, 10**7), min_size=1, max_size=60))
    assume(any(repayments))
    return [-advance, *repayments]


@st.composite
def dated_conventional_flows(draw: st.DrawFn) -> list[tuple[date, Decimal]]:
    amounts = draw(conventional_flows())
    day = draw(st.dates(date(1990, 1, 1), date(2060, 1, 1)))
    flows = []
    for amount in amounts:
        flows.append((day, amount))
        day += timedelta(days=draw(st.integers(1, 400)))
    return flows


def slope_bound(amounts: list[Decimal], times: list[float], rate: Decimal) -> float:
    """|dPV/dr| at any rate within 1e-9 of `rate`: Σ t|a| (1 + r − 1e-9)^−(t+1)."""
    base = 1 + float(rate) - 1e-9
    return sum(t * abs(float(a)) * base ** (-(t + 1)) for a, t in zip(amounts, times, strict=True))


@given(conventional_flows())
def test_npv_at_the_irr_is_zero(amounts: list[Decimal]) -> None:
    rate = irr(amounts)
    assume(rate > Decimal("-0.99"))  # near -100% the slope bound, and so the tolerance, explodes
    tolerance = 0.5e-10 * slope_bound(amounts, list(range(len(amounts))), rate) + 0.5e-10
    assert abs(npv(rate, amounts)) <= Decimal(tolerance * (1 + 1e-9))


@given(dated_conventional_flows())
def test_xnpv_at_the_xirr_is_zero(flows: list[tuple[date, Decimal]]) -> None:
    try:
        rate = xirr(flows)
    except InvalidInputError as error:  # a growth factor above e**300 a year: refused
        assume(error.code != "rate_out_of_range")
        raise
    assume(rate > Decimal("-0.99"))  # near -100% the slope bound, and so the tolerance, explodes
    times = [(day - flows[0][0]).days / 365 for day, _ in flows]
    amounts = [amount for _, amount in flows]
    tolerance = 0.5e-10 * slope_bound(amounts, times, rate) + 0.5e-10
    assert abs(xnpv(rate, flows)) <= Decimal(tolerance * (1 + 1e-9))


@given(st.lists(cents(-(10**7), 10**7), min_size=2, max_size=30))
def test_irr_of_any_flows_is_a_root_or_a_clear_error(amounts: list[Decimal]) -> None:
    try:
        rate = irr(amounts)
    except (InvalidInputError, ConvergenceError):
        return
    assume(rate > Decimal("-0.99"))  # the slope bound explodes as the rate nears -100%
    tolerance = 0.5e-10 * slope_bound(amounts, list(range(len(amounts))), rate) + 0.5e-10
    assert abs(npv(rate, amounts)) <= Decimal(tolerance * (1 + 1e-9))


@st.composite
def level_payment_loans(draw: st.DrawFn) -> Loan:
    """A fee-free monthly annuity under 30/360: every regular period accrues rate/12."""
    term = draw(st.integers(1, 360))
    principal = draw(cents(100 * term, 10**9))
    rate = Decimal(draw(st.integers(0, 3600))).scaleb(-4)  # 0% to 36.00%
    start = draw(st.dates(date(1990, 1, 1), date(2060, 12, 31)))
    return Loan(principal, rate, term, start)


def nominal_tolerance(loan: Loan, payments: list[Decimal], apr_found: Decimal) -> Decimal:
    """How far the APR of the rounded schedule may be from the nominal rate.

    Each installment's interest is rounded to the cent (an error ε_k, |ε_k| ≤
    half a cent), and the last installment takes up every residual, so at the
    nominal monthly rate i the cash flows' present value is −Σ ε_k v^k: at
    most n × 0.005 in size. The rate that makes it zero is off i by at most
    that over the slope of the present value, Σ k p_k (1 + r)^−(k+1), smallest
    at the larger of the two rates. A year has 12 months, and the APR itself
    is rounded to 10 places.
    """
    n = len(payments)
    monthly = max(float(loan.annual_rate), float(apr_found)) / 12 + 1e-9
    slope = sum(k * float(p) * (1 + monthly) ** (-(k + 1)) for k, p in enumerate(payments, 1))
    return Decimal(12 * n * 0.005 / slope * (1 + 1e-6) + 1e-10)


@given(level_payment_loans())
def test_apr_of_a_fee_free_level_payment_loan_is_its_nominal_rate(loan: Loan) -> None:
    plan = amortize(loan)
    payments = [row.payment for row in plan]
    us = apr(plan, "us")
    assert abs(us - loan.annual_rate) <= nominal_tolerance(loan, payments, us)
    pboc = apr(plan, "pboc", compounding="simple")
    assert abs(pboc - loan.annual_rate) <= nominal_tolerance(loan, payments, pboc)
    # the EU APRC is effective: its nominal equivalent 12((1 + X)^(1/12) − 1) is the rate
    eu = apr(plan, "eu")
    with localcontext(HIGH):
        nominal = 12 * (((1 + eu).ln() / 12).exp() - 1)
    assert abs(nominal - loan.annual_rate) <= nominal_tolerance(loan, payments, nominal)


@given(level_payment_loans(), st.floats(0, 0.9), st.sampled_from(CONVENTIONS))
def test_an_upfront_fee_never_lowers_the_apr(loan: Loan, share: float, convention: str) -> None:
    plan = amortize(loan)
    fee = (loan.principal * Decimal(repr(share))).quantize(Decimal("0.01"))
    assume(fee < loan.principal)
    assert apr(plan, convention, fees=fee) >= apr(plan, convention)


@given(dated_conventional_flows(), st.sampled_from(CONVENTIONS))
def test_flipping_every_sign_gives_the_same_apr(
    flows: list[tuple[date, Decimal]], convention: str
) -> None:
    def outcome(compute: Callable[[list[tuple[date, Decimal]]], Decimal], values: Any) -> object:
        try:
            return compute(values)
        except InvalidInputError as error:  # a rate beyond e**300 a year: the same refusal
            assert error.code == "rate_out_of_range"  # noqa: PT017
            return error.code

    flipped = [(day, -amount) for day, amount in flows]
    for compute in (lambda values: apr(values, convention), xirr):
        assert outcome(compute, flipped) == outcome(compute, flows)


@given(st.lists(cents(-(10**6), 10**6), min_size=2, max_size=20))
def test_flipping_every_sign_gives_the_same_irr_or_error(amounts: list[Decimal]) -> None:
    def outcome(values: list[Decimal]) -> object:
        try:
            return irr(values)
        except (InvalidInputError, ConvergenceError) as error:
            return type(error)

    assert outcome([-a for a in amounts]) == outcome(amounts)


@given(st.integers(-5000, 20000), st.integers(-5000, 20000))
def test_two_roots_resolve_to_the_positive_rate_nearest_zero(low: int, high: int) -> None:
    # −(x − x1)(x − x2) with x = 1 + r: the flows −1, x1 + x2, −x1·x2 have exactly the
    # roots r1 and r2. The scan resolves roots 5% apart in ln(1 + r), so keep them apart.
    r1, r2 = sorted((Decimal(low).scaleb(-4), Decimal(high).scaleb(-4)))
    d1, d2 = math.log1p(float(r1)), math.log1p(float(r2))
    assume(r1 != r2 and (d1 * d2 <= 0 or max(abs(d1), abs(d2)) > 1.2 * min(abs(d1), abs(d2))))
    x1, x2 = 1 + r1, 1 + r2
    amounts = [Decimal(-1), x1 + x2, -x1 * x2]
    positive = [r for r in (r1, r2) if r > 0]
    expected = min(positive) if positive else max(r1, r2)
    if 0 in (r1, r2):
        expected = Decimal(0)
    assert irr(amounts) == expected
