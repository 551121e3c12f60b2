"""The affordable plan: the least concession that fits a borrower's maximum installment."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from reschedule.conventions import (
    EXACT,
    Choice,
    DecimalLike,
    InvalidInputError,
    RescheduleError,
    as_given,
    to_decimal,
    to_rate,
    to_share,
)
from reschedule.negotiation._plan import Components, Plan, Treatment
from reschedule.negotiation._restructure import (
    RestructureOptions,
    Source,
    position_of,
    restructure,
)
from reschedule.plans import Method, whole

__all__ = [
    "AffordableOptions",
    "NoAffordablePlanError",
    "Step",
    "affordable",
    "default_max_term",
    "largest_installment",
]


class NoAffordablePlanError(RescheduleError):
    """No plan within the limits fits the borrower's maximum installment."""

    __module__ = "reschedule"  # raised as reschedule.NoAffordablePlanError, wherever it is defined


class Step(Choice):
    """A concession `affordable` may make, in the order it tries them."""

    CAPITALIZE_ARREARS = "capitalize_arrears"
    """Add the owed interest, penalty and fees to the principal."""
    EXTEND_TERM = "extend_term"
    """Lengthen the term, up to `max_term`, no further than needed."""
    LOWER_RATE = "lower_rate"
    """Lower the rate, down to `rate_floor`, no further than needed."""
    WAIVE_PENALTY = "waive_penalty"
    """Waive the penalty owed, no more than needed."""
    WAIVE_INTEREST = "waive_interest"
    """Waive the interest owed, no more than needed."""
    FORBEAR_PRINCIPAL = "forbear_principal"
    """Set principal aside without interest until maturity, no more than needed
    (and no more than `max_forbearance` of the principal owed)."""


class _Limits(TypedDict, total=False):
    max_term: int | None
    rate_floor: DecimalLike
    rate_step: DecimalLike
    max_forbearance: str
    steps: Iterable[Step | str]


class AffordableOptions(RestructureOptions, _Limits, total=False):
    """The options of `affordable` but the installment: its limits and the
    `restructure` options of the starting plan, each optional (a misspelt one is a
    type error)."""


WORK_BUDGET = 200_000
"""The most installments `affordable` computes over all the plans it tries: a few
seconds of work. At the common terms (up to 480) it is never reached."""

DEFAULT_STEPS = tuple(Step)
"""The US Flex Modification waterfall's order: capitalise, extend, lower the rate,
then waive penalty and interest, and last forbear principal."""


def largest_installment(plan: Plan) -> Decimal:
    """The largest installment of a plan, not counting what is deferred to maturity.

    A deferred or forborne balance is due at maturity (or on payoff), as in the
    US deferral and forbearance programmes; it is not part of the installment
    a borrower must afford each period.

    Examples:
        >>> from reschedule import Loan, amortize, restructure
        >>> plan = restructure(amortize(Loan(1200, "0.12", 12, "2024-01-15")), forbear=600)
        >>> largest_installment(plan), plan[-1].payment
        (Decimal('53.32'), Decimal('653.32'))
    """
    table, rounding = plan.table, plan.rounding  # the columns: no rows built
    fees = table.fee or itertools.repeat(0)
    units = [sum(parts) for parts in zip(table.principal, table.interest, fees, strict=False)]
    units[-1] -= rounding.to_units(plan.deferred.total, "deferred")
    return rounding.from_units(max(units))


def _regular_bound(plan: Plan) -> Decimal:
    """The largest installment but the last: a lower bound of `largest_installment`
    that never rises with the term, nor as the rate or the principal falls (the last
    installment, which absorbs the rounding residual, need not)."""
    table, rounding = plan.table, plan.rounding  # the columns: no rows built
    fees = table.fee or itertools.repeat(0)
    units = [sum(parts) for parts in zip(table.principal, table.interest, fees, strict=False)]
    return rounding.from_units(max(units[:-1], default=0))


def default_max_term(source: Any, at: int | None = None) -> int:
    """The longest term `affordable` offers unless told otherwise: the installments
    not yet due plus five years of installments (60 for a monthly loan).

    A plan then ends at most five years after the contract's maturity: the
    negotiated personal instalment plan of Chinese card rules (up to five years,
    the 停息挂账 norm). A mortgage modification (Fannie Mae Flex Modification:
    480 months) passes `max_term` explicitly.

    Examples:
        >>> from reschedule import Loan, amortize
        >>> default_max_term(amortize(Loan(12_000, "0.12", 24, "2024-01-15")), at=5)
        80
    """
    position = source.position if isinstance(source, Plan) else position_of(source, at)
    years = int(5 * position.loan.frequency.per_year)  # whole periods in five years
    return max(position.remaining, 1) + max(years, 1)


def affordable(
    source: Source,
    max_payment: DecimalLike,
    *,
    max_term: int | None = None,
    rate_floor: DecimalLike = 0,
    rate_step: DecimalLike = "0.0001",
    max_forbearance: str = "30%",
    steps: Iterable[Step | str] = DEFAULT_STEPS,
    **options: Unpack[RestructureOptions],
) -> Plan:
    """The plan that fits `max_payment` with the least concession for the lender.

    Starting from the account as it stands (the contract: the arrears due
    now, the remaining installments unchanged), it tries the steps in order,
    each only as far as needed, and stops at the first plan whose every
    installment is at most `max_payment` (what is deferred to maturity not
    counted): the US Flex Modification waterfall, with a configurable order.
    A step that cannot fit alone goes as far as allowed, and the next step
    starts from there.

    "As far as needed" is exact: the least term, the smallest rate cut (in
    `rate_step`s), the least waiver or forbearance (in minor units) whose plan
    truly fits, although the largest installment is not monotonic in any of
    them (the last installment absorbs the rounding residual, and can exceed
    the regular one). With ``no_payment_shock=True`` (a `restructure`
    option) the level installment is rounded up so the last is never larger.

    Args:
        source: a `Statement` (or a `Schedule`/`Plan`, as for `restructure`).
        max_payment: the largest installment the borrower can pay (see
            `max_installment`).
        max_term: the longest term the lender allows; by default
            `default_max_term`: the installments not yet due plus five years.
        rate_floor: the lowest rate the lender allows.
        rate_step: the granularity of rate reductions.
        max_forbearance: the most principal that may be forborne, as a share
            of the principal owed (``"30%"``, the Flex Modification limit).
        steps: the concessions, in the order to try them.
        **options: other `restructure` options for the starting plan.

    Returns:
        The plan; its `steps` say which concessions were made and how far.

    Raises:
        NoAffordablePlanError: no plan within the limits fits; the message
            gives the smallest installment reached and the limits to relax.

    References:
        Fannie Mae Servicing Guide D2-3.2-07, Flex Modification: capitalise
        arrearages, extend the term (to 480 months for a mortgage), reduce the
        rate, then forbear principal (at most 30% of the modified balance).

    Examples:
        >>> from reschedule import Loan, amortize, affordable
        >>> schedule = amortize(Loan(12_000, "0.12", 12, "2024-01-15"))
        >>> plan = affordable(schedule, 600, at=4)
        >>> plan.payment <= 600, plan.steps
        (True, ('extend_term to 17 installments',))
    """
    limit = to_decimal(max_payment, "max_payment")
    if limit <= 0:
        raise InvalidInputError(f"max_payment must be positive; got {limit}")
    floor = to_rate(rate_floor, "rate_floor")
    granularity = to_rate(rate_step, "rate_step")  # 0.0001 or "0.01%"
    if granularity <= 0:
        raise InvalidInputError(f"rate_step must be positive; got {granularity}")
    longest = (
        default_max_term(source, options.get("at"))
        if max_term is None
        else whole(max_term, "max_term", 1)
    )
    forbearance = to_share(max_forbearance, "max_forbearance")
    order = [Step.parse(step) for step in steps]
    if len(set(order)) != len(order):
        raise InvalidInputError(f"steps must not repeat; got {[s.value for s in order]}")

    plan = restructure(source, **options)
    used: list[str] = []

    rows = [0]  # the work done so far: rows of the plans tried

    def fits(candidate: Plan) -> bool:
        rows[0] += len(candidate)
        if rows[0] > WORK_BUDGET:
            raise InvalidInputError(
                f"affordable tries plans of at most {WORK_BUDGET} installments in all; got "
                f"plans of {len(candidate)} installments that would need more (lower "
                f"max_term {max_term} or coarsen rate_step {granularity})",
                code="too_much_work",
            )
        return largest_installment(candidate) <= limit

    def could_fit(candidate: Plan) -> bool:
        return _regular_bound(candidate) <= limit

    for step in order:
        if fits(plan):
            break
        plan, word = _apply(step, plan, fits, could_fit, longest, floor, granularity, forbearance)
        if word:
            used.append(word)
    if not fits(plan):
        raise NoAffordablePlanError(
            f"no reasonable plan fits an installment of {limit}: with "
            f"{', '.join(s.value for s in order) or 'no steps'}, the smallest installment "
            f"reached is {largest_installment(plan)} (max_term {longest}, rate_floor {floor}, "
            f"max_forbearance {max_forbearance}); relax a limit, or offer a settlement"
        )
    kept = source.steps if isinstance(source, Plan) else ()  # a chain keeps its steps
    return dataclasses.replace(plan, steps=(*kept, *used))


def _apply(
    step: Step,
    plan: Plan,
    fits: Callable[[Plan], bool],
    could_fit: Callable[[Plan], bool],
    max_term: int,
    floor: Decimal,
    granularity: Decimal,
    forbearance: Decimal,
) -> tuple[Plan, str]:
    """Apply one step as far as needed (or as far as allowed); say what was done."""
    terms, owed = plan.terms, plan.owed
    if step is Step.CAPITALIZE_ARREARS:
        kept = [
            name
            for name in Components.NAMES[1:]  # every component but principal
            if getattr(owed, name) > getattr(terms.waived, name)
            and getattr(terms, name) is not Treatment.CAPITALIZE
        ]
        if not kept:
            return plan, ""
        changes: dict[str, Any] = dict.fromkeys(kept, Treatment.CAPITALIZE)
        return restructure(plan, **changes), f"capitalize_arrears ({', '.join(kept)})"
    if step is Step.EXTEND_TERM:
        if terms.term >= max_term:
            return plan, ""

        def longer(n: int) -> Plan:
            return restructure(plan, term=n)

        term = _least(
            terms.term + 1,
            max_term,
            longer,
            fits,
            could_fit,
            lambda candidate: _shape(candidate, term_step=True),
        )
        return longer(term), f"extend_term to {term} installments"
    if step is Step.LOWER_RATE:
        if terms.annual_rate <= floor:
            return plan, ""
        steps_down = int(
            EXACT.divide(EXACT.subtract(terms.annual_rate, floor), granularity).to_integral_value(
                "ROUND_CEILING"
            )
        )

        def rate(k: int) -> Decimal:
            return max(floor, EXACT.subtract(terms.annual_rate, EXACT.multiply(granularity, k)))

        def lower(k: int) -> Plan:
            return restructure(plan, annual_rate=as_given(rate(k)))

        k = _least(1, steps_down, lower, fits, could_fit)
        return lower(k), f"lower_rate to {rate(k)}"
    if step in (Step.WAIVE_PENALTY, Step.WAIVE_INTEREST):
        name = "penalty" if step is Step.WAIVE_PENALTY else "interest"
        already = getattr(terms.waived, name)
        room = plan.rounding.to_units(EXACT.subtract(getattr(owed, name), already), name)
        if room <= 0:
            return plan, ""

        def waived(units: int) -> Plan:
            amounts = terms.waived.as_dict()
            amounts[name] = EXACT.add(already, plan.rounding.from_units(units))
            return restructure(plan, waive=amounts)

        units = _least(1, room, waived, fits, could_fit)
        return waived(units), f"{step.value} {plan.rounding.from_units(units)}"
    # FORBEAR_PRINCIPAL: only principal still owed, never all the new principal, and
    # at most the allowed share of the principal owed
    base = terms.forborne
    principal_left = EXACT.subtract(owed.principal, EXACT.add(terms.waived.principal, base))
    allowed = EXACT.subtract(EXACT.multiply(owed.principal, forbearance), base)
    units_of = plan.rounding.to_units
    room = min(
        units_of(plan.principal, "principal") - 1,
        units_of(principal_left, "principal"),
        int(allowed.scaleb(plan.rounding.places, EXACT).to_integral_value("ROUND_FLOOR")),
    )
    if room <= 0:
        return plan, ""

    def forborne(units: int) -> Plan:
        return restructure(plan, forbear=EXACT.add(base, plan.rounding.from_units(units)))

    units = _least(1, room, forborne, fits, could_fit)
    return forborne(units), f"forbear_principal {plan.rounding.from_units(units)}"


def _shape(plan: Plan, *, term_step: bool = False) -> tuple[object, ...] | None:
    """What the plan's rounding fixed: its level (the level installment of an
    annuity, with any equal part of what is spread; the principal part of an
    equal-principal, flat or interest-only plan) and the other amounts of every
    row but the last (what is due now, the equal parts of what is spread). None
    where a run of equal shapes is not known to be monotone.

    Between two candidates of one step with the same shape, the largest
    installment never rises as the concession grows: with the level fixed, a
    lower rate, a smaller principal or a smaller amount spread leaves every
    balance and every interest no higher, so the last installment, which takes
    what is left, is no larger (each unit forborne, added to the last, lowers what
    the level leaves by at least a unit). Only a change of level moves the
    residual up. For a longer term that holds when every period accrues the same
    fraction of a year (the 30/360 family, no odd first period): one more period
    at the same level then takes a level off the last installment and adds at
    most the interest a regular period bears.
    """
    table, term = plan.table, plan.terms.term
    if term_step and len(set(table.fraction[len(table.fraction) - term :])) != 1:
        return None
    if term <= 1 or term > len(table.principal):  # one amortised row: it takes all
        level = 0
    elif plan.loan.method in (Method.ANNUITY, Method.BALLOON):
        level = table.regular_payment
    else:  # the principal part of the amortised rows (the last takes the rest)
        level = table.principal[-term]
    return (level, tuple(table.fee[:-1]) if table.fee else ())


def _least(
    low: int,
    high: int,
    make: Callable[[int], Plan],
    fits: Callable[[Plan], bool],
    could_fit: Callable[[Plan], bool],
    shape: Callable[[Plan], object | None] = _shape,
) -> int:
    """The least k in [low, high] whose plan fits, or `high` (as far as allowed) if
    none does.

    `could_fit` is monotone (false, then true): bisect for the least k where it
    holds; no smaller k fits. From there the largest installment is not monotone
    in k (the last installment absorbs the rounding residual), but it is within a
    run of candidates of the same `shape` (its level and equal parts), and the
    shape changes monotonically with k. So the search walks the runs: in each, it
    gallops to the run's end over candidates that do not fit (a candidate that
    does not fit has none before it in its run that fits) and bisects the stretch
    where one first fits. Its cost grows with the number of levels passed, times
    the logarithm of a run's length, not with the number of candidates.
    """
    cache: dict[int, Plan] = {}

    def plan_at(k: int) -> Plan:
        if k not in cache:
            cache[k] = make(k)
        return cache[k]

    if not could_fit(plan_at(high)):
        return high  # nothing fits: as far as allowed
    lo, hi = low, high
    while lo < hi:
        middle = (lo + hi) // 2
        if could_fit(plan_at(middle)):
            hi = middle
        else:
            lo = middle + 1
    k = lo
    while k <= high:
        if fits(plan_at(k)):
            return k
        key = shape(plan_at(k))
        done, stride = k, 1  # no candidate in [k, done] fits
        while key is not None and done < high:
            j = min(done + stride, high)
            if shape(plan_at(j)) != key:  # the run ends before j
                if stride == 1:
                    break
                stride //= 2
                continue
            if fits(plan_at(j)):  # the least that fits is in (done, j]: bisect the run
                lo, hi = done + 1, j
                while lo < hi:
                    middle = (lo + hi) // 2
                    if fits(plan_at(middle)):
                        hi = middle
                    else:
                        lo = middle + 1
                return lo
            done, stride = j, stride * 2
        k = done + 1
    return high  # nothing fits: as far as allowed
