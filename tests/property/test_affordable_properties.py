"""`affordable` returns the least concession that truly fits, whatever the shape of the
plan: checked against an exhaustive search on small cases. And a plan without payment
shock never asks more in its last installment than in its regular one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from reschedule import (
    InvalidInputError,
    Loan,
    NoAffordablePlanError,
    Plan,
    affordable,
    amortize,
    largest_installment,
    restructure,
)
from tests.property.test_restructure_properties import statements

METHODS = ["annuity", "equal_principal", "flat", "interest_only"]
DAY_COUNTS = ["30/360 US", "ACT/360", "ACT/365F"]
"""Every method and day-count family: the search skips runs of candidates of equal
level only where the largest installment is monotone within them (for a longer term,
only when every period accrues the same fraction of a year)."""


@st.composite
def small_loans(
    draw: st.DrawFn, methods: list[str] = METHODS, day_counts: list[str] = DAY_COUNTS
) -> Any:
    term = draw(st.integers(2, 24))
    principal = Decimal(draw(st.integers(100 * term, 5_000_000))).scaleb(-2)
    schedule = amortize(
        Loan(
            principal,
            Decimal(draw(st.integers(0, 3600))).scaleb(-4),
            term,
            draw(st.dates(date(2000, 1, 1), date(2040, 1, 1))),
            method=draw(st.sampled_from(methods)),
            day_count=draw(st.sampled_from(day_counts)),
        )
    )
    return schedule, draw(st.integers(1, term))


def fits(plan: Plan, limit: Decimal) -> bool:
    return largest_installment(plan) <= limit


@given(small_loans(), st.integers(20, 100), st.integers(1, 48))
def test_the_least_term_that_fits(source: Any, percent: int, extra: int) -> None:
    schedule, at = source
    base = restructure(schedule, at=at)
    limit = (largest_installment(base) * percent / 100).quantize(Decimal("0.01"))
    assume(limit > 0 and not fits(base, limit))
    longest = base.terms.term + extra
    candidates = [
        n
        for n in range(base.terms.term + 1, longest + 1)
        if fits(restructure(schedule, at=at, term=n), limit)
    ]
    try:
        plan = affordable(schedule, limit, at=at, max_term=longest, steps=["extend_term"])
    except NoAffordablePlanError:
        assert not candidates
        return
    assert candidates
    assert plan.terms.term == min(candidates)
    assert fits(plan, limit)


@given(small_loans(), st.integers(50, 100), st.sampled_from(["0.001", "0.0025", "0.005"]))
def test_the_smallest_rate_cut_that_fits(source: Any, percent: int, step: str) -> None:
    schedule, at = source
    base = restructure(schedule, at=at)
    limit = (largest_installment(base) * percent / 100).quantize(Decimal("0.01"))
    assume(limit > 0 and not fits(base, limit))
    rate, grain = base.terms.annual_rate, Decimal(step)
    cuts = []
    k = 1
    while True:
        lowered = max(Decimal(0), rate - grain * k)
        if fits(restructure(schedule, at=at, annual_rate=lowered), limit):
            cuts.append(lowered)
            break
        if lowered == 0:
            break
        k += 1
    try:
        plan = affordable(schedule, limit, at=at, steps=["lower_rate"], rate_step=step)
    except NoAffordablePlanError:
        assert not cuts
        return
    assert cuts
    assert plan.terms.annual_rate == cuts[0]


@given(small_loans(), st.integers(20, 100))
def test_the_least_forbearance_that_fits(source: Any, percent: int) -> None:
    schedule, at = source
    base = restructure(schedule, at=at)
    limit = (largest_installment(base) * percent / 100).quantize(Decimal("0.01"))
    assume(limit > 0 and not fits(base, limit))
    try:
        plan = affordable(
            schedule, limit, at=at, steps=["forbear_principal"], max_forbearance="100%"
        )
    except NoAffordablePlanError:
        return
    forborne = plan.terms.forborne
    assert fits(plan, limit)
    if forborne > Decimal("0.01"):
        # a cent less does not fit
        less = restructure(schedule, at=at, forbear=forborne - Decimal("0.01"))
        assert not fits(less, limit)


@given(small_loans(["annuity"]), st.integers(1, 480))
def test_no_payment_shock_keeps_the_last_installment_at_most_the_regular(
    source: Any, term: int
) -> None:
    schedule, at = source
    try:
        plain = restructure(schedule, at=at, term=term, reamortize=True)
        smooth = restructure(schedule, at=at, term=term, reamortize=True, no_payment_shock=True)
    except InvalidInputError:
        assume(False)
        raise
    assert smooth[-1].payment <= smooth.payment
    assert smooth.payment >= plain.payment
    assert smooth.principal == plain.principal
    assert len(smooth) <= len(plain)
    if plain[-1].payment <= plain.payment:  # no shock to avoid: the same plan
        assert smooth.installments == plain.installments


@given(
    statements(),
    st.sampled_from(["spread", "due", "capitalize", "defer"]),
    st.integers(20, 100),
    st.integers(1, 36),
)
def test_the_least_term_that_fits_an_account_in_arrears(
    account: Any, treatment: str, percent: int, extra: int
) -> None:
    # the arrears spread, due now or deferred put other amounts in the rows: the
    # search's runs of equal level must hold them too
    assume(account.outstanding_principal > 0)
    options: Any = {"interest": treatment, "penalty": treatment, "fees": treatment}
    try:
        base = restructure(account, reamortize=True, **options)
    except InvalidInputError:
        assume(False)
        raise
    limit = (largest_installment(base) * percent / 100).quantize(Decimal("0.01"))
    assume(limit > 0 and not fits(base, limit))
    longest = base.terms.term + extra
    candidates = []
    for n in range(base.terms.term + 1, longest + 1):
        try:
            candidate = restructure(account, reamortize=True, term=n, **options)
        except InvalidInputError:
            continue
        if fits(candidate, limit):
            candidates.append(n)
    try:
        plan = affordable(
            account, limit, max_term=longest, steps=["extend_term"], reamortize=True, **options
        )
    except (NoAffordablePlanError, InvalidInputError):
        assert not candidates
        return
    assert plan.terms.term == min(candidates)


@st.composite
def small_arrears(draw: st.DrawFn) -> Any:
    """An account that owes a few cents to a few units of interest and penalty: nothing
    paid since it started."""
    from datetime import timedelta

    from reschedule import PenaltyPolicy, statement

    term = draw(st.integers(3, 12))
    schedule = amortize(
        Loan(
            Decimal(draw(st.integers(100 * term, 30_000))).scaleb(-2),
            Decimal(draw(st.integers(1, 1000))).scaleb(-4),
            term,
            draw(st.dates(date(2000, 1, 1), date(2040, 1, 1))),
        )
    )
    as_of = schedule[1].due_date + timedelta(days=draw(st.integers(0, 40)))
    return statement(schedule, [], as_of, penalty=PenaltyPolicy.chinese_bank())


@given(small_arrears(), st.sampled_from(["interest", "penalty"]), st.integers(1, 99))
def test_the_least_waiver_that_fits(account: Any, name: str, percent: int) -> None:
    # exhaustive over every cent that may be waived
    base = restructure(account, interest="spread", penalty="spread", fees="spread", term=6)
    owed = getattr(base.owed, name)
    assume(owed > 0)
    limit = (largest_installment(base) * percent / 100).quantize(Decimal("0.01"))
    assume(limit > 0 and not fits(base, limit))
    step = "waive_interest" if name == "interest" else "waive_penalty"
    least = next(
        (
            k
            for k in range(1, int(owed * 100) + 1)
            if fits(restructure(base, waive={name: Decimal(k).scaleb(-2)}), limit)
        ),
        None,
    )
    try:
        plan = affordable(base, limit, steps=[step])
    except NoAffordablePlanError:
        assert least is None
        return
    assert least is not None
    assert getattr(plan.waived, name) == Decimal(least).scaleb(-2)


@st.composite
def tiny_loans(draw: st.DrawFn) -> Any:
    """Loans of a few units, so that every cent of principal can be tried."""
    term = draw(st.integers(2, 4))
    schedule = amortize(
        Loan(
            Decimal(draw(st.integers(100 * term, 400))).scaleb(-2),
            Decimal(draw(st.integers(0, 3600))).scaleb(-4),
            term,
            draw(st.dates(date(2000, 1, 1), date(2040, 1, 1))),
            method=draw(st.sampled_from(METHODS)),
            day_count=draw(st.sampled_from(DAY_COUNTS)),
        )
    )
    return schedule, draw(st.integers(1, term))


@given(tiny_loans(), st.integers(20, 100))
def test_the_least_forbearance_that_fits_exhaustively(source: Any, percent: int) -> None:
    # every cent that may be forborne, tried in order: the least that fits is the
    # one affordable returns (the largest installment is not monotone in it: the last
    # installment takes the rounding residual and the forborne amount's remainder)
    schedule, at = source
    base = restructure(schedule, at=at)
    limit = (largest_installment(base) * percent / 100).quantize(Decimal("0.01"))
    assume(limit > 0 and not fits(base, limit))
    room = int(base.principal * 100) - 1  # never all the new principal
    least = next(
        (
            k
            for k in range(1, room + 1)
            if fits(restructure(schedule, at=at, forbear=Decimal(k).scaleb(-2)), limit)
        ),
        None,
    )
    try:
        plan = affordable(
            schedule, limit, at=at, steps=["forbear_principal"], max_forbearance="100%"
        )
    except NoAffordablePlanError:
        assert least is None
        return
    assert least is not None
    assert plan.terms.forborne == Decimal(least).scaleb(-2)
