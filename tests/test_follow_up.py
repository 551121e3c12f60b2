"""Follow-up (跟进落实): honoured, in arrears, broken or completed; conditional waivers
reinstated when a plan is broken; renegotiation from the follow-up's position."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from reschedule import (
    BreakRule,
    Components,
    FollowUp,
    InvalidInputError,
    Loan,
    Payment,
    PenaltyPolicy,
    Plan,
    PlanStatus,
    amortize,
    defer,
    follow_up,
    freeze,
    reage,
    restructure,
    statement,
    waive,
    waiver_history,
)


def agreed_plan() -> Plan:
    """4,000 interest-free in four monthly installments from 2024-01-15, nothing paid.

    By the end of 2024-03-20 two installments are overdue, with penalty at 18% a year
    on overdue principal, ACT/360 (hand computation):
      installment 1, due 2024-02-15: 1,000 x 0.18 x 34/360 = 17.00 (14 days of
        February 2024 after the 15th, 20 of March)
      installment 2, due 2024-03-15: 1,000 x 0.18 x 5/360 = 2.50
    penalty 19.50. It is waived on condition, and the 4,000 re-aged over four
    installments of 1,000 on 2024-04-15, 05-15, 06-15 and 07-15.
    """
    account = statement(
        amortize(Loan(4000, "0", 4, "2024-01-15")),
        [],
        "2024-03-20",
        penalty=PenaltyPolicy(rate="0.18"),
    )
    assert account.arrears.penalty == Decimal("19.50")
    return reage(waive(account, penalty="all", conditional=True), 4)


def on_time(plan: Plan, count: int) -> list[Payment]:
    return [Payment(row.due_date, row.payment) for row in plan[:count]]


class TestStatus:
    def test_the_plan(self) -> None:
        plan = agreed_plan()
        assert [(row.due_date, row.payment) for row in plan] == [
            (date(2024, m, 15), Decimal("1000.00")) for m in (4, 5, 6, 7)
        ]
        assert plan.conditional_waiver == Components(penalty="19.50")

    def test_honoured_before_anything_falls_due(self) -> None:
        result = follow_up(agreed_plan(), [], "2024-04-01")
        assert result.status is PlanStatus.HONOURED
        assert result.due_now.total == 0
        assert result.next_due == (date(2024, 4, 15), Decimal("1000.00"))
        assert result.installments_paid == 0
        assert result.installments == 4

    def test_due_on_its_day_is_due_now_not_past_due(self) -> None:
        result = follow_up(agreed_plan(), [], "2024-04-15")
        assert result.status is PlanStatus.HONOURED
        assert result.due_now == Components(principal=1000)

    def test_paid_as_agreed(self) -> None:
        plan = agreed_plan()
        result = follow_up(plan, on_time(plan, 2), "2024-05-20")
        assert result.status is PlanStatus.HONOURED
        assert result.installments_paid == 2
        assert result.paid == Decimal("2000.00")
        assert result.owed == Components(principal="2000.00")  # the waiver stands
        assert not result.waiver_final
        assert result.reinstated.total == 0

    def test_one_missed_is_in_arrears_under_the_default_rule(self) -> None:
        # BreakRule(): broken at two installments missed at once
        plan = agreed_plan()
        result = follow_up(plan, on_time(plan, 2), "2024-06-20")
        assert result.status is PlanStatus.IN_ARREARS
        assert result.missed == 1
        assert result.days_past_due == 5
        assert result.due_now == Components(principal="1000.00")

    def test_two_missed_break_it_the_day_after_the_second_falls_due(self) -> None:
        plan = agreed_plan()
        assert follow_up(plan, on_time(plan, 2), "2024-07-15").status is PlanStatus.IN_ARREARS
        result = follow_up(plan, on_time(plan, 2), "2024-07-16")
        assert result.status is PlanStatus.BROKEN
        assert result.broken_on == date(2024, 7, 16)
        assert result.reinstated == Components(penalty="19.50")
        # 2,000 of principal the plan still owes, and the penalty waived, due at once
        assert result.owed == Components(principal="2000.00", penalty="19.50")
        assert result.due_now == result.owed
        assert result.waived.total == 0

    def test_broken_stays_broken_when_caught_up(self) -> None:
        plan = agreed_plan()
        paid = [*on_time(plan, 2), Payment("2024-07-20", 2000)]
        result = follow_up(plan, paid, "2024-08-01")
        assert result.status is PlanStatus.BROKEN
        assert result.broken_on == date(2024, 7, 16)
        # the plan is repaid, the reinstated penalty is still owed
        assert result.owed == Components(penalty="19.50")

    def test_completed_makes_the_waiver_final(self) -> None:
        plan = agreed_plan()
        result = follow_up(plan, on_time(plan, 4), "2024-07-15")
        assert result.status is PlanStatus.COMPLETED
        assert result.waiver_final
        assert result.waived == Components(penalty="19.50")
        assert result.owed.total == 0
        assert result.next_due is None

    def test_late_but_caught_up_is_honoured_again(self) -> None:
        plan = agreed_plan()
        paid = [*on_time(plan, 1), Payment("2024-05-25", 1000)]
        assert follow_up(plan, paid, "2024-05-20").status is PlanStatus.IN_ARREARS
        result = follow_up(plan, paid, "2024-05-31")
        assert result.status is PlanStatus.HONOURED
        assert result.late == 1
        assert result.missed == 0


class TestRules:
    def test_strict_breaks_on_the_first_miss(self) -> None:
        plan = agreed_plan()
        result = follow_up(plan, on_time(plan, 1), "2024-06-01", rule=BreakRule.strict())
        assert result.broken_on == date(2024, 5, 16)

    def test_grace_days(self) -> None:
        # paid 3 days late within 5 days of grace: on time
        plan = agreed_plan()
        paid = [*on_time(plan, 1), Payment("2024-05-18", 1000)]
        rule = BreakRule.strict(grace_days=5)
        assert follow_up(plan, paid, "2024-06-01", rule=rule).status is PlanStatus.HONOURED
        # not paid: missed at the end of the sixth day after 2024-05-15
        assert follow_up(plan, on_time(plan, 1), "2024-05-20", rule=rule).status is (
            PlanStatus.IN_ARREARS
        )
        assert follow_up(plan, on_time(plan, 1), "2024-06-01", rule=rule).broken_on == date(
            2024, 5, 21
        )

    def test_days_past_due(self) -> None:
        # more than 30 days past due: 2024-05-15 + 31 days = 2024-06-15
        plan = agreed_plan()
        rule = BreakRule(missed_installments=None, days_past_due=30)
        result = follow_up(plan, on_time(plan, 1), "2024-06-20", rule=rule)
        assert result.broken_on == date(2024, 6, 15)

    def test_china_loan_contract_counts_late_installments_cumulatively(self) -> None:
        # 12 installments, each paid 10 days late: never three missed at once, but the
        # sixth late one (due 2024-06-15) breaks the plan the day after it falls due
        account = statement(amortize(Loan(12_000, "0", 12, "2023-12-15")), [], "2023-12-20")
        plan = restructure(account, conditional=True, waive={"principal": "1%"})
        assert plan[5].due_date == date(2024, 6, 15)
        paid = [
            Payment(date.fromordinal(row.due_date.toordinal() + 10), row.payment) for row in plan
        ]
        rule = BreakRule.china_loan_contract()
        result = follow_up(plan, paid, "2024-12-31", rule=rule)
        assert result.late == 12
        assert result.missed == 0
        assert result.broken_on == date(2024, 6, 16)
        assert result.reinstated == Components(principal="120.00")
        assert follow_up(plan, paid, "2024-12-31").status is PlanStatus.COMPLETED

    @pytest.mark.parametrize(
        ("options", "message"),
        [
            ({"missed_installments": 0}, "missed_installments must be at least 1; got 0"),
            ({"grace_days": -1}, "grace_days must be at least 0; got -1"),
            ({"days_past_due": "30"}, "days_past_due must be a whole number"),
            ({"missed_installments": None}, "needs at least one of"),
        ],
    )
    def test_bad_rules(self, options: dict[str, object], message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            BreakRule(**options)  # type: ignore[arg-type]


class TestInputs:
    def test_a_plan_is_required(self) -> None:
        schedule = amortize(Loan(1000, "0", 2, "2024-01-01"))
        with pytest.raises(InvalidInputError, match="follow_up takes the agreed Plan"):
            follow_up(schedule, [], "2024-02-01")  # type: ignore[arg-type]

    def test_a_rule_is_a_break_rule(self) -> None:
        with pytest.raises(InvalidInputError, match="rule must be a BreakRule"):
            follow_up(agreed_plan(), [], "2024-04-01", rule=2)  # type: ignore[arg-type]

    def test_not_before_the_plan(self) -> None:
        with pytest.raises(InvalidInputError, match="as_of must not be before the plan starts"):
            follow_up(agreed_plan(), [], "2024-03-19")

    def test_a_holiday_plan(self) -> None:
        # three months of holiday, interest capitalised: nothing due in the holiday
        schedule = amortize(Loan(12_000, "0.12", 12, "2024-01-15"))
        plan = defer(schedule, 3, at=4)
        assert follow_up(plan, [], "2024-06-01").status is PlanStatus.HONOURED
        paid = [Payment(row.due_date, row.payment) for row in plan if row.payment]
        result = follow_up(plan, paid, plan.maturity)
        assert result.status is PlanStatus.COMPLETED
        assert result.owed.total == 0


class TestRenegotiation:
    def test_restructure_a_broken_plan(self) -> None:
        plan = agreed_plan()
        broken = follow_up(plan, on_time(plan, 2), "2024-07-20")
        renewed = freeze(broken, 10)
        assert isinstance(renewed.origin, FollowUp)
        assert renewed.owed == Components(principal="2000.00", penalty="19.50")
        # 2,019.50 frozen over ten installments: 201.95 each
        assert {row.payment for row in renewed} == {Decimal("201.95")}
        history = waiver_history(renewed)
        assert [record.status for record in history] == [PlanStatus.BROKEN, None]
        assert history[0].reinstated == Components(penalty="19.50")
        assert history[1].waived.total == 0

    def test_waive_again_on_the_renegotiation(self) -> None:
        plan = agreed_plan()
        broken = follow_up(plan, on_time(plan, 2), "2024-07-20")
        renewed = waive(broken, penalty="all", conditional=True, term=6)
        assert renewed.waived == Components(penalty="19.50")
        assert [record.conditional for record in waiver_history(renewed)] == [True, True]
        again = follow_up(renewed, [], "2024-12-31")
        assert again.status is PlanStatus.BROKEN
        assert [record.status for record in again.waivers] == [
            PlanStatus.BROKEN,
            PlanStatus.BROKEN,
        ]

    def test_history_needs_a_plan(self) -> None:
        with pytest.raises(InvalidInputError, match="waiver_history takes a Plan or a FollowUp"):
            waiver_history(amortize(Loan(1000, "0", 2, "2024-01-01")))
