"""[CC] Fig. 5: joint uplink coverage versus the NMSE and detection thresholds.

Left: Theorem 1 (13) as printed (lines) at the Section 5.1 defaults for several
eps_u^S, with the Corollary 1 bound ``1 - 2N / eps_bar`` (dotted) and the measured twin
(markers: estimators run on PPP geometries with the printed model's receiver, i.e. the
estimation error independent of noise and echo). Middle: the corrected (13) for the
MMSE/GLRT chain (residual normalization, docs/errata.md) at P_T = 10 dB and eps_d = 10 dB
(at the defaults it is ~0), with the measured chain twin. Right: the Corollary 1 bound
(minimum NMSE) versus the detection probability: printed and corrected, with the two
numbers the paper reports (P_D 58.4 % -> -18.13 dB, 98.1 % -> -5.64 dB). Dashed lines on
the left: the per-geometry closed forms with N0 kept (geometry twin), which the measured
twin follows; (13) neglects N0, which matters near the Remark 1 floor (eps_S = 0.584).

Which numbers reproduce, and why: the bound depends only on N = 64 and on ``eps_bar``
with ``eps_S = Q1(sqrt(eps_bar), sqrt(2 eps_d))``, eps_d = 18 dB (``eps_bar`` = 130.0 and
176.0 at P_D = 58.4 % and 98.1 %), not on the densities or powers. The printed
Corollary 1, ``1 - 2N / eps_bar``, gives -18.15 and -5.64 dB: the paper's -18.13 and
-5.64 dB are reproduced (to 0.02 dB) because they come from the printed (8), which
treats the estimation error as independent of noise and echo. For the MMSE/GLRT chain
the paper describes, (8) is wrong (docs/errata.md, [CC] eq. (8)) and the bound becomes
``eps_bar / (eps_bar + 2N)``: -2.98 and -2.37 dB at the same P_D with the residual
normalization ("residual"), -2.08 and -1.79 dB with the normalization of (6)
("chain"); these corrected values are the ones the measured chain twins follow, and
they are not in the paper. ``main`` returns all six.

Also writes ``<name>_surface.png``: the printed model as a surface over both
thresholds with measured-twin markers and the analytical bound(s), the presentation of the paper.

Usage: python examples/cc_fig05_uplink_joint_coverage.py [OUT_DIR] [--quick]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ofdmisac.io import save_figure, write_csv
from ofdmisac.network import (
    JointCoverageScenario,
    uplink_coverage_geometry_twin,
    uplink_coverage_measured_twin,
    uplink_joint_coverage,
    uplink_nmse_floor,
)
from ofdmisac.plotting import plot_joint_coverage, plot_joint_coverage_surface
from ofdmisac.units import db_to_linear

COLORS = ["tab:blue", "tab:orange", "tab:green", "tab:red"]


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="examples-output")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n_geo, n_tr = (150, 64) if args.quick else (2000, 256)
    ec_db = np.linspace(-25, 0, 101)
    ec_mc_db = np.array([-15.0, -10.0, -5.0, -2.0])
    cols = {k: [] for k in ("panel", "eps_s", "eps_c_db", "coverage", "se")}

    def rec(panel, es, x, y, se):
        cols["panel"].extend([panel] * len(x))
        cols["eps_s"].extend([es] * len(x))
        cols["eps_c_db"].extend(x)
        cols["coverage"].extend(y)
        cols["se"].extend(se)

    panels = []
    cases = [
        (JointCoverageScenario(), "paper", [0.584, 0.7, 0.9, 0.981],
         "(13) printed, Section 5.1"),
        (JointCoverageScenario(target_power_w=10.0, glrt_threshold=10.0), "residual",
         [0.3, 0.6, 0.8, 0.95], "(13) corrected (chain, residual norm.), P_T = 10 dB, "
         "eps_d = 10 dB"),
    ]
    for p_i, (scenario, model, es_list, title) in enumerate(cases):
        series, vlines = [], []
        for es, col in zip(es_list, COLORS, strict=True):
            y = uplink_joint_coverage(scenario, db_to_linear(ec_db), es, model=model)
            series.append({"x": ec_db, "y": y, "label": f"eps_S={es}", "color": col})
            rec(p_i, es, ec_db, y, 0 * y)
            if p_i == 0:  # same closed forms per geometry but with N0 = -80 dBm kept
                gn = uplink_coverage_geometry_twin(scenario, db_to_linear(ec_db), es, model=model,
                                                   include_noise=True, n_samples=n_geo * 20,
                                                   rng=int(70 + 100 * es))
                series.append({"x": ec_db, "y": gn.joint, "color": col, "linestyle": "--",
                               "label": "with N0 (geometry twin)" if es == es_list[0] else None})
                rec(3, es, ec_db, gn.joint, gn.joint_se)
            floor = float(uplink_nmse_floor(scenario, es, model=model))
            if floor > 0:
                vlines.append((10 * np.log10(floor), None))
            mc = uplink_coverage_measured_twin(scenario, db_to_linear(ec_mc_db), es, model=model,
                                               n_geometries=n_geo, n_trials=n_tr,
                                               rng=int(50 + 100 * es + p_i))
            series.append({"x": ec_mc_db, "y": mc.joint, "yerr": mc.joint_se,
                           "style": "marker", "color": col, "label": None})
            rec(p_i, es, ec_mc_db, mc.joint, mc.joint_se)
        if vlines:
            vlines[0] = (vlines[0][0], "Corollary 1 bound")
        panels.append({"series": series, "vlines": vlines, "title": title,
                       "xlabel": "NMSE threshold eps_u^C (dB)", "ylabel": "P_u,cov^CS",
                       "ylim": (0, 1.02)})
    scenario = JointCoverageScenario()
    pd = np.linspace(0.56, 0.995, 80)
    series = []
    for model, ls in (("paper", "-"), ("residual", "--"), ("chain", ":")):
        y = 10 * np.log10(np.maximum(uplink_nmse_floor(scenario, pd, model=model), 1e-6))
        series.append({"x": pd, "y": y, "label": f"Corollary 1, {model}", "linestyle": ls,
                       "color": "k"})
        rec(2, -1.0, pd, y, 0 * y)
    series.append({"x": [0.584, 0.981], "y": [-18.13, -5.64], "style": "marker",
                   "marker": "s", "color": "tab:red", "label": "reported in [CC] Sec. 5.2"})
    panels.append({"series": series, "xlabel": "P_D threshold eps_u^S",
                   "ylabel": "minimum NMSE (dB)", "title": "ISAC bound (Corollary 1)"})
    fig = plot_joint_coverage(panels, suptitle="[CC] Fig. 5: joint uplink coverage",
                              width_in=4.8)
    save_figure(fig, out / "cc_fig05_uplink_joint_coverage.png")
    write_csv(out / "cc_fig05_uplink_joint_coverage.csv", cols)
    # the paper's presentation: surface over both thresholds, twin markers, Corollary 1 curve
    gx = np.linspace(-25, 0, 41)
    gy = np.linspace(0.56, 0.99, 40)
    surf = uplink_joint_coverage(scenario, db_to_linear(gx)[:, None], gy[None, :])
    mx, my = np.meshgrid(np.array([-15.0, -10.0, -5.0, -1.0]), np.array([0.6, 0.75, 0.9]),
                         indexing="ij")
    tw = uplink_coverage_measured_twin(scenario, db_to_linear(mx), my, n_geometries=n_geo,
                                       n_trials=n_tr, rng=59)
    save_figure(plot_joint_coverage_surface(
        gx, gy, surf, markers={"x": mx.ravel(), "y": my.ravel(), "z": tw.joint.ravel(),
                               "label": "measured twin"},
        bound={"x": 10 * np.log10(np.maximum(uplink_nmse_floor(scenario, gy), 1e-3)), "y": gy,
               "label": "Corollary 1 (printed)"},
        xlabel="eps_u^C (dB)", ylabel="eps_u^S", zlabel="P_u,cov^CS",
        title="[CC] Fig. 5: (13) printed, Section 5.1"),
        out / "cc_fig05_uplink_joint_coverage_surface.png")
    floors = 10 * np.log10(uplink_nmse_floor(scenario, [0.584, 0.981], model="paper"))
    corr = 10 * np.log10(uplink_nmse_floor(scenario, [0.584, 0.981], model="residual"))
    chain = 10 * np.log10(uplink_nmse_floor(scenario, [0.584, 0.981], model="chain"))
    return {"min_nmse_db_pd_0.584_printed": float(floors[0]),
            "min_nmse_db_pd_0.981_printed": float(floors[1]),
            "min_nmse_db_pd_0.584_corrected": float(corr[0]),
            "min_nmse_db_pd_0.981_corrected": float(corr[1]),
            "min_nmse_db_pd_0.584_corrected_chain_norm": float(chain[0]),
            "min_nmse_db_pd_0.981_corrected_chain_norm": float(chain[1])}


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value:.4g}")
