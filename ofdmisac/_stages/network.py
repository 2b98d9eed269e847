"""Pipeline stage ``network``: [BM] network models on the configured scenario.

The scenario is ``[network]`` of the configuration (f_c and f_Delta of ``[carrier]``), with
the PRS bandwidth and duration of the sensing waveform (:func:`._waveform.sensing_setup`,
the block the ``sensing`` stage measures on). Over the beam numbers n_B of ``[analysis]``:

* sensing SCIR coverage at an SCIR threshold of 0 dB ([BM] Theorem 1, ``sensing_coverage``),
  checked against its Monte Carlo twin (``simulate_sensing_coverage``) at the scenario's n_B;
* communication SIR coverage at an SIR threshold of 0 dB, conventional ([BM] eq. (8),
  eq. (9), eq. (10)) and ISAC ([BM] Theorem 2, Theorem 3) with p_v^s from the sensing error
  model;
* the PRS pattern of [BM] Theorem 4 with the pilot budget and spacings of
  ``[sensing.design]``;
* beam-management overhead ([BM] eq. (42), eq. (43), eq. (44)) and effective ASE
  ([BM] eq. (45)) of the conventional, distributed-pilot and ISAC schemes and the ideal
  benchmark (same pilot budget and spacings).

The sensing error model is the one the ``sensing`` stage measured on this waveform
(``ctx.artifacts["error_model"]``); the pipeline runs ``sensing`` first when it is not
there (:func:`ofdmisac._stages.run_pipeline`). A stage context without it (a direct call)
uses the [BM] eq. (15) model of the same block and says so in ``summary.json``. p_v^s is the
SCIR average of Theorem 3 in full mode and p_v^s(eta = 0 dB) with ``ctx.quick``. Writes
``network/{summary.json, prs_design.json, network_vs_beams.csv, coverage_vs_beams.png,
overhead_vs_beams.png, ase_vs_beams.png, sensing_twin.png}``. The last is the waveform-level
twin of [BM] sensing (``bm_sensing_twin``: PRS echoes, interferers with their own sequences,
range-Doppler processing and CFAR per PPP realization) against Theorem 1 at -10, 0 and 10 dB;
its three comparison rows go to the report.
"""

from __future__ import annotations

import numpy as np

__all__ = ["FILES", "run"]

FILES = ("ase_vs_beams.png", "coverage_vs_beams.png", "network_vs_beams.csv",
         "overhead_vs_beams.png", "prs_design.json", "sensing_twin.png", "summary.json")
"""The files the stage writes in its folder."""

_SCHEME_WORDS = {"conventional": "conventional (SSB sweep)", "distributed": "distributed pilots",
                 "isac": "ISAC (PRS sensing)", "ideal": "ideal (no overhead)"}


def run(ctx) -> dict:
    """Run the network stage; returns summary numbers (see the module docstring)."""
    from ..io import write_csv, write_json
    from ..network import (
        bm_sensing_twin,
        communication_coverage,
        conventional_overhead,
        distributed_overhead,
        distributed_pilot_design,
        effective_ase,
        isac_overhead,
        optimal_pilot_pattern,
        sensing_coverage,
        simulate_sensing_coverage,
    )
    from ..plotting import plot_joint_coverage, plot_scheme_curves
    from ._waveform import sensing_setup, waveform_metadata

    out = ctx.out_dir / "network"
    out.mkdir(parents=True, exist_ok=True)
    cfg = ctx.config
    setup = sensing_setup(ctx)
    scenario = setup["scenario"]
    d = cfg["sensing"]["design"]
    n_re = d["n_re"]
    s_t = d["spacing_t"] or None
    s_f = d["spacing_f"] or None
    n_beams = np.array(cfg["analysis"]["quick_n_beams" if ctx.quick else "n_beams"])
    if ctx.quick:
        cov_nodes, rate_nodes, eta = (16, 12, 32), 4, 1.0
    else:
        cov_nodes, rate_nodes, eta = (24, 16, 48), 6, None
    measured = ctx.artifacts.get("error_model")
    source = type(measured).__name__ if measured is not None else "PaperErrorModel (15)"
    ctx.log(f"[network] {ctx.config_name}: fc = {scenario.fc_hz / 1e9:g} GHz, "
            f"n_B in {n_beams.tolist()}, error model: {source}")

    design = optimal_pilot_pattern(scenario, n_re=n_re, spacing_t=s_t, spacing_f=s_f)
    design_table = optimal_pilot_pattern(scenario)
    write_json(out / "prs_design.json", {"configured": design.to_dict(),
                                         "table2_budget": design_table.to_dict()})

    bar = ctx.bar(total=2 * len(n_beams) + 5, desc="network: models vs n_B")
    p_sens = []
    for nb in n_beams:
        p_sens.append(float(sensing_coverage(scenario.replace(n_beams=int(nb)), 1.0,
                                             n_outer=64 if ctx.quick else 192,
                                             n_inner=32 if ctx.quick else 96)))
        bar.update()
    p_sens = np.array(p_sens)
    conv_cov = communication_coverage(scenario, 1.0, "conventional", n_beams=n_beams,
                                      n_nodes=cov_nodes)
    ase = {}
    for sch in ("conventional", "distributed", "isac", "ideal"):
        ase[sch] = effective_ase(scenario, sch, n_beams=n_beams, sensing_scir=eta,
                                 n_re=n_re, spacing_t=s_t or design.spacing_t,
                                 spacing_f=s_f or design.spacing_f, rate_nodes=rate_nodes,
                                 coverage_nodes=cov_nodes,
                                 error_model=measured if sch == "isac" else None)
        bar.update()
    isac_cov = np.array([float(communication_coverage(
        scenario.replace(n_beams=int(nb)), 1.0, "isac", misalignment_probability=pv,
        n_nodes=cov_nodes)) for nb, pv in zip(n_beams, ase["isac"].misalignment_probability,
                                              strict=True)])
    overhead = {"conventional": [], "distributed": [], "isac": []}
    for nb in n_beams:
        s = scenario.replace(n_beams=int(nb))
        dd = optimal_pilot_pattern(s, n_re=n_re, spacing_t=s_t or design.spacing_t,
                                   spacing_f=s_f or design.spacing_f)
        overhead["conventional"].append(conventional_overhead(s).total)
        overhead["distributed"].append(distributed_overhead(
            s, design=distributed_pilot_design(s, n_re=n_re)).total)
        overhead["isac"].append(isac_overhead(s, prs_duration_s=dd.prs_duration_s).total)
        bar.update()
    # Monte Carlo twin of Theorem 1 at the scenario's n_B
    n_mc = 4000 if ctx.quick else 20000
    sim = simulate_sensing_coverage(scenario, 1.0, n_mc,
                                    rng=np.random.SeedSequence([ctx.seed, 3]))
    p_thm1 = float(sensing_coverage(scenario, 1.0))
    ctx.compare("network", f"sensing SCIR coverage at 0 dB, n_B = {scenario.n_beams}",
                analytic=p_thm1, measured=float(np.ravel(sim.coverage)[0]),
                se=float(np.ravel(sim.std_error)[0]),
                source="[BM] Theorem 1 vs Monte Carlo PPP network (simulate_sensing_coverage)")
    bar.update()
    bar.close()
    # waveform-level twin of [BM] sensing: PRS echoes on the block's grid, interferers with
    # their own sequences, range-Doppler processing and CFAR per PPP realization
    twin_eta_db = np.array([-10.0, 0.0, 10.0])
    twin = bm_sensing_twin(scenario, scir_threshold_db=twin_eta_db,
                           n_trials=300 if ctx.quick else 3000, design=setup["design"],
                           progress=ctx.progress, rng=np.random.SeedSequence([ctx.seed, 4]))
    for i, e in enumerate(twin_eta_db):
        ctx.compare("network", f"waveform twin: sensing SCIR coverage at {e:g} dB",
                    analytic=twin.theorem1_coverage[i], measured=twin.scir_coverage[i],
                    se=twin.scir_coverage_se[i],
                    source="[BM] Theorem 1 vs the waveform-level twin (bm_sensing_twin)")

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

    lam = scenario.bs_density_per_m2 * 1e6
    title = (f"{ctx.config_name}: $f_c$ = {scenario.fc_hz / 1e9:g} GHz, "
             f"$\\lambda_B$ = {lam:g} km$^{{-2}}$")
    model_words = ("measured error model" if measured is not None
                   else "[BM] eq. (15) error model")
    figures = {
        "coverage_vs_beams.png": (plot_scheme_curves(
            [{"title": title, "n_beams": n_beams, "series": [
                {"y": p_sens, "label": "sensing SCIR coverage, $\\eta$ = 0 dB (Theorem 1)"},
                {"y": conv_cov, "label": "communication, conventional, $\\zeta$ = 0 dB"},
                {"y": isac_cov, "label": f"communication, ISAC, $\\zeta$ = 0 dB ({model_words})"},
            ]}], ylabel="coverage probability"),
            "[BM] Theorem 1: sensing SCIR coverage, and [BM] Theorem 2 and Theorem 3: "
            "communication SIR "
            "coverage of the conventional and ISAC schemes, versus the number of beams"),
        "overhead_vs_beams.png": (plot_scheme_curves(
            [{"title": title, "n_beams": n_beams,
              "series": [{"y": v, "label": _SCHEME_WORDS[k]} for k, v in overhead.items()]}],
            ylabel="beam-management time per second $T_{\\mathrm{overhead}}$ (s/s)",
            logy=True),
            "[BM] eq. (42), eq. (43) and eq. (44): beam-management overhead T_overhead, "
            "the expected time spent on beam management per second (rate x duration; "
            "above 1 the scheme cannot keep up and its effective ASE is 0), versus the "
            "number of beams"),
        "ase_vs_beams.png": (plot_scheme_curves(
            [{"title": title, "n_beams": n_beams,
              "series": [{"y": r.ase_bps_per_m2 * 1e-6, "label": _SCHEME_WORDS[k]}
                         for k, r in ase.items()]}],
            ylabel="effective ASE (Mbit/s/m$^2$)"),
            f"[BM] eq. (45): effective area spectral efficiency of the four schemes "
            f"(ISAC with the {model_words}), versus the number of beams"),
    }
    figures["sensing_twin.png"] = (plot_joint_coverage(
        [{"series": [
            {"x": twin_eta_db, "y": twin.theorem1_coverage, "label": "Theorem 1"},
            {"x": twin_eta_db, "y": twin.scir_coverage, "yerr": twin.scir_coverage_se,
             "style": "marker", "label": "twin: per-RE SCIR above the threshold"},
            {"x": twin_eta_db, "y": twin.scir_coverage_and_detection, "style": "marker",
             "label": "twin: SCIR above the threshold and target detected in its cell"},
            {"x": twin_eta_db, "y": np.full(twin_eta_db.shape, twin.detection_coverage),
             "linestyle": ":", "label": "twin: detected in its cell (any SCIR)"}],
          "xlabel": r"SCIR threshold $\eta$ (dB)", "ylabel": "probability",
          "title": f"{title}, $n_B$ = {scenario.n_beams}, {twin.n_trials} realizations"}],
        suptitle="[BM] sensing: Theorem 1 and its waveform-level twin"),
        "[BM] Theorem 1 sensing SCIR coverage against the waveform-level twin: per PPP "
        "realization the serving BS's PRS echo, the interfering BSs' own PRS sequences with "
        "the beam gains of eq. (6), clutter and range-Doppler processing with CFAR; detection "
        "coverage exceeds SCIR coverage because the processing gain suppresses the "
        "interferers' other sequences")
    for name, (fig, caption) in figures.items():
        ctx.save_figure("network", out / name, fig, caption=caption)

    best = {k: int(n_beams[int(np.argmax(r.ase_bps_per_m2))]) for k, r in ase.items()}
    summary = {
        "scenario": ctx.config_name,
        "fc_hz": scenario.fc_hz, "prs_bandwidth_hz": scenario.prs_bandwidth_hz,
        "prs_duration_s": scenario.prs_duration_s,
        "error_model": source,
        "error_model_waveform": ctx.artifacts.get("error_model_waveform",
                                                  waveform_metadata(setup)),
        "p_misalignment": "SCIR average (Theorem 3)" if eta is None else "eta = 0 dB",
        "n_beams": n_beams.tolist(),
        "prs_delta_star": design.delta, "prs_spacing_t": design.spacing_t,
        "prs_spacing_f": design.spacing_f, "prs_design_duration_s": design.prs_duration_s,
        "prs_design_bandwidth_hz": design.prs_bandwidth_hz,
        "prs_delta_star_table2_budget": design_table.delta,
        "sensing_coverage_theorem1": p_thm1,
        "sensing_coverage_monte_carlo": float(np.ravel(sim.coverage)[0]),
        "sensing_twin": {"scir_threshold_db": twin_eta_db.tolist(),
                         "scir_coverage": twin.scir_coverage.tolist(),
                         "scir_coverage_se": twin.scir_coverage_se.tolist(),
                         "theorem1_coverage": twin.theorem1_coverage.tolist(),
                         "detection_coverage": float(twin.detection_coverage),
                         "n_trials": int(twin.n_trials)},
        "max_ase_bps_per_m2": {k: float(r.ase_bps_per_m2.max()) for k, r in ase.items()},
        "best_n_beams": best,
        "files": sorted(["summary.json", "prs_design.json", "network_vs_beams.csv",
                         *figures]),
    }
    write_json(out / "summary.json", summary)
    ctx.artifacts["prs_design"] = design
    return summary
