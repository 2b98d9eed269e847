"""Benchmark: multi-slot PRS grids and frame waveforms in one call vs a per-slot loop.

Side by side in one process, interleaved repeats in random order, best of ``--repeats``:

* ``prs_multi_slot_grid`` (one batched Gold-sequence call for every PRS slot) against the
  hand loop the issue describes: ``prs_grid`` per slot and a concatenation;
* ``prs_waveform`` (one grid, one ``ofdm_modulate`` call) against ``ofdm_modulate`` of each
  slot's ``prs_grid`` and a concatenation;
* ``IsacFrame.waveform`` of a slot range against the per-slot loop of ``IsacFrame.grid`` +
  ``ofdm_modulate``.

Default frame: the quick ISAC frame (240 kHz, 132 RB, n_fft 2048); the PRS case is its PRS
(comb 4, 12 symbols, 84 RB) over one 10 ms frame (160 slots). The outputs of both ways are
checked equal (bit-identical for the grids, to float32 rounding for the waveforms).

Usage::

    .venv/bin/python benchmarks/bench_waveform.py [--quick] [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import random
import time

import numpy as np

from ofdmisac.waveforms import (
    default_isac_frame,
    ofdm_modulate,
    prs_grid,
    prs_multi_slot_grid,
    prs_waveform,
)


def _best(fns: dict, repeats: int) -> dict:
    best = {k: np.inf for k in fns}
    order = list(fns)
    for r in range(repeats):
        random.Random(r).shuffle(order)
        for k in order:
            t = time.perf_counter()
            fns[k]()
            best[k] = min(best[k], time.perf_counter() - t)
    return best


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    repeats = 2 if args.quick else args.repeats
    frame = default_isac_frame(quick=True)
    c, prs = frame.carrier, frame.config.prs
    n_slots = 16 if args.quick else 160
    n_frame_slots = 8 if args.quick else 32
    first = int(frame.prs_slots[0]) - 4  # a range with SSB-free data slots and PRS slots

    def prs_loop():
        return np.concatenate([prs_grid(c, prs, slot=s) for s in range(n_slots)], axis=1)

    def prs_wave_loop():
        return np.concatenate([ofdm_modulate(prs_grid(c, prs, slot=s), c, slot=s)
                               for s in range(n_slots)])

    def frame_loop():
        return np.concatenate([ofdm_modulate(frame.grid(s, s + 1, rng=0), c, slot=s)
                               for s in range(first, first + n_frame_slots)])

    assert np.array_equal(prs_multi_slot_grid(c, prs, n_slots=n_slots), prs_loop())
    assert np.abs(prs_waveform(c, prs, n_slots=n_slots) - prs_wave_loop()).max() < 1e-5
    cases = {
        "PRS grid": {"one call": lambda: prs_multi_slot_grid(c, prs, n_slots=n_slots),
                     "per-slot loop": prs_loop},
        "PRS waveform": {"one call": lambda: prs_waveform(c, prs, n_slots=n_slots),
                         "per-slot loop": prs_wave_loop},
        "frame waveform": {"one call": lambda: frame.waveform(first, first + n_frame_slots,
                                                              rng=0),
                           "per-slot loop": frame_loop},
    }
    print(f"bench_waveform: {time.strftime('%Y-%m-%d')}, load average "
          f"{os.getloadavg()[0]:.1f} at start; PRS over {n_slots} slots, frame over "
          f"{n_frame_slots} slots, best of {repeats}")
    print()
    print("| case | one call (ms) | per-slot loop (ms) | ratio |")
    print("|---|---|---|---|")
    for name, fns in cases.items():
        t = _best(fns, repeats)
        print(f"| {name} | {1e3 * t['one call']:.1f} | {1e3 * t['per-slot loop']:.1f} | "
              f"{t['per-slot loop'] / t['one call']:.1f}x |")
    print()
    print(f"load average {os.getloadavg()[0]:.1f} at end")


if __name__ == "__main__":
    main()
