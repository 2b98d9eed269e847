"""Pipeline stage ``sensing``: OFDM radar on the PRS block of the network scenario.

The waveform is the one the ``network`` stage assumes (:func:`._waveform.sensing_setup`):
the carrier frequency of ``[carrier]``, the PRS block of ``[sensing]`` (by default the
[BM] Theorem 4 block of the ``[network]`` scenario for the pilot budget and spacings of
``[sensing.design]``, built by :func:`ofdmisac.network.scenario_sensing_grid`), its
bandwidth, duration and pilot pattern, NR symbol times. ``--quick`` keeps this waveform
and uses fewer trials and SCIR points.

The scene of ``[scene]``: the targets, Poisson clutter in the first target's resolution
cell ([BM] eq. (5)), interfering BSs sending their own pilots on the same REs ([BM]
eq. (6)) scaled together to the per-RE SCIR ([BM] eq. (7)), thermal noise at the per-RE
SNR. The stage forms the range-Doppler map (Hann windows, 4x zero padding), runs CA-CFAR
with a zero-velocity notch of one resolution cell (clutter), measures the range/velocity
RMSE versus per-RE SCIR against the CRLB and [BM] eq. (15), and stores a
:class:`MeasuredErrorModel` in ``ctx.artifacts["error_model"]``. ``sensing/waveform.json``
and ``summary.json["waveform"]`` record the waveform (fc, bandwidth, duration, scs,
grid size, pilot pattern).
"""

from __future__ import annotations

import dataclasses

import numpy as np

__all__ = ["FILES", "run"]

FILES = ("error_model.json", "error_statistics.csv", "range_doppler_map.png",
         "rmse_vs_scir.png", "summary.json", "waveform.json")
"""The files the stage writes in its folder."""



def _check_scene(cfg, grid, max_speed):
    v_lim = grid.unambiguous_velocity_mps / 2 if max_speed is None else max_speed
    for i, t in enumerate(cfg["scene"]["targets"]):
        if not t["range_m"] < grid.unambiguous_range_m:
            raise ValueError(f"scene.targets[{i}].range_m={t['range_m']!r} is not allowed; use "
                             f"a range < {grid.unambiguous_range_m:.4g} m, the unambiguous "
                             "range of the sensing waveform ([BM] eq. (14))")
        if not abs(t["velocity_mps"]) < v_lim:
            raise ValueError(f"scene.targets[{i}].velocity_mps={t['velocity_mps']!r} is not "
                             f"allowed; use |v| < {v_lim:.4g} m/s, inside the unambiguous "
                             "velocity interval of the sensing waveform ([BM] eq. (14))")


def _error_statistics(ctx, grid, scir_db, n_trials, max_speed, rng):
    """``measure_error_statistics`` on the stage's grid (bounded memory, progress bar).

    Returns the statistics, the standard errors of the range and velocity MSE (from the 95 %
    upper bounds, ``(hi^2 - rmse^2) / 1.96``) and the target's (range, velocity).
    """
    from ..estimators import measure_error_statistics

    v0 = 0.21 * (grid.unambiguous_velocity_mps if max_speed is None else 2 * max_speed)
    r0 = 0.29 * grid.unambiguous_range_m
    stats = measure_error_statistics(grid, scir_db, range_m=r0, velocity_mps=v0,
                                     n_trials=n_trials, max_speed_mps=max_speed,
                                     progress=ctx.progress, rng=rng)
    se_r = (stats.rmse_range_m_hi ** 2 - stats.rmse_range_m ** 2) / 1.96
    se_v = (stats.rmse_velocity_mps_hi ** 2 - stats.rmse_velocity_mps ** 2) / 1.96
    return stats, se_r, se_v, (r0, v0)


def run(ctx) -> dict:
    """Run the sensing stage; returns summary numbers (see the module docstring)."""
    from ..channel import (
        Target,
        add_noise,
        per_re_ratio,
        sample_clutter,
        scale_scene_to_scir,
        synthesize_echo,
        synthesize_interference,
    )
    from ..estimators import (
        MeasuredErrorModel,
        PaperErrorModel,
        crlb_range_velocity,
        detect_targets,
        range_doppler_map,
    )
    from ..io import write_csv, write_json
    from ..plotting import plot_range_doppler_map, plot_rmse_vs_scir
    from ._waveform import sensing_setup, waveform_metadata

    out = ctx.out_dir / "sensing"
    out.mkdir(parents=True, exist_ok=True)
    cfg = ctx.config
    scene_cfg = cfg["scene"]
    setup = sensing_setup(ctx)
    grid, sensing, max_speed = setup["grid"], setup["map_grid"], setup["max_speed_mps"]
    _check_scene(cfg, grid, max_speed)
    meta = waveform_metadata(setup)
    write_json(out / "waveform.json", meta)
    rng = np.random.default_rng(np.random.SeedSequence([ctx.seed, 2]))
    n_sc, n_sym = sensing.shape
    mask = sensing.pilot_mask
    d_r = sensing.range_resolution_m
    d_v = sensing.velocity_resolution_mps
    v_lim = sensing.unambiguous_velocity_mps / 2 if max_speed is None else max_speed
    label = (f"{ctx.config_name}, $f_c$ = {sensing.fc_hz / 1e9:g} GHz, "
             f"B = {sensing.bandwidth_hz / 1e6:.0f} MHz, "
             f"T = {sensing.observation_time_s * 1e3:.3g} ms")
    ctx.log(f"[sensing] {label.replace('$', '')}: {n_sc} x {n_sym} REs, "
            f"{meta['n_pilots']} pilots")
    # --- scene: targets, clutter, interference, noise ---
    truth = [Target(range_m=t["range_m"], velocity_mps=t["velocity_mps"], rcs_m2=t["rcs_m2"],
                    swerling=t["swerling"]) for t in scene_cfg["targets"]]
    x = np.exp(2j * np.pi * rng.random((n_sc, n_sym))) * mask
    y_t = synthesize_echo(x, sensing, truth, rng=rng)
    cl = scene_cfg["clutter"]
    clutter = []
    if cl["enabled"]:
        clutter = sample_clutter(truth[0].range_m, cl["density_per_m2"], range_resolution_m=d_r,
                                 n_beams=cl["n_beams"], mean_rcs_m2=cl["mean_rcs_m2"],
                                 doppler_spread_mps=cl["doppler_spread_mps"], rng=rng)
    y_c = synthesize_echo(x, sensing, clutter, rng=rng) if clutter else None
    inter = scene_cfg["interference"]
    n_int = len(inter["distances_m"])
    y_i = None
    if n_int:
        # other BSs send their own pilots (other sequences) on the same REs: the colliding
        # case of [BM] (6)
        grids_i = np.exp(2j * np.pi * rng.random((n_int, n_sc, n_sym))) * mask
        y_i = synthesize_interference(grids_i, sensing, inter["distances_m"],
                                      n_beams=inter["n_beams"],
                                      delay_range_s=(0.0, 0.5 / sensing.scs_hz / 8), rng=rng)
        y_i = y_i * mask
    sig = y_t * mask
    disturbance = None
    if y_c is not None or y_i is not None:
        c_s, i_s = scale_scene_to_scir(
            sig, 10 ** (scene_cfg["scir_db"] / 10),
            clutter=(y_c * mask).astype(np.complex64) if y_c is not None else None,
            interference=y_i)
        parts = [p for p in (c_s, i_s) if p is not None]
        disturbance = parts[0] if len(parts) == 1 else parts[0] + parts[1]
    p_sig = float(np.mean(np.abs(sig[mask]) ** 2))
    y = add_noise(sig if disturbance is None else sig + disturbance,
                  p_sig / 10 ** (scene_cfg["snr_db"] / 10), rng=rng)
    rd = range_doppler_map(y, x, sensing)
    dets = detect_targets(rd, pfa=1e-6, guard=(8, 8), train=(8, 8), max_speed_mps=v_lim)
    dets = [d for d in dets if abs(d.velocity_mps) > d_v][:6]  # zero-velocity clutter notch
    truth_rv = [(t.range_m, t.velocity_mps) for t in truth]
    keep = np.abs(rd.velocity_mps) <= v_lim
    near = rd.range_m <= min(3 * max(t.range_m for t in truth), rd.range_m[-1])
    shown = dataclasses.replace(rd, power=rd.power[np.ix_(near, keep)], range_m=rd.range_m[near],
                                velocity_mps=rd.velocity_mps[keep])
    fig = plot_range_doppler_map(shown, [d for d in dets if d.range_m <= shown.range_m[-1]],
                                 truth=truth_rv)
    fig.axes[0].set_title(f"Range-Doppler map, {label}", fontsize=9)
    ctx.save_figure("sensing", out / "range_doppler_map.png", fig,
                    caption="Range-Doppler periodogram of the scene (targets, clutter, "
                            f"interference at a per-RE SCIR of {scene_cfg['scir_db']:g} dB) on "
                            "the PRS block of the network scenario, with the CA-CFAR "
                            "detections and the true targets")
    # --- error statistics vs SCIR on the same waveform ---
    quick = ctx.quick
    scir_db = np.array(cfg["sensing"]["quick_scir_db" if quick else "scir_db"], float)
    n_trials = ctx.trials("sensing")
    stats, se_r, se_v, (r0, v0) = _error_statistics(ctx, grid, scir_db, n_trials, max_speed,
                                                    rng)
    eta = 10 ** (scir_db / 10)
    crlb = np.array([crlb_range_velocity(grid, e) for e in eta])
    paper = PaperErrorModel.from_sensing(grid)
    paper_r = paper.range_resolution_m / np.sqrt(eta)  # eq. (15) range term before Delta d_b
    fig = plot_rmse_vs_scir(stats, crlb_range_m=np.sqrt(crlb[:, 0]),
                            crlb_velocity_mps=np.sqrt(crlb[:, 1]), paper_range_m=paper_r,
                            paper_velocity_mps=paper.sigma_v(eta))
    fig.suptitle(f"Sensing errors versus SCIR, {label}", fontsize=9)
    ctx.save_figure("sensing", out / "rmse_vs_scir.png", fig,
                    caption="Measured range and velocity RMSE (Monte Carlo, "
                            f"{stats.n_trials} trials per point, 95% intervals) versus the "
                            "per-RE SCIR, against the CRLB and the [BM] eq. (15) model of "
                            "the same waveform")
    write_csv(out / "error_statistics.csv", {
        "scir_db": scir_db, "rmse_range_m": stats.rmse_range_m,
        "rmse_velocity_mps": stats.rmse_velocity_mps, "bias_range_m": stats.bias_range_m,
        "bias_velocity_mps": stats.bias_velocity_mps, "outlier_rate": stats.outlier_rate,
        "crlb_range_m": np.sqrt(crlb[:, 0]), "crlb_velocity_mps": np.sqrt(crlb[:, 1]),
        "paper_eq15_velocity_mps": paper.sigma_v(eta)})
    good = stats.outlier_rate == 0
    for i in np.flatnonzero(good & (scir_db >= 0.0)):
        for k, (name, se) in enumerate((("range", se_r), ("velocity", se_v))):
            unit = "m$^2$" if name == "range" else "(m/s)$^2$"
            measured = (stats.rmse_range_m if name == "range" else stats.rmse_velocity_mps)[i]
            ctx.compare("sensing", f"{name} MSE at SCIR {scir_db[i]:g} dB ({unit})",
                        analytic=crlb[i, k], measured=measured ** 2, se=se[i],
                        source="CRLB of the waveform vs ML estimate (Newton-refined "
                               "periodogram peak)")
    model = MeasuredErrorModel.from_statistics(stats, max_outlier_rate=0.0 if good.sum() >= 2
                                               else None)
    model.save(out / "error_model.json")
    ctx.artifacts["error_model"] = model
    ctx.artifacts["error_model_waveform"] = meta
    summary = {
        "waveform": meta,
        "scs_hz": sensing.scs_hz, "n_subcarriers": n_sc, "n_symbols": n_sym,
        "range_bin_m": d_r, "velocity_bin_mps": d_v,
        "n_clutter_scatterers": len(clutter), "n_interferers": n_int,
        "realized_scir_db": (float(10 * np.log10(per_re_ratio(sig, disturbance)))
                             if disturbance is not None else None),
        "truth": [{"range_m": t.range_m, "velocity_mps": t.velocity_mps} for t in truth],
        "n_detections": len(dets),
        "detections": [{"range_m": d.range_m, "velocity_mps": d.velocity_mps, "snr": d.snr}
                       for d in dets],
        "error_model_target": {"range_m": r0, "velocity_mps": v0},
        "error_model_trials": stats.n_trials,
        "rmse_over_root_crlb_range_at_max_scir": float(stats.rmse_range_m[-1]
                                                       / np.sqrt(crlb[-1, 0])),
        "rmse_over_root_crlb_velocity_at_max_scir": float(stats.rmse_velocity_mps[-1]
                                                          / np.sqrt(crlb[-1, 1])),
        "files": list(FILES),
    }
    write_json(out / "summary.json", summary)
    return summary
