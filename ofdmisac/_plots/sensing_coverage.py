"""Figures for bm_sensing (re-exported by ``ofdmisac.plotting``): [BM] Figs. 4 and 5."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .comm_coverage import plot_coverage_vs_beams

__all__ = ["plot_sensing_coverage", "plot_scir_pdf"]


def plot_sensing_coverage(n_beams, analysis, *, labels: Sequence[str], simulation=None,
                          std_error=None, titles: Sequence[str] | None = None,
                          ylabel: str = "sensing coverage p_cov,S",
                          suptitle: str | None = None):
    """Sensing coverage versus beam number, one panel per scenario.

    The layout of [BM] Fig. 4.

    The [BM] Fig. 7 layout of :func:`plot_coverage_vs_beams` (analysis as lines, Monte Carlo
    as open markers with 2-sigma error bars, log2 x axis) with the sensing y label.

    Parameters
    ----------
    n_beams : array_like of int, shape ``(n_nb,)``
        Beam numbers (log2 x axis).
    analysis : array_like of float, shape ``(n_panels, n_curves, n_nb)``
        Analytic coverage (lines).
    labels : sequence of str, length ``n_curves``
        Curve labels (e.g. the BS densities).
    simulation : array_like of float, same shape as ``analysis``, optional
        Monte Carlo estimates (markers); NaN entries are not drawn.
    std_error : array_like of float, same shape, optional
        Standard errors of ``simulation`` (drawn as 2-sigma error bars).
    titles : sequence of str, optional
        Panel titles.
    ylabel : str, optional
        Y-axis label.
    suptitle : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If the array shapes do not match.

    Examples
    --------
    >>> fig = plot_sensing_coverage([64, 128], [[[0.1, 0.2]]], labels=["10/km^2"])
    >>> len(fig.axes)
    1
    """
    return plot_coverage_vs_beams(n_beams, analysis, labels=labels, simulation=simulation,
                                  std_error=std_error, titles=titles, ylabel=ylabel,
                                  suptitle=suptitle)


def plot_scir_pdf(x_db, pdf_per_db, samples_db: Sequence, *, titles: Sequence[str],
                  bin_width_db: float = 2.0, suptitle: str | None = None):
    """Analytic SCIR PDF over the Monte Carlo histogram, one panel each.

    The analytic PDF as a line, as in [BM] Fig. 5.

    Parameters
    ----------
    x_db : array_like of float, shape ``(n_x,)``
        SCIR grid, dB.
    pdf_per_db : array_like of float, shape ``(n_panels, n_x)``
        Analytic density per dB (``scir_pdf(..., per_db=True)``).
    samples_db : sequence of array_like
        Simulated SCIR samples in dB, one array per panel. The histogram is normalised by
        the total number of samples (a density per dB, comparable with the line even
        when samples fall outside the grid).
    titles : sequence of str
        Panel titles.
    bin_width_db : float, optional
        Histogram bin width, dB (> 0).
    suptitle : str, optional
        Figure title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If shapes or counts do not match or ``bin_width_db <= 0``.

    Examples
    --------
    >>> x = np.linspace(-10, 10, 21)
    >>> fig = plot_scir_pdf(x, [np.exp(-x**2 / 8) / np.sqrt(8 * np.pi)],
    ...                     [np.random.default_rng(0).normal(0, 2, 500)], titles=["a"])
    >>> len(fig.axes)
    1
    """
    from matplotlib.figure import Figure

    x = np.asarray(x_db, dtype=float)
    pdf = np.atleast_2d(np.asarray(pdf_per_db, dtype=float))
    if pdf.shape[-1] != x.size or pdf.shape[0] != len(samples_db) or len(titles) != pdf.shape[0]:
        raise ValueError(f"pdf_per_db has shape {pdf.shape}; expected ({len(samples_db)}, "
                         f"{x.size}) with one title and one sample array per panel")
    if not bin_width_db > 0:
        raise ValueError(f"bin_width_db={bin_width_db!r} is not allowed; it must be > 0")
    ncols = min(2, pdf.shape[0])
    nrows = -(-pdf.shape[0] // ncols)
    fig = Figure(figsize=(5.6 * ncols, 3.6 * nrows))
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes[pdf.shape[0]:]:
        ax.set_visible(False)
    edges = np.arange(x.min(), x.max() + bin_width_db, bin_width_db)
    for ax, f, s, title in zip(axes[:pdf.shape[0]], pdf, samples_db, titles, strict=True):
        s = np.asarray(s, dtype=float)
        ax.hist(s, bins=edges, weights=np.full(s.size, 1.0 / (s.size * bin_width_db)),
                color="tab:blue", alpha=0.5, label="simulation")
        ax.plot(x, f, "r--", label="analysis (21)")
        ax.set_xlabel("sensing SCIR (dB)")
        ax.set_ylabel("PDF (1/dB)")
        ax.set_title(title)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig
