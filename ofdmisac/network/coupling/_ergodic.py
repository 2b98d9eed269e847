"""Ergodic interference and enhancement ratios of [CC] Lemma 5 (Section 4.1).
"""

from __future__ import annotations

import numpy as np
from scipy.special import exp1, expn, gammaln

from ..._validation import check_array, check_int
from ._downlink_coverage import _check_open_rho
from ._scenario import JointCoverageScenario, _check_scenario


def _check_k(scenario, k) -> int:
    """Pair index ``k`` in ``1..scenario.n_users`` (default: the last pair, ``n_users``)."""
    _check_scenario(scenario)
    if k is None:
        return scenario.n_users
    return check_int("k", k, minimum=1, maximum=scenario.n_users)

__all__ = [
    "ergodic_enhancement_ratio", "ergodic_interference_ratio",
    "interference_ratio_alpha2_given_target"
]


def ergodic_enhancement_ratio(scenario: JointCoverageScenario, k: int | None = None) -> float:
    """Ergodic communication enhancement ratio of pair k.

    ``Omega_bar_k = E{Omega_k}`` of [CC] Lemma 5, [CC] eq. (26):
    ``(1 - rho) N / (2 rho) [(kappa + 1) + kappa (1 + kappa) Gamma(k + alpha/2)
    / (P_U Gamma(k) (lambda_U pi)^(alpha/2)) (N0 / (T_u C0) + P_T N (lambda_T pi)^alpha
    Gamma(k - alpha) / Gamma(k))]``; ``N0 / T_u`` in place of the printed ``N0`` (erratum
    of (25)). Finite only for ``k > alpha`` (``E d_T^-2 alpha`` diverges otherwise).

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network (``N0``, ``T_u`` and ``C_0`` enter); needs
        ``0 < comm_power_fraction < 1``.
    k : int, optional
        Pair index, > ``path_loss_exponent`` (default ``scenario.n_users``).

    Returns
    -------
    float
        ``Omega_bar_k`` (linear); its inverse is the ergodic mutual benefit.

    Raises
    ------
    TypeError
        If ``scenario`` is not a :class:`JointCoverageScenario`.
    ValueError
        If ``k <= alpha`` or ``comm_power_fraction`` is not in (0, 1).

    References
    ----------
    [CC] eq. (26)
    [CC] Lemma 5

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, ergodic_enhancement_ratio
    >>> round(ergodic_enhancement_ratio(JointCoverageScenario()), 2)
    67.67
    """
    _check_open_rho(scenario)
    k = _check_k(scenario, k)
    a = scenario.path_loss_exponent
    if k <= a:
        raise ValueError(f"k={k} is not allowed; (26) needs k > alpha={a} (E d_T^-2alpha "
                         "diverges otherwise)")
    rho, n, kap = scenario.comm_power_fraction, scenario.n_antennas, scenario.rician_factor
    lu, lt = scenario.user_density_per_m2 * np.pi, scenario.target_density_per_m2 * np.pi
    e_du = np.exp(gammaln(k + a / 2) - gammaln(k)) * lu ** (-a / 2)
    e_bt = lt**a * np.exp(gammaln(k - a) - gammaln(k))
    inner = (scenario.noise_power_w / (scenario.pilot_length * scenario.c0)
             + scenario.target_power_w * n * e_bt)
    return float((1 - rho) * n / (2 * rho) * ((kap + 1) + kap * (1 + kap) * e_du
                                              / scenario.user_power_w * inner))


def ergodic_interference_ratio(scenario: JointCoverageScenario, k: int | None = None, *,
                               n_nodes: int = 128) -> float:
    """Ergodic sensing interference ratio of pair k.

    ``Psi_bar_k = E{Psi_k}`` of [CC] Lemma 5, with ``Psi_k`` the second form of
    [CC] eq. (24) (``N0 / T_u`` for ``N0``, ``docs/errata.md``):
    ``rho N / (1 - rho) (kappa + E[A / (A + B + N0)])`` with ``A = P_U T_u mu_k``,
    ``B = P_T T_u N beta_t,k``. For ``alpha = 2`` and fixed ``beta_t`` the user average is
    ``y e^y E_k(y)``, ``y = lambda_U pi P_U C0 / ((1 + kappa)(P_T N beta_t + N0 / T_u))``
    (printed (27): ``y^k e^y E_k(y)``, which equals it only for ``k = 1``, see
    ``docs/errata.md``); here both distances are averaged by fixed Gauss-Legendre rules
    over ``log`` of the Gamma variables (any ``alpha``).

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network (any ``path_loss_exponent``); needs ``0 < comm_power_fraction < 1``.
    k : int, optional
        Pair index, >= 1 (default ``scenario.n_users``).
    n_nodes : int, optional
        Quadrature nodes per distance (default 128), rounded down to a multiple of 16
        (at least 16).

    Returns
    -------
    float
        ``Psi_bar_k`` (linear); its inverse is the ergodic mutual interference.

    Raises
    ------
    TypeError
        If ``scenario`` is not a :class:`JointCoverageScenario`.
    ValueError
        If ``comm_power_fraction`` is not in (0, 1).

    References
    ----------
    [CC] eq. (24)
    [CC] Lemma 5

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, ergodic_interference_ratio
    >>> round(ergodic_interference_ratio(JointCoverageScenario()), 2)
    124.66
    """
    from ._distance_ratio import _log_gamma_nodes

    _check_open_rho(scenario)
    k = _check_k(scenario, k)
    n_nodes = check_int("n_nodes", n_nodes, minimum=2, maximum=4096)
    g, w = _log_gamma_nodes(k, n_nodes)
    a = scenario.path_loss_exponent
    d_u = np.sqrt(g / (np.pi * scenario.user_density_per_m2))[:, None]
    d_t = np.sqrt(g / (np.pi * scenario.target_density_per_m2))[None, :]
    mu = scenario.c0 * d_u ** (-a) / (1 + scenario.rician_factor)
    bt = scenario.c0 * d_t ** (-2 * a)
    c = scenario.user_power_w * mu / (scenario.user_power_w * mu
                                      + scenario.target_power_w * scenario.n_antennas * bt
                                      + scenario.noise_power_w / scenario.pilot_length)
    mean_c = float(np.sum(w[:, None] * w[None, :] * c))
    rho, n = scenario.comm_power_fraction, scenario.n_antennas
    return rho * n / (1 - rho) * (scenario.rician_factor + mean_c)


def interference_ratio_alpha2_given_target(scenario: JointCoverageScenario, target_gain,
                                           k: int | None = None) -> np.ndarray:
    """CU-averaged sensing interference ratio for alpha = 2.

    The corrected [CC] eq. (27): ``E_{d_U}{Psi_k}`` at a given target gain ``beta_t,k``,
    ``rho N / (1 - rho) (kappa + y e^y E_k(y))``,
    ``y = lambda_U pi P_U C0 / ((1 + kappa)(P_T N beta_t + N0 / T_u))`` (the printed (27)
    has ``y^k`` for ``y``, see ``docs/errata.md``). Ignores ``scenario.path_loss_exponent``
    (the closed form needs ``alpha = 2``).

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network; needs ``0 < comm_power_fraction < 1``.
    target_gain : array_like, float64, any shape
        Round-trip target gain ``beta_t,k = C_0 d_T,k^-2alpha`` (linear), finite and > 0.
    k : int, optional
        Pair index, >= 1 (default ``scenario.n_users``).

    Returns
    -------
    numpy.ndarray, float64, shape of ``target_gain``
        ``E_{d_U}{Psi_k}`` (linear).

    Raises
    ------
    TypeError
        If ``scenario`` is not a :class:`JointCoverageScenario`.
    ValueError
        If ``comm_power_fraction`` is not in (0, 1) or a gain is not finite and > 0.

    References
    ----------
    [CC] eq. (27)

    Examples
    --------
    Target at 30 m with ``alpha = 2``:

    >>> from ofdmisac.network import (JointCoverageScenario,
    ...                               interference_ratio_alpha2_given_target)
    >>> scenario = JointCoverageScenario(path_loss_exponent=2.0)
    >>> round(float(interference_ratio_alpha2_given_target(scenario, 1e-3 * 30.0**-4)), 2)
    117.63
    """
    _check_open_rho(scenario)
    k = _check_k(scenario, k)
    bt = check_array("target_gain", target_gain, minimum=0.0, strict_min=True)
    y = (scenario.user_density_per_m2 * np.pi * scenario.user_power_w * scenario.c0
         / ((1 + scenario.rician_factor) * (scenario.target_power_w * scenario.n_antennas * bt
                                       + scenario.noise_power_w / scenario.pilot_length)))
    # y e^y E_k(y) computed stably: e^y E_k(y) = scaled exponential integral
    ey = np.where(y < 700, np.exp(np.minimum(y, 700)) * (expn(k, y) if k > 1 else exp1(y)),
                  1.0 / (y + k))
    rho, n = scenario.comm_power_fraction, scenario.n_antennas
    return rho * n / (1 - rho) * (scenario.rician_factor + y * ey)

