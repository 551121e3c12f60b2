"""The terms of a loan: what `amortize` turns into a schedule."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from reschedule.conventions import (
    EXACT,
    LARGEST_AMOUNT,
    MAX_TERM,
    BusinessDay,
    Calendar,
    CalendarLike,
    Choice,
    DayCount,
    DecimalLike,
    Frequency,
    InvalidInputError,
    InvalidTermsError,
    Rounding,
    non_negative,
    positive,
    to_date,
    to_dates,
    to_rate,
    whole,
)

__all__ = ["MAX_TERM", "Loan", "Method", "to_date", "whole"]  # the rules re-exported


class Method(Choice):
    """How principal and interest are spread over the installments."""

    ANNUITY = "annuity"
    """Level payment (等额本息): every installment the same, the last absorbing rounding."""
    EQUAL_PRINCIPAL = "equal_principal"
    """Equal principal (等额本金): the same principal each time, interest on the balance."""
    INTEREST_ONLY = "interest_only"
    """Interest first, principal at the end (先息后本)."""
    BALLOON = "balloon"
    """Level payment sized to leave a balloon, the remaining balance due at maturity."""
    FLAT = "flat"
    """Flat rate (等本等息): equal principal plus interest on the original principal."""


_ROUNDING = Rounding()
"""The default rounding, one value for every loan given none (roundings are immutable)."""

_WEEKDAYS = Calendar()
"""The default calendar, one value for every loan given none (calendars are immutable)."""


def _term(check: Callable[[DecimalLike, str], Decimal], value: DecimalLike, name: str) -> Decimal:
    """`check(value, name)`, its error an `InvalidTermsError`: a loan's terms are at fault."""
    try:
        return check(value, name)
    except InvalidTermsError:
        raise
    except InvalidInputError as error:
        raise InvalidTermsError(*error.args, code=error.code, path=error.path) from None


@dataclass(frozen=True, slots=True, init=False)
class Loan:
    """The terms of a loan, validated once; immutable.

    Args:
        principal: the amount lent, in whole minor units of the currency.
        annual_rate: the nominal annual rate as a fraction (``0.12`` for 12%),
            not per cent.
        term: the number of installments.
        start: the disbursement date, where interest starts to accrue.
        frequency: how often installments fall due (monthly by default).
        method: how principal and interest are spread (annuity by default).
        day_count: how an accrual period's days count (30/360 US by default;
            ``"ACT/360"`` is the Chinese banks' rule).
        first_payment: the first due date when it is not one period after
            `start`: an odd first period, short or long, whose interest follows
            the day count. Later due dates follow it by whole periods.
        rounding: places, mode and installment multiple.
        balloon: with `Method.BALLOON`, the amount due at maturity on top of
            the last level payment (Excel's PMT with ``fv = -balloon``).
        amortization_term: with `Method.BALLOON`, size the level payment over
            this many installments instead (more than `term`).
        payment: with `Method.ANNUITY`, a fixed installment instead of the
            computed level payment (at least that payment; the last
            installment is smaller). Restructuring uses it to keep an
            installment and solve the term.
        principal_grace: the first installments pay interest only.
        interest_free: the first installments charge no interest.
        end_of_month: when the anchor date is the last day of its month, every
            due date is the last day of its month.
        business_day: how due dates on non-business days move. Interest
            accrues on the unadjusted dates. Unadjusted by default; following
            (节假日顺延, the next business day) when a `calendar` is given.
        holidays: non-business days besides Saturdays and Sundays and the
            calendar's own (after construction: every extra holiday, these
            and those of a calendar given as a set of dates).
        calendar: the lender's business days: ``"CN"`` (China's statutory
            holidays and make-up working weekends, 调休), ``"US"`` (the
            Federal Reserve's holidays), ``"UK"`` (England and Wales bank
            holidays), ``"weekdays"`` (Monday to Friday), a set of holiday
            dates, a function ``is_business_day(date) -> bool``, or a
            `Calendar`. Due dates, and so days past due, follow it: a payment
            on a moved due date is on time.

    Raises:
        InvalidTermsError: a term breaks a rule; the message says which.

    Example:
        >>> loan = Loan(principal=10_000, annual_rate="0.12", term=12, start="2024-01-15")
        >>> loan.principal, loan.annual_rate, loan.frequency
        (Decimal('10000'), Decimal('0.12'), Frequency.MONTHLY)
    """

    principal: Decimal
    annual_rate: Decimal
    term: int
    start: date
    frequency: Frequency
    method: Method
    day_count: DayCount
    first_payment: date | None
    rounding: Rounding
    balloon: Decimal | None
    amortization_term: int | None
    payment: Decimal | None
    principal_grace: int
    interest_free: int
    end_of_month: bool
    business_day: BusinessDay
    holidays: frozenset[date]
    calendar: Calendar

    def __init__(
        self,
        principal: DecimalLike,
        annual_rate: DecimalLike,
        term: int,
        start: date | str,
        *,
        frequency: Frequency | str = Frequency.MONTHLY,
        method: Method | str = Method.ANNUITY,
        day_count: DayCount | str = DayCount.THIRTY_360_US,
        first_payment: date | str | None = None,
        rounding: Rounding | None = None,
        balloon: DecimalLike | None = None,
        amortization_term: int | None = None,
        payment: DecimalLike | None = None,
        principal_grace: int = 0,
        interest_free: int = 0,
        end_of_month: bool = False,
        business_day: BusinessDay | str | None = None,
        holidays: Iterable[date | str] | None = (),
        calendar: CalendarLike | None = None,
    ) -> None:
        setattr_ = object.__setattr__
        rounding = _ROUNDING if rounding is None else rounding
        if not isinstance(rounding, Rounding):
            raise InvalidTermsError(f"rounding must be a Rounding; got {rounding!r}")
        amount = _term(positive, principal, "principal")
        rounding.to_units(amount, "principal")
        rate = _term(to_rate, annual_rate, "annual_rate")
        term = whole(term, "term", 1, MAX_TERM)
        start_date = to_date(start, "start")
        method_ = method if type(method) is Method else Method.parse(method)
        first = None if first_payment is None else to_date(first_payment, "first_payment")
        if first is not None and first <= start_date:
            raise InvalidTermsError(f"first_payment must be after start {start_date}; got {first}")
        setattr_(self, "principal", amount)
        setattr_(self, "annual_rate", rate)
        setattr_(self, "term", term)
        setattr_(self, "start", start_date)
        # (a member given, as the defaults are, taken as it is: no parse called)
        if type(frequency) is not Frequency:
            frequency = Frequency.parse(frequency)
        setattr_(self, "frequency", frequency)
        setattr_(self, "method", method_)
        if type(day_count) is not DayCount:
            day_count = DayCount.parse(day_count)
        setattr_(self, "day_count", day_count)
        setattr_(self, "first_payment", first)
        setattr_(self, "rounding", rounding)
        if principal_grace.__class__ is not int or principal_grace:
            principal_grace = whole(principal_grace, "principal_grace", 0, term - 1)
        setattr_(self, "principal_grace", principal_grace)
        if interest_free.__class__ is not int or interest_free:
            interest_free = whole(interest_free, "interest_free", 0, term)
        setattr_(self, "interest_free", interest_free)
        setattr_(self, "end_of_month", bool(end_of_month))
        if business_day is None:
            business_day = BusinessDay.UNADJUSTED if calendar is None else BusinessDay.FOLLOWING
        elif type(business_day) is not BusinessDay:
            business_day = BusinessDay.parse(business_day)
        setattr_(self, "business_day", business_day)
        base = _WEEKDAYS if calendar is None else Calendar.parse(calendar)
        # no holidays (the default) leave the calendar as it is, as `with_holidays` does
        if holidays is None or (type(holidays) is tuple and not holidays):
            full = base
        else:
            full = base.with_holidays(to_dates(holidays, "holidays"))
        setattr_(self, "holidays", full.holidays)  # the calendar's and these
        setattr_(self, "calendar", full)
        self._set_balloon(balloon, amortization_term)
        self._set_payment(payment)
        if method_ is Method.INTEREST_ONLY and rounding.multiple is not None:
            raise InvalidTermsError(
                "rounding multiple applies to level installments; an interest_only "
                f"loan pays the accrued interest; got multiple {rounding.multiple}"
            )

    @classmethod
    def _of_checked(
        cls,
        principal: Decimal,
        annual_rate: Decimal,
        term: int,
        start: date,
        *,
        frequency: Frequency,
        method: Method,
        day_count: DayCount,
        first_payment: date | None,
        rounding: Rounding,
        payment: Decimal | None,
        like: Loan,
    ) -> Loan | None:
        """The loan of these terms with `like`'s end of month, business day and calendar,
        made without checking each term again: each is a value of its type that a
        rule has passed already (a plan's terms, worked out from a loan's and from
        checked choices). None where the terms together may still break a rule (a
        principal not positive or too large or finer than the minor unit, a term out
        of range, a first payment not after the start, a fixed payment, a balloon,
        an interest-only loan with an installment multiple) or where `Loan` would read
        the rate otherwise (above 100%, written back in per cent): the constructor
        checks those, and says which rule.

        A property holds each loan made so to the one the constructor makes.
        """
        places = rounding.places
        if not (
            type(principal) is Decimal
            and 0 < principal < LARGEST_AMOUNT
            and _whole_units(principal, places)
            and type(annual_rate) is Decimal
            and 0 <= annual_rate <= 1
            and type(term) is int
            and 1 <= term <= MAX_TERM
            and type(start) is date
            and (first_payment is None or (type(first_payment) is date and first_payment > start))
            and (
                payment is None
                or (
                    method is Method.ANNUITY
                    and type(payment) is Decimal
                    and 0 < payment < LARGEST_AMOUNT
                    and _whole_units(payment, places)
                )
            )
            and method is not Method.BALLOON
            and (method is not Method.INTEREST_ONLY or rounding.multiple is None)
            and type(rounding) is Rounding
            and type(frequency) is Frequency
            and type(method) is Method
            and type(day_count) is DayCount
        ):
            return None
        loan = object.__new__(cls)
        # each field set once, in order, by its slot's own setter (`object.__setattr__`
        # costs about twice as much)
        set_ = _LOAN_SLOTS
        set_[0](loan, principal)
        set_[1](loan, annual_rate)
        set_[2](loan, term)
        set_[3](loan, start)
        set_[4](loan, frequency)
        set_[5](loan, method)
        set_[6](loan, day_count)
        set_[7](loan, first_payment)
        set_[8](loan, rounding)
        set_[9](loan, None)  # balloon
        set_[10](loan, None)  # amortization_term
        set_[11](loan, payment)
        set_[12](loan, 0)  # principal_grace
        set_[13](loan, 0)  # interest_free
        set_[14](loan, like.end_of_month)
        set_[15](loan, like.business_day)
        set_[16](loan, like.holidays)
        set_[17](loan, like.calendar)
        return loan

    def _set_payment(self, payment: DecimalLike | None) -> None:
        amount = None
        if payment is not None:
            if self.method is not Method.ANNUITY:
                raise InvalidTermsError(
                    f"a fixed payment applies to method 'annuity' only; got method "
                    f"{self.method.value!r}"
                )
            amount = _term(positive, payment, "payment")
            self.rounding.to_units(amount, "payment")
        object.__setattr__(self, "payment", amount)

    def _set_balloon(self, balloon: DecimalLike | None, amortization_term: int | None) -> None:
        setattr_ = object.__setattr__
        if self.method is not Method.BALLOON:
            if balloon is not None or amortization_term is not None:
                raise InvalidTermsError(
                    "balloon and amortization_term apply to method 'balloon' only; "
                    f"got method {self.method.value!r}"
                )
            setattr_(self, "balloon", None)
            setattr_(self, "amortization_term", None)
            return
        if (balloon is None) == (amortization_term is None):
            raise InvalidTermsError(
                "a balloon loan needs exactly one of balloon (the amount left at "
                "maturity) and amortization_term (the longer term that sizes the payment); "
                f"got balloon={balloon!r}, amortization_term={amortization_term!r}"
            )
        amount = None
        if balloon is not None:
            amount = _term(non_negative, balloon, "balloon")
            if not 0 <= amount < self.principal:
                raise InvalidTermsError(
                    f"balloon must be at least 0 and less than the principal "
                    f"{self.principal}; got {amount}"
                )
            self.rounding.to_units(amount, "balloon")
        if amortization_term is not None:
            whole(amortization_term, "amortization_term", self.term + 1, MAX_TERM)
        setattr_(self, "balloon", amount)
        setattr_(self, "amortization_term", amortization_term)


_LOAN_SLOTS = tuple(vars(Loan)[name].__set__ for name in Loan.__dataclass_fields__)
"""The setters of `Loan`'s slots, in its fields' order."""


def _whole_units(amount: Decimal, places: int) -> bool:
    """Whether `amount` is whole in minor units of `places` decimals (as
    `Rounding.to_units` requires)."""
    scaled = amount.scaleb(places, EXACT)
    return scaled == scaled.to_integral_value(context=EXACT)
