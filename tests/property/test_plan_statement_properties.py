"""A statement of any plan, on any day, with any payments: no component of what is
owed is ever negative (a payment holiday's capitalised interest raises the balance; it
is not a negative principal arrear), and the statement's figures add up. No interest
is owed before its due date, and a holiday row's interest joins the principal owed on
the row's due date, not before (with daily accrual, the interest of the current period
to date is owed, a holiday row's too)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reschedule import (
    Allocation,
    InterestAccrual,
    InvalidInputError,
    Payment,
    PenaltyPolicy,
    Plan,
    defer,
    statement,
)
from reschedule.servicing._replay import Replay
from tests.property.test_conservation_properties import attempt
from tests.property.test_restructure_properties import statements
from tests.property.test_servicing_properties import allocations, policies


def plans(account: Any, draw: st.DrawFn) -> Plan:
    """Any operation, or (as often) a payment holiday whose interest is capitalised."""
    if draw(st.booleans()):
        return attempt(account, draw)
    try:
        return defer(account, draw(st.integers(1, 6)), interest="capitalize")
    except InvalidInputError:
        assume(False)
        raise


@given(statements(), st.data())
def test_no_component_of_a_plans_statement_is_ever_negative(
    account: Any, data: st.DataObject
) -> None:
    assume(account.outstanding_principal > 0)
    plan = plans(account, data.draw)
    payments = []
    for row in plan:
        kind = data.draw(st.sampled_from(["on time", "late", "partial", "missed"]))
        if kind == "missed" or row.payment <= 0:
            continue
        late = data.draw(st.integers(1, 60)) if kind == "late" else 0
        amount = row.payment if kind != "partial" else (row.payment / 2).quantize(Decimal("0.01"))
        if amount > 0:
            payments.append(Payment(row.due_date + timedelta(days=late), amount))
    as_of = plan.terms.start + timedelta(days=data.draw(st.integers(0, 31 * (len(plan) + 3))))
    penalty = data.draw(st.sampled_from([None, PenaltyPolicy.chinese_bank()]))
    account_now = statement(plan, payments, as_of, penalty=penalty)
    for row in account_now.installments:
        for amounts in (row.due, row.paid, row.outstanding):
            assert all(part >= 0 for part in amounts), (row.number, amounts)
    assert all(part >= 0 for part in account_now.arrears), account_now.arrears
    assert account_now.principal_not_due >= 0
    # the arrears the rows not yet due repay (their fees, interest and penalty; their
    # principal is in principal_not_due)
    carried = sum(
        (
            owed.total - owed.principal
            for row, owed in zip(account_now.installments, account_now.plan_arrears(), strict=True)
            if row.due_date > as_of
        ),
        Decimal(0),
    )
    assert account_now.payoff == (
        account_now.arrears.total
        + account_now.principal_not_due
        + carried
        + account_now.accrued_interest
    )
    # nothing the plan finances disappears: unpaid, its arrears are in the payoff; no
    # interest is owed before its due date (a holiday's capitalised interest included:
    # its row's negative principal and its interest cancel out in the sum of payments)
    if not payments and as_of < plan.first_due:
        assert account_now.payoff == plan.total_payment - sum(
            row.interest for row in plan if row.due_date > as_of
        )


@given(statements(), st.data())
def test_no_interest_is_owed_before_its_due_date(account: Any, data: st.DataObject) -> None:
    """Each installment due by the day is paid in full on its due date or not at all:
    what the payoff holds is everything the plan's rows ask for, but the interest of
    the rows not yet due (a holiday row's negative principal and its interest, which
    it adds to the balance on its due date, both left out: not yet owed), less what
    was paid, plus the penalty and late fees charged, plus the interest accrued to
    the day (daily accrual: at most the current row's interest, a holiday row's too)."""
    assume(account.outstanding_principal > 0)
    plan = plans(account, data.draw)
    as_of = plan.terms.start + timedelta(days=data.draw(st.integers(0, 31 * (len(plan) + 3))))
    payments = [
        Payment(row.due_date, row.payment)
        for row in plan
        if row.due_date <= as_of and row.payment > 0 and data.draw(st.booleans())
    ]
    penalty = data.draw(st.sampled_from([None, PenaltyPolicy.chinese_bank()]))
    accrual = data.draw(st.sampled_from(list(InterestAccrual)))
    s = statement(plan, payments, as_of, penalty=penalty, interest_accrual=accrual)
    later = [row for row in plan if row.due_date > as_of]
    assert s.payoff == (
        plan.total_payment
        - sum((row.interest for row in later), Decimal(0))
        - s.total_paid
        + s.penalty_charged
        + s.late_fees_charged
        + s.accrued_interest
    )
    assert s.credit == 0
    current = later[0].interest if later else Decimal(0)
    assert 0 <= s.accrued_interest <= current
    if accrual is InterestAccrual.ON_DUE_DATES:
        assert s.accrued_interest == 0


@st.composite
def holiday_cases(draw: st.DrawFn) -> dict[str, Any]:
    """A plan with a payment holiday whose interest is capitalised, payments on it
    (of its installments, of any amount, or large enough to pay it off, on any day),
    a policy, a rule, an accrual and a day."""
    account = draw(statements())
    assume(account.outstanding_principal > 0)
    try:
        plan = defer(account, draw(st.integers(1, 6)), interest="capitalize")
    except InvalidInputError:
        assume(False)
        raise
    start = plan.table.starts[0]
    days = (plan.maturity - start).days + 60
    payments = []
    for row in plan:
        kind = draw(st.sampled_from(["on time", "late", "missed", "any", "large"]))
        day = row.due_date + timedelta(days=draw(st.integers(1, 60)) if kind == "late" else 0)
        amount = row.payment
        if kind == "any" or kind == "large":
            day = start + timedelta(days=draw(st.integers(0, days)))
            most = int(row.payment * 200) + 1 if kind == "any" else int(plan.principal * 120)
            amount = Decimal(draw(st.integers(1, most))).scaleb(-2)
        if kind != "missed" and amount > 0:
            payments.append(Payment(day, amount))
    return {
        "schedule": plan,
        "payments": payments,
        "as_of": start + timedelta(days=draw(st.integers(0, days))),
        "penalty": draw(policies()),
        "allocation": draw(allocations()),
        "interest_accrual": draw(st.sampled_from(list(InterestAccrual))),
    }


def replay_of(
    case: dict[str, Any], kind: type[Replay] = Replay, allocation: Allocation | None = None
) -> Replay:
    """The replay `statement` makes of the case (with this kind of replay, and this
    allocation rather than the case's), before any payment."""
    return kind(
        case["schedule"],
        case["penalty"],
        allocation or case["allocation"],
        case["interest_accrual"] is InterestAccrual.DAILY,
        case["as_of"].toordinal(),
    )


def paying(case: dict[str, Any], replay: Replay) -> Iterator[None]:
    """Pay the case's payments up to its day into `replay` in date order, as
    `statement` does, yielding after each."""
    as_of = case["as_of"]
    payments = sorted(
        (payment for payment in case["payments"] if payment.date <= as_of),
        key=lambda payment: payment.date,
    )
    rounding = case["schedule"].rounding
    for index, payment in enumerate(payments):
        amount = rounding.to_units(payment.amount, "payment amount")
        replay.pay(index, payment.date.toordinal(), amount)
        yield


@settings(max_examples=40)
@given(holiday_cases())
def test_the_principal_owed_is_the_rows_principal_less_the_holidays_interest_ahead(
    case: dict[str, Any],
) -> None:
    """After every payment, the replay's principal owed is what its rows' principal
    asks for, but what the holiday rows not yet due will add to it; and what they will
    add is theirs (none once the plan is paid off or recomputed)."""
    replay = replay_of(case)
    for _ in paying(case, replay):
        assert replay.cap_ahead == sum(replay.cap[replay.due_count :])
        assert replay.outstanding >= 0
        if replay.ready == replay.n:  # (else the rows ahead are not yet recomputed)
            assert replay.outstanding == (sum(replay.p_due) - sum(replay.p_paid) - replay.cap_ahead)


@settings(max_examples=40)
@given(holiday_cases())
def test_paying_the_payoff_during_a_holiday_settles_the_plan(case: dict[str, Any]) -> None:
    """The payoff, paid on its day, settles the plan: it holds no interest a holiday row
    not yet due would add, and asks for nothing more."""
    s = statement(
        case["schedule"], case["payments"], case["as_of"], penalty=case["penalty"],
        allocation=case["allocation"], interest_accrual=case["interest_accrual"],
    )  # fmt: skip
    assume(s.payoff > 0)
    paid = [payment for payment in case["payments"] if payment.date <= s.as_of]
    settled = statement(
        case["schedule"], [*paid, Payment(s.as_of, s.payoff)], s.as_of,
        penalty=case["penalty"], allocation=case["allocation"],
        interest_accrual=case["interest_accrual"],
    )  # fmt: skip
    assert settled.payoff == 0
    assert settled.credit == s.credit
    assert settled.is_settled
