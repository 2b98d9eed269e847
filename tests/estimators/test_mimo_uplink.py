"""Uplink chain of [CC] section 3: MMSE NMSE (4), GLRT P_D (8) and P_FA vs Monte Carlo."""

import numpy as np
import pytest

from ofdmisac.channel import steering_vector
from ofdmisac.estimators import (
    MimoUplink,
    detection_coverage_ratio,
    glrt_detection_probability,
    glrt_detection_probability_paper,
    glrt_false_alarm_probability,
    nmse_coverage_ratio,
    pilot_sequences,
    project_pilots,
    received_pilot_matrix,
    simulate_uplink,
    uplink_nmse,
    uplink_receiver,
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
N_TRIALS = 6000


def _bernoulli_z(detected, prob):
    """z-score of the detection rate against the mean of per-trial probabilities."""
    n = detected.shape[0]
    mean_p = prob.mean(axis=0)
    se = np.sqrt(np.sum(prob * (1 - prob), axis=0)) / n
    return (detected.mean(axis=0) - mean_p) / np.maximum(se, 1e-300)


def test_pilots_orthonormal_and_projection_recovers_eq3():
    v = pilot_sequences(8, 3)
    np.testing.assert_allclose(v.conj().T @ v, np.eye(3), atol=1e-12)
    link = MimoUplink(
        n_antennas=4,
        pilot_length=8,
        user_gain=[1e-6] * 3,
        target_gain=[1e-8] * 3,
        noise_power_w=1e-300,
    )
    rng = np.random.default_rng(0)
    h = rng.standard_normal((3, 4)) + 1j * rng.standard_normal((3, 4))
    g = rng.standard_normal((3, 4)) + 1j * rng.standard_normal((3, 4))
    y = project_pilots(received_pilot_matrix(link, h, g, rng=1), 3)
    expected = np.sqrt(1.0 * 8) * h + np.sqrt(0.1 * 8) * g
    np.testing.assert_allclose(y, expected, rtol=1e-10)


def test_nmse_measured_matches_eq4():
    sim = simulate_uplink(LINK, threshold=3.0, rng=11, n_trials=N_TRIALS)
    mean = sim.nmse.mean(axis=0)
    se = sim.nmse.std(axis=0, ddof=1) / np.sqrt(N_TRIALS)
    z = (mean - uplink_nmse(LINK)) / se
    assert np.all(np.abs(z) < 4), z


def test_printed_nmse_definition_differs_with_los():
    sim = simulate_uplink(LINK, threshold=3.0, rng=12, n_trials=2000)
    ratio = sim.nmse_printed_definition.mean(axis=0)
    # about (mu - phi) / (mu (1 + kappa)) for large N: clearly below (4) when kappa > 0
    assert np.all(ratio < 0.9 * uplink_nmse(LINK))


@pytest.mark.slow
@pytest.mark.parametrize("normalization", ["paper", "residual"])
def test_detection_probability_chain_matches_corrected_eq8(normalization):
    sim = simulate_uplink(
        LINK, threshold=2.0, rng=21, n_trials=N_TRIALS, normalization=normalization
    )
    z = _bernoulli_z(sim.detected, sim.detection_probability)
    assert np.all(np.abs(z) < 4), z
    # the three points are informative (not all 0 or 1)
    p = sim.detection_probability.mean(axis=0)
    assert np.all((p > 0.05) & (p < 0.98)), p


@pytest.mark.slow
@pytest.mark.parametrize(("normalization", "threshold"), [("paper", 0.5), ("residual", 2.0)])
def test_false_alarm_rate_matches(normalization, threshold):
    sim = simulate_uplink(
        LINK,
        threshold=threshold,
        rng=31,
        n_trials=N_TRIALS,
        target_present=False,
        normalization=normalization,
    )
    p = glrt_false_alarm_probability(LINK, threshold, normalization=normalization)
    se = np.sqrt(p * (1 - p) / N_TRIALS)
    z = (sim.detected.mean(axis=0) - p) / se
    assert np.all(np.abs(z) < 4), (z, p)
    assert np.all(p > 0.01)


@pytest.mark.slow
def test_printed_eq8_holds_under_independent_error_assumption():
    sim = simulate_uplink(LINK, threshold=8.0, rng=41, n_trials=N_TRIALS, error_model="independent")
    z = _bernoulli_z(sim.detected, sim.detection_probability_paper)
    assert np.all(np.abs(z) < 4), z


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


def test_batched_per_realization_distances():
    gains_u = np.array([[1e-7, 5e-8], [2e-7, 1e-8]])
    gains_t = np.array([[1e-8, 1e-9], [3e-8, 2e-9]])
    link = MimoUplink(n_antennas=8, pilot_length=4, user_gain=gains_u, target_gain=gains_t)
    sim = simulate_uplink(link, threshold=2.0, rng=3, n_trials=5, keep_signals=True)
    assert sim.detected.shape == (5, 2, 2)
    assert sim.channels.shape == (5, 2, 2, 8)
    assert sim.nmse_analytic.shape == (5, 2, 2)


def test_steering_used_for_echo_is_unit_modulus():
    a = steering_vector(np.array([0.1, -0.4]), 8)
    np.testing.assert_allclose(np.abs(a), 1.0)


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


def test_simulation_needs_enough_pilots():
    link = MimoUplink(n_antennas=4, pilot_length=4, user_gain=[1e-7] * 5, target_gain=[1e-9] * 5)
    assert link.nmse.shape == (5,)  # closed forms accept any number of entries
    with pytest.raises(ValueError, match="pilot_length=4"):
        simulate_uplink(link, threshold=1.0)


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


def test_direct_projection_path_has_the_same_law():
    """form_pilot_matrix=False draws (3) directly: same detection rate and NMSE (4 SE)."""
    sim = simulate_uplink(LINK, threshold=2.0, rng=51, n_trials=N_TRIALS, form_pilot_matrix=False)
    z = _bernoulli_z(sim.detected, sim.detection_probability)
    assert np.all(np.abs(z) < 4), z
    se = sim.nmse.std(axis=0, ddof=1) / np.sqrt(N_TRIALS)
    assert np.all(np.abs(sim.nmse.mean(axis=0) - uplink_nmse(LINK)) < 4 * se)


def test_receiver_on_noiseless_pilots_returns_the_residual_of_eq5():
    link = MimoUplink(
        n_antennas=8,
        pilot_length=4,
        user_gain=[1e-6] * 2,
        target_gain=[1e-8] * 2,
        noise_power_w=1e-300,
    )
    rng = np.random.default_rng(4)
    los = steering_vector(np.array([0.2, -0.5]), 8)
    h = rng.standard_normal((2, 8)) + 1j * rng.standard_normal((2, 8))
    y_p = received_pilot_matrix(link, h, np.zeros((2, 8)), rng=1)
    h_hat, residual, stat = uplink_receiver(link, y_p, los, np.array([0.1, 0.3]))
    np.testing.assert_allclose(residual, np.sqrt(4.0) * (h - h_hat), rtol=1e-9)
    assert stat.shape == (2,)


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
