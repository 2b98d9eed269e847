"""Benchmark: first-order Marcum Q (``ofdmisac.estimators``) against scipy's ncx2.

Per evaluation, on arrays of 1e5 random points, in the region where scipy is accurate
(``a, b`` uniform in [0, 10] and in [0, 60]):

* ``marcum_q1(a, b)`` and ``log_marcum_q1(a, b)`` against
  ``scipy.stats.ncx2.sf(b**2, 2, a**2)``; goal <= 2x;
* ``marcum_q1_inverse_b(a, p)`` against ``sqrt(scipy.stats.ncx2.isf(p, 2, a**2))``
  (``p`` uniform in (0, 1)); goal <= 5x;
* ``marcum_q1_inverse_a(p, b)`` against the same ``ncx2.isf`` time (goal <= 5x) and,
  for information, against ``scipy.special.chndtrinc`` (scipy's own inverse in the
  non-centrality).

The timings are interleaved (one repeat of each in turn) and the best of ``--repeats``
is kept; the ratios come from one process. The largest relative difference to scipy
over the same points is printed as a sanity check (scipy is accurate there).

Usage::

    .venv/bin/python benchmarks/bench_marcum.py [--quick] [--repeats N]

Prints a Markdown table for ``benchmarks/RESULTS.md`` and the machine load.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
from scipy import special, stats

from ofdmisac.estimators import (
    log_marcum_q1,
    marcum_q1,
    marcum_q1_inverse_a,
    marcum_q1_inverse_b,
)


def _row(item, ours_s, ref_s, goal, note=""):
    """One table row: times, ratio and its goal (local printing helper)."""
    ratio = ours_s / ref_s
    ok = "met" if ratio <= goal else "NOT met"
    return (f"| {item} | {1e3 * ours_s:.1f} ms | {1e3 * ref_s:.1f} ms | {ratio:.2f}x "
            f"| <= {goal:g}x ({ok}) | {note} |")


def _interleaved(fns: dict, repeats: int) -> dict:
    best = dict.fromkeys(fns, np.inf)
    for _ in range(repeats):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t0)
    return best


def run(quick: bool = False, repeats: int = 7) -> list[str]:
    n = 20_000 if quick else 100_000
    rows = []
    rng = np.random.default_rng(2026)
    for hi in (10.0, 60.0):
        rows += _region(hi, n, rng, repeats)
    return rows


def _region(hi, n, rng, repeats):
    rows = []
    a, b = rng.uniform(0.0, hi, (2, n))
    p = rng.uniform(1e-12, 1.0 - 1e-12, n)
    marcum_q1(a[:10], b[:10])
    t = _interleaved({"sf": lambda: stats.ncx2.sf(b**2, 2, a**2),
                      "q1": lambda: marcum_q1(a, b),
                      "log": lambda: log_marcum_q1(a, b)}, repeats)
    ref = stats.ncx2.sf(b**2, 2, a**2)
    got = marcum_q1(a, b)
    m = ref > 1e-150  # scipy's sf is accurate above ~1e-170 (see _marcum module notes)
    diff = np.max(np.abs(got[m] / ref[m] - 1.0))
    rows.append(_row(f"marcum_q1, a, b in [0, {hi:g}], {n} points", t["q1"], t["sf"], 2,
                     f"max rel. diff to ncx2.sf where it exceeds 1e-150: {diff:.1e}"))
    rows.append(_row(f"log_marcum_q1, a, b in [0, {hi:g}]", t["log"], t["sf"], 2,
                     "log form (finite where Q1 underflows)"))
    k = max(1, repeats // 2)
    t = _interleaved({"isf": lambda: np.sqrt(stats.ncx2.isf(p, 2, a**2)),
                      "inv_b": lambda: marcum_q1_inverse_b(a, p),
                      "inv_a": lambda: marcum_q1_inverse_a(p, b),
                      "chndtrinc": lambda: special.chndtrinc(b**2, 2, 1.0 - p)}, k)
    bb = marcum_q1_inverse_b(a, p)
    rt = np.max(np.abs(marcum_q1(a, bb) / p - 1.0))
    rows.append(_row(f"marcum_q1_inverse_b, a in [0, {hi:g}]", t["inv_b"], t["isf"], 5,
                     f"round trip max rel. err {rt:.1e}"))
    aa = marcum_q1_inverse_a(p, b)
    ok = aa > 0
    rt = np.max(np.abs(marcum_q1(aa[ok], b[ok]) / p[ok] - 1.0))
    rows.append(_row(f"marcum_q1_inverse_a, b in [0, {hi:g}]", t["inv_a"], t["isf"], 5,
                     f"round trip {rt:.1e}; vs chndtrinc "
                     f"{t['inv_a'] / t['chndtrinc']:.2f}x"))
    return rows


def main(argv=None) -> list[str]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    load = os.getloadavg()
    rows = run(quick=args.quick, repeats=args.repeats)
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; after: "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print("| measurement | ofdmisac | scipy | ratio | goal | note |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(r)
    return rows


if __name__ == "__main__":
    main()
