"""Sensing interference: other base stations' reference signals received by the sensing BS."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..._random import as_generator
from ...units import SPEED_OF_LIGHT_MPS

__all__ = [
    "InterferenceDraws", "mean_interference_power", "one_way_path_loss", "synthesize_interference"
]


def one_way_path_loss(distance_m, fc_hz, path_loss_exponent=2.0):
    """One-way path loss ``L(r) = (c / (4 pi f_c))^2 r^(-alpha)`` ([BM] eq. (1)), linear.

    Raises
    ------
    ValueError
        ``distance_m <= 0`` or ``fc_hz <= 0``.
    """
    d = np.asarray(distance_m, dtype=float)
    if np.any(~(d > 0)):
        raise ValueError(f"distances_m must be > 0, got {distance_m!r}")
    if not np.isfinite(fc_hz) or fc_hz <= 0:
        raise ValueError(f"fc_hz must be > 0, got {fc_hz!r}")
    return (SPEED_OF_LIGHT_MPS / (4 * np.pi * fc_hz)) ** 2 * d ** (
        -np.asarray(path_loss_exponent, dtype=float))


def _check_beams(n_beams, rho) -> float:
    if isinstance(n_beams, bool) or not isinstance(n_beams, (int, np.integer)) or n_beams < 1:
        raise ValueError(f"n_beams={n_beams!r} is not allowed; use an integer >= 1")
    rho = float(n_beams) ** 2 if rho is None else rho
    if not np.isfinite(rho) or rho < 1:
        raise ValueError(f"rho={rho!r} is not allowed; the mainlobe-to-sidelobe ratio must be "
                         ">= 1 (linear)")
    return float(rho)


def mean_interference_power(distances_m, fc_hz, *, n_beams, rho=None, path_loss_exponent=2.0,
                            tx_power=1.0, g_ml=1.0):
    """Mean interference power per unit-power RE, ``sum_i P L(l_i) E[G]``.

    Implements the mean of [BM] eq. (6) with ``E[h] = 1`` and
    ``E[G] = G_ml / n_B^2 + (1 - 1 / n_B^2) G_ml / rho``.

    Parameters
    ----------
    distances_m : array_like
        ``[n_interferers]`` distances ``l_i`` (m, > 0).
    fc_hz : float
    n_beams : int
    rho : float, optional
        Mainlobe-to-sidelobe ratio, default ``n_B^2``.
    path_loss_exponent : float or array_like
        ``alpha`` (one per interferer or common).
    tx_power, g_ml : float
        Transmit power per RE and mainlobe gain.

    Returns
    -------
    float
    """
    rho = _check_beams(n_beams, rho)
    p_ml = 1.0 / n_beams**2
    mean_gain = g_ml * (p_ml + (1.0 - p_ml) / rho)
    return float(np.sum(tx_power * one_way_path_loss(distances_m, fc_hz, path_loss_exponent))
                 * mean_gain)


@dataclass(frozen=True, kw_only=True)
class InterferenceDraws:
    """Random quantities of one :func:`synthesize_interference` call, each
    ``[n_interferers, *batch]``: ``gain`` (G_ml or G_sl), ``mainlobe`` (bool), ``fading``
    (complex amplitude, ``|h|^2 ~ Exp(1)``) and ``delay_s``."""

    gain: np.ndarray
    mainlobe: np.ndarray
    fading: np.ndarray
    delay_s: np.ndarray


def synthesize_interference(interferer_grids, carrier, distances_m, fc_hz, *, n_beams,
                            rho=None, path_loss_exponent=2.0, tx_power=1.0, g_ml=1.0,
                            delay_range_s=(0.0, 0.0), return_draws=False, dtype=np.complex64,
                            rng=None):
    """Interference received by the sensing BS from other BSs' transmitted grids.

    Each interferer ``i`` (e.g. a BS sending its own PRS with another ``n_id``) arrives with
    one-way path loss ``L(l_i)`` ([BM] eq. (1)), a boresight gain ``G_ml`` with probability
    ``1 / n_B^2`` and ``G_sl = G_ml / rho`` otherwise ([BM] eq. (6)), Rayleigh block fading
    (complex Gaussian amplitude, ``h = |amplitude|^2 ~ Exp(1)``, uniform phase) and a delay
    uniform on ``delay_range_s`` (frequency-domain model: a per-subcarrier phase ramp, valid
    while the delay is within the cyclic prefix)::

        I[k, l] = sum_i sqrt(P L(l_i) G_i) g_i X_i[k, l] exp(-j 2 pi f_k tau_i)

    One draw of ``(G_i, g_i, tau_i)`` per interferer and batch element, constant over the
    grid (BSs are static: no Doppler).

    Parameters
    ----------
    interferer_grids : array_like
        ``[n_interferers, ..., n_subcarriers, n_symbols]`` transmitted grids.
    carrier : Carrier
        Supplies the subcarrier frequencies.
    distances_m : array_like
        ``[n_interferers]`` distances (m, > 0).
    fc_hz : float
    n_beams : int
        ``n_B``; the mainlobe probability is ``1 / n_B^2``.
    rho : float, optional
        Mainlobe-to-sidelobe ratio ``G_ml / G_sl`` (>= 1), default ``n_B^2``.
    path_loss_exponent : float or array_like
        ``alpha`` (common or ``[n_interferers]``).
    tx_power, g_ml : float
    delay_range_s : (float, float)
        ``0 <= low <= high`` bounds of the uniform delay.
    return_draws : bool
        Also return the :class:`InterferenceDraws`.
    dtype : numpy dtype
    rng : Generator, seed or None

    Returns
    -------
    numpy.ndarray or (numpy.ndarray, InterferenceDraws)
        ``[..., n_subcarriers, n_symbols]`` interference grid.

    Raises
    ------
    ValueError
        Bad grid shape, distances not matching the interferers or not > 0, bad ``n_beams``,
        ``rho``, ``fc_hz`` or delay range.

    References
    ----------
    [BM] eqs. (1), (6).

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.waveforms import Carrier
    >>> c = Carrier(scs_khz=120, n_rb=4)
    >>> grids = np.ones((2, 48, 14), dtype=np.complex64)
    >>> synthesize_interference(grids, c, [100.0, 150.0], 28e9, n_beams=8, rng=0).shape
    (48, 14)
    """
    x = np.asarray(interferer_grids)
    if x.ndim < 3 or x.shape[-2] != carrier.n_subcarriers:
        raise ValueError(f"interferer_grids shape {x.shape} is not allowed; expected "
                         f"[n_interferers, ..., {carrier.n_subcarriers}, n_symbols]")
    n_i = x.shape[0]
    d = np.asarray(distances_m, dtype=float)
    if d.shape != (n_i,):
        raise ValueError(f"distances_m has shape {d.shape}; expected ({n_i},), one per "
                         "interferer")
    rho = _check_beams(n_beams, rho)
    lo, hi = (float(v) for v in delay_range_s)
    if not (0.0 <= lo <= hi and np.isfinite(hi)):
        raise ValueError(f"delay_range_s={delay_range_s!r} is not allowed; use 0 <= low <= high")
    alpha = np.asarray(path_loss_exponent, dtype=float)
    if alpha.ndim and alpha.shape != (n_i,):
        raise ValueError(f"path_loss_exponent has shape {alpha.shape}; expected a scalar or "
                         f"({n_i},)")
    loss = one_way_path_loss(d, fc_hz, path_loss_exponent)
    gen = as_generator(rng)
    batch = x.shape[1:-2]
    draw_shape = (n_i, *batch)
    mainlobe = gen.random(draw_shape) < 1.0 / n_beams**2
    gain = np.where(mainlobe, g_ml, g_ml / rho)
    fading = (gen.standard_normal(draw_shape) + 1j * gen.standard_normal(draw_shape)) \
        / np.sqrt(2.0)
    delay = lo + (hi - lo) * gen.random(draw_shape)
    expand = (n_i,) + (1,) * len(batch)
    amp = np.sqrt(tx_power * loss.reshape(expand) * gain) * fading
    f_k = carrier.subcarrier_frequencies_hz()
    ramp = np.exp(-2j * np.pi * delay[..., None] * f_k)  # [n_i, *batch, n_sc]
    y = np.sum(x * (amp[..., None] * ramp)[..., None], axis=0).astype(dtype)
    if return_draws:
        return y, InterferenceDraws(gain=gain, mainlobe=mainlobe, fading=fading, delay_s=delay)
    return y
