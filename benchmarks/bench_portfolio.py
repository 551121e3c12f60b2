"""Portfolio speed: the cost of one account, and of its APR against pyxirr, in one run.

Run: ``.venv/bin/python benchmarks/bench_portfolio.py [ACCOUNTS]`` (400 by default;
the portfolio issue's figure is for 20,000).

The accounts are the synthetic consumer mix of ``synthetic.py``. Each round
times, in a rotating order (`harness.interleave`): the whole batch in this
process (``portfolio.run(..., workers=1)``: a statement under the Chinese bank
penalty rule, two offers, as it stands and extended by 6, and their
comparison, APR and lender value included); the statements alone; the APR
(US convention) of a 360-installment plan; and pyxirr's ``xirr`` of the same
plan's dated flows, the peer. Figures are medians over the rounds, ratios the
medians of per-round ratios, each printed beside its goal from the issue; CPU
time per account is measured too, as process time. Nothing is asserted.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from collections.abc import Callable

import pyxirr

from harness import interleave
from reschedule import Loan, PenaltyPolicy, amortize, apr, portfolio
from synthetic import AS_OF
from synthetic import portfolio as synthetic

OFFERS = {
    "as it stands": {"operation": "restructure"},
    "extend 6": {"operation": "extend", "periods": 6},
}
POLICY = PenaltyPolicy.chinese_bank()


def cpu_ms(function: Callable[[], object], repeat: int = 3) -> float:
    """The median process time of one call, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        function()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1e3


def import_ms() -> float:
    """The median time of ``import reschedule`` in a fresh interpreter, in milliseconds."""
    times = []
    for _ in range(5):
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-c", "import reschedule"],
            capture_output=True,
            text=True,
            check=True,
        )
        last = done.stderr.strip().splitlines()[-1]  # "... | cumulative | reschedule"
        times.append(int(last.split("|")[1]) / 1e3)
    return statistics.median(times)


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    accounts, payments = synthetic(size)
    print(f"{size} synthetic accounts, {len(payments) / size:.1f} payments each, as of {AS_OF}")

    def whole() -> object:
        return portfolio.run(
            accounts, payments, as_of=AS_OF, offers=OFFERS, penalty=POLICY, workers=1
        )

    def statements() -> object:
        return portfolio.run(accounts, payments, as_of=AS_OF, penalty=POLICY, workers=1)

    plan = amortize(Loan(200_000, "0.06", 360, "2024-01-15"))
    dates = [plan.loan.start] + [row.due_date for row in plan]
    amounts = [-float(plan.principal)] + [float(row.payment) for row in plan]

    timings = interleave(
        {
            "portfolio": whole,
            "statements": statements,
            "apr": lambda: apr(plan, "us"),
            "pyxirr": lambda: pyxirr.xirr(dates, amounts),
        },
        rounds=5,
    )
    per_account = timings.median("portfolio") / size
    alone = timings.median("statements") / size
    cpu = cpu_ms(whole, 1) / size
    cpu_statements = cpu_ms(statements, 1) / size
    print()
    print(f"{'measure':42} {'figure':>10}  {'goal':>10}")
    print(f"{'portfolio, ms an account (wall)':42} {per_account:10.3f}  {'<= 1.0':>10}")
    print(f"{'portfolio, CPU ms an account':42} {cpu:10.3f}  {'<= 1.0':>10}")
    print(f"{'statements alone, ms an account (wall)':42} {alone:10.3f}  {'<= 0.3':>10}")
    print(f"{'statements alone, CPU ms an account':42} {cpu_statements:10.3f}  {'<= 0.3':>10}")
    ratio = timings.ratio("apr", "pyxirr")
    print(f"{'apr (360 flows) / pyxirr.xirr, same round':42} {ratio:10.1f}x {'<= 10x':>10}")
    million = cpu * 1e6 / 1e3 / 60 / 2
    print(f"{'a million accounts on 2 cores, minutes':42} {million:10.1f}  {'<= 10':>10}")
    print(f"{'import reschedule, ms':42} {import_ms():10.1f}  {'<= 60':>10}")


if __name__ == "__main__":
    main()
