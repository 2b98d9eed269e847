"""Tests of ``ofdmisac.estimators.mimo._uplink_simulation``: Monte Carlo vs (4), (8), P_FA."""

import numpy as np
import pytest

from ofdmisac.estimators import (
    MimoUplink,
    glrt_false_alarm_probability,
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
N_TRIALS = 6000


def _bernoulli_z(detected, prob):
    """z-score of the detection rate against the mean of per-trial probabilities."""
    n = detected.shape[0]
    mean_p = prob.mean(axis=0)
    se = np.sqrt(np.sum(prob * (1 - prob), axis=0)) / n
    return (detected.mean(axis=0) - mean_p) / np.maximum(se, 1e-300)


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


def test_batched_per_realization_distances():
    gains_u = np.array([[1e-7, 5e-8], [2e-7, 1e-8]])
    gains_t = np.array([[1e-8, 1e-9], [3e-8, 2e-9]])
    link = MimoUplink(n_antennas=8, pilot_length=4, user_gain=gains_u, target_gain=gains_t)
    sim = simulate_uplink(link, threshold=2.0, rng=3, n_trials=5, keep_signals=True)
    assert sim.detected.shape == (5, 2, 2)
    assert sim.channels.shape == (5, 2, 2, 8)
    assert sim.nmse_analytic.shape == (5, 2, 2)


def test_simulation_needs_enough_pilots():
    link = MimoUplink(n_antennas=4, pilot_length=4, user_gain=[1e-7] * 5, target_gain=[1e-9] * 5)
    assert link.nmse.shape == (5,)  # closed forms accept any number of entries
    with pytest.raises(ValueError, match="pilot_length=4"):
        simulate_uplink(link, threshold=1.0)


def test_direct_projection_path_has_the_same_law():
    """form_pilot_matrix=False draws (3) directly: same detection rate and NMSE (4 SE)."""
    sim = simulate_uplink(LINK, threshold=2.0, rng=51, n_trials=N_TRIALS, form_pilot_matrix=False)
    z = _bernoulli_z(sim.detected, sim.detection_probability)
    assert np.all(np.abs(z) < 4), z
    se = sim.nmse.std(axis=0, ddof=1) / np.sqrt(N_TRIALS)
    assert np.all(np.abs(sim.nmse.mean(axis=0) - uplink_nmse(LINK)) < 4 * se)
