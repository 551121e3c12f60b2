"""reschedule: exact repayment plans for loans, and for loans that went wrong.

Everything public is importable from here; the modules behind it may move.
"""

from importlib.metadata import PackageNotFoundError, version

from reschedule.amortize import amortize
from reschedule.dates import BusinessDay, Frequency
from reschedule.daycount import DayCount, year_fraction
from reschedule.errors import (
    ConvergenceError,
    InvalidInputError,
    InvalidTermsError,
    RescheduleError,
)
from reschedule.loan import Loan, Method
from reschedule.money import Rounding, RoundingMode
from reschedule.schedule import Installment, Schedule

try:
    __version__ = version("reschedule")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    # Conventions
    "BusinessDay",
    # Errors
    "ConvergenceError",
    "DayCount",
    "Frequency",
    # Plans
    "Installment",
    "InvalidInputError",
    "InvalidTermsError",
    "Loan",
    "Method",
    "RescheduleError",
    "Rounding",
    "RoundingMode",
    "Schedule",
    "amortize",
    "year_fraction",
]
