"""Nothing owed disappears: what an account owes on the restructuring day (principal,
interest accrued to that day, penalty, fees) equals what the new plan finances, plus
what is paid down, plus what is waived, by component, to the cent, for every
operation and chains of them; and the plan's rows carry every part of it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from reschedule import (
    Components,
    ConvergenceError,
    InvalidInputError,
    NoAffordablePlanError,
    Plan,
    Treatment,
    affordable,
    affordable_for_income,
    defer,
    extend,
    extend_and_waive,
    freeze,
    keep_installment,
    largest_installment,
    reage,
    reamortize,
    restructure,
    settle,
    spread_arrears,
    waive,
)
from reschedule.negotiation._restructure import _as_scheduled
from tests.property.test_restructure_properties import TREATMENTS, statements

BUCKETS = ("waived", "paid_down", "amortized", "due", "spread", "deferred")


def assert_conserved(plan: Plan) -> None:
    """owed = waived + paid down + amortised + due + spread + deferred, by component."""
    new = Treatment.DEFER, Treatment.WAIVE  # a holiday's deferred or waived interest is new
    holiday = plan.holiday_interest if plan.terms.holiday_interest in new else Decimal(0)
    for name in Components.NAMES:
        owed = getattr(plan.owed, name) + (holiday if name == "interest" else 0)
        parts = [getattr(getattr(plan, bucket), name) for bucket in BUCKETS]
        assert owed == sum(parts), (name, owed, dict(zip(BUCKETS, parts, strict=True)))
    # the rows repay the principal, and carry the streams
    assert sum(row.principal for row in plan) == plan.principal
    assert plan[-1].closing_balance == 0
    streams = plan.spread.total + plan.due.total + plan.deferred.total - plan.due.principal
    contract_fees = sum(row.fee for row in plan) - streams
    assert contract_fees >= 0
    # each row's other amount, by component: the parts sum to it, and to the streams
    parts = plan.other_amounts()
    assert [part.total for part in parts] == [row.fee for row in plan]
    # a plan that keeps the contract's rows keeps their own streams too (a plan's
    # statement restructured again), each under its component
    kept = plan.position.carried if _as_scheduled(plan.position, plan.terms) else Components()
    streams_by_component = plan.spread + plan.due + plan.deferred + kept
    total = sum(parts, Components())
    for name in ("interest", "penalty", "fees"):
        assert getattr(total, name) == getattr(streams_by_component, name), name
    # forborne or spread principal with its rows' other amounts (due principal is in the
    # principal column)
    assert total.principal == (plan.spread + plan.deferred + kept).principal
    # what is spread is spread component by component, in equal parts but the last
    if plan.spread.total and plan.table.parts is not None:
        for name in Components.NAMES:
            shares = {getattr(part, name) for part in parts[1:-1] if getattr(part, name)}
            assert len(shares) <= 2, (name, shares)  # the equal part (and a due row's)
    # every payment: what was financed, and the interest the plan charges on it
    assert plan.total_paid == plan.down_payment + sum(row.payment for row in plan)


def operation(account: Any, draw: st.DrawFn) -> Plan:
    """One operation, any of them, with options drawn at random."""
    kind = draw(st.sampled_from(
        ["restructure", "extend", "defer", "waive", "reage", "reamortize", "freeze", "settle",
         "spread_arrears", "keep_installment", "extend_and_waive", "affordable"]
    ))  # fmt: skip
    if kind in OFFERS:
        return OFFERS[kind](account, draw)
    if kind == "restructure":
        options: dict[str, Any] = {}
        for name in ("interest", "penalty", "fees"):
            if draw(st.booleans()):
                options[name] = draw(st.sampled_from(TREATMENTS))
        if draw(st.booleans()):
            options["term"] = draw(st.integers(1, 60))
        if draw(st.booleans()):
            options["annual_rate"] = Decimal(draw(st.integers(0, 3000))).scaleb(-4)
        if draw(st.booleans()):
            options["waive"] = {
                draw(st.sampled_from(Components.NAMES)): f"{draw(st.integers(0, 100))}%"
            }
        return restructure(account, **options)
    if kind == "extend":
        return extend(account, draw(st.integers(1, 24)), interest=draw(st.sampled_from(TREATMENTS)))
    if kind == "defer":
        return defer(account, draw(st.integers(1, 6)),
                     interest=draw(st.sampled_from(["capitalize", "defer", "waive"])))  # fmt: skip
    if kind == "waive":
        name = draw(st.sampled_from(["interest", "penalty", "fees"]))
        return waive(account, **{name: f"{draw(st.integers(0, 100))}%"})
    if kind == "reage":
        return reage(account, draw(st.integers(1, 60)))
    if kind == "reamortize":
        return reamortize(account)
    if kind == "freeze":
        return freeze(account, draw(st.integers(1, 60)))
    return settle(account, discount=f"{draw(st.integers(0, 99))}%",
                  installments=draw(st.integers(1, 6)))  # fmt: skip


def _affordable(account: Any, draw: st.DrawFn) -> Plan:
    """The least concession for a limit below the account's largest installment as it
    stands (or for an income: the same search)."""
    base = largest_installment(restructure(account))
    limit = max(Decimal("0.01"), (base * draw(st.integers(5, 100)) / 100).quantize(Decimal("0.01")))
    if draw(st.booleans()):
        return affordable(account, limit)
    return affordable_for_income(account, limit / Decimal("0.4"), ratio="40%")


OFFERS: dict[str, Any] = {
    "spread_arrears": lambda account, draw: spread_arrears(account, draw(st.integers(1, 6))),
    "keep_installment": lambda account, draw: keep_installment(account),
    "extend_and_waive": lambda account, draw: extend_and_waive(
        account, draw(st.integers(1, 12)), interest=f"{draw(st.integers(0, 100))}%",
        penalty=draw(st.sampled_from(TREATMENTS)),
    ),
    "affordable": _affordable,
}  # fmt: skip
"""The offers of the practice, each a composition of the operations: they conserve what
is owed as the operations do."""


def attempt(account: Any, draw: st.DrawFn) -> Plan:
    try:
        return operation(account, draw)
    except (NoAffordablePlanError, ConvergenceError):
        # an offer this account cannot take: no plan within the limits, or an
        # installment kept that never repays what is owed
        assume(False)
        raise
    except InvalidInputError as error:
        # an offer's own refusal: arrears spread over more installments than are left
        assume("spread_over must be at most" not in str(error))
        # refused, rightly: nothing left to amortise, or nothing not yet due to extend
        assume("the new principal must be positive" not in str(error))
        assume("the loan has matured" not in str(error))
        raise


@given(statements(), st.data())
def test_every_operation_conserves_what_is_owed(account: Any, data: st.DataObject) -> None:
    assume(account.outstanding_principal > 0)
    plan = attempt(account, data.draw)
    assert_conserved(plan)


@given(statements(), st.data())
def test_chains_of_operations_conserve_what_is_owed(account: Any, data: st.DataObject) -> None:
    assume(account.outstanding_principal > 0)
    plan = attempt(account, data.draw)
    for _ in range(data.draw(st.integers(1, 3))):
        plan = attempt(plan, data.draw)
        assert_conserved(plan)


@given(statements(), st.sampled_from(TREATMENTS), st.sampled_from(TREATMENTS))
def test_as_it_stands_keeps_the_contract(account: Any, interest: str, penalty: str) -> None:
    assume(account.outstanding_principal > 0)
    plan = restructure(account)
    future = [row for row in account.installments if row.due_date > account.as_of]
    owing = [row for row in future if row.outstanding.total > 0]
    kept = plan.installments[-len(owing) :] if owing else ()
    for row, status in zip(kept, owing, strict=True):
        assert row.due_date == status.due_date
        assert row.principal == status.outstanding.principal
        assert row.interest == status.outstanding.interest
    assert plan.due.principal == account.arrears.principal
    assert_conserved(plan)


@given(statements(), st.data())
def test_restructuring_a_plan_again_conserves_its_streams(
    account: Any, data: st.DataObject
) -> None:
    """A plan that spreads, defers or forbears, serviced for a while, then restructured
    again: what its rows still owe besides their amortisation (by component) is owed,
    not dropped, and not all reported as fees."""
    from datetime import timedelta

    from reschedule import Payment, statement

    assume(account.outstanding_principal > 0)
    try:
        plan = restructure(
            account,
            term=data.draw(st.integers(2, 36)),
            interest=data.draw(st.sampled_from(["spread", "defer", "due"])),
            penalty=data.draw(st.sampled_from(["spread", "defer", "due"])),
            forbear=(account.outstanding_principal * data.draw(st.integers(0, 30)) / 100).quantize(
                Decimal("0.01")
            ),
        )
    except InvalidInputError as error:
        assume("the new principal must be positive" not in str(error))
        raise
    paid = data.draw(st.integers(0, len(plan)))
    payments = [Payment(row.due_date, row.payment) for row in plan[:paid] if row.payment > 0]
    day = plan[0].due_date + timedelta(days=data.draw(st.integers(0, 31 * len(plan))))
    later = statement(plan, payments, day)
    again = attempt(later, data.draw)
    assert_conserved(again)
    fees = sum(
        (status.outstanding.fees for status in later.installments if status.due_date <= day),
        Decimal(0),
    )
    assert again.owed.fees <= fees  # the streams' interest, penalty and principal are not fees


@given(statements(), st.data())
def test_restructuring_a_plan_during_its_holiday_conserves_what_is_owed(
    account: Any, data: st.DataObject
) -> None:
    """A plan with a payment holiday, stated during or after the holiday, then
    restructured: the offer finances what the statement says is owed (the principal
    owed on the day, not the interest holiday rows not yet due will add), and the
    account as it stands keeps the holiday rows, so that its statement is the plan's."""
    from datetime import timedelta

    from reschedule import Payment, statement

    assume(account.outstanding_principal > 0)
    try:
        plan = defer(
            account,
            data.draw(st.integers(1, 4)),
            interest=data.draw(st.sampled_from(["capitalize", "defer", "waive"])),
        )
    except InvalidInputError as error:
        assume("the new principal must be positive" not in str(error))
        assume("the loan has matured" not in str(error))
        raise
    paid = data.draw(st.integers(0, len(plan)))
    payments = [Payment(row.due_date, row.payment) for row in plan[:paid] if row.payment > 0]
    holiday_end = plan[plan.terms.holiday].due_date
    day = plan.table.starts[0] + timedelta(
        days=data.draw(st.integers(0, (holiday_end - plan.table.starts[0]).days + 62))
    )
    later = statement(plan, payments, day)
    assume(later.outstanding_principal > 0)
    as_it_stands = restructure(later)
    assert as_it_stands.principal == later.outstanding_principal  # the overdue part due now
    assert_conserved(as_it_stands)
    again = statement(as_it_stands, [], day)
    assert again.outstanding_principal == later.outstanding_principal
    assert again.payoff == later.payoff
    assert_conserved(attempt(later, data.draw))
