"""reschedule: exact repayment plans for loans, and for loans that went wrong.

Everything public is importable from here; the modules behind it may move.
"""

from importlib.metadata import PackageNotFoundError, version

from reschedule.affordable import NoAffordablePlanError, Step, affordable, largest_installment
from reschedule.allocation import Allocation, Component, Excess, Waterfall
from reschedule.amortize import amortize
from reschedule.compare import Comparison, ComparisonRow, compare
from reschedule.dates import BusinessDay, Frequency
from reschedule.daycount import DayCount, year_fraction
from reschedule.errors import (
    ConvergenceError,
    InvalidInputError,
    InvalidTermsError,
    RescheduleError,
)
from reschedule.frame import MissingExtraError
from reschedule.io import from_dict, from_json, to_dict, to_json
from reschedule.labels import Language
from reschedule.loan import Loan, Method
from reschedule.metrics import (
    AprConvention,
    Compounding,
    CostCapCheck,
    TimeBasis,
    apr,
    check_cost_cap,
    irr,
    npv,
    xirr,
    xnpv,
)
from reschedule.money import Rounding, RoundingMode
from reschedule.payment import Payment
from reschedule.penalty import ChargeFrom, LateFee, PenaltyBase, PenaltyPolicy
from reschedule.plan import Components, Plan, Terms, Treatment
from reschedule.restructure import (
    defer,
    extend,
    freeze,
    reage,
    reamortize,
    restructure,
    settle,
    waive,
)
from reschedule.schedule import Installment, Schedule
from reschedule.solvers import max_installment, solve_payment, solve_rate, solve_term
from reschedule.statement import (
    AllocationLine,
    Amounts,
    BucketStyle,
    InstallmentStatus,
    InterestAccrual,
    PaymentAllocation,
    Statement,
    delinquency_bucket,
    statement,
)

try:
    __version__ = version("reschedule")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    # Conventions
    "BusinessDay",
    "DayCount",
    "Frequency",
    "Rounding",
    "RoundingMode",
    "year_fraction",
    # Plans
    "Installment",
    "Loan",
    "Method",
    "Schedule",
    "amortize",
    # Servicing
    "Allocation",
    "AllocationLine",
    "Amounts",
    "BucketStyle",
    "ChargeFrom",
    "Component",
    "Excess",
    "InstallmentStatus",
    "InterestAccrual",
    "LateFee",
    "Payment",
    "PaymentAllocation",
    "PenaltyBase",
    "PenaltyPolicy",
    "Statement",
    "Waterfall",
    "delinquency_bucket",
    "statement",
    # Negotiation
    "Comparison",
    "ComparisonRow",
    "compare",
    "Components",
    "NoAffordablePlanError",
    "Step",
    "affordable",
    "largest_installment",
    "Plan",
    "Terms",
    "Treatment",
    "defer",
    "extend",
    "freeze",
    "max_installment",
    "reage",
    "reamortize",
    "restructure",
    "settle",
    "solve_payment",
    "solve_rate",
    "solve_term",
    "waive",
    "AprConvention",
    "Compounding",
    "CostCapCheck",
    "TimeBasis",
    "apr",
    "check_cost_cap",
    "irr",
    "npv",
    "xirr",
    "xnpv",
    # Surfaces
    "Language",
    "MissingExtraError",
    "from_dict",
    "from_json",
    "to_dict",
    "to_json",
    # Errors
    "ConvergenceError",
    "InvalidInputError",
    "InvalidTermsError",
    "RescheduleError",
]
