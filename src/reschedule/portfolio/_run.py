"""The batch: every account of a portfolio, over every core, a chunk at a time."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from multiprocessing.context import BaseContext
from typing import Any, Unpack

from reschedule.conventions import InvalidInputError, require
from reschedule.plans import whole
from reschedule.portfolio._account import (
    Options,
    Settings,
    check_columns,
    check_options,
    columns,
    evaluate,
    kind,
    settings_of,
)
from reschedule.portfolio._read import (
    PaymentRow,
    Source,
    count,
    group_payments,
    key_of,
    read_rows,
)
from reschedule.portfolio._write import check_output, done, open_writer, to_arrow, to_frame

__all__ = ["Results", "RunOptions", "Summary", "run"]

Row = dict[str, Any]
Item = tuple[Row, list[PaymentRow] | None]


@dataclass(frozen=True, slots=True)
class Summary:
    """What a run did: every account in is a row out.

    Attributes:
        accounts: rows out, one per account read (``computed + resumed``).
        computed: accounts computed by this run.
        resumed: accounts found already in the results file and skipped.
        errors: rows with an error (resumed rows included).
        orphan_payments: payments whose ``account_id`` names no account.
    """

    accounts: int
    computed: int
    resumed: int
    errors: int
    orphan_payments: int

    def __str__(self) -> str:
        text = f"{self.accounts} accounts, {self.errors} with an error"
        if self.resumed:
            text += f" ({self.resumed} already done, {self.computed} computed now)"
        if self.orphan_payments:
            text += f"; {self.orphan_payments} payments name no account"
        return text


@dataclass(frozen=True, slots=True)
class Results:
    """The rows of a run (one per account, in the accounts' order) and its summary.

    With an ``output`` file the rows are in the file, not kept here.

    Attributes:
        columns: the result columns, in order.
        rows: one dict per account, exact values (Decimal, date, int, str;
            None where not computed), empty when written to a file.
        summary: the counts.
        output: the results file, or None.
    """

    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    summary: Summary
    output: str | None = None

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    @property
    def errors(self) -> list[Row]:
        """The rows with an error."""
        return [row for row in self.rows if row["error"] is not None]

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame (needs the ``pandas`` extra): money and
        rates as exact `Decimal` objects, dates as `datetime.date`, days past due
        as nullable ``Int64``."""
        return to_frame(self.rows, self.columns)

    def to_arrow(self) -> Any:
        """The rows as a pyarrow Table (needs the ``arrow`` extra): money as
        ``decimal128(38, 2)``, rates as ``decimal128(38, 10)``, dates as ``date32``."""
        return to_arrow(self.rows, self.columns)

    def __repr__(self) -> str:
        where = f", written to {self.output}" if self.output else ""
        return f"<Results: {self.summary}{where}>"


# --------------------------------------------------------------------------- workers
#
# What crosses between the processes is pickled twice (out and back). An
# account goes as it is read (a few texts and its payments' texts: about 350
# bytes, a few microseconds). A row comes back as the tuple of its values in
# the columns' order, its Decimals and dates as their text: a Decimal pickles
# as a call of its constructor on its text, which costs the worker several
# times the text alone (the main process makes the Decimal either way).
# `_Codec.unpack` makes the row of `_Codec.pack` again, the same values to the
# digit and exponent (``Decimal(str(d))`` is ``d``, sign and exponent
# included); a row that is not as expected travels as it is. Making the
# Decimals is, after grouping the payments, the largest part of the main
# process's share of the work: about 10 µs a row, beside an account's
# millisecond in a worker.

Packed = tuple[Any, ...] | Row
_ZERO_TEXT = "0.00"
_ZERO_CENTS = Decimal(_ZERO_TEXT)


@dataclass(frozen=True, slots=True)
class _Codec:
    """The columns of a run's rows and which of them hold Decimals and dates."""

    names: tuple[str, ...]
    decimals: tuple[int, ...]
    dates: tuple[int, ...]

    @classmethod
    def of(cls, names: tuple[str, ...]) -> _Codec:
        kinds = [kind(name) for name in names]
        return cls(
            names,
            tuple(index for index, each in enumerate(kinds) if each in {"money", "rate"}),
            tuple(index for index, each in enumerate(kinds) if each == "date"),
        )

    def pack(self, row: Row) -> Packed:
        """A row as the tuple of its values, Decimals and dates as text (or the row as
        it is when it is not made of the columns in order, or holds something else)."""
        if len(row) != len(self.names):
            return row
        # `evaluate`'s rows start as dict.fromkeys(names) and only set those keys: as
        # many keys as names are the names, in their order
        values = list(row.values())
        for index in self.decimals:
            value = values[index]
            if type(value) is Decimal:
                text = str(value)
                # one text for zero cents: pickled once a chunk, then referred to
                values[index] = _ZERO_TEXT if text == _ZERO_TEXT else text
            elif value is not None:
                return row
        for index in self.dates:
            value = values[index]
            if type(value) is date:
                values[index] = value.isoformat()
            elif value is not None:
                return row
        return tuple(values)

    def unpack(self, packed: Packed) -> Row:
        """The row `pack` was given."""
        if type(packed) is dict:
            return packed
        values = list(packed)
        for index in self.decimals:
            value = values[index]
            if value is not None:
                # zero cents, a third of the amounts: one Decimal (immutable) for all
                values[index] = _ZERO_CENTS if value == _ZERO_TEXT else Decimal(value)
        for index in self.dates:
            value = values[index]
            if value is not None:
                values[index] = date.fromisoformat(value)
        return dict(zip(self.names, values, strict=True))


_WORKER: tuple[Settings, _Codec] | None = None


def _start(settings: Settings, names: tuple[str, ...]) -> None:
    global _WORKER
    _WORKER = (settings, _Codec.of(names))


def _ready() -> None:
    """Nothing: submitted once a worker so that every worker starts at once."""


def _chunk(items: Sequence[Item]) -> list[Packed]:
    assert _WORKER is not None
    settings, codec = _WORKER
    names = codec.names
    pack = codec.pack
    return [pack(evaluate(row, payments, settings, names)) for row, payments in items]


def _chunks(
    items: Iterator[Item], size: int, total: int | None = None, workers: int = 1
) -> Iterator[list[Item]]:
    """The items a chunk at a time, chunks of `size`; when `total`, the number of
    items, is known and several workers share the chunks, each chunk at most the
    rest over twice the workers (at least an eighth of `size`): the last chunks
    get smaller, so the workers finish within a small chunk of each other, not
    one waiting up to a whole chunk for the other."""
    floor = -(-size // 8)
    tapered = total is not None and workers > 1

    def limit(sent: int) -> int:
        if not tapered:
            return size
        assert total is not None
        return min(size, max(floor, -(-(total - sent) // (2 * workers))))

    sent = 0
    most = limit(sent)
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= most:
            yield chunk
            sent += len(chunk)
            most = limit(sent)
            chunk = []
    if chunk:
        yield chunk


def _in_process(
    chunks: Iterator[list[Item]], settings: Settings, names: tuple[str, ...]
) -> Iterator[list[Row]]:
    for chunk in chunks:
        yield [evaluate(row, payments, settings, names) for row, payments in chunk]


def _context() -> BaseContext:
    """How worker processes start: from a fork server where the platform has one
    (POSIX but macOS, as Python 3.14 does by default), else spawned.

    A spawned worker is a new interpreter that imports this library (about 0.2 s
    of CPU, more where no bytecode is cached) and the caller's main script. The
    fork server is such an interpreter, started once a session with this module
    imported (its preload), and each worker a fork of it: the first run pays
    one start-up instead of one a worker, the next ones none. Neither copies
    the caller's process (its threads and locks): `fork` would, and is unsafe
    there. The preload list is the fork server's own setting; setting it before
    the server starts is what makes the import once, and a server already
    running keeps its own (its workers then import this module themselves).
    """
    if sys.platform != "darwin" and "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["__main__", __name__])
        return context
    return multiprocessing.get_context("spawn")


def _pool(settings: Settings, names: tuple[str, ...], workers: int) -> ProcessPoolExecutor:
    """`workers` processes, started now (they start while the accounts are read)."""
    context = _context()
    pool = ProcessPoolExecutor(workers, context, initializer=_start, initargs=(settings, names))
    for _ in range(workers):
        pool.submit(_ready)
    return pool


def _size(source: Source) -> int | None:
    """The number of accounts of a table that knows it without being read (a list,
    a pandas DataFrame, an Arrow table), or None; never an error (the reading
    tells them) and never a computation (a Dask DataFrame's length is one)."""
    if isinstance(source, list | tuple) or type(source).__module__.startswith(
        ("pandas", "pyarrow")
    ):
        try:
            return len(source)
        except Exception:
            return None
    return None


def _in_pool(
    chunks: Iterator[list[Item]], pool: ProcessPoolExecutor, codec: _Codec, workers: int
) -> Iterator[list[Row]]:
    """Chunks computed by the pool's `workers` processes, results in order; at most
    two chunks a worker in flight, so neither the accounts nor the results pile up."""
    pending: deque[Future[list[Packed]]] = deque()
    unpack = codec.unpack
    try:
        for chunk in chunks:
            pending.append(pool.submit(_chunk, chunk))
            if len(pending) >= 2 * workers:
                yield [unpack(row) for row in pending.popleft().result()]
        while pending:
            yield [unpack(row) for row in pending.popleft().result()]
    finally:
        for future in pending:
            future.cancel()


# --------------------------------------------------------------------------- the run


class _Accounts:
    """The accounts as items to compute: payments attached, duplicates and
    resumed ones turned aside, in the order read."""

    def __init__(
        self,
        rows: Iterator[Row],
        groups: dict[str, list[PaymentRow]] | None,
        settings: Settings,
        names: tuple[str, ...],
        finished: dict[str, bool],
    ) -> None:
        self.rows = rows
        self.groups = groups
        self.settings = settings
        self.names = names
        self.finished = finished
        self.resumed = 0
        self.resumed_errors = 0
        self.duplicates: list[Row] = []

    def __iter__(self) -> Iterator[Item]:
        seen: set[str] = set()
        for index, row in enumerate(self.rows):
            if index == 0:
                check_columns(row, self.settings)
            identifier = row.get("id")
            key = identifier if type(identifier) is str else key_of(identifier)
            payments = None
            if self.groups is not None:
                payments = self.groups.pop(key, []) if key is not None else []
            if key is not None and key in self.finished and key not in seen:
                seen.add(key)
                self.resumed += 1
                self.resumed_errors += self.finished[key]
                continue
            if key is not None and key in seen:
                duplicate = dict(row)
                duplicate["__duplicate__"] = True
                yield duplicate, []
                continue
            if key is not None:
                seen.add(key)
            yield row, payments


def _duplicate_aware(
    evaluate_chunks: Callable[[Iterator[list[Item]]], Iterator[list[Row]]],
    chunks: Iterator[list[Item]],
    names: tuple[str, ...],
) -> Iterator[list[Row]]:
    """Rows of duplicate ids get an error instead of a computation."""

    def strip(chunk_list: Iterator[list[Item]]) -> Iterator[list[Item]]:
        for chunk in chunk_list:
            yield [(row, payments) for row, payments in chunk if "__duplicate__" not in row]

    held: deque[list[Item]] = deque()

    def remember(chunk_list: Iterator[list[Item]]) -> Iterator[list[Item]]:
        for chunk in chunk_list:
            held.append(chunk)
            yield chunk

    for computed in evaluate_chunks(strip(remember(chunks))):
        chunk = held.popleft()
        rows = iter(computed)
        merged = []
        for row, _ in chunk:
            if "__duplicate__" in row:
                out: Row = dict.fromkeys(names)
                out["id"] = row.get("id")
                out["error"] = f"id must be unique; got {row.get('id')!r} again"
                merged.append(out)
            else:
                merged.append(next(rows))
        yield merged


def _progress(wanted: bool | None, total: int | None) -> Any:
    if wanted is False:
        return None
    if wanted is None:
        if not sys.stderr.isatty():
            return None
        try:
            import tqdm
        except ImportError:
            return None
    else:
        tqdm = require("tqdm", "progress")
    return tqdm.tqdm(total=total, unit="accounts", file=sys.stderr)


class RunOptions(Options, total=False):
    """The options of `run`, each optional: those of every account's computation
    (`Options`) and how the run goes. A misspelt one is a type error (and refused
    when the run starts).

    Attributes:
        output: a ``.jsonl``, ``.csv`` or ``.parquet`` file to write the rows
            to as they come (then not kept in memory).
        resume: continue a stopped run: accounts already in `output` (a
            ``.jsonl`` or ``.csv`` file) are skipped and the rest appended.
        chunk_size: accounts sent to a worker at a time (200; the last chunks
            smaller when the accounts' number is known, so the workers finish
            together).
        progress: a progress bar on standard error (the ``progress`` extra):
            None (the default) shows one when standard error is a terminal
            and tqdm is installed.
    """

    output: str | os.PathLike[str] | None
    resume: bool
    chunk_size: int
    progress: bool | None


_HOW = frozenset(RunOptions.__optional_keys__ - Options.__optional_keys__)
"""The options of how a run goes (not of the accounts' computation)."""


def run(
    accounts: Source,
    payments: Source | None,
    *,
    as_of: date | str,
    offers: Any = None,
    workers: int | None = None,
    **options: Unpack[RunOptions],
) -> Results:
    """The statement of every account of a portfolio and, when asked, its offers compared.

    Args:
        accounts: one row an account: ``id`` and the `Loan` fields by their
            names (``principal``, ``annual_rate``, ``term``, ``start``, and
            any of ``method``, ``day_count``, ``frequency``, ``first_payment``...),
            optionally a ``payments`` column holding the account's payments
            (a list of ``{date, amount}`` or its JSON text). A pandas
            DataFrame, a pyarrow Table, an iterable of dicts, or a path to a
            ``.jsonl``, ``.csv`` or ``.parquet`` file.
        payments: one row a payment: ``account_id``, ``date``, ``amount``
            and optionally ``reference``, in any of the same forms; or None
            (no payments, or a ``payments`` column in the accounts).
        as_of: the day of every statement.
        offers: the offers to screen for every account, compared with
            `reschedule.compare`: a mapping of name to a step
            (``{"operation": "extend", "periods": 6}``), a list of steps, or
            a function of the statement that returns a plan; or a list of
            ``{"name", "steps"}`` as in a compare request. The first offer is
            the baseline of the savings.
        workers: processes to compute with; None for every core, 1 to
            compute in this process. Never more processes than chunks when
            the accounts' number is known (a list, a DataFrame, an Arrow
            table): a book of one chunk is computed in this process.
        **options: `RunOptions`: the statements' penalty policy, allocation
            and interest accrual, the comparison's discount rate and APR
            convention, columns to keep, and an output file, resume, chunk
            size and progress bar.

    Returns:
        The rows, one per account in the order read, and the summary.

    Raises:
        InvalidInputError: a setting or a table as a whole is wrong (an
            unknown column, a missing required column, an unreadable file).
            A bad account never raises: its row holds the error.

    Examples:
        >>> from reschedule import portfolio
        >>> accounts = [{"id": "A1", "principal": 1200, "annual_rate": "0.12", "term": 12,
        ...              "start": "2024-01-15"},
        ...             {"id": "A2", "principal": 1200, "annual_rate": "0.12", "term": 0,
        ...              "start": "2024-01-15"}]
        >>> paid = [{"account_id": "A1", "date": "2024-02-15", "amount": "106.62"}]
        >>> results = portfolio.run(accounts, paid, as_of="2024-04-01", workers=1)
        >>> [(row["id"], row["days_past_due"], row["payoff"], row["error"]) for row in results]
        [('A1', 17, Decimal('1116.43'), None),
         ('A2', None, None, 'term must be at least 1 installment; got 0')]
        >>> print(results.summary)
        2 accounts, 1 with an error
    """
    check_options(options, RunOptions)
    output = options.get("output")
    resume = options.get("resume", False)
    chunk_size = whole(options.get("chunk_size", 200), "chunk_size", 1, 1_000_000)
    progress = options.get("progress")
    settings = settings_of(
        as_of, offers, {name: value for name, value in options.items() if name not in _HOW}
    )
    processes = (os.cpu_count() or 1) if workers is None else whole(workers, "workers", 1, 1024)
    if resume and output is None:
        raise InvalidInputError("resume continues a results file; got resume=True without output")
    if output is not None:
        check_output(output)
    if processes > 1:
        try:
            pickle.dumps(settings)
        except Exception as error:
            raise InvalidInputError(
                f"offers must be picklable to run on {processes} processes ({error}); use "
                "steps or module-level functions (functools.partial of them), or workers=1"
            ) from None
    names = columns(settings)
    finished = done(output) if resume and output is not None else {}
    size = _size(accounts)
    if size is not None:  # no more processes than chunks (a small book is computed here)
        processes = min(processes, max(1, -(-size // chunk_size)))
    pool = None if processes == 1 else _pool(settings, names, processes)
    writer = bar = None
    try:
        groups = group_payments(payments) if payments is not None else None
        total = count(accounts)
        items = _Accounts(read_rows(accounts, "accounts"), groups, settings, names, finished)
        chunks = _chunks(iter(items), chunk_size, size, processes)

        def compute(chunk_list: Iterator[list[Item]]) -> Iterator[list[Row]]:
            if pool is None:
                return _in_process(chunk_list, settings, names)
            return _in_pool(chunk_list, pool, _Codec.of(names), processes)

        writer = None if output is None else open_writer(output, names, append=resume)
        bar = _progress(progress, total)
        kept: list[Row] = []
        computed = errors = 0
        for rows in _duplicate_aware(compute, chunks, names):
            computed += len(rows)
            errors += sum(row["error"] is not None for row in rows)
            if writer is None:
                kept.extend(rows)
            else:
                writer.write(rows)
            if bar is not None:
                bar.update(len(rows))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if writer is not None:
            writer.close()
        if bar is not None:
            bar.close()
    orphans = sum(len(group) for group in groups.values()) if groups else 0
    summary = Summary(
        accounts=computed + items.resumed,
        computed=computed,
        resumed=items.resumed,
        errors=errors + items.resumed_errors,
        orphan_payments=orphans,
    )
    return Results(
        columns=names,
        rows=tuple(kept),
        summary=summary,
        output=None if output is None else os.fspath(output),
    )
