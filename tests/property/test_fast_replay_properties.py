"""The replay's inner loop, inlined, gives what its plain steps give.

The replay pays an installment (`_fill`) and a component across the
installments due (`_pay_in_turn`) with `_pay`'s bookkeeping written inline, and
an installment that owes no charges by a shorter path (in `_fill`, before
`_fill_charged`); it rounds a penalty with `apply_terms` written inline; the
horizontal waterfall skips `bring_up` of an installment within its grace; a
payment with at most one installment open, under simple settings, is paid by
`_pay_current` (`pay`'s steps with `fully_paid` and `_excess` inline); with actual
days, bringing an installment's penalty up keeps its accrual (`_post`). (The
vertical waterfall's own shortcuts have their property in
test_vertical_properties.py.) The plain
version below does each step by the methods it names, as the replay did
before: on any loan, payments, penalty policy, allocation rule and waterfall,
the two must agree on every column.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reschedule import Allocation, InterestAccrual, Waterfall
from reschedule.conventions import apply_terms
from reschedule.servicing._replay import (
    FEES,
    INTEREST,
    PENALTY,
    PRINCIPAL,
    CompiledPenalty,
    Replay,
    ReplayResult,
)
from tests.property.test_plan_statement_properties import holiday_cases
from tests.property.test_servicing_properties import cases


class Plain(Replay):
    """The replay with its inner steps made by the methods they name."""

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.simple = False  # every payment by `pay`'s general steps

    def _fill(self, j: int, remaining: int, payment: int, day: int) -> int:
        for component in self.order:
            owed = self.owed(j, component)
            if owed > 0:
                take = min(owed, remaining)
                self._pay(j, component, take, payment, day)
                remaining -= take
                if not remaining:
                    break
        self._mark_paid(j, day)
        return remaining

    def _horizontal(self, payment: int, day: int, remaining: int) -> int:
        j = self.first_scheduled if self.scheduled_only else self.first_open
        while j < self.due_count and remaining:
            if self.penalty is not None:
                self.bring_up(j, day)
            remaining = self._fill(j, remaining, payment, day)
            j += 1
        return remaining

    def _pay_in_turn(
        self,
        component: int,
        first: int,
        count: int,
        remaining: int,
        payment: int,
        day: int,
        touched: list[int],
    ) -> int:
        starts = self.vertical_start
        start = j = max(first, starts[component])
        while j < count and remaining:
            if self.queued and self.event_day[j] <= day:
                self._bring(j, day)
            owed = self.owed(j, component)
            if owed > 0:
                take = min(owed, remaining)
                self._pay(j, component, take, payment, day)
                touched.append(j)
                remaining -= take
            j += 1
        j = start
        while j < count and self.owed(j, component) <= 0:
            j += 1
        starts[component] = j
        return remaining

    def _post(self, j: int, day: int, pen: CompiledPenalty) -> None:
        interest, total = self._totals(j, day, pen)  # (the accrual left as it was)
        fee = min(self.fee_want[j], total)
        self.fee_due[j] = fee
        penalty = total - fee - self.pen_due[j]
        if penalty > 0:
            if self.room is not None:
                penalty = min(penalty, self.room)
                self.room -= penalty
            self.pen_due[j] += penalty
            part = interest - self.pen_int[j]
            if part > 0:
                self.pen_int[j] += min(part, penalty)

    def _charge(
        self, j: int, acc: int, acc_c: int, allow: int, pen: CompiledPenalty
    ) -> tuple[int, int]:
        interest = apply_terms(acc, self.pen_terms, self.mode)
        total = apply_terms(acc + acc_c, self.pen_terms, self.mode) if pen.compound else interest
        total += self.fee_want[j]
        if pen.cap_installment is not None:
            numerator, denominator = pen.cap_installment
            scheduled = self.p_due[j] + self.i_due[j] + self.sched_fee[j]
            if self.arrears:
                scheduled += self.ar_sum[j]
            total = min(total, scheduled * numerator // denominator)
        if pen.annual is not None:
            total = min(total, allow * pen.annual // pen.allow_den)
        return interest, total


assert {PRINCIPAL, INTEREST, FEES, PENALTY} == {0, 1, 2, 3}


def replayed(case: dict[str, Any], kind: type[Replay], waterfall: Waterfall) -> ReplayResult:
    """The replay `statement` makes of the case, with this kind of replay."""
    schedule = case["schedule"]
    as_of = case["as_of"]
    payments = sorted(
        (payment for payment in case["payments"] if payment.date <= as_of),
        key=lambda payment: payment.date,
    )
    rule: Allocation = case["allocation"]
    replay = kind(
        schedule,
        case["penalty"],
        Allocation(rule.order, waterfall, rule.excess),
        case["interest_accrual"] is InterestAccrual.DAILY,
        as_of.toordinal(),
    )
    for index, payment in enumerate(payments):
        amount = schedule.rounding.to_units(payment.amount, "payment amount")
        replay.pay(index, payment.date.toordinal(), amount)
    return replay.finish(as_of.toordinal())


@given(cases(), st.sampled_from(list(Waterfall)))
def test_the_inlined_steps_give_what_the_plain_steps_give(
    case: dict[str, Any], waterfall: Waterfall
) -> None:
    assert replayed(case, Replay, waterfall) == replayed(case, Plain, waterfall)


@settings(max_examples=40)
@given(holiday_cases(), st.sampled_from(list(Waterfall)))
def test_the_same_on_a_plan_with_a_payment_holiday(
    case: dict[str, Any], waterfall: Waterfall
) -> None:
    """A holiday row adds its interest to the principal owed on its due date: the fast
    paths read the principal owed (a payoff, all principal repaid) as the plain ones."""
    assert replayed(case, Replay, waterfall) == replayed(case, Plain, waterfall)
