"""Cramer-Rao bound of range and velocity of a point target in an OFDM radar grid."""

from __future__ import annotations

import numpy as np

from ...units import SPEED_OF_LIGHT_MPS

__all__ = ["crlb_range_velocity", "crlb_range_velocity_full_grid"]


def crlb_range_velocity(pilot_mask, scs_hz, symbol_times_s, fc_hz, snr):
    """CRB of range and velocity from the Fisher information of the echo model.

    Model on pilot REs ``(k, l)``: ``y = a x exp(-j 2 pi k scs tau) exp(j 2 pi f_D t_l) + n``
    with unknown complex ``a`` (nuisance), ``tau = 2R/c``, ``f_D = 2 v fc / c``. Eliminating
    ``a`` gives the 2x2 FIM ``J = 2 (2 pi)^2 sum_i snr_i [u_i u_i^T]`` with ``u_i`` the
    snr-weighted centred ``(-k_i scs, t_i)``.

    Parameters
    ----------
    pilot_mask : bool array ``(n_sc, n_sym)``, or a weight array (per-RE |X|^2 scale).
    scs_hz : float
    symbol_times_s : array ``(n_sym,)``
    fc_hz : float
    snr : float or array broadcastable to the mask
        Per-RE SNR ``|a X|^2 / N0`` (linear).

    Returns
    -------
    var_range_m2, var_velocity_mps2 : float
    """
    w = np.asarray(pilot_mask, dtype=float) * np.asarray(snr, dtype=float)
    if w.ndim != 2 or not np.any(w > 0):
        raise ValueError("pilot_mask must be a 2-D (n_sc, n_sym) grid with pilot REs")
    n_sc, n_sym = w.shape
    t = np.asarray(symbol_times_s, dtype=float)
    if t.shape != (n_sym,):
        raise ValueError(f"symbol_times_s has shape {t.shape}, expected ({n_sym},)")
    f = np.arange(n_sc)[:, None] * scs_hz * np.ones((1, n_sym))
    tt = np.ones((n_sc, 1)) * t[None, :]
    wt = w.sum()
    fc_ = f - (w * f).sum() / wt
    tc = tt - (w * tt).sum() / wt
    c = 2.0 * (2.0 * np.pi) ** 2
    j = c * np.array([[np.sum(w * fc_**2), -np.sum(w * fc_ * tc)],
                      [-np.sum(w * fc_ * tc), np.sum(w * tc**2)]])
    crb = np.linalg.inv(j)
    var_r = crb[0, 0] * (SPEED_OF_LIGHT_MPS / 2) ** 2
    var_v = crb[1, 1] * (SPEED_OF_LIGHT_MPS / (2 * fc_hz)) ** 2
    return float(var_r), float(var_v)


def crlb_range_velocity_full_grid(n_sc, n_sym, scs_hz, symbol_duration_s, fc_hz, snr):
    """Closed form on a full ``n_sc x n_sym`` grid with uniform per-RE SNR:
    ``var tau = 6 / ((2 pi scs)^2 snr K L (K^2 - 1))``, ``var f_D = 6 / ((2 pi T)^2 snr K L
    (L^2 - 1))``."""
    k, ll = n_sc, n_sym
    var_tau = 6.0 / ((2 * np.pi * scs_hz) ** 2 * snr * k * ll * (k**2 - 1))
    var_fd = 6.0 / ((2 * np.pi * symbol_duration_s) ** 2 * snr * k * ll * (ll**2 - 1))
    return (float(var_tau * (SPEED_OF_LIGHT_MPS / 2) ** 2),
            float(var_fd * (SPEED_OF_LIGHT_MPS / (2 * fc_hz)) ** 2))
