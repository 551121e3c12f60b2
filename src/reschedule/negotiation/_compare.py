"""Comparing plan options by what they cost the borrower and recover for the lender."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import repeat
from operator import mul, sub
from typing import Any, NamedTuple, cast, overload

from reschedule.conventions import (
    EXACT,
    MAX_OPTIONS,
    DecimalLike,
    Displayable,
    InvalidInputError,
    Rounding,
    RoundingMode,
    adapter,
    check_text,
    to_date,
    to_rate,
)
from reschedule.negotiation._discount import dated_value, round_rate
from reschedule.negotiation._metrics import AprConvention, plan_apr, plan_payments
from reschedule.negotiation._plan import Plan
from reschedule.plans import Schedule

__all__ = ["Comparison", "ComparisonRow", "compare"]


class ComparisonRow(NamedTuple):
    """One row of a comparison: one plan option: what it asks and what it is worth.

    Attributes:
        name: the option's name.
        payments: the number of installments (a down payment not counted).
        first_installment: the first installment.
        regular_installment: the plan's regular installment.
        largest_installment: the largest installment (a balance deferred to
            maturity counted too: this is what the last payment asks).
        last_due: the last due date.
        total_paid: everything the borrower pays: down payment and installments.
        total_interest: the interest the plan charges.
        waived: what the lender waives (the concession).
        lender_value: the present value of what the lender receives (down
            payment and installments) at the comparison's discount rate, on
            its valuation date.
        saving: what the borrower pays less than under the baseline (negative
            if more).
        apr: the annualised cost of the plan on what it finances, under the
            comparison's APR convention.
    """

    name: str
    payments: int
    first_installment: Decimal
    regular_installment: Decimal
    largest_installment: Decimal
    last_due: date
    total_paid: Decimal
    total_interest: Decimal
    waived: Decimal
    lender_value: Decimal
    saving: Decimal
    apr: Decimal


@dataclass(frozen=True, slots=True)
class Comparison(Displayable):
    """Plan options side by side: iterate for the rows (`ComparisonRow`), index by name.

    Attributes:
        options: one `ComparisonRow` per plan, in the order given.
        plans: the plans compared, by name.
        discount_rate: the lender's annual discount rate (effective, ACT/365F).
        valuation_date: the day the lender's values are discounted to.
        baseline: the name of the option savings are measured against.
        convention: the APR convention.
    """

    options: tuple[ComparisonRow, ...]
    plans: tuple[tuple[str, Schedule], ...]
    discount_rate: Decimal
    valuation_date: date
    baseline: str
    convention: AprConvention

    def __iter__(self) -> Iterator[ComparisonRow]:
        return iter(self.options)

    def __len__(self) -> int:
        return len(self.options)

    @overload
    def __getitem__(self, key: int) -> ComparisonRow: ...
    @overload
    def __getitem__(self, key: str) -> ComparisonRow: ...
    def __getitem__(self, key: int | str) -> ComparisonRow:
        if isinstance(key, str):
            for option in self.options:
                if option.name == key:
                    return option
            names = ", ".join(repr(option.name) for option in self.options)
            raise KeyError(f"no option named {key!r}; the options are {names}")
        return self.options[key]

    def plan(self, name: str) -> Schedule:
        """The plan of the option named `name`."""
        return dict(self.plans)[self[name].name]

    def to_records(self) -> list[dict[str, Any]]:
        """One dict per option, field by field (values exact: Decimal, date).

        Examples:
            >>> from reschedule import Loan, amortize, compare, extend
            >>> schedule = amortize(Loan(12_000, "0.12", 12, "2024-01-15"))
            >>> table = compare({"as is": schedule, "extended": extend(schedule, 12)})
            >>> [record["regular_installment"] for record in table.to_records()]
            [Decimal('1066.19'), Decimal('564.88')]
        """
        return [option._asdict() for option in self.options]

    def to_dict(self) -> dict[str, Any]:
        """The comparison as a JSON-ready dict (`reschedule.to_dict`): money and rates
        as strings, with the plans, so `reschedule.from_dict` reads it back."""
        result: dict[str, Any] = adapter("to_dict")(self)
        return result

    def __repr__(self) -> str:
        names = ", ".join(option.name for option in self.options)
        return f"<Comparison of {len(self)} options ({names}) against {self.baseline!r}>"


def compare(
    plans: Mapping[str, Schedule] | Sequence[Schedule],
    *,
    discount_rate: DecimalLike = "0.10",
    baseline: str | None = None,
    convention: AprConvention | str = AprConvention.US,
    valuation_date: date | None = None,
) -> Comparison:
    """Compare plan options: installments, totals, concessions, lender value and APR.

    Args:
        plans: the options by name: plans from the restructuring operations,
            or schedules (a loan as it stands); or a list of them, named
            ``"option 1"``, ``"option 2"``...
        discount_rate: the lender's annual discount rate (its cost of funds or
            target return), a fraction, effective per year over ACT/365F.
        baseline: the option the borrower's saving is measured against; the
            first option by default.
        convention: the APR convention (``"us"``, ``"eu"`` or ``"pboc"``).
        valuation_date: the day the lender's values are discounted to; the
            earliest start of the plans by default.

    Returns:
        The comparison.

    Notes:
        Lender value: ``Σ p_i / (1 + d)^(t_i)`` over the down payment and the
        installments, ``t_i`` in years (days / 365) from the valuation date.
        A plan's APR is computed on what it finances (what was owed less what
        was waived), so two offers for the same debt compare fairly.

    Examples:
        >>> from reschedule import Loan, amortize, compare, extend, freeze
        >>> schedule = amortize(Loan(12_000, "0.12", 12, "2024-01-15"))
        >>> table = compare({"as is": schedule, "extend 12": extend(schedule, 12),
        ...                  "freeze 24": freeze(schedule, 24)}, discount_rate="0.08")
        >>> [(o.name, o.regular_installment, o.total_paid, o.saving) for o in table]
        [('as is', Decimal('1066.19'), Decimal('12794.23'), Decimal('0.00')),
         ('extend 12', Decimal('564.88'), Decimal('13557.18'), Decimal('-762.95')),
         ('freeze 24', Decimal('500.00'), Decimal('12000.00'), Decimal('794.23'))]
        >>> table["freeze 24"].apr, table["as is"].apr
        (Decimal('0E-10'), Decimal('0.1200010571'))
    """
    if isinstance(plans, Schedule):
        raise InvalidInputError(
            f"compare takes several options: a dict of plans by name, or a list of plans; "
            f"got one {type(plans).__name__} (use compare([plan]) or compare({{'name': plan}}))"
        )
    if not isinstance(plans, Mapping):
        if isinstance(plans, str) or not isinstance(plans, Sequence):
            raise InvalidInputError(
                "compare takes a dict of plans by name, or a list of plans; "
                f"got {type(plans).__name__}"
            )
        plans = {f"option {number}": plan for number, plan in enumerate(plans, 1)}
    if not plans:
        raise InvalidInputError("compare needs at least one plan; got none")
    if len(plans) > MAX_OPTIONS:
        raise InvalidInputError(
            f"compare takes at most {MAX_OPTIONS} options; got {len(plans)}",
            code="too_much_work",
            path="plans",
        )
    for name, plan in plans.items():
        if not isinstance(name, str) or not name:
            raise InvalidInputError(f"option names must be non-empty strings; got {name!r}")
        _checked_name(name)
        if not isinstance(plan, Schedule):
            raise InvalidInputError(
                f"option {name!r} must be a Schedule or a Plan; got {type(plan).__name__}"
            )
    if type(discount_rate) is str:  # a book's comparisons give the same text
        rate, growth = _discount_rate(discount_rate)
    else:
        rate = to_rate(discount_rate, "discount_rate", negative=True)  # "8%" or 0.08, not 8
        growth = float(rate)
    chosen = next(iter(plans)) if baseline is None else baseline
    if chosen not in plans:
        raise InvalidInputError(
            f"baseline must name one of the options {list(plans)}; got {baseline!r}"
        )
    apr_convention = (
        convention if type(convention) is AprConvention else AprConvention.parse(convention)
    )
    starts = {name: _start(plan) for name, plan in plans.items()}
    start = (
        min(starts.values())
        if valuation_date is None
        else to_date(valuation_date, "valuation_date")
    )
    units = {name: _installments(plan) for name, plan in plans.items()}
    paid = {name: _total_paid(plan, units[name]) for name, plan in plans.items()}
    asked, kind = paid[chosen], apr_convention  # the baseline's total paid
    rates = rate, growth
    options = tuple(
        _option(name, plan, units[name], starts[name], rates, start, asked, paid[name], kind)
        for name, plan in plans.items()
    )
    return Comparison(
        options=options,
        plans=tuple(plans.items()),
        discount_rate=rate,
        valuation_date=start,
        baseline=chosen,
        convention=apr_convention,
    )


def _start(plan: Schedule) -> date:
    """The day a plan starts: the date of its first cash flow (``cash_flows()[0]``),
    without making its flows, which `plan_apr` seldom needs."""
    return plan.terms.start if isinstance(plan, Plan) else plan.loan.start


def _installments(plan: Schedule) -> Sequence[int]:
    """Each installment of a plan's table in minor units: principal, interest and fee
    (`plan_payments`: remembered on the plan, where `apr` reads them too)."""
    return plan_payments(plan)


@functools.lru_cache(maxsize=64)
def _discount_rate(text: str) -> tuple[Decimal, float]:
    """A discount rate given as text, checked (`to_rate`) and in floats, remembered:
    a book's comparisons give the same."""
    rate = to_rate(text, "discount_rate", negative=True)  # "8%" or 0.08, not 8
    return rate, float(rate)


def _total_paid(plan: Schedule, payments: Sequence[int]) -> Decimal:
    """What the borrower pays under a plan (`Plan.total_paid`, a schedule's
    `total_payment`), from its installments in minor units: their sum is its
    columns' (a subclass's own figure asked of it)."""
    kind = type(plan)
    if kind is Plan:
        down = cast("Plan", plan).down_payment
        return EXACT.add(down, plan.rounding.from_units(sum(payments)))
    if kind is Schedule:
        return plan.rounding.from_units(sum(payments))
    return plan.total_paid if isinstance(plan, Plan) else plan.total_payment


@functools.lru_cache(maxsize=256)
def _checked_name(name: str) -> str:
    """An option's name checked (`check_text`), remembered: a book's comparisons
    name their options alike."""
    return check_text(name, "option name")


def _option(
    name: str,
    plan: Schedule,
    payments: Sequence[int],
    start: date,
    rates: tuple[Decimal, float],
    valuation_date: date,
    baseline_paid: Decimal,
    total_paid: Decimal,
    convention: AprConvention,
) -> ComparisonRow:
    rounding: Rounding = plan.rounding
    table = plan.table
    if start < valuation_date:
        raise InvalidInputError(
            f"option {name!r} starts on {start}, before the valuation date "
            f"{valuation_date}; value the options on or before their starts"
        )
    down = plan.down_payment if isinstance(plan, Plan) else Decimal(0)
    # `payments`: the installments from the plan's columns of minor units, as its rows
    # have them (`_installments`). The lender's receipts (the down payment at the start,
    # then the installments) at their days from the valuation date, over ACT/365F
    # years: xnpv's value
    origin = valuation_date.toordinal()
    days = [start.toordinal() - origin, *map(sub, map(date.toordinal, table.due), repeat(origin))]
    return ComparisonRow(  # by position, in the fields' order (a call with keywords costs more)
        name,  # name
        len(payments),  # payments
        rounding.from_units(payments[0]),  # first_installment
        plan.payment,  # regular_installment
        rounding.from_units(max(payments)),  # largest_installment
        plan.maturity,  # last_due
        total_paid,  # total_paid
        plan.total_interest,  # total_interest
        rounding.round(plan.waived.total if isinstance(plan, Plan) else Decimal(0)),  # waived
        _lender_value(down, payments, days, rates, rounding),  # lender_value
        EXACT.subtract(baseline_paid, total_paid),  # saving
        plan_apr(plan.cash_flows, plan.loan.frequency, convention, plan),  # apr
    )


_UNIT = 2.0**-53
"""The unit roundoff of a float."""


def _lender_value(
    down: Decimal,
    payments: Sequence[int],
    days: list[int],
    rates: tuple[Decimal, float],
    rounding: Rounding,
) -> Decimal:
    """`xnpv` at `rates` (the rate, and in floats) of the down payment and the
    installments (`payments`, in minor units) paid `days` after the valuation date
    (ACT/365F), rounded to its 10 places as `xnpv` rounds, then to the minor unit
    with the plan's rounding.

    The value is summed in floats with a bound on every rounding error; when every
    value within the bound rounds to the same amount (both roundings only ever
    rise with the value, so its two ends tell), that is the amount the exact sum
    rounds to. Otherwise (a value too near a rounding boundary, a rate too large
    for floats) it is the exact sum, to 50 significant digits (`dated_value`)."""
    rate, growth = rates
    fast = None
    if not down:  # no down payment (most plans): nothing to scale
        fast = _float_value([0, *payments], days, growth)
    else:
        scaled = down.scaleb(rounding.places, EXACT)
        if scaled == scaled.to_integral_value():
            fast = _float_value([int(scaled), *payments], days, growth)
    if fast is not None:
        value, bound = fast
        units = _rounded(value, bound, rounding)
        if units is not None:
            return rounding.from_units(units)
        places = -rounding.places
        low = Decimal(math.nextafter(value - bound, -math.inf)).scaleb(places, EXACT)
        high = Decimal(math.nextafter(value + bound, math.inf)).scaleb(places, EXACT)
        rounded = rounding.round(round_rate(low))
        if rounded == rounding.round(round_rate(high)):
            return rounded
    money = rounding.from_units
    amounts = [down, *map(money, payments)]
    return rounding.round(round_rate(dated_value(amounts, days, 365, rate)))


def _rounded(value: float, bound: float, rounding: Rounding) -> int | None:
    """The amount in minor units that every value within `bound` of `value` (in minor
    units) rounds to, to 10 decimal places and then to the minor unit in the
    rounding's mode (symmetric about zero), told in floats; None when a value
    within the bound (and a unit of the tenth place) could round otherwise."""
    size = abs(value)
    margin = bound + 10.0 ** (rounding.places - 10) + 4 * _UNIT * size
    if size <= 1 + margin:
        return None  # near zero: its sign decides
    if rounding.mode in (RoundingMode.HALF_UP, RoundingMode.HALF_EVEN):
        units = math.floor(size + 0.5)
        low, high = units - 0.5, units + 0.5
    elif rounding.mode is RoundingMode.UP:
        units = math.ceil(size)
        low, high = units - 1, units
    else:  # DOWN
        units = math.floor(size)
        low, high = units, units + 1
    if not (size - low > margin and high - size > margin):
        return None
    return units if value > 0 else -units


def _float_value(units: list[int], days: list[int], growth: float) -> tuple[float, float] | None:
    """``Σ units_k (1 + rate)^−(days_k / 365)`` in floats and a bound on its error, or
    None where floats cannot hold it: `growth` is the rate in floats (correctly
    rounded: its error is bounded below as such)."""
    least, most = min(units), max(units)
    if not -0.5 < growth < 1e6 or most >= 2**53 or least <= -(2**53):
        return None
    log = math.log1p(growth) / 365
    # the error of log: the rate's conversion, log1p's own and the division's
    log_error = (2 * _UNIT * abs(growth) / (1 + growth) + 4 * _UNIT * abs(math.log1p(growth))) / 365
    log_error += 2 * _UNIT * abs(log)
    assert len(units) == len(days)
    # amount × exp(−day × log), a term each (−day × log is day × −log to the bit)
    terms = list(map(mul, units, map(math.exp, map(mul, days, repeat(-log)))))
    value = math.fsum(terms)
    # each term's error: its exponent's (the log's, times the days, and the product's),
    # the exponential's and the product's; at most the largest's for each
    latest = max(max(days), -min(days))  # the largest size
    relative = latest * log_error + 2 * _UNIT * latest * abs(log) + 4 * _UNIT
    # Σ|terms|: the sum itself when no amount is negative (every term then is not)
    total = value if least >= 0 else math.fsum(map(abs, terms))
    bound = 2 * (1.1 * relative * total + 2 * _UNIT * abs(value)) + 1e-300
    if not (math.isfinite(value) and math.isfinite(bound)) or relative > 1e-6:
        return None
    return value, bound
