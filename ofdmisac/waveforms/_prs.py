"""NR downlink positioning reference signal (TS 38.211 7.4.1.7).

:class:`PRSConfig` describes one DL PRS resource in a slot (comb size, symbols, RE offset,
sequence ID, band, power); :func:`prs_grid` maps its sequence (7.4.1.7.2) onto the resource
elements of 7.4.1.7.3 in a carrier grid, :func:`prs_indices` lists those REs.

Frequency reference: k = 0 is subcarrier 0 of common resource block 0 (point A); the
carrier grid starts at CRB ``carrier.n_start_grid``. The sequence index m counts from
point A, so the value on a resource element does not depend on where the PRS band starts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import check_choice, check_instance, check_int, check_real
from ._numerology import Carrier
from ._sequences import _check_dtype, _int_array, gold_sequence, qpsk_modulate

__all__ = [
    "PRSConfig", "PRS_COMB_SYMBOLS", "prs_k_prime", "prs_c_init", "prs_sequence", "prs_indices",
    "prs_grid", "prs_occasion_slots", "prs_multi_slot_grid"
]

PRS_COMB_SYMBOLS = {2: (2, 4, 6, 12), 4: (4, 12), 6: (6, 12), 12: (12,)}
"""Allowed numbers of PRS symbols L_PRS for each comb size K_comb (TS 38.211 7.4.1.7.3)."""

# k' of TS 38.211 Table 7.4.1.7.3-1, indexed by the symbol number l - l_start = 0..11
_K_PRIME = {
    2: (0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1),
    4: (0, 2, 1, 3, 0, 2, 1, 3, 0, 2, 1, 3),
    6: (0, 3, 1, 4, 2, 5, 0, 3, 1, 4, 2, 5),
    12: (0, 6, 3, 9, 1, 7, 4, 10, 2, 8, 5, 11),
}
_MAX_SYMBOLS_PER_SLOT = 14


def _check_comb_size(comb_size) -> int:
    return check_choice("comb_size", check_int("comb_size", comb_size), tuple(_K_PRIME))


def prs_k_prime(comb_size: int) -> np.ndarray:
    """Frequency offsets k' of the PRS symbols (TS 38.211 Table 7.4.1.7.3-1).

    Parameters
    ----------
    comb_size : {2, 4, 6, 12}
        K_comb.

    Returns
    -------
    numpy.ndarray
        ``[12]`` int64: k' of the symbols l - l_start = 0 .. 11.

    Raises
    ------
    TypeError
        If ``comb_size`` is not an integer.
    ValueError
        If ``comb_size`` is not 2, 4, 6 or 12.

    Examples
    --------
    >>> from ofdmisac.waveforms import prs_k_prime
    >>> prs_k_prime(4).tolist()
    [0, 2, 1, 3, 0, 2, 1, 3, 0, 2, 1, 3]
    """
    return np.asarray(_K_PRIME[_check_comb_size(comb_size)], dtype=np.int64)


@dataclass(frozen=True, kw_only=True)
class PRSConfig:
    """One NR downlink PRS resource within a slot.

    TS 38.211 7.4.1.7; TS 38.331 NR-DL-PRS-Resource.

    Parameters
    ----------
    comb_size : {2, 4, 6, 12}
        K_comb (dl-PRS-CombSizeN): one PRS RE every ``comb_size`` subcarriers per symbol.
    num_symbols : int
        L_PRS: 2, 4, 6 or 12 for comb 2; 4 or 12 for comb 4; 6 or 12 for comb 6; 12 for comb 12.
    start_symbol : int
        l_start^PRS, first PRS symbol in the slot; ``start_symbol + num_symbols <= 14``
        (12 with extended CP, checked against the carrier in :func:`prs_grid`).
    re_offset : int
        k_offset^PRS, 0..comb_size-1.
    n_id : int
        n_ID,seq^PRS (dl-PRS-SequenceId), 0..4095.
    rb_offset : int
        First RB of the PRS band relative to the carrier grid's first RB (>= 0).
    n_rb : int, optional
        PRS bandwidth in RBs (default: up to the carrier's last RB). TS 38.331 restricts
        dl-PRS-ResourceBandwidth to 24..272 RB in steps of 4; narrower bands are accepted here
        for small test grids.
    power_db : float
        EPRE scaling: the amplitude factor beta_PRS = 10**(power_db / 20).

    Raises
    ------
    TypeError
        A parameter of the wrong kind (a float or string for an integer, ...).
    ValueError
        A parameter outside its domain; the message names it, its value and what is allowed.

    Examples
    --------
    >>> from ofdmisac.waveforms import PRSConfig
    >>> PRSConfig(comb_size=4, num_symbols=12, start_symbol=2).k_prime.tolist()
    [0, 2, 1, 3, 0, 2, 1, 3, 0, 2, 1, 3]
    """

    comb_size: int
    num_symbols: int
    start_symbol: int = 0
    re_offset: int = 0
    n_id: int = 0
    rb_offset: int = 0
    n_rb: int | None = None
    power_db: float = 0.0

    def __post_init__(self):
        comb_size = _check_comb_size(self.comb_size)
        allowed = PRS_COMB_SYMBOLS[comb_size]
        num_symbols = check_int("num_symbols", self.num_symbols)
        if num_symbols not in allowed:
            raise ValueError(
                f"num_symbols={num_symbols!r} is not allowed with comb_size={comb_size}; "
                f"choose one of {', '.join(map(str, allowed))} (TS 38.211 7.4.1.7.3)")
        start_symbol = check_int("start_symbol", self.start_symbol, minimum=0)
        if start_symbol + num_symbols > _MAX_SYMBOLS_PER_SLOT:
            raise ValueError(
                f"start_symbol={start_symbol!r} is not allowed with num_symbols="
                f"{num_symbols}; the PRS must fit in the slot (use 0.."
                f"{_MAX_SYMBOLS_PER_SLOT - num_symbols})")
        values = {
            "comb_size": comb_size, "num_symbols": num_symbols, "start_symbol": start_symbol,
            "re_offset": check_int("re_offset", self.re_offset, minimum=0,
                                   maximum=comb_size - 1),
            "n_id": check_int("n_id", self.n_id, minimum=0, maximum=4095),
            "rb_offset": check_int("rb_offset", self.rb_offset, minimum=0),
            "n_rb": None if self.n_rb is None else check_int("n_rb", self.n_rb, minimum=1,
                                                             maximum=275),
            "power_db": check_real("power_db", self.power_db),
        }
        for name, value in values.items():
            object.__setattr__(self, name, value)

    @property
    def beta(self) -> float:
        """Amplitude scaling beta_PRS = 10**(power_db / 20)."""
        return 10.0 ** (self.power_db / 20.0)

    @property
    def k_prime(self) -> np.ndarray:
        """k' of the PRS symbols, ``[num_symbols]`` int64 (Table 7.4.1.7.3-1)."""
        return prs_k_prime(self.comb_size)[:self.num_symbols]

    @property
    def symbols(self) -> np.ndarray:
        """Slot symbol indices l of the PRS, ``[num_symbols]`` int64."""
        return np.arange(self.start_symbol, self.start_symbol + self.num_symbols)

    @property
    def comb_offsets(self) -> np.ndarray:
        """(k_offset + k') mod K_comb of each PRS symbol, ``[num_symbols]`` int64."""
        return (self.re_offset + self.k_prime) % self.comb_size

    def band_rb(self, carrier: Carrier) -> tuple[int, int]:
        """First RB in the carrier grid and number of RBs of the PRS band.

        Parameters
        ----------
        carrier : Carrier
            The carrier the PRS is mapped onto (its ``n_rb``).

        Returns
        -------
        first_rb : int
            ``rb_offset``.
        n_rb : int
            ``n_rb``, or by default the RBs from ``rb_offset`` to the carrier's last RB.

        Raises
        ------
        ValueError
            If the band does not fit in the carrier.
        """
        n_rb = carrier.n_rb - self.rb_offset if self.n_rb is None else self.n_rb
        if n_rb < 1 or self.rb_offset + n_rb > carrier.n_rb:
            raise ValueError(
                f"rb_offset={self.rb_offset}, n_rb={self.n_rb} is not allowed for a carrier of "
                f"n_rb={carrier.n_rb}: the PRS band must fit in the carrier "
                f"(rb_offset + n_rb <= {carrier.n_rb})")
        return self.rb_offset, n_rb


def prs_c_init(n_id, slot, symbol, *, symbols_per_slot: int = 14) -> np.ndarray:
    """Gold-sequence initialization of a PRS symbol (TS 38.211 7.4.1.7.2).

    c_init = (2^22 floor(n_ID / 1024) + 2^10 (N_symb^slot n_s,f + l + 1)
    (2 (n_ID mod 1024) + 1) + (n_ID mod 1024)) mod 2^31.

    Parameters
    ----------
    n_id : int or array_like
        n_ID,seq^PRS, 0..4095.
    slot : int or array_like
        n_s,f^mu, the slot number within the frame (>= 0).
    symbol : int or array_like
        l, the OFDM symbol within the slot.
    symbols_per_slot : {14, 12}
        N_symb^slot (14 normal CP, 12 extended CP).

    Returns
    -------
    numpy.ndarray
        int64 of the broadcast shape.

    Raises
    ------
    TypeError
        If ``n_id``, ``slot`` or ``symbol`` is not integers.
    ValueError
        If ``n_id`` is outside 0..4095, ``slot`` or ``symbol`` is negative (or ``symbol``
        > 13), or ``symbols_per_slot`` is not 12 or 14.

    Examples
    --------
    >>> from ofdmisac.waveforms import prs_c_init
    >>> int(prs_c_init(1, 0, 0))
    3073
    """
    n = _int_array("n_id", n_id, 0, 4095)
    s = _int_array("slot", slot, 0, 2**31)
    l_ = _int_array("symbol", symbol, 0, 13)
    check_choice("symbols_per_slot", check_int("symbols_per_slot", symbols_per_slot), (12, 14))
    value = (2**22 * (n // 1024) + 2**10 * (symbols_per_slot * s + l_ + 1) * (2 * (n % 1024) + 1)
             + n % 1024)
    return value % 2**31


def prs_sequence(n_id: int, slot: int, symbol, length: int, *, symbols_per_slot: int = 14,
                 dtype=np.complex64) -> np.ndarray:
    """QPSK PRS sequence of one or more OFDM symbols.

    ``r(m) = ((1 - 2 c(2m)) + j (1 - 2 c(2m+1))) / sqrt(2)``, m = 0 .. length-1.
    Implements TS 38.211 7.4.1.7.2 with c initialized by :func:`prs_c_init`.

    Parameters
    ----------
    n_id : int
        n_ID,seq^PRS, 0..4095.
    slot : int
        n_s,f, the slot number within the frame.
    symbol : int or array_like of int
        OFDM symbol(s) l within the slot; one sequence per symbol.
    length : int
        Number of QPSK symbols (m = 0 .. length-1).
    symbols_per_slot : {14, 12}
        N_symb^slot (14 normal CP, 12 extended CP).
    dtype : complex64 or complex128
        Output dtype (complex64 by default).

    Returns
    -------
    numpy.ndarray
        ``[*np.shape(symbol), length]`` of ``dtype``.

    Raises
    ------
    TypeError
        If an index is not an integer (see :func:`prs_c_init`) or ``dtype`` not a dtype.
    ValueError
        If an argument is out of range (see :func:`prs_c_init`).

    References
    ----------
    3GPP TS 38.211, clause 7.4.1.7.2.

    Examples
    --------
    >>> from ofdmisac.waveforms import prs_sequence
    >>> r = prs_sequence(0, 0, 0, 4)
    >>> r.shape, round(float(abs(r[0])), 3)
    ((4,), 1.0)
    """
    c_init = prs_c_init(n_id, slot, symbol, symbols_per_slot=symbols_per_slot)
    length = check_int("length", length, minimum=0)
    return qpsk_modulate(gold_sequence(c_init, 2 * length), dtype=dtype)


def _layout(carrier: Carrier, prs: PRSConfig, slot):
    """Validated PRS geometry: symbols, comb offsets, band [k_lo, k_hi) from point A."""
    check_instance("carrier", carrier, Carrier)
    check_instance("prs", prs, PRSConfig)
    slot = check_int("slot", slot, minimum=0)
    n_sym = carrier.symbols_per_slot
    if prs.start_symbol + prs.num_symbols > n_sym:
        raise ValueError(
            f"start_symbol={prs.start_symbol} is not allowed with num_symbols="
            f"{prs.num_symbols} and {n_sym} symbols per slot ({carrier.cyclic_prefix} CP); "
            f"the PRS must fit in the slot (use 0..{n_sym - prs.num_symbols})")
    rb0, n_rb = prs.band_rb(carrier)
    k_grid0 = 12 * carrier.n_start_grid  # point-A index of grid subcarrier 0
    k_lo = k_grid0 + 12 * rb0
    k_hi = k_lo + 12 * n_rb
    return slot, prs.symbols, prs.comb_offsets, k_grid0, k_lo, k_hi


def prs_indices(carrier: Carrier, prs: PRSConfig, *, slot: int = 0):
    """Resource elements (k, l) of the PRS in the carrier grid of one slot.

    Implements the mapping of TS 38.211 7.4.1.7.3: k = m K_comb + ((k_offset + k') mod
    K_comb) counted from point A, l = l_start .. l_start + L_PRS - 1, restricted to the PRS
    band.

    Parameters
    ----------
    carrier : Carrier
        The carrier grid (size and ``n_start_grid``).
    prs : PRSConfig
        The PRS resource.
    slot : int
        Slot index (only checked; the positions do not depend on it).

    Returns
    -------
    k, l : numpy.ndarray
        int64 grid subcarrier and slot symbol of each PRS RE, ordered by l then k;
        ``12 * n_rb / comb_size`` REs per symbol.

    Raises
    ------
    TypeError
        If ``carrier`` is not a :class:`Carrier`, ``prs`` not a :class:`PRSConfig` or
        ``slot`` not an integer.
    ValueError
        If the PRS does not fit in the carrier or the slot.

    Examples
    --------
    >>> from ofdmisac.waveforms import Carrier, PRSConfig, prs_indices
    >>> k, l = prs_indices(Carrier(scs_khz=30, n_rb=24), PRSConfig(comb_size=4, num_symbols=4,
    ...                                                              start_symbol=2))
    >>> k.size, k[:3].tolist(), l[:3].tolist()
    (288, [0, 4, 8], [2, 2, 2])
    """
    _, symbols, offsets, k_grid0, k_lo, k_hi = _layout(carrier, prs, slot)
    comb_size = prs.comb_size
    per_symbol = (k_hi - k_lo) // comb_size
    first = k_lo + (offsets - k_lo) % comb_size  # first point-A index on the comb in the band
    k_abs = first[:, None] + comb_size * np.arange(per_symbol)[None, :]
    k = (k_abs - k_grid0).ravel()
    l_ = np.repeat(symbols, per_symbol)
    return k.astype(np.int64), l_.astype(np.int64)


def prs_grid(carrier: Carrier, prs: PRSConfig, *, slot: int = 0,
             dtype=np.complex64) -> np.ndarray:
    """The PRS of one slot in the carrier resource grid (zero elsewhere).

    Implements TS 38.211 7.4.1.7: a_{k,l} = beta_PRS r_l(m) with
    k = m K_comb + ((k_offset + k') mod K_comb) counted from point A (m counts from point A
    too), r_l the sequence of :func:`prs_sequence` for slot n_s,f = ``slot mod
    carrier.slots_per_frame`` and symbol l, beta_PRS = 10**(power_db / 20).

    Parameters
    ----------
    carrier : Carrier
        The carrier grid (size, CP and ``n_start_grid``).
    prs : PRSConfig
        The PRS resource.
    slot : int
        Slot index counted from the start of a frame (larger values wrap to the slot
        number within the frame, n_s,f).
    dtype : complex64 or complex128
        Output dtype (complex64 by default).

    Returns
    -------
    numpy.ndarray
        ``[carrier.n_subcarriers, carrier.symbols_per_slot]`` of ``dtype``.

    Raises
    ------
    TypeError
        If ``carrier`` is not a :class:`Carrier`, ``prs`` not a :class:`PRSConfig` or
        ``slot`` not an integer.
    ValueError
        If the PRS does not fit in the carrier (``rb_offset + n_rb > carrier.n_rb``) or in
        the slot, or ``slot`` is negative.

    References
    ----------
    3GPP TS 38.211, clauses 7.4.1.7.2, 7.4.1.7.3 and Table 7.4.1.7.3-1.

    Examples
    --------
    >>> c = Carrier(scs_khz=30, n_rb=24)
    >>> g = prs_grid(c, PRSConfig(comb_size=4, num_symbols=4, start_symbol=2))
    >>> g.shape, int((g[:, 2] != 0).sum())
    ((288, 14), 72)
    """
    dt = _check_dtype(dtype)
    slot, symbols, offsets, k_grid0, k_lo, k_hi = _layout(carrier, prs, slot)
    k, l_ = prs_indices(carrier, prs, slot=slot)
    per_symbol = k.size // max(1, symbols.size)
    m = ((k + k_grid0) - np.repeat(offsets, per_symbol)) // prs.comb_size
    n_sf = slot % carrier.slots_per_frame
    seq = prs_sequence(prs.n_id, n_sf, symbols, int(m.max()) + 1 if m.size else 0,
                       symbols_per_slot=carrier.symbols_per_slot, dtype=dt)
    out = np.zeros((carrier.n_subcarriers, carrier.symbols_per_slot), dtype=dt)
    row = np.repeat(np.arange(symbols.size), per_symbol)
    out[k, l_] = prs.beta * seq[row, m]
    return out


def prs_occasion_slots(n_slots: int, *, period_slots: int = 1, offset_slots: int = 0,
                       repetition_factor: int = 1, first_slot: int = 0) -> np.ndarray:
    """Slots of the PRS occasions given periodicity, offset and repetition

    Slot ``s`` (counted from slot 0 of frame 0) carries the PRS when
    ``(s - offset_slots) mod period_slots < repetition_factor``: the occasions of
    TS 38.211 7.4.1.7.4 with T_per^PRS = ``period_slots``, T_offset^PRS = ``offset_slots``
    and T_rep^PRS = ``repetition_factor`` consecutive slots (time gap 1). Any positive
    period is accepted (TS 38.331 restricts dl-PRS-Periodicity to 4 .. 10240 ms-based
    values times 2^mu).

    Parameters
    ----------
    n_slots : int
        Number of slots of the range, >= 1.
    period_slots : int
        T_per^PRS in slots, >= 1 (default 1: every slot).
    offset_slots : int
        T_offset^PRS in slots, 0 .. period_slots - 1.
    repetition_factor : int
        T_rep^PRS, consecutive slots per occasion, 1 .. period_slots.
    first_slot : int
        Absolute index of the first slot of the range (>= 0).

    Returns
    -------
    numpy.ndarray
        int64 indices in ``0 .. n_slots-1`` (relative to ``first_slot``), increasing.

    Raises
    ------
    TypeError
        If an argument is not an integer.
    ValueError
        If an argument is outside its range.

    References
    ----------
    3GPP TS 38.211, clause 7.4.1.7.4.

    Examples
    --------
    >>> from ofdmisac.waveforms import prs_occasion_slots
    >>> prs_occasion_slots(10, period_slots=4, offset_slots=1, repetition_factor=2).tolist()
    [1, 2, 5, 6, 9]
    """
    n_slots = check_int("n_slots", n_slots, minimum=1)
    period = check_int("period_slots", period_slots, minimum=1)
    offset = check_int("offset_slots", offset_slots, minimum=0, maximum=period - 1)
    rep = check_int("repetition_factor", repetition_factor, minimum=1, maximum=period)
    first = check_int("first_slot", first_slot, minimum=0)
    s = first + np.arange(n_slots, dtype=np.int64)
    return np.flatnonzero((s - offset) % period < rep).astype(np.int64)


def prs_multi_slot_grid(carrier: Carrier, prs: PRSConfig, *, n_slots: int,
                        first_slot: int = 0, period_slots: int = 1, offset_slots: int = 0,
                        repetition_factor: int = 1, dtype=np.complex64) -> np.ndarray:
    """The PRS resource over several slots and frames in one carrier grid.

    Every slot of :func:`prs_occasion_slots` carries :func:`prs_grid` of its slot number
    (n_s,f = absolute slot mod ``carrier.slots_per_frame``, so the sequence changes from slot
    to slot and repeats every frame); the other slots are zero. All sequences are generated
    in one batched Gold-sequence call (no loop over slots).

    Parameters
    ----------
    carrier : Carrier
        The carrier grid.
    prs : PRSConfig
        The PRS resource within a slot.
    n_slots : int
        Number of slots, >= 1 (any number of frames).
    first_slot : int
        Absolute index of the first slot, counted from slot 0 of frame 0 (>= 0).
    period_slots, offset_slots, repetition_factor : int
        Periodicity, offset and repetition of the occasions (see :func:`prs_occasion_slots`).
    dtype : complex64 or complex128
        Output dtype (complex64 by default).

    Returns
    -------
    numpy.ndarray
        ``[carrier.n_subcarriers, n_slots * carrier.symbols_per_slot]`` of ``dtype``.

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range or the PRS does not fit in the carrier or the slot.

    References
    ----------
    3GPP TS 38.211, clauses 7.4.1.7.2, 7.4.1.7.3 and 7.4.1.7.4.

    Examples
    --------
    >>> from ofdmisac.waveforms import Carrier, PRSConfig, prs_multi_slot_grid
    >>> c = Carrier(scs_khz=30, n_rb=24)
    >>> g = prs_multi_slot_grid(c, PRSConfig(comb_size=4, num_symbols=4, start_symbol=2),
    ...                         n_slots=40, period_slots=8, offset_slots=2)
    >>> g.shape, np.flatnonzero(np.abs(g).sum(axis=0))[:4].tolist()
    ((288, 560), [30, 31, 32, 33])
    """
    dt = _check_dtype(dtype)
    slots = prs_occasion_slots(n_slots, period_slots=period_slots, offset_slots=offset_slots,
                               repetition_factor=repetition_factor, first_slot=first_slot)
    _, symbols, offsets, k_grid0, _, _ = _layout(carrier, prs, 0)
    n_sym = carrier.symbols_per_slot
    out = np.zeros((carrier.n_subcarriers, n_slots, n_sym), dtype=dt)
    if slots.size == 0:
        return out.reshape(carrier.n_subcarriers, n_slots * n_sym)
    k, l_ = prs_indices(carrier, prs, slot=0)
    per_symbol = k.size // max(1, symbols.size)
    m = ((k + k_grid0) - np.repeat(offsets, per_symbol)) // prs.comb_size
    n_sf = (int(first_slot) + slots) % carrier.slots_per_frame
    c_init = prs_c_init(prs.n_id, n_sf[:, None], symbols[None, :], symbols_per_slot=n_sym)
    length = int(m.max()) + 1
    seq = qpsk_modulate(gold_sequence(c_init, 2 * length), dtype=dt)  # [S, L, length]
    row = np.repeat(np.arange(symbols.size), per_symbol)
    values = prs.beta * seq[:, row, m]  # [S, n_re]
    out[k[None, :], slots[:, None], l_[None, :]] = values
    return out.reshape(carrier.n_subcarriers, n_slots * n_sym)
