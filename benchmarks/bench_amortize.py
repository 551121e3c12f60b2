"""Amortisation speed: reschedule's exact schedule against numpy-financial's float table.

Run: ``make bench`` or ``.venv/bin/python benchmarks/bench_amortize.py [ROUNDS]``
(15 rounds by default).

Both sides build the same 360-installment monthly annuity (200,000 at 6%).
reschedule computes every row exactly (integer minor units, each interest
rounded once, the last installment absorbing the residual) with its due
dates; numpy-financial computes the float interest and principal columns
(`ipmt`, `ppmt`) with no dates and no rounding. The goals of issue 11: the
schedule ahead of numpy-financial (a ratio below 1), and with every
`Installment` row built at most 1.5 times it. A schedule's rows are made
cheaply and each field becomes its value (a Decimal, a Fraction) when first
read, for every row at once; the last line reads every field of every row,
the whole cost of a table of Decimals (no goal: for scale).

Candidates run in interleaved rounds (`harness.interleave`): times are
medians in this process's CPU time (which other processes on a busy machine
do not inflate), in microseconds; ratios are the medians of per-round
ratios; nothing is asserted.
"""

from __future__ import annotations

import os

# numpy's BLAS threads fight over a busy machine's cores: the peer runs on one thread,
# as the rest of the benchmark does
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from operator import attrgetter  # noqa: E402

import numpy as np  # noqa: E402
import numpy_financial as npf  # noqa: E402

from harness import interleave  # noqa: E402
from reschedule import Installment, Loan, amortize  # noqa: E402


def numpy_financial_table(principal: float, rate: float, term: int) -> Callable[[], object]:
    periods = np.arange(1, term + 1)

    def table() -> object:
        return (
            npf.ipmt(rate / 12, periods, term, -principal),
            npf.ppmt(rate / 12, periods, term, -principal),
        )

    return table


def main(rounds: int) -> None:
    loan = Loan(200_000, "0.06", 360, "2024-01-15")
    fields = attrgetter(*Installment._fields)
    timings = interleave(
        {
            "numpy-financial": numpy_financial_table(200_000.0, 0.06, 360),
            "amortize": lambda: amortize(loan),
            "rows": lambda: amortize(loan).installments,
            "fields": lambda: list(map(fields, amortize(loan).installments)),
        },
        rounds=rounds,
        number=50,
        timer=time.process_time,
    )
    print(f"360-installment monthly annuity, {rounds} interleaved rounds (CPU microseconds)")
    print(f"  {'candidate':46} {'us':>8}  {'ratio':>6}  {'goal':>6}")
    print(f"  {'numpy-financial ipmt+ppmt float table':46} "
          f"{timings.median('numpy-financial', 1e6):8.1f}")  # fmt: skip
    for name, text, goal in (
        ("amortize", "reschedule amortize (exact, with dates)", "< 1"),
        ("rows", "... and every Installment row built", "<= 1.5"),
        ("fields", "... and every field of every row read", ""),
    ):
        ratio = timings.ratio(name, "numpy-financial")
        print(f"  {text:46} {timings.median(name, 1e6):8.1f}  {ratio:6.2f}  {goal:>6}")
    print()
    print("growth with the number of installments (amortize, CPU microseconds)")
    terms = (120, 240, 480, 960)
    loans = {term: Loan(200_000, "0.06", term, "2024-01-15") for term in terms}
    growth = interleave(
        {str(term): (lambda loan=loans[term]: amortize(loan)) for term in terms},  # type: ignore[misc]
        rounds=11,
        number=20,
        timer=time.process_time,
    )
    for index, term in enumerate(terms):
        note = ""
        if index:
            note = f"   x{growth.ratio(str(term), str(terms[index - 1])):.2f} for x2 installments"
        print(f"  {term:4} installments {growth.median(str(term), 1e6):8.1f}{note}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
