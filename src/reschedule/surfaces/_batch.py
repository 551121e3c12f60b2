"""``reschedule portfolio``: every account of a portfolio from files to a results file.

```
reschedule portfolio ACCOUNTS PAYMENTS --as-of DAY [--offers OFFERS] -o RESULTS
```

ACCOUNTS and PAYMENTS are ``.jsonl``, ``.csv`` or ``.parquet`` files (PAYMENTS
may be ``-`` when the accounts hold their payments or have none); RESULTS is
one of the same formats. The run's summary goes to standard error.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reschedule.conventions import InvalidInputError
from reschedule.servicing import PenaltyPolicy
from reschedule.surfaces._io import decode, loads
from reschedule.surfaces._labels import Language, phrase

if TYPE_CHECKING:
    from reschedule.portfolio import Summary

__all__ = ["add_command", "offers_argument", "penalty_argument", "summary_text"]


def _document(value: str, what: str) -> Any:
    """JSON given inline (``[...]``, ``{...}``) or the path of a JSON file."""
    text = value.strip()
    if text.startswith(("[", "{")):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise InvalidInputError(
                f"{what} must be JSON; got {value[:60]!r} ({error.msg})"
            ) from None
    try:
        data = Path(value).read_bytes()
    except OSError as error:
        raise InvalidInputError(
            f"{what} must be inline JSON or a readable JSON file; got {value!r} "
            f"({error.strerror or error})"
        ) from None
    return loads(data)


def offers_argument(value: str | None) -> Any:
    """The offers of ``--offers``: inline JSON or a JSON file holding a list of
    ``{"name", "steps"}`` (a compare request's ``options``) or a mapping of name to steps.

    Examples:
        >>> offers_argument('{"extend 6": {"operation": "extend", "periods": 6}}')
        {'extend 6': {'operation': 'extend', 'periods': 6}}
    """
    if value is None:
        return None
    document = _document(value, "--offers")
    if isinstance(document, dict) and "options" in document:  # a whole compare request
        return document["options"]
    return document


def penalty_argument(value: str | None) -> PenaltyPolicy | None:
    """The penalty policy of ``--penalty``: ``chinese_bank`` (the preset), ``none``, or
    a penalty object as in a statement request (inline JSON or a file).

    Examples:
        >>> penalty_argument("chinese_bank").compound
        True
        >>> penalty_argument('{"rate_multiple": "1.3"}').rate_multiple
        Decimal('1.3')
    """
    if value is None or value.strip().lower() == "none":
        return None
    if value.strip().lower() in {"chinese_bank", "chinese-bank"}:
        return PenaltyPolicy.chinese_bank()
    policy: PenaltyPolicy | None = decode(
        PenaltyPolicy | None, _document(value, "--penalty"), "--penalty"
    )
    return policy


def _cmd_portfolio(args: argparse.Namespace) -> int:
    from reschedule import portfolio

    results = portfolio.run(
        args.accounts,
        None if args.payments == "-" else args.payments,
        as_of=args.as_of,
        offers=offers_argument(args.offers),
        workers=args.workers,
        penalty=penalty_argument(args.penalty),
        allocation=args.allocation,
        discount_rate=args.discount_rate,
        keep=args.keep or (),
        output=args.output,
        resume=args.resume,
        chunk_size=args.chunk_size,
        progress=args.progress,
    )
    print(summary_text(results.summary, args.output, args.labels), file=sys.stderr)
    return 0


def summary_text(summary: Summary, output: str, language: Language | str = Language.EN) -> str:
    """The line a portfolio run ends with, in `language`.

    Examples:
        >>> from reschedule.portfolio import Summary
        >>> counts = Summary(accounts=3, computed=1, resumed=2, errors=1, orphan_payments=0)
        >>> summary_text(counts, "results.csv")
        'reschedule: 3 accounts, 1 with an error (2 already done, 1 computed now); results in results.csv'
        >>> summary_text(counts, "results.csv", "zh")
        '共3个账户，其中1个出错（2个此前已算完，本次计算1个）；结果已写入results.csv'
    """  # noqa: E501
    text = phrase("portfolio.summary", language, accounts=summary.accounts, errors=summary.errors)
    if summary.resumed:
        text += phrase(
            "portfolio.resumed", language, resumed=summary.resumed, computed=summary.computed
        )
    if summary.orphan_payments:
        text += phrase("portfolio.orphans", language, orphans=summary.orphan_payments)
    return phrase("portfolio.done", language, summary=text, output=output)


def _whole(value: str) -> int:
    # the digits 0-9 only, as everywhere a number is read (int() also takes '١٢')
    if not re.fullmatch(r"[0-9]{1,9}", value.strip()):
        raise argparse.ArgumentTypeError(f"must be a whole number; got {value!r}")
    return int(value)


def add_command(commands: Any) -> None:
    """Add ``portfolio`` to the command line's subcommands."""
    command = commands.add_parser(
        "portfolio",
        help="every account of a portfolio: statements and offers, a row each",
        description=(
            "State every account of ACCOUNTS as of a day (and compare the offers for it), "
            "over every core, one row per account in RESULTS. A bad account gets its error "
            "in its row; the run goes on."
        ),
    )
    command.add_argument(
        "accounts",
        metavar="ACCOUNTS",
        help="accounts: .jsonl, .csv or .parquet; columns id and the Loan fields "
        "(principal, annual_rate, term, start, ...)",
    )
    command.add_argument(
        "payments",
        metavar="PAYMENTS",
        help="payments: .jsonl, .csv or .parquet with account_id, date, amount; "
        "- for none (or a payments column in ACCOUNTS)",
    )
    command.add_argument("--as-of", required=True, help="the day of the statements, YYYY-MM-DD")
    command.add_argument(
        "--labels",
        choices=["en", "zh"],
        default="en",
        help="the language of the summary line: English or Chinese",
    )
    command.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="RESULTS",
        help="the results file: .jsonl, .csv or .parquet",
    )
    command.add_argument(
        "--offers",
        help='offers to compare: JSON inline or in a file, e.g. \'{"as it stands": '
        '{"operation": "restructure"}, "extend 6": {"operation": "extend", "periods": 6}}\'',
    )
    command.add_argument(
        "--penalty", help="chinese_bank, none (the default), or a penalty object as JSON"
    )
    command.add_argument("--allocation", help="the allocation rule: standard (default), vertical")
    command.add_argument(
        "--discount-rate", default="0.10", help="the lender's discount rate (default 0.10)"
    )
    command.add_argument(
        "--keep", nargs="+", metavar="COLUMN", help="extra account columns to copy to the results"
    )
    command.add_argument(
        "--workers", type=_whole, help="processes to use (default: every core; 1: this one)"
    )
    command.add_argument(
        "--chunk-size", type=_whole, default=200, help="accounts a worker takes at a time"
    )
    command.add_argument(
        "--resume",
        action="store_true",
        help="continue a stopped run: skip the accounts already in RESULTS (.jsonl or .csv)",
    )
    command.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="a progress bar (default: when standard error is a terminal and tqdm is installed)",
    )
    command.set_defaults(run=_cmd_portfolio)
