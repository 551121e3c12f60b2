"""The validator that applies the schemas: the JSON Schema keywords they use, no more.

The command line validates every request against its shipped schema with
`validate`, so the core needs no dependency; it accepts exactly what the
`jsonschema` package accepts (the test suite checks that on generated
documents), and its one message names the first field that breaks the schema
and the rule.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from reschedule.conventions import InvalidInputError

__all__ = ["SUPPORTED_KEYWORDS", "validate"]

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
    if kind == "integer":  # JSON Schema's integer is a value: 12, 12.0 or 1.2e1, not 12.5
        if isinstance(value, float):
            return value.is_integer()
        if isinstance(value, Decimal):  # how `loads` reads a number with a fraction or exponent
            return value.is_finite() and value == value.to_integral_value()
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
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            # the description says how to write the value (a rate of 18 is "18%")
            meant = f" ({schema['description']})" if "description" in schema else ""
            if "minimum" in schema and value < schema["minimum"]:
                return f"{path} must be at least {schema['minimum']}; got {_shown(value)}{meant}"
            if "maximum" in schema and value > schema["maximum"]:
                return f"{path} must be at most {schema['maximum']}; got {_shown(value)}{meant}"
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
        alternatives = dict.fromkeys(_wanted(branch) for branch in branches)  # each once
        wanted = schema.get("description") or " or ".join(alternatives)
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
        >>> from reschedule.surfaces import load
        >>> loan = {"principal": "-5", "annual_rate": "0.1", "term": 12, "start": "2026-01-15"}
        >>> validate({"loan": loan, "as_of": "2026-03-01"}, load("statement-request"))
        Traceback (most recent call last):
        ...
        reschedule.InvalidInputError: request.loan.principal must be an amount, ...
    """
    error = _Validator(schema).errors(document, schema, name)
    if error:
        # every message starts with the path of the value at fault, which holds no
        # space (the schema's field names and array indexes)
        raise InvalidInputError(error, path=error.partition(" ")[0])
