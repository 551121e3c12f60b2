"""Penalty policies, as data: penalty interest, compound interest, late fees,
grace, caps and a stop rule.

A `PenaltyPolicy` only describes the rules; `statement` applies them while it
replays the payments, interval by interval in closed form.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reschedule.conventions import (
    EXACT,
    MAX_TIERS,
    Choice,
    DayCount,
    DecimalLike,
    InvalidInputError,
    non_negative,
    to_decimal,
    to_rate,
    whole,
)
from reschedule.plans import to_date

__all__ = ["ChargeFrom", "LateFee", "PenaltyBase", "PenaltyPolicy"]


class PenaltyBase(Choice, label="penalty base"):
    """The overdue amount a penalty rate (or a late-fee percentage) applies to.

    Each is measured per installment, on what of it is unpaid. Charges
    (penalty and late fees) never bear penalty themselves.
    """

    OVERDUE_PRINCIPAL = "overdue_principal"
    """The unpaid principal of overdue installments (the Chinese banks' 罚息 base)."""
    OVERDUE_PRINCIPAL_AND_INTEREST = "overdue_principal_and_interest"
    """Unpaid principal and interest of overdue installments."""
    OVERDUE_TOTAL = "overdue_total"
    """Unpaid principal, interest and scheduled fees of overdue installments."""
    MATURED_PRINCIPAL = "matured_principal"
    """Principal still unpaid after the loan's maturity (its last due date);
    nothing is charged before maturity."""


class ChargeFrom(Choice):
    """Where penalty interest starts once an installment is past its grace days."""

    DUE_DATE = "due_date"
    """From the due date: an installment still unpaid when the grace days are
    over is charged for the grace days too; one paid within them, nothing."""
    GRACE_END = "grace_end"
    """Only for the days after the grace days."""


def _amount(value: DecimalLike, name: str) -> Decimal:
    return non_negative(value, name)


def _optional_amount(value: DecimalLike | None, name: str) -> Decimal | None:
    return None if value is None else _amount(value, name)


def _fraction(value: DecimalLike | None, name: str) -> Decimal | None:
    if value is None:
        return None
    amount = to_decimal(value, name)
    if amount <= 0:
        raise InvalidInputError(f"{name} must be positive (a fraction: 0.5 for 50%); got {amount}")
    return amount


def _annual_rate(value: DecimalLike | None, name: str) -> Decimal | None:
    """An annual rate read as a loan's is: ``0.18`` or ``"18%"``; a bare 18 refused."""
    return None if value is None else to_rate(value, name)


LARGEST_MULTIPLE = Decimal(10)
"""The largest penalty rate multiple written as a bare number (10 times the
contract rate); a larger one is almost always a multiple in per cent."""


def _multiple(value: DecimalLike | None, name: str) -> Decimal | None:
    """A multiple of the contract rate: ``1.5`` or ``"150%"`` (the rate plus 50%).

    A bare multiple above `LARGEST_MULTIPLE` is refused with the fix, since
    ``150`` is almost always 150% meant as a multiple of 150.
    """
    if value is None:
        return None
    text = value.strip() if isinstance(value, str) else None
    if text is not None and text.endswith("%"):
        multiple = EXACT.divide(_amount(text[:-1].strip(), name), Decimal(100))
    else:
        multiple = _amount(value, name)
        if multiple > LARGEST_MULTIPLE:
            share = EXACT.divide(multiple, Decimal(100)).normalize(EXACT)
            raise InvalidInputError(
                f"{name} is a multiple of the contract rate: {value} makes the penalty rate "
                f"{multiple.normalize(EXACT):f} times it; write {share:f} or "
                f"'{multiple.normalize(EXACT):f}%' for {multiple.normalize(EXACT):f}% of it, "
                f"or '{EXACT.multiply(multiple, Decimal(100)).normalize(EXACT):f}%' if "
                f"{multiple.normalize(EXACT):f} times is meant",
                code="rate_in_per_cent",
                path=name,
            )
    return multiple


def _days(value: object, name: str, low: int) -> int:
    return whole(value, name, low)


@dataclass(frozen=True, slots=True, init=False)
class LateFee:
    """A late fee charged once on each installment that is late.

    An installment is late when any of its principal, interest or scheduled
    fees is still unpaid once its grace days are over; the fee is charged at
    the start of the next day, before that day's payments. The fee is
    ``fixed + rate × base``, held between `minimum` and `maximum`, where the
    base is what of the installment is unpaid at that moment.

    Args:
        amount: a fixed amount per late installment.
        rate: a fraction of the base: ``0.05`` or ``"5%"`` for 5% (a bare
            number above 1 is refused as a per cent written bare).
        base: which unpaid amounts of the installment `rate` and `tiers`
            measure; not `PenaltyBase.MATURED_PRINCIPAL`.
        minimum: the least fee charged, or None.
        maximum: the most fee charged, or None.
        tiers: fixed amounts by the size of the base, as ``(from, fee)``
            pairs in increasing order starting at 0: the fixed amount is the
            fee of the last tier whose ``from`` the base reaches. Replaces
            `amount`.

    Raises:
        InvalidInputError: a negative amount or rate, a minimum above the
            maximum, tiers out of order, or both `amount` and `tiers`.

    Examples:
        >>> fee = LateFee(rate="0.05", base="overdue_principal_and_interest")
        >>> fee.rate, fee.base.value
        (Decimal('0.05'), 'overdue_principal_and_interest')
        >>> LateFee(tiers=[(0, 40), (1000, 70), (10_000, 100)]).fixed(Decimal("1000"))
        Decimal('70')
    """

    amount: Decimal
    rate: Decimal
    base: PenaltyBase
    minimum: Decimal | None
    maximum: Decimal | None
    tiers: tuple[tuple[Decimal, Decimal], ...]

    def __init__(
        self,
        amount: DecimalLike = 0,
        rate: DecimalLike = 0,
        base: PenaltyBase | str = PenaltyBase.OVERDUE_PRINCIPAL_AND_INTEREST,
        *,
        minimum: DecimalLike | None = None,
        maximum: DecimalLike | None = None,
        tiers: Iterable[tuple[DecimalLike, DecimalLike]] = (),
    ) -> None:
        setattr_ = object.__setattr__
        fixed = _amount(amount, "late fee amount")
        base_ = PenaltyBase.parse(base)
        if base_ is PenaltyBase.MATURED_PRINCIPAL:
            raise InvalidInputError(
                "late fee base must be an overdue amount of the installment; got "
                "'matured_principal' (use 'overdue_principal')"
            )
        given = list(itertools.islice(tiers, MAX_TIERS + 1))
        if len(given) > MAX_TIERS:
            raise InvalidInputError(
                f"a late fee has at most {MAX_TIERS} tiers; got more",
                code="too_large",
                path="tiers",
            )
        steps = tuple(
            (_amount(low, "late fee tier start"), _amount(fee, "late fee tier fee"))
            for low, fee in given
        )
        if steps:
            if fixed:
                raise InvalidInputError(
                    f"late fee takes a fixed amount or tiers, not both; got amount {fixed} "
                    "and tiers (put the amount in the tiers)"
                )
            starts = [low for low, _ in steps]
            if starts[0] != 0 or any(b <= a for a, b in itertools.pairwise(starts)):
                raise InvalidInputError(
                    "late fee tiers must start at 0 and increase; got starts "
                    f"{[str(low) for low in starts]}"
                )
        low_fee = _optional_amount(minimum, "late fee minimum")
        high_fee = _optional_amount(maximum, "late fee maximum")
        if low_fee is not None and high_fee is not None and low_fee > high_fee:
            raise InvalidInputError(
                f"late fee minimum must not exceed its maximum; got minimum {low_fee} "
                f"and maximum {high_fee}"
            )
        setattr_(self, "amount", fixed)
        setattr_(self, "rate", to_rate(rate, "late fee rate", per="of the unpaid amount"))
        setattr_(self, "base", base_)
        setattr_(self, "minimum", low_fee)
        setattr_(self, "maximum", high_fee)
        setattr_(self, "tiers", steps)

    def fixed(self, base: Decimal) -> Decimal:
        """The fixed part of the fee for an unpaid base amount: `amount`, or
        the fee of the tier the base falls in."""
        fee = self.amount
        for low, tier_fee in self.tiers:
            if base >= low:
                fee = tier_fee
        return fee


@dataclass(frozen=True, slots=True, init=False)
class PenaltyPolicy:
    """What an overdue installment costs: penalty interest, compound interest
    and late fees, with grace, caps and a stop rule.

    Args:
        rate: the penalty interest rate, an annual fraction (``0.18``) or a
            per cent (``"18%"``; a bare 18 is refused, as a loan's rate is),
            or None; give it or `rate_multiple`, not both.
        rate_multiple: the penalty rate as a multiple of the loan's contract
            rate: ``1.5`` or ``"150%"`` is the contract rate plus 50% (the
            Chinese bank rule; 1.3 to 1.5 is the legal band for overdue
            loans, 1.5 to 2 for misused ones). A bare multiple above 10 is
            refused, as a per cent written bare.
        base: the overdue amount penalty interest accrues on.
        compound: charge compound interest (复利) at the penalty rate on
            unpaid overdue interest; for the principal bases only.
        day_count: how days count for penalty interest (ACT/360 by default:
            a daily rate of annual rate / 360).
        grace_days: days after a due date in which paying in full costs
            nothing: no penalty interest, no late fee.
        charge_from: once the grace days are over, charge penalty interest
            from the due date or only from the end of the grace days.
        late_fee: a `LateFee` charged once per late installment, or None.
        cap_per_installment: the most charged on one installment (penalty,
            compound interest and late fee together), as a fraction of its
            scheduled amount.
        cap_total: the most penalty interest (with compound interest; late
            fees have their own limits) charged on the loan altogether, as a
            fraction of its principal. When it binds, what is left of it goes
            to the installments in the order they are charged: at earlier
            dates first, and on one date the oldest installment first.
        max_annual_rate: an all-in annual cost cap: the charges on an
            installment never exceed this rate a year, simple, on its unpaid
            principal, interest and fees over the days it has been overdue
            (such as 0.24 or ``"24%"``, or four times the one-year LPR).
        stop_after_days: no penalty interest after this many days past due,
            and no late fee from then on (counted per installment).
        charge_off: no penalty interest after this date, and no late fee
            from then on (the whole loan).
        charges_last: payments pay the scheduled principal, interest and
            fees of every installment due before any penalty interest or
            late fee, whatever the allocation's order; so a payment that
            covers the installment due is applied to it, and an unpaid
            late fee never makes a later full, on-time payment late (no
            pyramiding of late fees, as 16 CFR 444.4 requires of consumer
            credit). The charges are paid from what is left.

    Raises:
        InvalidInputError: a negative rate, both `rate` and `rate_multiple`,
            compound interest on a base that already holds the interest, a
            cap that is not positive, a negative day count.

    Notes:
        Penalty interest on an installment over an interval in which its base
        does not change is ``base × rate × year_fraction(start, end)``; the
        engine sums those intervals exactly (rates change only at due dates,
        grace ends, payments, caps and stop dates) and rounds the running
        total, so a loan ten years overdue costs no more to compute than one
        a month overdue. A day is counted for penalty when it ends: an
        installment due on the 15th and paid on the 16th owes one day.

    Examples:
        >>> policy = PenaltyPolicy.chinese_bank()
        >>> policy.rate_multiple, policy.compound, policy.day_count
        (Decimal('1.5'), True, <DayCount.ACT_360: 'ACT/360'>)
        >>> policy.annual_rate(Decimal("0.06"))
        Decimal('0.090')
        >>> PenaltyPolicy(rate="0.18", rate_multiple="1.5")
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: penalty takes rate or rate_multiple, not both; ...
    """

    rate: Decimal | None
    rate_multiple: Decimal | None
    base: PenaltyBase
    compound: bool
    day_count: DayCount
    grace_days: int
    charge_from: ChargeFrom
    late_fee: LateFee | None
    cap_per_installment: Decimal | None
    cap_total: Decimal | None
    max_annual_rate: Decimal | None
    stop_after_days: int | None
    charge_off: date | None
    charges_last: bool

    def __init__(
        self,
        rate: DecimalLike | None = None,
        *,
        rate_multiple: DecimalLike | None = None,
        base: PenaltyBase | str = PenaltyBase.OVERDUE_PRINCIPAL,
        compound: bool = False,
        day_count: DayCount | str = DayCount.ACT_360,
        grace_days: int = 0,
        charge_from: ChargeFrom | str = ChargeFrom.DUE_DATE,
        late_fee: LateFee | None = None,
        cap_per_installment: DecimalLike | None = None,
        cap_total: DecimalLike | None = None,
        max_annual_rate: DecimalLike | None = None,
        stop_after_days: int | None = None,
        charge_off: date | str | None = None,
        charges_last: bool = False,
    ) -> None:
        setattr_ = object.__setattr__
        absolute = _annual_rate(rate, "penalty rate")
        multiple = _multiple(rate_multiple, "penalty rate_multiple")
        if absolute is not None and multiple is not None:
            raise InvalidInputError(
                f"penalty takes rate or rate_multiple, not both; got rate {absolute} "
                f"and rate_multiple {multiple}"
            )
        base_ = PenaltyBase.parse(base)
        if compound and base_ in (
            PenaltyBase.OVERDUE_PRINCIPAL_AND_INTEREST,
            PenaltyBase.OVERDUE_TOTAL,
        ):
            raise InvalidInputError(
                "compound interest charges the overdue interest, which base "
                f"{base_.value!r} already holds; use base 'overdue_principal' with "
                "compound=True, or compound=False"
            )
        if compound and absolute is None and multiple is None:
            raise InvalidInputError(
                "compound interest is charged at the penalty rate; got compound=True "
                "with no rate (give rate or rate_multiple)"
            )
        if late_fee is not None and not isinstance(late_fee, LateFee):
            raise InvalidInputError(
                f"late_fee must be a LateFee or None; got {type(late_fee).__name__} {late_fee!r}"
            )
        setattr_(self, "rate", absolute)
        setattr_(self, "rate_multiple", multiple)
        setattr_(self, "base", base_)
        setattr_(self, "compound", bool(compound))
        setattr_(self, "day_count", DayCount.parse(day_count))
        setattr_(self, "grace_days", _days(grace_days, "grace_days", 0))
        setattr_(self, "charge_from", ChargeFrom.parse(charge_from))
        setattr_(self, "late_fee", late_fee)
        setattr_(
            self,
            "cap_per_installment",
            _fraction(cap_per_installment, "cap_per_installment"),
        )
        setattr_(self, "cap_total", _fraction(cap_total, "cap_total"))
        setattr_(
            self,
            "max_annual_rate",
            _fraction(_annual_rate(max_annual_rate, "max_annual_rate"), "max_annual_rate"),
        )
        setattr_(
            self,
            "stop_after_days",
            None if stop_after_days is None else _days(stop_after_days, "stop_after_days", 1),
        )
        setattr_(
            self, "charge_off", None if charge_off is None else to_date(charge_off, "charge_off")
        )
        if not isinstance(charges_last, bool):
            raise InvalidInputError(
                f"charges_last must be True or False; got {type(charges_last).__name__} "
                f"{charges_last!r}"
            )
        setattr_(self, "charges_last", charges_last)

    def annual_rate(self, contract_rate: DecimalLike) -> Decimal:
        """The penalty interest rate for a loan at `contract_rate`.

        Examples:
            >>> PenaltyPolicy(rate_multiple="1.3").annual_rate("0.0435")
            Decimal('0.05655')
        """
        if self.rate is not None:
            return self.rate
        if self.rate_multiple is None:
            return Decimal(0)
        return EXACT.multiply(self.rate_multiple, to_decimal(contract_rate, "contract rate"))

    # -- presets --------------------------------------------------------------

    @classmethod
    def chinese_bank(cls, multiple: DecimalLike = "1.5", *, grace_days: int = 0) -> PenaltyPolicy:
        """A Chinese bank loan: the contract rate plus 50% on overdue
        principal, compound interest at that rate on overdue interest, ACT/360.

        Args:
            multiple: the penalty rate over the contract rate: 1.3 to 1.5 for
                overdue loans, 1.5 to 2 for loans used against the contract.
            grace_days: days of grace (a contract term; none by default);
                past them penalty runs from the due date.

        References:
            PBOC 银发〔2003〕251号 (from 2004): 逾期贷款罚息利率在借款合同载明的
            贷款利率水平上加收30%-50%; 对不能按时支付的利息，按罚息利率计收复利.

        Examples:
            >>> PenaltyPolicy.chinese_bank().base
            <PenaltyBase.OVERDUE_PRINCIPAL: 'overdue_principal'>
        """
        return cls(
            rate_multiple=multiple,
            base=PenaltyBase.OVERDUE_PRINCIPAL,
            compound=True,
            day_count=DayCount.ACT_360,
            grace_days=grace_days,
            charge_from=ChargeFrom.DUE_DATE,
        )

    @classmethod
    def us_mortgage(cls, rate: DecimalLike = "0.05", *, grace_days: int = 15) -> PenaltyPolicy:
        """A US mortgage: a late charge of 5% of the overdue principal and
        interest payment, once, when it is unpaid 15 days after its due date;
        payments pay principal and interest before late charges, so late
        charges never pyramid.

        A payment that covers the installment due is applied to it: an unpaid
        late charge stays owed (a fee, collected from money beyond the
        installments due) and never makes a later full, on-time payment late
        or charged again (`charges_last`).

        References:
            Fannie Mae/Freddie Mac uniform fixed-rate note (Form 3200), §6(A):
            "If the Note Holder has not received the full amount of any monthly
            payment by the end of 15 calendar days after the date it is due,
            I will pay a late charge ... 5% of my overdue payment of principal
            and interest ... only once on each late payment."
            16 CFR 444.4 (late charges): no delinquency charge on a payment
            that is otherwise a full payment for its period, paid on time or
            within the grace period, when the only delinquency is late fees
            assessed on earlier installments.

        Examples:
            >>> policy = PenaltyPolicy.us_mortgage()
            >>> policy.late_fee.rate, policy.charges_last
            (Decimal('0.05'), True)
        """
        return cls(
            grace_days=grace_days,
            late_fee=LateFee(rate=rate, base=PenaltyBase.OVERDUE_PRINCIPAL_AND_INTEREST),
            charges_last=True,
        )

    @classmethod
    def uk_late_payment(cls, base_rate: DecimalLike) -> PenaltyPolicy:
        """A UK commercial debt: simple interest at 8% over the reference
        (Bank of England base) rate, ACT/365, plus fixed compensation of 40,
        70 or 100 per late installment by its size (under 1,000; up to
        9,999.99; 10,000 or more).

        Args:
            base_rate: the reference rate in force, as a fraction (``0.0525``)
                or in per cent (``"5.25%"``).

        References:
            Late Payment of Commercial Debts (Interest) Act 1998, s.5A (fixed
            sums); Late Payment of Commercial Debts (Rate of Interest) (No. 3)
            Order 2002 (8% over the reference rate).

        Examples:
            >>> PenaltyPolicy.uk_late_payment("0.0525").rate
            Decimal('0.1325')
        """
        rate = EXACT.add(to_rate(base_rate, "base_rate"), Decimal("0.08"))
        return cls(
            rate=rate,
            base=PenaltyBase.OVERDUE_TOTAL,
            day_count=DayCount.ACT_365F,
            late_fee=LateFee(
                base=PenaltyBase.OVERDUE_TOTAL,
                tiers=[(0, 40), (1000, 70), (10_000, 100)],
            ),
        )

    @classmethod
    def credit_card(cls, fee: DecimalLike, *, grace_days: int = 0) -> PenaltyPolicy:
        """A credit-card style flat late charge: a fixed fee per missed
        installment, never more than the installment itself.

        References:
            US Regulation Z §1026.52(b)(2)(i)(A) (a penalty fee may not exceed
            the amount of the required payment); in China the card late charge
            (违约金, which replaced 滞纳金 in 2017) is set by contract
            (银发〔2016〕111号).

        Examples:
            >>> PenaltyPolicy.credit_card(25).late_fee.amount
            Decimal('25')
        """
        return cls(
            grace_days=grace_days,
            late_fee=LateFee(amount=fee),
            cap_per_installment=1,
        )
