"""Statements through every surface: they round-trip through dicts and JSON, their
answers are valid documents, and their ledgers, in CSV and in frames, account for
every payment (money is conserved on the way out too)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from reschedule import (
    Allocation,
    Loan,
    Payment,
    PenaltyPolicy,
    Statement,
    amortize,
    from_dict,
    from_json,
    statement,
    to_dict,
    to_json,
)
from reschedule.surfaces import load, to_csv, to_html
from reschedule.surfaces.schemas import SCHEMA_VERSION

RESPONSE = jsonschema.Draft202012Validator(load("statement-response"))
POLICIES = [
    None,
    PenaltyPolicy.chinese_bank(),
    PenaltyPolicy(rate="0.18", grace_days=5),
    PenaltyPolicy.us_mortgage(),
]


@st.composite
def accounts(draw: st.DrawFn) -> Statement:
    """An account with a few payments, early, late, short or large, as of any day."""
    term = draw(st.integers(1, 36))
    loan = Loan(
        Decimal(draw(st.integers(100 * term, 10**7))).scaleb(-2),
        Decimal(draw(st.integers(0, 3000))).scaleb(-4),
        term,
        draw(st.dates(date(2000, 1, 1), date(2040, 12, 31))),
        method=draw(st.sampled_from(["annuity", "equal_principal", "flat"])),
        day_count=draw(st.sampled_from(["30/360 US", "ACT/360", "ACT/365F"])),
    )
    schedule = amortize(loan)
    span = (schedule.maturity - loan.start).days + 90
    payment_units = int(schedule.payment * 100)
    payments = [
        Payment(
            loan.start + timedelta(days=draw(st.integers(0, span))),
            Decimal(draw(st.integers(1, 2 * payment_units + 1))).scaleb(-2),
        )
        for _ in range(draw(st.integers(0, 6)))
    ]
    as_of = loan.start + timedelta(days=draw(st.integers(0, span)))
    return statement(
        schedule,
        payments,
        as_of,
        penalty=draw(st.sampled_from(POLICIES)),
        allocation=draw(
            st.sampled_from([Allocation.STANDARD, Allocation.VERTICAL, "principal_first"])
        ),
    )


@settings(max_examples=40)
@given(accounts())
def test_a_statement_round_trips(account: Statement) -> None:
    data = to_dict(account)
    assert from_dict(Statement, data) == account
    assert from_json("statement", to_json(account)) == account
    RESPONSE.validate({"schema_version": SCHEMA_VERSION, "statement": data})


@settings(max_examples=40)
@given(accounts())
def test_the_ledger_accounts_for_every_payment(account: Statement) -> None:
    rows = list(csv.DictReader(io.StringIO(to_csv(account, "ledger"))))
    assert sum((Decimal(row["amount"]) for row in rows), Decimal(0)) == account.total_paid
    frame = account.to_frame("ledger")
    assert sum(frame["amount"], Decimal(0)) == account.total_paid
    page = to_html(account)
    assert page.count("<tr>") == 2 + len(account.installments) + len(rows)
