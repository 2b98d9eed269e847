"""[BM] Theorem 1 sensing coverage, SCIR PDF (21) and Corollary 1: analytic checks."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad
from scipy.special import gamma

from ofdmisac.network import (
    BeamManagementScenario,
    scir_pdf,
    sensing_coverage,
    sensing_coverage_conditional,
    sensing_coverage_corollary1,
    sensing_coverage_corollary1_expansion,
    simulate_sensing_coverage,
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
    (lambda: sensing_coverage_corollary1(MM, 1.0), ValueError, "alpha_los == alpha_nlos > 2"),
    (lambda: sensing_coverage_corollary1_expansion(
        MM.replace(alpha_los=2.5, alpha_nlos=2.5), 1.0, alpha_los=2.0, alpha_nlos=2.0),
     ValueError, "alpha_nlos"),
    (lambda: sensing_coverage_corollary1(MM.replace(alpha_los=2.0, alpha_nlos=2.1), 1.0,
                                         alpha_nlos=2.0 + 0.1), ValueError, "alpha_los == "),
    (lambda: simulate_sensing_coverage(MM, 1.0, 0), ValueError, "n_trials=0"),
    (lambda: simulate_sensing_coverage(MM, 0.0, 10), ValueError, "scir_threshold=0.0"),
    (lambda: simulate_sensing_coverage(MM, 1.0, 10, model="ppp"), ValueError, "model='ppp'"),
    (lambda: simulate_sensing_coverage(MM, 1.0, 10, n_nearest=8), ValueError, "n_nearest=8"),
    (lambda: simulate_sensing_coverage(None, 1.0, 10), TypeError, "BeamManagementScenario"),
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
