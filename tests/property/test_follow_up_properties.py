"""Invariants of the follow-up: a plan paid as agreed is never broken, what is reinstated
is what was waived on condition, money is conserved across the break, and once broken
a plan stays broken."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from reschedule import (
    BreakRule,
    Components,
    Loan,
    Payment,
    PenaltyPolicy,
    Plan,
    PlanStatus,
    accrued_current_interest,
    amortize,
    extend,
    follow_up,
    freeze,
    reage,
    statement,
    waive,
)


@st.composite
def agreed(draw: st.DrawFn) -> Plan:
    """An overdue account, a conditional waiver and a plan made of it."""
    term = draw(st.integers(3, 36))
    loan = Loan(
        Decimal(draw(st.integers(100 * term, 5_000_000))).scaleb(-2) * 100,
        Decimal(draw(st.integers(0, 3600))).scaleb(-4),
        term,
        draw(st.dates(date(2015, 1, 1), date(2035, 1, 1))),
        day_count="ACT/360",
    )
    schedule = amortize(loan)
    paid_rows = draw(st.integers(0, term - 2))
    missed = draw(st.integers(1, term - paid_rows - 1))
    as_of = schedule[paid_rows + missed - 1].due_date + timedelta(days=draw(st.integers(1, 25)))
    account = statement(
        schedule,
        [Payment(row.due_date, row.payment) for row in schedule[:paid_rows]],
        as_of,
        penalty=PenaltyPolicy.chinese_bank(),
    )
    share = draw(st.sampled_from(["all", "50%", "10%"]))
    waived = waive(account, penalty="all", interest=share, conditional=True)
    kind = draw(st.sampled_from(["freeze", "reage", "extend"]))
    if kind == "freeze":
        return freeze(waived, draw(st.integers(1, 36)))
    if kind == "reage":
        return reage(waived, draw(st.integers(1, 36)))
    return extend(waived, draw(st.integers(1, 12)), interest="spread", penalty="spread")


def payments_for(plan: Plan, pattern: list[int]) -> list[Payment]:
    """Each installment paid `pattern[k]` days after its due date, or missed (-1)."""
    paid = []
    for row, delay in zip(plan, pattern, strict=False):
        if delay >= 0 and row.payment:
            paid.append(Payment(row.due_date + timedelta(days=delay), row.payment))
    return paid


def day_in(plan: Plan, offset: int) -> date:
    return plan.terms.start + timedelta(
        days=offset % ((plan.maturity - plan.terms.start).days + 60)
    )


@given(agreed(), st.integers(0, 10**6))
def test_a_plan_paid_as_agreed_is_never_broken(plan: Plan, offset: int) -> None:
    paid = payments_for(plan, [0] * len(plan))
    result = follow_up(plan, paid, day_in(plan, offset), rule=BreakRule.strict())
    assert result.status in (PlanStatus.HONOURED, PlanStatus.COMPLETED)
    assert result.reinstated.total == 0
    assert result.missed == 0
    assert result.late == 0
    end = follow_up(plan, paid, plan.maturity, rule=BreakRule.strict())
    assert end.status is PlanStatus.COMPLETED
    assert end.waiver_final
    assert end.owed.total == 0
    assert end.waived == plan.waived


@given(agreed(), st.lists(st.sampled_from([-1, 0, 0, 3, 20, 45]), max_size=40), st.integers())
def test_reinstated_is_the_conditional_waiver_and_money_is_conserved(
    plan: Plan, pattern: list[int], offset: int
) -> None:
    day = day_in(plan, offset)
    result = follow_up(plan, payments_for(plan, pattern), day)
    replay = result.statement
    if result.status is PlanStatus.BROKEN:
        assert result.reinstated == plan.conditional_waiver
        assert result.due_now == result.owed
        assert result.waived == Components()
    else:
        assert result.reinstated == Components()
        assert result.waived == plan.waived
    # what is owed after the follow-up: what the plan still owes (its payoff, which
    # holds the arrears its rows not yet due repay: spread and deferred), the current
    # period's interest accrued to the day, and what came back
    accrued = accrued_current_interest(replay)
    assert result.owed.total == replay.payoff + accrued + result.reinstated.total
    for name in Components.NAMES:
        assert getattr(result.owed, name) >= getattr(result.reinstated, name)


@given(agreed(), st.lists(st.sampled_from([-1, 0, 10]), max_size=40), st.integers())
def test_interest_free_plans_owe_what_was_owed_less_what_was_paid(
    plan: Plan, pattern: list[int], offset: int
) -> None:
    """Across the break nothing is created or lost: at a zero rate and without penalty,
    a broken plan leaves owed what the account owed when the plan was agreed, less the
    down payment and the payments applied; a standing one, less the waiver too."""
    if plan.terms.annual_rate != 0:
        plan = freeze(plan.origin, len(plan))  # type: ignore[arg-type]
        plan = waive(plan, penalty="all", conditional=True)
    result = follow_up(plan, payments_for(plan, pattern), day_in(plan, offset))
    applied = result.paid - result.statement.credit
    expected = plan.owed.total - plan.down_payment - applied
    if result.status is not PlanStatus.BROKEN:
        expected -= plan.waived.total
    assert result.owed.total == expected


@given(agreed(), st.lists(st.sampled_from([-1, 0, 40]), max_size=40), st.integers(), st.integers())
def test_once_broken_always_broken_from_the_same_day(
    plan: Plan, pattern: list[int], first: int, second: int
) -> None:
    paid = payments_for(plan, pattern)
    early, late = sorted((day_in(plan, first), day_in(plan, second)))
    before = follow_up(plan, paid, early)
    after = follow_up(plan, paid, late)
    if before.status is PlanStatus.BROKEN:
        assert after.status is PlanStatus.BROKEN
        assert after.broken_on == before.broken_on
    if after.broken_on is not None and after.broken_on <= early:
        assert before.broken_on == after.broken_on
