"""Tests of ofdmisac/estimators/radar/_range_doppler.py: the map and its precomputed factor."""

import numpy as np
import pytest

from ofdmisac import _fft
from ofdmisac.estimators import (
    get_window,
    range_doppler_factor,
    range_doppler_map,
    window_gains,
)
from ofdmisac.estimators.radar import _range_doppler
from ofdmisac.estimators.radar._range_doppler_reference import range_doppler_power_reference
from ofdmisac.units import SPEED_OF_LIGHT_MPS as C
from ofdmisac.waveforms import SensingGrid

SCS, TSYM, FC = 120e3, 8.92e-6, 28e9


K, L = 64, 32


def _sg(mask, *, fc_hz=FC, scs_hz=SCS, symbol_duration_s=TSYM, **processing):
    """Sensing grid of the test numerology on a pilot mask (or every RE of a grid shape)."""
    mask = np.ones(mask, bool) if isinstance(mask, tuple) else mask
    return SensingGrid(pilot_mask=mask, fc_hz=fc_hz, scs_hz=scs_hz,
                       symbol_duration_s=symbol_duration_s, **processing)


def _echo(r_m, v_mps, tx, amp=1.0):
    k = np.arange(tx.shape[-2])[:, None]
    t = np.arange(tx.shape[-1])[None, :] * TSYM
    return amp * tx * np.exp(-2j * np.pi * k * SCS * 2 * r_m / C) * np.exp(
        2j * np.pi * 2 * v_mps * FC / C * t)


def _qpsk(rng, shape):
    return (rng.choice([-1, 1], shape) + 1j * rng.choice([-1, 1], shape)) / np.sqrt(2)


def _peak(m):
    i = np.unravel_index(np.argmax(m.power), m.power.shape)
    return m.range_m[i[0]], m.velocity_mps[i[1]], m.power[i]


def test_on_grid_target_peak_and_scaling():
    rng = np.random.default_rng(1)
    tx = _qpsk(rng, (K, L))
    dr = C / (2 * SCS * K)
    dv = C / (2 * FC * TSYM * L)
    rx = _echo(10 * dr, -5 * dv, tx, amp=0.5)
    for method in ("divide", "conjugate"):
        m = range_doppler_map(rx, tx, _sg(tx.shape[-2:]), method=method)
        r, v, p = _peak(m)
        assert r == pytest.approx(10 * dr)
        assert v == pytest.approx(-5 * dv)
        assert p == pytest.approx(0.25, rel=1e-5)
        assert m.range_bin_m == pytest.approx(dr)


def test_batched_matches_single():
    rng = np.random.default_rng(2)
    tx = _qpsk(rng, (3, K, L)).astype(np.complex64)
    rx = (_echo(30.0, 12.0, tx) + 0.1 * _qpsk(rng, (3, K, L))).astype(np.complex64)
    sg = _sg((K, L), window_range="hann", n_range=128, n_doppler=64)
    mb = range_doppler_map(rx, tx, sg)
    m1 = range_doppler_map(rx[1], tx[1], sg)
    assert mb.power.shape == (3, 128, 64)
    np.testing.assert_allclose(mb.power[1], m1.power, rtol=1e-4, atol=1e-7)


def test_aliasing_lands_where_eq14_predicts():
    rng = np.random.default_rng(3)
    tx = _qpsk(rng, (K, L))
    sg = _sg((K, L))
    r_max, v_span = sg.unambiguous_range_m, sg.unambiguous_velocity_mps
    dr, dv = r_max / K, v_span / L
    r_true, v_true = r_max + 7 * dr, v_span / 2 + 3 * dv
    m = range_doppler_map(_echo(r_true, v_true, tx), tx, sg)
    r, v, _ = _peak(m)
    assert r == pytest.approx(r_true - r_max)
    assert v == pytest.approx(v_true - v_span)


def test_comb_ghosts_spaced_by_comb_unambiguous_range():
    rng = np.random.default_rng(4)
    comb = 4
    mask = np.zeros((K, L), bool)
    mask[::comb, :] = True
    tx = np.where(mask, _qpsk(rng, (K, L)), 0)
    dr = C / (2 * SCS * K)
    sg = _sg(mask)
    m = range_doppler_map(_echo(5 * dr, 0.0, tx), tx, sg)
    zero_v = np.argmin(np.abs(m.velocity_mps))
    col = m.power[:, zero_v]
    peaks = np.sort(np.argsort(col)[-comb:])
    np.testing.assert_array_equal(peaks, 5 + np.arange(comb) * K // comb)
    # the map is normalised by the pilot gain: every replica has the full target power
    np.testing.assert_allclose(col[peaks], 1.0, rtol=1e-6)
    assert sg.subcarrier_step == comb and sg.symbol_step == 1
    assert sg.unambiguous_range_m == pytest.approx(K // comb * dr)
    assert sg.range_resolution_m == pytest.approx(dr)


def test_map_bad_inputs():
    tx = np.ones((K, L), complex)
    sg = _sg((K, L))
    with pytest.raises(ValueError, match=r"rx_grid=.* is not allowed; use a grid of shape"):
        range_doppler_map(np.ones((K, L + 1)), tx, sg)
    with pytest.raises(ValueError, match="no pilot REs"):
        range_doppler_map(tx, np.zeros_like(tx), sg)
    with pytest.raises(ValueError, match="method='fft' is not allowed"):
        range_doppler_map(tx, tx, sg, method="fft")


def test_map_reports_window_processing_loss():
    rng = np.random.default_rng(9)
    tx = _qpsk(rng, (K, L))
    assert range_doppler_map(tx, tx, _sg((K, L))).processing_loss_db == 0.0
    m = range_doppler_map(tx, tx, _sg((K, L), window_range="hann", window_doppler="chebyshev"))
    expect = (window_gains(get_window("hann", K))["processing_loss_db"]
              + window_gains(get_window("chebyshev", L))["processing_loss_db"])
    assert m.processing_loss_db == pytest.approx(expect)
    # a target still peaks at its full power: the loss is in the noise floor
    r, v, p = _peak(range_doppler_map(_echo(0.0, 0.0, tx), tx, _sg((K, L), window_range="hann")))
    assert p == pytest.approx(1.0, rel=1e-6)



KW = dict(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6)


def _kw_grid(mask, **processing):
    """Sensing grid of the numerology KW on a pilot mask (or every RE of a grid shape)."""
    mask = np.ones(mask, bool) if isinstance(mask, tuple) else mask
    return SensingGrid(pilot_mask=mask, **KW, **processing)


def _child_map(tx):
    return np.ascontiguousarray(range_doppler_map(tx, tx, _kw_grid((32, 16))).power)


@pytest.mark.parametrize("method", ["divide", "conjugate"])
@pytest.mark.parametrize("windows, pad, n_d", [(("rect", "rect"), 1, 16), (("hann", "chebyshev"),
                                                                          3, 37)])
@pytest.mark.parametrize("comb", [1, 4])
def test_fast_map_equals_numpy_reference(method, windows, pad, n_d, comb):
    rng = np.random.default_rng(1)
    k, ll = 24, 14
    mask = np.zeros((k, ll), bool)
    for j in range(ll):
        mask[j % comb::comb, j] = True
    tx = (rng.standard_normal((3, k, ll)) + 1j * rng.standard_normal((3, k, ll))) * mask
    rx = rng.standard_normal((3, k, ll)) + 1j * rng.standard_normal((3, k, ll))
    sg = _kw_grid(mask, window_range=windows[0], window_doppler=windows[1], n_range=pad * k,
             n_doppler=n_d)
    m = range_doppler_map(rx, tx, sg, method=method)
    ref = range_doppler_power_reference(rx, tx, method=method, window_range=windows[0],
                                        window_doppler=windows[1], n_range=pad * k,
                                        n_doppler=n_d, pilot_mask=mask)
    np.testing.assert_allclose(m.power, ref, rtol=1e-9, atol=1e-12 * ref.max())
    # complex64 in, float32 out, same values to single precision
    m32 = range_doppler_map(rx.astype(np.complex64), tx.astype(np.complex64), sg,
                            method=method)
    assert m32.power.dtype == np.float32
    np.testing.assert_allclose(m32.power, ref, rtol=2e-3, atol=2e-5 * ref.max())


def test_precomputed_factor_and_explicit_mask():
    rng = np.random.default_rng(2)
    k, ll = 32, 16
    tx = np.exp(2j * np.pi * rng.random((k, ll))).astype(np.complex64)
    mask = rng.random((k, ll)) < 0.3
    rx = (rng.standard_normal((5, k, ll)) + 1j * rng.standard_normal((5, k, ll))).astype(
        np.complex64)
    sg = _kw_grid(mask, window_range="hann", n_range=64, n_doppler=32)
    fac = range_doppler_factor(tx, sg)
    a = range_doppler_map(rx, fac, sg)
    b = range_doppler_map(rx, tx, sg)
    np.testing.assert_allclose(a.power, b.power, rtol=1e-5, atol=1e-7 * b.power.max())
    ref = range_doppler_power_reference(rx, tx, window_range="hann", n_range=64, n_doppler=32,
                                        pilot_mask=mask)
    np.testing.assert_allclose(a.power, ref, rtol=2e-3, atol=2e-5 * ref.max())
    assert a.processing_loss_db == pytest.approx(fac.processing_loss_db)


def test_row_blocks_equal_a_single_block(monkeypatch):
    rng = np.random.default_rng(3)
    tx = np.exp(2j * np.pi * rng.random((2, 64, 48))).astype(np.complex64)
    rx = (tx * rng.standard_normal((2, 64, 48))).astype(np.complex64)
    monkeypatch.setattr(_range_doppler, "_BLOCK_CELLS", 1 << 40)
    sg = _kw_grid((64, 48), n_range=128)
    one = range_doppler_map(rx, tx, sg).power.copy()
    monkeypatch.setattr(_range_doppler, "_BLOCK_CELLS", 200)  # 1-2 rows per block
    many = range_doppler_map(rx, tx, sg).power
    np.testing.assert_allclose(one, many, rtol=1e-6, atol=1e-7 * one.max())


def test_factor_bad_input():
    sg = _kw_grid((4, 4))
    with pytest.raises(ValueError, match="a grid of the batch has no pilot REs"):
        range_doppler_factor(np.stack([np.ones((4, 4)), np.zeros((4, 4))]), sg)
    with pytest.raises(ValueError, match=r"tx_grid=.* is not allowed; use a grid of shape"):
        range_doppler_factor(np.ones(4), sg)
    with pytest.raises(ValueError, match=r"rx_grid=.* is not allowed; use a grid of shape"):
        range_doppler_map(np.ones((5, 4)), range_doppler_factor(np.ones((4, 4)), sg), sg)
    with pytest.raises(ValueError, match="use a factor made by range_doppler_factor on the same"):
        range_doppler_map(np.ones((4, 4)), range_doppler_factor(np.ones((4, 4)), sg),
                          sg.replace(n_range=8))
    with pytest.raises(TypeError, match="sensing=.* is not allowed; use a SensingGrid"):
        range_doppler_map(np.ones((4, 4)), np.ones((4, 4)), None)
    with pytest.raises(ValueError, match="dtype=float64 is not allowed"):
        _fft.workspace((4, 4), np.float64)


def test_map_in_a_forked_child_after_threaded_plans_in_the_parent(monkeypatch):
    # FFTW worker threads do not survive fork: the child plans single-threaded
    import multiprocessing as mp

    rng = np.random.default_rng(4)
    tx = np.exp(2j * np.pi * rng.random((32, 16))).astype(np.complex64)
    monkeypatch.setitem(_fft._state, "threads", 2)
    here = range_doppler_map(tx, tx, _kw_grid((32, 16))).power  # a 2-thread FFTW plan in the parent
    ctx = mp.get_context("fork")
    with ctx.Pool(1) as pool:
        there = pool.apply_async(_child_map, (tx,)).get(timeout=60)
    np.testing.assert_array_equal(here, there)


@pytest.mark.parametrize("tx_batched", [False, True])
def test_chunked_batches_equal_one_chunk(monkeypatch, tx_batched):
    rng = np.random.default_rng(5)
    shape = (5, 16, 12) if tx_batched else (16, 12)
    tx = np.exp(2j * np.pi * rng.random(shape)).astype(np.complex64)
    rx = (rng.standard_normal((5, 16, 12)) + 1j).astype(np.complex64)
    mask = rng.random((16, 12)) < 0.5
    sg = _kw_grid(mask, n_range=32, n_doppler=16)
    whole = range_doppler_map(rx, tx, sg).power.copy()
    whole_f = range_doppler_map(rx, range_doppler_factor(tx, sg), sg).power.copy()
    monkeypatch.setattr(_range_doppler, "_CHUNK_BYTES", 2 * 32 * 16 * 8)  # 3 chunks of 2
    # (FFTW may plan a different algorithm per batch size: equal to rounding)
    np.testing.assert_allclose(range_doppler_map(rx, tx, sg).power, whole, rtol=1e-5,
                               atol=1e-6 * whole.max())
    np.testing.assert_allclose(range_doppler_map(rx, range_doppler_factor(tx, sg), sg).power,
                               whole_f, rtol=1e-5, atol=1e-6 * whole_f.max())


def test_scipy_backend_workspace_gives_the_same_map(monkeypatch):
    rng = np.random.default_rng(6)
    tx = np.exp(2j * np.pi * rng.random((3, 24, 14)))
    rx = tx * (rng.standard_normal((3, 24, 14)) + 1j)
    sg = _kw_grid((24, 14), n_range=48)
    ref = range_doppler_map(rx, tx, sg).power.copy()
    monkeypatch.setitem(_fft._state, "backend", "scipy")
    got = range_doppler_map(rx, tx, sg).power
    np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12 * ref.max())

