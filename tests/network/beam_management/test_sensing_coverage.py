"""Tests of ``ofdmisac.network.beam_management._sensing_coverage``: [BM] Theorem 1, (21)."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import IntegrationWarning, quad

from ofdmisac.network import (
    BeamManagementScenario,
    scir_pdf,
    sensing_coverage,
    sensing_coverage_conditional,
)

MM = BeamManagementScenario.mmwave()
THZ = BeamManagementScenario.thz()


def test_broadcast_over_eta_and_swept_fields_equals_pointwise():
    eta = np.array([1e-3, 1.0, 50.0])
    nb = np.array([16, 256])
    lam = np.array([1e-5, 1e-3])
    got = sensing_coverage(MM, eta, n_beams=nb, bs_density_per_m2=lam)
    assert got.shape == (2, 3)
    for i in range(2):
        s = MM.replace(n_beams=int(nb[i]), bs_density_per_m2=float(lam[i]))
        np.testing.assert_allclose(got[i], sensing_coverage(s, eta), rtol=1e-9)


def test_rho_override_and_fixed_rho():
    s = MM.replace(mainlobe_to_sidelobe_ratio=1e3)
    a = sensing_coverage(s, 1.0, n_beams=[64, 512])
    b = [sensing_coverage(MM.replace(mainlobe_to_sidelobe_ratio=1e3, n_beams=n), 1.0) for n in (64,
                                                                                                512)]
    np.testing.assert_allclose(a, np.ravel(b), rtol=1e-12)
    np.testing.assert_allclose(sensing_coverage(MM, 1.0, mainlobe_to_sidelobe_ratio=1e3,
                                                n_beams=64), a[0], rtol=1e-12)


def test_fig4_text_values():
    """[BM] Sec. V-A: n_B = 128, lambda_B 10 -> 1e4 /km^2 roughly doubles per decade."""
    lam = np.array([10.0, 100.0, 1e3, 1e4]) * 1e-6
    p = sensing_coverage(MM, 1.0, n_beams=128, bs_density_per_m2=lam)
    np.testing.assert_allclose(p, [0.1037, 0.2091, 0.4277, 0.7182], atol=5e-4)
    # lambda_B = 100: about +0.2 per doubling of n_B from 128 to 1024
    steps = np.diff(sensing_coverage(MM, 1.0, n_beams=[128, 256, 512, 1024]))
    assert np.all((steps > 0.14) & (steps < 0.2))


def test_conditional_average_is_coverage():
    v, w = np.polynomial.laguerre.laggauss(60)
    r1 = np.sqrt(v / (math.pi * MM.bs_density_per_m2))
    cond = sensing_coverage_conditional(MM, 0.5, r1)
    # the conditional coverage is smooth in v; Gauss-Laguerre is only a loose check
    assert np.sum(w * cond) == pytest.approx(float(sensing_coverage(MM, 0.5)), abs=2e-3)


@pytest.mark.parametrize("scenario", [MM, THZ, MM.replace(n_beams=8, bs_density_per_m2=1e-2)])
def test_pdf_matches_finite_difference(scenario):
    eta = 10 ** (np.array([-90.0, -57.0, -20.0, -5.0, 10.0]) / 10)
    h = 1e-4
    fd = (sensing_coverage(scenario, eta * (1 - h)) - sensing_coverage(scenario, eta * (1 + h)))
    fd /= 2 * h * eta
    np.testing.assert_allclose(scir_pdf(scenario, eta), fd, rtol=1e-4)


def test_pdf_integrates_to_coverage_differences_and_one():
    x_db = np.linspace(-160.0, 60.0, 221)
    f = scir_pdf(MM, 10 ** (x_db / 10), per_db=True, n_outer=128, n_inner=64)
    cum = np.concatenate([[0.0], np.cumsum(0.5 * (f[1:] + f[:-1]) * np.diff(x_db))])
    p = sensing_coverage(MM, 10 ** (x_db[::20] / 10))
    np.testing.assert_allclose(p[0] - p, cum[::20], atol=3e-4)
    assert cum[-1] == pytest.approx(1.0, abs=2e-3)
    # bimodal: LoS peak near -5 dB, NLoS peak near -57 dB, dip in between
    los_peak = x_db[np.argmax(np.where(x_db > -30, f, 0))]
    nlos_peak = x_db[np.argmax(np.where(x_db < -30, f, 0))]
    dip = np.min(f[(x_db > nlos_peak) & (x_db < los_peak)])
    assert -8 <= los_peak <= -3 and -62 <= nlos_peak <= -52 and dip < 0.7 * f.max()


@pytest.mark.parametrize(("call", "upper"), [
    (lambda: sensing_coverage(MM.replace(bs_density_per_m2=1e-2, n_beams=4096), 1e-4), 1.0),
    (lambda: sensing_coverage(THZ, 1e-4, bs_density_per_m2=1e-2, n_beams=4096), 1.0),
    (lambda: sensing_coverage(MM, [1e-14, 1e12], n_beams=[1, 4096], bs_density_per_m2=1e-9),
     1.0),
    (lambda: scir_pdf(MM, [1e-14, 1e-4, 1e12], bs_density_per_m2=1e-2, n_beams=4096,
                      per_db=True), 0.5),
])
def test_extreme_valid_inputs_finite(call, upper):
    out = call()
    assert np.all(np.isfinite(out)) and np.all((out >= 0) & (out <= upper))


@settings(max_examples=20, deadline=None)
@given(
    lam_db=st.floats(-70, -20),
    lam_o_db=st.floats(-70, -20),
    nb=st.integers(1, 4096),
    a_l=st.floats(1.5, 4.0),
    a_n=st.floats(2.05, 5.0),
)
def test_property_valid_domain(lam_db, lam_o_db, nb, a_l, a_n):
    s = MM.replace(bs_density_per_m2=10 ** (lam_db / 10), blocker_density_per_m2=10 **
                   (lam_o_db / 10), n_beams=nb, alpha_los=a_l, alpha_nlos=a_n)
    eta = 10 ** (np.linspace(-120, 60, 10) / 10)
    p = sensing_coverage(s, eta, n_outer=96, n_inner=64)
    assert np.all(np.isfinite(p)) and np.all((p >= 0) & (p <= 1))
    assert np.all(np.diff(p) <= 1e-9)


@pytest.mark.parametrize(("call", "exc", "match"), [
    (lambda: sensing_coverage(MM, 0.0), ValueError, "scir_threshold=0.0 is not allowed"),
    (lambda: sensing_coverage(MM, np.nan), ValueError, "scir_threshold=nan"),
    (lambda: sensing_coverage(MM, -1.0), ValueError, "linear, not dB"),
    (lambda: sensing_coverage(MM, 1.0, bs_density_per_m2=0.0), ValueError, "bs_density_per_m2"),
    (lambda: sensing_coverage(MM, 1.0, blocker_density_per_m2=[1e-3, -1.0]), ValueError,
     "blocker_density_per_m2"),
    (lambda: sensing_coverage(MM, 1.0, n_beams=0), ValueError, "n_beams=0"),
    (lambda: sensing_coverage(MM, 1.0, alpha_nlos=2.0), ValueError, "alpha_nlos"),
    (lambda: sensing_coverage(MM, 1.0, speed_mps=3.0), ValueError, "speed_mps"),
    (lambda: sensing_coverage(MM, 1.0, n_outer=4), ValueError, "n_outer=4"),
    (lambda: sensing_coverage("mmwave", 1.0), TypeError, "BeamManagementScenario"),
    (lambda: sensing_coverage_conditional(MM, 1.0, 0.0), ValueError, "r1_m=0.0"),
    (lambda: scir_pdf(MM, [1.0, np.inf]), ValueError, "scir="),
])
def test_bad_input(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


@pytest.mark.parametrize("kw", [
    {"n_beams": np.array([[4], [256], [4096]])},
    {"bs_density_per_m2": np.array([[1e-6], [1e-2]]), "n_beams": 1},
    {"mainlobe_to_sidelobe_ratio": np.array([[1.0], [1e3]]), "prs_bandwidth_hz": 1e8},
])
def test_spline_table_matches_exact_inner_rule(kw):
    eta = np.array([1e-12, 1e-4, 1.0, 1e4])
    for fn, tol in ((sensing_coverage, 1e-9), (scir_pdf, 1e-8)):
        a = fn(THZ, eta, **kw)
        b = fn(THZ, eta, exact_inner=True, **kw)
        np.testing.assert_allclose(a, b, rtol=tol, atol=1e-13)


def test_swept_blockage_uses_exact_inner_path():
    s = BeamManagementScenario.mmwave()
    lam_o = np.array([1e-4, 1e-3])
    got = sensing_coverage(s, [0.1, 10.0], blocker_density_per_m2=lam_o)
    for i, lo in enumerate(lam_o):
        ref = sensing_coverage(s.replace(blocker_density_per_m2=float(lo)), [0.1, 10.0])
        np.testing.assert_allclose(got[i], ref, rtol=1e-9)


# Vectorized Theorem 1 vs a nested adaptive-quad evaluation of the printed (17)-(20):
# `nested_quad_coverage` is the reference implementation (scalar, nested
# ``scipy.integrate.quad``, Q of (19) as printed); ``benchmarks/bench_network.py`` loads
# this file and times it against :func:`ofdmisac.network.sensing_coverage`.
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
