"""Dated cash flows: parsing them, and measuring the time between their dates.

A plan becomes cash flows here (the advance at the start, each installment at
its due date), and the calendar rules of the annualised-cost regulations live
here too: whole months counted back from a later date, the EU's years of 365
or 366 days, and Regulation Z's unit periods. Everything is exact: times are
integers and `Fraction` values, never floats.
"""

from __future__ import annotations

import calendar
import functools
import itertools
import math
import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from fractions import Fraction
from typing import Protocol, TypeAlias, runtime_checkable

from reschedule.conventions import (
    EXACT,
    Choice,
    DecimalLike,
    Frequency,
    InvalidInputError,
    to_decimal,
)
from reschedule.plans import Installment, Loan, to_date

__all__ = [
    "CashFlow",
    "PlanLike",
    "TimeBasis",
    "UnitPeriod",
    "dated_flows",
    "eu_time",
    "eu_units",
    "infer_unit_period",
    "months_and_days",
    "months_back",
    "plan_flows",
    "quick_dated",
    "regz_all",
    "regz_monthly",
    "regz_parts",
    "regz_time",
    "same_day_months",
]

CashFlow: TypeAlias = tuple[date | str, DecimalLike]
"""One dated amount: ``(date, amount)``, the date a `date` or an ISO string."""


@runtime_checkable
class PlanLike(Protocol):
    """Anything with a loan and installments: a `Schedule`, or a plan derived from one.

    A plan that finances something other than its loan's principal at its
    loan's start (a restructured `Plan`) says so with a ``cash_flows()``
    method, as `Schedule.cash_flows` does.
    """

    @property
    def loan(self) -> Loan: ...

    @property
    def installments(self) -> Sequence[Installment]: ...


def dated_flows(
    cash_flows: Iterable[CashFlow], name: str = "cash_flows"
) -> list[tuple[date, Decimal]]:
    """Parse ``(date, amount)`` pairs into dates and finite Decimals, sorted by date.

    Raises:
        InvalidInputError: for no pairs at all, an item that is not a pair, a
            date that is not a date, or an amount that is not a finite number.
    """
    if isinstance(cash_flows, str | bytes):
        raise InvalidInputError(f"{name} must be (date, amount) pairs; got the text {cash_flows!r}")
    flows = []
    for index, item in enumerate(cash_flows):
        if not (type(item) is tuple or isinstance(item, tuple | list)) or len(item) != 2:
            raise InvalidInputError(f"{name}[{index}] must be a (date, amount) pair; got {item!r}")
        day, amount = item
        if type(day) is not date:  # a date is taken as it is (to_date returns it)
            day = to_date(day, f"{name}[{index}] date")
        try:  # the item's name written only for an error (the same error, named)
            value = to_decimal(amount)
        except InvalidInputError:
            value = to_decimal(amount, f"{name}[{index}] amount")
        flows.append((day, value))
    if not flows:
        raise InvalidInputError(
            f"{name} must hold at least two (date, amount) pairs; got none "
            "(give the advance and the repayments)"
        )
    flows.sort(key=operator.itemgetter(0))
    return flows


_PAIRS = frozenset((tuple, list))
_SECOND = operator.itemgetter(1)

_DECIMALS = frozenset((Decimal,))


def quick_dated(cash_flows: object) -> tuple[list[int], list[float]] | None:
    """The days (ordinals) and amounts (floats) of ``(date, amount)`` pairs in date
    order, when every pair is a `date` and a `Decimal` that `dated_flows` takes as
    it is (finite, under 10**15 in size, no finer than 10**-12); None for anything
    else, which `dated_flows` then parses (and refuses, naming the item).

    The checks run over whole columns at C speed, on the distinct amounts (a
    plan's installments are mostly one amount): their exact sum has the smallest
    exponent of any, and their float sum is finite only if every one is.
    """
    if type(cash_flows) is not list and type(cash_flows) is not tuple:
        return None
    if not cash_flows or not set(map(type, cash_flows)) <= _PAIRS:
        return None
    try:  # unpacking each pair checks its length; one pass checks the days and reads them
        ordinals = [day.toordinal() for day, _ in cash_flows if type(day) is date]
    except ValueError:  # pairs of other lengths
        return None
    if len(ordinals) != len(cash_flows):  # a day not a date (a datetime, a text)
        return None
    amounts = list(map(_SECOND, cash_flows))
    if set(map(type, amounts)) != _DECIMALS:
        return None
    try:
        distinct = set(amounts)
    except TypeError:  # a signalling NaN has no hash
        return None
    try:  # exact (never rounds, raises rather than round), whatever the caller's context
        if len(distinct) <= 64:
            total = functools.reduce(EXACT.add, distinct)
        else:
            with localcontext(EXACT):
                total = sum(distinct)
    except ArithmeticError:  # a signalling NaN, or infinities of both signs
        return None
    if not total.is_finite():
        return None
    # its places from its text (as `to_decimal` reads them, and quicker than its
    # digits' tuple): none finer than 10**-12, and no exponent notation (a
    # number far from 1, left to dated_flows)
    text = str(total)
    point = text.find(".")
    if "E" in text or (point >= 0 and len(text) - point > 13):
        return None
    # Decimal's float() is slow (through its text): once per distinct amount
    floats_of = {amount: float(amount) for amount in distinct}
    if not (min(floats_of.values()) > -1e15 and max(floats_of.values()) < 1e15):
        return None  # every amount finite, as the total is
    floats = list(map(floats_of.__getitem__, amounts))
    if ordinals != sorted(ordinals):  # in C: cheaper than comparing each pair in order
        order = sorted(range(len(ordinals)), key=ordinals.__getitem__)
        ordinals = [ordinals[k] for k in order]
        floats = [floats[k] for k in order]
    return ordinals, floats


def plan_flows(plan: PlanLike, fees: Decimal) -> list[tuple[date, Decimal]]:
    """A plan's cash flows from the borrower's side: the amount received at the
    start (less `fees`), then minus each installment's payment. A schedule or a
    restructured plan says what it finances through its ``cash_flows()``."""
    cash_flows = getattr(plan, "cash_flows", None)
    if callable(cash_flows):
        flows: list[tuple[date, Decimal]] = list(cash_flows())
    else:
        flows = [(plan.loan.start, plan.loan.principal)]
        flows.extend((row.due_date, row.payment.copy_negate()) for row in plan.installments)
    start, received = flows[0]
    net = EXACT.subtract(received, fees)
    if net <= 0:
        raise InvalidInputError(
            f"fees must be less than the amount advanced {received}; got {fees} "
            "(fees are deducted from the amount advanced)"
        )
    flows[0] = (start, net)
    return flows


@functools.lru_cache(maxsize=4096)
def _month_length(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _shift_back(end: date, months: int, start: date | None = None) -> date:
    """`end` moved back `months` months, the day clamped to the month's length.

    When `end` is the last day of its month and the month reached is the month
    of `start`, whose day is later than `end`'s, the result is `start`: months
    measured from the 29th, 30th or 31st end on the last day of a shorter month
    (Regulation Z, Appendix J (b)(3)(iv)), so 31 Jan to 28 Feb is a whole month.
    """
    total = end.year * 12 + end.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    day = min(end.day, _month_length(year, month))
    if (
        start is not None
        and (year, month) == (start.year, start.month)
        and day < start.day
        and end.day == _month_length(end.year, end.month)
    ):
        return start
    return date(year, month, day)


def months_back(start: date, end: date) -> tuple[int, date]:
    """The whole months from `start` to `end`, counted back from `end`.

    Returns ``(k, reached)``: `end` moved back k months is `reached`, the
    earliest such date on or after `start`; the days from `start` to
    `reached` are the odd days left over. A month-end `end` reaches back to a
    later day of `start`'s month (31 Jan to 28 Feb is one month).

    Examples:
        >>> months_back(date(1978, 2, 10), date(1978, 4, 1))
        (1, datetime.date(1978, 3, 1))
        >>> months_back(date(2024, 12, 31), date(2025, 2, 28))
        (2, datetime.date(2024, 12, 31))
    """
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 0 and end.day >= start.day:  # the common case, without building dates
        day = min(end.day, _month_length(start.year, start.month))
        return months, start if day == start.day else start.replace(day=day)
    if months > 0:  # an earlier day: a month-end reaches the start, else one month less
        if end.day == _month_length(end.year, end.month):
            return months, start
        if months == 1:
            return 0, end
        year, month = divmod(start.year * 12 + start.month, 12)  # the month after start's
        return months - 1, date(year, month + 1, min(end.day, _month_length(year, month + 1)))
    while months > 0:
        reached = _shift_back(end, months, start)
        if reached >= start:
            return months, reached
        months -= 1
    return 0, end


@functools.lru_cache(maxsize=4096)
def _year_length(day: date) -> int:
    """Days in the year counted back from `day` to the same day a year before."""
    return (day - _shift_back(day, 12)).days


class TimeBasis(Choice):
    """How the EU APRC measures time (Directive 2008/48/EC, Annex I, remark (c)).

    Whole periods are counted back from each date to the first drawdown, then
    the days left over count as a fraction of a year of 365 or 366 days (the
    days of the year that ends on the date reached).
    """

    MONTHS = "months"
    """12 equal months a year (the default): whole months, then days."""
    WEEKS = "weeks"
    """52 weeks a year: whole weeks, then days."""
    DAYS = "days"
    """A year of 365 days (366 in leap years): whole years, then days."""


def eu_time(start: date, end: date, basis: TimeBasis) -> tuple[tuple[int, int], ...]:
    """The time from `start` to `end` in years, as exact parts ``(n, d)`` summing n/d.

    Examples:
        >>> eu_time(date(2012, 1, 12), date(2012, 2, 15), TimeBasis.MONTHS)
        ((1, 12), (3, 365))
        >>> eu_time(date(1994, 1, 1), date(1995, 7, 1), TimeBasis.DAYS)
        ((1, 1), (181, 365))
    """
    if basis is TimeBasis.WEEKS:
        weeks, days = divmod((end - start).days, 7)
        reached = date.fromordinal(start.toordinal() + days)
        return (weeks, 52), (days, _year_length(reached))
    months, reached = months_back(start, end)
    if basis is TimeBasis.MONTHS:
        return (months, 12), ((reached - start).days, _year_length(reached))
    years = months // 12
    reached = _shift_back(end, 12 * years, start) if years else end
    return (years, 1), ((reached - start).days, _year_length(reached))


_YMD = operator.attrgetter("year", "month", "day")


def same_day_months(
    start: date, days: Sequence[date], *, ascending: bool = False
) -> list[int] | None:
    """The whole months from `start` to each of `days` when every one falls on
    `start`'s day of the month, on or after it (no odd days: a plan's due dates
    as often as not); None otherwise. `ascending`: the caller has checked that
    the days ascend strictly (a plan's), so they are not checked again."""
    day = start.day
    for later in days:  # a loop that stops at the first other day: quicker than a set
        if later.day != day:
            return None
    base = start.year * 12 + start.month
    first, last = days[0], days[-1]
    low = first.year * 12 + first.month - base
    if (
        last.year * 12 + last.month - base - low == len(days) - 1
        and low >= 0
        and (ascending or all(map(operator.lt, days, days[1:])))
    ):  # ascending on one day of the month, n dates over n months: one a month
        return list(range(low, low + len(days)))
    months = [day.year * 12 + day.month - base for day in days]
    return months if min(months) >= 0 else None


_EU_PERIODS = {TimeBasis.MONTHS: 12, TimeBasis.WEEKS: 52, TimeBasis.DAYS: 1}


def eu_units(start: date, days: Sequence[date], basis: TimeBasis) -> tuple[list[int], int]:
    """`eu_time` from `start` to each of `days`, as integers over one denominator
    (the whole periods' and the years of 365 and 366 days' least common multiple).

    Examples:
        >>> eu_units(date(2012, 1, 12), [date(2012, 1, 12), date(2012, 2, 15)], TimeBasis.MONTHS)
        ([0, 24461], 267180)
        >>> Fraction(24461, 267180) == Fraction(1, 12) + Fraction(3, 365)
        True
    """
    period = _EU_PERIODS[basis]
    denominator = math.lcm(period, 365, 366)
    whole = denominator // period
    if basis is TimeBasis.MONTHS:
        months = same_day_months(start, days)
        if months is not None:
            return list(map(whole.__mul__, months)), denominator
    units = []
    base, first_day = start.year * 12 + start.month, start.day
    first_length = _month_length(start.year, start.month)
    months_basis = basis is TimeBasis.MONTHS
    for day, (year, month, day_of_month) in zip(days, map(_YMD, days), strict=True):
        months = year * 12 + month - base
        if months_basis and months > 0 and day_of_month >= first_day:
            # months_back's common case: the day reached is in the start's month
            if day_of_month == first_day:
                units.append(months * whole)
                continue
            reached = min(day_of_month, first_length)
            odd = reached - first_day
            length = _year_length(start.replace(day=reached)) if odd else 1
            units.append(months * whole + odd * (denominator // length))
        else:
            (count, _), (odd, length) = eu_time(start, day, basis)
            units.append(count * whole + odd * (denominator // length))
    return units, denominator


@dataclass(frozen=True, slots=True)
class UnitPeriod:
    """A Regulation Z unit period: n months, a semimonth, or n days (n weeks = 7n days).

    Attributes:
        months: the period in months (1 to 12), or 0.
        days: the period in days, or 0.
        semimonth: True for a semimonth (half a month; 24 a year).
    """

    months: int = 0
    days: int = 0
    semimonth: bool = False

    @classmethod
    def parse(cls, value: UnitPeriod | Frequency | str) -> UnitPeriod:
        """A unit period from a `Frequency`, its name, ``"semimonthly"`` or ``"daily"``."""
        if isinstance(value, UnitPeriod):
            return value
        if isinstance(value, str):
            text = value.strip().lower()
            if text in ("semimonthly", "semimonth"):
                return cls(semimonth=True)
            if text == "daily":
                return cls(days=1)
        try:
            frequency = Frequency.parse(value)
        except InvalidInputError:
            raise InvalidInputError(
                "unit_period must be a Frequency, a frequency name ('monthly', 'weekly', "
                f"'every 2 months'...), 'semimonthly' or 'daily'; got {value!r}"
            ) from None
        if frequency.months:
            return cls(months=frequency.months)
        return cls(days=frequency.days)

    @classmethod
    def of_frequency(cls, frequency: Frequency) -> UnitPeriod:
        """The unit period of a schedule paid at `frequency`."""
        return cls(months=frequency.months) if frequency.months else cls(days=frequency.days)

    @property
    def per_year(self) -> Fraction:
        """Unit periods a year: 12/n for n months, 24 semimonths, 52/n for n weeks,
        365/n for n days (Appendix J (b)(5)(ii)-(v))."""
        if self.semimonth:
            return Fraction(24)
        if self.months:
            return Fraction(12, self.months)
        if self.days % 7 == 0:
            return Fraction(52 * 7, self.days)
        return Fraction(365, self.days)

    @property
    def length(self) -> Fraction:
        """Its approximate length in days (a month is 365/12 days), for comparisons."""
        return (
            Fraction(365) / self.per_year if self.months or self.semimonth else Fraction(self.days)
        )

    @property
    def name(self) -> str:
        """``"1 month"``, ``"semimonth"``, ``"2 weeks"``, ``"10 days"``."""
        if self.semimonth:
            return "semimonth"
        if self.months:
            return f"{self.months} month{'s' if self.months > 1 else ''}"
        if self.days % 7 == 0:
            weeks = self.days // 7
            return f"{weeks} week{'s' if weeks > 1 else ''}"
        return f"{self.days} day{'s' if self.days > 1 else ''}"


def regz_time(start: date, end: date, unit: UnitPeriod) -> tuple[int, Fraction]:
    """Whole unit periods and the fraction left over, from `start` to `end`.

    Appendix J (b)(5): a month unit counts whole months back from `end`, then
    the remaining days over 30; a semimonth or multimonth unit counts 30 days
    for each whole month plus the remaining days, over 15 or 30 times the
    months; a year counts whole years back, then the remaining months over 12
    or, when the rest is not whole months, the remaining days over 365; a
    day or week unit divides the days.

    Examples:
        >>> regz_time(date(1978, 2, 10), date(1978, 4, 1), UnitPeriod(months=1))
        (1, Fraction(19, 30))
        >>> regz_time(date(1978, 3, 20), date(1978, 4, 21), UnitPeriod(days=7))
        (4, Fraction(4, 7))
    """
    whole, rest, size = regz_parts(start, end, unit)
    return whole, Fraction(rest, size)


def regz_parts(start: date, end: date, unit: UnitPeriod) -> tuple[int, int, int]:
    """`regz_time` in integers: ``(whole, rest, size)``, the fraction ``rest / size``
    (not reduced, below 1).

    Examples:
        >>> regz_parts(date(1978, 2, 10), date(1978, 4, 1), UnitPeriod(months=1))
        (1, 19, 30)
    """
    if unit.days:
        whole, rest = divmod((end - start).days, unit.days)
        return whole, rest, unit.days
    months, reached = months_back(start, end)
    odd = (reached - start).days
    if unit.months == 1:
        whole, rest, size = months, odd, 30
    elif unit.months == 12:
        years, rest = divmod(months, 12)
        if not odd:
            whole, size = years, 12
        else:
            reached = _shift_back(end, 12 * years, start) if years else end
            whole, rest, size = years, (reached - start).days, 365
    else:
        size = 15 if unit.semimonth else 30 * unit.months
        whole, rest = divmod(30 * months + odd, size)
    if rest >= size:  # 30 odd days of a 31-day month: a whole period
        whole, rest = whole + rest // size, rest % size
    return whole, rest, size


def months_and_days(start: date, days: Sequence[date]) -> tuple[list[int], list[int]]:
    """`months_back` from `start` to each of `days`: the whole months, and the odd
    days from `start` to the date reached, as two lists.

    The same values as `months_back`, from the dates' (year, month, day)
    without building a date: the odd days depend only on the day of the month
    (and on whether it ends its month), so they are worked out once per
    distinct day. A plan's due dates on another day of the month than its
    start (a restructured plan's first period is odd) would otherwise cost a
    `months_back` each.

    Examples:
        >>> months_and_days(date(2025, 6, 30), [date(2025, 7, 14), date(2025, 8, 14)])
        ([0, 1], [14, 14])
    """
    base, first_day = start.year * 12 + start.month, start.day
    first_length = _month_length(start.year, start.month)
    year, month = divmod(base, 12)  # the month after start's (month 0 is January)
    next_length = _month_length(year, month + 1)
    dates = list(map(_YMD, days))
    months = [year * 12 + month - base for year, month, _ in dates]
    # by the day of the month: (months less, odd days), unless a month-end
    shifts = {
        day: (0, min(day, first_length) - first_day)
        if day >= first_day
        else (1, first_length - first_day + min(day, next_length))
        for day in {day for _, _, day in dates}
    }
    pairs = [shifts[day] for _, _, day in dates]
    if first_day > 28:  # a month-end before the start's day reaches back to the start
        for k, (year, month, day) in enumerate(dates):
            if 28 <= day < first_day and day == _month_length(year, month):
                pairs[k] = (0, 0)
    whole = list(map(operator.sub, months, map(operator.itemgetter(0), pairs)))
    odd = list(map(operator.itemgetter(1), pairs))
    if min(months, default=1) <= 0:  # in the start's month or before: no whole month
        origin = start.toordinal()
        for k, months_after in enumerate(months):
            if months_after <= 0:
                whole[k], odd[k] = 0, days[k].toordinal() - origin
    return whole, odd


def regz_all(
    start: date, days: Sequence[date], unit: UnitPeriod
) -> tuple[list[int], list[int], list[int]]:
    """`regz_parts` from `start` to each of `days`, as three lists (the whole periods,
    the rests and the sizes): the same values, in one pass over the dates for
    every unit but a year (`months_and_days` counts the months).

    Examples:
        >>> regz_all(date(1978, 2, 10), [date(1978, 3, 10), date(1978, 4, 1)], UnitPeriod(months=1))
        ([1, 1], [0, 19], [30, 30])
    """
    count = len(days)
    if unit.days:
        origin, size = start.toordinal(), unit.days
        pairs = [divmod(day.toordinal() - origin, size) for day in days]
        return [whole for whole, _ in pairs], [rest for _, rest in pairs], [size] * count
    if unit.months == 12:  # a year: the rest is months, or days when not whole months
        parts = [regz_parts(start, day, unit) for day in days]
        wholes, rests, sizes = (list(column) for column in zip(*parts, strict=True))
        return wholes, rests, sizes
    if unit.months == 1:
        same_day = same_day_months(start, days)
        if same_day is not None:
            return same_day, [0] * count, [30] * count
    months, odd = months_and_days(start, days)
    if unit.months == 1:
        if max(odd, default=0) >= 30:  # 30 odd days of a 31-day month: a whole period
            pairs = [
                (whole + rest // 30, rest % 30) if rest >= 30 else (whole, rest)
                for whole, rest in zip(months, odd, strict=True)
            ]
            months, odd = [whole for whole, _ in pairs], [rest for _, rest in pairs]
        return months, odd, [30] * count
    size = 15 if unit.semimonth else 30 * unit.months
    pairs = [divmod(30 * whole + rest, size) for whole, rest in zip(months, odd, strict=True)]
    return [whole for whole, _ in pairs], [rest for _, rest in pairs], [size] * count


def regz_monthly(start: date, days: Sequence[date]) -> tuple[int, int] | None:
    """`regz_all`'s whole unit periods and rest, in a unit period of a month, of the
    first due date (`days[1]`: `days` is the start, then the due dates, strictly
    ascending, as a plain plan's) when every due date falls on its day of the
    month, one a month: each later one is then a month more, with the same rest.
    None otherwise, or when a month-end could reach back to the start
    (`months_back`'s rule for a start on the 29th to the 31st), or when the first
    due date is in the start's month: `regz_all` counts those.

    Why it exists: a restructured plan's due dates are this (stated on one day,
    due on another of every month), and `regz_all` reads every date's year, month
    and day to find what the first tells. A property ties it to `regz_all`.

    Examples:
        >>> regz_monthly(date(2025, 6, 30), [date(2025, 6, 30), date(2025, 7, 14),
        ...                                  date(2025, 8, 14)])
        (0, 14)
        >>> regz_all(date(2025, 6, 30), [date(2025, 7, 14), date(2025, 8, 14)],
        ...          UnitPeriod(months=1))
        ([0, 1], [14, 14], [30, 30])
    """
    if len(days) < 2:
        return None
    first, last = days[1], days[-1]
    day = first.day
    for later in itertools.islice(days, 2, None):  # a loop that stops at the first other day
        if later.day != day:
            return None
    count = len(days) - 1
    base = start.year * 12 + start.month
    months = first.year * 12 + first.month - base
    if months < 1 or last.year * 12 + last.month - base - months != count - 1:
        return None  # in the start's month, or not one a month
    start_day = start.day
    length = _month_length(start.year, start.month)
    if day >= start_day:  # months_back's common case: the day reached in the start's month
        odd = min(day, length) - start_day
    elif start_day > 28 and day >= 28:
        return None  # a month-end before the start's day may reach back to the start
    else:  # one month less, then the days to the end of the start's month and on
        months, odd = months - 1, length - start_day + day
    if odd >= 30:  # 30 odd days of a 31-day month: a whole period
        months, odd = months + odd // 30, odd % 30
    return months, odd


def _candidates(start: date, end: date) -> list[UnitPeriod]:
    """The standard intervals a period between two dates counts as."""
    found = []
    months, reached = months_back(start, end)
    if reached == start and 1 <= months <= 12:
        found.append(UnitPeriod(months=months))
    days = (end - start).days
    if days % 7 == 0 and days <= 364:
        found.append(UnitPeriod(days=days))
    if 13 <= days <= 16:
        found.append(UnitPeriod(semimonth=True))
    if not found and days <= 365:
        found.append(UnitPeriod(days=days))
    return found


_STANDARD = (
    [UnitPeriod(days=1)]
    + [UnitPeriod(days=7 * weeks) for weeks in range(1, 53)]
    + [UnitPeriod(semimonth=True)]
    + [UnitPeriod(months=months) for months in range(1, 13)]
)


def infer_unit_period(
    start: date, advances: Sequence[date], payments: Sequence[date]
) -> UnitPeriod:
    """The unit period of a transaction, as Appendix J (b)(4) infers it.

    The periods are the intervals between advances, between payments, and from
    the start to the first payment and the first later advance. The unit period
    is the common period (one occurring more than once, at most a year) that
    occurs most often, the shorter on a tie; with no common period, the
    average period rounded to the nearest standard interval (a day, a week, a
    semimonth, a month, or a multiple of a week or a month up to a year), the
    lower on a tie.
    """
    periods: list[tuple[date, date]] = []
    for dates in (advances, payments):
        later = sorted({day for day in dates if day > start})
        if later:
            periods.append((start, later[0]))
            periods.extend(itertools.pairwise(later))
    counts: dict[UnitPeriod, int] = {}
    for first, second in periods:
        for candidate in _candidates(first, second):
            counts[candidate] = counts.get(candidate, 0) + 1
    common = [(count, -unit.length, unit) for unit, count in counts.items() if count > 1]
    if common:
        return max(common, key=lambda item: (item[0], item[1]))[2]
    average = Fraction(
        sum((second - first).days for first, second in periods), max(len(periods), 1)
    )
    return min(_STANDARD, key=lambda unit: (abs(unit.length - average), unit.length))
