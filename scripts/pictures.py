"""Draw the pictures of the documentation into docs/img/ (``make pictures``).

The figures come from the same calls the docs show, so the pictures and the
examples agree; rerun after a change to the plots or to the demo.
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from reschedule import Loan, amortize
from reschedule.surfaces.cli import DEMO_REQUEST, _compare

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "img"


def build(directory: Path = IMAGES) -> list[Path]:
    """Draw every picture into `directory`; returns the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    figures = {
        "schedule.png": amortize(Loan(10_000, "0.12", 24, "2026-01-15")).plot(),
        "comparison.png": _compare(DEMO_REQUEST).plot(),
    }
    written = []
    for name, figure in figures.items():
        path = directory / name
        figure.savefig(path, dpi=80, metadata={"Software": None})
        written.append(path)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else IMAGES):
        print(path)
