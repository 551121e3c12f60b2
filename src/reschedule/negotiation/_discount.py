"""Discounting, and the solver for the rate that makes a present value zero.

A set of flows is amounts at exact times: amount k is discounted by
``(1 + r)^-t_k / (1 + f_k·r)``, where ``t_k`` is a sum of exact fractions (the
compound part) and ``f_k`` a fraction of a period at simple interest (only
Regulation Z uses it). The solver finds the rate in three steps:

1. It locates the root the regulations ask for, in floats: the positive rate
   nearest zero, else the negative rate nearest zero. Flows that change sign
   once have exactly one root (Descartes' rule of signs, which holds for real
   exponents too), found by doubling a step away from zero; otherwise a grid
   scans out from zero, positive side first, in steps of 5% in ln(1 + r): two
   roots closer together than a step, which leave the present value of one
   sign at both ends of it, are not seen.
2. Brent's method narrows the bracket in floats.
3. Newton's method, safeguarded by bisection inside the bracket, refines it in
   50-digit Decimal arithmetic under a local context, so the caller can round
   the rate to 10 decimal places and trust every digit.

Before it, a fast path (`fast_floats`, `fast_rate`) tries flows whose signs
change once in floats: Halley's method from a guess by the moments of the two
signs, and a proof of the rounded rate's 10 places by the sign of the present
value half a unit either side, with a bound on every rounding error and on
Taylor's remainder. It returns a rate only when proven, else nothing, and the
exact solver above runs (and raises every error).

Nothing here reads or changes the global decimal context.
"""

from __future__ import annotations

import functools
import itertools
import math
import operator
from collections.abc import Callable, Sequence
from decimal import (
    MAX_EMAX,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from fractions import Fraction

from reschedule.conventions import (
    EXACT,
    ConvergenceError,
    InvalidInputError,
    RoundingMode,
    divide,
    integer_ratio,
)

__all__ = [
    "PLACES",
    "FastFlows",
    "Flows",
    "dated_value",
    "exact_npv",
    "fast_loan",
    "fast_rate",
    "find_rate",
    "present_value",
    "round_rate",
    "working_context",
]

PLACES = 10
"""Rates and present values are returned rounded half-even to this many decimal places."""

_QUANTUM = Decimal(1).scaleb(-PLACES)
_CONTEXT = Context(
    prec=50,
    rounding=ROUND_HALF_EVEN,
    Emax=MAX_EMAX,
    Emin=MIN_EMIN,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
"""The working context of the solver: 50 significant digits, never the global context."""


@functools.cache
def working_context(digits: int) -> Context:
    """The solver's context with `digits` more significant digits than its 50, for
    amounts or rates so large that 50 digits would not reach 10 decimal places."""
    if digits <= 0:
        return _CONTEXT
    context = _CONTEXT.copy()
    context.prec = _CONTEXT.prec + digits
    return context


def _digits(value: Decimal) -> int:
    """How many digits `value` has before its decimal point (0 below 1)."""
    return max(0, value.adjusted() + 1) if value else 0


_TOLERANCE = Decimal("1e-30")
"""The refinement stops when a step in the growth factor x = 1 + r is this small
(relative to x when x < 1, so rates near −100% keep their digits)."""

_DELTA_MAX = 300.0
"""The largest ln(1 + r) solved for: rates up to about 10¹³⁰ a unit of time. Beyond,
the digits the refinement needs (and its time) grow without bound. (Rates near −100%
need no more digits: the refinement's tolerance is relative there.)"""

_U_MAX = 1500.0
"""Beyond this many e-folds over the flows' span one flow outweighs all the others."""


class Flows:
    """Amounts at exact times, ready for discounting (internal to the metrics)."""

    __slots__ = (
        "amounts",
        "digits",
        "floats",
        "nonzero",
        "parts",
        "periodic",
        "simple",
        "simple_floats",
        "time_floats",
        "times",
    )

    def __init__(
        self,
        amounts: Sequence[Decimal],
        parts: Sequence[tuple[tuple[int, int], ...]] | None = None,
        simple: Sequence[Fraction] | None = None,
    ) -> None:
        """`parts[k]` is the compound time of amount k as ``((n, d), ...)`` summing n/d;
        without `parts` the times are 0, 1, 2... (periodic flows, as for IRR)."""
        self.amounts = tuple(amounts)
        self.digits = max((_digits(amount) for amount in self.amounts), default=0)
        floats = [float(amount) for amount in self.amounts]
        if parts is None:  # leading and trailing zeros move no root, but would underflow
            nonzero = [k for k, amount in enumerate(self.amounts) if amount]
            if nonzero:
                floats = floats[nonzero[0] : nonzero[-1] + 1]
        self.floats = floats
        self.periodic = parts is None
        count = len(self.amounts)
        self.simple: tuple[Fraction | int, ...] = (0,) * count if simple is None else tuple(simple)
        self.simple_floats = [float(f) for f in self.simple]
        self.times: list[Fraction | int]
        if parts is None:  # integer times, kept as ints: Fraction arithmetic is slow
            self.parts: tuple[tuple[tuple[int, int], ...], ...] = tuple(
                ((k, 1),) for k in range(count)
            )
            self.times = list(range(count))
        else:
            self.parts = tuple(tuple((n, d) for n, d in part if n) for part in parts)
            self.times = [_exact_sum(part) for part in self.parts]
        self.time_floats = [float(t) for t in self.times]
        self.nonzero = (
            [  # (amount, time, simple share) of the flows that move the value
                (amount, t, f)
                for amount, t, f in zip(
                    self.floats, self.time_floats, self.simple_floats, strict=True
                )
                if amount
            ]
            if parts is not None
            else []
        )

    def float_value(self, delta: float) -> float:
        """The present value at ``r = e^delta − 1``, scaled by a positive factor so that
        the largest term is ±1: its sign is the sign of the present value, and it
        neither overflows nor underflows."""
        amounts = self.floats
        if self.periodic:
            acc = 0.0
            if delta >= 0:  # Σ a_k v^k with v = e^-delta ≤ 1
                v = math.exp(-delta)
                for amount in reversed(amounts):
                    acc = acc * v + amount
            else:  # v^(n-1) Σ a_k u^(n-1-k) with u = e^delta < 1
                u = math.exp(delta)
                for amount in amounts:
                    acc = acc * u + amount
            return acc
        log_simple = _log_simple_at(delta)
        flows = self.nonzero
        logs = [-t * delta - (log_simple(f) if f else 0.0) for _, t, f in flows]
        top = max(logs)
        exp = math.exp
        return math.fsum(
            amount * exp(log - top) for (amount, _, _), log in zip(flows, logs, strict=True)
        )

    def value_and_slope(
        self, growth: Decimal, context: Context, slope: bool = True
    ) -> tuple[Decimal, Decimal]:
        """The present value at the growth factor ``x = 1 + r`` and its derivative
        in x (equal to the derivative in r), to 50 significant digits.

        Working in x rather than r keeps rates near −100% exact: x = 1e-1000 is
        a 50-digit Decimal, while r = −1 + 1e-1000 is not.
        """
        with localcontext(context):
            if self.periodic:  # Horner in v = 1/x: F = Σ a_k v^k, dF/dx = −v² Σ k a_k v^(k−1)
                v = 1 / growth
                value = derivative = Decimal(0)
                for amount in reversed(self.amounts):
                    derivative = derivative * v + value
                    value = value * v + amount
                return value, -derivative * v * v
            log = growth.ln()
            roots: dict[int, Decimal] = {}
            value = derivative = Decimal(0)
            for amount, part, time, f in zip(
                self.amounts, self.parts, self.times, self.simple, strict=True
            ):
                if not amount:
                    continue
                factor = Decimal(1)
                for n, d in part:
                    root = roots.get(d)
                    if root is None:
                        root = roots[d] = (-log / d).exp()
                    factor *= root**n
                if f:  # 1 + f·r = (1 − f) + f·x
                    share = Decimal(f.numerator) / f.denominator
                    simple = (1 - share) + share * growth
                    factor /= simple
                term = amount * factor
                value += term
                if slope:
                    rate_of_change = -(Decimal(time.numerator) / time.denominator) / growth
                    if f:
                        rate_of_change -= share / simple
                    derivative += term * rate_of_change
            return value, derivative


def _exact_sum(part: tuple[tuple[int, int], ...]) -> Fraction:
    """``Σ n/d`` over `part`, exactly: one Fraction from integers (what summing a
    Fraction per term gives, without creating and normalising each)."""
    numerator, denominator = 0, 1
    for n, d in part:
        numerator, denominator = numerator * d + n * denominator, denominator * d
    return Fraction(numerator, denominator)


def _log_simple_at(delta: float) -> Callable[[float], float]:
    """``share ↦ ln(1 + share·r)`` for ``r = e^delta − 1``, without overflow at huge
    rates; the exponential computed once, for every share."""
    # 1 + f(e^δ − 1) = e^δ (f + (1 − f) e^−δ)
    if delta > 30:
        decay = math.exp(-delta)
        return lambda share: delta + math.log(share + (1 - share) * decay)
    growth = math.expm1(delta)
    return lambda share: math.log1p(share * growth)


def present_value(flows: Flows, rate: Decimal) -> Decimal:
    """The present value of `flows` at `rate`, to 50 significant digits or more."""
    context = working_context(flows.digits + _digits(rate))
    return flows.value_and_slope(context.add(1, rate), context, slope=False)[0]


def dated_value(
    amounts: Sequence[Decimal], units: Sequence[int], denominator: int, rate: Decimal
) -> Decimal:
    """``Σ a_k (1 + rate)^−(units_k / denominator)``, `units` ascending from 0, to 50
    significant digits or more (as `present_value`): Horner's rule in the discount
    factor of one unit, ``v = (1 + rate)^(−1/denominator)``, its powers by the
    gaps between the units (a few distinct ones), so one logarithm and one
    exponential serve every flow."""
    context = working_context(
        max((_digits(amount) for amount in amounts), default=0) + _digits(rate)
    )
    with localcontext(context):
        factor = ((1 + rate).ln() / -denominator).exp()
        powers: dict[int, Decimal] = {}
        value = Decimal(0)
        later = units[-1]
        for amount, unit in zip(reversed(amounts), reversed(units), strict=True):
            gap = later - unit
            power = powers.get(gap)
            if power is None:
                power = powers[gap] = factor**gap
            value = value * power + amount
            later = unit
        if later:
            value *= factor**later
        return value


def round_rate(value: Decimal) -> Decimal:
    """A rate or an amount rounded half-even to `PLACES` decimal places."""
    context = working_context(_digits(value) + PLACES - _CONTEXT.prec + 2)
    return value.quantize(_QUANTUM, rounding=ROUND_HALF_EVEN, context=context)


def exact_npv(amounts: Sequence[Decimal], rate: Decimal) -> Decimal:
    """``Σ a_k / (1 + rate)^k`` computed exactly with integers, rounded once."""
    rate_num, rate_den = integer_ratio(rate)
    grow, base = rate_den + rate_num, rate_den  # 1 + rate = grow / base
    ratios = [integer_ratio(amount) for amount in amounts]
    scale = math.lcm(*(den for _, den in ratios))
    units = [num * (scale // den) for num, den in ratios]
    numerator, denominator = units[-1], 1
    for unit in reversed(units[:-1]):  # a + (base/grow)·(rest): one fraction over grow^k
        numerator = numerator * base + unit * denominator * grow
        denominator *= grow
    top, bottom = numerator * 10**PLACES, denominator * scale
    rounded = divide(abs(top), bottom, RoundingMode.HALF_EVEN)
    return Decimal(-rounded if top < 0 else rounded).scaleb(-PLACES, EXACT)


def _sign(value: float | Decimal) -> int:
    return (value > 0) - (value < 0)


def _brent(function: Callable[[float], float], low: float, high: float) -> float:
    """A root of `function` in [low, high], whose ends have opposite signs (Brent 1973)."""
    f_low, f_high = function(low), function(high)
    if f_low == 0:
        return low
    if f_high == 0:
        return high
    a, b, fa, fb = low, high, f_low, f_high
    c, fc = a, fa
    d = e = b - a
    for _ in range(300):
        if _sign(fb) == _sign(fc):
            c, fc = a, fa
            d = e = b - a
        if abs(fc) < abs(fb):
            a, b, c = b, c, b
            fa, fb, fc = fb, fc, fb
        tolerance = 4e-16 * abs(b) + 1e-300
        middle = (c - b) / 2
        if abs(middle) <= tolerance or fb == 0:
            return b
        if abs(e) >= tolerance and abs(fa) > abs(fb):
            s = fb / fa
            if a == c:
                p, q = 2 * middle * s, 1 - s
            else:
                q, r = fa / fc, fb / fc
                p = s * (2 * middle * q * (q - r) - (b - a) * (r - 1))
                q = (q - 1) * (r - 1) * (s - 1)
            if p > 0:
                q = -q
            p = abs(p)
            if 2 * p < min(3 * middle * q - abs(tolerance * q), abs(e * q)):
                e, d = d, p / q
            else:
                d = e = middle
        else:
            d = e = middle
        a, fa = b, fb
        b += d if abs(d) > tolerance else math.copysign(tolerance, middle)
        fb = function(b)
    return b


def _bracket(flows: Flows, sign_at_zero: int, changes: int, first_sign: int) -> tuple[float, float]:
    """Two values of delta = ln(1 + r) around the root the rules choose.

    The search steps away from zero in delta, scaled by the span of the flows'
    times, until the earliest flow alone outweighs the rest (every other term
    under e^-800 of it) on the positive side, or the latest on the negative side.
    """
    times = sorted(
        {
            t + f
            for t, f, a in zip(flows.time_floats, flows.simple_floats, flows.amounts, strict=True)
            if a
        }
    )
    span = times[-1] - times[0]
    limits = {1.0: 800 / (times[1] - times[0]), -1.0: 800 / (times[-1] - times[-2])}
    if changes == 1:
        # one root: on the positive side when the earliest flows outweigh at high rates
        directions, growth = [1.0 if sign_at_zero != first_sign else -1.0], 2.0
    else:
        # the positive root nearest zero, else the negative one: a fine scan
        directions, growth = [1.0, -1.0], 1.05
    for direction in directions:
        previous, delta = 0.0, 1e-4 / span
        while delta <= 2 * limits[direction]:
            if _sign(flows.float_value(direction * delta)) != sign_at_zero:
                ends = (previous, direction * delta)
                return (min(ends), max(ends))
            previous, delta = direction * delta, delta * growth
    raise ConvergenceError(
        f"no rate makes the present value zero; got cash flows whose signs change {changes} "
        "times but whose present value keeps one sign at every rate from -100% up "
        "(check the amounts and their signs)"
    )


def _to_growth(delta: float, context: Context) -> Decimal:
    """The growth factor ``x = e^delta`` in `context` (exact for any float delta)."""
    return context.exp(Decimal(delta))


def find_rate(flows: Flows) -> Decimal:
    """The rate r > −1 at which the flows' present value is zero, to about 30 digits.

    Where several rates do, the positive rate nearest zero; if none is
    positive, the negative rate nearest zero; a rate of exactly zero when the
    amounts sum to zero.

    Raises:
        InvalidInputError: the amounts do not change sign.
        ConvergenceError: no rate makes the present value zero, or the
            refinement fails to converge.
    """
    order = sorted(range(len(flows.amounts)), key=lambda k: flows.times[k] + flows.simple[k])
    signs = [_sign(flows.amounts[k]) for k in order if flows.amounts[k]]
    changes = sum(1 for s, t in itertools.pairwise(signs) if s != t)
    if not changes:
        kind = (
            "no amounts"
            if not signs
            else f"all amounts {'positive' if signs[0] > 0 else 'negative'}"
        )
        raise InvalidInputError(
            "cash flows must include amounts of both signs (an advance and repayments); "
            f"got {kind} (give money paid out and money received opposite signs)"
        )
    times = {flows.times[k] + flows.simple[k] for k in order if flows.amounts[k]}
    if len(times) < 2:
        raise InvalidInputError(
            "cash flows must fall on at least two different dates; got every amount on "
            "one date (no time passes, so no rate exists)"
        )
    total = Decimal(0)
    for amount in flows.amounts:
        total = EXACT.add(total, amount)
    if not total:
        return Decimal(0)
    low, high = _bracket(flows, _sign(total), changes, signs[0])
    guess = _brent(flows.float_value, low, high)
    if guess > _DELTA_MAX:
        raise InvalidInputError(
            f"the rate of these cash flows is beyond the range the library computes (a growth "
            f"factor 1 + rate up to e**{_DELTA_MAX:.0f} a unit of time); "
            f"got a growth factor of about e**{guess:.0f}",
            code="rate_out_of_range",
        )
    # enough digits to hold the rate to 10 places above the precision the amounts need
    context = working_context(flows.digits + max(0, math.ceil(high / math.log(10))))
    growth = _refine(
        flows,
        _to_growth(low, context),
        _to_growth(high, context),
        _to_growth(guess, context),
        context,
    )
    return context.subtract(growth, 1)


def _middle(low: Decimal, high: Decimal) -> Decimal:
    """The midpoint of [low, high], geometric when the growth factors are far apart
    (rates near −100% span many orders of magnitude)."""
    if low > 0 and high > 2 * low:
        return (low * high).sqrt()
    return (low + high) / 2


def _refine(flows: Flows, low: Decimal, high: Decimal, guess: Decimal, context: Context) -> Decimal:
    """Newton's method in Decimal on the growth factor x = 1 + r, kept inside
    [low, high] by bisection (Numerical Recipes' rtsafe); returns x."""
    f_low = flows.value_and_slope(low, context, slope=False)[0]
    if not f_low:
        return low
    f_high = flows.value_and_slope(high, context, slope=False)[0]
    if not f_high:
        return high
    if _sign(f_low) == _sign(f_high):
        raise ConvergenceError(
            f"the rate solver lost its bracket between the rates {context.subtract(low, 1):.6g} "
            f"and {context.subtract(high, 1):.6g}; got present values of one sign at both "
            "ends (the flows are too ill-conditioned to locate the rate in floating point)"
        )
    with localcontext(context):
        growth = min(max(guess, low), high)
        step_before = high - low
        for _ in range(300):
            value, slope = flows.value_and_slope(growth, context)
            if not value:
                return growth
            if _sign(value) == _sign(f_low):
                low = growth
            else:
                high = growth
            newton_ok = slope and abs(2 * value) <= abs(step_before * slope)
            candidate = growth - value / slope if newton_ok else _middle(low, high)
            if not low < candidate < high:
                candidate = _middle(low, high)
            step_before = candidate - growth
            tolerance = _TOLERANCE * min(candidate, Decimal(1))
            if abs(step_before) <= tolerance or high - low <= tolerance:
                return candidate
            growth = candidate
    raise ConvergenceError(
        f"the rate solver did not converge within 300 iterations; got a bracket from the rates "
        f"{context.subtract(low, 1):.12g} to {context.subtract(high, 1):.12g} "
        "(report the cash flows as a bug)"
    )


# The fast path: a float root, proven to the stated digits --------------------------------

_UNIT = 2.0**-53
"""The unit roundoff of a float: every correctly rounded operation errs by at most
this fraction of its result (exp, log1p and expm1 by at most about as much)."""

_FAST_SPAN = 200.0
"""The fast path works while the discount over the flows' span stays under e**200:
no float underflows, so the error bound below holds."""

_HALF_UNIT = Decimal((0, (5,), -PLACES - 1))  # half a unit of the last place, exactly

_Rows = tuple[
    list[float], list[tuple[int, float, float]], list[int], list[tuple[float, float]] | None
]


def _rows(amounts: list[float], exponents: list[int], scale: float) -> _Rows:
    """Horner's rows over `exponents` (falling to 0): the powers' exponents (the
    distinct gaps), then per flow the index of the gap before it, its amount and its
    amount times ``scale·exponent``; the exponents; and when every gap after the
    first flow is the same (periodic flows), the rows after the first without index."""
    gaps = list(map(operator.sub, exponents[:1] + exponents[:-1], exponents))
    index = {gap: k for k, gap in enumerate(dict.fromkeys(gaps))}
    weighted = list(map(scale.__mul__, map(operator.mul, amounts, exponents)))
    rows = list(zip(map(index.__getitem__, gaps), amounts, weighted, strict=True))
    even = len(set(gaps[1:])) == 1
    rest = list(zip(amounts[1:], weighted[1:], strict=True)) if even else None
    return [float(gap) for gap in index], rows, exponents, rest


class FastFlows:
    """Amounts at integer times over a common denominator, in floats, for the fast
    rate: ``g(δ) = Σ c_k·e^(−δ·t_k)`` with ``t_k = units_k / denominator`` and
    ``c_k = a_k / (1 + s_k·r)``, ``r = e^δ − 1`` (``s_k`` the simple-interest
    fraction of Regulation Z), scaled by a positive factor so that every
    exponential is at most 1: its sign is the sign of the present value."""

    __slots__ = ("_down", "_up", "amounts", "denominator", "simple", "span", "units")

    def __init__(
        self, amounts: list[float], units: list[int], denominator: int, simple: list[float] | None
    ) -> None:
        """`amounts` nonzero, `units` ascending."""
        self.amounts = amounts
        self.units = units
        self.denominator = denominator
        self.simple = simple
        self.span = (units[-1] - units[0]) / denominator
        self._down: _Rows | None = None
        self._up: _Rows | None = None

    def rows(self, delta: float) -> _Rows:
        """The rows for δ ≥ 0 (exponents units − first, from the latest flow to the
        earliest) or δ < 0 (exponents last − units, from the earliest to the latest)."""
        if delta >= 0:
            if self._down is None:
                first = self.units[0]
                exponents = [unit - first for unit in reversed(self.units)]
                self._down = _rows(self.amounts[::-1], exponents, -1 / self.denominator)
            return self._down
        if self._up is None:
            last = self.units[-1]
            exponents = [last - unit for unit in self.units]
            self._up = _rows(self.amounts, exponents, 1 / self.denominator)
        return self._up

    def value_and_slope(self, delta: float) -> tuple[float, float]:
        """The scaled present value at ``r = e^δ − 1`` and its derivative in δ."""
        gaps, rows, exponents, rest = self.rows(delta)
        step = -abs(delta) / self.denominator
        exp = math.exp
        powers = [exp(step * gap) for gap in gaps]
        if self.simple is not None:
            return self._with_simple(delta, powers, rows, exponents)[:2]
        if rest is not None:  # one power: no index to look up
            power = powers[-1]
            _, value, slope = rows[0]
            for amount, weighted in rest:
                value = value * power + amount
                slope = slope * power + weighted
            return value, slope
        value = slope = 0.0
        for index, amount, weighted in rows:
            power = powers[index]
            value = value * power + amount
            slope = slope * power + weighted
        return value, slope

    def _with_simple(
        self,
        delta: float,
        powers: list[float],
        rows: list[tuple[int, float, float]],
        exponents: list[int],
    ) -> tuple[float, float, float]:
        """Value, slope and Σ|terms| when some flows earn simple interest."""
        assert self.simple is not None
        rate = math.expm1(delta)
        growth = rate + 1.0
        shares = self.simple if delta < 0 else self.simple[::-1]
        scale = (1.0 if delta < 0 else -1.0) / self.denominator
        value = slope = total = 0.0
        for (index, amount, _), exponent, share in zip(rows, exponents, shares, strict=True):
            power = powers[index]
            if share:
                factor = 1.0 + share * rate
                amount /= factor
                weighted = amount * (scale * exponent - share * growth / factor)
            else:
                weighted = amount * scale * exponent
            value = value * power + amount
            slope = slope * power + weighted
            total = total * power + abs(amount)
        return value, slope, total

    def value_and_bound(self, delta: float, error: float) -> tuple[float, float]:
        """The scaled present value at δ, and a bound on its distance from the exact
        scaled value at any δ' within `error` of δ (every rounding error included)."""
        gaps, rows, exponents, _ = self.rows(delta)
        step = -abs(delta) / self.denominator
        powers = [math.exp(step * gap) for gap in gaps]
        if self.simple is None:
            value = total = 0.0
            for index, amount, _ in rows:
                power = powers[index]
                value = value * power + amount
                total = total * power + abs(amount)
            relative = 0.0
        else:
            value, _, total = self._with_simple(delta, powers, rows, exponents)
            rate = math.expm1(delta)
            relative = 4 * (error + 4 * _UNIT) * (1 + abs(rate)) / max(1 - abs(rate), 1e-3)
        return value, 2 * total * (relative + self._relative(delta, error))

    def _relative(self, delta: float, error: float) -> float:
        """A term's relative error: its exponent is off by at most span·(error + 2u|δ|);
        add the roundings of its amount, of each power and of the two operations of
        every Horner step."""
        return self.span * (error + 2 * _UNIT * abs(delta)) + 6 * _UNIT * (len(self.units) + 2)

    def values_and_bounds(
        self, low: float, high: float, error: float
    ) -> tuple[float, float, float, float]:
        """`value_and_bound` at two δ on one side of 0, in one pass when no flow
        earns simple interest (Σ|terms| taken at the δ nearer 0, the larger)."""
        if self.simple is not None or (low >= 0) != (high >= 0):
            return (*self.value_and_bound(low, error), *self.value_and_bound(high, error))
        gaps, rows, _, _ = self.rows(low)
        scale = -1 / self.denominator
        first = [math.exp(scale * abs(low) * gap) for gap in gaps]
        second = [math.exp(scale * abs(high) * gap) for gap in gaps]
        largest = first if abs(low) <= abs(high) else second
        value_low = value_high = total = 0.0
        for index, amount, _ in rows:
            value_low = value_low * first[index] + amount
            value_high = value_high * second[index] + amount
            total = total * largest[index] + abs(amount)
        bound = 2 * total * max(self._relative(low, error), self._relative(high, error))
        return value_low, bound, value_high, bound


def fast_rate(
    amounts: Sequence[Decimal],
    units: Sequence[int],
    denominator: int,
    *,
    simple: Sequence[float] | None = None,
    per_year: float = 1.0,
    compound: bool = True,
) -> Decimal | None:
    """The annual rate rounded to `PLACES` places, proven in floats; or None.

    The flows are amounts at ``units / denominator`` periods, in time order (with
    `simple`, Regulation Z's fractions of a period at simple interest, at
    ``units + simple``). When their signs change once (so one rate solves them)
    and no flow earns simple interest, `fast_floats` answers. Otherwise
    δ = ln(1 + i) is found by Newton's method in floats; the annual rate
    ``A = (1 + i)^per_year − 1`` (`compound`) or ``A = i·per_year`` is rounded to
    `PLACES` places, and the present value is evaluated at ``A ± half a unit`` of
    the last place with a bound on every rounding error: when both signs are
    certain and differ, the root lies between, so the rounded rate is right.

    None when the floats cannot tell (other flows, the root too near a half unit,
    a rate too large, Newton lost): the caller then takes the exact path, which
    also raises every error.
    """
    floats = list(map(float, amounts))
    units = list(units)
    if simple is not None and not any(simple):
        simple = None  # no flow earns simple interest
    if 0.0 in floats:  # zero amounts move no root
        kept = [k for k, amount in enumerate(floats) if amount]
        floats = [floats[k] for k in kept]
        units = [units[k] for k in kept]
        simple = None if simple is None else [simple[k] for k in kept]
    if len(floats) < 2:
        return None
    signs = list(map((0.0).__lt__, floats))
    if sum(map(operator.ne, signs, signs[1:])) != 1:
        return None
    if not all(map(operator.le, units, units[1:])):
        return None
    if units[0] == units[-1] and (simple is None or len(set(simple)) == 1):
        return None  # one date: no rate
    if simple is None:
        if not all(map(operator.le, units, units[1:])):
            return None
        return fast_floats(floats, units, denominator, per_year=per_year, compound=compound)
    flows = FastFlows(floats, units, denominator, None if simple is None else list(simple))
    delta = _fast_root(flows, floats, units, denominator, signs)
    if delta is None or abs(delta) * flows.span > _FAST_SPAN or abs(per_year * delta) > 14:
        return None  # 14: rates up to e**14 (a million-fold), where floats hold 10 places
    annual = math.expm1(per_year * delta) if compound else per_year * math.expm1(delta)
    if not -0.5 < annual < 1e6:
        return None
    rounded = Decimal(annual).quantize(_QUANTUM, rounding=ROUND_HALF_EVEN, context=_CONTEXT)
    if not rounded:
        return None  # the exact path tells 0 (amounts summing to zero) from -0 (a rate below)
    deltas: list[float] = []
    error = 0.0
    for end in (_CONTEXT.subtract(rounded, _HALF_UNIT), _CONTEXT.add(rounded, _HALF_UNIT)):
        quoted = float(end)
        if compound:
            delta = math.log1p(quoted) / per_year
            shift = abs(quoted) / (1 + quoted) / min(per_year, 1.0)
        else:
            periodic = quoted / per_year
            delta = math.log1p(periodic)
            shift = 2 * abs(periodic) / (1 + periodic)
        if abs(delta) * flows.span > _FAST_SPAN:
            return None
        # how far δ may be from ln(1 + the exact rate): the roundings of the rate,
        # of per_year, of log1p and of the division
        error = max(error, 4 * _UNIT * (shift + abs(delta)) + 1e-300)
        deltas.append(delta)
    value_low, bound_low, value_high, bound_high = flows.values_and_bounds(
        deltas[0], deltas[1], error
    )
    if abs(value_low) <= bound_low or abs(value_high) <= bound_high:
        return None
    return rounded if (value_low > 0) != (value_high > 0) else None


def _fast_root(
    flows: FastFlows, floats: list[float], units: list[int], denominator: int, signs: list[bool]
) -> float | None:
    """δ = ln(1 + i) where the flows' present value is zero, by Newton's method from
    the rate at which the two sides balance when each is taken as its total at its
    mean time, spread by its variance: ``ln Σ a·e^(−tδ) ≈ ln A − t̄δ + σ²δ²/2``."""
    others = list(map(operator.not_, signs))
    times = list(map((1 / denominator).__mul__, units))
    weighted = list(map(operator.mul, floats, times))
    squared = list(map(operator.mul, weighted, times))
    moments = []
    for side, sign in ((signs, 1.0), (others, -1.0)):
        total = sign * sum(itertools.compress(floats, side))
        mean = sign * sum(itertools.compress(weighted, side)) / total
        moments.append((total, mean, sign * sum(itertools.compress(squared, side)) / total))
    (positive, mean_p, square_p), (negative, mean_n, square_n) = moments
    # ln P − m_p δ + v_p δ²/2 = ln N − m_n δ + v_n δ²/2, v = E[t²] − m²
    a = (square_p - mean_p**2 - square_n + mean_n**2) / 2
    b = mean_n - mean_p
    c = math.log(positive / negative)
    delta = -c / b if b else 0.0  # the first moments alone
    discriminant = b * b - 4 * a * c
    if a and discriminant >= 0:  # the root of the quadratic nearer the linear guess
        root = math.sqrt(discriminant)
        linear = delta
        delta = min((-b + root) / (2 * a), (-b - root) / (2 * a), key=lambda x: abs(x - linear))
    if not abs(delta) * flows.span < _FAST_SPAN:
        delta = 0.0
    for _ in range(40):
        value, slope = flows.value_and_slope(delta)
        if not slope or not math.isfinite(value / slope):
            return None
        step = value / slope
        delta -= step
        if abs(delta) * flows.span > _FAST_SPAN:
            return None
        if abs(step) <= 1e-8 * abs(delta) + 1e-19:
            return delta  # quadratic convergence: δ is now as exact as floats hold
    return None


# The fast path without simple interest: one pass of exponentials an evaluation ------------

_SCALE = 10**PLACES
"""A rate rounded to `PLACES` places is an integer over this."""

_TWICE_SCALE = 2 * _SCALE


_Side = tuple[list[float], list[float], list[float], list[float], list[float], list[float], float]


def _side(early: list[float], late: list[float], exponents: list[float], sign: float) -> _Side:
    """The flows seen from one side of δ = 0: ``V(δ) = Σ a_k·f_k``, ``f_k = e^(−|δ|·e_k)``,
    the present value times a positive factor that makes every ``f_k`` at most 1
    (``e_k`` the units from the earliest flow for δ ≥ 0, to the latest for δ < 0, δ
    per unit), so that V′(δ) = sign·Σ a_k·e_k·f_k and V″(δ) = Σ a_k·e_k²·f_k: the
    exponents (integers, in floats) of the `early` flows and of the `late` ones (each of one
    sign), their weights a_k·e_k and a_k·e_k², and the sign."""
    turn = len(early)
    early_exponents, late_exponents = exponents[:turn], exponents[turn:]
    weighted_early = list(map(operator.mul, early, early_exponents))
    weighted_late = list(map(operator.mul, late, late_exponents))
    return (
        early_exponents,
        late_exponents,
        weighted_early,
        weighted_late,
        list(map(operator.mul, weighted_early, early_exponents)),
        list(map(operator.mul, weighted_late, late_exponents)),
        sign,
    )


def fast_floats(
    amounts: list[float],
    units: list[int],
    denominator: int,
    *,
    per_year: float = 1.0,
    compound: bool = True,
    guess: float | None = None,
) -> Decimal | None:
    """`fast_rate` of nonzero float amounts at ``units / denominator`` periods, `units`
    ascending integers, no flow at simple interest; None when the floats cannot tell.
    `guess`: where `_single_rate` starts (δ a unit), when given.

    δ = ln(1 + i) is found by Halley's method from the moments' guess. Each
    evaluation at a point c is one pass of exponentials giving V(c), V′(c), V″(c)
    and the same sums of absolute terms; from them Taylor's theorem, with its
    remainder and every rounding error bounded, gives the sign of V at the two
    ends of the rounded rate's interval (half a unit of the last place either
    side of the rate that Halley's step from c reaches): different certain signs
    prove the rounded rate. So a good guess is proven by the pass that refines it.
    """
    count = len(amounts)
    first, last = units[0], units[-1]
    if count < 2 or first == last or last - first > 2**52:
        return None
    positive = amounts[0] > 0
    turn = 1  # the first flow of the second sign
    if positive:
        while turn < count and amounts[turn] > 0:
            turn += 1
        late = amounts[turn:]
        if turn == count or max(late) > 0:
            return None  # one sign (no rate), or more than one change (the exact path's)
    else:
        while turn < count and amounts[turn] < 0:
            turn += 1
        late = amounts[turn:]
        if turn == count or min(late) < 0:
            return None
    # a loan's shape (an advance, or Regulation Z's in two parts, then repayments):
    # most often proven at once
    exponents = [float(unit - first) for unit in units] if first else [*map(float, units)]
    rate = _single_rate(
        amounts[:turn],
        late,
        exponents[turn:],
        denominator,
        per_year,
        compound,
        exponents[:turn],
        guess,
    )
    if rate is not None:
        return rate
    span = float(last - first)  # in units; δ below is per unit
    early = amounts[:turn]
    single = turn == 1  # one earliest flow, at exponent 0 on the side of δ ≥ 0
    if single:  # `_side`'s, built directly (a pass less): the first flow's exponent
        # and weights are 0 (`_side` gives ±0.0, whose sums in `_guess` are 0.0 too)
        late_exponents = [float(unit - first) for unit in units[1:]]
        weighted = list(map(operator.mul, late, late_exponents))
        squared = list(map(operator.mul, weighted, late_exponents))
        down = ([0.0], late_exponents, [0.0], weighted, [0.0], squared, -1.0)
    else:
        exponents = [float(unit - first) for unit in units] if first else list(map(float, units))
        down = _side(early, late, exponents, -1.0)
    up = None
    if single and count <= 24:  # the guess of two groups, the first at time 0
        weighted_late, squared_late = down[3], down[5]
        total = sum(late)
        mean = sum(weighted_late) / total
        # ln E = ln L − m δ + v δ²/2 (v = E[t²] − m²): c + m δ − v δ²/2 = 0 with
        # c = ln(E / L), whose root nearer the linear guess −c/m is −2c / (m + √(m² + 2vc))
        variance = sum(squared_late) / total - mean * mean
        c = math.log(-early[0] / total)
        discriminant = mean * mean + 2 * variance * c
        delta = -2 * c / (mean + math.sqrt(discriminant)) if discriminant >= 0 else -c / mean
        if not abs(delta) * span < _FAST_SPAN:
            delta = 0.0
    else:
        delta = _guess(early, late, down, span)
    per_unit = per_year * denominator  # a unit's δ times this is a year's
    exp, mul = math.exp, operator.mul
    tried = None
    # the root's bracket: V has the earliest flow's sign above the root (where that
    # flow outweighs the rest), the other sign below
    low, high = -_FAST_SPAN / span, min(_FAST_SPAN / span, 14 / per_unit)
    for _ in range(40):
        if delta >= 0:
            side = down
        else:
            if up is None:
                up = _side(early, late, [float(last - unit) for unit in units], 1.0)
            side = up
        (
            early_exponents,
            late_exponents,
            weighted_early,
            weighted_late,
            squared_early,
            squared_late,
            sign,
        ) = side
        scaled = -abs(delta)
        later = [exp(scaled * exponent) for exponent in late_exponents]
        value_late = sum(map(mul, late, later))
        slope_late = sum(map(mul, weighted_late, later))
        curvature_late = sum(map(mul, squared_late, later))
        if single and side is down:  # the earliest flow's factor is 1, its weights 0
            value_early, slope_early, curvature_early = early[0], 0.0, 0.0
        else:
            factors = [exp(scaled * exponent) for exponent in early_exponents]
            value_early = sum(map(mul, early, factors))
            slope_early = sum(map(mul, weighted_early, factors))
            curvature_early = sum(map(mul, squared_early, factors))
        value = value_early + value_late
        slope = sign * (slope_early + slope_late)
        curvature = curvature_early + curvature_late
        halley = 2 * slope * slope - value * curvature
        step = 2 * value * slope / halley if halley else math.inf
        reached = delta - step
        if value:
            if (value > 0) == positive:
                high = delta
            else:
                low = delta
        if not low < reached < high:  # a step out of the bracket: bisect it instead
            reached = (low + high) / 2
            step = math.inf
            if high - low <= 1e-12 * abs(high):
                return None
        moved = abs(step) * span
        if moved < 1e-3:  # else Taylor's remainder is too large to tell: step again
            growth = per_unit * reached
            if not abs(growth) <= 14:
                return None  # 14: rates up to e**14 (a million-fold), where floats hold 10 places
            if compound:
                annual = math.expm1(growth)
            else:
                annual = per_year * math.expm1(reached * denominator)
            if not -0.5 < annual < 1e6:
                return None
            rounded = round(annual * _SCALE)
            if not rounded:
                return None  # the exact path tells 0 (summing to zero) from -0 (a rate below)
            # every term of a sign group has that sign: the absolute value of the
            # group's sum is the sum of its absolute terms
            proof = _proof(
                _ends(rounded, per_year, compound, denominator),
                delta,
                value,
                slope,
                curvature,
                abs(value_early) + abs(value_late),
                abs(slope_early) + abs(slope_late),
                abs(curvature_early) + abs(curvature_late),
                span,
                count,
            )
            if proof:
                return Decimal(rounded).scaleb(-PLACES, _CONTEXT)
            if rounded == tried or (proof is None and moved < 1e-6):
                return None  # a near tie, or the floats disagree with themselves
            tried = rounded
        delta = reached
    return None


@functools.cache
def _counting(count: int, first: int = 1) -> tuple[float, ...]:
    """`first`, `first` + 1, ... `count` numbers, in floats: the exponents of flows one
    period apart after the first."""
    return tuple(map(float, range(first, first + count)))


def fast_loan(
    amounts: Sequence[float],
    units: Sequence[int],
    denominator: int,
    *,
    per_year: float = 1.0,
    compound: bool = True,
    advances: int = 1,
    guess: float | None = None,
) -> Decimal | None:
    """`fast_floats` of a loan's flows: an advance at unit 0 (or the first `advances`
    amounts, of one sign, at ascending units from 0: Regulation Z's advance in two
    parts), then amounts of the other sign (none zero) at strictly ascending units
    from the last advance's on (a plain plan's, read from its table and checked
    there): `_single_rate` first, without `fast_floats`' checks of their signs and
    times (from `guess`, δ a unit, when given), then `fast_floats` if it cannot tell."""
    late = amounts[advances:]
    count, low = len(late), units[advances]
    if units[-1] - low == count - 1:  # one a unit: remembered
        exponents: Sequence[float] = _counting(count, low)
    else:
        exponents = [*map(float, units[advances:])]
    early = amounts[:advances]
    early_exponents = _AT_START if advances == 1 else [*map(float, units[:advances])]
    rate = _single_rate(
        early, late, exponents, denominator, per_year, compound, early_exponents, guess
    )
    if rate is not None:
        return rate
    return fast_floats(
        list(amounts), list(units), denominator, per_year=per_year, compound=compound
    )


_AT_START = (0.0,)
"""The exponent of a loan's advance: it is the earliest flow."""


def _single_rate(
    early: Sequence[float],
    late: Sequence[float],
    exponents: Sequence[float],
    denominator: int,
    per_year: float,
    compound: bool,
    early_exponents: Sequence[float] = (0.0,),
    guess: float | None = None,
) -> Decimal | None:
    """`fast_floats` of a few earliest flows `early` of one sign at `early_exponents`
    units from the first (0.0 first, ascending) and later flows `late` of the other
    sign at `exponents` units from the first (integers in floats, ascending,
    positive, none before the last early one), when one of its first two steps
    proves the rate; None otherwise (then the general loop runs). It starts from
    `guess` (δ a unit, the caller's estimate: a plan's contract rate) when given,
    else from the moments' guess, as `fast_floats`.

    Why it exists: a loan's flows (an advance, then repayments; Regulation Z's
    advance split in two by `_common_fraction`, at units 0 and 1) are this shape,
    and `fast_floats` proves most of their rates with its first evaluation. This
    is that evaluation alone (and one more), without the loop's bookkeeping (the
    sides, the bracket, the tuples), with `_ends` and `_proof` written out for
    δ ≥ 0 (the ends then both positive, the larger the higher, each sum of a
    sign's terms the sum of their sizes): the same bound, so what it proves the
    loop would (a property checks every rate it gives against the exact solver's).
    """
    mul = operator.mul
    span = exponents[-1]
    single = len(early) == 1  # the earliest flow alone: its factor 1, its weights 0
    count = len(early) + len(late)
    if guess is not None and 0 <= guess * span < _FAST_SPAN:
        delta = guess
    elif count <= 24:  # the guess of two groups, as `_guess`'s: c + b δ + a δ² = 0
        weighted = list(map(mul, late, exponents))
        squared = list(map(mul, weighted, exponents))
        weighted_early = list(map(mul, early, early_exponents))
        squared_early = list(map(mul, weighted_early, early_exponents))
        total_early, total = sum(early), sum(late)
        mean_early, mean = sum(weighted_early) / total_early, sum(weighted) / total
        a = (
            sum(squared_early) / total_early
            - mean_early * mean_early
            - sum(squared) / total
            + mean * mean
        ) / 2
        b = mean - mean_early
        if not b > 0:
            return None
        c = math.log(-total_early / total)
        # the root nearer the linear guess −c/b (b > 0): −2c / (b + √(b² − 4ac))
        discriminant = b * b - 4 * a * c
        delta = -2 * c / (b + math.sqrt(discriminant)) if discriminant >= 0 else -c / b
    else:  # many flows: `_guess`'s groups, as `fast_floats`'s
        weighted = list(map(mul, late, exponents))
        weighted_early = list(map(mul, early, early_exponents))
        down: _Side = (
            list(early_exponents),
            list(exponents),
            weighted_early,
            weighted,
            list(map(mul, weighted_early, early_exponents)),
            list(map(mul, weighted, exponents)),
            -1.0,
        )
        delta = _guess(list(early), late, down, span)
    exp = math.exp
    for _ in range(2):  # a second step when the first cannot tell
        if not 0 <= delta * span < _FAST_SPAN:
            return None  # a negative rate (the loop's other side), or too far out
        # V, V′ and V″ at δ, and Halley's step: each term a·f, then times its exponent
        # once and twice (as many roundings a term as a·e·f and a·e²·f: the same bound)
        scaled = -delta
        terms = list(map(mul, late, map(exp, map(mul, exponents, itertools.repeat(scaled)))))
        weighted_terms = list(map(mul, terms, exponents))
        value_late = sum(terms)
        slope_late = sum(weighted_terms)
        curvature_late = sum(map(mul, weighted_terms, exponents))
        if single:
            value_early, slope_early, curvature_early = early[0], 0.0, 0.0
        else:
            terms = list(
                map(mul, early, map(exp, map(mul, early_exponents, itertools.repeat(scaled))))
            )
            weighted_terms = list(map(mul, terms, early_exponents))
            value_early = sum(terms)
            slope_early = sum(weighted_terms)
            curvature_early = sum(map(mul, weighted_terms, early_exponents))
        value = value_early + value_late
        slope = -(slope_early + slope_late)
        curvature = curvature_early + curvature_late
        halley = 2 * slope * slope - value * curvature
        if not halley:
            return None
        step = 2 * value * slope / halley
        if -1e-3 < step * span < 1e-3:  # else Taylor's remainder is too large to tell
            rate = _proven(
                delta,
                step,
                (value, slope, curvature),
                (
                    abs(value_early - value_late),  # of opposite signs
                    abs(slope_early) + abs(slope_late),
                    abs(curvature_early) + abs(curvature_late),
                ),
                span,
                count,
                denominator,
                per_year,
                compound,
            )
            if rate is not None:
                return rate
        delta -= step
    return None


def _proven(
    delta: float,
    step: float,
    at: tuple[float, float, float],
    sizes: tuple[float, float, float],
    span: float,
    count: int,
    denominator: int,
    per_year: float,
    compound: bool,
) -> Decimal | None:
    """`_single_rate`'s rate when Halley's `step` from `delta` reaches a rate that
    `_proof` proves from V, V′ and V″ at `delta` (`at`) and their sums of sizes
    (`sizes`); None otherwise (a rate not above 0, out of range, or not proven)."""
    reached = delta - step
    growth = per_year * denominator * reached
    if not -14 <= growth <= 14:
        return None
    annual = math.expm1(growth) if compound else per_year * math.expm1(reached * denominator)
    if not -0.5 < annual < 1e6:
        return None
    rounded = round(annual * _SCALE)
    if rounded <= 0:
        return None  # 0 is the exact path's (it tells 0 from -0); below, an end is below δ = 0
    # `_ends` of a positive rate: both ends positive, the higher the outer one
    log1p = math.log1p
    quoted_low, quoted_high = (2 * rounded - 1) / _TWICE_SCALE, (2 * rounded + 1) / _TWICE_SCALE
    if compound:
        low = log1p(quoted_low) / per_year / denominator
        high = log1p(quoted_high) / per_year / denominator
        shift = quoted_high / (1 + quoted_high) / (per_year if per_year < 1.0 else 1.0)
    else:
        low = log1p(quoted_low / per_year) / denominator
        high = log1p(quoted_high / per_year) / denominator
        outer = quoted_high / per_year
        shift = 2 * outer / (1 + outer)
    if not 0 <= low <= high:
        return None  # (floats hold both: `_proof` would answer None otherwise)
    error = 4 * _UNIT * shift / denominator + 5 * _UNIT * high + 1e-300
    # `_proof`, written out for δ ≥ 0
    value, slope, curvature = at
    total, total_slope, total_curvature = sizes
    offset_low, offset_high = low - delta, high - delta
    widest = offset_high if offset_high > -offset_low else -offset_low
    doubt = error + _UNIT * widest
    reach = widest + doubt
    relative = _UNIT * (delta * span + count + 6)
    first_order = reach * total_slope
    second_order = reach * reach / 2 * total_curvature
    bound = 2 * (
        total * (relative + 4 * _UNIT)
        + (first_order + second_order) * (relative + 10 * _UNIT)
        + doubt * (total_slope + reach * total_curvature)
        + second_order * reach / 3 * span * math.exp(reach * span)
    )
    estimate_low = value + offset_low * slope + offset_low * offset_low / 2 * curvature
    estimate_high = value + offset_high * slope + offset_high * offset_high / 2 * curvature
    if (estimate_low > bound and -estimate_high > bound) or (
        -estimate_low > bound and estimate_high > bound
    ):  # two certain signs, different: the root lies between the ends
        return Decimal(rounded).scaleb(-PLACES, _CONTEXT)
    return None


def _ends(
    rounded: int, per_year: float, compound: bool, denominator: int
) -> tuple[float, float, float]:
    """The δ a unit of the two ends of the annual rate ``rounded / 10**PLACES``'s
    interval (half a unit of the last place either side), and how far each may be
    from its exact value.

    The ends' δ come from their exact ratios of integers, correctly rounded,
    through log1p; each is off from ln(1 + its exact rate) / `denominator` by at
    most the error returned (the roundings of the rate, of per_year, of log1p
    and of the divisions)."""
    log1p = math.log1p
    quoted_low, quoted_high = (2 * rounded - 1) / _TWICE_SCALE, (2 * rounded + 1) / _TWICE_SCALE
    outer = quoted_high if rounded > 0 else quoted_low  # the end farther from 0
    if compound:
        low = log1p(quoted_low) / per_year / denominator
        high = log1p(quoted_high) / per_year / denominator
        shift = abs(outer) / (1 + outer) / min(per_year, 1.0)
    else:
        low = log1p(quoted_low / per_year) / denominator
        high = log1p(quoted_high / per_year) / denominator
        outer /= per_year
        shift = 2 * abs(outer) / (1 + outer)
    # both ends' error, at the outer end's (the larger)
    error = 4 * _UNIT * shift / denominator + 5 * _UNIT * max(abs(low), abs(high)) + 1e-300
    return low, high, error


def _proof(
    ends: tuple[float, float, float],
    centre: float,
    value: float,
    slope: float,
    curvature: float,
    total: float,
    total_slope: float,
    total_curvature: float,
    span: float,
    count: int,
) -> bool | None:
    """Whether the root lies between the `ends` (`_ends`): True when proven, False
    when V has one certain sign at both ends (the root is beyond one), None when
    the floats cannot tell (also when an end is not on `centre`'s side of 0).

    From V and its first two derivatives at `centre`, Taylor's theorem gives V
    at an end c + H:
    ``V(c + H) = V + H·V′ + H²/2·V″ + R``, ``|R| ≤ |H|³/6·span·S₂·e^(|H|·span)``
    where ``S_j = Σ|a_k|·e_k^j·f_k`` (`total`, `total_slope`, `total_curvature`;
    every e_k is at most span). The
    computed V, V′ and V″ are off by at most ``relative`` times S₀, S₁ and S₂:
    the exponents' rounding (u/2·|c|·span, the exponents being integers), exp's,
    the amounts', the products' and the sum's (n − 1)u (a few more for the
    derivatives' weights). The bound is doubled for the roundings of the bound
    itself and of the sums of absolute terms.
    """
    low, high, error = ends
    if (low >= 0) != (centre >= 0) or (high >= 0) != (centre >= 0):
        return None
    offset_low, offset_high = low - centre, high - centre
    widest = max(abs(offset_low), abs(offset_high))
    doubt = error + _UNIT * widest  # |exact H − computed H| at either end
    reach = widest + doubt  # |exact H| at either end
    relative = _UNIT * (abs(centre) * span + count + 6)
    first = reach * total_slope  # bounds |H·V′|
    second = reach * reach / 2 * total_curvature  # bounds |H²/2·V″|
    # the computed V, V′ and V″ (and the estimate's own roundings), H's doubt,
    # and Taylor's remainder
    bound = 2 * (
        total * (relative + 4 * _UNIT)
        + (first + second) * (relative + 10 * _UNIT)
        + doubt * (total_slope + reach * total_curvature)
        + second * reach / 3 * span * math.exp(reach * span)
    )
    estimate_low = value + offset_low * slope + offset_low * offset_low / 2 * curvature
    estimate_high = value + offset_high * slope + offset_high * offset_high / 2 * curvature
    if not (abs(estimate_low) > bound and abs(estimate_high) > bound):
        return None
    return (estimate_low > 0) != (estimate_high > 0)


def _guess(
    early: list[float],
    late: Sequence[float],
    down: _Side,
    span: float,
) -> float:
    """A starting δ a unit: where the two signs balance when each group of flows is
    taken as its total at its mean time, spread by its variance
    (``ln Σ a·e^(−tδ) ≈ ln A − t̄δ + σ²δ²/2``). Two groups, the signs, solve as a
    quadratic; with many flows, groups of at most 1/4 of them refine it by Newton's
    method (a level annuity's payments over 30 years are far from normal)."""
    _, _, weighted_early, weighted_late, squared_early, squared_late, _ = down
    total_e, total_l = sum(early), sum(late)
    mean_e, mean_l = sum(weighted_early) / total_e, sum(weighted_late) / total_l
    # ln E − m_e δ + v_e δ²/2 = ln L − m_l δ + v_l δ²/2, v = E[t²] − m²
    a = (sum(squared_early) / total_e - mean_e**2 - sum(squared_late) / total_l + mean_l**2) / 2
    b = mean_l - mean_e
    c = math.log(-total_e / total_l)
    delta = -c / b if b else 0.0  # the first moments alone
    discriminant = b * b - 4 * a * c
    if a and discriminant >= 0:  # the root of the quadratic nearer the linear guess
        root = math.sqrt(discriminant)
        plus, minus = (-b + root) / (2 * a), (-b - root) / (2 * a)
        delta = plus if abs(plus - delta) <= abs(minus - delta) else minus
    if not abs(delta) * span < _FAST_SPAN:
        return 0.0
    count = len(early) + len(late)
    if count <= 24:
        return delta
    groups = []  # (total, mean, variance / 2) of runs of at most count/4 flows of one sign
    size = -(-count // 4)
    for amounts, weighted, squared in (
        (early, weighted_early, squared_early),
        (late, weighted_late, squared_late),
    ):
        for low in range(0, len(amounts), size):
            part = slice(low, low + size)
            total = sum(amounts[part])
            mean = sum(weighted[part]) / total
            groups.append((total, mean, (sum(squared[part]) / total - mean * mean) / 2))
    exp = math.exp
    guess = delta
    for _ in range(8):  # Newton's method on the groups' sum
        value = slope = 0.0
        for total, mean, half_variance in groups:
            power = delta * (half_variance * delta - mean)
            if power > 700:
                return guess
            term = total * exp(power)
            value += term
            slope += term * (2 * half_variance * delta - mean)
        if not slope:
            return guess
        step = value / slope
        delta -= step
        if not abs(delta) * span < _FAST_SPAN:
            return guess
        if abs(step) * span < 1e-4:  # converging quadratically: now off by about step²
            return delta
    return delta if math.isfinite(delta) else guess
