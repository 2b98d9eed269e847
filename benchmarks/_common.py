"""Shared helpers of the bench_*.py scripts: interleaved best-of timing, the machine load,
and one line per ratio next to its goal.

Every script prints its ratios as ``name: ratio (goal <= X) OK`` (or ``MISSED``); ``make
bench`` runs them all and fails only if a script crashes, never on a missed goal.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable


def machine_load() -> str:
    """``load average 1/5/15 min on N cores`` (os.getloadavg, like ``uptime``)."""
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # not available on this platform
        return "load average unavailable"
    return f"load average {one:.2f}/{five:.2f}/{fifteen:.2f} on {os.cpu_count()} cores"


def header(title: str) -> None:
    """Print the script's title, the date (UTC) and the machine load."""
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    print(f"# {title}\n{stamp}, {machine_load()}")


def interleaved_best(functions: dict[str, Callable[[], object]], *, repeats: int = 7,
                     warmup: int = 1) -> dict[str, float]:
    """Best-of-``repeats`` wall time (s) of each function, the calls interleaved (round
    robin) so that a change of machine load hits all of them alike."""
    for _ in range(warmup):
        for fn in functions.values():
            fn()
    best = {name: float("inf") for name in functions}
    for _ in range(repeats):
        for name, fn in functions.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def goal_line(name: str, ratio: float, goal: float, *, at_least: bool = False,
              unit: str = "") -> bool:
    """Print ``name: ratio (goal <= goal) OK/MISSED`` (``>=`` with ``at_least``); return
    whether the goal is met."""
    met = ratio >= goal if at_least else ratio <= goal
    sign = ">=" if at_least else "<="
    print(f"{name}: {ratio:.3g}{unit} (goal {sign} {goal:g}{unit}) {'OK' if met else 'MISSED'}")
    return met
