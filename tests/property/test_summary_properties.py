"""A statement's summary, however it is made, is the statement's own.

`statement_summary` (the figures alone, for a batch of accounts) gives every
summary attribute of `statement`, to the same digits; and the summary, made
from sums over the replay's columns, agrees with the statement's rows, which
are made apart from it, installment by installment.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given

from reschedule.servicing import Statement, StatementSummary, statement_summary
from tests.property.test_servicing_properties import cases, run

ZERO = Decimal(0)


def summary(case: dict[str, Any]) -> StatementSummary:
    return statement_summary(
        case["schedule"],
        case["payments"],
        case["as_of"],
        penalty=case["penalty"],
        allocation=case["allocation"],
        interest_accrual=case["interest_accrual"],
    )


@given(cases())
def test_the_summary_alone_is_the_statements(case: dict[str, Any]) -> None:
    figures = summary(case)
    s = run(case)
    for name, value in figures._asdict().items():
        # the same value, written the same way (a Decimal's exponent included)
        assert repr(value) == repr(getattr(s, name)), name


def _sum(values: Any) -> Decimal:
    return sum(values, ZERO)


@given(cases())
def test_the_summary_agrees_with_the_rows(case: dict[str, Any]) -> None:
    s: Statement = run(case)
    rows = s.installments
    due = [row for row in rows if row.due_date <= s.as_of]
    later = [row for row in rows if row.due_date > s.as_of]
    for component in ("principal", "interest", "fees", "penalty"):
        owed = _sum(getattr(row.outstanding, component) for row in due)
        assert getattr(s.arrears, component) == owed, component
    assert s.principal_not_due == _sum(row.outstanding.principal for row in later)
    assert s.days_past_due == max((row.days_past_due for row in rows), default=0)
    assert s.penalty_charged == _sum(row.due.penalty for row in rows)
    assert s.penalty_parts_charged.penalty_interest == _sum(
        row.penalty_parts.penalty_interest for row in rows
    )
    assert s.penalty_arrears.penalty_interest == _sum(
        row.penalty_parts_outstanding.penalty_interest for row in due
    )
    fees_not_due = _sum(row.outstanding.fees for row in later)
    assert s.payoff == s.arrears.total + s.principal_not_due + fees_not_due + s.accrued_interest
    assert s.total_paid == _sum(payment.amount for payment in s.payments)
