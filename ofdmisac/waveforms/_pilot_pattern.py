"""The paper's PRS block: N_re pilots split between time and frequency ([BM] IV-B).

A block of ``N_re`` pilot resource elements is laid out on a rectangular lattice of
``N_t ~ N_re**delta`` pilot symbols spaced ``S_t`` OFDM symbols apart and
``N_f ~ N_re**(1 - delta)`` pilot subcarriers spaced ``S_f`` subcarriers apart, so that
``T_PRS = S_t N_re**delta T_sym`` and ``B_PRS = S_f N_re**(1 - delta) f_Delta``
([BM] section IV-B, the parametrisation of Theorem 4). Its resolutions follow [BM] eq. (13)
and its unambiguous range and velocity [BM] eq. (14).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validation import check_instance, check_int, check_real
from ..units import SPEED_OF_LIGHT_MPS
from ._numerology import Carrier

__all__ = ["PilotPattern"]


@dataclass(frozen=True, kw_only=True)
class PilotPattern:
    """PRS pilot block of [BM] section IV-B split between time and frequency.

    ``n_re`` pilots with the time-frequency ratio ``delta``.

    Parameters
    ----------
    n_re : int
        Total number of pilot resource elements N_re (>= 1).
    delta : float
        Time-to-frequency allocation ratio, ``0 < delta < 1``: N_re**delta pilots in time,
        N_re**(1 - delta) in frequency.
    spacing_t : int
        S_t, OFDM-symbol spacing between pilot symbols (>= 1).
    spacing_f : int
        S_f, subcarrier spacing between pilot subcarriers (>= 1).
    scs_hz : float
        OFDM subcarrier spacing f_Delta in Hz (default 240 kHz, [BM] Table II).
    symbol_duration_s : float, optional
        OFDM symbol duration with CP, T_sym. Default: the NR mean symbol duration for
        ``scs_hz`` with normal CP (``1 ms / (14 * scs_hz / 15 kHz)``, 4.46 us at 240 kHz).
    fc_hz : float
        Carrier frequency f_c used for the velocity figures (default 30 GHz, [BM] Table II).

    Raises
    ------
    TypeError
        A parameter of the wrong kind (a string, None, a float for an integer).
    ValueError
        A parameter outside its domain (NaN, infinite, out of range).

    Attributes
    ----------
    n_symbols : int
        Number of pilot symbols actually used, ``N_t = max(1, round(N_re**delta))``.
    n_subcarriers : int
        Number of pilot subcarriers actually used, ``N_f = max(1, round(N_re / N_t))``
        (the integer closest to N_re**(1-delta) that keeps ``N_t N_f`` closest to N_re).
    n_pilots : int
        ``N_t * N_f``, the pilots the lattice really carries (may differ from ``n_re`` by
        rounding).

    Notes
    -----
    The *nominal* duration and bandwidth (:attr:`duration_s`, :attr:`bandwidth_hz`) use the
    paper's real-valued N_re**delta and N_re**(1-delta); :attr:`used_duration_s` and
    :attr:`used_bandwidth_hz` use the integer counts. Both count the block as N pilots
    times their spacing (``S_t N_t T_sym``), as [BM] does, i.e. the block occupies
    ``S_t N_t`` symbols and ``S_f N_f`` subcarriers of the grid.

    The resolution properties follow [BM] eq. (13), the unambiguous range and velocity
    [BM] eq. (14) (cited by each property); the optimization over ``delta``, ``S_t`` and
    ``S_f`` is the paper's Theorem 4 (:mod:`ofdmisac.network`).

    References
    ----------
    [BM] section IV-B (T_PRS, B_PRS).

    Examples
    --------
    >>> from ofdmisac.waveforms import PilotPattern
    >>> p = PilotPattern(n_re=1000, delta=0.3, spacing_t=3, spacing_f=3)
    >>> p.n_symbols, p.n_subcarriers, p.n_pilots
    (8, 125, 1000)
    >>> round(p.max_range_m, 1)
    208.2
    """

    n_re: int
    delta: float
    spacing_t: int = 1
    spacing_f: int = 1
    scs_hz: float = 240e3
    symbol_duration_s: float | None = None
    fc_hz: float = 30e9
    n_symbols: int = field(init=False)
    n_subcarriers: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "n_re", check_int("n_re", self.n_re, minimum=1))
        delta = check_real("delta", self.delta, minimum=0.0, maximum=1.0, strict_min=True,
                           strict_max=True)
        object.__setattr__(self, "delta", delta)
        for name in ("spacing_t", "spacing_f"):
            object.__setattr__(self, name, check_int(name, getattr(self, name), minimum=1))
        scs_hz = check_real("scs_hz", self.scs_hz, minimum=0.0, strict_min=True)
        object.__setattr__(self, "scs_hz", scs_hz)
        if self.symbol_duration_s is None:
            t_sym = 1e-3 / (14 * scs_hz / 15e3)
        else:
            t_sym = check_real("symbol_duration_s", self.symbol_duration_s, minimum=0.0,
                               strict_min=True)
        object.__setattr__(self, "symbol_duration_s", t_sym)
        object.__setattr__(self, "fc_hz", check_real("fc_hz", self.fc_hz, minimum=0.0,
                                                     strict_min=True))
        n_t = max(1, int(round(self.n_re ** delta)))
        n_f = max(1, int(round(self.n_re / n_t)))
        object.__setattr__(self, "n_symbols", n_t)
        object.__setattr__(self, "n_subcarriers", n_f)

    @classmethod
    def from_carrier(cls, carrier: Carrier, *, n_re, delta, spacing_t=1, spacing_f=1,
                     fc_hz=30e9) -> PilotPattern:
        """Pattern on ``carrier``'s numerology.

        Uses the carrier's ``scs_hz`` and mean ``symbol_duration_s``.

        Parameters
        ----------
        carrier : Carrier
            The NR carrier.
        n_re, delta, spacing_t, spacing_f, fc_hz
            As in :class:`PilotPattern` (``fc_hz`` default 30 GHz).

        Returns
        -------
        PilotPattern
            The pattern.

        Raises
        ------
        TypeError
            If ``carrier`` is not a :class:`Carrier`, or as :class:`PilotPattern`.
        ValueError
            As :class:`PilotPattern`.
        """
        check_instance("carrier", carrier, Carrier)
        return cls(n_re=n_re, delta=delta, spacing_t=spacing_t, spacing_f=spacing_f,
                   scs_hz=carrier.scs_hz, symbol_duration_s=carrier.symbol_duration_s,
                   fc_hz=fc_hz)

    # --- sizes -----------------------------------------------------------------------------
    @property
    def n_pilots(self) -> int:
        """Pilots actually carried, ``n_symbols * n_subcarriers``."""
        return self.n_symbols * self.n_subcarriers

    @property
    def span_symbols(self) -> int:
        """OFDM symbols the block occupies, ``S_t * n_symbols``."""
        return self.spacing_t * self.n_symbols

    @property
    def span_subcarriers(self) -> int:
        """Subcarriers the block occupies, ``S_f * n_subcarriers``."""
        return self.spacing_f * self.n_subcarriers

    # --- durations and bandwidths ([BM] section IV-B) --------------------------------------
    @property
    def duration_s(self) -> float:
        """Nominal PRS duration T_PRS in s, with the real-valued N_re**delta.

        ``T_PRS = S_t N_re**delta T_sym`` ([BM] section IV-B).
        """
        return self.spacing_t * self.n_re ** self.delta * self.symbol_duration_s

    @property
    def bandwidth_hz(self) -> float:
        """Nominal PRS bandwidth B_PRS in Hz.

        ``B_PRS = S_f N_re**(1-delta) f_Delta`` ([BM] section IV-B).
        """
        return self.spacing_f * self.n_re ** (1.0 - self.delta) * self.scs_hz

    @property
    def used_duration_s(self) -> float:
        """T_PRS of the integer lattice, ``S_t * n_symbols * T_sym``."""
        return self.span_symbols * self.symbol_duration_s

    @property
    def used_bandwidth_hz(self) -> float:
        """B_PRS of the integer lattice, ``S_f * n_subcarriers * f_Delta``."""
        return self.span_subcarriers * self.scs_hz

    # --- resolutions ([BM] eq. (13)) and unambiguous intervals ([BM] eq. (14)) ---------------
    @property
    def range_resolution_m(self) -> float:
        """Range resolution in m of the nominal block.

        ``Delta r = c / (2 B_PRS)`` with the nominal B_PRS, [BM] eq. (13).
        """
        return SPEED_OF_LIGHT_MPS / (2.0 * self.bandwidth_hz)

    @property
    def velocity_resolution_mps(self) -> float:
        """Velocity resolution in m/s of the nominal block.

        ``Delta v = c / (2 f_c T_PRS)`` with the nominal T_PRS, [BM] eq. (13).
        """
        return SPEED_OF_LIGHT_MPS / (2.0 * self.fc_hz * self.duration_s)

    @property
    def max_range_m(self) -> float:
        """Unambiguous (maximum detectable) range in m.

        ``d_max = c / (2 S_f f_Delta)``, [BM] eq. (14).
        """
        return SPEED_OF_LIGHT_MPS / (2.0 * self.spacing_f * self.scs_hz)

    @property
    def max_velocity_mps(self) -> float:
        """Width of the unambiguous velocity interval in m/s.

        ``v_max = c / (2 S_t T_sym f_c)``, [BM] eq. (14).

        This is the width of the unambiguous velocity interval: radial velocities are
        identified modulo ``v_max`` (e.g. in ``[-v_max/2, v_max/2)``).
        """
        return SPEED_OF_LIGHT_MPS / (2.0 * self.spacing_t * self.symbol_duration_s * self.fc_hz)

    # --- grid mapping -----------------------------------------------------------------------
    def subcarrier_indices(self, first_subcarrier: int = 0) -> np.ndarray:
        """Grid rows of the pilot subcarriers.

        Parameters
        ----------
        first_subcarrier : int, default 0
            Grid row of the first pilot subcarrier, >= 0.

        Returns
        -------
        numpy.ndarray
            ``first + S_f * arange(n_subcarriers)``, int64.

        Raises
        ------
        TypeError
            If ``first_subcarrier`` is not an integer.
        ValueError
            If ``first_subcarrier`` < 0.
        """
        first = check_int("first_subcarrier", first_subcarrier, minimum=0)
        return first + self.spacing_f * np.arange(self.n_subcarriers)

    def symbol_indices(self, first_symbol: int = 0) -> np.ndarray:
        """Grid columns of the pilot symbols.

        Parameters
        ----------
        first_symbol : int, default 0
            Grid column of the first pilot symbol, >= 0.

        Returns
        -------
        numpy.ndarray
            ``first + S_t * arange(n_symbols)``, int64.

        Raises
        ------
        TypeError
            If ``first_symbol`` is not an integer.
        ValueError
            If ``first_symbol`` < 0.
        """
        first = check_int("first_symbol", first_symbol, minimum=0)
        return first + self.spacing_t * np.arange(self.n_symbols)

    def mask(self, n_subcarriers: int, n_symbols: int, *, first_subcarrier: int = 0,
             first_symbol: int = 0) -> np.ndarray:
        """Boolean resource grid, True on the pilot REs.

        Parameters
        ----------
        n_subcarriers, n_symbols : int
            Grid size, each >= 1.
        first_subcarrier, first_symbol : int, default 0
            Grid row and column of the first pilot, >= 0.

        Returns
        -------
        numpy.ndarray
            ``[n_subcarriers, n_symbols]`` bool.

        Raises
        ------
        TypeError
            If a size or first index is not an integer.
        ValueError
            If a size is < 1, a first index < 0, or the block (``span_subcarriers`` x
            ``span_symbols`` from the given first row and column) does not fit in the grid.
        """
        n_subcarriers = check_int("n_subcarriers", n_subcarriers, minimum=1)
        n_symbols = check_int("n_symbols", n_symbols, minimum=1)
        first_subcarrier = check_int("first_subcarrier", first_subcarrier, minimum=0)
        first_symbol = check_int("first_symbol", first_symbol, minimum=0)
        # the last pilot must lie inside the grid
        last_k = first_subcarrier + self.spacing_f * (self.n_subcarriers - 1)
        last_l = first_symbol + self.spacing_t * (self.n_symbols - 1)
        if last_k >= n_subcarriers:
            raise ValueError(
                f"the pilot block does not fit: its last pilot subcarrier {last_k} "
                f"(first_subcarrier={first_subcarrier}, spacing_f={self.spacing_f}, "
                f"{self.n_subcarriers} pilots) is beyond n_subcarriers={n_subcarriers}")
        if last_l >= n_symbols:
            raise ValueError(
                f"the pilot block does not fit: its last pilot symbol {last_l} "
                f"(first_symbol={first_symbol}, spacing_t={self.spacing_t}, "
                f"{self.n_symbols} pilots) is beyond n_symbols={n_symbols}")
        out = np.zeros((n_subcarriers, n_symbols), dtype=bool)
        out[np.ix_(self.subcarrier_indices(first_subcarrier),
                   self.symbol_indices(first_symbol))] = True
        return out

    def to_dict(self) -> dict:
        """JSON-ready summary: parameters, integer counts, durations, resolutions.

        Returns
        -------
        dict
            The fields and derived quantities by name (plain floats and ints).
        """
        return {
            "n_re": self.n_re, "delta": self.delta, "spacing_t": self.spacing_t,
            "spacing_f": self.spacing_f, "scs_hz": self.scs_hz,
            "symbol_duration_s": self.symbol_duration_s, "fc_hz": self.fc_hz,
            "n_symbols": self.n_symbols, "n_subcarriers": self.n_subcarriers,
            "n_pilots": self.n_pilots, "duration_s": self.duration_s,
            "bandwidth_hz": self.bandwidth_hz, "used_duration_s": self.used_duration_s,
            "used_bandwidth_hz": self.used_bandwidth_hz,
            "range_resolution_m": self.range_resolution_m,
            "velocity_resolution_mps": self.velocity_resolution_mps,
            "max_range_m": self.max_range_m, "max_velocity_mps": self.max_velocity_mps,
        }
