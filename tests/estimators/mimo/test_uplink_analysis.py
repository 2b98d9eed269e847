"""Tests of ``ofdmisac.estimators.mimo._uplink_analysis``: NMSE (4), GLRT P_D (8), P_FA, ratios."""

import numpy as np
import pytest

from ofdmisac.estimators import (
    MimoUplink,
    detection_coverage_ratio,
    glrt_detection_probability,
    glrt_detection_probability_paper,
    glrt_false_alarm_probability,
    nmse_coverage_ratio,
    pilot_sequences,
    simulate_uplink,
    uplink_nmse,
)

# three CU/ST pairs = three parameter points (echo-to-user power ratio B / A varies)
LINK = MimoUplink(
    n_antennas=16,
    pilot_length=16,
    user_gain=1e-7,
    target_gain=[1e-8, 3e-8, 8e-8],
    rician_factor=[0.5, 1.0, 3.0],
    target_power_w=0.1,
)


def test_printed_eq8_is_optimistic_for_the_chain():
    eps = 4.0
    for norm in ("paper", "residual"):
        assert np.all(
            glrt_detection_probability(LINK, eps, normalization=norm)
            <= glrt_detection_probability_paper(LINK, eps)
        )
    assert (
        glrt_detection_probability(LINK, eps)[0]
        < 0.5 * glrt_detection_probability_paper(LINK, eps)[0]
    )


def test_residual_normalization_closed_form():
    eps = 3.0
    np.testing.assert_allclose(
        glrt_false_alarm_probability(LINK, eps, normalization="residual"), np.exp(-eps)
    )


def test_bad_threshold_and_options():
    with pytest.raises(ValueError, match="threshold=0"):
        glrt_detection_probability(LINK, 0.0)
    with pytest.raises(ValueError, match="threshold=-1"):
        simulate_uplink(LINK, threshold=-1.0)
    with pytest.raises(ValueError, match="normalization='x'"):
        glrt_false_alarm_probability(LINK, 1.0, normalization="x")
    with pytest.raises(ValueError, match="error_model='x'"):
        simulate_uplink(LINK, threshold=1.0, error_model="x")
    with pytest.raises(ValueError, match="n_pairs|n_sequences=5"):
        pilot_sequences(4, 5)


@pytest.mark.parametrize("model", ["chain", "residual", "paper"])
def test_detection_coverage_ratio_is_the_p_d_boundary(model):
    """Just inside the returned mu/beta_t bound P_D >= eps_S, just outside P_D < eps_S."""
    eps_s, eps_d, n, beta_t = 0.9, 63.1, 64, 1e-9
    r = detection_coverage_ratio(
        eps_s,
        glrt_threshold=eps_d,
        n_antennas=n,
        user_power_w=1.0,
        target_power_w=0.1,
        model=model,
    )
    assert np.isfinite(r)
    mu = np.array([0.999, 1.001]) * r * beta_t
    link = MimoUplink(
        n_antennas=n,
        pilot_length=64,
        user_gain=2 * mu,
        target_gain=beta_t,
        noise_power_w=1e-30,
    )
    if model == "paper":
        p_d = glrt_detection_probability_paper(link, eps_d)
    else:
        norm = "paper" if model == "chain" else "residual"
        p_d = glrt_detection_probability(link, eps_d, normalization=norm)
    assert p_d[0] >= eps_s > p_d[1]


def test_paper_floor_of_remark1():
    # eps_S below Q1(sqrt(2N), sqrt(2 eps_d)): always covered under the printed (11) only
    kw = dict(glrt_threshold=1.0, n_antennas=64, user_power_w=1.0, target_power_w=0.1)
    assert np.isinf(detection_coverage_ratio(0.5, model="paper", **kw))
    assert np.isfinite(detection_coverage_ratio(0.5, model="residual", **kw))


def test_nmse_coverage_ratio_is_the_nmse_boundary():
    eps_c, n, beta_t = 0.1, 64, 1e-9
    r = nmse_coverage_ratio(eps_c, n_antennas=n, user_power_w=1.0, target_power_w=0.1)
    mu = np.array([1.001, 0.999]) * r * beta_t
    link = MimoUplink(
        n_antennas=n,
        pilot_length=64,
        user_gain=2 * mu,
        target_gain=beta_t,
        noise_power_w=1e-30,
    )
    nmse = uplink_nmse(link)
    assert nmse[0] <= eps_c < nmse[1]
    assert nmse_coverage_ratio(1.5, n_antennas=n, user_power_w=1.0, target_power_w=0.1) == 0


def test_coverage_threshold_bad_input():
    kw = dict(n_antennas=8, user_power_w=1.0, target_power_w=0.1)
    with pytest.raises(ValueError, match="nmse_threshold=0"):
        nmse_coverage_ratio(0.0, **kw)
    with pytest.raises(ValueError, match="nmse_threshold=-0.1"):
        nmse_coverage_ratio(-0.1, **kw)
    for p in (0.0, 1.0, 1.2):
        with pytest.raises(ValueError, match="open interval"):
            detection_coverage_ratio(p, glrt_threshold=1.0, **kw)
    with pytest.raises(ValueError, match="model='x'"):
        detection_coverage_ratio(0.5, glrt_threshold=1.0, model="x", **kw)
    with pytest.raises(ValueError, match="threshold=0"):
        detection_coverage_ratio(0.5, glrt_threshold=0.0, **kw)
