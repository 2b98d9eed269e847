"""The ISAC frame of [BM] Fig. 2 / section II-C: SSB bursts, PRS blocks inside data blocks.

A frame of duration ``duration_s`` (one SSB period tau = 20 ms by default) on one carrier:

* **SSB bursts** start every ``ssb_period_s`` (TS 38.213 4.1 burst pattern of
  ``ssb_case`` at the start of the period, one SS/PBCH block per candidate index of
  :func:`ssb_start_symbols`, each the 240 x 4 block of TS 38.211 7.4.3.1), plus **extra
  bursts** inserted on demand at ``extra_ssb_times_s`` ([BM] II-C: beam assistance).
* **PRS blocks** of duration ``prs_duration_s`` (T_PRS) start at ``prs_offset_s`` and then
  every ``prs_period_s``; every ``prs_slot_period``-th slot of a block carries the NR PRS of
  ``prs`` (TS 38.211 7.4.1.7). Each block is active or muted (``prs_active``, cycled).
* Every other resource element is **data**.

Resource-element labels (:class:`ReLabel`, stored as ``uint8``):

========  =====  ===============================================================
label     value  meaning
========  =====  ===============================================================
EMPTY     0      zero power: SSB guard/unused REs inside the 240 x 4 block, REs of
                 PRS symbols inside the PRS band that are not on the comb, and all
                 PRS REs of a muted block (NR PRS muting: zero power, no data)
DATA      1      payload data
SSB       2      PSS, SSS, PBCH and PBCH DMRS
PRS       3      PRS of an active block
========  =====  ===============================================================

Precedence where they overlap: SSB > PRS > data (an SS/PBCH block removes the PRS REs it
covers; REs of PRS symbols outside the PRS band, and of SSB symbols outside the SSB band,
carry data).

The frame is built at the slot level: the label map of any slot range is assembled on
demand as a ``uint8`` array (a 20 ms frame at 240 kHz, 4480 symbols x 1584 subcarriers, is
7 MB), and the complex grid only for a slot range the caller asks for.

One idea: the ISAC frame (its configuration, its label map and its grids); about 350 of its
lines are code, the rest documentation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from functools import cached_property

import numpy as np

from .._random import as_generator
from .._validation import check_choice, check_dtype, check_instance, check_int, check_real, fail
from ._numerology import Carrier
from ._ofdm import ofdm_modulate
from ._prs import PRSConfig, prs_grid, prs_multi_slot_grid
from ._ssb import SSB_CASE_SCS_KHZ, ssb_grid, ssb_start_symbols

__all__ = ["ReLabel", "IsacFrameConfig", "IsacFrame", "default_isac_frame"]

_DEFAULT_CASE = {15: "A", 30: "C", 120: "D", 240: "E", 480: "F", 960: "G"}
_DEFAULT_L_MAX = {"A": 8, "B": 8, "C": 8, "D": 64, "E": 64, "F": 64, "G": 64}
_SSB_PERIODS_MS = (5, 10, 20, 40, 80, 160)  # TS 38.331 ssb-periodicityServingCell
_SSB_N_SC, _SSB_N_SYM = 240, 4


class ReLabel(IntEnum):
    """Resource-element label of the ISAC frame.

    The values of the ``uint8`` label map.

    An :class:`enum.IntEnum`: ``EMPTY`` (0), ``DATA`` (1), ``SSB`` (2), ``PRS`` (3); see
    the module docstring for what each covers.

    Parameters
    ----------
    value : int
        A label value, 0 to 3 (``ReLabel(2)`` is ``ReLabel.SSB``).

    Raises
    ------
    ValueError
        If ``value`` is not one of the labels.

    Examples
    --------
    >>> from ofdmisac.waveforms import ReLabel
    >>> ReLabel(2).name, int(ReLabel.PRS)
    ('SSB', 3)
    """

    EMPTY = 0
    DATA = 1
    SSB = 2
    PRS = 3


def _to_slots(name: str, value_s, slot_s: float, allow_zero: bool = True) -> int:
    value = check_real(name, value_s, minimum=0.0)
    n = round(value / slot_s)
    if (not allow_zero and n == 0) \
            or abs(n * slot_s - value) > 1e-9 * max(1.0, abs(value)) + 1e-12:
        kind = "non-negative" if allow_zero else "positive"
        fail(name, value_s, f"use a {kind} whole number of slots of {slot_s * 1e3:g} ms")
    return int(n)


def _as_tuple(name: str, value, what: str) -> tuple:
    try:
        return tuple(value)
    except TypeError:
        fail(name, value, f"use a tuple of {what}", TypeError)


@dataclass(frozen=True, kw_only=True)
class IsacFrameConfig:
    """Configuration of an ISAC frame: SSB bursts, PRS blocks and data.

    The frame of [BM] Fig. 2; see the module docstring for the layout.

    Parameters
    ----------
    carrier : Carrier, optional
        Default ``Carrier(scs_khz=240, n_rb=132)``: the paper's 240 kHz numerology ([BM]
        Table II) with 132 RB = 380.16 MHz occupied in the 400 MHz carrier (the NR
        occupancy of a 400 MHz channel, 264 RB at 120 kHz), n_fft = 2048, 491.52 MHz.
    duration_s : float
        Frame length, a whole number of slots (default 20 ms = one SSB period).
    ssb_period_s : float
        SSB burst periodicity tau, one of 5, 10, 20, 40, 80, 160 ms (default 20 ms).
    ssb_case : {"A", ..., "G"} or None
        Burst case of TS 38.213 4.1; must match the carrier's SCS (A 15 kHz, B/C 30, D 120,
        E 240, F 480, G 960 kHz). Default: the case of the carrier's SCS (C at 30 kHz);
        ``None`` (and the default at 60 kHz, which has no SSB) means no SSB.
    ssb_l_max : int, optional
        Maximum number of SSBs per burst, L_max (default 8 for A-C, 64 for D-G).
    ssb_indices : tuple of int, optional
        Candidate SSB indices transmitted in each burst (default all ``0..L_max-1``).
    n_id_cell : int
        Physical cell identity (0..1007) of the SSBs.
    ssb_first_rb : int, optional
        First resource block of the 20-RB SS/PBCH block (default: centred).
    extra_ssb_times_s : tuple of float
        Start times (slot boundaries) of extra SSB bursts inserted on demand ([BM] II-C).
    prs : PRSConfig, optional
        NR PRS of each PRS slot. Default ``PRSConfig(comb_size=4, num_symbols=12,
        start_symbol=2, n_rb=84, rb_offset=(n_rb - 84)//2)``: 84 RB = 241.92 MHz at
        240 kHz, the paper's 240 MHz PRS bandwidth rounded up to the NR step of 4 RB, centred.
        (The default band is scaled to ``min(84, n_rb)`` RB, rounded down to a multiple of 4,
        when the carrier is narrower.)
    prs_duration_s : float
        PRS block duration T_PRS (default 5 ms, [BM] Table II); 0 disables PRS.
    prs_offset_s : float
        Start of the first PRS block (default 5 ms: after the SSB half-frame).
    prs_period_s : float, optional
        Period of the PRS blocks; default: one block per frame.
    prs_active : tuple of bool
        Active (True) or muted (False) state of successive PRS blocks, cycled.
    prs_slot_period : int
        PRS in every ``prs_slot_period``-th slot of a block (default every slot).

    Raises
    ------
    TypeError
        A parameter of the wrong kind (a string or None for a duration, a float for an
        integer, not a Carrier / PRSConfig).
    ValueError
        A parameter outside its domain (NaN, infinite, negative, not a whole number of slots,
        out of range); the message names it.

    Examples
    --------
    >>> from ofdmisac.waveforms import Carrier, IsacFrame, IsacFrameConfig
    >>> cfg = IsacFrameConfig(carrier=Carrier(scs_khz=30, n_rb=24), duration_s=5e-3,
    ...                       ssb_period_s=5e-3, prs_duration_s=1e-3, prs_offset_s=3e-3)
    >>> cfg.ssb_case, IsacFrame(cfg).n_slots
    ('C', 10)
    """

    carrier: Carrier | None = None
    duration_s: float = 20e-3
    ssb_period_s: float = 20e-3
    ssb_case: str | None = "auto"
    ssb_l_max: int | None = None
    ssb_indices: tuple | None = None
    n_id_cell: int = 0
    ssb_first_rb: int | None = None
    extra_ssb_times_s: tuple = ()
    prs: PRSConfig | None = None
    prs_duration_s: float = 5e-3
    prs_offset_s: float = 5e-3
    prs_period_s: float | None = None
    prs_active: tuple = (True,)
    prs_slot_period: int = 1

    def __post_init__(self):
        carrier = Carrier(scs_khz=240, n_rb=132) if self.carrier is None else self.carrier
        check_instance("carrier", carrier, Carrier)
        object.__setattr__(self, "carrier", carrier)
        slot_s = carrier.slot_duration_s
        _to_slots("duration_s", self.duration_s, slot_s, allow_zero=False)
        period_ms = check_real("ssb_period_s", self.ssb_period_s) * 1e3
        if not any(abs(period_ms - p) < 1e-9 for p in _SSB_PERIODS_MS):
            fail("ssb_period_s", self.ssb_period_s,
                 "choose one of " + ", ".join(f"{p / 1e3:g}" for p in _SSB_PERIODS_MS))
        # SSB case and burst
        case = self.ssb_case
        if case == "auto":
            case = _DEFAULT_CASE.get(carrier.scs_khz)
        if case is not None:
            check_choice("ssb_case", case, (*SSB_CASE_SCS_KHZ, None))
            if SSB_CASE_SCS_KHZ[case] != carrier.scs_khz:
                allowed = tuple(k for k, v in SSB_CASE_SCS_KHZ.items() if v == carrier.scs_khz)
                raise ValueError(
                    f"ssb_case={case!r} is not allowed with scs_khz={carrier.scs_khz}: case "
                    f"{case} is {SSB_CASE_SCS_KHZ[case]} kHz; choose one of {allowed} or None")
            l_max = _DEFAULT_L_MAX[case] if self.ssb_l_max is None else self.ssb_l_max
            l_max = check_int("ssb_l_max", l_max)
            try:
                ssb_start_symbols(case, int(l_max))
            except ValueError as exc:
                raise ValueError(f"ssb_l_max={l_max!r} is not allowed with ssb_case={case!r}: "
                                 f"{exc}") from None
            object.__setattr__(self, "ssb_l_max", int(l_max))
            indices = tuple(range(int(l_max))) if self.ssb_indices is None else self.ssb_indices
            try:
                indices = tuple(int(i) for i in indices)
            except (TypeError, ValueError):
                raise ValueError(f"ssb_indices={self.ssb_indices!r} is not allowed; use a tuple"
                                 f" of integers in 0..{l_max - 1}") from None
            if not indices or any(not 0 <= i < l_max for i in indices) \
                    or len(set(indices)) != len(indices):
                raise ValueError(f"ssb_indices={self.ssb_indices!r} is not allowed; use distinct"
                                 f" integers in 0..{l_max - 1}")
            object.__setattr__(self, "ssb_indices", indices)
            first_rb = (carrier.n_rb - 20) // 2 if self.ssb_first_rb is None else self.ssb_first_rb
            first_rb = check_int("ssb_first_rb", first_rb)
            if first_rb < 0 or first_rb + 20 > carrier.n_rb:
                fail("ssb_first_rb", first_rb, f"the 20-RB SS/PBCH block must fit in the "
                     f"carrier's {carrier.n_rb} RB (use 0..{carrier.n_rb - 20})")
            object.__setattr__(self, "ssb_first_rb", first_rb)
        object.__setattr__(self, "ssb_case", case)
        object.__setattr__(self, "n_id_cell", check_int("n_id_cell", self.n_id_cell, minimum=0,
                                                        maximum=1007))
        extra = _as_tuple("extra_ssb_times_s", self.extra_ssb_times_s, "start times in s")
        for t in extra:
            _to_slots("extra_ssb_times_s", t, slot_s)
        if extra and case is None:
            raise ValueError("extra_ssb_times_s is not allowed without an SSB (ssb_case=None)")
        object.__setattr__(self, "extra_ssb_times_s", extra)
        # PRS
        prs = self.prs
        if prs is None:
            n_rb_prs = min(84, carrier.n_rb // 4 * 4)
            if n_rb_prs >= 24:
                prs = PRSConfig(comb_size=4, num_symbols=12 if carrier.symbols_per_slot == 14
                                else 4, start_symbol=2, n_rb=n_rb_prs,
                                rb_offset=(carrier.n_rb - n_rb_prs) // 2)
            else:
                prs = PRSConfig(comb_size=4, num_symbols=4, start_symbol=2)
        check_instance("prs", prs, PRSConfig)
        object.__setattr__(self, "prs", prs)
        _to_slots("prs_duration_s", self.prs_duration_s, slot_s)
        _to_slots("prs_offset_s", self.prs_offset_s, slot_s)
        if self.prs_period_s is not None:
            _to_slots("prs_period_s", self.prs_period_s, slot_s, allow_zero=False)
        active = _as_tuple("prs_active", self.prs_active, "booleans")
        if not active or any(not isinstance(a, (bool, np.bool_)) for a in active):
            raise ValueError(f"prs_active={self.prs_active!r} is not allowed; use a non-empty "
                             "tuple of booleans")
        object.__setattr__(self, "prs_active", tuple(bool(a) for a in active))
        object.__setattr__(self, "prs_slot_period",
                           check_int("prs_slot_period", self.prs_slot_period, minimum=1))


class IsacFrame:
    """An ISAC frame: SSB bursts, PRS blocks and data on every RE.

    Parameters
    ----------
    config : IsacFrameConfig, optional
        Default: :class:`IsacFrameConfig` defaults (the [BM] Table II mmWave frame).

    Attributes
    ----------
    config : IsacFrameConfig
    carrier : Carrier
    n_slots, n_symbols, n_subcarriers : int
        Frame size; ``n_symbols = n_slots * carrier.symbols_per_slot``.
    ssb_symbols : numpy.ndarray
        ``[n_ssb]`` int64, first OFDM symbol (frame index) of every transmitted SS/PBCH block.
    ssb_block_indices : numpy.ndarray
        ``[n_ssb]`` int64, the candidate index i_SSB of each of them.
    prs_blocks : list of (int, int, bool)
        ``(first_slot, n_slots, active)`` of each PRS block.
    prs_slots, muted_prs_slots : numpy.ndarray
        Slots carrying an active PRS / a muted PRS occasion.

    Raises
    ------
    TypeError
        If ``config`` is not an :class:`IsacFrameConfig`.
    ValueError
        If an SSB burst, an extra burst or a PRS block does not fit in the frame, or the PRS
        does not fit in the carrier or the slot.

    References
    ----------
    [BM] section II-C and Fig. 2; TS 38.211 7.4.1.7 (PRS), 7.4.3.1 (SS/PBCH block);
    TS 38.213 4.1 (SSB burst cases).

    Examples
    --------
    >>> frame = IsacFrame()
    >>> frame.n_slots, frame.n_symbols, frame.n_subcarriers
    (320, 4480, 1584)
    >>> frame.labels(80, 81).shape
    (1584, 14)
    """

    def __init__(self, config: IsacFrameConfig | None = None):
        cfg = IsacFrameConfig() if config is None else config
        check_instance("config", cfg, IsacFrameConfig)
        self.config = cfg
        c = self.carrier = cfg.carrier
        slot_s = c.slot_duration_s
        self.symbols_per_slot = c.symbols_per_slot
        self.n_slots = _to_slots("duration_s", cfg.duration_s, slot_s, allow_zero=False)
        self.n_symbols = self.n_slots * self.symbols_per_slot
        self.n_subcarriers = c.n_subcarriers
        # --- SSB bursts
        starts, idx = [], []
        if cfg.ssb_case is not None:
            offsets = np.asarray(ssb_start_symbols(cfg.ssb_case, cfg.ssb_l_max), dtype=np.int64)
            chosen = np.asarray(cfg.ssb_indices, dtype=np.int64)
            burst_slots = list(range(0, self.n_slots,
                                     _to_slots("ssb_period_s", cfg.ssb_period_s, slot_s)))
            burst_slots += [_to_slots("extra_ssb_times_s", t, slot_s)
                            for t in cfg.extra_ssb_times_s]
            for b in burst_slots:
                first = b * self.symbols_per_slot + offsets[chosen]
                if first.max() + _SSB_N_SYM > self.n_symbols:
                    raise ValueError(
                        f"the SSB burst starting at slot {b} does not fit in the frame of "
                        f"{self.n_slots} slots (its last SS/PBCH block ends at symbol "
                        f"{first.max() + _SSB_N_SYM}, the frame has {self.n_symbols})")
                starts.append(first)
                idx.append(chosen)
        self.ssb_symbols = np.concatenate(starts) if starts else np.zeros(0, np.int64)
        self.ssb_block_indices = np.concatenate(idx) if idx else np.zeros(0, np.int64)
        self.ssb_first_subcarrier = 12 * cfg.ssb_first_rb if cfg.ssb_case is not None else 0
        # --- PRS blocks
        n_prs = _to_slots("prs_duration_s", cfg.prs_duration_s, slot_s)
        offset = _to_slots("prs_offset_s", cfg.prs_offset_s, slot_s)
        period = (self.n_slots if cfg.prs_period_s is None
                  else _to_slots("prs_period_s", cfg.prs_period_s, slot_s, allow_zero=False))
        self.prs_blocks = []
        if n_prs > 0:
            if period < n_prs:
                raise ValueError(
                    f"prs_period_s={cfg.prs_period_s!r} is not allowed; it must be >= "
                    f"prs_duration_s={cfg.prs_duration_s!r}")
            if offset + n_prs > self.n_slots:
                raise ValueError(
                    f"the PRS block (prs_offset_s={cfg.prs_offset_s!r}, prs_duration_s="
                    f"{cfg.prs_duration_s!r}) does not fit in the frame of {cfg.duration_s!r} s")
            for i, first in enumerate(range(offset, self.n_slots - n_prs + 1, period)):
                self.prs_blocks.append((first, n_prs, cfg.prs_active[i % len(cfg.prs_active)]))
        prs_slots, muted = [], []
        for first, n, active in self.prs_blocks:
            slots = range(first, first + n, cfg.prs_slot_period)
            (prs_slots if active else muted).extend(slots)
        self.prs_slots = np.asarray(prs_slots, dtype=np.int64)
        self.muted_prs_slots = np.asarray(muted, dtype=np.int64)
        if self.prs_blocks:
            self._prs_pattern  # noqa: B018 - validates that the PRS fits carrier and slot

    # --- per-slot patterns -------------------------------------------------------------------
    @cached_property
    def _prs_pattern(self) -> np.ndarray:
        """uint8 ``[n_sc, symbols_per_slot]`` labels of an active PRS slot."""
        prs = self.config.prs
        mask = prs_grid(self.carrier, prs, slot=0) != 0
        band = np.zeros(self.n_subcarriers, dtype=bool)
        rows = np.flatnonzero(mask.any(axis=1))
        first_rb, n_rb = prs.band_rb(self.carrier)
        first_k = 12 * first_rb
        band[first_k: first_k + 12 * n_rb] = True
        if rows.size:
            band[rows.min(): rows.max() + 1] |= True
        symbols = mask.any(axis=0)
        out = np.full(mask.shape, ReLabel.DATA, dtype=np.uint8)
        out[np.ix_(band, symbols)] = ReLabel.EMPTY
        out[mask] = ReLabel.PRS
        return out

    @cached_property
    def _ssb_pattern(self) -> np.ndarray:
        """uint8 ``[240, 4]`` labels of an SS/PBCH block (SSB or EMPTY guard REs)."""
        block = ssb_grid(self.config.n_id_cell, i_ssb=0, l_max=self.config.ssb_l_max, rng=0)
        return np.where(np.asarray(block) != 0, ReLabel.SSB, ReLabel.EMPTY).astype(np.uint8)

    def _check_range(self, slot_start, slot_stop) -> tuple[int, int]:
        start = check_int("slot_start", slot_start)
        stop = self.n_slots if slot_stop is None else check_int("slot_stop", slot_stop)
        if not 0 <= start < stop or stop > self.n_slots:
            raise ValueError(f"slot range ({slot_start!r}, {slot_stop!r}) is not allowed; use "
                             f"0 <= slot_start < slot_stop <= {self.n_slots}")
        return int(slot_start), int(stop)

    def _ssb_in_range(self, start: int, stop: int):
        lo, hi = start * self.symbols_per_slot, stop * self.symbols_per_slot
        sel = (self.ssb_symbols < hi) & (self.ssb_symbols + _SSB_N_SYM > lo)
        return self.ssb_symbols[sel] - lo, self.ssb_block_indices[sel]

    def _place_ssb(self, out: np.ndarray, first_symbols: np.ndarray, values) -> None:
        """Write ``values(i)`` ([240, 4]) at each SSB (clipped to the range)."""
        k0 = self.ssb_first_subcarrier
        n = out.shape[1]
        for j, l0 in enumerate(first_symbols):
            cols = np.arange(l0, l0 + _SSB_N_SYM)
            keep = (cols >= 0) & (cols < n)
            block = values(j)
            out[k0:k0 + _SSB_N_SC, cols[keep]] = block[:, keep]

    # --- public views -----------------------------------------------------------------------
    def labels(self, slot_start: int = 0, slot_stop: int | None = None) -> np.ndarray:
        """Label map of slots ``slot_start .. slot_stop-1`` (:class:`ReLabel` values).

        Parameters
        ----------
        slot_start : int, default 0
            First slot of the range.
        slot_stop : int, optional
            One past the last slot (default the end of the frame);
            ``0 <= slot_start < slot_stop <= n_slots``.

        Returns
        -------
        numpy.ndarray
            ``[n_subcarriers, n_slots_in_range * symbols_per_slot]`` uint8.
        """
        start, stop = self._check_range(slot_start, slot_stop)
        n_sl, n_sym = stop - start, self.symbols_per_slot
        out = np.full((self.n_subcarriers, n_sl, n_sym), ReLabel.DATA, dtype=np.uint8)
        for slots, active in ((self.prs_slots, True), (self.muted_prs_slots, False)):
            sel = slots[(slots >= start) & (slots < stop)] - start
            if sel.size:
                pattern = self._prs_pattern
                if not active:
                    pattern = np.where(pattern == ReLabel.PRS, ReLabel.EMPTY, pattern).astype(
                        np.uint8)
                out[:, sel, :] = pattern[:, None, :]
        out = out.reshape(self.n_subcarriers, n_sl * n_sym)
        first, _ = self._ssb_in_range(start, stop)
        if first.size:
            pattern = self._ssb_pattern
            self._place_ssb(out, first, lambda j: pattern)
        return out

    def grid(self, slot_start: int = 0, slot_stop: int | None = None, *, data: str = "qpsk",
             rng=None, dtype=np.complex64) -> np.ndarray:
        """Complex resource grid of slots ``slot_start .. slot_stop-1``.

        PRS REs carry :func:`prs_grid` of their slot (frame slot index), SSB REs the
        :func:`ssb_grid` of their candidate index and half frame (frame slot 0 starts a radio
        frame; PBCH data from ``rng``, the same bits for every block of one index and half
        frame in the call), data REs
        unit-energy QPSK from ``rng`` (``data="qpsk"``) or zero (``data="zero"``); EMPTY REs
        are zero.

        Parameters
        ----------
        slot_start, slot_stop : int
            Slot range (default the whole frame: 7 M REs, 56 MB at complex64 for the
            default frame; ask for a range when that matters).
        data : {"qpsk", "zero"}
        rng : numpy.random.Generator, int or None
        dtype : complex64 or complex128

        Returns
        -------
        numpy.ndarray
            ``[n_subcarriers, n_slots_in_range * symbols_per_slot]`` of ``dtype``.

        Raises
        ------
        TypeError
            If a slot index is not an integer or ``dtype`` is not a dtype.
        ValueError
            If the slot range is empty or outside the frame, ``data`` or ``dtype`` is not
            one of the allowed values.
        """
        check_choice("data", data, ("qpsk", "zero"))
        dtype = check_dtype("dtype", dtype)
        rng = as_generator(rng)
        start, stop = self._check_range(slot_start, slot_stop)
        labels = self.labels(start, stop)
        out = np.zeros(labels.shape, dtype=dtype)
        if data == "qpsk":
            is_data = labels == ReLabel.DATA
            bits = rng.integers(0, 2, size=(2, int(is_data.sum())))
            out[is_data] = ((1 - 2 * bits[0]) + 1j * (1 - 2 * bits[1])) / np.sqrt(2)
        n_sym = self.symbols_per_slot
        prs_in = self.prs_slots[(self.prs_slots >= start) & (self.prs_slots < stop)]
        if prs_in.size:  # one batched PRS grid from the first to the last PRS slot
            lo, hi = int(prs_in.min()), int(prs_in.max()) + 1
            values = prs_multi_slot_grid(self.carrier, self.config.prs, n_slots=hi - lo,
                                         first_slot=lo, dtype=dtype)
            cols = slice((lo - start) * n_sym, (hi - start) * n_sym)
            is_prs = labels[:, cols] == ReLabel.PRS
            out[:, cols][is_prs] = values[is_prs]
        first, which = self._ssb_in_range(start, stop)
        if first.size:
            # half-frame number n_hf of each block (frame slot 0 starts a radio frame); it
            # enters the PBCH DM-RS through i_SSB_bar when L_max = 4 (TS 38.211 7.4.1.4.1)
            half_frame = 5 * self.carrier.slots_per_subframe * n_sym
            n_hf = ((first + start * n_sym) // half_frame) % 2
            keys = list(zip(which.tolist(), n_hf.tolist(), strict=True))
            blocks = {key: np.asarray(ssb_grid(self.config.n_id_cell, i_ssb=key[0],
                                               l_max=self.config.ssb_l_max, rng=rng,
                                               n_hf=key[1], dtype=dtype))
                      for key in sorted(set(keys))}
            self._place_ssb(out, first, lambda j: blocks[keys[j]])
        return out

    def waveform(self, slot_start: int = 0, slot_stop: int | None = None, *,
                 data: str = "qpsk", rng=None, dtype=np.complex64) -> np.ndarray:
        """CP-OFDM waveform of slots ``slot_start .. slot_stop-1`` in one call.

        :func:`~ofdmisac.waveforms.ofdm_modulate` of :meth:`grid` (same arguments), with the
        CP layout of the first slot; the SS/PBCH blocks and PRS occasions in it are given by
        :meth:`occasions`.

        Parameters
        ----------
        slot_start, slot_stop : int
            Slot range (default the whole frame).
        data : {"qpsk", "zero"}
            Content of the data REs.
        rng : numpy.random.Generator, int or None
            Source of the data and PBCH bits.
        dtype : complex64 or complex128
            Output dtype.

        Returns
        -------
        numpy.ndarray
            ``[n_samples]`` of ``dtype`` at ``carrier.sample_rate_hz``.

        Raises
        ------
        TypeError
            If a slot index is not an integer or ``dtype`` is not a dtype.
        ValueError
            If the slot range is empty or outside the frame, or ``data`` is unknown.
        """
        grid = self.grid(slot_start, slot_stop, data=data, rng=rng, dtype=dtype)
        return ofdm_modulate(grid, self.carrier, slot=int(slot_start), dtype=dtype)

    def occasions(self, slot_start: int = 0, slot_stop: int | None = None) -> tuple:
        """SS/PBCH blocks and PRS occasions of :meth:`waveform` (sample ranges, band edges).

        Parameters
        ----------
        slot_start, slot_stop : int
            Slot range (default the whole frame).

        Returns
        -------
        tuple of WaveformOccasion
            See :func:`~ofdmisac.waveforms.frame_occasions`.

        Raises
        ------
        ValueError
            If the slot range is empty or outside the frame.
        """
        from ._waveform import frame_occasions

        return frame_occasions(self, slot_start, slot_stop)

    # --- counts, durations, overhead ------------------------------------------------------------
    @cached_property
    def re_counts(self) -> dict:
        """Number of REs of each label over the frame, ``{"empty", "data", "ssb", "prs"}``."""
        counts = np.zeros(len(ReLabel), dtype=np.int64)
        chunk = max(1, 4_000_000 // (self.n_subcarriers * self.symbols_per_slot))
        for s in range(0, self.n_slots, chunk):
            lab = self.labels(s, min(self.n_slots, s + chunk))
            counts += np.bincount(lab.ravel(), minlength=len(ReLabel))
        return {label.name.lower(): int(counts[label]) for label in ReLabel}

    @property
    def n_res(self) -> int:
        """Total REs of the frame, ``n_subcarriers * n_symbols``."""
        return self.n_subcarriers * self.n_symbols

    @property
    def duration_s(self) -> float:
        """Frame duration ``n_slots * slot_duration_s``."""
        return self.n_slots * self.carrier.slot_duration_s

    @property
    def prs_block_duration_s(self) -> float:
        """T_PRS, duration of one PRS block (0 when there is none)."""
        return self.prs_blocks[0][1] * self.carrier.slot_duration_s if self.prs_blocks else 0.0

    @property
    def ssb_burst_duration_s(self) -> float:
        """T_SSB of a burst: from its first SSB symbol to the end of its last (mean T_sym)."""
        if self.config.ssb_case is None:
            return 0.0
        offsets = np.asarray(ssb_start_symbols(self.config.ssb_case, self.config.ssb_l_max))
        chosen = offsets[list(self.config.ssb_indices)]
        span = chosen.max() + _SSB_N_SYM - chosen.min()
        return float(span * self.carrier.symbol_duration_s)

    @cached_property
    def _symbol_usage(self) -> dict:
        usage = {"ssb": 0, "prs": 0}
        chunk = max(1, 4_000_000 // (self.n_subcarriers * self.symbols_per_slot))
        for s in range(0, self.n_slots, chunk):
            lab = self.labels(s, min(self.n_slots, s + chunk))
            usage["ssb"] += int((lab == ReLabel.SSB).any(axis=0).sum())
            usage["prs"] += int((lab == ReLabel.PRS).any(axis=0).sum())
        return usage

    def overhead(self) -> dict:
        """Overhead fractions of the frame.

        Returns
        -------
        dict
            ``re_fraction_{ssb,prs,empty,data}``: share of all REs; ``time_fraction_ssb`` /
            ``time_fraction_prs``: share of OFDM symbols that carry any SSB / PRS RE;
            ``reference_signal_re_fraction``: SSB + PRS + EMPTY REs (all non-data REs).
        """
        counts, n = self.re_counts, self.n_res
        out = {f"re_fraction_{k}": v / n for k, v in counts.items()}
        out["reference_signal_re_fraction"] = (counts["ssb"] + counts["prs"]
                                               + counts["empty"]) / n
        for key, value in self._symbol_usage.items():
            out[f"time_fraction_{key}"] = value / self.n_symbols
        return out

    def summary(self) -> dict:
        """JSON-ready description: numerology, RE counts, durations, overhead fractions.

        Returns
        -------
        dict
            Sections ``"numerology"``, ``"frame"``, ``"ssb"``, ``"prs"``, ``"re_counts"``
            and ``"overhead"`` (plain floats, ints, strings and lists).
        """
        c, cfg = self.carrier, self.config
        prs = cfg.prs
        prs_dict = {name: getattr(prs, name) for name in
                    ("comb_size", "num_symbols", "start_symbol", "re_offset", "n_id",
                     "rb_offset", "n_rb", "power_db") if hasattr(prs, name)}
        return {
            "numerology": {
                "scs_hz": c.scs_hz, "mu": c.mu, "n_rb": c.n_rb, "n_subcarriers": c.n_subcarriers,
                "n_fft": c.n_fft, "sample_rate_hz": c.sample_rate_hz,
                "bandwidth_hz": c.bandwidth_hz, "cyclic_prefix": c.cyclic_prefix,
                "symbols_per_slot": c.symbols_per_slot, "slot_duration_s": c.slot_duration_s,
                "symbol_duration_s": c.symbol_duration_s,
            },
            "frame": {"duration_s": self.duration_s, "n_slots": self.n_slots,
                      "n_symbols": self.n_symbols, "n_res": self.n_res},
            "ssb": {"case": cfg.ssb_case, "l_max": cfg.ssb_l_max,
                    "n_blocks": int(self.ssb_symbols.size), "period_s": float(cfg.ssb_period_s),
                    "burst_duration_s": self.ssb_burst_duration_s,
                    "extra_burst_times_s": [float(t) for t in cfg.extra_ssb_times_s],
                    "first_rb": cfg.ssb_first_rb, "bandwidth_hz": 240 * c.scs_hz},
            "prs": {**prs_dict, "block_duration_s": self.prs_block_duration_s,
                    "n_blocks": len(self.prs_blocks),
                    "n_active_blocks": sum(b[2] for b in self.prs_blocks),
                    "n_slots": int(self.prs_slots.size),
                    "n_muted_slots": int(self.muted_prs_slots.size),
                    "bandwidth_hz": 12 * prs.band_rb(c)[1] * c.scs_hz if self.prs_blocks
                    else 0.0},
            "re_counts": self.re_counts,
            "overhead": self.overhead(),
        }


def default_isac_frame(*, quick: bool = False) -> IsacFrame:
    """The default ISAC frame of the paper's mmWave scenario.

    The frame of [BM] Table II.

    240 kHz SCS, 132 RB (380.16 MHz of the 400 MHz carrier, n_fft 2048), one 20 ms SSB period
    with a case-E burst of 64 SSBs, and one active 5 ms PRS block (84 RB = 241.92 MHz,
    comb 4, 12 symbols per slot) starting at 5 ms. ``quick=True`` gives a 5 ms frame
    (the SSB half-frame) with a 1 ms PRS block at 3 ms, for smoke runs.

    Parameters
    ----------
    quick : bool, default False
        Return the short 5 ms frame instead of the full 20 ms one.

    Returns
    -------
    IsacFrame
        The frame.

    Raises
    ------
    ValueError
        From :class:`IsacFrame` for an invalid configuration; the two fixed configurations
        used here are valid, so it does not occur in practice.

    Examples
    --------
    >>> from ofdmisac.waveforms import default_isac_frame
    >>> f = default_isac_frame(quick=True)
    >>> f.n_slots, f.n_symbols, f.n_subcarriers
    (80, 1120, 1584)
    """
    if quick:
        return IsacFrame(IsacFrameConfig(duration_s=5e-3, ssb_period_s=5e-3,
                                         prs_duration_s=1e-3, prs_offset_s=3e-3))
    return IsacFrame(IsacFrameConfig())
