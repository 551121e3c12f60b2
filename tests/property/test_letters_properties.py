"""Letters show the exact figures of what they are written from: each table's total
row is the sum of its rows and equals the result's own total, and the amounts in
the sentences (figures and capitals) are the same amounts."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings

from reschedule import Plan, Statement
from reschedule.letters import Lender, amount_in_words, format_amount, notice, offer
from tests.letters_helpers import Letter, column_sums, figures
from tests.property.test_amount_words_properties import read_back
from tests.property.test_io_properties import plans
from tests.property.test_statement_surfaces_properties import accounts

LENDER = Lender("示例消费金融有限公司", "400-000-0000")


@settings(max_examples=30, suppress_health_check=[HealthCheck.filter_too_much])
@given(accounts())
def test_a_notice_shows_the_arrears_exactly(account: Statement) -> None:
    assume(account.arrears.total > 0)
    letter = Letter(notice(account, lender=LENDER))
    installments, summary = letter.tables[:2]
    arrears = account.arrears
    expected = [arrears.principal, arrears.interest, arrears.penalty, arrears.fees, arrears.total]
    assert column_sums(installments, 3) == expected
    assert [figures(cell) for cell in installments[-1][3:]] == expected
    assert [figures(row[1]) for row in summary[1:]] == expected
    words = amount_in_words(arrears.total)
    assert read_back(words) == arrears.total
    assert f"应还款项及逾期费用合计{format_amount(arrears.total)}（{words}）" in letter.visible
    assert f"逾期 {account.days_past_due} 天" in letter.visible


# plans() already rejects many draws of its own; with this test's filter on top, some
# seeds reject more than Hypothesis's health check allows, though every example run counts
@settings(max_examples=30, suppress_health_check=[HealthCheck.filter_too_much])
@given(plans())
def test_an_offer_shows_the_plan_exactly(plan: Plan) -> None:
    assume(plan.rounding.places <= 2)
    for language in ("zh", "en"):
        letter = Letter(offer(plan, language, lender=LENDER))
        summary, installments = letter.tables[:2]
        assert figures(summary[-1][1]) == plan.owed.total
        assert figures(summary[-1][2]) == plan.waived.total
        assert column_sums(summary, 1)[:3] == [
            plan.owed.total, plan.waived.total, plan.owed.total - plan.waived.total
        ]  # fmt: skip
        assert [figures(row[2]) for row in installments[1:-1]] == [row.payment for row in plan]
        sums = [plan.total_payment, plan.total_principal, plan.total_interest]
        assert column_sums(installments, 2)[:3] == sums
        assert [figures(cell) for cell in installments[-1][2:5]] == sums
        assert format_amount(plan.total_paid, language) in letter.visible
