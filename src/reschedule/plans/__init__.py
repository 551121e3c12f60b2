"""Plans: `Loan`, the amortisation engine and `Schedule`.

Imports the conventions only.
"""

from reschedule.plans._amortize import (
    actual_level_units,
    amortize,
    level_payment_units,
)
from reschedule.plans._loan import (
    MAX_TERM,
    Loan,
    Method,
    to_date,
    whole,
)
from reschedule.plans._schedule import (
    Installment,
    Schedule,
    Table,
)

__all__ = [
    "Loan",
    "Method",
    "to_date",
    "whole",
    "MAX_TERM",
    "Installment",
    "Schedule",
    "Table",
    "amortize",
    "level_payment_units",
    "actual_level_units",
]
