import numpy as np
import pytest
from scipy.stats import kstest

from ofdmisac.network import distance_ratio_cdf


@pytest.mark.parametrize("k", [1, 2, 4])
def test_ratio_cdf_vs_sampled_ppp(k):
    rng = np.random.default_rng(5)
    lam_u, lam_t = 1e-5, 3e-6
    gu = rng.gamma(k, size=(20000,))
    gt = rng.gamma(k, size=(20000,))
    z = np.sqrt(gu / (np.pi * lam_u)) / (gt / (np.pi * lam_t))
    res = kstest(z, lambda t: distance_ratio_cdf(t, lam_u, lam_t, k))
    assert res.pvalue > 1e-3


def test_ratio_cdf_bad_input():
    with pytest.raises(ValueError, match="user_density_per_m2"):
        distance_ratio_cdf(1.0, 0.0, 1e-6, 1)
    with pytest.raises(ValueError, match="k must"):
        distance_ratio_cdf(1.0, 1e-6, 1e-6, 0)
