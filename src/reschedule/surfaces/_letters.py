"""Letters a borrower can read: the collection notice of an overdue account
(催收通知) and the offer letter of a negotiated plan (协商还款方案), in
Chinese or English, as HTML that prints on A4, and as PDF.

The letters are Jinja2 templates (package data under ``templates/letters``)
behind the optional ``letters`` extra, as is WeasyPrint for PDF. This module
builds what the templates show: every figure is formatted here, once, from
the exact values of the result (a `Statement` or a `Plan`), and the
sentences and the tables of a letter use the same formatted text, so a total
in a sentence and the total row of its table cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from reschedule.conventions import EXACT, InvalidInputError, Language, require
from reschedule.negotiation import BreakRule, Components, Plan
from reschedule.plans import to_date
from reschedule.servicing import Statement
from reschedule.surfaces._amounts import amount_in_words, format_amount
from reschedule.surfaces._labels import label

__all__ = ["Lender", "notice", "offer", "pdf"]


@dataclass(frozen=True, slots=True)
class Lender:
    """Who sends a letter and how the borrower reaches them.

    Attributes:
        name: the lender's name, as it heads the letter.
        phone: a telephone number the borrower can call.
        address: a postal address, or "".
        email: an e-mail address, or "".
        hours: when the telephone is answered (such as ``"工作日 9:00-18:00"``),
            or "".
        account: where to pay: the bank, the account name and number, or "".

    Examples:
        >>> Lender("示例消费金融有限公司", "400-000-0000").phone
        '400-000-0000'
    """

    name: str
    phone: str
    address: str = ""
    email: str = ""
    hours: str = ""
    account: str = ""

    def __post_init__(self) -> None:
        for field in ("name", "phone", "address", "email", "hours", "account"):
            value = getattr(self, field)
            if not isinstance(value, str):
                raise InvalidInputError(
                    f"Lender {field} must be text; got {type(value).__name__} {value!r}"
                )
        for field in ("name", "phone"):
            if not getattr(self, field).strip():
                raise InvalidInputError(
                    f"a letter must say how to reach the lender: Lender {field} must not be "
                    f"empty; got {getattr(self, field)!r}"
                )


# ---------------------------------------------------------------------------
# Formatting: every figure of a letter goes through these, once.


def _date(day: date, language: Language) -> str:
    if language is Language.ZH:
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"


def _percent(rate: Decimal) -> str:
    """An annual rate (a fraction) in per cent, exactly, with no exponent: 0 is ``0%``."""
    return format(rate.scaleb(2).normalize(), "f") + "%"


def _figures(amount: Decimal) -> str:
    """An amount in a table cell: figures with separators, the currency in the header."""
    return format_amount(amount, Language.EN).replace("CNY ", "")


@dataclass(frozen=True, slots=True)
class _Table:
    """A table of a letter: headers, rows and a total row, all text."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    total: tuple[str, ...] | None
    numeric: tuple[bool, ...]


class _Words:
    """Labels and amounts in the letter's language."""

    def __init__(self, language: Language) -> None:
        self.language = language
        self.zh = language is Language.ZH

    def money_header(self, key: str) -> str:
        text = label(key, self.language)
        return f"{text}（元）" if self.zh else f"{text} (CNY)"

    def amount(self, value: Decimal) -> dict[str, str]:
        """An amount for a sentence: in figures, and in capitals (Chinese)."""
        return {
            "figures": format_amount(value, self.language),
            "words": amount_in_words(value) if self.zh and value >= 0 else "",
        }

    def date(self, day: date) -> str:
        return _date(day, self.language)


_COMPONENT_LABELS = {
    # key: (English, Chinese), the components of what is owed
    "principal": ("principal", "本金"),
    "interest": ("interest", "利息"),
    "penalty": ("penalty interest", "罚息（含复利）"),
    "fees": ("fees and late charges", "费用及违约金"),
    "total": ("total", "合计"),
}


def _component(name: str, words: _Words) -> str:
    english, chinese = _COMPONENT_LABELS[name]
    return chinese if words.zh else english


def _components_table(
    columns: Sequence[tuple[str, Callable[[str], Decimal]]], words: _Words
) -> _Table:
    """A table with a row per component and a column per amount, and a total row."""
    header = ("", *(title for title, _ in columns))
    rows = []
    for name in ("principal", "interest", "penalty", "fees"):
        rows.append((_component(name, words), *(_figures(get(name)) for _, get in columns)))
    total = (_component("total", words), *(_figures(get("total")) for _, get in columns))
    return _Table(header, tuple(rows), total, (False, *([True] * len(columns))))


def _sum(values: Sequence[Decimal]) -> Decimal:
    total = Decimal(0)
    for value in values:
        total = EXACT.add(total, value)
    return total


# ---------------------------------------------------------------------------
# The collection notice


def _notice_context(account: Statement, words: _Words, pay_by: date | None) -> dict[str, Any]:
    loan = account.loan
    schedule = account.schedule
    language = words.language
    overdue = [row for row in account.installments if row.in_arrears]
    keys = ("principal", "interest", "penalty", "fees")
    headers = (
        label("number", language),
        label("due_date", language),
        label("days_past_due", language),
        *(words.money_header(f"outstanding_{key}") for key in (*keys, "total")),
    )
    rows = tuple(
        (
            str(row.number),
            row.due_date.isoformat(),
            str(row.days_past_due),
            *(_figures(row.outstanding.of(key)) for key in keys),
            _figures(row.outstanding.total),
        )
        for row in overdue
    )
    arrears = account.arrears
    totals = [_sum([row.outstanding.of(key) for row in overdue]) for key in keys]
    # the table's total row is the sum of its rows; it is the statement's arrears
    assert totals == [arrears.of(key) for key in keys]
    installments = _Table(
        headers,
        rows,
        ("合计" if words.zh else "total", "", "", *map(_figures, (*totals, arrears.total))),
        (False, False, True, True, True, True, True, True, True),
    )
    owed = {
        "principal": arrears.principal,
        "interest": arrears.interest,
        "penalty": arrears.penalty,
        "fees": arrears.fees,
        "total": arrears.total,
    }
    summary = _components_table(
        [("应还款项（元）" if words.zh else "amount due (CNY)", owed.__getitem__)], words
    )
    policy = account.penalty
    penalty = None
    if policy is not None:
        rate = policy.annual_rate(loan.annual_rate)
        if rate:
            penalty = {"rate": _percent(rate), "compound": policy.compound}
    return {
        "title": "逾期还款通知书" if words.zh else "Notice of overdue payments",
        "as_of": words.date(account.as_of),
        "start": words.date(loan.start),
        "principal": words.amount(loan.principal),
        "rate": _percent(loan.annual_rate),
        "term": len(schedule),
        "first_due": words.date(schedule.first_due),
        "maturity": words.date(schedule.maturity),
        "days_past_due": account.days_past_due,
        "overdue_count": len(overdue),
        "installments": installments,
        "summary": summary,
        "arrears": words.amount(arrears.total),
        "not_due": words.amount(account.principal_not_due),
        "payoff": words.amount(account.payoff),
        "credit": words.amount(account.credit) if account.credit else None,
        "penalty": penalty,
        "pay_by": words.date(pay_by) if pay_by else None,
    }


def notice(
    statement: Statement,
    lang: Language | str = "zh",
    *,
    lender: Lender,
    borrower: str = "",
    contract: str = "",
    pay_by: date | str | None = None,
    issued: date | str | None = None,
) -> str:
    """The collection notice of an overdue account (逾期还款通知书), as HTML.

    What the practice asks a notice to tell the borrower: the amount
    borrowed (借款金额), the repayment term and due dates (还款期限), the
    days past due (逾期天数), what is due with the overdue charges
    (应还款项及逾期费用) installment by installment, the next steps, and how
    to reach the lender. Headline amounts are written in figures and, in
    Chinese, in capitals (人民币伍万元整). The page prints on A4.

    Args:
        statement: the account, from `reschedule.statement`; it must be in
            arrears.
        lang: ``"zh"`` (the default) or ``"en"``.
        lender: who sends it and how to reach them.
        borrower: the borrower's name, for the salutation, or "".
        contract: the loan contract's number, or "".
        pay_by: the day by which the arrears are to be paid, or None to ask
            for payment as soon as possible; not before the statement's day.
        issued: the letter's date; by default the statement's day.

    Returns:
        A complete HTML document (UTF-8 text).

    Raises:
        MissingExtraError: Jinja2 is not installed (``pip install
            "reschedule-loans[letters]"``).
        InvalidInputError: a statement with nothing in arrears, a `lender`
            that is not a `Lender`, `pay_by` before the statement's day.

    Examples:
        >>> from reschedule import Loan, Payment, PenaltyPolicy, amortize, statement
        >>> account = statement(amortize(Loan(50_000, "0.12", 12, "2025-01-10")),
        ...                     [Payment("2025-02-10", "4442.44")], "2025-05-20",
        ...                     penalty=PenaltyPolicy.chinese_bank())
        >>> account.days_past_due, account.arrears.total
        (71, Decimal('13596.09'))
        >>> page = notice(account, lender=Lender("示例消费金融有限公司", "400-000-0000"))
        >>> "逾期 71 天" in page, "¥13,596.09" in page, "人民币壹万叁仟伍佰玖拾陆元零玖分" in page
        (True, True, True)
        >>> "Days past due: 71" in notice(account, "en", lender=Lender("Example Finance", "400"))
        True
    """
    if not isinstance(statement, Statement):
        raise InvalidInputError(
            f"notice takes a Statement (from reschedule.statement); got {type(statement).__name__}"
        )
    if not statement.arrears.total:
        raise InvalidInputError(
            f"a collection notice is for an account in arrears; the statement as of "
            f"{statement.as_of} has no arrears (days past due {statement.days_past_due})"
        )
    due = None if pay_by is None else to_date(pay_by, "pay_by")
    if due is not None and due < statement.as_of:
        raise InvalidInputError(
            f"pay_by must not be before the statement's day {statement.as_of}; got {due}"
        )
    return _letter(
        "notice",
        lang,
        _Head(lender, borrower, contract, statement.as_of if issued is None else issued),
        statement.schedule.rounding.places,
        lambda words: _notice_context(statement, words, due),
    )


# ---------------------------------------------------------------------------
# The offer letter


def _offer_context(
    plan: Plan, words: _Words, reply_by: date | None, rule: BreakRule
) -> dict[str, Any]:
    language = words.language
    waived = plan.waived
    conditional = plan.terms.conditional and bool(waived)
    owed = plan.owed

    def part(components: Components) -> Callable[[str], Decimal]:
        return lambda name: getattr(components, name)

    summary = _components_table(
        [
            ("所欠款项（元）" if words.zh else "owed (CNY)", part(owed)),
            ("减免（元）" if words.zh else "waived (CNY)", part(waived)),
            (
                "按本方案偿还（元）" if words.zh else "repaid under the plan (CNY)",
                lambda name: getattr(owed, name) - getattr(waived, name),
            ),
        ],
        words,
    )
    keys = ("payment", "principal", "interest", "fee", "closing_balance")
    has_fee = any(row.fee for row in plan)
    shown = tuple(key for key in keys if key != "fee" or has_fee)
    headers = (
        label("number", language),
        label("due_date", language),
        *(
            words.money_header(key)
            if key != "fee"
            else ("逾期款项分期（元）" if words.zh else "overdue amounts (CNY)")
            for key in shown
        ),
    )
    rows = tuple(
        (
            str(row.number),
            row.due_date.isoformat(),
            *(_figures(getattr(row, key)) for key in shown),
        )
        for row in plan
    )
    sums = {
        "payment": plan.total_payment,
        "principal": plan.total_principal,
        "interest": plan.total_interest,
        "fee": plan.total_fees,
    }
    installments = _Table(
        headers,
        rows,
        (
            "合计" if words.zh else "total",
            "",
            *(_figures(sums[key]) if key in sums else "" for key in shown),
        ),
        (False, False, *([True] * len(shown))),
    )
    payments = [row.payment for row in plan]
    regular = max(set(payments), key=payments.count)
    return {
        "title": "协商还款方案" if words.zh else "Repayment plan offer",
        "start": words.date(plan.terms.start),
        "owed": words.amount(owed.total),
        "waived": words.amount(waived.total) if waived else None,
        "conditional": conditional,
        "summary": summary,
        "down_payment": words.amount(plan.down_payment) if plan.down_payment else None,
        "count": len(plan),
        "regular": words.amount(regular),
        "uniform": len(set(payments)) == 1,
        "first_due": words.date(plan.first_due),
        "maturity": words.date(plan.maturity),
        "rate": _percent(plan.terms.annual_rate),
        "total_paid": words.amount(plan.total_paid),
        "installments": installments,
        "rule": rule,
        "reply_by": words.date(reply_by) if reply_by else None,
    }


def offer(
    plan: Plan,
    lang: Language | str = "zh",
    *,
    lender: Lender,
    borrower: str = "",
    contract: str = "",
    reply_by: date | str | None = None,
    issued: date | str | None = None,
    rule: BreakRule | None = None,
) -> str:
    """The offer letter of a negotiated plan (协商还款方案), as HTML.

    What the borrower agrees to: what they owed when the plan starts, by
    component; what is waived, and whether the waiver holds only if the plan
    is honoured; the new installments, each with its date and amount, and
    the total; and when the plan counts as broken (its `BreakRule`, the one
    `reschedule.follow_up` judges it by) and what then happens. The page
    prints on A4.

    Args:
        plan: the plan, from `reschedule.restructure` or any other
            restructuring operation.
        lang: ``"zh"`` (the default) or ``"en"``.
        lender: who offers it and how to reach them.
        borrower: the borrower's name, for the salutation, or "".
        contract: the loan contract's number, or "".
        reply_by: the day by which the borrower is to accept, or None.
        issued: the letter's date; by default the day the plan starts.
        rule: when the plan counts as broken; None for `BreakRule()` (two
            installments missed at once), as in `reschedule.follow_up`.

    Returns:
        A complete HTML document (UTF-8 text).

    Raises:
        MissingExtraError: Jinja2 is not installed (``pip install
            "reschedule-loans[letters]"``).
        InvalidInputError: `plan` is not a `Plan`, a `lender` that is not a
            `Lender`, a `rule` that is not a `BreakRule`.

    Examples:
        >>> from reschedule import Loan, Payment, amortize, extend, statement
        >>> account = statement(amortize(Loan(50_000, "0.12", 12, "2025-01-10")),
        ...                     [Payment("2025-02-10", "4442.44")], "2025-05-20")
        >>> plan = extend(account, 12, interest="waive", conditional=True)
        >>> page = offer(plan, lender=Lender("示例消费金融有限公司", "400-000-0000"))
        >>> "以您按期履行本方案为条件" in page
        True
    """
    if not isinstance(plan, Plan):
        raise InvalidInputError(
            f"offer takes a Plan (from restructure, extend, settle...); got {type(plan).__name__}"
        )
    broken = BreakRule() if rule is None else rule
    if not isinstance(broken, BreakRule):
        raise InvalidInputError(
            f"rule must be a BreakRule or None; got {type(broken).__name__} {broken!r}"
        )
    reply = None if reply_by is None else to_date(reply_by, "reply_by")
    return _letter(
        "offer",
        lang,
        _Head(lender, borrower, contract, plan.terms.start if issued is None else issued),
        plan.rounding.places,
        lambda words: _offer_context(plan, words, reply, broken),
    )


# ---------------------------------------------------------------------------
# Rendering


@dataclass(frozen=True, slots=True)
class _Head:
    """What heads every letter: who sends it, to whom, about which contract, and when."""

    lender: object
    borrower: object
    contract: object
    issued: date | str


def _letter(
    name: str,
    lang: Language | str,
    head: _Head,
    places: int,
    body: Callable[[_Words], dict[str, Any]],
) -> str:
    """A letter, the same way for each: its head checked and formatted, then its body
    (`body`, in the letter's words) and the template ``name.LANG.html``."""
    language = Language.parse(lang)
    _check_lender(head.lender)
    _check_places(places)
    words = _Words(language)
    context = {
        "lender": head.lender,
        "borrower": _text(head.borrower, "borrower"),
        "contract": _text(head.contract, "contract"),
        "issued": words.date(to_date(head.issued, "issued")),
        **body(words),
    }
    return _render(name, language, context)


def _check_lender(lender: object) -> None:
    if not isinstance(lender, Lender):
        raise InvalidInputError(
            f"lender must be a Lender(name, phone, ...); got {type(lender).__name__} {lender!r}"
        )


def _check_places(places: int) -> None:
    if places > 2:
        raise InvalidInputError(
            "letters write amounts in yuan and fen, at most 2 decimal places; got a loan "
            f"rounded to {places} places (Rounding(places=2) for renminbi)"
        )


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise InvalidInputError(f"{name} must be text; got {type(value).__name__} {value!r}")
    return value


_ENVIRONMENT: list[Any] = []  # the Jinja2 environment, made on first use


def _environment() -> Any:
    if not _ENVIRONMENT:
        jinja2 = require("jinja2", "letters")
        _ENVIRONMENT.append(
            jinja2.Environment(
                loader=jinja2.PackageLoader("reschedule.surfaces", "templates/letters"),
                autoescape=True,
                undefined=jinja2.StrictUndefined,
                extensions=["jinja2.ext.do"],
                trim_blocks=True,
                lstrip_blocks=True,
            )
        )
    return _ENVIRONMENT[0]


def _render(name: str, language: Language, context: dict[str, Any]) -> str:
    template = _environment().get_template(f"{name}.{language.value}.html")
    page: str = template.render(lang=language.value, **context)
    return page


def pdf(html: str) -> bytes:
    """A letter's HTML as a PDF document on A4 pages (needs the ``letters`` extra).

    WeasyPrint lays the page out with the letter's print stylesheet; Chinese
    text needs a CJK font installed (Debian: ``fonts-noto-cjk``).

    Raises:
        MissingExtraError: WeasyPrint is not installed (``pip install
            "reschedule-loans[letters]"``).

    Examples:
        >>> pdf("<!DOCTYPE html><p>A letter</p>")[:5]
        b'%PDF-'
    """
    if not isinstance(html, str):
        raise InvalidInputError(f"pdf takes a letter's HTML text; got {type(html).__name__}")
    weasyprint = require("weasyprint", "letters")
    document: bytes = weasyprint.HTML(string=html).write_pdf()
    return document
