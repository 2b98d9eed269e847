"""Plain reference of the tuned range-Doppler kernel, used only by tests.

Mirrors ``ofdmisac/estimators/radar/_range_doppler.py``:
:func:`ofdmisac.estimators.range_doppler_map` (``.power``, ``.range_m``, ``.velocity_mps``)
and its precomputed :func:`ofdmisac.estimators.range_doppler_factor` path. Written from the
definition of ``docs/conventions.md``: on the pilot REs ``H = Y / X`` (``"divide"``) or
``H = Y conj(X)`` (``"conjugate"``), zero elsewhere; then

``P[n, m] = |sum_{k,l} w_k w_l H[k,l] exp(+j 2 pi k n / N) exp(-j 2 pi l (m - M//2) / M)|^2
/ G^2``

with ``G = sum_{k,l} w_k w_l m_kl`` (times ``|X_kl|^2`` for ``"conjugate"``), row ``n`` the
range bin, column ``m`` the fftshifted Doppler bin. Two plain ``np.fft`` calls with explicit
``norm``, in float64; no caching, workspaces, phase ramps or reversed views.
"""

from __future__ import annotations

import numpy as np

from ofdmisac.estimators import get_window
from ofdmisac.units import SPEED_OF_LIGHT_MPS

__all__ = ["range_doppler_axes_reference", "range_doppler_power_reference"]


def range_doppler_power_reference(rx_grid, tx_grid, *, method="divide", window_range="rect",
                                  window_doppler="rect", n_range=None, n_doppler=None,
                                  pilot_mask=None) -> np.ndarray:
    """Periodogram power map from the definition (reference of ``range_doppler_map``).

    Parameters
    ----------
    rx_grid : array_like, complex, shape ``(..., n_sc, n_sym)``
        Received grid.
    tx_grid : array_like, complex, shape ``(..., n_sc, n_sym)``
        Transmitted grid, broadcast against ``rx_grid``.
    method : {"divide", "conjugate"}
        ``H = Y / X`` or ``H = Y conj(X)`` on the pilot REs.
    window_range, window_doppler : str
        Window names (``get_window``), along subcarriers / symbols.
    n_range, n_doppler : int, optional
        DFT lengths (zero padding), at least ``n_sc`` / ``n_sym``; default the grid size.
    pilot_mask : array_like of bool, shape broadcastable to ``tx_grid``, optional
        REs carrying known symbols; the pilot REs are ``pilot_mask & (tx_grid != 0)``
        (default ``tx_grid != 0``).

    Returns
    -------
    numpy.ndarray, float64, shape ``(..., n_range, n_doppler)``
        ``P[..., n, m]``: range bin ``n`` (``range_m[n] = n c / (2 scs n_range)``), Doppler
        bin ``m - n_doppler // 2`` (fftshifted, ascending velocity).

    Raises
    ------
    ValueError
        Unknown method, DFT lengths smaller than the grid, a grid without pilot REs.
    """
    rx = np.asarray(rx_grid, dtype=np.complex128)
    tx = np.asarray(tx_grid, dtype=np.complex128)
    if method not in ("divide", "conjugate"):
        raise ValueError(f"method={method!r}: choose 'divide' or 'conjugate'")
    n_sc, n_sym = tx.shape[-2:]
    n_range = n_sc if n_range is None else n_range
    n_doppler = n_sym if n_doppler is None else n_doppler
    if n_range < n_sc or n_doppler < n_sym:
        raise ValueError("the DFT lengths must be at least the grid size")
    pilots = tx != 0
    if pilot_mask is not None:
        pilots = pilots & np.asarray(pilot_mask, dtype=bool)
    # separable window w_k w_l, [n_sc, n_sym]
    w = get_window(window_range, n_sc)[:, None] * get_window(window_doppler, n_sym)[None, :]
    safe_tx = np.where(pilots, tx, 1.0)  # no division by zero off the pilots
    if method == "divide":
        h = np.where(pilots, rx / safe_tx, 0.0)
        gain = np.sum(w * pilots, axis=(-2, -1))
    else:
        h = np.where(pilots, rx * np.conj(safe_tx), 0.0)
        gain = np.sum(w * pilots * np.abs(tx) ** 2, axis=(-2, -1))
    if np.any(gain <= 0):
        raise ValueError("a grid has no pilot REs")
    # range: sum_k (.) exp(+j 2 pi k n / N), i.e. the inverse DFT without its 1/N
    z = np.fft.ifft(w * h, n=n_range, axis=-2, norm="forward")
    # Doppler: sum_l (.) exp(-j 2 pi l m / M), the forward DFT without scaling, fftshifted
    z = np.fft.fftshift(np.fft.fft(z, n=n_doppler, axis=-1, norm="backward"), axes=-1)
    return np.abs(z) ** 2 / np.asarray(gain, dtype=float)[..., None, None] ** 2


def range_doppler_axes_reference(n_range, n_doppler, *, scs_hz, fc_hz, symbol_duration_s):
    """Range and velocity axes of the map (reference of ``range_m`` / ``velocity_mps``).

    Parameters
    ----------
    n_range, n_doppler : int
        DFT lengths.
    scs_hz, fc_hz, symbol_duration_s : float
        Subcarrier spacing, carrier frequency, OFDM symbol duration (CP included).

    Returns
    -------
    range_m : numpy.ndarray, float64, shape ``(n_range,)``
        ``n c / (2 scs_hz n_range)``.
    velocity_mps : numpy.ndarray, float64, shape ``(n_doppler,)``
        ``(m - n_doppler // 2) c / (2 fc_hz symbol_duration_s n_doppler)``.
    """
    c = SPEED_OF_LIGHT_MPS
    range_m = np.arange(n_range) * c / (2.0 * scs_hz * n_range)
    velocity_mps = ((np.arange(n_doppler) - n_doppler // 2) * c
                    / (2.0 * fc_hz * symbol_duration_s * n_doppler))
    return range_m, velocity_mps
