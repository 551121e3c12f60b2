"""Known-value tests of `amortize`: every expected figure comes from outside the project."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from reschedule import (
    BusinessDay,
    DayCount,
    Frequency,
    Installment,
    InvalidInputError,
    InvalidTermsError,
    Loan,
    Method,
    Rounding,
    Schedule,
    amortize,
)

D = Decimal


def schedule(principal: object, rate: str, term: int, **terms: object) -> Schedule:
    return amortize(Loan(principal, rate, term, "2024-01-01", **terms))  # type: ignore[arg-type]


class TestLevelPayment:
    @pytest.mark.parametrize(
        ("principal", "rate", "term", "terms", "expected"),
        [
            # Microsoft Excel PMT help: =PMT(8%/12, 10, 10000) -> ($1,037.03)
            (10_000, "0.08", 10, {}, "1037.03"),
            # numpy-financial / numpy test_financial: pmt(0.08/12, 5*12, 15000) -> -304.146
            (15_000, "0.08", 60, {}, "304.15"),
            # Chinese bank mortgage calculators (商业贷款): 100万, 4.9%, 30年, 等额本息 月供 5307.27
            (1_000_000, "0.049", 360, {}, "5307.27"),
            # US 30-year fixed mortgage tables: 200,000 at 6% -> 1,199.10 a month
            (200_000, "0.06", 360, {}, "1199.10"),
            # Excel PPMT help example loan: 2,000 at 10% over 2 years monthly (payment 92.29)
            (2_000, "0.10", 24, {}, "92.29"),
            # Apache Fineract LoanScheduleGenerator: 5000, 12%, 18 months, multiples of 1 -> 305
            (5_000, "0.12", 18, {"rounding": Rounding(multiple=1)}, "305.00"),
            # Excel IPMT help example loan: 8,000 at 10% over 3 annual payments (PMT 3216.92)
            (8_000, "0.10", 3, {"frequency": "annual"}, "3216.92"),
        ],
    )
    def test_payment(
        self, principal: int, rate: str, term: int, terms: dict[str, object], expected: str
    ) -> None:
        assert schedule(principal, rate, term, **terms).payment == D(expected)


class TestPublishedRows:
    def test_excel_ipmt_first_month(self) -> None:
        # Excel IPMT help: =IPMT(10%/12, 1, 3*12, 8000) -> ($66.67)
        assert schedule(8_000, "0.10", 36)[0].interest == D("66.67")

    def test_excel_ipmt_last_year(self) -> None:
        # Excel IPMT help: =IPMT(10%, 3, 3, 8000) -> ($292.45)
        assert schedule(8_000, "0.10", 3, frequency="annual")[2].interest == D("292.45")

    def test_excel_ppmt_first_month(self) -> None:
        # Excel PPMT help: =PPMT(10%/12, 1, 2*12, 2000) -> ($75.62)
        assert schedule(2_000, "0.10", 24)[0].principal == D("75.62")

    def test_ppmt_of_period_twelve(self) -> None:
        # numpy-financial ppmt(0.045/12, 12, 60, 5000) = -77.595028 (finan.sql's test
        # truncates it to -77.59); rounded half up to the cent: 77.60
        assert schedule(5_000, "0.045", 60)[11].principal == D("77.60")

    def test_fineract_multiple_of_one(self) -> None:
        # Apache Fineract: 5000 at 12% a year over 18 months, installment in multiples
        # of 1: 305 a month, first row 255.00 principal and 50.00 interest, 488.22 interest
        plan = schedule(5_000, "0.12", 18, rounding=Rounding(multiple=1))
        assert (plan[0].payment, plan[0].principal, plan[0].interest) == (
            D("305.00"),
            D("255.00"),
            D("50.00"),
        )
        assert plan.total_interest == D("488.22")

    def test_fineract_equal_principal(self) -> None:
        # Apache Fineract: the same loan with equal principal: 277.78 a month
        # (277.74 last) and 475.00 total interest
        plan = schedule(5_000, "0.12", 18, method=Method.EQUAL_PRINCIPAL)
        assert {row.principal for row in plan[:-1]} == {D("277.78")}
        assert plan[-1].principal == D("277.74")
        assert plan.total_interest == D("475.00")

    def test_chinese_equal_principal_mortgage(self) -> None:
        # Chinese bank mortgage calculators: 100万 at 4.9% over 30 years, 等额本金:
        # first month 6861.11 (2777.78 principal + 4083.33 interest), then 11.34 less
        plan = schedule(1_000_000, "0.049", 360, method="equal_principal")
        assert (plan[0].principal, plan[0].interest) == (D("2777.78"), D("4083.33"))
        assert plan[0].payment == D("6861.11")
        assert plan[0].payment - plan[1].payment == D("11.34")

    def test_flat_rate(self) -> None:
        # 等本等息 as consumer-finance contracts state it: 12,000 at a 1% monthly flat
        # rate (12% a year) over 12 months: 1,000 principal + 120 interest every month
        plan = schedule(12_000, "0.12", 12, method=Method.FLAT)
        assert {row.payment for row in plan} == {D("1120.00")}
        assert plan.total_interest == D("1440.00")


class TestMethods:
    def test_interest_only_pays_principal_at_maturity(self) -> None:
        plan = schedule(10_000, "0.06", 12, method="interest_only")
        assert {row.payment for row in plan[:-1]} == {D("50.00")}
        assert plan[-1].payment == D("10050.00")

    def test_balloon_is_due_with_the_last_level_payment(self) -> None:
        # (P(1+r)^n - F) r / ((1+r)^n - 1) with P 12,000, F 4,000, r 1%, n 12: 750.79
        # (the balloon payment formula of e.g. Excel PMT with fv = -4000)
        plan = schedule(12_000, "0.12", 12, method="balloon", balloon=4_000)
        assert plan.payment == D("750.79")
        assert plan[-1].payment == D("4750.79")  # the level payment plus the balloon

    def test_balloon_over_a_longer_amortization_term(self) -> None:
        # the level payment of a 60-month annuity, the balance due after 12
        plan = schedule(20_000, "0.06", 12, method="balloon", amortization_term=60)
        assert plan.payment == schedule(20_000, "0.06", 60).payment
        assert plan[-1].principal == plan[-2].closing_balance

    @pytest.mark.parametrize("method", list(Method))
    def test_zero_rate_repays_in_equal_parts(self, method: Method) -> None:
        terms: dict[str, object] = {"method": method}
        if method is Method.BALLOON:
            terms["amortization_term"] = 24
        plan = schedule(1_200, "0", 12, **terms)
        assert plan.total_interest == 0
        if method is not Method.INTEREST_ONLY and method is not Method.BALLOON:
            assert {row.principal for row in plan} == {D("100.00")}

    def test_principal_grace_pays_interest_only_first(self) -> None:
        plan = schedule(12_000, "0.12", 12, principal_grace=3)
        assert [row.principal for row in plan[:3]] == [D("0.00")] * 3
        assert plan.payment == schedule(12_000, "0.12", 9).payment

    def test_interest_free_periods_charge_nothing(self) -> None:
        plan = schedule(12_000, "0.12", 12, interest_free=2)
        assert [row.interest for row in plan[:2]] == [D("0.00")] * 2
        assert plan[2].interest > 0


class TestRounding:
    def test_places_zero_for_currencies_without_minor_units(self) -> None:
        plan = schedule(1_000_000, "0.12", 12, rounding=Rounding(places=0))
        assert plan.payment == D("88849")
        assert all(row.interest == row.interest.to_integral_value() for row in plan)

    def test_modes_round_interest_differently(self) -> None:
        # 100.50 at 1% a month: interest 1.005 -> half_up 1.01, half_even 1.00,
        # up 1.01, down 1.00
        expected = {"half_up": "1.01", "half_even": "1.00", "up": "1.01", "down": "1.00"}
        for mode, interest in expected.items():
            plan = schedule("100.50", "0.12", 2, rounding=Rounding(mode=mode))
            assert plan[0].interest == D(interest), mode

    def test_global_context_is_ignored(self) -> None:
        from decimal import ROUND_FLOOR, localcontext

        expected = schedule("123456.78", "0.0725", 36).installments
        with localcontext() as context:
            context.prec = 3
            context.rounding = ROUND_FLOOR
            assert schedule("123456.78", "0.0725", 36).installments == expected

    def test_amount_finer_than_the_minor_unit_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match=r"whole minor units \(2 decimal places\)"):
            schedule("100.005", "0.1", 12)

    def test_multiple_that_repays_too_early_is_refused(self) -> None:
        with pytest.raises(
            InvalidTermsError, match=r"installment 10\.00 repays the principal 100 by"
        ):
            schedule(100, "0.1", 12, rounding=Rounding(multiple=10))

    def test_fixed_payment_keeps_the_installment(self) -> None:
        # 10,000 at 12% paying 1,000 a month: 11 installments, the last smaller
        plan = schedule(10_000, "0.12", 11, payment=1000)
        assert {row.payment for row in plan[:-1]} == {D("1000.00")}
        assert plan[-1].payment < D("1000")

    def test_fixed_payment_below_the_level_is_refused(self) -> None:
        with pytest.raises(InvalidTermsError, match="payment must be at least the level payment"):
            schedule(10_000, "0.12", 12, payment=800)


class TestDates:
    def test_month_end_anchor_does_not_drift(self) -> None:
        # dateutil docs: 31 Jan + 1 month + 1 month is 29 Mar; from the anchor it is 31 Mar
        dates = [row.due_date for row in amortize(Loan(1000, "0.1", 3, "2024-01-31"))]
        assert dates == [date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)]

    def test_end_of_month_rule(self) -> None:
        loan = Loan(1000, "0.1", 3, "2023-02-28", end_of_month=True)
        assert [row.due_date for row in amortize(loan)] == [
            date(2023, 3, 31),
            date(2023, 4, 30),
            date(2023, 5, 31),
        ]

    def test_odd_first_period_follows_the_day_count(self) -> None:
        loan = Loan(
            10_000, "0.12", 3, "2024-01-10", first_payment="2024-03-01", day_count="ACT/360"
        )
        plan = amortize(loan)
        assert plan[0].year_fraction == Fraction(51, 360)
        assert plan[0].interest == D("170.00")  # 10,000 x 12% x 51/360
        assert [row.due_date for row in plan[1:]] == [date(2024, 4, 1), date(2024, 5, 1)]

    def test_short_odd_first_period_under_30_360(self) -> None:
        loan = Loan(12_000, "0.12", 3, "2024-01-16", first_payment="2024-02-01")
        assert amortize(loan)[0].year_fraction == Fraction(15, 360)

    def test_business_day_adjustment_moves_due_not_accrual(self) -> None:
        # 2024-06-15 is a Saturday; 2024-06-17 a Monday, declared a holiday here
        loan = Loan(
            1000,
            "0.1",
            2,
            "2024-05-15",
            business_day=BusinessDay.FOLLOWING,
            holidays=[date(2024, 6, 17)],
        )
        first = amortize(loan)[0]
        assert first.due_date == date(2024, 6, 18)
        assert first.period_end == date(2024, 6, 15)

    @pytest.mark.parametrize(
        ("frequency", "second_due"),
        [
            ("weekly", date(2024, 1, 15)),
            ("biweekly", date(2024, 1, 29)),
            ("every 10 days", date(2024, 1, 21)),
            ("quarterly", date(2024, 7, 1)),
            ("semiannual", date(2025, 1, 1)),
            ("bimonthly", date(2024, 5, 1)),
        ],
    )
    def test_frequencies(self, frequency: str, second_due: date) -> None:
        assert schedule(1000, "0.1", 4, frequency=frequency)[1].due_date == second_due


class TestDayCounts:
    # Each fraction follows the rule of ISDA 2006 section 4.16 as quoted in the docs.
    @pytest.mark.parametrize(
        ("start", "end", "day_count", "expected"),
        [
            (date(2024, 1, 31), date(2024, 2, 29), "30/360 US", Fraction(29, 360)),
            (date(2024, 2, 29), date(2024, 3, 31), "30/360 US", Fraction(30, 360)),
            (date(2023, 2, 28), date(2024, 2, 29), "30/360 US", Fraction(360, 360)),
            (date(2024, 1, 30), date(2024, 3, 31), "30/360 US", Fraction(60, 360)),
            (date(2024, 1, 31), date(2024, 3, 31), "30E/360", Fraction(60, 360)),
            (date(2024, 2, 29), date(2024, 3, 31), "30E/360", Fraction(31, 360)),
            (date(2024, 2, 29), date(2024, 3, 31), "30E/360 ISDA", Fraction(30, 360)),
            (date(2024, 1, 15), date(2024, 4, 15), "ACT/360", Fraction(91, 360)),
            (date(2024, 1, 15), date(2024, 4, 15), "ACT/365F", Fraction(91, 365)),
            (
                date(2023, 11, 1),
                date(2024, 2, 1),
                "ACT/ACT ISDA",
                Fraction(61, 365) + Fraction(31, 366),
            ),
        ],
    )
    def test_fraction(self, start: date, end: date, day_count: str, expected: Fraction) -> None:
        from reschedule import year_fraction

        assert year_fraction(start, end, day_count) == expected

    def test_30e_360_isda_february_maturity(self) -> None:
        from reschedule import year_fraction

        # ISDA 2006 4.16(h): the last day of February is not moved when it is maturity
        fraction = year_fraction(
            date(2024, 1, 31), date(2024, 2, 29), "30E/360 ISDA", maturity=date(2024, 2, 29)
        )
        assert fraction == Fraction(29, 360)

    def test_regular_30_360_month_is_one_twelfth(self) -> None:
        plan = amortize(Loan(1000, "0.12", 3, "2024-01-31", day_count=DayCount.THIRTY_360_US))
        assert {row.year_fraction for row in plan} == {Fraction(1, 12)}


class TestValidation:
    @pytest.mark.parametrize(
        ("terms", "message"),
        [
            ({"term": 0}, "term must be at least 1 installment; got 0"),
            ({"term": -3}, "term must be at least 1 installment; got -3"),
            ({"term": 2.5}, "term must be a whole number; got 2.5"),
            ({"principal": -1}, "principal must be positive; got -1"),
            ({"principal": "nan"}, "principal must be a finite number; got 'nan'"),
            ({"principal": float("inf")}, "principal must be a finite number; got inf"),
            ({"annual_rate": "-0.01"}, "annual_rate must not be negative; got -0.01"),
            ({"annual_rate": "twelve"}, "annual_rate must be a number; got 'twelve'"),
            ({"start": "2024-13-01"}, "start must be a date or an ISO date"),
            ({"method": "french"}, "method must be one of 'annuity'"),
            ({"day_count": "ACT/364"}, "day_count must be one of '30/360 US'"),
            ({"frequency": "fortnightly"}, "frequency must be one of 'monthly'"),
            ({"first_payment": "2023-12-01"}, "first_payment must be after start 2024-01-01"),
            ({"principal_grace": 12}, "principal_grace must be at most 11; got 12"),
            ({"balloon": 100}, "balloon and amortization_term apply to method 'balloon' only"),
            ({"method": "balloon"}, "a balloon loan needs exactly one of balloon"),
            ({"method": "balloon", "balloon": 2000}, "balloon must be at least 0 and less than"),
        ],
    )
    def test_bad_terms_are_refused_with_the_rule_and_value(
        self, terms: dict[str, object], message: str
    ) -> None:
        arguments: dict[str, object] = {
            "principal": 1000,
            "annual_rate": "0.1",
            "term": 12,
            "start": "2024-01-01",
        }
        arguments.update(terms)
        with pytest.raises(InvalidInputError, match=message.replace("(", r"\(")):
            Loan(**arguments)  # type: ignore[arg-type]

    def test_input_errors_are_value_errors(self) -> None:
        with pytest.raises(ValueError, match="term"):
            Loan(1000, "0.1", 0, "2024-01-01")

    def test_float_goes_through_its_shortest_repr(self) -> None:
        assert Loan(1000.1, 0.1, 12, "2024-01-01").annual_rate == D("0.1")

    def test_weekend_collision_is_refused(self) -> None:
        holidays = [date(2024, 1, 2) + __import__("datetime").timedelta(days=k) for k in range(10)]
        loan = Loan(1000, "0.1", 3, "2024-01-01", frequency=Frequency.every_days(1),
                    business_day="following", holidays=holidays)  # fmt: skip
        with pytest.raises(InvalidTermsError, match="due dates must strictly increase"):
            amortize(loan)


class TestValues:
    def test_loan_is_immutable(self) -> None:
        loan = Loan(1000, "0.1", 12, "2024-01-01")
        with pytest.raises(AttributeError):
            loan.term = 24  # type: ignore[misc]

    def test_installment_is_immutable(self) -> None:
        row = schedule(1000, "0.1", 12)[0]
        with pytest.raises(AttributeError):
            row.payment = D(0)  # type: ignore[misc]
        assert isinstance(row, Installment)

    def test_schedule_is_a_sequence_that_knows_its_loan(self) -> None:
        loan = Loan(1000, "0.1", 12, "2024-01-01")
        plan = amortize(loan)
        assert plan.loan is loan
        assert len(plan) == 12
        assert list(plan) == list(plan.installments)
        assert plan[-1] is plan.installments[11]
        assert plan[:2] == plan.installments[:2]
        assert plan == amortize(loan)
        assert plan.total_payment == plan.total_principal + plan.total_interest

    def test_str_is_a_table(self) -> None:
        text = str(schedule(1000, "0.1", 2))
        assert text.splitlines()[0].split() == ["no", "due", "date", "payment", "principal",
                                                "interest", "balance"]  # fmt: skip
        assert "repr" not in repr(schedule(1000, "0.1", 2))
