"""Target detection on a range-Doppler map: CFAR, local maxima, sub-bin refinement."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..._validation import check_instance, check_int, check_real, fail
from ._cfar import _multiplier, cfar_2d
from ._peak_refinement import _parabolic

__all__ = ["Detection", "detect_targets"]

_TINY = np.finfo(np.float64).tiny


@dataclass(frozen=True, kw_only=True)
class Detection:
    """One detected target of detect_targets (range, velocity, power, SNR).

    All fields are keyword-only.

    Parameters
    ----------
    range_m : float
        Range after sub-bin refinement (m).
    velocity_mps : float
        Radial velocity after sub-bin refinement (m/s, positive = approaching).
    power : float
        Map power of the peak bin (before refinement).
    snr : float
        Peak power over the CFAR noise-level estimate of that bin (linear).

    Raises
    ------
    TypeError
        A field given positionally or a missing field (from the dataclass constructor); the
        fields are not validated.

    Examples
    --------
    >>> from ofdmisac.estimators import Detection
    >>> Detection(range_m=78.3, velocity_mps=112.4, power=1.0, snr=4.9e4).range_m
    78.3
    """

    range_m: float
    velocity_mps: float
    power: float
    snr: float


def detect_targets(rd_map, *, pfa=1e-6, guard=(2, 2), train=(4, 4), max_targets=None,
                   max_speed_mps=None, kind="CA", rank_fraction=0.75):
    """Detect targets in a single (unbatched) range-Doppler map.

    CFAR (:func:`cfar_2d`, cell averaging unless ``kind="OS"``), then keep detections that
    are 3x3 local maxima, then refine each peak by a parabola fitted to the log power of the
    neighbouring bins along range and along Doppler (use zero padding ``n_range >= 4 n_sc``
    for accuracies of a few hundredths of a resolution cell). The map is periodic along
    both axes and so are the neighbourhoods: a peak in the first or last range row (or
    Doppler column) is compared with and refined by the bins across the wrap, and is
    detected once.

    Parameters
    ----------
    rd_map : RangeDopplerMap
        One map: ``rd_map.power`` of shape ``(n_range, n_doppler)`` (index a batched map
        first), with its axes and bin sizes.
    pfa : float
        CFAR design false-alarm probability per cell, in (0, 1) (default ``1e-6``).
    guard, train : (int, int)
        CFAR guard and training half-widths in bins (range, Doppler), see :func:`cfar_2d`
        (defaults ``(2, 2)`` and ``(4, 4)``).
    max_targets : int, optional
        Keep at most this many detections, the strongest (default: all).
    max_speed_mps : float, optional
        Keep only ``|v| <= max_speed_mps`` (resolves the replicas of a staggered comb, see
        :func:`measure_error_statistics`); default: no limit.
    kind : {"CA", "OS"}
        CFAR variant, see :func:`cfar_2d` (default ``"CA"``; OS resists masking by a nearby
        strong return such as a clutter ridge in the training cells).
    rank_fraction : float
        OS rank as a fraction of the training cells, in (0, 1] (default 0.75).

    Returns
    -------
    list of Detection
        Sorted by decreasing power (empty when nothing is detected). ``range_m`` is taken
        modulo the map's range span, into ``[0, n_range range_bin_m)``, and
        ``velocity_mps`` into the velocity axis interval ``[velocity_mps[0],
        velocity_mps[0] + n_doppler velocity_bin_mps)`` (a refined peak near an edge may
        fall on the other side of the wrap).

    Raises
    ------
    ValueError
        A batched map (``power.ndim != 2``); invalid CFAR options (from :func:`cfar_2d`).

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import detect_targets, range_doppler_map
    >>> from ofdmisac.waveforms import SensingGrid
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((64, 16), bool))
    >>> k, l = np.arange(64)[:, None], np.arange(16)[None, :]
    >>> rx = np.exp(-2j * np.pi * k * 4 / 64) * np.exp(2j * np.pi * l * 3 / 16)
    >>> noise = np.random.default_rng(1).standard_normal((64, 16))
    >>> d = detect_targets(range_doppler_map(rx + 0.1 * noise, np.ones((64, 16)), g))
    >>> len(d), round(d[0].range_m), round(d[0].velocity_mps)
    (1, 79, 113)
    """
    from ._range_doppler import RangeDopplerMap

    check_instance("rd_map", rd_map, RangeDopplerMap)
    if max_targets is not None:
        check_int("max_targets", max_targets, minimum=1)
    if max_speed_mps is not None:
        check_real("max_speed_mps", max_speed_mps, minimum=0.0, strict_min=True)
    p = np.asarray(rd_map.power)
    if p.ndim != 2:
        fail("rd_map", "RangeDopplerMap(...)", "use one map: detect_targets takes one map "
             f"(power of shape (n_range, n_doppler); got shape {p.shape})")
    det, thr = cfar_2d(rd_map.power, pfa=pfa, guard=guard, train=train, kind=kind,
                       rank_fraction=rank_fraction)
    nr, nd = p.shape
    # candidates: the CFAR detections (few); 3x3 local maxima with both axes wrapping
    ir, idp = np.divmod(np.flatnonzero(det), nd)
    y0 = p[ir, idp]
    peak = np.ones(ir.shape, bool)
    for i in (-1, 0, 1):
        for j in (-1, 0, 1):
            if i or j:
                peak &= y0 >= p[(ir + i) % nr, (idp + j) % nd]
    if max_speed_mps is not None:
        peak &= np.abs(np.asarray(rd_map.velocity_mps))[idp] <= max_speed_mps
    ir, idp, y0 = ir[peak], idp[peak], y0[peak]

    def log_power(rows, cols):
        return np.log(np.maximum(p[rows % nr, cols % nd].astype(float), _TINY))

    l0 = log_power(ir, idp)
    dr = _parabolic(log_power(ir - 1, idp), l0, log_power(ir + 1, idp))
    dd = _parabolic(log_power(ir, idp - 1), l0, log_power(ir, idp + 1))
    span_r = nr * rd_map.range_bin_m
    r = np.mod(rd_map.range_m[ir] + dr * rd_map.range_bin_m, span_r)
    r = np.where(r < span_r, r, 0.0)  # -tiny mod span rounds up to span
    v0, span_v = rd_map.velocity_mps[0], nd * rd_map.velocity_bin_mps
    v = v0 + np.mod(rd_map.velocity_mps[idp] + dd * rd_map.velocity_bin_mps - v0, span_v)
    v = np.where(v < v0 + span_v, v, v0)
    (g_r, g_d), (t_r, t_d) = guard, train
    n_train = (2 * (g_r + t_r) + 1) * (2 * (g_d + t_d) + 1) - (2 * g_r + 1) * (2 * g_d + 1)
    alpha = _multiplier(kind, pfa, n_train, rank_fraction)[0]
    noise = thr[ir, idp].astype(float) / alpha  # CFAR noise-level estimate
    out = [Detection(range_m=float(a), velocity_mps=float(b), power=float(c), snr=float(c / n))
           for a, b, c, n in zip(r, v, y0, noise, strict=True)]
    out.sort(key=lambda d: -d.power)
    return out if max_targets is None else out[:max_targets]
