"""Chinese all the way through: with ``labels="zh"`` (``--labels zh``) no English word is
left in what a person reads, on every surface.

A word is a run of Latin letters. What may stay, and why:

- text between backquotes: a command to type (``reschedule compare``), not a word to read;
- ``M1``, ``M2``...: the delinquency buckets by months, the names Chinese collections
  use themselves (M1 阶段, M3+);
- what the caller wrote: option names, payment references, a lender's name. The
  accounts below are written in Chinese, with references of digits.

JSON, CSV keys in English and error messages are for programs and developers: not
checked here (CSV with ``labels="zh"`` is, as its header is Chinese).
"""

from __future__ import annotations

import functools
import json
import re
import warnings
from pathlib import Path
from typing import Any

import pytest

from reschedule import (
    Loan,
    Payment,
    PenaltyPolicy,
    Plan,
    Statement,
    affordable,
    affordable_for_income,
    amortize,
    compare,
    defer,
    extend,
    extend_and_waive,
    follow_up,
    freeze,
    keep_installment,
    reage,
    reamortize,
    restructure,
    settle,
    spread_arrears,
    statement,
    waive,
)
from reschedule.letters import Lender, notice, offer
from reschedule.surfaces import PHRASES, NoCJKFontWarning, to_csv, to_html, to_text, views
from reschedule.surfaces._prose import follow_up_text, step_text
from reschedule.surfaces.cli import DEMO_REQUEST, main
from tests.letters_helpers import Letter
from tests.test_cli_follow_up import FOLLOW_UP

_ALLOWED = re.compile(r"`[^`]*`|\bM[0-9]+\b")
_WORD = re.compile(r"[A-Za-z]+")


def english(text: str) -> list[str]:
    """The English words left in `text` (see the module's list of what may stay)."""
    return _WORD.findall(_ALLOWED.sub("", text))


def visible(page: str) -> str:
    """The text an HTML page shows (its markup left out)."""
    return Letter(page).visible


def account() -> Statement:
    """The demo's overdue account (compound penalty, a partial payment), references in digits."""
    loan = Loan(60_000, "0.108", 24, "2025-01-10")
    days = ("2025-02-10", "2025-03-10", "2025-04-12", "2025-05-10")
    paid = [Payment(day, "2790.90", reference=f"{i:04d}") for i, day in enumerate(days)]
    paid.append(Payment("2025-06-20", "1500.00", reference="0005"))
    policy = PenaltyPolicy(rate_multiple="1.5", compound=True)
    return statement(amortize(loan), paid, "2025-10-15", penalty=policy)


@functools.cache
def plans() -> dict[str, Plan]:
    """A plan of every restructuring operation, and of restructure with each of its changes."""
    source = account()
    return {
        "维持原合同": restructure(source),
        "重组一": restructure(
            source,
            term=30,
            annual_rate="0.06",
            interest="spread",
            penalty="waive",
            fees="due",
            waive={"interest": "100"},
            conditional=True,
            down_payment="1000",
            holiday=2,
            holiday_interest="capitalize",
            forbear="500",
            reamortize=True,
            no_payment_shock=True,
        ),
        "重组二": restructure(
            source,
            method="equal_principal",
            frequency="quarterly",
            day_count="ACT/360",
            first_payment="2025-12-01",
            spread_over=3,
        ),
        "重组三": restructure(source, frequency="every 10 days", payment="2000"),
        "展期": extend(source, 12),
        "延期": defer(source, 3),
        "减免": waive(source, penalty="all", interest="50%", conditional=True),
        "减免费用": waive(source, penalty="100"),
        "重新账龄": reage(source, 18),
        "重新摊还": reamortize(source),
        "停息挂账": freeze(source, 36),
        "结清": settle(source, discount="30%", installments=3),
        "维持月供": keep_installment(source),
        "展期减息": extend_and_waive(source, 6, interest="50%"),
        "分摊逾期": spread_arrears(source, 6),
        "分摊至可负担": spread_arrears(source, max_payment=4000),
        "可负担": affordable(source, 1500),
        "可负担减免": affordable(
            source,
            3000,
            steps=["lower_rate", "waive_penalty", "waive_interest", "forbear_principal"],
        ),
        "按收入": affordable_for_income(source, 6500, ratio="0.4", other_debts=900),
    }


class TestTables:
    """Text and HTML tables with their captions, and CSV."""

    def test_statement(self) -> None:
        for table in ("installments", "ledger"):
            text = to_text(account(), table, labels="zh")
            assert english(text) == [], text
        assert english(visible(to_html(account(), labels="zh"))) == []
        assert english(to_csv(account(), "ledger", labels="zh")) == []

    def test_the_caption_of_a_statement(self) -> None:
        caption = views(account(), "zh")[0].caption
        # the demo's statement (docs/negotiation.md), its figures as a Chinese reader writes them
        assert caption.startswith("截至2025年10月15日：逾期欠款¥12,793.36（本金¥10,850.05，")
        assert "罚息¥323.71 = 逾期本金罚息¥285.24 + 复利¥38.47" in caption
        assert "逾期127天（91-180天）" in caption

    def test_a_schedule(self) -> None:
        schedule = amortize(Loan(10_000, "0.12", 24, "2026-01-15"))
        assert english(to_text(schedule, labels="zh")) == []
        assert english(visible(to_html(schedule, labels="zh"))) == []
        assert english(to_csv(schedule, labels="zh")) == []

    @pytest.mark.parametrize("name", list(plans()))
    def test_every_operation_s_plan(self, name: str) -> None:
        plan = plans()[name]
        assert english(to_text(plan, labels="zh")) == [], plan.steps
        assert english(visible(to_html(plan, labels="zh"))) == []

    def test_every_step_has_its_chinese(self) -> None:
        for plan in plans().values():
            for step in plan.steps:
                assert step_text(step, "zh") != step, step

    def test_a_comparison_and_its_negative_savings(self) -> None:
        table = compare(plans())
        text = to_text(table, labels="zh")
        assert english(text) == [], text
        assert english(visible(to_html(table, labels="zh"))) == []
        assert "节省金额为负数的，即该方案借款人多付的金额" in text.splitlines()[-1]
        assert "；节省金额以“维持原合同”为基准；" in text

    def test_every_phrase_in_chinese(self) -> None:
        for key, (_, chinese) in PHRASES.items():
            assert english(re.sub(r"\{\w+(!r)?\}", "", chinese)) == [], key


class TestFrames:
    def test_columns_and_words(self) -> None:
        for value, table in ((account(), "installments"), (account(), "ledger")):
            frame = value.to_frame(table, labels="zh")
            assert english(" ".join(frame.columns)) == []
            words = [item for column in frame for item in frame[column] if isinstance(item, str)]
            assert english(" ".join(words)) == []
        frame = compare(plans()).to_frame(labels="zh")
        assert english(" ".join(frame.columns)) == []


class TestPlots:
    @pytest.mark.parametrize("kind", ["schedule", "plan", "statement", "comparison"])
    def test_titles_axes_legends_and_ticks(self, kind: str) -> None:
        pytest.importorskip("matplotlib")
        value: Any = {
            "schedule": lambda: amortize(Loan(10_000, "0.12", 24, "2026-01-15")),
            "plan": lambda: plans()["展期"],
            "statement": account,
            "comparison": lambda: compare(
                {name: plan for name, plan in plans().items() if name in ("展期", "结清")}
            ),
        }[kind]()
        with warnings.catch_warnings():  # the words are checked, with or without a CJK font
            warnings.simplefilter("ignore", NoCJKFontWarning)
            figure = value.plot(labels="zh")
            figure.canvas.draw()
        texts = [item.get_text() for item in figure.findobj() if hasattr(item, "get_text")]
        assert any(text for text in texts)
        assert english(" ".join(texts)) == [], texts


class TestFollowUp:
    def test_broken_with_a_reinstated_waiver(self) -> None:
        plan = reage(waive(account(), penalty="all", conditional=True), 6)
        result = follow_up(plan, [Payment("2025-11-10", plan[0].payment)], "2026-02-20")
        text = follow_up_text(result, "zh")
        assert text.startswith("截至2026年2月20日：方案已失效（自")
        assert "恢复计收" in text
        assert english(text) == [], text

    def test_honoured_with_a_conditional_waiver(self) -> None:
        plan = reage(waive(account(), penalty="all", conditional=True), 6)
        result = follow_up(plan, [Payment("2025-11-10", plan[0].payment)], "2025-11-20")
        text = follow_up_text(result, "zh")
        assert "已减免¥323.71（以履行方案为条件）" in text
        assert "下一期：2025年12月10日应还" in text
        assert english(text) == [], text


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main([*args, "--labels", "zh"]) == 0
    return capsys.readouterr().out


class TestCommandLine:
    """Every command's text for people, with ``--labels zh``."""

    def _request(self, tmp_path: Path, document: Any) -> str:
        path = tmp_path / "request.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return str(path)

    def _chinese(self) -> dict[str, Any]:
        """The demo's request with its options named in Chinese."""
        names = {key.removeprefix("demo.name."): zh for key, (_, zh) in PHRASES.items()}
        options = [{**o, "name": names[o["name"]]} for o in DEMO_REQUEST["options"]]
        return {**DEMO_REQUEST, "options": options}

    def test_demo(self, capsys: pytest.CaptureFixture[str]) -> None:
        text = _run(capsys, "demo")
        assert english(text) == [], english(text)
        # the demo's figures (docs/negotiation.md), in a Chinese reader's form
        assert "逾期127天（91-180天）" in text
        assert "七折结清：" in text
        assert "借款人多付¥3,632.54，还款期多12个月" in text

    @pytest.mark.parametrize("fmt", ["table", "csv"])
    def test_schedule(self, capsys: pytest.CaptureFixture[str], fmt: str) -> None:
        args = ("--principal", "10000", "--rate", "0.12", "--term", "12", "--start", "2026-01-15")
        text = _run(capsys, "schedule", *args, "--format", fmt)
        assert english(text) == [], text

    @pytest.mark.parametrize("command", ["statement", "restructure", "compare"])
    def test_requests(
        self, capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
    ) -> None:
        document = self._chinese()
        fields = {"statement": 4, "restructure": 5, "compare": 6}[command]
        document = dict(list(document.items())[:fields])  # loan, payments, as_of, penalty...
        request = self._request(tmp_path, document)
        text = _run(capsys, command, request, "--format", "table")
        assert english(text) == [], english(text)

    def test_follow_up(self, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
        document = FOLLOW_UP  # the account of tests/test_cli_follow_up, its arithmetic there
        text = _run(capsys, "follow-up", self._request(tmp_path, document), "--format", "table")
        # broken the day after the second missed installment falls due (tests/test_cli_follow_up)
        assert text.startswith("截至2024年7月20日：方案已失效（自2024年7月16日起）\n")
        assert english(text) == [], text


class TestLetters:
    LENDER = Lender("示例消费金融有限公司", "400-000-0000", hours="工作日 9:00-18:00")

    def test_notice(self) -> None:
        page = Letter(notice(account(), "zh", lender=self.LENDER, borrower="张三"))
        assert english(page.visible) == [], english(page.visible)
        assert "人民币壹万贰仟柒佰玖拾叁元叁角陆分" in page.visible  # 12,793.36 in capitals

    @pytest.mark.parametrize("name", ["减免", "结清", "展期减息"])
    def test_offer(self, name: str) -> None:
        page = Letter(offer(plans()[name], "zh", lender=self.LENDER, borrower="张三"))
        assert english(page.visible) == [], english(page.visible)
