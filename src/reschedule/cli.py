"""The ``reschedule`` command line (a first version: the demo)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from reschedule.amortize import amortize
from reschedule.errors import RescheduleError
from reschedule.loan import Loan

__all__ = ["main"]


def demo() -> str:
    """The demo: a sample consumer loan's schedule as a table."""
    loan = Loan(principal=10_000, annual_rate="0.12", term=12, start="2026-01-15")
    schedule = amortize(loan)
    heading = (
        f"A loan of {loan.principal:,} at {loan.annual_rate:%} a year over {loan.term} "
        f"monthly installments ({loan.method.value}, {loan.day_count.value})"
    )
    totals = (
        f"installment {schedule.payment:,}; total interest {schedule.total_interest:,}; "
        f"total paid {schedule.total_payment:,}"
    )
    return f"{heading}\n\n{schedule}\n\n{totals}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args[:1] == ["demo"]:
            print(demo())
            return 0
        print("usage: reschedule demo", file=sys.stderr)
        return 2
    except RescheduleError as error:
        print(f"reschedule: {error}", file=sys.stderr)
        return 1
