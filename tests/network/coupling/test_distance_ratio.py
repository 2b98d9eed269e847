"""Tests of ``ofdmisac.network.coupling._distance_ratio``: the distance-ratio law of [CC]."""

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.stats import kstest

from ofdmisac.network import (
    distance_ratio_cdf,
    distance_ratio_pdf,
    sample_distance_ratio,
)


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
    with pytest.raises(ValueError, match="k=.* is not allowed; use an integer >= 1"):
        distance_ratio_cdf(1.0, 1e-6, 1e-6, 0)


LAM_U, LAM_T = 1e-4, 1e-3


def _agree(est, se, ref):
    assert np.all(np.abs(est - ref) <= 4 * np.maximum(se, 1e-12)), (est, se, ref)


@pytest.mark.parametrize("k", [1, 2, 4, 8])
def test_tricomi_pdf_is_derivative_of_cdf_and_integrates(k):
    z = np.array([0.03, 0.1, 0.3, 0.7])
    h = 1e-6
    deriv = (distance_ratio_cdf(z + h, LAM_U, LAM_T, k)
             - distance_ratio_cdf(z - h, LAM_U, LAM_T, k)) / (2 * h)
    pdf = distance_ratio_pdf(z, LAM_U, LAM_T, k)
    big = pdf > 1e-3
    np.testing.assert_allclose(deriv[big], pdf[big], rtol=1e-5)
    # fixed-node CDF against adaptive quadrature of the Tricomi PDF (checked once)
    ref = [quad(lambda x: distance_ratio_pdf(x, LAM_U, LAM_T, k), 0, v, limit=400,
                epsabs=1e-13)[0] for v in z]
    np.testing.assert_allclose(distance_ratio_cdf(z, LAM_U, LAM_T, k), ref, atol=1e-8)


def test_tricomi_pdf_against_direct_integral_of_a1():
    # (A1) first line: int y f_X(yz) f_Y(y) dy, with argument lambda_T^2 pi / (4 lambda_U z^2)
    k, z = 2, 0.2
    a, b = LAM_U * np.pi, LAM_T * np.pi
    f = quad(lambda y: 2 * a**k * b**k * z ** (2 * k - 1) * y ** (3 * k - 1)
             * np.exp(-a * z * z * y * y - b * y), 0, np.inf)[0]
    assert distance_ratio_pdf(z, LAM_U, LAM_T, k) == pytest.approx(f, rel=1e-9)


def test_tricomi_pdf_matches_histogram_of_sampled_ratio():
    k = 4
    z = sample_distance_ratio(LAM_U, LAM_T, k, n_samples=40000, rng=8)
    edges = np.array([0.0, 0.03, 0.06, 0.1, 0.15, 0.25, 0.5])
    frac = np.histogram(z, bins=edges)[0] / z.size
    prob = np.array([quad(lambda x: distance_ratio_pdf(x, LAM_U, LAM_T, k), a, b)[0]
                     for a, b in zip(edges[:-1], edges[1:], strict=True)])
    _agree(frac, np.sqrt(prob * (1 - prob) / z.size), prob)


def test_ratio_sampler_matches_cdf():
    z = sample_distance_ratio(LAM_U, LAM_T, 4, n_samples=20000, rng=3)
    assert kstest(z, lambda t: distance_ratio_cdf(t, LAM_U, LAM_T, 4)).pvalue > 1e-3
