"""``reschedule serve``: the negotiator's page, a local web page over the library.

```
reschedule serve [--port 8765]           # then open http://127.0.0.1:8765/
```

The page takes an account (the JSON of a ``statement`` request: loan,
payments, day), shows its statement, lets the negotiator add offers with a
few controls, compares them in a table and a picture, and downloads the offer
letter of one of them. It is a client of the library: every call sends the
same JSON request the command line reads (``reschedule compare`` answers the
request the page shows), and the server only decodes it and calls the
library's functions (`to_html`, `plot`, `reschedule.letters.offer`).

The server listens on 127.0.0.1 only and answers only requests addressed to
it by that name or ``localhost``. It needs the ``web`` extra (Starlette,
uvicorn, matplotlib and Jinja2): ``pip install "reschedule-loans[web]"``.

| method and path | body | answer |
|---|---|---|
| ``GET /`` | | the page |
| ``GET /api/example`` | | an overdue account (a statement request) |
| ``POST /api/statement?labels=en`` | a statement request | ``{"html": ...}``, its tables |
| ``POST /api/compare?labels=en`` | a compare request | ``{"html": ..., "names": [...]}`` |
| ``POST /api/picture?labels=en`` | a compare request | the comparison's picture, PNG |
| ``POST /api/letter`` | ``{"request", "option", "lang", "lender"}`` | the offer letter, HTML |

An error answers ``{"error": {"code", "path", "message"}}`` with status 400
(bad input) or 422 (a computation that cannot succeed), as the command line
reports it.
"""

from __future__ import annotations

import argparse
import functools
import io
import re
import socket
import sys
import urllib.parse
from collections.abc import Callable, Mapping
from importlib import resources
from typing import IO, Any, TypeAlias

from reschedule.conventions import InvalidInputError, RescheduleError
from reschedule.negotiation import Comparison, Plan
from reschedule.servicing import Statement
from reschedule.surfaces._frame import require
from reschedule.surfaces._io import decode, loads
from reschedule.surfaces._labels import Language, phrase
from reschedule.surfaces._letters import Lender, offer
from reschedule.surfaces._plot import plot
from reschedule.surfaces._tables import to_html

__all__ = ["DEFAULT_PORT", "HOST", "Answer", "add_command", "make_app", "serve"]

HOST = "127.0.0.1"
"""The only address the page listens on: this machine."""

DEFAULT_PORT = 8765
"""The port ``reschedule serve`` listens on without ``--port``."""

MAX_BODY = 1_000_000
"""The largest request body read, in bytes (1 MB, as the command line's documents)."""

Answer: TypeAlias = Callable[[str, Any], object]
"""How a request is answered: the command line's validation and computation
(``"statement"`` gives a `Statement`, ``"compare"`` a `Comparison`), within its
work budget. The page calls nothing else to compute."""

_ACCOUNT_KEYS = ("loan", "payments", "as_of", "penalty", "allocation", "interest_accrual")
"""The keys of a request that describe the account (a statement request)."""


def _page() -> str:
    return (resources.files("reschedule.surfaces") / "templates" / "web" / "index.html").read_text(
        encoding="utf-8"
    )


def _labels(query: Mapping[str, str]) -> Language:
    return Language.parse(query.get("labels", "en"))


def _statement(answer: Answer, request: Any, language: Language) -> dict[str, Any]:
    result = answer("statement", request)
    assert isinstance(result, Statement)
    return {"html": to_html(result, labels=language)}


def _comparison(answer: Answer, request: Any) -> Comparison:
    result = answer("compare", request)
    assert isinstance(result, Comparison)
    return result


def _compare(answer: Answer, request: Any, language: Language) -> dict[str, Any]:
    result = _comparison(answer, request)
    return {
        "html": to_html(result, labels=language),
        "names": [name for name, _ in result.plans],
    }


def _picture(answer: Answer, request: Any, language: Language) -> bytes:
    figure = plot(_comparison(answer, request), labels=language)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=80)
    return buffer.getvalue()


_LETTER_KEYS = {"request", "option", "lang", "lender", "borrower"}


def _letter(answer: Answer, body: Any) -> tuple[str, str]:
    """The offer letter of one option of a compare request, and its file name."""
    if not isinstance(body, Mapping):
        raise InvalidInputError(
            f"letter must be an object of {', '.join(sorted(_LETTER_KEYS))}; "
            f"got {type(body).__name__}"
        )
    for key in body:
        if key not in _LETTER_KEYS:
            raise InvalidInputError(
                f"letter has no field {key!r}; its fields are {', '.join(sorted(_LETTER_KEYS))}"
            )
    for key in ("request", "option", "lender"):
        if key not in body:
            raise InvalidInputError(f"letter.{key} is required")
    name = decode(str, body["option"], "letter.option")
    lang = Language.parse(decode(str, body.get("lang", "zh"), "letter.lang"))
    lender = decode(Lender, body["lender"], "letter.lender")
    borrower = decode(str, body.get("borrower", ""), "letter.borrower")
    plans = dict(_comparison(answer, body["request"]).plans)
    if name not in plans:
        names = ", ".join(repr(known) for known in plans)
        raise InvalidInputError(f"letter.option must be one of {names}; got {name!r}")
    plan = plans[name]
    if not isinstance(plan, Plan):  # pragma: no cover - every option of a request is a plan
        raise InvalidInputError(f"letter.option {name!r} is not a plan")
    page = offer(plan, lang, lender=lender, borrower=borrower)
    slug = re.sub(r"[^\w.-]+", "-", name, flags=re.UNICODE).strip("-") or "offer"
    return page, f"offer-{slug}.html"


def _error(error: BaseException) -> tuple[int, dict[str, Any]]:
    """The status and body of an error, as the command line's ``--errors json``."""
    if isinstance(error, InvalidInputError):
        status, code = 400, error.code
    elif isinstance(error, RescheduleError):
        status, code = 422, error.code
    else:
        status, code = 500, "internal"
        error = RuntimeError(f"internal error ({type(error).__name__}: {error}); please report it")
    message = " ".join(str(error).split())
    path = getattr(error, "path", None)
    return status, {"error": {"code": code, "path": path, "message": message}}


def make_app(answer: Answer, example: Mapping[str, Any]) -> Any:
    """The page's ASGI application (Starlette).

    Args:
        answer: how a request is answered (the command line's).
        example: a request whose account the page offers as an example.

    Returns:
        A ``starlette.applications.Starlette`` that answers only requests
        addressed to 127.0.0.1 or localhost.

    Raises:
        MissingExtraError: the ``web`` extra is not installed.
    """
    for module in ("uvicorn", "matplotlib", "jinja2"):
        require(module, "web")
    applications = require("starlette.applications", "web")
    responses = require("starlette.responses", "web")
    routing = require("starlette.routing", "web")
    middleware = require("starlette.middleware", "web")
    trusted = require("starlette.middleware.trustedhost", "web")
    concurrency = require("starlette.concurrency", "web")
    account = {key: example[key] for key in _ACCOUNT_KEYS if key in example}

    async def body(request: Any) -> Any:
        data = await request.body()
        if len(data) > MAX_BODY:
            raise InvalidInputError(
                f"the request must be at most {MAX_BODY} bytes (1 MB); got {len(data)}"
            )
        return loads(data)

    def endpoint(work: Callable[[Any, Any], Any]) -> Callable[[Any], Any]:
        async def respond(request: Any) -> Any:
            try:
                given = await body(request)
                return await concurrency.run_in_threadpool(work, request, given)
            except Exception as error:
                status, content = _error(error)
                return responses.JSONResponse(content, status_code=status)

        return respond

    @endpoint
    def statement(request: Any, given: Any) -> Any:
        return responses.JSONResponse(_statement(answer, given, _labels(request.query_params)))

    @endpoint
    def compare(request: Any, given: Any) -> Any:
        return responses.JSONResponse(_compare(answer, given, _labels(request.query_params)))

    @endpoint
    def picture(request: Any, given: Any) -> Any:
        png = _picture(answer, given, _labels(request.query_params))
        return responses.Response(png, media_type="image/png")

    @endpoint
    def letter(request: Any, given: Any) -> Any:
        page, filename = _letter(answer, given)
        quoted = urllib.parse.quote(filename)
        return responses.HTMLResponse(
            page,
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quoted}"},
        )

    async def home(request: Any) -> Any:
        return responses.HTMLResponse(_page())

    async def example_account(request: Any) -> Any:
        return responses.JSONResponse(account)

    return applications.Starlette(
        routes=[
            routing.Route("/", home),
            routing.Route("/api/example", example_account),
            routing.Route("/api/statement", statement, methods=["POST"]),
            routing.Route("/api/compare", compare, methods=["POST"]),
            routing.Route("/api/picture", picture, methods=["POST"]),
            routing.Route("/api/letter", letter, methods=["POST"]),
        ],
        middleware=[
            middleware.Middleware(trusted.TrustedHostMiddleware, allowed_hosts=[HOST, "localhost"])
        ],
    )


def serve(
    answer: Answer,
    example: Mapping[str, Any],
    port: int = DEFAULT_PORT,
    *,
    out: IO[str] | None = None,
    language: Language | str = Language.EN,
) -> None:
    """Serve the page on 127.0.0.1 until interrupted; print its address first.

    Args:
        answer: how a request is answered (the command line's).
        example: a request whose account the page offers as an example.
        port: the port; 0 picks a free one (the address printed names it).
        out: where the address is printed (standard output by default).
        language: the language of that line (the page has its own switch).

    Raises:
        MissingExtraError: the ``web`` extra is not installed.
        InvalidInputError: `port` is not a port number, or cannot be listened on.
    """
    if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
        raise InvalidInputError(f"--port must be a port number from 0 to 65535; got {port!r}")
    uvicorn = require("uvicorn", "web")
    app = make_app(answer, example)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        listener.bind((HOST, port))
    except OSError as error:
        listener.close()
        raise InvalidInputError(
            f"--port {port} cannot be listened on at {HOST} ({error.strerror or error}); "
            "choose another port (--port 0 picks a free one)"
        ) from None
    url = f"http://{HOST}:{listener.getsockname()[1]}/"
    stream = sys.stdout if out is None else out
    print(phrase("serve.ready", language, url=url), file=stream, flush=True)
    config = uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False)
    try:
        uvicorn.Server(config).run(sockets=[listener])
    finally:
        listener.close()


def _port(text: str) -> int:
    if not re.fullmatch(r"[0-9]{1,5}", text.strip()) or int(text) > 65535:
        raise InvalidInputError(
            f"--port must be a port number from 0 to 65535 (0 picks a free one); got {text!r}"
        )
    return int(text)


def _run(args: argparse.Namespace, answer: Answer, example: Mapping[str, Any]) -> int:
    serve(answer, example, _port(args.port), language=args.labels)
    return 0


def add_command(commands: Any, answer: Answer, example: Mapping[str, Any]) -> None:
    """Add ``reschedule serve`` to the command line's subcommands.

    Args:
        commands: the command line's subparsers.
        answer: how the page's requests are answered (the command line's).
        example: a request whose account the page offers as an example.
    """
    command = commands.add_parser(
        "serve",
        help="the negotiator's page: a local web page over the library",
        description="Serve the negotiator's page on this machine (127.0.0.1 only): an "
        "account's statement, offers compared in a table and a picture, and the offer "
        'letter. Needs the web extra: pip install "reschedule-loans[web]".',
    )
    command.add_argument(
        "--port",
        default=str(DEFAULT_PORT),
        help=f"the port to listen on (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    command.add_argument(
        "--labels",
        choices=["en", "zh"],
        default="en",
        help="the language of the line it prints (the page has its own switch)",
    )
    command.set_defaults(run=functools.partial(_run, answer=answer, example=example))
