"""Sentences a person reads, in English or Chinese: a plan's steps, what an
option saves the borrower, where an agreed plan stands, and the demo's story.

Every sentence is a template of `reschedule.surfaces.PHRASES`, the one table
that holds both languages. A plan's steps are written in English by the
restructuring operations (`reschedule.Plan.steps`); in Chinese they are read
back with the English template of their ``step.*`` phrase and written anew
from the same fields, amounts and rates in a Chinese reader's form. A step
that no template matches is shown as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from reschedule.negotiation import ComparisonRow, FollowUp, PlanStatus
from reschedule.plans import Schedule
from reschedule.servicing import Statement
from reschedule.surfaces._labels import PHRASES, Language, money, phrase, render_day, term

__all__ = [
    "demo_text",
    "follow_up_footer",
    "follow_up_text",
    "percent",
    "rename_options",
    "saving_text",
    "step_text",
    "steps_text",
]


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def percent(value: Decimal | str) -> str:
    """A fraction in per cent, exactly and without an exponent: ``0.108`` is ``10.8%``;
    text that already ends in ``%`` (or is no number) is kept.

    Examples:
        >>> percent(Decimal("0.108")), percent("0.4"), percent("30%"), percent("0")
        ('10.8%', '40%', '30%', '0%')
    """
    number = _decimal(value) if isinstance(value, str) else value
    if number is None:
        return str(value)
    return format(number.scaleb(2).normalize(), "f") + "%"


def _amount(text: str, language: Language) -> str:
    number = _decimal(text)
    return text if number is None else money(number, language)


def _share(text: str, language: Language) -> str:
    """A waiver's value: ``all``, a share (``50%``) or an amount."""
    if text == "all":
        return phrase("all", language)
    if text.endswith("%"):
        return text
    return _amount(text, language)


def _components(text: str, language: Language, value: Callable[[str, Language], str]) -> str:
    """``"principal 100, penalty all"``: each component's words, then its value."""
    parts = []
    for item in text.split(", "):
        name, _, given = item.partition(" ")
        parts.append(term("component", name, language) + value(given, language))
    return phrase("list", language).join(parts)


def _names(text: str, language: Language) -> str:
    """``"interest, penalty"``: the components' words."""
    return phrase("list", language).join(
        term("component", name, language) for name in text.split(", ")
    )


def _frequency(text: str, language: Language) -> str:
    match = re.fullmatch(r"every ([0-9]+) (days|months)", text)
    if match:
        return phrase(f"frequency.{match.group(2)}", language, count=match.group(1))
    return term("frequency", text, language)


def _day(text: str, language: Language) -> str:
    try:
        return render_day(date.fromisoformat(text), language)
    except ValueError:
        return text


def _as_is(text: str, language: Language) -> str:
    return text


def _kind(text: str, language: Language) -> str:
    return phrase(text, language) if text in ("conditional", "final") else text


_CHANGES: dict[str, Callable[[str, Language], str]] = {
    "term": _as_is,
    "annual_rate": lambda text, language: percent(text),
    "method": lambda text, language: term("method", text, language),
    "frequency": _frequency,
    "day_count": lambda text, language: term("day_count", text, language),
    "start": _day,
    "first_payment": _day,
    "interest": lambda text, language: term("treatment", text, language),
    "penalty": lambda text, language: term("treatment", text, language),
    "fees": lambda text, language: term("treatment", text, language),
    "holiday_interest": lambda text, language: term("treatment", text, language),
    "waived": lambda text, language: _components(text, language, _amount),
    "down_payment": _amount,
    "forborne": _amount,
    "payment": _amount,
    "holiday": _as_is,
    "spread_over": _as_is,
}
"""How each change of a restructuring (``restructure: NAME VALUE; ...``) writes its value;
the yes-or-no changes (conditional, reamortize, no_payment_shock) are phrases of their own."""


def _changes(text: str, language: Language) -> str:
    out = []
    for item in text.split("; "):
        name, _, value = item.partition(" ")
        if f"change.{name}.{value}" in PHRASES:
            out.append(phrase(f"change.{name}.{value}", language))
        elif name in _CHANGES and f"change.{name}" in PHRASES:
            out.append(phrase(f"change.{name}", language, value=_CHANGES[name](value, language)))
        else:
            out.append(item)
    return phrase("list", language).join(out) if language is Language.ZH else "; ".join(out)


_FIELDS: dict[str, Callable[[str, Language], str]] = {
    "periods": _as_is,
    "count": _as_is,
    "treatment": lambda text, language: term("treatment", text, language),
    "waivers": lambda text, language: _components(text, language, _share),
    "amount": _amount,
    "income": _amount,
    "other_debts": _amount,
    "limit": _amount,
    "share": _share,
    "kind": _kind,
    "ratio": lambda text, language: percent(text),
    "rate": lambda text, language: percent(text),
    "names": _names,
    "changes": _changes,
}
"""How each field of a step is written in the reader's language."""

_FIELD = re.compile(r"\{(\w+)\}")


def _pattern(template: str) -> re.Pattern[str]:
    """The regular expression that reads a step written with `template` back."""
    parts = _FIELD.split(template)  # literal, field, literal, field, ..., literal
    pattern = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
        for index, part in enumerate(parts)
    )
    return re.compile(pattern)


_STEPS = sorted(
    ((key, _pattern(english)) for key, (english, _) in PHRASES.items() if key.startswith("step.")),
    key=lambda item: -len(_FIELD.sub("", PHRASES[item[0]][0])),
)
"""The steps' templates, read back most specific (longest fixed text) first."""


def step_text(step: str, language: Language | str = Language.EN) -> str:
    """One of a plan's steps in `language`, as a collections officer says it.

    Examples:
        >>> step_text("capitalize_arrears (interest, penalty)")
        'the overdue interest and penalty added to the balance'
        >>> step_text("lower_rate to 0.0950"), step_text("waive penalty all (conditional)")
        ('the rate lowered to 9.5%', 'waive all the penalty if the plan is kept')
        >>> step_text("extend by 12 periods", "zh")
        '展期12期'
        >>> step_text("waive penalty all (conditional)", "zh")
        '减免罚息全部（以履行方案为条件）'
        >>> step_text("restructure: interest capitalize; holiday 3", "zh")
        '重组：逾期利息计入本金、还款假期3期'
    """
    language = Language.parse(language)
    for key, pattern in _STEPS:
        match = pattern.fullmatch(step)
        if match:
            if language is Language.EN:
                return _officer(key, match.groupdict(), step)
            fields = {
                name: _FIELDS.get(name, _as_is)(value, language)
                for name, value in match.groupdict().items()
            }
            return phrase(key, language, **fields)
    return step


_TREATED = {
    "capitalize": "added to the balance",
    "spread": "spread over the installments",
    "due": "due now",
    "defer": "due with the last installment",
    "waive": "waived",
}
"""What happens to an amount owed, as an officer says it."""


def _and(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _waivers(text: str) -> str:
    """``"penalty all, interest 50%, fees 10"``: all the penalty, 50% of the interest,
    10.00 of the fees."""
    parts = []
    for item in text.split(", "):
        name, _, given = item.partition(" ")
        if given == "all":
            parts.append(f"all the {name}")
        elif given.endswith("%"):
            parts.append(f"{given} of the {name}")
        else:
            parts.append(f"{_amount(given, Language.EN)} of {name}")
    return _and(parts)


def _officer(key: str, fields: dict[str, str], step: str) -> str:
    """A step as a collections officer says it (the plan's `steps` keep the words the
    operations write, which the Chinese is read from)."""
    amount = {name: _amount(fields[name], Language.EN) for name in _MONEY_FIELDS if name in fields}
    if key == "step.extend":
        return f"extend by {fields['periods']} installments"
    if key == "step.defer":
        treated = _TREATED.get(fields["treatment"], fields["treatment"])
        return f"a {fields['periods']}-installment payment holiday, its interest {treated}"
    if key in ("step.waive", "step.waive_conditional"):
        kept = " if the plan is kept" if key == "step.waive_conditional" else ""
        return f"waive {_waivers(fields['waivers'])}{kept}"
    if key == "step.reage":
        return f"everything overdue and the rest over {fields['count']} new installments"
    if key == "step.reamortize":
        return "the overdue principal and the arrears over the remaining installments"
    if key == "step.freeze":
        return f"stop the interest and repay what is owed in {fields['count']} installments"
    if key == "step.settle":
        when = "at once" if fields["count"] == "1" else f"in {fields['count']} installments"
        return f"settle for {amount['amount']}, {when}"
    if key == "step.keep_installment":
        return f"keep the installment of {amount['amount']}, extend until repaid"
    if key == "step.extend_and_waive":
        kept = " if the plan is kept" if fields["kind"] == "conditional" else ""
        share = fields["share"]
        waived = (
            "all the interest"
            if share == "all"
            else f"{share} of the interest"
            if share.endswith("%")
            else f"{_amount(share, Language.EN)} of the interest"
        )
        return f"extend by {fields['periods']} installments and waive {waived}{kept}"
    if key == "step.for_income":
        return (
            f"installments of at most {amount['limit']}: {percent(fields['ratio'])} of an "
            f"income of {amount['income']}, less {amount['other_debts']} of other debts"
        )
    if key == "step.spread_arrears":
        return f"the arrears repaid with the next {fields['count']} installments"
    if key == "step.spread_arrears_fewest":
        return (
            f"the arrears repaid with the next {fields['count']} installments, the fewest "
            f"that keep each at most {amount['limit']}"
        )
    if key == "step.capitalize_arrears":
        return f"the overdue {_and(fields['names'].split(', '))} added to the balance"
    if key == "step.extend_term":
        return f"the term extended to {fields['count']} installments"
    if key == "step.lower_rate":
        return f"the rate lowered to {percent(fields['rate'])}"
    if key in ("step.waive_penalty", "step.waive_interest"):
        name = key.removeprefix("step.waive_")
        return f"{amount['amount']} of the {name} waived"
    if key == "step.forbear_principal":
        return f"{amount['amount']} of principal set aside without interest, due at the end"
    if key == "step.restructure":
        return "; ".join(
            said for said in map(_officer_change, fields["changes"].split("; ")) if said
        )
    return step


def _officer_change(item: str) -> str:
    """One change of a general restructuring (``NAME VALUE``) as an officer says it
    ("" for a yes-or-no change that says no)."""
    name, _, value = item.partition(" ")
    if name in ("interest", "penalty", "fees") and value in _TREATED:
        return f"the overdue {name} {_TREATED[value]}"
    if name == "holiday_interest" and value in _TREATED:
        return f"the holiday's interest {_TREATED[value]}"
    said = {
        "term": f"over {value} installments",
        "annual_rate": f"at {percent(value)} a year",
        "holiday": f"a {value}-installment payment holiday",
        "down_payment": f"a down payment of {_amount(value, Language.EN)}",
        "forborne": f"{_amount(value, Language.EN)} of principal set aside without interest, "
        "due at the end",
        "payment": f"installments of {_amount(value, Language.EN)}",
        "spread_over": f"the arrears repaid with the next {value} installments",
        "start": f"from {value}",
        "first_payment": "the first installment a period after the start"
        if value == "None"
        else f"the first installment due on {value}",
        "method": "level installments"
        if value == "annuity"
        else f"{value.replace('_', ' ')} repayments",
        "frequency": f"installments {value}",
    }.get(name)
    if said is not None:
        return said
    if name == "waived":
        return f"waive {_waivers(value)}"
    if value in ("True", "False"):
        yes = {
            "conditional": "the waiver only if the plan is kept",
            "reamortize": "the overdue principal re-amortised",
            "no_payment_shock": "no last installment larger than the others",
        }
        return yes.get(name, item) if value == "True" else ""
    return item  # method, frequency, day count: as written


_MONEY_FIELDS = ("amount", "income", "other_debts", "limit")


def steps_text(steps: Iterable[str], language: Language | str = Language.EN) -> str:
    """A plan's steps in `language`, one after the other.

    Examples:
        >>> steps_text(["extend by 6 periods", "settle for 900.00 in 3 installment(s)"], "zh")
        '展期6期；以¥900.00结清，分3期付清'
    """
    return phrase("steps", language).join(step_text(step, language) for step in steps)


def _months(later: date, earlier: date) -> int:
    return (later.year - earlier.year) * 12 + (later.month - earlier.month)


def saving_text(
    option: ComparisonRow, baseline: ComparisonRow, language: Language | str = Language.EN
) -> str:
    """What an option saves or costs the borrower against the baseline, and over how long:
    a cost is said as a cost, never as a negative saving.

    Examples:
        >>> from reschedule import Loan, amortize, compare, extend
        >>> schedule = amortize(Loan(12_000, "0.12", 12, "2024-01-15"))
        >>> table = compare({"as is": schedule, "longer": extend(schedule, 6)})
        >>> saving_text(table["longer"], table["as is"])
        'costs the borrower 377.89 more, over 6 more months'
        >>> saving_text(table["longer"], table["as is"], "zh")
        '借款人多付¥377.89，还款期多6个月'
    """
    months = _months(option.last_due, baseline.last_due)
    if months > 0:
        when = phrase(
            "saving.later_one" if months == 1 else "saving.later", language, months=months
        )
    elif months < 0:
        when = phrase(
            "saving.sooner_one" if months == -1 else "saving.sooner", language, months=-months
        )
    else:
        when = ""
    if option.saving < 0:
        return phrase("saving.more", language, amount=-option.saving, when=when)
    if option.saving > 0:
        return phrase("saving.less", language, amount=option.saving, when=when)
    return phrase("saving.same", language, when=when)


def follow_up_text(result: FollowUp, language: Language | str = Language.EN) -> str:
    """Where an agreed plan stands, in a few lines (a follow-up's table comes below them).

    Examples:
        >>> from reschedule import Loan, Payment, amortize, extend, follow_up
        >>> plan = extend(amortize(Loan(1200, "0", 12, "2024-01-15")), 6, at=3)
        >>> plan.payment  # the 1,000 left after two installments, over 10 + 6 months
        Decimal('62.50')
        >>> print(follow_up_text(follow_up(plan, [], "2024-05-01"), "zh"))
        截至2024年5月1日：逾期未还，方案仍有效
        共16期，已还0期（已还¥0.00）；当前未还1期，累计逾期1期
        当前应还¥62.50；欠款合计¥1,000.00
        下一期：2024年5月15日应还¥62.50
    """
    language = Language.parse(language)
    status = phrase(
        "follow_up.status",
        language,
        as_of=result.as_of,
        status=term("status", result.status.value, language),
    )
    if result.broken_on is not None:
        status += phrase("follow_up.since", language, day=result.broken_on)
    lines = [
        status,
        phrase(
            "follow_up.paid",
            language,
            paid_count=result.installments_paid,
            count=result.installments,
            paid=result.paid,
            missed=result.missed,
            late=result.late,
        ),
        phrase(
            "follow_up.due",
            language,
            due=_by_component(result.due_now, language),
            owed=_by_component(result.owed, language),
        ),
    ]
    if result.reinstated:
        parts = _parts(result.reinstated, language)
        lines.append(phrase("follow_up.reinstated", language, parts=parts))
    elif result.waived:
        kind = phrase("final" if result.waiver_final else "follow_up.conditional", language)
        lines.append(phrase("follow_up.waived", language, amount=result.waived.total, kind=kind))
    if result.next_due is not None and result.status is not PlanStatus.BROKEN:
        day, amount = result.next_due
        lines.append(phrase("follow_up.next", language, amount=amount, day=day))
    return "\n".join(lines)


def _parts(amounts: Any, language: Language) -> str:
    """The components of `amounts` that are not zero: "principal 2,000.00, penalty 19.50"."""
    return phrase("list", language).join(
        phrase("follow_up.part", language, name=term("component", name, language), amount=amount)
        for name, amount in amounts.as_dict().items()
        if amount
    )


def _by_component(amounts: Any, language: Language) -> str:
    """A total with its components, where more than one makes it up."""
    if sum(1 for amount in amounts.as_dict().values() if amount) < 2:
        return money(amounts.total, language)
    return phrase("follow_up.parts", language, total=amounts.total, parts=_parts(amounts, language))


def follow_up_footer(result: FollowUp, language: Language | str = Language.EN) -> str:
    """What a broken plan's statement leaves out, below it: the reinstated waiver on top
    of what the plan owes, and the total owed ("" when nothing was reinstated).

    Examples:
        >>> from reschedule import Loan, PenaltyPolicy, amortize, follow_up, reage
        >>> from reschedule import statement, waive
        >>> account = statement(amortize(Loan(4000, "0", 4, "2024-01-15")), [], "2024-03-20",
        ...                     penalty=PenaltyPolicy(rate="0.18"))
        >>> plan = reage(waive(account, penalty="all", conditional=True), 4)
        >>> print(follow_up_footer(follow_up(plan, [], "2024-06-20")))
        The statement above is the plan's; the reinstated waiver comes on top of it: \
penalty 19.50, owed in all 4,019.50 (principal 4,000.00, penalty 19.50)
    """
    language = Language.parse(language)
    if not result.reinstated:
        return ""
    return phrase(
        "follow_up.on_top",
        language,
        reinstated=_parts(result.reinstated, language),
        owed=_by_component(result.owed, language),
    )


def rename_options(request: Mapping[str, Any], language: Language | str) -> dict[str, Any]:
    """The demo's request with its options named in `language` (``demo.name.*``)."""
    options = [
        {**option, "name": term("demo.name", option["name"], language)}
        for option in request["options"]
    ]
    return {**request, "options": options}


def demo_text(
    schedule: Schedule,
    account: Statement,
    comparison: Sequence[ComparisonRow],
    baseline: str,
    tables: tuple[str, str],
    language: Language | str = Language.EN,
) -> str:
    """The demo's story: the loan, its payments, its statement (``tables[0]``), the
    options in an officer's words with what each saves or costs, their comparison
    (``tables[1]``), and which asks least and which gives the lender most."""
    language = Language.parse(language)
    loan = schedule.loan
    heading = phrase(
        "demo.heading",
        language,
        principal=loan.principal,
        rate=f"{loan.annual_rate:%}" if language is Language.EN else percent(loan.annual_rate),
        term=loan.term,
        payment=schedule.payment,
        method=term("method", loan.method.value, language),
        day_count=term("day_count", loan.day_count.value, language),
        start=loan.start,
    )
    paid = phrase("list" if language is Language.EN else "steps", language).join(
        phrase("demo.payment", language, amount=payment.amount, day=payment.date)
        for payment in account.payments
    )
    first = next(option for option in comparison if option.name == baseline)
    offers = {
        term("demo.name", english, language): term("demo.offer", english, language)
        for english in (key.removeprefix("demo.name.") for key in PHRASES)
        if f"demo.offer.{english}" in PHRASES
    }
    lines = [
        phrase("demo.option", language, name=option.name, offer=offers[option.name])
        if option is first
        else phrase(
            "demo.option_saving",
            language,
            name=option.name,
            offer=offers[option.name],
            saving=saving_text(option, first, language),
        )
        for option in comparison
    ]
    lowest = min(comparison, key=lambda option: option.largest_installment)
    best = max(comparison, key=lambda option: option.lender_value)
    parts = [
        heading,
        phrase("demo.payments", language, payments=paid),
        phrase("demo.statement", language, as_of=account.as_of),
        tables[0],
        phrase("demo.options", language) + "\n" + "\n".join(lines),
        phrase("demo.compared", language),
        tables[1],
        phrase(
            "demo.best",
            language,
            lowest=lowest.name,
            installment=lowest.largest_installment,
            best=best.name,
            value=best.lender_value,
        ),
    ]
    return "\n\n".join(parts)
