"""Discounting, and the solver for the rate that makes a present value zero.

A set of flows is amounts at exact times: amount k is discounted by
``(1 + r)^-t_k / (1 + f_k·r)``, where ``t_k`` is a sum of exact fractions (the
compound part) and ``f_k`` a fraction of a period at simple interest (only
Regulation Z uses it). The solver finds the rate in three steps:

1. It locates the root the regulations ask for, in floats: the positive rate
   nearest zero, else the negative rate nearest zero. Flows that change sign
   once have exactly one root (Descartes' rule of signs, which holds for real
   exponents too), found by doubling a step away from zero; otherwise a grid
   scans out from zero, positive side first.
2. Brent's method narrows the bracket in floats.
3. Newton's method, safeguarded by bisection inside the bracket, refines it in
   50-digit Decimal arithmetic under a local context, so the caller can round
   the rate to 10 decimal places and trust every digit.

Nothing here reads or changes the global decimal context.
"""

from __future__ import annotations

import itertools
import math
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

from reschedule.errors import ConvergenceError, InvalidInputError
from reschedule.money import EXACT, RoundingMode, divide, integer_ratio

__all__ = ["PLACES", "Flows", "exact_npv", "present_value", "round_rate", "find_rate"]

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

_TOLERANCE = Decimal("1e-30")
"""The refinement stops when a step is this small relative to the rate (or absolute below 1)."""

_U_MAX = 1500.0
"""Beyond this many e-folds over the flows' span one flow outweighs all the others."""


class Flows:
    """Amounts at exact times, ready for discounting (internal to the metrics)."""

    __slots__ = ("amounts", "floats", "parts", "periodic", "simple", "simple_floats", "times")

    def __init__(
        self,
        amounts: Sequence[Decimal],
        parts: Sequence[tuple[tuple[int, int], ...]] | None = None,
        simple: Sequence[Fraction] | None = None,
    ) -> None:
        """`parts[k]` is the compound time of amount k as ``((n, d), ...)`` summing n/d;
        without `parts` the times are 0, 1, 2... (periodic flows, as for IRR)."""
        self.amounts = tuple(amounts)
        self.floats = [float(amount) for amount in self.amounts]
        self.periodic = parts is None
        if parts is None:
            parts = [((k, 1),) for k in range(len(self.amounts))]
        self.parts = tuple(tuple((n, d) for n, d in part if n) for part in parts)
        self.simple = tuple(simple) if simple is not None else (Fraction(0),) * len(self.amounts)
        self.times = [sum((Fraction(n, d) for n, d in part), Fraction(0)) for part in self.parts]
        self.simple_floats = [float(f) for f in self.simple]

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
        growth = math.expm1(delta)
        logs = [
            -float(t) * delta - (math.log1p(f * growth) if f else 0.0)
            for t, f in zip(self.times, self.simple_floats, strict=True)
        ]
        top = max(logs)
        return math.fsum(
            amount * math.exp(log - top) for amount, log in zip(amounts, logs, strict=True)
        )

    def value_and_slope(self, rate: Decimal, slope: bool = True) -> tuple[Decimal, Decimal]:
        """The present value at `rate` and its derivative in the rate, to 50 digits."""
        with localcontext(_CONTEXT):
            one_plus = 1 + rate
            if self.periodic:  # Horner in v = 1/(1+r): F = Σ a_k v^k, dF/dr = −v² Σ k a_k v^(k−1)
                v = 1 / one_plus
                value = derivative = Decimal(0)
                for amount in reversed(self.amounts):
                    derivative = derivative * v + value
                    value = value * v + amount
                return value, -derivative * v * v
            log = one_plus.ln()
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
                if f:
                    simple = 1 + Decimal(f.numerator) / f.denominator * rate
                    factor /= simple
                term = amount * factor
                value += term
                if slope:
                    rate_of_change = -(Decimal(time.numerator) / time.denominator) / one_plus
                    if f:
                        rate_of_change -= Decimal(f.numerator) / f.denominator / simple
                    derivative += term * rate_of_change
            return value, derivative


def present_value(flows: Flows, rate: Decimal) -> Decimal:
    """The present value of `flows` at `rate`, to 50 significant digits."""
    return flows.value_and_slope(rate, slope=False)[0]


def round_rate(value: Decimal) -> Decimal:
    """A rate or an amount rounded half-even to `PLACES` decimal places."""
    return value.quantize(_QUANTUM, rounding=ROUND_HALF_EVEN, context=_CONTEXT)


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
    """Two values of delta = ln(1 + r) around the root the rules choose."""
    times = [float(t) + f for t, f in zip(flows.times, flows.simple_floats, strict=True)]
    span = max(times) - min(times)
    if changes == 1:
        # one root: on the positive side when the earliest flows outweigh at high rates
        direction = 1.0 if sign_at_zero != first_sign else -1.0
        previous, u = 0.0, 1e-3
        while u <= _U_MAX:
            delta = direction * u / span
            if _sign(flows.float_value(delta)) != sign_at_zero:
                return (previous, delta) if direction > 0 else (delta, previous)
            previous, u = delta, u * 2
    else:
        for direction in (1.0, -1.0):  # the positive root nearest zero, else the negative one
            previous, u = 0.0, 1e-4
            while u <= _U_MAX:
                delta = direction * u / span
                if _sign(flows.float_value(delta)) != sign_at_zero:
                    return (previous, delta) if direction > 0 else (delta, previous)
                previous, u = delta, u * 1.05
    raise ConvergenceError(
        f"no rate makes the present value zero; got cash flows whose signs change {changes} "
        "times but whose present value keeps one sign at every rate from -100% up "
        "(check the amounts and their signs)"
    )


def _to_rate(delta: float) -> Decimal:
    return _CONTEXT.create_decimal_from_float(math.expm1(delta))


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
    return _refine(flows, _to_rate(low), _to_rate(high), _to_rate(guess))


def _refine(flows: Flows, low: Decimal, high: Decimal, guess: Decimal) -> Decimal:
    """Newton's method in Decimal, kept inside [low, high] by bisection (rtsafe)."""
    f_low = present_value(flows, low)
    if not f_low:
        return low
    f_high = present_value(flows, high)
    if not f_high:
        return high
    if _sign(f_low) == _sign(f_high):
        raise ConvergenceError(
            f"the rate solver lost its bracket between {low:.6g} and {high:.6g}; got present "
            "values of one sign at both ends (the flows are too ill-conditioned for "
            "floating-point location; try scaling the amounts)"
        )
    with localcontext(_CONTEXT):
        rate = min(max(guess, low), high)
        step_before = high - low
        for _ in range(300):
            value, slope = flows.value_and_slope(rate)
            if not value:
                return rate
            if _sign(value) == _sign(f_low):
                low = rate
            else:
                high = rate
            newton_ok = slope and abs(2 * value) <= abs(step_before * slope)
            candidate = rate - value / slope if newton_ok else (low + high) / 2
            if not low < candidate < high:
                candidate = (low + high) / 2
            step_before = candidate - rate
            tolerance = _TOLERANCE * max(Decimal(1), abs(candidate))
            if abs(step_before) <= tolerance or high - low <= tolerance:
                return candidate
            rate = candidate
    raise ConvergenceError(
        f"the rate solver did not converge within 300 iterations; got a bracket from "
        f"{low:.12g} to {high:.12g} (report the cash flows as a bug)"
    )
