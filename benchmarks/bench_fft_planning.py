"""Benchmark: FFT planner choice (determinism, first-call cost, transform speed).

Three measurements, for the planner efforts ``FFTW_ESTIMATE`` (ofdmisac's default) and
``FFTW_MEASURE`` (opt-in, with the wisdom cache of ``ofdmisac._fft``):

1. **First calls**: in a fresh interpreter, the time of the first and the second call of
   ``range_doppler_map`` (and ``ofdm_modulate``) at the sizes of the examples and benchmarks,
   for ESTIMATE, for MEASURE with an empty wisdom cache ("cold") and for MEASURE in a new
   process after the first one filled the cache ("warm": a size seen before). Goal: first
   call <= 0.5 s (a fraction of a second) for a new size.
2. **Bits**: SHA-256 of each result in every child process; the same digest for every
   ESTIMATE process, and for the warm MEASURE process against the cold one (wisdom from
   another process reproduces the plan, hence the bits).
3. **Speed**: steady-state time per call of each kernel with ESTIMATE and MEASURE plans,
   interleaved in one process, best of the repeats (the ratio is what matters).

Usage::

    .venv/bin/python benchmarks/bench_fft_planning.py [--quick] [--threads N]

The wisdom cache of the MEASURE runs is a temporary directory (nothing is written to the
user's cache).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

CHILD = r"""
import hashlib, json, sys, time
t0 = time.perf_counter()
import numpy as np
from ofdmisac import _fft
from ofdmisac.estimators import range_doppler_map
from ofdmisac.waveforms import Carrier, SensingGrid, ofdm_modulate
_fft.set_threads(int(sys.argv[2]))
t_import = time.perf_counter() - t0
out = {"import_s": t_import}
for case in json.loads(sys.argv[1]):
    rng = np.random.default_rng(0)
    if case[0] == "rd":
        _, n_sc, n_sym, pad = case
        shape = (n_sc, n_sym)
        tx = np.exp(2j * np.pi * rng.random(shape)).astype(np.complex64)
        rx = (tx * (rng.standard_normal(shape) + 1j)).astype(np.complex64)
        g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
                        pilot_mask=np.ones(shape, bool), n_range=pad * n_sc,
                        n_doppler=pad * n_sym)
        call = lambda: range_doppler_map(rx, tx, g).power
        name = f"range_doppler_map {pad * n_sc} x {pad * n_sym}"
    else:
        _, n_rb, n_slots = case
        c = Carrier(scs_khz=240, n_rb=n_rb)
        shape = (c.n_subcarriers, 14 * n_slots)
        grid = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(np.complex64)
        call = lambda: ofdm_modulate(grid, c)
        name = f"ofdm_modulate n_fft {c.n_fft} x {14 * n_slots} symbols"
    t1 = time.perf_counter(); res = call(); first = time.perf_counter() - t1
    t1 = time.perf_counter(); call(); second = time.perf_counter() - t1
    out[name] = {"first_s": first, "second_s": second,
                 "sha": hashlib.sha256(np.ascontiguousarray(res).tobytes()).hexdigest()[:16]}
print(json.dumps(out))
"""


def _child(cases, effort, cache, threads, wisdom="on"):
    env = dict(os.environ, OFDMISAC_FFT_PLANNER=effort, OFDMISAC_CACHE_DIR=cache,
               OFDMISAC_FFT_WISDOM=wisdom)
    proc = subprocess.run([sys.executable, "-c", CHILD, json.dumps(cases), str(threads)],
                          env=env, capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _speed(cases, threads, repeats):
    """Steady-state best-of time per call, ESTIMATE vs MEASURE plans, interleaved."""
    from ofdmisac import _fft
    from ofdmisac.estimators import range_doppler_map
    from ofdmisac.waveforms import Carrier, SensingGrid, ofdm_demodulate, ofdm_modulate

    _fft.set_threads(threads)
    rng = np.random.default_rng(0)
    rows = []
    for case in cases:
        if case[0] == "rd":
            _, n_sc, n_sym, pad = case
            shape = (n_sc, n_sym)
            tx = np.exp(2j * np.pi * rng.random(shape)).astype(np.complex64)
            rx = (tx * (rng.standard_normal(shape) + 1j)).astype(np.complex64)
            g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
                            pilot_mask=np.ones(shape, bool), n_range=pad * n_sc,
                            n_doppler=pad * n_sym)
            calls = [(f"range_doppler_map {pad * n_sc} x {pad * n_sym}",
                      lambda rx=rx, tx=tx, g=g: range_doppler_map(rx, tx, g))]
        else:
            _, n_rb, n_slots = case
            c = Carrier(scs_khz=240, n_rb=n_rb)
            shape = (c.n_subcarriers, 14 * n_slots)
            grid = (rng.standard_normal(shape)
                    + 1j * rng.standard_normal(shape)).astype(np.complex64)
            x = ofdm_modulate(grid, c)
            calls = [(f"ofdm_modulate {n_slots} slot(s)", lambda g=grid, c=c: ofdm_modulate(g, c)),
                     (f"ofdm_demodulate {n_slots} slot(s)",
                      lambda x=x, c=c: ofdm_demodulate(x, c))]
        for name, fn in calls:
            times = {"FFTW_ESTIMATE": [], "FFTW_MEASURE": []}
            for effort in times:  # plan both outside the timing
                _fft.set_planner_effort(effort)
                fn()
            for _ in range(repeats):
                for effort in times:
                    _fft.set_planner_effort(effort)
                    t0 = time.perf_counter()
                    fn()
                    times[effort].append(time.perf_counter() - t0)
            rows.append((name, min(times["FFTW_ESTIMATE"]), min(times["FFTW_MEASURE"])))
    _fft.set_planner_effort("FFTW_ESTIMATE")
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    cases = [["rd", 576, 56, 4], ["rd", 1024, 1120, 1], ["rd", 825, 140, 4],
             ["ofdm", 132, 1], ["ofdm", 132, 16]]
    if args.quick:
        cases = cases[:2]
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} "
          f"{os.getloadavg()[2]:.2f}; {args.threads} FFT thread(s); fresh interpreter per run")
    with tempfile.TemporaryDirectory() as cache:
        os.environ["OFDMISAC_CACHE_DIR"] = cache  # the in-process MEASURE plans of (3) too
        runs = {
            "ESTIMATE (default), process 1": _child(cases, "FFTW_ESTIMATE", cache, args.threads),
            "ESTIMATE (default), process 2": _child(cases, "FFTW_ESTIMATE", cache, args.threads),
            "MEASURE, cache off": _child(cases, "FFTW_MEASURE", cache, args.threads, "off"),
            "MEASURE, empty cache (cold)": _child(cases, "FFTW_MEASURE", cache, args.threads),
            "MEASURE, cache filled (warm)": _child(cases, "FFTW_MEASURE", cache, args.threads),
        }
        rows = _speed(cases, args.threads, 3 if args.quick else 9)
    names = [k for k in runs["ESTIMATE (default), process 1"] if k != "import_s"]
    print("\nFirst calls in a fresh process (goal: first call of a new size <= 0.5 s)\n")
    print("| kernel | run | first call (s) | second call (s) | goal <= 0.5 s | digest |")
    print("|---|---|---|---|---|---|")
    for name in names:
        for run, res in runs.items():
            r = res[name]
            ok = "met" if r["first_s"] <= 0.5 else "NOT met"
            print(f"| {name} | {run} | {r['first_s']:.3f} | {r['second_s']:.4f} | {ok} "
                  f"| {r['sha']} |")
    print("\nBits: ESTIMATE process 1 == process 2:",
          all(runs["ESTIMATE (default), process 1"][n]["sha"]
              == runs["ESTIMATE (default), process 2"][n]["sha"] for n in names),
          "; MEASURE warm == cold (wisdom from another process):",
          all(runs["MEASURE, empty cache (cold)"][n]["sha"]
              == runs["MEASURE, cache filled (warm)"][n]["sha"] for n in names),
          "; MEASURE without cache == cold:",
          sum(runs["MEASURE, empty cache (cold)"][n]["sha"]
              == runs["MEASURE, cache off"][n]["sha"] for n in names), f"of {len(names)}")
    print("\nSteady state, best of interleaved repeats, one process\n")
    print("| kernel | ESTIMATE (ms) | MEASURE (ms) | ESTIMATE / MEASURE |")
    print("|---|---|---|---|")
    for name, est, mea in rows:
        print(f"| {name} | {est * 1e3:.3f} | {mea * 1e3:.3f} | {est / mea:.2f} |")


if __name__ == "__main__":
    main()
