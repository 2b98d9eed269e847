"""Tests of ``ofdmisac.estimators.mimo._uplink_link``: MimoUplink validation."""

import pytest

from ofdmisac.estimators import (
    MimoUplink,
)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_antennas": 0}, "n_antennas=0"),
        ({"pilot_length": 0}, "pilot_length=0"),
        ({"user_gain": [1e-7, 1e-7], "target_gain": [1e-9] * 3}, "K = L"),
        ({"rician_factor": -1.0}, "rician_factor"),
        ({"user_gain": 0.0}, "user_gain"),
        ({"target_power_w": -0.1}, "target_power_w"),
        ({"noise_power_w": 0.0}, "noise_power_w"),
        ({"user_gain": [[1e-7] * 3] * 2, "target_gain": [[1e-9] * 3] * 3}, "do not broadcast"),
    ],
)
def test_bad_link_parameters(kwargs, match):
    base = {"n_antennas": 8, "pilot_length": 8, "user_gain": 1e-7, "target_gain": 1e-9}
    base.update(kwargs)
    with pytest.raises(ValueError, match=match):
        MimoUplink(**base)
