"""The portfolio on Dask: the same partition function under map_partitions on a
real distributed LocalCluster (two workers, started and closed here) gives the
local run's rows, account for account. Skipped only when the dask extra is absent."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from reschedule import InvalidInputError, PenaltyPolicy, portfolio

pandas = pytest.importorskip("pandas")
dd = pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("distributed")

from tests.test_portfolio import ACCOUNTS, AS_OF, OFFERS, PAYMENTS  # noqa: E402

POLICY = PenaltyPolicy.chinese_bank()

# more accounts than partitions, bad ones among them
MANY = [{**account, "id": f"{account['id']}-{n}"} for n in range(3) for account in ACCOUNTS]
MANY_PAYMENTS = [
    {**payment, "account_id": f"{payment['account_id']}-{n}"}
    for n in range(3)
    for payment in PAYMENTS
]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=False,
            dashboard_address=":0",  # any free port: 8787 may be taken
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


@functools.cache
def local() -> dict[str, dict[str, Any]]:
    results = portfolio.run(
        MANY, MANY_PAYMENTS, as_of=AS_OF, offers=OFFERS, penalty=POLICY, workers=1
    )
    return {row["id"]: row for row in results}


def as_rows(frame: Any) -> dict[str, dict[str, Any]]:
    rows = {}
    for record in frame.to_dict("records"):
        rows[record["id"]] = {
            key: None if value is pandas.NA or value is None else value
            for key, value in record.items()
        }
    return rows


def test_the_cluster_gives_the_local_rows(client: Any) -> None:
    accounts = dd.from_pandas(pandas.DataFrame(MANY), npartitions=3)
    payments = dd.from_pandas(pandas.DataFrame(MANY_PAYMENTS), npartitions=2)
    lazy = portfolio.run_dask(accounts, payments, as_of=AS_OF, offers=OFFERS, penalty=POLICY)
    frame = client.compute(lazy).result()
    assert len(frame) == len(MANY)  # accounts in = rows out
    expected = local()
    got = as_rows(frame)
    assert set(got) == set(expected)
    for key, row in expected.items():
        assert got[key] == row, key
    assert frame["error"].notna().sum() == sum(
        row["error"] is not None for row in expected.values()
    )
    assert isinstance(got["A1-0"]["payoff"], Decimal)


def test_lists_that_dask_turned_into_text_are_read(client: Any) -> None:
    # A column of Python lists becomes their repr under dataframe.convert-string.
    rows = []
    for account in MANY:
        paid = [
            {"date": p["date"], "amount": p["amount"]}
            for p in MANY_PAYMENTS
            if p["account_id"] == account["id"]
        ]
        rows.append({**account, "payments": paid})
    accounts = dd.from_pandas(pandas.DataFrame(rows), npartitions=2)
    assert str(accounts.dtypes["payments"]) != "object"  # the pitfall itself
    frame = client.compute(
        portfolio.run_dask(accounts, as_of=AS_OF, offers=OFFERS, penalty=POLICY)
    ).result()
    assert as_rows(frame) == local()


def test_partition_is_the_local_run_on_a_pandas_frame() -> None:
    accounts = portfolio.with_payments(pandas.DataFrame(MANY), pandas.DataFrame(MANY_PAYMENTS))
    assert json.loads(accounts["payments"][0]) == [["2024-02-15", "106.62", None]]
    frame = portfolio.partition(accounts, as_of=AS_OF, offers=OFFERS, penalty=POLICY)
    assert list(frame.dtypes.astype(str)) == list(
        portfolio.meta(portfolio.Settings.of(AS_OF, offers=OFFERS)).dtypes.astype(str)
    )
    assert as_rows(frame) == local()


def test_payments_in_both_places_are_refused() -> None:
    accounts = pandas.DataFrame([{**ACCOUNTS[0], "payments": "[]"}])
    with pytest.raises(InvalidInputError, match="already have a payments column"):
        portfolio.with_payments(accounts, pandas.DataFrame(PAYMENTS))
    with pytest.raises(InvalidInputError, match="missing amount"):
        portfolio.with_payments(
            pandas.DataFrame(ACCOUNTS), pandas.DataFrame(PAYMENTS).drop(columns="amount")
        )
