"""Figures for the PRS design, overhead and ASE of [BM] (re-exported by ``ofdmisac.plotting``).

Analysis as lines, Monte Carlo as markers ([BM] Figs. 6, 8, 9, 10).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["plot_ase_density_maps", "plot_misalignment_vs_delta", "plot_scheme_curves"]

_COLORS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple", "tab:brown")


def _figure(n_rows: int, n_cols: int, width_in: float, height_in: float):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width_in * n_cols, height_in * n_rows))
    return fig, fig.subplots(n_rows, n_cols, squeeze=False)


def plot_misalignment_vs_delta(panels: Sequence[dict], *, n_cols: int = 2,
                               suptitle: str | None = None):
    """p_v^s versus the time-frequency ratio delta ([BM] Fig. 6).

    Parameters
    ----------
    panels : sequence of dict
        One dict per panel: ``title`` and ``curves``, a list of dicts with ``delta`` and
        ``p`` (analysis line), ``label``, optional ``delta_star``/``p_star`` (filled dot at
        the optimum of [BM] eq. (41)), ``mc_delta``/``mc_p``/``mc_se`` (Monte Carlo markers with
        2-sigma bars); optional ``p_to`` (timeout probability, dashed benchmark line).
    n_cols : int, default 2
        Panels per row.
    suptitle : str, optional
        Figure title (none by default).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    KeyError
        If a panel or curve dict lacks a required key (no other check is made).
    ValueError
        From Matplotlib, if the lengths of a series' ``x`` and ``y`` differ.

    Examples
    --------
    >>> fig = plot_misalignment_vs_delta([{"title": "a", "curves": [
    ...     {"delta": [0.1, 0.5], "p": [0.1, 0.05], "label": "x"}]}])
    >>> len(fig.axes)
    1
    """
    n_rows = -(-len(panels) // n_cols)
    fig, axes = _figure(n_rows, min(n_cols, len(panels)), 5.0, 3.8)
    flat = axes.ravel()
    for ax, panel in zip(flat, panels, strict=False):
        for k, c in enumerate(panel["curves"]):
            color = c.get("color", _COLORS[k % len(_COLORS)])
            ax.plot(c["delta"], c["p"], color=color, label=c.get("label"))
            if c.get("delta_star") is not None:
                ax.plot([c["delta_star"]], [c["p_star"]], "o", color="red", ms=6, zorder=5)
            if c.get("mc_delta") is not None:
                ax.errorbar(c["mc_delta"], c["mc_p"], yerr=2 * np.asarray(c["mc_se"]),
                            fmt="s", mfc="none", color=color, ms=5, capsize=2)
        if panel.get("p_to") is not None:
            ax.axhline(panel["p_to"], color="k", ls="--", lw=1, label="$p_{to}$")
        ax.set_yscale("log")
        ax.set_xlabel(r"time-frequency ratio $\delta$")
        ax.set_ylabel(r"$p_v^s$")
        ax.set_title(panel.get("title", ""), fontsize=9)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    for ax in flat[len(panels):]:
        ax.set_visible(False)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_scheme_curves(panels: Sequence[dict], *, ylabel: str, logy: bool = False,
                       suptitle: str | None = None):
    """Curves of several schemes versus the beam number n_B.

    The layout of [BM] Fig. 8 and Fig. 9.

    Parameters
    ----------
    panels : sequence of dict
        One dict per panel: ``title``, ``n_beams`` (x values) and ``series``, a list of
        dicts with ``y``, ``label`` and optional ``x`` (own x values, e.g. Monte Carlo
        points), ``linestyle`` (``"none"`` for markers only), ``color``, ``marker``
        (``"none"`` for a plain line).
    ylabel : str
        Label of the y axis.
    logy : bool, default False
        Logarithmic y axis.
    suptitle : str, optional
        Figure title (none by default).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    KeyError
        If a panel or curve dict lacks a required key (no other check is made).
    ValueError
        From Matplotlib, if the lengths of a series' ``x`` and ``y`` differ.

    Examples
    --------
    >>> fig = plot_scheme_curves([{"title": "a", "n_beams": [4, 8], "series": [
    ...     {"y": [0.1, 0.2], "label": "x"}]}], ylabel="overhead")
    >>> len(fig.axes)
    1
    """
    fig, axes = _figure(1, len(panels), 5.0, 3.8)
    for ax, panel in zip(axes[0], panels, strict=True):
        x = np.asarray(panel["n_beams"], dtype=float)
        for k, s in enumerate(panel["series"]):
            xs = x if s.get("x") is None else np.asarray(s["x"], dtype=float)
            marker = s.get("marker", "o")
            ax.plot(xs, s["y"], ls=s.get("linestyle", "-"),
                    marker=None if marker == "none" else marker, ms=5,
                    mfc="none" if s.get("linestyle") == "none" else None,
                    color=s.get("color", _COLORS[k % len(_COLORS)]), label=s.get("label"))
        ax.set_xscale("log", base=2)
        if logy:
            ax.set_yscale("log")
        ax.set_xlabel("number of beams $n_B$")
        ax.set_ylabel(ylabel)
        ax.set_title(panel.get("title", ""), fontsize=9)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_ase_density_maps(maps: Sequence[dict], *, n_cols: int = 3,
                          suptitle: str | None = None):
    """Effective ASE over a BS and blocker density grid, one map per scheme.

    The (lambda_B, lambda_O) maps of [BM] Fig. 10.

    Parameters
    ----------
    maps : sequence of dict
        One dict per map: ``title``, ``bs_density_per_km2`` (1-D, x axis, log scale),
        ``blocker_density_per_km2`` (1-D, y axis), ``ase`` (2-D, shape
        ``(n_blocker, n_bs)``, plotted in the unit named by ``unit``, default
        ``"Mbit/s/m^2"``). The maximum is marked with a star.
    n_cols : int, default 3
        Maps per row.
    suptitle : str, optional
        Figure title (none by default).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    KeyError
        If a map dict lacks a required key (no other check is made).
    ValueError
        If ``maps`` is empty or, from Matplotlib, ``ase`` is not of shape
        ``(n_blocker, n_bs)``.

    Examples
    --------
    >>> fig = plot_ase_density_maps([{"title": "a", "bs_density_per_km2": [10, 100],
    ...     "blocker_density_per_km2": [100, 1000], "ase": [[1, 2], [3, 4]]}])
    >>> len(fig.axes)  # map and colour bar
    2
    """
    n_rows = -(-len(maps) // n_cols)
    fig, axes = _figure(n_rows, min(n_cols, len(maps)), 4.4, 3.6)
    flat = axes.ravel()
    for ax, m in zip(flat, maps, strict=False):
        x = np.asarray(m["bs_density_per_km2"], dtype=float)
        y = np.asarray(m["blocker_density_per_km2"], dtype=float)
        z = np.asarray(m["ase"], dtype=float)
        mesh = ax.pcolormesh(x, y, z, shading="nearest", cmap="viridis")
        fig.colorbar(mesh, ax=ax, label=m.get("unit", "Mbit/s/m$^2$"))
        j, i = np.unravel_index(np.argmax(z), z.shape)
        ax.plot([x[i]], [y[j]], "*", color="red", ms=12)
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(r"$\lambda_B$ (1/km$^2$)")
        ax.set_ylabel(r"$\lambda_O$ (1/km$^2$)")
        ax.set_title(f"{m.get('title', '')}\nmax {z.max():.3g}", fontsize=9)
    for ax in flat[len(maps):]:
        ax.set_visible(False)
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig
