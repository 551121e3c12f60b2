"""Amortisation speed: reschedule's exact schedule against numpy-financial's float table.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_amortize.py``.

Both sides build the same 360-installment monthly annuity (200,000 at 6%).
reschedule computes every row exactly (integer minor units, each interest
rounded once, the last installment absorbing the residual) with its due
dates; numpy-financial computes the float interest and principal columns
(`ipmt`, `ppmt`) with no dates and no rounding. The figures are the best of
several repeats, in microseconds.
"""

from __future__ import annotations

import timeit
from collections.abc import Callable

import numpy as np
import numpy_financial as npf

from reschedule import Loan, amortize


def best(function: Callable[[], object], number: int) -> float:
    """The best time of one call in microseconds, over 7 repeats of `number` calls."""
    return min(timeit.repeat(function, number=number, repeat=7)) / number * 1e6


def numpy_financial_table(principal: float, rate: float, term: int) -> Callable[[], object]:
    periods = np.arange(1, term + 1)

    def table() -> object:
        return (
            npf.ipmt(rate / 12, periods, term, -principal),
            npf.ppmt(rate / 12, periods, term, -principal),
        )

    return table


def main() -> None:
    loan = Loan(200_000, "0.06", 360, "2024-01-15")
    ours = best(lambda: amortize(loan), 500)
    rows = best(lambda: amortize(loan).installments, 200)
    theirs = best(numpy_financial_table(200_000.0, 0.06, 360), 500)
    print("360-installment monthly annuity, best of 7 repeats (microseconds)")
    print(f"  numpy-financial ipmt+ppmt float table   {theirs:8.1f}")
    print(f"  reschedule amortize (exact, with dates) {ours:8.1f}   ratio {ours / theirs:.2f}")
    print(f"  ... and every Installment row built     {rows:8.1f}   ratio {rows / theirs:.2f}")
    print()
    print("growth with the number of installments (amortize, microseconds)")
    previous = None
    for term in (120, 240, 480, 960):
        longer = Loan(200_000, "0.06", term, "2024-01-15")
        took = best(lambda longer=longer: amortize(longer), 200)  # type: ignore[misc]
        growth = "" if previous is None else f"   x{took / previous:.2f} for x2 installments"
        print(f"  {term:4} installments {took:8.1f}{growth}")
        previous = took


if __name__ == "__main__":
    main()
