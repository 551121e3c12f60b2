"""Every public name appears in the API reference (docs/reference/*.md)."""

from pathlib import Path

import reschedule

REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference"


def test_every_public_name_is_in_the_api_reference() -> None:
    text = "".join(page.read_text(encoding="utf-8") for page in REFERENCE.glob("*.md"))
    # a function named as its module (amortize, statement...) is documented by its
    # full path, or mkdocstrings would render the module
    missing = [
        name
        for name in reschedule.__all__
        if f"::: reschedule.{name}\n" not in text and f"::: reschedule.{name}.{name}\n" not in text
    ]
    assert missing == []
