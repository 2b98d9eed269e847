"""NR pseudo-random and synchronization sequences (TS 38.211 5.1.3, 5.2.1, 7.4.1.4.1, 7.4.2).

* :func:`gold_sequence`: the length-31 Gold sequence c(n) of TS 38.211 5.2.1 (N_C = 1600),
  computed in blocks of 28 values per step (the recurrence reaches 28 positions back), for
  any array of initializations at once.
* :func:`qpsk_modulate`: QPSK of TS 38.211 5.1.3.
* :func:`pss`, :func:`sss`: the length-127 BPSK m-sequences of TS 38.211 7.4.2.2 / 7.4.2.3.
* :func:`pbch_dmrs`: the PBCH demodulation reference signal of TS 38.211 7.4.1.4.1.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .._validation import check_array, check_bytes, check_dtype, check_int

__all__ = ["gold_sequence", "qpsk_modulate", "pss", "sss", "pbch_dmrs", "pbch_dmrs_c_init"]

N_C = 1600
"""Offset N_C of the Gold sequence (TS 38.211 5.2.1)."""

_BLOCK = 28  # x(n + 31) depends on x(n .. n + 3): 28 new values per step
_N_SYNC = 127  # PSS/SSS length


def _int_array(name: str, value, low: int, high: int) -> np.ndarray:
    """Integer array (int64) of ``value`` checked against ``low <= value <= high``."""
    return check_array(name, value, minimum=low, maximum=high, integer=True, dtype=np.int64)


def _check_dtype(dtype) -> np.dtype:
    return check_dtype("dtype", dtype)


@lru_cache(maxsize=16)
def _x1(total: int) -> np.ndarray:
    """First m-sequence x1(0 .. total-1): x1(0) = 1, x1(1..30) = 0 (cached, read-only)."""
    x = np.zeros(total, dtype=np.uint8)
    x[0] = 1
    n = 31
    while n < total:
        stop = min(n + _BLOCK, total)
        # x1(j) = x1(j - 28) xor x1(j - 31)
        x[n:stop] = x[n - 28:stop - 28] ^ x[n - 31:stop - 31]
        n = stop
    x.flags.writeable = False
    return x


def gold_sequence(c_init, length: int) -> np.ndarray:
    """Pseudo-random (Gold) sequence of NR.

    ``c(n)``, n = 0 .. length-1.

    Implements TS 38.211 5.2.1::

        c(n)      = (x1(n + N_C) + x2(n + N_C)) mod 2,            N_C = 1600
        x1(n + 31) = (x1(n + 3) + x1(n)) mod 2,                   x1(0) = 1, x1(1..30) = 0
        x2(n + 31) = (x2(n + 3) + x2(n + 2) + x2(n + 1) + x2(n)) mod 2,
        c_init = sum_i x2(i) 2^i.

    Parameters
    ----------
    c_init : int or array_like of int
        Initialization(s), ``0 <= c_init < 2**31``; an array gives one sequence per element.
    length : int
        Number of output bits M_PN (>= 0).

    Returns
    -------
    numpy.ndarray
        ``[*np.shape(c_init), length]`` uint8 of 0/1.

    Raises
    ------
    TypeError
        If an argument has the wrong kind (a string, None, a bool, a non-dtype).
    ValueError
        If ``c_init`` is outside ``0 .. 2**31 - 1`` or not an integer, or ``length < 0``.

    References
    ----------
    3GPP TS 38.211, clause 5.2.1.

    Examples
    --------
    >>> gold_sequence([0, 1], 8).shape
    (2, 8)
    """
    length = check_int("length", length, minimum=0)
    c = _int_array("c_init", c_init, 0, 2**31 - 1)
    check_bytes("length", length, 3.0 * (length + 1600) * max(c.size, 1),
                advice="generate shorter sequences per call")
    total = N_C + length
    x1 = _x1(max(total, 31))
    flat = c.reshape(-1)
    x2 = np.zeros((flat.size, max(total, 31)), dtype=np.uint8)
    x2[:, :31] = (flat[:, None] >> np.arange(31)) & 1
    n = 31
    while n < total:
        stop = min(n + _BLOCK, total)
        # x2(j) = x2(j - 28) ^ x2(j - 29) ^ x2(j - 30) ^ x2(j - 31)
        x2[:, n:stop] = (x2[:, n - 28:stop - 28] ^ x2[:, n - 29:stop - 29]
                         ^ x2[:, n - 30:stop - 30] ^ x2[:, n - 31:stop - 31])
        n = stop
    out = x2[:, N_C:total] ^ x1[N_C:total]
    return out.reshape(*c.shape, length)


def qpsk_modulate(bits, *, dtype=np.complex64) -> np.ndarray:
    """QPSK symbols of bit pairs.

    ``d(i) = ((1 - 2 b(2i)) + j (1 - 2 b(2i+1))) / sqrt(2)``.

    Implements TS 38.211 5.1.3.

    Parameters
    ----------
    bits : array_like of {0, 1}
        ``[..., 2 M]`` bits; the last axis is paired.
    dtype : complex64 or complex128

    Returns
    -------
    numpy.ndarray
        ``[..., M]`` of ``dtype``, unit energy per symbol.

    Raises
    ------
    TypeError
        If an argument has the wrong kind (a string, None, a bool, a non-dtype).
    ValueError
        If a bit is not 0 or 1, the last axis has odd length, or ``dtype`` is not complex.

    References
    ----------
    3GPP TS 38.211, clause 5.1.3.

    Examples
    --------
    >>> np.round(qpsk_modulate([0, 0, 1, 1]) * np.sqrt(2), 6).tolist()
    [(1+1j), (-1-1j)]
    """
    dt = _check_dtype(dtype)
    b = np.asarray(bits)
    if b.ndim == 0 or b.shape[-1] % 2:
        raise ValueError(f"bits of shape {b.shape} is not allowed; the last axis must have an "
                         "even length (bit pairs)")
    if b.size and not np.all((b == 0) | (b == 1)):
        raise ValueError("bits is not allowed to hold values other than 0 and 1")
    b = b.astype(np.int8)
    real_dt = np.float32 if dt == np.complex64 else np.float64
    scale = real_dt(1.0 / np.sqrt(2.0))
    out = np.empty(b.shape[:-1] + (b.shape[-1] // 2,), dtype=dt)
    out.real = (1 - 2 * b[..., 0::2]) * scale
    out.imag = (1 - 2 * b[..., 1::2]) * scale
    return out


@lru_cache(maxsize=4)
def _m_sequence(taps: tuple, init: tuple) -> np.ndarray:
    """Length-127 m-sequence x(i + 7) = sum_taps x(i + t) mod 2 with x(0..6) = init."""
    x = np.zeros(_N_SYNC, dtype=np.int64)
    x[:7] = init
    for i in range(_N_SYNC - 7):
        x[i + 7] = np.sum(x[i + np.asarray(taps)]) % 2
    x.flags.writeable = False
    return x


def _cell_id(n_id_cell) -> np.ndarray:
    return _int_array("n_id_cell", n_id_cell, 0, 1007)


def pss(n_id_cell) -> np.ndarray:
    """Primary synchronization signal (PSS) of a cell.

    ``d_PSS(n)``, n = 0..126.

    Implements TS 38.211 7.4.2.2.1: d_PSS(n) = 1 - 2 x(m), m = (n + 43 N_ID^(2)) mod 127,
    x(i + 7) = (x(i + 4) + x(i)) mod 2, [x(6) .. x(0)] = [1 1 1 0 1 1 0], with
    N_ID^(2) = N_ID^cell mod 3.

    Parameters
    ----------
    n_id_cell : int or array_like of int
        Physical cell identity N_ID^cell = 3 N_ID^(1) + N_ID^(2), 0..1007.

    Returns
    -------
    numpy.ndarray
        ``[*np.shape(n_id_cell), 127]`` float64 of +-1.

    Raises
    ------
    TypeError
        If an argument has the wrong kind (a string, None, a bool, a non-dtype).
    ValueError
        If ``n_id_cell`` is outside 0..1007.

    References
    ----------
    3GPP TS 38.211, clauses 7.4.2.1 and 7.4.2.2.

    Examples
    --------
    >>> pss(17)[:8].tolist()
    [-1.0, -1.0, -1.0, -1.0, -1.0, -1.0, 1.0, 1.0]
    """
    n_id = _cell_id(n_id_cell)
    x = _m_sequence((4, 0), (0, 1, 1, 0, 1, 1, 1))
    m = (np.arange(_N_SYNC) + 43 * (n_id % 3)[..., None]) % _N_SYNC
    return (1.0 - 2.0 * x[m]).astype(np.float64)


def sss(n_id_cell) -> np.ndarray:
    """Secondary synchronization signal (SSS) of a cell.

    ``d_SSS(n)``, n = 0..126.

    Implements TS 38.211 7.4.2.3.1::

        d_SSS(n) = [1 - 2 x0((n + m0) mod 127)] [1 - 2 x1((n + m1) mod 127)]
        m0 = 15 floor(N_ID^(1) / 112) + 5 N_ID^(2),   m1 = N_ID^(1) mod 112
        x0(i + 7) = (x0(i + 4) + x0(i)) mod 2,  x1(i + 7) = (x1(i + 1) + x1(i)) mod 2
        [x0(6) .. x0(0)] = [x1(6) .. x1(0)] = [0 0 0 0 0 0 1].

    Parameters
    ----------
    n_id_cell : int or array_like of int
        Physical cell identity, 0..1007 (N_ID^(1) = n_id_cell // 3, N_ID^(2) = n_id_cell % 3).

    Returns
    -------
    numpy.ndarray
        ``[*np.shape(n_id_cell), 127]`` float64 of +-1.

    Raises
    ------
    TypeError
        If an argument has the wrong kind (a string, None, a bool, a non-dtype).
    ValueError
        If ``n_id_cell`` is outside 0..1007.

    References
    ----------
    3GPP TS 38.211, clauses 7.4.2.1 and 7.4.2.3.

    Examples
    --------
    >>> sss(0)[:4].tolist()
    [1.0, 1.0, 1.0, 1.0]
    """
    n_id = _cell_id(n_id_cell)
    n1, n2 = n_id // 3, n_id % 3
    init = (1, 0, 0, 0, 0, 0, 0)
    x0 = _m_sequence((4, 0), init)
    x1 = _m_sequence((1, 0), init)
    m0 = (15 * (n1 // 112) + 5 * n2)[..., None]
    m1 = (n1 % 112)[..., None]
    n = np.arange(_N_SYNC)
    return ((1.0 - 2.0 * x0[(n + m0) % _N_SYNC]) * (1.0 - 2.0 * x1[(n + m1) % _N_SYNC]))


def pbch_dmrs_c_init(n_id_cell, i_ssb_bar) -> np.ndarray:
    """Initialization of the PBCH DM-RS Gold sequence (TS 38.211 7.4.1.4.1).

    c_init = 2^11 (i_SSB_bar + 1) (floor(N_ID^cell / 4) + 1) + 2^6 (i_SSB_bar + 1)
    + (N_ID^cell mod 4).

    Parameters
    ----------
    n_id_cell : int or array_like of int
        Physical cell identity, 0..1007.
    i_ssb_bar : int or array_like of int
        i_SSB_bar, 0..7 (see :func:`pbch_dmrs`); broadcast with ``n_id_cell``.

    Returns
    -------
    numpy.ndarray
        int64 of the broadcast shape.

    Raises
    ------
    TypeError
        If an argument has the wrong kind (a string, None, a bool, a non-dtype).
    ValueError
        If an argument is out of range.

    Examples
    --------
    >>> from ofdmisac.waveforms import pbch_dmrs_c_init
    >>> int(pbch_dmrs_c_init(0, 0))
    2112
    """
    n_id = _cell_id(n_id_cell)
    i_bar = _int_array("i_ssb_bar", i_ssb_bar, 0, 7)
    return (2**11 * (i_bar + 1) * (n_id // 4 + 1) + 2**6 * (i_bar + 1) + n_id % 4)


def pbch_dmrs(n_id_cell, i_ssb_bar, *, dtype=np.complex64) -> np.ndarray:
    """PBCH demodulation reference signal (DM-RS) of an SS/PBCH block.

    ``r(m)``, m = 0..143.

    Implements TS 38.211 7.4.1.4.1: r(m) = ((1 - 2 c(2m)) + j (1 - 2 c(2m + 1))) / sqrt(2)
    with c the Gold sequence of :func:`gold_sequence` initialized with
    :func:`pbch_dmrs_c_init`. i_SSB_bar = i_SSB + 4 n_hf for L_max = 4 (i_SSB the two LSBs of
    the candidate index, n_hf the half-frame number), i_SSB_bar = i_SSB mod 8 (three LSBs)
    for L_max = 8 and 64.

    Parameters
    ----------
    n_id_cell : int or array_like of int
        Physical cell identity, 0..1007.
    i_ssb_bar : int or array_like of int
        0..7, broadcast with ``n_id_cell``.
    dtype : complex64 or complex128
        Output dtype (complex64 by default).

    Returns
    -------
    numpy.ndarray
        ``[*broadcast_shape, 144]`` of ``dtype``.

    Raises
    ------
    TypeError
        If an argument has the wrong kind (a string, None, a bool, a non-dtype).
    ValueError
        If an argument is out of range.

    References
    ----------
    3GPP TS 38.211, clause 7.4.1.4.1.

    Examples
    --------
    >>> from ofdmisac.waveforms import pbch_dmrs
    >>> r = pbch_dmrs(1, 0)
    >>> r.shape, round(float(abs(r[0])), 3)
    ((144,), 1.0)
    """
    c_init = pbch_dmrs_c_init(n_id_cell, i_ssb_bar)
    return qpsk_modulate(gold_sequence(c_init, 288), dtype=dtype)
