"""Same-run timing for the benchmarks: interleaved rounds, medians of per-round ratios.

A machine's speed drifts while a benchmark runs (other processes, frequency
scaling), so times taken minutes apart do not compare. Here each round times
every candidate once, in a rotating order, and a ratio is taken within each
round; the figure reported is the median of those per-round ratios, with the
median time of each candidate beside it. No timing is asserted anywhere.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Mapping

__all__ = ["Timings", "interleave"]


class Timings:
    """Per-round seconds per call of each candidate, from `interleave`."""

    def __init__(self, seconds: dict[str, list[float]]) -> None:
        self.seconds = seconds

    def median(self, name: str, unit: float = 1e3) -> float:
        """The median time of one call of `name`, in milliseconds by default."""
        return statistics.median(self.seconds[name]) * unit

    def ratio(self, name: str, peer: str) -> float:
        """The median over rounds of time(name) / time(peer) in the same round."""
        pairs = zip(self.seconds[name], self.seconds[peer], strict=True)
        return statistics.median(ours / theirs for ours, theirs in pairs)


def interleave(
    candidates: Mapping[str, Callable[[], object]],
    *,
    rounds: int = 11,
    number: int = 1,
    timer: Callable[[], float] = time.perf_counter,
) -> Timings:
    """Time every candidate once per round, rotating the order, `rounds` times.

    Each timing calls the candidate `number` times and keeps the time of one
    call. Every candidate is called once before timing starts (imports, caches).
    `timer` is the wall clock by default; ``time.process_time`` counts only this
    process's CPU time, which the other processes of a busy machine do not inflate.
    """
    names = list(candidates)
    for name in names:
        candidates[name]()
    seconds: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            function = candidates[name]
            start = timer()
            for _ in range(number):
                function()
            seconds[name].append((timer() - start) / number)
    return Timings(seconds)
