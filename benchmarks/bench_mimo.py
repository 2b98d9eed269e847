"""Benchmark: batched uplink MMSE estimation + GLRT ([CC] section 3) vs a per-realization loop.

For N in {64, 256} and K in {4, 16} (T_u = 64, the paper's Section 5.1) two things are
timed, each batched (one call on a chunk of realizations) against a Python loop calling
the same function once per realization:

* receiver: :func:`ofdmisac.estimators.uplink_receiver` (projection of ``Y_P`` onto the
  pilots, MMSE estimate, residual, GLRT statistic) on pre-generated ``Y_P``;
* full chain: :func:`ofdmisac.estimators.simulate_uplink` (channels, echoes, ``Y_P`` with
  noise, receiver).

Only the ratios are meaningful on a shared machine.

Usage (single-threaded BLAS: with threaded BLAS every small GEMM of the loop wakes the
BLAS threads and, on a shared machine, the loop rate becomes erratic)::

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_mimo.py [--quick]

Prints a Markdown table for the ``## bench_mimo`` section of ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from ofdmisac.channel import rician_channels, steering_vector
from ofdmisac.estimators import MimoUplink, received_pilot_matrix, simulate_uplink, uplink_receiver


def _link(n: int, k: int) -> MimoUplink:
    return MimoUplink(
        n_antennas=n,
        pilot_length=64,
        user_gain=np.full(k, 1e-7),
        target_gain=np.full(k, 2e-9),
        target_power_w=0.1,
    )


def _best_of(fn, repeats: int) -> float:
    best = np.inf
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def run(quick: bool = False) -> list[dict]:
    """Time the receiver alone (on pre-generated ``Y_P``) and the full simulated chain."""
    rows = []
    repeats = 2 if quick else 3
    for n in (64, 256):
        for k in (4, 16):
            link = _link(n, k)
            chunk = 256 if n == 64 else 64
            n_batched = chunk * (2 if quick else 4)
            n_loop = 30 if quick else 150
            rng = np.random.default_rng(1)
            los = steering_vector(rng.uniform(-1, 1, (n_batched, k)), n)
            theta = rng.uniform(-1, 1, (n_batched, k))
            h = rician_channels(np.full((n_batched, k), 1e-7), 1.0, los, rng=rng)
            echo = np.sqrt(2e-9 * n) * steering_vector(theta, n)
            y_p = received_pilot_matrix(link, h, echo, rng=rng)

            def rx_batched(link=link, y_p=y_p, los=los, theta=theta, chunk=chunk):
                for s in range(0, y_p.shape[0], chunk):
                    sl = slice(s, s + chunk)
                    uplink_receiver(link, y_p[sl], los[sl], theta[sl])

            def rx_loop(link=link, y_p=y_p, los=los, theta=theta, n_loop=n_loop):
                for i in range(n_loop):
                    uplink_receiver(link, y_p[i], los[i], theta[i])

            def sim_batched(link=link, chunk=chunk, n_batched=n_batched):
                g = np.random.default_rng(2)
                for _ in range(n_batched // chunk):
                    simulate_uplink(link, threshold=63.1, rng=g, n_trials=chunk, analytic=False)

            def sim_loop(link=link, n_loop=n_loop):
                g = np.random.default_rng(2)
                for _ in range(n_loop):
                    simulate_uplink(link, threshold=63.1, rng=g, analytic=False)

            r_rx = (n_batched / _best_of(rx_batched, repeats), n_loop / _best_of(rx_loop, repeats))
            r_sim = (
                n_batched / _best_of(sim_batched, repeats),
                n_loop / _best_of(sim_loop, repeats),
            )
            rows.append({"N": n, "K": k, "receiver": r_rx, "chain": r_sim})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer realizations")
    args = parser.parse_args()
    rows = run(quick=args.quick)
    print(
        "| N | K | receiver batched (real./s) | receiver loop (real./s) | ratio "
        "| full chain batched (real./s) | full chain loop (real./s) | ratio |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        rb, rl = r["receiver"]
        cb, cl = r["chain"]
        print(
            f"| {r['N']} | {r['K']} | {rb:.0f} | {rl:.0f} | {rb / rl:.1f}x "
            f"| {cb:.0f} | {cl:.0f} | {cb / cl:.1f}x |"
        )


if __name__ == "__main__":
    main()
