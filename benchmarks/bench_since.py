"""An account's cost now against the library the portfolio issue measured, in one run.

Run: ``.venv/bin/python benchmarks/bench_since.py [CHUNK [ROUNDS]]`` from a git
checkout (200 accounts a chunk and 11 rounds by default).

The portfolio issue measured 6.2 CPU-ms an account (a statement under the
Chinese bank penalty rule, two offers, as it stands and extended by 6, and
their comparison) and asked for 1.0: 6.2 times faster. A machine's speed
drifts by a fifth or more from minute to minute here, so an absolute figure
taken at one time does not show that; a ratio taken within one run does.

The library as the issue measured it (`THEN`, the last commit before the
portfolio layer and its speed work) is taken out of git into a temporary
folder. Two processes run ``account_work.py``, one with that library and one
with this checkout's, each on its own interpreter; every round both state
the same chunk of fresh synthetic accounts, in alternating order, and time
it in process (CPU) time. The figure is the median over rounds of
then / now: how many times faster the same work is. It is printed beside the
goal, 6.2, and as what it makes of the issue's 6.2 CPU-ms. The statements
alone (what the portfolio computes without offers, which the library then
could not do apart) are timed by the second process in the same rounds and
put at the issue's speed the same way: over the whole work then, times 6.2. Both processes
also report a digest of what they computed, so the figures can be seen to be
the same. Nothing is asserted.
"""

from __future__ import annotations

import io
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

THEN = "47e6d05"
"""The library as the portfolio issue measured it."""

ISSUE_MS = 6.2
"""The issue's CPU-ms an account for this work, with the library at `THEN`."""

GOAL_MS = 1.0
"""The issue's goal for the same work, CPU-ms an account."""

STATEMENTS_MS = 0.3
"""The issue's goal for the statements alone (the summary without offers), CPU-ms an account."""

HERE = Path(__file__).resolve().parent


def library_then(folder: Path) -> Path:
    """The ``src`` folder of the library at `THEN`, taken out of git into `folder`."""
    taken = subprocess.run(
        ["git", "-C", str(HERE.parent), "archive", "--format=tar", THEN, "src"],
        capture_output=True,
        check=False,
    )
    if taken.returncode:
        raise SystemExit(
            f"bench_since needs a git checkout holding commit {THEN}; "
            f"git archive said: {taken.stderr.decode().strip()}"
        )
    archive = taken.stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder / "src"


class Worker:
    """``account_work.py`` in a process of its own, with the library of `source`."""

    def __init__(self, source: Path, size: int) -> None:
        environment = dict(os.environ, PYTHONPATH=os.pathsep.join([str(source), str(HERE)]))
        self.process = subprocess.Popen(
            [sys.executable, str(HERE / "account_work.py"), str(size)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=environment,
        )

    def state(self, start: int, stop: int, mode: str = "") -> tuple[float, str, str]:
        """The CPU seconds of accounts ``[start, stop)`` and the digests of their
        statements' figures and of their offers'; `mode` ``"statements"``: their
        statements alone."""
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(f"{mode} {start} {stop}\n")
        self.process.stdin.flush()
        seconds, stated, offered = self.process.stdout.readline().split()
        return float(seconds), stated, offered

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write("\n")
        self.process.stdin.close()
        self.process.wait()


def main() -> None:
    chunk = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 11
    warm = 50  # accounts stated once before the timing (imports, caches)
    size = warm + chunk * rounds
    with tempfile.TemporaryDirectory() as folder:
        workers = {
            "then": Worker(library_then(Path(folder)), size),
            "now": Worker(HERE.parent / "src", size),
        }
        for worker in workers.values():
            worker.state(0, warm)
        workers["now"].state(0, warm, "statements")
        seconds: dict[str, list[float]] = {"then": [], "now": [], "statements": []}
        differing = {"statements": 0, "offers": 0}
        for round_ in range(rounds):
            start = warm + round_ * chunk  # fresh accounts every round, the same for both
            order = ("then", "now") if round_ % 2 == 0 else ("now", "then")
            digests: dict[str, set[str]] = {"statements": set(), "offers": set()}
            for name in order:
                taken, stated, offered = workers[name].state(start, start + chunk)
                seconds[name].append(taken)
                digests["statements"].add(stated)
                digests["offers"].add(offered)
            seconds["statements"].append(
                workers["now"].state(start, start + chunk, "statements")[0]
            )
            for part, seen in digests.items():
                differing[part] += len(seen) > 1
        for worker in workers.values():
            worker.close()
    speedup = statistics.median(
        then / now for then, now in zip(seconds["then"], seconds["now"], strict=True)
    )
    then_ms, now_ms, alone_ms = (
        statistics.median(seconds[name]) * 1e3 / chunk for name in ("then", "now", "statements")
    )
    # the statements alone now, at the issue's speed: over the whole work then in the
    # same round (the yardstick), times the issue's 6.2 ms
    alone = ISSUE_MS * statistics.median(
        alone / then for alone, then in zip(seconds["statements"], seconds["then"], strict=True)
    )
    goal = ISSUE_MS / GOAL_MS
    print(f"{rounds} interleaved rounds of {chunk} fresh synthetic accounts; library then: {THEN}")
    print()
    print(f"{'measure':52} {'figure':>8}  {'goal':>9}  {'ratio':>6}")
    print(f"{'then, CPU ms an account (the issue: 6.2)':52} {then_ms:8.3f}")
    print(f"{'now, CPU ms an account':52} {now_ms:8.3f}")
    line = "then / now, the same accounts (median of rounds)"
    print(f"{line:52} {speedup:7.2f}x  {'>= ' + f'{goal:g}x':>9}  {goal / speedup:6.2f}")
    line = "now at the issue's speed: 6.2 ms / that, ms"
    scaled = ISSUE_MS / speedup
    print(f"{line:52} {scaled:8.3f}  {'<= ' + f'{GOAL_MS:g}':>9}  {scaled / GOAL_MS:6.2f}")
    print(f"{'statements alone now, CPU ms an account':52} {alone_ms:8.3f}")
    line = "  at the issue's speed (6.2 ms x alone / then), ms"
    print(
        f"{line:52} {alone:8.3f}  {'<= ' + f'{STATEMENTS_MS:g}':>9}  {alone / STATEMENTS_MS:6.2f}"
    )
    for part, rounds_differing in differing.items():
        same = (
            f"different in {rounds_differing} of {rounds} rounds"
            if rounds_differing
            else "the same"
        )
        label = f"  the {part}' figures, then against now"
        print(f"{label:52} {same}")
    print("  (offers differ by the negotiation layer's fixes since then: the same work asked)")


if __name__ == "__main__":
    main()
