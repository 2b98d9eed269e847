"""Two-dimensional CFAR (cell averaging and ordered statistic) on square-law range-Doppler
maps."""

from __future__ import annotations

import numpy as np

from ..._validation import check_array, check_choice, check_int, check_real, fail, show

__all__ = ["ca_cfar_alpha", "cfar_2d", "os_cfar_alpha", "os_cfar_pfa"]


def ca_cfar_alpha(pfa, n_train):
    """CA-CFAR threshold multiplier for exponential (square-law) noise.

    ``alpha = N (pfa^(-1/N) - 1)``: a cell is declared when its power exceeds ``alpha`` times
    the mean of its ``N`` training cells, which holds the false-alarm probability at ``pfa``
    for exponentially distributed noise.

    Parameters
    ----------
    pfa : float or array_like
        Design false-alarm probability, in (0, 1).
    n_train : int or array_like
        Number of training cells ``N`` (>= 1), e.g. a per-cell count at the map edges;
        broadcasts against ``pfa``.

    Returns
    -------
    numpy.ndarray
        ``alpha``, float64, of the broadcast shape of ``pfa`` and ``n_train`` (0-d for
        scalars).

    Raises
    ------
    ValueError
        ``pfa`` and ``n_train`` that do not broadcast together (from NumPy). The values are
        not checked (``n_train = 0`` gives ``nan``); :func:`cfar_2d` validates ``pfa`` and
        the window sizes before calling it.

    Examples
    --------
    >>> from ofdmisac.estimators import ca_cfar_alpha
    >>> round(float(ca_cfar_alpha(1e-6, 32)), 3)
    17.278
    """
    check_array("pfa", pfa, minimum=0.0, maximum=1.0, strict_min=True, strict_max=True)
    n = check_array("n_train", n_train, minimum=1.0, integer=True)
    return n * (np.power(pfa, -1.0 / n) - 1.0)


def os_cfar_pfa(alpha, n_train, rank):
    """False-alarm probability of OS-CFAR for a given threshold multiplier.

    ``pfa = prod_{i=0}^{k-1} (N - i) / (N - i + alpha)`` for exponential (square-law) noise
    and a threshold ``alpha`` times the ``k``-th smallest of ``N`` training cells (Rohling's
    OS-CFAR). With ``alpha / (1 + snr)`` in place of ``alpha`` it is the detection
    probability of a Swerling I target.

    Parameters
    ----------
    alpha : float or array_like
        Threshold multiplier (>= 0).
    n_train : int or array_like
        Number of training cells ``N`` (>= 1).
    rank : int or array_like
        Order statistic ``k`` used as noise estimate, ``1 <= k <= N``.

    Returns
    -------
    numpy.ndarray
        False-alarm probability, float64, of the broadcast shape of the arguments.

    Raises
    ------
    ValueError
        Arguments that do not broadcast together (from NumPy); the ranges are not checked
        (see :func:`os_cfar_alpha`).

    Examples
    --------
    >>> from ofdmisac.estimators import os_cfar_pfa
    >>> round(float(os_cfar_pfa(14.399, 32, 24)), 9)
    1e-06
    """
    check_array("alpha", alpha, minimum=0.0)
    check_array("n_train", n_train, minimum=1.0, integer=True)
    check_array("rank", rank, minimum=1.0, integer=True)
    alpha, n, k = np.broadcast_arrays(np.asarray(alpha, dtype=float),
                                      np.asarray(n_train, dtype=float),
                                      np.asarray(rank, dtype=float))
    i = np.arange(int(np.max(k)))
    use = i < k[..., None]
    ni = np.where(use, n[..., None] - i, 1.0)
    terms = np.log(ni) - np.log(ni + np.where(use, alpha[..., None], 0.0))
    return np.exp(np.sum(terms, axis=-1))


def os_cfar_alpha(pfa, n_train, rank):
    """OS-CFAR threshold multiplier for a design false-alarm probability.

    Solves :func:`os_cfar_pfa` ``(alpha, n_train, rank) = pfa`` for ``alpha`` by bisection
    in ``log alpha`` (100 steps over ``[e^-30, e^60]``), vectorized over ``n_train`` and
    ``rank``.

    Parameters
    ----------
    pfa : float
        Design false-alarm probability, in (0, 1).
    n_train : int or array_like
        Number of training cells ``N`` (>= 1).
    rank : int or array_like
        Order statistic ``k``, ``1 <= k <= N``; broadcasts against ``n_train``.

    Returns
    -------
    numpy.ndarray
        ``alpha``, float64, of the broadcast shape of ``n_train`` and ``rank``.

    Raises
    ------
    ValueError
        A ``rank`` outside ``1 .. n_train``.

    Examples
    --------
    >>> from ofdmisac.estimators import os_cfar_alpha
    >>> round(float(os_cfar_alpha(1e-6, 32, 24)), 3)
    14.399
    """
    check_array("pfa", pfa, minimum=0.0, maximum=1.0, strict_min=True, strict_max=True)
    n, k = np.broadcast_arrays(check_array("n_train", n_train, minimum=1.0, integer=True),
                               check_array("rank", rank, integer=True))
    if np.any((k < 1) | (k > n)):
        fail("rank", rank, f"use ranks in 1..n_train (n_train={show(n_train)})")
    lo = np.full(n.shape, -30.0)
    hi = np.full(n.shape, 60.0)
    for _ in range(100):
        mid = 0.5 * (lo + hi)
        too_many = os_cfar_pfa(np.exp(mid), n, k) > pfa
        lo = np.where(too_many, mid, lo)
        hi = np.where(too_many, hi, mid)
    return np.exp(0.5 * (lo + hi))


def _os_threshold(p, g_r, g_d, t_r, t_d, pfa, rank_fraction):
    """``alpha(N, k) x`` the ``k``-th smallest training cell, ``k = ceil(rank_fraction N)``."""
    hr, hd = g_r + t_r, g_d + t_d
    ring = np.ones((2 * hr + 1, 2 * hd + 1), bool)
    ring[t_r:t_r + 2 * g_r + 1, t_d:t_d + 2 * g_d + 1] = False
    pad = np.pad(p, [(0, 0)] * (p.ndim - 2) + [(hr, hr), (0, 0)], constant_values=np.nan)
    pad = np.concatenate([pad[..., -hd:], pad, pad[..., :hd]], axis=-1) if hd else pad
    n_r = p.shape[-2]
    valid_rows = ~np.isnan(np.pad(np.zeros(n_r), hr, constant_values=np.nan))
    rows = np.lib.stride_tricks.sliding_window_view(valid_rows, 2 * hr + 1)
    n_cell = (rows[:, :, None] & ring[None]).sum(axis=(1, 2))  # [n_r]
    k_cell = np.maximum(np.ceil(rank_fraction * n_cell).astype(int), 1)
    alpha = os_cfar_alpha(pfa, n_cell, k_cell)
    out = np.empty(p.shape)
    per_row = int(np.prod(p.shape[:-2], dtype=int)) * p.shape[-1] * int(ring.sum())
    chunk = max(1, 4_000_000 // max(per_row, 1))
    for r0 in range(0, n_r, chunk):
        r1 = min(n_r, r0 + chunk)
        win = np.lib.stride_tricks.sliding_window_view(
            pad[..., r0:r1 + 2 * hr, :], (2 * hr + 1, 2 * hd + 1), axis=(-2, -1))
        train = np.sort(win[..., ring], axis=-1)  # NaN (outside the map) sorts last
        idx = (k_cell[r0:r1] - 1).reshape((1,) * (p.ndim - 2) + (r1 - r0, 1, 1))
        kth = np.take_along_axis(train, idx, axis=-1)[..., 0]
        out[..., r0:r1, :] = alpha[r0:r1, None] * kth
    return out


def _box_sum(x, half_r, half_d):
    """Sum over a ``(2 half_r + 1) x (2 half_d + 1)`` box: truncated in range (axis -2),
    wrapped in Doppler (axis -1). Vectorized with cumulative sums."""
    n_r = x.shape[-2]
    xd = np.concatenate([x[..., -half_d:], x, x[..., :half_d]], axis=-1) if half_d else x
    c = np.cumsum(xd, axis=-1)
    c = np.concatenate([np.zeros_like(c[..., :1]), c], axis=-1)
    width = 2 * half_d + 1
    s = c[..., width:] - c[..., :-width]
    c = np.cumsum(s, axis=-2)
    c = np.concatenate([np.zeros_like(c[..., :1, :]), c], axis=-2)
    idx = np.arange(n_r)
    hi = np.minimum(idx + half_r + 1, n_r)
    lo = np.maximum(idx - half_r, 0)
    return c[..., hi, :] - c[..., lo, :]


def _pair(name, value):
    """A (range, Doppler) pair of sizes."""
    try:
        a, b = value
    except (TypeError, ValueError):
        fail(name, value, "use a pair (range, Doppler) of integers", TypeError)
    return a, b


def cfar_2d(power_map, *, kind="CA", pfa=1e-6, guard=(1, 1), train=(4, 4), rank_fraction=0.75):
    """Two-dimensional CFAR detector, cell averaging or ordered statistic.

    Parameters
    ----------
    power_map : array_like, float, shape ``(..., n_range, n_doppler)``
        Square-law map (exponentially distributed under noise only), e.g.
        ``RangeDopplerMap.power``; leading axes are a batch.
    kind : {"CA", "OS"}
        ``"CA"``: threshold ``alpha_CA(N) x mean`` of the ``N`` training cells,
        ``alpha_CA = N (pfa^(-1/N) - 1)``. ``"OS"``: ``alpha_OS(N, k) x`` the ``k``-th smallest
        training cell, ``k = ceil(rank_fraction N)``, with ``alpha_OS`` from
        :func:`os_cfar_alpha` (robust to interfering targets in the training cells).
    pfa : float
        Design false-alarm probability, ``0 < pfa < 1`` (default ``1e-6``).
    guard, train : (int, int)
        Guard and training half-widths in bins (range, Doppler), >= 0, with at least one
        training cell (defaults ``(1, 1)`` and ``(4, 4)``). Range edges are truncated
        (per-cell training count ``N``), Doppler wraps around.
    rank_fraction : float
        OS rank as a fraction of the training cells, in (0, 1] (default 0.75; unused for
        ``"CA"``).

    Returns
    -------
    detections : numpy.ndarray, bool, same shape as ``power_map``
        ``power_map > threshold``.
    threshold : numpy.ndarray, float64, same shape as ``power_map``
        The per-cell CFAR threshold.

    Raises
    ------
    ValueError
        Unknown ``kind``, ``pfa`` outside (0, 1), negative ``guard``/``train`` or no
        training cell, a Doppler window ``2 (guard + train) + 1`` wider than the map, a
        ``rank_fraction`` outside (0, 1].

    References
    ----------
    H. Rohling, "Radar CFAR thresholding in clutter and multiple target situations",
    IEEE Trans. AES, 1983 (OS-CFAR).

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import cfar_2d
    >>> p = np.random.default_rng(0).exponential(size=(64, 32))
    >>> p[20, 10] = 1e3
    >>> np.argwhere(cfar_2d(p, pfa=1e-6)[0]).tolist()
    [[20, 10]]
    """
    check_choice("kind", kind, ("CA", "OS"))
    check_real("pfa", pfa, minimum=0.0, maximum=1.0, strict_min=True, strict_max=True)
    check_real("rank_fraction", rank_fraction, minimum=0.0, maximum=1.0, strict_min=True)
    p = check_array("power_map", power_map, minimum=0.0)
    if p.ndim < 2:
        fail("power_map", power_map, f"use a map of shape (..., n_range, n_doppler) (got "
             f"shape {p.shape})")
    g_r, g_d = (check_int("guard", v, minimum=0) for v in _pair("guard", guard))
    t_r, t_d = (check_int("train", v, minimum=0) for v in _pair("train", train))
    if t_r + t_d == 0:
        fail("train", train, "use at least one training cell along range or Doppler")
    if 2 * (g_d + t_d) + 1 > p.shape[-1]:
        fail("train", train, f"use a Doppler window 2*(guard+train)+1="
             f"{2 * (g_d + t_d) + 1} that does not exceed n_doppler={p.shape[-1]}")
    if kind == "OS":
        threshold = _os_threshold(p, g_r, g_d, t_r, t_d, pfa, rank_fraction)
        return p > threshold, threshold
    outer = _box_sum(p, g_r + t_r, g_d + t_d)
    inner = _box_sum(p, g_r, g_d)
    ones = np.ones(p.shape[-2:])
    n = _box_sum(ones, g_r + t_r, g_d + t_d) - _box_sum(ones, g_r, g_d)
    alpha = ca_cfar_alpha(pfa, n)
    threshold = alpha * (outer - inner) / n
    return p > threshold, threshold
