"""The JSON Schemas of the command line's documents, written as Python data.

Every closed choice (a method, a day count, a treatment...) is read from its
enum, so the schemas cannot drift from what the library accepts. The files
shipped in ``reschedule/surfaces/schemas/`` are rendered from this data
(``python -m reschedule.surfaces.schemas`` rewrites them; a test checks they are
current).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from reschedule.conventions import (
    CALENDARS,
    NAMED_FREQUENCIES,
    BusinessDay,
    Choice,
    DayCount,
    RoundingMode,
)
from reschedule.negotiation import (
    HOLIDAY_TREATMENTS,
    AprConvention,
    PlanStatus,
    Step,
    Treatment,
)
from reschedule.plans import Method
from reschedule.servicing import (
    ALLOCATION_PRESETS,
    ChargeFrom,
    Component,
    Excess,
    InterestAccrual,
    PenaltyBase,
    PenaltyParts,
    Waterfall,
)

__all__ = ["DEFS", "DIALECT", "DOCUMENTS", "OPERATIONS", "SCHEMA_VERSION", "VERSION_FIELD"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"

SCHEMA_VERSION = 1
"""The version of the documents' schemas. Every answer of the command line carries
it in `VERSION_FIELD`, and every schema's ``$id`` names it
(``urn:reschedule:schema:v1:statement-response``); it goes up when a document
changes in a way an existing reader or writer of it would notice."""

VERSION_FIELD = "schema_version"
"""The field of every answer (and, optionally, of a request) that holds `SCHEMA_VERSION`."""

# --------------------------------------------------------------------------- building blocks


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _enum(values: Iterable[str], description: str = "") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string", "enum": list(values)}
    if description:
        schema["description"] = description
    return schema


def _choice(members: Iterable[Choice], description: str = "") -> dict[str, Any]:
    """The values of an enum (a `Choice` subclass), or of some of its members."""
    return _enum((str(member.value) for member in members), description)


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
    "pattern": r"^([0-9]{1,2}(\.[0-9]{1,12})?|[0-9]{1,4}(\.[0-9]{1,10})?%)$",
    "minimum": 0,
    "maximum": 1,  # a whole number above 1 is a rate in per cent: 18 is written "18%"
    "description": 'a rate as a fraction in a decimal string ("0.12" for 12%) or in per cent '
    '("12%"); a rate above 100% a year is written in per cent ("150%"), up to "1000%"',
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
_SHARE = {
    "type": "string",
    "pattern": r"^[0-9]{1,3}(\.[0-9]{1,8})?%$",
    "description": 'a share in per cent: "30%" (a bare number is refused: it could be money)',
}
_COMPONENTS = [component.value for component in Component]

_LOAN = _object(
    {
        "principal": _ref("money"),
        "annual_rate": _ref("rate"),
        "term": _count(1, description="the number of installments"),
        "start": _ref("date"),
        "frequency": {
            "type": "string",
            "pattern": f"^({'|'.join(NAMED_FREQUENCIES)}|every [0-9]{{1,3}} (days?|months?))$",
            "description": 'a frequency: "monthly", "quarterly", "weekly", "biweekly", '
            '"every 10 days"...',
        },
        "method": _choice(Method),
        "day_count": _choice(DayCount),
        "first_payment": _nullable(_ref("date")),
        "rounding": _ref("rounding"),
        "balloon": _nullable(_ref("money")),
        "amortization_term": _nullable(_count(2)),
        "payment": _nullable(_ref("money")),
        "principal_grace": _count(0),
        "interest_free": _count(0),
        "end_of_month": {"type": "boolean"},
        "business_day": _choice(BusinessDay),
        "holidays": _array(_ref("date"), 1000),
        "calendar": _enum(
            CALENDARS,
            "the lender's business days: Monday to Friday, China's (with 调休), the "
            "Federal Reserve's, or England and Wales bank holidays",
        ),
    },
    ["principal", "annual_rate", "term", "start"],
    "the terms of a loan (reschedule.Loan)",
)
_ROUNDING = _object(
    {
        "places": _count(0, 8),
        "mode": _choice(RoundingMode),
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
_LATE_FEE = _object(
    {
        "amount": _ref("money"),
        "rate": _ref("rate"),
        "base": _choice(PenaltyBase),
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
        "base": _choice(PenaltyBase),
        "compound": {"type": "boolean"},
        "day_count": _LOAN["properties"]["day_count"],
        "grace_days": _count(0, 100_000),
        "charge_from": _choice(ChargeFrom),
        "late_fee": _nullable(_ref("late_fee")),
        "cap_per_installment": _nullable(_ref("rate")),
        "cap_total": _nullable(_ref("rate")),
        "max_annual_rate": _nullable(_ref("rate")),
        "stop_after_days": _nullable(_count(1, 100_000)),
        "charge_off": _nullable(_ref("date")),
        "charges_last": {"type": "boolean"},
    },
    [],
    "penalty interest, compound interest and late fees (reschedule.PenaltyPolicy)",
)
_ALLOCATION = {
    "anyOf": [
        _enum(ALLOCATION_PRESETS, "a preset allocation rule"),
        _object(
            {
                "order": {
                    "type": "array",
                    "items": _choice(Component),
                    "minItems": 4,
                    "maxItems": 4,
                },
                "waterfall": _choice(Waterfall),
                "excess": _choice(Excess),
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
    "interest": _choice(Treatment, "what happens to the interest owed"),
    "penalty": _choice(Treatment, "what happens to the penalty owed"),
    "fees": _choice(Treatment, "what happens to the fees owed"),
    "waive": _object({name: _ref("waiver") for name in _COMPONENTS}, []),
    "conditional": {"type": "boolean"},
    "down_payment": _ref("money"),
    "holiday": _count(0),
    "holiday_interest": _choice(HOLIDAY_TREATMENTS),
    "forbear": _ref("money"),
    "payment": _ref("money"),
    "reamortize": {"type": "boolean", "description": "re-amortise even with no other change"},
    "no_payment_shock": {
        "type": "boolean",
        "description": "round the level installment up so the last is never larger",
    },
    "spread_over": _count(1, description="repay what is spread with this many installments"),
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
        {"periods": _count(1), "interest": _choice(HOLIDAY_TREATMENTS)},
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
        ("waive", "conditional", *_COMPONENTS),
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
            "ratio": {**_RATE, "description": 'the debt-to-income ratio: "0.4" or "40%"'},
            "other_debts": _ref("money"),
            "max_term": _count(1),
            "rate_floor": _ref("rate"),
            "rate_step": _ref("rate"),
            "max_forbearance": {
                **_SHARE,
                "description": 'the most principal forborne, a share of the principal owed: "30%"',
            },
            "steps": _array(
                _choice(Step),
                6,
            ),
        },
        [],
    ),
    "keep_installment": _operation(
        "keep_installment",
        {"payment": {**_MONEY, "description": "the installment to keep (the contract's)"}},
        [],
        ("payment", "term"),
    ),
    "extend_and_waive": _operation(
        "extend_and_waive",
        {
            "periods": _count(1),
            "interest": {
                **_WAIVER,
                "description": 'the interest waived: "50%", "all" or an amount',
            },
            "conditional": {"type": "boolean"},
        },
        ["periods", "interest"],
        ("term", "interest", "waive", "conditional"),
    ),
    "spread_arrears": _operation(
        "spread_arrears",
        {
            "installments": _count(1, description="the installments that carry the arrears"),
            "max_payment": {**_MONEY, "description": "size it: the largest installment"},
            "income": {**_MONEY, "description": "size it from income per period"},
            "ratio": {**_RATE, "description": 'the debt-to-income ratio: "0.4" or "40%"'},
            "other_debts": _ref("money"),
        },
        [],
        ("spread_over",),
    ),
    "settle": _object(
        {
            "operation": {"const": "settle"},
            "discount": {**_SHARE, "description": 'the share waived, in per cent: "30%"'},
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
    "interest_accrual": _choice(InterestAccrual),
}

# --------------------------------------------------------------------------- results

_AMOUNTS_OUT = _object({name: _ref("signed") for name in _COMPONENTS})
_COMPONENTS_OUT = _AMOUNTS_OUT  # one type: Components is Amounts
_PENALTY_PARTS_OUT = _object(
    {name: _ref("signed") for name in PenaltyParts._fields},
    description="penalty interest (罚息) and compound interest (复利) apart",
)
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
        "interest": _choice(Treatment),
        "penalty": _choice(Treatment),
        "fees": _choice(Treatment),
        "waived": _ref("components"),
        "conditional": {"type": "boolean"},
        "down_payment": _ref("signed"),
        "holiday": {"type": "integer"},
        "holiday_interest": _choice(Treatment),
        "forborne": _ref("signed"),
        "payment": _nullable(_ref("signed")),
        "reamortize": {"type": "boolean"},
        "no_payment_shock": {"type": "boolean"},
        "spread_over": _nullable({"type": "integer"}),
    }
)
_PLAN = _object(
    {
        "kind": {"const": "plan"},
        **_SCHEDULE_FIELDS,
        "total_paid": _ref("signed"),
        "origin": {
            "oneOf": [
                _ref("schedule"),
                _ref("statement"),
                _ref("follow_up"),
                _object(
                    {"ref": {"type": "integer", "minimum": 0}},
                    description="in a comparison: the index of the plan's origin in its origins",
                ),
            ]
        },
        "terms": _ref("terms"),
        **{
            name: _ref("components")
            for name in (
                "owed",
                "capitalized",
                "waived",
                "spread",
                "due",
                "deferred",
                "paid_down",
                "amortized",
            )
        },
        "down_payment": _ref("signed"),
        "holiday_interest": _ref("signed"),
        "other_amounts": _array(_ref("components"), 100_000),
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
        "penalty_parts": _ref("penalty_parts"),
        "penalty_parts_outstanding": _ref("penalty_parts"),
    }
)
_ALLOCATION_OUT = _object(
    {
        "order": {"type": "array", "items": _choice(Component)},
        "waterfall": _choice(Waterfall),
        "excess": _choice(Excess),
    }
)
_LEDGER = _object(
    {
        "payment": _ref("payment_out"),
        "lines": _array(
            _object(
                {
                    "installment": _nullable({"type": "integer"}),
                    "component": _choice(Component),
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
        "interest_accrual": _choice(InterestAccrual),
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
        "penalty_parts_charged": _ref("penalty_parts"),
        "penalty_arrears": _ref("penalty_parts"),
        "settled_on": _nullable(_ref("date")),
        "outstanding_principal": _ref("signed"),
        "total_paid": _ref("signed"),
        "bucket": {"type": "string"},
    }
)

_BREAK_RULE = _object(
    {
        "missed_installments": _nullable(
            _count(1, description="broken when this many installments are missed at once")
        ),
        "days_past_due": _nullable(
            _count(0, 100_000, "broken when an installment is missed for more days than this")
        ),
        "late_installments": _nullable(
            _count(1, description="broken when this many installments were missed in all")
        ),
        "grace_days": _count(0, 100_000, "days after a due date a payment is still on time"),
    },
    [],
    "when an agreed plan counts as broken (reschedule.BreakRule); two installments "
    "missed at once by default",
)
_FOLLOW_UP_SETTINGS = _object(
    {
        "as_of": _ref("date"),
        "payments": _array(_ref("payment")),
        "rule": _ref("break_rule"),
        "penalty": _nullable(_ref("penalty_policy")),
        "allocation": _ref("allocation"),
        "interest_accrual": _choice(InterestAccrual),
    },
    ["as_of"],
    "the follow-up: the day, the payments made under the plan, and the agreement's rule, "
    "penalty and allocation (none and standard by default)",
)
_FOLLOW_UP = _object(
    {
        "kind": {"const": "follow_up"},
        "plan": _ref("plan"),
        "as_of": _ref("date"),
        "payments": _array(_ref("payment_out"), 100_000),
        "rule": {**_BREAK_RULE, "required": list(_BREAK_RULE["properties"])},
        "penalty": _nullable(_ref("penalty_policy")),
        "allocation": _ref("allocation_out"),
        "interest_accrual": _choice(InterestAccrual),
        "status": _choice(PlanStatus),
        "broken_on": _nullable(_ref("date")),
        "missed": {"type": "integer"},
        "late": {"type": "integer"},
        "days_past_due": {"type": "integer"},
        "installments": {"type": "integer"},
        "installments_paid": {"type": "integer"},
        "paid": _ref("signed"),
        "next_due": _nullable(_object({"date": _ref("date"), "amount": _ref("signed")})),
        **{name: _ref("components") for name in ("due_now", "owed", "reinstated", "waived")},
        "waiver_final": {"type": "boolean"},
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
_COMPARISON = _object(
    {
        "kind": {"const": "comparison"},
        "plans": _array(
            _object(
                {"name": {"type": "string"}, "plan": {"oneOf": [_ref("schedule"), _ref("plan")]}}
            ),
            100,
        ),
        "origins": _array({"oneOf": [_ref("schedule"), _ref("statement"), _ref("follow_up")]}, 100),
        "discount_rate": _ref("signed"),
        "valuation_date": _ref("date"),
        "baseline": {"type": "string"},
        "convention": _choice(AprConvention),
        "options": _array(_ref("comparison_row"), 100),
    }
)
_COMPARE = _object(
    {
        "discount_rate": {
            **_RATE,
            "description": 'the lender\'s annual discount rate: "0.08" or "8%" for 8%',
        },
        "baseline": {"type": "string", "minLength": 1, "maxLength": 100},
        "convention": _choice(AprConvention, "the APR convention"),
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
    "penalty_parts": _PENALTY_PARTS_OUT,
    "installment_status": _STATUS,
    "payment_allocation": _LEDGER,
    "statement": _STATEMENT,
    "comparison_row": _ROW,
    "comparison": _COMPARISON,
    "compare": _COMPARE,
    "break_rule": _BREAK_RULE,
    "follow_up_settings": _FOLLOW_UP_SETTINGS,
    "follow_up": _FOLLOW_UP,
}
"""Every definition the documents share, by name."""

_DOCUMENTS: dict[str, dict[str, Any]] = {
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
    "follow-up-request": _object(
        {
            **_ACCOUNT,
            "at": _count(1),
            "plan": {
                "oneOf": [
                    _object(
                        {"steps": _OPTION["properties"]["steps"]},
                        None,
                        "the operations that made the plan, in order, on the account",
                    ),
                    _ref("plan"),
                ],
                "description": "the agreed plan: its steps on the account, or the plan "
                "document reschedule restructure answered",
            },
            "follow_up": _ref("follow_up_settings"),
        },
        ["plan", "follow_up"],
        "reschedule follow-up: the account when the plan was agreed, the plan, and the "
        "payments made under it up to a day",
    ),
    "follow-up-response": _object(
        {"follow_up": _ref("follow_up")},
        None,
        "the answer of reschedule follow-up: honoured, in arrears, broken or completed, what "
        "is due and owed, and what was reinstated",
    ),
    "schedule-request": _object(
        {"loan": _ref("loan")},
        None,
        "reschedule schedule: a loan, with any of the terms a Loan takes (method, frequency, "
        "day count, balloon, grace, interest-free periods, rounding, calendar and holidays...)",
    ),
    "schedule-response": _object(
        {"schedule": _ref("schedule")}, None, "the answer of reschedule schedule --format json"
    ),
    "error": _object(
        {
            "error": _object(
                {
                    "code": {
                        "type": "string",
                        "description": "the rule broken, a stable identifier: too_large...",
                    },
                    "path": _nullable(
                        {"type": "string", "description": "the input at fault: request.loan.term"}
                    ),
                    "message": {
                        "type": "string",
                        "description": "the rule, the value received and the fix, in words",
                    },
                }
            )
        },
        None,
        "an error on standard error with --errors json (exit status 2 for bad input, 1 for "
        "no answer)",
    ),
}


def _versioned(name: str, document: dict[str, Any]) -> dict[str, Any]:
    """A document with its `VERSION_FIELD`: required in an answer, optional in a request
    (a request written for another version is refused)."""
    field = {
        "const": SCHEMA_VERSION,
        "description": "the version of this document's schema",
    }
    properties, required = document["properties"], document["required"]
    if name.endswith("-request"):  # listed last among the fields a request may give
        return {**document, "properties": {**properties, VERSION_FIELD: field}}
    return {
        **document,
        "properties": {VERSION_FIELD: field, **properties},
        "required": [VERSION_FIELD, *required],
    }


DOCUMENTS: dict[str, dict[str, Any]] = {
    name: _versioned(name, document) for name, document in _DOCUMENTS.items()
}
"""The documents of the command line, by name: ``<command>-request``,
``<command>-response`` and ``error``, each with its `VERSION_FIELD`."""
