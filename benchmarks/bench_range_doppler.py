"""Benchmark: range_doppler_map on a 1024 x 1120 complex64 grid (single and batch of 32).

Compared with (a) the raw planned pyFFTW 2-D transform of the same shape
(``ofdmisac._fft.planned`` with ofdmisac's planner; goals of issue 12: ratio <= 1.15 with a
precomputed factor, <= 1.5 with the factor computed in the call) and (b) a plain numpy
implementation of the same processing (division, 2-D transform with numpy.fft, shift,
power). The four timings are interleaved in a fresh random order per repeat; the best of
the repeats (ratios of minima) and the medians are printed. Only ratios are meaningful on a
shared machine. Runs with 1 and then 2 FFTW threads unless ``--threads`` is given.

Two ways of calling ours: ``rx, tx`` (the per-RE factor 1/X is computed from ``tx`` in the
call) and ``rx, factor`` (``range_doppler_factor(tx, sensing)`` computed once outside the
timing, the Monte Carlo case where many received grids share the transmitted pilots).

Usage::

    .venv/bin/python benchmarks/bench_range_doppler.py [--quick] [--threads N]

Prints Markdown tables for the ``## bench_range_doppler`` section of
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import os
import random
import time

import numpy as np

from ofdmisac import _fft
from ofdmisac.estimators import range_doppler_factor, range_doppler_map
from ofdmisac.waveforms import SensingGrid

KW = dict(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6)


def _interleaved_times(fns, repeats, seed=0):
    """Time each function ``repeats`` times, in a fresh random order per repeat (so load
    changes on a shared machine hit all of them alike); return the minimum and the median
    wall time and the minimum process CPU time of each (the CPU time excludes the time
    slices other processes of a loaded machine take)."""
    for fn in fns:
        fn()  # warm-up
    times = [[] for _ in fns]
    order = list(range(len(fns)))
    shuffle = random.Random(seed).shuffle
    for _ in range(repeats):
        shuffle(order)
        for i in order:
            c0, t0 = time.process_time(), time.perf_counter()
            fns[i]()
            times[i].append((time.perf_counter() - t0, time.process_time() - c0))
    return [(float(np.min([w for w, _ in t])), float(np.median([w for w, _ in t])),
             float(np.min([c for _, c in t]))) for t in times]


def _numpy_reference(rx, tx):
    h = rx / tx
    z = np.fft.ifft(h, axis=-2) * h.shape[-2]
    z = np.fft.fftshift(np.fft.fft(z, axis=-1), axes=-1)
    return np.abs(z) ** 2 / h.shape[-2] ** 2 / h.shape[-1] ** 2


def _run(threads, quick):
    _fft.set_threads(threads)
    rng = np.random.default_rng(0)
    rows = []
    for batch in ((1,) if quick else (1, 32)):
        shape = (batch, 1024, 1120) if batch > 1 else (1024, 1120)
        tx = np.exp(2j * np.pi * rng.random(shape)).astype(np.complex64)
        rx = (tx * (rng.standard_normal(shape) + 1j)).astype(np.complex64)
        repeats = 7 if batch > 1 else 21
        sensing = SensingGrid(pilot_mask=np.ones(shape[-2:], bool), **KW)
        range_doppler_map(rx, tx, sensing)  # plan the workspace outside the timing
        fac = range_doppler_factor(tx, sensing)
        plan = _fft.planned(shape, np.complex64, axes=(-2, -1), inverse=True, norm="forward")
        plan.input_array[...] = rx
        res = _interleaved_times([
            lambda rx=rx, tx=tx, g=sensing: range_doppler_map(rx, tx, g),
            lambda rx=rx, fac=fac, g=sensing: range_doppler_map(rx, fac, g),
            plan,
            lambda rx=rx, tx=tx: _numpy_reference(rx, tx)], repeats)
        del fac
        rows.append((batch, *res))
    print(f"\nbackend {_fft.get_backend()}, planner {_fft.get_planner_effort()}, "
          f"{threads} thread(s), load average {os.getloadavg()[0]:.2f}; best of interleaved "
          "repeats (medians in parentheses)\n")
    print("| batch | ours rx, tx (s) | ours rx, factor (s) | raw FFTW 2-D (s) "
          "| ratio rx, tx (goal <= 1.5) | ratio rx, factor (goal <= 1.15) | plain numpy (s) "
          "| speed-up rx, tx / rx, factor | CPU-time ratio rx, tx / rx, factor |")
    print("|---|---|---|---|---|---|---|---|---|")
    for batch, ours, pre, raw, ref in rows:
        r_in, r_pre = ours[0] / raw[0], pre[0] / raw[0]
        print(f"| {batch} | {ours[0]:.4f} ({ours[1]:.4f}) | {pre[0]:.4f} ({pre[1]:.4f}) "
              f"| {raw[0]:.4f} ({raw[1]:.4f}) "
              f"| {r_in:.2f} ({ours[1] / raw[1]:.2f}) {'met' if r_in <= 1.5 else 'NOT met'} "
              f"| {r_pre:.2f} ({pre[1] / raw[1]:.2f}) {'met' if r_pre <= 1.15 else 'NOT met'} "
              f"| {ref[0]:.4f} | {ref[0] / ours[0]:.1f} / {ref[0] / pre[0]:.1f} "
              f"| {ours[2] / raw[2]:.2f} / {pre[2] / raw[2]:.2f} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--threads", type=int, default=None,
                        help="FFTW threads (default: 1, then 2)")
    args = parser.parse_args()
    for threads in ((1, 2) if args.threads is None else (args.threads,)):
        _run(threads, args.quick)


if __name__ == "__main__":
    main()
