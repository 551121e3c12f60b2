"""Optional dependencies: imported when used, with an error that names the extra."""

from __future__ import annotations

import importlib
from typing import Any

from reschedule.conventions._errors import RescheduleError

__all__ = ["MissingExtraError", "require"]


class MissingExtraError(RescheduleError, ImportError):
    """An optional dependency is not installed; the message names the extra to install."""

    __module__ = "reschedule"  # raised as reschedule.MissingExtraError, wherever it is defined


def require(module: str, extra: str) -> Any:
    """Import `module`, or raise `MissingExtraError` naming the pip install of its extra.

    Examples:
        >>> require("json", "none").__name__
        'json'
        >>> require("no_such_module", "pandas")
        Traceback (most recent call last):
        ...
        reschedule.MissingExtraError: no_such_module is needed ... "reschedule-loans[pandas]"
    """
    try:
        return importlib.import_module(module)
    except ImportError:
        raise MissingExtraError(
            f"{module} is needed for this and is not installed; "
            f'pip install "reschedule-loans[{extra}]"'
        ) from None
