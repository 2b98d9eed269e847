"""[BM] Fig. 8: beam-management overhead versus n_B for the three schemes.

mmWave (lambda_B = 100/km^2) and THz (lambda_B = 1000/km^2), Table II otherwise;
N_re = 5000 pilots, spacing S_t = S_f = 3 ([BM] Sec. V-C). Conventional: (42)-(43);
distributed pilots: (44) with T_b* = T_obs + tau_RRC of the pilots spread over the SSB
period (``distributed_pilot_design``), and dashed the paper's reading: the Table II PRS
block interleaved with data S_t apart (window S_t T_PRS = 15 ms mmWave, 3 ms THz), which
is what reproduces the paper's 0.38 (mmWave, n_B = 256; the SSB-period window gives
0.483, as much as the conventional 0.48, since its T_b* = tau + tau_RRC is the
conventional delay); ISAC: (44) with T_PRS of the optimal block
(Theorem 4 at these spacings, delta* per n_B), and dashed with the Table II default
T_PRS (5 ms mmWave, 1 ms THz), which is what reproduces the paper's 0.17. The overhead
is a fraction of time (rates x durations). Markers on the ISAC line: p_HO replaced by its
Monte Carlo estimate (two nearest PPP distances, LoS states, timeout).

Usage: python examples/bm_fig08_overhead.py [OUT_DIR] [--quick]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from ofdmisac.io import save_figure, write_csv
from ofdmisac.network import (
    BeamManagementScenario,
    conventional_overhead,
    distributed_overhead,
    distributed_pilot_design,
    isac_overhead,
    optimal_pilot_pattern,
    simulate_handover_probability,
)
from ofdmisac.plotting import plot_scheme_curves

N_RE, SPACING = 5000, 3


def overhead_table(scenario, n_beams, *, mc_trials=0, rng=0) -> dict:
    """Overheads of the schemes for each n_B (and the MC variant of the ISAC one)."""
    rows = {k: [] for k in ("conventional", "distributed", "distributed_paper", "isac",
                            "isac_table2", "isac_mc", "isac_prs_duration_s")}
    for k, nb in enumerate(n_beams):
        s = scenario.replace(n_beams=int(nb))
        design = optimal_pilot_pattern(s, n_re=N_RE, spacing_t=SPACING, spacing_f=SPACING)
        isac = isac_overhead(s, prs_duration_s=design.prs_duration_s)
        rows["conventional"].append(conventional_overhead(s).total)
        rows["distributed"].append(distributed_overhead(
            s, design=distributed_pilot_design(s, n_re=N_RE, spacing_t=SPACING,
                                               spacing_f=SPACING)).total)
        rows["distributed_paper"].append(distributed_overhead(
            s, design=distributed_pilot_design(s, n_re=N_RE, spacing_t=SPACING,
                                               spacing_f=SPACING,
                                               observation_s=SPACING * s.prs_duration_s)).total)
        rows["isac"].append(isac.total)
        rows["isac_table2"].append(isac_overhead(s).total)
        rows["isac_prs_duration_s"].append(design.prs_duration_s)
        if mc_trials:
            p_mc, _ = simulate_handover_probability(s, n_trials=mc_trials, rng=rng + k)
            mu_h = s.handover_intensity_per_s
            rows["isac_mc"].append(isac.beam + isac.handover + mu_h * p_mc
                                   * (isac.reselection_delay_s + s.rach_delay_s))
    return {k: np.asarray(v) for k, v in rows.items()}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", nargs="?", default="examples-output")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n_beams = 2 ** np.arange(2, 12)
    cols = {k: [] for k in ("scenario", "n_beams", "conventional", "distributed",
                            "distributed_paper_reading", "isac",
                            "isac_table2_prs", "isac_monte_carlo_p_ho", "isac_prs_duration_s")}
    panels, summary = [], {}
    for si, s in enumerate((BeamManagementScenario.mmwave(), BeamManagementScenario.thz())):
        t = overhead_table(s, n_beams, mc_trials=20_000 if args.quick else 400_000,
                           rng=100 * si)
        panels.append({"title": f"{s.name}, lambda_B={s.bs_density_per_m2 * 1e6:g}/km^2, "
                                f"N_re={N_RE}, S_t=S_f={SPACING}",
                       "n_beams": n_beams, "series": [
                           {"y": t["conventional"], "label": "conventional (42)"},
                           {"y": t["distributed"], "label": "distributed pilots"},
                           {"y": t["distributed_paper"], "label": "distributed, window "
                            "S_t T_PRS (paper)", "linestyle": "--", "marker": "none",
                            "color": "tab:orange"},
                           {"y": t["isac"], "label": "ISAC (44), optimal PRS"},
                           {"y": t["isac_table2"], "label": f"ISAC, T_PRS={s.prs_duration_s*1e3:g}"
                            " ms (Table II)", "linestyle": "--", "marker": "none"},
                           {"y": t["isac_mc"], "label": "ISAC, MC p_HO", "linestyle": "none",
                            "marker": "x", "color": "tab:green"}]})
        cols["scenario"].extend([s.name] * len(n_beams))
        cols["n_beams"].extend(n_beams)
        for key, name in (("conventional", "conventional"), ("distributed", "distributed"),
                          ("distributed_paper", "distributed_paper_reading"),
                          ("isac", "isac"), ("isac_table2", "isac_table2_prs"),
                          ("isac_mc", "isac_monte_carlo_p_ho"),
                          ("isac_prs_duration_s", "isac_prs_duration_s")):
            cols[name].extend(t[key])
        i256 = int(np.flatnonzero(n_beams == 256)[0])
        for key in ("conventional", "distributed", "distributed_paper", "isac", "isac_table2"):
            summary[f"{s.name}_nB256_{key}"] = float(t[key][i256])
    fig = plot_scheme_curves(panels, ylabel="overhead (fraction of time)", logy=True,
                             suptitle="[BM] Fig. 8: beam-management overhead")
    save_figure(fig, out / "bm_fig08_overhead.png")
    write_csv(out / "bm_fig08_overhead.csv", cols)
    return summary


if __name__ == "__main__":
    for key, value in main().items():
        print(f"{key}: {value:.4g}")
