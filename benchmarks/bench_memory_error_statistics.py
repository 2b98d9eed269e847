"""Benchmark: peak memory of ``measure_error_statistics`` versus the number of trials.

Each measurement runs in a fresh child process, which reports its peak resident set size
(``resource.getrusage(RUSAGE_SELF).ru_maxrss``, Linux KiB: interpreter and libraries
included, hence the ``baseline`` row that only imports ``ofdmisac``) and the peak of the
numpy allocations traced by ``tracemalloc`` during the call.

* ``stage grid``: the sensing stage's grid (24 RBs at 120 kHz = 288 subcarriers x 28
  symbols, staggered comb 4, Hann windows, 4x zero padding), 100 and 1000 trials: the peak
  must not grow with the number of trials (goal: RSS ratio 1000/100 <= 1.1 above the
  baseline);
* ``13104 x 448``: the largest grid of issue 11 (full pilots, no zero padding), 2 and 4
  trials with the default chunking (one trial a chunk there): the peak of one chunk, which
  is what 500 trials need too (goal: about 1 GB).

``CASES`` (name -> statement template with ``{n}``, trial counts) has the layout of
``MC_CASES`` in ``bench_memory.py``, which can import it. Usage::

    .venv/bin/python benchmarks/bench_memory_error_statistics.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SETUP = """
import numpy as np
from ofdmisac.estimators import measure_error_statistics
from ofdmisac.waveforms import Carrier, SensingGrid

def stage_grid():
    mask = np.zeros((288, 28), bool)
    for ll in range(28):
        mask[ll % 4::4, ll] = True
    return SensingGrid.from_carrier(Carrier(scs_khz=120, n_rb=24), fc_hz=28e9, pilot_mask=mask,
                                    window_range="hann", window_doppler="hann",
                                    n_range=4 * 288, n_doppler=4 * 28)

def big_grid():
    return SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
                       pilot_mask=np.ones((13104, 448), bool))
"""

CASES = {
    "measure_error_statistics, stage grid": (
        "g = stage_grid(); measure_error_statistics(g, [10.0], n_trials={n}, "
        "max_speed_mps=g.unambiguous_velocity_mps / 2, rng=1)", (100, 1000)),
    "measure_error_statistics, 13104 x 448": (
        "measure_error_statistics(big_grid(), [10.0], n_trials={n}, rng=1)", (2, 4)),
}

_CHILD = """
import json, resource, time, tracemalloc
{setup}
tracemalloc.start()
t0 = time.perf_counter()
{statement}
elapsed = time.perf_counter() - t0
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({{"rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "traced_mib": peak / 2**20, "elapsed_s": elapsed}}))
"""


def _run(statement: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    code = _CHILD.format(setup=SETUP, statement=statement)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the stage grid")
    args = parser.parse_args(argv)
    print(f"load: {os.getloadavg()[0]:.1f} (1-min average), "
          f"{time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC")
    base = _run("pass")
    print("| case | trials | peak RSS (MiB) | above baseline (MiB) | traced numpy peak (MiB) "
          "| time (s) |")
    print("|---|---|---|---|---|---|")
    print(f"| baseline (import only) | - | {base['rss_mib']:.0f} | 0 | "
          f"{base['traced_mib']:.1f} | - |")
    for name, (statement, counts) in CASES.items():
        if args.quick and "13104" in name:
            continue
        rows = []
        for n in counts:
            r = _run(statement.format(n=n))
            rows.append(r)
            print(f"| {name} | {n} | {r['rss_mib']:.0f} | {r['rss_mib'] - base['rss_mib']:.0f} "
                  f"| {r['traced_mib']:.1f} | {r['elapsed_s']:.1f} |")
        above = [max(r["rss_mib"] - base["rss_mib"], 1.0) for r in rows]
        print(f"| {name}: ratio {counts[-1]}/{counts[0]} above baseline | | "
              f"{above[-1] / above[0]:.2f} | | {rows[-1]['traced_mib'] / rows[0]['traced_mib']:.2f}"
              " | |")


if __name__ == "__main__":
    main()
