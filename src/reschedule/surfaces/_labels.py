"""Column labels in English and Chinese, and plain-text tables.

One label table serves every tabular surface: terminal tables (a schedule's
``str``), HTML tables, CSV, DataFrames and plots. A column has a key (its
field name, which JSON, CSV and DataFrames use in English), an English
display label and a Chinese label, for negotiation tools that serve
Chinese-speaking borrowers.

Pure data and string formatting: any layer may import this module.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from reschedule.conventions import InvalidInputError, Language

__all__ = ["LABELS", "SHORT_LABELS", "Language", "display_width", "label", "render_text"]


LABELS: dict[str, tuple[str, str]] = {
    # key: (English display label, Chinese label)
    # installments (Schedule, Plan)
    "number": ("no", "期数"),
    "due_date": ("due date", "还款日"),
    "period_start": ("period start", "计息起日"),
    "period_end": ("period end", "计息止日"),
    "year_fraction": ("year fraction", "计息年化比例"),
    "opening_balance": ("opening balance", "期初余额"),
    "payment": ("payment", "应还金额"),
    "principal": ("principal", "应还本金"),
    "interest": ("interest", "应还利息"),
    "fee": ("other", "其他应还"),  # fees, and a plan's overdue amounts repaid with it
    "closing_balance": ("balance", "期末余额"),
    # servicing (Statement)
    "penalty": ("penalty", "罚息"),
    "fees": ("fees", "费用"),
    "due_principal": ("principal due", "应还本金"),
    "due_interest": ("interest due", "应还利息"),
    "due_fees": ("fees due", "应还费用"),
    "due_penalty": ("penalty due", "应还罚息"),
    "due_total": ("total due", "应还合计"),
    "paid_principal": ("principal paid", "已还本金"),
    "paid_interest": ("interest paid", "已还利息"),
    "paid_fees": ("fees paid", "已还费用"),
    "paid_penalty": ("penalty paid", "已还罚息"),
    "paid_total": ("total paid", "已还合计"),
    "outstanding_principal": ("principal unpaid", "未还本金"),
    "outstanding_interest": ("interest unpaid", "未还利息"),
    "outstanding_fees": ("fees unpaid", "未还费用"),
    "outstanding_penalty": ("penalty unpaid", "未还罚息"),
    "outstanding_total": ("total unpaid", "未还合计"),
    "due_penalty_interest": ("penalty interest due", "应还罚息(逾期本金)"),
    "due_compound_interest": ("compound interest due", "应还复利"),
    "outstanding_penalty_interest": ("penalty interest unpaid", "未还罚息(逾期本金)"),
    "outstanding_compound_interest": ("compound interest unpaid", "未还复利"),
    "days_past_due": ("days past due", "逾期天数"),
    "in_arrears": ("in arrears", "是否逾期"),
    "paid_on": ("paid on", "结清日"),
    "payment_date": ("payment date", "还款日期"),
    "payment_amount": ("payment amount", "还款金额"),
    "reference": ("reference", "流水号"),
    "installment": ("installment", "期次"),
    "component": ("component", "科目"),
    "amount": ("amount", "金额"),
    "ledger": ("allocation ledger", "还款分配明细"),
    # negotiation (Plan records, Comparison)
    "name": ("option", "方案"),
    "payments": ("payments", "期数"),
    "first_installment": ("first", "首期还款"),
    "regular_installment": ("installment", "每期还款"),
    "largest_installment": ("largest", "最大单期还款"),
    "last_due": ("last due", "末期还款日"),
    "lender_value": ("lender value", "贷款人现值"),
    "total_paid": ("total paid", "还款总额"),
    "total_interest": ("total interest", "利息总额"),
    "waived": ("waived", "减免金额"),
    "saving": ("saving", "节省金额"),
    "apr": ("APR", "年化利率"),
    "balance": ("balance", "剩余本金"),
}
"""Every column's labels, by key: ``(English, Chinese)``.

Keys are the field names of the values they label (``due_date``,
``closing_balance``); DataFrames and CSV use the keys for English and the
Chinese label for Chinese; text and HTML tables use the English or the
Chinese label.
"""


SHORT_LABELS: dict[str, str] = {
    # key: short English label, for the narrow table a statement's ``str()`` shows
    "due_principal": "principal",
    "due_interest": "interest",
    "due_fees": "fees",
    "due_penalty": "penalty",
    "outstanding_total": "outstanding",
    "days_past_due": "dpd",
}
"""Short English labels of some columns, for narrow tables (``short=True``)."""


def label(
    key: str, language: Language | str = Language.EN, *, keys: bool = False, short: bool = False
) -> str:
    """The label of a column.

    Args:
        key: the column's key, a field name such as ``"due_date"``.
        language: `Language.EN` or `Language.ZH` (or ``"en"``, ``"zh"``).
        keys: in English, give the key itself rather than the display label
            (DataFrames and CSV use the keys).
        short: in English, give the short label of `SHORT_LABELS` where the
            column has one (narrow tables).

    Raises:
        InvalidInputError: an unknown key or language.

    Examples:
        >>> label("closing_balance"), label("closing_balance", keys=True)
        ('balance', 'closing_balance')
        >>> label("days_past_due", "zh"), label("days_past_due", short=True)
        ('逾期天数', 'dpd')
    """
    if key not in LABELS:
        raise InvalidInputError(f"column must be one of the keys of LABELS; got {key!r}")
    english, chinese = LABELS[key]
    if Language.parse(language) is Language.ZH:
        return chinese
    if keys:
        return key
    return SHORT_LABELS.get(key, english) if short else english


def display_width(text: str) -> int:
    """The columns `text` takes in a terminal: wide (CJK) characters take two.

    Examples:
        >>> display_width("due date"), display_width("还款日")
        (8, 6)
    """
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _justify(text: str, width: int, left: bool) -> str:
    padding = " " * (width - display_width(text))
    return text + padding if left else padding + text


def render_text(
    header: Sequence[str], rows: Sequence[Sequence[str]], *, left: Sequence[bool] = ()
) -> str:
    """A plain-text table: a header, a rule, and right-aligned cells.

    Widths count wide characters twice, so Chinese headers line up.

    Args:
        header: the column labels.
        rows: the cells, as text, one sequence per row.
        left: per column, True to align left (text columns); right otherwise.

    Examples:
        >>> print(render_text(["no", "amount"], [["1", "10.00"], ["2", "5.50"]]))
        no  amount
        --  ------
         1   10.00
         2    5.50
    """
    lines = [list(header), *(list(row) for row in rows)]
    widths = [max(display_width(line[i]) for line in lines) for i in range(len(header))]
    aligns = [bool(left[i]) if i < len(left) else False for i in range(len(header))]
    out = [
        "  ".join(
            _justify(cell, width, align)
            for cell, width, align in zip(line, widths, aligns, strict=True)
        ).rstrip()
        for line in lines
    ]
    out.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(out)
