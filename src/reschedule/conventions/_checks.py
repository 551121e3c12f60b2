"""The validation rules: each written once, with one message.

Every input of the library goes through these functions (directly or through
`to_decimal`), so that a rule reads the same wherever it applies:
``principal must be positive; got 0``. Each error carries the rule as a
stable `code` and the input's name as its `path`.

The limits of what the library accepts are set here, and documented in the
guide's *Limits* section:

- `LARGEST_AMOUNT`: every number given to the library is less than 10¹⁵
  in size (a quadrillion units of the currency);
- `FINEST_UNIT`: no number is finer than 10⁻¹² (amounts are besides whole
  minor units of at most 8 decimal places);
- `MAX_DIGITS`: no number has more than 27 significant digits;
- `MAX_TEXT`: a number written as text is at most 64 characters long;
- `LARGEST_RATE`: an annual rate is at most 1000% (10), and one above 100%
  must be written in per cent (``"150%"``), so that a rate meant as per
  cent (``18`` for 18%) is refused instead of read as 1800%.

Each check answers in microseconds whatever it is given, because it looks at
the length of the text and the exponent of the number before doing any
arithmetic with them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime
from decimal import Decimal

from reschedule.conventions._errors import InvalidInputError, InvalidTermsError
from reschedule.conventions._money import EXACT, DecimalLike, to_decimal

__all__ = [
    "as_given",
    "LARGEST_RATE",
    "MAX_OPTIONS",
    "MAX_DAYS",
    "MAX_TERM",
    "MAX_TIERS",
    "charge",
    "check_text",
    "within_calendar",
    "off_calendar",
    "work_budget",
    "non_negative",
    "positive",
    "to_date",
    "to_dates",
    "to_rate",
    "to_ratio",
    "whole",
]

LARGEST_RATE = Decimal(10)
"""The largest annual rate accepted: 1000% a year, written ``"1000%"``."""

MAX_TERM = 10_000

MAX_DAYS = 3_652_058
"""The most days between two dates: from 0001-01-01 to 9999-12-31."""
"""The most installments (or periods, or days of grace) any count may be."""

MAX_OPTIONS = 50
"""The most options one comparison holds."""

MAX_TIERS = 100
"""The most tiers a late fee has."""

_HUNDRED = Decimal(100)


def whole(value: object, name: str, low: int, high: int = MAX_TERM) -> int:
    """`value` as a whole number from `low` to `high`, or an error naming the rule.

    Examples:
        >>> whole(12, "term", 1)
        12
        >>> whole(Decimal("12.0"), "term", 1)  # a JSON number written 12.0
        12
        >>> whole(0, "term", 1)
        Traceback (most recent call last):
        ...
        reschedule.InvalidTermsError: term must be at least 1 installment; got 0
    """
    if type(value) is int and low <= value <= high:  # (most counts: no more to check)
        return value
    # A JSON number written 12.0 is a whole number: JSON Schema's integer is a value, not a
    # spelling. It is compared before it is converted, so 1E+999999 costs nothing.
    integral = (
        isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value()
    )
    if not integral and (isinstance(value, bool) or not isinstance(value, int)):
        raise InvalidTermsError(
            f"{name} must be a whole number; got {value!r}", code="not_whole", path=name
        )
    assert isinstance(value, int | Decimal)
    if value < low:
        unit = " installment" if name == "term" else ""
        raise InvalidTermsError(
            f"{name} must be at least {low}{unit}; got {value}", code="too_small", path=name
        )
    if value > high:
        raise InvalidTermsError(
            f"{name} must be at most {high}; got {value}", code="too_large", path=name
        )
    return int(value)


def non_negative(value: DecimalLike, name: str) -> Decimal:
    """`value` as a Decimal that is 0 or more.

    Examples:
        >>> non_negative("-1", "fees")
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: fees must not be negative; got -1
    """
    amount = to_decimal(value, name)
    if amount < 0:
        raise InvalidInputError(
            f"{name} must not be negative; got {amount}", code="negative", path=name
        )
    return amount


def positive(value: DecimalLike, name: str) -> Decimal:
    """`value` as a Decimal above 0.

    Examples:
        >>> positive(0, "principal")
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: principal must be positive; got 0
    """
    amount = to_decimal(value, name)
    if amount <= 0:
        raise InvalidInputError(
            f"{name} must be positive; got {amount}", code="not_positive", path=name
        )
    return amount


def to_rate(
    value: DecimalLike, name: str = "annual_rate", *, negative: bool = False, per: str = "a year"
) -> Decimal:
    """An annual rate as a fraction: ``0.18``, ``"0.18"`` or ``"18%"`` for 18%.

    A bare number above 1 (100% a year) is refused, since it is almost always
    a rate in per cent (``18`` meant as 18%, which would read as 1800%). A
    rate above 100% that is meant is written in per cent (``"150%"``), up to
    `LARGEST_RATE`.

    Args:
        value: a fraction (int, str, Decimal or float), or a string in per cent.
        name: the name of the input, used in the error message.
        negative: a negative rate is allowed, above -100% (a discount rate).
        per: what the rate is of, for the error message: ``"a year"`` for an
            annual rate, ``"of the unpaid amount"`` for a late fee's rate.

    Returns:
        The rate as a fraction: ``"18%"`` gives ``Decimal('0.18')``.

    Raises:
        InvalidInputError: a negative rate, a bare number above 1, a rate above
            `LARGEST_RATE`, or no number.

    Examples:
        >>> to_rate("18%"), to_rate("0.18"), to_rate("150%")
        (Decimal('0.18'), Decimal('0.18'), Decimal('1.5'))
        >>> to_rate(18)
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: annual_rate must be a fraction: 18 reads as 1800% a year;
        write 0.18 or '18%' for 18%, or '1800%' if 1800% is meant
    """
    text = value.strip() if isinstance(value, str) else None
    in_per_cent = text is not None and text.endswith("%")
    if in_per_cent:
        assert text is not None
        rate = EXACT.divide(to_decimal(text[:-1].strip(), name), _HUNDRED)
    else:
        rate = to_decimal(value, name)
    if negative and rate < 0:
        if rate <= -1:
            raise InvalidInputError(
                f"{name} must be above -100%; got {value}", code="too_small", path=name
            )
        return rate
    if rate < 0:
        raise InvalidInputError(
            f"{name} must not be negative; got {value} (a fraction: 0.12 for 12%)",
            code="negative",
            path=name,
        )
    if rate > 1 and not in_per_cent:
        percent = EXACT.multiply(rate, _HUNDRED).normalize(EXACT)
        share = EXACT.divide(rate, _HUNDRED).normalize(EXACT)
        raise InvalidInputError(
            f"{name} must be a fraction: {value} reads as {percent:f}% {per}; write "
            f"{share:f} or '{rate.normalize(EXACT):f}%' for {rate.normalize(EXACT):f}%, "
            f"or '{percent:f}%' if {percent:f}% is meant",
            code="rate_in_per_cent",
            path=name,
        )
    if rate > LARGEST_RATE:
        raise InvalidInputError(
            f"{name} must be at most 1000% {per}; got {value}", code="too_large", path=name
        )
    return rate


def to_ratio(value: DecimalLike, name: str = "ratio") -> Decimal:
    """A ratio of income (a debt-to-income ratio) as a fraction: ``0.4``, ``"0.4"``
    or ``"40%"`` for 40%, above 0 and at most 1.

    A ratio is never money, so a bare fraction is unambiguous; a bare number
    above 1 is refused, since it is almost always a ratio in per cent.

    Args:
        value: a fraction (int, str, Decimal or float), or a string in per cent.
        name: the name of the input, used in the error message.

    Returns:
        The ratio as a fraction: ``"40%"`` gives ``Decimal('0.4')``.

    Raises:
        InvalidInputError: no number, or a ratio not above 0 and at most 1 (100%).

    Examples:
        >>> to_ratio("40%"), to_ratio("0.4")
        (Decimal('0.4'), Decimal('0.4'))
        >>> to_ratio(40)
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: ratio must be above 0 and at most 1 (100%): 40 reads as
        4000% of income; write 0.4 or '40%' for 40%
    """
    text = value.strip() if isinstance(value, str) else None
    if text is not None and text.endswith("%"):
        ratio = EXACT.divide(to_decimal(text[:-1].strip(), name), _HUNDRED)
    else:
        ratio = to_decimal(value, name)
    if 0 < ratio <= 1:
        return ratio
    if ratio > 1 and not (text is not None and text.endswith("%")):
        share = EXACT.divide(ratio, _HUNDRED).normalize(EXACT)
        percent = EXACT.multiply(ratio, _HUNDRED).normalize(EXACT)
        raise InvalidInputError(
            f"{name} must be above 0 and at most 1 (100%): {value} reads as {percent:f}% of "
            f"income; write {share:f} or '{ratio.normalize(EXACT):f}%' for "
            f"{ratio.normalize(EXACT):f}%",
            code="rate_in_per_cent",
            path=name,
        )
    raise InvalidInputError(
        f"{name} must be above 0 and at most 1 (100%); got {value} (0.4 or '40%' for 40%)",
        code="out_of_range",
        path=name,
    )


def as_given(rate: Decimal) -> Decimal | str:
    """A rate as `to_rate` takes it back: the fraction, or in per cent above 100%.

    Examples:
        >>> as_given(Decimal("0.18")), as_given(Decimal("1.5"))
        (Decimal('0.18'), '150%')
    """
    if rate > 1:
        return format(EXACT.multiply(rate, _HUNDRED).normalize(EXACT), "f") + "%"
    return rate


def to_date(value: date | str, name: str) -> date:
    """A `date` from a date or an ISO 8601 string (``"2024-01-31"``).

    A `datetime` is refused (its time would be dropped, and it could not come
    back from JSON as it went in); so are digits other than 0-9.

    Examples:
        >>> to_date("2024-01-31", "start")
        datetime.date(2024, 1, 31)
        >>> from datetime import datetime
        >>> to_date(datetime(2024, 1, 31, 9), "start")
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: start must be a date, not a datetime;
        got datetime.datetime(2024, 1, 31, 9, 0); pass its .date()
    """
    if type(value) is date:  # (most often: a date, no more to check)
        return value
    if isinstance(value, datetime):
        raise InvalidInputError(
            f"{name} must be a date, not a datetime; got {value!r}; pass its .date()",
            code="not_a_date",
            path=name,
        )
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) <= 64 and value.isascii():
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidInputError(
        f"{name} must be a date or an ISO date 'YYYY-MM-DD'; got {value!r}",
        code="not_a_date",
        path=name,
    )


def to_dates(values: Iterable[date | str] | None, name: str) -> frozenset[date]:
    """A set of dates; None (like every optional argument left out) is no date."""
    if values is None:
        return frozenset()
    if isinstance(values, str | date):
        raise InvalidInputError(
            f"{name} must be a collection of dates; got {values!r}; wrap it in a list",
            code="not_a_collection",
            path=name,
        )
    return frozenset(to_date(day, f"{name}[{index}]") for index, day in enumerate(values))


def check_text(value: object, name: str, *, longest: int = 200) -> str:
    """A name or reference shown to people: a string of printable characters.

    Control characters (which would reach a terminal as escape sequences),
    lone surrogates (which cannot be written as UTF-8) and text longer than
    `longest` characters are refused.

    Examples:
        >>> check_text("extend 12 months", "option")
        'extend 12 months'
        >>> check_text("\\x1b[31mred", "option")
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: option must be printable text without control characters;
        got '\\x1b[31mred'
    """
    if not isinstance(value, str):
        raise InvalidInputError(
            f"{name} must be a string; got {type(value).__name__} {value!r}",
            code="not_text",
            path=name,
        )
    if len(value) > longest:
        raise InvalidInputError(
            f"{name} must be at most {longest} characters; got {len(value)}",
            code="too_long",
            path=name,
        )
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise InvalidInputError(
            f"{name} must be valid Unicode text; got a lone surrogate in {value!r}",
            code="lone_surrogate",
            path=name,
        )
    if not value.isprintable():
        raise InvalidInputError(
            f"{name} must be printable text without control characters; got {value!r}",
            code="control_character",
            path=name,
        )
    return value


@contextmanager
def within_calendar(what: str = "the plan's dates") -> Iterator[None]:
    """Turn date arithmetic that leaves the calendar (before 0001-01-01 or after
    9999-12-31) into an `InvalidInputError` naming the rule.

    Examples:
        >>> from datetime import date, timedelta
        >>> with within_calendar():
        ...     date(9999, 12, 31) + timedelta(days=1)
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: the plan's dates run past 9999-12-31 (or before
        0001-01-01), the last day the calendar holds; got dates beyond it (date value out of range)
    """
    try:
        yield
    except (OverflowError, ValueError) as error:
        off = off_calendar(error, what)
        if off is None:
            raise
        raise off from None


def off_calendar(error: Exception, what: str = "the plan's dates") -> InvalidInputError | None:
    """What `within_calendar` raises for `error`, raised by date arithmetic: the
    `InvalidInputError` naming the rule when the dates left the calendar, None when
    `error` is another (raised as it is). For the hot date helpers, which catch the
    error themselves: a ``try`` costs nothing until it catches, a ``with`` of a
    generator's context costs a call or two each time."""
    if isinstance(error, InvalidInputError):
        return None
    text = str(error)
    if not isinstance(error, OverflowError) and "range" not in text and "ordinal" not in text:
        return None
    return InvalidInputError(
        f"{what} run past 9999-12-31 (or before 0001-01-01), the last day the calendar "
        f"holds; got dates beyond it ({text})",
        code="date_out_of_range",
    )


_BUDGET: ContextVar[list[int] | None] = ContextVar("reschedule_work_budget", default=None)
"""The work left to the current `work_budget` block (None outside one): a list of
[left, total] so that `charge` can count down without setting the variable."""


@contextmanager
def work_budget(installments: int) -> Iterator[None]:
    """Bound the work done inside the block: at most `installments` installments
    (and payments) computed in all, over every schedule and statement made.

    The command line answers each request within such a budget, so that any
    document it accepts finishes in seconds; outside a block nothing is counted.
    The budget belongs to the running thread or task (a context variable), never
    to other callers.

    Examples:
        >>> from reschedule import Loan, amortize
        >>> with work_budget(100):
        ...     amortize(Loan(1000, "0.1", 360, "2024-01-15"))
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: the request needs more work than allowed: more than
        100 installments and payments computed in all (at installments of a schedule);
        ask for fewer options or shorter terms
    """
    token = _BUDGET.set([installments, installments])
    try:
        yield
    finally:
        _BUDGET.reset(token)


def charge(installments: int, what: str) -> None:
    """Count `installments` against the current `work_budget` (nothing outside one)."""
    budget = _BUDGET.get()
    if budget is None:
        return
    budget[0] -= installments
    if budget[0] < 0:
        raise InvalidInputError(
            f"the request needs more work than allowed: more than {budget[1]} installments "
            f"and payments computed in all (at {what}); ask for fewer options or shorter terms",
            code="too_much_work",
        )
