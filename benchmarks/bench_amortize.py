"""Amortisation speed: reschedule's exact schedule against numpy-financial's float table.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_amortize.py``.

Both sides build the same 360-installment monthly annuity (200,000 at 6%).
reschedule computes every row exactly (integer minor units, each interest
rounded once, the last installment absorbing the residual) with its due
dates; numpy-financial computes the float interest and principal columns
(`ipmt`, `ppmt`) with no dates and no rounding. Both run in the same rounds,
interleaved (`harness.interleave`); the ratio is the median of the per-round
ratios, the times are medians, in microseconds.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy_financial as npf

from harness import interleave
from reschedule import Loan, amortize


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
    timings = interleave(
        {
            "numpy-financial": numpy_financial_table(200_000.0, 0.06, 360),
            "amortize": lambda: amortize(loan),
            "rows": lambda: amortize(loan).installments,
        },
        rounds=15,
        number=50,
    )
    print("360-installment monthly annuity, 15 interleaved rounds (median microseconds)")
    print(
        f"  numpy-financial ipmt+ppmt float table   {timings.median('numpy-financial', 1e6):8.1f}"
    )
    for name, text in (
        ("amortize", "reschedule amortize (exact, with dates)"),
        ("rows", "... and every Installment row built    "),
    ):
        ratio = timings.ratio(name, "numpy-financial")
        print(f"  {text} {timings.median(name, 1e6):8.1f}   ratio {ratio:.2f}")
    print()
    print("growth with the number of installments (amortize, median microseconds)")
    terms = (120, 240, 480, 960)
    loans = {term: Loan(200_000, "0.06", term, "2024-01-15") for term in terms}
    growth = interleave(
        {str(term): (lambda loan=loans[term]: amortize(loan)) for term in terms},  # type: ignore[misc]
        rounds=11,
        number=20,
    )
    for index, term in enumerate(terms):
        note = ""
        if index:
            note = f"   x{growth.ratio(str(term), str(terms[index - 1])):.2f} for x2 installments"
        print(f"  {term:4} installments {growth.median(str(term), 1e6):8.1f}{note}")


if __name__ == "__main__":
    main()
