"""Invariants of the offers: keeping the installment never asks more than it, repays
everything and takes no longer than needed; a conditional extension with a waiver
waives no more than the interest owed and never raises the installment."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from reschedule import (
    ConvergenceError,
    Loan,
    Payment,
    PenaltyPolicy,
    Statement,
    amortize,
    extend,
    extend_and_waive,
    keep_installment,
    statement,
)


@st.composite
def overdue(draw: st.DrawFn) -> Statement:
    term = draw(st.integers(3, 48))
    loan = Loan(
        Decimal(draw(st.integers(100 * term, 2_000_000))),
        Decimal(draw(st.integers(0, 3600))).scaleb(-4),
        term,
        draw(st.dates(date(2015, 1, 1), date(2035, 1, 1))),
        day_count="ACT/360",
    )
    schedule = amortize(loan)
    paid = draw(st.integers(0, term - 2))
    missed = draw(st.integers(1, term - paid - 1))
    day = schedule[paid + missed - 1].due_date
    return statement(
        schedule,
        [Payment(row.due_date, row.payment) for row in schedule[:paid]],
        day.fromordinal(day.toordinal() + draw(st.integers(1, 27))),
        penalty=PenaltyPolicy.chinese_bank(),
    )


@given(overdue(), st.sampled_from([None, "0.8", "1.5"]))
def test_keep_installment(account: Statement, factor: str | None) -> None:
    kept = account.schedule.payment
    if factor is not None:
        kept = (kept * Decimal(factor)).quantize(Decimal("0.01"))
    try:
        plan = keep_installment(account, payment=kept)
    except ConvergenceError:
        assume(False)
        return
    payments = [row.payment for row in plan]
    assert max(payments) <= kept
    assert all(payment == kept for payment in payments[:-1])
    assert sum(row.principal for row in plan) == plan.principal
    assert plan[-1].closing_balance == 0
    # no longer than needed: one installment fewer would not repay the balance
    assert (len(plan) - 1) * kept < plan.total_payment


@given(overdue(), st.integers(1, 12), st.sampled_from(["10%", "50%", "all"]))
def test_extend_and_waive(account: Statement, periods: int, share: str) -> None:
    plan = extend_and_waive(account, periods, interest=share)
    assert plan.waived.interest <= plan.owed.interest
    assert plan.conditional_waiver == plan.waived
    assert plan.payment <= extend(account, periods).payment
