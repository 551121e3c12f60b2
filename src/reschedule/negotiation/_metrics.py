"""Cost and value metrics: IRR, XIRR, NPV, XNPV, the APR under three regulations,
and a check against a cost cap.

Every result is a `Decimal` rounded half-even to 10 decimal places (a rate of
``0.1234567891`` is 12.34567891%): far finer than any regulation asks (the EU
wants one decimal of a percent, Regulation Z an APR within 1/8 of a
percentage point), so a display rounds it as it needs. Rates are found by a
bracketing solver in floats and refined to 50 digits in Decimal under a local
context, so the 10 places are exact; a solver that cannot find a rate raises
`ConvergenceError`, never returns NaN or None.

Cash flows are ``(date, amount)`` pairs; amounts paid out and received have
opposite signs, either way round (a lender's ``-1000`` advance and ``+1050``
repayment give the same rate as a borrower's ``+1000`` and ``-1050``).
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, localcontext
from fractions import Fraction
from itertools import repeat
from typing import NamedTuple, cast

from reschedule.conventions import (
    EXACT,
    Choice,
    DayCount,
    DecimalLike,
    Frequency,
    InvalidInputError,
    fraction_parts,
    non_negative,
    to_decimal,
    to_rate,
)
from reschedule.negotiation._cashflows import (
    CashFlow,
    PlanLike,
    TimeBasis,
    UnitPeriod,
    dated_flows,
    eu_time,
    eu_units,
    infer_unit_period,
    months_back,
    plan_flows,
    quick_dated,
    regz_all,
    regz_monthly,
    same_day_months,
)
from reschedule.negotiation._discount import (
    PLACES,
    Flows,
    _digits,
    dated_value,
    exact_npv,
    fast_floats,
    fast_loan,
    fast_rate,
    find_rate,
    round_rate,
    working_context,
)
from reschedule.negotiation._plan import Plan
from reschedule.plans import Schedule

__all__ = [
    "PLACES",
    "AprConvention",
    "Compounding",
    "CostCapCheck",
    "TimeBasis",
    "apr",
    "check_cost_cap",
    "irr",
    "plan_apr",
    "plan_payments",
    "npv",
    "xirr",
    "xnpv",
]


class AprConvention(Choice, label="convention"):
    """Which regulation's annualised cost `apr` computes."""

    US = "us"
    """US Regulation Z, Appendix J: the actuarial method in unit periods, the APR the
    unit-period rate times the unit periods in a year (a nominal rate)."""
    EU = "eu"
    """EU Consumer Credit Directive 2008/48/EC, Annex I: the APRC, an effective
    annual rate over times in years from the first drawdown."""
    PBOC = "pboc"
    """People's Bank of China Announcement [2021] No. 3: the annualised rate from the
    IRR of the payment periods, compound (effective) or simple (nominal)."""


class Compounding(Choice):
    """How the PBOC annualised rate turns the periodic IRR into a yearly rate."""

    COMPOUND = "compound"
    """``(1 + i)^n − 1``: the effective annual rate (the default; the announcement's
    IRR method, the form it does not require to be labelled)."""
    SIMPLE = "simple"
    """``i × n``: the nominal rate (must be labelled 单利, simple, when disclosed)."""


def _amounts(amounts: Iterable[DecimalLike]) -> list[Decimal]:
    if isinstance(amounts, str | bytes):
        raise InvalidInputError(f"amounts must be a sequence of numbers; got the text {amounts!r}")
    values = [to_decimal(amount, f"amounts[{index}]") for index, amount in enumerate(amounts)]
    if len(values) < 2:
        raise InvalidInputError(
            f"amounts must hold at least two periodic cash flows; got {len(values)} "
            "(give the amount at time 0 and at least one later amount)"
        )
    return values


RATE_DIGITS = 131
"""A discount rate is less than 10**131 in size: every rate `irr` and `xirr` find
(a growth factor up to e**300 a unit of time) can be given back to `npv`/`xnpv`."""


def _rate(rate: DecimalLike) -> Decimal:
    value = to_decimal(rate, "rate", largest=RATE_DIGITS)  # as large as irr's answers
    if value <= -1:
        raise InvalidInputError(
            f"rate must be greater than -1 (-100%); got {value} (a fraction: 0.05 for 5%)"
        )
    return value


def npv(rate: DecimalLike, amounts: Iterable[DecimalLike]) -> Decimal:
    """The net present value of periodic cash flows, the first at time 0.

    Args:
        rate: the discount rate per period, a fraction (``0.05`` for 5%), above -1.
        amounts: the cash flows, one a period, the first undiscounted.

    Returns:
        The present value, computed exactly with integers and rounded half-even
        to 10 decimal places.

    Raises:
        InvalidInputError: a rate of -1 or below, fewer than two amounts, or an
            amount that is not a finite number.

    Notes:
        ``NPV = Σ_k a_k / (1 + rate)^k`` for k = 0, 1, ..., n − 1.

        This is numpy-financial's `npv`. Excel's NPV discounts its first value
        by one period too: Excel's ``NPV(r, v1, ..., vn)`` is
        ``npv(r, [0, v1, ..., vn])``.

    See also:
        Excel NPV; numpy-financial `npv`; `xnpv` for dated flows.

    Examples:
        >>> npv("0.05", [-15000, 1500, 2500, 3500, 4500, 6000])
        Decimal('122.8948549509')
    """
    return exact_npv(_amounts(amounts), _rate(rate))


def irr(amounts: Iterable[DecimalLike]) -> Decimal:
    """The internal rate of return of periodic cash flows: the rate that makes `npv` zero.

    Args:
        amounts: the cash flows, one a period, at least one of each sign.

    Returns:
        The rate per period as a fraction, rounded half-even to 10 decimal places.

    Raises:
        InvalidInputError: no sign change, fewer than two amounts, or an amount
            that is not a finite number.
        ConvergenceError: no rate makes the present value zero.

    Notes:
        Solves ``Σ_k a_k / (1 + r)^k = 0`` for r > −1. When several rates do
        (flows that change sign more than once), the positive rate nearest
        zero, else the negative rate nearest zero (the UK rule for the APR).

    See also:
        Excel IRR and RATE; numpy-financial `irr`; `xirr` for dated flows.

    Examples:
        >>> irr([-70000, 12000, 15000, 18000, 21000, 26000])  # Excel's IRR example: 8.7%
        Decimal('0.0866309480')
    """
    values = _amounts(amounts)
    return _solve(values, list(range(len(values))), 1, lambda: round_rate(find_rate(Flows(values))))


def _solve(
    amounts: list[Decimal],
    units: list[int],
    denominator: int,
    exact: Callable[[], Decimal],
    *,
    simple: list[float] | None = None,
    per_year: float = 1.0,
    compound: bool = True,
) -> Decimal:
    """The rounded rate of flows at ``units / denominator`` periods (in time order):
    the fast path's when it proves it, else `exact`'s (which also gives every error)."""
    fast = fast_rate(
        amounts,
        units,
        denominator,
        simple=simple,
        per_year=per_year,
        compound=compound,
    )
    return exact() if fast is None else fast


def _dated_flows(
    cash_flows: Iterable[CashFlow], day_count: DayCount | str
) -> tuple[list[tuple[date, Decimal]], Flows]:
    flows = dated_flows(cash_flows)
    convention = DayCount.parse(day_count)
    first = flows[0][0]
    parts = [(fraction_parts(first, day, convention),) for day, _ in flows]
    return flows, Flows([amount for _, amount in flows], parts)


def xnpv(
    rate: DecimalLike, cash_flows: Iterable[CashFlow], *, day_count: DayCount | str = "ACT/365F"
) -> Decimal:
    """The net present value of dated cash flows, at the date of the earliest.

    Args:
        rate: the annual discount rate, a fraction (``0.09`` for 9%), above -1.
        cash_flows: ``(date, amount)`` pairs, in any order.
        day_count: how the years between dates are counted; ACT/365F (days / 365)
            by default, as Excel's XNPV.

    Returns:
        The present value, rounded half-even to 10 decimal places.

    Raises:
        InvalidInputError: a rate of -1 or below, no cash flows, or a pair that
            is not a (date, amount).

    Notes:
        ``XNPV = Σ_i a_i / (1 + rate)^(t_i)`` with ``t_i`` the year fraction from
        the earliest date to date i under `day_count`.

    See also:
        Excel XNPV; `npv` for periodic flows.

    Examples:
        >>> flows = [("2008-01-01", -10000), ("2008-03-01", 2750), ("2008-10-30", 4250),
        ...          ("2009-02-15", 3250), ("2009-04-01", 2750)]
        >>> xnpv("0.09", flows)  # Excel's XNPV example: 2086.65
        Decimal('2086.6476020315')
    """
    value = _rate(rate)
    flows = dated_flows(cash_flows)
    units, denominator, _ = _units_of(flows, DayCount.parse(day_count))
    return round_rate(dated_value([amount for _, amount in flows], units, denominator, value))


def xirr(cash_flows: Iterable[CashFlow], *, day_count: DayCount | str = "ACT/365F") -> Decimal:
    """The annual internal rate of return of dated cash flows: the rate that makes `xnpv` zero.

    Args:
        cash_flows: ``(date, amount)`` pairs in any order, at least one of each
            sign, on at least two dates.
        day_count: how the years between dates are counted; ACT/365F by
            default, as Excel's XIRR.

    Returns:
        The effective annual rate as a fraction, rounded half-even to 10
        decimal places.

    Raises:
        InvalidInputError: no sign change, every flow on one date, or a pair
            that is not a (date, amount).
        ConvergenceError: no rate makes the present value zero.

    Notes:
        Solves ``Σ_i a_i / (1 + r)^(t_i) = 0``, ``t_i`` the year fraction from
        the earliest date. Several roots resolve as for `irr`.

    See also:
        Excel XIRR; `irr` for periodic flows; `apr` for the regulated rates.

    Examples:
        >>> flows = [("2008-01-01", -10000), ("2008-03-01", 2750), ("2008-10-30", 4250),
        ...          ("2009-02-15", 3250), ("2009-04-01", 2750)]
        >>> xirr(flows)  # Excel's XIRR example: 0.373362535
        Decimal('0.3733625335')
    """
    year = _QUICK_YEARS.get(day_count) if type(day_count) in (str, DayCount) else None
    if year is not None:
        quick = quick_dated(cash_flows)
        if quick is not None:
            rate = _quick_rate(quick, year)
            if rate is not None:
                return rate
    flows = dated_flows(cash_flows)
    units, denominator, parts = _units_of(flows, DayCount.parse(day_count))
    amounts = [amount for _, amount in flows]

    def exact() -> Decimal:
        return round_rate(find_rate(Flows(amounts, [(part,) for part in parts])))

    return _solve(amounts, units, denominator, exact)


_QUICK_YEARS: dict[object, int] = {
    DayCount.ACT_365F: 365,
    DayCount.ACT_365F.value: 365,
    DayCount.ACT_360: 360,
    DayCount.ACT_360.value: 360,
}
"""The day counts whose times are days over a fixed year, by member and by name."""


def _quick_rate(quick: tuple[list[int], list[float]], year: int) -> Decimal | None:
    """`xirr`'s rate of checked flows (`quick_dated`'s days in order and float
    amounts), proven in floats; None when the floats cannot tell (then the checks
    and the exact solver run as for any flows, and give every error)."""
    days, amounts = quick
    if 0.0 in amounts:  # zero amounts move no root
        kept = [k for k, amount in enumerate(amounts) if amount]
        days = [days[k] for k in kept]
        amounts = [amounts[k] for k in kept]
    return fast_floats(amounts, days, year) if len(amounts) > 1 else None


def _units_of(
    flows: list[tuple[date, Decimal]], convention: DayCount
) -> tuple[list[int], int, list[tuple[int, int]]]:
    """The year fractions from the earliest date as integers over one denominator,
    and as the day count's own fractions (numerator, denominator)."""
    first = flows[0][0]
    if convention in _DAYS_OVER:  # days over a fixed year: the units are the days
        origin, year = first.toordinal(), _DAYS_OVER[convention]
        units = [day.toordinal() - origin for day, _ in flows]
        return units, year, [(days, year) for days in units]
    parts = [fraction_parts(first, day, convention) for day, _ in flows]
    units, denominator = _common_units([((n, d),) for n, d in parts])
    return units, denominator, parts


_DAYS_OVER = {DayCount.ACT_365F: 365, DayCount.ACT_360: 360}
"""The day counts whose year fraction is the days between the dates over a fixed year."""


def _common_units(parts: Sequence[tuple[tuple[int, int], ...]]) -> tuple[list[int], int]:
    """Times given as sums of fractions, as integers over one common denominator."""
    denominator = math.lcm(*{d for part in parts for _, d in part})
    return [sum(n * (denominator // d) for n, d in part) for part in parts], denominator


def _sign(value: Decimal) -> int:
    return (value > 0) - (value < 0)


def _borrower_flows(
    plan_or_cash_flows: PlanLike | Iterable[CashFlow], fees: Decimal
) -> tuple[list[tuple[date, Decimal]], Frequency | None]:
    """Net amounts by date, earliest first, and the plan's frequency if it is a plan."""
    frequency: Frequency | None = None
    # a Schedule first: checking a runtime protocol costs more than an apr of 12 flows
    if isinstance(plan_or_cash_flows, (Schedule, PlanLike)):
        flows = plan_flows(plan_or_cash_flows, fees)
        frequency = plan_or_cash_flows.loan.frequency
    else:
        flows = dated_flows(plan_or_cash_flows, "plan_or_cash_flows")
    result = _netted(flows)
    first_day, first = result[0]
    if frequency is None and fees:
        if fees >= first.copy_abs():
            raise InvalidInputError(
                f"fees must be less than the amount advanced {first.copy_abs()}; got {fees} "
                "(fees are deducted from the amount advanced)"
            )
        result[0] = (first_day, EXACT.subtract(first, fees if first > 0 else fees.copy_negate()))
    return result, frequency


def _netted(flows: list[tuple[date, Decimal]]) -> list[tuple[date, Decimal]]:
    """Amounts summed by date, earliest first; zero amounts dropped but the first."""
    days = [day for day, _ in flows]
    if all(map(operator.lt, days, days[1:])):  # one flow a date, in order: nothing to net
        result = flows
    else:
        netted: dict[date, Decimal] = {}
        for day, amount in flows:
            netted[day] = EXACT.add(netted.get(day, Decimal(0)), amount)
        result = sorted(netted.items())
    first_day, first = result[0]
    if not all(map(operator.itemgetter(1), result)):  # zero amounts move nothing
        result[1:] = [(day, amount) for day, amount in result[1:] if amount]
    if not first:
        raise InvalidInputError(
            f"the earliest cash flow is the advance and must not be zero; got the amounts "
            f"on {first_day} summing to 0"
        )
    return result


def _single_payment_us(start: date, advance: Decimal, payment: date, repaid: Decimal) -> Decimal:
    """Appendix J (b)(4)(iv), (b)(5)(vii)-(viii): a term under a year is one unit period."""
    months, reached = months_back(start, payment)
    per_year = Fraction(12, months) if reached == start else Fraction(365, (payment - start).days)
    with localcontext(working_context(3 + max(0, repaid.adjusted() - advance.adjusted()))):
        rate = repaid.copy_abs() / advance.copy_abs() - 1
        return rate * per_year.numerator / per_year.denominator


def _unit(
    unit_period: UnitPeriod | Frequency | str | None,
    frequency: Frequency | None,
    start: date,
    flows: list[tuple[date, Decimal]],
) -> UnitPeriod:
    if unit_period is not None:
        return UnitPeriod.parse(unit_period)
    if frequency is not None:
        return UnitPeriod.of_frequency(frequency)
    advance_sign = _sign(flows[0][1])
    advances = [day for day, amount in flows if _sign(amount) == advance_sign]
    payments = [day for day, amount in flows if amount and _sign(amount) != advance_sign]
    return infer_unit_period(start, advances, payments)


@functools.lru_cache(maxsize=256)
def _per_year(unit: UnitPeriod) -> Fraction:
    """`UnitPeriod.per_year`, remembered (a Fraction costs more than a short apr)."""
    return unit.per_year


def _annualise(rate: Decimal, per_year: Fraction, compounding: Compounding) -> Decimal:
    growth = working_context(_digits(rate)).add(1, rate)
    growth_digits = float(growth.log10(working_context(0))) if growth > 0 else 0.0
    if compounding is Compounding.COMPOUND:
        growth_digits *= float(per_year)
    with localcontext(working_context(3 + max(0, math.ceil(growth_digits)))):
        if compounding is Compounding.SIMPLE:
            return rate * per_year.numerator / per_year.denominator
        if per_year.denominator == 1:
            return (1 + rate) ** per_year.numerator - 1
        exponent = Decimal(per_year.numerator) / per_year.denominator
        return ((1 + rate).ln() * exponent).exp() - 1


def _check_options(
    convention: AprConvention,
    unit_period: object,
    time_basis: object,
    compounding: object,
) -> None:
    misplaced = [
        (name, value, allowed)
        for name, value, allowed in (
            ("unit_period", unit_period, (AprConvention.US, AprConvention.PBOC)),
            ("time_basis", time_basis, (AprConvention.EU,)),
            ("compounding", compounding, (AprConvention.PBOC,)),
        )
        if value is not None and convention not in allowed
    ]
    if misplaced:
        name, value, allowed = misplaced[0]
        applies = " and ".join(repr(member.value) for member in allowed)
        raise InvalidInputError(
            f"{name} applies to convention {applies} only; got {name}={value!r} with "
            f"convention {convention.value!r} (leave it out)"
        )


def apr(
    plan_or_cash_flows: PlanLike | Iterable[CashFlow],
    convention: AprConvention | str = AprConvention.US,
    *,
    fees: DecimalLike = 0,
    unit_period: Frequency | str | None = None,
    time_basis: TimeBasis | str | None = None,
    compounding: Compounding | str | None = None,
) -> Decimal:
    """The annualised cost of a plan or of dated cash flows, as a regulation defines it.

    Args:
        plan_or_cash_flows: a `Schedule` (or a plan derived from one: anything
            with a ``loan`` and ``installments``), whose cash flows are the
            principal advanced at ``loan.start`` and each installment's payment
            at its due date; or ``(date, amount)`` pairs in which advances and
            repayments have opposite signs, either way round. The earliest
            date's amount is the (first) advance.
        convention: ``"us"`` (Regulation Z), ``"eu"`` (the APRC) or ``"pboc"``.
        fees: charges paid upfront, deducted from the first advance: the
            prepaid finance charges that make the US amount financed, the EU
            charges paid at drawdown, the PBOC fees withheld from the amount
            received. Fees paid later belong in the cash flows.
        unit_period: ``"us"`` and ``"pboc"`` only: the period ("monthly",
            "semimonthly", "weekly", "every 2 months"...). By default a plan's
            frequency; for cash flows, inferred from the payment pattern as
            Appendix J (b)(4) says.
        time_basis: ``"eu"`` only: ``"months"`` (12 equal months a year, the
            default), ``"weeks"`` (52 a year) or ``"days"`` (a year of 365 or
            366 days).
        compounding: ``"pboc"`` only: ``"compound"`` (the default) or ``"simple"``.

    Returns:
        The annual rate as a fraction (``0.0969`` for 9.69%), rounded half-even
        to 10 decimal places.

    Raises:
        InvalidInputError: no sign change, flows on one date only, fees not
            less than the advance, an option of another convention, or a
            malformed cash flow.
        ConvergenceError: no rate makes the present value zero.

    Notes:
        Each convention solves ``Σ advances·discount = Σ repayments·discount``.

        ``"us"``: the unit-period rate i solves
        ``Σ A_k / ((1 + e_k·i)(1 + i)^t_k) = Σ P_j / ((1 + f_j·i)(1 + i)^t_j)``,
        t the whole unit periods from the start of the term and e, f the
        fractions left over, at simple interest; APR = i × unit periods a
        year. Whole months are counted back from each date and the odd days
        count 1/30 of a month. A single advance repaid by a single payment
        within a year is one unit period: APR = (P/A − 1) × 12/months, or ×
        365/days when the term is not whole months.

        ``"eu"``: the APRC X solves ``Σ C_k (1 + X)^−t_k = Σ D_l (1 + X)^−s_l``,
        times in years from the first drawdown: whole periods (months, weeks
        or years) counted back from each date, then the days left over over
        the 365 or 366 days of the year ending on the date reached.

        ``"pboc"``: the IRR i per period (times measured as for ``"us"``, but
        every part compounding); compound: ``(1 + i)^n − 1``, simple:
        ``i × n``, n periods a year.

        Where several rates solve the equation, the positive rate nearest
        zero (the UK rule), else the negative rate nearest zero.

    References:
        - 12 CFR Part 1026 (Regulation Z), Appendix J (b)(1)-(b)(9); the
          disclosure tolerance of 1/8 of a percentage point is § 1026.22(a)(2).
        - Directive 2008/48/EC, Annex I, part I, remarks (a)-(d); the counting
          back of periods and the 365/366-day year of the odd days follow
          Directive 2014/17/EU, Annex I, remark (c)(ii)-(iii).
        - 中国人民银行公告〔2021〕第3号 (PBOC Announcement [2021] No. 3): the
          annualised rate covers all costs against the principal actually
          received; compound (IRR) or simple, the latter labelled.

    See also:
        `xirr` for an effective rate over ACT/365F years; `check_cost_cap`.

    Examples:
        >>> from reschedule import Loan, amortize
        >>> plan = amortize(Loan(5000, "0.0969", 24, "1978-01-10"))
        >>> plan.payment
        Decimal('230.01')
        >>> apr(plan), apr(plan, "eu"), apr(plan, "pboc", compounding="simple")
        (Decimal('0.0968955536'), Decimal('0.1013166835'), Decimal('0.0968955536'))
        >>> apr(plan, fees=100)  # a 100 prepaid finance charge: amount financed 4900
        Decimal('0.1171521278')

        The payments are rounded to the cent, so the APR of this fee-free plan
        is its nominal 9.69% within that rounding.
    """
    if (
        type(plan_or_cash_flows) in _QUICK_PLANS
        and unit_period is None
        and time_basis is None
        and compounding is None
        and type(fees) is int
        and not fees
        and type(convention) in (str, AprConvention)
    ):
        quick = _KINDS.get(convention)
        if quick is not None:
            rate = _quick_plan_apr(plan_or_cash_flows, quick)  # type: ignore[arg-type]
            if rate is not None:
                return rate
    kind = AprConvention.parse(convention)
    _check_options(kind, unit_period, time_basis, compounding)
    upfront = non_negative(fees, "fees")
    flows, frequency = _borrower_flows(plan_or_cash_flows, upfront)
    return _apr_of(flows, frequency, kind, unit_period, time_basis, compounding)


_QUICK_PLANS = frozenset((Schedule, Plan))
"""The plans whose rows `apr` reads straight from their table of minor units."""

_KINDS: dict[object, AprConvention] = {
    **{kind: kind for kind in AprConvention},
    **{kind.value: kind for kind in AprConvention},
}


_PLAN_UNITS: dict[tuple[int, int], tuple[UnitPeriod, float]] = {}


def _plan_unit(frequency: Frequency) -> tuple[UnitPeriod, float]:
    """The unit period of a plan paid at `frequency`, and its periods a year as a
    float, remembered by the frequency's months and days."""
    key = frequency.months, frequency.days
    known = _PLAN_UNITS.get(key)
    if known is None:
        unit = UnitPeriod.of_frequency(frequency)
        known = _PLAN_UNITS[key] = unit, float(unit.per_year)
    return known


class _PlainFlows(NamedTuple):
    """A plain plan's flows as `_quick_plan_apr` reads them, remembered on the
    schedule (they depend on its loan and table alone)."""

    start: date
    advance: Decimal
    """What the borrower receives at the start, net of an installment due then."""
    payments: tuple[int, ...]
    """Each later installment in minor units, positive."""
    scale: int
    """Minor units a unit of money."""
    days: tuple[date, ...]
    """The start, then the due dates, ascending."""
    amounts: tuple[float, ...]
    """The borrower's flows in floats: the advance, then minus each payment, each
    correctly rounded."""
    months: tuple[int, ...] | None
    """`same_day_months` of `days`: the whole months from the start, or None."""


_PLAIN = "apr"
"""The key of a schedule's `_PlainFlows` among its remembered values."""


def _plain_flows(plan: Schedule) -> _PlainFlows | None:
    """The plan's `_PlainFlows`, read from its table on first use; None when the plan
    is not plain (a first advance not positive, a payment not positive, due dates
    not after the start and each other, a single payment)."""
    memo = plan._memo
    if _PLAIN in memo:
        return cast("_PlainFlows | None", memo[_PLAIN])
    flows = memo[_PLAIN] = _read_plain(plan)
    return flows


_PAYMENTS = "payments"
"""The key of a schedule's installments in minor units among its remembered values."""


def plan_payments(plan: Schedule) -> tuple[int, ...]:
    """Each installment of a plan's table in minor units (principal, interest and fee),
    remembered on the schedule: `compare` sums them and `apr` reads them."""
    memo = plan._memo
    payments = cast("tuple[int, ...] | None", memo.get(_PAYMENTS))
    if payments is None:
        table = plan.table
        payments = tuple(map(operator.add, table.principal, table.interest))
        if table.fee is not None:
            payments = tuple(map(operator.add, payments, table.fee))
        memo[_PAYMENTS] = payments
    return payments


def _read_plain(plan: Schedule) -> _PlainFlows | None:
    table = plan.table
    start, advance = plan._financing()
    due = table.due
    if not due or not advance > 0:
        return None
    payments = plan_payments(plan)
    if min(payments) <= 0 or not all(map(operator.lt, due, due[1:])):
        return None
    places = plan.loan.rounding.places
    if due[0] == start:  # due now: netted with the advance, as the exact path nets it
        advance = EXACT.subtract(advance, Decimal(payments[0]).scaleb(-places, EXACT))
        if not advance > 0:
            return None
        due, payments = due[1:], payments[1:]
    if len(due) < 2 or not start < due[0]:
        return None
    days = (start, *due)
    scale = 10**places
    months = same_day_months(start, days, ascending=True)
    return _PlainFlows(
        start,
        advance,
        payments,
        scale,
        days,
        # an int over an int is correctly rounded (over -scale: minus paid / scale)
        (float(advance), *map(operator.truediv, payments, repeat(-scale))),
        None if months is None else tuple(months),
    )


def _quick_plan_apr(plan: Schedule, kind: AprConvention) -> Decimal | None:
    """`apr` of a schedule or plan without fees or options, from its table of minor
    units and its due dates (`_PlainFlows`), proven in floats; None when the floats
    cannot tell or the plan is not plain (as `_plain_flows` says, or Regulation Z
    fractions of two sizes): then `apr` computes it as for any cash flows.

    An installment due on the start day (arrears due now) nets against the
    advance, as `apr` nets the flows of one date. The odd days of a first
    period (a restructured plan stated on the 30th with dues on the 15th) are
    a fraction of every later flow's time: compounding for the PBOC's rate
    (times over the fraction's size), at simple interest for Regulation Z,
    where `_common_fraction` takes it out of the sum."""
    flows = _plain_flows(plan)
    if flows is None:
        return None
    start, days, months = flows.start, flows.days, flows.months
    if kind is AprConvention.EU:
        if months is not None:  # whole months: eu_units' times, months / 12 years
            return fast_loan(flows.amounts, months, 12)
        units, denominator = eu_units(start, days, TimeBasis.MONTHS)
        return fast_floats(list(flows.amounts), units, denominator)
    unit, per_year = _plan_unit(plan.loan.frequency)
    compound = kind is AprConvention.PBOC
    if unit.months == 1 and months is not None:  # monthly, each due date whole months on
        return fast_loan(flows.amounts, months, 1, per_year=per_year, compound=compound)
    guess = None if compound else _contract_guess(plan.loan.annual_rate, per_year)
    if unit.months == 1 and not compound:
        first = regz_monthly(start, days)
        if first is not None:  # a restructured plan's dues: a month apart, one odd period
            return _monthly_odd_apr(flows, *first, per_year, guess)
    wholes, rests, sizes = regz_all(start, days, unit)
    if not any(rests):  # every due date whole periods from the start
        return fast_floats(
            list(flows.amounts), wholes, 1, per_year=per_year, compound=compound, guess=guess
        )
    size = sizes[0]
    if sizes.count(size) != len(sizes):
        return None  # a year's fractions, in months and in days
    if compound:  # the fraction compounds: times in 1/size of a period
        units = [whole * size + rest for whole, rest in zip(wholes, rests, strict=True)]
        return fast_floats(list(flows.amounts), units, size, per_year=per_year)
    common = _common_fraction(flows.advance, flows.payments, flows.scale, wholes, rests, size)
    if common is None:
        return None
    return fast_floats(*common, 1, per_year=per_year, compound=False, guess=guess)


def _contract_guess(rate: Decimal, per_year: float) -> float | None:
    """δ a unit period at a plan's contract `rate` (a nominal annual rate): where the
    solver's step starts for its Regulation Z rate, which is that rate within the
    rounding of the payments for most plans (any start gives the same rate,
    proven, or none)."""
    return math.log1p(float(rate) / per_year) if rate > 0 else None


def _monthly_odd_apr(
    flows: _PlainFlows, whole: int, odd: int, per_year: float, guess: float | None
) -> Decimal | None:
    """Regulation Z's rate of a plain monthly plan whose due dates are `whole` months
    and `odd` days from the start, then a month apart (`regz_monthly`), as
    `_common_fraction` transforms it (every payment at k + f), over 30: the advance
    in two parts, ``odd/30`` of it at 0 periods and the rest at 1, each correctly
    rounded from its exact ratio of integers, and the payments as the plan's flows
    have them, at ``whole + 1`` periods and on (``odd`` 0: at ``whole``, no
    fraction). The same roots as `_common_fraction`'s (its flows over 30). The
    solver starts from `guess` (`_contract_guess`)."""
    count = len(flows.payments)
    if not odd:  # every due date whole months on
        units = [0, *range(whole, whole + count)]
        return fast_loan(flows.amounts, units, 1, per_year=per_year, compound=False, guess=guess)
    numerator, denominator = flows.advance.as_integer_ratio()
    denominator *= 30
    amounts = [
        numerator * odd / denominator,  # an int over an int: correctly rounded
        numerator * (30 - odd) / denominator,
        *flows.amounts[1:],
    ]
    units = [0, 1, *range(whole + 1, whole + 1 + count)]
    return fast_loan(amounts, units, 1, per_year=per_year, compound=False, advances=2, guess=guess)


def _common_fraction(
    advance: Decimal,
    payments: Sequence[int],
    scale: int,
    wholes: list[int],
    rests: list[int],
    size: int,
) -> tuple[list[float], list[int]] | None:
    """Regulation Z flows whose fractions of a period are all 0 or one f = r/size,
    as flows at whole periods with the same rate: the amounts and the periods
    (ascending), or None (two fractions, or periods out of order).

    A flow a at k + f periods is discounted by ``v^k / (1 + f·i)`` (v = 1/(1 + i)),
    one at k periods by ``v^k``. Times ``size·(1 + f·i)·v = size·v + r·(1 − v)``,
    positive for every i > −1 (so the roots are the same), the value is a sum
    of powers of v: a at k + f gives ``size·a`` at k + 1; a at k gives ``r·a``
    at k and ``(size − r)·a`` at k + 1. Each keeps its flow's sign, so the
    signs still change once when they did, and `fast_floats` proves the rate
    of the transformed flows, whose terms are each one correctly rounded
    product of exact numbers (an amount in floats, as it assumes)."""
    fractions = set(rests)
    fractions.discard(0)
    if len(fractions) != 1 or wholes[0] or rests[0]:
        return None
    (odd,) = fractions
    rest_of_period = size - odd
    # the advance, at the start (0 periods): exact products in Decimal, then floats
    amounts = [float(EXACT.multiply(advance, odd)), float(EXACT.multiply(advance, rest_of_period))]
    units = [0, 1]
    if odd in rests[1:] and rests.count(odd) == len(rests) - 1:  # every payment at k + f
        units += map((1).__add__, wholes[1:])
        # an int over an int: correctly rounded
        amounts += map(operator.truediv, map(operator.mul, payments, repeat(-size)), repeat(scale))
    else:
        for paid, whole, rest in zip(payments, wholes[1:], rests[1:], strict=True):
            if rest:
                units.append(whole + 1)
                amounts.append(-paid * size / scale)
            else:
                units += (whole, whole + 1)
                amounts += (-paid * odd / scale, -paid * rest_of_period / scale)
    if not all(map(operator.le, units, units[1:])):
        return None
    return amounts, units


def plan_apr(
    flows: Callable[[], list[tuple[date, Decimal]]],
    frequency: Frequency,
    convention: AprConvention,
    plan: Schedule | None = None,
) -> Decimal:
    """`apr` of a plan, without fees or options, from the `plan`'s table when it is
    given and plain, else from its ``cash_flows()``: `flows` makes them, called
    only then (`compare`'s plans are nearly all plain)."""
    if type(plan) in _QUICK_PLANS:
        rate = _quick_plan_apr(plan, convention)  # type: ignore[arg-type]
        if rate is not None:
            return rate
    cash_flows = flows()
    received = cash_flows[0][1]
    if received <= 0:
        raise InvalidInputError(
            f"fees must be less than the amount advanced {received}; got 0 "
            "(fees are deducted from the amount advanced)"
        )
    return _apr_of(_netted(cash_flows), frequency, convention, None, None, None)


def _apr_of(
    flows: list[tuple[date, Decimal]],
    frequency: Frequency | None,
    kind: AprConvention,
    unit_period: Frequency | str | None,
    time_basis: TimeBasis | str | None,
    compounding: Compounding | str | None,
) -> Decimal:
    """`apr` of net amounts by date, earliest first (the advance net of fees)."""
    start = flows[0][0]
    amounts = [amount for _, amount in flows]
    if kind is AprConvention.EU:
        basis = TimeBasis.parse(time_basis if time_basis is not None else TimeBasis.MONTHS)
        units, denominator = eu_units(start, [day for day, _ in flows], basis)

        def exact_eu() -> Decimal:
            parts = [eu_time(start, day, basis) for day, _ in flows]
            return round_rate(find_rate(Flows(amounts, parts)))

        return _solve(amounts, units, denominator, exact_eu)
    if (
        kind is AprConvention.US
        and unit_period is None
        and len(flows) == 2
        and _sign(amounts[0]) != _sign(amounts[1])
        and months_back(start, flows[1][0])[0] < 12
    ):
        return round_rate(_single_payment_us(start, amounts[0], flows[1][0], amounts[1]))
    if kind is AprConvention.US and unit_period is None and len(flows) == 2:
        unit = UnitPeriod(months=12)  # a single payment a year or more away: a year
    else:
        unit = _unit(unit_period, frequency, start, flows)
    wholes, rests, sizes = regz_all(start, [day for day, _ in flows], unit)
    odd = any(rests)  # some flow falls between whole unit periods
    per_year = _per_year(unit)
    if kind is AprConvention.US:

        def exact_us() -> Decimal:
            parts = [((whole, 1),) for whole in wholes]
            fractions = list(map(Fraction, rests, sizes))
            rate = find_rate(Flows(amounts, parts, fractions))
            return round_rate(_annualise(rate, per_year, Compounding.SIMPLE))

        return _solve(
            amounts,
            wholes,
            1,
            exact_us,
            simple=list(map(operator.truediv, rests, sizes)) if odd else None,
            per_year=float(per_year),
            compound=False,
        )
    parts = [
        ((whole, 1), (rest, size)) for whole, rest, size in zip(wholes, rests, sizes, strict=True)
    ]
    form = Compounding.parse(compounding if compounding is not None else Compounding.COMPOUND)

    def exact_pboc() -> Decimal:
        rate = find_rate(Flows(amounts, parts))
        return round_rate(_annualise(rate, per_year, form))

    units, denominator = _common_units(parts) if odd else (wholes, 1)
    return _solve(
        amounts,
        units,
        denominator,
        exact_pboc,
        per_year=float(per_year),
        compound=form is Compounding.COMPOUND,
    )


@dataclass(frozen=True, slots=True)
class CostCapCheck:
    """The result of `check_cost_cap`: the annualised cost, the cap, and whether it exceeds.

    Attributes:
        rate: the annualised cost under `convention`, as `apr` computes it.
        cap: the cap it was checked against, a fraction (``0.24`` for 24%).
        convention: the convention of `rate`.
        exceeds: True when `rate` is above `cap` (a rate equal to the cap does
            not exceed it).
    """

    rate: Decimal
    cap: Decimal
    convention: AprConvention
    exceeds: bool

    @property
    def headroom(self) -> Decimal:
        """How far the rate is below the cap (negative when it exceeds)."""
        return EXACT.subtract(self.cap, self.rate)


def check_cost_cap(
    plan_or_cash_flows: PlanLike | Iterable[CashFlow],
    cap: DecimalLike,
    convention: AprConvention | str,
    *,
    fees: DecimalLike = 0,
    unit_period: Frequency | str | None = None,
    time_basis: TimeBasis | str | None = None,
    compounding: Compounding | str | None = None,
) -> CostCapCheck:
    """Whether a plan's annualised all-in cost exceeds a cap.

    Caps are settings that change by jurisdiction and year (24%, 36%, four
    times the one-year LPR, a regulator's newer window guidance): pass the one
    that applies, with the convention it is stated in.

    Args:
        plan_or_cash_flows: as for `apr`.
        cap: the cap as a fraction (``0.24`` for 24%), not negative.
        convention: the convention the cap is stated in (no default: a cap
            means nothing without one).
        fees: upfront fees, as for `apr`.
        unit_period: as for `apr`.
        time_basis: as for `apr`.
        compounding: as for `apr`.

    Returns:
        The rate, the cap, the convention and whether the rate exceeds the cap.

    Raises:
        InvalidInputError: a negative cap, or any input `apr` refuses.
        ConvergenceError: as for `apr`.

    Notes:
        ``exceeds = apr(plan, convention, ...) > cap``, comparing the rate
        rounded to 10 decimal places.

    References:
        The caps are the caller's: for example the Supreme People's Court's
        private-lending provisions (2020) protect interest up to four times the
        one-year LPR at contract; Chinese regulators' guidance has used 24%.

    Examples:
        >>> from reschedule import Loan, amortize
        >>> plan = amortize(Loan(10000, "0.18", 12, "2024-01-15"))
        >>> lpr = Decimal("0.0345")  # the one-year LPR at the time: a setting
        >>> check = check_cost_cap(plan, 4 * lpr, "pboc", fees=500, compounding="simple")
        >>> check.rate, check.cap, check.exceeds
        (Decimal('0.2799867464'), Decimal('0.1380'), True)
    """
    limit = to_rate(cap, "cap")
    kind = AprConvention.parse(convention)
    rate = apr(
        plan_or_cash_flows,
        kind,
        fees=fees,
        unit_period=unit_period,
        time_basis=time_basis,
        compounding=compounding,
    )
    return CostCapCheck(rate=rate, cap=limit, convention=kind, exceeds=rate > limit)
