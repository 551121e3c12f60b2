"""Solvers: the term, payment or rate that fits, exact on the same formula as `amortize`."""

from __future__ import annotations

from decimal import Decimal

from reschedule.conventions import (
    EXACT,
    ConvergenceError,
    DecimalLike,
    Frequency,
    InvalidInputError,
    Rounding,
    divide,
    non_negative,
    positive,
    to_decimal,
    to_rate,
    to_ratio,
)
from reschedule.plans import (
    MAX_TERM,
    level_payment_ratio,
    level_payment_units,
    periodic_rate,
    whole,
)

__all__ = ["max_installment", "solve_payment", "solve_rate", "solve_term"]


def _inputs(
    balance: DecimalLike, annual_rate: DecimalLike, rounding: Rounding | None
) -> tuple[int, Decimal, Rounding]:
    rounding = rounding or Rounding()
    amount = positive(balance, "balance")
    rate = to_rate(annual_rate, "annual_rate")
    return rounding.to_units(amount, "balance"), rate, rounding


def solve_payment(
    balance: DecimalLike,
    annual_rate: DecimalLike,
    term: int,
    *,
    frequency: Frequency | str = Frequency.MONTHLY,
    rounding: Rounding | None = None,
) -> Decimal:
    """The level payment that repays `balance` in `term` installments (Excel PMT).

    The same exact rational as `amortize`, rounded once.

    Examples:
        >>> solve_payment(10_000, "0.08", 10)  # Excel PMT help: =PMT(8%/12, 10, 10000)
        Decimal('1037.03')
    """
    units, rate, rounding = _inputs(balance, annual_rate, rounding)
    whole(term, "term", 1)
    periodic = periodic_rate(rate, Frequency.parse(frequency))
    return rounding.from_units(level_payment_units(units, periodic, term, rounding.mode))


def solve_term(
    balance: DecimalLike,
    annual_rate: DecimalLike,
    max_payment: DecimalLike,
    *,
    frequency: Frequency | str = Frequency.MONTHLY,
    rounding: Rounding | None = None,
    max_term: int = MAX_TERM,
) -> int:
    """The fewest installments whose level payment is at most `max_payment`.

    Excel's NPER, rounded up to whole installments. The payment must exceed
    a period's interest on the balance, or the loan never amortises (a level
    payment that only rounds down to the limit is not accepted).

    Raises:
        ConvergenceError: no term up to `max_term` fits (the payment does not
            cover the first period's interest, or the limit is too short).

    Examples:
        >>> solve_term(10_000, "0.12", 1000)  # 11 installments of 946.22 or less
        11
        >>> solve_term(10_000, "0.12", 100)
        Traceback (most recent call last):
        ...
        reschedule.ConvergenceError: a payment of 100 never repays 10000: ...
    """
    units, rate, rounding = _inputs(balance, annual_rate, rounding)
    limit = rounding.to_units(to_decimal(max_payment, "max_payment"), "max_payment")
    if limit <= 0:
        raise InvalidInputError(f"max_payment must be positive; got {max_payment}")
    periodic = periodic_rate(rate, Frequency.parse(frequency))

    def payment(term: int) -> int:
        return level_payment_units(units, periodic, term, rounding.mode)

    interest = divide(units * periodic[0], periodic[1], rounding.mode)
    if limit <= interest:
        raise ConvergenceError(
            f"a payment of {max_payment} never repays {balance}: it must exceed the "
            f"periodic interest {rounding.from_units(interest)}"
        )
    if payment(max_term) > limit:
        raise ConvergenceError(
            f"no term of at most {max_term} installments repays {balance} with a payment "
            f"of at most {max_payment}; the payment over {max_term} is "
            f"{rounding.from_units(payment(max_term))}"
        )
    low, high = 1, max_term  # payment(term) never rises with the term: bisect
    while low < high:
        middle = (low + high) // 2
        if payment(middle) <= limit:
            high = middle
        else:
            low = middle + 1
    if payment(low) <= interest:
        raise ConvergenceError(
            f"a payment of {max_payment} repays {balance} only through rounding: it must "
            f"exceed the periodic interest {rounding.from_units(interest)}"
        )
    return low


def solve_rate(
    balance: DecimalLike,
    term: int,
    payment: DecimalLike,
    *,
    frequency: Frequency | str = Frequency.MONTHLY,
    rounding: Rounding | None = None,
    places: int = 10,
) -> Decimal:
    """The annual rate at which `term` level payments of `payment` repay `balance`.

    Excel's RATE times the periods a year.

    Bisection on the exact annuity formula (unrounded) over whole multiples
    of ``10**-places``: the result is the largest such annual rate at which
    the payments' present value is at least the balance.

    Raises:
        ConvergenceError: the payments repay less than the balance (no
            non-negative rate), or the rate would exceed 1000% a year.

    Examples:
        >>> solve_rate(10_000, 10, "1037.03")  # the rate of Excel's PMT example
        Decimal('0.0799955303')
    """
    units, _, rounding = _inputs(balance, 0, rounding)
    paid = rounding.to_units(to_decimal(payment, "payment"), "payment")
    whole(term, "term", 1)
    cycle = Frequency.parse(frequency)
    if paid * term < units:
        raise ConvergenceError(
            f"{term} payments of {payment} repay less than the balance {balance}: "
            "no non-negative rate fits"
        )

    def excess(numerator: int, denominator: int) -> int:
        """Sign of (payments' present value − balance) at the annual rate
        numerator / denominator: of the payment less the exact level payment
        (their present values compare as the payments do)."""
        top, bottom = level_payment_ratio(
            units, periodic_rate((numerator, denominator), cycle), term
        )
        return paid * bottom - top

    scale = 10**places
    low, high = 0, 10 * scale  # in units of 10**-places a year: 0% to 1000%
    if excess(high, scale) > 0:
        raise ConvergenceError(f"the rate for payment {payment} would exceed 1000% a year")
    while high - low > 1:
        middle = (low + high) // 2
        if excess(middle, scale) >= 0:
            low = middle
        else:
            high = middle
    return Decimal(low).scaleb(-places, EXACT)


def max_installment(
    income: DecimalLike,
    *,
    ratio: DecimalLike = "0.4",
    other_debts: DecimalLike = 0,
    rounding: Rounding | None = None,
) -> Decimal:
    """The largest installment a borrower can afford: ``income × ratio − other debts``.

    A debt-to-income rule, as lenders apply to modifications (a target
    ratio of 31% to 40% of gross monthly income is common in US programmes);
    the ratio is a setting, never a constant.

    Args:
        income: income per installment period (gross monthly income for a
            monthly plan).
        ratio: the debt-to-income ratio allowed for all debts.
        other_debts: the installments of the borrower's other debts.
        rounding: the minor unit (rounded down: never above what fits).

    Examples:
        >>> max_installment(5000, ratio="0.4", other_debts=800)
        Decimal('1200.00')
    """
    rounding = rounding or Rounding()
    earned = positive(income, "income")
    share = to_ratio(ratio, "ratio")  # 0.4 or "40%"; a bare 40 is refused
    debts = non_negative(other_debts, "other_debts")
    room = EXACT.subtract(EXACT.multiply(earned, share), debts)
    if room <= 0:
        raise InvalidInputError(
            f"other_debts {debts} use up the allowed {share} of income {earned}: "
            "no installment is affordable"
        )
    units = room.scaleb(rounding.places, EXACT).to_integral_value(rounding="ROUND_FLOOR")
    return rounding.from_units(int(units))
