"""The vertical waterfall's queues give what the straightforward waterfall gives.

The straightforward version (the waterfall as it was): each component is paid
across the installments due, oldest first, each installment's charges brought
up to the day as the walk reaches it, until the payment is spent; principal
and interest, which do not grow, from a pointer past the installments that
owe none, but penalty and fees from the first open installment at every
payment. That costs installments × payments when payments are small and
charges grow; the replay's queues visit only the installments that owe
something or whose charges have grown. On small cases
of any loan, payments, penalty policy and allocation order, the two replays
must agree on every column.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reschedule import (
    Allocation,
    Component,
    Excess,
    InterestAccrual,
    Loan,
    Payment,
    PenaltyPolicy,
    Waterfall,
    amortize,
    statement,
)
from reschedule.servicing._replay import FEES, PENALTY, Replay, ReplayResult
from tests.property.test_plan_statement_properties import holiday_cases, paying, replay_of
from tests.property.test_servicing_properties import cases


class Straightforward(Replay):
    """The replay with the straightforward vertical waterfall (no queues)."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.queued = False
        self.simple = False  # every payment by `pay`'s steps, so by `_vertical` below

    def _vertical(self, payment: int, day: int, remaining: int) -> int:
        count, pen = self.due_count, self.penalty
        first = self.first_scheduled if self.scheduled_only else self.first_open
        starts = self.vertical_start
        touched: list[int] = []
        for component in self.order:
            if self.scheduled_only and component == PENALTY and not self.arrears:
                continue  # the first pass of charges_last pays scheduled amounts only
            # (and a plan's penalty arrears, which are scheduled: `owed` says so)
            # charges grow: their walk starts at the first open installment each time
            charged = pen is not None and component in (PENALTY, FEES)
            j = first if charged else max(first, starts[component])
            while j < count and remaining:
                if pen is not None:
                    self.bring_up(j, day)
                owed = self.owed(j, component)
                if owed > 0:
                    take = min(owed, remaining)
                    self._pay(j, component, take, payment, day)
                    touched.append(j)
                    remaining -= take
                j += 1
            if not charged:
                j = max(first, starts[component])
                while j < count and self.owed(j, component) <= 0:
                    j += 1
                starts[component] = j
            if not remaining:
                break
        for j in touched:
            self._mark_paid(j, day)
        return remaining


def replayed(case: dict[str, Any], kind: type[Replay]) -> ReplayResult:
    """The replay `statement` makes of the case, with this kind of replay."""
    rule: Allocation = case["allocation"]
    replay = replay_of(case, kind, Allocation(rule.order, Waterfall.VERTICAL, rule.excess))
    for _ in paying(case, replay):
        pass
    return replay.finish(case["as_of"].toordinal())


def capped_case() -> dict[str, Any]:
    """Two installments late on a day a payment brings both up, the loan's total
    penalty cap binding, charges paid last; the principal's pointer is past the
    first installment (it owes interest only), so a walk from that pointer would
    bring the second up first."""
    loan = Loan("13.00", "0.0616", 13, "2000-01-01", day_count="30/360 US", principal_grace=1)
    policy = PenaltyPolicy(
        rate="0.36", base="overdue_principal_and_interest", day_count="30/360 US",
        cap_total="0.01", charges_last=True,
    )  # fmt: skip
    order = (Component.PRINCIPAL, Component.INTEREST, Component.FEES, Component.PENALTY)
    return {
        "schedule": amortize(loan),
        "as_of": date(2000, 10, 3),
        "payments": [Payment("2000-02-17", "0.01"), Payment("2000-10-03", "0.01")],
        "penalty": policy,
        "allocation": Allocation(order, Waterfall.VERTICAL, Excess.REDUCE_TERM),
        "interest_accrual": InterestAccrual.ON_DUE_DATES,
    }


@given(cases())
def test_the_queues_give_what_the_straightforward_waterfall_gives(case: dict[str, Any]) -> None:
    assert replayed(case, Replay) == replayed(case, Straightforward)


@given(cases(), st.integers(2, 40))
def test_the_same_with_many_small_payments(case: dict[str, Any], pieces: int) -> None:
    """Each payment split into small ones on the same day and the next days, so
    that charges grow between them while most installments owe nothing new."""
    unit = case["schedule"].rounding.unit
    payments = []
    for payment in case["payments"]:
        share = max(unit, (payment.amount / pieces).quantize(unit))
        for index in range(pieces):
            payments.append(Payment(payment.date + timedelta(days=index // 4), share))
    case = {**case, "payments": payments}
    assert replayed(case, Replay) == replayed(case, Straightforward)


@settings(max_examples=40)
@given(holiday_cases())
def test_the_same_on_a_plan_with_a_payment_holiday(case: dict[str, Any]) -> None:
    """A holiday row adds its interest to the principal owed on its due date, as the
    straightforward waterfall's replay reads it."""
    assert replayed(case, Replay) == replayed(case, Straightforward)


def test_an_installment_paid_before_it_falls_due_is_not_walked() -> None:
    """Found by the property above: interest accrued daily and paid ahead of its due
    date (a prepayment that keeps the term) leaves the one installment due owing
    nothing; the waterfall does not walk it, so does not mark it paid on that day."""
    loan = Loan(
        "12.86", "0.0048", 2, "2000-01-01", method="balloon", day_count="30/360 US",
        amortization_term=3, principal_grace=1,
    )  # fmt: skip
    days = ["2000-01-30"] * 4 + ["2000-01-31"] * 4 + ["2000-02-01"]
    days += (["2000-01-01"] * 4 + ["2000-01-02"] * 4 + ["2000-01-03"]) * 4
    order = (Component.PRINCIPAL, Component.INTEREST, Component.FEES, Component.PENALTY)
    case = {
        "schedule": amortize(loan),
        "as_of": date(2000, 2, 1),
        "payments": [Payment(day, "0.01") for day in days],
        "penalty": None,
        "allocation": Allocation(order, Waterfall.VERTICAL, Excess.REDUCE_TERM),
        "interest_accrual": InterestAccrual.DAILY,
    }
    assert replayed(case, Replay) == replayed(case, Straightforward)


def test_a_binding_total_cap_goes_to_the_oldest_installment_first() -> None:
    """Installments brought up on one day take the loan's total cap oldest first,
    as the statement's queued waterfall does.

    Hand computation (30/360 US, 36% a year: 0.1% a day on the overdue principal
    and interest). The cap: 1% of 13.00 = 0.13. Installment 1 (due 2000-02-01,
    interest only) owes 0.07; 0.01 paid on 2000-02-17 leaves 0.06: 0.07 x 16 days
    + 0.06 x 226 days (2000-02-17 to 2000-10-03) = 14.68 cent-days x 0.1% =
    0.01468, so 0.01. Installment 2 (due 2000-03-01, 1.05 + 0.07) owes 1.12 for
    212 days: 0.237, so capped at the 0.13 - 0.01 = 0.12 left. The payment of
    2000-10-03 pays 0.01 of installment 2's principal (charges last: scheduled
    amounts first; installment 1 owes no principal).
    """
    case = capped_case()
    assert replayed(case, Replay).penalty_due[:3] == (1, 12, 0)
    account = statement(
        case["schedule"], case["payments"], case["as_of"], penalty=case["penalty"],
        allocation=case["allocation"],
    )  # fmt: skip
    assert [row.due.penalty for row in account.installments[:2]] == [
        Decimal("0.01"),
        Decimal("0.12"),
    ]
    assert account.penalty_charged == Decimal("0.13")


@pytest.mark.xfail(
    strict=True,
    reason="known bug: the straightforward walk brings installments up from each "
    "component's pointer, so the second before the first (0.00 and 0.13)",
)
def test_the_straightforward_walk_gives_a_binding_total_cap_oldest_first() -> None:
    """The same case (hand computation above): 0.01 and 0.12. The walk reaches the
    second installment first (the principal's pointer is past the first, which
    owes interest only) and gives it the whole cap. Bringing every installment up
    from the first open one fixes this case but makes the walk disagree with the
    queues on others (which installments a payment of 0.01 brings up), so the
    reference walk's rule is left to settle."""
    assert replayed(capped_case(), Straightforward).penalty_due[:3] == (1, 12, 0)
