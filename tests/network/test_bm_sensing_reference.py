"""Vectorized Theorem 1 vs a nested adaptive-quad evaluation of the printed (17)-(20).

:func:`nested_quad_coverage` is the reference implementation (scalar, nested
``scipy.integrate.quad``, Q of (19) as printed); ``benchmarks/bench_network.py`` loads
this file and times it against :func:`ofdmisac.network.sensing_coverage`.
"""

import math
import warnings

import numpy as np
import pytest
from scipy.integrate import IntegrationWarning, quad

from ofdmisac.network import BeamManagementScenario, sensing_coverage, sensing_coverage_conditional


def _one_minus_q(w, eta, r1, alpha_d, s):
    """1 - Q(eta, w, r1^{2 alpha_d}) of [BM] (19), as printed."""
    n2, rho, k = s.n_beams**2, s.mslr, 4 * math.pi * eta * r1 ** (2 * alpha_d)
    p_l = math.exp(-s.beta_per_m * w)
    q = 0.0
    for p_u, a in ((p_l, s.alpha_los), (1 - p_l, s.alpha_nlos)):
        wa = w**a
        q += p_u * (wa / (n2 * (wa + k)) + rho * wa * (n2 - 1) / (n2 * (rho * wa + k)))
    return 1.0 - q


def nested_quad_conditional(s: BeamManagementScenario, eta: float, r1: float) -> float:
    """(17)-(19) at one r1: inner integrals by adaptive quad (split at 1/beta).

    Accurate to about 1e-7 relative (quad reports roundoff on the far tail, where the
    printed ``1 - Q`` cancels).
    """
    f_ct = math.exp(-2 * math.pi * eta * s.blocker_density_per_m2 * r1 * s.range_resolution_m
                    / (s.n_beams * (1 + eta)))
    out = 0.0
    for p_d, a_d in ((math.exp(-s.beta_per_m * r1), s.alpha_los),
                     (-math.expm1(-s.beta_per_m * r1), s.alpha_nlos)):
        g = lambda w: w * _one_minus_q(w, eta, r1, a_d, s)
        brk = 1.0 / s.beta_per_m
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", IntegrationWarning)
            inner = (quad(g, 0, brk, limit=200, epsabs=1e-13, epsrel=1e-11)[0]
                     + quad(g, brk, np.inf, limit=200, epsabs=1e-13, epsrel=1e-11)[0])
        out += p_d * math.exp(-2 * math.pi * s.bs_density_per_m2 * inner)
    return f_ct * out


def nested_quad_coverage(s: BeamManagementScenario, eta: float) -> float:
    """(20): outer adaptive quad over r1 of the conditional coverage times f_r1."""
    lam = s.bs_density_per_m2
    f = lambda r: (2 * math.pi * lam * r * math.exp(-math.pi * lam * r * r)
                   * nested_quad_conditional(s, eta, r))
    mid = 1.0 / math.sqrt(math.pi * lam)
    return (quad(f, 0, mid, limit=200, epsabs=1e-10, epsrel=1e-9)[0]
            + quad(f, mid, np.inf, limit=200, epsabs=1e-10, epsrel=1e-9)[0])


POINTS = [
    (BeamManagementScenario.mmwave(n_beams=64), 1.0),
    (BeamManagementScenario.mmwave(n_beams=1024, bs_density_per_m2=1e-5), 1e-4),
    (BeamManagementScenario.thz(n_beams=512), 100.0),
    (BeamManagementScenario.mmwave(bs_density_per_m2=1e-2, n_beams=16), 1e-7),
]


@pytest.mark.slow
@pytest.mark.parametrize(("scenario", "eta"), [POINTS[0], POINTS[2], POINTS[3]])
def test_coverage_matches_nested_quad(scenario, eta):
    ref = nested_quad_coverage(scenario, eta)
    assert float(sensing_coverage(scenario, eta)) == pytest.approx(ref, abs=1e-5)


@pytest.mark.parametrize(("scenario", "eta"), POINTS)
def test_conditional_matches_nested_quad(scenario, eta):
    r1 = np.array([3.0, 40.0, 400.0])
    got = sensing_coverage_conditional(scenario, eta, r1)
    ref = [nested_quad_conditional(scenario, eta, r) for r in r1]
    np.testing.assert_allclose(got, ref, rtol=1e-6, atol=1e-12)
