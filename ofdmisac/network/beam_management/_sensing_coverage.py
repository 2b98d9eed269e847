"""Sensing SCIR coverage of the ISAC beam-management network ([BM] Section III-B).

Theorem 1 (the conditional coverage [BM] eq. (17), its factors eq. (18) and eq. (19),
and the average over r_1 of eq. (20)) and the SCIR PDF of eq. (21), evaluated with
vectorized fixed-order quadrature (Corollary 1, eq. (22), is in ``_sensing_corollary``):

* the inner interference integral of eq. (18) with the kernel Q of eq. (19) is split by
  interferer state and gain,
  ``int_0^inf w (1 - Q) dw = sum_g omega_g [J_L(c_g) + J_N(c_g)]`` with
  ``J_L(c) = int w e^{-beta w} s_L(w; c) dw``, ``J_N(c) = int w (1 - e^{-beta w})
  s_N(w; c) dw``, ``s_u(w; c) = 1 / (1 + w^alpha_u / c)``, ``c_ml = 4 pi eta r_1^{2 alpha_d}``
  (weight ``omega_ml = 1/n_B^2``) and ``c_sl = c_ml / rho`` (weight ``1 - 1/n_B^2``);
  each piece is an exp-sinh rule centred between its two length scales ``c^{1/alpha}``
  and ``1/beta``, and ``s`` is formed as ``expit(ln c - alpha ln w)`` (no overflow);
* the inner integrals depend on (eta, r_1, n_B, rho, lambda_B) only through ``ln c``:
  unless alpha_L, alpha_N or beta are swept, they are tabulated once per call on a grid
  in ``ln c`` (exact rule at the grid points, cubic splines of ``ln J``, relative error
  ~1e-11) instead of being recomputed at every (threshold, outer node);
* the outer average over r_1 of eq. (20) is taken in ``v = pi lambda_B r_1^2 ~ Exp(1)`` with a
  composite Gauss-Legendre rule in ``ln v`` on ``[1e-20, 50]`` (uniform resolution per
  decade: the NLoS part of the coverage lives at small ``v`` for high thresholds).

Every function takes keyword sweeps of the scenario fields (``bs_density_per_m2``,
``n_beams``, ...; :data:`SWEEPABLE_FIELDS`): they broadcast together to the sweep shape
``S`` and the result has shape ``S + T`` for a threshold of shape ``T`` (see
docs/conventions.md, Sweeps), with no Python loop over nodes or parameter points.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.interpolate import CubicSpline
from scipy.special import expit

from ..._validation import check_array, check_int
from ...units import SPEED_OF_LIGHT_MPS
from .._quadrature import log_interval_rule, semi_infinite_rule
from .._sweep import check_threshold, resolve_sweeps
from ._scenario import BeamManagementScenario, _check_scenario

_MAX_NODES = 4096  # quadrature nodes: far above any converged rule (a size guard)

__all__ = ['SWEEPABLE_FIELDS', 'sensing_coverage', 'sensing_coverage_conditional', 'scir_pdf']


SWEEPABLE_FIELDS = (
    "bs_density_per_m2",
    "blocker_density_per_m2",
    "blocker_radius_m",
    "n_beams",
    "mainlobe_to_sidelobe_ratio",
    "alpha_los",
    "alpha_nlos",
    "prs_bandwidth_hz",
)
"""Scenario fields that the sensing functions accept as keyword sweeps."""


_V_MIN, _V_MAX = 1e-20, 50.0  # outer range of v = pi lambda r1^2 ~ Exp(1)
_BLOCK = 1 << 21  # max elements of the largest temporary per block


class _Params:
    """Scenario fields as broadcastable float arrays (sweeps applied, validated).

    Swept fields have the shape ``S + (1,) * n_threshold_dims`` (sweep axes first, the
    threshold axes last: ``docs/conventions.md``, Sweeps).
    """

    def __init__(self, scenario, sweeps, n_threshold_dims):
        _check_scenario(scenario)
        sweep = resolve_sweeps(sweeps, SWEEPABLE_FIELDS, BeamManagementScenario.check_field)
        self.sweep_shape = sweep.shape

        def get(n):
            if n in sweep.values:
                return sweep.trailing(n, n_threshold_dims)
            return np.asarray(getattr(scenario, n), dtype=np.float64)

        overrides = sweep.values
        self.lam_b = get("bs_density_per_m2")
        self.lam_o = get("blocker_density_per_m2")
        self.n_b = get("n_beams")
        self.alpha_l = get("alpha_los")
        self.alpha_n = get("alpha_nlos")
        self.beta = 2.0 * self.lam_o * get("blocker_radius_m")
        self.dr = SPEED_OF_LIGHT_MPS / (2.0 * get("prs_bandwidth_hz"))
        if "mainlobe_to_sidelobe_ratio" in overrides:
            self.rho = get("mainlobe_to_sidelobe_ratio")
        elif scenario.mainlobe_to_sidelobe_ratio is None:
            self.rho = self.n_b**2
        else:
            self.rho = np.asarray(scenario.mainlobe_to_sidelobe_ratio, dtype=np.float64)
        self.fields = (self.lam_b, self.lam_o, self.n_b, self.alpha_l, self.alpha_n,
                       self.beta, self.dr, self.rho)


def _j_pair(log_c, alpha, beta, los, n_inner, deriv):
    """J_u(c) and c dJ_u/dc for u = LoS (``los``) or NLoS; arrays broadcast, nodes last."""
    log_w0 = log_c / alpha
    log_ib = -np.log(beta)
    if los:  # features at w0 and 1/beta; beyond 1/beta the exponential cuts everything
        log_scale = 0.5 * (np.minimum(log_w0, log_ib) + log_ib)
    else:  # (1 - e^{-beta w}) ~ beta w below 1/beta; power-law tail beyond w0
        log_scale = 0.5 * (log_w0 + np.maximum(log_w0, log_ib))
    x, w = semi_infinite_rule(n_inner, np.exp(log_scale))
    log_x = log_scale[..., None] + np.log(semi_infinite_rule(n_inner)[0])
    bx = beta[..., None] * x
    wf = w * x * (np.exp(-bx) if los else -np.expm1(-bx))
    s = expit(log_c[..., None] - alpha[..., None] * log_x)
    j = np.sum(wf * s, axis=-1)
    if not deriv:
        return j, None
    return j, np.sum(wf * s * (1.0 - s), axis=-1)


class _JTable:
    """J_u and c dJ_u/dc tabulated in ln c (fixed alpha, beta) with cubic splines.

    J_u depends on (eta, r1, n_B, rho, lambda_B) only through ln c, so one table built
    by the exact rule on a grid of step 0.04 in ln c serves every outer node and
    threshold. ``ln J`` and ``ln(c J')`` are smooth in ``ln c`` (slopes between 0 and
    2/alpha); the spline error is below 1e-9 relative (checked against the direct rule
    in the tests).
    """

    STEP = 0.04
    MAX_POINTS = 200_000

    def __init__(self, lo, hi, alpha, beta, los, n_inner, deriv):
        grid = np.arange(lo - 3 * self.STEP, hi + 4 * self.STEP, self.STEP)
        j, dj = _j_pair(grid, np.full_like(grid, alpha), np.full_like(grid, beta), los,
                        n_inner, deriv)
        self._j = CubicSpline(grid, np.log(np.maximum(j, 1e-300)))
        self._dj = CubicSpline(grid, np.log(np.maximum(dj, 1e-300))) if deriv else None

    def __call__(self, log_c):
        j = np.exp(self._j(log_c))
        return j, (None if self._dj is None else np.exp(self._dj(log_c)))


def _conditional_parts(eta, r1, p: _Params, n_inner, deriv, tables=None):
    """F_ct, p_L(r1), F_S,L, F_S,N (and their eta-derivatives) at broadcast shapes."""
    eta, r1, lam_b, lam_o, n_b, a_l, a_n, beta, dr, rho = np.broadcast_arrays(
        eta, r1, *p.fields)
    cell = lam_o * 2.0 * math.pi * dr * r1 / n_b  # mean clutter count lambda_O A(R_M)
    f_ct = np.exp(-cell * eta / (1.0 + eta))
    p_l = np.exp(-beta * r1)
    log_r1 = np.log(r1)
    out = {"f_ct": f_ct, "p_l": p_l}
    omega_ml = 1.0 / n_b**2
    for d, a_d in (("L", a_l), ("N", a_n)):
        log_k = np.log(4.0 * math.pi * eta) + 2.0 * a_d * log_r1
        total = np.zeros_like(eta)
        dtotal = np.zeros_like(eta)
        for omega, log_c in ((omega_ml, log_k), (1.0 - omega_ml, log_k - np.log(rho))):
            if tables is None:
                jl, djl = _j_pair(log_c, a_l, beta, True, n_inner, deriv)
                jn, djn = _j_pair(log_c, a_n, beta, False, n_inner, deriv)
            else:
                (jl, djl), (jn, djn) = tables[0](log_c), tables[1](log_c)
            total += omega * (jl + jn)
            if deriv:
                dtotal += omega * (djl + djn)
        f_s = np.exp(-2.0 * math.pi * lam_b * total)
        out[f"f_s{d}"] = f_s
        if deriv:  # d/d eta of exp(-2 pi lam I): c dI/dc / eta, since c is prop. to eta
            out[f"df_s{d}"] = -f_s * 2.0 * math.pi * lam_b * dtotal / eta
    if deriv:
        out["df_ct"] = -f_ct * cell / (1.0 + eta) ** 2
    return out


def _broadcast_shape(eta, p: _Params):
    return np.broadcast_shapes(eta.shape, *(f.shape for f in p.fields))


def _tables(eta, p: _Params, n_inner, deriv):
    """Spline tables of J_L, J_N over the ln c range the nodes need, or None.

    Used when alpha_L, alpha_N and beta take one value each (sweeps over eta, n_B, rho,
    lambda_B, B_PRS only shift ln c); otherwise the inner rule runs at every node.
    """
    a_l, a_n, beta = (np.unique(x) for x in (p.alpha_l, p.alpha_n, p.beta))
    if a_l.size != 1 or a_n.size != 1 or beta.size != 1:
        return None
    ln_r = 0.5 * np.log(np.array([_V_MIN / (math.pi * p.lam_b.max()),
                                  _V_MAX / (math.pi * p.lam_b.min())]))
    span = 2.0 * np.concatenate([a_l[0] * ln_r, a_n[0] * ln_r])
    base = np.log(4.0 * math.pi * np.array([eta.min(), eta.max()]))
    lo = base[0] + span.min() - np.log(p.rho.max())  # sidelobe c = mainlobe c / rho
    hi = base[1] + span.max()
    if (hi - lo) / _JTable.STEP > _JTable.MAX_POINTS:
        return None
    return (_JTable(lo, hi, a_l[0], beta[0], True, n_inner, deriv),
            _JTable(lo, hi, a_n[0], beta[0], False, n_inner, deriv))


def _outer(eta, p: _Params, n_outer, n_inner, deriv, exact_inner=False):
    """Average over r1 in v = pi lam r1^2 (20); returns coverage or PDF; blocked."""
    shape = _broadcast_shape(eta, p)
    flat = [np.broadcast_to(a, shape).ravel() for a in (eta, *p.fields)]
    v, wv = log_interval_rule(_V_MIN, _V_MAX, 8, n_panels=max(1, n_outer // 8))
    wv = wv * np.exp(-v)
    size = int(np.prod(shape, dtype=np.int64))
    result = np.empty(size)
    tables = None if exact_inner else _tables(eta, p, n_inner, deriv)
    per_point = v.size * (8 if tables is not None else n_inner)
    step = max(1, _BLOCK // per_point)
    for start in range(0, size, step):
        sl = slice(start, start + step)
        e, lam_b, lam_o, n_b, a_l, a_n, beta, dr, rho = (a[sl, None] for a in flat)
        sub = _Params.__new__(_Params)
        sub.fields = (lam_b, lam_o, n_b, a_l, a_n, beta, dr, rho)
        r1 = np.sqrt(v / (math.pi * lam_b))
        parts = _conditional_parts(e, r1, sub, n_inner, deriv, tables)
        f_ct, p_l = parts["f_ct"], parts["p_l"]
        mix = p_l * parts["f_sL"] + (1.0 - p_l) * parts["f_sN"]
        if deriv:
            dmix = p_l * parts["df_sL"] + (1.0 - p_l) * parts["df_sN"]
            integrand = -(parts["df_ct"] * mix + f_ct * dmix)
        else:
            integrand = f_ct * mix
        result[sl] = np.sum(wv * integrand, axis=-1)
    return result.reshape(shape)


def sensing_coverage(scenario: BeamManagementScenario, scir_threshold, *, n_outer: int = 192,
                     n_inner: int = 96, exact_inner: bool = False,
                     **sweeps) -> np.ndarray:
    """Sensing SCIR coverage probability (Theorem 1 of [BM]).

    ``p_cov,S(eta) = P(SCIR_S > eta)`` (the definition [BM] eq. (16)). Implements
    [BM] Theorem 1: the conditional coverage of eq. (17) with the clutter factor
    ``F_ct`` and the LoS/NLoS interference factors ``F_S,L``, ``F_S,N`` of eq. (18),
    whose kernel ``Q`` is eq. (19), averaged over the serving distance ``r_1`` with the
    PDF ``f_r1`` of eq. (20) (the proof is Appendix A). The printed Theorem agrees with a
    simulation of the model of eq. (4), eq. (5), eq. (6) and eq. (7) (the path-loss
    constant ``(c / 4 pi f_c)^2`` cancels; the ``4 pi`` of the round trip, eq. (2),
    stays).

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network parameters (lambda_B, lambda_O, r_O, n_B, rho, alpha_L, alpha_N, B_PRS).
    scir_threshold : array_like of float
        eta of [BM] eq. (17): SCIR threshold, linear (> 0, not dB), any shape ``T``.
    n_outer : int, optional
        Outer nodes in ``ln v`` (>= 8, rounded down to a multiple of 8; the default 192
        gives ~1e-7).
    n_inner : int, optional
        Exp-sinh nodes of each inner integral (>= 8; the default 96 gives ~1e-8).
    exact_inner : bool, optional
        False (default): when alpha_L, alpha_N and beta are not swept, the inner
        integrals (functions of ``ln c`` only) are computed by the exact rule on a grid
        of step 0.04 in ``ln c`` and spline-interpolated (relative error < 1e-9; 10-50x
        faster for many thresholds). True: the inner rule runs at every outer node.
    **sweeps : array_like
        Any of :data:`SWEEPABLE_FIELDS` as arrays, e.g. ``n_beams=[64, 256]``,
        ``bs_density_per_m2=...``; they broadcast together to the sweep shape ``S`` (see
        docs/conventions.md, Sweeps). With ``n_beams`` swept and
        ``scenario.mainlobe_to_sidelobe_ratio`` None, rho follows n_B^2.

    Returns
    -------
    numpy.ndarray of float64
        Coverage in [0, 1], shape ``S + scir_threshold.shape``.

    Raises
    ------
    ValueError
        If ``scir_threshold`` is empty or not finite and > 0, a sweep is unknown, out of
        its field's domain (densities <= 0, n_B < 1, alpha_N <= 2, NaN) or the sweeps do
        not broadcast, or ``n_outer``/``n_inner`` is < 8.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`, or a threshold, sweep
        or node count is not a real number (an integer for the node counts).

    References
    ----------
    [BM] Theorem 1
    [BM] eq. (16)
    [BM] eq. (17)
    [BM] eq. (18)
    [BM] eq. (19)
    [BM] eq. (20)

    Examples
    --------
    >>> s = BeamManagementScenario.mmwave()
    >>> p = sensing_coverage(s, [0.1, 1.0, 10.0], n_beams=[64, 1024])
    >>> p.shape, bool(np.all(np.diff(p, axis=-1) < 0)), bool(np.all(p[1] > p[0]))
    ((2, 3), True, True)
    """
    scir_threshold = check_threshold("scir_threshold", scir_threshold)
    p = _Params(scenario, sweeps, scir_threshold.ndim)
    n_outer = check_int("n_outer", n_outer, minimum=8, maximum=_MAX_NODES)
    n_inner = check_int("n_inner", n_inner, minimum=8, maximum=_MAX_NODES)
    out = _outer(scir_threshold, p, n_outer, n_inner, False,
                 exact_inner)
    return np.clip(out, 0.0, 1.0)


def sensing_coverage_conditional(scenario: BeamManagementScenario, scir_threshold, r1_m, *,
                                 n_inner: int = 96, **sweeps) -> np.ndarray:
    """Sensing coverage given the serving distance r_1 (Theorem 1).

    ``P(SCIR_S > eta | r_1) = F_ct(eta|r1) [p_L(r1) F_S,L(eta|r1) + p_N(r1) F_S,N(eta|r1)]``:
    [BM] eq. (17), with the factors of eq. (18) and the kernel of eq. (19).

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network parameters.
    scir_threshold : array_like of float
        eta of [BM] eq. (17): SCIR threshold, linear (> 0, not dB).
    r1_m : array_like of float
        Serving (MT-BS_0) distance, m (finite, > 0); broadcasts with
        ``scir_threshold`` (together they make the trailing shape ``T``).
    n_inner : int, optional
        Exp-sinh nodes per inner integral (>= 8).
    **sweeps : array_like
        Swept fields, see :func:`sensing_coverage` (docs/conventions.md, Sweeps).

    Returns
    -------
    numpy.ndarray of float64
        Conditional coverage in [0, 1], shape ``S + broadcast(scir_threshold, r1_m)``.

    Raises
    ------
    ValueError
        If ``scir_threshold`` is empty or not finite and > 0, ``r1_m`` is not finite and
        > 0, ``n_inner < 8``, or a sweep is unknown, out of its domain or does not
        broadcast.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`, or a threshold or sweep
        is not a real number.

    References
    ----------
    [BM] Theorem 1
    [BM] eq. (17)
    [BM] eq. (18)
    [BM] eq. (19)

    Examples
    --------
    >>> s = BeamManagementScenario.mmwave()
    >>> p = sensing_coverage_conditional(s, 1.0, [10.0, 100.0])
    >>> bool(p[0] > p[1])
    True
    """
    scir_threshold = check_threshold("scir_threshold", scir_threshold)
    r1 = check_array("r1_m", r1_m, minimum=0.0, strict_min=True, maximum=1e12)
    n_inner = check_int("n_inner", n_inner, minimum=8, maximum=_MAX_NODES)
    p = _Params(scenario, sweeps, len(np.broadcast_shapes(scir_threshold.shape, r1.shape)))
    n_inner = check_int("n_inner", n_inner, minimum=8)
    parts = _conditional_parts(scir_threshold, r1, p, n_inner, False)
    out = parts["f_ct"] * (parts["p_l"] * parts["f_sL"] + (1 - parts["p_l"]) * parts["f_sN"])
    return np.clip(out, 0.0, 1.0)


def scir_pdf(scenario: BeamManagementScenario, scir, *, per_db: bool = False,
             n_outer: int = 192, n_inner: int = 96, exact_inner: bool = False,
             **sweeps) -> np.ndarray:
    """PDF of the sensing SCIR under the law of Theorem 1 of [BM].

    ``f(eta) = d/d eta [1 - p_cov,S(eta)]``: implements [BM] eq. (21) by differentiating
    the coverage (eq. (17), eq. (18), eq. (19), averaged by eq. (20)) under the integral
    sign,
    analytically: with ``c`` proportional to ``scir``, ``d s / d eta = s (1 - s) / eta``
    for each interference kernel ``s = 1 / (1 + w^alpha / c)``, and
    ``d F_ct / d eta = -F_ct lambda_O A(R_M) / (1 + eta)^2``. The distribution has no
    atom, so the PDF integrates to 1 over ``(0, inf)``; it is bimodal (LoS desired link
    near -5 dB, NLoS near -57 dB for the Table II mmWave scenario, n_B = 256; [BM]
    Fig. 5 places the NLoS peak near -90 dB), so an ``scir`` grid must span roughly
    -130 dB to +40 dB to hold the mass.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Network parameters.
    scir : array_like of float
        eta of [BM] eq. (21): SCIR values, linear (> 0, not dB), any shape ``T``.
    per_db : bool, optional
        If True return the density per dB of ``10 log10 SCIR``,
        ``f(eta) eta ln(10) / 10``; False (default): per unit of linear SCIR.
    n_outer, n_inner : int, optional
        Quadrature orders (>= 8), see :func:`sensing_coverage`.
    exact_inner : bool, optional
        See :func:`sensing_coverage` (spline table of the inner integrals by default).
    **sweeps : array_like
        Swept fields, see :func:`sensing_coverage` (docs/conventions.md, Sweeps).

    Returns
    -------
    numpy.ndarray of float64
        Density (>= 0), per unit of linear SCIR or per dB, shape ``S + scir.shape``.

    Raises
    ------
    ValueError
        If ``scir`` is empty or not finite and > 0, a node count is < 8, or a sweep is
        unknown, out of its domain or does not broadcast.
    TypeError
        If ``scenario`` is not a :class:`BeamManagementScenario`, or ``scir`` or a sweep
        is not a real number.

    References
    ----------
    [BM] eq. (21)

    Examples
    --------
    >>> s = BeamManagementScenario.mmwave()
    >>> f = scir_pdf(s, 10 ** (np.array([-57.0, -40.0, -5.0]) / 10), per_db=True)
    >>> bool(f[0] > f[1] and f[2] > f[1])
    True
    """
    scir = check_threshold("scir", scir)
    p = _Params(scenario, sweeps, scir.ndim)
    n_outer = check_int("n_outer", n_outer, minimum=8, maximum=_MAX_NODES)
    n_inner = check_int("n_inner", n_inner, minimum=8, maximum=_MAX_NODES)
    out = _outer(scir, p, n_outer, n_inner, True,
                 exact_inner)
    out = np.maximum(out, 0.0)
    if per_db:
        out = out * np.broadcast_to(scir, out.shape) * (math.log(10.0) / 10.0)
    return out

