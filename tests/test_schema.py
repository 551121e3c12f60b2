"""The JSON Schemas shipped in the package: current, valid, used by the command line,
and applied by the built-in validator exactly as `jsonschema` applies them."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import jsonschema
import pytest

from reschedule.conventions import InvalidInputError
from reschedule.surfaces import (
    DOCUMENTS,
    SUPPORTED_KEYWORDS,
    load,
    render,
    schema,
    validate,
)
from reschedule.surfaces.cli import DEMO_REQUEST
from reschedule.surfaces.schemas import SCHEMA_VERSION, SHIPPED, VERSION_FIELD
from tests.test_cli import RESTRUCTURE, STATEMENT, TestScheduleRequest

EXAMPLES = [
    ({"loan": TestScheduleRequest.LOAN}, "schedule-request"),
    (STATEMENT, "statement-request"),
    (RESTRUCTURE, "restructure-request"),
    (DEMO_REQUEST, "compare-request"),
]


def keywords(value: Any, inside_properties: bool = False) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if not inside_properties:
                found.add(key)
            found |= keywords(item, key in ("properties", "$defs") and not inside_properties)
    elif isinstance(value, list):
        for item in value:
            found |= keywords(item)
    return found


class TestShippedFiles:
    @pytest.mark.parametrize("name", list(DOCUMENTS))
    def test_current(self, name: str) -> None:
        path = resources.files("reschedule.surfaces").joinpath(f"schemas/{name}.schema.json")
        assert path.read_text("utf-8") == render(name), "run python -m reschedule.surfaces.schemas"

    @pytest.mark.parametrize("name", list(DOCUMENTS))
    def test_valid_draft_2020_12(self, name: str) -> None:
        jsonschema.Draft202012Validator.check_schema(load(name))

    @pytest.mark.parametrize("name", list(DOCUMENTS))
    def test_only_supported_keywords(self, name: str) -> None:
        assert keywords(load(name)) <= SUPPORTED_KEYWORDS

    def test_unknown_document(self) -> None:
        with pytest.raises(InvalidInputError, match="schema must be one of 'statement-request'"):
            schema("loan")


class TestVersion:
    """One version for all the documents: in every schema's $id, and a field of the
    same name in every answer (required) and request (optional)."""

    @pytest.mark.parametrize("name", list(DOCUMENTS))
    def test_the_id_names_the_version(self, name: str) -> None:
        assert load(name)["$id"] == f"urn:reschedule:schema:v{SCHEMA_VERSION}:{name}"

    @pytest.mark.parametrize("name", list(DOCUMENTS))
    def test_the_field(self, name: str) -> None:
        document = load(name)
        assert document["properties"][VERSION_FIELD]["const"] == SCHEMA_VERSION
        assert (VERSION_FIELD in document["required"]) == (not name.endswith("-request"))

    def test_every_shipped_file_is_a_document(self) -> None:
        shipped = {path.name.removesuffix(".schema.json") for path in SHIPPED.glob("*.json")}
        assert shipped == set(DOCUMENTS)

    def test_a_request_of_another_version(self) -> None:
        validate({**STATEMENT, VERSION_FIELD: SCHEMA_VERSION}, load("statement-request"))
        with pytest.raises(
            InvalidInputError, match=rf"^request.schema_version must be {SCHEMA_VERSION}; got 2$"
        ):
            validate({**STATEMENT, VERSION_FIELD: 2}, load("statement-request"), "request")


class TestExamples:
    @pytest.mark.parametrize(("document", "name"), EXAMPLES)
    def test_examples_are_valid(self, document: Any, name: str) -> None:
        jsonschema.Draft202012Validator(load(name)).validate(document)
        validate(document, load(name))


class TestValidator:
    @pytest.mark.parametrize(
        ("document", "message"),
        [
            ({"as_of": "2024-01-01"}, r"^request.loan is required$"),
            ({**STATEMENT, "x": 1}, r"^request has no field 'x'; its fields are loan, payments"),
            (
                {**STATEMENT, "payments": {"date": "2024-01-01"}},
                r"^request.payments must be an array; got an object$",
            ),
            (
                {**STATEMENT, "penalty": {"grace_days": -1}},
                r"^request.penalty.grace_days must be at least 0; got -1$",
            ),
            (
                {**STATEMENT, "penalty": "chinese"},
                r"^request.penalty must be an object or null; got 'chinese'$",
            ),
            (
                {
                    **STATEMENT,
                    "payments": [{"date": "2024-02-01", "amount": "1", "reference": "x" * 201}],
                },
                r"^request.payments\[0\].reference must have at most 200 characters; got 201$",
            ),
            (
                {**STATEMENT, "loan": {**STATEMENT["loan"], "holidays": [True]}},
                r'^request.loan.holidays\[0\] must be an ISO date "YYYY-MM-DD"; got true$',
            ),
            (
                {**STATEMENT, "loan": {**STATEMENT["loan"], "calendar": "FR"}},
                r"^request.loan.calendar must be one of 'weekdays', 'CN', 'US', 'UK'; got 'FR'$",
            ),
        ],
    )
    def test_messages(self, document: Any, message: str) -> None:
        with pytest.raises(InvalidInputError, match=message):
            validate(document, load("statement-request"))
        assert not jsonschema.Draft202012Validator(load("statement-request")).is_valid(document)

    def test_a_reference_outside_the_document(self) -> None:
        with pytest.raises(InvalidInputError, match="schema reference must be"):
            validate(1, {"$ref": "https://example.com/x.json"})

    def test_the_response_of_a_comparison_is_valid(self) -> None:
        from reschedule.surfaces.cli import run_request

        answer = run_request("compare", json.loads(json.dumps(DEMO_REQUEST)))
        jsonschema.Draft202012Validator(load("compare-response")).validate(answer)
        validate(answer, load("compare-response"), "response")
