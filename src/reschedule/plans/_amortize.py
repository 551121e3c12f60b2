"""The amortisation engine: a `Loan` in, its exact `Schedule` out.

Everything is computed in whole minor units with Python integers: the
interest of a period is ``balance × rate × year fraction`` as one exact
rational, rounded once; the level payment is the exact annuity formula
rounded once. No result depends on a decimal precision or on the global
decimal context, and the loop is tight enough to beat a float table.
"""

from __future__ import annotations

import itertools
import math
from datetime import date
from decimal import Decimal
from itertools import repeat
from operator import sub

from reschedule.conventions import (
    BusinessDay,
    Frequency,
    InvalidTermsError,
    RoundingMode,
    add_periods,
    adjust,
    apply_terms,
    charge,
    divide,
    fraction_parts,
    integer_ratio,
    rounding_terms,
)
from reschedule.plans._loan import Loan, Method
from reschedule.plans._schedule import Schedule, Table

__all__ = [
    "amortize",
    "periodic_rate",
    "level_payment_ratio",
    "level_payment_units",
    "actual_level_units",
    "equal_principal_units",
    "regular_units",
    "split_rows",
]


def periodic_rate(annual_rate: Decimal | tuple[int, int], frequency: Frequency) -> tuple[int, int]:
    """The nominal periodic rate ``annual_rate / periods_per_year`` as an exact
    (numerator, denominator).

    The one place the periodic rate is computed: schedules, the servicing
    replay and the solvers all call it.

    Examples:
        >>> from decimal import Decimal
        >>> from reschedule.conventions import Frequency
        >>> periodic_rate(Decimal("0.12"), Frequency.MONTHLY)
        (3, 300)
    """
    numerator, denominator = (
        annual_rate if isinstance(annual_rate, tuple) else integer_ratio(annual_rate)
    )
    per_year = frequency.per_year
    return numerator * per_year.denominator, denominator * per_year.numerator


def level_payment_ratio(
    balance: int,
    rate: tuple[int, int],
    periods: int,
    *,
    balloon: int = 0,
    free: int = 0,
) -> tuple[int, int]:
    """The exact level payment, unrounded, as (numerator, denominator > 0).

    The annuity formula ``(B·(1+r)^m − F)·r / ((1+r)^m − 1 + f·r·(1+r)^m)``
    (m = periods − f; with f = 0 it is Excel's PMT) with ``r`` the exact
    periodic `rate`, `balance` B and `balloon` F in minor units, the first
    `free` periods bearing no interest. `level_payment_units` rounds it;
    the rate solver compares a payment with it.

    Examples:
        >>> level_payment_ratio(1000, (1, 10), 2)  # 1000 at 10% a period: 576.19... twice
        (121000, 210)
    """
    numerator, denominator = rate
    if numerator == 0:
        return balance - balloon, periods
    growth: int = (denominator + numerator) ** (periods - free)
    base: int = denominator ** (periods - free)
    top = (balance * growth - balloon * base) * numerator
    bottom = free * numerator * growth + denominator * (growth - base)
    return top, bottom


def level_payment_units(
    balance: int,
    rate: tuple[int, int],
    periods: int,
    mode: RoundingMode,
    *,
    balloon: int = 0,
    multiple: int = 1,
    free: int = 0,
) -> int:
    """The level payment that repays `balance` down to `balloon` in `periods` periods.

    Amounts in minor units; `rate` the periodic rate as an exact
    (numerator, denominator). The first `free` of the periods bear no
    interest. `level_payment_ratio` evaluated as one rational and rounded
    once, to a multiple of `multiple` units.
    """
    top, bottom = level_payment_ratio(balance, rate, periods, balloon=balloon, free=free)
    return divide(top, bottom * multiple, mode) * multiple


def equal_principal_units(balance: int, periods: int, mode: RoundingMode, multiple: int = 1) -> int:
    """The principal part of each of `periods` equal-principal (or flat) installments.

    ``balance / periods`` rounded by `mode` to a multiple of `multiple`
    units; rounded down instead when rounding up would repay the balance
    before the last period (the last installment takes what is left).

    Examples:
        >>> from reschedule.conventions import RoundingMode
        >>> equal_principal_units(1000, 3, RoundingMode.HALF_UP)
        333
        >>> equal_principal_units(1000, 3, RoundingMode.UP)
        334
        >>> equal_principal_units(10, 7, RoundingMode.UP)  # 2 x 6 would pass 10
        1
    """
    part = divide(balance, periods * multiple, mode) * multiple
    if part * (periods - 1) > balance and multiple == 1:
        part = balance // periods  # rounding up would repay before the term ends
    return part


def regular_units(
    method: Method,
    balance: int,
    rate: tuple[int, int],
    periods: int,
    mode: RoundingMode,
    *,
    balloon: int = 0,
    multiple: int = 1,
    free: int = 0,
) -> int:
    """The regular amount of a method on nominal periods, in minor units: the
    installment of ANNUITY and BALLOON (`level_payment_units`), the principal
    part of EQUAL_PRINCIPAL and FLAT (`equal_principal_units`), 0 for
    INTEREST_ONLY.

    `amortize` and the servicing replay (when a prepayment recomputes the
    installments left) both size their rows with it.
    """
    if method is Method.ANNUITY or method is Method.BALLOON:
        return level_payment_units(
            balance, rate, periods, mode, balloon=balloon, multiple=multiple, free=free
        )
    if method is Method.EQUAL_PRINCIPAL or method is Method.FLAT:
        return equal_principal_units(balance, periods, mode, multiple)
    return 0


def actual_level_units(
    balance: int,
    rate: tuple[int, int],
    fractions: list[tuple[int, int]],
    free: int,
    mode: RoundingMode,
    balloon: int = 0,
    multiple: int = 1,
) -> int:
    """The level payment when each period accrues its own year fraction.

    With ``1 + r_k = a_k / b_k`` (``r_k`` = annual rate × the period's fraction;
    0 for the first `free` periods), the payment L that leaves `balloon` after
    the last period solves ``P·Πa − L·T = F·Πb`` with ``T_k = T_(k−1)·a_k + Πb``
    (Horner). L is estimated in floating point with a bound on its error and
    rounded directly when the bound keeps it clear of a rounding boundary; only
    otherwise (rarely) is the exact rational computed, whose integers grow with
    the term. When every period after the first accrues the same fraction (at
    most the first free of interest) the exact rational has a closed form and
    is computed directly (`_odd_first_level_units`). Either way the result is L
    rounded exactly by `mode`.
    """
    numerator, denominator = rate
    if len(fractions) > 1 and free <= 1:
        regular = fractions[1]
        if fractions.count(regular) == len(fractions) - (fractions[0] != regular):
            # every period after the first alike (an odd first period: a restructured
            # plan stated on the 30th with dues on the 15th): the exact ratio at once
            return _odd_first_level_units(
                balance, rate, fractions[0], regular, len(fractions) - 1, free, mode,
                balloon, multiple,
            )  # fmt: skip
    growth, annuity = 1.0, 0.0
    for k, (fn, fd) in enumerate(fractions):
        factor = 1.0 if k < free else 1.0 + numerator * fn / (denominator * fd)
        growth *= factor
        annuity = annuity * factor + 1.0
    estimate = (balance * growth - balloon) / annuity / multiple
    if math.isfinite(estimate) and estimate >= 0:
        error = estimate * (8 * len(fractions) + 16) * 2.0**-52 + 1e-9
        whole = math.floor(estimate)
        part = estimate - whole
        if mode is RoundingMode.HALF_UP or mode is RoundingMode.HALF_EVEN:
            if abs(part - 0.5) > error:
                return (whole + (part > 0.5)) * multiple
        elif error < part < 1 - error:
            return (whole + (mode is RoundingMode.UP)) * multiple
    products_a = products_b = 1
    total = 0
    for k, (fn, fd) in enumerate(fractions):
        b = 1 if k < free else denominator * fd
        a = 1 if k < free else b + numerator * fn
        products_a *= a
        products_b *= b
        total = total * a + products_b
    return divide(balance * products_a - balloon * products_b, total * multiple, mode) * multiple


def _odd_first_level_units(
    balance: int,
    rate: tuple[int, int],
    first: tuple[int, int],
    regular: tuple[int, int],
    periods: int,
    free: int,
    mode: RoundingMode,
    balloon: int,
    multiple: int,
) -> int:
    """`actual_level_units` when the `periods` periods after the first accrue one
    fraction, `regular` (the first, `first`, free of interest when `free`): the
    same exact ratio as its product loop, in closed form. With the first factor
    ``a0 / b0`` and the others ``a / b``, the loop's integers are ``a0·a^m``,
    ``b0·b^m`` and ``b0·Σ_(j ≤ m) a^j·b^(m−j)`` (m = `periods`), the geometric sum
    being ``(a^(m+1) − b^(m+1)) / (a − b)``, exact as ``a − b`` divides it. A few
    powers of integers: cheaper than the float estimate's loop, and exact."""
    numerator, denominator = rate
    if free:
        a0 = b0 = 1
    else:
        b0 = denominator * first[1]
        a0 = b0 + numerator * first[0]
    b = denominator * regular[1]
    step = numerator * regular[0]  # a − b
    a = b + step
    power_a, power_b = a**periods, b**periods
    # b0 times the geometric sum of a^j·b^(m−j) (m + 1 terms of a^m when a = b)
    geometric = (power_a * a - power_b * b) // step if step else (periods + 1) * power_a
    total = b0 * geometric
    top = balance * a0 * power_a - balloon * b0 * power_b
    return divide(top, total * multiple, mode) * multiple


def amortize(loan: Loan) -> Schedule:
    """Compute the repayment schedule of a loan, exact to the minor unit.

    Args:
        loan: the terms.

    Returns:
        The schedule: principal parts sum to the principal, the last closing
        balance is zero, and on every row payment = principal + interest.

    Raises:
        InvalidTermsError: when the terms cannot make a schedule, such as an
            installment multiple so large that the loan is repaid before its
            term, or business-day adjustment that makes two due dates meet.

    Notes:
        Interest of period k: ``round(balance × annual_rate × yf_k)``, where
        ``yf_k`` is the period's year fraction under the day count; a regular
        period of a month-based schedule under a 30/360 convention counts
        exactly ``1 / periods_per_year``. The level payment of an annuity is
        ``P·r / (1 − (1+r)^−n)`` with ``r = annual_rate / periods_per_year``
        (Excel's PMT) when every period accrues that; when periods accrue
        different fractions (actual days, an odd first period) it is sized on
        each period's own rate (`actual_level_units`), so it stays level to the
        end. Either is rounded once; the last installment absorbs every
        rounding residual.

    See also:
        Excel PMT, IPMT, PPMT; numpy-financial `pmt`, `ipmt`, `ppmt`.

    Examples:
        >>> from reschedule import Loan, Rounding, amortize
        >>> loan = Loan(5000, "0.12", 18, "2024-01-01", rounding=Rounding(multiple=1))
        >>> schedule = amortize(loan)
        >>> schedule.payment, schedule[0].principal, schedule.total_interest
        (Decimal('305.00'), Decimal('255.00'), Decimal('488.22'))
    """
    charge(loan.term, "installments of a schedule")
    rounding = loan.rounding
    mode = rounding.mode
    term = loan.term
    balance = original = rounding.to_units(loan.principal, "principal")
    rate = rate_num, rate_den = loan.annual_rate.as_integer_ratio()  # a loan's rate: a Decimal
    periodic = periodic_rate(rate, loan.frequency)

    ends, due, odd_first = _dates(loan)
    starts = [loan.start, *ends[:-1]]
    fraction = _fractions(loan, starts, ends, odd_first)
    # Interest of row k is (base * m + o) // d with (m, o, d) from rounding_terms:
    # a multiply, an add and a floor division a row. Interest-free rows have m = 0.
    uniform = fraction.count(fraction[0]) == term
    if uniform:  # one fraction for all: one set of terms
        numerator, denominator = fraction[0]
        terms = [rounding_terms(rate_num * numerator, rate_den * denominator, mode)] * term
    elif fraction.count(fraction[1]) == term - 1:  # an odd first period, then one fraction
        (first_numerator, first_denominator), (numerator, denominator) = fraction[:2]
        terms = [rounding_terms(rate_num * first_numerator, rate_den * first_denominator, mode)]
        terms += [rounding_terms(rate_num * numerator, rate_den * denominator, mode)] * (term - 1)
    else:  # the terms of each distinct fraction, once (a few at most: 30/360, odd first)
        distinct = {
            f: rounding_terms(rate_num * f[0], rate_den * f[1], mode) for f in set(fraction)
        }
        terms = list(map(distinct.__getitem__, fraction))
    free = loan.interest_free
    if free:
        terms[:free] = [(0, offset, divisor) for _, offset, divisor in terms[:free]]

    grace = loan.principal_grace
    method = loan.method
    level_payment = method is Method.ANNUITY or method is Method.BALLOON
    level = _level(loan, balance, rate, periodic, fraction, uniform)
    last = term - 1
    half_even = mode is RoundingMode.HALF_EVEN
    split = _split_level if level_payment else _split_fixed
    flat = balance if method is Method.FLAT else None  # FLAT: interest on the principal
    principals, interests, left = split(level, grace, last, terms, balance, half_even, flat)
    if left < 0 and level_payment and rounding.multiple is None and loan.payment is None:
        # the level repaid the loan early: rounded up on a small balance over a long
        # term, or an odd first period at a high rate. Take the largest level that
        # does not (repaying early only grows with the level: bisect).
        low, high = 0, level
        while low < high:
            middle = (low + high + 1) // 2
            if split(middle, grace, last, terms, balance, half_even, flat)[2] >= 0:
                low = middle
            else:
                high = middle - 1
        level = low
        principals, interests, left = split(level, grace, last, terms, balance, half_even, flat)
    balance = left
    if balance < 0:
        paid = 0
        for paid_off, principal in enumerate(principals, 1):  # noqa: B007
            paid += principal
            if paid >= original:
                break
        cause = "a fixed payment" if loan.payment is not None else "a rounding multiple"
        raise InvalidTermsError(
            f"the regular installment {rounding.from_units(level)} repays the principal "
            f"{loan.principal} by installment {paid_off} of {term}; use a shorter term "
            f"(or a smaller installment: {cause} may have raised it)"
        )
    # the last installment repays what is left: it absorbs every rounding residual
    base = original if method is Method.FLAT else balance
    interests.append(apply_terms(base, terms[last], mode))
    principals.append(balance)

    regular = min(max(grace, free, 1 if odd_first else 0), last)
    regular_payment = level if level_payment else principals[regular] + interests[regular]
    table = Table(
        opening=original,
        due=due,
        starts=starts,
        ends=ends,
        fraction=fraction,
        principal=principals,
        interest=interests,
        fee=None,
        regular_payment=regular_payment,
    )
    return Schedule(loan, table)


def split_rows(
    method: Method,
    level: int,
    grace: int,
    rows: int,
    terms: list[tuple[int, int, int]],
    balance: int,
    mode: RoundingMode,
    interest_base: int | None = None,
) -> tuple[list[int], list[int], int]:
    """The engine's row rule: the principal and interest of `rows` rows from
    `balance`, the first `grace` of them repaying no principal.

    Row k's interest is its `terms` (`rounding_terms` of its periodic rate)
    applied to the balance, or to `interest_base` when given (FLAT's original
    principal, or an interest base of the servicing replay's own); its
    principal is ``level − interest`` but never below zero for ANNUITY and
    BALLOON, `level` for the other methods. Returns the principal parts, the
    interest parts and the balance left (negative if the level repaid the
    balance early). `amortize` takes every row but the last from it (the last
    repays what is left); the servicing replay, a row at a time, the rows a
    prepayment recomputes.

    Examples:
        >>> from reschedule.conventions import RoundingMode, rounding_terms
        >>> terms = [rounding_terms(1, 100, RoundingMode.HALF_UP)] * 2  # 1% a period
        >>> split_rows(Method.ANNUITY, 50_75, 0, 2, terms, 100_00, RoundingMode.HALF_UP)
        ([4975, 5025], [100, 50], 0)
    """
    half_even = mode is RoundingMode.HALF_EVEN
    if method is Method.ANNUITY or method is Method.BALLOON:
        return _split_level(level, grace, rows, terms, balance, half_even, interest_base)
    if method is Method.FLAT and interest_base is None:
        interest_base = balance
    return _split_fixed(level, grace, rows, terms, balance, half_even, interest_base)


def _split_level(
    level: int,
    grace: int,
    last: int,
    terms: list[tuple[int, int, int]],
    balance: int,
    half_even: bool,
    interest_base: int | None,
) -> tuple[list[int], list[int], int]:
    """Principal and interest of every row but the last for a level installment:
    principal = installment - interest, never below zero. Returns them and the
    balance left for the last row (negative if the level repaid it early)."""
    rows = min(last, len(terms))
    if not grace and interest_base is None and not half_even and rows:
        # one rate from the second row on: the first row's may differ (an odd first
        # period: a restructured plan stated on the 30th with dues on the 15th)
        regular = terms[1] if len(terms) > 1 else terms[0]
        odd = terms[0] != regular
        if terms.count(regular) == len(terms) - odd:
            principals: list[int] = []
            interests: list[int] = []
            add_principal, add_interest = principals.append, interests.append
            start = balance
            if odd:  # the first row by the row rule (`_split_level_rows`)
                multiplier, offset, divisor = terms[0]
                interest = (balance * multiplier + offset) // divisor
                principal = max(level - interest, 0)
                add_principal(principal)
                add_interest(interest)
                balance -= principal
            multiplier, offset, divisor = regular
            if multiplier >= 0 and level >= (balance * multiplier + offset) // divisor:
                # One rate, no grace, and the next row's interest within the installment:
                # the interest only falls with the balance, so no row needs the clamp.
                # The loop keeps the interest alone (the balance falls by the level less
                # it); each principal, the level less its interest, is made after it.
                regular_interests: list[int] = []
                add_regular = regular_interests.append
                for _ in range(rows - odd):
                    interest = (balance * multiplier + offset) // divisor
                    add_regular(interest)
                    balance += interest - level
                principals += map(sub, repeat(level), regular_interests)
                interests += regular_interests
                return principals, interests, balance
            balance = start
    return _split_level_rows(level, grace, last, terms, balance, half_even, interest_base)


def _split_level_rows(
    level: int,
    grace: int,
    last: int,
    terms: list[tuple[int, int, int]],
    balance: int,
    half_even: bool,
    interest_base: int | None,
) -> tuple[list[int], list[int], int]:
    """`_split_level` for any terms: grace, an interest base, half-even ties, rates
    that change from row to row, and rows whose interest exceeds the installment."""
    principals: list[int] = []
    interests: list[int] = []
    add_principal, add_interest = principals.append, interests.append
    # the target of every row but the last: nothing in the grace, then the level
    targets = [0] * grace + [level] * (last - grace)
    for target, (multiplier, offset, divisor) in zip(targets, terms, strict=False):
        total = (balance if interest_base is None else interest_base) * multiplier + offset
        interest = total // divisor
        if half_even and interest & 1 and not total % divisor:
            interest -= 1
        principal = target - interest
        if principal < 0:  # interest above the installment: it pays interest only
            principal = 0
        add_principal(principal)
        add_interest(interest)
        balance -= principal
    return principals, interests, balance


def _split_fixed(
    level: int,
    grace: int,
    last: int,
    terms: list[tuple[int, int, int]],
    balance: int,
    half_even: bool,
    interest_base: int | None,
) -> tuple[list[int], list[int], int]:
    """The same for a fixed principal part (FLAT charges interest on `interest_base`,
    the original principal)."""
    principals = [0] * grace + [level] * (last - grace)
    interests: list[int] = []
    add_interest = interests.append
    for target, (multiplier, offset, divisor) in zip(principals, terms, strict=False):
        total = (balance if interest_base is None else interest_base) * multiplier + offset
        interest = total // divisor
        if half_even and interest & 1 and not total % divisor:
            interest -= 1
        add_interest(interest)
        balance -= target
    return principals, interests, balance


def _level(
    loan: Loan,
    balance: int,
    rate: tuple[int, int],
    periodic: tuple[int, int],
    fraction: list[tuple[int, int]],
    uniform: bool,
) -> int:
    """The level amount in minor units: the installment of ANNUITY and BALLOON,
    the principal part of EQUAL_PRINCIPAL and FLAT, nothing for INTEREST_ONLY
    (`rate` the annual rate's exact ratio, `periodic` the periodic rate's).

    A level installment is sized on the periods' actual year fractions when they
    differ from the nominal ``1 / periods_per_year`` (actual-day conventions, an
    odd first period), so that it is level to the end instead of leaving the
    difference to the last installment.
    """
    rounding = loan.rounding
    mode, multiple = rounding.mode, rounding.multiple_units
    grace = loan.principal_grace
    amortizing = loan.term - grace
    free = max(0, loan.interest_free - grace)  # free amortising periods
    if loan.method is Method.BALLOON and loan.amortization_term is not None:
        periods = loan.amortization_term - grace  # beyond the term: nominal periods
        return regular_units(
            loan.method, balance, periodic, periods, mode, multiple=multiple, free=free
        )
    if loan.method is Method.ANNUITY or loan.method is Method.BALLOON:
        balloon = 0 if loan.balloon is None else rounding.to_units(loan.balloon, "balloon")
        per_year = loan.frequency.per_year
        year_numerator, year_denominator = per_year.numerator, per_year.denominator
        rows = fraction[grace:]
        nominal = uniform and rows[0][0] * year_numerator == rows[0][1] * year_denominator
        if nominal or all(n * year_numerator == d * year_denominator for n, d in rows):
            level = regular_units(
                loan.method, balance, periodic, amortizing, mode,
                balloon=balloon, multiple=multiple, free=free,
            )  # fmt: skip
        else:
            level = actual_level_units(balance, rate, rows, free, mode, balloon, multiple)
        if loan.payment is None:
            return level
        fixed = rounding.to_units(loan.payment, "payment")
        if fixed < level:
            raise InvalidTermsError(
                f"payment must be at least the level payment {rounding.from_units(level)} "
                f"that repays the principal in {loan.term} installments; got {loan.payment} "
                "(use a longer term, or method 'balloon')"
            )
        return fixed
    return regular_units(loan.method, balance, periodic, amortizing, mode, multiple=multiple)


def _dates(loan: Loan) -> tuple[list[date], list[date], bool]:
    """Unadjusted period ends, adjusted due dates, and whether the first period is odd."""
    frequency, term, eom = loan.frequency, loan.term, loan.end_of_month
    first = loan.first_payment
    if first is None:
        ends = list(_periods(loan.start, frequency, term, eom))
        odd_first = False
    else:
        ends = [first, *_periods(first, frequency, term - 1, eom)]
        odd_first = first != _periods(loan.start, frequency, 1, eom)[0]
    if loan.business_day is BusinessDay.UNADJUSTED:
        return ends, ends, odd_first
    due = [adjust(day, loan.business_day, loan.calendar) for day in ends]
    for previous, current in itertools.pairwise(due):
        if current <= previous:
            raise InvalidTermsError(
                f"due dates must strictly increase after business-day adjustment; "
                f"{loan.business_day.value} moves two installments to {current}: "
                "use a longer frequency or another business_day convention"
            )
    return ends, due, odd_first


_PERIODS: dict[tuple[date, int, int, int, bool], tuple[date, ...]] = {}
_REMEMBERED = 4096
"""The most anchors' periods remembered (the cache is emptied when full)."""


def _periods(
    anchor: date, frequency: Frequency, count: int, end_of_month: bool
) -> tuple[date, ...]:
    """`add_periods`, remembered: the schedules of a book share their anchors (its
    plans start on the day of its statements, their first dues in one month). Kept
    by the frequency's months and days, what `add_periods` reads of it (a frequency's
    own hash reads its rate's fraction, a Python call)."""
    key = (anchor, frequency.months, frequency.days, count, end_of_month)
    known = _PERIODS.get(key)
    if known is None:
        if len(_PERIODS) >= _REMEMBERED:
            _PERIODS.clear()
        known = _PERIODS[key] = tuple(add_periods(anchor, frequency, count, end_of_month))
    return known


def _fractions(
    loan: Loan, starts: list[date], ends: list[date], odd_first: bool
) -> list[tuple[int, int]]:
    """Each period's year fraction as (numerator, denominator)."""
    day_count, frequency = loan.day_count, loan.frequency
    maturity = ends[-1]
    if day_count.is_thirty_360 and frequency.months:
        regular = (frequency.months, 12)
        fractions = [regular] * len(ends)
        if odd_first:
            fractions[0] = fraction_parts(starts[0], ends[0], day_count, maturity)
        return fractions
    return [
        fraction_parts(start, end, day_count, maturity)
        for start, end in zip(starts, ends, strict=True)
    ]
