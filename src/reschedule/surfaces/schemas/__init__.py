"""The JSON Schemas of the command line's documents, in three parts:

- `_data`: the schemas as Python data, every closed choice read from its enum;
- `_files`: each document's complete schema, its JSON text, the shipped files
  (``python -m reschedule.surfaces.schemas`` rewrites them);
- `_validator`: `validate`, the small validator that applies them.

A schema checks a document's shape (fields, types, formats, ranges); the
library then checks its rules (a waiver above what is owed, a payment dated
before the loan...). Either way a bad document gets one message naming the
field and the rule.
"""

from reschedule.surfaces.schemas._data import (
    DEFS,
    DIALECT,
    DOCUMENTS,
    OPERATIONS,
    SCHEMA_VERSION,
    VERSION_FIELD,
)
from reschedule.surfaces.schemas._files import (
    SHIPPED,
    load,
    render,
    schema,
    write,
)
from reschedule.surfaces.schemas._validator import (
    SUPPORTED_KEYWORDS,
    validate,
)

__all__ = [
    "DEFS",
    "DIALECT",
    "DOCUMENTS",
    "OPERATIONS",
    "SCHEMA_VERSION",
    "VERSION_FIELD",
    "SHIPPED",
    "load",
    "render",
    "schema",
    "write",
    "SUPPORTED_KEYWORDS",
    "validate",
]
