"""Uplink joint coverage of [CC] Theorem 1: the NMSE and detection events as bounds on the
distance ratio, and the NMSE floor of [CC] Corollary 1.
"""

from __future__ import annotations

import numpy as np

from ..._validation import check_choice, check_probability
from ...estimators.mimo._uplink_analysis import detection_coverage_ratio
from .._sweep import check_threshold
from ._scenario import JointCoverageScenario, _check_scenario, _over_sweep

__all__ = [
    "uplink_nmse_coverage", "uplink_detection_coverage", "uplink_joint_coverage",
    "uplink_nmse_floor"
]


_MODELS = ("paper", "residual", "chain")


def _check_nmse_threshold(eps):
    return check_threshold("nmse_threshold", eps)


def _check_model(model):
    check_choice("model", model, _MODELS)


def _x_nmse(scenario: JointCoverageScenario, nmse_threshold) -> np.ndarray:
    """Lower bound on x for NMSE (4) <= eps_C (N0 neglected): (1 - eps) / eps (0 if eps >= 1)."""
    e = _check_nmse_threshold(nmse_threshold)
    return np.maximum(1.0 - e, 0.0) / e


def _x_detection(scenario: JointCoverageScenario, detection_threshold, model) -> np.ndarray:
    """Upper bound on x for P_D >= eps_S (N0 neglected, |zeta| = 1); may be inf."""
    _check_model(model)
    p = check_probability("detection_threshold", detection_threshold, open_interval=True)
    r = detection_coverage_ratio(p, glrt_threshold=scenario.glrt_threshold,
                                 n_antennas=scenario.n_antennas, user_power_w=scenario.user_power_w,
                                 target_power_w=scenario.target_power_w, model=model)
    return r * scenario.user_power_w / (scenario.target_power_w * scenario.n_antennas)


def uplink_nmse_coverage(scenario: JointCoverageScenario, nmse_threshold, **sweeps) -> np.ndarray:
    """Uplink communication coverage of the K-th CU's channel estimate.

    ``P(NMSE_K <= eps_C)`` of [CC] eq. (10) with ``N0`` neglected, i.e.
    ``F_Z((eps_C P_U / ((1 - eps_C) P_T N (1 + kappa)))^(1 / alpha))`` (1 for
    ``eps_C >= 1``).

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network; ``n_users`` is the pair index K.
    nmse_threshold : array_like, float64, shape ``T``
        NMSE threshold ``eps_u^C`` (linear, not dB), finite and > 0.
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
        If ``scenario`` is not a :class:`JointCoverageScenario` or a threshold or sweep
        is not a real array.
    ValueError
        If a threshold is NaN, infinite or <= 0, or a sweep names no numeric field, has
        a value outside the field's domain or does not broadcast with the others.

    References
    ----------
    [CC] eq. (10)

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, uplink_nmse_coverage
    >>> round(float(uplink_nmse_coverage(JointCoverageScenario(), 0.01)), 4)
    0.3879
    """
    if sweeps:
        return _over_sweep(scenario, sweeps, lambda sc: uplink_nmse_coverage(sc, nmse_threshold))
    _check_scenario(scenario)
    return scenario.f_z(scenario.z_of_x(_x_nmse(scenario, nmse_threshold)))


def uplink_detection_coverage(scenario: JointCoverageScenario, detection_threshold, *,
                              model: str = "paper", **sweeps) -> np.ndarray:
    """Uplink sensing coverage of the K-th ST's detection probability.

    ``P(P_D,K >= eps_S)`` of [CC] eq. (11) with ``N0`` neglected and ``|zeta| = 1``:
    ``1 - F_Z(z_S)`` with ``z_S`` the ``Z`` where ``P_D = eps_S``. ``model`` selects the
    printed law ("paper", 1 below the floor ``Q1(sqrt(2N), sqrt(2 eps_d))`` of
    [CC] Remark 1) or the corrected laws of the chain ("residual", "chain";
    ``docs/errata.md``, [CC] eq. (8)).

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network; ``n_users`` is the pair index K, ``glrt_threshold`` is ``eps_d``.
    detection_threshold : array_like, float64, shape ``T``
        Detection-probability threshold ``eps_u^S``, in (0, 1).
    model : {"paper", "residual", "chain"}, optional
        Detection law: "paper" (default) the printed [CC] eq. (8) (estimation error
        independent of noise and echo); "residual" the corrected law with the GLRT
        normalized by the true residual variance; "chain" the corrected law with the
        normalization of [CC] eq. (6).
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
        If ``scenario`` is not a :class:`JointCoverageScenario` or a threshold or sweep
        is not a real array.
    ValueError
        If a threshold is outside (0, 1), ``model`` is unknown, or a sweep names no
        numeric field, has a value outside the field's domain or does not broadcast with
        the others.

    References
    ----------
    [CC] eq. (11)

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, uplink_detection_coverage
    >>> p = uplink_detection_coverage(JointCoverageScenario(), [0.6, 0.9], n_antennas=[32, 64])
    >>> p.shape, round(float(p[1, 1]), 4)
    ((2, 2), 0.0713)
    """
    if sweeps:
        return _over_sweep(scenario, sweeps, lambda sc: uplink_detection_coverage(
            sc, detection_threshold, model=model))
    _check_scenario(scenario)
    x_s = _x_detection(scenario, detection_threshold, model)
    return 1.0 - scenario.f_z(scenario.z_of_x(x_s))


def uplink_joint_coverage(scenario: JointCoverageScenario, nmse_threshold, detection_threshold, *,
                          model: str = "paper", **sweeps) -> np.ndarray:
    """Uplink joint coverage: NMSE and detection bounds met together.

    ``P(NMSE_K <= eps_C, P_D,K >= eps_S)`` of [CC] eq. (9), evaluated as [CC] Theorem 1,
    [CC] eq. (13): ``max(F_Z(z_C) - F_Z(z_S), 0)``. The NMSE condition is
    ``x >= x_C = (1 - eps_C) / eps_C`` and the detection condition ``x <= x_S`` (see
    :func:`uplink_detection_coverage`), so the probability is zero below the bound of
    [CC] Corollary 1 (:func:`uplink_nmse_floor`). ``model="paper"`` is (13) as printed
    (with ``eps_bar`` where the cases print ``eps``, ``docs/errata.md``); "residual" and
    "chain" the corrected versions (``docs/errata.md``, [CC] eq. (8)).

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network; ``n_users`` is the pair index K, ``glrt_threshold`` is ``eps_d``.
    nmse_threshold : array_like, float64
        NMSE threshold ``eps_u^C`` (linear, not dB), finite and > 0.
    detection_threshold : array_like, float64
        Detection-probability threshold ``eps_u^S``, in (0, 1); broadcast with
        ``nmse_threshold`` to the threshold shape ``T``.
    model : {"paper", "residual", "chain"}, optional
        Detection law, as in :func:`uplink_detection_coverage` (default "paper").
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
        If ``scenario`` is not a :class:`JointCoverageScenario` or a threshold or sweep
        is not a real array.
    ValueError
        If a threshold is outside its domain, the thresholds do not broadcast together,
        ``model`` is unknown, or a sweep names no numeric field, has
        a value outside the field's domain or does not broadcast with the others.

    References
    ----------
    [CC] eq. (9)
    [CC] eq. (13)
    [CC] Theorem 1

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, uplink_joint_coverage
    >>> scenario = JointCoverageScenario()
    >>> round(float(uplink_joint_coverage(scenario, 0.1, 0.6)), 4)
    0.2806
    """
    if sweeps:
        return _over_sweep(scenario, sweeps, lambda sc: uplink_joint_coverage(
            sc, nmse_threshold, detection_threshold, model=model))
    _check_scenario(scenario)
    x_c = _x_nmse(scenario, nmse_threshold)
    x_s = _x_detection(scenario, detection_threshold, model)
    f_c = scenario.f_z(scenario.z_of_x(x_c))
    f_s = scenario.f_z(scenario.z_of_x(x_s))
    return np.where(x_c <= x_s, np.maximum(f_c - f_s, 0.0), 0.0)


def uplink_nmse_floor(scenario: JointCoverageScenario, detection_threshold, *,
                      model: str = "paper", **sweeps) -> np.ndarray:
    """Lowest uplink NMSE compatible with a detection-probability bound.

    [CC] Corollary 1 with ``N0`` neglected: if ``P_D,K >= eps_S`` then
    ``NMSE_K >= 1 / (1 + x_S)``. "paper" gives the printed ``1 - 2N / eps_bar`` (0 when
    ``eps_bar <= 2N``), "residual" the corrected ``eps_bar / (eps_bar + 2N)``, "chain"
    the root of the chain law (``eps_S = Q1(sqrt(eps_bar), sqrt(2 eps_d))``;
    ``docs/errata.md``, [CC] eq. (8)).

    Parameters
    ----------
    scenario : JointCoverageScenario
        The network; ``glrt_threshold`` is ``eps_d``.
    detection_threshold : array_like, float64, shape ``T``
        Detection-probability threshold ``eps_u^S``, in (0, 1).
    model : {"paper", "residual", "chain"}, optional
        Detection law, as in :func:`uplink_detection_coverage` (default "paper").
    **sweeps : array_like
        Keyword sweeps of numeric scenario fields (``n_antennas=[32, 64]``,
        ``user_density_per_m2=...``), each checked like the field; they broadcast
        together to the sweep shape ``S`` and the result has shape ``S + T``
        (``docs/conventions.md``, "Sweeps of scenario fields"). None: ``S = ()``.

    Returns
    -------
    numpy.ndarray, float64, shape ``S + T`` (``T`` the threshold shape)
        The NMSE floor (linear), in [0, 1].

    Raises
    ------
    TypeError
        If ``scenario`` is not a :class:`JointCoverageScenario` or a threshold or sweep
        is not a real array.
    ValueError
        If a threshold is outside (0, 1), ``model`` is unknown, or a sweep names no
        numeric field, has a value outside the field's domain or does not broadcast with
        the others.

    References
    ----------
    [CC] Corollary 1

    Examples
    --------
    The -5.64 dB floor at ``P_D = 98.1 %`` quoted in [CC] Section 5.2:

    >>> import numpy as np
    >>> from ofdmisac.network import JointCoverageScenario, uplink_nmse_floor
    >>> floor = uplink_nmse_floor(JointCoverageScenario(), 0.981)
    >>> round(float(10 * np.log10(floor)), 2)
    -5.64
    """
    if sweeps:
        return _over_sweep(scenario, sweeps, lambda sc: uplink_nmse_floor(
            sc, detection_threshold, model=model))
    _check_scenario(scenario)
    return 1.0 / (1.0 + _x_detection(scenario, detection_threshold, model))

