"""Time-domain echo synthesis on the CP-OFDM waveform vs the frequency-domain model."""

import numpy as np
import pytest

from ofdmisac.channel import (
    Target,
    delay_doppler,
    ici_power,
    synthesize_echo,
    synthesize_echo_time,
    useful_symbol_centres_s,
)
from ofdmisac.waveforms import Carrier, SensingGrid

FC = 28e9
CARRIER = Carrier(scs_khz=120, n_rb=66)  # n_fft 1024, CP 72 samples (136 for symbol 0)


def _sg(x, **changes):
    """Sensing grid of CARRIER at FC for the symbols of grid ``x``."""
    g = SensingGrid.from_carrier(CARRIER, fc_hz=FC, n_symbols=np.shape(x)[-1])
    return g.replace(**changes) if changes else g


def _centres(x):
    """The sensing grid of ``x`` with the Doppler phase at the DFT-window centres."""
    return _sg(x, symbol_times_s=useful_symbol_centres_s(_sg(x)))


def _grid(rng, n_batch=(), n_sym=28):
    return np.exp(2j * np.pi * rng.random((*n_batch, CARRIER.n_subcarriers, n_sym)))


def _velocity_for(eps):
    return eps * CARRIER.scs_hz * 3e8 / (2 * FC)


@pytest.mark.parametrize("range_m", [0.5, 3.0, 13.37, 42.1])
def test_zero_doppler_fractional_delay_within_cp_matches_frequency_domain(range_m):
    rng = np.random.default_rng(1)
    x = _grid(rng, (2,))
    tgt = [Target(range_m=range_m, velocity_mps=0.0, rcs_m2=2.0, swerling=1)]
    assert delay_doppler(tgt[0], FC)[0] * CARRIER.sample_rate_hz < 72  # within the CP
    y_td = synthesize_echo_time(x, _sg(x), tgt, dtype=np.complex128, rng=7)
    y_fd = synthesize_echo(x, _sg(x), tgt, dtype=np.complex128, rng=7)
    assert np.max(np.abs(y_td - y_fd)) < 1e-12 * np.max(np.abs(y_fd))
    # complex64 default: single-precision agreement
    y32 = synthesize_echo_time(x.astype(np.complex64), _sg(x.astype(np.complex64)), tgt, rng=7)
    assert y32.dtype == np.complex64
    assert np.max(np.abs(y32 - y_fd)) < 1e-5 * np.max(np.abs(y_fd))


def test_small_doppler_matches_frequency_domain_at_symbol_centres():
    # eps = 1e-3: ICI power (pi eps)^2 / 3 = 3.3e-6, the frequency-domain model holds
    rng = np.random.default_rng(2)
    x = _grid(rng)
    tgt = [Target(range_m=20.0, velocity_mps=_velocity_for(1e-3), swerling=0),
           Target(range_m=31.0, velocity_mps=-_velocity_for(2e-3), rcs_m2=0.5, swerling=0)]
    kw = dict(amplitude="unit", dtype=np.complex128, rng=3)
    y_td = synthesize_echo_time(x, _sg(x), tgt, **kw)
    y_fd = synthesize_echo(x, _centres(x), tgt, **kw)
    rel = np.mean(np.abs(y_td - y_fd) ** 2) / np.mean(np.abs(y_fd) ** 2)
    assert rel < 2e-5
    # the default (symbol-start) times differ by the phase f_D (N_CP + (N - 1) / 2) / f_s
    one = [Target(range_m=20.0, velocity_mps=_velocity_for(0.01), swerling=0)]
    y_start = synthesize_echo(x, _sg(x), one, **kw)
    y_one = synthesize_echo_time(x, _sg(x), one, **kw)
    phase = np.angle(np.sum(y_one * np.conj(y_start), axis=0))
    t_start = np.concatenate([CARRIER.symbol_start_times_s(s) for s in (0, 1)])
    expected = 2 * np.pi * delay_doppler(one[0], FC)[1] * (
        useful_symbol_centres_s(_sg(x)) - t_start)
    # ICI (power (pi 0.01)^2 / 3 per RE) averaged over 792 REs: phase noise ~ 6e-4 rad
    np.testing.assert_allclose(phase, expected, atol=3e-3)
    assert expected.min() > 0.03


@pytest.mark.slow
@pytest.mark.parametrize("eps", [0.01, 0.05, 0.2, 0.5])
def test_ici_error_power_matches_dirichlet_prediction(eps):
    rng = np.random.default_rng(int(eps * 1000))
    x = _grid(rng, (4,))
    tgt = [Target(range_m=7.0, velocity_mps=_velocity_for(eps), swerling=0)]
    kw = dict(amplitude="unit", random_phase=False, dtype=np.complex128)
    y_td = synthesize_echo_time(x, _sg(x), tgt, **kw)
    y_fd = synthesize_echo(x, _centres(x), tgt, **kw)
    ici, kept = ici_power(eps, CARRIER.n_fft, CARRIER.n_subcarriers)
    err = np.abs(y_td - np.sqrt(kept) * y_fd) ** 2  # [4, n_sc, 28]
    per_symbol = err.mean(axis=-2).ravel()  # independent symbols: the MC samples
    mean = per_symbol.mean()
    se = per_symbol.std(ddof=1) / np.sqrt(per_symbol.size)
    assert abs(mean - ici) < 4 * se
    if eps <= 0.05:  # small-eps full-band approximation, edge deficit ~ 6 ln(K) / (pi^2 K)
        assert abs(ici / ((np.pi * eps) ** 2 / 3) - 1) < 0.02


def test_ici_power_limits_and_bad_input():
    ici, kept = ici_power([0.0, 1e-3], 256)
    np.testing.assert_allclose(kept, [1.0, np.sinc(1e-3) ** 2], rtol=1e-6)
    np.testing.assert_allclose(ici, [0.0, (np.pi * 1e-3) ** 2 / 3], rtol=1e-3, atol=1e-15)
    with pytest.raises(ValueError, match=r"n_subcarriers=300 is not allowed; use an integer in 1"):
        ici_power(0.1, 256, 300)


def _isi_prediction(d, n_fft, n_sc):
    """Exact mean per-RE error of a window with d samples from the previous symbol."""
    m = np.arange(n_sc)
    q = m[None, :] - m[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        fejer = np.where(q == 0, float(d) ** 2, np.sin(np.pi * d * q / n_fft) ** 2
                         / np.sin(np.pi * q / n_fft) ** 2)
    return 2.0 / n_fft**2 * fejer.sum(axis=1).mean()


@pytest.mark.slow
@pytest.mark.parametrize("d", [0, 4, 16])
def test_delay_beyond_cp_gives_the_predicted_isi(d):
    rng = np.random.default_rng(10 + d)
    x = _grid(rng, (3,))
    fs = CARRIER.sample_rate_hz
    tau = (72 + d - 0.5) / fs  # d samples of the window come from the previous symbol
    tgt = [Target(range_m=tau * 299792458.0 / 2, velocity_mps=0.0, swerling=0)]
    kw = dict(amplitude="unit", random_phase=False, dtype=np.complex128)
    y_td = synthesize_echo_time(x, _sg(x), tgt, **kw)
    y_fd = synthesize_echo(x, _sg(x), tgt, **kw)
    err = np.abs(y_td - y_fd)[..., 1:] ** 2  # symbol 0 has a longer CP and no predecessor
    per_symbol = err.mean(axis=-2).ravel()
    if d == 0:
        assert per_symbol.max() < 1e-20
        return
    pred = _isi_prediction(d, CARRIER.n_fft, CARRIER.n_subcarriers)
    se = per_symbol.std(ddof=1) / np.sqrt(per_symbol.size)
    assert abs(per_symbol.mean() - pred) < 4 * se


def test_time_domain_batch_waveform_and_no_targets():
    rng = np.random.default_rng(4)
    x = _grid(rng, (2,), n_sym=14).astype(np.complex64)
    tgt = [Target(range_m=5.0, velocity_mps=3.0, swerling=2)]
    y, wave = synthesize_echo_time(x, _sg(x), tgt, return_waveform=True, rng=1)
    assert y.shape == x.shape and wave.shape == (2, CARRIER.samples_per_slot(0))
    y1 = synthesize_echo_time(x[1], _sg(x[1]), tgt, fluctuate=False, random_phase=False)
    yb = synthesize_echo_time(x, _sg(x), tgt, fluctuate=False, random_phase=False)
    np.testing.assert_allclose(yb[1], y1, atol=1e-6 * np.abs(y1).max())
    assert not np.any(synthesize_echo_time(x, _sg(x), []))


def test_time_domain_bad_input():
    with pytest.raises(ValueError, match="range_m=0.0 has an infinite echo power"):
        x14 = np.ones((CARRIER.n_subcarriers, 14))
        synthesize_echo(x14, _sg(x14), [Target(range_m=0.0, velocity_mps=0.0)])
    x = np.ones((CARRIER.n_subcarriers, 10))
    tgt = [Target(range_m=5.0, velocity_mps=0.0)]
    with pytest.raises(ValueError, match="sensing.n_symbols=10 is not allowed; use a multiple"):
        synthesize_echo_time(x, _sg(x), tgt)
    with pytest.raises(ValueError, match="sensing.n_symbols=3 is not allowed"):
        useful_symbol_centres_s(_sg(np.ones((CARRIER.n_subcarriers, 3))))
    with pytest.raises(ValueError, match="use a grid on a carrier"):
        useful_symbol_centres_s(SensingGrid(fc_hz=FC, scs_hz=120e3, symbol_duration_s=1e-5,
                                            pilot_mask=np.ones((4, 14), bool)))
    x = np.ones((CARRIER.n_subcarriers, 14))
    with pytest.raises(ValueError, match="dtype=float64 is not allowed; choose complex64 or "
                                         "complex128"):
        synthesize_echo_time(x, _sg(x), tgt, dtype=np.float64)
    with pytest.raises(ValueError, match="tx_grid=.* is not allowed; use a grid of shape"):
        synthesize_echo_time(x[:5], _sg(x), tgt)
    with pytest.raises(TypeError, match="targets=1.0 is not allowed"):
        synthesize_echo_time(x, _sg(x), [1.0])
    with pytest.raises(ValueError, match=r"symbol_times_s=.* is not allowed; use 14 finite"):
        _sg(x, symbol_times_s=np.zeros(3))
