"""Portfolio speed: the cost of one account, and of its APR against pyxirr, in one run.

Run: ``.venv/bin/python benchmarks/bench_portfolio.py [ACCOUNTS [ROUNDS]]`` (400
accounts and 5 rounds by default; the portfolio issue's figure is for 20,000).

The accounts are the synthetic consumer mix of ``synthetic.py``. Each round
times, in a rotating order (`harness.interleave`), the whole batch in this
process (``portfolio.run(..., workers=1)``: a statement under the Chinese bank
penalty rule, two offers, as it stands and extended by 6, and their comparison,
APR and lender value included) and the statements alone, in process (CPU) time
and wall time, and the same batch on every core (``workers=None``: worker
processes) in wall time, with the CPU time of this process and its workers; then
the APR (US convention) of a 360-installment plan and pyxirr's ``xirr`` of the
same plan's dated flows, the peer, in CPU time (the first call on each plan;
again on one plan, apart). Figures are medians over the rounds, ratios the
medians of per-round ratios, each printed beside its goal from the issue with
its ratio to the goal (at most 1 meets it). A million accounts on this machine's
cores is given three times: projected (the in-process CPU time an account over
the cores, as if the cores were free and the processes cost nothing) and
measured (the wall time an account of the run on every core, times a million:
its workers' start-up, printed apart, is counted as if paid again every
ACCOUNTS). The processes' own cost is their CPU time beyond the in-process
run's, start-up apart; the processes' CPU time an account over the cores, plus
their start-up once, is the third figure: what free cores would take, the
processes' cost counted. On a machine other work keeps busy the measured figure
is the highest (with Linux's autogroup scheduling, on by default, a busy machine
gives a session its share of the cores however many processes it runs);
``uptime`` says how busy. Nothing is asserted."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

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


class Clocked:
    """A candidate that also keeps the process (CPU) time of each call."""

    def __init__(self, function: Callable[[], object]) -> None:
        self.function = function
        self.cpu: list[float] = []

    def __call__(self) -> object:
        start = time.process_time()
        result = self.function()
        self.cpu.append(time.process_time() - start)
        return result

    def median(self) -> float:
        """The median CPU seconds of a timed call (the first, untimed one left out)."""
        return statistics.median(self.cpu[1:])


def forked() -> float:
    """The CPU seconds of the finished children of this process's running children:
    workers forked by a fork server, counted by the server, not here (Linux's /proc)."""
    ticks = 0
    if not Path("/proc").is_dir():
        return 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():  # a child of ours: its children's user and system time
            ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


class Processes:
    """A candidate run on worker processes: keeps its wall time and the CPU time of
    this process and of its workers (counted when the run has waited for them)."""

    def __init__(self, function: Callable[[], object]) -> None:
        self.function = function
        self.wall: list[float] = []
        self.cpu: list[float] = []

    @staticmethod
    def _cpu() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + forked()

    def __call__(self) -> object:
        cpu = self._cpu()
        start = time.perf_counter()
        result = self.function()
        self.wall.append(time.perf_counter() - start)
        self.cpu.append(self._cpu() - cpu)
        return result

    def median(self, times: list[float]) -> float:
        """The median of `times` (the first, untimed call left out)."""
        return statistics.median(times[1:])


def line(measure: str, figure: float, goal: float, unit: str = "") -> str:
    """A measure, its figure, its goal and the figure's ratio to the goal."""
    return (
        f"{measure:46} {figure:9.3f}{unit:1}  {'<= ' + f'{goal:g}' + unit:>9}  {figure / goal:6.2f}"
    )


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 400
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    accounts, payments = synthetic(size)
    print(f"{size} synthetic accounts, {len(payments) / size:.1f} payments each, as of {AS_OF}")

    whole = Clocked(
        lambda: portfolio.run(
            accounts, payments, as_of=AS_OF, offers=OFFERS, penalty=POLICY, workers=1
        )
    )
    statements = Clocked(
        lambda: portfolio.run(accounts, payments, as_of=AS_OF, penalty=POLICY, workers=1)
    )
    processes = Processes(
        lambda: portfolio.run(
            accounts, payments, as_of=AS_OF, offers=OFFERS, penalty=POLICY, workers=None
        )
    )
    few = accounts[:cores]  # one an account a process: what starting and closing them costs
    ids = {account["id"] for account in few}
    paid = [payment for payment in payments if payment["account_id"] in ids]
    start_up = Processes(
        lambda: portfolio.run(few, paid, as_of=AS_OF, offers=OFFERS, penalty=POLICY, chunk_size=1)
    )

    plan = amortize(Loan(200_000, "0.06", 360, "2024-01-15"))
    dates = [plan.loan.start] + [row.due_date for row in plan]
    amounts = [-float(plan.principal)] + [float(row.payment) for row in plan]

    timings = interleave(
        {"portfolio": whole, "statements": statements, "processes": processes}, rounds=rounds
    )
    interleave({"start-up": start_up}, rounds=rounds)
    # a schedule remembers what `apr` reads of it: the first call on each plan (a new
    # plan each time, made before the timing) is the figure; again on one plan apart
    fresh = iter([amortize(plan.loan) for _ in range((11 + 1) * 20)])
    rates = interleave(
        {
            "apr": lambda: apr(next(fresh), "us"),
            "apr again": lambda: apr(plan, "us"),
            "pyxirr": lambda: pyxirr.xirr(dates, amounts),
        },
        number=20,
        timer=time.process_time,
    )
    cpu = whole.median() * 1e3 / size
    cpu_statements = statements.median() * 1e3 / size
    print(f"{rounds} interleaved rounds; this machine has {cores} cores")
    print()
    print(f"{'measure':46} {'figure':>10}  {'goal':>9}  {'ratio':>6}")
    print(line("portfolio, CPU ms an account", cpu, 1.0))
    print(line("statements alone, CPU ms an account", cpu_statements, 0.3))
    print(line("portfolio, ms an account (wall)", timings.median("portfolio") / size, 1.0))
    print(line("statements alone, ms an account (wall)", timings.median("statements") / size, 0.3))
    print(line("apr (360 flows) / pyxirr.xirr, CPU time", rates.ratio("apr", "pyxirr"), 10, "x"))
    again = rates.ratio("apr again", "pyxirr")
    print(f"{'  the same plan again (its reading remembered)':46} {again:9.3f}x")
    wall = processes.median(processes.wall)
    opening = start_up.median(start_up.wall)
    print(line(f"portfolio on {cores} processes, ms an account (wall)", wall * 1e3 / size, 1.0))
    shared = processes.median(processes.cpu)
    opening_cpu = start_up.median(start_up.cpu)
    print(f"{'  their CPU (this process and workers), ms':46} {shared * 1e3 / size:9.3f}")
    print(f"{'  start-up and close of the processes, s':46} {opening:9.3f}")
    print(f"{'    their CPU, s':46} {opening_cpu:9.3f}")
    beyond = (shared - opening_cpu) * 1e3 / size - cpu
    print(f"{'  CPU beyond in-process, start-up apart, ms':46} {beyond:9.3f}")
    million = cpu * 1e6 / 1e3 / 60 / cores
    print(line(f"a million accounts on {cores} cores, min (projected)", million, 10))
    measured = wall / size * 1e6 / 60  # (its start-up counted as if paid again every `size`)
    print(line(f"a million accounts on {cores} processes, min (measured)", measured, 10))
    free = ((shared - opening_cpu) / size * 1e6 / cores + opening) / 60
    print(line("  the same from the processes' CPU, min", free, 10))
    alone = cpu_statements * 1e6 / 1e3 / 60 / cores
    print(f"{f'  statements alone on {cores} cores, minutes':46} {alone:9.3f}")
    print(line("import reschedule, ms", import_ms(), 60))


if __name__ == "__main__":
    main()
