"""PPP geometry, distance laws, blockage and grid-of-beams gain ([BM] Section II)."""

import math

import numpy as np
import pytest
from scipy import stats
from scipy.integrate import quad

from ofdmisac.network._geometry import (
    kth_nearest_distance_cdf,
    kth_nearest_distance_pdf,
    los_probability,
    nearest_distance_pdf,
    nearest_distances,
    sample_ppp_disk,
)
from ofdmisac.network.beam_management._beams import beam_switch_intensity, gob_gain


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


def test_los_switch_and_gain():
    np.testing.assert_allclose(los_probability([0.0, 500.0], 2e-3), [1.0, math.exp(-1)])
    assert float(beam_switch_intensity(256, 1e-4)) == pytest.approx(256 * 1e-2 / math.pi)
    phi = np.array([0.0, math.pi / 8 - 1e-9, math.pi / 8 + 1e-9, 2 * math.pi, -3.0])
    np.testing.assert_allclose(gob_gain(phi, 8), [1, 1, 1 / 64, 1, 1 / 64])
    np.testing.assert_allclose(gob_gain(1.0, 8, mainlobe_to_sidelobe_ratio=10.0,
                                        mainlobe_gain=2.0), 0.2)
    # mainlobe fraction of a uniform angle is 1 / n_B
    u = np.random.default_rng(1).uniform(-np.pi, np.pi, 200_000)
    frac = np.mean(gob_gain(u, 16) == 1.0)
    assert abs(frac - 1 / 16) < 4 * math.sqrt(1 / 16 * 15 / 16 / u.size)


@pytest.mark.parametrize(("call", "match"), [
    (lambda: nearest_distances(0.0, 3), "density_per_m2=0.0"),
    (lambda: nearest_distances(1e-4, 0), "k=0"),
    (lambda: sample_ppp_disk(1e-4, -1.0), "radius_m=-1.0"),
    (lambda: sample_ppp_disk(np.nan, 1.0), "density_per_m2=nan"),
    (lambda: kth_nearest_distance_pdf(-1.0, 1e-4, 1), "r=-1.0 is not allowed; use numbers >= 0"),
    (lambda: los_probability(1.0, -1.0), "beta_per_m=-1.0 is not allowed"),
    (lambda: beam_switch_intensity(0, 1e-4), "n_beams=0"),
    (lambda: gob_gain(0.0, 8, mainlobe_to_sidelobe_ratio=0.5), "mainlobe_to_sidelobe_ratio=0.5"),
    (lambda: gob_gain(np.nan, 8), "phi=nan is not allowed"),
    (lambda: gob_gain(0.0, 8, mainlobe_gain=0.0), "mainlobe_gain=0.0"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
