"""Follow-up (跟进落实): is an agreed plan being honoured, and what happens when it is not.

A `Plan` is a `Schedule`, so the servicing replay (`statement`) states it on
any day from the payments made under it. `follow_up` reads that statement
against the agreement's `BreakRule`: the plan is honoured, in arrears within
what the rule allows, broken (and from which day), or completed. When it is
broken, the waiver the plan granted on condition is reinstated: it is owed
again, on top of what the plan still owes, so nothing the borrower paid is
lost and nothing waived disappears. A `FollowUp` is a restructuring source
too: `restructure(follow_up, ...)` renegotiates from its position.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import NamedTuple

from reschedule.conventions import MAX_DAYS, Choice, InvalidInputError, whole
from reschedule.negotiation._plan import Components, Plan, Position
from reschedule.negotiation._restructure import position_of
from reschedule.plans import to_date
from reschedule.servicing import (
    Allocation,
    InterestAccrual,
    Payment,
    PenaltyPolicy,
    Statement,
    statement,
)

__all__ = ["BreakRule", "FollowUp", "PlanStatus", "WaiverRecord", "follow_up", "waiver_history"]


class PlanStatus(Choice, label="plan status"):
    """Where an agreed plan stands on a day."""

    HONOURED = "honoured"
    """Nothing is past due: every installment due so far is paid."""
    IN_ARREARS = "in_arrears"
    """Something is past due, but less than the agreement's rule allows: the
    plan stands, and the arrears are due now."""
    BROKEN = "broken"
    """The agreement's rule was met on `FollowUp.broken_on`: the plan has
    ended, its conditional waiver is owed again, and the account is owed in
    full (to collect, or to renegotiate)."""
    COMPLETED = "completed"
    """Repaid in full without ever being broken: any conditional waiver is final."""


@dataclass(frozen=True, slots=True, init=False)
class BreakRule:
    """When an agreed plan counts as broken (the agreement's default clause).

    A plan is broken on the first day, at its end, when any of the rule's
    triggers holds. An installment is *missed* while its principal,
    interest and scheduled fees are not all paid more than `grace_days`
    after its due date; an installment paid within the grace days counts as
    paid on time.

    Args:
        missed_installments: broken when this many installments are missed
            at once (under an oldest-first allocation, consecutive ones).
            Two by default, the common clause of negotiated instalment plans.
            None: no such trigger.
        days_past_due: broken when an installment is missed for more than this
            many days. None (the default): no such trigger.
        late_installments: broken when this many installments have been
            missed in all, cumulatively, even if each was caught up later.
            None (the default): no such trigger.
        grace_days: days after a due date within which a payment counts as on
            time (0 by default).

    Notes:
        Common rules, each a preset:

        - `BreakRule()`: two installments missed at once.
        - `BreakRule.strict()`: any installment missed (no tolerance;
          with ``grace_days`` as agreed).
        - `BreakRule.china_loan_contract()`: three installments missed in a
          row, or six in all: the acceleration clause of Chinese personal
          loan contracts (连续三期或累计六期未按期还款).

    Examples:
        >>> BreakRule()
        BreakRule(missed_installments=2, days_past_due=None, late_installments=None, grace_days=0)
        >>> BreakRule(days_past_due=30, missed_installments=None, grace_days=5).days_past_due
        30
        >>> BreakRule(missed_installments=None)
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: a break rule needs at least one of missed_installments, \
days_past_due and late_installments; got none
    """

    missed_installments: int | None
    days_past_due: int | None
    late_installments: int | None
    grace_days: int

    def __init__(
        self,
        missed_installments: int | None = 2,
        days_past_due: int | None = None,
        late_installments: int | None = None,
        grace_days: int = 0,
    ) -> None:
        for name, value, low in (
            ("missed_installments", missed_installments, 1),
            ("days_past_due", days_past_due, 0),
            ("late_installments", late_installments, 1),
            ("grace_days", grace_days, 0),
        ):
            if value is None and name != "grace_days":
                object.__setattr__(self, name, None)
                continue
            object.__setattr__(self, name, whole(value, name, low, MAX_DAYS))
        if missed_installments is None and days_past_due is None and late_installments is None:
            raise InvalidInputError(
                "a break rule needs at least one of missed_installments, days_past_due and "
                "late_installments; got none"
            )

    @classmethod
    def strict(cls, grace_days: int = 0) -> BreakRule:
        """Broken as soon as one installment is missed (more than `grace_days` late).

        Examples:
            >>> BreakRule.strict(grace_days=3).missed_installments
            1
        """
        return cls(missed_installments=1, grace_days=grace_days)

    @classmethod
    def china_loan_contract(cls) -> BreakRule:
        """Broken after three installments missed in a row or six missed in all.

        The acceleration clause of Chinese personal loan contracts: 借款人连续
        三期或累计六期未按期足额偿还贷款本息.

        Examples:
            >>> rule = BreakRule.china_loan_contract()
            >>> rule.missed_installments, rule.late_installments
            (3, 6)
        """
        return cls(missed_installments=3, late_installments=6)


class WaiverRecord(NamedTuple):
    """What one agreed plan waived, and what became of it.

    Attributes:
        agreed: the day the plan starts.
        waived: what the plan waived, by component.
        conditional: the waiver depended on the plan being honoured.
        reinstated: what of it was owed again when the plan was broken
            (zero while the plan stands or if it was honoured).
        status: the plan's status when last followed up, or None if it never
            was (the plan in force).
    """

    agreed: date
    waived: Components
    conditional: bool
    reinstated: Components
    status: PlanStatus | None


@dataclass(frozen=True, slots=True, eq=False)
class FollowUp:
    """An agreed plan followed up on a day: build it with `follow_up`.

    Attributes:
        plan: the agreed plan.
        as_of: the day of the follow-up (the position at its end).
        rule: the agreement's break rule.
        statement: the plan's statement on `as_of`: the replay of the payments
            made under it (penalty and allocation as the agreement says).
        status: honoured, in arrears, broken or completed.
        broken_on: the day the plan was broken, or None.
        missed: installments missed (past the grace days) on `as_of`.
        late: installments missed at some time up to `as_of`, caught up or not.
        reinstated: the conditional waiver owed again because the plan was
            broken, by component (zero otherwise).
        owed: everything owed on `as_of`, by component: what the plan still
            owes (arrears, principal not yet due, interest accrued to date,
            penalty, fees) plus what was reinstated.
        due_now: what is due on `as_of`: the plan's arrears, or, once it is
            broken, everything owed.
        waived: the waiver that stands (the plan's, less what was reinstated).
        waiver_final: the waiver can no longer be reinstated: it was
            unconditional, or the plan was completed.
        position: the position a renegotiation starts from (internal).
    """

    plan: Plan
    as_of: date
    rule: BreakRule
    statement: Statement
    status: PlanStatus
    broken_on: date | None
    missed: int
    late: int
    reinstated: Components
    owed: Components
    due_now: Components
    waived: Components
    waiver_final: bool
    position: Position = field(repr=False)

    @property
    def installments(self) -> int:
        """The plan's installments."""
        return len(self.plan)

    @property
    def installments_paid(self) -> int:
        """The installments paid in full (principal, interest and scheduled fees)."""
        return sum(
            1
            for status, row in zip(self.statement.installments, self.plan, strict=True)
            if status.paid_on is not None or (not row.payment and status.due_date <= self.as_of)
        )

    @property
    def paid(self) -> Decimal:
        """All that was paid under the plan up to `as_of` (its down payment aside)."""
        rounding = self.plan.rounding
        return rounding.from_units(rounding.to_units(self.statement.total_paid, "paid"))

    @property
    def days_past_due(self) -> int:
        """Days past due of the oldest installment not paid (grace days included)."""
        return self.statement.days_past_due

    @property
    def next_due(self) -> tuple[date, Decimal] | None:
        """The next installment falling due after `as_of` and what it owes, or None."""
        for status in self.statement.installments:
            if status.due_date > self.as_of and status.outstanding.total > 0:
                return status.due_date, status.outstanding.total
        return None

    @property
    def waivers(self) -> tuple[WaiverRecord, ...]:
        """The history of waivers: every plan of the chain that led here, oldest first."""
        return waiver_history(self)

    def _inputs(self) -> tuple[object, ...]:
        replay = self.statement
        return (
            self.as_of,
            self.rule,
            replay.payments,
            replay.penalty,
            replay.allocation,
            replay.interest_accrual,
        )

    def __eq__(self, other: object) -> bool:
        """Follow-ups of equal plans with the same inputs are equal."""
        if not isinstance(other, FollowUp):
            return NotImplemented
        return self._inputs() == other._inputs() and self.plan == other.plan

    def __hash__(self) -> int:
        return hash((self.as_of, self.rule, len(self.plan)))

    def __repr__(self) -> str:
        broken = f" on {self.broken_on}" if self.broken_on else ""
        return (
            f"<FollowUp as of {self.as_of}: {self.status.value}{broken}, "
            f"{self.installments_paid} of {self.installments} installments paid, "
            f"due now {self.due_now.total}, owed {self.owed.total}, "
            f"reinstated {self.reinstated.total}>"
        )


def _difference(left: Components, right: Components) -> Components:
    return Components(**{n: getattr(left, n) - getattr(right, n) for n in Components.NAMES})


def follow_up(
    plan: Plan,
    payments: Iterable[Payment],
    as_of: date | str,
    *,
    rule: BreakRule | None = None,
    penalty: PenaltyPolicy | None = None,
    allocation: Allocation | str | None = None,
    interest_accrual: InterestAccrual | str = InterestAccrual.ON_DUE_DATES,
) -> FollowUp:
    """Follow up an agreed plan: replay the payments made under it and judge it by its rule.

    跟进落实. The payments are replayed against the plan's installments with
    `statement` (a down payment is taken as made when the plan was agreed).
    The plan is broken on the first day its `rule` holds; once broken it
    stays broken, whatever is paid later. A broken plan's conditional waiver
    is reinstated by component and everything owed is due; a plan repaid in
    full without being broken makes its waiver final.

    Args:
        plan: the agreed plan (from `restructure` or any operation).
        payments: the payments made under it; those after `as_of` are left out.
        as_of: the day of the follow-up.
        rule: when the plan counts as broken; `BreakRule()` (two installments
            missed at once) by default.
        penalty: the penalty the agreement charges on missed installments, or
            None (the default: none).
        allocation: how payments are applied (`Allocation.STANDARD` by default).
        interest_accrual: whether what is owed holds interest accrued to
            `as_of` (see `statement`).

    Returns:
        The follow-up: the status, from when it was broken, what is due now,
        what is owed, what was reinstated, and how much of the plan is done.

    Raises:
        InvalidInputError: `plan` is not a `Plan`, `rule` is not a
            `BreakRule`, a payment is dated before the plan starts, or
            `as_of` is.

    Examples:
        An interest-free loan of 4,000 in four monthly installments, nothing
        paid; by 20 March two installments are overdue and penalty at 18% a
        year (ACT/360) has run on them: 1,000 × 0.18 × 34/360 = 17.00 since
        15 February and 1,000 × 0.18 × 5/360 = 2.50 since 15 March. The
        penalty is waived on condition and the 4,000 re-aged over four new
        installments; two are paid, then two are missed:

        >>> from reschedule import Loan, Payment, PenaltyPolicy, amortize, reage, statement, waive
        >>> account = statement(amortize(Loan(4000, "0", 4, "2024-01-15")), [], "2024-03-20",
        ...                     penalty=PenaltyPolicy(rate="0.18"))
        >>> account.arrears.penalty
        Decimal('19.50')
        >>> plan = reage(waive(account, penalty="all", conditional=True), 4)
        >>> [(str(row.due_date), str(row.payment)) for row in plan][:2]
        [('2024-04-15', '1000.00'), ('2024-05-15', '1000.00')]
        >>> paid = [Payment(row.due_date, row.payment) for row in plan[:2]]
        >>> follow_up(plan, paid, "2024-05-20").status
        <PlanStatus.HONOURED: 'honoured'>
        >>> follow_up(plan, paid, "2024-06-20").status
        <PlanStatus.IN_ARREARS: 'in_arrears'>

        The second missed installment breaks it the day after it falls due,
        and the penalty waived is owed again:

        >>> later = follow_up(plan, paid, "2024-07-20")
        >>> later.status, later.broken_on
        (<PlanStatus.BROKEN: 'broken'>, datetime.date(2024, 7, 16))
        >>> later.reinstated.penalty, later.owed.total, later.due_now.total
        (Decimal('19.50'), Decimal('2019.50'), Decimal('2019.50'))
    """
    if not isinstance(plan, Plan):
        raise InvalidInputError(
            f"follow_up takes the agreed Plan (from restructure or an operation); "
            f"got {type(plan).__name__}"
        )
    rule = BreakRule() if rule is None else rule
    if not isinstance(rule, BreakRule):
        raise InvalidInputError(
            f"rule must be a BreakRule; got {type(rule).__name__} {rule!r} "
            "(BreakRule(missed_installments=2), BreakRule.strict(), ...)"
        )
    day = to_date(as_of, "as_of")
    if day < plan.terms.start:
        raise InvalidInputError(
            f"as_of must not be before the plan starts on {plan.terms.start}; got {day}"
        )
    replay = statement(
        plan,
        payments,
        day,
        penalty=penalty,
        allocation=allocation,
        interest_accrual=interest_accrual,
    )
    broken_on, missed, late = _judge(plan, replay, rule, day)
    standing = position_of(replay)
    if broken_on is not None:
        status = PlanStatus.BROKEN
        reinstated = plan.conditional_waiver
    else:
        reinstated = Components()
        if replay.is_settled:
            status = PlanStatus.COMPLETED
        elif replay.days_past_due:
            status = PlanStatus.IN_ARREARS
        else:
            status = PlanStatus.HONOURED
    owed = standing.owed + reinstated
    due_now = owed if broken_on is not None else replay.arrears
    position = dataclasses.replace(standing, owed=owed)
    return FollowUp(
        plan=plan,
        as_of=day,
        rule=rule,
        statement=replay,
        status=status,
        broken_on=broken_on,
        missed=missed,
        late=late,
        reinstated=reinstated,
        owed=owed,
        due_now=due_now,
        waived=_difference(plan.waived, reinstated),
        waiver_final=not plan.terms.conditional or status is PlanStatus.COMPLETED,
        position=position,
    )


def _judge(
    plan: Plan, replay: Statement, rule: BreakRule, as_of: date
) -> tuple[date | None, int, int]:
    """The day the rule first held (or None), and the missed and late counts on `as_of`.

    The replay is causal (a payment is applied from what was known on its
    day), so each installment's `paid_on` in the final statement is the day
    it was paid in full in every earlier statement too. An installment due on
    D is missed at the end of day d when ``d - D > grace_days`` and it was not
    paid in full by d. The counts only grow on the day after a grace or a
    days-past-due limit ends, so those days are the only ones to examine.
    """
    grace = rule.grace_days
    # (due, paid_on) of the installments that were ever missed (paid after the grace, or not)
    ever: list[tuple[date, date | None]] = []
    for status, row in zip(replay.installments, plan, strict=True):
        if not row.payment:  # a holiday installment owes nothing
            continue
        limit = status.due_date + timedelta(days=grace)
        if limit < as_of and (status.paid_on is None or status.paid_on > limit):
            ever.append((status.due_date, status.paid_on))

    def counts(day: date) -> tuple[int, int, int]:
        missed = late = oldest = 0
        for due, paid_on in ever:
            if (day - due).days <= grace:
                continue
            late += 1
            if paid_on is None or paid_on > day:
                missed += 1
                oldest = max(oldest, (day - due).days)
        return missed, late, oldest

    def holds(day: date) -> bool:
        missed, late, oldest = counts(day)
        return (
            (rule.missed_installments is not None and missed >= rule.missed_installments)
            or (rule.late_installments is not None and late >= rule.late_installments)
            or (rule.days_past_due is not None and oldest > rule.days_past_due)
        )

    candidates = {due + timedelta(days=grace + 1) for due, _ in ever}
    if rule.days_past_due is not None:
        candidates.update(due + timedelta(days=rule.days_past_due + 1) for due, _ in ever)
    broken_on = next((day for day in sorted(candidates) if day <= as_of and holds(day)), None)
    missed, late, _ = counts(as_of)
    return broken_on, missed, late


def waiver_history(source: object) -> tuple[WaiverRecord, ...]:
    """The waivers of every plan in the chain behind `source`, oldest first.

    A plan made from a `FollowUp` (a renegotiation) has that follow-up as its
    origin; the chain is walked back through them.

    Args:
        source: a `Plan` or a `FollowUp`.

    Examples:
        >>> from reschedule import Loan, amortize, waive
        >>> plan = waive(amortize(Loan(1200, "0.12", 12, "2024-01-15")), principal="10%")
        >>> [(record.waived.principal, record.conditional) for record in waiver_history(plan)]
        [(Decimal('120.00'), False)]
    """
    records: list[WaiverRecord] = []
    current: object = source
    while True:
        if isinstance(current, FollowUp):
            plan = current.plan
            records.append(
                WaiverRecord(
                    plan.terms.start,
                    plan.waived,
                    plan.terms.conditional,
                    current.reinstated,
                    current.status,
                )
            )
        elif isinstance(current, Plan):
            plan = current
            records.append(
                WaiverRecord(
                    plan.terms.start, plan.waived, plan.terms.conditional, Components(), None
                )
            )
        else:
            if not records:
                raise InvalidInputError(
                    f"waiver_history takes a Plan or a FollowUp; got {type(source).__name__}"
                )
            break
        current = plan.origin
    return tuple(reversed(records))
