"""Installments and schedules: the result of `amortize`.

A schedule keeps its figures as columns of whole minor units, the form the
engine computes them in; the `Installment` values are built from them on
first read, so producing a schedule costs no more than computing it, and
listing its rows little more.
"""

from __future__ import annotations

import weakref
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction
from itertools import accumulate, repeat
from operator import add, attrgetter
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn, SupportsIndex, cast, overload

from reschedule.conventions import EXACT, Displayable, Rounding
from reschedule.plans._loan import Loan

__all__ = ["Installment", "Schedule", "Table"]


class Installment:
    """One row of a schedule: what falls due on one date and how it splits.

    An immutable value that behaves as the named tuple it used to be: its
    fields by name, by index and by unpacking (``number, due, *rest = row``),
    ``len(row) == 11``; ``row._asdict()`` for a dict, ``row._replace(...)`` for
    a changed copy, ``Installment._fields`` for the names; equal (and hashed)
    by its fields, also to a plain tuple of them; it pickles and copies as its
    fields. Assigning to a field raises `AttributeError`.

    The rows of a `Schedule` are made cheaply: a field of theirs becomes a
    value (a `Decimal`, a `Fraction`) the first time it is read on any row, for
    every row of the schedule at once, from the schedule's exact columns. So
    listing a schedule's rows costs little, and reading every field of every
    row costs no more than building them outright did. A row read once
    neither its schedule nor the schedule's tuple of rows is held (a row kept
    alone, a list or slice of rows) gets all its fields at once. Whatever is
    read first, the values are the same.

    On every row ``payment == principal + interest + fee`` and
    ``closing_balance == opening_balance - principal``. A negative principal
    means interest added to the balance (negative amortisation, as in a
    payment holiday whose interest is capitalised).

    Attributes:
        number: 1 for the first installment.
        due_date: when it is due, after business-day adjustment.
        period_start: the first day of its accrual period (unadjusted).
        period_end: the last day of its accrual period (unadjusted; excluded).
        year_fraction: the accrual period's length under the loan's day count.
        opening_balance: principal outstanding at the start of the period.
        payment: the amount due.
        principal: the part of the payment that repays principal.
        interest: the part that pays the period's interest.
        fee: the part that pays fees (zero in a plain amortisation).
        closing_balance: principal outstanding after the payment.

    Examples:
        >>> from reschedule import Loan, amortize
        >>> row = amortize(Loan(1200, "0.12", 12, "2024-01-15"))[0]
        >>> row.payment, row.interest, row.year_fraction
        (Decimal('106.62'), Decimal('12.00'), Fraction(1, 12))
        >>> number, due_date, *_ = row
        >>> number, due_date, row[-1] == row.closing_balance, len(row)
        (1, datetime.date(2024, 2, 15), True, 11)
        >>> row._replace(number=2) == row, row._asdict()["principal"]
        (False, Decimal('94.62'))
    """

    __slots__ = (
        "_columns",
        "closing_balance",
        "due_date",
        "fee",
        "interest",
        "number",
        "opening_balance",
        "payment",
        "period_end",
        "period_start",
        "principal",
        "year_fraction",
    )

    # a literal tuple, so that a type checker checks `match` statements on rows
    __match_args__ = (
        "number",
        "due_date",
        "period_start",
        "period_end",
        "year_fraction",
        "opening_balance",
        "payment",
        "principal",
        "interest",
        "fee",
        "closing_balance",
    )
    _fields: ClassVar[tuple[str, ...]] = __match_args__
    _field_defaults: ClassVar[Mapping[str, Any]] = MappingProxyType({})

    if TYPE_CHECKING:  # read-only to a type checker, as a named tuple's fields are

        @property
        def number(self) -> int: ...
        @property
        def due_date(self) -> date: ...
        @property
        def period_start(self) -> date: ...
        @property
        def period_end(self) -> date: ...
        @property
        def year_fraction(self) -> Fraction: ...
        @property
        def opening_balance(self) -> Decimal: ...
        @property
        def payment(self) -> Decimal: ...
        @property
        def principal(self) -> Decimal: ...
        @property
        def interest(self) -> Decimal: ...
        @property
        def fee(self) -> Decimal: ...
        @property
        def closing_balance(self) -> Decimal: ...
        @property
        def _values(self) -> tuple[Any, ...]:
            """The fields in order, as a tuple."""

    else:
        number: int
        due_date: date
        period_start: date
        period_end: date
        year_fraction: Fraction
        opening_balance: Decimal
        payment: Decimal
        principal: Decimal
        interest: Decimal
        fee: Decimal
        closing_balance: Decimal
        _values = property(attrgetter(*_fields))
        """The fields in order, as a tuple (one C call: `attrgetter`)."""

        def __getattr__(self, name: str) -> Any:
            # A schedule's row reads a field not made yet: make it for every row.
            if name in _FIELD_NAMES:
                columns = self._columns
                if columns is not None:
                    columns.fill(self, name)
                    return _FIELD_SLOTS[name].__get__(self)
            raise AttributeError(f"'Installment' object has no attribute {name!r}")

    _columns: _Columns | None

    def __init__(
        self,
        number: int,
        due_date: date,
        period_start: date,
        period_end: date,
        year_fraction: Fraction,
        opening_balance: Decimal,
        payment: Decimal,
        principal: Decimal,
        interest: Decimal,
        fee: Decimal,
        closing_balance: Decimal,
    ) -> None:
        for name, value in zip(
            self._fields,
            (number, due_date, period_start, period_end, year_fraction, opening_balance,
             payment, principal, interest, fee, closing_balance),
            strict=True,
        ):  # fmt: skip
            _FIELD_SLOTS[name].__set__(self, value)
        _COLUMNS_SLOT.__set__(self, None)

    @classmethod
    def _make(cls, iterable: Iterable[Any]) -> Installment:
        """A row from its 11 field values in order."""
        return cls(*iterable)

    def _asdict(self) -> dict[str, Any]:
        """The fields by name, in order."""
        return dict(zip(self._fields, self._values, strict=True))

    def _replace(self, **changes: Any) -> Installment:
        """A copy with the named fields changed."""
        values = self._asdict()
        unknown = changes.keys() - values.keys()
        if unknown:
            raise ValueError(f"Got unexpected field names: {sorted(unknown)!r}")
        values.update(changes)
        return Installment(**values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __len__(self) -> int:
        return 11

    @overload
    def __getitem__(self, index: SupportsIndex) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Any, ...]: ...
    def __getitem__(self, index: SupportsIndex | slice) -> Any:
        return self._values[index]

    def count(self, value: Any) -> int:
        """How many fields equal `value` (as a tuple's ``count``)."""
        return self._values.count(value)

    def index(self, value: Any, start: SupportsIndex = 0, stop: SupportsIndex = 11) -> int:
        """The position of the first field equal to `value` (as a tuple's ``index``)."""
        return self._values.index(value, start, stop)

    def __eq__(self, other: object) -> bool:
        values = _values_of(other)
        return NotImplemented if values is None else self._values == values

    def __lt__(self, other: object) -> bool:
        values = _values_of(other)
        return NotImplemented if values is None else self._values < values

    def __le__(self, other: object) -> bool:
        values = _values_of(other)
        return NotImplemented if values is None else self._values <= values

    def __gt__(self, other: object) -> bool:
        values = _values_of(other)
        return NotImplemented if values is None else self._values > values

    def __ge__(self, other: object) -> bool:
        values = _values_of(other)
        return NotImplemented if values is None else self._values >= values

    def __hash__(self) -> int:
        return hash(self._values)

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={value!r}" for name, value in self._asdict().items())
        return f"Installment({fields})"

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError(f"can't set attribute {name!r}: an Installment is immutable")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError(f"can't delete attribute {name!r}: an Installment is immutable")

    def __reduce__(self) -> tuple[type[Installment], tuple[Any, ...]]:
        return Installment, self._values


def _values_of(other: object) -> tuple[Any, ...] | None:
    """What an `Installment` compares with: another's fields, or a tuple."""
    if isinstance(other, Installment):
        return other._values
    return other if isinstance(other, tuple) else None


Sequence.register(Installment)

_FIELD_NAMES = frozenset(Installment._fields)
_FIELD_SLOTS: Mapping[str, Any] = MappingProxyType(
    {name: vars(Installment)[name] for name in Installment._fields}
)
_COLUMNS_SLOT: Any = vars(Installment)["_columns"]
_NUMBER_SLOT: Any = vars(Installment)["number"]
_new_row = cast(Callable[[type[Installment]], Installment], object.__new__)
"""A row with no field set (`Schedule` sets its columns, then each field is made
when first read)."""


class _Rows(tuple[Installment, ...]):
    """A schedule's rows: a tuple that also holds their `_Anchor`, so that while
    the rows (or their schedule) are held, a field read on one row is made for
    all of them."""

    anchor: _Anchor

    def __reduce__(self) -> tuple[type[tuple[Any, ...]], tuple[tuple[Installment, ...]]]:
        return tuple, (tuple(self),)  # a plain tuple of the rows, values by then


class _Anchor(list[Installment]):
    """The rows again, in an object that a `_Columns` can hold weakly: the rows
    hold their columns, the columns reach the rows only through this, and no
    reference cycle is made (one would leave every schedule's rows to the
    garbage collector, at a cost above listing them)."""

    __slots__ = ("__weakref__",)


class _Columns:
    """The rows of one schedule as they are read (internal): the first read of a
    field on any row makes it for every row, from the table's integer columns.

    The rows are reached through their `_Anchor`, held weakly. A row read once
    no one holds the rows together (a row kept alone, or in a list or slice of
    its own) gets every field it lacks at once, by its number.

    Principal amounts become Decimals one by one; payments and fees, which
    repeat, once per distinct amount; the balances and the interest follow
    from them by exact subtraction (opening − principal, payment − principal
    − fee), three times cheaper than making each from its units.
    """

    __slots__ = (
        "_alone",
        "_balance",
        "_fee",
        "_made",
        "_owner",
        "_payment",
        "_places",
        "_principal",
        "_table",
    )

    def __init__(self, table: Table, places: int, anchor: _Anchor) -> None:
        self._owner: Callable[[], _Anchor | None] | None = weakref.ref(anchor)
        self._table = table
        self._places = places
        self._made = {"number"}  # the fields every row holds
        self._alone: list[tuple[Callable[[Installment, Any], None], list[Any]]] | None = None
        self._principal: list[Decimal] | None = None
        self._payment: list[Decimal] | None = None
        self._fee: list[Decimal] | None = None
        self._balance: list[Decimal] | None = None

    def fill(self, row: Installment, name: str) -> None:
        """Set field `name` of every row, or, once the rows are no longer held
        together, every field `row` lacks."""
        made = self._made
        rows = None if self._owner is None else self._owner()
        if rows is not None and name not in made:
            deque(map(_FIELD_SLOTS[name].__set__, rows, self._column(name)), maxlen=0)
            made.add(name)
            if len(made) == len(_FIELD_NAMES):  # every row holds every field: all done
                self._owner = self._principal = self._payment = self._fee = self._balance = None
            return
        self._owner = None  # each row on its own from now on
        alone = self._alone
        if alone is None:  # the first row on its own: every field it may lack, once
            alone = self._alone = [
                (_FIELD_SLOTS[field].__set__, list(self._column(field)))
                for field in Installment._fields
                if field not in made
            ]
        at = row.number - 1
        for set_field, values in alone:
            set_field(row, values[at])

    def _column(self, name: str) -> Iterable[Any]:
        table = self._table
        if name == "number":
            return range(1, len(table.principal) + 1)
        if name == "due_date":
            return table.due
        if name == "period_start":
            return table.starts
        if name == "period_end":
            return table.ends
        if name == "year_fraction":
            fractions = {parts: Fraction(*parts) for parts in set(table.fraction)}
            return map(fractions.__getitem__, table.fraction)
        if name == "principal":
            return self._principals()
        if name == "payment":
            return self._payments()
        if name == "fee":
            return self._fees()
        if name == "interest":
            interest = map(EXACT.subtract, self._payments(), self._principals())
            return interest if table.fee is None else map(EXACT.subtract, interest, self._fees())
        if name == "opening_balance":
            return self._balances()[:-1]
        return self._balances()[1:]  # closing_balance

    def _principals(self) -> list[Decimal]:
        if self._principal is None:
            places = self._places
            self._principal = list(
                map(
                    Decimal.scaleb,
                    map(Decimal, self._table.principal),
                    repeat(places),
                    repeat(EXACT),
                )
            )
        return self._principal

    def _payments(self) -> list[Decimal]:
        if self._payment is None:
            table = self._table
            payments = map(add, table.principal, table.interest)
            self._payment = self._repeated(
                payments if table.fee is None else map(add, payments, table.fee)
            )
        return self._payment

    def _fees(self) -> list[Decimal]:
        if self._fee is None:
            table = self._table
            self._fee = self._repeated(table.fee or repeat(0, len(table.principal)))
        return self._fee

    def _balances(self) -> list[Decimal]:
        if self._balance is None:
            opening = Decimal(self._table.opening).scaleb(self._places, EXACT)
            self._balance = list(accumulate(self._principals(), EXACT.subtract, initial=opening))
        return self._balance

    def _repeated(self, units: Iterable[int]) -> list[Decimal]:
        """Amounts that repeat (a level payment, fees) as Decimals, each distinct
        amount made once."""
        column = list(units)
        known = {amount: Decimal(amount).scaleb(self._places, EXACT) for amount in set(column)}
        return list(map(known.__getitem__, column))


@dataclass(frozen=True, slots=True, init=False)
class Table:
    """A schedule's columns in whole minor units (internal to the engines).

    ``principal[k]``, ``interest[k]`` and ``fee[k]`` are the parts of
    installment k+1; ``fraction[k]`` is its accrual year fraction as an
    unreduced (numerator, denominator). ``parts``, when given, says what the
    fee column repays by component: one column per name of
    `COMPONENT_NAMES` (principal, interest, fees, penalty), the row's parts
    summing to its ``fee`` (a plan's arrears repaid with its installments:
    spread, due now or deferred); without it the fee column is fees.
    """

    opening: int
    due: Sequence[date]
    starts: Sequence[date]
    ends: Sequence[date]
    fraction: Sequence[tuple[int, int]]
    principal: Sequence[int]
    interest: Sequence[int]
    fee: Sequence[int] | None
    regular_payment: int
    parts: tuple[Sequence[int], ...] | None = None

    def __init__(
        self,
        opening: int,
        due: Sequence[date],
        starts: Sequence[date],
        ends: Sequence[date],
        fraction: Sequence[tuple[int, int]],
        principal: Sequence[int],
        interest: Sequence[int],
        fee: Sequence[int] | None,
        regular_payment: int,
        parts: tuple[Sequence[int], ...] | None = None,
    ) -> None:
        # each field set by its slot's own setter: the `__init__` a frozen dataclass
        # generates sets each through `object.__setattr__`, at about twice the cost
        # (a table is made several times an account: a schedule, a position, a plan)
        _set_opening(self, opening)
        _set_due(self, due)
        _set_starts(self, starts)
        _set_ends(self, ends)
        _set_fraction(self, fraction)
        _set_principal(self, principal)
        _set_interest(self, interest)
        _set_fee(self, fee)
        _set_regular_payment(self, regular_payment)
        _set_parts(self, parts)


(
    _set_opening, _set_due, _set_starts, _set_ends, _set_fraction, _set_principal,
    _set_interest, _set_fee, _set_regular_payment, _set_parts,
) = (vars(Table)[name].__set__ for name in Table.__dataclass_fields__)  # fmt: skip


@dataclass(frozen=True, slots=True, eq=False)
class Schedule(Displayable):
    """An amortisation schedule: the installments that repay a loan.

    It behaves as a sequence of `Installment` (len, iteration, indexing) and
    knows the `Loan` it was computed from.

    Examples:
        >>> from reschedule import Loan, amortize
        >>> schedule = amortize(Loan(1200, "0.12", 12, "2024-01-15"))
        >>> len(schedule), schedule.payment, schedule.maturity
        (12, Decimal('106.62'), datetime.date(2025, 1, 15))
        >>> schedule[0].interest, schedule[-1].closing_balance
        (Decimal('12.00'), Decimal('0.00'))
    """

    loan: Loan
    table: Table = field(repr=False)
    _rows: list[tuple[Installment, ...]] = field(default_factory=list, repr=False)
    # values derived from the loan and the table alone (immutable, as they are),
    # remembered by the layers above on first use: `apr` keeps its flows in floats
    _memo: dict[str, object] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def rounding(self) -> Rounding:
        """The rounding policy of the figures (the loan's)."""
        return self.loan.rounding

    @property
    def installments(self) -> tuple[Installment, ...]:
        """Every installment, first to last."""
        if not self._rows:
            self._rows.append(self._build_rows())
        return self._rows[0]

    def _build_rows(self) -> tuple[Installment, ...]:
        """The rows, each field made when first read (see `Installment`)."""
        count = len(self.table.principal)
        rows = _Rows(map(_new_row, repeat(Installment, count)))
        rows.anchor = anchor = _Anchor(rows)
        columns = _Columns(self.table, -self.rounding.places, anchor)
        deque(map(_NUMBER_SLOT.__set__, rows, range(1, count + 1)), maxlen=0)
        deque(map(_COLUMNS_SLOT.__set__, rows, repeat(columns, count)), maxlen=0)
        return rows

    def __len__(self) -> int:
        return len(self.table.principal)

    def __iter__(self) -> Iterator[Installment]:
        return iter(self.installments)

    @overload
    def __getitem__(self, index: int) -> Installment: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Installment, ...]: ...
    def __getitem__(self, index: int | slice) -> Installment | tuple[Installment, ...]:
        return self.installments[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Schedule):
            return NotImplemented
        return self.loan == other.loan and self.table == other.table

    def __hash__(self) -> int:
        return hash((self.loan, len(self)))

    @property
    def principal(self) -> Decimal:
        """The principal the schedule repays."""
        return self.rounding.from_units(self.table.opening)

    @property
    def payment(self) -> Decimal:
        """The regular installment.

        The level amount for `Method.ANNUITY`, `Method.BALLOON` and
        `Method.FLAT`; for `Method.EQUAL_PRINCIPAL` the first amortising
        installment (later ones decline); for `Method.INTEREST_ONLY` the
        interest of a regular period. Grace periods and an odd first period
        do not count as regular.
        """
        return self.rounding.from_units(self.table.regular_payment)

    @property
    def total_principal(self) -> Decimal:
        """The sum of the principal parts (equal to `principal`)."""
        return self.rounding.from_units(sum(self.table.principal))

    @property
    def total_interest(self) -> Decimal:
        """The sum of the interest parts."""
        return self.rounding.from_units(sum(self.table.interest))

    @property
    def total_fees(self) -> Decimal:
        """The sum of the fee parts."""
        return self.rounding.from_units(sum(self.table.fee or ()))

    @property
    def total_payment(self) -> Decimal:
        """Everything the borrower pays: principal, interest and fees."""
        table = self.table
        return self.rounding.from_units(
            sum(table.principal) + sum(table.interest) + sum(table.fee or ())
        )

    @property
    def first_due(self) -> date:
        """The due date of the first installment."""
        return self.table.due[0]

    @property
    def maturity(self) -> date:
        """The due date of the last installment."""
        return self.table.due[-1]

    def cash_flows(self) -> list[tuple[date, Decimal]]:
        """The borrower's cash flows: the principal received at the start (positive),
        then each installment paid (negative), for `irr`, `xirr`, `apr`, `xnpv`.

        Examples:
            >>> from reschedule import Loan, amortize
            >>> amortize(Loan(1000, "0", 2, "2024-01-15")).cash_flows()[:2]
            [(datetime.date(2024, 1, 15), Decimal('1000')),
             (datetime.date(2024, 2, 15), Decimal('-500.00'))]
        """
        flows = [self._financing()]
        flows.extend((row.due_date, EXACT.minus(row.payment)) for row in self.installments)
        return flows

    def _financing(self) -> tuple[date, Decimal]:
        """The first of `cash_flows`: what the borrower receives, and when."""
        return self.loan.start, self.loan.principal

    def __repr__(self) -> str:
        return (
            f"<Schedule {len(self)} installments of {self.payment} "
            f"from {self.first_due} to {self.maturity}, total interest {self.total_interest}>"
        )
