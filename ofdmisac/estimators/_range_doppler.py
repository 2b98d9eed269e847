"""Range-Doppler map of an OFDM radar echo ([BM] Sec. II, eqs. (13)-(14)).

Sign conventions: the echo of a point target at range ``R`` and radial velocity ``v``
(positive = approaching) is ``Y[k, l] = a X[k, l] exp(-j 2 pi k scs 2R/c)
exp(+j 2 pi (2 v fc / c) t_l)`` with ``t_l = l T_sym``. The map is
``|sum_{k,l} w_k w_l H[k,l] exp(+j 2 pi k n / N) exp(-j 2 pi l m / M)|^2 / (sum w_k w_l m_kl)^2``
so an on-grid target of channel amplitude ``a`` gives peak ``|a|^2``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import _fft
from ..units import SPEED_OF_LIGHT_MPS
from ._windows import get_window, window_gains

__all__ = [
    "RangeDopplerMap",
    "range_doppler_map",
    "range_resolution_m",
    "velocity_resolution_mps",
    "unambiguous_range_m",
    "unambiguous_velocity_mps",
]


def range_resolution_m(bandwidth_hz: float) -> float:
    """Range resolution ``c / (2 B)`` ([BM] eq. (13))."""
    return SPEED_OF_LIGHT_MPS / (2.0 * bandwidth_hz)


def velocity_resolution_mps(duration_s: float, fc_hz: float) -> float:
    """Velocity resolution ``c / (2 fc T_obs)`` ([BM] eq. (13))."""
    return SPEED_OF_LIGHT_MPS / (2.0 * fc_hz * duration_s)


def unambiguous_range_m(scs_hz: float, comb: int = 1) -> float:
    """Unambiguous range ``c / (2 comb scs)`` ([BM] eq. (14))."""
    return SPEED_OF_LIGHT_MPS / (2.0 * comb * scs_hz)


def unambiguous_velocity_mps(symbol_duration_s: float, fc_hz: float, step: int = 1) -> float:
    """Unambiguous velocity span ``c / (2 fc step T_sym)`` ([BM] eq. (14)); the map covers
    ``[-span/2, span/2)``."""
    return SPEED_OF_LIGHT_MPS / (2.0 * fc_hz * step * symbol_duration_s)


@dataclass(frozen=True, kw_only=True)
class RangeDopplerMap:
    """Result of :func:`range_doppler_map`.

    Attributes
    ----------
    power : ndarray, float, shape ``(..., n_range, n_doppler)``
    range_m : ndarray, shape ``(n_range,)``, ``n c / (2 scs N)``
    velocity_mps : ndarray, shape ``(n_doppler,)``, fftshifted, ascending
    range_bin_m, velocity_bin_mps : float
    processing_loss_db : float
        SNR loss of the range and Doppler windows, ``10 log10(n sum w^2 / (sum w)^2)`` summed
        over the two axes (0 for rectangular windows), see :func:`window_gains`.
    """

    power: np.ndarray
    range_m: np.ndarray
    velocity_mps: np.ndarray
    range_bin_m: float
    velocity_bin_mps: float
    processing_loss_db: float = 0.0


def range_doppler_map(rx_grid, tx_grid, carrier=None, fc_hz=None, *, scs_hz=None,
                      symbol_duration_s=None, method="divide", window_range="rect",
                      window_doppler="rect", n_range=None, n_doppler=None,
                      pilot_mask=None) -> RangeDopplerMap:
    """Periodogram range-Doppler map from received and transmitted grids.

    Parameters
    ----------
    rx_grid, tx_grid : array, complex, shape ``(..., n_sc, n_sym)``
    carrier : Carrier, optional
        Supplies ``scs_hz`` and ``symbol_duration_s`` unless given explicitly.
    fc_hz : float
        Carrier frequency.
    method : {"divide", "conjugate"}
        Element-wise division by the transmitted symbols or multiplication by their conjugate.
    window_range, window_doppler : str
        Window names (see ``WINDOW_NAMES``), applied along subcarriers / symbols.
    n_range, n_doppler : int, optional
        FFT lengths (zero padding), at least the grid size.
    pilot_mask : bool array ``(n_sc, n_sym)``, optional
        REs carrying known symbols; default: where ``tx_grid != 0``. Non-pilot REs are set to
        zero. For a comb with subcarrier spacing ``D`` the zero-filled grid produces ``D``
        replicas (ghosts) of each target spaced ``c / (2 D scs)`` in range: this is the
        unambiguous range of eq. (14); decimate the grid first to avoid them.

    Returns
    -------
    RangeDopplerMap

    Raises
    ------
    ValueError
        Mismatched shapes, a grid without pilot REs, unknown method or window, bad sizes.
    """
    rx = np.asarray(rx_grid)
    tx = np.asarray(tx_grid)
    if rx.shape[-2:] != tx.shape[-2:] or rx.ndim < 2:
        raise ValueError(f"rx_grid shape {rx.shape} and tx_grid shape {tx.shape} do not match "
                         "in the last two (subcarrier, symbol) axes")
    if carrier is not None:
        scs_hz = carrier.scs_hz if scs_hz is None else scs_hz
        symbol_duration_s = (carrier.symbol_duration_s if symbol_duration_s is None
                             else symbol_duration_s)
    if scs_hz is None or symbol_duration_s is None or fc_hz is None:
        raise ValueError("need carrier (or scs_hz and symbol_duration_s) and fc_hz")
    for name, value in (("fc_hz", fc_hz), ("scs_hz", scs_hz),
                        ("symbol_duration_s", symbol_duration_s)):
        if not np.isfinite(value) or value <= 0:
            raise ValueError(f"{name}={value!r} is not allowed; it must be > 0")
    if method not in ("divide", "conjugate"):
        raise ValueError(f"method={method!r} is not allowed; choose 'divide' or 'conjugate'")
    n_sc, n_sym = rx.shape[-2:]
    n_range = n_sc if n_range is None else int(n_range)
    n_doppler = n_sym if n_doppler is None else int(n_doppler)
    if n_range < n_sc or n_doppler < n_sym:
        raise ValueError(f"n_range={n_range}, n_doppler={n_doppler} must be >= grid size "
                         f"({n_sc}, {n_sym})")
    mask = (np.abs(tx) > 0) if pilot_mask is None else np.asarray(pilot_mask, dtype=bool)
    mask = np.broadcast_to(mask, tx.shape)
    if not mask.any():
        raise ValueError("the grid has no pilot REs (pilot_mask / tx_grid all zero)")
    wr = get_window(window_range, n_sc)
    wd = get_window(window_doppler, n_sym)
    dtype = np.result_type(rx.dtype, np.complex64)
    rdtype = np.float32 if dtype == np.complex64 else np.float64
    w2 = (wr[:, None] * wd[None, :]).astype(rdtype)
    safe_tx = np.where(mask, tx, 1)
    # one per-RE factor (usually unbatched): window / X on pilots (or window conj(X)), 0 else
    if method == "divide":
        scale = np.where(mask, w2 / safe_tx, 0)
        gain = np.sum(w2 * mask, axis=(-2, -1))
    else:
        scale = np.where(mask, w2 * np.conj(tx), 0)
        gain = np.sum(w2 * mask * np.abs(tx) ** 2, axis=(-2, -1))
    h = rx * scale.astype(dtype, copy=False)
    # range: sum_k h exp(+j2pi k n/N); Doppler: sum_l h exp(-j2pi l m/M). One unscaled 2-D
    # inverse DFT computes both, with the Doppler index reversed (m -> -m); the reversal and
    # the fftshift are one gather along the symbol axis.
    z = _fft.ifftn(h, s=(n_range, n_doppler), axes=(-2, -1), norm="forward")
    z = z[..., (n_doppler // 2 - np.arange(n_doppler)) % n_doppler]
    power = np.square(z.real)
    power += np.square(z.imag)
    power *= (1.0 / np.asarray(gain, dtype=float) ** 2).astype(rdtype)[..., None, None]
    range_bin = SPEED_OF_LIGHT_MPS / (2.0 * scs_hz * n_range)
    vel_bin = SPEED_OF_LIGHT_MPS / (2.0 * fc_hz * symbol_duration_s * n_doppler)
    return RangeDopplerMap(
        power=power,
        range_m=np.arange(n_range) * range_bin,
        velocity_mps=(np.arange(n_doppler) - n_doppler // 2) * vel_bin,
        range_bin_m=range_bin,
        velocity_bin_mps=vel_bin,
        processing_loss_db=(window_gains(wr)["processing_loss_db"]
                            + window_gains(wd)["processing_loss_db"]),
    )
