"""Notebooks: pictures that show themselves, Chinese labels without font noise,
statements that plot, exact frames that read well."""

from __future__ import annotations

import json
import logging
import pickle
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from reschedule import (
    Loan,
    Payment,
    PenaltyPolicy,
    Statement,
    amortize,
    compare,
    freeze,
    statement,
)
from reschedule.surfaces import NoCJKFontWarning, cjk_font

ACCOUNT = """
from reschedule import Loan, Payment, PenaltyPolicy, amortize, statement
loan = Loan(60_000, "0.108", 24, "2025-01-10")
paid = [Payment(day, "2790.90") for day in ("2025-02-10", "2025-03-10", "2025-04-12")]
paid += [Payment("2025-05-10", "2790.90"), Payment("2025-06-20", "1500.00")]
account = statement(amortize(loan), paid, "2025-10-15",
                    penalty=PenaltyPolicy(rate_multiple="1.5", compound=True))
"""


def account() -> Statement:
    loan = Loan(60_000, "0.108", 24, "2025-01-10")
    paid = [Payment(day, "2790.90") for day in ("2025-02-10", "2025-03-10", "2025-04-12")]
    paid += [Payment("2025-05-10", "2790.90"), Payment("2025-06-20", "1500.00")]
    penalty = PenaltyPolicy(rate_multiple="1.5", compound=True)
    return statement(amortize(loan), paid, "2025-10-15", penalty=penalty)


class TestStatementPicture:
    def test_paid_and_unpaid_by_installment_and_days_past_due(self) -> None:
        state = account()
        top, bottom = state.plot().axes
        assert [text.get_text() for text in top.get_legend().get_texts()] == [
            "total paid", "principal unpaid", "interest unpaid", "penalty unpaid"
        ]  # fmt: skip
        days = [patch.get_height() for patch in bottom.patches]
        assert days == [row.days_past_due for row in state.installments]
        paid = [patch.get_height() for patch in top.patches[: len(state.installments)]]
        assert paid == [float(row.paid.total) for row in state.installments]

    def test_installment_numbers_are_whole(self) -> None:
        for figure in (account().plot(), amortize(Loan(1200, "0.12", 5, "2024-01-15")).plot()):
            bottom = figure.axes[-1]
            figure.canvas.draw()
            ticks = bottom.get_xticks()
            assert len(ticks) >= 2
            assert all(tick == int(tick) for tick in ticks)


class TestShowsItself:
    def test_a_picture_is_a_png_when_it_is_a_cells_value(self) -> None:
        png = amortize(Loan(1200, "0.12", 12, "2024-01-15")).plot()._repr_png_()
        assert png.startswith(b"\x89PNG")

    def test_a_picture_pickles_like_any_figure(self) -> None:
        figure = amortize(Loan(1200, "0.12", 12, "2024-01-15")).plot()
        copy = pickle.loads(pickle.dumps(figure))
        assert type(copy) is type(figure)
        assert [axes.get_ylabel() for axes in copy.axes] == ["balance", "payment"]


class TestChineseFont:
    def test_one_installed_font_and_no_findfont_lines(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        if cjk_font() is None:
            pytest.skip("no CJK font on this machine (fonts-noto-cjk)")
        with caplog.at_level(logging.DEBUG, logger="matplotlib.font_manager"):
            figure = account().plot(labels="zh")
            figure.canvas.draw()
        missing = [r.getMessage() for r in caplog.records if "not found" in r.getMessage()]
        assert missing == []
        assert figure.axes[1].yaxis.label.get_fontfamily()[0] == cjk_font()

    def test_without_one_warns_once_naming_the_package(
        self, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
    ) -> None:
        from reschedule.surfaces import _plot

        monkeypatch.setattr(_plot, "_CHOSEN", [])
        monkeypatch.setattr(_plot, "_find_font", lambda: None)

        def draw_three() -> None:
            for _ in range(3):
                account().plot(labels="zh").canvas.draw()

        with (
            caplog.at_level(logging.WARNING, logger="matplotlib.font_manager"),
            pytest.warns(NoCJKFontWarning, match="apt-get install fonts-noto-cjk") as caught,
        ):
            draw_three()
        assert len(caught) == 1
        assert [r for r in caplog.records if "findfont" in r.getMessage()] == []


class TestFrames:
    def test_a_zero_apr_shows_as_0(self) -> None:
        schedule = amortize(Loan(12_000, "0.12", 12, "2024-01-15"))
        table = compare({"as is": schedule, "freeze 24": freeze(schedule, 24)})
        apr = table.to_frame()["apr"]
        assert str(apr.iloc[1]) == "0"
        assert apr.iloc[1] == table["freeze 24"].apr == Decimal(0)
        assert "0E-10" not in table.to_frame().to_string()


class TestNotebook:
    """A notebook run headlessly (nbclient, ipykernel): the pictures are cell values."""

    def test_pictures_show_without_matplotlib_inline(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        nbformat = pytest.importorskip("nbformat")
        nbclient = pytest.importorskip("nbclient")
        # a kernel of this interpreter, whatever `python` is on the PATH
        kernel = tmp_path / "kernels" / "reschedule-test"
        kernel.mkdir(parents=True)
        spec = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "reschedule test",
            "language": "python",
        }
        (kernel / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
        monkeypatch.setenv("JUPYTER_PATH", str(tmp_path))
        notebook = nbformat.v4.new_notebook()
        notebook.cells = [
            nbformat.v4.new_code_cell(ACCOUNT),
            nbformat.v4.new_code_cell("amortize(loan).plot()"),
            nbformat.v4.new_code_cell('account.plot(labels="zh")'),
        ]
        client = nbclient.NotebookClient(
            notebook, kernel_name="reschedule-test", timeout=120, startup_timeout=120
        )
        client.execute(cwd=str(tmp_path))
        for cell in notebook.cells[1:]:
            results = [out for out in cell.outputs if out.output_type == "execute_result"]
            assert len(results) == 1
            assert results[0].data["image/png"]  # base64 text of the picture
            assert [out for out in cell.outputs if out.output_type == "stream"] == []
