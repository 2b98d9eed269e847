"""Pipeline stage ``mimo``: massive-MIMO ISAC link and joint coverage of [CC].

The scenario is ``[coupling]`` of the configuration (the preset values are the [CC]
Section 5.1 defaults); the Monte Carlo sizes are those of ``[run.trials]``
(``[run.quick_trials]`` with ``--quick``).

Writes into ``ctx.out_dir / "mimo"``:

* ``uplink_link.csv`` / ``uplink_link.png``: NMSE (4) and detection probability measured
  by the uplink chain (MMSE + GLRT on simulated pilots; pair 1, the nearest CU and ST, at
  the mean distances of (1): for the K-th pair the corrected P_D is ~0 at these powers)
  versus the corrected closed forms and the printed (8), for P_T from -10 to 10 dB;
* ``downlink_link.json``: measured SINR (15) versus (20)/chain form, and the angle CRLB
  (19) averaged over simulated transmit blocks versus (22) and (23);
* ``joint_coverage.csv`` / ``joint_coverage.png``: uplink (13) (printed model) and
  downlink (29) joint coverage, analytic versus the measured PPP twins: the uplink twin
  measures NMSE and detection on simulated pilots, the downlink twin
  (``downlink_coverage_link_twin``) measures the SINR (15) and the angle CRLB (19) on the
  realized transmit blocks;
* ``summary.json``.
"""

from __future__ import annotations

import numpy as np

from ..channel import steering_vector
from ..estimators import (
    angle_crlb,
    angle_crlb_expected,
    angle_crlb_large_n,
    downlink_transmit_matrix,
    glrt_detection_probability,
    glrt_detection_probability_paper,
    mrt_precoders,
    mrt_sinr_chain,
    mrt_sinr_lemma1,
    simulate_downlink_sinr,
    simulate_uplink,
    uplink_nmse,
)
from ..io import write_csv, write_json
from ..network import (
    JointCoverageScenario,
    downlink_coverage_bounds,
    downlink_coverage_link_twin,
    downlink_joint_coverage,
    mean_kth_nearest_distance,
    uplink_coverage_measured_twin,
    uplink_joint_coverage,
    uplink_link,
    uplink_nmse_floor,
)
from ..plotting import plot_joint_coverage

__all__ = ["FILES", "run"]

FILES = ("downlink_link.json", "joint_coverage.csv", "joint_coverage.png", "summary.json",
         "uplink_link.csv", "uplink_link.png")
"""The files the stage writes in its folder."""

USER_ANGLES = np.deg2rad([-50.0, -15.0, 20.0, 55.0])
TARGET_ANGLES = np.deg2rad([-35.0, 5.0, 35.0, 60.0])


def _pair_distances(scenario: JointCoverageScenario):
    """Mean distances of the k-th nearest CU and ST, k = 1..K ([CC] (1))."""
    ks = np.arange(1, scenario.n_users + 1)
    return (mean_kth_nearest_distance(scenario.user_density_per_m2, ks),
            mean_kth_nearest_distance(scenario.target_density_per_m2, ks))


def _uplink_link(ctx, scenario, out, rng, quick):
    pt_db = np.linspace(-10.0, 10.0, 5 if quick else 11)
    p_t_w = 10 ** (pt_db[:, None] / 10)
    link = uplink_link(scenario, *_pair_distances(scenario), target_power_w=p_t_w)  # (P, K)
    n_trials = ctx.trials("uplink")
    cols = {"p_t_db": pt_db}
    series_n, series_p = [], []
    words = {"paper": "normalized as printed", "residual": "normalized by the residual"}
    for norm, col in (("paper", "tab:blue"), ("residual", "tab:orange")):
        sim = simulate_uplink(link, threshold=scenario.glrt_threshold, rng=rng, n_trials=n_trials,
                              rcs="unit", normalization=norm, analytic=False,
                              form_pilot_matrix=False)
        pd_m = sim.detected.mean(axis=0)[:, 0]
        pd_a = glrt_detection_probability(link, scenario.glrt_threshold, normalization=norm)[:, 0]
        cols[f"pd_measured_{norm}"] = pd_m
        cols[f"pd_se_{norm}"] = np.sqrt(pd_m * (1 - pd_m) / n_trials)
        cols[f"pd_exact_{norm}"] = pd_a
        series_p.append({"x": pt_db, "y": pd_a, "label": f"exact law, GLRT {words[norm]}",
                         "color": col})
        series_p.append({"x": pt_db, "y": pd_m, "yerr": cols[f"pd_se_{norm}"],
                         "style": "marker", "color": col,
                         "label": f"simulated, GLRT {words[norm]}"})
        se_a = np.maximum(np.sqrt(pd_a * (1 - pd_a) / n_trials), 1.0 / n_trials)
        for p_db, a, m, e in zip(pt_db, pd_a, pd_m, se_a, strict=True):
            ctx.compare("mimo", f"uplink $P_D$, pair 1, $P_T$ = {p_db:g} dB, {words[norm]}",
                        analytic=a, measured=m, se=e,
                        source="exact GLRT law vs simulated MMSE + GLRT chain")
        if norm == "paper":
            nm = sim.nmse.mean(axis=0)[:, 0]
            cols["nmse_measured_db"] = 10 * np.log10(nm)
    cols["nmse_eq4_db"] = 10 * np.log10(uplink_nmse(link)[:, 0])
    cols["pd_printed_eq8"] = glrt_detection_probability_paper(link, scenario.glrt_threshold)[:, 0]
    series_p.append({"x": pt_db, "y": cols["pd_printed_eq8"],
                     "label": "printed closed form [CC] eq. (8)", "color": "k",
                     "linestyle": ":"})
    series_n.append({"x": pt_db, "y": cols["nmse_eq4_db"], "label": "closed form [CC] eq. (4)"})
    series_n.append({"x": pt_db, "y": cols["nmse_measured_db"], "style": "marker",
                     "label": "simulated MMSE estimate"})
    write_csv(out / "uplink_link.csv", cols)
    ctx.save_figure("mimo", out / "uplink_link.png", plot_joint_coverage(
        [{"series": series_n, "xlabel": "ST pilot power $P_T$ (dB)", "ylabel": "NMSE (dB)",
          "title": "uplink channel-estimate NMSE, pair 1 (nearest CU and ST)"},
         {"series": series_p, "xlabel": "ST pilot power $P_T$ (dB)",
          "ylabel": "detection probability $P_D$",
          "title": "GLRT detection of the ST, $|\\zeta|$ = 1"}],
        suptitle=f"[CC] uplink, {ctx.config_name}: $N$ = {scenario.n_antennas}, "
                 f"$K$ = {scenario.n_users}"),
        caption="[CC] eq. (4) and eq. (8): uplink NMSE and GLRT detection probability of "
                "pair 1 versus the ST pilot power, closed forms against the simulated chain")
    gaps = [np.abs(cols[f"pd_measured_{m}"] - cols[f"pd_exact_{m}"])
            / np.maximum(np.sqrt(cols[f"pd_exact_{m}"] * (1 - cols[f"pd_exact_{m}"]) / n_trials),
                         1.0 / n_trials) for m in ("paper", "residual")]
    return {"uplink_max_pd_gap_over_se": float(np.max(gaps)),
        "uplink_nmse_db_at_pt_0db": float(np.interp(0.0, pt_db, cols["nmse_eq4_db"]))}


def _downlink_link(ctx, scenario, out, rng, quick):
    link = uplink_link(scenario, *_pair_distances(scenario))
    n = scenario.n_antennas
    los = steering_vector(USER_ANGLES, n)
    theta = TARGET_ANGLES[-1]
    n_trials = ctx.trials("downlink")
    ds = simulate_downlink_sinr(link, user_angle_rad=USER_ANGLES,
                                uplink_target_angle_rad=TARGET_ANGLES, target_angle_rad=theta,
                                comm_power_fraction=scenario.comm_power_fraction,
                                downlink_power_w=scenario.downlink_power_w,
                                n_trials=n_trials, n_symbols=8, form_pilot_matrix=False,
                                rng=rng)
    sinr20 = mrt_sinr_lemma1(link, los, theta, comm_power_fraction=scenario.comm_power_fraction,
                             downlink_power_w=scenario.downlink_power_w)
    sinr_ch = mrt_sinr_chain(link, los, theta, TARGET_ANGLES,
                             comm_power_fraction=scenario.comm_power_fraction,
                             downlink_power_w=scenario.downlink_power_w)
    m = 50 if quick else 400
    us = simulate_uplink(link, threshold=1.0, rng=rng, n_trials=m, user_angle_rad=USER_ANGLES,
                         target_angle_rad=TARGET_ANGLES, keep_signals=True, analytic=False,
                         form_pilot_matrix=False)
    w_u, w_t = mrt_precoders(link, us.estimates, los, theta)
    gen = np.random.default_rng(rng)
    sym = np.exp(1j * np.pi / 2 * gen.integers(0, 4, (m, scenario.n_users + 1,
                                                      scenario.data_length)))
    x = downlink_transmit_matrix(w_u, w_t, sym[:, :-1], sym[:, -1],
                                 comm_power_fraction=scenario.comm_power_fraction,
                                 power_w=scenario.downlink_power_w)
    cr = angle_crlb(x, theta, target_gain=link.target_gain[-1],
                    noise_power_w=scenario.noise_power_w)
    cr22 = angle_crlb_expected(link, los, theta, comm_power_fraction=scenario.comm_power_fraction,
                               downlink_power_w=scenario.downlink_power_w,
                               n_symbols=scenario.data_length, target_gain=link.target_gain[-1])
    cr23 = angle_crlb_large_n(n_antennas=n, theta_rad=theta,
                              comm_power_fraction=scenario.comm_power_fraction,
                              downlink_power_w=scenario.downlink_power_w,
                              n_symbols=scenario.data_length, target_gain=link.target_gain[-1],
                              noise_power_w=scenario.noise_power_w)
    res = {
        "sinr_measured": ds.sinr, "sinr_se": ds.sinr_se, "sinr_eq20": sinr20,
        "sinr_chain": sinr_ch,
        "crlb_measured_mean_rad2": float(np.mean(cr)),
        "crlb_measured_se_rad2": float(np.std(cr) / np.sqrt(m)),
        "crlb_eq22_rad2": float(cr22), "crlb_eq23_rad2": float(cr23),
    }
    write_json(out / "downlink_link.json", res)
    for k, (meas, se, ch) in enumerate(zip(np.ravel(ds.sinr), np.ravel(ds.sinr_se),
                                           np.ravel(sinr_ch), strict=True)):
        ctx.compare("mimo", f"downlink SINR of CU {k + 1}", analytic=ch, measured=meas, se=se,
                    source="MRT SINR chain form vs SINR measured on simulated symbols "
                           "([CC] eq. (15))")
    ctx.compare("mimo", "angle CRLB (rad$^2$), mean over transmit blocks", analytic=cr22,
                measured=float(np.mean(cr)), se=float(np.std(cr) / np.sqrt(m)),
                source="[CC] eq. (22) vs [CC] eq. (19) on realized transmit blocks")
    return {"downlink_max_sinr_gap_over_se": float(np.max(np.abs(ds.sinr - sinr_ch)
                                                          / ds.sinr_se)),
            "crlb_measured_over_eq22": float(np.mean(cr) / cr22)}


def _joint(ctx, scenario, out, rng, quick):
    n_geo, n_tr = ctx.trials("coverage_geometries"), ctx.trials("coverage_trials")
    ec_db = np.linspace(-25.0, 0.0, 51)
    es = 0.7
    ec_mc_db = np.array([-15.0, -10.0, -5.0])
    up = uplink_joint_coverage(scenario, 10 ** (ec_db / 10), es, model="paper")
    tw = uplink_coverage_measured_twin(scenario, 10 ** (ec_mc_db / 10), es, model="paper",
                                       n_geometries=n_geo, n_trials=n_tr, rng=rng)
    up_mc = uplink_joint_coverage(scenario, 10 ** (ec_mc_db / 10), es, model="paper")
    b = downlink_coverage_bounds(scenario)
    es_d = np.linspace(0.002, 0.018, 41)
    ec_d = 0.011
    es_d_mc = np.array([0.006, 0.012, 0.015])
    dn = downlink_joint_coverage(scenario, ec_d, es_d)
    dtw = downlink_coverage_link_twin(scenario, ec_d, es_d_mc, n_geometries=n_geo,
                                      n_trials=n_tr, angles="orthogonal", rng=rng)
    dn_mc = downlink_joint_coverage(scenario, ec_d, es_d_mc)
    write_csv(out / "joint_coverage.csv", {
        "link": ["uplink"] * 3 + ["downlink"] * 3,
        "eps_c": np.r_[10 ** (ec_mc_db / 10), [ec_d] * 3],
        "eps_s": np.r_[[es] * 3, es_d_mc],
        "analytic": np.r_[up_mc, dn_mc],
        "measured_twin": np.r_[tw.joint, dtw.joint],
        "twin_se": np.r_[tw.joint_se, dtw.joint_se]})
    floor = float(uplink_nmse_floor(scenario, es, model="paper"))
    ctx.save_figure("mimo", out / "joint_coverage.png", plot_joint_coverage(
        [{"series": [{"x": ec_db, "y": up,
                      "label": f"analysis, printed [CC] eq. (13), $\\epsilon_S$ = {es:g}"},
                     {"x": ec_mc_db, "y": tw.joint, "yerr": tw.joint_se, "style": "marker",
                      "label": "simulated links in PPP networks"}],
          "vlines": [(10 * np.log10(floor), "NMSE floor (Corollary 1)")],
          "xlabel": "NMSE threshold $\\epsilon_u^C$ (dB)",
          "ylabel": "uplink joint coverage $P_{u,\\mathrm{cov}}^{CS}$",
          "title": "uplink joint coverage (NMSE and detection)"},
         {"series": [{"x": es_d, "y": dn,
                      "label": f"analysis [CC] eq. (29), $\\epsilon_C$ = {ec_d:g}"},
                     {"x": es_d_mc, "y": dtw.joint, "yerr": dtw.joint_se, "style": "marker",
                      "label": "measured SINR and angle CRLB (orthogonal angles)"}],
          "vlines": [(b["benefit_ceiling"], "benefit ceiling (Corollary 2)")],
          "xlabel": "sensing-benefit threshold $\\epsilon_d^S$ (linear)",
          "ylabel": "downlink joint coverage $P_{d,\\mathrm{cov}}^{CS}$",
          "title": "downlink joint coverage (SINR loss and CRLB gain)"}],
        suptitle=f"[CC] joint coverage, {ctx.config_name}: $N$ = {scenario.n_antennas}, "
                 f"$\\lambda_U$ = {scenario.user_density_per_m2 * 1e6:g} km$^{{-2}}$, "
                 f"$\\lambda_T$ = {scenario.target_density_per_m2 * 1e6:g} km$^{{-2}}$"),
        caption="[CC] Theorem 1 and Theorem 2: uplink and downlink joint "
                "sensing-communication coverage, analysis against Monte Carlo twins that "
                "measure the link statistics (uplink NMSE and detection on simulated pilots; "
                "downlink SINR and angle CRLB on realized transmit blocks)")
    for link, eps, ana, mc, se in (("uplink", ec_mc_db, up_mc, tw.joint, tw.joint_se),
                                   ("downlink", es_d_mc, dn_mc, dtw.joint, dtw.joint_se)):
        for e, a, m_, s_ in zip(eps, ana, mc, se, strict=True):
            what = (f"NMSE threshold {e:g} dB" if link == "uplink"
                    else f"benefit threshold {e:g}")
            ctx.compare("mimo", f"{link} joint coverage, {what}", analytic=a, measured=m_,
                        se=max(float(s_), 1.0 / n_geo),
                        source=("[CC] eq. (13) printed vs uplink link twin" if link == "uplink"
                                else "[CC] eq. (29) vs downlink link twin "
                                     "(downlink_coverage_link_twin)"))
    se_u = np.maximum(tw.joint_se, 1.0 / n_geo)
    se_d = np.maximum(dtw.joint_se, 1.0 / n_geo)
    return {"uplink_joint_max_gap_over_se": float(np.max(np.abs(tw.joint - up_mc) / se_u)),
            "downlink_joint_max_gap_over_se": float(np.max(np.abs(dtw.joint - dn_mc) / se_d)),
            "corollary1_min_nmse_db_at_pd_0.7": 10 * np.log10(floor)}


def run(ctx) -> dict:
    """Run the MIMO stage; returns summary numbers."""
    out = ctx.out_dir / "mimo"
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(np.random.SeedSequence([ctx.seed, 5]))
    from ..config import coupling_scenario

    scenario = coupling_scenario(ctx.config)
    summary = {"scenario": ctx.config_name}
    parts = (("uplink link", _uplink_link), ("downlink link", _downlink_link),
             ("joint coverage twins", _joint))
    bar = ctx.bar(total=len(parts), desc="mimo")
    for what, part in parts:
        bar.set_postfix_str(what)
        summary.update(part(ctx, scenario, out, rng, ctx.quick))
        bar.update()
    bar.close()
    summary["files"] = list(FILES)
    write_json(out / "summary.json", summary)
    return summary
