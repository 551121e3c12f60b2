"""The invariants of a portfolio run over any accounts, payments and penalty policy:
every account in is a row out, and the penalty apart (罚息 and 复利) adds up to
the penalty columns, as on the account's own statement."""

from __future__ import annotations

import pickle
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reschedule import (
    InvalidInputError,
    Loan,
    Payment,
    PenaltyBase,
    PenaltyPolicy,
    amortize,
    compare,
    extend,
    portfolio,
    restructure,
    statement,
)
from reschedule.portfolio._account import (
    LOAN_FIELDS,
    REQUIRED,
    Settings,
    _flag,
    _holidays,
    _payments,
    _whole,
    columns,
    evaluate,
    kind,
    loan_of,
)
from reschedule.portfolio._read import clean, group_payments, key_of
from reschedule.portfolio._run import _chunk, _Codec, _start

AS_OF = date(2025, 6, 30)
PARTS = ("penalty_interest", "compound_interest")


@st.composite
def policies(draw: st.DrawFn) -> PenaltyPolicy | None:
    """No policy, the Chinese bank rule, or a rate on some base, with or without 复利."""
    kind = draw(st.sampled_from(["none", "chinese", "custom"]))
    if kind == "none":
        return None
    if kind == "chinese":
        return PenaltyPolicy.chinese_bank(draw(st.sampled_from(["1.3", "1.5"])))
    base = draw(st.sampled_from(list(PenaltyBase)))
    # compound interest charges overdue interest: only on a base that holds none
    compound = base is PenaltyBase.OVERDUE_PRINCIPAL and draw(st.booleans())
    return PenaltyPolicy(
        rate=Decimal(draw(st.integers(1, 3600))).scaleb(-4), base=base, compound=compound
    )


@st.composite
def books(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """A few accounts as a table holds them (text and numbers), and their payments."""
    accounts: list[dict[str, Any]] = []
    payments: list[dict[str, Any]] = []
    for number in range(draw(st.integers(1, 4))):
        term = draw(st.integers(1, 24))
        start = AS_OF - timedelta(days=draw(st.integers(0, 800)))
        account = {
            "id": f"A{number}",
            "principal": str(draw(st.integers(term, 10**6))),
            "annual_rate": str(Decimal(draw(st.integers(0, 3600))).scaleb(-4)),
            "term": term,
            "start": start.isoformat(),
            "method": draw(st.sampled_from(["annuity", "equal_principal"])),
        }
        accounts.append(account)
        for _ in range(draw(st.integers(0, 6))):
            day = start + timedelta(days=draw(st.integers(1, 800)))
            amount = Decimal(draw(st.integers(1, 10**5))).scaleb(-2)
            payments.append({"account_id": account["id"], "date": day, "amount": str(amount)})
    return accounts, payments


@given(books(), policies())
def test_the_penalty_apart_adds_up_and_is_the_statements(
    book: tuple[list[dict[str, Any]], list[dict[str, Any]]], policy: PenaltyPolicy | None
) -> None:
    """Every account is a row; in each, 罚息 and 复利 are never negative, add up to
    the penalty in arrears and the penalty charged, no 复利 without compound
    interest, and each figure is the single-account statement's."""
    accounts, payments = book
    results = portfolio.run(accounts, payments, as_of=AS_OF, penalty=policy, workers=1)
    assert [row["id"] for row in results] == [account["id"] for account in accounts]
    for account, row in zip(accounts, results, strict=True):
        if row["error"] is not None:
            assert row["payoff"] is None
            continue
        unpaid = [row[f"penalty_arrears.{part}"] for part in PARTS]
        charged = [row[f"penalty_parts_charged.{part}"] for part in PARTS]
        assert min(*unpaid, *charged) >= 0
        assert sum(unpaid) == row["arrears.penalty"]
        assert sum(charged) == row["penalty_charged"]
        if policy is None or not policy.compound:
            assert unpaid[1] == charged[1] == 0
        loan = Loan(
            account["principal"],
            account["annual_rate"],
            account["term"],
            account["start"],
            method=account["method"],
        )
        paid = [
            Payment(p["date"], p["amount"]) for p in payments if p["account_id"] == account["id"]
        ]
        alone = statement(amortize(loan), paid, AS_OF, penalty=policy)
        assert tuple(unpaid) == alone.penalty_arrears
        assert tuple(charged) == alone.penalty_parts_charged


days = st.dates(date(1990, 1, 1), date(2060, 12, 31)).map(date.isoformat)
amounts = st.one_of(
    st.decimals(Decimal("0.01"), Decimal("99999.99"), places=2).map(str),
    st.sampled_from(["106.62", "106.620", "1e2", " 5 ", "0", "-5", "abc", "1_000", "NaN"]),
)


@given(st.lists(st.tuples(st.one_of(days, st.sampled_from(["2024-02-30", "x"])), amounts)))
def test_payments_read_once_are_the_payments_checked_each_time(
    rows: list[tuple[str, str]],
) -> None:
    """A payment whose date and amount texts were met before (made without checking
    them again) is the `Payment` of those texts, to the digit; a bad one is refused
    with `Payment`'s own error, every time."""
    for _ in range(2):  # the second time every text has been met
        got: list[Payment | str] = []
        for day, amount in rows:
            try:
                (payment,) = _payments([(day, amount, None)])
                got.append(payment)
            except InvalidInputError as error:
                got.append(str(error))
        expected: list[Payment | str] = []
        for day, amount in rows:
            try:
                expected.append(Payment(day, amount))
            except InvalidInputError as error:
                expected.append(f"payments[0]: {error}")
        assert got == expected
        assert [repr(item) for item in got] == [repr(item) for item in expected]


OFFERS = {
    "as it stands": {"operation": "restructure"},
    "extend 6": {"operation": "extend", "periods": 6},
}


@given(books(), policies(), st.sampled_from(["0.10", "0.05"]), st.sampled_from(["us", "pboc"]))
def test_the_offers_columns_are_the_full_objects_fields(
    book: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    policy: PenaltyPolicy | None,
    rate: str,
    convention: str,
) -> None:
    """Each account's row is the fields of the objects the library makes for it one
    at a time: its statement's, and the comparison's of its two offers (as it
    stands, and extended by 6) made from that statement, to the digit; an offer
    that cannot apply is the row's error, with the operation's own message."""
    accounts, payments = book
    results = portfolio.run(
        accounts,
        payments,
        as_of=AS_OF,
        offers=OFFERS,
        penalty=policy,
        discount_rate=rate,
        convention=convention,
        workers=1,
    )
    for account, row in zip(accounts, results, strict=True):
        loan = Loan(
            account["principal"],
            account["annual_rate"],
            account["term"],
            account["start"],
            method=account["method"],
        )
        paid = [
            Payment(p["date"], p["amount"]) for p in payments if p["account_id"] == account["id"]
        ]
        refused = None
        try:
            alone = statement(amortize(loan), paid, AS_OF, penalty=policy)
        except InvalidInputError as error:
            refused = " ".join(str(error).split())
        if refused is not None:
            assert row["error"] == refused
            continue
        assert (row["payoff"], row["days_past_due"]) == (alone.payoff, alone.days_past_due)
        name = "as it stands"
        try:
            plans = {name: restructure(alone)}
            name = "extend 6"
            plans[name] = extend(alone, 6)
        except InvalidInputError as error:
            refused = f"offer {name!r}: " + " ".join(str(error).split())
        assert row["error"] == refused
        if refused is not None:
            continue
        table = compare(plans, discount_rate=rate, convention=convention)
        for option in table:
            for field in portfolio.OFFER_FIELDS:
                got, expected = row[f"{option.name}.{field}"], getattr(option, field)
                assert (got, repr(got)) == (expected, repr(expected))


# --------------------------------------------------------------------------- reading and workers
#
# The reading of accounts and payments skips `clean` for the cells it leaves as
# they are, and the rows cross to and from worker processes packed: each
# property holds the quick way to the plain one.

cells = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.sampled_from(["2024-02-15", " 2024-02-15", "106.62", "0.12", "12", "true", "x", ""]),
    st.integers(-(10**6), 10**6),
    st.booleans(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([12.0, 0.12, float("nan")]),
    st.dates(),
    st.datetimes(),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.just([1, 2]),
)


def _plain_group(rows: list[dict[str, Any]]) -> dict[str, list[tuple[Any, Any, Any]]]:
    """Payments grouped as they were before the quick path: every cell cleaned."""
    groups: dict[str, list[tuple[Any, Any, Any]]] = {}
    for row in rows:
        key = key_of(row.get("account_id"))
        assert key is not None
        groups.setdefault(key, []).append(
            (clean(row.get("date")), clean(row.get("amount")), clean(row.get("reference")))
        )
    return groups


@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "account_id": st.one_of(
                    st.sampled_from(["A1", "A2", "7", ""]), st.integers(0, 9), st.just(7.0)
                ),
                "date": cells,
                "amount": cells,
            },
            optional={"reference": cells},
        ),
        max_size=8,
    )
)
def test_payments_grouped_in_one_pass_are_the_cells_cleaned(rows: list[dict[str, Any]]) -> None:
    """Grouping skips `clean` for text, whole numbers, dates and None: the groups are
    those of every cell cleaned, the same values of the same types."""
    got = group_payments(rows)
    expected = _plain_group(rows)
    assert list(got) == list(expected)
    assert repr(got) == repr(expected)


def _plain_loan(row: dict[str, Any]) -> Loan:
    """The `Loan` of a row as `loan_of` made it before its quick path: every field of
    `LOAN_FIELDS` in order, cleaned, then read."""
    arguments: dict[str, Any] = {}
    for name in LOAN_FIELDS:
        value = clean(row[name]) if name in row else None
        if value is None:
            if name in REQUIRED:
                raise InvalidInputError(f"{name} is required; got nothing")
            continue
        if name in {"term", "amortization_term", "principal_grace", "interest_free"}:
            value = _whole(value)
        elif name == "end_of_month":
            value = _flag(value, name)
        elif name == "holidays":
            value = _holidays(value)
        arguments[name] = value
    return Loan(
        arguments.pop("principal"),
        arguments.pop("annual_rate"),
        arguments.pop("term"),
        arguments.pop("start"),
        **arguments,
    )


def _outcome(function: Any, *arguments: Any) -> str:
    try:
        return repr(function(*arguments))
    except Exception as error:
        return f"{type(error).__name__}: {error}"


loan_cells = st.one_of(
    cells,
    st.sampled_from(["1200", "0.12", "12%", "12", "2024-01-15", "annuity", "monthly", "ACT/360"]),
    st.sampled_from(["equal_principal", " Annuity", "2024-02-30", "2024-01-15 ", "flat"]),
    st.sampled_from([12, 12.0, "3", 0, 1, "yes", "2024-03-01", '["2024-05-01"]', "2024-05-01"]),
)


@given(
    st.dictionaries(st.sampled_from(LOAN_FIELDS), loan_cells, max_size=len(LOAN_FIELDS)).map(
        lambda drawn: {
            "principal": "1200",
            "annual_rate": "0.12",
            "term": 12,
            "start": "2024-01-15",
            **drawn,
        }
    )
)
def test_a_loan_read_from_a_row_is_the_fields_read_in_order(row: dict[str, Any]) -> None:
    """`loan_of` reads the four required fields, then the rest in `LOAN_FIELDS`' order,
    cleaning only the cells `clean` would change: the same loan, or the same error,
    as every field cleaned and read in order."""
    assert _outcome(loan_of, row) == _outcome(_plain_loan, row)


run_columns = columns(Settings.of(AS_OF, offers=OFFERS, keep=["branch"]))
values_of_kind = {
    "money": st.one_of(
        st.none(),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.sampled_from([Decimal("0.00"), Decimal("-0.00"), Decimal("0E-3")]),  # zeros, shared
    ),
    "rate": st.one_of(st.none(), st.decimals(places=10, allow_nan=False)),
    "date": st.one_of(st.none(), st.dates()),
}


@st.composite
def result_rows(draw: st.DrawFn) -> dict[str, Any]:
    """A row of a run's columns: the values of each column's kind, now and then one
    of another kind (which must travel as it is), or a column too many or too few."""
    row: dict[str, Any] = {}
    for name in run_columns:
        strategy = values_of_kind.get(kind(name), cells)
        row[name] = draw(st.one_of(strategy, cells) if draw(st.integers(0, 20)) == 0 else strategy)
    change = draw(st.integers(0, 10))
    if change == 0:
        row.pop(draw(st.sampled_from(run_columns)))
    elif change == 1:
        row["other"] = draw(cells)
    return row


@given(result_rows())
def test_a_row_packed_for_a_worker_comes_back_the_same(row: dict[str, Any]) -> None:
    """A row packed in a worker and unpacked in the main process (pickled between)
    is the same row: the same columns in order, values of the same types with the
    same repr (a Decimal's digits, exponent and sign)."""
    codec = _Codec.of(run_columns)
    back = codec.unpack(pickle.loads(pickle.dumps(codec.pack(row))))
    assert list(back) == list(row)
    assert [(type(value), repr(value)) for value in back.values()] == [
        (type(value), repr(value)) for value in row.values()
    ]


@given(books(), policies())
def test_rows_computed_by_workers_are_the_rows_computed_here(
    book: tuple[list[dict[str, Any]], list[dict[str, Any]]], policy: PenaltyPolicy | None
) -> None:
    """A chunk sent to a worker, computed there and packed back gives the rows
    `evaluate` gives here, value by value (types and repr)."""
    accounts, payments = book
    settings = Settings.of(AS_OF, offers=OFFERS, penalty=policy)
    names = columns(settings)
    groups = group_payments(payments)
    items = [(account, groups.get(account["id"], [])) for account in accounts]
    _start(settings, names)
    codec = _Codec.of(names)
    shipped = pickle.loads(pickle.dumps(items))
    got = [codec.unpack(row) for row in pickle.loads(pickle.dumps(_chunk(shipped)))]
    expected = [evaluate(row, paid, settings, names) for row, paid in items]
    assert [repr(row) for row in got] == [repr(row) for row in expected]
