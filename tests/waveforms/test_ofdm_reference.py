"""Tests of ``ofdmisac.waveforms._ofdm_reference``: the tuned kernels equal the reference."""

# Tolerances: the reference is float64 throughout. A complex128 tuned result differs only by
# the rounding of a different FFT algorithm (~eps64 log2(n_fft) ~ 1e-15 relative to the peak
# sample), so 1e-10 relative to the peak leaves a wide margin. A complex64 result is computed
# in float32 (input quantised identically: the reference gets the same complex64 values), so
# its error is ~eps32 log2(n_fft) ~ 6e-8 x 10 relative to the peak: 1e-5 relative to the peak.

import numpy as np
import pytest

from ofdmisac.waveforms import Carrier, ofdm_demodulate, ofdm_modulate
from ofdmisac.waveforms._ofdm_reference import ofdm_demodulate_reference, ofdm_modulate_reference

TOL = {np.complex64: 1e-5, np.complex128: 1e-10}

# (scs kHz, n_rb, cyclic prefix, first slot, n_slots): the long CP of every 0.5 ms falls on
# symbols 0 and 7 at 15 kHz, on symbol 0 of every slot at 30 kHz and of every 4th slot at
# 120 kHz; the odd / late first slots make the grids cross a half-subframe boundary
CASES = [
    (15, 6, "normal", 0, 1),
    (30, 6, "normal", 0, 2),
    (30, 11, "normal", 1, 3),
    (60, 6, "extended", 3, 2),
    (120, 6, "normal", 3, 2),
    (120, 8, "normal", 7, 3),
    (120, 6, "normal", 5, 1),
]


def _random(rng, shape, dtype):
    return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dtype)


def _assert_close(tuned, ref, dtype):
    assert tuned.shape == ref.shape
    err = np.abs(tuned.astype(np.complex128) - ref).max()
    assert err <= TOL[dtype] * np.abs(ref).max(), err / np.abs(ref).max()


def test_reference_is_the_spec_formula():
    """The reference itself: one subcarrier is a sampled complex exponential with its CP."""
    c = Carrier(scs_khz=30, n_rb=6)
    grid = np.zeros((c.n_subcarriers, 2 * c.symbols_per_slot))
    k, l = 5, 14  # symbol 0 of slot 2 (long CP)
    grid[k, l] = 1.0
    x = ofdm_modulate_reference(grid, c, slot=1)
    lengths = np.concatenate([c.symbol_lengths(1), c.symbol_lengths(2)])
    start, cp = int(lengths[:l].sum()), int(c.cp_lengths(2)[0])
    assert cp > c.cp_lengths(1)[1]
    n = np.arange(-cp, c.n_fft)
    tone = np.exp(2j * np.pi * (k - c.n_subcarriers // 2) * n / c.n_fft) / np.sqrt(c.n_fft)
    np.testing.assert_allclose(x[start:start + cp + c.n_fft], tone, atol=1e-14)
    assert np.abs(np.delete(x, np.arange(start, start + cp + c.n_fft))).max() < 1e-14
    assert x.size == lengths.sum()
    np.testing.assert_allclose(ofdm_demodulate_reference(x, c, slot=1), grid, atol=1e-14)


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize(("scs", "n_rb", "cp", "slot", "n_slots"), CASES)
def test_modulate_matches_reference(dtype, scs, n_rb, cp, slot, n_slots):
    c = Carrier(scs_khz=scs, n_rb=n_rb, cyclic_prefix=cp)
    rng = np.random.default_rng(scs + slot)
    grid = _random(rng, (c.n_subcarriers, n_slots * c.symbols_per_slot), dtype)
    tuned = ofdm_modulate(grid, c, slot=slot)
    assert tuned.dtype == dtype
    _assert_close(tuned, ofdm_modulate_reference(grid, c, slot=slot), dtype)


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize(("scs", "n_rb", "cp", "slot", "n_slots"), CASES)
def test_demodulate_matches_reference(dtype, scs, n_rb, cp, slot, n_slots):
    c = Carrier(scs_khz=scs, n_rb=n_rb, cyclic_prefix=cp)
    rng = np.random.default_rng(100 + scs + slot)
    n_samples = sum(c.samples_per_slot(slot + s) for s in range(n_slots))
    wave = _random(rng, (n_samples,), dtype)  # any waveform, not only a modulated one
    tuned = ofdm_demodulate(wave, c, slot=slot)
    assert tuned.dtype == dtype
    _assert_close(tuned, ofdm_demodulate_reference(wave, c, slot=slot), dtype)


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
@pytest.mark.parametrize("use_out", [False, True])
def test_batched_and_out(dtype, use_out):
    """Leading batch dims (2, 3), and the tuned ``out=`` path, for both directions."""
    c = Carrier(scs_khz=120, n_rb=6)
    slot, n_slots = 3, 2  # slot 4 starts a half-subframe: long CP inside the grid
    rng = np.random.default_rng(7)
    grid = _random(rng, (2, 3, c.n_subcarriers, n_slots * c.symbols_per_slot), dtype)
    ref_x = ofdm_modulate_reference(grid, c, slot=slot)
    out = np.full(ref_x.shape, np.nan, dtype=dtype) if use_out else None
    x = ofdm_modulate(grid, c, slot=slot, out=out)
    if use_out:
        assert x is out
    _assert_close(x, ref_x, dtype)
    np.testing.assert_allclose(ofdm_modulate_reference(grid[1, 2], c, slot=slot), ref_x[1, 2])

    wave = _random(rng, ref_x.shape, dtype)
    ref_y = ofdm_demodulate_reference(wave, c, slot=slot)
    out = np.full(ref_y.shape, np.nan, dtype=dtype) if use_out else None
    y = ofdm_demodulate(wave, c, slot=slot, out=out)
    if use_out:
        assert y is out
    _assert_close(y, ref_y, dtype)


def test_dtype_promotion_and_real_input():
    """float64 grids -> complex128; complex64 grid with dtype=complex128 computed in double."""
    c = Carrier(scs_khz=30, n_rb=6)
    rng = np.random.default_rng(8)
    real = rng.standard_normal((c.n_subcarriers, 2 * c.symbols_per_slot))
    x = ofdm_modulate(real, c, slot=1)
    assert x.dtype == np.complex128
    _assert_close(x, ofdm_modulate_reference(real, c, slot=1), np.complex128)
    g64 = _random(rng, real.shape, np.complex64)
    x = ofdm_modulate(g64, c, slot=1, dtype=np.complex128)
    assert x.dtype == np.complex128
    _assert_close(x, ofdm_modulate_reference(g64, c, slot=1), np.complex128)


def test_reference_rejects_partial_slots():
    c = Carrier(scs_khz=30, n_rb=6)
    with pytest.raises(ValueError):
        ofdm_modulate_reference(np.zeros((c.n_subcarriers, 13)), c)
    with pytest.raises(ValueError):
        ofdm_demodulate_reference(np.zeros(c.samples_per_slot(0) + 1), c)


def test_batch_larger_than_one_chunk():
    """600 complex128 grids of 72 x 28 at n_fft 128 need two ~32 MB scratch chunks."""
    c = Carrier(scs_khz=120, n_rb=6)
    rng = np.random.default_rng(9)
    grid = _random(rng, (600, c.n_subcarriers, 2 * c.symbols_per_slot), np.complex128)
    ref_x = ofdm_modulate_reference(grid, c, slot=3)
    _assert_close(ofdm_modulate(grid, c, slot=3), ref_x, np.complex128)
    _assert_close(ofdm_demodulate(ref_x, c, slot=3), ofdm_demodulate_reference(ref_x, c, slot=3),
                  np.complex128)
