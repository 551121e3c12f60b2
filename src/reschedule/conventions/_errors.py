"""The exceptions of reschedule: one base, input problems also a ValueError."""

from __future__ import annotations

__all__ = ["ConvergenceError", "InvalidInputError", "InvalidTermsError", "RescheduleError"]


class RescheduleError(Exception):
    """Base class of every error this library raises on purpose.

    Examples:
        >>> from reschedule import Loan, RescheduleError
        >>> try:
        ...     Loan(principal=1000, annual_rate="0.1", term=0, start="2024-01-01")
        ... except RescheduleError as error:
        ...     print(error)
        term must be at least 1 installment; got 0
    """

    __module__ = "reschedule"  # raised as reschedule.RescheduleError, wherever it is defined

    code: str = "error"
    """The rule broken, as a stable identifier (``"too_large"``, ``"not_a_date"``...)
    that a program can test, unlike the message, which may be reworded."""

    path: str | None = None
    """The input at fault (``"principal"``, ``"payments[3].amount"``), or None."""

    def __init__(self, *args: object, code: str | None = None, path: str | None = None) -> None:
        super().__init__(*args)
        if code is not None:
            self.code = code
        if path is not None:
            self.path = path


class InvalidInputError(RescheduleError, ValueError):
    """An input breaks a rule; the message names the rule, the value and the fix.

    It is also a `ValueError`, so code that already catches `ValueError`
    catches it.
    """

    __module__ = "reschedule"  # raised as reschedule.InvalidInputError, wherever it is defined

    code = "invalid_input"


class InvalidTermsError(InvalidInputError):
    """A loan's terms cannot make a plan (a zero term, a negative rate...)."""

    __module__ = "reschedule"  # raised as reschedule.InvalidTermsError, wherever it is defined

    code = "invalid_terms"


class ConvergenceError(RescheduleError, ArithmeticError):
    """A solver found no answer within its limits; it never returns NaN instead."""

    __module__ = "reschedule"  # raised as reschedule.ConvergenceError, wherever it is defined

    code = "no_convergence"
