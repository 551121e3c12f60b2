"""Plans: `Loan`, the amortisation engine, `Schedule`, and money by component (`Amounts`).

Imports the conventions only.
"""

from reschedule.plans._amortize import (
    actual_level_units,
    amortize,
    equal_principal_units,
    level_payment_ratio,
    level_payment_units,
    periodic_rate,
    regular_units,
    split_rows,
)
from reschedule.plans._amounts import (
    COMPONENT_NAMES,
    ZERO_AMOUNTS,
    Amounts,
    Component,
    Components,
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
    "Amounts",
    "Components",
    "Component",
    "COMPONENT_NAMES",
    "ZERO_AMOUNTS",
    "Loan",
    "Method",
    "to_date",
    "whole",
    "MAX_TERM",
    "Installment",
    "Schedule",
    "Table",
    "amortize",
    "periodic_rate",
    "level_payment_ratio",
    "level_payment_units",
    "actual_level_units",
    "equal_principal_units",
    "regular_units",
    "split_rows",
]
