"""The invariants of business-day calendars over any loan: a due date never
lands on a non-business day, following moves to the *next* business day, and
an account paid on its (moved) due dates is never overdue."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from reschedule import (
    BusinessDay,
    Calendar,
    Frequency,
    InvalidTermsError,
    Loan,
    Payment,
    PenaltyPolicy,
    Schedule,
    amortize,
    from_dict,
    statement,
    to_dict,
)
from reschedule.conventions import adjust

NAMED = ["CN", "US", "UK"]


@st.composite
def calendar_loans(draw: st.DrawFn) -> Loan:
    """A loan on a named calendar or a set of holidays, inside the years China's covers."""
    name = draw(st.sampled_from([*NAMED, "holidays"]))
    start = draw(st.dates(date(2004, 1, 1), date(2024, 12, 31)))
    terms: dict[str, Any] = {
        "frequency": draw(st.sampled_from([Frequency.MONTHLY, Frequency.BIWEEKLY])),
        "business_day": draw(st.sampled_from([None, *BusinessDay])),
        "end_of_month": draw(st.booleans()),
    }
    if name == "holidays":
        terms["calendar"] = draw(
            st.frozensets(st.dates(start, start + timedelta(days=800)), max_size=40)
        )
    else:
        terms["calendar"] = name
        terms["holidays"] = draw(
            st.frozensets(st.dates(start, start + timedelta(days=800)), max_size=5)
        )
    return Loan(10_000, "0.12", draw(st.integers(1, 24)), start, **terms)


def scheduled(loan: Loan) -> Schedule:
    try:
        return amortize(loan)
    except InvalidTermsError:  # two due dates moved onto one day
        assume(False)
        raise


@settings(max_examples=60, deadline=None)
@given(calendar_loans())
def test_a_due_date_is_a_business_day_of_the_calendar(loan: Loan) -> None:
    schedule = scheduled(loan)
    for row in schedule:
        if loan.business_day is BusinessDay.UNADJUSTED:
            assert row.due_date == row.period_end
        else:
            assert loan.calendar.is_business_day(row.due_date)


@settings(max_examples=60, deadline=None)
@given(calendar_loans())
def test_following_moves_to_the_next_business_day(loan: Loan) -> None:
    assume(loan.business_day is BusinessDay.FOLLOWING)
    for row in scheduled(loan):
        assert row.due_date >= row.period_end
        day = row.period_end
        while day < row.due_date:  # every day skipped is closed
            assert not loan.calendar.is_business_day(day)
            day += timedelta(days=1)


@settings(max_examples=40, deadline=None)
@given(calendar_loans())
def test_paid_on_every_moved_due_date_is_never_overdue(loan: Loan) -> None:
    schedule = scheduled(loan)
    paid = [Payment(row.due_date, row.payment) for row in schedule]
    policy = PenaltyPolicy.chinese_bank()
    for row in schedule:
        account = statement(schedule, paid, row.due_date, penalty=policy)
        assert account.days_past_due == 0
        assert account.arrears.total == 0
        assert account.accrued_penalty == 0


@settings(max_examples=40, deadline=None)
@given(calendar_loans())
def test_a_loan_with_a_calendar_round_trips_through_json(loan: Loan) -> None:
    back = from_dict(Loan, to_dict(loan))
    assert back == loan
    assert back.calendar == loan.calendar


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(NAMED), st.dates(date(2004, 1, 1), date(2026, 12, 31)))
def test_following_and_preceding_bracket_a_day(name: str, day: date) -> None:
    calendar = Calendar.parse(name)
    after = _adjust(day, BusinessDay.FOLLOWING, calendar)
    before = _adjust(day, BusinessDay.PRECEDING, calendar)
    assert before <= day <= after
    assert (before == after) == calendar.is_business_day(day)


def _adjust(day: date, convention: BusinessDay, calendar: Calendar) -> date:
    try:
        return adjust(day, convention, calendar)
    except ValueError:  # moved past the years the calendar covers
        assume(False)
        raise
