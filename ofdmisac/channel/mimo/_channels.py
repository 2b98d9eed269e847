"""Massive-MIMO channels of [CC] section 2: Rician users and round-trip target channels.

All functions broadcast over leading batch dimensions (realizations, users, ...); the
antenna axis is last. Gains are linear power gains (not dB).
"""

from __future__ import annotations

import math

import numpy as np

from ..._random import as_generator
from ..._validation import (
    check_array,
    check_bytes,
    check_complex_array,
    check_dtype,
    check_real,
    check_shape,
    fail,
)
from ._array import _check_n_antennas, steering_vector

__all__ = [
    "path_gain", "rcs_coefficients", "rician_channels", "target_channel_matrix", "target_path_gain"
]


def _check_rician_factor(rician_factor) -> np.ndarray:
    """Validate Rician K-factors (linear, >= 0) and return them as float64."""
    return check_array("rician_factor", rician_factor, minimum=0.0)


def _check_positive(name: str, value) -> np.ndarray:
    return check_array(name, value, minimum=0.0, strict_min=True)


def path_gain(distance_m, *, c0: float, exponent: float) -> np.ndarray:
    """One-way large-scale fading of a user (path gain) of [CC] section 2.

    ``beta_u = C_0 d^-alpha``.

    Parameters
    ----------
    distance_m : array_like
        Distances in metres (> 0).
    c0 : float
        Linear path gain at 1 m (e.g. ``db_to_linear(-30)``), > 0.
    exponent : float
        Path-loss exponent ``alpha`` > 0.

    Returns
    -------
    numpy.ndarray
        ``beta_u``, float64, same shape as ``distance_m``.

    Raises
    ------
    TypeError
        If an argument is not a real number (array).
    ValueError
        If a distance, ``c0`` or ``exponent`` is not a finite number > 0.

    Examples
    --------
    >>> from ofdmisac.channel import path_gain
    >>> float(path_gain(10.0, c0=1e-3, exponent=2.0))
    1e-05
    """
    d = _check_positive("distance_m", distance_m)
    c0 = check_real("c0", c0, minimum=0.0, strict_min=True)
    exponent = check_real("exponent", exponent, minimum=0.0, strict_min=True)
    return c0 * d ** (-exponent)


def target_path_gain(distance_m, *, c0: float, exponent: float) -> np.ndarray:
    """Round-trip large-scale fading of a target of [CC] section 2.

    ``beta_t = C_0 d^-2 alpha``.

    Parameters
    ----------
    distance_m : array_like
        BS-target distances ``d_T`` in metres (> 0).
    c0 : float
        Linear path gain at 1 m (e.g. ``db_to_linear(-30)``), > 0.
    exponent : float
        One-way path-loss exponent ``alpha`` > 0 (the round trip uses ``2 alpha``).

    Returns
    -------
    numpy.ndarray
        ``beta_t``, float64, same shape as ``distance_m``.

    Raises
    ------
    TypeError
        If an argument is not a real number (array).
    ValueError
        If a distance, ``c0`` or ``exponent`` is not a finite number > 0.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.channel import target_path_gain
    >>> bool(np.isclose(target_path_gain(10.0, c0=1e-3, exponent=2.0), 1e-7))
    True
    """
    d = _check_positive("distance_m", distance_m)
    c0 = check_real("c0", c0, minimum=0.0, strict_min=True)
    exponent = check_real("exponent", exponent, minimum=0.0, strict_min=True)
    return c0 * d ** (-2.0 * exponent)


def rician_channels(
    large_scale_gain,
    rician_factor,
    los_vectors,
    *,
    rng=None,
    dtype=np.complex128,
) -> np.ndarray:
    """Draw Rician user channels of a massive-MIMO BS.

    ``h = sqrt(mu kappa) h_bar + sqrt(mu) h_tilde``.

    Implements [CC] section 2 with ``mu = beta / (1 + kappa)`` and
    ``h_tilde ~ CN(0, I_N)``; the LoS part ``h_bar`` is known (given).

    Parameters
    ----------
    large_scale_gain : array_like, shape (...)
        ``beta_u = C_0 d^-alpha`` (linear, > 0).
    rician_factor : array_like, shape (...)
        ``kappa >= 0`` (linear).
    los_vectors : array_like, shape (..., N), complex
        LoS components ``h_bar`` (e.g. :func:`steering_vector` of the user angles).
    rng : numpy.random.Generator, int, SeedSequence or None
        Random source of ``h_tilde`` (None: fresh entropy).
    dtype : {complex128, complex64}
        Output dtype (default complex128).

    Returns
    -------
    numpy.ndarray
        Channels ``h``, shape ``broadcast(...) + (N,)``, complex of ``dtype``.

    Raises
    ------
    TypeError
        If a gain or Rician factor is not real numbers, or ``dtype`` not a dtype.
    ValueError
        If a gain is not a finite number > 0, a Rician factor not a finite number >= 0, or
        ``dtype`` not complex64 or complex128.

    Examples
    --------
    >>> from ofdmisac.channel import rician_channels, steering_vector
    >>> h = rician_channels([1e-6, 2e-6], 3.0, steering_vector([0.1, 0.5], 16), rng=0)
    >>> h.shape, h.dtype
    ((2, 16), dtype('complex128'))
    """
    dtype = check_dtype("dtype", dtype)
    rng = as_generator(rng)
    beta = _check_positive("large_scale_gain", large_scale_gain)
    kappa = _check_rician_factor(rician_factor)
    los = check_complex_array("los_vectors", los_vectors, min_ndim=1)
    mu = beta / (1.0 + kappa)
    try:
        shape = np.broadcast_shapes(mu.shape + (1,), kappa.shape + (1,), los.shape)
    except ValueError:
        fail("los_vectors", los_vectors, f"use vectors [..., N] whose batch shape broadcasts "
             f"with large_scale_gain {mu.shape} and rician_factor {np.shape(kappa)} (got "
             f"shape {los.shape})")
    check_bytes("los_vectors", los_vectors, 48.0 * math.prod(shape),
                advice="draw the channels of fewer users per call")
    w = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)) * np.sqrt(0.5)
    h = np.sqrt(mu * kappa)[..., None] * los + np.sqrt(mu)[..., None] * w
    return h.astype(dtype, copy=False)


def rcs_coefficients(shape, *, rng=None) -> np.ndarray:
    """Draw RCS coefficients of [CC] section 2.

    ``zeta ~ CN(0, 1)``.

    Parameters
    ----------
    shape : int or tuple of int
        Shape of the draw (one coefficient per target and realization).
    rng : numpy.random.Generator, int, SeedSequence or None
        Random source (None: fresh entropy).

    Returns
    -------
    numpy.ndarray
        ``zeta``, complex128, of the given shape, ``E|zeta|^2 = 1``.

    Raises
    ------
    ValueError
        If ``shape`` has a negative entry (from :meth:`numpy.random.Generator.standard_normal`).
    TypeError
        If ``shape`` is not an int or a tuple of int (from NumPy).

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.channel import rcs_coefficients
    >>> z = rcs_coefficients(100_000, rng=0)
    >>> z.dtype, round(float(np.mean(abs(z) ** 2)), 2)
    (dtype('complex128'), 1.0)
    """
    shape = check_shape("shape", shape)
    check_bytes("shape", shape, 48.0 * math.prod(shape),
                advice="draw fewer coefficients per call")
    rng = as_generator(rng)
    return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)) * np.sqrt(0.5)


def target_channel_matrix(target_gain, rcs, theta_rad, n_antennas: int) -> np.ndarray:
    """Round-trip BS-target-BS channel matrix of a point target.

    ``G = sqrt(beta_t) zeta a_N(theta) a_N(theta)^H``.

    The channel ``G_l`` of [CC] section 2, the one of the echo in [CC] eq. (16). For
    large batches prefer the rank-one structure
    (``G w = sqrt(beta_t) zeta a (a^H w)``) over forming the N x N matrices.

    Parameters
    ----------
    target_gain : array_like, shape (...)
        ``beta_t = C_0 d^-2alpha`` (linear, > 0), e.g. from :func:`target_path_gain`.
    rcs : array_like, shape (...), complex
        RCS coefficients ``zeta``, e.g. from :func:`rcs_coefficients`.
    theta_rad : array_like, shape (...)
        Target angles ``theta`` from broadside in radians.
    n_antennas : int
        Number of BS antennas ``N >= 1``.

    Returns
    -------
    numpy.ndarray
        ``G``, shape ``(..., N, N)``, complex128.

    Raises
    ------
    TypeError
        If ``n_antennas`` is not an integer.
    ValueError
        If ``n_antennas < 1``, a gain is not a finite number > 0 or an angle not finite.

    References
    ----------
    [CC] eq. (16)

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.channel import target_channel_matrix
    >>> g = target_channel_matrix(1e-6, 1.0 + 0j, 0.3, 8)
    >>> g.shape, int(np.linalg.matrix_rank(g))
    ((8, 8), 1)
    """
    n = _check_n_antennas(n_antennas)
    beta = _check_positive("target_gain", target_gain)
    zeta = check_complex_array("rcs", rcs)
    a = steering_vector(theta_rad, n)
    try:
        batch = np.broadcast_shapes(beta.shape, zeta.shape, a.shape[:-1])
    except ValueError:
        fail("rcs", rcs, f"use a shape that broadcasts with target_gain {beta.shape} and "
             f"theta_rad {a.shape[:-1]}")
    check_bytes("n_antennas", n, 16.0 * n * n * math.prod(batch),
                advice="use the rank-one structure G w = sqrt(beta) zeta a (a^H w)")
    amp = np.sqrt(beta) * zeta
    return amp[..., None, None] * a[..., :, None] * a[..., None, :].conj()
