"""Cramer-Rao bound of range and velocity of a point target on a sensing grid."""

from __future__ import annotations

import numpy as np

from ..._validation import check_array, check_instance, fail
from ...units import SPEED_OF_LIGHT_MPS
from ...waveforms import SensingGrid

__all__ = ["crlb_range_velocity", "crlb_range_velocity_full_grid"]


def _check_snr(snr, sensing):
    s = check_array("snr", snr, minimum=0.0)
    try:
        return np.broadcast_to(s, sensing.shape)
    except ValueError:
        fail("snr", snr, f"use a scalar or an array broadcastable to {sensing.shape}")


def crlb_range_velocity(sensing: SensingGrid, snr):
    """Cramer-Rao bound of range and velocity on a grid's pilot REs.

    Model on the pilot REs ``(k, l)`` of ``sensing``: ``y = a x exp(-j 2 pi k scs tau)
    exp(j 2 pi f_D t_l) + n`` with unknown complex ``a`` (nuisance), ``tau = 2R/c``,
    ``f_D = 2 v fc / c`` and ``t_l = sensing.symbol_times_s``. Eliminating ``a`` gives the
    2x2 FIM ``J = 2 (2 pi)^2 sum_i snr_i [u_i u_i^T]`` with ``u_i`` the snr-weighted centred
    ``(-k_i scs, t_i)``. This bound is not a formula of [BM] or [CC]; it is the reference
    of :class:`CrlbErrorModel` and of the measured errors of :func:`measure_error_statistics`.

    Parameters
    ----------
    sensing : SensingGrid
        Numerology, pilot REs, symbol times and processing window (the pilot REs, subcarrier
        spacing, symbol times and carrier frequency are used).
    snr : float or array_like
        Per-RE SNR ``|a X|^2 / N0`` (linear, >= 0), broadcastable to ``sensing.shape``
        (a per-RE ``|X|^2`` profile goes here).

    Returns
    -------
    var_range_m2, var_velocity_mps2 : float
        The bounds on the variances of range (m^2) and velocity ((m/s)^2).

    Raises
    ------
    ValueError
        Negative or non-finite ``snr``, or no pilot RE with ``snr > 0``.
    TypeError
        ``sensing`` is not a :class:`~ofdmisac.waveforms.SensingGrid`.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import crlb_range_velocity
    >>> from ofdmisac.waveforms import SensingGrid
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((64, 16), bool))
    >>> var_r, var_v = crlb_range_velocity(g, 10.0)
    >>> round(var_r ** 0.5, 4), round(var_v ** 0.5, 4)
    (0.0752, 0.1448)
    """
    check_instance("sensing", sensing, SensingGrid)
    w = sensing.pilot_mask * _check_snr(snr, sensing)
    if not np.any(w > 0):
        fail("snr", snr, "use a positive SNR on at least one pilot RE")
    n_sc, n_sym = w.shape
    f = np.arange(n_sc)[:, None] * sensing.scs_hz * np.ones((1, n_sym))
    tt = np.ones((n_sc, 1)) * sensing.symbol_times_s[None, :]
    wt = w.sum()
    fc_ = f - (w * f).sum() / wt
    tc = tt - (w * tt).sum() / wt
    c = 2.0 * (2.0 * np.pi) ** 2
    j = c * np.array([[np.sum(w * fc_**2), -np.sum(w * fc_ * tc)],
                      [-np.sum(w * fc_ * tc), np.sum(w * tc**2)]])
    crb = np.linalg.inv(j)
    var_r = crb[0, 0] * (SPEED_OF_LIGHT_MPS / 2) ** 2
    var_v = crb[1, 1] * (SPEED_OF_LIGHT_MPS / (2 * sensing.fc_hz)) ** 2
    return float(var_r), float(var_v)


def crlb_range_velocity_full_grid(sensing: SensingGrid, snr):
    """Closed-form range/velocity CRB of a full pilot grid.

    For a ``K x L`` grid whose every RE is a pilot and uniform per-RE SNR the Fisher
    information of (tau, f_D) is diagonal (the centred frequencies and times are
    orthogonal), with the symbol times ``t_l = sensing.symbol_times_s``:
    ``var tau = 6 / ((2 pi scs)^2 snr K L (K^2 - 1))``,
    ``var f_D = 1 / (2 (2 pi)^2 snr K sum_l (t_l - tbar)^2)``.
    For uniform times ``t_l = l T`` (``T = sensing.symbol_duration_s``, the default of a
    grid built from numbers) the time spread is ``sum_l (t_l - tbar)^2 = T^2 L (L^2 - 1) / 12``
    and ``var f_D = 6 / ((2 pi T)^2 snr K L (L^2 - 1))``; the NR symbol start times of
    :meth:`~ofdmisac.waveforms.SensingGrid.from_carrier` (the longer CP every 0.5 ms) give
    the actual spread. It equals :func:`crlb_range_velocity` on such a grid.

    Parameters
    ----------
    sensing : SensingGrid
        Numerology, pilot REs, symbol times and processing window; every RE must be a
        pilot (the subcarrier spacing, symbol times and carrier frequency are used).
    snr : float
        Per-RE SNR (linear, > 0).

    Returns
    -------
    var_range_m2, var_velocity_mps2 : float
        The bounds on the variances of range (m^2) and velocity ((m/s)^2).

    Raises
    ------
    ValueError
        A grid with non-pilot REs, or ``snr`` not > 0.
    TypeError
        ``sensing`` is not a :class:`~ofdmisac.waveforms.SensingGrid`.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import crlb_range_velocity_full_grid
    >>> from ofdmisac.waveforms import SensingGrid
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((64, 16), bool))
    >>> var_r, var_v = crlb_range_velocity_full_grid(g, 10.0)
    >>> round(var_r ** 0.5, 4), round(var_v ** 0.5, 4)
    (0.0752, 0.1448)
    """
    check_instance("sensing", sensing, SensingGrid)
    if sensing.n_pilots != sensing.pilot_mask.size:
        fail("sensing", "SensingGrid(...)", "use a grid whose every RE is a pilot "
             "(crlb_range_velocity handles any pilot mask)")
    snr = float(check_array("snr", snr, minimum=0.0, strict_min=True, ndim=0))
    k, ll = sensing.shape
    var_tau = 6.0 / ((2 * np.pi * sensing.scs_hz) ** 2 * snr * k * ll * (k**2 - 1))
    t = sensing.symbol_times_s
    spread = float(np.sum((t - t.mean()) ** 2))  # T^2 L (L^2 - 1) / 12 for t_l = l T
    var_fd = 1.0 / (2.0 * (2 * np.pi) ** 2 * snr * k * spread)
    return (float(var_tau * (SPEED_OF_LIGHT_MPS / 2) ** 2),
            float(var_fd * (SPEED_OF_LIGHT_MPS / (2 * sensing.fc_hz)) ** 2))
