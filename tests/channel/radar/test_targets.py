"""Tests of ofdmisac/channel/radar/_targets.py: targets, Swerling RCS, detection probability."""

import numpy as np
import pytest
from scipy import stats

from ofdmisac.channel import (
    Target,
    sample_rcs,
    swerling_detection_probability,
)


def test_target_validation():
    with pytest.raises(ValueError, match="range_m=-1.0 is not allowed; use a finite number >= 0"):
        Target(range_m=-1.0, velocity_mps=0.0)
    with pytest.raises(ValueError, match="swerling=.* is not allowed; choose one of 0, 1, 2, 3, 4"):
        Target(range_m=1.0, velocity_mps=0.0, swerling=5)
    with pytest.raises(ValueError, match="rcs_m2=.* is not allowed; use a finite number > 0"):
        Target(range_m=1.0, velocity_mps=0.0, rcs_m2=0.0)
    with pytest.raises(TypeError):
        Target(1.0, 0.0)


@pytest.mark.parametrize("case", [1, 2, 3, 4])
def test_swerling_rcs_distribution(case):
    t = Target(range_m=10.0, velocity_mps=0.0, rcs_m2=2.0, swerling=case)
    r = sample_rcs(t, 4, size=4000, rng=7)
    if case in (1, 3):
        assert np.all(r == r[:, :1])
        x = r[:, 0]
    else:
        x = r.ravel()
    se = x.std() / np.sqrt(x.size)
    assert abs(x.mean() - 2.0) < 4 * se
    law = stats.expon(scale=2.0) if case in (1, 2) else stats.gamma(2.0, scale=1.0)
    assert stats.kstest(x, law.cdf).pvalue > 1e-3


def test_swerling0_constant():
    t = Target(range_m=10.0, velocity_mps=0.0, rcs_m2=3.0, swerling=0)
    assert np.all(sample_rcs(t, 5, size=3, rng=0) == 3.0)


@pytest.mark.parametrize("case,n", [(0, 1), (1, 1), (0, 3), (1, 3)])
def test_detection_probability_monte_carlo(case, n):
    rng = np.random.default_rng(11)
    pfa, trials = 1e-2, 40000
    for snr in (1.0, 4.0, 10.0):
        shape = (trials, n)
        noise = (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)) / np.sqrt(2)
        if case == 0:
            amp = np.sqrt(snr) * np.ones((trials, 1))
        else:
            amp = np.sqrt(rng.exponential(snr, (trials, 1)))
        stat = np.sum(np.abs(amp + noise) ** 2, axis=1)
        from scipy.special import gammainccinv

        pd_mc = np.mean(stat > gammainccinv(n, pfa))
        pd = swerling_detection_probability(pfa, snr, case, n_integrated=n)
        assert abs(pd_mc - pd) < 4 * np.sqrt(pd * (1 - pd) / trials) + 1e-4


def test_detection_probability_bad_input():
    with pytest.raises(ValueError, match="pfa=.* is not allowed; use probabilities in"):
        swerling_detection_probability(1.5, 1.0, 0)
    with pytest.raises(ValueError, match=r"swerling=3 is not allowed; choose 0 or 1"):
        swerling_detection_probability(0.1, 1.0, 3)

