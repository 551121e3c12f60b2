"""Payments received on a loan: what `statement` replays."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from reschedule.conventions import DecimalLike, check_text, positive
from reschedule.plans import to_date

__all__ = ["Payment"]


@dataclass(frozen=True, slots=True, init=False)
class Payment:
    """A payment received on a loan: a date, a positive amount and a reference.

    Args:
        date: the day the money was received (a date or an ISO string).
        amount: the amount received, positive, in whole minor units of the
            loan's currency (checked when the payment is replayed).
        reference: an optional reference (a receipt or transaction id),
            carried into the allocation ledger.

    Raises:
        InvalidInputError: a zero or negative amount, or a date that is not one.

    Examples:
        >>> Payment("2024-02-15", "888.49", reference="TX-1")
        Payment(date=datetime.date(2024, 2, 15), amount=Decimal('888.49'), reference='TX-1')
        >>> Payment("2024-02-15", -5)
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: payment amount must be positive; got -5
    """

    date: dt.date
    amount: Decimal
    reference: str | None

    def __init__(
        self, date: dt.date | str, amount: DecimalLike, reference: str | None = None
    ) -> None:
        day = to_date(date, "payment date")
        value = positive(amount, "payment amount")
        if reference is not None:
            check_text(reference, "payment reference")
        object.__setattr__(self, "date", day)
        object.__setattr__(self, "amount", value)
        object.__setattr__(self, "reference", reference)
