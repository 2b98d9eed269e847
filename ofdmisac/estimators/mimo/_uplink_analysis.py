"""Closed forms of the [CC] uplink: NMSE, GLRT detection and false-alarm probabilities, and the
coverage ratios built on them ([CC] section 3).
"""

from __future__ import annotations

import numpy as np

from ..._validation import check_array, check_choice, check_int
from ...channel.mimo._array import _check_n_antennas
from ._marcum import log_marcum_q1, marcum_q1_inverse_a
from ._uplink_link import MimoUplink, _check_link

__all__ = [
    "uplink_nmse", "glrt_detection_probability", "glrt_detection_probability_paper",
    "glrt_false_alarm_probability", "nmse_coverage_ratio", "detection_coverage_ratio"
]


def uplink_nmse(link: MimoUplink) -> np.ndarray:
    """Channel-estimation NMSE of the [CC] uplink MMSE estimate.

    ``(mu_k - phi_k) / mu_k = 1 - c_k``. This is
    ``E||e_k||^2 / E||h_k - sqrt(mu kappa) h_bar_k||^2``, the error normalized by the
    energy of the unknown (scattered) part of the channel; see ``docs/errata.md`` for
    the printed definition ``E{||e||^2 / ||h||^2}``.

    Parameters
    ----------
    link : MimoUplink
        Per-pair uplink parameters, shape ``(..., K)``.

    Returns
    -------
    ndarray, float64, shape ``link.shape``
        NMSE in (0, 1] per pair (linear).

    Raises
    ------
    AttributeError
        If ``link`` is not a :class:`MimoUplink` (no check of its own; the link's
        fields are validated when it is built).

    References
    ----------
    [CC] eq. (4)

    Examples
    --------
    >>> link = MimoUplink(n_antennas=64, pilot_length=64, user_gain=1e-7, target_gain=1e-9)
    >>> round(float(uplink_nmse(link)), 4)
    0.1135
    """
    link = _check_link(link)
    return 1.0 - link.mmse_weight


def _check_normalization(normalization: str) -> None:
    check_choice("normalization", normalization, ("paper", "residual"))


def _statistic_scale(link: MimoUplink, normalization: str) -> np.ndarray:
    """Per-antenna variance the GLRT statistic is divided by (times N)."""
    _check_normalization(normalization)
    if normalization == "paper":
        return link.glrt_noise_level
    c = link.mmse_weight
    return (1.0 - c) ** 2 * (link.user_pilot_power + link.noise_power_w)


def glrt_detection_probability(
    link: MimoUplink, threshold, *, rcs_power=1.0, normalization: str = "paper"
) -> np.ndarray:
    """Exact detection probability of the GLRT on the MMSE residual.

    The corrected form of [CC] eq. (8) for the statistic of [CC] eq. (6) computed on
    the residual of the MMSE estimate made from the same pilots (see the module
    docstring and ``docs/errata.md``):
    ``Q1(sqrt(2 N B |zeta|^2 / (A + D)), sqrt(2 eps L0 / ((1 - c)^2 (A + D))))``.

    Parameters
    ----------
    link : MimoUplink
        Per-pair uplink parameters, shape ``(..., K)``.
    threshold : array_like, float
        Linear GLRT threshold ``epsilon_d > 0`` (broadcast with ``link.shape``).
    rcs_power : array_like, optional
        RCS power ``|zeta_k|^2`` (linear, >= 0; default 1, the coverage case of [CC]
        eq. (9)), broadcast with ``link.shape``.
    normalization : {"paper", "residual"}, optional
        "paper" (default): the statistic is normalized by
        ``N [N0 + P_U T_u (mu - phi)]`` as in [CC] eq. (6); "residual": by the actual
        residual variance ``N (1 - c)^2 (A + N0)``, which makes ``P_FA = exp(-eps)`` and
        ``P_D = Q1(sqrt(2 N B |zeta|^2 / (A + N0)), sqrt(2 eps))``.

    Returns
    -------
    ndarray, float64, broadcast shape of ``link.shape``, ``threshold`` and ``rcs_power``
        Detection probability in [0, 1].

    Raises
    ------
    TypeError
        If ``threshold`` or ``rcs_power`` cannot be read as real numbers.
    ValueError
        If ``threshold <= 0``, ``rcs_power < 0`` or ``normalization`` is unknown.

    References
    ----------
    [CC] eq. (8)

    Examples
    --------
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=1e-7, target_gain=1e-8)
    >>> pd = glrt_detection_probability(link, 10.0, normalization="residual")
    >>> round(float(pd), 4)
    0.1273
    """
    link = _check_link(link)
    eps = check_array("threshold", threshold, minimum=0.0, strict_min=True)
    z2 = check_array("rcs_power", rcs_power, minimum=0.0)
    a_ = link.user_pilot_power
    d_ = link.noise_power_w
    c = link.mmse_weight
    nc = 2.0 * link.n_antennas * link.echo_pilot_power * z2 / (a_ + d_)
    thr = 2.0 * eps * _statistic_scale(link, normalization) / ((1.0 - c) ** 2 * (a_ + d_))
    return np.exp(log_marcum_q1(np.sqrt(nc), np.sqrt(thr)))


def glrt_detection_probability_paper(link: MimoUplink, threshold, *, rcs_power=1.0) -> np.ndarray:
    """Detection probability of the uplink GLRT as printed in [CC].

    ``Q1(sqrt(2 P_T T_u N^2 beta_t |zeta|^2 / (N0 + P_U T_u (mu - phi))), sqrt(2 eps))``.
    It holds when the estimation error is independent of the noise and the echo
    (``simulate_uplink(..., error_model="independent")``), not for the residual of the
    MMSE estimate computed from the same pilots; use :func:`glrt_detection_probability`
    for the latter.

    Parameters
    ----------
    link : MimoUplink
        Per-pair uplink parameters, shape ``(..., K)``.
    threshold : array_like, float
        Linear GLRT threshold ``epsilon_d > 0`` (broadcast with ``link.shape``).
    rcs_power : array_like, optional
        RCS power ``|zeta_k|^2`` (linear, >= 0; default 1).

    Returns
    -------
    ndarray, float64, broadcast shape of ``link.shape``, ``threshold`` and ``rcs_power``
        Detection probability in [0, 1].

    Raises
    ------
    TypeError
        If ``threshold`` or ``rcs_power`` cannot be read as real numbers.
    ValueError
        If ``threshold <= 0`` or ``rcs_power < 0``.

    References
    ----------
    [CC] eq. (8)

    Examples
    --------
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=1e-7, target_gain=1e-8)
    >>> round(float(glrt_detection_probability_paper(link, 10.0)), 4)
    0.983
    """
    link = _check_link(link)
    eps = check_array("threshold", threshold, minimum=0.0, strict_min=True)
    z2 = check_array("rcs_power", rcs_power, minimum=0.0)
    nc = 2.0 * link.n_antennas * link.echo_pilot_power * z2 / link.glrt_noise_level
    return np.exp(log_marcum_q1(np.sqrt(nc), np.sqrt(2.0 * eps)))


def glrt_false_alarm_probability(
    link: MimoUplink, threshold, *, normalization: str = "paper"
) -> np.ndarray:
    """False-alarm probability of the GLRT on the MMSE residual.

    ``exp(-eps L0 / ((1 - c)^2 (A + D)))`` for the MMSE estimator of [CC] section 3
    computed with the echo term in its denominator (the BS does not know whether the
    target is there): the corrected [CC] eq. (8) at ``|zeta|^2 = 0``, since
    ``Q1(0, b) = exp(-b^2 / 2)``. Under the paper's independence assumption this would
    be ``exp(-eps)``.

    Parameters
    ----------
    link : MimoUplink
        Per-pair uplink parameters, shape ``(..., K)``.
    threshold : array_like, float
        Linear GLRT threshold ``epsilon_d > 0`` (broadcast with ``link.shape``).
    normalization : {"paper", "residual"}, optional
        As in :func:`glrt_detection_probability` (default "paper"; "residual" gives
        ``exp(-eps)``).

    Returns
    -------
    ndarray, float64, broadcast shape of ``link.shape`` and ``threshold``
        False-alarm probability in [0, 1].

    Raises
    ------
    TypeError
        If ``threshold`` cannot be read as real numbers.
    ValueError
        If ``threshold <= 0`` or ``normalization`` is unknown.

    References
    ----------
    [CC] eq. (8)

    Examples
    --------
    >>> link = MimoUplink(n_antennas=16, pilot_length=16, user_gain=1e-7, target_gain=1e-8)
    >>> pfa = glrt_false_alarm_probability(link, 10.0, normalization="residual")
    >>> round(float(pfa), 7)  # exp(-10)
    4.54e-05
    """
    link = _check_link(link)
    eps = check_array("threshold", threshold, minimum=0.0, strict_min=True)
    a_ = link.user_pilot_power
    c = link.mmse_weight
    scale = _statistic_scale(link, normalization)
    return np.exp(-eps * scale / ((1.0 - c) ** 2 * (a_ + link.noise_power_w)))


def nmse_coverage_ratio(nmse_threshold, *, n_antennas, user_power_w, target_power_w):
    """NMSE coverage condition as a bound on ``mu_K / beta_t,K``.

    The condition is ``NMSE <= eps_C``. With ``N0`` neglected, ``(mu - phi) / mu <= eps_C``
    holds iff ``mu_K / beta_t,K >= (1 - eps_C) P_T N / (eps_C P_U)`` (0 when
    ``eps_C >= 1``).

    Parameters
    ----------
    nmse_threshold : array_like, float
        NMSE threshold ``eps_u^C > 0`` (linear, finite).
    n_antennas : int
        BS antennas ``N >= 1``.
    user_power_w, target_power_w : array_like, float
        ``P_U,K`` in W (> 0) and ``P_T,K`` in W (>= 0), broadcast with
        ``nmse_threshold``.

    Returns
    -------
    ndarray, float64, broadcast shape of the arguments
        Lower bound on ``mu_K / beta_t,K``.

    Raises
    ------
    TypeError
        If ``n_antennas`` is not an integer or a power cannot be read as real numbers.
    ValueError
        If ``nmse_threshold <= 0`` or not finite, ``n_antennas < 1``,
        ``user_power_w <= 0`` or ``target_power_w < 0``.

    References
    ----------
    [CC] eq. (10)

    Examples
    --------
    >>> ratio = nmse_coverage_ratio(0.1, n_antennas=64, user_power_w=1.0, target_power_w=0.1)
    >>> round(float(ratio), 6)
    57.6
    """
    eps = check_array("nmse_threshold", nmse_threshold, minimum=0.0, strict_min=True,
                      requirement="use a linear NMSE threshold > 0")
    n = _check_n_antennas(n_antennas)
    p_u = check_array("user_power_w", user_power_w, minimum=0.0, strict_min=True)
    p_t = check_array("target_power_w", target_power_w, minimum=0.0)
    return np.maximum(1.0 - eps, 0.0) * p_t * n / (eps * p_u)


def detection_coverage_ratio(
    detection_probability,
    *,
    glrt_threshold,
    n_antennas,
    user_power_w,
    target_power_w,
    model: str = "chain",
    n_iter: int = 200,
):
    """Sensing coverage condition as a bound on ``mu_K / beta_t,K``.

    The condition is ``P_D,K >= eps_S``, with ``N0`` neglected and ``|zeta_K| = 1``, as
    in [CC] section 3.2. ``P_D`` decreases in
    ``x = A / B = P_U mu / (P_T N beta_t)``, so the condition is
    ``mu / beta_t <= x* P_T N / P_U`` (``inf``: always covered).

    * ``model="paper"``: the printed (11), ``2 P_T N^2 / (eps_bar P_U - 2 P_U N)`` with
      ``eps_S = Q1(sqrt(eps_bar), sqrt(2 eps_d))`` (``inf`` when ``eps_bar <= 2N``).
    * ``model="residual"``: the chain with the GLRT normalized by the residual variance,
      ``P_D = Q1(sqrt(2 N / x), sqrt(2 eps_d))``: ``2 P_T N^2 / (eps_bar P_U)`` (no ``2N``
      floor; see ``docs/errata.md``, eq. (8)).
    * ``model="chain"``: the chain with the normalization of [CC] eq. (6),
      ``P_D = Q1(sqrt(2 N / x), sqrt(2 eps_d (1 + x)))``, solved for ``x*`` by bisection.

    Parameters
    ----------
    detection_probability : array_like, float
        Detection-probability threshold ``eps_u^S`` in the open interval (0, 1).
    glrt_threshold : array_like, float
        GLRT threshold ``eps_d > 0`` (linear), broadcast with ``detection_probability``.
    n_antennas : int
        BS antennas ``N >= 1``.
    user_power_w, target_power_w : array_like, float
        ``P_U,K`` and ``P_T,K`` in W (> 0).
    model : {"chain", "residual", "paper"}, optional
        Which detection law (see above; default "chain", the receiver as built).
    n_iter : int, optional
        Maximum bisection steps in ``log x`` for ``model="chain"`` (default 200).

    Returns
    -------
    ndarray, float64, broadcast shape of the arguments
        Upper bound on ``mu_K / beta_t,K`` (may be ``inf``: always covered).

    Raises
    ------
    TypeError
        If ``n_antennas`` is not an integer or a threshold or power cannot be read as
        real numbers.
    ValueError
        If ``detection_probability`` is outside (0, 1), ``glrt_threshold <= 0``, a power
        is not positive, ``n_antennas < 1`` or ``model`` is unknown.

    References
    ----------
    [CC] eq. (11)

    Examples
    --------
    >>> ratio = detection_coverage_ratio(0.9, glrt_threshold=10.0, n_antennas=64,
    ...                                  user_power_w=1.0, target_power_w=0.1)
    >>> round(float(ratio), 4)
    11.0616
    """
    if model not in ("chain", "residual", "paper"):
        raise ValueError(f"model={model!r} is not allowed; choose 'chain', 'residual' or 'paper'")
    p = check_array("detection_probability", detection_probability, minimum=0.0, maximum=1.0,
                    strict_min=True, strict_max=True,
                    requirement="use probabilities in the open interval (0, 1)")
    n_iter = check_int("n_iter", n_iter, minimum=1, maximum=10_000)
    eps_d = check_array("glrt_threshold", glrt_threshold, minimum=0.0, strict_min=True)
    n = _check_n_antennas(n_antennas)
    p_u = check_array("user_power_w", user_power_w, minimum=0.0, strict_min=True)
    p_t = check_array("target_power_w", target_power_w, minimum=0.0, strict_min=True)
    scale = p_t * n / p_u  # mu / beta_t = x * scale
    if model in ("paper", "residual"):
        eps_bar = marcum_q1_inverse_a(p, np.sqrt(2.0 * eps_d)) ** 2
        floor = 2.0 * n if model == "paper" else 0.0
        with np.errstate(divide="ignore"):
            x = np.where(eps_bar > floor, 2.0 * n / np.maximum(eps_bar - floor, 1e-300), np.inf)
        return x * scale
    p, eps_d = np.broadcast_arrays(p, eps_d)
    logp = np.log(p)
    lo = np.full(p.shape, -60.0)  # log x bracket: P_D(e^-60) ~ 1, P_D(e^60) ~ 0
    hi = np.full(p.shape, 60.0)
    for _ in range(n_iter):
        mid = 0.5 * (lo + hi)
        x = np.exp(mid)
        lq = log_marcum_q1(np.sqrt(2.0 * n / x), np.sqrt(2.0 * eps_d * (1.0 + x)))
        ok = lq >= logp
        lo = np.where(ok, mid, lo)
        hi = np.where(ok, hi, mid)
        if np.all(hi - lo < 1e-13):
            break
    return np.exp(0.5 * (lo + hi)) * scale

