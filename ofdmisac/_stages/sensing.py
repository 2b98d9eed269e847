"""Pipeline stage: OFDM radar sensing of the PRS block (range-Doppler map, error statistics).

Builds a staggered comb-4 PRS-like block (unit-modulus random-phase pilots) on the carrier of
``ctx.artifacts["carrier"]`` if present (else 120 kHz), synthesizes a two-target echo in AWGN,
forms the range-Doppler map and detections, measures range/velocity RMSE versus per-RE SCIR
against the CRLB and [BM] eq. (15), and stores a :class:`MeasuredErrorModel` in
``ctx.artifacts["error_model"]``.
"""

from __future__ import annotations

import numpy as np

from .._io import save_figure, write_csv, write_json
from .._plots.sensing import plot_range_doppler_map, plot_rmse_vs_scir
from .._random import as_generator
from ..estimators import (
    MeasuredErrorModel,
    PaperErrorModel,
    crlb_range_velocity,
    detect_targets,
    measure_error_statistics,
    range_doppler_map,
)
from ..units import SPEED_OF_LIGHT_MPS as C

FC_HZ = 28e9


def run(ctx) -> dict:
    """Run the sensing stage; returns summary numbers."""
    out = ctx.out_dir / "sensing"
    out.mkdir(parents=True, exist_ok=True)
    rng = as_generator(ctx.seed)
    carrier = ctx.artifacts.get("carrier")
    scs_hz = carrier.scs_hz if carrier is not None else 120e3
    t_sym = carrier.symbol_duration_s if carrier is not None else 8.92e-6
    n_sc, n_sym = (64, 16) if ctx.quick else (256, 28)
    mask = np.zeros((n_sc, n_sym), bool)
    for ll in range(n_sym):
        mask[(ll % 4)::4, ll] = True
    # range-Doppler map of a two-target scene
    d_r = C / (2 * scs_hz * n_sc)
    d_v = C / (2 * FC_HZ * t_sym * n_sym)
    truth = [(7.4 * d_r, 1.3 * d_v, 1.0), (13.6 * d_r, -1.6 * d_v, 0.5)]
    v_max = C / (2 * FC_HZ * t_sym) / 8  # staggered comb-4: lattice unambiguous velocity
    x = np.exp(2j * np.pi * rng.random((n_sc, n_sym))) * mask
    k = np.arange(n_sc)[:, None]
    t = np.arange(n_sym)[None] * t_sym
    y = sum(a * x * np.exp(-2j * np.pi * k * scs_hz * 2 * r / C)
            * np.exp(2j * np.pi * 2 * v * FC_HZ / C * t) for r, v, a in truth)
    y = y + (rng.standard_normal(y.shape) + 1j * rng.standard_normal(y.shape)) * np.sqrt(0.05)
    rd = range_doppler_map(y, x, fc_hz=FC_HZ, scs_hz=scs_hz, symbol_duration_s=t_sym,
                           window_range="hann", window_doppler="hann", n_range=4 * n_sc,
                           n_doppler=4 * n_sym, pilot_mask=mask)
    dets = detect_targets(rd, pfa=1e-6, guard=(8, 8), train=(8, 8), max_targets=4,
                          max_speed_mps=v_max)
    save_figure(plot_range_doppler_map(rd, dets, truth=truth), out / "range_doppler_map.png")
    # error statistics vs SCIR
    scir_db = np.arange(-15.0, 21.0, 5.0)
    stats = measure_error_statistics(scir_db, pilot_mask=mask, scs_hz=scs_hz,
                                     symbol_duration_s=t_sym, fc_hz=FC_HZ,
                                     range_m=5.3 * d_r, velocity_mps=1.7 * d_v,
                                     n_trials=50 if ctx.quick else 300, max_speed_mps=v_max,
                                     rng=rng)
    eta = 10 ** (scir_db / 10)
    times = np.arange(n_sym) * t_sym
    crlb = np.array([crlb_range_velocity(mask, scs_hz, times, FC_HZ, e) for e in eta])
    paper = PaperErrorModel(prs_bandwidth_hz=n_sc * scs_hz, prs_duration_s=n_sym * t_sym,
                            fc_hz=FC_HZ)
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
    if good.sum() >= 2:
        model = MeasuredErrorModel(scir_db=tuple(scir_db[good]),
                                   rmse_range_m=tuple(stats.rmse_range_m[good]),
                                   rmse_velocity_mps=tuple(stats.rmse_velocity_mps[good]))
    else:
        model = MeasuredErrorModel(scir_db=tuple(scir_db), rmse_range_m=tuple(
            stats.rmse_range_m), rmse_velocity_mps=tuple(stats.rmse_velocity_mps))
    model.save(out / "error_model.json")
    ctx.artifacts["error_model"] = model
    summary = {
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
