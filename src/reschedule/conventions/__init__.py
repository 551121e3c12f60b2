"""Conventions: money and rounding, day counts, frequencies and due dates,
business days and calendars, the errors, and the seam to the surfaces.

The bottom layer: it imports nothing else of reschedule.
"""

from reschedule.conventions._calendars import (
    CALENDARS,
    Calendar,
    CalendarLike,
)
from reschedule.conventions._checks import (
    LARGEST_RATE,
    MAX_OPTIONS,
    MAX_TERM,
    check_text,
    non_negative,
    positive,
    to_date,
    to_dates,
    to_rate,
    whole,
)
from reschedule.conventions._dates import (
    NAMED_FREQUENCIES,
    BusinessDay,
    Frequency,
    add_periods,
    adjust,
)
from reschedule.conventions._daycount import (
    DayCount,
    fraction_parts,
    year_fraction,
)
from reschedule.conventions._display import (
    SURFACES,
    Displayable,
    Language,
    adapter,
    register_surface,
)
from reschedule.conventions._errors import (
    ConvergenceError,
    InvalidInputError,
    InvalidTermsError,
    RescheduleError,
)
from reschedule.conventions._extras import (
    MissingExtraError,
    require,
)
from reschedule.conventions._money import (
    EXACT,
    FINEST_UNIT,
    LARGEST_AMOUNT,
    MAX_DIGITS,
    MAX_TEXT,
    Choice,
    DecimalLike,
    Rounding,
    RoundingMode,
    apply_terms,
    divide,
    exact_sum,
    integer_ratio,
    parse_enum,
    rounding_terms,
    to_decimal,
    to_share,
)

__all__ = [
    "MissingExtraError",
    "require",
    "FINEST_UNIT",
    "LARGEST_AMOUNT",
    "LARGEST_RATE",
    "MAX_DIGITS",
    "MAX_TEXT",
    "MAX_OPTIONS",
    "MAX_TERM",
    "check_text",
    "non_negative",
    "positive",
    "to_date",
    "to_dates",
    "to_rate",
    "whole",
    "ConvergenceError",
    "InvalidInputError",
    "InvalidTermsError",
    "RescheduleError",
    "Choice",
    "DecimalLike",
    "Rounding",
    "RoundingMode",
    "to_decimal",
    "to_share",
    "EXACT",
    "exact_sum",
    "apply_terms",
    "divide",
    "integer_ratio",
    "parse_enum",
    "rounding_terms",
    "DayCount",
    "year_fraction",
    "fraction_parts",
    "BusinessDay",
    "Frequency",
    "NAMED_FREQUENCIES",
    "add_periods",
    "adjust",
    "CALENDARS",
    "Calendar",
    "CalendarLike",
    "SURFACES",
    "Displayable",
    "Language",
    "adapter",
    "register_surface",
]
