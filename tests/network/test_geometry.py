"""Tests of ``ofdmisac.network._geometry``: PPP geometry, distance laws, blockage."""

import math

import numpy as np
import pytest
from scipy import stats
from scipy.integrate import quad
from scipy.stats import kstest

from ofdmisac.network import mean_kth_nearest_distance
from ofdmisac.network._geometry import (
    kth_nearest_distance_cdf,
    kth_nearest_distance_pdf,
    los_probability,
    nearest_distance_pdf,
    nearest_distances,
    sample_ppp_disk,
)


def test_nearest_distances_ks_against_kth_law():
    lam = 1e-4
    d = nearest_distances(lam, 5, size=4000, rng=11)
    assert d.shape == (4000, 5) and np.all(np.diff(d, axis=-1) > 0)
    for k in (1, 5):
        res = stats.kstest(d[:, k - 1], lambda r, k=k: kth_nearest_distance_cdf(r, lam, k))
        assert res.pvalue > 1e-3


def test_disk_sampling_matches_nearest_distance_law():
    lam, radius = 1e-3, 200.0
    gen = np.random.default_rng(5)
    counts, nearest = [], []
    for _ in range(600):
        pts = sample_ppp_disk(lam, radius, rng=gen)
        counts.append(len(pts))
        nearest.append(np.min(np.hypot(pts[:, 0], pts[:, 1])))
        assert np.all(np.hypot(pts[:, 0], pts[:, 1]) <= radius)
    mean = lam * math.pi * radius**2
    assert abs(np.mean(counts) - mean) < 4 * math.sqrt(mean / len(counts))
    res = stats.kstest(nearest, lambda r: kth_nearest_distance_cdf(r, lam, 1))
    assert res.pvalue > 1e-3


@pytest.mark.parametrize("k", [1, 3, 50])
def test_pdf_normalised_and_consistent_with_cdf(k):
    lam = 2e-4
    top = 4 * math.sqrt(k / (math.pi * lam)) + 500.0
    total = quad(lambda r: kth_nearest_distance_pdf(r, lam, k), 0, top, limit=200)[0]
    assert total == pytest.approx(1.0, abs=1e-8)
    r = 40.0
    cdf = quad(lambda t: kth_nearest_distance_pdf(t, lam, k), 0, r)[0]
    assert cdf == pytest.approx(float(kth_nearest_distance_cdf(r, lam, k)), abs=1e-9)
    assert np.isfinite(kth_nearest_distance_pdf(1e6, lam, k))


def test_nearest_pdf_formula():
    r = np.array([0.0, 10.0, 100.0])
    np.testing.assert_allclose(nearest_distance_pdf(r, 1e-4),
                               2 * np.pi * 1e-4 * r * np.exp(-np.pi * 1e-4 * r**2))


@pytest.mark.parametrize(("call", "match"), [
    (lambda: nearest_distances(0.0, 3), "density_per_m2=0.0"),
    (lambda: nearest_distances(1e-4, 0), "k=0"),
    (lambda: sample_ppp_disk(1e-4, -1.0), "radius_m=-1.0"),
    (lambda: sample_ppp_disk(np.nan, 1.0), "density_per_m2=nan"),
    (lambda: kth_nearest_distance_pdf(-1.0, 1e-4, 1), "r=-1.0 is not allowed; use numbers >= 0"),
    (lambda: los_probability(1.0, -1.0), "beta_per_m=-1.0 is not allowed"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


LAM_U, LAM_T = 1e-4, 1e-3


def test_kth_distance_pdf_cdf_mean_and_sampler():
    r = np.linspace(0.0, 300.0, 7)
    for k in (1, 4):
        cdf = kth_nearest_distance_cdf(r, LAM_U, k)
        ref = [quad(lambda x: kth_nearest_distance_pdf(x, LAM_U, k), 0, v)[0] for v in r]
        np.testing.assert_allclose(cdf, ref, atol=1e-9)
        m = quad(lambda x: x * kth_nearest_distance_pdf(x, LAM_U, k), 0, np.inf)[0]
        assert mean_kth_nearest_distance(LAM_U, k) == pytest.approx(m, rel=1e-8)
    d = nearest_distances(LAM_U, 4, size=20000, rng=1)
    assert np.all(np.diff(d, axis=1) > 0)
    for k in (1, 4):
        res = kstest(d[:, k - 1], lambda x, k=k: kth_nearest_distance_cdf(x, LAM_U, k))
        assert res.pvalue > 1e-3
