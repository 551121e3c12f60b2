"""A schedule's rows are made when they are read: whichever field is read first,
on whichever row, every row holds exactly the values an eagerly built row holds,
and a row behaves as the named tuple `Installment` used to be."""

from __future__ import annotations

import copy
import pickle
import weakref
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import accumulate, pairwise
from operator import sub
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from reschedule import Installment, Loan, Rounding, Schedule
from reschedule.plans import Table
from tests.property.test_amortize_properties import loans, plan_of
from tests.property.test_io_properties import plans

FIELDS = Installment._fields


def eager_rows(schedule: Schedule) -> list[Installment]:
    """The rows built outright from the schedule's integer columns, one Decimal at a
    time: what a row must hold whatever is read first."""
    table, places = schedule.table, schedule.rounding.places
    count = len(table.principal)
    fees = list(table.fee or [0] * count)
    balances = list(accumulate(table.principal, sub, initial=table.opening))

    def money(units: int) -> Decimal:
        return Decimal(units).scaleb(-places)

    return [
        Installment(
            k + 1,
            table.due[k],
            table.starts[k],
            table.ends[k],
            Fraction(*table.fraction[k]),
            money(balances[k]),
            money(table.principal[k] + table.interest[k] + fees[k]),
            money(table.principal[k]),
            money(table.interest[k]),
            money(fees[k]),
            money(balances[k + 1]),
        )
        for k in range(count)
    ]


def assert_same_rows(rows: tuple[Installment, ...], expected: list[Installment]) -> None:
    assert len(rows) == len(expected)
    for row, eager in zip(rows, expected, strict=True):
        for name in FIELDS:
            value, wanted = getattr(row, name), getattr(eager, name)
            assert type(value) is type(wanted), name
            assert value == wanted, name
            if isinstance(value, Decimal):  # the same digits and exponent, not only equal
                assert value.as_tuple() == wanted.as_tuple(), name
        assert row == eager
        assert hash(row) == hash(eager)
        assert repr(row) == repr(eager)
        assert tuple(row) == tuple(eager)


@given(loans(), st.permutations(FIELDS), st.integers(0, 10_000))
def test_lazy_rows_equal_eager_rows_whatever_is_read_first(
    loan: Loan, order: list[str], seed: int
) -> None:
    schedule = plan_of(loan)
    rows = schedule.installments
    first = rows[seed % len(rows)]
    for name in order[: 1 + seed % len(order)]:
        getattr(first, name)
    assert_same_rows(rows, eager_rows(schedule))


@given(
    loans(),
    st.permutations(FIELDS),
    st.integers(0, 10_000),
    st.sampled_from(["tuple", "list", "row"]),
)
def test_rows_kept_without_their_schedule_equal_eager_rows(
    loan: Loan, order: list[str], seed: int, keep: str
) -> None:
    """Rows read after the schedule is gone (some fields read before, some after):
    the rows' tuple kept, a list of them, or a row alone."""
    schedule = plan_of(loan)
    expected = eager_rows(schedule)
    rows = schedule.installments
    at = seed % len(rows)
    read_before = seed % len(order)
    for name in order[:read_before]:
        getattr(rows[at], name)
    kept: Sequence[Installment] = {"tuple": rows, "list": list(rows), "row": (rows[at],)}[keep]
    together = weakref.ref(rows.anchor)  # type: ignore[attr-defined]
    del schedule, rows
    # no reference cycle keeps the rows together (nor their schedule) but the tuple
    assert (together() is not None) is (keep == "tuple")
    for name in order[read_before:]:
        getattr(kept[(seed // 7) % len(kept)], name)
    assert_same_rows(tuple(kept), expected if keep != "row" else [expected[at]])


@given(plans(), st.sampled_from(FIELDS))
def test_a_plans_rows_with_their_other_amounts_equal_eager_rows(plan: Any, first: str) -> None:
    getattr(plan[-1], first)
    assert_same_rows(plan.installments, eager_rows(plan))
    assert plan.history == tuple(plan.history)  # the origin's rows, read after it


@st.composite
def tables(draw: st.DrawFn) -> Schedule:
    """Any columns a table may hold: negative principal (interest capitalised), fees,
    uneven fractions, repeated amounts."""
    count = draw(st.integers(1, 40))
    amounts = st.integers(-(10**6), 10**9)
    principal = draw(st.lists(amounts, min_size=count, max_size=count))
    interest = draw(st.lists(st.integers(0, 10**7), min_size=count, max_size=count))
    fee = draw(st.none() | st.lists(st.integers(0, 500), min_size=count, max_size=count))
    days = [date(2024, 1, 1) + relativedelta(months=k) for k in range(count + 1)]
    fraction = draw(st.lists(st.sampled_from([(1, 12), (31, 365), (30, 360), (2, 24)]),
                             min_size=count, max_size=count))  # fmt: skip
    table = Table(
        opening=sum(principal),
        due=days[1:],
        starts=days[:-1],
        ends=days[1:],
        fraction=fraction,
        principal=principal,
        interest=interest,
        fee=fee,
        regular_payment=principal[0] + interest[0],
    )
    places = draw(st.sampled_from([0, 2, 3]))
    loan = Loan(1000, "0.1", count, "2024-01-01", rounding=Rounding(places=places))
    return Schedule(loan, table)


@given(tables(), st.permutations(FIELDS))
def test_rows_of_any_table_equal_eager_rows(schedule: Schedule, order: list[str]) -> None:
    rows = schedule.installments
    for name in order:
        getattr(rows[-1], name)
    assert_same_rows(rows, eager_rows(schedule))


@given(loans())
def test_rows_hold_the_invariants(loan: Loan) -> None:
    schedule = plan_of(loan)
    rows = list(schedule)
    assert [row.number for row in rows] == list(range(1, len(rows) + 1))
    assert rows[0].opening_balance == loan.principal
    assert rows[-1].closing_balance == 0
    for row in rows:
        assert row.payment == row.principal + row.interest + row.fee
        assert row.closing_balance == row.opening_balance - row.principal
    for previous, row in pairwise(rows):
        assert row.opening_balance == previous.closing_balance
        assert row.period_start == previous.period_end


@given(loans(plain=True), st.sampled_from(FIELDS))
def test_a_row_is_a_value_like_the_named_tuple_it_was(loan: Loan, read: str) -> None:
    schedule = plan_of(loan)
    row = schedule[len(schedule) // 2]
    eager = eager_rows(schedule)[len(schedule) // 2]
    getattr(row, read)
    for again in (pickle.loads(pickle.dumps(row)), copy.copy(row), copy.deepcopy(row)):
        assert again == row
        assert type(again) is Installment
    assert row._replace() == row
    assert row._replace(fee=Decimal(1)).fee == 1
    assert row._asdict() == dict(zip(FIELDS, tuple(eager), strict=True))
    assert Installment._make(tuple(row)) == row
    assert row == tuple(eager)
    assert tuple(eager) == row
    assert hash(row) == hash(tuple(eager))
    assert [row[k] for k in range(-11, 11)] == [*tuple(eager), *tuple(eager)]
    assert row[2:5] == tuple(eager)[2:5]
    assert len(row) == 11
    assert {row: 1}[eager] == 1
    with pytest.raises(AttributeError, match="immutable"):
        row.payment = Decimal(0)  # type: ignore[misc]
    with pytest.raises(AttributeError, match="immutable"):
        del row.fee  # type: ignore[misc]
