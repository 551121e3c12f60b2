"""Draw the pictures of the documentation into docs/img/ (``make pictures``).

The figures come from the same calls the docs show, so the pictures and the
examples agree; rerun after a change to the plots, the letters or the demo.

The letters are rendered by headless Chromium (Debian: ``apt-get install
chromium fonts-noto-cjk``), only here: the tests need no browser.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from PIL import Image, ImageChops

from reschedule import (
    Loan,
    Payment,
    PenaltyPolicy,
    Statement,
    amortize,
    extend,
    settle,
    statement,
)
from reschedule.letters import Lender, notice, offer
from reschedule.surfaces._prose import rename_options
from reschedule.surfaces.cli import DEMO_REQUEST, _compare

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "img"
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")
A4_WIDTH = 794  # CSS pixels: 210 mm at 96 per inch


def build(directory: Path = IMAGES) -> list[Path]:
    """Draw every plot into `directory`; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    figures = {
        "schedule.png": amortize(Loan(10_000, "0.12", 24, "2026-01-15")).plot(),
        "comparison.png": _compare(DEMO_REQUEST).plot(),
        "statement.png": _account().plot(),
        "comparison-zh.png": _compare(rename_options(DEMO_REQUEST, "zh")).plot(labels="zh"),
        "statement-zh.png": _account().plot(labels="zh"),
    }
    written = []
    for name, figure in figures.items():
        path = directory / name
        figure.savefig(path, dpi=80, metadata={"Software": None})
        written.append(path)
    return written


def _account() -> Statement:
    """The account of the negotiation guide, of docs/notebooks.md and docs/letters.md."""
    loan = Loan(60_000, "0.108", 24, "2025-01-10")
    paid = [Payment(day, "2790.90") for day in ("2025-02-10", "2025-03-10", "2025-04-12")]
    paid += [Payment("2025-05-10", "2790.90"), Payment("2025-06-20", "1500.00")]
    penalty = PenaltyPolicy(rate_multiple="1.5", compound=True)
    return statement(amortize(loan), paid, "2025-10-15", penalty=penalty)


def letter_pages() -> dict[str, str]:
    """The letters of docs/letters.md, by picture name: the negotiation guide's account."""
    lender = Lender(
        "示例消费金融有限公司",
        "400-000-0000",
        address="上海市浦东新区示例路1号",
        hours="工作日 9:00-18:00",
        account="示例银行 6222 0000 0000 0000",
    )
    account = _account()
    plan = extend(account, 12, interest="spread", penalty="waive", conditional=True)
    deal = settle(account, discount="30%", installments=3)
    return {
        "letter-notice-zh.png": notice(
            account, lender=lender, borrower="张三", contract="XF2025-0001", pay_by="2025-10-31"
        ),
        "letter-offer-zh.png": offer(
            plan, lender=lender, borrower="张三", contract="XF2025-0001", reply_by="2025-10-25"
        ),
        "letter-notice-en.png": notice(
            account, "en", lender=lender, borrower="Zhang San", pay_by="2025-10-31"
        ),
        "letter-offer-en.png": offer(deal, "en", lender=lender, borrower="Zhang San"),
    }


TABLE_STYLE = """<style>
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; margin: 16px;
       font-size: 14px; }
table.reschedule { border-collapse: collapse; }
caption { caption-side: bottom; text-align: left; padding-top: 8px; color: #444; }
th, td { padding: 4px 8px; border-bottom: 1px solid #ddd; white-space: nowrap; }
th { background: #f3f3f3; }
</style>"""


def table_pages() -> dict[str, str]:
    """The tables of docs/notebooks.md, by picture name: the demo compared, in Chinese,
    as Jupyter shows ``to_html(labels="zh")``."""
    comparison = _compare(rename_options(DEMO_REQUEST, "zh"))
    return {
        "comparison-table-zh.png": (
            '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">'
            f"{TABLE_STYLE}</head><body>{comparison.to_html(labels='zh')}</body></html>"
        )
    }


def _browser() -> str:
    for name in CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit(
        "the letters are rendered by headless Chromium, which is not installed "
        "(Debian: apt-get install chromium fonts-noto-cjk)"
    )


def _trim(path: Path) -> None:
    """Cut the blank page below the letter, keeping a margin."""
    with Image.open(path) as image:
        picture = image.convert("RGB")
    blank = Image.new("RGB", picture.size, (255, 255, 255))
    box = ImageChops.difference(picture, blank).getbbox()
    if box is not None:
        picture = picture.crop((0, 0, picture.width, min(picture.height, box[3] + 40)))
    picture.save(path, optimize=True)


def render_letters(directory: Path = IMAGES) -> list[Path]:
    """Render each letter to PNG with headless Chromium, at the width of A4, and the
    tables of `table_pages` at a table's width."""
    directory.mkdir(parents=True, exist_ok=True)
    browser = _browser()
    written = []
    widths = dict.fromkeys(letter_pages(), A4_WIDTH) | dict.fromkeys(table_pages(), 1000)
    with tempfile.TemporaryDirectory() as scratch:
        for name, page in (letter_pages() | table_pages()).items():
            source = Path(scratch) / (name.removesuffix(".png") + ".html")
            source.write_text(page, encoding="utf-8")
            path = directory / name
            subprocess.run(
                [
                    browser,
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--hide-scrollbars",
                    "--force-device-scale-factor=1",
                    f"--user-data-dir={Path(scratch) / 'profile'}",
                    f"--window-size={widths[name]},4000",
                    f"--screenshot={path}",
                    source.as_uri(),
                ],
                check=True,
                capture_output=True,
                timeout=120,
            )
            _trim(path)
            written.append(path)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else IMAGES
    for path in [*build(target), *render_letters(target)]:
        print(path)
