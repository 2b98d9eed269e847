"""The sensing grid: one object that describes an OFDM radar measurement.

A :class:`SensingGrid` holds everything the radar functions need about a measurement, so
that numerology is passed one way: the carrier frequency, the subcarrier spacing, the
symbol duration and the start time of every symbol, the pilot resource elements (a boolean
mask over ``(n_subcarriers, n_symbols)``), and the processing window (range and Doppler
tapers, FFT sizes). Echo synthesis, interference, the range-Doppler map, the CRLB, the error
statistics and detection (through the map) all take it.

Build it from a :class:`~ofdmisac.waveforms.Carrier` (:meth:`SensingGrid.from_carrier`), a
PRS configuration (:meth:`SensingGrid.from_prs`), a [BM] pilot block
(:meth:`SensingGrid.from_pilot_pattern`), an ISAC frame (:meth:`SensingGrid.from_frame`) or
directly from the numbers. Derived quantities are properties: resolutions ([BM] eq. (13)),
unambiguous intervals ([BM] eq. (14)), FFT bin sizes and axes, bandwidth and observation time.

One idea: the description of one radar measurement and the quantities derived from it; about
200 of its lines are code, the rest its documentation and examples.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from .._validation import check_array, check_bytes, check_instance, check_int, check_real, fail
from .._windows import check_window_name
from ..units import SPEED_OF_LIGHT_MPS
from ._numerology import Carrier

__all__ = ["SensingGrid"]


def _nr_symbol_times_s(carrier: Carrier, n_symbols: int) -> np.ndarray:
    """Start times (CP included) of ``n_symbols`` consecutive symbols from slot 0 of a frame.

    Vectorized: the symbol start samples of one subframe (the CP pattern repeats every
    subframe) are indexed by the symbol number, so the cost is one numpy operation of
    ``n_symbols`` elements (no loop over slots)."""
    sps = carrier.symbols_per_slot
    per_sf = carrier.slots_per_subframe
    sf_starts = np.concatenate([carrier.slot_start_sample(s) + carrier.symbol_start_samples(s)
                                for s in range(per_sf)])  # one subframe, <= 64 slots
    i = np.arange(int(n_symbols), dtype=np.int64)
    per_frame = 10 * per_sf * sps
    frame, j = np.divmod(i, per_frame)
    subframe, k = np.divmod(j, per_sf * sps)
    sample = subframe * carrier.samples_per_subframe + sf_starts[k]
    return sample / carrier.sample_rate_hz + frame * 10e-3


def _step(positions_per_line) -> int | None:
    """gcd of the index differences of the pilots on each line (None: no line has two)."""
    g = 0
    for idx in positions_per_line:
        if idx.size >= 2:
            g = math.gcd(g, *np.diff(idx).tolist())
    return g or None


@dataclass(frozen=True, kw_only=True, eq=False)
class SensingGrid:
    """Numerology, pilot REs and processing window of a radar measurement.

    Parameters
    ----------
    fc_hz : float
        Carrier frequency f_c (> 0).
    scs_hz : float
        Subcarrier spacing f_Delta (> 0).
    symbol_duration_s : float
        OFDM symbol duration with CP, T_sym (> 0): the time step the Doppler DFT assumes.
    pilot_mask : array_like of bool, shape ``(n_subcarriers, n_symbols)``
        True on the REs that carry known (pilot) symbols; at least one.
    symbol_times_s : array_like, shape ``(n_symbols,)``, optional
        Time ``t_l`` of each symbol at which the Doppler phase of an echo is evaluated.
        Default ``l * symbol_duration_s``; :meth:`from_carrier` gives the NR symbol start
        times instead (CP included, the longer CP every 0.5 ms).
    carrier : Carrier, optional
        The NR carrier (needed by the time-domain echo model and for the carrier's
        subcarrier frequencies); ``n_subcarriers`` must equal ``carrier.n_subcarriers``.
    window_range, window_doppler : str
        Tapers along subcarriers and symbols (see ``ofdmisac.estimators.WINDOW_NAMES``).
    n_range, n_doppler : int, optional
        FFT lengths of the range-Doppler map (zero padding), at least the grid size; default
        the grid size.

    Attributes
    ----------
    n_subcarriers, n_symbols : int
        Grid size.
    n_pilots : int
        Number of pilot REs.

    Raises
    ------
    ValueError
        A value outside its domain (named), a mask without pilots or not 2-D, symbol times
        of the wrong shape, FFT sizes smaller than the grid, an unknown window.
    TypeError
        A mask that is not boolean, a ``carrier`` that is not a :class:`Carrier`.

    Notes
    -----
    The pilot steps ``S_f`` (:attr:`subcarrier_step`) and ``S_t`` (:attr:`symbol_step`) are
    the greatest common divisors of the index differences of the pilots within each symbol and
    within each subcarrier; for a staggered comb of size D both are D. They set the
    unambiguous intervals of [BM] eq. (14).

    Examples
    --------
    >>> import numpy as np
    >>> from ofdmisac.waveforms import Carrier, SensingGrid
    >>> mask = np.zeros((96, 28), bool)
    >>> for l in range(28):
    ...     mask[l % 4::4, l] = True
    >>> g = SensingGrid.from_carrier(Carrier(scs_khz=120, n_rb=8), fc_hz=28e9, pilot_mask=mask)
    >>> g.subcarrier_step, g.symbol_step, round(g.range_resolution_m, 3)
    (4, 4, 13.012)
    >>> round(g.unambiguous_range_m, 2), round(g.unambiguous_velocity_mps, 2)
    (312.28, 149.9)
    """

    fc_hz: float
    scs_hz: float
    symbol_duration_s: float
    pilot_mask: np.ndarray
    symbol_times_s: np.ndarray | None = None
    carrier: Carrier | None = None
    window_range: str = "rect"
    window_doppler: str = "rect"
    n_range: int | None = None
    n_doppler: int | None = None

    def __post_init__(self):
        for name in ("fc_hz", "scs_hz", "symbol_duration_s"):
            object.__setattr__(self, name, check_real(name, getattr(self, name), minimum=0.0,
                                                      strict_min=True))
        mask = np.asarray(self.pilot_mask)
        if mask.dtype != bool:
            fail("pilot_mask", self.pilot_mask, "use a boolean array (True on pilot REs)",
                 TypeError)
        if mask.ndim != 2:
            fail("pilot_mask", self.pilot_mask,
                 f"use a 2-D (n_subcarriers, n_symbols) array (got shape {mask.shape})")
        if not mask.any():
            fail("pilot_mask", self.pilot_mask, "use a mask with at least one pilot RE")
        mask = mask.copy()
        mask.flags.writeable = False
        object.__setattr__(self, "pilot_mask", mask)
        n_sc, n_sym = mask.shape
        if self.carrier is not None:
            check_instance("carrier", self.carrier, Carrier)
            if self.carrier.n_subcarriers != n_sc:
                fail("pilot_mask", self.pilot_mask,
                     f"use {self.carrier.n_subcarriers} subcarriers, as the carrier has "
                     f"(got {n_sc})")
        if self.symbol_times_s is None:
            times = np.arange(n_sym) * self.symbol_duration_s
        else:
            times = np.array(self.symbol_times_s, dtype=np.float64)
            if times.shape != (n_sym,) or not np.all(np.isfinite(times)):
                fail("symbol_times_s", self.symbol_times_s,
                     f"use {n_sym} finite times, one per symbol of the mask")
        times.flags.writeable = False
        object.__setattr__(self, "symbol_times_s", times)
        check_window_name(self.window_range, "window_range")
        check_window_name(self.window_doppler, "window_doppler")
        for name, size in (("n_range", n_sc), ("n_doppler", n_sym)):
            value = getattr(self, name)
            value = size if value is None else check_int(name, value, minimum=size)
            object.__setattr__(self, name, value)

    # --- constructors ------------------------------------------------------------------------
    @classmethod
    def from_carrier(cls, carrier: Carrier, *, fc_hz: float, pilot_mask=None,
                     n_symbols: int | None = None, **processing) -> SensingGrid:
        """Sensing grid on an NR carrier, with the NR symbol start times.

        Parameters
        ----------
        carrier : Carrier
            Supplies ``scs_hz``, the mean ``symbol_duration_s`` and the symbol start times
            (CP included) of consecutive symbols from slot 0.
        fc_hz : float
            Carrier frequency in Hz (> 0).
        pilot_mask : array_like of bool, optional
            ``(carrier.n_subcarriers, n_symbols)``; default every RE of ``n_symbols`` symbols.
        n_symbols : int, optional
            Number of symbols when ``pilot_mask`` is not given (default one slot).
        **processing
            ``window_range``, ``window_doppler``, ``n_range``, ``n_doppler``.

        Returns
        -------
        SensingGrid

        Raises
        ------
        TypeError
            ``carrier`` is not a :class:`Carrier`.
        ValueError
            As for the constructor.
        """
        check_instance("carrier", carrier, Carrier)
        if pilot_mask is None:
            n = carrier.symbols_per_slot if n_symbols is None else check_int(
                "n_symbols", n_symbols, minimum=1)
            check_bytes("n_symbols", n, 2.0 * n * carrier.n_subcarriers + 64.0 * n,
                        advice="use fewer symbols per sensing grid")
            pilot_mask = np.ones((carrier.n_subcarriers, n), dtype=bool)
        mask = np.asarray(pilot_mask)
        n_sym = mask.shape[-1] if mask.ndim == 2 else 0
        times = _nr_symbol_times_s(carrier, n_sym) if n_sym else None
        return cls(fc_hz=fc_hz, scs_hz=carrier.scs_hz,
                   symbol_duration_s=carrier.symbol_duration_s, pilot_mask=mask,
                   symbol_times_s=times, carrier=carrier, **processing)

    @classmethod
    def from_prs(cls, carrier: Carrier, prs, *, fc_hz: float, n_slots: int = 1,
                 **processing) -> SensingGrid:
        """Sensing grid of a PRS resource repeated in ``n_slots`` consecutive slots.

        Parameters
        ----------
        carrier : Carrier
            The NR carrier (numerology, grid size and symbol start times).
        prs : PRSConfig
            The PRS whose REs (TS 38.211 7.4.1.7.3, :func:`~ofdmisac.waveforms.prs_indices`)
            are the pilots.
        fc_hz : float
            Carrier frequency in Hz (> 0).
        n_slots : int
            Slots from slot 0 (>= 1).
        **processing
            ``window_range``, ``window_doppler``, ``n_range``, ``n_doppler``.

        Returns
        -------
        SensingGrid

        Raises
        ------
        TypeError
            ``prs`` is not a :class:`PRSConfig`.
        ValueError
            As for the constructor, or a PRS that does not fit in the carrier.
        """
        from ._prs import PRSConfig, prs_indices

        check_instance("prs", prs, PRSConfig)
        n_slots = check_int("n_slots", n_slots, minimum=1)
        sps = carrier.symbols_per_slot
        mask = np.zeros((carrier.n_subcarriers, n_slots * sps), dtype=bool)
        for s in range(n_slots):
            k, ll = prs_indices(carrier, prs, slot=s)
            mask[k, s * sps + ll] = True
        return cls.from_carrier(carrier, fc_hz=fc_hz, pilot_mask=mask, **processing)

    @classmethod
    def from_pilot_pattern(cls, pattern, *, carrier: Carrier | None = None,
                           **processing) -> SensingGrid:
        """Sensing grid of a [BM] PRS pilot block.

        The grid is the block's own span with the pilots from the first RE, or the
        carrier's subcarriers when ``carrier`` is given.

        Parameters
        ----------
        pattern : PilotPattern
            Supplies ``fc_hz``, ``scs_hz``, ``symbol_duration_s`` and the lattice of
            ``n_subcarriers x n_symbols`` pilots spaced ``spacing_f`` and ``spacing_t``.
        carrier : Carrier, optional
            When given, the grid spans the carrier's subcarriers and uses its symbol start
            times; the block must fit.
        **processing
            ``window_range``, ``window_doppler``, ``n_range``, ``n_doppler``.

        Returns
        -------
        SensingGrid

        Raises
        ------
        TypeError
            ``pattern`` is not a :class:`PilotPattern`.
        ValueError
            The block does not fit in the carrier.
        """
        from ._pilot_pattern import PilotPattern

        check_instance("pattern", pattern, PilotPattern)
        if carrier is None:
            mask = pattern.mask(pattern.span_subcarriers, pattern.span_symbols)
            return cls(fc_hz=pattern.fc_hz, scs_hz=pattern.scs_hz,
                       symbol_duration_s=pattern.symbol_duration_s, pilot_mask=mask,
                       **processing)
        mask = pattern.mask(carrier.n_subcarriers, pattern.span_symbols)
        return cls.from_carrier(carrier, fc_hz=pattern.fc_hz, pilot_mask=mask, **processing)

    @classmethod
    def from_frame(cls, frame, *, fc_hz: float, slot_start: int = 0,
                   slot_stop: int | None = None, **processing) -> SensingGrid:
        """Sensing grid of the PRS REs of an ISAC frame in a slot range.

        The pilots are the REs labelled PRS in slots ``slot_start .. slot_stop-1``.

        Parameters
        ----------
        frame : IsacFrame
            The frame (its carrier and label map).
        fc_hz : float
            Carrier frequency in Hz (> 0).
        slot_start, slot_stop : int
            Slot range (default the whole frame).
        **processing
            ``window_range``, ``window_doppler``, ``n_range``, ``n_doppler``.

        Returns
        -------
        SensingGrid
            Its symbol times are the NR start times counted from ``slot_start``'s frame start.

        Raises
        ------
        TypeError
            ``frame`` is not an :class:`IsacFrame`.
        ValueError
            No PRS RE in the slot range, or a bad range.
        """
        from ._frame import IsacFrame, ReLabel

        check_instance("frame", frame, IsacFrame)
        labels = frame.labels(slot_start, slot_stop)
        mask = labels == ReLabel.PRS
        if not mask.any():
            fail("slot_start", slot_start, "use a slot range that holds PRS REs")
        carrier = frame.carrier
        sps = carrier.symbols_per_slot
        times = _nr_symbol_times_s(carrier, slot_start * sps + mask.shape[1])[slot_start * sps:]
        return cls(fc_hz=fc_hz, scs_hz=carrier.scs_hz,
                   symbol_duration_s=carrier.symbol_duration_s, pilot_mask=mask,
                   symbol_times_s=times, carrier=carrier, **processing)

    def replace(self, **changes) -> SensingGrid:
        """Copy with some fields changed (validated again).

        Parameters
        ----------
        **changes
            New field values, e.g. ``n_range=4 * g.n_subcarriers``.

        Returns
        -------
        SensingGrid

        Raises
        ------
        ValueError
            An unknown field name, or an invalid value.
        """
        names = {f.name for f in dataclasses.fields(self)}
        unknown = sorted(set(changes) - names)
        if unknown:
            fail("changes", unknown, f"choose fields among {sorted(names)}")
        return dataclasses.replace(self, **changes)

    # --- sizes ---------------------------------------------------------------------------------
    @property
    def n_subcarriers(self) -> int:
        """Subcarriers of the grid (rows of :attr:`pilot_mask`)."""
        return self.pilot_mask.shape[0]

    @property
    def n_symbols(self) -> int:
        """OFDM symbols of the grid (columns of :attr:`pilot_mask`)."""
        return self.pilot_mask.shape[1]

    @property
    def shape(self) -> tuple[int, int]:
        """Grid shape ``(n_subcarriers, n_symbols)``."""
        return self.pilot_mask.shape

    @cached_property
    def n_pilots(self) -> int:
        """Number of pilot REs."""
        return int(np.count_nonzero(self.pilot_mask))

    @cached_property
    def subcarrier_step(self) -> int:
        """Pilot spacing S_f in subcarriers.

        The gcd of the pilot index differences within symbols; ``n_subcarriers`` if no
        symbol carries two pilots.
        """
        rows = (np.flatnonzero(col) for col in self.pilot_mask.T)
        return _step(rows) or self.n_subcarriers

    @cached_property
    def symbol_step(self) -> int:
        """Pilot spacing S_t in OFDM symbols.

        The gcd of the pilot index differences within subcarriers; ``n_symbols`` if no
        subcarrier carries two pilots.
        """
        cols = (np.flatnonzero(row) for row in self.pilot_mask)
        return _step(cols) or self.n_symbols

    def subcarrier_frequencies_hz(self) -> np.ndarray:
        """Baseband frequency in Hz of each grid row.

        The carrier's subcarrier frequencies, else ``(k - n/2) scs``.

        Returns
        -------
        numpy.ndarray
            float64, shape ``(n_subcarriers,)``.
        """
        if self.carrier is not None:
            return self.carrier.subcarrier_frequencies_hz()
        return (np.arange(self.n_subcarriers) - self.n_subcarriers // 2) * self.scs_hz

    # --- durations, resolutions ([BM] eq. (13)), ambiguities ([BM] eq. (14)) ---------------------
    @property
    def bandwidth_hz(self) -> float:
        """Sensing bandwidth in Hz, ``n_subcarriers * scs_hz``."""
        return self.n_subcarriers * self.scs_hz

    @property
    def observation_time_s(self) -> float:
        """Observation time in s, ``n_symbols * symbol_duration_s``."""
        return self.n_symbols * self.symbol_duration_s

    @property
    def range_resolution_m(self) -> float:
        """Range resolution in m of the grid.

        ``Delta r = c / (2 B)`` with ``B`` = :attr:`bandwidth_hz`, [BM] eq. (13).
        """
        return SPEED_OF_LIGHT_MPS / (2.0 * self.scs_hz * self.n_subcarriers)

    @property
    def velocity_resolution_mps(self) -> float:
        """Velocity resolution in m/s of the grid.

        ``Delta v = c / (2 f_c T_obs)`` with ``T_obs`` = :attr:`observation_time_s`,
        [BM] eq. (13).
        """
        return SPEED_OF_LIGHT_MPS / (2.0 * self.fc_hz * self.symbol_duration_s * self.n_symbols)

    @property
    def unambiguous_range_m(self) -> float:
        """Unambiguous (maximum detectable) range in m.

        ``d_max = c / (2 S_f f_Delta)`` with ``S_f`` = :attr:`subcarrier_step`, [BM] eq. (14).
        """
        return SPEED_OF_LIGHT_MPS / (2.0 * self.subcarrier_step * self.scs_hz)

    @property
    def unambiguous_velocity_mps(self) -> float:
        """Width of the unambiguous velocity interval in m/s.

        ``v_max = c / (2 f_c S_t T_sym)`` with ``S_t`` = :attr:`symbol_step`, [BM] eq. (14):
        radial velocities are identified modulo ``v_max`` (e.g. in ``[-v_max/2, v_max/2)``).
        """
        return SPEED_OF_LIGHT_MPS / (2.0 * self.fc_hz * self.symbol_step
                                     * self.symbol_duration_s)

    # --- the range-Doppler map's bins and axes -------------------------------------------------
    @property
    def range_bin_m(self) -> float:
        """Range bin in m of the map, ``c / (2 scs n_range)``."""
        return SPEED_OF_LIGHT_MPS / (2.0 * self.scs_hz * self.n_range)

    @property
    def velocity_bin_mps(self) -> float:
        """Velocity bin in m/s of the map, ``c / (2 f_c T_sym n_doppler)``."""
        return SPEED_OF_LIGHT_MPS / (2.0 * self.fc_hz * self.symbol_duration_s
                                     * self.n_doppler)

    def range_axis_m(self) -> np.ndarray:
        """Ranges in m of the map rows.

        Returns
        -------
        numpy.ndarray
            ``n * range_bin_m`` for ``n = 0 .. n_range-1``, float64, shape ``(n_range,)``.
        """
        return np.arange(self.n_range) * self.range_bin_m

    def velocity_axis_mps(self) -> np.ndarray:
        """Velocities in m/s of the map columns, ascending.

        Returns
        -------
        numpy.ndarray
            From ``-(n_doppler // 2)`` bins up, float64, shape ``(n_doppler,)``.
        """
        return (np.arange(self.n_doppler) - self.n_doppler // 2) * self.velocity_bin_mps

    def delay_doppler(self, range_m, velocity_mps):
        """Round-trip delay and Doppler shift at this grid's carrier frequency.

        ``tau = 2 R / c`` in s and ``f_D = 2 v f_c / c`` in Hz.

        Parameters
        ----------
        range_m, velocity_mps : array_like
            One-way range and radial velocity (positive when approaching).

        Returns
        -------
        delay_s, doppler_hz : numpy.ndarray
            float64, broadcast shape.
        """
        r = check_array("range_m", range_m, minimum=0.0)
        v = check_array("velocity_mps", velocity_mps)
        return 2.0 * r / SPEED_OF_LIGHT_MPS, 2.0 * v * self.fc_hz / SPEED_OF_LIGHT_MPS

    def to_dict(self) -> dict:
        """JSON-ready summary (numerology, sizes, steps, resolutions; not the mask itself).

        Returns
        -------
        dict
            The fields and derived quantities by name (plain floats, ints and strings).
        """
        return {
            "fc_hz": self.fc_hz, "scs_hz": self.scs_hz,
            "symbol_duration_s": self.symbol_duration_s, "n_subcarriers": self.n_subcarriers,
            "n_symbols": self.n_symbols, "n_pilots": self.n_pilots,
            "subcarrier_step": self.subcarrier_step, "symbol_step": self.symbol_step,
            "window_range": self.window_range, "window_doppler": self.window_doppler,
            "n_range": self.n_range, "n_doppler": self.n_doppler,
            "bandwidth_hz": self.bandwidth_hz, "observation_time_s": self.observation_time_s,
            "range_resolution_m": self.range_resolution_m,
            "velocity_resolution_mps": self.velocity_resolution_mps,
            "unambiguous_range_m": self.unambiguous_range_m,
            "unambiguous_velocity_mps": self.unambiguous_velocity_mps,
        }
