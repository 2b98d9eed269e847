"""Tests of ``ofdmisac.network.beam_management._scenario``: BeamManagementScenario."""

import math

import pytest

from ofdmisac.network import BeamManagementScenario


def test_presets_table_ii():
    s = BeamManagementScenario.mmwave()
    assert s.fc_hz == 30e9 and s.alpha_nlos == 3.3 and s.speed_mps == 25.0
    assert s.bs_density_per_m2 == 1e-4 and s.n_beams == 256
    assert s.mslr == 256.0**2
    assert math.isclose(s.beta_per_m, 2e-3)
    t = BeamManagementScenario.thz()
    assert t.fc_hz == 100e9 and t.alpha_nlos == 4.0 and t.prs_duration_s == 1e-3


def test_replace_and_rho():
    s = BeamManagementScenario.mmwave(n_beams=64)
    assert s.mslr == 4096.0
    assert s.replace(mainlobe_to_sidelobe_ratio=100.0).mslr == 100.0


@pytest.mark.parametrize(("field", "value", "match"), [
    ("bs_density_per_m2", 0.0, "bs_density_per_m2"),
    ("blocker_density_per_m2", -1.0, "blocker_density_per_m2"),
    ("n_beams", 0, "n_beams"),
    ("alpha_nlos", 2.0, "alpha_nlos"),
    ("speed_mps", -1.0, "speed_mps"),
    ("rrc_delay_s", -1e-3, "rrc_delay_s"),
])
def test_bad_input(field, value, match):
    with pytest.raises(ValueError, match=match):
        BeamManagementScenario.mmwave().replace(**{field: value})


def test_unknown_toml_key():
    with pytest.raises(ValueError, match="not a BeamManagementScenario field"):
        BeamManagementScenario.from_dict({"foo_ghz": 1.0})
