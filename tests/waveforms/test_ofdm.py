"""Tests of ``ofdmisac.waveforms._ofdm``: CP-OFDM modulation and demodulation."""

import numpy as np
import pytest

from ofdmisac.waveforms import Carrier, ofdm_demodulate, ofdm_modulate


def _random_grid(rng, shape, dtype=np.complex128):
    return (rng.standard_normal(shape) + 1j * rng.standard_normal(shape)).astype(dtype)


@pytest.mark.parametrize(("dtype", "tol"), [(np.complex64, 1e-5), (np.complex128, 1e-12)])
@pytest.mark.parametrize(("scs", "n_rb", "cp", "slot"), [
    (15, 25, "normal", 0), (30, 51, "normal", 3), (60, 24, "extended", 2),
    (240, 132, "normal", 7), (960, 6, "normal", 63)])
def test_round_trip(dtype, tol, scs, n_rb, cp, slot):
    c = Carrier(scs_khz=scs, n_rb=n_rb, cyclic_prefix=cp)
    rng = np.random.default_rng(1)
    grid = _random_grid(rng, (2, c.n_subcarriers, 2 * c.symbols_per_slot), dtype)
    x = ofdm_modulate(grid, c, slot=slot)
    assert x.dtype == dtype
    assert x.shape == (2, c.samples_per_slot(slot) + c.samples_per_slot(slot + 1))
    back = ofdm_demodulate(x, c, slot=slot)
    assert back.dtype == dtype and back.shape == grid.shape
    rel = np.abs(back - grid).max() / np.abs(grid).max()
    assert rel < tol


def test_matches_spec_formula_and_cp():
    """Symbol l of TS 38.211 5.3.1: unitary IDFT over k - n_sc/2, starting at -N_CP."""
    c = Carrier(scs_khz=30, n_rb=11)  # 132 subcarriers, n_fft 256
    rng = np.random.default_rng(2)
    grid = _random_grid(rng, (c.n_subcarriers, 28))
    x = ofdm_modulate(grid, c, slot=1)
    k = np.arange(c.n_subcarriers) - c.n_subcarriers // 2
    cps = np.concatenate([c.cp_lengths(1), c.cp_lengths(2)])
    start = 0
    for l in range(28):
        n = np.arange(-cps[l], c.n_fft)
        ref = np.exp(2j * np.pi * np.outer(n, k) / c.n_fft) @ grid[:, l] / np.sqrt(c.n_fft)
        seg = x[start:start + cps[l] + c.n_fft]
        np.testing.assert_allclose(seg, ref, atol=1e-12)
        np.testing.assert_array_equal(seg[:cps[l]], seg[-cps[l]:])  # cyclic prefix
        start += cps[l] + c.n_fft
    assert start == x.size
    # at 30 kHz slot 1 starts the second 0.5 ms, slot 2 the next subframe: both long CP
    assert cps[0] == cps[14] > cps[1] == cps[13]


def test_unitary_energy_and_dc_row():
    c = Carrier(scs_khz=120, n_rb=20)
    grid = np.zeros((c.n_subcarriers, 14), np.complex64)
    grid[c.n_subcarriers // 2, :] = 1.0  # DC row -> constant samples
    x = ofdm_modulate(grid, c)
    np.testing.assert_allclose(x, 1 / np.sqrt(c.n_fft), rtol=1e-6)
    rng = np.random.default_rng(3)
    g = _random_grid(rng, (c.n_subcarriers, 14))
    x = ofdm_modulate(g, c)
    useful = np.concatenate([x[s + cp: s + cp + c.n_fft] for s, cp in
                             zip(c.symbol_start_samples(0), c.cp_lengths(0), strict=True)])
    assert np.sum(np.abs(useful) ** 2) == pytest.approx(np.sum(np.abs(g) ** 2), rel=1e-12)


def test_noise_variance_per_re_is_preserved():
    """Complex AWGN of variance N0 per sample is variance N0 per RE (docs/conventions.md)."""
    c = Carrier(scs_khz=60, n_rb=20)
    rng = np.random.default_rng(4)
    n_slots, n0 = 20, 0.7
    n = c.samples_per_slot(0) + c.samples_per_slot(1)
    w = np.sqrt(n0 / 2) * (rng.standard_normal((n_slots // 2, n))
                           + 1j * rng.standard_normal((n_slots // 2, n)))
    res = ofdm_demodulate(w, c)
    var = np.mean(np.abs(res) ** 2)
    se = n0 / np.sqrt(res.size)  # |W|^2 ~ Exp(N0): std N0 per RE
    assert abs(var - n0) < 4 * se


def test_batching_matches_loop_and_dtypes():
    c = Carrier(scs_khz=15, n_rb=6)
    rng = np.random.default_rng(5)
    grid = _random_grid(rng, (3, 2, c.n_subcarriers, 14))
    x = ofdm_modulate(grid, c)
    for i in range(3):
        for j in range(2):
            np.testing.assert_allclose(x[i, j], ofdm_modulate(grid[i, j], c), atol=1e-13)
    assert ofdm_modulate(grid.real, c).dtype == np.complex128  # float64 follows
    assert ofdm_modulate(np.ones((72, 14), np.float32), c).dtype == np.complex64
    assert ofdm_modulate(np.ones((72, 14), np.int8), c).dtype == np.complex64
    assert ofdm_modulate(grid, c, dtype=np.complex64).dtype == np.complex64
    y = ofdm_demodulate(x.astype(np.complex64), c)
    assert y.dtype == np.complex64 and y.shape == grid.shape
    assert ofdm_demodulate(x.real.astype(np.float32), c).dtype == np.complex64


def test_bad_input():
    c = Carrier(scs_khz=30, n_rb=10)
    with pytest.raises(ValueError, match=r"grid shape \(120, 13\) is not allowed"):
        ofdm_modulate(np.zeros((120, 13)), c)
    with pytest.raises(ValueError, match=r"grid shape \(121, 14\) is not allowed"):
        ofdm_modulate(np.zeros((121, 14)), c)
    with pytest.raises(ValueError, match=r"grid shape \(120, 0\) is not allowed"):
        ofdm_modulate(np.zeros((120, 0)), c)
    with pytest.raises(ValueError, match=r"grid shape \(120,\) is not allowed"):
        ofdm_modulate(np.zeros(120), c)
    with pytest.raises(ValueError, match=r"dtype=.*float32.* is not allowed; choose complex64"):
        ofdm_modulate(np.zeros((120, 14)), c, dtype=np.float32)
    with pytest.raises(ValueError, match=r"slot=-1 is not allowed"):
        ofdm_modulate(np.zeros((120, 14)), c, slot=-1)
    with pytest.raises(TypeError, match=r"slot=True is not allowed"):
        ofdm_demodulate(np.zeros(c.samples_per_slot(0)), c, slot=True)
    with pytest.raises(TypeError, match="positional"):
        ofdm_modulate(np.zeros((120, 14)), c, 1)  # slot, dtype, out are keyword-only
    with pytest.raises(TypeError, match="positional"):
        ofdm_demodulate(np.zeros(c.samples_per_slot(0)), c, 0)
    with pytest.raises(TypeError, match=r"dtype='abc' is not allowed; choose complex64"):
        ofdm_modulate(np.zeros((120, 14)), c, dtype="abc")
    with pytest.raises(ValueError, match=r"dtype=int32 is not allowed"):
        ofdm_modulate(np.zeros((120, 14)), c, dtype=np.int32)
    with pytest.raises(TypeError, match=r"carrier=.* is not allowed; use a Carrier"):
        ofdm_modulate(np.zeros((120, 14)), "30kHz")
    with pytest.raises(ValueError, match=r"waveform length 100 is not allowed"):
        ofdm_demodulate(np.zeros(100), c)
    with pytest.raises(ValueError, match=r"waveform length 0 is not allowed"):
        ofdm_demodulate(np.zeros(0), c)
    with pytest.raises(ValueError, match=r"waveform is not allowed as a scalar"):
        ofdm_demodulate(np.complex64(1), c)


def test_scipy_backend_and_misaligned_waveform():
    from ofdmisac import _fft

    c = Carrier(scs_khz=960, n_rb=6)  # n_fft 128: CP of 9 samples, odd strides
    rng = np.random.default_rng(8)
    grid = _random_grid(rng, (2, c.n_subcarriers, 28))
    x = ofdm_modulate(grid, c, slot=31)
    shifted = np.empty(x.size + 1, x.dtype)[1:].reshape(x.shape)  # misaligned copy
    shifted[...] = x
    np.testing.assert_allclose(ofdm_demodulate(shifted, c, slot=31), grid, atol=1e-12)
    backend = _fft.get_backend()
    try:
        _fft.set_backend("scipy")
        np.testing.assert_allclose(ofdm_modulate(grid, c, slot=31), x, atol=1e-12)
        np.testing.assert_allclose(ofdm_demodulate(x, c, slot=31), grid, atol=1e-12)
    finally:
        _fft.set_backend(backend)


@pytest.mark.parametrize(("scs", "slot", "n_slots"), [(30, 3, 35), (240, 5, 17), (15, 0, 3)])
def test_many_slots_spanning_subframes(scs, slot, n_slots):
    c = Carrier(scs_khz=scs, n_rb=6)
    rng = np.random.default_rng(9)
    grid = _random_grid(rng, (c.n_subcarriers, 14 * n_slots), np.complex64)
    x = ofdm_modulate(grid, c, slot=slot)
    assert x.size == sum(c.samples_per_slot(slot + s) for s in range(n_slots))
    # concatenating slot-by-slot modulation gives the same waveform
    parts = [ofdm_modulate(grid[:, 14 * s:14 * (s + 1)], c, slot=slot + s) for s in range(n_slots)]
    np.testing.assert_allclose(x, np.concatenate(parts), atol=1e-6)
    np.testing.assert_allclose(ofdm_demodulate(x, c, slot=slot), grid, atol=1e-5)
    with pytest.raises(ValueError, match=r"waveform length .* is not allowed; it must be"):
        ofdm_demodulate(x[:-1], c, slot=slot)
    with pytest.raises(ValueError, match=r"waveform length .* is not allowed"):
        ofdm_demodulate(np.concatenate([x, x[:5]]), c, slot=slot)


@pytest.mark.parametrize("dtype", [np.complex64, np.complex128])
def test_chunked_batches_match_per_grid(monkeypatch, dtype):
    """Batches are processed in chunks of ~_CHUNK_BYTES (here forced to 2 grids per chunk,
    5 grids: chunks of 2, 2 and 1): every chunk gives what the grid alone gives."""
    from ofdmisac.waveforms import _ofdm

    c = Carrier(scs_khz=30, n_rb=11)
    rng = np.random.default_rng(10)
    grid = _random_grid(rng, (5, c.n_subcarriers, 28), dtype)
    monkeypatch.setattr(_ofdm, "_CHUNK_BYTES", 2 * c.n_fft * 28 * np.dtype(dtype).itemsize)
    x = ofdm_modulate(grid, c, slot=1)
    back = ofdm_demodulate(x.reshape(5, 1, -1), c, slot=1)
    assert back.shape == (5, 1, c.n_subcarriers, 28)
    tol = 1e-6 if dtype == np.complex64 else 1e-13
    for i in range(5):
        np.testing.assert_allclose(x[i], ofdm_modulate(grid[i], c, slot=1), atol=tol)
        np.testing.assert_allclose(back[i, 0], ofdm_demodulate(x[i], c, slot=1), atol=tol)
    np.testing.assert_allclose(back[:, 0], grid, atol=10 * tol)


def test_out_argument():
    """``out=`` (preallocated output, e.g. for Monte Carlo loops) gives the same result,
    is returned as is, and is validated."""
    c = Carrier(scs_khz=60, n_rb=10)
    rng = np.random.default_rng(11)
    grid = _random_grid(rng, (3, c.n_subcarriers, 28), np.complex64)
    x = ofdm_modulate(grid, c, slot=1)
    buf = np.full(x.shape, np.nan, np.complex64)
    assert ofdm_modulate(grid, c, slot=1, out=buf) is buf
    np.testing.assert_array_equal(buf, x)
    back = np.full(grid.shape, np.nan, np.complex64)
    assert ofdm_demodulate(x, c, slot=1, out=back) is back
    np.testing.assert_array_equal(back, ofdm_demodulate(x, c, slot=1))
    with pytest.raises(ValueError, match=r"out=<array of shape \(3, 10\), dtype complex64> is "
                                         r"not allowed; use a writeable C-contiguous"):
        ofdm_modulate(grid, c, slot=1, out=np.zeros((3, 10), np.complex64))
    with pytest.raises(ValueError, match=r"out=<array of shape .*, dtype complex128> is not"):
        ofdm_demodulate(x, c, slot=1, out=np.zeros(grid.shape, np.complex128))
    with pytest.raises(ValueError, match=r"out=<array of shape .*> is not allowed"):
        ofdm_modulate(grid, c, slot=1, out=np.zeros(x.shape[::-1], np.complex64).T)
    with pytest.raises(ValueError, match=r"out=<array .*, overlapping the input> is not allowed"):
        ofdm_demodulate(x, c, slot=1, out=x.reshape(-1)[:grid.size].reshape(grid.shape))
    with pytest.raises(TypeError, match=r"out=\[\] is not allowed; use a numpy.ndarray"):
        ofdm_modulate(grid, c, out=[])


def test_cached_scratch_buffer_zero_band_follows_the_carrier():
    """The modulation scratch buffer is cached per shape with its band of zero bins written
    once: a narrower carrier with the same FFT size after a wider one must not see the wider
    one's outer subcarriers."""
    from ofdmisac import _fft

    narrow, wide = Carrier(scs_khz=30, n_rb=20), Carrier(scs_khz=30, n_rb=24)
    assert narrow.n_fft == wide.n_fft and narrow.n_subcarriers < wide.n_subcarriers
    rng = np.random.default_rng(12)
    g_narrow = _random_grid(rng, (narrow.n_subcarriers, 14), np.complex64)
    g_wide = _random_grid(rng, (wide.n_subcarriers, 14), np.complex64)
    _fft.clear_plan_cache()
    x = ofdm_modulate(g_narrow, narrow)
    x_wide = ofdm_modulate(g_wide, wide)
    np.testing.assert_array_equal(ofdm_modulate(g_narrow, narrow), x)
    np.testing.assert_allclose(ofdm_demodulate(x_wide, wide), g_wide, atol=1e-5)
    np.testing.assert_allclose(ofdm_demodulate(x, narrow), g_narrow, atol=1e-5)
