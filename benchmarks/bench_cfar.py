"""Benchmark: CA-CFAR, OS-CFAR and detect_targets on a 1024 x 1120 map vs its own 2-D FFT.

The floor is the raw planned FFTW 2-D transform of the same size (``ofdmisac._fft.planned``;
complex64 for a float32 map, complex128 for a float64 map), one thread like the CFAR
kernels (NumPy, single-threaded). Goals (issue 12, item 3): CA-CFAR <= 1x that FFT,
OS-CFAR <= 5x CA-CFAR, ``detect_targets`` <= 1.3x CA-CFAR (the same window). All timings of
one map size are interleaved round-robin in one process; the minimum ("best-of") and the
median of the repeats are printed, with the machine load. Only ratios are meaningful on a
shared machine.

Windows: the ``cfar_2d`` default (guard (1, 1), train (4, 4), N = 112 training cells), the
``detect_targets`` default (guard (2, 2), train (4, 4), N = 144) and the pipeline's window
(guard (8, 8), train (8, 8), N = 800, as in ``ofdmisac run``). The map is exponential noise
(mean 1) with 20 targets 20-40 dB above it, as ``RangeDopplerMap.power`` of a complex64 grid
(float32), and the same map in float64.

``--big`` adds one OS-CFAR run on a 13104 x 448 float32 map (a 273-RB carrier with 4x range
padding, 112 symbols with 4x Doppler padding) with the pipeline window.

Usage::

    .venv/bin/python benchmarks/bench_cfar.py [--quick] [--big]
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from ofdmisac import _fft
from ofdmisac.estimators import RangeDopplerMap, cfar_2d, detect_targets

SHAPE = (1024, 1120)
WINDOWS = {"cfar_2d default": ((1, 1), (4, 4)), "detect_targets default": ((2, 2), (4, 4)),
           "pipeline": ((8, 8), (8, 8))}


def _interleaved_times(fns, repeats):
    """Time each function ``repeats`` times, round-robin (a load change on the shared machine
    hits all of them alike); return the minimum and the median wall time of each and its
    minimum CPU time (``time.process_time``, less sensitive to other processes taking the
    cores)."""
    times = [[] for _ in fns]
    cpu = [[] for _ in fns]
    for _ in range(repeats):
        for i, fn in enumerate(fns):
            c0, t0 = time.process_time(), time.perf_counter()
            fn()
            times[i].append(time.perf_counter() - t0)
            cpu[i].append(time.process_time() - c0)
    return [(float(np.min(t)), float(np.median(t)), float(np.min(c)))
            for t, c in zip(times, cpu, strict=True)]


def _ratio_line(name, value, goal):
    """One printed ratio next to its goal (local; the shared printer comes at merge)."""
    verdict = "met" if value <= goal else "NOT met"
    return f"| {name} | {value:.2f} | <= {goal:g} | {verdict} |"


def _map(rng, shape, dtype):
    p = rng.exponential(size=shape)
    rows, cols = rng.integers(0, shape[0], 20), rng.integers(0, shape[1], 20)
    p[rows, cols] += 10 ** rng.uniform(2, 4, 20)
    return p.astype(dtype)


def _rd_map(power):
    n_r, n_d = power.shape
    return RangeDopplerMap(power=power, range_m=np.arange(n_r) * 1.0,
                           velocity_mps=(np.arange(n_d) - n_d // 2) * 0.5, range_bin_m=1.0,
                           velocity_bin_mps=0.5, processing_loss_db=0.0, sensing=None)


def bench_map(dtype, repeats, os_repeats):
    rng = np.random.default_rng(0)
    p = _map(rng, SHAPE, dtype)
    cdtype = np.complex64 if dtype == np.float32 else np.complex128
    plan = _fft.planned(SHAPE, cdtype, axes=(-2, -1))
    plan.input_array[...] = p
    rd = _rd_map(p)
    fns, names = [plan], ["FFT"]
    for label, (g, t) in WINDOWS.items():
        fns += [lambda g=g, t=t: cfar_2d(p, guard=g, train=t)]
        names += [f"CA {label}"]
    g, t = WINDOWS["detect_targets default"]
    fns += [lambda: detect_targets(rd, guard=g, train=t)]
    names += ["detect_targets"]
    for fn in fns:  # warm up: plans, page faults, alpha bisections
        fn()
    res = dict(zip(names, _interleaved_times(fns, repeats), strict=True))
    os_fns, os_names = [], []
    for label, (g, t) in WINDOWS.items():
        if label != "detect_targets default":
            os_fns += [lambda g=g, t=t: cfar_2d(p, kind="OS", guard=g, train=t)]
            os_names += [f"OS {label}"]
    os_fns += [lambda: cfar_2d(p, guard=(1, 1), train=(4, 4))]  # CA again, beside OS
    os_names += ["CA beside OS"]
    res.update(zip(os_names, _interleaved_times(os_fns, os_repeats), strict=True))
    return res


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--big", action="store_true")
    args = parser.parse_args()
    _fft.set_threads(1)
    print(f"load average before: {os.getloadavg()}")
    for dtype in (np.float32, np.float64):
        res = bench_map(dtype, 5 if args.quick else 15, 1 if args.quick else 2)
        name = np.dtype(dtype).name
        print(f"\n### {SHAPE[0]} x {SHAPE[1]} {name} map\n")
        print("| kernel | best wall (ms) | median wall (ms) | best CPU (ms) |\n|---|---|---|---|")
        for k, (best, med, cpu) in res.items():
            print(f"| {k} | {1e3 * best:.2f} | {1e3 * med:.2f} | {1e3 * cpu:.2f} |")
        for col, what in ((0, "best wall"), (2, "best CPU")):
            def t(key, col=col, res=res):
                return res[key][col]
            print(f"\n| ratio ({what}) | value | goal | |\n|---|---|---|---|")
            for label in WINDOWS:
                print(_ratio_line(f"CA {label} / FFT", t(f"CA {label}") / t("FFT"), 1.0))
            for label in ("cfar_2d default", "pipeline"):
                print(_ratio_line(f"OS {label} / CA {label}",
                                  t(f"OS {label}") / t(f"CA {label}"), 5.0))
            print(_ratio_line("detect_targets / CA (same window)",
                              t("detect_targets") / t("CA detect_targets default"), 1.3))
    if args.big:
        p = _map(np.random.default_rng(1), (13104, 448), np.float32)
        c0, t0 = time.process_time(), time.perf_counter()
        cfar_2d(p, kind="OS", guard=(8, 8), train=(8, 8))
        print(f"\nOS-CFAR 13104 x 448 float32, guard = train = (8, 8): "
              f"{time.perf_counter() - t0:.1f} s wall, {time.process_time() - c0:.1f} s CPU")
    print(f"\nload average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
