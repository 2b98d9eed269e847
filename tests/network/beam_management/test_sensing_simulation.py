"""Tests of ``ofdmisac.network.beam_management._sensing_simulation``: Theorem 1 twin."""

import numpy as np
import pytest

from ofdmisac.network import (
    BeamManagementScenario,
    scir_pdf,
    sensing_coverage,
    simulate_sensing_coverage,
)

MM = BeamManagementScenario.mmwave()
THZ = BeamManagementScenario.thz()
ETA = 10 ** (np.array([-90.0, -40.0, -10.0, 0.0, 10.0, 20.0]) / 10)  # 20 dB: high threshold


@pytest.mark.slow
@pytest.mark.parametrize(("scenario", "seed"), [
    (MM, 1),
    (MM.replace(n_beams=64, bs_density_per_m2=1e-5), 2),
    (THZ, 3),
    (MM.replace(bs_density_per_m2=1e-2, n_beams=1024), 4),
])
def test_theorem1_matches_simulation(scenario, seed):
    n = 20_000
    sim = simulate_sensing_coverage(scenario, ETA, n, rng=seed)
    ana = sensing_coverage(scenario, ETA)
    se = np.sqrt(ana * (1 - ana) / n)
    # 1/n: one trial of resolution where p is within 1/n of 0 or 1 (se ~ 0 there)
    assert np.all(np.abs(sim.coverage - ana) <= 4 * se + 1 / n)
    assert sim.scir.shape == (n,) and np.all(sim.scir > 0)
    np.testing.assert_allclose(sim.std_error, np.sqrt(sim.coverage * (1 - sim.coverage) / n))


@pytest.mark.slow
def test_geometric_variant_gap():
    """No BS closer to the MT than r1 removes close interferers: coverage rises."""
    n = 20_000
    eta = np.array([0.1, 1.0])
    geo = simulate_sensing_coverage(MM, eta, n, rng=7, model="geometric")
    ana = sensing_coverage(MM, eta)
    se = np.sqrt(ana * (1 - ana) / n)
    assert np.all(geo.coverage - ana > 4 * se)
    assert np.all(geo.coverage - ana < 0.06)


@pytest.mark.slow
def test_pdf_matches_histogram():
    n = 20_000
    sim = simulate_sensing_coverage(MM, 1.0, n, rng=11)
    edges_db = np.arange(-100.0, 31.0, 10.0)
    counts, _ = np.histogram(10 * np.log10(sim.scir), bins=edges_db)
    # bin probabilities from the analytic PDF (Gauss-Legendre in dB on each bin)
    t, w = np.polynomial.legendre.leggauss(6)
    mid, half = 0.5 * (edges_db[1:] + edges_db[:-1]), 5.0
    x = mid[:, None] + half * t
    prob = np.sum(half * w * scir_pdf(MM, 10 ** (x / 10), per_db=True), axis=-1)
    se = np.sqrt(prob * (1 - prob) / n)
    assert np.all(np.abs(counts / n - prob) <= 4 * se + 1 / n)
    # both modes are present in the samples: the NLoS desired links sit near -57 dB
    nlos_db = 10 * np.log10(sim.scir[~sim.desired_los])
    assert -65 < np.median(nlos_db) < -45


@pytest.mark.parametrize(("call", "exc", "match"), [
    (lambda: simulate_sensing_coverage(MM, 1.0, 0), ValueError, "n_trials=0"),
    (lambda: simulate_sensing_coverage(MM, 0.0, 10), ValueError, "scir_threshold=0.0"),
    (lambda: simulate_sensing_coverage(MM, 1.0, 10, model="ppp"), ValueError, "model='ppp'"),
    (lambda: simulate_sensing_coverage(MM, 1.0, 10, n_nearest=8), ValueError, "n_nearest=8"),
    (lambda: simulate_sensing_coverage(None, 1.0, 10), TypeError, "BeamManagementScenario"),
])
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
