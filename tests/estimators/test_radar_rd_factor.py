"""The fast range-Doppler path (precomputed factor, workspace, threads, chunks) equals the plain
reference kernel of the periodogram definition."""

import numpy as np
import pytest

from ofdmisac import _fft
from ofdmisac.estimators import range_doppler_factor, range_doppler_map
from ofdmisac.estimators.radar import _range_doppler
from ofdmisac.estimators.radar._range_doppler_reference import range_doppler_power_reference
from ofdmisac.waveforms import SensingGrid

KW = dict(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6)


def _sg(mask, **processing):
    """Sensing grid of the numerology KW on a pilot mask (or every RE of a grid shape)."""
    mask = np.ones(mask, bool) if isinstance(mask, tuple) else mask
    return SensingGrid(pilot_mask=mask, **KW, **processing)


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
    sg = _sg(mask, window_range=windows[0], window_doppler=windows[1], n_range=pad * k,
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
    sg = _sg(mask, window_range="hann", n_range=64, n_doppler=32)
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
    sg = _sg((64, 48), n_range=128)
    one = range_doppler_map(rx, tx, sg).power.copy()
    monkeypatch.setattr(_range_doppler, "_BLOCK_CELLS", 200)  # 1-2 rows per block
    many = range_doppler_map(rx, tx, sg).power
    np.testing.assert_allclose(one, many, rtol=1e-6, atol=1e-7 * one.max())


def test_factor_bad_input():
    sg = _sg((4, 4))
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
    here = range_doppler_map(tx, tx, _sg((32, 16))).power  # a 2-thread FFTW plan in the parent
    ctx = mp.get_context("fork")
    with ctx.Pool(1) as pool:
        there = pool.apply_async(_child_map, (tx,)).get(timeout=60)
    np.testing.assert_array_equal(here, there)


def _child_map(tx):
    return np.ascontiguousarray(range_doppler_map(tx, tx, _sg((32, 16))).power)


@pytest.mark.parametrize("tx_batched", [False, True])
def test_chunked_batches_equal_one_chunk(monkeypatch, tx_batched):
    rng = np.random.default_rng(5)
    shape = (5, 16, 12) if tx_batched else (16, 12)
    tx = np.exp(2j * np.pi * rng.random(shape)).astype(np.complex64)
    rx = (rng.standard_normal((5, 16, 12)) + 1j).astype(np.complex64)
    mask = rng.random((16, 12)) < 0.5
    sg = _sg(mask, n_range=32, n_doppler=16)
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
    sg = _sg((24, 14), n_range=48)
    ref = range_doppler_map(rx, tx, sg).power.copy()
    monkeypatch.setitem(_fft._state, "backend", "scipy")
    got = range_doppler_map(rx, tx, sg).power
    np.testing.assert_allclose(got, ref, rtol=1e-10, atol=1e-12 * ref.max())
