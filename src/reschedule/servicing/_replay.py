"""The servicing engine: payments replayed against a schedule, in minor units.

Internal to `statement`, which validates the inputs and turns the result into
Decimals. Everything here is whole minor units (ints) and exact rationals.

Cost: each payment visits the installments it pays in full plus one (a
horizontal waterfall), or, in a vertical one, the installments it pays
anything, found by a pointer per component past the installments that owe
none of it and, for the charges (penalty and late fees), by a queue of the
installments that owe some and a queue of the days on which an installment's
charges next grow. Penalty accrues per installment interval by interval in
closed form, the intervals split only where its base changes (its own
payments), so an installment's charges do not depend on when other payments
look at it. A prepayment that recomputes the plan recomputes its rows
lazily, as they are reached. So a replay costs O((installments + payments +
ledger lines) × log installments).

A plan's rows may repay arrears besides their own amounts (what was due
when the plan was made, spread or deferred: the `parts` of its table, by
component). Each row then owes, of each component, its arrears and its own
amount: fee arrears are its scheduled fees (paid before late fees, as ever);
principal, interest and penalty arrears are kept apart from the row's own
principal, interest and charged penalty. A payment pays a component where
the waterfall's order puts it, and within it the arrears first (they are the
older debt), then the row's own amount: so with the standard order a row
pays penalty arrears, penalty charged, fee arrears, late fees, interest
arrears, interest, principal arrears, principal. The arrears grow nothing
new of their own: they count in a penalty or late fee's base only where the
base is the overdue total, as scheduled fees do, and principal arrears are
not in the balance that bears interest. The result states every amount under
its component: a row's arrears of interest are in its interest, and so on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from heapq import heappop, heappush
from itertools import accumulate
from operator import add, sub
from typing import NamedTuple

from reschedule.conventions import (
    DayCount,
    Rounding,
    RoundingMode,
    divide,
    fraction_parts,
    integer_ratio,
    rounding_terms,
)
from reschedule.plans import (
    COMPONENT_NAMES,
    Component,
    Method,
    Schedule,
    periodic_rate,
    regular_units,
    split_rows,
)
from reschedule.servicing._allocation import Allocation, Excess, Waterfall
from reschedule.servicing._penalty import ChargeFrom, PenaltyBase, PenaltyPolicy

__all__ = ["PRINCIPAL", "INTEREST", "FEES", "PENALTY", "COMPONENTS", "Replay", "ReplayResult"]

# the index of each component in `Amounts` (and in the replay's ledger lines)
PRINCIPAL, INTEREST, FEES, PENALTY = map(COMPONENT_NAMES.index, COMPONENT_NAMES)
COMPONENTS = tuple(Component(name) for name in COMPONENT_NAMES)
_INDEX = {component: index for index, component in enumerate(COMPONENTS)}
_NEVER = date.max.toordinal() + 1
_LAST_DAY = date.max.toordinal()
_SCHEDULED = len(COMPONENT_NAMES)  # the queue of scheduled fees (charges_last's first pass)
_ACTUAL = frozenset({DayCount.ACT_360, DayCount.ACT_365F})
_ORDINAL = date.toordinal
# enum members as plain names: a member read from its class costs as much as a
# payment's arithmetic (the replay's loops compare with them)
_CREDIT, _NEXT_INSTALLMENT = Excess.CREDIT, Excess.NEXT_INSTALLMENT
_VERTICAL, _FLAT, _LEVEL = Waterfall.VERTICAL, Method.FLAT, (Method.ANNUITY, Method.BALLOON)
_HALF_EVEN = RoundingMode.HALF_EVEN
_BASE_KIND = {
    PenaltyBase.OVERDUE_PRINCIPAL_AND_INTEREST: 1,
    PenaltyBase.OVERDUE_TOTAL: 2,
}


class CompiledPenalty:
    """A `PenaltyPolicy` for a rounding, in minor units and integer ratios, shared
    by the replays of every loan with them. What depends on the loan (the rate
    for its contract rate, its maturity, the total cap on its principal) is the
    replay's."""

    __slots__ = (
        "actual",
        "allow_den",
        "annual",
        "base",
        "base_kind",
        "cap_installment",
        "cap_total",
        "compound",
        "day_count",
        "day_den",
        "fee",
        "fee_base",
        "fee_max",
        "fee_min",
        "fee_rate",
        "fee_tiers",
        "from_due",
        "grace",
        "matured",
        "mode",
        "policy",
        "rates",
        "stop_after",
        "stop_date",
    )

    def __init__(self, policy: PenaltyPolicy, rounding: Rounding) -> None:
        self.policy = policy
        self.mode = rounding.mode
        self.rates: dict[Decimal, tuple[int, tuple[int, int, int]]] = {}
        self.day_count = policy.day_count
        self.actual = policy.day_count in _ACTUAL
        day = date(2000, 1, 1)
        day_den = self.day_den = fraction_parts(day, day, policy.day_count)[1]
        self.base = policy.base
        # the base as a number, for the accrual's inner loop: unpaid principal (0),
        # with unpaid interest (1), with unpaid scheduled fees too (2)
        self.base_kind = _BASE_KIND.get(policy.base, 0)
        self.matured = policy.base is PenaltyBase.MATURED_PRINCIPAL
        self.compound = policy.compound
        self.grace = policy.grace_days
        self.from_due = policy.charge_from is ChargeFrom.DUE_DATE
        self.stop_after = policy.stop_after_days
        self.stop_date = _NEVER if policy.charge_off is None else policy.charge_off.toordinal()
        fee = policy.late_fee
        self.fee = fee is not None
        self.fee_base = PenaltyBase.OVERDUE_PRINCIPAL
        self.fee_rate = (0, 1)
        self.fee_tiers: list[tuple[int, int]] = [(0, 0)]
        self.fee_min: int | None = None
        self.fee_max: int | None = None
        if fee is not None:
            self.fee_base = fee.base
            self.fee_rate = integer_ratio(fee.rate)
            if fee.tiers:
                self.fee_tiers = [
                    (
                        rounding.to_units(low, "late fee tier start"),
                        rounding.to_units(amount, "late fee tier fee"),
                    )
                    for low, amount in fee.tiers
                ]
            else:
                self.fee_tiers = [(0, rounding.to_units(fee.amount, "late fee amount"))]
            if fee.minimum is not None:
                self.fee_min = rounding.to_units(fee.minimum, "late fee minimum")
            if fee.maximum is not None:
                self.fee_max = rounding.to_units(fee.maximum, "late fee maximum")
        cap = policy.cap_per_installment
        self.cap_installment = None if cap is None else integer_ratio(cap)
        # the total cap as a ratio of the loan's principal (each replay applies it)
        self.cap_total = None if policy.cap_total is None else integer_ratio(policy.cap_total)
        self.annual: int | None = None
        self.allow_den = 1
        if policy.max_annual_rate is not None:
            numerator, denominator = integer_ratio(policy.max_annual_rate)
            self.annual = numerator
            self.allow_den = denominator * day_den

    def rate(self, contract_rate: Decimal) -> tuple[int, tuple[int, int, int]]:
        """The numerator of the penalty rate for a loan at `contract_rate`, and the
        terms that round an accrual (base x days) times it: ``(acc * m + o) // d``
        is the penalty, rounded (remembered for each contract rate)."""
        found = self.rates.get(contract_rate)
        if found is None:
            numerator, denominator = integer_ratio(self.policy.annual_rate(contract_rate))
            terms = rounding_terms(numerator, denominator * self.day_den, self.mode)
            if len(self.rates) >= 4096:
                self.rates.clear()
            found = self.rates[contract_rate] = (numerator, terms)
        return found

    def days(self, start: int, end: int, maturity: date) -> int:
        """The numerator of the year fraction from `start` to `end` (ordinals) of a
        loan maturing on `maturity`."""
        if self.actual:
            return end - start
        return fraction_parts(
            date.fromordinal(start), date.fromordinal(end), self.day_count, maturity
        )[0]

    def late_fee(self, principal: int, interest: int, fees: int, mode: RoundingMode) -> int:
        """The late fee on an installment with these unpaid amounts."""
        if self.fee_base is PenaltyBase.OVERDUE_PRINCIPAL:
            base = principal
        elif self.fee_base is PenaltyBase.OVERDUE_PRINCIPAL_AND_INTEREST:
            base = principal + interest
        else:
            base = principal + interest + fees
        fixed = 0
        for low, amount in self.fee_tiers:
            if base >= low:
                fixed = amount
        numerator, denominator = self.fee_rate
        fee = fixed + (divide(base * numerator, denominator, mode) if numerator else 0)
        if self.fee_min is not None and fee < self.fee_min:
            fee = self.fee_min
        if self.fee_max is not None and fee > self.fee_max:
            fee = self.fee_max
        return fee


_COMPILED: dict[tuple[int, int, int], CompiledPenalty] = {}


def _compiled(policy: PenaltyPolicy, rounding: Rounding) -> CompiledPenalty:
    """The policy compiled for a rounding, once for all the loans that share them
    (a portfolio's accounts share one policy)."""
    key = (id(policy), rounding.places, id(rounding.mode))  # (ids: an enum hashes in Python)
    found = _COMPILED.get(key)
    if found is not None and found.policy is policy:  # (kept, so its id is not reused)
        return found
    compiled = CompiledPenalty(policy, rounding)
    if len(_COMPILED) >= 256:
        _COMPILED.clear()
    _COMPILED[key] = compiled
    return compiled


_NOTHING = Fraction(0)


_ORDERS: dict[int, tuple[tuple[Component, ...], tuple[int, ...]]] = {}


def _order(order: tuple[Component, ...]) -> tuple[int, ...]:
    """An allocation order as component indexes, remembered by the order's identity
    (the presets' orders are made once; an enum member's hash is a Python call)."""
    found = _ORDERS.get(id(order))
    if found is not None and found[0] is order:  # (kept, so its id is not reused)
        return found[1]
    indexes = tuple(_INDEX[component] for component in order)
    if len(_ORDERS) >= 256:
        _ORDERS.clear()
    _ORDERS[id(order)] = (order, indexes)
    return indexes


class ReplayResult(NamedTuple):
    """What a replay found, as immutable columns in minor units (one entry per
    installment) and totals: the record `Statement` is built from.

    Attributes:
        due: each installment's due date, as an ordinal.
        principal_due: principal owed by each installment, as the plan now stands.
        interest_due: interest owed by each installment.
        fees_scheduled: scheduled fees still owed by each installment (or paid).
        late_fees: late fees charged on each installment.
        penalty_due: penalty (and compound) interest charged on each installment.
        penalty_interest_due: of it, penalty interest (罚息); the rest is
            compound interest (复利).
        principal_paid: principal paid of each installment.
        interest_paid: interest paid of each installment.
        fees_paid: fees (scheduled and late) paid of each installment.
        penalty_paid: penalty paid of each installment.
        penalty_interest_paid: of it, penalty interest (paid before compound).
        paid_on: the ordinal of the day each installment's principal, interest
            and scheduled fees were paid in full, or 0.
        due_count: how many installments are due at the end of the day.
        accrued_interest: interest of the current period accrued to the day
            (daily accrual) and not paid in advance; 0 otherwise.
        ledger: ``(payment index, installment index or -1, component index,
            amount)`` for every amount a payment paid, in order (the days of
            the payments that paid an installment are its lines' payments').
        arrears_due: the principal, interest and penalty arrears a plan's rows
            repay (not charged by the policy), a column each in the order of
            `COMPONENTS` (the fees' column zero: fee arrears are the scheduled
            fees), each also in the component's columns above (a penalty
            arrear in penalty interest); empty when the rows repay no arrears
            but fees.
        arrears_paid: what was paid of them, likewise.
        capitalised: the interest each row adds to the principal owed on its due
            date (a payment holiday's; it owes none of it), zero for the rows of
            a loan paid off before they fell due; empty when no row adds any.
            The principal of the later rows holds it from the start.
        payment_credit: what of each payment was kept as a credit.
        credit: all credit kept.
        settled_on: the ordinal of the day a payment settled the loan, or 0.
        oldest_unpaid: the due date (an ordinal) of the oldest installment due
            whose principal, interest or scheduled fees (or a plan's interest
            or penalty arrears) are unpaid, or 0 (days past due count from it).
    """

    due: tuple[int, ...]
    principal_due: tuple[int, ...]
    interest_due: tuple[int, ...]
    fees_scheduled: tuple[int, ...]
    late_fees: tuple[int, ...]
    penalty_due: tuple[int, ...]
    penalty_interest_due: tuple[int, ...]
    principal_paid: tuple[int, ...]
    interest_paid: tuple[int, ...]
    fees_paid: tuple[int, ...]
    penalty_paid: tuple[int, ...]
    penalty_interest_paid: tuple[int, ...]
    paid_on: tuple[int, ...]
    due_count: int
    accrued_interest: int
    ledger: tuple[tuple[int, int, int, int], ...]
    payment_credit: tuple[int, ...]
    credit: int
    settled_on: int
    arrears_due: tuple[tuple[int, ...], ...] = ()
    arrears_paid: tuple[tuple[int, ...], ...] = ()
    capitalised: tuple[int, ...] = ()
    oldest_unpaid: int = 0


class Replay:
    """The replay of payments against one schedule (internal; see `statement`).

    Its attributes are the working state of the replay; `finish` returns the
    result as an immutable `ReplayResult`, which is all a caller reads.
    """

    # slots: some eighty attributes, read in the inner loops (an instance dict that
    # large is no longer a compact one, and reads and writes of it cost more)
    __slots__ = (
        "_keys",
        "acc",
        "acc_c",
        "acc_start",
        "ahead",
        "allow",
        "ar_due",
        "ar_paid",
        "ar_sum",
        "arrears",
        "assessed",
        "base_open",
        "brought",
        "cap",
        "cap_ahead",
        "cap_end",
        "carry",
        "carry_row",
        "carry_share",
        "charges_last",
        "credit",
        "daily",
        "due",
        "due_count",
        "due_maturity",
        "event_day",
        "events",
        "excess",
        "f_paid",
        "fee_due",
        "fee_want",
        "fees_ahead",
        "first_open",
        "first_scheduled",
        "flat",
        "flat_base",
        "fraction",
        "gen_added",
        "gen_balance",
        "gen_level",
        "has_fees",
        "holiday",
        "horizon",
        "i_due",
        "i_paid",
        "interest_first",
        "last",
        "late",
        "late_day",
        "ledger",
        "listed",
        "loan",
        "maturity_date",
        "mode",
        "n",
        "order",
        "outstanding",
        "owing",
        "p_due",
        "p_paid",
        "paid_on",
        "payment_credit",
        "pen_due",
        "pen_int",
        "pen_int_paid",
        "pen_paid",
        "pen_rate",
        "pen_terms",
        "penalty",
        "penalty_first",
        "queued",
        "rate_den",
        "rate_num",
        "ready",
        "room",
        "sched_fee",
        "schedule_table",
        "scheduled_only",
        "seen",
        "settled_on",
        "simple",
        "starts",
        "stop",
        "vertical",
        "vertical_start",
        "woken",
    )

    def __init__(
        self,
        schedule: Schedule,
        policy: PenaltyPolicy | None,
        allocation: Allocation,
        daily_interest: bool,
        horizon: int = _LAST_DAY,
    ) -> None:
        loan = schedule.loan
        table = schedule.table
        rounding: Rounding = loan.rounding
        n = len(table.principal)
        self.n = n
        self.loan = loan
        self.schedule_table = table
        self.mode = rounding.mode
        self.order = _order(allocation.order)
        self.interest_first = self.order.index(INTEREST) < self.order.index(PRINCIPAL)
        # penalty before interest and principal (`_fill` pays it inline)
        self.penalty_first = self.order.index(PENALTY) < min(
            self.order.index(INTEREST), self.order.index(PRINCIPAL)
        )
        self.vertical = allocation.waterfall is _VERTICAL
        self.excess = allocation.excess
        self.daily = daily_interest
        self.horizon = horizon  # no day after it is replayed (the statement's day)
        self.due = list(map(_ORDINAL, table.due))
        self.starts = table.starts  # (dates: read by daily accrual and prepayments only)
        self.fraction = table.fraction  # (read only)
        self.sched_fee = list(table.fee) if table.fee else [0] * n
        # a plan's arrears by component (its table's parts): fee arrears are the
        # scheduled fees; principal, interest and penalty arrears a column each
        # (`ar_due[component]`, the fees' column unused), paid as `ar_paid`
        parts = table.parts
        self.arrears = parts is not None and any(
            any(parts[component]) for component in (PRINCIPAL, INTEREST, PENALTY)
        )
        self.ar_due: list[list[int]] = []
        self.ar_paid: list[list[int]] = []
        if parts is not None:
            self.sched_fee = list(parts[FEES])
        if self.arrears:
            assert parts is not None
            self.ar_due = [[0] * n if c == FEES else list(parts[c]) for c in range(4)]
            self.ar_paid = [[0] * n for _ in range(4)]
            self.ar_sum = [sum(row) for row in zip(*self.ar_due, strict=True)]
        self.has_fees = bool(table.fee)
        # the scheduled fees and arrears of the installments not yet due, unpaid (owed
        # in a payoff): kept up as they fall due and are paid ahead (`carried_unpaid`),
        # so that a payment reads it at once
        self.fees_ahead = sum(self.sched_fee) + (sum(self.ar_sum) if self.arrears else 0)
        self.p_due = list(table.principal)
        self.i_due = list(table.interest)
        # a row of negative principal adds its interest to the balance (a payment
        # holiday's capitalised interest): it owes none of it, and the principal owed
        # grows by it on the row's due date (`advance`), not before; the later rows
        # repay it (their principal holds it from the start: `cap_ahead` of it is
        # not yet owed, and a payoff before then forgoes it, `settle`)
        self.cap: list[int] = []  # each row's interest added to the balance when due
        self.cap_ahead = 0  # of the rows not yet due
        self.cap_end = 0  # no row from it adds any (`advance` reads no further)
        # the holiday rows (all their interest added, nothing paid): a prepayment that
        # recomputes the rows keeps them holiday rows (`_generate`)
        self.holiday: list[bool] = []
        if n and min(self.p_due) < 0:
            self.cap = cap = [0] * n
            self.holiday = [False] * n
            for j, part in enumerate(self.p_due):
                if part < 0:
                    take = min(-part, self.i_due[j])
                    self.holiday[j] = take == self.i_due[j] == -part
                    self.p_due[j] += take
                    self.i_due[j] -= take
                    cap[j] = take
                    self.cap_end = j + 1
            self.cap_ahead = sum(cap)
        self.flat = loan.method is _FLAT
        principal = table.opening
        # the balance each row's interest is on: made on first use (`bases`), as only a
        # prepayment and daily accrual read it
        self.base_open: list[int] = []
        self.p_paid = [0] * n
        self.i_paid = [0] * n
        self.f_paid = [0] * n
        self.pen_paid = [0] * n
        self.pen_due = [0] * n  # penalty charged (posted): penalty and compound interest
        self.pen_int = [0] * n  # of it, penalty interest (罚息; the rest is 复利)
        self.pen_int_paid = [0] * n  # of the penalty paid, penalty interest (paid first)
        self.fee_due = [0] * n  # late fees charged (posted)
        self.paid_on = [0] * n
        # principal not yet repaid, due or not (a holiday row's interest joins it when due)
        self.outstanding = principal
        self.credit = 0
        self.due_count = 0  # installments due so far
        self.first_open = 0  # no installment before it owes anything
        # by component: no installment before it owes any (vertical waterfall)
        self.vertical_start = [0] * 4
        self.ahead = 0  # NEXT_INSTALLMENT: first future installment not paid ahead
        self.settled_on = 0
        self.ledger: list[tuple[int, int, int, int]] = []
        self.payment_credit: list[int] = []
        # the contract rate, exact
        self.rate_num, self.rate_den = integer_ratio(loan.annual_rate)
        # the plan generator, used once a prepayment recomputes the rows left
        self.ready = n  # rows before it are final (until the next prepayment)
        self.gen_balance = 0
        self.gen_added = 0  # what the holiday's rows so far added to gen_balance
        # the regular amount REDUCE_TERM keeps: the installment of a level
        # method, the principal part of equal principal and flat
        if loan.method in _LEVEL:
            self.gen_level = table.regular_payment
        else:
            self.gen_level = self.p_due[min(loan.principal_grace, n - 1)]
        self.maturity_date = table.ends[-1]  # unadjusted, as the day count wants it
        self.due_maturity = schedule.maturity  # the penalty's day count wants it
        self.flat_base = principal
        self.carry_row = -1  # the row whose interest splits at prepayments (daily accrual)
        self.carry = _NOTHING
        self.carry_share = _NOTHING
        # penalty state
        self.penalty = None if policy is None else _compiled(policy, rounding)
        # charges last: a first pass pays scheduled amounts only (no pyramiding)
        self.charges_last = policy is not None and policy.charges_last
        self.scheduled_only = False
        self.first_scheduled = 0  # no installment before it owes scheduled amounts
        pen = self.penalty
        self.pen_rate, self.pen_terms = (
            (0, (0, 0, 1)) if pen is None else pen.rate(loan.annual_rate)
        )
        if pen is not None:
            self.acc = [0] * n  # exact uncapped penalty: sum of base x days (x rate / den)
            self.acc_c = [0] * n  # the same for compound interest, on unpaid interest
            self.allow = [0] * n  # exact allowance of the annual cost cap
            self.last = self.due.copy()  # accrued (acc, acc_c, allow) up to this day
            self.seen = self.due.copy()  # charged (posted) up to this day
            self.assessed = [False] * n  # the grace check has been made
            self.late = [False] * n
            self.fee_want = [0] * n  # the late fee before caps
            self.room: int | None = None
            if pen.cap_total is not None:
                numerator, denominator = pen.cap_total
                principal = rounding.to_units(loan.principal, "principal")
                self.room = principal * numerator // denominator  # a cap rounds down
            grace = pen.grace
            late = grace + 1
            self.late_day = [day + late for day in self.due]
            start_offset = 0 if pen.from_due else grace
            self.acc_start = [day + start_offset for day in self.due] if start_offset else self.due
            if pen.matured:
                maturity = schedule.maturity.toordinal()
                self.acc_start = [max(day, maturity) for day in self.acc_start]
            after = pen.stop_after
            if after is None:
                self.stop = [pen.stop_date] * n
            else:
                self.stop = [min(pen.stop_date, day + after) for day in self.due]
        # the vertical waterfall's queues of charges (see _vertical)
        self.queued = self.vertical and pen is not None
        self.events: list[tuple[int, int]] = []  # (day its charges may next grow, installment)
        self.event_day = [_NEVER] * n if self.queued else []
        self.brought: list[int] = []  # brought up during a payment (`_bring`)
        # the installments due before it have been queued at the end of their grace if
        # open then (`_vertical`: their first event, kept by a pointer, not in `events`)
        self.woken = 0
        # by queue (fees, penalty, scheduled fees alone): the installments that may owe
        # some or whose charges have grown since they were last brought up (a heap),
        # and a flag each
        self.owing: dict[int, list[int]] = {FEES: [], PENALTY: [], _SCHEDULED: []}
        # the queues an installment whose charges grow joins
        self._keys = (FEES, PENALTY, _SCHEDULED) if self.charges_last else (FEES, PENALTY)
        # the settings `_pay_current` serves: no first pass of scheduled amounts, no
        # scheduled fees nor arrears, no daily accrual, the excess kept or paid ahead
        self.simple = (
            not (self.charges_last or self.arrears or self.daily or self.has_fees)
            and not any(self.sched_fee)
            and (self.excess is _CREDIT or self.excess is _NEXT_INSTALLMENT)
        )
        self.listed: dict[int, list[bool]] = (
            {key: [False] * n for key in self.owing} if self.queued else {}
        )

    # -- the plan -----------------------------------------------------------------

    def ensure(self, row: int) -> None:
        """Make rows up to `row` final."""
        while self.ready <= row:
            self._generate()

    def bases(self) -> list[int]:
        """The balance each row's interest is on (`base_open`): the principal before
        it (the loan's principal, flat), as the plan stood; made on first use."""
        if not self.base_open and self.n:
            table, n = self.schedule_table, self.n
            if self.flat:
                self.base_open = [table.opening] * n
            else:  # the balance before each row
                self.base_open = list(
                    accumulate(table.principal[: n - 1], sub, initial=table.opening)
                )
            holiday = self.holiday
            for j in range(1, self.cap_end):  # a holiday's interest is on the balance
                if holiday[j] and holiday[j - 1]:  # it starts from (not on what it adds)
                    self.base_open[j] = self.base_open[j - 1]
        return self.base_open

    def _generate(self) -> None:
        """Make the next row final: the amortisation engine's row rule (`split_rows`)
        on the balance left, its principal no more than that balance (a
        prepayment that keeps the installment shortens the term). A holiday row
        stays one: its interest, on the balance the holiday starts from, is added
        to the balance (but what of it was paid before the prepayment)."""
        j = self.ready
        balance = self.gen_balance
        loan = self.loan
        # a holiday row stays one: its interest (on the balance the holiday starts
        # from, as the plan's) is added to the balance, none of it paid
        holiday = j < self.cap_end and self.holiday[j] and j < self.n - 1
        if balance == 0:  # repaid early: the row falls away (but the arrears it repays)
            principal = interest = base = 0
        else:
            base = self.flat_base if self.flat else balance
            if holiday and not self.flat:
                base = max(0, balance - self.gen_added)
            numerator, denominator = self.fraction[j]
            rate_num = 0 if j < loan.interest_free else self.rate_num * numerator
            interest_base = base
            if self.carry_row == j and rate_num:  # interest split at a prepayment (daily)
                weighted = self.carry + base * (1 - self.carry_share)
                interest_base = weighted.numerator
                denominator *= weighted.denominator
            terms = rounding_terms(rate_num, self.rate_den * denominator, self.mode)
            grace = holiday or j < loan.principal_grace or loan.method is Method.INTEREST_ONLY
            principals, interests, _ = split_rows(
                loan.method, self.gen_level, int(grace), 1, [terms], balance, self.mode,
                interest_base,
            )  # fmt: skip
            interest = interests[0]
            principal = balance if j == self.n - 1 else min(principals[0], balance)
        self.bases()[j] = base
        if holiday:  # its interest is added to the balance when it falls due, but what
            paid = self.i_paid[j]  # of it was paid already (accrued, before a prepayment)
            owed = paid if paid < interest else interest
            added = interest - owed
            self.cap[j] = added
            self.cap_ahead += added
            self.gen_added += added
            self.p_due[j] = 0
            self.i_due[j] = owed
            self.gen_balance = balance + added
        else:
            self.gen_added = 0
            self.p_due[j] = principal
            self.i_due[j] = interest
            self.gen_balance = balance - principal
        self.ready = j + 1

    def _share(self, row: int, day: int) -> Fraction:
        """The elapsed share of row's accrual period at the end of `day`."""
        numerator, denominator = self.fraction[row]
        start = self.starts[row].toordinal()
        if day <= start:
            return Fraction(0)
        if numerator <= 0:
            return Fraction(1)
        loan = self.loan
        elapsed, elapsed_den = fraction_parts(
            date.fromordinal(start), date.fromordinal(day), loan.day_count, self.maturity_date
        )
        share = Fraction(elapsed * denominator, elapsed_den * numerator)
        return min(max(share, Fraction(0)), Fraction(1))

    def accrued(self, row: int, day: int) -> int:
        """Interest of `row` accrued by the end of `day` (daily accrual).

        A holiday row's (one that adds interest to the balance) is its interest in
        proportion of its period's time elapsed, rounded once: the plan's interest
        for the period, which need not be on the balance before the row (a
        holiday's interest is on the principal it starts from)."""
        if row < self.cap_end and self.cap[row]:
            share = self._share(row, day)
            whole = self.i_due[row] + self.cap[row]
            return divide(whole * share.numerator, share.denominator, self.mode)
        bases = self.bases()
        if row < self.loan.interest_free or (bases[row] == 0 and self.carry_row != row):
            return 0
        share = self._share(row, day)
        if self.carry_row == row:
            weighted = self.carry + bases[row] * (share - self.carry_share)
        else:
            weighted = bases[row] * share
        numerator, denominator = self.fraction[row]
        return divide(
            weighted.numerator * self.rate_num * numerator,
            weighted.denominator * self.rate_den * denominator,
            self.mode,
        )

    def _reset(self, row: int, day: int) -> None:
        """Recompute the plan from `row` after a principal prepayment on `day`."""
        self.ensure(row)
        if self.daily:
            share = self._share(row, day)
            if self.carry_row != row:
                self.carry_row, self.carry, self.carry_share = row, Fraction(0), Fraction(0)
            self.carry += self.bases()[row] * (share - self.carry_share)
            self.carry_share = share
        else:
            self.carry_row = -1
        if self.cap_ahead:  # the rows recomputed add to the balance what they add anew
            self._forgo_capitalised(row, False)
        loan = self.loan
        balance = self.outstanding
        self.gen_balance = balance
        self.flat_base = balance
        self.ready = row
        # what the holiday rows just before added (the holiday's interest is on the
        # balance it started from): `_generate` reads it
        added, j = 0, row - 1
        while 0 <= j < self.cap_end and self.holiday[j]:
            added += self.cap[j]
            j -= 1
        self.gen_added = added
        if self.excess is not Excess.REDUCE_INSTALLMENT:
            return  # REDUCE_TERM keeps the regular amount
        method = loan.method
        rounding = loan.rounding
        # the holiday rows ahead, made now: the installments after them repay the
        # balance they leave
        while self.ready < self.cap_end and self.holiday[self.ready]:
            self._generate()
        balance = self.gen_balance
        first = max(self.ready, loan.principal_grace)
        periods = self.n - first
        balloon = 0
        if method is Method.BALLOON:
            if loan.amortization_term is not None:
                periods = loan.amortization_term - first  # beyond the term: nominal periods
            else:
                balloon = min(rounding.to_units(loan.balloon or Decimal(0), "balloon"), balance)
        if method is not Method.INTEREST_ONLY:
            self.gen_level = regular_units(
                method,
                balance,
                periodic_rate((self.rate_num, self.rate_den), loan.frequency),
                periods,
                self.mode,
                balloon=balloon,
                multiple=rounding.multiple_units,
            )

    # -- time -----------------------------------------------------------------------

    def advance(self, day: int) -> None:
        """Make every installment due on or before `day` due."""
        n, due = self.n, self.due
        count = self.due_count
        while count < n and due[count] <= day:
            if count >= self.ready:
                self.ensure(count)
            if self.queued:  # first charged when its grace ends (`woken`); scheduled fees now
                self.event_day[count] = self.late_day[count]
                if self.sched_fee[count] > self.f_paid[count]:
                    self._list(count, FEES)
                    self._list(count, _SCHEDULED)
                if self.arrears and self.ar_due[PENALTY][count]:
                    self._list(count, PENALTY)
            if self.has_fees:  # its fees and arrears are due now, no longer ahead
                self.fees_ahead -= self.carried_unpaid(count)
            if count < self.cap_end:  # a holiday row's interest joins the balance now
                added = self.cap[count]
                self.outstanding += added
                self.cap_ahead -= added
            count += 1
        self.due_count = count
        if self.ahead < count:
            self.ahead = count

    def bring_up(self, j: int, day: int) -> None:
        """Charge installment j's penalty and late fee up to the end of `day`."""
        pen = self.penalty
        assert pen is not None
        if self.assessed[j]:
            if day <= self.seen[j]:
                return
        elif day >= self.late_day[j]:
            self.assessed[j] = True
            unpaid_p = self.p_due[j] - self.p_paid[j]
            unpaid_i = self.i_due[j] - self.i_paid[j]
            unpaid_f = max(0, self.sched_fee[j] - self.f_paid[j])
            if self.arrears:  # counted as the scheduled fees are (see the module's notes)
                unpaid_f += self.arrears_left(j)
            if unpaid_p + unpaid_i + unpaid_f:
                self.late[j] = True
                if self.late_day[j] <= self.stop[j] and pen.fee:
                    self.fee_want[j] = pen.late_fee(unpaid_p, unpaid_i, unpaid_f, self.mode)
            else:  # paid in full within grace: nothing is charged, ever
                self.acc[j] = self.acc_c[j] = 0
                self.last[j] = self.seen[j] = day
                return
        if day > self.seen[j]:
            self.seen[j] = day
        if self.late[j]:
            self._post(j, day, pen)

    def _accrual(self, j: int, day: int, pen: CompiledPenalty) -> tuple[int, int, int]:
        """Installment j's exact accruals at the end of `day` (acc, acc_c, allow), its
        base unchanged since the day they were last brought to (`last`)."""
        acc, acc_c, allow = self.acc[j], self.acc_c[j], self.allow[j]
        last = self.last[j]
        if day <= last:
            return acc, acc_c, allow
        stop = self.stop[j]
        end = day if day < stop else stop
        unpaid_p = self.p_due[j] - self.p_paid[j]
        unpaid_i = self.i_due[j] - self.i_paid[j]
        if self.pen_rate:
            kind = pen.base_kind
            if not kind:
                base = unpaid_p
            elif kind == 1:
                base = unpaid_p + unpaid_i
            else:
                fees = self.sched_fee[j] - self.f_paid[j]
                base = unpaid_p + unpaid_i + fees if fees > 0 else unpaid_p + unpaid_i
                if self.arrears:  # counted as the scheduled fees are (see the module's notes)
                    base += self.arrears_left(j)
            compound = unpaid_i if pen.compound else 0
            start = self.acc_start[j]
            if last > start:
                start = last
            if end > start and (base or compound):
                days = end - start if pen.actual else pen.days(start, end, self.due_maturity)
                acc += base * days
                acc_c += compound * days
        if pen.annual is not None:
            overdue = unpaid_p + unpaid_i + max(0, self.sched_fee[j] - self.f_paid[j])
            if self.arrears:
                overdue += self.arrears_left(j)
            if overdue and end > last:
                allow += overdue * pen.days(last, end, self.due_maturity)
        return acc, acc_c, allow

    def commit(self, j: int, day: int) -> None:
        """Accrue installment j to the end of `day` on its base as it stands: called
        before a payment changes the base, which is where the intervals split."""
        if day > self.last[j]:
            pen = self.penalty
            assert pen is not None
            self.acc[j], self.acc_c[j], self.allow[j] = self._accrual(j, day, pen)
            self.last[j] = day

    def _totals(self, j: int, day: int, pen: CompiledPenalty) -> tuple[int, int]:
        """Installment j's penalty interest (罚息) rounded, and all it would be
        charged at the end of `day` (penalty and late fee, within its caps)."""
        acc, acc_c, allow = self._accrual(j, day, pen)
        return self._charge(j, acc, acc_c, allow, pen)

    def _charge(
        self, j: int, acc: int, acc_c: int, allow: int, pen: CompiledPenalty
    ) -> tuple[int, int]:
        """`_totals` of installment j's accruals (acc, acc_c, allow)."""
        # `apply_terms`, inlined: (accrual * m + o) // d, a tie to even moved down
        multiplier, offset, divisor = self.pen_terms
        even = self.mode is _HALF_EVEN
        exact = acc * multiplier + offset
        interest = exact // divisor
        if even and interest & 1 and not exact % divisor:
            interest -= 1
        total = interest
        if pen.compound:  # the penalty is rounded once, as a whole; 复利 is the rest
            exact = (acc + acc_c) * multiplier + offset
            total = exact // divisor
            if even and total & 1 and not exact % divisor:
                total -= 1
        total += self.fee_want[j]
        if pen.cap_installment is not None:
            numerator, denominator = pen.cap_installment
            scheduled = self.p_due[j] + self.i_due[j] + self.sched_fee[j]
            if self.arrears:
                scheduled += self.ar_sum[j]
            total = min(total, scheduled * numerator // denominator)
        if pen.annual is not None:
            total = min(total, allow * pen.annual // pen.allow_den)
        return interest, total

    def _post(self, j: int, day: int, pen: CompiledPenalty) -> None:
        """Charge what installment j has accrued by the end of `day`, within the caps.

        The installment's caps hold its penalty and late fee together, the
        late fee first; the loan's total cap holds penalty interest only, in
        the order installments are brought up to date (on one day, oldest
        first, as the waterfall walks them from the first open one). The penalty is
        rounded as a whole; of it, penalty interest (罚息) is its own accrual
        rounded, compound interest (复利) the rest; a cap that binds cuts
        compound interest first.

        With actual days (whose counts add up: the accrual to `day` is the same
        however the days before it are split), the accrual is kept as `commit`
        keeps it, so a payment that follows on the day does not accrue it again.
        """
        acc, acc_c, allow = self._accrual(j, day, pen)
        if pen.actual and day > self.last[j]:
            self.acc[j], self.acc_c[j], self.allow[j] = acc, acc_c, allow
            self.last[j] = day
        interest, total = self._charge(j, acc, acc_c, allow, pen)
        fee = self.fee_want[j]
        if fee > total:
            fee = total
        self.fee_due[j] = fee
        penalty = total - fee - self.pen_due[j]
        if penalty > 0:
            if self.room is not None:
                if penalty > self.room:
                    penalty = self.room
                self.room -= penalty
            self.pen_due[j] += penalty
            part = interest - self.pen_int[j]  # 罚息 first, up to what it accrued
            if part > 0:
                self.pen_int[j] += part if part < penalty else penalty

    def _next_charge(self, j: int, day: int) -> int:
        """The first day after `day` whose end would charge installment j more (or
        change anything `_post` records), its base as it stands; `_NEVER` if none.

        A lower bound of it once the base falls (a payment), which is enough: the
        queue then brings the installment up once for nothing.
        """
        if not self.assessed[j]:
            return self.late_day[j]
        if not self.late[j]:
            return _NEVER
        pen = self.penalty
        assert pen is not None
        fee = self.fee_due[j]
        if self.room is not None and self.room <= 0 and fee >= self.fee_want[j]:
            return _NEVER  # no penalty can be charged any more, and the fee is whole
        limit = self.stop[j]  # nothing accrues after it, nor is replayed after the horizon
        if limit > self.horizon:
            limit = self.horizon
        if limit <= day:
            return _NEVER
        unpaid_p = self.p_due[j] - self.p_paid[j]
        unpaid_i = self.i_due[j] - self.i_paid[j]
        overdue = unpaid_p + unpaid_i + max(0, self.sched_fee[j] - self.f_paid[j])
        if self.arrears:
            overdue += self.arrears_left(j)
        accrues = self.pen_rate and (
            overdue
            if pen.base_kind and not pen.matured
            else unpaid_p or (pen.compound and unpaid_i)
        )
        if not accrues and (pen.annual is None or not overdue):
            return _NEVER  # its charge stays as it is
        charged = fee + self.pen_due[j]
        if pen.cap_installment is not None:
            numerator, denominator = pen.cap_installment
            scheduled = self.p_due[j] + self.i_due[j] + self.sched_fee[j]
            if self.arrears:
                scheduled += self.ar_sum[j]
            if scheduled * numerator // denominator <= charged:
                return _NEVER  # at its cap
        if pen.actual and pen.annual is None:
            crossing = self._crossing(j, day, charged - self.fee_want[j], pen)
            if crossing is not None:  # exact: the charge is its rounded accrual plus the fee
                return crossing if crossing <= limit else _NEVER
        # the charge only grows with the day: gallop from `day`, then bisect
        low, step = day, 1  # the charge at the end of `low` is not above `charged`
        while True:
            probe = low + step
            if probe > limit:
                probe = limit
            if self._totals(j, probe, pen)[1] > charged:
                high = probe
                break
            if probe == limit:
                return _NEVER
            low, step = probe, step * 2
        while high - low > 1:
            middle = (low + high) // 2
            if self._totals(j, middle, pen)[1] > charged:
                high = middle
            else:
                low = middle
        return high

    def _crossing(self, j: int, day: int, target: int, pen: CompiledPenalty) -> int | None:
        """In closed form (actual days): the first day after `day` whose end rounds
        installment j's penalty above `target`, its base as it stands, or None."""
        if target < 0 or not self.pen_rate:
            return None
        unpaid_p = self.p_due[j] - self.p_paid[j]
        unpaid_i = self.i_due[j] - self.i_paid[j]
        kind = pen.base_kind
        if kind == 2:
            growth = unpaid_p + unpaid_i + max(0, self.sched_fee[j] - self.f_paid[j])
            if self.arrears:
                growth += self.arrears_left(j)
        elif kind == 1:
            growth = unpaid_p + unpaid_i
        else:
            growth = unpaid_p
        accrued = self.acc[j]
        if pen.compound:
            growth += unpaid_i
            accrued += self.acc_c[j]
        if growth <= 0:
            return None
        # the least accrual N whose rounding (N * m + o) // d exceeds target
        multiplier, offset, divisor = self.pen_terms
        need = (target + 1) * divisor - offset
        least = -(-need // multiplier) if need > 0 else 0
        if self.mode is _HALF_EVEN:
            total = least * multiplier + offset
            if total // divisor == target + 1 and (target + 1) & 1 and not total % divisor:
                least += 1  # a tie rounds down to the even target
        start = self.acc_start[j]
        if self.last[j] > start:
            start = self.last[j]
        days = -(-(least - accrued) // growth) if least > accrued else 0
        return max(start + days, day + 1)

    # -- paying ---------------------------------------------------------------------

    def arrears_left(self, j: int) -> int:
        """The principal, interest and penalty arrears installment j repays, unpaid."""
        due, paid = self.ar_due, self.ar_paid
        return (
            due[PRINCIPAL][j] - paid[PRINCIPAL][j]
            + due[INTEREST][j] - paid[INTEREST][j]
            + due[PENALTY][j] - paid[PENALTY][j]
        )  # fmt: skip

    def owed(self, j: int, component: int) -> int:
        """What installment j owes of a component (its arrears of it included)."""
        arrears = 0
        if self.arrears and component != FEES:
            arrears = self.ar_due[component][j] - self.ar_paid[component][j]
        if component == PRINCIPAL:
            return self.p_due[j] - self.p_paid[j] + arrears
        if component == INTEREST:
            return self.i_due[j] - self.i_paid[j] + arrears
        if component == FEES:
            if self.scheduled_only:  # scheduled fees are paid before late fees
                return self.sched_fee[j] - self.f_paid[j]
            return self.sched_fee[j] + self.fee_due[j] - self.f_paid[j]
        if self.scheduled_only:  # penalty arrears are scheduled, penalty charged is not
            return arrears
        return self.pen_due[j] - self.pen_paid[j] + arrears

    def _pay(
        self, j: int, component: int, amount: int, payment: int, day: int, arrears: bool = True
    ) -> None:
        """Pay `amount` of a component of installment j: its arrears of it first
        (unless `arrears` is false), then its own amount."""
        if (
            self.penalty is not None
            and day > self.last[j]
            and (component != PENALTY or self.arrears)
        ):
            self.commit(j, day)  # the base changes: its accrual so far is on the old one
        own = amount
        if arrears and self.arrears and component != FEES:
            paid = self.ar_paid[component]
            left = self.ar_due[component][j] - paid[j]
            if left > 0:
                part = left if left < amount else amount
                paid[j] += part
                own -= part
        if component == PRINCIPAL:
            self.p_paid[j] += own
            self.outstanding -= own  # principal arrears are not in the balance
        elif component == INTEREST:
            self.i_paid[j] += own
        elif component == FEES:
            self.f_paid[j] += own
        else:
            unpaid = self.pen_int[j] - self.pen_int_paid[j]  # 罚息 is paid before 复利
            if unpaid > 0:
                self.pen_int_paid[j] += unpaid if unpaid < own else own
            self.pen_paid[j] += own
        self.ledger.append((payment, j, component, amount))

    def _fill(self, j: int, remaining: int, payment: int, day: int) -> int:
        """Pay installment j in component order; returns what is left.

        `_pay` of each component, inlined (the replay's inner loop): the
        accrual is committed before the first payment that changes the
        penalty's base. An installment that
        owes no fees (the common case) pays its penalty, when the order puts it
        before interest and principal, then its interest and principal here, in
        fewer steps; one that owes fees or penalty paid later, `_fill_charged`.
        """
        if (
            self.arrears
            or self.scheduled_only
            or self.sched_fee[j] + self.fee_due[j] > self.f_paid[j]
        ):
            return self._fill_charged(j, remaining, payment, day)
        owed_pen = self.pen_due[j] - self.pen_paid[j]
        if owed_pen > 0:
            if not self.penalty_first:
                return self._fill_charged(j, remaining, payment, day)
            take = owed_pen if owed_pen < remaining else remaining
            unpaid = self.pen_int[j] - self.pen_int_paid[j]  # 罚息 is paid before 复利
            if unpaid > 0:
                self.pen_int_paid[j] += unpaid if unpaid < take else take
            self.pen_paid[j] += take  # (the penalty's base does not change)
            self.ledger.append((payment, j, PENALTY, take))
            remaining -= take
        i_paid, p_paid, i_due, p_due = self.i_paid, self.p_paid, self.i_due, self.p_due
        owed_i = i_due[j] - i_paid[j]
        owed_p = p_due[j] - p_paid[j]
        if remaining and (owed_i > 0 or owed_p > 0):
            if self.penalty is not None and day > self.last[j]:
                self.commit(j, day)  # the base changes: its accrual so far is on the old one
            ledger = self.ledger
            if self.interest_first:
                if owed_i > 0:
                    take = owed_i if owed_i < remaining else remaining
                    i_paid[j] += take
                    ledger.append((payment, j, INTEREST, take))
                    remaining -= take
                if remaining and owed_p > 0:
                    take = owed_p if owed_p < remaining else remaining
                    p_paid[j] += take
                    self.outstanding -= take
                    ledger.append((payment, j, PRINCIPAL, take))
                    remaining -= take
            else:
                if owed_p > 0:
                    take = owed_p if owed_p < remaining else remaining
                    p_paid[j] += take
                    self.outstanding -= take
                    ledger.append((payment, j, PRINCIPAL, take))
                    remaining -= take
                if remaining and owed_i > 0:
                    take = owed_i if owed_i < remaining else remaining
                    i_paid[j] += take
                    ledger.append((payment, j, INTEREST, take))
                    remaining -= take
        paid_on = self.paid_on
        if (
            not paid_on[j]  # `_mark_paid`, inlined: its scheduled fees are paid (above)
            and p_paid[j] == p_due[j]
            and i_paid[j] == i_due[j]
            and p_due[j] + i_due[j] + self.sched_fee[j]
        ):
            paid_on[j] = day
        return remaining

    def _fill_charged(self, j: int, remaining: int, payment: int, day: int) -> int:
        """`_fill` of an installment that owes fees or penalty, or repays a plan's
        arrears, or in the first pass of charges last (scheduled amounts only)."""
        scheduled_only = self.scheduled_only
        if self.arrears:  # each component's arrears with it
            owed_of = self.owed
            for component in self.order:
                owed = owed_of(j, component)
                if owed > 0:
                    take = owed if owed < remaining else remaining
                    self._pay(j, component, take, payment, day)
                    remaining -= take
                    if not remaining:
                        break
            self._mark_paid(j, day)
            return remaining
        fresh = self.penalty is not None and day > self.last[j]  # accrual not yet at day
        owed_fees = self.sched_fee[j] - self.f_paid[j]
        if not scheduled_only:  # scheduled fees are paid before late fees
            owed_fees += self.fee_due[j]
            owed_pen = self.pen_due[j] - self.pen_paid[j]
        else:
            owed_pen = 0  # charges are paid in the second pass
        # what it owes of each component (paying one changes none of the others)
        owed_by = (
            self.p_due[j] - self.p_paid[j],
            self.i_due[j] - self.i_paid[j],
            owed_fees,
            owed_pen,
        )
        for component in self.order:
            owed = owed_by[component]
            if owed > 0:
                take = owed if owed < remaining else remaining
                if component == PENALTY:
                    unpaid = self.pen_int[j] - self.pen_int_paid[j]  # 罚息 is paid before 复利
                    if unpaid > 0:
                        self.pen_int_paid[j] += unpaid if unpaid < take else take
                    self.pen_paid[j] += take
                else:
                    if fresh:  # the base changes: its accrual so far is on the old one
                        self.commit(j, day)
                        fresh = False
                    if component == PRINCIPAL:
                        self.p_paid[j] += take
                        self.outstanding -= take
                    elif component == INTEREST:
                        self.i_paid[j] += take
                    else:
                        self.f_paid[j] += take
                self.ledger.append((payment, j, component, take))
                remaining -= take
                if not remaining:
                    break
        if not self.paid_on[j]:
            self._mark_paid(j, day)
        return remaining

    def _take(self, j: int, component: int, remaining: int, payment: int, day: int) -> int:
        """Pay what installment j owes of `component`, up to `remaining`; returns what is left."""
        owed = self.owed(j, component)
        if owed <= 0:
            return remaining
        take = owed if owed < remaining else remaining
        self._pay(j, component, take, payment, day)
        return remaining - take

    def _mark_paid(self, j: int, day: int) -> None:
        if (
            not self.paid_on[j]
            and self.p_paid[j] == self.p_due[j]
            and self.i_paid[j] == self.i_due[j]
            and self.f_paid[j] >= self.sched_fee[j]
            and (
                self.p_due[j] + self.i_due[j] + self.sched_fee[j]
                if not self.arrears
                else self.arrears_left(j) == 0
                and self.p_due[j] + self.i_due[j] + self.sched_fee[j] + self.ar_sum[j]
            )
        ):
            self.paid_on[j] = day

    def fully_paid(self, j: int) -> bool:
        """Nothing owed on installment j, charges included."""
        return (
            self.p_paid[j] == self.p_due[j]
            and self.i_paid[j] == self.i_due[j]
            and self.f_paid[j] == self.sched_fee[j] + self.fee_due[j]
            and self.pen_paid[j] == self.pen_due[j]
            and (not self.arrears or self.arrears_left(j) == 0)
        )

    def _scheduled_paid(self, j: int) -> bool:
        """Installment j's principal, interest and scheduled fees are paid."""
        return (
            self.p_paid[j] == self.p_due[j]
            and self.i_paid[j] == self.i_due[j]
            and self.f_paid[j] >= self.sched_fee[j]
            and (not self.arrears or self.arrears_left(j) == 0)
        )

    def pay(self, payment: int, day: int, amount: int) -> None:
        """Replay one payment of `amount` units received on `day`."""
        count = self.due_count
        if count < self.n and self.due[count] <= day:  # (else nothing falls due)
            self.advance(day)
            count = self.due_count
        if self.simple and (self.first_open >= count - 1 or not self.vertical):
            self._pay_current(payment, day, amount, count)
            return
        remaining = amount
        waterfall = self._vertical if self.vertical else self._horizontal
        charges_last = self.charges_last
        if charges_last:  # scheduled amounts of every installment due first
            self.scheduled_only = True
            remaining = waterfall(payment, day, remaining)
            self.scheduled_only = False
        if remaining:
            remaining = waterfall(payment, day, remaining)
        first = self.first_open
        if first < count:
            fully_paid = self.fully_paid
            while first < count and fully_paid(first):
                first += 1
            self.first_open = first
        if charges_last:
            first = max(first, self.first_scheduled)
            while first < count and self._scheduled_paid(first):
                first += 1
            self.first_scheduled = first
        if remaining:
            credit = self._excess(payment, day, remaining)
            self.credit += credit
            self.payment_credit.append(credit)
        else:
            self.payment_credit.append(0)
        if not self.outstanding and not self.settled_on and self.first_open == self.due_count:
            self._settled_if_paid_ahead(day)

    def _settled_if_paid_ahead(self, day: int) -> None:
        """With no principal left and no installment due open: settled on `day` when
        every installment not yet due is paid ahead (`ahead` moved past those that are)."""
        k, n = self.ahead, self.n
        while k < n:
            self.ensure(k)
            if not self.fully_paid(k):
                break
            k += 1
        self.ahead = k
        if k == n:
            self.settled_on = day

    def _pay_current(self, payment: int, day: int, remaining: int, count: int) -> None:
        """`pay` with the `simple` settings, under the horizontal waterfall or when at
        most one installment due is open (an account paid on time, or nearly): the
        same steps with `fully_paid` and `_excess` written inline, in fewer calls
        (most payments of most accounts come here). Tied to `pay`'s general steps
        by a property (test_fast_replay_properties)."""
        p_due, p_paid, i_due, i_paid = self.p_due, self.p_paid, self.i_due, self.i_paid
        pen_due, pen_paid, fee_due, f_paid = self.pen_due, self.pen_paid, self.fee_due, self.f_paid
        j = self.first_open
        if j < count and remaining:  # those open paid, passed if paid in full
            if self.vertical:  # (the one open: j is count - 1)
                # `_vertical`'s case of one installment open, inlined (a call fewer on
                # most payments): the installments whose grace has ended since are
                # queued (here at most j itself: those before it are paid in full),
                # then j is brought up to `day` if its charges grow by then, paid in
                # the rule's order if it owes anything (it owes no scheduled fees
                # here: `simple`), and queued on what it still owes, below
                brought = False
                if self.queued:
                    woken, late_day, event_day = self.woken, self.late_day, self.event_day
                    if woken < j:
                        woken = j
                    while woken < count and late_day[woken] <= day:
                        if event_day[woken] == late_day[woken]:
                            listed, owing = self.listed, self.owing
                            for key in self._keys:  # `_list`, inlined
                                if not listed[key][woken]:
                                    listed[key][woken] = True
                                    heappush(owing[key], woken)
                        woken += 1
                    self.woken = woken
                    events = self.events
                    if events and events[0][0] <= day:
                        self._wake(day)
                    if event_day[j] <= day:
                        brought = True
                        self.bring_up(j, day)
                if (
                    p_due[j] > p_paid[j]
                    or i_due[j] > i_paid[j]
                    or fee_due[j] > f_paid[j]
                    or pen_due[j] > pen_paid[j]
                ):
                    remaining = self._fill(j, remaining, payment, day)
                if (
                    p_paid[j] == p_due[j]
                    and i_paid[j] == i_due[j]
                    and pen_paid[j] == pen_due[j]
                    and f_paid[j] == fee_due[j]
                ):
                    self.first_open = j = count
                elif brought:  # it grows on what it still owes
                    self._queue(j, day)
            else:  # `_horizontal` (from the first open one: `simple` has no first pass of
                # scheduled amounts), then the first open one moved past those paid in full
                remaining = self._horizontal(payment, day, remaining)
                while (
                    j < count
                    and p_paid[j] == p_due[j]
                    and i_paid[j] == i_due[j]
                    and pen_paid[j] == pen_due[j]
                    and f_paid[j] == fee_due[j]
                ):
                    j += 1
                self.first_open = j
        if remaining:  # `_excess`: no interest accrued, no fees ahead
            if remaining >= self.outstanding:
                remaining = self.settle(payment, day, remaining)
            elif self.excess is _NEXT_INSTALLMENT:
                k, n = self.ahead, self.n
                fill = self._fill
                while k < n and remaining:
                    if k >= self.ready:
                        self.ensure(k)
                    if self.cap_ahead:  # (a holiday not over: no more principal than owed)
                        remaining = self._fill_owed(fill, k, remaining, payment, day)
                    else:
                        remaining = fill(k, remaining, payment, day)
                    if not (
                        p_paid[k] == p_due[k]
                        and i_paid[k] == i_due[k]
                        and pen_paid[k] == pen_due[k]
                        and f_paid[k] == fee_due[k]
                    ):
                        break
                    k += 1
                self.ahead = k
                if not self.outstanding:  # all principal repaid: interest not due is not owed
                    remaining = self.settle(payment, day, remaining)
            self.credit += remaining  # (kept as a credit)
        self.payment_credit.append(remaining)
        if not self.outstanding and not self.settled_on and j == count:
            self._settled_if_paid_ahead(day)

    def _horizontal(self, payment: int, day: int, remaining: int) -> int:
        j = self.first_scheduled if self.scheduled_only else self.first_open
        count = self.due_count
        fill = self._fill
        if self.penalty is None:
            while j < count and remaining:
                remaining = fill(j, remaining, payment, day)
                j += 1
            return remaining
        assessed, seen, bring_up = self.assessed, self.seen, self.bring_up
        late_day = self.late_day
        while j < count and remaining:
            if assessed[j]:
                if day > seen[j]:  # (else it is up to date)
                    bring_up(j, day)
            elif day >= late_day[j]:  # (within its grace `bring_up` sets only `seen`,
                bring_up(j, day)  # which is read once the installment is assessed)
            remaining = fill(j, remaining, payment, day)
            j += 1
        return remaining

    def _vertical(self, payment: int, day: int, remaining: int) -> int:
        """Each component across the installments due, oldest first, in linear time.

        Each installment's penalty and late fee are brought up to `day` when the
        waterfall reaches it, as if it walked every installment due from the
        first open one (the straightforward waterfall), but the walk skips the
        installments on which it would do nothing. Principal, interest and
        scheduled fees, which do not grow, keep a pointer per component past the
        installments that owe none; penalty and fees (late fees grow) are paid
        from a queue of the installments that owe some or whose charges have
        grown since they were last brought up (`_next_charge` says when). So a
        long run of small payments does not walk every overdue installment each
        time.
        """
        count, pen = self.due_count, self.penalty
        scheduled_only = self.scheduled_only
        first = self.first_scheduled if scheduled_only else self.first_open
        queued = self.queued
        if queued:
            # queue every installment whose charges grow by the end of `day`: those whose
            # grace has ended since (each once, in due order: a pointer), then the others
            woken, late_day = self.woken, self.late_day
            if woken < self.first_open:  # (paid in full: not walked, so not queued)
                woken = self.first_open
            if woken < count and late_day[woken] <= day:
                event_day, keys = self.event_day, self._keys
                while woken < count and late_day[woken] <= day:
                    if event_day[woken] == late_day[woken]:
                        for key in keys:
                            self._list(woken, key)
                    woken += 1
            self.woken = woken
            events = self.events
            if events and events[0][0] <= day:
                self._wake(day)
        if first == count - 1 and not self.arrears:
            # One installment open of those due (the usual case: an account paid on
            # time): the waterfall pays it component by component in the rule's order,
            # which is what the horizontal one's `_fill` does, in fewer steps. Brought up
            # to `day` first, as the walk would when it reached it; queued after, on what
            # it still owes (nothing to queue once it is paid: no walk reaches it again).
            # The pointers stay where they were, a lower bound still. One that owes
            # nothing is not walked, so not marked paid (as `_fill` would).
            brought = queued and self.event_day[first] <= day
            if brought:
                self.bring_up(first, day)
            j = first
            if (
                self.p_due[j] > self.p_paid[j]
                or self.i_due[j] > self.i_paid[j]
                or self.sched_fee[j] + (0 if scheduled_only else self.fee_due[j]) > self.f_paid[j]
                or (not scheduled_only and self.pen_due[j] > self.pen_paid[j])
            ):
                remaining = self._fill(j, remaining, payment, day)
            if brought and not self.fully_paid(j):
                self._queue(j, day)
            return remaining
        touched: list[int] = []
        for component in self.order:
            if component == PENALTY and (pen is None or scheduled_only):
                if not self.arrears:
                    continue  # nothing is charged (or the first pass of charges_last)
                # a plan's penalty arrears alone (they do not grow), from a pointer
                remaining = self._pay_in_turn(
                    component, first, count, remaining, payment, day, touched
                )
            elif queued and component in (FEES, PENALTY):
                key = _SCHEDULED if scheduled_only else component
                if self.owing[key]:
                    remaining = self._pay_queued(
                        key, component, first, remaining, payment, day, touched
                    )
            else:
                remaining = self._pay_in_turn(
                    component, first, count, remaining, payment, day, touched
                )
            if not remaining:
                break
        paid_on, mark = self.paid_on, self._mark_paid
        for j in touched:
            if not paid_on[j]:  # (else marked already)
                mark(j, day)
        if self.brought:
            self._settle_events(day)
        return remaining

    def _pay_in_turn(
        self,
        component: int,
        first: int,
        count: int,
        remaining: int,
        payment: int,
        day: int,
        touched: list[int],
    ) -> int:
        """Pay a component that does not grow (principal, interest; fees without a
        penalty policy; a plan's penalty arrears alone) across the installments
        due, from its pointer."""
        if self.arrears:
            return self._pay_arrears_in_turn(
                component, first, count, remaining, payment, day, touched
            )
        if component == PRINCIPAL:
            owed_by, paid_by = self.p_due, self.p_paid
        elif component == INTEREST:
            owed_by, paid_by = self.i_due, self.i_paid
        else:  # scheduled fees: no late fee without a penalty policy
            owed_by, paid_by = self.sched_fee, self.f_paid
        starts = self.vertical_start
        start = j = first if first > starts[component] else starts[component]
        queued, event_day = self.queued, self.event_day
        pen = self.penalty
        last = self.last if pen is not None else None
        ledger = self.ledger
        while j < count and remaining:
            if queued and event_day[j] <= day:
                self._bring(j, day)
            owed = owed_by[j] - paid_by[j]
            if owed > 0:  # `_pay`, inlined
                take = owed if owed < remaining else remaining
                if last is not None and day > last[j]:
                    self.commit(j, day)  # the base changes: its accrual so far is on the old one
                paid_by[j] += take
                if component == PRINCIPAL:
                    self.outstanding -= take
                ledger.append((payment, j, component, take))
                touched.append(j)
                remaining -= take
            j += 1
        j = start
        while j < count and owed_by[j] <= paid_by[j]:
            j += 1
        starts[component] = j
        return remaining

    def _pay_arrears_in_turn(
        self,
        component: int,
        first: int,
        count: int,
        remaining: int,
        payment: int,
        day: int,
        touched: list[int],
    ) -> int:
        """`_pay_in_turn` when the rows repay a plan's arrears: what each owes of
        the component, its arrears included (`owed`)."""
        owed_of = self.owed
        starts = self.vertical_start
        start = j = first if first > starts[component] else starts[component]
        queued, event_day = self.queued, self.event_day
        while j < count and remaining:
            if queued and event_day[j] <= day:
                self._bring(j, day)
            owed = owed_of(j, component)
            if owed > 0:
                take = owed if owed < remaining else remaining
                self._pay(j, component, take, payment, day)
                touched.append(j)
                remaining -= take
            j += 1
        j = start
        while j < count and owed_of(j, component) <= 0:
            j += 1
        starts[component] = j
        return remaining

    def _list(self, j: int, key: int) -> None:
        """Queue installment j in a queue (`owing`)."""
        listed = self.listed[key]
        if not listed[j]:
            listed[j] = True
            heappush(self.owing[key], j)

    def _pay_queued(
        self,
        key: int,
        component: int,
        first: int,
        remaining: int,
        payment: int,
        day: int,
        touched: list[int],
    ) -> int:
        """Pay fees or penalty across the installments from `first` that owe some,
        oldest first, bringing up those whose charges have grown."""
        queue, listed, event_day = self.owing[key], self.listed[key], self.event_day
        scheduled = key == _SCHEDULED
        while queue and remaining:
            j = queue[0]
            if j >= first:  # an installment before it owes nothing and is not walked
                if event_day[j] <= day:
                    self._bring(j, day)
                if component == PENALTY:
                    owed = self.pen_due[j] - self.pen_paid[j]
                    if self.arrears:
                        owed += self.ar_due[PENALTY][j] - self.ar_paid[PENALTY][j]
                elif scheduled:
                    owed = self.sched_fee[j] - self.f_paid[j]
                else:
                    owed = self.sched_fee[j] + self.fee_due[j] - self.f_paid[j]
                if owed > 0:
                    take = owed if owed < remaining else remaining
                    self._pay(j, component, take, payment, day)
                    touched.append(j)
                    remaining -= take
                    if take < owed:
                        break
            heappop(queue)
            listed[j] = False
        return remaining

    def _wake(self, day: int) -> None:
        """Queue every installment whose charges grow by the end of `day` (by `events`)."""
        events, event_day = self.events, self.event_day
        keys = self._keys
        while events and events[0][0] <= day:
            when, j = heappop(events)
            if event_day[j] == when and j >= self.first_open:  # (before it: never walked)
                for key in keys:
                    self._list(j, key)

    def _bring(self, j: int, day: int) -> None:
        """Bring installment j up to `day` and queue what it owes; when it grows next
        is found once the payment is made (`_settle_events`): it is up to date till then."""
        self.bring_up(j, day)
        self._list_owed(j)
        self.event_day[j] = _NEVER
        self.brought.append(j)

    def _settle_events(self, day: int) -> None:
        """When each installment brought up during a payment on `day` grows next,
        found on what it owes after it: never, once paid in full (it is assessed:
        nothing accrues on nothing, and its late fee is charged)."""
        fully_paid = self.fully_paid
        for j in self.brought:
            if not fully_paid(j):
                self._next_event(j, day)
        self.brought.clear()

    def _list_owed(self, j: int) -> None:
        """Queue what installment j owes of penalty and fees."""
        if self.pen_due[j] > self.pen_paid[j] or (
            self.arrears and self.ar_due[PENALTY][j] > self.ar_paid[PENALTY][j]
        ):
            self._list(j, PENALTY)
        if self.sched_fee[j] + self.fee_due[j] > self.f_paid[j]:
            self._list(j, FEES)

    def _queue(self, j: int, day: int) -> None:
        """Queue what installment j owes and when it grows next, after `day`."""
        self._list_owed(j)
        self._next_event(j, day)

    def _next_event(self, j: int, day: int) -> None:
        """Record when installment j grows next, after `day` (`_next_charge`)."""
        when = self._next_charge(j, day)
        self.event_day[j] = when
        if when < _NEVER:
            heappush(self.events, (when, j))

    def carried_unpaid(self, j: int) -> int:
        """Installment j's scheduled fees and the arrears it repays, unpaid."""
        unpaid = self.sched_fee[j] - self.f_paid[j]
        if unpaid < 0:  # (late fees paid)
            unpaid = 0
        if self.arrears:
            unpaid += self.arrears_left(j)
        return unpaid

    def _fill_ahead(self, j: int, remaining: int, payment: int, day: int) -> int:
        """`_fill` of an installment not yet due, keeping `fees_ahead`."""
        if not self.has_fees:
            return self._fill(j, remaining, payment, day)
        before = self.carried_unpaid(j)
        remaining = self._fill(j, remaining, payment, day)
        self.fees_ahead -= before - self.carried_unpaid(j)
        return remaining

    def _fill_owed(
        self, fill: Callable[[int, int, int, int], int], j: int, remaining: int,
        payment: int, day: int,
    ) -> int:  # fmt: skip
        """`fill` of installment j, not yet due, paying no more principal than is owed
        (`outstanding`): while a holiday is not over, the principal of the rows after
        it holds interest not yet added to the balance. Once it is all repaid, the
        caller settles the loan (which takes that interest off the rows)."""
        excess = self.p_due[j] - self.p_paid[j] - self.outstanding
        if excess <= 0:
            return fill(j, remaining, payment, day)
        self.p_due[j] -= excess  # (for this fill only)
        remaining = fill(j, remaining, payment, day)
        self.p_due[j] += excess
        return remaining

    def accrued_unpaid(self, row: int, day: int) -> int:
        """With daily accrual, the interest of `row` accrued by `day` and unpaid."""
        if not self.daily or row >= self.n:
            return 0
        self.ensure(row)
        accrued = min(self.accrued(row, day), self.row_interest(row))
        return max(0, accrued - self.i_paid[row])

    def _excess(self, payment: int, day: int, remaining: int) -> int:
        """Apply what is left after everything due; returns the credit kept."""
        k = self.due_count
        accrued_unpaid = self.accrued_unpaid(k, day) if self.daily else 0
        if remaining >= self.outstanding + accrued_unpaid + self.fees_ahead:
            return self.settle(payment, day, remaining)
        excess = self.excess
        if excess is _CREDIT:
            return remaining
        if excess is _NEXT_INSTALLMENT:
            j, n = self.ahead, self.n
            fill = self._fill_ahead if self.has_fees else self._fill  # (no fees to keep up)
            fully_paid = self.fully_paid
            while j < n and remaining:
                if j >= self.ready:
                    self.ensure(j)
                if self.cap_ahead:  # (a holiday not over: no more principal than owed)
                    remaining = self._fill_owed(fill, j, remaining, payment, day)
                else:
                    remaining = fill(j, remaining, payment, day)
                if not fully_paid(j):
                    break
                j += 1
            self.ahead = j
            if not self.outstanding:  # all principal repaid: interest not yet due is not owed
                remaining = self.settle(payment, day, remaining)
            return remaining
        # REDUCE_TERM / REDUCE_INSTALLMENT: accrued interest first, then principal
        if accrued_unpaid:
            take = accrued_unpaid if accrued_unpaid < remaining else remaining
            over = self.i_paid[k] + take - self.i_due[k]
            if over > 0:  # a holiday row's interest to date, paid: it adds that much less
                self.cap[k] -= over  # to the balance (nor do the later rows repay it)
                self.cap_ahead -= over
                self.i_due[k] += over
                self._lower_principal(k + 1, over)
            self._pay(k, INTEREST, take, payment, day, arrears=False)  # its own interest
            remaining -= take
        prepaid = remaining if remaining < self.outstanding else self.outstanding
        if prepaid:
            self.outstanding -= prepaid
            self.ledger.append((payment, -1, PRINCIPAL, prepaid))
            self._reset(k, day)
            remaining -= prepaid
        if remaining:  # all principal repaid: the rest pays the arrears the rows ahead repay
            remaining = self.settle(payment, day, remaining)
        return remaining

    def row_interest(self, row: int) -> int:
        """All of `row`'s interest: what it owes and what it adds to the balance (a
        holiday row's, capitalised when it falls due)."""
        if row < self.cap_end:
            return self.i_due[row] + self.cap[row]
        return self.i_due[row]

    def _forgo_capitalised(self, k: int, repaid: bool = True) -> None:
        """The rows from k, not yet due, add no interest to the balance any more (the
        loan is paid off, or they are recomputed from the balance as it stands). With
        `repaid`, the later rows' principal, which holds what they would have added,
        is lowered by it, the last row first: the principal the rows still owe is the
        principal owed (`outstanding`)."""
        cap = self.cap
        for j in range(k, self.cap_end):
            cap[j] = 0
        left = self.cap_ahead
        self.cap_ahead = 0
        if repaid:
            self._lower_principal(k, left)

    def _lower_principal(self, k: int, amount: int) -> None:
        """Lower the principal the rows from k owe by `amount`, the last row first
        (the rows not yet made, after a prepayment, amortise that much less)."""
        if self.ready < self.n:  # (the rows made from `ready` on repay `gen_balance`)
            self.gen_balance -= amount
            self.gen_added = max(0, self.gen_added - amount)  # (the holiday's base stays)
            return
        p_due, p_paid = self.p_due, self.p_paid
        j = self.n - 1
        while amount and j >= k:
            room = p_due[j] - p_paid[j]
            if room > 0:
                take = room if room < amount else amount
                p_due[j] -= take
                amount -= take
            j -= 1

    def settle(self, payment: int, day: int, budget: int) -> int:
        """Pay off the installments not yet due from `budget`; returns what is left.

        Their principal is owed (but the interest a holiday row not yet due would
        add to it); their interest is not (but, with daily accrual, the current
        period's interest to date, a holiday row's included). Their scheduled fees
        are owed: a schedule's fee column holds amounts owed before it was made
        (a plan's arrears, repaid with its installments), not charges of a period.
        """
        k = self.due_count
        n = self.n
        self.ensure(n - 1)
        accrued = 0
        if self.daily and k < n:
            accrued = min(self.accrued(k, day), self.row_interest(k))
        if self.cap_ahead:
            self._forgo_capitalised(k)
        for j in range(k, n):
            keep = self.i_paid[j]
            if j == k and accrued > keep:
                keep = accrued
            self.i_due[j] = keep
            if budget:
                budget = self._fill_ahead(j, budget, payment, day)
        return budget

    def finish(self, as_of: int, rows: bool = True) -> ReplayResult:
        """Close the replay at the end of `as_of` and return its result; without
        `rows`, its ledger, payments' credits and payment days are left empty
        (a summary reads none of them)."""
        self.advance(as_of)
        self.ensure(self.n - 1)
        if self.penalty is not None:
            for j in range(self.first_open, self.due_count):
                self.bring_up(j, as_of)
        k = self.due_count
        accrued = 0
        if self.daily and k < self.n:
            accrued = max(0, min(self.accrued(k, as_of), self.row_interest(k)) - self.i_paid[k])
        p_due, i_due, pen_due, pen_int = self.p_due, self.i_due, self.pen_due, self.pen_int
        p_paid, i_paid, pen_paid = self.p_paid, self.i_paid, self.pen_paid
        pen_int_paid = self.pen_int_paid
        if self.arrears:  # each part of the arrears under its component
            due, paid = self.ar_due, self.ar_paid
            p_due = list(map(add, p_due, due[PRINCIPAL]))
            i_due = list(map(add, i_due, due[INTEREST]))
            pen_due = list(map(add, pen_due, due[PENALTY]))
            pen_int = list(map(add, pen_int, due[PENALTY]))  # one penalty: 罚息 (see Statement)
            p_paid = list(map(add, p_paid, paid[PRINCIPAL]))
            i_paid = list(map(add, i_paid, paid[INTEREST]))
            pen_paid = list(map(add, pen_paid, paid[PENALTY]))
            pen_int_paid = list(map(add, pen_int_paid, paid[PENALTY]))
        # the oldest installment due with principal, interest or scheduled fees (or a
        # plan's interest or penalty arrears) unpaid: none before the first open one
        oldest = 0
        sched_fee, f_paid, arrears = self.sched_fee, self.f_paid, self.arrears
        for j in range(self.first_open, k):
            if (
                p_paid[j] != p_due[j]
                or i_paid[j] != i_due[j]
                or f_paid[j] < sched_fee[j]
                or (
                    arrears
                    and self.ar_due[INTEREST][j] - self.ar_paid[INTEREST][j]
                    + self.ar_due[PENALTY][j] - self.ar_paid[PENALTY][j]
                )
            ):  # fmt: skip
                oldest = self.due[j]
                break
        return ReplayResult(
            due=tuple(self.due),
            principal_due=tuple(p_due),
            interest_due=tuple(i_due),
            fees_scheduled=tuple(self.sched_fee),
            late_fees=tuple(self.fee_due),
            penalty_due=tuple(pen_due),
            penalty_interest_due=tuple(pen_int),
            principal_paid=tuple(p_paid),
            interest_paid=tuple(i_paid),
            fees_paid=tuple(self.f_paid),
            penalty_paid=tuple(pen_paid),
            penalty_interest_paid=tuple(pen_int_paid),
            paid_on=tuple(self.paid_on),
            due_count=k,
            accrued_interest=accrued,
            ledger=tuple(self.ledger) if rows else (),
            payment_credit=tuple(self.payment_credit) if rows else (),
            credit=self.credit,
            settled_on=self.settled_on,
            arrears_due=tuple(map(tuple, self.ar_due)),
            arrears_paid=tuple(map(tuple, self.ar_paid)),
            capitalised=tuple(self.cap),
            oldest_unpaid=oldest,
        )
