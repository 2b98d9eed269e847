"""Tests of ``ofdmisac.network.beam_management._misalignment``: Lemmas 1-2, (9), (29)-(30)."""

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.stats import norm

from ofdmisac.estimators.radar._error_models import PaperErrorModel
from ofdmisac.network import (
    BeamManagementScenario,
    average_sensing_misalignment_probability,
    conventional_misalignment_probability,
    sensing_misalignment_probability,
    sensing_sigma_m,
    timeout_probability,
)
from ofdmisac.network.beam_management._misalignment import misalignment_probability_q


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
    with pytest.raises(ValueError, match="sigma=.* is not allowed; use numbers > 0"):
        misalignment_probability_q(0.0, 1.0, 0.5, 1.0)
    with pytest.raises(ValueError, match="mu_g=.* is not allowed"):
        misalignment_probability_q(1.0, -1.0, 0.5, 1.0)
    with pytest.raises(ValueError, match="0 <= mu0 < mu"):
        misalignment_probability_q(1.0, 1.0, 2.0, 1.0)


def test_huge_sigma_no_cancellation():
    """Deep-NLoS SCIRs (sigma up to 1e150 m): p_v^s is non-increasing in eta and tends to
    half the cap of (29) (``X < Y`` w.p. 1/2); the former ``c + log Phi(-b)`` form lost
    all digits for sigma ~ 1e17..1e150 and returned 0 (eta = 1e-100) or -inf."""
    import warnings

    from ofdmisac.network import BeamManagementScenario, sensing_misalignment_probability

    s = BeamManagementScenario.mmwave()
    eta = 10.0 ** np.arange(-300.0, 11.0, 5.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        p = sensing_misalignment_probability(s, eta)
    assert np.all(np.diff(p) <= 1e-15)
    mu_g = s.beam_switch_intensity_per_m
    half_cap = -0.5 * np.expm1(-mu_g * (s.mu_m - s.mu0_m))
    np.testing.assert_allclose(p[eta < 1e-40], half_cap, rtol=1e-12)
    for sigma in (1e17, 1e20, 1e60):  # q e^{mu_g mu0} -> half the cap as sigma -> inf
        got = misalignment_probability_q(sigma, mu_g, s.mu0_m, s.mu_m) * np.exp(mu_g * s.mu0_m)
        assert abs(got - half_cap) < 1e-12


@pytest.mark.slow
def test_average_misalignment_vs_sensing_simulation():
    from ofdmisac.network import simulate_sensing_coverage

    s = BeamManagementScenario.mmwave(n_beams=128)
    scir = simulate_sensing_coverage(s, [1.0], 20_000, rng=5).scir
    pv = sensing_misalignment_probability(s, np.maximum(scir, 1e-300))
    p_bar = average_sensing_misalignment_probability(s)
    assert abs(p_bar - pv.mean()) < 4 * pv.std() / np.sqrt(pv.size)


def _mc_misalignment(s, eta, n, rng):
    """Simulate the decision rule of [BM] Appendix B from its definition."""
    model = PaperErrorModel(prs_bandwidth_hz=s.prs_bandwidth_hz,
                            prs_duration_s=s.prs_duration_s, fc_hz=s.fc_hz)
    d_b = rng.exponential(1.0 / s.beam_switch_intensity_per_m, n)
    v_hat = s.speed_mps + model.sigma_v(eta) * rng.standard_normal(n)
    d_hat = d_b + model.sigma_d(eta, s.n_beams) * rng.standard_normal(n)
    no_timeout = d_b > s.mu0_m
    mis = no_timeout & (d_b < s.mu_m) & (d_hat > v_hat * s.ssb_period_s)
    return mis.sum() / no_timeout.sum(), no_timeout.sum()


class _NanModel:
    def sigma_v(self, eta):
        return np.full(np.shape(eta), np.nan)

    def sigma_d(self, eta, n_beams):
        return np.ones(np.shape(eta))


@pytest.mark.parametrize(("preset", "n_beams", "eta"), [
    ("mmwave", 256, 1e-3), ("mmwave", 64, 1.0), ("thz", 512, 1e-5), ("thz", 128, 30.0)])
def test_sensing_misalignment_vs_simulation(preset, n_beams, eta):
    s = getattr(BeamManagementScenario, preset)(n_beams=n_beams)
    rng = np.random.default_rng(7)
    p_mc, n = _mc_misalignment(s, eta, 400_000, rng)
    p = float(sensing_misalignment_probability(s, eta))
    se = np.sqrt(max(p * (1 - p), 1e-12) / n)
    assert abs(p - p_mc) < 4 * se + 1e-12


def test_timeout_and_conventional_closed_forms():
    s = BeamManagementScenario.mmwave(n_beams=128)
    mu_g = 128 * np.sqrt(1e-4) / np.pi
    assert timeout_probability(s) == pytest.approx(1 - np.exp(-mu_g * 25.0 * 3e-3), rel=1e-12)
    assert conventional_misalignment_probability(s) == pytest.approx(
        1 - np.exp(-mu_g * 25.0 * 20e-3), rel=1e-12)
    # p_v^s never exceeds the conventional misalignment given no timeout ((29) min)
    cap = 1 - np.exp(-mu_g * (s.mu_m - s.mu0_m))
    p = sensing_misalignment_probability(s, np.logspace(-12, 6, 50))
    assert np.all((p >= 0) & (p <= cap + 1e-15)) and np.all(np.diff(p) <= 1e-15)
    assert p[0] == pytest.approx(cap * 0.5, rel=0.05)  # sigma -> inf: X is a fair coin
    assert float(sensing_misalignment_probability(s.replace(speed_mps=0.0), 1.0)) == 0.0


def test_sigma_and_vectorization():
    s = BeamManagementScenario.thz()
    eta = np.array([[0.1], [10.0]])
    sig = sensing_sigma_m(s, eta)
    m = PaperErrorModel(prs_bandwidth_hz=240e6, prs_duration_s=1e-3, fc_hz=100e9)
    ref = np.sqrt((0.02 * m.sigma_v(eta)) ** 2 + m.sigma_d(eta, 256) ** 2)
    np.testing.assert_allclose(sig, ref, rtol=1e-13)
    assert sensing_misalignment_probability(s, eta).shape == (2, 1)


def test_bad_input():
    s = BeamManagementScenario.mmwave()
    with pytest.raises(ValueError, match="scir=.* is not allowed; use finite numbers > 0"):
        sensing_misalignment_probability(s, 0.0)
    with pytest.raises(ValueError, match="scir=.* is not allowed; use finite numbers > 0"):
        sensing_misalignment_probability(s, np.nan)
    with pytest.raises(ValueError, match="error_model _NanModel.sigma_v returned nan"):
        sensing_misalignment_probability(s, 1.0, error_model=_NanModel())


def _measured(fc_hz, bandwidth_hz, duration_s, **fields):
    from ofdmisac.estimators import ErrorModelWaveform, MeasuredErrorModel

    return MeasuredErrorModel(scir_db=(-10.0, 0.0, 10.0), rmse_range_m=(3.0, 1.0, 0.3),
                              rmse_velocity_mps=(3.0, 1.0, 0.3),
                              waveform=None if fc_hz is None else ErrorModelWaveform(
                                  fc_hz=fc_hz, bandwidth_hz=bandwidth_hz,
                                  duration_s=duration_s, **fields))


def test_error_model_measured_on_another_waveform_is_refused_unless_rescaled():
    import warnings

    from ofdmisac.network import communication_coverage, effective_ase

    s = BeamManagementScenario.mmwave()  # 30 GHz, 240 MHz, 5 ms
    same = _measured(s.fc_hz, s.prs_bandwidth_hz * 1.002, s.prs_duration_s)  # 1/2 RB off
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert 0 < float(sensing_misalignment_probability(s, 1.0, error_model=same)) < 1
    other = _measured(28e9, 69.12e6, 28 * 8.93e-6)  # the old sensing stage's waveform
    msg = (r"error_model='MeasuredErrorModel\(...\)' is not allowed; it was measured on another "
           r"waveform than the scenario assumes: fc_hz 2.8e\+10 \(the scenario: 3e\+10\), "
           r"bandwidth_hz 6.912e\+07 \(the scenario: 2.4e\+08\), duration_s 0.00025004 "
           r"\(the scenario: 0.005\); .*rescaled\(fc_hz=3e\+10, bandwidth_hz=2.4e\+08, "
           r"duration_s=0.005, law='resolution'\)")
    with pytest.raises(ValueError, match=msg):
        sensing_sigma_m(s, 1.0, error_model=other)
    with pytest.raises(ValueError, match=msg):  # every network model goes through it
        communication_coverage(s, 1.0, "isac", sensing_scir=1.0, error_model=other)
    with pytest.raises(ValueError, match=msg):
        effective_ase(s, "isac", sensing_scir=1.0, error_model=other, n_beams=[16])
    with pytest.raises(ValueError, match=msg):
        average_sensing_misalignment_probability(s, other)
    fixed = other.rescaled(fc_hz=s.fc_hz, bandwidth_hz=s.prs_bandwidth_hz,
                           duration_s=s.prs_duration_s)
    np.testing.assert_allclose(sensing_sigma_m(s, 1.0, error_model=fixed),
                               np.hypot(s.ssb_period_s * fixed.sigma_v(1.0),
                                        fixed.sigma_d(1.0, s.n_beams)))
    # unknown waveform (an old file, a typed-in table): used, with a warning
    with pytest.warns(UserWarning, match="records no waveform"):
        sensing_sigma_m(s, 1.0, error_model=_measured(None, None, None))
    # the analytic model is a formula of its parameters: used as given, silently
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sensing_sigma_m(s, 1.0, error_model=PaperErrorModel(prs_bandwidth_hz=1e6,
                                                           prs_duration_s=1.0, fc_hz=1e9))
