"""[CC] Fig. 6: uplink vs downlink trade-offs as the pilot length T_u grows.

T_u + T_d = 128 symbols per coherence interval, N in {32, 64, 128}, N_0 = -80 dB(W),
eps_d = 0 dB, rho = 0.5, P_d = 0 dB(W); K = L = 4 CU/ST pairs at the mean k-th nearest
distances of (1) (lambda_U = 100 km^-2, lambda_T = 1000 km^-2) and fixed distinct angles
(not given in the paper). Shown for the K-th (farthest) pair:

(a) throughput (T_d / T) log2(1 + gamma_K) vs uplink NMSE (4): (20) as a line, Monte Carlo
    (uplink chain, MRT, QPSK symbols) as markers;
(b) root-CRLB of the K-th ST angle ((22) with E[X X^H], line; (19) averaged over
    simulated transmit blocks, markers) vs missed detection 1 - P_D (exact law of the
    chain; the printed (8) dashed).

Usage: python examples/cc_fig06_pilot_length.py [OUT_DIR] [--quick]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ofdmisac.channel import steering_vector
from ofdmisac.estimators import (
    angle_crlb,
    angle_crlb_expected,
    downlink_transmit_matrix,
    glrt_detection_probability,
    glrt_detection_probability_paper,
    mrt_precoders,
    mrt_sinr_lemma1,
    simulate_downlink_sinr,
    simulate_uplink,
    uplink_nmse,
)
from ofdmisac.io import save_figure, write_csv
from ofdmisac.network import JointCoverageScenario, mean_kth_nearest_distance, uplink_link
from ofdmisac.plotting import plot_link_panels
from ofdmisac.units import db_to_linear, per_km2_to_per_m2

C0 = db_to_linear(-30.0)
ALPHA = 2.8
N0_W = db_to_linear(-80.0)
EPS_D = db_to_linear(0.0)
RHO = 0.5
P_D_W = 1.0
T_TOTAL = 128
K = 4
USER_ANGLES = np.deg2rad([-50.0, -15.0, 20.0, 55.0])
TARGET_ANGLES = np.deg2rad([-35.0, 5.0, 35.0, 65.0])
COLORS = {32: "tab:blue", 64: "tab:orange", 128: "tab:green"}


def make_link(n: int, pilot_length: int):
    """The K pairs at the mean k-th nearest distances of (1) with N antennas."""
    ks = np.arange(1, K + 1)
    scenario = JointCoverageScenario(n_antennas=n, pilot_length=pilot_length, c0=C0,
                                     path_loss_exponent=ALPHA,
                                     rician_factor=1.0, user_power_w=1.0,
                                     target_power_w=db_to_linear(-10.0), noise_power_w=N0_W)
    return uplink_link(scenario, mean_kth_nearest_distance(per_km2_to_per_m2(100.0), ks),
                       mean_kth_nearest_distance(per_km2_to_per_m2(1000.0), ks))


def simulated_root_crlb(link, n, t_d, n_trials, rng):
    """Mean of sqrt((19)) over simulated blocks X (uplink-chain estimates, QPSK)."""
    sim = simulate_uplink(
        link,
        threshold=EPS_D,
        rng=rng,
        n_trials=n_trials,
        user_angle_rad=USER_ANGLES,
        target_angle_rad=TARGET_ANGLES,
        keep_signals=True,
        analytic=False,
        form_pilot_matrix=False,
    )
    los = steering_vector(USER_ANGLES, n)
    w_u, w_t = mrt_precoders(link, sim.estimates, los, TARGET_ANGLES[-1])
    sym = np.exp(1j * np.pi / 2 * rng.integers(0, 4, (n_trials, K + 1, t_d)))
    x = downlink_transmit_matrix(w_u, w_t, sym[:, :K], sym[:, K], comm_power_fraction=RHO,
                                 power_w=P_D_W)
    c = angle_crlb(x, TARGET_ANGLES[-1], target_gain=link.target_gain[-1], noise_power_w=N0_W)
    return float(np.mean(np.sqrt(c)))


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="examples-output")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n_trials = 300 if args.quick else 3000
    t_u_line = np.arange(4, 125, 4)
    t_u_mc = np.array([4, 16, 48, 96, 120])
    rng = np.random.default_rng(6)
    pa, pb = [], []
    cols = {
        k: [] for k in ("n_antennas", "t_u", "nmse_db", "throughput", "miss", "root_crlb", "curve")
    }
    summary = {}
    for n in (32, 64, 128):
        c = COLORS[n]
        los = steering_vector(USER_ANGLES, n)
        nm, thr, miss, miss_pr, rcrlb = [], [], [], [], []
        for t_u in t_u_line:
            lk = make_link(n, int(t_u))
            t_d = T_TOTAL - int(t_u)
            nm.append(uplink_nmse(lk)[-1])
            g = mrt_sinr_lemma1(lk, los, TARGET_ANGLES[-1], comm_power_fraction=RHO,
                                downlink_power_w=P_D_W)
            thr.append(t_d / T_TOTAL * np.log2(1 + g[-1]))
            miss.append(1 - glrt_detection_probability(lk, EPS_D)[-1])
            miss_pr.append(1 - glrt_detection_probability_paper(lk, EPS_D)[-1])
            ce = angle_crlb_expected(
                lk,
                los,
                TARGET_ANGLES[-1],
                comm_power_fraction=RHO,
                downlink_power_w=P_D_W,
                n_symbols=t_d,
                target_gain=lk.target_gain[-1],
            )
            rcrlb.append(np.sqrt(ce[-1] if np.ndim(ce) else ce))
        nm_db = 10 * np.log10(nm)
        pa.append({"x": nm_db, "y": thr, "label": f"(20), N={n}", "color": c})
        pb.append({"x": miss, "y": rcrlb, "label": f"(22) vs exact P_D, N={n}", "color": c})
        pb.append(
            {
                "x": miss_pr,
                "y": rcrlb,
                "label": f"(22) vs printed (8), N={n}",
                "color": c,
                "linestyle": ":",
            }
        )
        for arr, curve in ((miss, 0), (miss_pr, 1)):
            cols["n_antennas"].extend([n] * len(t_u_line))
            cols["t_u"].extend(t_u_line)
            cols["nmse_db"].extend(nm_db)
            cols["throughput"].extend(thr)
            cols["miss"].extend(arr)
            cols["root_crlb"].extend(rcrlb)
            cols["curve"].extend([curve] * len(t_u_line))
        best = int(np.argmax(thr))
        summary[f"N{n}_best_T_u"] = int(t_u_line[best])
        summary[f"N{n}_best_throughput"] = float(thr[best])
        m_nm, m_thr, m_miss, m_rc = [], [], [], []
        for t_u in t_u_mc:
            lk = make_link(n, int(t_u))
            t_d = T_TOTAL - int(t_u)
            ds = simulate_downlink_sinr(
                lk,
                user_angle_rad=USER_ANGLES,
                uplink_target_angle_rad=TARGET_ANGLES,
                target_angle_rad=TARGET_ANGLES[-1],
                comm_power_fraction=RHO,
                downlink_power_w=P_D_W,
                n_trials=n_trials,
                n_symbols=8,
                form_pilot_matrix=False,
                rng=rng,
            )
            us = simulate_uplink(
                lk,
                threshold=EPS_D,
                rng=rng,
                n_trials=n_trials,
                rcs="unit",
                user_angle_rad=USER_ANGLES,
                target_angle_rad=TARGET_ANGLES,
                form_pilot_matrix=False,
                analytic=False,
            )
            m_nm.append(10 * np.log10(us.nmse[:, -1].mean()))
            m_thr.append(t_d / T_TOTAL * np.log2(1 + ds.sinr[-1]))
            m_miss.append(1 - us.detected[:, -1].mean())
            m_rc.append(simulated_root_crlb(lk, n, t_d, max(n_trials // 10, 50), rng))
        pa.append({"x": m_nm, "y": m_thr, "label": f"MC, N={n}", "style": "marker", "color": c})
        pb.append({"x": m_miss, "y": m_rc, "label": f"MC, N={n}", "style": "marker", "color": c})
        cols["n_antennas"].extend([n] * len(t_u_mc))
        cols["t_u"].extend(t_u_mc)
        cols["nmse_db"].extend(m_nm)
        cols["throughput"].extend(m_thr)
        cols["miss"].extend(m_miss)
        cols["root_crlb"].extend(m_rc)
        cols["curve"].extend([2] * len(t_u_mc))
    fig = plot_link_panels(
        [
            {
                "series": pa,
                "xlabel": "uplink NMSE of CU K (dB)",
                "ylabel": "downlink throughput of CU K (bit/s/Hz)",
                "title": "(a) communication",
            },
            {
                "series": pb,
                "xlabel": "uplink 1 - P_D of ST K",
                "ylabel": "root-CRLB of ST K (rad)",
                "title": "(b) sensing",
                "logy": True,
            },
        ],
        suptitle="[CC] Fig. 6: T_u = 4..124 of T = 128 symbols",
    )
    save_figure(fig, out / "cc_fig06_pilot_length.png")
    write_csv(out / "cc_fig06_pilot_length.csv", cols)
    return summary


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value:.4g}")
