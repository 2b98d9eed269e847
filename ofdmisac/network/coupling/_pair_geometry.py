"""Shared pieces of the [CC] Monte Carlo twins: pair geometry draws and coverage estimates.

Users and targets are independent PPPs; the K-th nearest CU and ST share pilot K (K = L).
Orthogonal pilots decouple the pairs after the projection (3), so pair K is simulated
alone (``simulate_uplink(..., form_pilot_matrix=False)`` draws its projected observation).

Two kinds of twins:

* geometry twins (:func:`uplink_coverage_geometry_twin`, :func:`downlink_coverage_geometry_twin`)
  draw ``d_U,K, d_T,K`` exactly and evaluate the per-realization closed-form conditions,
  with ``N0`` neglected (checks the distance-law integration of Theorems 1 and 2) or with
  ``N0`` included (measures the gap of neglecting it);
* measured twins (:func:`uplink_coverage_measured_twin`,
  :func:`downlink_coverage_measured_twin`, :func:`downlink_coverage_link_twin`) run the
  estimators on every geometry with ``n_trials`` fading/noise draws and decide coverage from
  the measured NMSE / detection rate (uplink), measured beamforming powers (downlink) or the
  SINR measured on downlink symbols and the angle CRLB of the realized transmit blocks
  (downlink), batched over geometries.

The standard errors are binomial over the geometries. A measured twin's per-geometry
statistic also carries the noise of ``n_trials`` draws; near a threshold where many
geometries sit (e.g. close to a bound of Corollary 1 or 2) that noise misclassifies some of
them and biases the coverage by an amount the standard error does not include. It
vanishes as ``n_trials`` grows; choose ``n_trials`` so that the statistic's relative noise
is small against the spread of the statistic across geometries near the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..._random import as_generator
from ..._validation import check_instance
from ...channel.mimo._channels import path_gain, target_path_gain
from ...estimators.mimo._uplink_link import MimoUplink
from .._geometry import nearest_distances
from ._scenario import JointCoverageScenario

__all__ = ['CoverageEstimate', 'sample_pair_geometry', "uplink_link"]


@dataclass(frozen=True, kw_only=True, eq=False)
class CoverageEstimate:
    """Monte Carlo coverage estimates with standard errors.

    Attributes
    ----------
    joint, first, second : ndarray
        Joint coverage and the two marginal coverages (uplink: NMSE, detection;
        downlink: interference, benefit), broadcast shape of the thresholds.
    joint_se, first_se, second_se : ndarray
        Binomial standard errors over the geometries.
    n_geometries : int
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


def _check_count(name, v):
    if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 1:
        raise ValueError(f"{name}={v!r} is not allowed; use an integer >= 1")
    return int(v)


def sample_pair_geometry(scenario: JointCoverageScenario, *, n_samples: int, rng=None):
    """Draw the K-th nearest CU and ST distances of independent PPPs ([CC] (1)).

    Returns
    -------
    d_user_m, d_target_m : ndarray, float64, shape (n_samples,)
    """
    rng = as_generator(rng)
    k = scenario.n_users
    d_u = nearest_distances(scenario.user_density_per_m2, k, size=n_samples, rng=rng)
    d_t = nearest_distances(scenario.target_density_per_m2, k, size=n_samples, rng=rng)
    return d_u[:, -1], d_t[:, -1]


def uplink_link(scenario: JointCoverageScenario, user_distance_m, target_distance_m, *,
                user_power_w=None, target_power_w=None) -> MimoUplink:
    """The uplink ISAC link of a scenario's CU/ST pairs at given distances ([CC] section 2).

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
    user_distance_m, target_distance_m : array_like
        ``d_U,k`` and ``d_T,k`` in metres (> 0), e.g. from :func:`sample_pair_geometry`
        or :func:`mean_kth_nearest_distance`.
    user_power_w, target_power_w : array_like, optional
        ``P_U,k`` (> 0) and ``P_T,k`` (>= 0) in W, broadcast with the distances (e.g. a
        column of powers for a sweep); default the scenario's.

    Returns
    -------
    MimoUplink

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

