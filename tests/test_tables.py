"""Tables, HTML, CSV, DataFrames and pictures of results: one label table, exact figures."""

from __future__ import annotations

import csv
import io
import sys
from decimal import Decimal
from fractions import Fraction

import pytest

from reschedule import (
    Comparison,
    InvalidInputError,
    Language,
    Loan,
    Payment,
    PenaltyPolicy,
    Schedule,
    Statement,
    amortize,
    compare,
    extend,
    freeze,
    reage,
    statement,
)
from reschedule.surfaces import (
    LABELS,
    MissingExtraError,
    display_width,
    label,
    render_text,
    to_csv,
    to_html,
    to_text,
    view,
    views,
)


def schedule() -> Schedule:
    return amortize(Loan(1200, "0.12", 12, "2024-01-15", day_count="ACT/360"))


def overdue() -> Statement:
    plan = schedule()
    paid = [Payment("2024-02-15", plan.payment, reference="<TX&1>"), Payment("2024-05-15", 150)]
    return statement(plan, paid, "2024-06-01", penalty=PenaltyPolicy.chinese_bank())


class TestLabels:
    def test_every_label_has_english_and_chinese(self) -> None:
        for key, (english, chinese) in LABELS.items():
            assert english, key
            assert chinese, key
            assert all(ord(char) > 0x2E80 for char in chinese if not char.isascii()), key

    @pytest.mark.parametrize(
        ("key", "chinese"),
        [
            ("number", "期数"),
            ("due_date", "还款日"),
            ("principal", "应还本金"),
            ("interest", "应还利息"),
            ("penalty", "罚息"),
            ("opening_balance", "期初余额"),
            ("closing_balance", "期末余额"),
            ("payment", "应还金额"),
            ("days_past_due", "逾期天数"),
        ],
    )
    def test_the_chinese_terms_of_the_issue(self, key: str, chinese: str) -> None:
        assert label(key, Language.ZH) == chinese

    def test_every_column_has_a_label_and_every_label_a_use(self) -> None:
        columns = {
            key
            for value in (
                schedule(),
                overdue(),
                compare({"as is": schedule()}),
                reage(overdue(), 4),  # a plan's arrears by component
            )
            for table in views(value)
            for key in (table.name, *table.columns)
        }
        in_pictures = {"balance", "installment", "penalty", "fees"}
        assert set(LABELS) == (columns | in_pictures) - {"installments", "options"}

    def test_unknown_key_and_language(self) -> None:
        with pytest.raises(InvalidInputError, match="column must be one of the keys"):
            label("colour")
        with pytest.raises(InvalidInputError, match="labels must be one of 'en', 'zh'; got 'fr'"):
            label("number", "fr")

    def test_wide_characters_count_twice(self) -> None:
        assert display_width("期数 no") == 7
        table = render_text(["期数", "x"], [["1", "2"]])
        assert [display_width(line) for line in table.splitlines()] == [7, 7, 7]


class TestText:
    def test_schedule_str_is_unchanged_in_english(self) -> None:
        lines = str(schedule()).splitlines()
        assert lines[0].split() == [
            "no",
            "due",
            "date",
            "payment",
            "principal",
            "interest",
            "balance",
        ]
        assert len(lines) == 14

    def test_a_plan_shows_its_arrears_by_component(self) -> None:
        # the arrears due now are interest and penalty, shown as such (once "other")
        plan = extend(overdue(), 6)
        header = str(plan).splitlines()[0].replace("due date", "due_date").split("  ")
        header = [word.strip() for word in header if word.strip()]
        assert "other" not in header
        assert "interest arrears" in header
        assert "penalty arrears" in header
        first = str(plan).splitlines()[2].split()
        shown = {
            name: Decimal(first[header.index(f"{name} arrears")].replace(",", ""))
            for name in ("interest", "penalty")
        }
        assert shown == {"interest": plan.due.interest, "penalty": plan.due.penalty}
        assert shown["interest"] + shown["penalty"] == plan[0].fee

    def test_chinese_table_with_caption(self) -> None:
        text = to_text(schedule(), labels="zh")
        assert text.splitlines()[0].split() == [
            "期数",
            "还款日",
            "应还金额",
            "应还本金",
            "应还利息",
            "期末余额",
        ]
        # the caption is Chinese too (it was English before), amounts with ¥ and dates 年月日
        assert text.splitlines()[-1].startswith("共12期，每期¥106.72，2024年2月15日至2025年1月15日")

    def test_statement_tables(self) -> None:
        text = to_text(overdue())
        assert "days past due" in text.splitlines()[0]
        ledger = to_text(overdue(), "ledger", labels="zh").splitlines()
        assert ledger[0].split() == ["还款日期", "还款金额", "流水号", "期次", "科目", "金额"]
        assert any("罚息" in line for line in ledger)

    def test_one_renderer_for_str_and_to_text(self) -> None:
        # str() of a schedule is its to_text table without the caption; of a
        # comparison, its to_text; of a statement, the same renderer on narrower columns
        assert to_text(schedule()).startswith(str(schedule()) + "\n\n")
        plan = extend(overdue(), 6)
        assert to_text(plan).startswith(str(plan) + "\n\n")
        comparison = compare({"as is": schedule(), "extend": extend(schedule(), 6)})
        assert str(comparison) == to_text(comparison)
        rows = [line.split() for line in str(overdue()).splitlines()[2:14]]
        brief = [line.split() for line in to_text(overdue()).splitlines()[2:14]]
        assert [row[:6] for row in rows] == [row[:6] for row in brief]  # no, date, the dues

    def test_one_caption_for_a_statement(self) -> None:
        s = overdue()
        captions = {str(s).splitlines()[-1], to_text(s).splitlines()[-1]}
        captions.add(to_text(s, "ledger").splitlines()[-1])
        assert captions == {view(s).caption}
        # in Chinese, one caption for both tables too (it was the English one before)
        chinese = {
            to_text(s, table, labels="zh").splitlines()[-1] for table in ("installments", "ledger")
        }
        assert chinese == {view(s, labels="zh").caption}
        assert view(s, labels="zh").caption.startswith("截至2024年6月1日：逾期欠款¥")
        assert str(s).splitlines()[-2] == ""
        assert view(s).caption.endswith(f"payoff {s.payoff:,}, credit {s.credit:,}")

    def test_unknown_table(self) -> None:
        with pytest.raises(
            InvalidInputError, match="table must be one of 'installments' for a Schedule; got 'x'"
        ):
            to_text(schedule(), "x")

    def test_not_a_result(self) -> None:
        with pytest.raises(InvalidInputError, match="tables are made of a Schedule, a Plan, a"):
            views(Loan(1, 0, 1, "2024-01-01"))


class TestCsv:
    def test_every_column_exact(self) -> None:
        rows = list(csv.DictReader(io.StringIO(to_csv(schedule()))))
        assert len(rows) == 12
        assert rows[0]["year_fraction"] == "31/360"
        assert sum(Decimal(row["interest"]) for row in rows) == schedule().total_interest
        assert rows[-1]["closing_balance"] == "0.00"

    def test_chinese_header(self) -> None:
        assert to_csv(schedule(), labels="zh").splitlines()[0].startswith("期数,还款日,")

    def test_the_ledger_accounts_for_every_payment(self) -> None:
        result = overdue()
        rows = list(csv.DictReader(io.StringIO(result.to_csv("ledger"))))
        assert sum(Decimal(row["amount"]) for row in rows) == result.total_paid
        assert rows[0]["reference"] == "<TX&1>"


class TestHtml:
    def test_every_row_and_escaped_text(self) -> None:
        page = overdue()._repr_html_()
        assert page.count("<tr>") == 1 + 12 + 1 + len(view(overdue(), "ledger").rows)
        assert "&lt;TX&amp;1&gt;" in page
        assert "<TX&1>" not in page
        assert "allocation ledger" in page

    def test_chinese(self) -> None:
        page = to_html(schedule(), labels="zh")
        assert "<th>还款日</th>" in page
        assert page.startswith('<div class="reschedule">')

    def test_numbers_are_right_aligned(self) -> None:
        assert '<td style="text-align: right">106.72</td>' in schedule()._repr_html_()


class TestFrame:
    def test_exact_object_columns(self) -> None:
        frame = schedule().to_frame()
        assert list(frame.columns) == list(view(schedule()).columns)
        assert frame["payment"].dtype == object
        assert frame["number"].dtype == "int64"
        assert frame["interest"].sum() == schedule().total_interest
        assert frame.loc[0, "year_fraction"] == Fraction(31, 360)
        assert isinstance(frame.loc[0, "payment"], Decimal)

    def test_as_float(self) -> None:
        frame = schedule().to_frame(as_float=True)
        assert frame["payment"].dtype == "float64"
        assert str(frame["due_date"].dtype).startswith("datetime64")
        assert frame["closing_balance"].iloc[-1] == 0.0

    def test_chinese_columns(self) -> None:
        assert list(schedule().to_frame(labels="zh").columns[:2]) == ["期数", "还款日"]

    def test_statement_installments_and_ledger(self) -> None:
        result = overdue()
        assert len(result.to_frame()) == 12
        ledger = result.to_frame("ledger")
        assert ledger["amount"].sum() == result.total_paid
        assert ledger["installment"].iloc[0] == 1
        floats = result.to_frame("ledger", as_float=True)
        assert floats["amount"].dtype == "float64"

    def test_without_pandas(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(
            MissingExtraError, match=r'pip install "reschedule-loans\[pandas\]"'
        ) as caught:
            schedule().to_frame()
        assert isinstance(caught.value, ImportError)
        assert "<table" in schedule()._repr_html_()  # HTML needs no pandas


class TestPlot:
    def test_schedule_picture(self) -> None:
        figure = schedule().plot()
        top, bottom = figure.axes
        assert top.get_ylabel() == "balance"
        assert [line.get_ydata()[-1] for line in top.get_lines()] == [0.0]
        assert len(bottom.patches) == 24  # principal and interest bars
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
        assert buffer.getvalue().startswith(b"\x89PNG")

    def test_plan_picture_has_other_amounts(self) -> None:
        plan = extend(overdue(), 6)
        labels = [text.get_text() for text in plan.plot().axes[1].get_legend().get_texts()]
        assert labels == ["principal", "interest", "other"]

    def test_chinese_labels(self) -> None:
        figure = schedule().plot(labels="zh")
        assert figure.axes[0].get_ylabel() == "期末余额"

    def test_without_matplotlib(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
        with pytest.raises(MissingExtraError, match=r'pip install "reschedule-loans\[plot\]"'):
            schedule().plot()

    def test_not_plottable(self) -> None:
        from reschedule.surfaces import plot

        with pytest.raises(
            InvalidInputError, match="plot takes a Schedule, a Plan, a Statement or a Comparison"
        ):
            plot(Loan(1, 0, 1, "2024-01-01"))


class TestComparison:
    def comparison(self) -> Comparison:
        return compare(
            {
                "as is": schedule(),
                "extend": extend(schedule(), 6),
                "<freeze>": freeze(schedule(), 24),
            }
        )

    def test_text_in_per_cent(self) -> None:
        lines = str(self.comparison()).splitlines()
        assert lines[0].split()[:3] == ["option", "payments", "installment"]
        assert lines[2].split()[-1].endswith("%")
        assert lines[-1].startswith("3 options; savings against 'as is'")

    def test_exact_csv_and_frame(self) -> None:
        result = self.comparison()
        rows = list(csv.DictReader(io.StringIO(result.to_csv())))
        assert [Decimal(row["apr"]) for row in rows] == [option.apr for option in result]
        frame = result.to_frame()
        assert list(frame["total_paid"]) == [option.total_paid for option in result]
        assert result.to_frame(as_float=True)["apr"].dtype == "float64"
        assert list(result.to_frame(labels="zh").columns[:2]) == ["方案", "期数"]

    def test_html_escapes_names(self) -> None:
        page = self.comparison()._repr_html_()
        assert "<td>&lt;freeze&gt;</td>" in page
        assert page.count("<tr>") == 4

    def test_picture_of_every_option(self) -> None:
        figure = self.comparison().plot()
        top, bottom = figure.axes
        assert [line.get_label() for line in top.get_lines()] == ["as is", "extend", "<freeze>"]
        assert [line.get_ydata()[-1] for line in top.get_lines()] == [0.0, 0.0, 0.0]
        assert len(bottom.get_lines()) == 3
