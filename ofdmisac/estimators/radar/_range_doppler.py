"""Range-Doppler map of an OFDM radar echo on a :class:`~ofdmisac.waveforms.SensingGrid`.

Sign conventions: the echo of a point target at range ``R`` and radial velocity ``v``
(positive = approaching) is ``Y[k, l] = a X[k, l] exp(-j 2 pi k scs 2R/c)
exp(+j 2 pi (2 v fc / c) t_l)`` with ``t_l = l T_sym``. The map is
``|sum_{k,l} w_k w_l H[k,l] exp(+j 2 pi k n / N) exp(-j 2 pi l m / M)|^2 / (sum w_k w_l m_kl)^2``
so an on-grid target of channel amplitude ``a`` gives peak ``|a|^2``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ... import _fft
from ..._validation import check_choice, check_instance, fail
from ..._windows import get_window, window_gains
from ...waveforms import SensingGrid

__all__ = ["RangeDopplerFactor", "RangeDopplerMap", "range_doppler_factor", "range_doppler_map"]


@dataclass(frozen=True, kw_only=True)
class RangeDopplerMap:
    """Periodogram range-Doppler map with its range and velocity axes.

    Result of :func:`range_doppler_map`; all fields are keyword-only.

    Parameters
    ----------
    power : numpy.ndarray, float, shape ``(..., n_range, n_doppler)``
        Square-law map; an on-grid target of channel amplitude ``a`` has peak ``|a|^2``.
    range_m : numpy.ndarray, float64, shape ``(n_range,)``
        Range of each row, ``n c / (2 scs n_range)`` (m).
    velocity_mps : numpy.ndarray, float64, shape ``(n_doppler,)``
        Radial velocity of each column (m/s, positive = approaching), fftshifted, ascending.
    range_bin_m : float
        Range bin size ``c / (2 scs n_range)`` (m).
    velocity_bin_mps : float
        Velocity bin size (m/s).
    processing_loss_db : float
        SNR loss of the range and Doppler windows, ``10 log10(n sum w^2 / (sum w)^2)`` summed
        over the two axes (default 0, rectangular windows), see :func:`window_gains`.
    sensing : SensingGrid or None
        The sensing grid (numerology, pilot REs, symbol times and processing window) the
        map was formed on (default None, a map built by hand).

    Raises
    ------
    TypeError
        A field given positionally or a missing field (from the dataclass constructor); the
        fields are not validated.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import range_doppler_map
    >>> from ofdmisac.waveforms import SensingGrid
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((64, 16), bool))
    >>> m = range_doppler_map(np.ones((64, 16)), np.ones((64, 16)), g)
    >>> m.power.shape, round(m.range_bin_m, 3), round(m.velocity_bin_mps, 3)
    ((64, 16), 19.518, 37.51)
    """

    power: np.ndarray
    range_m: np.ndarray
    velocity_mps: np.ndarray
    range_bin_m: float
    velocity_bin_mps: float
    processing_loss_db: float = 0.0
    sensing: SensingGrid | None = None


_BLOCK_CELLS = 1 << 16
_CHUNK_BYTES = 8 << 20


def _flat(a, batch):
    """``a`` (batch dims broadcastable to ``batch``) as ``[n, n_sc, n_sym]`` with ``n`` 1 or
    ``prod(batch)`` (a view when ``a`` is contiguous)."""
    core = a.shape[-2:]
    if a.shape[:-2] == tuple(batch):
        return a.reshape((-1, *core))
    if int(np.prod(a.shape[:-2], dtype=int)) == 1:
        return a.reshape((1, *core))
    return np.broadcast_to(a, (*batch, *core)).reshape((-1, *core))


def _in_row_chunks(fn, n_rows: int, n_cells: int) -> None:
    """Run ``fn(r0, r1)`` over blocks of rows of about ``_BLOCK_CELLS`` cells each, so the
    successive element-wise passes over a block stay in cache (2-3x faster than full-array
    passes on 1024 x 1120 grids). Threads were tried and lost on the shared 2-core machines
    (the FFT already runs on ``_fft.get_threads()`` threads)."""
    per_row = max(1, n_cells // max(n_rows, 1))
    step = max(1, _BLOCK_CELLS // per_row)
    for r0 in range(0, n_rows, step):
        fn(r0, min(r0 + step, n_rows))


@dataclass(frozen=True, kw_only=True)
class RangeDopplerFactor:
    """Precomputed per-RE factor of range_doppler_map (pass it as tx_grid).

    Built by :func:`range_doppler_factor` (all fields are keyword-only) when many received
    grids share one transmitted grid. ``factor[..., k, l] = m_kl w_k w_l / X_kl``
    (``"divide"``) or ``m_kl w_k w_l conj(X_kl)`` (``"conjugate"``), times the phase ramps
    ``exp(-j 2 pi k / n_range)`` and ``exp(+j 2 pi l floor(n_doppler / 2) / n_doppler)`` that
    fold the range-axis reversal and the Doppler fftshift into the transform, divided by the
    gain that normalizes an on-grid target of amplitude ``a`` to peak power ``|a|^2``.

    Parameters
    ----------
    factor : numpy.ndarray, complex64 or complex128, shape ``(..., n_sc, n_sym)``
        The per-RE factor (zero off the pilot REs).
    n_range, n_doppler : int
        FFT lengths of the map (``sensing.n_range``, ``sensing.n_doppler``).
    processing_loss_db : float
        SNR loss of the range and Doppler windows (dB), as in
        :attr:`RangeDopplerMap.processing_loss_db`.
    sensing : SensingGrid
        Numerology, pilot REs, symbol times and processing window the factor was made for.

    Raises
    ------
    TypeError
        A field given positionally or a missing field (from the dataclass constructor); the
        fields are not validated here but :func:`range_doppler_map` rejects a factor whose
        grid shape, FFT sizes or windows differ from its ``sensing``.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import range_doppler_factor, range_doppler_map
    >>> from ofdmisac.waveforms import SensingGrid
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((64, 16), bool))
    >>> f = range_doppler_factor(np.ones((64, 16)), g)
    >>> f.factor.shape, f.n_range, f.n_doppler
    ((64, 16), 64, 16)
    """

    factor: np.ndarray
    n_range: int
    n_doppler: int
    processing_loss_db: float
    sensing: SensingGrid


def range_doppler_factor(tx_grid, sensing: SensingGrid, *,
                         method="divide") -> RangeDopplerFactor:
    """Precompute the periodogram's per-RE factor for a transmitted grid.

    The result replaces ``tx_grid`` in :func:`range_doppler_map` when many received grids
    share one transmitted grid (the windows, phase ramps, the division or conjugation and
    the normalization are done once).

    Parameters
    ----------
    tx_grid : array_like, complex, shape ``(..., n_sc, n_sym)``
        Transmitted grid; ``(n_sc, n_sym)`` must equal ``sensing.shape``, leading axes are a
        batch.
    sensing : SensingGrid
        Numerology, pilot REs, symbol times and processing window (windows and FFT sizes
        ``n_range``, ``n_doppler``).
    method : {"divide", "conjugate"}
        Division by the transmitted symbols on the pilot REs (default) or multiplication by
        their conjugate, as in :func:`range_doppler_map`.

    Returns
    -------
    RangeDopplerFactor
        ``factor`` has the shape of ``tx_grid`` and its precision (complex64 for complex64 or
        real float32 input, else complex128).

    Raises
    ------
    ValueError
        No pilot REs, unknown method, a grid that does not match ``sensing``.
    TypeError
        ``sensing`` is not a :class:`SensingGrid`.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import range_doppler_factor, range_doppler_map
    >>> from ofdmisac.waveforms import SensingGrid
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((64, 16), bool))
    >>> f = range_doppler_factor(np.ones((64, 16)), g)
    >>> rx = np.exp(-2j * np.pi * np.arange(64)[:, None] * 4 / 64) * np.ones((1, 16))
    >>> round(float(range_doppler_map(rx, f, g).power[4, 8]), 6)
    1.0
    """
    check_instance("sensing", sensing, SensingGrid)
    check_choice("method", method, ("divide", "conjugate"))
    tx = _check_grid("tx_grid", tx_grid, sensing)
    factor = np.empty(tx.shape, dtype=np.result_type(tx.dtype, np.complex64))
    n_range, n_doppler, gain, loss = _factor_into(factor, tx, None, method=method,
                                                  **_processing(sensing))
    factor *= (1.0 / gain).astype(factor.real.dtype)[..., None, None]
    return RangeDopplerFactor(factor=factor, n_range=n_range, n_doppler=n_doppler,
                              processing_loss_db=loss, sensing=sensing)


def _check_grid(name, grid, sensing):
    a = np.asarray(grid)
    if a.ndim < 2 or a.shape[-2:] != sensing.shape:
        fail(name, grid, f"use a grid of shape (..., {sensing.n_subcarriers}, "
             f"{sensing.n_symbols}) as the sensing grid (got shape {a.shape})")
    return a


def _processing(sensing):
    """The keyword options of the kernels: windows, FFT sizes, and the pilot mask (None when
    every RE is a pilot, which selects the dense fast path)."""
    mask = sensing.pilot_mask
    return {"window_range": sensing.window_range, "window_doppler": sensing.window_doppler,
            "n_range": sensing.n_range, "n_doppler": sensing.n_doppler,
            "pilot_mask": None if sensing.n_pilots == mask.size else mask}


@functools.lru_cache(maxsize=8)
def _ramp(n_sc, n_sym, n_range, n_doppler, window_range, window_doppler, dtype_str):
    """``w_k w_l exp(-j 2 pi k / n_range) exp(+j 2 pi l (n_doppler // 2) / n_doppler)``,
    ``[n_sc, n_sym]`` (read-only, cached), and the windows' processing loss in dB."""
    wr = get_window(window_range, n_sc)
    wd = get_window(window_doppler, n_sym)
    ramp_r = wr * np.exp(-2j * np.pi * np.arange(n_sc) / n_range)
    ramp_d = wd * np.exp(2j * np.pi * np.arange(n_sym) * (n_doppler // 2) / n_doppler)
    ramp = (ramp_r[:, None] * ramp_d[None, :]).astype(dtype_str)
    ramp.flags.writeable = False
    loss = window_gains(wr)["processing_loss_db"] + window_gains(wd)["processing_loss_db"]
    return ramp, float(loss)


def _factor_into(out, tx, rx, *, method, window_range, window_doppler, n_range, n_doppler,
                 pilot_mask):
    """Write ``window x ramps x (1 / X or conj X) (x rx)`` into ``out``, without the gain.

    One sweep over cache-sized row blocks, which also sums the gains (window over the pilot
    REs, times ``|X|^2`` for ``"conjugate"``). Returns ``(n_range, n_doppler, gain,
    processing_loss_db)`` with ``gain`` of the batch shape of ``tx`` (float64).
    """
    # grid shape and FFT sizes were checked against the sensing grid by the callers
    n_sc, n_sym = tx.shape[-2:]
    dtype = out.dtype
    rdtype = np.float32 if dtype == np.complex64 else np.float64
    ramp, loss = _ramp(n_sc, n_sym, n_range, n_doppler, window_range, window_doppler,
                       dtype.str)
    rect = window_range == "rect" and window_doppler == "rect"
    w2 = None if rect else np.abs(ramp).astype(rdtype)
    user_mask = None if pilot_mask is None else np.broadcast_to(
        np.asarray(pilot_mask, dtype=bool), tx.shape)
    parts = []

    def sweep(r0, r1):
        rows = (..., slice(r0, r1), slice(None))
        a = np.abs(tx[rows]).astype(rdtype, copy=False)
        np.square(a, out=a)  # |X|^2
        if method == "divide" and user_mask is None and np.all(a):
            # every RE of the block is a pilot (the common dense case): no mask needed
            g = np.full(a.shape[:-2], a.shape[-2] * a.shape[-1] if rect
                        else np.sum(w2[r0:r1], dtype=float))
            np.divide(1.0, a, out=a)
        elif method == "divide":  # 1 / X = conj(X) / |X|^2 (much faster than complex division)
            m = a > 0 if user_mask is None else (a > 0) & user_mask[rows]
            g = (np.count_nonzero(m, axis=(-2, -1)) if rect
                 else np.sum(w2[r0:r1] * m, axis=(-2, -1), dtype=float))
            np.divide(1.0, a, out=a, where=m)
            if user_mask is not None:
                a *= m
        else:
            m = a > 0 if user_mask is None else user_mask[rows]
            g = np.sum(a * m if rect else a * m * w2[r0:r1], axis=(-2, -1), dtype=float)
            a = m.astype(rdtype)
        parts.append(np.asarray(g, dtype=float))
        fc = np.conjugate(tx[rows]).astype(dtype, copy=False)
        fc *= a
        fc *= ramp[r0:r1]
        if rx is None:
            out[rows] = fc
        else:
            np.multiply(rx[rows], fc, out=out[rows])

    _in_row_chunks(sweep, n_sc, max(tx.size, out.size))
    gain = np.sum(parts, axis=0)
    if not np.any(gain > 0):
        fail("tx_grid", "...", "use nonzero symbols on the pilot REs (the grid has no pilot REs: "
             "pilot_mask / tx_grid all zero)")
    if np.any(gain <= 0):
        fail("tx_grid", "...", "use nonzero symbols on the pilot REs of every grid (a grid of "
             "the batch has no pilot REs: zero gain)")
    return n_range, n_doppler, gain, loss


def range_doppler_map(rx_grid, tx_grid, sensing: SensingGrid, *,
                      method="divide") -> RangeDopplerMap:
    """Periodogram range-Doppler map from received and transmitted grids.

    ``P[n, m] = |sum_{k,l} w_k w_l H[k,l] exp(+j 2 pi k n / N) exp(-j 2 pi l (m - M//2) / M)|^2
    / G^2`` with ``H = Y / X`` (``"divide"``) or ``Y conj(X)`` (``"conjugate"``) on the pilot
    REs and zero elsewhere, ``G = sum w_k w_l m_kl`` (times ``|X_kl|^2`` for
    ``"conjugate"``), so an on-grid target of channel amplitude ``a`` has peak ``|a|^2``
    (``docs/conventions.md``).

    Parameters
    ----------
    rx_grid : array_like, complex, shape ``(..., n_sc, n_sym)``
        Received grid; ``(n_sc, n_sym)`` must equal ``sensing.shape``, leading axes are a
        batch (complex64 input gives a float32 map).
    tx_grid : array_like, complex, shape ``(..., n_sc, n_sym)``, or RangeDopplerFactor
        Transmitted grid (broadcast against ``rx_grid``), or its precomputed factor from
        :func:`range_doppler_factor` on the same ``sensing`` (then ``method`` is taken from
        it).
    sensing : SensingGrid
        Numerology, pilot REs, symbol times and processing window: numerology (``scs_hz``,
        ``symbol_duration_s``, ``fc_hz`` for the axes), pilot REs (``pilot_mask``: non-pilot
        REs are set to zero), windows along subcarriers / symbols (their SNR loss is
        reported in ``processing_loss_db``) and FFT lengths ``n_range``, ``n_doppler`` (zero
        padding). For a comb with subcarrier spacing ``D`` the zero-filled
        grid produces ``D`` replicas (ghosts) of each target spaced ``c / (2 D scs)`` in range:
        this is the unambiguous range of [BM] eq. (14) (``sensing.unambiguous_range_m``).
    method : {"divide", "conjugate"}
        Element-wise division by the transmitted symbols on the pilot REs (default) or
        multiplication by their conjugate.

    Returns
    -------
    RangeDopplerMap
        ``power`` is float32 for complex64 input (float64 otherwise), shape
        ``(..., n_range, n_doppler)``; it may be a view with a negative range stride.

    Raises
    ------
    ValueError
        Grids whose last two axes differ from ``sensing.shape``, a grid without pilot REs,
        an unknown method, a factor made on another sensing grid.
    TypeError
        ``sensing`` is not a :class:`SensingGrid`.

    Notes
    -----
    One forward 2-D transform on a cached workspace (``ofdmisac._fft.workspace``): the
    received grid times the per-RE factor is written straight into the transform input, the
    range-axis sign and the Doppler fftshift are phase ramps inside the factor, and the
    range reversal is a reversed view of the output power. The Doppler axis assumes symbols
    spaced ``sensing.symbol_duration_s`` apart.

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.estimators import range_doppler_map
    >>> from ofdmisac.waveforms import SensingGrid
    >>> g = SensingGrid(fc_hz=28e9, scs_hz=120e3, symbol_duration_s=8.92e-6,
    ...                 pilot_mask=np.ones((64, 16), bool))
    >>> k, l = np.arange(64)[:, None], np.arange(16)[None, :]
    >>> rx = np.exp(-2j * np.pi * k * 4 / 64) * np.exp(2j * np.pi * l * 3 / 16)
    >>> m = range_doppler_map(rx, np.ones((64, 16)), g)
    >>> n, d = np.unravel_index(m.power.argmax(), m.power.shape)
    >>> round(float(m.range_m[n]), 2), round(float(m.velocity_mps[d]), 2)
    (78.07, 112.53)
    """
    check_instance("sensing", sensing, SensingGrid)
    check_choice("method", method, ("divide", "conjugate"))
    rx = _check_grid("rx_grid", rx_grid, sensing)
    fac = tx_grid if isinstance(tx_grid, RangeDopplerFactor) else None
    options = _processing(sensing)
    if fac is None:
        tx = _check_grid("tx_grid", tx_grid, sensing)
        if rx.dtype == np.complex64:
            tx = tx.astype(np.complex64, copy=False)
        n_r, n_d = sensing.n_range, sensing.n_doppler
        f_dtype, f_shape = np.result_type(tx.dtype, np.complex64), tx.shape
    else:
        if (fac.sensing is not sensing and (fac.sensing.shape, fac.n_range, fac.n_doppler,
                                            fac.sensing.window_range,
                                            fac.sensing.window_doppler)
                != (sensing.shape, sensing.n_range, sensing.n_doppler,
                    sensing.window_range, sensing.window_doppler)):
            fail("tx_grid", "RangeDopplerFactor(...)", "use a factor made by "
                 "range_doppler_factor on the same sensing grid")
        n_r, n_d = fac.n_range, fac.n_doppler
        f_dtype, f_shape = fac.factor.dtype, fac.factor.shape
    n_sc, n_sym = f_shape[-2:]
    dtype = np.result_type(rx.dtype, f_dtype)
    rdtype = np.float32 if dtype == np.complex64 else np.float64
    batch = np.broadcast_shapes(rx.shape[:-2], f_shape[:-2])
    n_b = int(np.prod(batch, dtype=int))
    src = tx if fac is None else fac.factor
    rx_f, src_f = _flat(rx, batch), _flat(src, batch)
    pilot_mask = options["pilot_mask"]
    mask_f = None if (fac is not None or pilot_mask is None) else _flat(
        np.broadcast_to(pilot_mask, f_shape), batch)
    # maps are transformed in chunks of ~_CHUNK_BYTES so that filling, transforming and
    # squaring a chunk stay in cache (and the cached workspace stays small)
    per_map = n_r * n_d * np.dtype(dtype).itemsize
    chunk = max(1, min(n_b, _CHUNK_BYTES // per_map))
    chunk = -(-n_b // -(-n_b // chunk))  # equal chunks: one workspace shape
    ws = _fft.workspace((chunk, n_r, n_d), dtype, axes=(-2, -1))
    power = np.empty((n_b, n_r, n_d), dtype=rdtype)
    loss = fac.processing_loss_db if fac is not None else None

    def part(a, c0, c1):
        return a if a is None or a.shape[0] == 1 else a[c0:c1]

    with ws.lock:
        for c0 in range(0, n_b, chunk):
            c1 = min(c0 + chunk, n_b)
            buf = ws.input[:c1 - c0]
            if n_r > n_sc:
                buf[:, n_sc:, :] = 0
            if n_d > n_sym:
                buf[:, :n_sc, n_sym:] = 0
            dst = buf[:, :n_sc, :n_sym]
            rx_c, src_c = part(rx_f, c0, c1), part(src_f, c0, c1)
            if fac is None:  # fused: rx x factor written straight into the transform input
                *_, gain, loss = _factor_into(dst, src_c, rx_c, method=method,
                                              **dict(options, pilot_mask=part(mask_f, c0, c1)))
                inv_g2 = (1.0 / gain**2).astype(rdtype)[:, None, None]
            else:
                inv_g2 = None

                def fill(r0, r1, rx_c=rx_c, src_c=src_c, dst=dst):
                    np.multiply(rx_c[:, r0:r1], src_c[:, r0:r1], out=dst[:, r0:r1])

                _in_row_chunks(fill, n_sc, dst.size)
            ws.execute()
            out = ws.output
            pw = power[c0:c1]

            def square_law(r0, r1, pw=pw, out=out, inv_g2=inv_g2):
                p = pw[:, r0:r1]
                np.abs(out[:p.shape[0], r0:r1], out=p)
                np.square(p, out=p)
                if inv_g2 is not None:
                    p *= inv_g2

            _in_row_chunks(square_law, n_r, pw.size)
    power = power.reshape((*batch, n_r, n_d))
    return RangeDopplerMap(
        power=power[..., ::-1, :],
        range_m=sensing.range_axis_m(),
        velocity_mps=sensing.velocity_axis_mps(),
        range_bin_m=sensing.range_bin_m,
        velocity_bin_mps=sensing.velocity_bin_mps,
        processing_loss_db=loss,
        sensing=sensing,
    )
