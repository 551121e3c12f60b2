"""Tables of results: the rows and columns every tabular surface shows.

A result is seen as one or more named tables (`View`): a schedule's or a
plan's installments; a statement's installments and its allocation ledger.
The DataFrames (`reschedule.surfaces.to_frame`), the HTML tables of Jupyter, CSV, the
terminal tables and the plots all read these views, so they show the same
figures under the same labels (`reschedule.surfaces.LABELS`).

HTML needs nothing beyond the standard library: every cell is escaped.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from reschedule.conventions import InvalidInputError
from reschedule.negotiation import Comparison, Plan
from reschedule.plans import Amounts, Installment, Schedule
from reschedule.servicing import PenaltyParts, Statement
from reschedule.surfaces._labels import Language, label, render_text

__all__ = ["View", "text", "to_csv", "to_html", "to_text", "view", "views"]

TABLE_COLUMNS = ("number", "due_date", "payment", "principal", "interest", "fee", "closing_balance")
"""The columns of a schedule's brief table."""

MONEY_COLUMNS = frozenset(
    {
        "opening_balance",
        "payment",
        "principal",
        "interest",
        "fee",
        "closing_balance",
        "amount",
        "payment_amount",
        "first_installment",
        "regular_installment",
        "largest_installment",
        "total_paid",
        "total_interest",
        "waived",
        "lender_value",
        "saving",
    }
    | {
        f"{part}_{name}"
        for part in ("due", "paid", "outstanding")
        for name in (*Amounts._fields, "total")
    }
    | {f"{part}_{name}" for part in ("due", "outstanding") for name in PenaltyParts._fields}
)
"""Columns that hold money (Decimal); DataFrames turn them into floats with ``as_float``."""


@dataclass(frozen=True, slots=True)
class View:
    """One table of a result.

    Attributes:
        name: the table's name (``"installments"``, ``"ledger"``).
        columns: every column's key (see `reschedule.labels.LABELS`).
        rows: the values, one tuple per row, exact (Decimal, date, Fraction).
        brief: the columns a terminal or HTML table shows.
        caption: a one-line summary of the result.
        narrow: the columns ``str()`` shows, under their short labels
            (`reschedule.surfaces.label` with ``short=True``); the brief
            columns when empty.
    """

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    brief: tuple[str, ...]
    caption: str
    narrow: tuple[str, ...] = ()

    def column(self, key: str) -> list[Any]:
        """The values of one column, first row to last."""
        index = self.columns.index(key)
        return [row[index] for row in self.rows]


_INSTALLMENT_COLUMNS = Installment._fields


def _schedule_view(schedule: Schedule) -> View:
    rows = tuple(tuple(row) for row in schedule.installments)
    has_fee = any(row.fee for row in schedule.installments)
    brief = tuple(key for key in TABLE_COLUMNS if key != "fee" or has_fee)
    caption = (
        f"{len(schedule)} installments of {schedule.payment:,} from {schedule.first_due} "
        f"to {schedule.maturity}; total interest {schedule.total_interest:,}, "
        f"total paid {schedule.total_payment:,}"
    )
    if isinstance(schedule, Plan):
        caption = (
            f"{len(schedule)} installments of {schedule.payment:,} from {schedule.first_due} "
            f"to {schedule.maturity}; total paid {schedule.total_paid:,}, "
            f"waived {schedule.waived.total:,}"
        )
        if schedule.steps:
            caption += f" ({'; '.join(schedule.steps)})"
    return View("installments", _INSTALLMENT_COLUMNS, rows, brief, caption)


_STATUS_COLUMNS = (
    "number",
    "due_date",
    *(f"due_{name}" for name in (*Amounts._fields, "total")),
    *(f"paid_{name}" for name in (*Amounts._fields, "total")),
    *(f"outstanding_{name}" for name in (*Amounts._fields, "total")),
    "days_past_due",
    "in_arrears",
    "paid_on",
    *(f"due_{name}" for name in PenaltyParts._fields),
    *(f"outstanding_{name}" for name in PenaltyParts._fields),
)
_STATUS_BRIEF = (
    "number",
    "due_date",
    "due_principal",
    "due_interest",
    "due_fees",
    "due_penalty",
    "paid_total",
    "outstanding_total",
    "days_past_due",
)
_STATUS_NARROW = (
    "number",
    "due_date",
    "due_principal",
    "due_interest",
    "due_fees",
    "due_penalty",
    "outstanding_total",
    "days_past_due",
)
_LEDGER_COLUMNS = (
    "payment_date",
    "payment_amount",
    "reference",
    "installment",
    "component",
    "amount",
)


def _penalty_words(result: Statement) -> str:
    """The penalty in arrears, with its compound interest (复利) apart when there is any."""
    parts = result.penalty_arrears
    words = f"penalty {result.arrears.penalty:,}"
    if parts.compound_interest:
        words += (
            f" = penalty interest {parts.penalty_interest:,}"
            f" + compound interest {parts.compound_interest:,}"
        )
    return words


def _statement_caption(result: Statement) -> str:
    arrears = result.arrears
    return (
        f"as of {result.as_of}: arrears {arrears.total:,} (principal {arrears.principal:,}, "
        f"interest {arrears.interest:,}, fees {arrears.fees:,}, {_penalty_words(result)}), "
        f"{result.days_past_due} days past due ({result.bucket}); outstanding principal "
        f"{result.outstanding_principal:,}, payoff {result.payoff:,}, credit {result.credit:,}"
    )


def _statement_views(result: Statement) -> list[View]:
    rows = tuple(
        (
            row.number,
            row.due_date,
            *row.due,
            row.due.total,
            *row.paid,
            row.paid.total,
            *row.outstanding,
            row.outstanding.total,
            row.days_past_due,
            row.in_arrears,
            row.paid_on,
            *row.penalty_parts,
            *row.penalty_parts_outstanding,
        )
        for row in result.installments
    )
    caption = _statement_caption(result)
    ledger: list[tuple[Any, ...]] = []
    for allocation in result.ledger:
        payment = allocation.payment
        for line in allocation.lines:
            ledger.append(
                (
                    payment.date,
                    payment.amount,
                    payment.reference,
                    line.installment,
                    line.component.value,
                    line.amount,
                )
            )
        if allocation.credit:
            ledger.append(
                (payment.date, payment.amount, payment.reference, None, "credit", allocation.credit)
            )
    return [
        View("installments", _STATUS_COLUMNS, rows, _STATUS_BRIEF, caption, _STATUS_NARROW),
        View("ledger", _LEDGER_COLUMNS, tuple(ledger), _LEDGER_COLUMNS, caption),
    ]


_COMPARISON_COLUMNS = (
    "name",
    "payments",
    "first_installment",
    "regular_installment",
    "largest_installment",
    "last_due",
    "total_paid",
    "total_interest",
    "waived",
    "lender_value",
    "saving",
    "apr",
)
_COMPARISON_BRIEF = (
    "name",
    "payments",
    "regular_installment",
    "largest_installment",
    "last_due",
    "total_paid",
    "waived",
    "saving",
    "lender_value",
    "apr",
)
PERCENT_COLUMNS = frozenset({"apr"})
"""Columns of rates, shown in per cent (to two places) in text and HTML tables."""


def _comparison_view(comparison: Comparison) -> View:
    rows = tuple(tuple(option) for option in comparison.options)
    caption = (
        f"{len(comparison)} options; savings against {comparison.baseline!r}; lender value "
        f"at {comparison.discount_rate} a year to {comparison.valuation_date}; APR "
        f"{comparison.convention.value}"
    )
    return View("options", _COMPARISON_COLUMNS, rows, _COMPARISON_BRIEF, caption)


def views(value: object) -> list[View]:
    """The tables of a result: its installments (a comparison: its options) first,
    then any others.

    Raises:
        InvalidInputError: `value` is not a result with tables.

    Examples:
        >>> from reschedule import Loan, amortize
        >>> [v.name for v in views(amortize(Loan(1200, "0.12", 12, "2024-01-15")))]
        ['installments']
    """
    if isinstance(value, Schedule):
        return [_schedule_view(value)]
    if isinstance(value, Statement):
        return _statement_views(value)
    if isinstance(value, Comparison):
        return [_comparison_view(value)]
    raise InvalidInputError(
        "tables are made of a Schedule, a Plan, a Statement or a Comparison; "
        f"got {type(value).__name__} {value!r}"
    )


def view(value: object, table: str | None = None) -> View:
    """One table of a result, by name (the first when `table` is None).

    Raises:
        InvalidInputError: no table of that name.
    """
    found = views(value)
    if table is None:
        return found[0]
    for candidate in found:
        if candidate.name == table:
            return candidate
    names = ", ".join(repr(candidate.name) for candidate in found)
    raise InvalidInputError(
        f"table must be one of {names} for a {type(value).__name__}; got {table!r}"
    )


_VALUES_ZH = {
    "principal": "本金",
    "interest": "利息",
    "fees": "费用",
    "penalty": "罚息",
    "credit": "溢缴款",
    True: "是",
    False: "否",
}


def cell(
    value: Any, language: Language = Language.EN, *, grouping: bool = True, percent: bool = False
) -> str:
    """A value as table text: money with thousands separators, ISO dates, 'n/d'
    fractions, rates in per cent when `percent`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        if language is Language.ZH:
            return _VALUES_ZH[value]
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        if percent:
            return f"{value:.2%}"
        return f"{value:,}" if grouping else format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, str) and language is Language.ZH:
        return _VALUES_ZH.get(value, value)
    return str(value)


_LEFT = frozenset({"reference", "component", "name"})
"""Columns of text, aligned left in text tables; every other column is aligned right."""


def _render(
    chosen: View, columns: Sequence[str], language: Language, *, short: bool, caption: bool
) -> str:
    """The one text renderer: `columns` of a view under their labels, and its caption."""
    indexes = [chosen.columns.index(key) for key in columns]
    header = [label(key, language, short=short) for key in columns]
    percent = [key in PERCENT_COLUMNS for key in columns]
    cells = [
        [cell(row[i], language, percent=pct) for i, pct in zip(indexes, percent, strict=True)]
        for row in chosen.rows
    ]
    table = render_text(header, cells, left=[key in _LEFT for key in columns])
    return f"{table}\n\n{chosen.caption}" if caption else table


def to_text(value: object, table: str | None = None, *, labels: Language | str = "en") -> str:
    """A result's table as plain text for a terminal, with its caption below.

    Examples:
        >>> from reschedule import Loan, amortize
        >>> schedule = amortize(Loan(300, "0", 3, "2024-01-15"))
        >>> print(to_text(schedule, labels="zh"))  # doctest: +ELLIPSIS
        期数      还款日  应还金额  应还本金  应还利息  期末余额
        ----  ----------  --------  --------  --------  --------
           1  2024-02-15    100.00    100.00      0.00    200.00
           2  2024-03-15    100.00    100.00      0.00    100.00
           3  2024-04-15    100.00    100.00      0.00      0.00
        <BLANKLINE>
        3 installments of 100.00 from 2024-02-15 to 2024-04-15; total interest 0.00, ...
    """
    chosen = view(value, table)
    return _render(chosen, chosen.brief, Language.parse(labels), short=False, caption=True)


def to_csv(value: object, table: str | None = None, *, labels: Language | str = "en") -> str:
    """A result's table as CSV: every column, exact amounts (no thousands separators).

    The header holds the column keys in English (``due_date``) or the Chinese
    labels.

    Examples:
        >>> from reschedule import Loan, amortize
        >>> print(to_csv(amortize(Loan(200, "0", 2, "2024-01-15"))), end="")
        number,due_date,period_start,period_end,year_fraction,opening_balance,payment,principal,interest,fee,closing_balance
        1,2024-02-15,2024-01-15,2024-02-15,1/12,200.00,100.00,100.00,0.00,0.00,100.00
        2,2024-03-15,2024-02-15,2024-03-15,1/12,100.00,100.00,100.00,0.00,0.00,0.00
    """
    language = Language.parse(labels)
    chosen = view(value, table)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([label(key, language, keys=True) for key in chosen.columns])
    for row in chosen.rows:
        writer.writerow([cell(item, language, grouping=False) for item in row])
    return buffer.getvalue()


def _html_table(chosen: View, language: Language, caption: bool) -> str:
    indexes = [chosen.columns.index(key) for key in chosen.brief]
    head = "".join(f"<th>{html.escape(label(key, language))}</th>" for key in chosen.brief)
    body = []
    for row in chosen.rows:
        cells = []
        for i in indexes:
            item = row[i]
            text = html.escape(cell(item, language, percent=chosen.columns[i] in PERCENT_COLUMNS))
            numeric = isinstance(item, int | Decimal | Fraction) and not isinstance(item, bool)
            style = ' style="text-align: right"' if numeric else ""
            cells.append(f"<td{style}>{text}</td>")
        body.append(f"<tr>{''.join(cells)}</tr>")
    top = f"<caption>{html.escape(chosen.caption)}</caption>" if caption else ""
    return (
        f'<table class="reschedule reschedule-{html.escape(chosen.name)}">{top}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def to_html(value: object, *, labels: Language | str = "en") -> str:
    """A result as HTML tables (every row), for Jupyter: no pandas needed.

    Every text is escaped. A statement shows its installments, then its
    allocation ledger.

    Examples:
        >>> from reschedule import Loan, amortize
        >>> page = to_html(amortize(Loan(200, "0", 2, "2024-01-15")))
        >>> page.count("<tr>"), "<th>due date</th>" in page
        (3, True)
    """
    language = Language.parse(labels)
    found = views(value)
    parts = [_html_table(found[0], language, caption=True)]
    for other in found[1:]:
        title = html.escape(label(other.name, language))
        parts.append(f"<p><strong>{title}</strong></p>{_html_table(other, language, False)}")
    return f'<div class="reschedule">{"".join(parts)}</div>'


def text(value: object) -> str:
    """The plain-text table ``str()`` shows for a schedule, a statement or a comparison.

    The same renderer as `to_text`, in English, with the first table's narrow
    columns (`View.narrow`) under their short labels, then the caption; a
    schedule's (and a plan's) ``str()`` is its rows alone, as it has always
    printed: `to_text` adds its caption.

    Examples:
        >>> from reschedule import Loan, Payment, amortize, statement
        >>> schedule = amortize(Loan(200, "0", 2, "2024-01-15"))
        >>> print(text(schedule))
        no    due date  payment  principal  interest  balance
        --  ----------  -------  ---------  --------  -------
         1  2024-02-15   100.00     100.00      0.00   100.00
         2  2024-03-15   100.00     100.00      0.00     0.00
        >>> print(text(statement(schedule, [Payment("2024-02-15", 100)], "2024-03-20")))
        no    due date  principal  interest  fees  penalty  outstanding  dpd
        --  ----------  ---------  --------  ----  -------  -----------  ---
         1  2024-02-15     100.00      0.00  0.00     0.00         0.00    0
         2  2024-03-15     100.00      0.00  0.00     0.00       100.00    5
        <BLANKLINE>
        as of 2024-03-20: arrears 100.00 (principal 100.00, interest 0.00, fees 0.00,
        penalty 0.00), 5 days past due (1-30); outstanding principal 100.00, payoff 100.00,
        credit 0.00
    """
    chosen = view(value)
    return _render(
        chosen,
        chosen.narrow or chosen.brief,
        Language.EN,
        short=True,
        caption=not isinstance(value, Schedule),
    )
