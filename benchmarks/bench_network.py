"""Benchmark: [BM] network analytics, vectorized quadrature vs nested adaptive quad.

Three measurements in one run (only ratios and orders of magnitude are meaningful on a
shared machine):

(a) a sensing-coverage curve (Theorem 1, mmWave, eta = 0 dB, 7 beam numbers 16..1024):
    :func:`ofdmisac.network.sensing_coverage` (one broadcast call) against the nested
    ``scipy.integrate.quad`` reference of
    ``tests/network/beam_management/test_sensing_coverage.py``
    (one outer quad per beam number, one inner quad per outer node), with the largest
    absolute difference; goal >= 50x faster at <= 1e-4;
(b) simulation throughput of :func:`ofdmisac.network.simulate_sensing_coverage` (Theorem 1
    model and geometric model, mmWave and dense) and of
    :func:`ofdmisac.network.simulate_communication_coverage` (the beam-management
    mechanism, conventional and ISAC), network realizations per second;
(c) the full [BM] Fig. 7 analytic sweep (4 densities x 8 beam numbers, ISAC scheme with
    the SCIR-averaged misalignment, conventional scheme) with
    :func:`ofdmisac.network.communication_coverage`; goal: a few seconds;
(d) the effective-ASE sweep of issue 12: :func:`ofdmisac.network.effective_ase` for the
    four schemes over five beam numbers (16..256; THz, 500 BS/km^2, default rules and
    the SCIR-averaged misalignment), with cold memo caches before each repeat (the
    schemes of one sweep share the coverage terms and the SCIR law); goal < 1 s. Beside
    it, interleaved: one ISAC coverage sweep at the rate-rule thresholds, batched kernel
    against the per-point reference kernel ``_coverage_terms`` (the former code path),
    with the largest difference.

Usage::

    .venv/bin/python benchmarks/bench_network.py [--quick] [--ase]

``--ase`` runs (d) only.

Prints a Markdown table for the ``## bench_network`` section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import time
from pathlib import Path

import numpy as np

from ofdmisac.network import (
    BeamManagementScenario,
    communication_coverage,
    effective_ase,
    sensing_coverage,
    simulate_communication_coverage,
    simulate_sensing_coverage,
)

_REF = (Path(__file__).resolve().parents[1] / "tests" / "network" / "beam_management"
        / "test_sensing_coverage.py")


def _reference():
    spec = importlib.util.spec_from_file_location("bm_sensing_reference", _REF)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.nested_quad_coverage


def _median_time(fn, repeats: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return float(np.median(times)), out


def run(quick: bool = False) -> list[dict]:
    """Run (a), (b), (c); return rows of the result table."""
    rows = []
    s = BeamManagementScenario.mmwave()
    nb = 2 ** np.arange(4, 11)  # 7 beam numbers
    if quick:
        nb = nb[:2]
    # (a) vectorized curve vs nested quad
    t_vec, p_vec = _median_time(lambda: sensing_coverage(s, 1.0, n_beams=nb), 5)
    nested = _reference()
    t_ref, p_ref = _median_time(
        lambda: np.array([nested(s.replace(n_beams=int(n)), 1.0) for n in nb]), 1)
    rows.append({"item": f"(a) sensing coverage curve, {nb.size} n_B, mmWave, eta=0 dB",
                 "ours": f"{1e3 * t_vec:.1f} ms",
                 "reference": f"{1e3 * t_ref:.0f} ms (nested quad)",
                 "ratio": f"{t_ref / t_vec:.0f}x",
                 "note": f"max |diff| = {np.max(np.abs(p_vec - p_ref)):.1e}"})
    # (b) simulation throughput
    n_trials = 4000 if quick else 20_000
    for label, sc in (("mmWave 100/km^2", s),
                      ("dense 1e4/km^2, n_B=1024", s.replace(bs_density_per_m2=1e-2,
                                                               n_beams=1024))):
        for model in ("theorem1", "geometric"):
            t, _ = _median_time(lambda sc=sc, model=model: simulate_sensing_coverage(
                sc, 1.0, n_trials, rng=1, model=model), 1 if quick else 3)
            rows.append({"item": f"(b) simulate_sensing_coverage, {label}, {model}",
                         "ours": f"{n_trials / t:,.0f} realizations/s", "reference": "",
                         "ratio": "", "note": f"{n_trials} trials in {t:.2f} s"})
    for scheme in ("conventional", "isac"):
        t, _ = _median_time(lambda scheme=scheme: simulate_communication_coverage(
            s, 1.0, n_trials, rng=1, scheme=scheme), 1 if quick else 3)
        rows.append({"item": f"(b) simulate_communication_coverage, mmWave 100/km^2, {scheme}",
                     "ours": f"{n_trials / t:,.0f} realizations/s", "reference": "",
                     "ratio": "", "note": f"{n_trials} trials in {t:.2f} s"})
    # (c) Fig. 7 analytic sweep
    lam = np.array([1.0, 10.0, 100.0, 1e4]) * 1e-6
    nb7 = 2 ** np.arange(3, 11)  # 8 beam numbers
    if quick:
        lam, nb7 = lam[:2], nb7[:2]
    for scheme in ("isac", "conventional"):
        for band, sc in (("mmWave", s), ("THz", BeamManagementScenario.thz())):
            t, p = _median_time(lambda sc=sc, scheme=scheme: communication_coverage(
                sc, 1.0, scheme, n_beams=nb7[None, :], bs_density_per_m2=lam[:, None]), 1)
            rows.append({"item": f"(c) Fig. 7 sweep {lam.size}x{nb7.size}, {scheme}, {band}",
                         "ours": f"{t:.2f} s", "reference": "", "ratio": "",
                         "note": "argmax n_B per density: "
                         f"{[int(b) for b in nb7[np.argmax(p, axis=1)]]}"})
    return rows


def _cold_sweep(s, nb):
    from ofdmisac.network.beam_management._comm_coverage import _clear_terms_cache

    _clear_terms_cache()
    return {sch: effective_ase(s, sch, n_beams=nb)
            for sch in ("conventional", "distributed", "isac", "ideal")}


def run_ase(quick: bool = False, repeats: int = 3) -> list[dict]:
    """(d): the 4-scheme effective-ASE sweep and the kernel ratio."""
    from ofdmisac.network.beam_management import _comm_coverage as bc
    from ofdmisac.network.beam_management._ase import rate_rule

    s = BeamManagementScenario.thz().replace(bs_density_per_m2=500e-6)
    nb = 2 ** np.arange(4, 9)
    if quick:
        nb, repeats = nb[:2], 1
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        _cold_sweep(s, nb)
        times.append(time.perf_counter() - t0)
    best = min(times)
    rows = [{"item": f"(d) effective_ase, 4 schemes x {nb.size} n_B, THz 500/km^2",
             "ours": f"{best:.2f} s", "reference": "13.3 s (issue 12, former code)",
             "ratio": f"goal < 1 s: {'met' if best < 1.0 else 'NOT met'}",
             "note": f"best of {repeats} cold runs; spread {min(times):.2f}-{max(times):.2f} s"}]
    zeta, _ = rate_rule(8)
    scs = [s.replace(n_beams=int(n)) for n in nb]
    t_new, t_ref, out = np.inf, np.inf, None
    for _ in range(1 if quick else 2):
        bc._clear_terms_cache()
        t0 = time.perf_counter()
        out = bc._batched_terms(bc._BatchParams(scs), zeta, (40, 32, 96), True)
        t_new = min(t_new, time.perf_counter() - t0)
        t0 = time.perf_counter()
        ref = [bc._coverage_terms(bc._Params(sc), zeta, (40, 32, 96)) for sc in scs]
        t_ref = min(t_ref, time.perf_counter() - t0)
    diff = max(float(np.max(np.abs(out[k][o] - np.array([r[k][o] for r in ref]))))
               for k in (0, 1) for o in ("ml", "sl"))
    rows.append({"item": f"(d) ISAC coverage terms, {nb.size} n_B x {zeta.size} thresholds",
                 "ours": f"{t_new:.2f} s", "reference": f"{t_ref:.2f} s (per-point kernel)",
                 "ratio": f"{t_ref / t_new:.1f}x", "note": f"max |diff| = {diff:.1e}"})
    return rows


def main(argv=None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--ase", action="store_true", help="run (d) only")
    args = parser.parse_args(argv)
    load = os.getloadavg()
    rows = [] if args.ase else run(quick=args.quick)
    rows += run_ase(quick=args.quick)
    print(f"load average before: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; after: "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    print("| measurement | ofdmisac | reference | ratio | note |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['item']} | {r['ours']} | {r['reference']} | {r['ratio']} | {r['note']} |")
    return rows


if __name__ == "__main__":
    main()
