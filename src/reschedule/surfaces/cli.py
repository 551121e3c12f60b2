"""The ``reschedule`` command line: schedules, statements and restructuring options,
as tables for people and JSON for other tools.

```
reschedule schedule --principal 10000 --rate 0.12 --term 12 [--format table|csv|json]
reschedule schedule REQUEST.json         # a loan with every term: balloon, grace, calendar...
reschedule statement REQUEST.json        # a file, or - for standard input
reschedule restructure REQUEST.json
reschedule compare REQUEST.json
reschedule follow-up REQUEST.json        # is an agreed plan honoured, or broken?
reschedule portfolio ACCOUNTS PAYMENTS --as-of DAY [--offers OFFERS] -o RESULTS
reschedule demo                          # an overdue loan and the options for it
reschedule serve [--port 8765]           # the negotiator's page, on this machine
reschedule schema NAME                   # a shipped JSON Schema
reschedule --version                     # the distribution's name and version
```

Requests are validated against the shipped JSON Schemas, then by the
library's own rules. Bad input gets one line on standard error, naming the
field and the rule, and exit status 2; a computation that cannot succeed (no
affordable plan, a solver that cannot converge) exit status 1. Never a
traceback.
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import IO, Any, NoReturn, TypeAlias

from reschedule import __version__
from reschedule.conventions import InvalidInputError, RescheduleError, work_budget
from reschedule.negotiation import (
    Comparison,
    FollowUp,
    Plan,
    affordable,
    affordable_for_income,
    compare,
    defer,
    extend,
    extend_and_waive,
    follow_up,
    freeze,
    keep_installment,
    reage,
    reamortize,
    restructure,
    settle,
    spread_arrears,
    waive,
)
from reschedule.plans import Loan, Schedule, amortize
from reschedule.servicing import (
    Statement,
    statement,
)
from reschedule.surfaces._batch import add_command as add_portfolio_command
from reschedule.surfaces._io import decode, loads, located, replay, to_dict
from reschedule.surfaces._labels import Language, term
from reschedule.surfaces._prose import (
    demo_text,
    follow_up_footer,
    follow_up_text,
    rename_options,
)
from reschedule.surfaces._tables import to_csv, to_text
from reschedule.surfaces._web import add_command as add_serve_command
from reschedule.surfaces.schemas import (
    DOCUMENTS,
    SCHEMA_VERSION,
    VERSION_FIELD,
    load,
    render,
    validate,
)

__all__ = ["DISTRIBUTION", "MAX_DOCUMENT", "main", "run_request"]

DISTRIBUTION = "reschedule-loans"
"""The name the package is installed by (``pip install reschedule-loans``); it is
imported as ``reschedule``."""

MAX_DOCUMENT = 1_000_000
"""The largest request document read, in bytes (1 MB)."""

REQUEST_BUDGET = 20_000
"""The most installments and payments one request computes, over every schedule,
statement and plan it makes (options, steps and solvers included): a few seconds of
work. Twenty options of 480 monthly installments fit; a request beyond is refused
with the code ``too_much_work``."""


class UsageError(Exception):
    """The command line itself is wrong (exit status 2)."""

    code = "usage"
    path: str | None = None


class _Parser(argparse.ArgumentParser):
    """argparse, with one-line errors raised rather than printed with the usage."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see {self.prog} --help)")


# --------------------------------------------------------------------------- requests


def read_document(source: str, stdin: IO[bytes] | None = None) -> Any:
    """Read and parse a request document from a path or ``-`` (standard input).

    Raises:
        InvalidInputError: the file cannot be read, is larger than
            `MAX_DOCUMENT`, or is not JSON.
    """
    try:
        if source == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            data = stream.read(MAX_DOCUMENT + 1)
        else:
            with open(source, "rb") as file:
                data = file.read(MAX_DOCUMENT + 1)
    except OSError as error:
        raise InvalidInputError(
            f"the request must be a readable file or - for standard input; got {source!r} "
            f"({error.strerror or error})"
        ) from None
    if len(data) > MAX_DOCUMENT:
        raise InvalidInputError(
            f"the request must be at most {MAX_DOCUMENT} bytes (1 MB); got more than that"
        )
    return loads(data)


def _schedule(request: Mapping[str, Any]) -> Schedule:
    """The schedule of a request's loan."""
    loan = decode(Loan, request["loan"], "request.loan")
    schedule: Schedule = located("request.loan", lambda: amortize(loan))
    return schedule


def _account(request: Mapping[str, Any]) -> tuple[Schedule, Statement | None]:
    """The schedule of a request's loan and, with ``as_of``, its statement."""
    schedule = _schedule(request)
    if "as_of" not in request:
        for key in ("payments", "penalty", "allocation", "interest_accrual"):
            if key in request:
                raise InvalidInputError(
                    f"request.{key} applies to a statement; got it without request.as_of "
                    "(give the day of the statement)"
                )
        return schedule, None
    result = replay(statement, schedule, request, "request")
    return schedule, result


_OPERATIONS: dict[str, Callable[..., Plan]] = {
    "restructure": restructure,
    "extend": extend,
    "defer": defer,
    "waive": waive,
    "reage": reage,
    "reamortize": reamortize,
    "freeze": freeze,
    "settle": settle,
    "keep_installment": keep_installment,
    "extend_and_waive": extend_and_waive,
    "spread_arrears": spread_arrears,
}


def _affordable(source: Any, **arguments: Any) -> Plan:
    income = arguments.pop("income", None)
    ratio = arguments.pop("ratio", None)
    other_debts = arguments.pop("other_debts", None)
    if (income is None) == ("max_payment" not in arguments):
        raise InvalidInputError(
            "affordable needs exactly one of max_payment and income; got "
            + ("both" if income is not None else "neither")
        )
    if income is None and (ratio is not None or other_debts is not None):
        raise InvalidInputError(
            "ratio and other_debts apply with income; got them with max_payment"
        )
    if income is not None:
        limits = {"ratio": ratio, "other_debts": other_debts}
        return affordable_for_income(
            source,
            income,
            **{key: value for key, value in limits.items() if value is not None},
            **arguments,
        )
    return affordable(source, **arguments)


_OPERATIONS["affordable"] = _affordable


def _option(source: Any, at: int | None, option: Mapping[str, Any], path: str) -> Plan:
    """Apply an option's steps in order; the first to the source, each next to the plan."""
    plan: Any = source
    for index, step in enumerate(option["steps"]):
        arguments = {key: value for key, value in step.items() if key != "operation"}
        operation = step["operation"]
        if index == 0 and at is not None:
            if operation == "settle":
                raise InvalidInputError(
                    f"{path}.steps[0]: settle applies to a whole schedule or a statement; got "
                    f"request.at {at} (leave out at, or give as_of)"
                )
            arguments["at"] = at
        where = f"{path}.steps[{index}] ({operation})"
        plan = located(where, functools.partial(_OPERATIONS[operation], plan, **arguments))
    assert isinstance(plan, Plan)
    return plan


def _options(request: Mapping[str, Any]) -> list[tuple[str, Plan]]:
    schedule, result = _account(request)
    if result is not None and "at" in request:
        raise InvalidInputError(
            "request.at applies to a schedule without as_of; got both at and as_of "
            "(a statement restructures from its own day)"
        )
    source: Any = result if result is not None else schedule
    at = request.get("at")
    plans = []
    seen: set[str] = set()
    for index, option in enumerate(request["options"]):
        name = option["name"]
        if name in seen:
            raise InvalidInputError(
                f"request.options[{index}].name must be unique; got {name!r} twice"
            )
        seen.add(name)
        plans.append((name, _option(source, at, option, f"request.options[{index}]")))
    return plans


def _follow_up(request: Mapping[str, Any]) -> FollowUp:
    """The follow-up of a request: the agreed plan, then its payments replayed."""
    given = request["plan"]
    if "kind" in given:
        plan = decode(Plan, given, "request.plan")
        for key in ("loan", "payments", "as_of", "penalty", "allocation", "interest_accrual", "at"):
            if key in request:
                raise InvalidInputError(
                    f"request.{key} applies to the steps of a plan; got it with a plan "
                    "document (which holds its own account)"
                )
    else:
        if "loan" not in request:
            raise InvalidInputError(
                "request.loan is required with the steps of a plan (or give request.plan as "
                "the plan document reschedule restructure answered)"
            )
        schedule, account = _account(request)
        if account is not None and "at" in request:
            raise InvalidInputError(
                "request.at applies to a schedule without as_of; got both at and as_of "
                "(a statement restructures from its own day)"
            )
        source: Any = account if account is not None else schedule
        plan = _option(source, request.get("at"), given, "request.plan")
    result: FollowUp = replay(follow_up, plan, request["follow_up"], "request.follow_up")
    return result


_Answer: TypeAlias = Schedule | Statement | list[tuple[str, Plan]] | Comparison | FollowUp
"""What a request computes: a schedule, a statement, the named plans of the options,
their comparison, or a follow-up."""


def _answer(command: str, request: Any) -> _Answer:
    """Validate a request of `command` and compute its result, as library values,
    within the request's work budget."""
    validate(request, load(f"{command}-request"), "request")
    with work_budget(REQUEST_BUDGET):
        return _compute(command, request)


def _compute(command: str, request: Any) -> _Answer:
    if command == "schedule":
        return _schedule(request)
    if command == "statement":
        _, result = _account(request)
        assert result is not None  # as_of is required by the schema
        return result
    if command == "restructure":
        return _options(request)
    if command == "compare":
        return _compare(request)
    if command == "follow-up":
        return _follow_up(request)
    raise InvalidInputError(
        "command must be 'schedule', 'statement', 'restructure', 'compare' or 'follow-up'; "
        f"got {command!r}"
    )


def _document(result: _Answer) -> dict[str, Any]:
    """The response document of a result, with the version of its schema."""
    body: dict[str, Any]
    if isinstance(result, Statement):
        body = {"statement": to_dict(result)}
    elif isinstance(result, Comparison):
        body = {"comparison": to_dict(result)}
    elif isinstance(result, FollowUp):
        body = {"follow_up": to_dict(result)}
    elif isinstance(result, Schedule):
        body = {"schedule": to_dict(result)}
    else:
        body = {"options": [{"name": name, "plan": to_dict(plan)} for name, plan in result]}
    return {VERSION_FIELD: SCHEMA_VERSION, **body}


def run_request(command: str, request: Any) -> dict[str, Any]:
    """Answer a parsed request document of `command` (``"schedule"``, ``"statement"``,
    ``"restructure"``, ``"compare"`` or ``"follow-up"``) with its response document.

    Raises:
        InvalidInputError: the request breaks its schema or a rule.

    Examples:
        >>> request = {"loan": {"principal": "1200", "annual_rate": "0.12", "term": 12,
        ...                     "start": "2024-01-15"}, "as_of": "2024-04-01",
        ...            "payments": [{"date": "2024-02-15", "amount": "106.62"}]}
        >>> answer = run_request("statement", request)
        >>> answer["statement"]["days_past_due"], answer["statement"]["arrears"]["principal"]
        (17, '95.57')
    """
    return _document(_answer(command, request))


def _compare(request: Mapping[str, Any]) -> Comparison:
    plans = dict(_options(request))
    settings = dict(request.get("compare", {}))
    result: Comparison = located("request.compare", lambda: compare(plans, **settings))
    return result


# --------------------------------------------------------------------------- output


def _write(text: str) -> None:
    """Print `text`, in UTF-8 whatever the terminal's encoding."""
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8"))
    sys.stdout.flush()


def _json(document: Any) -> None:
    _write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


# --------------------------------------------------------------------------- the demo

DEMO_REQUEST: dict[str, Any] = {
    "loan": {
        "principal": "60000",
        "annual_rate": "0.108",
        "term": 24,
        "start": "2025-01-10",
    },
    "payments": [
        {"date": "2025-02-10", "amount": "2790.90", "reference": "R-01"},
        {"date": "2025-03-10", "amount": "2790.90", "reference": "R-02"},
        {"date": "2025-04-12", "amount": "2790.90", "reference": "R-03"},
        {"date": "2025-05-10", "amount": "2790.90", "reference": "R-04"},
        {"date": "2025-06-20", "amount": "1500.00", "reference": "R-05"},
    ],
    "as_of": "2025-10-15",
    "penalty": {"rate_multiple": "1.5", "compound": True, "day_count": "ACT/360"},
    "options": [
        {"name": "as it stands", "steps": [{"operation": "restructure"}]},
        {
            "name": "extend 12 months",
            "steps": [
                {"operation": "extend", "periods": 12, "interest": "spread", "penalty": "spread"}
            ],
        },
        {
            "name": "3-month holiday",
            "steps": [
                {
                    "operation": "restructure",
                    "holiday": 3,
                    "interest": "capitalize",
                    "penalty": "capitalize",
                }
            ],
        },
        {
            "name": "waive penalty",
            "steps": [
                {"operation": "waive", "penalty": "all", "conditional": True},
                {"operation": "reage", "installments": 18},
            ],
        },
        {"name": "freeze 36 months", "steps": [{"operation": "freeze", "term": 36}]},
        {
            "name": "settle 30% off",
            "steps": [{"operation": "settle", "discount": "30%", "installments": 3}],
        },
        {
            "name": "affordable",
            "steps": [
                {"operation": "affordable", "income": "6500", "ratio": "0.4", "other_debts": "900"}
            ],
        },
    ],
    "compare": {"discount_rate": "0.08"},
}
"""The demo's request: an overdue consumer loan, the account as it stands and six options
(``reschedule demo --request``, a compare request)."""


DEMO_OFFERS = {
    option["name"]: term("demo.offer", option["name"]) for option in DEMO_REQUEST["options"]
}
"""What each of the demo's options offers, as a collections officer says it (in English;
``PHRASES["demo.offer.NAME"]`` holds the Chinese too)."""


def demo(labels: Language | str = "en") -> str:
    """The demo: an overdue consumer loan, its statement, the options and their comparison,
    told in English or Chinese (the options named in the language too)."""
    request = rename_options(DEMO_REQUEST, labels)
    validate(request, load("compare-request"), "request")
    schedule, result = _account(request)
    assert result is not None
    comparison = _compare(request)
    tables = (to_text(result, labels=labels), to_text(comparison, labels=labels))
    return demo_text(schedule, result, comparison.options, comparison.baseline, tables, labels)


# --------------------------------------------------------------------------- commands


def _today() -> date:
    return date.today()


_FLAGS = {
    "principal": "--principal",
    "annual_rate": "--rate",
    "term": "--term",
    "start": "--start",
    "method": "--method",
    "frequency": "--frequency",
    "day_count": "--day-count",
    "first_payment": "--first-payment",
    "calendar": "--calendar",
    "business_day": "--business-day",
}
"""The loan's fields that ``reschedule schedule`` takes as options, and their flags."""


def _flagged(error: RescheduleError) -> RescheduleError:
    """An error of a loan's field, named by its flag (``--rate``, not ``annual_rate``)."""
    message = str(error)
    field = error.path or message.partition(" ")[0]
    if field not in _FLAGS or not message.startswith(field):
        return error
    flagged = copy.copy(error)  # the same type and code
    flagged.args = (_FLAGS[field] + message.removeprefix(field),)
    flagged.path = _FLAGS[field]
    return flagged


def _loan_of_flags(args: argparse.Namespace) -> Loan:
    """The loan the options of ``reschedule schedule`` describe."""
    given = {field: getattr(args, field) for field in _FLAGS}
    missing = [_FLAGS[field] for field in ("principal", "annual_rate", "term") if not given[field]]
    if missing:
        raise UsageError(
            "the loan needs --principal, --rate and --term, or a schedule request "
            "(reschedule schedule REQUEST.json; see reschedule schema schedule-request); "
            f"got no {' and no '.join(missing)}"
        )
    if not re.fullmatch(r"[0-9]{1,9}", given["term"].strip()):
        raise UsageError(
            f"--term must be a whole number of installments; got {given['term']!r} (such as 12)"
        )
    given["term"] = int(given["term"])
    given["start"] = given["start"] or _today()
    try:
        return Loan(**{field: value for field, value in given.items() if value is not None})
    except RescheduleError as error:
        raise _flagged(error) from None


def _cmd_schedule(args: argparse.Namespace) -> int:
    if args.request is None:
        schedule = amortize(_loan_of_flags(args))
    else:
        flags = [_FLAGS[field] for field in _FLAGS if getattr(args, field) is not None]
        if flags:
            raise UsageError(
                f"the loan is given by the request or by options, not both; got the request "
                f"and {', '.join(flags)} (put them in the request's loan)"
            )
        result = _answer("schedule", read_document(args.request))
        assert isinstance(result, Schedule)
        schedule = result
    if args.format == "json":
        _json(_document(schedule))
    elif args.format == "csv":
        _write(to_csv(schedule, labels=args.labels))
    else:
        _write(to_text(schedule, labels=args.labels) + "\n")
    return 0


def _cmd_request(args: argparse.Namespace) -> int:
    request = read_document(args.request)
    result = _answer(args.command, request)
    if args.format == "json":
        _json(_document(result))
    elif isinstance(result, list):  # the options' plans, each under its name
        for name, plan in result:
            _write(f"{name}\n\n{to_text(plan, labels=args.labels)}\n\n")
    elif isinstance(result, FollowUp):
        _write(_follow_up_text(result, args.labels) + "\n")
    else:  # the result itself: nothing is encoded, decoded or computed again
        _write(to_text(result, labels=args.labels) + "\n")
    return 0


def _follow_up_text(result: FollowUp, labels: str) -> str:
    """A follow-up for people: where the plan stands, then its statement."""
    text = follow_up_text(result, labels) + "\n\n" + to_text(result.statement, labels=labels)
    footer = follow_up_footer(result, labels)  # what the plan's statement leaves out
    return text + "\n" + footer if footer else text


def _cmd_demo(args: argparse.Namespace) -> int:
    if args.request:
        _json(DEMO_REQUEST)
    else:
        _write(demo(args.labels) + "\n")
    return 0


def _cmd_schema(args: argparse.Namespace) -> int:
    _write(render(args.name))
    return 0


def _parser() -> _Parser:
    parser = _Parser(
        prog="reschedule",
        description="Exact repayment plans: schedules, statements of overdue accounts, "
        "restructuring options.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{DISTRIBUTION} {__version__}",
        help="print the distribution's name and version, and exit",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    labels = _Parser(add_help=False)
    labels.add_argument(
        "--labels",
        choices=["en", "zh"],
        default="en",
        help="the language of what a person reads: English or Chinese (labels, captions, words)",
    )

    schedule = commands.add_parser(
        "schedule",
        parents=[labels],
        help="a loan's repayment schedule",
        description="Print a loan's repayment schedule. Give the loan as options, or as a "
        "schedule request for every term a loan takes (balloon, grace, rounding, calendar "
        "and holidays...): see `reschedule schema schedule-request`.",
    )
    schedule.add_argument(
        "request",
        nargs="?",
        metavar="REQUEST",
        help="a schedule request: a JSON file, or - for standard input (instead of the options)",
    )
    schedule.add_argument("--principal", help="the amount lent: 10000")
    schedule.add_argument(
        "--rate",
        dest="annual_rate",
        help="the annual rate as a fraction or in per cent: 0.12 or 12%%",
    )
    schedule.add_argument("--term", help="the number of installments: 12")
    schedule.add_argument("--start", help="the disbursement date, YYYY-MM-DD (default: today)")
    schedule.add_argument(
        "--method", help="annuity (default), equal_principal, interest_only, flat"
    )
    schedule.add_argument(
        "--frequency", help="monthly (default), quarterly, weekly, 'every 10 days'..."
    )
    schedule.add_argument("--day-count", help="30/360 US (default), ACT/360, ACT/365F, ...")
    schedule.add_argument("--first-payment", help="an odd first due date, YYYY-MM-DD")
    schedule.add_argument(
        "--calendar",
        help="the lender's business days: CN (China, with 调休), US (Federal Reserve), "
        "UK (England and Wales); due dates on other days move to the next business day",
    )
    schedule.add_argument(
        "--business-day",
        help="how a due date on a non-business day moves: following (default with "
        "--calendar), modified_following, preceding, unadjusted",
    )
    schedule.add_argument(
        "--format",
        choices=["table", "csv", "json"],
        default="table",
        help="table (the default) for people, csv for a spreadsheet, json for programs",
    )
    schedule.set_defaults(run=_cmd_schedule)

    for name, text in (
        ("statement", "the statement of an account as of a day"),
        ("restructure", "restructuring options for an account"),
        ("compare", "restructuring options compared side by side"),
        ("follow-up", "an agreed plan followed up: honoured, in arrears or broken"),
    ):
        command = commands.add_parser(
            name,
            parents=[labels],
            help=text,
            description=f"Answer a {name} request (JSON; see `reschedule schema {name}-request`).",
        )
        command.add_argument(
            "request", metavar="REQUEST", help="a JSON file, or - for standard input"
        )
        command.add_argument(
            "--format",
            choices=["json", "table"],
            default="json",
            help="json (the default): the answer for programs, valid against its schema; "
            "table: for people",
        )
        command.set_defaults(run=_cmd_request)

    demo_command = commands.add_parser(
        "demo", parents=[labels], help="an overdue loan, its statement and its options"
    )
    demo_command.add_argument(
        "--request", action="store_true", help="print the demo's request document instead"
    )
    demo_command.set_defaults(run=_cmd_demo)

    schema = commands.add_parser("schema", help="print a JSON Schema of the documents")
    schema.add_argument("name", choices=list(DOCUMENTS), metavar="NAME", help=", ".join(DOCUMENTS))
    schema.set_defaults(run=_cmd_schema)
    add_portfolio_command(commands)
    add_serve_command(commands, _answer, DEMO_REQUEST)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0, 1 or 2).

    ``--errors json`` (anywhere on the line) writes an error to standard error
    as one JSON object, ``{"schema_version": 1, "error": {"code": ..., "path": ...,
    "message": ...}}`` (``reschedule schema error``),
    for a tool that embeds the command; the exit status is the same.
    """
    parser = _parser()
    arguments = sys.argv[1:] if argv is None else list(argv)
    arguments, as_json, wrong = _errors_option(arguments)
    _error = functools.partial(_report, as_json=as_json)
    try:
        if wrong is not None:
            raise UsageError(f"--errors must be text or json; got {wrong!r}")
        args = parser.parse_args(arguments)
        if args.command is None:
            raise UsageError(
                "a command is required: schedule, statement, restructure, compare, follow-up, "
                "portfolio, demo, schema or serve "
                "(see reschedule --help)"
            )
        status: int = args.run(args)
        return status
    except SystemExit as exit:  # --help
        return exit.code if isinstance(exit.code, int) else 0
    except (UsageError, InvalidInputError) as error:
        _error(error)
        return 2
    except RescheduleError as error:
        _error(error)
        return 1
    except BrokenPipeError:  # the reader went away: `reschedule demo | head`
        sys.stderr.close()
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # never a traceback: say what and ask for a report
        _error(f"internal error ({type(error).__name__}: {error}); please report it")
        return 1


def _errors_option(arguments: list[str]) -> tuple[list[str], bool, str | None]:
    """The arguments without ``--errors text|json``, whether it asked for JSON, and
    a value that is neither (or None)."""
    kept, as_json, wrong, index = [], False, None, 0
    while index < len(arguments):
        argument = arguments[index]
        if argument == "--errors" and index + 1 < len(arguments):
            value, index = arguments[index + 1], index + 2
        elif argument.startswith("--errors="):
            value, index = argument.partition("=")[2], index + 1
        else:
            kept.append(argument)
            index += 1
            continue
        if value not in ("text", "json"):
            wrong = value
        as_json = value == "json"
    return kept, as_json, wrong


def _report(error: object, as_json: bool = False) -> int:
    # a lone surrogate from a document cannot be written as UTF-8: shown escaped
    message = " ".join(str(error).split()).encode("utf-8", "backslashreplace").decode("utf-8")
    if as_json:
        code = getattr(error, "code", "internal")
        path = getattr(error, "path", None)
        body = {"code": code, "path": path, "message": message}
        document = {VERSION_FIELD: SCHEMA_VERSION, "error": body}
        print(json.dumps(document, ensure_ascii=False), file=sys.stderr)
    else:
        print(f"reschedule: {message}", file=sys.stderr)
    return 2
