"""Distance laws of PPP users and targets for joint coverage ([CC] Section 2, Theorem 1)."""

import numpy as np
from scipy.special import gammainc, roots_genlaguerre

__all__ = ["distance_ratio_cdf"]


def distance_ratio_cdf(z, density_users_per_m2, density_targets_per_m2, k, *, n_nodes=96):
    """CDF of Z = d_U,k / d_T,k^2 for independent PPPs ([CC] Theorem 1).

    pi*lambda*d_k^2 is Gamma(k, 1) for the k-th nearest point of a PPP ([CC] (1)); conditioning
    on the target distance gives F_Z(z) = E[P(k, lambda_U z^2 G_T^2 / (pi lambda_T^2))] with
    G_T ~ Gamma(k, 1), evaluated by generalized Gauss-Laguerre quadrature (vectorized).

    Parameters
    ----------
    z : array_like, float64, any shape; z >= 0 (1/m).
    density_users_per_m2, density_targets_per_m2 : float, > 0.
    k : int, >= 1.

    Returns
    -------
    numpy.ndarray, float64, shape of ``z``.

    Raises
    ------
    ValueError
        Densities <= 0, k < 1 or negative z.
    """
    for name, val in (("density_users_per_m2", density_users_per_m2),
                      ("density_targets_per_m2", density_targets_per_m2)):
        if not np.isfinite(val) or val <= 0:
            raise ValueError(f"{name} must be a finite positive density, got {val!r}")
    if int(k) != k or k < 1:
        raise ValueError(f"k must be an integer >= 1, got {k!r}")
    z = np.asarray(z, dtype=np.float64)
    if np.any(~np.isfinite(z)) or np.any(z < 0):
        raise ValueError("z must be finite and >= 0")
    x, w = roots_genlaguerre(n_nodes, int(k) - 1)
    w = w / w.sum()
    c = density_users_per_m2 * z[..., None] ** 2 / (np.pi * density_targets_per_m2**2)
    return np.sum(w * gammainc(int(k), c * x**2), axis=-1)
