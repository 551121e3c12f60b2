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
time rules first, then the same solver). All run in the same interleaved
rounds (`harness.interleave`): times are medians in milliseconds, ratios the
medians of per-round ratios; no timing is asserted anywhere.
"""

from __future__ import annotations

import numpy_financial as npf

from harness import interleave
from reschedule import Loan, amortize, apr, irr, xirr


def main() -> None:
    print("IRR of a monthly annuity's cash flows, 11 interleaved rounds (median milliseconds)")
    print(f"  {'flows':>5}  {'npf.irr':>9}  {'irr':>9}  {'ratio':>6}  {'xirr':>9}  {'ratio':>6}")
    for term in (12, 60, 120, 360):
        plan = amortize(Loan(200_000, "0.06", term, "2024-01-15"))
        amounts = [-plan.principal] + [row.payment for row in plan]
        floats = [float(amount) for amount in amounts]
        dated = [(plan.loan.start, -plan.principal)] + [(row.due_date, row.payment) for row in plan]
        assert abs(float(irr(amounts)) - float(npf.irr(floats))) < 1e-9  # the same root
        timings = interleave(
            {
                "npf": lambda floats=floats: npf.irr(floats),  # type: ignore[misc]
                "irr": lambda amounts=amounts: irr(amounts),  # type: ignore[misc]
                "xirr": lambda dated=dated: xirr(dated),  # type: ignore[misc]
            },
            rounds=11,
            number=max(1, 120 // term),
        )
        print(
            f"  {term + 1:>5}  {timings.median('npf'):9.3f}  {timings.median('irr'):9.3f}"
            f"  {timings.ratio('irr', 'npf'):6.2f}  {timings.median('xirr'):9.3f}"
            f"  {timings.ratio('xirr', 'npf'):6.2f}"
        )
    print()
    plan = amortize(Loan(200_000, "0.06", 360, "2024-01-15"))
    floats = [float(-plan.principal)] + [float(row.payment) for row in plan]
    print("apr of the 360-installment plan, against npf.irr of its flows (median milliseconds)")
    candidates = {"npf": lambda: npf.irr(floats)}
    for convention in ("us", "eu", "pboc"):
        candidates[convention] = lambda convention=convention: apr(plan, convention)  # type: ignore[misc]
    timings = interleave(candidates, rounds=11, number=2)
    for convention in ("us", "eu", "pboc"):
        print(
            f"  {convention:5} {timings.median(convention):9.3f}"
            f"   ratio {timings.ratio(convention, 'npf'):5.2f}   {apr(plan, convention)}"
        )


if __name__ == "__main__":
    main()
