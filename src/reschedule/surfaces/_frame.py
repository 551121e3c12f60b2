"""pandas DataFrames of results, behind the optional ``pandas`` extra.

pandas is imported when a frame is asked for, never before: the core runs
without it. Frames are exact by default (object columns of `Decimal`,
`datetime.date` and `Fraction`); ``as_float=True`` gives float64 and
datetime64 columns for plotting and statistics.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from reschedule.conventions import MissingExtraError, require
from reschedule.surfaces._labels import Language, label
from reschedule.surfaces._tables import MONEY_COLUMNS, VALUES_ZH, view

if TYPE_CHECKING:
    from pandas import DataFrame

__all__ = ["MissingExtraError", "require", "to_frame"]

_INT_COLUMNS = frozenset({"number", "days_past_due", "payments"})
_DATE_COLUMNS = frozenset(
    {"due_date", "period_start", "period_end", "paid_on", "payment_date", "last_due"}
)
_RATE_COLUMNS = frozenset({"apr"})
_FLOAT_COLUMNS = MONEY_COLUMNS | {"year_fraction"} | _RATE_COLUMNS
_ZERO = Decimal(0)


def to_frame(
    value: object,
    table: str | None = None,
    *,
    as_float: bool = False,
    labels: Language | str = Language.EN,
) -> DataFrame:
    """A result's table as a pandas DataFrame.

    Args:
        value: a `Schedule`, `Plan`, `Statement` or `Comparison`.
        table: which table: ``"installments"`` (the default; a comparison's
            one table is ``"options"``, a row per option) or, for a
            statement, ``"ledger"`` (one row per allocation line, and a
            ``credit`` row for what a payment left over).
        as_float: float64 money, rate and fraction columns and datetime64
            date columns, for plotting (a missing amount is NaN there); by
            default the columns hold the exact `Decimal`, `datetime.date` and
            `Fraction` values (object dtype).
        labels: ``"en"`` for the field names as columns (``due_date``), or
            ``"zh"`` for the Chinese labels (``还款日``) and the words a
            ledger holds in Chinese (本金, 罚息).

    Raises:
        MissingExtraError: pandas is not installed (``pip install
            "reschedule-loans[pandas]"``); it is also an `ImportError`.

    Examples:
        >>> from reschedule import Loan, amortize
        >>> frame = amortize(Loan(1200, "0.12", 12, "2024-01-15")).to_frame()
        >>> frame.loc[0, "payment"], frame["interest"].sum()
        (Decimal('106.62'), Decimal('79.42'))
        >>> list(amortize(Loan(1200, "0.12", 12, "2024-01-15")).to_frame(labels="zh").columns[:3])
        ['期数', '还款日', '计息起日']
    """
    pandas = require("pandas", "pandas")
    language = Language.parse(labels)
    chosen = view(value, table)
    data: dict[str, Any] = {}
    for index, key in enumerate(chosen.columns):
        values = [row[index] for row in chosen.rows]
        name = label(key, language, keys=True)
        if language is Language.ZH and key == "component":  # a ledger's words, in Chinese
            values = [VALUES_ZH.get(item, item) for item in values]
        if key in _INT_COLUMNS:
            data[name] = pandas.Series(values, dtype="int64")
        elif not as_float:
            if key in _RATE_COLUMNS:  # a zero rate shows as 0, not 0E-10: the same value
                values = [_ZERO if item is not None and item == 0 else item for item in values]
            data[name] = pandas.Series(values, dtype=object)
        elif key in _FLOAT_COLUMNS:
            data[name] = pandas.Series(
                [float("nan") if item is None else float(item) for item in values], dtype="float64"
            )
        elif key in _DATE_COLUMNS:
            data[name] = pandas.to_datetime(pandas.Series(values, dtype=object))
        else:
            data[name] = pandas.Series(values, dtype=object)
    return pandas.DataFrame(data)
