"""Two-dimensional cell-averaging CFAR on square-law range-Doppler maps."""

from __future__ import annotations

import numpy as np

__all__ = ["ca_cfar_alpha", "cfar_2d"]


def ca_cfar_alpha(pfa, n_train):
    """CA-CFAR multiplier ``alpha = N (pfa^(-1/N) - 1)`` for exponential noise (square law).

    Broadcasts over ``n_train`` (per-cell training counts).
    """
    n = np.asarray(n_train, dtype=float)
    return n * (np.power(pfa, -1.0 / n) - 1.0)


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


def cfar_2d(power_map, *, kind="CA", pfa=1e-6, guard=(1, 1), train=(4, 4)):
    """Cell-averaging CFAR detector.

    Parameters
    ----------
    power_map : array, float, shape ``(..., n_range, n_doppler)``
        Square-law map (exponentially distributed under noise only).
    kind : {"CA"}
        Only cell averaging is implemented.
    pfa : float
        Design false-alarm probability, ``0 < pfa < 1``.
    guard, train : (int, int)
        Guard and training half-widths (range, Doppler). Range edges are truncated (per-cell
        training count N), Doppler wraps around.

    Returns
    -------
    detections : bool array, same shape as ``power_map``
    threshold : float array, same shape

    Raises
    ------
    ValueError
        Unknown kind, pfa outside (0, 1), negative sizes, or a window wider than the map.
    """
    if kind != "CA":
        raise ValueError(f"kind={kind!r} is not allowed; choose 'CA'")
    if not 0.0 < pfa < 1.0:
        raise ValueError(f"pfa={pfa!r} must lie in (0, 1)")
    p = np.asarray(power_map, dtype=float)
    g_r, g_d = (int(v) for v in guard)
    t_r, t_d = (int(v) for v in train)
    if min(g_r, g_d, t_r, t_d) < 0 or t_r + t_d == 0:
        raise ValueError(f"guard={guard!r}, train={train!r} must be non-negative with training")
    if 2 * (g_d + t_d) + 1 > p.shape[-1]:
        raise ValueError(f"Doppler window 2*(guard+train)+1={2 * (g_d + t_d) + 1} exceeds "
                         f"n_doppler={p.shape[-1]}")
    outer = _box_sum(p, g_r + t_r, g_d + t_d)
    inner = _box_sum(p, g_r, g_d)
    ones = np.ones(p.shape[-2:])
    n = _box_sum(ones, g_r + t_r, g_d + t_d) - _box_sum(ones, g_r, g_d)
    alpha = ca_cfar_alpha(pfa, n)
    threshold = alpha * (outer - inner) / n
    return p > threshold, threshold
