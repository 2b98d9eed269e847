"""Tests of ``ofdmisac.estimators.mimo._angle_crlb``: angle CRLB (19), (22), (23); ML estimate."""

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
)

N = 16
USER_ANGLES = np.array([-0.6, 0.1, 0.7])
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
