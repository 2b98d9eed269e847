"""Plain reference of the tuned 2-D CFAR kernel, used only by tests.

Mirrors ``ofdmisac/estimators/radar/_cfar.py``:
:func:`ofdmisac.estimators.cfar_2d`, without its cumulative-sum box sums (CA) and
sliding-window sort (OS). Each cell ``(r, d)`` of an ``n_range x n_doppler`` map has the
training cells ``(r + i, (d + j) mod n_doppler)`` with ``|i| <= g_r + t_r``,
``|j| <= g_d + t_d``, not both ``|i| <= g_r`` and ``|j| <= g_d`` (the guard box, cell under
test included), and ``0 <= r + i < n_range``: the window wraps along Doppler and is truncated
at the range edges, so the training count ``N`` depends on the row. The threshold is
``alpha_CA(N) mean(training)`` (CA) or ``alpha_OS(N, k) x`` the ``k``-th smallest training
cell with ``k = ceil(rank_fraction N)`` (OS); a detection is ``power > threshold``. The
cells are gathered explicitly, row by row (vectorized over the batch and the Doppler columns
only).
"""

from __future__ import annotations

import numpy as np

from ofdmisac.estimators import ca_cfar_alpha, os_cfar_alpha

__all__ = ["cfar_2d_reference", "training_offsets_reference"]


def training_offsets_reference(row, n_range, *, guard=(1, 1), train=(4, 4)):
    """Offsets ``(i, j)`` of the training cells of a cell in range row ``row``.

    Parameters
    ----------
    row : int
        Range index of the cell under test, ``0 <= row < n_range``.
    n_range : int
        Number of range rows of the map (rows outside ``0 .. n_range - 1`` are dropped).
    guard, train : (int, int)
        Guard and training half-widths (range, Doppler).

    Returns
    -------
    di, dj : numpy.ndarray, int, shape ``(N,)``
        Range and Doppler offsets of the ``N`` training cells (the Doppler offset is to be
        taken modulo ``n_doppler``).
    """
    g_r, g_d = guard
    h_r, h_d = g_r + train[0], g_d + train[1]
    di, dj = [], []
    for i in range(-h_r, h_r + 1):
        if not 0 <= row + i < n_range:
            continue  # range edge: truncated
        for j in range(-h_d, h_d + 1):
            if abs(i) <= g_r and abs(j) <= g_d:
                continue  # guard cell or the cell under test
            di.append(i)
            dj.append(j)
    return np.array(di, dtype=int), np.array(dj, dtype=int)


def cfar_2d_reference(power_map, *, kind="CA", pfa=1e-6, guard=(1, 1), train=(4, 4),
                      rank_fraction=0.75):
    """2-D CA / OS CFAR computed cell by cell from the definition (reference of ``cfar_2d``).

    Parameters
    ----------
    power_map : array_like, float, shape ``(..., n_range, n_doppler)``
        Square-law map.
    kind : {"CA", "OS"}
        Cell averaging or ordered statistic.
    pfa : float
        Design false-alarm probability in (0, 1).
    guard, train : (int, int)
        Guard and training half-widths (range, Doppler); ``2 (g_d + t_d) + 1 <= n_doppler``.
    rank_fraction : float
        OS rank ``k = ceil(rank_fraction N)`` of the ``N`` training cells of each cell.

    Returns
    -------
    detections : numpy.ndarray, bool, shape of ``power_map``
        ``power_map > threshold``.
    threshold : numpy.ndarray, float64, shape of ``power_map``

    Raises
    ------
    ValueError
        Unknown kind, or a Doppler window wider than the map (it would wrap onto itself).
    """
    p = np.asarray(power_map, dtype=float)
    if kind not in ("CA", "OS"):
        raise ValueError(f"kind={kind!r}: choose 'CA' or 'OS'")
    n_range, n_doppler = p.shape[-2:]
    if 2 * (guard[1] + train[1]) + 1 > n_doppler:
        raise ValueError("the Doppler window is wider than the map")
    threshold = np.empty(p.shape)
    columns = np.arange(n_doppler)
    for r in range(n_range):
        di, dj = training_offsets_reference(r, n_range, guard=guard, train=train)
        n_train = di.size
        # training[..., d, t]: training cell t of cell (r, d), every Doppler column d at once
        rows = r + di[None, :]
        cols = (columns[:, None] + dj[None, :]) % n_doppler
        training = p[..., rows, cols]
        if kind == "CA":
            alpha = ca_cfar_alpha(pfa, n_train)
            threshold[..., r, :] = alpha * np.mean(training, axis=-1)
        else:
            k = int(np.ceil(rank_fraction * n_train))
            alpha = os_cfar_alpha(pfa, n_train, k)
            threshold[..., r, :] = alpha * np.sort(training, axis=-1)[..., k - 1]
    return p > threshold, threshold
