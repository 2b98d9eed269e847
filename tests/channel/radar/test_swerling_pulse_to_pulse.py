"""Swerling II/IV fluctuate pulse to pulse (per OFDM symbol): the textbook model, and the
dtype rules of the echo synthesizers (complex results stay complex)."""

import numpy as np
import pytest

from ofdmisac.channel import Target, steering_vector, synthesize_echo
from ofdmisac.waveforms import SensingGrid

M = 16  # symbols per interval
T = 4000  # Monte Carlo trials (batch)


def _grid(n_sym=M):
    return SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
                       pilot_mask=np.ones((2, n_sym), bool))


def _amplitudes(swerling, rng=1):
    g = _grid()
    t = Target(range_m=0.0, velocity_mps=0.0, rcs_m2=2.0, swerling=swerling)
    y = synthesize_echo(np.ones((T, *g.shape)), g, [t], amplitude="unit", rng=rng,
                        dtype=np.complex128)
    return y[:, 0, :]  # [T, M]: the per-symbol complex amplitudes


@pytest.mark.parametrize("swerling", [2, 4])
def test_coherent_power_fraction_is_one_over_m(swerling):
    a = _amplitudes(swerling)
    coherent = np.abs(a.sum(axis=1)) ** 2 / M**2  # per trial, mean rcs_m2 / M
    se = coherent.std(ddof=1) / np.sqrt(T)
    assert abs(coherent.mean() - 2.0 / M) < 4 * se
    # mean power per symbol stays rcs_m2
    power = np.abs(a) ** 2
    assert abs(power.mean() - 2.0) < 4 * power.std(ddof=1) / np.sqrt(power.size)


def test_swerling_ii_amplitude_is_complex_gaussian_per_symbol():
    a = _amplitudes(2, rng=3)
    # independent across symbols: sample correlation of neighbouring symbols ~ 0
    c = np.mean(a[:, 1:] * np.conj(a[:, :-1])) / np.mean(np.abs(a) ** 2)
    assert abs(c) < 4 / np.sqrt(T * (M - 1))
    # circular: E[a^2] = 0
    assert abs(np.mean(a**2)) / 2.0 < 4 / np.sqrt(T * M)


@pytest.mark.parametrize("swerling", [0, 1, 3])
def test_scan_to_scan_cases_stay_coherent(swerling):
    a = _amplitudes(swerling)
    np.testing.assert_allclose(np.abs(a.sum(axis=1)) ** 2,
                               M * np.sum(np.abs(a) ** 2, axis=1), rtol=1e-9)


def test_echo_dtype_none_keeps_the_input_precision_and_stays_complex():
    g = _grid(8)
    t = [Target(range_m=30.0, velocity_mps=3.0, swerling=0)]
    x64 = (np.ones(g.shape) * (1 + 1j)).astype(np.complex64)
    y = synthesize_echo(x64, g, t, amplitude="unit", dtype=None, rng=0)
    assert y.dtype == np.complex64 and np.any(y.imag != 0)
    y = synthesize_echo(np.ones(g.shape), g, t, amplitude="unit", dtype=None, rng=0)
    assert y.dtype == np.complex128


@pytest.mark.parametrize("dtype, name", [(np.float64, "float64"), (np.int32, "int32")])
def test_echo_real_dtype_is_refused(dtype, name):
    g = _grid(8)
    with pytest.raises(ValueError, match=rf"^dtype={name} is not allowed; choose complex64 "
                                         "or complex128$"):
        synthesize_echo(np.ones(g.shape), g, [], dtype=dtype)


def test_steering_vector_integer_dtype_is_refused():
    with pytest.raises(ValueError, match=r"^dtype=int32 is not allowed; choose complex64 or "
                                         "complex128$"):
        steering_vector(0.3, 4, dtype=np.int32)
