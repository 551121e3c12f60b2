"""Reading letters back: their tables and their visible text (stdlib html.parser)."""

from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

_BLOCKS = frozenset({"p", "li", "ul", "ol", "div", "dt", "dd", "h1", "h2", "tr", "td", "th", "br"})


class Letter(HTMLParser):
    """The tables (rows of cell text) and the visible text of a letter."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None
        self._skip = 0
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS:
            self.text.append(" ")
        if tag in ("style", "title"):
            self._skip += 1
        elif tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)

    @property
    def visible(self) -> str:
        return " ".join("".join(self.text).split())


def figures(cell: str) -> Decimal:
    """A table cell's amount: ``1,234.56`` is ``Decimal('1234.56')``."""
    return Decimal(cell.replace(",", ""))


def column_sums(table: list[list[str]], first: int) -> list[Decimal]:
    """The sums of the body rows (between the header and the total row), per column."""
    body = table[1:-1]
    return [sum((figures(row[i]) for row in body), Decimal(0)) for i in range(first, len(table[0]))]
