"""A statement of any plan, on any day, with any payments: no component of what is
owed is ever negative (a payment holiday's capitalised interest raises the balance; it
is not a negative principal arrear), and the statement's figures add up."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from reschedule import InvalidInputError, Payment, PenaltyPolicy, Plan, defer, statement
from tests.property.test_conservation_properties import attempt
from tests.property.test_restructure_properties import statements


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
