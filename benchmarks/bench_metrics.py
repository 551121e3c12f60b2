"""IRR speed: reschedule's exact irr and xirr against numpy-financial's irr, in one run.

Run: ``.venv/bin/python benchmarks/bench_metrics.py``.

Every side solves the cash flows of a monthly annuity (200,000 at 6%, its
rounded payments to the cent) for the rate that makes their present value
zero. numpy-financial's `irr` finds the roots of the polynomial with
`numpy.roots` (the eigenvalues of its companion matrix, a cubic cost in the
number of flows) and returns a float; reschedule's `irr` brackets the root in
floats (Horner's rule, linear in the flows), then refines it to 50 digits in
Decimal and returns the rate rounded to 10 places. `xirr` solves the same
flows at their due dates (ACT/365F), and `apr` under each convention (their
time rules first, then the same solver). Times are the best of 5 repeats, in
milliseconds; no timing is asserted anywhere.
"""

from __future__ import annotations

import timeit
from collections.abc import Callable

import numpy_financial as npf

from reschedule import Loan, amortize, apr, irr, xirr


def best(function: Callable[[], object], number: int) -> float:
    """The best time of one call in milliseconds, over 5 repeats of `number` calls."""
    return min(timeit.repeat(function, number=number, repeat=5)) / number * 1e3


def main() -> None:
    print("IRR of a monthly annuity's cash flows, best of 5 repeats (milliseconds)")
    print(f"  {'flows':>5}  {'npf.irr':>9}  {'irr':>9}  {'ratio':>6}  {'xirr':>9}  {'ratio':>6}")
    for term in (12, 60, 120, 360):
        plan = amortize(Loan(200_000, "0.06", term, "2024-01-15"))
        amounts = [-plan.principal] + [row.payment for row in plan]
        floats = [float(amount) for amount in amounts]
        dated = [(plan.loan.start, -plan.principal)] + [(row.due_date, row.payment) for row in plan]
        number = max(1, 240 // term)
        theirs = best(lambda floats=floats: npf.irr(floats), number)  # type: ignore[misc]
        ours = best(lambda amounts=amounts: irr(amounts), number)  # type: ignore[misc]
        dated_ours = best(lambda dated=dated: xirr(dated), number)  # type: ignore[misc]
        assert abs(float(irr(amounts)) - float(npf.irr(floats))) < 1e-9  # the same root
        print(
            f"  {term + 1:>5}  {theirs:9.3f}  {ours:9.3f}  {ours / theirs:6.2f}"
            f"  {dated_ours:9.3f}  {dated_ours / theirs:6.2f}"
        )
    print()
    plan = amortize(Loan(200_000, "0.06", 360, "2024-01-15"))
    print("apr of the 360-installment plan (milliseconds)")
    for convention in ("us", "eu", "pboc"):
        took = best(lambda convention=convention: apr(plan, convention), 5)  # type: ignore[misc]
        print(f"  {convention:5} {took:9.3f}   {apr(plan, convention)}")


if __name__ == "__main__":
    main()
