"""The conventions' money helpers written for speed are the plain ones: `divide` is
`apply_terms` of `rounding_terms`, and `Rounding.to_units` (its integer way for a
finite Decimal) is the amount scaled by the minor unit in Decimals, the same
integer or the same error; `Choice.parse` of a member, and `whole` and `to_date`
of what needs no more checking, are what the general code gives."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reschedule import BusinessDay, DayCount, InvalidInputError, Method, RoundingMode
from reschedule.conventions import (
    EXACT,
    Rounding,
    apply_terms,
    divide,
    rounding_terms,
    to_date,
    whole,
)
from reschedule.conventions._money import parse_enum


@given(st.integers(0, 10**30), st.integers(1, 10**20), st.sampled_from(list(RoundingMode)))
def test_divide_is_the_terms_applied(numerator: int, denominator: int, mode: RoundingMode) -> None:
    expected = apply_terms(numerator, rounding_terms(1, denominator, mode), mode)
    assert divide(numerator, denominator, mode) == expected


def units_in_decimals(rounding: Rounding, amount: Decimal, name: str) -> int:
    """`Rounding.to_units` the Decimal way alone."""
    scaled = amount.scaleb(rounding.places, EXACT)
    if scaled != scaled.to_integral_value(context=EXACT):
        raise InvalidInputError(
            f"{name} must be in whole minor units ({rounding.places} decimal places); "
            f"got {amount}; round it first"
        )
    return int(scaled)


AMOUNTS = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, min_value=-(10**15), max_value=10**15),
    st.builds(
        lambda digits, exponent: Decimal(digits).scaleb(exponent, EXACT),
        st.integers(-(10**18), 10**18),
        st.integers(-12, 6),
    ),
    st.sampled_from(
        [Decimal("-0"), Decimal("0E+5"), Decimal("0.000"), Decimal("1E+3"), Decimal("12.30")]
    ),
)


@given(AMOUNTS, st.integers(0, 8))
def test_to_units_is_the_amount_scaled_in_decimals(amount: Decimal, places: int) -> None:
    rounding = Rounding(places=places)
    try:
        expected: int | str = units_in_decimals(rounding, amount, "x")
    except InvalidInputError as error:
        expected = str(error)
    try:
        got: int | str = rounding.to_units(amount, "x")
    except InvalidInputError as error:
        got = str(error)
    assert got == expected
    assert type(got) is type(expected)


@pytest.mark.parametrize("amount", [Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity")])
def test_to_units_of_what_is_not_finite_fails_as_in_decimals(amount: Decimal) -> None:
    with pytest.raises((InvalidInputError, OverflowError)) as expected:
        units_in_decimals(Rounding(), amount, "x")
    with pytest.raises(expected.type, match=re.escape(str(expected.value))):
        Rounding().to_units(amount, "x")


@given(
    st.sampled_from(
        [
            *DayCount,
            *RoundingMode,
            *Method,
            *BusinessDay,
            *["30/360 US", "act/360", "HALF_EVEN", "annuity", "following", "nope"],
        ]
    )
)
def test_a_choice_parsed_is_what_parse_enum_gives(value: object) -> None:
    for cls in (DayCount, RoundingMode, Method, BusinessDay):
        try:
            expected: object = parse_enum(cls, value, cls._label)
        except InvalidInputError as error:
            expected = str(error)
        try:
            got: object = cls.parse(value)  # type: ignore[arg-type]
        except InvalidInputError as error:
            got = str(error)
        assert got == expected


@given(st.integers(-5, 20_000))
def test_whole_of_an_int_is_itself_or_refused(value: int) -> None:
    if 1 <= value <= 10_000:
        assert whole(value, "term", 1, 10_000) == value
    else:
        with pytest.raises(InvalidInputError, match="term must be at"):
            whole(value, "term", 1, 10_000)


@given(st.dates())
def test_to_date_of_a_date_is_the_date(day: date) -> None:
    assert to_date(day, "start") is day
    assert to_date(day.isoformat(), "start") == day
