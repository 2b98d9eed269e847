"""The SS/PBCH block (TS 38.211 7.4.3.1) and its burst positions (TS 38.213 4.1).

:func:`ssb_grid` builds the 240 x 4 block (PSS, SSS, PBCH DM-RS, PBCH data and the REs set
to zero, Table 7.4.3.1-1); :func:`ssb_start_symbols` gives the first OFDM symbol of every
candidate block of a half frame for burst cases A-G; :func:`ssb_burst_grid` places a
burst into the half-frame resource grid of a carrier.
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np

from .._random import as_generator
from .._validation import check_choice, check_instance, check_int, check_real, fail
from ._numerology import Carrier
from ._sequences import _check_dtype, pbch_dmrs, pss, qpsk_modulate, sss

__all__ = [
    "SSB_CASE_SCS_KHZ", "SSB_PBCH_BITS", "SsbChannel", "ssb_channel_map", "ssb_i_bar", "ssb_grid",
    "ssb_start_symbols", "ssb_burst_grid"
]

SSB_CASE_SCS_KHZ = {"A": 15, "B": 30, "C": 30, "D": 120, "E": 240, "F": 480, "G": 960}
"""SS/PBCH subcarrier spacing of each burst case (TS 38.213 4.1)."""

SSB_N_SUBCARRIERS, SSB_N_SYMBOLS = 240, 4
SSB_PBCH_BITS = 864
"""Bits carried by the 432 PBCH data REs of one block (QPSK)."""


class SsbChannel(IntEnum):
    """Channel codes of :func:`ssb_channel_map`.

    The rows of TS 38.211 Table 7.4.3.1-1.

    An :class:`enum.IntEnum`: ``ZERO`` (0, an RE set to zero), ``PSS`` (1), ``SSS`` (2),
    ``PBCH`` (3) and ``PBCH_DMRS`` (4).

    Parameters
    ----------
    value : int
        A code, 0 to 4 (``SsbChannel(3)`` is ``SsbChannel.PBCH``).

    Raises
    ------
    ValueError
        If ``value`` is not one of the codes.

    Examples
    --------
    >>> from ofdmisac.waveforms import SsbChannel, ssb_channel_map
    >>> SsbChannel(3).name, int((ssb_channel_map(0) == SsbChannel.PSS).sum())
    ('PBCH', 127)
    """

    ZERO = 0
    PSS = 1
    SSS = 2
    PBCH = 3
    PBCH_DMRS = 4


# (symbol-pattern offsets, period, {l_max: n values}) of TS 38.213 4.1 (without shared spectrum
# channel access; L_max = 4 / 8 are the carrier-frequency (<= 3 GHz / > 3 GHz, Case C
# unpaired: < 1.88 GHz / >= 1.88 GHz) variants of cases A-C).
_D_N = (0, 1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 15, 16, 17, 18)
_BURST_CASES = {
    "A": ((2, 8), 14, {4: (0, 1), 8: (0, 1, 2, 3)}),
    "B": ((4, 8, 16, 20), 28, {4: (0,), 8: (0, 1)}),
    "C": ((2, 8), 14, {4: (0, 1), 8: (0, 1, 2, 3)}),
    "D": ((4, 8, 16, 20), 28, {64: _D_N}),
    "E": ((8, 12, 16, 20, 32, 36, 40, 44), 56, {64: (0, 1, 2, 3, 5, 6, 7, 8)}),
    "F": ((2, 9), 14, {64: tuple(range(32))}),
    "G": ((2, 9), 14, {64: tuple(range(32))}),
}


def _check_case(case, l_max) -> tuple:
    check_choice("case", case, tuple(_BURST_CASES))
    pattern, period, n_sets = _BURST_CASES[case]
    l_max = check_int("l_max", l_max)
    if l_max not in n_sets:
        raise ValueError(f"l_max={l_max!r} is not allowed for case {case}; choose one of "
                         f"{tuple(n_sets)} (TS 38.213 4.1)")
    return pattern, period, n_sets[l_max]


def ssb_start_symbols(case: str, l_max: int) -> np.ndarray:
    """First OFDM symbol of each candidate SS/PBCH block of a half frame.

    Implements TS 38.213 4.1 (index 0 is the first symbol of the first slot of the half
    frame; candidate index i_SSB = 0 .. L_max-1 in increasing time):

    ====  =======  =====================================  ====================================
    case  SCS kHz  first symbols                          n (L_max)
    ====  =======  =====================================  ====================================
    A     15       {2, 8} + 14 n                          0, 1 (4); 0..3 (8)
    B     30       {4, 8, 16, 20} + 28 n                  0 (4); 0, 1 (8)
    C     30       {2, 8} + 14 n                          0, 1 (4); 0..3 (8)
    D     120      {4, 8, 16, 20} + 28 n                  0-3, 5-8, 10-13, 15-18 (64)
    E     240      {8, 12, 16, 20, 32, 36, 40, 44} + 56n  0-3, 5-8 (64)
    F     480      {2, 9} + 14 n                          0..31 (64)
    G     960      {2, 9} + 14 n                          0..31 (64)
    ====  =======  =====================================  ====================================

    L_max = 4 / 8 of cases A-C are the low / high carrier-frequency variants. The shared
    spectrum channel access variants (L_max = 10, 20) are not provided.

    Parameters
    ----------
    case : {"A", "B", "C", "D", "E", "F", "G"}
    l_max : int
        Maximum number of candidate blocks per half frame (4 or 8 for A-C, 64 for D-G).

    Returns
    -------
    numpy.ndarray
        ``[l_max]`` int64, increasing.

    Raises
    ------
    TypeError
        If an argument has the wrong kind (a float or string for an integer, not a Carrier).
    ValueError
        If ``case`` is unknown or ``l_max`` does not exist for it.

    References
    ----------
    3GPP TS 38.213, clause 4.1.

    Examples
    --------
    >>> ssb_start_symbols("A", 4).tolist()
    [2, 8, 16, 22]
    """
    pattern, period, n_values = _check_case(case, l_max)
    starts = (np.asarray(pattern)[None, :] + period * np.asarray(n_values)[:, None]).ravel()
    return np.sort(starts).astype(np.int64)


def ssb_i_bar(i_ssb: int, l_max: int, *, n_hf: int = 0) -> int:
    """i_SSB_bar of the PBCH DM-RS (TS 38.211 7.4.1.4.1).

    L_max = 4: i_SSB_bar = i_SSB + 4 n_hf (i_SSB the two LSBs of the candidate index);
    L_max = 8 or 64: i_SSB_bar = i_SSB mod 8 (the three LSBs).

    Parameters
    ----------
    i_ssb : int
        Candidate SS/PBCH block index, 0..l_max-1.
    l_max : {4, 8, 64}
        Maximum number of candidate blocks in a half frame, L_max.
    n_hf : {0, 1}
        Half-frame number of the block (only used for ``l_max=4``).

    Returns
    -------
    int
        i_SSB_bar in 0..7.

    Raises
    ------
    TypeError
        If an argument has the wrong kind (a float or string for an integer, not a Carrier).
    ValueError
        If ``l_max`` is not 4, 8 or 64, ``i_ssb`` is outside 0..l_max-1 or ``n_hf`` is not 0/1.

    Examples
    --------
    >>> from ofdmisac.waveforms import ssb_i_bar
    >>> ssb_i_bar(13, 64), ssb_i_bar(1, 4, n_hf=1)
    (5, 5)
    """
    l_max = check_choice("l_max", check_int("l_max", l_max), (4, 8, 64))
    i_ssb = check_int("i_ssb", i_ssb, minimum=0, maximum=l_max - 1)
    n_hf = check_int("n_hf", n_hf, minimum=0, maximum=1)
    if l_max == 4:
        return int(i_ssb % 4 + 4 * n_hf)
    return int(i_ssb % 8)


def ssb_channel_map(n_id_cell: int) -> np.ndarray:
    """Channel of every RE of the SS/PBCH block (TS 38.211 Table 7.4.3.1-1).

    ========  ===========  ====================================================
    symbol l  channel      subcarriers k
    ========  ===========  ====================================================
    0         PSS          56..182 (the rest set to 0)
    1, 3      PBCH         0..239, DM-RS on k = 4 m + v, v = N_ID^cell mod 4
    2         PBCH         0..47, 192..239 (DM-RS on 4 m + v)
    2         SSS          56..182; 48..55 and 183..191 set to 0
    ========  ===========  ====================================================

    Parameters
    ----------
    n_id_cell : int
        Physical cell identity (0..1007); sets the DM-RS shift v.

    Returns
    -------
    numpy.ndarray
        ``[240, 4]`` uint8 of :class:`SsbChannel` codes.

    Raises
    ------
    TypeError
        If an argument has the wrong kind (a float or string for an integer, not a Carrier).
    ValueError
        If ``n_id_cell`` is outside 0..1007.

    References
    ----------
    3GPP TS 38.211, clause 7.4.3.1, Table 7.4.3.1-1.

    Examples
    --------
    >>> from ofdmisac.waveforms import SsbChannel, ssb_channel_map
    >>> m = ssb_channel_map(0)
    >>> m.shape, int((m == SsbChannel.PBCH_DMRS).sum())
    ((240, 4), 144)
    """
    v = check_int("n_id_cell", n_id_cell, minimum=0, maximum=1007) % 4
    out = np.zeros((SSB_N_SUBCARRIERS, SSB_N_SYMBOLS), dtype=np.uint8)
    k = np.arange(SSB_N_SUBCARRIERS)
    out[56:183, 0] = SsbChannel.PSS
    out[:, 1] = SsbChannel.PBCH
    out[:, 3] = SsbChannel.PBCH
    out[:48, 2] = SsbChannel.PBCH
    out[192:, 2] = SsbChannel.PBCH
    out[56:183, 2] = SsbChannel.SSS
    dmrs_k = (k % 4) == v
    for col in (1, 3):
        out[dmrs_k, col] = SsbChannel.PBCH_DMRS
    out[dmrs_k & ((k < 48) | (k >= 192)), 2] = SsbChannel.PBCH_DMRS
    return out


def ssb_grid(n_id_cell: int, *, i_ssb: int = 0, l_max: int = 8, pbch_bits=None, rng=None,
             n_hf: int = 0, beta_pss: float = 1.0, beta_sss: float = 1.0,
             beta_pbch: float = 1.0, beta_pbch_dmrs: float = 1.0,
             dtype=np.complex64) -> np.ndarray:
    """The SS/PBCH block: PSS, SSS, PBCH DM-RS and PBCH data.

    On its 240 x 4 REs.

    Implements TS 38.211 7.4.3.1 (Table 7.4.3.1-1, see :func:`ssb_channel_map`):
    beta_PSS d_PSS on symbol 0, k = 56..182; beta_SSS d_SSS on symbol 2, k = 56..182;
    beta_DMRS r(m) of :func:`~ofdmisac.waveforms.pbch_dmrs` on k = 4 m + v of the PBCH
    symbols, mapped in increasing order of first k then l (7.4.3.1.3); the 432 remaining PBCH
    REs carry beta_PBCH QPSK (5.1.3) of the 864 bits ``pbch_bits`` (or random bits from
    ``rng``) in the same order (7.4.3.1.2); the REs set to 0 are zero. PBCH channel coding
    (CRC, polar code, rate matching) and scrambling (TS 38.212 7.1, TS 38.211 7.3.3.1) are
    out of scope: ``pbch_bits`` are the already scrambled bits.

    Parameters
    ----------
    n_id_cell : int
        Physical cell identity, 0..1007.
    i_ssb : int
        Candidate SS/PBCH block index, 0..l_max-1.
    l_max : {4, 8, 64}
        Maximum number of blocks per half frame (sets i_SSB_bar, see :func:`ssb_i_bar`).
    pbch_bits : array_like of {0, 1}, optional
        864 PBCH bits; default random from ``rng``.
    rng : numpy.random.Generator, int or None
        Source of the random PBCH bits.
    n_hf : {0, 1}
        Half-frame number (used only for ``l_max=4``).
    beta_pss, beta_sss, beta_pbch, beta_pbch_dmrs : float
        Amplitude scaling factors (default 1; a 3 dB PSS boost is ``beta_pss=2**0.5``).
    dtype : complex64 or complex128

    Returns
    -------
    numpy.ndarray
        ``[240, 4]`` of ``dtype``: subcarrier k (0..239) by symbol l (0..3) of the block.

    Raises
    ------
    TypeError
        If an argument has the wrong kind (a float or string for an integer, not a Carrier).
    ValueError
        If an index is out of range, ``pbch_bits`` is not 864 bits, or a beta is not a finite
        non-negative number.

    References
    ----------
    3GPP TS 38.211, clauses 7.4.2.2, 7.4.2.3, 7.4.1.4.1, 7.4.3.1; TS 38.213 4.1.

    Examples
    --------
    >>> block = ssb_grid(17, rng=0)
    >>> block.shape, int((block != 0).sum())
    ((240, 4), 830)
    """
    dt = _check_dtype(dtype)
    i_bar = ssb_i_bar(i_ssb, l_max, n_hf=n_hf)
    betas = {"beta_pss": beta_pss, "beta_sss": beta_sss, "beta_pbch": beta_pbch,
             "beta_pbch_dmrs": beta_pbch_dmrs}
    for name, value in betas.items():
        check_real(name, value, minimum=0.0)
    channels = ssb_channel_map(n_id_cell)
    if pbch_bits is None:
        bits = as_generator(rng).integers(0, 2, size=SSB_PBCH_BITS, dtype=np.int8)
    else:
        bits = np.asarray(pbch_bits)
        if bits.shape != (SSB_PBCH_BITS,):
            raise ValueError(f"pbch_bits of shape {bits.shape} is not allowed; pass "
                             f"{SSB_PBCH_BITS} bits (432 QPSK REs)")
        if not np.all((bits == 0) | (bits == 1)):
            raise ValueError("pbch_bits is not allowed to hold values other than 0 and 1")
    out = np.zeros((SSB_N_SUBCARRIERS, SSB_N_SYMBOLS), dtype=dt)
    out[56:183, 0] = float(beta_pss) * pss(n_id_cell)
    out[56:183, 2] = float(beta_sss) * sss(n_id_cell)
    # "in increasing order of first k and then l": k is the inner index, so walk the
    # transposed [l, k] mask in C order.
    for code, values in ((SsbChannel.PBCH_DMRS,
                          float(beta_pbch_dmrs) * pbch_dmrs(n_id_cell, i_bar, dtype=dt)),
                         (SsbChannel.PBCH, float(beta_pbch) * qpsk_modulate(bits, dtype=dt))):
        l_idx, k_idx = np.nonzero((channels == code).T)
        out[k_idx, l_idx] = values
    return out


def ssb_burst_grid(carrier: Carrier, n_id_cell: int, *, case: str | None = None,
                   l_max: int | None = None, ssb_indices=None,
                   first_subcarrier: int | None = None, n_hf: int = 0, rng=None,
                   dtype=np.complex64) -> np.ndarray:
    """Resource grid of one half frame carrying an SS burst.

    Each transmitted candidate block i (``ssb_indices``) is the :func:`ssb_grid` of index i,
    placed at the first symbol ``ssb_start_symbols(case, l_max)[i]`` (TS 38.213 4.1) and on
    subcarriers ``first_subcarrier .. first_subcarrier + 239`` of the carrier grid; every
    other RE is zero.

    Parameters
    ----------
    carrier : Carrier
        Normal-CP carrier whose SCS is the case's SCS (SSB and carrier share the numerology).
    n_id_cell : int
        Physical cell identity, 0..1007.
    case : {"A", ..., "G"}, optional
        Burst case; default the case of the carrier's SCS (C at 30 kHz).
    l_max : int, optional
        Default 8 for A-C, 64 for D-G.
    ssb_indices : sequence of int, optional
        Transmitted candidate indices (default all ``0 .. l_max-1``).
    first_subcarrier : int, optional
        Grid subcarrier of SSB subcarrier 0 (default: the 20 RB centred on whole RBs).
    n_hf : {0, 1}
        Half-frame number (sets i_SSB_bar when ``l_max=4``).
    rng : numpy.random.Generator, int or None
        Source of the PBCH bits.
    dtype : complex64 or complex128
        Output dtype (complex64 by default).

    Returns
    -------
    numpy.ndarray
        ``[carrier.n_subcarriers, 5 * slots_per_subframe * 14]`` of ``dtype``.

    Raises
    ------
    TypeError
        If an argument has the wrong kind (a float or string for an integer, not a Carrier).
    ValueError
        If the case does not match the carrier's SCS, the carrier uses extended CP, the block
        does not fit in the carrier, or an index is out of range.

    References
    ----------
    TS 38.213 4.1; TS 38.211 7.4.3.1.

    Examples
    --------
    >>> from ofdmisac.waveforms import Carrier, ssb_burst_grid
    >>> g = ssb_burst_grid(Carrier(scs_khz=30, n_rb=24), 1, ssb_indices=[0], rng=0)
    >>> g.shape, int((g != 0).any(axis=0).sum())
    ((288, 140), 4)
    """
    check_instance("carrier", carrier, Carrier)
    if carrier.cyclic_prefix != "normal":
        raise ValueError(f"cyclic_prefix={carrier.cyclic_prefix!r} is not allowed for an SS "
                         "burst; SS/PBCH blocks use normal CP")
    if case is None:
        matches = [c for c, scs in SSB_CASE_SCS_KHZ.items() if scs == carrier.scs_khz]
        if not matches:
            raise ValueError(f"scs_khz={carrier.scs_khz} is not allowed for an SS burst; no "
                             f"burst case uses it (cases: {SSB_CASE_SCS_KHZ})")
        case = "C" if carrier.scs_khz == 30 else matches[0]
    if case in SSB_CASE_SCS_KHZ and SSB_CASE_SCS_KHZ[case] != carrier.scs_khz:
        allowed = tuple(c for c, s in SSB_CASE_SCS_KHZ.items() if s == carrier.scs_khz)
        raise ValueError(f"case={case!r} is not allowed with scs_khz={carrier.scs_khz}: case "
                         f"{case} is {SSB_CASE_SCS_KHZ[case]} kHz; choose one of {allowed}")
    if l_max is None:
        l_max = 8 if case in ("A", "B", "C") else 64
    starts = ssb_start_symbols(case, l_max)
    indices = range(l_max) if ssb_indices is None else ssb_indices
    try:
        indices = [int(i) for i in indices]
    except (TypeError, ValueError):
        raise ValueError(f"ssb_indices={ssb_indices!r} is not allowed; use integers in "
                         f"0..{l_max - 1}") from None
    if any(not 0 <= i < l_max for i in indices) or len(set(indices)) != len(indices):
        raise ValueError(f"ssb_indices={ssb_indices!r} is not allowed; use distinct integers "
                         f"in 0..{l_max - 1}")
    n_sc = carrier.n_subcarriers
    if first_subcarrier is None:
        if carrier.n_rb < 20:
            raise ValueError(f"n_rb={carrier.n_rb} is not allowed for an SS burst; the "
                             "SS/PBCH block needs 20 RB")
        first_subcarrier = 12 * ((carrier.n_rb - 20) // 2)
    first_subcarrier = check_int("first_subcarrier", first_subcarrier)
    if not 0 <= first_subcarrier <= n_sc - SSB_N_SUBCARRIERS:
        fail("first_subcarrier", first_subcarrier, "the 240 subcarriers must fit in the "
             f"carrier (use 0..{n_sc - 240})")
    rng = as_generator(rng)
    n_symbols = 5 * carrier.slots_per_subframe * carrier.symbols_per_slot
    out = np.zeros((n_sc, n_symbols), dtype=_check_dtype(dtype))
    k0 = int(first_subcarrier)
    for i in indices:
        l0 = int(starts[i])
        out[k0:k0 + SSB_N_SUBCARRIERS, l0:l0 + SSB_N_SYMBOLS] = ssb_grid(
            n_id_cell, i_ssb=i, l_max=l_max, rng=rng, n_hf=n_hf, dtype=dtype)
    return out
