"""The seam between results and the surfaces that show them.

A `Schedule`, a `Statement` or a `Comparison` can show itself (``str()``,
``to_frame``, ``to_html``, ``to_csv``, ``plot``, ``to_dict``), but the code
that draws tables, frames and pictures lives in the surfaces layer, above
them. Importing it from here would point an import up the layers. Instead the
surfaces layer registers its adapters here when it is imported (see
`reschedule.surfaces`), and each method looks its adapter up by name: this
module is the only way down-layer code reaches the surfaces.

The first method that needs an adapter imports the surfaces layer by name
(`importlib`, no import the layers' rule would see), which registers them all:
a script that never shows a result never loads the surfaces (nor pandas,
matplotlib or the schemas).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reschedule.conventions._errors import RescheduleError
from reschedule.conventions._money import Choice

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from pandas import DataFrame

__all__ = ["SURFACES", "Displayable", "Language", "adapter", "register_surface"]


class Language(Choice, label="labels"):
    """The language of what a person reads: English or Chinese.

    Examples:
        >>> Language.parse("zh")
        <Language.ZH: 'zh'>
    """

    EN = "en"
    """English: field names in DataFrames and CSV, short words in tables."""
    ZH = "zh"
    """Chinese (简体中文), in every surface."""


SURFACES: dict[str, Callable[..., Any]] = {}
"""The adapters the surfaces layer registered, by name: ``text``, ``to_frame``,
``to_html``, ``to_csv``, ``plot`` and ``to_dict``."""


def register_surface(name: str, adapter: Callable[..., Any]) -> None:
    """Register the surfaces' adapter `name` (called once, by `reschedule.surfaces`)."""
    SURFACES[name] = adapter


def adapter(name: str) -> Callable[..., Any]:
    """The adapter the surfaces layer registered as `name`."""
    found = SURFACES.get(name)
    if found is None:
        importlib.import_module("reschedule.surfaces")  # registers every adapter
        found = SURFACES.get(name)
    if found is None:  # pragma: no cover - the surfaces register every adapter
        raise RescheduleError(f"the surface {name!r} is not registered by reschedule.surfaces")
    return found


class Displayable:
    """Mixin: ``str()``, `to_frame`, `_repr_html_`, `to_html`, `to_csv` and `plot`.

    `Schedule`, `Plan`, `Statement` and `Comparison` inherit it; each method
    calls the adapter the surfaces layer registered under its name.
    """

    __slots__ = ()

    def __str__(self) -> str:
        text: str = adapter("text")(self)
        return text

    def to_frame(
        self,
        table: str | None = None,
        *,
        as_float: bool = False,
        labels: Language | str = "en",
    ) -> DataFrame:
        """The result as a pandas DataFrame (needs the ``pandas`` extra).

        Exact by default: money columns hold `Decimal` values. See
        `reschedule.surfaces.to_frame` for the arguments.

        Examples:
            >>> from reschedule import Loan, amortize
            >>> amortize(Loan(1200, "0.12", 12, "2024-01-15")).to_frame()["payment"].iloc[-1]
            Decimal('106.60')
        """
        frame: DataFrame = adapter("to_frame")(self, table, as_float=as_float, labels=labels)
        return frame

    def to_html(self, *, labels: Language | str = "en") -> str:
        """The result as HTML tables, every row shown and every text escaped.

        Examples:
            >>> from reschedule import Loan, amortize
            >>> amortize(Loan(1200, "0.12", 12, "2024-01-15")).to_html(labels="zh").count("<tr>")
            13
        """
        html: str = adapter("to_html")(self, labels=labels)
        return html

    def _repr_html_(self) -> str:
        """Jupyter's rich display: `to_html` with English labels."""
        return self.to_html()

    def to_csv(self, table: str | None = None, *, labels: Language | str = "en") -> str:
        """A table of the result as CSV text: every column, exact amounts.

        Examples:
            >>> from reschedule import Loan, amortize
            >>> amortize(Loan(1200, "0.12", 12, "2024-01-15")).to_csv().splitlines()[1]
            '1,2024-02-15,2024-01-15,2024-02-15,1/12,1200.00,106.62,94.62,12.00,0.00,1105.38'
        """
        csv: str = adapter("to_csv")(self, table, labels=labels)
        return csv

    def plot(self, *, labels: Language | str = "en") -> Figure:
        """A picture of the result (needs the ``plot`` extra, matplotlib).

        See `reschedule.surfaces.plot`.
        """
        figure: Figure = adapter("plot")(self, labels=labels)
        return figure
