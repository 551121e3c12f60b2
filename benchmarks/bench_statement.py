"""Statement speed: replaying a loan's payment history to a statement.

Run: ``.venv/bin/python benchmarks/bench_statement.py``.

A 360-installment monthly annuity (200,000 at 6%) with one payment an
installment: most on time, every 7th a week late, every 11th partial (60%)
with the rest paid 20 days later, every 13th missed and caught up with the
next one; a late payment adds 1% of the installment, about its penalty. The
statement replays them all under the Chinese bank penalty policy (penalty and
compound interest, ACT/360), with the standard and the vertical waterfall,
and states the account the day after maturity: the statement (its summary;
the rows and the ledger are built on first use), then the same with every
installment row and ledger line built. Then the same history doubled
(720 installments) and doubled again: the time should roughly double each
time (the replay is linear in installments plus payments). An account with no
payment at all, stated 1 day, 10 years and 40 years after maturity, shows the
cost of penalty does not grow with the days overdue. No peer library replays
payments with penalty accrual to compare with (numpy-financial has no
servicing), so each statement is timed in the same interleaved rounds as
numpy-financial's float table of the same loan (`ipmt`, `ppmt`), a fixed
yardstick that makes the ratios comparable from run to run and machine to
machine. Times are medians of CPU milliseconds (this process's CPU time, which
the other processes of a busy machine do not inflate); ratios are medians of
per-round ratios (`harness.interleave`). Last, the issue's goal: the statement
(its summary) of 360 installments and 363 payments in at most 2 ms, with the
standard and the vertical waterfall, each time beside the goal with its ratio
to it (at most 1 meets it), and its growth with size beside linear growth.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import numpy_financial as npf

from harness import interleave
from reschedule import Loan, Payment, PenaltyPolicy, Schedule, amortize, statement


def history(schedule: Schedule) -> list[Payment]:
    """One payment per installment: some late, some partial, some missed; a late
    payment adds 1% of the installment, about its penalty, so arrears stay small."""
    payments: list[Payment] = []
    carried = Decimal(0)
    for row in schedule:
        extra = (row.payment / 100).quantize(Decimal("0.01"))
        amount = row.payment + carried
        carried = Decimal(0)
        if row.number % 13 == 0:  # missed: paid with the next installment
            carried = amount + extra
            continue
        if row.number % 11 == 0:  # partial: 60% now, the rest 20 days later
            part = (amount * 6 / 10).quantize(Decimal("0.01"))
            payments.append(Payment(row.due_date, part))
            payments.append(Payment(row.due_date + timedelta(days=20), amount - part + extra))
            continue
        if row.number % 7 == 0:  # a week late
            payments.append(Payment(row.due_date + timedelta(days=7), amount + extra))
            continue
        payments.append(Payment(row.due_date, amount))
    return payments


def yardstick(term: int) -> Callable[[], object]:
    """numpy-financial's float interest and principal columns of the same loan."""
    periods = np.arange(1, term + 1)

    def table() -> object:
        return (
            npf.ipmt(0.005, periods, term, -200_000.0),
            npf.ppmt(0.005, periods, term, -200_000.0),
        )

    return table


def main() -> None:
    policy = PenaltyPolicy.chinese_bank()
    print("statement of a loan with its whole payment history, 9 interleaved rounds")
    print("  (median CPU milliseconds; ratio to numpy-financial's float table of the same loan)")
    previous: dict[str, float] = {}
    took_at: dict[tuple[str, int], float] = {}
    for term in (360, 720, 1440):
        schedule = amortize(Loan(200_000, "0.06", term, "2024-01-15", day_count="ACT/360"))
        payments = history(schedule)
        as_of = schedule.maturity + timedelta(days=1)
        candidates: dict[str, Callable[[], object]] = {"yardstick": yardstick(term)}
        for rule in ("standard", "vertical"):

            def run(
                schedule: Schedule = schedule,
                payments: list[Payment] = payments,
                rule: str = rule,
                as_of: date = as_of,
            ) -> object:
                return statement(schedule, payments, as_of, penalty=policy, allocation=rule)

            def rows(run: Callable[[], object] = run) -> object:
                built = run()
                return built.installments, built.ledger  # type: ignore[attr-defined]

            candidates[rule] = run
            candidates[f"{rule} + rows"] = rows
        timings = interleave(candidates, rounds=9, number=2, timer=time.process_time)
        for rule in ("standard", "vertical", "standard + rows", "vertical + rows"):
            took = timings.median(rule)
            took_at[rule, term] = took
            growth = ""
            if rule in previous:
                growth = f"   x{took / previous[rule]:.2f} for x2 installments and payments"
            previous[rule] = took
            print(
                f"  {term:5} installments, {len(payments):5} payments, {rule:15} {took:8.1f}"
                f"   ratio {timings.ratio(rule, 'yardstick'):6.1f}{growth}"
            )
    print()
    print("goal: a statement of 360 installments and 363 payments in at most 2 ms, linear in size")
    header = f"  {'waterfall':10} {'ms':>6}  {'goal':>7}  {'ratio':>5}"
    print(f"{header}   growth with size (linear: x2, x4)")
    for rule in ("standard", "vertical"):
        took = took_at[rule, 360]
        print(
            f"  {rule:10} {took:6.2f}  {'<= 2 ms':>7}  {took / 2:5.2f}"
            f"   x{took_at[rule, 720] / took:.2f} at 720, x{took_at[rule, 1440] / took:.2f} at 1440"
        )
    schedule = amortize(Loan(200_000, "0.06", 360, "2024-01-15", day_count="ACT/360"))
    print()
    print("no payment at all: every installment overdue (median CPU milliseconds)")
    overdue: dict[str, Callable[[], object]] = {"yardstick": yardstick(360)}
    for years in (0, 10, 40):
        as_of = schedule.maturity + timedelta(days=1 + 365 * years)
        overdue[str(years)] = lambda as_of=as_of: statement(schedule, [], as_of, penalty=policy)  # type: ignore[misc]
    timings = interleave(overdue, rounds=9, number=2, timer=time.process_time)
    for years in (0, 10, 40):
        print(
            f"  {years:2} years after maturity {timings.median(str(years)):8.1f}"
            f"   ratio {timings.ratio(str(years), 'yardstick'):6.1f}"
        )


if __name__ == "__main__":
    main()
