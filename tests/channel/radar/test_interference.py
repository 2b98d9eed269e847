"""Tests of ofdmisac/channel/radar/_interference.py: path loss and interference synthesis."""

import numpy as np
import pytest

from ofdmisac.channel import (
    mean_interference_power,
    one_way_path_loss,
    synthesize_interference,
)
from ofdmisac.waveforms import Carrier, SensingGrid

FC = 28e9


CARRIER = Carrier(scs_khz=120, n_rb=4)  # 48 subcarriers


SENSING = SensingGrid.from_carrier(CARRIER, fc_hz=FC, n_symbols=14)


def _grids(rng, n_i, batch=()):
    return np.exp(2j * np.pi * rng.random((n_i, *batch, CARRIER.n_subcarriers, 14)))


def test_one_way_path_loss_is_eq1():
    lam = 299792458.0 / FC
    np.testing.assert_allclose(one_way_path_loss(100.0, FC, 2.0),
                               (lam / (4 * np.pi)) ** 2 / 100.0**2)
    np.testing.assert_allclose(one_way_path_loss([10.0, 20.0], FC, 4.0)[1]
                               / one_way_path_loss(10.0, FC, 4.0), 1 / 16)


@pytest.mark.slow
@pytest.mark.parametrize("n_beams, rho, alpha", [(2, None, 2.0), (4, 10.0, 2.5),
                                                 (8, None, 3.0)])
def test_mean_interference_power_and_mainlobe_probability(n_beams, rho, alpha):
    rng = np.random.default_rng(n_beams)
    dist = np.array([80.0, 150.0, 400.0])
    n_trials = 5000
    x = np.exp(2j * np.pi * rng.random((3, 1, CARRIER.n_subcarriers, 14)))
    x = np.broadcast_to(x, (3, n_trials, CARRIER.n_subcarriers, 14))
    y, draws = synthesize_interference(x, SENSING, dist, n_beams=n_beams,
                                       mainlobe_to_sidelobe_ratio=rho,
                                       path_loss_exponent=alpha, tx_power=2.0,
                                       delay_range_s=(0.0, 1e-7), return_draws=True,
                                       dtype=np.complex128, rng=rng)
    per_trial = np.mean(np.abs(y) ** 2, axis=(-2, -1))
    analytic = mean_interference_power(dist, FC, n_beams=n_beams, mainlobe_to_sidelobe_ratio=rho,
                                       path_loss_exponent=alpha, tx_power=2.0)
    se = per_trial.std(ddof=1) / np.sqrt(n_trials)
    assert abs(per_trial.mean() - analytic) < 4 * se
    p_ml = draws.mainlobe.mean()
    q = 1 / n_beams**2
    assert abs(p_ml - q) < 4 * np.sqrt(q * (1 - q) / draws.mainlobe.size)
    rho_eff = n_beams**2 if rho is None else rho
    np.testing.assert_allclose(np.unique(draws.gain), sorted({1.0, 1.0 / rho_eff}))
    h = np.abs(draws.fading) ** 2  # Exp(1): mean 1, variance 1
    assert abs(h.mean() - 1) < 4 / np.sqrt(h.size)
    assert draws.delay_s.min() >= 0 and draws.delay_s.max() <= 1e-7


def test_interference_delay_is_a_phase_ramp_and_sums_interferers():
    rng = np.random.default_rng(3)
    x = _grids(rng, 2)
    y, d = synthesize_interference(x, SENSING, [50.0, 70.0], n_beams=1,
                                   delay_range_s=(2e-8, 5e-8), return_draws=True,
                                   dtype=np.complex128, rng=4)
    f_k = CARRIER.subcarrier_frequencies_hz()
    amp = np.sqrt(one_way_path_loss(np.array([50.0, 70.0]), FC)) * d.fading
    expect = sum(amp[i] * x[i] * np.exp(-2j * np.pi * f_k * d.delay_s[i])[:, None]
                 for i in range(2))
    np.testing.assert_allclose(y, expect, rtol=1e-12)
    assert np.all(d.mainlobe)  # n_B = 1: always mainlobe


def test_interference_bad_input():
    x = np.ones((2, CARRIER.n_subcarriers, 14))
    with pytest.raises(ValueError, match="distances_m has shape"):
        synthesize_interference(x, SENSING, [1.0], n_beams=4)
    with pytest.raises(ValueError, match=r"distances_m=\[1.0, -2.0\] is not allowed; use finite"):
        synthesize_interference(x, SENSING, [1.0, -2.0], n_beams=4)
    with pytest.raises(ValueError, match="n_beams=0 is not allowed"):
        synthesize_interference(x, SENSING, [1.0, 2.0], n_beams=0)
    with pytest.raises(ValueError, match="mainlobe_to_sidelobe_ratio=0.5 is not allowed"):
        synthesize_interference(x, SENSING, [1.0, 2.0], n_beams=4,
                                mainlobe_to_sidelobe_ratio=0.5)
    with pytest.raises(TypeError, match="sensing=.* is not allowed; use a SensingGrid"):
        synthesize_interference(x, CARRIER, [1.0, 2.0], n_beams=4)
    with pytest.raises(ValueError, match=r"delay_range_s=\(2.0, 1.0\) is not allowed"):
        synthesize_interference(x, SENSING, [1.0, 2.0], n_beams=4, delay_range_s=(2.0, 1.0))
    with pytest.raises(ValueError, match="interferer_grids=.* is not allowed; use grids of shape"):
        synthesize_interference(x[:, :5], SENSING, [1.0, 2.0], n_beams=4)
    with pytest.raises(ValueError, match="path_loss_exponent has shape"):
        synthesize_interference(x, SENSING, [1.0, 2.0], n_beams=4,
                                path_loss_exponent=[2.0, 2.0, 2.0])

