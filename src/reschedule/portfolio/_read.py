"""Tables in: accounts and payments from DataFrames, Arrow tables, iterables of
dicts, or JSON-lines, CSV and Parquet files, as rows of plain Python values.

Readers are lazy (rows come a batch at a time) and tolerant of each format's
spelling of a missing value (None, NaN, NaT, ``pd.NA``, an empty CSV cell).
Nothing here judges a value: an account's values are checked when the account
is computed, so a bad one becomes that account's error, never the run's.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from reschedule.conventions import InvalidInputError, require

__all__ = [
    "FILE_FORMATS",
    "PLAIN",
    "PaymentRow",
    "Source",
    "clean",
    "count",
    "group_payments",
    "key_of",
    "read_rows",
]

Source = Any
"""Accounts or payments: a pandas DataFrame, a pyarrow Table or RecordBatch, an
iterable of mappings, or a path (str or `os.PathLike`) to a ``.jsonl``,
``.csv`` or ``.parquet`` file."""

PaymentRow = tuple[Any, Any, Any]
"""A payment as read: (date, amount, reference), values not yet checked."""

FILE_FORMATS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
"""File suffixes read, and the format of each (JSON files hold one object a line)."""

_BATCH = 10_000
_DATE = dt.date


def file_format(path: str | os.PathLike[str]) -> str:
    """The format of a file by its suffix (`FILE_FORMATS`), or an error naming them."""
    suffix = Path(path).suffix.lower()
    try:
        return FILE_FORMATS[suffix]
    except KeyError:
        known = ", ".join(sorted(FILE_FORMATS))
        raise InvalidInputError(
            f"a table file must end in one of {known}; got {os.fspath(path)!r}"
        ) from None


PLAIN = frozenset({str, int, _DATE, type(None)})
"""The types `clean` returns as they are (most cells): a cell of one of them needs no call."""


def clean(value: Any) -> Any:
    """A cell as a plain Python value: None for every spelling of missing,
    ints for integer scalars (numpy's too), dates for timestamps at midnight."""
    kind = type(value)
    if kind is str or kind is int or kind is _DATE or value is None:  # (most cells)
        return value
    if isinstance(value, str | int | dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date()
        return value
    name = type(value).__name__
    if name in {"NAType", "NaTType"}:
        return None
    if hasattr(value, "item") and type(value).__module__ == "numpy":
        return clean(value.item())
    if hasattr(value, "to_pydatetime"):  # a pandas Timestamp
        return clean(value.to_pydatetime())
    return value


def is_path(source: Any) -> bool:
    """Whether `source` names a file."""
    return isinstance(source, str | os.PathLike)


def _frame_rows(frame: Any) -> Iterator[dict[str, Any]]:
    columns = [str(column) for column in frame.columns]
    for values in frame.itertuples(index=False, name=None):
        yield {column: clean(value) for column, value in zip(columns, values, strict=True)}


def _arrow_rows(table: Any) -> Iterator[dict[str, Any]]:
    batches = table.to_batches(_BATCH) if hasattr(table, "to_batches") else [table]
    for batch in batches:
        for row in batch.to_pylist():
            yield {key: clean(value) for key, value in row.items()}


def _jsonl_rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as file:
        for number, line in enumerate(file, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise InvalidInputError(
                    f"{path.name} line {number} must be one JSON object; got {line[:60]!r} "
                    f"({error.msg})"
                ) from None
            if not isinstance(row, dict):
                raise InvalidInputError(
                    f"{path.name} line {number} must be one JSON object; got {line[:60]!r}"
                )
            yield row


def _csv_rows(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            yield {key: (value if value != "" else None) for key, value in row.items()}


def _parquet_rows(path: Path) -> Iterator[dict[str, Any]]:
    parquet = require("pyarrow.parquet", "arrow")
    reader = parquet.ParquetFile(path)
    for batch in reader.iter_batches(batch_size=_BATCH):
        for row in batch.to_pylist():
            yield {key: clean(value) for key, value in row.items()}


def read_rows(source: Source, what: str) -> Iterator[dict[str, Any]]:
    """The rows of a table, one dict each, lazily.

    Args:
        source: a pandas DataFrame, a pyarrow Table or RecordBatch, an
            iterable of mappings, or a path to a JSON-lines, CSV or Parquet file.
        what: ``"accounts"`` or ``"payments"``, for messages.

    Raises:
        InvalidInputError: the source is none of these, or a file cannot be read.
    """
    if is_path(source):
        path = Path(source)
        kind = file_format(path)
        if not path.is_file():
            raise InvalidInputError(f"{what} must be a readable file; got {os.fspath(path)!r}")
        if kind == "jsonl":
            return _jsonl_rows(path)
        if kind == "csv":
            return _csv_rows(path)
        return _parquet_rows(path)
    module = type(source).__module__
    if module.startswith("pandas") and hasattr(source, "itertuples"):
        return _frame_rows(source)
    if module.startswith("pyarrow") and hasattr(source, "to_pylist"):
        return _arrow_rows(source)
    if module.startswith(("dask", "pyspark")):
        raise InvalidInputError(
            f"{what} must be a local table; got a {type(source).__name__} "
            "(use reschedule.portfolio.run_dask, or partition under mapInPandas)"
        )
    if isinstance(source, Mapping) or not isinstance(source, Iterable):
        raise InvalidInputError(
            f"{what} must be a DataFrame, an Arrow table, an iterable of dicts or a "
            f".jsonl/.csv/.parquet file; got {type(source).__name__}"
        )
    return _mappings(source, what)


def _mappings(rows: Iterable[Any], what: str) -> Iterator[dict[str, Any]]:
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            raise InvalidInputError(
                f"{what}[{index}] must be a mapping of column to value; got "
                f"{type(row).__name__} {row!r}"
            )
        yield {str(key): clean(value) for key, value in row.items()}


def count(source: Source) -> int | None:
    """The number of rows of a table when it is known without reading it."""
    if is_path(source):
        if file_format(source) == "parquet":
            try:
                parquet = require("pyarrow.parquet", "arrow")
                return int(parquet.ParquetFile(source).metadata.num_rows)
            except Exception:  # counted while read instead
                return None
        return None
    try:
        return len(source)
    except TypeError:
        return None


def key_of(value: Any) -> str | None:
    """The key an account id matches payments by: its text (ids ``7`` and ``"7"`` match)."""
    value = clean(value)
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def group_payments(source: Source | None) -> dict[str, list[PaymentRow]]:
    """Payments grouped by account (the key of ``account_id``), in the order read.

    Raises:
        InvalidInputError: the table lacks ``account_id``, ``date`` or ``amount``.
    """
    groups: dict[str, list[PaymentRow]] = {}
    if source is None:
        return groups
    if _is_mappings(source):  # read here: only the four columns cleaned, no row copied
        rows: Iterator[Mapping[str, Any]] = _checked_mappings(source, "payments")
    else:
        rows = read_rows(source, "payments")
    plain = PLAIN
    for index, row in enumerate(rows):
        if index == 0:
            missing = [name for name in ("account_id", "date", "amount") if name not in row]
            if missing:
                raise InvalidInputError(
                    f"payments need the columns account_id, date and amount; got columns "
                    f"{sorted(map(str, row))} (missing {', '.join(missing)})"
                )
        # one pass, a call only for a cell `clean` would change (text is its own key)
        account = row.get("account_id")
        key = account if type(account) is str else key_of(account)
        if key is None:
            raise InvalidInputError(
                f"payments row {index} must name its account in account_id; got {account!r}"
            )
        day = row.get("date")
        amount = row.get("amount")
        reference = row.get("reference")
        payment = (
            day if type(day) in plain else clean(day),
            amount if type(amount) in plain else clean(amount),
            reference if type(reference) in plain else clean(reference),
        )
        group = groups.get(key)
        if group is None:
            groups[key] = [payment]
        else:
            group.append(payment)
    return groups


def _is_mappings(source: Source) -> bool:
    """Whether `source` is an iterable of mappings (not a file, frame or table)."""
    module = type(source).__module__
    return (
        not is_path(source)
        and not module.startswith(("pandas", "pyarrow", "dask", "pyspark"))
        and isinstance(source, Iterable)
        and not isinstance(source, Mapping)
    )


def _checked_mappings(rows: Iterable[Any], what: str) -> Iterator[Mapping[str, Any]]:
    for index, row in enumerate(rows):
        if type(row) is not dict and not isinstance(row, Mapping):  # (a dict: no ABC check)
            raise InvalidInputError(
                f"{what}[{index}] must be a mapping of column to value; got "
                f"{type(row).__name__} {row!r}"
            )
        yield row
