"""Benchmark: ofdm_modulate / ofdm_demodulate on the default 240 kHz carrier (132 RB, n_fft 2048).

For each batch (one slot; 16 slots = 1 ms; 4 x 16 slots) compares, side by side in one run:

* ``ofdm_modulate`` (grid ``[..., 1584, n_sym]`` complex64 -> waveform) and
  ``ofdm_demodulate`` (waveform -> grid), returning a new array, and the same writing into a
  preallocated ``out=`` array (no allocation: the raw transform does not allocate either);
* the raw planned pyFFTW transform of the same batch, ``[..., n_sym, 2048]`` along the last
  axis (``ofdmisac._fft.planned``, executed on its own arrays; goal: ratio <= 1.3);
* a plain numpy implementation (zero-padded ``numpy.fft.ifft``/``fft`` plus per-symbol CP
  handling).

The six timings of a batch are interleaved: every repeat runs each of them once, in a
fresh random order (so that slow phases of a shared machine, and the cache state one
operation leaves to the next, fall on all of them alike); the table gives medians. Only
ratios are meaningful on a shared machine.

Usage::

    .venv/bin/python benchmarks/bench_ofdm.py [--quick] [--repeats N] [--threads N]

Prints a Markdown table for the ``## bench_ofdm`` section of ``benchmarks/RESULTS.md``
(nothing is written automatically).
"""

from __future__ import annotations

import argparse
import random
import time

import numpy as np

from ofdmisac import _fft
from ofdmisac.waveforms import Carrier, ofdm_demodulate, ofdm_modulate


def _interleaved_medians(fns: dict, repeats: int, seed: int = 0) -> dict:
    """Median wall time of each callable, the callables run in a random order per repeat."""
    for fn in fns.values():
        fn()  # warm-up (plans, caches)
    order, times = list(fns), {name: [] for name in fns}
    shuffle = random.Random(seed).shuffle
    for _ in range(repeats):
        shuffle(order)
        for name in order:
            t0 = time.perf_counter()
            fns[name]()
            times[name].append(time.perf_counter() - t0)
    return {name: float(np.median(t)) for name, t in times.items()}


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=None)
    parser.add_argument("--threads", type=int, default=None,
                        help="FFTW threads (default: ofdmisac's, the number of cores)")
    args = parser.parse_args()
    if args.threads is not None:
        _fft.set_threads(args.threads)
    carrier = Carrier(scs_khz=240, n_rb=132)
    rng = np.random.default_rng(0)
    cases = [((), 1), ((), 16)] if args.quick else [((), 1), ((), 16), ((4,), 16)]
    rows = []
    for batch, n_slots in cases:
        n_sym = 14 * n_slots
        shape = batch + (carrier.n_subcarriers, n_sym)
        grid = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(np.complex64)
        repeats = args.repeats or (61 if n_slots == 1 else 15)
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
        t = _interleaved_medians({
            "mod": lambda g=grid: ofdm_modulate(g, carrier),
            "dem": lambda x=x: ofdm_demodulate(x, carrier),
            "mod_out": lambda g=grid, o=x_out: ofdm_modulate(g, carrier, out=o),
            "dem_out": lambda x=x, o=g_out: ofdm_demodulate(x, carrier, out=o),
            "inv": inv,
            "fwd": fwd,
            "np_mod": lambda g=grid: _numpy_modulate(g, carrier, 0),
            "np_dem": lambda x=x, n=n_sym: _numpy_demodulate(x, carrier, 0, n),
        }, repeats)
        t_mod, t_dem, t_inv, t_fwd = t["mod"], t["dem"], t["inv"], t["fwd"]
        t_np_mod, t_np_dem = t["np_mod"], t["np_dem"]
        label = "x".join(str(b) for b in batch) + ("x" if batch else "") + f"{n_slots} slot"
        rows.append((label, "modulate", t_mod, t["mod_out"], t_inv, t_np_mod))
        rows.append((label, "demodulate", t_dem, t["dem_out"], t_fwd, t_np_dem))
    print(f"backend {_fft.get_backend()}, {_fft.get_threads()} threads, carrier 240 kHz, "
          f"132 RB, n_fft {carrier.n_fft}, complex64, medians of interleaved repeats")
    print()
    print("| batch | operation | ofdmisac (ms) | ofdmisac out= (ms) | raw FFTW (ms) "
          "| ratio (goal <= 1.3) | ratio out= | plain numpy (ms) | numpy / ofdmisac |")
    print("|---|---|---|---|---|---|---|---|---|")
    for label, op, ours, ours_out, raw, ref in rows:
        print(f"| {label} | {op} | {ours * 1e3:.3f} | {ours_out * 1e3:.3f} | {raw * 1e3:.3f} "
              f"| {ours / raw:.2f} | {ours_out / raw:.2f} | {ref * 1e3:.3f} | {ref / ours:.2f} |")


if __name__ == "__main__":
    main()
