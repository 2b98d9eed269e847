"""CP-OFDM modulation and demodulation of NR resource grids (TS 38.211 5.3.1).

Grid row ``k`` (subcarrier ``k`` of the carrier grid, ``0 <= k < n_subcarriers``) goes to
FFT bin ``(k - n_subcarriers/2) mod n_fft``, so row ``n_subcarriers/2`` sits at DC. Each
symbol is the unitary inverse DFT of size ``n_fft`` of its column, preceded by its cyclic
prefix (the last ``N_CP`` samples), with the CP lengths of TS 38.211 5.3.1 for the slot
(the longer CP on the first symbol of every 0.5 ms). See ``docs/conventions.md``.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .. import _fft
from .._validation import check_dtype, check_instance, check_int, fail
from ._numerology import Carrier

__all__ = ["ofdm_modulate", "ofdm_demodulate"]

_ROW_PAD = 8
_CHUNK_BYTES = 32 << 20  # batches are (de)modulated in chunks of about this many bytes
_ALIGN_BYTES = 16


def _empty(shape, dtype) -> np.ndarray:
    """Uninitialised array aligned for SIMD FFTs (pyFFTW's allocator when available)."""
    if _fft._HAVE_PYFFTW:
        return _fft.pyfftw.empty_aligned(shape, dtype=dtype)
    return np.empty(shape, dtype=dtype)


def _misaligned(a: np.ndarray) -> bool:
    """True when ``a``'s data pointer is not 16-byte aligned: FFTW then plans scalar code,
    whose last bits differ from the SIMD code of aligned arrays (measured), so the kernels
    below move such arrays to aligned buffers (results independent of the address)."""
    return a.__array_interface__["data"][0] % _ALIGN_BYTES != 0


def _words(a: np.ndarray) -> np.ndarray:
    """View complex samples as opaque words (uint64 / 16-byte void) for fast moves."""
    return a.view(np.uint64 if a.dtype == np.complex64 else np.dtype("V16"))


def _scale(a: np.ndarray, factor: float) -> None:
    """In-place ``a *= factor`` for a complex array with contiguous rows (real view:
    faster)."""
    real = a.view(np.float32 if a.dtype == np.complex64 else np.float64)
    np.multiply(real, real.dtype.type(factor), out=real)


def _check_out(out, shape: tuple, dtype: np.dtype, source: np.ndarray) -> np.ndarray:
    """Validate a caller's ``out``: writeable, C-contiguous, of the result's shape and
    dtype, not overlapping the input."""
    check_instance("out", out, np.ndarray, "numpy.ndarray")
    if out.shape != shape or out.dtype != dtype or not out.flags.c_contiguous \
            or not out.flags.writeable:
        fail("out", _ArrayInfo(out), f"use a writeable C-contiguous array of shape {shape}, "
             f"dtype {dtype}")
    if np.may_share_memory(out, source):
        fail("out", _ArrayInfo(out, "overlapping the input"), "use a separate array")
    return out


class _ArrayInfo:
    """Stands for an array in a message: its shape and dtype, not its values."""

    def __init__(self, a: np.ndarray, note: str = ""):
        self.text = (f"<array of shape {a.shape}, dtype {a.dtype}"
                     + (f", {note}" if note else "") + ">")

    def __repr__(self) -> str:
        return self.text


def _check_carrier(carrier) -> None:
    check_instance("carrier", carrier, Carrier)


def _resolve_dtype(in_dtype: np.dtype, dtype) -> np.dtype:
    if dtype is None:
        if in_dtype in (np.dtype(np.complex128), np.dtype(np.float64)):
            return np.dtype(np.complex128)
        return np.dtype(np.complex64)
    return check_dtype("dtype", dtype)


@lru_cache(maxsize=128)
def _layout(carrier: Carrier, slot_in_subframe: int, n_slots: int):
    """Groups of uniformly spaced symbols of ``n_slots`` slots.

    Within each 0.5 ms (and within any run of symbols without a long CP) the symbols are
    uniformly spaced by ``n_fft + cp``; only the first symbol of a half-subframe has the
    longer CP ``cp + extra``. Consecutive segments of this kind with the same number of
    symbols and CPs (e.g. the whole half-subframes) are themselves uniformly spaced, so one
    strided view (and one FFTW execution) covers them. Returns ``(n_samples, groups)`` with
    one tuple ``(first_symbol, n_segments, n_symbols, first_sample, extra, cp)`` per group
    of ``n_segments`` segments of ``n_symbols`` symbols each.
    """
    per_sf = carrier.slots_per_subframe
    cps = np.concatenate([carrier.cp_lengths((slot_in_subframe + s) % per_sf)
                          for s in range(n_slots)])
    n_fft = carrier.n_fft
    base = int(cps.min())
    starts = np.concatenate(([0], np.cumsum(cps + n_fft)[:-1]))
    first = [0] + [int(i) for i in np.flatnonzero(cps > base) if i > 0]
    bounds = [*first, cps.size]
    groups = []
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        count, extra = b - a, int(cps[a]) - base
        if groups and groups[-1][2:3] == (count,) and groups[-1][4] == extra:
            g = groups[-1]
            groups[-1] = (g[0], g[1] + 1, *g[2:])
        else:
            groups.append((a, 1, count, int(starts[a]), extra, base))
    return int((cps + n_fft).sum()), tuple(groups)


def _symbols(arr: np.ndarray, group, n_fft: int) -> np.ndarray:
    """``[..., n_segments, n_symbols, n_fft + cp]`` view of the symbols (CP included) of a
    group of :func:`_layout` in the last axis (contiguous) of ``arr``: slices and reshapes,
    cheaper than building a strided ndarray. The ``extra`` samples of the longer CP precede
    each segment and are not part of the view."""
    _, n_seg, count, start, extra, cp = group
    seg_len = extra + count * (n_fft + cp)
    lead = arr.shape[:-1]
    segs = arr[..., start:start + n_seg * seg_len].reshape(lead + (n_seg, seg_len))
    return segs[..., extra:].reshape(lead + (n_seg, count, n_fft + cp))


@lru_cache(maxsize=64)
def _subframe_slot_samples(carrier: Carrier) -> np.ndarray:
    out = np.array([carrier.samples_per_slot(s) for s in range(carrier.slots_per_subframe)])
    out.setflags(write=False)
    return out


@lru_cache(maxsize=256)
def _n_slots_from_samples(carrier: Carrier, slot: int, n_samples: int) -> int:
    """Number of whole slots starting at ``slot`` in ``n_samples`` samples (cached: the
    search costs ~10 us, a single-slot transform ~30 us)."""
    per_slot = _subframe_slot_samples(carrier)
    per_sf = per_slot.size
    first = int(per_slot[slot % per_sf])
    n_sf = n_samples // carrier.samples_per_subframe  # whole subframes, then the remainder
    lengths = np.roll(per_slot, -(slot % per_sf))
    n_slots, total = n_sf * per_sf, n_sf * carrier.samples_per_subframe
    for length in lengths:
        if total >= n_samples:
            break
        total += int(length)
        n_slots += 1
    if total != n_samples or n_slots == 0:
        raise ValueError(
            f"waveform length {n_samples} is not allowed; it must be the length of a whole "
            f"number of slots starting at slot={slot} (one slot: {first} samples)")
    return n_slots


def ofdm_modulate(grid, carrier: Carrier, *, slot: int = 0, dtype=None,
                  out=None) -> np.ndarray:
    """CP-OFDM modulate a resource grid (TS 38.211 5.3.1, unitary IDFT).

    Parameters
    ----------
    grid : array_like
        ``[..., n_subcarriers, n_symbols]``; ``n_subcarriers = carrier.n_subcarriers`` and
        ``n_symbols`` a positive multiple of ``carrier.symbols_per_slot`` (consecutive slots
        starting at ``slot``). Leading dimensions are batch dimensions.
    carrier : Carrier
        Numerology, FFT size and cyclic prefixes.
    slot : int
        Index of the first slot (only ``slot mod 2**mu`` matters: it places the long CP).
    dtype : {None, complex64, complex128}
        Output dtype. Default: complex128 for complex128/float64 grids, complex64 otherwise.
    out : numpy.ndarray, optional
        C-contiguous ``[..., n_samples]`` array of the output dtype to write the waveform
        into (returned); saves allocating (and page-faulting) a new array per call, e.g. in
        a Monte Carlo loop.

    Returns
    -------
    numpy.ndarray
        ``[..., n_samples]`` time-domain samples at ``carrier.sample_rate_hz``, with
        ``n_samples`` the sum of ``carrier.samples_per_slot`` over the slots. Symbol ``l`` is
        ``x_l[n] = n_fft**-0.5 * sum_k X[k, l] exp(2j pi (k - n_sc/2) n / n_fft)`` for
        ``-N_CP,l <= n < n_fft``.

    Raises
    ------
    ValueError
        Wrong grid shape, bad ``slot``, ``dtype`` or ``out``.
    TypeError
        ``carrier`` is not a :class:`Carrier`, ``slot`` not an integer, ``dtype`` not a
        dtype, ``out`` not an array.

    References
    ----------
    TS 38.211 5.3.1 (OFDM baseband signal generation); ``docs/conventions.md`` (unitary DFT).

    Examples
    --------
    >>> import numpy as np
    >>> c = Carrier(scs_khz=30, n_rb=24)
    >>> x = ofdm_modulate(np.ones((288, 14)), c)
    >>> x.shape, x.dtype
    ((7680,), dtype('complex128'))
    """
    _check_carrier(carrier)
    slot = check_int("slot", slot, minimum=0)
    grid = np.asarray(grid)
    out_dtype = _resolve_dtype(grid.dtype, dtype)
    n_sc, n_per_slot, n_fft = carrier.n_subcarriers, carrier.symbols_per_slot, carrier.n_fft
    if grid.ndim < 2 or grid.shape[-2] != n_sc or grid.shape[-1] == 0 \
            or grid.shape[-1] % n_per_slot:
        raise ValueError(
            f"grid shape {grid.shape} is not allowed; expected [..., {n_sc}, n_symbols] with "
            f"n_symbols a positive multiple of {n_per_slot}")
    n_sym = grid.shape[-1]
    n_samples, groups = _layout(carrier, slot % carrier.slots_per_subframe,
                                n_sym // n_per_slot)
    batch = grid.shape[:-2]
    flat = grid.reshape((-1, n_sc, n_sym))
    n_b = flat.shape[0]
    result = out
    user_out = None
    if out is None:
        out = _empty((n_b, n_samples), out_dtype)
        result = out.reshape(batch + (n_samples,))
    else:
        out = _check_out(out, batch + (n_samples,), out_dtype, grid).reshape((n_b, n_samples))
        if _misaligned(out):  # transform into an aligned buffer, copied at the end
            user_out, out = out, _empty((n_b, n_samples), out_dtype)
    # Frequency-domain buffer [chunk, n_sym, n_fft], one contiguous row per symbol: a
    # cached workspace (scratch buffer only), so that no call allocates and page-faults it;
    # its band of zero bins is written once, not per call (the transforms preserve their
    # input). Batches go in chunks of about _CHUNK_BYTES (bounded scratch memory, the chunk
    # stays in the last-level cache); each chunk costs one FFTW execution per group of
    # _layout (with threaded plans on a busy machine every execution can wait for a time
    # slice, so there are as few as possible).
    chunk = max(1, min(n_b, _CHUNK_BYTES // (n_fft * n_sym * out_dtype.itemsize)))
    chunk = -(-n_b // -(-n_b // chunk))  # equal chunks: one workspace shape
    ws = _fft.workspace((chunk, n_sym, n_fft), out_dtype, plan=False)
    half = n_sc // 2
    band = ("ofdm zero band", n_sc - half, n_fft - half)
    with ws.lock:
        if ws.tag != band:
            ws.input[..., n_sc - half: n_fft - half] = 0
            ws.tag = band
        for c0 in range(0, n_b, chunk):
            c1 = min(c0 + chunk, n_b)
            freq = ws.input[:c1 - c0]
            grid_t = np.swapaxes(flat[c0:c1], -1, -2)
            if grid.dtype == out_dtype:  # plain 8/16-byte moves are faster than complex copies
                grid_t, dst = _words(grid_t), _words(freq)
            else:
                dst = freq
            dst[..., : n_sc - half] = grid_t[..., half:]
            dst[..., n_fft - half:] = grid_t[..., :half]
            _scale(freq, 1.0 / np.sqrt(n_fft))  # whole rows: contiguous; zeros stay zero
            for group in groups:
                # the inverse DFT of each symbol goes straight to its place in the waveform
                first, n_seg, count, _, _, cp = group
                src = freq[:, first:first + n_seg * count].reshape((-1, n_seg, count, n_fft))
                _fft._dft_into(src, _symbols(out[c0:c1], group, n_fft)[..., cp:],
                               axis=-1, inverse=True)
    for group in groups:
        _, n_seg, count, start, extra, cp = group
        if cp:  # the cyclic prefixes of a group of symbols: one strided copy
            sym = _symbols(out, group, n_fft)
            sym[..., :cp] = sym[..., n_fft:]
        if extra:  # the longer CP of the first symbol of each segment
            seg_len = extra + count * (n_fft + cp)
            segs = out[:, start:start + n_seg * seg_len].reshape((-1, n_seg, seg_len))
            segs[..., :extra] = segs[..., n_fft:n_fft + extra]
    if user_out is not None:
        user_out[...] = out
    return result


def ofdm_demodulate(waveform, carrier: Carrier, *, slot: int = 0, out=None) -> np.ndarray:
    """CP-OFDM demodulate a waveform back to a resource grid (unitary DFT).

    Drops each symbol's cyclic prefix, applies the unitary DFT of size ``n_fft`` and keeps
    the ``n_subcarriers`` bins of the grid (the inverse of :func:`ofdm_modulate`).

    Parameters
    ----------
    waveform : array_like
        ``[..., n_samples]`` with ``n_samples`` the length of a whole number of consecutive
        slots starting at ``slot``.
    carrier : Carrier
        Numerology, FFT size and cyclic prefixes.
    slot : int
        Index of the first slot.
    out : numpy.ndarray, optional
        C-contiguous ``[..., n_subcarriers, n_symbols]`` array of the output dtype to write
        the grid into (returned).

    Returns
    -------
    numpy.ndarray
        ``[..., n_subcarriers, n_symbols]``; complex128 for complex128/float64 input,
        complex64 otherwise.

    Raises
    ------
    ValueError
        Waveform length not a whole number of slots, bad ``slot`` or ``out``.
    TypeError
        ``carrier`` is not a :class:`Carrier`, ``slot`` not an integer, ``out`` not an
        array.

    References
    ----------
    TS 38.211 5.3.1; ``docs/conventions.md``.

    Examples
    --------
    >>> import numpy as np
    >>> c = Carrier(scs_khz=30, n_rb=24)
    >>> grid = np.ones((288, 14), dtype=np.complex64)
    >>> back = ofdm_demodulate(ofdm_modulate(grid, c), c)
    >>> bool(np.abs(back - grid).max() < 1e-5)
    True
    """
    _check_carrier(carrier)
    slot = check_int("slot", slot, minimum=0)
    waveform = np.asarray(waveform)
    if waveform.ndim < 1:
        raise ValueError("waveform is not allowed as a scalar; expected [..., n_samples]")
    out_dtype = _resolve_dtype(waveform.dtype, None)
    n_slots = _n_slots_from_samples(carrier, slot, waveform.shape[-1])
    n_samples, groups = _layout(carrier, slot % carrier.slots_per_subframe, n_slots)
    n_sc, n_fft = carrier.n_subcarriers, carrier.n_fft
    n_sym = n_slots * carrier.symbols_per_slot
    half = n_sc // 2
    wave = np.ascontiguousarray(waveform, dtype=out_dtype)
    if _misaligned(wave):
        aligned = _empty(wave.shape, out_dtype)
        aligned[...] = wave
        wave = aligned
    batch = wave.shape[:-1]
    flat = wave.reshape((-1, n_samples))
    n_b = flat.shape[0]
    result = out
    if out is None:
        out = np.empty((n_b, n_sc, n_sym), dtype=out_dtype)
        result = out.reshape(batch + (n_sc, n_sym))
    else:
        out = _check_out(out, batch + (n_sc, n_sym), out_dtype, wave).reshape(
            (n_b, n_sc, n_sym))
    chunk = max(1, min(n_b, _CHUNK_BYTES // (n_fft * n_sym * out_dtype.itemsize)))
    chunk = -(-n_b // -(-n_b // chunk))  # equal chunks (see ofdm_modulate)
    # rows padded by _ROW_PAD samples: a power-of-two row stride makes the transposing
    # copy below thrash the cache (every column read hits the same cache set); a cached
    # scratch buffer, as in ofdm_modulate
    ws = _fft.workspace((chunk, n_sym, n_fft + _ROW_PAD), out_dtype, plan=False)
    with ws.lock:
        for c0 in range(0, n_b, chunk):
            c1 = min(c0 + chunk, n_b)
            freq = ws.input[:c1 - c0, :, :n_fft]
            for group in groups:
                first, n_seg, count, _, _, cp = group
                dst = freq[:, first:first + n_seg * count].reshape((-1, n_seg, count, n_fft))
                _fft._dft_into(_symbols(flat[c0:c1], group, n_fft)[..., cp:], dst, axis=-1,
                               inverse=False)
            freq_t, dst = _words(np.swapaxes(freq, -1, -2)), _words(out[c0:c1])
            dst[..., :half, :] = freq_t[..., n_fft - half:, :]
            dst[..., half:, :] = freq_t[..., : n_sc - half, :]
    _scale(out, 1.0 / np.sqrt(n_fft))
    return result
