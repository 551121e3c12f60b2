"""The complete schema of each document, its JSON text, and the shipped files.

Each document's schema is assembled from the data in `_data` with the
definitions it uses; the files shipped beside this module are that
text, written by `write` (``python -m reschedule.surfaces.schemas``).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from reschedule.conventions import InvalidInputError
from reschedule.surfaces.schemas._data import DEFS, DIALECT, DOCUMENTS, SCHEMA_VERSION

__all__ = ["SHIPPED", "load", "render", "schema", "write"]

SHIPPED = Path(__file__).parent
"""The folder of the shipped schema files (this package's, in the source tree)."""


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
        "$id": f"urn:reschedule:schema:v{SCHEMA_VERSION}:{name}",
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


def write(directory: Path = SHIPPED) -> list[Path]:
    """Write every document's schema into `directory` (the shipped folder by default);
    returns the files written."""
    written = []
    for name in DOCUMENTS:
        path = directory / f"{name}.schema.json"
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written
