"""Tests of ofdmisac/estimators/radar/_peak_refinement.py: Newton steps to the periodogram peak."""

import numpy as np
import pytest

from ofdmisac.estimators import newton_refine
from ofdmisac.units import SPEED_OF_LIGHT_MPS as C
from ofdmisac.waveforms import SensingGrid

SENSING = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
                      pilot_mask=np.ones((32, 16), bool))


def _channel(tau_s, fd_hz):
    k = np.arange(32)[:, None] * SENSING.scs_hz
    t = SENSING.symbol_times_s[None, :]
    return np.exp(-2j * np.pi * k * tau_s) * np.exp(2j * np.pi * fd_hz * t)


def test_noise_free_newton_converges_to_the_true_delay_and_doppler():
    tau = np.array([1.37e-7, 4.1e-7])
    fd = np.array([812.0, -2301.0])
    h = np.stack([_channel(a, b) for a, b in zip(tau, fd, strict=True)])
    # start a tenth of a resolution cell away, as after a 4x zero-padded periodogram peak
    # with parabolic interpolation (the joint Hessian is negative definite there)
    d_tau = 1 / (10 * SENSING.bandwidth_hz)
    d_f = 1 / (10 * SENSING.observation_time_s)
    t_hat, f_hat = newton_refine(h, SENSING, tau + d_tau, fd - d_f)
    np.testing.assert_allclose(t_hat, tau, rtol=0, atol=1e-6 / SENSING.bandwidth_hz)
    np.testing.assert_allclose(f_hat, fd, rtol=0, atol=1e-6 / SENSING.observation_time_s)
    r, v = SENSING.delay_doppler(t_hat * C / 2, f_hat * C / (2 * SENSING.fc_hz))
    np.testing.assert_allclose(r, t_hat, rtol=1e-12)


def test_zero_iterations_returns_the_start_and_bad_input():
    h = _channel(1e-7, 0.0)[None]
    t, f = newton_refine(h, SENSING, [2e-7], [10.0], n_iter=0)
    assert t[0] == 2e-7 and f[0] == 10.0
    with pytest.raises(ValueError, match=r"h=.* is not allowed; use an array of shape"):
        newton_refine(h[0], SENSING, [2e-7], [10.0])
    with pytest.raises(ValueError, match="n_iter=-1 is not allowed"):
        newton_refine(h, SENSING, [2e-7], [10.0], n_iter=-1)
    with pytest.raises(TypeError, match="sensing=None is not allowed; use a SensingGrid"):
        newton_refine(h, None, [2e-7], [10.0])
