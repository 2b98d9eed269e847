"""Benchmark: the batched [CC] MIMO chains as a fraction of the machine's own BLAS rate.

For N in {64, 256} and K in {4, 16} (T_u = 64, the paper's Section 5.1) three batched
chains are timed on one chunk of realizations (256 for N = 64, 64 for N = 256):

* receiver: :func:`ofdmisac.estimators.uplink_receiver` on pre-generated ``Y_P``
  (projection onto the pilots, MMSE estimate, residual, GLRT statistic);
* uplink chain: :func:`ofdmisac.estimators.simulate_uplink` (channels, echoes, ``Y_P``
  with noise, receiver; ``analytic=False``);
* downlink chain: :func:`ofdmisac.estimators.simulate_downlink_sinr` (uplink chain, MRT
  precoders, effective gains, 16 symbols per CU, SINR statistics).

Essential floating-point work per realization (real flops; a complex multiply-add is 8):

* receiver: projection ``(N x T_u) (T_u x K)``: ``8 N T_u K``; estimate, residual and
  ``a_N(theta)^H r`` per pair: ``8 N K`` each (``24 N K``);
* uplink chain: the receiver plus the signal part of ``Y_P``, ``(N x K) (K x T_u)``:
  ``8 N K T_u``, and adding the noise, ``2 N T_u``; the ``2 N T_u`` normal draws are work
  too but not flops (they are what bounds the chain, see RESULTS.md);
* downlink chain: the uplink chain plus MRT (``8 N K + 8 N``), the gains
  ``h_k^H w_i`` and ``h_k^H w_T`` (``8 N K^2 + 8 N K``) and the received symbols
  (``8 K^2 S``).

The BLAS rate is measured in the same run on the GEMM of the same shapes as the
projection, one call ``(B N x T_u) (T_u x K)`` in complex128 (B realizations); a square
512 x 512 complex GEMM is printed for reference. The ratio is (flops / chain time) /
(BLAS flops / s); goal >= 0.5 for N = 64 and 256. The simulated chains also draw
``2 N T_u`` (uplink; plus ``2 K N + 2 K S`` downlink) standard normals per realization,
which no GEMM does: a second figure, "vs floor", divides the time of the flops at the
BLAS rate plus the time of those draws (``Generator.standard_normal`` into a preallocated
array, measured in the same run) by the chain's time. Single-threaded BLAS (set before numpy
is imported); interleaved best-of timing (``benchmarks/_common.py``).

Usage::

    .venv/bin/python benchmarks/bench_mimo.py [--quick]
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import goal_line, header, interleaved_best  # noqa: E402

from ofdmisac.channel import rician_channels, steering_vector  # noqa: E402
from ofdmisac.estimators import (  # noqa: E402
    MimoUplink,
    received_pilot_matrix,
    simulate_downlink_sinr,
    simulate_uplink,
    uplink_receiver,
)

T_U = 64
N_SYMBOLS = 16


def _link(n: int, k: int) -> MimoUplink:
    return MimoUplink(n_antennas=n, pilot_length=T_U, user_gain=np.full(k, 1e-7),
                      target_gain=np.full(k, 2e-9), target_power_w=0.1)


def flops(n: int, k: int) -> dict[str, float]:
    """Essential real flops per realization of each chain (see the module docstring)."""
    receiver = 8 * n * T_U * k + 24 * n * k
    uplink = receiver + 8 * n * k * T_U + 2 * n * T_U
    downlink = uplink + 8 * n * k + 8 * n + 8 * n * k * k + 8 * n * k + 8 * k * k * N_SYMBOLS
    return {"receiver": receiver, "uplink chain": uplink, "downlink chain": downlink}


def run(quick: bool = False) -> list[dict]:
    rows = []
    repeats = 3 if quick else 7
    for n in (64, 256):
        for k in (4, 16):
            link = _link(n, k)
            batch = 256 if n == 64 else 64
            rng = np.random.default_rng(1)
            angles = rng.uniform(-1, 1, (batch, k))
            los = steering_vector(angles, n)
            theta = rng.uniform(-1, 1, (batch, k))
            h = rician_channels(np.full((batch, k), 1e-7), 1.0, los, rng=rng)
            echo = np.sqrt(2e-9 * n) * steering_vector(theta, n)
            y_p = received_pilot_matrix(link, h, echo, rng=rng)
            a = np.ascontiguousarray(y_p.reshape(-1, T_U))
            v = np.linalg.qr(rng.standard_normal((T_U, k)) + 1j * rng.standard_normal((T_U, k)))[0]
            normals = np.empty((batch, n, T_U, 2))
            gen = np.random.default_rng(4)
            fns = {
                "blas": lambda a=a, v=v: a @ v,
                "normals": lambda g=gen, o=normals: g.standard_normal(out=o),
                "receiver": lambda link=link, y=y_p, los=los, th=theta: uplink_receiver(
                    link, y, los, th),
                "uplink chain": lambda link=link, b=batch: simulate_uplink(
                    link, threshold=63.1, rng=2, n_trials=b, analytic=False),
                "downlink chain": lambda link=link, b=batch, ang=angles[0], th=theta[0]:
                    simulate_downlink_sinr(link, user_angle_rad=ang,
                                           uplink_target_angle_rad=th,
                                           target_angle_rad=float(th[0]),
                                           comm_power_fraction=0.5, downlink_power_w=1.0,
                                           n_trials=b, n_symbols=N_SYMBOLS, rng=3),
            }
            best = interleaved_best(fns, repeats=repeats)
            blas_rate = 8 * a.shape[0] * T_U * k / best["blas"]
            per = flops(n, k)
            row = {"N": n, "K": k, "batch": batch, "blas_gflops": blas_rate / 1e9}
            t_normal = best["normals"] / normals.size  # s per standard normal
            draws = {"receiver": 0, "uplink chain": 2 * n * T_U,
                     "downlink chain": 2 * n * T_U + 2 * k * n + 2 * k * N_SYMBOLS}
            for name in per:
                rate = per[name] * batch / best[name]
                floor = batch * (per[name] / blas_rate + draws[name] * t_normal)
                row[name] = (rate / 1e9, rate / blas_rate, batch / best[name],
                             floor / best[name])
            rows.append(row)
    return rows


def square_gemm_gflops() -> float:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((512, 512)) + 1j * rng.standard_normal((512, 512))
    t = interleaved_best({"gemm": lambda: x @ x}, repeats=3)["gemm"]
    return 8 * 512**3 / t / 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args()
    header("bench_mimo: batched MIMO chains vs the BLAS rate")
    rows = run(quick=args.quick)
    print(f"square 512x512 complex GEMM: {square_gemm_gflops():.2f} GFLOP/s (reference)")
    print("| N | K | batch | BLAS (projection shape) GFLOP/s | receiver GFLOP/s (fraction "
          "of BLAS; real./s) | uplink chain (fraction; vs floor incl. draws; real./s) "
          "| downlink chain (same) |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        rc = r["receiver"]
        cells = f"{rc[0]:.2f} ({rc[1]:.2f}; {rc[2]:.0f}) | " + " | ".join(
            f"{r[c][0]:.2f} ({r[c][1]:.2f}; {r[c][3]:.2f}; {r[c][2]:.0f})"
            for c in ("uplink chain", "downlink chain"))
        print(f"| {r['N']} | {r['K']} | {r['batch']} | {r['blas_gflops']:.2f} | {cells} |")
    for r in rows:
        for c in ("receiver", "uplink chain", "downlink chain"):
            goal_line(f"{c} N={r['N']} K={r['K']}: fraction of the BLAS rate", r[c][1], 0.5,
                      at_least=True)
            if c != "receiver":
                goal_line(f"{c} N={r['N']} K={r['K']}: fraction of the floor incl. draws",
                          r[c][3], 0.5, at_least=True)


if __name__ == "__main__":
    main()
