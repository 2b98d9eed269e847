"""Waveforms of whole frames and multi-slot PRS, and what lies where in them.

* :func:`prs_waveform`: the CP-OFDM waveform of a PRS resource over any number of slots
  (:func:`~ofdmisac.waveforms.prs_multi_slot_grid`, one batched modulation).
* :class:`WaveformOccasion` / :func:`frame_occasions`: the sample range and frequency
  edges of every SS/PBCH block and PRS occasion of an ISAC frame's waveform, the content of
  the annotations of a recording (``ofdmisac.recordings``).

The waveform of an :class:`~ofdmisac.waveforms.IsacFrame` itself is its method
:meth:`~ofdmisac.waveforms.IsacFrame.waveform`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validation import check_instance
from ._numerology import Carrier
from ._ofdm import ofdm_modulate
from ._prs import PRSConfig, prs_multi_slot_grid

__all__ = ["WaveformOccasion", "frame_occasions", "prs_waveform"]

_SSB_N_SC, _SSB_N_SYM = 240, 4


@dataclass(frozen=True, kw_only=True)
class WaveformOccasion:
    """One SS/PBCH block or PRS occasion of a waveform: samples and band

    Parameters
    ----------
    kind : {"ssb", "prs"}
        What the occasion carries.
    label : str
        Short human-readable label (``"SSB i_SSB=3"``, ``"PRS slot 17"``).
    sample_start : int
        First sample (start of the first symbol's CP), counted from the waveform's first
        sample.
    sample_count : int
        Number of samples (whole symbols, CP included).
    freq_lower_hz, freq_upper_hz : float
        Baseband edges of the occupied band, ``f_k -+ scs/2`` of its first and last
        subcarrier (add the centre frequency for RF edges).
    index : int
        The candidate index i_SSB of an SSB; the slot (counted from the waveform's first
        slot) of a PRS occasion.
    first_symbol : int
        First OFDM symbol (counted from the waveform's first symbol).
    n_symbols : int
        Number of OFDM symbols.

    Raises
    ------
    TypeError
        A field given positionally or missing (dataclass constructor; not validated).

    Examples
    --------
    >>> from ofdmisac.waveforms import WaveformOccasion
    >>> o = WaveformOccasion(kind="ssb", label="SSB i_SSB=0", sample_start=0,
    ...                      sample_count=4, freq_lower_hz=-1.0, freq_upper_hz=1.0, index=0,
    ...                      first_symbol=2, n_symbols=4)
    >>> o.sample_stop
    4
    """

    kind: str
    label: str
    sample_start: int
    sample_count: int
    freq_lower_hz: float
    freq_upper_hz: float
    index: int
    first_symbol: int
    n_symbols: int

    @property
    def sample_stop(self) -> int:
        """One past the last sample, ``sample_start + sample_count``."""
        return self.sample_start + self.sample_count


def _band_edges_hz(carrier: Carrier, first_row: int, n_rows: int) -> tuple[float, float]:
    f = carrier.subcarrier_frequencies_hz()
    half = carrier.scs_hz / 2
    return float(f[first_row] - half), float(f[first_row + n_rows - 1] + half)


def _symbol_starts(carrier: Carrier, first_slot: int, n_slots: int) -> np.ndarray:
    """Sample index of every symbol start (and the end) of ``n_slots`` slots from
    ``first_slot``, relative to the first."""
    lengths = np.concatenate([carrier.symbol_lengths(first_slot + s) for s in
                              range(min(n_slots, carrier.slots_per_subframe))])
    n_sym = n_slots * carrier.symbols_per_slot
    reps = -(-n_sym // lengths.size)
    lengths = np.tile(lengths, reps)[:n_sym]
    return np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)


def frame_occasions(frame, slot_start: int = 0, slot_stop: int | None = None) -> tuple:
    """SS/PBCH blocks and PRS occasions of an ISAC frame's waveform, in time order.

    For the waveform of slots ``slot_start .. slot_stop-1``
    (:meth:`~ofdmisac.waveforms.IsacFrame.waveform`): one occasion per SS/PBCH block
    entirely inside the range (its 4 symbols, its 240 subcarriers) and one per active PRS
    slot (the PRS symbols of the slot, the PRS band).

    Parameters
    ----------
    frame : IsacFrame
        The frame.
    slot_start, slot_stop : int
        Slot range (default the whole frame).

    Returns
    -------
    tuple of WaveformOccasion
        Sorted by ``sample_start`` (SSB first on ties).

    Raises
    ------
    TypeError
        If ``frame`` is not an :class:`~ofdmisac.waveforms.IsacFrame`.
    ValueError
        If the slot range is empty or outside the frame.

    Examples
    --------
    >>> from ofdmisac.waveforms import default_isac_frame, frame_occasions
    >>> occ = frame_occasions(default_isac_frame(quick=True))
    >>> len(occ), occ[0].label, occ[-1].label
    (80, 'SSB i_SSB=0', 'PRS slot 63')
    """
    from ._frame import IsacFrame

    check_instance("frame", frame, IsacFrame)
    start, stop = frame._check_range(slot_start, slot_stop)
    carrier = frame.carrier
    n_sym_slot = carrier.symbols_per_slot
    starts = _symbol_starts(carrier, start, stop - start)
    out = []
    lo, hi = start * n_sym_slot, stop * n_sym_slot
    if frame.config.ssb_case is not None:
        f_lo, f_hi = _band_edges_hz(carrier, frame.ssb_first_subcarrier, _SSB_N_SC)
        for l0, i in zip(frame.ssb_symbols.tolist(), frame.ssb_block_indices.tolist(),
                         strict=True):
            if l0 < lo or l0 + _SSB_N_SYM > hi:
                continue
            first = l0 - lo
            out.append(WaveformOccasion(
                kind="ssb", label=f"SSB i_SSB={i}", sample_start=int(starts[first]),
                sample_count=int(starts[first + _SSB_N_SYM] - starts[first]),
                freq_lower_hz=f_lo, freq_upper_hz=f_hi, index=int(i), first_symbol=first,
                n_symbols=_SSB_N_SYM))
    prs = frame.config.prs
    if frame.prs_slots.size:
        first_rb, n_rb = prs.band_rb(carrier)
        f_lo, f_hi = _band_edges_hz(carrier, 12 * first_rb, 12 * n_rb)
        for s in frame.prs_slots[(frame.prs_slots >= start) & (frame.prs_slots < stop)]:
            rel = int(s) - start
            first = rel * n_sym_slot + prs.start_symbol
            out.append(WaveformOccasion(
                kind="prs", label=f"PRS slot {rel}", sample_start=int(starts[first]),
                sample_count=int(starts[first + prs.num_symbols] - starts[first]),
                freq_lower_hz=f_lo, freq_upper_hz=f_hi, index=rel, first_symbol=first,
                n_symbols=prs.num_symbols))
    out.sort(key=lambda o: (o.sample_start, o.kind != "ssb"))
    return tuple(out)


def prs_waveform(carrier: Carrier, prs: PRSConfig, *, n_slots: int, first_slot: int = 0,
                 period_slots: int = 1, offset_slots: int = 0, repetition_factor: int = 1,
                 dtype=np.complex64) -> np.ndarray:
    """CP-OFDM waveform of a PRS resource over several slots.

    :func:`~ofdmisac.waveforms.ofdm_modulate` of
    :func:`~ofdmisac.waveforms.prs_multi_slot_grid` (one batched call each).

    Parameters
    ----------
    carrier : Carrier
        The carrier (numerology, FFT size, CP).
    prs : PRSConfig
        The PRS resource.
    n_slots : int
        Number of slots, >= 1.
    first_slot : int
        Absolute index of the first slot (sets the sequences and the CP layout).
    period_slots, offset_slots, repetition_factor : int
        Occasions, see :func:`~ofdmisac.waveforms.prs_occasion_slots`.
    dtype : complex64 or complex128
        Output dtype.

    Returns
    -------
    numpy.ndarray
        ``[n_samples]`` of ``dtype`` at ``carrier.sample_rate_hz``.

    Raises
    ------
    TypeError
        If an argument has the wrong kind.
    ValueError
        If an argument is out of range (see :func:`~ofdmisac.waveforms.prs_multi_slot_grid`).

    Examples
    --------
    >>> from ofdmisac.waveforms import Carrier, PRSConfig, prs_waveform
    >>> c = Carrier(scs_khz=30, n_rb=24)
    >>> prs_waveform(c, PRSConfig(comb_size=2, num_symbols=2), n_slots=20).shape
    (153600,)
    """
    grid = prs_multi_slot_grid(carrier, prs, n_slots=n_slots, first_slot=first_slot,
                               period_slots=period_slots, offset_slots=offset_slots,
                               repetition_factor=repetition_factor, dtype=dtype)
    return ofdm_modulate(grid, carrier, slot=first_slot, dtype=dtype)
