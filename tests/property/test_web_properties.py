"""The negotiator's page is a client of the library: whatever offers are added, the
table its server answers is the library's own table of the same offers, computed by
calling the library directly, and an offer the library refuses is refused the same."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reschedule import (
    Loan,
    Payment,
    Plan,
    RescheduleError,
    Statement,
    affordable_for_income,
    amortize,
    compare,
    extend,
    freeze,
    reage,
    restructure,
    settle,
    statement,
    waive,
)
from reschedule.surfaces import to_html
from reschedule.surfaces._web import _compare
from reschedule.surfaces.cli import _answer

LOAN = {"principal": "24000", "annual_rate": "0.12", "term": 12, "start": "2025-01-10"}
AS_OF = "2025-06-20"


def _account() -> Statement:
    schedule = amortize(Loan("24000", "0.12", 12, "2025-01-10"))
    return statement(schedule, [Payment("2025-02-10", "2132.37")], AS_OF)  # one installment paid


# (the page's steps, the same offer as a direct call of the library)
Offer = tuple[list[dict[str, Any]], Callable[[Statement], Plan]]


@st.composite
def offers(draw: st.DrawFn) -> Offer:
    kind = draw(st.sampled_from(["extend", "holiday", "waive", "freeze", "settle", "affordable"]))
    n = draw(st.integers(1, 36))
    if kind == "extend":
        return (
            [{"operation": "extend", "periods": n, "interest": "spread", "penalty": "spread"}],
            lambda a: extend(a, n, interest="spread", penalty="spread"),
        )
    if kind == "holiday":
        months = min(n, 6)
        steps = {"holiday": months, "interest": "capitalize", "penalty": "capitalize"}
        return (
            [{"operation": "restructure", **steps}],
            lambda a: restructure(a, holiday=months, interest="capitalize", penalty="capitalize"),
        )
    if kind == "waive":
        return (
            [
                {"operation": "waive", "penalty": "all", "conditional": True},
                {"operation": "reage", "installments": n},
            ],
            lambda a: reage(waive(a, penalty="all", conditional=True), n),
        )
    if kind == "freeze":
        return [{"operation": "freeze", "term": n}], lambda a: freeze(a, term=n)
    if kind == "settle":
        discount = f"{draw(st.integers(0, 60))}%"
        installments = min(n, 6)
        return (
            [{"operation": "settle", "discount": discount, "installments": installments}],
            lambda a: settle(a, discount=discount, installments=installments),
        )
    income = str(draw(st.integers(1000, 20000)))
    return (
        [{"operation": "affordable", "income": income, "ratio": "0.4", "other_debts": "0"}],
        lambda a: affordable_for_income(a, income, ratio="0.4", other_debts="0"),
    )


@settings(max_examples=15)
@given(chosen=st.lists(offers(), min_size=1, max_size=3), labels=st.sampled_from(["en", "zh"]))
def test_the_page_table_is_the_library_table(chosen: list[Offer], labels: str) -> None:
    account = _account()
    options = [{"name": "as it stands", "steps": [{"operation": "restructure"}]}]
    options += [{"name": f"offer {k}", "steps": steps} for k, (steps, _) in enumerate(chosen)]
    request = {
        "loan": LOAN,
        "payments": [{"date": "2025-02-10", "amount": "2132.37"}],
        "as_of": AS_OF,
        "options": options,
        "compare": {"discount_rate": "0.08"},
    }
    try:
        plans = {"as it stands": restructure(account)}
        plans |= {f"offer {k}": offer(account) for k, (_, offer) in enumerate(chosen)}
        expected = compare(plans, discount_rate="0.08")
    except RescheduleError as error:
        with pytest.raises(type(error)):
            _compare(_answer, request, labels)
        return
    answer = _compare(_answer, request, labels)
    assert answer["html"] == to_html(expected, labels=labels)
    assert answer["names"] == list(plans)
