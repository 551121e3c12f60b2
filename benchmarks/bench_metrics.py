"""Rate speed against pyxirr and numpy-financial, and the import's cost, in one run.

Run: ``.venv/bin/python benchmarks/bench_metrics.py [ROUNDS]`` (11 rounds by default).

Every side solves the cash flows of a monthly annuity (200,000 at 6%, its
rounded payments to the cent; 12, 60 and 360 installments, so 13, 61 and 361
flows). pyxirr's `xirr` (Rust, floats) solves the dated flows and is the peer
of reschedule's `xirr` and of `apr` under each convention (their time rules
first, then the same solver); numpy-financial's `irr` (the roots of the
polynomial, floats) is the peer of `irr`. reschedule's rates are exact to
the 10 places they state: a float root is proven by the signs of the present
value half a unit either side of the rounded rate, else the Decimal solver
runs. The goal of issue 11 is at most 10 times pyxirr on the same flows.
`apr` is timed on a new plan each call (a schedule remembers what `apr` reads
of it, so a second call on one plan is quicker): the first call's time.

``import reschedule`` is timed in fresh interpreters against ``import json``
and ``import dateutil`` (its one dependency), each run minus an empty
interpreter's, the goal 60 ms; ``-X importtime``'s own figure is printed too.

Candidates run in interleaved rounds (`harness.interleave`, a new order each
round): times are medians (the rates' and compare's in this process's CPU
time, which other processes on a busy machine do not inflate; the imports' in
wall time), ratios the medians of per-round ratios; nothing is asserted. The
rates' times are net of an empty call's (the timer and the lambda, about
0.1 µs: a tenth of a ratio to pyxirr's 2 µs).
"""

from __future__ import annotations

import os

# numpy's BLAS threads fight over a busy machine's cores (npf.irr of 361 flows took
# seconds): the peers run on one thread, as the rest of the benchmark does
for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "1")

import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402

import numpy_financial as npf  # noqa: E402
import pyxirr  # noqa: E402

from harness import interleave  # noqa: E402
from reschedule import Loan, amortize, apr, compare, extend, irr, xirr  # noqa: E402


def _flows(term: int) -> tuple[object, list, list, list, list]:
    plan = amortize(Loan(200_000, "0.06", term, "2024-01-15"))
    amounts = [-plan.principal] + [row.payment for row in plan]
    dated = [(plan.loan.start, -plan.principal)] + [(row.due_date, row.payment) for row in plan]
    dates = [day for day, _ in dated]
    floats = [float(amount) for amount in amounts]
    return plan, amounts, dated, dates, floats


def rates(rounds: int) -> None:
    print(f"Rates of a monthly annuity's flows, {rounds} interleaved rounds (CPU ms of a call)")
    print(f"  {'flows':>5}  {'candidate':22} {'ms':>8}  {'ratio':>7}  {'goal':>7}  rate")
    for term in (12, 60, 360):
        plan, amounts, dated, dates, floats = _flows(term)
        assert abs(float(xirr(dated)) - pyxirr.xirr(dates, floats)) < 1e-9  # the same root
        candidates: dict[str, Callable[[], object]] = {
            "pyxirr.xirr": lambda d=dates, f=floats: pyxirr.xirr(d, f),  # type: ignore[misc]
            "npf.irr": lambda f=floats: npf.irr(f),  # type: ignore[misc]
            "xirr": lambda d=dated: xirr(d),  # type: ignore[misc]
            "irr": lambda a=amounts: irr(a),  # type: ignore[misc]
        }
        number = max(1, 120 // term)
        # a schedule remembers what `apr` reads of it: each call gets a new plan (made
        # before the timing), so the figure is the first call's
        for convention in ("us", "eu", "pboc"):
            fresh = iter([amortize(plan.loan) for _ in range((rounds + 1) * number)])
            candidates[f"apr {convention}"] = lambda c=convention, f=fresh: apr(next(f), c)  # type: ignore[misc]
        timings = interleave(
            candidates,
            rounds=rounds,
            number=number,
            timer=time.process_time,
            subtract_empty=True,
            shuffle=True,
        )
        rows = [("pyxirr.xirr", None, "", pyxirr.xirr(dates, floats))]
        rows.append(("xirr", "pyxirr.xirr", "<= 10", xirr(dated)))
        rows.extend(
            (f"apr {c}", "pyxirr.xirr", "<= 10", apr(plan, c))  # type: ignore[arg-type]
            for c in ("us", "eu", "pboc")
        )
        rows.append(("npf.irr", None, "", npf.irr(floats)))
        rows.append(("irr", "npf.irr", "", irr(amounts)))
        for name, peer, goal, rate in rows:
            ratio = f"{timings.ratio(name, peer):6.1f}x" if peer else ""
            print(
                f"  {term + 1:>5}  {name:22} {timings.median(name):8.3f}  {ratio:>7}  "
                f"{goal:>7}  {rate}"
            )


def comparison(rounds: int) -> None:
    plan = amortize(Loan(12_000, "0.12", 24, "2024-01-15"))
    options = {"as is": plan, "extend 6": extend(plan, 6)}
    timings = interleave(
        {"compare": lambda: compare(options)}, rounds=rounds, number=20, timer=time.process_time
    )
    print()
    print(f"compare of two 24-30 installment plans: {timings.median('compare'):.3f} ms")


def _run(code: str) -> Callable[[], object]:
    command = [sys.executable, "-c", code]
    return lambda: subprocess.run(command, check=True)


def _importtime() -> float:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import reschedule"],
        capture_output=True,
        text=True,
        check=True,
    )
    last = done.stderr.strip().splitlines()[-1]  # "import time: self | cumulative | reschedule"
    return int(last.split("|")[1]) / 1e3


def imports(rounds: int) -> None:
    timings = interleave(
        {
            "nothing": _run("pass"),
            "json": _run("import json"),
            "dateutil": _run("import dateutil.relativedelta"),
            "reschedule": _run("import reschedule"),
            "reschedule, Loan, amortize": _run("from reschedule import Loan, amortize"),
        },
        rounds=rounds,
    )
    print()
    print(f"Imports in fresh interpreters, {rounds} interleaved rounds (ms beyond an empty one)")
    for name in ("json", "dateutil", "reschedule", "reschedule, Loan, amortize"):
        pairs = zip(timings.seconds[name], timings.seconds["nothing"], strict=True)
        beyond = statistics.median(ours - empty for ours, empty in pairs) * 1e3
        print(f"  import {name:28} {beyond:8.1f}")
    own = statistics.median(_importtime() for _ in range(rounds))
    print(f"  import reschedule, -X importtime {own:8.1f}   goal <= 60")


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 11
    rates(rounds)
    comparison(rounds)
    imports(rounds)


if __name__ == "__main__":
    main()
