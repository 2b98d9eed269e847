"""Figures for waveforms (re-exported by ``ofdmisac.plotting``): resource-grid views."""

from __future__ import annotations

import numpy as np

__all__ = ["plot_resource_grid", "plot_grid_magnitude", "RE_LABEL_COLORS"]

RE_LABEL_COLORS = {0: ("empty", "#f2f2f2"), 1: ("data", "#9ecae1"), 2: ("SSB", "#d62728"),
                   3: ("PRS", "#2ca02c")}
"""Colour of each resource-element label (values of ``ofdmisac.waveforms.ReLabel``)."""

_MAX_PIXELS = (900, 1600)  # (rows, columns) drawn; larger maps are block-reduced


def _block_max(labels: np.ndarray, max_rows: int, max_cols: int) -> tuple[np.ndarray, int, int]:
    """Reduce a label map by blocks, keeping the highest label of each block.

    The label order EMPTY < DATA < SSB < PRS makes the maximum show reference signals
    wherever a block contains one.
    """
    fr = max(1, int(np.ceil(labels.shape[0] / max_rows)))
    fc = max(1, int(np.ceil(labels.shape[1] / max_cols)))
    if fr == 1 and fc == 1:
        return labels, 1, 1
    pad_r = (-labels.shape[0]) % fr
    pad_c = (-labels.shape[1]) % fc
    padded = np.pad(labels, ((0, pad_r), (0, pad_c)), constant_values=0)
    reduced = padded.reshape(padded.shape[0] // fr, fr, padded.shape[1] // fc, fc).max(axis=(1, 3))
    return reduced, fr, fc


def plot_resource_grid(source, slot_start: int = 0, slot_stop: int | None = None, *,
                       subcarriers: tuple[int, int] | None = None, carrier=None,
                       title: str | None = None, ax=None):
    """Resource grid coloured by channel: SSB, PRS, data, empty.

    Parameters
    ----------
    source : IsacFrame or array_like
        An :class:`ofdmisac.waveforms.IsacFrame` (its :meth:`labels` for the slot range is
        drawn) or an integer label map ``[n_subcarriers, n_symbols]`` of
        :class:`ofdmisac.waveforms.ReLabel` values.
    slot_start, slot_stop : int
        Slot range of a frame (ignored for a label map).
    subcarriers : (int, int), optional
        Draw only grid rows ``first .. stop-1`` (a frequency zoom).
    carrier : Carrier, optional
        Axis labels in ms and MHz instead of symbol and subcarrier indices (taken from the
        frame when ``source`` is one).
    title : str, optional
    ax : matplotlib.axes.Axes, optional
        Draw into this axes instead of a new figure.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If a label map is not 2-D or holds values that are not :class:`ReLabel` values,
        or ``subcarriers`` is not ``0 <= first < stop <= n_subcarriers``.

    Notes
    -----
    Maps larger than 900 x 1600 are reduced by blocks keeping the highest label of each
    block, so a sparse SSB or PRS stays visible at full-frame scale.
    """
    import matplotlib.pyplot as plt
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    first_symbol = 0
    if hasattr(source, "labels") and callable(source.labels):
        labels = source.labels(slot_start, slot_stop)
        carrier = source.carrier if carrier is None else carrier
        first_symbol = slot_start * source.symbols_per_slot
    else:
        labels = np.asarray(source)
        if labels.ndim != 2:
            raise ValueError(f"label map shape {labels.shape} is not allowed; expected "
                             "[n_subcarriers, n_symbols]")
        if labels.size and (labels.min() < 0 or labels.max() > max(RE_LABEL_COLORS)):
            raise ValueError(f"label values {int(labels.min())}..{int(labels.max())} are not "
                             f"allowed; use ReLabel values 0..{max(RE_LABEL_COLORS)}")
    k0, k1 = 0, labels.shape[0]
    if subcarriers is not None:
        k0, k1 = (int(v) for v in subcarriers)
        if not 0 <= k0 < k1 <= labels.shape[0]:
            raise ValueError(f"subcarriers={subcarriers!r} is not allowed; use (first, stop) "
                             f"with 0 <= first < stop <= {labels.shape[0]}")
        labels = labels[k0:k1]
    reduced, fr, fc = _block_max(labels.astype(np.uint8, copy=False), *_MAX_PIXELS)
    n_sc, n_sym = labels.shape
    if carrier is not None:
        t0 = first_symbol * carrier.symbol_duration_s * 1e3
        t1 = t0 + n_sym * carrier.symbol_duration_s * 1e3
        f0 = (k0 - carrier.n_subcarriers / 2 - 0.5) * carrier.scs_hz / 1e6
        extent = (t0, t1, f0, f0 + n_sc * carrier.scs_hz / 1e6)
        xlabel, ylabel = "time (ms, mean symbol duration)", "frequency (MHz)"
    else:
        extent = (first_symbol - 0.5, first_symbol + n_sym - 0.5, k0 - 0.5, k0 + n_sc - 0.5)
        xlabel, ylabel = "OFDM symbol", "subcarrier"
    colors = [RE_LABEL_COLORS[i][1] for i in sorted(RE_LABEL_COLORS)]
    cmap = ListedColormap(colors)
    norm = BoundaryNorm(np.arange(len(colors) + 1) - 0.5, cmap.N)
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 4.5), layout="constrained")
    else:
        fig = ax.figure
    ax.imshow(reduced, origin="lower", aspect="auto", interpolation="nearest", cmap=cmap,
              norm=norm, extent=extent)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    present = np.unique(reduced)
    handles = [Patch(color=RE_LABEL_COLORS[int(i)][1], label=RE_LABEL_COLORS[int(i)][0])
               for i in present]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.005, 1.0), fontsize="small")
    note = f" (blocks of {fr}x{fc} REs, highest label shown)" if fr * fc > 1 else ""
    ax.set_title((title or "resource grid") + note, fontsize="medium")
    return fig


def plot_grid_magnitude(grid, *, carrier=None, floor_db: float = -40.0, title=None, ax=None,
                        subcarriers: tuple[int, int] | None = None):
    """Magnitude view in dB of a complex resource grid.

    Draws ``20 log10 |X|`` of a grid ``[n_subcarriers, n_symbols]``; zero REs are drawn at
    ``floor_db``.

    Parameters
    ----------
    grid : array_like, shape (n_subcarriers, n_symbols), complex
        Resource grid ``X``.
    carrier : Carrier, optional
        Axes in ms and MHz instead of symbol and subcarrier indices.
    floor_db : float, default -40.0
        Lowest magnitude drawn, in dB.
    title : str, optional
        Axes title (default ``"resource grid magnitude"``).
    ax : matplotlib.axes.Axes, optional
        Draw into this axes instead of a new figure.
    subcarriers : (int, int), optional
        ``(first, stop)``: draw only grid rows ``first .. stop-1`` (a frequency zoom: a
        sparse comb over a wide band aliases when drawn on a few hundred pixels).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``grid`` is not 2-D or ``subcarriers`` is not ``0 <= first < stop <=
        n_subcarriers``.
    """
    import matplotlib.pyplot as plt

    grid = np.asarray(grid)
    if grid.ndim != 2:
        raise ValueError(f"grid shape {grid.shape} is not allowed; expected "
                         "[n_subcarriers, n_symbols]")
    n_total = grid.shape[0]
    k0 = 0
    if subcarriers is not None:
        k0, k1 = (int(v) for v in subcarriers)
        if not 0 <= k0 < k1 <= n_total:
            raise ValueError(f"subcarriers={subcarriers!r} is not allowed; use (first, stop) "
                             f"with 0 <= first < stop <= {n_total}")
        grid = grid[k0:k1]
    mag = np.abs(grid)
    with np.errstate(divide="ignore"):
        mag_db = np.where(mag > 0, 20 * np.log10(np.where(mag > 0, mag, 1.0)), floor_db)
    mag_db = np.maximum(mag_db, floor_db)
    n_sc, n_sym = grid.shape
    if carrier is not None:
        f0 = (k0 - n_total / 2 - 0.5) * carrier.scs_hz / 1e6  # RE k centred on its frequency
        extent = (0, n_sym * carrier.symbol_duration_s * 1e3, f0,
                  f0 + n_sc * carrier.scs_hz / 1e6)
        xlabel, ylabel = "time (ms)", "frequency (MHz)"
    else:
        extent = (-0.5, n_sym - 0.5, k0 - 0.5, k0 + n_sc - 0.5)
        xlabel, ylabel = "OFDM symbol", "subcarrier"
    if ax is None:
        fig, ax = plt.subplots(figsize=(10, 4.5), layout="constrained")
    else:
        fig = ax.figure
    im = ax.imshow(mag_db, origin="lower", aspect="auto", interpolation="nearest",
                   extent=extent, cmap="viridis")
    fig.colorbar(im, ax=ax, label="|X| (dB)")
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title or "resource grid magnitude", fontsize="medium")
    return fig
