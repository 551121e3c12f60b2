"""Restructuring figures published outside this project, reproduced with our operations.

Apache Fineract's end-to-end tests (apache/fineract,
fineract-e2e-tests-runner/src/test/resources/features/LoanReAging.feature and
LoanReschedule.feature) print the schedule before and after each re-ageing and
rescheduling. The interest-free ones are reproduced here exactly: the re-aged
installments, their due dates, and a statement on the re-ageing day that owes
nothing. Two conventions differ, so those cases are not reproduced:

- Fineract models the down payment as installment 1, due on the disbursement
  day; we lend the 750 left after it (the same schedule from then on).
- Fineract's flat interest after a rate change stays on the *disbursed*
  principal (LoanReschedule.feature, "new interest rate": 3,000 flat at 12%
  rescheduled to 6% from the second installment gives 15.00 a month, 3,000 x
  6% / 12); our flat method charges the new rate on the principal the plan
  restructures (2,000 x 6% / 12 = 10.00). A hand-computed case states ours.

No published Fannie Mae Flex Modification worked example with figures could be
found (the Servicing Guide, D2-3.2-06, and Fannie Mae's and Freddie Mac's
program pages describe the steps, not a worked case). The Flex case below is
computed by hand, its arithmetic in the comments.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from reschedule import (
    Loan,
    Payment,
    Schedule,
    Statement,
    affordable,
    amortize,
    defer,
    extend,
    largest_installment,
    reage,
    restructure,
    statement,
)

D = Decimal
REAGING = "apache/fineract fineract-e2e-tests-runner/.../features/LoanReAging.feature"
RESCHEDULE = "apache/fineract fineract-e2e-tests-runner/.../features/LoanReschedule.feature"


def fineract_reaging_account() -> Statement:
    # LoanReAging.feature: 1000 at 0% flat from 01 January 2024, 250 down payment on
    # that day, then 3 x 250 every 15 days (16 Jan, 31 Jan, 15 Feb); nothing more paid,
    # re-aged on 20 February 2024
    schedule = amortize(Loan(750, "0", 3, "2024-01-01", frequency="every 15 days"))
    assert [row.due_date for row in schedule] == [
        date(2024, 1, 16),
        date(2024, 1, 31),
        date(2024, 2, 15),
    ]
    assert [row.payment for row in schedule] == [D("250.00")] * 3
    return statement(schedule, [], "2024-02-20")


class TestFineractReAgeing:
    def test_six_monthly_installments_from_1_march(self) -> None:
        # LoanReAging.feature, "happy path": frequencyNumber 1, MONTHS, startDate
        # 01 March 2024, 6 installments -> 125.0 due on the 1st of March..August
        account = fineract_reaging_account()
        plan = reage(account, 6, first_payment="2024-03-01", frequency="monthly")
        assert [(row.due_date, row.payment) for row in plan] == [
            (date(2024, month, 1), D("125.00")) for month in range(3, 9)
        ]
        # Fineract: NO_DELINQUENCY after the re-ageing
        assert statement(plan, [], "2024-02-20").days_past_due == 0

    def test_two_installments_every_30_days_from_10_march(self) -> None:
        # LoanReAging.feature, "made by Loan external ID": 30 DAYS, startDate
        # 10 March 2024, 2 installments -> 375.0 on 10 March and 09 April 2024
        account = fineract_reaging_account()
        plan = reage(account, 2, first_payment="2024-03-10", frequency="every 30 days")
        assert [(row.due_date, row.payment) for row in plan] == [
            (date(2024, 3, 10), D("375.00")),
            (date(2024, 4, 9), D("375.00")),
        ]


class TestFineractReschedule:
    def schedule(self) -> Schedule:
        # LoanReschedule.feature: 3000 at 0% from 01 July 2023, 3 monthly installments
        return amortize(Loan(3000, "0", 3, "2023-07-01"))

    def test_two_extra_terms_from_the_second_installment(self) -> None:
        # "extending repayment schedule": rescheduleFromDate 01 September 2023,
        # extraTerms 2 -> 1000.0 on 01 August, then 500.0 on 01 September..December
        plan = extend(self.schedule(), 2, at=2)
        rows = [*plan.history, *plan.installments]
        assert [(row.due_date, row.payment) for row in rows] == [
            (date(2023, 8, 1), D("1000.00")),
            (date(2023, 9, 1), D("500.00")),
            (date(2023, 10, 1), D("500.00")),
            (date(2023, 11, 1), D("500.00")),
            (date(2023, 12, 1), D("500.00")),
        ]

    def test_a_mid_term_grace_on_principal(self) -> None:
        # "mid-term grace period on principal": graceOnPrincipal 1 from 01 September
        # 2023 -> 1000.0 on 01 August, 0.0 on 01 September, 1000.0 on 01 October and
        # 01 November (a one-installment payment holiday, interest-free)
        plan = defer(self.schedule(), 1, at=2)
        rows = [*plan.history, *plan.installments]
        assert [(row.due_date, row.payment) for row in rows] == [
            (date(2023, 8, 1), D("1000.00")),
            (date(2023, 9, 1), D("0.00")),
            (date(2023, 10, 1), D("1000.00")),
            (date(2023, 11, 1), D("1000.00")),
        ]

    def test_a_single_installment_moved_by_a_month(self) -> None:
        # "single installment, changing installment date": 1000 from 01 July 2023 due
        # 31 July, adjustedDueDate 31 August 2023 -> 1000.0 on 31 August
        schedule = amortize(Loan(1000, "0", 1, "2023-07-01", first_payment="2023-07-31"))
        plan = restructure(schedule, at=1, first_payment="2023-08-31")
        assert [(row.due_date, row.payment) for row in plan] == [(date(2023, 8, 31), D("1000.00"))]

    def test_a_new_rate_on_a_flat_loan_by_hand(self) -> None:
        # Fineract gives 15.00 (see the module docstring); ours, by hand: 3000 flat at
        # 12% over 3 months is 1000 + 3000 x 0.12 / 12 = 1030.00 a month; from the
        # second installment at 6%, the 2000 left bears 2000 x 0.06 / 12 = 10.00 a month
        schedule = amortize(Loan(3000, "0.12", 3, "2023-07-01", method="flat"))
        assert [row.payment for row in schedule] == [D("1030.00")] * 3
        plan = restructure(schedule, at=2, annual_rate="0.06")
        assert [(row.principal, row.interest) for row in plan] == [
            (D("1000.00"), D("10.00")),
            (D("1000.00"), D("10.00")),
        ]


class TestFlexModificationByHand:
    """A Flex Modification's steps (Fannie Mae Servicing Guide D2-3.2-06): capitalise
    the arrearage, set the rate, extend to 480 months, and forbear principal to reach
    the 20% payment reduction target. Computed by hand, as below."""

    def account(self) -> Statement:
        # 180,000 at 6% over 360 months from 2020-01-01 (30/360): P&I
        # 180000 x 0.005 / (1 - 1.005^-360) = 1,079.19; 24 installments paid, the next
        # four missed, stated on the fourth's due date (2022-05-01)
        schedule = amortize(Loan(180_000, "0.06", 360, "2020-01-01"))
        assert schedule.payment == D("1079.19")
        paid = [Payment(row.due_date, row.payment) for row in schedule[:24]]
        return statement(schedule, paid, "2022-05-01")

    def test_capitalise_then_extend_to_480_months(self) -> None:
        # by hand (a loop over exact fractions, each month's interest b x 0.005 rounded
        # to the cent, principal 1,079.19 less it): the balance after 24 installments
        # is 175,442.84; the 4 missed months' interest 877.21 + 876.20 + 875.19 +
        # 874.17 = 3,502.77. Capitalised: 178,945.61, and over 480 months at 0.5%:
        # 178945.61 x 0.005 / (1 - 1.005^-480) = 984.583.. -> 984.58, 8.8% below
        # 1,079.19: short of the 20% target
        account = self.account()
        arrears = account.arrears
        assert account.outstanding_principal == D("175442.84")
        assert (arrears.principal, arrears.interest) == (D("813.99"), D("3502.77"))
        plan = restructure(account, interest="capitalize", term=480)
        assert plan.principal == D("178945.61")  # 175,442.84 + 3,502.77
        r = Fraction(5, 1000)
        exact = Fraction(plan.principal) * r / (1 - (1 + r) ** -480)
        assert plan.payment == D(round(exact * 100)).scaleb(-2) == D("984.58")

    def test_forbearance_reaches_the_20_percent_target(self) -> None:
        # the target: 80% of 1,079.19 = 863.35. The level rounds to at most 863.35
        # while P x 0.005 / (1 - 1.005^-480) < 863.355, i.e. P < 156,912.685..: at
        # least 178,945.61 - 156,912.68 = 22,032.93 is forborne (12.3%, within the
        # 30% limit), due at maturity without interest. The last installment takes the
        # rounding residual, so the least forbearance whose every installment fits is a
        # little more: 22,033.87 (a cent less leaves a larger last installment)
        account = self.account()
        base = restructure(account, interest="capitalize", term=480)
        plan = affordable(base, "863.35", steps=["forbear_principal"])
        assert D("22032.93") <= plan.terms.forborne == D("22033.87")
        assert plan.payment == D("863.35")
        assert largest_installment(plan) <= D("863.35")
        less = restructure(base, forbear="22033.86")
        assert largest_installment(less) > D("863.35")
