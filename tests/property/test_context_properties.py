"""Results never depend on the caller's decimal context.

The whole public API runs twice on the same generated account: once under the
default context and once under ``localcontext(prec=3)`` with the Rounded
signal trapped, so that any operation that still goes through the ambient
context raises instead of quietly rounding. The two runs must give the same
figures, to the cent, through the JSON encoding that carries every figure.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal, Rounded, localcontext
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reschedule import (
    DayCount,
    InvalidInputError,
    Loan,
    Method,
    NoAffordablePlanError,
    Payment,
    PenaltyPolicy,
    affordable,
    amortize,
    apr,
    compare,
    defer,
    extend,
    freeze,
    from_dict,
    irr,
    npv,
    reage,
    restructure,
    settle,
    solve_payment,
    solve_rate,
    solve_term,
    statement,
    to_dict,
    waive,
    xirr,
    xnpv,
)


@st.composite
def accounts(draw: st.DrawFn) -> dict[str, Any]:
    """A loan of six- to nine-digit amounts, some payments, a statement day."""
    term = draw(st.integers(3, 60))
    principal = Decimal(draw(st.integers(10**7, 10**11))).scaleb(-2)
    rate = Decimal(draw(st.integers(1, 3600))).scaleb(-4)
    start = draw(st.dates(date(2000, 1, 1), date(2060, 1, 1)))
    method = draw(st.sampled_from([Method.ANNUITY, Method.EQUAL_PRINCIPAL, Method.FLAT]))
    day_count = draw(st.sampled_from(list(DayCount)))
    paid = draw(st.integers(0, term - 1))
    shares = draw(st.lists(st.integers(1, 100), min_size=paid, max_size=paid))
    late = draw(st.integers(0, 40))
    as_of = draw(st.integers(1, 3 * term)) * 30
    penalty = draw(st.sampled_from(["chinese_bank", "us_mortgage", "none"]))
    return {
        "loan": Loan(principal, rate, term, start, method=method, day_count=day_count),
        "shares": shares,
        "late": late,
        "as_of": start + timedelta(days=as_of),
        "penalty": penalty,
    }


def _run(case: dict[str, Any]) -> list[Any]:
    """Every public operation on the account, each answer as exact JSON text."""
    loan: Loan = case["loan"]
    schedule = amortize(loan)
    payments = [
        Payment(
            row.due_date + timedelta(days=case["late"]),
            loan.rounding.from_units(loan.rounding.to_units(row.payment, "payment") * share // 100),
        )
        for row, share in zip(schedule, case["shares"], strict=False)
    ]
    policy = getattr(PenaltyPolicy, case["penalty"], None)
    account = statement(
        schedule, payments, case["as_of"], **({"penalty": policy()} if policy else {})
    )
    flows = schedule.cash_flows()
    amounts = [str(amount) for _, amount in flows]
    operations: list[Callable[[], Any]] = [
        lambda: schedule,
        lambda: account,
        lambda: freeze(account, 24),
        lambda: settle(account, discount="0.3"),
        lambda: extend(account, 12),
        lambda: waive(account, interest="50%", penalty="all"),
        lambda: defer(account, 3),
        lambda: reage(account, 30),
        lambda: restructure(account, term=48, interest="spread", penalty="defer"),
        lambda: restructure(account, holiday=2, down_payment="333.33"),
        lambda: affordable(account, schedule.payment),
        lambda: compare({"freeze": freeze(account, 24), "extend": extend(account, 12)}),
        lambda: apr(schedule),
        lambda: irr(amounts),
        lambda: npv("0.01", amounts),
        lambda: xirr(flows),
        lambda: xnpv("0.07", flows),
        lambda: solve_payment(loan.principal, loan.annual_rate, loan.term),
        lambda: solve_term(loan.principal, loan.annual_rate, schedule.payment),
        lambda: solve_rate(loan.principal, loan.term, schedule.payment),
        lambda: str(account),
        lambda: str(extend(account, 12)),
        lambda: from_dict("plan", to_dict(freeze(account, 24))),
    ]
    answers: list[Any] = []
    for operation in operations:
        try:
            result = operation()
        except (InvalidInputError, NoAffordablePlanError) as error:
            answers.append(f"{type(error).__name__}: {error}")
            continue
        if isinstance(result, Decimal | str | int):
            answers.append(str(result))
        else:
            answers.append(json.dumps(to_dict(result), sort_keys=True, default=str))
    return answers


@settings(max_examples=10)
@given(accounts())
def test_the_callers_decimal_context_changes_nothing(case: dict[str, Any]) -> None:
    expected = _run(case)
    with localcontext() as context:
        context.prec = 3
        context.traps[Rounded] = True  # a rounding through the ambient context raises
        assert _run(case) == expected
