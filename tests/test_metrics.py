"""Cost and value metrics: known values from outside the project, each with its source."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import numpy_financial as npf
import pytest
from dateutil.relativedelta import relativedelta

from reschedule import ConvergenceError, InvalidInputError, Loan, amortize, settle
from reschedule.negotiation import (
    AprConvention,
    CostCapCheck,
    TimeBasis,
    UnitPeriod,
    apr,
    check_cost_cap,
    eu_time,
    infer_unit_period,
    irr,
    npv,
    regz_time,
    xirr,
    xnpv,
)

EXCEL_XIRR_FLOWS = [
    (date(2008, 1, 1), -10000),
    (date(2008, 3, 1), 2750),
    (date(2008, 10, 30), 4250),
    (date(2009, 2, 15), 3250),
    (date(2009, 4, 1), 2750),
]
"""The data table of Excel's XIRR and XNPV help pages."""


def percent(rate: Decimal, places: int = 2) -> Decimal:
    """A rate as a percentage rounded to `places` decimals, as the sources print them."""
    return (rate * 100).quantize(Decimal(1).scaleb(-places))


def months(first: date, count: int, step: int = 1) -> list[date]:
    return [first + relativedelta(months=step * k) for k in range(count)]


def days(first: date, count: int, step: int) -> list[date]:
    return [first + timedelta(days=step * k) for k in range(count)]


def lender(advance: Decimal | int, on: date, payments: list[tuple[date, Decimal | int]]):
    """Cash flows from the lender's side: the advance out, the payments in."""
    return [(on, -Decimal(advance))] + [(day, Decimal(amount)) for day, amount in payments]


def npv_slope_bound(amounts: list[Decimal], rate: Decimal) -> float:
    """An upper bound of |dNPV/dr| near `rate`: Σ k|a_k| / (1 + r)^(k+1), r lowered by 1e-9."""
    base = 1 + float(rate) - 1e-9
    return sum(k * abs(float(a)) / base ** (k + 1) for k, a in enumerate(amounts))


class TestIrr:
    @pytest.mark.parametrize(
        ("amounts", "expected"),
        [
            # Excel IRR help page: the investment's IRR after four years, -2.1%
            ([-70000, 12000, 15000, 18000, 21000], Decimal("-2.1")),
            # Excel IRR help page: after five years, 8.7%
            ([-70000, 12000, 15000, 18000, 21000, 26000], Decimal("8.7")),
            # Excel IRR help page: after two years (with a guess of -10%), -44.4%
            ([-70000, 12000, 15000], Decimal("-44.4")),
        ],
    )
    def test_excel_help_examples(self, amounts: list[int], expected: Decimal) -> None:
        assert percent(irr(amounts), 1) == expected

    @pytest.mark.parametrize(
        ("amounts", "expected"),
        [
            # numpy-financial tests/test_financial.py, TestFinancial.test_irr
            ([-150000, 15000, 25000, 35000, 45000, 60000], Decimal("0.0524")),
            ([-100, 0, 0, 74], Decimal("-0.0955")),
            ([-100, 39, 59, 55, 20], Decimal("0.28095")),
            ([-100, 100, 0, -7], Decimal("-0.0833")),
            ([-100, 100, 0, 7], Decimal("0.06206")),
            (["-5", "10.5", 1, -8, 1], Decimal("0.0886")),
        ],
    )
    def test_numpy_financial_values(self, amounts: list[int | str], expected: Decimal) -> None:
        assert irr(amounts).quantize(expected) == expected

    def test_excel_rate_example(self) -> None:
        # Excel RATE help page: 4 years of -200 a month for 8000: 1% a month, 9.24% a year
        monthly = irr([-8000] + [200] * 48)
        assert percent(monthly, 0) == 1
        assert percent(monthly * 12) == Decimal("9.24")

    def test_numpy_financial_rate(self) -> None:
        # numpy-financial test_rate: rate(10, 0, -3500, 10000) == 0.1107 to 4 places
        assert irr([-3500] + [0] * 9 + [10000]).quantize(Decimal("0.0001")) == Decimal("0.1107")

    def test_returns_ten_places(self) -> None:
        assert irr([-100, 110]) == Decimal("0.1000000000")
        assert irr([-100, 100]) == 0

    def test_npv_irr_congruence(self) -> None:
        # numpy-financial test_npv_irr_congruence; the tolerance is the slope of the NPV
        # times the rate's rounding (half of 1e-10), plus the NPV's own rounding
        amounts = [Decimal(a) for a in (-40000, 5000, 8000, 12000, 30000)]
        rate = irr(amounts)
        bound = npv_slope_bound(amounts, rate) * 0.5e-10 + 0.5e-10
        assert abs(npv(rate, amounts)) <= bound

    @pytest.mark.parametrize(
        ("amounts", "expected"),
        [
            # constructed: -(1+r)^2 + 2.3(1+r) - 1.32 has the roots 10% and 20%
            ([-100, 230, -132], Decimal("0.1")),
            # roots -10% and 20%: the positive one, though farther from zero
            ([-100, 210, -108], Decimal("0.2")),
            # roots -10% and -20%: no positive root, so the negative one nearest zero
            ([-100, 170, -72], Decimal("-0.1")),
        ],
    )
    def test_several_roots_resolve_as_the_uk_rule(
        self, amounts: list[int], expected: Decimal
    ) -> None:
        assert irr(amounts) == expected

    def test_orientation_does_not_matter(self) -> None:
        amounts = [-70000, 12000, 15000, 18000, 21000, 26000]
        assert irr([-a for a in amounts]) == irr(amounts)

    def test_leading_zeros_shift_nothing(self) -> None:
        assert irr([0, 0, -100, 110]) == irr([-100, 110])

    def test_no_sign_change_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match=r"both signs.*got all amounts positive"):
            irr([100, 200, 300])

    def test_fewer_than_two_amounts_are_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="at least two periodic cash flows; got 1"):
            irr([-100])
        with pytest.raises(InvalidInputError, match="got 0"):
            irr([])

    def test_nan_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match=r"amounts\[1\] must be a finite number"):
            irr([-100, float("nan")])

    def test_zeros_only_are_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="got no amounts"):
            irr([0, 0])

    def test_no_rate_raises_convergence_error(self) -> None:
        # -100 + 250v - 160v^2 has no real root: no rate makes the NPV zero
        with pytest.raises(ConvergenceError, match="no rate makes the present value zero"):
            irr([-100, 250, -160])

    def test_faster_root_agrees_with_numpy_financial(self) -> None:
        generator = random.Random(7)
        for _ in range(20):
            amounts = [-generator.randint(1000, 100000)] + [
                generator.randint(0, 20000) for _ in range(generator.randint(1, 40))
            ]
            if sum(amounts[1:]) == 0:
                continue
            expected = npf.irr(amounts)
            assert abs(float(irr(amounts)) - expected) < 1e-9


class TestNpv:
    def test_numpy_financial_decimal_value(self) -> None:
        # numpy-financial test_npv_decimal: Decimal('122.894854950942692161628715')
        assert npv("0.05", [-15000, 1500, 2500, 3500, 4500, 6000]) == Decimal("122.8948549509")

    def test_exact(self) -> None:
        assert npv("0.1", [0, 110]) == Decimal("100.0000000000")
        assert npv(0, [-1, "0.5", "0.25"]) == Decimal("-0.2500000000")

    @pytest.mark.parametrize(
        ("rate", "values", "expected"),
        [
            # Adobe FormCalc NPV reference (end-of-period values, as Excel's NPV):
            # NPV(0.10, 500, 1500, 4000, 10000) = 11529.60863329007
            ("0.10", [500, 1500, 4000, 10000], Decimal("11529.6086332901")),
            # the same page: NPV(0.065, 5000) = 4694.83568075117
            ("0.065", [5000], Decimal("4694.8356807512")),
            # Rust `financial` crate docs: npv(0.1, [-1000, 500, 500, 500]) = 221.29635953828267
            ("0.1", [-1000, 500, 500, 500], Decimal("221.2963595383")),
        ],
    )
    def test_spreadsheet_npv_discounts_its_first_value(
        self, rate: str, values: list[int], expected: Decimal
    ) -> None:
        # a spreadsheet's NPV(r, v1..vn) is npv(r, [0, v1..vn])
        assert npv(rate, [0, *values]) == expected

    def test_rate_at_or_below_minus_one_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="rate must be greater than -1"):
            npv(-1, [1, 2])


class TestXirrXnpv:
    def test_excel_xirr_example(self) -> None:
        # Excel XIRR help page: 0.373362535; Excel stops within 0.000001% of the rate
        assert abs(xirr(EXCEL_XIRR_FLOWS) - Decimal("0.373362535")) <= Decimal("1e-8")

    def test_excel_xnpv_example(self) -> None:
        # Excel WorksheetFunction.Xnpv reference: =XNPV(.09, ...) gives 2086.6476 (2086.65)
        assert xnpv("0.09", EXCEL_XIRR_FLOWS).quantize(Decimal("0.0001")) == Decimal("2086.6476")

    def test_dax_xnpv_example(self) -> None:
        # DAX XNPV reference: the same flows in 2014-2015 at 9% give 2089.50
        flows = [(day.replace(year=day.year + 6), amount) for day, amount in EXCEL_XIRR_FLOWS]
        assert xnpv("0.09", flows).quantize(Decimal("0.01")) == Decimal("2089.50")

    def test_xnpv_at_xirr_is_zero(self) -> None:
        rate = xirr(EXCEL_XIRR_FLOWS)
        assert abs(xnpv(rate, EXCEL_XIRR_FLOWS)) < Decimal("1e-5")

    def test_order_of_the_pairs_does_not_matter(self) -> None:
        shuffled = list(reversed(EXCEL_XIRR_FLOWS))
        assert xirr(shuffled) == xirr(EXCEL_XIRR_FLOWS)

    def test_iso_strings_are_dates(self) -> None:
        flows = [(day.isoformat(), amount) for day, amount in EXCEL_XIRR_FLOWS]
        assert xirr(flows) == xirr(EXCEL_XIRR_FLOWS)

    def test_day_count_is_honoured(self) -> None:
        flows = [("2024-01-01", -1000), ("2025-01-01", 1100)]  # 366 days in 2024
        assert Decimal("0.0997") < xirr(flows) < Decimal("0.1")
        assert xirr(flows, day_count="ACT/ACT ISDA") == Decimal("0.1000000000")

    def test_one_date_only_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="at least two different dates"):
            xirr([("2024-01-01", -100), ("2024-01-01", 100)])

    def test_malformed_pairs_are_refused(self) -> None:
        with pytest.raises(InvalidInputError, match=r"cash_flows\[1\] must be a \(date, amount\)"):
            xirr([("2024-01-01", -100), 5])
        with pytest.raises(InvalidInputError, match="must be a date or an ISO date"):
            xirr([("2024-13-01", -100), ("2024-02-01", 110)])
        with pytest.raises(InvalidInputError, match=r"at least two .* got none"):
            xirr([])
        with pytest.raises(InvalidInputError, match="got the text"):
            xirr("2024-01-01")  # type: ignore[arg-type]


# 12 CFR 1026 Appendix J (c), the examples for the actuarial method, with the APRs
# they print (the dates and amounts as tabulated in simontreanor/FSharp.Finance.Personal
# tests/AprUsActuarialTests.fs, which reproduces them)
APPENDIX_J = {
    "(c)(1)(i) monthly, regular first period": (
        lender(5000, date(1978, 1, 10), [(d, 230) for d in months(date(1978, 2, 10), 24)]),
        Decimal("9.69"),
    ),
    "(c)(1)(ii) monthly, long first period": (
        lender(6000, date(1978, 2, 10), [(d, 200) for d in months(date(1978, 4, 1), 36)]),
        Decimal("11.82"),
    ),
    "(c)(1)(iii) semimonthly, short first period": (
        lender(
            5000,
            date(1978, 2, 23),
            [
                (d, Decimal("219.17"))
                for first in months(date(1978, 3, 1), 12)
                for d in (first, first.replace(day=16))
            ],
        ),
        Decimal("10.34"),
    ),
    "(c)(1)(iv) quarterly, long first period": (
        lender(10000, date(1978, 5, 23), [(d, 385) for d in months(date(1978, 10, 1), 40, 3)]),
        Decimal("8.97"),
    ),
    "(c)(1)(v) weekly, long first period": (
        lender(
            500, date(1978, 3, 20), [(d, Decimal("17.60")) for d in days(date(1978, 4, 21), 30, 7)]
        ),
        Decimal("14.96"),
    ),
    "(c)(2)(i) monthly, irregular first payment": (
        lender(
            5000,
            date(1978, 1, 10),
            [(date(1978, 2, 10), 250)] + [(d, 230) for d in months(date(1978, 3, 10), 23)],
        ),
        Decimal("10.08"),
    ),
    "(c)(2)(ii) every 4 weeks, long first period, irregular first payment": (
        lender(
            400,
            date(1978, 3, 18),
            [(date(1978, 4, 20), Decimal("39.50"))]
            + [(d, Decimal("38.31")) for d in days(date(1978, 5, 18), 11, 28)],
        ),
        Decimal("28.50"),
    ),
    "(c)(3)(i) monthly, irregular final payment": (
        lender(
            5000,
            date(1978, 1, 10),
            [(d, 230) for d in months(date(1978, 2, 10), 23)] + [(date(1980, 1, 10), 280)],
        ),
        Decimal("10.50"),
    ),
    "(c)(3)(ii) every 2 weeks, short first period, irregular final payment": (
        lender(
            200,
            date(1978, 4, 3),
            [(d, Decimal("9.50")) for d in days(date(1978, 4, 11), 19, 14)]
            + [(date(1978, 4, 11) + timedelta(days=14 * 19), 30)],
        ),
        Decimal("12.22"),
    ),
    "(c)(4)(i) monthly, irregular first and final payments": (
        lender(
            5000,
            date(1978, 1, 10),
            [(date(1978, 2, 10), 250)]
            + [(d, 230) for d in months(date(1978, 3, 10), 22)]
            + [(date(1980, 1, 10), 280)],
        ),
        Decimal("10.90"),
    ),
    "(c)(4)(ii) every 2 months, short first period, irregular first and final": (
        lender(
            8000,
            date(1978, 1, 10),
            [(date(1978, 3, 1), Decimal("449.36"))]
            + [(d, 465) for d in months(date(1978, 5, 1), 18, 2)]
            + [(date(1981, 5, 1), 200)],
        ),
        Decimal("7.30"),
    ),
    "(c)(5)(i) single advance, single payment, term in days": (
        lender(1000, date(1978, 1, 3), [(date(1978, 9, 15), 1080)]),
        Decimal("11.45"),
    ),
}


class TestAprUS:
    @pytest.mark.parametrize(("flows", "expected"), list(APPENDIX_J.values()), ids=list(APPENDIX_J))
    def test_appendix_j_examples(self, flows, expected: Decimal) -> None:
        assert percent(apr(flows, "us")) == expected

    def test_the_default_convention_is_us(self) -> None:
        flows, _ = APPENDIX_J["(c)(1)(i) monthly, regular first period"]
        assert apr(flows) == apr(flows, AprConvention.US)

    def test_borrower_view_gives_the_same_rate(self) -> None:
        for flows, _ in APPENDIX_J.values():
            assert apr([(day, -amount) for day, amount in flows]) == apr(flows)

    @pytest.mark.parametrize(
        ("key", "unit"),
        [
            ("(c)(1)(i) monthly, regular first period", UnitPeriod(months=1)),
            ("(c)(1)(iii) semimonthly, short first period", UnitPeriod(semimonth=True)),
            ("(c)(1)(iv) quarterly, long first period", UnitPeriod(months=3)),
            ("(c)(1)(v) weekly, long first period", UnitPeriod(days=7)),
            (
                "(c)(2)(ii) every 4 weeks, long first period, irregular first payment",
                UnitPeriod(days=28),
            ),
            (
                "(c)(3)(ii) every 2 weeks, short first period, irregular final payment",
                UnitPeriod(days=14),
            ),
            (
                "(c)(4)(ii) every 2 months, short first period, irregular first and final",
                UnitPeriod(months=2),
            ),
        ],
    )
    def test_unit_period_is_inferred_as_appendix_j_says(self, key: str, unit: UnitPeriod) -> None:
        # the unit periods the Appendix J (c) examples state
        flows, _ = APPENDIX_J[key]
        start = flows[0][0]
        assert infer_unit_period(start, [start], [day for day, _ in flows[1:]]) == unit

    def test_an_explicit_unit_period_is_used(self) -> None:
        flows, _ = APPENDIX_J["(c)(1)(i) monthly, regular first period"]
        assert apr(flows, unit_period="monthly") == apr(flows)
        assert apr(flows, unit_period="semimonthly") != apr(flows)

    def test_no_common_period_rounds_the_average_to_a_standard_interval(self) -> None:
        # (b)(4)(iii): periods of 20, 40 and 33 days average 31: a month
        start = date(2024, 1, 1)
        payments = [start + timedelta(days=d) for d in (20, 60, 93)]
        assert infer_unit_period(start, [start], payments) == UnitPeriod(months=1)

    @pytest.mark.parametrize(
        ("start", "end", "unit", "expected"),
        [
            # Appendix J (c)(1)(ii): 10 Feb to 1 Apr is 1 month and 19 days
            (date(1978, 2, 10), date(1978, 4, 1), UnitPeriod(months=1), (1, Fraction(19, 30))),
            # (c)(1)(iii): 23 Feb to 1 Mar is 6 days of a 15-day semimonth
            (date(1978, 2, 23), date(1978, 3, 1), UnitPeriod(semimonth=True), (0, Fraction(6, 15))),
            # (c)(1)(iv): 23 May to 1 Oct is 4 months 9 days: 129 days of a 90-day quarter
            (date(1978, 5, 23), date(1978, 10, 1), UnitPeriod(months=3), (1, Fraction(39, 90))),
            # (c)(1)(v): 20 Mar to 21 Apr is 32 days: 4 weeks and 4 days
            (date(1978, 3, 20), date(1978, 4, 21), UnitPeriod(days=7), (4, Fraction(4, 7))),
            # (b)(3)(iv): payments on the last day of the month run month-end to month-end
            (date(2024, 1, 31), date(2024, 2, 29), UnitPeriod(months=1), (1, Fraction(0))),
            # (b)(3)(iv): payments on the 30th fall on the last day of February
            (date(2023, 1, 30), date(2023, 2, 28), UnitPeriod(months=1), (1, Fraction(0))),
            # (b)(5)(v): a year unit, 1 year and 6 whole months
            (date(2024, 1, 1), date(2025, 7, 1), UnitPeriod(months=12), (1, Fraction(1, 2))),
            # (b)(5)(v)(B): a year unit, 1 year and 10 days: days over 365
            (date(2024, 1, 1), date(2025, 1, 11), UnitPeriod(months=12), (1, Fraction(10, 365))),
        ],
    )
    def test_unit_periods_between_dates(self, start, end, unit, expected) -> None:
        assert regz_time(start, end, unit) == expected

    def test_single_payment_in_whole_months(self) -> None:
        # Appendix J (b)(5)(vi): 6 whole months is one unit period, 2 a year: 4.4% x 2
        assert apr(lender(1000, date(2024, 1, 1), [(date(2024, 7, 1), 1044)])) == Decimal("0.088")

    def test_single_payment_over_a_year(self) -> None:
        # (b)(4)(iv): the unit period never exceeds a year: 8% over exactly a year is 8%
        assert apr(lender(1000, date(2024, 1, 1), [(date(2025, 1, 1), 1080)])) == Decimal("0.08")
        # 2 years: 1000 (1.08)^2 = 1166.40
        flows = lender(1000, date(2024, 1, 1), [(date(2026, 1, 1), Decimal("1166.40"))])
        assert apr(flows) == Decimal("0.08")

    def test_a_schedule_uses_its_frequency(self) -> None:
        plan = amortize(Loan(5000, "0.0969", 24, "1978-01-10"))
        flows = [(plan.loan.start, -plan.principal)] + [(r.due_date, r.payment) for r in plan]
        assert apr(plan) == apr(flows)
        assert percent(apr(plan)) == Decimal("9.69")

    def test_anything_with_a_loan_and_installments_is_a_plan(self) -> None:
        schedule = amortize(Loan(5000, "0.0969", 24, "1978-01-10"))

        class Duck:
            loan = schedule.loan
            installments = schedule.installments

        assert apr(Duck()) == apr(schedule)

    def test_a_restructured_plan_finances_what_it_says(self) -> None:
        plan = settle(amortize(Loan(1000, "0.1", 12, "2024-01-15")), discount="20%")
        assert apr(plan) == apr(plan.cash_flows()) == 0

    def test_fees_reduce_the_amount_financed(self) -> None:
        plan = amortize(Loan(5000, "0.0969", 24, "1978-01-10"))
        flows = [(plan.loan.start, -(plan.principal - 150))] + [
            (r.due_date, r.payment) for r in plan
        ]
        assert apr(plan, fees=150) == apr(flows)
        raw = [(plan.loan.start, -plan.principal)] + [(r.due_date, r.payment) for r in plan]
        assert apr(raw, fees=150) == apr(flows)

    def test_options_of_other_conventions_are_refused(self) -> None:
        flows, _ = APPENDIX_J["(c)(1)(i) monthly, regular first period"]
        with pytest.raises(InvalidInputError, match="time_basis applies to convention 'eu' only"):
            apr(flows, "us", time_basis="days")
        with pytest.raises(InvalidInputError, match="compounding applies to convention 'pboc'"):
            apr(flows, "us", compounding="simple")
        with pytest.raises(InvalidInputError, match="unit_period applies to convention 'us' and"):
            apr(flows, "eu", unit_period="monthly")

    def test_unknown_convention_and_unit_are_refused(self) -> None:
        flows, _ = APPENDIX_J["(c)(1)(i) monthly, regular first period"]
        with pytest.raises(InvalidInputError, match="convention must be one of 'us', 'eu', 'pboc'"):
            apr(flows, "uk")
        with pytest.raises(InvalidInputError, match="unit_period must be a Frequency"):
            apr(flows, unit_period="fortnightly-ish")


class TestAprEU:
    def test_directive_98_7_first_example(self) -> None:
        # Directive 98/7/EC, Annex III, first example: 1000 on 1 Jan 1994 repaid by 1200
        # on 1 Jul 1995 (546 days): 12.96% on a calendar basis (365/366-day years)
        flows = [(date(1994, 1, 1), 1000), (date(1995, 7, 1), -1200)]
        assert percent(apr(flows, "eu", time_basis="days")) == Decimal("12.96")

    def test_curo_monthly_example(self) -> None:
        # curo (Dart) test suite: 1000 repaid by 6 monthly 172.55 in arrears: 0.1268619060964253
        start = date(2022, 1, 1)
        flows = lender(1000, start, [(d, Decimal("172.55")) for d in months(date(2022, 2, 1), 6)])
        assert apr(flows, "eu") == Decimal("0.1268619061")

    @pytest.mark.parametrize(
        ("start", "end", "basis", "expected"),
        [
            # European Commission guidelines on the CCD APR (SWD(2012) 128), Annex 1, 4.1.1,
            # as tabulated in curo's tests/daycount/test_eu_2008_48_ec.py
            (date(2019, 1, 12), date(2020, 1, 12), "days", Fraction(1)),
            (date(2012, 1, 12), date(2012, 2, 15), "days", Fraction(34, 365)),
            (date(2019, 2, 28), date(2020, 2, 29), "days", Fraction(1)),
            (date(2012, 1, 12), date(2012, 2, 15), "months", Fraction(1, 12) + Fraction(3, 365)),
            (date(2012, 1, 12), date(2012, 4, 15), "months", Fraction(3, 12) + Fraction(3, 365)),
            (date(2013, 1, 12), date(2013, 2, 15), "months", Fraction(1, 12) + Fraction(3, 366)),
            (date(2013, 2, 25), date(2013, 3, 28), "months", Fraction(1, 12) + Fraction(3, 366)),
            (date(2013, 2, 26), date(2013, 3, 29), "months", Fraction(1, 12) + Fraction(2, 366)),
            (date(2012, 2, 26), date(2012, 3, 29), "months", Fraction(1, 12) + Fraction(3, 366)),
            (date(2024, 12, 31), date(2025, 2, 28), "months", Fraction(2, 12)),
            (date(2024, 2, 29), date(2025, 3, 31), "months", Fraction(13, 12)),
            (date(2024, 2, 28), date(2025, 2, 27), "months", Fraction(11, 12) + Fraction(28, 366)),
            (date(2024, 2, 28), date(2025, 2, 28), "months", Fraction(1)),
            (date(2023, 2, 28), date(2024, 2, 29), "months", Fraction(1)),
            (date(2012, 1, 12), date(2012, 1, 26), "weeks", Fraction(2, 52)),
            (date(2012, 1, 12), date(2013, 1, 10), "weeks", Fraction(1)),
            (date(2012, 1, 12), date(2012, 1, 30), "weeks", Fraction(2, 52) + Fraction(4, 365)),
            (date(2012, 1, 12), date(2013, 1, 12), "weeks", 1 + Fraction(2, 365)),
        ],
    )
    def test_commission_guideline_times(self, start, end, basis, expected) -> None:
        parts = eu_time(start, end, TimeBasis.parse(basis))
        assert sum((Fraction(n, d) for n, d in parts), Fraction(0)) == expected

    def test_months_basis_is_the_monthly_irr_compounded(self) -> None:
        plan = amortize(Loan(5000, "0.12", 24, "2024-01-31"))
        amounts = [-plan.principal] + [row.payment for row in plan]
        monthly = irr(amounts)
        assert abs(apr(plan, "eu") - ((1 + monthly) ** 12 - 1)) < Decimal("1e-9")

    def test_drawdowns_after_the_first_count(self) -> None:
        # two drawdowns of 500, a month apart, repaid by 1010 two months after the first
        flows = [(date(2024, 1, 1), 500), (date(2024, 2, 1), 500), (date(2024, 3, 1), -1010)]
        x = float(apr(flows, "eu"))
        assert abs(500 + 500 * (1 + x) ** (-1 / 12) - 1010 * (1 + x) ** (-2 / 12)) < 1e-9


class TestAprPBOC:
    FLOWS = [(date(2021, 1, 1), Decimal(100000))] + [
        (day, Decimal("-8833.3")) for day in months(date(2021, 2, 1), 12)
    ]

    def test_announcement_example(self) -> None:
        # PBOC Announcement [2021] No. 3, attachment: 100,000 lent, a 1,000 service fee,
        # 12 monthly payments of 8,833.3: about 13.58% by IRR (compound), 12.80% simple
        assert percent(apr(self.FLOWS, "pboc", fees=1000)) == Decimal("13.58")
        simple = apr(self.FLOWS, "pboc", fees=1000, compounding="simple")
        assert percent(simple) == Decimal("12.80")

    def test_the_fee_as_a_cash_flow_is_the_same(self) -> None:
        with_fee = [*self.FLOWS, (date(2021, 1, 1), Decimal(-1000))]
        assert apr(with_fee, "pboc") == apr(self.FLOWS, "pboc", fees=1000)

    def test_flat_rate_costs_far_more_than_quoted(self) -> None:
        # 等本等息 at 6% flat over 12 months is the announcement's 8833.3 a month
        plan = amortize(Loan(100000, "0.06", 12, "2021-01-01", method="flat"))
        assert plan.payment == Decimal("8833.33")
        assert percent(apr(plan, "pboc", fees=1000, compounding="simple")) == Decimal("12.80")


class TestCostCap:
    def test_exceeds(self) -> None:
        plan = amortize(Loan(10000, "0.18", 12, "2024-01-15"))
        check = check_cost_cap(plan, "0.24", "pboc", fees=500, compounding="simple")
        assert check == CostCapCheck(
            rate=apr(plan, "pboc", fees=500, compounding="simple"),
            cap=Decimal("0.24"),
            convention=AprConvention.PBOC,
            exceeds=True,
        )
        assert check.headroom < 0

    def test_within(self) -> None:
        plan = amortize(Loan(10000, "0.18", 12, "2024-01-15"))
        check = check_cost_cap(plan, "0.24", "us")
        assert not check.exceeds
        assert check.headroom == Decimal("0.24") - check.rate

    def test_a_rate_equal_to_the_cap_does_not_exceed_it(self) -> None:
        flows = [(date(2024, 1, 1), 1000), (date(2025, 1, 1), -1080)]
        assert not check_cost_cap(flows, "0.08", "us").exceeds

    def test_a_negative_cap_is_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="cap must not be negative"):
            check_cost_cap([(date(2024, 1, 1), 1000), (date(2025, 1, 1), -1080)], "-0.1", "eu")


class TestAprInputs:
    def test_fees_not_less_than_the_advance_are_refused(self) -> None:
        plan = amortize(Loan(1000, "0.1", 12, "2024-01-01"))
        with pytest.raises(
            InvalidInputError, match="fees must be less than the amount advanced 1000"
        ):
            apr(plan, fees=1000)
        with pytest.raises(
            InvalidInputError, match="fees must be less than the amount advanced 1000"
        ):
            apr([(date(2024, 1, 1), 1000), (date(2025, 1, 1), -1100)], fees=1000)

    def test_negative_fees_are_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="fees must not be negative"):
            apr([(date(2024, 1, 1), 1000), (date(2025, 1, 1), -1100)], fees=-1)

    def test_an_advance_netted_to_zero_is_refused(self) -> None:
        flows = [(date(2024, 1, 1), 1000), (date(2024, 1, 1), -1000), (date(2025, 1, 1), -5)]
        with pytest.raises(InvalidInputError, match="earliest cash flow is the advance"):
            apr(flows)

    def test_repayments_of_the_same_sign_are_refused(self) -> None:
        with pytest.raises(InvalidInputError, match="both signs"):
            apr([(date(2024, 1, 1), 1000), (date(2025, 1, 1), 1100)], "eu")
