"""Benchmark: throughput and scaling of the waveform-level [BM] sensing twin.

Three measurements in one run (only ratios are meaningful on a shared machine; the load
average is printed):

(a) realizations per second of :func:`ofdmisac.network.bm_sensing_twin` on one worker
    (mmWave scenario, Theorem 4's PRS block, 1 FFT thread), best of interleaved repeats;
(b) the profile of one block of realizations (the batch of maps the twin transforms at
    once): drawing the network, synthesizing the grids, the range-Doppler maps, CFAR,
    peak search and Newton refinement, against the FFT floor of its maps (the raw planned
    2-D transform of the same batch, ``ofdmisac._fft.planned``);
(c) scaling efficiency of a sweep of the twin with :func:`ofdmisac.sweep.run_sweep`:
    ``T(workers=1) / (2 T(workers=2))`` for the same points (goal >= 0.8), interleaved
    repeats, best-of; the results are checked identical.

Usage::

    .venv/bin/python benchmarks/bench_scale.py [--quick]

Prints a Markdown section for ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from ofdmisac import _fft
from ofdmisac.estimators import cfar_2d, newton_refine, range_doppler_map
from ofdmisac.network import BeamManagementScenario, bm_sensing_twin
from ofdmisac.network.beam_management import _sensing_twin as tw
from ofdmisac.sweep import run_sweep

ETA_DB = [-10.0, 0.0, 10.0]


def _best(fns, repeats):
    """Interleaved repeats; best and median wall time of each function."""
    times = [[] for _ in fns]
    for _ in range(repeats):
        for i, f in enumerate(fns):
            t = time.perf_counter()
            f()
            times[i].append(time.perf_counter() - t)
    return [(min(t), float(np.median(t))) for t in times]


def _throughput(s, n, repeats):
    bm_sensing_twin(s, scir_threshold_db=ETA_DB, n_trials=16, rng=0)  # plans, caches
    (best, med), = _best([lambda: bm_sensing_twin(s, scir_threshold_db=ETA_DB, n_trials=n,
                                                  rng=1)], repeats)
    return n / best, n / med


def _profile(s, repeats):
    grid = tw.twin_grid(s)
    lay = tw._Layout(s)
    from ofdmisac.estimators.radar._error_statistics import _map_group, _times_conj

    m = _map_group(grid)
    rng = np.random.default_rng(0)
    u = rng.random((m, lay.n_cols))
    ph = rng.integers(0, 4, size=(m, 1 + tw._N_STRONG, grid.n_pilots), dtype=np.int8)
    w = rng.standard_normal((m, grid.n_pilots, 2))
    guard, train = tw._cfar_window(grid)
    d = tw._draw(s, lay, u)
    y, x = tw._synthesize(grid, d, ph, w)
    p = range_doppler_map(y, x, grid).power
    h = _times_conj(y, x)
    tau = 2 * d["r1"] / 299792458.0
    f_d = 2 * d["v_r"] * grid.fc_hz / 299792458.0
    plan = _fft.planned((m, grid.n_range, grid.n_doppler), np.complex64, axes=(-2, -1),
                        inverse=True, norm="forward")
    plan.input_array[...] = 1.0
    stages = {
        "draw network (uniforms -> powers, geometry)": lambda: tw._draw(s, lay, u),
        "synthesize grids (echo, clutter, 8 interferers, residual)":
            lambda: tw._synthesize(grid, d, ph, w),
        "range-Doppler maps": lambda: range_doppler_map(y, x, grid),
        "CFAR (batched CA)": lambda: cfar_2d(p, pfa=tw._PFA, guard=guard, train=train),
        "Newton refinement": lambda: newton_refine(h, grid, tau, f_d),
        "whole block (_run_chunk)": lambda: tw._run_chunk(s, grid, lay, u, ph, w, 0, guard,
                                                          train),
        "FFT floor of the maps (raw planned 2-D)": plan,
    }
    res = _best(list(stages.values()), repeats)
    return m, grid, dict(zip(stages, res, strict=True))


def _scaling(s, n_points, n_trials, repeats):
    points = [dict(scenario=s.replace(n_beams=nb), scir_threshold_db=ETA_DB, n_trials=n_trials)
              for nb in [64, 128, 256, 512, 1024, 2048, 4096, 8192][:n_points]]
    out = {}

    def serial():
        out[1] = run_sweep(bm_sensing_twin, points, seed=3, workers=1)

    def parallel():
        out[2] = run_sweep(bm_sensing_twin, points, seed=3, workers=2)

    (t1, m1), (t2, m2) = _best([serial, parallel], repeats)
    same = all(np.array_equal(a.scir_db, b.scir_db)
               and np.array_equal(a.range_error_m, b.range_error_m)
               for a, b in zip(out[1], out[2], strict=True))
    return t1, t2, m1, m2, same


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("OFDMISAC_FFT_THREADS", "1")
    _fft.set_threads(1)
    s = BeamManagementScenario.mmwave()
    load0 = os.getloadavg()
    n = 256 if args.quick else 1024
    rate, rate_med = _throughput(s, n, 2 if args.quick else 3)
    m, grid, prof = _profile(s, 5 if args.quick else 11)
    t1, t2, m1, m2, same = _scaling(s, 4, 128 if args.quick else 512, 1 if args.quick else 2)
    load1 = os.getloadavg()
    print(f"\nmmWave, grid {grid.shape} pilots, maps {grid.n_range} x {grid.n_doppler}, "
          f"backend {_fft.get_backend()}, 1 FFT thread; load average "
          f"{load0[0]:.2f} before, {load1[0]:.2f} after (1-min)\n")
    print(f"(a) {rate:.0f} realizations/s best ({rate_med:.0f} median), {n} per run\n")
    whole = prof["whole block (_run_chunk)"][0]
    floor = prof["FFT floor of the maps (raw planned 2-D)"][0]
    print(f"(b) one block of {m} realizations, best of interleaved repeats\n")
    print("| stage | best (ms) | median (ms) | share of the block | x FFT floor |")
    print("|---|---|---|---|---|")
    for k, (b, med) in prof.items():
        print(f"| {k} | {1e3 * b:.2f} | {1e3 * med:.2f} | {b / whole:.0%} | {b / floor:.1f} |")
    eff, eff_med = t1 / (2 * t2), m1 / (2 * m2)
    print(f"\n(c) sweep of 4 points x {128 if args.quick else 512} realizations: 1 worker "
          f"{t1:.2f} s, 2 workers {t2:.2f} s; efficiency {eff:.2f} best ({eff_med:.2f} "
          f"median), goal >= 0.8 {'met' if eff >= 0.8 else 'NOT met'}; identical results: "
          f"{same}")


if __name__ == "__main__":
    main()
