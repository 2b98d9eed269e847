"""Figures for bm_comm (re-exported by ``ofdmisac.plotting``): [BM] Fig. 7."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["plot_coverage_vs_beams"]


def plot_coverage_vs_beams(n_beams, analysis, *, labels: Sequence[str], simulation=None,
                           std_error=None, reference=None, reference_label: str = "",
                           titles: Sequence[str] | None = None,
                           ylabel: str = "SIR coverage p_cov,C",
                           suptitle: str | None = None):
    """Communication coverage versus beam number, one panel per band.

    The layout of [BM] Fig. 7.

    Analysis as solid lines, Monte Carlo as open markers with 2-sigma error bars, an
    optional reference scheme (e.g. the conventional one) as dashed lines in the same
    colours; log2 x axis.

    Parameters
    ----------
    n_beams : array_like of int, shape ``(n_nb,)``
        Beam numbers.
    analysis : array_like of float, shape ``(n_panels, n_curves, n_nb)``
        Analytic coverage.
    labels : sequence of str, length ``n_curves``
        Curve labels (e.g. the BS densities).
    simulation, std_error : array_like of float, same shape as ``analysis``, optional
        Monte Carlo estimates and their standard errors; NaN entries are not drawn.
    reference : array_like of float, same shape as ``analysis``, optional
        A second analytic scheme, dashed.
    reference_label : str, optional
        Legend suffix of the reference curves.
    titles : sequence of str, optional
        Panel titles, length ``n_panels``.
    ylabel : str, optional
    suptitle : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the array shapes do not match.

    Examples
    --------
    >>> fig = plot_coverage_vs_beams([64, 128], [[[0.5, 0.6]]], labels=["10/km^2"])
    >>> len(fig.axes)
    1
    """
    from matplotlib.figure import Figure

    nb = np.asarray(n_beams, dtype=float)
    ana = np.asarray(analysis, dtype=float)
    if ana.ndim != 3 or ana.shape[-1] != nb.size or ana.shape[1] != len(labels):
        raise ValueError(f"analysis has shape {ana.shape}; expected (n_panels, {len(labels)}, "
                         f"{nb.size})")
    extra = {}
    for name, arr in (("simulation", simulation), ("std_error", std_error),
                      ("reference", reference)):
        if arr is not None:
            arr = np.asarray(arr, dtype=float)
            if arr.shape != ana.shape:
                raise ValueError(f"{name} has shape {arr.shape}; expected {ana.shape}")
        extra[name] = arr
    if titles is not None and len(titles) != ana.shape[0]:
        raise ValueError(f"titles has {len(titles)} entries; expected {ana.shape[0]}")
    sim, err, ref = extra["simulation"], extra["std_error"], extra["reference"]
    fig = Figure(figsize=(5.4 * ana.shape[0], 4.2))
    axes = fig.subplots(1, ana.shape[0], squeeze=False)[0]
    for p, ax in enumerate(axes):
        for c in range(ana.shape[1]):
            color = f"C{c}"
            ax.plot(nb, ana[p, c], color=color, label=f"{labels[c]} analysis")
            if ref is not None:
                ax.plot(nb, ref[p, c], color=color, linestyle="--", linewidth=1.0,
                        label=f"{labels[c]} {reference_label}".rstrip())
            if sim is not None:
                ok = np.isfinite(sim[p, c])
                yerr = None if err is None else 2.0 * err[p, c][ok]
                ax.errorbar(nb[ok], sim[p, c][ok], yerr=yerr, color=color, linestyle="none",
                            marker="o", mfc="none", capsize=2, label=f"{labels[c]} MC")
        ax.set_xscale("log", base=2)
        ax.set_ylim(0.0, 1.0)
        ax.set_xlabel("beam number n_B")
        ax.set_ylabel(ylabel)
        ax.grid(True, which="both", alpha=0.3)
        if titles is not None:
            ax.set_title(titles[p])
        ax.legend(fontsize=6, ncol=2)
    if suptitle:
        fig.suptitle(suptitle)
    return fig
