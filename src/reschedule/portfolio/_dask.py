"""The same computation on a distributed engine: one pandas DataFrame of accounts
in, one of results out (`partition`), for Dask's ``map_partitions``
(`run_dask`) and Spark's ``mapInPandas``.

A partition carries each account's payments in a ``payments`` column, as JSON
text (`with_payments` puts them there). Text, because Dask turns object
columns into strings by default (``dataframe.convert-string``): a column of
Python lists would arrive as their repr. `partition` reads that repr too.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Unpack

from reschedule.conventions import InvalidInputError, require
from reschedule.portfolio._account import (
    Options,
    Settings,
    check_columns,
    columns,
    evaluate,
    kind,
)
from reschedule.portfolio._read import clean, read_rows
from reschedule.portfolio._write import encode

__all__ = ["meta", "partition", "run_dask", "with_payments"]


def meta(settings: Settings) -> Any:
    """An empty results DataFrame with the columns and dtypes `partition` returns:
    nullable ``Int64`` for whole numbers, ``object`` for the rest (exact Decimal,
    date and text)."""
    pandas = require("pandas", "pandas")
    return pandas.DataFrame(
        {
            name: pandas.Series([], dtype="Int64" if kind(name) == "int" else object)
            for name in columns(settings)
        }
    )


def compute_partition(frame: Any, settings: Settings) -> Any:
    """`partition` with settings already checked (what the engines call)."""
    pandas = require("pandas", "pandas")
    names = columns(settings)
    rows = []
    for index, row in enumerate(read_rows(frame, "accounts")):
        if index == 0:
            check_columns(row, settings)
        rows.append(evaluate(row, None, settings, names))
    result = pandas.DataFrame(
        {
            name: pandas.Series(
                [row[name] for row in rows],
                dtype="Int64" if kind(name) == "int" else object,
                index=frame.index,
            )
            for name in names
        },
        index=frame.index,
    )
    return result


def partition(
    frame: Any, *, as_of: date | str, offers: Any = None, **options: Unpack[Options]
) -> Any:
    """The results of one pandas DataFrame of accounts, a row each, same index.

    The accounts hold their payments in a ``payments`` column (`with_payments`),
    as JSON text or lists. The arguments are those of `run` (its `Options`;
    a misspelt one is a type error); the columns and dtypes those of `meta`.

    Examples:
        >>> import pandas as pd
        >>> accounts = pd.DataFrame({"id": ["A1"], "principal": [1200], "annual_rate": ["0.12"],
        ...                          "term": [12], "start": ["2024-01-15"],
        ...                          "payments": ['[["2024-02-15", "106.62"]]']})
        >>> partition(accounts, as_of="2024-04-01")[["id", "days_past_due", "payoff"]]
           id  days_past_due   payoff
        0  A1             17  1116.43
    """
    return compute_partition(frame, Settings.of(as_of, offers=offers, **options))


def _encode_payments(group: Any) -> str:
    """One account's payments as JSON text: ``[[date, amount, reference], ...]``."""
    payments = []
    for day, amount, reference in zip(
        group["date"],
        group["amount"],
        group["reference"] if "reference" in group else [None] * len(group),
        strict=True,
    ):
        payments.append([encode(clean(day)), encode(clean(amount)), clean(reference)])
    return json.dumps(payments)


def with_payments(accounts: Any, payments: Any) -> Any:
    """The accounts with a ``payments`` column of JSON text, from a payments table
    (``account_id``, ``date``, ``amount``, optionally ``reference``): pandas
    DataFrames, or Dask DataFrames (grouped and joined by Dask).

    Examples:
        >>> import pandas as pd
        >>> accounts = pd.DataFrame({"id": ["A1", "A2"]})
        >>> paid = pd.DataFrame({"account_id": ["A1", "A1"], "date": ["2024-02-15", "2024-03-15"],
        ...                      "amount": ["106.62", "106.62"]})
        >>> with_payments(accounts, paid)["payments"].tolist()
        ['[["2024-02-15", "106.62", null], ["2024-03-15", "106.62", null]]', '[]']
    """
    for name in ("account_id", "date", "amount"):
        if name not in payments.columns:
            raise InvalidInputError(
                f"payments need the columns account_id, date and amount; got columns "
                f"{list(payments.columns)} (missing {name})"
            )
    if "payments" in accounts.columns:
        raise InvalidInputError(
            "the accounts already have a payments column; give the payments there or in a "
            "table, not both"
        )
    if type(accounts).__module__.startswith("dask"):
        pandas = require("pandas", "pandas")
        keys = pandas.Index([], dtype=payments["account_id"].dtype, name="account_id")
        grouped = payments.groupby("account_id").apply(
            _encode_payments, meta=pandas.Series([], dtype=object, index=keys, name="payments")
        )
        table = grouped.reset_index().rename(columns={"account_id": "id"})
        table = table.astype({"id": accounts["id"].dtype})  # an empty partition's index is int
        merged = accounts.merge(table, how="left", on="id")
        return merged.assign(payments=merged["payments"].fillna("[]"))
    pandas = require("pandas", "pandas")
    encoded = {
        key: _encode_payments(group) for key, group in payments.groupby("account_id", sort=False)
    }
    column = pandas.Series(
        [encoded.get(key, "[]") for key in accounts["id"]], index=accounts.index, dtype=object
    )
    return accounts.assign(payments=column)


def run_dask(
    accounts: Any,
    payments: Any = None,
    *,
    as_of: date | str,
    offers: Any = None,
    **options: Unpack[Options],
) -> Any:
    """The portfolio on Dask: a lazy Dask DataFrame of results, a row per account.

    `partition` under ``map_partitions``, with its `meta`. Compute it on any
    Dask scheduler (a ``distributed`` cluster: the ``dask`` extra). Offers go
    to the workers, so they must be picklable (steps always are).

    Args:
        accounts: a Dask DataFrame of accounts (columns as for `run`).
        payments: a Dask DataFrame of payments, joined to the accounts by
            `with_payments`; or None when the accounts hold a ``payments``
            column (JSON text) or have none.
        as_of: the day of every statement.
        offers: the offers to screen, as for `run`.
        **options: `Options`, as for `run`.

    Returns:
        A Dask DataFrame: the columns of `run`, the accounts' partitions.
    """
    require("dask.dataframe", "dask")
    settings = Settings.of(as_of, offers=offers, **options)
    if payments is not None:
        accounts = with_payments(accounts, payments)
    return accounts.map_partitions(compute_partition, settings, meta=meta(settings))
