"""`Amounts` (also `Components`): the one type for money by component."""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reschedule import (
    Allocation,
    Amounts,
    Component,
    Components,
    InvalidInputError,
    Loan,
    Payment,
    amortize,
    statement,
)
from reschedule.servicing import COMPONENTS, FEES, INTEREST, PENALTY, PRINCIPAL

D = Decimal


class TestOneType:
    def test_both_names_are_one_type(self) -> None:
        assert Components is Amounts

    def test_order_is_the_component_order(self) -> None:
        assert Amounts._fields == ("principal", "interest", "fees", "penalty")
        assert tuple(member.value for member in Component) == Amounts._fields
        assert Amounts._fields == Amounts.NAMES

    def test_index_constants_follow_the_fields(self) -> None:
        assert (PRINCIPAL, INTEREST, FEES, PENALTY) == (0, 1, 2, 3)
        assert tuple(member.value for member in COMPONENTS) == Amounts._fields

    def test_statement_and_plan_use_it(self) -> None:
        schedule = amortize(Loan(1200, "0.12", 12, "2024-01-15"))
        s = statement(schedule, [Payment("2024-02-15", 50)], "2024-03-01")
        assert type(s.arrears) is Amounts
        assert type(s.installments[0].due) is Amounts


class TestConstruction:
    def test_keywords_in_any_order(self) -> None:
        owed = Components(penalty=3, fees="0.5", interest="12.50", principal=1000)
        assert tuple(owed) == (D(1000), D("12.50"), D("0.5"), D(3))

    def test_principal_and_interest_by_position(self) -> None:
        assert Amounts(100, 5) == Amounts(principal=100, interest=5)

    @pytest.mark.parametrize("count", [3, 4])
    def test_more_positions_are_refused(self, count: int) -> None:
        # the older Components read a third argument as penalty, Amounts as fees
        with pytest.raises(TypeError, match="fees and penalty by keyword only"):
            Amounts(*range(count))

    def test_negative_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="penalty must not be negative; got -1"):
            Components(penalty=-1)

    def test_zero_default_is_false(self) -> None:
        assert not Amounts()
        assert Amounts(fees="0.01")


class TestArithmetic:
    def test_addition_is_by_component(self) -> None:
        total = Amounts(1, 2, fees=3, penalty=4) + Amounts(10, 20, fees=30, penalty=40)
        assert total == Amounts(11, 22, fees=33, penalty=44)
        assert type(total) is Amounts

    def test_of_and_as_dict(self) -> None:
        owed = Amounts(4, 3, fees=2, penalty=1)
        assert [owed.of(member) for member in Component] == [4, 3, 2, 1]
        assert list(owed.as_dict()) == list(Amounts._fields)

    def test_pickle_and_copy(self) -> None:
        owed = Amounts(4, 3, fees=2, penalty=1)
        assert pickle.loads(pickle.dumps(owed)) == owed
        assert copy.deepcopy(owed) == owed


_money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(st.lists(st.tuples(_money, _money, _money, _money), min_size=1, max_size=5))
def test_total_of_sum_is_sum_of_totals(parts: list[tuple[Decimal, ...]]) -> None:
    amounts = [Amounts(p, i, fees=f, penalty=x) for p, i, f, x in parts]
    total = amounts[0]
    for amount in amounts[1:]:
        total = total + amount
    assert total.total == sum(amount.total for amount in amounts)
    assert [total.of(member) for member in Component] == [
        sum(getattr(amount, name) for amount in amounts) for name in Amounts._fields
    ]


def test_allocation_order_names_the_components() -> None:
    assert set(Allocation.STANDARD.order) == set(Component)
