"""One account: its row of terms and its payments in, one summary row out.

`evaluate` never raises: whatever goes wrong with an account (a term that
breaks a rule, a payment that is no payment, an offer that cannot apply) is
written in the row's ``error`` column, and the columns computed before it
stay filled. The summary holds plain values only (Decimal, int, str, date),
never the statement or the plans, so a worker sends back little.
"""

from __future__ import annotations

import ast
import difflib
import functools
import inspect
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from reschedule.conventions import (
    DecimalLike,
    InvalidInputError,
    RescheduleError,
    to_rate,
)
from reschedule.negotiation import (
    AprConvention,
    ComparisonRow,
    affordable,
    compare,
    defer,
    extend,
    freeze,
    position_of,
    reage,
    reamortize,
    restructure,
    settle,
    waive,
)
from reschedule.plans import Loan, Method, Schedule, amortize, to_date
from reschedule.portfolio._read import PLAIN as _PLAIN
from reschedule.portfolio._read import PaymentRow, clean
from reschedule.servicing import (
    Allocation,
    Amounts,
    InterestAccrual,
    Payment,
    PenaltyParts,
    PenaltyPolicy,
    Statement,
    StatementSummary,
    statement,
    statement_summary,
)

__all__ = [
    "LOAN_FIELDS",
    "OFFER_FIELDS",
    "OPERATIONS",
    "REQUIRED",
    "STATEMENT_COLUMNS",
    "Offer",
    "OfferLike",
    "Options",
    "Settings",
    "check_columns",
    "check_options",
    "settings_of",
    "columns",
    "evaluate",
    "kind",
    "parse_offers",
]

LOAN_FIELDS = (
    "principal",
    "annual_rate",
    "term",
    "start",
    "frequency",
    "method",
    "day_count",
    "first_payment",
    "balloon",
    "amortization_term",
    "payment",
    "principal_grace",
    "interest_free",
    "end_of_month",
    "business_day",
    "holidays",
)
"""The `Loan` fields an account row may hold, by their names (`rounding` is the run's default)."""

REQUIRED = ("id", "principal", "annual_rate", "term", "start")
"""The columns every accounts table needs."""

_WHOLE = frozenset({"term", "amortization_term", "principal_grace", "interest_free"})

STATEMENT_COLUMNS = (
    "days_past_due",
    "bucket",
    *(f"arrears.{component}" for component in Amounts._fields),
    *(f"penalty_arrears.{part}" for part in PenaltyParts._fields),
    "total_arrears",
    "principal_not_due",
    "accrued_interest",
    "outstanding_principal",
    "payoff",
    "credit",
    "total_paid",
    "penalty_charged",
    *(f"penalty_parts_charged.{part}" for part in PenaltyParts._fields),
    "late_fees_charged",
    "settled_on",
)
"""The statement's summary columns, named as its attributes (``arrears.penalty`` is
``statement.arrears.penalty``). The penalty is also apart: penalty interest (罚息)
and compound interest (复利) in arrears (``penalty_arrears.penalty_interest``,
``penalty_arrears.compound_interest``, adding up to ``arrears.penalty``) and
charged (``penalty_parts_charged.*``, adding up to ``penalty_charged``)."""

OFFER_FIELDS = tuple(field for field in ComparisonRow._fields if field != "name")
"""The comparison's columns of each offer, ``"<offer>.<field>"``."""

_MONEY = frozenset(
    {
        "total_arrears",
        "principal_not_due",
        "accrued_interest",
        "outstanding_principal",
        "payoff",
        "credit",
        "total_paid",
        "penalty_charged",
        "late_fees_charged",
        "first_installment",
        "regular_installment",
        "largest_installment",
        "total_interest",
        "waived",
        "lender_value",
        "saving",
    }
)


_MONEY_PREFIXES = ("arrears.", "penalty_arrears.", "penalty_parts_charged.")

_RESERVED = frozenset(
    {"id", "error", *STATEMENT_COLUMNS, *(c.split(".")[0] for c in STATEMENT_COLUMNS)}
)
"""Names an offer may not take: its columns would read as the statement's."""


def kind(column: str) -> str:
    """The kind of a result column: ``"id"``, ``"text"``, ``"int"``, ``"money"``,
    ``"rate"``, ``"date"`` or ``"kept"`` (copied from the accounts as read)."""
    field = column.rsplit(".", 1)[-1]
    if column == "id":
        return "id"
    if column in {"error", "bucket"}:
        return "text"
    if field in {"days_past_due", "payments"}:
        return "int"
    if field in {"settled_on", "last_due"}:
        return "date"
    if field == "apr":
        return "rate"
    if column.startswith(_MONEY_PREFIXES) or field in _MONEY:
        return "money"
    return "kept"


# --------------------------------------------------------------------------- offers

OPERATIONS: dict[str, Callable[..., Schedule]] = {
    "restructure": restructure,
    "extend": extend,
    "defer": defer,
    "waive": waive,
    "reage": reage,
    "reamortize": reamortize,
    "freeze": freeze,
    "settle": settle,
    "affordable": affordable,
}
"""The operations an offer's steps name, as in the ``compare`` request documents."""

Step = tuple[str, tuple[tuple[str, Any], ...]]


@dataclass(frozen=True, slots=True)
class Offer:
    """An offer screened for every account: a name and what makes its plan.

    Build offers with `parse_offers`; an offer is either steps (operations of
    `reschedule`, the first applied to the account's statement, each next to
    the plan before it) or a function of the statement returning a plan.

    Attributes:
        name: the offer's name, the prefix of its columns.
        steps: the operations and their keyword arguments, in order.
        function: a function of the statement, or None for steps.
    """

    name: str
    steps: tuple[Step, ...] = ()
    function: Callable[[Statement], Schedule] | None = None

    def plan(self, source: Statement) -> Schedule:
        """The offer's plan for an account's statement."""
        if self.function is not None:
            result = self.function(source)
            if not isinstance(result, Schedule):
                raise InvalidInputError(
                    f"offer {self.name!r} must return a plan (a Schedule); got "
                    f"{type(result).__name__}"
                )
            return result
        return self.steps_plan(source)

    def steps_plan(self, source: Any) -> Schedule:
        """The plan of the offer's steps from `source`: a statement, or a source
        that knows its own position (what the operations take)."""
        plan: Any = source
        for operation, arguments in self.steps:
            plan = OPERATIONS[operation](plan, **dict(arguments))
        assert isinstance(plan, Schedule)
        return plan


@dataclass(frozen=True, slots=True)
class _Stated:
    """An account's statement and its position, worked out once for all the offers'
    steps: a source that knows its own position, as a follow-up does, so each
    operation starts from it instead of working it out from the statement again."""

    statement: Statement
    position: Any


OfferLike = (
    Callable[[Statement], Schedule] | Mapping[str, Any] | Sequence[Mapping[str, Any]] | Offer
)
"""An offer: a function of the statement, one step (``{"operation": "extend",
"periods": 6}``) or a list of steps."""


def _step(value: Any, where: str) -> Step:
    if not isinstance(value, Mapping):
        raise InvalidInputError(
            f"{where} must be a step such as {{'operation': 'extend', 'periods': 6}}; got {value!r}"
        )
    arguments = {str(key): item for key, item in value.items() if key != "operation"}
    operation = value.get("operation")
    if operation not in OPERATIONS:
        raise InvalidInputError(
            f"{where}.operation must be one of {', '.join(OPERATIONS)}; got {operation!r}"
        )
    function = OPERATIONS[operation]
    try:
        inspect.signature(function).bind(None, **arguments)
        if operation not in {"restructure", "waive", "settle"}:  # the rest pass options on
            own = inspect.signature(function).parameters
            passed = {key: item for key, item in arguments.items() if key not in own}
            inspect.signature(restructure).bind(None, **passed)
    except TypeError as error:
        raise InvalidInputError(f"{where} ({operation}): {error}; got {dict(arguments)}") from None
    return operation, tuple(arguments.items())


def _offer(name: Any, value: Any, where: str) -> Offer:
    if not isinstance(name, str) or not name.strip():
        raise InvalidInputError(f"{where}: an offer's name must be non-empty text; got {name!r}")
    if isinstance(value, Offer):
        return Offer(name, value.steps, value.function)
    if isinstance(value, Mapping):
        if "steps" in value:
            return _offer(name, value["steps"], where)
        return Offer(name, (_step(value, f"{where}.steps[0]"),))
    if isinstance(value, Sequence) and not isinstance(value, str):
        if not value:
            raise InvalidInputError(f"{where}: offer {name!r} needs at least one step; got none")
        steps = tuple(_step(step, f"{where}.steps[{index}]") for index, step in enumerate(value))
        return Offer(name, steps)
    if callable(value):
        return Offer(name, function=value)
    raise InvalidInputError(
        f"{where}: offer {name!r} must be a step, a list of steps or a function of the "
        f"statement; got {type(value).__name__} {value!r}"
    )


def parse_offers(offers: Any) -> tuple[Offer, ...]:
    """Offers from a mapping of name to offer, or a list of ``{"name", "steps"}``
    (the ``options`` of a compare request).

    Examples:
        >>> offers = parse_offers({"as it stands": {"operation": "restructure"},
        ...                        "extend 6": {"operation": "extend", "periods": 6}})
        >>> [(offer.name, offer.steps) for offer in offers]
        [('as it stands', (('restructure', ()),)), ('extend 6', (('extend', (('periods', 6),)),))]
        >>> parse_offers({"x": {"operation": "extend", "month": 6}})
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: offers['x'].steps[0] (extend): missing a required
        argument: 'periods'; got {'month': 6}
    """
    if offers is None:
        return ()
    if isinstance(offers, Mapping):
        items = [(name, value, f"offers[{name!r}]") for name, value in offers.items()]
    elif isinstance(offers, Sequence) and not isinstance(offers, str):
        items = []
        for index, option in enumerate(offers):
            if isinstance(option, Offer):
                items.append((option.name, option, f"offers[{index}]"))
                continue
            if not isinstance(option, Mapping) or "name" not in option or "steps" not in option:
                raise InvalidInputError(
                    f"offers[{index}] must be {{'name': ..., 'steps': [...]}}; got {option!r}"
                )
            items.append((option["name"], option["steps"], f"offers[{index}]"))
    else:
        raise InvalidInputError(
            "offers must be a mapping of name to offer or a list of {'name', 'steps'}; got "
            f"{type(offers).__name__}"
        )
    result = tuple(_offer(name, value, where) for name, value, where in items)
    names = [offer.name for offer in result]
    for name in names:
        if names.count(name) > 1:
            raise InvalidInputError(f"offer names must be unique; got {name!r} twice")
        if name in _RESERVED:
            raise InvalidInputError(
                f"an offer's name must not be a statement column; got {name!r} (rename it)"
            )
    return result


# --------------------------------------------------------------------------- settings


_DISCOUNT_RATE = Decimal("0.10")


class Options(TypedDict, total=False):
    """The options of every account's computation, each optional, for `run`,
    `partition` and `run_dask`: a misspelt one is a type error (and refused when
    the run starts).

    Attributes:
        penalty: the penalty policy of every statement, or None (the default).
        allocation: the allocation rule (a preset name or an `Allocation`);
            the default waterfall when None.
        interest_accrual: whether the payoff holds interest to date
            (``"on_due_dates"`` by default).
        discount_rate: the lender's discount rate of the comparison (0.10).
        convention: the APR convention of the comparison (``"us"``).
        keep: extra account columns copied to the results (as read).
    """

    penalty: PenaltyPolicy | None
    allocation: Allocation | str | None
    interest_accrual: InterestAccrual | str
    discount_rate: DecimalLike
    convention: AprConvention | str
    keep: Iterable[str]


def check_options(options: Mapping[str, object], allowed: type) -> None:
    """Refuse an option that `allowed` (a TypedDict of options) does not name: the
    run-time side of the typed options, for callers mypy does not check.

    Raises:
        InvalidInputError: naming the option received and the options there are.
    """
    known: frozenset[str] = getattr(allowed, "__optional_keys__", frozenset())
    for name in options:
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise InvalidInputError(
                f"{name} is not an option of the portfolio; got {name}={options[name]!r}{hint}; "
                f"the options are {', '.join(sorted(known))}"
            )


@dataclass(frozen=True, slots=True)
class Settings:
    """What every account of a run is computed with (sent once to each worker)."""

    as_of: date
    penalty: PenaltyPolicy | None = None
    allocation: Allocation | None = None
    interest_accrual: InterestAccrual = InterestAccrual.ON_DUE_DATES
    offers: tuple[Offer, ...] = ()
    discount_rate: Decimal = _DISCOUNT_RATE
    convention: AprConvention = AprConvention.US
    keep: tuple[str, ...] = ()

    @classmethod
    def of(cls, as_of: date | str, *, offers: Any = None, **options: Unpack[Options]) -> Settings:
        """Settings checked once, before any account is read.

        Args:
            as_of: the day of every statement.
            offers: the offers to screen (`parse_offers`), or None.
            **options: the rest (`Options`); a name that is none of them is
                refused.

        Raises:
            InvalidInputError: an option that is none of `Options`, or one
                whose value breaks its rule.

        Examples:
            >>> Settings.of("2024-04-01", discount_rate="0.08").discount_rate
            Decimal('0.08')
            >>> Settings.of("2024-04-01", penalti=None)  # type: ignore[call-arg]
            Traceback (most recent call last):
            ...
            reschedule.InvalidInputError: penalti is not an option of the portfolio; got
            penalti=None (did you mean penalty?); the options are allocation, convention,
            discount_rate, interest_accrual, keep, penalty
        """
        check_options(options, Options)
        return settings_of(as_of, offers, options)


def settings_of(as_of: date | str, offers: Any, options: Mapping[str, Any]) -> Settings:
    """`Settings.of` with the options' names already checked (`check_options`)."""
    penalty = options.get("penalty")
    if penalty is not None and not isinstance(penalty, PenaltyPolicy):
        raise InvalidInputError(
            f"penalty must be a PenaltyPolicy or None; got {type(penalty).__name__} {penalty!r}"
        )
    keep = options.get("keep", ())
    if isinstance(keep, str):
        raise InvalidInputError(
            f"keep is a list of extra account columns; got the text {keep!r} (write [{keep!r}])"
        )
    kept = tuple(keep)
    for name in kept:
        if not isinstance(name, str) or name in REQUIRED or name in LOAN_FIELDS:
            raise InvalidInputError(
                f"keep names extra account columns to copy to the results; got {name!r}"
            )
    rate = to_rate(options.get("discount_rate", _DISCOUNT_RATE), "discount_rate", negative=True)
    return Settings(
        as_of=to_date(as_of, "as_of"),
        penalty=penalty,
        allocation=Allocation.parse(options.get("allocation")),
        interest_accrual=InterestAccrual.parse(
            options.get("interest_accrual", InterestAccrual.ON_DUE_DATES)
        ),
        offers=parse_offers(offers),
        discount_rate=rate,
        convention=AprConvention.parse(options.get("convention", AprConvention.US)),
        keep=kept,
    )


def columns(settings: Settings) -> tuple[str, ...]:
    """The result columns of a run, in order."""
    names = ["id", "error", *settings.keep, *STATEMENT_COLUMNS]
    for offer in settings.offers:
        names.extend(f"{offer.name}.{field}" for field in OFFER_FIELDS)
    return tuple(names)


def check_columns(row: Mapping[str, Any], settings: Settings) -> None:
    """Refuse an accounts table whose columns cannot be right (checked on its first row).

    Raises:
        InvalidInputError: a required column is missing or a column is unknown
            (a misspelt field would otherwise be ignored for every account).
    """
    missing = [name for name in REQUIRED if name not in row]
    if missing:
        raise InvalidInputError(
            f"accounts need the columns {', '.join(REQUIRED)}; got columns {sorted(row)} "
            f"(missing {', '.join(missing)})"
        )
    known = {*REQUIRED, *LOAN_FIELDS, "payments", *settings.keep}
    unknown = [name for name in row if name not in known]
    if unknown:
        raise InvalidInputError(
            f"accounts have unknown columns {unknown}; the columns are id, the Loan fields "
            f"({', '.join(LOAN_FIELDS)}) and payments (drop the others, or name them in keep "
            "to copy them to the results)"
        )


# --------------------------------------------------------------------------- one account


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value)
    return value


def _flag(value: Any, name: str) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in {"true", "false", "1", "0", "yes", "no"}:
        return value.strip().lower() in {"true", "1", "yes"}
    raise InvalidInputError(f"{name} must be true or false; got {value!r}")


def _holidays(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if text.startswith("["):
            return json.loads(text)
        return [part for part in text.replace(",", ";").replace(" ", ";").split(";") if part]
    return value


def _as_flag(value: Any) -> bool:
    return _flag(value, "end_of_month")


_METHODS = {method.value: method for method in Method}


def _method(value: Any) -> Any:
    """A method written as its value (``"annuity"``): its member, so `Loan` need not
    parse it; any other cell as it is, for `Loan` to parse or refuse."""
    return _METHODS.get(value, value) if type(value) is str else value


_READ: dict[str, Callable[[Any], Any]] = {
    **dict.fromkeys(_WHOLE, _whole),
    "end_of_month": _as_flag,
    "holidays": _holidays,
    "method": _method,
}
"""How an optional field's cell is read before `Loan` checks it (the rest as they are)."""

_OPTIONAL = tuple((name, _READ.get(name)) for name in LOAN_FIELDS if name not in REQUIRED)


def _cell(row: Mapping[str, Any], name: str) -> Any:
    """A required cell, cleaned; an error when it is missing."""
    value = row.get(name)
    if type(value) not in _PLAIN:
        value = clean(value)
    if value is None:
        raise InvalidInputError(f"{name} is required; got nothing")
    return value


def loan_of(row: Mapping[str, Any]) -> Loan:
    """The `Loan` of an account row (values as read from any table format)."""
    principal = _cell(row, "principal")
    rate = _cell(row, "annual_rate")
    term = _whole(_cell(row, "term"))
    start = _cell(row, "start")
    text = start if type(start) is str else None
    if text is not None:  # a day met before (a book repeats its days): its date, checked
        start = _DAYS.get(text, text)
    arguments: dict[str, Any] = {}
    for name, read in _OPTIONAL:  # in LOAN_FIELDS' order: the first bad one is told
        value = row.get(name)
        if value is None:
            continue
        if type(value) not in _PLAIN:
            value = clean(value)
            if value is None:
                continue
        arguments[name] = value if read is None else read(value)
    loan = Loan(principal, rate, term, start, **arguments)
    if text is not None and start is text:
        _remember(_DAYS, text, loan.start)
    return loan


def _payment_rows(value: Any) -> list[PaymentRow]:
    """An embedded ``payments`` cell: a list (or its JSON text) of
    ``{"date", "amount", "reference"}`` or ``[date, amount]``."""
    if value is None:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as error:
            try:  # the repr of a list: what Dask's convert-string makes of a list column
                value = ast.literal_eval(value)
            except (ValueError, SyntaxError, MemoryError, RecursionError):
                raise InvalidInputError(
                    f"payments must be a list of {{date, amount}} (or its JSON text); got "
                    f"{value[:60]!r} ({error.msg})"
                ) from None
    if hasattr(value, "tolist"):  # a numpy array from Arrow or Parquet
        value = value.tolist()
    if not isinstance(value, list | tuple):
        raise InvalidInputError(
            f"payments must be a list of {{date, amount}}; got {type(value).__name__} {value!r}"
        )
    rows: list[PaymentRow] = []
    for index, item in enumerate(value):
        if isinstance(item, Mapping):
            rows.append((item.get("date"), item.get("amount"), item.get("reference")))
        elif isinstance(item, list | tuple) and len(item) in (2, 3):
            rows.append((item[0], item[1], item[2] if len(item) == 3 else None))
        else:
            raise InvalidInputError(
                f"payments[{index}] must be {{date, amount}} or [date, amount]; got {item!r}"
            )
    return rows


_DAYS: dict[str, date] = {}
_AMOUNTS: dict[str, Decimal] = {}
_REMEMBERED = 10_000
"""The most dates (of payments and of loans' starts) and payment amounts remembered (each
cache is emptied when full)."""


def _remember(cache: dict[str, Any], text: str, value: Any) -> None:
    """`value` remembered as what `text` reads as (the cache emptied when full)."""
    if len(cache) >= _REMEMBERED:
        cache.clear()
    cache[text] = value


_new = object.__new__
# a payment's slots set through their own descriptors: what `object.__setattr__` does
# for a frozen class, without looking the attribute up (a third of a payment's cost)
_SET_DATE = Payment.__dict__["date"].__set__
_SET_AMOUNT = Payment.__dict__["amount"].__set__
_SET_REFERENCE = Payment.__dict__["reference"].__set__


def _payment(day: Any, amount: Any) -> Payment:
    """A payment without a reference. A date and an amount given as text are checked
    by `Payment` the first time each text is met; a payment of texts already checked
    is made of the values `Payment` gave them, without checking them again (a book
    repeats its days and each account its installment)."""
    checked_day = _DAYS.get(day) if type(day) is str else None
    checked_amount = _AMOUNTS.get(amount) if type(amount) is str else None
    if checked_day is None or checked_amount is None:
        payment = Payment(day, amount)
        if type(day) is str:
            _remember(_DAYS, day, payment.date)
        if type(amount) is str:
            _remember(_AMOUNTS, amount, payment.amount)
        return payment
    payment = _new(Payment)
    _SET_DATE(payment, checked_day)
    _SET_AMOUNT(payment, checked_amount)
    _SET_REFERENCE(payment, None)
    return payment


def _payments(rows: Iterable[PaymentRow]) -> list[Payment]:
    result: list[Payment] = []
    append = result.append
    plain = _PLAIN
    days, amounts = _DAYS, _AMOUNTS
    for index, (day, amount, reference) in enumerate(rows):
        if reference is None and type(day) is str and type(amount) is str:
            # most payments: texts met before, the payment of `_payment` made here
            # (a call less a payment)
            checked_day = days.get(day)
            checked_amount = amounts.get(amount)
            if checked_day is not None and checked_amount is not None:
                payment = _new(Payment)
                _SET_DATE(payment, checked_day)
                _SET_AMOUNT(payment, checked_amount)
                _SET_REFERENCE(payment, None)
                append(payment)
                continue
        if type(day) not in plain:  # (a cell `clean` leaves as it is needs no call)
            day = clean(day)
        if type(amount) not in plain:
            amount = clean(amount)
        try:
            if day is None or amount is None:
                raise InvalidInputError(
                    f"a payment needs a date and an amount; got date {day!r}, amount {amount!r}"
                )
            if reference is None or clean(reference) is None:
                append(_payment(day, amount))
            else:
                append(Payment(day, amount, str(reference)))
        except RescheduleError as error:
            raise type(error)(f"payments[{index}]: {error}") from None
    return result


def _message(error: BaseException) -> str:
    text = " ".join(str(error).split())
    if isinstance(error, RescheduleError):
        return text
    return f"internal error ({type(error).__name__}: {text}); please report it"


def _fill(out: dict[str, Any], s: Statement | StatementSummary) -> None:
    """The statement's columns of `out`, in `STATEMENT_COLUMNS`' order."""
    out.update(
        zip(
            STATEMENT_COLUMNS,
            (
                s.days_past_due,
                s.bucket,
                *s.arrears,  # Amounts' fields, in order
                *s.penalty_arrears,  # PenaltyParts' fields, in order
                s.total_arrears,
                s.principal_not_due,
                s.accrued_interest,
                s.outstanding_principal,
                s.payoff,
                s.credit,
                s.total_paid,
                s.penalty_charged,
                *s.penalty_parts_charged,
                s.late_fees_charged,
                s.settled_on,
            ),
            strict=True,
        )
    )


@functools.lru_cache(maxsize=256)
def _offer_columns(name: str) -> tuple[str, ...]:
    """The result columns of an offer's comparison fields, named once for every account."""
    return tuple(f"{name}.{field}" for field in OFFER_FIELDS)


def evaluate(
    row: Mapping[str, Any],
    payments: Iterable[PaymentRow] | None,
    settings: Settings,
    names: Sequence[str],
) -> dict[str, Any]:
    """The summary row of one account; never raises.

    Args:
        row: the account's columns (``id`` and the `Loan` fields).
        payments: its payments as read, or None to read the row's
            ``payments`` column.
        settings: the run's settings.
        names: the result columns (`columns`).
    """
    out: dict[str, Any] = dict.fromkeys(names)
    out["id"] = clean(row.get("id"))
    for name in settings.keep:
        out[name] = clean(row.get(name))
    try:
        if out["id"] is None:
            raise InvalidInputError("id is required; got nothing")
        loan = loan_of(row)
        rows = _payment_rows(row.get("payments")) if payments is None else payments
        paid = _payments(rows)
        schedule = amortize(loan)
        if not settings.offers:  # the summary alone: no statement is built
            _fill(out, statement_summary(
                schedule, paid, settings.as_of, penalty=settings.penalty,
                allocation=settings.allocation, interest_accrual=settings.interest_accrual,
            ))  # fmt: skip
            return out
        result = statement(
            schedule,
            paid,
            settings.as_of,
            penalty=settings.penalty,
            allocation=settings.allocation,
            interest_accrual=settings.interest_accrual,
        )
        _fill(out, result)
    except Exception as error:  # one account's failure is its row's, never the run's
        out["error"] = _message(error)
        return out
    if settings.offers:
        name = ""
        try:
            plans = {}
            stated: _Stated | None = None
            for offer in settings.offers:
                name = offer.name
                if offer.function is not None:
                    plans[name] = offer.plan(result)
                    continue
                if stated is None:
                    stated = _Stated(result, position_of(result))
                plans[name] = offer.steps_plan(stated)
            name = ""
            comparison = compare(
                plans, discount_rate=settings.discount_rate, convention=settings.convention
            )
            for option in comparison:  # its fields after the name, in OFFER_FIELDS' order
                out.update(zip(_offer_columns(option.name), option[1:], strict=True))
        except Exception as error:
            where = f"offer {name!r}: " if name else "comparison: "
            out["error"] = where + _message(error)
    return out
