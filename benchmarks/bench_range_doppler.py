"""Benchmark: range_doppler_map on a 1024 x 1120 complex64 grid (single and batch of 32).

Compared with (a) the raw planned pyFFTW 2-D transform of the same shape
(``ofdmisac._fft.planned``; goal: ratio <= 1.3) and (b) a plain numpy implementation of the
same processing (division, 2-D transform with numpy.fft, shift, power; goal: >= 4x slower
than ours). The four timings are interleaved round-robin; medians and minima of the
repeats are printed. Only ratios are meaningful on a shared machine.

Two ways of calling ours: ``rx, tx`` (the per-RE factor 1/X is computed from ``tx`` in the
call) and ``rx, factor`` (``range_doppler_factor(tx, sensing)`` computed once outside the
timing, the Monte Carlo case where many received grids share the transmitted pilots).

Usage::

    .venv/bin/python benchmarks/bench_range_doppler.py [--quick]

Prints a Markdown table for the ``## bench_range_doppler`` section of
``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from ofdmisac import _fft
from ofdmisac.estimators import range_doppler_factor, range_doppler_map
from ofdmisac.waveforms import SensingGrid

KW = dict(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6)


def _interleaved_times(fns, repeats):
    """Time each function ``repeats`` times, round-robin (so load changes on a shared machine
    hit all of them alike); return the median and the minimum of each."""
    times = [[] for _ in fns]
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - t0)
    return [(float(np.median(t)), float(np.min(t))) for t in times]


def _numpy_reference(rx, tx):
    h = rx / tx
    z = np.fft.ifft(h, axis=-2) * h.shape[-2]
    z = np.fft.fftshift(np.fft.fft(z, axis=-1), axes=-1)
    return np.abs(z) ** 2 / h.shape[-2] ** 2 / h.shape[-1] ** 2


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    rows = []
    for batch in ((1,) if args.quick else (1, 32)):
        shape = (batch, 1024, 1120) if batch > 1 else (1024, 1120)
        tx = np.exp(2j * np.pi * rng.random(shape)).astype(np.complex64)
        rx = (tx * (rng.standard_normal(shape) + 1j)).astype(np.complex64)
        repeats = 5 if batch > 1 else 15
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
    for stat, k in (("median", 0), ("minimum", 1)):
        print(f"\n{stat} of the repeats\n")
        print("| batch | ours rx, tx (s) | ours rx, factor (s) | raw FFTW 2-D (s) "
              "| ratio rx, tx / rx, factor (goal <= 1.3) | plain numpy (s) "
              "| speed-up rx, tx / rx, factor (goal >= 4) |")
        print("|---|---|---|---|---|---|---|")
        for batch, *res in rows:
            ours, pre, raw, ref = (r[k] for r in res)
            print(f"| {batch} | {ours:.4f} | {pre:.4f} | {raw:.4f} | {ours / raw:.2f} / "
                  f"{pre / raw:.2f} | {ref:.4f} | {ref / ours:.1f} / {ref / pre:.1f} |")

if __name__ == "__main__":
    main()
