"""Tests of ``ofdmisac.estimators.mimo._mrt``: MRT SINR (20)-(21), Psi and Omega of [CC] sec. 4."""

import numpy as np
import pytest

from ofdmisac.channel import steering_vector
from ofdmisac.estimators import (
    MimoUplink,
    angle_crlb_large_n,
    angle_fisher_information,
    communication_enhancement_ratio,
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
