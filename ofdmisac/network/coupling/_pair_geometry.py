"""Shared pieces of the [CC] Monte Carlo twins: pair geometry draws and coverage estimates.

Users and targets are independent PPPs; the K-th nearest CU and ST share pilot K (K = L).
Orthogonal pilots decouple the pairs after the projection of [CC] eq. (3), so pair K is simulated
alone (``simulate_uplink(..., form_pilot_matrix=False)`` draws its projected observation).

Two kinds of twins:

* geometry twins (:func:`uplink_coverage_geometry_twin`, :func:`downlink_coverage_geometry_twin`)
  draw ``d_U,K, d_T,K`` exactly and evaluate the per-realization closed-form conditions,
  with ``N0`` neglected (checks the distance-law integration of [CC] Theorem 1 and
  [CC] Theorem 2) or with
  ``N0`` included (measures the gap of neglecting it);
* measured twins (:func:`uplink_coverage_measured_twin`,
  :func:`downlink_coverage_measured_twin`, :func:`downlink_coverage_link_twin`) run the
  estimators on every geometry with ``n_trials`` fading/noise draws and decide coverage from
  the measured NMSE / detection rate (uplink), measured beamforming powers (downlink) or the
  SINR measured on downlink symbols and the angle CRLB of the realized transmit blocks
  (downlink), batched over geometries.

The standard errors are binomial over the geometries. A measured twin's per-geometry
statistic also carries the noise of ``n_trials`` draws; near a threshold where many
geometries sit (e.g. close to the bound of [CC] Corollary 1 or [CC] Corollary 2) that noise
misclassifies some of
them and biases the coverage by an amount the standard error does not include. It
vanishes as ``n_trials`` grows; choose ``n_trials`` so that the statistic's relative noise
is small against the spread of the statistic across geometries near the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..._random import as_generator
from ..._validation import check_array, check_instance, check_int
from ...channel.mimo._channels import path_gain, target_path_gain
from ...estimators.mimo._uplink_link import MimoUplink
from .._geometry import nearest_distances
from ._scenario import JointCoverageScenario

__all__ = ['CoverageEstimate', 'sample_pair_geometry', "uplink_link"]


@dataclass(frozen=True, kw_only=True, eq=False)
class CoverageEstimate:
    """Monte Carlo coverage estimates with standard errors.

    The result of the [CC] twins (:func:`uplink_coverage_geometry_twin`,
    :func:`uplink_coverage_measured_twin`, :func:`downlink_coverage_geometry_twin`,
    :func:`downlink_coverage_measured_twin`, :func:`downlink_coverage_link_twin`): the
    fraction of PPP geometries that are covered. A frozen, keyword-only dataclass; the
    fields are stored as given (no checks).

    Parameters
    ----------
    joint : numpy.ndarray, float64, shape ``T``
        Joint coverage (both events), ``T`` the broadcast shape of the two thresholds.
    joint_se : numpy.ndarray, float64, shape ``T``
        Binomial standard error of ``joint`` over the geometries,
        ``sqrt(p (1 - p) / n_geometries)``.
    first : numpy.ndarray, float64, shape ``T``
        Coverage of the first event alone (uplink: NMSE; downlink: interference).
    first_se : numpy.ndarray, float64, shape ``T``
        Binomial standard error of ``first``.
    second : numpy.ndarray, float64, shape ``T``
        Coverage of the second event alone (uplink: detection; downlink: benefit).
    second_se : numpy.ndarray, float64, shape ``T``
        Binomial standard error of ``second``.
    n_geometries : int
        Number of PPP geometries behind the estimates.

    Raises
    ------
    TypeError
        If a field is missing (all are required keywords).

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, uplink_coverage_geometry_twin
    >>> est = uplink_coverage_geometry_twin(JointCoverageScenario(), 0.1, 0.6,
    ...                                     n_samples=4000, rng=1)
    >>> est.n_geometries, round(float(est.joint), 2), round(float(est.joint_se), 3)
    (4000, 0.27, 0.007)
    """

    joint: np.ndarray
    joint_se: np.ndarray
    first: np.ndarray
    first_se: np.ndarray
    second: np.ndarray
    second_se: np.ndarray
    n_geometries: int


def _estimate(ok1, ok2) -> CoverageEstimate:
    n = ok1.shape[0]
    out = {}
    for name, ind in (("joint", ok1 & ok2), ("first", ok1), ("second", ok2)):
        p = ind.mean(axis=0)
        out[name] = p
        out[name + "_se"] = np.sqrt(np.maximum(p * (1 - p), 0.0) / n)
    return CoverageEstimate(n_geometries=n, **out)


def sample_pair_geometry(scenario: JointCoverageScenario, *, n_samples: int, rng=None):
    """Draw the distances of the K-th nearest CU and ST of independent PPPs.

    ``d_U,K`` and ``d_T,K`` (``K = scenario.n_users``) drawn exactly from the law of
    [CC] eq. (1) (:func:`~ofdmisac.network.nearest_distances`, no finite window).

    Parameters
    ----------
    scenario : JointCoverageScenario
        Supplies the densities and ``K``.
    n_samples : int
        Number of independent geometries, >= 0.
    rng : numpy.random.Generator, int, numpy.random.SeedSequence or None, optional
        Randomness source (an int or SeedSequence seeds a new Generator; None: fresh
        entropy). The user distances are drawn first, then the target distances.

    Returns
    -------
    d_user_m : numpy.ndarray, float64, shape (n_samples,)
        Distance of the K-th nearest CU, m.
    d_target_m : numpy.ndarray, float64, shape (n_samples,)
        Distance of the K-th nearest ST, m.

    Raises
    ------
    TypeError
        If ``rng`` is not a valid randomness source (``scenario`` must be a
        :class:`JointCoverageScenario`; other objects fail on attribute access).

    References
    ----------
    [CC] eq. (1)

    Examples
    --------
    >>> from ofdmisac.network import JointCoverageScenario, sample_pair_geometry
    >>> d_u, d_t = sample_pair_geometry(JointCoverageScenario(), n_samples=3, rng=0)
    >>> d_u.shape, bool((d_u > d_t).all())
    ((3,), True)
    """
    check_instance("scenario", scenario, JointCoverageScenario)
    n_samples = check_int("n_samples", n_samples, minimum=1)
    rng = as_generator(rng)
    k = scenario.n_users
    d_u = nearest_distances(scenario.user_density_per_m2, k, size=n_samples, rng=rng)
    d_t = nearest_distances(scenario.target_density_per_m2, k, size=n_samples, rng=rng)
    return d_u[:, -1], d_t[:, -1]


def uplink_link(scenario: JointCoverageScenario, user_distance_m, target_distance_m, *,
                user_power_w=None, target_power_w=None) -> MimoUplink:
    """Build the uplink ISAC link of CU/ST pairs at given distances.

    The channel model of [CC] Section 2 and the projected pilot observation of
    [CC] eq. (3), pair by pair.

    Builds :class:`~ofdmisac.estimators.MimoUplink` with ``beta_u = C_0 d_U^-alpha``,
    ``beta_t = C_0 d_T^-2alpha`` and the scenario's ``N``, ``T_u``, ``kappa``, ``P_U``,
    ``P_T`` and ``N_0``. Distances and powers broadcast together; the last axis indexes
    the pair (a scalar is one pair), leading axes are realizations or sweep points. For
    other scalar parameters build the scenario with them (e.g.
    ``dataclasses.replace(scenario, n_antennas=32)``).

    Parameters
    ----------
    scenario : JointCoverageScenario
        Supplies ``n_antennas``, ``pilot_length``, ``c0``, ``path_loss_exponent``,
        ``rician_factor``, ``noise_power_w`` and the default powers.
    user_distance_m : array_like, float64, shape (..., n_pairs)
        CU distances ``d_U,k`` in metres (> 0), e.g. from :func:`sample_pair_geometry`
        or :func:`mean_kth_nearest_distance`.
    target_distance_m : array_like, float64, shape (..., n_pairs)
        ST distances ``d_T,k`` in metres (> 0), broadcast with ``user_distance_m``.
    user_power_w : array_like, optional
        CU powers ``P_U,k`` in W (> 0), broadcast with the distances (e.g. a column of
        powers for a sweep); None (default): ``scenario.user_power_w``.
    target_power_w : array_like, optional
        Pilot powers towards the STs ``P_T,k`` in W (>= 0), broadcast likewise; None
        (default): ``scenario.target_power_w``.

    Returns
    -------
    MimoUplink
        The link of every pair, with the broadcast shape of the distances and powers.

    Raises
    ------
    TypeError
        ``scenario`` is not a :class:`JointCoverageScenario`.
    ValueError
        A distance or power outside its domain (named by :class:`MimoUplink` and
        :func:`~ofdmisac.channel.path_gain`).

    Examples
    --------
    Pair k at the mean k-th nearest distances of the Section 5.1 densities, swept over
    three target powers:

    >>> import numpy as np
    >>> from ofdmisac.network import JointCoverageScenario, mean_kth_nearest_distance
    >>> scenario = JointCoverageScenario()
    >>> ks = np.arange(1, 5)
    >>> link = uplink_link(scenario, mean_kth_nearest_distance(1e-4, ks),
    ...                    mean_kth_nearest_distance(1e-3, ks),
    ...                    target_power_w=np.array([[0.01], [0.1], [1.0]]))
    >>> link.nmse.shape
    (3, 4)
    """
    check_instance("scenario", scenario, JointCoverageScenario)
    user_distance_m = check_array("user_distance_m", user_distance_m, minimum=0.0,
                                  strict_min=True)
    target_distance_m = check_array("target_distance_m", target_distance_m, minimum=0.0,
                                    strict_min=True)
    c0, a = scenario.c0, scenario.path_loss_exponent
    return MimoUplink(
        n_antennas=scenario.n_antennas,
        pilot_length=scenario.pilot_length,
        user_gain=path_gain(user_distance_m, c0=c0, exponent=a),
        target_gain=target_path_gain(target_distance_m, c0=c0, exponent=a),
        rician_factor=scenario.rician_factor,
        user_power_w=scenario.user_power_w if user_power_w is None else user_power_w,
        target_power_w=scenario.target_power_w if target_power_w is None else target_power_w,
        noise_power_w=scenario.noise_power_w,
    )


def _x_of(scenario, d_u, d_t):
    a = scenario.path_loss_exponent
    return scenario.ratio_scale * (d_u / d_t**2) ** (-a)


def _thresholds(t1, t2, n_extra):
    t1 = np.asarray(t1, dtype=np.float64)
    t2 = np.asarray(t2, dtype=np.float64)
    shape = np.broadcast_shapes(t1.shape, t2.shape)
    exp = (slice(None),) + (None,) * len(shape)
    return np.broadcast_to(t1, shape), np.broadcast_to(t2, shape), exp


def _chunks(n, size):
    return [(s, min(s + size, n)) for s in range(0, n, size)]

