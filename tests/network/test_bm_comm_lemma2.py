import numpy as np
import pytest
from scipy.integrate import quad
from scipy.stats import norm

from ofdmisac.network.beam_management._misalignment import misalignment_probability_q


@pytest.mark.parametrize(
    ("sigma", "mu_g", "mu0", "mu"),
    [(0.5, 1.0, 0.5, 2.0), (2.0, 0.3, 1.0, 3.0), (0.1, 2.0, 0.2, 0.6)],
)
def test_lemma2_vs_simulation(sigma, mu_g, mu0, mu):
    rng = np.random.default_rng(1234)
    n = 400_000
    x = rng.normal(mu, sigma, n)
    y = rng.exponential(1.0 / mu_g, n)
    hit = (np.maximum(x, mu0) < y) & (y < mu)
    p = hit.mean()
    se = np.sqrt(p * (1 - p) / n)
    q = misalignment_probability_q(sigma, mu_g, mu0, mu)
    assert abs(q - p) < 4 * se


def test_lemma2_vs_adaptive_quad():
    sigma, mu_g, mu0, mu = 0.7, 1.3, 0.4, 2.5
    ref = quad(lambda y: norm.cdf((y - mu) / sigma) * mu_g * np.exp(-mu_g * y), mu0, mu)[0]
    assert misalignment_probability_q(sigma, mu_g, mu0, mu) == pytest.approx(ref, rel=1e-10)


def test_lemma2_bad_input():
    with pytest.raises(ValueError, match="sigma must be > 0"):
        misalignment_probability_q(0.0, 1.0, 0.5, 1.0)
    with pytest.raises(ValueError, match="mu_g must be > 0"):
        misalignment_probability_q(1.0, -1.0, 0.5, 1.0)
    with pytest.raises(ValueError, match="0 <= mu0 < mu"):
        misalignment_probability_q(1.0, 1.0, 2.0, 1.0)


def test_huge_sigma_no_cancellation():
    """Deep-NLoS SCIRs (sigma up to 1e150 m): p_v^s is non-increasing in eta and tends to
    half the cap of (29) (``X < Y`` w.p. 1/2); the former ``c + log Phi(-b)`` form lost
    all digits for sigma ~ 1e17..1e150 and returned 0 (eta = 1e-100) or -inf."""
    import warnings

    from ofdmisac.network import BeamManagementScenario, sensing_misalignment_probability

    s = BeamManagementScenario.mmwave()
    eta = 10.0 ** np.arange(-300.0, 11.0, 5.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = sensing_misalignment_probability(s, eta)
    assert np.all(np.diff(p) <= 1e-15)
    mu_g = s.beam_switch_intensity_per_m
    half_cap = -0.5 * np.expm1(-mu_g * (s.mu_m - s.mu0_m))
    np.testing.assert_allclose(p[eta < 1e-40], half_cap, rtol=1e-12)
    for sigma in (1e17, 1e20, 1e60):  # q e^{mu_g mu0} -> half the cap as sigma -> inf
        got = misalignment_probability_q(sigma, mu_g, s.mu0_m, s.mu_m) * np.exp(mu_g * s.mu0_m)
        assert abs(got - half_cap) < 1e-12
