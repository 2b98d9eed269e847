"""Figures for the massive-MIMO ISAC link of [CC] (re-exported by ``ofdmisac.plotting``).

Analysis is drawn as lines and Monte Carlo results as markers, as in the paper's
Figs. 2, 6 and 7.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["plot_link_panels"]


def plot_link_panels(panels: Sequence[dict], *, suptitle: str | None = None, width_in=5.2):
    """Plot one or more panels of link-level trade-off curves.

    Parameters
    ----------
    panels : sequence of dict
        One dict per panel with keys ``series`` (list of dicts with ``x``, ``y``,
        ``label`` and ``style``: ``"line"`` for analysis, ``"marker"`` for simulation,
        optional ``color``, ``linestyle``, ``marker`` and, for markers, ``yerr``: standard
        errors drawn as 2-sigma bars), ``xlabel``, ``ylabel`` and optional ``title``,
        ``logx``, ``logy``, ``ylim`` and ``vlines`` (list of ``(x, label)``: analytical
        bounds as dotted vertical lines).
    suptitle : str, optional
        Figure title.
    width_in : float
        Width of one panel in inches.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    KeyError
        If a panel dict lacks a required key (no other check is made).
    ValueError
        From Matplotlib, if the lengths of a series' ``x`` and ``y`` differ.

    Examples
    --------
    >>> fig = plot_link_panels([{"series": [{"x": [0, 1], "y": [1, 0], "label": "a",
    ...     "style": "line"}], "xlabel": "x", "ylabel": "y"}])
    >>> len(fig.axes)
    1
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in * len(panels), 4.0))
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for ax, panel in zip(axes, panels, strict=True):
        for s in panel["series"]:
            x = np.asarray(s["x"], dtype=float)
            y = np.asarray(s["y"], dtype=float)
            kw = {"label": s.get("label")}
            if s.get("color") is not None:
                kw["color"] = s["color"]
            if s.get("style", "line") == "marker":
                yerr = s.get("yerr")
                ax.errorbar(x, y, yerr=None if yerr is None else 2 * np.asarray(yerr),
                            linestyle="none", marker=s.get("marker", "o"), mfc="none",
                            capsize=2, **kw)
            else:
                ax.plot(x, y, linestyle=s.get("linestyle", "-"), **kw)
        for xv, lab in panel.get("vlines", []):
            ax.axvline(xv, color="k", linestyle=":", linewidth=1, label=lab)
        if panel.get("logx"):
            ax.set_xscale("log")
        if panel.get("logy"):
            ax.set_yscale("log")
        if panel.get("ylim"):
            ax.set_ylim(*panel["ylim"])
        ax.set_xlabel(panel.get("xlabel", ""))
        ax.set_ylabel(panel.get("ylabel", ""))
        if panel.get("title"):
            ax.set_title(panel["title"], fontsize=9)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=7)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig
