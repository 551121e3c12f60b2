"""Pictures of results with matplotlib, behind the optional ``plot`` extra.

matplotlib is imported when a picture is asked for, never before. The
figures are built with `matplotlib.figure.Figure` (no pyplot state): show one
in Jupyter by leaving it as a cell's value, or save it with
``figure.savefig("plan.png")``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reschedule.errors import InvalidInputError
from reschedule.frame import require
from reschedule.labels import Language, label
from reschedule.schedule import Schedule

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["CJK_FONTS", "plot"]

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "DejaVu Sans",
)
"""Fonts tried, in order, for Chinese labels; install one of the first ones."""


def _text(language: Language) -> dict[str, Any]:
    return {"fontfamily": list(CJK_FONTS)} if language is Language.ZH else {}


def plot(value: object, *, labels: Language | str = Language.EN) -> Figure:
    """A picture of a result.

    A `Schedule` or `Plan`: its balance after each installment (top), and
    each installment split into principal, interest and other amounts
    (bottom).

    Args:
        value: a `Schedule` or `Plan`.
        labels: ``"en"`` or ``"zh"`` (Chinese labels need a CJK font, see
            `CJK_FONTS`).

    Returns:
        A matplotlib `Figure`.

    Raises:
        MissingExtraError: matplotlib is not installed (``pip install
            "reschedule[plot]"``); it is also an `ImportError`.
        InvalidInputError: `value` cannot be plotted.

    Example:
        >>> from reschedule import Loan, amortize
        >>> figure = amortize(Loan(1200, "0.12", 12, "2024-01-15")).plot()
        >>> [axes.get_ylabel() for axes in figure.axes]
        ['balance', 'payment']
    """
    language = Language.parse(labels)
    if isinstance(value, Schedule):
        return _schedule(value, language)
    raise InvalidInputError(
        f"plot takes a Schedule or a Plan; got {type(value).__name__} {value!r}"
    )


def _figure(rows: int) -> Figure:
    figure_module = require("matplotlib.figure", "plot")
    figure: Figure = figure_module.Figure(figsize=(8, 3 * rows + 0.5), layout="constrained")
    return figure


def _schedule(schedule: Schedule, language: Language) -> Figure:
    text = _text(language)
    figure = _figure(2)
    top, bottom = figure.subplots(2, 1, sharex=True)
    rows = schedule.installments
    numbers = [row.number for row in rows]
    top.plot(
        [0, *numbers],
        [float(schedule.principal), *(float(row.closing_balance) for row in rows)],
        marker="." if len(rows) <= 60 else None,
    )
    top.set_ylabel(label("closing_balance", language), **text)
    top.set_ylim(bottom=0)
    top.grid(alpha=0.3)
    base = [0.0] * len(rows)
    for key in ("principal", "interest", "fee"):
        heights = [float(getattr(row, key)) for row in rows]
        if key == "fee" and not any(heights):
            continue
        bottom.bar(numbers, heights, bottom=base, width=0.8, label=label(key, language))
        base = [low + high for low, high in zip(base, heights, strict=True)]
    bottom.set_ylabel(label("payment", language), **text)
    bottom.set_xlabel(label("installment", language), **text)
    bottom.legend(prop={"family": text["fontfamily"]} if text else None)
    bottom.grid(alpha=0.3, axis="y")
    return figure
