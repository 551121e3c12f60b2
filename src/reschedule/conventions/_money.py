"""Money: coercion to Decimal, rounding policies, exact integer arithmetic.

Amounts are `Decimal` at the API and whole minor units (cents) inside the
engines, where integer arithmetic is both exact and fast. Nothing here reads
or changes the global decimal context.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal, Inexact, InvalidOperation
from fractions import Fraction
from typing import Any, ClassVar, Self, TypeAlias

from reschedule.conventions._errors import InvalidInputError

__all__ = [
    "Choice",
    "DecimalLike",
    "Rounding",
    "RoundingMode",
    "to_decimal",
    "to_share",
    "EXACT",
    "FINEST_UNIT",
    "LARGEST_AMOUNT",
    "MAX_DIGITS",
    "MAX_TEXT",
    "exact_sum",
    "apply_terms",
    "divide",
    "integer_ratio",
    "parse_enum",
    "rounding_terms",
]

EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, traps=[InvalidOperation, Inexact])
"""The context every Decimal operation of the library names explicitly: it never
rounds (and would raise if it had to), and it ignores the caller's global context."""


def exact_sum(values: Iterable[Decimal], start: Decimal = Decimal(0)) -> Decimal:
    """The exact sum of `values` (plus `start`), whatever the caller's decimal context.

    A bare ``a + b`` on Decimals rounds to the ambient context's precision (28
    digits by default, 3 if a caller sets ``prec=3``); this never rounds.

    Examples:
        >>> from decimal import localcontext
        >>> with localcontext(prec=3):
        ...     exact_sum([Decimal("1234.56"), Decimal("0.01")])
        Decimal('1234.57')
    """
    total = start
    for value in values:
        total = EXACT.add(total, value)
    return total


DecimalLike: TypeAlias = Decimal | int | str | float
"""What the API accepts for money and rates: parsed once into `Decimal`."""


def parse_enum(cls: Any, value: Any, name: str) -> Any:
    """Parse `value` into member of enum `cls`: a member, or its value spelt any case."""
    if isinstance(value, cls):
        return value
    if isinstance(value, str):
        wanted = value.strip().lower()
        for member in cls:
            if str(member.value).lower() == wanted:
                return member
    choices = ", ".join(repr(member.value) for member in cls)
    raise InvalidInputError(f"{name} must be one of {choices}; got {value!r}")


class Choice(enum.Enum):
    """A closed choice: members parse, once at the boundary, from themselves or
    their values in any case (``Method.parse("Annuity")``).

    A subclass may name itself for error messages with ``label=`` in its class
    statement; by default the label is its name in snake case (``day_count``).
    """

    _label: ClassVar[str]

    def __init_subclass__(cls, label: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._label = label or re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()

    @classmethod
    def parse(cls, value: Self | str, name: str | None = None) -> Self:
        """The member for a member or its value; an error naming the choices otherwise."""
        if type(value) is cls:  # a member (most often): no call
            return value
        member: Self = parse_enum(cls, value, name or cls._label)
        return member


LARGEST_AMOUNT = Decimal(10) ** 15
"""Every number given to the library is less than this in size (10¹⁵)."""

FINEST_UNIT = Decimal(1).scaleb(-12, EXACT)
"""No number given to the library is finer than this (10⁻¹²)."""

MAX_DIGITS = 27
"""No number given to the library has more significant digits than this."""

MAX_TEXT = 64
"""A number written as text is at most this many characters long."""


def to_decimal(value: DecimalLike, name: str = "value", *, largest: int = 15) -> Decimal:
    """Convert an amount or a rate to `Decimal`, refusing what is not a finite number
    or lies beyond the library's limits.

    The one place numbers enter the library. A float goes through its shortest
    repr, so `0.1` becomes `Decimal("0.1")`, not the binary value
    `0.1000000000000000055511151231257827...`. Digits other than 0-9 (``"١٠"``)
    are refused, as everywhere. The limits (`LARGEST_AMOUNT`, `FINEST_UNIT`,
    `MAX_DIGITS`, `MAX_TEXT`) are checked before any arithmetic, so a number
    of a billion digits is refused at once instead of computed with.

    Args:
        value: an int, a str such as ``"1234.56"``, a Decimal, or a float.
        name: the name of the input, used in the error message.
        largest: the number must be less than ``10**largest`` in size (15,
            `LARGEST_AMOUNT`, unless the input is a discount rate, which may be
            as large as the rates `irr` finds); it may then have
            ``largest + 12`` significant digits.

    Returns:
        The value as a finite `Decimal`.

    Raises:
        InvalidInputError: for NaN, an infinity, a bool, text that is no
            number, or a number beyond the limits; its `code` names the rule.

    Examples:
        >>> to_decimal(0.1)
        Decimal('0.1')
        >>> to_decimal("1e3")
        Decimal('1E+3')
        >>> to_decimal("nan", "principal")
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: principal must be a finite number; got 'nan'
        >>> to_decimal("1e100", "principal")
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: principal must be less than 10**15 in size; got '1e100'
    """
    # (the kinds in the order they come most: a Decimal, then text, as read from a table)
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, str):
        text = value.strip().replace("_", "")
        longest = MAX_TEXT if largest <= 15 else MAX_TEXT + largest - 15
        if len(text) > longest:
            raise InvalidInputError(
                f"{name} must be a number of at most {longest} characters; got "
                f"{len(text)} characters ({value[:20]!r}...)",
                code="too_long",
                path=name,
            )
        if not text.isascii():
            raise InvalidInputError(
                f"{name} must be written with the digits 0-9; got {value!r}",
                code="not_a_number",
                path=name,
            )
        try:
            result = Decimal(text)
        except InvalidOperation:
            # a share where a number is wanted (a down payment of "10%"): say what to write
            hint = (
                " (per cent is not read here: write the number itself, an amount such as "
                "120.50 or a fraction such as 0.05)"
                if text.endswith("%")
                else ""
            )
            raise InvalidInputError(
                f"{name} must be a number; got {value!r}{hint}", code="not_a_number", path=name
            ) from None
    elif isinstance(value, bool):
        raise InvalidInputError(
            f"{name} must be a number, not a bool; got {value!r}", code="not_a_number", path=name
        )
    elif isinstance(value, int):
        if value.bit_length() > 4 * largest + 4:  # far beyond the limit: refused before converting
            raise _too_large(name, f"an integer of {value.bit_length()} bits", largest)
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value)) if math.isfinite(value) else Decimal("NaN")
    else:
        raise InvalidInputError(
            f"{name} must be a Decimal, int, str or float; got {type(value).__name__} {value!r}",
            code="not_a_number",
            path=name,
        )
    if not result.is_finite():
        raise InvalidInputError(
            f"{name} must be a finite number; got {value!r}", code="not_finite", path=name
        )
    return _within_limits(result, value, name, largest)


def _within_limits(result: Decimal, value: object, name: str, largest: int) -> Decimal:
    if not result:
        return Decimal(0) if result.is_signed() or result.adjusted() < -12 else result
    text = str(result)
    if "E" not in text and -12 <= result.adjusted() < largest:
        # the common case at once (no scientific notation: the places are the
        # characters after the point, the characters bound the digits)
        point = text.find(".")
        if (point < 0 or len(text) - point <= 13) and len(text) <= MAX_DIGITS + largest - 15:
            return result
    shown = repr(value) if isinstance(value, str) else str(value)
    if result.adjusted() >= largest:
        raise _too_large(name, shown, largest)
    if result.adjusted() < -12:
        raise InvalidInputError(
            f"{name} must not be finer than 10**-12; got {shown}", code="too_fine", path=name
        )
    digits = result.as_tuple().digits
    significant = len(digits) - (len(digits) - len(bytes(digits).rstrip(b"\0")))
    exponent = int(result.as_tuple().exponent) + len(digits) - significant
    if exponent < -12:
        raise InvalidInputError(
            f"{name} must not be finer than 10**-12; got {shown}", code="too_fine", path=name
        )
    if significant > MAX_DIGITS + largest - 15:
        raise InvalidInputError(
            f"{name} must have at most {MAX_DIGITS + largest - 15} significant digits; got {shown}",
            code="too_many_digits",
            path=name,
        )
    return result


def _too_large(name: str, shown: str, largest: int) -> InvalidInputError:
    return InvalidInputError(
        f"{name} must be less than 10**{largest} in size; got {shown}", code="too_large", path=name
    )


def to_share(value: object, name: str = "share") -> Decimal:
    """Read a share (of an amount) given in per cent, as a fraction from 0 to 1.

    A share is always written in per cent (``"30%"``), so that it can never be
    mistaken for money: a bare number (``0.3``, ``"0.3"``) is refused, since it
    reads as 30% in one place and 0.30 of money in another.

    Args:
        value: a string of a number followed by ``%``, from ``"0%"`` to ``"100%"``.
        name: the name of the input, used in the error message.

    Returns:
        The share as an exact fraction: ``"30%"`` gives ``Decimal("0.3")``.

    Raises:
        InvalidInputError: for a bare number, or a per cent outside 0% to 100%.

    Examples:
        >>> to_share("30%"), to_share(" 12.5 % ")
        (Decimal('0.3'), Decimal('0.125'))
        >>> to_share("0.3", "discount")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: discount is a share and must be given in per cent, ...
    """
    text = value.strip() if isinstance(value, str) else None
    if text is None or not text.endswith("%"):
        raise InvalidInputError(
            f"{name} is a share and must be given in per cent, such as '30%'; got {value!r} "
            "(a bare number is ambiguous: 30% or 0.30 of money)"
        )
    percent = to_decimal(text[:-1], name)
    if not 0 <= percent <= 100:
        raise InvalidInputError(f"{name} must be from 0% to 100%; got {value!r}")
    return EXACT.divide(percent, 100)


class RoundingMode(Choice, label="rounding mode"):
    """How an amount is rounded to the minor unit (or to an installment multiple).

    All amounts rounded by the library are non-negative, so UP means "away from
    zero" and DOWN means "toward zero" (truncation).
    """

    HALF_UP = "half_up"
    """Ties away from zero: 0.125 → 0.13. The common commercial rule."""
    HALF_EVEN = "half_even"
    """Ties to the even digit (banker's rounding): 0.125 → 0.12, 0.135 → 0.14."""
    UP = "up"
    """Always away from zero: 0.121 → 0.13."""
    DOWN = "down"
    """Always toward zero (truncate): 0.129 → 0.12."""


# the modes as plain names: an enum's member read from its class costs as much as
# the arithmetic of a row (the engines' inner loops compare a mode with them)
_DOWN, _UP, _HALF_EVEN = RoundingMode.DOWN, RoundingMode.UP, RoundingMode.HALF_EVEN


def rounding_terms(multiplier: int, denominator: int, mode: RoundingMode) -> tuple[int, int, int]:
    """Terms (m, o, d) such that ``(x * m + o) // d`` is ``x * multiplier / denominator``
    rounded to an integer by `mode`, for any integer x ≥ 0 (denominator > 0).

    One floor division does every mode but HALF_EVEN, which rounds half up
    and then moves a tie (``(x * m + o) % d == 0``) with an odd result down
    by one: see `divide`. The engines precompute these terms once per period
    so that their inner loops do a multiply, an add and a floor division.
    """
    if mode is _DOWN:
        return multiplier, 0, denominator
    if mode is _UP:
        return multiplier, denominator - 1, denominator
    return 2 * multiplier, denominator, 2 * denominator


def apply_terms(value: int, terms: tuple[int, int, int], mode: RoundingMode) -> int:
    """``value × multiplier / denominator`` rounded, from `rounding_terms`' terms."""
    multiplier, offset, divisor = terms
    total = value * multiplier + offset
    quotient = total // divisor
    if mode is _HALF_EVEN and quotient & 1 and not total % divisor:
        quotient -= 1
    return quotient


def divide(numerator: int, denominator: int, mode: RoundingMode) -> int:
    """``numerator / denominator`` rounded to an integer; numerator ≥ 0, denominator > 0.

    `apply_terms` of `rounding_terms(1, denominator, mode)`, written out: one call
    instead of three (a property holds them equal)."""
    if mode is _DOWN:
        return numerator // denominator
    if mode is _UP:
        return (numerator + denominator - 1) // denominator
    total = 2 * numerator + denominator
    quotient = total // (2 * denominator)
    if mode is _HALF_EVEN and quotient & 1 and not total % (2 * denominator):
        quotient -= 1
    return quotient


def integer_ratio(value: Decimal | Fraction | int) -> tuple[int, int]:
    """The exact (numerator, denominator) of a finite Decimal, Fraction or int."""
    if isinstance(value, Fraction):
        return value.numerator, value.denominator
    return value.as_integer_ratio()


@dataclass(frozen=True, slots=True, init=False)
class Rounding:
    """Where and how amounts are rounded.

    Interest is rounded per installment to ``places`` decimals; the regular
    installment is rounded to ``places`` decimals or, when ``multiple`` is
    given, to a multiple of it (lenders round installments to 1 or 10 units).
    The last installment absorbs every residual, so principal is repaid to the
    cent.

    Attributes:
        places: decimal places of the currency's minor unit (2 for cents,
            0 for currencies without minor units such as JPY or KRW).
        mode: the rounding mode, half-up by default.
        multiple: the regular installment is a multiple of this amount, or
            ``None`` to round it to the minor unit only.

    Examples:
        >>> Rounding(places=0, multiple=10)
        Rounding(places=0, mode=<RoundingMode.HALF_UP: 'half_up'>, multiple=Decimal('10'))
        >>> Rounding(mode="half_even").round(Decimal("0.125"))
        Decimal('0.12')
    """

    places: int
    mode: RoundingMode
    multiple: Decimal | None

    def __init__(
        self,
        places: int = 2,
        mode: RoundingMode | str = RoundingMode.HALF_UP,
        multiple: DecimalLike | None = None,
    ) -> None:
        if isinstance(places, bool) or not isinstance(places, int) or not 0 <= places <= 8:
            raise InvalidInputError(
                f"rounding places must be a whole number from 0 to 8; got {places!r}"
            )
        object.__setattr__(self, "places", places)
        object.__setattr__(self, "mode", parse_enum(RoundingMode, mode, "rounding mode"))
        amount = None
        if multiple is not None:
            amount = to_decimal(multiple, "rounding multiple")
            if amount <= 0 or not _is_whole(amount.scaleb(places, EXACT)):
                raise InvalidInputError(
                    "rounding multiple must be a positive amount in whole minor units "
                    f"({places} decimal places); got {multiple!r}"
                )
        object.__setattr__(self, "multiple", amount)

    @property
    def unit(self) -> Decimal:
        """The minor unit as a Decimal: ``Decimal('0.01')`` for two places."""
        return Decimal(1).scaleb(-self.places, EXACT)

    @property
    def scale(self) -> int:
        """Minor units per major unit: 100 for two places."""
        return _SCALES[self.places]

    @property
    def multiple_units(self) -> int:
        """The installment multiple in minor units (1 when there is none)."""
        return 1 if self.multiple is None else int(self.multiple.scaleb(self.places, EXACT))

    def round(self, amount: Decimal) -> Decimal:
        """Round a non-negative amount to the minor unit with this policy's mode.

        Examples:
            >>> Rounding().round(Decimal("2.345"))
            Decimal('2.35')
        """
        numerator, denominator = integer_ratio(amount)
        if numerator < 0:
            return -self.round(-amount)
        return self.from_units(divide(numerator * self.scale, denominator, self.mode))

    def to_units(self, amount: Decimal, name: str) -> int:
        """An amount in whole minor units; refuses an amount finer than the minor unit."""
        if type(amount) is Decimal:
            # the common case in integers: a finite amount's exact ratio, times the
            # scale, is whole exactly when the amount is in whole minor units (anything
            # else goes the Decimal way below, which says what is wrong)
            try:
                numerator, denominator = amount.as_integer_ratio()
            except (ValueError, OverflowError):  # not finite
                pass
            else:
                in_units = numerator * _SCALES[self.places]
                units = in_units // denominator
                if units * denominator == in_units:
                    return units
        scaled = amount.scaleb(self.places, EXACT)
        if not _is_whole(scaled):
            raise InvalidInputError(
                f"{name} must be in whole minor units ({self.places} decimal places); "
                f"got {amount}; round it first"
            )
        return int(scaled)

    def from_units(self, units: int) -> Decimal:
        """Minor units back to a Decimal amount with exactly ``places`` decimals."""
        return Decimal(units).scaleb(-self.places, EXACT)


_SCALES: tuple[int, ...] = tuple(10**places for places in range(9))
"""Minor units per major unit, by places (0 to 8, as `Rounding` allows)."""


def _is_whole(value: Decimal) -> bool:
    return value == value.to_integral_value(context=EXACT)
