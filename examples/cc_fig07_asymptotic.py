"""[CC] Fig. 7: asymptotic sum-rate and sum-root-CRLB versus N and rho.

Section 5.1 defaults (T_u = T_d = 64, N_0 = -80 dBm, P_d = 0 dB(W), kappa = 1) and
K = L = 4 CU/ST pairs at the mean k-th nearest distances of (1) with fixed, distinct
angles (not given in the paper). The downlink interval senses the L-th ST.

Lines: the large-N forms, sum_k log2(1 + (21)) and sum_l sqrt((23)). Markers: the exact
finite-N forms (20) and (22) (squares) and Monte Carlo (circles: SINR measured on QPSK
symbols through MRT on uplink-chain estimates; root-CRLB (19) averaged over simulated
transmit blocks).

Usage: python examples/cc_fig07_asymptotic.py [OUT_DIR] [--quick]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ofdmisac.channel import steering_vector
from ofdmisac.estimators import (
    angle_crlb,
    angle_crlb_expected,
    angle_crlb_large_n,
    downlink_transmit_matrix,
    mrt_precoders,
    mrt_sinr_large_n,
    mrt_sinr_lemma1,
    simulate_downlink_sinr,
    simulate_uplink,
)
from ofdmisac.io import save_figure, write_csv
from ofdmisac.network import JointCoverageScenario, mean_kth_nearest_distance, uplink_link
from ofdmisac.plotting import plot_link_panels
from ofdmisac.units import db_to_linear, dbm_to_watt, per_km2_to_per_m2

C0 = db_to_linear(-30.0)
ALPHA = 2.8
N0_W = dbm_to_watt(-80.0)
P_D_W = 1.0
T_U = T_D = 64
K = 4
USER_ANGLES = np.deg2rad([-50.0, -15.0, 20.0, 55.0])
TARGET_ANGLES = np.deg2rad([-35.0, 5.0, 35.0, 65.0])
COLORS = {0.1: "tab:blue", 0.5: "tab:orange", 0.9: "tab:green"}


def make_link(n: int):
    """The K pairs at the mean k-th nearest distances of (1) with N antennas."""
    ks = np.arange(1, K + 1)
    scenario = JointCoverageScenario(n_antennas=n, pilot_length=T_U, c0=C0,
                                     path_loss_exponent=ALPHA,
                                     rician_factor=1.0, user_power_w=1.0,
                                     target_power_w=db_to_linear(-10.0), noise_power_w=N0_W)
    return uplink_link(scenario, mean_kth_nearest_distance(per_km2_to_per_m2(100.0), ks),
                       mean_kth_nearest_distance(per_km2_to_per_m2(1000.0), ks))


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="examples-output")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n_trials = 300 if args.quick else 2000
    n_line = np.unique(np.round(np.logspace(np.log10(8), np.log10(512), 25)).astype(int))
    n_mark = np.array([8, 16, 32, 64, 128, 256])
    n_mc = np.array([16, 32, 64, 128]) if not args.quick else np.array([16, 64])
    rng = np.random.default_rng(7)
    pa, pb = [], []
    cols = {k: [] for k in ("rho", "n_antennas", "sum_rate", "sum_root_crlb", "curve")}

    def record(rho, ns, rate, crlb, curve):
        cols["rho"].extend([rho] * len(ns))
        cols["n_antennas"].extend(ns)
        cols["sum_rate"].extend(rate)
        cols["sum_root_crlb"].extend(crlb)
        cols["curve"].extend([curve] * len(ns))

    summary = {}
    for rho in (0.1, 0.5, 0.9):
        c = COLORS[rho]
        rate_a, crlb_a = [], []
        for n in n_line:
            lk = make_link(int(n))
            rate_a.append(
                np.sum(np.log2(1 + mrt_sinr_large_n(lk, comm_power_fraction=rho,
                                                    downlink_power_w=P_D_W)))
            )
            crlb_a.append(
                np.sum(
                    np.sqrt(
                        angle_crlb_large_n(
                            n_antennas=n,
                            theta_rad=TARGET_ANGLES,
                            comm_power_fraction=rho,
                            downlink_power_w=P_D_W,
                            n_symbols=T_D,
                            target_gain=lk.target_gain,
                            noise_power_w=N0_W,
                        )
                    )
                )
            )
        pa.append({"x": n_line, "y": rate_a, "label": f"(21), rho={rho}", "color": c})
        pb.append({"x": n_line, "y": crlb_a, "label": f"(23), rho={rho}", "color": c})
        record(rho, n_line, rate_a, crlb_a, 0)
        rate_e, crlb_e = [], []
        for n in n_mark:
            lk = make_link(int(n))
            los = steering_vector(USER_ANGLES, int(n))
            g = mrt_sinr_lemma1(lk, los, TARGET_ANGLES[-1], comm_power_fraction=rho,
                                downlink_power_w=P_D_W)
            rate_e.append(np.sum(np.log2(1 + g)))
            ce = [
                angle_crlb_expected(
                    lk,
                    los,
                    TARGET_ANGLES[i],
                    comm_power_fraction=rho,
                    downlink_power_w=P_D_W,
                    n_symbols=T_D,
                    target_gain=lk.target_gain[i],
                )
                for i in range(K)
            ]
            crlb_e.append(np.sum(np.sqrt(ce)))
        pa.append(
            {
                "x": n_mark,
                "y": rate_e,
                "label": f"(20), rho={rho}",
                "style": "marker",
                "marker": "s",
                "color": c,
            }
        )
        pb.append(
            {
                "x": n_mark,
                "y": crlb_e,
                "label": f"(22), rho={rho}",
                "style": "marker",
                "marker": "s",
                "color": c,
            }
        )
        record(rho, n_mark, rate_e, crlb_e, 1)
        rate_m, crlb_m = [], []
        for n in n_mc:
            lk = make_link(int(n))
            ds = simulate_downlink_sinr(
                lk,
                user_angle_rad=USER_ANGLES,
                uplink_target_angle_rad=TARGET_ANGLES,
                target_angle_rad=TARGET_ANGLES[-1],
                comm_power_fraction=rho,
                downlink_power_w=P_D_W,
                n_trials=n_trials,
                n_symbols=8,
                form_pilot_matrix=False,
                rng=rng,
            )
            rate_m.append(np.sum(np.log2(1 + ds.sinr)))
            m = max(n_trials // 10, 50)
            us = simulate_uplink(
                lk,
                threshold=1.0,
                rng=rng,
                n_trials=m,
                user_angle_rad=USER_ANGLES,
                target_angle_rad=TARGET_ANGLES,
                keep_signals=True,
                analytic=False,
                form_pilot_matrix=False,
            )
            los = steering_vector(USER_ANGLES, int(n))
            total = 0.0
            for i in range(K):  # the L downlink intervals (one per target)
                w_u, w_t = mrt_precoders(lk, us.estimates, los, TARGET_ANGLES[i])
                sym = np.exp(1j * np.pi / 2 * rng.integers(0, 4, (m, K + 1, T_D)))
                x = downlink_transmit_matrix(
                    w_u, w_t, sym[:, :K], sym[:, K], comm_power_fraction=rho, power_w=P_D_W
                )
                cr = angle_crlb(
                    x, TARGET_ANGLES[i], target_gain=lk.target_gain[i], noise_power_w=N0_W
                )
                total += float(np.mean(np.sqrt(cr)))
            crlb_m.append(total)
        pa.append(
            {"x": n_mc, "y": rate_m, "label": f"MC, rho={rho}", "style": "marker", "color": c}
        )
        pb.append(
            {"x": n_mc, "y": crlb_m, "label": f"MC, rho={rho}", "style": "marker", "color": c}
        )
        record(rho, n_mc, rate_m, crlb_m, 2)
        summary[f"rho{rho}_sum_rate_N64_eq21"] = float(np.interp(64, n_line, rate_a))
        summary[f"rho{rho}_sum_rate_N64_eq20"] = float(rate_e[list(n_mark).index(64)])
    fig = plot_link_panels(
        [
            {
                "series": pa,
                "xlabel": "N",
                "ylabel": "sum-rate (bit/s/Hz)",
                "logx": True,
                "title": "(a) communication",
            },
            {
                "series": pb,
                "xlabel": "N",
                "ylabel": "sum-root-CRLB (rad)",
                "logx": True,
                "logy": True,
                "title": "(b) sensing",
            },
        ],
        suptitle="[CC] Fig. 7: asymptotic behaviour versus N and rho",
    )
    save_figure(fig, out / "cc_fig07_asymptotic.png")
    write_csv(out / "cc_fig07_asymptotic.csv", cols)
    return summary


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value:.4g}")
