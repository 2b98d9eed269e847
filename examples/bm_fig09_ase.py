"""[BM] Fig. 9: effective ASE (45) versus n_B for the three schemes and ideal beamforming.

mmWave (lambda_B = 100/km^2) and THz (lambda_B = 1000/km^2), lambda_O = 1000/km^2,
N_re = 5000, S_t = S_f = 3 ([BM] Sec. V-C). ``R_eff = lambda_B (1 - T_overhead)^+ R`` with
the ergodic rate R of the SIR coverage (conventional (8)-(10); ISAC and distributed pilots
Theorems 2-3 with p_v^s of their pilot patterns at the sensing SCIR eta = 0 dB, as in
[BM] Figs. 4 and 7) and the overheads of Fig. 8. Ideal: always-aligned beams, no timeout,
no overhead. Lines: analysis; markers: ``simulate_effective_ase`` (simulation of the
beam-management mechanism at the rate-rule thresholds) at a few n_B.

``--reading paper`` uses the settings that reproduce [BM] Fig. 8 (see
``bm_fig10_ase_density.py``): ISAC with the Table II PRS block (T_PRS = 5 / 1 ms),
distributed pilots over S_t T_PRS. Paper text: ISAC gains 18.0 % / 63.6 % over the
conventional scheme at n_B = 64 and 16.7-28.5 % over distributed pilots at n_B = 256
(mmWave / THz). Here (eta = 0 dB): library reading +27 % / +104 % and +101 % / (distributed
ASE 0 in THz: overhead > 1); paper reading +23 % / +100 % and +50 % / +43 %.

Usage: python examples/bm_fig09_ase.py [OUT_DIR] [--quick] [--eta-db DB] [--reading paper]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ofdmisac.io import save_figure, write_csv
from ofdmisac.network import BeamManagementScenario, effective_ase, simulate_effective_ase
from ofdmisac.plotting import plot_scheme_curves

SCHEMES = ("conventional", "distributed", "isac", "ideal")
LABELS = {"conventional": "conventional", "distributed": "distributed pilots",
          "isac": "ISAC (proposed)", "ideal": "ideal beamforming"}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="examples-output")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--eta-db", type=float, default=0.0, help="sensing SCIR (dB)")
    parser.add_argument("--reading", choices=("library", "paper"), default="library")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n_beams = 2 ** np.arange(2, 12, 2 if args.quick else 1)
    nodes = (16, 12, 32) if args.quick else (24, 16, 48)
    rate_nodes = 4 if args.quick else 6
    eta = 10 ** (args.eta_db / 10)
    mc_beams = [64] if args.quick else [16, 64, 256]
    n_trials = 2000 if args.quick else 20_000
    cols: dict = {}
    panels, summary = [], {}
    for s in (BeamManagementScenario.mmwave(), BeamManagementScenario.thz()):
        series = []
        results = {}
        reading = ({"prs_duration_s": s.prs_duration_s,
                    "distributed_observation_s": 3 * s.prs_duration_s}
                   if args.reading == "paper" else {})
        for k, sch in enumerate(SCHEMES):
            r = effective_ase(s, sch, n_beams=n_beams, sensing_scir=eta, coverage_nodes=nodes,
                              rate_nodes=rate_nodes, **reading)
            results[sch] = r
            color = f"C{k}"
            series.append({"y": r.ase_bps_per_m2 * 1e-6, "label": LABELS[sch], "color": color,
                           "linestyle": "--" if sch == "ideal" else "-", "marker": "none"})
            mc = [simulate_effective_ase(s.replace(n_beams=nb), sch, sensing_scir=eta,
                                         n_trials=n_trials,
                                         rng=7 * nb + k, rate_nodes=rate_nodes, **reading)
                  for nb in mc_beams]
            mc_est = np.array([m[0] for m in mc])
            mc_se = np.array([m[1] for m in mc])
            series.append({"x": mc_beams, "y": mc_est * 1e-6, "label": f"MC {sch}",
                           "color": color, "linestyle": "none", "marker": "s"})
            for nb, est, se in zip(mc_beams, mc_est, mc_se, strict=True):
                i = int(np.flatnonzero(n_beams == nb)[0])
                summary[f"{s.name}_{sch}_nB{nb}_mc_z"] = float(
                    (r.ase_bps_per_m2[i] - est) / se) if se > 0 else 0.0
            for key, val in {"scenario": [s.name] * n_beams.size, **r.to_columns()}.items():
                cols.setdefault(key, []).extend(val)
            best = int(np.argmax(r.ase_bps_per_m2))
            summary[f"{s.name}_{sch}_max_ase_mbps_per_m2"] = float(r.ase_bps_per_m2[best] * 1e-6)
            summary[f"{s.name}_{sch}_best_n_beams"] = float(n_beams[best])
        for nb in (64, 256):
            hit = np.flatnonzero(n_beams == nb)
            if hit.size:
                i = int(hit[0])
                conv = results["conventional"].ase_bps_per_m2[i]
                dist = results["distributed"].ase_bps_per_m2[i]
                isac = results["isac"].ase_bps_per_m2[i]
                summary[f"{s.name}_nB{nb}_isac_over_conventional"] = float(
                    isac / conv) if conv > 0 else float("inf")
                summary[f"{s.name}_nB{nb}_isac_over_distributed"] = float(
                    isac / dist) if dist > 0 else float("inf")
        panels.append({"title": f"{s.name}, lambda_B={s.bs_density_per_m2 * 1e6:g}/km^2, "
                                f"eta={args.eta_db:g} dB", "n_beams": n_beams,
                       "series": series})
    fig = plot_scheme_curves(panels, ylabel="effective ASE (Mbit/s/m$^2$)",
                             suptitle=f"[BM] Fig. 9: effective ASE (45), {args.reading} reading")
    save_figure(fig, out / "bm_fig09_ase.png")
    write_csv(out / "bm_fig09_ase.csv", cols)
    return summary


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value:.4g}")
