"""The invariants of servicing over any loan, payments, penalty policy and
allocation rule: money is conserved, nothing goes negative, penalty is zero in
grace and never falls as time passes, the payoff pays everything off."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import assume, given
from hypothesis import strategies as st

from reschedule import (
    Allocation,
    ChargeFrom,
    Component,
    DayCount,
    Excess,
    Frequency,
    InterestAccrual,
    InvalidTermsError,
    LateFee,
    Loan,
    Method,
    Payment,
    PenaltyBase,
    PenaltyPolicy,
    Rounding,
    RoundingMode,
    Schedule,
    Statement,
    Waterfall,
    amortize,
    statement,
)

ZERO = Decimal(0)


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    """A small loan of any method, day count and rounding."""
    places = draw(st.sampled_from([2, 2, 0]))
    method = draw(st.sampled_from(list(Method)))
    multiple = None if method is Method.INTEREST_ONLY else draw(st.sampled_from([None, None, 1]))
    rounding = Rounding(
        places=places, mode=draw(st.sampled_from(list(RoundingMode))), multiple=multiple
    )
    term = draw(st.integers(1, 18))
    principal = Decimal(draw(st.integers(100 * term, 10**8))).scaleb(-places)
    terms: dict[str, Any] = {
        "method": method,
        "frequency": draw(st.sampled_from([Frequency.MONTHLY, Frequency.BIWEEKLY])),
        "day_count": draw(st.sampled_from(list(DayCount))),
        "rounding": rounding,
        "principal_grace": draw(st.integers(0, min(term - 1, 2))),
        "interest_free": draw(st.integers(0, min(term, 1))),
        "business_day": draw(st.sampled_from(["unadjusted", "following"])),
    }
    if method is Method.BALLOON:
        terms["amortization_term"] = term + draw(st.integers(1, 24))
    rate = Decimal(draw(st.integers(0, 3600))).scaleb(-4)
    start = draw(st.dates(date(2000, 1, 1), date(2040, 12, 31)))
    if draw(st.booleans()):  # an odd first period, short or long
        terms["first_payment"] = start + timedelta(days=draw(st.integers(1, 60)))
    try:
        return amortize(Loan(principal, rate, term, start, **terms))
    except InvalidTermsError:
        assume(False)
        raise


@st.composite
def policies(draw: st.DrawFn) -> PenaltyPolicy | None:
    """No policy, a preset, or any combination of the policy's settings."""
    kind = draw(st.sampled_from(["none", "preset", "custom", "custom"]))
    if kind == "none":
        return None
    if kind == "preset":
        return draw(
            st.sampled_from(
                [
                    PenaltyPolicy.chinese_bank(),
                    PenaltyPolicy.chinese_bank("1.3", grace_days=3),
                    PenaltyPolicy.us_mortgage(),
                    PenaltyPolicy.uk_late_payment("0.0525"),
                    PenaltyPolicy.credit_card(25),
                ]
            )
        )
    base = draw(st.sampled_from(list(PenaltyBase)))
    principal_base = base in (PenaltyBase.OVERDUE_PRINCIPAL, PenaltyBase.MATURED_PRINCIPAL)
    rates: dict[str, Any] = draw(
        st.sampled_from(
            [
                {},
                {"rate": Decimal(draw(st.integers(0, 5000))).scaleb(-4)},
                {"rate_multiple": Decimal(draw(st.integers(0, 30))).scaleb(-1)},
            ]
        )
    )
    late_fee = None
    if draw(st.booleans()):
        late_fee = LateFee(
            amount=draw(st.integers(0, 50)),
            rate=Decimal(draw(st.integers(0, 10))).scaleb(-2),
            base=draw(st.sampled_from(list(PenaltyBase)[:3])),
            maximum=draw(st.sampled_from([None, 30])),
        )

    def maybe(strategy: st.SearchStrategy[Any]) -> Any:
        return draw(st.one_of(st.none(), strategy))

    return PenaltyPolicy(
        **rates,
        base=base,
        compound=bool(rates) and principal_base and draw(st.booleans()),
        day_count=draw(st.sampled_from(list(DayCount))),
        grace_days=draw(st.integers(0, 20)),
        charge_from=draw(st.sampled_from(list(ChargeFrom))),
        late_fee=late_fee,
        cap_per_installment=maybe(st.sampled_from(["0.05", "0.5", "1"])),
        cap_total=maybe(st.sampled_from(["0.01", "0.1"])),
        max_annual_rate=maybe(st.sampled_from(["0.24", "0.36"])),
        stop_after_days=maybe(st.integers(1, 200)),
        charge_off=maybe(st.dates(date(2000, 1, 1), date(2045, 12, 31))),
        charges_last=draw(st.booleans()),
    )


@st.composite
def allocations(draw: st.DrawFn) -> Allocation:
    return Allocation(
        draw(st.permutations(list(Component))),
        draw(st.sampled_from(list(Waterfall))),
        draw(st.sampled_from(list(Excess))),
    )


def horizon(schedule: Schedule) -> int:
    return (schedule.maturity - schedule.loan.start).days + 120


@st.composite
def cases(draw: st.DrawFn) -> dict[str, Any]:
    """A schedule, payments on it, a policy, a rule and a day."""
    schedule = draw(schedules())
    start, days = schedule.loan.start, horizon(schedule)
    unit = schedule.rounding.unit
    typical = max(1, int(schedule[0].payment / unit))
    payments = [
        Payment(
            start + timedelta(days=draw(st.integers(0, days))),
            unit * draw(st.integers(1, 2 * typical)),
        )
        for _ in range(draw(st.integers(0, 12)))
    ]
    return {
        "schedule": schedule,
        "payments": payments,
        "as_of": start + timedelta(days=draw(st.integers(0, days))),
        "penalty": draw(policies()),
        "allocation": draw(allocations()),
        "interest_accrual": draw(st.sampled_from(list(InterestAccrual))),
    }


def run(case: dict[str, Any], **changes: Any) -> Statement:
    arguments = {**case, **changes}
    return statement(
        arguments["schedule"],
        arguments["payments"],
        arguments["as_of"],
        penalty=arguments["penalty"],
        allocation=arguments["allocation"],
        interest_accrual=arguments["interest_accrual"],
    )


def charges(s: Statement) -> tuple[Decimal, ...]:
    return (s.penalty_charged, s.late_fees_charged, s.accrued_penalty, s.arrears.fees)


@given(cases())
def test_money_is_conserved(case: dict[str, Any]) -> None:
    s = run(case)
    allocated = sum((line.amount for entry in s.ledger for line in entry.lines), ZERO)
    credits = sum((entry.credit for entry in s.ledger), ZERO)
    assert s.total_paid == allocated + credits
    assert s.credit == credits
    for entry in s.ledger:
        assert entry.payment.amount == sum((line.amount for line in entry.lines), entry.credit)
        assert all(line.amount > 0 for line in entry.lines)
    # what the rows record as paid is what the ledger says
    by_row: dict[tuple[int | None, Component], Decimal] = {}
    for entry in s.ledger:
        for line in entry.lines:
            key = (line.installment, line.component)
            by_row[key] = by_row.get(key, ZERO) + line.amount
    for row in s.installments:
        for component in Component:
            assert row.paid.of(component) == by_row.get((row.number, component), ZERO)
    prepaid = by_row.get((None, Component.PRINCIPAL), ZERO)
    repaid = sum((row.paid.principal for row in s.installments), ZERO) + prepaid
    assert repaid + s.outstanding_principal == s.loan.principal
    assert sum((row.due.principal for row in s.installments), prepaid) == s.loan.principal


@given(cases())
def test_nothing_is_negative(case: dict[str, Any]) -> None:
    s = run(case)
    for row in s.installments:
        assert min(row.due) >= 0
        assert min(row.paid) >= 0
        assert min(row.outstanding) >= 0
        assert row.days_past_due >= 0
    assert min(s.arrears) >= 0
    assert s.principal_not_due >= 0
    assert s.payoff >= 0
    assert s.credit >= 0
    assert s.accrued_interest >= 0
    assert s.payoff == s.arrears.total + s.principal_not_due + s.accrued_interest


@given(cases())
def test_days_past_due_is_zero_when_nothing_is_past_due(case: dict[str, Any]) -> None:
    s = run(case)
    past_due = [row.days_past_due for row in s.installments if row.days_past_due]
    assert s.days_past_due == max(past_due, default=0)
    assert (s.days_past_due == 0) == (s.bucket == "current") == (s.m_bucket == "M0")
    for row in s.installments:
        # plain schedules have no scheduled fees: unpaid principal or interest makes it late
        unpaid = row.outstanding.principal > 0 or row.outstanding.interest > 0
        past_due = row.due_date < s.as_of and unpaid
        assert row.days_past_due == ((s.as_of - row.due_date).days if past_due else 0)
        if row.due_date > s.as_of:
            assert not row.in_arrears


@given(schedules(), policies(), allocations(), st.sampled_from(list(InterestAccrual)), st.data())
def test_a_plan_paid_on_every_due_date_owes_nothing(
    schedule: Schedule,
    penalty: PenaltyPolicy | None,
    allocation: Allocation,
    accrual: InterestAccrual,
    data: st.DataObject,
) -> None:
    payments = [Payment(row.due_date, row.payment) for row in schedule if row.payment > 0]
    as_of = schedule.maturity + timedelta(days=data.draw(st.integers(0, 400)))
    s = statement(
        schedule, payments, as_of, penalty=penalty, allocation=allocation, interest_accrual=accrual
    )
    assert s.arrears.total == 0
    assert (s.penalty_charged, s.late_fees_charged) == (0, 0)
    assert (s.payoff, s.outstanding_principal, s.credit) == (0, 0, 0)
    assert s.days_past_due == 0
    assert s.is_settled
    for row, status in zip(schedule, s.installments, strict=True):
        assert status.paid_on == (row.due_date if row.payment > 0 else None)


@given(cases(), st.data())
def test_no_penalty_within_grace(case: dict[str, Any], data: st.DataObject) -> None:
    penalty: PenaltyPolicy | None = case["penalty"]
    schedule: Schedule = case["schedule"]
    grace = 0 if penalty is None else penalty.grace_days
    # no installment can be past its grace before the first one is
    last_graceful = schedule.first_due + timedelta(days=grace)
    as_of = schedule.loan.start + timedelta(
        days=data.draw(st.integers(0, (last_graceful - schedule.loan.start).days))
    )
    s = run(case, as_of=as_of)
    assert (s.penalty_charged, s.late_fees_charged) == (0, 0)


@given(cases())
def test_no_installment_is_charged_within_its_grace(case: dict[str, Any]) -> None:
    s = run(case)
    penalty: PenaltyPolicy | None = case["penalty"]
    grace = timedelta(days=0 if penalty is None else penalty.grace_days)
    for row in s.installments:
        if s.as_of <= row.due_date + grace:
            assert (row.due.penalty, row.due.fees) == (0, 0)


@given(cases(), st.integers(1, 800))
def test_penalty_never_decreases_as_time_passes(case: dict[str, Any], later: int) -> None:
    payments: list[Payment] = case["payments"]
    as_of = max([case["as_of"], *(payment.date for payment in payments)])
    first = run(case, as_of=as_of)
    second = run(case, as_of=as_of + timedelta(days=later))
    for before, after in zip(charges(first), charges(second), strict=True):
        assert after >= before
    assert second.arrears.total >= first.arrears.total
    assert second.days_past_due >= first.days_past_due


@given(cases())
def test_paying_the_payoff_leaves_nothing_outstanding(case: dict[str, Any]) -> None:
    s = run(case)
    assume(s.payoff > 0)
    paid = run(case, payments=[*case["payments"], Payment(s.as_of, s.payoff)])
    assert paid.outstanding_principal == 0
    assert paid.arrears.total == 0
    assert paid.payoff == 0
    assert paid.credit == s.credit
    assert paid.is_settled
    assert paid.settled_on == s.as_of


@given(
    schedules(),
    st.sets(st.integers(0, 17), max_size=4),
    st.integers(16, 40),
    st.sampled_from(list(Waterfall)),
)
def test_no_pyramiding_with_charges_last(
    schedule: Schedule, late: set[int], days: int, waterfall: Waterfall
) -> None:
    """16 CFR 444.4: with charges_last (the us_mortgage preset), full payments
    charge a late fee on the late ones only, however many earlier fees are
    unpaid, and leave no installment past due. (A late payment is made before
    the next installment falls due: later, the next payment would pay the late
    installment, and the next one would be genuinely, lawfully, late.)"""
    rows = list(schedule)
    late = {
        index
        for index in late
        if index < len(rows) - 1
        and rows[index].due_date + timedelta(days) < rows[index + 1].due_date
    }
    paid = [
        Payment(row.due_date + timedelta(days=days if index in late else 0), row.payment)
        for index, row in enumerate(rows)
        if row.payment > 0
    ]
    assume(paid)
    as_of = max(payment.date for payment in paid)
    s = statement(
        schedule,
        paid,
        as_of,
        penalty=PenaltyPolicy.us_mortgage(),
        allocation=Allocation(waterfall=waterfall),
    )
    assert s.days_past_due == 0
    assert s.arrears.principal == s.arrears.interest == s.principal_not_due == 0
    charged = {index for index, row in enumerate(s.installments) if row.due.fees}
    assert charged <= late
    assert s.arrears.fees == s.late_fees_charged


@given(cases())
def test_penalty_and_compound_interest_add_up_to_the_penalty(case: dict[str, Any]) -> None:
    """罚息 and 复利 apart: never negative, their sum the penalty component on every
    installment and in the account, and no 复利 without compound interest."""
    s = run(case)
    compound = s.penalty is not None and s.penalty.compound
    for row in s.installments:
        charged, unpaid = row.penalty_parts, row.penalty_parts_outstanding
        assert charged.total == row.due.penalty
        assert unpaid.total == row.outstanding.penalty
        assert min(*charged, *unpaid) >= 0
        assert unpaid.penalty_interest <= charged.penalty_interest
        assert unpaid.compound_interest <= charged.compound_interest
        if not compound:
            assert charged.compound_interest == 0
    assert s.penalty_parts_charged.total == s.penalty_charged
    assert s.penalty_arrears.total == s.arrears.penalty


@given(cases(), st.integers(1, 800))
def test_penalty_and_compound_interest_never_decrease(case: dict[str, Any], later: int) -> None:
    """Per installment, 罚息 never decreases and 复利 by at most a minor unit, without
    a loan-wide cap (whose room goes to installments
    in the order they are brought up to date, which a later day can change)."""
    assume(case["penalty"] is None or case["penalty"].cap_total is None)
    payments: list[Payment] = case["payments"]
    as_of = max([case["as_of"], *(payment.date for payment in payments)])
    first = run(case, as_of=as_of)
    second = run(case, as_of=as_of + timedelta(days=later))
    unit = Decimal(1).scaleb(-first.loan.rounding.places)
    for before, after in zip(first.installments, second.installments, strict=True):
        assert after.penalty_parts.penalty_interest >= before.penalty_parts.penalty_interest
        # 复利 is the rounded penalty less the rounded 罚息: it may give back a unit
        # when 罚息 rounds up before the whole does
        assert (
            after.penalty_parts.compound_interest >= before.penalty_parts.compound_interest - unit
        )


def _per_cent(value: Decimal) -> str:
    return f"{(value * 100).normalize():f}%"


@given(cases())
def test_a_policy_in_per_cent_is_the_policy_in_fractions(case: dict[str, Any]) -> None:
    """Every rate of a penalty policy written in per cent ("18%") reads as the
    fraction (0.18): the same policy, so the same statement to the cent."""
    policy = case["penalty"]
    assume(policy is not None)
    fee = policy.late_fee
    in_per_cent = dataclasses.replace(
        policy,
        rate=None if policy.rate is None else _per_cent(policy.rate),
        rate_multiple=None if policy.rate_multiple is None else _per_cent(policy.rate_multiple),
        max_annual_rate=None
        if policy.max_annual_rate is None
        else _per_cent(policy.max_annual_rate),
        late_fee=None if fee is None else dataclasses.replace(fee, rate=_per_cent(fee.rate)),
    )
    assert in_per_cent == policy
    assert run(case, penalty=in_per_cent) == run(case)
