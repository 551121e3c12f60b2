"""Letters: the collection notice of a statement and the offer letter of a plan."""

from __future__ import annotations

import re
import sys
import zlib
from decimal import Decimal

import pytest

from reschedule import (
    BreakRule,
    InvalidInputError,
    Loan,
    MissingExtraError,
    Payment,
    PenaltyPolicy,
    Plan,
    Rounding,
    Statement,
    amortize,
    extend,
    letters,
    restructure,
    settle,
    statement,
)
from reschedule.letters import Lender, amount_in_words, notice, offer, pdf
from tests.letters_helpers import Letter, column_sums, figures

LENDER = Lender(
    "示例消费金融有限公司",
    "400-000-0000",
    address="上海市浦东新区示例路1号",
    hours="工作日 9:00-18:00",
    account="示例银行 6222 0000 0000 0000",
)


@pytest.fixture(scope="module")
def account() -> Statement:
    """The negotiation guide's account: 60,000 at 10.8% over 24 months, paid to May,
    then 1,500 in June, penalty at 1.5 times the rate with compound interest."""
    loan = Loan(60_000, "0.108", 24, "2025-01-10")
    paid = [Payment(day, "2790.90") for day in ("2025-02-10", "2025-03-10", "2025-04-12")]
    paid += [Payment("2025-05-10", "2790.90"), Payment("2025-06-20", "1500.00")]
    penalty = PenaltyPolicy(rate_multiple="1.5", compound=True)
    return statement(amortize(loan), paid, "2025-10-15", penalty=penalty)


@pytest.fixture(scope="module")
def plan(account: Statement) -> Plan:
    return extend(account, 12, interest="spread", penalty="waive", conditional=True)


class TestNotice:
    def test_tells_what_the_practice_asks(self, account: Statement) -> None:
        letter = Letter(notice(account, lender=LENDER, borrower="张三", pay_by="2025-10-31"))
        text = letter.visible
        # 借款金额, 还款期限, 逾期天数, 应还款项及逾期费用, next steps, how to reach the lender
        assert "借款¥60,000.00（人民币陆万元整）" in text
        assert "还款期限自2025年2月10日至2027年1月10日" in text
        assert "逾期 127 天" in text
        assert "应还款项及逾期费用合计¥12,793.36（人民币壹万贰仟柒佰玖拾叁元叁角陆分）" in text
        assert "请于2025年10月31日前归还" in text
        assert "协商分期还款" in text
        assert "400-000-0000（工作日 9:00-18:00）" in text
        assert "年利率16.2%" in text  # 10.8% plus 50%

    def test_the_tables_show_the_statements_exact_figures(self, account: Statement) -> None:
        installments, summary = Letter(notice(account, lender=LENDER)).tables[:2]
        overdue = [row for row in account.installments if row.in_arrears]
        assert [int(row[0]) for row in installments[1:-1]] == [row.number for row in overdue]
        assert [int(row[2]) for row in installments[1:-1]] == [r.days_past_due for r in overdue]
        arrears = account.arrears
        expected = [arrears.principal, arrears.interest, arrears.penalty, arrears.fees]
        assert column_sums(installments, 3) == [*expected, arrears.total]
        assert [figures(cell) for cell in installments[-1][3:]] == [*expected, arrears.total]
        assert [figures(row[1]) for row in summary[1:]] == [*expected, arrears.total]

    def test_english(self, account: Statement) -> None:
        text = Letter(notice(account, "en", lender=LENDER, borrower="Zhang San")).visible
        assert "Days past due: 127" in text
        assert "The amount due, with the overdue charges, is CNY 12,793.36." in text
        assert "as soon as you can" in text
        assert "人民币" not in text

    def test_chinese_has_no_english_words(self, account: Statement) -> None:
        text = Letter(notice(account, lender=LENDER, contract="二〇二五-一")).visible
        assert re.findall(r"[A-Za-z]+", text) == []

    def test_text_is_escaped(self, account: Statement) -> None:
        page = notice(account, lender=LENDER, borrower="<script>alert(1)</script>")
        assert "<script>" not in page
        assert "&lt;script&gt;" in page

    def test_prints_on_a4(self, account: Statement) -> None:
        assert "@page { size: A4;" in notice(account, lender=LENDER)

    def test_refuses_an_account_not_in_arrears(self) -> None:
        schedule = amortize(Loan(1200, "0.12", 12, "2024-01-15"))
        current = statement(schedule, [Payment("2024-02-15", schedule.payment)], "2024-03-01")
        with pytest.raises(InvalidInputError, match="account in arrears; the statement as of"):
            notice(current, lender=LENDER)

    @pytest.mark.parametrize(
        ("options", "match"),
        [
            ({"lender": "ACME"}, "lender must be a Lender"),
            ({"lender": LENDER, "pay_by": "2025-10-01"}, "pay_by must not be before"),
            ({"lender": LENDER, "borrower": 7}, "borrower must be text; got int 7"),
        ],
    )
    def test_refuses(self, account: Statement, options: dict[str, object], match: str) -> None:
        with pytest.raises(InvalidInputError, match=match):
            notice(account, **options)  # type: ignore[arg-type]

    def test_refuses_an_unknown_language(self, account: Statement) -> None:
        with pytest.raises(InvalidInputError, match="labels"):
            notice(account, "fr", lender=LENDER)

    def test_a_lender_says_how_to_reach_it(self) -> None:
        with pytest.raises(InvalidInputError, match="Lender phone must not be empty"):
            Lender("示例消费金融有限公司", " ")


class TestOffer:
    def test_says_what_is_waived_and_on_what_condition(self, plan: Plan) -> None:
        text = Letter(offer(plan, lender=LENDER, reply_by="2025-10-25")).visible
        assert f"减免¥323.71（{amount_in_words('323.71')}），该减免以您按期履行本方案为条件" in text
        assert "出现下列任一情形的，本方案即告失效： 连续 2 期未按期足额还款。" in text
        assert "方案失效后，已减免的¥323.71" in text
        assert "首期还款日为2025年11月10日" in text
        assert "请于2025年10月25日前签字确认" in text

    def test_the_tables_show_the_plans_exact_figures(self, plan: Plan) -> None:
        summary, installments = Letter(offer(plan, lender=LENDER)).tables[:2]
        owed, waived = plan.owed, plan.waived
        assert [figures(row[1]) for row in summary[1:]] == [
            owed.principal, owed.interest, owed.penalty, owed.fees, owed.total
        ]  # fmt: skip
        assert [figures(row[2]) for row in summary[1:]] == [
            waived.principal, waived.interest, waived.penalty, waived.fees, waived.total
        ]  # fmt: skip
        assert figures(summary[-1][3]) == owed.total - waived.total
        assert len(installments) == len(plan) + 2
        assert [figures(row[2]) for row in installments[1:-1]] == [row.payment for row in plan]
        sums = [plan.total_payment, plan.total_principal, plan.total_interest, plan.total_fees]
        assert column_sums(installments, 2)[:4] == sums
        assert [figures(cell) for cell in installments[-1][2:6]] == sums

    def test_an_unconditional_settlement(self, account: Statement) -> None:
        deal = settle(account, discount="30%", installments=3)
        text = Letter(offer(deal, "en", lender=LENDER)).visible
        assert f"We waive CNY {deal.waived.total:,}, unconditionally." in text
        assert "becomes due again" not in text
        assert "3 installments" in text

    @pytest.mark.parametrize(
        ("rule", "zh", "en"),
        [
            (
                BreakRule.china_loan_contract(),
                "连续 3 期未按期足额还款； 累计 6 期未按期足额还款。",
                "3 installments in a row are not paid in full when due; or"
                " 6 installments in all are not paid in full when due.",
            ),
            (
                BreakRule(missed_installments=None, days_past_due=30, grace_days=5),
                "任何一期逾期超过 30 天。 还款日后 5 天内还清当期款项的，视为按期还款。",
                "an installment is more than 30 days overdue. An installment paid in full"
                " within 5 days after its due date counts as paid on time.",
            ),
            (BreakRule.strict(), "任何一期未按期足额还款。", "an installment is not paid in full"),
        ],
    )
    def test_says_when_the_plan_is_broken(
        self, plan: Plan, rule: BreakRule, zh: str, en: str
    ) -> None:
        # the rule follow_up judges the plan by, in words
        assert zh in Letter(offer(plan, lender=LENDER, rule=rule)).visible
        assert en in Letter(offer(plan, "en", lender=LENDER, rule=rule)).visible

    def test_english_and_chinese_agree(self, plan: Plan) -> None:
        zh = Letter(offer(plan, lender=LENDER)).tables
        en = Letter(offer(plan, "en", lender=LENDER)).tables
        assert [row[1:] for row in zh[0][1:]] == [row[1:] for row in en[0][1:]]
        assert [row[2:] for row in zh[1][1:]] == [row[2:] for row in en[1][1:]]

    def test_refuses(self, plan: Plan, account: Statement) -> None:
        with pytest.raises(InvalidInputError, match="rule must be a BreakRule or None; got int"):
            offer(plan, lender=LENDER, rule=2)  # type: ignore[arg-type]
        with pytest.raises(InvalidInputError, match="offer takes a Plan"):
            offer(account, lender=LENDER)  # type: ignore[arg-type]

    def test_refuses_amounts_finer_than_a_fen(self) -> None:
        schedule = amortize(Loan(1200, "0.12", 12, "2024-01-15", rounding=Rounding(places=3)))
        with pytest.raises(InvalidInputError, match="at most 2 decimal places; got a loan"):
            offer(restructure(schedule, at=3), lender=LENDER)


class TestPdf:
    def test_a4_pages(self, account: Statement) -> None:
        document = pdf(notice(account, lender=LENDER))
        assert document.startswith(b"%PDF")
        boxes = set()
        for match in re.finditer(rb"stream\r?\n(.*?)endstream", document, re.S):
            try:
                data = zlib.decompress(match.group(1))
            except zlib.error:
                continue
            boxes.update(re.findall(rb"/MediaBox ?\[([^\]]*)\]", data))
        # A4 is 210 x 297 mm: 595.28 x 841.89 points (ISO 216; 1 pt = 1/72 in)
        assert {tuple(round(float(x), 2) for x in box.split()) for box in boxes} == {
            (0, 0, 595.28, 841.89)
        }


class TestMissingExtra:
    def test_names_the_pip_install(
        self, account: Statement, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from reschedule.surfaces import _letters

        monkeypatch.setattr(_letters, "_ENVIRONMENT", [])
        monkeypatch.setitem(sys.modules, "jinja2", None)
        with pytest.raises(MissingExtraError, match=r'pip install "reschedule-loans\[letters\]"'):
            notice(account, lender=LENDER)
        monkeypatch.setitem(sys.modules, "weasyprint", None)
        with pytest.raises(MissingExtraError, match=r"weasyprint is needed"):
            pdf("<p>")


def test_the_module_is_the_public_door() -> None:
    assert letters.notice is notice
    assert set(letters.__all__) == {
        "Lender", "amount_in_words", "format_amount", "notice", "offer", "pdf"
    }  # fmt: skip
    assert Decimal("0") == figures("0.00")
