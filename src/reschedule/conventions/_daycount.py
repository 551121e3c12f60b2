"""Day count conventions: the fraction of a year between two dates.

Fractions are exact (`fractions.Fraction`); the engines use the same
numerator and denominator as integers, so no interest figure depends on a
decimal precision.
"""

from __future__ import annotations

import calendar
from datetime import date
from fractions import Fraction

from reschedule.conventions._checks import off_calendar
from reschedule.conventions._money import Choice

__all__ = ["DayCount", "year_fraction", "fraction_parts"]


class DayCount(Choice):
    """How the days of an accrual period are counted.

    See the conventions page of the docs for the rules of each, with worked
    examples; the names follow the ISDA 2006 definitions.
    """

    THIRTY_360_US = "30/360 US"
    """30/360 US (bond basis, with the February end-of-month rule)."""
    THIRTY_E_360 = "30E/360"
    """30E/360 (Eurobond basis): the 31st counts as the 30th."""
    THIRTY_E_360_ISDA = "30E/360 ISDA"
    """30E/360 ISDA: the last day of any month counts as the 30th (but a
    February maturity date)."""
    ACT_360 = "ACT/360"
    """Actual days over 360: the Chinese banks' daily rate = annual rate / 360."""
    ACT_365F = "ACT/365F"
    """Actual days over a fixed 365."""
    ACT_ACT_ISDA = "ACT/ACT ISDA"
    """Days in leap years over 366 plus days in other years over 365."""

    @property
    def is_thirty_360(self) -> bool:
        """True for the 30/360 family, whose regular month periods are 30 days."""
        return self in _THIRTY_360


# the members as plain names: a member read from its class costs a call in Python 3.11,
# and the day count of every period is asked for
_THIRTY_360_US, _THIRTY_E_360 = DayCount.THIRTY_360_US, DayCount.THIRTY_E_360
_ACT_360, _ACT_365F, _ACT_ACT_ISDA = DayCount.ACT_360, DayCount.ACT_365F, DayCount.ACT_ACT_ISDA
# (a tuple: membership by identity, where a set would hash the member, a Python call)
_THIRTY_360 = (_THIRTY_360_US, _THIRTY_E_360, DayCount.THIRTY_E_360_ISDA)


def _is_last_of_february(day: date) -> bool:
    return day.month == 2 and day.day == calendar.monthrange(day.year, 2)[1]


def _is_last_of_month(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _days_360(start: date, end: date, day_count: DayCount, maturity: date | None) -> int:
    d1, d2 = start.day, end.day
    if day_count is _THIRTY_360_US:
        if _is_last_of_february(start):
            if _is_last_of_february(end):
                d2 = 30
            d1 = 30
        if d2 == 31 and d1 >= 30:
            d2 = 30
        if d1 == 31:
            d1 = 30
    elif day_count is _THIRTY_E_360:
        d1, d2 = min(d1, 30), min(d2, 30)
    else:  # 30E/360 ISDA
        if _is_last_of_month(start):
            d1 = 30
        if _is_last_of_month(end) and not (end == maturity and end.month == 2):
            d2 = 30
    return 360 * (end.year - start.year) + 30 * (end.month - start.month) + d2 - d1


def fraction_parts(
    start: date, end: date, day_count: DayCount, maturity: date | None = None
) -> tuple[int, int]:
    """The year fraction as an integer (numerator, denominator), not reduced."""
    try:
        return _fraction_parts(start, end, day_count, maturity)
    except (OverflowError, ValueError) as error:  # as `within_calendar` does, for less
        off = off_calendar(error)
        if off is None:
            raise
        raise off from None


def _fraction_parts(
    start: date, end: date, day_count: DayCount, maturity: date | None = None
) -> tuple[int, int]:
    if day_count is _ACT_360:
        return end.toordinal() - start.toordinal(), 360
    if day_count is _ACT_365F:
        return end.toordinal() - start.toordinal(), 365
    if day_count is _ACT_ACT_ISDA:
        if end < start:
            numerator, denominator = _fraction_parts(end, start, day_count)
            return -numerator, denominator
        # days in leap years count 1/366, in other years 1/365: sum over the years spanned
        leap_days = other_days = 0
        cursor = start
        while cursor < end:
            year_end = min(date(cursor.year + 1, 1, 1), end)
            days = year_end.toordinal() - cursor.toordinal()
            if calendar.isleap(cursor.year):
                leap_days += days
            else:
                other_days += days
            cursor = year_end
        return leap_days * 365 + other_days * 366, 365 * 366
    return _days_360(start, end, day_count, maturity), 360


def year_fraction(
    start: date, end: date, day_count: DayCount | str, *, maturity: date | None = None
) -> Fraction:
    """The fraction of a year from `start` to `end` under a day count convention.

    Args:
        start: the first day of the period (counted).
        end: the last day of the period (not counted).
        day_count: a `DayCount` or its name, such as ``"ACT/360"``.
        maturity: the loan's final date; only 30E/360 ISDA uses it (a February
            maturity date is not moved to the 30th).

    Returns:
        The exact fraction; negative when `end` is before `start`.

    Notes:
        30/360 conventions: ``(360·(Y2−Y1) + 30·(M2−M1) + (D2−D1)) / 360`` after
        each convention's day adjustments. ACT/360 and ACT/365F: actual days
        over 360 or 365. ACT/ACT ISDA: days falling in leap years over 366 plus
        the other days over 365.

    References:
        ISDA 2006 Definitions, section 4.16.

    Examples:
        >>> from datetime import date
        >>> year_fraction(date(2024, 1, 31), date(2024, 2, 29), "30/360 US")
        Fraction(29, 360)
        >>> year_fraction(date(2024, 1, 31), date(2024, 2, 29), "30E/360 ISDA")
        Fraction(1, 12)
        >>> year_fraction(date(2023, 12, 1), date(2024, 1, 1), "ACT/360")
        Fraction(31, 360)
        >>> year_fraction(date(2023, 12, 30), date(2024, 1, 2), "ACT/ACT ISDA")
        Fraction(1097, 133590)
    """
    numerator, denominator = fraction_parts(start, end, DayCount.parse(day_count), maturity)
    return Fraction(numerator, denominator)
