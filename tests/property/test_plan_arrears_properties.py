"""A statement of a plan states the arrears the plan's rows repay under their own
components, and loses none of them.

A plan's rows repay, besides their amortisation, what was owed when it was made
(due now, spread, deferred: the table's parts, by component). For any plan made
by any operation on any account, any payments, penalty policy and allocation
rule, on any day: each row owes, of each component, at least its part of those
arrears; what is left of them (`Statement.plan_arrears`) is within what the row
owes, and what was paid of them within what the row was paid; the summary is
the rows' sum, the ledger the rows' payments, and the payoff holds the arrears
of the rows not yet due. The vertical waterfall's queues give what the
straightforward walk gives on plans too.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reschedule import (
    Amounts,
    Component,
    InterestAccrual,
    InvalidInputError,
    Payment,
    Plan,
    Statement,
    extend,
    freeze,
    restructure,
    statement,
)
from reschedule.servicing._replay import Replay
from tests.property.test_conservation_properties import attempt
from tests.property.test_plan_statement_properties import paying, replay_of
from tests.property.test_restructure_properties import TREATMENTS, statements
from tests.property.test_servicing_properties import allocations, policies
from tests.property.test_vertical_properties import Straightforward, replayed

ZERO = Decimal(0)


def plans(account: Statement, draw: st.DrawFn) -> Plan:
    """Any operation, or one whose rows surely repay arrears: extend, freeze, or a
    restructuring that spreads (over some rows) or defers what is in arrears."""
    kind = draw(st.sampled_from(["any", "extend", "freeze", "spread"]))
    try:
        if kind == "any":
            return attempt(account, draw)
        if kind == "extend":
            return extend(account, draw(st.integers(1, 24)), interest="spread")
        if kind == "freeze":
            return freeze(account, draw(st.integers(1, 60)))
        term = draw(st.integers(1, 36))
        return restructure(
            account,
            term=term,
            interest=draw(st.sampled_from(TREATMENTS)),
            penalty=draw(st.sampled_from(TREATMENTS)),
            fees=draw(st.sampled_from(TREATMENTS)),
            spread_over=draw(st.none() | st.integers(1, min(term, 12))),
        )
    except InvalidInputError as error:
        assume("the new principal must be positive" not in str(error))
        assume("the loan has matured" not in str(error))
        raise


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    """A plan, payments on it (of its installments or any amount), a policy, a rule
    and a day."""
    account = draw(statements())
    assume(account.outstanding_principal > 0)
    plan = plans(account, draw)
    start = plan.table.starts[0]
    days = (plan.maturity - start).days + 120
    payments = []
    for row in plan:
        kind = draw(st.sampled_from(["on time", "late", "partial", "missed", "any"]))
        if kind == "missed" or row.payment <= 0:
            continue
        day = row.due_date + timedelta(days=draw(st.integers(1, 60)) if kind == "late" else 0)
        amount = row.payment
        if kind == "partial":
            amount = (row.payment * draw(st.integers(1, 99)) / 100).quantize(Decimal("0.01"))
        elif kind == "any":
            day = start + timedelta(days=draw(st.integers(0, days)))
            amount = Decimal(draw(st.integers(1, 2 * int(row.payment * 100)))).scaleb(-2)
        if amount > 0:
            payments.append(Payment(day, amount))
    return {
        "schedule": plan,
        "payments": payments,
        "as_of": start + timedelta(days=draw(st.integers(0, days))),
        "penalty": draw(policies()),
        "allocation": draw(allocations()),
        "interest_accrual": draw(st.sampled_from(list(InterestAccrual))),
    }


def run(case: dict[str, Any]) -> Statement:
    return statement(
        case["schedule"],
        case["payments"],
        case["as_of"],
        penalty=case["penalty"],
        allocation=case["allocation"],
        interest_accrual=case["interest_accrual"],
    )


def total(amounts: list[Amounts]) -> Amounts:
    return sum(amounts, Amounts())


def capitalised_ahead(s: Statement) -> Decimal:
    """The interest the plan's holiday rows not yet due will add to the balance (a
    row of negative principal adds its interest, up to that principal, on its due
    date), in the principal of the later rows but not yet owed: none once the rows
    ahead owe no principal (paid off) or were recomputed (a principal prepayment)."""
    ahead = [row for row in s.installments if row.due_date > s.as_of]
    prepaid = any(line.installment is None for entry in s.ledger for line in entry.lines)
    if prepaid or not sum((row.outstanding.principal for row in ahead), ZERO):
        return ZERO
    plan = s.schedule
    return sum(
        (
            min(-plan[row.number - 1].principal, plan[row.number - 1].interest)
            for row in ahead
            if plan[row.number - 1].principal < 0
        ),
        ZERO,
    )


@settings(max_examples=60)
@given(cases())
def test_the_arrears_a_plan_repays_are_each_under_its_component(case: dict[str, Any]) -> None:
    plan: Plan = case["schedule"]
    s = run(case)
    as_of = s.as_of
    parts = plan.other_amounts()
    left = s.plan_arrears()
    assert len(left) == len(parts) == len(s.installments)
    for row, part, owed in zip(s.installments, parts, left, strict=True):
        for component in Component:
            # each row owes its part of the arrears under the part's component ...
            assert row.due.of(component) >= part.of(component), (row.number, component)
            # ... what is left of it is within what it owes, what was paid within its paid
            assert ZERO <= owed.of(component) <= row.outstanding.of(component)
            assert part.of(component) - owed.of(component) <= row.paid.of(component)
        assert owed.of(Component.PRINCIPAL) <= part.of(Component.PRINCIPAL)
        assert row.due == row.paid + row.outstanding
    # the summary is the rows' sum, component by component
    due = [row for row in s.installments if row.due_date <= as_of]
    ahead = [index for index, row in enumerate(s.installments) if row.due_date > as_of]
    assert s.arrears == total([row.outstanding for row in due])
    assert s.penalty_arrears.total == s.arrears.penalty
    assert s.penalty_parts_charged.total == s.penalty_charged
    # the principal the rows not yet due owe, but what holiday rows among them will add
    # to the balance (not yet owed: it joins the balance on each such row's due date)
    assert s.principal_not_due == sum(
        (s.installments[index].outstanding.principal for index in ahead), ZERO
    ) - capitalised_ahead(s)
    # the payoff holds the arrears the rows not yet due repay (their principal is in
    # principal_not_due)
    carried = total([left[index] for index in ahead])
    assert s.payoff == (
        s.arrears.total
        + s.principal_not_due
        + s.accrued_interest
        + carried.interest
        + carried.fees
        + carried.penalty
    )


@settings(max_examples=60)
@given(cases())
def test_no_money_is_lost_and_the_ledger_is_the_rows_payments(case: dict[str, Any]) -> None:
    s = run(case)
    allocated = ZERO
    by_row: dict[tuple[int | None, Component], Decimal] = {}
    for entry in s.ledger:
        assert entry.payment.amount == sum((line.amount for line in entry.lines), entry.credit)
        for line in entry.lines:
            assert line.amount > 0
            allocated += line.amount
            key = (line.installment, line.component)
            by_row[key] = by_row.get(key, ZERO) + line.amount
    assert s.total_paid == allocated + s.credit
    for row in s.installments:
        for component in Component:
            assert row.paid.of(component) == by_row.get((row.number, component), ZERO)
    # by component: what was paid is what the rows record, and the plan's arrears paid
    # and left add up to what its rows repay
    paid = total([row.paid for row in s.installments])
    prepaid = by_row.get((None, Component.PRINCIPAL), ZERO)
    assert paid.total + prepaid == allocated
    repaid = total(list(case["schedule"].other_amounts()))
    left = total(list(s.plan_arrears()))
    for component in Component:
        assert ZERO <= repaid.of(component) - left.of(component) <= paid.of(component)


@settings(max_examples=40)
@given(cases())
def test_paying_the_payoff_settles_the_plan_and_its_arrears(case: dict[str, Any]) -> None:
    s = run(case)
    assume(s.payoff > 0)
    settled = statement(
        case["schedule"],
        [*(payment for payment in case["payments"] if payment.date <= s.as_of),
         Payment(s.as_of, s.payoff)],
        s.as_of,
        penalty=case["penalty"],
        allocation=case["allocation"],
        interest_accrual=case["interest_accrual"],
    )  # fmt: skip
    assert settled.payoff == 0
    assert settled.credit == s.credit
    assert all(owed.total == 0 for owed in settled.plan_arrears())


@settings(max_examples=40)
@given(cases())
def test_the_vertical_queues_give_what_the_straightforward_walk_gives(
    case: dict[str, Any],
) -> None:
    assert replayed(case, Replay) == replayed(case, Straightforward)


@settings(max_examples=40)
@given(cases())
def test_the_arrears_ahead_are_kept_up_as_they_fall_due_and_are_paid(
    case: dict[str, Any],
) -> None:
    """The replay keeps what the installments not yet due owe of their scheduled fees
    and arrears (`fees_ahead`, read by every payment that pays ahead) as they fall
    due and are paid ahead: it is always their sum."""
    replay = replay_of(case)
    for _ in paying(case, replay):
        ahead = range(replay.due_count, replay.n)
        assert replay.fees_ahead == sum(map(replay.carried_unpaid, ahead))
