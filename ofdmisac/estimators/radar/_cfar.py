"""Two-dimensional CFAR (cell averaging and ordered statistic) on square-law range-Doppler
maps.

The map is periodic along both axes (range: the inverse DFT over subcarriers, Doppler: the
DFT over symbols), so the training window wraps along both: every cell has the same ``N``
training cells and one multiplier ``alpha``. CA sums the ring of each cell with flat,
cache-blocked doubling window sums (all additions of non-negative cells: relative error at
most :func:`_ring_depth` + 2 units in the last place of the map's precision, float32 maps
stay float32); OS gathers the ring of each cell and selects its ``k``-th value with
``numpy.partition`` (O(N) per cell). The plain reference is ``_cfar_reference.py``.
"""

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


_BLOCK_BYTES = 1 << 19  # CA: size of one array of a block (0.5 MB; a few stay in L2/L3)
_OS_ELEMENTS = 1 << 19  # OS gathered training cells per chunk (cells x N)


def _window_sum(x, w, stride, powers=None):
    """Window sums ``y[i] = sum_{j < w} x[i + j stride]`` of a flat array, by doubling.

    The partial sums of 1, 2, 4, ... consecutive cells (each the sum of two of the previous
    ones), then one addition per further binary digit of ``w``: ``floor(log2 w) +
    popcount(w) - 1`` additions of whole arrays, all of non-negative terms, so the result
    has a relative rounding error of at most that many units in the last place (the depth
    of the summation tree). Length ``x.size - (w - 1) stride``; ``w = 1`` returns ``x``.
    ``powers``: a list ``[x, sums of 2, sums of 4, ...]`` shared between calls on the same
    ``x`` and ``stride`` (extended in place as needed).
    """
    if w == 1:
        return x
    powers = [x] if powers is None else powers
    while 1 << len(powers) <= w:
        a, p = powers[-1], 1 << (len(powers) - 1)
        powers.append(a[:a.size - p * stride] + a[p * stride:])
    top = w.bit_length() - 1
    n_out = x.size - (w - 1) * stride
    acc = powers[top][:n_out]
    off, rest = 1 << top, w - (1 << top)
    for level in range(top - 1, -1, -1):
        if rest >= 1 << level:
            acc = acc + powers[level][off * stride:off * stride + n_out]
            off += 1 << level
            rest -= 1 << level
    return acc


def _depth(w):
    """Additions in the longest chain of :func:`_window_sum` for a window of ``w`` cells."""
    return 0 if w <= 1 else int(np.log2(w)) + bin(w).count("1") - 1


def _ring_depth(g_r, g_d, t_r, t_d):
    """Depth of the summation tree of :func:`_ring_sum` (its relative error bound in ulps)."""
    d_e = _depth(t_d) + 1 if t_d else 0
    d_f = max(d_e, _depth(2 * g_d + 1)) + 1 if t_d else _depth(2 * g_d + 1)
    d_bands = _depth(t_r) + d_f + 1 if t_r else 0
    d_middle = _depth(2 * g_r + 1) + d_e if t_d else 0
    return max(d_bands, d_middle) + 1 if t_r and t_d else max(d_bands, d_middle)


def _ring_sum(xf, n_cols, g_r, g_d, t_r, t_d):
    """Sum over the training ring of each cell of a cyclically padded block, flattened.

    ``xf`` is a C-ordered block of rows of ``n_cols = n_doppler + 2 h_d`` cells (the map
    rows extended by ``h_d`` wrapped columns on each side, ``h_r`` wrapped rows above and
    below, a spare row at the end), flattened; element ``r n_cols + d`` of the result is
    the training sum of the cell at padded position ``(r + h_r, d + h_d)``. The ring is split
    into pieces that are all sums of non-negative cells (no box differences, so no
    cancellation next to a strong target): the left and right training strips of every row
    (``E``), the guard columns (``G``), their sum ``F = E + G`` over the ``t_r`` training rows
    above and below, and ``E`` over the ``2 g_r + 1`` rows of the guard box. Every shift of
    the flat array is a contiguous slice, which NumPy adds at memory speed.
    """
    h_r, h_d = g_r + t_r, g_d + t_d
    e = None
    powers = [xf]  # partial sums along Doppler, shared by the strips and the guard columns
    if t_d:
        a = _window_sum(xf, t_d, 1, powers)
        s = h_d + g_d + 1
        e = a[:a.size - s] + a[s:]
    if t_r:
        g = _window_sum(xf, 2 * g_d + 1, 1, powers)[t_d:]
        if e is not None:
            n = min(e.size, g.size)
            g = e[:n] + g[:n]
        bands = _window_sum(g, t_r, n_cols)
        s = (h_r + g_r + 1) * n_cols
        total = bands[:bands.size - s] + bands[s:]
        if e is None:
            return total
        middle = _window_sum(e[t_r * n_cols:], 2 * g_r + 1, n_cols)
        n = min(total.size, middle.size)
        return total[:n] + middle[:n]
    return _window_sum(e, 2 * g_r + 1, n_cols)


def _wrap_rows(p3, r0, r1, h_r):
    """Rows ``r0 - h_r .. r1 + h_r - 1`` of the maps ``p3`` (shape ``(n_maps, n_r, n_d)``),
    taken modulo ``n_r`` (a view when no wrap is needed)."""
    n_r = p3.shape[1]
    if r0 - h_r >= 0 and r1 + h_r <= n_r:
        return p3[:, r0 - h_r:r1 + h_r]
    return np.take(p3, np.arange(r0 - h_r, r1 + h_r) % n_r, axis=1)


def _ca_threshold(p3, g_r, g_d, t_r, t_d, scale, dtype):
    """CA threshold ``scale x`` training sum and detections of maps ``(n_maps, n_r, n_d)``,
    computed block by block (a few maps or a band of rows, ~``_BLOCK_BYTES`` per array) in a
    cyclically padded buffer that stays in cache."""
    n_maps, n_r, n_d = p3.shape
    h_r, h_d = g_r + t_r, g_d + t_d
    n_cols = n_d + 2 * h_d
    threshold = np.empty(p3.shape, dtype)
    elements = _BLOCK_BYTES // dtype.itemsize
    # output rows per block: the budget, but at least twice the padding rows (and 8)
    rows = min(n_r, max(elements // n_cols - 2 * h_r - 1, 2 * (2 * h_r + 1), 8))
    maps = max(1, elements // ((n_r + 2 * h_r + 1) * n_cols)) if rows == n_r else 1
    scale = dtype.type(scale)
    for m0 in range(0, n_maps, maps):
        m1 = min(n_maps, m0 + maps)
        for r0 in range(0, n_r, rows):
            r1 = min(n_r, r0 + rows)
            n_b, n_pad = r1 - r0, r1 - r0 + 2 * h_r
            buf = np.empty((m1 - m0, n_pad + 1, n_cols), dtype)
            buf[:, n_pad] = 0.0  # spare row: the flat shifts of the last row read into it
            buf[:, :n_pad, h_d:h_d + n_d] = _wrap_rows(p3[m0:m1], r0, r1, h_r)
            if h_d:
                buf[:, :n_pad, :h_d] = buf[:, :n_pad, n_d:n_d + h_d]
                buf[:, :n_pad, h_d + n_d:] = buf[:, :n_pad, h_d:2 * h_d]
            flat = buf.reshape(-1)
            # flat position r n_cols + d: the training sum of map cell (r0 + r, d)
            total = _ring_sum(flat, n_cols, g_r, g_d, t_r, t_d)
            # (shorter than the buffer by the window shifts; every cell of the block is in)
            item = total.itemsize
            cells = np.lib.stride_tricks.as_strided(
                total, (m1 - m0, n_b, n_d), ((n_pad + 1) * n_cols * item, n_cols * item, item),
                writeable=False)
            np.multiply(cells, scale, out=threshold[m0:m1, r0:r1])
    return np.greater(p3, threshold), threshold


def _os_threshold(p3, g_r, g_d, t_r, t_d, rank, alpha, dtype):
    """OS threshold ``alpha x`` the ``rank``-th smallest training cell (1-based) and the
    detections, maps ``(n_maps, n_r, n_d)`` in chunks of ~``_OS_ELEMENTS`` gathered cells.

    The ring of every cell of a chunk is copied into a ``(..., N)`` array, one contiguous
    segment of a ring row at a time (a sliding-window view per segment length), then
    ``numpy.partition`` selects the order statistic: O(N) per cell.
    """
    n_maps, n_r, n_d = p3.shape
    h_r, h_d = g_r + t_r, g_d + t_d
    pad = np.pad(p3, ((0, 0), (h_r, h_r), (h_d, h_d)), mode="wrap")
    segments = []  # (ring row offset, first column offset, length)
    for i in range(2 * h_r + 1):
        if t_r <= i < t_r + 2 * g_r + 1:
            segments += [(i, 0, t_d), (i, t_d + 2 * g_d + 1, t_d)] if t_d else []
        else:
            segments.append((i, 0, 2 * h_d + 1))
    n_train = sum(s[2] for s in segments)
    views = {n: np.lib.stride_tricks.sliding_window_view(pad, n, axis=-1)
             for n in {s[2] for s in segments}}
    threshold = np.empty(p3.shape, dtype)
    cells = max(1, _OS_ELEMENTS // n_train)
    rows = max(1, min(n_r, cells // n_d))
    maps = max(1, cells // (n_r * n_d)) if rows == n_r else 1
    for m0 in range(0, n_maps, maps):
        m1 = min(n_maps, m0 + maps)
        for r0 in range(0, n_r, rows):
            r1 = min(n_r, r0 + rows)
            train = np.empty((m1 - m0, r1 - r0, n_d, n_train), dtype)
            c = 0
            for i, j, n in segments:
                train[..., c:c + n] = views[n][m0:m1, r0 + i:r1 + i, j:j + n_d]
                c += n
            train.partition(rank - 1, axis=-1)  # in place
            kth = train[..., rank - 1]
            # alpha (float64) times the selected cell, rounded once to the map's dtype
            threshold[m0:m1, r0:r1] = alpha * kth.astype(np.float64)
    return p3 > threshold, threshold


def _multiplier(kind, pfa, n_train, rank_fraction):
    """``(alpha, rank)``: the CFAR multiplier of ``n_train`` training cells (and the OS
    rank ``k = ceil(rank_fraction N)``; 0 for CA)."""
    if kind == "CA":
        return float(ca_cfar_alpha(pfa, n_train)), 0
    rank = max(int(np.ceil(rank_fraction * n_train)), 1)
    return float(os_cfar_alpha(pfa, n_train, rank)), rank


def _cfar(p, kind, pfa, guard, train, rank_fraction):
    """CFAR of validated maps ``p`` (float32 kept, anything else float64): detections,
    threshold (dtype of the computation) and the multiplier ``alpha`` (one value: every cell
    has the same ``N`` training cells on the cyclic map)."""
    dtype = np.dtype(np.float32 if p.dtype == np.float32 else np.float64)
    p3 = p.astype(dtype, copy=False).reshape((-1,) + p.shape[-2:])
    (g_r, g_d), (t_r, t_d) = guard, train
    n_train = (2 * (g_r + t_r) + 1) * (2 * (g_d + t_d) + 1) - (2 * g_r + 1) * (2 * g_d + 1)
    alpha, rank = _multiplier(kind, pfa, n_train, rank_fraction)
    if p3.size == 0:
        det, thr = np.zeros(p3.shape, bool), np.empty(p3.shape, dtype)
    elif kind == "CA":
        det, thr = _ca_threshold(p3, g_r, g_d, t_r, t_d, alpha / n_train, dtype)
    else:
        det, thr = _os_threshold(p3, g_r, g_d, t_r, t_d, rank, alpha, dtype)
    return det.reshape(p.shape), thr.reshape(p.shape), alpha


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
        training cell (defaults ``(1, 1)`` and ``(4, 4)``). The window wraps around along
        both axes (the map is periodic in range and in Doppler), so every cell has the same
        ``N = (2 (g_r + t_r) + 1) (2 (g_d + t_d) + 1) - (2 g_r + 1) (2 g_d + 1)`` training
        cells; the window must fit in the map along each axis.
    rank_fraction : float
        OS rank as a fraction of the training cells, in (0, 1] (default 0.75; unused for
        ``"CA"``).

    Returns
    -------
    detections : numpy.ndarray, bool, same shape as ``power_map``
        ``power_map > threshold``.
    threshold : numpy.ndarray, same shape as ``power_map``
        The per-cell CFAR threshold, float32 for a float32 map (e.g. from complex64
        grids), float64 otherwise. CA: within ``D + 2`` units in the last place of that
        precision of ``alpha`` times the exact training mean (``D`` the depth of the
        summation tree; ``D + 2`` is 10 for the default window, 13 for
        ``guard = train = (8, 8)``); OS: ``alpha`` times the selected training cell,
        rounded once.

    Raises
    ------
    ValueError
        Unknown ``kind``, ``pfa`` outside (0, 1), negative ``guard``/``train`` or no
        training cell, a window ``2 (guard + train) + 1`` wider than the map along range
        or Doppler, a ``rank_fraction`` outside (0, 1].

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
    p = check_array("power_map", power_map, minimum=0.0, dtype=None)
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
    if 2 * (g_r + t_r) + 1 > p.shape[-2]:
        fail("train", train, f"use a range window 2*(guard+train)+1="
             f"{2 * (g_r + t_r) + 1} that does not exceed n_range={p.shape[-2]}")
    det, threshold, _ = _cfar(p, kind, pfa, (g_r, g_d), (t_r, t_d), rank_fraction)
    return det, threshold
