"""The portfolio batch: every account in is a row out, whatever the table's form,
however many processes, stopped and resumed; a bad account is its row's error."""

from __future__ import annotations

import csv
import functools
import json
import multiprocessing
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from reschedule import (
    InvalidInputError,
    Loan,
    Payment,
    PenaltyPolicy,
    Schedule,
    Statement,
    amortize,
    compare,
    extend,
    portfolio,
    restructure,
    statement,
)
from reschedule.portfolio import STATEMENT_COLUMNS, Offer, parse_offers
from reschedule.surfaces.cli import main

AS_OF = "2024-04-01"

ACCOUNTS: list[dict[str, Any]] = [
    {"id": "A1", "principal": "1200", "annual_rate": "0.12", "term": 12, "start": "2024-01-15"},
    {
        "id": "A2",
        "principal": "5000",
        "annual_rate": "0.08",
        "term": 24,
        "start": "2023-06-01",
        "method": "equal_principal",
        "day_count": "ACT/360",
    },
    {"id": "A3", "principal": "1000", "annual_rate": "0.10", "term": 0, "start": "2023-06-01"},
    {"id": "A4", "principal": "900", "annual_rate": "0.05", "term": 6, "start": "2023-12-31"},
    {"id": "A5", "principal": "800", "annual_rate": "0.05", "term": 6, "start": "2023-12-31"},
]
PAYMENTS: list[dict[str, Any]] = [
    {"account_id": "A1", "date": "2024-02-15", "amount": "106.62"},
    {"account_id": "A2", "date": "2023-07-01", "amount": "250.00"},
    {"account_id": "A2", "date": "2023-08-03", "amount": "240.00", "reference": "R2"},
    {"account_id": "A4", "date": "2024-01-31", "amount": "-5"},
    {"account_id": "A5", "date": "2024-01-31", "amount": "135.30"},
]
OFFERS = {
    "as it stands": {"operation": "restructure"},
    "extend 6": {"operation": "extend", "periods": 6},
}
POLICY = PenaltyPolicy.chinese_bank()


def by_id(results: portfolio.Results) -> dict[Any, dict[str, Any]]:
    return {row["id"]: row for row in results}


def direct(account: dict[str, Any]) -> tuple[Statement, Any]:
    """The account computed one call at a time, with the single-account API."""
    loan = Loan(
        account["principal"],
        account["annual_rate"],
        account["term"],
        account["start"],
        **{k: v for k, v in account.items() if k in {"method", "day_count"}},
    )
    paid = [
        Payment(p["date"], p["amount"], p.get("reference"))
        for p in PAYMENTS
        if p["account_id"] == account["id"]
    ]
    result = statement(amortize(loan), paid, AS_OF, penalty=POLICY)
    table = compare({"as it stands": restructure(result), "extend 6": extend(result, 6)})
    return result, table


class TestEveryAccountIsARow:
    def test_good_and_bad_accounts_are_counted(self) -> None:
        results = portfolio.run(
            ACCOUNTS, PAYMENTS, as_of=AS_OF, offers=OFFERS, penalty=POLICY, workers=1
        )
        assert [row["id"] for row in results] == [a["id"] for a in ACCOUNTS]
        assert results.summary.accounts == len(ACCOUNTS) == len(results)
        assert results.summary.errors == 2 == len(results.errors)
        rows = by_id(results)
        # the rule, the field and the value
        assert rows["A3"]["error"] == "term must be at least 1 installment; got 0"
        assert rows["A4"]["error"] == "payments[0]: payment amount must be positive; got -5"
        assert rows["A3"]["payoff"] is None

    def test_rows_equal_the_single_account_api(self) -> None:
        results = portfolio.run(
            ACCOUNTS, PAYMENTS, as_of=AS_OF, offers=OFFERS, penalty=POLICY, workers=1
        )
        rows = by_id(results)
        for account in (ACCOUNTS[0], ACCOUNTS[1], ACCOUNTS[4]):
            result, table = direct(account)
            row = rows[account["id"]]
            assert row["error"] is None
            assert row["days_past_due"] == result.days_past_due
            assert row["bucket"] == result.bucket
            assert row["payoff"] == result.payoff
            assert row["arrears.penalty"] == result.arrears.penalty
            assert row["total_paid"] == result.total_paid
            for option in table:
                assert row[f"{option.name}.regular_installment"] == option.regular_installment
                assert row[f"{option.name}.apr"] == option.apr
                assert row[f"{option.name}.lender_value"] == option.lender_value

    def test_a_hand_computed_account(self) -> None:
        # 1,200 at 0% over 12 months: 100.00 a month due on the 15th. Unpaid on 20 March:
        # the installments of 15 February and 15 March, 200.00 in arrears, 34 days past
        # due (29 days of February 2024 from the 15th, plus 20 - 15 = 5), bucket 31-60;
        # the payoff is the whole 1,200.00 (hand computation).
        account = {"id": 7, "principal": 1200, "annual_rate": 0, "term": 12, "start": "2024-01-15"}
        (row,) = portfolio.run([account], None, as_of="2024-03-20", workers=1)
        assert row["arrears.principal"] == Decimal("200.00")
        assert (row["days_past_due"], row["bucket"]) == (34, "31-60")
        assert row["payoff"] == Decimal("1200.00")

    def test_penalty_interest_and_compound_interest_apart(self) -> None:
        # 10,000 at 7.2% in one installment (30/360): 10,000 + 60.00 interest due on
        # 1 February 2024, unpaid on 2 March, 30 days later. The Chinese bank rule
        # (PBOC 银发〔2003〕251号): contract rate + 50% = 10.8%, ACT/360, from the due
        # date (hand computation): 罚息 10,000 x 10.8% x 30/360 = 90.00 on the
        # principal, 复利 60.00 x 10.8% x 30/360 = 0.54 on the interest; 90.54 in all.
        # 50.00 paid that day pays penalty interest first: 40.00 of 罚息 left unpaid.
        account = {"id": "K", "principal": 10000, "annual_rate": "0.072", "term": 1,
                   "start": "2024-01-01"}  # fmt: skip
        paid = [{"account_id": "K", "date": "2024-03-02", "amount": "50"}]
        unpaid, partly = (
            portfolio.run([account], payments, as_of="2024-03-02", penalty=POLICY, workers=1)
            for payments in ([], paid)
        )
        (row,) = unpaid
        assert row["days_past_due"] == 30
        assert row["penalty_arrears.penalty_interest"] == Decimal("90.00")
        assert row["penalty_arrears.compound_interest"] == Decimal("0.54")
        assert row["arrears.penalty"] == row["penalty_charged"] == Decimal("90.54")
        (row,) = partly
        assert row["penalty_arrears.penalty_interest"] == Decimal("40.00")
        assert row["penalty_arrears.compound_interest"] == Decimal("0.54")
        assert row["arrears.penalty"] == Decimal("40.54")
        assert row["penalty_parts_charged.penalty_interest"] == Decimal("90.00")
        assert row["penalty_parts_charged.compound_interest"] == Decimal("0.54")
        assert row["penalty_charged"] == Decimal("90.54")

    def test_duplicate_ids_and_orphan_payments(self) -> None:
        accounts = [ACCOUNTS[0], ACCOUNTS[0]]
        payments = [*PAYMENTS[:1], {"account_id": "ZZ", "date": "2024-02-01", "amount": "1"}]
        results = portfolio.run(accounts, payments, as_of=AS_OF, workers=1)
        assert len(results) == 2
        assert results.rows[0]["error"] is None
        assert results.rows[1]["error"] == "id must be unique; got 'A1' again"
        assert results.summary.orphan_payments == 1
        assert "1 payments name no account" in str(results.summary)

    def test_a_missing_id_is_an_error_row(self) -> None:
        account = {**ACCOUNTS[0], "id": None}
        (row,) = portfolio.run([account], None, as_of=AS_OF, workers=1)
        assert row["error"] == "id is required; got nothing"

    def test_an_offer_that_cannot_apply_keeps_the_statement(self) -> None:
        # an account paid off has nothing to settle at a discount
        paid_off = {"id": "P", "principal": 100, "annual_rate": 0, "term": 1, "start": "2024-01-01"}
        payments = [{"account_id": "P", "date": "2024-02-01", "amount": "100"}]
        offers = {"settle": {"operation": "settle", "discount": "50%"}}
        (row,) = portfolio.run([paid_off], payments, as_of=AS_OF, offers=offers, workers=1)
        assert row["error"] is not None
        assert row["error"].startswith("offer 'settle': ")
        assert row["payoff"] == Decimal("0.00")


def extend_by(source: Statement, periods: int) -> Schedule:
    return extend(source, periods)


def apply_steps(source: Statement, steps: list[dict[str, Any]]) -> Schedule:
    """An offer's steps applied to the statement itself, one call at a time."""
    plan: Any = source
    for step in steps:
        arguments = {key: value for key, value in step.items() if key != "operation"}
        plan = portfolio.OPERATIONS[step["operation"]](plan, **arguments)
    assert isinstance(plan, Schedule)
    return plan


class TestOffers:
    def test_functions_steps_and_option_lists_agree(self) -> None:
        forms: list[Any] = [
            {"extend 6": {"operation": "extend", "periods": 6}},
            {"extend 6": [{"operation": "extend", "periods": 6}]},
            {"extend 6": functools.partial(extend_by, periods=6)},
            [{"name": "extend 6", "steps": [{"operation": "extend", "periods": 6}]}],
        ]
        seen = [
            portfolio.run(ACCOUNTS[:2], PAYMENTS, as_of=AS_OF, offers=form, workers=1).rows
            for form in forms
        ]
        assert all(rows == seen[0] for rows in seen)
        # the arrears due now, then 10 left of 12, plus 6
        assert seen[0][0]["extend 6.payments"] == 1 + 16

    def test_offers_from_the_position_worked_out_once_equal_the_statements(self) -> None:
        # the offers' steps start from the account's position, worked out once for all
        # of them; the same steps as functions start from the statement each time
        steps: dict[str, list[dict[str, Any]]] = {
            "as it stands": [{"operation": "restructure"}],
            "extend 6": [{"operation": "extend", "periods": 6}],
            "waive and reage": [
                {"operation": "waive", "penalty": "all"},
                {"operation": "reage", "installments": 12},
            ],
            "defer 2": [{"operation": "defer", "periods": 2}],
            "settle": [{"operation": "settle", "discount": "30%"}],
            "freeze": [{"operation": "freeze", "term": 24}],
        }
        functions = {
            name: functools.partial(apply_steps, steps=value) for name, value in steps.items()
        }
        arguments: dict[str, Any] = {"as_of": AS_OF, "penalty": POLICY, "workers": 1}
        by_steps = portfolio.run(ACCOUNTS, PAYMENTS, offers=steps, **arguments)
        by_functions = portfolio.run(ACCOUNTS, PAYMENTS, offers=functions, **arguments)
        assert by_steps.rows == by_functions.rows
        assert by_steps.rows[0]["waive and reage.waived"] > 0

    @pytest.mark.parametrize(
        ("offers", "message"),
        [
            ({"x": {"operation": "stretch"}}, r"operation must be one of restructure, extend"),
            ({"x": {"operation": "extend", "months": 6}}, r"\(extend\): .*'periods'"),
            ({"x": []}, r"needs at least one step"),
            ({"": {"operation": "restructure"}}, r"name must be non-empty"),
            ({"payoff": {"operation": "restructure"}}, r"must not be a statement column"),
            ({"penalty_arrears": {"operation": "restructure"}}, r"must not be a statement column"),
            ([{"name": "x"}], r"must be \{'name': ..., 'steps'"),
            ("extend", r"offers must be a mapping"),
        ],
    )
    def test_bad_offers_are_refused_before_any_account(self, offers: Any, message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            parse_offers(offers)

    def test_an_offer_function_must_return_a_plan(self) -> None:
        offer = Offer("odd", function=lambda s: 3)  # type: ignore[arg-type,return-value]
        (row,) = portfolio.run(ACCOUNTS[:1], None, as_of=AS_OF, offers=[offer], workers=1)
        assert row["error"] == "offer 'odd': offer 'odd' must return a plan (a Schedule); got int"

    def test_offers_that_cannot_be_pickled_need_one_process(self) -> None:
        with pytest.raises(InvalidInputError, match="picklable"):
            portfolio.run(
                ACCOUNTS, None, as_of=AS_OF, offers={"x": lambda s: restructure(s)}, workers=2
            )


class TestTables:
    def test_unknown_and_missing_columns_stop_the_run_first(self) -> None:
        with pytest.raises(InvalidInputError, match=r"unknown columns \['anual_rate'\]"):
            portfolio.run([{**ACCOUNTS[0], "anual_rate": 1}], None, as_of=AS_OF, workers=1)
        account = {k: v for k, v in ACCOUNTS[0].items() if k != "term"}
        with pytest.raises(InvalidInputError, match=r"missing term"):
            portfolio.run([account], None, as_of=AS_OF, workers=1)
        with pytest.raises(InvalidInputError, match=r"payments need the columns"):
            portfolio.run(ACCOUNTS, [{"id": "A1", "date": AS_OF}], as_of=AS_OF, workers=1)

    def test_kept_columns_are_copied(self) -> None:
        accounts = [{**account, "branch": "north"} for account in ACCOUNTS[:2]]
        results = portfolio.run(accounts, None, as_of=AS_OF, keep=["branch"], workers=1)
        assert results.columns[:3] == ("id", "error", "branch")
        assert [row["branch"] for row in results] == ["north", "north"]

    def test_payments_held_in_the_accounts(self) -> None:
        listed = [
            {**ACCOUNTS[1], "payments": [{"date": "2023-07-01", "amount": "250.00"}]},
            {**ACCOUNTS[0], "payments": json.dumps([["2024-02-15", "106.62"]])},
        ]
        results = portfolio.run(listed, None, as_of=AS_OF, workers=1)
        separate = portfolio.run(
            [ACCOUNTS[1], ACCOUNTS[0]],
            [PAYMENTS[1], PAYMENTS[0]],
            as_of=AS_OF,
            workers=1,
        )
        assert results.rows == separate.rows

    def test_a_bad_embedded_payment_list_is_the_accounts_error(self) -> None:
        (row,) = portfolio.run([{**ACCOUNTS[0], "payments": "[1"}], None, as_of=AS_OF, workers=1)
        assert row["error"].startswith("payments must be a list of {date, amount}")

    def test_not_a_table(self) -> None:
        with pytest.raises(InvalidInputError, match="iterable of dicts"):
            portfolio.run(42, None, as_of=AS_OF, workers=1)
        with pytest.raises(InvalidInputError, match=r"accounts\[0\] must be a mapping"):
            portfolio.run([3], None, as_of=AS_OF, workers=1)
        with pytest.raises(InvalidInputError, match=r"must end in one of"):
            portfolio.run("accounts.xlsx", None, as_of=AS_OF, workers=1)


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict[str, Any]]) -> Path:
    names: list[str] = []
    for row in rows:
        names.extend(name for name in row if name not in names)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, names)
        writer.writeheader()
        writer.writerows(rows)
    return path


class TestFormats:
    @pytest.fixture
    def expected(self) -> list[dict[str, Any]]:
        return list(portfolio.run(ACCOUNTS, PAYMENTS, as_of=AS_OF, offers=OFFERS, workers=1))

    def test_files(self, tmp_path: Path, expected: list[dict[str, Any]]) -> None:
        for writer, suffix in ((write_jsonl, ".jsonl"), (write_csv, ".csv")):
            accounts = writer(tmp_path / f"accounts{suffix}", ACCOUNTS)
            payments = writer(tmp_path / f"payments{suffix}", PAYMENTS)
            got = portfolio.run(accounts, payments, as_of=AS_OF, offers=OFFERS, workers=1)
            assert list(got) == expected, suffix

    def test_frames_and_arrow(self, tmp_path: Path, expected: list[dict[str, Any]]) -> None:
        pandas = pytest.importorskip("pandas")
        pa = pytest.importorskip("pyarrow")
        parquet = pytest.importorskip("pyarrow.parquet")
        accounts = pandas.DataFrame(ACCOUNTS)  # term and NaN-filled optional columns
        payments = pandas.DataFrame(PAYMENTS)
        got = portfolio.run(accounts, payments, as_of=AS_OF, offers=OFFERS, workers=1)
        assert list(got) == expected
        table = pa.Table.from_pandas(accounts, preserve_index=False)
        got = portfolio.run(
            table, pa.Table.from_pylist(PAYMENTS), as_of=AS_OF, offers=OFFERS, workers=1
        )
        assert list(got) == expected
        parquet.write_table(table, tmp_path / "accounts.parquet")
        parquet.write_table(pa.Table.from_pylist(PAYMENTS), tmp_path / "payments.parquet")
        got = portfolio.run(
            tmp_path / "accounts.parquet",
            tmp_path / "payments.parquet",
            as_of=AS_OF,
            offers=OFFERS,
            workers=1,
        )
        assert list(got) == expected

    def test_results_as_frame_and_arrow(self, expected: list[dict[str, Any]]) -> None:
        pytest.importorskip("pandas")
        pytest.importorskip("pyarrow")
        results = portfolio.run(ACCOUNTS, PAYMENTS, as_of=AS_OF, offers=OFFERS, workers=1)
        frame = results.to_frame()
        assert list(frame.columns) == list(results.columns)
        assert len(frame) == len(ACCOUNTS)
        assert str(frame["days_past_due"].dtype) == "Int64"
        assert frame["payoff"][0] == expected[0]["payoff"]  # exact Decimal
        table = results.to_arrow()
        assert table.num_rows == len(ACCOUNTS)
        assert table.column("payoff").to_pylist()[0] == expected[0]["payoff"]
        assert table.column("extend 6.apr").to_pylist()[0] == expected[0]["extend 6.apr"]

    @pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
    def test_results_files(
        self, tmp_path: Path, suffix: str, expected: list[dict[str, Any]]
    ) -> None:
        if suffix == ".parquet":
            pytest.importorskip("pyarrow")
        output = tmp_path / f"results{suffix}"
        results = portfolio.run(
            ACCOUNTS, PAYMENTS, as_of=AS_OF, offers=OFFERS, workers=1, output=output
        )
        assert len(results) == 0
        assert results.summary.accounts == len(ACCOUNTS)
        back = list(portfolio.read_rows(output, "results"))
        assert [row["id"] for row in back] == [row["id"] for row in expected]
        assert [str(row["payoff"]) if row["payoff"] is not None else None for row in back] == [
            None if row["payoff"] is None else str(row["payoff"]) for row in expected
        ]


class TestStopAndResume:
    def test_resume_skips_what_is_done_and_appends_the_rest(self, tmp_path: Path) -> None:
        output = tmp_path / "results.jsonl"
        first = portfolio.run(ACCOUNTS[:2], PAYMENTS, as_of=AS_OF, workers=1, output=output)
        assert first.summary.computed == 2
        with output.open("a", encoding="utf-8") as file:
            file.write('{"id": "A3", "err')  # a row half written when the run was stopped
        again = portfolio.run(
            ACCOUNTS, PAYMENTS, as_of=AS_OF, workers=1, output=output, resume=True
        )
        assert (again.summary.resumed, again.summary.computed) == (2, 3)
        assert again.summary.accounts == len(ACCOUNTS)
        assert again.summary.errors == 2
        whole = tmp_path / "whole.jsonl"
        portfolio.run(ACCOUNTS, PAYMENTS, as_of=AS_OF, workers=1, output=whole)
        assert output.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")

    def test_resume_needs_an_appendable_file(self, tmp_path: Path) -> None:
        with pytest.raises(InvalidInputError, match="without output"):
            portfolio.run(ACCOUNTS, None, as_of=AS_OF, resume=True)
        with pytest.raises(InvalidInputError, match=r"\.jsonl or \.csv"):
            portfolio.run(ACCOUNTS, None, as_of=AS_OF, resume=True, output=tmp_path / "r.parquet")


class TestProcesses:
    def test_two_processes_give_the_same_rows_in_the_same_order(self) -> None:
        accounts = [
            {**account, "id": f"{account['id']}-{n}"} for n in range(8) for account in ACCOUNTS
        ]
        payments = [
            {**payment, "account_id": f"{payment['account_id']}-{n}"}
            for n in range(8)
            for payment in PAYMENTS
        ]
        arguments: dict[str, Any] = {"as_of": AS_OF, "offers": OFFERS, "penalty": POLICY}
        one = portfolio.run(accounts, payments, workers=1, **arguments)
        two = portfolio.run(accounts, payments, workers=2, chunk_size=3, **arguments)
        assert two.rows == one.rows
        assert [repr(row) for row in two.rows] == [repr(row) for row in one.rows]  # to the digit
        assert two.summary == one.summary

    def test_a_book_of_one_chunk_is_computed_here(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """No more processes than chunks: a book of one chunk starts none (their
        start-up would cost more than the book), a bigger one starts them."""
        from reschedule.portfolio import _run

        started: list[int] = []
        start = _run._pool

        def pool(settings: Any, names: Any, workers: int) -> Any:
            started.append(workers)
            return start(settings, names, workers)

        monkeypatch.setattr(_run, "_pool", pool)
        one = portfolio.run(ACCOUNTS, PAYMENTS, as_of=AS_OF, workers=4)
        assert started == []
        two = portfolio.run(ACCOUNTS, PAYMENTS, as_of=AS_OF, workers=4, chunk_size=2)
        assert started == [-(-len(ACCOUNTS) // 2)]
        assert [repr(row) for row in two.rows] == [repr(row) for row in one.rows]

    def test_the_last_chunks_get_smaller_when_the_book_size_is_known(self) -> None:
        """Chunks of chunk_size, then the rest over twice the workers (at least an
        eighth of chunk_size), every item once, in order."""
        from reschedule.portfolio import _run

        def sizes(total: int, size: int, known: int | None, workers: int) -> list[int]:
            items: list[tuple[dict[str, Any], None]] = [({"id": n}, None) for n in range(total)]
            chunks = list(_run._chunks(iter(items), size, known, workers))
            assert [item for chunk in chunks for item in chunk] == items
            return [len(chunk) for chunk in chunks]

        # by hand: once 600 are left, each chunk is the rest over 4, rounded up: 600/4 =
        # 150, 450/4 -> 113, 337/4 -> 85, 252/4 = 63, 189/4 -> 48, 141/4 -> 36,
        # 105/4 -> 27; then 78/4 and less: 25 (200/8), the last 3 the rest
        tapered = [200] * 7 + [150, 113, 85, 63, 48, 36, 27, 25, 25, 25, 3]
        assert sizes(2000, 200, 2000, 2) == tapered
        assert sizes(2000, 200, None, 2) == [200] * 10  # the size unknown
        assert sizes(2000, 200, 2000, 1) == [200] * 10  # one process
        assert sizes(1900, 200, 2000, 2)[-1] <= 25  # fewer items than said (resumed ones)

    def test_workers_start_from_a_fork_server_where_there_is_one(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """A fork server imports the library once; a spawned worker imports it each run."""
        from reschedule.portfolio import _run

        if "forkserver" in multiprocessing.get_all_start_methods() and sys.platform != "darwin":
            assert _run._context().get_start_method() == "forkserver"
        monkeypatch.setattr(sys, "platform", "darwin")
        assert _run._context().get_start_method() == "spawn"


class TestCommandLine:
    def test_portfolio_command(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        accounts = write_csv(tmp_path / "accounts.csv", ACCOUNTS)
        payments = write_jsonl(tmp_path / "payments.jsonl", PAYMENTS)
        output = tmp_path / "results.csv"
        status = main(
            [
                "portfolio",
                str(accounts),
                str(payments),
                "--as-of",
                AS_OF,
                "--offers",
                json.dumps(OFFERS),
                "--penalty",
                "chinese_bank",
                "--workers",
                "1",
                "-o",
                str(output),
            ]
        )
        assert status == 0
        err = capsys.readouterr().err
        assert err.strip() == f"reschedule: 5 accounts, 2 with an error; results in {output}"
        expected = portfolio.run(
            ACCOUNTS, PAYMENTS, as_of=AS_OF, offers=OFFERS, penalty=POLICY, workers=1
        )
        with output.open(encoding="utf-8", newline="") as file:
            rows = list(csv.DictReader(file))
        assert [row["payoff"] for row in rows] == [
            "" if row["payoff"] is None else str(row["payoff"]) for row in expected
        ]
        assert rows[0]["extend 6.apr"] == str(expected.rows[0]["extend 6.apr"])

    def test_bad_command_lines(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        accounts = write_csv(tmp_path / "accounts.csv", ACCOUNTS)
        cases = [
            (["--as-of", AS_OF, "-o", str(tmp_path / "r.txt")], "must end in one of"),
            (["--as-of", "yesterday", "-o", str(tmp_path / "r.csv")], "as_of must be a date"),
            (["--as-of", AS_OF, "-o", str(tmp_path / "r.csv"), "--offers", "[1"], "--offers"),
            (["--as-of", AS_OF, "-o", str(tmp_path / "r.csv"), "--workers", "x"], "--workers"),
            # digits other than 0-9 are refused here as everywhere a number is read
            (["--as-of", AS_OF, "-o", str(tmp_path / "r.csv"), "--workers", "١"], "--workers"),
            (["-o", str(tmp_path / "r.csv")], "--as-of"),
        ]
        for arguments, message in cases:
            assert main(["portfolio", str(accounts), "-", *arguments]) == 2
            err = capsys.readouterr().err
            assert err.startswith("reschedule: "), err
            assert message in err, err
            assert len(err.splitlines()) == 1


def test_results_columns_name_the_statement_attributes() -> None:
    result = statement(amortize(Loan(1200, "0.12", 12, "2024-01-15")), [], AS_OF)
    for column in STATEMENT_COLUMNS:
        value: Any = result
        for part in column.split("."):
            value = getattr(value, part)
        assert isinstance(value, int | str | Decimal | date | type(None)), column


class TestProgress:
    def test_a_bar_when_asked_none_when_not_a_terminal(
        self, capsys: pytest.CaptureFixture[str]
    ) -> None:
        pytest.importorskip("tqdm")
        portfolio.run(ACCOUNTS, PAYMENTS, as_of=AS_OF, workers=1, progress=True)
        assert "5/5" in capsys.readouterr().err
        portfolio.run(ACCOUNTS, PAYMENTS, as_of=AS_OF, workers=1)  # stderr is no terminal here
        assert capsys.readouterr().err == ""


def test_the_payments_remembered_are_forgotten_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    from reschedule.portfolio import _account

    monkeypatch.setattr(_account, "_REMEMBERED", 2)
    rows = [(f"2024-0{month}-15", f"{month}00.5", None) for month in range(1, 6)]
    for _ in range(2):
        assert _account._payments(rows) == [Payment(day, amount) for day, amount, _ in rows]
        assert len(_account._DAYS) <= 2
        assert len(_account._AMOUNTS) <= 2


class TestTheDiscountRate:
    def test_in_per_cent_or_a_fraction_never_a_bare_8(self) -> None:
        # once 8 read as 800% a year; "8%" is 8%, as everywhere rates are read
        assert portfolio.Settings.of("2024-04-01", discount_rate="8%").discount_rate == Decimal(
            "0.08"
        )
        with pytest.raises(InvalidInputError, match=r"8 reads as 800% a year; write 0\.08 or '8%'"):
            portfolio.Settings.of("2024-04-01", discount_rate=8)
