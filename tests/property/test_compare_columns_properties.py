"""A comparison read from the plans' columns of minor units is the comparison read
from their rows: the cash flows, every column, and the lender value summed in
floats (with its error bound) is the value summed exactly, to the cent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reschedule import (
    DayCount,
    Frequency,
    Loan,
    Method,
    Plan,
    Rounding,
    RoundingMode,
    Schedule,
    amortize,
    compare,
    defer,
    extend,
    reage,
    restructure,
    waive,
)
from reschedule.negotiation._compare import _lender_value
from reschedule.negotiation._discount import dated_value, round_rate

RATES = ["0", "0.10", "0.08", "-0.2", "5", "0.3333333333"]


def exact_value(
    down: Decimal, payments: list[int], days: list[int], rate: Decimal, rounding: Rounding
) -> Decimal:
    """The lender value as the rows give it: every amount a Decimal, summed exactly."""
    amounts = [down, *map(rounding.from_units, payments)]
    return rounding.round(round_rate(dated_value(amounts, days, 365, rate)))


@given(
    # installments, a few negative (a refund): the error bound's sum of sizes is
    # then not the sum
    st.lists(st.integers(0, 10**9) | st.integers(-(10**6), 0), min_size=1, max_size=80),
    st.lists(st.integers(0, 400), min_size=81, max_size=81),
    st.one_of(st.sampled_from(RATES), st.integers(-4000, 10**6).map(lambda n: f"{n}e-4")),
    st.integers(0, 3),
    st.sampled_from(list(RoundingMode)),
    st.integers(0, 10**7),
)
def test_the_lender_value_in_floats_is_the_exact_one(
    payments: list[int], gaps: list[int], rate: str, places: int, mode: RoundingMode, down: int
) -> None:
    """To the minor unit and its digits, whatever the rate, the rounding and the
    amounts (values that fall exactly on a unit, as at a rate of 0, included)."""
    rounding = Rounding(places, mode)
    days = [gaps[0]]
    for gap in gaps[1 : len(payments) + 1]:
        days.append(days[-1] + gap)
    money = rounding.from_units(down)
    got = _lender_value(money, payments, days, (Decimal(rate), float(Decimal(rate))), rounding)
    expected = exact_value(money, payments, days, Decimal(rate), rounding)
    assert got == expected
    assert str(got) == str(expected)


@st.composite
def plans(draw: st.DrawFn) -> dict[str, Schedule]:
    """A loan as it stands and a few offers made from it at some installment."""
    term = draw(st.integers(2, 72))
    loan = Loan(
        Decimal(draw(st.integers(1000 * term, 10**8))).scaleb(-2),
        Decimal(draw(st.integers(0, 3600))).scaleb(-4),
        term,
        draw(st.dates(date(2000, 1, 1), date(2060, 1, 1))),
        frequency=draw(st.sampled_from([Frequency.MONTHLY, Frequency.WEEKLY])),
        method=draw(st.sampled_from([Method.ANNUITY, Method.EQUAL_PRINCIPAL])),
        day_count=draw(st.sampled_from(list(DayCount))),
    )
    schedule = amortize(loan)
    at = draw(st.integers(1, term))
    offers: dict[str, Schedule] = {"as is": schedule}
    offers["extend"] = extend(schedule, draw(st.integers(1, 24)), at=at)
    offers["defer"] = defer(schedule, draw(st.integers(1, 6)), at=at, interest="defer")
    offers["reage"] = reage(schedule, draw(st.integers(1, 48)), at=at)
    offers["waive"] = waive(
        schedule, principal=f"{draw(st.integers(1, 60))}%", at=at, down_payment=1
    )
    offers["as it stands"] = restructure(schedule, at=at)
    return offers


def from_rows(plan: Schedule, rate: Decimal, valuation_date: date) -> dict[str, Any]:
    """The columns the comparison reads, as they follow from the plan's rows."""
    rows = plan.installments
    payments = [row.payment for row in rows]
    flows = plan.cash_flows()
    origin = valuation_date.toordinal()
    days = [flows[0][0].toordinal() - origin] + [row.due_date.toordinal() - origin for row in rows]
    down = getattr(plan, "down_payment", Decimal(0))
    rounding = plan.rounding
    amounts = [down, *payments]
    return {
        "payments": len(rows),
        "first_installment": payments[0],
        "largest_installment": max(payments),
        "last_due": rows[-1].due_date,
        "total_interest": rounding.from_units(
            sum(rounding.to_units(row.interest, "interest") for row in rows)
        ),
        "lender_value": rounding.round(round_rate(dated_value(amounts, days, 365, rate))),
        # what the plan itself says it asks in all (read from its columns' sums)
        "total_paid": plan.total_paid if isinstance(plan, Plan) else plan.total_payment,
    }


@given(plans(), st.sampled_from(["0", "0.10", "0.07"]))
def test_the_comparison_from_columns_is_the_comparison_from_rows(
    offers: dict[str, Schedule], rate: str
) -> None:
    """Each plan's cash flows are its rows' (the amount financed, then minus each
    payment), the comparison's valuation date the earliest of their first days,
    and every column of the comparison is what its rows give."""
    for plan in offers.values():
        if hasattr(plan, "terms"):
            rows_flows = [(row.due_date, -row.payment) for row in plan.installments]
            assert plan.cash_flows()[1:] == rows_flows
            assert [repr(flow) for flow in plan.cash_flows()[1:]] == [
                repr(flow) for flow in rows_flows
            ]
    table = compare(offers, discount_rate=rate)
    # the plans' starts, read without making their flows, are their first flows' days
    assert table.valuation_date == min(plan.cash_flows()[0][0] for plan in offers.values())
    for option in table:
        expected = from_rows(table.plan(option.name), Decimal(rate), table.valuation_date)
        got = {name: getattr(option, name) for name in expected}
        assert got == expected
        assert repr(got) == repr(expected)
