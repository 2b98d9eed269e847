"""The tuned range-Doppler kernel (cache blocking, fused factor, phase ramps, reversed view)
equals the plain periodogram of ``ofdmisac/estimators/radar/_range_doppler_reference.py``.

Tolerances, relative to the peak of the map: the reference is float64. complex128 input:
the tuned map differs by the rounding of the factor and of a different 2-D FFT, ~eps64 x
log2(n_range n_doppler) ~ 1e-15 in amplitude, so 1e-10 of the peak power leaves a wide
margin. complex64 input (the reference is fed the same complex64 values): factor, transform
and square law run in float32, ~eps32 (6e-8) x a few x log2(n_range n_doppler) in amplitude,
doubled by the square law: 1e-5 of the peak power.
"""

import numpy as np
import pytest

from ofdmisac.estimators import WINDOW_NAMES, range_doppler_factor, range_doppler_map
from ofdmisac.estimators.radar._range_doppler_reference import (
    range_doppler_axes_reference,
    range_doppler_power_reference,
)
from ofdmisac.units import SPEED_OF_LIGHT_MPS
from ofdmisac.waveforms import SensingGrid

FC_HZ, SCS_HZ, T_SYM_S = 28e9, 120e3, 8.92e-6
TOL = {np.complex64: 1e-5, np.complex128: 1e-10}
N_SC, N_SYM = 48, 28


def _sensing(pilot_mask=None, **processing):
    """The sensing grid of the options (every RE a pilot without ``pilot_mask``)."""
    mask = np.ones((N_SC, N_SYM), bool) if pilot_mask is None else pilot_mask
    return SensingGrid(fc_hz=FC_HZ, scs_hz=SCS_HZ, symbol_duration_s=T_SYM_S, pilot_mask=mask,
                       **processing)


def _tuned_power(rx, tx, *, method="divide", sensing=None, **options):
    """``range_doppler_map(...).power`` (the one call site of the tuned kernel)."""
    sensing = _sensing(**options) if sensing is None else sensing
    return range_doppler_map(rx, tx, sensing, method=method).power


def _pilots(rng, shape, dtype):
    """Unit-modulus random pilots (QPSK-like phases, no division by tiny symbols)."""
    return np.exp(2j * np.pi * rng.random(shape)).astype(dtype)


def _echo(rng, tx, dtype, n_batch=()):
    """Two point targets on the grid plus noise: Y = sum a X e^{-j2pi k tau_n} e^{j2pi l nu}."""
    k = np.arange(tx.shape[-2])[:, None]
    l = np.arange(tx.shape[-1])[None, :]
    ch = (1.0 * np.exp(-2j * np.pi * k * 0.13 + 2j * np.pi * l * 0.21)
          + 0.3 * np.exp(-2j * np.pi * k * 0.61 - 2j * np.pi * l * 0.37))
    shape = n_batch + tx.shape[-2:]
    noise = 0.1 * (rng.standard_normal(shape) + 1j * rng.standard_normal(shape))
    return (tx * ch + noise).astype(dtype)


def _comb(comb):
    """Staggered comb-``comb`` pilot mask, ``[N_SC, N_SYM]``."""
    mask = np.zeros((N_SC, N_SYM), bool)
    for j in range(N_SYM):
        mask[j % comb::comb, j] = True
    return mask


def _assert_close(tuned, ref, dtype):
    assert tuned.shape == ref.shape
    assert tuned.dtype == (np.float32 if dtype == np.complex64 else np.float64)
    err = np.abs(tuned.astype(float) - ref).max()
    assert err <= TOL[dtype] * ref.max(), err / ref.max()


def test_reference_peaks_at_target():
    """The reference itself: an on-grid target of amplitude a peaks at |a|^2 in its bin."""
    n_r, n_d = 96, 32
    k, l = np.arange(N_SC)[:, None], np.arange(N_SYM)[None, :]
    rng = np.random.default_rng(0)
    tx = _pilots(rng, (N_SC, N_SYM), np.complex128)
    range_bin, doppler_bin, a = 17, 5, 0.7 - 0.2j  # velocity bin m - n_d//2 = 5
    rx = a * tx * np.exp(2j * np.pi * (-k * range_bin / n_r + l * doppler_bin / n_d))
    for method in ("divide", "conjugate"):
        p = range_doppler_power_reference(rx, tx, method=method, n_range=n_r, n_doppler=n_d)
        assert np.unravel_index(np.argmax(p), p.shape) == (range_bin, doppler_bin + n_d // 2)
        assert p.max() == pytest.approx(abs(a) ** 2, rel=1e-12)
    r_m, v_mps = range_doppler_axes_reference(n_r, n_d, scs_hz=SCS_HZ, fc_hz=FC_HZ,
                                              symbol_duration_s=T_SYM_S)
    tau = 2 * r_m[range_bin] / SPEED_OF_LIGHT_MPS
    assert tau * SCS_HZ == pytest.approx(range_bin / n_r)
    f_d = 2 * v_mps[doppler_bin + n_d // 2] * FC_HZ / SPEED_OF_LIGHT_MPS
    assert f_d * T_SYM_S == pytest.approx(doppler_bin / n_d)


OTHER_WINDOW = "blackmanharris"
assert OTHER_WINDOW in WINDOW_NAMES


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("method", ["divide", "conjugate"])
@pytest.mark.parametrize(("windows", "n_range", "n_doppler"), [
    (("rect", "rect"), None, None),
    (("hann", "rect"), 2 * N_SC, None),
    (("rect", "hann"), None, 45),  # odd Doppler length: fftshift by 22
    (("hann", OTHER_WINDOW), 3 * N_SC, 64),
    (("chebyshev", "hamming"), N_SC + 5, N_SYM + 1),
])
def test_map_matches_reference(dtype, method, windows, n_range, n_doppler):
    rng = np.random.default_rng(1)
    tx = _pilots(rng, (N_SC, N_SYM), dtype)
    if method == "conjugate":  # non-constant modulus: |X|^2 enters the gain
        tx = (tx * (0.5 + rng.random(tx.shape))).astype(dtype)
    rx = _echo(rng, tx, dtype)
    opts = dict(method=method, window_range=windows[0], window_doppler=windows[1],
                n_range=n_range, n_doppler=n_doppler)
    _assert_close(_tuned_power(rx, tx, **opts), range_doppler_power_reference(rx, tx, **opts),
                  dtype)


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("method", ["divide", "conjugate"])
@pytest.mark.parametrize("explicit_mask", [False, True])
def test_comb_pilots(dtype, method, explicit_mask):
    """Comb-4 pilots: zero tx off the comb (default mask), or data REs excluded by an
    explicit ``pilot_mask`` (the tx grid is non-zero everywhere)."""
    rng = np.random.default_rng(2)
    mask = _comb(4)
    tx = _pilots(rng, (N_SC, N_SYM), dtype)
    if not explicit_mask:
        tx = tx * mask
    rx = _echo(rng, tx if explicit_mask else _pilots(rng, tx.shape, dtype), dtype)
    opts = dict(method=method, window_range="hann", n_range=2 * N_SC, n_doppler=32,
                pilot_mask=mask if explicit_mask else None)
    ref = range_doppler_power_reference(rx, tx, **opts)
    _assert_close(_tuned_power(rx, tx, **opts), ref, dtype)
    if explicit_mask:  # the data REs must not matter
        data = ~mask
        rx2 = np.where(data, _pilots(rng, rx.shape, dtype), rx)
        tx2 = np.where(data, _pilots(rng, tx.shape, dtype), tx)
        np.testing.assert_allclose(range_doppler_power_reference(rx2, tx2, **opts), ref,
                                   rtol=1e-12, atol=1e-14 * ref.max())


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize(("rx_batch", "tx_batch"), [
    ((5,), ()),  # many received grids, one transmitted grid
    ((2, 3), (3,)),  # tx broadcast along the first batch axis
    ((2, 1), (1, 3)),  # both broadcast
])
def test_batched_broadcasting(dtype, rx_batch, tx_batch):
    rng = np.random.default_rng(3)
    mask = _comb(2)
    tx = _pilots(rng, tx_batch + (N_SC, N_SYM), dtype) * mask
    rx = _echo(rng, tx.reshape((-1, N_SC, N_SYM))[0], dtype, n_batch=rx_batch)
    opts = dict(method="divide", window_range="hann", window_doppler="hamming",
                n_range=64, n_doppler=32)
    ref = range_doppler_power_reference(rx, tx, **opts)
    assert ref.shape == np.broadcast_shapes(rx.shape[:-2], tx_batch) + (64, 32)
    _assert_close(_tuned_power(rx, tx, **opts), ref, dtype)


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("method", ["divide", "conjugate"])
def test_precomputed_factor(dtype, method):
    """``range_doppler_factor(tx, ...)`` passed as ``tx_grid`` for a batch of received grids."""
    rng = np.random.default_rng(4)
    mask = _comb(3)
    tx = (_pilots(rng, (N_SC, N_SYM), dtype) * (0.5 + rng.random((N_SC, N_SYM)))).astype(dtype)
    rx = _echo(rng, tx, dtype, n_batch=(4,))
    opts = dict(method=method, window_range=OTHER_WINDOW, window_doppler="hann",
                n_range=2 * N_SC, n_doppler=40, pilot_mask=mask)
    sensing = _sensing(**{k: v for k, v in opts.items() if k != "method"})
    factor = range_doppler_factor(tx, sensing, method=method)
    _assert_close(_tuned_power(rx, factor, sensing=sensing),
                  range_doppler_power_reference(rx, tx, **opts), dtype)


def test_axes_match_reference():
    m = range_doppler_map(np.ones((N_SC, N_SYM)), np.ones((N_SC, N_SYM)),
                          _sensing(n_range=100, n_doppler=33))
    r_m, v_mps = range_doppler_axes_reference(100, 33, scs_hz=SCS_HZ, fc_hz=FC_HZ,
                                              symbol_duration_s=T_SYM_S)
    np.testing.assert_allclose(m.range_m, r_m, rtol=1e-14)
    np.testing.assert_allclose(m.velocity_mps, v_mps, rtol=1e-14)
