"""Tests of ``ofdmisac.channel.mimo._channels``: the Rician / target channels of [CC] section 2."""

import numpy as np
import pytest

from ofdmisac.channel import (
    path_gain,
    rcs_coefficients,
    rician_channels,
    steering_vector,
    target_channel_matrix,
    target_path_gain,
)


def test_path_gains():
    np.testing.assert_allclose(
        path_gain([1.0, 10.0], c0=1e-3, exponent=2.8), [1e-3, 1e-3 * 10**-2.8]
    )
    np.testing.assert_allclose(target_path_gain(10.0, c0=1e-3, exponent=2.8), 1e-3 * 10**-5.6)


def test_rician_moments_monte_carlo():
    """Mean sqrt(mu kappa) h_bar and per-antenna NLoS variance mu, within 4 SE."""
    n_trials, n = 20000, 4
    beta = np.array([1.0, 2.0, 0.5])
    kappa = np.array([0.0, 1.0, 4.0])
    los = steering_vector(np.array([0.1, 0.5, -0.9]), n)
    h = rician_channels(beta, kappa, los, rng=5, dtype=np.complex128)
    assert h.shape == (3, n)
    hh = rician_channels(
        np.broadcast_to(beta, (n_trials, 3)), kappa, los, rng=6
    )  # (n_trials, 3, n)
    mu = beta / (1 + kappa)
    mean = hh.mean(axis=0)
    se_mean = np.sqrt(mu / 2 / n_trials)[:, None]
    m = np.sqrt(mu * kappa)[:, None] * los
    assert np.all(np.abs(mean.real - m.real) < 4 * se_mean)
    assert np.all(np.abs(mean.imag - m.imag) < 4 * se_mean)
    dev2 = np.abs(hh - m) ** 2  # Exp(mu): std = mu
    z = (dev2.mean(axis=0) - mu[:, None]) / (mu[:, None] / np.sqrt(n_trials))
    assert np.all(np.abs(z) < 4)


def test_rcs_is_unit_power():
    z = rcs_coefficients(40000, rng=2)
    p = np.abs(z) ** 2
    assert abs(p.mean() - 1) < 4 / np.sqrt(z.size)


def test_target_channel_is_rank_one_round_trip():
    g = target_channel_matrix(4e-6, 0.5 - 0.2j, 0.3, 8)
    a = steering_vector(0.3, 8)
    np.testing.assert_allclose(g, np.sqrt(4e-6) * (0.5 - 0.2j) * np.outer(a, a.conj()))
    assert np.linalg.matrix_rank(g) == 1


@pytest.mark.parametrize(("call", "exc", "match"), [
    (lambda: path_gain(10.0, c0=np.inf, exponent=2.0), ValueError, r"c0=inf is not allowed"),
    (lambda: path_gain("10", c0=1e-3, exponent=2.0), TypeError, r"distance_m='10' is not"),
    (lambda: target_path_gain(10.0, c0=1e-3, exponent=None), TypeError,
     r"exponent=None is not allowed; use a finite number > 0"),
    (lambda: rician_channels(1.0, np.nan, np.ones(4)), ValueError,
     r"rician_factor=nan is not allowed; use finite numbers >= 0"),
    (lambda: rician_channels(1.0, 1.0, np.ones(4), dtype=np.float32), ValueError,
     r"dtype=float32 is not allowed"),
    (lambda: target_channel_matrix(np.inf, 1.0, 0.3, 4), ValueError,
     r"target_gain=inf is not allowed"),
])
def test_bad_parameters_named(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_bad_channel_parameters():
    with pytest.raises(ValueError, match="rician_factor"):
        rician_channels(1.0, -0.5, np.ones(4))
    with pytest.raises(ValueError, match="large_scale_gain"):
        rician_channels(0.0, 1.0, np.ones(4))
    with pytest.raises(ValueError, match="distance_m"):
        path_gain(0.0, c0=1e-3, exponent=2.0)
    with pytest.raises(ValueError, match="exponent"):
        target_path_gain(1.0, c0=1e-3, exponent=-2.0)
