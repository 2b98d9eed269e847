"""PPP geometry, blockage and beam model of the [BM] network (Section II-A, II-B).

Base stations and blockers are homogeneous Poisson point processes in the plane.
This module samples them (in a disk window, or through the exact law of the k
nearest distances, which has no window truncation), gives the distance laws, the
LoS probability of the Boolean blockage model, the beam-switch intensity of the
Voronoi tessellation and the grid-of-beams gain.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import gammaln

from .._random import as_generator

__all__ = [
    "sample_ppp_disk",
    "nearest_distances",
    "nearest_distance_pdf",
    "kth_nearest_distance_pdf",
    "kth_nearest_distance_cdf",
    "los_probability",
    "beam_switch_intensity",
    "gob_gain",
]


def _density(name, value) -> np.ndarray:
    arr = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(arr)) or np.any(arr <= 0):
        raise ValueError(f"{name}={value!r} is not allowed; it must be a finite density > 0")
    return arr


def _k(k) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k={k!r} is not allowed; it must be an integer >= 1")
    return int(k)


def _distances(name, r) -> np.ndarray:
    arr = np.asarray(r, dtype=np.float64)
    if np.any(np.isnan(arr)) or np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0 and not NaN")
    return arr


def sample_ppp_disk(density_per_m2: float, radius_m: float, rng=None) -> np.ndarray:
    """Sample a homogeneous PPP in the disk of radius ``radius_m`` centred at the origin.

    The count is Poisson with mean ``density * pi * radius^2``; given the count, points
    are i.i.d. uniform in the disk (radius ``R sqrt(U)``, angle uniform).

    Parameters
    ----------
    density_per_m2 : float
        Intensity lambda, 1/m^2 (> 0).
    radius_m : float
        Window radius, m (> 0).
    rng : numpy.random.Generator, int, SeedSequence or None
        Randomness source.

    Returns
    -------
    numpy.ndarray of float64, shape ``(n_points, 2)``
        Cartesian coordinates, m.

    Raises
    ------
    ValueError
        If the density or the radius is not positive and finite.

    Examples
    --------
    >>> pts = sample_ppp_disk(1e-3, 100.0, rng=1)
    >>> pts.shape[1], bool(np.all(np.hypot(*pts.T) <= 100.0))
    (2, True)
    """
    lam = float(_density("density_per_m2", density_per_m2))
    rad = np.asarray(radius_m, dtype=np.float64)
    if rad.ndim != 0 or not np.isfinite(rad) or rad <= 0:
        raise ValueError(f"radius_m={radius_m!r} is not allowed; it must be a finite scalar > 0")
    gen = as_generator(rng)
    n = gen.poisson(lam * math.pi * float(rad) ** 2)
    r = float(rad) * np.sqrt(gen.random(n))
    phi = 2.0 * math.pi * gen.random(n)
    return np.stack([r * np.cos(phi), r * np.sin(phi)], axis=-1)


def nearest_distances(density_per_m2: float, k: int, size=(), rng=None) -> np.ndarray:
    """Exact joint law of the ``k`` nearest distances of a PPP to a fixed point.

    ``R_j = sqrt(Gamma_j / (pi lambda))`` with ``Gamma_j`` the cumulative sums of i.i.d.
    Exp(1) variables (the mapping theorem: ``pi lambda R^2`` is a unit-rate Poisson
    process on the half line). No window truncation is involved.

    Parameters
    ----------
    density_per_m2 : float
        Intensity lambda, 1/m^2 (> 0).
    k : int
        Number of nearest points (>= 1).
    size : int or tuple of int, optional
        Batch shape of independent realizations.
    rng : numpy.random.Generator, int, SeedSequence or None
        Randomness source.

    Returns
    -------
    numpy.ndarray of float64, shape ``size + (k,)``
        Sorted distances ``R_1 < ... < R_k``, m.

    Raises
    ------
    ValueError
        If the density is not positive and finite or ``k < 1``.

    Examples
    --------
    >>> d = nearest_distances(1e-4, 3, size=5, rng=0)
    >>> d.shape, bool(np.all(np.diff(d, axis=-1) > 0))
    ((5, 3), True)
    """
    lam = float(_density("density_per_m2", density_per_m2))
    k = _k(k)
    size = (size,) if isinstance(size, (int, np.integer)) else tuple(size)
    gen = as_generator(rng)
    gam = np.cumsum(gen.standard_exponential(size + (k,)), axis=-1)
    return np.sqrt(gam / (math.pi * lam))


def kth_nearest_distance_pdf(r, density_per_m2, k: int) -> np.ndarray:
    """PDF of the k-th nearest PPP distance: ``2 (pi lam)^k r^(2k-1) e^{-pi lam r^2} / (k-1)!``.

    Evaluated in log space (no overflow for large ``k`` or ``r``).

    Parameters
    ----------
    r : array_like of float
        Distances, m (>= 0).
    density_per_m2 : array_like of float
        Intensity lambda (> 0), broadcast with ``r``.
    k : int
        Order (>= 1).

    Returns
    -------
    numpy.ndarray of float64
        Density, 1/m, broadcast shape.

    Raises
    ------
    ValueError
        For a negative/NaN distance, a non-positive density or ``k < 1``.

    Examples
    --------
    >>> float(kth_nearest_distance_pdf(0.0, 1e-4, 2))
    0.0
    """
    r = _distances("r", r)
    lam = _density("density_per_m2", density_per_m2)
    k = _k(k)
    pl = math.pi * lam
    with np.errstate(divide="ignore"):
        logf = (math.log(2.0) + k * np.log(pl) + (2 * k - 1) * np.log(r) - pl * r**2
                - gammaln(k))
    return np.exp(logf)


def nearest_distance_pdf(r, density_per_m2) -> np.ndarray:
    """PDF of the nearest PPP distance r_1: ``2 pi lam r exp(-pi lam r^2)`` ([BM] (20)).

    Parameters
    ----------
    r : array_like of float
        Distances, m (>= 0).
    density_per_m2 : array_like of float
        Intensity lambda_B (> 0).

    Returns
    -------
    numpy.ndarray of float64
        Density, 1/m.

    Raises
    ------
    ValueError
        For a negative/NaN distance or a non-positive density.

    References
    ----------
    [BM] eq. (20).

    Examples
    --------
    >>> round(float(nearest_distance_pdf(10.0, 1e-3)), 6)
    0.045893
    """
    return kth_nearest_distance_pdf(r, density_per_m2, 1)


def kth_nearest_distance_cdf(r, density_per_m2, k: int) -> np.ndarray:
    """CDF of the k-th nearest PPP distance: ``P(k, pi lam r^2)`` (regularized gamma).

    Parameters
    ----------
    r : array_like of float
        Distances, m (>= 0).
    density_per_m2 : array_like of float
        Intensity (> 0).
    k : int
        Order (>= 1).

    Returns
    -------
    numpy.ndarray of float64
        Probability, broadcast shape.

    Raises
    ------
    ValueError
        For a negative/NaN distance, a non-positive density or ``k < 1``.

    Examples
    --------
    >>> round(float(kth_nearest_distance_cdf(10.0, 1e-3, 1)), 6)
    0.269597
    """
    from scipy.special import gammainc

    r = _distances("r", r)
    lam = _density("density_per_m2", density_per_m2)
    return gammainc(_k(k), math.pi * lam * r**2)


def los_probability(r, beta_per_m) -> np.ndarray:
    """LoS probability of the Boolean blockage model, ``p_L(r) = exp(-beta r)``.

    Parameters
    ----------
    r : array_like of float
        Link distance, m (>= 0).
    beta_per_m : array_like of float
        Blockage parameter beta = 2 lambda_O r_O, 1/m (>= 0).

    Returns
    -------
    numpy.ndarray of float64
        p_L in [0, 1]; ``p_N = 1 - p_L``.

    Raises
    ------
    ValueError
        For a negative or NaN distance or beta.

    References
    ----------
    [BM] Section II-A.

    Examples
    --------
    >>> round(float(los_probability(500.0, 2e-3)), 6)
    0.367879
    """
    r = _distances("r", r)
    beta = _distances("beta_per_m", beta_per_m)
    return np.exp(-beta * r)


def beam_switch_intensity(n_beams, density_per_m2) -> np.ndarray:
    """Beam-switch point intensity ``mu_g = n_B sqrt(lambda_B) / pi`` per metre.

    Parameters
    ----------
    n_beams : array_like of int
        Beam number n_B (>= 1).
    density_per_m2 : array_like of float
        BS intensity lambda_B (> 0).

    Returns
    -------
    numpy.ndarray of float64
        mu_g, 1/m; the distance between switch points is Exp(mu_g).

    Raises
    ------
    ValueError
        If ``n_beams < 1`` or the density is not positive.

    References
    ----------
    [BM] Section II-B.

    Examples
    --------
    >>> round(float(beam_switch_intensity(256, 1e-4)), 6)
    0.814873
    """
    nb = np.asarray(n_beams, dtype=np.float64)
    if np.any(~(nb >= 1)) or not np.all(np.isfinite(nb)):
        raise ValueError(f"n_beams={n_beams!r} is not allowed; it must be >= 1")
    lam = _density("density_per_m2", density_per_m2)
    return nb * np.sqrt(lam) / math.pi


def gob_gain(phi, n_beams, rho=None, *, mainlobe_gain=1.0) -> np.ndarray:
    """Grid-of-beams (sectorized) antenna gain ``G(phi)`` of [BM] eq. (3).

    ``G_ml`` if ``|phi| <= theta_B / 2 = pi / n_B`` (``phi`` wrapped to ``(-pi, pi]``),
    ``G_sl = G_ml / rho`` otherwise.

    Parameters
    ----------
    phi : array_like of float
        Angle off boresight, rad.
    n_beams : array_like of int
        Beam number n_B (>= 1).
    rho : array_like of float or None, optional
        Mainlobe-to-sidelobe ratio (>= 1); ``None`` means the squared law ``n_B^2``.
    mainlobe_gain : float, optional
        G_ml (> 0).

    Returns
    -------
    numpy.ndarray of float64
        Gain, broadcast shape.

    Raises
    ------
    ValueError
        If ``n_beams < 1``, ``rho < 1``, ``mainlobe_gain <= 0`` or ``phi`` is not finite.

    References
    ----------
    [BM] eq. (3).

    Examples
    --------
    >>> gob_gain([0.0, 0.5], 8)
    array([1.      , 0.015625])
    """
    phi = np.asarray(phi, dtype=np.float64)
    if not np.all(np.isfinite(phi)):
        raise ValueError("phi must be finite")
    nb = np.asarray(n_beams, dtype=np.float64)
    if np.any(~(nb >= 1)) or not np.all(np.isfinite(nb)):
        raise ValueError(f"n_beams={n_beams!r} is not allowed; it must be >= 1")
    rho_arr = nb**2 if rho is None else np.asarray(rho, dtype=np.float64)
    if np.any(~(rho_arr >= 1)) or not np.all(np.isfinite(rho_arr)):
        raise ValueError(f"rho={rho!r} is not allowed; it must be >= 1")
    if not (np.isfinite(mainlobe_gain) and mainlobe_gain > 0):
        raise ValueError(f"mainlobe_gain={mainlobe_gain!r} is not allowed; it must be > 0")
    wrapped = np.abs(np.angle(np.exp(1j * phi)))
    return np.where(wrapped <= math.pi / nb, mainlobe_gain, mainlobe_gain / rho_arr)
