"""A synthetic consumer portfolio: accounts and payments, reproducible from a seed.

Run: ``.venv/bin/python benchmarks/synthetic.py 20000 OUTDIR`` writes
``OUTDIR/accounts.jsonl`` and ``OUTDIR/payments.jsonl``.

The mix of the portfolio issue: consumer instalment loans of 3,000 to 60,000
over 6 to 60 months at 6% to 24% a year (annuity mostly, some equal
principal), started over the two years before the statement day, about 20
payments each; half the accounts pay every installment on its day, the other
half miss some (about one in six) and pay some late or in part.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from reschedule import Loan, amortize

AS_OF = date(2025, 6, 30)


def portfolio(size: int, seed: int = 20250630) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """`size` accounts and their payments, as rows (``id`` and Loan fields;
    ``account_id``, ``date``, ``amount``)."""
    rng = random.Random(seed)
    accounts: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    for number in range(size):
        term = rng.randrange(6, 61)
        start = AS_OF - timedelta(days=rng.randrange(60, 730))
        account = {
            "id": f"C{number:07d}",
            "principal": str(rng.randrange(30, 601) * 100),
            "annual_rate": str(Decimal(rng.randrange(600, 2401)) / 10000),
            "term": term,
            "start": start.isoformat(),
            "method": "equal_principal" if rng.random() < 0.2 else "annuity",
        }
        accounts.append(account)
        schedule = amortize(
            Loan(
                account["principal"], account["annual_rate"], term, start, method=account["method"]
            )
        )
        troubled = rng.random() < 0.5
        for row in schedule:
            if row.due_date > AS_OF:
                break
            amount = row.payment
            day = row.due_date
            if troubled:
                roll = rng.random()
                if roll < 1 / 6:
                    continue  # missed
                if roll < 1 / 3:
                    amount = (amount * Decimal(rng.randrange(30, 90)) / 100).quantize(
                        Decimal("0.01")
                    )  # partial
                elif roll < 1 / 2:
                    day += timedelta(days=rng.randrange(1, 25))  # late
            if day > AS_OF or amount <= 0:
                continue
            payments.append(
                {"account_id": account["id"], "date": day.isoformat(), "amount": str(amount)}
            )
    return accounts, payments


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    folder = Path(sys.argv[2] if len(sys.argv) > 2 else ".")
    accounts, payments = portfolio(size)
    for name, rows in (("accounts", accounts), ("payments", payments)):
        with (folder / f"{name}.jsonl").open("w", encoding="utf-8") as file:
            for row in rows:
                file.write(json.dumps(row) + "\n")
    print(f"{len(accounts)} accounts, {len(payments)} payments in {folder}")


if __name__ == "__main__":
    main()
