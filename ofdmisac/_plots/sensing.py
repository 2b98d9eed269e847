"""Figures for sensing (re-exported by ``ofdmisac.plotting``)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

__all__ = ["plot_range_doppler_map", "plot_rmse_vs_scir"]


def plot_range_doppler_map(rd_map, detections=(), *, truth=(), dynamic_range_db=50.0) -> Figure:
    """Range-Doppler map (dB, normalised to its peak) with detections (x) and truth (o)."""
    p = np.asarray(rd_map.power, dtype=float)
    p_db = 10 * np.log10(np.maximum(p / p.max(), 10 ** (-dynamic_range_db / 10)))
    fig = Figure(figsize=(6.4, 4.8))
    ax = fig.add_subplot()
    mesh = ax.pcolormesh(rd_map.velocity_mps, rd_map.range_m, p_db, shading="nearest",
                         vmin=-dynamic_range_db, vmax=0)
    fig.colorbar(mesh, ax=ax, label="power (dB re peak)")
    if len(detections):
        ax.plot([d.velocity_mps for d in detections], [d.range_m for d in detections], "rx",
                label="detections")
    if len(truth):
        ax.plot([t[1] for t in truth], [t[0] for t in truth], "wo", mfc="none", label="truth")
    ax.set_xlabel("radial velocity (m/s)")
    ax.set_ylabel("range (m)")
    ax.legend(loc="upper right")
    return fig


def plot_rmse_vs_scir(stats, *, crlb_range_m=None, crlb_velocity_mps=None, paper_range_m=None,
                      paper_velocity_mps=None) -> Figure:
    """Measured RMSE (with 95 % CIs) vs per-RE SCIR beside root-CRLB and [BM] eq. (15)."""
    fig = Figure(figsize=(10, 4))
    x = stats.scir_db
    for i, (name, unit, rmse, lo, hi, crlb, paper) in enumerate([
        ("range", "m", stats.rmse_range_m, stats.rmse_range_m_lo, stats.rmse_range_m_hi,
         crlb_range_m, paper_range_m),
        ("velocity", "m/s", stats.rmse_velocity_mps, stats.rmse_velocity_mps_lo,
         stats.rmse_velocity_mps_hi, crlb_velocity_mps, paper_velocity_mps)]):
        ax = fig.add_subplot(1, 2, i + 1)
        ax.errorbar(x, rmse, yerr=[rmse - lo, hi - rmse], fmt="o-", label="measured RMSE")
        if crlb is not None:
            ax.plot(x, crlb, "k--", label="root CRLB")
        if paper is not None:
            ax.plot(x, paper, "g:", label="[BM] eq. (15)")
        ax.set_yscale("log")
        ax.set_xlabel("per-RE SCIR (dB)")
        ax.set_ylabel(f"{name} RMSE ({unit})")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    return fig
