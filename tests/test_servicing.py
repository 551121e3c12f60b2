"""Known-value tests of servicing: payments, allocation, penalty and the statement.

Each expected figure names where it comes from: a published rule or example
outside the project, with the arithmetic worked from the rule in the comment.
"""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from decimal import Decimal

import pytest

from reschedule import (
    Allocation,
    AllocationLine,
    Amounts,
    BucketStyle,
    ChargeFrom,
    Component,
    Excess,
    InvalidInputError,
    LateFee,
    Loan,
    Payment,
    PenaltyBase,
    PenaltyParts,
    PenaltyPolicy,
    Schedule,
    Statement,
    Waterfall,
    amortize,
    delinquency_bucket,
    statement,
    to_dict,
)
from reschedule.surfaces import view

D = Decimal
P, INT, F, PEN = Component.PRINCIPAL, Component.INTEREST, Component.FEES, Component.PENALTY


def plan(principal: object, rate: str, term: int, **terms: object) -> Schedule:
    return amortize(Loan(principal, rate, term, "2024-01-01", **terms))  # type: ignore[arg-type]


def lines(s: Statement, index: int) -> list[tuple[int | None, Component, str]]:
    return [(line.installment, line.component, str(line.amount)) for line in s.ledger[index].lines]


# 3000 at 12% flat over 3 months: 1000 principal + 30 interest a month (Fineract's example)
FLAT = plan(3000, "0.12", 3, method="flat")
# 120,000 at 6% equal principal: 10,000 principal + 600 interest in month 1 (due 2024-02-01),
# 10,000 + 550 in month 2 (due 2024-03-01)
CN = plan(120_000, "0.06", 12, method="equal_principal")
# 166,791.61 at 6% over 30 years: Excel =PMT(0.5%, 360, -166791.61) -> 1,000.00 of P&I
MORTGAGE = plan("166791.61", "0.06", 360)
# 12,000 at 12% over 12 months, 30/360: Excel =PMT(1%, 12, -12000) -> 1,066.19
ANNUITY = amortize(Loan(12_000, "0.12", 12, "2024-01-15"))


class TestPayment:
    def test_fields(self) -> None:
        payment = Payment("2024-02-01", "10.50", reference="R1")
        assert (payment.date, payment.amount, payment.reference) == (
            date(2024, 2, 1),
            D("10.50"),
            "R1",
        )

    def test_is_immutable(self) -> None:
        payment = Payment("2024-02-01", 10)
        with pytest.raises(dataclasses.FrozenInstanceError):
            payment.amount = D(5)  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("2024-02-01", -5), "payment amount must be positive; got -5"),
            (("2024-02-01", 0), "payment amount must be positive; got 0"),
            (("2024-02-01", "nan"), "payment amount must be a finite number"),
            (("01/02/2024", 5), "payment date must be a date or an ISO date"),
        ],
    )
    def test_refuses(self, args: tuple[object, object], message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            Payment(*args)  # type: ignore[arg-type]


class TestStatementInputs:
    def test_payment_before_the_loan_start(self) -> None:
        with pytest.raises(InvalidInputError, match="before the loan start 2024-01-01; got 2023"):
            statement(FLAT, [Payment("2023-12-31", 10)], "2024-03-01")

    def test_as_of_before_the_loan_start(self) -> None:
        with pytest.raises(InvalidInputError, match="as_of must not be before the loan start"):
            statement(FLAT, [], "2023-12-31")

    def test_amount_finer_than_the_minor_unit(self) -> None:
        with pytest.raises(InvalidInputError, match=r"payment amount must be in whole minor"):
            statement(FLAT, [Payment("2024-02-01", "10.005")], "2024-03-01")

    def test_not_a_payment(self) -> None:
        with pytest.raises(InvalidInputError, match=r"use Payment\(date, amount\)"):
            statement(FLAT, [("2024-02-01", 10)], "2024-03-01")  # type: ignore[list-item]

    def test_not_a_schedule(self) -> None:
        with pytest.raises(InvalidInputError, match="schedule must be a Schedule"):
            statement(FLAT.loan, [], "2024-03-01")  # type: ignore[arg-type]

    def test_unknown_allocation_preset(self) -> None:
        with pytest.raises(InvalidInputError, match="allocation preset must be one of"):
            statement(FLAT, [], "2024-03-01", allocation="oldest")

    def test_late_fee_finer_than_the_minor_unit(self) -> None:
        policy = PenaltyPolicy(late_fee=LateFee(amount="0.001"))
        with pytest.raises(InvalidInputError, match="late fee amount must be in whole minor"):
            statement(FLAT, [], "2024-03-01", penalty=policy)

    def test_payments_after_as_of_are_left_out(self) -> None:
        # they have not happened yet at the end of as_of
        s = statement(
            FLAT, [Payment("2024-02-01", 1030), Payment("2024-03-05", 1030)], "2024-03-04"
        )
        assert [p.date for p in s.payments] == [date(2024, 2, 1)]
        assert s.arrears.total == D("1030.00")


class TestPenaltyPolicyInputs:
    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"rate": "-0.1"}, "penalty rate must not be negative"),
            ({"rate": "0.1", "rate_multiple": "1.5"}, "rate or rate_multiple, not both"),
            (
                {"rate": "0.1", "compound": True, "base": "overdue_principal_and_interest"},
                "already holds",
            ),
            ({"compound": True}, "compound interest is charged at the penalty rate"),
            ({"grace_days": -1}, "grace_days must be at least 0; got -1"),
            ({"cap_total": 0}, "cap_total must be positive"),
            ({"stop_after_days": 0}, "stop_after_days must be at least 1"),
            ({"base": "overdue"}, "penalty base must be one of"),
        ],
    )
    def test_refuses(self, kwargs: dict[str, object], message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            PenaltyPolicy(**kwargs)  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("kwargs", "message"),
        [
            ({"amount": 5, "tiers": [(0, 40)]}, "a fixed amount or tiers, not both"),
            ({"tiers": [(10, 40)]}, "tiers must start at 0 and increase"),
            ({"tiers": [(0, 40), (0, 70)]}, "tiers must start at 0 and increase"),
            ({"minimum": 10, "maximum": 5}, "minimum must not exceed its maximum"),
            ({"base": "matured_principal"}, "late fee base must be an overdue amount"),
        ],
    )
    def test_late_fee_refuses(self, kwargs: dict[str, object], message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            LateFee(**kwargs)  # type: ignore[arg-type]

    def test_is_immutable(self) -> None:
        with pytest.raises(dataclasses.FrozenInstanceError):
            PenaltyPolicy.chinese_bank().grace_days = 3  # type: ignore[misc]

    @pytest.mark.parametrize(
        ("make", "message"),
        [
            # issue 9 section 2: a rate in per cent written bare read as 1800% a year
            (
                lambda: PenaltyPolicy(rate=18),
                "penalty rate must be a fraction: 18 reads as 1800% a year; write 0.18 or "
                "'18%' for 18%",
            ),
            (
                lambda: PenaltyPolicy(rate="0.18", max_annual_rate=24),
                "max_annual_rate must be a fraction: 24 reads as 2400% a year; write 0.24",
            ),
            (
                lambda: PenaltyPolicy(rate_multiple=150),
                "rate_multiple is a multiple of the contract rate: 150 makes the penalty rate "
                "150 times it; write 1.5 or '150%' for 150% of it",
            ),
            (
                lambda: LateFee(rate=5),
                "late fee rate must be a fraction: 5 reads as 500% of the unpaid amount; "
                "write 0.05 or '5%' for 5%",
            ),
            (
                lambda: PenaltyPolicy.uk_late_payment(5.25),
                "base_rate must be a fraction: 5.25 reads as 525% a year; write 0.0525",
            ),
        ],
    )
    def test_a_rate_in_per_cent_written_bare_is_refused_with_the_fix(
        self, make: object, message: str
    ) -> None:
        with pytest.raises(InvalidInputError) as refused:
            make()  # type: ignore[operator]
        assert message in str(refused.value)

    def test_rates_read_in_per_cent_as_a_loan_reads_its_rate(self) -> None:
        assert PenaltyPolicy(rate="18%") == PenaltyPolicy(rate="0.18")
        assert PenaltyPolicy(rate_multiple="150%") == PenaltyPolicy(rate_multiple="1.5")
        assert PenaltyPolicy(rate="0.18", max_annual_rate="24%").max_annual_rate == D("0.24")
        assert LateFee(rate="5%") == LateFee(rate="0.05")
        assert PenaltyPolicy.uk_late_payment("5.25%") == PenaltyPolicy.uk_late_payment("0.0525")
        # a multiple of 1.5 on 6% is 9% (PBOC 银发〔2003〕251号: contract rate plus 50%)
        assert PenaltyPolicy(rate_multiple="150%").annual_rate("0.06") == D("0.09")


class TestFineractOverdueCharge:
    """Apache Fineract's overdue (penalty) charge on a 3000, 12% flat, 3-month loan."""

    @pytest.mark.parametrize(
        ("base", "per_installment"),
        [
            # Fineract: 1.5% of overdue principal 1000.00 -> 15.00 per installment
            ("overdue_principal", "15.00"),
            # Fineract: 1.5% of overdue principal + interest 1030.00 -> 15.45 per installment
            ("overdue_principal_and_interest", "15.45"),
        ],
    )
    def test_charge_per_installment(self, base: str, per_installment: str) -> None:
        policy = PenaltyPolicy(late_fee=LateFee(rate="0.015", base=base))
        s = statement(FLAT, [], "2024-05-01", penalty=policy)
        assert [row.due.fees for row in s.installments] == [D(per_installment)] * 3
        assert s.late_fees_charged == 3 * D(per_installment)
        assert s.arrears == (D("3000.00"), D("90.00"), 3 * D(per_installment), D("0.00"))


class TestUSMortgageLateCharge:
    """Fannie Mae/Freddie Mac note §6(A): 5% of the overdue P&I payment once it is
    unpaid by the end of 15 calendar days after the due date (P&I here 1,000.00)."""

    @pytest.mark.parametrize(
        ("paid_on", "late_charge"),
        [
            ("2024-02-01", "0.00"),  # on time
            ("2024-02-16", "0.00"),  # 15 days late: within the 15 days
            ("2024-02-17", "50.00"),  # 16 days late: 5% x 1,000.00 = 50.00
        ],
    )
    def test_late_charge(self, paid_on: str, late_charge: str) -> None:
        s = statement(
            MORTGAGE,
            [Payment(paid_on, "1000.00")],
            "2024-02-20",
            penalty=PenaltyPolicy.us_mortgage(),
        )
        assert s.late_fees_charged == D(late_charge)

    @pytest.mark.parametrize(
        ("as_of", "late_charge"),
        [("2024-02-16", "0.00"), ("2024-02-17", "50.00"), ("2024-12-31", "50.00")],
    )
    def test_charged_only_once(self, as_of: str, late_charge: str) -> None:
        # the note: "only once on each late payment"; unpaid, the first installment
        # is charged 50.00 on 17 Feb and never again
        s = statement(MORTGAGE, [], as_of, penalty=PenaltyPolicy.us_mortgage())
        assert s.installments[0].due.fees == D(late_charge)

    def test_the_late_charge_is_paid_first_by_the_standard_waterfall(self) -> None:
        # 1,000.00 paid 16 days late: 50.00 late charge, 833.96 interest, 116.04 principal
        # (the standard order, penalty and fees first, with the preset's late charge but
        # without its charges_last: the preset itself pays principal and interest first)
        policy = PenaltyPolicy(
            grace_days=15,
            late_fee=LateFee(rate="0.05", base="overdue_principal_and_interest"),
        )
        s = statement(MORTGAGE, [Payment("2024-02-17", "1000.00")], "2024-02-17", penalty=policy)
        assert lines(s, 0) == [(1, F, "50.00"), (1, INT, "833.96"), (1, P, "116.04")]
        assert s.arrears.principal == D("50.00")

    def test_the_preset_pays_principal_and_interest_before_the_late_charge(self) -> None:
        # 16 CFR 444.4: the payment covers the installment (833.96 interest, 166.04
        # principal, the note's split of 1,000.00); the 50.00 late charge stays owed
        s = statement(
            MORTGAGE,
            [Payment("2024-02-17", "1000.00")],
            "2024-02-17",
            penalty=PenaltyPolicy.us_mortgage(),
        )
        assert lines(s, 0) == [(1, INT, "833.96"), (1, P, "166.04")]
        assert (s.arrears.principal, s.arrears.fees, s.days_past_due) == (D(0), D("50.00"), 0)


class TestNoPyramiding:
    """16 CFR 444.4 forbids pyramiding late fees: 300,000 at 6.5% over 360 months
    (1,896.20 a month), 11 full payments, the second 19 days late. Before the fix
    the preset paid the 94.81 late charge first, left every later installment
    94.81 short and charged them too (140.08 in all), and the account stayed past
    due although every later payment was full and on time."""

    schedule = amortize(Loan(300_000, "0.065", 360, "2024-01-01"))

    def paid(self) -> list[Payment]:
        late = {2: 19}
        return [
            Payment(row.due_date + timedelta(days=late.get(row.number, 0)), row.payment)
            for row in self.schedule[:11]
        ]

    @pytest.mark.parametrize("as_of", ["2024-12-01", "2024-12-31"])
    def test_one_late_charge_and_current(self, as_of: str) -> None:
        s = statement(self.schedule, self.paid(), as_of, penalty=PenaltyPolicy.us_mortgage())
        assert self.schedule.payment == D("1896.20")
        # hand computation: one late charge, 5% x 1,896.20 = 94.81, on the second
        assert s.late_fees_charged == D("94.81")
        assert [row.number for row in s.installments if row.due.fees] == [2]
        assert s.days_past_due == 0
        assert s.arrears == Amounts(fees="94.81")
        assert all(row.paid_on == row.due_date for row in s.installments[2:11])

    def test_money_beyond_the_installment_pays_the_charge(self) -> None:
        paid = [*self.paid(), Payment("2024-12-05", "94.81")]
        s = statement(self.schedule, paid, "2024-12-05", penalty=PenaltyPolicy.us_mortgage())
        assert s.arrears.total == 0
        assert lines(s, 11) == [(2, F, "94.81")]

    @pytest.mark.parametrize("waterfall", ["horizontal", "vertical"])
    def test_either_waterfall(self, waterfall: str) -> None:
        rule = Allocation(waterfall=waterfall)
        s = statement(
            self.schedule,
            self.paid(),
            "2024-12-31",
            penalty=PenaltyPolicy.us_mortgage(),
            allocation=rule,
        )
        assert (s.late_fees_charged, s.days_past_due) == (D("94.81"), 0)


class TestChineseBankPenalty:
    """PBOC 银发〔2003〕251号: penalty at the contract rate + 50% on overdue principal,
    compound interest at that rate on unpaid interest, ACT/360. Contract 6% -> 9%.
    Installment 1: principal 10,000.00 and interest 600.00, due 2024-02-01."""

    policy = PenaltyPolicy.chinese_bank()

    def test_penalty_and_compound(self) -> None:
        # 28 days to 29 Feb: 10,000 x 9% x 28/360 = 70.00 and 600 x 9% x 28/360 = 4.20
        s = statement(CN, [], "2024-02-29", penalty=self.policy)
        assert s.accrued_penalty == D("74.20")
        assert s.days_past_due == 28
        assert s.payoff == D("120000.00") + D("600.00") + D("74.20")

    def test_paid_in_full_with_its_penalty(self) -> None:
        # 10,000 + 600 + 74.20 on 29 Feb clears the installment
        s = statement(CN, [Payment("2024-02-29", "10674.20")], "2024-02-29", penalty=self.policy)
        assert lines(s, 0) == [(1, PEN, "74.20"), (1, INT, "600.00"), (1, P, "10000.00")]
        assert s.arrears.total == 0
        assert s.days_past_due == 0

    def test_partial_payment_changes_the_base(self) -> None:
        # 10 days to 11 Feb: (10,000 + 600) x 9% x 10/360 = 26.50; 5,000 pays 26.50 penalty,
        # 600 interest, 4,373.50 principal; 18 days more on 5,626.50: x 9% x 18/360 =
        # 25.31925; charged in all round(26.50 + 25.31925) = 51.82, unpaid 25.32
        s = statement(CN, [Payment("2024-02-11", 5000)], "2024-02-29", penalty=self.policy)
        assert lines(s, 0) == [(1, PEN, "26.50"), (1, INT, "600.00"), (1, P, "4373.50")]
        assert s.penalty_charged == D("51.82")
        assert s.accrued_penalty == D("25.32")
        assert s.arrears.principal == D("5626.50")

    def test_two_installments_overdue(self) -> None:
        # to 11 Mar: installment 1, 39 days: 10,600 x 9% x 39/360 = 103.35;
        # installment 2 (10,000 + 550, due 1 Mar), 10 days: 10,550 x 9% x 10/360 = 26.375
        # -> 26.38 (half up); together 129.73; the oldest is 39 days past due
        s = statement(CN, [], "2024-03-11", penalty=self.policy)
        assert [row.due.penalty for row in s.installments[:3]] == [
            D("103.35"),
            D("26.38"),
            D("0.00"),
        ]
        assert (s.days_past_due, s.bucket, s.m_bucket) == (39, "31-60", "M2")

    @pytest.mark.parametrize(
        ("charge_from", "paid_on", "penalty"),
        [
            # paid within 3 days of grace: nothing
            ("due_date", "2024-02-04", "0.00"),
            # 4 days late, grace exceeded, charged from the due date: 10,600 x 9% x 4/360
            ("due_date", "2024-02-05", "10.60"),
            # the same, charged from the end of grace only: 10,600 x 9% x 1/360 = 2.65
            ("grace_end", "2024-02-05", "2.65"),
        ],
    )
    def test_grace(self, charge_from: str, paid_on: str, penalty: str) -> None:
        policy = dataclasses.replace(
            PenaltyPolicy.chinese_bank(grace_days=3), charge_from=ChargeFrom(charge_from)
        )
        s = statement(CN, [Payment(paid_on, "10610.60")], "2024-02-10", penalty=policy)
        assert s.penalty_charged == D(penalty)

    def test_multiple_of_a_contract_rate(self) -> None:
        # contract 4.35% (the PBOC 1-5 year benchmark rate) x 1.3 = 5.655%
        assert PenaltyPolicy(rate_multiple="1.3").annual_rate("0.0435") == D("0.05655")


class TestPenaltyAndCompoundApart:
    """罚息 (penalty interest on overdue principal) and 复利 (compound interest on
    overdue interest) booked apart; their sum is the penalty component, rounded once
    by the policy's mode as before."""

    policy = PenaltyPolicy.chinese_bank()

    def test_apart_on_the_installment_and_the_account(self) -> None:
        # PBOC 银发〔2003〕251号, contract 6% -> 9%; 28 days to 29 Feb (hand computation):
        # 罚息 10,000 x 9% x 28/360 = 70.00, 复利 600 x 9% x 28/360 = 4.20
        s = statement(CN, [], "2024-02-29", penalty=self.policy)
        parts = PenaltyParts(D("70.00"), D("4.20"))
        assert s.installments[0].penalty_parts == parts
        assert s.installments[0].penalty_parts_outstanding == parts
        assert s.penalty_parts_charged == parts
        assert s.penalty_arrears == parts
        assert s.penalty_arrears.total == s.arrears.penalty == s.penalty_charged == D("74.20")

    def test_the_total_is_rounded_once(self) -> None:
        # 1,200 at 12% ACT/360 (106.72 a month), nothing paid; installment 1 (94.32
        # principal, 12.40 interest, due 15 Feb) 19 days overdue on 5 March, at 18%
        # (hand computation): penalty (94.32 + 12.40) x 18% x 19/360 = 1.01376 -> 1.01,
        # as before; of it 罚息 94.32 x 18% x 19/360 = 0.89604 -> 0.90, 复利 the rest,
        # 0.11 (12.40 x 18% x 19/360 = 0.1178)
        schedule = amortize(Loan(1200, "0.12", 12, "2024-01-15", day_count="ACT/360"))
        s = statement(schedule, [], "2024-03-05", penalty=self.policy)
        assert s.penalty_arrears == PenaltyParts(D("0.90"), D("0.11"))
        assert s.arrears.penalty == D("1.01")

    def test_penalty_interest_is_paid_first(self) -> None:
        # 50.00 on 29 Feb pays the penalty component first: 罚息 70.00 is paid 50.00 of
        # it; nothing of the 复利 4.20
        s = statement(CN, [Payment("2024-02-29", 50)], "2024-02-29", penalty=self.policy)
        assert s.penalty_arrears == PenaltyParts(D("20.00"), D("4.20"))
        assert s.installments[0].penalty_parts_outstanding == s.penalty_arrears

    def test_no_compound_interest_without_compound(self) -> None:
        # the penalty on principal and interest, without compound: all of it is 罚息;
        # (10,000 + 600) x 9% x 28/360 = 74.20
        policy = PenaltyPolicy(rate="0.09", base="overdue_principal_and_interest")
        s = statement(CN, [], "2024-02-29", penalty=policy)
        assert s.penalty_parts_charged == PenaltyParts(D("74.20"), D("0.00"))

    def test_a_binding_cap_cuts_compound_interest_first(self) -> None:
        # of 70.00 + 4.20 uncapped, a cap of 72.00 on the loan's penalty (cap_total
        # 0.0006 x 120,000) keeps 罚息 70.00 and 复利 2.00
        policy = PenaltyPolicy(rate_multiple="1.5", compound=True, cap_total="0.0006")
        s = statement(CN, [], "2024-02-29", penalty=policy)
        assert s.penalty_parts_charged == PenaltyParts(D("70.00"), D("2.00"))

    def test_in_json_and_the_tables(self) -> None:
        s = statement(CN, [], "2024-02-29", penalty=self.policy)
        data = to_dict(s)
        assert data["penalty_arrears"] == {"penalty_interest": "70.00", "compound_interest": "4.20"}
        assert data["installments"][0]["penalty_parts"]["compound_interest"] == "4.20"
        installments = view(s, "installments")
        assert installments.column("due_penalty_interest")[0] == D("70.00")
        assert installments.column("outstanding_compound_interest")[0] == D("4.20")
        assert "penalty 74.20 = penalty interest 70.00 + compound interest 4.20" in str(s)


class TestUKLatePayment:
    """Late Payment of Commercial Debts (Interest) Act 1998: simple interest at 8%
    over the base rate (5.25% -> 13.25%), daily at /365, and fixed compensation
    by the size of the debt (s.5A): 40 under 1,000; 70 to 9,999.99; 100 from 10,000."""

    @pytest.mark.parametrize(
        ("principal", "compensation", "interest"),
        [
            # 999.99 x 13.25% x 28/365 = 10.1642... -> 10.16
            ("2999.97", "40.00", "10.16"),
            # 1,000.00 x 13.25% x 28/365 = 10.1643... -> 10.16
            ("3000", "70.00", "10.16"),
            # 10,000.00 x 13.25% x 28/365 = 101.6438... -> 101.64
            ("30000", "100.00", "101.64"),
        ],
    )
    def test_interest_and_compensation(
        self, principal: str, compensation: str, interest: str
    ) -> None:
        s = statement(
            plan(principal, "0", 3),
            [],
            "2024-02-29",
            penalty=PenaltyPolicy.uk_late_payment("0.0525"),
        )
        first = s.installments[0]
        assert (first.due.fees, first.due.penalty) == (D(compensation), D(interest))


class TestCreditCardLateCharge:
    @pytest.mark.parametrize(
        ("principal", "late_charge"),
        [
            # a 25 flat charge on each missed 100.00 installment
            ("300", "25.00"),
            # Regulation Z §1026.52(b)(2)(i)(A): no more than the payment missed, 20.00
            ("60", "20.00"),
        ],
    )
    def test_flat_charge(self, principal: str, late_charge: str) -> None:
        s = statement(
            plan(principal, "0", 3), [], "2024-02-15", penalty=PenaltyPolicy.credit_card(25)
        )
        assert s.installments[0].due.fees == D(late_charge)


class TestCaps:
    """Caps and the stop rule, worked from their definitions on 12 installments of
    1,000.00 (12,000 at 0%) with penalty at 36% a year, ACT/360 (1.00 a day)."""

    loan = plan(12_000, "0", 12)

    def first_penalty(self, as_of: str, **kwargs: object) -> Decimal:
        policy = PenaltyPolicy(rate="0.36", **kwargs)  # type: ignore[arg-type]
        return statement(self.loan, [], as_of, penalty=policy).installments[0].due.penalty

    def test_uncapped(self) -> None:
        # 1 Feb to 20 Aug 2024: 201 days x 1.00
        assert self.first_penalty("2024-08-20") == D("201.00")

    def test_per_installment(self) -> None:
        # 10% of the 1,000.00 installment
        assert self.first_penalty("2024-08-20", cap_per_installment="0.1") == D("100.00")

    def test_annual_cost(self) -> None:
        # 24% a year on 1,000.00 for 201 days: 1,000 x 24% x 201/360 = 134.00
        assert self.first_penalty("2024-08-20", max_annual_rate="0.24") == D("134.00")

    def test_annual_cost_holds_back_a_late_fee(self) -> None:
        # 30 days: penalty 30.00 + fee 50.00 = 80.00 > 1,000 x 24% x 30/360 = 20.00; the cap
        # fills the late fee first
        policy = PenaltyPolicy(rate="0.36", max_annual_rate="0.24", late_fee=LateFee(50))
        row = statement(self.loan, [], "2024-03-02", penalty=policy).installments[0]
        assert (row.due.fees, row.due.penalty) == (D("20.00"), D("0.00"))

    def test_total(self) -> None:
        # 1% of the principal 12,000 = 120.00 for the whole loan
        s = statement(
            self.loan, [], "2025-06-30", penalty=PenaltyPolicy(rate="0.36", cap_total="0.01")
        )
        assert s.penalty_charged == D("120.00")

    def test_stop_after_days(self) -> None:
        # 30 days x 1.00, then nothing
        assert self.first_penalty("2024-08-20", stop_after_days=30) == D("30.00")

    def test_charge_off(self) -> None:
        # 1 Feb to 1 Apr: 60 days x 1.00
        assert self.first_penalty("2024-08-20", charge_off="2024-04-01") == D("60.00")

    def test_matured_principal(self) -> None:
        # nothing before maturity (1 Jan 2025), then on all principal unpaid:
        # 12,000 x 36% x 10/360 = 120.00 by 11 Jan 2025
        policy = PenaltyPolicy(rate="0.36", base=PenaltyBase.MATURED_PRINCIPAL)
        assert statement(self.loan, [], "2025-01-01", penalty=policy).penalty_charged == 0
        assert statement(self.loan, [], "2025-01-11", penalty=policy).penalty_charged == D("120.00")

    def test_late_fee_minimum_and_maximum(self) -> None:
        # 1% of 1,000.00 = 10.00 raised to the minimum 15.00; 10% = 100.00 cut to 60.00
        low = PenaltyPolicy(late_fee=LateFee(rate="0.01", minimum=15))
        high = PenaltyPolicy(late_fee=LateFee(rate="0.1", maximum=60))
        assert statement(self.loan, [], "2024-02-02", penalty=low).late_fees_charged == D("15.00")
        assert statement(self.loan, [], "2024-02-02", penalty=high).late_fees_charged == D("60.00")


class TestWaterfall:
    """Two overdue installments of the flat loan (1,000 + 30 each) and a 15.00 late
    fee on each; a payment of 100.00 on 2 Mar."""

    policy = PenaltyPolicy(late_fee=LateFee(15))
    paid = (Payment("2024-03-02", 100),)

    def test_horizontal(self) -> None:
        # Fineract "Penalties, Fees, Interest, Principal order": installment 1 first
        s = statement(FLAT, self.paid, "2024-03-02", penalty=self.policy)
        assert lines(s, 0) == [(1, F, "15.00"), (1, INT, "30.00"), (1, P, "55.00")]

    def test_vertical(self) -> None:
        # each component across both installments: fees, then interest, then principal
        s = statement(FLAT, self.paid, "2024-03-02", penalty=self.policy, allocation="vertical")
        assert lines(s, 0) == [
            (1, F, "15.00"),
            (2, F, "15.00"),
            (1, INT, "30.00"),
            (2, INT, "30.00"),
            (1, P, "10.00"),
        ]

    def test_interest_first(self) -> None:
        # Fineract "Interest, Principal, Penalties, Fees Order"
        s = statement(
            FLAT, self.paid, "2024-03-02", penalty=self.policy, allocation="interest_first"
        )
        assert lines(s, 0) == [(1, INT, "30.00"), (1, P, "70.00")]

    def test_principal_first(self) -> None:
        # Fineract "Principal, Interest, Penalties, Fees Order"
        s = statement(
            FLAT,
            self.paid,
            "2024-03-02",
            penalty=self.policy,
            allocation=Allocation.PRINCIPAL_FIRST,
        )
        assert lines(s, 0) == [(1, P, "100.00")]

    def test_custom_order(self) -> None:
        rule = Allocation("fees, principal, interest, penalty", waterfall="vertical")
        s = statement(FLAT, self.paid, "2024-03-02", penalty=self.policy, allocation=rule)
        assert lines(s, 0) == [(1, F, "15.00"), (2, F, "15.00"), (1, P, "70.00")]

    @pytest.mark.parametrize(
        "order",
        [("principal", "interest", "fees"), ("principal", "interest", "fees", "fees", "penalty")],
    )
    def test_order_names_each_component_once(self, order: tuple[str, ...]) -> None:
        with pytest.raises(InvalidInputError, match="must name each component once"):
            Allocation(order)

    def test_presets(self) -> None:
        assert Allocation.STANDARD.order == (PEN, F, INT, P)
        assert Allocation.VERTICAL.waterfall is Waterfall.VERTICAL
        assert Allocation.INTEREST_FIRST.order == (INT, P, PEN, F)
        assert Allocation.PRINCIPAL_FIRST.order == (P, INT, PEN, F)
        assert Allocation.parse(None) is Allocation.STANDARD


class TestExcess:
    """12,000 at 12% over 12 months (1,066.19 a month); installment 1 paid on its due
    date, 15 Feb, with 3,000.00 more. The balance after it: 12,000 - 946.19 - 3,000."""

    balance = D("8053.81")

    def run(self, excess: str, *more: Payment) -> Statement:
        paid = [Payment("2024-02-15", D("4066.19")), *more]
        rule = Allocation.STANDARD.with_excess(excess)
        return statement(ANNUITY, paid, "2024-02-15", allocation=rule)

    def test_reduce_installment(self) -> None:
        # Excel =PMT(1%, 11, -8053.81) -> 776.82 for the 11 installments left
        s = self.run("reduce_installment")
        rows = s.installments[1:]
        assert {row.due.principal + row.due.interest for row in rows[:-1]} == {D("776.82")}
        assert s.outstanding_principal == self.balance
        assert [line.installment for line in s.ledger[0].lines] == [1, 1, None]
        assert s.ledger[0].lines[-1] == AllocationLine(None, P, D("3000.00"))

    def test_reduce_installment_matches_a_new_schedule(self) -> None:
        # the remaining plan is the schedule of the balance over the 11 months left
        s = self.run("reduce_installment")
        fresh = amortize(Loan(self.balance, "0.12", 11, "2024-02-15"))
        assert [(r.due.principal, r.due.interest) for r in s.installments[1:]] == [
            (r.principal, r.interest) for r in fresh
        ]

    def test_reduce_term(self) -> None:
        # Excel =NPER(1%, -1066.19, 8053.81) -> 7.89: 7 full installments and a smaller one
        s = self.run("reduce_term")
        amounts = [row.due.principal + row.due.interest for row in s.installments[1:]]
        assert amounts[:7] == [D("1066.19")] * 7
        assert D(0) < amounts[7] < D("1066.19")
        assert amounts[8:] == [D(0)] * 3
        assert sum(row.due.principal for row in s.installments[1:]) == self.balance

    def test_next_installment(self) -> None:
        # 3,000 pays installments 2 and 3 (1,066.19 each) in advance and 867.62 of the 4th
        s = self.run("next_installment")
        assert [row.paid_on for row in s.installments[1:3]] == [date(2024, 2, 15)] * 2
        assert s.installments[3].paid.total == D("867.62")
        assert s.arrears.total == 0

    def test_credit(self) -> None:
        s = self.run("credit")
        assert s.credit == D("3000.00")
        assert s.outstanding_principal == D("11053.81")

    @pytest.mark.parametrize("excess", [member.value for member in Excess])
    def test_paying_the_payoff_settles_the_loan(self, excess: str) -> None:
        # the payoff on 15 Feb: the principal not yet due, no interest not yet due
        before = statement(ANNUITY, [Payment("2024-02-15", D("1066.19"))], "2024-02-15")
        assert before.payoff == D("11053.81")
        settled = statement(
            ANNUITY,
            [Payment("2024-02-15", D("1066.19")), Payment("2024-02-15", before.payoff)],
            "2024-03-31",
            allocation=Allocation.STANDARD.with_excess(excess),
        )
        assert settled.is_settled
        assert settled.settled_on == date(2024, 2, 15)
        assert settled.total_paid == D("12000.00") + D("120.00")  # interest of month 1 only


class TestInterestAccrual:
    """12,000 at 12% a year, 30/360, from 1 Jan 2024: on 16 Jan, 15 days of the first
    month have accrued 12,000 x 12% x 15/360 = 60.00."""

    loan = plan(12_000, "0.12", 12)

    def test_on_due_dates_payoff_holds_no_interest_not_yet_due(self) -> None:
        s = statement(self.loan, [], "2024-01-16")
        assert (s.payoff, s.accrued_interest) == (D("12000.00"), D("0.00"))

    def test_daily_payoff_holds_interest_to_date(self) -> None:
        s = statement(self.loan, [], "2024-01-16", interest_accrual="daily")
        assert (s.payoff, s.accrued_interest) == (D("12060.00"), D("60.00"))

    def test_daily_payoff_settles(self) -> None:
        s = statement(
            self.loan, [Payment("2024-01-16", "12060.00")], "2024-03-01", interest_accrual="daily"
        )
        assert s.is_settled
        assert sum(row.paid.principal for row in s.installments) == D("12000.00")
        assert [row.paid.interest for row in s.installments[:2]] == [D("60.00"), D("0.00")]

    def test_daily_prepayment_splits_the_period(self) -> None:
        # 6,000 on 16 Jan with reduce_term: the 60.00 accrued is paid first and 5,940.00
        # prepays principal, leaving 6,060.00; interest of month 1 is 15 days on 12,000 and
        # 15 days on 6,060: 12,000 x 12% x 15/360 + 6,060 x 12% x 15/360 = 60.00 + 30.30
        rule = Allocation.STANDARD.with_excess("reduce_term")
        s = statement(
            self.loan,
            [Payment("2024-01-16", 6000)],
            "2024-01-16",
            allocation=rule,
            interest_accrual="daily",
        )
        assert s.installments[0].due.interest == D("90.30")
        assert lines(s, 0) == [(1, INT, "60.00"), (None, P, "5940.00")]


class TestDaysPastDue:
    def test_due_today_is_in_arrears_with_zero_days(self) -> None:
        s = statement(FLAT, [], "2024-02-01")
        assert (s.arrears.total, s.days_past_due, s.bucket) == (D("1030.00"), 0, "current")
        assert s.installments[0].in_arrears

    def test_one_day_after_the_due_date(self) -> None:
        s = statement(FLAT, [], "2024-02-02")
        assert (s.days_past_due, s.bucket, s.m_bucket) == (1, "1-30", "M1")

    def test_oldest_unpaid_installment_counts(self) -> None:
        # installment 1 paid, 2 (due 1 Mar) unpaid at 15 Apr: 45 days
        s = statement(FLAT, [Payment("2024-02-01", 1030)], "2024-04-15")
        assert [row.days_past_due for row in s.installments] == [0, 45, 14]
        assert s.days_past_due == 45

    def test_unpaid_charges_alone_are_not_past_due(self) -> None:
        policy = PenaltyPolicy(late_fee=LateFee(15))
        paid = [Payment("2024-02-05", 1030)]
        s = statement(FLAT, paid, "2024-02-20", penalty=policy, allocation="principal_first")
        assert s.arrears.total == D("15.00")
        assert s.days_past_due == 0

    @pytest.mark.parametrize(
        ("days", "ranges", "months"),
        # the buckets; M-buckets as in collections practice (M1 = 1-30 days)
        [
            (0, "current", "M0"),
            (1, "1-30", "M1"),
            (30, "1-30", "M1"),
            (31, "31-60", "M2"),
            (60, "31-60", "M2"),
            (61, "61-90", "M3"),
            (90, "61-90", "M3"),
            (91, "91-180", "M4"),
            (180, "91-180", "M6"),
            (181, "180+", "M7"),
            (400, "180+", "M14"),
        ],
    )
    def test_buckets(self, days: int, ranges: str, months: str) -> None:
        assert delinquency_bucket(days) == ranges
        assert delinquency_bucket(days, BucketStyle.MONTHS) == months

    def test_bucket_refuses_negative_days(self) -> None:
        with pytest.raises(InvalidInputError, match="days past due must be at least 0; got -1"):
            delinquency_bucket(-1)
        with pytest.raises(InvalidInputError, match="days past due must be a whole number"):
            delinquency_bucket(1.5)  # type: ignore[arg-type]


class TestStatementValue:
    def test_is_immutable(self) -> None:
        s = statement(FLAT, [], "2024-02-01")
        with pytest.raises(dataclasses.FrozenInstanceError):
            s.credit = D(1)  # type: ignore[misc]

    def test_knows_what_produced_it(self) -> None:
        policy = PenaltyPolicy.chinese_bank()
        s = statement(FLAT, [], "2024-02-01", penalty=policy)
        assert (s.schedule, s.loan, s.penalty, s.allocation) == (
            FLAT,
            FLAT.loan,
            policy,
            Allocation.STANDARD,
        )

    def test_is_a_value(self) -> None:
        paid = [Payment("2024-02-10", 1000)]
        policy = PenaltyPolicy.chinese_bank()
        assert statement(FLAT, paid, "2024-03-05", penalty=policy) == statement(
            FLAT, paid, "2024-03-05", penalty=policy
        )
        assert statement(FLAT, paid, "2024-03-05") != statement(FLAT, paid, "2024-03-06")

    def test_text(self) -> None:
        s = statement(FLAT, [Payment("2024-02-01", 1030)], "2024-03-05")
        assert "4 days past due (1-30)" in str(s)
        assert repr(s).startswith("<Statement as of 2024-03-05: arrears 1030.00")

    def test_made_as_its_constructor_makes_it(self) -> None:
        """`statement` sets the statement's slots directly: every field, as the
        dataclass's constructor sets it."""
        paid = [Payment("2024-02-10", 1000)]
        s = statement(FLAT, paid, "2024-03-05", penalty=PenaltyPolicy.chinese_bank())
        values = {field.name: getattr(s, field.name) for field in dataclasses.fields(Statement)}
        values["_built_rows"], values["_built_ledger"] = [], []
        made = Statement(**values)
        assert all(
            getattr(made, name) == value and type(getattr(made, name)) is type(value)
            for name, value in values.items()
        )
        assert s.installments == made.installments
        assert s.ledger == made.ledger
