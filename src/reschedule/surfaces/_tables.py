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
from reschedule.surfaces._labels import Language, label, phrase, render_text, term
from reschedule.surfaces._prose import percent, steps_text

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
    | {f"arrears_{name}" for name in Amounts._fields}
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


_ARREARS_COLUMNS = tuple(f"arrears_{name}" for name in Amounts._fields)
"""A plan's other amount (its `fee` column) by component: the arrears it repays."""


def _schedule_view(schedule: Schedule, language: Language) -> View:
    rows = tuple(tuple(row) for row in schedule.installments)
    has_fee = any(row.fee for row in schedule.installments)
    brief = tuple(key for key in TABLE_COLUMNS if key != "fee" or has_fee)
    columns: tuple[str, ...] = _INSTALLMENT_COLUMNS
    if isinstance(schedule, Plan) and schedule.table.parts is not None:
        # the arrears by component, in place of the one "other" column
        parts = schedule.other_amounts()
        rows = tuple((*row, *part) for row, part in zip(rows, parts, strict=True))
        columns = (*columns, *_ARREARS_COLUMNS)
        shown = [key for key, name in zip(_ARREARS_COLUMNS, Amounts._fields, strict=True)
                 if any(getattr(part, name) for part in parts)]  # fmt: skip
        at = brief.index("fee")
        brief = (*brief[:at], *shown, *brief[at + 1 :])
    span = {
        "count": len(schedule),
        "payment": schedule.payment,
        "first": schedule.first_due,
        "last": schedule.maturity,
    }
    if isinstance(schedule, Plan):
        caption = phrase(
            "caption.plan", language, **span, paid=schedule.total_paid, waived=schedule.waived.total
        )
        if schedule.steps:
            steps = steps_text(schedule.steps, language)
            caption += phrase("caption.steps", language, steps=steps)
    else:
        caption = phrase(
            "caption.schedule",
            language,
            **span,
            interest=schedule.total_interest,
            paid=schedule.total_payment,
        )
    return View("installments", columns, rows, brief, caption)


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


def _penalty_words(result: Statement, language: Language) -> str:
    """The penalty in arrears, with its compound interest (复利) apart when there is any."""
    parts = result.penalty_arrears
    if parts.compound_interest:
        return phrase(
            "caption.penalty_parts",
            language,
            penalty=result.arrears.penalty,
            penalty_interest=parts.penalty_interest,
            compound_interest=parts.compound_interest,
        )
    return phrase("caption.penalty", language, penalty=result.arrears.penalty)


def _statement_caption(result: Statement, language: Language) -> str:
    arrears = result.arrears
    return phrase(
        "caption.statement",
        language,
        as_of=result.as_of,
        arrears=arrears.total,
        principal=arrears.principal,
        interest=arrears.interest,
        fees=arrears.fees,
        penalty=_penalty_words(result, language),
        days=result.days_past_due,
        bucket=term("bucket", result.bucket, language),
        outstanding=result.outstanding_principal,
        payoff=result.payoff,
        credit=result.credit,
    )


def _statement_views(result: Statement, language: Language) -> list[View]:
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
    caption = _statement_caption(result, language)
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


def _comparison_view(comparison: Comparison, language: Language) -> View:
    rows = tuple(tuple(option) for option in comparison.options)
    caption = phrase(
        "caption.comparison",
        language,
        count=len(comparison),
        baseline=phrase("quoted", language, text=comparison.baseline),
        rate=percent(comparison.discount_rate),
        day=comparison.valuation_date,
        convention=term("convention", comparison.convention.value, language),
    )
    if any(option.saving < 0 for option in comparison.options):
        caption += phrase("caption.negative", language)
    return View("options", _COMPARISON_COLUMNS, rows, _COMPARISON_BRIEF, caption)


def views(value: object, labels: Language | str = Language.EN) -> list[View]:
    """The tables of a result: its installments (a comparison: its options) first,
    then any others.

    Args:
        value: a `Schedule`, `Plan`, `Statement` or `Comparison`.
        labels: the language of the captions, ``"en"`` or ``"zh"``.

    Raises:
        InvalidInputError: `value` is not a result with tables.

    Examples:
        >>> from reschedule import Loan, amortize
        >>> [v.name for v in views(amortize(Loan(1200, "0.12", 12, "2024-01-15")))]
        ['installments']
    """
    language = Language.parse(labels)
    if isinstance(value, Schedule):
        return [_schedule_view(value, language)]
    if isinstance(value, Statement):
        return _statement_views(value, language)
    if isinstance(value, Comparison):
        return [_comparison_view(value, language)]
    raise InvalidInputError(
        "tables are made of a Schedule, a Plan, a Statement or a Comparison; "
        f"got {type(value).__name__} {value!r}"
    )


def view(value: object, table: str | None = None, labels: Language | str = Language.EN) -> View:
    """One table of a result, by name (the first when `table` is None), its caption
    in the language of `labels`.

    Raises:
        InvalidInputError: no table of that name.
    """
    found = views(value, labels)
    if table is None:
        return found[0]
    for candidate in found:
        if candidate.name == table:
            return candidate
    names = ", ".join(repr(candidate.name) for candidate in found)
    raise InvalidInputError(
        f"table must be one of {names} for a {type(value).__name__}; got {table!r}"
    )


VALUES_ZH: dict[object, str] = {
    "principal": "本金",
    "interest": "利息",
    "fees": "费用",
    "penalty": "罚息",
    "credit": "溢缴款",
    True: "是",
    False: "否",
}
"""The Chinese of the words tables hold as values (a ledger's components, yes and no)."""


def cell(
    value: Any, language: Language = Language.EN, *, grouping: bool = True, percent: bool = False
) -> str:
    """A value as table text: money with thousands separators, ISO dates, 'n/d'
    fractions, rates in per cent when `percent`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        if language is Language.ZH:
            return VALUES_ZH[value]
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
        return VALUES_ZH.get(value, value)
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
        共3期，每期¥100.00，2024年2月15日至2024年4月15日；利息合计¥0.00，还款总额¥300.00
    """
    chosen = view(value, table, labels)
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
    found = views(value, language)
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
