"""Range-Doppler map of an OFDM radar echo ([BM] Sec. II, eqs. (13)-(14)).

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
from ...units import SPEED_OF_LIGHT_MPS
from ._windows import get_window, window_gains

__all__ = [
    "RangeDopplerFactor", "RangeDopplerMap", "range_doppler_factor", "range_doppler_map",
    "range_resolution_m", "velocity_resolution_mps", "unambiguous_range_m",
    "unambiguous_velocity_mps"
]


def range_resolution_m(bandwidth_hz: float) -> float:
    """Range resolution ``c / (2 B)`` ([BM] eq. (13))."""
    return SPEED_OF_LIGHT_MPS / (2.0 * bandwidth_hz)


def velocity_resolution_mps(duration_s: float, fc_hz: float) -> float:
    """Velocity resolution ``c / (2 fc T_obs)`` ([BM] eq. (13))."""
    return SPEED_OF_LIGHT_MPS / (2.0 * fc_hz * duration_s)


def unambiguous_range_m(scs_hz: float, comb: int = 1) -> float:
    """Unambiguous range ``c / (2 comb scs)`` ([BM] eq. (14))."""
    return SPEED_OF_LIGHT_MPS / (2.0 * comb * scs_hz)


def unambiguous_velocity_mps(symbol_duration_s: float, fc_hz: float, step: int = 1) -> float:
    """Unambiguous velocity span ``c / (2 fc step T_sym)`` ([BM] eq. (14)); the map covers
    ``[-span/2, span/2)``."""
    return SPEED_OF_LIGHT_MPS / (2.0 * fc_hz * step * symbol_duration_s)


@dataclass(frozen=True, kw_only=True)
class RangeDopplerMap:
    """Result of :func:`range_doppler_map`.

    Attributes
    ----------
    power : ndarray, float, shape ``(..., n_range, n_doppler)``
    range_m : ndarray, shape ``(n_range,)``, ``n c / (2 scs N)``
    velocity_mps : ndarray, shape ``(n_doppler,)``, fftshifted, ascending
    range_bin_m, velocity_bin_mps : float
    processing_loss_db : float
        SNR loss of the range and Doppler windows, ``10 log10(n sum w^2 / (sum w)^2)`` summed
        over the two axes (0 for rectangular windows), see :func:`window_gains`.
    """

    power: np.ndarray
    range_m: np.ndarray
    velocity_mps: np.ndarray
    range_bin_m: float
    velocity_bin_mps: float
    processing_loss_db: float = 0.0


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
    """Precomputed per-RE factor of :func:`range_doppler_map` (pass it as ``tx_grid``).

    ``factor[..., k, l] = m_kl w_k w_l / X_kl`` (``"divide"``) or ``m_kl w_k w_l conj(X_kl)``
    (``"conjugate"``), times the phase ramps ``exp(-j 2 pi k / n_range)`` and
    ``exp(+j 2 pi l floor(n_doppler / 2) / n_doppler)`` that fold the range-axis reversal and
    the Doppler fftshift into the transform, divided by the gain that normalizes an on-grid
    target of amplitude ``a`` to peak power ``|a|^2``. Build it with
    :func:`range_doppler_factor` when many received grids share one transmitted grid.
    """

    factor: np.ndarray
    n_range: int
    n_doppler: int
    processing_loss_db: float


def range_doppler_factor(tx_grid, *, method="divide", window_range="rect",
                         window_doppler="rect", n_range=None, n_doppler=None,
                         pilot_mask=None) -> RangeDopplerFactor:
    """Per-RE factor of the periodogram for a transmitted grid (see :func:`range_doppler_map`).

    Parameters
    ----------
    tx_grid : array, complex, shape ``(..., n_sc, n_sym)``
    method, window_range, window_doppler, n_range, n_doppler, pilot_mask
        As in :func:`range_doppler_map`.

    Returns
    -------
    RangeDopplerFactor
        ``factor`` has the shape of ``tx_grid`` and its precision (complex64 for complex64 or
        real float32 input, else complex128).

    Raises
    ------
    ValueError
        No pilot REs, unknown method or window, FFT sizes smaller than the grid.
    """
    tx = np.asarray(tx_grid)
    factor = np.empty(tx.shape, dtype=np.result_type(tx.dtype, np.complex64))
    n_range, n_doppler, gain, loss = _factor_into(
        factor, tx, None, method=method, window_range=window_range,
        window_doppler=window_doppler, n_range=n_range, n_doppler=n_doppler,
        pilot_mask=pilot_mask)
    factor *= (1.0 / gain).astype(factor.real.dtype)[..., None, None]
    return RangeDopplerFactor(factor=factor, n_range=n_range, n_doppler=n_doppler,
                              processing_loss_db=loss)


def _check_factor_args(tx, method, n_range, n_doppler):
    if tx.ndim < 2:
        raise ValueError(f"tx_grid must be (..., n_sc, n_sym), got shape {tx.shape}")
    if method not in ("divide", "conjugate"):
        raise ValueError(f"method={method!r} is not allowed; choose 'divide' or 'conjugate'")
    n_sc, n_sym = tx.shape[-2:]
    n_range = n_sc if n_range is None else int(n_range)
    n_doppler = n_sym if n_doppler is None else int(n_doppler)
    if n_range < n_sc or n_doppler < n_sym:
        raise ValueError(f"n_range={n_range}, n_doppler={n_doppler} must be >= grid size "
                         f"({n_sc}, {n_sym})")
    return n_range, n_doppler


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
    n_range, n_doppler = _check_factor_args(tx, method, n_range, n_doppler)
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
        raise ValueError("the grid has no pilot REs (pilot_mask / tx_grid all zero)")
    if np.any(gain <= 0):
        raise ValueError("a grid of the batch has no pilot REs (zero gain)")
    return n_range, n_doppler, gain, loss


def range_doppler_map(rx_grid, tx_grid, carrier=None, fc_hz=None, *, scs_hz=None,
                      symbol_duration_s=None, method="divide", window_range="rect",
                      window_doppler="rect", n_range=None, n_doppler=None,
                      pilot_mask=None) -> RangeDopplerMap:
    """Periodogram range-Doppler map from received and transmitted grids.

    Parameters
    ----------
    rx_grid : array, complex, shape ``(..., n_sc, n_sym)``
    tx_grid : array, complex, shape ``(..., n_sc, n_sym)``, or RangeDopplerFactor
        Transmitted grid (broadcast against ``rx_grid``), or its precomputed factor from
        :func:`range_doppler_factor` (then ``method``, the windows, ``n_range``,
        ``n_doppler`` and ``pilot_mask`` are taken from it).
    carrier : Carrier, optional
        Supplies ``scs_hz`` and ``symbol_duration_s`` unless given explicitly.
    fc_hz : float
        Carrier frequency.
    method : {"divide", "conjugate"}
        Element-wise division by the transmitted symbols on the pilot REs or multiplication
        by their conjugate.
    window_range, window_doppler : str
        Window names (see ``WINDOW_NAMES``), applied along subcarriers / symbols; their SNR
        loss is reported in ``processing_loss_db``.
    n_range, n_doppler : int, optional
        FFT lengths (zero padding), at least the grid size.
    pilot_mask : bool array ``(n_sc, n_sym)``, optional
        REs carrying known symbols; default: where ``tx_grid != 0``. Non-pilot REs are set to
        zero. For a comb with subcarrier spacing ``D`` the zero-filled grid produces ``D``
        replicas (ghosts) of each target spaced ``c / (2 D scs)`` in range: this is the
        unambiguous range of eq. (14); decimate the grid first to avoid them.

    Returns
    -------
    RangeDopplerMap
        ``power`` is float32 for complex64 input (float64 otherwise), shape
        ``(..., n_range, n_doppler)``; it may be a view with a negative range stride.

    Raises
    ------
    ValueError
        Mismatched shapes, a grid without pilot REs, unknown method or window, bad sizes,
        ``fc_hz``, ``scs_hz`` or ``symbol_duration_s`` not > 0.

    Notes
    -----
    One forward 2-D transform on a cached workspace (``ofdmisac._fft.workspace``): the
    received grid times the per-RE factor is written straight into the transform input, the
    range-axis sign and the Doppler fftshift are phase ramps inside the factor, and the
    range reversal is a reversed view of the output power.
    """
    rx = np.asarray(rx_grid)
    if carrier is not None:
        scs_hz = carrier.scs_hz if scs_hz is None else scs_hz
        symbol_duration_s = (carrier.symbol_duration_s if symbol_duration_s is None
                             else symbol_duration_s)
    if scs_hz is None or symbol_duration_s is None or fc_hz is None:
        raise ValueError("need carrier (or scs_hz and symbol_duration_s) and fc_hz")
    for name, value in (("fc_hz", fc_hz), ("scs_hz", scs_hz),
                        ("symbol_duration_s", symbol_duration_s)):
        if not np.isfinite(value) or value <= 0:
            raise ValueError(f"{name}={value!r} is not allowed; it must be > 0")
    fac = tx_grid if isinstance(tx_grid, RangeDopplerFactor) else None
    if fac is None:
        tx = np.asarray(tx_grid)
        if rx.ndim < 2 or tx.ndim < 2 or rx.shape[-2:] != tx.shape[-2:]:
            raise ValueError(f"rx_grid shape {rx.shape} and tx_grid shape {tx.shape} do not "
                             "match in the last two (subcarrier, symbol) axes")
        if rx.dtype == np.complex64:
            tx = tx.astype(np.complex64, copy=False)
        n_r, n_d = _check_factor_args(tx, method, n_range, n_doppler)
        get_window(window_range, tx.shape[-2])  # validate before planning the transform
        get_window(window_doppler, tx.shape[-1])
        f_dtype, f_shape = np.result_type(tx.dtype, np.complex64), tx.shape
    else:
        if rx.ndim < 2 or rx.shape[-2:] != fac.factor.shape[-2:]:
            raise ValueError(f"rx_grid shape {rx.shape} and tx_grid shape "
                             f"{fac.factor.shape} do not match in the last two (subcarrier, "
                             "symbol) axes")
        n_r, n_d = fac.n_range, fac.n_doppler
        f_dtype, f_shape = fac.factor.dtype, fac.factor.shape
    n_sc, n_sym = f_shape[-2:]
    dtype = np.result_type(rx.dtype, f_dtype)
    rdtype = np.float32 if dtype == np.complex64 else np.float64
    batch = np.broadcast_shapes(rx.shape[:-2], f_shape[:-2])
    n_b = int(np.prod(batch, dtype=int))
    src = tx if fac is None else fac.factor
    rx_f, src_f = _flat(rx, batch), _flat(src, batch)
    mask_f = None if (fac is not None or pilot_mask is None) else _flat(
        np.broadcast_to(np.asarray(pilot_mask, dtype=bool), f_shape), batch)
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
                                              window_range=window_range,
                                              window_doppler=window_doppler, n_range=n_range,
                                              n_doppler=n_doppler,
                                              pilot_mask=part(mask_f, c0, c1))
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
    range_bin = SPEED_OF_LIGHT_MPS / (2.0 * scs_hz * n_r)
    vel_bin = SPEED_OF_LIGHT_MPS / (2.0 * fc_hz * symbol_duration_s * n_d)
    return RangeDopplerMap(
        power=power[..., ::-1, :],
        range_m=np.arange(n_r) * range_bin,
        velocity_mps=(np.arange(n_d) - n_d // 2) * vel_bin,
        range_bin_m=range_bin,
        velocity_bin_mps=vel_bin,
        processing_loss_db=loss,
    )
