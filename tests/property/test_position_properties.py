"""A statement's position (what a restructuring starts from) is read from the
statement's rows in minor units (`Statement._unit_rows`), not from its rows of
Decimals: for any schedule or plan, payments, penalty policy, allocation rule and
interest accrual, on any day, it is the position worked out from the rows
(`installments` and `plan_arrears`), to the digit, and the rows in minor units are
the rows' amounts."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from reschedule import Components, InterestAccrual, Statement, accrued_current_interest
from reschedule.conventions import EXACT, divide, fraction_parts
from reschedule.negotiation._plan import NOTHING, Position
from reschedule.negotiation._restructure import position_of
from reschedule.plans import Table
from tests.property import test_plan_arrears_properties as plan_cases
from tests.property import test_servicing_properties as schedule_cases


def accrued_from_rows(statement: Statement) -> Decimal:
    """`accrued_current_interest` from the statement's rows of Decimals."""
    if statement.interest_accrual is InterestAccrual.DAILY:
        return statement.accrued_interest
    as_of = statement.as_of
    current = next((row for row in statement.installments if row.due_date > as_of), None)
    if current is None or current.outstanding.interest <= 0:
        return Decimal(0)
    schedule = statement.schedule
    j = current.number - 1
    start = schedule.table.starts[j]
    if as_of <= start:
        return Decimal(0)
    numerator, denominator = schedule.table.fraction[j]
    if numerator <= 0:
        return Decimal(0)
    elapsed, elapsed_den = fraction_parts(
        start, as_of, schedule.loan.day_count, schedule.table.ends[-1]
    )
    share = min(Fraction(elapsed * denominator, elapsed_den * numerator), Fraction(1))
    rounding = schedule.rounding
    interest = Fraction(rounding.to_units(current.due.interest, "interest")) * share
    accrued = divide(interest.numerator, interest.denominator, rounding.mode)
    paid = rounding.to_units(current.paid.interest, "interest")
    outstanding = rounding.to_units(current.outstanding.interest, "interest")
    return rounding.from_units(min(max(0, accrued - paid), outstanding))


def position_from_rows(statement: Statement) -> Position:
    """The position of a statement worked out from its rows of Decimals, row by row."""
    schedule = statement.schedule
    table = schedule.table
    rounding = schedule.rounding
    as_of = statement.as_of
    future = [
        status
        for status in statement.installments
        if status.due_date > as_of and any(status.outstanding)
    ]
    first_payment = table.ends[future[0].number - 1] if future else None
    if first_payment is not None and first_payment <= as_of:
        first_payment = None
    arrears = statement.arrears
    accrued = accrued_from_rows(statement)
    if table.parts is None and not table.fee:
        none = Components(fees=rounding.from_units(0))
        streams = [none] * len(future)
        future_streams = none if future else NOTHING
    else:
        carried = statement.plan_arrears()
        streams = [carried[status.number - 1] for status in future]
        future_streams = sum(streams, NOTHING)
    owed = Components(
        principal=statement.outstanding_principal,
        interest=EXACT.add(EXACT.add(arrears.interest, accrued), future_streams.interest),
        penalty=EXACT.add(arrears.penalty, future_streams.penalty),
        fees=EXACT.add(arrears.fees, future_streams.fees),
    )

    def units(amounts: list[Decimal]) -> list[int]:
        return [rounding.to_units(amount, "amount") for amount in amounts]

    indices = [status.number - 1 for status in future]
    others = [units([stream[k] for stream in streams]) for k in range(4)]
    principal = units([status.outstanding.principal for status in future])
    interest = units([status.outstanding.interest for status in future])
    # the regular installment: the contract's unless a prepayment recomputed the rows
    own_principal = units([status.due.principal for status in future])
    own_interest = units([status.due.interest for status in future])
    if table.parts:
        own_principal = [p - table.parts[0][j] for p, j in zip(own_principal, indices, strict=True)]
        own_interest = [i - table.parts[1][j] for i, j in zip(own_interest, indices, strict=True)]
    regular = table.regular_payment
    unchanged = own_principal == [table.principal[j] for j in indices] and own_interest == [
        table.interest[j] for j in indices
    ]
    if not unchanged and len(future) >= 2:
        regular = rounding.to_units(future[1].due.total, "amount")
    contract = Table(
        opening=rounding.to_units(statement.principal_not_due, "amount") - sum(others[0]),
        due=[table.due[j] for j in indices],
        starts=[table.starts[j] for j in indices],
        ends=[table.ends[j] for j in indices],
        fraction=[table.fraction[j] for j in indices],
        principal=[p - o for p, o in zip(principal, others[0], strict=True)],
        interest=[i - o for i, o in zip(interest, others[1], strict=True)],
        fee=[sum(row) for row in zip(*others, strict=True)],
        regular_payment=regular,
        parts=tuple(others) if any(map(any, others)) else None,
    )
    return Position(
        as_of=as_of,
        loan=schedule.loan,
        owed=owed,
        remaining=len(future),
        start=as_of,
        first_payment=first_payment,
        credit=statement.credit,
        accrued=accrued,
        overdue_principal=arrears.principal,
        contract=contract,
        carried=future_streams,
    )


def check(statement: Statement) -> None:
    # the rows in minor units are the rows' amounts (and `plan_arrears`'), by component
    rows = statement._unit_rows()
    rounding = statement.schedule.rounding
    assert rows.due_count == sum(row.due_date <= statement.as_of for row in statement.installments)
    for column, expected in (
        (rows.due, [row.due for row in statement.installments]),
        (rows.paid, [row.paid for row in statement.installments]),
        (rows.arrears, list(statement.plan_arrears())),
    ):
        for c in range(4):
            amounts = [row[c] for row in expected]
            if not column[c]:  # no such arrears: plain zeros
                assert column is rows.arrears
                assert c != 2
                assert all(repr(amount) == "Decimal('0')" for amount in amounts)
                continue
            assert list(column[c]) == [rounding.to_units(amount, "amount") for amount in amounts]
    # the position, to the digit (a Decimal's exponent too: its repr)
    fast, plain = position_of(statement), position_from_rows(statement)
    assert fast == plain
    assert repr(fast) == repr(plain)
    assert repr(accrued_current_interest(statement)) == repr(accrued_from_rows(statement))


@settings(max_examples=150)
@given(schedule_cases.cases())
def test_the_position_of_a_schedules_statement_is_its_rows(case: dict[str, Any]) -> None:
    check(schedule_cases.run(case))


@settings(max_examples=100)
@given(plan_cases.cases())
def test_the_position_of_a_plans_statement_is_its_rows(case: dict[str, Any]) -> None:
    check(plan_cases.run(case))


@given(st.data())
def test_the_position_of_an_account_some_way_into_its_life_is_its_rows(
    data: st.DataObject,
) -> None:
    from tests.property.test_restructure_properties import statements

    check(data.draw(statements()))


def test_the_position_of_a_plan_whose_rows_repay_fees_alone_is_its_rows() -> None:
    """A plan that spreads fees alone: its rows repay no principal, interest or penalty
    arrears, which `plan_arrears` states as plain zeros, and the position sums so."""
    from reschedule import LateFee, Loan, Payment, PenaltyPolicy, amortize, restructure, statement

    schedule = amortize(Loan(1200, "0.12", 12, "2024-01-15"))
    policy = PenaltyPolicy(rate="0", late_fee=LateFee(amount=25))
    paid = [Payment("2024-02-15", schedule.payment)]
    account = statement(schedule, paid, "2024-04-20", penalty=policy)
    plan = restructure(account, fees="spread", interest="capitalize", term=6)
    assert plan.table.parts is None
    assert plan.table.fee
    later = statement(plan, [Payment(plan.first_due, plan[0].payment)], plan.table.due[1])
    check(later)
    assert repr(position_of(later).carried.interest) == "Decimal('0')"
