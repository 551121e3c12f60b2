"""The affordable plan: the least concession that fits a borrower's maximum installment."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

from reschedule.conventions import (
    EXACT,
    Choice,
    DecimalLike,
    InvalidInputError,
    RescheduleError,
    as_given,
    to_decimal,
    to_rate,
)
from reschedule.negotiation._plan import Components, Plan, Treatment
from reschedule.negotiation._restructure import restructure
from reschedule.plans import whole

__all__ = ["NoAffordablePlanError", "Step", "affordable", "largest_installment"]


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
    """Set principal aside without interest until maturity, no more than needed."""


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


def affordable(
    source: Any,
    max_payment: DecimalLike,
    *,
    max_term: int = 480,
    rate_floor: DecimalLike = 0,
    rate_step: DecimalLike = "0.0001",
    steps: Iterable[Step | str] = DEFAULT_STEPS,
    **options: Any,
) -> Plan:
    """The plan that fits `max_payment` with the least concession for the lender.

    Starting from the account as it is (the remaining term, the contract
    rate, everything owed due now), it tries the steps in order, each only as
    far as needed, and stops at the first plan whose every installment is at
    most `max_payment` (what is deferred to maturity not counted): the US
    Flex Modification waterfall, with a configurable order.

    Args:
        source: a `Statement` (or a `Schedule`/`Plan`, as for `restructure`).
        max_payment: the largest installment the borrower can pay (see
            `max_installment`).
        max_term: the longest term the lender allows (480 months in Flex
            Modification).
        rate_floor: the lowest rate the lender allows.
        rate_step: the granularity of rate reductions.
        steps: the concessions, in the order to try them.
        **options: other `restructure` options for the starting plan.

    Returns:
        The plan; its `steps` say which concessions were made and how far.

    Raises:
        NoAffordablePlanError: no plan within the limits fits; the message
            gives the smallest installment reached.

    References:
        Fannie Mae Servicing Guide D2-3.2-07, Flex Modification: capitalise
        arrearages, extend the term to 480 months, reduce the rate, then
        forbear principal.

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
    granularity = to_decimal(rate_step, "rate_step")
    if granularity <= 0:
        raise InvalidInputError(f"rate_step must be positive; got {granularity}")
    whole(max_term, "max_term", 1)
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

    for step in order:
        if fits(plan):
            break
        plan, word = _apply(step, plan, fits, max_term, floor, granularity)
        if word:
            used.append(word)
    if not fits(plan):
        raise NoAffordablePlanError(
            f"no plan within the limits fits an installment of {limit}: with "
            f"{', '.join(s.value for s in order) or 'no steps'}, the smallest installment "
            f"reached is {largest_installment(plan)} (max_term {max_term}, rate_floor {floor})"
        )
    return _with_steps(plan, used)


def _with_steps(plan: Plan, used: Sequence[str]) -> Plan:
    import dataclasses

    return dataclasses.replace(plan, steps=tuple(used))


def _apply(
    step: Step,
    plan: Plan,
    fits: Callable[[Plan], bool],
    max_term: int,
    floor: Decimal,
    granularity: Decimal,
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
        term = _least(terms.term + 1, max_term, lambda n: fits(restructure(plan, term=n)))
        return restructure(plan, term=term), f"extend_term to {term} installments"
    if step is Step.LOWER_RATE:
        if terms.annual_rate <= floor:
            return plan, ""
        steps_down = int(
            EXACT.divide(EXACT.subtract(terms.annual_rate, floor), granularity).to_integral_value()
        )

        def rate(k: int) -> Decimal:
            return max(floor, EXACT.subtract(terms.annual_rate, EXACT.multiply(granularity, k)))

        k = _least(1, steps_down, lambda k: fits(restructure(plan, annual_rate=as_given(rate(k)))))
        return restructure(plan, annual_rate=as_given(rate(k))), f"lower_rate to {rate(k)}"
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

        units = _least(1, room, lambda u: fits(waived(u)))
        return waived(units), f"{step.value} {plan.rounding.from_units(units)}"
    # FORBEAR_PRINCIPAL: only principal still owed, and never all the new principal
    base = terms.forborne
    principal_left = EXACT.subtract(owed.principal, EXACT.add(terms.waived.principal, base))
    room = min(
        plan.rounding.to_units(plan.principal, "principal") - 1,
        plan.rounding.to_units(principal_left, "principal"),
    )
    if room <= 0:
        return plan, ""

    def forborne(units: int) -> Plan:
        return restructure(plan, forbear=EXACT.add(base, plan.rounding.from_units(units)))

    units = _least(1, room, lambda u: fits(forborne(u)))
    return forborne(units), f"forbear_principal {plan.rounding.from_units(units)}"


def _least(low: int, high: int, good: Callable[[int], bool]) -> int:
    """The least k in [low, high] with good(k) (good is monotone), or high if none is."""
    if not good(high):
        return high
    while low < high:
        middle = (low + high) // 2
        if good(middle):
            high = middle
        else:
            low = middle + 1
    return low
