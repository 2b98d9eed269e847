"""Plain reference of the tuned 2-D CFAR kernel, used only by tests.

Mirrors ``ofdmisac/estimators/radar/_cfar.py``:
:func:`ofdmisac.estimators.cfar_2d`, without its flat doubling window sums (CA) and
segment-wise gather (OS). Each cell ``(r, d)`` of an ``n_range x n_doppler`` map has the
training cells ``((r + i) mod n_range, (d + j) mod n_doppler)`` with ``|i| <= g_r + t_r``,
``|j| <= g_d + t_d``, not both ``|i| <= g_r`` and ``|j| <= g_d`` (the guard box, cell under
test included): the window wraps along both axes (the periodogram is periodic in range
and in Doppler), so every cell has the same ``N = (2 h_r + 1)(2 h_d + 1) - (2 g_r + 1)
(2 g_d + 1)`` training cells. The threshold is ``alpha_CA(N) mean(training)`` (CA) or
``alpha_OS(N, k) x`` the ``k``-th smallest training cell with ``k = ceil(rank_fraction N)``
(OS); a detection is ``power > threshold``. The cells are gathered explicitly, row by row
(vectorized over the batch and the Doppler columns only), in float64.
"""

from __future__ import annotations

import numpy as np

from ofdmisac.estimators import ca_cfar_alpha, os_cfar_alpha

__all__ = ["cfar_2d_reference", "training_offsets_reference"]


def training_offsets_reference(*, guard=(1, 1), train=(4, 4)):
    """Offsets ``(i, j)`` of the training cells of any cell (taken modulo the map size).

    Parameters
    ----------
    guard, train : (int, int)
        Guard and training half-widths (range, Doppler).

    Returns
    -------
    di, dj : numpy.ndarray, int, shape ``(N,)``
        Range and Doppler offsets of the ``N`` training cells.
    """
    g_r, g_d = guard
    h_r, h_d = g_r + train[0], g_d + train[1]
    di, dj = [], []
    for i in range(-h_r, h_r + 1):
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
        Guard and training half-widths (range, Doppler); ``2 (g_r + t_r) + 1 <= n_range``
        and ``2 (g_d + t_d) + 1 <= n_doppler``.
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
        Unknown kind, or a window wider than the map (it would wrap onto itself).
    """
    p = np.asarray(power_map, dtype=float)
    if kind not in ("CA", "OS"):
        raise ValueError(f"kind={kind!r}: choose 'CA' or 'OS'")
    n_range, n_doppler = p.shape[-2:]
    if 2 * (guard[1] + train[1]) + 1 > n_doppler or 2 * (guard[0] + train[0]) + 1 > n_range:
        raise ValueError("the window is wider than the map")
    di, dj = training_offsets_reference(guard=guard, train=train)
    n_train = di.size
    if kind == "CA":
        alpha = ca_cfar_alpha(pfa, n_train)
    else:
        k = int(np.ceil(rank_fraction * n_train))
        alpha = os_cfar_alpha(pfa, n_train, k)
    threshold = np.empty(p.shape)
    columns = np.arange(n_doppler)
    for r in range(n_range):
        # training[..., d, t]: training cell t of cell (r, d), every Doppler column d at once
        rows = (r + di[None, :]) % n_range
        cols = (columns[:, None] + dj[None, :]) % n_doppler
        training = p[..., rows, cols]
        if kind == "CA":
            threshold[..., r, :] = alpha * np.mean(training, axis=-1)
        else:
            threshold[..., r, :] = alpha * np.sort(training, axis=-1)[..., k - 1]
    return p > threshold, threshold
