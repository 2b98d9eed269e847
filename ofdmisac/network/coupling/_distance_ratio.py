"""Distance laws of PPP users and targets for joint coverage ([CC] Section 2, [CC] Theorem 1).

For a homogeneous PPP of density ``lambda`` seen from the origin, ``pi lambda d_k^2`` of the
k-th nearest point is ``Gamma(k, 1)`` ([CC] eq. (1)); the squared distances of the k nearest
points are the partial sums of i.i.d. ``Exp(1)`` variables divided by ``pi lambda``, which
is how :func:`ofdmisac.network.nearest_distances` draws them (exact, no finite window).

``Z = d_U,K / d_T,K^2`` (users and targets independent PPPs) has the CDF
``F_Z(z) = E[P(K, lambda_U z^2 G^2 / (pi lambda_T^2))]``, ``G ~ Gamma(K, 1)``, evaluated
with a fixed composite Gauss-Legendre rule in ``log G`` (vectorized), and the PDF of
[CC] Theorem 1 (Tricomi confluent hypergeometric function ``U``), evaluated in log space.
"""

import numpy as np
from scipy.special import gammainc, gammainccinv, gammaincinv, gammaln, hyperu

from ..._random import as_generator
from ..._validation import check_array, check_bytes, check_int, check_real
from .._geometry import nearest_distances

__all__ = ['sample_distance_ratio', 'distance_ratio_cdf', 'distance_ratio_pdf']


def sample_distance_ratio(user_density_per_m2, target_density_per_m2, k, *, n_samples,
                          rng=None):
    """Draw the distance ratio of independent PPP users and targets.

    ``Z = d_U,k / d_T,k^2`` with ``d_U,k`` and ``d_T,k`` the k-th nearest distances of
    two independent homogeneous PPPs, each drawn exactly from the law of [CC] eq. (1)
    (:func:`~ofdmisac.network.nearest_distances`, no finite window): the Monte Carlo
    twin of :func:`distance_ratio_cdf`.

    Parameters
    ----------
    user_density_per_m2 : float
        CU density ``lambda_U`` in 1/m^2, > 0.
    target_density_per_m2 : float
        ST density ``lambda_T`` in 1/m^2, > 0.
    k : int
        Order of the nearest point (the pair index), >= 1.
    n_samples : int
        Number of independent draws, >= 0.
    rng : numpy.random.Generator, int, numpy.random.SeedSequence or None, optional
        Randomness source (an int or SeedSequence seeds a new Generator; None: fresh
        entropy). The user distances are drawn first, then the target distances.

    Returns
    -------
    numpy.ndarray, float64, shape (n_samples,)
        Draws of ``Z`` in 1/m.

    Raises
    ------
    ValueError
        From :func:`~ofdmisac.network.nearest_distances` (named ``density_per_m2`` or
        ``k``): a density that is not finite and > 0, or ``k < 1``.
    TypeError
        If ``k`` is not an integer or ``rng`` is not a valid randomness source.

    References
    ----------
    [CC] eq. (1)

    Examples
    --------
    >>> from ofdmisac.network import sample_distance_ratio
    >>> z = sample_distance_ratio(1e-4, 1e-3, 4, n_samples=1000, rng=0)
    >>> z.shape, round(float(np.mean(z <= 0.2)), 2)
    ((1000,), 0.88)
    """
    check_array("user_density_per_m2", user_density_per_m2, minimum=0.0, strict_min=True)
    check_array("target_density_per_m2", target_density_per_m2, minimum=0.0, strict_min=True)
    k = check_int("k", k, minimum=1)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    check_bytes("n_samples", n_samples, 48.0 * n_samples * k,
                advice="draw fewer samples per call and pool them")
    rng = as_generator(rng)
    d_u = nearest_distances(user_density_per_m2, k, size=n_samples, rng=rng)
    d_t = nearest_distances(target_density_per_m2, k, size=n_samples, rng=rng)
    return d_u[:, -1] / d_t[:, -1] ** 2


def _log_gamma_nodes(k: int, n_nodes: int):
    """Composite Gauss-Legendre nodes/weights in s = log G for G ~ Gamma(k, 1)."""
    lo = np.log(gammaincinv(k, 1e-17) if k > 1 else 1e-17)
    hi = np.log(gammainccinv(k, 1e-17) + 10.0)
    n_panels = max(n_nodes // 16, 1)
    x, w = np.polynomial.legendre.leggauss(16)
    edges = np.linspace(lo, hi, n_panels + 1)
    half = 0.5 * np.diff(edges)
    mid = 0.5 * (edges[1:] + edges[:-1])
    s = (mid[:, None] + half[:, None] * x).ravel()
    ws = (half[:, None] * w).ravel()
    # density of s = log G: exp(k s - e^s) / Gamma(k)
    ws = ws * np.exp(k * s - np.exp(s) - gammaln(k))
    return np.exp(s), ws / ws.sum()


def distance_ratio_cdf(z, user_density_per_m2, target_density_per_m2, k, *, n_nodes=256):
    """CDF of the distance ratio of independent PPP users and targets.

    ``F_Z(z) = P(d_U,k / d_T,k^2 <= z)``, the CDF of [CC] Theorem 1. ``pi lambda d_k^2``
    is ``Gamma(k, 1)`` ([CC] eq. (1)); conditioning on the target distance gives
    ``F_Z(z) = E[P(k, lambda_U z^2 G_T^2 / (pi lambda_T^2))]``, ``G_T ~ Gamma(k, 1)``,
    evaluated by a fixed composite Gauss-Legendre rule in ``log G_T`` (vectorized; agrees
    with adaptive quadrature of :func:`distance_ratio_pdf` to ~1e-10).

    Parameters
    ----------
    z : array_like, float64, any shape
        Distance ratios in 1/m, >= 0 (``inf`` allowed: ``F_Z = 1``).
    user_density_per_m2 : float
        CU density ``lambda_U`` in 1/m^2, > 0.
    target_density_per_m2 : float
        ST density ``lambda_T`` in 1/m^2, > 0.
    k : int
        Pair index ``K`` (order of the nearest points), >= 1.
    n_nodes : int, optional
        Quadrature nodes in ``log G_T`` (default 256), rounded down to a multiple of 16
        (at least 16).

    Returns
    -------
    numpy.ndarray, float64, shape of ``z``
        ``F_Z(z)`` in [0, 1].

    Raises
    ------
    ValueError
        If a density is not finite and > 0, ``k`` is not an integer >= 1, ``z`` has NaN
        or negative values, or ``n_nodes < 1``.
    TypeError
        If a density is not a real number or ``n_nodes`` is not an integer.

    References
    ----------
    [CC] Theorem 1

    Examples
    --------
    >>> from ofdmisac.network import distance_ratio_cdf
    >>> round(float(distance_ratio_cdf(0.2, 1e-4, 1e-3, 4)), 6)
    0.894014
    """
    lam_u = check_real("user_density_per_m2", user_density_per_m2, minimum=0.0, strict_min=True)
    lam_t = check_real("target_density_per_m2", target_density_per_m2, minimum=0.0, strict_min=True)
    k = check_int("k", k, minimum=1)
    z = check_array("z", z, minimum=0.0, allow_inf=True)
    g, w = _log_gamma_nodes(k, check_int("n_nodes", n_nodes, minimum=1, maximum=2**16))
    zf = np.where(np.isinf(z), 0.0, z)
    c = lam_u * zf[..., None] ** 2 / (np.pi * lam_t**2)
    out = np.sum(w * gammainc(k, c * g**2), axis=-1)
    return np.where(np.isinf(z), 1.0, np.clip(out, 0.0, 1.0))


def distance_ratio_pdf(z, user_density_per_m2, target_density_per_m2, k):
    """PDF of the distance ratio of independent PPP users and targets.

    The Tricomi form of [CC] Theorem 1:
    ``f_Z(z) = 2^(1 - 3k) (lambda_U pi z^2)^(-k/2) (3k - 1)! (lambda_T pi)^k
    / (z ((k - 1)!)^2) U(3k/2, 1/2, lambda_T^2 pi / (4 lambda_U z^2))``, evaluated in log
    space (the left tail, where ``U`` underflows, by its leading asymptote). The argument
    of ``U`` is as in [CC] Theorem 1; (A1) prints ``2 lambda_U`` for ``4 lambda_U``
    (see ``docs/errata.md``).

    Parameters
    ----------
    z : array_like, float64, any shape
        Distance ratios in 1/m, finite and >= 0 (``f_Z(0) = 0``).
    user_density_per_m2 : float
        CU density ``lambda_U`` in 1/m^2, > 0.
    target_density_per_m2 : float
        ST density ``lambda_T`` in 1/m^2, > 0.
    k : int
        Pair index ``K`` (order of the nearest points), >= 1.

    Returns
    -------
    numpy.ndarray, float64, shape of ``z``
        ``f_Z(z)`` in m.

    Raises
    ------
    TypeError
        If ``k`` is not an integer, a density is not a real number or ``z`` is not a
        real array.
    ValueError
        If a density is not finite and > 0, ``k < 1`` or ``z`` has NaN, infinite or
        negative values.

    References
    ----------
    [CC] Theorem 1

    Examples
    --------
    >>> from ofdmisac.network import distance_ratio_pdf
    >>> round(float(distance_ratio_pdf(0.2, 1e-4, 1e-3, 4)), 6)
    1.34613
    """
    lam_u = check_real("user_density_per_m2", user_density_per_m2, minimum=0.0, strict_min=True)
    lam_t = check_real("target_density_per_m2", target_density_per_m2, minimum=0.0, strict_min=True)
    k = check_int("k", k, minimum=1)
    z = check_array("z", z, minimum=0.0)
    a = lam_u * np.pi
    b = lam_t * np.pi
    zp = np.where(z > 0, z, 1.0)
    arg = b * b / (4.0 * a * zp * zp)
    log_c = ((1 - 3 * k) * np.log(2.0) - 0.5 * k * np.log(a * zp * zp) + gammaln(3 * k)
             + k * np.log(b) - np.log(zp) - 2 * gammaln(k))
    with np.errstate(divide="ignore", over="ignore"):
        log_u = np.log(hyperu(1.5 * k, 0.5, arg))
    # far left tail: U(a, b, x) ~ x^-a (1 + O(1/x)); use it where hyperu underflows
    bad = ~np.isfinite(log_u)
    if np.any(bad):
        log_u = np.where(bad, -1.5 * k * np.log(arg), log_u)
    return np.where(z > 0, np.exp(log_c + log_u), 0.0)

