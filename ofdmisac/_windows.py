"""Spectral windows for range-Doppler processing, with coherent gain and processing loss.

Shared infrastructure (like ``_fft``): the sensing grid of :mod:`ofdmisac.waveforms` checks
window names here, the radar processing of :mod:`ofdmisac.estimators` applies them. The public
names are exported by :mod:`ofdmisac.estimators`.
"""

from __future__ import annotations

import numpy as np

from ._validation import check_array, check_choice, check_real, fail

__all__ = ["WINDOW_NAMES", "get_window", "window_gains"]

WINDOW_NAMES = ("rect", "hann", "hamming", "blackmanharris", "chebyshev")


def get_window(name: str, n: int, *, sidelobe_db: float = 80.0) -> np.ndarray:
    """Return a symmetric spectral window of length ``n``.

    Parameters
    ----------
    name : str
        One of :data:`WINDOW_NAMES`: ``"rect"``, ``"hann"``, ``"hamming"``,
        ``"blackmanharris"``, ``"chebyshev"``.
    n : int
        Window length, >= 1.
    sidelobe_db : float, default 80.0
        Sidelobe attenuation of the Chebyshev window in dB (ignored by the other windows).

    Returns
    -------
    numpy.ndarray
        The window, shape ``(n,)``, float64 (symmetric, ``sym=True`` in SciPy's terms).

    Raises
    ------
    ValueError
        If ``name`` is not one of :data:`WINDOW_NAMES` or ``n`` is not an integer >= 1.

    Examples
    --------
    >>> from ofdmisac.estimators import get_window
    >>> w = get_window("hann", 8)
    >>> w.shape, round(float(w.max()), 3)
    ((8,), 0.95)
    """
    if not isinstance(n, (int, np.integer)) or n < 1:
        fail("n", n, "use a positive integer window length")
    sidelobe_db = check_real("sidelobe_db", sidelobe_db, minimum=0.0, strict_min=True)
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


def check_window_name(name: str, parameter: str = "window") -> str:
    """Return ``name`` if it is one of :data:`WINDOW_NAMES`, else raise ValueError."""
    return check_choice(parameter, name, WINDOW_NAMES)


def window_gains(w: np.ndarray) -> dict:
    """Coherent gain and processing loss of a window.

    The coherent gain is ``mean(w)``, the processing loss
    ``10 log10(n sum w^2 / (sum w)^2)`` in dB (0 dB for the rectangular window).

    Parameters
    ----------
    w : array_like of float, shape (n,)
        Window samples, e.g. from :func:`get_window`; ``sum(w)`` must be nonzero.

    Returns
    -------
    dict
        ``{"coherent_gain": float, "processing_loss_db": float}``.

    Raises
    ------
    ValueError
        If ``w`` cannot be converted to a float array (from :func:`numpy.asarray`). An
        empty or zero-sum window is not checked and gives NaN or infinite values.

    Examples
    --------
    >>> from ofdmisac.estimators import get_window, window_gains
    >>> g = window_gains(get_window("hann", 64))
    >>> round(g["coherent_gain"], 3), round(g["processing_loss_db"], 2)
    (0.492, 1.83)
    """
    w = check_array("w", w, minimum=0.0, ndim=1, nonempty=True)
    if not np.any(w > 0):
        fail("w", w, "use a window with a non-zero weight")
    coherent_gain = float(np.mean(w))
    loss_db = float(10 * np.log10(w.size * np.sum(w**2) / np.sum(w) ** 2))
    return {"coherent_gain": coherent_gain, "processing_loss_db": loss_db}
