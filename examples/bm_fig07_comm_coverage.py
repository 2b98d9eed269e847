"""[BM] Fig. 7: communication SIR coverage versus beam number n_B.

mmWave and THz scenarios of [BM] Table II, lambda_B in {1, 10, 100, 1e4} / km^2,
lambda_O = 1000 / km^2, n_B = 8..1024. Solid lines: the ISAC scheme (Theorems 2-3 with
the corrections of docs/errata.md); markers: Monte Carlo of the mechanism
(simulate_communication_coverage); dashed: the conventional scheme (8)-(10).
CSV column ``band``: 0 = mmWave, 1 = THz.

"eta = 0 dB" of the caption is read as follows: the SIR threshold is zeta = 0 dB and
the sensing SCIR entering the misalignment probability p_v^s(eta) of (29) is fixed at
eta = 0 dB (instead of the SCIR-averaged p̄_v^s of (33)), so that the curves isolate
the beam-number trade-off; the Monte Carlo uses the same fixed SCIR. Run with
--averaged to use p̄_v^s (Theorem 3) and per-trial SCIRs from the sensing simulation.

Usage: python examples/bm_fig07_comm_coverage.py [OUT_DIR] [--quick] [--averaged]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ofdmisac.io import save_figure, write_csv
from ofdmisac.network import (
    BeamManagementScenario,
    communication_coverage,
    simulate_communication_coverage,
)
from ofdmisac.plotting import plot_coverage_vs_beams

DENSITIES_PER_KM2 = (1.0, 10.0, 100.0, 1e4)
N_BEAMS = 2 ** np.arange(3, 11)
ZETA = 1.0  # 0 dB
ETA = 1.0   # 0 dB


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="examples-output")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--averaged", action="store_true",
                        help="use the SCIR-averaged p_v^s of Theorem 3 instead of eta = 0 dB")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n_trials = 1000 if args.quick else 20_000
    mc_beams = N_BEAMS[::4] if args.quick else N_BEAMS
    nodes = (24, 16, 64) if args.quick else (40, 32, 96)
    eta = None if args.averaged else ETA
    lam = np.asarray(DENSITIES_PER_KM2) * 1e-6
    bands = (("mmwave", BeamManagementScenario.mmwave()), ("thz", BeamManagementScenario.thz()))
    shape = (len(bands), lam.size, N_BEAMS.size)
    ana, conv = np.empty(shape), np.empty(shape)
    sim, se = np.full(shape, np.nan), np.full(shape, np.nan)
    seeds = np.random.SeedSequence(7).spawn(int(np.prod(shape)))
    cols = {k: [] for k in ("band", "density_per_km2", "n_beams", "isac_analysis",
                            "conventional_analysis", "isac_mc", "isac_mc_stderr")}
    summary = {}
    for b, (name, scen) in enumerate(bands):
        ana[b] = communication_coverage(scen, ZETA, "isac", sensing_scir=eta, n_beams=N_BEAMS[None,
                                                                                              :],
                                        bs_density_per_m2=lam[:, None], n_nodes=nodes)
        conv[b] = communication_coverage(scen, ZETA, "conventional", n_beams=N_BEAMS[None, :],
                                         bs_density_per_m2=lam[:, None], n_nodes=nodes)
        for i, d in enumerate(lam):
            for j, nb in enumerate(N_BEAMS):
                if nb in mc_beams:
                    s = scen.replace(n_beams=int(nb), bs_density_per_m2=float(d))
                    est, err = simulate_communication_coverage(
                        s, ZETA, n_trials, seeds[(b * lam.size + i) * N_BEAMS.size + j],
                        "isac", sensing_scir=eta)
                    sim[b, i, j], se[b, i, j] = float(est), float(err)
                cols["band"].append(b)
                cols["density_per_km2"].append(DENSITIES_PER_KM2[i])
                cols["n_beams"].append(int(nb))
                cols["isac_analysis"].append(ana[b, i, j])
                cols["conventional_analysis"].append(conv[b, i, j])
                cols["isac_mc"].append(sim[b, i, j])
                cols["isac_mc_stderr"].append(se[b, i, j])
            key = f"{name}_{DENSITIES_PER_KM2[i]:g}"
            summary[f"{key}_best_n_beams"] = int(N_BEAMS[np.argmax(ana[b, i])])
            summary[f"{key}_max_coverage"] = float(ana[b, i].max())
        ok = np.isfinite(sim[b])
        summary[f"{name}_max_abs_z"] = float(np.max(np.abs(ana[b][ok] - sim[b][ok])
                                                    / np.maximum(se[b][ok], 1e-12)))
    labels = [f"{d:g}/km^2" for d in DENSITIES_PER_KM2]
    mode = "p̄_v^s (Theorem 3)" if args.averaged else "eta = 0 dB"
    fig = plot_coverage_vs_beams(
        N_BEAMS, ana, labels=labels, simulation=sim, std_error=se, reference=conv,
        reference_label="conventional",
        titles=["mmWave (30 GHz)", "THz (100 GHz)"],
        suptitle=f"[BM] Fig. 7: SIR coverage, zeta = 0 dB, {mode}")
    save_figure(fig, out / "bm_fig07_comm_coverage.png")
    write_csv(out / "bm_fig07_comm_coverage.csv", cols)
    return summary


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value:.4g}")
