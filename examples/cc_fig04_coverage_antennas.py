"""[CC] Fig. 4: communication and sensing coverage versus N and K.

Section 5.1 defaults with eps_u^C = -20 dB and eps_u^S = 0.9275 (the caption of Fig. 4),
N from 16 to 256 and K = L in {2, 4, 8}. Lines: (10) and the printed (11); dashed: the
corrected detection coverage (chain, residual normalization). Markers: measured twin
(estimators run on PPP geometries, printed-model receiver), N up to 128.

Usage: python examples/cc_fig04_coverage_antennas.py [OUT_DIR] [--quick]
"""

from __future__ import annotations

import argparse
import dataclasses
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
from ofdmisac.units import db_to_linear

EPS_C = db_to_linear(-20.0)
EPS_S = 0.9275
KS = (2, 4, 8)
COLORS = {2: "tab:blue", 4: "tab:orange", 8: "tab:green"}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="examples-output")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n_geo, n_tr = (150, 64) if args.quick else (1500, 256)
    n_line = np.unique(np.r_[np.geomspace(16, 256, 40).astype(int), 64])
    n_mc = np.array([16, 64]) if args.quick else np.array([16, 32, 64, 128])
    base = JointCoverageScenario()
    left, right = [], []
    cols = {k: [] for k in ("k", "n_antennas", "kind", "coverage", "se")}
    summary = {}
    for k in KS:
        col = COLORS[k]
        scns = [dataclasses.replace(base, n_users=k, n_targets=k, n_antennas=int(n))
                for n in n_line]
        pc = np.array([float(uplink_nmse_coverage(s, EPS_C)) for s in scns])
        ps = np.array([float(uplink_detection_coverage(s, EPS_S)) for s in scns])
        pr = np.array([float(uplink_detection_coverage(s, EPS_S, model="residual"))
                       for s in scns])
        left.append({"x": n_line, "y": pc, "label": f"K={k}", "color": col})
        right.append({"x": n_line, "y": ps, "label": f"(11) printed K={k}", "color": col})
        right.append({"x": n_line, "y": pr, "label": f"corrected K={k}", "color": col,
                      "linestyle": "--"})
        for kind, y in ((0, pc), (1, ps), (2, pr)):
            cols["k"].extend([k] * len(n_line))
            cols["n_antennas"].extend(n_line)
            cols["kind"].extend([kind] * len(n_line))
            cols["coverage"].extend(y)
            cols["se"].extend(0 * y)
        mc = [uplink_coverage_measured_twin(
            dataclasses.replace(base, n_users=k, n_targets=k, n_antennas=int(n)), EPS_C, EPS_S,
            n_geometries=n_geo, n_trials=n_tr, rng=40 + k + int(n)) for n in n_mc]
        for kind, key, panel in ((3, "first", left), (4, "second", right)):
            y = np.array([float(getattr(m, key)) for m in mc])
            se = np.array([float(getattr(m, key + "_se")) for m in mc])
            panel.append({"x": n_mc, "y": y, "yerr": se, "style": "marker", "color": col,
                          "label": f"measured twin K={k}"})
            cols["k"].extend([k] * len(n_mc))
            cols["n_antennas"].extend(n_mc)
            cols["kind"].extend([kind] * len(n_mc))
            cols["coverage"].extend(y)
            cols["se"].extend(se)
        summary[f"K{k}_nmse_cov_N64"] = float(pc[n_line == 64][0])
        summary[f"K{k}_det_cov_printed_N64"] = float(ps[n_line == 64][0])
    fig = plot_joint_coverage(
        [{"series": left, "xlabel": "N", "ylabel": "P_cov^C",
          "title": "NMSE coverage (10), eps_C = -20 dB", "ylim": (0, 1.02)},
         {"series": right, "xlabel": "N", "ylabel": "P_cov^S",
          "title": "detection coverage (11), eps_S = 0.9275", "ylim": (0, 1.02)}],
        suptitle="[CC] Fig. 4: coverage vs N and K")
    save_figure(fig, out / "cc_fig04_coverage_antennas.png")
    write_csv(out / "cc_fig04_coverage_antennas.csv", cols)
    return summary


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value:.4g}")
