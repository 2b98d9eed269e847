"""Figures for sensing (re-exported by ``ofdmisac.plotting``)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

__all__ = ["plot_range_doppler_map", "plot_rmse_vs_scir", "plot_rmse_vs_snr"]


def plot_range_doppler_map(rd_map, detections=(), *, truth=(), dynamic_range_db=50.0) -> Figure:
    """Range-Doppler map in dB re its peak, with detections and true targets.

    Detections are drawn as red crosses, true targets as white circles.

    Parameters
    ----------
    rd_map : RangeDopplerMap
        Map from :func:`ofdmisac.estimators.range_doppler_map` (its ``power``,
        ``range_m`` and ``velocity_mps`` are used).
    detections : sequence of Detection, default ()
        Detections (e.g. from :func:`ofdmisac.estimators.detect_targets`) drawn as crosses.
    truth : sequence of (float, float), default ()
        True ``(range_m, velocity_mps)`` pairs drawn as circles.
    dynamic_range_db : float, default 50.0
        Colour range below the peak in dB; weaker cells are clipped to it.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    AttributeError
        If ``rd_map`` or a detection lacks one of the attributes used (no other check).
    ValueError
        From Matplotlib, if the axes of ``rd_map`` do not match its ``power``.
    """
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
    """Measured RMSE versus per-RE SCIR beside the root CRLB.

    One panel for range, one for velocity; the measured RMSE is drawn with its 95 %
    confidence interval, the paper's law is the error model of [BM] eq. (15).

    Parameters
    ----------
    stats : ErrorStatistics
        Result of :func:`ofdmisac.estimators.measure_error_statistics` (its ``scir_db``
        and RMSE fields with their ``_lo``/``_hi`` bounds are used).
    crlb_range_m, crlb_velocity_mps : array_like of float, shape (n_points,), optional
        Root CRLB of range (m) and velocity (m/s) at ``stats.scir_db``; not drawn if None.
    paper_range_m, paper_velocity_mps : array_like of float, shape (n_points,), optional
        RMSE of the [BM] eq. (15) error model at ``stats.scir_db``; not drawn if None.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    AttributeError
        If ``stats`` lacks one of the fields used (no other check is made).
    ValueError
        From Matplotlib, if a curve's length differs from ``stats.scir_db``.
    """
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


def plot_rmse_vs_snr(curves, *, outlier_curves=()) -> Figure:
    """RMSE versus per-RE SNR: range, velocity and outlier panels.

    Parameters
    ----------
    curves : sequence of dict
        Each with ``"snr_db"``, ``"range"``, ``"velocity"`` (arrays), ``"label"``,
        ``"color"`` and ``"style"`` (``"line"`` for analysis such as the root CRLB,
        ``"marker"`` for Monte Carlo).
    outlier_curves : sequence of dict
        ``"snr_db"``, ``"rate"``, ``"label"``, ``"color"`` (markers; the threshold effect).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    KeyError
        If a curve dict lacks a required key (no other check is made).
    ValueError
        From Matplotlib, if a curve's arrays differ in length.
    """
    fig = Figure(figsize=(13, 4), layout="constrained")
    axes = [fig.add_subplot(1, 3, i + 1) for i in range(3)]
    for c in curves:
        fmt = "-" if c.get("style", "line") == "line" else "o"
        ls = c.get("linestyle", "-")
        for ax, key in zip(axes[:2], ("range", "velocity"), strict=True):
            if fmt == "-":
                ax.plot(c["snr_db"], c[key], color=c["color"], linestyle=ls, label=c["label"])
            else:
                ax.plot(c["snr_db"], c[key], "o", color=c["color"], mfc="none",
                        label=c["label"])
    for c in outlier_curves:
        axes[2].plot(c["snr_db"], c["rate"], "o", color=c["color"], mfc="none",
                     label=c["label"])
    for ax, ylabel in zip(axes, ("range RMSE (m)", "velocity RMSE (m/s)",
                                 "outlier rate (error > 1 cell)"), strict=True):
        ax.set_yscale("log")
        ax.set_xlabel("per-RE SNR (dB)")
        ax.set_ylabel(ylabel)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    return fig
