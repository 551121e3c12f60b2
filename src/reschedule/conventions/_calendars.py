"""Business-day calendars: the days on which a lender counts a payment as due.

A `Calendar` answers one question, `is_business_day(day)`, and `adjust` moves
due dates with it. The named calendars:

- ``"weekdays"``: Monday to Friday (the default), less any `holidays` given.
- ``"CN"``: China's working days as the State Council's yearly notices
  (国务院办公厅关于部分节假日安排的通知) set them: the statutory holidays and
  the make-up working weekends (调休) that go with them. China has no rule
  for them, so the calendar reads a table: the maintained ``chinesecalendar``
  package when it is installed (``pip install "reschedule-loans[calendars]"``) and
  covers the year, else the table shipped here (2004 to 2026). A year neither
  covers is an error, never a guess.
- ``"US"``: the holidays observed by the Federal Reserve System: rules, with
  python-dateutil (a holiday on a Sunday is observed on the Monday; on a
  Saturday the Reserve Banks stay open the Friday before).
- ``"UK"``: the bank holidays of England and Wales: rules (Easter from
  python-dateutil, substitute days on weekends) and the one-off days
  proclaimed for royal and national events.

A caller's own calendar is a set of holiday dates or a function
``is_business_day(date) -> bool``.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeAlias

from dateutil.easter import easter
from dateutil.relativedelta import MO, TH, relativedelta

from reschedule.conventions._checks import to_date
from reschedule.conventions._errors import InvalidInputError

__all__ = ["CALENDARS", "Calendar", "CalendarLike"]


@dataclass(frozen=True, slots=True)
class Calendar:
    """Which days are business days: a named calendar, plus holidays, or a rule.

    Give a `Loan` its lender's calendar as ``calendar="CN"`` (or ``"US"``,
    ``"UK"``, a set of holiday dates, or a function ``is_business_day(date)
    -> bool``); `Calendar.parse` turns each of these into a Calendar.

    Attributes:
        name: ``"weekdays"`` (Monday to Friday), ``"CN"``, ``"US"``, ``"UK"``,
            or ``"custom"`` for a caller's function.
        holidays: non-business days on top of the named calendar's.
        rule: a caller's ``is_business_day(date) -> bool`` (name ``"custom"``).

    Examples:
        >>> from datetime import date
        >>> cn = Calendar.parse("CN")
        >>> cn.is_business_day(date(2025, 10, 8))  # National Day holiday (国庆)
        False
        >>> cn.is_business_day(date(2025, 9, 28))  # a Sunday worked instead (调休)
        True
        >>> Calendar.parse("US").is_business_day(date(2025, 1, 20))  # Martin Luther King Jr. Day
        False
        >>> Calendar.parse(["2025-03-03"])
        Calendar('weekdays', holidays=['2025-03-03'])
    """

    name: str = "weekdays"
    holidays: frozenset[date] = frozenset()
    rule: Callable[[date], bool] | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.holidays, frozenset) or not all(
            type(day) is date for day in self.holidays
        ):
            days = frozenset(to_date(day, "calendar holidays") for day in self.holidays)
            object.__setattr__(self, "holidays", days)
        if self.name not in _RULES and self.name != "custom":
            raise InvalidInputError(_calendar_message(self.name))
        if (self.name == "custom") != (self.rule is not None):
            raise InvalidInputError(
                f"a calendar named 'custom' needs a rule, and only it takes one; "
                f"got name {self.name!r} with rule {self.rule!r}"
            )

    @classmethod
    def parse(cls, value: CalendarLike, name: str = "calendar") -> Calendar:
        """A Calendar from itself, a name, a set of holiday dates or a function.

        Args:
            value: a `Calendar`; ``"CN"``, ``"US"``, ``"UK"`` or ``"weekdays"``
                (any case); an iterable of holiday dates (`date` or ISO
                strings) on top of Monday to Friday; or a function that takes
                a `date` and returns True on a business day.
            name: the argument's name in an error message.

        Raises:
            InvalidInputError: anything else.

        Examples:
            >>> Calendar.parse("cn")
            Calendar('CN')
            >>> Calendar.parse({"2025-03-03"})
            Calendar('weekdays', holidays=['2025-03-03'])
            >>> def open_on_weekdays_but_friday(day):
            ...     return day.weekday() < 4
            >>> Calendar.parse(open_on_weekdays_but_friday)
            Calendar('custom', rule=open_on_weekdays_but_friday)
        """
        if isinstance(value, Calendar):
            return value
        if isinstance(value, str):
            key = value.strip()
            key = key.lower() if key.lower() == "weekdays" else key.upper()
            if key in _RULES:
                return cls(key)
            raise InvalidInputError(_calendar_message(value, name))
        if callable(value):
            return cls("custom", rule=value)
        if isinstance(value, Iterable) and not isinstance(value, bytes | date):
            return cls("weekdays", frozenset(to_date(day, f"{name} holidays") for day in value))
        raise InvalidInputError(_calendar_message(value, name))

    def with_holidays(self, holidays: Iterable[date]) -> Calendar:
        """The same calendar with `holidays` closed as well.

        Examples:
            >>> from datetime import date
            >>> Calendar.parse("UK").with_holidays([date(2025, 12, 24)])
            Calendar('UK', holidays=['2025-12-24'])
        """
        extra = frozenset(holidays)
        if extra <= self.holidays:
            return self
        return Calendar(self.name, self.holidays | extra, self.rule)

    def is_business_day(self, day: date) -> bool:
        """Whether `day` is a business day of this calendar.

        Raises:
            InvalidInputError: the calendar does not cover `day`'s year (China's
                is known only as far as the State Council has announced it),
                or a caller's rule answered something other than True or False.

        Examples:
            >>> from datetime import date
            >>> Calendar.parse("UK").is_business_day(date(2025, 4, 18))  # Good Friday
            False
        """
        if day in self.holidays:
            return False
        if self.rule is None:
            return _RULES[self.name](day)
        answer = self.rule(day)
        if not isinstance(answer, bool):
            raise InvalidInputError(
                f"a calendar's is_business_day must return True or False; got {answer!r} for {day}"
            )
        return answer

    def __repr__(self) -> str:
        parts = [repr(self.name)]
        if self.holidays:
            parts.append(f"holidays={[day.isoformat() for day in sorted(self.holidays)]}")
        if self.rule is not None:
            parts.append(f"rule={getattr(self.rule, '__name__', self.rule)!s}")
        return f"Calendar({', '.join(parts)})"


CalendarLike: TypeAlias = Calendar | str | Iterable[date | str] | Callable[[date], bool]
"""What `Calendar.parse` (and `Loan(calendar=...)`) accepts."""


def _calendar_message(value: object, name: str = "calendar") -> str:
    return (
        f"{name} must be 'CN', 'US', 'UK', 'weekdays', a set of holiday dates or a "
        f"function is_business_day(date) -> bool; got {value!r}"
    )


def _weekdays(day: date) -> bool:
    return day.weekday() < 5


# --------------------------------------------------------------------------- China

# The State Council's yearly notices (国务院办公厅关于XXXX年部分节假日安排的通知),
# one line a year: the days off (放假, ranges inclusive, month-day), then the
# weekend days worked instead (调休上班). A weekend day inside a holiday may be
# left out of a range: it is a day off either way. A test checks the table
# against the chinesecalendar package day by day.
_CHINA: dict[int, tuple[str, str]] = {
    2004: ("01-01 01-22..01-28 05-01..05-07 10-01..10-07", "01-17 01-18 05-08 05-09 10-09 10-10"),
    2005: (
        "01-01..01-03 02-09..02-15 05-01..05-07 10-01..10-07",
        "02-05 02-06 04-30 05-08 10-08 10-09",
    ),
    2006: (
        "01-01..01-03 01-29..02-04 05-01..05-07 10-01..10-07",
        "01-28 02-05 04-29 04-30 09-30 10-08 12-30 12-31",
    ),
    2007: (
        "01-01..01-03 02-18..02-24 05-01..05-07 10-01..10-07 12-30..12-31",
        "02-17 02-25 04-28 04-29 09-29 09-30 12-29",
    ),
    2008: (
        "01-01 02-06..02-12 04-04..04-06 05-01..05-03 06-07..06-09 09-13..09-15 09-29..10-05",
        "02-02 02-03 05-04 09-27 09-28",
    ),
    2009: (
        "01-01..01-03 01-25..01-31 04-04..04-06 05-01..05-03 05-28..05-30 10-01..10-08",
        "01-04 01-24 02-01 05-31 09-27 10-10",
    ),
    2010: (
        "01-01..01-03 02-13..02-19 04-03..04-05 05-01..05-03 06-14..06-16 09-22..09-24 "
        "10-01..10-07",
        "02-20 02-21 06-12 06-13 09-19 09-25 09-26 10-09",
    ),
    2011: (
        "01-01..01-03 02-02..02-08 04-03..04-05 04-30..05-02 06-04..06-06 09-10..09-12 "
        "10-01..10-07",
        "01-30 02-12 04-02 10-08 10-09 12-31",
    ),
    2012: (
        "01-01..01-03 01-22..01-28 04-02..04-04 04-29..05-01 06-22..06-24 09-30..10-07",
        "01-21 01-29 03-31 04-01 04-28 09-29",
    ),
    2013: (
        "01-01..01-03 02-09..02-15 04-04..04-06 04-29..05-01 06-10..06-12 09-19..09-21 "
        "10-01..10-07",
        "01-05 01-06 02-16 02-17 04-07 04-27 04-28 06-08 06-09 09-22 09-29 10-12",
    ),
    2014: (
        "01-01 01-31..02-06 04-05..04-07 05-01..05-03 06-02 09-08 10-01..10-07",
        "01-26 02-08 05-04 09-28 10-11",
    ),
    2015: (
        "01-01..01-03 02-18..02-24 04-05..04-06 05-01 06-20..06-22 09-03..09-04 09-27 10-01..10-07",
        "01-04 02-15 02-28 09-06 10-10",
    ),
    2016: (
        "01-01 02-07..02-13 04-04 05-01..05-02 06-09..06-11 09-15..09-17 10-01..10-07",
        "02-06 02-14 06-12 09-18 10-08 10-09",
    ),
    2017: (
        "01-01..01-02 01-27..02-02 04-02..04-04 05-01 05-28..05-30 10-01..10-08",
        "01-22 02-04 04-01 05-27 09-30",
    ),
    2018: (
        "01-01 02-15..02-21 04-05..04-07 04-29..05-01 06-18 09-24 10-01..10-07 12-30..12-31",
        "02-11 02-24 04-08 04-28 09-29 09-30 12-29",
    ),
    2019: (
        "01-01 02-04..02-10 04-05..04-07 05-01..05-04 06-07..06-09 09-13..09-15 10-01..10-07",
        "02-02 02-03 04-28 05-05 09-29 10-12",
    ),
    2020: (
        "01-01 01-24..02-02 04-04..04-06 05-01..05-05 06-25..06-27 10-01..10-08",
        "01-19 04-26 05-09 06-28 09-27 10-10",
    ),
    2021: (
        "01-01..01-03 02-11..02-17 04-03..04-05 05-01..05-05 06-12..06-14 09-19..09-21 "
        "10-01..10-07",
        "02-07 02-20 04-25 05-08 09-18 09-26 10-09",
    ),
    2022: (
        "01-01..01-03 01-31..02-06 04-03..04-05 04-30..05-04 06-03..06-05 09-10..09-12 "
        "10-01..10-07 12-31",
        "01-29 01-30 04-02 04-24 05-07 10-08 10-09",
    ),
    2023: (
        "01-01..01-02 01-21..01-27 04-05 04-29..05-03 06-22..06-24 09-29..10-06 12-30..12-31",
        "01-28 01-29 04-23 05-06 06-25 10-07 10-08",
    ),
    2024: (
        "01-01 02-10..02-17 04-04..04-06 05-01..05-05 06-10 09-15..09-17 10-01..10-07",
        "02-04 02-18 04-07 04-28 05-11 09-14 09-29 10-12",
    ),
    2025: (
        "01-01 01-28..02-04 04-04..04-06 05-01..05-05 05-31..06-02 10-01..10-08",
        "01-26 02-08 04-27 09-28 10-11",
    ),
    2026: (
        "01-01..01-03 02-15..02-23 04-04..04-06 05-01..05-05 06-19..06-21 09-25..09-27 "
        "10-01..10-07",
        "01-04 02-14 02-28 05-09 09-20 10-10",
    ),
}


def _month_day(year: int, text: str) -> date:
    month, day = text.split("-")
    return date(year, int(month), int(day))


@functools.cache
def _china_year(year: int) -> tuple[frozenset[date], frozenset[date]] | None:
    """The shipped table's days off and make-up working days of `year`."""
    if year not in _CHINA:
        return None
    off_text, worked_text = _CHINA[year]
    off: set[date] = set()
    for item in off_text.split():
        first, _, last = item.partition("..")
        day, end = _month_day(year, first), _month_day(year, last or first)
        while day <= end:
            off.add(day)
            day += timedelta(days=1)
    return frozenset(off), frozenset(_month_day(year, item) for item in worked_text.split())


@functools.cache
def _china_package() -> tuple[frozenset[date], frozenset[date], int, int] | None:
    """The chinesecalendar package's days off and make-up working days, and the
    years it covers, when it is installed (read once: its `is_workday` rescans
    its table on every call)."""
    try:
        module = importlib.import_module("chinese_calendar")
    except ImportError:
        return None
    off, worked = frozenset(module.holidays), frozenset(module.workdays)
    years = [day.year for day in off]
    return off, worked, min(years), max(years)


def _china(day: date) -> bool:
    package = _china_package()
    if package is not None and package[2] <= day.year <= package[3]:
        return day in package[1] or (day.weekday() < 5 and day not in package[0])
    table = _china_year(day.year)
    if table is None:
        first, last = min(_CHINA), max(_CHINA)
        if package is not None:
            first, last = min(first, package[2]), max(last, package[3])
        source = "the chinesecalendar package and the shipped table" if package else "its table"
        raise InvalidInputError(
            f"the CN calendar covers {first} to {last} ({source}, from the State Council's "
            f"notices); got {day}, in {day.year}: install or upgrade chinesecalendar "
            '(pip install "reschedule-loans[calendars]") once that year\'s notice is out, or '
            "give calendar= a set of holidays or a function is_business_day(date) -> bool"
        )
    off, worked = table
    return day in worked or (day.weekday() < 5 and day not in off)


# --------------------------------------------------------------------------- United States


def _sunday_to_monday(day: date) -> date:
    return day + timedelta(days=1) if day.weekday() == 6 else day


@functools.cache
def _us_year(year: int) -> frozenset[date]:
    """The Federal Reserve System's holidays in `year` (as observed)."""
    if year < 1986:
        raise InvalidInputError(
            f"the US calendar covers 1986 on (Martin Luther King Jr. Day's first year); "
            f"got a date in {year}: give calendar= a set of holidays instead"
        )
    jan1 = date(year, 1, 1)
    fixed = [jan1, date(year, 7, 4), date(year, 11, 11), date(year, 12, 25)]
    if year >= 2022:  # Juneteenth, observed by the Reserve Banks from 2022
        fixed.append(date(year, 6, 19))
    return frozenset(
        [
            *(_sunday_to_monday(day) for day in fixed),
            jan1 + relativedelta(weekday=MO(+3)),  # Martin Luther King Jr. Day
            date(year, 2, 1) + relativedelta(weekday=MO(+3)),  # Washington's Birthday
            date(year, 5, 31) + relativedelta(weekday=MO(-1)),  # Memorial Day
            date(year, 9, 1) + relativedelta(weekday=MO(+1)),  # Labor Day
            date(year, 10, 1) + relativedelta(weekday=MO(+2)),  # Columbus Day
            date(year, 11, 1) + relativedelta(weekday=TH(+4)),  # Thanksgiving Day
        ]
    )


def _united_states(day: date) -> bool:
    return day.weekday() < 5 and day not in _us_year(day.year)


# --------------------------------------------------------------------------- United Kingdom

# Days proclaimed for one year only, and the regular bank holidays they moved.
_UK_EXTRA = {
    date(1981, 7, 29): "Royal Wedding",
    date(1995, 5, 8): "VE Day 50th anniversary (instead of the early May bank holiday)",
    date(1999, 12, 31): "Millennium",
    date(2002, 6, 3): "Golden Jubilee",
    date(2002, 6, 4): "Spring bank holiday (moved from 27 May)",
    date(2011, 4, 29): "Royal Wedding",
    date(2012, 6, 4): "Spring bank holiday (moved from 28 May)",
    date(2012, 6, 5): "Diamond Jubilee",
    date(2020, 5, 8): "VE Day 75th anniversary (instead of the early May bank holiday)",
    date(2022, 6, 2): "Spring bank holiday (moved from 30 May)",
    date(2022, 6, 3): "Platinum Jubilee",
    date(2022, 9, 19): "State Funeral of Queen Elizabeth II",
    date(2023, 5, 8): "Coronation of King Charles III",
}
_UK_MOVED = {
    date(1995, 5, 1),
    date(2002, 5, 27),
    date(2012, 5, 28),
    date(2020, 5, 4),
    date(2022, 5, 30),
}


@functools.cache
def _uk_year(year: int) -> frozenset[date]:
    """The bank holidays of England and Wales in `year`, substitute days included."""
    if year < 1978:
        raise InvalidInputError(
            f"the UK calendar covers 1978 on (the early May bank holiday's first year); "
            f"got a date in {year}: give calendar= a set of holidays instead"
        )
    good_friday = easter(year) - timedelta(days=2)
    days = {
        good_friday,
        good_friday + timedelta(days=3),  # Easter Monday
        date(year, 5, 1) + relativedelta(weekday=MO(+1)),  # Early May bank holiday
        date(year, 5, 31) + relativedelta(weekday=MO(-1)),  # Spring bank holiday
        date(year, 8, 31) + relativedelta(weekday=MO(-1)),  # Summer bank holiday
    }
    # New Year's Day, Christmas Day and Boxing Day: one falling on a weekend is
    # substituted by the next weekday not already a holiday.
    for fixed in (date(year, 1, 1), date(year, 12, 25), date(year, 12, 26)):
        day = fixed
        while day.weekday() >= 5 or day in days:
            day += timedelta(days=1)
        days.add(day)
    days -= _UK_MOVED
    days |= {day for day in _UK_EXTRA if day.year == year}
    return frozenset(days)


def _united_kingdom(day: date) -> bool:
    return day.weekday() < 5 and day not in _uk_year(day.year)


_RULES: dict[str, Callable[[date], bool]] = {
    "weekdays": _weekdays,
    "CN": _china,
    "US": _united_states,
    "UK": _united_kingdom,
}

CALENDARS: tuple[str, ...] = tuple(_RULES)
"""The names `Calendar.parse` knows: ``"weekdays"``, ``"CN"``, ``"US"``, ``"UK"``."""
