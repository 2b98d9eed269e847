"""Benchmark: ofdm_modulate / ofdm_demodulate on the default 240 kHz carrier (132 RB, n_fft 2048).

For each batch (one slot; 16 slots = 1 ms; 4 x 16 slots) compares, side by side in one run:

* ``ofdm_modulate`` (grid ``[..., 1584, n_sym]`` complex64 -> waveform) and
  ``ofdm_demodulate`` (waveform -> grid), returning a new array, and the same writing into a
  preallocated ``out=`` array (no allocation: the raw transform does not allocate either);
* the raw planned pyFFTW transform of the same batch, ``[..., n_sym, 2048]`` along the last
  axis (``ofdmisac._fft.planned`` with ofdmisac's planner, executed on its own arrays; goals
  of issue 12: ratio <= 1.5 for one slot, <= 1.2 for 16+ slots, one thread);
* a plain numpy implementation (zero-padded ``numpy.fft.ifft``/``fft`` plus per-symbol CP
  handling).

The six timings of a batch are interleaved: every repeat runs each of them once, in a
fresh random order (so that slow phases of a shared machine, and the cache state one
operation leaves to the next, fall on all of them alike); the tables give the best of the
repeats (ratios of minima) and the medians. Only ratios are meaningful on a shared machine.
Runs with 1 and then 2 FFTW threads unless ``--threads`` is given.

Usage::

    .venv/bin/python benchmarks/bench_ofdm.py [--quick] [--repeats N] [--threads N]

Prints a Markdown table for the ``## bench_ofdm`` section of ``benchmarks/RESULTS.md``
(nothing is written automatically).
"""

from __future__ import annotations

import argparse
import os
import random
import time

import numpy as np

from ofdmisac import _fft
from ofdmisac.waveforms import Carrier, ofdm_demodulate, ofdm_modulate


def _interleaved_times(fns: dict, repeats: int, seed: int = 0) -> dict:
    """(minimum wall, median wall, minimum CPU) time of each callable, run in a random
    order per repeat. The process CPU time excludes the time slices other processes of a
    loaded machine take (with one FFT thread the fairest measure there)."""
    for fn in fns.values():
        fn()  # warm-up (plans, caches)
    order, times = list(fns), {name: [] for name in fns}
    shuffle = random.Random(seed).shuffle
    for _ in range(repeats):
        shuffle(order)
        for name in order:
            c0, t0 = time.process_time(), time.perf_counter()
            fns[name]()
            times[name].append((time.perf_counter() - t0, time.process_time() - c0))
    return {name: (float(np.min([w for w, _ in t])), float(np.median([w for w, _ in t])),
                   float(np.min([c for _, c in t]))) for name, t in times.items()}


def _numpy_modulate(grid, carrier, slot):
    n_sc, n_fft = carrier.n_subcarriers, carrier.n_fft
    n_sym = grid.shape[-1]
    cps = np.concatenate([carrier.cp_lengths(slot + s) for s in range(n_sym // 14)])
    freq = np.zeros(grid.shape[:-2] + (n_sym, n_fft), dtype=grid.dtype)
    bins = (np.arange(n_sc) - n_sc // 2) % n_fft
    freq[..., bins] = np.swapaxes(grid, -1, -2)
    time_ = np.fft.ifft(freq, axis=-1, norm="ortho").astype(grid.dtype)
    parts = []
    for l in range(n_sym):
        parts.append(time_[..., l, n_fft - cps[l]:])
        parts.append(time_[..., l, :])
    return np.concatenate(parts, axis=-1)


def _numpy_demodulate(x, carrier, slot, n_sym):
    n_sc, n_fft = carrier.n_subcarriers, carrier.n_fft
    cps = np.concatenate([carrier.cp_lengths(slot + s) for s in range(n_sym // 14)])
    symbols, pos = [], 0
    for l in range(n_sym):
        pos += cps[l]
        symbols.append(x[..., pos:pos + n_fft])
        pos += n_fft
    freq = np.fft.fft(np.stack(symbols, axis=-2), axis=-1, norm="ortho").astype(x.dtype)
    bins = (np.arange(n_sc) - n_sc // 2) % n_fft
    return np.swapaxes(freq[..., bins], -1, -2)


def _goal(label: str) -> float:
    return 1.5 if label == "1 slot" else 1.2


def _run(threads: int, quick: bool, repeats_arg):
    _fft.set_threads(threads)
    carrier = Carrier(scs_khz=240, n_rb=132)
    rng = np.random.default_rng(0)
    cases = [((), 1), ((), 16)] if quick else [((), 1), ((), 16), ((4,), 16)]
    rows = []
    for batch, n_slots in cases:
        n_sym = 14 * n_slots
        shape = batch + (carrier.n_subcarriers, n_sym)
        grid = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(np.complex64)
        repeats = repeats_arg or (101 if n_slots == 1 else 21)
        x = ofdm_modulate(grid, carrier)
        np.testing.assert_allclose(_numpy_modulate(grid, carrier, 0), x, atol=1e-4)
        np.testing.assert_allclose(_numpy_demodulate(x, carrier, 0, n_sym),
                                   ofdm_demodulate(x, carrier), atol=1e-4)
        fft_shape = batch + (n_sym, carrier.n_fft)
        inv = _fft.planned(fft_shape, np.complex64, axes=(-1,), inverse=True, norm="ortho")
        fwd = _fft.planned(fft_shape, np.complex64, axes=(-1,), inverse=False, norm="ortho")
        inv.input_array[...] = 1.0
        fwd.input_array[...] = 1.0
        x_out, g_out = np.empty_like(x), np.empty_like(grid)
        t = _interleaved_times({
            "mod": lambda g=grid: ofdm_modulate(g, carrier),
            "dem": lambda x=x: ofdm_demodulate(x, carrier),
            "mod_out": lambda g=grid, o=x_out: ofdm_modulate(g, carrier, out=o),
            "dem_out": lambda x=x, o=g_out: ofdm_demodulate(x, carrier, out=o),
            "inv": inv,
            "fwd": fwd,
            "np_mod": lambda g=grid: _numpy_modulate(g, carrier, 0),
            "np_dem": lambda x=x, n=n_sym: _numpy_demodulate(x, carrier, 0, n),
        }, repeats)
        label = "x".join(str(b) for b in batch) + ("x" if batch else "") + f"{n_slots} slot"
        label = label if n_slots == 1 else label + "s"
        rows.append((label, "modulate", t["mod"], t["mod_out"], t["inv"], t["np_mod"]))
        rows.append((label, "demodulate", t["dem"], t["dem_out"], t["fwd"], t["np_dem"]))
    print(f"\nbackend {_fft.get_backend()}, planner {_fft.get_planner_effort()}, "
          f"{_fft.get_threads()} thread(s), load average {os.getloadavg()[0]:.2f}, carrier "
          f"240 kHz, 132 RB, n_fft {carrier.n_fft}, complex64; best of interleaved repeats "
          "(medians in parentheses)\n")
    print("| batch | operation | ofdmisac (ms) | ofdmisac out= (ms) | raw FFTW (ms) "
          "| ratio | ratio out= | goal (1 thread): ratio / out= "
          "| plain numpy (ms) | numpy / ofdmisac | CPU-time ratio / out= |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for label, op, ours, ours_out, raw, ref in rows:
        goal = _goal(label)
        met = "/".join("met" if r[0] / raw[0] <= goal else "NOT met" for r in (ours, ours_out))
        if threads > 1:
            met = "goal is for 1 thread"
        print(f"| {label} | {op} | {ours[0] * 1e3:.3f} ({ours[1] * 1e3:.3f}) "
              f"| {ours_out[0] * 1e3:.3f} ({ours_out[1] * 1e3:.3f}) "
              f"| {raw[0] * 1e3:.3f} ({raw[1] * 1e3:.3f}) "
              f"| {ours[0] / raw[0]:.2f} ({ours[1] / raw[1]:.2f}) "
              f"| {ours_out[0] / raw[0]:.2f} ({ours_out[1] / raw[1]:.2f}) "
              f"| <= {goal}: {met} "
              f"| {ref[0] * 1e3:.3f} | {ref[0] / ours[0]:.2f} "
              f"| {ours[2] / raw[2]:.2f} / {ours_out[2] / raw[2]:.2f} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None,
                        help="FFTW threads (default: 1, then 2)")
    args = parser.parse_args()
    for threads in ((1, 2) if args.threads is None else (args.threads,)):
        _run(threads, args.quick, args.repeats)


if __name__ == "__main__":
    main()
