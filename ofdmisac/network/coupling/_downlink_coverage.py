"""Downlink joint coverage of [CC] Theorem 2: interference and benefit events as bounds on the
distance ratio, the bounds of [CC] Corollary 2 and the uplink-downlink bounds of [CC] Remark 4.
"""

from __future__ import annotations

import numpy as np

from ..._validation import check_probability, fail
from ...estimators.mimo._marcum import marcum_q1_inverse_a
from ._scenario import JointCoverageScenario, _check_scenario, _over_sweep
from ._uplink_coverage import _x_detection

__all__ = [
    "downlink_joint_coverage", "downlink_coverage_bounds",
    "downlink_bounds_given_uplink_detection", "remark4_printed_bounds"
]


def _check_open_rho(scenario):
    _check_scenario(scenario)
    if not 0.0 < scenario.comm_power_fraction < 1.0:
        fail("comm_power_fraction", scenario.comm_power_fraction,
             "use a value > 0 and < 1 (the downlink ratios need both beams)")


def _x_interference(scenario, eps_c):
    """Lower bound on x for 1/Psi <= eps_C (inf: never)."""
    e = np.asarray(eps_c, dtype=np.float64)
    if not np.all(np.isfinite(e)) or np.any(e <= 0):
        raise ValueError(f"interference_threshold={eps_c!r} is not allowed; use a linear "
                         "threshold > 0")
    rho, n, kap = scenario.comm_power_fraction, scenario.n_antennas, scenario.rician_factor
    s = (1.0 - rho) / (rho * n * e) - kap  # need x / (1 + x) >= s
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.where(s <= 0, 0.0, np.where(s >= 1, np.inf, s / (1.0 - s)))
    return x


def _x_benefit(scenario, eps_s):
    """Lower bound on x for 1/Omega >= eps_S (inf: never)."""
    e = np.asarray(eps_s, dtype=np.float64)
    if not np.all(np.isfinite(e)) or np.any(e <= 0):
        raise ValueError(f"benefit_threshold={eps_s!r} is not allowed; use a linear "
                         "threshold > 0")
    rho, n, kap = scenario.comm_power_fraction, scenario.n_antennas, scenario.rician_factor
    t = 2.0 * rho / ((1.0 - rho) * n * e) - kap - 1.0  # need kappa / x <= t
    with np.errstate(divide="ignore", invalid="ignore"):
        if kap == 0:
            return np.where(t >= 0, 0.0, np.inf)
        return np.where(t > 0, kap / np.where(t > 0, t, 1.0), np.inf)


def _x_benefit_chain(scenario, eps_s):
    """Interval ``[x_lo, x_hi]`` of x where the chain's ``1/Omega >= eps_S`` (empty: lo > hi).

    ``1/Omega = rho c (2c/N + 1 - c) / ((1 - rho)(kappa + c))``, ``c = x / (1 + x)``
    (``docs/errata.md``, [CC] eq. (25)): ``q c^2 - (1 - e) c + e kappa <= 0`` with
    ``q = 1 - 2/N``, ``e = eps_S (1 - rho) / rho``.
    """
    e_s = np.asarray(eps_s, dtype=np.float64)
    if not np.all(np.isfinite(e_s)) or np.any(e_s <= 0):
        raise ValueError(f"benefit_threshold={eps_s!r} is not allowed; use a linear "
                         "threshold > 0")
    rho, n, kap = scenario.comm_power_fraction, scenario.n_antennas, scenario.rician_factor
    e = e_s * (1 - rho) / rho
    q = 1.0 - 2.0 / n
    disc = (1 - e) ** 2 - 4 * q * e * kap
    root = np.sqrt(np.maximum(disc, 0.0))
    c_lo = np.maximum((1 - e - root) / (2 * q), 0.0)
    c_hi = (1 - e + root) / (2 * q)
    ok = (disc >= 0) & (c_hi > 0) & (c_lo < 1)
    c_lo_ = np.where(ok, c_lo, 0.0)
    c_hi_ = np.where(ok & (c_hi < 1), c_hi, 0.0)
    x_lo = np.where(ok, c_lo_ / (1 - c_lo_), np.inf)
    x_hi = np.where(ok, np.where(c_hi >= 1, np.inf, c_hi_ / (1 - c_hi_)), -np.inf)
    return x_lo, x_hi


def downlink_joint_coverage(scenario: JointCoverageScenario, interference_threshold,
                            benefit_threshold, *, model: str = "paper",
                            **sweeps) -> np.ndarray:
    """Downlink joint coverage: interference and benefit.

    ``P(1/Psi_K <= eps_C, 1/Omega_K >= eps_S)`` of [CC] eq. (28), evaluated as
    [CC] Theorem 2, [CC] eq. (29) with ``N0`` neglected: both events are lower bounds on
    ``x``, so the probability is ``F_Z(min(z_C, z_S))`` (the three cases of (29)); zero
    beyond the bounds of [CC] Corollary 2 (:func:`downlink_coverage_bounds`).

    ``model="paper"`` is (29) (with the corrected case conditions): MRT on an estimate
    ``h_hat ~ CN(m, phi I)`` and a LoS vector that carries no angle information
    (``a^H h_bar = a_c^H h_bar = 0``). ``model="chain"``: MRT on the MMSE estimate of the
    shared-pilot chain of section 3, whose echo part lies along the sensing beam, so
    ``1/Omega = rho c (2c/N + 1 - c) / ((1 - rho)(kappa + c))`` with ``c = x / (1 + x)``
    and the benefit event is an interval of ``x`` (corrected [CC] eq. (25),
    ``docs/errata.md``); the interference event is the same.

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network; needs ``0 < comm_power_fraction < 1``; ``n_users`` is the pair
        index K.
    interference_threshold : array_like, float64
        Threshold ``eps_d^C`` (linear, not dB, finite and > 0) on the mutual interference
        ``1 / Psi_K``.
    benefit_threshold : array_like, float64
        Threshold ``eps_d^S`` (linear, finite and > 0) on the mutual benefit
        ``1 / Omega_K``; broadcast with ``interference_threshold`` to the threshold shape
        ``T``.
    model : {"paper", "chain"}, optional
        "paper" (default): (29), the estimate ``h_hat ~ CN(m, phi I)``; "chain": the
        corrected benefit of the shared-pilot MMSE estimate.
    **sweeps : array_like
        Keyword sweeps of numeric scenario fields (``n_antennas=[32, 64]``,
        ``user_density_per_m2=...``), each checked like the field; they broadcast
        together to the sweep shape ``S`` and the result has shape ``S + T``
        (``docs/conventions.md``, "Sweeps of scenario fields"). None: ``S = ()``.

    Returns
    -------
    numpy.ndarray, float64, shape ``S + T`` (``T`` the threshold shape)
        Coverage probability in [0, 1].

    Raises
    ------
    TypeError
        If ``scenario`` is not a :class:`JointCoverageScenario` or a sweep is not a real
        array.
    ValueError
        If a threshold is not a finite number > 0, the thresholds do not broadcast
        together, ``comm_power_fraction`` is not in (0, 1), ``model`` is unknown, or a
        sweep names no numeric field, has a value outside the field's domain or does not
        broadcast with the others.

    References
    ----------
    [CC] eq. (25)
    [CC] eq. (28)
    [CC] eq. (29)
    [CC] Theorem 2

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, downlink_joint_coverage
    >>> scenario = JointCoverageScenario(rician_factor=0.2)
    >>> round(float(downlink_joint_coverage(scenario, 0.015, 0.012)), 4)
    0.9509
    """
    if sweeps:
        return _over_sweep(scenario, sweeps, lambda sc: downlink_joint_coverage(
            sc, interference_threshold, benefit_threshold, model=model))
    _check_scenario(scenario)
    _check_open_rho(scenario)
    if model not in ("paper", "chain"):
        raise ValueError(f"model={model!r} is not allowed; choose 'paper' or 'chain'")
    x_c = _x_interference(scenario, interference_threshold)
    if model == "chain":
        x_lo, x_hi = _x_benefit_chain(scenario, benefit_threshold)
        lo = np.maximum(x_c, x_lo)
        p = scenario.f_z(scenario.z_of_x(np.where(np.isinf(lo), 1.0, lo))) - np.where(
            np.isinf(x_hi), 0.0, scenario.f_z(scenario.z_of_x(np.where(np.isinf(x_hi), 1.0, x_hi))))
        return np.where(np.isinf(lo) | (lo >= x_hi), 0.0, np.maximum(p, 0.0))
    x0 = np.maximum(x_c, _x_benefit(scenario, benefit_threshold))
    return np.where(np.isinf(x0), 0.0, scenario.f_z(scenario.z_of_x(x0)))


def downlink_coverage_bounds(scenario: JointCoverageScenario) -> dict:
    """Downlink interference floor and benefit ceiling.

    [CC] Corollary 2: ``1/Psi > (1 - rho) / (rho N (1 + kappa))`` and
    ``1/Omega < 2 rho / ((1 - rho) N (1 + kappa))`` (``N0`` neglected); beyond them the
    joint coverage of :func:`downlink_joint_coverage` (``model="paper"``) is zero.

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network; needs ``0 < comm_power_fraction < 1``.

    Returns
    -------
    dict of str to float
        ``interference_floor`` (bound on ``1/Psi``) and ``benefit_ceiling`` (bound on
        ``1/Omega``), linear.

    Raises
    ------
    TypeError
        If ``scenario`` is not a :class:`JointCoverageScenario`.
    ValueError
        If ``comm_power_fraction`` is not in (0, 1).

    References
    ----------
    [CC] Corollary 2

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, downlink_coverage_bounds
    >>> bounds = downlink_coverage_bounds(JointCoverageScenario())
    >>> round(bounds["interference_floor"], 6), round(bounds["benefit_ceiling"], 6)
    (0.007812, 0.015625)
    """
    _check_open_rho(scenario)
    rho, n, kap = scenario.comm_power_fraction, scenario.n_antennas, scenario.rician_factor
    return {"interference_floor": (1 - rho) / (rho * n * (1 + kap)),
            "benefit_ceiling": 2 * rho / ((1 - rho) * n * (1 + kap))}


def downlink_bounds_given_uplink_detection(scenario: JointCoverageScenario, detection_threshold,
                                           *, model: str = "paper") -> dict:
    """Downlink bounds implied by an uplink detection bound.

    [CC] Remark 4 (``N0`` neglected): if ``P_D,K >= eps_S`` in the uplink then
    ``x <= x_S`` and the downlink mutual interference is at least
    ``(1 - rho) / (rho N (kappa + x_S / (1 + x_S)))`` and the mutual benefit at most
    ``2 rho / ((1 - rho) N (kappa + 1 + kappa / x_S))``. With the printed [CC] eq. (11)
    ("paper") these are the printed bounds of [CC] Remark 4,
    ``eps_bar (1 - rho) / (rho N (2N + kappa eps_bar))`` and
    ``4 rho / ((1 - rho) (eps_bar kappa + 2N))`` (:func:`remark4_printed_bounds`);
    "residual" and "chain" use the corrected detection laws (``docs/errata.md``,
    [CC] eq. (8)).

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network; needs ``0 < comm_power_fraction < 1``.
    detection_threshold : array_like, float64, any shape
        Uplink detection-probability threshold ``eps_u^S``, in (0, 1).
    model : {"paper", "residual", "chain"}, optional
        Detection law, as in :func:`uplink_detection_coverage` (default "paper").

    Returns
    -------
    dict of str to numpy.ndarray
        ``interference_floor`` (bound on ``1/Psi``) and ``benefit_ceiling`` (bound on
        ``1/Omega``), float64 arrays of the shape of ``detection_threshold``.

    Raises
    ------
    TypeError
        If ``scenario`` is not a :class:`JointCoverageScenario` or the threshold is not a
        real array.
    ValueError
        If ``comm_power_fraction`` is not in (0, 1), a threshold is outside (0, 1) or
        ``model`` is unknown.

    References
    ----------
    [CC] Remark 4

    Examples
    --------
    >>> from ofdmisac.network import (JointCoverageScenario,
    ...                               downlink_bounds_given_uplink_detection)
    >>> b = downlink_bounds_given_uplink_detection(JointCoverageScenario(), 0.9)
    >>> round(float(b["interference_floor"]), 6), round(float(b["benefit_ceiling"]), 6)
    (0.008572, 0.014106)
    """
    _check_open_rho(scenario)
    x = _x_detection(scenario, detection_threshold, model)
    rho, n, kap = scenario.comm_power_fraction, scenario.n_antennas, scenario.rician_factor
    frac = np.where(np.isinf(x), 1.0, x / (1.0 + np.where(np.isinf(x), 0.0, x)))
    with np.errstate(divide="ignore"):
        inv = np.where(np.isinf(x), 0.0, kap / np.where(np.isinf(x), 1.0, x))
    return {"interference_floor": (1 - rho) / (rho * n * (kap + frac)),
            "benefit_ceiling": 2 * rho / ((1 - rho) * n * (kap + 1 + inv))}


def remark4_printed_bounds(scenario: JointCoverageScenario, detection_threshold) -> dict:
    """Uplink-downlink bounds as printed in [CC] Remark 4.

    [CC] Remark 4 as printed: ``1/Psi >= eps_bar (1 - rho) / (rho N (2N + kappa eps_bar))`` and
    ``1/Omega <= 4 rho / ((1 - rho) (eps_bar kappa + 2N))`` with
    ``eps_S = Q1(sqrt(eps_bar), sqrt(2 eps_d))``; equal to
    :func:`downlink_bounds_given_uplink_detection` with ``model="paper"``.

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network (``n_antennas``, ``rician_factor``, ``comm_power_fraction``,
        ``glrt_threshold``); ``comm_power_fraction`` is not checked here, 0 or 1 gives
        infinite or zero bounds.
    detection_threshold : array_like, float64, any shape
        Uplink detection-probability threshold ``eps_u^S``, in (0, 1).

    Returns
    -------
    dict of str to numpy.ndarray
        ``interference_floor`` and ``benefit_ceiling``, float64 arrays of the shape of
        ``detection_threshold``.

    Raises
    ------
    TypeError
        If the threshold is not a real array.
    ValueError
        If a threshold is outside (0, 1).

    References
    ----------
    [CC] Remark 4

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, remark4_printed_bounds
    >>> b = remark4_printed_bounds(JointCoverageScenario(), 0.9)
    >>> round(float(b["interference_floor"]), 6)
    0.008572
    """
    _check_scenario(scenario)
    p = check_probability("detection_threshold", detection_threshold, open_interval=True)
    eb = marcum_q1_inverse_a(p, np.sqrt(2 * scenario.glrt_threshold)) ** 2
    rho, n, kap = scenario.comm_power_fraction, scenario.n_antennas, scenario.rician_factor
    return {"interference_floor": eb * (1 - rho) / (rho * n * (2 * n + kap * eb)),
            "benefit_ceiling": 4 * rho / ((1 - rho) * (eb * kap + 2 * n))}

