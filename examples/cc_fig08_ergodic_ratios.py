"""[CC] Fig. 8: ergodic sensing-interference and communication-enhancement ratios vs kappa.

``Psi_bar_K`` ((27), corrected, any alpha by quadrature) and ``Omega_bar_K`` ((26), with
``N0 / T_u``) for K = 4 at the Section 5.1 defaults and the three configurations
[lambda_U (km^-2), lambda_T, P_U (dB), P_T (dB)] of Fig. 3 (curves 1 and 3 overlap: scaling
laws). Markers: Monte Carlo means over PPP geometries of the per-realization (24)-(25)
(geometry twin); triangles: measured ratios (estimators and beams simulated on each
geometry, orthogonal CU/ST angles) for configuration 1.

Usage: python examples/cc_fig08_ergodic_ratios.py [OUT_DIR] [--quick]
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import numpy as np

from ofdmisac.io import save_figure, write_csv
from ofdmisac.network import (
    JointCoverageScenario,
    downlink_coverage_measured_twin,
    ergodic_enhancement_ratio,
    ergodic_interference_ratio,
    sample_pair_geometry,
    uplink_link,
)
from ofdmisac.plotting import plot_joint_coverage
from ofdmisac.units import db_to_linear, per_km2_to_per_m2

CONFIGS = [(100, 1000, 0.0, -10.0), (200, 1000, 0.0, -10.0), (400, 2000, 10.0, 0.0)]
COLORS = ["tab:blue", "tab:orange", "tab:green"]


def _per_realization(scenario, n, rng):
    d_u, d_t = sample_pair_geometry(scenario, n_samples=n, rng=rng)
    c = uplink_link(scenario, d_u, d_t).mmse_weight  # the MMSE weight c_k below (3)
    rho, nn, kap = scenario.comm_power_fraction, scenario.n_antennas, scenario.rician_factor
    psi = rho * nn / (1 - rho) * (kap + c)
    omega = (1 - rho) * nn / (2 * rho) * (kap + c) / c
    return psi, omega


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="examples-output")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n_mc = 5000 if args.quick else 100000
    kappa = np.linspace(0.0, 10.0, 41)
    kappa_mc = np.array([0.0, 2.0, 5.0, 10.0])
    left, right = [], []
    cols = {k: [] for k in ("config", "kind", "kappa", "value", "se")}

    def rec(i, kind, x, y, se):
        cols["config"].extend([i] * len(x))
        cols["kind"].extend([kind] * len(x))
        cols["kappa"].extend(x)
        cols["value"].extend(y)
        cols["se"].extend(se)

    summary = {}
    for i, (cfg, col) in enumerate(zip(CONFIGS, COLORS, strict=True)):
        base = JointCoverageScenario(user_density_per_m2=per_km2_to_per_m2(cfg[0]),
                                     target_density_per_m2=per_km2_to_per_m2(cfg[1]),
                                     user_power_w=db_to_linear(cfg[2]),
                                     target_power_w=db_to_linear(cfg[3]))
        lab = f"[{cfg[0]}, {cfg[1]}, {cfg[2]:g}, {cfg[3]:g}]"
        scns = [dataclasses.replace(base, rician_factor=float(k)) for k in kappa]
        psi = np.array([ergodic_interference_ratio(s) for s in scns])
        om = np.array([ergodic_enhancement_ratio(s) for s in scns])
        left.append({"x": kappa, "y": psi, "label": lab, "color": col})
        right.append({"x": kappa, "y": om, "label": lab, "color": col})
        rec(i, 0, kappa, psi, 0 * psi)
        rec(i, 1, kappa, om, 0 * om)
        mp, sp, mo, so = [], [], [], []
        for j, k in enumerate(kappa_mc):
            p, o = _per_realization(dataclasses.replace(base, rician_factor=float(k)), n_mc,
                                    rng=80 + 10 * i + j)
            mp.append(p.mean())
            sp.append(p.std() / np.sqrt(n_mc))
            mo.append(o.mean())
            so.append(o.std() / np.sqrt(n_mc))
        left.append({"x": kappa_mc, "y": mp, "yerr": sp, "style": "marker", "color": col,
                     "label": None})
        right.append({"x": kappa_mc, "y": mo, "yerr": so, "style": "marker", "color": col,
                      "label": None})
        rec(i, 2, kappa_mc, mp, sp)
        rec(i, 3, kappa_mc, mo, so)
        summary[f"config{i + 1}_psi_bar_kappa1"] = float(ergodic_interference_ratio(
            dataclasses.replace(base, rician_factor=1.0)))
        summary[f"config{i + 1}_omega_bar_kappa1"] = float(ergodic_enhancement_ratio(
            dataclasses.replace(base, rician_factor=1.0)))
    # measured ratios (simulated estimators and beams), configuration 1
    base = JointCoverageScenario()
    kap_meas = np.array([0.0, 1.0, 5.0])
    n_geo, n_tr = (100, 32) if args.quick else (1000, 128)
    mp, sp, mo, so = [], [], [], []
    for j, k in enumerate(kap_meas):
        _, m = downlink_coverage_measured_twin(
            dataclasses.replace(base, rician_factor=float(k)), 1.0, 1.0, n_geometries=n_geo,
            n_trials=n_tr, angles="orthogonal", rng=90 + j, return_measurements=True)
        p, o = 1.0 / m["inverse_psi"], 1.0 / m["inverse_omega"]
        mp.append(p.mean())
        sp.append(p.std() / np.sqrt(p.size))
        mo.append(o.mean())
        so.append(o.std() / np.sqrt(o.size))
    left.append({"x": kap_meas, "y": mp, "yerr": sp, "style": "marker", "marker": "^",
                 "color": "k", "label": "measured (config 1)"})
    right.append({"x": kap_meas, "y": mo, "yerr": so, "style": "marker", "marker": "^",
                  "color": "k", "label": "measured (config 1)"})
    rec(0, 4, kap_meas, mp, sp)
    rec(0, 5, kap_meas, mo, so)
    fig = plot_joint_coverage(
        [{"series": left, "xlabel": "Rician factor kappa", "ylabel": "Psi_bar_K",
          "title": "ergodic interference ratio (27), corrected", "logy": True},
         {"series": right, "xlabel": "Rician factor kappa", "ylabel": "Omega_bar_K",
          "title": "ergodic enhancement ratio (26)", "logy": True}],
        suptitle="[CC] Fig. 8: ergodic ratios vs kappa")
    save_figure(fig, out / "cc_fig08_ergodic_ratios.png")
    write_csv(out / "cc_fig08_ergodic_ratios.csv", cols)
    return summary


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value:.4g}")
