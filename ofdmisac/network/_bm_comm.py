"""Beam-misalignment probability of the ISAC-assisted beam management ([BM] Lemma 2)."""

from __future__ import annotations

import numpy as np
from scipy.special import log_ndtr, ndtr

__all__ = ["misalignment_probability_q"]


def misalignment_probability_q(sigma, mu_g, mu0, mu):
    """Probability ``P{max(X, mu0) < Y < mu}``, X ~ N(mu, sigma^2), Y ~ Exp(rate mu_g).

    Implements [BM] eq. (26) (Lemma 2) in the numerically stable form
    ``e^{-mu_g mu0} Phi((mu0-mu)/sigma) - e^{-mu_g mu}/2
    + e^{mu_g^2 sigma^2/2 - mu mu_g} [Phi(mu_g sigma) - Phi((mu0-mu+mu_g sigma^2)/sigma)]``,
    with the exponential-times-Gaussian-tail products evaluated in log space.

    Parameters
    ----------
    sigma, mu_g, mu0, mu : array_like of float
        Standard deviation of X (> 0), rate of Y (> 0) and the bounds
        ``0 < mu0 < mu``; broadcast together.

    Returns
    -------
    numpy.ndarray of float64
        q, broadcast shape.

    Raises
    ------
    ValueError
        If ``sigma <= 0``, ``mu_g <= 0`` or not ``0 < mu0 < mu``.

    References
    ----------
    [BM] Lemma 2, eqs. (26)-(27).

    Examples
    --------
    >>> float(misalignment_probability_q(1e-9, 1.0, 1.0, 2.0)) < 1e-6
    True
    """
    sigma, mu_g, mu0, mu = np.broadcast_arrays(*(np.asarray(v, dtype=np.float64)
                                                  for v in (sigma, mu_g, mu0, mu)))
    if np.any(~(sigma > 0)):
        raise ValueError(f"sigma must be > 0, got {sigma[~(sigma > 0)].ravel()[0]!r}")
    if np.any(~(mu_g > 0)):
        raise ValueError(f"mu_g must be > 0, got {mu_g[~(mu_g > 0)].ravel()[0]!r}")
    bad = ~((mu0 > 0) & (mu0 < mu) & np.isfinite(mu))
    if np.any(bad):
        raise ValueError(
            f"need 0 < mu0 < mu < inf, got mu0={mu0[bad].ravel()[0]!r}, mu={mu[bad].ravel()[0]!r}")
    c = 0.5 * mu_g**2 * sigma**2 - mu * mu_g
    a = mu_g * sigma
    b = (mu0 - mu + mu_g * sigma**2) / sigma
    # e^c [Phi(a) - Phi(b)] = e^c [Phi(-b) - Phi(-a)], each product formed in log space
    gauss = np.exp(c + log_ndtr(-b)) - np.exp(c + log_ndtr(-a))
    q = np.exp(-mu_g * mu0) * ndtr((mu0 - mu) / sigma) - 0.5 * np.exp(-mu_g * mu) + gauss
    return np.clip(q, 0.0, 1.0)
