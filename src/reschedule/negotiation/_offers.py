"""The offers of the practice, one call each, in the words a collections officer uses.

Each is a composition of the restructuring operations, named for what it
offers: keep the installment and extend until repaid (保持月供, 延长至还清),
extend the term with part of the interest waived (延长还款期限, 减免部分利息),
and the least concession for a stated income and debt-to-income ratio. The
interest freeze (停息挂账) is `freeze`, the discounted settlement (一次性结清)
`settle`.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any, Unpack

from reschedule.conventions import DecimalLike, InvalidInputError, to_decimal
from reschedule.negotiation._affordable import (
    AffordableOptions,
    NoAffordablePlanError,
    affordable,
    largest_installment,
)
from reschedule.negotiation._follow_up import FollowUp
from reschedule.negotiation._plan import Plan, Treatment
from reschedule.negotiation._restructure import (
    Source,
    WaiverLike,
    _Cycle,
    _HolidayOptions,
    _Interest,
    _Money,
    _Payment,
    _PenaltyFees,
    _Rate,
    _SpreadOver,
    _Term,
    _Waivers,
    _Where,
    _with_step,
    extend,
    restructure,
    waive,
)
from reschedule.negotiation._solvers import max_installment
from reschedule.plans import Schedule, whole
from reschedule.servicing import Statement

__all__ = [
    "ExtendAndWaiveOptions",
    "KeepInstallmentOptions",
    "SpreadArrearsOptions",
    "affordable_for_income",
    "contract_installment",
    "extend_and_waive",
    "keep_installment",
    "spread_arrears",
]


class KeepInstallmentOptions(
    _Where, _Cycle, _Money, _SpreadOver, _Rate, _Interest, _PenaltyFees, _Waivers,
    _HolidayOptions, total=False,
):  # fmt: skip
    """The `restructure` options `keep_installment` passes along (it sets the
    installment, and the term follows from it)."""


class ExtendAndWaiveOptions(
    _Where, _Cycle, _Money, _SpreadOver, _Payment, _Rate, _PenaltyFees, _HolidayOptions,
    total=False,
):  # fmt: skip
    """The `restructure` options `extend_and_waive` passes along (it sets the term,
    the interest waiver and whether it is conditional)."""


class SpreadArrearsOptions(
    _Where, _Cycle, _Money, _Payment, _Rate, _Term, _Interest, _PenaltyFees, _Waivers,
    _HolidayOptions, total=False,
):  # fmt: skip
    """The `restructure` options `spread_arrears` passes along (it sets how many
    installments carry the arrears)."""


def contract_installment(source: Any) -> Decimal:
    """The regular installment the borrower pays now: the contract's, or the plan's.

    Args:
        source: a `Statement` (its schedule's installment), a `Schedule` or a
            `Plan` (its regular installment), or a `FollowUp` (its plan's).

    Examples:
        >>> from reschedule import Loan, amortize
        >>> contract_installment(amortize(Loan(1200, "0.12", 12, "2024-01-15")))
        Decimal('106.62')
    """
    if isinstance(source, Statement):
        return source.schedule.payment
    if isinstance(source, Schedule):
        return source.payment
    if isinstance(source, FollowUp):  # a plan followed up, renegotiated: its installment
        return source.plan.payment
    raise _not_a_source(source)


def _not_a_source(source: object) -> InvalidInputError:
    return InvalidInputError(
        "an offer's source must be a Statement, a Schedule, a Plan or a FollowUp; got "
        f"{type(source).__name__}"
    )


def keep_installment(
    source: Source,
    *,
    payment: DecimalLike | None = None,
    **options: Unpack[KeepInstallmentOptions],
) -> Plan:
    """Keep the installment, extend until repaid: the arrears are added to the balance
    and the term grows as far as needed (保持月供不变, 延长期限至还清).

    The interest, penalty and fees owed are capitalised (unless `options`
    treat them otherwise), and the term is the fewest installments of
    `payment` that repay the new balance at the plan's rate; the last
    installment is what is left, never more than `payment`.

    Args:
        source: a `Statement`, a `Schedule` (with ``at=``) or a `Plan`.
        payment: the installment to keep; the contract's by default.
        **options: other `restructure` options (a rate, waivers...).

    Raises:
        ConvergenceError: the installment does not exceed a period's
            interest (the balance would never be repaid).

    Examples:
        A loan of 24 installments of 2,496.21 at 18%: seven paid, three
        overdue, fourteen not yet due. The arrears capitalised, the same
        installment runs for 18 months, the last one no larger:

        >>> from reschedule import Loan, Payment, PenaltyPolicy, amortize, statement
        >>> schedule = amortize(Loan(50_000, "0.18", 24, "2025-01-10"))
        >>> account = statement(schedule, [Payment(r.due_date, r.payment) for r in schedule[:7]],
        ...                     "2025-11-20", penalty=PenaltyPolicy.chinese_bank())
        >>> plan = keep_installment(account)
        >>> plan.payment, len(plan), plan[-1].payment <= plan.payment
        (Decimal('2496.21'), 18, True)
    """
    kept = contract_installment(source) if payment is None else payment
    options.setdefault("interest", Treatment.CAPITALIZE)
    options.setdefault("penalty", Treatment.CAPITALIZE)
    options.setdefault("fees", Treatment.CAPITALIZE)
    plan = restructure(source, payment=kept, **options)
    return _with_step(plan, source, f"keep the installment of {plan.payment}, extend until repaid")


def extend_and_waive(
    source: Source,
    periods: int,
    *,
    interest: WaiverLike,
    conditional: bool = True,
    **options: Unpack[ExtendAndWaiveOptions],
) -> Plan:
    """Extend the term by `periods` and waive part of the interest owed
    (延长还款期限, 减免部分利息).

    The common offer of card and consumer-loan negotiations: for example six
    more months, and half the overdue interest waived on condition the new
    plan is honoured (`conditional`, the default: a broken plan owes it
    again, see `follow_up`).

    Args:
        source: a `Statement`, a `Schedule` (with ``at=``) or a `Plan`.
        periods: installments added to the remaining term.
        interest: the interest waived: an amount, ``"all"`` or ``"50%"``.
        conditional: the waiver is reinstated if the plan is broken.
        **options: other `restructure` options (treatments of the rest...).

    Examples:
        >>> from reschedule import Loan, Payment, amortize, statement
        >>> schedule = amortize(Loan(12_000, "0.12", 12, "2024-01-15"))
        >>> account = statement(schedule, [Payment(schedule[0].due_date, schedule.payment)],
        ...                     "2024-04-20")
        >>> plan = extend_and_waive(account, 6, interest="50%")
        >>> plan.owed.interest  # 211.52 overdue, 15.22 accrued 2024-04-15 to 04-20
        Decimal('226.74')
        >>> plan.waived.interest == plan.owed.interest / 2, plan.terms.conditional
        (True, True)
        >>> len(plan) > len(schedule) - 3
        True
    """
    at = options.pop("at", None)  # where a schedule is restructured: the waiver's source
    waived = waive(source, interest=interest, conditional=conditional, at=at)
    plan = extend(waived, periods, **options)  # the treatments of the rest, the cycle...
    kind = "conditional" if conditional else "final"
    return _with_step(
        plan, source, f"extend by {periods} periods, waive interest {interest} ({kind})"
    )


def affordable_for_income(
    source: Source,
    income: DecimalLike,
    *,
    ratio: DecimalLike = "0.4",
    other_debts: DecimalLike = 0,
    **options: Unpack[AffordableOptions],
) -> Plan:
    """The least-concession plan for a stated income and debt-to-income ratio.

    The largest installment is ``income × ratio − other_debts``
    (`max_installment`), and `affordable` finds the plan that fits it with
    the least concession.

    Args:
        source: a `Statement`, a `Schedule` (with ``at=``) or a `Plan`.
        income: income per installment period (monthly for a monthly plan).
        ratio: the share of income all debts may take (0.4 by default; 31%
            to 40% is common in US modification programmes).
        other_debts: the installments of the borrower's other debts.
        **options: `affordable`'s options (`max_term`, `steps`...).

    Raises:
        InvalidInputError: the other debts use up the allowed share of income.
        NoAffordablePlanError: no plan within the limits fits.

    Examples:
        >>> from reschedule import Loan, amortize, largest_installment
        >>> schedule = amortize(Loan(12_000, "0.12", 12, "2024-01-15"))
        >>> plan = affordable_for_income(schedule, 2000, ratio="0.4", other_debts=100)
        >>> largest_installment(plan) <= 2000 * Decimal("0.4") - 100
        True
    """
    rounding = contract_rounding(source)
    limit = max_installment(income, ratio=ratio, other_debts=other_debts, rounding=rounding)
    plan = affordable(source, limit, **options)
    kept = source.steps if isinstance(source, Plan) else ()
    sized = (
        f"the least concession for an income of {income} at a ratio of {ratio} "
        f"(other debts {other_debts}): installments of at most {limit}"
    )
    # the income rule, then the concessions it took (capitalise, extend...)
    return dataclasses.replace(plan, steps=(*kept, sized, *plan.steps[len(kept) :]))


def contract_rounding(source: Any) -> Any:
    """The source's rounding (its loan's)."""
    if isinstance(source, Statement):
        return source.schedule.rounding
    if isinstance(source, Schedule):
        return source.rounding
    if isinstance(source, FollowUp):
        return source.plan.rounding
    raise _not_a_source(source)


def spread_arrears(
    source: Source,
    installments: int | None = None,
    *,
    max_payment: DecimalLike | None = None,
    income: DecimalLike | None = None,
    ratio: DecimalLike = "0.4",
    other_debts: DecimalLike = 0,
    **options: Unpack[SpreadArrearsOptions],
) -> Plan:
    """The arrears in instalments (分期还款): the interest, penalty and fees in arrears
    repaid in equal parts with the next `installments` installments, on top of them.

    The principal outstanding is amortised over the installments not yet due,
    as `restructure` does; what was in arrears bears no further interest.
    Give the number of installments, or size it: the fewest whose largest
    installment is at most `max_payment`, or at most what `income` allows at
    the debt-to-income `ratio` after `other_debts` (`max_installment`).

    Args:
        source: a `Statement`, a `Schedule` (with ``at=``) or a `Plan`.
        installments: the installments that carry the arrears.
        max_payment: size it: the largest installment the borrower can pay.
        income: size it from income per period (with `ratio` and `other_debts`).
        ratio: the share of income all debts may take.
        other_debts: the installments of the borrower's other debts.
        **options: other `restructure` options (a longer `term`...).

    Raises:
        InvalidInputError: not exactly one of `installments`, `max_payment`
            and `income`; more installments than the plan has.
        NoAffordablePlanError: even spread over every installment, the
            largest is above what the borrower can pay.

    Examples:
        Interest-free, 4,000 in four installments of 1,000 from 15 January
        2024, nothing paid; by 20 March the penalty is 19.50 (18% a year on
        overdue principal, ACT/360: 1,000 × 0.18 × 34/360 + 1,000 × 0.18 ×
        5/360). The 4,000 over the two installments not yet due, the penalty
        over the first of them, or over both:

        >>> from reschedule import Loan, PenaltyPolicy, amortize, statement
        >>> account = statement(amortize(Loan(4000, "0", 4, "2024-01-15")), [], "2024-03-20",
        ...                     penalty=PenaltyPolicy(rate="0.18"))
        >>> [str(row.payment) for row in spread_arrears(account, 1)]
        ['2019.50', '2000.00']
        >>> [str(row.payment) for row in spread_arrears(account, max_payment="2010")]
        ['2009.75', '2009.75']
    """
    given = sum(value is not None for value in (installments, max_payment, income))
    if given != 1:
        raise InvalidInputError(
            "spread_arrears needs exactly one of installments, max_payment and income; got "
            + ("none" if not given else f"{given} of them")
        )
    options.setdefault("interest", Treatment.SPREAD)
    options.setdefault("penalty", Treatment.SPREAD)
    options.setdefault("fees", Treatment.SPREAD)
    options.setdefault("reamortize", True)  # the overdue principal too, not due now
    if installments is not None:
        count = whole(installments, "installments", 1)
        plan = restructure(source, spread_over=count, **options)
        return _with_step(plan, source, f"arrears over the next {count} installments")
    if income is not None:
        limit = max_installment(
            income, ratio=ratio, other_debts=other_debts, rounding=contract_rounding(source)
        )
    else:
        limit = to_decimal(max_payment, "max_payment")  # type: ignore[arg-type]
    whole_term = restructure(source, **options)
    rows = len(whole_term) - whole_term.terms.holiday
    for count in range(1, rows + 1):
        plan = restructure(source, spread_over=count, **options)
        if largest_installment(plan) <= limit:
            return _with_step(
                plan,
                source,
                f"arrears over the next {count} installments, the fewest with installments "
                f"of at most {limit}",
            )
    raise NoAffordablePlanError(
        f"the arrears spread over all {rows} installments still need an installment of "
        f"{largest_installment(whole_term)}, above {limit}; lengthen the term (term=...), "
        "or see affordable for other concessions"
    )
