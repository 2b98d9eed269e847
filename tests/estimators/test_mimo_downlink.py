"""Downlink of [CC] section 4: MRT SINR (20)/(21), angle CRLB (19)/(22)/(23), ML, Psi/Omega."""

import numpy as np
import pytest

from ofdmisac.channel import steering_vector
from ofdmisac.estimators import (
    MimoUplink,
    angle_crlb,
    angle_crlb_expected,
    angle_crlb_large_n,
    angle_fisher_information,
    angle_ml_estimate,
    communication_enhancement_ratio,
    downlink_transmit_matrix,
    expected_transmit_covariance,
    mrt_precoders,
    mrt_sinr_chain,
    mrt_sinr_large_n,
    mrt_sinr_lemma1,
    sensing_interference_ratio,
    simulate_downlink_sinr,
)

N = 16
USER_ANGLES = np.array([-0.6, 0.1, 0.7])
UL_TARGET_ANGLES = np.array([0.3, -0.2, -0.9])
THETA = 0.3


def _link(n=N, **kw):
    base = dict(
        n_antennas=n,
        pilot_length=16,
        user_gain=[1e-7, 5e-8, 2e-7],
        target_gain=[1e-8, 3e-8, 8e-9],
        rician_factor=[0.5, 1.0, 2.0],
        target_power_w=0.1,
    )
    base.update(kw)
    return MimoUplink(**base)


SINR_KW = dict(comm_power_fraction=0.5, downlink_power_w=1e-6)


@pytest.mark.slow
@pytest.mark.parametrize("model", ["white", "chain"])
def test_sinr_closed_form_matches_symbol_simulation(model):
    link = _link()
    los = steering_vector(USER_ANGLES, N)
    if model == "white":
        analytic = mrt_sinr_lemma1(link, los, THETA, **SINR_KW)
    else:
        analytic = mrt_sinr_chain(link, los, THETA, UL_TARGET_ANGLES, **SINR_KW)
    sim = simulate_downlink_sinr(
        link,
        user_angle_rad=USER_ANGLES,
        uplink_target_angle_rad=UL_TARGET_ANGLES,
        target_angle_rad=THETA,
        n_trials=8000,
        n_symbols=8,
        estimate_model=model,
        rng=7,
        **SINR_KW,
    )
    z = (sim.sinr - analytic) / sim.sinr_se
    assert np.all(np.abs(z) < 4), z


def test_chain_and_lemma1_differ_by_echo_terms_only():
    los = steering_vector(USER_ANGLES, N)
    weak_echo = _link(target_power_w=1e-9)
    np.testing.assert_allclose(
        mrt_sinr_chain(weak_echo, los, THETA, UL_TARGET_ANGLES, **SINR_KW),
        mrt_sinr_lemma1(weak_echo, los, THETA, **SINR_KW),
        rtol=1e-6,
    )


def test_large_n_sinr_is_the_limit_of_lemma1():
    gaps = []
    for n in (16, 64, 512):
        link = _link(n=n)
        los = steering_vector(USER_ANGLES, n)
        exact = mrt_sinr_lemma1(link, los, THETA, **SINR_KW)
        gaps.append(np.max(np.abs(mrt_sinr_large_n(link, **SINR_KW) / exact - 1)))
    assert gaps[2] < gaps[0] and gaps[2] < 5e-3, gaps


@pytest.mark.parametrize("derivative", ["analytic", "finite-difference"])
def test_crlb_matches_numerical_fisher_information(derivative):
    rng = np.random.default_rng(3)
    x = rng.standard_normal((4, N, 6)) + 1j * rng.standard_normal((4, N, 6))
    theta = np.array([-1.0, -0.2, 0.4, 1.2])
    varpi = np.array([0.3 - 0.2j, 1.0, 0.05j, 2.0 + 1.0j])
    fim = angle_fisher_information(x, theta, varpi, noise_power_w=1e-2, derivative=derivative)
    crlb = angle_crlb(x, theta, target_gain=np.abs(varpi) ** 2, noise_power_w=1e-2)
    np.testing.assert_allclose(np.linalg.inv(fim)[..., 0, 0], crlb, rtol=1e-6)


@pytest.mark.slow
@pytest.mark.parametrize("rho", [0.2, 0.5, 0.8])
def test_expected_transmit_covariance_matches_simulated_blocks(rho):
    """Traces of (C2), (C4), (C5) on E[X X^H] vs Monte Carlo means of X X^H (4 SE)."""
    link = _link()
    los = steering_vector(USER_ANGLES, N)
    rng = np.random.default_rng(int(rho * 10))
    n_trials, t_d = 4000, 8
    m = np.sqrt(link.mu * link.rician_factor)[:, None] * los
    z = rng.standard_normal((n_trials, 3, N)) + 1j * rng.standard_normal((n_trials, 3, N))
    h_hat = m + np.sqrt(link.phi / 2)[:, None] * z  # CN(m, phi I) as in [CC] below (3)
    w_u, w_t = mrt_precoders(link, h_hat, los, THETA)
    qpsk = np.exp(1j * np.pi / 2 * rng.integers(0, 4, (n_trials, 4, t_d)))
    x = downlink_transmit_matrix(w_u, w_t, qpsk[:, :3], qpsk[:, 3], comm_power_fraction=rho,
                                 power_w=1.0)
    r_mc = x @ np.swapaxes(x.conj(), -1, -2) / t_d
    r_an = expected_transmit_covariance(link, los, THETA, comm_power_fraction=rho)
    a = steering_vector(THETA, N)
    for vec in (a, np.arange(N) * a):  # a^H R a and a_c-like quadratic forms
        q_mc = np.real(np.einsum("i,tij,j->t", vec.conj(), r_mc, vec))
        q_an = np.real(vec.conj() @ r_an @ vec)
        z = (q_mc.mean() - q_an) / (q_mc.std(ddof=1) / np.sqrt(n_trials))
        assert abs(z) < 4, z
    # and the CRLB of the expected covariance (22) is what (19) gives on it
    c_exp = angle_crlb_expected(
        link, los, THETA, comm_power_fraction=rho, downlink_power_w=1.0, n_symbols=t_d,
        target_gain=1e-3
    )
    c_19 = angle_crlb(
        np.linalg.cholesky(t_d * r_an + 1e-30 * np.eye(N)),
        THETA,
        target_gain=1e-3,
        noise_power_w=link.noise_power_w,
    )
    np.testing.assert_allclose(c_exp, c_19, rtol=1e-6)


def test_large_n_crlb_and_omega():
    """(22) -> (23) / (1 + sum_k 1/Omega_k) for large N (distinct angles), and -> (23)."""
    gaps = []
    for n in (32, 128, 512):
        link = _link(n=n)
        los = steering_vector(USER_ANGLES, n)
        kw = dict(comm_power_fraction=0.5, downlink_power_w=1.0, n_symbols=16, target_gain=1e-6)
        c22 = angle_crlb_expected(link, los, THETA, **kw)
        c23 = angle_crlb_large_n(
            n_antennas=n, theta_rad=THETA, noise_power_w=link.noise_power_w, **kw
        )
        omega = communication_enhancement_ratio(link, comm_power_fraction=0.5)
        gaps.append(abs(c22 * (1 + np.sum(1 / omega)) / c23 - 1))
    assert gaps[-1] < gaps[0] and gaps[-1] < 0.02, gaps


def test_psi_omega_closed_forms():
    link = _link(noise_power_w=1e-9)
    rho = 0.3
    p_u, p_t, t_u, n = 1.0, 0.1, link.pilot_length, link.n_antennas
    mu, beta_t, kap = link.mu, link.target_gain, link.rician_factor
    psi = rho / (1 - rho) * n * (kap + p_u * mu / (p_u * mu + p_t * n * beta_t + 1e-9 / t_u))
    np.testing.assert_allclose(sensing_interference_ratio(link, comm_power_fraction=rho), psi,
                               rtol=1e-12)
    omega = (
        (1 - rho) * n / (2 * rho) * (kap + 1 + kap * (p_t * n * beta_t + 1e-9 / t_u) / (p_u * mu))
    )
    np.testing.assert_allclose(communication_enhancement_ratio(link, comm_power_fraction=rho),
                               omega, rtol=1e-12)
    # Remark 3 / Corollary 2 bounds: without the echo 1/Psi -> (1-rho)/(rho N (1+kappa))
    clean = _link(target_power_w=0.0, noise_power_w=1e-300)
    np.testing.assert_allclose(
        1 / sensing_interference_ratio(clean, comm_power_fraction=rho),
        (1 - rho) / (rho * n * (1 + kap)),
        rtol=1e-9,
    )
    np.testing.assert_allclose(
        1 / communication_enhancement_ratio(clean, comm_power_fraction=rho),
        2 * rho / ((1 - rho) * n * (1 + kap)),
        rtol=1e-9,
    )


@pytest.mark.slow
def test_ml_mse_approaches_crlb_at_high_snr():
    rng = np.random.default_rng(9)
    n, t_d, trials = 8, 8, 1500
    x = rng.standard_normal((n, t_d)) + 1j * rng.standard_normal((n, t_d))
    varpi = 0.5 + 0.5j
    a = steering_vector(THETA, n)
    clean = varpi * np.outer(a, a.conj()) @ x
    ratios = []
    for n0 in (3.0, 1e-2):
        noise = rng.standard_normal((trials, n, t_d)) + 1j * rng.standard_normal((trials, n, t_d))
        y = clean + noise * np.sqrt(n0 / 2)
        est = angle_ml_estimate(y, np.broadcast_to(x, y.shape))
        err2 = (est - THETA) ** 2
        crlb = angle_crlb(x, THETA, target_gain=abs(varpi) ** 2, noise_power_w=n0)
        ratios.append((err2.mean() / crlb, err2.std(ddof=1) / np.sqrt(trials) / crlb))
    (low_ratio, _), (high_ratio, high_se) = ratios
    assert abs(high_ratio - 1) < 4 * high_se, ratios  # efficient at high SNR
    assert low_ratio > 1.0  # the bound is not reached at low SNR (outliers)


def test_bad_downlink_input():
    link = _link()
    los = steering_vector(USER_ANGLES, N)
    with pytest.raises(ValueError, match="comm_power_fraction=1.5"):
        mrt_sinr_lemma1(link, los, THETA, comm_power_fraction=1.5, downlink_power_w=1.0)
    with pytest.raises(ValueError, match="comm_power_fraction=-0.1"):
        mrt_sinr_large_n(link, comm_power_fraction=-0.1, downlink_power_w=1.0)
    with pytest.raises(ValueError, match="comm_power_fraction=1.0 is not allowed; use finite"):
        sensing_interference_ratio(link, comm_power_fraction=1.0)
    with pytest.raises(ValueError, match="downlink_power_w"):
        mrt_sinr_large_n(link, comm_power_fraction=0.5, downlink_power_w=0.0)
    with pytest.raises(ValueError, match="derivative='x'"):
        angle_fisher_information(np.ones((4, 2)), 0.0, 1.0, noise_power_w=1.0, derivative="x")
    with pytest.raises(ValueError, match="estimate_model='x'"):
        simulate_downlink_sinr(
            link,
            user_angle_rad=USER_ANGLES,
            uplink_target_angle_rad=UL_TARGET_ANGLES,
            target_angle_rad=THETA,
            comm_power_fraction=0.5,
            downlink_power_w=1.0,
            n_trials=2,
            estimate_model="x",
        )
    with pytest.raises(ValueError, match="n_antennas=1"):
        angle_crlb_large_n(
            n_antennas=1,
            theta_rad=0.0,
            comm_power_fraction=0.5,
            downlink_power_w=1.0,
            n_symbols=1,
            target_gain=1.0,
            noise_power_w=1.0,
        )
