"""NR carrier numerology: subcarrier spacing, FFT size, cyclic prefixes, timing.

Implements TS 38.211 4.2-4.3 (numerologies mu = 0..6, frame/slot structure,
Tables 4.3.2-1 and 4.3.2-2) and 5.3.1 (cyclic-prefix lengths, the longer first
symbol of every 0.5 ms).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validation import check_choice, check_int, fail

__all__ = ["Carrier", "numerology_mu"]

_KAPPA = 64  # TS 38.211 4.1: kappa = Ts / Tc
_TC_S = 1.0 / (480e3 * 4096)  # basic time unit Tc (TS 38.211 4.1)
_SCS_KHZ = (15, 30, 60, 120, 240, 480, 960)
_CYCLIC_PREFIXES = ("normal", "extended")
_MAX_N_RB = 275  # TS 38.211 4.4.2: N_grid^size,mu <= 275


def numerology_mu(scs_khz) -> int:
    """Return the numerology index mu of an NR subcarrier spacing.

    ``Delta f = 2**mu * 15 kHz`` (TS 38.211 Table 4.2-1).

    Parameters
    ----------
    scs_khz : int
        Subcarrier spacing in kHz, one of 15, 30, 60, 120, 240, 480, 960.

    Returns
    -------
    int
        ``mu``, 0 to 6.

    Raises
    ------
    ValueError
        If ``scs_khz`` is not one of 15, 30, 60, 120, 240, 480, 960 (TS 38.211 Table 4.2-1).

    Examples
    --------
    >>> from ofdmisac.waveforms import numerology_mu
    >>> numerology_mu(120)
    3
    """
    if isinstance(scs_khz, bool):
        fail("scs_khz", scs_khz, "choose one of " + ", ".join(map(str, _SCS_KHZ)))
    check_choice("scs_khz", scs_khz, _SCS_KHZ)
    return _SCS_KHZ.index(int(scs_khz))


@dataclass(frozen=True, kw_only=True)
class Carrier:
    """An NR carrier: numerology, grid size and sampling.

    TS 38.211 clauses 4.2, 4.3, 4.4 and 5.3.1.

    Parameters
    ----------
    scs_khz : int
        Subcarrier spacing Delta f = 2**mu * 15 kHz, one of 15, 30, 60, 120, 240, 480, 960.
    n_rb : int
        Carrier bandwidth in resource blocks (1..275); the grid has ``12 * n_rb`` subcarriers.
    cyclic_prefix : {"normal", "extended"}
        Extended CP exists only for 60 kHz (TS 38.211 Table 4.2-1).
    n_start_grid : int
        Start of the carrier grid, N_grid^start, in common resource blocks counted from
        point A (0..2199). Reference-signal sequences indexed from point A use it.
    n_fft : int, optional
        FFT size. Default: the smallest power of two >= 12 * n_rb / 0.85 (and >= 128,
        so that every CP length is a whole number of samples).

    Raises
    ------
    TypeError
        ``n_rb``, ``n_start_grid`` or ``n_fft`` is not an integer.
    ValueError
        A parameter is outside its domain (the message names it and what is allowed).

    Attributes
    ----------
    mu : int
        Numerology index.
    scs_hz : float
        Subcarrier spacing in Hz.
    n_subcarriers : int
        ``12 * n_rb``.
    sample_rate_hz : float
        ``n_fft * scs_hz``.
    symbols_per_slot : int
        14 (normal CP) or 12 (extended CP).
    slots_per_subframe, slots_per_frame : int
        ``2**mu`` and ``10 * 2**mu``.

    Examples
    --------
    >>> c = Carrier(scs_khz=240, n_rb=132)
    >>> c.n_fft, round(c.symbol_duration_s * 1e6, 2)
    (2048, 4.46)
    """

    scs_khz: int
    n_rb: int
    cyclic_prefix: str = "normal"
    n_start_grid: int = 0
    n_fft: int | None = None
    mu: int = field(init=False, repr=False)

    def __post_init__(self):
        mu = numerology_mu(self.scs_khz)
        object.__setattr__(self, "scs_khz", int(self.scs_khz))
        object.__setattr__(self, "mu", mu)
        check_choice("cyclic_prefix", self.cyclic_prefix, _CYCLIC_PREFIXES)
        if self.cyclic_prefix == "extended" and self.scs_khz != 60:
            raise ValueError(
                f"cyclic_prefix='extended' is not allowed with scs_khz={self.scs_khz}; "
                "extended CP exists only for scs_khz=60 (TS 38.211 Table 4.2-1)")
        object.__setattr__(self, "n_rb", check_int("n_rb", self.n_rb, minimum=1,
                                                   maximum=_MAX_N_RB))
        object.__setattr__(self, "n_start_grid", check_int("n_start_grid", self.n_start_grid,
                                                           minimum=0, maximum=2199))
        n_sc = 12 * self.n_rb
        if self.n_fft is None:
            n_fft = max(128, 1 << int(np.ceil(np.log2(n_sc / 0.85))))
        else:
            n_fft = check_int("n_fft", self.n_fft, minimum=n_sc)
            cp_samples_x2048 = [144 * n_fft, (16 * n_fft) << mu]
            if self.cyclic_prefix == "extended":
                cp_samples_x2048 = [512 * n_fft]
            if any(v % 2048 for v in cp_samples_x2048):
                fail("n_fft", n_fft, "use a multiple of 128 (the cyclic prefixes of TS 38.211 "
                     "5.3.1 must be whole numbers of samples)")
        object.__setattr__(self, "n_fft", n_fft)

    # --- sizes -----------------------------------------------------------------------
    @property
    def scs_hz(self) -> float:
        """Subcarrier spacing in Hz."""
        return self.scs_khz * 1e3

    @property
    def n_subcarriers(self) -> int:
        """Number of subcarriers of the grid, ``12 * n_rb``."""
        return 12 * self.n_rb

    @property
    def bandwidth_hz(self) -> float:
        """Occupied bandwidth ``12 * n_rb * scs_hz``."""
        return self.n_subcarriers * self.scs_hz

    @property
    def sample_rate_hz(self) -> float:
        """Sample rate ``n_fft * scs_hz``."""
        return self.n_fft * self.scs_hz

    @property
    def symbols_per_slot(self) -> int:
        """OFDM symbols per slot: 14 (normal CP) or 12 (extended CP)."""
        return 14 if self.cyclic_prefix == "normal" else 12

    @property
    def slots_per_subframe(self) -> int:
        """Slots per 1 ms subframe, ``2**mu``."""
        return 1 << self.mu

    @property
    def slots_per_frame(self) -> int:
        """Slots per 10 ms frame, ``10 * 2**mu``."""
        return 10 * self.slots_per_subframe

    @property
    def slot_duration_s(self) -> float:
        """Mean slot duration ``1 ms / 2**mu`` (individual slots differ by the long CP)."""
        return 1e-3 / self.slots_per_subframe

    @property
    def symbol_duration_s(self) -> float:
        """Mean OFDM symbol duration with CP, the papers' T_sym (4.46 us at 240 kHz)."""
        return self.slot_duration_s / self.symbols_per_slot

    @property
    def useful_symbol_duration_s(self) -> float:
        """Useful (CP-free) symbol duration ``1 / scs_hz``."""
        return 1.0 / self.scs_hz

    @property
    def samples_per_subframe(self) -> int:
        """Samples in 1 ms at :attr:`sample_rate_hz`."""
        return int(round(self.sample_rate_hz * 1e-3))

    # --- cyclic prefix and timing (TS 38.211 5.3.1) -------------------------------------
    def _check_slot(self, slot) -> int:
        return check_int("slot", slot, minimum=0)

    def cp_lengths(self, slot: int = 0) -> np.ndarray:
        """Cyclic-prefix lengths in samples of the symbols of ``slot``.

        Implements TS 38.211 5.3.1: N_CP = 512 kappa 2^-mu (extended), 144 kappa 2^-mu +
        16 kappa for l = 0 or l = 7 * 2^mu (l counted within the subframe), else
        144 kappa 2^-mu (normal), converted from Tc to samples at :attr:`sample_rate_hz`.

        Parameters
        ----------
        slot : int
            Slot index (counted from the start of a frame; only ``slot mod 2**mu`` matters).

        Returns
        -------
        numpy.ndarray
            ``[symbols_per_slot]`` int64.
        """
        slot = self._check_slot(slot)
        n_sym = self.symbols_per_slot
        if self.cyclic_prefix == "extended":
            return np.full(n_sym, 512 * self.n_fft // 2048, dtype=np.int64)
        base = 144 * self.n_fft // 2048
        extra = (16 * self.n_fft << self.mu) // 2048
        l_in_subframe = (slot % self.slots_per_subframe) * n_sym + np.arange(n_sym)
        long_cp = (l_in_subframe % (7 << self.mu)) == 0
        return np.where(long_cp, base + extra, base).astype(np.int64)

    def symbol_lengths(self, slot: int = 0) -> np.ndarray:
        """Lengths in samples (CP plus ``n_fft``) of the symbols of ``slot``.

        Parameters
        ----------
        slot : int, default 0
            Slot index (counted from the start of a frame; only ``slot mod 2**mu`` matters).

        Returns
        -------
        numpy.ndarray
            ``[symbols_per_slot]`` int64.
        """
        return self.cp_lengths(slot) + self.n_fft

    def samples_per_slot(self, slot: int = 0) -> int:
        """Number of samples of ``slot``.

        Parameters
        ----------
        slot : int, default 0
            Slot index (counted from the start of a frame; only ``slot mod 2**mu`` matters).

        Returns
        -------
        int
            Sum of :meth:`symbol_lengths`.
        """
        return int(self.symbol_lengths(slot).sum())

    def slot_start_sample(self, slot: int) -> int:
        """First sample of ``slot`` counted from the start of its frame's slot 0.

        Parameters
        ----------
        slot : int
            Slot index, >= 0 (slots beyond one subframe add whole subframes).

        Returns
        -------
        int
            Sample index at :attr:`sample_rate_hz`.
        """
        slot = self._check_slot(slot)
        per_sf = self.slots_per_subframe
        within = sum(self.samples_per_slot(s) for s in range(slot % per_sf))
        return (slot // per_sf) * self.samples_per_subframe + within

    def symbol_start_samples(self, slot: int = 0) -> np.ndarray:
        """Sample index of each symbol's start (CP included) within its slot.

        Parameters
        ----------
        slot : int, default 0
            Slot index (counted from the start of a frame; only ``slot mod 2**mu`` matters).

        Returns
        -------
        numpy.ndarray
            ``[symbols_per_slot]`` int64, relative to the slot start (the first is 0).
        """
        lengths = self.symbol_lengths(slot)
        return np.concatenate(([0], np.cumsum(lengths)[:-1])).astype(np.int64)

    def symbol_start_times_s(self, slot: int = 0) -> np.ndarray:
        """Start time in s (CP included) of each symbol of ``slot`` from the frame start.

        Parameters
        ----------
        slot : int, default 0
            Slot index (counted from the start of a frame; only ``slot mod 2**mu`` matters).

        Returns
        -------
        numpy.ndarray
            ``[symbols_per_slot]`` float64, in s.
        """
        start = self.slot_start_sample(slot) + self.symbol_start_samples(slot)
        return start / self.sample_rate_hz

    def subcarrier_frequencies_hz(self) -> np.ndarray:
        """Baseband frequency in Hz of each grid subcarrier.

        ``f_k = (k - n_subcarriers/2) * scs_hz``.

        The grid's subcarrier ``n_subcarriers/2`` sits at DC (TS 38.211 5.3.1, with k0 = 0).

        Returns
        -------
        numpy.ndarray
            ``[n_subcarriers]`` float64, in Hz.
        """
        return (np.arange(self.n_subcarriers) - self.n_subcarriers // 2) * self.scs_hz
