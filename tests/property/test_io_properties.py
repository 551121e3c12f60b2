"""Round trips: `from_dict(to_dict(x)) == x` for every loan, schedule and plan,
through JSON text too, and the dict form never holds a float."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reschedule import (
    InvalidInputError,
    Loan,
    Plan,
    Schedule,
    defer,
    extend,
    freeze,
    from_dict,
    from_json,
    reage,
    restructure,
    settle,
    to_dict,
    to_json,
    waive,
)
from tests.property.test_amortize_properties import loans, plan_of


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """A plan made by one to three operations on a schedule, from an installment."""
    schedule = plan_of(draw(loans()))
    assume(len(schedule) <= 120)
    at = draw(st.integers(1, len(schedule)))
    operations = [
        lambda source, first: extend(source, draw(st.integers(1, 24)), **first),
        lambda source, first: defer(
            source,
            draw(st.integers(1, 3)),
            interest=draw(st.sampled_from(["capitalize", "defer", "waive"])),
            **first,
        ),
        lambda source, first: waive(
            source, principal=draw(st.sampled_from(["1%", "10%", "0"])), **first
        ),
        lambda source, first: reage(source, draw(st.integers(1, 36)), **first),
        lambda source, first: freeze(source, draw(st.integers(1, 60)), **first),
        lambda source, first: restructure(source, annual_rate="0.05", **first),
    ]
    plan: Any = schedule
    for step in range(draw(st.integers(1, 3))):
        operation = draw(st.sampled_from(operations))
        try:
            plan = operation(plan, {"at": at} if step == 0 else {})
        except InvalidInputError:
            assume(False)
    if draw(st.booleans()):
        try:
            plan = settle(plan, discount=draw(st.sampled_from(["0%", "10%", "50%"])))
        except InvalidInputError:
            assume(False)
    assert isinstance(plan, Plan)
    return plan


def floats_in(value: Any) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(floats_in(item) for item in value.values())
    if isinstance(value, list):
        return any(floats_in(item) for item in value)
    return False


@settings(max_examples=50)
@given(loans())
def test_a_loan_round_trips(loan: Loan) -> None:
    data = to_dict(loan)
    assert from_dict(Loan, data) == loan
    assert from_json(Loan, json.dumps(data)) == loan
    assert not floats_in(data)


@settings(max_examples=30)
@given(loans())
def test_a_schedule_round_trips(loan: Loan) -> None:
    schedule = plan_of(loan)
    again = from_dict(Schedule, to_dict(schedule))
    assert again == schedule
    assert again.installments == schedule.installments
    assert from_json("schedule", to_json(schedule)) == schedule


@settings(max_examples=30)
@given(plans())
def test_a_plan_round_trips(plan: Plan) -> None:
    data = to_dict(plan)
    again = from_dict(Plan, data)
    assert again == plan
    assert again.installments == plan.installments
    assert again.history == plan.history
    assert to_dict(again) == data
    assert not floats_in(data)


@settings(max_examples=30)
@given(plans())
def test_the_totals_in_the_dict_are_the_rows_summed(plan: Plan) -> None:
    data = to_dict(plan)
    rows = data["installments"]
    for key, column in (("principal", "principal"), ("interest", "interest"), ("fees", "fee")):
        total = sum(Decimal(row[column]) for row in rows)
        assert Decimal(data["totals"][key]) == total
    assert Decimal(data["totals"]["payment"]) == sum(Decimal(row["payment"]) for row in rows)
