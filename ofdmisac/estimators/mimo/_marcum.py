"""First-order Marcum Q-function, its logarithm and its inverses.

``Q1(a, b) = int_b^inf x exp(-(x^2 + a^2) / 2) I0(a x) dx`` is the survival function of
the Rician amplitude, i.e. ``Q1(a, b) = P(X > b^2)`` for ``X`` non-central chi-square
with 2 degrees of freedom and non-centrality ``a^2``. It gives the detection probability
of the GLRT of [CC] eq. (8).

Numerics
--------
Two fixed-rule integrals, both in terms of ``i0e(z) = exp(-z) I0(z)`` (Cephes'
Chebyshev form, finite and accurate for every ``z >= 0``; ``scipy.special.ive(0, z)``
returns NaN above ``z ~ 1.7e9``), make the plain reference evaluation
(:func:`_log_marcum_q1_reference`), valid for all finite ``a, b >= 0``:

* upper tail (``b > a`` and ``b >= 1``, so ``Q1 <= 0.74``): with ``x = b + t``,
  ``Q1 = exp(-(b - a)^2 / 2) J``, ``J = int_0^inf (b + t) i0e(a (b + t))
  exp(-(b - a) t - t^2 / 2) dt``; ``J`` is smooth and O(1)..O(b), evaluated with a
  96-node Gauss-Legendre rule on the mapped domain ``t = s u / (1 - u)``,
  ``s = 1 / (b - a + 1)``. ``log Q1`` stays finite however small ``Q1`` is.
* bulk (``b <= a``, or ``b < 1``, so ``Q1 >= 0.6``): ``log Q1 = log1p(-F)`` with the CDF
  ``F = exp(-(a - b)^2 / 2) int_0^L (b - t) i0e(a (b - t)) exp(-(a - b) t - t^2 / 2) dt``
  (``x = b - t``), 96 Gauss-Legendre nodes on ``[0, L]``, ``L = min(b, -d + sqrt(d^2 +
  120))``, ``d = a - b`` (the integrand is below ``e^-60`` of its start beyond ``L``).
  ``F`` keeps its relative accuracy however small it is, so ``log Q1`` does too.

The tuned evaluation (:func:`marcum_q1`, :func:`log_marcum_q1`) uses scipy's
non-central chi-square kernels where they were measured accurate (relative error
below 5e-13 against the reference, which agrees with mpmath to ~1e-14): the survival
function (``scipy.special._ncx2_sf``, the kernel of ``scipy.stats.ncx2.sf``) in the
upper tail for ``a <= 100``, ``b >= 1`` and ``b - a < 27`` (there ``log Q1 > -370``;
scipy's value degrades below ``log Q1 ~ -400``), and the CDF ``scipy.special.chndtr``
for the bulk with ``a <= 100`` where its value exceeds 1e-30 (it loses relative accuracy
below ~1e-40). Everything else goes through the fixed rules above, except where the
result is known in double precision without them: ``Q1 = 1`` when ``a - b >= 9``
(``F <= exp(-(a - b)^2 / 2) / (2 (a - b)) < 1e-19``, using ``sqrt(z) i0e(z) <= 1/2``)
and ``Q1 = 0`` (underflow) when ``-(b - a)^2 / 2 + log(b / d + 1 / d^2) < -746``
(``J <= b / d + 1 / d^2`` since ``i0e <= 1``) -- both only for :func:`marcum_q1`.

The inverses are a vectorized safeguarded Newton iteration (bisection of a maintained
bracket whenever a Newton step leaves it) on ``log Q1``, whose derivatives are
closed-form: ``d Q1 / d b = -b exp(-(b - a)^2 / 2) i0e(a b)`` and
``d Q1 / d a = b exp(-(a - b)^2 / 2) i1e(a b)``.
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
_TAIL_MAP = _U_NODES / (1.0 - _U_NODES)             # t / s of the mapped tail rule
_TAIL_JAC = _U_WEIGHTS / (1.0 - _U_NODES) ** 2      # weights * dt/du / s
_CHUNK = 4096  # points per block of the fixed rules (4096 x 96 doubles = 3 MB per array)

_A_SCIPY = 100.0   # scipy kernels used for a <= 100 only (error grows ~ a * 5e-15)
_D_SCIPY = 27.0    # ... and, in the upper tail, for b - a < 27 (log Q1 > -370)
_F_SCIPY = 1e-30   # chndtr's CDF accepted where it exceeds this
_D_ONE = 9.0       # a - b >= 9: Q1 = 1 in double precision
_LOG_TINY = -746.0  # exp(x) == 0 below this

try:  # the survival-function kernel of scipy.stats.ncx2 (Boost), without its wrapper
    _ncx2_sf = special._ufuncs._ncx2_sf
except AttributeError:  # pragma: no cover - other scipy layouts
    def _ncx2_sf(x, df, nc):
        from scipy import stats

        return stats.ncx2.sf(x, df, nc)


def _blocks(n):
    return (slice(i, min(i + _CHUNK, n)) for i in range(0, n, _CHUNK))


def _log_tail_rule(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``log Q1`` from the upper-tail integral ``J`` (1-D inputs, ``b > a``)."""
    out = np.empty(a.shape)
    for k in _blocks(a.size):
        ak, bk = a[k, None], b[k, None]
        d = bk - ak
        s = 1.0 / (d + 1.0)
        t = s * _TAIL_MAP
        x = bk + t
        j = np.sum(x * special.i0e(ak * x) * np.exp(-d * t - 0.5 * t * t) * _TAIL_JAC,
                   axis=-1) * s[:, 0]
        out[k] = -0.5 * d[:, 0] ** 2 + np.log(j)
    return out


def _cdf_rule(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The CDF ``F = 1 - Q1`` from the finite bulk integral (1-D inputs, any ``a, b``)."""
    out = np.empty(a.shape)
    for k in _blocks(a.size):
        ak, bk = a[k, None], b[k, None]
        d = ak - bk
        length = np.minimum(bk, -d + np.sqrt(d * d + 120.0))
        t = length * _U_NODES
        x = bk - t
        f = np.sum(x * special.i0e(ak * x) * np.exp(-d * t - 0.5 * t * t) * _U_WEIGHTS,
                   axis=-1)
        out[k] = np.exp(-0.5 * d[:, 0] ** 2) * f * length[:, 0]
    return out


def _uses_cdf(a, b):
    return (b <= a) | (b < 1.0)


def _log_marcum_q1_reference(a, b) -> np.ndarray:
    """Plain reference ``log Q1``: the two fixed rules of the module notes, no scipy kernels.

    Kept beside the tuned :func:`log_marcum_q1` and compared with it (and with mpmath)
    in the tests.
    """
    a, b = np.broadcast_arrays(np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64))
    shape = a.shape
    a, b = a.ravel(), b.ravel()
    out = np.empty(a.shape)
    bulk = _uses_cdf(a, b)
    out[bulk] = np.log1p(-_cdf_rule(a[bulk], b[bulk]))
    out[~bulk] = _log_tail_rule(a[~bulk], b[~bulk])
    return np.minimum(out, 0.0).reshape(shape)


def _evaluate(a: np.ndarray, b: np.ndarray, log: bool) -> np.ndarray:
    """``log Q1`` (``log=True``) or ``Q1`` of checked 1-D float64 arrays (see module notes)."""
    out = np.empty(a.shape)
    easy = a <= _A_SCIPY
    bulk = _uses_cdf(a, b)
    todo = np.ones(a.shape, dtype=bool)
    # upper tail, scipy's survival function
    m = ~bulk & easy & (b - a < _D_SCIPY)
    if np.any(m):
        q = _ncx2_sf(b[m] ** 2, 2.0, a[m] ** 2)
        out[m] = np.log(q) if log else q
        todo[m] = False
    # bulk, scipy's CDF where it is large enough to be accurate
    m = bulk & easy
    if np.any(m):
        f = special.chndtr(b[m] ** 2, 2.0, a[m] ** 2)
        ok = f > _F_SCIPY
        if not log:
            ok[:] = True  # F < 1e-30: 1 - F == 1 whatever its digits
        idx = np.flatnonzero(m)[ok]
        f = np.minimum(f[ok], 0.5)
        out[idx] = np.log1p(-f) if log else 1.0 - f
        todo[idx] = False
    if not log:
        m = todo & bulk & (a - b >= _D_ONE)
        out[m] = 1.0
        todo[m] = False
        d = b - a
        with np.errstate(divide="ignore", invalid="ignore"):
            bound = -0.5 * d * d + np.log(b / d + 1.0 / (d * d))
        m = todo & ~bulk & (bound < _LOG_TINY)
        out[m] = 0.0
        todo[m] = False
    m = todo & bulk
    if np.any(m):
        f = _cdf_rule(a[m], b[m])
        out[m] = np.log1p(-f) if log else 1.0 - f
    m = todo & ~bulk
    if np.any(m):
        lq = _log_tail_rule(a[m], b[m])
        out[m] = lq if log else np.exp(lq)
    return np.minimum(out, 0.0) if log else np.clip(out, 0.0, 1.0)



# ------------------------------------------------------------------ inverses
def _newton(fun, x, lo, hi, increasing, n_iter):
    """Safeguarded Newton iteration for ``g(x) = 0``, ``g`` monotone, vectorized.

    ``fun(x, idx) -> (g, dg)`` on the points ``idx`` still iterating; ``[lo, hi]``
    brackets the root and shrinks with the sign of ``g``; a Newton step that leaves the
    bracket (or is not finite) is replaced by the bracket's midpoint. A point stops when
    the Newton step falls below an ulp or two of ``x``, the bracket below 4e-16 of ``x``,
    after a Newton step below ``1e-8 min(|x|, 1)`` (convergence is quadratic: the error
    left is ~1e-16 of that step's square), or after ``n_iter`` steps.
    """
    x, lo, hi = x.copy(), lo.copy(), hi.copy()
    idx = np.arange(x.size)
    for _ in range(n_iter):
        if idx.size == 0:
            break
        xi, loi, hii = x[idx], lo[idx], hi[idx]
        g, dg = fun(xi, idx)
        right = (g > 0) if increasing else (g < 0)   # root lies left of xi
        hii = np.where(right, xi, hii)
        loi = np.where(right, loi, xi)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            step = g / dg
        xn = xi - step
        scale = np.maximum(np.abs(xi), 1e-300)
        tiny = (g == 0) | (np.abs(step) <= 4e-16 * scale)   # below an ulp or two of x
        bad = ~((xn >= loi) & (xn <= hii))
        xn = np.where(tiny, xi, np.where(bad, 0.5 * (loi + hii), xn))
        done = tiny | (hii - loi <= 4e-16 * scale)
        done |= ~bad & (np.abs(step) <= 1e-8 * np.minimum(scale, 1.0))
        x[idx], lo[idx], hi[idx] = xn, loi, hii
        idx = idx[~done]
    return x


def _inverse_b(a, p, n_iter):
    """``b`` with ``Q1(a, b) = p`` (checked 1-D arrays)."""
    logp = np.log(p)
    hi = a + np.sqrt(-2.0 * logp) + 1.0   # Q1(a, hi) < p (see marcum_q1_inverse_b)
    # start right of the root (log Q1 is concave in b: Newton then decreases monotonically)
    x0 = np.minimum(a + np.sqrt(-2.0 * logp), hi)

    def fun(x, idx):
        ai = a[idx]
        lq = _evaluate(ai, x, log=True)
        with np.errstate(under="ignore"):
            dlq = -x * special.i0e(ai * x) * np.exp(-0.5 * (x - ai) ** 2 - lq)
        return lq - logp[idx], dlq

    return _newton(fun, x0, np.zeros(a.shape), hi, False, n_iter)


def _inverse_a(p, b, n_iter):
    """``a`` with ``Q1(a, b) = p``, 0 where ``p <= Q1(0, b)`` (checked 1-D arrays)."""
    logp = np.log(p)
    floor = -0.5 * b * b >= logp               # log Q1(0, b) = -b^2 / 2
    hi = b + np.sqrt(-2.0 * np.log1p(-p)) + 1.0  # Q1(a, b) >= 1 - exp(-(a - b)^2 / 2)
    x0 = np.clip(b + special.ndtri(p), 0.0, hi)  # Q1(a, b) ~ Phi(a - b) for large a b
    x0 = np.where(x0 > 0.0, x0, 0.5 * hi)

    def fun(x, idx):
        bi = b[idx]
        lq = _evaluate(x, bi, log=True)
        with np.errstate(under="ignore"):
            dlq = bi * special.i1e(x * bi) * np.exp(-0.5 * (x - bi) ** 2 - lq)
        return lq - logp[idx], dlq

    out = np.zeros(p.shape)
    m = ~floor
    if np.any(m):
        sub = np.flatnonzero(m)

        def fun_m(x, idx):
            return fun(x, sub[idx])

        out[m] = _newton(fun_m, x0[m], np.zeros(sub.size), hi[m], True, n_iter)
    return out


def _inverse_reference(p, b_or_a, *, in_a: bool, n_iter: int = 200) -> np.ndarray:
    """Plain bisection inverse on :func:`_log_marcum_q1_reference` (tests only).

    ``in_a=True``: the ``a`` with ``Q1(a, b) = p`` (0 where ``p <= exp(-b^2/2)``);
    ``in_a=False``: the ``b`` with ``Q1(a, b) = p`` (``b_or_a`` is then ``a``).
    """
    p, c = np.broadcast_arrays(np.asarray(p, dtype=np.float64),
                               np.asarray(b_or_a, dtype=np.float64))
    logp = np.log(p)
    lo = np.zeros(p.shape)
    hi = (c + np.sqrt(-2.0 * np.log1p(-p)) + 1.0) if in_a else (c + np.sqrt(-2.0 * logp) + 1.0)
    for _ in range(n_iter):
        mid = 0.5 * (lo + hi)
        lq = _log_marcum_q1_reference(mid, c) if in_a else _log_marcum_q1_reference(c, mid)
        above = lq >= logp
        if in_a:
            hi, lo = np.where(above, mid, hi), np.where(above, lo, mid)
        else:
            lo, hi = np.where(above, mid, lo), np.where(above, hi, mid)
        if np.all(hi - lo <= 1e-15 * np.maximum(hi, 1.0)):
            break
    out = 0.5 * (lo + hi)
    if in_a:
        out = np.where(-0.5 * c * c >= logp, 0.0, out)
    return out


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
    return _evaluate(a.ravel(), b.ravel(), log=True).reshape(a.shape)


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
    a = check_array("a", a, minimum=0.0)
    b = check_array("b", b, minimum=0.0)
    a, b = np.broadcast_arrays(a, b)
    return _evaluate(a.ravel(), b.ravel(), log=False).reshape(a.shape)


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
        Maximum steps of the safeguarded Newton iteration (default 200; it stops at
        machine precision, typically after 3-6 steps; a step that would leave the
        bracket is a bisection step).

    Returns
    -------
    ndarray, float64, broadcast shape of ``p`` and ``b``
        ``a >= 0`` with ``Q1(a, b) = p`` (``Q1`` of the result within ~1e-13 of ``p``,
        relative, or within one ulp of the result); 0 where ``p <= exp(-b^2 / 2)``.

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
    return _inverse_a(p.ravel(), b.ravel(), int(n_iter)).reshape(p.shape)


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
        Maximum steps of the safeguarded Newton iteration (default 200; it stops at
        machine precision, typically after 3-6 steps).

    Returns
    -------
    ndarray, float64, broadcast shape of ``a`` and ``p``
        ``b >= 0`` with ``Q1(a, b) = p`` (``Q1`` of the result within ~1e-13 of ``p``,
        relative, or within one ulp of the result).

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
    return _inverse_b(a.ravel(), p.ravel(), int(n_iter)).reshape(p.shape)
