"""``reschedule serve``: the negotiator's page, served by the real command and
driven in the system's headless Chromium (Playwright, never a downloaded browser).

The page is a client of the library: the figures it shows must be the ones the
library computes for the same account and offers, called directly here.
"""

from __future__ import annotations

import json
import os
import re
import selectors
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from reschedule import (
    Comparison,
    Loan,
    Payment,
    PenaltyPolicy,
    amortize,
    compare,
    extend,
    restructure,
    settle,
    statement,
)
from reschedule.surfaces import label
from reschedule.surfaces.cli import DEMO_REQUEST, main

pytest.importorskip("starlette", reason="the web extra is not installed")
pytest.importorskip("uvicorn", reason="the web extra is not installed")

ACCOUNT = {key: DEMO_REQUEST[key] for key in ("loan", "payments", "as_of", "penalty")}
EXTEND = {
    "name": "extend 12 months",
    "steps": [{"operation": "extend", "periods": 12, "interest": "spread", "penalty": "spread"}],
}
BASELINE = {"name": "as it stands", "steps": [{"operation": "restructure"}]}


def expected_comparison() -> Comparison:
    """The demo account, the baseline and the page's two offers (extend 12 months,
    settle 30% off in 3), computed by calling the library directly."""
    schedule = amortize(Loan("60000", "0.108", 24, "2025-01-10"))
    payments = [
        Payment("2025-02-10", "2790.90"),
        Payment("2025-03-10", "2790.90"),
        Payment("2025-04-12", "2790.90"),
        Payment("2025-05-10", "2790.90"),
        Payment("2025-06-20", "1500.00"),
    ]
    policy = PenaltyPolicy(rate_multiple="1.5", compound=True, day_count="ACT/360")
    account = statement(schedule, payments, "2025-10-15", penalty=policy)
    plans = {
        "as it stands": restructure(account),
        "extend 12 months": extend(account, 12, interest="spread", penalty="spread"),
        "settle 30% off": settle(account, discount="30%", installments=3),
    }
    return compare(plans, discount_rate="0.08")


# --------------------------------------------------------------------------- the server


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``reschedule serve --port 0`` in a subprocess; its address, read from what it prints."""
    process = subprocess.Popen(
        [sys.executable, "-m", "reschedule", "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        chooser = selectors.DefaultSelector()
        chooser.register(process.stdout, selectors.EVENT_READ)
        if not chooser.select(timeout=30):
            raise AssertionError("reschedule serve printed no address within 30 s")
        line = process.stdout.readline()
        assert "http://127.0.0.1:" in line, (line, process.stderr and process.stderr.read())
        url = line[line.index("http://") :].split()[0]
        _wait_until_up(url)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover - a stuck server
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def _wait_until_up(url: str) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def post(url: str, document: Any, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url,
        data=document if isinstance(document, bytes) else json.dumps(document).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# --------------------------------------------------------------------------- the API


def test_the_page_and_the_example_account(server: str) -> None:
    with urllib.request.urlopen(server, timeout=10) as response:
        assert "The negotiator's page" in response.read().decode()
    with urllib.request.urlopen(server + "api/example", timeout=10) as response:
        assert json.loads(response.read()) == ACCOUNT


def test_compare_answers_the_library_tables(server: str) -> None:
    request = {**ACCOUNT, "options": [BASELINE, EXTEND], "compare": {"discount_rate": "0.08"}}
    status, body = post(server + "api/compare?labels=en", request)
    answer = json.loads(body)
    assert status == 200, answer
    assert answer["names"] == ["as it stands", "extend 12 months"]
    assert answer["html"].startswith('<div class="reschedule"><table class="reschedule')


def test_bad_input_answers_the_rule_broken(server: str) -> None:
    wrong = {**ACCOUNT, "loan": {**ACCOUNT["loan"], "principal": "-1"}}
    status, body = post(server + "api/statement", wrong)
    assert status == 400
    error = json.loads(body)["error"]
    assert error["code"] == "invalid_input"
    assert "request.loan.principal" in error["message"], error
    status, body = post(server + "api/statement", {"loan": ACCOUNT["loan"]})
    assert status == 400
    assert json.loads(body)["error"]["message"] == "request.as_of is required"
    status, body = post(server + "api/compare", b"{not json")
    assert status == 400
    assert "JSON" in json.loads(body)["error"]["message"]
    status, body = post(server + "api/statement?labels=fr", ACCOUNT)
    assert status == 400
    assert "fr" in json.loads(body)["error"]["message"]


def test_a_body_over_1_mb_is_refused(server: str) -> None:
    status, body = post(server + "api/statement", b" " * 1_000_001)
    assert status == 400
    assert "at most 1000000 bytes" in json.loads(body)["error"]["message"]


def test_a_request_for_another_host_is_refused(server: str) -> None:
    # a page elsewhere cannot reach this server through a name that points here
    status, _ = post(server + "api/statement", ACCOUNT, headers={"Host": "evil.example"})
    assert status == 400


def test_the_offer_letter_is_an_attachment(server: str) -> None:
    request = {**ACCOUNT, "options": [BASELINE, EXTEND]}
    letter = {
        "request": request,
        "option": "extend 12 months",
        "lang": "en",
        "lender": {"name": "Example Finance", "phone": "400-000-0000"},
    }
    status, body = post(server + "api/letter", letter)
    assert status == 200, body
    page = body.decode("utf-8")
    plan = dict(expected_comparison().plans)["extend 12 months"]
    assert "Example Finance" in page
    assert f"{plan.installments[0].payment:,}" in page
    status, body = post(server + "api/letter", {**letter, "option": "nothing"})
    assert status == 400
    assert "letter.option must be one of" in json.loads(body)["error"]["message"]


# --------------------------------------------------------------------------- the command


def test_without_the_web_extra_serve_names_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    monkeypatch.setitem(sys.modules, "starlette", None)
    assert main(["serve"]) == 1
    error = capsys.readouterr().err
    assert 'pip install "reschedule-loans[web]"' in error


@pytest.mark.parametrize("port", ["99999", "-1", "http", "８０"])
def test_a_bad_port_is_refused(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--port", port]) == 2
    assert "--port must be a port number from 0 to 65535" in capsys.readouterr().err


def test_a_port_in_use_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    assert f"--port {port} cannot be listened on" in capsys.readouterr().err


# --------------------------------------------------------------------------- in a browser


def _chromium() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        pytest.skip(
            "no system Chromium (Debian: apt-get install chromium; make test installs it "
            "when run as root); the page's browser test needs it"
        )
    return path


def test_the_page_in_a_browser(server: str, tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    executable = _chromium()
    expected = expected_comparison()
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(server)
            # a wrong account: the error says why, in the page
            page.fill("#account", "{not json")
            page.click("#show-statement")
            page.wait_for_function("document.querySelector('#error').textContent !== ''")
            assert page.inner_text("#error").startswith("The account is not JSON")
            wrong = {**ACCOUNT, "loan": {**ACCOUNT["loan"], "principal": "-1"}}
            page.fill("#account", json.dumps(wrong))
            page.click("#show-statement")
            page.wait_for_function("document.querySelector('#error').textContent.includes('loan')")
            assert "request.loan.principal must be an amount" in page.inner_text("#error")
            # the example account, then the same uploaded as a file: its statement
            page.click("#load-example")
            page.wait_for_selector("#statement table.reschedule")
            assert json.loads(page.input_value("#account")) == ACCOUNT
            assert page.inner_text("#error") == ""
            uploaded = tmp_path / "account.json"
            text = json.dumps(ACCOUNT, indent=1)  # not the example's indent=2
            uploaded.write_text(text, encoding="utf-8")
            page.set_input_files("#upload", str(uploaded))
            page.wait_for_function(
                f"document.querySelector('#account').value === {json.dumps(text)}"
            )
            page.wait_for_selector("#statement table.reschedule")
            rows = page.eval_on_selector_all(
                "#statement table:first-of-type tbody tr", "r => r.length"
            )
            assert rows == len(expected.plans[0][1].origin.installments)
            # two offers
            page.select_option("#kind", "extend")
            page.fill("#offer-number", "12")
            page.click("#add-offer")
            page.wait_for_selector("#comparison[data-state=ready]")
            page.select_option("#kind", "settle")
            page.fill("#offer-number", "3")
            page.fill("#offer-discount", "30")
            page.click("#add-offer")
            page.wait_for_function(
                "document.querySelector('#comparison').dataset.state === 'ready' && "
                "document.querySelectorAll('#comparison tbody tr').length === 3"
            )
            assert page.inner_text("#error") == ""
            header = page.eval_on_selector_all(
                "#comparison thead th", "cells => cells.map(cell => cell.textContent)"
            )
            rows = page.eval_on_selector_all(
                "#comparison tbody tr",
                "rows => rows.map(row => [...row.cells].map(cell => cell.textContent))",
            )
            shown = {row[0]: dict(zip(header, row, strict=True)) for row in rows}
            assert list(shown) == [name for name, _ in expected.plans]
            for option in expected.options:
                cells = shown[option.name]
                for key in ("largest_installment", "total_paid", "saving", "lender_value"):
                    value: Decimal = getattr(option, key)
                    assert cells[label(key)] == f"{value:,}", (option.name, key)
                assert cells[label("payments")] == str(option.payments)
                assert cells[label("last_due")] == option.last_due.isoformat()
            # the picture loaded
            assert page.eval_on_selector("#picture", "image => image.naturalWidth") > 0
            # the request shown is the one the command line answers
            request = json.loads(page.text_content("#request-json") or "")
            assert request["options"][1] == EXTEND
            # the offer letter of the settlement
            page.select_option("#letter-option", "settle 30% off")
            with page.expect_download() as download:
                page.click("#download-letter")
            letter = Path(download.value.path()).read_text(encoding="utf-8")
            assert download.value.suggested_filename == "offer-settle-30-off.html"
            assert "协商还款方案" in letter
            plan = dict(expected.plans)["settle 30% off"]
            assert f"{plan.installments[0].payment:,}" in letter
            screenshot = tmp_path / "negotiator-page.png"
            page.screenshot(path=str(screenshot), full_page=True)
            assert screenshot.stat().st_size > 0
            docs = os.environ.get("RESCHEDULE_SCREENSHOTS")
            if docs:  # make pictures: the docs' picture of the page
                shutil.copy(screenshot, Path(docs) / "negotiator-page.png")
            # in Chinese: the page's words, the table's labels and the baseline's name
            page.select_option("#labels", "zh")
            page.wait_for_function(
                "document.querySelector('#comparison').dataset.state === 'ready' && "
                "[...document.querySelectorAll('#comparison thead th')]"
                f".some(cell => cell.textContent === {json.dumps(label('saving', 'zh'))})"
            )
            if docs:
                page.screenshot(path=str(Path(docs) / "negotiator-page-zh.png"), full_page=True)
            assert page.inner_text("h1") == "协商还款工作台"
            words = page.eval_on_selector_all(
                "[data-i18n]", "elements => elements.map(element => element.textContent)"
            )
            english = [word for word in words if re.search("[A-Za-z]", word.replace("JSON", ""))]
            assert english == []
            names = page.eval_on_selector_all(
                "#comparison tbody tr", "rows => rows.map(row => row.cells[0].textContent)"
            )
            assert names == ["原合同", "extend 12 months", "settle 30% off"]
        finally:
            browser.close()
