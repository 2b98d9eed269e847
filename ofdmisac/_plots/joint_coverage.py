"""Figures for the joint coverage of [CC] (re-exported by ``ofdmisac.plotting``).

Analysis is drawn as lines and Monte Carlo twins as markers, as in the paper's Figs. 3-5,
8 and 9; analytical bounds (Corollaries 1-2) as dotted vertical lines.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .mimo_link import plot_link_panels

__all__ = ["plot_joint_coverage", "plot_joint_coverage_surface"]


def plot_joint_coverage(panels: Sequence[dict], *, suptitle: str | None = None,
                        width_in: float = 5.2):
    """Plot coverage curves, twin estimates and bounds.

    Analysis as lines, twin estimates as markers with error bars.

    The panel layout of :func:`plot_link_panels` (same ``panels`` format), used for the
    joint-coverage figures.

    Parameters
    ----------
    panels : sequence of dict
        One dict per panel: ``series`` (list of dicts with ``x``, ``y``, ``label``,
        ``style`` "line" or "marker", optional ``yerr`` for markers, ``color``,
        ``linestyle``, ``marker``), ``xlabel``, ``ylabel``, optional ``title``, ``logx``,
        ``logy``, ``ylim``, ``vlines`` (list of ``(x, label)``).
    suptitle : str, optional
        Figure title (none by default).
    width_in : float, default 5.2
        Width of one panel in inches.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    KeyError
        If a panel dict lacks a required key (from :func:`plot_link_panels`).
    ValueError
        From Matplotlib (via :func:`plot_link_panels`), if the lengths of a series' ``x``
        and ``y`` differ.

    Examples
    --------
    >>> fig = plot_joint_coverage([{"series": [{"x": [0, 1], "y": [0, 1], "label": "a"}],
    ...     "xlabel": "x", "ylabel": "P", "vlines": [(0.5, "bound")]}])
    >>> len(fig.axes)
    1
    """
    return plot_link_panels(panels, suptitle=suptitle, width_in=width_in)


def plot_joint_coverage_surface(x, y, z, *, markers: dict | None = None,
                                bound: dict | None = None, xlabel: str = "",
                                ylabel: str = "", zlabel: str = "coverage",
                                title: str | None = None):
    """Joint coverage over two thresholds as a 3-D surface.

    With twin markers and a bound curve.

    Parameters
    ----------
    x, y : array_like, 1-D
        Threshold grids (lengths ``nx``, ``ny``).
    z : array_like, shape (nx, ny)
        Analytic coverage (surface).
    markers : dict, optional
        ``x``, ``y``, ``z`` (1-D, same length): Monte Carlo twin points, drawn as markers.
    bound : dict, optional
        ``x``, ``y`` (1-D) and optional ``label``: an analytical bound drawn at ``z = 0``.
    xlabel, ylabel, zlabel, title : str
        Axis labels (``zlabel`` default ``"coverage"``) and an optional title.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    KeyError
        If ``markers`` or ``bound`` lacks a required key.
    ValueError
        From Matplotlib, if ``z`` is not of shape ``(nx, ny)`` or the marker or bound
        arrays differ in length.

    Examples
    --------
    >>> fig = plot_joint_coverage_surface([0, 1], [0, 1], [[0, 0.5], [0.5, 1]])
    >>> len(fig.axes)
    1
    """
    from matplotlib.figure import Figure

    xg, yg = np.meshgrid(np.asarray(x, float), np.asarray(y, float), indexing="ij")
    fig = Figure(figsize=(6.4, 5.0))
    ax = fig.add_subplot(projection="3d")
    ax.plot_surface(xg, yg, np.asarray(z, float), cmap="viridis", alpha=0.7, linewidth=0)
    if markers is not None:
        ax.scatter(markers["x"], markers["y"], markers["z"], color="red", marker="o",
                   depthshade=False, label=markers.get("label", "Monte Carlo twin"))
    if bound is not None:
        bx = np.asarray(bound["x"], float)
        ax.plot(bx, np.asarray(bound["y"], float), np.zeros_like(bx), color="k",
                linewidth=2, label=bound.get("label", "ISAC analytical bound"))
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_zlabel(zlabel)
    if title:
        ax.set_title(title, fontsize=9)
    if markers is not None or bound is not None:
        ax.legend(fontsize=7)
    return fig
