"""Hostile and unlucky input: each reproducer gets a clear error (or the right answer)
quickly.

Every case runs under the test runner's own timeout (pytest-timeout), so an input
that makes the library work without bound fails the suite instead of hanging it;
the cases assert the error, never a measured speed. The reproducers come from a
fuzzing campaign against the API and the command line.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal, localcontext
from typing import Any

import pytest

from reschedule import (
    Frequency,
    InvalidInputError,
    LateFee,
    Loan,
    Payment,
    PenaltyPolicy,
    affordable,
    amortize,
    compare,
    extend,
    freeze,
    from_dict,
    irr,
    npv,
    restructure,
    statement,
    to_dict,
    xirr,
    year_fraction,
)
from reschedule.surfaces.cli import main

pytestmark = pytest.mark.timeout(10)  # the runner stops a case that works without bound


def _account() -> Any:
    schedule = amortize(Loan("123456.78", "0.0799", 36, "2024-01-15"))
    return statement(
        schedule,
        [Payment("2024-02-15", schedule.payment)],
        "2024-09-01",
        penalty=PenaltyPolicy.chinese_bank(),
    )


def _many_small_payments() -> Any:
    """10,000 payments of 0.01 under the vertical waterfall, 300 installments overdue."""
    schedule = amortize(Loan(100_000, "0.1", 360, "2000-01-15"))
    payments = [
        Payment(date(2025, 1, 1) + timedelta(days=index // 20), "0.01") for index in range(10_000)
    ]
    return statement(schedule, payments, "2030-01-01", allocation="vertical")


def _small_payments_on_a_long_loan(penalty: PenaltyPolicy) -> Any:
    """10,000 payments of 0.01, one a day, on 4,990 weekly installments of a small
    loan (the slowest statement request the command line accepted): each
    installment's penalty stays under a cent for months, so a waterfall that
    walked every overdue installment at each payment did 50 million steps."""
    schedule = amortize(Loan(50, "0.1", 4990, "2024-01-15", frequency="weekly"))
    payments = [Payment(date(2024, 1, 16) + timedelta(days=day), "0.01") for day in range(10_000)]
    as_of = schedule.maturity + timedelta(days=1)
    return statement(schedule, payments, as_of, penalty=penalty, allocation="vertical")


# (case, call, code of the error, words of its message)
REFUSED: list[tuple[str, Callable[[], Any], str, str]] = [
    # limits on numbers (the one place they are parsed)
    ("principal 1e100000000", lambda: Loan("1e100000000", "0.1", 12, "2024-01-15"),
     "too_large", "principal must be less than 10**15"),
    ("principal 1e999999999999", lambda: Loan("1e999999999999", "0.1", 12, "2024-01-15"),
     "too_large", "principal must be less than 10**15"),
    ("principal of 5,000 digits", lambda: Loan(10**5000, "0.1", 12, "2024-01-15"),
     "too_large", "principal must be less than 10**15"),
    ("principal of 100 characters", lambda: Loan("1" * 100, "0.1", 12, "2024-01-15"),
     "too_long", "principal must be a number of at most 64 characters"),
    ("rate 1e-300000", lambda: Loan(1000, "1e-300000", 12, "2024-01-15"),
     "too_fine", "annual_rate must not be finer than 10**-12"),
    ("irr of huge amounts", lambda: irr(["-1e999999", "2e999999"]),
     "too_large", "amounts[0] must be less than 10**15"),
    ("irr of -1e400, 2e400", lambda: irr(["-1e400", "2e400"]),
     "too_large", "amounts[0] must be less than 10**15"),
    ("irr of tiny amounts", lambda: irr(["-1e-400", "2e-400"]),
     "too_fine", "amounts[0] must not be finer than 10**-12"),
    ("npv at rate 1e-99999999", lambda: npv("1e-99999999", ["-1", "2"]),
     "too_fine", "rate must not be finer than 10**-12"),
    # a rate in per cent read as a fraction
    ("rate 18 meant as 18%", lambda: Loan(50_000, 18, 24, "2025-01-10"),
     "rate_in_per_cent", "write 0.18 or '18%' for 18%"),
    ("rate '18' meant as 18%", lambda: restructure(amortize(Loan(1000, "0.1", 12, "2024-01-15")),
                                                  annual_rate="18"),
     "rate_in_per_cent", "18 reads as 1800% a year"),
    ("rate above 1000%", lambda: Loan(1000, "1001%", 12, "2024-01-15"),
     "too_large", "annual_rate must be at most 1000% a year"),
    # one rule for digits, dates, text
    ("Arabic-Indic digits", lambda: Loan("١٠٠٠", "0.1", 12, "2024-01-15"),
     "not_a_number", "principal must be written with the digits 0-9"),
    ("Arabic-Indic frequency", lambda: Frequency.parse("every ٣ days"),
     "invalid_input", "frequency must be one of"),
    ("every <5000 digits> days", lambda: Frequency.parse("every " + "9" * 5000 + " days"),
     "invalid_input", "frequency must be one of"),
    ("a datetime start", lambda: Loan(1000, "0.1", 12, datetime(2024, 1, 15, 9)),
     "not_a_date", "start must be a date, not a datetime"),
    ("a lone surrogate in a reference", lambda: Payment("2024-02-15", 10, reference="\ud800"),
     "lone_surrogate", "payment reference must be valid Unicode text"),
    ("an ANSI escape in an option name",
     lambda: compare({"\x1b[31mred": amortize(Loan(1000, "0.1", 12, "2024-01-15"))}),
     "control_character", "option name must be printable text"),
    # dates at the calendar's ends
    ("a loan starting in 9999", lambda: amortize(Loan(1000, "0.1", 12, "9999-06-01")),
     "date_out_of_range", "the plan's dates run past 9999-12-31"),
    ("8000 annual installments",
     lambda: amortize(Loan(1000, "0.05", 8000, "2024-01-15", frequency="annual")),
     "date_out_of_range", "the plan's dates run past 9999-12-31"),
    ("ACT/ACT ISDA in 9999",
     lambda: year_fraction(date(9999, 1, 1), date(9999, 2, 1), "ACT/ACT ISDA"),
     "date_out_of_range", "run past 9999-12-31"),
    # bounded work
    ("xirr of a millionfold day",
     lambda: xirr([("2024-01-01", -1), ("2024-01-02", 10**6)]),
     "rate_out_of_range", "beyond the range the library computes"),
    ("a late fee of 100,000 tiers", lambda: LateFee(tiers=[(i, 1) for i in range(100_000)]),
     "too_large", "a late fee has at most 100 tiers"),
    ("affordable over 10,000 installments in steps of 1e-12",
     lambda: affordable(statement(amortize(Loan(10_000, "0.1", 12, "2024-01-15")), [],
                                  "2024-06-01"), 50, max_term=10_000, rate_step="1e-12"),
     "too_much_work", "affordable tries plans of at most"),
    ("compare of 51 options",
     lambda: compare({str(k): amortize(Loan(1000, "0.1", 2, "2024-01-15")) for k in range(51)}),
     "too_much_work", "compare takes at most 50 options"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("call", "code", "words"),
    [pytest.param(call, code, words, id=case) for case, call, code, words in REFUSED],
)
def test_refused_with_a_clear_error(call: Callable[[], Any], code: str, words: str) -> None:
    with pytest.raises(InvalidInputError, match=re.escape(words)) as caught:
        call()
    assert caught.value.code == code


class TestAnsweredRight:
    def test_the_per_cent_rate_is_the_fraction(self) -> None:
        # 50,000 at 18% over 24 months: 2,496.21 a month (the contract of issue 9's
        # reproducer; PMT(0.015, 24, -50000) = 2496.2052 rounds to 2496.21)
        assert amortize(Loan(50_000, "18%", 24, "2025-01-10")).payment == Decimal("2496.21")

    def test_a_rate_above_100_percent_in_per_cent_round_trips(self) -> None:
        loan = Loan(1000, "150%", 12, "2024-01-15")
        assert loan.annual_rate == Decimal("1.5")
        assert to_dict(loan)["annual_rate"] == "150%"
        assert from_dict(Loan, to_dict(loan)) == loan

    def test_holidays_none_is_no_holiday(self) -> None:
        assert Loan(1000, "0.1", 12, "2024-01-15", holidays=None).holidays == frozenset()

    def test_compare_takes_its_valuation_date(self) -> None:
        plan = extend(amortize(Loan(1000, "0.1", 12, "2024-01-15")), 3)
        assert compare({"a": plan}, valuation_date="2024-01-01").valuation_date == date(2024, 1, 1)

    def test_many_small_payments_under_the_vertical_waterfall(self) -> None:
        # every cent accounted for: 10,000 payments of 0.01
        assert _many_small_payments().total_paid == Decimal("100.00")

    def test_small_payments_on_a_long_overdue_loan_with_penalty(self) -> None:
        account = _small_payments_on_a_long_loan(PenaltyPolicy.chinese_bank())
        paid = sum((line.amount for entry in account.ledger for line in entry.lines), Decimal(0))
        assert paid + account.credit == account.total_paid == Decimal("100.00")
        assert account.penalty_charged > 0

    def test_small_payments_on_a_long_overdue_loan_with_late_fees_only(self) -> None:
        # late fees alone: the fees are charged once, then paid cent by cent, oldest first
        account = _small_payments_on_a_long_loan(PenaltyPolicy(late_fee=LateFee(amount=5)))
        assert account.late_fees_charged > 0
        assert account.penalty_charged == 0
        fees = [
            line.installment
            for entry in account.ledger
            for line in entry.lines
            if line.component.value == "fees"
        ]
        assert fees
        assert fees == sorted(fees)  # each fee charged after the older ones

    def test_exact_under_a_three_digit_context(self) -> None:
        account = _account()
        # the reproducer: 125,634.53 under the default context, 125,635 at prec=6;
        # 125,995.69 since what is owed includes the interest accrued 2024-08-15 to
        # 2024-09-01 (361.16), which the freeze once dropped
        expected = freeze(account, 24).total_paid
        assert expected == Decimal("125995.69") == account.payoff + Decimal("361.16")
        waiver = {"penalty": "all"}  # at prec=3 the penalty owed read 722, not 722.44
        waived = restructure(account, term=48, waive=waiver).waived
        with localcontext(prec=3):
            assert freeze(account, 24).total_paid == expected
            assert restructure(account, term=48, waive=waiver).waived == waived


def _cli(*args: str, stdin: str | None = None) -> tuple[int, str]:
    """Run the command line in process; its status and standard error."""
    errors = io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sys.stderr", errors)
        patch.setattr("sys.stdout", io.StringIO())
        if stdin is not None:
            patch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
        status = main(list(args))
    return status, errors.getvalue()


SCHEDULE = ["schedule", "--rate", "0.1", "--term", "12", "--start", "2024-01-15"]


class TestCommandLine:
    @pytest.mark.parametrize(
        ("args", "words"),
        [
            (["--principal", "1e100000000", *SCHEDULE[1:]], "principal must be less than"),
            (["--principal", "1e999999999999", *SCHEDULE[1:]], "principal must be less than"),
            (["--principal", "1000", "--rate", "1e-300000", *SCHEDULE[3:]], "finer than"),
            (["--principal", "1000", "--rate", "0.1", "--term", "١٢", "--start", "2024-01-15"],
             "--term must be a whole number"),
            (["--principal", "1000", "--rate", "0.1", "--term", "12", "--start", "9999-06-01"],
             "run past 9999-12-31"),
            (["--principal", "1000", *SCHEDULE[1:], "--frequency", "every " + "9" * 5000 + " days"],
             "frequency must be one of"),
        ],
    )  # fmt: skip
    def test_refused_with_status_2(self, args: list[str], words: str) -> None:
        status, errors = _cli("schedule", *args)
        assert status == 2
        assert words in errors
        assert "internal error" not in errors

    def test_errors_as_json(self) -> None:
        status, errors = _cli("schedule", "--principal", "1000", "--rate", "18", *SCHEDULE[3:],
                              "--errors", "json")  # fmt: skip
        assert status == 2
        body = json.loads(errors)["error"]
        assert (body["code"], body["path"]) == ("rate_in_per_cent", "--rate")
        assert "write 0.18 or '18%'" in body["message"]

    def test_a_request_error_keeps_its_code_and_names_its_path(self) -> None:
        # the rule's code survives the path put in front (request.loan: ...), and the
        # path is the whole way to the field
        request = {
            "loan": {"principal": "0", "annual_rate": "0.12", "term": 6, "start": "2026-01-15"},
            "as_of": "2026-04-20",
            "payments": [{"date": "2026-02-15", "amount": "10"}],
        }
        status, errors = _cli("statement", "-", "--errors", "json", stdin=json.dumps(request))
        assert status == 2
        body = json.loads(errors)["error"]
        assert (body["code"], body["path"]) == ("not_positive", "request.loan.principal")
        assert body["message"] == "request.loan: principal must be positive; got 0"

    @pytest.mark.timeout(30)  # the request does up to its budget's work before refusal
    def test_a_request_beyond_the_work_budget(self) -> None:
        # 20 options, each re-amortising a 10,000-installment loan: over the 20,000
        # installments one request may compute, refused before the work is done
        request = {
            "loan": {"principal": "1000000", "annual_rate": "0.1", "term": 10_000,
                     "start": "2000-01-15", "frequency": "weekly"},
            "as_of": "2001-01-01",
            "options": [
                {"name": f"extend {k}", "steps": [{"operation": "extend", "periods": k}]}
                for k in range(1, 21)
            ],
        }  # fmt: skip
        status, errors = _cli("compare", "-", "--errors", "json", stdin=json.dumps(request))
        assert status == 2
        assert json.loads(errors)["error"]["code"] == "too_much_work"

    def test_a_step_given_as_a_string_is_named_once(self) -> None:
        # the schema's twelve operations all want an object: said once, not twelve times
        request = {
            "loan": {"principal": "1200", "annual_rate": "0.12", "term": 12, "start": "2024-01-15"},
            "as_of": "2024-04-01",
            "options": [{"name": "x", "steps": ["extend"]}],
        }
        status, errors = _cli("compare", "-", stdin=json.dumps(request))
        assert status == 2
        assert "request.options[0].steps[0] must be an object; got 'extend'" in errors

    def test_a_json_integer_of_5000_digits(self) -> None:
        document = '{"loan": {"principal": 1' + "0" * 5000 + "}}"
        status, errors = _cli("statement", "-", "--errors", "json", stdin=document)
        assert status == 2
        assert json.loads(errors)["error"]["code"] == "too_long"
