"""One account's work, as the portfolio issue timed it, in a process of its own.

Run by ``bench_since.py``, once with the library as it is and once with the
library as the issue measured it, so it uses only what both have: `Loan`,
`Payment`, `amortize`, `statement` (under the Chinese bank penalty rule), the
two offers (`restructure` as it stands, `extend` by 6) and `compare`.

Usage: ``python account_work.py SIZE``, then one line a chunk on standard
input, ``START STOP`` (or ``statements START STOP``: their statements alone,
the summary the portfolio gives without offers, with this library only):
the process states accounts ``[START, STOP)`` of the
synthetic portfolio of SIZE accounts and answers with one line: the process
(CPU) seconds it took, a digest of the statements' figures (payoffs and days
past due) and one of the offers' (totals, lender values and APRs), so that
what the two libraries compute can be compared. An empty line ends it.
"""

from __future__ import annotations

import hashlib
import sys
import time
from typing import Any

from reschedule import (
    Loan,
    Payment,
    PenaltyPolicy,
    Schedule,
    amortize,
    compare,
    extend,
    restructure,
    statement,
)
from synthetic import AS_OF
from synthetic import portfolio as synthetic

POLICY = PenaltyPolicy.chinese_bank()


def read(account: dict[str, Any], paid: list[dict[str, Any]]) -> tuple[Schedule, list[Payment]]:
    """The account's schedule and its payments, from its row and its payments' rows."""
    loan = Loan(
        account["principal"],
        account["annual_rate"],
        account["term"],
        account["start"],
        method=account["method"],
    )
    return amortize(loan), [Payment(payment["date"], payment["amount"]) for payment in paid]


def work(account: dict[str, Any], paid: list[dict[str, Any]]) -> tuple[object, ...]:
    """The account's statement, its two offers and their comparison: the figures read."""
    schedule, payments = read(account, paid)
    stated = statement(schedule, payments, AS_OF, penalty=POLICY)
    figures: tuple[object, ...] = (stated.payoff, stated.days_past_due)
    try:
        plans = {"as it stands": restructure(stated), "extend 6": extend(stated, 6)}
    except Exception as error:  # an account nothing is owed on: no offer (both libraries)
        return (*figures, type(error).__name__)
    for option in compare(plans):
        figures += (option.total_paid, option.lender_value, option.apr)
    return figures


def statement_alone(account: dict[str, Any], paid: list[dict[str, Any]]) -> tuple[object, ...]:
    """The account's statement summary alone (`statement_summary`, which the library of
    the issue did not have): what the portfolio computes when no offer is asked."""
    from reschedule.servicing import statement_summary

    schedule, payments = read(account, paid)
    summary = statement_summary(schedule, payments, AS_OF, penalty=POLICY)
    return (summary.payoff, summary.days_past_due)


def digest(figures: list[tuple[object, ...]]) -> str:
    """A short digest of the figures' text."""
    return hashlib.sha256(repr(figures).encode()).hexdigest()[:16]


def main() -> None:
    accounts, payments = synthetic(int(sys.argv[1]))
    by_account: dict[str, list[dict[str, Any]]] = {}
    for payment in payments:
        by_account.setdefault(payment["account_id"], []).append(payment)
    for line in sys.stdin:
        if not line.strip():
            break
        *mode, start, stop = line.split()
        do = statement_alone if mode == ["statements"] else work
        chosen = [
            (account, by_account.get(account["id"], []))
            for account in accounts[int(start) : int(stop)]
        ]
        began = time.process_time()
        results = [do(account, paid) for account, paid in chosen]
        seconds = time.process_time() - began
        stated = digest([figures[:2] for figures in results])
        offered = digest([figures[2:] for figures in results])
        print(f"{seconds!r} {stated} {offered}", flush=True)


if __name__ == "__main__":
    main()
