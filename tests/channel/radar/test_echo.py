"""Tests of ofdmisac/channel/radar/_echo.py: frequency-domain echo synthesis."""

import numpy as np
import pytest

from ofdmisac.channel import (
    Target,
    round_trip_path_loss,
    synthesize_echo,
)
from ofdmisac.units import SPEED_OF_LIGHT_MPS
from ofdmisac.waveforms import Carrier, SensingGrid


def _qpsk(rng, shape):
    return ((rng.choice([-1, 1], shape) + 1j * rng.choice([-1, 1], shape)) / np.sqrt(2))


def test_echo_single_target_phase_and_amplitude():
    car = Carrier(scs_khz=120, n_rb=4)
    rng = np.random.default_rng(1)
    x = _qpsk(rng, (car.n_subcarriers, 28))
    fc = 28e9
    t = Target(range_m=30.0, velocity_mps=15.0, rcs_m2=4.0, swerling=0)
    g = SensingGrid.from_carrier(car, fc_hz=fc, n_symbols=28)
    y = synthesize_echo(x, g, [t], amplitude="unit", random_phase=False, rng=0,
                        dtype=np.complex128)
    h = y / x
    tau = 2 * 30.0 / SPEED_OF_LIGHT_MPS
    fd = 2 * 15.0 * fc / SPEED_OF_LIGHT_MPS
    expected = 2.0 * np.exp(-2j * np.pi * car.subcarrier_frequencies_hz()[:, None] * tau) * \
        np.exp(2j * np.pi * fd * g.symbol_times_s[None])
    np.testing.assert_allclose(h, expected, rtol=1e-10)
    # path loss amplitude: radar equation with unit gains
    y2 = synthesize_echo(x, g, [t], random_phase=False, rng=0, dtype=np.complex128)
    lam = SPEED_OF_LIGHT_MPS / fc
    pw = 4.0 * lam**2 / ((4 * np.pi) ** 3 * 30.0**4)
    np.testing.assert_allclose(np.abs(y2 / x) ** 2, pw, rtol=1e-10)
    assert np.isclose(round_trip_path_loss(30.0, fc), lam**2 / ((4 * np.pi) ** 3 * 30.0**4))


def test_echo_batch_components_and_superposition():
    car = Carrier(scs_khz=120, n_rb=2)
    rng = np.random.default_rng(2)
    x = _qpsk(rng, (3, car.n_subcarriers, 14)).astype(np.complex64)
    ts = [Target(range_m=20.0, velocity_mps=5.0), Target(range_m=1e6, velocity_mps=-900.0)]
    g = SensingGrid.from_carrier(car, fc_hz=28e9, n_symbols=14)
    y, comps = synthesize_echo(x, g, ts, return_components=True, rng=3)
    assert y.shape == x.shape and y.dtype == np.complex64
    assert comps.shape == (2, *x.shape)
    np.testing.assert_allclose(y, comps.sum(axis=0), rtol=1e-5, atol=1e-12)
    assert np.all(np.isfinite(y))


def test_echo_bad_input():
    car = Carrier(scs_khz=120, n_rb=2)
    g = SensingGrid.from_carrier(car, fc_hz=28e9, n_symbols=14)
    x = np.ones((car.n_subcarriers + 1, 14), complex)
    with pytest.raises(ValueError, match=r"tx_grid=.* is not allowed; use a grid of shape"):
        synthesize_echo(x, g, [])
    with pytest.raises(ValueError, match=r"fc_hz=-1.0 is not allowed; use a finite number > 0"):
        SensingGrid.from_carrier(car, fc_hz=-1.0)
    with pytest.raises(TypeError, match="targets=1.0 is not allowed; use a sequence of Target"):
        synthesize_echo(np.ones((car.n_subcarriers, 14)), g, [1.0])
    with pytest.raises(TypeError, match="sensing=.* is not allowed; use a SensingGrid"):
        synthesize_echo(np.ones((car.n_subcarriers, 14)), car, [])
    with pytest.raises(ValueError, match="amplitude='dB' is not allowed; choose one of"):
        synthesize_echo(np.ones((car.n_subcarriers, 14)), g, [], amplitude="dB")

