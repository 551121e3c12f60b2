"""The built-in validator agrees with `jsonschema` on every document, valid or not,
and every value `to_dict` gives is valid against the response schemas."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reschedule import InvalidInputError, Loan, Plan, to_dict
from reschedule.surfaces.cli import run_request
from reschedule.surfaces.schemas import SCHEMA_VERSION, load, validate
from tests.property.test_amortize_properties import loans, plan_of
from tests.property.test_io_properties import plans
from tests.test_schema import EXAMPLES

SCHEMAS = {
    name: load(name)
    for name in {name for _, name in EXAMPLES} | {"schedule-response", "restructure-response"}
}
CHECKERS = {name: jsonschema.Draft202012Validator(schema) for name, schema in SCHEMAS.items()}

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**16), 10**16)
    | st.decimals(
        allow_nan=False, allow_infinity=False, places=3, min_value=-(10**6), max_value=10**6
    )
    # floats, as json.loads gives them: 12.0 is an integer to JSON Schema, 12.5 is not
    | st.integers(-(10**6), 10**6).map(float)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "0",
            "12.50",
            "-1",
            "all",
            "50%",
            "2024-02-30",
            "2024-03-01",
            "monthly",
            "extend",
            "ACT/360",
            "",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> tuple[str, Any]:
    """A valid example with one to three changes: a value replaced, a key removed or added."""
    document, name = draw(st.sampled_from(EXAMPLES))
    document = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(paths(document)))
        if not path:
            document = draw(json_values)
            continue
        parent = document
        for key in path[:-1]:
            parent = parent[key]
        action = draw(st.sampled_from(["replace", "replace", "remove", "add"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "remove" and isinstance(parent, dict):
            del parent[path[-1]]
        elif isinstance(parent[path[-1]], dict):
            parent[path[-1]][draw(st.text(max_size=8))] = draw(json_values)
    return name, document


def ours(document: Any, name: str) -> bool:
    """Whether the built-in validator accepts the document; its message, if not, is
    one line naming a field of the request."""
    message = None
    try:
        validate(document, SCHEMAS[name])
    except InvalidInputError as error:
        message = str(error)
    if message is None:
        return True
    assert message.startswith("request"), message
    assert "\n" not in message
    return False


def as_floats(value: Any) -> Any:
    """The document as `json.loads` gives it to jsonschema: a number with a fraction or an
    exponent, which our reader keeps as an exact Decimal, as a float."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list):
        return [as_floats(item) for item in value]
    if isinstance(value, dict):
        return {key: as_floats(item) for key, item in value.items()}
    return value


@settings(max_examples=50)
@given(mutated())
def test_the_validator_agrees_with_jsonschema(case: tuple[str, Any]) -> None:
    name, document = case
    assert ours(document, name) == CHECKERS[name].is_valid(as_floats(document))


@settings(max_examples=30)
@given(loans())
def test_a_schedule_request_answers_the_loans_schedule(loan: Loan) -> None:
    # any loan, written as it travels, is a valid schedule request whose answer is
    # the schedule the library computes: the request is the loan, every term of it
    schedule = plan_of(loan)
    request = {"loan": to_dict(loan)}
    CHECKERS["schedule-request"].validate(as_floats(request))
    answer = run_request("schedule", request)
    assert answer == {"schema_version": SCHEMA_VERSION, "schedule": to_dict(schedule)}


@settings(max_examples=30)
@given(loans())
def test_every_schedule_is_a_valid_response(loan: Loan) -> None:
    document = {"schema_version": SCHEMA_VERSION, "schedule": to_dict(plan_of(loan))}
    CHECKERS["schedule-response"].validate(document)
    validate(document, SCHEMAS["schedule-response"], "response")


@settings(max_examples=30)
@given(plans())
def test_every_plan_is_a_valid_response(plan: Plan) -> None:
    document = {
        "schema_version": SCHEMA_VERSION,
        "options": [{"name": "plan", "plan": to_dict(plan)}],
    }
    CHECKERS["restructure-response"].validate(document)
    validate(document, SCHEMAS["restructure-response"], "response")


@pytest.mark.parametrize(
    ("term", "valid"),
    [(Decimal("12.0"), True), (Decimal("1.2E+1"), True), (Decimal("12.5"), False)],
)
def test_a_json_number_of_integer_value_is_an_integer(term: Decimal, valid: bool) -> None:
    # JSON Schema 2020-12, Validation 6.1.1: "integer" matches "any number with a zero
    # fractional part"; our reader gives 12.0 and 1.2e1 as Decimal, jsonschema sees floats
    document = {
        "loan": {"principal": "1", "annual_rate": "0", "term": term, "start": "2024-01-01"},
        "as_of": "2024-01-01",
    }
    assert ours(document, "statement-request") is valid
    assert CHECKERS["statement-request"].is_valid(as_floats(document)) is valid


@pytest.mark.parametrize(
    ("term", "valid"),
    [
        (12.0, True),  # JSON Schema: a number with a zero fractional part is an integer
        (12.5, False),
        (0.0, False),  # below the minimum of 1
        (1e5, False),  # above the maximum of 10000
        (True, False),  # a boolean is no integer
    ],
)
def test_integer_valued_floats_are_integers(term: Any, valid: bool) -> None:
    document = {
        "loan": {"principal": "1", "annual_rate": "0", "term": term, "start": "2024-01-01"},
        "as_of": "2024-01-01",
    }
    assert CHECKERS["statement-request"].is_valid(document) is valid
    assert ours(document, "statement-request") is valid
