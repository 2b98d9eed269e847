"""Pipeline stage: OFDM radar sensing of a PRS block (scene, range-Doppler map, errors).

Builds a staggered comb-4 PRS-like block (unit-modulus random-phase pilots, one slot in
``--quick`` mode, two otherwise) on a sensing carrier with the subcarrier spacing of
``ctx.artifacts["carrier"]`` if an earlier stage left one (else 120 kHz) and 8 (quick) or 24
resource blocks. The scene holds two Swerling-0 targets, Poisson clutter in the first
target's resolution cell ([BM] eq. (5)), two interfering BSs sending their own comb-4 grids
([BM] eq. (6)) scaled together to a per-RE SCIR of 10 dB ([BM] eq. (7)), and thermal noise.
The stage forms the range-Doppler map (Hann windows, 4x zero padding), runs CA-CFAR with a
+-1 bin zero-velocity notch (clutter), measures range/velocity RMSE versus per-RE SCIR
against the CRLB and [BM] eq. (15), and stores a :class:`MeasuredErrorModel` in
``ctx.artifacts["error_model"]``.
"""

from __future__ import annotations

import dataclasses

import numpy as np

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
    measure_error_statistics,
    range_doppler_map,
)
from ..io import save_figure, write_csv, write_json
from ..plotting import plot_range_doppler_map, plot_rmse_vs_scir
from ..waveforms import Carrier, SensingGrid

FC_HZ = 28e9
SCIR_DB = 10.0
SNR_DB = 20.0  # per-RE target echo over thermal noise


def _comb4_mask(n_sc: int, n_sym: int, offset: int = 0) -> np.ndarray:
    mask = np.zeros((n_sc, n_sym), bool)
    for ll in range(n_sym):
        mask[(ll + offset) % 4::4, ll] = True
    return mask


def sensing_grid(carrier) -> SensingGrid:
    """The stage's sensing grid: staggered comb 4 on 28 symbols, Hann windows, 4x padding."""
    n_sc, n_sym = carrier.n_subcarriers, 28
    return SensingGrid.from_carrier(carrier, fc_hz=FC_HZ, pilot_mask=_comb4_mask(n_sc, n_sym),
                                    window_range="hann", window_doppler="hann",
                                    n_range=4 * n_sc, n_doppler=4 * n_sym)


def sensing_carrier(ctx) -> Carrier:
    """The stage's carrier: the frame's subcarrier spacing, 8 (quick) or 24 RBs."""
    frame_carrier = ctx.artifacts.get("carrier")
    scs_khz = frame_carrier.scs_khz if frame_carrier is not None else 120
    n_rb = 8 if ctx.quick else 24
    if frame_carrier is not None:
        n_rb = min(n_rb, frame_carrier.n_rb)
    return Carrier(scs_khz=scs_khz, n_rb=n_rb)


def scene_truth(sensing):
    """Target list of the stage's scene (ranges and velocities off the bin grid).

    Velocities are fractions of the staggered comb-4 lattice cell ``|v| < v_max / 2``
    (``v_max = sensing.unambiguous_velocity_mps``, [BM] eq. (14) with ``S_t = 4``), away
    from its edges, so that in the quick and the full mode alike no replica of a target
    enters the searched cell.
    """
    d_r = sensing.range_resolution_m
    v_max = sensing.unambiguous_velocity_mps / 2
    return [Target(range_m=7.4 * d_r, velocity_mps=0.37 * v_max, rcs_m2=1.0, swerling=0),
            Target(range_m=13.6 * d_r, velocity_mps=-0.46 * v_max, rcs_m2=1.0, swerling=0)]


def run(ctx) -> dict:
    """Run the sensing stage; returns summary numbers."""
    out = ctx.out_dir / "sensing"
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(ctx.seed)
    carrier = sensing_carrier(ctx)
    sensing = sensing_grid(carrier)
    scs_hz = sensing.scs_hz
    n_sc, n_sym = sensing.shape
    mask = sensing.pilot_mask
    d_r = sensing.range_resolution_m
    d_v = sensing.velocity_resolution_mps
    v_max = sensing.unambiguous_velocity_mps / 2  # replica-free band of the staggered comb
    # --- scene: targets, clutter, interference, noise ---
    truth = scene_truth(sensing)
    x = np.exp(2j * np.pi * rng.random((n_sc, n_sym))) * mask
    y_t = synthesize_echo(x, sensing, truth, rng=rng)
    clutter = sample_clutter(truth[0].range_m, 0.2, range_resolution_m=d_r, n_beams=8,
                             doppler_spread_mps=0.05 * d_v, rng=rng)
    y_c = synthesize_echo(x, sensing, clutter, rng=rng)
    # two other BSs send their own PRS (other sequences, i.e. other n_id) on the same comb:
    # the colliding case of [BM] (6); on disjoint combs they would not reach the pilot REs
    grids_i = np.exp(2j * np.pi * rng.random((2, n_sc, n_sym))) * mask
    y_i = synthesize_interference(grids_i, sensing, [150.0, 260.0], n_beams=8,
                                  delay_range_s=(0.0, 0.5 / scs_hz / 8), rng=rng)
    sig = y_t * mask  # per-RE SCIR on the sensing REs
    c_s, i_s = scale_scene_to_scir(sig, 10 ** (SCIR_DB / 10),
                                   clutter=(y_c * mask).astype(np.complex64) if clutter
                                   else None, interference=y_i * mask)
    disturbance = i_s if c_s is None else c_s + i_s
    p_sig = float(np.mean(np.abs(sig[mask]) ** 2))
    y = add_noise(sig + disturbance, p_sig / 10 ** (SNR_DB / 10), rng=rng)
    rd = range_doppler_map(y, x, sensing)
    dets = detect_targets(rd, pfa=1e-6, guard=(8, 8), train=(8, 8), max_speed_mps=v_max)
    dets = [d for d in dets if abs(d.velocity_mps) > d_v][:6]  # zero-velocity clutter notch
    truth_rv = [(t.range_m, t.velocity_mps) for t in truth]
    # the staggered comb-4 map repeats every (c / (8 scs), v_span / 4): show one period in
    # velocity, and the ranges up to 3x the farthest target
    keep = np.abs(rd.velocity_mps) <= v_max
    near = rd.range_m <= 3 * max(t.range_m for t in truth)
    shown = dataclasses.replace(rd, power=rd.power[np.ix_(near, keep)], range_m=rd.range_m[near],
                                velocity_mps=rd.velocity_mps[keep])
    save_figure(plot_range_doppler_map(shown, [d for d in dets
                                               if d.range_m <= shown.range_m[-1]],
                                       truth=truth_rv),
                out / "range_doppler_map.png")
    # --- error statistics vs SCIR ---
    # the error-statistics model (and its CRLB) places the symbols T_sym apart, as the
    # Doppler DFT of the map assumes; rectangular windows
    model_grid = sensing.replace(symbol_times_s=np.arange(n_sym) * sensing.symbol_duration_s,
                                 window_range="rect", window_doppler="rect")
    scir_db = np.arange(-15.0, 21.0, 5.0)
    stats = measure_error_statistics(model_grid, scir_db, range_m=5.3 * d_r,
                                     velocity_mps=0.7 * d_v,
                                     n_trials=50 if ctx.quick else 500, max_speed_mps=v_max,
                                     rng=rng)
    eta = 10 ** (scir_db / 10)
    crlb = np.array([crlb_range_velocity(model_grid, e) for e in eta])
    paper = PaperErrorModel.from_sensing(sensing)
    paper_r = paper.range_resolution_m / np.sqrt(eta)  # eq. (15) range term before Delta d_b
    save_figure(plot_rmse_vs_scir(stats, crlb_range_m=np.sqrt(crlb[:, 0]),
                                  crlb_velocity_mps=np.sqrt(crlb[:, 1]), paper_range_m=paper_r,
                                  paper_velocity_mps=paper.sigma_v(eta)),
                out / "rmse_vs_scir.png")
    write_csv(out / "error_statistics.csv", {
        "scir_db": scir_db, "rmse_range_m": stats.rmse_range_m,
        "rmse_velocity_mps": stats.rmse_velocity_mps, "bias_range_m": stats.bias_range_m,
        "bias_velocity_mps": stats.bias_velocity_mps, "outlier_rate": stats.outlier_rate,
        "crlb_range_m": np.sqrt(crlb[:, 0]), "crlb_velocity_mps": np.sqrt(crlb[:, 1]),
        "paper_eq15_velocity_mps": paper.sigma_v(eta)})
    good = stats.outlier_rate == 0
    use = good if good.sum() >= 2 else np.ones_like(good)
    model = MeasuredErrorModel(scir_db=tuple(scir_db[use]),
                               rmse_range_m=tuple(stats.rmse_range_m[use]),
                               rmse_velocity_mps=tuple(stats.rmse_velocity_mps[use]))
    model.save(out / "error_model.json")
    ctx.artifacts["error_model"] = model
    summary = {
        "scs_hz": scs_hz, "n_subcarriers": n_sc, "n_symbols": n_sym,
        "range_bin_m": d_r, "velocity_bin_mps": d_v,
        "n_clutter_scatterers": len(clutter), "n_interferers": 2,
        "realized_scir_db": float(10 * np.log10(per_re_ratio(sig, disturbance))),
        "truth": [{"range_m": t.range_m, "velocity_mps": t.velocity_mps} for t in truth],
        "n_detections": len(dets),
        "detections": [{"range_m": d.range_m, "velocity_mps": d.velocity_mps, "snr": d.snr}
                       for d in dets],
        "rmse_over_root_crlb_range_at_max_scir": float(stats.rmse_range_m[-1]
                                                       / np.sqrt(crlb[-1, 0])),
        "rmse_over_root_crlb_velocity_at_max_scir": float(stats.rmse_velocity_mps[-1]
                                                          / np.sqrt(crlb[-1, 1])),
    }
    write_json(out / "summary.json", summary)
    return summary
