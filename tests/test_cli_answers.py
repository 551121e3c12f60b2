"""Every JSON answer of the command line, errors included, carries the version of its
schema in one field of the same name, and is valid against the schema it names."""

from __future__ import annotations

import json
from typing import Any

import pytest

from reschedule.surfaces.schemas import SCHEMA_VERSION, VERSION_FIELD
from tests.test_cli import COMPARE, RESTRUCTURE, STATEMENT, run, valid
from tests.test_cli_follow_up import FOLLOW_UP

SCHEDULE = ("--principal", "1200", "--rate", "0.12", "--term", "3", "--start", "2026-01-15")


@pytest.mark.parametrize(
    ("args", "document", "name"),
    [
        (("schedule", *SCHEDULE, "--format", "json"), None, "schedule-response"),
        (("statement", "-"), STATEMENT, "statement-response"),
        (("restructure", "-"), RESTRUCTURE, "restructure-response"),
        (("compare", "-"), COMPARE, "compare-response"),
        (("follow-up", "-"), FOLLOW_UP, "follow-up-response"),
    ],
)
def test_every_answer_carries_the_version(
    args: tuple[str, ...], document: dict[str, Any] | None, name: str
) -> None:
    done = run(*args, stdin=None if document is None else json.dumps(document))
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert next(iter(answer)) == VERSION_FIELD  # first, where a reader looks for it
    assert answer[VERSION_FIELD] == SCHEMA_VERSION
    valid(answer, name)


def test_an_error_carries_the_version() -> None:
    done = run("schedule", *SCHEDULE[:-2], "--start", "2026-02-30", "--errors", "json")
    assert done.returncode == 2
    answer = json.loads(done.stderr)
    assert answer[VERSION_FIELD] == SCHEMA_VERSION
    valid(answer, "error")


def test_a_request_may_name_the_version() -> None:
    done = run("statement", "-", stdin=json.dumps({**STATEMENT, VERSION_FIELD: SCHEMA_VERSION}))
    assert done.returncode == 0, done.stderr
    done = run("statement", "-", stdin=json.dumps({**STATEMENT, VERSION_FIELD: 99}))
    assert done.returncode == 2
    assert done.stderr == (f"reschedule: request.schema_version must be {SCHEMA_VERSION}; got 99\n")
