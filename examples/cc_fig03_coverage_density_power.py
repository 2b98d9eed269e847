"""[CC] Fig. 3: communication and sensing coverage versus density and power of CUs/STs.

Section 5.1 defaults (N = 64, K = L = 4, T_u = 64, alpha = 2.8, C_0 = -30 dB,
eps_d = 18 dB, kappa = 1) and three configurations [lambda_U (km^-2), lambda_T, P_U (dB),
P_T (dB)]: [100, 1000, 0, -10], [200, 1000, 0, -10] and [400, 2000, 10, 0] (the third is
the first scaled by lambda_U -> 4 lambda_U, lambda_T -> 2 lambda_T, both powers x10: the
linear scaling laws of Remark 2 make curves 1 and 3 overlap).

Left: NMSE coverage (10). Right: detection coverage (11), printed (lines) and corrected
chain law with residual normalization (dashed). Markers: measured twin (estimators run on
PPP geometries; printed-model receiver on the right).

Usage: python examples/cc_fig03_coverage_density_power.py [OUT_DIR] [--quick]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ofdmisac.io import save_figure, write_csv
from ofdmisac.network import (
    JointCoverageScenario,
    uplink_coverage_measured_twin,
    uplink_detection_coverage,
    uplink_nmse_coverage,
)
from ofdmisac.plotting import plot_joint_coverage
from ofdmisac.units import db_to_linear, per_km2_to_per_m2

CONFIGS = [(100, 1000, 0.0, -10.0), (200, 1000, 0.0, -10.0), (400, 2000, 10.0, 0.0)]
COLORS = ["tab:blue", "tab:orange", "tab:green"]


def make_scenario(lu, lt, pu_db, pt_db) -> JointCoverageScenario:
    return JointCoverageScenario(user_density_per_m2=per_km2_to_per_m2(lu),
                                 target_density_per_m2=per_km2_to_per_m2(lt),
                                 user_power_w=db_to_linear(pu_db),
                                 target_power_w=db_to_linear(pt_db))


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="examples-output")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n_geo, n_tr = (200, 64) if args.quick else (2000, 256)
    ec_db = np.linspace(-35, 0, 71)
    es = np.linspace(0.02, 0.98, 49)
    ec_mc_db = np.array([-30.0, -20.0, -10.0, -5.0])
    es_mc = np.array([0.3, 0.6, 0.8, 0.95])
    left, right = [], []
    cols = {k: [] for k in ("config", "kind", "threshold", "coverage", "se")}

    def rec(i, kind, thr, cov, se):
        cols["config"].extend([i] * len(thr))
        cols["kind"].extend([kind] * len(thr))
        cols["threshold"].extend(thr)
        cols["coverage"].extend(cov)
        cols["se"].extend(se)

    summary = {}
    for i, (cfg, col) in enumerate(zip(CONFIGS, COLORS, strict=True)):
        scenario = make_scenario(*cfg)
        lab = f"[{cfg[0]}, {cfg[1]}, {cfg[2]:g}, {cfg[3]:g}]"
        pc = uplink_nmse_coverage(scenario, db_to_linear(ec_db))
        ps = uplink_detection_coverage(scenario, es, model="paper")
        pr = uplink_detection_coverage(scenario, es, model="residual")
        left.append({"x": ec_db, "y": pc, "label": lab, "color": col})
        right.append({"x": es, "y": ps, "label": f"(11) printed {lab}", "color": col})
        right.append({"x": es, "y": pr, "label": f"corrected {lab}", "color": col,
                      "linestyle": "--"})
        mc = uplink_coverage_measured_twin(scenario, db_to_linear(ec_mc_db), es_mc, model="paper",
                                           n_geometries=n_geo, n_trials=n_tr, rng=30 + i)
        left.append({"x": ec_mc_db, "y": mc.first, "yerr": mc.first_se, "style": "marker",
                     "color": col, "label": f"measured twin {i + 1}"})
        right.append({"x": es_mc, "y": mc.second, "yerr": mc.second_se, "style": "marker",
                      "color": col, "label": f"measured twin {i + 1}"})
        rec(i, 0, ec_db, pc, 0 * pc)
        rec(i, 1, es, ps, 0 * ps)
        rec(i, 2, es, pr, 0 * pr)
        rec(i, 3, ec_mc_db, mc.first, mc.first_se)
        rec(i, 4, es_mc, mc.second, mc.second_se)
        summary[f"config{i + 1}_nmse_cov_at_-20dB"] = float(
            uplink_nmse_coverage(scenario, db_to_linear(-20.0)))
    fig = plot_joint_coverage(
        [{"series": left, "xlabel": "NMSE threshold eps_u^C (dB)", "ylabel": "P_cov^C",
          "title": "communication coverage (10)", "ylim": (0, 1.02)},
         {"series": right, "xlabel": "P_D threshold eps_u^S", "ylabel": "P_cov^S",
          "title": "sensing coverage (11)", "ylim": (0, 1.02)}],
        suptitle="[CC] Fig. 3: coverage vs [lambda_U, lambda_T, P_U, P_T]")
    save_figure(fig, out / "cc_fig03_coverage_density_power.png")
    write_csv(out / "cc_fig03_coverage_density_power.csv", cols)
    return summary


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value:.4g}")
