"""PPP geometry: point samples, k-th nearest distance laws, LoS probability.

Base stations and blockers are homogeneous Poisson point processes in the plane.
This module samples them (in a disk window, or through the exact law of the k
nearest distances, which has no window truncation), gives the distance laws and their
moments, and the LoS probability of the Boolean blockage model. Shared by the [BM]
beam-management models and the [CC] joint coverage of PPP users and targets.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import gammaln

from .._random import as_generator
from .._validation import check_array, check_bytes, check_int, check_shape

__all__ = [
    "sample_ppp_disk", "nearest_distances", "kth_nearest_distance_pdf", "nearest_distance_pdf",
    "kth_nearest_distance_cdf", "los_probability", "mean_kth_nearest_distance"
]


def sample_ppp_disk(density_per_m2: float, radius_m: float, rng=None) -> np.ndarray:
    """Sample a homogeneous PPP in a disk centred at the origin.

    The disk has radius ``radius_m``. The count is Poisson with mean
    ``density * pi * radius^2``; given the count, points are i.i.d. uniform in the disk
    (radius ``R sqrt(U)``, angle uniform).

    Parameters
    ----------
    density_per_m2 : float
        Intensity lambda, 1/m^2 (> 0).
    radius_m : float
        Window radius, m (> 0).
    rng : numpy.random.Generator, int, SeedSequence or None, optional
        Randomness source (None: fresh OS entropy).

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
    lam = float(check_array("density_per_m2", density_per_m2, minimum=0.0, strict_min=True))
    rad = check_array("radius_m", radius_m, minimum=0.0, strict_min=True)
    check_bytes("radius_m", radius_m, 48.0 * lam * math.pi * float(np.max(rad, initial=0.0)) ** 2,
                advice="use a smaller disk or density")
    if rad.ndim != 0 or not np.isfinite(rad) or rad <= 0:
        raise ValueError(f"radius_m={radius_m!r} is not allowed; it must be a finite scalar > 0")
    gen = as_generator(rng)
    n = gen.poisson(lam * math.pi * float(rad) ** 2)
    r = float(rad) * np.sqrt(gen.random(n))
    phi = 2.0 * math.pi * gen.random(n)
    return np.stack([r * np.cos(phi), r * np.sin(phi)], axis=-1)


def nearest_distances(density_per_m2: float, k: int, size=(), rng=None) -> np.ndarray:
    """Draw the ``k`` nearest PPP distances from their exact joint law.

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
        Batch shape of independent realizations (default ``()``: one).
    rng : numpy.random.Generator, int, SeedSequence or None, optional
        Randomness source (None: fresh OS entropy).

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
    lam = float(check_array("density_per_m2", density_per_m2, minimum=0.0, strict_min=True))
    k = check_int("k", k, minimum=1)
    size = check_shape("size", size)
    k = check_int("k", k, minimum=1)
    check_bytes("size", size, 24.0 * math.prod(size) * k, advice="draw fewer realizations "
                "per call")
    gen = as_generator(rng)
    gam = np.cumsum(gen.standard_exponential(size + (k,)), axis=-1)
    return np.sqrt(gam / (math.pi * lam))


def kth_nearest_distance_pdf(r, density_per_m2, k: int) -> np.ndarray:
    """PDF of the distance to the k-th nearest point of a PPP.

    ``2 (pi lam)^k r^(2k-1) e^{-pi lam r^2} / (k-1)!``, evaluated in log space (no overflow
    for large ``k`` or ``r``).

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
    r = check_array("r", r, minimum=0.0, allow_inf=True)
    lam = check_array("density_per_m2", density_per_m2, minimum=0.0, strict_min=True)
    k = check_int("k", k, minimum=1)
    pl = math.pi * lam
    with np.errstate(divide="ignore"):
        logf = (math.log(2.0) + k * np.log(pl) + (2 * k - 1) * np.log(r) - pl * r**2
                - gammaln(k))
    return np.exp(logf)


def nearest_distance_pdf(r, density_per_m2) -> np.ndarray:
    """PDF of the distance r_1 to the nearest point of a PPP.

    ``f_r1(r) = 2 pi lam r exp(-pi lam r^2)``, the law of the serving distance below
    [BM] eq. (20).

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
    [BM] eq. (20)

    Examples
    --------
    >>> round(float(nearest_distance_pdf(10.0, 1e-3)), 6)
    0.045893
    """
    return kth_nearest_distance_pdf(r, density_per_m2, 1)


def kth_nearest_distance_cdf(r, density_per_m2, k: int) -> np.ndarray:
    """CDF of the distance to the k-th nearest point of a PPP.

    ``P(k, pi lam r^2)``, the regularized lower incomplete gamma function.

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

    r = check_array("r", r, minimum=0.0, allow_inf=True)
    lam = check_array("density_per_m2", density_per_m2, minimum=0.0, strict_min=True)
    return gammainc(check_int("k", k, minimum=1), math.pi * lam * r**2)


def los_probability(r, beta_per_m) -> np.ndarray:
    """LoS probability of the Boolean blockage model of [BM].

    ``p_L(r) = exp(-beta r)`` ([BM] Section II-A).

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
    r = check_array("r", r, minimum=0.0, allow_inf=True)
    beta = check_array("beta_per_m", beta_per_m, minimum=0.0, allow_inf=True)
    return np.exp(-beta * r)



def mean_kth_nearest_distance(density_per_m2, k):
    """Mean distance to the k-th nearest point of a PPP.

    Broadcasts over both arguments: ``E[d_k] = Gamma(k + 1/2) / (sqrt(pi lambda) Gamma(k))``
    ([CC] eq. (1): ``pi lambda d_k^2 ~ Gamma(k, 1)``).

    Parameters
    ----------
    density_per_m2 : array_like of float
        Intensity lambda, 1/m^2 (> 0).
    k : array_like of int
        Neighbour index (>= 1); broadcast with ``density_per_m2``.

    Returns
    -------
    numpy.ndarray
        float64 mean distances in m, shape ``broadcast(density_per_m2, k).shape`` (a 0-d
        array for scalar inputs).

    Raises
    ------
    ValueError
        If a density is not finite and > 0 or a ``k`` is not an integer >= 1.

    Examples
    --------
    >>> mean_kth_nearest_distance(1e-4, [1, 2, 3]).round(2)
    array([50.  , 75.  , 93.75])
    """
    lam = check_array("density_per_m2", density_per_m2, minimum=0.0, strict_min=True)
    kk = np.asarray(k)
    if kk.dtype == bool or not np.issubdtype(kk.dtype, np.integer) or np.any(kk < 1):
        raise ValueError(f"k={k!r} is not allowed; it must be an integer >= 1 (or an array "
                         "of them)")
    return np.exp(gammaln(kk + 0.5) - gammaln(kk)) / np.sqrt(lam * math.pi)
