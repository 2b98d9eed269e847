"""Tests of ``ofdmisac.network.coupling._scenario``: JointCoverageScenario validation."""

import pytest

from ofdmisac.network import (
    JointCoverageScenario,
)


@pytest.mark.parametrize(
    "kwargs,match",
    [
        ({"user_density_per_m2": 0.0}, "user_density_per_m2"),
        ({"target_density_per_m2": -1.0}, "target_density_per_m2"),
        ({"rician_factor": -0.1}, "rician_factor"),
        ({"comm_power_fraction": 1.5}, "comm_power_fraction"),
        ({"n_targets": 3}, "n_targets=3 differs"),
        ({"n_users": 0, "n_targets": 0}, "n_users"),
        ({"target_power_w": 0.0}, "target_power_w"),
        ({"pilot_length": 2}, "pilot_length"),
        ({"glrt_threshold": 0.0}, "glrt_threshold"),
    ],
)
def test_scenario_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        JointCoverageScenario(**kwargs)
