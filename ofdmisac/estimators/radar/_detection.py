"""Target detection on a range-Doppler map: CFAR, local maxima, sub-bin refinement."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._cfar import _box_sum, ca_cfar_alpha, cfar_2d, os_cfar_alpha

__all__ = ["Detection", "detect_targets"]


@dataclass(frozen=True, kw_only=True)
class Detection:
    """One detected target: refined ``range_m``, ``velocity_mps``, peak ``power`` and
    ``snr`` (peak power over the CFAR noise estimate, linear)."""

    range_m: float
    velocity_mps: float
    power: float
    snr: float


def _parabolic(ym, y0, yp):
    """Vertex offset of the parabola through (-1, ym), (0, y0), (1, yp), in (-0.5, 0.5)."""
    den = ym - 2 * y0 + yp
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.where(den < 0, 0.5 * (ym - yp) / den, 0.0)
    return np.clip(d, -0.5, 0.5)


def detect_targets(rd_map, *, pfa=1e-6, guard=(2, 2), train=(4, 4), max_targets=None,
                   max_speed_mps=None, kind="CA", rank_fraction=0.75):
    """Detect targets in a single (unbatched) :class:`RangeDopplerMap`.

    CA-CFAR (see :func:`cfar_2d`), then keep detections that are 3x3 local maxima (Doppler
    wrapping), then refine each peak by a parabola fitted to the log power of the neighbouring
    bins along range and along Doppler (use zero padding ``n_range >= 4 n_sc`` for
    accuracies of a few hundredths of a resolution cell).

    Parameters
    ----------
    kind, rank_fraction
        CFAR variant, see :func:`cfar_2d` (OS resists masking by a nearby strong return such
        as a clutter ridge in the training cells).
    max_speed_mps : float, optional
        Keep only ``|v| <= max_speed_mps`` (resolves the replicas of a staggered comb, see
        :func:`measure_error_statistics`).

    Returns
    -------
    list of Detection, sorted by decreasing power.

    Raises
    ------
    ValueError
        A batched map (``power.ndim != 2``).
    """
    p = np.asarray(rd_map.power, dtype=float)
    if p.ndim != 2:
        raise ValueError(f"detect_targets takes one map; power has shape {p.shape}")
    det, thr = cfar_2d(p, pfa=pfa, guard=guard, train=train, kind=kind,
                       rank_fraction=rank_fraction)
    pad = np.pad(p, ((1, 1), (0, 0)), constant_values=-np.inf)
    pad = np.concatenate([pad[:, -1:], pad, pad[:, :1]], axis=1)
    nr, nd = p.shape
    neigh = np.stack([pad[1 + i:1 + i + nr, 1 + j:1 + j + nd]
                      for i in (-1, 0, 1) for j in (-1, 0, 1) if (i, j) != (0, 0)])
    peak = det & (p >= neigh.max(axis=0))
    if max_speed_mps is not None:
        peak &= np.abs(np.asarray(rd_map.velocity_mps))[None, :] <= max_speed_mps
    ir, idp = np.nonzero(peak)
    lp = np.log(np.maximum(pad, np.finfo(float).tiny))
    y0 = lp[ir + 1, idp + 1]
    dr = np.where((ir > 0) & (ir < nr - 1), _parabolic(lp[ir, idp + 1], y0, lp[ir + 2, idp + 1]),
                  0.0)
    dd = _parabolic(lp[ir + 1, idp], y0, lp[ir + 1, idp + 2])
    r = rd_map.range_m[ir] + dr * rd_map.range_bin_m
    v = rd_map.velocity_mps[idp] + dd * rd_map.velocity_bin_mps
    ones = np.ones(p.shape)
    g_r, g_d = guard
    t_r, t_d = train
    n_train = _box_sum(ones, g_r + t_r, g_d + t_d) - _box_sum(ones, g_r, g_d)
    n_cell = n_train[ir, idp]
    if kind == "CA":
        alpha = ca_cfar_alpha(pfa, n_cell)
    else:
        alpha = os_cfar_alpha(pfa, n_cell, np.maximum(np.ceil(rank_fraction * n_cell), 1))
    noise = thr[ir, idp] / alpha  # CFAR noise-level estimate
    out = [Detection(range_m=float(a), velocity_mps=float(b), power=float(c), snr=float(c / n))
           for a, b, c, n in zip(r, v, p[ir, idp], noise, strict=True)]
    out.sort(key=lambda d: -d.power)
    return out if max_targets is None else out[:max_targets]

