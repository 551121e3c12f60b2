"""Servicing: payments, penalty policies, allocation waterfalls, the replay
and `Statement`.

Imports the plans and the conventions.
"""

from reschedule.plans import Amounts, Component
from reschedule.servicing._allocation import (
    ALLOCATION_PRESETS,
    Allocation,
    Excess,
    Waterfall,
)
from reschedule.servicing._payment import (
    Payment,
)
from reschedule.servicing._penalty import (
    ChargeFrom,
    LateFee,
    PenaltyBase,
    PenaltyPolicy,
)
from reschedule.servicing._replay import (
    COMPONENTS,
    FEES,
    INTEREST,
    PENALTY,
    PRINCIPAL,
    Replay,
)
from reschedule.servicing._statement import (
    AllocationLine,
    BucketStyle,
    InstallmentStatus,
    InterestAccrual,
    PaymentAllocation,
    PenaltyParts,
    Statement,
    StatementSummary,
    delinquency_bucket,
    statement,
    statement_summary,
)

__all__ = [
    "Payment",
    "ChargeFrom",
    "LateFee",
    "PenaltyBase",
    "PenaltyPolicy",
    "Allocation",
    "ALLOCATION_PRESETS",
    "Component",
    "Excess",
    "Waterfall",
    "PRINCIPAL",
    "INTEREST",
    "FEES",
    "PENALTY",
    "COMPONENTS",
    "Replay",
    "AllocationLine",
    "Amounts",
    "BucketStyle",
    "InstallmentStatus",
    "InterestAccrual",
    "PaymentAllocation",
    "PenaltyParts",
    "Statement",
    "StatementSummary",
    "delinquency_bucket",
    "statement",
    "statement_summary",
]
