"""Spectral windows for range-Doppler processing, with coherent gain and processing loss."""

from __future__ import annotations

import numpy as np

__all__ = ["WINDOW_NAMES", "get_window", "window_gains"]

WINDOW_NAMES = ("rect", "hann", "hamming", "blackmanharris", "chebyshev")


def get_window(name: str, n: int, *, sidelobe_db: float = 80.0) -> np.ndarray:
    """Return a symmetric window of length ``n`` (float64, shape ``(n,)``).

    Parameters
    ----------
    name : str
        One of ``WINDOW_NAMES``.
    n : int
        Length (>= 1).
    sidelobe_db : float
        Sidelobe attenuation of the Chebyshev window in dB.

    Raises
    ------
    ValueError
        Unknown name or ``n < 1``.
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        raise ValueError(f"window length n={n!r} must be a positive integer")
    if name == "rect":
        return np.ones(n)
    from scipy.signal import windows as _sw  # slow to import: deferred to the first call

    if name == "hann":
        return _sw.hann(n, sym=True)
    if name == "hamming":
        return _sw.hamming(n, sym=True)
    if name == "blackmanharris":
        return _sw.blackmanharris(n, sym=True)
    if name == "chebyshev":
        return _sw.chebwin(n, at=sidelobe_db, sym=True)
    raise ValueError(f"window={name!r} is not allowed; choose one of {WINDOW_NAMES}")


def window_gains(w: np.ndarray) -> dict:
    """Coherent gain ``mean(w)`` and processing loss ``10 log10(n sum w^2 / (sum w)^2)`` (dB)."""
    w = np.asarray(w, dtype=float)
    coherent_gain = float(np.mean(w))
    loss_db = float(10 * np.log10(w.size * np.sum(w**2) / np.sum(w) ** 2))
    return {"coherent_gain": coherent_gain, "processing_loss_db": loss_db}
