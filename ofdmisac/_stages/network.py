"""Pipeline stage ``network``: [BM] network models on the default mmWave scenario.

On :meth:`BeamManagementScenario.mmwave` (Table II, lambda_B = 100/km^2,
lambda_O = 1000/km^2) and a sweep of the beam number n_B:

* sensing SCIR coverage at an SCIR threshold of 0 dB ([BM] Theorem 1, ``sensing_coverage``);
* communication SIR coverage at an SIR threshold of 0 dB, conventional ([BM] eq. (8),
  eq. (9), eq. (10)) and ISAC ([BM] Theorem 2, Theorem 3) with p_v^s from the sensing error
  model;
* the optimal PRS pattern of [BM] Theorem 4 (Table II pilot budget and constraints, and the
  Sec. V-C budget N_re = 5000 with spacing 3);
* beam-management overhead ([BM] eq. (42), eq. (43), eq. (44)) and effective ASE
  ([BM] eq. (45)) of the conventional, distributed-pilot and ISAC schemes and the ideal
  benchmark.

The sensing error model is ``ctx.artifacts["error_model"]`` (measured by the
``sensing`` stage) when present, else the [BM] eq. (15) model of the optimal PRS block.
p_v^s is the SCIR average of Theorem 3 in full mode and p_v^s(eta = 0 dB) with
``ctx.quick``. Writes ``network/{summary.json, prs_design.json, network_vs_beams.csv,
coverage_vs_beams.png, overhead_vs_beams.png, ase_vs_beams.png}``.
"""

from __future__ import annotations

import numpy as np

__all__ = ["run"]


def run(ctx) -> dict:
    """Run the network stage; returns summary numbers (see the module docstring)."""
    from ..io import save_figure, write_csv, write_json
    from ..network import (
        BeamManagementScenario,
        communication_coverage,
        conventional_overhead,
        distributed_overhead,
        distributed_pilot_design,
        effective_ase,
        isac_overhead,
        optimal_pilot_pattern,
        sensing_coverage,
    )
    from ..plotting import plot_scheme_curves

    out = ctx.out_dir / "network"
    out.mkdir(parents=True, exist_ok=True)
    scenario = BeamManagementScenario.mmwave()
    if ctx.quick:
        n_beams = np.array([16, 64, 256])
        cov_nodes, rate_nodes, eta = (16, 12, 32), 4, 1.0
    else:
        n_beams = 2 ** np.arange(2, 12)
        cov_nodes, rate_nodes, eta = (24, 16, 48), 6, None
    measured = ctx.artifacts.get("error_model")
    source = type(measured).__name__ if measured is not None else "PaperErrorModel (15)"
    ctx.log(f"[network] mmWave scenario, n_B in {n_beams.tolist()}, error model: {source}")

    design = optimal_pilot_pattern(scenario)
    design_vc = optimal_pilot_pattern(scenario, n_re=5000, spacing_t=3, spacing_f=3)
    write_json(out / "prs_design.json", {"table2": design.to_dict(),
                                         "sec5c_nre5000_spacing3": design_vc.to_dict()})

    p_sens = np.array([float(sensing_coverage(scenario.replace(n_beams=int(nb)), 1.0,
                                              n_outer=64 if ctx.quick else 192,
                                              n_inner=32 if ctx.quick else 96))
                       for nb in n_beams])
    conv_cov = communication_coverage(scenario, 1.0, "conventional", n_beams=n_beams,
                                      n_nodes=cov_nodes)
    ase = {sch: effective_ase(scenario, sch, n_beams=n_beams, sensing_scir=eta,
                              rate_nodes=rate_nodes,
                              coverage_nodes=cov_nodes,
                              error_model=measured if sch == "isac" else None)
           for sch in ("conventional", "distributed", "isac", "ideal")}
    isac_cov = np.array([float(communication_coverage(
        scenario.replace(n_beams=int(nb)), 1.0, "isac", misalignment_probability=pv,
        n_nodes=cov_nodes)) for nb, pv in zip(n_beams, ase["isac"].misalignment_probability,
                                              strict=True)])
    overhead = {"conventional": [], "distributed": [], "isac": []}
    for nb in n_beams:
        s = scenario.replace(n_beams=int(nb))
        d = optimal_pilot_pattern(s, n_re=5000, spacing_t=3, spacing_f=3)
        overhead["conventional"].append(conventional_overhead(s).total)
        overhead["distributed"].append(distributed_overhead(
            s, design=distributed_pilot_design(s, n_re=5000)).total)
        overhead["isac"].append(isac_overhead(s, prs_duration_s=d.prs_duration_s).total)

    columns = {"n_beams": n_beams, "sensing_coverage_eta0db": p_sens,
               "comm_coverage_conventional_zeta0db": conv_cov,
               "comm_coverage_isac_zeta0db": isac_cov,
               "misalignment_probability_isac": ase["isac"].misalignment_probability}
    for sch, vals in overhead.items():
        columns[f"overhead_{sch}"] = vals
    for sch, r in ase.items():
        columns[f"ase_{sch}_bps_per_m2"] = r.ase_bps_per_m2
        columns[f"rate_{sch}_bps"] = r.rate_bps
    write_csv(out / "network_vs_beams.csv", columns)

    title = "mmWave, lambda_B=100/km^2"
    figures = {
        "coverage_vs_beams.png": plot_scheme_curves(
            [{"title": f"{title}: sensing (Thm. 1) and comm. (Thms. 2-3) coverage",
              "n_beams": n_beams, "series": [
                  {"y": p_sens, "label": "sensing, eta=0 dB"},
                  {"y": conv_cov, "label": "comm., conventional, zeta=0 dB"},
                  {"y": isac_cov, "label": "comm., ISAC, zeta=0 dB"}]}],
            ylabel="coverage probability"),
        "overhead_vs_beams.png": plot_scheme_curves(
            [{"title": f"{title}: overhead, [BM] (42), (43), (44)", "n_beams": n_beams,
              "series": [{"y": v, "label": k} for k, v in overhead.items()]}],
            ylabel="overhead (fraction of time)", logy=True),
        "ase_vs_beams.png": plot_scheme_curves(
            [{"title": f"{title}: effective ASE (45)", "n_beams": n_beams,
              "series": [{"y": r.ase_bps_per_m2 * 1e-6, "label": k}
                         for k, r in ase.items()]}],
            ylabel="effective ASE (Mbit/s/m$^2$)"),
    }
    for name, fig in figures.items():
        save_figure(fig, out / name)

    best = {k: int(n_beams[int(np.argmax(r.ase_bps_per_m2))]) for k, r in ase.items()}
    summary = {
        "error_model": source,
        "p_misalignment": "SCIR average (Theorem 3)" if eta is None else "eta = 0 dB",
        "n_beams": n_beams.tolist(),
        "prs_delta_star": design.delta, "prs_spacing_t": design.spacing_t,
        "prs_spacing_f": design.spacing_f, "prs_duration_s": design.prs_duration_s,
        "prs_bandwidth_hz": design.prs_bandwidth_hz,
        "prs_delta_star_nre5000_spacing3": design_vc.delta,
        "max_ase_bps_per_m2": {k: float(r.ase_bps_per_m2.max()) for k, r in ase.items()},
        "best_n_beams": best,
        "files": sorted(["summary.json", "prs_design.json", "network_vs_beams.csv",
                         *figures]),
    }
    write_json(out / "summary.json", summary)
    ctx.artifacts["prs_design"] = design
    return summary
