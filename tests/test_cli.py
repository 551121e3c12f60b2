"""The command line, driven as a subprocess: answers on stdout, one-line errors on
stderr with exit status 2 (bad input) or 1 (no answer), never a traceback."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import tomllib
from datetime import date
from decimal import Decimal
from importlib.metadata import version
from pathlib import Path
from typing import Any, ClassVar

import jsonschema
import pytest

import reschedule
from reschedule import (
    Comparison,
    Loan,
    Plan,
    Rounding,
    Schedule,
    Statement,
    amortize,
    from_dict,
    to_dict,
)
from reschedule.surfaces import load, to_text
from reschedule.surfaces.cli import (
    DEMO_OFFERS,
    DEMO_REQUEST,
    DISTRIBUTION,
    MAX_DOCUMENT,
    main,
    run_request,
)

ROOT = Path(__file__).parents[1]


def run(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess[str]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [sys.executable, "-m", "reschedule", *args],
        input=data,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    )


def refused(done: subprocess.CompletedProcess[str], status: int = 2) -> str:
    """The one error line of a refused command."""
    assert done.returncode == status, done.stderr
    assert done.stdout == ""
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("reschedule: ")
    assert "Traceback" not in done.stderr
    return lines[0]


def valid(document: Any, name: str) -> None:
    jsonschema.Draft202012Validator(load(name)).validate(document)


LOAN = {"principal": "1200", "annual_rate": "0.12", "term": 12, "start": "2024-01-15"}
STATEMENT = {
    "loan": LOAN,
    "payments": [{"date": "2024-02-15", "amount": "106.62", "reference": "TX-1"}],
    "as_of": "2024-04-01",
    "penalty": {"rate_multiple": "1.5", "compound": True},
}
RESTRUCTURE = {
    **STATEMENT,
    "options": [
        {"name": "extend", "steps": [{"operation": "extend", "periods": 6}]},
        {
            "name": "waive and spread",
            "steps": [
                {"operation": "waive", "penalty": "all"},
                {"operation": "restructure", "interest": "spread"},
            ],
        },
        {"name": "settle", "steps": [{"operation": "settle", "discount": "20%"}]},
    ],
}


def request_file(tmp_path: Path, document: Any) -> str:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


class TestSchedule:
    ARGS = ("schedule", "--principal", "10000", "--rate", "0.12", "--term", "12")

    def test_table(self) -> None:
        done = run(*self.ARGS, "--start", "2026-01-15")
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[0].split() == [
            "no",
            "due",
            "date",
            "payment",
            "principal",
            "interest",
            "balance",
        ]
        assert lines[2].split() == ["1", "2026-02-15", "888.49", "788.49", "100.00", "9,211.51"]
        assert lines[-1] == (
            "12 installments of 888.49 from 2026-02-15 to 2027-01-15; total interest 661.86, "
            "total paid 10,661.86"
        )

    def test_calendar(self) -> None:
        # 国务院办公厅关于2025年部分节假日安排的通知: 国庆节、中秋节 10月1日至8日放假;
        # a due date of 1 October moves to the 9th (节假日顺延)
        done = run(
            "schedule", "--principal", "12000", "--rate", "0.12", "--term", "3",
            "--start", "2025-08-01", "--calendar", "CN", "--format", "json",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        schedule = json.loads(done.stdout)["schedule"]
        assert schedule["loan"]["calendar"] == "CN"
        assert schedule["loan"]["business_day"] == "following"
        due = [row["due_date"] for row in schedule["installments"]]
        assert due == ["2025-09-01", "2025-10-09", "2025-11-03"]  # 1 November: a Saturday

    def test_an_unknown_calendar(self) -> None:
        done = run(*self.ARGS, "--calendar", "FR")
        assert done.returncode == 2
        assert "calendar must be 'CN', 'US', 'UK', 'weekdays'" in done.stderr

    def test_csv_totals(self) -> None:
        done = run(*self.ARGS, "--start", "2026-01-15", "--format", "csv")
        rows = list(csv.DictReader(io.StringIO(done.stdout)))
        assert len(rows) == 12
        assert sum(Decimal(row["interest"]) for row in rows) == Decimal("661.86")
        assert sum(Decimal(row["principal"]) for row in rows) == 10_000

    def test_json(self) -> None:
        done = run(*self.ARGS, "--start", "2026-01-15", "--format", "json", "--method", "flat")
        document = json.loads(done.stdout)
        valid(document, "schedule-response")
        expected = amortize(Loan(10_000, "0.12", 12, "2026-01-15", method="flat"))
        assert from_dict(Schedule, document["schedule"]) == expected
        assert document == {"schema_version": 1, "schedule": to_dict(expected)}

    def test_chinese_labels(self) -> None:
        done = run(*self.ARGS, "--start", "2026-01-15", "--labels", "zh")
        assert done.stdout.splitlines()[0].split() == [
            "期数",
            "还款日",
            "应还金额",
            "应还本金",
            "应还利息",
            "期末余额",
        ]

    def test_conventions(self) -> None:
        done = run(
            *self.ARGS,
            "--start",
            "2024-03-10",
            "--day-count",
            "ACT/360",
            "--frequency",
            "quarterly",
            "--first-payment",
            "2024-05-01",
            "--format",
            "json",
        )
        loan = json.loads(done.stdout)["schedule"]["loan"]
        assert (loan["day_count"], loan["frequency"], loan["first_payment"]) == (
            "ACT/360",
            "quarterly",
            "2024-05-01",
        )

    def test_start_defaults_to_today(self) -> None:
        done = run(*self.ARGS, "--format", "json")
        assert json.loads(done.stdout)["schedule"]["loan"]["start"] == date.today().isoformat()

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (("--term", "twelve"), "--term must be a whole number of installments; got 'twelve'"),
            (("--term", "0"), "--term must be at least 1 installment; got 0"),
            (("--principal", "-5"), "--principal must be positive; got -5"),
            (("--rate", "abc"), "--rate must be a number; got 'abc'"),
            (("--rate", "18"), "--rate must be a fraction: 18 reads as 1800% a year; write 0.18"),
            (("--start", "2024-02-30"), "--start must be a date or an ISO date"),
            (("--method", "fancy"), "--method must be one of 'annuity'"),
            (("--day-count", "30/365"), "--day-count must be one of '30/360 US'"),
            (("--frequency", "fortnightly"), "--frequency must be one of 'monthly'"),
            (("--calendar", "FR"), "--calendar must be 'CN', 'US', 'UK'"),
            (("--business-day", "next"), "--business-day must be one of 'unadjusted'"),
            (("--first-payment", "2025-01-01"), "--first-payment must be after start 2026-01-15"),
            (("--format", "xml"), "argument --format: invalid choice: 'xml'"),
        ],
    )
    def test_bad_arguments(self, args: tuple[str, ...], message: str) -> None:
        # each named by its flag, as typed: --rate, not the field annual_rate
        base = dict(zip(self.ARGS[1::2], self.ARGS[2::2], strict=True))
        base["--start"] = "2026-01-15"
        base.update(dict(zip(args[::2], args[1::2], strict=True)))
        flat = [item for pair in base.items() for item in pair]
        assert refused(run("schedule", *flat)).startswith(f"reschedule: {message}")

    def test_a_missing_argument(self) -> None:
        line = refused(run("schedule", "--rate", "0.1"))
        assert line == (
            "reschedule: the loan needs --principal, --rate and --term, or a schedule request "
            "(reschedule schedule REQUEST.json; see reschedule schema schedule-request); "
            "got no --principal and no --term"
        )

    def test_a_flag_error_as_json(self) -> None:
        done = run(*self.ARGS, "--start", "2026-01-15", "--rate", "18", "--errors", "json")
        assert done.returncode == 2
        error = json.loads(done.stderr)["error"]
        assert (error["code"], error["path"]) == ("rate_in_per_cent", "--rate")


class TestScheduleRequest:
    """``reschedule schedule REQUEST``: the loan with every term a `Loan` takes."""

    LOAN: ClassVar[dict[str, Any]] = {
        "principal": "10000",
        "annual_rate": "0.12",
        "term": 6,
        "start": "2026-01-15",
        "method": "balloon",
        "balloon": "4000",
        "principal_grace": 2,
        "interest_free": 1,
        "day_count": "ACT/365F",
        "frequency": "monthly",
        "rounding": {"places": 0, "mode": "half_even"},
        "calendar": "CN",
        "holidays": ["2026-04-15"],
    }

    def test_every_term_as_the_library_takes_it(self, tmp_path: Path) -> None:
        done = run("schedule", request_file(tmp_path, {"loan": self.LOAN}), "--format", "json")
        assert done.returncode == 0, done.stderr
        answer = json.loads(done.stdout)
        valid(answer, "schedule-response")
        expected = amortize(Loan(**{**self.LOAN, "rounding": Rounding(0, "half_even")}))
        assert answer["schedule"] == to_dict(expected)
        # the terms took effect: a holiday moved the third due date, the first period is
        # free of interest, the first two repay no principal and the last the balloon
        rows = expected.installments
        assert rows[2].due_date == date(2026, 4, 16)
        assert rows[0].interest == 0
        assert rows[0].principal == rows[1].principal == 0
        assert rows[-1].principal > 4000

    def test_the_table_from_standard_input(self) -> None:
        request = {"loan": {k: self.LOAN[k] for k in ("principal", "annual_rate", "term")}}
        request["loan"]["start"] = "2026-01-15"
        done = run("schedule", "-", stdin=json.dumps(request))
        flags = run(*TestSchedule.ARGS[:-1], "6", "--start", "2026-01-15")
        assert done.returncode == 0, done.stderr
        assert done.stdout == flags.stdout
        valid(request, "schedule-request")

    def test_not_with_the_loan_options(self, tmp_path: Path) -> None:
        line = refused(run("schedule", request_file(tmp_path, {"loan": self.LOAN}), "--term", "3"))
        assert line == (
            "reschedule: the loan is given by the request or by options, not both; got the "
            "request and --term (put them in the request's loan)"
        )

    @pytest.mark.parametrize(
        ("loan", "message", "code", "path"),
        [
            (
                {"grace": 2},
                "request.loan has no field 'grace'; its fields are principal, annual_rate",
                "invalid_input",
                "request.loan",
            ),
            (
                {"method": "annuity"},
                "request.loan: balloon and amortization_term apply to method 'balloon' only; "
                "got method 'annuity'",
                "invalid_terms",
                "request.loan",
            ),
            (
                {"rounding": {"places": 9}},
                "request.loan.rounding.places must be at most 8; got 9",
                "invalid_input",
                "request.loan.rounding.places",
            ),
            (
                {"term": "6"},
                "request.loan.term must be a whole number; got '6'",
                "invalid_input",
                "request.loan.term",
            ),
        ],
    )
    def test_bad_requests(self, loan: dict[str, Any], message: str, code: str, path: str) -> None:
        request = json.dumps({"loan": {**self.LOAN, **loan}})
        assert refused(run("schedule", "-", stdin=request)).startswith(f"reschedule: {message}")
        done = run("schedule", "-", "--errors", "json", stdin=request)
        error = json.loads(done.stderr)["error"]
        assert error["message"].startswith(message)
        assert (error["code"], error["path"]) == (code, path)

    def test_run_request(self) -> None:
        answer = run_request("schedule", {"loan": self.LOAN})
        assert answer["schedule"]["loan"]["balloon"] == "4000"


class TestStatement:
    def test_from_a_file(self, tmp_path: Path) -> None:
        done = run("statement", request_file(tmp_path, STATEMENT))
        assert done.returncode == 0, done.stderr
        document = json.loads(done.stdout)
        valid(document, "statement-response")
        result = document["statement"]
        assert (result["days_past_due"], result["bucket"]) == (17, "1-30")
        assert result["arrears"]["principal"] == "95.57"
        assert isinstance(from_dict(Statement, result), Statement)

    def test_from_stdin(self) -> None:
        done = run("statement", "-", stdin=json.dumps(STATEMENT))
        assert json.loads(done.stdout)["statement"]["as_of"] == "2024-04-01"

    def test_a_term_written_with_a_fraction_of_zero(self) -> None:
        # JSON Schema 2020-12, Validation 6.1.1: an integer is any number with a zero
        # fractional part, so "term": 12.0 is the term 12
        text = json.dumps(STATEMENT).replace('"term": 12', '"term": 12.0')
        assert '"term": 12.0' in text
        done = run("statement", "-", stdin=text)
        assert done.returncode == 0, done.stderr
        assert done.stdout == run("statement", "-", stdin=json.dumps(STATEMENT)).stdout

    def test_a_calendar_in_the_request(self) -> None:
        # 国务院办公厅关于2025年部分节假日安排的通知: 10月1日至8日放假; the installment
        # due 1 October falls due on the 9th, and paid then it is on time
        loan = {"principal": "1200", "annual_rate": "0.12", "term": 12, "start": "2025-09-01"}
        request = {
            "loan": {**loan, "calendar": "CN"},
            "payments": [{"date": "2025-10-09", "amount": "106.62"}],
            "as_of": "2025-10-20",
            "penalty": {"rate_multiple": "1.5", "compound": True},
        }
        done = run("statement", "-", stdin=json.dumps(request))
        assert done.returncode == 0, done.stderr
        document = json.loads(done.stdout)
        valid(document, "statement-response")
        assert document["statement"]["days_past_due"] == 0
        assert document["statement"]["penalty_charged"] == "0.00"
        # the same without the calendar: due on 1 October, paid 8 days late
        done = run("statement", "-", stdin=json.dumps({**request, "loan": loan}))
        assert json.loads(done.stdout)["statement"]["penalty_charged"] != "0.00"

    def test_table(self) -> None:
        done = run("statement", "-", "--format", "table", stdin=json.dumps(STATEMENT))
        assert "days past due" in done.stdout.splitlines()[0]
        assert done.stdout.splitlines()[-1].startswith("as of 2024-04-01: arrears")


class TestRestructure:
    def test_options(self, tmp_path: Path) -> None:
        done = run("restructure", request_file(tmp_path, RESTRUCTURE))
        assert done.returncode == 0, done.stderr
        document = json.loads(done.stdout)
        valid(document, "restructure-response")
        names = [option["name"] for option in document["options"]]
        assert names == ["extend", "waive and spread", "settle"]
        plans = [from_dict(Plan, option["plan"]) for option in document["options"]]
        assert plans[1].steps == ("waive penalty all", "restructure: interest spread")
        assert plans[2].total_paid == plans[2].owed.total - plans[2].waived.total

    def test_a_schedule_from_an_installment(self) -> None:
        request = {
            "loan": LOAN,
            "at": 4,
            "options": [{"name": "defer", "steps": [{"operation": "defer", "periods": 2}]}],
        }
        document = json.loads(run("restructure", "-", stdin=json.dumps(request)).stdout)
        plan = from_dict(Plan, document["options"][0]["plan"])
        assert len(plan.history) == 3
        assert plan[0].payment == 0

    def test_table(self) -> None:
        done = run("restructure", "-", "--format", "table", stdin=json.dumps(RESTRUCTURE))
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines()[0] == "extend"
        assert done.stdout.count("installments of") == 3

    def test_no_affordable_plan_is_status_1(self) -> None:
        request = {
            **STATEMENT,
            "options": [
                {
                    "name": "too little",
                    "steps": [
                        {
                            "operation": "affordable",
                            "max_payment": "1",
                            "max_term": 12,
                            "steps": ["extend_term"],
                        }
                    ],
                }
            ],
        }
        line = refused(run("restructure", "-", stdin=json.dumps(request)), status=1)
        assert line.startswith("reschedule: request.options[0].steps[0] (affordable): ")


BAD_REQUESTS = [
    # (request, expected words of the one error line)
    ('{"loan": ', "the document must be valid JSON; got an error at line 1"),
    ("[]", "request must be an object; got an array"),
    ({**STATEMENT, "colour": "red"}, "request has no field 'colour'"),
    ({**STATEMENT, "loan": {**LOAN, "rate": "0.1"}}, "request.loan has no field 'rate'"),
    ({**STATEMENT, "loan": {**LOAN, "term": "12"}}, "request.loan.term must be a whole number"),
    (
        {**STATEMENT, "loan": {**LOAN, "principal": "-1200"}},
        "request.loan.principal must be an amount, not negative",
    ),
    (
        {**STATEMENT, "loan": {**LOAN, "principal": -1200}},
        "request.loan.principal must be at least 0; got -1200",
    ),
    (
        json.dumps({**STATEMENT, "loan": {**LOAN, "annual_rate": "RATE"}}).replace(
            '"RATE"', "0.12"
        ),
        'request.loan.annual_rate must be a rate as a fraction in a decimal string ("0.12" '
        'for 12%) or in per cent ("12%")',
    ),
    (
        {**STATEMENT, "loan": {**LOAN, "principal": "0"}},
        "request.loan: principal must be positive; got 0",
    ),
    ({**STATEMENT, "as_of": "01/04/2024"}, "request.as_of must be an ISO date"),
    ({**STATEMENT, "as_of": "2024-02-30"}, "as_of must be a date or an ISO date"),
    ({**STATEMENT, "as_of": "2023-12-31"}, "as_of must not be before the loan start 2024-01-15"),
    (
        {**STATEMENT, "payments": [{"date": "2023-12-01", "amount": "10"}]},
        "a payment must not be dated before the loan start",
    ),
    (
        {**STATEMENT, "payments": [{"date": "2024-02-01", "amount": "-10"}]},
        "request.payments[0].amount must be an amount, not negative",
    ),
    (
        {**STATEMENT, "payments": [{"date": "2024-02-01", "amount": "0"}]},
        "payment amount must be positive; got 0",
    ),
    (
        {**STATEMENT, "loan": {**LOAN, "first_payment": "2024-01-01"}},
        "first_payment must be after start 2024-01-15",
    ),
    (
        {**STATEMENT, "penalty": {"rate": "0.1", "rate_multiple": "1.5"}},
        "penalty takes rate or rate_multiple, not both",
    ),
    (
        {**STATEMENT, "allocation": "oldest_first"},
        "request.allocation must be one of 'standard', 'vertical', 'interest_first'",
    ),
    ({"loan": LOAN}, "request.as_of is required"),
    ('{"loan": {}, "loan": {}}', "must not repeat a key; got 'loan' twice"),
    ('{"a": NaN}', "JSON numbers must be finite; got NaN"),
    ("[" * 50_000 + "]" * 50_000, "must not nest deeper"),
    (b"\xff\xfe\xfa", "must be"),
    ("", "the document must be valid JSON"),
]


class TestBadStatementRequests:
    @pytest.mark.parametrize(("document", "message"), BAD_REQUESTS)
    def test_one_line_naming_the_field_and_the_rule(self, document: Any, message: str) -> None:
        text = document if isinstance(document, str | bytes) else json.dumps(document)
        line = refused(run("statement", "-", stdin=text))
        assert message in line

    def test_an_oversized_document(self) -> None:
        padding = " " * MAX_DOCUMENT
        line = refused(run("statement", "-", stdin=json.dumps(STATEMENT) + padding))
        assert "the request must be at most 1000000 bytes (1 MB)" in line

    def test_a_missing_file(self, tmp_path: Path) -> None:
        line = refused(run("statement", str(tmp_path / "nothing.json")))
        assert "the request must be a readable file or - for standard input" in line


BAD_OPTIONS = [
    ({"options": []}, "request.options must hold at least 1 items; got 0"),
    (
        {"options": [{"name": "x", "steps": []}]},
        "request.options[0].steps must hold at least 1 items",
    ),
    (
        {"options": [{"name": "x", "steps": [{"operation": "stretch"}]}]},
        "request.options[0].steps[0].operation must be one of 'restructure', 'extend'",
    ),
    (
        {"options": [{"name": "x", "steps": [{"periods": 3}]}]},
        "request.options[0].steps[0].operation is required",
    ),
    (
        {"options": [{"name": "x", "steps": [{"operation": "extend"}]}]},
        "request.options[0].steps[0].periods is required",
    ),
    (
        {"options": [{"name": "x", "steps": [{"operation": "extend", "periods": 0}]}]},
        "request.options[0].steps[0].periods must be at least 1; got 0",
    ),
    (
        {"options": [{"name": "x", "steps": [{"operation": "extend", "periods": 2, "term": 5}]}]},
        "request.options[0].steps[0] has no field 'term'",
    ),
    (
        {"options": [{"name": "x", "steps": [{"operation": "waive", "interest": "lots"}]}]},
        'request.options[0].steps[0].interest must be an amount ("120.50"), "all", or a percentage',
    ),
    (
        {"options": [{"name": "x", "steps": [{"operation": "waive", "interest": "999999"}]}]},
        "(waive): the interest waiver must not exceed the interest owed",
    ),
    (
        {"options": [{"name": "x", "steps": [{"operation": "settle"}]}]},
        "settle needs exactly one of discount and amount",
    ),
    (
        {"options": [{"name": "x", "steps": [{"operation": "affordable"}]}]},
        "affordable needs exactly one of max_payment and income; got neither",
    ),
    (
        {"options": [{"name": "x", "steps": [{"operation": "extend", "periods": 1}]}] * 2},
        "request.options[1].name must be unique; got 'x' twice",
    ),
    (
        {"at": 2, "options": [{"name": "x", "steps": [{"operation": "extend", "periods": 1}]}]},
        "request.at applies to a schedule without as_of",
    ),
]


class TestRatesInPerCent:
    """A request's rates read as the library's do: a fraction or in per cent, a bare
    number above 1 refused with the fix (once a penalty rate of "18" was read as 1800%
    a year and "18%" refused, though the schema allows it; a discount rate "8%" or a
    ratio "40%" too)."""

    def test_a_penalty_rate(self) -> None:
        fraction = {**STATEMENT, "penalty": {"rate": "0.18"}}
        per_cent = {**STATEMENT, "penalty": {"rate": "18%"}}
        assert run_request("statement", per_cent) == run_request("statement", fraction)
        line = refused(run("statement", "-", stdin=json.dumps({**STATEMENT, "penalty": {
            "rate": "18"}})))  # fmt: skip
        assert (
            "request.penalty.rate must be a fraction: 18 reads as 1800% a year; write 0.18" in line
        )
        line = refused(run("statement", "-", stdin=json.dumps({**STATEMENT, "penalty": {
            "rate": 18}})))  # fmt: skip
        assert "request.penalty.rate must be at most 1; got 18" in line
        assert 'or in per cent ("12%")' in line

    def test_a_discount_rate_and_a_ratio(self) -> None:
        steps = [{"operation": "affordable", "income": "300", "ratio": "40%", "rate_step": "0.5%"}]
        request = {**STATEMENT, "options": [{"name": "income", "steps": steps}],
                   "compare": {"discount_rate": "8%"}}  # fmt: skip
        as_fractions = {**request, "options": [{"name": "income", "steps": [
            {**steps[0], "ratio": "0.4", "rate_step": "0.005"}]}],
            "compare": {"discount_rate": "0.08"}}  # fmt: skip
        answer, same = run_request("compare", request), run_request("compare", as_fractions)
        assert answer["comparison"]["options"] == same["comparison"]["options"]
        assert answer["comparison"]["discount_rate"] == "0.08"
        plan = answer["comparison"]["plans"][0]["plan"]
        assert plan["installments"] == same["comparison"]["plans"][0]["plan"]["installments"]
        assert "ratio of 40%" in plan["steps"][0]  # the steps say it as it was given
        line = refused(run("compare", "-", stdin=json.dumps({**request, "compare": {
            "discount_rate": "8"}})))  # fmt: skip
        assert "discount_rate must be a fraction: 8 reads as 800% a year; write 0.08" in line


class TestBadRestructureRequests:
    @pytest.mark.parametrize(("change", "message"), BAD_OPTIONS)
    def test_one_line_naming_the_field_and_the_rule(
        self, change: dict[str, Any], message: str
    ) -> None:
        line = refused(run("restructure", "-", stdin=json.dumps({**STATEMENT, **change})))
        assert message in line

    def test_statement_fields_need_as_of(self) -> None:
        request = {"loan": LOAN, "payments": [], "options": RESTRUCTURE["options"]}
        line = refused(run("restructure", "-", stdin=json.dumps(request)))
        assert "request.payments applies to a statement; got it without request.as_of" in line


class TestDemo:
    def test_the_main_job(self) -> None:
        done = run("demo")
        assert done.returncode == 0, done.stderr
        text = done.stdout
        assert "The statement as of 2025-10-15:" in text
        assert "127 days past due (91-180)" in text
        for option in DEMO_REQUEST["options"]:
            assert option["name"] in text

    def test_options_in_an_officers_words_with_their_cost_explained(self) -> None:
        text = run("demo").stdout
        assert set(DEMO_OFFERS) == {option["name"] for option in DEMO_REQUEST["options"]}
        for name, words in DEMO_OFFERS.items():
            assert f"  {name}: {words}" in text
        # the contract's last installment is due 2027-01-10 and the extension's 2028-01-10:
        # 12 months more; the 30% settlement's last of 3 payments is 2026-01-15, 12 sooner
        assert "extend 12 months: extend by 12 months" in text
        line = next(row for row in text.splitlines() if row.startswith("  extend 12 months:"))
        assert line.endswith("more, over 12 more months")
        assert "costs the borrower -" not in text  # a cost is said as a cost, never negative
        line = next(row for row in text.splitlines() if row.startswith("  settle 30% off:"))
        assert line.endswith("and ends 12 months sooner")

    def test_the_baseline_is_the_contract(self) -> None:
        # once "as it stands" re-amortised the overdue principal: an installment of
        # 3,562.11 next to the schedule's 2,790.90, and every saving measured from it
        text = run("demo").stdout
        line = next(row for row in text.splitlines() if row.startswith("as it stands "))
        assert line.split()[4:6] == ["2,790.90", "12,793.36"]  # the installment; arrears now

    def test_chinese(self) -> None:
        assert "逾期天数" in run("demo", "--labels", "zh").stdout

    def test_its_request_runs_through_compare(self) -> None:
        request = run("demo", "--request").stdout
        valid(json.loads(request), "compare-request")
        document = json.loads(run("compare", "-", stdin=request).stdout)
        valid(document, "compare-response")
        comparison = from_dict(Comparison, document["comparison"])
        assert [option.name for option in comparison] == [
            option["name"] for option in DEMO_REQUEST["options"]
        ]
        assert comparison.discount_rate == Decimal("0.08")
        text = run("demo").stdout
        for option in comparison:
            assert f"{option.total_paid:,}" in text


COMPARE = {
    **RESTRUCTURE,
    "compare": {"discount_rate": "0.05", "baseline": "settle", "convention": "eu"},
}


class TestCompare:
    def test_json(self) -> None:
        done = run("compare", "-", stdin=json.dumps(COMPARE))
        assert done.returncode == 0, done.stderr
        document = json.loads(done.stdout)
        valid(document, "compare-response")
        rows = document["comparison"]["options"]
        assert [row["name"] for row in rows] == ["extend", "waive and spread", "settle"]
        assert rows[2]["saving"] == "0.00"
        assert document["comparison"]["convention"] == "eu"

    def test_table(self) -> None:
        done = run("compare", "-", "--format", "table", stdin=json.dumps(COMPARE))
        lines = done.stdout.splitlines()
        assert lines[0].split()[:2] == ["option", "payments"]
        assert lines[-1].startswith("3 options; savings against 'settle'")

    def test_defaults(self) -> None:
        document = json.loads(run("compare", "-", stdin=json.dumps(RESTRUCTURE)).stdout)
        assert document["comparison"]["baseline"] == "extend"

    @pytest.mark.parametrize(
        ("settings", "message"),
        [
            ({"baseline": "nothing"}, "request.compare: baseline must name one of the options"),
            ({"convention": "uk"}, "request.compare.convention must be one of 'us', 'eu', 'pboc'"),
            ({"discount_rate": "-0.1"}, "request.compare.discount_rate must be the lender's"),
            ({"rate": "0.1"}, "request.compare has no field 'rate'"),
        ],
    )
    def test_bad_settings(self, settings: dict[str, Any], message: str) -> None:
        request = {**RESTRUCTURE, "compare": settings}
        assert message in refused(run("compare", "-", stdin=json.dumps(request)))


class TestTableFormat:
    """--format table renders the computed result: no response document is made
    and decoded again, and the text is what the decoded document shows."""

    @pytest.mark.parametrize(
        ("command", "document"),
        [("statement", STATEMENT), ("restructure", RESTRUCTURE), ("compare", COMPARE)],
    )
    def test_renders_the_result(
        self,
        command: str,
        document: dict[str, Any],
        tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str],
    ) -> None:
        path = tmp_path / "request.json"
        path.write_text(json.dumps(document), encoding="utf-8")
        expected = run_request(command, json.loads(path.read_text("utf-8")))

        def refuse(value: Any) -> Any:
            raise AssertionError("--format table made a response document")

        monkeypatch.setattr("reschedule.surfaces.cli.to_dict", refuse)
        assert main([command, str(path), "--format", "table"]) == 0
        shown = capsys.readouterr().out
        if command == "restructure":
            plans = [(item["name"], from_dict(Plan, item["plan"])) for item in expected["options"]]
            assert shown == "".join(f"{name}\n\n{to_text(plan)}\n\n" for name, plan in plans)
        else:
            key, kind = (
                ("statement", Statement) if command == "statement" else ("comparison", Comparison)
            )
            assert shown == to_text(from_dict(kind, expected[key])) + "\n"

    def test_renders_a_follow_up(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        from tests.test_cli_follow_up import FOLLOW_UP  # that module imports this one

        path = tmp_path / "request.json"
        path.write_text(json.dumps(FOLLOW_UP), encoding="utf-8")
        assert main(["follow-up", str(path), "--format", "table"]) == 0
        before = capsys.readouterr().out

        def refuse(value: Any) -> Any:
            raise AssertionError("--format table made a response document")

        monkeypatch.setattr("reschedule.surfaces.cli.to_dict", refuse)
        assert main(["follow-up", str(path), "--format", "table"]) == 0
        assert capsys.readouterr().out == before
        assert before.startswith("As of ")


class TestSchemaCommand:
    def test_prints_the_shipped_schema(self) -> None:
        done = run("schema", "restructure-request")
        assert json.loads(done.stdout) == load("restructure-request")

    def test_unknown_schema(self) -> None:
        assert "argument NAME: invalid choice: 'loan'" in refused(run("schema", "loan"))


class TestMain:
    def test_no_command(self) -> None:
        assert "a command is required" in refused(run())

    def test_help_is_status_0(self, capsys: pytest.CaptureFixture[str]) -> None:
        assert main(["--help"]) == 0
        assert "schedule" in capsys.readouterr().out

    def test_version(self) -> None:
        # the name and version the build writes into the metadata, from pyproject.toml
        project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
        done = run("--version")
        assert done.returncode == 0, done.stderr
        assert done.stdout == f"{project['name']} {reschedule.__version__}\n"
        assert project["name"] == DISTRIBUTION
        assert version(DISTRIBUTION) == reschedule.__version__

    def test_an_internal_error_is_one_line(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        def broken(labels: str) -> str:
            raise KeyError("oops")

        monkeypatch.setattr("reschedule.surfaces.cli.demo", broken)
        assert main(["demo"]) == 1
        err = capsys.readouterr().err
        assert err == "reschedule: internal error (KeyError: 'oops'); please report it\n"

    def test_the_console_script(self) -> None:
        script = Path(sys.executable).with_name("reschedule")
        if not script.exists():
            pytest.skip("the project is not installed in this environment")
        done = subprocess.run(
            [str(script), "demo"], capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0
        assert "The options" in done.stdout
