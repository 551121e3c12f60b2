"""Values to plain data and back, exact to the last digit.

`to_dict` turns any public value (a `Loan`, a `Schedule`, a `Plan`...) into
a dict of JSON types; `from_dict` turns such a dict back into the value, so
that ``from_dict(type(x), to_dict(x)) == x``. The rules:

| Python | JSON | example |
|---|---|---|
| `Decimal` (money, rates) | a string, plain notation | ``"10000.00"``, ``"0.12"`` |
| `datetime.date` | an ISO 8601 string | ``"2026-01-15"`` |
| `fractions.Fraction` | ``"n/d"`` | ``"31/360"`` |
| an enum member | its value | ``"equal_principal"``, ``"ACT/360"`` |
| `Frequency` | its name | ``"monthly"``, ``"every 10 days"`` |
| a tuple, a frozenset | a list (a set sorted) | |
| a value type | an object of its fields | ``{"principal": "10000", ...}`` |

Computed results (a `Schedule`, a `Plan`) carry a ``"kind"`` and every
figure; `from_dict` recomputes them from what produced them (the loan; the
origin and the terms) and refuses a document whose figures differ, so a
value read back is always one the library made.

Dicts for inputs may leave out every field that has a default:
``from_dict(Loan, {"principal": "1000", "annual_rate": "0.1", "term": 12,
"start": "2026-01-15"})`` is a loan.
"""

from __future__ import annotations

import copy
import dataclasses
import enum
import inspect
import json
import re
import types
import typing
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar, overload

from reschedule.conventions import (
    CALENDARS,
    EXACT,
    MAX_TEXT,
    Calendar,
    Frequency,
    InvalidInputError,
    RescheduleError,
    Rounding,
    as_given,
    parse_enum,
    to_decimal,
    to_rate,
)
from reschedule.negotiation import (
    AprConvention,
    BreakRule,
    Comparison,
    Components,
    FollowUp,
    Plan,
    Terms,
    build,
    compare,
    follow_up,
    position_of,
)
from reschedule.plans import Installment, Loan, Schedule, amortize, to_date
from reschedule.servicing import (
    Allocation,
    InterestAccrual,
    LateFee,
    Payment,
    PenaltyPolicy,
    Statement,
    statement,
)

__all__ = ["KINDS", "from_dict", "from_json", "to_dict", "to_json", "loads", "located", "replay"]

T = TypeVar("T")
R = TypeVar("R")

KINDS: dict[str, type] = {
    "loan": Loan,
    "rounding": Rounding,
    "installment": Installment,
    "schedule": Schedule,
    "plan": Plan,
    "components": Components,
    "terms": Terms,
    "payment": Payment,
    "late_fee": LateFee,
    "penalty_policy": PenaltyPolicy,
    "allocation": Allocation,
    "statement": Statement,
    "comparison": Comparison,
    "break_rule": BreakRule,
    "follow_up": FollowUp,
}
"""The value types `from_dict` knows, by the name a document may give."""


# --------------------------------------------------------------------------- encoding


def _encode_rate(rate: Decimal) -> str:
    """An annual rate as a fraction, or in per cent above 100% (as it must be given)."""
    given = as_given(rate)
    return given if isinstance(given, str) else format(given, "f")


def encode(value: Any) -> Any:
    """Any value of the library as JSON types (str, int, bool, None, list, dict)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Frequency):
        return value.name
    if isinstance(value, Calendar):
        return _encode_calendar(value)
    if isinstance(value, frozenset | set):
        return [encode(item) for item in sorted(value)]
    if isinstance(value, tuple | Installment) and hasattr(value, "_fields"):  # named fields
        return {name: encode(getattr(value, name)) for name in value._fields}
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    for kind, (cls, encoder, _) in _RESULTS.items():
        if type(value) is cls:
            return {"kind": kind, **encoder(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: _encode_rate(getattr(value, field.name))
            if field.name == "annual_rate"
            else encode(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if not field.name.startswith("_")
        }
    raise InvalidInputError(
        f"to_dict takes a value of reschedule (a Loan, a Schedule, a Plan...); "
        f"got {type(value).__name__} {value!r}"
    )


def _encode_calendar(calendar: Calendar) -> str:
    """A calendar's name; its extra holidays travel as the loan's `holidays`."""
    if calendar.rule is not None:
        raise InvalidInputError(
            f"a calendar given as a function cannot be written to JSON; got {calendar!r}: "
            f"give one of {', '.join(map(repr, CALENDARS))} and the holidays as dates"
        )
    return calendar.name


def to_dict(value: object) -> dict[str, Any]:
    """A value as a dict of JSON types: money as strings, dates in ISO 8601.

    Args:
        value: a `Loan`, `Rounding`, `Installment`, `Schedule`, `Payment`,
            `PenaltyPolicy`, `LateFee`, `Allocation`, `Statement`, `Plan`,
            `Components`, `Terms` or `Comparison`, or a named tuple of their
            parts.

    Returns:
        A new dict of str, int, bool, None, lists and dicts, ready for
        `json.dumps`; nothing in it is a float.

    Raises:
        InvalidInputError: `value` is not a value type of the library.

    Examples:
        >>> from reschedule import Loan, amortize, to_dict
        >>> data = to_dict(amortize(Loan(1200, "0.12", 12, "2024-01-15")))
        >>> data["kind"], data["payment"], data["loan"]["annual_rate"]
        ('schedule', '106.62', '0.12')
        >>> data["installments"][0]
        {'number': 1, 'due_date': '2024-02-15', 'period_start': '2024-01-15',
         'period_end': '2024-02-15', 'year_fraction': '1/12', 'opening_balance': '1200.00',
         'payment': '106.62', 'principal': '94.62', 'interest': '12.00', 'fee': '0.00',
         'closing_balance': '1105.38'}
    """
    data = encode(value)
    if not isinstance(data, dict):
        raise InvalidInputError(
            f"to_dict takes a value type of reschedule (a Loan, a Schedule...); got "
            f"{type(value).__name__} {value!r} (it is a single value: {data!r})"
        )
    return data


def to_json(value: object, *, indent: int | None = 2) -> str:
    """A value as JSON text (`to_dict`, then `json.dumps`, keeping non-ASCII text).

    Examples:
        >>> from reschedule import Components, to_json
        >>> print(to_json(Components(principal="100.50"), indent=None))
        {"principal": "100.50", "interest": "0", "fees": "0", "penalty": "0"}
    """
    return json.dumps(to_dict(value), indent=indent, ensure_ascii=False)


def _schedule_fields(schedule: Schedule) -> dict[str, Any]:
    return {
        "loan": encode(schedule.loan),
        "payment": encode(schedule.payment),
        "totals": {
            "principal": encode(schedule.total_principal),
            "interest": encode(schedule.total_interest),
            "fees": encode(schedule.total_fees),
            "payment": encode(schedule.total_payment),
        },
        "installments": encode(schedule.installments),
    }


def _plan_fields(plan: Plan, origin: Any = None) -> dict[str, Any]:
    """A plan's fields; its origin encoded in full, or as given (a reference)."""
    return {
        **_schedule_fields(plan),
        "total_paid": encode(plan.total_paid),
        "origin": encode(plan.origin) if origin is None else origin,
        "terms": encode(plan.terms),
        "owed": encode(plan.owed),
        "capitalized": encode(plan.capitalized),
        "waived": encode(plan.waived),
        "spread": encode(plan.spread),
        "due": encode(plan.due),
        "deferred": encode(plan.deferred),
        "down_payment": encode(plan.down_payment),
        "paid_down": encode(plan.paid_down),
        "amortized": encode(plan.amortized),
        "holiday_interest": encode(plan.holiday_interest),
        "other_amounts": encode(plan.other_amounts()),
        "history": encode(plan.history),
        "steps": list(plan.steps),
    }


def _statement_fields(result: Statement) -> dict[str, Any]:
    data = {name: encode(getattr(result, name)) for name in result.FIELDS}
    data["outstanding_principal"] = encode(result.outstanding_principal)
    data["total_paid"] = encode(result.total_paid)
    data["bucket"] = result.bucket
    return data


def _follow_up_fields(result: FollowUp) -> dict[str, Any]:
    replay = result.statement
    next_due = result.next_due
    return {
        "plan": encode(result.plan),
        "as_of": encode(result.as_of),
        "payments": encode(replay.payments),
        "rule": encode(result.rule),
        "penalty": encode(replay.penalty),
        "allocation": encode(replay.allocation),
        "interest_accrual": encode(replay.interest_accrual),
        "status": encode(result.status),
        "broken_on": encode(result.broken_on),
        "missed": result.missed,
        "late": result.late,
        "days_past_due": result.days_past_due,
        "installments": result.installments,
        "installments_paid": result.installments_paid,
        "paid": encode(result.paid),
        "next_due": None
        if next_due is None
        else {"date": encode(next_due[0]), "amount": encode(next_due[1])},
        "due_now": encode(result.due_now),
        "owed": encode(result.owed),
        "reinstated": encode(result.reinstated),
        "waived": encode(result.waived),
        "waiver_final": result.waiver_final,
    }


def _comparison_fields(result: Comparison) -> dict[str, Any]:
    """A comparison's fields: each origin once, in ``origins``, and each plan's
    origin a reference ``{"ref": k}`` to it (the options of one account share
    its statement, which would otherwise be copied into every option)."""
    origins: list[object] = []
    encoded: list[Any] = []

    def reference(origin: object) -> dict[str, int]:
        for index, known in enumerate(origins):
            if known is origin:
                return {"ref": index}
        origins.append(origin)
        encoded.append(encode(origin))
        return {"ref": len(origins) - 1}

    entries = [
        {
            "name": name,
            "plan": {"kind": "plan", **_plan_fields(plan, reference(plan.origin))}
            if type(plan) is Plan
            else encode(plan),
        }
        for name, plan in result.plans
    ]
    return {
        "plans": entries,
        "origins": encoded,
        "discount_rate": encode(result.discount_rate),
        "valuation_date": encode(result.valuation_date),
        "baseline": result.baseline,
        "convention": encode(result.convention),
        "options": encode(result.options),
    }


# --------------------------------------------------------------------------- decoding


@overload
def from_dict(kind: type[T], data: Any) -> T: ...
@overload
def from_dict(kind: str, data: Any) -> Any: ...
def from_dict(kind: type[T] | str, data: Any) -> T | Any:
    """The value a dict of `to_dict` (or a hand-written one) describes.

    Args:
        kind: the type wanted (`Loan`, `Schedule`, `Plan`...) or its name in
            `KINDS` (``"loan"``, ``"schedule"``...).
        data: a mapping of JSON types. Money and rates are strings (or ints,
            or Decimals); dates ISO strings; enums their values. Fields with
            a default may be left out, except in computed results, which
            hold every figure.

    Returns:
        The value. A `Schedule` is recomputed from its loan and a `Plan` from
        its origin and terms, and each must match the figures given.

    Raises:
        InvalidInputError: an unknown or missing field, a value of the wrong
            type, a value that breaks a rule of the type (a negative
            principal...), or figures that differ from the recomputed ones.
            The message starts with the field's path (``loan.principal``).

    Examples:
        >>> from reschedule import Loan, from_dict
        >>> loan = from_dict(Loan, {"principal": "1000", "annual_rate": "0.1",
        ...                         "term": 12, "start": "2026-01-15"})
        >>> loan.principal, loan.frequency
        (Decimal('1000'), Frequency.MONTHLY)
        >>> from_dict("loan", {"principal": "1000", "term": 12})
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: loan.annual_rate is required
    """
    if isinstance(kind, str):
        if kind not in KINDS:
            names = ", ".join(repr(name) for name in KINDS)
            raise InvalidInputError(f"kind must be one of {names}; got {kind!r}")
        return decode(KINDS[kind], data, kind)
    if not isinstance(kind, type):
        raise InvalidInputError(f"kind must be a type or a name; got {kind!r}")
    name = next((name for name, cls in KINDS.items() if cls is kind), kind.__name__.lower())
    return decode(kind, data, name)


def from_json(kind: type[T] | str, text: str | bytes) -> T | Any:
    """The value JSON text describes: `json.loads` (numbers as exact Decimals), then `from_dict`.

    Examples:
        >>> from reschedule import Components, from_json
        >>> from_json(Components, '{"interest": "12.50", "penalty": 3}').total
        Decimal('15.50')
    """
    return from_dict(kind, loads(text))


def _refuse_constant(name: str) -> Any:
    raise InvalidInputError(f"JSON numbers must be finite; got {name}")


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise InvalidInputError(f"a JSON object must not repeat a key; got {key!r} twice")
        result[key] = value
    return result


def _parse_number(text: str) -> Decimal:
    if len(text) > MAX_TEXT:
        raise InvalidInputError(
            f"a JSON number must be at most {MAX_TEXT} characters; got {len(text)} "
            f"({text[:20]}...)",
            code="too_long",
        )
    return Decimal(text)


def _parse_int(text: str) -> int:
    if len(text) > MAX_TEXT:  # Python refuses more than 4,300 digits, with a ValueError
        raise InvalidInputError(
            f"a JSON integer must be at most {MAX_TEXT} digits; got {len(text)} ({text[:20]}...)",
            code="too_long",
        )
    return int(text)


def loads(text: str | bytes) -> Any:
    """Parse JSON text: numbers with a fraction or exponent as exact `Decimal`,
    repeated keys and NaN/Infinity refused, malformed text an `InvalidInputError`."""
    try:
        return json.loads(
            text,
            parse_float=_parse_number,
            parse_int=_parse_int,
            parse_constant=_refuse_constant,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as error:
        raise InvalidInputError(
            f"the document must be valid JSON; got an error at line {error.lineno} "
            f"column {error.colno}: {error.msg}"
        ) from None
    except UnicodeDecodeError as error:
        raise InvalidInputError(f"the document must be UTF-8 text; got {error.reason}") from None
    except RecursionError:
        raise InvalidInputError("the document must not nest deeper than Python can parse") from None


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, Decimal | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _wrong(path: str, wanted: str, value: Any) -> InvalidInputError:
    shown = repr(value) if not isinstance(value, Mapping | list) else _type_name(value)
    return InvalidInputError(f"{path} must be {wanted}; got {shown}")


def _decode_decimal(value: Any, path: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | Decimal | float):
        raise _wrong(path, 'a decimal string such as "1234.56"', value)
    if path.endswith("annual_rate"):
        rate = to_rate(value, path)  # "18%" as well as "0.18"
        if isinstance(value, str) and rate > 1 and not path.endswith("terms.annual_rate"):
            # above 100% a loan takes its rate in per cent only: passed on as written
            return value.strip()  # type: ignore[return-value]
        return rate
    return to_decimal(value, path)


def _decode_int(value: Any, path: str) -> int:
    if (
        isinstance(value, Decimal)
        and value.is_finite()
        and value.adjusted() < 18  # not 1e999999999, whose int() would fill the memory
        and value == value.to_integral_value(context=EXACT)
    ):
        return int(value)  # a JSON number such as 12.0
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong(path, "a whole number", value)
    return value


def _decode_bool(value: Any, path: str) -> bool:
    if not isinstance(value, bool):
        raise _wrong(path, "true or false", value)
    return value


def _decode_str(value: Any, path: str) -> str:
    if not isinstance(value, str):
        raise _wrong(path, "a string", value)
    return value


def _decode_date(value: Any, path: str) -> date:
    if not isinstance(value, str | date):
        raise _wrong(path, "an ISO date string 'YYYY-MM-DD'", value)
    return to_date(value, path)


def _decode_fraction(value: Any, path: str) -> Fraction:
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, Fraction):
        return value
    if isinstance(value, str):
        numerator, slash, denominator = value.partition("/")
        if (
            numerator.lstrip("-").isdigit()
            and numerator.isascii()
            and (not slash or (denominator.isdigit() and denominator.isascii()))
            and (not slash or int(denominator) > 0)
        ):
            return Fraction(int(numerator), int(denominator) if slash else 1)
    raise _wrong(path, "a fraction 'n/d' such as \"31/360\"", value)


def _decode_frequency(value: Any, path: str) -> Frequency:
    if not isinstance(value, str | Frequency):
        raise _wrong(path, 'a frequency name such as "monthly"', value)
    return located(path, lambda: Frequency.parse(value))


def _decode_calendar(value: Any, path: str) -> Calendar:
    if isinstance(value, Calendar):
        return value
    if not isinstance(value, str) or value not in CALENDARS:
        raise _wrong(path, f"one of {', '.join(map(repr, CALENDARS))}", value)
    return Calendar.parse(value)


_PARSED: dict[type, Callable[[str], Any]] = {Allocation: Allocation.preset}
"""Value types that may also be given by name (an allocation preset: ``"standard"``)."""

_SCALARS: dict[Any, Callable[[Any, str], Any]] = {
    Decimal: _decode_decimal,
    int: _decode_int,
    bool: _decode_bool,
    str: _decode_str,
    date: _decode_date,
    Fraction: _decode_fraction,
    Frequency: _decode_frequency,
    Calendar: _decode_calendar,
}


def decode(kind: Any, value: Any, path: str) -> Any:
    """Decode JSON-typed `value` as type `kind` (a class or a typing form); `path`
    names the value in error messages."""
    scalar = _SCALARS.get(kind)
    if scalar is not None:
        return scalar(value, path)
    origin = typing.get_origin(kind)
    if origin is types.UnionType or origin is typing.Union:
        options = [option for option in typing.get_args(kind) if option is not type(None)]
        if value is None:
            return None
        if len(options) == 1:
            return decode(options[0], value, path)
        raise InvalidInputError(f"{path}: cannot decode a value of {kind}")  # pragma: no cover
    if origin is tuple or origin is frozenset:
        if not isinstance(value, list | tuple):
            raise _wrong(path, "an array", value)
        args = typing.get_args(kind)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(value) != len(args):
                raise _wrong(path, f"an array of {len(args)} items", value)
            return tuple(
                decode(arg, item, f"{path}[{i}]")
                for i, (arg, item) in enumerate(zip(args, value, strict=True))
            )
        items = [decode(args[0], item, f"{path}[{i}]") for i, item in enumerate(value)]
        return tuple(items) if origin is tuple else frozenset(items)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        if isinstance(value, kind):
            return value
        if not isinstance(value, str):
            raise _wrong(path, f"one of {', '.join(repr(m.value) for m in kind)}", value)
        return parse_enum(kind, value, path)
    if isinstance(kind, type):
        if any(issubclass(cls, kind) for cls, _, _ in _RESULTS.values()):
            return _decode_result(kind, value, path)
        if isinstance(value, kind):
            return value
        if isinstance(value, str) and kind in _PARSED:
            return located(path, lambda: _PARSED[kind](value))
        return decode_record(kind, value, path)
    raise InvalidInputError(f"{path}: cannot decode a value of {kind}")  # pragma: no cover


def _hints(cls: type) -> dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = typing.get_type_hints(cls)
        _HINTS[cls] = hints
    return hints


_HINTS: dict[type, dict[str, Any]] = {}


_RECORDS: dict[type, tuple[dict[str, Any], set[str]]] = {}


def _record_fields(cls: type) -> tuple[dict[str, Any], set[str]]:
    """The fields a record of `cls` takes, with their types, and the required ones
    (worked out once a type: a statement request decodes thousands of payments)."""
    known = _RECORDS.get(cls)
    if known is None:
        known = _RECORDS[cls] = _fields_of(cls)
    return known


def _fields_of(cls: type) -> tuple[dict[str, Any], set[str]]:
    hints = _hints(cls)
    if issubclass(cls, tuple | Installment) and hasattr(cls, "_fields"):  # named fields
        defaults = getattr(cls, "_field_defaults", {})
        return {name: hints[name] for name in cls._fields}, {
            name for name in cls._fields if name not in defaults
        }
    parameters = inspect.signature(cls).parameters
    fields = {
        name: hints[name]
        for name, parameter in parameters.items()
        if parameter.kind in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY)
        and name in hints
    }
    required = {name for name in fields if parameters[name].default is inspect.Parameter.empty}
    return fields, required


def _check_keys(data: Any, path: str, allowed: Mapping[str, Any], required: set[str]) -> None:
    if not isinstance(data, Mapping):
        raise _wrong(path, "an object", data)
    for key in data:
        if key not in allowed:
            names = ", ".join(allowed)
            raise InvalidInputError(f"{path} has no field {key!r}; its fields are {names}")
    for key in allowed:
        if key in required and key not in data:
            raise InvalidInputError(f"{path}.{key} is required")


_RATES: dict[type, dict[str, str | None]] = {
    PenaltyPolicy: {"rate": "a year", "max_annual_rate": "a year", "rate_multiple": None},
    LateFee: {"rate": "of the unpaid amount"},
}
"""The fields of a record that are rates or multiples, each with what it is a rate
of. A text is passed to the constructor as written (``"18%"`` or ``"0.18"``), which
reads it by the library's one rule (`to_rate`: a bare ``"18"`` is refused, not read
as 1800%); a rate is read here first only so that its error names the request's
path."""


def _as_written(value: str | int, path: str, per: str | None) -> Any:
    if per is not None:
        to_rate(value, path, per=per)
    return value


def decode_record(cls: type[T], data: Any, path: str) -> T:
    """A value type from a mapping of its constructor's arguments, each decoded
    by its field's type; the constructor then checks the rules."""
    fields, required = _record_fields(cls)
    _check_keys(data, path, fields, required)
    rates = _RATES.get(cls, {})
    arguments = {
        key: _as_written(value, f"{path}.{key}", rates[key])
        if key in rates and isinstance(value, str | int)
        else decode(fields[key], value, f"{path}.{key}")
        for key, value in data.items()
    }
    value = located(path, lambda: cls(**arguments))
    _check_record(value, path)
    return value


def _check_record(value: object, path: str) -> None:
    if isinstance(value, Installment):
        if value.payment != value.principal + value.interest + value.fee:
            raise InvalidInputError(
                f"{path}.payment must equal principal + interest + fee "
                f"{value.principal + value.interest + value.fee}; got {value.payment}"
            )
        if value.closing_balance != value.opening_balance - value.principal:
            raise InvalidInputError(
                f"{path}.closing_balance must equal opening_balance - principal "
                f"{value.opening_balance - value.principal}; got {value.closing_balance}"
            )


# --------------------------------------------------------------------------- computed results


def _decode_schedule(data: Mapping[str, Any], path: str) -> Schedule:
    loan = decode(Loan, data.get("loan"), f"{path}.loan")
    return amortize(loan)


def _decode_plan(data: Mapping[str, Any], path: str) -> Plan:
    origin = decode(object, data.get("origin"), f"{path}.origin")
    return _plan_from(origin, data, path)


def _plan_from(origin: Any, data: Mapping[str, Any], path: str) -> Plan:
    """The plan a document describes, from its origin (already decoded)."""
    history = data.get("history")
    if not isinstance(history, list):
        raise _wrong(f"{path}.history", "an array", history)
    at = len(history) + 1 if isinstance(origin, Schedule) else None
    terms = decode(Terms, data.get("terms"), f"{path}.terms")
    steps = decode(tuple[str, ...], data.get("steps"), f"{path}.steps")
    return located(path, lambda: build(origin, position_of(origin, at), terms, steps))


_REPLAY_SETTINGS: dict[str, Any] = {
    "payments": tuple[Payment, ...],
    "as_of": date,
    "rule": BreakRule,
    "penalty": PenaltyPolicy | None,
    "allocation": Allocation,
    "interest_accrual": InterestAccrual,
}
"""The settings of a replay by field, with their types: what `statement` and
`follow_up` take after the schedule or the plan."""


def replay(compute: Callable[..., R], source: Any, data: Mapping[str, Any], path: str) -> R:
    """`compute` (`statement` or `follow_up`) of `source` with the settings `data`
    holds, each decoded at its path; an error of the replay names `path`.

    A setting left out takes the library's default (no payments, no penalty, the
    standard allocation...); ``as_of`` is required.

    Examples:
        >>> from reschedule import Loan, amortize, statement
        >>> schedule = amortize(Loan(1200, "0.12", 12, "2024-01-15"))
        >>> replay(statement, schedule, {"as_of": "2024-04-01"}, "request").days_past_due
        46
        >>> replay(statement, schedule, {"as_of": "2024-02-30"}, "request")
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: request.as_of must be a date ...; got '2024-02-30'
    """
    arguments = {
        name: decode(
            _REPLAY_SETTINGS[name], data.get(name, _POSITIONAL.get(name)), f"{path}.{name}"
        )
        for name in _SETTINGS_OF[compute]
        if name in data or name in _POSITIONAL
    }
    return located(path, lambda: compute(source, **arguments))


_POSITIONAL: dict[str, Any] = {"payments": [], "as_of": None}
"""The settings a replay needs, and what stands for one left out (no payments; no
day, which the decoder refuses with its rule)."""

_SETTINGS_OF: dict[Callable[..., Any], tuple[str, ...]] = {
    statement: ("payments", "as_of", "penalty", "allocation", "interest_accrual"),
    follow_up: ("payments", "as_of", "rule", "penalty", "allocation", "interest_accrual"),
}


def located(path: str, action: Callable[[], R]) -> R:
    """Run `action`; an error it raises gets `path` in front of its message and of
    its `path`, keeping its type and code."""
    try:
        return action()
    except RescheduleError as error:
        moved = copy.copy(error)  # the same type, code and attributes
        moved.args = (f"{path}: {error}",)
        moved.path = f"{path}.{error.path}" if error.path else path
        raise moved from None


def _decode_statement(data: Mapping[str, Any], path: str) -> Statement:
    schedule = decode(Schedule, data.get("schedule"), f"{path}.schedule")
    return replay(statement, schedule, data, path)


def _decode_follow_up(data: Mapping[str, Any], path: str) -> FollowUp:
    plan = decode(Plan, data.get("plan"), f"{path}.plan")
    return replay(follow_up, plan, data, path)


def _decode_comparison(data: Mapping[str, Any], path: str) -> Comparison:
    entries = data.get("plans")
    if not isinstance(entries, list):
        raise _wrong(f"{path}.plans", "an array", entries)
    given = data.get("origins")
    if not isinstance(given, list):
        raise _wrong(f"{path}.origins", "an array", given)
    origins = [decode(object, item, f"{path}.origins[{k}]") for k, item in enumerate(given)]
    plans: dict[str, Schedule] = {}
    for index, entry in enumerate(entries):
        where = f"{path}.plans[{index}]"
        _check_keys(entry, where, {"name": str, "plan": Schedule}, {"name", "plan"})
        name = _decode_str(entry["name"], f"{where}.name")
        if name in plans:
            raise InvalidInputError(f"{where}.name must be unique; got {name!r} twice")
        plans[name] = _option_plan(entry["plan"], origins, f"{where}.plan")
    settings = {
        "discount_rate": decode(Decimal, data.get("discount_rate"), f"{path}.discount_rate"),
        "baseline": decode(str, data.get("baseline"), f"{path}.baseline"),
        "convention": decode(AprConvention, data.get("convention"), f"{path}.convention"),
        "valuation_date": decode(date, data.get("valuation_date"), f"{path}.valuation_date"),
    }
    return located(path, lambda: compare(plans, **settings))


def _option_plan(data: Any, origins: list[Any], path: str) -> Schedule:
    """An option of a comparison: a schedule, or a plan whose origin is a reference
    ``{"ref": k}`` to the comparison's k-th origin (decoded once for all options)."""
    reference = data.get("origin") if isinstance(data, Mapping) else None
    if not (data.get("kind") == "plan" and isinstance(reference, Mapping)):
        result: Schedule = decode(Schedule, data, path)
        return result
    _check_keys(reference, f"{path}.origin", {"ref": int}, {"ref"})
    index = _decode_int(reference["ref"], f"{path}.origin.ref")
    if not 0 <= index < len(origins):
        raise InvalidInputError(
            f"{path}.origin.ref must be the index of one of the {len(origins)} origins; got {index}"
        )
    try:
        plan = _plan_from(origins[index], data, path)
    except RecursionError:
        raise InvalidInputError(f"{path} nests too deeply") from None
    _match({"kind": "plan", **_plan_fields(plan, {"ref": index})}, data, path)
    return plan


_RESULTS: dict[str, tuple[type, Callable[[Any], dict[str, Any]], Callable[..., Any]]] = {
    "schedule": (Schedule, _schedule_fields, _decode_schedule),
    "plan": (Plan, _plan_fields, _decode_plan),
    "statement": (Statement, _statement_fields, _decode_statement),
    "comparison": (Comparison, _comparison_fields, _decode_comparison),
    "follow_up": (FollowUp, _follow_up_fields, _decode_follow_up),
}
"""Computed results, by kind: their class, encoder and decoder (which recomputes)."""


def _decode_result(kind: type, data: Any, path: str) -> Any:
    """A computed result from its document: recomputed, then checked against it."""
    if not isinstance(data, Mapping):
        raise _wrong(path, "an object", data)
    allowed = [name for name, (cls, _, _) in _RESULTS.items() if issubclass(cls, kind)]
    given = data.get("kind")
    if given not in allowed:
        wanted = " or ".join(repr(name) for name in allowed)
        raise InvalidInputError(f"{path}.kind must be {wanted}; got {given!r}")
    _, encoder, decoder = _RESULTS[given]
    try:
        value = decoder(data, path)
    except RecursionError:
        raise InvalidInputError(f"{path} nests too deeply") from None
    _match({"kind": given, **encoder(value)}, data, path)
    return value


_NUMBER = re.compile(r"-?[0-9]{1,40}(\.[0-9]{1,40})?(/[1-9][0-9]{0,40})?")


def _same(expected: Any, given: Any) -> bool:
    """Equal, or the same number spelt another way ("1000.00" and 1000, "1/12" and "30/360")."""
    if expected == given and type(expected) is type(given):
        return True
    if isinstance(given, bool) or not isinstance(given, str | int | Decimal):
        return False
    text = str(given) if not isinstance(given, Decimal) else format(given, "f")
    if isinstance(expected, str) and _NUMBER.fullmatch(expected) and _NUMBER.fullmatch(text):
        return Fraction(expected) == Fraction(text)
    return False


def _match(expected: Any, given: Any, path: str) -> None:
    """Raise unless `given` is `expected` (numbers compared by value), naming the
    first field that differs."""
    if isinstance(expected, dict):
        if not isinstance(given, Mapping):
            raise _wrong(path, "an object", given)
        for key in given:
            if key not in expected:
                names = ", ".join(expected)
                raise InvalidInputError(f"{path} has no field {key!r}; its fields are {names}")
        for key, value in expected.items():
            if key not in given:
                raise InvalidInputError(f"{path}.{key} is required")
            _match(value, given[key], f"{path}.{key}")
    elif isinstance(expected, list):
        if not isinstance(given, list | tuple):
            raise _wrong(path, "an array", given)
        if len(given) != len(expected):
            raise InvalidInputError(
                f"{path} must hold {len(expected)} items as recomputed; got {len(given)}"
            )
        for index, (want, got) in enumerate(zip(expected, given, strict=True)):
            _match(want, got, f"{path}[{index}]")
    elif not _same(expected, given):
        raise InvalidInputError(
            f"{path} must be {expected!r} as recomputed from the document's inputs; got {given!r}"
        )


def _decode_any_result(data: Any, path: str) -> Any:
    """An origin: any computed result, by its kind."""
    if not isinstance(data, Mapping):
        raise _wrong(path, "an object", data)
    kind = data.get("kind")
    if kind not in _RESULTS:
        names = " or ".join(repr(name) for name in _RESULTS)
        raise InvalidInputError(f"{path}.kind must be {names}; got {kind!r}")
    return _decode_result(_RESULTS[kind][0], data, path)


_SCALARS[object] = _decode_any_result
