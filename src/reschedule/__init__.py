"""reschedule: exact repayment plans for loans, and for loans that went wrong.

Everything public is importable from here; the modules behind it may move.
The code is in six layers, each a package that imports only the layers
below it (`make lint` holds the rule): `conventions`, `plans`, `servicing`,
`negotiation`, `portfolio` (``from reschedule import portfolio``), `surfaces`.

Importing the package reads no layer: each name is imported from its layer
the first time it is used (``from reschedule import Loan`` loads the
conventions and the plans, nothing more), so ``import reschedule`` costs
next to nothing and a script pays only for what it uses.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (a few ms)
if TYPE_CHECKING:
    from typing import Any

    from reschedule import letters  # noqa: F401  (reschedule.letters.notice, .offer)
    from reschedule.conventions import (
        BusinessDay,
        Calendar,
        ConvergenceError,
        DayCount,
        Frequency,
        InvalidInputError,
        InvalidTermsError,
        RescheduleError,
        Rounding,
        RoundingMode,
        year_fraction,
    )
    from reschedule.negotiation import (
        AprConvention,
        BreakRule,
        Comparison,
        ComparisonRow,
        Components,
        Compounding,
        CostCapCheck,
        FollowUp,
        NoAffordablePlanError,
        Plan,
        PlanStatus,
        Step,
        Terms,
        TimeBasis,
        Treatment,
        WaiverRecord,
        accrued_current_interest,
        affordable,
        affordable_for_income,
        apr,
        check_cost_cap,
        compare,
        default_max_term,
        defer,
        extend,
        extend_and_waive,
        follow_up,
        freeze,
        irr,
        keep_installment,
        largest_installment,
        max_installment,
        npv,
        reage,
        reamortize,
        restructure,
        settle,
        solve_payment,
        solve_rate,
        solve_term,
        spread_arrears,
        waive,
        waiver_history,
        xirr,
        xnpv,
    )
    from reschedule.plans import (
        Installment,
        Loan,
        Method,
        Schedule,
        amortize,
    )
    from reschedule.servicing import (
        Allocation,
        AllocationLine,
        Amounts,
        BucketStyle,
        ChargeFrom,
        Component,
        Excess,
        InstallmentStatus,
        InterestAccrual,
        LateFee,
        Payment,
        PaymentAllocation,
        PenaltyBase,
        PenaltyParts,
        PenaltyPolicy,
        Statement,
        Waterfall,
        delinquency_bucket,
        statement,
    )
    from reschedule.surfaces import (
        Language,
        MissingExtraError,
        from_dict,
        from_json,
        to_dict,
        to_json,
    )

__version__ = "0.1.0"
"""The version: written here once; the build reads it into the package metadata
(``[tool.hatch.version]``), so importing never reads the metadata (tens of ms)."""

_LAYER_OF: dict[str, str] = {
    **dict.fromkeys(
        (
            "BusinessDay",
            "Calendar",
            "DayCount",
            "Frequency",
            "Rounding",
            "RoundingMode",
            "year_fraction",
            "ConvergenceError",
            "InvalidInputError",
            "InvalidTermsError",
            "RescheduleError",
        ),
        "reschedule.conventions",
    ),
    **dict.fromkeys(
        (
            "Installment",
            "Loan",
            "Method",
            "Schedule",
            "amortize",
        ),
        "reschedule.plans",
    ),
    **dict.fromkeys(
        (
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
            "PenaltyParts",
            "PenaltyBase",
            "PenaltyPolicy",
            "Statement",
            "Waterfall",
            "delinquency_bucket",
            "statement",
        ),
        "reschedule.servicing",
    ),
    **dict.fromkeys(
        (
            "Comparison",
            "ComparisonRow",
            "compare",
            "Components",
            "NoAffordablePlanError",
            "Step",
            "affordable",
            "default_max_term",
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
            "accrued_current_interest",
            "settle",
            "solve_payment",
            "solve_rate",
            "solve_term",
            "waive",
            "affordable_for_income",
            "extend_and_waive",
            "keep_installment",
            "spread_arrears",
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
            "BreakRule",
            "FollowUp",
            "PlanStatus",
            "WaiverRecord",
            "follow_up",
            "waiver_history",
        ),
        "reschedule.negotiation",
    ),
    **dict.fromkeys(
        (
            "Language",
            "MissingExtraError",
            "from_dict",
            "from_json",
            "to_dict",
            "to_json",
        ),
        "reschedule.surfaces",
    ),
}
"""The layer package each public name is imported from, on first use."""

_SUBMODULES = frozenset({"letters", "portfolio"})


def __getattr__(name: str) -> Any:
    """A public name, imported from its layer the first time it is asked for."""
    layer = _LAYER_OF.get(name)
    if layer is not None:
        value = getattr(importlib.import_module(layer), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"{__name__}.{name}")
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | _SUBMODULES)


__all__ = [
    # Conventions
    "BusinessDay",
    "Calendar",
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
    "PenaltyParts",
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
    "default_max_term",
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
    "accrued_current_interest",
    "settle",
    "solve_payment",
    "solve_rate",
    "solve_term",
    "waive",
    # Offers of the practice, one call each
    "affordable_for_income",
    "extend_and_waive",
    "keep_installment",
    "spread_arrears",
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
    # Follow-up
    "BreakRule",
    "FollowUp",
    "PlanStatus",
    "WaiverRecord",
    "follow_up",
    "waiver_history",
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
