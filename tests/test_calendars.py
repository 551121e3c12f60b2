"""Known-value tests of the business-day calendars, each date from a published
calendar: the State Council's yearly holiday notices for China, the Federal
Reserve's holiday list for the US, the gov.uk bank-holiday list for England
and Wales."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from reschedule import (
    BusinessDay,
    Calendar,
    InvalidInputError,
    Loan,
    Payment,
    PenaltyPolicy,
    amortize,
    extend,
    from_dict,
    statement,
    to_dict,
)
from reschedule.conventions import _calendars, adjust

CN_2025 = "国务院办公厅关于2025年部分节假日安排的通知"
CN_2024 = "国务院办公厅关于2024年部分节假日安排的通知"
CN_2026 = "国务院办公厅关于2026年部分节假日安排的通知"


def _without_package(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make `import chinese_calendar` fail, as when the extra is not installed."""
    monkeypatch.setitem(sys.modules, "chinese_calendar", None)
    _calendars._china_package.cache_clear()


@pytest.fixture
def table_only(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The CN calendar without the chinesecalendar package: the shipped table alone."""
    _without_package(monkeypatch)
    yield
    _calendars._china_package.cache_clear()


@pytest.fixture(params=["package", "table"])
def china(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Calendar]:
    """The CN calendar read from the chinesecalendar package, then from the shipped table."""
    if request.param == "package":
        pytest.importorskip("chinese_calendar")
    else:
        _without_package(monkeypatch)
    yield Calendar.parse("CN")
    _calendars._china_package.cache_clear()


def days(first: str, last: str) -> list[date]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [start + timedelta(days=k) for k in range((end - start).days + 1)]


class TestChina:
    @pytest.mark.parametrize(
        "day",
        [
            # 2025 notice: 元旦 1月1日放假1天
            date(2025, 1, 1),
            # 2025 notice: 春节 1月28日至2月4日放假调休，共8天
            *days("2025-01-28", "2025-02-04"),
            # 2025 notice: 清明节 4月4日至6日放假
            *days("2025-04-04", "2025-04-06"),
            # 2025 notice: 劳动节 5月1日至5日放假调休
            *days("2025-05-01", "2025-05-05"),
            # 2025 notice: 端午节 5月31日至6月2日放假
            *days("2025-05-31", "2025-06-02"),
            # 2025 notice: 国庆节、中秋节 10月1日至8日放假调休，共8天
            *days("2025-10-01", "2025-10-08"),
            # 2024 notice: 春节 2月10日至17日; 端午节 6月10日; 中秋节 9月15日至17日
            *days("2024-02-10", "2024-02-17"),
            date(2024, 6, 10),
            *days("2024-09-15", "2024-09-17"),
            # 2026 notice: 元旦 1月1日至3日; 春节 2月15日至23日，共9天; 国庆节 10月1日至7日
            *days("2026-01-01", "2026-01-03"),
            *days("2026-02-15", "2026-02-23"),
            *days("2026-10-01", "2026-10-07"),
        ],
    )
    def test_statutory_holidays_are_closed(self, china: Calendar, day: date) -> None:
        assert not china.is_business_day(day)

    @pytest.mark.parametrize(
        "day",
        [
            # 2025 notice: 1月26日（周日）、2月8日（周六）上班; 4月27日（周日）上班;
            # 9月28日（周日）、10月11日（周六）上班
            date(2025, 1, 26),
            date(2025, 2, 8),
            date(2025, 4, 27),
            date(2025, 9, 28),
            date(2025, 10, 11),
            # 2024 notice: 2月4日（星期日）、2月18日（星期日）、4月7日（星期日）、4月28日
            # （星期日）、5月11日（星期六）、9月14日（星期六）、9月29日（星期日）、
            # 10月12日（星期六）上班
            date(2024, 2, 4),
            date(2024, 2, 18),
            date(2024, 4, 7),
            date(2024, 4, 28),
            date(2024, 5, 11),
            date(2024, 9, 14),
            date(2024, 9, 29),
            date(2024, 10, 12),
            # 2026 notice: 1月4日（周日）、2月14日（周六）、2月28日（周六）、5月9日（周六）、
            # 9月20日（周日）、10月10日（周六）上班
            date(2026, 1, 4),
            date(2026, 2, 14),
            date(2026, 2, 28),
            date(2026, 5, 9),
            date(2026, 9, 20),
            date(2026, 10, 10),
        ],
    )
    def test_make_up_weekends_are_working_days(self, china: Calendar, day: date) -> None:
        assert day.weekday() >= 5  # a Saturday or a Sunday by the calendar
        assert china.is_business_day(day)

    def test_an_ordinary_weekend_and_weekday(self, china: Calendar) -> None:
        assert not china.is_business_day(date(2025, 3, 1))  # a Saturday, no 调休
        assert china.is_business_day(date(2025, 3, 3))  # a Monday

    @pytest.mark.parametrize(
        ("due", "moved"),
        [
            # 2025 notice: 国庆 10月1日至8日放假 -> 10月9日, the next working day (节假日顺延)
            (date(2025, 10, 1), date(2025, 10, 9)),
            # 2025 notice: 春节 to 2月4日; 2月1日 is inside it -> 2月5日
            (date(2025, 2, 1), date(2025, 2, 5)),
            # 2026 notice: 元旦 1月1日至3日, 1月4日（周日）上班 -> a Sunday due date
            (date(2026, 1, 1), date(2026, 1, 4)),
            # 2025 notice: 2月8日（周六）上班 -> a Saturday due date stays
            (date(2025, 2, 8), date(2025, 2, 8)),
        ],
    )
    def test_following_moves_to_the_next_working_day(
        self, china: Calendar, due: date, moved: date
    ) -> None:
        assert adjust(due, BusinessDay.FOLLOWING, china) == moved

    def test_preceding_moves_to_the_working_day_before(self, china: Calendar) -> None:
        # 2025 notice: 9月28日（周日）上班, then 9月29日, 30日 are working days; 10月1日 closed
        assert adjust(date(2025, 10, 5), BusinessDay.PRECEDING, china) == date(2025, 9, 30)

    @pytest.mark.usefixtures("table_only")
    def test_a_year_not_covered_is_an_error_naming_the_fix(self) -> None:
        with pytest.raises(
            InvalidInputError,
            match=r"^the CN calendar covers 2004 to 2026 .*got 2027-01-01, in 2027: install or "
            r"upgrade chinesecalendar",
        ):
            Calendar.parse("CN").is_business_day(date(2027, 1, 1))
        with pytest.raises(InvalidInputError, match="covers 2004 to 2026"):
            Calendar.parse("CN").is_business_day(date(2003, 12, 31))

    def test_the_shipped_table_agrees_with_the_package_day_by_day(self) -> None:
        package = pytest.importorskip("chinese_calendar")
        for year in _calendars._CHINA:
            table = _calendars._china_year(year)
            assert table is not None
            off, worked = table
            day = date(year, 1, 1)
            while day.year == year:
                shipped = day in worked or (day.weekday() < 5 and day not in off)
                assert shipped == package.is_workday(day), day
                day += timedelta(days=1)

    def test_the_calendar_reads_the_package_as_its_is_workday_does(self) -> None:
        package = pytest.importorskip("chinese_calendar")
        _calendars._china_package.cache_clear()
        china = Calendar("CN")
        years = sorted({day.year for day in package.holidays})
        day = date(years[0], 1, 1)
        while day.year <= years[-1]:
            assert china.is_business_day(day) == package.is_workday(day), day
            day += timedelta(days=1)


class TestChinaLoans:
    def test_due_dates_follow_the_holidays_and_make_up_days(self, china: Calendar) -> None:
        loan = Loan(12_000, "0.12", 12, "2025-01-01", calendar=china)
        due = [row.due_date for row in amortize(loan)]
        assert due == [
            date(2025, 2, 5),  # 2025 notice: 春节 1月28日至2月4日
            date(2025, 3, 3),  # 3月1日 a Saturday
            date(2025, 4, 1),
            date(2025, 5, 6),  # 2025 notice: 劳动节 5月1日至5日
            date(2025, 6, 3),  # 2025 notice: 端午节 5月31日至6月2日
            date(2025, 7, 1),
            date(2025, 8, 1),
            date(2025, 9, 1),
            date(2025, 10, 9),  # 2025 notice: 国庆节、中秋节 10月1日至8日
            date(2025, 11, 3),  # 11月1日 a Saturday
            date(2025, 12, 1),
            date(2026, 1, 4),  # 2026 notice: 元旦 1月1日至3日, 1月4日（周日）上班
        ]

    def test_the_calendar_defaults_to_following_and_interest_to_unadjusted_dates(self) -> None:
        loan = Loan(12_000, "0.12", 12, "2025-01-01", calendar="CN")
        assert loan.business_day is BusinessDay.FOLLOWING
        rows = amortize(loan)
        plain = amortize(Loan(12_000, "0.12", 12, "2025-01-01"))
        # interest accrues on the unadjusted dates: the figures are those of the plain loan
        assert [row.interest for row in rows] == [row.interest for row in plain]
        assert rows[8].period_end == date(2025, 10, 1)

    def test_a_payment_on_the_moved_due_date_is_not_overdue(self) -> None:
        # 2025 notice: 国庆节、中秋节 10月1日至8日放假; a due date of 10月1日 moves to 10月9日
        policy = PenaltyPolicy.chinese_bank()
        loan = Loan(12_000, "0.12", 12, "2025-01-01", calendar="CN")
        schedule = amortize(loan)
        paid = [Payment(row.due_date, row.payment) for row in schedule[:9]]
        account = statement(schedule, paid, "2025-10-09", penalty=policy)
        assert account.days_past_due == 0
        assert account.arrears.total == 0
        assert account.accrued_penalty == 0
        # the same payments without the calendar: 10月1日 due, paid on the 9th, 8 days late
        weekdays = amortize(Loan(12_000, "0.12", 12, "2025-01-01", business_day="following"))
        late = [*(Payment(row.due_date, row.payment) for row in weekdays[:8])]
        before = statement(weekdays, late, "2025-10-09", penalty=policy)
        assert before.days_past_due == 8
        assert before.accrued_penalty > 0

    def test_a_restructured_plan_keeps_the_calendar(self) -> None:
        schedule = amortize(Loan(12_000, "0.12", 12, "2025-01-01", calendar="CN"))
        plan = extend(statement(schedule, [], "2025-06-15"), 3)
        assert plan.loan.calendar == Calendar("CN")
        assert all(plan.loan.calendar.is_business_day(row.due_date) for row in plan)
        # 2025 notice: 国庆节、中秋节 10月1日至8日放假 -> 10月9日
        assert date(2025, 10, 9) in [row.due_date for row in plan]

    @pytest.mark.usefixtures("table_only")
    def test_a_loan_past_the_covered_years_is_an_error(self) -> None:
        with pytest.raises(InvalidInputError, match="the CN calendar covers 2004 to 2026"):
            amortize(Loan(12_000, "0.12", 24, "2025-06-15", calendar="CN"))


class TestUnitedStates:
    @pytest.mark.parametrize(
        "day",
        [
            # Federal Reserve, Holidays Observed by the Federal Reserve System, 2025
            date(2025, 1, 1),  # New Year's Day
            date(2025, 1, 20),  # Birthday of Martin Luther King, Jr.
            date(2025, 2, 17),  # Washington's Birthday
            date(2025, 5, 26),  # Memorial Day
            date(2025, 6, 19),  # Juneteenth National Independence Day
            date(2025, 7, 4),  # Independence Day
            date(2025, 9, 1),  # Labor Day
            date(2025, 10, 13),  # Columbus Day
            date(2025, 11, 11),  # Veterans Day
            date(2025, 11, 27),  # Thanksgiving Day
            date(2025, 12, 25),  # Christmas Day
            # the same list, 2026
            date(2026, 1, 19),
            date(2026, 2, 16),
            date(2026, 5, 25),
            date(2026, 9, 7),
            date(2026, 10, 12),
            date(2026, 11, 26),
            # the same list, 2027: Independence Day on a Sunday, observed Monday 5 July
            date(2027, 7, 5),
            date(2027, 1, 18),
            date(2027, 5, 31),
            date(2027, 11, 25),
            # Juneteenth 2022 fell on a Sunday: the Reserve Banks closed Monday 20 June
            date(2022, 6, 20),
        ],
    )
    def test_federal_reserve_holidays_are_closed(self, day: date) -> None:
        assert not Calendar.parse("US").is_business_day(day)

    @pytest.mark.parametrize(
        "day",
        [
            # Federal Reserve list: "For holidays falling on Saturday, Federal Reserve
            # Banks and Branches will be open the preceding Friday"
            date(2026, 7, 3),  # Independence Day 2026 is a Saturday
            date(2027, 6, 18),  # Juneteenth 2027 is a Saturday
            date(2027, 12, 24),  # Christmas Day 2027 is a Saturday
            date(2021, 12, 31),  # New Year's Day 2022 is a Saturday
            # the Reserve Banks observed Juneteenth from 2022, not on 18 June 2021
            date(2021, 6, 18),
        ],
    )
    def test_a_saturday_holiday_leaves_the_friday_open(self, day: date) -> None:
        assert Calendar.parse("US").is_business_day(day)

    def test_years_before_the_rules_are_an_error(self) -> None:
        with pytest.raises(InvalidInputError, match=r"^the US calendar covers 1986 on"):
            Calendar.parse("US").is_business_day(date(1985, 3, 1))


class TestUnitedKingdom:
    @pytest.mark.parametrize(
        "day",
        [
            # gov.uk, UK bank holidays, England and Wales, 2025
            date(2025, 1, 1),  # New Year's Day
            date(2025, 4, 18),  # Good Friday
            date(2025, 4, 21),  # Easter Monday
            date(2025, 5, 5),  # Early May bank holiday
            date(2025, 5, 26),  # Spring bank holiday
            date(2025, 8, 25),  # Summer bank holiday
            date(2025, 12, 25),  # Christmas Day
            date(2025, 12, 26),  # Boxing Day
            # the same list, 2026: Boxing Day (substitute day) Monday 28 December
            date(2026, 4, 3),
            date(2026, 4, 6),
            date(2026, 8, 31),
            date(2026, 12, 28),
            # 2027: Christmas Day (substitute day) 27, Boxing Day (substitute day) 28
            date(2027, 3, 26),
            date(2027, 12, 27),
            date(2027, 12, 28),
            # 2022: New Year's Day (substitute day) 3 January, Spring bank holiday 2 June,
            # Platinum Jubilee 3 June, State Funeral of Queen Elizabeth II 19 September,
            # Christmas Day (substitute day) 27 December
            date(2022, 1, 3),
            date(2022, 6, 2),
            date(2022, 6, 3),
            date(2022, 9, 19),
            date(2022, 12, 27),
            # 2023: Coronation of King Charles III, 8 May
            date(2023, 5, 8),
            # 2020: Early May bank holiday (VE day), Friday 8 May
            date(2020, 5, 8),
        ],
    )
    def test_bank_holidays_are_closed(self, day: date) -> None:
        assert not Calendar.parse("UK").is_business_day(day)

    @pytest.mark.parametrize(
        "day",
        [
            date(2020, 5, 4),  # gov.uk 2020: the early May bank holiday moved to 8 May
            date(2022, 5, 30),  # gov.uk 2022: the spring bank holiday moved to 2 June
            date(2025, 3, 17),  # St Patrick's Day: a holiday in Northern Ireland only
        ],
    )
    def test_moved_and_other_nations_days_are_open(self, day: date) -> None:
        assert Calendar.parse("UK").is_business_day(day)


class TestCallerCalendars:
    def test_a_set_of_dates_is_weekdays_less_those(self) -> None:
        calendar = Calendar.parse({date(2025, 3, 3), "2025-03-04"})
        assert calendar == Calendar("weekdays", frozenset({date(2025, 3, 3), date(2025, 3, 4)}))
        # 1 March 2025 is a Saturday: the next business day is the 5th
        assert adjust(date(2025, 3, 1), BusinessDay.FOLLOWING, calendar) == date(2025, 3, 5)

    def test_a_set_is_the_same_as_holidays(self) -> None:
        days_off = ["2025-03-03"]
        by_calendar = Loan(1000, "0.1", 3, "2025-01-03", calendar=days_off)
        by_holidays = Loan(
            1000, "0.1", 3, "2025-01-03", holidays=days_off, business_day="following"
        )
        assert by_calendar == by_holidays
        assert amortize(by_calendar)[1].due_date == date(2025, 3, 4)

    def test_holidays_add_to_a_named_calendar(self) -> None:
        # 2025 notice: 10月9日 is the first working day after 国庆; a lender's own closure
        loan = Loan(1000, "0.1", 9, "2025-01-01", calendar="CN", holidays=["2025-10-09"])
        assert loan.calendar == Calendar("CN", frozenset({date(2025, 10, 9)}))
        assert amortize(loan)[-1].due_date == date(2025, 10, 10)

    def test_a_function(self) -> None:
        def is_business_day(day: date) -> bool:  # a lender closed on Mondays too
            return day.weekday() in (1, 2, 3, 4)

        loan = Loan(1000, "0.1", 2, "2025-01-01", calendar=is_business_day)
        # 1 February 2025 is a Saturday, the 3rd a Monday: the 4th
        assert amortize(loan)[0].due_date == date(2025, 2, 4)
        assert loan.calendar.name == "custom"

    def test_a_function_answering_something_else_is_an_error(self) -> None:
        calendar = Calendar.parse(lambda day: "yes")  # type: ignore[arg-type,return-value]
        with pytest.raises(InvalidInputError, match="must return True or False; got 'yes'"):
            calendar.is_business_day(date(2025, 1, 1))

    def test_a_calendar_with_no_business_day_is_an_error(self) -> None:
        with pytest.raises(InvalidInputError, match="business day within a year"):
            adjust(date(2025, 1, 1), BusinessDay.FOLLOWING, Calendar.parse(lambda day: False))

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("FR", r"calendar must be 'CN', 'US', 'UK', 'weekdays', .*; got 'FR'"),
            (12, r"calendar must be .*; got 12"),
            (["2025-13-01"], r"calendar holidays must be a date or an ISO date"),
        ],
    )
    def test_anything_else_is_an_error(self, value: object, message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            Loan(1000, "0.1", 2, "2025-01-01", calendar=value)  # type: ignore[arg-type]

    def test_holidays_are_held_as_a_frozenset_of_dates(self) -> None:
        calendar = Calendar("US", {"2025-12-24"})  # type: ignore[arg-type]
        assert calendar.holidays == frozenset({date(2025, 12, 24)})
        assert hash(calendar) == hash(Calendar("US", frozenset({date(2025, 12, 24)})))

    def test_names_in_any_case(self) -> None:
        assert Calendar.parse(" cn ") == Calendar("CN")
        assert Calendar.parse("Weekdays") == Calendar()


class TestJson:
    def test_a_named_calendar_round_trips(self) -> None:
        loan = Loan(1000, "0.1", 3, "2025-01-01", calendar="UK", holidays=["2025-02-03"])
        data = to_dict(loan)
        assert data["calendar"] == "UK"
        assert data["holidays"] == ["2025-02-03"]
        assert data["business_day"] == "following"
        assert from_dict(Loan, data) == loan

    def test_the_default_is_weekdays(self) -> None:
        assert to_dict(Loan(1000, "0.1", 3, "2025-01-01"))["calendar"] == "weekdays"

    def test_a_function_cannot_be_written(self) -> None:
        loan = Loan(1000, "0.1", 3, "2025-01-01", calendar=lambda day: True)
        with pytest.raises(InvalidInputError, match="a calendar given as a function cannot"):
            to_dict(loan)

    def test_an_unknown_name_is_refused_with_its_path(self) -> None:
        data = {"principal": "1000", "annual_rate": "0.1", "term": 3, "start": "2025-01-01"}
        with pytest.raises(
            InvalidInputError, match=r"^loan.calendar must be one of 'weekdays', 'CN', 'US', 'UK'"
        ):
            from_dict("loan", {**data, "calendar": "FR"})
        loan = from_dict("loan", {**data, "calendar": "CN"})
        assert loan.calendar == Calendar("CN")
        assert loan.business_day is BusinessDay.FOLLOWING
        plain = amortize(from_dict("loan", data))
        assert amortize(loan).payment == plain.payment
