"""Pictures of results with matplotlib, behind the optional ``plot`` extra.

matplotlib is imported when a picture is asked for, never before. The
figures are built with `matplotlib.figure.Figure` (no pyplot state): show one
in Jupyter by leaving it as a cell's value, or save it with
``figure.savefig("plan.png")``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reschedule.conventions import InvalidInputError
from reschedule.negotiation import Comparison
from reschedule.plans import Schedule
from reschedule.surfaces._frame import require
from reschedule.surfaces._labels import Language, display_width, label

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


def _text(language: Language, *texts: str) -> dict[str, Any]:
    """Font options for Chinese labels, or for any text with wide (CJK) characters."""
    wide = any(display_width(text) != len(text) for text in texts)
    return {"fontfamily": list(CJK_FONTS)} if language is Language.ZH or wide else {}


def plot(value: object, *, labels: Language | str = Language.EN) -> Figure:
    """A picture of a result.

    A `Schedule` or `Plan`: its balance after each installment (top), and
    each installment split into principal, interest and other amounts
    (bottom). A `Comparison`: every option's balance over time (top) and its
    installments over time (bottom), on one figure. A plan's balance counts
    what it still owes besides principal (overdue amounts it spreads or
    defers), never future interest.

    Args:
        value: a `Schedule`, `Plan` or `Comparison`.
        labels: ``"en"`` or ``"zh"`` (Chinese labels need a CJK font, see
            `CJK_FONTS`).

    Returns:
        A matplotlib `Figure`.

    Raises:
        MissingExtraError: matplotlib is not installed (``pip install
            "reschedule-loans[plot]"``); it is also an `ImportError`.
        InvalidInputError: `value` cannot be plotted.

    Examples:
        >>> from reschedule import Loan, amortize
        >>> figure = amortize(Loan(1200, "0.12", 12, "2024-01-15")).plot()
        >>> [axes.get_ylabel() for axes in figure.axes]
        ['balance', 'payment']
    """
    language = Language.parse(labels)
    if isinstance(value, Schedule):
        return _schedule(value, language)
    if isinstance(value, Comparison):
        return _comparison(value, language)
    raise InvalidInputError(
        f"plot takes a Schedule, a Plan or a Comparison; got {type(value).__name__} {value!r}"
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


def balances(schedule: Schedule) -> tuple[list[Any], list[float]]:
    """A schedule's dates (its start, then each due date) and what it still owes
    after each: the closing balance plus the amounts it repays besides principal
    (a plan's spread, due and deferred amounts) not yet paid."""
    rows = schedule.installments
    others = [row.fee for row in rows]
    left = sum(others)
    dates: list[Any] = [rows[0].period_start]
    owed = [float(rows[0].opening_balance + left)]
    for row, other in zip(rows, others, strict=True):
        left -= other
        dates.append(row.due_date)
        owed.append(float(row.closing_balance + left))
    return dates, owed


def _comparison(comparison: Comparison, language: Language) -> Figure:
    text = _text(language)
    names = _text(language, *(name for name, _ in comparison.plans))
    figure = _figure(2)
    top, bottom = figure.subplots(2, 1, sharex=True)
    for name, plan in comparison.plans:
        dates, owed = balances(plan)
        (line,) = top.plot(dates, owed, label=name)
        bottom.plot(
            [row.due_date for row in plan],
            [float(row.payment) for row in plan],
            drawstyle="steps-post",
            marker="." if len(plan) <= 60 else None,
            color=line.get_color(),
            label=name,
        )
    top.set_ylabel(label("balance", language), **text)
    top.set_ylim(bottom=0)
    top.grid(alpha=0.3)
    top.legend(prop={"family": names["fontfamily"]} if names else None)
    bottom.set_ylabel(label("payment", language), **text)
    bottom.set_xlabel(label("due_date", language), **text)
    bottom.set_ylim(bottom=0)
    bottom.grid(alpha=0.3)
    figure.autofmt_xdate()
    return figure
