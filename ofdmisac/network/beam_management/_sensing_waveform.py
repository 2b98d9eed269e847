"""The sensing waveform a [BM] network scenario assumes, as a :class:`SensingGrid`.

The network models of [BM] evaluate the sensing error model (15) at the scenario's
carrier frequency ``f_c``, the PRS bandwidth ``B_PRS`` and duration ``T_PRS`` of
eq. (13), with the PRS block of Theorem 4 (``N_re`` pilots spaced ``S_t`` symbols and
``S_f`` subcarriers). :func:`scenario_sensing_grid` builds the radar grid of exactly that
block, so that an error model measured on it (``measure_error_statistics``) describes the
waveform the network functions assume.
"""

from __future__ import annotations

import math

import numpy as np

from ..._validation import check_instance, check_int, fail
from ._scenario import _check_scenario

__all__ = ["scenario_sensing_grid"]


def scenario_sensing_grid(scenario, *, design=None, compact: bool = True,
                          nr_symbol_times: bool = True, **processing):
    """Sensing grid of the PRS block a [BM] scenario assumes.

    The pilots of ``design.pattern`` (Theorem 4's optimal block by default) at the
    scenario's ``fc_hz``, ``scs_hz`` and ``symbol_duration_s``. With ``compact=True``
    (default) the grid holds the pilot lattice only: ``n_subcarriers x n_symbols`` REs,
    every one a pilot, subcarrier spacing ``S_f f_Delta`` and symbol spacing ``S_t`` symbols;
    on the pilot REs the echo, the periodogram, the CRLB and the unambiguous range and
    velocity of [BM] eq. (14) are those of the full block, without its empty REs. With
    ``compact=False`` the grid spans the block (``S_f n_subcarriers x S_t n_symbols`` REs,
    pilots on the lattice), whose zero-filled map repeats the target ``S_f x S_t`` times.

    Parameters
    ----------
    scenario : BeamManagementScenario
        Supplies ``fc_hz``, ``scs_hz``, ``symbol_duration_s`` and (for the default design)
        the Theorem 4 inputs.
    design : PrsDesign, optional
        The PRS block; None (default): ``optimal_pilot_pattern(scenario)``. Its pattern must
        have the scenario's ``fc_hz``, ``scs_hz`` and ``symbol_duration_s``.
    compact : bool, optional
        Pilot lattice only (default True) or the whole block span.
    nr_symbol_times : bool, optional
        Symbol start times of an NR carrier at ``scs_hz`` (CP included, the longer CP every
        0.5 ms; default True), or ``l T_sym`` (False).
    **processing
        ``window_range``, ``window_doppler``, ``n_range``, ``n_doppler`` of the
        :class:`~ofdmisac.waveforms.SensingGrid`.

    Returns
    -------
    SensingGrid
        Bandwidth ``S_f n_f f_Delta`` and observation time ``S_t n_t T_sym`` (the realized
        ``B_PRS`` and ``T_PRS`` of the block, ``n_f n_t`` pilots).

    Raises
    ------
    TypeError
        ``scenario`` is not a :class:`BeamManagementScenario` or ``design`` not a
        :class:`PrsDesign`.
    ValueError
        ``design`` was made for another carrier frequency or numerology, or
        ``nr_symbol_times`` is asked for a subcarrier spacing that is not an NR one.

    References
    ----------
    [BM] eq. (13)
    [BM] eq. (14)
    [BM] Theorem 4

    Examples
    --------
    >>> from ofdmisac.network import BeamManagementScenario, scenario_sensing_grid
    >>> g = scenario_sensing_grid(BeamManagementScenario.mmwave())
    >>> g.shape, g.fc_hz, round(g.bandwidth_hz / 1e6, 1)
    ((250, 4), 30000000000.0, 240.0)
    >>> round(g.unambiguous_range_m, 1), round(g.unambiguous_velocity_mps, 1)
    (156.1, 33.9)
    """
    from ...waveforms import Carrier, SensingGrid
    from ...waveforms._sensing_grid import _nr_symbol_times_s
    from ._prs_design import PrsDesign, optimal_pilot_pattern

    _check_scenario(scenario)
    if design is None:
        design = optimal_pilot_pattern(scenario)
    check_instance("design", design, PrsDesign)
    p = design.pattern
    for name in ("fc_hz", "scs_hz", "symbol_duration_s"):
        if not math.isclose(getattr(p, name), getattr(scenario, name), rel_tol=1e-12):
            fail("design", f"PrsDesign({name}={getattr(p, name)!r})",
                 f"use a design made for the scenario ({name}={getattr(scenario, name)!r})")
    s_t, s_f = int(p.spacing_t), int(p.spacing_f)
    n_t, n_f = int(p.n_symbols), int(p.n_subcarriers)
    span_t = s_t * n_t
    if nr_symbol_times:
        scs_khz = scenario.scs_hz / 1e3
        if scs_khz not in (15.0, 30.0, 60.0, 120.0, 240.0, 480.0, 960.0):
            fail("scenario.scs_hz", scenario.scs_hz, "use an NR subcarrier spacing (15 kHz "
                 "times a power of 2) or nr_symbol_times=False")
        carrier = Carrier(scs_khz=int(scs_khz), n_rb=1)
        times = _nr_symbol_times_s(carrier, span_t)
    else:
        times = np.arange(span_t) * scenario.symbol_duration_s
    check_int("pilots", n_t * n_f, minimum=1)
    if compact:
        return SensingGrid(fc_hz=scenario.fc_hz, scs_hz=s_f * scenario.scs_hz,
                           symbol_duration_s=s_t * scenario.symbol_duration_s,
                           pilot_mask=np.ones((n_f, n_t), dtype=bool),
                           symbol_times_s=times[::s_t].copy(), **processing)
    return SensingGrid(fc_hz=scenario.fc_hz, scs_hz=scenario.scs_hz,
                       symbol_duration_s=scenario.symbol_duration_s,
                       pilot_mask=p.mask(s_f * n_f, span_t), symbol_times_s=times,
                       **processing)
