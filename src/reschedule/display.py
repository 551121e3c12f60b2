"""The display methods every result shares: DataFrames, HTML, pictures.

`Schedule`, `Plan` and `Statement` inherit them. Each method imports its
adapter (`reschedule.frame`, `reschedule.tables`, `reschedule.plot`) when it is
called, so the core never imports pandas or matplotlib.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from pandas import DataFrame

    from reschedule.labels import Language

__all__ = ["Displayable"]


class Displayable:
    """Mixin: `to_frame`, `_repr_html_`, `to_html`, `to_csv` and `plot` for a result."""

    __slots__ = ()

    def to_frame(
        self,
        table: str | None = None,
        *,
        as_float: bool = False,
        labels: Language | str = "en",
    ) -> DataFrame:
        """The result as a pandas DataFrame (needs the ``pandas`` extra).

        Exact by default: money columns hold `Decimal` values. See
        `reschedule.frame.to_frame` for the arguments.

        Example:
            >>> from reschedule import Loan, amortize
            >>> amortize(Loan(1200, "0.12", 12, "2024-01-15")).to_frame()["payment"].iloc[-1]
            Decimal('106.60')
        """
        from reschedule.frame import to_frame

        return to_frame(self, table, as_float=as_float, labels=labels)

    def to_html(self, *, labels: Language | str = "en") -> str:
        """The result as HTML tables, every row shown and every text escaped.

        Example:
            >>> from reschedule import Loan, amortize
            >>> amortize(Loan(1200, "0.12", 12, "2024-01-15")).to_html(labels="zh").count("<tr>")
            13
        """
        from reschedule.tables import to_html

        return to_html(self, labels=labels)

    def _repr_html_(self) -> str:
        """Jupyter's rich display: `to_html` with English labels."""
        return self.to_html()

    def to_csv(self, table: str | None = None, *, labels: Language | str = "en") -> str:
        """A table of the result as CSV text: every column, exact amounts.

        Example:
            >>> from reschedule import Loan, amortize
            >>> amortize(Loan(1200, "0.12", 12, "2024-01-15")).to_csv().splitlines()[1]
            '1,2024-02-15,2024-01-15,2024-02-15,1/12,1200.00,106.62,94.62,12.00,0.00,1105.38'
        """
        from reschedule.tables import to_csv

        return to_csv(self, table, labels=labels)

    def plot(self, *, labels: Language | str = "en") -> Figure:
        """A picture of the result (needs the ``plot`` extra, matplotlib).

        See `reschedule.plot.plot`.
        """
        from reschedule.plot import plot

        return plot(self, labels=labels)
