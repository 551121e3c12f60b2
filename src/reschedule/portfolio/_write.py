"""Tables out: result rows to JSON lines, CSV or Parquet, a chunk at a time, and
back (the ids already written, to resume a stopped run); rows to a pandas
DataFrame or an Arrow table."""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from reschedule.conventions import InvalidInputError, require
from reschedule.negotiation import PLACES
from reschedule.portfolio._account import kind
from reschedule.portfolio._read import file_format, key_of

__all__ = [
    "Writer",
    "arrow_schema",
    "check_output",
    "done",
    "encode",
    "open_writer",
    "to_arrow",
    "to_frame",
]

Row = dict[str, Any]


def encode(value: Any) -> Any:
    """A value for JSON or CSV: Decimal and date as text (exact), the rest as is."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


class Writer(Protocol):
    """Writes result rows to a file, a chunk at a time, flushed."""

    def write(self, rows: Sequence[Row]) -> None: ...  # pragma: no cover

    def close(self) -> None: ...  # pragma: no cover


class _Jsonl:
    def __init__(self, path: Path, names: Sequence[str], append: bool) -> None:
        self.names = names
        self.file = path.open("a" if append else "w", encoding="utf-8")

    def write(self, rows: Sequence[Row]) -> None:
        for row in rows:
            record = {name: encode(row[name]) for name in self.names}
            self.file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.file.flush()

    def close(self) -> None:
        self.file.close()


class _Csv:
    def __init__(self, path: Path, names: Sequence[str], append: bool) -> None:
        self.names = names
        fresh = not append or path.stat().st_size == 0
        self.file = path.open("a" if append else "w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.file)
        if fresh:
            self.writer.writerow(names)

    def write(self, rows: Sequence[Row]) -> None:
        for row in rows:
            self.writer.writerow(
                ["" if row[name] is None else encode(row[name]) for name in self.names]
            )
        self.file.flush()

    def close(self) -> None:
        self.file.close()


class _Parquet:
    def __init__(self, path: Path, names: Sequence[str]) -> None:
        self.path = path
        self.names = names
        self.writer: Any = None

    def write(self, rows: Sequence[Row]) -> None:
        if not rows:
            return
        table = to_arrow(rows, self.names)
        if self.writer is None:
            parquet = require("pyarrow.parquet", "arrow")
            self.writer = parquet.ParquetWriter(self.path, table.schema)
        self.writer.write_table(table.cast(self.writer.schema))

    def close(self) -> None:
        if self.writer is None:  # no rows: an empty file with the columns
            parquet = require("pyarrow.parquet", "arrow")
            parquet.write_table(to_arrow([], self.names), self.path)
        else:
            self.writer.close()


def _cut_partial_line(path: Path) -> None:
    """Drop a last line a stopped run left half written."""
    with path.open("rb+") as file:
        data = file.read()
        if data and not data.endswith(b"\n"):
            file.truncate(data.rfind(b"\n") + 1)


def done(path: str | os.PathLike[str]) -> dict[str, bool]:
    """The ids already in a results file and whether each row has an error.

    Raises:
        InvalidInputError: the file is Parquet (resume appends: use .jsonl or .csv).
    """
    target = Path(path)
    kind_ = file_format(target)
    if kind_ == "parquet":
        raise InvalidInputError(
            f"resume appends to the results: write them to a .jsonl or .csv file; got "
            f"{os.fspath(path)!r}"
        )
    if not target.exists():
        return {}
    _cut_partial_line(target)
    result: dict[str, bool] = {}
    with target.open(encoding="utf-8", newline="") as file:
        rows: Iterable[dict[str, Any]]
        if kind_ == "csv":
            rows = csv.DictReader(file)
        else:
            rows = (json.loads(line) for line in file if line.strip())
        for row in rows:
            key = key_of(row.get("id"))
            if key is not None:
                result[key] = bool(row.get("error"))
    return result


def open_writer(path: str | os.PathLike[str], names: Sequence[str], append: bool) -> Writer:
    """A writer of result rows to `path`, by its suffix; `append` continues a file."""
    target = Path(path)
    kind_ = file_format(target)
    if kind_ == "parquet":
        require("pyarrow.parquet", "arrow")
        return _Parquet(target, names)
    append = append and target.exists()
    if kind_ == "csv":
        return _Csv(target, names, append)
    return _Jsonl(target, names, append)


_PANDAS_KINDS = {"int": "Int64"}


def to_frame(rows: Sequence[Row], names: Sequence[str]) -> Any:
    """Rows as a pandas DataFrame: exact values (Decimal, date objects), nullable ints."""
    pandas = require("pandas", "pandas")
    frame = pandas.DataFrame.from_records(list(rows), columns=list(names))
    for name in names:
        dtype = _PANDAS_KINDS.get(kind(name))
        if dtype is not None:
            frame[name] = frame[name].astype(dtype)
    return frame


def arrow_schema(names: Sequence[str], rows: Sequence[Row] = ()) -> Any:
    """The Arrow schema of result rows: decimals for money (2 places) and rates,
    int64, date32, and text; ids are int64 when every id is an int."""
    pa = require("pyarrow", "arrow")
    types = {
        "text": pa.string(),
        "int": pa.int64(),
        "money": pa.decimal128(38, 2),
        "rate": pa.decimal128(38, PLACES),
        "date": pa.date32(),
        "kept": pa.string(),
    }
    ids = [row["id"] for row in rows if row.get("id") is not None]
    integer = bool(ids) and all(isinstance(value, int) for value in ids)
    fields = []
    for name in names:
        column = kind(name)
        if column == "id":
            fields.append(pa.field(name, pa.int64() if integer else pa.string()))
        else:
            fields.append(pa.field(name, types[column]))
    return pa.schema(fields)


def to_arrow(rows: Sequence[Row], names: Sequence[str]) -> Any:
    """Rows as a pyarrow Table (`arrow_schema`)."""
    pa = require("pyarrow", "arrow")
    schema = arrow_schema(names, rows)
    columns = []
    for field in schema:
        values = [row.get(field.name) for row in rows]
        if pa.types.is_string(field.type):
            values = [None if value is None else str(encode(value)) for value in values]
        columns.append(pa.array(values, type=field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def check_output(path: str | os.PathLike[str]) -> None:
    """Refuse an output path whose format is unknown before any account is computed."""
    file_format(path)
    parent = Path(path).parent
    if not parent.is_dir():
        raise InvalidInputError(
            f"the results' folder must exist; got {os.fspath(path)!r} (create {parent} first)"
        )
