"""Pictures of results with matplotlib, behind the optional ``plot`` extra.

matplotlib is imported when a picture is asked for, never before. The
figures are built without pyplot state, as a `matplotlib.figure.Figure` that
also shows itself in Jupyter (``_repr_png_``): leave one as a cell's value,
no ``%matplotlib inline`` needed, or save it with
``figure.savefig("plan.png")``.

Chinese labels need a font with Chinese glyphs: the first installed font of
`CJK_FONTS` is used; with none, one warning names the package to install.
"""

from __future__ import annotations

import io
import re
import warnings
from typing import TYPE_CHECKING, Any

from reschedule.conventions import InvalidInputError
from reschedule.negotiation import Comparison
from reschedule.plans import Schedule
from reschedule.servicing import Statement
from reschedule.surfaces._frame import require
from reschedule.surfaces._labels import Language, display_width, label, phrase

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["CJK_FONTS", "NoCJKFontWarning", "cjk_font", "plot"]

CJK_FONTS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans CJK JP",
    "Source Han Sans",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Microsoft YaHei",
    "PingFang SC",
    "SimHei",
    "Noto Sans SC",
    "Droid Sans Fallback",
)
"""Fonts tried, in order, for Chinese labels (one font file of Noto Sans CJK
holds every variant and may be known by its Japanese name, with the same
Chinese glyphs). Debian and Ubuntu: ``apt-get install fonts-noto-cjk``."""

_FONT_FILES = re.compile(
    r"cjk|sourcehan|wqy|wenquanyi|msyh|yahei|pingfang|simhei|droidsansfallback"
)


class NoCJKFontWarning(UserWarning):
    """No font with Chinese glyphs is installed: Chinese labels show as boxes."""

    __module__ = "reschedule.surfaces"


_CHOSEN: list[str | None] = []  # the font found, once per process


def cjk_font() -> str | None:
    """The installed font Chinese labels are drawn with, or None (with one warning).

    The first of `CJK_FONTS` that matplotlib knows. Fonts installed after
    matplotlib built its font cache are found too: font files whose names
    look Chinese are added once. With none, a `NoCJKFontWarning` is given
    once per process, naming the package to install, and labels are drawn
    with matplotlib's default font.

    Examples:
        >>> cjk_font() in (*CJK_FONTS, None)
        True
    """
    if not _CHOSEN:
        _CHOSEN.append(_find_font())
        if _CHOSEN[0] is None:
            warnings.warn(
                "no font with Chinese glyphs is installed, so Chinese labels show as boxes; "
                f"install one of {', '.join(CJK_FONTS[:2])} (Debian and Ubuntu: apt-get install "
                "fonts-noto-cjk; Fedora: google-noto-sans-cjk-fonts; macOS and Windows have "
                "PingFang SC and Microsoft YaHei)",
                NoCJKFontWarning,
                stacklevel=4,
            )
    return _CHOSEN[0]


def _find_font() -> str | None:
    manager = require("matplotlib.font_manager", "plot")
    known = {entry.name for entry in manager.fontManager.ttflist}
    for name in CJK_FONTS:
        if name in known:
            return name
    for path in manager.findSystemFonts():
        if _FONT_FILES.search(path.lower().replace("-", "").replace("_", "")):
            try:
                manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):  # pragma: no cover - a broken file
                continue
    known = {entry.name for entry in manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in known), None)


def _text(language: Language, *texts: str) -> dict[str, Any]:
    """Font options for Chinese labels, or for any text with wide (CJK) characters."""
    wide = any(display_width(text) != len(text) for text in texts)
    if language is not Language.ZH and not wide:
        return {}
    font = cjk_font()
    return {"fontfamily": [font, "DejaVu Sans"]} if font else {}


def plot(value: object, *, labels: Language | str = Language.EN) -> Figure:
    """A picture of a result.

    A `Schedule` or `Plan`: its balance after each installment (top), and
    each installment split into principal, interest and other amounts
    (bottom). A `Statement`: each installment's paid and unpaid amounts (top)
    and its days past due (bottom). A `Comparison`: every option's balance
    over time (top) and its
    installments over time (bottom), on one figure. A plan's balance counts
    what it still owes besides principal (overdue amounts it spreads or
    defers), never future interest.

    Args:
        value: a `Schedule`, `Plan`, `Statement` or `Comparison`.
        labels: ``"en"`` or ``"zh"`` (Chinese labels need a CJK font, see
            `CJK_FONTS`).

    Returns:
        A matplotlib `Figure`, which Jupyter shows when it is a cell's value
        (it has ``_repr_png_``).

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
    if isinstance(value, Statement):
        return _statement(value, language)
    if isinstance(value, Comparison):
        return _comparison(value, language)
    raise InvalidInputError(
        "plot takes a Schedule, a Plan, a Statement or a Comparison; "
        f"got {type(value).__name__} {value!r}"
    )


_PICTURE: list[type[Any]] = []  # the Figure subclass, made when matplotlib is first needed


def _picture_class() -> type[Any]:
    """`Picture`: a matplotlib Figure that Jupyter shows as a PNG when it is a cell's value.

    Made on first use, so that matplotlib is imported only when a picture is
    asked for; reachable as ``reschedule.surfaces._plot.Picture`` (a module
    ``__getattr__``), so pictures pickle like any figure.
    """
    figure_module = require("matplotlib.figure", "plot")
    if not _PICTURE:

        class Picture(figure_module.Figure):  # type: ignore[name-defined,misc]
            """A matplotlib Figure that Jupyter shows as a PNG when it is a cell's value."""

            def _repr_png_(self) -> bytes:
                buffer = io.BytesIO()
                self.savefig(buffer, format="png", dpi=80)
                return buffer.getvalue()

        Picture.__module__ = __name__
        Picture.__qualname__ = "Picture"
        _PICTURE.append(Picture)
    return _PICTURE[0]


def __getattr__(name: str) -> Any:
    if name == "Picture":
        return _picture_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _figure(rows: int) -> Figure:
    figure: Figure = _picture_class()(figsize=(8, 3 * rows + 0.5), layout="constrained")
    return figure


def _integer_ticks(axes: Any) -> None:
    ticker = require("matplotlib.ticker", "plot")
    axes.xaxis.set_major_locator(ticker.MaxNLocator(integer=True))


def _money_ticks(*axes: Any) -> None:
    """Amounts on the y axis with thousands separators (50,000), as in the tables."""
    ticker = require("matplotlib.ticker", "plot")
    for each in axes:
        each.yaxis.set_major_formatter(ticker.StrMethodFormatter("{x:,.0f}"))


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
    _integer_ticks(bottom)
    _money_ticks(top, bottom)
    return figure


def _statement(account: Statement, language: Language) -> Figure:
    """An account's installments: what was paid and what is unpaid (top), and the
    days each is past due (bottom), by installment number."""
    text = _text(language)
    figure = _figure(2)
    top, bottom = figure.subplots(2, 1, sharex=True)
    rows = account.installments
    numbers = [row.number for row in rows]
    base = [0.0] * len(rows)
    parts = (
        ("paid_total", [float(row.paid.total) for row in rows]),
        ("outstanding_principal", [float(row.outstanding.principal) for row in rows]),
        ("outstanding_interest", [float(row.outstanding.interest) for row in rows]),
        ("outstanding_penalty", [float(row.outstanding.penalty) for row in rows]),
        ("outstanding_fees", [float(row.outstanding.fees) for row in rows]),
    )
    for key, heights in parts:
        if key != "paid_total" and not any(heights):
            continue
        top.bar(numbers, heights, bottom=base, width=0.8, label=label(key, language))
        base = [low + high for low, high in zip(base, heights, strict=True)]
    top.set_ylabel(label("amount", language), **text)
    top.legend(
        prop={"family": text["fontfamily"]} if text else None,
        loc="lower left",
        bbox_to_anchor=(0, 1),
        ncols=5,
        frameon=False,
        fontsize="small",
    )
    top.grid(alpha=0.3, axis="y")
    _money_ticks(top)
    top.set_title(
        phrase("as_of", language, as_of=account.as_of), loc="right", fontsize="small", **text
    )
    bottom.bar(numbers, [row.days_past_due for row in rows], width=0.8, color="tab:red")
    bottom.set_ylabel(label("days_past_due", language), **text)
    bottom.set_xlabel(label("installment", language), **text)
    bottom.set_ylim(bottom=0)
    bottom.grid(alpha=0.3, axis="y")
    bottom.yaxis.set_major_locator(require("matplotlib.ticker", "plot").MaxNLocator(integer=True))
    _integer_ticks(bottom)
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
    _money_ticks(top, bottom)
    figure.autofmt_xdate()
    return figure
