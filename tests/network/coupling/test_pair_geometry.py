"""Tests of ``ofdmisac.network.coupling._pair_geometry``: ``uplink_link`` of a scenario."""

import dataclasses

import numpy as np
import pytest

from ofdmisac.channel import path_gain, target_path_gain
from ofdmisac.estimators import MimoUplink, uplink_nmse
from ofdmisac.network import JointCoverageScenario, mean_kth_nearest_distance, uplink_link


def test_fields_come_from_the_scenario():
    scenario = JointCoverageScenario(n_antennas=32, pilot_length=16, c0=2e-3,
                                     path_loss_exponent=3.0, rician_factor=2.0,
                                     user_power_w=0.5, target_power_w=0.2,
                                     noise_power_w=1e-10)
    link = uplink_link(scenario, [20.0, 40.0], [10.0, 30.0])
    assert isinstance(link, MimoUplink)
    assert (link.n_antennas, link.pilot_length) == (32, 16)
    np.testing.assert_array_equal(link.user_gain, 2e-3 * np.array([20.0, 40.0]) ** -3.0)
    np.testing.assert_array_equal(link.target_gain, 2e-3 * np.array([10.0, 30.0]) ** -6.0)
    np.testing.assert_array_equal(link.user_gain,
                                  path_gain([20.0, 40.0], c0=2e-3, exponent=3.0))
    np.testing.assert_array_equal(link.target_gain,
                                  target_path_gain([10.0, 30.0], c0=2e-3, exponent=3.0))
    assert float(np.max(link.rician_factor)) == 2.0
    assert float(np.max(link.user_power_w)) == 0.5
    assert float(np.max(link.target_power_w)) == 0.2
    assert link.noise_power_w == 1e-10


def test_broadcasts_distances_and_powers():
    scenario = JointCoverageScenario()
    ks = np.arange(1, scenario.n_users + 1)
    d_u = mean_kth_nearest_distance(1e-4, ks)
    d_t = mean_kth_nearest_distance(1e-3, ks)
    p_t = np.array([[0.01], [0.1], [1.0]])
    link = uplink_link(scenario, d_u, d_t, target_power_w=p_t)
    nmse = uplink_nmse(link)
    assert nmse.shape == (3, 4)
    row = uplink_nmse(uplink_link(scenario, d_u, d_t))  # the default P_T = 0.1 W
    np.testing.assert_array_equal(nmse[1], row)
    assert np.all(np.diff(nmse, axis=0) > 0)  # a stronger echo disturbs the estimate more
    d = np.array([[10.0], [20.0]])
    assert uplink_nmse(uplink_link(scenario, d, d_t, user_power_w=[1.0, 2.0, 3.0, 4.0])).shape \
        == (2, 4)


def test_scalar_overrides_through_the_scenario():
    scenario = dataclasses.replace(JointCoverageScenario(), n_antennas=16)
    assert uplink_link(scenario, 25.0, 10.0).n_antennas == 16


def test_errors():
    with pytest.raises(TypeError, match=r"scenario=.* is not allowed; use a JointCoverageScenario"):
        uplink_link(MimoUplink(n_antennas=4, pilot_length=4, user_gain=1.0, target_gain=1.0),
                    25.0, 10.0)
    with pytest.raises(ValueError, match=r"distance_m"):
        uplink_link(JointCoverageScenario(), [25.0, -1.0], 10.0)
