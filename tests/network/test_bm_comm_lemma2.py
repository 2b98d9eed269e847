import numpy as np
import pytest
from scipy.integrate import quad
from scipy.stats import norm

from ofdmisac.network._bm_comm import misalignment_probability_q


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
