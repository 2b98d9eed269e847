"""Benchmark: peak memory (RSS) of the pipeline and of the Monte Carlo functions.

Each measurement runs in a fresh child process and reads its peak resident set size with
``resource.getrusage(RUSAGE_CHILDREN)`` (Linux: ``ru_maxrss`` in KiB), so the numbers
include the interpreter and the imported libraries (the "baseline" row: importing
``ofdmisac`` only).

* ``ofdmisac run --quick`` and the full ``ofdmisac run`` (all stages; ``--stages`` rows show
  which stage sets the peak); goal: the full run under 1 GB;
* each Monte Carlo function with 10x more units (trials or geometries): the peak must not
  grow with their number (goal: ratio of the peaks above the baseline <= 1.1). The
  statements set ``chunk_size`` to the smallest count, so that every size runs full
  chunks (below one chunk the working set grows with the units, up to the chunk).

``MC_CASES`` is a table of ``name -> (statement template, trial counts)``: edit it to add
a function (e.g. ``measure_error_statistics`` once it is chunked). Usage::

    .venv/bin/python benchmarks/bench_memory.py [--quick] [--no-pipeline] [--stages]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import goal_line, header  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

_SETUP = """
import numpy as np
from ofdmisac.estimators import MimoUplink, simulate_downlink_sinr, simulate_uplink
from ofdmisac.network import *
"""

# name -> (statement with {n}: the number of units, {c}: the chunk size, unit counts)
MC_CASES = {
    "simulate_sensing_coverage": (
        "simulate_sensing_coverage(BeamManagementScenario.mmwave(), [0.1, 1.0], {n}, rng=1, "
        "keep_samples=False, chunk_size={c})", (1000, 10000)),
    "simulate_communication_coverage": (
        "simulate_communication_coverage(BeamManagementScenario.mmwave(), [1.0], {n}, rng=1, "
        "chunk_size={c})", (1000, 10000)),
    "simulate_downlink_sinr": (
        "simulate_downlink_sinr(MimoUplink(n_antennas=64, pilot_length=64, "
        "user_gain=[1e-7] * 4, target_gain=[1e-9] * 4), user_angle_rad=[-0.6, -0.2, 0.1, 0.5], "
        "uplink_target_angle_rad=[0.3, -0.2, 0.6, -0.5], target_angle_rad=0.3, "
        "comm_power_fraction=0.5, downlink_power_w=1.0, n_trials={n}, rng=0, chunk_size={c})",
        (100, 1000, 10000)),
    "uplink_coverage_measured_twin": (
        "uplink_coverage_measured_twin(JointCoverageScenario(), 0.1, 0.6, n_geometries={n}, "
        "n_trials=64, rng=2, chunk_size={c})", (100, 1000)),
    "downlink_coverage_link_twin": (
        "downlink_coverage_link_twin(JointCoverageScenario(rician_factor=0.2), 0.02, 0.02, "
        "n_geometries={n}, n_trials=16, rng=1, chunk_size={c})", (100, 1000)),
    "uplink_coverage_geometry_twin": (
        "uplink_coverage_geometry_twin(JointCoverageScenario(), [0.05, 0.1], 0.6, "
        "n_samples={n}, rng=1, chunk_size={c})", (10000, 100000, 1000000)),
    # measure_error_statistics (the bridge helper chunks it): 100 vs 1000 trials on a small
    # grid; rerun after the merge
    "measure_error_statistics": (
        "from ofdmisac.waveforms import SensingGrid\n"
        "from ofdmisac.estimators import measure_error_statistics\n"
        "g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6, "
        "pilot_mask=np.ones((128, 16), bool))\n"
        "measure_error_statistics(g, [0.0, 10.0], n_trials={n}, rng=1)", (100, 1000)),
}


def peak_rss_mib(argv: list[str], *, cwd: Path = ROOT, env=None) -> tuple[float, int]:
    """Peak RSS (MiB) of ``argv`` run in a fresh wrapper process, and its return code."""
    wrapper = ("import resource, subprocess, sys\n"
               "rc = subprocess.run(sys.argv[1:]).returncode\n"
               "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n")
    out = subprocess.run([sys.executable, "-c", wrapper, *argv], cwd=cwd, env=env,
                         capture_output=True, text=True, check=False)
    last = out.stdout.strip().splitlines()[-1].split()
    return int(last[0]) / 1024.0, int(last[1])


def _python(statement: str) -> list[str]:
    return [sys.executable, "-c", _SETUP + statement]


def pipeline(quick_only: bool, stages: bool) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    runs = [("ofdmisac run --quick", ["--quick"])]
    if not quick_only:
        if stages:
            runs += [(f"ofdmisac run --stages {s}", ["--stages", s])
                     for s in ("frame", "sensing", "network", "mimo")]
        runs.append(("ofdmisac run", []))
    for name, extra in runs:
        with tempfile.TemporaryDirectory() as out:
            argv = [sys.executable, "-c", "from ofdmisac.cli import main; main()", "run",
                    "--no-progress", "--out", out, *extra]
            mib, rc = peak_rss_mib(argv, env=env)
        status = "" if rc == 0 else f" (exit code {rc})"
        print(f"{name}: peak RSS {mib:.0f} MiB{status}")
        if name == "ofdmisac run":
            goal_line("full run peak RSS / 1 GB", mib / 1024.0, 1.0)


def monte_carlo(quick: bool) -> None:
    base, _ = peak_rss_mib(_python("pass"))
    print(f"baseline (import ofdmisac, numpy, scipy): peak RSS {base:.0f} MiB")
    for name, (statement, counts) in MC_CASES.items():
        counts = counts[:2] if quick else counts
        peaks = []
        for n in counts:
            mib, rc = peak_rss_mib(_python(statement.format(n=n, c=counts[0])))
            if rc != 0:
                print(f"{name}: n={n} failed (exit code {rc})")
                break
            peaks.append(mib)
        if len(peaks) < 2:
            continue
        print(f"{name}: peak RSS " + ", ".join(f"{n}: {p:.0f} MiB"
                                             for n, p in zip(counts, peaks, strict=False)))
        above = [max(p - base, 1.0) for p in peaks]
        goal_line(f"{name} peak above baseline, {counts[-1]} / {counts[0]} units",
                  above[-1] / above[0], 1.1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="only `run --quick` and two sizes per function")
    parser.add_argument("--no-pipeline", action="store_true", help="skip `ofdmisac run`")
    parser.add_argument("--stages", action="store_true", help="also one run per stage")
    args = parser.parse_args()
    header("bench_memory: peak RSS")
    if not args.no_pipeline:
        pipeline(args.quick, args.stages)
    monte_carlo(args.quick)


if __name__ == "__main__":
    main()
