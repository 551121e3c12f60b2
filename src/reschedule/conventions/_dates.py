"""Frequencies, due-date generation and business-day adjustment.

Due date k is the anchor plus k periods, computed from the anchor every time
(never by chained additions, which drift: 31 Jan + 1 month + 1 month lands on
29 Mar). Accrual dates stay unadjusted; only due dates move to business days.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from itertools import accumulate, repeat
from operator import add
from typing import Any, ClassVar

from reschedule.conventions._calendars import Calendar
from reschedule.conventions._checks import off_calendar
from reschedule.conventions._errors import InvalidInputError
from reschedule.conventions._money import Choice

__all__ = ["NAMED_FREQUENCIES", "BusinessDay", "Frequency", "add_periods", "adjust"]


@dataclass(frozen=True, slots=True)
class Frequency:
    """How often installments fall due: every n months or every n days.

    Use the named constants (`Frequency.MONTHLY`, `Frequency.BIWEEKLY`...),
    `Frequency.every_days(10)`, or a string: ``"monthly"``, ``"quarterly"``,
    ``"every 10 days"``.

    Attributes:
        months: the period in months (0 for a day-based frequency).
        days: the period in days (0 for a month-based frequency).
        per_year: periods a year: the nominal periodic rate is
            ``annual_rate / per_year`` (12 monthly, 52 weekly, 26 biweekly,
            365/n every n days).

    Examples:
        >>> Frequency.parse("quarterly").per_year
        Fraction(4, 1)
        >>> Frequency.parse("every 10 days")
        Frequency.every_days(10)
    """

    months: int
    days: int
    per_year: Fraction

    # the named frequencies, set below the class
    MONTHLY: ClassVar[Frequency]
    BIMONTHLY: ClassVar[Frequency]
    QUARTERLY: ClassVar[Frequency]
    SEMIANNUAL: ClassVar[Frequency]
    ANNUAL: ClassVar[Frequency]
    WEEKLY: ClassVar[Frequency]
    BIWEEKLY: ClassVar[Frequency]

    @classmethod
    def every_months(cls, months: int) -> Frequency:
        """A period of `months` months (1 to 12)."""
        if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= 12:
            raise InvalidInputError(f"a frequency in months must be from 1 to 12; got {months!r}")
        return cls(months, 0, Fraction(12, months))

    @classmethod
    def every_days(cls, days: int) -> Frequency:
        """A period of `days` days (1 to 366); 7 and 14 count 52 and 26 a year."""
        if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= 366:
            raise InvalidInputError(f"a frequency in days must be from 1 to 366; got {days!r}")
        per_year = {7: Fraction(52), 14: Fraction(26)}.get(days, Fraction(365, days))
        return cls(0, days, per_year)

    @classmethod
    def parse(cls, value: Frequency | str) -> Frequency:
        """A Frequency from itself, a name (``"monthly"``) or ``"every N days|months"``."""
        if isinstance(value, Frequency):
            return value
        if isinstance(value, str):
            text = value.strip().lower()
            if text in _NAMED:
                return _NAMED[text]
            match = re.fullmatch(r"every\s+([0-9]{1,4})\s+(day|days|month|months)", text)
            if match:
                count = int(match.group(1))
                is_days = match.group(2).startswith("day")
                return cls.every_days(count) if is_days else cls.every_months(count)
        names = ", ".join(repr(name) for name in _NAMED)
        raise InvalidInputError(
            f"frequency must be one of {names} or 'every N days'; got {value!r}"
        )

    @property
    def name(self) -> str:
        """The frequency's name: ``"monthly"``, or ``"every 10 days"``."""
        for name, frequency in _NAMED.items():
            if frequency == self:
                return name
        return f"every {self.days} days" if self.days else f"every {self.months} months"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's and hypothesis's pretty printer: the same as repr."""
        printer.text(repr(self))

    def __repr__(self) -> str:
        for name, frequency in _NAMED.items():
            if frequency == self:
                return f"Frequency.{name.upper()}"
        if self.days:
            return f"Frequency.every_days({self.days})"
        return f"Frequency.every_months({self.months})"


_NAMED: dict[str, Frequency] = {
    "monthly": Frequency.every_months(1),
    "bimonthly": Frequency.every_months(2),
    "quarterly": Frequency.every_months(3),
    "semiannual": Frequency.every_months(6),
    "annual": Frequency.every_months(12),
    "weekly": Frequency.every_days(7),
    "biweekly": Frequency.every_days(14),
}
for _name, _frequency in _NAMED.items():
    setattr(Frequency, _name.upper(), _frequency)

NAMED_FREQUENCIES: tuple[str, ...] = tuple(_NAMED)
"""The names `Frequency.parse` knows (``"monthly"``...), besides ``"every N days|months"``."""


class BusinessDay(Choice):
    """How a due date that falls on a weekend or holiday is moved."""

    UNADJUSTED = "unadjusted"
    """Not moved."""
    FOLLOWING = "following"
    """To the next business day."""
    MODIFIED_FOLLOWING = "modified_following"
    """To the next business day, unless that is in the next month: then the previous."""
    PRECEDING = "preceding"
    """To the previous business day."""


_SEARCH_DAYS = 366


def adjust(day: date, convention: BusinessDay, calendar: Calendar | Collection[date] = ()) -> date:
    """Move `day` to a business day of `calendar`.

    Args:
        day: the date to move.
        convention: how to move it.
        calendar: a `Calendar`, or holiday dates besides Saturdays and Sundays
            (Monday to Friday less these).

    Raises:
        InvalidInputError: the calendar has no business day within a year
            of `day`, or does not cover its year.

    Examples:
        >>> from datetime import date
        >>> adjust(date(2024, 8, 31), BusinessDay.FOLLOWING)  # a Saturday
        datetime.date(2024, 9, 2)
        >>> adjust(date(2024, 8, 31), BusinessDay.MODIFIED_FOLLOWING)
        datetime.date(2024, 8, 30)
        >>> adjust(date(2025, 10, 1), BusinessDay.FOLLOWING, Calendar.parse("CN"))  # 国庆
        datetime.date(2025, 10, 9)
    """
    if convention is BusinessDay.UNADJUSTED:
        return day
    try:
        return _adjust(day, convention, calendar)
    except (OverflowError, ValueError) as error:  # as `within_calendar` does, for less
        off = off_calendar(error)
        if off is None:
            raise
        raise off from None


def _adjust(day: date, convention: BusinessDay, calendar: Calendar | Collection[date]) -> date:
    if not isinstance(calendar, Calendar):
        calendar = Calendar("weekdays", frozenset(calendar))
    if calendar.is_business_day(day):
        return day
    step = timedelta(days=-1 if convention is BusinessDay.PRECEDING else 1)
    moved = day + step
    for _ in range(_SEARCH_DAYS):
        if calendar.is_business_day(moved):
            break
        moved += step
    else:
        raise InvalidInputError(
            f"a calendar must have a business day within a year of every due date; "
            f"{calendar!r} has none in the year {'before' if step.days < 0 else 'after'} "
            f"{day}: check its holidays or its is_business_day function"
        )
    if convention is BusinessDay.MODIFIED_FOLLOWING and moved.month != day.month:
        return _adjust(day, BusinessDay.PRECEDING, calendar)
    return moved


def add_periods(anchor: date, frequency: Frequency, count: int, end_of_month: bool) -> list[date]:
    """Dates anchor + k periods for k = 1..count (see `_add_periods`); an
    `InvalidInputError` when they leave the calendar."""
    try:
        return _add_periods(anchor, frequency, count, end_of_month)
    except (OverflowError, ValueError) as error:  # as `within_calendar` does, for less
        off = off_calendar(error)
        if off is None:
            raise
        raise off from None


def _add_periods(anchor: date, frequency: Frequency, count: int, end_of_month: bool) -> list[date]:
    """Dates anchor + k periods for k = 1..count, each computed from the anchor.

    A month-based date keeps the anchor's day, clamped to the month's length
    (31 Jan → 29 Feb → 31 Mar); with `end_of_month` and an anchor on the last
    day of its month, every date is the last day of its month.

    Every date is made from its day number (`date.fromordinal`): each month's
    "day 0" (the last day of the month before) is a running sum of month
    lengths, a year at a time, so no row does calendar arithmetic of its own.
    """
    if count <= 0:
        return []
    if frequency.days:
        start = anchor.toordinal()
        step = frequency.days
        return list(map(date.fromordinal, range(start + step, start + step * count + 1, step)))
    step = frequency.months
    day = anchor.day
    if end_of_month and day == calendar.monthrange(anchor.year, anchor.month)[1]:
        day = 31
    first = anchor.year * 12 + anchor.month - 1 + step  # months since January of year 0
    last = first + step * (count - 1)
    year = first // 12
    lengths: list[int] = []  # of every month from January of the first date's year on
    for leap in map(calendar.isleap, range(year, last // 12 + 1)):
        lengths += _LEAP_YEAR if leap else _COMMON_YEAR
    zeros = list(accumulate(lengths, initial=date(year, 1, 1).toordinal() - 1))
    picked = slice(first - year * 12, last - year * 12 + 1, step)
    days: Iterable[int] = repeat(day, count)
    if day > 28:  # clamped to the month's length
        days = map(min, lengths[picked], days)
    return list(map(date.fromordinal, map(add, zeros[picked], days)))


_COMMON_YEAR = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_LEAP_YEAR = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
