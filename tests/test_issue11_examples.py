"""Regression tests of the bad-input examples of issue 11 (each one a clear error now)."""

import numpy as np
import pytest

from ofdmisac.channel import ici_power, steering_vector, synthesize_echo
from ofdmisac.estimators import (
    MimoUplink,
    angle_crlb_large_n,
    ca_cfar_alpha,
    cfar_2d,
    motion_resolution_m,
    os_cfar_alpha,
    os_cfar_pfa,
    pilot_sequences,
    simulate_downlink_sinr,
)
from ofdmisac.network import (
    BeamManagementScenario,
    JointCoverageScenario,
    distance_ratio_cdf,
    ergodic_interference_ratio,
    remark4_printed_bounds,
    sensing_coverage,
    timeout_probability,
)
from ofdmisac.waveforms import IsacFrameConfig, SensingGrid


def test_os_cfar_pfa_refuses_a_negative_multiplier():
    with pytest.raises(ValueError, match=r"^alpha=-1\.0 is not allowed; use finite numbers >= 0$"):
        os_cfar_pfa(-1.0, 16, 12)


def test_ca_cfar_alpha_refuses_a_probability_above_one():
    with pytest.raises(ValueError, match=r"^pfa=1\.5 is not allowed"):
        ca_cfar_alpha(1.5, 16)


def test_os_cfar_alpha_refuses_nan():
    with pytest.raises(ValueError, match=r"^pfa=nan is not allowed"):
        os_cfar_alpha(np.nan, 16, 12)


def test_cfar_2d_refuses_none():
    with pytest.raises(TypeError, match=r"^power_map=None is not allowed"):
        cfar_2d(None)


def test_motion_resolution_refuses_zero_and_negative_resolutions():
    for bad in (0.0, -1e6):
        with pytest.raises(ValueError, match=r"^range_resolution_m=.* is not allowed; use "
                                             r"finite numbers > 0$"):
            motion_resolution_m(bad, 16)
    with pytest.raises(ValueError, match=r"^n_beams=2\.5 is not allowed; use integers >= 1$"):
        motion_resolution_m(1.0, 2.5)


def test_sensing_grid_resolution_needs_a_positive_spacing():
    with pytest.raises(ValueError, match=r"^scs_hz=0\.0 is not allowed"):
        SensingGrid(fc_hz=28e9, scs_hz=0.0, symbol_duration_s=8.92e-6,
                    pilot_mask=np.ones((4, 4), bool))


def test_angle_crlb_large_n_refuses_a_negative_power():
    with pytest.raises(ValueError, match=r"^downlink_power_w=.* is not allowed; use finite "
                                         r"numbers > 0$"):
        angle_crlb_large_n(n_antennas=16, theta_rad=0.3, comm_power_fraction=0.5,
                           downlink_power_w=-1.0, n_symbols=16, target_gain=1e-8,
                           noise_power_w=1e-11)
    with pytest.raises(ValueError, match=r"^n_antennas=.* is not allowed; use integers >= 2"):
        angle_crlb_large_n(n_antennas=16.5, theta_rad=0.3, comm_power_fraction=0.5,
                           downlink_power_w=1.0, n_symbols=16, target_gain=1e-8,
                           noise_power_w=1e-11)


def test_distance_ratio_cdf_refuses_zero_nodes():
    with pytest.raises(ValueError, match=r"^n_nodes=0 is not allowed; use an integer"):
        distance_ratio_cdf(0.2, 1e-4, 1e-3, 4, n_nodes=0)


def test_beam_count_is_never_truncated():
    with pytest.raises(TypeError, match=r"n_beams=2\.5 is not allowed"):
        BeamManagementScenario(n_beams=2.5)
    s = BeamManagementScenario.mmwave()
    with pytest.raises((TypeError, ValueError), match=r"n_beams=.*2\.5.* is not allowed"):
        sensing_coverage(s, 1.0, n_beams=2.5)


def test_ici_power_refuses_nan():
    with pytest.raises(ValueError, match=r"^normalized_doppler=.*nan.* is not allowed; use "
                                         r"finite numbers$"):
        ici_power(np.nan, 64)


def test_wrong_object_types_are_type_errors_naming_the_type():
    with pytest.raises(TypeError, match=r"^scenario=None is not allowed; use a "
                                        r"BeamManagementScenario$"):
        timeout_probability(None)
    with pytest.raises(TypeError, match=r"^scenario=None is not allowed; use a "
                                        r"JointCoverageScenario$"):
        remark4_printed_bounds(None, 0.5)
    with pytest.raises(TypeError, match=r"^link=None is not allowed; use a MimoUplink$"):
        simulate_downlink_sinr(None, user_angle_rad=0.1, uplink_target_angle_rad=0.3,
                               target_angle_rad=0.3, comm_power_fraction=0.5,
                               downlink_power_w=1.0, n_trials=4)


def test_isac_frame_duration_must_be_finite():
    with pytest.raises(ValueError, match=r"^duration_s=inf is not allowed"):
        IsacFrameConfig(duration_s=np.inf)


def test_ergodic_pair_index_is_an_integer_in_range():
    s = JointCoverageScenario()
    for bad, error in ((0, ValueError), (2.5, TypeError), (-1, ValueError)):
        with pytest.raises(error, match=r"^k=.* is not allowed; use an integer"):
            ergodic_interference_ratio(s, bad)


def test_pilot_sequences_refuse_non_integers():
    with pytest.raises(TypeError, match=r"^n_sequences=2\.5 is not allowed"):
        pilot_sequences(8, 2.5)
    with pytest.raises(TypeError, match=r"^pilot_length=None is not allowed"):
        pilot_sequences(None, 2)


def test_downlink_simulation_needs_two_trials_for_its_standard_error():
    link = MimoUplink(n_antennas=8, pilot_length=8, user_gain=[1e-7], target_gain=[1e-8])
    with pytest.raises(ValueError, match=r"^n_trials=1 is not allowed; use an integer >= 2$"):
        simulate_downlink_sinr(link, user_angle_rad=[0.1], uplink_target_angle_rad=[0.3],
                               target_angle_rad=0.3, comm_power_fraction=0.5,
                               downlink_power_w=1.0, n_trials=1, rng=0)


def test_complex_results_stay_complex():
    with pytest.raises(ValueError, match=r"^dtype=int32 is not allowed"):
        steering_vector(0.3, 4, dtype=np.int32)
    g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
                    pilot_mask=np.ones((4, 4), bool))
    x = np.full(g.shape, 1 + 1j, np.complex64)
    assert synthesize_echo(x, g, [], dtype=None).dtype == np.complex64
