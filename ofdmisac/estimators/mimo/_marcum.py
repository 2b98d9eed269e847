"""First-order Marcum Q-function, its logarithm and its inverses.

``Q1(a, b) = int_b^inf x exp(-(x^2 + a^2) / 2) I0(a x) dx`` is the survival function of
the Rician amplitude, i.e. ``Q1(a, b) = P(X > b^2)`` for ``X`` non-central chi-square
with 2 degrees of freedom and non-centrality ``a^2``. It gives the detection probability
of the GLRT of [CC] eq. (8).

Numerics
--------
* ``b <= a`` (bulk, ``Q1 >= 1/2``): ``log Q1 = log1p(-F)`` with ``F`` the non-central
  chi-square CDF (``scipy.stats.ncx2.cdf``), accurate because ``F <= 1/2`` there.
* ``b > a`` (upper tail): with ``x = b + t``,
  ``Q1 = exp(-(b - a)^2 / 2) * J``, ``J = int_0^inf (b + t) ive(0, a (b + t))
  exp(-(b - a) t - t^2 / 2) dt``, where ``ive`` is the exponentially scaled Bessel
  function. ``J`` is smooth and O(1)..O(b), so it is evaluated with a fixed 96-node
  Gauss-Legendre rule on the mapped domain ``t = s u / (1 - u)``, ``s = 1 / (b - a + 1)``
  (vectorized; no adaptive quadrature). ``log Q1`` stays finite down to ``Q1 ~ 1e-200000``.
"""

from __future__ import annotations

import numpy as np
from scipy import special

from ..._validation import check_array, check_int, check_probability

__all__ = ["log_marcum_q1", "marcum_q1", "marcum_q1_inverse_a", "marcum_q1_inverse_b"]

_N_NODES = 96
_U_NODES, _U_WEIGHTS = np.polynomial.legendre.leggauss(_N_NODES)
_U_NODES = 0.5 * (_U_NODES + 1.0)
_U_WEIGHTS = 0.5 * _U_WEIGHTS


def _log_tail(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """log Q1 for b > a via the scaled-Bessel integral (1-D inputs)."""
    d = b - a
    s = 1.0 / (d + 1.0)
    u = _U_NODES
    t = s[:, None] * u / (1.0 - u)
    dt = s[:, None] / (1.0 - u) ** 2
    x = b[:, None] + t
    integrand = x * special.ive(0, a[:, None] * x) * np.exp(-d[:, None] * t - 0.5 * t * t)
    j = np.sum(integrand * dt * _U_WEIGHTS, axis=-1)
    return -0.5 * d * d + np.log(j)


def log_marcum_q1(a, b) -> np.ndarray:
    """Logarithm of the first-order Marcum Q-function, finite in the far tail.

    ``Q1`` is the function of the GLRT detection probability of [CC] eq. (8); its
    logarithm stays finite where ``Q1`` itself underflows (see the module notes).

    Parameters
    ----------
    a, b : array_like, float
        Non-negative finite arguments (``a`` the non-centrality amplitude, ``b`` the
        threshold amplitude), broadcast together; any shape.

    Returns
    -------
    ndarray, float64, broadcast shape of ``a`` and ``b``
        ``log Q1(a, b)`` (<= 0), finite for all finite ``a, b >= 0``.

    Raises
    ------
    TypeError
        If an argument is not real numbers (complex, None, a string).
    ValueError
        If an argument is negative or not finite.

    Examples
    --------
    >>> round(float(log_marcum_q1(0.0, 2.0)), 12)  # Q1(0, b) = exp(-b^2 / 2)
    -2.0
    """
    a = check_array("a", a, minimum=0.0)
    b = check_array("b", b, minimum=0.0)
    a, b = np.broadcast_arrays(a, b)
    shape = a.shape
    a = a.ravel()
    b = b.ravel()
    out = np.empty(a.shape, dtype=np.float64)
    tail = b > a
    if np.any(tail):
        out[tail] = _log_tail(a[tail], b[tail])
    bulk = ~tail
    if np.any(bulk):
        from scipy import stats  # slow to import (0.5 s): deferred to the first call

        cdf = stats.ncx2.cdf(b[bulk] ** 2, 2.0, a[bulk] ** 2)
        out[bulk] = np.log1p(-np.minimum(cdf, 0.5))
    return np.minimum(out, 0.0).reshape(shape)


def marcum_q1(a, b) -> np.ndarray:
    """First-order Marcum Q-function ``Q1(a, b)``.

    ``Q1(a, b) = P(|a + w| > b)`` for ``w`` a real 2-D standard Gaussian vector; equal
    to ``scipy.stats.ncx2.sf(b**2, 2, a**2)`` in the bulk, accurate to full relative
    precision in the upper tail (values underflow to 0 only below ~1e-308; use
    :func:`log_marcum_q1` there). It is the function of the GLRT detection probability
    of [CC] eq. (8) (see :func:`glrt_detection_probability_paper`).

    Parameters
    ----------
    a, b : array_like, float
        Non-negative finite arguments, broadcast together; any shape.

    Returns
    -------
    ndarray, float64, broadcast shape of ``a`` and ``b``
        ``Q1(a, b)`` in [0, 1].

    Raises
    ------
    TypeError
        If an argument is not real numbers (complex, None, a string).
    ValueError
        If an argument is negative or not finite.

    Examples
    --------
    >>> round(float(marcum_q1(1.0, 1.0)), 6)
    0.73288
    """
    return np.exp(log_marcum_q1(a, b))


def marcum_q1_inverse_a(p, b, *, n_iter: int = 200) -> np.ndarray:
    """Inverse of ``Q1(a, b)`` in its first argument.

    Returns the ``a >= 0`` with ``Q1(a, b) = p``. This is the threshold mapping of
    [CC] eq. (11): ``epsilon_bar = marcum_q1_inverse_a(epsilon_u_S, sqrt(2 epsilon_d))**2``.
    Because ``Q1(0, b) = exp(-b^2/2)`` is the smallest value over ``a >= 0``, a target
    ``p <= exp(-b^2/2)`` is met by every ``a`` and the function returns 0 there.

    Parameters
    ----------
    p : array_like, float
        Target probabilities in the open interval (0, 1).
    b : array_like, float
        Second argument (>= 0, finite), broadcast with ``p``.
    n_iter : int, optional
        Maximum bisection steps (default 200; the loop stops earlier once the bracket
        reaches machine precision).

    Returns
    -------
    ndarray, float64, broadcast shape of ``p`` and ``b``
        ``a >= 0`` with ``Q1(a, b) = p`` (relative accuracy ~1e-12); 0 where
        ``p <= exp(-b^2 / 2)``.

    Raises
    ------
    TypeError
        If ``p`` or ``b`` is not real numbers (complex, None, a string), or ``n_iter`` is not an
        integer.
    ValueError
        If ``p`` is outside (0, 1), ``b`` is negative or not finite, or ``n_iter`` is
        outside 1..10000.

    Examples
    --------
    >>> a = marcum_q1_inverse_a(0.9, 3.0)
    >>> round(float(marcum_q1(a, 3.0)), 12)
    0.9
    """
    p = check_probability("p", p, open_interval=True)
    b = check_array("b", b, minimum=0.0)
    n_iter = check_int("n_iter", n_iter, minimum=1, maximum=10_000)
    p, b = np.broadcast_arrays(p, b)
    logp = np.log(p)
    lo = np.zeros(p.shape)
    # Q1(a, b) >= 1 - exp(-(a - b)^2 / 2) for a > b, so this bracket reaches p.
    hi = b + np.sqrt(-2.0 * np.log1p(-p)) + 1.0
    for _ in range(n_iter):
        mid = 0.5 * (lo + hi)
        above = log_marcum_q1(mid, b) >= logp
        hi = np.where(above, mid, hi)
        lo = np.where(above, lo, mid)
        if np.all(hi - lo <= 1e-15 * np.maximum(hi, 1.0)):
            break
    out = 0.5 * (lo + hi)
    return np.where(log_marcum_q1(0.0, b) >= logp, 0.0, out)


def marcum_q1_inverse_b(a, p, *, n_iter: int = 200) -> np.ndarray:
    """Inverse of ``Q1(a, b)`` in its second argument (the threshold).

    Returns the ``b >= 0`` with ``Q1(a, b) = p``; ``Q1`` decreases from 1 (``b = 0``)
    to 0, so the solution exists and is unique for ``p`` in (0, 1).

    Parameters
    ----------
    a : array_like, float
        First argument (>= 0, finite).
    p : array_like, float
        Target probabilities in the open interval (0, 1), broadcast with ``a``.
    n_iter : int, optional
        Maximum bisection steps (default 200; stops earlier at machine precision).

    Returns
    -------
    ndarray, float64, broadcast shape of ``a`` and ``p``
        ``b >= 0`` with ``Q1(a, b) = p``.

    Raises
    ------
    TypeError
        If ``a`` or ``p`` is not real numbers (complex, None, a string), or ``n_iter`` is not an
        integer.
    ValueError
        If ``p`` is outside (0, 1), ``a`` is negative or not finite, or ``n_iter`` is
        outside 1..10000.

    Examples
    --------
    >>> b = marcum_q1_inverse_b(0.0, 0.01)  # exp(-b^2/2) = 0.01
    >>> round(float(b), 9) == round(float(np.sqrt(-2 * np.log(0.01))), 9)
    True
    """
    a = check_array("a", a, minimum=0.0)
    p = check_probability("p", p, open_interval=True)
    n_iter = check_int("n_iter", n_iter, minimum=1, maximum=10_000)
    a, p = np.broadcast_arrays(a, p)
    logp = np.log(p)
    lo = np.zeros(p.shape)
    hi = a + np.sqrt(-2.0 * logp) + 1.0
    for _ in range(n_iter):
        mid = 0.5 * (lo + hi)
        above = log_marcum_q1(a, mid) >= logp
        lo = np.where(above, mid, lo)
        hi = np.where(above, hi, mid)
        if np.all(hi - lo <= 1e-15 * np.maximum(hi, 1.0)):
            break
    return 0.5 * (lo + hi)
