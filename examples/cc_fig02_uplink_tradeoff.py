"""[CC] Fig. 2: missed detection 1 - P_D versus channel-estimation NMSE (uplink).

P_T,K sweeps -20..0 dB with d_U,K = 25 m, d_T,K = 10 m, N in {16, 32, 64} and the
Section 5.1 defaults (P_U = 0 dB(W), C_0 = -30 dB, alpha = 2.8, N_0 = -80 dBm, T_u = 64,
eps_d = 18 dB, kappa = 1, |zeta| = 1).

Left panel: the printed (4) and (8) (lines) and a Monte Carlo of the paper's assumption
(estimation error independent of noise and echo, markers): this reproduces the paper's
figure. Right panel: the chain as stated (MMSE estimate and GLRT computed from the same
pilots): exact law (lines, both GLRT normalizations) and Monte Carlo (markers); see
docs/errata.md, [CC] eq. (8).

Usage: python examples/cc_fig02_uplink_tradeoff.py [OUT_DIR] [--quick]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ofdmisac.estimators import (
    glrt_detection_probability,
    glrt_detection_probability_paper,
    simulate_uplink,
    uplink_nmse,
)
from ofdmisac.io import save_figure, write_csv
from ofdmisac.network import JointCoverageScenario, uplink_link
from ofdmisac.plotting import plot_link_panels
from ofdmisac.units import db_to_linear, dbm_to_watt

C0 = db_to_linear(-30.0)
ALPHA = 2.8
N0_W = dbm_to_watt(-80.0)
EPS_D = db_to_linear(18.0)
COLORS = {16: "tab:blue", 32: "tab:orange", 64: "tab:green"}


def _link(n: int, p_t_w):
    """Pair K at d_U,K = 25 m, d_T,K = 10 m with N antennas and target powers ``p_t_w``."""
    scenario = JointCoverageScenario(n_antennas=n, pilot_length=64, c0=C0,
                                     path_loss_exponent=ALPHA, rician_factor=1.0,
                                     user_power_w=1.0, noise_power_w=N0_W)
    return uplink_link(scenario, 25.0, 10.0, target_power_w=p_t_w)


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="examples-output")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n_trials = 400 if args.quick else 4000
    pt_db_line = np.linspace(-20, 0, 41)
    pt_db_mc = np.linspace(-20, 0, 6)
    left, right = [], []
    cols = {k: [] for k in ("n_antennas", "p_t_db", "nmse_db", "miss", "curve")}

    def record(n, pt_db, nmse, miss, curve):
        cols["n_antennas"].extend([n] * len(pt_db))
        cols["p_t_db"].extend(pt_db)
        cols["nmse_db"].extend(10 * np.log10(nmse))
        cols["miss"].extend(miss)
        cols["curve"].extend([curve] * len(pt_db))

    summary = {}
    for n in (16, 32, 64):
        c = COLORS[n]
        link = _link(n, db_to_linear(pt_db_line))
        nmse = uplink_nmse(link)
        miss_paper = 1 - glrt_detection_probability_paper(link, EPS_D)
        miss_chain = 1 - glrt_detection_probability(link, EPS_D)
        miss_res = 1 - glrt_detection_probability(link, EPS_D, normalization="residual")
        x = 10 * np.log10(nmse)
        left.append({"x": x, "y": miss_paper, "label": f"(8) printed, N={n}", "color": c})
        right.append({"x": x, "y": miss_chain, "label": f"exact, (6) norm., N={n}", "color": c})
        right.append(
            {
                "x": x,
                "y": miss_res,
                "label": f"exact, residual norm., N={n}",
                "color": c,
                "linestyle": "--",
            }
        )
        record(n, pt_db_line, nmse, miss_paper, 0)
        record(n, pt_db_line, nmse, miss_chain, 1)
        record(n, pt_db_line, nmse, miss_res, 2)
        mc_link = _link(n, db_to_linear(pt_db_mc))
        for model, panel, curve in (("independent", left, 3), ("chain", right, 4)):
            sim = simulate_uplink(
                mc_link,
                threshold=EPS_D,
                rng=1000 + n,
                n_trials=n_trials,
                rcs="unit",
                error_model=model,
                form_pilot_matrix=False,
                analytic=False,
            )
            nm = sim.nmse.mean(axis=0)
            miss = 1 - sim.detected.mean(axis=0)
            panel.append(
                {
                    "x": 10 * np.log10(nm),
                    "y": miss,
                    "label": f"MC {model}, N={n}",
                    "style": "marker",
                    "color": c,
                }
            )
            record(n, pt_db_mc, nm, miss, curve)
        summary[f"N{n}_miss_paper_at_0dB"] = float(miss_paper[-1])
        summary[f"N{n}_miss_chain_at_0dB"] = float(miss_chain[-1])
        summary[f"N{n}_nmse_db_at_0dB"] = float(x[-1])
    fig = plot_link_panels(
        [
            {
                "series": left,
                "xlabel": "NMSE (dB)",
                "ylabel": "1 - P_D",
                "title": "printed (4), (8) / MC with independent error",
            },
            {
                "series": right,
                "xlabel": "NMSE (dB)",
                "ylabel": "1 - P_D",
                "title": "MMSE + GLRT on the same pilots",
            },
        ],
        suptitle="[CC] Fig. 2: uplink trade-off, P_T = -20..0 dB",
    )
    save_figure(fig, out / "cc_fig02_uplink_tradeoff.png")
    write_csv(out / "cc_fig02_uplink_tradeoff.csv", cols)
    return summary


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value:.4g}")
