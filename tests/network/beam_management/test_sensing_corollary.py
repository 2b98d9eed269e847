"""Tests of ``ofdmisac.network.beam_management._sensing_corollary``: [BM] Corollary 1."""

import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import gamma

from ofdmisac.network import (
    BeamManagementScenario,
    sensing_coverage,
    sensing_coverage_corollary1,
    sensing_coverage_corollary1_expansion,
)

MM = BeamManagementScenario.mmwave()


def test_corollary1_printed_algebra_and_large_nb_limit():
    s = MM.replace(alpha_los=3.0, alpha_nlos=3.0, bs_density_per_m2=1e-2)
    a, lam, eta = 3.0, 1e-2, 2.0
    gam = (2 * math.pi / a) * gamma(2 / a) * gamma(1 - 2 / a) * (4 * math.pi) ** (2 / a)
    for n in (256, 4096):
        # (20) with F_S of (23) integrated directly: the corrected first line of (22)
        f = lambda r: (2 * math.pi * lam * r * math.exp(-math.pi * lam * r * r
                       - gam * lam * eta ** (2 / a) * n ** (-4 / a) * r**4))
        ref = quad(f, 0, np.inf, epsabs=0, epsrel=1e-12)[0]
        got = float(sensing_coverage_corollary1(s, eta, n_beams=n))
        assert got == pytest.approx(ref, rel=1e-10)
        # the printed first line of (22) (errata) is not even a probability here
        pre = math.pi**1.5 * n ** (2 / a) / (2 * eta ** (1 / a) * gam)
        printed = (pre * math.exp(lam * math.pi**2 * n ** (4 / a) / (4 * eta ** (2 / a) * gam))
                   * math.erfc(math.sqrt(lam * math.pi) * n ** (2 / a)
                               / (2 * eta ** (1 / a) * math.sqrt(gam))))
        assert abs(printed - got) > 0.2
    nb = np.array([4096, 16384, 65536])
    thm = sensing_coverage(s, eta, n_beams=nb)
    cor = sensing_coverage_corollary1(s, eta, n_beams=nb)
    exp = sensing_coverage_corollary1_expansion(s, eta, n_beams=nb)
    gap = np.abs(thm - cor)
    assert np.all(gap < [3e-4, 1e-4, 2e-5]) and np.all(np.diff(gap) < 0)
    assert np.all(np.abs(exp - cor) < 3 * (0.5 / (np.pi**2 * lam / (4 * gam * eta ** (2 / a))
                                                   * nb ** (4 / a))) ** 2)


@pytest.mark.parametrize(("call", "exc", "match"), [
    (lambda: sensing_coverage_corollary1(MM, 1.0), ValueError, "alpha_los == alpha_nlos > 2"),
    (lambda: sensing_coverage_corollary1_expansion(
        MM.replace(alpha_los=2.5, alpha_nlos=2.5), 1.0, alpha_los=2.0, alpha_nlos=2.0),
     ValueError, "alpha_nlos"),
    (lambda: sensing_coverage_corollary1(MM.replace(alpha_los=2.0, alpha_nlos=2.1), 1.0,
                                         alpha_nlos=2.0 + 0.1), ValueError, "alpha_los == "),
])
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()
