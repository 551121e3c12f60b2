"""JSON Schemas of the command line's documents, and the validator that applies them.

The schemas are written here as Python data and shipped as JSON files in
``reschedule/surfaces/schemas/`` (``python -m reschedule.surfaces._schema`` rewrites them; a test
checks they are current). The command line validates every request against
its shipped schema with `validate`, a small validator of the JSON Schema
keywords these schemas use, so the core needs no dependency; the test suite
checks that `jsonschema` agrees.

A schema checks a document's shape (fields, types, formats, ranges); the
library then checks its rules (a waiver above what is owed, a payment dated
before the loan...). Either way a bad document gets one message naming the
field and the rule.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from reschedule.conventions import InvalidInputError

__all__ = ["DOCUMENTS", "SUPPORTED_KEYWORDS", "load", "schema", "validate", "render"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"

# --------------------------------------------------------------------------- building blocks


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _enum(values: list[str], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "enum": values}
    if description:
        schema["description"] = description
    return schema


def _count(low: int, high: int = 10_000, description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer", "minimum": low, "maximum": high}
    if description:
        schema["description"] = description
    return schema


def _object(
    properties: dict[str, Any], required: list[str] | None = None, description: str = ""
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }
    if description:
        schema["description"] = description
    return schema


def _array(items: dict[str, Any], high: int = 10_000, low: int = 0) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": items, "maxItems": high}
    if low:
        schema["minItems"] = low
    return schema


_MONEY = {
    "type": ["string", "integer"],
    "pattern": r"^[0-9]{1,15}(\.[0-9]{1,8})?$",
    "minimum": 0,
    "maximum": 999_999_999_999_999,
    "description": 'an amount, not negative, as a decimal string such as "1234.56" '
    "(or a whole number)",
}
_RATE = {
    "type": ["string", "integer"],
    "pattern": r"^[0-9]{1,3}(\.[0-9]{1,12})?$",
    "minimum": 0,
    "maximum": 100,
    "description": 'a rate as a fraction, not per cent, in a decimal string: "0.12" for 12%',
}
_DATE = {
    "type": "string",
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "description": 'an ISO date "YYYY-MM-DD"',
}
_SIGNED = {
    "type": "string",
    "pattern": r"^-?[0-9]+(\.[0-9]+)?$",
    "description": 'an amount as a decimal string such as "1234.56"',
}
_FRACTION = {
    "type": "string",
    "pattern": r"^-?[0-9]+/[0-9]+$",
    "description": 'a fraction "n/d" such as "31/360"',
}
_WAIVER = {
    "type": ["string", "integer"],
    "pattern": r"^(all|[0-9]{1,15}(\.[0-9]{1,8})?%?)$",
    "minimum": 0,
    "maximum": 999_999_999_999_999,
    "description": 'an amount ("120.50"), "all", or a percentage ("50%")',
}
_COMPONENTS = ["principal", "interest", "fees", "penalty"]
_TREATMENTS = ["capitalize", "spread", "due", "defer", "waive"]

_LOAN = _object(
    {
        "principal": _ref("money"),
        "annual_rate": _ref("rate"),
        "term": _count(1, description="the number of installments"),
        "start": _ref("date"),
        "frequency": {
            "type": "string",
            "pattern": r"^(monthly|bimonthly|quarterly|semiannual|annual|weekly|biweekly"
            r"|every [0-9]{1,3} (days?|months?))$",
            "description": 'a frequency: "monthly", "quarterly", "weekly", "biweekly", '
            '"every 10 days"...',
        },
        "method": _enum(["annuity", "equal_principal", "interest_only", "balloon", "flat"]),
        "day_count": _enum(
            ["30/360 US", "30E/360", "30E/360 ISDA", "ACT/360", "ACT/365F", "ACT/ACT ISDA"]
        ),
        "first_payment": _nullable(_ref("date")),
        "rounding": _ref("rounding"),
        "balloon": _nullable(_ref("money")),
        "amortization_term": _nullable(_count(2)),
        "payment": _nullable(_ref("money")),
        "principal_grace": _count(0),
        "interest_free": _count(0),
        "end_of_month": {"type": "boolean"},
        "business_day": _enum(["unadjusted", "following", "modified_following", "preceding"]),
        "holidays": _array(_ref("date"), 1000),
    },
    ["principal", "annual_rate", "term", "start"],
    "the terms of a loan (reschedule.Loan)",
)
_ROUNDING = _object(
    {
        "places": _count(0, 8),
        "mode": _enum(["half_up", "half_even", "up", "down"]),
        "multiple": _nullable(_ref("money")),
    },
    [],
    "where and how amounts are rounded (reschedule.Rounding)",
)
_PAYMENT = _object(
    {
        "date": _ref("date"),
        "amount": _ref("money"),
        "reference": _nullable({"type": "string", "maxLength": 200}),
    },
    ["date", "amount"],
    "a payment received (reschedule.Payment)",
)
_PENALTY_BASES = [
    "overdue_principal",
    "overdue_principal_and_interest",
    "overdue_total",
    "matured_principal",
]
_LATE_FEE = _object(
    {
        "amount": _ref("money"),
        "rate": _ref("rate"),
        "base": _enum(_PENALTY_BASES),
        "minimum": _nullable(_ref("money")),
        "maximum": _nullable(_ref("money")),
        "tiers": _array(
            {"type": "array", "items": _ref("money"), "minItems": 2, "maxItems": 2}, 100
        ),
    },
    [],
    "a late fee charged once on each late installment (reschedule.LateFee)",
)
_PENALTY = _object(
    {
        "rate": _nullable(_ref("rate")),
        "rate_multiple": _nullable(_ref("rate")),
        "base": _enum(_PENALTY_BASES),
        "compound": {"type": "boolean"},
        "day_count": _LOAN["properties"]["day_count"],
        "grace_days": _count(0, 100_000),
        "charge_from": _enum(["due_date", "grace_end"]),
        "late_fee": _nullable(_ref("late_fee")),
        "cap_per_installment": _nullable(_ref("rate")),
        "cap_total": _nullable(_ref("rate")),
        "max_annual_rate": _nullable(_ref("rate")),
        "stop_after_days": _nullable(_count(1, 100_000)),
        "charge_off": _nullable(_ref("date")),
    },
    [],
    "penalty interest, compound interest and late fees (reschedule.PenaltyPolicy)",
)
_ALLOCATION = {
    "anyOf": [
        _enum(
            ["standard", "vertical", "interest_first", "principal_first"],
            "a preset allocation rule",
        ),
        _object(
            {
                "order": {
                    "type": "array",
                    "items": _enum(_COMPONENTS),
                    "minItems": 4,
                    "maxItems": 4,
                },
                "waterfall": _enum(["horizontal", "vertical"]),
                "excess": _enum(
                    ["next_installment", "reduce_term", "reduce_installment", "credit"]
                ),
            },
            [],
            "an allocation rule (reschedule.Allocation)",
        ),
    ],
    "description": 'a preset name ("standard") or an allocation rule object',
}

# --------------------------------------------------------------------------- operations

_RESTRUCTURE_OPTIONS: dict[str, Any] = {
    "term": _count(1, description="the installments that repay the new principal"),
    "annual_rate": _ref("rate"),
    "method": _LOAN["properties"]["method"],
    "frequency": _LOAN["properties"]["frequency"],
    "day_count": _LOAN["properties"]["day_count"],
    "start": _ref("date"),
    "first_payment": _ref("date"),
    "interest": _enum(_TREATMENTS, "what happens to the interest owed"),
    "penalty": _enum(_TREATMENTS, "what happens to the penalty owed"),
    "fees": _enum(_TREATMENTS, "what happens to the fees owed"),
    "waive": _object({name: _ref("waiver") for name in _COMPONENTS}, []),
    "conditional": {"type": "boolean"},
    "down_payment": _ref("money"),
    "holiday": _count(0),
    "holiday_interest": _enum(["capitalize", "defer", "waive"]),
    "forbear": _ref("money"),
    "payment": _ref("money"),
}


def _operation(
    name: str, own: dict[str, Any], required: list[str], without: tuple[str, ...] = ()
) -> dict[str, Any]:
    shared = {key: value for key, value in _RESTRUCTURE_OPTIONS.items() if key not in without}
    properties = {"operation": {"const": name}, **own, **shared}
    return _object(properties, ["operation", *required], f"the operation {name}")


OPERATIONS: dict[str, dict[str, Any]] = {
    "restructure": _operation("restructure", {}, []),
    "extend": _operation("extend", {"periods": _count(1)}, ["periods"], ("term",)),
    "defer": _operation(
        "defer",
        {"periods": _count(1), "interest": _enum(["capitalize", "defer", "waive"])},
        ["periods"],
        ("holiday", "holiday_interest", "interest"),
    ),
    "waive": _operation(
        "waive",
        {
            **{name: _ref("waiver") for name in _COMPONENTS},
            "conditional": {"type": "boolean"},
        },
        [],
        ("waive", "conditional", "principal", "interest", "penalty", "fees"),
    ),
    "reage": _operation("reage", {"installments": _count(1)}, ["installments"], ("term",)),
    "reamortize": _operation("reamortize", {}, []),
    "freeze": _operation(
        "freeze",
        {"term": _count(1), "max_term": _count(1)},
        ["term"],
        ("term", "annual_rate", "method"),
    ),
    "affordable": _operation(
        "affordable",
        {
            "max_payment": {
                **_MONEY,
                "description": "the largest installment the borrower can pay",
            },
            "income": {**_MONEY, "description": "income per period, instead of max_payment"},
            "ratio": {**_RATE, "description": 'the debt-to-income ratio with income: "0.4"'},
            "other_debts": _ref("money"),
            "max_term": _count(1),
            "rate_floor": _ref("rate"),
            "rate_step": _ref("rate"),
            "steps": _array(
                _enum(
                    [
                        "capitalize_arrears",
                        "extend_term",
                        "lower_rate",
                        "waive_penalty",
                        "waive_interest",
                        "forbear_principal",
                    ]
                ),
                6,
            ),
        },
        [],
    ),
    "settle": _object(
        {
            "operation": {"const": "settle"},
            "discount": {**_RATE, "description": 'the fraction waived: "0.3" for 30% off'},
            "amount": _ref("money"),
            "pay_by": _ref("date"),
            "installments": _count(1, 600),
        },
        ["operation"],
        "the operation settle: give discount or amount",
    ),
}
"""The operations a restructuring option may chain, with their arguments."""

_OPTION = _object(
    {
        "name": {"type": "string", "minLength": 1, "maxLength": 100},
        "steps": _array({"oneOf": [_ref(f"operation_{name}") for name in OPERATIONS]}, 10, 1),
    },
    None,
    "a restructuring option: a name and the operations that make it, in order",
)

_ACCOUNT: dict[str, Any] = {
    "loan": _ref("loan"),
    "payments": _array(_ref("payment")),
    "as_of": _ref("date"),
    "penalty": _nullable(_ref("penalty_policy")),
    "allocation": _ref("allocation"),
    "interest_accrual": _enum(["on_due_dates", "daily"]),
}

# --------------------------------------------------------------------------- results

_COMPONENTS_OUT = _object(
    {name: _ref("signed") for name in ("principal", "interest", "penalty", "fees")}
)
_AMOUNTS_OUT = _object({name: _ref("signed") for name in _COMPONENTS})
_INSTALLMENT = _object(
    {
        "number": {"type": "integer"},
        "due_date": _ref("date"),
        "period_start": _ref("date"),
        "period_end": _ref("date"),
        "year_fraction": _ref("fraction"),
        "opening_balance": _ref("signed"),
        "payment": _ref("signed"),
        "principal": _ref("signed"),
        "interest": _ref("signed"),
        "fee": _ref("signed"),
        "closing_balance": _ref("signed"),
    }
)
_SCHEDULE_FIELDS: dict[str, Any] = {
    "loan": _ref("loan_out"),
    "payment": _ref("signed"),
    "totals": _object(
        {name: _ref("signed") for name in ("principal", "interest", "fees", "payment")}
    ),
    "installments": _array(_ref("installment"), 100_000),
}
_SCHEDULE = _object({"kind": {"const": "schedule"}, **_SCHEDULE_FIELDS})
_TERMS = _object(
    {
        "start": _ref("date"),
        "first_payment": _nullable(_ref("date")),
        "term": {"type": "integer"},
        "annual_rate": _ref("signed"),
        "method": _LOAN["properties"]["method"],
        "frequency": {"type": "string"},
        "day_count": _LOAN["properties"]["day_count"],
        "interest": _enum(_TREATMENTS),
        "penalty": _enum(_TREATMENTS),
        "fees": _enum(_TREATMENTS),
        "waived": _ref("components"),
        "conditional": {"type": "boolean"},
        "down_payment": _ref("signed"),
        "holiday": {"type": "integer"},
        "holiday_interest": _enum(_TREATMENTS),
        "forborne": _ref("signed"),
        "payment": _nullable(_ref("signed")),
    }
)
_PLAN = _object(
    {
        "kind": {"const": "plan"},
        **_SCHEDULE_FIELDS,
        "total_paid": _ref("signed"),
        "origin": {"oneOf": [_ref("schedule"), _ref("statement")]},
        "terms": _ref("terms"),
        **{
            name: _ref("components")
            for name in ("owed", "capitalized", "waived", "spread", "due", "deferred")
        },
        "down_payment": _ref("signed"),
        "history": _array(_ref("installment"), 100_000),
        "steps": _array({"type": "string"}),
    }
)
_STATUS = _object(
    {
        "number": {"type": "integer"},
        "due_date": _ref("date"),
        "due": _ref("amounts"),
        "paid": _ref("amounts"),
        "outstanding": _ref("amounts"),
        "days_past_due": {"type": "integer"},
        "in_arrears": {"type": "boolean"},
        "paid_on": _nullable(_ref("date")),
        "paid_dates": _array(_ref("date"), 100_000),
    }
)
_ALLOCATION_OUT = _object(
    {
        "order": {"type": "array", "items": _enum(_COMPONENTS)},
        "waterfall": _enum(["horizontal", "vertical"]),
        "excess": _enum(["next_installment", "reduce_term", "reduce_installment", "credit"]),
    }
)
_LEDGER = _object(
    {
        "payment": _ref("payment_out"),
        "lines": _array(
            _object(
                {
                    "installment": _nullable({"type": "integer"}),
                    "component": _enum(_COMPONENTS),
                    "amount": _ref("signed"),
                }
            ),
            100_000,
        ),
        "credit": _ref("signed"),
    }
)
_STATEMENT = _object(
    {
        "kind": {"const": "statement"},
        "schedule": {"oneOf": [_ref("schedule"), _ref("plan")]},
        "as_of": _ref("date"),
        "payments": _array(_ref("payment_out"), 100_000),
        "penalty": _nullable(_ref("penalty_policy")),
        "allocation": _ref("allocation_out"),
        "interest_accrual": _enum(["on_due_dates", "daily"]),
        "installments": _array(_ref("installment_status"), 100_000),
        "arrears": _ref("amounts"),
        "principal_not_due": _ref("signed"),
        "accrued_interest": _ref("signed"),
        "payoff": _ref("signed"),
        "credit": _ref("signed"),
        "days_past_due": {"type": "integer"},
        "ledger": _array(_ref("payment_allocation"), 100_000),
        "penalty_charged": _ref("signed"),
        "late_fees_charged": _ref("signed"),
        "settled_on": _nullable(_ref("date")),
        "outstanding_principal": _ref("signed"),
        "total_paid": _ref("signed"),
        "bucket": {"type": "string"},
    }
)

_ROW = _object(
    {
        "name": {"type": "string"},
        "payments": {"type": "integer"},
        "first_installment": _ref("signed"),
        "regular_installment": _ref("signed"),
        "largest_installment": _ref("signed"),
        "last_due": _ref("date"),
        "total_paid": _ref("signed"),
        "total_interest": _ref("signed"),
        "waived": _ref("signed"),
        "lender_value": _ref("signed"),
        "saving": _ref("signed"),
        "apr": _ref("signed"),
    }
)
_CONVENTIONS = ["us", "eu", "pboc"]
_COMPARISON = _object(
    {
        "kind": {"const": "comparison"},
        "plans": _array(
            _object(
                {"name": {"type": "string"}, "plan": {"oneOf": [_ref("schedule"), _ref("plan")]}}
            ),
            100,
        ),
        "discount_rate": _ref("signed"),
        "valuation_date": _ref("date"),
        "baseline": {"type": "string"},
        "convention": _enum(_CONVENTIONS),
        "options": _array(_ref("comparison_row"), 100),
    }
)
_COMPARE = _object(
    {
        "discount_rate": {
            **_RATE,
            "description": 'the lender\'s annual discount rate as a fraction: "0.08" for 8%',
        },
        "baseline": {"type": "string", "minLength": 1, "maxLength": 100},
        "convention": _enum(_CONVENTIONS, "the APR convention"),
        "valuation_date": _ref("date"),
    },
    [],
    "how options are compared (reschedule.compare); every field has a default",
)

DEFS: dict[str, dict[str, Any]] = {
    "money": _MONEY,
    "rate": _RATE,
    "date": _DATE,
    "waiver": _WAIVER,
    "signed": _SIGNED,
    "fraction": _FRACTION,
    "loan": _LOAN,
    "loan_out": {**_LOAN, "required": list(_LOAN["properties"])},
    "rounding": _ROUNDING,
    "payment": _PAYMENT,
    "payment_out": {**_PAYMENT, "required": list(_PAYMENT["properties"])},
    "late_fee": _LATE_FEE,
    "penalty_policy": _PENALTY,
    "allocation": _ALLOCATION,
    "allocation_out": _ALLOCATION_OUT,
    **{f"operation_{name}": schema for name, schema in OPERATIONS.items()},
    "option": _OPTION,
    "installment": _INSTALLMENT,
    "schedule": _SCHEDULE,
    "components": _COMPONENTS_OUT,
    "terms": _TERMS,
    "plan": _PLAN,
    "amounts": _AMOUNTS_OUT,
    "installment_status": _STATUS,
    "payment_allocation": _LEDGER,
    "statement": _STATEMENT,
    "comparison_row": _ROW,
    "comparison": _COMPARISON,
    "compare": _COMPARE,
}
"""Every definition the documents share, by name."""

DOCUMENTS: dict[str, dict[str, Any]] = {
    "statement-request": _object(
        _ACCOUNT,
        ["loan", "as_of"],
        "reschedule statement: a loan, the payments received and the day of the statement",
    ),
    "statement-response": _object(
        {"statement": _ref("statement")}, None, "the answer of reschedule statement"
    ),
    "restructure-request": _object(
        {**_ACCOUNT, "at": _count(1), "options": _array(_ref("option"), 20, 1)},
        ["loan", "options"],
        "reschedule restructure: an account and the options to build. With as_of, each "
        "option restructures the statement of that day; without it, the schedule from "
        "installment at (1 by default)",
    ),
    "restructure-response": _object(
        {"options": _array(_object({"name": {"type": "string"}, "plan": _ref("plan")}), 20, 1)},
        None,
        "the answer of reschedule restructure: each option's plan, in the order asked",
    ),
    "compare-request": _object(
        {
            **_ACCOUNT,
            "at": _count(1),
            "options": _array(_ref("option"), 20, 1),
            "compare": _ref("compare"),
        },
        ["loan", "options"],
        "reschedule compare: a restructure request, and how to compare its options",
    ),
    "compare-response": _object(
        {"comparison": _ref("comparison")},
        None,
        "the answer of reschedule compare: the options side by side, and their plans",
    ),
    "schedule-response": _object(
        {"schedule": _ref("schedule")}, None, "the answer of reschedule schedule --format json"
    ),
}
"""The documents of the command line, by name: ``<command>-request`` and ``<command>-response``."""

# --------------------------------------------------------------------------- files


def _refs(value: Any, found: set[str]) -> None:
    if isinstance(value, dict):
        target = value.get("$ref")
        if isinstance(target, str) and target.startswith("#/$defs/"):
            name = target.removeprefix("#/$defs/")
            if name not in found:
                found.add(name)
                _refs(DEFS[name], found)
        for item in value.values():
            _refs(item, found)
    elif isinstance(value, list):
        for item in value:
            _refs(item, found)


def schema(name: str) -> dict[str, Any]:
    """The complete schema of a document, with the definitions it uses.

    Raises:
        InvalidInputError: no document of that name.

    Examples:
        >>> schema("statement-request")["required"]
        ['loan', 'as_of']
    """
    if name not in DOCUMENTS:
        names = ", ".join(repr(known) for known in DOCUMENTS)
        raise InvalidInputError(f"schema must be one of {names}; got {name!r}")
    document = DOCUMENTS[name]
    used: set[str] = set()
    _refs(document, used)
    return {
        "$schema": DIALECT,
        "$id": f"urn:reschedule:schema:{name}",
        "title": f"reschedule {name}",
        **document,
        "$defs": {key: DEFS[key] for key in DEFS if key in used},
    }


def render(name: str) -> str:
    """The JSON text of a document's schema, as shipped."""
    return json.dumps(schema(name), indent=2, ensure_ascii=False) + "\n"


def load(name: str) -> dict[str, Any]:
    """A document's schema as shipped in the package (``reschedule/surfaces/schemas/``)."""
    if name not in DOCUMENTS:
        schema(name)  # raises the error naming the documents
    text = (
        resources.files("reschedule.surfaces")
        .joinpath(f"schemas/{name}.schema.json")
        .read_text("utf-8")
    )
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def write(directory: Path) -> list[Path]:
    """Write every document's schema into `directory`; returns the files written."""
    written = []
    for name in DOCUMENTS:
        path = directory / f"{name}.schema.json"
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written


# --------------------------------------------------------------------------- the validator

SUPPORTED_KEYWORDS = frozenset(
    {
        "$schema",
        "$id",
        "$defs",
        "$ref",
        "title",
        "description",
        "type",
        "enum",
        "const",
        "pattern",
        "minimum",
        "maximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "items",
        "properties",
        "required",
        "additionalProperties",
        "anyOf",
        "oneOf",
    }
)
"""The keywords `validate` understands; the shipped schemas use no others."""

_TYPES = {
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "an object",
    "array": "an array",
    "null": "null",
}


def _is(value: Any, kind: str) -> bool:
    if kind == "string":
        return isinstance(value, str)
    if kind == "integer":  # a JSON number with a fraction or exponent (a Decimal) is not
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, int | float | Decimal) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "object":
        return isinstance(value, Mapping)
    if kind == "array":
        return isinstance(value, list)
    return value is None


def _shown(value: Any) -> str:
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value} (a JSON number)"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _wanted(schema: Mapping[str, Any]) -> str:
    if "enum" in schema:
        return "one of " + ", ".join(repr(item) for item in schema["enum"])
    if "const" in schema:
        return repr(schema["const"])
    if "description" in schema and "pattern" in schema:
        return str(schema["description"])
    kinds = schema.get("type")
    if isinstance(kinds, list):
        return " or ".join(_TYPES[kind] for kind in kinds)
    if isinstance(kinds, str):
        return _TYPES[kinds]
    return "a valid value"


class _Validator:
    def __init__(self, root: Mapping[str, Any]) -> None:
        self.root = root

    def resolve(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        while "$ref" in schema:
            target = schema["$ref"]
            if not isinstance(target, str) or not target.startswith("#/$defs/"):
                raise InvalidInputError(
                    f"schema reference must be '#/$defs/<name>'; got {target!r}"
                )
            schema = self.root["$defs"][target.removeprefix("#/$defs/")]
        return schema

    def errors(self, value: Any, schema: Mapping[str, Any], path: str) -> str | None:
        """The first error of `value` against `schema`, or None."""
        schema = self.resolve(schema)
        if "anyOf" in schema or "oneOf" in schema:
            return self.choice(value, schema, path)
        kinds = schema.get("type")
        if kinds is not None:
            wanted = [kinds] if isinstance(kinds, str) else list(kinds)
            if not any(_is(value, kind) for kind in wanted):
                return f"{path} must be {_wanted(schema)}; got {_shown(value)}"
        if "const" in schema and value != schema["const"]:
            return f"{path} must be {schema['const']!r}; got {_shown(value)}"
        if "enum" in schema and value not in schema["enum"]:
            return f"{path} must be {_wanted(schema)}; got {_shown(value)}"
        if isinstance(value, str):
            return self.string(value, schema, path)
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            if "minimum" in schema and value < schema["minimum"]:
                return f"{path} must be at least {schema['minimum']}; got {_shown(value)}"
            if "maximum" in schema and value > schema["maximum"]:
                return f"{path} must be at most {schema['maximum']}; got {_shown(value)}"
        if isinstance(value, list):
            return self.array(value, schema, path)
        if isinstance(value, Mapping):
            return self.object(value, schema, path)
        return None

    def string(self, value: str, schema: Mapping[str, Any], path: str) -> str | None:
        if "minLength" in schema and len(value) < schema["minLength"]:
            return (
                f"{path} must have at least {schema['minLength']} characters; got {_shown(value)}"
            )
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            return f"{path} must have at most {schema['maxLength']} characters; got {len(value)}"
        if "pattern" in schema and not re.search(schema["pattern"], value):
            return f"{path} must be {_wanted(schema)}; got {_shown(value)}"
        return None

    def array(self, value: list[Any], schema: Mapping[str, Any], path: str) -> str | None:
        if "minItems" in schema and len(value) < schema["minItems"]:
            return f"{path} must hold at least {schema['minItems']} items; got {len(value)}"
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            return f"{path} must hold at most {schema['maxItems']} items; got {len(value)}"
        items = schema.get("items")
        if items is not None:
            for index, item in enumerate(value):
                error = self.errors(item, items, f"{path}[{index}]")
                if error:
                    return error
        return None

    def object(self, value: Mapping[str, Any], schema: Mapping[str, Any], path: str) -> str | None:
        properties = schema.get("properties", {})
        for key in value:
            if not isinstance(key, str):  # pragma: no cover - JSON keys are strings
                return f"{path} keys must be strings; got {key!r}"
            if key not in properties and schema.get("additionalProperties") is False:
                names = ", ".join(properties)
                return f"{path} has no field {key!r}; its fields are {names}"
        for key in schema.get("required", []):
            if key not in value:
                return f"{path}.{key} is required"
        for key, item in value.items():
            if key in properties:
                error = self.errors(item, properties[key], f"{path}.{key}")
                if error:
                    return error
        return None

    def choice(self, value: Any, schema: Mapping[str, Any], path: str) -> str | None:
        one = "oneOf" in schema
        branches = [self.resolve(branch) for branch in schema["oneOf" if one else "anyOf"]]
        results = [self.errors(value, branch, path) for branch in branches]
        passed = results.count(None)
        if passed == 1 or (passed > 1 and not one):
            return None
        if passed > 1:
            return f"{path} matches more than one form; got {_shown(value)}"
        # one message, from the branch the value was meant for: by a discriminating
        # constant ("operation": "extend"), else by JSON type
        if isinstance(value, Mapping):
            for key in ("operation", "kind"):
                consts = [
                    branch.get("properties", {}).get(key, {}).get("const") for branch in branches
                ]
                if all(const is not None for const in consts):
                    if value.get(key) in consts:
                        return results[consts.index(value.get(key))]
                    if key not in value:
                        return f"{path}.{key} is required"
                    choices = ", ".join(repr(const) for const in consts)
                    return f"{path}.{key} must be one of {choices}; got {_shown(value.get(key))}"
        typed = [
            result
            for branch, result in zip(branches, results, strict=True)
            if "type" not in branch
            or any(
                _is(value, kind)
                for kind in (
                    [branch["type"]] if isinstance(branch["type"], str) else branch["type"]
                )
            )
        ]
        if len(typed) == 1:
            return typed[0]
        wanted = schema.get("description") or " or ".join(_wanted(branch) for branch in branches)
        return f"{path} must be {wanted}; got {_shown(value)}"


def validate(document: Any, schema: Mapping[str, Any], name: str = "request") -> None:
    """Check a parsed JSON document against a schema of `SUPPORTED_KEYWORDS`.

    Args:
        document: the parsed document (numbers as `Decimal` or int).
        schema: the schema, with its ``$defs``.
        name: the document's name at the start of paths in messages.

    Raises:
        InvalidInputError: the first field that breaks the schema, with its
            path and the rule.

    Examples:
        >>> loan = {"principal": "-5", "annual_rate": "0.1", "term": 12, "start": "2026-01-15"}
        >>> validate({"loan": loan, "as_of": "2026-03-01"}, load("statement-request"))
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: request.loan.principal must be an amount, ...
    """
    error = _Validator(schema).errors(document, schema, name)
    if error:
        raise InvalidInputError(error)


if __name__ == "__main__":  # pragma: no cover - python -m reschedule.surfaces._schema
    for written in write(Path(__file__).parent / "schemas"):
        print(written)
