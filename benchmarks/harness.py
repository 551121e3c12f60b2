"""Same-run timing for the benchmarks: interleaved rounds, medians of per-round ratios.

A machine's speed drifts while a benchmark runs (other processes, frequency
scaling), so times taken minutes apart do not compare. Here each round times
every candidate once, in a rotating order (or shuffled afresh each round),
and a ratio is taken within each round; the figure reported is the median of
those per-round ratios, with the median time of each candidate beside it. No
timing is asserted anywhere.
"""

from __future__ import annotations

import random
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


EMPTY = "(empty call)"
"""The name `interleave` gives the timing of an empty call when it subtracts it."""


def interleave(
    candidates: Mapping[str, Callable[[], object]],
    *,
    rounds: int = 11,
    number: int = 1,
    timer: Callable[[], float] = time.perf_counter,
    subtract_empty: bool = False,
    shuffle: bool = False,
) -> Timings:
    """Time every candidate once per round, rotating the order, `rounds` times.

    `shuffle`: a new order each round (seeded: the same every run) instead of a
    rotation, which keeps each candidate behind the same one, whose traces in
    the processor's caches then weigh on it in every round (behind a heavy
    candidate, a call of a few microseconds was a tenth slower).

    Each timing calls the candidate `number` times and keeps the time of one
    call. Every candidate is called once before timing starts (imports, caches).
    `timer` is the wall clock by default; ``time.process_time`` counts only this
    process's CPU time, which the other processes of a busy machine do not inflate.

    `subtract_empty`: an empty call (``lambda: None``) is timed in every round as
    one more candidate (`EMPTY`), and its median time is taken off every time, so
    that no call is credited with the cost of the timing itself (the timer, the
    loop, the call of the lambda: about 0.1 µs with ``time.process_time``, which
    would flatter the slower side's ratio to a peer of a few microseconds).
    """
    names = list(candidates)
    calls = dict(candidates)
    if subtract_empty:
        names.append(EMPTY)
        calls[EMPTY] = lambda: None
    for name in names:
        calls[name]()
    seconds: dict[str, list[float]] = {name: [] for name in names}
    order, mix = list(names), random.Random(0).shuffle
    for round_ in range(rounds):
        if shuffle:
            mix(order)
        else:
            shift = round_ % len(names)
            order = names[shift:] + names[:shift]
        for name in order:
            function = calls[name]
            start = timer()
            for _ in range(number):
                function()
            seconds[name].append((timer() - start) / number)
    if subtract_empty:  # its median: steadier than each round's own
        empty = statistics.median(seconds[EMPTY])
        for name in names[:-1]:
            seconds[name] = [taken - empty for taken in seconds[name]]
    return Timings(seconds)
